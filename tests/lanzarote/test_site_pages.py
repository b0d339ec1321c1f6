"""Site-wide pages and the layout every page shares: landmarks, helplines, quick exit."""

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import set_script_prefix

from tests.factories import OrganisationFactory, TerritoryFactory, WorkingGroupFactory, sector

pytestmark = pytest.mark.django_db


def figures(content):
    """The figures of a page, by label (English labels on /en/ pages)."""
    return {
        html.unescape(label): int(value)
        for label, value in re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", content)
    }


def main_of(content):
    return content.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def network(db):
    """Three organisations in two countries, one working group."""
    france = TerritoryFactory(country="FR", name="Paris", slug="paris-test")
    iceland = TerritoryFactory(country="IS", name="", slug="iceland-test")
    OrganisationFactory(territory=france, sector=sector("police"))
    OrganisationFactory(territory=france, sector=sector("justice"))
    OrganisationFactory(territory=iceland, sector=sector("ngo"))
    WorkingGroupFactory(territory=france, name_fr="Groupe de Paris", name_en="Paris group")


def test_home_shows_the_figures_of_the_network(client, network):
    response = client.get("/en/")
    assert response.status_code == 200
    shown = figures(response.content.decode())
    assert shown["Organisations"] == 3
    assert shown["Sectors"] == 7
    assert shown["Countries"] == 2
    assert shown["Working groups"] == 1
    context = response.context["figures"]
    assert (context["organisations"], context["countries"], context["groups"]) == (3, 2, 1)


def test_french_home_shows_the_same_figures(client, network):
    english = figures(client.get("/en/").content.decode())
    french = figures(client.get("/fr/").content.decode())
    # Labels are translated; the numbers, in the same order, are not.
    assert list(french.values()) == list(english.values())


def test_countries_are_counted_once_whatever_their_local_areas(client, network):
    lyon = TerritoryFactory(country="FR", name="Lyon", slug="lyon-test")
    OrganisationFactory(territory=lyon)
    OrganisationFactory(territory=TerritoryFactory(country="FR", name="", slug="france-test"))
    shown = figures(client.get("/en/").content.decode())
    assert shown["Organisations"] == 5
    assert shown["Countries"] == 2


def test_home_figures_follow_the_database(client, network):
    OrganisationFactory()
    assert figures(client.get("/en/").content.decode())["Organisations"] == 4


def test_home_figures_on_an_empty_portal(client):
    shown = figures(client.get("/en/").content.decode())
    assert shown["Organisations"] == 0
    assert shown["Countries"] == 0
    assert shown["Working groups"] == 0


@pytest.mark.parametrize(("lang", "name"), [("fr", "Groupe de Paris"), ("en", "Paris group")])
def test_home_lists_the_working_groups_in_the_page_language(client, network, lang, name):
    assert name in client.get(f"/{lang}/").content.decode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_lists_the_seven_sectors_with_links_to_the_directory(client, lang):
    content = client.get(f"/{lang}/").content.decode()
    for code in (
        "justice",
        "police",
        "medico-legal",
        "child-welfare",
        "education",
        "ngo",
        "private",
    ):
        assert f'href="/{lang}/stakeholders/?sector={code}"' in content


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_and_about_mention_article_10(client, lang):
    for url in (f"/{lang}/", f"/{lang}/about/"):
        response = client.get(url)
        assert response.status_code == 200
        assert re.search(r"[Aa]rticle 10", response.content.decode()), url


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_about_explains_article_10_in_its_main_content(client, lang):
    content = main_of(client.get(f"/{lang}/about/").content.decode())
    assert re.search(r"[Aa]rticle 10", content)
    assert "Lanzarote" in content


def test_about_states_the_figures(client, network):
    content = client.get("/en/about/").content.decode()
    for figure in ("3 organisations", "7 sectors", "2 countries", "0 published practices"):
        assert figure in content
    # Each figure takes its own plural (never "1 countries").


def test_about_uses_the_singular_for_one(client, db):
    OrganisationFactory()
    content = client.get("/en/about/").content.decode()
    assert "1 organisation<" in content
    assert "1 country<" in content


def test_about_describes_every_sector_in_the_page_language(client):
    en = client.get("/en/about/").content.decode()
    fr = client.get("/fr/about/").content.decode()
    assert "Law enforcement" in en
    assert "Police and gendarmerie units that work with child victims." in en
    assert "Police et gendarmerie" in fr
    assert "Unités de police et de gendarmerie chargées des mineurs victimes." in fr


def test_directory_filters_by_sector_code(client):
    police = OrganisationFactory(name="Brigade de test", sector=sector("police"))
    ngo = OrganisationFactory(name="Association de test", sector=sector("ngo"))
    justice = OrganisationFactory(name="Parquet de test", sector=sector("justice"))

    response = client.get("/fr/stakeholders/?sector=police")
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [police]

    response = client.get("/fr/stakeholders/?sector=police&sector=ngo")
    assert set(response.context["object_list"]) == {police, ngo}
    assert justice.name not in main_of(response.content.decode())


def test_directory_reports_an_unknown_sector_instead_of_failing(client):
    OrganisationFactory()
    response = client.get("/en/stakeholders/?sector=astrology")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


# The layout ------------------------------------------------------------------------------

PUBLIC_PAGES = [
    "/fr/",
    "/en/",
    "/fr/about/",
    "/en/about/",
    "/fr/stakeholders/",
    "/en/stakeholders/groups/",
    "/fr/accounts/login/",
    "/en/accounts/signup/",
    "/fr/accounts/password/reset/",
    "/en/accounts/invitation/unknown-token/",
    "/fr/no-such-page/",
]


