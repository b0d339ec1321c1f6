"""The same search on SQLite and PostgreSQL: accents ignored, French and English stems,
titles ranked first, highlighted excerpts. Every test here runs on both databases
(``DATABASE_URL`` chooses) and expects the same practices."""

import pytest
from django.db import connection

from practices.models import Practice, SearchWord

from .factories import PracticeFactory
from .helpers import found
from .helpers import published_practice as published

S = Practice.Status


@pytest.fixture
def catalogue(db):
    """Practices written as the demo's are, with accents and plurals."""
    return {
        "audition": published(
            title_fr="Audition filmée de l’enfant",
            summary_fr="L’enfant victime est entendu une fois, à l’hôpital.",
        ),
        "melanie": published(
            title_fr="Salle Mélanie de la gendarmerie",
            summary_fr="Une salle adaptée aux victimes mineures.",
        ),
        "barnahus": published(
            title_fr="Le Barnahús de Reykjavík",
            description_fr="Prévenir les maltraitances faites aux enfants.",
        ),
        "other": published(title_fr="Ligne d’écoute", summary_fr="Un numéro gratuit."),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("audition filmee", ["audition"]),
        ("audition filmée", ["audition"]),
        ("salle melanie", ["melanie"]),
        ("Melanie", ["melanie"]),
        ("MÉLANIE", ["melanie"]),
        ("hopital", ["audition"]),
        ("hôpital", ["audition"]),
        ("victimes", ["audition", "melanie"]),
        ("victime", ["audition", "melanie"]),
        ("maltraitances", ["barnahus"]),
        ("maltraitance", ["barnahus"]),
        ("Barnahus", ["barnahus"]),
        ("Barnahús", ["barnahus"]),
        ("barnahus reykjavik", ["barnahus"]),
        ("Barnahus hôpital", []),
    ],
)
def test_the_same_words_find_the_same_practices_on_every_database(
    client, catalogue, query, expected
):
    results = found(client, query, sort="title")
    assert sorted(p.pk for p in results) == sorted(catalogue[name].pk for name in expected)
    assert sorted(p.pk for p in found(client, query, lang="en")) == sorted(
        catalogue[name].pk for name in expected
    )


def test_english_stemming(client, db):
    target = published(description_en="Specialists are interviewing the child once, on video.")
    published(description_en="A helpline for parents.")

    assert found(client, "interviews", lang="en") == [target]
    assert found(client, "interview") == [target]


def test_stop_words_alone_find_nothing_and_do_not_fail(client, catalogue):
    assert found(client, "de la") == []
    assert found(client, "the") == []


def test_a_title_match_ranks_above_a_summary_match_above_a_description_match(client, db):
    in_description = published(
        days_ago=1, description_fr="Une unité de protection médico-judiciaire."
    )
    in_title = published(days_ago=30, title_fr="Unité médico-judiciaire pédiatrique")
    in_summary = published(days_ago=2, summary_fr="Une unité médico-judiciaire à l’hôpital.")

    assert found(client, "unité médico-judiciaire") == [in_title, in_summary, in_description]
    assert found(client, "unite medico judiciaire", sort="newest") == [
        in_description,
        in_summary,
        in_title,
    ]


def test_excerpts_highlight_every_form_of_the_words(client, db):
    published(summary_fr="Prévenir les maltraitances par la formation des professionnels.")

    page = client.get("/fr/practices/", {"q": "maltraitance"}).content.decode()

    assert "<mark>maltraitances</mark>" in page


def test_excerpts_are_escaped(client, db):
    published(summary_fr="<script>alert(1)</script> Une audition filmée.")

    page = client.get("/fr/practices/", {"q": "audition"}).content.decode()

    # Escaped (SQLite) or left out as markup (PostgreSQL's ts_headline): never run.
    assert "<script>alert(1)" not in page
    assert "<mark>audition</mark>" in page


def test_the_search_follows_update_and_raw_sql(client, db):
    practice = published(title_fr="Titre initial")
    assert found(client, "cartographie") == []

    Practice.objects.filter(pk=practice.pk).update(summary_fr="Une cartographie des acteurs.")
    assert found(client, "cartographies") == [practice]

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practices_practice SET summary_fr = %s WHERE id = %s",
            ["Un annuaire des acteurs.", practice.pk],
        )
    assert found(client, "cartographie") == []
    assert found(client, "annuaires") == [practice]

    Practice.objects.filter(pk=practice.pk).update(status=S.ARCHIVED)
    assert found(client, "annuaire") == []


def test_the_words_of_published_titles_and_summaries_are_kept_for_suggestions(db):
    published(title_fr="Audition filmée", summary_fr="À l’hôpital de Béziers.")
    PracticeFactory(status=S.DRAFT, title_fr="Brouillon secret")

    words = set(SearchWord.objects.values_list("word", flat=True))

    assert {"audition", "filmee", "hopital", "beziers"} <= words
    assert "secret" not in words
