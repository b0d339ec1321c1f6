"""The main menu marks where the reader is: "page" on an entry's own address, "true" in its
section; it is kept once per language, path served under and current entry."""

import re

import pytest
from django.urls import set_script_prefix
from django.utils import translation

from tests.factories import OrganisationFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def menu(client, path: str) -> dict[str, str | None]:
    page = client.get(path).content.decode()
    block = page.split('<nav class="main-nav"', 1)[1].split('<ul class="account-nav">', 1)[0]
    return {
        label: (current or None)
        for _href, current, label in re.findall(
            r'<li><a href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)</a></li>', block
        )
    }


def only(states: dict, label: str, value: str) -> bool:
    return states[label] == value and all(v is None for k, v in states.items() if k != label)


def test_each_entry_is_the_current_page_on_its_own_address(client):
    for path, label in [
        ("/en/practices/", "Practices"),
        ("/en/stakeholders/", "Stakeholders"),
        ("/en/meetings/", "Meetings"),
        ("/en/stakeholders/groups/", "Working groups"),
        ("/en/glossary/", "Glossary"),
        ("/en/insight/", "Insight"),
        ("/en/about/", "About"),
    ]:
        assert only(menu(client, path), label, "page"), path


def test_a_page_below_an_entry_is_in_its_section_the_groups_in_theirs(client):
    organisation, group = OrganisationFactory(), WorkingGroupFactory()
    with translation.override("en"):
        organisation_url, group_url = organisation.get_absolute_url(), group.get_absolute_url()
    assert only(menu(client, organisation_url), "Stakeholders", "true")
    assert only(menu(client, group_url), "Working groups", "true")
    assert only(menu(client, "/en/practices/evidence/"), "Practices", "true")


def test_pages_outside_every_section_mark_nothing_and_each_language_has_its_menu(client):
    english = menu(client, "/en/")
    french = menu(client, "/fr/")
    assert set(english) >= {"Practices", "About"} and not any(english.values())
    assert set(french) >= {"Pratiques", "À propos"} and not any(french.values())


def test_the_kept_menu_follows_the_path_the_portal_is_served_under(client):
    client.get("/en/about/")
    set_script_prefix("/portal/")
    try:
        page = client.get("/en/about/", SCRIPT_NAME="/portal").content.decode()
    finally:
        set_script_prefix("/")
    block = page.split('<nav class="main-nav"', 1)[1]
    assert 'href="/portal/en/practices/"' in block
    assert 'href="/portal/en/about/" aria-current="page"' in block


@pytest.mark.parametrize("view", ["bad_request", "server_error"])
def test_the_error_pages_have_the_menu(rf, view):
    """Error pages are drawn without context processors (lanzarote.views._error_page): the
    layout's menu comes with them all the same."""
    from lanzarote import views

    request = rf.get("/en/nowhere/")
    with translation.override("en"):
        if view == "bad_request":
            response = views.bad_request(request, Exception("bad host"))
        else:
            response = views.server_error(request)
    block = response.content.decode().split('<nav class="main-nav"', 1)[1]
    assert 'href="/en/practices/">Practices</a>' in block
    assert 'href=""' not in block
