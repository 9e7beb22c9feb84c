"""Cyrillic Kazakh <-> the 2021 Kazakh Latin alphabet.

The Latin alphabet is the one presented by the National Alphabet Commission in January 2021
(31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z, plus the digraph Ch
for loanwords). Sources checked: the comparison table of the ``qazlatyn-db`` package
("Latin 2021 approved version" column) and the transliterated sample in the English Wikipedia
article "Kazakh alphabets" (``Būryñğy ötken zamanda, bır danyşpan kısı ... üiıne``), which shows
the two easily confused points: ``і`` -> ``ı`` (dotless, capital ``I``) and ``и``/``й`` -> ``i``
(dotted, capital ``İ``); ``ы`` -> ``y``.

Letters outside native Kazakh words (ё ц щ э ю я ъ ь) have no letter of their own; they are spelled
as below, following the same table where it gives a value and otherwise the usual practice
(щ -> şş, ц -> ts, ю -> iu, я -> ia, ё -> io, ъ/ь dropped).

The table (lower case; capitals follow the case of the word, see :func:`to_latin`):
"""

from __future__ import annotations

import regex

#: Cyrillic -> 2021 Latin, lower case. Source: Kazakh Latin alphabet of January 2021 (see above).
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

#: 2021 Latin -> Cyrillic where one letter has one reading (lower case). ``i`` (и/й), ``ts``,
#: ``ch``, ``şş``, ``iu`` and ``ia`` are context rules in :func:`to_cyrillic`.
LATIN_TO_CYRILLIC: dict[str, str] = {
    "a": "а", "ä": "ә", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "ğ": "ғ",
    "h": "х", "ı": "і", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ñ": "ң",
    "o": "о", "ö": "ө", "p": "п", "q": "қ", "r": "р", "s": "с", "ş": "ш", "t": "т",
    "u": "у", "ū": "ұ", "ü": "ү", "v": "в", "y": "ы", "z": "з",
}  # fmt: skip

_LATIN_VOWELS = frozenset("aäeıioöuūüy")
# A "word" for case decisions: a run of letters (Cyrillic, Latin or anything else).
_WORD_RE = regex.compile(r"\p{L}+")
_LATIN_WORD_RE = regex.compile(r"\p{Latin}+")
# Latin words that cannot be Kazakh in the 2021 alphabet (c outside "ch", w, x, foreign
# diacritics) or spelled the English way (ph, th): to_cyrillic leaves them as they are, so
# English names survive. (Not "ee"/"oo": Kazakh spells Russian surnames like Qasteev so.)
_FOREIGN_LATIN_RE = regex.compile(r"c(?!h)|[wxéèêàâçßøåæœíìîóòôúùû]|ph|th", regex.IGNORECASE)


def _latin_upper(s: str) -> str:
    """Upper-case Latin the Kazakh way: i -> İ, ı -> I (Python's upper() gives I for both)."""
    return "".join("İ" if c == "i" else "I" if c == "ı" else c.upper() for c in s)


def _latin_lower(c: str) -> str:
    """Lower-case one Latin letter the Kazakh way: İ -> i, I -> ı."""
    return "i" if c == "İ" else "ı" if c == "I" else c.lower()


def _is_caps_word(word: str) -> bool:
    """An ALL-CAPS word: two or more cased letters, all upper case (``ШЫМКЕНТ``, ``ҚР``)."""
    cased = [c for c in word if c.isupper() or c.islower()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)


def _apply_case(out: str, upper: bool, caps_word: bool) -> str:
    """Give a (possibly multi-letter) output the case its source letter had."""
    if not upper or not out:
        return out
    if caps_word:
        return _latin_upper(out)
    return _latin_upper(out[0]) + out[1:]


def _word_to_latin(word: str) -> str:
    caps = _is_caps_word(word)
    parts = []
    for c in word:
        low = c.lower()
        out = CYRILLIC_TO_LATIN.get(low)
        if out is None:
            parts.append(c)  # Latin, digits or other scripts pass through
        else:
            parts.append(_apply_case(out, c != low, caps))
    return "".join(parts)


def to_latin(text: str) -> str:
    """Transliterate Cyrillic Kazakh into the 2021 Latin alphabet.

    Case follows the word: ``Қазақстан`` -> ``Qazaqstan``, ``ШЫМКЕНТ`` -> ``ŞYMKENT``,
    ``Щучинск`` -> ``Şşuchinsk``. Punctuation, digits and Latin text are kept as they are.
    """
    return _WORD_RE.sub(lambda m: _word_to_latin(m.group()), text)


def _i_to_cyrillic(low: str, k: int) -> tuple[str, int]:
    """Read the Latin ``i`` at ``low[k]``: и, й, ю or я, and how many letters it used.

    Rules (chosen for native Kazakh words, where й closes a syllable after a vowel and the
    sequences я/ю start a word or follow a vowel):
    - ``ia``/``iu`` at the start of a word or after a vowel -> я/ю (``aiaq`` -> аяқ, ``qoiu`` -> қою);
    - ``i`` after a vowel -> й (``oiyn`` -> ойын, ``üiıne`` -> үйіне);
    - otherwise -> и (``bie`` -> бие, ``tiın`` -> тиін).
    """
    after_vowel = k > 0 and low[k - 1] in _LATIN_VOWELS
    nxt = low[k + 1] if k + 1 < len(low) else ""
    if nxt in ("a", "u") and (k == 0 or after_vowel):
        return ("я" if nxt == "a" else "ю"), 2
    return ("й" if after_vowel else "и"), 1


def _word_to_cyrillic(word: str) -> str:
    if _FOREIGN_LATIN_RE.search(word):
        return word
    caps = _is_caps_word(word)
    low = "".join(_latin_lower(c) for c in word)
    out: list[str] = []
    k = 0
    while k < len(low):
        c = low[k]
        if c == "i":
            cyr, used = _i_to_cyrillic(low, k)
        elif low.startswith("şş", k):
            cyr, used = "щ", 2
        elif low.startswith("ch", k):
            cyr, used = "ч", 2
        elif low.startswith("ts", k) and (k == 0 or low.startswith("tsi", k)):
            # Native Kazakh has т+с inside words (айтса, кетсін: і is ı) but not at the start
            # or before и, where loanwords have ц (полиция -> politsiia).
            cyr, used = "ц", 2
        else:
            cyr, used = LATIN_TO_CYRILLIC.get(c, word[k]), 1
        upper = word[k] != low[k]
        if upper:
            cyr = cyr.upper() if caps else cyr[:1].upper() + cyr[1:]
        out.append(cyr)
        k += used
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Transliterate 2021 Latin Kazakh back into Cyrillic where the reading is clear.

    ``Qazaqstan Respublikasy`` -> ``Қазақстан Республикасы``. Letters that merged on the way
    to Latin come back as the native-Kazakh reading: ``h`` -> х, ``i`` -> и or й (see
    :func:`_i_to_cyrillic`), ``ts`` -> ц only at the start of a word and before ``i``. Words that cannot be
    Kazakh Latin (with c, w, x or foreign accents) are left as they are.
    """
    return _LATIN_WORD_RE.sub(lambda m: _word_to_cyrillic(m.group()), text)
