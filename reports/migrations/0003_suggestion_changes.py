"""Writes to the suggestions of improvement record a change of kind ``a`` (the network's
activity) in the catalogue's change log: a public yearly report counts them
(reports/triggers.py)."""

from django.db import migrations

from practices.triggers import PublicTables

# The table as this migration knew it: a later change to reports.triggers needs its own.
SUGGESTIONS = PublicTables(["practices_improvement"], "a", name="activity")


def forward(apps, schema_editor):
    SUGGESTIONS.install(schema_editor.connection)


def backward(apps, schema_editor):
    SUGGESTIONS.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_activity_changes"),
        ("practices", "0015_activity_changes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
