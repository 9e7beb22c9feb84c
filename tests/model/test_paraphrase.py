"""The rule-based paraphraser: synonyms in the original inflection and safe rewrites."""

import pytest

from kazkit.errors import UsageError
from kazkit.grammar.checker import check_text
from kazkit.model.paraphrase import connective_sets, paraphrase, passes_spelling


def _kinds(text: str) -> dict[str, tuple[str, str]]:
    return {c.kind: (c.original, c.replacement) for c in paraphrase(text)[0].changes}


def test_synonym_takes_the_inflection_of_the_original_word():
    result = paraphrase("Біз бұл мәселелерді талқыладық.")[0]
    assert result.text == "Біз бұл проблемаларды талқыладық."
    assert result.changes[0].kind == "synonym"


def test_dash_definition_becomes_a_copula_sentence():
    assert paraphrase("Алматы — ірі қала.")[0].text == "Алматы ірі қала болып табылады."


def test_coordinating_men_becomes_zhane_but_comitative_men_stays():
    assert _kinds("Қоғам мен мемлекет бірге дамиды.")["conjunction"] == ("мен", "және")
    assert "conjunction" not in _kinds("Мен сенімен бардым.")


def test_semicolon_between_finite_clauses_splits_the_sentence():
    assert paraphrase("Ол келді; біз оны көрдік.")[0].text == "Ол келді. Біз оны көрдік."


def test_sentence_initial_connective_is_exchanged():
    assert paraphrase("Сонымен қатар, ол кітап жазды.")[0].text.startswith("Сондай-ақ,")
    assert "сондай-ақ" in connective_sets()["сонымен қатар"]


def test_fixed_expression_keeps_its_words():
    assert "ана тілін" in paraphrase("Оқушылар ана тілін оқиды.")[0].text


def test_other_languages_and_names_are_kept_byte_for_byte():
    text = "В статье рассматривается морфология. This is English.\n"
    assert paraphrase(text)[0].text == text


def test_every_substituted_word_passes_the_spelling_check():
    text = "Бұл маңызды мәселе. Ғалымдар тіл білімінің түрлі салаларын зерттейді. Ол жақсы оқиды."
    for variant in paraphrase(text, variants=3, seed=4):
        for change in variant.changes:
            if change.kind == "synonym":
                assert passes_spelling(change.replacement)
        assert not [d for d in check_text(variant.text) if d.rule_id == "KK_SPELLING"]


def test_variants_differ_and_repeat_with_the_same_seed():
    text = "Ғалымдар тіл білімінің түрлі салаларын зерттейді. Бұл мәселелерді шешу қиын."
    first = [p.text for p in paraphrase(text, variants=3, seed=7)]
    assert len(set(first)) == len(first) >= 2
    assert first == [p.text for p in paraphrase(text, variants=3, seed=7)]


def test_zero_variants_is_a_usage_error():
    with pytest.raises(UsageError):
        paraphrase("Сәлем.", variants=0)
