"""Text normalisation that remembers where every character came from.

Checks run on normalised text but must report, and fix, spans of the text the user wrote.
:func:`normalize` therefore returns the normalised text together with the list of changes it
made (each with its span in the original) and maps offsets back with
:meth:`Normalized.to_original` and :meth:`Normalized.span_to_original`.

What is changed:

- ``nfc``: canonical composition (``и`` + U+0306 becomes ``й``), on by default;
- ``invisible``: soft hyphens, zero-width spaces, word joiners and stray BOMs are removed, on by
  default (zero-width joiners and non-joiners only next to a Cyrillic or Latin letter: elsewhere
  they hold emoji sequences and Persian or Arabic-script words together);
- ``spaces``: no-break and other Unicode spaces become plain spaces; off by default, because a
  no-break space between a number and its unit, or after a dash, is correct typography;
- ``quotes``: ``“ ” „ "`` become ``« »`` as Kazakh typography wants; off by default;
- ``dashes``: a spaced hyphen or a double hyphen between words becomes a spaced em dash
  (``Астана - астана`` becomes ``Астана — астана``); off by default;
- ``lookalikes``: Latin letters inside a Cyrillic word (``Бiлiм`` typed with a Latin ``i``) become
  the Cyrillic letters they imitate, and the reverse inside a Latin word; off by default.

The opt-in changes are the ones a proofreader should report rather than make silently.

Example::

    >>> result = normalize("Бiлiм мек\\u00adтебi", lookalikes=True)
    >>> result.text
    'Білім мектебі'
    >>> result.span_to_original(6, 13)
    (6, 14)
"""

from __future__ import annotations

import heapq
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

__all__ = [
    "DASH",
    "Change",
    "Normalized",
    "find_lookalikes",
    "fix_lookalikes",
    "normalize",
]

#: The dash that ``dashes=True`` puts between words: the em dash of Kazakh and Russian print.
DASH = "\u2014"


@dataclass
class Change:
    """One normalisation: ``original`` at ``[start, end)`` of the original text became
    ``replacement``. ``kind`` is one of nfc, invisible, space, quote, dash, lookalike."""

    start: int
    end: int
    original: str
    replacement: str
    kind: str


