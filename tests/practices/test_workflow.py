"""The review workflow: who may move a practice, what a step records, whom it emails,
the four-eyes rule, completeness checks, the review queue and "my practices"."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from practices.models import Partner, Practice, Transition
from practices.services import practice_transition
from stakeholders.models import Membership, Sector
from tests.conftest import PORTAL
from tests.factories import OrganisationFactory, member_user

from .factories import PracticeFactory, complete, org_of

pytestmark = pytest.mark.django_db

S = Practice.Status
BASE = PORTAL


def transition_url(practice, action):
    return f"/fr/practices/{practice.slug}/review/{action}/"


def login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------- who may do what

# For each action: the state it starts from, and the outcome for every kind of visitor:
# "ok" (done), "refused" (sent back to the practice with the reason, nothing changes),
# 403, 404 (may not even see the practice) or "login".
MATRIX = {
    "submit": (
        S.DRAFT,
        {
            "author": "ok",
            "member": 404,
            "coordinator": 404,
            "other_member": 404,
            "other_coordinator": 404,
            # Drafts stay with their organisation: not even staff see them.
            "staff": 404,
            "outsider": 403,
            "anonymous": "login",
        },
    ),
    "publish": (
        S.SUBMITTED,
        {
            "author": "refused",
            "member": 404,
            "coordinator": "ok",
            "other_member": 404,
            "other_coordinator": 404,
            "staff": "ok",
            "outsider": 403,
            "anonymous": "login",
        },
    ),
    "request_changes": (
        S.SUBMITTED,
        {
            "author": "refused",
            "member": 404,
            "coordinator": "ok",
            "other_member": 404,
            "other_coordinator": 404,
            "staff": "ok",
            "outsider": 403,
            "anonymous": "login",
        },
    ),
    "archive": (
        S.PUBLISHED,
        {
            "author": "refused",
            "member": "refused",
            "coordinator": "ok",
            "other_member": "refused",
            "other_coordinator": "refused",
            "staff": "ok",
            "outsider": 403,
            "anonymous": "login",
        },
    ),
}
TARGET = {
    "submit": S.SUBMITTED,
    "publish": S.PUBLISHED,
    "request_changes": S.CHANGES_REQUESTED,
    "archive": S.ARCHIVED,
}
CASES = [
    (action, who, outcome)
    for action, (_source, outcomes) in MATRIX.items()
    for who, outcome in outcomes.items()
]


@pytest.mark.parametrize(("action", "who", "outcome"), CASES)
def test_each_transition_is_allowed_only_to_the_right_people(
    client, request, make_practice, action, who, outcome
):
    source = MATRIX[action][0]
    practice = make_practice(source)
    login(client, request, who)

    response = client.post(transition_url(practice, action), {"note": "Merci de préciser."})

    practice.refresh_from_db()
    if outcome == "ok":
        assert response.status_code == 302
        assert practice.status == TARGET[action]
        step = practice.transitions.get()
        assert step.by == request.getfixturevalue(who)
        assert (step.from_status, step.to_status) == (source, TARGET[action])
        return
    assert practice.status == source
    assert not practice.transitions.exists()
    if outcome == "login":
        assert response.status_code == 302
        assert response.url.startswith("/fr/accounts/login/")
    elif outcome == "refused":
        assert response.status_code == 302
        assert response.url == practice.get_absolute_url()
        assert message_texts(response), "the reason for the refusal is shown"
    else:
        assert response.status_code == outcome


def test_a_second_member_of_the_owning_organisation_may_submit(group, author, make_practice):
    colleague = member_user(group, organisation=org_of(author))
    practice = make_practice(S.DRAFT)

    practice_transition(practice=practice, action="submit", by=colleague)

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_reviewers_cannot_submit_on_behalf_of_the_organisation(client, request, make_practice, who):
    practice = make_practice(S.CHANGES_REQUESTED)
    login(client, request, who)

    response = client.post(transition_url(practice, "submit"))

    assert response.status_code == 302
    assert response.url == practice.get_absolute_url()
    assert message_texts(response)
    practice.refresh_from_db()
    assert practice.status == S.CHANGES_REQUESTED


def test_changes_requested_practice_can_be_submitted_again(author, make_practice):
    practice = make_practice(S.CHANGES_REQUESTED)

    practice_transition(practice=practice, action="submit", by=author)

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "publish"),
        (S.DRAFT, "archive"),
        (S.DRAFT, "request_changes"),
        (S.SUBMITTED, "submit"),
        (S.PUBLISHED, "publish"),
        (S.PUBLISHED, "submit"),
        (S.ARCHIVED, "archive"),
        (S.ARCHIVED, "request_changes"),
        (S.CHANGES_REQUESTED, "publish"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused(staff, author, make_practice, status, action):
    practice = make_practice(status)
    by = author if action == "submit" else staff

    with pytest.raises(PermissionDenied):
        practice_transition(practice=practice, action=action, by=by, note="Une note")

    practice.refresh_from_db()
    assert practice.status == status
    assert not Transition.objects.exists()


def test_an_unknown_action_is_a_404(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)

    assert client.post(transition_url(practice, "delete")).status_code == 404
    with pytest.raises(ValidationError):
        practice_transition(practice=practice, action="delete", by=coordinator)


def test_an_archived_practice_can_be_published_again(coordinator, make_practice):
    practice = make_practice(S.ARCHIVED)

    practice_transition(practice=practice, action="publish", by=coordinator)

    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED


def test_a_published_practice_can_be_sent_back_for_changes(coordinator, make_practice):
    practice = make_practice(S.PUBLISHED)

    practice_transition(
        practice=practice, action="request_changes", by=coordinator, note="Lien cassé."
    )

    practice.refresh_from_db()
    assert practice.status == S.CHANGES_REQUESTED
    assert practice.review_note == "Lien cassé."


# ---------------------------------------------------------------- request changes needs a note


@pytest.mark.parametrize("note", ["", "   \n "])
def test_requesting_changes_requires_a_note(coordinator, make_practice, note):
    practice = make_practice(S.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        practice_transition(practice=practice, action="request_changes", by=coordinator, note=note)

    assert raised.value.error_list[0].code == "note_required"
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert not practice.transitions.exists()


def test_the_request_changes_page_without_a_note_shows_an_error(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)

    response = client.post(f"/en/practices/{practice.slug}/review/request_changes/", {"note": ""})

    assert response.status_code == 400
    assert "Say what should change" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_the_note_reaches_the_practice_and_the_owner_sees_it(
    client, coordinator, author, make_practice
):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)
    client.post(transition_url(practice, "request_changes"), {"note": "Ajoutez la source."})

    client.force_login(author)
    page = client.get(practice.get_absolute_url()).content.decode()

    assert "Ajoutez la source." in page


# ---------------------------------------------------------------- four-eyes rule


@pytest.fixture
def lead_coordinator(group, author):
    """A coordinator of the group from the organisation that leads the practices."""
    return member_user(group, role=Membership.Role.COORDINATOR, organisation=org_of(author))


def test_a_coordinator_cannot_publish_a_practice_led_by_their_own_organisation(
    lead_coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)

    with translation.override("en"), pytest.raises(PermissionDenied, match="Four-eyes rule"):
        practice_transition(practice=practice, action="publish", by=lead_coordinator)

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_the_lead_is_what_counts_for_the_four_eyes_rule_not_the_owner(group, make_practice):
    """A coordinator whose organisation leads the practice but does not keep it is refused."""
    lead = OrganisationFactory()
    practice = PracticeFactory(status=S.SUBMITTED, group=group)
    complete(practice, lead=lead)
    coordinator = member_user(group, role=Membership.Role.COORDINATOR, organisation=lead)

    with pytest.raises(PermissionDenied):
        practice_transition(practice=practice, action="publish", by=coordinator)


def test_the_four_eyes_rule_through_the_page(client, lead_coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(lead_coordinator)

    page = client.get(practice.get_absolute_url()).content.decode()
    assert transition_url(practice, "publish") not in page
    assert transition_url(practice, "request_changes") in page

    response = client.post(f"/en/practices/{practice.slug}/review/publish/", follow=True)
    assert "Four-eyes rule: a practice led by your own organisation" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_a_coordinator_from_the_lead_organisation_may_still_request_changes(
    lead_coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)

    practice_transition(practice=practice, action="request_changes", by=lead_coordinator, note="x")

    practice.refresh_from_db()
    assert practice.status == S.CHANGES_REQUESTED


def test_another_coordinator_of_the_group_can_publish(coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)

    practice_transition(practice=practice, action="publish", by=coordinator)

    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED
    assert practice.reviewed_by == coordinator


def test_staff_without_a_person_can_publish(staff, make_practice):
    assert not hasattr(staff, "person") or staff.person is None
    practice = make_practice(S.SUBMITTED)

    practice_transition(practice=practice, action="publish", by=staff)

    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED


# ---------------------------------------------------------------- completeness


def incomplete_draft(author, group, **fields):
    return PracticeFactory(
        status=S.DRAFT,
        organisation=org_of(author),
        group=group,
        created_by=author,
        **fields,
    )


def test_submitting_an_empty_draft_lists_exactly_what_is_missing(group, author):
    practice = incomplete_draft(
        author, group, summary_fr=None, summary_en=None, description_fr=None, description_en=None
    )
    practice.sectors.add(*Sector.objects.filter(code="justice"))

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        practice_transition(practice=practice, action="submit", by=author)

    assert raised.value.messages == [
        "Before submitting, add: a summary in French or English.",
        "Before submitting, add: a description in French or English.",
        "Before submitting, add: at least two sectors involved (it is an inter-sectoral practice).",
        "Before submitting, add: a lead organisation among the partners.",
    ]
    practice.refresh_from_db()
    assert practice.status == S.DRAFT
    assert not practice.transitions.exists()


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"summary_fr": "", "summary_en": ""}, "a summary in French or English"),
        ({"description_fr": "", "description_en": ""}, "a description in French or English"),
        ("one-sector", "at least two sectors involved (it is an inter-sectoral practice)"),
        ("no-lead", "a lead organisation among the partners"),
        ("partner-not-lead", "a lead organisation among the partners"),
    ],
)
def test_submit_names_the_one_missing_item(group, author, change, missing):
    practice = incomplete_draft(author, group)
    if change == "one-sector":
        complete(practice, sectors=("justice",))
    elif change == "no-lead":
        practice.sectors.add(*Sector.objects.filter(code__in=["ngo", "police"]))
    elif change == "partner-not-lead":
        practice.sectors.add(*Sector.objects.filter(code__in=["ngo", "police"]))
        Partner.objects.create(practice=practice, organisation=org_of(author), role="partner")
    else:
        complete(practice)
        for name, value in change.items():
            setattr(practice, name, value)
        practice.save()

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        practice_transition(practice=practice, action="submit", by=author)

    assert raised.value.messages == [f"Before submitting, add: {missing}."]


def test_an_english_summary_and_description_are_enough(group, author):
    practice = incomplete_draft(
        author, group, summary_fr=None, description_fr=None, summary_en="S", description_en="D"
    )
    complete(practice)

    practice_transition(practice=practice, action="submit", by=author)

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_submitting_an_incomplete_practice_through_the_page_lists_what_is_missing(
    client, group, author
):
    practice = incomplete_draft(author, group, description_fr=None, description_en=None)
    complete(practice, sectors=("justice",))
    client.force_login(author)

    response = client.post(f"/en/practices/{practice.slug}/review/submit/")

    assert response.status_code == 400
    page = response.content.decode()
    assert "a description in French or English" in page
    assert "at least two sectors involved" in page
    assert "a summary in French or English" not in page
    assert "a lead organisation among the partners" not in page


# ---------------------------------------------------------------- what a step records


def test_every_step_is_recorded_and_bumps_the_version(author, coordinator, make_practice):
    practice = make_practice(S.DRAFT)
    version = practice.version
    steps = [
        ("submit", author, "", S.DRAFT, S.SUBMITTED),
        (
            "request_changes",
            coordinator,
            "Précisez le protocole.",
            S.SUBMITTED,
            S.CHANGES_REQUESTED,
        ),
        ("submit", author, "C'est fait.", S.CHANGES_REQUESTED, S.SUBMITTED),
        ("publish", coordinator, "", S.SUBMITTED, S.PUBLISHED),
        ("archive", coordinator, "Terminée.", S.PUBLISHED, S.ARCHIVED),
        ("publish", coordinator, "", S.ARCHIVED, S.PUBLISHED),
    ]
    for n, (action, by, note, source, target) in enumerate(steps, start=1):
        practice = practice_transition(practice=practice, action=action, by=by, note=note)
        practice.refresh_from_db()
        assert practice.status == target
        assert practice.version == version + n
        step = practice.transitions.order_by("-id").first()
        assert (step.by, step.from_status, step.to_status, step.note) == (
            by,
            source,
            target,
            note,
        )
    assert practice.transitions.count() == len(steps)


def test_submit_and_publish_set_their_dates_and_the_reviewer(author, coordinator, make_practice):
    practice = make_practice(S.DRAFT)
    before = timezone.now()

    practice_transition(practice=practice, action="submit", by=author)
    practice.refresh_from_db()
    assert practice.submitted_at >= before
    assert practice.published_at is None

    practice_transition(practice=practice, action="publish", by=coordinator)
    practice.refresh_from_db()
    assert practice.published_at >= practice.submitted_at
    assert practice.reviewed_by == coordinator
    assert practice.review_note == ""


def test_republishing_keeps_the_first_publication_date(coordinator, make_practice):
    practice = make_practice(S.PUBLISHED)
    first = practice.published_at
    practice_transition(practice=practice, action="archive", by=coordinator)
    practice_transition(practice=practice, action="publish", by=coordinator)

    practice.refresh_from_db()
    assert practice.published_at == first


def test_the_review_history_is_shown_to_the_owner_and_the_reviewers_only(
    client, author, coordinator, make_practice
):
    practice = make_practice(S.DRAFT)
    practice_transition(practice=practice, action="submit", by=author)
    practice_transition(practice=practice, action="publish", by=coordinator)

    client.force_login(coordinator)
    assert "Review history" in client.get(f"/en/practices/{practice.slug}/").content.decode()
    client.force_login(author)
    assert "Review history" in client.get(f"/en/practices/{practice.slug}/").content.decode()
    client.logout()
    assert "Review history" not in client.get(f"/en/practices/{practice.slug}/").content.decode()


# ---------------------------------------------------------------- emails after commit


@pytest.fixture
def second_coordinator(group):
    return member_user(group, role=Membership.Role.COORDINATOR)


def test_submit_emails_the_coordinators_of_the_group_once_committed(
    group,
    author,
    coordinator,
    second_coordinator,
    other_coordinator,
    make_practice,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    inactive = member_user(group, role=Membership.Role.COORDINATOR)
    inactive.is_active = False
    inactive.save()
    practice = make_practice(S.DRAFT)

    with django_capture_on_commit_callbacks() as callbacks:
        practice_transition(practice=practice, action="submit", by=author)
        assert mailoutbox == [], "nothing is sent before the transaction commits"
    assert len(callbacks) == 1
    callbacks[0]()

    recipients = sorted(email for message in mailoutbox for email in message.to)
    assert recipients == sorted([coordinator.email, second_coordinator.email])
    assert all(len(message.to) == 1 for message in mailoutbox), "one email per person"
    assert f"{BASE}/" in mailoutbox[0].body
    assert practice.title in mailoutbox[0].subject


@pytest.mark.parametrize(("action", "note"), [("publish", ""), ("request_changes", "Ajoutez X.")])
def test_publish_and_request_changes_email_the_creator(
    author, coordinator, make_practice, mailoutbox, django_capture_on_commit_callbacks, action, note
):
    practice = make_practice(S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, action=action, by=coordinator, note=note)

    assert [message.to for message in mailoutbox] == [[author.email]]
    assert f"{BASE}/fr/practices/{practice.slug}/" in mailoutbox[0].body
    if note:
        assert note in mailoutbox[0].body


def test_the_submitter_is_told_too_when_not_the_creator(
    group, author, coordinator, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = member_user(group, organisation=org_of(author))
    practice = make_practice(S.DRAFT)
    practice_transition(practice=practice, action="submit", by=colleague)

    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, action="publish", by=coordinator)

    assert sorted(email for m in mailoutbox for email in m.to) == sorted(
        [author.email, colleague.email]
    )


def test_no_email_when_the_transaction_rolls_back(
    author, coordinator, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.DRAFT)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        practice_transition(practice=practice, action="submit", by=author)
        raise RuntimeError("something later failed")

    assert callbacks == []
    assert mailoutbox == []
    practice.refresh_from_db()
    assert practice.status == S.DRAFT
    assert not practice.transitions.exists()


def test_no_email_when_the_step_is_refused(
    author, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.SUBMITTED)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        practice_transition(practice=practice, action="publish", by=author)

    assert callbacks == []
    assert mailoutbox == []


def test_submitting_through_the_page_emails_the_coordinators(
    client, author, coordinator, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.DRAFT)
    client.force_login(author)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(transition_url(practice, "submit"))

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "https://portal.example.org/fr/practices/review/" in mailoutbox[0].body


# ---------------------------------------------------------------- review queue


def test_the_review_queue_lists_submitted_practices_of_the_coordinators_groups_oldest_first(
    client, group, other_group, coordinator, make_practice
):
    now = timezone.now()
    newer = make_practice(S.SUBMITTED, title_fr="Plus récente", submitted_at=now)
    older = make_practice(
        S.SUBMITTED, title_fr="Plus ancienne", submitted_at=now - timezone.timedelta(days=3)
    )
    make_practice(S.DRAFT, title_fr="Brouillon caché")
    make_practice(S.PUBLISHED, title_fr="Déjà publiée")
    make_practice(S.CHANGES_REQUESTED, title_fr="Renvoyée à l'auteur")
    PracticeFactory(status=S.SUBMITTED, group=other_group, title_fr="Autre groupe")
    client.force_login(coordinator)

    response = client.get("/fr/practices/review/")

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [older, newer]
    page = response.content.decode()
    assert page.index("Plus ancienne") < page.index("Plus récente")
    for hidden in ["Brouillon caché", "Déjà publiée", "Renvoyée", "Autre groupe"]:
        assert hidden not in page


def test_staff_see_every_group_in_the_review_queue(client, staff, group, other_group):
    a = PracticeFactory(status=S.SUBMITTED, group=group)
    b = PracticeFactory(status=S.SUBMITTED, group=other_group)
    client.force_login(staff)

    response = client.get("/fr/practices/review/")

    assert set(response.context["object_list"]) == {a, b}


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("outsider", 403), ("anonymous", 302)]
)
def test_the_review_queue_is_for_coordinators_only(client, request, who, status):
    login(client, request, who)

    response = client.get("/fr/practices/review/")

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith("/fr/accounts/login/")


def test_the_navigation_counts_the_practices_waiting(client, coordinator, make_practice):
    make_practice(S.SUBMITTED)
    make_practice(S.SUBMITTED)
    make_practice(S.DRAFT)
    client.force_login(coordinator)

    response = client.get("/en/practices/")

    assert '<span class="count">2</span>' in response.content.decode()


def _queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_the_review_queue_runs_a_constant_number_of_queries(
    client, coordinator, make_practice, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for _ in range(3):
        make_practice(S.SUBMITTED)
    few = _queries(client, "/fr/practices/review/")
    for _ in range(22):
        make_practice(S.SUBMITTED)
    many = _queries(client, "/fr/practices/review/")

    assert many == few
    with django_assert_max_num_queries(few):
        client.get("/fr/practices/review/")


# ---------------------------------------------------------------- my practices


def test_my_practices_lists_every_status_of_my_organisation_only(
    client, group, author, make_practice
):
    mine = {status: make_practice(status, title_fr=f"Mienne {status}") for status in S.values}
    PracticeFactory(status=S.DRAFT, group=group, title_fr="Brouillon d'ailleurs")
    PracticeFactory(status=S.PUBLISHED, group=group, title_fr="Publiée d'ailleurs")
    client.force_login(author)

    response = client.get("/fr/practices/mine/")

    assert response.status_code == 200
    assert set(response.context["object_list"]) == set(mine.values())
    page = response.content.decode()
    assert "d&#x27;ailleurs" not in page and "d'ailleurs" not in page
    # What to do next, for a draft: edit it.
    assert f"/fr/practices/{mine[S.DRAFT].slug}/edit/" in page


def test_my_practices_shows_the_coordinators_note(client, author, make_practice):
    make_practice(S.CHANGES_REQUESTED, review_note="Ajoutez l'évaluation de 2023.")
    client.force_login(author)

    page = client.get("/fr/practices/mine/").content.decode()

    assert "Ajoutez l&#x27;évaluation de 2023." in page


@pytest.mark.parametrize(("who", "status"), [("outsider", 403), ("anonymous", 302)])
def test_my_practices_is_for_members(client, request, who, status):
    login(client, request, who)

    assert client.get("/fr/practices/mine/").status_code == status


def test_my_practices_runs_a_constant_number_of_queries(
    client, author, make_practice, django_assert_max_num_queries
):
    client.force_login(author)
    for _ in range(3):
        make_practice(S.DRAFT)
    few = _queries(client, "/fr/practices/mine/")
    for status in list(S.values) * 5:
        make_practice(status)
    many = _queries(client, "/fr/practices/mine/")

    assert many == few
    with django_assert_max_num_queries(few):
        client.get("/fr/practices/mine/")


# ---------------------------------------------------------------- confirmation pages


@pytest.mark.parametrize("action", ["publish", "request_changes", "archive"])
def test_an_author_cannot_open_a_reviewers_confirmation_page(client, author, make_practice, action):
    practice = make_practice(S.SUBMITTED if action != "archive" else S.PUBLISHED)
    client.force_login(author)

    assert client.get(transition_url(practice, action)).status_code == 403


def test_a_coordinator_of_the_lead_organisation_cannot_open_the_publish_page(
    client, lead_coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)
    client.force_login(lead_coordinator)

    assert client.get(transition_url(practice, "publish")).status_code == 403
    assert client.get(transition_url(practice, "request_changes")).status_code == 200


def test_a_confirmation_page_for_a_step_already_taken_leads_back_to_the_practice(
    client, coordinator, make_practice
):
    """A second coordinator opening "publish" after the first one published it."""
    practice = make_practice(S.PUBLISHED)
    client.force_login(coordinator)

    response = client.get(transition_url(practice, "publish"))

    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert message_texts(response) == [
        "L’état actuel de cette pratique ne permet plus cette action."
    ]


def test_the_confirmation_page_opens_for_whoever_may_take_the_step(
    client, author, coordinator, make_practice
):
    draft, submitted = make_practice(S.DRAFT), make_practice(S.SUBMITTED)
    client.force_login(author)
    assert client.get(transition_url(draft, "submit")).status_code == 200
    client.force_login(coordinator)
    assert client.get(transition_url(submitted, "publish")).status_code == 200
