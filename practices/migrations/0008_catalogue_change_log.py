"""The database says when the public catalogue changed, and one search path.

- ``practices_cataloguechange``, the change log, written by triggers on every table a
  public page reads (practices/triggers.py), and ``CatalogueLogPruning``; the old
  ``CatalogueVersion`` token (written by signals) goes.
- ``practices_practice.search_vector`` (its trigger, GIN index and column) goes:
  ``practices_practicesearch`` computes its vectors from the practice row, and gets an
  unmanaged model (``PracticeSearch``).
"""

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.datetime
from django.db import migrations, models

from practices import triggers


def create_triggers(apps, schema_editor):
    triggers.install(schema_editor.connection)
    apps.get_model("practices", "CatalogueLogPruning").objects.get_or_create(pk=1)


def drop_triggers(apps, schema_editor):
    triggers.remove(schema_editor.connection)


# ---------------------------------------------------------------- one search path

VECTOR = """
      setweight(to_tsvector('lanzarote_fr', coalesce({row}.title_fr, '')), 'A')
   || setweight(to_tsvector('lanzarote_en', coalesce({row}.title_en, '')), 'A')
   || setweight(to_tsvector('lanzarote_fr', coalesce({row}.summary_fr, '')), 'B')
   || setweight(to_tsvector('lanzarote_en', coalesce({row}.summary_en, '')), 'B')
   || setweight(to_tsvector('lanzarote_fr', coalesce({row}.description_fr, '')), 'C')
   || setweight(to_tsvector('lanzarote_en', coalesce({row}.description_en, '')), 'C')"""
TEXT_COLUMNS = ["title_fr", "title_en", "summary_fr", "summary_en", "description_fr",
                "description_en"]  # fmt: skip

# practices_practicesearch computes its vectors from the practice row itself.
SEARCH_SYNC = f"""
CREATE OR REPLACE FUNCTION practices_practicesearch_sync() RETURNS trigger AS $$
DECLARE
  document tsvector;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE practices_practicesearch;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM practices_practicesearch WHERE practice_id = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND ({", ".join("NEW." + c for c in TEXT_COLUMNS)})
         IS NOT DISTINCT FROM ({", ".join("OLD." + c for c in TEXT_COLUMNS)}) THEN
    RETURN NULL;
  END IF;
  document := {VECTOR.format(row="NEW")};
  INSERT INTO practices_practicesearch (practice_id, published, document, head)
  VALUES (NEW.id, NEW.status = 'published', document, ts_filter(document, '{{a,b}}'))
  ON CONFLICT (practice_id) DO UPDATE
    SET published = EXCLUDED.published, document = EXCLUDED.document, head = EXCLUDED.head;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

# As migrations 0003 and 0005 left them (for going back).
OLD_SEARCH_SYNC = """
CREATE OR REPLACE FUNCTION practices_practicesearch_sync() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE practices_practicesearch;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM practices_practicesearch WHERE practice_id = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE'
     AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector THEN
    RETURN NULL;
  END IF;
  INSERT INTO practices_practicesearch (practice_id, published, document, head)
  VALUES (
    NEW.id,
    NEW.status = 'published',
    coalesce(NEW.search_vector, ''::tsvector),
    ts_filter(coalesce(NEW.search_vector, ''::tsvector), '{a,b}')
  )
  ON CONFLICT (practice_id) DO UPDATE
    SET published = EXCLUDED.published, document = EXCLUDED.document, head = EXCLUDED.head;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""
OLD_VECTOR_TRIGGER = f"""
CREATE OR REPLACE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := {VECTOR.format(row="NEW")};
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_practice_search_vector_update
  BEFORE INSERT OR UPDATE OF {", ".join(TEXT_COLUMNS)}
  ON practices_practice
  FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();
UPDATE practices_practice SET search_vector = {VECTOR.format(row="practices_practice")};
CREATE INDEX practice_search_vector_gin ON practices_practice USING gin (search_vector);
"""


def one_search_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP INDEX IF EXISTS practice_search_vector_gin;"
            "DROP TRIGGER IF EXISTS practices_practice_search_vector_update ON practices_practice;"
            "DROP FUNCTION IF EXISTS practices_practice_search_vector();"
        )
        schema_editor.execute(SEARCH_SYNC)


def two_search_paths(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_VECTOR_TRIGGER)
        schema_editor.execute(OLD_SEARCH_SYNC)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_markdown_limits"),
        ("stakeholders", "0003_audit_and_erasure"),
    ]

    operations = [
        migrations.RunPython(one_search_path, two_search_paths),
        migrations.RemoveField(
            model_name="practice",
            name="search_vector",
        ),
        migrations.CreateModel(
            name="PracticeSearch",
            fields=[
                (
                    "practice",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="practices.practice",
                    ),
                ),
                ("published", models.BooleanField()),
                ("document", django.contrib.postgres.search.SearchVectorField()),
                ("head", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "db_table": "practices_practicesearch",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="CatalogueChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("i", "catalogue index"),
                            ("r", "rendering only"),
                            ("v", "vocabulary"),
                        ],
                        max_length=1,
                        verbose_name="kind",
                    ),
                ),
                (
                    "practice_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="practice"),
                ),
                (
                    "changed_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), verbose_name="changed"
                    ),
                ),
            ],
            options={
                "verbose_name": "catalogue change",
                "verbose_name_plural": "catalogue changes",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="CatalogueLogPruning",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rows_pruned", models.BigIntegerField(default=0)),
                ("pruned_below", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "change log pruning",
                "verbose_name_plural": "change log prunings",
            },
        ),
        migrations.DeleteModel(
            name="CatalogueVersion",
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