@dataclass
class Normalized:
    """Normalised text, the text it came from, and the changes between them (in order)."""

    text: str
    original: str
    changes: list[Change]
    _index: _ChangeIndex | None = field(default=None, init=False, repr=False, compare=False)

    def to_original(self, index: int, *, end: bool = False) -> int:
        """Map an offset in :attr:`text` to the matching offset in :attr:`original`.

        A start offset (the default) skips characters that normalisation removed just before
        it; with ``end=True`` an end offset stops before characters removed just after it. An
        offset inside a replacement of another length maps to the replacement's start (or, as
        an end, to its end). The edges of the text map to the edges of the original: ``0 -> 0``
        and ``len(text) -> len(original)`` (for an empty text, ``0`` as a start gives ``0`` and
        as an end gives ``len(original)``). An offset outside the text raises IndexError.

        >>> normalize("мек\\u00adтеп").to_original(3)
        4
        >>> normalize("мек\\u00adтеп").to_original(3, end=True)
        3
        """
        if not 0 <= index <= len(self.text):
            raise IndexError(f"offset {index} is outside the text (0..{len(self.text)})")
        # Spans that reach an edge of the text reach the same edge of the original (an empty
        # text: its start is the original's start, its end the original's end).
        if index == len(self.text) and (end or index > 0):
            return len(self.original)
        if index == 0:
            return 0
        if self._index is None:
            self._index = _ChangeIndex(self.changes)
        return self._index.map(index, end=end)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of :attr:`text` to the span of :attr:`original` it came
        from, leaving out characters removed at its edges."""
        original_start = self.to_original(start)
        original_end = self.to_original(end, end=True)
        return original_start, max(original_start, original_end)


def normalize(
    text: str,
    *,
    nfc: bool = True,
    invisible: bool = True,
    quotes: bool = False,
    dashes: bool = False,
    lookalikes: bool = False,
    spaces: bool = False,
) -> Normalized:
    """Normalise ``text`` and record every change with its span in the original.

    >>> normalize("Қaзaқстан", lookalikes=True).text  # Latin "a" twice
    'Қазақстан'
    """
    passes: list[Callable[[str], list[Change]]] = []
    # Invisible characters go first so that a mark split from its letter by one still composes.
    if invisible:
        passes.append(_invisible_changes)
    if nfc:
        passes.append(_nfc_changes)
    if spaces:
        passes.append(_space_changes)
    if quotes:
        passes.append(_quote_changes)
    if dashes:
        passes.append(_dash_changes)
    if lookalikes:
        passes.append(_lookalike_changes_per_letter)
    current, changes = text, []
    for find_changes in passes:
        step = find_changes(current)
        if not step:
            continue
        following = _apply(current, step)
        changes = _compose(changes, step, current) if changes else step
        current = following
    return Normalized(text=current, original=text, changes=changes)


# --- lookalikes --------------------------------------------------------------------------------

# Latin letters that pass for Cyrillic ones in most fonts. Latin "i" is the Kazakh "і" and
# Latin "h" the Kazakh "һ". "Y" is left out: it is both Cyrillic "У" and Kazakh "Ү".
_LATIN_TO_CYRILLIC = dict(zip("aeopcxyihAEOPCXBKMHTI", "аеорсхуіһАЕОРСХВКМНТІ", strict=True))
_CYRILLIC_TO_LATIN = {cyrillic: latin for latin, cyrillic in _LATIN_TO_CYRILLIC.items()}
_CYRILLIC_TO_LATIN.update({"У": "Y", "Ү": "Y", "ү": "y"})
_LATIN_TO_CYRILLIC_TABLE = str.maketrans(_LATIN_TO_CYRILLIC)
_CYRILLIC_TO_LATIN_TABLE = str.maketrans(_CYRILLIC_TO_LATIN)

# A word holding letters of both scripts; the lookbehind keeps matches to whole words.
_MIXED_WORD = regex.compile(
    r"(?<![\p{L}\p{M}])(?=[\p{L}\p{M}]*\p{Latin})(?=[\p{L}\p{M}]*\p{Cyrillic})[\p{L}\p{M}]+"
)
_LATIN_LETTER = regex.compile(r"\p{Latin}")
_CYRILLIC_LETTER = regex.compile(r"\p{Cyrillic}")


def fix_lookalikes(word: str) -> str:
    """Turn a word of mixed scripts into one script, by the letters that can only be one.

    The word goes to the script of its letters that have no lookalike (``Б`` in ``Бiлiм``,
    ``l`` in ``Аlmaty``); when every letter has one, to the script of most of its letters; on a
    tie, or when both scripts have letters without lookalikes, to the script of most letters
    as far as it can; an even split is left alone. A word of one script is returned unchanged.

    >>> fix_lookalikes("Бiлiм")  # Latin "i"
    'Білім'
    >>> fix_lookalikes("Аlmaty")  # Cyrillic "А"
    'Almaty'
    """
    latin = _LATIN_LETTER.findall(word)
    cyrillic = _CYRILLIC_LETTER.findall(word)
    if not latin or not cyrillic:
        return word
    can_be_cyrillic = all(letter in _LATIN_TO_CYRILLIC for letter in latin)
    can_be_latin = all(letter in _CYRILLIC_TO_LATIN for letter in cyrillic)
    if can_be_cyrillic != can_be_latin:
        to_cyrillic = can_be_cyrillic
    elif len(latin) != len(cyrillic):
        to_cyrillic = len(cyrillic) > len(latin)
    else:
        return word
    table = _LATIN_TO_CYRILLIC_TABLE if to_cyrillic else _CYRILLIC_TO_LATIN_TABLE
    return word.translate(table)


def find_lookalikes(text: str) -> list[Change]:
    """Find words that mix Cyrillic and Latin letters and can be fixed; one change per word.

    >>> [(c.original, c.replacement) for c in find_lookalikes("Бiлiм мен Almaty")]
    [('Бiлiм', 'Білім')]
    """
    changes = []
    for match in _MIXED_WORD.finditer(text):
        word = match.group()
        fixed = fix_lookalikes(word)
        if fixed != word:
            changes.append(Change(match.start(), match.end(), word, fixed, "lookalike"))
    return changes


def _lookalike_changes_per_letter(text: str) -> list[Change]:
    """Like :func:`find_lookalikes`, split into letters so that offsets inside words stay exact."""
    changes = []
    for word_change in find_lookalikes(text):
        for offset, (old, new) in enumerate(
            zip(word_change.original, word_change.replacement, strict=True)
        ):
            if old != new:
                position = word_change.start + offset
                changes.append(Change(position, position + 1, old, new, "lookalike"))
    return changes


# --- invisible characters, spaces, quotes, dashes -------------------------------------------------

_INVISIBLE = regex.compile(
    r"[\u00ad\u200b\u2060\ufeff]"
    # Zero-width (non-)joiners only beside a Cyrillic or Latin letter: see the module docstring.
    r"|(?<=[\p{Cyrillic}\p{Latin}])[\u200c\u200d]|[\u200c\u200d](?=[\p{Cyrillic}\p{Latin}])"
)
_ODD_SPACE = regex.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_QUOTE = regex.compile(r"[\"\u201c\u201d\u201e]")
# A quote opens after the start, a space or an opening bracket or dash; otherwise it closes.
_OPENS_AFTER = frozenset("([{«—–-/\u00a0 \t\n\r\f\v")
_SPACED_HYPHEN = regex.compile(r"(?<=\p{L}[ \u00a0]+)(?:--?)(?=[ \u00a0]+\p{L})")
_DOUBLE_HYPHEN = regex.compile(r"(?<=\p{L})--(?=\p{L})")


def _invisible_changes(text: str) -> list[Change]:
    return [
        Change(match.start(), match.end(), match.group(), "", "invisible")
        for match in _INVISIBLE.finditer(text)
    ]


def _space_changes(text: str) -> list[Change]:
    return [
        Change(match.start(), match.end(), match.group(), " ", "space")
        for match in _ODD_SPACE.finditer(text)
    ]


def _quote_changes(text: str) -> list[Change]:
    changes = []
    for match in _QUOTE.finditer(text):
        position = match.start()
        opens = position == 0 or text[position - 1] in _OPENS_AFTER
        if position + 1 < len(text) and text[position + 1].isspace():
            opens = False  # a quote before a space never opens
        changes.append(
            Change(position, position + 1, match.group(), "«" if opens else "»", "quote")
        )
    return changes


def _dash_changes(text: str) -> list[Change]:
    changes = [
        Change(match.start(), match.end(), match.group(), DASH, "dash")
        for match in _SPACED_HYPHEN.finditer(text)
    ]
    changes += [
        Change(match.start(), match.end(), match.group(), f" {DASH} ", "dash")
        for match in _DOUBLE_HYPHEN.finditer(text)
    ]
    changes.sort(key=lambda change: change.start)
    return changes


# --- NFC -------------------------------------------------------------------------------------------

# Characters NFC may change: those that are not NFC on their own, those that may compose with
# what precedes them, and combining marks (which may need reordering).
_NFC_SUSPECT = regex.compile(r"[\p{NFC_QC=N}\p{NFC_QC=M}\p{^ccc=0}]")
_MAY_JOIN_PREVIOUS = regex.compile(r"[\p{NFC_QC=M}\p{^ccc=0}]")


def _nfc_changes(text: str) -> list[Change]:
    """One change per run of characters that NFC alters, found without scanning the whole text
    in Python: only around characters that NFC may touch."""
    if unicodedata.is_normalized("NFC", text):
        return []
    changes: list[Change] = []
    covered = 0
    for match in _NFC_SUSPECT.finditer(text):
        if match.start() < covered:
            continue
        start = match.start()
        # Back to the starter the marks hang on; forward over everything that may join it.
        while start > covered and _MAY_JOIN_PREVIOUS.match(text, start):
            start -= 1
        end = match.end()
        while end < len(text) and _MAY_JOIN_PREVIOUS.match(text, end):
            end += 1
        covered = end
        chunk = text[start:end]
        composed = unicodedata.normalize("NFC", chunk)
        if composed != chunk:
            changes.append(Change(start, end, chunk, composed, "nfc"))
    if _apply(text, changes) != unicodedata.normalize("NFC", text):
        # A composition across the runs above (rare scripts only): fall back to one change.
        return [_whole_difference(text, unicodedata.normalize("NFC", text), "nfc")]
    return changes


def _whole_difference(old: str, new: str, kind: str) -> Change:
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return Change(
        prefix,
        len(old) - suffix,
        old[prefix : len(old) - suffix],
        new[prefix : len(new) - suffix],
        kind,
    )


# --- bookkeeping of changes -------------------------------------------------------------------------


def _apply(text: str, changes: list[Change]) -> str:
    """The text with ``changes`` (sorted, not overlapping) made."""
    pieces = []
    position = 0
    for change in changes:
        pieces.append(text[position : change.start])
        pieces.append(change.replacement)
        position = change.end
    pieces.append(text[position:])
    return "".join(pieces)


class _ChangeIndex:
    """Where each change landed in the changed text, for binary search."""

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        self.new_starts: list[int] = []
        self.new_ends: list[int] = []
        shift = 0
        for change in changes:
            new_start = change.start + shift
            shift += len(change.replacement) - (change.end - change.start)
            self.new_starts.append(new_start)
            self.new_ends.append(change.end + shift)

    def map(self, index: int, *, end: bool) -> int:
        """Map ``index`` in the changed text back; see :meth:`Normalized.to_original`."""
        # Changes [0, right) end at or before index; [0, left) end strictly before it.
        right = bisect_right(self.new_ends, index)
        if right < len(self.changes) and self.new_starts[right] < index:
            return self._inside(right, index, end=end)
        if end:
            left = bisect_left(self.new_ends, index)
            # A replacement ending exactly here comes before any removals at this point.
            if left < right and self.new_starts[left] < index:
                return self.changes[left].end
            return self._after(left - 1, index)
        return self._after(right - 1, index)

    def _after(self, number: int, index: int) -> int:
        """``index`` lies in the unchanged text after change ``number`` (-1: before all)."""
        if number < 0:
            return index
        return self.changes[number].end + index - self.new_ends[number]

    def _inside(self, number: int, index: int, *, end: bool) -> int:
        change = self.changes[number]
        if len(change.replacement) == change.end - change.start:
            return change.start + index - self.new_starts[number]  # letter for letter
        return change.end if end else change.start


def _compose(earlier: list[Change], later: list[Change], middle: str) -> list[Change]:
    """Changes of the original that have the effect of ``earlier`` and then ``later``.

    ``middle`` is the text that ``earlier`` produced and ``later`` is relative to. A later
    change that overlaps earlier ones swallows them into one change; the rest stay as they are.
    """
    index = _ChangeIndex(earlier)
    absorbed: set[int] = set()
    merged: list[Change] = []
    for low, high, members, numbers, before in _overlapping_groups(index, later):
        if not numbers and len(members) == 1:
            # The common case: nothing earlier inside, so only the offsets shift.
            shift = index.changes[before].end - index.new_ends[before] if before >= 0 else 0
            change = members[0]
            merged.append(
                Change(low + shift, high + shift, change.original, change.replacement, change.kind)
            )
            continue
        absorbed.update(numbers)
        start = index.map(low, end=False)
        stop = max(start, index.map(high, end=True))
        original = _rebuild(
            middle,
            low,
            high,
            [index.changes[n] for n in numbers],
            [(index.new_starts[n], index.new_ends[n]) for n in numbers],
            "original",
        )
        replacement = _rebuild(
            middle, low, high, members, [(m.start, m.end) for m in members], "replacement"
        )
        merged.append(Change(start, stop, original, replacement, members[0].kind))
    kept = (change for number, change in enumerate(earlier) if number not in absorbed)
    return list(heapq.merge(kept, merged, key=lambda change: (change.start, change.end)))


def _rebuild(
    middle: str,
    low: int,
    high: int,
    changes: list[Change],
    spans: list[tuple[int, int]],
    side: str,
) -> str:
    """``middle[low:high]`` with each change's span replaced by its ``side`` text."""
    pieces = []
    position = low
    for change, (start, end) in zip(changes, spans, strict=True):
        pieces.append(middle[position:start])
        pieces.append(getattr(change, side))
        position = end
    pieces.append(middle[position:high])
    return "".join(pieces)


