"""Spelling suggestions for unknown Kazakh words, ranked by edit cost and corpus frequency.

Three sources of candidates, each constrained by the morphological analyser (a candidate is kept
only when :func:`kazkit.grammar.morphology.is_known` accepts it):

1. ``keyboard``: Kazakh letters typed on a Russian keyboard (``к`` for ``қ``, ``о`` for ``ө``,
   ...). The letters are restored stem first: only prefixes that can still grow into a stem of the
   lexicon are followed, so a long word costs a handful of analyser calls, not ``2**n``;
2. ``harmony``: a suffix written with the wrong allomorph (``мектептар``, ``кітапдар``,
   ``досымға``): after a known stem, letters that alternate between allomorphs (а/е, ы/і,
   д/т/л/н, ғ/қ/г/к, б/п/м ...) are swapped and buffer letters dropped or added;
3. ``edit``: typos (deletion, insertion, doubled letter, transposition, substitution weighted
   by the ЙЦУКЕН keyboard) looked up SymSpell-style in a delete index of frequent correct forms
   (``data/spelling/forms.tsv``), plus single edits of the word checked with the analyser, so
   rare inflected forms of known stems are found too: only edits that keep a lexicon stem
   (through the edit) followed by a suffix tail seen in the corpus are tried, cheapest first.

Costs follow a noisy channel: a missing letter, a doubled letter, two swapped letters and an
adjacent key are cheap slips; the corpus frequency adds a log-scaled bonus that breaks near-ties
without swamping a cheaper edit (кіті -> кілті, not the more frequent кісі).

Example::

    >>> suggest("Казакстан")[:1]
    ['Қазақстан']
    >>> suggest("кітапдар")[:1]
    ['кітаптар']
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from kazkit.paths import data_path

__all__ = ["Candidate", "Speller", "apply_case", "get_speller", "suggest"]

#: Letter typed on a Russian keyboard -> the Kazakh letters it stands for.
KEYBOARD_FALLBACK: dict[str, str] = {
    "к": "қ", "г": "ғ", "н": "ң", "у": "үұ", "о": "ө", "а": "ә", "и": "і", "ы": "і", "х": "һ",
}
#: Letters that alternate between the allomorphs of one suffix (harmony and assimilation).
ALLOMORPH_GROUPS: tuple[str, ...] = ("ае", "ыі", "дтлн", "ғқгк", "нң", "бпм", "ұү", "оө", "сш", "зс")
#: Buffer letters a suffix may gain or lose (досыма / досымға, атасына / атасна).
BUFFER_LETTERS = "ғгқкнсйыіт"
ALPHABET = "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_KEYBOARD_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")

# Costs of one change; the cheapest explanation of a typo wins, frequency breaks near-ties.
COST_KEYBOARD = 0.25
COST_HARMONY = 0.4
COST_BUFFER = 0.6
COST_DOUBLE = 0.6
COST_TRANSPOSE = 0.7
COST_NEIGHBOUR = 0.75
COST_EDIT = 1.0
#: Vowels that writers confuse by sound or by a missing Kazakh key (беледі for бөледі, үсынды
#: for ұсынды): cheaper than another wrong letter.
COST_VOWEL_CONFUSION = 0.6
VOWEL_CONFUSIONS = frozenset(frozenset(pair) for pair in ("еө", "ұү", "әө", "әе"))
COST_MISSING = 0.5
#: A space left out between two words: offered only for a word with no other repair.
COST_SPLIT = 1.0
#: The shortest word a run-together word is split into (ол бар), and the shortest second word
#: accepted on the analyser's word alone rather than among the frequent forms.
MIN_SPLIT_PART = 2
MIN_SPLIT_UNLISTED = 4
MAX_SPLITS = 2
FREQUENCY_WEIGHT = 0.12
MAX_COST = 2.0
#: Analyser calls allowed per word and source: bounds the time an unknown word can cost.
MAX_KEYBOARD_CHECKS = 24
MAX_HARMONY_CHECKS = 16
MAX_EDIT_CHECKS = 20
#: Longest suffix tail remembered from the frequent forms (the edit search's suffix filter).
MAX_TAIL = 10
MIN_WORD = 2
#: The first position a suffix letter can take (after a two-letter stem: ал-ды).
MIN_SUFFIX_START = 2


@dataclass(frozen=True, slots=True)
class OddScope:
    """Where (letter positions ``first`` to ``last``) and how dearly (``max_cost``) a letter may
    be replaced or dropped in a word with odd letter sequences (:meth:`Speller._odd_scope`)."""

    first: int
    last: int
    max_cost: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """One suggestion: the form (lower case), where it came from, its cost and corpus count."""

    form: str
    source: str
    cost: float
    count: int

    @property
    def score(self) -> float:
        """Lower is better: edit cost less a small bonus for frequent forms."""
        return self.cost - FREQUENCY_WEIGHT * math.log1p(self.count)


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """Letters next to each other on the ЙЦУКЕН layout (same row, or the row above/below)."""
    where = {c: (r, i) for r, row in enumerate(_KEYBOARD_ROWS) for i, c in enumerate(row)}
    out: dict[str, set[str]] = {c: set() for c in where}
    for a, (ra, ia) in where.items():
        for b, (rb, ib) in where.items():
            if a != b and abs(ra - rb) <= 1 and abs(ia - ib) <= 1 + (ra != rb):
                if ra == rb and abs(ia - ib) > 1:
                    continue
                out[a].add(b)
    # The Kazakh letters sit on the digit row; their Russian fallbacks are their "neighbours".
    for plain, kazakh in KEYBOARD_FALLBACK.items():
        for k in kazakh:
            out.setdefault(k, set()).add(plain)
            out[plain].add(k)
    return {c: frozenset(n) for c, n in out.items()}


NEIGHBOURS = _keyboard_neighbours()


def damerau(a: str, b: str) -> int:
    """Optimal-string-alignment edit distance (deletion, insertion, substitution, transposition)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def edit_cost(word: str, form: str) -> float:
    """Weighted cost of turning ``word`` into ``form``: cheap for keyboard fallbacks, neighbours,
    doubled letters and transpositions, 1 per other edit.

    >>> edit_cost("казакстан", "қазақстан")
    0.5
    """
    if len(word) == len(form):
        diffs = [(a, b) for a, b in zip(word, form, strict=True) if a != b]
        if all(b in KEYBOARD_FALLBACK.get(a, "") for a, b in diffs):
            return COST_KEYBOARD * len(diffs)
        if len(diffs) == 2:
            i = next(k for k, (a, b) in enumerate(zip(word, form, strict=True)) if a != b)
            if i + 1 < len(word) and word[i] == form[i + 1] and word[i + 1] == form[i]:
                return COST_TRANSPOSE
        return sum(_substitution_cost(a, b, i) for i, (a, b) in enumerate(zip(word, form, strict=True)) if a != b)
    distance = damerau(word, form)
    if distance == 1 and len(form) > len(word) and not _doubled_at_gap(word, form):
        return COST_MISSING  # a letter left out is the commonest typo
    if distance == 1:
        longer, shorter = (word, form) if len(word) > len(form) else (form, word)
        i = next((k for k in range(len(shorter)) if longer[k] != shorter[k]), len(shorter))
        if (i > 0 and longer[i] == longer[i - 1]) or (i + 1 < len(longer) and longer[i] == longer[i + 1]):
            return COST_DOUBLE
        if longer[i] in BUFFER_LETTERS and i >= 2:
            return COST_BUFFER if _same_stem_start(word, form) else COST_EDIT
    return float(distance)


