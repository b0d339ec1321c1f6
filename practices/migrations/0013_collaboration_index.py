"""The catalogue's ``collaboration`` facet (practices joining a public institution and a
civil-society organisation) depends on partners and on their organisations' kind: a
partner row of a published practice becomes an index change (it was a rendering one), and
a change of an organisation's kind records an index change for each published practice it
takes part in (practices/triggers.py)."""

from django.db import migrations

from practices import triggers


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = triggers.related_kind_statements(vendor, "practices_partner", "i")
    statements += triggers.organisation_kind_statements(vendor)
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = triggers.drop_organisation_kind_statements(vendor)
    statements += triggers.related_kind_statements(vendor, "practices_partner", "r")
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("practices", "0012_improvement_loop")]

    operations = [migrations.RunPython(forward, backward)]
