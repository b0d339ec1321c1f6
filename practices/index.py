"""The published catalogue held in memory: counts, facets and pages without a query over
every practice.

Each process keeps, for the current catalogue version (see ``practices.cache``):

- for each facet value (a sector, a country, a territory, a theme, a target group, an
  evidence level, an article) the set of published practices that have it, as a bitmap
  (a Python int whose bit *n* is the practice of id *n*), and the set of every published
  practice (``all``);
- the ids of the published practices in catalogue order (newest first).

A filter is then an AND of bitmaps, a count a population count, and a page the first
ids of the catalogue order whose bit is set: microseconds, whatever the number of
practices. The index is built from the database (eleven queries) by a process that finds
it missing or out of date, and updated in place by the process that changes the
catalogue (``practices.cache.bump``).

Full-text search asks PostgreSQL, once, for the ids of the matching practices (from the
narrow ``practices_practicesearch`` table, see migration 0005) and, for relevance, for the
rank of the practices whose title or summary match; SQLite matches substrings.
"""

import bisect
import copy
import datetime
import re
from array import array
from collections import deque
from itertools import groupby, islice, repeat
from operator import itemgetter

from django.db import connection
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.db.models.functions import Coalesce

from stakeholders.models import Sector, Territory

from . import cache
from .models import ConventionArticle, Practice, TargetGroup, Theme

FACETS = ("sector", "country", "territory", "theme", "target", "evidence", "article")

_BITS = bytes.maketrans(b"\x00\x01", b"01")


def bitmap(ids) -> int:
    """The bitmap of ``ids`` (non-negative ints).

    One byte per id is set in C (``map`` over ``bytearray.__setitem__``), then the bytes
    become the digits of a base-2 number: no Python loop per id.
    """
    ids = ids if isinstance(ids, (list, array)) else list(ids)
    if not ids:
        return 0
    flags = bytearray(max(ids) + 1)
    deque(map(flags.__setitem__, ids, repeat(1)), maxlen=0)
    return int(flags.translate(_BITS)[::-1], 2)


