"""Export to vertical text, CoNLL-U, JSONL (round trip), Parquet and datasets."""

from __future__ import annotations

import importlib.util
import io
import json

import pytest

from kazkit.corpus.export import export_corpus
from kazkit.corpus.filters import parse_wheres
from kazkit.corpus.store import build_corpus, open_corpus
from kazkit.errors import MissingExtraError, UsageError
from tests.corpus.helpers import shared_corpus


@pytest.fixture(scope="module")
def corpus():
    with open_corpus(shared_corpus()) as opened:
        yield opened


def exported(corpus, fmt: str, **options) -> str:
    buffer = io.StringIO()
    export_corpus(corpus, fmt, buffer, **options)
    return buffer.getvalue()


def test_vertical_text_has_documents_sentences_and_four_columns(corpus):
    text = exported(corpus, "vertical", wheres=parse_wheres(["genre=proverbs"]))
    lines = text.splitlines()
    assert lines[0].startswith("<doc id=") and 'genre="proverbs"' in lines[0]
    assert text.count("<doc ") == text.count("</doc>") == 30
    assert text.count("<s ") == text.count("</s>") == 30
    tokens = [line.split("\t") for line in lines if not line.startswith("<")]
    assert all(len(t) == 4 for t in tokens)
    assert ["оқымағанның", "оқы", "VERB"] == tokens[[t[0] for t in tokens].index("оқымағанның")][:3]


def test_conllu_is_well_formed_and_keeps_spacing(corpus):
    text = exported(corpus, "conllu", wheres=parse_wheres(["genre=news"]))
    sentences = [block for block in text.strip().split("\n\n") if block]
    sent_ids = [line for block in sentences for line in block.splitlines() if line.startswith("# sent_id")]
    assert len(sent_ids) == len(set(sent_ids)) == len(sentences)
    for block in sentences:
        rows = [line.split("\t") for line in block.splitlines() if not line.startswith("#")]
        assert all(len(r) == 10 for r in rows)
        assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
        text_line = next(line for line in block.splitlines() if line.startswith("# text = "))[9:]
        rebuilt = "".join(r[1] + ("" if "SpaceAfter=No" in r[9] else " ") for r in rows).strip()
        assert rebuilt == text_line


def test_jsonl_export_builds_into_the_same_corpus(corpus, tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(exported(corpus, "jsonl"), encoding="utf-8")
    first = json.loads(dump.read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "text", "genre"} <= set(first)
    report = build_corpus(tmp_path / "again.kzc", [str(dump)], jobs=1)
    sql = ("SELECT list(w.word || '/' || g.lemma ORDER BY t.pos) FROM tokens t JOIN words w USING (word_id) "
           "JOIN tags g USING (tag_id)")
    with open_corpus(tmp_path / "again.kzc") as again:
        assert report.documents == 39
        assert again.execute(sql).fetchone() == corpus.execute(sql).fetchone()
        genres = "SELECT value, count(*) FROM doc_meta WHERE key = 'genre' GROUP BY 1 ORDER BY 1"
        assert again.execute(genres).fetchall() == corpus.execute(genres).fetchall()


def test_jsonl_sentences_carry_tokens_and_tags(corpus):
    records = [json.loads(line) for line in exported(corpus, "jsonl", unit="sentence").splitlines()]
    record = next(r for r in records if "таусылмас" in r["tokens"])
    assert len(record["tokens"]) == len(record["lemmas"]) == len(record["upos"]) == len(record["feats"])
    assert record["text"].startswith("Білім — таусылмас")


def test_parquet_tables_answer_the_same_sql(corpus, tmp_path):
    from kazkit.corpus.db import duckdb

    folder = tmp_path / "parquet"
    export_corpus(corpus, "parquet", folder)
    assert (folder / "tokens" / "shard=0").is_dir() and (folder / "words.parquet").is_file()
    con = duckdb().connect()
    sql = ("SELECT g.lemma, count(*) FROM {tokens} t JOIN {tags} g ON g.tag_id = t.tag_id "
           "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5")
    from_parquet = con.execute(sql.format(tokens=f"read_parquet('{folder}/tokens/*/*.parquet')",
                                          tags=f"read_parquet('{folder}/tags.parquet')")).fetchall()
    assert from_parquet == corpus.execute(sql.format(tokens="tokens", tags="tags")).fetchall()
    with pytest.raises(UsageError, match="not empty"):
        export_corpus(corpus, "parquet", folder)


@pytest.mark.skipif(importlib.util.find_spec("datasets") is not None, reason="datasets is installed")
def test_datasets_export_without_the_extra_names_the_install(corpus, tmp_path):
    with pytest.raises(MissingExtraError, match=r"pip install 'kazkit\[model\]'"):
        export_corpus(corpus, "datasets", tmp_path / "ds")
    assert not (tmp_path / "ds").exists()


def test_unknown_export_format_is_a_usage_error(corpus):
    with pytest.raises(UsageError, match="unknown export format"):
        export_corpus(corpus, "xml", io.StringIO())


@pytest.mark.skipif(importlib.util.find_spec("datasets") is None, reason="needs the datasets library (kazkit[model])")
def test_datasets_export_loads_back_and_builds_a_corpus(corpus, tmp_path):
    import datasets

    export_corpus(corpus, "datasets", tmp_path / "ds", wheres=parse_wheres(["genre=proverbs"]))
    dataset = datasets.load_from_disk(str(tmp_path / "ds"))
    assert len(dataset) == 30
    assert all(row["text"] for row in dataset)
    rebuilt = tmp_path / "again.kzc"
    build_corpus(rebuilt, [str(tmp_path / "ds")], jobs=1)
    with open_corpus(rebuilt) as opened:
        assert opened.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 30
