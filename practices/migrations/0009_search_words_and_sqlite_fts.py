"""A stemmed, accent-insensitive search on SQLite too, and the words "did you mean" proposes.

- SQLite: the FTS5 table ``practices_practicefts`` and its triggers
  (practices/search_tables.py), filled from the existing practices.
- Both: ``practices_searchword`` (model ``SearchWord``), kept by triggers; on PostgreSQL,
  the ``pg_trgm`` extension and a trigram index on it.
"""

from django.db import migrations, models

from practices import search_tables


def forward(apps, schema_editor):
    search_tables.install(schema_editor.connection)


def backward(apps, schema_editor):
    search_tables.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_catalogue_change_log")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(db_index=True, max_length=40)),
            ],
            options={"db_table": "practices_searchword"},
        ),
        migrations.RunPython(forward, backward),
    ]
