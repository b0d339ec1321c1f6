"""Privacy: a member downloads and erases their personal data, a coordinator removes a person,
and public pages never show a person."""

import json
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from meetings.models import ActionItem, ActionItemComment, Attendance, Meeting, MinutesComment
from practices.models import Improvement, Practice
from protocols.models import ProtocolSuggestion
from stakeholders.models import Invitation, Membership, Person
from stakeholders.privacy import erase_person
from tests.conftest import PASSWORD
from tests.factories import member_user
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
)
from tests.practices.factories import PracticeFactory, complete
from tests.protocols.factories import ProtocolFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

# A distinctive person: none of these strings may appear where they should not.
ZEPHYRINE = {
    "first_name": "Zéphyrine",
    "last_name": "Quatremaine",
    "email": "zephyrine.quatremaine@example.org",
    "phone": "+33 6 12 34 56 78",
    "job_title": "Cheffe de service éducatif",
}
OTHERS = ["Barnabé", "Onésiphore", "barnabe.onesiphore@example.org", "+33 7 98 76 54 32"]


@pytest.fixture
def zephyrine(group, coordinator):
    """A member with something in every corner of the portal, next to a colleague
    (Barnabé Onésiphore) who shares her meeting and her action item's comments."""
    user = member_user(group, email=ZEPHYRINE["email"])
    person = Person.objects.get(user=user)
    for field in ("first_name", "last_name", "phone", "job_title"):
        setattr(person, field, ZEPHYRINE[field])
    person.save()
    user.full_name = "Zéphyrine Quatremaine"
    user.save()
    colleague = member_user(group, organisation=person.organisation)
    Person.objects.filter(user=colleague).update(
        first_name="Barnabé",
        last_name="Onésiphore",
        email="barnabe.onesiphore@example.org",
        phone="+33 7 98 76 54 32",
    )
    colleague.full_name = "Barnabé Onésiphore"
    colleague.save()
    colleague_person = Person.objects.get(user=colleague)

    meeting = MeetingFactory(
        group=group,
        title="Réunion publique de rentrée",
        visibility=Meeting.Visibility.PUBLIC,
        public_summary="Un point d'étape sur le protocole.",
        starts_at=at(days=-3),
        ends_at=at(days=-3, hours=2),
    )
    item = AgendaItemFactory(meeting=meeting, title="Protocole d'accueil")
    AttendanceFactory(
        meeting=meeting, person=person, status=Attendance.Status.PRESENT, mode="remote"
    )
    AttendanceFactory(meeting=meeting, person=colleague_person, status=Attendance.Status.PRESENT)
    action = ActionItemFactory(
        meeting=meeting, agenda_item=item, owner=person, title="Rédiger la fiche réflexe"
    )
    ActionItemFactory(
        meeting=meeting, agenda_item=item, owner=colleague_person, title="Relire la fiche"
    )
    ActionItemComment.objects.create(
        action_item=action, author=user, status="open", text="Premier jet envoyé."
    )
    ActionItemComment.objects.create(
        action_item=action, author=colleague, status="open", text="Relu, deux remarques."
    )
    practice = complete(
        PracticeFactory(
            title_fr="Fiche réflexe partagée",
            title_en="Shared quick-reference sheet",
            organisation=person.organisation,
            group=group,
            territory=group.territory,
            created_by=user,
        )
    )
    Improvement.objects.create(practice=practice, author=user, text="Ajouter les numéros utiles.")
    Improvement.objects.create(practice=practice, author=colleague, text="Traduire en anglais.")
    invitation = Invitation.objects.create(
        email=ZEPHYRINE["email"],
        person=person,
        group=PracticeFactory().group,  # an invitation into a second group, still pending
        token_hash="0" * 64,
        invited_by=coordinator,
        expires_at=Invitation.default_expiry(),
    )
    MinutesComment.objects.create(
        meeting=meeting, author=user, text="Une remarque sur le compte rendu."
    )
    ProtocolSuggestion.objects.create(
        protocol=ProtocolFactory(territory=group.territory), author=user, text="Ajouter un délai."
    )
    return SimpleNamespace(
        user=user,
        person=person,
        colleague=colleague,
        meeting=meeting,
        action=action,
        practice=practice,
        invitation=invitation,
    )


