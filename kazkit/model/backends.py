"""The transformers backend: summarise and paraphrase with a local causal or seq2seq model.

Optional (``pip install 'kazkit[model]'``): torch and transformers are imported inside the
functions here, never at module level. Models load from a local folder, or from a Hugging Face
hub name that is already in the local cache: kazkit never downloads (``local_files_only``).

* Causal instruction models (KazLLM, Llama, Qwen, Gemma ...) get a Kazakh instruction through the
  model's chat template; a model without a template gets the instruction as plain text.
* Seq2seq models (T5/mT5, mBART, NLLB ...) get their task prefix from the model config
  (``task_specific_params``), and Kazakh language codes (``kaz_Cyrl``, ``kk_KZ``) when their
  tokenizer has them.
* Long inputs are cut by the model's token budget (:mod:`kazkit.model.chunking`) and summarised
  map-reduce; paraphrases are made chunk by chunk.
* Translation (:meth:`TransformersBackend.translate`, used by ``kazkit subs translate``): NLLB
  (``eng_Latn`` -> ``kaz_Cyrl``), mBART-50 (``en_XX`` -> ``kk_KZ``) and M2M100 models get their
  language codes (the tokenizer's ``src_lang`` and the target code forced as the first generated
  token); other seq2seq models get a ``translate English to Kazakh: `` prefix (or the one their
  config names); causal models a Kazakh instruction, with the approved terms to use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kazkit.errors import MissingExtraError, UsageError

__all__ = ["GenerationSettings", "TransformersBackend", "load_backend", "pick_device", "pick_dtype",
           "resolve_model_name", "PROMPTS", "LANGUAGE_CODES"]

INSTALL_HINT = "pip install 'kazkit[model]'"
#: Context length assumed when neither the config nor the tokenizer states one.
DEFAULT_CONTEXT = 512

SYSTEM_PROMPT = "Сен қазақ тілінде сауатты жазатын көмекшісің. Тек қазақ тілінде жауап бер."
PROMPTS = {
    "summarize": "Мына мәтіннің негізгі ойын бірнеше сөйлеммен қазақ тілінде қысқаша жаз:",
    "reduce": "Мына бөлімдердің қысқаша мазмұнын біріктіріп, бүкіл мәтіннің қысқаша мазмұнын қазақ тілінде жаз:",
    "paraphrase": "Мына мәтінді мағынасын өзгертпей, басқа сөздермен қазақ тілінде қайта жаз:",
}
_SEQ2SEQ_TASK = {"summarize": "summarization", "reduce": "summarization", "paraphrase": "paraphrase"}
_SEQ2SEQ_FALLBACK_PREFIX = {"summarization": "summarize: ", "paraphrase": "paraphrase: "}
_KAZAKH_CODES = ("kaz_Cyrl", "kk_KZ", "__kk__", "kk")

#: Language codes of multilingual seq2seq tokenizers, by ISO 639-1 code: NLLB-200, mBART-50.
#: The first one the tokenizer's vocabulary holds is used (M2M100 takes the plain code).
LANGUAGE_CODES = {
    "kk": ("kaz_Cyrl", "kk_KZ"), "en": ("eng_Latn", "en_XX"), "ru": ("rus_Cyrl", "ru_RU"),
    "tr": ("tur_Latn", "tr_TR"), "de": ("deu_Latn", "de_DE"), "fr": ("fra_Latn", "fr_XX"),
    "zh": ("zho_Hans", "zh_CN"), "uz": ("uzn_Latn", "uz_UZ"), "ky": ("kir_Cyrl",), "uk": ("ukr_Cyrl", "uk_UA"),
}
#: Language names: English for T5-style prefixes, Kazakh stems for the instruction of causal models.
_ENGLISH_NAMES = {"kk": "Kazakh", "en": "English", "ru": "Russian", "tr": "Turkish", "de": "German",
                  "fr": "French", "zh": "Chinese", "uz": "Uzbek", "ky": "Kyrgyz", "uk": "Ukrainian"}
_KAZAKH_NAMES = {"kk": "қазақ", "en": "ағылшын", "ru": "орыс", "tr": "түрік", "de": "неміс", "fr": "француз",
                 "zh": "қытай", "uz": "өзбек", "ky": "қырғыз", "uk": "украин"}


@dataclass
class GenerationSettings:
    """How to generate: greedy unless ``temperature`` > 0; ``seed`` makes sampling repeatable."""

    max_new_tokens: int = 256
    temperature: float = 0.0
    top_p: float = 0.95
    seed: int | None = None
    batch_size: int = 4


def resolve_model_name(option: str | None, configured: str | None = None) -> str | None:
    """The model to use: ``--model``, else the ``KAZKIT_MODEL`` environment variable, else
    ``configured`` (``[model] name`` of kazkit.toml), else None."""
    return option or os.environ.get("KAZKIT_MODEL") or configured or None


def _import_torch():
    try:
        import torch
        import transformers
    except ImportError as error:
        raise MissingExtraError(f"the model backend needs torch and transformers ({error.name} is "
                                f"missing): {INSTALL_HINT}") from None
    return torch, transformers


def pick_device(requested: str = "auto") -> str:
    """``cuda`` when a GPU is there, else Apple's ``mps``, else ``cpu`` (or the requested one)."""
    torch, _ = _import_torch()
    if requested != "auto":
        return requested
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def pick_dtype(requested: str, device: str):
    """The torch dtype: bfloat16 on GPUs that have it, float16 on other GPUs and mps, else float32."""
    torch, _ = _import_torch()
    names = {"float32": torch.float32, "fp32": torch.float32, "float16": torch.float16, "fp16": torch.float16,
             "bfloat16": torch.bfloat16, "bf16": torch.bfloat16}
    if requested != "auto":
        if requested not in names:
            raise UsageError(f"unknown --dtype {requested!r} (auto, float32, float16, bfloat16)")
        return names[requested]
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.float32


