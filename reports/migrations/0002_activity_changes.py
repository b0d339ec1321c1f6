"""Writes to the reports tables a public page reads record a change of kind ``a`` (the
network's activity) in the catalogue's change log (reports/triggers.py)."""

from django.db import migrations

from practices.triggers import PublicTables

# The table as this migration knew it: a later change to reports.triggers needs its own.
TRIGGERS = PublicTables(["reports_yearlyreportpublication"], "a", name="activity")


def forward(apps, schema_editor):
    TRIGGERS.install(schema_editor.connection)


def backward(apps, schema_editor):
    TRIGGERS.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("practices", "0015_activity_changes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
