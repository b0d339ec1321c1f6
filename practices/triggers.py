"""The triggers that write the catalogue's change log (``practices_cataloguechange``).

Every table a public page reads has them, so that whatever changes the data (the portal,
the admin, ``QuerySet.update()``, bulk writes, raw SQL, data migrations, fixtures) records
the change in its own transaction, and a rolled-back change records nothing. Only what the
public can see counts: a draft and its partners, links and attachments change nothing.

Kinds (``CatalogueChange.Kind``): ``i`` a published practice's facets (its partners and
their organisations' kind included), order or searchable text, or a practice entering or
leaving the catalogue; ``r`` what only rendered pages show (an organisation, a working
group, a link or attachment of a published practice, any other field of a published
practice); ``v`` a vocabulary (sectors, themes, target
groups, articles, territories) or a truncation: the index is built again; ``a`` the
network's activity (meetings, protocols, published reports: their apps' ``triggers``
modules, through ``PublicTables``): the index stays.

PostgreSQL: statement triggers with transition tables (a statement of any size is one
trigger call), and a ``txid`` column, the writing transaction, which tells readers what was
committed since they last looked (practices/cache.py). SQLite: row triggers; one writer at
a time there, so change ids are assigned in commit order.

Installed by migration 0007; a later change to them belongs in a new migration.
"""

# Tables whose rows name a practice: a change (of this kind) only if it is published.
RELATED = [
    ("practices_practice_sectors", "i"),
    ("practices_practice_themes", "i"),
    ("practices_practice_target_groups", "i"),
    ("practices_practice_articles", "i"),
    # A partner's organisation kind is the ``collaboration`` facet (since migration 0013).
    ("practices_partner", "i"),
    ("practices_link", "r"),
    ("practices_attachment", "r"),
]
# Tables that name a practice added after migration 0007: their own migrations install
# their triggers (``related_table_statements``), which ``ensure_sqlite`` keeps.
LATER_RELATED = [
    ("practices_reference", "r"),  # migration 0011
]
# Tables whose every row is public: any change counts.
TABLES = [
    ("stakeholders_organisation", "r"),
    ("stakeholders_workinggroup", "r"),
    ("stakeholders_workinggroup_organisations", "r"),
    ("stakeholders_sector", "v"),
    ("stakeholders_territory", "v"),
    ("practices_theme", "v"),
    ("practices_targetgroup", "v"),
    ("practices_conventionarticle", "v"),
]
LOG = "practices_cataloguechange"
# A published practice's columns that the in-memory index or the search depends on; any
# other change to a published practice only changes rendered pages.
INDEX_COLUMNS = [
    "status", "published_at", "territory_id", "evidence", "title_fr", "title_en",
    "summary_fr", "summary_en", "description_fr", "description_en",
]  # fmt: skip
EVENTS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _columns(alias):
    return ", ".join(f"{alias}.{c}" for c in INDEX_COLUMNS)


PG_FUNCTIONS = f"""
ALTER TABLE {LOG} ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX cataloguechange_txid ON {LOG} (txid);

CREATE FUNCTION practices_catalogue_practice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT id, 'i' FROM new_rows WHERE status = 'published';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT id, 'i' FROM old_rows WHERE status = 'published';
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT n.id,
           CASE WHEN ({_columns("o")}) IS DISTINCT FROM ({_columns("n")}) THEN 'i' ELSE 'r' END
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE o.status = 'published' OR n.status = 'published';
  ELSE
    INSERT INTO {LOG} (kind) VALUES ('v');
  END IF;
  RETURN NULL;
END $$;

-- Rows that name a practice: a change only if that practice is published.
CREATE FUNCTION practices_catalogue_related() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO {LOG} (kind) VALUES ('v');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT DISTINCT r.practice_id, TG_ARGV[0] FROM new_rows r
    JOIN practices_practice p ON p.id = r.practice_id AND p.status = 'published';
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT DISTINCT r.practice_id, TG_ARGV[0] FROM old_rows r
    JOIN practices_practice p ON p.id = r.practice_id AND p.status = 'published';
  END IF;
  RETURN NULL;
END $$;

-- Tables whose every row is public: one change per statement that changed any row.
CREATE FUNCTION practices_catalogue_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO {LOG} (kind) VALUES ('v');
  ELSIF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
      INSERT INTO {LOG} (kind) VALUES (TG_ARGV[0]);
    END IF;
  ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
    INSERT INTO {LOG} (kind) VALUES (TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;
"""


