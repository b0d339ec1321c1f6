"""Emails (stakeholders.mail): each written in its recipient's language, every link on the
configured portal address (settings.PORTAL_URL) whatever host the request came in on, and
sent only once the change is committed."""

import datetime
import re
import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.core import mail as django_mail
from django.core.mail.backends import locmem
from django.utils import formats, translation

from practices.models import Practice
from practices.services import practice_transition
from stakeholders import mail
from stakeholders.models import Membership, Person
from tests.conftest import PORTAL
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
    WorkingGroupFactory,
    member_user,
)
from tests.meetings.factories import MeetingFactory, ics_attachment, parse_ics
from tests.practices.factories import PracticeFactory, complete, org_of

pytestmark = pytest.mark.django_db

EVIL = "evil.example"
PARIS_TZ = ZoneInfo("Europe/Paris")


@pytest.fixture
def paris():
    return WorkingGroupFactory(
        name_fr="Groupe de Paris", territory=TerritoryFactory(country="FR", name="Paris")
    )


@pytest.fixture
def lyon():
    return WorkingGroupFactory(
        name_fr="Groupe de Lyon", territory=TerritoryFactory(country="FR", name="Lyon")
    )


@pytest.fixture
def french_coordinator(paris):
    user = member_user(paris, role=Membership.Role.COORDINATOR)
    assert user.language == "fr"
    return user


@pytest.fixture
def english_member(paris):
    user = member_user(paris)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def any_host(settings):
    """The portal answers to a second host name, as behind a misconfigured proxy: links
    must still be on the configured address, never on the Host header."""
    settings.ALLOWED_HOSTS = ["testserver", EVIL]


def _links(text):
    return re.findall(r"https?://[^\s/]+/\S*", text)


