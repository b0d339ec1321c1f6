"""The published catalogue held in memory: counts, facets and pages without a query over
every practice.

Each process keeps, for its state of the catalogue (see ``practices.cache``):

- for each facet value (a sector, a country, a territory, a theme, a target group, an
  evidence level, an article) the set of published practices that have it, as a
  compressed bitmap of practice ids (pyroaring: its memory follows the number of
  practices, not the largest id), and the set of every published practice (``all``);
- the ids of the published practices in catalogue order (newest first);
- the matches of recent searches (``practices.search.SearchCache``).

A filter is then an AND of bitmaps, a count a cardinality, and a page the first ids of
the catalogue order in the result: microseconds, whatever the number of practices. The
index is built from the database (twelve queries) when a process starts or a vocabulary
changes; a change to some practices makes a new index that re-reads only those
(``refreshed``, six queries whatever their number).
"""

import bisect
import copy
import datetime
from array import array
from collections import defaultdict
from itertools import islice
from operator import itemgetter

from django.db import connection
from django.db.models import prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from pyroaring import BitMap, FrozenBitMap

from stakeholders.models import Organisation, Sector, Territory

from .models import ConventionArticle, Partner, Practice, TargetGroup, Theme
from .search import SearchCache, unpack

FACETS = (
    "sector", "country", "territory", "theme", "target", "evidence", "article", "collaboration",
)  # fmt: skip
# The one value of the ``collaboration`` facet: practices that join a public institution
# and a civil-society organisation (Practice.objects.joining_public_and_civil_society).
PUBLIC_CIVIL = "public-civil-society"

# Bitmaps of practice ids (32-bit: four billion practices is beyond this portal). Compressed
# (roaring): their memory follows the number of published practices, not the largest id.
EMPTY = FrozenBitMap()


def bitmap(ids) -> FrozenBitMap:
    """The bitmap of ``ids`` (non-negative ints below 2**32)."""
    if isinstance(ids, (FrozenBitMap, BitMap)):
        return FrozenBitMap(ids)
    try:
        return FrozenBitMap(array("I", ids)) if len(ids) else EMPTY
    except OverflowError as error:
        raise ValueError("Practice ids must be below 2**32 for the catalogue index.") from error


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
NULL_KEY = 1 << 62  # a practice without a publication date comes last


