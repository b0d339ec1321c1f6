"""Writes to the protocols tables a public page reads record a change of kind ``a`` (the
network's activity) in the catalogue's change log (protocols/triggers.py)."""

from django.db import migrations

from practices.triggers import PublicTables

# The tables as this migration knew them: a later change to protocols.triggers needs its own.
TRIGGERS = PublicTables(
    ["protocols_protocol", "protocols_signatory", "protocols_protocol_practices"],
    "a",
    name="activity",
)


def forward(apps, schema_editor):
    TRIGGERS.install(schema_editor.connection)


def backward(apps, schema_editor):
    TRIGGERS.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("protocols", "0002_suggestions_bounded_texts"),
        ("practices", "0015_activity_changes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
