"""A lemmatised Kazakh corpus in an embedded analytical database (DuckDB).

Build one from plain text, Markdown, subtitles, JSONL, Parquet or a saved ``datasets`` dataset,
then search it with a simple syntax or a CQL subset, and count words, lemmas, collocations,
n-grams and keywords::

    >>> from kazkit.corpus import build_corpus, open_corpus, search  # doctest: +SKIP
    >>> build_corpus("news.kzc", ["texts/"])                            # doctest: +SKIP
    >>> with open_corpus("news.kzc") as corpus:                          # doctest: +SKIP
    ...     hits = search(corpus, 'lemma:оқы')

The modules: :mod:`.ingest` (reading documents, tokenising and analysing them), :mod:`.store`
(the database: schema, build, add, remove, info), :mod:`.query` (query languages -> parameterised
SQL), :mod:`.concordance` (KWIC), :mod:`.stats` (frequency, collocations, n-grams, keywords) and
:mod:`.export` (vertical, CoNLL-U, JSONL, Parquet, ``datasets``). Nothing heavy is imported here:
DuckDB is loaded when a corpus is opened.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "build_corpus": "store",
    "add_documents": "store",
    "remove_documents": "store",
    "open_corpus": "store",
    "corpus_info": "store",
    "Corpus": "store",
    "search": "concordance",
    "count_hits": "concordance",
    "kwic": "concordance",
    "compile_query": "query",
    "parse_query": "query",
    "QueryError": "query",
    "frequency": "stats",
    "collocations": "stats",
    "ngrams": "stats",
    "keywords": "stats",
    "export_corpus": "export",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kazkit.corpus' has no attribute {name!r}")
    return getattr(import_module(f"kazkit.corpus.{module}"), name)
