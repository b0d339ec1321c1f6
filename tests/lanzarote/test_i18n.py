"""Bilingual pages: language prefix, switcher, <html lang>, hreflang, translated content."""

import gettext
import html
import io
import os
import re

import pytest
from django.core.management import call_command

from tests.factories import OrganisationFactory, sector

pytestmark = pytest.mark.django_db


def hrefs(page, selector_attr):
    """``(hreflang, href)`` of the links and <link>s that carry ``selector_attr``."""
    content = page.content.decode()
    pairs = []
    for tag in re.findall(rf"<(?:a|link)\b[^>]*{selector_attr}[^>]*>", content):
        lang = re.search(r'hreflang="([^"]+)"', tag)
        href = re.search(r'href="([^"]+)"', tag)
        if lang and href:
            pairs.append((lang.group(1), html.unescape(href.group(1))))
    return pairs


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("en", "/en/"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "/fr/"),
        ("fr-FR", "/fr/"),
        ("de", "/fr/"),
        ("de-DE,it;q=0.8", "/fr/"),
    ],
)
def test_root_redirects_by_browser_language(client, accept_language, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == target


def test_root_redirect_varies_with_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept-Language" in response.get("Vary", "")


def test_root_without_accept_language_goes_to_french(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_unprefixed_page_redirects_to_prefixed_page(client):
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/about/"


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_language_switcher_keeps_the_page_and_the_query(client, lang, other):
    page = client.get(f"/{lang}/stakeholders/?sector=police&kind=public")
    assert page.status_code == 200
    switcher = dict(hrefs(page, r'lang="(?:fr|en)"'))
    assert switcher[other] == f"/{other}/stakeholders/?sector=police&kind=public"
    assert switcher[lang] == f"/{lang}/stakeholders/?sector=police&kind=public"


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_language_switcher_marks_the_current_language(client, lang, other):
    content = client.get(f"/{lang}/stakeholders/?sector=police").content.decode()
    current = re.search(r'<a [^>]*aria-current="true"[^>]*>', content).group(0)
    assert f'hreflang="{lang}"' in current
    assert f'href="/{lang}/stakeholders/?sector=police"' in current
    assert f'href="/{other}/stakeholders/?sector=police"' in content


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_lang_matches_the_url(client, lang):
    content = client.get(f"/{lang}/about/").content.decode()
    assert re.search(r"<html[^>]*\blang=\"([a-z-]+)\"", content).group(1) == lang


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_hreflang_alternates_point_to_both_languages_of_the_same_page(client, lang):
    page = client.get(f"/{lang}/stakeholders/?sector=police")
    alternates = dict(hrefs(page, r'rel="alternate"'))
    assert alternates == {
        "fr": "http://testserver/fr/stakeholders/?sector=police",
        "en": "http://testserver/en/stakeholders/?sector=police",
        # Visitors whose language is neither get the French page, the portal's default.
        "x-default": "http://testserver/fr/stakeholders/?sector=police",
    }


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("fr", "Police et gendarmerie", "Law enforcement"),
        ("en", "Law enforcement", "Police et gendarmerie"),
    ],
)
def test_sector_names_follow_the_page_language(client, lang, expected, absent):
    OrganisationFactory(sector=sector("police"), name="Unité de test")
    for url in (f"/{lang}/", f"/{lang}/stakeholders/", f"/{lang}/stakeholders/?sector=police"):
        content = client.get(url).content.decode()
        assert expected in content, url
        assert absent not in content, url


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("fr", "Une organisation de démonstration.", "A demonstration organisation."),
        ("en", "A demonstration organisation.", "Une organisation de démonstration."),
    ],
)
def test_organisation_description_follows_the_page_language(client, lang, expected, absent):
    organisation = OrganisationFactory()
    content = client.get(f"/{lang}/stakeholders/{organisation.slug}/").content.decode()
    assert expected in content
    assert absent not in content


def test_missing_english_description_falls_back_to_french(client):
    organisation = OrganisationFactory(description_en="")
    content = client.get(f"/en/stakeholders/{organisation.slug}/").content.decode()
    assert "Une organisation de démonstration." in content


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Mot de passe oublié"), ("en", "Forgot your password?")],
)
def test_interface_strings_follow_the_page_language(client, lang, expected):
    # allauth's own catalogue is complete in both languages.
    assert expected in client.get(f"/{lang}/accounts/login/").content.decode()


def test_language_choice_in_the_url_wins_over_the_browser(client):
    page = client.get("/en/about/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert 'lang="en"' in page.content.decode()[:200]


# Compiled catalogues ---------------------------------------------------------------------

PO_TEMPLATE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {lang}\\n"

msgid "Leave this site quickly"
msgstr "{translation}"
"""


def write_po(root, lang, translation):
    po_path = root / lang / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(PO_TEMPLATE.format(lang=lang, translation=translation), encoding="utf-8")
    return po_path


def read_mo(mo_path, message):
    with mo_path.open("rb") as mo_file:
        return gettext.GNUTranslations(mo_file).gettext(message)


def test_compiletranslations_writes_a_mo_for_every_po(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    fr = write_po(tmp_path / "locale", "fr", "Quitter ce site rapidement")
    en = write_po(tmp_path / "locale", "en", "Leave this site now")
    out = io.StringIO()
    call_command("compiletranslations", stdout=out)
    assert "2 catalogue(s) compiled" in out.getvalue()
    assert read_mo(fr.with_suffix(".mo"), "Leave this site quickly") == (
        "Quitter ce site rapidement"
    )
    assert read_mo(en.with_suffix(".mo"), "Leave this site quickly") == "Leave this site now"


def test_compiletranslations_skips_up_to_date_catalogues_unless_forced(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    po_path = write_po(tmp_path / "locale", "fr", "Quitter ce site rapidement")
    call_command("compiletranslations", stdout=io.StringIO())

    out = io.StringIO()
    call_command("compiletranslations", stdout=out)
    assert "0 catalogue(s) compiled" in out.getvalue()

    out = io.StringIO()
    call_command("compiletranslations", "--force", stdout=out)
    assert "1 catalogue(s) compiled" in out.getvalue()

    # An edited catalogue is compiled again.
    po_path.write_text(PO_TEMPLATE.format(lang="fr", translation="Partir vite"), encoding="utf-8")
    mo_path = po_path.with_suffix(".mo")
    os.utime(po_path, (mo_path.stat().st_mtime + 10,) * 2)
    call_command("compiletranslations", stdout=io.StringIO())
    assert read_mo(mo_path, "Leave this site quickly") == "Partir vite"
