"""A small network whose insight figures are worked out by hand.

Sectors, in their seeded order: justice (J), police (P), medico-legal (M), child-welfare
(C), education (E), ngo (N), private (X).

Published practices (the only ones that count):

    P1  Paris (FR)    J P M   articles 5, 12
    P2  Paris (FR)    J P     article 12
    P3  France (FR)   C E     articles 12, 35     (the whole-country territory)
    P4  Belgium (BE)  J N     articles 5, 12

Practices in every other state all involve the private sector and article 36, in Paris,
France and Berlin (DE): none of that may show anywhere.
"""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from meetings.models import Attendance, Meeting
from practices.models import ConventionArticle, Partner, Practice, TargetGroup, Theme
from stakeholders.models import Organisation, Sector
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    WorkingGroupFactory,
)
from tests.practices.factories import PracticeFactory

S = Practice.Status
NOW = timezone.now().replace(microsecond=0)

SECTORS = ["justice", "police", "medico-legal", "child-welfare", "education", "ngo", "private"]
ARTICLES = [5, 6, 7, 8, 9, 10, 12, 13, 14, 31, 35, 36]

# The sectors of each published practice, by scope.
PUBLISHED = {
    "p1": ("paris", {"justice", "police", "medico-legal"}),
    "p2": ("paris", {"justice", "police"}),
    "p3": ("france", {"child-welfare", "education"}),
    "p4": ("belgium", {"justice", "ngo"}),
}
SCOPES = {
    "all": {"p1", "p2", "p3", "p4"},
    "FR": {"p1", "p2", "p3"},
    "BE": {"p4"},
    "paris": {"p1", "p2"},
}


def expected_matrix(scope: str) -> dict[tuple[str, str], int]:
    """{(row code, column code): number of practices}, for all 49 cells, by hand."""
    practices = [PUBLISHED[key][1] for key in sorted(SCOPES[scope])]
    return {
        (a, b): sum(1 for sectors in practices if a in sectors and b in sectors)
        for a in SECTORS
        for b in SECTORS
    }


# The same figures, written out for the record (and to check expected_matrix itself).
HAND_MATRIX_ALL = {
    ("justice", "justice"): 3,
    ("police", "police"): 2,
    ("medico-legal", "medico-legal"): 1,
    ("child-welfare", "child-welfare"): 1,
    ("education", "education"): 1,
    ("ngo", "ngo"): 1,
    ("justice", "police"): 2,
    ("justice", "medico-legal"): 1,
    ("police", "medico-legal"): 1,
    ("child-welfare", "education"): 1,
    ("justice", "ngo"): 1,
}
HAND_MATRIX_PARIS = {
    ("justice", "justice"): 2,
    ("police", "police"): 2,
    ("medico-legal", "medico-legal"): 1,
    ("justice", "police"): 2,
    ("justice", "medico-legal"): 1,
    ("police", "medico-legal"): 1,
}
COVERED = {"all": 5, "FR": 4, "BE": 1, "paris": 3}

# Convention coverage: {article: {country: count}}; every other article is 0.
COVERAGE_ALL = {5: {"BE": 1, "FR": 1}, 12: {"BE": 1, "FR": 3}, 35: {"FR": 1}}
COVERAGE_PARIS = {5: {"FR": 1}, 12: {"FR": 2}}


@dataclass
class Network:
    territories: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    practices: dict = field(default_factory=dict)
    hidden: dict = field(default_factory=dict)  # practices in any state but published
    people: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)

    @property
    def published(self):
        return list(self.practices.values())


def sector(code):
    return Sector.objects.get(code=code)


def make_practice(
    *,
    status=S.PUBLISHED,
    sectors=(),
    articles=(),
    themes=(),
    targets=(),
    lead=None,
    **fields,
):
    practice = PracticeFactory(status=status, **fields)
    practice.sectors.set(Sector.objects.filter(code__in=sectors))
    practice.articles.set(ConventionArticle.objects.filter(number__in=articles))
    practice.themes.set(Theme.objects.filter(code__in=themes))
    practice.target_groups.set(TargetGroup.objects.filter(code__in=targets))
    Partner.objects.create(
        practice=practice, organisation=lead or practice.organisation, role=Partner.Role.LEAD
    )
    return practice


ORGANISATIONS = [
    # key, name, sector, territory
    ("tribunal", "Tribunal judiciaire de Paris", "justice", "paris"),
    ("brigade", "Brigade de protection des mineurs", "police", "paris"),
    ("umj", "Unité médico-judiciaire Hôtel-Dieu", "medico-legal", "paris"),
    ("enfance", "Association Enfance Paris", "ngo", "paris"),
    ("lycee", "Lycée Voltaire", "education", "paris"),
    ("lyon-ngo", "Association Lyon Enfance", "ngo", "lyon"),
    ("lyon-welfare", "Service social de Lyon", "child-welfare", "lyon"),
    ("lyon-private", "Plateforme numérique lyonnaise", "private", "lyon"),
    ("observatoire", "Observatoire national de la protection", "child-welfare", "france"),
    ("education-nationale", "Éducation nationale", "education", "france"),
    ("parquet", "Parquet de Bruxelles", "justice", "belgium"),
    ("sos", "SOS Enfants Bruxelles", "ngo", "belgium"),
]


