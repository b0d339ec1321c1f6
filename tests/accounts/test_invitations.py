"""Invitations: a coordinator invites an email address; the invitee sets a password."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from stakeholders import services
from stakeholders.models import Invitation, Membership, Person
from tests.factories import OrganisationFactory

User = get_user_model()

NEW_EMAIL = "nouvelle.personne@example.org"
GOOD_PASSWORD = "Tournesol-Canal-Saint-Martin-42"
LINK_RE = re.compile(r"https://portal\.example\.org/(fr|en)/accounts/invitation/([A-Za-z0-9_-]+)/")


def invite_url(group, lang="fr"):
    return f"/{lang}/stakeholders/groups/{group.slug}/invite/"


def invite(
    client, group, organisation, capture, *, email=NEW_EMAIL, role="member", lang="fr", **extra
):
    data = {
        "email": email,
        "first_name": "Camille",
        "last_name": "Durand",
        "organisation": organisation.pk,
        "role": role,
        **extra,
    }
    with capture(execute=True):
        return client.post(invite_url(group, lang), data)


def link_in(message):
    match = LINK_RE.search(message.body)
    assert match, message.body
    return match.group(0), match.group(1), match.group(2)


def accept(client, link, password1=GOOD_PASSWORD, password2=None):
    return client.post(link, {"password1": password1, "password2": password2 or password1})


# Sending ---------------------------------------------------------------------------------


def test_coordinator_invites_new_email_and_one_email_leaves_after_commit(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            invite_url(group),
            {
                "email": NEW_EMAIL,
                "first_name": "Camille",
                "last_name": "Durand",
                "organisation": directory_organisation.pk,
                "role": "member",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    # Nothing leaves before the transaction commits.
    assert len(mailoutbox) == 0
    assert len(callbacks) == 1
    callbacks[0]()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [NEW_EMAIL]
    _, lang, token = link_in(message)
    assert lang == "fr"

    invitation = Invitation.objects.get()
    assert invitation.email == NEW_EMAIL
    assert invitation.group == group
    assert invitation.invited_by == coordinator
    assert invitation.accepted_at is None
    # Only the SHA-256 of the token is stored.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()
    # The person is in the directory, without a login yet.
    person = Person.objects.get(email=NEW_EMAIL)
    assert person.user is None
    assert person.organisation == directory_organisation
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert not Membership.objects.filter(person=person).exists()


def test_invitation_from_english_page_links_to_english_page(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    response = invite(
        client_for(coordinator),
        group,
        directory_organisation,
        django_capture_on_commit_callbacks,
        lang="en",
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    _, lang, _ = link_in(mailoutbox[0])
    assert lang == "en"


@time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("lang", "group_name", "expiry_text"),
    [("fr", "Groupe francilien", "12 mars 2026"), ("en", "Paris area group", "12 March 2026")],
)
def test_invitation_email_is_in_the_inviters_language(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
    lang,
    group_name,
    expiry_text,
):
    settings.INVITATION_VALID_DAYS = 7
    group.name_fr, group.name_en = "Groupe francilien", "Paris area group"
    group.save()
    invite(
        client_for(coordinator),
        group,
        directory_organisation,
        django_capture_on_commit_callbacks,
        lang=lang,
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert group_name in message.subject
    assert group_name in message.body
    # The expiry date is written the way the inviter's language writes dates.
    assert expiry_text in message.body
    assert f"/{lang}/accounts/invitation/" in message.body


def test_inviting_someone_with_an_account_adds_them_directly(
    client_for,
    coordinator,
    group,
    directory_organisation,
    outsider,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    password_before = outsider.password
    response = invite(
        client_for(coordinator),
        group,
        directory_organisation,
        django_capture_on_commit_callbacks,
        email=outsider.email.upper(),
    )
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    person = Person.objects.get(user=outsider)
    membership = Membership.objects.get(person=person, group=group)
    assert membership.role == Membership.Role.MEMBER
    outsider.refresh_from_db()
    assert outsider.password == password_before

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [outsider.email]
    assert "/accounts/invitation/" not in message.body
    assert "vous faites désormais partie de" in message.body  # French page, French email
    assert f"https://portal.example.org/fr/stakeholders/groups/{group.slug}/" in message.body


def test_inviting_an_existing_member_of_the_group_is_a_form_error(
    client_for,
    coordinator,
    group,
    member,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    response = invite(
        client_for(coordinator),
        group,
        directory_organisation,
        django_capture_on_commit_callbacks,
        email=member.email,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "est déjà membre de ce groupe de travail" in " ".join(form.non_field_errors())
    assert "est déjà membre de ce groupe de travail" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_with_an_organisation_outside_the_groups_directory_is_a_form_error(
    client_for,
    coordinator,
    group,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    stranger = OrganisationFactory(name="Hors annuaire")
    response = invite(client_for(coordinator), group, stranger, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Person.objects.filter(email=NEW_EMAIL).exists()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_service_refuses_an_organisation_outside_the_groups_directory(group, coordinator):
    stranger = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            group=group,
            email=NEW_EMAIL,
            first_name="A",
            last_name="B",
            organisation=stranger,
            role="member",
            by=coordinator,
        )
    assert error.value.code == "organisation_outside_group"
    assert not Person.objects.filter(email=NEW_EMAIL).exists()


@pytest.mark.parametrize("who", [None, "member", "outsider", "other_coordinator"])
def test_only_the_groups_coordinators_may_invite(client_for, group, who, request):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(invite_url(group))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/accounts/login/")
    else:
        assert response.status_code == 403


def test_staff_may_invite_into_any_group(client_for, staff, group):
    assert client_for(staff).get(invite_url(group)).status_code == 200


# Accepting -------------------------------------------------------------------------------


@pytest.fixture
def sent_link(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """The link of an invitation to ``NEW_EMAIL`` as a coordinator, sent from the French page."""
    response = invite(
        client_for(coordinator),
        group,
        directory_organisation,
        django_capture_on_commit_callbacks,
        role="coordinator",
    )
    assert response.status_code == 302
    link, _, _ = link_in(mailoutbox[0])
    return link


def test_invitation_end_to_end_then_allauth_login_with_the_new_password(sent_link, group):
    invitee = Client()
    page = invitee.get(sent_link)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="password1"' in html
    assert 'name="password2"' in html
    assert NEW_EMAIL in html

    response = accept(invitee, sent_link)
    assert response.status_code == 302
    assert response["Location"] == "/fr/espace/"

    user = User.objects.get(email=NEW_EMAIL)
    assert user.check_password(GOOD_PASSWORD)
    assert user.is_active
    assert user.full_name == "Camille Durand"
    person = Person.objects.get(email=NEW_EMAIL)
    assert person.user == user
    membership = Membership.objects.get(person=person, group=group)
    assert membership.role == Membership.Role.COORDINATOR
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    # Logged in at once.
    assert invitee.session["_auth_user_id"] == str(user.pk)
    home = invitee.get("/fr/")
    assert home.context["user"] == user

    logout = invitee.post("/fr/accounts/logout/")
    assert logout.status_code == 302
    assert "_auth_user_id" not in invitee.session

    login = invitee.post(
        "/fr/accounts/login/", {"login": NEW_EMAIL.upper(), "password": GOOD_PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == "/fr/espace/"
    assert invitee.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("password1", "password2", "field", "fragment"),
    [
        ("court", "court", "password1", "trop court"),
        ("1234567890123", "1234567890123", "password1", "entièrement numérique"),
        ("password123", "password123", "password1", "trop courant"),
        (GOOD_PASSWORD, GOOD_PASSWORD + "x", "password2", "ne correspondent pas"),
    ],
)
def test_weak_or_mismatched_password_is_refused_clearly_and_creates_nobody(
    sent_link, password1, password2, field, fragment
):
    invitee = Client()
    response = accept(invitee, sent_link, password1, password2)
    assert response.status_code == 200
    form = response.context["form"]
    assert fragment in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert fragment in html
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert Invitation.objects.get().accepted_at is None
    assert "_auth_user_id" not in invitee.session


def test_password_too_similar_to_the_email_is_refused(sent_link):
    response = accept(Client(), sent_link, NEW_EMAIL, NEW_EMAIL)
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_used_link_says_already_used_and_changes_nothing(sent_link):
    assert accept(Client(), sent_link).status_code == 302
    user = User.objects.get(email=NEW_EMAIL)
    password_hash = user.password
    accepted_at = Invitation.objects.get().accepted_at

    again = Client()
    page = again.get(sent_link)
    assert page.status_code == 410
    assert "a déjà été utilisé" in page.content.decode()
    assert 'name="password1"' not in page.content.decode()

    response = accept(again, sent_link, "Another-Strong-Password-77")
    assert response.status_code == 410
    assert "a déjà été utilisé" in response.content.decode()
    user.refresh_from_db()
    assert user.password == password_hash
    assert user.check_password(GOOD_PASSWORD)
    assert Invitation.objects.get().accepted_at == accepted_at
    assert User.objects.count() == User.objects.filter(email=NEW_EMAIL).count() + 1
    assert "_auth_user_id" not in again.session


def test_expired_link_says_expired_and_creates_nobody(sent_link, settings):
    later = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        invitee = Client()
        page = invitee.get(sent_link)
        assert page.status_code == 410
        assert "a expiré" in page.content.decode()
        response = accept(invitee, sent_link)
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert Invitation.objects.get().accepted_at is None


def test_link_still_works_just_before_it_expires(sent_link, settings):
    later = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=-1)
    with time_machine.travel(later, tick=False):
        assert Client().get(sent_link).status_code == 200


def test_link_whose_expiry_is_in_the_past_is_refused(sent_link):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = accept(Client(), sent_link)
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert not User.objects.filter(email=NEW_EMAIL).exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unknown_token_is_404_with_a_clear_message(db, lang):
    response = Client().get(f"/{lang}/accounts/invitation/not-a-real-token/")
    assert response.status_code == 404
    html = response.content.decode()
    expected = {"fr": "n’est pas valide", "en": "This invitation link is not valid"}[lang]
    assert expected in html
    assert 'name="password1"' not in html
    response = Client().post(
        f"/{lang}/accounts/invitation/not-a-real-token/",
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert response.status_code == 404
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_newer_invitation_makes_older_links_invalid(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    invite(client, group, directory_organisation, django_capture_on_commit_callbacks)
    invite(client, group, directory_organisation, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    old_link, _, _ = link_in(mailoutbox[0])
    new_link, _, _ = link_in(mailoutbox[1])
    assert old_link != new_link
    assert Invitation.objects.count() == 2
    assert Invitation.objects.pending().count() == 1
    assert Person.objects.filter(email=NEW_EMAIL).count() == 1

    invitee = Client()
    old = accept(invitee, old_link)
    assert old.status_code == 410
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert accept(invitee, new_link).status_code == 302
    assert User.objects.filter(email=NEW_EMAIL).exists()


def test_invitation_into_another_group_leaves_the_first_link_valid(
    client_for,
    coordinator,
    group,
    other_group,
    directory_organisation,
    staff,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other_group.organisations.add(directory_organisation)
    invite(
        client_for(coordinator), group, directory_organisation, django_capture_on_commit_callbacks
    )
    invite(
        client_for(staff), other_group, directory_organisation, django_capture_on_commit_callbacks
    )
    first_link, _, _ = link_in(mailoutbox[0])
    assert Invitation.objects.pending().count() == 2
    assert accept(Client(), first_link).status_code == 302


def test_member_without_a_login_can_be_invited_again(
    client_for,
    coordinator,
    group,
    directory_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """A person already listed in the group but with no account gets a link, not an error."""
    person = Person.objects.create(
        first_name="Sans", last_name="Compte", email=NEW_EMAIL, organisation=directory_organisation
    )
    Membership.objects.create(person=person, group=group)
    response = invite(
        client_for(coordinator), group, directory_organisation, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link, _, _ = link_in(mailoutbox[0])
    assert accept(Client(), link).status_code == 302
    person.refresh_from_db()
    assert person.user.email == NEW_EMAIL


def test_invitation_accept_service_refuses_a_second_use(sent_link):
    token = LINK_RE.search(sent_link).group(2)
    services.invitation_accept(token=token, password=GOOD_PASSWORD)
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(token=token, password="Another-Strong-Password-77")
    assert error.value.code == "used"
    assert User.objects.get(email=NEW_EMAIL).check_password(GOOD_PASSWORD)


def test_invitation_tokens_are_long_and_random():
    tokens = {Invitation.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(token) >= 40 for token in tokens)


def test_invitation_expiry_follows_the_setting(settings, db):
    settings.INVITATION_VALID_DAYS = 3
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        assert Invitation.default_expiry() == datetime(2026, 1, 4, tzinfo=UTC)


# Deactivated accounts ------------------------------------------------------------------


def test_inviting_a_deactivated_account_is_refused_and_sends_nothing(
    client,
    coordinator,
    group,
    directory_organisation,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    User.objects.create_user(email=NEW_EMAIL, password=GOOD_PASSWORD, is_active=False)
    client.force_login(coordinator)
    response = invite(client, group, directory_organisation, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "a été désactivé" in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.filter(email=NEW_EMAIL).exists()


def test_a_link_does_not_reactivate_an_account_deactivated_after_it_was_sent(
    client,
    coordinator,
    group,
    directory_organisation,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client.force_login(coordinator)
    invite(client, group, directory_organisation, django_capture_on_commit_callbacks)
    link, _lang, _token = link_in(mailoutbox[0])
    user = User.objects.create_user(email=NEW_EMAIL, password="an-old-password-123")
    user.is_active = False
    user.save()
    client.logout()
    response = accept(client, link)
    user.refresh_from_db()
    assert not user.is_active
    assert user.check_password("an-old-password-123")
    assert "a été désactivé" in response.content.decode()


def test_invitation_accept_service_holds_the_password_rules(sent_link):
    """The password rules are the service's, not only the form's: from the shell too."""
    token = LINK_RE.search(sent_link).group(2)
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, password="1234")
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    services.invitation_accept(token=token, password=GOOD_PASSWORD)
    assert User.objects.get(email=NEW_EMAIL).check_password(GOOD_PASSWORD)


class CountingValidator:
    """A password validator that counts how often it is asked."""

    calls = 0

    def validate(self, password, user=None):
        CountingValidator.calls += 1

    def get_help_text(self):
        return ""


def test_the_invitation_password_is_judged_once(sent_link, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        *settings.AUTH_PASSWORD_VALIDATORS,
        {"NAME": f"{__name__}.CountingValidator"},
    ]
    CountingValidator.calls = 0
    response = accept(Client(), sent_link)
    assert response.status_code == 302
    assert CountingValidator.calls == 1


def test_a_password_too_similar_to_the_email_shows_on_its_field_and_keeps_the_link(sent_link):
    invitee = Client()
    response = accept(invitee, sent_link, "nouvelle.personne", "nouvelle.personne")
    assert response.status_code == 200
    form = response.context["form"]
    assert "trop semblable" in " ".join(form.errors["password1"])
    assert not form.non_field_errors()
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert "_auth_user_id" not in invitee.session
    assert accept(invitee, sent_link).status_code == 302
    assert User.objects.get(email=NEW_EMAIL).check_password(GOOD_PASSWORD)


def test_invitation_accept_service_refuses_a_password_too_similar_to_the_email(sent_link):
    token = LINK_RE.search(sent_link).group(2)
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(token=token, password="nouvelle.personne")
    assert list(caught.value.message_dict) == ["password"]
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert Invitation.objects.get().accepted_at is None