def members(bits: int):
    """A test of membership in ``bits`` that costs no big-int operation per call."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
    size = len(data)
    return lambda n: (n >> 3) < size and data[n >> 3] >> (n & 7) & 1


_NONZERO = re.compile(rb"[^\x00]")


def ids_of(bits: int) -> list[int]:
    """The ids in a bitmap, in increasing order (a regular expression finds the bytes
    that hold any: fast for the sparse bitmaps it is used for)."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
    ids = []
    for match in _NONZERO.finditer(data):
        byte, base = data[match.start()], match.start() * 8
        ids.extend(base + i for i in range(8) if byte >> i & 1)
    return ids


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
    """The published practices of one catalogue version, and the facet vocabularies."""

    THROUGH = [
        ("sector", Practice.sectors.through, "sector_id"),
        ("theme", Practice.themes.through, "theme_id"),
        ("target", Practice.target_groups.through, "targetgroup_id"),
        ("article", Practice.articles.through, "conventionarticle_id"),
    ]

    def __init__(self):
        # Plain SQL: much faster for a hundred thousand rows than a queryset's iterator.
        rows = _fetch(
            "SELECT id, territory_id, evidence FROM practices_practice WHERE status = %s "
            "ORDER BY published_at DESC NULLS LAST, id DESC",
            [Practice.Status.PUBLISHED.value],
        )
        self.order = array("q", map(itemgetter(0), rows))
        self._keys = None  # the order's sort keys, read when first needed (_insert)
        self.all = bitmap(self.order)

        territories = {t.pk: t for t in Territory.objects.all()}
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
            "territory": {pk: (t.country.code, t.slug if t.name else None)
                          for pk, t in territories.items()},
        }  # fmt: skip
        self.bitmaps: dict[str, dict] = {"country": {}, "territory": {}}
        for name, through, column in self.THROUGH:
            self.bitmaps[name] = _grouped(self._pairs(through, column), self._names[name].get)
        self.bitmaps["evidence"] = _grouped([(pk, e) for pk, _t, e in rows], str)
        by_territory = _grouped([(pk, t) for pk, t, _e in rows], int)
        for territory_id, bits in by_territory.items():
            if territory_id not in self._names["territory"]:
                continue
            code, slug = self._names["territory"][territory_id]
            countries = self.bitmaps["country"]
            countries[code] = countries.get(code, 0) | bits
            if slug:
                self.bitmaps["territory"][slug] = bits

        # The labels of every facet, as the filters offer them.
        self.vocabularies = {
            "sectors": sorted(sectors.values(), key=lambda s: (s.position, s.code)),
            "territories": self._territories(),
            "themes": sorted(themes.values(), key=lambda t: (t.position, t.code)),
            "targets": sorted(targets.values(), key=lambda t: (t.position, t.code)),
            "articles": sorted(articles.values(), key=lambda a: a.number),
        }
        self._memo: dict = {}

    @property
    def size(self) -> int:
        return len(self.order)

    def memo(self, name: str, build):
        """``build()``'s value, kept as long as this index (labels in a language…)."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]

    @staticmethod
    def _territories() -> list:
        """Local areas where any practice is (published or not)."""
        return list(
            Territory.objects.exclude(name="").filter(
                Exists(Practice.objects.filter(territory=OuterRef("pk")))
            )
        )

    @staticmethod
    def _pairs(through, column: str, practice_id=None) -> list[tuple]:
        """(practice id, value id) of the published practices (or of one practice)."""
        table = through._meta.db_table
        if practice_id is None:
            return _fetch(
                f"SELECT t.practice_id, t.{column} FROM {table} t "  # noqa: S608
                "JOIN practices_practice p ON p.id = t.practice_id WHERE p.status = %s",
                [Practice.Status.PUBLISHED.value],
            )
        return _fetch(
            f"SELECT practice_id, {column} FROM {table} WHERE practice_id = %s",  # noqa: S608
            [practice_id],
        )

    def _order_keys(self) -> array:
        if self._keys is None:
            published = dict(
                Practice.objects.published().values_list("pk", "published_at").iterator()
            )
            self._keys = array("q", (_order_key(published.get(pk)) for pk in self.order))
        return self._keys

    def positions(self, order=None) -> array:
        """Position in ``order`` (catalogue order by default), by practice id."""
        order = self.order if order is None else order

        def build():
            positions = array("l", [-1]) * (max(self.order, default=0) + 1)
            for p, pk in enumerate(order):
                positions[pk] = p
            return positions

        return self.memo(("positions", id(order)), build)

    def title_order(self, language: str) -> array:
        """Published practice ids sorted by title in ``language`` (else the other one)."""

        def build():
            other = "en" if language == "fr" else "fr"
            published = members(self.all)
            ids = (
                Practice.objects.published()
                .order_by(Coalesce(f"title_{language}", f"title_{other}").asc(), "pk")
                .values_list("pk", flat=True)
            )
            return array("q", filter(published, ids))

        return self.memo(f"title-order-{language}", build)

    # ------------------------------------------------------------ in-place updates

    def refreshed(self, practice_ids=(), added=None) -> "CatalogueIndex":
        """A copy of the index with these practices read again, and ``added`` (a new
        territory, sector, theme, target group or article) known. The index in use by a
        request is never changed."""
        index = copy.copy(self)
        index.bitmaps = {name: dict(values) for name, values in self.bitmaps.items()}
        index.order = array("q", self.order)
        index._keys = None if self._keys is None else array("q", self._keys)
        index._names = {name: dict(values) for name, values in self._names.items()}
        index.vocabularies = dict(self.vocabularies)
        index._memo = {}
        if added is not None:
            index._add(added)
        if practice_ids:
            for practice_id in practice_ids:
                index._remove(practice_id)
                index._insert(practice_id)
            index.vocabularies["territories"] = index._territories()
        return index

    def _add(self, obj) -> None:
        if isinstance(obj, Territory):
            self._names["territory"][obj.pk] = (obj.country.code, obj.slug if obj.name else None)
            self.vocabularies["territories"] = self._territories()
            return
        name, vocabulary, attribute, order = {
            Sector: ("sector", "sectors", "code", lambda s: (s.position, s.code)),
            Theme: ("theme", "themes", "code", lambda t: (t.position, t.code)),
            TargetGroup: ("target", "targets", "code", lambda t: (t.position, t.code)),
            ConventionArticle: ("article", "articles", "number", lambda a: a.number),
        }[type(obj)]
        self._names[name][obj.pk] = getattr(obj, attribute)
        self.vocabularies[vocabulary] = sorted([*self.vocabularies[vocabulary], obj], key=order)

    def _remove(self, practice_id) -> None:
        bit = 1 << practice_id
        if not self.all & bit:
            return
        for values in self.bitmaps.values():
            for value, bits in list(values.items()):
                if bits & bit:
                    bits &= ~bit
                    if bits:
                        values[value] = bits
                    else:
                        del values[value]
        self.all &= ~bit
        p = self.order.index(practice_id)
        del self.order[p]
        if self._keys is not None:
            del self._keys[p]

    def _insert(self, practice_id) -> None:
        row = (
            Practice.objects.published()
            .filter(pk=practice_id)
            .values_list("published_at", "territory_id", "evidence")
            .first()
        )
        if row is None:
            return
        published_at, territory_id, evidence = row
        keys = [("evidence", evidence)]
        code, slug = self._names["territory"].get(territory_id, (None, None))
        keys += [("country", code), ("territory", slug)]
        for name, through, column in self.THROUGH:
            names = self._names[name]
            for _practice, value_id in self._pairs(through, column, practice_id):
                keys.append((name, names.get(value_id)))
        bit = 1 << practice_id
        for name, value in keys:
            if value is not None:
                values = self.bitmaps[name]
                values[value] = values.get(value, 0) | bit
        self.all |= bit
        key = _order_key(published_at)
        order, keys_ = self.order, self._order_keys()
        p = bisect.bisect_left(
            range(len(order)), (key, -practice_id), key=lambda i: (keys_[i], -order[i])
        )
        order.insert(p, practice_id)
        keys_.insert(p, key)

    # ------------------------------------------------------------ filters and facets

    def filter_bitmaps(self, active: dict) -> dict[str, int]:
        """One bitmap per active filter (``active`` as PracticeFilter.active() gives it)."""
        maps = {}
        for name, value in active.items():
            if name not in FACETS:
                continue
            values = self.bitmaps[name]
            if name == "sector":
                bits = self.all
                for code in value:
                    bits &= values.get(code, 0)
            elif name == "article":
                bits = values.get(int(value), 0)
            else:
                bits = values.get(str(value), 0)
            maps[name] = bits
        return maps

    def facet_counts(self, maps: dict[str, int]) -> dict[str, dict]:
        """For each facet value, how many practices the catalogue would show if it were chosen.

        Sectors combine (a practice must involve every chosen sector), so their counts are
        within the current results; the other facets replace their own current value.
        ``maps`` holds the bitmaps of the active filters (the search under "q").
        """
        current = self.all
        for bits in maps.values():
            current &= bits
        counts = {}
        for name in FACETS:
            if name == "sector" or name not in maps:
                base = current
            else:
                base = self.all
                for other, bits in maps.items():
                    if other != name:
                        base &= bits
            values = {}
            if base:
                for value, bits in self.bitmaps[name].items():
                    n = (base & bits).bit_count()
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
                (value, members(bitmaps[getattr(value, attribute)]))
                for value in self.vocabularies[vocabulary]
                if getattr(value, attribute) in bitmaps
            ]

        return self.memo(f"members-{name}", build)

    def sectors_of(self, ids) -> dict[int, list]:
        """The sectors of these published practices, in the sectors' order, without a
        query (a practice not in the index gets none)."""
        tests = self._members("sector")
        return {pk: [sector for sector, has in tests if has(pk)] for pk in ids}

    def relations_of(self, practice_id: int) -> dict[str, list] | None:
        """The sectors, themes, target groups and articles of a published practice, in
        their usual order, without a query; None for a practice the index does not hold
        (not published)."""
        if not members(self.all)(practice_id):
            return None
        return {
            name: [value for value, has in self._members(name) if has(practice_id)]
            for name in self.RELATIONS
        }

    LOOKUPS = {"sector": "sectors", "theme": "themes", "target": "target_groups",
               "article": "articles"}  # fmt: skip

    def prime_relations(self, practices) -> None:
        """Give each practice its sectors, themes, target groups and articles as
        ``prefetch_related`` would (``practice.sectors.all()`` then runs no query): from
        the index for the published ones, prefetched for the others."""
        others = []
        for practice in practices:
            relations = self.relations_of(practice.pk)
            if relations is None:
                others.append(practice)
                continue
            for facet, lookup in self.LOOKUPS.items():
                prime_prefetched(practice, lookup, relations[facet])
        if others:
            prefetch_related_objects(others, *self.LOOKUPS.values())

    def sector_pairs(self) -> dict[tuple[int, int], int]:
        """Published practices per pair of sector ids (and per sector alone)."""
        ids = {s.code: s.pk for s in self.vocabularies["sectors"]}
        sectors = sorted((ids[code], bits) for code, bits in self.bitmaps["sector"].items())
        counts = {}
        for i, (first, a) in enumerate(sectors):
            for second, b in sectors[i:]:
                n = (a & b).bit_count()
                if n:
                    counts[(first, second)] = n
        return counts


def prime_prefetched(instance, lookup: str, objects: list) -> None:
    """Give ``instance.<lookup>.all()`` these objects, as ``prefetch_related`` would (the
    same cache: the related manager then runs no query)."""
    queryset = getattr(instance, lookup).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[lookup] = queryset


def _grouped(pairs, key) -> dict:
    """{key(value): bitmap of the ids} from (id, value) pairs (a None key is skipped)."""
    pairs = sorted(pairs, key=itemgetter(1))
    result = {}
    for value, group in groupby(pairs, key=itemgetter(1)):
        k = key(value)
        if k is not None:
            result[k] = result.get(k, 0) | bitmap(list(map(itemgetter(0), group)))
    return result


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def current_index() -> CatalogueIndex:
    """The index of the current catalogue version, built once per process."""
    return cache.memoize("index", CatalogueIndex)


# ---------------------------------------------------------------- search


def search_sql(q: str) -> tuple[str, list]:
    """The tsquery of the catalogue search (French or English stems, accents ignored)."""
    return (
        "(websearch_to_tsquery('lanzarote_fr'::regconfig, %s) || "
        "websearch_to_tsquery('lanzarote_en'::regconfig, %s))",
        [q, q],
    )


def search_ids(q: str):
    """Ids of the published practices that match ``q``."""
    if connection.vendor == "postgresql":
        query, params = search_sql(q)
        with connection.cursor() as cursor:
            # One value (the ids as 8-byte big-endian integers) rather than a row per id.
            cursor.execute(
                "SELECT string_agg(int8send(practice_id), ''::bytea) "  # noqa: S608
                f"FROM practices_practicesearch WHERE published AND document @@ {query}",
                params,
            )
            blob = cursor.fetchone()[0]
        ids = array("q")
        if blob:
            ids.frombytes(bytes(blob))
            if ids.itemsize == 8 and array("q", [1]).tobytes()[0] == 1:
                ids.byteswap()  # to this machine's little-endian order
        return ids
    return list(
        Practice.objects.published().filter(substring_condition(q)).values_list("pk", flat=True)
    )


def substring_condition(text: str) -> Q:
    """SQLite's search: the text in a title, summary or description, in either language."""
    condition = Q()
    for field in ("title", "summary", "description"):
        for lang in ("fr", "en"):
            condition |= Q(**{f"{field}_{lang}__icontains": text})
    return condition


