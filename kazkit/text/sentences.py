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

from kazkit.text.tokenize import sentence_final_abbreviations, token_batches
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
    # The splitter reads the non-space tokens in the batches of token_batches(): a sentence can
    # end only after the last token of a batch, or before the first one when whitespace other
    # than a plain space precedes it, so only those two tokens of a batch are looked at. The
    # whitespace between two tokens is always one space run, so it is the text between them
    # (``text[previous.end:token.start]``), and "glued" means ``token.start == previous.end``.
    stream = _Lookahead(token_batches(text))
    final_abbreviations = sentence_final_abbreviations()
    current: list[Token] = []
    while True:
        batch = stream.take()
        if batch is None:
            break
        if current:
            first = batch[0]
            gap_start = current[-1].end
            gap = first.start - gap_start
            # No whitespace, or a single space, never breaks (by far the commonest cases).
            if gap and (gap != 1 or text[gap_start] != " ") and _breaks_before(
                text[gap_start : first.start], first, batch[1] if len(batch) > 1 else stream.peek(0)
            ):
                yield _make(text, current, spaces)
                current = batch
            else:
                current += batch
        else:
            current = batch
        token = batch[-1]
        kind = token.kind
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
    """The batches of token_batches() with a look at the tokens ahead, read without building a
    list of all tokens."""

    def __init__(self, batches: Iterator[list[Token]]) -> None:
        self._batches = batches
        self._pending: deque[list[Token]] = deque()  # pulled ahead by peek(), not taken yet

    def take(self) -> list[Token] | None:
        """The next batch (what is left of it after next()), or None at the end."""
        if self._pending:
            return self._pending.popleft()
        return next(self._batches, None)

    def next(self) -> Token | None:
        """Take one token."""
        token = self.peek(0)
        if token is not None:
            batch = self._pending[0]
            if len(batch) == 1:
                self._pending.popleft()
            else:
                self._pending[0] = batch[1:]
        return token

    def peek(self, index: int = 0) -> Token | None:
        """The token ``index`` places ahead (0: the next one), or None past the end."""
        for batch in self._pending:
            if index < len(batch):
                return batch[index]
            index -= len(batch)
        for batch in self._batches:
            self._pending.append(batch)
            if index < len(batch):
                return batch[index]
            index -= len(batch)
        return None


def _make(text: str, tokens: list[Token], spaces: bool) -> tuple[Sentence, list[Token]]:
    """The sentence spanning ``tokens`` (non-space), with the spaces between them if asked."""
    start, end = tokens[0].start, tokens[-1].end
    if spaces:
        tokens = _with_spaces(text, tokens)
    return Sentence(text[start:end], start, end), tokens


def _with_spaces(text: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` with a space token in each gap between them, as ``tokenize(spaces=True)``."""
    tiled = [tokens[0]]
    for token in tokens[1:]:
        gap_start = tiled[-1].end
        if token.start != gap_start:
            tiled.append(Token(text[gap_start : token.start], gap_start, token.start, SPACE))
        tiled.append(token)
    return tiled


def _line_breaks(space: str) -> int:
    if "\u2029" in space:
        return 2
    return len(_LINE_BREAK.findall(space))


def _breaks_before(space: str, first: Token, second: Token | None) -> bool:
    """Rules 1 and 2: a blank line, or a line break before a dialogue dash or list item.

    ``space`` is the whitespace before the token ``first``; ``second`` is the token after it.
    """
    breaks = _line_breaks(space)
    if breaks >= 2:
        return True
    if breaks == 0:
        return False
    if first.text in _BULLETS:
        return True
    if first.kind == NUMBER:
        return second is not None and second.start == first.end and second.text in (".", ")")
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
    if current[1].start != first.end:
        return False  # "1 ." is no marker
    return first.kind == NUMBER or bool(_ROMAN_MARKER.fullmatch(first.text))


def _take_closers(stream: _Lookahead, current: list[Token]) -> None:
    """Move closing quotes and brackets glued to the full stop into the sentence: ``?»`` ``.)``."""
    while True:
        token = stream.peek(0)
        if (token is None or token.kind != PUNCT or token.text not in _CLOSERS
                or token.start != current[-1].end):
            return
        current.append(stream.next())  # type: ignore[arg-type]


def _next_starts_sentence(stop: Token, stream: _Lookahead) -> bool:
    """Rules 3 and 4: whether the text after a full stop starts a new sentence."""
    token = stream.peek(0)
    if token is None:
        return True
    if stop.kind == ABBR:
        return _starts_capitalised_word(token, stream, 0)
    if token.kind == PUNCT and token.text in _CONTINUERS:
        return False
    return not _starts_lowercase(token, stream, 0)


def _first_word_after(token: Token, stream: _Lookahead, index: int) -> Token | None:
    """Look through dashes and opening quotes to the token that carries the case."""
    for _ in range(_LOOKAHEAD):
        if token is None or token.kind != PUNCT:
            return token
        if token.text not in _DASHES and token.text not in _OPENERS:
            return token
        index += 1
        token = stream.peek(index)
    return token


def _starts_lowercase(token: Token, stream: _Lookahead, index: int) -> bool:
    word = _first_word_after(token, stream, index)
    return word is not None and word.text[0].islower()


def _starts_capitalised_word(token: Token, stream: _Lookahead, index: int) -> bool:
    """A capitalised word, not an acronym: "16,3 млрд. АҚШ доллары" is one sentence."""
    word = _first_word_after(token, stream, index)
    return word is not None and word.kind in (WORD, LATIN) and word.text[0].isupper()
