"""The `kazkit terms` commands, end to end through typer's runner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kazkit.terms.cli import app

from .helpers import DATA

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_user_termbase(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_every_command_has_help():
    for command in ("import", "export", "lookup", "check", "consistency", "extract", "info"):
        result = _run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_lookup_without_a_termbase_uses_the_sample_and_says_so():
    result = _run("lookup", "дерекқорлардың")
    assert result.exit_code == 0
    assert result.stdout.startswith("дерекқор  [IT]  (sample, inflected")
    assert "shipped sample termbase" in result.stderr


def test_lookup_json_and_tsv_formats():
    records = json.loads(_run("lookup", "--from", "en", "keyboard", "-f", "json").stdout)
    assert records[0]["entry"]["terms"][0]["text"] == "пернетақта"
    rows = _run("lookup", "клавиатураны", "-f", "tsv").stdout.splitlines()
    assert rows[0].startswith("headword\thow") and rows[1].split("\t")[:2] == ["пернетақта", "inflected"]


def test_lookup_of_nothing_exits_1():
    assert _run("lookup", "--exact", "зымыран").exit_code == 1


def test_check_reports_and_exits_1_on_deprecated_terms(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("Клавиатураны компьютерге қосыңыз.\n", encoding="utf-8")
    result = _run("check", str(text), "-f", "jsonl")
    assert result.exit_code == 1
    record = json.loads(result.stdout.splitlines()[0])
    assert record["rule_id"] == "terms.deprecated" and record["replacements"] == ["Пернетақтаны"]
    clean = tmp_path / "ok.txt"
    clean.write_text("Пернетақтаны компьютерге қосыңыз.\n", encoding="utf-8")
    assert _run("check", str(clean)).exit_code == 0


def test_import_export_round_trip_through_a_termbase_file(tmp_path):
    base = str(tmp_path / "t.sqlite")
    assert _run("import", str(DATA / "martif.tbx"), "-t", base).exit_code == 0
    exported = _run("export", "-t", base, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in exported] == ["kb", "db"]
    assert "entries\t2" in _run("info", "-t", base).stdout


def test_import_with_a_header_mapping(tmp_path):
    base = str(tmp_path / "t.sqlite")
    result = _run("import", str(DATA / "glossary.csv"), "-t", base, "--map",
                  "Қазақша=kk,Орысша=ru,Ағылшынша=en,Ескірген=kk:deprecated,Сала=subject,Жыл=year")
    assert result.exit_code == 0, result.output
    assert "жатақхана" in _run("lookup", "-t", base, "общежитие", "--from", "ru").stdout


def test_bad_import_is_one_line_exit_2_and_imports_nothing(tmp_path):
    base = str(tmp_path / "t.sqlite")
    bad = tmp_path / "bad.tbx"
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "a">]>\n<tbx/>', encoding="utf-8")
    result = _run("import", str(DATA / "martif.tbx"), str(bad), "-t", base)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"kazkit: error: {bad}:2: DOCTYPE declarations are not accepted in TBX (they can expand entities); "
        "remove the <!DOCTYPE ...> line"]
    assert "entries\t0" in _run("info", "-t", base).stdout


def test_consistency_finds_the_missing_approved_term():
    result = _run("consistency", str(DATA / "pairs.tsv"), "-f", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [(r["line"], r["rule_id"]) for r in records] == [(2, "terms.consistency"), (3, "terms.consistency")]
    assert "«қалта»" in records[0]["message"] and "«дерекқор»" in records[1]["message"]


def test_extract_lists_frequent_noun_phrases_missing_from_the_termbase(tmp_path):
    corpus = tmp_path / "c.txt"
    corpus.write_text("Компьютерлік сауаттылық маңызды. Компьютерлік сауаттылықты дамыту керек. "
                      "Оқу бағдарламасын жаңарттық. Жаңа оқу бағдарламасы бекітілді.\n", encoding="utf-8")
    rows = _run("extract", str(corpus)).stdout.splitlines()
    assert rows[0] == "candidate\tcount\tlemmas\texample"
    candidates = [row.split("\t")[0] for row in rows[1:]]
    assert "компьютерлік сауаттылық" in candidates
    assert "оқу бағдарламасы" not in candidates  # the sample termbase has it