def ranked_ids(q: str) -> list[tuple[int, float]]:
    """(id, rank) of the published practices whose title or summary match ``q``, ranked on
    those fields only (titles weigh more than summaries). PostgreSQL only."""
    query, params = search_sql(q)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT practice_id, ts_rank(head, {query}) FROM practices_practicesearch "  # noqa: S608
            f"WHERE published AND head @@ {query}",
            params * 2,
        )
        return cursor.fetchall()


# ---------------------------------------------------------------- results


class Results:
    """The practices of a filtered catalogue, in order, fetched a page at a time.

    Sliced by Django's paginator (and the API's); the CSV export reads its ids a chunk at a
    time. Only the rows asked for are read, from ``queryset`` (which says what to fetch
    with them).
    Sorted newest first, by title (``sort="title"``), or, with ``ranked`` (id, rank)
    pairs, those first by rank and then the others newest first.
    """

    model = Practice

    def __init__(self, index: CatalogueIndex, bits: int, queryset, *, sort="newest",
                 language="fr", ranked=None):  # fmt: skip
        self.index = index
        self.bits = bits
        self.queryset = queryset
        self.sort = sort
        self.language = language
        self._count = bits.bit_count()
        self._ranked = None
        if ranked is not None:
            selected = members(bits)
            positions = index.positions()
            first = [(pk, rank) for pk, rank in ranked if selected(pk)]
            first.sort(key=lambda item: (-item[1], positions[item[0]]))
            self._ranked = [pk for pk, _rank in first]
            self._rest = bits & ~bitmap(self._ranked)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def iter_ids(self, start: int = 0):
        """The ids in order, from the ``start``-th."""
        if self._ranked is not None:
            yield from islice(self._ranked, start, None)
            start = max(0, start - len(self._ranked))
            bits = self._rest
        else:
            bits = self.bits
        if not bits:
            return
        index = self.index
        order = index.title_order(self.language) if self.sort == "title" else index.order
        if bits == index.all:
            yield from islice(order, start, None)
        elif bits.bit_count() * 32 < len(order):  # few: sort them
            yield from islice(sorted(ids_of(bits), key=index.positions(order).__getitem__),
                              start, None)  # fmt: skip
        else:  # many: walk the order
            yield from islice(filter(members(bits), order), start, None)

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
