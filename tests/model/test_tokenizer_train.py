"""``kazkit model tokenizer-train``: training and the tokens-per-word report."""

import pytest

pytest.importorskip("tokenizers", reason="tokenizers is not installed (pip install 'kazkit[model]')")

from kazkit.model.tokenizer_train import compare_tokenizers, train_tokenizer  # noqa: E402

from .test_cli import root  # noqa: E402
from .tiny_models import KAZAKH_SENTENCES  # noqa: E402


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(KAZAKH_SENTENCES * 5), encoding="utf-8")
    return path


def test_bigger_vocabulary_gives_fewer_tokens_per_word(corpus, tmp_path):
    small = train_tokenizer([str(corpus)], vocab_size=60, output=str(tmp_path / "small"))
    big = train_tokenizer([str(corpus)], vocab_size=400, output=str(tmp_path / "big"))
    rows = compare_tokenizers([str(small), str(big)], [str(corpus)])
    assert rows[0]["words"] == rows[1]["words"] > 0
    assert rows[1]["tokens_per_word"] < rows[0]["tokens_per_word"]


def test_sentencepiece_unigram_trains_too(corpus, tmp_path):
    pytest.importorskip("sentencepiece", reason="sentencepiece is not installed")
    model = train_tokenizer([str(corpus)], vocab_size=120, output=str(tmp_path / "sp"), kind="sp-unigram")
    assert model.name == "tokenizer.model"
    assert compare_tokenizers([str(model)], [str(corpus)])[0]["tokens_per_word"] > 1.0


def test_cli_prints_a_report_row(corpus, tmp_path):
    from typer.testing import CliRunner

    out = tmp_path / "tok"
    result = CliRunner().invoke(root, ["model", "tokenizer-train", str(corpus), "--vocab", "200", "-o", str(out)])
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.startswith("tokenizer\tvocab") and row.startswith(str(out / "tokenizer.json"))
