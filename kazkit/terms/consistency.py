"""Bilingual term consistency: a source segment uses a term, the Kazakh target lacks its approved
equivalent.

Source terms (Russian or English) are matched with a light, documented tolerance for inflection,
not with a full morphology of those languages: English allows a plural ``-s``/``-es`` on the last
word; Russian compares each word on its stem (the word less its last one or two letters, and at
most three letters longer), so ``базе данных`` and ``базы данных`` find ``база данных``. The
Kazakh side is matched in any inflection through the shared morphology.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from kazkit.errors import InputError
from kazkit.terms.lookup import citation_forms
from kazkit.terms.model import normalize_term
from kazkit.terms.store import Termbase
from kazkit.types import Diagnostic

RULE_ID = "terms.consistency"


@dataclass(slots=True)
class Pair:
    """A source segment, its target segment, and where the target lies in the reported text."""

    source: str
    target: str
    start: int
    line: int


@dataclass(frozen=True, slots=True)
class SourceTerm:
    words: tuple[str, ...]
    text: str
    approved: tuple[str, ...]
    accepted: tuple[str, ...]  # the Kazakh terms whose presence counts (preferred and admitted)


# --- input ---------------------------------------------------------------------------------------


def read_pairs(source: str, target: str | None = None, *, encoding: str | None = None
               ) -> tuple[list[Pair], str, str]:
    """Segment pairs from a TSV (source<TAB>target a line), or from two files aligned line by line
    or cue by cue (``.srt``/``.vtt``). Returns the pairs, a name and the text findings point into."""
    from kazkit.text.io import read_input

    if target is None:
        decoded = read_input(source, encoding)
        return tsv_pairs(decoded.text), decoded.name, "\n".join(_targets(decoded.text))
    if source.lower().endswith((".srt", ".vtt")) or target.lower().endswith((".srt", ".vtt")):
        return _subtitle_pairs(source, target, encoding)
    src, tgt = read_input(source, encoding), read_input(target, encoding)
    source_lines, target_lines = src.text.splitlines(), tgt.text.splitlines()
    if len(source_lines) != len(target_lines):
        raise InputError(f"{tgt.name}: {len(target_lines)} lines, but {src.name} has {len(source_lines)}: "
                         "the files are not aligned line by line")
    pairs, offset = [], 0
    text = "\n".join(target_lines)
    for number, (s, t) in enumerate(zip(source_lines, target_lines, strict=True), 1):
        pairs.append(Pair(s, t, offset, number))
        offset += len(t) + 1
    return pairs, tgt.name, text


def _targets(text: str) -> list[str]:
    return [line.split("\t", 1)[1] if "\t" in line else "" for line in text.splitlines()]


def tsv_pairs(text: str) -> list[Pair]:
    """Pairs of a ``source<TAB>target`` text; offsets point into its target column joined by lines."""
    pairs, offset = [], 0
    for number, line in enumerate(text.splitlines(), 1):
        target = line.split("\t", 1)[1] if "\t" in line else ""
        if "\t" in line:
            pairs.append(Pair(line.split("\t", 1)[0], target, offset, number))
        offset += len(target) + 1
    return pairs


def _subtitle_pairs(source: str, target: str, encoding: str | None) -> tuple[list[Pair], str, str]:
    from kazkit.subtitles.io import read_subtitles

    src, tgt = read_subtitles(source, encoding), read_subtitles(target, encoding)
    if len(src.cues) != len(tgt.cues):
        raise InputError(f"{tgt.name}: {len(tgt.cues)} cues, but {src.name} has {len(src.cues)}: "
                         "the subtitles are not aligned cue by cue")
    text = tgt.decoded.text
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    pairs = []
    for s, t in zip(src.cues, tgt.cues, strict=True):
        line = t.line + 1 if t.line else 0
        start = starts[line - 1] if 0 < line <= len(starts) - 1 else 0
        if text[start:start + len(t.text)] != t.text:
            start = max(text.find(t.text), 0)
        pairs.append(Pair(s.text, t.text, start, line))
    return pairs, tgt.name, text


# --- matching ------------------------------------------------------------------------------------


class SourceIndex:
    """The source-language terms of some termbases that have an approved Kazakh equivalent."""

    def __init__(self, termbases: Sequence[Termbase], source_lang: str, target_lang: str = "kk"):
        self.lang = source_lang
        self.by_first: dict[str, list[SourceTerm]] = {}
        for termbase in termbases:
            rows = termbase.db.execute("SELECT entry_id, text FROM terms WHERE lang=? AND status IN "
                                       "('preferred', 'admitted')", (source_lang,)).fetchall()
            entries = termbase.entries(key for key, _ in rows)
            for key, text in rows:
                entry = entries[key]
                approved = tuple(t.text for t in entry.preferred(target_lang))
                accepted = tuple(t.text for t in entry.in_lang(target_lang) if t.status in ("preferred", "admitted"))
                if approved:
                    words = tuple(normalize_term(text).split())
                    self.by_first.setdefault(words[0][:3], []).append(SourceTerm(words, text, approved, accepted))
        for terms in self.by_first.values():
            terms.sort(key=lambda t: -len(t.words))

    def find(self, segment: str) -> list[SourceTerm]:
        """Source terms in a segment, longest first where they overlap."""
        from kazkit.text.tokenize import word_tokens

        words = [normalize_term(t.text) for t in word_tokens(segment)]
        found, taken = [], set()
        for i, word in enumerate(words):
            if i in taken:
                continue
            for term in self.by_first.get(word[:3], ()):
                span = words[i:i + len(term.words)]
                if len(span) == len(term.words) and all(self._same(a, b, last=j == len(span) - 1)
                                                        for j, (a, b) in enumerate(zip(span, term.words, strict=True))):
                    found.append(term)
                    taken.update(range(i, i + len(term.words)))
                    break
        return found

    def _same(self, token: str, word: str, last: bool) -> bool:
        if token == word:
            return True
        if self.lang == "en":
            return last and token in (word + "s", word + "es") or (word.endswith("y") and token == word[:-1] + "ies")
        if self.lang == "ru":
            stem = word[:-2] if len(word) > 5 else word[:-1] if len(word) > 3 else word
            return token.startswith(stem) and len(token) <= len(word) + 3
        return False


def kazakh_term_in(segment: str, term: str) -> bool:
    """True when ``term`` occurs in ``segment`` in any inflection (``дерекқорға`` has дерекқор)."""
    from kazkit.text.tokenize import word_tokens

    words = normalize_term(term).split()
    tokens = [normalize_term(t.text) for t in word_tokens(segment)]
    for i in range(len(words) - 1, len(tokens)):
        if tokens[i - len(words) + 1:i] != words[:-1]:
            continue
        if any(c.form == words[-1] for c in citation_forms(tokens[i])):
            return True
    return False


_INDEXES: dict[tuple, SourceIndex] = {}


def consistency_diagnostics(pairs: Sequence[Pair], termbases: Sequence[Termbase | str | os.PathLike[str]], *,
                            source_lang: str = "ru", target_text: str | None = None) -> list[Diagnostic]:
    """A ``terms.consistency`` finding for each source term whose approved Kazakh equivalent is
    missing from the target segment; the finding spans the target segment."""
    from kazkit.terms.store import open_termbases

    bases = [t for t in termbases if isinstance(t, Termbase)] or open_termbases([os.fspath(t) for t in termbases])
    key = (tuple((id(t), t.priority) for t in bases), source_lang)
    index = _INDEXES.setdefault(key, SourceIndex(bases, source_lang))
    found = []
    for pair in pairs:
        for term in index.find(pair.source):
            if any(kazakh_term_in(pair.target, kk) for kk in term.accepted):
                continue
            expected = "», «".join(term.approved)
            found.append(Diagnostic(RULE_ID, "terminology", "warning",
                                    f"«{term.text}» ({source_lang}) should be translated as «{expected}»",
                                    pair.start, pair.start + len(pair.target), pair.line, 1, []))
    return found
