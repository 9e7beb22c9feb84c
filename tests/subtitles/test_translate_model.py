"""`kazkit subs translate --model` end to end, offline, on tiny random-weight models built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("torch", reason="torch is not installed (pip install 'kazkit[model]')")
pytest.importorskip("transformers", reason="transformers is not installed (pip install 'kazkit[model]')")
pytest.importorskip("tokenizers", reason="tokenizers is not installed (pip install 'kazkit[model]')")

from kazkit.model.backends import GenerationSettings, load_backend  # noqa: E402
from kazkit.subtitles.cli import app  # noqa: E402
from kazkit.subtitles.io import read_subtitles  # noqa: E402
from tests.model.tiny_models import save_causal, save_seq2seq  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "subtitles"
TMS = [DATA / "tm" / "course.tmx", DATA / "tm" / "glossary.tsv"]
NEW_CUE = "\n7\n00:00:18,100 --> 00:00:20,000\nEnter your password.\n"
MODEL_ONLY = "This sentence is not in the memory."


@pytest.fixture(scope="module")
def seq2seq_dir(tmp_path_factory):
    return save_seq2seq(tmp_path_factory.mktemp("t5"))


@pytest.fixture(scope="module")
def causal_dir(tmp_path_factory):
    return save_causal(tmp_path_factory.mktemp("llama"))


def _course(tmp_path: Path) -> Path:
    source = tmp_path / "en"
    source.mkdir()
    (source / "lecture01.srt").write_text((DATA / "en" / "lecture01.srt").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    return source


def _translate(source: Path, output: Path, model: Path, *extra: str):
    args = ["translate", str(source), "-o", str(output), "--model", str(model), "--device", "cpu",
            "--max-new-tokens", "6", "--batch-size", "2", *extra]
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_seq2seq_model_translates_what_the_memory_lacks_and_a_rerun_only_what_changed(tmp_path, seq2seq_dir):
    source = _course(tmp_path)
    tm_args = [arg for path in TMS for arg in ("--tm", str(path))]
    first = _translate(source, tmp_path / "kk", seq2seq_dir, *tm_args)
    assert first["backend"] == f"model:{seq2seq_dir}"
    assert first["totals"]["model"] == 1 and first["totals"]["tm-exact"] == 4
    assert first["files"][0]["untranslated"] == []
    # the cue holds exactly what the model gives for that sentence through the library
    backend = load_backend(str(seq2seq_dir), device="cpu")
    expected = backend.translate([MODEL_ONLY], "en", "kk", 2, settings=GenerationSettings(max_new_tokens=6))[0]
    out = read_subtitles(tmp_path / "kk" / "lecture01.srt")
    assert _flat(out.cues[5].text) == _flat(expected) and expected
    assert out.cues[1].text == "Бүгін біз сұрыптау"  # the memory came first
    assert (tmp_path / "kk" / ".kazkit-translate-cache.json").is_file()

    again = _translate(source, tmp_path / "kk", seq2seq_dir, *tm_args)
    assert again["totals"].get("model", 0) == 0 and again["totals"]["cache"] == 1

    with (source / "lecture01.srt").open("a", encoding="utf-8") as handle:
        handle.write(NEW_CUE)
    changed = _translate(source, tmp_path / "kk", seq2seq_dir, *tm_args)
    assert changed["totals"]["model"] == 1 and changed["totals"]["cache"] == 1
    assert len(read_subtitles(tmp_path / "kk" / "lecture01.srt").cues) == 7


def test_causal_model_with_termbase_lists_sentences_whose_term_it_missed(tmp_path, causal_dir):
    source = _course(tmp_path)
    with (source / "lecture01.srt").open("a", encoding="utf-8") as handle:
        handle.write(NEW_CUE)
    report = _translate(source, tmp_path / "kk", causal_dir, "--termbase", "sample", "--seed", "1")
    assert report["totals"]["model"] == 6  # no memory: the model translates every sentence
    missing = report["files"][0]["terms_missing"]
    # a random-weight model cannot know құпиясөз: the sentence is listed with the term it lacks
    assert {"term": "password", "approved": ["құпиясөз"]} in [m for f in missing for m in f["missing"]]
    out = read_subtitles(tmp_path / "kk" / "lecture01.srt")
    assert [(c.start, c.end) for c in out.cues] == [(c.start, c.end) for c in read_subtitles(source / "lecture01.srt").cues]
