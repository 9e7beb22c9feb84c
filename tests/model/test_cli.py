"""``kazkit summarize``, ``kazkit paraphrase`` and ``kazkit model`` through typer's CliRunner."""

import json
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from kazkit.model.cli import app as model_app
from kazkit.model.cli import commands

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = str(ROOT / "data" / "samples" / "article.txt")

root = typer.Typer()
root.add_typer(model_app, name="model")
root.registered_commands.extend(commands.registered_commands)
runner = CliRunner()


def test_summarize_prints_input_sentences_one_per_line():
    result = runner.invoke(root, ["summarize", ARTICLE, "--sentences", "2"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0] == "Қазақ тілі — Қазақстан Республикасының мемлекеттік тілі."


def test_summarize_json_has_offsets_into_the_input():
    result = runner.invoke(root, ["summarize", ARTICLE, "-n", "1", "--format", "json"])
    data = json.loads(result.stdout)
    first = data["sections"][0]["summary"][0]
    text = Path(ARTICLE).read_text(encoding="utf-8")
    assert text[first["start"]:first["end"]] == first["text"]


def test_summarize_reads_subtitles_and_reports_cue_times(tmp_path):
    srt = tmp_path / "lecture.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:04,000\nАбай — қазақтың ұлы ақыны.\n\n"
                   "2\n00:00:05,000 --> 00:00:08,000\nОл көптеген өлең жазды,\n\n"
                   "3\n00:00:08,500 --> 00:00:11,000\nақынның өлеңдері халыққа таныс.\n", encoding="utf-8")
    result = runner.invoke(root, ["summarize", str(srt), "-n", "2", "-f", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["time_ms"] == 1000
    assert records[1]["text"] == "Ол көптеген өлең жазды, ақынның өлеңдері халыққа таныс."


def test_summarize_bad_ratio_is_one_line_and_exit_2():
    result = runner.invoke(root, ["summarize", ARTICLE, "--ratio", "2"])
    assert result.exit_code == 2
    assert "--ratio" in result.stderr


def test_paraphrase_stdin_with_two_variants():
    result = runner.invoke(root, ["paraphrase", "-", "--variants", "2", "--seed", "3"],
                           input="Ғалымдар тіл білімінің түрлі салаларын зерттейді.\n")
    assert result.exit_code == 0
    assert result.stdout.count("## variant") == 2


def test_paraphrase_jsonl_lists_the_changes():
    result = runner.invoke(root, ["paraphrase", "-", "-f", "jsonl"], input="Алматы — ірі қала.\n")
    record = json.loads(result.stdout.splitlines()[0])
    assert record["text"] == "Алматы ірі қала болып табылады.\n"
    assert record["changes"][0]["kind"] == "copula"


def test_missing_model_folder_names_the_problem(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as if kazkit[model] were not installed
    result = runner.invoke(root, ["summarize", ARTICLE, "--model", str(tmp_path)])
    assert result.exit_code == 3
    assert "pip install 'kazkit[model]'" in result.stderr


def test_model_info_reads_config_without_torch(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "max_position_embeddings": 8192,
        "vocab_size": 128256, "num_hidden_layers": 32, "hidden_size": 4096}), encoding="utf-8")
    (tmp_path / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# KazLLM-like\n", encoding="utf-8")
    result = runner.invoke(root, ["model", "info", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["architecture"] == "LlamaForCausalLM" and data["context_length"] == 8192
    assert data["licence"] == "cc-by-nc-4.0"
    assert "commercial" in result.stderr


def test_commands_have_help():
    for args in (["summarize", "--help"], ["paraphrase", "--help"], ["model", "--help"],
                 ["model", "info", "--help"], ["model", "tokenizer-train", "--help"]):
        result = runner.invoke(root, args)
        assert result.exit_code == 0 and "Usage" in result.stdout
