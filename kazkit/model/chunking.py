"""Cutting long inputs to a model's token budget, and map-reduce summarisation over the pieces.

Pure Python: the token counter and the summariser are passed in, so these functions are tested
without any model and work with any tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["chunk_sentences", "map_reduce", "split_to_budget", "text_sentences"]

TokenCounter = Callable[[str], int]
#: A round of map-reduce must shrink the text at least this much, or the reduction stops.
_MIN_SHRINK = 0.9


def text_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (kazkit's sentence splitter), whitespace-normalised."""
    from kazkit.text.pipeline import iter_sentences

    return [" ".join(s.text.split()) for s, _ in iter_sentences(text) if s.text.strip()]


def split_to_budget(sentence: str, count_tokens: TokenCounter, budget: int) -> list[str]:
    """A sentence longer than ``budget`` tokens, cut at spaces into pieces that fit.

    A single word longer than the budget becomes a piece of its own (the model truncates it).
    """
    if count_tokens(sentence) <= budget:
        return [sentence]
    pieces: list[str] = []
    current: list[str] = []
    for word in sentence.split():
        candidate = " ".join([*current, word])
        if current and count_tokens(candidate) > budget:
            pieces.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        pieces.append(" ".join(current))
    return pieces


def chunk_sentences(sentences: list[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    """Consecutive sentences grouped into chunks of at most ``budget`` tokens each.

    >>> chunk_sentences(["Бір екі.", "Үш төрт.", "Бес."], lambda s: len(s.split()), 4)
    ['Бір екі. Үш төрт.', 'Бес.']
    """
    if budget < 1:
        raise ValueError("the token budget must be at least 1")
    chunks: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        for piece in split_to_budget(sentence, count_tokens, budget):
            candidate = " ".join([*current, piece])
            if current and count_tokens(candidate) > budget:
                chunks.append(" ".join(current))
                current = [piece]
            else:
                current.append(piece)
    if current:
        chunks.append(" ".join(current))
    return chunks


def map_reduce(text: str, summarize_chunks: Callable[[list[str]], list[str]], count_tokens: TokenCounter,
               budget: int, max_rounds: int = 4) -> str:
    """Summarise ``text`` of any length with a summariser that takes at most ``budget`` tokens.

    Map: each chunk is summarised (``summarize_chunks`` receives all chunks of a round, so a model
    can batch them). Reduce: the joined summaries are summarised again, in rounds, until they fit
    in one chunk; then one last call gives the summary. A round that does not shrink the text
    stops the reduction (a model that copies its input cannot loop forever).
    """
    sentences = text_sentences(text) or [text]
    chunks = chunk_sentences(sentences, count_tokens, budget)
    for _ in range(max_rounds):
        if len(chunks) == 1:
            return summarize_chunks(chunks)[0].strip()
        joined = "\n".join(s.strip() for s in summarize_chunks(chunks) if s.strip())
        previous = sum(count_tokens(c) for c in chunks)
        if count_tokens(joined) > previous * _MIN_SHRINK:
            return joined
        chunks = chunk_sentences(text_sentences(joined) or [joined], count_tokens, budget)
    return "\n".join(chunks)
