"""Frequency lists, collocations, n-grams and keywords on the small real corpus."""

from __future__ import annotations

import math

import pytest

from kazkit.corpus.concordance import count_hits
from kazkit.corpus.filters import parse_wheres
from kazkit.corpus.stats import (
    collocation_scores,
    collocations,
    frequency,
    keywords,
    log_likelihood,
    ngrams,
)
from kazkit.corpus.store import corpus_info, open_corpus
from kazkit.errors import UsageError
from tests.corpus.helpers import shared_corpus


@pytest.fixture(scope="module")
def corpus():
    with open_corpus(shared_corpus()) as opened:
        yield opened


def test_info_counts_match_the_tables(corpus):
    info = corpus_info(corpus, by="genre")
    total = info["total"]
    assert total["documents"] == 39
    assert total["tokens"] == corpus.execute("SELECT count(*) FROM tokens").fetchone()[0]
    assert total["words"] < total["tokens"]  # punctuation is not a word
    assert total["lemmas"] < total["types"] < total["words"]
    assert sum(p["tokens"] for p in info["parts"]) == total["tokens"]


def test_word_frequencies_add_up_and_give_per_million(corpus):
    result = frequency(corpus, "lower", limit=None)
    assert sum(r["freq"] for r in result.rows) == result.total == corpus_info(corpus)["total"]["words"]
    top = result.rows[0]
    assert top["ipm"] == pytest.approx(top["freq"] * 1e6 / result.total, abs=0.01)
    by_count = {r["lower"]: r["freq"] for r in result.rows}
    assert by_count["білім"] == count_hits(corpus, "білім")
    assert "," not in by_count


def test_lemma_frequency_counts_every_form(corpus):
    lemmas = {r["lemma"]: r["freq"] for r in frequency(corpus, "lemma", limit=None).rows}
    assert lemmas["оқы"] == count_hits(corpus, "lemma:оқы")


def test_frequency_by_lemma_and_upos_with_a_column_per_genre(corpus):
    result = frequency(corpus, "lemma,upos", columns="genre", limit=None)
    assert set(result.parts) == {"news", "proverbs", "encyclopedia", "(none)"}
    row = next(r for r in result.rows if r["lemma"] == "білім" and r["upos"] == "NOUN")
    assert sum(row["columns"].values()) == row["freq"]
    assert row["columns"]["proverbs"] == count_hits(corpus, '[lemma="білім" & upos="NOUN"]',
                                                    wheres=parse_wheres(["genre=proverbs"]))


def test_frequency_by_an_unknown_attribute_is_a_usage_error(corpus):
    with pytest.raises(UsageError, match="cannot count by 'colour'"):
        frequency(corpus, "colour")


def test_collocation_measures_follow_their_formulas():
    scores = collocation_scores(observed=10, node=20, collocate=30, size=10_000)
    expected = 20 * 30 / 10_000
    assert scores["mi"] == pytest.approx(math.log2(10 / expected))
    assert scores["t"] == pytest.approx((10 - expected) / math.sqrt(10))
    assert scores["logdice"] == pytest.approx(14 + math.log2(20 / 50))
    assert scores["ll"] > 0 and log_likelihood(0, 20, 30, 10_000) < 0


def test_collocations_of_a_lemma_in_a_window(corpus):
    result = collocations(corpus, "lemma:қаза", by="lemma", left=0, right=1, min_freq=2)
    assert result["node_freq"] == count_hits(corpus, "lemma:қаза")
    top = result["rows"][0]
    assert top["lemma"] == "тап"  # қаза тап- "to perish"
    assert top["freq"] == count_hits(corpus, '[lemma="қаза"] [lemma="тап"]')


def test_collocation_window_must_not_be_empty(corpus):
    with pytest.raises(UsageError, match="window"):
        collocations(corpus, "lemma:қаза", left=0, right=0)


def test_bigram_counts_agree_with_phrase_queries(corpus):
    top = ngrams(corpus, 2, by="lower", min_freq=2, limit=5)
    assert top and top[0]["freq"] >= top[-1]["freq"]
    for gram in top:
        first, second = gram["tokens"]
        assert gram["freq"] == count_hits(corpus, f'[lower="{first}"] [lower="{second}"] within s')


def test_ngrams_of_tags(corpus):
    rows = ngrams(corpus, 2, by="upos", min_freq=1, limit=None)
    pairs = {r["ngram"]: r["freq"] for r in rows}
    assert pairs["ADJ NOUN"] == count_hits(corpus, '[upos="ADJ"] [upos="NOUN"] within s')


def test_keywords_of_proverbs_against_the_rest(corpus):
    result = keywords(corpus, parse_wheres(["genre=proverbs"]), by="lemma", min_freq=3)
    words = [r["key"] for r in result["rows"]]
    assert "білім" in words[:5]
    assert all(r["ll"] > 0 and r["ipm"] > r["ref_ipm"] for r in result["rows"])


def test_keywords_need_a_focus(corpus):
    with pytest.raises(UsageError, match="subcorpus"):
        keywords(corpus, None)
