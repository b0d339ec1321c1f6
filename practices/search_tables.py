"""The tables the search reads besides ``practices_practicesearch`` (migration 0009).

- SQLite: ``practices_practicefts``, an FTS5 table with one row per practice (its rowid is
  the practice's id): whether it is published, then the stems (``practices.text``) of its
  title, summary and description in both languages. Triggers on ``practices_practice``
  keep it, calling the SQL function ``lz_stems`` that every connection registers
  (``practices.apps``): writes through Django (the portal, the admin, ``update()``, bulk
  writes, raw SQL on Django's connection, migrations, fixtures) keep it up to date; a
  write from another program (the ``sqlite3`` shell) fails with "no such function".
- Both: ``practices_searchword``, the words of published titles and summaries that "did
  you mean" may propose (kept by triggers, not unique so that writers never wait on each
  other, only added to: a proposal is checked against
  the search before it is shown). PostgreSQL indexes it with ``pg_trgm``.
"""

FTS = "practices_practicefts"
WORDS = "practices_searchword"
# Only words not kept yet (no unique index: see the SearchWord model).
NEW_WORD = f"NOT EXISTS (SELECT 1 FROM {WORDS} s WHERE s.word = j.value)"
TEXT_COLUMNS = ["title_fr", "title_en", "summary_fr", "summary_en", "description_fr",
                "description_en"]  # fmt: skip


def _both(row: str, field: str) -> str:
    return f"coalesce({row}.{field}_fr, '') || ' ' || coalesce({row}.{field}_en, '')"


def _sqlite_row(row: str) -> str:
    return (
        f"INSERT INTO {FTS} (rowid, published, title, summary, description) VALUES ("
        f"{row}.id, {row}.status = 'published', lz_stems({_both(row, 'title')}), "
        f"lz_stems({_both(row, 'summary')}), lz_stems({_both(row, 'description')}));"
        f"INSERT INTO {WORDS} (word) SELECT j.value FROM json_each(lz_words("
        f"{_both(row, 'title')} || ' ' || {_both(row, 'summary')})) j "
        f"WHERE {row}.status = 'published' AND {NEW_WORD};"
    )


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER practices_fts_insert AFTER INSERT ON practices_practice
    BEGIN {_sqlite_row("NEW")} END;""",
    f"""CREATE TRIGGER practices_fts_update AFTER UPDATE OF status, {", ".join(TEXT_COLUMNS)}
    ON practices_practice
    BEGIN DELETE FROM {FTS} WHERE rowid = OLD.id; {_sqlite_row("NEW")} END;""",
    f"""CREATE TRIGGER practices_fts_delete AFTER DELETE ON practices_practice
    BEGIN DELETE FROM {FTS} WHERE rowid = OLD.id; END;""",
]
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(published UNINDEXED, title, summary, description, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    *SQLITE_TRIGGERS,
    f"""INSERT INTO {FTS} (rowid, published, title, summary, description)
    SELECT p.id, p.status = 'published', lz_stems({_both("p", "title")}),
    lz_stems({_both("p", "summary")}), lz_stems({_both("p", "description")})
    FROM practices_practice p""",
    f"""INSERT INTO {WORDS} (word) SELECT DISTINCT j.value FROM practices_practice p,
    json_each(lz_words({_both("p", "title")} || ' ' || {_both("p", "summary")})) j
    WHERE p.status = 'published'""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS practices_fts_insert",
    "DROP TRIGGER IF EXISTS practices_fts_update",
    "DROP TRIGGER IF EXISTS practices_fts_delete",
    f"DROP TABLE IF EXISTS {FTS}",
]

_PG_WORDS = """regexp_split_to_table(lower(unaccent(concat_ws(' ', n.title_fr, n.title_en,
    n.summary_fr, n.summary_en))), '[^[:alnum:]]+') w"""
PG_FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX searchword_trigrams ON {WORDS} USING gin (word gin_trgm_ops);

CREATE FUNCTION practices_searchword_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {WORDS} (word)
  SELECT DISTINCT w FROM new_rows n, {_PG_WORDS}
  WHERE n.status = 'published' AND length(w) BETWEEN 3 AND 40 AND w !~ '^[0-9]+$'
    AND NOT EXISTS (SELECT 1 FROM {WORDS} s WHERE s.word = w);
  RETURN NULL;
END $$;
CREATE TRIGGER practices_searchword_insert AFTER INSERT ON practices_practice
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION practices_searchword_add();
CREATE TRIGGER practices_searchword_update AFTER UPDATE ON practices_practice
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION practices_searchword_add();

INSERT INTO {WORDS} (word)
SELECT DISTINCT w FROM practices_practice n, {_PG_WORDS}
WHERE n.status = 'published' AND length(w) BETWEEN 3 AND 40 AND w !~ '^[0-9]+$';
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS practices_searchword_insert ON practices_practice;
DROP TRIGGER IF EXISTS practices_searchword_update ON practices_practice;
DROP FUNCTION IF EXISTS practices_searchword_add();
DROP INDEX IF EXISTS searchword_trigrams;
"""


def _run(connection, postgresql: list[str], sqlite: list[str]) -> None:
    statements = {"postgresql": postgresql, "sqlite": sqlite}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    _run(connection, [PG_FORWARD], SQLITE_FORWARD)


def remove(connection) -> None:
    _run(connection, [PG_BACKWARD], SQLITE_BACKWARD)


def ensure_sqlite(connection) -> None:
    """After every ``migrate``: a migration that rebuilds ``practices_practice`` on SQLite
    drops its triggers; create them again (see practices.triggers.ensure_sqlite)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
        if cursor.fetchone() is None:
            return
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


def register_functions(sender, connection, **_kwargs) -> None:
    """``connection_created``: give each SQLite connection the functions the triggers call."""
    if connection.vendor != "sqlite":
        return
    from .text import stems_text, suggestion_words

    connection.connection.create_function("lz_stems", 1, stems_text, deterministic=True)
    connection.connection.create_function("lz_words", 1, suggestion_words, deterministic=True)