def _pg_triggers(table, function, argument="", name="catalogue"):
    statements = []
    for event, transition in EVENTS.items():
        statements.append(
            f"CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {transition} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {function}({argument});"
        )
    statements.append(
        f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}({argument});"
    )
    return statements


def _pg_forward():
    statements = [PG_FUNCTIONS]
    statements += _pg_triggers("practices_practice", "practices_catalogue_practice")
    for table, kind in RELATED:
        statements += _pg_triggers(table, "practices_catalogue_related", f"'{kind}'")
    for table, kind in TABLES:
        statements += _pg_triggers(table, "practices_catalogue_table", f"'{kind}'")
    return statements


def _all_tables():
    return ["practices_practice"] + [t for t, _k in RELATED] + [t for t, _k in TABLES]


def _pg_backward():
    statements = []
    for table in _all_tables():
        for event in [*EVENTS, "TRUNCATE"]:
            statements.append(f"DROP TRIGGER IF EXISTS catalogue_{event.lower()} ON {table};")
    statements += [
        "DROP FUNCTION IF EXISTS practices_catalogue_practice();",
        "DROP FUNCTION IF EXISTS practices_catalogue_related();",
        "DROP FUNCTION IF EXISTS practices_catalogue_table();",
    ]
    return statements


def _sqlite_forward():
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in INDEX_COLUMNS)
    statements = [
        f"""CREATE TRIGGER catalogue_practice_insert AFTER INSERT ON practices_practice
        WHEN NEW.status = 'published'
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (NEW.id, 'i'); END;""",
        f"""CREATE TRIGGER catalogue_practice_update AFTER UPDATE ON practices_practice
        WHEN OLD.status = 'published' OR NEW.status = 'published'
        BEGIN INSERT INTO {LOG} (practice_id, kind)
        VALUES (NEW.id, CASE WHEN {changed} THEN 'i' ELSE 'r' END); END;""",
        f"""CREATE TRIGGER catalogue_practice_delete AFTER DELETE ON practices_practice
        WHEN OLD.status = 'published'
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (OLD.id, 'i'); END;""",
    ]
    for table, kind in RELATED:
        statements += _sqlite_related(table, kind)
    for table, kind in TABLES:
        for event in EVENTS:
            statements.append(
                f"""CREATE TRIGGER catalogue_{table}_{event.lower()} AFTER {event} ON {table}
                BEGIN INSERT INTO {LOG} (kind) VALUES ('{kind}'); END;"""
            )
    return statements


def _sqlite_related(table: str, kind: str) -> list[str]:
    """Row triggers on a table whose rows name a practice: a change of ``kind`` if that
    practice is published."""
    published = "(SELECT status FROM practices_practice WHERE id = {}) = 'published'"
    return [
        f"""CREATE TRIGGER catalogue_{table}_insert AFTER INSERT ON {table}
        WHEN {published.format("NEW.practice_id")}
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (NEW.practice_id, '{kind}'); END;""",
        f"""CREATE TRIGGER catalogue_{table}_update AFTER UPDATE ON {table}
        WHEN {published.format("NEW.practice_id")} OR {published.format("OLD.practice_id")}
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (NEW.practice_id, '{kind}');
        INSERT INTO {LOG} (practice_id, kind) SELECT OLD.practice_id, '{kind}'
        WHERE OLD.practice_id IS NOT NEW.practice_id; END;""",
        f"""CREATE TRIGGER catalogue_{table}_delete AFTER DELETE ON {table}
        WHEN {published.format("OLD.practice_id")}
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (OLD.practice_id, '{kind}'); END;""",
    ]