# Organisations of these sectors are not public institutions.
KINDS = {"ngo": Organisation.Kind.CIVIL_SOCIETY, "private": Organisation.Kind.PRIVATE}


def build_network() -> Network:
    net = Network()
    t = net.territories
    t["paris"] = TerritoryFactory(country="FR", name="Paris", slug="paris")
    t["lyon"] = TerritoryFactory(country="FR", name="Lyon", slug="lyon")
    t["france"] = TerritoryFactory(country="FR", name="", slug="france")
    t["belgium"] = TerritoryFactory(country="BE", name="", slug="belgique")
    t["berlin"] = TerritoryFactory(country="DE", name="Berlin", slug="berlin")
    for key, name, code, territory in ORGANISATIONS:
        net.organisations[key] = OrganisationFactory(
            name=name,
            slug=key,
            sector=sector(code),
            kind=KINDS.get(code, Organisation.Kind.PUBLIC),
            territory=t[territory],
        )
    o = net.organisations
    net.groups["paris"] = WorkingGroupFactory(
        territory=t["paris"],
        slug="groupe-paris",
        name_fr="Groupe de travail de Paris",
        name_en="Paris working group",
    )
    net.groups["belgium"] = WorkingGroupFactory(
        territory=t["belgium"],
        slug="groupe-belgique",
        name_fr="Groupe de travail de Belgique",
        name_en="Belgian working group",
    )
    net.groups["paris"].organisations.add(
        *[o[k] for k in ("tribunal", "brigade", "umj", "enfance")]
    )
    net.groups["belgium"].organisations.add(o["parquet"], o["sos"])
    g = net.groups

    p = net.practices
    p["p1"] = make_practice(
        title_fr="Unité d'accueil pédiatrique enfants en danger",
        title_en="Paediatric reception unit for children at risk",
        slug="uaped-paris",
        territory=t["paris"],
        organisation=o["umj"],
        group=g["paris"],
        sectors=("justice", "police", "medico-legal"),
        articles=(5, 12),
        themes=("child-friendly-justice",),
        targets=("child-victims",),
        evidence=Practice.Evidence.EVALUATED,
        published_at=NOW - timedelta(days=4),
    )
    p["p2"] = make_practice(
        title_fr="Formation commune des enquêteurs",
        title_en="Joint training of investigators",
        slug="formation-enqueteurs",
        territory=t["paris"],
        organisation=o["tribunal"],
        group=g["paris"],
        sectors=("justice", "police"),
        articles=(12,),
        themes=("training",),
        targets=("professionals",),
        evidence=Practice.Evidence.PROMISING,
        published_at=NOW - timedelta(days=3),
    )
    p["p3"] = make_practice(
        title_fr="Prévention à l'école",
        title_en="Prevention at school",
        slug="prevention-ecole",
        territory=t["france"],
        organisation=o["education-nationale"],
        group=g["paris"],
        sectors=("child-welfare", "education"),
        articles=(12, 35),
        themes=("prevention",),
        targets=("children",),
        evidence=Practice.Evidence.EMERGING,
        published_at=NOW - timedelta(days=2),
    )
    p["p4"] = make_practice(
        title_fr="Audition filmée à Bruxelles",
        title_en="Video-recorded interviews in Brussels",
        slug="audition-bruxelles",
        territory=t["belgium"],
        organisation=o["parquet"],
        group=g["belgium"],
        sectors=("justice", "ngo"),
        articles=(5, 12),
        themes=("child-friendly-justice",),
        targets=("child-victims",),
        evidence=Practice.Evidence.EVALUATED,
        published_at=NOW - timedelta(days=1),
    )
    # The prosecutor's office with an NGO: the one practice joining a public institution
    # and civil society.
    Partner.objects.create(practice=p["p4"], organisation=o["sos"], role=Partner.Role.PARTNER)
    h = net.hidden
    h["draft"] = make_practice(
        status=S.DRAFT,
        title_fr="Brouillon confidentiel Xylophage",
        title_en="Confidential draft Xylophage",
        slug="brouillon-xylophage",
        territory=t["paris"],
        organisation=o["tribunal"],
        group=g["paris"],
        sectors=("justice", "private"),
        articles=(36,),
        themes=("training",),
        targets=("professionals",),
    )
    h["submitted"] = make_practice(
        status=S.SUBMITTED,
        title_fr="Soumise en relecture Zinnia",
        title_en="Submitted for review Zinnia",
        slug="soumise-zinnia",
        territory=t["paris"],
        organisation=o["umj"],
        group=g["paris"],
        sectors=("medico-legal", "private"),
        articles=(36,),
        evidence=Practice.Evidence.EVALUATED,
    )
    h["changes"] = make_practice(
        status=S.CHANGES_REQUESTED,
        title_fr="Modifications demandées Yuzu",
        title_en="Changes requested Yuzu",
        slug="modifications-yuzu",
        territory=t["berlin"],
        organisation=o["lyon-private"],
        group=g["paris"],
        sectors=("education", "private"),
        articles=(12, 36),
        themes=("prevention",),
        targets=("children",),
    )
    h["archived"] = make_practice(
        status=S.ARCHIVED,
        title_fr="Archivée Wombat",
        title_en="Archived Wombat",
        slug="archivee-wombat",
        territory=t["france"],
        organisation=o["brigade"],
        group=g["paris"],
        sectors=("police", "private", "justice"),
        articles=(36, 5),
        themes=("child-friendly-justice",),
        targets=("child-victims",),
        evidence=Practice.Evidence.EVALUATED,
        # Once published, and more recently than any other: still never shown.
        published_at=NOW,
    )
    return net


