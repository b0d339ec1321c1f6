"""A search with a glossary term also finds the practices that use its equivalents, says so,
and offers the literal search; a misspelt search proposes near words. Both databases."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from glossary.models import Term
from tests.practices.helpers import found
from tests.practices.helpers import published_practice as published

from .conftest import make_term


@pytest.fixture
def practices(terms):
    return {
        "barnahus": published(title_fr="Le Barnahus de Reykjavík"),
        "uaped": published(title_fr="Une UAPED à Béziers", days_ago=2),
        "cac": published(title_en="A Child Advocacy Centre in London", days_ago=3),
        "other": published(title_fr="Une ligne d'écoute", days_ago=4),
    }


def test_a_term_also_finds_the_practices_of_its_equivalents(client, practices):
    response = client.get("/fr/practices/", {"q": "Barnahus"})

    assert set(response.context["object_list"]) == {
        practices["barnahus"],
        practices["uaped"],
        practices["cac"],
    }
    # The term's own practices rank first.
    assert response.context["object_list"][0] == practices["barnahus"]
    page = response.content.decode()
    assert "Recherche élargie à\u00a0:" in page
    assert set(response.context["also_searched"]) == {"UAPED", "Child Advocacy Centre"}


def test_the_page_offers_the_literal_search_and_it_finds_only_the_word(client, practices):
    response = client.get("/en/practices/", {"q": "Barnahus", "country": "IS"})
    page = response.content.decode()
    assert "Also searched:" in page
    assert 'href="?q=Barnahus&amp;country=IS&amp;exact=1"' in page

    exact = client.get("/en/practices/", {"q": "Barnahus", "exact": "1"})
    assert list(exact.context["object_list"]) == [practices["barnahus"]]
    assert "Also searched:" not in exact.content.decode()


def test_a_multi_word_term_inside_a_longer_query_is_replaced_by_each_equivalent(client, practices):
    response = client.get("/en/practices/", {"q": "child advocacy centre london"})

    assert list(response.context["object_list"]) == [practices["cac"]]
    assert set(response.context["also_searched"]) == {"Barnahús", "UAPED"}


def test_the_excerpts_mark_the_equivalents_too(client, practices):
    practices["uaped"].summary_fr = "Une UAPED accueille l'enfant à l'hôpital."
    practices["uaped"].save()

    page = client.get("/fr/practices/", {"q": "barnahus"}).content.decode()

    assert "<mark>UAPED</mark>" in page


def test_a_term_without_equivalents_searches_only_itself(client, practices):
    response = client.get("/fr/practices/", {"q": "Jugendamt"})

    assert response.context["also_searched"] == ()
    assert "Also searched" not in response.content.decode()


def test_a_change_to_the_glossary_is_seen_at_the_next_request(client, practices, terms):
    assert practices["other"] not in found(client, "Barnahus")

    helpline = make_term("Ligne d'écoute", "FR")
    terms["barnahus"].equivalents.add(helpline)
    assert practices["other"] in found(client, "Barnahus")

    Term.objects.filter(pk=helpline.pk).delete()
    assert practices["other"] not in found(client, "Barnahus")


def test_a_glossary_change_by_raw_sql_is_seen_too(client, practices, terms):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM glossary_term_equivalents WHERE from_term_id = %s OR to_term_id = %s",
            [terms["barnahus"].pk, terms["barnahus"].pk],
        )

    assert found(client, "Barnahus") == [practices["barnahus"]]


def test_the_api_says_what_was_also_searched_and_takes_exact(client, practices):
    data = client.get("/api/v1/practices/", {"q": "Barnahus"}).json()
    assert data["count"] == 3
    assert sorted(data["also_searched"]) == ["Child Advocacy Centre", "UAPED"]

    data = client.get("/api/v1/practices/", {"q": "Barnahus", "exact": "1"}).json()
    assert data["count"] == 1
    assert data["also_searched"] == []


# ---------------------------------------------------------------- did you mean


def test_a_misspelt_search_proposes_the_nearest_known_words(client, practices):
    published(title_fr="Audition filmée de l'enfant", summary_fr="Au commissariat.")

    response = client.get("/fr/practices/", {"q": "auditon"})

    assert response.context["paginator"].count == 0
    suggestions = response.context["suggestions"]
    assert [s["text"] for s in suggestions][0] == "audition"
    assert suggestions[0]["url"] == "?q=audition"
    assert '<a href="?q=audition">audition</a>' in response.content.decode()
    # The proposal finds what it promises.
    assert found(client, "audition")


def test_a_misspelt_glossary_term_is_proposed(client, practices):
    response = client.get("/en/practices/", {"q": "Barnhaus"})

    assert "barnahus" in [s["text"] for s in response.context["suggestions"]]


def test_nothing_is_proposed_for_a_search_with_enough_results(client, practices):
    response = client.get("/fr/practices/", {"q": "Barnahus"})

    assert response.context["suggestions"] == []


def test_no_proposal_that_would_find_nothing(client, practices):
    """A word of a practice that is no longer published stays known, but is not proposed."""
    gone = published(title_fr="Cartographie des acteurs")
    gone.status = "archived"
    gone.save()

    response = client.get("/fr/practices/", {"q": "cartografie"})

    assert response.context["suggestions"] == []


@pytest.mark.parametrize(
    "q", ["x" * 200, "é" * 200, " ".join(["auditon"] * 50), "%_*\"'()", "a b c d e f g h i j k"]
)
def test_odd_or_long_searches_get_an_answer(client, practices, q):
    response = client.get("/fr/practices/", {"q": q})

    assert response.status_code == 200


def test_the_api_proposes_words_too(client, practices):
    data = client.get("/api/v1/practices/", {"q": "Reykjavk"}).json()

    assert data["count"] == 0
    assert data["did_you_mean"] == ["reykjavik"]


# ---------------------------------------------------------------- the demo


def test_in_the_demo_barnahus_also_finds_the_french_uaped_practices(client, db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())

    response = client.get("/en/practices/", {"q": "Barnahus"})

    slugs = {p.slug for p in response.context["object_list"]}
    assert "uaped" in slugs and "barnahus-islande" in slugs
    assert "UAPED" in response.context["also_searched"]
    assert "Also searched:" in response.content.decode()
    assert Term.objects.count() >= 30
    assert Term.objects.values("country").distinct().count() >= 6
    assert not Term.objects.filter(source_url="").exists()
