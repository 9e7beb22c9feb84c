"""Exporting a corpus: vertical text (CWB/Sketch Engine), CoNLL-U, JSONL, Parquet and ``datasets``.

Text formats stream document by document; Parquet writes the database tables themselves (tokens
and sentences partitioned into shards of documents), so the same SQL runs on them in DuckDB,
Spark or Trino; ``datasets`` saves a Hugging Face dataset for model training (``kazkit[model]``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from kazkit.errors import MissingExtraError, UsageError

from .filters import Params, Where
from .ingest import NEWLINE, NO_SPACE, PARAGRAPH
from .store import Corpus

TEXT_FORMATS = ("vertical", "conllu", "jsonl")
DIR_FORMATS = ("parquet", "datasets")
FORMATS = TEXT_FORMATS + DIR_FORMATS
SHARD_DOCUMENTS = 10_000  # documents per Parquet partition
_SEPARATORS = {NO_SPACE: "", NEWLINE: "\n", PARAGRAPH: "\n\n"}


def _documents(corpus: Corpus, wheres: list[Where] | None) -> tuple[dict[int, tuple[str, dict]], str, list]:
    params = Params()
    chosen = corpus.documents_filter(wheres, params)
    where = f"WHERE d.doc_id IN ({chosen})" if chosen else ""
    docs = {doc_id: (name, {}) for doc_id, name in corpus.execute(
        f"SELECT d.doc_id, d.name FROM documents d {where}", params.values).fetchall()}
    for doc_id, key, value in corpus.execute(
            f"SELECT m.doc_id, m.key, m.value FROM doc_meta m JOIN documents d ON d.doc_id = m.doc_id {where} "
            "ORDER BY m.doc_id, m.key", params.values).fetchall():
        docs[doc_id][1][key] = value
    return docs, where, params.values


def iter_sentences(corpus: Corpus, wheres: list[Where] | None = None
                   ) -> Iterator[tuple[int, str, dict, int, str, list[tuple]]]:
    """``(doc_id, doc name, metadata, sentence number, language, tokens)`` in corpus order;
    tokens are ``(word, lemma, upos, feats, space)``."""
    docs, where, values = _documents(corpus, wheres)
    where_tokens = where.replace("d.doc_id", "t.doc_id")
    cursor = corpus.execute(
        "SELECT t.doc_id, t.sent_id, w.word, g.lemma, g.upos, g.feats, t.space, s.lang, d.first_sent "
        "FROM tokens t JOIN words w ON w.word_id = t.word_id JOIN tags g ON g.tag_id = t.tag_id "
        "JOIN sentences s ON s.sent_id = t.sent_id JOIN documents d ON d.doc_id = t.doc_id "
        f"{where_tokens} ORDER BY t.pos", values)
    current: tuple | None = None
    tokens: list[tuple] = []
    while rows := cursor.fetchmany(20_000):
        for doc_id, sent_id, word, lemma, upos, feats, space, lang, first_sent in rows:
            if current is None or current[1] != sent_id:
                if current is not None and tokens:
                    yield _sentence(current, docs, tokens)
                current, tokens = (doc_id, sent_id, lang, first_sent), []
            tokens.append((word, lemma, upos, feats, space))
    if current is not None and tokens:
        yield _sentence(current, docs, tokens)


def _sentence(current: tuple, docs: dict, tokens: list[tuple]) -> tuple:
    doc_id, sent_id, lang, first_sent = current
    name, meta = docs[doc_id]
    return doc_id, name, meta, sent_id - first_sent + 1, lang or "", tokens


def sentence_text(tokens: list[tuple]) -> str:
    """The sentence as one line (its inner line breaks become spaces)."""
    out = []
    for index, token in enumerate(tokens):
        out.append(token[0])
        if index < len(tokens) - 1 and token[4] != NO_SPACE:
            out.append(" ")
    return "".join(out)


def _xml_name(key: str) -> str:
    name = re.sub(r"\W", "_", key, flags=re.ASCII).lower() or "_"
    return name if not name[0].isdigit() else "_" + name


def write_vertical(corpus: Corpus, out: TextIO, wheres: list[Where] | None = None) -> None:
    """CWB/Sketch Engine vertical text: ``<doc>`` and ``<s>`` elements, one token a line with
    word, lemma, UPOS and features separated by tabs (encode with ``cwb-encode -x``)."""
    doc = None
    for doc_id, name, meta, number, lang, tokens in iter_sentences(corpus, wheres):
        if doc_id != doc:
            if doc is not None:
                out.write("</doc>\n")
            attributes = {"id": name, **{_xml_name(k): v for k, v in meta.items() if _xml_name(k) != "id"}}
            out.write("<doc" + "".join(f" {k}={quoteattr(v)}" for k, v in attributes.items()) + ">\n")
            doc = doc_id
        out.write(f"<s n=\"{number}\" lang={quoteattr(lang)}>\n")
        for word, lemma, upos, feats, _space in tokens:
            out.write(f"{escape(word)}\t{escape(lemma)}\t{upos}\t{feats}\n")
        out.write("</s>\n")
    if doc is not None:
        out.write("</doc>\n")


def write_conllu(corpus: Corpus, out: TextIO, wheres: list[Where] | None = None) -> None:
    """CoNLL-U with lemma, UPOS and features; HEAD and DEPREL are ``_`` (no syntax)."""
    doc = None
    for doc_id, name, _meta, number, _lang, tokens in iter_sentences(corpus, wheres):
        if doc_id != doc:
            out.write(f"# newdoc id = {name}\n")
            doc = doc_id
        sent_name = re.sub(r"\s+", "_", name)
        out.write(f"# sent_id = {sent_name}-{number}\n# text = {sentence_text(tokens)}\n")
        for index, (word, lemma, upos, feats, space) in enumerate(tokens, 1):
            misc = "SpaceAfter=No" if space == NO_SPACE and index < len(tokens) else "_"
            out.write(f"{index}\t{word}\t{lemma}\t{upos}\t_\t{feats or '_'}\t_\t_\t_\t{misc}\n")
        out.write("\n")


def iter_records(corpus: Corpus, wheres: list[Where] | None = None, unit: str = "doc") -> Iterator[dict]:
    """Documents (``{"id", "text", ...metadata}``) or sentences (with tokens, lemmas, upos, feats)."""
    if unit not in ("doc", "sentence"):
        raise UsageError(f"unknown unit {unit!r}: use doc or sentence")
    if unit == "sentence":
        for _doc_id, name, meta, number, lang, tokens in iter_sentences(corpus, wheres):
            yield {"doc": name, "sentence": number, "lang": lang, "text": sentence_text(tokens),
                   "tokens": [t[0] for t in tokens], "lemmas": [t[1] for t in tokens],
                   "upos": [t[2] for t in tokens], "feats": [t[3] for t in tokens], "meta": meta}
        return
    doc, parts, meta_of = None, [], {}
    for doc_id, name, meta, _number, _lang, tokens in iter_sentences(corpus, wheres):
        if doc_id != doc:
            if doc is not None:
                yield {"id": meta_of["name"], **_text_record(parts, meta_of["meta"])}
            doc, parts, meta_of = doc_id, [], {"name": name, "meta": meta}
        parts.extend(tokens)
    if doc is not None:
        yield {"id": meta_of["name"], **_text_record(parts, meta_of["meta"])}


def _text_record(tokens: list[tuple], meta: dict) -> dict:
    out = []
    for index, token in enumerate(tokens):
        out.append(token[0])
        if index < len(tokens) - 1:
            out.append(_SEPARATORS.get(token[4], " "))
    return {"text": "".join(out), **{k: v for k, v in meta.items() if k not in ("id", "text")}}


def write_jsonl(corpus: Corpus, out: TextIO, wheres: list[Where] | None = None, unit: str = "doc") -> None:
    """One JSON object a line; documents can be built into a corpus again (``corpus build x.jsonl``)."""
    for record in iter_records(corpus, wheres, unit):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_parquet(corpus: Corpus, folder: str | os.PathLike[str], wheres: list[Where] | None = None) -> list[Path]:
    """The corpus tables as Parquet: ``tokens/`` and ``sentences/`` partitioned by ``shard``
    (``doc_id // 10000``), dictionaries and documents as single files. Returns the paths written."""
    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty: export Parquet into a new folder")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in ("tokens", "sentences", "documents", "doc_meta", "words", "tags", "subcorpora", "corpus_info"):
        params = Params()
        chosen = corpus.documents_filter(wheres, params) if table in ("tokens", "sentences", "documents",
                                                                      "doc_meta") else None
        where = f" WHERE doc_id IN ({chosen})" if chosen else ""
        if table in ("tokens", "sentences"):
            path = target / table
            select = f"SELECT *, doc_id // {SHARD_DOCUMENTS} AS shard FROM {table}{where}"
            options = "FORMAT parquet, PARTITION_BY (shard), COMPRESSION zstd"
        else:
            path = target / f"{table}.parquet"
            select = f"SELECT * FROM {table}{where}"
            options = "FORMAT parquet, COMPRESSION zstd"
        order = " ORDER BY pos" if table == "tokens" else ""
        corpus.execute(f"COPY ({select}{order}) TO {params(str(path))} ({options})", params.values)
        written.append(path)
    return written


def write_datasets(corpus: Corpus, folder: str | os.PathLike[str], wheres: list[Where] | None = None,
                   unit: str = "doc") -> Path:
    """A Hugging Face dataset saved on disk (``datasets.load_from_disk`` reads it back)."""
    try:
        import datasets
    except ImportError:
        raise MissingExtraError("export --format datasets needs the datasets library: "
                                "pip install 'kazkit[model]'") from None
    records = list(iter_records(corpus, wheres, unit))
    if unit == "doc":
        keys = sorted({k for r in records for k in r})
        records = [{k: r.get(k) for k in keys} for r in records]
    else:
        for record in records:
            record["meta"] = json.dumps(record["meta"], ensure_ascii=False)
    dataset = datasets.Dataset.from_list(records)
    dataset.save_to_disk(str(folder))
    return Path(folder)


def export_corpus(corpus: Corpus, fmt: str, out: TextIO | str | os.PathLike[str], *,
                  wheres: list[Where] | None = None, unit: str = "doc") -> None:
    """Export in one of :data:`FORMATS`: text formats to a stream, Parquet and datasets to a folder."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    if fmt in DIR_FORMATS:
        if not isinstance(out, (str, os.PathLike)):
            raise UsageError(f"--format {fmt} writes a folder: give --output DIR")
        if fmt == "parquet":
            write_parquet(corpus, out, wheres)
        else:
            write_datasets(corpus, out, wheres, unit)
        return
    if isinstance(out, (str, os.PathLike)):
        raise UsageError(f"--format {fmt} writes a stream")
    if fmt == "vertical":
        write_vertical(corpus, out, wheres)
    elif fmt == "conllu":
        write_conllu(corpus, out, wheres)
    else:
        write_jsonl(corpus, out, wheres, unit)
