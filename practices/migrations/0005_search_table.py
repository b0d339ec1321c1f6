"""A narrow copy of the search vectors, for fast full-text matching (PostgreSQL only).

Finding the ids of the practices that match a common word in ``practices_practice`` reads
thousands of wide rows (descriptions in three columns). ``practices_practicesearch`` holds
one narrow row per practice: its id, whether it is published, the same ``search_vector``
(``document``) and the title and summary part of it (``head``, to rank on), both stored
out of line, so a match reads a few hundred pages. Triggers keep it in step with
``practices_practice`` (no foreign key, so that truncating the practices still works);
partial GIN indexes cover the published rows. Nothing on SQLite.
"""

from django.db import migrations

FORWARD = """
CREATE TABLE practices_practicesearch (
  practice_id bigint PRIMARY KEY,
  published boolean NOT NULL,
  document tsvector NOT NULL,
  head tsvector NOT NULL
) WITH (toast_tuple_target = 128);

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

CREATE TRIGGER practices_practicesearch_sync
  AFTER INSERT OR UPDATE OR DELETE ON practices_practice
  FOR EACH ROW EXECUTE FUNCTION practices_practicesearch_sync();
CREATE TRIGGER practices_practicesearch_truncate
  AFTER TRUNCATE ON practices_practice
  FOR EACH STATEMENT EXECUTE FUNCTION practices_practicesearch_sync();

INSERT INTO practices_practicesearch (practice_id, published, document, head)
SELECT id, status = 'published', coalesce(search_vector, ''::tsvector),
       ts_filter(coalesce(search_vector, ''::tsvector), '{a,b}')
FROM practices_practice;

CREATE INDEX practicesearch_document ON practices_practicesearch USING gin (document)
  WHERE published;
CREATE INDEX practicesearch_head ON practices_practicesearch USING gin (head)
  WHERE published;
ANALYZE practices_practicesearch;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS practices_practicesearch_truncate ON practices_practice;
DROP TRIGGER IF EXISTS practices_practicesearch_sync ON practices_practice;
DROP FUNCTION IF EXISTS practices_practicesearch_sync();
DROP TABLE IF EXISTS practices_practicesearch;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_transition_labels")]

    operations = [migrations.RunPython(forward, backward)]
