"""Contextual disambiguation: each rule on a real Kazakh sentence, with the shipped lexicon."""

from __future__ import annotations

import pytest

from kazkit.grammar.analysis_output import format_analyses
from kazkit.grammar.disambiguate import disambiguate, idioms
from kazkit.grammar.morphology import analyze


def best(sentence: str) -> list[tuple[str, str]]:
    """(lemma, UPOS) of the first reading of every token of a space-separated sentence."""
    words = sentence.split()
    out = disambiguate(words, [analyze(w) for w in words])
    return [(a[0].lemma, a[0].pos) if a else ("", "") for a in out]


def test_aspectual_verb_after_converb_is_aux() -> None:
    assert best("Ол хат жазып отырды .")[3] == ("отыр", "AUX")
    assert best("Бала ойнай алмады .")[2] == ("ал", "AUX")


def test_aspectual_verb_without_converb_stays_verb() -> None:
    assert best("Ол орындыққа отырды .")[2] == ("отыр", "VERB")
    assert best("Ол маған кітап берді .")[3] == ("бер", "VERB")


def test_copula_bol_is_aux() -> None:
    assert best("Ол мұғалім болды .")[2] == ("бол", "AUX")


def test_desiderative_is_followed_by_aux_kel() -> None:
    assert best("Мен үйге барғым келеді .")[3] == ("кел", "AUX")


def test_ordinary_noun_is_not_read_as_copula() -> None:
    # ел "country" must not become the copula е- with a passive -л
    assert best("Біздің ел дамып келеді .")[1] == ("ел", "NOUN")


def test_first_part_of_light_verb_idiom_is_x() -> None:
    assert best("Жоба жүзеге асырылды .")[1] == ("жүзеге", "X")
    assert best("Президент заңға қол қойды .")[2] == ("қол", "X")


def test_idiom_noun_without_its_verb_stays_noun() -> None:
    assert best("Оның қол сөмкесі жоғалды .")[1][1] != "X"


def test_idiom_list_has_light_verbs() -> None:
    assert "асыр" in idioms()["жүзеге"]
    assert len(idioms()) >= 30


def test_adjective_before_noun_is_adj() -> None:
    assert best("Ол жаман адам емес .")[1] == ("жаман", "ADJ")


def test_inflected_adjective_noun_is_noun() -> None:
    assert best("Байдың малы көп .")[0][1] == "NOUN"


def test_capitalised_word_inside_sentence_is_propn() -> None:
    assert best("Біз Ақтау қаласына бардық .")[1][1] == "PROPN"


def test_abbreviation_in_capitals_is_propn() -> None:
    assert best("Ол АҚШ долларын сатты .")[1] == ("АҚШ", "PROPN")


def test_lower_case_word_is_not_a_name() -> None:
    assert best("Бір ай өтті .")[1][1] == "NOUN"


def test_bar_and_zhoq_are_predicative_adjectives() -> None:
    assert best("Үйде кітап бар .")[2] == ("бар", "ADJ")
    assert best("Уақыт жоқ .")[1] == ("жоқ", "ADJ")


def test_demonstrative_before_noun_is_det_and_alone_is_pron() -> None:
    assert best("Бұл кітап жақсы .")[0] == ("бұл", "DET")
    assert best("Бұл өте жақсы .")[0] == ("бұл", "PRON")


def test_men_is_pronoun_conjunction_or_postposition_by_context() -> None:
    assert best("Мен үйге бардым .")[0][1] == "PRON"
    assert best("қоғам мен мемлекет дамиды .")[1] == ("мен", "CCONJ")


def test_particle_de_after_a_word_is_da() -> None:
    assert best("Ешкім де келмеді .")[1] == ("да", "ADV")


def test_verbal_noun_is_verb_with_verb_lemma() -> None:
    assert best("Табиғатты сақтау керек .")[1] == ("сақта", "VERB")


def test_imperative_inside_sentence_yields_to_noun() -> None:
    assert best("Байдың малын сойды .")[1] == ("мал", "NOUN")


def test_disambiguate_does_not_mutate_the_cached_analyses() -> None:
    words = ["Ол", "хат", "жазып", "отыр"]
    before = [list(analyze(w)) for w in words]
    disambiguate(words, [analyze(w) for w in words])
    assert [analyze(w) for w in words] == before


def test_disambiguate_keeps_every_reading() -> None:
    words = ["Бұл", "кітап", "жақсы"]
    free = [analyze(w) for w in words]
    ranked = disambiguate(words, free)
    for a, b in zip(free, ranked, strict=True):
        assert all(x in b for x in a)


def test_disambiguate_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        disambiguate(["бір", "екі"], [[]])


def test_analyze_output_ranks_running_text_in_context() -> None:
    text = "".join(format_analyses("Ол хат жазып отыр.", "conllu"))
    row = [line.split("\t") for line in text.splitlines() if line.startswith("4\t")][0]
    assert row[1:4] == ["отыр", "отыр", "AUX"]


def test_tokens_mode_uses_lines_as_a_sentence_and_blank_line_breaks() -> None:
    text = "".join(format_analyses("хат\nжазып\nотыр\n\nотыр\n", "conllu", tokens_per_line=True))
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert [r[3] for r in rows] == ["NOUN", "VERB", "AUX", "VERB"]
