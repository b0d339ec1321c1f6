"""Writes to the meetings tables a public page reads record a change of kind ``a`` (the
network's activity) in the catalogue's change log (meetings/triggers.py)."""

from django.db import migrations

from practices.triggers import PublicTables

# The tables as this migration knew them: a later change to meetings.triggers needs its own.
TRIGGERS = PublicTables(
    [
        "meetings_meeting",
        "meetings_agendaitem",
        "meetings_attendance",
        "meetings_decision",
        "meetings_actionitem",
        "stakeholders_person",
    ],
    "a",
    name="activity",
)


def forward(apps, schema_editor):
    TRIGGERS.install(schema_editor.connection)


def backward(apps, schema_editor):
    TRIGGERS.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0011_agenda_timetable_papers"),
        ("practices", "0015_activity_changes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
