"""The network seen from above: which sectors work together, where, and where nobody does.

Each figure is one aggregate query over published practices (or held meetings), whatever
their number.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django_countries import countries

from meetings.models import Attendance, Meeting
from practices.models import ConventionArticle, Practice
from stakeholders.models import Organisation, Sector, Territory, WorkingGroup


@dataclass
class Scope:
    """All countries, one country, or one local territory."""

    country: str = ""
    territory: Territory | None = None

    @property
    def label(self):
        if self.territory:
            return str(self.territory)
        if self.country:
            return countries.name(self.country)
        return ""

    def practices(self):
        queryset = Practice.objects.published()
        if self.territory:
            return queryset.filter(territory=self.territory)
        if self.country:
            return queryset.filter(territory__country=self.country)
        return queryset

    def organisations(self):
        queryset = Organisation.objects.all()
        if self.territory:
            return queryset.filter(territory=self.territory)
        if self.country:
            return queryset.filter(territory__country=self.country)
        return queryset

    def groups(self):
        queryset = WorkingGroup.objects.select_related("territory")
        if self.territory:
            return queryset.filter(territory=self.territory)
        if self.country:
            return queryset.filter(territory__country=self.country)
        return queryset

    def catalogue_params(self) -> dict:
        if self.territory:
            return {"territory": self.territory.slug}
        if self.country:
            return {"country": self.country}
        return {}


def scope_from(params) -> tuple[Scope, list[str]]:
    """The scope asked for in the GET parameters; unknown values are reported and ignored."""
    problems = []
    scope = Scope()
    code = (params.get("country") or "").upper()
    if code:
        if code in dict(countries):
            scope.country = code
        else:
            problems.append("country")
    slug = params.get("territory") or ""
    if slug:
        territory = (
            Territory.objects.filter(slug=slug[:120]).first() if "\x00" not in slug else None
        )
        if territory is None:
            problems.append("territory")
        elif not territory.name:
            # A whole-country territory stands for its country: the catalogue has no
            # filter for it, so the matrix's links could not show the practices counted.
            scope.country = territory.country.code
        else:
            scope.territory = territory
            scope.country = territory.country.code
    return scope, problems


@dataclass
class Cell:
    row: Sector
    column: Sector
    count: int
    url: str

    @property
    def level(self) -> int:
        """0 (none) to 4 (many): the colour of the cell, an extra to its number."""
        if self.count == 0:
            return 0
        return min(4, 1 + (self.count > 2) + (self.count > 5) + (self.count > 10))


@dataclass
class Gap:
    first: Sector
    second: Sector
    first_organisations: list = field(default_factory=list)
    second_organisations: list = field(default_factory=list)


def pair_counts(practices) -> dict[tuple[int, int], int]:
    """How many of ``practices`` involve each pair of sectors (and each sector alone)."""
    through = Practice.sectors.through._meta.db_table
    inner_sql, params = practices.order_by().values("pk").query.sql_with_params()
    sql = (
        f"SELECT a.sector_id, b.sector_id, COUNT(*) FROM {through} a "
        f"JOIN {through} b ON a.practice_id = b.practice_id AND a.sector_id <= b.sector_id "
        f"WHERE a.practice_id IN ({inner_sql}) GROUP BY a.sector_id, b.sector_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(first, second): count for first, second, count in cursor.fetchall()}


def sector_matrix(scope: Scope):
    """The 7 × 7 table of shared practices, and the empty pairs with who could fill them."""
    sectors = list(Sector.objects.all())
    counts = pair_counts(scope.practices())
    list_url = reverse("practices:list")
    rows, gaps = [], []
    for row in sectors:
        cells = []
        for column in sectors:
            key = (min(row.pk, column.pk), max(row.pk, column.pk))
            codes = [row.code] if row.pk == column.pk else [row.code, column.code]
            query = urlencode(
                [("sector", c) for c in codes] + list(scope.catalogue_params().items())
            )
            cells.append(Cell(row, column, counts.get(key, 0), f"{list_url}?{query}"))
        rows.append((row, cells))
    for i, first in enumerate(sectors):
        for second in sectors[i + 1 :]:
            if counts.get((min(first.pk, second.pk), max(first.pk, second.pk)), 0) == 0:
                gaps.append(Gap(first, second))
    covered = sum(1 for (a, b), n in counts.items() if a != b and n)
    if gaps and (scope.territory or scope.country):
        by_sector = defaultdict(list)
        for organisation in (
            scope.organisations().only("name", "slug", "sector_id").order_by("name")
        ):
            by_sector[organisation.sector_id].append(organisation)
        for gap in gaps:
            gap.first_organisations = by_sector.get(gap.first.pk, [])
            gap.second_organisations = by_sector.get(gap.second.pk, [])
    total_pairs = len(sectors) * (len(sectors) - 1) // 2
    return {
        "sectors": sectors,
        "rows": rows,
        "gaps": gaps,
        "covered": covered,
        "pairs": total_pairs,
    }


def convention_coverage(scope: Scope):
    """For each article, how many published practices address it, per country."""
    articles = list(ConventionArticle.objects.all())
    counts = defaultdict(int)
    rows = (
        Practice.articles.through.objects.filter(practice__in=scope.practices())
        .values_list("conventionarticle_id", "practice__territory__country")
        .order_by()
    )
    for article_id, country, n in rows.annotate(n=Count("*")):
        counts[(article_id, country)] += n
    country_codes = sorted({country for _article, country in counts}, key=countries.name)
    table = [
        (
            article,
            [counts.get((article.pk, code), 0) for code in country_codes],
            sum(counts.get((article.pk, code), 0) for code in country_codes),
        )
        for article in articles
    ]
    return {"countries": [(c, countries.name(c)) for c in country_codes], "rows": table}


def meeting_presence(scope: Scope):
    """For each working group, which sectors were present at each held meeting."""
    groups = list(scope.groups())
    meetings = list(
        Meeting.objects.filter(group__in=groups, status=Meeting.Status.HELD)
        .order_by("group_id", "starts_at")
        .only("pk", "title", "starts_at", "group_id")
    )
    present = defaultdict(set)
    for meeting_id, code in (
        Attendance.objects.filter(meeting__in=meetings, status=Attendance.Status.PRESENT)
        .values_list("meeting_id", "person__organisation__sector__code")
        .distinct()
    ):
        present[meeting_id].add(code)
    sectors = list(Sector.objects.all())
    by_group = defaultdict(list)
    for meeting in meetings:
        codes = present[meeting.pk]
        by_group[meeting.group_id].append((meeting, [s.code in codes for s in sectors], len(codes)))
    return [(group, by_group[group.pk]) for group in groups]