def _doubled_at_gap(word: str, form: str) -> bool:
    """True when ``form`` is ``word`` with one letter doubled (аттар for атар)."""
    i = next((k for k in range(len(word)) if word[k] != form[k]), len(word))
    return (i > 0 and form[i] == form[i - 1]) or (i + 1 < len(form) and form[i] == form[i + 1])


def _same_stem_start(word: str, form: str) -> bool:
    return word[:3] == form[:3]


def _substitution_cost(a: str, b: str, position: int = MIN_SUFFIX_START) -> float:
    """Cost of ``b`` written as ``a`` at ``position``: allomorph letters are cheap only where a
    suffix can start (адла is дала with two letters swapped, not алла with a wrong suffix)."""
    if b in KEYBOARD_FALLBACK.get(a, ""):
        return COST_KEYBOARD
    if position >= MIN_SUFFIX_START and any(a in group and b in group for group in ALLOMORPH_GROUPS):
        return COST_HARMONY
    if b in NEIGHBOURS.get(a, ()):
        return COST_NEIGHBOUR
    if frozenset((a, b)) in VOWEL_CONFUSIONS:
        return COST_VOWEL_CONFUSION
    return COST_EDIT


def apply_case(form: str, like: str) -> str:
    """``form`` in the case pattern of ``like``: ``apply_case("қазақстан", "КАЗАКСТАН")``
    gives ``ҚАЗАҚСТАН``; Title stays Title."""
    if len(like) > 1 and like.isupper():
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _deletes(word: str) -> Iterator[str]:
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]


#: Lazy caches are dropped past this size (a long run of unusual words must not grow them forever).
MAX_LAZY_KEYS = 200_000
#: Words remembered as correct (``Speller.passed``) before the set is emptied.
MAX_PASSED = 200_000
#: Unknown words whose candidates are remembered before the cache is emptied.
MAX_SUGGESTION_KEYS = 50_000


@dataclass(frozen=True, slots=True)
class SpellMemo:
    """The spell check's verdicts as kept between runs (:meth:`Speller.load_memo`)."""

    FORMAT: ClassVar[str] = "kazkit-spelling-memo-1"
    format: str
    #: words, as written, found correct
    passed: list[str]
    #: ``Speller.candidates``'s cache: search key -> ranked candidates
    suggestions: dict[str, list[Candidate]]
    #: lower-case form -> whether the lexicon reads it as a common word (not only a name)
    common: dict[str, bool]


class NextLetters(dict[str, str]):
    """``letters[head]``: the letters that follow ``head`` in some longer string of a word list,
    in code-point order ("" when none), found by binary search on first ask and remembered.
    With ``reverse=True`` the letters that precede the ending ``head`` instead."""

    __slots__ = ("_sorted", "_reverse", "_longest")

    def __init__(self, strings: Iterable[str], reverse: bool = False, longest: int | None = None,
                 presorted: list[str] | None = None) -> None:
        super().__init__()
        self._reverse = reverse
        if presorted is not None:
            self._sorted = presorted  # :meth:`sorted_strings` of an earlier instance
        else:
            self._sorted = sorted({w[::-1] for w in strings} if reverse else set(strings))
        #: A key this long or longer has no letters (its extension would exceed the list's limit).
        self._longest = longest

    @property
    def sorted_strings(self) -> list[str]:
        """The sorted (for ``reverse``: reversed) strings searched, for :class:`SpellerIndexes`."""
        return self._sorted

    def __missing__(self, key: str) -> str:
        if len(self) > MAX_LAZY_KEYS:
            self.clear()
        head = key[::-1] if self._reverse else key
        strings, n, letters = self._sorted, len(head), []
        if self._longest is None or n < self._longest:
            i = bisect_left(strings, head)
            while i < len(strings) and strings[i].startswith(head):
                if len(strings[i]) == n:
                    i += 1
                    continue
                letter = strings[i][n]
                letters.append(letter)
                # Jump past every string that continues with this letter.
                i = bisect_left(strings, head + chr(ord(letter) + 1), i)
        found = self[key] = "".join(letters)
        return found

    def get(self, key: str, default: str = "") -> str:  # type: ignore[override]
        return self[key] or default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self[key])


