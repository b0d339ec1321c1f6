"""sitemap.xml (published practices, organisations, public pages, in both languages, never
a practice that is not published) and robots.txt."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from practices.models import Practice

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("sm:url", NS):
        loc = urlsplit(url.find("sm:loc", NS).text)
        assert loc.netloc == "testserver"
        alternates = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.findall("xhtml:link", NS)
        }
        entries[loc.path] = alternates
    return entries


def url_in(language, obj):
    with translation.override(language):
        return obj.get_absolute_url()


def test_the_sitemap_lists_published_practices_in_both_languages(client, network):
    entries = sitemap(client)
    for practice in network.published:
        fr, en = url_in("fr", practice), url_in("en", practice)
        assert fr.startswith("/fr/")
        assert en.startswith("/en/")
        assert fr in entries
        assert en in entries
        assert entries[fr]["en"] == en
        assert entries[en]["fr"] == fr


def test_the_sitemap_lists_organisations_in_both_languages(client, network):
    entries = sitemap(client)
    for organisation in network.organisations.values():
        assert url_in("fr", organisation) in entries
        assert url_in("en", organisation) in entries


def test_the_sitemap_lists_the_public_pages_in_both_languages(client, network):
    entries = sitemap(client)
    pages = ("", "about/", "privacy/", "contact/", "insight/", "practices/", "stakeholders/")
    for path in (*pages, "meetings/"):
        assert f"/fr/{path}" in entries
        assert f"/en/{path}" in entries


def test_the_sitemap_never_lists_a_practice_that_is_not_published(client, network):
    content = client.get("/sitemap.xml").content.decode()
    for practice in network.hidden.values():
        assert practice.slug not in content
    practice_paths = {
        path for path in sitemap(client) if path.startswith(("/fr/practices/", "/en/practices/"))
    }
    published = set()
    for practice in network.published:
        published |= {url_in("fr", practice), url_in("en", practice)}
    assert practice_paths - {"/fr/practices/", "/en/practices/"} == published


def test_a_practice_leaves_the_sitemap_when_archived(client, network):
    practice = network.practices["p2"]
    practice.status = Practice.Status.ARCHIVED
    practice.save()
    assert url_in("en", practice) not in sitemap(client)


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    lines = robots(client)
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Nothing public is shut out as a whole.
    assert "Disallow: /" not in lines
    assert "Disallow:" not in lines


def test_robots_txt_does_not_disallow_what_the_sitemap_lists(client, network):
    disallowed = [
        line.split(":", 1)[1].strip() for line in robots(client) if line.startswith("Disallow:")
    ]
    for path in sitemap(client):
        for prefix in disallowed:
            assert not path.startswith(prefix), (path, prefix)


def test_the_sitemap_url_named_in_robots_txt_answers(client, network):
    line = next(line for line in robots(client) if line.startswith("Sitemap:"))
    url = urlsplit(line.split(":", 1)[1].strip())
    assert client.get(url.path).status_code == 200
