"""No request body beyond MAX_REQUEST_BODY_MB is read: a larger one is answered 413 with a
translated page before a byte of it is read, a chunked one 411; the largest attachment
and its form still pass."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from lanzarote.middleware import RequestBodyLimitMiddleware
from practices.models import Attachment, Practice
from practices.uploads import MAX_ATTACHMENT_BYTES, MiB
from tests.practices.factories import org_of
from tests.practices.test_forms import complete_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Endless:
    """A request body that never ends, counting what is read of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return bytes(size)

    def readline(self, size=-1):
        return self.read(size)


def post_announcing(client, path, length, **extra):
    body = Endless()
    response = client.generic(
        "POST",
        path,
        b"-",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
        **extra,
    )
    return response, body


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Too large to send", "The portal accepts at most 12 MB at a time"),
        ("fr", "Trop volumineux pour être envoyé", "Le portail accepte au plus 12 Mo à la fois"),
    ],
)
def test_a_body_over_the_limit_is_answered_413_before_it_is_read(client, member, lang, title, text):
    client.force_login(member)
    response, body = post_announcing(client, f"/{lang}/practices/new/", 60 * MiB)

    assert response.status_code == 413
    assert body.read_bytes == 0
    content = response.content.decode()
    assert f"<h1>{title}</h1>" in content
    assert text in content
    assert "Content-Security-Policy" in response  # a page like any other
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_the_page_leads_back_to_the_form_of_this_site_only(client, member):
    client.force_login(member)
    same_site = "http://testserver/en/practices/new/"
    response, _body = post_announcing(
        client, "/en/practices/new/", 60 * MiB, HTTP_REFERER=same_site
    )
    assert f'href="{same_site}"' in response.content.decode()
    response, _body = post_announcing(
        client, "/en/practices/new/", 60 * MiB, HTTP_REFERER="https://evil.example/"
    )
    assert "evil.example" not in response.content.decode()
    assert "Back to the form" not in response.content.decode()


def test_anonymous_visitors_and_every_address_get_the_same_answer(client):
    for path in ("/en/accounts/login/", "/api/v1/practices/", "/fr/no-such-page/"):
        response, body = post_announcing(client, path, 13 * MiB)
        assert response.status_code == 413, path
        assert body.read_bytes == 0


def test_a_body_of_unannounced_length_is_answered_411_unread(client):
    body = Endless()
    response = client.generic(
        "POST",
        "/en/accounts/login/",
        b"-",
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body, "CONTENT_LENGTH": ""},
    )
    assert response.status_code == 411
    assert "<h1>Size unknown</h1>" in response.content.decode()
    assert body.read_bytes == 0


def test_the_largest_attachment_and_its_form_still_pass(client, group, member):
    client.force_login(member)
    largest = PDF + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF))
    data = complete_post(
        group, org_of(member), attachments=[("Rapport", SimpleUploadedFile("r.pdf", largest))]
    )

    response = client.post("/en/practices/new/", data)

    assert response.status_code == 302
    assert Attachment.objects.get().size == MAX_ATTACHMENT_BYTES


def test_a_real_upload_over_the_limit_saves_nothing(client, group, member, settings):
    settings.MAX_REQUEST_BODY_BYTES = MAX_ATTACHMENT_BYTES + MiB  # read when the stack is built
    client.force_login(member)
    too_big = PDF + b"0" * (MAX_ATTACHMENT_BYTES + MiB)
    data = complete_post(
        group, org_of(member), attachments=[("Rapport", SimpleUploadedFile("r.pdf", too_big))]
    )

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 413
    assert "Le portail accepte au plus 11 Mo à la fois" in response.content.decode()
    assert not Practice.objects.exists()


def test_a_limit_too_small_for_the_largest_attachment_stops_the_portal(settings):
    settings.MAX_REQUEST_BODY_BYTES = MAX_ATTACHMENT_BYTES
    with pytest.raises(ImproperlyConfigured, match="MAX_REQUEST_BODY_MB"):
        RequestBodyLimitMiddleware(lambda request: None)