@dataclass(frozen=True, slots=True)
class SpellerIndexes:
    """What the suggestion search looks things up in, derived from the engine's stems and the
    frequent forms (~0.45 s to build, ~0.07 s to read back from the user cache).

    The cache file holds each set and list of strings joined into one string, and the delete
    index as two such strings (keys, lists), kept joined by key (:class:`JoinedLists`): the
    pickle of 400k short strings was read back twice as slowly (:meth:`__reduce__`).
    """

    FORMAT: ClassVar[str] = "kazkit-speller-indexes-3"
    #: every prefix of every stem shape and closed-class form
    stem_prefixes: frozenset[str]
    #: SymSpell: every frequent form and each of its one-letter deletions -> forms
    delete_index: dict[str, list[str]]
    #: every ending (1 to MAX_TAIL letters) of a frequent form
    tails: frozenset[str]
    #: every two-letter sequence of a frequent form
    bigrams: frozenset[str]
    #: every three-letter sequence of a frequent form
    trigrams: frozenset[str]
    #: NextLetters.sorted_strings of the stems and of the frequent forms (reversed)
    children: list[str]
    tail_heads: list[str]

    def __reduce__(self) -> tuple:
        from kazkit.grammar.morphology.cache import JoinedLists, pack_strings

        index = self.delete_index
        if index and not isinstance(index, JoinedLists) and JoinedLists.joinable(index):
            index = JoinedLists.of(index)
        # the delete index as (keys, joined lists), each packed; else the dict as it is
        packed_index: tuple | dict = index
        if index and isinstance(index, JoinedLists):
            pairs = list(index.joined())
            packed_index = (pack_strings(k for k, _ in pairs), pack_strings(v for _, v in pairs))
        # the stems (children) are stem prefixes too: stored once, one string object for both
        shared = self.stem_prefixes.issuperset(self.children)
        prefixes = self.stem_prefixes.difference(self.children) if shared else self.stem_prefixes
        return SpellerIndexes._unpacked, (
            pack_strings(prefixes), shared, packed_index, pack_strings(self.tails),
            pack_strings(self.bigrams), pack_strings(self.trigrams),
            pack_strings(self.children), pack_strings(self.tail_heads),
        )

    @staticmethod
    def _unpacked(prefixes: bytes | list[str], shared: bool, index: tuple | dict,
                  tails: bytes | list[str], bigrams: bytes | list[str], trigrams: bytes | list[str],
                  children: bytes | list[str], heads: bytes | list[str]) -> SpellerIndexes:
        """The indexes from what :meth:`__reduce__` stores (``shared``: the stem prefixes
        stored are those that are not among ``children``)."""
        from kazkit.grammar.morphology.cache import JoinedLists, unpack_strings

        if isinstance(index, tuple):
            keys, lists = index
            # strict: keys and lists that do not pair up are a broken file (then rebuilt)
            index = JoinedLists(zip(unpack_strings(keys), unpack_strings(lists), strict=True))
        stems = unpack_strings(children)
        stem_prefixes = unpack_strings(prefixes)
        return SpellerIndexes(
            frozenset([*stem_prefixes, *stems] if shared else stem_prefixes), index,
            frozenset(unpack_strings(tails)), frozenset(unpack_strings(bigrams)),
            frozenset(unpack_strings(trigrams)), stems, unpack_strings(heads),
        )


