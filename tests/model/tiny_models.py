"""Tiny random-weight models for the backend tests, built inside the test run (never downloaded).

A byte-level BPE tokenizer is trained on a few Kazakh sentences with the ``tokenizers`` library;
a 2-layer Llama (causal, with a chat template) and a 2-layer T5 (seq2seq) are created from their
configs with random weights and saved to a folder, so the real loading and generation path of
:mod:`kazkit.model.backends` runs end to end, offline.
"""

from __future__ import annotations

from pathlib import Path

KAZAKH_SENTENCES = [
    "Қазақ тілі — Қазақстан Республикасының мемлекеттік тілі.",
    "Ол түркі тілдерінің қыпшақ тобына жатады.",
    "Мектептерімізде оқушылар ана тілін бірінші сыныптан бастап оқиды.",
    "Ғалымдар тіл білімінің түрлі салаларын зерттейді.",
    "Алматы — Қазақстанның ең үлкен қаласы.",
    "Бүгін ауа райы жылы, күн ашық.",
    "Студенттер дәрісті мұқият тыңдап, сұрақтар қойды.",
    "Кітапханада жаңа оқулықтар мен сөздіктер бар.",
]

CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>{% endif %}")

SPECIAL = ["<pad>", "</s>", "<s>", "<unk>"]


def train_tokenizer(vocab_size: int = 300):
    """A PreTrainedTokenizerFast with a BPE vocabulary learnt from the Kazakh sentences."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE(unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    core.train_from_iterator(KAZAKH_SENTENCES * 3, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="</s>",
                                   bos_token="<s>", unk_token="<unk>")


def save_causal(folder: Path, license: str | None = None) -> Path:
    """A 2-layer Llama (hidden size 32) with a chat template, saved to ``folder``."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    tokenizer = train_tokenizer()
    tokenizer.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
                         pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    if license:
        (folder / "README.md").write_text(f"---\nlicense: {license}\nlanguage:\n- kk\n---\n# tiny\n",
                                          encoding="utf-8")
    return folder


def save_seq2seq(folder: Path) -> Path:
    """A 2-layer T5 (d_model 32) saved to ``folder``."""
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    torch.manual_seed(0)
    tokenizer = train_tokenizer()
    config = T5Config(vocab_size=len(tokenizer), d_model=32, d_ff=64, d_kv=16, num_layers=2, num_heads=2,
                      pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                      decoder_start_token_id=tokenizer.pad_token_id,
                      task_specific_params={"summarization": {"prefix": "summarize: "}})
    T5ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


NLLB_CODES = ["eng_Latn", "kaz_Cyrl", "rus_Cyrl"]
ENGLISH_SENTENCES = ["Connect the keyboard to the computer.", "Enter your password.", "Welcome to the course."]


def save_nllb(folder: Path) -> Path:
    """A 2-layer M2M100 (NLLB's architecture) with an NLLB tokenizer holding ``eng_Latn``,
    ``kaz_Cyrl`` and ``rus_Cyrl``, saved to ``folder``.

    The tokenizer is built from a BPE vocabulary learnt here (transformers 5 takes ``vocab`` and
    ``merges``); an older transformers raises TypeError, and the tests skip.
    """
    import json

    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizerFast

    core = Tokenizer(models.BPE(unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=["<s>", "<pad>", "</s>", "<unk>"])
    core.train_from_iterator((KAZAKH_SENTENCES + ENGLISH_SENTENCES) * 3, trainer)
    bpe = json.loads(core.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split()) for m in bpe["merges"]]
    tokenizer = NllbTokenizerFast(vocab=bpe["vocab"], merges=merges, additional_special_tokens=NLLB_CODES,
                                  src_lang="eng_Latn")
    torch.manual_seed(0)
    config = M2M100Config(vocab_size=len(tokenizer), d_model=32, encoder_layers=2, decoder_layers=2,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                          decoder_ffn_dim=64, max_position_embeddings=128, pad_token_id=tokenizer.pad_token_id,
                          eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id,
                          decoder_start_token_id=tokenizer.eos_token_id)
    M2M100ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
