"""Sentence splitting over the token stream of :mod:`kazkit.text.tokenize`.

Splitting works on tokens, so a dot inside a number (3.14, 12.05.2020), a URL or an abbreviation
(т.б., А.Е.) is never a boundary. The rules, in order:

1. A blank line (a whitespace run with two or more line breaks, or U+2029) always ends a sentence.
2. A line break followed by a dialogue dash or a list bullet (``—``, ``-``, ``•``, ``1.``, ``2)``)
   ends a sentence, so dialogue turns and list items are sentences of their own.
3. ``.`` ``!`` ``?`` ``…`` and runs of them (``?!``, ``...``), with any closing quotes or brackets
   right after them (``?»``, ``.)``), end a sentence unless the next word starts with a lowercase
   letter (``«Қайда?» деп сұрады.``) or the next token is ``,`` ``;`` ``:`` or a closer. Dashes are
   looked through: ``— Қайда? — деді ол.`` stays one sentence.
4. An abbreviation ending in a dot ends a sentence only when it is listed as sentence-final
   (``т.б.``, ``т.д.``, ``etc.``) and the next word starts with a capital letter and is not an
   acronym (``16,3 млрд. АҚШ доллары`` stays whole). Initials (``А.Е.``, ``А.``) and ``ж.``
   never end one: ``1990 ж. Алматыда туған`` is one sentence, since a year is far more often
   followed by a place or a name than by a new sentence. ``1.`` or ``II.`` opening a sentence is a
   list or heading number and ends nothing.
5. A single line break is otherwise just a space: hard-wrapped prose and subtitle lines join into
   one sentence unless rule 2 or 3 applies. Subtitle-like text whose lines end with ``.``/``!``/``?``
   thus splits per line.

Sentence spans never include the whitespace around them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import regex

from kazkit.text.tokenize import sentence_final_abbreviations, tokenize
from kazkit.types import ABBR, LATIN, NUMBER, PUNCT, SPACE, WORD, Sentence, Token

__all__ = ["sentences_with_tokens", "split_sentences"]

_LINE_BREAK = regex.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_STOP_CHARS = frozenset(".!?…‼⁇⁈⁉")
_CLOSERS = frozenset("»”’\"')]}›")
_OPENERS = frozenset("«„“‘\"'([{‹")
_DASHES = frozenset("-–—―‒")
_BULLETS = _DASHES | frozenset("•·▪▫●○◦►▸‣∙*")
# Tokens that continue the sentence when they follow a full stop: "?», — деді", "т.б.; ...".
# Straight quotes are left out: a glued one was already taken as a closer, so a later one opens.
_CONTINUERS = frozenset(",;:") | (_CLOSERS - {'"', "'"})
_ROMAN_MARKER = regex.compile(r"[IVXLCDMІХ]{1,6}")
_LOOKAHEAD = 8  # tokens examined after a candidate boundary: space, dash, space, opener, word...


def split_sentences(text: str) -> Iterator[Sentence]:
    """Yield the sentences of ``text`` with exact offsets (``lang`` is left empty).

    >>> [s.text for s in split_sentences("Ол келді. Біз 1990 ж. таныстық.")]
    ['Ол келді.', 'Біз 1990 ж. таныстық.']
    """
    for sentence, _tokens in sentences_with_tokens(text):
        yield sentence


def sentences_with_tokens(
    text: str, *, spaces: bool = False
) -> Iterator[tuple[Sentence, list[Token]]]:
    """Yield each sentence with its tokens; ``spaces=True`` keeps the spaces inside the sentence.

    Whitespace between sentences belongs to no sentence.
    """
    tokens = tokenize(text, spaces=True)
    stream = _Lookahead(tokens)
    buffer = stream._buffer  # read directly: this loop runs once per token
    final_abbreviations = sentence_final_abbreviations()
    current: list[Token] = []
    while True:
        if buffer:
            token = buffer.popleft()
        else:
            token = next(tokens, None)
            if token is None:
                break
        kind = token.kind
        if kind == SPACE:
            if current:
                # A single space never breaks (the commonest whitespace by far).
                if token.text != " " and _breaks_before(token, stream):
                    yield _make(text, current, spaces)
                    current = []
                else:
                    current.append(token)
            continue
        current.append(token)
        # _may_end(), inlined.
        if ((kind == PUNCT and token.text[0] in _STOP_CHARS
             or kind == ABBR and token.text in final_abbreviations)
                and not _is_list_marker(current)):
            _take_closers(stream, current)
            if _next_starts_sentence(token, stream):
                yield _make(text, current, spaces)
                current = []
    if current:
        yield _make(text, current, spaces)


class _Lookahead:
    """A token iterator that can peek a few tokens ahead without building a list of all tokens."""

    def __init__(self, tokens: Iterator[Token]) -> None:
        self._tokens = tokens
        self._buffer: deque[Token] = deque()

    def next(self) -> Token | None:
        if self._buffer:
            return self._buffer.popleft()
        return next(self._tokens, None)

    def peek(self, index: int = 0) -> Token | None:
        while len(self._buffer) <= index:
            token = next(self._tokens, None)
            if token is None:
                return None
            self._buffer.append(token)
        return self._buffer[index]

    def peek_past_spaces(self, index: int = 0) -> tuple[Token | None, int]:
        """The first non-space token at or after ``index``, and its index."""
        token = self.peek(index)
        while token is not None and token.kind == SPACE:
            index += 1
            token = self.peek(index)
        return token, index


def _make(text: str, tokens: list[Token], spaces: bool) -> tuple[Sentence, list[Token]]:
    while tokens[-1].kind == SPACE:
        tokens.pop()
    start, end = tokens[0].start, tokens[-1].end
    kept = tokens if spaces else [t for t in tokens if t.kind != SPACE]
    return Sentence(text[start:end], start, end), kept


def _line_breaks(space: Token) -> int:
    if "\u2029" in space.text:
        return 2
    return len(_LINE_BREAK.findall(space.text))


def _breaks_before(space: Token, stream: _Lookahead) -> bool:
    """Rules 1 and 2: a blank line, or a line break before a dialogue dash or list item."""
    breaks = _line_breaks(space)
    if breaks >= 2:
        return True
    if breaks == 0:
        return False
    first = stream.peek(0)
    if first is None:
        return False
    if first.kind != SPACE and first.text in _BULLETS:
        return True
    if first.kind == NUMBER:
        marker = stream.peek(1)
        return marker is not None and marker.text in (".", ")")
    return False


def _may_end(token: Token) -> bool:
    """A full stop run (``.``, ``?!``, ``...``) or a dotted abbreviation that may end a sentence."""
    if token.kind == PUNCT:
        return token.text[0] in _STOP_CHARS
    return token.kind == ABBR and token.text in sentence_final_abbreviations()


def _is_list_marker(current: list[Token]) -> bool:
    """``1.`` or ``II.`` opening a sentence numbers a list item or heading; it ends nothing."""
    if len(current) != 2 or current[1].text != ".":
        return False
    first = current[0]
    return first.kind == NUMBER or bool(_ROMAN_MARKER.fullmatch(first.text))


def _take_closers(stream: _Lookahead, current: list[Token]) -> None:
    """Move closing quotes and brackets glued to the full stop into the sentence: ``?»`` ``.)``."""
    while True:
        token = stream.peek(0)
        if token is None or token.kind != PUNCT or token.text not in _CLOSERS:
            return
        current.append(stream.next())  # type: ignore[arg-type]


def _next_starts_sentence(stop: Token, stream: _Lookahead) -> bool:
    """Rules 3 and 4: whether the text after a full stop starts a new sentence."""
    token, index = stream.peek_past_spaces(0)
    if token is None:
        return True
    if stop.kind == ABBR:
        return _starts_capitalised_word(token, stream, index)
    if token.kind == PUNCT and token.text in _CONTINUERS:
        return False
    return not _starts_lowercase(token, stream, index)


def _first_word_after(token: Token, stream: _Lookahead, index: int) -> Token | None:
    """Look through dashes and opening quotes to the token that carries the case."""
    for _ in range(_LOOKAHEAD):
        if token is None or token.kind != PUNCT:
            return token
        if token.text not in _DASHES and token.text not in _OPENERS:
            return token
        token, index = stream.peek_past_spaces(index + 1)
    return token


def _starts_lowercase(token: Token, stream: _Lookahead, index: int) -> bool:
    word = _first_word_after(token, stream, index)
    return word is not None and word.text[0].islower()


def _starts_capitalised_word(token: Token, stream: _Lookahead, index: int) -> bool:
    """A capitalised word, not an acronym: "16,3 млрд. АҚШ доллары" is one sentence."""
    word = _first_word_after(token, stream, index)
    return word is not None and word.kind in (WORD, LATIN) and word.text[0].isupper()
