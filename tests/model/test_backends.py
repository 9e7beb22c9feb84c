"""The transformers backend end to end on tiny random-weight models built inside the test."""

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("torch", reason="torch is not installed (pip install 'kazkit[model]')")
pytest.importorskip("transformers", reason="transformers is not installed (pip install 'kazkit[model]')")
pytest.importorskip("tokenizers", reason="tokenizers is not installed (pip install 'kazkit[model]')")

from kazkit.errors import MissingExtraError  # noqa: E402
from kazkit.model.backends import GenerationSettings, load_backend  # noqa: E402
from kazkit.model.info import model_info  # noqa: E402

from .test_cli import root  # noqa: E402
from .tiny_models import save_causal, save_seq2seq  # noqa: E402

TEXT = "Қазақ тілі — мемлекеттік тіл. Ол түркі тілдеріне жатады. Алматы — ірі қала."


@pytest.fixture(scope="module")
def causal_dir(tmp_path_factory):
    return save_causal(tmp_path_factory.mktemp("causal"), license="cc-by-nc-4.0")


@pytest.fixture(scope="module")
def seq2seq_dir(tmp_path_factory):
    return save_seq2seq(tmp_path_factory.mktemp("seq2seq"))


def test_causal_model_uses_its_chat_template_with_a_kazakh_instruction(causal_dir):
    backend = load_backend(str(causal_dir), device="cpu")
    prompt = backend.prompt("summarize", "Сәлем.")
    assert prompt.startswith("<|system|>") and prompt.endswith("<|assistant|>")
    assert "қысқаша" in prompt and not backend.seq2seq


def test_causal_generation_is_deterministic_with_a_seed_and_streams(causal_dir):
    backend = load_backend(str(causal_dir), device="cpu")
    settings = GenerationSettings(max_new_tokens=8, seed=5, temperature=0.8)
    pieces: list[str] = []
    first = backend.paraphrase(TEXT, settings, stream=pieces.append)
    assert "".join(pieces).strip() == first.strip()
    assert backend.paraphrase(TEXT, settings) == first


def test_long_input_is_chunked_within_the_context_and_reduced(causal_dir):
    backend = load_backend(str(causal_dir), device="cpu")
    budget = backend.token_budget("summarize", 8)
    assert 0 < budget < backend.context
    long_text = " ".join([TEXT] * 12)
    assert backend.count_tokens(long_text) > budget
    summary = backend.summarize(long_text, GenerationSettings(max_new_tokens=8, seed=1))
    assert isinstance(summary, str)


def test_seq2seq_model_gets_its_task_prefix_and_batches(seq2seq_dir):
    backend = load_backend(str(seq2seq_dir), device="cpu")
    assert backend.seq2seq and backend.prompt("summarize", "Сәлем.") == "summarize: Сәлем."
    outputs = backend.generate([backend.prompt("summarize", TEXT)] * 3, GenerationSettings(max_new_tokens=6,
                                                                                             batch_size=2))
    assert len(outputs) == 3 and outputs[0] == outputs[1] == outputs[2]


def test_cli_summarize_with_a_model_folder_writes_json(seq2seq_dir, tmp_path):
    source = tmp_path / "lecture.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(root, ["summarize", str(source), "--model", str(seq2seq_dir), "--device", "cpu",
                                       "--max-new-tokens", "6", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model"] == str(seq2seq_dir)


def test_uncached_hub_name_is_not_downloaded(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    with pytest.raises(MissingExtraError, match="never downloads"):
        load_backend("issai/no-such-kazakh-model", device="cpu")


def test_model_info_counts_parameters_and_warns_on_non_commercial_licence(causal_dir):
    details = model_info(str(causal_dir))
    assert details.architecture == "LlamaForCausalLM" and details.context_length == 256
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(causal_dir, dtype=torch.float32)
    assert details.parameters == sum(p.numel() for p in model.state_dict().values())
    assert details.licence == "cc-by-nc-4.0" and "commercial" in details.licence_warning
