"""The rule engine: every example of every shipped rule, loading errors, templates, agreement."""

from __future__ import annotations

import pytest

from kazkit.errors import UsageError
from kazkit.grammar.checks.agreement import numeral_last_word, read_number, suffix_forms
from kazkit.grammar.rules import (
    RuleError,
    find_hits,
    load_rule_file,
    load_rules,
    make_document,
    render_template,
    shipped_rule_files,
    shipped_rules,
)

RULES = shipped_rules().rules


def _apply_first(text: str, hits) -> str:
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        if hit.replacements:
            text = text[:hit.start] + hit.replacements[0] + text[hit.end:]
    return text


INCORRECT = [pytest.param(r, ex, id=f"{r.id}-{n}") for r in RULES for n, ex in enumerate(r.incorrect)]
CORRECT = [pytest.param(r, ex, id=f"{r.id}-{n}") for r in RULES for n, ex in enumerate(r.correct)]


@pytest.mark.parametrize(("rule", "example"), INCORRECT)
def test_incorrect_example_is_flagged_with_its_correction(rule, example):
    hits = find_hits(rule, make_document(example.text))
    assert hits, f"{rule.id} does not flag {example.text!r}"
    if example.correction is not None:
        assert _apply_first(example.text, hits) == example.correction


@pytest.mark.parametrize(("rule", "example"), CORRECT)
def test_correct_example_is_not_flagged(rule, example):
    assert find_hits(rule, make_document(example.text)) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_shipped_rule_has_incorrect_and_correct_examples(rule):
    assert rule.incorrect and rule.correct
    assert rule.message and rule.message_kk


def test_every_rule_family_ships_several_rules():
    families = {path.stem: len(load_rule_file(path)) for path in shipped_rule_files()}
    assert {"punctuation", "typography", "capitalisation", "repetition", "question_particle",
            "numbers", "compounds", "style", "consistency"} <= set(families)
    assert sum(families.values()) >= 20


def _write(tmp_path, body: str):
    path = tmp_path / "mine.yaml"
    path.write_text(body, encoding="utf-8")
    return path


RULE_HEAD = "rules:\n  - id: MY_RULE\n    category: style\n    severity: hint\n    message: m\n"


@pytest.mark.parametrize(("body", "expected"), [
    (RULE_HEAD + "    type: regex\n    pattern: '(unclosed'\n", "bad regular expression"),
    (RULE_HEAD + "    type: regex\n    pattern: 'x'\n    colour: red\n", "unknown key(s) colour"),
    (RULE_HEAD + "    type: fancy\n", "unknown type 'fancy'"),
    (RULE_HEAD.replace("severity: hint", "severity: fatal") + "    type: regex\n    pattern: x\n",
     "severity must be one of"),
    (RULE_HEAD + "    type: tokens\n    pattern:\n      - {shape: x}\n", "unknown key(s) shape"),
    (RULE_HEAD + "    type: tokens\n    pattern: [{form: a}]\n    marker: 3\n", "marker must be"),
    (RULE_HEAD + "    type: regex\n    pattern: x\n    suggestions: ['{1|shout}']\n", "unknown transform"),
    ("rules: [\n", "not valid YAML"),
])
def test_broken_rule_file_gives_one_line_naming_file_and_rule(tmp_path, body, expected):
    path = _write(tmp_path, body)
    with pytest.raises(RuleError) as error:
        load_rule_file(path)
    message = str(error.value)
    assert expected in message and str(path) in message and "\n" not in message
    assert isinstance(error.value, UsageError)  # the CLI turns it into exit 2
    if "YAML" not in expected:
        assert "MY_RULE" in message


def test_duplicate_rule_id_is_refused(tmp_path):
    body = RULE_HEAD + "    type: regex\n    pattern: x\n"
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(body, encoding="utf-8")
    second.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError, match="already used"):
        load_rules([first, second])


def test_token_rule_with_lemma_and_generator_suggestion(tmp_path):
    path = _write(tmp_path, RULE_HEAD + """    type: tokens
    pattern:
      - {lemma: кітап, upos: NOUN, feats: {Case: Loc}}
    suggestions:
      - generate: {lemma: "{1.lemma}", feats: "{1.feats}", set: {Case: Dat}}
""")
    rule = load_rule_file(path)[0]
    hits = find_hits(rule, make_document("Ол кітапта жазылған."))
    assert [h.replacements for h in hits] == [["кітапқа"]]
    assert find_hits(rule, make_document("Ол кітапқа жазылған.")) == []


def test_antipattern_drops_a_token_match(tmp_path):
    path = _write(tmp_path, RULE_HEAD + """    type: tokens
    pattern: [{form: бірақ}]
    antipatterns:
      - [{form: және}, {form: бірақ}]
""")
    rule = load_rule_file(path)[0]
    assert len(find_hits(rule, make_document("Ол келді бірақ кетті."))) == 1
    assert find_hits(rule, make_document("Ол келді және бірақ кетті.")) == []


def test_template_fills_groups_transforms_and_braces():
    values = {"1": "алматы", "marker": "x"}
    assert render_template("{1|capitalize} {{ok}}", values.get) == "Алматы {ok}"
    assert render_template("{2}", values.get) is None


@pytest.mark.parametrize(("digits", "word"), [
    ("1", "бір"), ("5", "бес"), ("6", "алты"), ("10", "он"), ("40", "қырық"), ("100", "жүз"),
    ("2020", "жиырма"), ("1000", "мың"), ("3000000", "миллион"), ("0", "нөл"), ("105", "бес"),
])
def test_numeral_is_read_by_its_last_word(digits, word):
    assert numeral_last_word(digits) == word


def test_decimal_number_is_read_by_its_fraction():
    assert read_number("3,5") == "бес"


@pytest.mark.parametrize(("word", "particle"), [
    ("келесің", "бе"), ("кітап", "па"), ("үйде", "ме"), ("кітабың", "ба"), ("бала", "ма"),
    ("қала", "ма"), ("бар", "ма"), ("қол", "ма"), ("адам", "ба"), ("қыз", "ба"), ("жоқ", "па"),
])
def test_question_particle_follows_the_previous_word(word, particle):
    assert suffix_forms("particle", word) == {particle}


def test_unknown_harmony_allows_both_particles():
    assert suffix_forms("particle", "институт") == {"па", "пе"}


@pytest.mark.parametrize(("digits", "suffix", "right"), [
    ("5", "dative", "ке"), ("10", "dative", "ға"), ("2020", "locative", "да"), ("1", "dative", "ге"),
    ("6", "dative", "ға"), ("40", "dative", "қа"), ("3", "ablative", "тен"), ("10", "ablative", "нан"),
    ("20", "genitive", "ның"), ("7", "accusative", "ні"), ("8", "instrumental", "бен"),
])
def test_suffix_after_digits_agrees_with_the_reading(digits, suffix, right):
    assert suffix_forms(suffix, numeral_last_word(digits)) == {right}
