"""Concordances (KWIC): the matches of a query with their left and right context.

>>> with open_corpus("news.kzc") as corpus:                          # doctest: +SKIP
...     for hit in search(corpus, "lemma:оқы", context=5, limit=3):
...         print(hit.left_text, "[", hit.hit_text, "]", hit.right_text)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kazkit.errors import UsageError

from .filters import Params, Where
from .ingest import NO_SPACE
from .query import Query, compile_query, parse_query
from .store import Corpus

SORTS = ("position", "hit", "left", "right")


@dataclass(slots=True)
class Word:
    """A token in a concordance line."""

    pos: int
    word: str
    lemma: str
    upos: str
    feats: str
    space: int
    sent_id: int


def join_words(words: list[Word]) -> str:
    """Tokens as text, with the original spacing between them (a line break becomes a space)."""
    out: list[str] = []
    for index, word in enumerate(words):
        out.append(word.word)
        if index < len(words) - 1 and word.space != NO_SPACE:
            out.append(" ")
    return "".join(out)


@dataclass(slots=True)
class Hit:
    """One match with its context, document and sentence."""

    doc_id: int
    doc: str
    start: int
    stop: int
    sentence: int  # 1-based number of the sentence inside its document
    left: list[Word] = field(default_factory=list)
    match: list[Word] = field(default_factory=list)
    right: list[Word] = field(default_factory=list)
    sentence_words: list[Word] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def left_text(self) -> str:
        return join_words(self.left)

    @property
    def hit_text(self) -> str:
        return join_words(self.match)

    @property
    def right_text(self) -> str:
        return join_words(self.right)

    def to_dict(self) -> dict:
        """The JSONL record: doc, sentence, left, hit, right, the hit's lemmas and tags, metadata."""
        record = {
            "doc": self.doc,
            "sentence": self.sentence,
            "position": self.start,
            "left": self.left_text,
            "hit": self.hit_text,
            "right": self.right_text,
            "words": [w.word for w in self.match],
            "lemmas": [w.lemma for w in self.match],
            "upos": [w.upos for w in self.match],
            "feats": [w.feats for w in self.match],
            "meta": self.meta,
        }
        if self.sentence_words:
            record["sentence_text"] = join_words(self.sentence_words)
        return record


def _hits_sql(corpus: Corpus, query: str | Query, params: Params, *, syntax: str, fold: bool,
              wheres: list[Where] | None) -> str:
    parsed = query if isinstance(query, Query) else parse_query(query, syntax, fold)
    documents = corpus.documents_filter(wheres, params)
    return compile_query(parsed, params, documents)


def count_hits(corpus: Corpus, query: str | Query, *, syntax: str = "auto", fold: bool = False,
               wheres: list[Where] | None = None) -> int:
    """The number of matches of a query."""
    params = Params()
    sql = _hits_sql(corpus, query, params, syntax=syntax, fold=fold, wheres=wheres)
    return corpus.execute(f"SELECT count(*) FROM ({sql})", params.values).fetchone()[0]


def hit_positions(corpus: Corpus, query: str | Query, *, syntax: str = "auto", fold: bool = False,
                  wheres: list[Where] | None = None, sort: str = "position", sample: int | None = None,
                  seed: int = 0, limit: int | None = None, offset: int = 0) -> list[tuple[int, int, int, int]]:
    """``(start, stop, doc_id, sent_id)`` of the matches in the order asked for."""
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}: use {', '.join(SORTS)}")
    params = Params()
    sql = _hits_sql(corpus, query, params, syntax=syntax, fold=fold, wheres=wheres)
    source = f"({sql}) h"
    if sample is not None:
        # a reproducible random sample: order by a hash of the position and the seed
        source = (f"(SELECT * FROM ({sql}) ORDER BY hash(start, {params(int(seed))}), start "
                  f"LIMIT {params(int(sample))}) h")
    key_join, order = "", "h.start"
    if sort != "position":
        at = {"hit": "h.start", "left": "h.start - 1", "right": "h.stop + 1"}[sort]
        key_join = (f"LEFT JOIN tokens k ON k.pos = {at} AND k.doc_id = h.doc_id "
                    "LEFT JOIN words kw ON kw.word_id = k.word_id")
        order = "kw.lower NULLS FIRST, h.start"
    tail = ""
    if limit is not None:
        tail = f" LIMIT {params(int(limit))} OFFSET {params(int(offset))}"
    elif offset:
        tail = f" OFFSET {params(int(offset))}"
    rows = corpus.execute(f"SELECT h.start, h.stop, h.doc_id, h.sent_id FROM {source} {key_join} "
                          f"ORDER BY {order}{tail}", params.values).fetchall()
    return [(int(a), int(b), int(c), int(d)) for a, b, c, d in rows]


