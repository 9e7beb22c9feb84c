"""Every hand-checked analysis of tests/data/morph_gold.tsv is produced by the analyser."""

from __future__ import annotations

from pathlib import Path

import pytest

from kazkit.grammar.morphology import get_analyzer

DATA = Path(__file__).resolve().parents[1] / "data"


def gold_rows() -> list[list[str]]:
    lines = (DATA / "morph_gold.tsv").read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_gold_list_is_large_enough() -> None:
    assert len(gold_rows()) >= 200


@pytest.mark.parametrize(
    "word,lemma,upos,feats,segments", gold_rows(), ids=lambda v: v if isinstance(v, str) else None
)
def test_gold_analysis_is_found(
    word: str, lemma: str, upos: str, feats: str, segments: str
) -> None:
    an = get_analyzer(DATA / "morph_lexicon.tsv")
    found = {(a.lemma, a.pos, a.feats_str, "+".join(a.segments)) for a in an.analyze(word)}
    assert (lemma, upos, feats, segments) in found, sorted(found)


def test_gold_forms_are_generated_back() -> None:
    an = get_analyzer(DATA / "morph_lexicon.tsv")
    missing = []
    for word, lemma, upos, feats, _ in gold_rows():
        if "Derivation" in feats or "-" in word or not an.is_known(word):
            continue
        feats_dict = dict(p.split("=", 1) for p in feats.split("|")) if feats != "_" else {}
        if word not in an.generate(lemma, feats_dict, upos):
            missing.append((word, lemma, feats))
    assert missing == []
