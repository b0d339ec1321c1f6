"""Text shown in the other language (modeltranslation's fallback) is marked with its
language and a short note ("Available in French only."), on the pages and on the cards that
practices/rendering.py builds in Python, and hostile text stays escaped."""

import pytest

from tests.factories import OrganisationFactory, WorkingGroupFactory
from tests.insight.html import parse
from tests.practices.factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <b onmouseover="x">'


@pytest.fixture
def french_only(group):
    return complete(
        PracticeFactory(
            group=group,
            title_fr="Protocole d'audition",
            title_en="",
            summary_fr="Un résumé seulement en français.",
            summary_en="",
            description_fr="Une description **en français**.",
            description_en="",
        )
    )


def h1(response):
    return parse(response.content).find("h1")


def test_english_practice_page_marks_french_text_and_says_so(client, french_only):
    response = client.get(f"/en/practices/{french_only.slug}/")
    doc = parse(response.content)
    assert doc.find("h1").attrs.get("lang") == "fr"
    assert doc.find("p", cls="summary").attrs.get("lang") == "fr"
    prose = [d for d in doc.find_all("div", cls="prose") if "en français" in d.text()]
    assert prose and prose[0].attrs.get("lang") == "fr"
    notes = doc.find_all(cls="fallback-note")
    assert [n.text() for n in notes] == ["Available in French only."]


def test_french_page_marks_english_text_in_french(client, group):
    practice = complete(
        PracticeFactory(group=group, title_fr="", title_en="Hearing protocol", summary_fr="")
    )
    doc = parse(client.get(f"/fr/practices/{practice.slug}/").content)
    assert doc.find("h1").attrs.get("lang") == "en"
    assert [n.text() for n in doc.find_all(cls="fallback-note")] == [
        "Disponible en anglais uniquement."
    ]


def test_translated_text_is_not_marked(client, group):
    practice = complete(PracticeFactory(group=group))
    doc = parse(client.get(f"/en/practices/{practice.slug}/").content)
    assert "lang" not in doc.find("h1").attrs
    assert doc.find_all(cls="fallback-note") == []


def test_catalogue_cards_mark_the_french_title_and_summary(client, french_only):
    doc = parse(client.get("/en/practices/").content)
    (card,) = doc.find_all("li", cls="practice-card")
    assert card.find("h3").find("a").attrs.get("lang") == "fr"
    summary = [p for p in card.find_all("p") if "seulement" in p.text()][0]
    assert summary.attrs.get("lang") == "fr"
    assert card.find("p", cls="fallback-note").text() == "Available in French only."


def test_catalogue_cards_of_translated_practices_have_no_note(client, group):
    complete(PracticeFactory(group=group))
    page = client.get("/en/practices/").content.decode()
    assert "fallback-note" not in page
    assert ' lang="fr"' not in page.split("<main")[1]


def test_hostile_fallback_text_is_escaped_on_cards_and_pages(client, group):
    practice = complete(
        PracticeFactory(
            group=group, title_fr=HOSTILE, title_en="", summary_fr=HOSTILE, summary_en=""
        )
    )
    for url in ("/en/practices/", f"/en/practices/{practice.slug}/", "/en/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b onmouseover" not in page, url
        assert "&lt;script&gt;alert" in page, url


def test_organisation_description_in_french_only_is_marked(client):
    organisation = OrganisationFactory(
        description_fr="Une association parisienne.", description_en=""
    )
    doc = parse(client.get(f"/en/stakeholders/{organisation.slug}/").content)
    prose = [d for d in doc.find_all("div", cls="prose") if "parisienne" in d.text()][0]
    assert prose.attrs.get("lang") == "fr"
    assert doc.find(cls="fallback-note").text() == "Available in French only."


@pytest.mark.parametrize(
    "url", ["/en/stakeholders/groups/", "/en/", "/en/stakeholders/groups/{slug}/"]
)
def test_group_name_in_french_only_is_marked(client, url):
    group = WorkingGroupFactory(name_fr="Groupe lyonnais", name_en="")
    page = client.get(url.format(slug=group.slug)).content.decode()
    assert 'lang="fr">Groupe lyonnais<' in page
    assert "Available in French only." in page


def test_insight_marks_a_group_name_in_french_only(client):
    WorkingGroupFactory(name_fr="Groupe lyonnais", name_en="")
    page = client.get("/en/insight/").content.decode()
    assert '<h3 lang="fr">Groupe lyonnais</h3>' in page
    assert "Available in French only." in page


def test_members_and_coordinators_tables_mark_french_titles(client_for, member, coordinator, group):
    practice = PracticeFactory(
        group=group,
        organisation=member.person.organisation,
        title_fr="Brouillon en français",
        title_en="",
        status="submitted",
    )
    for user, url in ((member, "/en/practices/mine/"), (coordinator, "/en/practices/review/")):
        page = client_for(user).get(url).content.decode()
        assert f'href="/en/practices/{practice.slug}/" lang="fr">Brouillon en français<' in page
