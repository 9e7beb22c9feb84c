"""Building and updating a corpus: inputs, metadata, duplicates, atomic writes and resuming."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from kazkit.corpus import store
from kazkit.corpus.concordance import count_hits
from kazkit.corpus.filters import parse_wheres
from kazkit.corpus.ingest import iter_documents, read_sidecar, split_front_matter
from kazkit.corpus.store import (
    add_documents,
    build_corpus,
    corpus_info,
    open_corpus,
    remove_documents,
)
from kazkit.errors import InputError, UsageError
from tests.corpus.helpers import (
    NEWS,
    PROVERBS,
    SIDECAR,
    SUBTITLES,
    WIKI,
    corpus_copy,
    shared_corpus,
)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def meta_of(corpus, name_part: str) -> dict[str, str]:
    rows = corpus.execute("SELECT m.key, m.value FROM doc_meta m JOIN documents d USING (doc_id) "
                          "WHERE d.name LIKE '%' || $1 || '%'", [name_part]).fetchall()
    return dict(rows)


def test_front_matter_becomes_metadata_and_is_not_text():
    text, meta = split_front_matter((WIKI / "article3.md").read_text(encoding="utf-8"))
    assert meta["title"] == "Зоология" and meta["genre"] == "encyclopedia"
    assert not text.startswith("---") and "Зоология" in text


def test_documents_carry_metadata_from_records_front_matter_sidecar_and_options():
    with open_corpus(shared_corpus()) as corpus:
        news = meta_of(corpus, "ntrex128-bbc.381780")
        assert news["genre"] == "news" and news["licence"] == "CC BY-SA 4.0"
        article = meta_of(corpus, "article2.md")
        assert article["title"] == "Қорғалжын қорығы"  # front matter
        assert article["topic"] == "geography"  # sidecar CSV
        assert article["collection"] == "kazkit-tests"  # --meta
        info = corpus_info(corpus, by="genre")
    parts = {p["part"]: p["documents"] for p in info["parts"]}
    assert parts == {"proverbs": 30, "news": 5, "encyclopedia": 3, "(none)": 1}


def test_subtitles_are_stored_without_numbers_timing_or_tags():
    doc, = iter_documents([str(SUBTITLES)])
    assert doc.text.splitlines() == ["Оқысаң, озарсың, оқымасаң, тозарсың.", "Білім — таусылмас кен.",
                                      "Кітап — білім бұлағы."]
    with open_corpus(shared_corpus()) as corpus:
        assert count_hits(corpus, "lemma:оқы", wheres=parse_wheres(["format=srt"])) == 2
        assert count_hits(corpus, "/.*[0-9].*/", wheres=parse_wheres(["format=srt"])) == 0  # no cue numbers or times


def test_every_token_has_word_lemma_upos_sentence_and_language():
    with open_corpus(shared_corpus()) as corpus:
        missing = corpus.execute(
            "SELECT count(*) FROM tokens t LEFT JOIN words w USING (word_id) LEFT JOIN tags g USING (tag_id) "
            "LEFT JOIN sentences s USING (sent_id) WHERE w.word IS NULL OR g.lemma IS NULL OR g.upos IS NULL "
            "OR s.lang IS NULL").fetchone()[0]
        assert missing == 0
        row = corpus.execute("SELECT g.lemma, g.upos, g.feats FROM tokens t JOIN words w USING (word_id) "
                             "JOIN tags g USING (tag_id) WHERE w.word = 'мамандардың'").fetchone()
        assert row[0] == "маман" and row[1] == "NOUN" and "Case=Gen" in row[2]
        langs = dict(corpus.execute("SELECT lang, count(*) FROM sentences GROUP BY lang").fetchall())
        assert max(langs, key=langs.get) == "kk"


def test_same_text_is_stored_once(tmp_path):
    path = tmp_path / "twice.kzc"
    copy = tmp_path / "same-proverbs.jsonl"
    shutil.copyfile(PROVERBS, copy)
    report = build_corpus(path, [str(PROVERBS), str(copy)], jobs=1)
    assert report.documents == 30 and report.duplicates == 30
    renamed = tmp_path / "renamed.jsonl"
    renamed.write_text("".join(json.dumps({**json.loads(line), "id": "other-" + json.loads(line)["id"]},
                                          ensure_ascii=False) + "\n"
                               for line in PROVERBS.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    again = add_documents(path, [str(renamed)], jobs=1)
    assert again.documents == 0 and again.duplicates == 30
    with open_corpus(path) as corpus:
        assert corpus.execute("SELECT count(*) FROM documents").fetchone()[0] == 30


def test_parallel_build_stores_the_same_tokens_as_one_process(tmp_path):
    one = build_corpus(tmp_path / "one.kzc", [str(NEWS), str(WIKI)], jobs=1)
    two = build_corpus(tmp_path / "two.kzc", [str(NEWS), str(WIKI)], jobs=2)
    assert (one.documents, one.tokens, one.sentences) == (two.documents, two.tokens, two.sentences)
    sql = ("SELECT list(w.word || '/' || g.lemma || '/' || g.upos ORDER BY t.pos) FROM tokens t "
           "JOIN words w USING (word_id) JOIN tags g USING (tag_id)")
    with open_corpus(tmp_path / "one.kzc") as a, open_corpus(tmp_path / "two.kzc") as b:
        assert a.execute(sql).fetchone() == b.execute(sql).fetchone()


def test_build_refuses_to_overwrite_without_force(tmp_path):
    path = corpus_copy(tmp_path)
    with pytest.raises(UsageError, match="corpus add"):
        build_corpus(path, [str(PROVERBS)], jobs=1)
    report = build_corpus(path, [str(PROVERBS)], jobs=1, force=True)
    assert report.documents == 30


def test_missing_input_is_an_input_error_and_writes_nothing(tmp_path):
    path = tmp_path / "none.kzc"
    with pytest.raises(InputError, match="no such file"):
        build_corpus(path, [str(tmp_path / "missing.txt")], jobs=1)
    assert not path.exists() and not (tmp_path / "none.kzc.partial").exists()


def test_failed_add_leaves_the_corpus_unchanged(tmp_path):
    path = corpus_copy(tmp_path)
    before = digest(path)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "ok", "text": "Жаңа құжат мұнда."}\n{"id": "bad", "text": \n', encoding="utf-8")
    with pytest.raises(InputError, match="broken.jsonl:2"):
        add_documents(path, [str(broken)], jobs=1)
    assert digest(path) == before
    assert not list(tmp_path.glob(".copy.kzc.*")) and not (tmp_path / "copy.kzc.lock").exists()


def test_interrupted_build_keeps_the_old_corpus_and_resumes(tmp_path, monkeypatch):
    path = tmp_path / "corpus.kzc"
    shutil.copyfile(shared_corpus(), path)
    before = digest(path)
    monkeypatch.setattr(store, "FLUSH_TOKENS", 50)  # commit after every batch
    monkeypatch.setattr(store, "BATCH_CHARS", 500)
    broken = tmp_path / "later.jsonl"
    broken.write_text('{"id": "x", "text": "Соңғы құжат."}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError):
        build_corpus(path, [str(NEWS), str(PROVERBS), str(broken)], jobs=1, force=True)
    assert digest(path) == before  # the old corpus is untouched
    partial = tmp_path / "corpus.kzc.partial"
    assert partial.exists()
    broken.write_text('{"id": "x", "text": "Соңғы құжат."}\n', encoding="utf-8")
    report = build_corpus(path, [str(NEWS), str(PROVERBS), str(broken)], jobs=1, force=True)
    assert report.resumed > 0 and report.documents == 36 - report.resumed
    assert not partial.exists()
    with open_corpus(path) as corpus:
        assert corpus.execute("SELECT count(*) FROM documents").fetchone()[0] == 36
        positions = corpus.execute("SELECT count(*), count(DISTINCT pos), max(pos) + 1 FROM tokens").fetchone()
        assert positions[0] == positions[1] == positions[2]


def test_readers_keep_the_old_corpus_while_a_writer_adds(tmp_path):
    path = corpus_copy(tmp_path)
    with open_corpus(path) as reader:
        documents = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
        extra = tmp_path / "extra.txt"
        extra.write_text("Қазақ тілі — мемлекеттік тіл. Ол кітаптарда кеңінен қолданылады.", encoding="utf-8")
        add_documents(path, [str(extra)], jobs=1)
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == documents
    with open_corpus(path) as fresh:
        assert fresh.execute("SELECT count(*) FROM documents").fetchone()[0] == documents + 1
        assert count_hits(fresh, "кітаптарда") == 1


def test_remove_documents_by_name_and_by_metadata(tmp_path):
    path = corpus_copy(tmp_path)
    assert remove_documents(path, ["ntrex128-bbc.381780"]) == 1
    assert remove_documents(path, wheres=parse_wheres(["genre=proverbs"])) == 30
    with open_corpus(path) as corpus:
        info = corpus_info(corpus)["total"]
        assert info["documents"] == 39 - 31
        orphans = corpus.execute("SELECT count(*) FROM tokens WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
        assert orphans.fetchone()[0] == 0
        assert count_hits(corpus, "оқымасаң", wheres=parse_wheres(["genre=proverbs"])) == 0


def test_sidecar_csv_needs_a_file_column(tmp_path):
    bad = tmp_path / "meta.csv"
    bad.write_text("title,genre\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="'file'"):
        read_sidecar(bad)
    assert read_sidecar(SIDECAR)["article1.md"]["topic"] == "medicine"


def test_parquet_documents_are_read_through_duckdb(tmp_path):
    from kazkit.corpus.db import duckdb

    source = tmp_path / "docs.parquet"
    con = duckdb().connect()
    con.execute("COPY (SELECT * FROM read_json_auto($1)) TO '" + str(source).replace("'", "''") + "' (FORMAT parquet)",
                [str(PROVERBS)])
    con.close()
    report = build_corpus(tmp_path / "pq.kzc", [str(source)], jobs=1)
    assert report.documents == 30
    with open_corpus(tmp_path / "pq.kzc") as corpus:
        assert meta_of(corpus, "cvsent-02562")["genre"] == "proverbs"
        assert count_hits(corpus, '"таусылмас қазына"') == 1


def test_disambiguation_in_context_changes_readings_not_tokens(tmp_path):
    plain = build_corpus(tmp_path / "plain.kzc", [str(NEWS)], jobs=1)
    ranked = build_corpus(tmp_path / "ranked.kzc", [str(NEWS)], jobs=1, disambiguate=True)
    assert plain.tokens == ranked.tokens
    sql = ("SELECT list(w.word ORDER BY t.pos), list(g.upos ORDER BY t.pos) FROM tokens t "
           "JOIN words w USING (word_id) JOIN tags g USING (tag_id)")
    with open_corpus(tmp_path / "plain.kzc") as a, open_corpus(tmp_path / "ranked.kzc") as b:
        (words_a, upos_a), (words_b, upos_b) = a.execute(sql).fetchone(), b.execute(sql).fetchone()
    assert words_a == words_b
    changed = sum(x != y for x, y in zip(upos_a, upos_b, strict=True))
    assert 0 < changed < len(upos_a) // 4