def _sqlite_backward():
    names = ["catalogue_practice_insert", "catalogue_practice_update", "catalogue_practice_delete"]
    for table in [t for t, _k in RELATED] + [t for t, _k in TABLES]:
        names += [f"catalogue_{table}_{event.lower()}" for event in EVENTS]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def install(connection) -> None:
    """Create the triggers (and, on PostgreSQL, the txid column and the functions)."""
    statements = {"postgresql": _pg_forward, "sqlite": _sqlite_forward}.get(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements() if statements else []:
            cursor.execute(statement)


def remove(connection) -> None:
    statements = {"postgresql": _pg_backward, "sqlite": _sqlite_backward}.get(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements() if statements else []:
            cursor.execute(statement)


def ensure_sqlite(connection) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table (to change a
    column, Django copies it into a new one): after every ``migrate``, create the missing
    ones again (``apps.PracticesConfig``). PostgreSQL alters tables in place."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [LOG])
        if cursor.fetchone() is None:  # not migrated that far (or going back)
            return
        statements = _sqlite_forward()
        cursor.execute(
            "SELECT 1 FROM django_migrations WHERE app = 'practices' AND name = %s",
            [COLLABORATION_MIGRATION],
        )
        if cursor.fetchone() is not None:
            statements += organisation_kind_statements(connection.vendor)
        # The suggestions' triggers came with migration 0012 (its discussion table).
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [IMPROVEMENT_MARK])
        if cursor.fetchone() is not None:
            statements += _sqlite_improvements()
        for table, kind in LATER_RELATED:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table]
            )
            if cursor.fetchone() is not None:
                statements += _sqlite_related(table, kind)
        for statement in statements:
            cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


# ---------------------------------------------------------------- suggestions taken up

# A published practice's page shows everyone how many suggestions it took up: a suggestion
# entering or leaving "taken up" changes that page (kind ``r``); the rest of a suggestion
# (its text, its discussion, the members' list) is never on a public page.
IMPROVEMENTS = "practices_improvement"
IMPROVEMENT_MARK = "practices_improvementcomment"
TAKEN_UP = "'taken-up'"

PG_IMPROVEMENTS = f"""
CREATE FUNCTION practices_catalogue_improvement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO {LOG} (kind) VALUES ('r');
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT DISTINCT r.practice_id, 'r' FROM new_rows r
    JOIN practices_practice p ON p.id = r.practice_id AND p.status = 'published'
    WHERE r.status = {TAKEN_UP};
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO {LOG} (practice_id, kind)
    SELECT DISTINCT r.practice_id, 'r' FROM old_rows r
    JOIN practices_practice p ON p.id = r.practice_id AND p.status = 'published'
    WHERE r.status = {TAKEN_UP};
  ELSE
    INSERT INTO {LOG} (practice_id, kind)
    SELECT DISTINCT changed.practice_id, 'r' FROM (
      SELECT n.practice_id AS practice_id, o.practice_id AS old_practice_id
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.status = {TAKEN_UP} OR o.status = {TAKEN_UP})
        AND (n.status <> o.status OR n.practice_id <> o.practice_id)
    ) moved
    CROSS JOIN LATERAL (VALUES (moved.practice_id), (moved.old_practice_id)) changed(practice_id)
    JOIN practices_practice p ON p.id = changed.practice_id AND p.status = 'published';
  END IF;
  RETURN NULL;
END $$;
"""


def _sqlite_improvements():
    published = "(SELECT status FROM practices_practice WHERE id = {}) = 'published'"
    return [
        f"""CREATE TRIGGER catalogue_{IMPROVEMENTS}_insert AFTER INSERT ON {IMPROVEMENTS}
        WHEN NEW.status = {TAKEN_UP} AND {published.format("NEW.practice_id")}
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (NEW.practice_id, 'r'); END;""",
        f"""CREATE TRIGGER catalogue_{IMPROVEMENTS}_update AFTER UPDATE ON {IMPROVEMENTS}
        WHEN (NEW.status = {TAKEN_UP} OR OLD.status = {TAKEN_UP})
        AND (NEW.status IS NOT OLD.status OR NEW.practice_id IS NOT OLD.practice_id)
        BEGIN INSERT INTO {LOG} (practice_id, kind)
        SELECT NEW.practice_id, 'r' WHERE {published.format("NEW.practice_id")};
        INSERT INTO {LOG} (practice_id, kind) SELECT OLD.practice_id, 'r'
        WHERE OLD.practice_id IS NOT NEW.practice_id AND {published.format("OLD.practice_id")};
        END;""",
        f"""CREATE TRIGGER catalogue_{IMPROVEMENTS}_delete AFTER DELETE ON {IMPROVEMENTS}
        WHEN OLD.status = {TAKEN_UP} AND {published.format("OLD.practice_id")}
        BEGIN INSERT INTO {LOG} (practice_id, kind) VALUES (OLD.practice_id, 'r'); END;""",
    ]


