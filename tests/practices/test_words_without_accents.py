"""Words lose their accents as before ``unaccent`` translated a text in one pass: every
character, alone and in texts, gives what removing the combining marks one by one gave."""

import random
import unicodedata

from practices.text import LETTERS, MAX_WORD, WORD, unaccent, words


def one_mark_at_a_time(text):
    """``unaccent`` as it was: decompose, drop each combining mark, then LETTERS."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(LETTERS)


def characters(*ranges):
    """The characters of these ranges of code points (surrogates left out)."""
    codes = (code for start, end in ranges for code in range(start, end))
    return [chr(code) for code in codes if not 0xD800 <= code < 0xE000]


def test_every_character_loses_its_accents_as_before():
    # Every code point, in runs of 64 (Latin, Greek, Cyrillic, combining marks, emoji…).
    every = characters((0, 0x110000))
    for start in range(0, len(every), 64):
        run = "".join(every[start : start + 64])
        assert unaccent(run) == one_mark_at_a_time(run), hex(ord(run[0]))
        # Alone, and again once its answer is kept.
        for char in run[::7]:
            assert unaccent(char) == one_mark_at_a_time(char) == unaccent(char), hex(ord(char))


def test_letters_unicode_does_not_decompose_are_simplified():
    assert unaccent("Straße Æsir Œuvre Øresund Łódź þorn ð İstanbul") == (
        "strasse aesir oeuvre oresund lodz thorn d istanbul"
    )
    assert words("L'Unité d'accueil pédiatrique – enfants en danger (UAPED) 🙂") == [
        "l", "unite", "d", "accueil", "pediatrique", "enfants", "en", "danger", "uaped",
    ]  # fmt: skip


def test_random_texts_lose_their_accents_as_before():
    rng = random.Random(7)
    alphabet = characters(
        (0x20, 0x7F), (0xA0, 0x250), (0x300, 0x370), (0x370, 0x400), (0x400, 0x530),
        (0x1E00, 0x1F00), (0x2000, 0x2070), (0xFB00, 0xFB07), (0x1F300, 0x1F650),
    ) + list("ßæœøłđðþıÆŒØŁ") + ["e\u0301", "A\u030a", "\U0001f469\u200d\U0001f467"]  # fmt: skip
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 80)))
        assert unaccent(text) == one_mark_at_a_time(text), ascii(text)
        assert words(text) == [w[:MAX_WORD] for w in WORD.findall(one_mark_at_a_time(text))]
