"""TransformersBackend.translate on tiny random-weight models: NLLB codes, T5 prefix, causal prompt."""

import pytest

pytest.importorskip("torch", reason="torch is not installed (pip install 'kazkit[model]')")
pytest.importorskip("transformers", reason="transformers is not installed (pip install 'kazkit[model]')")
pytest.importorskip("tokenizers", reason="tokenizers is not installed (pip install 'kazkit[model]')")

from kazkit.model.backends import GenerationSettings, load_backend  # noqa: E402

from .tiny_models import save_causal, save_nllb, save_seq2seq  # noqa: E402

SENTENCES = ["Connect the keyboard to the computer.", "Enter your password.", "Welcome to the course."]
SHORT = GenerationSettings(max_new_tokens=6)


@pytest.fixture(scope="module")
def nllb_dir(tmp_path_factory):
    try:
        return save_nllb(tmp_path_factory.mktemp("nllb"))
    except TypeError as error:  # transformers 4 builds NLLB tokenizers differently
        pytest.skip(f"this transformers cannot build a tiny NLLB tokenizer from a vocabulary ({error})")


@pytest.fixture(scope="module")
def causal_dir(tmp_path_factory):
    return save_causal(tmp_path_factory.mktemp("causal"))


@pytest.fixture(scope="module")
def t5_dir(tmp_path_factory):
    return save_seq2seq(tmp_path_factory.mktemp("t5"))


def test_nllb_model_translates_with_source_code_and_forced_kazakh_code(nllb_dir):
    backend = load_backend(str(nllb_dir), device="cpu")
    kaz = backend.tokenizer.convert_tokens_to_ids("kaz_Cyrl")
    assert backend.translation_codes("en", "kk") == ("eng_Latn", kaz)
    assert backend.translation_codes("ru", "kk")[0] == "rus_Cyrl"
    assert backend.translation_prompt(SENTENCES[0], "en", "kk") == SENTENCES[0]  # the codes carry the task
    backend.tokenizer.src_lang = "kaz_Cyrl"
    out = backend.translate(SENTENCES, "en", "kk", batch_size=2, settings=SHORT)
    assert backend.tokenizer.src_lang == "eng_Latn"
    assert len(out) == 3 and all(isinstance(text, str) and text for text in out)
    # batching does not change greedy output
    assert backend.translate(SENTENCES, "en", "kk", batch_size=1, settings=SHORT) == out


def test_nllb_forced_first_token_is_the_kazakh_code(nllb_dir):
    import torch

    backend = load_backend(str(nllb_dir), device="cpu")
    source, forced = backend.translation_codes("en", "kk")
    backend.tokenizer.src_lang = source
    inputs = backend.tokenizer([SENTENCES[1]], return_tensors="pt")
    assert inputs["input_ids"][0, 0].item() == backend.tokenizer.convert_tokens_to_ids("eng_Latn")
    with torch.inference_mode():
        ids = backend.model.generate(**inputs, max_new_tokens=4, forced_bos_token_id=forced, do_sample=False)
    assert ids[0, 1].item() == forced


def test_t5_style_model_gets_a_translate_prefix(t5_dir):
    backend = load_backend(str(t5_dir), device="cpu")
    assert backend.translation_codes("en", "kk") == (None, None)
    assert backend.translation_prompt("Enter your password.", "en", "kk") == (
        "translate English to Kazakh: Enter your password.")
    assert backend.translation_prompt("Введите пароль.", "ru", "kk").startswith("translate Russian to Kazakh: ")
    assert len(backend.translate(SENTENCES, "en", "kk", 2, settings=SHORT)) == 3


def test_causal_model_is_asked_in_kazakh_to_use_the_approved_terms(causal_dir):
    backend = load_backend(str(causal_dir), device="cpu")
    prompt = backend.translation_prompt(SENTENCES[0], "en", "kk", [("keyboard", "пернетақта")])
    assert prompt.startswith("<|system|>") and prompt.endswith("<|assistant|>")
    assert "ағылшын тілінен қазақ тіліне аудар" in prompt
    assert "Мына терминдерді қолдан: keyboard — пернетақта." in prompt and SENTENCES[0] in prompt
    assert "терминдерді" not in backend.translation_prompt(SENTENCES[0], "en", "kk")
    out = backend.translate(SENTENCES[:2], "en", "kk", 2, settings=GenerationSettings(max_new_tokens=5, seed=3),
                            terms=[[("keyboard", "пернетақта")], []])
    assert len(out) == 2


def test_translate_wants_one_term_list_per_text(causal_dir):
    backend = load_backend(str(causal_dir), device="cpu")
    with pytest.raises(ValueError):
        backend.translate(SENTENCES, "en", "kk", terms=[[]])
