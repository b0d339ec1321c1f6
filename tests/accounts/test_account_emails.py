"""allauth's emails name the portal, in the account's language (whatever the page's),
never the host name ("Bonjour, c'est 127.0.0.1 !")."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "hello", "portal"),
    [
        ("fr", "Bonjour,", "Le portail du groupe de travail Lanzarote"),
        ("en", "Hello,", "The Lanzarote working group portal"),
    ],
)
def test_the_password_reset_email_names_the_portal(member, mailoutbox, lang, hello, portal):
    member.language = lang
    member.save()
    other = "en" if lang == "fr" else "fr"
    Client().post(f"/{other}/accounts/password/reset/", {"email": member.email})
    (message,) = mailoutbox
    assert message.subject.startswith("[Lanzarote] ")
    assert message.body.startswith(hello)
    assert portal in message.body
    assert f"https://portal.example.org/{lang}/" in message.body
    assert "testserver!" not in message.body
    assert "c'est testserver" not in message.body
    assert "Hello from" not in message.body
    assert f"/{lang}/accounts/password/reset/key/" in message.body


def test_a_reset_request_for_an_unknown_address_mails_nobody(db, mailoutbox):
    """Sign-up is closed: an invitation to sign up would only tell a stranger that the
    address has no account (allauth's notice is turned off)."""
    response = Client().post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []
