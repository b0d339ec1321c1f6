"""“My account” (/fr/compte/, /en/my-account/): members correct their own job title, phone,
languages spoken and preferred language; the page leads to allauth's email, password and
two-factor pages and to the GDPR export and erasure. Invitations set the new account's
language."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from stakeholders.models import AuditEvent, Invitation, Person
from tests.accounts.test_invitations import (
    GOOD_PASSWORD,
    NEW_EMAIL,
    accept,
    invite,
    invite_url,
    link_in,
)
from tests.factories import member_user

User = get_user_model()

pytestmark = pytest.mark.django_db

GOOD = {
    "job_title": "Juge des enfants",
    "phone": "+33 1 44 32 51 51",
    "languages": ["fr", "es"],
    "language": "en",
}


def test_account_page_has_a_french_and_an_english_address(client, member):
    client.force_login(member)
    assert client.get("/fr/compte/").status_code == 200
    assert client.get("/en/my-account/").status_code == 200


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get("/fr/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/?next=/fr/compte/")
    response = client.post("/fr/compte/", GOOD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_account_page_leads_to_email_password_two_factor_and_my_data(client, member):
    client.force_login(member)
    html = client.get("/fr/compte/").content.decode()
    for url in (
        "/fr/accounts/email/",
        "/fr/accounts/password/change/",
        "/fr/accounts/2fa/",
        "/fr/accounts/my-data/?format=json",
        "/fr/accounts/my-data/#erase-heading",
    ):
        assert f'href="{url}"' in html
        assert client.get(url.split("#")[0]).status_code == 200


def test_member_corrects_their_own_record(client, member):
    client.force_login(member)
    response = client.post("/fr/compte/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/fr/compte/"
    person = Person.objects.get(user=member)
    assert person.job_title == "Juge des enfants"
    assert person.phone == "+33 1 44 32 51 51"
    assert person.languages == ["fr", "es"]
    member.refresh_from_db()
    assert member.language == "en"
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_CHANGED)
    assert event.actor == member
    assert event.details == {"fields": ["job_title", "languages", "phone"]}
    page = client.get("/fr/compte/").content.decode()
    assert "Vos coordonnées ont été enregistrées." in page
    assert 'value="Juge des enfants"' in page


def test_the_form_shows_the_current_record(client, member):
    person = Person.objects.get(user=member)
    person.job_title = "Médecin légiste"
    person.languages = ["de"]
    person.save()
    client.force_login(member)
    html = client.get("/en/my-account/").content.decode()
    assert 'value="Médecin légiste"' in html
    assert re.search(r'<input type="checkbox" name="languages" value="de"[^>]* checked', html)
    assert not re.search(r'<input type="checkbox" name="languages" value="fr"[^>]* checked', html)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("language", "de", "Sélectionnez un choix valide"),
        ("languages", "klingon", "Sélectionnez un choix valide"),
        ("phone", "1" * 41, "au plus 40 caractères"),
        ("job_title", "x" * 201, "au plus 200 caractères"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_saved(
    client, member, field, value, message
):
    client.force_login(member)
    before = Person.objects.get(user=member)
    response = client.post("/fr/compte/", {**GOOD, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Veuillez corriger les points suivants" in html
    assert message in html
    # What was typed is still there.
    assert "Juge des enfants" in html or field == "job_title"
    after = Person.objects.get(user=member)
    assert (after.job_title, after.phone, after.languages) == (
        before.job_title,
        before.phone,
        before.languages,
    )
    member.refresh_from_db()
    assert member.language == "fr"


def test_coordinator_edits_only_their_own_record_here(client, coordinator, member):
    client.force_login(coordinator)
    client.post("/fr/compte/", GOOD)
    assert Person.objects.get(user=coordinator).job_title == "Juge des enfants"
    assert Person.objects.get(user=member).job_title != "Juge des enfants"


def test_a_member_cannot_edit_someone_elses_person_page(client, member, group):
    other = member_user(group)
    client.force_login(member)
    response = client.get(f"/fr/stakeholders/people/{Person.objects.get(user=other).pk}/edit/")
    assert response.status_code == 403


def test_a_member_opening_their_own_person_page_is_sent_to_my_account(client, member):
    client.force_login(member)
    response = client.get(f"/fr/stakeholders/people/{Person.objects.get(user=member).pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/compte/"


def test_staff_without_a_person_record_chooses_only_a_language(client, staff):
    client.force_login(staff)
    html = client.get("/fr/compte/").content.decode()
    assert 'name="language"' in html
    assert 'name="job_title"' not in html
    response = client.post("/fr/compte/", {"language": "en"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.language == "en"


def test_account_without_a_group_can_set_its_language(client, outsider):
    client.force_login(outsider)
    assert client.post("/fr/compte/", {"language": "en"}).status_code == 302
    outsider.refresh_from_db()
    assert outsider.language == "en"


def test_exported_data_holds_the_languages(client, member):
    client.force_login(member)
    client.post("/fr/compte/", GOOD)
    data = client.get("/fr/accounts/my-data/?format=json").json()
    assert data["account"]["language"] == "en"
    assert data["person"]["languages"] == ["fr", "es"]


# The language of new accounts ---------------------------------------------------------------


def test_new_users_get_the_site_language_by_default(db):
    assert User.objects.create_user(email="nouveau@example.org").language == "fr"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_invitation_from_a_page_gives_the_account_that_pages_language(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
    lang,
):
    invite(
        client_for(coordinator),
        group,
        directory_organisation,
        django_capture_on_commit_callbacks,
        lang=lang,
    )
    assert Invitation.objects.get().language == lang
    link, _, _ = link_in(mailoutbox[0])
    accept(Client(), link)
    assert User.objects.get(email=NEW_EMAIL).language == lang


def test_the_inviter_chooses_the_invitation_language(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    form = client.get(invite_url(group)).content.decode()
    assert 'name="language"' in form
    response = invite(
        client, group, directory_organisation, django_capture_on_commit_callbacks, language="en"
    )
    assert response.status_code == 302
    link, lang, _ = link_in(mailoutbox[0])
    assert lang == "en"
    assert mailoutbox[0].subject.startswith("Invitation to join")
    accept(Client(), link, GOOD_PASSWORD)
    assert User.objects.get(email=NEW_EMAIL).language == "en"


def test_the_organisation_page_leads_its_members_to_my_account(client, member):
    organisation = Person.objects.get(user=member).organisation
    client.force_login(member)
    html = client.get(f"/fr/stakeholders/{organisation.slug}/").content.decode()
    assert 'href="/fr/compte/"' in html.split('id="people-heading"')[1]
    assert "Corriger mes propres coordonnées" in html


def test_other_organisations_pages_do_not(client, member, other_member):
    organisation = Person.objects.get(user=other_member).organisation
    client.force_login(member)
    html = client.get(f"/fr/stakeholders/{organisation.slug}/").content.decode()
    assert "Corriger mes propres coordonnées" not in html
