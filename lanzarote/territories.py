"""Territory pages: what the network does in one place, brought together from the
directory, the catalogue's index, the working groups' public meetings and Insight.

A whole-country territory (no local name) stands for its country, as in Insight: its page
counts and lists everything in the country, and links to the country's local territories.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from lanzarote.insight import Scope, sector_matrix
from meetings.models import Meeting
from practices import cache
from practices.index import EMPTY, Results
from practices.models import Practice
from practices.views import CARD_FIELDS
from stakeholders.models import Organisation, Territory, WorkingGroup

PRACTICES_SHOWN = 6
MEETINGS_SHOWN = 5


def scope_of(territory: Territory) -> Scope:
    """The Insight scope a territory's page covers: the country for a whole-country one."""
    if territory.is_country:
        return Scope(country=territory.country.code)
    return Scope(country=territory.country.code, territory=territory)


def practice_bits(index, territory: Territory):
    """The published practices of a territory's page, from the catalogue index."""
    if territory.is_country:
        return index.bitmaps["country"].get(territory.country.code, EMPTY)
    return index.bitmaps["territory"].get(territory.slug, EMPTY)


@dataclass
class CountryRow:
    """A country of the territories' list: its whole-country territory (if any) and its
    local ones, each with its figures."""

    code: str
    name: str
    territories: list = field(default_factory=list)


def territory_rows() -> list[CountryRow]:
    """Every territory by country, each with its numbers of working groups, organisations
    and published practices (a whole-country one counting its whole country): three
    queries, whatever the number of territories."""
    territories = list(Territory.objects.order_by("country", "name"))
    groups = dict(
        WorkingGroup.objects.order_by()
        .values_list("territory_id")
        .annotate(n=Count("pk"))
        .values_list("territory_id", "n")
    )
    organisations = dict(
        Organisation.objects.order_by()
        .values_list("territory_id")
        .annotate(n=Count("pk"))
        .values_list("territory_id", "n")
    )
    by_country_groups, by_country_organisations = Counter(), Counter()
    for territory in territories:
        code = territory.country.code
        by_country_groups[code] += groups.get(territory.pk, 0)
        by_country_organisations[code] += organisations.get(territory.pk, 0)
    index = cache.current().index
    rows: dict[str, CountryRow] = {}
    for territory in territories:
        code = territory.country.code
        if territory.is_country:
            territory.group_count = by_country_groups[code]
            territory.organisation_count = by_country_organisations[code]
        else:
            territory.group_count = groups.get(territory.pk, 0)
            territory.organisation_count = organisations.get(territory.pk, 0)
        territory.practice_count = len(practice_bits(index, territory))
        row = rows.setdefault(code, CountryRow(code, territory.country.name))
        row.territories.append(territory)
    return sorted(rows.values(), key=lambda row: row.name)


@dataclass
class SectorOrganisations:
    sector: object
    organisations: list


def territory_page(territory: Territory) -> dict:
    """What a territory's public page shows; the same for everyone (members-only meetings
    never appear on it). A constant number of queries whatever the data."""
    scope = scope_of(territory)
    code = territory.country.code
    if territory.is_country:
        local_territories = list(
            Territory.objects.filter(country=code).exclude(name="").order_by("name")
        )
        whole_country = None
    else:
        local_territories = []
        whole_country = Territory.objects.filter(country=code, name="").first()
    groups = list(scope.groups().order_by("name"))

    organisations = list(
        scope.organisations()
        .select_related("sector", "territory")
        .only(
            "name", "acronym", "slug", "kind", "sector", "territory__country",
            "territory__name", "territory__slug",
        )
        .order_by("sector__position", "sector__code", "name")
    )  # fmt: skip
    by_sector = defaultdict(list)
    sectors = {}
    for organisation in organisations:
        sectors[organisation.sector_id] = organisation.sector
        by_sector[organisation.sector_id].append(organisation)
    kind_counts = Counter(organisation.kind for organisation in organisations)
    kinds = [(label, kind_counts.get(value, 0)) for value, label in Organisation.Kind.choices]

    index = cache.current().index
    bits = practice_bits(index, territory)
    queryset = Practice.objects.published().select_related("territory").only(*CARD_FIELDS)
    practices = Results(index, bits, queryset)[:PRACTICES_SHOWN]
    sectors_of = index.sectors_of([practice.pk for practice in practices])
    for practice in practices:
        practice.card_sectors = sectors_of[practice.pk]
    catalogue_url = f"{reverse('practices:list')}?{urlencode(scope.catalogue_params())}"

    meetings = Meeting.objects.public().filter(group__in=[g.pk for g in groups])
    meetings = meetings.select_related("group").only(
        "title", "starts_at", "ends_at", "timezone", "status", "visibility", "place", "group__name",
        "group__name_fr", "group__name_en",
    )  # fmt: skip
    upcoming = list(meetings.upcoming()[:MEETINGS_SHOWN]) if groups else []
    recent = list(meetings.past()[:MEETINGS_SHOWN]) if groups else []

    return {
        "territory": territory,
        "scope": scope,
        "local_territories": local_territories,
        "whole_country": whole_country,
        "groups": groups,
        "organisations_by_sector": [
            SectorOrganisations(sectors[pk], by_sector[pk]) for pk in by_sector
        ],
        "organisation_count": len(organisations),
        "kinds": kinds,
        "practices": practices,
        "practice_count": len(bits),
        "catalogue_url": catalogue_url,
        "upcoming_meetings": upcoming,
        "recent_meetings": recent,
        "gaps": sector_matrix(scope)["gaps"],
    }


DUE_WITHIN_DAYS = 90


def territory_protocols(user, territory: Territory) -> dict:
    """The protocols in force on a territory (in its country, for a whole-country one) that
    ``user`` may see: public ones for everyone, members-only ones for the members of the
    territory's groups, their coordinators and staff (protocols.rules.visible_to). Each with
    its signatories' count and the sectors it binds; those ending or due for review within
    90 days (or already past) are marked. Two queries whatever the number of protocols."""
    from protocols import rules
    from protocols.models import Protocol, Signatory

    queryset = Protocol.objects.in_force()
    if territory.is_country:
        queryset = queryset.filter(territory__country=territory.country.code)
        params = {"country": territory.country.code}
    else:
        queryset = queryset.filter(territory=territory)
        params = {"territory": territory.slug}
    protocols = list(
        rules.visible_to(user, queryset)
        .select_related("territory")
        .prefetch_related(
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("organisation__sector"),
            )
        )
        .order_by("next_review_on", "title", "pk")
    )
    today = timezone.localdate()
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    for protocol in protocols:
        signatories = protocol.signatories.all()
        protocol.signatory_count = len(signatories)
        sectors = {s.organisation.sector.pk: s.organisation.sector for s in signatories}
        protocol.bound_sectors = sorted(
            sectors.values(), key=lambda sector: (sector.position, sector.code)
        )
        protocol.expiring = bool(protocol.in_force_until and protocol.in_force_until <= horizon)
        protocol.review_due = bool(protocol.next_review_on and protocol.next_review_on <= horizon)
    return {
        "protocols": protocols,
        "protocols_due": sum(1 for p in protocols if p.expiring or p.review_due),
        "protocols_url": f"{reverse('protocols:list')}?{urlencode(params)}",
    }
