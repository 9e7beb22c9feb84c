"""Cutting long inputs to a model's token budget, and map-reduce summarisation over the pieces.

Pure Python: the token counter and the summariser are passed in, so these functions are tested
without any model and work with any tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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
    return _pack(sentence.split(), count_tokens, budget)


def _pack(items: Iterable[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    """Join consecutive ``items`` with spaces, greedily, into groups of at most ``budget`` tokens
    (an item that alone exceeds the budget stays a group of its own)."""
    groups: list[str] = []
    current: list[str] = []
    for item in items:
        if current and count_tokens(" ".join([*current, item])) > budget:
            groups.append(" ".join(current))
            current = [item]
        else:
            current.append(item)
    if current:
        groups.append(" ".join(current))
    return groups


def chunk_sentences(sentences: list[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    """Consecutive sentences grouped into chunks of at most ``budget`` tokens each.

    >>> chunk_sentences(["Бір екі.", "Үш төрт.", "Бес."], lambda s: len(s.split()), 4)
    ['Бір екі. Үш төрт.', 'Бес.']
    """
    if budget < 1:
        raise ValueError("the token budget must be at least 1")
    pieces = (piece for sentence in sentences for piece in split_to_budget(sentence, count_tokens, budget))
    return _pack(pieces, count_tokens, budget)


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
