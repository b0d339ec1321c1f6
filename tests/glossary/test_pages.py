"""The glossary's public pages, the coordinators' pages that maintain it, the practice
pages that explain the terms they use, and the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from glossary.models import Term
from stakeholders.models import AuditEvent
from stakeholders.submissions import new_token
from tests.practices.helpers import published_practice as published

from .conftest import make_term

LIST = "/en/glossary/"


def test_the_list_is_a_to_z_with_definitions_and_countries(client, terms):
    response = client.get(LIST)

    page = response.content.decode()
    assert response.status_code == 200
    letters = [letter for letter, _terms in response.context["letters"]]
    assert letters == ["B", "C", "J", "U"]
    assert "Definition of UAPED." in page and "Iceland" in page
    assert 'href="/en/glossary/uaped-fr/"' in page


def test_the_list_filters_by_country_and_by_sector_with_links(client, terms):
    page = client.get(LIST).content.decode()
    assert 'href="?country=FR"' in page
    assert 'href="?sector=medico-legal"' in page

    response = client.get(LIST, {"country": "FR"})
    assert response.context["count"] == 1
    # The other facet counts within the chosen country; the chosen one links to its removal.
    sectors = {i["label"]: i["count"] for i in response.context["sector_facet"]}
    assert sectors == {"Medico-legal and health": 1}
    chosen = [i for i in response.context["country_facet"] if i["chosen"]]
    assert chosen[0]["url"] == "/en/glossary/"

    response = client.get(LIST, {"sector": "child-welfare"})
    assert {t.name for _l, ts in response.context["letters"] for t in ts} == {
        "Barnahús", "Child Advocacy Centre"
    }  # fmt: skip


def test_unknown_filter_values_are_reported_and_ignored(client, terms):
    response = client.get(LIST, {"country": "ZZ", "sector": "nope"})

    assert response.context["count"] == 4
    page = response.content.decode()
    assert "No term of the country “ZZ”: filter ignored." in page
    assert "Unknown sector “nope”: filter ignored." in page


def test_the_list_runs_a_constant_number_of_queries(client, terms, django_assert_max_num_queries):
    client.get(LIST)  # the catalogue state, read once per process
    with django_assert_max_num_queries(4):
        client.get(LIST)
    for n in range(30):
        make_term(f"Term {n}", "DE", equivalents=[terms["jugendamt"]])
    client.get(LIST)
    with django_assert_max_num_queries(4):
        assert client.get(LIST).context["count"] == 34


def test_a_term_page_shows_its_definition_source_and_equivalents(client, terms):
    page = client.get("/fr/glossary/uaped-fr/").content.decode()

    assert "Définition de UAPED." in page
    assert "Unité d&#x27;accueil pédiatrique enfants en danger" in page
    assert 'href="https://www.example.gov/"' in page
    assert 'href="/fr/glossary/barnahus-is/"' in page
    assert 'href="/fr/glossary/child-advocacy-centre-gb/"' in page
    assert 'href="/fr/practices/?q=UAPED"' in page

    page = client.get("/en/glossary/uaped-fr/").content.decode()
    assert "Definition of UAPED." in page


def test_an_unknown_term_is_a_404(client, db):
    assert client.get("/en/glossary/nothing-here/").status_code == 404


def test_a_practice_page_lists_the_terms_it_uses_with_their_definitions(client, terms):
    practice = published(
        title_fr="Une UAPED à Béziers",
        summary_fr="L'UAPED accueille l'enfant à l'hôpital.",
        description_fr="Inspirée du Barnahus islandais.",
        title_en="A UAPED in Béziers",
        description_en="Inspired by the Icelandic Barnahus.",
    )

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "Termes employés sur cette page" in page
    assert '<dfn><a href="/fr/glossary/uaped-fr/">UAPED</a></dfn>' in page
    assert "Définition de UAPED." in page and "Définition de Barnahús." in page
    assert "Jugendamt" not in page
    # The summary's first use of a term links to its definition in that list.
    assert '<a class="term" href="#term-uaped-fr">UAPED</a>' in page
    english = client.get(practice.get_absolute_url().replace("/fr/", "/en/", 1))
    assert "Definition of Barnahús." in english.content.decode()


def test_the_marked_summary_is_escaped(client, terms):
    practice = published(summary_fr="<b>UAPED</b> & UAPED <script>x</script>")

    page = client.get(practice.get_absolute_url()).content.decode()

    assert (
        '&lt;b&gt;<a class="term" href="#term-uaped-fr">UAPED</a>&lt;/b&gt; &amp; UAPED '
        "&lt;script&gt;x&lt;/script&gt;"
    ) in page


def test_a_practice_without_glossary_terms_has_no_such_list(client, terms):
    practice = published(title_fr="Une ligne d'écoute")

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "Termes employés sur cette page" not in page


# ---------------------------------------------------------------- coordinators


def form_data(**fields):
    data = {
        "name": "Veilig Thuis",
        "full_name": "",
        "languages": ["nl"],
        "country": "NL",
        "sector": "",
        "definition_fr": "Centres néerlandais de signalement.",
        "definition_en": "Dutch reporting centres.",
        "source_url": "https://veiligthuis.nl/",
        "submission": new_token(),
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("member", 403), ("outsider", 403), ("coordinator", 200),
     ("other_coordinator", 200), ("staff", 200)],
)  # fmt: skip
def test_only_coordinators_open_the_glossary_forms(client_for, request, terms, who, status):
    client = client_for(request.getfixturevalue(who) if who else None)

    for url in (
        "/en/glossary/new/",
        "/en/glossary/uaped-fr/edit/",
        "/en/glossary/uaped-fr/delete/",
    ):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("who", [None, "member", "outsider"])
def test_others_cannot_add_change_or_remove_terms(client_for, request, terms, who):
    client = client_for(request.getfixturevalue(who) if who else None)

    client.post("/en/glossary/new/", form_data())
    client.post("/en/glossary/uaped-fr/edit/", form_data(name="Changed"))
    client.post("/en/glossary/uaped-fr/delete/")

    assert not Term.objects.filter(name__in=["Veilig Thuis", "Changed"]).exists()
    assert Term.objects.filter(slug="uaped-fr").exists()


def test_a_coordinator_adds_a_term_with_its_equivalents(client_for, coordinator, terms):
    client = client_for(coordinator)
    data = form_data(equivalents=[terms["uaped"].pk])

    response = client.post("/en/glossary/new/", data)
    again = client.post("/en/glossary/new/", data)  # the same form sent twice

    term = Term.objects.get(name="Veilig Thuis")
    assert response.status_code == 302 and response.url == term.get_absolute_url()
    assert again.url == term.get_absolute_url()
    assert Term.objects.filter(name="Veilig Thuis").count() == 1
    assert term.slug == "veilig-thuis-nl"
    assert list(terms["uaped"].equivalents.filter(pk=term.pk)) == [term]  # both ways
    assert client.get(LIST).context["count"] == 5


def test_a_coordinator_of_another_group_maintains_the_same_glossary(
    client_for, other_coordinator, terms
):
    """The glossary is shared by every group: any coordinator may correct it."""
    client = client_for(other_coordinator)
    data = form_data(name="UAPED", country="FR", languages=["fr"], equivalents=[terms["cac"].pk])

    response = client.post("/en/glossary/uaped-fr/edit/", data)

    assert response.status_code == 302
    uaped = Term.objects.get(slug="uaped-fr")
    assert uaped.definition_en == "Dutch reporting centres."
    assert list(uaped.equivalents.all()) == [terms["cac"]]
    # Every group's searches change with it: the audit log says who changed which term.
    event = AuditEvent.objects.get(action=AuditEvent.Action.GLOSSARY_TERM_CHANGED)
    assert (event.actor, event.target_id) == (other_coordinator, str(uaped.pk))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"languages": []}, "languages", "This field is required."),
        ({"languages": ["xx"]}, "languages", "Select a valid choice."),
        ({"source_url": "javascript:alert(1)"}, "source_url", "Enter a valid URL."),
        ({"definition_en": ""}, "definition_en", "This field is required."),
        ({"name": "UAPED", "country": "FR"}, None, "already exists"),
    ],
)
def test_a_bad_term_is_refused_with_a_message_and_nothing_saved(
    client_for, coordinator, terms, fields, field, message
):
    client = client_for(coordinator)

    response = client.post("/en/glossary/new/", form_data(**fields))

    assert response.status_code == 200
    errors = response.context["form"].errors
    text = " ".join(" ".join(e) for e in errors.values())
    assert message in text
    if field:
        assert field in errors
    assert Term.objects.count() == 4


def test_a_coordinator_removes_a_term_and_its_equivalents_stay(client_for, coordinator, terms):
    client = client_for(coordinator)

    response = client.post("/en/glossary/uaped-fr/delete/")

    assert response.status_code == 302 and response.url == "/en/glossary/"
    assert not Term.objects.filter(slug="uaped-fr").exists()
    assert list(terms["barnahus"].equivalents.all()) == [terms["cac"]]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.GLOSSARY_TERM_DELETED, actor=coordinator, details__slug="uaped-fr"
    ).exists()


def test_the_list_offers_coordinators_the_form(client_for, coordinator, member, terms):
    assert "/en/glossary/new/" not in client_for(member).get(LIST).content.decode()
    assert "/en/glossary/new/" in client_for(coordinator).get(LIST).content.decode()


def test_staff_edit_terms_in_the_admin(client_for, staff, terms):
    client = client_for(staff)

    assert client.get(reverse("admin:glossary_term_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:glossary_term_change", args=[terms["uaped"].pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:glossary_term_add")).status_code == 200


# ---------------------------------------------------------------- API


def test_the_api_lists_terms_with_their_equivalents(client, terms):
    data = client.get("/api/v1/glossary/").json()

    assert data["count"] == 4
    uaped = next(t for t in data["results"] if t["slug"] == "uaped-fr")
    assert uaped["languages"] == ["fr"]
    assert uaped["sector"] == "medico-legal"
    assert {e["slug"] for e in uaped["equivalents"]} == {"barnahus-is", "child-advocacy-centre-gb"}
    assert uaped["url"].endswith("/glossary/uaped-fr/")


def test_the_api_filters_terms_and_shows_one(client, terms):
    assert client.get("/api/v1/glossary/", {"country": "fr"}).json()["count"] == 1
    assert client.get("/api/v1/glossary/", {"sector": "child-welfare"}).json()["count"] == 2
    assert client.get("/api/v1/glossary/", {"country": "ZZ"}).json()["count"] == 0
    detail = client.get("/api/v1/glossary/barnahus-is/").json()
    assert detail["name"] == "Barnahús"
    assert client.get("/api/v1/glossary/nothing/").status_code == 404


def test_the_api_list_runs_a_constant_number_of_queries(client, terms):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/glossary/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        make_term(f"Term {n}", "DE", equivalents=[terms["jugendamt"]])

    assert queries() == few


def test_the_schema_documents_the_glossary_and_the_search_fields(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()

    assert "/api/v1/glossary/" in schema
    assert "also_searched" in schema and "did_you_mean" in schema and "exact" in schema
