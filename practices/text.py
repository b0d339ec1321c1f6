"""Words of a text as the search sees them: accents removed, lower case, French and
English Snowball stems (PyStemmer), French and English stop words dropped.

The SQLite search stores and queries these stems (``practices.search.Fts5Search``); the
same rules as PostgreSQL's ``lanzarote_fr`` and ``lanzarote_en`` configurations (unaccent,
then the Snowball stemmer of each language), so that both databases find the same
practices. ``stems_text`` is also registered as the SQL function ``lz_stems`` on every
SQLite connection (``practices.apps``), which the triggers call.
"""

import json
import re
import unicodedata
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[^\W_]+")  # letters and digits (as FTS5 and PostgreSQL split)
# Letters that Unicode does not decompose but PostgreSQL's unaccent rules simplify.
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l",
                         "ð": "d", "þ": "th", "ı": "i"})  # fmt: skip
# The query words looked at, and the length of a word kept (longer: cut, as PostgreSQL
# ignores words over 2047 bytes; a bound on the work any input can cause).
MAX_QUERY_WORDS = 12
MAX_WORD = 60

# PostgreSQL's French and English stop words (words too common to search for), unaccented.
_STOP_WORDS = """
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez
    aurions aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez
    ayons c ce ceci cela ces cet cette d dans de des du elle en es est et etaient etais
    etait etant ete etee etees etes etiez etions eu eue eues eumes eurent eus eusse
    eussent eusses eussiez eussions eut eutes eux fumes furent fus fusse fussent fusses
    fussiez fussions fut futes ici il ils j je l la le les leur leurs lui m ma mais me meme
    mes moi mon n ne nos notre nous on ont ou par pas pour qu que quel quelle quelles quels
    qui s sa sans se sera serai seraient serais serait seras serez seriez serions serons
    seront ses soi soient sois soit sommes son sont soyez soyons suis sur t ta te tes toi
    ton tu un une vos votre vous y
    about above after again against all am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each few for from further had hadn has hasn have haven having he
    her here hers herself him himself his how i if in into is isn it its itself just ll
    me more most mustn my myself no nor not now o of off on once only or other our ours
    ourselves out over own re same shan she should shouldn so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    ve very was wasn we were weren what when where which while who whom why will with won
    wouldn you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_french = Stemmer.Stemmer("french")
_english = Stemmer.Stemmer("english")


class _Unaccented(dict):
    """What ``unaccent`` makes of each character of a decomposed text (``str.translate``):
    nothing for a combining mark (an accent), else LETTERS' letters or itself. Each
    answer is kept, for the first ``LIMIT`` characters met (a bound on the memory any
    input can take)."""

    LIMIT = 20_000

    def __missing__(self, code: int):
        value = None if unicodedata.combining(chr(code)) else LETTERS.get(code, code)
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_UNACCENTED = _Unaccented()


def unaccent(text: str) -> str:
    """Lower case, without accents (é → e, ú → u, ø → o…)."""
    text = text.lower()
    if text.isascii():  # nothing to decompose nor to remove
        return text
    return unicodedata.normalize("NFKD", text).translate(_UNACCENTED)


def words(text: str) -> list[str]:
    """The words of ``text``, unaccented, in lower case."""
    return [w[:MAX_WORD] for w in WORD.findall(unaccent(text or ""))]


@lru_cache(maxsize=50_000)
def stems(word: str) -> tuple[str, ...]:
    """The French and English stems of one unaccented word (one if they agree), none for
    a stop word."""
    if word in STOP_WORDS:
        return ()
    french, english = _french.stemWord(word), _english.stemWord(word)
    return (french,) if french == english else (french, english)


def stems_text(text: str | None) -> str:
    """The stems of every word of ``text``, separated by spaces (what the SQLite search
    table stores)."""
    return " ".join(stem for word in words(text or "") for stem in stems(word))


def query_groups(q: str) -> list[tuple[str, ...]]:
    """A query as the stems each of its words may have: a practice matches when, for
    every word, it contains one of its stems (stop words are skipped)."""
    groups = []
    for word in words(q)[:MAX_QUERY_WORDS]:
        found = stems(word)
        if found and found not in groups:
            groups.append(found)
    return groups


def suggestion_words(text: str | None) -> str:
    """The words of a title or summary that "did you mean" may propose, as a JSON list
    (the SQL function ``lz_words``, read with ``json_each`` by the SQLite triggers)."""
    found = {w for w in words(text or "") if 3 <= len(w) <= 40 and not w.isdigit()}
    return json.dumps(sorted(found))
