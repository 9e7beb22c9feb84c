"""The `kazkit subs` commands, through typer's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from kazkit.subtitles.cli import app

DATA = Path(__file__).resolve().parents[1] / "data" / "subtitles"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"NO_COLOR": "1"})


def test_every_command_has_help():
    for command in ("extract", "check", "fix", "translate"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_extract_jsonl_gives_one_record_per_cue():
    result = invoke("extract", str(DATA / "course" / "week2" / "02_sorting.vtt"), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(records) == 4
    assert records[0]["text"] == "Бүгін сұрыптау алгоритмдері туралы сөйлесеміз."
    assert records[0]["start"] == "00:00:01.000" and records[0]["cue"] == 1


def test_check_jsonl_records_and_exit_codes():
    result = invoke("check", str(DATA / "course"), "--format", "jsonl")
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    keys = {"file", "cue", "start", "end", "rule_id", "category", "severity", "message", "replacements"}
    assert all(keys <= set(r) for r in records)
    assert {"subs.cps", "subs.overlap", "KK_QUESTION_PARTICLE_ALLOMORPH"} <= {r["rule_id"] for r in records}
    assert invoke("check", str(DATA / "course"), "--fail-on", "never").exit_code == 0


def test_check_json_has_a_summary_per_file_and_in_total():
    result = invoke("check", str(DATA / "course"), "--format", "json", "--no-language")
    data = json.loads(result.stdout)
    assert [Path(row["file"]).name for row in data["files"]] == ["01_intro.srt", "02_sorting.vtt"]
    assert data["total"]["cues"] == 10 and data["total"]["findings"] == len(data["findings"])


def test_check_text_prints_a_summary_table_and_profile_overrides_apply():
    result = invoke("check", str(DATA / "malformed" / "kz1048.srt"), "--max-line-length", "20")
    assert "subs.line_length" in result.stdout and "total (1 files)" in result.stdout


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    result = invoke("check", str(tmp_path / "missing.srt"))
    assert result.exit_code == 2
    result = invoke("check", str(DATA), "--profile", "klingon")
    assert result.exit_code == 2 and "unknown subtitle profile" in result.output


def test_fix_in_place_keeps_a_backup_and_output_dir_leaves_originals(tmp_path):
    work = tmp_path / "course"
    shutil.copytree(DATA / "course", work)
    original = (work / "week1" / "01_intro.srt").read_bytes()
    result = invoke("fix", str(work), "--output-dir", str(tmp_path / "fixed"))
    assert result.exit_code == 0
    assert (work / "week1" / "01_intro.srt").read_bytes() == original
    assert "кітап па" in (tmp_path / "fixed" / "week1" / "01_intro.srt").read_text(encoding="utf-8")
    result = invoke("fix", str(work / "week1" / "01_intro.srt"), "--in-place")
    assert result.exit_code == 0
    assert (work / "week1" / "01_intro.srt~").read_bytes() == original
    assert invoke("check", str(work / "week1"), "--no-language").exit_code == 0


def test_translate_writes_the_folder_and_a_json_report(tmp_path):
    result = invoke("translate", str(DATA / "en"), "--to", "kk", "--output-dir", str(tmp_path / "kk"),
                    "--tm", str(DATA / "tm" / "course.tmx"), "--tm", str(DATA / "tm" / "glossary.tsv"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["totals"]["files"] == 3 and report["totals"]["tm-exact"] >= 4
    assert (tmp_path / "kk" / "lecture01.srt").is_file()


def test_translate_without_a_memory_is_a_usage_error(tmp_path):
    result = invoke("translate", str(DATA / "en"), "--output-dir", str(tmp_path / "kk"))
    assert result.exit_code == 2
