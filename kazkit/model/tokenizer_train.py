"""Train subword tokenizers on Kazakh text and compare them by tokens per word.

Kazakh is agglutinative: a tokenizer trained mostly on English cuts ``мектептерімізде`` into many
pieces, so a model sees less text per context window and generates more slowly. Tokens per word
(words as kazkit's tokeniser counts them) measures this; lower is better. Training uses the
``tokenizers`` library (BPE, Unigram, WordPiece) or ``sentencepiece`` (both in ``kazkit[model]``,
imported inside the functions).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kazkit.errors import InputError, MissingExtraError, UsageError

__all__ = ["KINDS", "compare_tokenizers", "load_token_counter", "tokens_per_word", "train_tokenizer",
           "word_count"]

KINDS = ("bpe", "unigram", "wordpiece", "sp-unigram", "sp-bpe")
INSTALL_HINT = "pip install 'kazkit[model]'"
_SPECIAL = ["<unk>", "<s>", "</s>", "<pad>"]


def _texts(files: Iterable[str], encoding: str | None) -> list[str]:
    from kazkit.text.io import read_input

    return [read_input(name, encoding=encoding).text for name in files]


def _lines(texts: list[str]) -> list[str]:
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


def _train_hf(lines: list[str], vocab_size: int, kind: str, output: Path) -> Path:
    try:
        from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    except ImportError:
        raise MissingExtraError(f"tokenizer training needs the tokenizers library: {INSTALL_HINT}") from None
    if kind == "wordpiece":
        tokenizer = Tokenizer(models.WordPiece(unk_token="<unk>"))
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.decoder = decoders.WordPiece()
        trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=_SPECIAL)
    else:
        tokenizer = Tokenizer(models.BPE(unk_token="<unk>") if kind == "bpe" else models.Unigram())
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
        tokenizer.decoder = decoders.Metaspace()
        trainer = (trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=_SPECIAL) if kind == "bpe"
                   else trainers.UnigramTrainer(vocab_size=vocab_size, special_tokens=_SPECIAL, unk_token="<unk>"))
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.train_from_iterator(lines, trainer)
    path = output / "tokenizer.json"
    tokenizer.save(str(path))
    return path


def _train_sentencepiece(lines: list[str], vocab_size: int, kind: str, output: Path) -> Path:
    try:
        import sentencepiece as spm
    except ImportError:
        raise MissingExtraError(f"sentencepiece training needs sentencepiece: {INSTALL_HINT}") from None
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines))
    try:
        spm.SentencePieceTrainer.train(
            input=handle.name, model_prefix=str(output / "tokenizer"), vocab_size=vocab_size,
            model_type=kind.removeprefix("sp-"), character_coverage=1.0, hard_vocab_limit=False,
            minloglevel=2)
    except RuntimeError as error:
        raise UsageError(f"sentencepiece could not train: {error}") from None
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return output / "tokenizer.model"


def train_tokenizer(files: list[str], *, vocab_size: int = 8000, output: str = "kazkit-tokenizer",
                    kind: str = "bpe", encoding: str | None = None) -> Path:
    """Train a tokenizer of ``kind`` on the text files; returns the saved file
    (``OUTPUT/tokenizer.json``, or ``OUTPUT/tokenizer.model`` for sentencepiece)."""
    if kind not in KINDS:
        raise UsageError(f"unknown tokenizer kind {kind!r} (one of: {', '.join(KINDS)})")
    if vocab_size < 10:
        raise UsageError("--vocab must be at least 10")
    lines = _lines(_texts(files, encoding))
    if not lines:
        raise InputError("no text to train on: the files are empty")
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    if kind.startswith("sp-"):
        return _train_sentencepiece(lines, vocab_size, kind, folder)
    return _train_hf(lines, vocab_size, kind, folder)


def load_token_counter(path: str) -> tuple[Callable[[str], int], int]:
    """A function counting the tokens of a text, and the vocabulary size, for a tokenizer file or
    folder (``tokenizer.json``, a sentencepiece ``.model``, or a transformers tokenizer folder)."""
    target = Path(path)
    if target.is_dir():
        for name in ("tokenizer.json", "tokenizer.model", "spiece.model", "sentencepiece.bpe.model"):
            if (target / name).is_file():
                target = target / name
                break
    if not target.exists():
        raise InputError(f"{path}: no such tokenizer file or folder")
    if target.suffix == ".json":
        try:
            from tokenizers import Tokenizer
        except ImportError:
            raise MissingExtraError(f"reading tokenizer.json needs tokenizers: {INSTALL_HINT}") from None
        tokenizer = Tokenizer.from_file(str(target))
        return (lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)), tokenizer.get_vocab_size()
    if target.suffix == ".model":
        try:
            import sentencepiece as spm
        except ImportError:
            raise MissingExtraError(f"reading a sentencepiece model needs sentencepiece: {INSTALL_HINT}") from None
        processor = spm.SentencePieceProcessor(model_file=str(target))
        return (lambda text: len(processor.encode(text))), processor.get_piece_size()
    raise InputError(f"{path}: not a tokenizer (expected tokenizer.json or a sentencepiece .model)")


def word_count(text: str) -> int:
    """Words as kazkit's tokeniser counts them (words, Latin words, numbers, abbreviations)."""
    from kazkit.text.tokenize import tokenize
    from kazkit.types import ABBR, LATIN, NUMBER, WORD

    return sum(1 for token in tokenize(text) if token.kind in (WORD, LATIN, NUMBER, ABBR))


def tokens_per_word(count_tokens: Callable[[str], int], lines: list[str]) -> tuple[int, int]:
    """(tokens, words) over ``lines``, each line encoded on its own."""
    return sum(count_tokens(line) for line in lines), sum(word_count(line) for line in lines)


def compare_tokenizers(paths: list[str], files: list[str], encoding: str | None = None) -> list[dict]:
    """One row per tokenizer: vocabulary size, words, tokens and tokens per word on ``files``."""
    lines = _lines(_texts(files, encoding))
    rows = []
    for path in paths:
        count, vocab = load_token_counter(path)
        tokens, words = tokens_per_word(count, lines)
        rows.append({"tokenizer": path, "vocab": vocab, "words": words, "tokens": tokens,
                     "tokens_per_word": tokens / words if words else 0.0})
    return rows
