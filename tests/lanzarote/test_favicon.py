"""/favicon.ico answers (browsers and feed readers ask for it without reading the page), and
every page names its icons."""

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_an_icon_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/img/favicon")
    assert response["Location"].endswith(".ico")
    assert "max-age=86400" in response["Cache-Control"]
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_link_to_the_icons(client, lang):
    page = client.get(f"/{lang}/about/").content.decode()
    assert 'rel="icon" href="/static/img/favicon' in page
    assert ".ico" in page
    assert "favicon.svg" in page