def _context_length(config, tokenizer) -> int:
    for name in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "n_ctx"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(limit, int) and 0 < limit < 1_000_000:
        return limit
    return DEFAULT_CONTEXT


class TransformersBackend:
    """A loaded model and tokenizer with Kazakh summarise and paraphrase prompts."""

    def __init__(self, model, tokenizer, device: str, name: str) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.device = device
        self.name = name
        self.seq2seq = bool(getattr(model.config, "is_encoder_decoder", False))
        self.context = _context_length(model.config, tokenizer)
        self._kazakh_code = self._language_code()
        if tokenizer.pad_token is None and tokenizer.eos_token is not None:
            tokenizer.pad_token = tokenizer.eos_token
        if not self.seq2seq:
            tokenizer.padding_side = "left"  # causal models continue the right end of each row

    # --- prompts ---------------------------------------------------------------------------

    def _language_code(self) -> str | None:
        vocab = self.tokenizer.get_vocab()
        return next((code for code in _KAZAKH_CODES if code in vocab and hasattr(self.tokenizer, "src_lang")),
                    None)

    def _prefix(self, task: str) -> str:
        params = getattr(self.model.config, "task_specific_params", None) or {}
        key = _SEQ2SEQ_TASK[task]
        prefix = (params.get(key) or {}).get("prefix")
        if prefix is not None:
            return prefix
        return "" if self._kazakh_code else _SEQ2SEQ_FALLBACK_PREFIX[key]

    def prompt(self, task: str, text: str) -> str:
        """The model input for ``task`` ("summarize", "reduce", "paraphrase") on ``text``."""
        if self.seq2seq:
            return self._prefix(task) + text
        return self._chat(f"{PROMPTS[task]}\n\n{text}")

    def _chat(self, instruction: str) -> str:
        """A user turn through the chat template (plain text for a model without one)."""
        if getattr(self.tokenizer, "chat_template", None):
            messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": instruction}]
            try:
                return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            except Exception:  # some templates reject a system turn: retry with the user turn only
                return self.tokenizer.apply_chat_template(messages[1:], tokenize=False, add_generation_prompt=True)
        return f"{SYSTEM_PROMPT}\n\n{instruction}\n\nЖауап:"

    # --- budget ------------------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def token_budget(self, task: str, max_new_tokens: int) -> int:
        """Tokens of input text that fit beside the prompt and the generated text."""
        overhead = self.count_tokens(self.prompt(task, "")) + 8
        room = self.context - overhead - (0 if self.seq2seq else max_new_tokens)
        return max(16, room)

    # --- generation ----------------------------------------------------------------------------

    def _generation_kwargs(self, settings: GenerationSettings) -> dict:
        kwargs: dict = {"max_new_tokens": settings.max_new_tokens, "pad_token_id": self.tokenizer.pad_token_id}
        if settings.temperature > 0:
            kwargs.update(do_sample=True, temperature=settings.temperature, top_p=settings.top_p)
        else:
            kwargs.update(do_sample=False)
        return kwargs

    def generate(self, prompts: list[str], settings: GenerationSettings,
                 stream: Callable[[str], None] | None = None, *,
                 languages: tuple[str, str] | None = None) -> list[str]:
        """Generated text for each prompt, in batches; with ``stream`` (one prompt at a time) each
        piece of text is passed to ``stream`` as soon as it is decoded. ``languages`` (source,
        target: ISO codes) switch a multilingual seq2seq model to translation."""
        torch, transformers = _import_torch()
        if settings.seed is not None:
            transformers.set_seed(settings.seed)
        if languages is None:  # Kazakh in, Kazakh out (summaries, paraphrases)
            code = self._kazakh_code
            source = code
            forced = self.tokenizer.convert_tokens_to_ids(code) if code and self.seq2seq else None
        else:
            source, forced = self.translation_codes(*languages)
        if source:
            self.tokenizer.src_lang = source
        size = 1 if stream else max(1, settings.batch_size)
        outputs: list[str] = []
        for first in range(0, len(prompts), size):
            batch = prompts[first:first + size]
            room = self.context if self.seq2seq else max(1, self.context - settings.max_new_tokens)
            inputs = self.tokenizer(batch, return_tensors="pt", padding=True, truncation=True,
                                    max_length=room, add_special_tokens=self.seq2seq)
            inputs = {k: v.to(self.device) for k, v in inputs.items()}
            kwargs = self._generation_kwargs(settings)
            if forced is not None:
                kwargs["forced_bos_token_id"] = forced
            if stream:
                kwargs["streamer"] = _callback_streamer(self.tokenizer, stream, skip_prompt=not self.seq2seq)
            with torch.inference_mode():
                generated = self.model.generate(**inputs, **kwargs)
            if not self.seq2seq:  # causal output repeats the prompt: keep the new tokens only
                generated = generated[:, inputs["input_ids"].shape[1]:]
            outputs.extend(self.tokenizer.batch_decode(generated, skip_special_tokens=True))
        return [text.strip() for text in outputs]

    def translation_codes(self, source: str, target: str) -> tuple[str | None, int | None]:
        """The tokenizer's ``src_lang`` and the id of the target code that is forced as the first
        generated token, for ISO codes (``en``, ``kk``); (None, None) for a model without codes.

        An NLLB model gives ``("eng_Latn", <id of kaz_Cyrl>)`` for ``("en", "kk")``.
        """
        if not self.seq2seq:
            return None, None
        if hasattr(self.tokenizer, "get_lang_id"):  # M2M100: plain codes, its own look-up
            try:
                return source, self.tokenizer.get_lang_id(target)
            except KeyError:
                return None, None
        source_code, target_code = self.language_code(source), self.language_code(target)
        if source_code and target_code:
            return source_code, self.tokenizer.convert_tokens_to_ids(target_code)
        return None, None

    def language_code(self, lang: str) -> str | None:
        """The tokenizer's code for an ISO language (``kk`` -> ``kaz_Cyrl`` for NLLB), or None
        when the model is not a multilingual seq2seq model with language codes."""
        if not self.seq2seq or not hasattr(self.tokenizer, "src_lang"):
            return None
        vocab = self.tokenizer.get_vocab()
        return next((code for code in LANGUAGE_CODES.get(lang, ()) if code in vocab), None)

    def translation_prompt(self, text: str, source_lang: str, target_lang: str = "kk",
                           terms: Sequence[tuple[str, str]] = ()) -> str:
        """The model input that asks for ``text`` in ``target_lang``; ``terms`` are (source term,
        approved translation) pairs that a causal model is told to use.

        Seq2seq models with language codes take the bare text; others a task prefix.
        """
        if self.seq2seq:
            if self.language_code(source_lang) and self.language_code(target_lang):
                return text
            if hasattr(self.tokenizer, "get_lang_id"):
                return text
            params = getattr(self.model.config, "task_specific_params", None) or {}
            prefix = (params.get(f"translation_{source_lang}_to_{target_lang}") or {}).get("prefix")
            if prefix is None:
                prefix = (f"translate {_ENGLISH_NAMES.get(source_lang, source_lang)} to "
                          f"{_ENGLISH_NAMES.get(target_lang, target_lang)}: ")
            return prefix + text
        source_name = _KAZAKH_NAMES.get(source_lang, source_lang)
        target_name = _KAZAKH_NAMES.get(target_lang, target_lang)
        instruction = (f"Мына мәтінді {source_name} тілінен {target_name} тіліне аудар. "
                       "Тек аударманың өзін жаз.")
        if terms:
            listed = "; ".join(f"{source} — {approved}" for source, approved in terms)
            instruction += f" Мына терминдерді қолдан: {listed}."
        return self._chat(f"{instruction}\n\n{text}")

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str = "kk", batch_size: int = 8, *,
                  settings: GenerationSettings | None = None,
                  terms: Sequence[Sequence[tuple[str, str]]] | None = None) -> list[str]:
        """Translations of ``texts`` (sentences) from ``source_lang`` into ``target_lang``.

        ``terms[i]`` are the (source term, approved term) pairs of ``texts[i]``; causal models get
        them in the prompt. Greedy decoding unless ``settings`` say otherwise.
        """
        settings = replace(settings or GenerationSettings(), batch_size=batch_size)
        hints = list(terms) if terms is not None else [()] * len(texts)
        if len(hints) != len(texts):
            raise ValueError("terms: one list of pairs per text")
        prompts = [self.translation_prompt(text, source_lang, target_lang, pairs)
                   for text, pairs in zip(texts, hints, strict=True)]
        return self.generate(prompts, settings, languages=(source_lang, target_lang))

    def summarize(self, text: str, settings: GenerationSettings, stream: Callable[[str], None] | None = None) -> str:
        """A summary of ``text`` of any length (map-reduce over chunks of the token budget)."""
        from kazkit.model.chunking import map_reduce

        budget = self.token_budget("summarize", settings.max_new_tokens)
        rounds = {"n": 0}

        def summarize_chunks(chunks: list[str]) -> list[str]:
            task = "summarize" if rounds["n"] == 0 else "reduce"
            rounds["n"] += 1
            prompts = [self.prompt(task, chunk) for chunk in chunks]
            # only the last call (one chunk) is the answer the user sees: stream that one
            return self.generate(prompts, settings, stream if len(chunks) == 1 else None)

        return map_reduce(text, summarize_chunks, self.count_tokens, budget)

    def paraphrase(self, text: str, settings: GenerationSettings,
                   stream: Callable[[str], None] | None = None) -> str:
        """A paraphrase of ``text``, chunk by chunk within the token budget."""
        from kazkit.model.chunking import chunk_sentences, text_sentences

        budget = self.token_budget("paraphrase", settings.max_new_tokens)
        chunks = chunk_sentences(text_sentences(text) or [text], self.count_tokens, budget)
        pieces = []
        for chunk in chunks:
            piece = self.generate([self.prompt("paraphrase", chunk)], settings, stream)[0]
            if stream:
                stream("\n")
            pieces.append(piece)
        return "\n".join(pieces)