@pytest.fixture
def public_pages(network):
    organisation = OrganisationFactory(slug="visible-org")
    group = WorkingGroupFactory(slug="visible-group")
    return [*PUBLIC_PAGES, f"/en/stakeholders/{organisation.slug}/", group.get_absolute_url()]


def test_public_pages_answer(client, public_pages):
    for url in public_pages:
        expected = 404 if "no-such-page" in url or "unknown-token" in url else 200
        assert client.get(url).status_code == expected, url


def test_every_page_has_one_h1_a_main_landmark_and_a_skip_link(
    client, public_pages, coordinator, group
):
    pages = [(Client(), url) for url in public_pages]
    logged_in = Client()
    logged_in.force_login(coordinator)
    pages += [
        (logged_in, url)
        for url in (
            "/fr/",
            "/en/accounts/password/change/",
            "/fr/accounts/logout/",
            group.get_absolute_url(),
            f"/fr/stakeholders/groups/{group.slug}/invite/",
        )
    ]
    for page_client, url in pages:
        response = page_client.get(url)
        assert response.status_code in (200, 404), url
        content = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", content)) == 1, url
        assert len(re.findall(r'<main id="main"', content)) == 1, url
        skip = re.search(r'<a class="skip-link" href="#main">', content)
        assert skip, url
        # The skip link comes first, then the header, which holds the quick exit, before the
        # navigation (the quick exit has its own place in the header: see browser/test_walk.py).
        assert (
            content.index("skip-link")
            < content.index("<header")
            < content.index("data-quick-exit")
            < content.index("</header>")
            < content.index('class="main-nav"')
        ), url


def test_public_pages_offer_a_quick_exit_to_the_configured_url(client, public_pages, settings):
    settings.QUICK_EXIT_URL = "https://www.example.com/weather?city=paris&days=3"
    for url in public_pages:
        content = client.get(url).content.decode()
        links = re.findall(r"<a\b[^>]*\bdata-quick-exit\b[^>]*>", content)
        assert len(links) == 1, url
        href = re.search(r'href="([^"]+)"', links[0]).group(1)
        assert html.unescape(href) == settings.QUICK_EXIT_URL, url


def test_quick_exit_defaults_to_a_neutral_site(client):
    content = client.get("/fr/").content.decode()
    link = re.search(r"<a\b[^>]*\bdata-quick-exit\b[^>]*>", content).group(0)
    assert f'href="{html.escape(settings.QUICK_EXIT_URL)}"' in link
    assert 'rel="noreferrer noopener"' in link


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_footer_shows_the_child_helplines(client, lang):
    content = client.get(f"/{lang}/about/").content.decode()
    footer = content.split('<footer class="site-footer">', 1)[1]
    assert 'href="tel:119"' in footer
    assert ">119<" in footer
    assert 'href="tel:116111"' in footer
    assert "116 111" in footer
    assert 'href="tel:112"' in footer


def test_pages_send_the_security_headers(client):
    response = client.get("/fr/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/fr/", "/en/about/", "/fr/accounts/login/"])
def test_pages_load_their_assets_from_the_portal_itself(client, url):
    content = client.get(url).content.decode()
    assets = re.findall(r'<script[^>]*\bsrc="([^"]+)"', content)
    assets += re.findall(r'<link[^>]*rel="(?:stylesheet|icon)"[^>]*href="([^"]+)"', content)
    assets += re.findall(r'<img[^>]*\bsrc="([^"]+)"', content)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset


# ---------------------------------------------------------------- the layout's kept parts


def footer_of(page: str) -> str:
    return page.split('<footer class="site-footer">', 1)[1]


def test_the_kept_header_and_footer_are_each_language_s(client):
    """Kept once per process (base.html's {% cache %}), per language: a French page after
    an English one is French throughout."""
    english = client.get("/en/about/").content.decode()
    french = client.get("/fr/about/").content.decode()
    english_again = client.get("/en/about/").content.decode()

    assert 'href="/en/privacy/"' in footer_of(english) and "Privacy" in footer_of(english)
    assert 'href="/fr/privacy/"' in footer_of(french) and "Confidentialité" in footer_of(french)
    assert "Leave this site quickly" in english and "Quitter ce site rapidement" in french
    assert footer_of(english_again) == footer_of(english)


def test_the_kept_footer_follows_the_path_the_portal_is_served_under(client):
    """Behind a proxy that serves the portal under a path, its links carry that path; the
    footer kept without it is not served there, nor the other way round."""
    client.get("/en/about/")
    set_script_prefix("/portal/")
    try:
        under_a_path = client.get("/en/about/").content.decode()
    finally:
        set_script_prefix("/")
    at_the_root = client.get("/en/about/").content.decode()

    assert 'href="/portal/en/privacy/"' in footer_of(under_a_path)
    assert 'href="/portal/en/"' in under_a_path.split("</header>")[0]
    assert 'href="/en/privacy/"' in footer_of(at_the_root)
    assert "/portal/" not in at_the_root


def test_the_kept_header_follows_the_quick_exit_address(client, settings):
    client.get("/en/about/")
    settings.QUICK_EXIT_URL = "https://weather.example/"
    page = client.get("/en/about/").content.decode()
    assert 'href="https://weather.example/"' in page.split("</header>")[0]