def install_improvements(connection) -> None:
    """The triggers on the suggestions (migration 0012)."""
    if connection.vendor == "postgresql":
        statements = [
            PG_IMPROVEMENTS,
            *_pg_triggers(IMPROVEMENTS, "practices_catalogue_improvement"),
        ]
    elif connection.vendor == "sqlite":
        statements = _sqlite_improvements()
    else:
        statements = []
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove_improvements(connection) -> None:
    if connection.vendor == "postgresql":
        statements = [
            *(
                f"DROP TRIGGER IF EXISTS catalogue_{event.lower()} ON {IMPROVEMENTS};"
                for event in [*EVENTS, "TRUNCATE"]
            ),
            "DROP FUNCTION IF EXISTS practices_catalogue_improvement();",
        ]
    elif connection.vendor == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS catalogue_{IMPROVEMENTS}_{event.lower()};" for event in EVENTS
        ]
    else:
        statements = []
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# ---------------------------------------------------------------- other apps' public tables


def public_table_statements(vendor: str, table: str, kind: str, name="catalogue") -> list[str]:
    """The triggers that record a change of ``kind`` for any write to ``table``, a table
    of another app whose every row is public (the glossary): for its own migration.
    ``name``: the triggers' prefix, for a table that has the catalogue's own already."""
    if vendor == "postgresql":
        return _pg_triggers(table, "practices_catalogue_table", f"'{kind}'", name)
    if vendor == "sqlite":
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {name}_{table}_{event.lower()}
            AFTER {event} ON {table}
            BEGIN INSERT INTO {LOG} (kind) VALUES ('{kind}'); END;"""
            for event in EVENTS
        ]
    return []


class PublicTables:
    """Another app's tables whose every write records a change of ``kind``: what its
    migration installs (``install``/``remove``) and what its ``post_migrate`` creates again
    on SQLite, which drops a table's triggers when a migration rebuilds it
    (``ensure_sqlite``, only once ``migration``, (app, name), is applied: not after it is
    undone). ``name``: the triggers' prefix (the network's activity uses ``activity``, so
    that its triggers never take the catalogue's names on a table)."""

    def __init__(self, tables: list[str], kind: str, name: str = "catalogue", migration=None):
        self.tables, self.kind, self.name = list(tables), kind, name
        self.migration = migration

    def _run(self, connection, statements) -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def install(self, connection) -> None:
        vendor = connection.vendor
        self._run(
            connection,
            [
                s
                for t in self.tables
                for s in public_table_statements(vendor, t, self.kind, self.name)
            ],
        )

    def remove(self, connection) -> None:
        vendor = connection.vendor
        self._run(
            connection,
            [s for t in self.tables for s in drop_public_table_statements(vendor, t, self.name)],
        )

    def ensure_sqlite(self, connection) -> None:
        """After every ``migrate`` on SQLite: the triggers a rebuilt table lost, created
        again (nothing before the tables and the change log exist)."""
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for name in (LOG, *self.tables):
                cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [name])
                if cursor.fetchone() is None:
                    return
            if self.migration is not None:
                cursor.execute(
                    "SELECT 1 FROM django_migrations WHERE app = %s AND name = %s",
                    list(self.migration),
                )
                if cursor.fetchone() is None:  # not migrated that far, or undone
                    return
        self.install(connection)


def keep_on_sqlite(app_config, *tables: PublicTables) -> None:
    """Have ``app_config``'s ``post_migrate`` create these tables' triggers again on SQLite
    (``PublicTables.ensure_sqlite``): for an app's ``ready()``."""
    from django.db import connections
    from django.db.models.signals import post_migrate

    def ensure(using, **_kwargs) -> None:
        for triggers in tables:
            triggers.ensure_sqlite(connections[using])

    post_migrate.connect(
        ensure, sender=app_config, weak=False, dispatch_uid=f"{app_config.label}-triggers"
    )


def drop_public_table_statements(vendor: str, table: str, name="catalogue") -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name}_{event.lower()} ON {table};"
            for event in [*EVENTS, "TRUNCATE"]
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_{table}_{event.lower()};" for event in EVENTS]
    return []


