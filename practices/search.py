"""Full-text search of the catalogue: one backend per database, one definition of the query.

- PostgreSQL (``PostgresSearch``): the narrow table ``practices_practicesearch`` (model
  ``PracticeSearch``, kept by a trigger on the practices) holds each practice's vector
  (title, summary and description, French and English stems, accents removed) and its
  ``head`` (title and summary, what relevance ranks on). A query is read with
  ``websearch_to_tsquery`` in both configurations (``TSQUERY``).
- SQLite (``Fts5Search``): the FTS5 table ``practices_practicefts`` (kept by triggers,
  practices/search_tables.py) holds the same French and English stems, accents removed,
  computed in Python (``practices.text``); titles weigh most in the ranking (bm25), and the
  excerpts are marked in Python. The same queries find the same practices on both.

The ids a query matches (and those whose title or summary match) are kept per process
with the catalogue index (``SearchCache``, the most recent ``CACHED_QUERIES`` queries):
a change to some practices re-checks only those practices against the kept queries, in
one query. So a word found in nearly every practice costs one database query the first
time, and bitmap operations after.
"""

import threading
from array import array
from collections import OrderedDict

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Practice, PracticeSearch
from .text import MAX_WORD, query_groups, stems, unaccent
from .text import WORD as WORD_SPAN

CACHED_QUERIES = 256

# The one definition of the search query: French or English stems, accents ignored.
TSQUERY = (
    "(websearch_to_tsquery('lanzarote_fr'::regconfig, {q}) || "
    "websearch_to_tsquery('lanzarote_en'::regconfig, {q}))"
)


def unpack(blob, typecode: str = "q") -> array:
    """Big-endian integers sent as one bytea (``string_agg(int8send(…))``: one value
    instead of a row per id), as an array of this machine's integers."""
    values = array(typecode)
    if blob:
        values.frombytes(bytes(blob))
        if array(typecode, [1]).tobytes()[0] == 1:
            values.byteswap()  # to this machine's little-endian order
    return values


class Match:
    """What a query matches among the published practices: ``bits`` (anywhere) and
    ``head`` (in a title or summary; None when the backend cannot tell)."""

    __slots__ = ("bits", "head")

    def __init__(self, bits, head=None):
        self.bits, self.head = bits, head


class PostgresSearch:
    ranks = True

    def match(self, q: str) -> Match:
        from .index import bitmap

        table = PracticeSearch._meta.db_table
        query = TSQUERY.format(q="%(q)s")
        aggregate = "SELECT string_agg(int8send(practice_id), ''::bytea) FROM " + table
        with transaction.atomic(), connection.cursor() as cursor:
            # Through the GIN indexes even for a word in nearly every practice: a scan of
            # the table would read every vector out of line (PostgreSQL's estimate does
            # not count that), ten times slower.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                f"SELECT ({aggregate} WHERE published AND document @@ {query}), "  # noqa: S608
                f"({aggregate} WHERE published AND head @@ {query})",
                {"q": q},
            )
            document, head = cursor.fetchone()
        return Match(bitmap(unpack(document)), bitmap(unpack(head)))

    def rank(self, q: str, ids) -> list[tuple[int, float]]:
        """(id, rank) of these practices, ranked on their title and summary (titles weigh
        more than summaries)."""
        if not ids:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT practice_id, ts_rank(head, {TSQUERY.format(q='%(q)s')}) "  # noqa: S608
                f"FROM {PracticeSearch._meta.db_table} WHERE practice_id = ANY(%(ids)s)",
                {"q": q, "ids": list(ids)},
            )
            return cursor.fetchall()

    def recheck(self, queries: list[str], ids: list[int]) -> list[tuple[int, int, bool]]:
        """(query number, id, in the head) for each of ``ids`` that each query matches now."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT q.n, s.practice_id, s.head @@ t.query "  # noqa: S608
                "FROM unnest(%(queries)s::text[]) WITH ORDINALITY AS q(text, n), "
                f"LATERAL (SELECT {TSQUERY.format(q='q.text')} AS query) t, "
                f"{PracticeSearch._meta.db_table} s "
                "WHERE s.practice_id = ANY(%(ids)s) AND s.published AND s.document @@ t.query",
                {"queries": queries, "ids": ids},
            )
            return [(n - 1, pk, head) for n, pk, head in cursor.fetchall()]

    def headlines(self, q: str, ids, language: str) -> dict[int, str]:
        """The summary of each practice in ``language`` (else the other one) with the
        matches marked, as safe HTML."""
        language = "en" if language == "en" else "fr"  # a configuration of ours
        other = "en" if language == "fr" else "fr"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_headline('lanzarote_{language}', "  # noqa: S608
                # Forms store a summary left empty as "" (a TextField), not NULL.
                f"coalesce(nullif(summary_{language}, ''), summary_{other}, ''), "
                f"{TSQUERY.format(q='%(q)s')}, %(options)s) "
                "FROM practices_practice WHERE id = ANY(%(ids)s)",
                {"q": q, "ids": list(ids), "options": HEADLINE_OPTIONS},
            )
            return {pk: _highlight(text) for pk, text in cursor.fetchall()}


# ts_headline does not escape HTML: mark matches with control characters, escape the
# text, then turn the markers into <mark> elements.
START_MARK, STOP_MARK = "\x02", "\x03"
HEADLINE_OPTIONS = f"StartSel={START_MARK}, StopSel={STOP_MARK}, MaxWords=40, MinWords=15"


def _highlight(text: str):
    escaped = escape(text or "").replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped just above


class Fts5Search:
    """SQLite's search: the FTS5 table ``practices_practicefts`` (practices/search_tables.py)
    holds the French and English stems of each practice's title, summary and description,
    accents removed (``practices.text``); a query asks, for each of its words, for one of
    its stems. Titles weigh more than summaries in the ranking (bm25), as on PostgreSQL."""

    ranks = True
    table = "practices_practicefts"
    # bm25 weights of the columns: published, title, summary, description.
    WEIGHTS = "0.0, 10.0, 4.0, 0.0"

    @staticmethod
    def expression(groups, head=False) -> str:
        """The FTS5 query of these stem groups (stems are letters and digits only)."""
        expression = " AND ".join(
            "(" + " OR ".join(f'"{stem}"' for stem in group) + ")" for group in groups
        )
        return "{title summary} : (" + expression + ")" if head else expression

    def _ids(self, expression: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "  # noqa: S608
                "AND published = 1",
                [expression],
            )
            return [pk for (pk,) in cursor.fetchall()]

    def match(self, q: str) -> Match:
        from .index import EMPTY, bitmap

        groups = query_groups(q)
        if not groups:
            return Match(EMPTY, EMPTY)
        return Match(
            bitmap(self._ids(self.expression(groups))),
            bitmap(self._ids(self.expression(groups, head=True))),
        )

    def rank(self, q: str, ids) -> list[tuple[int, float]]:
        groups = query_groups(q)
        ids = list(ids)
        if not ids or not groups:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25({self.table}, {self.WEIGHTS}) FROM {self.table} "  # noqa: S608
                f"WHERE {self.table} MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [self.expression(groups, head=True), *ids],
            )
            return cursor.fetchall()

    def recheck(self, queries: list[str], ids: list[int]) -> list[tuple[int, int, bool]]:
        """Checked in Python against the stems of these practices (one query)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, title, summary, description FROM {self.table} "  # noqa: S608
                f"WHERE published = 1 AND rowid IN ({', '.join(['%s'] * len(ids))})",
                list(ids),
            )
            rows = [
                (pk, set(f"{title} {summary}".split()), set(description.split()))
                for pk, title, summary, description in cursor.fetchall()
            ]
        found = []
        for n, q in enumerate(queries):
            groups = query_groups(q)
            if not groups:
                continue
            for pk, head, rest in rows:
                if all(not head.isdisjoint(g) or not rest.isdisjoint(g) for g in groups):
                    found.append((n, pk, all(not head.isdisjoint(g) for g in groups)))
        return found

    def headlines(self, q: str, ids, language: str) -> dict[int, str]:
        """The summary of each practice in ``language`` (else the other one), at most
        about 40 words around the first match, with the matching words marked."""
        other = "en" if language == "fr" else "fr"
        language = "en" if language == "en" else "fr"
        wanted = {stem for group in query_groups(q) for stem in group}
        rows = Practice.objects.filter(pk__in=list(ids)).values_list(
            "pk", f"summary_{language}", f"summary_{other}"
        )
        return {pk: excerpt(mine or theirs or "", wanted) for pk, mine, theirs in rows}


