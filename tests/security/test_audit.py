"""The audit log: one row (and one JSON log line) per security or moderation event, naming
the account that acted and the record concerned, never an address, a name or a text."""

import json
import logging

import pytest

from meetings.models import Meeting
from practices.models import Practice
from stakeholders.models import AuditEvent, Invitation, Membership, Person
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, OrganisationFactory, member_user
from tests.meetings.factories import AttendanceFactory, MeetingFactory, at
from tests.practices.factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

CONTEXT_KEYS = {"at", "ip", "request_id"}


@pytest.fixture
def audit_lines(caplog):
    """The JSON lines logged on ``lanzarote.audit``, and every log message (all loggers)."""
    caplog.set_level(logging.INFO)

    class Lines:
        @property
        def with_context(self):
            return [
                json.loads(r.getMessage()) for r in caplog.records if r.name == "lanzarote.audit"
            ]

        @property
        def audit(self):
            """The lines without what every line has (time, client, request id)."""
            return [
                {k: v for k, v in line.items() if k not in CONTEXT_KEYS}
                for line in self.with_context
            ]

        @property
        def everything(self):
            return "\n".join(r.getMessage() for r in caplog.records)

    return Lines()


def only_event(action):
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, events
    return events[0]


def target_of(instance):
    return {"target_type": instance._meta.label_lower, "target_id": str(instance.pk)}


# ---------------------------------------------------------------- logins


def test_a_login_is_recorded_with_the_account(client, member, audit_lines):
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    event = only_event(AuditEvent.Action.LOGIN)
    assert event.actor == member
    assert (event.target_type, event.target_id) == ("", "")
    assert {"event": "login", "actor": member.pk, "target": None} in audit_lines.audit


