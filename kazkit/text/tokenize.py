"""Tokenisation of Kazakh (and mixed Kazakh/Russian/English) text with exact character offsets.

One compiled ``regex`` scanner runs over the text, and a little Python decides what a candidate is
(an abbreviation, a Roman numeral, a Latin or Cyrillic word). Every pattern is either anchored on a
fixed prefix or bounded in length, so a failed attempt never rescans much text and the whole pass
is linear: a 50 MB line streams through with constant memory.

Speed comes from doing little per token in Python: the scanner takes a run of plain words in one
match, a word's kind is looked up once per distinct word, and tokens are built a batch at a time
(see :func:`token_batches`, which the sentence splitter reads directly).

>>> [(t.text, t.kind) for t in tokenize("ҚР-да 5-сынып, т.б.")]
[('ҚР-да', 'abbr'), ('5-сынып', 'number'), (',', 'punct'), ('т.б.', 'abbr')]
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from functools import cache
from itertools import repeat

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
    "token_batches",
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

_WORD_PATTERN = rf"\p{{L}}{_WORD_CHAR}*+(?:(?:{_HYPHEN}|['’]){_WORD_CHAR}++)*+"
# A run of words is taken in one match and split in Python: a match costs far more than a split.
_MAX_RUN = 64
# Marks that may open or close a word inside a run (see the scanner): ``«сөз»,`` ``(мысалы``.
_RUN_OPENERS = "(«“„\"'’"
_RUN_CLOSERS = ",;)»”\"'’"
# A word of a run, with an opening mark before it and a closing mark or the look-ahead after it.
_RUN_WORD = rf"[{_RUN_OPENERS}]?{_WORD_PATTERN}(?:[{_RUN_CLOSERS}]|(?![\p{{N}}._%+\-@:]))"

# The scanner tries its alternatives in order at each position. From ``url`` on they are the
# rules; the ones before are shortcuts for the commonest tokens, which would otherwise go
# through every rule before theirs, and take only what the rules would:
# - a plain space followed by a token is taken with that token (its span is the group's span);
#   before whitespace or at the end it is a ``space`` token of its own;
# - ``words``: words separated by single plain spaces, each word followed by a closing mark
#   (``_RUN_CLOSERS``) or by anything but a digit or ``. _ % + - @ :``, and maybe preceded by an
#   opening mark (``_RUN_OPENERS``). Such a word cannot start a URL, an e-mail address or a
#   domain (each needs one of those right after the letters it shares with a word), no number
#   starts with a letter, the marks are single ``punct`` tokens (see the next-but-one point),
#   and a space between two of them is a space token, so the rules would give exactly these
#   words, marks and spaces. The run backtracks a word at a time to pass the checks, and leaves
#   the word before a dot (``т.б.``, a sentence end) to the rules;
# - whitespace starts no other alternative, so ``space`` may come early;
# - the marks of the first ``punct`` start no other alternative before the rule ``punct``.
_SCANNER = regex.compile(
    rf"""
    (?:\x20(?=[^\s\x1c-\x1f]))?+
    (?:
    (?P<words>{_RUN_WORD}(?:\x20{_RUN_WORD}){{0,{_MAX_RUN - 1}}})
  | (?P<space>[\s\x1c-\x1f]++)       # str.isspace() also counts \x1c-\x1f
  | (?P<punct>[,;:()«»"“”„'’—–/])
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
  | (?P<word>{_WORD_PATTERN})
  | (?P<hashtag>[\#@][\p{{L}}\p{{N}}_][\p{{L}}\p{{M}}\p{{N}}_]*+)
  | (?P<stop>[.!?…‼⁇⁈⁉]++)
  | (?P<dashes>-{{2,}}+)
  | (?P<punct>[\p{{P}}\p{{Sm}}\p{{Sc}}\p{{Sk}}№§°‰′″©®™℃℉])
  | (?P<other>\X)
    )
    """,
    regex.VERBOSE,
)

_RUN_OPENER_SET = frozenset(_RUN_OPENERS)
_RUN_CLOSER_SET = frozenset(_RUN_CLOSERS)

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
# The characters of the main Cyrillic block that \p{Cyrillic} matches: a word starting with one has
# a Cyrillic letter, known without a regex search.
_CYRILLIC_CHARS = frozenset(_HAS_CYRILLIC.findall("".join(map(chr, range(0x0400, 0x0530)))))
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
    for batch in token_batches(text, spaces=spaces):
        yield from batch


# A batch stops growing at about this many tokens, so a text of any size streams in bounded memory.
_BATCH_SIZE = 256

_Row = tuple[str, int, int, str]


def token_batches(text: str, *, spaces: bool = False) -> Iterator[list[Token]]:
    """The tokens of :func:`tokenize`, in consecutive non-empty lists cut where a sentence may end.

    A batch ends after every token that may end a sentence (a full stop run ``.`` ``?!`` ``…``,
    or any abbreviation) and before every token that follows whitespace other than one plain
    space (a line break may end a sentence there; with ``spaces=True`` that whitespace opens the
    next batch); a batch also ends at about ``_BATCH_SIZE`` tokens. So the sentence splitter
    need look only at the two ends of each batch, and the tokens between are handled a list at
    a time instead of one by one.

    >>> [[t.text for t in batch] for batch in token_batches("Ол келді. Біз\\nде т.б. бардық")]
    [['Ол', 'келді', '.'], ['Біз'], ['де', 'т.б.'], ['бардық']]
    """
    for rows in _row_batches(text, spaces):
        yield _make_tokens(rows)


def _row_batches(text: str, spaces: bool) -> Iterator[list[_Row]]:
    """The batches of :func:`token_batches` as ``(text, start, end, kind)`` rows."""
    # Every scanner alternative is non-empty and one always matches, so ``finditer`` yields
    # back-to-back matches, exactly what matching at each token's end would; iterating in C
    # saves a method call per token. Only when Python moves a token's end (a dotted
    # abbreviation grows, a URL loses its trailing punctuation) does the scan restart there.
    pos, size = 0, len(text)
    group_kind = _GROUP_KIND
    word_kinds = _WORD_KINDS
    openers, closers = _RUN_OPENER_SET, _RUN_CLOSER_SET
    batch: list[_Row] = []
    append = batch.append
    while pos < size:
        for found in _SCANNER.finditer(text, pos):
            group = found.lastgroup
            start, end = found.span(found.lastindex)
            if spaces and found.start() != start:
                append((" ", start - 1, start, SPACE))
            if group == "words":
                # Each word's kind depends on the word alone (bar Roman numerals, see
                # _plain_word_kind), so it is looked up. A mark around a word is no letter, so
                # the first and last characters tell which marks a part has.
                for part in text[start:end].split(" "):
                    if part[0] in openers:
                        append((part[0], start, start + 1, PUNCT))
                        start += 1
                        part = part[1:]
                    closed = part[-1] in closers
                    word = part[:-1] if closed else part
                    stop = start + len(word)
                    kind = word_kinds.get(word)
                    if kind is None:
                        kind = _plain_word_kind(word, text, stop)
                    append((word, start, stop, kind))
                    if kind == ABBR:
                        yield batch
                        batch = []
                        append = batch.append
                    if closed:
                        append((part[-1], stop, stop + 1, PUNCT))
                        stop += 1
                    if spaces and stop != end:
                        append((" ", stop, stop + 1, SPACE))
                    start = stop + 1
                if len(batch) >= _BATCH_SIZE:
                    yield batch
                    batch = []
                    append = batch.append
                continue
            if group == "word":
                if end == size or text[end] != ".":
                    word = text[start:end]
                    kind = word_kinds.get(word)
                    if kind is None:
                        kind = _plain_word_kind(word, text, end)
                    append((word, start, end, kind))
                    if kind == ABBR:
                        yield batch
                        batch = []
                        append = batch.append
                    continue
                kind, stop = _classify_word(text, start, end)
            elif group == "space":
                if (end - start != 1 or text[start] != " " or len(batch) >= _BATCH_SIZE) and batch:
                    yield batch
                    batch = []
                    append = batch.append
                if spaces:
                    append((text[start:end], start, end, SPACE))
                continue
            elif group in group_kind:
                append((text[start:end], start, end, group_kind[group]))
                if group == "stop" or len(batch) >= _BATCH_SIZE:
                    yield batch
                    batch = []
                    append = batch.append
                continue
            else:  # url or domain
                kind, stop = _trim_url(text, start, end)
            append((text[start:stop], start, stop, kind))
            if kind == ABBR or len(batch) >= _BATCH_SIZE:
                yield batch
                batch = []
                append = batch.append
            if stop != end:
                pos = stop
                break  # restart the scan where the token really ends
        else:
            break
    if batch:
        yield batch


def _tokens_by_init(rows: list[_Row]) -> list[Token]:
    return [Token(*row) for row in rows]


def _tokens_by_slots(rows: list[_Row]) -> list[Token]:
    """``[Token(*row) for row in rows]``, built a field at a time for the whole list.

    A frozen dataclass's ``__init__`` is Python code setting each field with
    ``object.__setattr__``, which makes building a Token cost about as much as finding it.
    This makes the same objects the same way, with the loops in C: allocate them all, then set
    each slot through its descriptor. Used only while Token is the plain frozen dataclass this
    assumes (see below).
    """
    tokens = list(map(_NEW, repeat(Token, len(rows))))
    for setter, values in zip(_SLOT_SETTERS, zip(*rows, strict=True), strict=True):
        deque(map(setter, tokens, values), maxlen=0)
    return tokens


def tokens_from_columns(texts: list[str], starts, ends, kinds: list[str]) -> list[Token]:
    """``[Token(*row) for row in zip(texts, starts, ends, kinds)]``, the way :func:`_make_tokens`
    builds them (columns of equal length)."""
    if _make_tokens is _tokens_by_init:
        return [Token(*row) for row in zip(texts, starts, ends, kinds, strict=True)]
    tokens = list(map(_NEW, repeat(Token, len(texts))))
    for setter, values in zip(_SLOT_SETTERS, (texts, starts, ends, kinds), strict=True):
        deque(map(setter, tokens, values), maxlen=0)
    return tokens


_NEW = object.__new__
_SLOT_SETTERS = tuple(getattr(Token, name).__set__ for name in ("text", "start", "end", "kind"))
# The slot route stands in for __init__ only while __init__ does nothing else: the fields are
# exactly these four, in this order, with no __post_init__ and no custom __new__.
_make_tokens = (
    _tokens_by_slots
    if [f.name for f in dataclasses.fields(Token)] == ["text", "start", "end", "kind"]
    and not hasattr(Token, "__post_init__")
    and Token.__new__ is object.__new__
    and "__slots__" in Token.__dict__
    else _tokens_by_init
)


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
    kind = _WORD_KINDS.get(word)
    if kind is None:
        kind = _plain_word_kind(word, text, end)
    return kind, end


# Kind of a word not followed by a dot, by word: words recur, and the lookup is cheaper than
# the checks (capitals, abbreviation list, script). Cleared when full, so memory stays bounded.
_WORD_KINDS: dict[str, str] = {}
_WORD_KINDS_MAX = 50_000


def _plain_word_kind(word: str, text: str, end: int) -> str:
    """Kind of the word ``text[end - len(word):end]`` not grown by a dot; cached in _WORD_KINDS.

    The kind depends on the word alone except for a bare Roman numeral (``XXI``, ``І``), which
    is a number only before a century word, so those are never cached.
    """
    first = word[0]
    if first in _CYRILLIC_CHARS and not first.isupper():
        # The commonest word: what the general path below gives, in two look-ups.
        kind = ABBR if word in _single_word_abbreviations() else WORD
    elif _known(word, _single_word_abbreviations()):
        kind = ABBR
    else:
        kind = _word_kind(word, text, end)
        if word[0].isupper() and word.isupper() and _ROMAN.fullmatch(word):
            return kind  # depends on the text after the word
    if len(_WORD_KINDS) >= _WORD_KINDS_MAX:
        _WORD_KINDS.clear()
    _WORD_KINDS[word] = kind
    return kind


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
        if "-" in word or "\u2010" in word or "\u2011" in word:
            head, *suffixes = _HYPHEN_SPLIT.split(word)
        if head.isupper() and _ROMAN.fullmatch(head) and _is_roman_numeral(head, suffixes, text, end):
            return NUMBER
    if word.isascii():
        return LATIN
    if word[0] in _CYRILLIC_CHARS or _HAS_CYRILLIC.search(word):
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
    return len(head) <= 8 and head[0].isupper() and sum(map(str.isupper, head)) >= 2
