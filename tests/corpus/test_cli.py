"""``kazkit corpus`` commands, run through typer's test runner on the sub-app."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kazkit.corpus.cli import app
from tests.corpus.helpers import NEWS, PROVERBS, WIKI, corpus_copy, shared_corpus
from tests.helpers import REPO

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    for command in ("build", "add", "remove", "search", "info", "freq", "colloc", "ngrams", "keywords",
                    "export", "subcorpus"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_starting_the_cli_does_not_import_duckdb():
    code = "import sys, kazkit.corpus.cli; print(sorted(m for m in ('duckdb', 'datasets', 'pyarrow') if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert output.stdout.strip() == "[]"


def test_build_then_count_and_search(tmp_path):
    path = tmp_path / "cli.kzc"
    built = run("build", path, NEWS, PROVERBS, "--meta", "project=test", "--jobs", "1", "--format", "json")
    assert built.exit_code == 0, built.output
    assert json.loads(built.output)["documents"] == 35
    counted = run("search", path, "lemma:оқы", "--count")
    assert counted.exit_code == 0 and int(counted.output) >= 3
    kwic = run("search", path, "lemma:оқы", "--context", "3", "--limit", "2")
    lines = kwic.output.splitlines()
    assert len(lines) == 2 and all("[" in line and "]" in line for line in lines)


def test_search_formats_tsv_csv_and_jsonl():
    path = shared_corpus()
    tsv = run("search", path, '"таусылмас қазына"', "--format", "tsv").output.splitlines()
    header = tsv[0].split("\t")
    assert header[:6] == ["doc", "sentence", "position", "left", "hit", "right"] and "meta.genre" in header
    assert tsv[1].split("\t")[4] == "таусылмас қазына"
    rows = list(csv.DictReader(io.StringIO(run("search", path, "lemma:білім", "-f", "csv", "-n", "3").output)))
    assert len(rows) == 3 and all(r["lemma"] == "білім" for r in rows)
    record = json.loads(run("search", path, "lemma:кітап", "-f", "jsonl", "-n", "1").output)
    assert record["lemmas"] == ["кітап"] and "sentence_text" in record


def test_query_error_is_one_line_with_the_position_and_exit_2():
    result = run("search", shared_corpus(), '[lemma="оқы" & upos=VERB]')
    assert result.exit_code == 2
    message = result.output.strip()
    assert "\n" not in message and "character 21" in message and "quoted value" in message


def test_missing_corpus_is_exit_2():
    result = run("info", REPO / "no-such-corpus.kzc")
    assert result.exit_code == 2 and "no such corpus" in result.output


def test_info_freq_colloc_ngrams_keywords_run():
    path = shared_corpus()
    info = json.loads(run("info", path, "--by", "genre", "--format", "json").output)
    assert info["total"]["documents"] == 39
    freq = run("freq", path, "--by", "lemma", "--columns", "genre", "-n", "5", "-f", "tsv").output.splitlines()
    assert freq[0].startswith("lemma\tfreq\tipm\tgenre=") and len(freq) == 6
    colloc = run("colloc", path, "lemma:қаза", "--left", "0", "--right", "1", "--min-freq", "2", "-f", "jsonl")
    assert json.loads(colloc.output.splitlines()[0])["lemma"] == "тап"
    ngrams = run("ngrams", path, "-N", "2", "--by", "upos", "-n", "3", "-f", "csv").output.splitlines()
    assert ngrams[0] == "ngram,freq" and len(ngrams) == 4
    keywords = run("keywords", path, "--where", "genre=proverbs", "-f", "jsonl").output.splitlines()
    assert keywords and "ll" in json.loads(keywords[0])


def test_subcorpus_save_list_use_and_delete(tmp_path):
    path = corpus_copy(tmp_path)
    assert run("subcorpus", path, "wiki", "--where", "genre=encyclopedia").exit_code == 0
    listed = run("subcorpus", path).output
    assert listed.startswith("wiki\t3 docs")
    counted = run("search", path, "lemma:ғылым", "--subcorpus", "wiki", "--count")
    assert counted.exit_code == 0 and int(counted.output) >= 1
    assert run("subcorpus", path, "wiki", "--delete").exit_code == 0
    assert run("search", path, "кітап", "--subcorpus", "wiki").exit_code == 2


def test_add_and_remove(tmp_path):
    path = corpus_copy(tmp_path)
    again = run("add", path, WIKI, "--jobs", "1", "--format", "json")
    assert again.exit_code == 0 and json.loads(again.output)["duplicates"] == 3
    removed = run("remove", path, "--where", "genre=news")
    assert removed.exit_code == 0
    assert json.loads(run("info", path, "-f", "json").output)["total"]["documents"] == 34


def test_export_to_a_file_and_to_parquet(tmp_path):
    path = shared_corpus()
    target = tmp_path / "corpus.conllu"
    assert run("export", path, "--format", "conllu", "--output", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# newdoc id = ")
    assert run("export", path, "--format", "parquet").exit_code == 2  # needs --output
    assert run("export", path, "--format", "parquet", "-o", tmp_path / "pq").exit_code == 0
    assert (tmp_path / "pq" / "documents.parquet").is_file()


@pytest.mark.skipif(importlib.util.find_spec("datasets") is not None, reason="datasets is installed")
def test_export_datasets_without_the_extra_exits_3(tmp_path):
    result = run("export", shared_corpus(), "--format", "datasets", "-o", tmp_path / "ds")
    assert result.exit_code == 3 and "pip install 'kazkit[model]'" in result.output
