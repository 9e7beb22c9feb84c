"""Suffix agreement computed from sounds: the question particle and suffixes after digits.

Kazakh picks a suffix's form from the word before it: back or front by its last vowel (harmony),
and the first consonant by its last sound (assimilation). The tables below are the facts of
standard Kazakh grammar, one row per suffix, one column per class of final sound:

=========  =====  =========  =====  =========  =====  ==========
class      vowel  р й у и ю   л      м н ң      з ж    voiceless
=========  =====  =========  =====  =========  =====  ==========
particle   ма     ма         ма     ба         ба     па
dative     ға     ға         ға     ға         ға     қа
...
=========  =====  =========  =====  =========  =====  ==========

Digits are read aloud before a suffix is chosen: ``5-ке`` (бес), ``10-ға`` (он),
``2020-да`` (екі мың жиырма), so :func:`numeral_last_word` reads the last word of a numeral
from the tables of unit, ten and power words.
"""

from __future__ import annotations

from typing import Any

from kazkit.grammar.rules import MatchView, match_case, register_filter

BACK_VOWELS = frozenset("аоұыяё")
FRONT_VOWELS = frozenset("әеөүіэ")
# и, у and ю are read as ый/ій, ұу/үу, йу/йү: they carry no harmony of their own.
NEUTRAL_VOWELS = frozenset("иую")
VOWELS = BACK_VOWELS | FRONT_VOWELS | frozenset("и")

# Classes of a word's final sound, in the order of the table columns.
VOWEL, SONORANT, L, NASAL, VOICED, VOICELESS = range(6)
_FINAL_CLASS = {
    **{c: VOWEL for c in "аәеоөұүыіэяё"},
    **{c: SONORANT for c in "рйуию"},
    "л": L,
    **{c: NASAL for c in "мнң"},
    **{c: VOICED for c in "зж"},
    # б в г д end only loanwords and are pronounced voiceless there (клубқа, Бишкекке).
    **{c: VOICELESS for c in "кқпстфхһцчшщбвгд"},
}

#: suffix -> (back forms by final class, front forms by final class)
SUFFIXES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "particle": (("ма", "ма", "ма", "ба", "ба", "па"), ("ме", "ме", "ме", "бе", "бе", "пе")),
    "dative": (("ға", "ға", "ға", "ға", "ға", "қа"), ("ге", "ге", "ге", "ге", "ге", "ке")),
    "locative": (("да", "да", "да", "да", "да", "та"), ("де", "де", "де", "де", "де", "те")),
    "ablative": (("дан", "дан", "дан", "нан", "дан", "тан"), ("ден", "ден", "ден", "нен", "ден", "тен")),
    "genitive": (("ның", "дың", "дың", "ның", "дың", "тың"), ("нің", "дің", "дің", "нің", "дің", "тің")),
    "accusative": (("ны", "ды", "ды", "ды", "ды", "ты"), ("ні", "ді", "ді", "ді", "ді", "ті")),
    "instrumental": (("мен", "мен", "мен", "мен", "бен", "пен"), ("мен", "мен", "мен", "мен", "бен", "пен")),
}
# The locative takes the relative suffix -ғы/-гі/-қы/-кі after it: 2020-дағы, 5-тегі.
_LOCATIVE_RELATIVE = {"да": "ғы", "та": "ғы", "де": "гі", "те": "гі"}

