"""Searching the small real corpus: word, lemma, wildcard, phrase and CQL queries, KWIC options."""

from __future__ import annotations

import pytest

from kazkit.corpus.concordance import count_hits, search
from kazkit.corpus.filters import parse_wheres
from kazkit.corpus.store import open_corpus, save_subcorpus
from tests.corpus.helpers import corpus_copy, shared_corpus


@pytest.fixture(scope="module")
def corpus():
    with open_corpus(shared_corpus()) as opened:
        yield opened


def forms(hits) -> list[str]:
    return [h.hit_text for h in hits]


def lowered_count(corpus, form: str) -> int:
    return corpus.execute("SELECT count(*) FROM tokens t JOIN words w USING (word_id) WHERE w.lower = $1",
                          [form]).fetchone()[0]


def test_word_query_finds_every_case_variant(corpus):
    hits = search(corpus, "білімді", limit=None)
    assert len(hits) == lowered_count(corpus, "білімді") >= 2
    assert {h.hit_text.lower() for h in hits} == {"білімді"}


def test_lemma_query_finds_inflected_forms(corpus):
    found = {f.lower() for f in forms(search(corpus, "lemma:оқы", limit=None))}
    assert {"оқыған", "оқымағанның", "оқысаң", "оқымасаң"} <= found
    assert all(h.match[0].lemma == "оқы" for h in search(corpus, "lemma:оқы", limit=None))


def test_wildcard_and_regex_queries(corpus):
    wildcard = {f.lower() for f in forms(search(corpus, "білім*", limit=None))}
    assert {"білім", "білімді", "білімсіз"} <= wildcard
    assert all(f.startswith("білім") for f in wildcard)
    regex = {f.lower() for f in forms(search(corpus, "/кітап(тар)?/", limit=None))}
    assert regex <= {"кітап", "кітаптар"} and "кітап" in regex


def test_phrase_query_matches_consecutive_words(corpus):
    hits = search(corpus, '"жоғары оқу"', limit=None)
    assert hits and all(h.hit_text.lower() == "жоғары оқу" for h in hits)


def test_cql_lemma_and_part_of_speech(corpus):
    hits = search(corpus, '[upos="ADJ"] [lemma="винтовка"]', limit=None)
    assert [h.hit_text for h in hits] == ["пневматикалық винтовкадан"] * 2
    for hit in hits:
        assert hit.match[0].upos == "ADJ" and hit.match[1].lemma == "винтовка"


def test_cql_gap_finds_words_between(corpus):
    tight = count_hits(corpus, '[lower="білім"] [lower="таусылмас"]')
    loose = count_hits(corpus, '[lower="білім"] []{0,1} [lower="таусылмас"]')
    assert tight == 0 and loose >= 2  # "Білім — таусылмас ..." has a dash between


def test_within_s_keeps_matches_inside_one_sentence(corpus):
    tokens, sentences, documents = corpus.execute(
        "SELECT (SELECT count(*) FROM tokens), (SELECT count(*) FROM sentences), "
        "(SELECT count(*) FROM documents)").fetchone()
    # any two neighbours: all pairs inside a document, or inside a sentence with "within s"
    assert count_hits(corpus, "[] []") == tokens - documents
    assert count_hits(corpus, "[] [] within s") == tokens - sentences


def test_keyboard_fallback_finds_words_typed_on_a_russian_keyboard(corpus):
    kazakh = count_hits(corpus, "білім")
    assert kazakh >= 3
    assert count_hits(corpus, "билим") == 0
    assert count_hits(corpus, "билим", fold=True) == kazakh
    assert count_hits(corpus, '[lemma="окы"]', fold=True) == count_hits(corpus, '[lemma="оқы"]')


def test_where_restricts_the_search_to_a_genre(corpus):
    everywhere = count_hits(corpus, "lemma:білім")
    proverbs = search(corpus, "lemma:білім", wheres=parse_wheres(["genre=proverbs"]), limit=None)
    assert 0 < len(proverbs) < everywhere
    assert {h.meta["genre"] for h in proverbs} == {"proverbs"}
    others = count_hits(corpus, "lemma:білім", wheres=parse_wheres(["genre!=proverbs"]))
    assert len(proverbs) + others == everywhere


def test_where_compares_dates_and_searches_titles(corpus):
    recent = search(corpus, "lemma:жыл", wheres=parse_wheres(["date>=2020"]), limit=None)
    assert recent and all(h.meta["date"] >= "2020" for h in recent)
    zoology = search(corpus, "lemma:жануар", wheres=parse_wheres(["title~Зоол"]), limit=None)
    assert zoology and {h.meta["title"] for h in zoology} == {"Зоология"}


def test_saved_subcorpus_is_used_by_name(tmp_path):
    path = corpus_copy(tmp_path)
    assert save_subcorpus(path, "wiki", ["genre=encyclopedia"]) == 3
    with open_corpus(path) as corpus:
        wheres = corpus.subcorpus_wheres("wiki")
        hits = search(corpus, "lemma:және", wheres=wheres, limit=None)
        assert hits and {h.meta["genre"] for h in hits} == {"encyclopedia"}


def test_kwic_context_is_limited_to_n_words_and_the_document(corpus):
    hits = search(corpus, "lemma:білім", context=3, limit=None)
    assert all(len(h.left) <= 3 and len(h.right) <= 3 for h in hits)
    assert all(w.pos < h.start for h in hits for w in h.left)
    first = search(corpus, "lemma:білім", context=3, limit=None, sort="position")
    assert [h.start for h in first] == sorted(h.start for h in first)


def test_sort_by_right_context_orders_the_next_word(corpus):
    hits = search(corpus, "lemma:білім", sort="right", context=2, limit=None)
    keys = [h.right[0].word.lower() if h.right else "" for h in hits]
    assert keys == sorted(keys)


def test_sample_is_reproducible_with_a_seed(corpus):
    total = count_hits(corpus, "upos:NOUN")
    one = [h.start for h in search(corpus, "upos:NOUN", sample=10, seed=7, limit=None)]
    again = [h.start for h in search(corpus, "upos:NOUN", sample=10, seed=7, limit=None)]
    other = [h.start for h in search(corpus, "upos:NOUN", sample=10, seed=8, limit=None)]
    assert total > 100 and len(one) == 10 and one == again and one != other


def test_jsonl_record_has_doc_sentence_context_lemmas_and_tags(corpus):
    hit, = search(corpus, '"таусылмас қазына"', limit=1, with_sentence=True)
    record = hit.to_dict()
    assert {"doc", "sentence", "left", "hit", "right", "lemmas", "upos", "feats", "meta"} <= set(record)
    assert record["hit"] == "таусылмас қазына"
    assert record["sentence_text"].startswith("Білім — таусылмас")
    assert record["meta"]["genre"] == "proverbs" and record["sentence"] == 1


def test_hostile_query_text_is_only_data(corpus):
    assert count_hits(corpus, "x'); DROP TABLE tokens; --") == 0
    assert corpus.execute("SELECT count(*) FROM tokens").fetchone()[0] > 1000
