"""The glossary as the search and the practice pages use it: which words name which terms.

Read once per state of the catalogue (``practices.cache.memoize``): a change to the
glossary is recorded by its triggers in the catalogue's change log (glossary/triggers.py),
so every process reads the glossary again at its next request after the change, and never
in between (one query, a few hundred terms).

- ``expand(q)``: the searches a query stands for, its own and the same query with a
  glossary term replaced by each of its equivalents ("Barnahus" → "UAPED", "Child Advocacy
  Centre"…), and the names added ("also searched").
- ``terms_in(texts)``: the terms a text uses (a practice page lists them, with their
  definitions).

Words are compared unaccented and in lower case (``practices.text.words``), whole words
only, the longest name first ("salle Mélanie" before "salle").
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from practices import cache
from practices.text import MAX_QUERY_WORDS, MAX_WORD, WORD, unaccent, words

# The searches one query may stand for (its own included): a bound on the work.
MAX_VARIANTS = 8


@dataclass(frozen=True)
class Entry:
    pk: int
    slug: str
    name: str
    full_name: str
    definition_fr: str
    definition_en: str
    equivalents: tuple[int, ...]

    def definition(self, language: str) -> str:
        if language == "en":
            return self.definition_en or self.definition_fr
        return self.definition_fr or self.definition_en


@dataclass
class GlossaryMap:
    entries: dict[int, Entry] = field(default_factory=dict)
    # The words of a name (or full form), unaccented: the terms of that name.
    names: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    longest: int = 0
    # The first word of a name: the lengths (in words) of the names it starts, longest
    # first. A text's word that starts no name is passed over at once.
    lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], pk: int) -> None:
        """``key`` (the words of a name) names the term ``pk``."""
        self.names.setdefault(key, []).append(pk)
        self.longest = max(self.longest, len(key))
        sizes = self.lengths.setdefault(key[0], [])
        if len(key) not in sizes:
            sizes.append(len(key))
            sizes.sort(reverse=True)

    def spans(self, text_words: list[str]):
        """(start, end, term ids) of each name found in these words, longest first,
        without overlaps."""
        names, lengths = self.names, self.lengths
        n, i = len(text_words), 0
        while i < n:
            for size in lengths.get(text_words[i], ()):
                if i + size <= n:
                    found = names.get(tuple(text_words[i : i + size]))
                    if found:
                        yield i, i + size, found
                        i += size
                        break
            else:
                i += 1


def _build() -> GlossaryMap:
    from .models import Term

    glossary = GlossaryMap()
    equivalents: dict[int, list[int]] = {}
    through = Term.equivalents.through
    for from_id, to_id in through.objects.values_list("from_term_id", "to_term_id"):
        equivalents.setdefault(from_id, []).append(to_id)
    rows = Term.objects.values_list(
        "pk", "slug", "name", "full_name", "definition_fr", "definition_en"
    )
    for pk, slug, name, full_name, definition_fr, definition_en in rows:
        glossary.entries[pk] = Entry(
            pk, slug, name, full_name, definition_fr or "", definition_en or "",
            tuple(sorted(equivalents.get(pk, ()))),
        )  # fmt: skip
        for label in (name, full_name):
            key = tuple(words(label))
            if key:
                glossary.add(key, pk)
    return glossary


def current() -> GlossaryMap:
    """The glossary as this request's state of the catalogue sees it."""
    return cache.memoize("glossary", _build)


@dataclass(frozen=True)
class Expansion:
    queries: tuple[str, ...]  # the query itself first
    also: tuple[str, ...]  # the names searched besides the query's words


def expand(q: str) -> Expansion:
    """The searches ``q`` stands for: itself, and ``q`` with each glossary term it names
    replaced by each of that term's equivalents (at most MAX_VARIANTS in all)."""
    glossary = current()
    if not glossary.names:
        return Expansion((q,), ())
    query_words = words(q)[:MAX_QUERY_WORDS]
    queries, also, seen = [q], [], {tuple(query_words)}
    for start, end, term_ids in glossary.spans(query_words):
        named = {glossary.entries[pk].name for pk in term_ids}
        for pk in term_ids:
            for other_pk in glossary.entries[pk].equivalents:
                other = glossary.entries.get(other_pk)
                if other is None or other.name in named:
                    continue
                variant = (*query_words[:start], *words(other.name), *query_words[end:])
                if variant in seen or len(queries) >= MAX_VARIANTS:
                    continue
                seen.add(variant)
                queries.append(" ".join(variant))
                also.append(other.name)
    return Expansion(tuple(queries), tuple(dict.fromkeys(also)))


def terms_in(*texts: str) -> list[Entry]:
    """The glossary terms these texts use, in the order of their first use."""
    glossary = current()
    found: dict[int, Entry] = {}
    if not glossary.names:
        return []
    for text in texts:
        for _start, _end, term_ids in glossary.spans(words(text or "")):
            for pk in term_ids:
                found.setdefault(pk, glossary.entries[pk])
    return list(found.values())


def mark_terms(text: str, anchor: str = "term-"):
    """``text`` as safe HTML, the first use of each glossary term a link to its entry in
    the page's list of terms (``#term-<slug>``, see ``terms_in``)."""
    glossary = current()
    text = text or ""
    spans = [m.span() for m in WORD.finditer(text)]
    if not glossary.names or not spans:
        return escape(text)
    text_words = [unaccent(text[a:b])[:MAX_WORD] for a, b in spans]
    parts, position, marked = [], 0, set()
    for start, end, term_ids in glossary.spans(text_words):
        slug = glossary.entries[term_ids[0]].slug
        if slug in marked:
            continue
        marked.add(slug)
        begin, stop = spans[start][0], spans[end - 1][1]
        parts.append(escape(text[position:begin]))
        parts.append(f'<a class="term" href="#{anchor}{slug}">{escape(text[begin:stop])}</a>')
        position = stop
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped
