"""The analyser's compiled walk and its scoring shortcuts give what the plain versions give.

The walk runs over compiled nodes (``engine._Node``: next node, first-letter closure and path
items resolved once, candidates picked by the next two letters) and the analyser builds its
analyses from per-suffix-sequence summaries with a memoised score; the plain versions here are
the straightforward ones over ``Engine.steps`` tables, ``to_analysis`` and ``Ranker.score``.
Same paths in the same order, same analyses with bit-identical scores.
"""

from __future__ import annotations

import math

import pytest

from kazkit.grammar.morphology import Analyzer, default_lexicon_path
from kazkit.grammar.morphology.analyzer import _dedupe, _score_of, to_analysis
from kazkit.grammar.morphology.engine import MAX_DERIVATIONS, MAX_MORPHS, Engine, Reading
from kazkit.grammar.morphology.morphotactics import CONTEXTS, NEED_ANY
from kazkit.paths import data_path
from kazkit.types import Analysis

LEXICON = default_lexicon_path()
pytestmark = pytest.mark.skipif(LEXICON is None, reason="data/lexicon/lexicon.tsv not built")

WORDS = [
    "мектептерімізде", "оқиды", "оқиын", "кітабымызды", "сақталып", "жазылмады", "орнына",
    "келмегендіктен", "халі", "қазақстандықтар", "барғым", "айтқанындай", "жазушылардың",
    "сөйлейтін", "үйлеріне", "мұғалімдерге", "тұрмыстағы", "ойлау", "жасалды", "көрсетілген",
    "басқармасының", "бастады", "қарады", "айтуынша", "екенін", "деген", "болғандықтан",
    "фактісі", "уезінде", "институтының", "архивіне", "дюймге", "бұларға", "маған", "соларды",
]  # fmt: skip


def _sample_words() -> list[str]:
    """The words above, the shipped samples' words, and one-letter edits of some (the spell
    check's candidates: mostly not words)."""
    words = list(WORDS)
    for name in ("article.txt", "essay.txt"):
        path = data_path("samples", name)
        if path.is_file():
            text = path.read_text(encoding="utf-8").lower()
            words += ["".join(ch for ch in w if ch.isalpha()) for w in text.split()]
    for word in WORDS[:12]:
        for i in range(1, len(word)):
            words.append(word[:i] + word[i + 1 :])  # deletion
            words.append(word[:i] + "а" + word[i + 1 :])  # substitution
    return [w for w in dict.fromkeys(words) if w]


def _table_walk(
    engine: Engine, word: str, pos: int, state: str, h: str, c: str, need, derivs: int
) -> list[tuple]:
    """The depth-first walk straight over ``Engine.steps`` tables, with no shortcut at all."""
    out: list[tuple] = []

    def walk(pos, state, h, c, need, derivs, depth, path) -> None:
        n = len(word)
        if pos == n and need[0] is None and state in engine.tactics.final:
            out.append(tuple(path))
        if depth >= MAX_MORPHS:
            return
        eps, first = engine.steps(state, h, c)
        for surface, base, oh, oc, _, suffix in eps:
            if suffix.derive and derivs >= MAX_DERIVATIONS:
                continue
            more = derivs + 1 if suffix.derive else derivs
            walk(
                pos, suffix.target, oh, oc, need, more, depth + 1, [*path, (suffix, surface, base)]
            )
        req, forbid, drop = need
        if not drop and pos >= n:
            return
        letters = (req or ()) if drop else [word[pos]]
        for letter in letters:
            for surface, base, oh, oc, sneed, suffix in first.get(letter, ()):
                if req is not None and surface[0] not in req:
                    continue
                if forbid is not None and surface[0] in forbid:
                    continue
                if suffix.derive and derivs >= MAX_DERIVATIONS:
                    continue
                more = derivs + 1 if suffix.derive else derivs
                spelled = surface[drop:]
                if spelled and not word.startswith(spelled, pos):
                    continue
                step = (suffix, spelled, base)
                walk(
                    pos + len(spelled), suffix.target, oh, oc, sneed, more, depth + 1, [*path, step]
                )

    walk(pos, state, h, c, need, derivs, 0, [])
    return out


@pytest.fixture(scope="module")
def an() -> Analyzer:
    return Analyzer(LEXICON)  # its own: the memos below start empty


def test_node_walk_gives_the_table_walks_paths_in_order(an: Analyzer) -> None:
    engine = an.engine
    checked = 0
    for word in _sample_words():
        for end in range(1, min(len(word), engine.max_stem) + 1):
            for idx, need in engine.stems.get(word[:end], ()):
                h, c = engine.context_of(idx)
                state = engine.entries[idx].start
                expected = _table_walk(engine, word, end, state, h, c, need, 0)
                assert list(engine.walk(word, end, state, h, c, need, 0)) == expected, word
                checked += bool(expected)
        # the guesser's walks: an unknown stem of any length, one derivation already spent
        for stem_len in range(2, len(word)):
            for h, c in CONTEXTS[::3]:
                expected = _table_walk(engine, word, stem_len, "N", h, c, NEED_ANY, 1)
                assert list(engine.walk(word, stem_len, "N", h, c, NEED_ANY, 1)) == expected
    assert checked > 100


def test_analyse_steps_are_the_readings_of_analyse_paths(an: Analyzer) -> None:
    for word in _sample_words():
        readings = [(r.entry, r.stem_surface, r.steps) for r in an.engine.analyse_paths(word)]
        assert an.engine.analyse_steps(word) == readings


def _plain_to_analysis(reading: Reading) -> tuple[Analysis, int]:
    """The reading's analysis built suffix by suffix: what :func:`to_analysis` and the
    analyser's per-suffix-sequence summaries must both give."""
    entry = reading.entry
    lemma, pos, feats = entry.lemma, entry.upos, dict(entry.feats)
    segments, derivations = [reading.stem_surface], 0
    for i, (suffix, surface, _base) in enumerate(reading.steps):
        if suffix.derive:
            lemma = entry.key + "".join(step[2] for step in reading.steps[: i + 1])
            pos, feats = suffix.derive, {}
            derivations += 1
        if suffix.feats:
            feats.update(suffix.feats)
        if surface:
            segments.append(surface)
    return Analysis(lemma, pos, feats, segments), derivations


def test_known_readings_and_scores_are_those_of_to_analysis_and_score(an: Analyzer) -> None:
    aux_lemmas = an.engine.tactics.aux_lemmas
    for word in _sample_words():
        expected: list[tuple[float, Analysis]] = []
        for reading in an.engine.analyse_paths(word):
            analysis, derivations = _plain_to_analysis(reading)
            built = to_analysis(reading)
            assert built == (analysis, derivations) and list(built[0].feats) == list(analysis.feats)
            morphs = reading.morph_count()
            expected.append((an.ranker.score(word, analysis, morphs, derivations), analysis))
            if analysis.pos == "VERB" and analysis.lemma in aux_lemmas:
                aux = Analysis(analysis.lemma, "AUX", dict(analysis.feats), list(analysis.segments))
                expected.append((an.ranker.score(word, aux, morphs, derivations) - 0.5, aux))
        got: list[tuple[float, Analysis]] = []
        an._score_paths(word, an.engine.analyse_steps(word), got)
        assert got == expected, word
        # same floats to the bit, and the same key order in the features
        assert [repr(s) for s, _ in got] == [repr(s) for s, _ in expected], word
        assert [list(a.feats) for _, a in got] == [list(a.feats) for _, a in expected], word


def test_score_lexical_is_score_to_the_bit(an: Analyzer) -> None:
    ranker = an.ranker
    for word in ("мектепте", "бастады", "маған"):
        for lemma, pos in (("мектеп", "NOUN"), ("баста", "VERB"), ("Мен", "PRON"), ("жоқ", "X")):
            for morphs, derivations in ((0, 0), (2, 0), (3, 1)):
                plain = -1.2 * morphs - 4.0 * derivations
                plain += 3.0 * math.log1p(ranker.form.get((word, lemma.lower(), pos), 0))
                plain += 1.0 * math.log1p(ranker.lemma.get((lemma.lower(), pos), 0))
                plain += 0.3 * ranker.upos_logp.get(pos, ranker.min_logp)
                got = ranker.score_lexical(word, lemma, pos, morphs, derivations)
                assert repr(got) == repr(plain)
                analysis = Analysis(lemma, pos, {}, [word])
                assert repr(ranker.score(word, analysis, morphs, derivations)) == repr(plain)


def test_dedupe_keeps_the_first_of_equal_readings_in_order() -> None:
    def reading(lemma: str, feats: dict[str, str], segments: list[str]) -> Analysis:
        return Analysis(lemma, "NOUN", feats, segments)

    analyses = [
        reading("а", {"Case": "Loc", "Number": "Plur"}, ["а", "лар", "да"]),
        reading("а", {"Number": "Plur", "Case": "Loc"}, ["а", "лар", "да"]),  # equal: dropped
        reading("а", {"Case": "Abl", "Number": "Plur"}, ["а", "лар", "да"]),
        reading("а", {"Case": "Loc"}, ["а", "ларда"]),
        reading("ә", {"Case": "Loc", "Number": "Plur"}, ["а", "лар", "да"]),
        reading("а", {"Case": "Abl", "Number": "Plur"}, ["а", "лар", "да"]),  # equal: dropped
    ]
    seen: set[tuple] = set()
    expected = []
    for a in analyses:  # the plain dedupe: features as a frozenset of items
        key = (a.lemma, a.pos, frozenset(a.feats.items()), tuple(a.segments))
        if key not in seen:
            seen.add(key)
            expected.append(a)
    got = _dedupe(analyses)
    assert [id(a) for a in got] == [id(a) for a in expected]
    assert len(got) == 4


def test_reverse_sort_by_score_keeps_ties_in_order() -> None:
    scored = [(1.0, "a"), (2.0, "b"), (1.0, "c"), (-0.0, "d"), (2.0, "e"), (0.0, "f")]
    assert sorted(scored, key=_score_of, reverse=True) == sorted(scored, key=lambda s: -s[0])
