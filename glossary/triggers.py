"""The glossary's tables tell the catalogue when they change (practices/triggers.py): a
change of kind ``r`` (rendered pages), which gives every process a new catalogue state,
so the glossary map kept with it (``glossary.lookup``) and the cached pages are renewed,
whatever made the change (the portal, the admin, ``update()``, raw SQL, fixtures)."""

from practices.triggers import PublicTables

TABLES = ["glossary_term", "glossary_term_equivalents"]
TRIGGERS = PublicTables(TABLES, "r")

# Migration 0001 installs them; post_migrate creates them again on SQLite (apps.py: keep_on_sqlite).
install = TRIGGERS.install
remove = TRIGGERS.remove
