"""The compiled morphology: stem index plus allomorph tables, walked for analysis and generation.

Analysis is generation pruned by prefix match: for every prefix of the word that is a stem shape,
the suffix graph is walked, each suffix realised from the current left context and matched with
``str.startswith`` against the rest of the word. Generation walks the same graph, keeping only
suffixes whose features agree with the requested ones.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .lexicon import (
    DROP_FLAGS,
    EPENTHESIS_FLAGS,
    OPEN_STATES,
    PX3_START,
    Entry,
    closed_class_data,
    cluster_stems,
    entries_from_columns,
    entry_columns,
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
WALK_MEMO_LIMIT = 300_000  # memoised suffix-chain walks kept (cleared when full: bounded memory)
AHEAD_LIMIT = 4_000  # two-letter candidate lists kept per walk node

#: (surface, base, harmony after, class after, need, suffix)
Step = tuple[str, str, str, str, Need, Suffix]


class ContinuedForms(dict):
    """Full forms with a next state, by form; ``max_len`` bounds the prefixes worth looking up."""

    max_len: int = 0
    heads: frozenset[str] = frozenset()  # their first two letters


class _Node:
    """One ``(state, harmony, class)`` of the suffix graph, compiled for the analysis walk.

    The walk used to look up ``(state, h, c)`` tables and the first-letter closure of the next
    state for every suffix it tried; a node holds the next node and its letters directly, and
    each step's path item ``(suffix, surface, base)`` is built once (not once per word).
    """

    __slots__ = ("id", "final", "letters", "eps", "first", "ahead")

    def __init__(self, node_id: int) -> None:
        self.id = node_id  # small int: the walk memo's keys stay strings and ints
        self.final = False  # a word may end here
        self.letters: frozenset[str] = frozenset()  # first letters of what may follow
        #: empty morphs: (path item, next node, derives)
        self.eps: tuple[tuple[tuple[Suffix, str, str], _Node, bool], ...] = ()
        #: non-empty morphs by first letter: (surface, length, path item, next node, need,
        #: derives, letters that may follow it or None when it swallows the next letter)
        self.first: dict[str, tuple[tuple, ...]] = {}
        #: the same by the next two letters of the word (one at its end), filled on first use
        self.ahead: dict[str, tuple[tuple, ...]] = {}

    def candidates_for(self, ahead: str) -> tuple[tuple, ...]:
        """The morphs of ``first`` that may spell a rest starting with ``ahead`` (one or two
        letters), in their order: those of one letter and those that go on with the second."""
        found = tuple(
            step
            for step in self.first.get(ahead[0], ())
            if step[1] == 1 or (len(ahead) > 1 and step[0][1] == ahead[1])
        )
        if len(self.ahead) < AHEAD_LIMIT:  # bounded, whatever letters a text holds
            self.ahead[ahead] = found
        return found


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
        self._by_lemma: dict[str, list[Entry]] | None = None
        self._build_stems()
        self._tables: dict[tuple[str, str, str], tuple[list[Step], dict[str, list[Step]]]] = {}
        self._walks: dict[tuple, tuple] = {}
        self._need_ids: dict[Need, int] = {}
        self._closures: dict[tuple[str, str, str], frozenset[str]] = {}
        self._nodes: dict[tuple[str, str, str], _Node] = {}
        self._stem_nodes: list[_Node | None] = []
        self._final = self.tactics.final

    def __getstate__(self) -> dict:
        """What the engine cache keeps: the tables built from the data files, the two largest
        (the entries and the stem index, ~400k objects) packed by :mod:`marshal`, the entries
        as columns of builtin objects (:func:`entry_columns`): unpickling 55k dataclass objects
        one by one was most of the time of reading the cache back, and marshal reads builtin
        objects faster than pickle. Per-run memos and what is cheap to rebuild (the left
        contexts) are left out."""
        state = dict(self.__dict__)
        # Object ids do not survive pickling: index_of is rebuilt when first needed.
        state.pop("_index_of", None)
        entries, stems = state.pop("entries"), state.pop("stems")
        del state["context"]  # filled in on first use (see _build_stems)
        # a stem shape spelled like a lemma is written as a reference to it: one string less
        lemmas = {e.lemma: e.lemma for e in entries}
        stems = {lemmas.get(shape, shape): hits for shape, hits in stems.items()}
        state["_packed"] = marshal.dumps((entry_columns(entries), stems))
        state["_by_lemma"] = None
        state["_walks"] = {}  # per-run memo: not worth storing
        state["_need_ids"] = {}
        state["_closures"] = {}
        state["_nodes"] = {}
        state["_stem_nodes"] = []
        return state

    def __setstate__(self, state: dict) -> None:
        columns, stems = marshal.loads(state.pop("_packed"))
        self.__dict__.update(state)
        self.entries = entries_from_columns(columns)
        self.stems = stems
        self.context = [None] * len(self.entries)
        self._index_of = None

    # ---- building ------------------------------------------------------------------------
    @staticmethod
    def _merge(lexical: list[Entry], extra: list[Entry]) -> list[Entry]:
        seen = {(e.lemma, e.upos, e.key) for e in extra}
        irregular_pron = {e.lemma for e in extra if e.upos == "PRON"}
        out = list(extra)
        append, add = out.append, seen.add
        for entry in lexical:
            if entry.start == PX3_START:
                append(entry)  # the second reading of a px3 compound, never a duplicate
                continue
            # lexicon.tsv rows have no separate surface: the key is the lower-cased lemma
            key = (entry.lemma, entry.upos, entry.surface or entry.lemma.lower())
            if key in seen or (key[1] == "PRON" and key[0] in irregular_pron):
                continue
            add(key)
            append(entry)
        return out

    def _build_stems(self) -> None:
        self.harmony_exc, novoice = harmony_exceptions(), voicing_exceptions()
        self.novoice = novoice
        self._index_of: dict[int, int] | None = None
        self.stems: dict[str, list[tuple[int, Need]]] = {}
        # left contexts are computed on first use (most stems are never met in a text): the
        # uncached load spends its time on this table otherwise
        self.context: list[tuple[str, str] | None] = [None] * len(self.entries)
        interned: dict[Need, Need] = {}
        irregular_lemmas = {
            f.lemma for forms in self.full_forms.values() for f in forms if f.upos == "PRON"
        }
        stems, phon, intern = self.stems, self.phon, interned.setdefault
        defective = self.tactics.defective
        # stems whose last letter neither voices nor joins take one shape (most of the 55k):
        # skipping stem_variants() for them is a third of the uncached load
        special_last = (
            frozenset(phon.voicing)
            .union(*(left for left, _, _ in phon.joins))
            .union(phon.soft_signs)
        )
        # last letters of the loan clusters that get a second stem shape (факт -> факті-)
        cluster_last = frozenset(c[-1] for c in phon.epenthesis_clusters | phon.drop_clusters)
        clustered: list[tuple[Entry, str, str]] = []
        for idx, entry in enumerate(self.entries):
            if entry.upos == "PRON" and entry.start == "N" and entry.lemma in irregular_lemmas:
                continue
            if entry.start == "V" and entry.lemma in defective:
                continue  # only its listed forms (full_forms) exist
            if (
                entry.start == "N"
                and entry.lemma[-1:] in cluster_last
                and not entry.lemma.isupper()  # not an abbreviation (ФСК)
            ):
                found = cluster_stems(phon, entry.key)
                if found:
                    clustered.append((entry, *found))
            if not entry.flags and not entry.surface:
                key = entry.lemma.lower()
                if (key and key[-1] not in special_last) or entry.start not in OPEN_STATES:
                    hits = stems.get(key)
                    if hits is None:
                        hits = stems[key] = []
                    hits.append((idx, NEED_ANY))
                    continue
            for surface, need in stem_variants(phon, entry, novoice):
                hits = stems.get(surface)
                if hits is None:
                    hits = stems[surface] = []
                # shared need objects: a smaller, faster pickle
                hits.append((idx, intern(need, need)))
        self._add_cluster_stems(clustered, intern)
        self.max_stem = max(map(len, stems), default=0)

    def _add_cluster_stems(
        self, clustered: list[tuple[Entry, str, str]], intern: Callable[[Need, Need], Need]
    ) -> None:
        """Second stem shapes of loans ending in a cluster (phonology.yaml ``cluster_*``).

        Each is an entry of its own (its left context differs: факті- ends in a vowel, уез- in
        з), with the lemma of the word, flagged ``cluster`` so that generation and lemma look-ups
        skip it; :func:`stem_variants` gives its shape and the need for a suffix after it.
        """
        for entry, shape, kind in clustered:
            # the epenthetic і decides harmony itself; a dropped consonant keeps the word's flags
            flags = EPENTHESIS_FLAGS if kind == "epenthesis" else entry.flags | DROP_FLAGS
            alt = Entry(entry.lemma, entry.upos, entry.start, flags, dict(entry.feats), shape)
            self.entries.append(alt)
            self.context.append(None)
            for surface, need in stem_variants(self.phon, alt, self.novoice):
                self.stems.setdefault(surface, []).append(
                    (len(self.entries) - 1, intern(need, need))
                )

    def continued_forms(self) -> ContinuedForms:
        """Listed forms that regular suffixes may follow (екен -> екен-ін), built on first use."""
        conts = self.__dict__.get("_continued")
        if conts is None:
            conts = ContinuedForms()
            for form, fulls in self.full_forms.items():
                cont = [f for f in fulls if f.next_state]
                if cont:
                    conts[form] = cont
            conts.max_len = max(map(len, conts), default=0)
            conts.heads = frozenset(form[:2] for form in conts)
            self._continued = conts
        return conts

    @property
    def by_lemma(self) -> dict[str, list[Entry]]:
        """Entries by lower-case lemma (generation and hyphen rules only, so built on first use)."""
        if self._by_lemma is None:
            by_lemma: dict[str, list[Entry]] = {}
            for entry in self.entries:
                if entry.flags and "cluster" in entry.flags:
                    continue  # a second stem shape (факті-), not a paradigm of its own
                by_lemma.setdefault(entry.lemma.lower(), []).append(entry)
            self._by_lemma = by_lemma
        return self._by_lemma

    @property
    def index_of(self) -> dict[int, int]:
        """Entry object id -> index (generation only, so built on first use)."""
        if self._index_of is None:
            self._index_of = {id(e): i for i, e in enumerate(self.entries)}
        return self._index_of

    def context_of(self, idx: int) -> tuple[str, str]:
        """The left context ``(harmony, sound class)`` after stem ``idx``, computed once."""
        ctx = self.context[idx]
        if ctx is None:
            ctx = self.context[idx] = stem_context(self.phon, self.entries[idx], self.harmony_exc)
        return ctx

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
        for entry, stem, steps in self.analyse_steps(word):
            yield Reading(entry, stem, steps)

    def analyse_steps(
        self, word: str
    ) -> list[tuple[Entry, str, tuple[tuple[Suffix, str, str], ...]]]:
        """:meth:`analyse_paths` as ``(entry, stem shape, steps)`` triples, in the same order.

        The analyser's hot path: a list, no generator and no :class:`Reading` per path, and
        :meth:`walk` inlined (its first-letter rejection and memo look-up, per stem hit).
        """
        n = len(word)
        stems, entries, memo, need_ids = self.stems, self.entries, self._walks, self._need_ids
        stem_nodes = self._stem_nodes or self._new_stem_nodes()
        out: list[tuple[Entry, str, tuple[tuple[Suffix, str, str], ...]]] = []
        for end in range(1, min(n, self.max_stem) + 1):
            stem = word[:end]
            hits = stems.get(stem)
            if not hits:
                continue
            rest = None
            after = word[end] if end < n else None
            for idx, need in hits:
                node = stem_nodes[idx] or self._stem_node(idx)
                if after is not None and not need[2] and after not in node.letters:
                    continue  # most stem prefixes leave a rest that no suffix can start
                need_id = need_ids.get(need)
                if need_id is None:
                    need_id = need_ids[need] = len(need_ids)
                if rest is None:
                    rest = word[end:]
                key = (rest, node.id, need_id, 0)
                found = memo.get(key)
                if found is None:
                    found = self._walk_into_memo(word, end, node, need, 0, key)
                if found:
                    entry = entries[idx]
                    for steps in found:
                        out.append((entry, stem, steps))
        return out

    def walk(
        self, word: str, pos: int, state: str, h: str, c: str, need: Need, derivs: int
    ) -> tuple[tuple[tuple[Suffix, str, str], ...], ...]:
        """Suffix sequences that spell ``word[pos:]`` from ``state``, in depth-first order.

        The result depends on the rest of the word only, so it is memoised by
        ``(word[pos:], node of (state, context), need, derivs)``: ``-лерімізде`` after a
        front-vowel stem is walked once for all the words that end in it (and for homonymous
        stems of one word).
        """
        node = self._nodes.get((state, h, c)) or self._node(state, h, c)
        if pos < len(word) and not need[2] and word[pos] not in node.letters:
            # most stem prefixes leave a rest that no suffix of this state can start: reject
            # them before the memo (which would fill up with empty results)
            return ()
        # a key of strings and ints only: the collector stops tracking it (a key holding the
        # need's frozensets would be rescanned by every full collection)
        need_ids = self._need_ids
        need_id = need_ids.get(need)
        if need_id is None:
            need_id = need_ids[need] = len(need_ids)
        key = (word[pos:], node.id, need_id, derivs)
        found = self._walks.get(key)
        if found is None:
            found = self._walk_into_memo(word, pos, node, need, derivs, key)
        return found

    def _walk_into_memo(
        self, word: str, pos: int, node: _Node, need: Need, derivs: int, key: tuple
    ) -> tuple[tuple[tuple[Suffix, str, str], ...], ...]:
        out: list[tuple[tuple[Suffix, str, str], ...]] = []
        self._walk(word, len(word), pos, node, need, derivs, 0, [], out)
        memo = self._walks
        if len(memo) >= WALK_MEMO_LIMIT:
            memo.clear()
        found = memo[key] = tuple(out)
        return found

    def _walk(
        self,
        word: str,
        n: int,
        pos: int,
        node: _Node,
        need: Need,
        derivs: int,
        depth: int,
        path: list[tuple[Suffix, str, str]],
        out: list[tuple[tuple[Suffix, str, str], ...]],
    ) -> None:
        """Depth-first search appending every complete path to ``out`` (no generators: faster)."""
        if pos == n and node.final and need[0] is None:
            out.append(tuple(path))
        if depth >= MAX_MORPHS:
            return
        depth += 1
        walk = self._walk
        if node.eps:
            for item, nxt, derives in node.eps:
                if derives:
                    if derivs >= MAX_DERIVATIONS:
                        continue
                    path.append(item)
                    walk(word, n, pos, nxt, need, derivs + 1, depth, path, out)
                else:
                    path.append(item)
                    walk(word, n, pos, nxt, need, derivs, depth, path, out)
                path.pop()
        req, forbid, drop = need
        if drop:
            self._walk_joined(word, n, pos, node, need, derivs, depth, path, out)
            return
        if pos >= n:
            return
        # the candidates that spell the next two letters (or the last one): most morphs that
        # start with the next letter do not go on with the one after it
        ahead = word[pos : pos + 2]
        candidates = node.ahead.get(ahead)
        if candidates is None:
            candidates = node.candidates_for(ahead)
        if not candidates:
            return
        if req is not None or forbid is not None:
            letter = ahead[0]
            if (req is not None and letter not in req) or (forbid is not None and letter in forbid):
                return  # every candidate starts with this letter: one test for all of them
        for surface, size, item, nxt, sneed, derives, letters in candidates:
            if derives:
                if derivs >= MAX_DERIVATIONS:
                    continue
                more = derivs + 1
            else:
                more = derivs
            if size > 2 and not word.startswith(surface, pos):
                continue
            npos = pos + size
            if npos < n and letters is not None and word[npos] not in letters:
                continue  # nothing after this morph can spell the rest
            path.append(item)
            walk(word, n, npos, nxt, sneed, more, depth, path, out)
            path.pop()

    def _walk_joined(
        self,
        word: str,
        n: int,
        pos: int,
        node: _Node,
        need: Need,
        derivs: int,
        depth: int,
        path: list[tuple[Suffix, str, str]],
        out: list[tuple[tuple[Suffix, str, str], ...]],
    ) -> None:
        """The non-empty morphs after a stem shape that already spelled the merged letter (оқи-):
        the suffix's first letter (й) is swallowed, so candidates are found by that letter, not
        by the word's next one. ``depth`` is already that of the next morph."""
        req, forbid, drop = need
        first, walk = node.first, self._walk
        for letter in req or ():
            for surface, _, item, nxt, sneed, derives, letters in first.get(letter, ()):
                if forbid is not None and surface[0] in forbid:
                    continue
                if derives:
                    if derivs >= MAX_DERIVATIONS:
                        continue
                    more = derivs + 1
                else:
                    more = derivs
                spelled = surface[drop:]
                if spelled and not word.startswith(spelled, pos):
                    continue
                npos = pos + len(spelled)
                if npos < n and letters is not None and word[npos] not in letters:
                    continue
                suffix, _, base = item
                path.append((suffix, spelled, base))
                walk(word, n, npos, nxt, sneed, more, depth, path, out)
                path.pop()

    def _new_stem_nodes(self) -> list[_Node | None]:
        self._stem_nodes = [None] * len(self.entries)
        return self._stem_nodes

    def _stem_node(self, idx: int) -> _Node:
        """The walk node right after stem ``idx`` (its start state in its left context)."""
        h, c = self.context[idx] or self.context_of(idx)
        node = self._stem_nodes[idx] = self._node(self.entries[idx].start, h, c)
        return node

    def _node(self, state: str, h: str, c: str) -> _Node:
        """The compiled node of ``(state, h, c)``: on first use, it and every node reachable
        from it (a few hundred in all) are compiled and linked."""
        nodes = self._nodes
        key = (state, h, c)
        node = nodes.get(key)
        if node is not None:
            return node
        fresh = {key: _Node(len(nodes))}
        todo = [key]
        while todo:
            eps, first = self.steps(*todo.pop())
            for step in [*eps, *(s for group in first.values() for s in group)]:
                nxt = (step[5].target, step[2], step[3])
                if nxt not in nodes and nxt not in fresh:
                    fresh[nxt] = _Node(len(nodes) + len(fresh))
                    todo.append(nxt)
        tables = {at: self.steps(*at) for at in fresh}
        for at, node in fresh.items():
            node.final = at[0] in self._final
            node.letters = self.first_letters(*at)
            node.eps = tuple(
                ((suffix, surface, base), (suffix.target, oh, oc), bool(suffix.derive))
                for surface, base, oh, oc, _, suffix in tables[at][0]
            )  # next nodes as keys until every node has its empty morphs (see below)
        nodes.update(fresh)
        for node in fresh.values():
            node.eps = tuple((item, nodes[nxt], derives) for item, nxt, derives in node.eps)
        for at, node in fresh.items():
            node.first = {
                letter: tuple(self._candidate(step, nodes) for step in group)
                for letter, group in tables[at][1].items()
            }
        return nodes[key]

    @staticmethod
    def _candidate(step: Step, nodes: dict[tuple[str, str, str], _Node]) -> tuple:
        """A non-empty morph as the walk tries it (see ``_Node.first``)."""
        surface, base, oh, oc, need, suffix = step
        nxt = nodes[(suffix.target, oh, oc)]
        return (
            surface,
            len(surface),
            (suffix, surface, base),
            nxt,
            need,
            bool(suffix.derive),
            # the letters that may follow, unless this morph swallows one
            None if need[2] else nxt.letters,
        )

    def first_letters(self, state: str, h: str, c: str) -> frozenset[str]:
        """Letters a non-empty suffix sequence from ``state`` may start with (through empty morphs)."""
        key = (state, h, c)
        found = self._closures.get(key)
        if found is not None:
            return found
        letters: set[str] = set()
        todo, seen = [key], {key}
        while todo:
            eps, first = self.steps(*todo.pop())
            letters.update(first)
            for _, _, oh, oc, _, suffix in eps:
                nxt = (suffix.target, oh, oc)
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        found = self._closures[key] = frozenset(letters)
        return found

    def walk_from(
        self, word: str, pos: int, state: str, left: str
    ) -> tuple[tuple[tuple[Suffix, str, str], ...], ...]:
        """Walk from a state with the left context taken from a written string (2020-да, екен-ін)."""
        h = self.phon.harmony(left)
        c = self.phon.sound_class(left)
        return self.walk(word, pos, state, h, c, NEED_ANY, MAX_DERIVATIONS)

    # ---- generation ----------------------------------------------------------------------
    def generate_paths(
        self, entry: Entry, target: dict[str, str] | None, max_depth: int = 6
    ) -> Iterator[tuple[str, dict[str, str], tuple[Suffix, ...]]]:
        """Forms of an entry: (form, features, suffixes); only those matching ``target`` if given."""
        h, c = self.context_of(self.index_of[id(entry)])
        for surface, need in stem_variants(self.phon, entry, self.novoice):
            yield from self._gen(
                entry, surface, need, entry.start, h, c, dict(entry.feats), (), target, max_depth
            )

    def generate_extra(
        self, entry: Entry, max_depth: int = 5
    ) -> Iterator[tuple[str, dict[str, str], str]]:
        """What a paradigm table leaves out: (form, features, "Voice" or "Derivation").

        Voice rows are the forms of each voice stem (жаз -> жазыл, жазылды, жазылған ...);
        derivation rows are the derived stems in citation shape (мектеп -> мектептік, -ші).
        """
        h, c = self.context_of(self.index_of[id(entry)])
        for text, need in stem_variants(self.phon, entry, self.novoice):
            req, forbid, drop = need
            for suffix in self.tactics.by_state.get(entry.start, ()):
                voice = "Voice" in suffix.feats and not suffix.derive
                if not voice and not suffix.derive:
                    continue
                for allo in suffix.table[(h, c)]:
                    surface = allo.surface
                    if not surface or (req is not None and surface[0] not in req):
                        continue
                    if forbid is not None and surface[0] in forbid:
                        continue
                    if suffix.derive:
                        if surface == allo.base:  # the citation shape (-лық, not -лығ-)
                            yield text + surface[drop:], dict(suffix.feats), "Derivation"
                        continue
                    feats = {**entry.feats, **suffix.feats}
                    for form, row, _ in self._gen(
                        entry,
                        text + surface[drop:],
                        allo.need,
                        suffix.target,
                        allo.harmony,
                        allo.cls,
                        feats,
                        (suffix,),
                        None,
                        max_depth - 1,
                    ):
                        yield form, row, "Voice"

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
