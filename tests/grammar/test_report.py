"""Output formats of kazkit check."""

from __future__ import annotations

import json

import pytest

from kazkit.errors import UsageError
from kazkit.grammar.checker import check_text
from kazkit.grammar.report import render

TEXT = "Бұл кітап ма?\nБіз  бардық."


def _files(text=TEXT):
    return [("a.txt", text, check_text(text))]


def test_line_format_is_path_line_column_rule_message():
    lines = "".join(render(_files(), "line")).splitlines()
    assert lines[0].startswith("a.txt:1:11:KK_QUESTION_PARTICLE_ALLOMORPH:")
    assert lines[1].startswith("a.txt:2:4:KK_DOUBLE_SPACE:")


def test_jsonl_has_one_record_per_finding():
    records = [json.loads(line) for line in "".join(render(_files(), "jsonl")).splitlines()]
    first = records[0]
    assert len(records) == 2
    assert {k: first[k] for k in ("rule_id", "category", "severity", "start", "end", "line",
                                  "column", "replacements", "text")} == {
        "rule_id": "KK_QUESTION_PARTICLE_ALLOMORPH", "category": "grammar", "severity": "error",
        "start": 10, "end": 12, "line": 1, "column": 11, "replacements": ["па"], "text": "ма"}


def test_json_is_one_array():
    records = json.loads("".join(render(_files(), "json")))
    assert [r["rule_id"] for r in records] == ["KK_QUESTION_PARTICLE_ALLOMORPH", "KK_DOUBLE_SPACE"]


def test_languagetool_response_has_the_v2_check_shape():
    text = "😀 Бұл кітап ма?"
    response = json.loads("".join(render(_files(text), "languagetool")))
    assert set(response) >= {"software", "language", "matches"}
    match = response["matches"][0]
    assert set(match) >= {"message", "shortMessage", "offset", "length", "replacements", "context",
                          "sentence", "rule"}
    assert match["offset"] == 13 and match["length"] == 2  # the emoji is two UTF-16 units
    assert match["replacements"] == [{"value": "па"}]
    context = match["context"]
    units = context["text"].encode("utf-16-le")  # LanguageTool counts UTF-16 code units
    assert units[2 * context["offset"]:2 * (context["offset"] + context["length"])].decode("utf-16-le") == "ма"
    assert match["sentence"].endswith("Бұл кітап ма?")
    rule = match["rule"]
    assert rule["id"] == "KK_QUESTION_PARTICLE_ALLOMORPH" and rule["issueType"] == "grammar"
    assert rule["category"] == {"id": "GRAMMAR", "name": "Grammar"}


def test_text_format_shows_excerpt_underline_and_suggestion():
    output = "".join(render(_files(), "text", color=False))
    assert "a.txt:1:11 error" in output and "[KK_QUESTION_PARTICLE_ALLOMORPH]" in output
    assert "    Бұл кітап ма?\n" in output and "\n              ^^\n" in output
    assert "suggestion: «па»" in output
    assert output.rstrip().endswith("2 findings (1 error, 1 warning) in 1 file")
    assert "\x1b[" not in output
    assert "\x1b[" in "".join(render(_files(), "text", color=True))


def test_text_format_in_kazakh_and_clean_text():
    kazakh = "".join(render(_files(), "text", lang="kk"))
    assert "ұсыныс: «па»" in kazakh
    assert kazakh.rstrip().endswith("1 файлда 2 мәселе табылды (1 қате, 1 ескерту)")
    deleted = "".join(render(_files("Біз келдік ."), "text", lang="kk"))
    assert "«» (өшіру)" in deleted and "(delete)" not in deleted
    assert "".join(render([("b.txt", "Сәлем.", [])], "text", lang="kk")) == "Қате табылмады.\n"
    assert "".join(render([("b.txt", "Сәлем.", [])], "text")) == "No problems found.\n"


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError):
        list(render(_files(), "xml"))


def test_line_bounds_from_the_line_index_match_a_search_of_the_text():
    import random

    from kazkit.grammar.checker import LineIndex
    from kazkit.grammar.report import _line_bounds

    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice("аб \r\n\t") for _ in range(rng.randint(0, 24)))
        starts = LineIndex(text).starts
        for start in range(len(text) + 1):
            assert _line_bounds(text, start, starts) == _line_bounds(text, start)


def test_text_output_styles_and_strips_control_characters():
    text = "Бұл\tкітап ма?\x07 Жаңа жол.\r\nОл кітап ма"
    found = check_text(text)
    plain = "".join(render([("a.txt", text, found)], "text", color=False))
    assert "\x07" not in plain and "\r" not in plain
    assert "    Бұл кітап ма? Жаңа жол.\n              ^^\n" in plain  # tab expanded, span marked
    colour = "".join(render([("a.txt", text, found)], "text", color=True))
    assert "\x1b[1;4;31mма\x1b[0m" in colour and "\x1b[1;31merror\x1b[0m" in colour


def test_text_output_shows_a_window_of_a_long_line():
    text = "Бұл сөйлем ұзын. " * 20 + "Бұл кітап ма? " + "Тағы бір сөйлем бар. " * 20
    found = [d for d in check_text(text) if d.rule_id == "KK_QUESTION_PARTICLE_ALLOMORPH"]
    lines = "".join(render([("a.txt", text, found)], "text")).splitlines()
    excerpt, carets = lines[1], lines[2]
    assert excerpt.startswith("    …") and excerpt.endswith("…") and len(excerpt) < 140
    assert excerpt[carets.index("^"):carets.index("^") + 2] == "ма"
