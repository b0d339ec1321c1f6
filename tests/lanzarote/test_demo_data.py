"""``manage.py load_demo``: the Paris group and its people, idempotent, never in production."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from lanzarote import demo_data
from stakeholders.models import Membership, Organisation, Person, Territory, WorkingGroup

User = get_user_model()

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$", re.MULTILINE)


def load(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Person, Organisation, Territory, WorkingGroup, Membership)
    }


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_load_demo_creates_the_paris_group_and_its_network(debug_on):
    load()
    group = WorkingGroup.objects.get(slug="paris")
    assert group.name_fr == "Groupe de travail Lanzarote – Paris"
    assert group.name_en == "Lanzarote working group – Paris"
    assert group.territory.name == "Paris"
    assert group.territory.country.code == "FR"
    assert Organisation.objects.count() >= 10
    assert group.organisations.count() >= 10
    # Inter-sectoral: the group's organisations cover several sectors.
    assert group.organisations.values("sector").distinct().count() >= 5
    assert Person.objects.count() == len(demo_data.PEOPLE)
    assert Membership.objects.filter(group=group).count() == len(demo_data.PEOPLE)
    assert Membership.objects.filter(group=group, role=Membership.Role.COORDINATOR).exists()
    # Demo people are fictional: their addresses are under example.org.
    assert all(
        email.endswith("@example.org") for email in Person.objects.values_list("email", flat=True)
    )


def test_load_demo_prints_logins_that_work(debug_on):
    output = load()
    logins = {email: (role, password) for role, email, password in LOGIN_LINE.findall(output)}
    assert set(logins) == {*demo_data.DEMO_PASSWORDS, demo_data.STAFF_LOGIN[0]}
    assert logins[demo_data.STAFF_LOGIN[0]][0] == "staff"
    assert {role for role, _ in logins.values()} >= {"coordinator", "member", "staff"}
    for email, (role, password) in logins.items():
        client = Client()
        assert client.login(email=email, password=password), email
        user = User.objects.get(email=email)
        assert user.is_staff is (role == "staff")
        if role != "staff":
            membership = Membership.objects.get(person__user=user, group__slug="paris")
            assert membership.role == role


def test_load_demo_twice_creates_no_duplicates(debug_on):
    load()
    first = counts()
    output = load()
    assert counts() == first
    # The passwords printed the second time still work.
    email, _, password = next(
        (email, role, password) for role, email, password in LOGIN_LINE.findall(output)
    )
    assert Client().login(email=email, password=password)


def test_load_demo_keeps_a_changed_demo_name_idempotent(debug_on):
    load()
    Organisation.objects.filter(slug="ecpat-france").update(name="ECPAT France (renamed)")
    load()
    assert Organisation.objects.get(slug="ecpat-france").name == "ECPAT France"
    assert Organisation.objects.filter(slug="ecpat-france").count() == 1


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="DEBUG is off"):
        load()
    assert counts() == before
    assert not User.objects.filter(email=demo_data.STAFF_LOGIN[0]).exists()


def test_load_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    load(force=True)
    assert WorkingGroup.objects.filter(slug="paris").exists()
    assert User.objects.get(email=demo_data.STAFF_LOGIN[0]).is_superuser


def test_the_demo_practices_have_records_that_meet_their_evidence_level(debug_on):
    from practices.models import Practice, Reference
    from practices.requirements import Draft, missing

    load()
    load()  # idempotent: the references are not doubled
    published = Practice.objects.published()
    assert Reference.objects.count() == sum(
        len(record.get("references", ())) for record in demo_data.RECORDS.values()
    )
    for practice in published:
        codes = {requirement.code for requirement in missing(Draft.of_practice(practice))}
        assert not codes & {"evaluation", "reference"}, practice.slug
        assert practice.evidence_assessed_at is not None
        if practice.evidence != Practice.Evidence.EMERGING:
            assert practice.evidence_rationale, practice.slug
    with_implementation = published.exclude(resources_fr="", staffing_fr="").count()
    assert with_implementation >= published.count() // 2


def test_the_demo_shows_approved_minutes_and_a_draft_awaiting_approval(debug_on):
    from meetings.models import Meeting

    load()
    load()  # twice: the approvals are rebuilt, not duplicated
    earlier = Meeting.objects.get(title=demo_data.EARLIER_MEETING["title"])
    past = Meeting.objects.get(title=demo_data.PAST_MEETING["title"])
    following = Meeting.objects.get(title=demo_data.NEXT_MEETING["title"])
    # The earlier minutes were approved by a decision of the later held meeting.
    assert earlier.minutes_approved_by.meeting == past
    assert earlier.minutes_approved_by.agenda_item.minutes_of == earlier
    # The most recent closed meeting's minutes: a draft, two versions, one comment, its
    # approval on the next planned meeting's agenda.
    assert past.minutes_approved_at is None
    assert past.minutes_versions.count() == 2
    assert past.minutes_comments.get().author is not None
    assert following.agenda_items.filter(minutes_of=past).count() == 1
