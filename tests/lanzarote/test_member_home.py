"""The member home (/fr/espace/, /en/my-space/): where people land after logging in, with
their open action items, their practices and what each needs next, their next meetings
and their answer, and for coordinators the review queue and the open suggestions.

Two working groups in two territories (Paris and Lyon): nothing of Lyon shows in Paris."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Attendance
from practices.models import Improvement, Practice
from stakeholders.models import Membership
from tests.conftest import PASSWORD
from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user
from tests.meetings.factories import (
    ActionItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
    person_of,
)
from tests.practices.factories import PracticeFactory, org_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris(db):
    return WorkingGroupFactory(
        name_fr="Groupe de Paris",
        name_en="Paris group",
        territory=TerritoryFactory(name="Paris", slug="paris"),
    )


@pytest.fixture
def lyon(db):
    return WorkingGroupFactory(
        name_fr="Groupe de Lyon",
        name_en="Lyon group",
        territory=TerritoryFactory(name="Lyon", slug="lyon"),
    )


@pytest.fixture
def alice(paris):
    """A member of the Paris group."""
    return member_user(paris)


@pytest.fixture
def paris_coordinator(paris):
    return member_user(paris, role=Membership.Role.COORDINATOR)


@pytest.fixture
def lyon_member(lyon):
    return member_user(lyon)


def page(client, user, url="/fr/espace/"):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_member_home_has_a_french_and_an_english_address(client, alice):
    client.force_login(alice)
    assert client.get("/fr/espace/").status_code == 200
    assert client.get("/en/my-space/").status_code == 200
    assert client.get("/fr/my-space/").status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get("/fr/espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/?next=/fr/espace/")


def test_login_lands_on_the_member_home(client, alice):
    response = client.post("/fr/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == "/fr/espace/"
    response = client.post("/en/accounts/logout/")
    response = client.post("/en/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == "/en/my-space/"


def test_login_still_follows_next(client, alice):
    response = client.post(
        "/fr/accounts/login/?next=/fr/practices/", {"login": alice.email, "password": PASSWORD}
    )
    assert response["Location"] == "/fr/practices/"


def test_header_links_to_my_space_for_logged_in_people_only(client, alice):
    assert 'href="/fr/espace/"' not in client.get("/fr/").content.decode()
    html = page(client, alice, "/fr/")
    assert 'href="/fr/espace/"' in html
    assert "Mon espace" in html
    assert 'href="/fr/compte/"' in html


def test_open_action_items_overdue_first_with_meeting_and_due_date(client, alice, paris):
    me = person_of(alice)
    meeting = MeetingFactory(group=paris, title="Plénière de mars")
    today = timezone.localdate()
    ActionItemFactory(
        meeting=meeting, owner=me, title="Écrire la fiche", due_on=today + timedelta(9)
    )
    ActionItemFactory(
        meeting=meeting, owner=me, title="Appeler le parquet", due_on=today - timedelta(3)
    )
    ActionItemFactory(meeting=meeting, owner=me, title="Déjà fait", status="done")
    html = page(client, alice)
    assert html.index("Appeler le parquet") < html.index("Écrire la fiche")
    assert "Déjà fait" not in html
    assert "En retard" in html
    assert "Plénière de mars" in html
    assert f"{today - timedelta(3):%Y}" in html


def test_my_practices_say_what_each_needs_next(client, alice, paris):
    organisation = org_of(alice)
    PracticeFactory(
        organisation=organisation, group=paris, status=Practice.Status.DRAFT, title_fr="Brouillon"
    )
    PracticeFactory(
        organisation=organisation,
        group=paris,
        status=Practice.Status.CHANGES_REQUESTED,
        title_fr="À reprendre",
        review_note="Précisez le rôle du parquet.",
    )
    PracticeFactory(
        organisation=organisation,
        group=paris,
        status=Practice.Status.SUBMITTED,
        title_fr="En relecture",
    )
    html = page(client, alice)
    # Sent back first, then drafts, then those waiting for review.
    assert html.index("À reprendre") < html.index("Brouillon") < html.index("En relecture")
    assert "Précisez le rôle du parquet." in html
    assert "soumettez-la pour relecture" in html
    assert "En attente de relecture par la coordination" in html


def test_practices_of_another_organisation_do_not_show(client, alice, lyon_member, lyon):
    PracticeFactory(organisation=org_of(lyon_member), group=lyon, title_fr="Pratique lyonnaise")
    assert "Pratique lyonnaise" not in page(client, alice)


def test_next_meetings_show_my_answer_and_let_me_answer(client, alice, paris, lyon):
    meeting = MeetingFactory(group=paris, title="Plénière de juin", starts_at=at(days=3))
    AttendanceFactory(meeting=meeting, person=person_of(alice))
    MeetingFactory(group=lyon, title="Réunion lyonnaise")
    MeetingFactory(
        group=paris,
        title="Réunion passée",
        starts_at=at(days=-3),
        ends_at=at(days=-3, hours=2),
    )
    html = page(client, alice)
    assert "Plénière de juin" in html
    assert "Réunion lyonnaise" not in html
    assert "Réunion passée" not in html
    assert "Invité" in html
    assert f'action="/fr/meetings/{meeting.pk}/respond/"' in html

    response = client.post(
        f"/fr/meetings/{meeting.pk}/respond/", {"status": "confirmed", "next": "/fr/espace/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/espace/"
    assert Attendance.objects.get(meeting=meeting).status == "confirmed"


def test_answering_from_home_never_goes_to_another_site(client, alice, paris):
    meeting = MeetingFactory(group=paris)
    AttendanceFactory(meeting=meeting, person=person_of(alice))
    client.force_login(alice)
    response = client.post(
        f"/fr/meetings/{meeting.pk}/respond/",
        {"status": "declined", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == f"/fr/meetings/{meeting.pk}/"


def test_members_see_no_review_queue(client, alice, paris):
    PracticeFactory(group=paris, status=Practice.Status.SUBMITTED, title_fr="À relire")
    html = page(client, alice)
    assert "Pratiques à relire" not in html
    assert "À relire" not in html


def test_coordinator_sees_the_review_queue_and_open_suggestions_of_their_groups(
    client, paris_coordinator, paris, lyon, alice
):
    PracticeFactory(group=paris, status=Practice.Status.SUBMITTED, title_fr="À relire à Paris")
    PracticeFactory(group=lyon, status=Practice.Status.SUBMITTED, title_fr="À relire à Lyon")
    published = PracticeFactory(group=paris, title_fr="Publiée à Paris")
    lyon_practice = PracticeFactory(group=lyon, title_fr="Publiée à Lyon")
    Improvement.objects.create(practice=published, author=alice, text="Ajouter un contact.")
    Improvement.objects.create(
        practice=published, author=alice, text="Réponse faite.", status="declined"
    )
    Improvement.objects.create(practice=lyon_practice, author=alice, text="Idée lyonnaise.")
    html = page(client, paris_coordinator)
    assert "Pratiques à relire" in html
    assert "À relire à Paris" in html
    assert "À relire à Lyon" not in html
    assert "1 pratique attend votre relecture." in html
    assert "Ajouter un contact." in html
    assert "Réponse faite." not in html
    assert "Idée lyonnaise." not in html


def test_staff_sees_every_group_review_queue(client, staff, paris, lyon):
    PracticeFactory(group=paris, status=Practice.Status.SUBMITTED, title_fr="À relire à Paris")
    PracticeFactory(group=lyon, status=Practice.Status.SUBMITTED, title_fr="À relire à Lyon")
    html = page(client, staff)
    assert "À relire à Paris" in html
    assert "À relire à Lyon" in html


def test_account_without_a_group_is_told_what_to_expect(client, outsider):
    html = page(client, outsider)
    assert "pas encore dans un groupe de travail" in html
    assert "Pratiques à relire" not in html


def test_member_home_in_english(client, alice, paris):
    ActionItemFactory(meeting=MeetingFactory(group=paris), owner=person_of(alice))
    html = page(client, alice, "/en/my-space/")
    assert "My open action items" in html
    assert '<html lang="en">' in html


def _pile_up(paris, coordinator, count):
    """``count`` of everything the home lists, for the coordinator."""
    me = person_of(coordinator)
    organisation = org_of(coordinator)
    for n in range(count):
        meeting = MeetingFactory(group=paris, starts_at=at(days=n + 1))
        AttendanceFactory(meeting=meeting, person=me)
        ActionItemFactory(meeting=meeting, owner=me)
        PracticeFactory(
            group=paris, organisation=organisation, status=Practice.Status.CHANGES_REQUESTED
        )
        PracticeFactory(group=paris, status=Practice.Status.SUBMITTED)
        published = PracticeFactory(group=paris)
        Improvement.objects.create(practice=published, author=coordinator, text=f"Idée {n}")


def test_member_home_runs_constant_queries(
    client, paris, paris_coordinator, django_assert_max_num_queries
):
    client.force_login(paris_coordinator)
    # More rows than each list shows, so that every list is cut and counted.
    _pile_up(paris, paris_coordinator, 7)
    with django_assert_max_num_queries(20) as few:
        assert client.get("/fr/espace/").status_code == 200
    _pile_up(paris, paris_coordinator, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/fr/espace/")
    assert response.status_code == 200
    assert response.context["practices"].total == 22
    assert len(response.context["practices"].rows) < 22


def test_the_language_switch_leads_to_the_member_home_in_the_other_language(client, alice):
    assert 'href="/en/my-space/" hreflang="en"' in page(client, alice)
    assert 'href="/fr/espace/" hreflang="fr"' in page(client, alice, "/en/my-space/")
    assert 'href="/en/my-account/" hreflang="en"' in page(client, alice, "/fr/compte/")