# ---------------------------------------------------------------- download


def test_a_member_downloads_all_their_personal_data_as_json(client, zephyrine, group):
    client.force_login(zephyrine.user)
    response = client.get("/en/accounts/my-data/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)

    assert data["account"]["email"] == ZEPHYRINE["email"]
    assert data["account"]["full_name"] == "Zéphyrine Quatremaine"
    assert {k: data["person"][k] for k in ZEPHYRINE} == ZEPHYRINE
    assert data["person"]["organisation"] == zephyrine.person.organisation.name
    assert [m["group"] for m in data["memberships"]] == [str(group)]
    assert [m["role"] for m in data["memberships"]] == ["member"]
    assert len(data["invitations"]) == 1
    assert data["attendances"] == [
        {
            "meeting": "Réunion publique de rentrée",
            "date": zephyrine.meeting.starts_at.isoformat(),
            "status": "present",
            "mode": "remote",
        }
    ]
    assert [a["action"] for a in data["action_items"]] == ["Rédiger la fiche réflexe"]
    assert [p["title"] for p in data["practices_created"]] == ["Shared quick-reference sheet"]
    assert [i["text"] for i in data["improvements"]] == ["Ajouter les numéros utiles."]
    assert [c["text"] for c in data["action_item_comments"]] == ["Premier jet envoyé."]
    assert [c["text"] for c in data["minutes_comments"]] == ["Une remarque sur le compte rendu."]
    assert [s["text"] for s in data["protocol_changes_proposed"]] == ["Ajouter un délai."]


def test_the_download_holds_nothing_about_other_people(client, zephyrine):
    client.force_login(zephyrine.user)
    content = client.get("/en/accounts/my-data/?format=json").content.decode()
    for other in [*OTHERS, "Relire la fiche", "Relu, deux remarques.", "Traduire en anglais."]:
        assert other not in content, other
    assert zephyrine.colleague.email not in content


def test_the_colleague_download_holds_nothing_about_zephyrine(client, zephyrine):
    client.force_login(zephyrine.colleague)
    content = client.get("/en/accounts/my-data/?format=json").content.decode()
    for value in ZEPHYRINE.values():
        assert value not in content, value
    assert "Premier jet envoyé." not in content


def test_the_download_needs_a_login(client):
    response = client.get("/en/accounts/my-data/?format=json")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


# ---------------------------------------------------------------- erasure by the member


def erase(client, **data):
    return client.post("/en/accounts/my-data/", data)


def test_a_member_erases_their_account_and_personal_data(client, zephyrine, coordinator):
    client.force_login(zephyrine.user)
    response = erase(client, password=PASSWORD, confirm="on")
    assert response.status_code == 302
    assert response["Location"] == "/en/"

    # The login is gone, and they are logged out.
    assert not User.objects.filter(pk=zephyrine.user.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/en/accounts/my-data/").status_code == 302
    # The person record stays, without anything that identifies them.
    person = Person.objects.get(pk=zephyrine.person.pk)
    assert person.erased_at is not None
    assert (person.first_name, person.last_name, person.email, person.phone) == ("",) * 4
    assert person.job_title == ""
    assert person.user_id is None
    assert person.full_name == "Former participant"
    # Memberships and invitations go.
    assert not Membership.objects.filter(person=person).exists()
    assert not Invitation.objects.filter(pk=zephyrine.invitation.pk).exists()
    # What the organisation and the group own stays.
    practice = Practice.objects.get(pk=zephyrine.practice.pk)
    assert practice.organisation_id == person.organisation_id
    assert practice.created_by_id is None
    assert ActionItem.objects.get(pk=zephyrine.action.pk).owner_id == person.pk
    assert Attendance.objects.filter(meeting=zephyrine.meeting, person=person).exists()
    assert ActionItemComment.objects.filter(action_item=zephyrine.action).count() == 2
    assert Improvement.objects.filter(practice=practice).count() == 2

    # The meeting page shows an anonymous owner and attendee.
    other = Client()
    other.force_login(coordinator)
    content = other.get(f"/en/meetings/{zephyrine.meeting.pk}/").content.decode()
    assert "Rédiger la fiche réflexe – Former participant" in content
    for value in ZEPHYRINE.values():
        assert value not in content, value


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"password": "not-my-password", "confirm": "on"},
            "password",
            "This is not your password.",
        ),
        ({"password": PASSWORD}, "confirm", "Tick the box to confirm that you want the erasure."),
        ({"confirm": "on"}, "password", "This field is required."),
    ],
    ids=["wrong-password", "no-confirmation", "no-password"],
)
def test_erasure_without_the_password_or_the_confirmation_changes_nothing(
    client, zephyrine, data, field, message
):
    client.force_login(zephyrine.user)
    response = erase(client, **data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert User.objects.filter(pk=zephyrine.user.pk).exists()
    person = Person.objects.get(pk=zephyrine.person.pk)
    assert person.erased_at is None
    assert person.last_name == ZEPHYRINE["last_name"]
    assert Membership.objects.filter(person=person).count() == 1
    assert client.session["_auth_user_id"] == str(zephyrine.user.pk)


def test_erasure_asks_for_the_password_in_french_too(client, zephyrine):
    client.force_login(zephyrine.user)
    response = client.post("/fr/accounts/my-data/", {"password": "faux", "confirm": "on"})
    assert response.status_code == 400
    assert User.objects.filter(pk=zephyrine.user.pk).exists()
    page = response.content.decode()
    # The form's labels are in the page's language, whichever language came first.
    assert "Votre mot de passe, pour confirmer" in page
    assert "Your password, to confirm" not in page


# ---------------------------------------------------------------- removal by a coordinator


def remove_url(person):
    return f"/en/stakeholders/people/{person.pk}/remove/"


def test_a_coordinator_removes_a_person_of_their_groups_organisation(
    client, coordinator, zephyrine
):
    client.force_login(coordinator)
    page = client.get(remove_url(zephyrine.person))
    assert page.status_code == 200
    assert "Remove Zéphyrine Quatremaine" in page.content.decode()

    response = client.post(remove_url(zephyrine.person))
    organisation = zephyrine.person.organisation
    assert response.status_code == 302
    assert response["Location"] == f"/en/stakeholders/{organisation.slug}/"
    person = Person.objects.get(pk=zephyrine.person.pk)
    assert person.erased_at is not None
    assert person.last_name == person.email == person.phone == ""
    assert not Membership.objects.filter(person=person).exists()
    assert not User.objects.filter(pk=zephyrine.user.pk).exists()

    page = client.get(f"/en/stakeholders/{organisation.slug}/").content.decode()
    assert "Zéphyrine Quatremaine has been removed and their personal data erased." in page
    content = client.get(f"/en/stakeholders/{organisation.slug}/").content.decode()
    assert "Barnabé Onésiphore" in content  # the page does list people...
    for value in ZEPHYRINE.values():
        assert value not in content, value  # ...but no longer her
    # Removed once: a second removal finds nobody.
    assert client.get(remove_url(person)).status_code == 404


@pytest.mark.parametrize("who", ["other_coordinator", "member", "other_member", "outsider"])
def test_only_the_groups_coordinators_may_remove_a_person(request, client, zephyrine, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(remove_url(zephyrine.person)).status_code == 403
    assert client.post(remove_url(zephyrine.person)).status_code == 403
    person = Person.objects.get(pk=zephyrine.person.pk)
    assert person.erased_at is None
    assert person.last_name == ZEPHYRINE["last_name"]


def test_anonymous_visitors_are_sent_to_log_in_to_remove_a_person(client, zephyrine):
    for response in (
        client.get(remove_url(zephyrine.person)),
        client.post(remove_url(zephyrine.person)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    assert Person.objects.get(pk=zephyrine.person.pk).erased_at is None


def test_staff_may_remove_anyone(client, staff, zephyrine):
    client.force_login(staff)
    assert client.post(remove_url(zephyrine.person)).status_code == 302
    assert Person.objects.get(pk=zephyrine.person.pk).erased_at is not None


def test_a_coordinator_is_sent_to_my_data_to_remove_themselves(client, coordinator):
    client.force_login(coordinator)
    person = Person.objects.get(user=coordinator)
    response = client.post(remove_url(person))
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/my-data/"
    assert Person.objects.get(pk=person.pk).erased_at is None


# ---------------------------------------------------------------- public pages


def public_pages(z):
    org, group, practice, meeting = z.person.organisation, z.meeting.group, z.practice, z.meeting
    pages = []
    for lang in ("fr", "en"):
        pages += [
            f"/{lang}/",
            f"/{lang}/about/",
            f"/{lang}/insight/",
            f"/{lang}/privacy/",
            f"/{lang}/stakeholders/",
            f"/{lang}/stakeholders/{org.slug}/",
            f"/{lang}/stakeholders/groups/",
            f"/{lang}/stakeholders/groups/{group.slug}/",
            f"/{lang}/practices/",
            f"/{lang}/practices/?q=fiche",
            f"/{lang}/practices/{practice.slug}/",
            f"/{lang}/practices/export.csv",
            f"/{lang}/practices/feed/",
            f"/{lang}/meetings/",
            f"/{lang}/meetings/{meeting.pk}/",
            f"/{lang}/meetings/{meeting.pk}.ics",
        ]
    return [
        *pages,
        "/sitemap.xml",
        "/api/v1/practices/",
        f"/api/v1/practices/{practice.slug}/",
        f"/api/v1/organisations/{org.slug}/",
    ]


def test_no_personal_data_on_any_public_page(client, zephyrine):
    phone_digits = re.sub(r"\D", "", ZEPHYRINE["phone"])[-8:]
    for url in public_pages(zephyrine):
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response) if response.streaming else response.content
        content = content.decode()
        for value in [*ZEPHYRINE.values(), *OTHERS, "Zéphyrine", "Quatremaine"]:
            assert value not in content, (url, value)
        assert phone_digits not in re.sub(r"\D", "", content), url


def test_the_public_pages_do_show_the_practice_and_the_meeting(client, zephyrine):
    """The control: the sweep above looks at pages that show her work."""
    assert (
        "Fiche réflexe partagée"
        in client.get(zephyrine.practice.get_absolute_url()).content.decode()
    )
    assert (
        "Réunion publique de rentrée"
        in client.get(f"/en/meetings/{zephyrine.meeting.pk}/").content.decode()
    )


def test_members_do_see_her_on_the_organisation_page(client, member, zephyrine):
    """The control: the personal data is there for members."""
    client.force_login(member)
    content = client.get(f"/en/stakeholders/{zephyrine.person.organisation.slug}/").content
    assert ZEPHYRINE["email"] in content.decode()


def test_an_erased_person_stays_off_every_members_page(client, coordinator, zephyrine):
    erase_person(person=zephyrine.person, by=coordinator)
    client.force_login(coordinator)
    organisation = zephyrine.person.organisation
    for url in (
        f"/en/stakeholders/{organisation.slug}/",
        f"/en/stakeholders/groups/{zephyrine.meeting.group.slug}/",
        f"/en/meetings/{zephyrine.meeting.pk}/",
        f"/en/practices/{zephyrine.practice.slug}/",
        "/en/meetings/new/",
        f"/en/meetings/{zephyrine.meeting.pk}/invite/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        for value in ZEPHYRINE.values():
            assert value not in response.content.decode(), (url, value)


def test_the_missing_confirmation_is_explained_in_french(client, zephyrine):
    client.force_login(zephyrine.user)
    response = client.post("/fr/accounts/my-data/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "Cochez la case pour confirmer que vous voulez l’effacement." in (
        response.content.decode()
    )
