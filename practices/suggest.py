"""Did you mean: for a search with no or few results, the nearest known words.

The known words are those of published titles and summaries (``SearchWord``, kept by
triggers, practices/search_tables.py) and of the glossary's terms. Nearness is pg_trgm's
similarity (shared trigrams over all trigrams of both words): on PostgreSQL the
``pg_trgm`` index answers; on SQLite the same measure over a trigram index of the words,
built once per state of the catalogue. A proposal is shown only if the search finds
something with it. The work is bounded whatever the input: the first few words, each
cut to 40 characters, a few candidates each, a few searches to check them.
"""

from collections import Counter, defaultdict

from django.db import connection

from . import cache
from .models import SearchWord
from .text import STOP_WORDS, words

FEW = 3  # fewer results than this: propose other words
MAX_WORDS = 6
MAX_LENGTH = 40
CANDIDATES = 5
PROPOSALS = 3
THRESHOLD = 0.3  # pg_trgm's default similarity threshold


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word (two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared) if shared else 0.0


class WordIndex:
    """Words and, for each trigram, the words that have it (SQLite, and the glossary)."""

    def __init__(self, vocabulary):
        self.words = sorted(set(vocabulary))
        self.known = set(self.words)
        self.postings = defaultdict(list)
        for n, word in enumerate(self.words):
            for trigram in trigrams(word):
                self.postings[trigram].append(n)

    def similar(self, word: str) -> list[tuple[str, float]]:
        if word in self.known:
            return [(word, 1.0)]
        shared = Counter()
        for trigram in trigrams(word):
            shared.update(self.postings.get(trigram, ()))
        size = len(trigrams(word))
        scored = []
        for n, common in shared.items():
            other = self.words[n]
            score = common / (size + len(trigrams(other)) - common)
            if score >= THRESHOLD:
                scored.append((other, score))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:CANDIDATES]


def _glossary_words() -> WordIndex:
    from glossary.lookup import current

    return WordIndex(w for name in current().names for w in name if len(w) >= 3)


def _similar_in_database(word: str) -> list[tuple[str, float]]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word, similarity(word, %(w)s) AS s FROM {SearchWord._meta.db_table} "  # noqa: S608
                "WHERE word %% %(w)s GROUP BY word ORDER BY s DESC, word LIMIT %(n)s",
                {"w": word, "n": CANDIDATES},
            )
            return [(found, float(score)) for found, score in cursor.fetchall()]
    index = cache.memoize(
        "search-words", lambda: WordIndex(SearchWord.objects.values_list("word", flat=True))
    )
    return index.similar(word)


def similar(word: str) -> list[tuple[str, float]]:
    """The known words nearest ``word`` (itself first if it is known), best first."""
    glossary = cache.memoize("glossary-words", _glossary_words)
    found = dict(_similar_in_database(word))
    for other, score in glossary.similar(word):
        found[other] = max(score, found.get(other, 0.0))
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]


def did_you_mean(q: str, index) -> list[str]:
    """Queries like ``q`` with its unknown words replaced by near known ones, each of which
    finds published practices (at most PROPOSALS)."""
    query_words = [w[:MAX_LENGTH] for w in words(q)[:MAX_WORDS]]
    replacements = []
    for n, word in enumerate(query_words):
        if len(word) < 3 or word in STOP_WORDS or word.isdigit():
            continue
        candidates = [other for other, _score in similar(word)]
        if candidates and candidates[0] != word:
            replacements.append((n, candidates))
    proposals = []
    if not replacements:
        return proposals
    for choice in range(CANDIDATES):
        proposal = list(query_words)
        for n, candidates in replacements:
            proposal[n] = candidates[min(choice, len(candidates) - 1)]
        text = " ".join(proposal)
        if text in proposals:
            continue
        if index.searches.match(text).bits & index.all:
            proposals.append(text)
            if len(proposals) == PROPOSALS:
                break
    return proposals