# How digits are read: the last word said is the last non-zero part.
UNITS = {1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті", 8: "сегіз", 9: "тоғыз"}
TENS = {1: "он", 2: "жиырма", 3: "отыз", 4: "қырық", 5: "елу", 6: "алпыс", 7: "жетпіс", 8: "сексен",
        9: "тоқсан"}
HUNDRED = "жүз"
POWERS = ((10**12, "триллион"), (10**9, "миллиард"), (10**6, "миллион"), (10**3, "мың"))
ZERO = "нөл"


def harmony(word: str) -> str | None:
    """``"back"`` or ``"front"`` by the word's last vowel with a harmony, None when unknown.

    >>> harmony("кітап"), harmony("үйде"), harmony("институт")
    ('back', 'front', None)
    """
    for char in reversed(word.lower()):
        if char in BACK_VOWELS:
            return "back"
        if char in FRONT_VOWELS:
            return "front"
    return None


def final_class(word: str) -> int | None:
    """The class of the word's final sound (see the table above), None for no Cyrillic letter."""
    letters = [c for c in word.lower() if c.isalpha()]
    while letters and letters[-1] in "ьъ":
        letters.pop()
    return _FINAL_CLASS.get(letters[-1]) if letters else None


def suffix_forms(suffix: str, word: str) -> set[str]:
    """The forms of ``suffix`` that may follow ``word`` (two when its harmony is unknown).

    >>> sorted(suffix_forms("particle", "кітабың")), sorted(suffix_forms("dative", "бес"))
    (['ба'], ['ке'])
    """
    klass = final_class(word)
    if klass is None:
        return set()
    back, front = SUFFIXES[suffix]
    side = harmony(word)
    if side == "back":
        return {back[klass]}
    if side == "front":
        return {front[klass]}
    return {back[klass], front[klass]}


def numeral_last_word(digits: str) -> str:
    """The last word said when reading an integer written in digits.

    >>> numeral_last_word("2020"), numeral_last_word("40"), numeral_last_word("1000")
    ('жиырма', 'қырық', 'мың')
    """
    number = int(digits)
    if number == 0:
        return ZERO
    if number % 10:
        return UNITS[number % 10]
    if number % 100:
        return TENS[number % 100 // 10]
    if number % 1000:
        return HUNDRED
    for power, word in POWERS:
        if number % power == 0:
            return word
    return HUNDRED  # unreachable: some power divides every multiple of 1000


def read_number(text: str) -> str | None:
    """The last word said for ``12``, ``3,5`` (үш бүтін оннан бес) or ``1 000``; None if not digits."""
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    for separator in (",", "."):
        if separator in cleaned:
            cleaned = cleaned.rsplit(separator, 1)[1]
    if not cleaned.isdigit() or (len(cleaned) > 1 and not cleaned.strip("0")):
        return None  # "000" cut from "300 000" is no number to read
    return numeral_last_word(cleaned)


def _spoken_form(token_text: str) -> str | None:
    """The word whose sounds choose a suffix: the word itself, or how digits are read."""
    if any(c.isdigit() for c in token_text):
        return read_number(token_text)
    return token_text if any(c.isalpha() for c in token_text) else None


def _agreement(word: str, suffix: str, written: str) -> str | None:
    """The form of ``suffix`` to write after ``word`` when ``written`` is wrong, else None."""
    allowed = suffix_forms(suffix, word)
    if not allowed or written.lower() in allowed:
        return None
    back, front = SUFFIXES[suffix]
    same_side = [f for f in allowed if (f in back) == (written.lower() in back)]
    return match_case(sorted(same_side or allowed)[0], written)


@register_filter("question_particle")
def question_particle(view: MatchView, args: dict[str, Any]) -> dict[str, str] | None:
    """Keep the match when the particle (``args["particle"]``) disagrees with the word before it.

    Adds ``{particle}``: the right form (``кітап ма`` -> ``па``, ``келесің бе`` is right).
    """
    word = view.get(str(args.get("word", 1)))
    particle = view.get(str(args.get("particle", 2)))
    spoken = _spoken_form(word or "")
    if spoken is None or particle is None:
        return None
    right = _agreement(spoken, "particle", particle)
    return None if right is None else {"particle": right}


_CASE_SUFFIXES = {form: name for name, (back, front) in SUFFIXES.items() if name != "particle"
                  for form in (*back, *front)}


def split_case_suffix(text: str) -> tuple[str, str, str] | None:
    """``"дағы"`` -> ``("locative", "да", "ғы")``; None for anything but a case suffix."""
    lower = text.lower()
    if lower in _CASE_SUFFIXES:
        return _CASE_SUFFIXES[lower], text, ""
    head, tail = lower[:2], lower[2:]
    if head in _LOCATIVE_RELATIVE and tail in ("ғы", "гі", "қы", "кі"):
        return "locative", text[:2], text[2:]
    return None


@register_filter("numeral_suffix")
def numeral_suffix(view: MatchView, args: dict[str, Any]) -> dict[str, str] | None:
    """Keep the match when a case suffix after digits disagrees with how they are read.

    Adds ``{suffix}``: ``5-ға`` -> ``ке`` (бес), ``10-ге`` -> ``ға`` (он), ``2020-де`` -> ``да``.
    """
    number = view.get(str(args.get("number", "number")))
    written = view.get(str(args.get("suffix", "suffix")))
    spoken = read_number(number or "")
    parts = split_case_suffix(written or "")
    if spoken is None or parts is None:
        return None
    name, head, tail = parts
    right = _agreement(spoken, name, head)
    if right is None:
        return None
    if tail:
        tail = match_case(_LOCATIVE_RELATIVE[right.lower()], tail)
    return {"suffix": right + tail, "word": spoken}


@register_filter("glued_particle")
def glued_particle(view: MatchView, args: dict[str, Any]) -> dict[str, str] | None:
    """Keep ``келдіме?`` when the tail is a particle that agrees with the stem and the whole
    is not a word the morphology knows (``балама`` "to my child" is one)."""
    stem = view.get(str(args.get("stem", "stem")))
    particle = view.get(str(args.get("particle", "particle")))
    if not stem or not particle or particle.lower() not in suffix_forms("particle", stem):
        return None
    known = any(not a.guessed for a in view.doc.analyses(stem + particle))
    return None if known else {}
