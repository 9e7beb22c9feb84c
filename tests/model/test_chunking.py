"""Chunking by a token budget and map-reduce summarisation (no model needed)."""

import pytest

from kazkit.model.chunking import chunk_sentences, map_reduce, split_to_budget


def words(text: str) -> int:
    return len(text.split())


def test_chunks_never_exceed_the_budget_and_keep_every_word():
    sentences = ["Қазақ тілі мемлекеттік тіл.", "Ол түркі тілдеріне жатады.", "Алматы ірі қала болып табылады."]
    chunks = chunk_sentences(sentences, words, 7)
    assert all(words(c) <= 7 for c in chunks)
    assert " ".join(chunks).split() == " ".join(sentences).split()


def test_a_sentence_longer_than_the_budget_is_cut_at_spaces():
    assert split_to_budget("бір екі үш төрт бес", words, 2) == ["бір екі", "үш төрт", "бес"]


def test_zero_budget_is_refused():
    with pytest.raises(ValueError):
        chunk_sentences(["Сәлем."], words, 0)


def test_map_reduce_summarises_each_chunk_then_the_joined_summaries():
    calls = []

    def first_words(chunks):
        calls.append(len(chunks))
        return [" ".join(c.split()[:2]) + "." for c in chunks]

    text = " ".join(f"Сөйлем нөмірі {i} мұнда тұр." for i in range(12))
    summary = map_reduce(text, first_words, words, budget=10)
    assert calls[0] > 1 and calls[-1] == 1  # map over many chunks, reduce to one call
    assert words(summary) <= 10
