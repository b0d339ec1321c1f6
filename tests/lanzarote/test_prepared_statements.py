"""On PostgreSQL a query the portal runs again and again is planned once per connection
(DJANGO_DB_PREPARE_THRESHOLD): its parameters travel apart from its text."""

import pytest
from django.db import connection

from stakeholders.models import Organisation

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
    pytest.mark.skipif(
        "prepare_threshold" not in connection.settings_dict.get("OPTIONS", {}),
        reason="turned off (DJANGO_DB_PREPARE_THRESHOLD=off)",
    ),
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_query_run_often_with_other_values_is_prepared_once():
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    slugs = [f"nobody-{i}" for i in range(threshold + 1)]

    # A query of a shape no other test runs (the statements prepared last the session).
    for slug in slugs:
        found = Organisation.objects.filter(slug=slug, acronym="PREPARED", website="")
        assert found.count() == 0

    statements = [
        s
        for s in _prepared()
        if all(f'"stakeholders_organisation"."{c}" = $' in s for c in ("acronym", "website"))
    ]
    assert len(statements) == 1
    assert '"slug" = $' in statements[0] and slugs[0] not in statements[0]
