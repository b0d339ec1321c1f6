"""The network seen from above: which sectors work together, where, and where nobody does.

The practice figures come from the catalogue's in-memory index (bitmap intersections,
no query), computed once per catalogue state and scope; the meeting and protocol figures
are a few queries, computed once per state of the network's activity and scope (the
triggers of meetings, protocols and reports tell every process when it changes:
practices.cache).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from meetings import figures
from practices import cache
from practices import figures as practice_figures
from practices.index import EMPTY, PUBLIC_CIVIL
from stakeholders.charts import rendered
from stakeholders.models import Organisation, Sector, Territory, WorkingGroup


@dataclass
class Scope:
    """All countries, one country, or one local territory."""

    country: str = ""
    territory: Territory | None = None
    # The territory whose page shows this scope (a whole-country one for a country).
    page: Territory | None = None

    @property
    def label(self):
        if self.territory:
            return str(self.territory)
        if self.country:
            return countries.name(self.country)
        return ""

    def practices(self, index):
        """The bitmap of the published practices in scope."""
        if self.territory:
            return index.bitmaps["territory"].get(self.territory.slug, EMPTY)
        if self.country:
            return index.bitmaps["country"].get(self.country, EMPTY)
        return index.all

    @property
    def key(self) -> tuple:
        return (self.country, self.territory.pk if self.territory else None)

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
            scope.page = territory
            # A whole-country territory stands for its country: the catalogue has no
            # filter for it, so the matrix's links could not show the practices counted.
            scope.country = territory.country.code
        else:
            scope.territory = scope.page = territory
            scope.country = territory.country.code
    if scope.country and scope.page is None:
        scope.page = Territory.objects.filter(country=scope.country, name="").first()
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


def sector_matrix(scope: Scope):
    """The 7 × 7 table of shared practices, and the empty pairs with who could fill them."""
    state = cache.current()
    index = state.index
    sectors = index.vocabularies["sectors"]
    counts = state.memo(
        ("insight-pairs", scope.key), lambda: index.sector_pairs(scope.practices(index))
    )
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
        "counts": counts,
    }


def convention_coverage(scope: Scope):
    """For each article, how many published practices address it, per country."""
    state = cache.current()
    index = state.index

    def counts():
        within = scope.practices(index)
        countries_ = {
            code: bits & within
            for code, bits in index.bitmaps["country"].items()
            if bits.intersect(within)
        }
        found = {}
        for number, bits in index.bitmaps["article"].items():
            for code, place in countries_.items():
                n = bits.intersection_cardinality(place)
                if n:
                    found[(number, code)] = n
        return found

    found = state.memo(("insight-coverage", scope.key), counts)
    articles = index.vocabularies["articles"]
    country_codes = sorted({country for _article, country in found}, key=countries.name)
    table = [
        (
            article,
            [found.get((article.number, code), 0) for code in country_codes],
            sum(found.get((article.number, code), 0) for code in country_codes),
        )
        for article in articles
    ]
    return {"countries": [(c, countries.name(c)) for c in country_codes], "rows": table}


@dataclass
class CollaborationRow:
    """One country or sector: its published practices, and how many of them join a public
    institution and a civil-society organisation."""

    label: str
    practices: int
    joined: int
    url: str
    sector: Sector | None = None

    @property
    def share(self) -> int:
        """The joined practices as a whole percentage of the place's or sector's practices."""
        return round(100 * self.joined / self.practices) if self.practices else 0


def public_civil_collaboration(scope: Scope):
    """Where public institutions and civil society carry out practices together: the
    published practices in scope that join them, by country and by sector (from the
    catalogue index: the same set as the catalogue's ``collaboration`` filter)."""
    state = cache.current()
    index = state.index

    def counts():
        within = scope.practices(index)
        joined = index.bitmaps["collaboration"].get(PUBLIC_CIVIL, EMPTY) & within
        by_country = {
            code: (bits.intersection_cardinality(within), bits.intersection_cardinality(joined))
            for code, bits in index.bitmaps["country"].items()
            if bits.intersect(within)
        }
        by_sector = {
            code: (bits.intersection_cardinality(within), bits.intersection_cardinality(joined))
            for code, bits in index.bitmaps["sector"].items()
        }
        return len(within), len(joined), by_country, by_sector

    total, joined, by_country, by_sector = state.memo(("insight-collaboration", scope.key), counts)
    list_url = reverse("practices:list")

    def url(params) -> str:
        query = [*params, ("collaboration", PUBLIC_CIVIL)]
        return f"{list_url}?{urlencode(query)}"

    scope_params = list(scope.catalogue_params().items())
    # Within a local territory, a country's row counts (and lists) that territory only.
    places = [
        CollaborationRow(
            countries.name(code),
            n,
            j,
            url(scope_params if scope.territory else [("country", code)]),
        )
        for code, (n, j) in by_country.items()
    ]
    places.sort(key=lambda row: (-row.joined, row.label))
    sectors = [
        CollaborationRow(
            sector.name,
            *by_sector.get(sector.code, (0, 0)),
            url([("sector", sector.code), *scope_params]),
            sector=sector,
        )
        for sector in index.vocabularies["sectors"]
    ]
    return {
        "practices": total,
        "joined": joined,
        "share": round(100 * joined / total) if total else 0,
        "url": url(scope_params),
        "countries": places,
        "sectors": sectors,
    }


def practices_per_year(scope: Scope) -> dict:
    """Published practices in scope by year and sector (``practices.figures``), computed
    once per catalogue state and scope."""
    state = cache.current()
    return state.memo(
        ("insight-per-year", scope.key),
        lambda: practice_figures.per_year_by_sector(
            scope.practices(state.index), index=state.index
        ),
    )


def presence_table(group, rows, sectors):
    """The table of one group's presence rows, drawn once per process for the same rows
    (``stakeholders.charts.rendered``)."""
    key = (
        group.pk,
        group.name,
        tuple((s.code, s.name) for s in sectors),
        tuple((meeting.pk, meeting.starts_at, tuple(marks), n) for meeting, marks, n in rows),
    )
    context = {"group": group, "rows": rows, "sectors": sectors}
    return rendered("includes/presence_table.html", key, context)


def presence_charts(scope: Scope) -> list:
    """For each working group in scope: (group, the presence rows of its latest meetings,
    their chart, their table), the chart saying when older meetings are left out."""
    data = meeting_presence(scope)
    held = data["held"]
    result = []
    for group, rows in data["groups"]:
        note = ""
        if held.get(group.pk, 0) > len(rows):
            note = _(
                "The latest %(shown)s of its %(held)s meetings; its yearly reports give "
                "every meeting of a year."
            ) % {"shown": len(rows), "held": held[group.pk]}
        chart = figures.presence_chart(group, rows, data["sectors"], note=note)
        result.append((group, rows, chart, presence_table(group, rows, data["sectors"])))
    return result


# Insight's quarterly chart shows the last three years.
ACTIVITY_QUARTERS = 12


def activity_per_quarter(scope: Scope) -> dict:
    """Decisions and completed action items of the groups in scope, per quarter: computed
    once per state of the catalogue and of the network's activity (practices.cache), scope,
    day and time zone (the current quarter is today's)."""
    key = ("insight-activity", scope.key, *cache.page_day())
    return cache.memoize(
        key,
        lambda: figures.activity_per_quarter(scope.groups(), last=ACTIVITY_QUARTERS),
        activity=True,
    )


def meeting_presence(scope: Scope) -> dict:
    """For each working group in scope, which sectors were present at each of its latest
    held meetings (``meetings.figures.presence``): computed once per state of the catalogue
    and of the network's activity, and scope."""
    return cache.memoize(
        ("insight-presence", scope.key),
        lambda: figures.presence(list(scope.groups()), latest=figures.PRESENCE_CHART_MEETINGS),
        activity=True,
    )


@dataclass
class OverlayPair:
    """A pair of sectors: its shared published practices and the public protocols in force
    that bind both, with links to each."""

    first: Sector
    second: Sector
    practices: int
    protocols: int
    catalogue_url: str
    protocols_url: str


# The pairs count protocols in force: their links list those.
IN_FORCE = [("status", "in-force")]


def protocol_params(scope: Scope) -> list:
    """The protocols list's filters for ``scope``."""
    if scope.territory:
        return [("territory", scope.territory.slug)]
    if scope.country:
        return [("country", scope.country)]
    return []


def protocol_sector_pairs(scope: Scope) -> dict:
    """(sector pk, sector pk) → the number of public protocols in force in ``scope`` whose
    signatories' sectors include both: one query, once per state of the catalogue and of the
    network's activity, and scope. Protocols for members only or not in force never count
    (Insight is public)."""
    return cache.memoize(
        ("insight-protocol-pairs", scope.key), lambda: _protocol_sector_pairs(scope), activity=True
    )


def _protocol_sector_pairs(scope: Scope) -> dict:
    from protocols.models import Protocol, Signatory

    signatures = Signatory.objects.filter(
        protocol__status=Protocol.Status.IN_FORCE,
        protocol__visibility=Protocol.Visibility.PUBLIC,
    )
    if scope.territory:
        signatures = signatures.filter(protocol__territory=scope.territory)
    elif scope.country:
        signatures = signatures.filter(protocol__territory__country=scope.country)
    sectors_of = defaultdict(set)
    for protocol_id, sector_id in (
        signatures.order_by().values_list("protocol_id", "organisation__sector_id").distinct()
    ):
        sectors_of[protocol_id].add(sector_id)
    counts = defaultdict(int)
    for sector_ids in sectors_of.values():
        ordered = sorted(sector_ids)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                counts[(first, second)] += 1
    return dict(counts)


def protocol_overlay(scope: Scope, matrix: dict | None = None):
    """Every pair of distinct sectors in four groups: bound by a public protocol in force and
    sharing published practices; sharing practices without an agreement; bound by a protocol
    with no shared practice yet; no link at all. One query (the protocols' sectors); the
    practices come from the catalogue index, through ``matrix`` (sector_matrix's result for
    the same scope) when given."""
    matrix = sector_matrix(scope) if matrix is None else matrix
    sectors, practices = matrix["sectors"], matrix["counts"]
    protocols = protocol_sector_pairs(scope)
    catalogue = reverse("practices:list")
    protocol_list = reverse("protocols:list")
    groups = {"both": [], "practices_only": [], "protocols_only": [], "neither": []}
    for i, first in enumerate(sectors):
        for second in sectors[i + 1 :]:
            key = (min(first.pk, second.pk), max(first.pk, second.pk))
            shared, bound = practices.get(key, 0), protocols.get(key, 0)
            query = [("sector", first.code), ("sector", second.code)]
            pair = OverlayPair(
                first,
                second,
                shared,
                bound,
                f"{catalogue}?{urlencode(query + list(scope.catalogue_params().items()))}",
                f"{protocol_list}?{urlencode(query + IN_FORCE + protocol_params(scope))}",
            )
            if shared and bound:
                groups["both"].append(pair)
            elif shared:
                groups["practices_only"].append(pair)
            elif bound:
                groups["protocols_only"].append(pair)
            else:
                groups["neither"].append(pair)
    return groups


def overlay_groups(groups: dict) -> list:
    """The overlay's groups in reading order, each with its (translated) heading."""
    return [
        ("both", _("Bound by a protocol and sharing practices"), groups["both"]),
        (
            "practices-only",
            _("Working together without an agreement"),
            groups["practices_only"],
        ),
        (
            "protocols-only",
            _("Bound by a protocol, no shared practice yet"),
            groups["protocols_only"],
        ),
        ("neither", _("No link at all"), groups["neither"]),
    ]
