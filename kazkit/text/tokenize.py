"""Tokenisation of Kazakh (and mixed Kazakh/Russian/English) text with exact character offsets.

One compiled ``regex`` scanner is matched at the current position, and a little Python decides what
a candidate is (an abbreviation, a Roman numeral, a Latin or Cyrillic word). Every pattern is either
anchored on a fixed prefix or bounded in length, so a failed attempt never rescans much text and the
whole pass is linear: a 50 MB line streams through with constant memory.

>>> [(t.text, t.kind) for t in tokenize("ҚР-да 5-сынып, т.б.")]
[('ҚР-да', 'abbr'), ('5-сынып', 'number'), (',', 'punct'), ('т.б.', 'abbr')]
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from kazkit.paths import data_path
from kazkit.types import (
    ABBR,
    EMAIL,
    HASHTAG,
    LATIN,
    NUMBER,
    OTHER,
    PUNCT,
    SPACE,
    URL,
    WORD,
    Token,
)

__all__ = [
    "load_abbreviations",
    "sentence_final_abbreviations",
    "tokenize",
    "word_tokens",
]

# Characters that continue a word: letters, combining marks (stress marks, decomposed letters),
# digits (mp3, H2O), and the invisible soft hyphen / ZWNJ / ZWJ that editors leave inside words.
_WORD_CHAR = r"[\p{L}\p{M}\d\u00AD\u200C\u200D]"
_HYPHEN = r"[\-\u2010\u2011]"
# Characters that end a URL candidate; trailing punctuation is trimmed afterwards in Python.
_URL_BODY = r"[^\s<>\"«»“”„\[\]{}|\\^`]"
_URL_TRAILING = ".,;:!?…'’\"*"
_TLDS = "kz|ru|com|org|net|edu|gov|info|io|uk|de|fr|us|ua|kg|uz|tr|cn|me|tv|biz|co|eu|su|int|app|dev"

_SCANNER = regex.compile(
    rf"""
    (?P<space>[\s\x1c-\x1f]++)       # str.isspace() also counts \x1c-\x1f
  | (?P<url>(?:(?:https?|ftps?)://|www\d{{0,3}}\.){_URL_BODY}{{1,4096}}+)
  | (?P<email>[\p{{L}}\p{{N}}_%+\-][\p{{L}}\p{{N}}._%+\-]{{0,63}}+@[\p{{L}}\p{{N}}\-]{{1,63}}+
               (?:\.[\p{{L}}\p{{N}}\-]{{1,63}}+){{1,8}}+)
  | (?P<domain>[\p{{Latin}}\d][\p{{Latin}}\d\-]{{0,62}}+(?:\.[\p{{Latin}}\d\-]{{1,63}}+){{0,6}}
               \.(?:{_TLDS})(?![\p{{L}}\p{{M}}\d]|-[\p{{Latin}}\d])(?:/{_URL_BODY}{{0,4096}}+)?)
  | (?P<number>
        (?:\d{{1,3}}(?:[\u00A0\u202F\u2009\u2007]\d{{3}}(?!\d))++(?:[.,]\d++)?   # 1 000 000 (nbsp)
          | \d++(?:[.,:/]\d++)*+                 # 2020, 3,14, 3.14, 10:30, 12.05.2020
        )
        (?:{_HYPHEN}[\p{{L}}\p{{M}}]++)?                   # 5-сынып, 2020-да, 55-ші
      | \p{{No}}++                                       # ½ ² ³
    )
  | (?P<word>\p{{L}}{_WORD_CHAR}*+(?:(?:{_HYPHEN}|['’]){_WORD_CHAR}++)*+)
  | (?P<hashtag>[\#@][\p{{L}}\p{{N}}_][\p{{L}}\p{{M}}\p{{N}}_]*+)
  | (?P<stop>[.!?…‼⁇⁈⁉]++)
  | (?P<dashes>-{{2,}}+)
  | (?P<punct>[\p{{P}}\p{{Sm}}\p{{Sc}}\p{{Sk}}№§°‰′″©®™℃℉])
  | (?P<other>\X)
    """,
    regex.VERBOSE,
)

# Scanner groups whose kind needs no further look.
_GROUP_KIND = {
    "email": EMAIL,
    "number": NUMBER,
    "hashtag": HASHTAG,
    "stop": PUNCT,
    "dashes": PUNCT,
    "punct": PUNCT,
    "other": OTHER,
}

# One more part of a dotted abbreviation after "т.": "б.", " б." (spaced), or a final "с" (т.с.с).
_NEXT_PART = regex.compile(r"[\x20\u00A0]?+\p{L}{1,3}+(?:\.|(?![\p{L}\p{M}\d\-]))")
_MAX_PARTS = 6
_WORD = regex.compile(rf"\p{{L}}{_WORD_CHAR}*+")
_BARE_URL_PREFIX = regex.compile(r"(?:https?|ftps?)://|www\d{0,3}\.")
# A Kazakh case suffix hyphenated to a bare host: "kazkit.kz-ке", "www.gov.kz-тен".
_URL_CASE_SUFFIX = regex.compile(r"(?<=\.\p{Latin}{2,24})[\-\u2010\u2011]\p{Cyrillic}++$")
_SPACES_IN = regex.compile(r"[\x20\u00A0]")
_HAS_CYRILLIC = regex.compile(r"\p{Cyrillic}")
# A letter of a script other than Latin (modifier letters such as ʼ are script-neutral).
_NON_LATIN_LETTER = regex.compile(r"(?!\p{Latin}|\p{Lm})\p{L}")
_HYPHEN_SPLIT = regex.compile(_HYPHEN)
# Roman numerals up to 39, also typed with the Cyrillic look-alikes Х and І: XXI, ХІХ, IV.
_ROMAN = regex.compile(r"(?=.)[XХ]{0,3}(?:[IІ][XХ]|[IІ]V|V?[IІ]{0,3})")
# A century word after a Roman numeral ("XXI ғасыр", "XIX–XX ғасырлар", "XX в.").
_CENTURY_AFTER = regex.compile(
    r"(?:[^\S\n]{0,3}+[\-–—][^\S\n]{0,3}+[IVXІХ]{1,6}+)?"
    r"[^\S\n]{1,3}+(?:ғасыр|ғғ?\.|век|вв?\.|мыңжылдық|тысячелет|centur)",
    regex.IGNORECASE,
)


@cache
def _abbreviation_table() -> dict[str, bool]:
    """Abbreviation -> can it end a sentence, read once from ``data/lexicon/abbreviations.tsv``."""
    table: dict[str, bool] = {}
    with open(data_path("lexicon", "abbreviations.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            abbr, can_end = fields[0], fields[3].strip() == "yes"
            table[abbr] = table.get(abbr, False) or can_end
    return table


@cache
def load_abbreviations() -> frozenset[str]:
    """All abbreviations of the shipped list, e.g. ``"т.б." in load_abbreviations()``."""
    return frozenset(_abbreviation_table())


@cache
def sentence_final_abbreviations() -> frozenset[str]:
    """Abbreviations that may end a sentence (``т.б.``, ``т.д.``, ``etc.``); ``ж.`` is not one."""
    return frozenset(abbr for abbr, can_end in _abbreviation_table().items() if can_end)


@cache
def _single_word_abbreviations() -> frozenset[str]:
    return frozenset(a for a in load_abbreviations() if " " not in a)


@cache
def _phrase_tails() -> dict[str, tuple[str, ...]]:
    """Last word of a phrase abbreviation -> the words that must precede it ("al." <- "et")."""
    tails: dict[str, list[str]] = {}
    for abbr in load_abbreviations():
        if " " in abbr:
            head, _, tail = abbr.rpartition(" ")
            tails.setdefault(tail, []).append(head + " ")
    return {tail: tuple(heads) for tail, heads in tails.items()}


def _known(form: str, known: frozenset[str]) -> bool:
    """Whether ``form`` is listed, also when capitalised at a sentence start (Мыс. -> мыс.)."""
    return form in known or (form[:1].isupper() and form[:1].lower() + form[1:] in known)


def tokenize(text: str, *, spaces: bool = False) -> Iterator[Token]:
    """Yield the tokens of ``text`` lazily; ``text[t.start:t.end] == t.text`` for every token.

    With ``spaces=True`` whitespace runs are yielded too, so the tokens tile the whole input.

    >>> [t.text for t in tokenize("Салт-дәстүр бір-бірімен байланысты…")]
    ['Салт-дәстүр', 'бір-бірімен', 'байланысты', '…']
    """
    pos, size = 0, len(text)
    match = _SCANNER.match
    known = _single_word_abbreviations()
    has_cyrillic = _HAS_CYRILLIC.search
    while pos < size:
        found = match(text, pos)
        kind, end = found.lastgroup, found.end()
        if kind == "space":
            if spaces:
                yield Token(found.group(), pos, end, SPACE)
            pos = end
            continue
        if kind == "word":
            word = text[pos:end]
            # Fast path for the common case, a word not capitalised and not followed by a dot:
            # the same answer as _classify_word, without its abbreviation and numeral checks.
            if not word[0].isupper() and (end == size or text[end] != ".") and word not in known:
                if word.isascii():
                    kind = LATIN
                elif has_cyrillic(word) or _NON_LATIN_LETTER.search(word):
                    kind = WORD
                else:
                    kind = LATIN
                yield Token(word, pos, end, kind)
                pos = end
                continue
            kind, end = _classify_word(text, pos, end)
        elif kind == "url" or kind == "domain":
            kind, end = _trim_url(text, pos, end)
        else:
            kind = _GROUP_KIND[kind]
        yield Token(text[pos:end], pos, end, kind)
        pos = end


def word_tokens(text: str) -> Iterator[Token]:
    """Only the word-like tokens (Cyrillic ``word`` and ``latin``) of ``text``."""
    return (t for t in tokenize(text) if t.kind == WORD or t.kind == LATIN)


def _trim_url(text: str, start: int, end: int) -> tuple[str, int]:
    """Drop trailing sentence punctuation and an unbalanced closing bracket from a URL."""
    while end > start:
        last = text[end - 1]
        if last in _URL_TRAILING:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        else:
            break
    suffix = _URL_CASE_SUFFIX.search(text, start, end)
    if suffix:
        end = suffix.start()
    if _BARE_URL_PREFIX.fullmatch(text, start, end):
        # Only a scheme or "www." survived the trimming: not a URL after all.
        return _classify_word(text, start, _WORD.match(text, start).end())
    return URL, end


def _classify_word(text: str, start: int, end: int) -> tuple[str, int]:
    """Kind and end of a word candidate ``text[start:end]``, which may grow by a dot (``т.б.``)."""
    word = text[start:end]
    known = _single_word_abbreviations()
    if end < len(text) and text[end] == ".":
        dotted = _dotted_abbreviation(text, start, end, word, known)
        if dotted:
            return ABBR, dotted
    if _known(word, known):
        return ABBR, end
    return _word_kind(word, text, end), end


def _dotted_abbreviation(
    text: str, start: int, end: int, word: str, known: frozenset[str]
) -> int:
    """End of a dotted abbreviation starting at ``start`` (``0`` when there is none)."""
    if end - start <= 3:
        chained = _dotted_chain(text, start, end, known)
        if chained:
            return chained
    if text.startswith("..", end):
        return 0  # "сөз..." is a word and an ellipsis, never an abbreviation
    form = word + "."
    if _known(form, known):
        return end + 1
    heads = _phrase_tails().get(form)
    if heads and any(text.endswith(head, 0, start) for head in heads):
        return end + 1
    if len(word) == 1 and word.isupper():
        return end + 1  # an initial: "А. Байтұрсынұлы"
    return 0


def _dotted_chain(text: str, start: int, end: int, known: frozenset[str]) -> int:
    """End of the longest listed chain (т.б., б.з.б., "т. б.") or initials chain (А.Е.), or 0.

    A chain grows only while it can still become a listed abbreviation or a run of initials, so
    text such as "а.ба.ба.б" costs one look-ahead per word, not one per part.
    """
    prefixes = _chain_prefixes()
    cut = end + 1
    compact = text[start:cut]
    listed = _known(compact, prefixes)
    initials = end - start == 1
    best_listed = best_initials = 0
    for _ in range(_MAX_PARTS - 1):
        if not (listed or initials):
            break
        part = _NEXT_PART.match(text, cut)
        if not part:
            break
        piece = part.group()
        letters = piece.lstrip("\x20\u00a0")
        cut = part.end()
        compact += letters
        listed = listed and _known(compact, prefixes)
        if listed and _known(compact, known):
            best_listed = cut
        # Unlisted chains of single letters are initials or acronyms: "А.Е.", "U.K."
        initials = initials and letters == piece and len(letters) == 2 and letters[1] == "."
        if initials:
            best_initials = cut
        if not piece.endswith("."):
            break
    return best_listed or best_initials


@cache
def _chain_prefixes() -> frozenset[str]:
    """Every listed dotted abbreviation cut after each of its dots: б., б.з., б.з.б."""
    prefixes = set()
    for abbr in _single_word_abbreviations():
        prefixes.add(abbr)
        prefixes.update(abbr[: i + 1] for i, char in enumerate(abbr) if char == ".")
    return frozenset(prefixes)


def _word_kind(word: str, text: str, end: int) -> str:
    """``word``, ``latin``, ``abbr`` (ҚР-да) or ``number`` (XXI ғасыр) for a plain word."""
    head, suffixes = word, []
    capitalised = word[0].isupper()  # Roman numerals and acronyms start with a capital
    if capitalised:
        head, *suffixes = _HYPHEN_SPLIT.split(word)
        if head.isupper() and _ROMAN.fullmatch(head) and _is_roman_numeral(head, suffixes, text, end):
            return NUMBER
    if word.isascii():
        return LATIN
    if _HAS_CYRILLIC.search(word):
        if capitalised and _is_acronym(head) and all(s.islower() for s in suffixes):
            return ABBR
        return WORD
    return WORD if _NON_LATIN_LETTER.search(word) else LATIN


def _is_roman_numeral(head: str, suffixes: list[str], text: str, end: int) -> bool:
    """A Roman numeral only in a numeric context: "XXI-ғасыр", "XIX ғасырда", "ХХ ғ."."""
    if suffixes:
        suffix = suffixes[0]
        # A Cyrillic suffix after a Latin numeral (XXI-ші); look-alike Cyrillic letters need the
        # century word itself (ХХ-ғасыр), since ІІ-нің could be an acronym.
        if head.isascii():
            return len(suffixes) == 1 and suffix.islower() and bool(_HAS_CYRILLIC.search(suffix))
        return suffix.lower().startswith("ғасыр")
    return bool(_CENTURY_AFTER.match(text, end))


def _is_acronym(head: str) -> bool:
    """All-caps Cyrillic of 2-6 letters (ҚР, ЖОО, АҚШ) or a mixed-case acronym (ҚазҰУ)."""
    if not head.isalpha() or len(head) < 2:
        return False
    if head.isupper():
        return len(head) <= 6
    return len(head) <= 8 and head[0].isupper() and sum(c.isupper() for c in head) >= 2