class Speller:
    """Candidate generation and ranking over the shipped analyser and frequency list.

    Build once (:func:`get_speller`); every method is safe to call per word. Results are cached
    per word form, so a document with a repeated typo pays for it once.
    """

    def __init__(self) -> None:
        from kazkit.grammar.morphology import get_analyzer

        self.analyzer = get_analyzer()
        # The lexicon-only test (no guesser): a candidate is a lower-case Cyrillic word, for which
        # it answers exactly what ``Analyzer.is_known`` does, about ten times faster, since the
        # guesser's work on an unknown candidate is thrown away anyway.
        self._lexical = getattr(self.analyzer, "_known_word", None) or self.analyzer.is_known
        # The same answer without the readings, for candidate forms (most are never analysed).
        self._readable = getattr(self.analyzer, "has_lexical_reading", None) or self._lexical
        self.counts = _read_forms()
        engine = self.analyzer.engine
        self.stems: dict = engine.stems
        self.full_forms: dict = engine.full_forms
        self.max_stem: int = engine.max_stem
        self._indexes: SpellerIndexes | None = None
        self._children: NextLetters | None = None
        self._tail_heads: NextLetters | None = None
        self._known: dict[str, bool] = {}
        self._suggestions: dict[str, list[Candidate]] = {}
        self._common: dict[str, bool] = {}
        #: Words, as written, that the spell check found correct (kept there, bounded there; a
        #: dict for its order, see :meth:`memo_since`).
        self.passed: dict[str, None] = {}
        #: Where the verdicts of earlier runs were read from (:meth:`load_memo`), and how many
        #: there were then or at the last save.
        self._memo_path: Path | None = None
        self._memo_saved = 0
        self._variants_memo: dict[str, tuple[str, ...]] = {}

    # ---- dictionary ------------------------------------------------------------------
    def is_known(self, lower: str) -> bool:
        """True for a frequent correct form or any form the analyser reads from the lexicon."""
        known = self._known.get(lower)
        if known is None:
            if len(self._known) > 200_000:
                self._known.clear()
            known = self._known[lower] = lower in self.counts or self._readable(lower)
        return known

    def is_lexical(self, lower: str) -> bool:
        """True when the lexicon reads the lower-case word ``lower`` (no guessing; cached by the
        analyser)."""
        return self._lexical(lower)

    def lexical_pairs(self, lower: str) -> tuple[tuple[str, str], ...] | None:
        """The (lemma, UPOS) pairs of the lexicon readings of ``lower`` (() when it has none),
        cached by the analyser; None from an analyser that cannot tell them without readings."""
        pairs = getattr(self.analyzer, "lexical_pairs", None)
        return pairs(lower) if pairs is not None else None

    def is_common_word(self, lower: str) -> bool:
        """True when the lexicon reads ``lower`` as something other than a proper name only:
        ``досыма`` (дос + Px1sg + Dat) is, ``досымға`` (only the name Досым + Dat) is not, so it
        is no correction of a lower-case word. Two words (a split repair) are when both are."""
        if " " in lower:
            return all(self.is_common_word(part) for part in lower.split())
        common = self._common.get(lower)
        if common is None:
            if len(self._common) > MAX_LAZY_KEYS:
                self._common.clear()
            common = self._common[lower] = self.is_known(lower) and self._not_only_a_name(lower)
        return common

    def _not_only_a_name(self, lower: str) -> bool:
        """For a known form: no reading is left once acronym readings are dropped (an acronym
        needs capitals), or one of those left is not a proper name. From the (lemma, UPOS) pairs
        where the analyser gives them (no readings built), else from the readings."""
        pairs = self.lexical_pairs(lower) if "-" not in lower else None
        if pairs is None:
            readings = [a for a in self.analyzer.analyze(lower) if not a.guessed]
            return not readings or any(a.pos != "PROPN" for a in readings)
        kept = [pos for lemma, pos in pairs if not (len(lemma) > 1 and lemma.isupper())]
        return not kept or any(pos != "PROPN" for pos in kept)

    def count(self, lower: str) -> int:
        """Corpus count of a form (0 when it is not among the frequent forms)."""
        return self.counts.get(lower, 0)

    @property
    def indexes(self) -> SpellerIndexes:
        """The search indexes, built or read from a cache file (the user cache, or the package's
        prebuilt one: ``cache.load_cached``) on the first search."""
        if self._indexes is None:
            from kazkit.grammar.morphology.cache import (
                engine_key,
                files_key,
                load_cached,
                source_of,
            )

            lexicon = getattr(self.analyzer, "lexicon_path", None)

            def key() -> str:
                files = [data_path("spelling", "forms.tsv"), source_of(__file__)]
                return files_key(f"{SpellerIndexes.FORMAT}:{engine_key(lexicon)}".encode(), files)

            self._indexes = load_cached("speller", key, self._build_indexes, SpellerIndexes)
        return self._indexes

    def _build_indexes(self) -> SpellerIndexes:
        # Nearly every stem prefix is asked for in a long text, so the set is built whole (one
        # comprehension: a third faster than adding prefixes one by one).
        prefixes = frozenset({surface[:end] for surface in (*self.stems, *self.full_forms)
                              for end in range(1, len(surface) + 1)})
        index: dict[str, list[str]] = {}
        for form in self.counts:
            index.setdefault(form, []).append(form)
            for deleted in set(_deletes(form)):
                index.setdefault(deleted, []).append(form)
        tails = frozenset({form[-k:] for form in self.counts for k in range(1, min(len(form), MAX_TAIL) + 1)})
        bigrams = frozenset(form[i:i + 2] for form in self.counts for i in range(len(form) - 1))
        trigrams = frozenset(form[i:i + 3] for form in self.counts for i in range(len(form) - 2))
        children = NextLetters((*self.stems, *self.full_forms)).sorted_strings
        heads = NextLetters(self.counts, reverse=True, longest=MAX_TAIL).sorted_strings
        return SpellerIndexes(prefixes, index, tails, bigrams, trigrams, children, heads)

    @property
    def stem_prefixes(self) -> frozenset[str]:
        """Every prefix of every stem shape and closed-class form: the keyboard search's pruning."""
        return self.indexes.stem_prefixes

    @property
    def delete_index(self) -> dict[str, list[str]]:
        """SymSpell index: every frequent form and each of its one-letter deletions -> forms."""
        return self.indexes.delete_index

    def stem_ends(self, lower: str, minimum: int = 2) -> list[int]:
        """Lengths of the prefixes of ``lower`` that are stems, longest first."""
        top = min(len(lower), self.max_stem)
        return [end for end in range(top, minimum - 1, -1)
                if lower[:end] in self.stems or lower[:end] in self.full_forms]

    # ---- candidates ------------------------------------------------------------------
    def candidates(self, word: str, deep: bool | str = True) -> list[Candidate]:
        """Ranked candidates for ``word`` (any case; returned forms are lower case).

        ``deep`` says how far the costliest stage, the analyser-checked single edits (rare
        inflected forms of known stems, none of them a frequent form), goes: all edits (True),
        none (False), only the typing slips (``"slips"``: two letters swapped, a letter left
        out, a letter doubled), or the slips plus the edits that undo the word's odd letter
        sequences (``"odd"``: see :meth:`_odd_scope`). The spell check asks for less where it
        knows that the repairs left out could never make more than a hint (see
        ``checks/spelling.py``): this stage is most of the cold time of a long text's check.
        """
        lower = word.lower()
        mode = "all" if deep is True else "none" if deep is False else deep
        key = lower if mode == "all" else f"\0{mode}\0{lower}"
        cached = self._suggestions.get(key)
        if cached is None:
            if len(self._suggestions) > MAX_SUGGESTION_KEYS:
                self._suggestions.clear()
            cached = self._suggestions[key] = self._rank(lower, mode)
        if word[:1].islower():
            # A lower-case word is not corrected into a form read only as a proper name.
            cached = [c for c in cached if self.is_common_word(c.form)]
        return cached

    def keyboard_candidates(self, word: str) -> list[Candidate]:
        """Only the Russian-keyboard repairs of ``word`` (cheap: used for capitalised names)."""
        lower = word.lower()
        key = f"\0keyboard\0{lower}"
        found = self._suggestions.get(key)
        if found is None:
            if len(self._suggestions) > MAX_SUGGESTION_KEYS:
                self._suggestions.clear()
            forms = [f for f in self._keyboard(lower) if f != lower]
            found = [Candidate(f, "keyboard", edit_cost(lower, f), self.count(f)) for f in dict.fromkeys(forms)]
            found = self._suggestions[key] = sorted(found, key=lambda c: (c.score, c.form))
        return found

    # ---- verdicts kept between runs -------------------------------------------------------
    def load_memo(self) -> None:
        """Take in the verdicts that earlier runs left in the user cache: the words found
        correct, the candidates of unknown words, which forms are common words. They depend on
        the word and the shipped data and code alone, so a text checked again (or another text
        of the same field) skips most of the analyser and all of the search for the words seen
        before. Read once per process; ``KAZKIT_NO_CACHE=1`` or ``KAZKIT_NO_WORD_CACHE=1`` turns
        it off, and any problem with the file is the same as no file."""
        if self._memo_path is not None or os.environ.get("KAZKIT_NO_CACHE") or os.environ.get("KAZKIT_NO_WORD_CACHE"):
            return
        from kazkit.grammar.morphology.cache import read_pickle

        self._memo_path = self._memo_file()
        memo = read_pickle(self._memo_path)
        if isinstance(memo, SpellMemo) and memo.format == SpellMemo.FORMAT:
            self.merge_memo(memo)
        self._memo_saved = self._memo_count()

    def save_memo(self) -> None:
        """Write the verdicts back to the user cache (atomically) if this run added any."""
        if self._memo_path is None or self._memo_count() == self._memo_saved:
            return
        from kazkit.grammar.morphology.cache import write_pickle

        write_pickle(self._memo_path, SpellMemo(SpellMemo.FORMAT, list(self.passed), self._suggestions, self._common))
        self._memo_saved = self._memo_count()

    @property
    def keeps_memo(self) -> bool:
        """True once :meth:`load_memo` has run with the memo on: :meth:`save_memo` will write."""
        return self._memo_path is not None

    def memo_mark(self) -> tuple[int, int, int]:
        """How many verdicts of each kind this process holds now (see :meth:`memo_since`)."""
        return len(self.passed), len(self._suggestions), len(self._common)

    def memo_since(self, mark: tuple[int, int, int]) -> SpellMemo:
        """The verdicts added since ``mark``, for a forked helper to hand back to its parent
        (all of a kind whose cache was emptied meanwhile)."""
        def since(items: dict, start: int) -> list:
            return list(items.items())[start:] if len(items) >= start else list(items.items())

        return SpellMemo(SpellMemo.FORMAT, [w for w, _ in since(self.passed, mark[0])],
                         dict(since(self._suggestions, mark[1])), dict(since(self._common, mark[2])))

    def merge_memo(self, memo: SpellMemo) -> None:
        """Add ``memo``'s verdicts to this speller's (each kind within its bound)."""
        for name, items, bound in (("passed", dict.fromkeys(memo.passed), MAX_PASSED),
                                   ("_suggestions", memo.suggestions, MAX_SUGGESTION_KEYS),
                                   ("_common", memo.common, MAX_LAZY_KEYS)):
            mine = getattr(self, name)
            if len(mine) + len(items) > bound:
                mine.clear()
            mine.update(items)

    def _memo_count(self) -> int:
        return len(self.passed) + len(self._suggestions) + len(self._common)

    def _memo_file(self) -> Path:
        from kazkit.grammar.checks import spelling
        from kazkit.grammar.morphology.cache import cache_dir, engine_key, files_key, source_of

        files = [data_path("spelling", "forms.tsv"), source_of(__file__), source_of(spelling.__file__)]
        key = files_key(f"{SpellMemo.FORMAT}:{engine_key(getattr(self.analyzer, 'lexicon_path', None))}".encode(), files)
        return cache_dir() / f"spelling-memo-{key}.pickle"

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` corrections of ``word``, best first, in the case pattern of ``word``."""
        return [apply_case(c.form, word) for c in self.candidates(word)[:limit]]

    def _rank(self, lower: str, mode: str = "all") -> list[Candidate]:
        if len(lower) < MIN_WORD:
            return []
        found: dict[str, Candidate] = {}
        analysed = {"slips": self._analysed_slips, "odd": self._analysed_odd}.get(mode, self._analysed_edits)
        stages = ((self._keyboard, "keyboard"), (self._harmony, "harmony"), (self._indexed, "edit"),
                  *([(analysed, "edit")] if mode != "none" else []))
        keyboard_found = False
        for search, source in stages:
            if search == analysed and any(c.cost <= COST_EDIT for c in found.values()):
                break  # a one-edit repair is already known: this costliest search adds little
            if keyboard_found and source == "edit":
                break  # Russian-keyboard letters explain the word; typos would only add noise
            for form in search(lower):
                if form == lower or form in found:
                    continue
                cost = edit_cost(lower, form)
                if cost <= MAX_COST:
                    found[form] = Candidate(form, source, cost, self.count(form))
            # The suffix repairs still run after a keyboard repair: "орін" has the keyboard
            # reading өрін (a rare verb form) but is far likelier орын with a wrong suffix vowel;
            # the frequency prior decides between them.
            keyboard_found = keyboard_found or (source == "keyboard" and bool(found))
        if not found:
            # No repair of the word itself: perhaps two words lost the space between them.
            found = {c.form: c for c in self._splits(lower)}
        return sorted(found.values(), key=lambda c: (c.score, c.form))

    def _splits(self, lower: str) -> list[Candidate]:
        """Two words run together (көптегенбиологиялық -> көптеген биологиялық): the ways to put
        a space in ``lower`` that leave a frequent form before it and a common word after it,
        the likeliest (the rarer of the two words the more frequent) first, at most
        :data:`MAX_SPLITS`. Dictionary lookups only, except for an analyser call for a second
        part that is not a frequent form."""
        counts = self.counts
        found = []
        for i in range(MIN_SPLIT_PART, len(lower) - MIN_SPLIT_PART + 1):
            first, second = lower[:i], lower[i:]
            if first not in counts:
                continue
            if second in counts or (len(second) >= MIN_SPLIT_UNLISTED and self.is_common_word(second)):
                found.append(Candidate(f"{first} {second}", "split", COST_SPLIT,
                                       min(counts[first], counts.get(second, 0))))
        found.sort(key=lambda c: (-c.count, c.form))
        return found[:MAX_SPLITS]

    def _keyboard(self, lower: str) -> Iterator[str]:
        """Kazakh letters restored, stem first (Казакстан -> Қазақстан, окушылар -> оқушылар)."""
        if not any(c in KEYBOARD_FALLBACK for c in lower):
            return
        prefixes = self.stem_prefixes
        # Stems reachable by restoring letters: DFS over the word, pruned to stem prefixes.
        stems: list[str] = []
        stack = [""]
        while stack and len(stems) < 24:
            prefix = stack.pop()
            if prefix and (prefix in self.stems or prefix in self.full_forms):
                stems.append(prefix)
            i = len(prefix)
            if i >= len(lower):
                continue
            for letter in (lower[i], *KEYBOARD_FALLBACK.get(lower[i], "")):
                grown = prefix + letter
                if grown in prefixes:
                    stack.append(grown)
        stems.sort(key=len, reverse=True)
        tails = self.indexes.tails
        # Only letters after the stem that end like some frequent form does are worth a check.
        forms = (stem + rest for stem in stems[:8]
                 for rest in self._variants(lower[len(stem):], KEYBOARD_FALLBACK, limit=32)
                 if not rest or rest[-MAX_TAIL:] in tails)
        yield from self._known_among(forms, lower, MAX_KEYBOARD_CHECKS)

    @staticmethod
    def _variants(text: str, table: dict[str, str], limit: int) -> Iterator[str]:
        """``text`` with any of its letters replaced by their alternatives in ``table``."""
        out = [""]
        for char in text:
            options = (char, *table.get(char, ""))
            out = [o + letter for o in out for letter in options][: limit * 4]
        yield from out[:limit]

    def _harmony(self, lower: str) -> Iterator[str]:
        """Suffix allomorph repairs after a known stem (мектептар -> мектептер)."""
        forms = (lower[:end] + variant for end in self.stem_ends(lower, minimum=2)[:3] if lower[end:]
                 for variant in self._plausible_variants(lower[end:]))
        yield from self._known_among(forms, lower, MAX_HARMONY_CHECKS)

    def _plausible_variants(self, rest: str) -> tuple[str, ...]:
        """:func:`_suffix_variants` of ``rest`` that end like some frequent form does (the same
        suffix strings recur from word to word, so the answer is remembered)."""
        found = self._variants_memo.get(rest)
        if found is None:
            if len(self._variants_memo) > MAX_LAZY_KEYS:
                self._variants_memo.clear()
            found = self._variants_memo[rest] = _plausible_suffix_variants(rest, self.indexes.tails, self.tail_heads)
        return found

    def _known_among(self, forms: Iterable[str], lower: str, cap: int) -> Iterator[str]:
        """The known ``forms`` (other than ``lower`` itself), each checked once, at most ``cap``
        checks: the analyser calls of one suggestion stage stay bounded."""
        seen: set[str] = set()
        for form in forms:
            if form in seen or form == lower:
                continue
            seen.add(form)
            if self.is_known(form):
                yield form
            if len(seen) >= cap:
                return

    def _indexed(self, lower: str) -> Iterator[str]:
        """Typos among the frequent forms: a SymSpell lookup (no analyser call at all)."""
        index = self.delete_index
        seen: set[str] = set()
        for key in (lower, *set(_deletes(lower))):
            for form in index.get(key, ()):
                if form not in seen:
                    seen.add(form)
                    if damerau(lower, form) <= 2:
                        yield form

    def _analysed_edits(self, lower: str, slips: bool = False, odd: OddScope | None = None) -> Iterator[str]:
        """Typos outside the frequent forms: single edits checked by the analyser (at most
        ``MAX_EDIT_CHECKS`` calls).

        Only edits that keep the word readable as stem + suffixes are worth a call: either the
        edit repairs the stem (the edited form's prefix through the edit grows into a stem of the
        lexicon: баспсөзде -> баспасөзде) or it lies after the word's longest stem and leaves a
        suffix tail seen at the end of a corpus form (кеңейтімек -> кеңейтілмек). The survivors
        are checked cheapest edit first, longer stems first among equal costs. ``slips``: only
        the edits of :meth:`_analysed_slips`; ``odd``: only those of :meth:`_analysed_odd`.
        """
        for checks, form in enumerate(self._edit_queue(lower, slips, odd)):
            if checks >= MAX_EDIT_CHECKS:
                return
            if self.is_known(form):
                yield form

    def _analysed_slips(self, lower: str) -> Iterator[str]:
        """:meth:`_analysed_edits` with typing slips only: two letters swapped, a letter left
        out, a doubled letter (no letter replaced by another)."""
        return self._analysed_edits(lower, slips=True)

    def _analysed_odd(self, lower: str) -> Iterator[str]:
        """:meth:`_analysed_edits` with the typing slips anywhere, and letters replaced or left
        out only where they undo the word's odd letter sequences (:meth:`_odd_scope`)."""
        return self._analysed_edits(lower, odd=self._odd_scope(lower))

    def _odd_scope(self, lower: str) -> OddScope | None:
        """Where a replaced or dropped letter may be repaired in a word with letter sequences
        that no frequent form has: from the first such sequence's first letter to the last one's
        last letter, since a repair elsewhere leaves them in place. A replacement there costs at
        most a keyboard neighbour or a confused vowel when only three-letter sequences are odd,
        any letter when a two-letter one is (the spell check's warnings for such repairs,
        ``_repairs_odd_trigram`` and ``_repairs_odd_letters``, ask no more). None: nothing odd."""
        trigrams = [i for i in range(len(lower) - 2) if lower[i:i + 3] not in self.indexes.trigrams]
        bigrams = [i for i in range(len(lower) - 1) if lower[i:i + 2] not in self.bigrams]
        if not trigrams and not bigrams:
            return None
        first = min(trigrams[:1] + bigrams[:1])
        last = max([i + 2 for i in trigrams[-1:]] + [i + 1 for i in bigrams[-1:]])
        return OddScope(first, last, COST_EDIT if bigrams else COST_NEIGHBOUR)

    def _edit_queue(self, lower: str, slips: bool = False, odd: OddScope | None = None) -> list[str]:
        """The single edits of ``lower`` worth an analyser call, in the order to try them.

        The edits are one-letter changes (transposition, deletion, substitution, insertion),
        position by position. Letters are put in only where they continue a stem prefix (up to
        the last position where the word so far still grows into a stem) or start a corpus
        suffix tail (after the word's longest stem), so a long word costs tens of edits, not a
        thousand. With ``slips``, only transpositions, insertions and deletions of a doubled
        letter; with ``odd``, those anywhere and the other edits inside its span only.

        An edit is worth a call when it repairs the stem (the edited form's prefix through the
        edit grows into a stem of the lexicon, followed by a plausible suffix tail) or when it
        lies after the word's longest stem and leaves a suffix tail seen at the end of a corpus
        form. The tests run in order of cost, cheapest first, and the form is built only for
        edits that pass the cheap ones (this loop runs a few hundred times per unknown word).
        """
        n = len(lower)
        ends = self.stem_ends(lower, minimum=2)
        # Suffix slips are looked for after the word's longest stem only (fewer, likelier edits).
        first_end = ends[0] if ends else n + 1
        indexes = self.indexes
        prefixes, tails, bigrams = indexes.stem_prefixes, indexes.tails, indexes.bigrams
        stems, full_forms, counts = self.stems, self.full_forms, self.counts
        children, heads = self.prefix_children, self.tail_heads
        top = self.max_stem
        # An edit can repair the stem only where the word so far still grows into a stem.
        last_stem_edit = next((p for p in range(n, 0, -1) if lower[:p] in prefixes), 0)
        ranked: dict[str, tuple[float, int]] = {}

        def offer(position: int, head: str, rest: str, stem_side: bool, suffix_side: bool) -> None:
            # Cheap tests on the edited letters first: they must continue a stem prefix, or be
            # a corpus suffix tail after a stem of the word.
            in_stem = stem_side and head + rest[:1] in prefixes and (
                head + rest[:2] in prefixes or head + rest[:1] in stems)
            suffix_ok = False
            if suffix_side and rest[-MAX_TAIL:] in tails:
                # The suffix from the word's longest stem on must end like a corpus form.
                size = len(rest)
                suffix_ok = size >= MAX_TAIL or first_end >= position + size or \
                    lower[max(first_end, position - MAX_TAIL + size):position] + rest in tails
            if not (in_stem or suffix_ok):
                return
            form = head + rest
            if form in ranked or form in counts or form == lower:
                return  # frequent forms came from the index already
            reach = 0
            if in_stem:
                # The longest stem that starts the form, covers the edit and leaves a plausible
                # suffix tail.
                size = len(form)
                for end in range(position + 1, min(size, top) + 1):
                    prefix = form[:end]
                    if prefix not in prefixes:
                        break
                    if (prefix in stems or prefix in full_forms) and (
                            end == size or form[max(end, size - MAX_TAIL):] in tails):
                        reach = end
                if not reach and not suffix_ok:
                    return
            ranked[form] = (_quick_cost(lower, position, rest), -reach)

        for i in range(n + 1):
            stem_side, suffix_side = i <= last_stem_edit, i >= first_end
            if not (stem_side or suffix_side):
                continue
            head = lower[:i]
            slips_here = not odd.first <= i <= odd.last if odd is not None else slips
            if i < n - 1 and lower[i] != lower[i + 1]:
                offer(i, head, lower[i + 1] + lower[i] + lower[i + 2:], stem_side, suffix_side)
            stem_letters = children[head] if stem_side else ""
            for after in ((lower[i + 1:], lower[i:]) if i < n else (lower[i:],)):
                replaced = len(after) < n - i
                if replaced:
                    if not slips_here or lower[i] == lower[i - 1:i] or lower[i] == lower[i + 1:i + 2]:
                        offer(i, head, after, stem_side, suffix_side)  # the deletion
                    if slips_here:
                        continue  # no substitution
                letters = set(stem_letters)
                if suffix_side and len(after) < MAX_TAIL:
                    letters.update(heads[after])
                elif suffix_side:  # a rest too long for the tails: letters that pair with both neighbours
                    letters.update(c for c in ALPHABET if (head[-1:] + c in bigrams or not head)
                                   and c + after[0] in bigrams)
                cheap_only = replaced and odd is not None and odd.max_cost < COST_EDIT
                for letter in sorted(letters):
                    if replaced and letter == lower[i]:
                        continue  # substituting a letter by itself
                    if cheap_only and _substitution_cost(lower[i], letter, i) > odd.max_cost:  # type: ignore[union-attr]
                        continue
                    offer(i, head, letter + after, stem_side, suffix_side)
        return sorted(ranked, key=lambda f: (*ranked[f], f))

    @property
    def prefix_children(self) -> NextLetters:
        """Stem prefix -> the letters that can follow it in a longer stem prefix ("" -> first letters)."""
        if self._children is None:
            self._children = NextLetters((), presorted=self.indexes.children)
        return self._children

    @property
    def tail_heads(self) -> NextLetters:
        """Suffix tail -> the letters it follows in a longer tail ("" -> last letters of forms)."""
        if self._tail_heads is None:
            self._tail_heads = NextLetters((), reverse=True, longest=MAX_TAIL, presorted=self.indexes.tail_heads)
        return self._tail_heads

    @property
    def bigrams(self) -> frozenset[str]:
        """Every two-letter sequence of a frequent form: a word with another one (заңмчн, жібъріліп)
        is seldom a real word."""
        return self.indexes.bigrams

    def unseen_trigrams(self, lower: str) -> list[str]:
        """The three-letter sequences of ``lower`` that no frequent form has (қмт in шақмтарын)."""
        trigrams = self.indexes.trigrams
        return [lower[i:i + 3] for i in range(len(lower) - 2) if lower[i:i + 3] not in trigrams]

    def unseen_bigrams(self, lower: str) -> list[str]:
        """The two-letter sequences of ``lower`` that no frequent form has (ыэ in абыэржып)."""
        bigrams = self.bigrams
        return [lower[i:i + 2] for i in range(len(lower) - 1) if lower[i:i + 2] not in bigrams]

    @property
    def tails(self) -> frozenset[str]:
        """Every ending (1 to ``MAX_TAIL`` letters) of a frequent form: plausible suffix tails."""
        return self.indexes.tails


def _suffix_variants(rest: str) -> Iterator[str]:
    """Suffix strings one or two allomorph swaps, or one buffer letter, away from ``rest`` (the
    definition; the search uses the faster :func:`_plausible_suffix_variants`)."""
    swaps = []
    for i, char in enumerate(rest):
        for group in ALLOMORPH_GROUPS:
            if char in group:
                swaps.extend((i, other) for other in group if other != char)
    singles = [rest[:i] + c + rest[i + 1:] for i, c in swaps]
    yield from singles
    for i in range(len(rest)):
        if rest[i] in BUFFER_LETTERS:
            yield rest[:i] + rest[i + 1:]
    for i in range(len(rest) + 1):
        for letter in BUFFER_LETTERS:
            yield rest[:i] + letter + rest[i:]
    for a in range(len(swaps)):
        for b in range(a + 1, len(swaps)):
            (i, x), (j, y) = swaps[a], swaps[b]
            if i != j:
                yield rest[:i] + x + rest[i + 1:j] + y + rest[j + 1:]


def _plausible_suffix_variants(rest: str, tails: frozenset[str], heads: NextLetters) -> tuple[str, ...]:
    """The :func:`_suffix_variants` of ``rest`` whose last ``MAX_TAIL`` letters are in ``tails``
    (or that are empty), in the same order, made without building the rest: ``tails`` holds
    every ending of its strings, so a variant whose ending from a changed letter on is short
    enough to be looked up and is not there can be skipped whatever comes before it (most of
    the two-swap variants of a long suffix string). ``heads`` gives the letters that precede an
    ending in ``tails`` (:attr:`Speller.tail_heads`): a letter put before ``rest[i:]`` must be
    one of them."""

    def letters_before(i: int) -> str | None:
        """The letters that may precede ``rest[i:]`` (None: any, it is too long to tell)."""
        return heads[rest[i:]] if len(rest) - i < MAX_TAIL else None

    swaps = []
    for i, char in enumerate(rest):
        for group in ALLOMORPH_GROUPS:
            if char in group:
                swaps.extend((i, other) for other in group if other != char)
    found = [v for v in (rest[:i] + c + rest[i + 1:] for i, c in swaps) if not v or v[-MAX_TAIL:] in tails]
    for i in range(len(rest)):
        if rest[i] in BUFFER_LETTERS:
            v = rest[:i] + rest[i + 1:]
            if not v or v[-MAX_TAIL:] in tails:
                found.append(v)
    for i in range(len(rest) + 1):
        before = letters_before(i)
        for letter in BUFFER_LETTERS:
            if before is None or letter in before:
                v = rest[:i] + letter + rest[i:]
                if v[-MAX_TAIL:] in tails:
                    found.append(v)
    # A second swap at j keeps only variants whose ending from j on is a tail.
    second = [before is None or y in before for j, y in swaps for before in (letters_before(j + 1),)]
    for a in range(len(swaps)):
        i, x = swaps[a]
        for b in range(a + 1, len(swaps)):
            j, y = swaps[b]
            if i != j and second[b]:
                v = rest[:i] + x + rest[i + 1:j] + y + rest[j + 1:]
                if v[-MAX_TAIL:] in tails:
                    found.append(v)
    return tuple(found)


def _quick_cost(word: str, position: int, rest: str) -> float:
    """:func:`edit_cost` of one edit as made by :meth:`Speller._edit_queue`, without an alignment
    (the search's ordering; found forms are scored with :func:`edit_cost`)."""
    tail = word[position:]
    if len(rest) == len(tail):
        if rest[:1] == tail[1:2] and rest[1:2] == tail[:1]:
            return COST_TRANSPOSE
        return _substitution_cost(tail[0], rest[0], position)
    if len(rest) > len(tail):  # a letter put back
        doubled = rest[0] == rest[1:2] or (position > 0 and rest[0] == word[position - 1])
        return COST_DOUBLE if doubled else COST_MISSING
    doubled = tail[0] == tail[1:2] or (position > 0 and tail[0] == word[position - 1])
    return COST_DOUBLE if doubled else COST_EDIT


@cache
def _read_forms() -> dict[str, int]:
    """``data/spelling/forms.tsv``: correct corpus forms -> counts (``tools/build_spelling.py``)."""
    counts: dict[str, int] = {}
    path = data_path("spelling", "forms.tsv")
    if not path.is_file():
        return counts
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            form, count = line.rstrip("\n").split("\t")
            counts[form] = int(count)
    return counts


@cache
def get_speller() -> Speller:
    """The shared :class:`Speller` (built on first use)."""
    return Speller()


def suggest(word: str, limit: int = 5) -> list[str]:
    """Corrections of ``word``, best first, in its case pattern.

    >>> suggest("окушылар")[:1]
    ['оқушылар']
    """
    return get_speller().suggest(word, limit)