def add_meetings(net: Network) -> Network:
    """Two held meetings of the Paris group with known present sectors, and meetings or
    attendances that must not count.

    held 14 days ago: present justice (twice), police; absent ngo; excused education
    held 7 days ago:  present ngo, medico-legal; confirmed justice; declined police
    planned (next week) and cancelled (3 days ago): present private / child-welfare
    """
    o = net.organisations
    people = net.people
    for key, org in [
        ("judge", "tribunal"),
        ("prosecutor", "tribunal"),
        ("officer", "brigade"),
        ("doctor", "umj"),
        ("volunteer", "enfance"),
        ("teacher", "lycee"),
        ("social-worker", "lyon-welfare"),
        ("developer", "lyon-private"),
    ]:
        people[key] = PersonFactory(organisation=o[org])
    group = net.groups["paris"]

    def meeting(key, status, days, attendances):
        starts = NOW + timedelta(days=days)
        net.meetings[key] = m = Meeting.objects.create(
            group=group,
            title=f"Réunion {key}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            status=status,
        )
        for person, attendance in attendances:
            Attendance.objects.create(meeting=m, person=people[person], status=attendance)
        return m

    A = Attendance.Status
    meeting(
        "first",
        Meeting.Status.HELD,
        -14,
        [
            ("judge", A.PRESENT),
            ("prosecutor", A.PRESENT),
            ("officer", A.PRESENT),
            ("volunteer", A.ABSENT),
            ("teacher", A.EXCUSED),
        ],
    )
    meeting(
        "second",
        Meeting.Status.HELD,
        -7,
        [
            ("volunteer", A.PRESENT),
            ("doctor", A.PRESENT),
            ("judge", A.CONFIRMED),
            ("officer", A.DECLINED),
        ],
    )
    meeting("planned", Meeting.Status.PLANNED, 7, [("developer", A.PRESENT)])
    meeting("cancelled", Meeting.Status.CANCELLED, -3, [("social-worker", A.PRESENT)])
    return net


PRESENCE = {
    "first": {"justice", "police"},
    "second": {"ngo", "medico-legal"},
}


_counter = itertools.count()


def grow(n: int, *, countries=("FR", "BE", "DE", "IT")):
    """``n`` more published practices in ``n`` new territories, each with its own group,
    organisations, a held meeting with three present people: for query counts."""
    created = []
    for _ in range(n):
        i = next(_counter)
        territory = TerritoryFactory(
            country=countries[i % len(countries)], name=f"Zone {i}", slug=f"zone-{i}"
        )
        group = WorkingGroupFactory(territory=territory, slug=f"zone-group-{i}")
        codes = [SECTORS[i % 7], SECTORS[(i + 2) % 7], SECTORS[(i + 4) % 7]]
        orgs = [
            OrganisationFactory(
                name=f"Zone {i} organisation {code}",
                slug=f"zone-{i}-{code}",
                sector=sector(code),
                territory=territory,
            )
            for code in codes
        ]
        group.organisations.add(*orgs)
        practice = make_practice(
            title_fr=f"Pratique de zone {i}",
            title_en=f"Zone practice {i}",
            slug=f"zone-practice-{i}",
            territory=territory,
            organisation=orgs[0],
            group=group,
            sectors=codes,
            articles=(ARTICLES[i % 12], ARTICLES[(i + 5) % 12]),
            themes=("prevention", "training"),
            targets=("children",),
            published_at=NOW - timedelta(hours=i + 1),
        )
        Partner.objects.create(practice=practice, organisation=orgs[1], role=Partner.Role.PARTNER)
        starts = NOW - timedelta(days=30 + i)
        meeting = Meeting.objects.create(
            group=group,
            title=f"Réunion de zone {i}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            status=Meeting.Status.HELD,
        )
        for org in orgs:
            Attendance.objects.create(
                meeting=meeting,
                person=PersonFactory(organisation=org),
                status=Attendance.Status.PRESENT,
            )
        created.append(practice)
    return created
