"""The public catalogue: filters, facet counts, sorting, pagination, search on SQLite,
forgiving parameters, the "nothing matches" page, visibility and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import Attachment, ConventionArticle, Practice, TargetGroup, Theme
from tests.factories import TerritoryFactory

from .factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

S = Practice.Status
NOW = timezone.now()


def published(*, days_ago, sectors, themes=(), targets=(), articles=(), **fields):
    practice = PracticeFactory(
        status=S.PUBLISHED, published_at=NOW - datetime.timedelta(days=days_ago), **fields
    )
    complete(practice, sectors=sectors)
    practice.themes.set(Theme.objects.filter(code__in=themes))
    practice.target_groups.set(TargetGroup.objects.filter(code__in=targets))
    practice.articles.set(ConventionArticle.objects.filter(number__in=articles))
    return practice


def facet_counts(response) -> dict:
    """{facet: {value: count}} for the values the page offers with a non-zero count."""
    return {
        facet["name"]: {str(i["value"]): i["count"] for i in facet["items"] if i["count"]}
        for facet in response.context["facets"]
    }


def titles(response, lang="fr") -> list[str]:
    return [getattr(p, f"title_{lang}") for p in response.context["object_list"]]


@pytest.fixture
def catalogue(db):
    """Four published practices whose facet counts are worked out by hand below, and
    practices in every other state that must count nowhere."""
    paris = TerritoryFactory(country="FR", name="Paris", slug="paris")
    lyon = TerritoryFactory(country="FR", name="Lyon", slug="lyon")
    reykjavik = TerritoryFactory(country="IS", name="Reykjavík", slug="reykjavik")
    france = TerritoryFactory(country="FR", name="", slug="france")
    uape = published(
        days_ago=3,
        territory=paris,
        title_fr="Unité d'accueil pédiatrique enfants en danger",
        title_en="Paediatric reception unit",
        sectors=("justice", "police", "medico-legal"),
        themes=("child-friendly-justice",),
        targets=("child-victims",),
        articles=(35,),
        evidence="evaluated",
    )
    training = published(
        days_ago=2,
        territory=lyon,
        title_fr="Formation commune des enquêteurs",
        title_en="Joint training of investigators",
        sectors=("justice", "child-welfare"),
        themes=("training",),
        targets=("professionals",),
        articles=(5, 35),
        evidence="promising",
    )
    barnahus = published(
        days_ago=1,
        territory=reykjavik,
        title_fr="Barnahus de Reykjavík",
        title_en="Reykjavík Barnahus",
        sectors=("police", "medico-legal", "child-welfare"),
        themes=("child-friendly-justice", "medical-forensic"),
        targets=("child-victims",),
        articles=(14, 35),
        evidence="evaluated",
    )
    campaign = published(
        days_ago=4,
        territory=france,
        title_fr="Campagne de prévention à l'école",
        title_en="School prevention campaign",
        sectors=("education", "ngo", "justice"),
        themes=("prevention",),
        targets=("children",),
        evidence="emerging",
    )
    hidden = []
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.ARCHIVED):
        practice = PracticeFactory(
            status=status, territory=reykjavik, evidence="promising", title_fr=f"Cachée {status}"
        )
        complete(practice, sectors=("private", "education", "justice"))
        practice.themes.set(Theme.objects.filter(code__in=["data-research", "prevention"]))
        practice.articles.set(ConventionArticle.objects.filter(number__in=[13, 35]))
        hidden.append(practice)
    return {
        "uape": uape,
        "training": training,
        "barnahus": barnahus,
        "campaign": campaign,
        "hidden": hidden,
    }


# ---------------------------------------------------------------- facet counts


def test_facet_counts_without_filters(client, catalogue):
    response = client.get("/fr/practices/")

    assert response.status_code == 200
    assert response.context["paginator"].count == 4
    assert facet_counts(response) == {
        "sector": {
            "justice": 3,
            "police": 2,
            "medico-legal": 2,
            "child-welfare": 2,
            "education": 1,
            "ngo": 1,
        },
        "country": {"FR": 3, "IS": 1},
        "territory": {"paris": 1, "lyon": 1, "reykjavik": 1},
        "theme": {
            "child-friendly-justice": 2,
            "training": 1,
            "medical-forensic": 1,
            "prevention": 1,
        },
        "target": {"child-victims": 2, "professionals": 1, "children": 1},
        "evidence": {"evaluated": 2, "promising": 1, "emerging": 1},
        "article": {"35": 3, "5": 1, "14": 1},
        "collaboration": {},
    }


def test_facet_counts_within_a_country(client, catalogue):
    response = client.get("/fr/practices/?country=FR")

    counts = facet_counts(response)
    assert response.context["paginator"].count == 3
    # Sectors combine with the results; the other facets replace their own value.
    assert counts["sector"] == {
        "justice": 3,
        "police": 1,
        "medico-legal": 1,
        "child-welfare": 1,
        "education": 1,
        "ngo": 1,
    }
    assert counts["country"] == {"FR": 3, "IS": 1}
    assert counts["evidence"] == {"evaluated": 1, "promising": 1, "emerging": 1}
    assert counts["theme"] == {"child-friendly-justice": 1, "training": 1, "prevention": 1}
    assert counts["article"] == {"35": 2, "5": 1}
    assert counts["territory"] == {"paris": 1, "lyon": 1}


def test_facet_counts_with_a_sector_chosen(client, catalogue):
    response = client.get("/fr/practices/?sector=police")

    assert facet_counts(response)["sector"] == {
        "police": 2,
        "justice": 1,
        "medico-legal": 2,
        "child-welfare": 1,
    }
    sector_items = {i["value"]: i for i in response.context["facets"][0]["items"]}
    assert sector_items["police"]["chosen"]
    # Choosing a second sector keeps the first; choosing the chosen one drops it.
    assert sector_items["justice"]["url"] == "?sector=police&sector=justice"
    assert sector_items["police"]["url"] == "?"


def test_the_counts_give_the_number_of_results_of_each_link(client, catalogue):
    response = client.get("/fr/practices/?sector=justice")

    for facet in response.context["facets"]:
        for item in facet["items"]:
            if item["count"] and not item["chosen"]:
                followed = client.get("/fr/practices/" + item["url"])
                assert followed.context["paginator"].count == item["count"], item["url"]


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=justice", {"uape", "training", "campaign"}),
        ("sector=justice&sector=police", {"uape"}),
        ("sector=police&sector=child-welfare", {"barnahus"}),
        ("sector=education&sector=police", set()),
        ("country=IS", {"barnahus"}),
        ("country=FR", {"uape", "training", "campaign"}),
        ("territory=lyon", {"training"}),
        ("theme=child-friendly-justice", {"uape", "barnahus"}),
        ("target=professionals", {"training"}),
        ("evidence=evaluated", {"uape", "barnahus"}),
        ("evidence=emerging", {"campaign"}),
        ("article=35", {"uape", "training", "barnahus"}),
        ("article=14", {"barnahus"}),
        ("country=FR&evidence=evaluated", {"uape"}),
        ("sector=justice&theme=prevention&target=children", {"campaign"}),
    ],
)
def test_filters(client, catalogue, query, expected):
    response = client.get(f"/fr/practices/?{query}")

    assert response.status_code == 200
    assert set(response.context["object_list"]) == {catalogue[name] for name in expected}


def test_the_english_catalogue_filters_the_same_way(client, catalogue):
    response = client.get("/en/practices/?sector=justice&sector=police")

    assert response.status_code == 200
    assert titles(response, "en") == ["Paediatric reception unit"]
    assert "Paediatric reception unit" in response.content.decode()


def test_unknown_values_are_ignored_not_an_error(client, catalogue):
    response = client.get(
        "/fr/practices/?sector=nope&country=ZZ&article=999&evidence=x&sort=bogus&page=abc"
        "&territory=atlantis&theme=%00&target=nobody"
    )

    assert response.status_code == 200
    assert response.context["paginator"].count == 4
    assert response.context["sort"] == "newest"


def test_an_unknown_sector_is_reported_and_the_known_ones_still_filter(client, catalogue):
    response = client.get("/en/practices/?sector=justice&sector=nope&sector=police")

    assert response.status_code == 200
    assert response.context["paginator"].count == 1  # justice and police
    page = response.content.decode()
    assert "Some filters were not understood and have been ignored:" in page
    assert "Select a valid choice. nope is not one of the available choices." in page
    assert response.context["filter"].active()["sector"] == ["justice", "police"]


def test_an_unknown_value_repeated_is_reported_once(client, catalogue):
    response = client.get("/en/practices/?sector=police&sector=zz&sector=zz&sector=zz")

    assert response.content.decode().count("zz is not one of the available choices") == 1


def test_a_chosen_facet_value_says_so_in_the_pages_language(client, catalogue):
    page = client.get("/fr/practices/?sector=police").content.decode()

    assert "sélectionné, activer pour retirer" in page
    assert "chosen, select to remove" not in page


def test_a_long_summary_is_cut_after_35_words_on_its_card(client, catalogue):
    practice = Practice.objects.published().first()
    words = [f"mot{n}" for n in range(50)]
    Practice.objects.filter(pk=practice.pk).update(summary_fr=" ".join(words))

    page = client.get("/fr/practices/").content.decode()

    assert "<p>" + " ".join(words[:35]) + " …</p>" in page


@pytest.mark.parametrize(
    "query",
    [
        "article=abc",
        "page=-1",
        "page=99999",
        "page=1.5",
        "sector=",
        "q=" + "x" * 500,
        "q=%00",
        "q=%27%22%3B--",
        "sort=relevance",
        "country=",
        "sector=justice&sector=justice",
    ],
)
def test_odd_parameters_never_fail(client, catalogue, query):
    assert client.get(f"/fr/practices/?{query}").status_code == 200
    assert client.get(f"/fr/practices/export.csv?{query}").status_code == 200


def test_a_filter_combined_with_an_unknown_value_still_applies(client, catalogue):
    response = client.get("/fr/practices/?country=IS&evidence=bogus")

    assert titles(response) == ["Barnahus de Reykjavík"]


# ---------------------------------------------------------------- sorting and pages


def test_newest_first_by_default(client, catalogue):
    response = client.get("/fr/practices/")

    assert titles(response) == [
        "Barnahus de Reykjavík",
        "Formation commune des enquêteurs",
        "Unité d'accueil pédiatrique enfants en danger",
        "Campagne de prévention à l'école",
    ]


def test_sort_by_title_follows_the_language_of_the_page(client, catalogue):
    fr = client.get("/fr/practices/?sort=title")
    en = client.get("/en/practices/?sort=title")

    assert titles(fr) == [
        "Barnahus de Reykjavík",
        "Campagne de prévention à l'école",
        "Formation commune des enquêteurs",
        "Unité d'accueil pédiatrique enfants en danger",
    ]
    assert titles(en, "en") == [
        "Joint training of investigators",
        "Paediatric reception unit",
        "Reykjavík Barnahus",
        "School prevention campaign",
    ]


def test_pagination_keeps_the_filters(client, db):
    for n in range(25):
        published(days_ago=n, sectors=("justice", "police"), title_fr=f"Pratique n°{n:02d}")
    published(days_ago=0, sectors=("ngo", "education"), title_fr="Autre")

    first = client.get("/fr/practices/?sector=justice&sort=title")
    second = client.get("/fr/practices/?sector=justice&sort=title&page=2")

    assert first.context["paginator"].count == 25
    assert len(first.context["object_list"]) == 20
    page = first.content.decode()
    assert 'href="?sector=justice&amp;sort=title&amp;page=2"' in page
    assert titles(second) == [f"Pratique n°{n:02d}" for n in range(20, 25)]
    assert 'href="?sector=justice&amp;sort=title&amp;page=1"' in second.content.decode()
    # Choosing a facet value goes back to the first page.
    for facet in second.context["facets"]:
        for item in facet["items"]:
            assert "page=" not in item["url"]


def test_a_page_past_the_end_shows_the_last_page(client, db):
    for n in range(21):
        published(days_ago=n, sectors=("justice", "police"))

    response = client.get("/fr/practices/?page=7")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


# ---------------------------------------------------------------- nothing matches


def test_nothing_matches_says_which_filter_to_drop(client, catalogue):
    response = client.get("/en/practices/?country=IS&evidence=promising")

    assert response.context["paginator"].count == 0
    page = response.content.decode()
    assert "No practice matches" in page
    assert "Try removing one of these filters" in page
    assert 'href="?evidence=promising"' in page  # drops the country
    assert 'href="?country=IS"' in page  # drops the evidence level
    assert "Remove “Country: Iceland”" in page
    assert "Remove “Evidence level: Promising”" in page
    # Each link leads somewhere with results.
    assert client.get("/en/practices/?evidence=promising").context["paginator"].count == 1
    assert client.get("/en/practices/?country=IS").context["paginator"].count == 1


def test_dropping_one_of_two_sectors_keeps_the_other(client, catalogue):
    response = client.get("/en/practices/?sector=education&sector=police")

    drops = {f["value"]: f["drop_url"] for f in response.context["active_filters"]}
    assert response.context["paginator"].count == 0
    assert len(drops) == 2
    assert sorted(drops.values()) == ["?sector=education", "?sector=police"]


def test_a_search_with_no_result_offers_to_drop_the_search(client, catalogue):
    response = client.get("/en/practices/?q=xylophonist&country=FR")

    assert response.context["paginator"].count == 0
    assert 'href="?country=FR"' in response.content.decode()


def test_an_empty_catalogue_says_so(client, db):
    page = client.get("/en/practices/").content.decode()

    assert "No practice has been published yet." in page


# ---------------------------------------------------------------- search on every database


@pytest.mark.parametrize(
    ("field", "word"),
    [
        ("title_fr", "Zanzibar"),
        ("title_en", "Zanzibar"),
        ("summary_fr", "Zanzibar"),
        ("summary_en", "Zanzibar"),
        ("description_fr", "Zanzibar"),
        ("description_en", "Zanzibar"),
    ],
)
def test_search_looks_at_titles_summaries_and_descriptions_in_both_languages(
    client, db, field, word
):
    target = published(days_ago=1, sectors=("justice", "police"), **{field: f"Un mot: {word}."})
    published(days_ago=2, sectors=("justice", "police"))

    for lang in ("fr", "en"):
        response = client.get(f"/{lang}/practices/?q={word}")
        assert list(response.context["object_list"]) == [target], lang


def test_search_ignores_practices_that_are_not_published(client, catalogue):
    response = client.get("/fr/practices/?q=Cachée")

    assert response.context["paginator"].count == 0


def test_search_finds_other_forms_of_a_word_and_treats_operators_as_text(client, db):
    target = published(
        days_ago=1,
        sectors=("justice", "police"),
        description_en="Coordinated by the Children's Advocacy Centre.",
    )
    published(days_ago=2, sectors=("justice", "police"))

    for q in ("ADVOCACY", "advocacies", "children's advocacy", "Centre children"):
        response = client.get("/en/practices/", {"q": q})
        assert list(response.context["object_list"]) == [target], q
    # Wildcards and the full-text engines' operators are searched for, never run.
    for q in ("%", "_", "%%", '"', "*", "advoc*", "NEAR(x y)", "{title}: x", "^", "-"):
        response = client.get("/en/practices/", {"q": q})
        assert response.status_code == 200, q
        assert response.context["paginator"].count == 0, q


def test_search_combines_with_filters(client, catalogue):
    response = client.get("/fr/practices/?q=Barnahus&country=FR")

    assert response.context["paginator"].count == 0
    response = client.get("/fr/practices/?q=Barnahus&country=IS")
    assert titles(response) == ["Barnahus de Reykjavík"]


# ---------------------------------------------------------------- invisible to the public


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.ARCHIVED])
@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_unpublished_practices_are_invisible_to_the_public_everywhere(client, request, status, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    iceland = TerritoryFactory(country="IS", name="Akureyri", slug="akureyri")
    visible = published(
        days_ago=1,
        sectors=("justice", "police"),
        title_fr="Visibilia publique",
        themes=("training",),
        articles=(5,),
        evidence="emerging",
    )
    hidden = PracticeFactory(
        status=status,
        territory=iceland,
        title_fr="Clandestina cachée",
        title_en="Clandestina hidden",
        evidence="evaluated",
    )
    complete(hidden, sectors=("private", "education"))
    hidden.themes.set(Theme.objects.filter(code="data-research"))
    hidden.articles.set(ConventionArticle.objects.filter(number=13))
    attachment = Attachment.objects.create(
        practice=hidden,
        title="Rapport",
        file=SimpleUploadedFile("rapport.pdf", PDF),
        content_type="application/pdf",
        size=len(PDF),
    )

    listing = client.get("/fr/practices/")
    assert list(listing.context["object_list"]) == [visible]
    assert "Clandestina" not in listing.content.decode()
    assert client.get("/fr/practices/?q=Clandestina").context["paginator"].count == 0
    assert client.get("/en/practices/?q=Clandestina").context["paginator"].count == 0
    assert client.get("/fr/practices/?country=IS").context["paginator"].count == 0
    assert facet_counts(listing) == {
        "sector": {"justice": 1, "police": 1},
        "country": {"FR": 1},
        "territory": {visible.territory.slug: 1},
        "theme": {"training": 1},
        "target": {},
        "evidence": {"emerging": 1},
        "article": {"5": 1},
        "collaboration": {},
    }
    assert "Akureyri" not in listing.content.decode()

    feed = client.get("/fr/practices/feed/").content.decode()
    assert "Visibilia" in feed
    assert "Clandestina" not in feed

    export = client.get("/fr/practices/export.csv")
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Visibilia" in csv_text
    assert "Clandestina" not in csv_text

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/en/practices/{hidden.slug}/").status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(f"/fr/practices/{hidden.slug}/edit/").status_code in (302, 404)


# ---------------------------------------------------------------- query counts


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if response.streaming:  # the CSV runs its queries while it is read
        b"".join(response.streaming_content)
    return response


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return len(ctx)


def _many(n, start=0):
    territories = [TerritoryFactory(country=c) for c in ("FR", "IS", "SE")]
    for i in range(start, start + n):
        practice = published(
            days_ago=i,
            territory=territories[i % 3],
            sectors=("justice", "police", "ngo"),
            themes=("training", "prevention"),
            targets=("children",),
            articles=(5, 35),
            evidence=["evaluated", "promising", "emerging"][i % 3],
        )
        practice.summary_fr = f"Résumé {i} avec le mot protocole."
        practice.save()


@pytest.mark.parametrize(
    "url",
    [
        "/fr/practices/",
        "/en/practices/?sector=justice&sector=police&country=FR&sort=title",
        "/fr/practices/?q=protocole&theme=training&article=35&evidence=evaluated&page=2",
        "/fr/practices/export.csv?sector=justice",
        "/fr/practices/feed/",
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_catalogue_runs_a_constant_number_of_queries(
    client, request, url, who, django_assert_max_num_queries
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    _many(3)
    few = _count_queries(client, url)
    _many(22, start=3)
    many = _count_queries(client, url)

    assert many == few
    with django_assert_max_num_queries(few):
        _get(client, url)


def test_the_list_needs_few_queries(client, db, django_assert_max_num_queries):
    _many(25)

    # Five vocabularies, seven facet counts, the count, the page and its sectors.
    with django_assert_max_num_queries(16):
        response = client.get("/fr/practices/?sector=justice")
    assert response.status_code == 200
