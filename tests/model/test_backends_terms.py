"""Model output checked against a termbase, and the model named in kazkit.toml, on tiny models."""

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("torch", reason="torch is not installed (pip install 'kazkit[model]')")
pytest.importorskip("transformers", reason="transformers is not installed (pip install 'kazkit[model]')")
pytest.importorskip("tokenizers", reason="tokenizers is not installed (pip install 'kazkit[model]')")

from .test_cli import root  # noqa: E402
from .tiny_models import save_causal, save_seq2seq  # noqa: E402

TEXT = "Мұғалім оқушыларға жаңа ақпарат берді. Клавиатураны компьютерге қосыңыз."
runner = CliRunner()


@pytest.fixture(scope="module")
def causal_dir(tmp_path_factory):
    return save_causal(tmp_path_factory.mktemp("causal"))


@pytest.fixture(scope="module")
def seq2seq_dir(tmp_path_factory):
    return save_seq2seq(tmp_path_factory.mktemp("seq2seq"))


def test_model_paraphrase_lists_the_approved_terms_it_lost(causal_dir):
    result = runner.invoke(root, ["paraphrase", "-", "--model", str(causal_dir), "--device", "cpu",
                                  "--max-new-tokens", "6", "--termbase", "sample", "-f", "json"], input=TEXT)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert isinstance(record["terms"], list)
    # six random tokens cannot hold all four approved terms of the input
    assert set(record["terms_missing"]) <= {"мұғалім", "оқушы", "ақпарат", "компьютер"}
    assert record["terms_missing"] and "the paraphrase lost" in result.stderr
    assert "deprecated or obsolete term(s)" in result.stderr


def test_model_summary_is_checked_for_terms(seq2seq_dir):
    result = runner.invoke(root, ["summarize", "-", "--model", str(seq2seq_dir), "--device", "cpu",
                                  "--max-new-tokens", "6", "--termbase", "sample", "-f", "json"], input=TEXT)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert "terms" in record and "the model's text has" in result.stderr


def test_model_from_kazkit_toml_when_no_option_or_environment(seq2seq_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("KAZKIT_MODEL", raising=False)
    (tmp_path / "kazkit.toml").write_text(f'[model]\nname = "{seq2seq_dir}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(root, ["summarize", "-", "--device", "cpu", "--max-new-tokens", "4", "-f", "json"],
                           input=TEXT)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model"] == str(seq2seq_dir)
