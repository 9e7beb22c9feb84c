"""The analyser: word -> analyses, lemma + features -> forms, using one compiled :class:`Engine`."""

from __future__ import annotations

import re
from operator import itemgetter
from pathlib import Path

from kazkit.types import Analysis

from .cache import load_engine
from .engine import Reading
from .guesser import abbreviation_contexts, guess_suffixed, number_word, unknown_stem_guesses
from .lexicon import Entry, FullForm, parse_feats
from .morphotactics import Suffix
from .ranking import Ranker

_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)(?:-(.+))?$")
_CYRILLIC = re.compile(r"^[а-яёәғқңөұүһі]+$")
_LATIN = re.compile(r"^[a-zäğıñöşūüİı]+$", re.IGNORECASE)
CLITICS = {"ақ": "PART", "ау": "PART", "ай": "PART", "мыс": "PART", "тұғын": "PART"}
CACHE_LIMIT = 200_000
SUMMARY_LIMIT = 100_000  # suffix summaries kept (cleared when full: bounded memory)
# The one empty known-readings list (never handed out): a third of the known-cache entries are
# empty (the guesser's stem tests), and one shared object spares the collector their rescans.
_NO_READINGS: list[Analysis] = []


class Analyzer:
    """Kazakh morphological analyser and generator over one lexicon. Picklable (rebuilds on load)."""

    def __init__(self, lexicon_path: Path | None = None, ranking_path: Path | None = None) -> None:
        self.lexicon_path = lexicon_path
        self.ranking_path = ranking_path
        self.engine = load_engine(lexicon_path)
        self.ranker = Ranker(ranking_path)
        self._cache: dict[str, list[Analysis]] = {}
        # lexicon readings by lower-case form, best first, shared by "Мектеп" and "мектеп" (and
        # the very list returned for "мектеп": never mutated)
        self._known_cache: dict[str, list[Analysis]] = {}
        # lower-case forms with a reading of an all-capitals acronym (ОАР): such a reading needs
        # the word itself in capitals (see _analyze)
        self._acronym_forms: set[str] = set()
        # what each suffix sequence of the walk memo contributes to an analysis, by id() of the
        # sequence (kept with it, so that an id is never reused while its entry is alive)
        self._summaries: dict[int, tuple] = {}
        self._continued_heads: frozenset[str] | None = None
        # lexicon (lemma, UPOS) pairs by lower-case form (see lexical_pairs)
        self._pairs: dict[str, tuple[tuple[str, str], ...]] = {}

    def __getstate__(self) -> dict:
        return {"lexicon_path": self.lexicon_path, "ranking_path": self.ranking_path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["lexicon_path"], state["ranking_path"])  # type: ignore[misc]

    # ---- public API ----------------------------------------------------------------------
    def analyze(self, word: str) -> list[Analysis]:
        """Analyses of one word, best first; [] when it is not a Kazakh word.

        The list is the per-type cache entry itself (no copy: this is the hot path of running
        text), so callers must not mutate it or its analyses; copy first (``list(...)``).

        >>> [a.lemma for a in get_analyzer().analyze("Мектептерімізде")][:1]  # doctest: +SKIP
        ['мектеп']
        """
        cached = self._cache.get(word)
        if cached is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
                self._known_cache.clear()
                self._acronym_forms.clear()
            cached = self._cache[word] = self._analyze(word)
        return cached

    def is_known(self, word: str) -> bool:
        """True when the word has a reading from the lexicon (not a guess): the spell-checker's test."""
        return any(not a.guessed for a in self.analyze(word))

    def generate(
        self, lemma: str, feats: dict[str, str] | str, pos: str | None = None
    ) -> list[str]:
        """Forms of a lemma with exactly these features: ("мектеп", "Case=Loc|Number=Plur") -> ["мектептерде"]."""
        target = parse_feats(feats) if isinstance(feats, str) else dict(feats)
        out: list[str] = []
        for entry in self._entries(lemma, pos):
            for form, _, _ in self.engine.generate_paths(entry, self._target(entry, target)):
                out.append(self._case_like(form, entry))
        for form, full in self._full_forms_of(lemma, pos):
            if all(full.feats.get(k) == v for k, v in target.items()):
                out.append(form)
        return list(dict.fromkeys(out))

    def lexeme(
        self, lemma: str, pos: str | None = None, extra: bool = False
    ) -> list[tuple[str, dict[str, str]]]:
        """The paradigm table of a lemma: (form, features) rows.

        With ``extra``, the rows a table of one lexeme leaves out follow it, marked by an
        ``Extra`` feature: the forms of each voice (``Extra=Voice``: жазылды, Voice=Pass) and the
        derived stems (``Extra=Derivation``: мектептік, Derivation=Lyq).
        """
        rows: list[tuple[str, dict[str, str]]] = []
        seen: set[tuple[str, str]] = set()

        def add(form: str, feats: dict[str, str], entry: Entry | None) -> None:
            key = (form, str(sorted(feats.items())))
            if key not in seen:
                seen.add(key)
                rows.append((self._case_like(form, entry) if entry else form, feats))

        entries = self._entries(lemma, pos)
        for entry in entries:
            for form, feats, _ in self.engine.generate_paths(entry, None, max_depth=5):
                add(form, feats, entry)
        for form, full in self._full_forms_of(lemma, pos):
            rows.append((form, dict(full.feats)))
        if extra:
            for entry in entries:
                for form, feats, kind in self.engine.generate_extra(entry):
                    add(form, {**feats, "Extra": kind}, entry)
        return rows

    # ---- analysis ------------------------------------------------------------------------
    def _analyze(self, word: str) -> list[Analysis]:
        if not word:
            return []
        lower = word.lower()
        known = self._known_cache.get(lower)
        if known is None:
            known = self._known_cache[lower] = self._known_sorted(lower)
        if known and lower in self._acronym_forms:
            # an acronym is written in capitals: оар is not ОАР, оон not ООН
            known = [a for a in known if not _acronym_misread(a, word)]
        if known:
            # lexicon readings win outright: no numbers, hyphen rules or guesses
            return known if word == lower else [_recase(a, word, lower) for a in known]
        scored: list[tuple[float, Analysis]] = []
        if _NUMBER.match(lower):
            scored = self._number(lower)
        elif "-" in lower.strip("-"):
            scored = self._hyphenated(word, lower)
        if not scored and _LATIN.match(word):
            return self._latin(word)
        if not scored and _CYRILLIC.match(lower):
            scored = self._guess(word, lower)
        scored.sort(key=_score_of, reverse=True)  # best first, stable
        return _dedupe([_recase(a, word, lower) for _, a in scored])

    def _known_word(self, lower: str) -> bool:
        """is_known() for a lower-case Cyrillic word, without guessing (the guesser's stem test)."""
        known = self._known_cache.get(lower)
        if known is None:
            known = self._known_cache[lower] = self._known_sorted(lower)
        return bool(known)

    def has_lexical_reading(self, lower: str) -> bool:
        """:meth:`_known_word` without building the readings: whether the lexicon reads the
        lower-case Cyrillic word ``lower`` at all, stopping at the first way it does (no
        analyses, scores or sorting: the suggestion search asks this of tens of candidate forms
        per unknown word and keeps few of them)."""
        known = self._known_cache.get(lower)
        if known is not None:
            return bool(known)
        engine = self.engine
        if engine.full_forms.get(lower):
            return True
        heads = self._continued_heads
        if heads is None:
            heads = self._continued_heads = engine.continued_forms().heads
        if lower[:2] in heads:
            for form, fulls in self._prefix_full_forms(lower):
                for full in fulls:
                    for steps in engine.walk_from(lower, len(form), full.next_state, form):  # type: ignore[arg-type]
                        if steps:
                            return True
        return bool(engine.analyse_steps(lower))

    def lexical_pairs(self, lower: str) -> tuple[tuple[str, str], ...]:
        """The (lemma, UPOS) pairs of the lexicon readings of the lower-case word ``lower``
        (() when it has none), without building, scoring and sorting the readings where the
        readings come from stems and suffixes only: about half the cost of :meth:`_known_word`,
        and all the spell check needs of a word found correct (is it only a name, only an
        acronym?). The pairs of a listed form, or of one that goes on from a listed form, are
        taken from its readings."""
        cached = self._pairs.get(lower)
        if cached is not None:
            return cached
        known = self._known_cache.get(lower)
        if known is None:
            engine = self.engine
            heads = self._continued_heads
            if heads is None:
                heads = self._continued_heads = engine.continued_forms().heads
            if not engine.full_forms.get(lower) and not (lower[:2] in heads and self._prefix_full_forms(lower)):
                found = set()
                aux_lemmas = engine.tactics.aux_lemmas
                for entry, _stem, steps in engine.analyse_steps(lower):
                    derivations, derived_pos, lemma_tail = self._summary(steps)[1:4]
                    if derivations:
                        lemma, pos = entry.key + lemma_tail, derived_pos
                    else:
                        lemma, pos = entry.lemma, entry.upos
                    found.add((lemma, pos))
                    if pos == "VERB" and lemma in aux_lemmas:
                        found.add((lemma, "AUX"))
                return self._keep_pairs(lower, tuple(sorted(found)))
            known = self._known_cache[lower] = self._known_sorted(lower)
        return self._keep_pairs(lower, tuple(sorted({(a.lemma, a.pos) for a in known})))

    def _keep_pairs(self, lower: str, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        if len(self._pairs) >= CACHE_LIMIT:
            self._pairs.clear()
        self._pairs[lower] = pairs
        return pairs

    def _summary(self, steps: tuple[tuple[Suffix, str, str], ...]) -> tuple:
        """``(steps, *_suffix_summary(steps))``, kept by id() of ``steps`` (with ``steps`` itself,
        so that an id is never reused while its entry is alive)."""
        summaries = self._summaries
        held = summaries.get(id(steps))
        if held is None or held[0] is not steps:
            if len(summaries) >= SUMMARY_LIMIT:
                summaries.clear()
            held = summaries[id(steps)] = (steps, *_suffix_summary(steps))
        return held

    def _known_sorted(self, lower: str) -> list[Analysis]:
        """The lexicon readings of a lower-case word, best first (shared by Мектеп and мектеп)."""
        scored = self._known(lower)
        if not scored:
            return _NO_READINGS
        for _, a in scored:
            if len(a.lemma) > 1 and a.lemma.isupper():  # _is_acronym, inlined
                self._acronym_forms.add(lower)
                break
        if len(scored) > 1:
            self._rank_voice_stems(scored)
            # best first; stable, also in reverse: equal scores keep the walk's order
            scored.sort(key=_score_of, reverse=True)
            return _dedupe([a for _, a in scored])
        return [scored[0][1]]

    def _known(self, lower: str) -> list[tuple[float, Analysis]]:
        out: list[tuple[float, Analysis]] = []
        engine = self.engine
        fulls = engine.full_forms.get(lower)
        if fulls:
            for full in fulls:
                analysis = Analysis(full.lemma, full.upos, dict(full.feats), list(full.segments))
                out.append((self.ranker.score(lower, analysis, 0, 0) + 1.0, analysis))
        heads = self._continued_heads
        if heads is None:
            heads = self._continued_heads = engine.continued_forms().heads
        if lower[:2] in heads:  # almost every word: no look-ups at all
            for form, fulls in self._prefix_full_forms(lower):
                for full in fulls:
                    for steps in engine.walk_from(lower, len(form), full.next_state, form):  # type: ignore[arg-type]
                        if steps:
                            entry = Entry(
                                full.lemma,
                                full.upos,
                                full.next_state or "N",
                                frozenset(),
                                dict(full.feats),
                                form,
                            )
                            out.extend(
                                self._score(lower, Reading(entry, form, steps), full.segments)
                            )
        paths = engine.analyse_steps(lower)
        if paths:
            self._score_paths(lower, paths, out)
        return out

    def _score_paths(
        self,
        lower: str,
        paths: list[tuple[Entry, str, tuple[tuple[Suffix, str, str], ...]]],
        out: list[tuple[float, Analysis]],
    ) -> None:
        """:meth:`_score` of each lexicon path ``(entry, stem, steps)`` of ``lower``, appended
        to ``out``: the same analyses and scores, without a :class:`Reading` per path and with
        what the suffixes contribute (:func:`_suffix_summary`) computed once per ``steps``
        (one tuple of the walk memo serves every stem that the same ending follows)."""
        summaries = self._summaries
        score = self.ranker.score_lexical
        aux_lemmas = self.engine.tactics.aux_lemmas
        for entry, stem, steps in paths:
            held = summaries.get(id(steps))
            if held is None or held[0] is not steps:
                if len(summaries) >= SUMMARY_LIMIT:
                    summaries.clear()
                held = summaries[id(steps)] = (steps, *_suffix_summary(steps))
            _, derivations, derived_pos, lemma_tail, suffix_feats, surfaces = held
            if derivations:
                # the derived stem in citation shape is the lemma (жаз+у -> жазу)
                lemma, pos, feats = entry.key + lemma_tail, derived_pos, dict(suffix_feats)
            else:
                lemma, pos = entry.lemma, entry.upos
                feats = {**entry.feats, **suffix_feats} if suffix_feats else dict(entry.feats)
            morphs = len(surfaces)
            analysis = Analysis(lemma, pos, feats, [stem, *surfaces], False)
            out.append((score(lower, lemma, pos, morphs, derivations), analysis))
            if pos == "VERB" and lemma in aux_lemmas:
                aux = Analysis(lemma, "AUX", dict(feats), [stem, *surfaces], False)
                out.append((score(lower, lemma, "AUX", morphs, derivations) - 0.5, aux))

    def _rank_voice_stems(self, scored: list[tuple[float, Analysis]]) -> None:
        """Order a lexicalised voice stem and its root + Voice reading by lemma evidence.

        сақталып is both сақтал+ып (the lexicon's own verb "be kept") and сақта+л+ып (Voice=Pass);
        the second has one morph more, so without evidence the lexicalised stem comes first.
        When the ranking data saw the root as a lemma more often than the voice stem (the UD
        and apertium gold texts lemmatise passives to the root), the root reading goes first.
        """
        lemma_count = self.ranker.lemma
        for i, (score, voiced) in enumerate(scored):
            # passives only: causative and reflexive stems (жүргіз, бағын) are lexemes of their own
            if voiced.feats.get("Voice") != "Pass" or len(voiced.segments) < 3:
                continue
            stem = voiced.segments[0] + voiced.segments[1]
            rest = voiced.segments[2:]
            for other_score, lexical in scored:
                if (
                    lexical.pos == voiced.pos
                    and "Voice" not in lexical.feats
                    and lexical.segments[0] == stem
                    and lexical.segments[1:] == rest
                    and lexical.lemma == stem
                    and other_score >= score
                    and lemma_count.get((voiced.lemma.lower(), voiced.pos), 0)
                    > lemma_count.get((lexical.lemma.lower(), lexical.pos), 0)
                ):
                    scored[i] = (other_score + 0.01, voiced)
                    break

    def _prefix_full_forms(self, lower: str) -> list[tuple[str, list[FullForm]]]:
        """Listed forms that regular suffixes may follow and that start ``lower`` (екен-ін)."""
        conts = self.engine.continued_forms()
        if lower[:2] not in conts.heads:  # almost every word: no lookups at all
            return []
        hits = []
        for end in range(2, min(len(lower), conts.max_len + 1)):
            cont = conts.get(lower[:end])
            if cont:
                hits.append((lower[:end], cont))
        return hits

    def _score(
        self,
        lower: str,
        reading: Reading,
        stem_segments: list[str] | None = None,
        guessed: bool = False,
    ) -> list[tuple[float, Analysis]]:
        analysis, derivations = to_analysis(reading, guessed, stem_segments)
        # the non-empty morphs after the stem (Reading.morph_count, without a second pass)
        morphs = len(analysis.segments) - (len(stem_segments) if stem_segments else 1)
        score = self.ranker.score(lower, analysis, morphs, derivations)
        out = [(score, analysis)]
        if analysis.pos == "VERB" and analysis.lemma in self.engine.tactics.aux_lemmas:
            aux = Analysis(
                analysis.lemma, "AUX", dict(analysis.feats), list(analysis.segments), guessed
            )
            out.append((self.ranker.score(lower, aux, morphs, derivations) - 0.5, aux))
        return out

    def _hyphenated(self, word: str, lower: str) -> list[tuple[float, Analysis]]:
        head, _, last = lower.rpartition("-")
        out: list[tuple[float, Analysis]] = []
        if last in CLITICS:  # сондай-ақ, жасаған-ау: a clitic written with a hyphen
            for a in self.analyze(word[: len(head)]):
                out.append(
                    (0.0, Analysis(a.lemma, a.pos, dict(a.feats), [*a.segments, last], a.guessed))
                )
            return out
        original_head = word[: len(head)]
        if original_head.isupper() or any(
            e.start == "N" and e.upos == "PROPN" for e in self.engine.by_lemma.get(head, [])
        ):
            out.extend(self._abbreviation(original_head, lower))
        if out:
            return out
        head_known = all(self.is_known(part) for part in head.split("-") if part)
        # a lower-case ending after an upper-case abbreviation is its suffix: one that breaks the
        # abbreviation's harmony (*ҚР-де, *ЖОО-лер) is no compound of known words
        tail = word[len(head) + 1 :]
        head_known = head_known and not (original_head.isupper() and tail.islower())
        for a in self._tail_analyses(tail):
            lemma = f"{word[: len(head)] if a.pos == 'PROPN' else head}-{a.lemma}"
            analysis = Analysis(
                lemma,
                a.pos,
                dict(a.feats),
                [head + "-" + a.segments[0], *a.segments[1:]],
                a.guessed or not head_known,
            )
            out.append((-1.0 * len(a.segments), analysis))
        return out

    def _tail_analyses(self, tail: str) -> list[Analysis]:
        """Readings of the part after a hyphen, acronym readings included (кг-ға: the part is a
        suffix, written in lower case whatever it is read as)."""
        found = self.analyze(tail)
        if not found and tail.lower() in self._acronym_forms:
            found = self._known_cache.get(tail.lower()) or []
        return found

    def _abbreviation(self, abbr: str, lower: str) -> list[tuple[float, Analysis]]:
        """ҚР-да -> ҚР, Case=Loc; ЖОО-лар -> ЖОО, Number=Plur."""
        known = [e for e in self.engine.by_lemma.get(abbr.lower(), []) if e.lemma == abbr]
        upos = known[0].upos if known else "PROPN"
        entry = Entry(abbr, upos, "N", frozenset(), {}, abbr.lower())
        out = []
        for reading in guess_suffixed(
            self.engine, lower, len(abbr) + 1, entry, abbreviation_contexts(self.engine, abbr)
        ):
            reading.stem_surface = abbr
            out.extend(self._score(lower, reading, guessed=not known))
        return out

    def _number(self, lower: str) -> list[tuple[float, Analysis]]:
        """2020 -> NUM; 2020-да -> 2020, Case=Loc; 55-ші -> NumType=Ord; 5-сынып -> a compound."""
        m = _NUMBER.match(lower)
        if not m:
            return []
        digits, suffix = m.group(1), m.group(2)
        if suffix is None:
            return [(0.0, Analysis(digits, "NUM", {"NumType": "Card"}, [digits]))]
        out: list[tuple[float, Analysis]] = []
        said = number_word(digits)
        entry = Entry(digits, "NUM", "NUMC", frozenset(), {"NumType": "Card"}, digits)
        text = said + suffix
        h, c = self.engine.phon.harmony(said), self.engine.phon.sound_class(said)
        for steps in self.engine.walk(text, len(said), "NUMC", h, c, (None, None, 0), 1):
            out.extend(self._score(lower, Reading(entry, digits, steps), guessed=True))
        if re.fullmatch(r"[шщ][ыі]", suffix) and self.engine.phon.harmony(said) == (
            "b" if suffix[1] == "ы" else "f"
        ):
            out.append((0.0, Analysis(digits, "NUM", {"NumType": "Ord"}, [digits, suffix], True)))
        for a in self.analyze(suffix) if not out else []:
            if a.pos in ("NOUN", "ADJ") and not a.guessed:
                out.append(
                    (
                        -1.0,
                        Analysis(
                            f"{digits}-{a.lemma}",
                            a.pos,
                            dict(a.feats),
                            [f"{digits}-{a.segments[0]}", *a.segments[1:]],
                            True,
                        ),
                    )
                )
        return out

    def _latin(self, word: str) -> list[Analysis]:
        try:
            from kazkit.text.translit import to_cyrillic  # lazy: optional sibling module
        except ImportError:
            return []
        cyr = to_cyrillic(word)
        if cyr == word:
            return []
        found = self.analyze(cyr)
        if not found and "и" in cyr:  # Latin typed without ı: "mektepterimizde" means -ізде
            found = self.analyze(cyr.replace("и", "і"))
        return [Analysis(a.lemma, a.pos, dict(a.feats), list(a.segments), True) for a in found]

    def _guess(self, word: str, lower: str) -> list[tuple[float, Analysis]]:
        capitalised = word[:1].isupper()
        out: list[tuple[float, Analysis]] = []
        for reading in unknown_stem_guesses(self.engine, lower, self._known_word, capitalised):
            if reading.entry.upos == "PROPN":
                reading.entry.lemma = word[: len(reading.entry.lemma)]
                reading.entry.lemma = reading.entry.lemma[:1].upper() + reading.entry.lemma[1:]
            out.extend(self._score(lower, reading, guessed=True))
        if capitalised and not out and len(lower) >= 2:
            out.append((-20.0, Analysis(word, "PROPN", {"Case": "Nom"}, [word], True)))
        return out[:12]

    # ---- generation helpers --------------------------------------------------------------
    def _entries(self, lemma: str, pos: str | None) -> list[Entry]:
        """Entries with a regular paradigm (a defective verb's forms are all full forms)."""
        entries = self.engine.by_lemma.get(lemma.lower(), [])
        defective = self.engine.tactics.defective
        return [
            e
            for e in entries
            if (pos is None or e.upos == pos or (pos == "AUX" and e.upos == "VERB"))
            and not (e.start == "V" and e.lemma in defective)
        ]

    @staticmethod
    def _target(entry: Entry, target: dict[str, str]) -> dict[str, str]:
        # a stem's own features (NumType=Card) are defaults: asking without them still matches
        return {**entry.feats, **target} if not any(k in target for k in entry.feats) else target

    @staticmethod
    def _case_like(form: str, entry: Entry) -> str:
        if entry.lemma[:1].isupper():
            return (
                entry.lemma[: len(entry.key)] + form[len(entry.key) :]
                if form.startswith(entry.key)
                else form[:1].upper() + form[1:]
            )
        return form

    def _full_forms_of(self, lemma: str, pos: str | None) -> list[tuple[str, FullForm]]:
        out = []
        for form, fulls in self.engine.full_forms.items():
            for full in fulls:
                if full.lemma == lemma and (pos is None or full.upos == pos):
                    out.append((form, full))
        return out


def to_analysis(
    reading: Reading, guessed: bool = False, stem_segments: list[str] | None = None
) -> tuple[Analysis, int]:
    """Turn a reading into an :class:`Analysis`; derivations make the derived stem the lemma."""
    entry = reading.entry
    derivations, derived_pos, lemma_tail, suffix_feats, surfaces = _suffix_summary(reading.steps)
    if derivations:
        # the derived stem in citation shape: stem + the bases so far (жаз+у -> жазу)
        lemma, pos, feats = entry.key + lemma_tail, derived_pos, dict(suffix_feats)
    else:
        lemma, pos, feats = entry.lemma, entry.upos, {**entry.feats, **suffix_feats}
    segments = [*(stem_segments or [reading.stem_surface]), *surfaces]
    return Analysis(lemma, pos, feats, segments, guessed), derivations


def _suffix_summary(
    steps: tuple[tuple[Suffix, str, str], ...],
) -> tuple[int, str | None, str, dict[str, str], tuple[str, ...]]:
    """What a suffix sequence contributes to :func:`to_analysis`, whatever the stem:
    ``(derivations, derived UPOS, lemma tail, features, non-empty surfaces)``.

    The features are those of the suffixes after the last derivation (all of them without
    one), merged in order: updating the stem's features with them gives the same dict, keys
    in the same order, as updating it suffix by suffix. The lemma tail is the bases up to the
    last derivation (the derived stem is ``entry.key`` + tail).
    """
    derivations, derived_pos, lemma_tail = 0, None, ""
    feats: dict[str, str] = {}
    surfaces = []
    for i, (suffix, surface, _base) in enumerate(steps):
        if suffix.derive:
            lemma_tail = "".join(step[2] for step in steps[: i + 1])
            derived_pos, feats = suffix.derive, {}
            derivations += 1
        if suffix.feats:
            feats.update(suffix.feats)
        if surface:
            surfaces.append(surface)
    return derivations, derived_pos, lemma_tail, feats, tuple(surfaces)


def _is_acronym(lemma: str) -> bool:
    """An all-capitals abbreviation lemma (ОАР, ЮНЕСКО; not ҚазҰУ, not a one-letter А)."""
    return len(lemma) > 1 and lemma.isupper()


def _acronym_misread(analysis: Analysis, word: str) -> bool:
    """True for an acronym reading of a word whose stem is not written in capitals (оар)."""
    lemma = analysis.lemma
    return _is_acronym(lemma) and not word[: len(lemma)].isupper()


def _recase(analysis: Analysis, word: str, lower: str) -> Analysis:
    """Segments as written in the word (Астанада -> Астана+да), when they spell it exactly."""
    if word != lower and "".join(analysis.segments) == lower:
        out, pos = [], 0
        for seg in analysis.segments:
            out.append(word[pos : pos + len(seg)])
            pos += len(seg)
        # a new object: the lower-case readings are shared with the lower-case word's entry
        return Analysis(analysis.lemma, analysis.pos, analysis.feats, out, analysis.guessed)
    return analysis


#: The score of a (score, analysis) pair: sorting by it with ``reverse=True`` is stable (equal
#: scores keep their order), so it orders as sorting by the negated score did, without a Python
#: call per pair.
_score_of = itemgetter(0)


def _dedupe(analyses: list[Analysis]) -> list[Analysis]:
    """The first of each equal (lemma, UPOS, features, segments) reading, in order.

    Features are compared as dicts only among readings that agree on the rest (two equal dicts
    have equal item sets): no frozenset of the features per reading.
    """
    if len(analyses) < 2:
        return analyses
    seen: dict[tuple, list[dict[str, str]]] = {}
    out = []
    for a in analyses:
        key = (a.lemma, a.pos, tuple(a.segments))
        feats_seen = seen.get(key)
        if feats_seen is None:
            seen[key] = [a.feats]
        elif a.feats in feats_seen:
            continue
        else:
            feats_seen.append(a.feats)
        out.append(a)
    return out
