"""Full-text search on PostgreSQL: accent-insensitive French and English configurations,
a trigger that keeps ``search_vector`` up to date, and a GIN index. Nothing on SQLite."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'lanzarote_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION lanzarote_fr ( COPY = pg_catalog.french );
    ALTER TEXT SEARCH CONFIGURATION lanzarote_fr
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'lanzarote_en') THEN
    CREATE TEXT SEARCH CONFIGURATION lanzarote_en ( COPY = pg_catalog.english );
    ALTER TEXT SEARCH CONFIGURATION lanzarote_en
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('lanzarote_fr', coalesce(NEW.title_fr, '')), 'A')
   || setweight(to_tsvector('lanzarote_en', coalesce(NEW.title_en, '')), 'A')
   || setweight(to_tsvector('lanzarote_fr', coalesce(NEW.summary_fr, '')), 'B')
   || setweight(to_tsvector('lanzarote_en', coalesce(NEW.summary_en, '')), 'B')
   || setweight(to_tsvector('lanzarote_fr', coalesce(NEW.description_fr, '')), 'C')
   || setweight(to_tsvector('lanzarote_en', coalesce(NEW.description_en, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER practices_practice_search_vector_update
  BEFORE INSERT OR UPDATE OF title_fr, title_en, summary_fr, summary_en,
                            description_fr, description_en
  ON practices_practice
  FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();

CREATE INDEX practice_search_vector_gin ON practices_practice USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS practice_search_vector_gin;
DROP TRIGGER IF EXISTS practices_practice_search_vector_update ON practices_practice;
DROP FUNCTION IF EXISTS practices_practice_search_vector();
DROP TEXT SEARCH CONFIGURATION IF EXISTS lanzarote_fr;
DROP TEXT SEARCH CONFIGURATION IF EXISTS lanzarote_en;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_seed_vocabularies")]

    operations = [migrations.RunPython(forward, backward)]
