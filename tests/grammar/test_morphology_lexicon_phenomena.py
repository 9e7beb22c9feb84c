"""Phenomena checked on the shipped lexicon (data/lexicon/lexicon.tsv) with real Kazakh words:
lexicalised passive stems, a loanword's harmony, abbreviations' pronunciation harmony, the
defective copula е-, extra lexeme rows, and the analyser's fast paths (same results as the
plain search)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kazkit.grammar.morphology import Analyzer, default_lexicon_path, get_analyzer
from kazkit.grammar.morphology.lexicon import stem_variants
from kazkit.paths import data_path

LEXICON = default_lexicon_path()
pytestmark = pytest.mark.skipif(LEXICON is None, reason="data/lexicon/lexicon.tsv not built")


@pytest.fixture(scope="module")
def an() -> Analyzer:
    return get_analyzer()


def top(an: Analyzer, word: str):
    found = an.analyze(word)
    assert found, f"{word} has no analysis"
    return found[0]


def test_lexicalised_passive_and_root_plus_voice_are_both_offered(an: Analyzer) -> None:
    found = {(a.lemma, a.feats.get("Voice")) for a in an.analyze("сақталып")}
    assert {("сақта", "Pass"), ("сақтал", None)} <= found


def test_passive_reading_ranks_first_when_the_root_has_more_evidence(an: Analyzer) -> None:
    # ranking.tsv saw сақта as a lemma (gold texts lemmatise passives to the root), сақтал never
    best = top(an, "сақталды")
    assert (best.lemma, best.feats.get("Voice")) == ("сақта", "Pass")


def test_lexicalised_passive_stem_ranks_first_when_it_has_the_evidence(tmp_path: Path) -> None:
    ranking = tmp_path / "ranking.tsv"
    ranking.write_text(
        "lemma\tсақтал\tVERB\t40\nlemma\tсақта\tVERB\t2\nupos\tVERB\t100\n", encoding="utf-8"
    )
    analyzer = Analyzer(LEXICON, ranking)
    best = analyzer.analyze("сақталды")[0]
    assert (best.lemma, best.feats.get("Voice")) == ("сақтал", None)


def test_causative_stems_are_not_reranked_as_root_plus_voice(an: Analyzer) -> None:
    # жүргіз "conduct" is a lexeme of its own, although жүр is a frequent lemma
    assert top(an, "жүргізді").lemma == "жүргіз"


def test_loanword_хал_takes_front_suffixes(an: Analyzer) -> None:
    assert (top(an, "халі").lemma, top(an, "халі").segments) == ("хал", ["хал", "і"])
    assert top(an, "халің").feats["Person[psor]"] == "2"
    assert an.is_known("халін")
    assert not an.is_known("халың")  # the back-vowel suffix breaks the loanword's harmony


@pytest.mark.parametrize(
    ("good", "bad"),
    [("ҚР-да", "ҚР-де"), ("АҚШ-тың", "АҚШ-тің"), ("ЖОО-лар", "ЖОО-лер"), ("БҰҰ-ның", "БҰҰ-нің"),
     ("ТМД-ға", "ТМД-ге"), ("ІІМ-нің", "ІІМ-ның")],
)  # fmt: skip
def test_abbreviation_suffix_follows_its_pronunciation_harmony(
    an: Analyzer, good: str, bad: str
) -> None:
    best = top(an, good)
    assert best.lemma == good.split("-")[0] and not best.guessed
    assert an.is_known(good)
    assert not an.is_known(bad), f"{bad} breaks the harmony of {good.split('-')[0]}"


def test_consonant_only_abbreviation_takes_the_letter_name_or_the_letter_ending(
    an: Analyzer,
) -> None:
    # ҚР is spelled қы-ры: both ҚР-ның (after the name's vowel) and ҚР-дың are written
    assert top(an, "ҚР-ның").feats["Case"] == "Gen"
    assert top(an, "ҚР-дың").feats["Case"] == "Gen"


def test_copula_е_is_not_read_into_ел_ет_енді(an: Analyzer) -> None:
    for word in ("ел", "ет", "енді", "ер", "етеді", "елдің"):
        assert all(a.lemma != "е" for a in an.analyze(word)), word
    assert {(a.lemma, a.pos) for a in an.analyze("ел")} == {("ел", "NOUN")}


def test_copula_е_keeps_its_listed_forms(an: Analyzer) -> None:
    assert (top(an, "еді").lemma, top(an, "еді").pos) == ("е", "AUX")
    assert top(an, "екенін").lemma == "е"
    assert top(an, "емес").lemma == "е"
    past = "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"
    assert "еді" in an.generate("е", past)
    assert "ел" not in {form for form, _ in an.lexeme("е")}


def test_lexeme_extra_rows_add_voice_forms_marked(an: Analyzer) -> None:
    plain = an.lexeme("жаз", "VERB")
    extended = an.lexeme("жаз", "VERB", extra=True)
    assert extended[: len(plain)] == plain
    assert all("Extra" not in feats for _, feats in plain)
    extra = [(form, feats) for form, feats in extended[len(plain) :]]
    assert ("жазылды", "Pass", "Voice") in {
        (form, feats.get("Voice"), feats["Extra"]) for form, feats in extra
    }
    assert {feats["Voice"] for _, feats in extra if feats["Extra"] == "Voice"} >= {"Pass", "Cau"}
    for form, feats in extra[:200]:
        assert any(
            a.lemma == "жаз" and a.feats.get("Voice") == feats["Voice"] for a in an.analyze(form)
        ), form


def test_lexeme_extra_rows_add_derived_stems_marked(an: Analyzer) -> None:
    derived = {
        form: feats
        for form, feats in an.lexeme("мектеп", "NOUN", extra=True)
        if feats.get("Extra") == "Derivation"
    }
    assert derived["мектептік"]["Derivation"] == "Lyq"
    assert "мектепсіз" in derived
    assert "мектептік" not in {form for form, _ in an.lexeme("мектеп", "NOUN")}


def test_stem_index_fast_path_matches_stem_variants_for_every_entry(an: Analyzer) -> None:
    engine = an.engine
    expected: dict[str, list] = {}
    irregular = {f.lemma for fs in engine.full_forms.values() for f in fs if f.upos == "PRON"}
    for idx, entry in enumerate(engine.entries):
        if entry.upos == "PRON" and entry.start == "N" and entry.lemma in irregular:
            continue
        if entry.start == "V" and entry.lemma in engine.tactics.defective:
            continue
        for surface, need in stem_variants(engine.phon, entry, engine.novoice):
            expected.setdefault(surface, []).append((idx, need))
    assert engine.stems == expected


def test_walk_shortcuts_give_the_plain_search_results() -> None:
    words = [
        "мектептерімізде", "оқиды", "кітабымызды", "сақталып", "жазылмады", "орнына",
        "Медведевтің", "барғым", "келмегендіктен", "халі", "ҚР-да", "2020-да", "қазақстандықтар",
    ]  # fmt: skip
    fast = Analyzer(LEXICON)
    plain = Analyzer(LEXICON)
    everything = frozenset("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
    # no first-letter rejection, and a memo that never hits
    plain.engine.first_letters = lambda *_: everything  # type: ignore[method-assign]
    plain.engine._closures = {}
    for word in words:
        plain.engine._walks.clear()
        assert [a.to_dict() for a in fast.analyze(word)] == [
            a.to_dict() for a in plain.analyze(word)
        ], word


def test_yaml_data_parses_the_same_with_either_loader() -> None:
    import yaml

    from kazkit.grammar.morphology.phonology import load_yaml

    for name in ("nominal.yaml", "verbal.yaml", "phonology.yaml", "pronouns.yaml"):
        path = data_path("morphology", name)
        assert load_yaml(path) == yaml.safe_load(path.read_text("utf-8")), name
