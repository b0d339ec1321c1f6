"""The meetings' tables tell the public catalogue's processes when they change
(practices/triggers.py): a change of kind ``a`` (the network's activity), written by the
database in the writer's transaction, whatever made it (the portal, the admin,
``update()``, raw SQL, fixtures). Insight's meeting figures, the yearly reports' and the
cached public pages (a practice's "examined at") are then renewed; the catalogue's index
stays. A person's organisation is what the presence figures count, so the people's table
is watched too. Any write counts, a members-only column's too (a person's telephone, an
action item's notes): coarser than the catalogue's own triggers, which tell columns
apart; a change renews the figures once per worker."""

from practices.triggers import PublicTables

TABLES = [
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_attendance",
    "meetings_decision",
    "meetings_actionitem",
    "stakeholders_person",
]
TRIGGERS = PublicTables(
    TABLES, "a", name="activity", migration=("meetings", "0012_activity_changes")
)
