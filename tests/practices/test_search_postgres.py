"""Full-text search: its PostgreSQL tables, excerpts, odd input, bounded ranking. All but
the first two tests run on both databases (see also test_search_parity)."""

import pytest
from django.db import connection

from practices.models import Practice, PracticeSearch

from .factories import PracticeFactory, complete
from .helpers import found
from .helpers import published_practice as published

S = Practice.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("full-text search needs PostgreSQL (set DATABASE_URL)")


def test_the_trigger_keeps_the_search_table(postgresql_only):
    practice = published(title_fr="Maison des enfants", description_fr="Un protocole.")
    row = PracticeSearch.objects.get(practice=practice)
    assert row.published
    assert "'enfant':3A" in row.head and "'protocol'" in row.document
    assert "protocol" not in row.head

    Practice.objects.filter(pk=practice.pk).update(status=S.ARCHIVED, title_fr="Autre")
    row = PracticeSearch.objects.get(practice=practice)
    assert not row.published and "enfant" not in row.head
    practice.delete()
    assert not PracticeSearch.objects.filter(practice_id=practice.pk).exists()


def test_the_search_vector_column_is_gone(postgresql_only):
    """One search path: the practices table has no vector, index or trigger of its own."""
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(
            cursor, "practices_practice")]  # fmt: skip
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'practices_practice'::regclass "
            "AND NOT tgisinternal"
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert "search_vector" not in columns
    assert "practices_practice_search_vector_update" not in triggers
    assert "practices_practicesearch_sync" in triggers


def test_relevance_is_the_default_sort_when_searching(client):
    published(title_fr="Audition filmée")

    response = client.get("/fr/practices/", {"q": "audition"})

    assert response.context["sort"] == "relevance"
    assert '<option value="relevance" selected>' in response.content.decode()


def test_english_excerpts_come_from_the_english_summary(client):
    published(summary_fr="Résumé français.", summary_en="Joint interviewing of children.")

    response = client.get("/en/practices/", {"q": "interviews"})

    assert "<mark>interviewing</mark>" in response.content.decode()


def test_excerpts_escape_html_from_the_summary(client):
    published(summary_fr="Protocole <b>x</b> <script>alert(1)</script> des maltraitances.")

    response = client.get("/fr/practices/", {"q": "maltraitances"})

    page = response.content.decode()
    excerpt = str(response.context["object_list"][0].excerpt)
    assert "<mark>maltraitances</mark>" in excerpt
    assert "<b>" not in excerpt
    assert "<script>" not in excerpt
    assert "<b>x</b>" not in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    "q", ['"', "&&||!", "a:*", "-", "'; DROP TABLE x; --", "(", "\\", "maltraitance OR"]
)
def test_odd_search_text_is_not_an_error(client, q):
    published(summary_fr="Maltraitances.")

    response = client.get("/fr/practices/", {"q": q})

    assert response.status_code == 200


def test_search_never_returns_unpublished_practices(client):
    target = published(title_fr="Maltraitances publiques")
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.ARCHIVED):
        complete(PracticeFactory(status=status, title_fr=f"Maltraitances {status}"))

    assert found(client, "maltraitance") == [target]
    response = client.get("/fr/practices/", {"q": "maltraitance"})
    assert response.context["paginator"].count == 1
    assert sum(response.context["facets"][0]["items"][i]["count"] for i in range(7)) == 2


def test_a_practice_written_in_french_only_gets_an_excerpt_in_english(client):
    """The forms store an empty English summary as "" (not NULL): the excerpt falls back to
    the French summary all the same."""
    published(summary_fr="Prévenir les maltraitances à l'école.", summary_en="")

    response = client.get("/en/practices/", {"q": "maltraitance"})

    (practice,) = response.context["object_list"]
    assert "<mark>maltraitances</mark>" in str(practice.excerpt)


def test_relevance_is_bounded_and_the_page_says_when_it_is_approximate(client, monkeypatch):
    """Beyond RANK_LIMIT practices whose title or summary match, they are not ranked one by
    one: those come first, newest first, then the practices that only mention the word in
    their description, and the page says so (in the visitor's language)."""
    older_title = published(days_ago=5, title_fr="Protocole de signalement")
    newer_title = published(days_ago=3, title_fr="Un protocole partagé")
    newest_elsewhere = published(days_ago=1, description_fr="Selon le protocole commun.")
    note_fr = "Tant de pratiques contiennent ces mots"
    note_en = "So many practices contain these words"

    # Ranked by ts_rank on titles and summaries: both titles first.
    assert set(found(client, "protocole")[:2]) == {older_title, newer_title}
    assert note_fr not in client.get("/fr/practices/", {"q": "protocole"}).content.decode()

    monkeypatch.setattr("practices.filters.RANK_LIMIT", 1)
    assert found(client, "protocole") == [newer_title, older_title, newest_elsewhere]
    assert note_fr in client.get("/fr/practices/", {"q": "protocole"}).content.decode()
    assert note_en in client.get("/en/practices/", {"q": "protocol"}).content.decode()
    # Not when sorted otherwise.
    page = client.get("/fr/practices/", {"q": "protocole", "sort": "newest"}).content.decode()
    assert note_fr not in page
