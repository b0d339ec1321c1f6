"""Where a text names glossary terms (``GlossaryMap.spans``): whole names, the longest
first, without overlaps; the same spans as trying every name length at every word."""

import random

from glossary.lookup import GlossaryMap
from practices.text import words


def every_length_at_every_word(glossary, text_words):
    """The spans as they were found before the names were indexed by their first word."""
    n, i = len(text_words), 0
    while i < n:
        for size in range(min(glossary.longest, n - i), 0, -1):
            found = glossary.names.get(tuple(text_words[i : i + size]))
            if found:
                yield i, i + size, found
                i += size
                break
        else:
            i += 1


def glossary_of(*names):
    glossary = GlossaryMap()
    for pk, name in enumerate(names, start=1):
        glossary.add(tuple(words(name)), pk)
    return glossary


def test_the_longest_name_is_found_first_and_names_do_not_overlap():
    glossary = glossary_of("salle", "salle melanie", "melanie audition filmee", "audition")
    text = words("une salle melanie audition filmee puis la salle et l audition")

    assert list(glossary.spans(text)) == [(1, 3, [2]), (3, 4, [4]), (7, 8, [1]), (10, 11, [4])]


def test_a_name_cut_by_the_end_of_the_text_is_not_found():
    glossary = glossary_of("child advocacy centre", "advocacy")

    assert list(glossary.spans(words("a child advocacy"))) == [(2, 3, [2])]
    assert list(glossary.spans([])) == []


def test_names_shared_by_several_terms_give_every_term():
    glossary = glossary_of("uaped", "barnahus", "uaped")

    assert list(glossary.spans(["uaped", "x"])) == [(0, 1, [1, 3])]


def test_random_texts_give_the_same_spans_as_every_length_at_every_word():
    rng = random.Random(20240611)
    vocabulary = list("abcdefgh")
    for _ in range(300):
        # Few words, so that names often share their first words and overlap in texts.
        names = {
            " ".join(rng.choices(vocabulary, k=rng.choice((1, 1, 2, 2, 3, 4, 5))))
            for _ in range(rng.randint(1, 8))
        }
        glossary = glossary_of(*sorted(names))
        for _ in range(20):
            text = rng.choices(vocabulary + ["x", "y"], k=rng.randint(0, 40))
            assert list(glossary.spans(text)) == list(every_length_at_every_word(glossary, text))
