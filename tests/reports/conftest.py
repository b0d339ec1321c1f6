"""A group with a year of work (meetings, decisions, actions, practices, protocols) in the
year before the current one, and noise around it: the year before, another group of
another territory, a cancelled meeting."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings.models import ActionItem, Decision, Meeting
from practices.models import Improvement, Practice
from protocols.models import Protocol
from stakeholders.models import Organisation
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
    sector,
)
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from tests.practices.factories import PracticeFactory
from tests.protocols.factories import ProtocolFactory

PARIS = ZoneInfo("Europe/Paris")


def moment(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=PARIS)


@dataclass
class Year:
    year: int
    group: object
    other_group: object
    people: list
    meetings: list
    decisions: list
    completed: list
    overdue: list
    published: list
    improvement: object
    protocols: dict
    secrets: list  # words that only the full version may show


def held(group, title, starts_at, **fields):
    return MeetingFactory(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=Meeting.Status.HELD,
        **fields,
    )


def decide(meeting, text, *, public=False):
    item = AgendaItemFactory(meeting=meeting)
    return Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        text=text,
        is_public=public,
        made_public_at=timezone.now() if public else None,
    )


@pytest.fixture
def report_year(group, other_group):
    year = timezone.localdate().year - 1
    group.territory = TerritoryFactory(country="FR", name="Paris", slug="paris-report")
    group.founded_on = date(year - 1, 9, 1)
    group.description_fr = "Le groupe de Paris."
    group.description_en = "The Paris group."
    group.save()
    other_group.territory = TerritoryFactory(country="BE", name="Bruxelles", slug="bxl-report")
    other_group.save()

    ngo = OrganisationFactory(name="Association Enfance", sector=sector("ngo"))
    police = OrganisationFactory(
        name="Brigade des mineurs", sector=sector("police"), kind=Organisation.Kind.PUBLIC
    )
    group.organisations.add(ngo, police)
    alice = PersonFactory(
        first_name="Alicette",
        last_name="Marchandeau",
        email="alicette@example.org",
        organisation=ngo,
    )
    bruno = PersonFactory(
        first_name="Brunehaut",
        last_name="Vasseurier",
        email="brunehaut@example.org",
        organisation=police,
    )

    spring = held(
        group,
        "Plénière publique de printemps",
        moment(year, 3, 12),
        visibility=Meeting.Visibility.PUBLIC,
    )
    summer = held(group, "Réunion restreinte sur le dossier X", moment(year, 6, 20))
    AttendanceFactory(meeting=spring, person=alice, status="present", mode="in-person")
    AttendanceFactory(meeting=spring, person=bruno, status="present", mode="remote")
    AttendanceFactory(meeting=summer, person=alice, status="present", mode="")
    AttendanceFactory(meeting=summer, person=bruno, status="excused")

    public_decision = decide(spring, "Publier un guide commun de signalement.", public=True)
    private_decision = decide(summer, "Saisir le parquet du cas confidentiel.")

    done = ActionItemFactory(
        meeting=spring,
        title="Appeler la directrice de l’école Jaurès",
        owner=alice,
        decision=public_decision,
        status=ActionItem.Status.DONE,
        completed_on=date(year, 5, 2),
        due_on=date(year, 5, 1),
    )
    late = ActionItemFactory(
        meeting=summer,
        title="Relancer le substitut Lemoine",
        owner=bruno,
        decision=private_decision,
        due_on=date(year, 9, 1),
    )

    practice = PracticeFactory(
        territory=group.territory, group=group, published_at=moment(year, 4, 2)
    )
    author = UserFactory(email="auteur-suggestion@example.org", full_name="Gaspard Auteur")
    improvement = Improvement.objects.create(
        practice=practice,
        author=author,
        text="Ajouter le numéro de Mme Quintard.",
        status=Improvement.Status.TAKEN_UP,
        responded_at=moment(year, 7, 1),
    )
    in_force = ProtocolFactory(
        territory=group.territory,
        title_fr="Protocole public de Paris",
        title_en="Public protocol of Paris",
        next_review_on=timezone.localdate() + timedelta(days=400),
    )
    members_only = ProtocolFactory(
        territory=group.territory,
        title_fr="Protocole interne de Paris",
        title_en="Internal protocol of Paris",
        visibility=Protocol.Visibility.MEMBERS,
        next_review_on=timezone.localdate() + timedelta(days=10),
    )

    # Noise: the year before, a cancelled meeting, another group in another territory.
    before = held(group, "Réunion de l'an passé", moment(year - 1, 11, 5))
    AttendanceFactory(meeting=before, person=alice, status="present", mode="in-person")
    decide(before, "Une décision de l'année précédente.")
    ActionItemFactory(
        meeting=before,
        owner=alice,
        status=ActionItem.Status.DONE,
        completed_on=date(year - 1, 12, 1),
    )
    MeetingFactory(
        group=group,
        starts_at=moment(year, 10, 1),
        ends_at=moment(year, 10, 1, 12),
        status=Meeting.Status.CANCELLED,
    )
    elsewhere = held(other_group, "Réunion de Bruxelles", moment(year, 3, 12))
    decide(elsewhere, "Décision bruxelloise.")
    ActionItemFactory(
        meeting=elsewhere, due_on=date(year, 2, 1), title="Action bruxelloise en retard"
    )
    PracticeFactory(territory=group.territory, group=group, published_at=moment(year - 1, 4, 2))
    PracticeFactory(territory=other_group.territory, published_at=moment(year, 4, 2))
    PracticeFactory(territory=group.territory, group=group, status=Practice.Status.DRAFT)
    ProtocolFactory(territory=other_group.territory)
    ProtocolFactory(territory=group.territory, status=Protocol.Status.EXPIRED)

    return Year(
        year=year,
        group=group,
        other_group=other_group,
        people=[alice, bruno],
        meetings=[spring, summer],
        decisions=[public_decision, private_decision],
        completed=[done],
        overdue=[late],
        published=[practice],
        improvement=improvement,
        protocols={"public": in_force, "members": members_only},
        secrets=[
            "Alicette",
            "Marchandeau",
            "alicette@example.org",
            "Brunehaut",
            "Vasseurier",
            "brunehaut@example.org",
            "Gaspard Auteur",
            "auteur-suggestion@example.org",
            "Quintard",
            "Appeler la directrice",
            "Relancer le substitut",
            "Lemoine",
            "Réunion restreinte",
            "Saisir le parquet",
            "Protocole interne",
            "Internal protocol",
        ],
    )