def _callback_streamer(tokenizer, callback: Callable[[str], None], skip_prompt: bool):
    from transformers import TextStreamer

    class CallbackStreamer(TextStreamer):
        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            if text:
                callback(text)

    return CallbackStreamer(tokenizer, skip_prompt=skip_prompt, skip_special_tokens=True)


def _not_found(name: str) -> MissingExtraError:
    return MissingExtraError(
        f"model {name!r} not found: not a model folder, and not in the local Hugging Face cache "
        f"(kazkit never downloads; fetch it first, e.g. `huggingface-cli download {name}`, or give a folder)")


def _dtype_keyword(transformers) -> str:
    """``dtype`` since transformers 4.56, ``torch_dtype`` before."""
    major, minor = (int(part) for part in transformers.__version__.split(".")[:2])
    return "dtype" if (major, minor) >= (4, 56) else "torch_dtype"


def load_backend(name: str, device: str = "auto", dtype: str = "auto") -> TransformersBackend:
    """Load a causal or seq2seq model from a folder, or from the local hub cache by name."""
    _, transformers = _import_torch()
    # stdout is for the generated text and stderr for kazkit's own messages: no loading bars
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    local = Path(name).expanduser()
    if local.exists() and not (local / "config.json").is_file():
        raise UsageError(f"{name}: not a transformers model folder (no config.json)")
    source = str(local) if local.exists() else name
    chosen = pick_device(device)
    try:
        config = transformers.AutoConfig.from_pretrained(source, local_files_only=True)
        tokenizer = transformers.AutoTokenizer.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError) as error:
        if not local.exists():
            raise _not_found(name) from None
        raise UsageError(f"{name}: cannot load the model's config or tokenizer ({error})") from None
    auto = (transformers.AutoModelForSeq2SeqLM if getattr(config, "is_encoder_decoder", False)
            else transformers.AutoModelForCausalLM)
    try:
        model = auto.from_pretrained(source, local_files_only=True,
                                     **{_dtype_keyword(transformers): pick_dtype(dtype, chosen)})
    except OSError as error:
        raise UsageError(f"{name}: cannot load the model weights ({error})") from None
    model.to(chosen)
    model.eval()
    return TransformersBackend(model, tokenizer, chosen, name)