def test_a_french_coordinator_requesting_changes_writes_to_an_english_author_in_english(
    client, any_host, paris, french_coordinator, english_member, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    practice = complete(
        PracticeFactory(
            status=Practice.Status.SUBMITTED,
            title_fr="Salle d’audition adaptée",
            title_en="Child-friendly hearing room",
            organisation=org_of(english_member),
            group=paris,
            territory=paris.territory,
            created_by=english_member,
        )
    )
    client.force_login(french_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/practices/{practice.slug}/review/request_changes/",
            {"note": "Précisez les partenaires."},
            HTTP_HOST=EVIL,
        )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == [english_member.email]
    assert message.subject == "Practice “Child-friendly hearing room”: Changes requested"
    assert "is now: Changes requested" in message.body
    assert "Précisez les partenaires." in message.body  # the note as written
    assert _links(message.body) == [f"{PORTAL}/en/practices/{practice.slug}/"]
    assert EVIL not in message.body


def test_a_meeting_invitation_from_a_french_page_reaches_each_invitee_in_their_language(
    client, any_host, paris, french_coordinator, english_member, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    starts = datetime.datetime(2027, 6, 10, 14, 0, tzinfo=PARIS_TZ)
    meeting = MeetingFactory(
        group=paris, title="Réunion de juin", starts_at=starts, ends_at=starts.replace(hour=16)
    )
    contact = PersonFactory(organisation=org_of(english_member), email="contact@example.org")
    client.force_login(french_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/meetings/{meeting.pk}/invite/",
            {"people": [english_member.person.pk, contact.pk]},
            HTTP_HOST=EVIL,
        )
    assert response.status_code == 302
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {english_member.email, contact.email}

    for address, language, subject in (
        (english_member.email, "en", "Invitation: Réunion de juin"),
        (contact.email, "fr", "Invitation\xa0: Réunion de juin"),  # French typography
    ):
        message = by_address[address]
        with translation.override(language):
            when = formats.date_format(starts, "DATETIME_FORMAT")
        assert message.subject.startswith(subject), message.subject
        assert when in message.body, (when, message.body)
        links = _links(message.body)
        assert links and all(link.startswith(f"{PORTAL}/{language}/meetings/") for link in links)
        assert EVIL not in message.body
        _calendar, (event,) = parse_ics(ics_attachment(message)[0])
        assert str(event["URL"]) == f"{PORTAL}/{language}/meetings/{meeting.pk}/"
    assert "juin 2027" not in by_address[english_member.email].body
    assert "juin 2027" in by_address[contact.email].body


def test_an_invitation_is_written_in_the_language_the_inviter_chose_for_the_invitee(
    client, any_host, paris, french_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(french_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/stakeholders/groups/{paris.slug}/invite/",
            {
                "email": "new.member@example.org",
                "first_name": "Erin",
                "last_name": "Walsh",
                "organisation": org_of(french_coordinator).pk,
                "role": Membership.Role.MEMBER,
                "language": "en",
            },
            HTTP_HOST=EVIL,
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    (message,) = mailoutbox
    assert message.subject.startswith("Invitation to join")
    assert re.search(rf"{re.escape(PORTAL)}/en/accounts/invitation/[\w-]+/", message.body)
    assert EVIL not in message.body


def test_a_person_without_an_account_is_written_to_in_a_language_they_speak_or_their_countrys():
    iceland = OrganisationFactory(territory=TerritoryFactory(country="IS", name="Reykjavík"))
    belgium = OrganisationFactory(territory=TerritoryFactory(country="BE", name="Bruxelles"))
    assert mail.person_language(PersonFactory(organisation=iceland)) == "en"
    assert mail.person_language(PersonFactory(organisation=belgium)) == "fr"
    speaks_english = PersonFactory(organisation=belgium, languages=["de", "en", "fr"])
    assert mail.person_language(speaks_english) == "en"
    with_account = PersonFactory(organisation=iceland, user=UserFactory(language="fr"))
    assert mail.person_language(with_account) == "fr"


def test_an_erased_person_or_one_without_an_address_gets_nothing(mailoutbox):
    erased = PersonFactory(email="gone@example.org")
    Person.objects.filter(pk=erased.pk).update(erased_at=datetime.datetime.now(tz=PARIS_TZ))
    erased.refresh_from_db()
    no_address = PersonFactory(email="")
    sent = mail.notify(
        to=[erased, no_address],
        template="stakeholders/email/added",
        context={},
        on_commit=False,
    )
    assert sent == 0
    assert mailoutbox == []


def test_each_address_is_written_to_once_and_only_after_the_commit(
    paris, english_member, mailoutbox, django_capture_on_commit_callbacks
):
    person = english_member.person
    with django_capture_on_commit_callbacks() as callbacks:
        sent = mail.notify(
            to=[english_member, person, english_member],
            template="stakeholders/email/added",
            context={"group": paris, "person": person, "link": mail.Link(paris)},
        )
        assert mailoutbox == []
    assert sent == 1
    assert len(callbacks) == 1
    callbacks[0]()
    (message,) = mailoutbox
    assert message.subject == f"You have joined {paris.name_en}"
    assert f"{PORTAL}/en/stakeholders/groups/{paris.slug}/" in message.body


def test_a_calendar_file_downloaded_through_another_host_links_to_the_portal(
    client, any_host, paris, english_member
):
    meeting = MeetingFactory(group=paris)
    client.force_login(english_member)
    response = client.get(f"/en/meetings/{meeting.pk}.ics", HTTP_HOST=EVIL)
    assert response.status_code == 200
    _calendar, (event,) = parse_ics(response.content)
    assert str(event["URL"]) == f"{PORTAL}/en/meetings/{meeting.pk}/"
    assert EVIL.encode() not in response.content


def test_a_lyon_coordinator_is_not_told_of_a_paris_submission(
    paris, lyon, english_member, mailoutbox, django_capture_on_commit_callbacks
):
    paris_coordinator = member_user(paris, role=Membership.Role.COORDINATOR)
    lyon_coordinator = member_user(lyon, role=Membership.Role.COORDINATOR)
    practice = complete(
        PracticeFactory(
            status=Practice.Status.DRAFT,
            organisation=org_of(english_member),
            group=paris,
            territory=paris.territory,
            created_by=english_member,
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, action="submit", by=english_member)
    assert [m.to for m in mailoutbox] == [[paris_coordinator.email]]
    assert lyon_coordinator.email not in {a for m in mailoutbox for a in m.to}


def test_a_password_reset_asked_through_another_host_links_to_the_portal(
    client, any_host, english_member, mailoutbox
):
    response = client.post(
        "/fr/accounts/password/reset/", {"email": english_member.email}, HTTP_HOST=EVIL
    )
    assert response.status_code == 302
    (message,) = mailoutbox
    links = _links(message.body)
    # In the account's language, whatever the page's.
    assert links[0].startswith(f"{PORTAL}/en/accounts/password/reset/key/")
    assert all(link.startswith(f"{PORTAL}/en/") for link in links)  # and the signature
    assert EVIL not in message.body


def test_a_deactivated_account_is_mailed_nothing(db, mailoutbox):
    active, deactivated = UserFactory(), UserFactory(is_active=False)
    group = WorkingGroupFactory()
    mail.notify(
        to=[active, deactivated],
        template="stakeholders/email/added",
        context={"group": group, "person": None, "inviter": active, "link": ""},
        on_commit=False,
    )
    assert mail.recipient(deactivated) is None
    assert [m.to for m in mailoutbox] == [[active.email]]


class RefusingBackend(locmem.EmailBackend):
    """The in-memory backend, except that one address is refused as an SMTP server would."""

    def send_messages(self, messages):
        if any("refused@example.org" in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({"refused@example.org": (550, b"No such user")})
        return super().send_messages(messages)


def test_a_refused_address_loses_no_other_message_and_is_logged(db, settings, caplog):
    settings.EMAIL_BACKEND = "tests.stakeholders.test_mail.RefusingBackend"
    django_mail.outbox = []
    refused, fine = UserFactory(email="refused@example.org"), UserFactory()

    sent = mail.notify(
        to=[refused, fine],
        template="stakeholders/email/added",
        context={"group": WorkingGroupFactory(), "person": None, "inviter": fine, "link": ""},
        on_commit=False,
    )

    assert sent == 2
    assert [m.to for m in django_mail.outbox] == [[fine.email]]
    assert "not sent" in caplog.text and "refused@example.org" in caplog.text
