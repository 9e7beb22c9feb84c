"""Terminology in batch translation (--termbase): post-editing deprecated terms, missing terms, and
the --model option without the model extra."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from typer.testing import CliRunner

from kazkit.subtitles.cli import app
from kazkit.subtitles.io import read_subtitles
from kazkit.subtitles.tm import TranslationMemory
from kazkit.subtitles.translate import TermEnforcer, TranslationCache, Translator, translate_folder
from kazkit.terms.store import sample_termbase

SRT = """1
00:00:01,000 --> 00:00:03,500
Connect the keyboard

2
00:00:03,600 --> 00:00:06,000
to the computer.

3
00:00:06,100 --> 00:00:09,000
Open the database.

4
00:00:09,100 --> 00:00:12,000
Enter your password.
"""

TM = ("source\ttarget\n"
      "Connect the keyboard to the computer.\tКлавиатураны компьютерге қосыңыз.\n"
      "Open the database.\tБазаны ашыңыз.\n")


class RecordingBackend:
    """A stand-in for a causal model: answers from a table and keeps the term pairs it was given."""

    name = "recording"
    prompted_terms = True

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.terms: list = []

    def translate(self, sentences: Sequence[str], terms=None) -> list[str]:
        self.terms.extend(terms or [])
        return [self.table[s] for s in sentences]


def _course(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "en"
    source.mkdir()
    (source / "lesson.srt").write_text(SRT, encoding="utf-8")
    tm = tmp_path / "tm.tsv"
    tm.write_text(TM, encoding="utf-8")
    return source, tm


def test_deprecated_term_from_the_memory_becomes_the_approved_term_in_its_case(tmp_path):
    source, tm = _course(tmp_path)
    translator = Translator(TranslationMemory.load([tm]), terms=TermEnforcer([sample_termbase()], "en"))
    report = translate_folder([str(source)], tmp_path / "kk", translator)
    cues = read_subtitles(tmp_path / "kk" / "lesson.srt").cues
    assert " ".join(c.text for c in cues[:2]) == "Пернетақтаны компьютерге қосыңыз."
    fixes = report["files"][0]["term_fixes"]
    assert fixes[0]["replaced"] == [{"from": "Клавиатураны", "to": "Пернетақтаны", "rule_id": "terms.deprecated"}]
    assert report["totals"]["term_fixes"] == 1


def test_segments_still_missing_an_approved_term_are_listed(tmp_path):
    source, tm = _course(tmp_path)
    translator = Translator(TranslationMemory.load([tm]), terms=TermEnforcer([sample_termbase()], "en"))
    report = translate_folder([str(source)], tmp_path / "kk", translator)
    missing = report["files"][0]["terms_missing"]
    # "Базаны ашыңыз." lacks дерекқор; the keyboard sentence was repaired; the password one is untranslated
    assert [m["source"] for m in missing] == ["Open the database."]
    assert missing[0]["missing"] == [{"term": "database", "approved": ["дерекқор"]}]
    assert report["files"][0]["untranslated"] == ["Enter your password."]


def test_the_model_gets_the_approved_terms_of_its_sentences(tmp_path):
    source, tm = _course(tmp_path)
    backend = RecordingBackend({"Enter your password.": "Парольді енгізіңіз."})
    translator = Translator(TranslationMemory.load([tm]), backend, TranslationCache(tmp_path / "c.json"),
                            terms=TermEnforcer([sample_termbase()], "en"))
    report = translate_folder([str(source)], tmp_path / "kk", translator)
    assert backend.terms == [(("password", "құпиясөз"),)]
    assert read_subtitles(tmp_path / "kk" / "lesson.srt").cues[3].text == "Құпиясөзді енгізіңіз."
    # the cache keeps the model's own words: the termbase is applied afresh on each run
    assert "Парольді енгізіңіз." in json.loads((tmp_path / "c.json").read_text(encoding="utf-8")).values()
    assert report["totals"]["term_fixes"] == 2 and report["totals"]["model"] == 1


def test_cli_translate_with_termbase_reports_fixes_and_missing_terms(tmp_path):
    source, tm = _course(tmp_path)
    result = CliRunner().invoke(app, ["translate", str(source), "-o", str(tmp_path / "kk"), "--tm", str(tm),
                                      "--termbase", "sample"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"]["term_fixes"] == 1 and data["totals"]["terms_missing"] == 1
    assert "1 deprecated term(s) replaced" in result.stderr


def test_cli_translate_needs_a_memory_or_a_model(tmp_path):
    source, _ = _course(tmp_path)
    result = CliRunner().invoke(app, ["translate", str(source), "-o", str(tmp_path / "kk")])
    assert result.exit_code == 2 and "--model" in result.stderr


def test_cli_translate_model_without_the_extra_exits_3_with_the_pip_command(tmp_path, monkeypatch):
    source, tm = _course(tmp_path)
    monkeypatch.setitem(sys.modules, "torch", None)  # as if kazkit[model] were not installed
    result = CliRunner().invoke(app, ["translate", str(source), "-o", str(tmp_path / "kk"), "--tm", str(tm),
                                      "--model", str(tmp_path)])
    assert result.exit_code == 3
    assert "pip install 'kazkit[model]'" in result.stderr
    assert not (tmp_path / "kk").exists()