def _order_key(published_at) -> int:
    """Catalogue order is newest first: minus the microseconds since 1970 (then minus
    the id, for practices published at the same instant)."""
    if published_at is None:
        return NULL_KEY
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=datetime.UTC)
    return -((published_at - EPOCH) // datetime.timedelta(microseconds=1))


class CatalogueIndex:
    """The published practices of one state of the catalogue, and the facet vocabularies.

    Never changed once built: a change makes a new index (``refreshed``), so a request
    keeps the one it started with.
    """

    THROUGH = [
        ("sector", Practice.sectors.through, "sector_id"),
        ("theme", Practice.themes.through, "theme_id"),
        ("target", Practice.target_groups.through, "targetgroup_id"),
        ("article", Practice.articles.through, "conventionarticle_id"),
    ]

    def __init__(self):
        published = [Practice.Status.PUBLISHED.value]
        # The catalogue order, and its sort keys (to place a practice published later).
        self.order, self._keys = _order(published)
        self.all = bitmap(self.order)
        self._territory_objects = list(Territory.objects.all())
        sectors = {s.pk: s for s in Sector.objects.all()}
        themes = {t.pk: t for t in Theme.objects.all()}
        targets = {t.pk: t for t in TargetGroup.objects.all()}
        articles = {a.pk: a for a in ConventionArticle.objects.all()}
        # What each facet value is called in the GET parameters, by database id.
        self._names = {
            "sector": {pk: s.code for pk, s in sectors.items()},
            "theme": {pk: t.code for pk, t in themes.items()},
            "target": {pk: t.code for pk, t in targets.items()},
            "article": {pk: a.number for pk, a in articles.items()},
            "territory": {t.pk: (t.country.code, t.slug if t.name else None)
                          for t in self._territory_objects},
        }  # fmt: skip
        self.bitmaps: dict[str, dict] = {}
        # The through tables alone (drafts' rows included), kept to the published
        # practices here: joining the wide practices table cost three times as much.
        for name, through, column in self.THROUGH:
            self.bitmaps[name] = _within(
                _grouped(
                    f"SELECT t.{column}, {{ids}} FROM {through._meta.db_table} t "
                    f"GROUP BY t.{column}",
                    (),
                    self._names[name].get,
                    ids="t.practice_id",
                ),
                self.all,
            )
        # Evidence and place in one pass over the practices: a group per pair.
        pairs = _grouped(
            "SELECT evidence, territory_id, {ids} FROM practices_practice WHERE status = %s "
            "GROUP BY evidence, territory_id",
            published,
            tuple,
        )
        by_evidence, by_territory = defaultdict(list), defaultdict(list)
        for (evidence, territory_id), bits in _within(pairs, self.all).items():
            by_evidence[str(evidence)].append(bits)
            if territory_id is not None:
                by_territory[territory_id].append(bits)
        self.bitmaps["evidence"] = {k: FrozenBitMap.union(*v) for k, v in by_evidence.items()}
        self._set_places({k: FrozenBitMap.union(*v) for k, v in by_territory.items()})
        self.bitmaps["collaboration"] = _collaboration(self.all)

        # The labels of every facet, as the filters offer them.
        self.vocabularies = {
            "sectors": sorted(sectors.values(), key=lambda s: (s.position, s.code)),
            "themes": sorted(themes.values(), key=lambda t: (t.position, t.code)),
            "targets": sorted(targets.values(), key=lambda t: (t.position, t.code)),
            "articles": sorted(articles.values(), key=lambda a: a.number),
        }
        # Every local area can be chosen (a whole country is the country filter).
        self.vocabularies["territories"] = [t for t in self._territory_objects if t.name]
        self.searches = SearchCache()
        self._memo: dict = {}

    def _set_places(self, by_territory: dict) -> None:
        """Country and territory bitmaps from the bitmaps of each territory id (kept too,
        to update them in place)."""
        self._by_territory = by_territory
        countries, territories = defaultdict(list), {}
        for territory_id, bits in by_territory.items():
            if territory_id not in self._names["territory"]:
                continue
            code, slug = self._names["territory"][territory_id]
            countries[code].append(bits)
            if slug:
                territories[slug] = bits
        self.bitmaps["country"] = {
            code: FrozenBitMap.union(*maps) if len(maps) > 1 else maps[0]
            for code, maps in countries.items()
        }
        self.bitmaps["territory"] = territories

    def of_territory(self, territory) -> FrozenBitMap:
        """The published practices of ``territory``: a local area's own, or for a
        whole-country territory every practice of the country."""
        if territory.name:
            return self.bitmaps["territory"].get(territory.slug, EMPTY)
        return self.bitmaps["country"].get(territory.country.code, EMPTY)

    @property
    def size(self) -> int:
        return len(self.order)

    def memo(self, name, build):
        """``build()``'s value, kept as long as this index (labels in a language…)."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]

    def _order_keys(self) -> array:
        if self._keys is None:
            published = dict(
                Practice.objects.published().values_list("pk", "published_at").iterator()
            )
            self._keys = array("q", (_order_key(published.get(pk)) for pk in self.order))
        return self._keys

    def by_year(self) -> dict[int, FrozenBitMap]:
        """The published practices by year of publication (in the portal's time zone),
        from the catalogue order's sort keys: slices of the order, no query once the keys
        are read. Practices without a publication date are in no year."""

        def build():
            keys = self._order_keys()
            dated = bisect.bisect_left(keys, NULL_KEY)
            if not dated:
                return {}
            zone = timezone.get_default_timezone()

            def moment(key):
                return (EPOCH - datetime.timedelta(microseconds=key)).astimezone(zone)

            newest, oldest = moment(keys[0]).year, moment(keys[dated - 1]).year
            years = {}
            for year in range(oldest, newest + 1):
                start = _order_key(datetime.datetime(year, 1, 1, tzinfo=zone))
                end = _order_key(datetime.datetime(year + 1, 1, 1, tzinfo=zone))
                # Keys grow towards the past: the year is the keys in (end, start].
                lo, hi = bisect.bisect_right(keys, end), bisect.bisect_right(keys, start)
                years[year] = bitmap(self.order[lo:hi])
            return years

        return self.memo("by-year", build)

    def ranks(self, order=None) -> dict[int, int]:
        """Rank in ``order`` (catalogue order by default), by practice id."""
        order = self.order if order is None else order
        return self.memo(("ranks", id(order)), lambda: {pk: rank for rank, pk in enumerate(order)})

    def title_order(self, language: str) -> array:
        """Published practice ids sorted by title in ``language`` (else the other one)."""

        def build():
            other = "en" if language == "fr" else "fr"
            published = self.all.__contains__
            ids = (
                Practice.objects.published()
                .order_by(Coalesce(f"title_{language}", f"title_{other}").asc(), "pk")
                .values_list("pk", flat=True)
            )
            return array("q", filter(published, ids))

        return self.memo(f"title-order-{language}", build)

    # ------------------------------------------------------------ changes

    def refreshed(self, practice_ids) -> "CatalogueIndex":
        """A new index with these practices read again from the database (all at once:
        a few queries whatever their number). This one is left as it was."""
        ids = sorted(set(practice_ids))
        changed = bitmap(ids)
        rows = list(
            Practice.objects.published()
            .filter(pk__in=ids)
            .values_list("pk", "published_at", "territory_id", "evidence")
        )
        published = [pk for pk, *_rest in rows]
        added = defaultdict(list)  # (facet, value) -> ids
        for pk, _at, territory_id, evidence in rows:
            added["evidence", evidence].append(pk)
            added["place", territory_id].append(pk)
        for name, through, column in self.THROUGH:
            names = self._names[name]
            pairs = through.objects.filter(practice_id__in=published).values_list(
                "practice_id", column
            )
            for pk, value_id in pairs:
                if value_id in names:
                    added[name, names[value_id]].append(pk)

        added["collaboration", PUBLIC_CIVIL] = list(
            _joining(Practice.objects.filter(pk__in=published))
        )

        index = copy.copy(self)
        index.bitmaps = {
            name: _changed(values, changed, name, added)
            for name, values in self.bitmaps.items()
            if name not in ("country", "territory")
        }
        index._set_places(_changed(self._by_territory, changed, "place", added))
        index.all = (self.all - changed) | bitmap(published)
        index.order, index._keys = self._reordered(changed, rows)
        index.searches = self.searches.refreshed(ids, index.all)
        index._memo = {}
        return index

    def _reordered(self, changed, rows):
        """The catalogue order (and its keys) without ``changed``, then with ``rows``."""
        order = array("q", self.order)
        keys = self._order_keys() if rows else self._keys
        keys = None if keys is None else array("q", keys)
        leaving = self.all & changed
        if len(leaving) <= 64:
            for pk in leaving:
                p = order.index(pk)
                del order[p]
                if keys is not None:
                    del keys[p]
        else:
            kept = [p for p, pk in enumerate(order) if pk not in leaving]
            order = array("q", (order[p] for p in kept))
            keys = None if keys is None else array("q", (keys[p] for p in kept))
        for pk, published_at, _territory, _evidence in rows:
            key = _order_key(published_at)
            p = bisect.bisect_left(
                range(len(order)), (key, -pk), key=lambda i: (keys[i], -order[i])
            )
            order.insert(p, pk)
            keys.insert(p, key)
        return order, keys

    # ------------------------------------------------------------ filters and facets

    def filter_bitmaps(self, active: dict) -> dict[str, FrozenBitMap]:
        """One bitmap per active filter (``active`` as PracticeFilter.active() gives it)."""
        maps = {}
        for name, value in active.items():
            if name not in FACETS:
                continue
            values = self.bitmaps[name]
            if name == "sector":
                bits = self.all
                for code in value:
                    bits = bits & values.get(code, EMPTY)
            elif name == "article":
                bits = values.get(int(value), EMPTY)
            else:
                bits = values.get(str(value), EMPTY)
            maps[name] = bits
        return maps

    def facet_counts(self, maps: dict) -> dict[str, dict]:
        """For each facet value, how many practices the catalogue would show if it were chosen.

        Sectors combine (a practice must involve every chosen sector), so their counts are
        within the current results; the other facets replace their own current value.
        ``maps`` holds the bitmaps of the active filters (the search under "q").
        """
        current = self.all
        for bits in maps.values():
            current = current & bits
        counts = {}
        for name in FACETS:
            if name == "sector" or name not in maps:
                base = current
            else:
                base = self.all
                for other, bits in maps.items():
                    if other != name:
                        base = base & bits
            values = {}
            if base:
                for value, bits in self.bitmaps[name].items():
                    n = base.intersection_cardinality(bits)
                    if n:
                        values[value] = n
            counts[name] = values
        return counts

    # facet: (vocabulary, the attribute that names a value in the facet's bitmaps)
    RELATIONS = {
        "sector": ("sectors", "code"),
        "theme": ("themes", "code"),
        "target": ("targets", "code"),
        "article": ("articles", "number"),
    }

    def _members(self, name: str) -> list[tuple]:
        """(value, membership test) of each value of a many-to-many facet, in order."""

        def build():
            vocabulary, attribute = self.RELATIONS[name]
            bitmaps = self.bitmaps[name]
            return [
                (value, bitmaps[getattr(value, attribute)].__contains__)
                for value in self.vocabularies[vocabulary]
                if getattr(value, attribute) in bitmaps
            ]

        return self.memo(f"members-{name}", build)

    def sectors_of(self, ids) -> dict[int, list]:
        """The sectors of these published practices, in the sectors' order, without a
        query (a practice not in the index gets none)."""
        tests = self._members("sector")
        return {pk: [sector for sector, has in tests if has(pk)] for pk in ids}

    # A practice's many-to-many relation (its ``Practice`` lookup) → the facet that holds it.
    LOOKUPS = {"sectors": "sector", "themes": "theme", "target_groups": "target",
               "articles": "article"}  # fmt: skip

    def relations_of(self, practice_id: int) -> dict[str, list] | None:
        """The sectors, themes, target groups and articles of a published practice by
        lookup (``{"sectors": [...], ...}``, as ``Practice.relation_lists`` takes them), in
        their usual order, without a query; None for a practice the index does not hold
        (not published)."""
        if practice_id not in self.all:
            return None
        return {
            lookup: [value for value, has in self._members(facet) if has(practice_id)]
            for lookup, facet in self.LOOKUPS.items()
        }

    def prime_relations(self, practices) -> None:
        """Give each practice, published or not, its sectors, themes, target groups and
        articles (``practice.sector_list`` and the like then run no query): from the index
        for the published ones, without a query; one prefetch per relation for the others.
        The one call a page makes whatever the practices' status."""
        others = []
        for practice in practices:
            relations = self.relations_of(practice.pk)
            if relations is None:
                others.append(practice)
            else:
                practice.relation_lists = relations
        if others:
            prefetch_related_objects(others, *self.LOOKUPS)

    def sector_pairs(self, within=None) -> dict[tuple[int, int], int]:
        """Published practices (of ``within``, a bitmap, if given) per pair of sector ids
        (and per sector alone)."""
        ids = {s.code: s.pk for s in self.vocabularies["sectors"]}
        sectors = sorted(
            (ids[code], bits if within is None else bits & within)
            for code, bits in self.bitmaps["sector"].items()
            if code in ids
        )
        counts = {}
        for i, (first, a) in enumerate(sectors):
            for second, b in sectors[i:]:
                n = a.intersection_cardinality(b)
                if n:
                    counts[(first, second)] = n
        return counts


def _changed(values: dict, changed, facet: str, added: dict) -> dict:
    """A facet's bitmaps without the ``changed`` ids, then with the ids ``added`` to each
    value (``added`` maps (facet, value) to ids)."""
    result = {}
    for value, bits in values.items():
        if bits.intersect(changed):
            bits = bits - changed
        ids = added.get((facet, value))
        if ids:
            bits = bits | bitmap(ids)
        if bits:
            result[value] = bits
    for (name, value), ids in added.items():
        if name == facet and value not in values and value is not None:
            result[value] = bitmap(ids)
    return result


def _joining(practices):
    """The ids of ``practices`` that join a public institution and civil society."""
    return practices.joining_public_and_civil_society().values_list("pk", flat=True)


def _collaboration(published: FrozenBitMap) -> dict:
    """The ``collaboration`` facet's bitmaps (its one value, if any practice has it):
    the published practices with a public institution and a civil-society organisation
    among their working partners, as PracticeQuerySet.joining_public_and_civil_society
    (tests/practices/test_collaboration.py holds the two together). One grouped pass over
    the partnerships, by kind of organisation."""
    roles = ", ".join(["%s"] * len(Partner.WORKING_ROLES))
    kinds = _grouped(
        f"SELECT o.kind, {{ids}} FROM {Partner._meta.db_table} t "
        f"JOIN {Organisation._meta.db_table} o ON o.id = t.organisation_id "
        f"WHERE t.role IN ({roles}) GROUP BY o.kind",
        [str(role) for role in Partner.WORKING_ROLES],
        str,
        ids="t.practice_id",
    )
    public, civil = Organisation.Kind.PUBLIC, Organisation.Kind.CIVIL_SOCIETY
    bits = kinds.get(public, EMPTY) & kinds.get(civil, EMPTY) & published
    return {PUBLIC_CIVIL: bits} if bits else {}


def _within(groups: dict, published: FrozenBitMap) -> dict:
    """``groups`` kept to the ``published`` ids (a value left with none is dropped)."""
    kept = {}
    for value, bits in groups.items():
        if inside := bits & published:
            kept[value] = inside
    return kept


def _grouped(sql: str, params, key, ids: str = "id") -> dict:
    """{key(value): bitmap of the ids} from ``sql``, which selects the value's column(s),
    then {ids}, grouped by value (a None key is skipped; with several columns the value is
    their tuple). On PostgreSQL the ids of each value come as one bytea
    (``string_agg(int4send(…))``): no Python object per id."""
    if connection.vendor == "postgresql":
        aggregate = f"string_agg(int4send({ids}::int4), ''::bytea)"
        rows = _fetch(sql.format(ids=aggregate), params)
        groups = [(values, unpack(blob, "I")) for *values, blob in rows]
    else:
        rows = _fetch(sql.format(ids=f"group_concat({ids})"), params)
        groups = [(values, array("I", map(int, text.split(",")))) for *values, text in rows]
    result = {}
    for values, found in groups:
        k = key(values[0] if len(values) == 1 else tuple(values))
        if k is not None:
            result[k] = bitmap(found)
    return result


ORDER = "published_at DESC NULLS LAST, id DESC"


def _order(published) -> tuple[array, array | None]:
    """The ids of the published practices in catalogue order and, on PostgreSQL, their
    sort keys (``_order_key``), each list as one bytea; on SQLite the keys are read
    when first needed."""
    if connection.vendor == "postgresql":
        key = f"coalesce(-(extract(epoch FROM published_at) * 1000000)::bigint, {NULL_KEY})"
        ids, keys = _fetch(
            f"SELECT string_agg(int8send(id), ''::bytea ORDER BY {ORDER}), "  # noqa: S608
            f"string_agg(int8send({key}), ''::bytea ORDER BY {ORDER}) "
            "FROM practices_practice WHERE status = %s",
            published,
        )[0]
        return unpack(ids), unpack(keys)
    rows = _fetch(
        f"SELECT id FROM practices_practice WHERE status = %s ORDER BY {ORDER}",  # noqa: S608
        published,
    )
    return array("q", map(itemgetter(0), rows)), None


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def current_index() -> CatalogueIndex:
    """The index of the catalogue as this request sees it (see practices.cache)."""
    from . import cache

    return cache.current().index


def prime_relations(practices) -> None:
    """``CatalogueIndex.prime_relations`` for a page that may show unpublished practices:
    the index is asked only if one of them is published (a draft's page never builds it)."""
    practices = list(practices)
    if any(practice.status == Practice.Status.PUBLISHED for practice in practices):
        current_index().prime_relations(practices)
    elif practices:
        prefetch_related_objects(practices, *CatalogueIndex.LOOKUPS)


# ---------------------------------------------------------------- results


class Results:
    """The practices of a filtered catalogue, in order, fetched a page at a time.

    Sliced by Django's paginator (and the API's); the CSV export reads its ids a chunk at a
    time. Only the rows asked for are read, from ``queryset`` (which says what to fetch
    with them).
    Sorted newest first or by title (``sort="title"``); with ``ranked`` (id, rank) pairs,
    those first by rank; with ``tiers`` (bitmaps), the practices of each tier in turn;
    then the others.
    """

    model = Practice

    def __init__(self, index: CatalogueIndex, bits, queryset, *, sort="newest",
                 language="fr", ranked=None, tiers=()):  # fmt: skip
        self.index = index
        self.bits = bits
        self.queryset = queryset
        self.sort = sort
        self.language = language
        self._count = len(bits)
        self._ranked = []
        if ranked:
            ranks = index.ranks()
            first = [(pk, rank) for pk, rank in ranked if pk in bits]
            first.sort(key=lambda item: (-item[1], ranks[item[0]]))
            self._ranked = [pk for pk, _rank in first]
        rest = bits - bitmap(self._ranked) if self._ranked else bits
        self._groups = []
        for tier in tiers:
            group = rest & tier
            if group:
                self._groups.append(group)
                rest = rest - group
        self._groups.append(rest)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def iter_ids(self, start: int = 0):
        """The ids in order, from the ``start``-th."""
        yield from islice(self._ranked, start, None)
        start = max(0, start - len(self._ranked))
        for group in self._groups:
            if start >= len(group):
                start -= len(group)
                continue
            yield from self._in_order(group, start)
            start = 0

    def _in_order(self, bits, start: int):
        index = self.index
        order = index.title_order(self.language) if self.sort == "title" else index.order
        if bits == index.all:
            return islice(order, start, None)
        if len(bits) * 32 < len(order):  # few: sort them
            ranks, last = index.ranks(order), len(order)
            return islice(sorted(bits, key=lambda pk: ranks.get(pk, last)), start, None)
        return islice(filter(bits.__contains__, order), start, None)  # many: walk the order

    def ids(self, start: int, stop: int | None = None) -> list[int]:
        limit = None if stop is None else max(0, stop - start)
        return list(islice(self.iter_ids(start), limit))

    def fetch(self, ids: list[int]) -> list:
        if not ids:
            return []
        rows = {p.pk: p for p in self.queryset.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step not in (None, 1):
                raise ValueError("Results only slices with a step of 1.")
            return self.fetch(self.ids(key.start or 0, key.stop))
        rows = self.fetch(self.ids(key, key + 1))
        if not rows:
            raise IndexError(key)
        return rows[0]

    def id_chunks(self, size: int = 500):
        """Every id in order, ``size`` at a time (the memory stays that of one chunk)."""
        ids = self.iter_ids()
        while chunk := list(islice(ids, size)):
            yield chunk
