"""The compiled morphology: stem index plus allomorph tables, walked for analysis and generation.

Analysis is generation pruned by prefix match: for every prefix of the word that is a stem shape,
the suffix graph is walked, each suffix realised from the current left context and matched with
``str.startswith`` against the rest of the word. Generation walks the same graph, keeping only
suffixes whose features agree with the requested ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .lexicon import (
    Entry,
    closed_class_data,
    harmony_exceptions,
    read_lexicon_tsv,
    stem_context,
    stem_variants,
    voicing_exceptions,
)
from .morphotactics import NEED_ANY, Allomorph, Morphotactics, Need, Suffix, load_morphotactics
from .phonology import Phonology, default_phonology

MAX_MORPHS = 9  # a path longer than this is not Kazakh (and stops runaway derivations)
MAX_DERIVATIONS = 1

#: (surface, base, harmony after, class after, need, suffix)
Step = tuple[str, str, str, str, Need, Suffix]


@dataclass(slots=True)
class Reading:
    """One way of reading a word: stem entry, stem shape and the suffixes after it."""

    entry: Entry
    stem_surface: str
    steps: tuple[tuple[Suffix, str, str], ...]  # (suffix, surface, base)

    def morph_count(self) -> int:
        return sum(1 for _, surface, _ in self.steps if surface)


class Engine:
    """Stem index, full-form table and per-state allomorph tables."""

    def __init__(self, lexicon_path: Path | None, phon: Phonology | None = None) -> None:
        self.phon = phon or default_phonology()
        self.tactics: Morphotactics = load_morphotactics(self.phon)
        extra, self.full_forms, _ = closed_class_data()
        lexical = read_lexicon_tsv(lexicon_path) if lexicon_path else []
        self.entries = self._merge(lexical, extra)
        self.by_lemma: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self.by_lemma.setdefault(entry.lemma.lower(), []).append(entry)
        self._build_stems()
        self._tables: dict[tuple[str, str, str], tuple[list[Step], dict[str, list[Step]]]] = {}

    def __getstate__(self) -> dict:
        # Object ids do not survive pickling: index_of is rebuilt on load.
        state = dict(self.__dict__)
        state.pop("index_of", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.index_of = {id(e): i for i, e in enumerate(self.entries)}

    # ---- building ------------------------------------------------------------------------
    @staticmethod
    def _merge(lexical: list[Entry], extra: list[Entry]) -> list[Entry]:
        seen = {(e.lemma, e.upos, e.key) for e in extra}
        irregular_pron = {e.lemma for e in extra if e.upos == "PRON"}
        out = list(extra)
        for entry in lexical:
            if (entry.lemma, entry.upos, entry.key) in seen:
                continue
            if entry.upos == "PRON" and entry.lemma in irregular_pron:
                continue
            seen.add((entry.lemma, entry.upos, entry.key))
            out.append(entry)
        return out

    def _build_stems(self) -> None:
        harm, novoice = harmony_exceptions(), voicing_exceptions()
        self.novoice = novoice
        self.index_of = {id(e): i for i, e in enumerate(self.entries)}
        self.stems: dict[str, list[tuple[int, Need]]] = {}
        self.context: list[tuple[str, str]] = []
        interned: dict[Need, Need] = {}
        irregular_lemmas = {
            f.lemma for forms in self.full_forms.values() for f in forms if f.upos == "PRON"
        }
        for idx, entry in enumerate(self.entries):
            self.context.append(stem_context(self.phon, entry, harm))
            if entry.upos == "PRON" and entry.start == "N" and entry.lemma in irregular_lemmas:
                continue
            for surface, need in stem_variants(self.phon, entry, novoice):
                need = interned.setdefault(need, need)  # shared objects: a smaller, faster pickle
                self.stems.setdefault(surface, []).append((idx, need))
        self.max_stem = max((len(s) for s in self.stems), default=0)

    def steps(self, state: str, harmony: str, cls: str) -> tuple[list[Step], dict[str, list[Step]]]:
        """Allomorphs reachable from a state in a left context: (empty ones, by first letter)."""
        key = (state, harmony, cls)
        cached = self._tables.get(key)
        if cached is None:
            eps: list[Step] = []
            first: dict[str, list[Step]] = {}
            for suffix in self.tactics.by_state.get(state, ()):
                allo: Allomorph
                for allo in suffix.table[(harmony, cls)]:
                    step = (allo.surface, allo.base, allo.harmony, allo.cls, allo.need, suffix)
                    if allo.surface:
                        first.setdefault(allo.surface[0], []).append(step)
                    else:
                        eps.append(step)
            cached = self._tables[key] = (eps, first)
        return cached

    # ---- analysis ------------------------------------------------------------------------
    def analyse_paths(self, word: str) -> Iterator[Reading]:
        """Every reading of a lower-case word whose stem is in the lexicon."""
        limit = min(len(word), self.max_stem)
        for end in range(1, limit + 1):
            hits = self.stems.get(word[:end])
            if not hits:
                continue
            for idx, need in hits:
                entry = self.entries[idx]
                h, c = self.context[idx]
                for steps in self.walk(word, end, entry.start, h, c, need, 0):
                    yield Reading(entry, word[:end], steps)

    def walk(
        self,
        word: str,
        pos: int,
        state: str,
        h: str,
        c: str,
        need: Need,
        derivs: int,
        depth: int = 0,
    ) -> Iterator[tuple[tuple[Suffix, str, str], ...]]:
        """Suffix sequences that spell ``word[pos:]`` from ``state`` (depth-first)."""
        if pos == len(word) and state in self.tactics.final and need[0] is None:
            yield ()
        if depth >= MAX_MORPHS:
            return
        eps, first = self.steps(state, h, c)
        for surface, base, oh, oc, _, suffix in eps:
            if suffix.derive and derivs >= MAX_DERIVATIONS:
                continue
            for rest in self.walk(
                word, pos, suffix.target, oh, oc, need, derivs + bool(suffix.derive), depth + 1
            ):
                yield ((suffix, surface, base), *rest)
        req, forbid, drop = need
        if pos >= len(word) and not drop:
            return
        if drop:
            # the stem shape already spelled the merged letter (оқи-): the suffix's first letter
            # (й) is swallowed, so candidates are found by that letter, not by the word's next one
            candidates = [step for letter in req or () for step in first.get(letter, ())]
        else:
            candidates = first.get(word[pos], ())
        for surface, base, oh, oc, sneed, suffix in candidates:
            if req is not None and surface[0] not in req:
                continue
            if forbid is not None and surface[0] in forbid:
                continue
            if suffix.derive and derivs >= MAX_DERIVATIONS:
                continue
            spelled = surface[drop:]
            if spelled and not word.startswith(spelled, pos):
                continue
            for rest in self.walk(
                word,
                pos + len(spelled),
                suffix.target,
                oh,
                oc,
                sneed,
                derivs + bool(suffix.derive),
                depth + 1,
            ):
                yield ((suffix, spelled, base), *rest)

    def walk_from(
        self, word: str, pos: int, state: str, left: str
    ) -> Iterator[tuple[tuple[Suffix, str, str], ...]]:
        """Walk from a state with the left context taken from a written string (2020-да, екен-ін)."""
        h = self.phon.harmony(left)
        c = self.phon.sound_class(left)
        yield from self.walk(word, pos, state, h, c, NEED_ANY, MAX_DERIVATIONS)

    # ---- generation ----------------------------------------------------------------------
    def generate_paths(
        self, entry: Entry, target: dict[str, str] | None, max_depth: int = 6
    ) -> Iterator[tuple[str, dict[str, str], tuple[Suffix, ...]]]:
        """Forms of an entry: (form, features, suffixes); only those matching ``target`` if given."""
        h, c = self.context[self.index_of[id(entry)]]
        for surface, need in stem_variants(self.phon, entry, self.novoice):
            yield from self._gen(
                entry, surface, need, entry.start, h, c, dict(entry.feats), (), target, max_depth
            )

    def _gen(
        self,
        entry: Entry,
        text: str,
        need: Need,
        state: str,
        h: str,
        c: str,
        feats: dict[str, str],
        path: tuple[Suffix, ...],
        target: dict[str, str] | None,
        depth: int,
    ) -> Iterator[tuple[str, dict[str, str], tuple[Suffix, ...]]]:
        if state in self.tactics.final and need[0] is None and (target is None or feats == target):
            yield text, feats, path
        if depth <= 0:
            return
        for suffix in self.tactics.by_state.get(state, ()):
            if suffix.derive:
                continue
            if target is not None and any(target.get(k) != v for k, v in suffix.feats.items()):
                continue
            if target is None and (
                "Voice" in suffix.feats
                or any(k in feats and k not in entry.feats for k in suffix.feats)
            ):
                continue  # a paradigm table lists the forms of one voice; voices are lexemes of their own
            for allo in suffix.table[(h, c)]:
                surface = allo.surface
                if surface:
                    req, forbid, drop = need
                    if req is not None and surface[0] not in req:
                        continue
                    if forbid is not None and surface[0] in forbid:
                        continue
                    new_text, new_need = text + surface[drop:], allo.need
                else:
                    new_text, new_need = text, need
                new_feats = {**feats, **suffix.feats}
                yield from self._gen(
                    entry,
                    new_text,
                    new_need,
                    suffix.target,
                    allo.harmony,
                    allo.cls,
                    new_feats,
                    (*path, suffix),
                    target,
                    depth - 1,
                )