# ---------------------------------------------------------------- the collaboration facet
# Migration 0013: whether a practice joins a public institution and a civil-society
# organisation (the index's ``collaboration`` facet) depends on its partners, and on their
# organisations' kind. A partner row of a published practice is an index change (it was a
# rendering one before), and so is a change of an organisation's kind, for every published
# practice it takes part in.

COLLABORATION_MIGRATION = "0013_collaboration_index"

PG_ORGANISATION_KIND = f"""
CREATE OR REPLACE FUNCTION practices_catalogue_organisation_kind() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {LOG} (practice_id, kind)
  SELECT DISTINCT pa.practice_id, 'i'
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  JOIN practices_partner pa ON pa.organisation_id = n.id
  JOIN practices_practice p ON p.id = pa.practice_id AND p.status = 'published'
  WHERE o.kind IS DISTINCT FROM n.kind;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS catalogue_organisation_kind ON stakeholders_organisation;
CREATE TRIGGER catalogue_organisation_kind AFTER UPDATE ON stakeholders_organisation
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_organisation_kind();
"""

SQLITE_ORGANISATION_KIND = f"""CREATE TRIGGER catalogue_organisation_kind
AFTER UPDATE OF kind ON stakeholders_organisation WHEN OLD.kind IS NOT NEW.kind
BEGIN INSERT INTO {LOG} (practice_id, kind)
SELECT DISTINCT pa.practice_id, 'i' FROM practices_partner pa
JOIN practices_practice p ON p.id = pa.practice_id AND p.status = 'published'
WHERE pa.organisation_id = NEW.id; END;"""


def organisation_kind_statements(vendor: str) -> list[str]:
    """The trigger that records, when an organisation's kind changes, an index change for
    each published practice it takes part in."""
    if vendor == "postgresql":
        return [PG_ORGANISATION_KIND]
    if vendor == "sqlite":
        return [SQLITE_ORGANISATION_KIND]
    return []


def drop_organisation_kind_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS catalogue_organisation_kind ON stakeholders_organisation;",
            "DROP FUNCTION IF EXISTS practices_catalogue_organisation_kind();",
        ]
    if vendor == "sqlite":
        return ["DROP TRIGGER IF EXISTS catalogue_organisation_kind;"]
    return []


def related_kind_statements(vendor: str, table: str, kind: str) -> list[str]:
    """The triggers of ``table`` (whose rows name a practice) made again to record changes
    of ``kind``."""
    if vendor == "postgresql":
        drop = [
            f"DROP TRIGGER IF EXISTS catalogue_{event.lower()} ON {table};"
            for event in [*EVENTS, "TRUNCATE"]
        ]
        return drop + _pg_triggers(table, "practices_catalogue_related", f"'{kind}'")
    if vendor == "sqlite":
        drop = [f"DROP TRIGGER IF EXISTS catalogue_{table}_{event.lower()};" for event in EVENTS]
        return drop + _sqlite_related(table, kind)
    return []


def related_table_statements(vendor: str, table: str, kind: str) -> list[str]:
    """The triggers that record a change of ``kind`` for a write to ``table``, whose rows
    name a practice (``practice_id``): a change only if that practice is published. For the
    migration that adds the table (and an entry in ``LATER_RELATED``)."""
    if vendor == "postgresql":
        return _pg_triggers(table, "practices_catalogue_related", f"'{kind}'")
    if vendor == "sqlite":
        return [
            statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1)
            for statement in _sqlite_related(table, kind)
        ]
    return []


def drop_related_table_statements(vendor: str, table: str) -> list[str]:
    # The same trigger names as a public table's.
    return drop_public_table_statements(vendor, table)


# ---------------------------------------------------------------- SQLite table rebuilds


def sqlite_release_practice_table(connection) -> None:
    """Before a migration that rebuilds ``practices_practice`` on SQLite (adding a column
    that is not nullable): drop the triggers of other tables that read it, without which
    SQLite refuses to rename the rebuilt table into place. ``sqlite_restore`` after it."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table, _kind in RELATED + LATER_RELATED:
            for event in EVENTS:
                cursor.execute(f"DROP TRIGGER IF EXISTS catalogue_{table}_{event.lower()};")


def sqlite_restore(connection) -> None:
    """Every catalogue and search trigger SQLite lost in a rebuild, created again."""
    from . import search_tables

    ensure_sqlite(connection)
    search_tables.ensure_sqlite(connection)
