"""Logging in, out and resetting a password with django-allauth; no public sign-up."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD
from tests.factories import UserFactory

User = get_user_model()


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_page_uses_email_and_password(db, client):
    response = client.get("/fr/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="login"' in html
    assert 'type="email"' in html
    assert 'name="password"' in html
    assert "signup" not in html.split('<main id="main"')[1].split("</main>")[0]


def test_login_with_email_and_password_logs_in(member, client):
    response = client.post("/fr/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/fr/espace/"
    assert logged_in_as(client) == str(member.pk)


def test_login_follows_a_safe_next_url(member, client):
    response = client.post(
        "/en/accounts/login/?next=/en/stakeholders/",
        {"login": member.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/stakeholders/"


def test_login_ignores_an_offsite_next_url(member, client):
    response = client.post(
        "/en/accounts/login/?next=https://evil.example.com/",
        {"login": member.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_login_with_wrong_password_shows_an_error_and_does_not_log_in(member, client):
    response = client.post(
        "/fr/accounts/login/", {"login": member.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    # allauth's French catalogue says the email address or the password is wrong.
    assert "mot de passe sont incorrects" in errors[0]
    assert errors[0] in response.content.decode()
    assert logged_in_as(client) is None


def test_login_error_is_the_same_for_an_unknown_email(member, client):
    known = client.post("/en/accounts/login/", {"login": member.email, "password": "wrong-1"})
    unknown = Client().post(
        "/en/accounts/login/", {"login": "nobody@example.org", "password": "wrong-1"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_inactive_user_cannot_log_in(db, client):
    user = UserFactory(is_active=False)
    client.post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert logged_in_as(client) is None


def test_logout_needs_a_post(member, client):
    client.force_login(member)
    page = client.get("/fr/accounts/logout/")
    assert page.status_code == 200
    assert logged_in_as(client) == str(member.pk)
    assert "<form" in page.content.decode()

    response = client.post("/fr/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert logged_in_as(client) is None


def test_logged_in_layout_offers_a_logout_form_not_a_link(member, client):
    client.force_login(member)
    html = client.get("/fr/").content.decode()
    assert 'method="post" action="/fr/accounts/logout/"' in html
    assert 'href="/fr/accounts/logout/"' not in html


# No public sign-up -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_signup_page_is_closed(db, client, lang):
    response = client.get(f"/{lang}/accounts/signup/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Inscriptions fermées" if lang == "fr" else "Sign Up Closed") in html
    assert 'name="password1"' not in html


def test_signup_post_creates_no_user(db, client):
    response = client.post(
        "/fr/accounts/signup/",
        {
            "email": "intrus@example.org",
            "password1": "Tournesol-Canal-Saint-Martin-42",
            "password2": "Tournesol-Canal-Saint-Martin-42",
        },
    )
    assert response.status_code == 200
    assert "Inscriptions fermées" in response.content.decode()
    assert not User.objects.filter(email="intrus@example.org").exists()
    assert logged_in_as(client) is None


def test_login_page_does_not_link_to_signup(db, client):
    assert "/accounts/signup/" not in client.get("/en/accounts/login/").content.decode()


# Password reset ----------------------------------------------------------------------------


def test_password_reset_does_not_reveal_which_addresses_have_an_account(member, mailoutbox):
    known_client, unknown_client = Client(), Client()
    known = known_client.post("/fr/accounts/password/reset/", {"email": member.email})
    unknown = unknown_client.post("/fr/accounts/password/reset/", {"email": "inconnu@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/fr/accounts/password/reset/done/"

    known_page = known_client.get(known["Location"])
    unknown_page = unknown_client.get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200

    def visible(page):
        # The CSRF token in the logout form is the only part allowed to differ.
        return page.content.decode().split('<main id="main"')[1].split("</main>")[0]

    assert visible(known_page) == visible(unknown_page)

    # The account holder gets a reset link; an unknown address gets nothing (sign-up is
    # closed: ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off).
    assert [m.to for m in mailoutbox] == [[member.email]]
    to_known = mailoutbox[0]
    assert "/fr/accounts/password/reset/key/" in to_known.body
    assert to_known.subject.startswith("[Lanzarote] ")


def test_password_reset_link_sets_a_new_password(member, client, mailoutbox):
    client.post("/en/accounts/password/reset/", {"email": member.email})
    body = mailoutbox[0].body
    link = next(word for word in body.split() if "/accounts/password/reset/key/" in word)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    new_password = "Nouveau-Mot-De-Passe-Solide-7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)
    # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off: the user logs in themselves.
    assert logged_in_as(client) is None


# Password change ---------------------------------------------------------------------------


def test_password_change_page_requires_login(db, client):
    response = client.get("/fr/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_member_changes_password(member, client):
    client.force_login(member)
    assert client.get("/fr/accounts/password/change/").status_code == 200
    new_password = "Nouveau-Mot-De-Passe-Solide-7"
    response = client.post(
        "/fr/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)
    # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off: the session survives.
    assert logged_in_as(client) == str(member.pk)


def test_password_change_refuses_a_weak_password(member, client):
    client.force_login(member)
    response = client.post(
        "/fr/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "court", "password2": "court"},
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