def search(corpus: Corpus, query: str | Query, *, syntax: str = "auto", fold: bool = False,
           wheres: list[Where] | None = None, context: int = 5, sort: str = "position",
           sample: int | None = None, seed: int = 0, limit: int | None = 100, offset: int = 0,
           with_sentence: bool = False) -> list[Hit]:
    """Matches of a query as KWIC lines: ``context`` tokens each side, inside the document.

    >>> [h.hit_text for h in search(corpus, '"білім беру"', limit=2)]  # doctest: +SKIP
    ['білім беру', 'Білім беру']
    """
    positions = hit_positions(corpus, query, syntax=syntax, fold=fold, wheres=wheres, sort=sort,
                              sample=sample, seed=seed, limit=limit, offset=offset)
    return kwic(corpus, positions, context=context, with_sentence=with_sentence)


def kwic(corpus: Corpus, positions: list[tuple[int, int, int, int]], *, context: int = 5,
         with_sentence: bool = False) -> list[Hit]:
    """Fetch the words around each match and the documents' names and metadata."""
    if not positions:
        return []
    context = max(0, int(context))
    doc_ids = sorted({p[2] for p in positions})
    docs = {row[0]: row[1:] for row in corpus.execute(
        "SELECT doc_id, name, first_pos, last_pos, first_sent FROM documents "
        "WHERE doc_id IN (SELECT unnest($1::INTEGER[]))", [doc_ids]).fetchall()}
    meta: dict[int, dict[str, str]] = {d: {} for d in doc_ids}
    for doc_id, key, value in corpus.execute(
            "SELECT doc_id, key, value FROM doc_meta WHERE doc_id IN (SELECT unnest($1::INTEGER[])) "
            "ORDER BY doc_id, key", [doc_ids]).fetchall():
        meta[doc_id][key] = value
    sentences: dict[int, tuple[int, int]] = {}
    if with_sentence:
        sentences = {row[0]: (row[1], row[1] + row[2] - 1) for row in corpus.execute(
            "SELECT sent_id, first_pos, n_tokens FROM sentences WHERE sent_id IN (SELECT unnest($1::INTEGER[]))",
            [sorted({p[3] for p in positions})]).fetchall()}
    ranges: list[tuple[int, int]] = []
    for start, stop, doc_id, sent_id in positions:
        _name, first, last, _ = docs[doc_id]
        low, high = max(first, start - context), min(last, stop + context)
        if sent_id in sentences:
            low, high = min(low, sentences[sent_id][0]), max(high, sentences[sent_id][1])
        ranges.append((low, high))
    words = _words_in(corpus, ranges)
    hits = []
    for (start, stop, doc_id, sent_id), (low, high) in zip(positions, ranges, strict=False):
        name, first, last, first_sent = docs[doc_id]
        around = [words[p] for p in range(low, high + 1) if p in words]
        hit = Hit(doc_id, name, start, stop, sent_id - first_sent + 1, meta=meta[doc_id])
        hit.left = [w for w in around if start - context <= w.pos < start]
        hit.match = [w for w in around if start <= w.pos <= stop]
        hit.right = [w for w in around if stop < w.pos <= stop + context]
        if sent_id in sentences:
            s_first, s_last = sentences[sent_id]
            hit.sentence_words = [w for w in around if s_first <= w.pos <= s_last]
        hits.append(hit)
    return hits


def _words_in(corpus: Corpus, ranges: list[tuple[int, int]]) -> dict[int, Word]:
    """The tokens at the given position ranges, with their dictionary values.

    Positions go in as one list (a semi-join on ``pos``, far faster than a range join) and the
    few word and tag ids found are looked up afterwards.
    """
    wanted = sorted({p for low, high in ranges for p in range(low, high + 1)})
    rows = corpus.execute("SELECT pos, word_id, tag_id, space, sent_id FROM tokens "
                          "WHERE pos IN (SELECT unnest($1::BIGINT[]))", [wanted]).fetchall()
    words = dict(corpus.execute("SELECT word_id, word FROM words WHERE word_id IN (SELECT unnest($1::INTEGER[]))",
                                [sorted({r[1] for r in rows})]).fetchall())
    tags = {r[0]: r[1:] for r in corpus.execute(
        "SELECT tag_id, lemma, upos, feats FROM tags WHERE tag_id IN (SELECT unnest($1::INTEGER[]))",
        [sorted({r[2] for r in rows})]).fetchall()}
    return {pos: Word(pos, words[word_id], *tags[tag_id], space, sent_id)
            for pos, word_id, tag_id, space, sent_id in rows}