def _overlapping_groups(
    index: _ChangeIndex, later: list[Change]
) -> list[tuple[int, int, list[Change], list[int], int]]:
    """Group later changes with the earlier changes they overlap, in one sweep (linear).

    Each group is (low, high, later changes, numbers of earlier changes, number of the last
    earlier change wholly before it or -1), with ``[low, high)`` its span in the middle text.
    """
    groups: list[tuple[int, int, list[Change], list[int], int]] = []
    pointer = 0
    count = len(index.changes)
    new_starts, new_ends = index.new_starts, index.new_ends
    for change in later:
        low, high = change.start, change.end
        # Skip earlier changes that lie wholly before this one (removals at its start too).
        while pointer < count and (
            new_ends[pointer] < low
            or (new_ends[pointer] == low and (new_starts[pointer] < low or low < high))
        ):
            pointer += 1
        numbers: list[int] = []
        scan = pointer
        while scan < count and _overlaps(index, scan, low, high):
            numbers.append(scan)
            low = min(low, new_starts[scan])
            high = max(high, new_ends[scan])
            scan += 1
        members = [change]
        before = pointer - 1
        if groups and low < groups[-1][1]:
            old_low, old_high, old_members, old_numbers, before = groups.pop()
            low, high = min(low, old_low), max(high, old_high)
            members = [*old_members, change]
            numbers = sorted(set(old_numbers) | set(numbers))
        groups.append((low, high, members, numbers, before))
    return groups


def _overlaps(index: _ChangeIndex, number: int, low: int, high: int) -> bool:
    new_start, new_end = index.new_starts[number], index.new_ends[number]
    if new_start == new_end:  # a removal: only when strictly inside
        return low < new_start < high
    if low == high:  # an insertion: only when strictly inside
        return new_start < low < new_end
    return new_start < high and new_end > low