HEADLINE_WORDS, HEADLINE_BEFORE = 40, 10


def excerpt(text: str, wanted: set[str]):
    """At most HEADLINE_WORDS words of ``text`` from a little before its first word whose
    stems are ``wanted``, those words in <mark>, as safe HTML."""
    spans = [m.span() for m in WORD_SPAN.finditer(text)]
    marked = [bool(wanted.intersection(stems(w))) for w in words_of_spans(text, spans)]
    first = marked.index(True) if True in marked else 0
    start = max(0, first - HEADLINE_BEFORE) if len(spans) > HEADLINE_WORDS else 0
    stop = min(len(spans), start + HEADLINE_WORDS)
    parts = ["… "] if start else []
    position = spans[start][0] if start else 0
    for n in range(start, stop):
        begin, end = spans[n]
        parts.append(escape(text[position:begin]))
        word = escape(text[begin:end])
        parts.append(f"<mark>{word}</mark>" if marked[n] else word)
        position = end
    parts.append(escape(text[position:]) if stop == len(spans) else " …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped


def words_of_spans(text: str, spans) -> list[str]:
    return [unaccent(text[begin:end])[:MAX_WORD] for begin, end in spans]


def backend():
    return PostgresSearch() if connection.vendor == "postgresql" else Fts5Search()


class SearchCache:
    """The matches of the most recent queries, for one state of the catalogue."""

    def __init__(self, entries=None):
        self._entries: OrderedDict[str, Match] = OrderedDict(entries or ())
        self._lock = threading.Lock()

    def match(self, q: str) -> Match:
        with self._lock:
            found = self._entries.get(q)
            if found is not None:
                self._entries.move_to_end(q)
                return found
        found = backend().match(q)
        with self._lock:
            self._entries[q] = found
            while len(self._entries) > CACHED_QUERIES:
                self._entries.popitem(last=False)
        return found

    def refreshed(self, ids: list[int], published) -> "SearchCache":
        """The kept matches, with these practices checked again (one query)."""
        from .index import bitmap

        with self._lock:
            entries = list(self._entries.items())
        if not entries or not ids:
            return SearchCache(entries)
        changed = bitmap(ids)
        queries = [q for q, _match in entries]
        found = [([], []) for _q in queries]
        for n, pk, in_head in backend().recheck(queries, ids):
            found[n][0].append(pk)
            if in_head:
                found[n][1].append(pk)
        kept = []
        for (q, match), (matching, heads) in zip(entries, found, strict=True):
            bits = ((match.bits - changed) | bitmap(matching)) & published
            head = None
            if match.head is not None:
                head = ((match.head - changed) | bitmap(heads)) & published
            kept.append((q, Match(bits, head)))
        return SearchCache(kept)
