"""Readings for words that are not in the lexicon: numbers, abbreviations, unknown stems.

Every guess still goes through the suffix tables, so a suffix that breaks harmony or assimilation
(``Медведевтың``) gets no guess. A guessed stem is rejected when it is itself a known word form
(``досым`` + ``ға`` is not a guess for the ungrammatical ``досымға``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from kazkit.paths import data_path

from .engine import Engine, Reading
from .lexicon import Entry
from .phonology import BACK, load_yaml

# Letter names decide the suffixes of abbreviations (ҚР-да: эр; АҚШ-та: ша).
LETTER_NAMES = {
    "б": "бэ", "в": "вэ", "г": "гэ", "ғ": "ғэ", "д": "дэ", "ж": "жэ", "з": "зэ", "к": "ка",
    "қ": "қа", "л": "эл", "м": "эм", "н": "эн", "ң": "эң", "п": "пэ", "р": "эр", "с": "эс",
    "т": "тэ", "ф": "эф", "х": "ха", "һ": "һа", "ц": "цэ", "ч": "чэ", "ш": "ша", "щ": "ща",
}  # fmt: skip
MIN_GUESS_STEM = 3
# A guessed stem does not end in a voiced stop or fricative after a consonant (*келд-, *жазд-):
# such shapes are suffixed forms of known stems, not unknown words.
_BAD_FINAL = frozenset("бгғдзж")
# Suffixes a guess may not contain: person endings and 1st/2nd person possessives on an unknown
# word explain misspellings far more often than real words.
_NO_GUESS = frozenset({"pred1sg", "pred2sg", "pred2sgf", "pred1pl", "pred2pl", "pred2plf"})
_NO_PROPN = frozenset({"px1sg", "px2sg", "px2sgf", "px1pl", "px2pl", "px2plf"})


@cache
def _digit_words() -> dict:
    return load_yaml(data_path("morphology", "numerals.yaml"))["digit_words"]


def number_word(digits: str) -> str:
    """The last number word pronounced for a written number: 2020 -> жиырма, 5 -> бес, 100 -> жүз."""
    words = _digit_words()
    digits = digits.replace(",", ".").split(".")[-1] or "0"
    n = int(digits) if digits.isdigit() else 0
    if n == 0:
        return words["units"][0]
    if n % 10:
        return words["units"][n % 10]
    if n % 100:
        return words["tens"][(n // 10) % 10]
    if n % 1000:
        return words["hundred"]
    if n % 1_000_000:
        return words["thousand"]
    if n % 1_000_000_000:
        return words["million"]
    return words["billion"]


def guess_suffixed(
    engine: Engine, word: str, stem_len: int, entry: Entry, contexts: list[tuple[str, str]]
) -> Iterator[Reading]:
    """Readings of ``word`` as an unknown stem ``word[:stem_len]`` + known suffixes."""
    seen: set[tuple] = set()
    for h, c in contexts:
        for steps in engine.walk(word, stem_len, entry.start, h, c, (None, None, 0), 1):
            key = tuple(s[0].id for s in steps)
            if key not in seen:
                seen.add(key)
                yield Reading(entry, word[:stem_len], steps)


def abbreviation_contexts(engine: Engine, abbr: str) -> list[tuple[str, str]]:
    """Left contexts after an abbreviation, following how it is pronounced.

    Harmony: an abbreviation with a vowel is read as a word or ends in a vowel letter, so its
    last vowel decides (АҚШ-тың, ЖОО-лар, БҰҰ-ның, ІІМ-нің); one of consonants only is spelled
    with the Kazakh letter names (қы, ры, ды: back), so ҚР-да, ТМД-ға and never *ҚР-де.
    Sound class: that of the last letter or of its name; a consonant-only abbreviation is also
    read with the vowel-final Kazakh name (ҚР-дың and ҚР-ның are both written).
    """
    phon = engine.phon
    lower = abbr.lower()
    has_vowel = any(ch in phon.vowels for ch in lower)
    harmony = phon.harmony(lower) if has_vowel else BACK
    last = lower[-1]
    classes = {phon.sound_class(last), phon.sound_class(LETTER_NAMES.get(last, last))}
    if not has_vowel:
        classes.add(phon.sound_class(last + "ы"))
    return [(harmony, c) for c in sorted(classes)]


def _near_known_stem(engine: Engine, word: str) -> bool:
    """A known stem + a short ending that did not parse is a misspelling (кітапның, орыны), not a new word."""
    for k in range(2, len(word)):
        if word[:k] in engine.stems:
            rest = len(word) - k
            if (k >= 3 and rest <= 4) or rest <= 2:
                return True
    return False


def unknown_stem_guesses(
    engine: Engine, word: str, known: callable, capitalised: bool
) -> Iterator[Reading]:
    """Suffix stripping for an unknown word: Медведевтің -> Медведев + ің (PROPN when capitalised)."""
    phon = engine.phon
    upos_list = ("PROPN",) if capitalised else ("NOUN",)
    if not capitalised and _near_known_stem(engine, word):
        return
    for stem_len in range(len(word) - 1, MIN_GUESS_STEM - 1, -1):
        stem = word[:stem_len]
        if not any(ch in phon.vowels or ch in "иу" for ch in stem):
            continue
        if known(stem):
            continue
        if stem in engine.stems:  # a lexicon stem that failed is a real error, not an unknown word
            continue
        if stem[-1] in _BAD_FINAL and stem[-2] not in phon.vowels:
            continue
        variants = [stem]
        last = stem[-1]
        unvoice = {v: k for k, v in phon.voicing.items()}
        if last in unvoice and stem_len < len(word) and word[stem_len] in phon.vowels:
            variants = [stem[:-1] + unvoice[last]]
        for lemma_key in variants:
            ctx = [(phon.harmony(lemma_key), phon.sound_class(lemma_key))]
            for upos in upos_list:
                lemma = lemma_key[:1].upper() + lemma_key[1:] if upos == "PROPN" else lemma_key
                entry = Entry(lemma, upos, "N", frozenset(), {}, lemma_key)
                for reading in guess_suffixed(engine, word, stem_len, entry, ctx):
                    ids = {step[0].id for step in reading.steps}
                    if reading.morph_count() == 0 or ids & _NO_GUESS or ids & _NO_PROPN:
                        continue
                    reading.stem_surface = stem
                    yield reading