@pytest.mark.parametrize("known", [True, False], ids=["known-address", "unknown-address"])
def test_a_failed_login_is_recorded_without_any_trace_of_what_was_typed(
    client, member, audit_lines, known
):
    typed = member.email if known else "someone.else@example.org"
    password = "Tr0ub4dor&3-typed-by-mistake"
    response = client.post("/en/accounts/login/", {"login": typed, "password": password})
    assert response.status_code == 200
    event = only_event(AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None  # not even the account, when the address is known
    assert (event.target_type, event.target_id, event.details) == ("", "", {})
    assert {"event": "login-failed", "actor": None, "target": None} in audit_lines.audit
    row = json.dumps([event.action, event.target_type, event.target_id, event.details, str(event)])
    for trace in (typed, typed.split("@")[0], password):
        assert trace not in row
        assert trace not in audit_lines.everything
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()


# ---------------------------------------------------------------- moderation


def test_an_invitation_is_recorded_without_the_address(client, coordinator, group, audit_lines):
    organisation = OrganisationFactory()
    group.organisations.add(organisation)
    client.force_login(coordinator)
    response = client.post(
        f"/en/stakeholders/groups/{group.slug}/invite/",
        {
            "email": "new.colleague@example.org",
            "first_name": "Anatole",
            "last_name": "Invité",
            "organisation": organisation.pk,
            "role": "member",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    event = only_event(AuditEvent.Action.INVITATION_SENT)
    assert event.actor == coordinator
    assert {"target_type": event.target_type, "target_id": event.target_id} == target_of(invitation)
    assert event.details == {"role": "member"}
    line = next(x for x in audit_lines.audit if x["event"] == "invitation-sent")
    assert line == {
        "event": "invitation-sent",
        "actor": coordinator.pk,
        "target": f"stakeholders.invitation:{invitation.pk}",
        "role": "member",
    }
    for trace in ("new.colleague", "Anatole", "Invité"):
        assert trace not in json.dumps(line)
        assert trace not in json.dumps(event.details)


def test_a_practice_review_step_is_recorded(client, group, coordinator, audit_lines):
    author = member_user(group)
    practice = complete(
        PracticeFactory(
            status=Practice.Status.SUBMITTED,
            organisation=author.person.organisation,
            group=group,
            territory=group.territory,
        )
    )
    client.force_login(coordinator)
    response = client.post(f"/en/practices/{practice.slug}/review/publish/", {"note": ""})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    event = only_event(AuditEvent.Action.PRACTICE_TRANSITION)
    assert event.actor == coordinator
    assert {"target_type": event.target_type, "target_id": event.target_id} == target_of(practice)
    assert event.details == {"action": "publish", "status": "published"}
    assert any(x["event"] == "practice-transition" for x in audit_lines.audit)


def test_a_role_change_is_recorded(client, group, coordinator, member, audit_lines):
    membership = Membership.objects.get(person__user=member, group=group)
    client.force_login(coordinator)
    response = client.post(
        f"/en/stakeholders/groups/{group.slug}/memberships/{membership.pk}/role/",
        {"role": "coordinator"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COORDINATOR
    event = only_event(AuditEvent.Action.ROLE_CHANGED)
    assert event.actor == coordinator
    assert {"target_type": event.target_type, "target_id": event.target_id} == target_of(membership)
    assert event.details == {"role": "coordinator"}


def test_a_refused_role_change_records_nothing(client, group, coordinator, audit_lines):
    """The last coordinator cannot step down: no event for what did not happen."""
    membership = Membership.objects.get(person__user=coordinator, group=group)
    client.force_login(coordinator)
    client.post(
        f"/en/stakeholders/groups/{group.slug}/memberships/{membership.pk}/role/",
        {"role": "member"},
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COORDINATOR
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_closing_a_meeting_is_recorded(client, group, coordinator, member, audit_lines):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-2), ends_at=at(hours=-1))
    AttendanceFactory(meeting=meeting, person=Person.objects.get(user=member))
    client.force_login(coordinator)
    response = client.post(f"/en/meetings/{meeting.pk}/close/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    event = only_event(AuditEvent.Action.MEETING_CLOSED)
    assert event.actor == coordinator
    assert {"target_type": event.target_type, "target_id": event.target_id} == target_of(meeting)


def test_an_erasure_by_a_coordinator_is_recorded(client, group, coordinator, member, audit_lines):
    person = Person.objects.get(user=member)
    client.force_login(coordinator)
    assert client.post(f"/en/stakeholders/people/{person.pk}/remove/").status_code == 302
    event = only_event(AuditEvent.Action.PERSON_ERASED)
    assert event.actor == coordinator
    assert {"target_type": event.target_type, "target_id": event.target_id} == target_of(person)
    assert event.details == {"by_self": False}
    assert member.email not in audit_lines.everything


def test_an_erasure_by_the_person_is_recorded_without_an_account_to_point_to(
    client, member, audit_lines
):
    person = Person.objects.get(user=member)
    email = member.email
    client.force_login(member)
    response = client.post("/en/accounts/my-data/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    event = only_event(AuditEvent.Action.PERSON_ERASED)
    assert event.actor is None  # the account is gone
    assert {"target_type": event.target_type, "target_id": event.target_id} == target_of(person)
    assert event.details == {"by_self": True}
    assert email not in audit_lines.everything


def test_a_data_download_is_recorded(client, member):
    client.force_login(member)
    client.get("/en/accounts/my-data/?format=json")
    assert only_event(AuditEvent.Action.DATA_EXPORTED).actor == member


# ---------------------------------------------------------------- the admin


@pytest.fixture
def logged_event(member, group):
    MembershipFactory(group=group)  # some unrelated data
    return AuditEvent.objects.create(
        action=AuditEvent.Action.ROLE_CHANGED,
        actor=member,
        target_type="stakeholders.membership",
        target_id="42",
        details={"role": "coordinator"},
    )


def test_staff_read_the_audit_log_in_the_admin(client, staff, logged_event):
    client.force_login(staff)
    response = client.get("/admin/stakeholders/auditevent/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "stakeholders.membership" in content
    assert "/admin/stakeholders/auditevent/add/" not in content
    assert "delete_selected" not in content


def test_the_audit_log_cannot_be_added_to_changed_or_deleted_in_the_admin(
    client, staff, logged_event
):
    client.force_login(staff)
    base = "/admin/stakeholders/auditevent/"
    page = client.get(f"{base}{logged_event.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="_save"' not in content
    assert 'name="action"' not in content  # fields shown as text, not inputs
    assert f"{base}{logged_event.pk}/delete/" not in content

    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": "login"}).status_code == 403
    assert client.post(f"{base}{logged_event.pk}/change/", {"action": "login"}).status_code == 403
    assert client.post(f"{base}{logged_event.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        base, {"action": "delete_selected", "_selected_action": [logged_event.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    logged_event.refresh_from_db()
    assert logged_event.action == AuditEvent.Action.ROLE_CHANGED
    assert AuditEvent.objects.filter(pk=logged_event.pk).exists()


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_the_audit_log_is_for_staff_only(request, client, who, logged_event):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/stakeholders/auditevent/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("term", ["203.0.113.7", "0f3c2a9e8d7b6a5f", "not an address"])
def test_staff_find_the_events_of_a_client_address_or_a_request_id(client, staff, member, term):
    AuditEvent.objects.create(
        action=AuditEvent.Action.LOGIN_FAILED, ip="203.0.113.7", request_id="0f3c2a9e8d7b6a5f"
    )
    AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor=member, ip="192.0.2.1")
    client.force_login(staff)
    response = client.get("/admin/stakeholders/auditevent/", {"q": term})
    assert response.status_code == 200
    found = [str(e.action) for e in response.context["cl"].result_list]
    assert found == ([] if term == "not an address" else ["login-failed"])


# ---------------------------------------------------------------- the directory


@pytest.fixture
def paris_and_lyon(db):
    """Two working groups in two territories, each with its coordinator and one organisation."""
    from tests.factories import TerritoryFactory, WorkingGroupFactory

    groups = {}
    for name in ("Paris", "Lyon"):
        group = WorkingGroupFactory(territory=TerritoryFactory(name=name, slug=name.lower()))
        coordinator = member_user(group, role=Membership.Role.COORDINATOR)
        groups[name] = (group, coordinator, coordinator.person.organisation)
    return groups


def test_a_new_organisation_of_the_directory_is_recorded_with_its_group(client, paris_and_lyon):
    group, coordinator, organisation = paris_and_lyon["Lyon"]
    client.force_login(coordinator)
    response = client.post(
        "/en/stakeholders/new/",
        {
            "name": "Maison des adolescents de Lyon",
            "sector": organisation.sector.pk,
            "kind": "public",
            "territory": group.territory.pk,
            "group": group.pk,
        },
    )
    assert response.status_code == 302
    created = group.organisations.get(name="Maison des adolescents de Lyon")
    event = only_event(AuditEvent.Action.ORGANISATION_CREATED)
    assert (event.actor, event.target_id) == (coordinator, str(created.pk))
    added = only_event(AuditEvent.Action.GROUP_ORGANISATION_ADD)
    assert (added.actor, added.target_id, added.details) == (
        coordinator,
        str(group.pk),
        {"organisation": created.pk},
    )


def test_a_coordinators_change_to_a_person_names_the_fields_not_the_values(
    client, paris_and_lyon, audit_lines
):
    group, coordinator, organisation = paris_and_lyon["Paris"]
    person = Person.objects.create(
        first_name="Zélie", last_name="Témoin", organisation=organisation, email="zt@example.org"
    )
    client.force_login(coordinator)
    response = client.post(
        f"/en/stakeholders/people/{person.pk}/edit/",
        {
            "first_name": "Zélie",
            "last_name": "Témoin",
            "organisation": organisation.pk,
            "email": "zelie.new@example.org",
            "phone": "+33 6 12 34 56 78",
            "job_title": "",
        },
    )
    assert response.status_code == 302
    event = only_event(AuditEvent.Action.PERSON_CHANGED)
    assert (event.actor, event.target_type, event.target_id) == (
        coordinator,
        "stakeholders.person",
        str(person.pk),
    )
    assert event.details == {"fields": ["email", "phone"]}
    for value in ("zelie.new", "zt@example", "12 34 56", "Témoin"):
        assert value not in json.dumps(event.details)
        assert value not in audit_lines.everything


def test_a_person_added_and_an_organisation_changed_are_recorded(client, paris_and_lyon):
    group, coordinator, organisation = paris_and_lyon["Paris"]
    client.force_login(coordinator)
    response = client.post(
        "/en/stakeholders/people/new/",
        {"first_name": "Anatole", "last_name": "Nouveau", "organisation": organisation.pk},
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Nouveau")
    assert only_event(AuditEvent.Action.PERSON_CREATED).target_id == str(person.pk)

    response = client.post(
        f"/en/stakeholders/{organisation.slug}/edit/",
        {
            "name": organisation.name,
            "sector": organisation.sector.pk,
            "kind": organisation.kind,
            "territory": organisation.territory.pk,
            "public_contact": "119",
            "description_fr": organisation.description_fr,
            "description_en": organisation.description_en,
        },
    )
    assert response.status_code == 302
    event = only_event(AuditEvent.Action.ORGANISATION_CHANGED)
    assert (event.actor, event.target_id) == (coordinator, str(organisation.pk))
    assert event.details == {"fields": ["public_contact"]}


def test_an_organisation_joining_and_leaving_another_group_is_recorded(client, paris_and_lyon):
    paris, _paris_coordinator, paris_organisation = paris_and_lyon["Paris"]
    lyon, lyon_coordinator, _ = paris_and_lyon["Lyon"]
    client.force_login(lyon_coordinator)
    base = f"/en/stakeholders/groups/{lyon.slug}/organisations/"
    assert client.post(f"{base}add/", {"organisation": paris_organisation.pk}).status_code == 302
    added = only_event(AuditEvent.Action.GROUP_ORGANISATION_ADD)
    assert (added.actor, added.target_id, added.details) == (
        lyon_coordinator,
        str(lyon.pk),
        {"organisation": paris_organisation.pk},
    )
    assert client.post(f"{base}{paris_organisation.slug}/remove/").status_code == 302
    removed = only_event(AuditEvent.Action.GROUP_ORGANISATION_REMOVE)
    assert (removed.actor, removed.target_id, removed.details) == (
        lyon_coordinator,
        str(lyon.pk),
        {"organisation": paris_organisation.pk},
    )
    assert paris.organisations.filter(pk=paris_organisation.pk).exists()


def test_an_organisation_that_still_has_members_stays_and_nothing_is_recorded(
    client, paris_and_lyon
):
    group, coordinator, organisation = paris_and_lyon["Paris"]
    client.force_login(coordinator)
    response = client.post(
        f"/en/stakeholders/groups/{group.slug}/organisations/{organisation.slug}/remove/",
        follow=True,
    )
    assert "still has members in this group" in response.content.decode()
    assert group.organisations.filter(pk=organisation.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.GROUP_ORGANISATION_REMOVE)
