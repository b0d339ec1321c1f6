"""The glossary's tables tell the catalogue when they change (practices/triggers.py): a
change of kind ``r`` (rendered pages), which gives every process a new catalogue state,
so the glossary map kept with it (``glossary.lookup``) and the cached pages are renewed,
whatever made the change (the portal, the admin, ``update()``, raw SQL, fixtures)."""

from practices.triggers import drop_public_table_statements, public_table_statements

TABLES = ["glossary_term", "glossary_term_equivalents"]


def install(connection) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            for statement in public_table_statements(connection.vendor, table, "r"):
                cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            for statement in drop_public_table_statements(connection.vendor, table):
                cursor.execute(statement)


def ensure_sqlite(connection) -> None:
    """After every ``migrate`` on SQLite (a rebuilt table loses its triggers)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLES[0]])
        if cursor.fetchone() is None:
            return
    install(connection)
