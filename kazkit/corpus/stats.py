"""Corpus statistics: frequency lists, collocations, n-grams and keywords, computed in SQL.

Counts are over words (punctuation and symbols left out unless asked for); per-million figures
(ipm) divide by the number of words of the corpus or subcorpus counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from kazkit.errors import UsageError

from .filters import Params, Where
from .query import Query, compile_query, parse_query
from .store import WORD_KINDS, Corpus

#: What a count can be grouped by: attribute -> (id column in tokens, dictionary, value column)
GROUPS = {
    "word": ("word_id", "words", "word"),
    "lower": ("word_id", "words", "lower"),
    "lemma": ("tag_id", "tags", "lemma"),
    "upos": ("tag_id", "tags", "upos"),
    "feats": ("tag_id", "tags", "feats"),
}
COLLOCATION_MEASURES = ("logdice", "mi", "t", "ll", "freq")


def parse_by(by: str | list[str]) -> list[str]:
    """``"lemma,upos"`` -> ``["lemma", "upos"]`` (checked)."""
    parts = [p.strip().lower() for p in (by.split(",") if isinstance(by, str) else by) if p.strip()]
    if not parts:
        raise UsageError("--by needs an attribute: word, lower, lemma, upos or feats")
    for part in parts:
        if part not in GROUPS:
            raise UsageError(f"cannot count by {part!r}: use word, lower, lemma, upos or feats (or a list: lemma,upos)")
    return parts


def _is_word_sql(params: Params, alias: str = "w") -> str:
    return f"{alias}.kind IN (SELECT unnest({params(list(WORD_KINDS))}::VARCHAR[]))"


def _key_sql(parts: list[str]) -> tuple[str, str, str]:
    """(id columns of tokens, joins of the dictionaries, the key expressions)."""
    ids = sorted({GROUPS[p][0] for p in parts})
    joins = " JOIN words w ON w.word_id = c.word_id" if "word_id" in ids else ""
    joins += " JOIN tags g ON g.tag_id = c.tag_id" if "tag_id" in ids else ""
    keys = ", ".join(f"{'w' if GROUPS[p][1] == 'words' else 'g'}.{GROUPS[p][2]}" for p in parts)
    return ", ".join(ids), joins, keys


@dataclass
class FrequencyList:
    by: list[str]
    total: int  # words (or tokens with punctuation) counted
    rows: list[dict] = field(default_factory=list)  # key, freq, ipm, per-part counts
    parts: list[str] = field(default_factory=list)  # values of the --columns key
    part_totals: dict[str, int] = field(default_factory=dict)


def frequency(corpus: Corpus, by: str | list[str] = "lower", *, wheres: list[Where] | None = None,
              columns: str | None = None, min_freq: int = 1, limit: int | None = None,
              punct: bool = False) -> FrequencyList:
    """A frequency list by word form, lower-case form, lemma, UPOS or features (or a combination),
    with ipm and, with ``columns="genre"``, a count per value of that metadata key."""
    parts = parse_by(by)
    params = Params()
    documents = corpus.documents_filter(wheres, params)
    ids, joins, keys = _key_sql(parts)
    part_column = "NULL"
    part_join = ""
    if columns:
        part_join = (f"LEFT JOIN (SELECT doc_id, value FROM doc_meta WHERE key = {params(columns)}) m "
                     "ON m.doc_id = t.doc_id")
        part_column = "coalesce(m.value, '(none)')"
    where = f"WHERE t.doc_id IN ({documents})" if documents else ""
    # count per dictionary id first (integers), then join the few distinct ids to their strings
    word_join = "" if "word_id" in ids else " JOIN words w ON w.word_id = c.word_id"
    group_ids = ids if "word_id" in ids or punct else ids + ", word_id"
    word_filter = "" if punct else f"WHERE {_is_word_sql(params)}"
    sql = f"""
        WITH c AS (SELECT {part_column} AS part, {group_ids}, count(*) AS f
                   FROM tokens t {part_join} {where} GROUP BY ALL)
        SELECT c.part, {keys}, sum(c.f) AS f
        FROM c{joins}{word_join if not punct else ''} {word_filter}
        GROUP BY ALL"""
    rows = corpus.execute(sql, params.values).fetchall()
    counts: dict[tuple, dict[str, int]] = {}
    part_totals: dict[str, int] = {}
    total = 0
    for row in rows:
        part, key, f = row[0], tuple(row[1:-1]), int(row[-1])
        total += f
        bucket = counts.setdefault(key, {})
        bucket[part] = bucket.get(part, 0) + f
        if columns:
            part_totals[part] = part_totals.get(part, 0) + f
    result = FrequencyList(parts, total, parts=sorted(part_totals, key=lambda p: (-part_totals[p], p)),
                           part_totals=part_totals)
    ranked = sorted(((sum(b.values()), k, b) for k, b in counts.items()), key=lambda r: (-r[0], r[1]))
    for f, key, bucket in ranked:
        if f < min_freq:
            break
        row = {"key": " ".join(str(k) for k in key), **{p: k for p, k in zip(parts, key, strict=False)}, "freq": f,
               "ipm": round(f * 1e6 / total, 2) if total else 0.0}
        if columns:
            row["columns"] = {p: bucket.get(p, 0) for p in result.parts}
        result.rows.append(row)
        if limit and len(result.rows) >= limit:
            break
    return result


# --- collocations ------------------------------------------------------------------------------


def _hits(corpus: Corpus, query: str | Query, params: Params, syntax: str, fold: bool,
          documents: str | None) -> str:
    parsed = query if isinstance(query, Query) else parse_query(query, syntax, fold)
    return compile_query(parsed, params, documents)


def collocation_scores(observed: int, node: int, collocate: int, size: int) -> dict[str, float]:
    """MI, t-score, logDice and log-likelihood of a node-collocate pair.

    ``observed`` co-occurrences in the window, ``node`` and ``collocate`` frequencies, ``size``
    words in the corpus. Formulas as in Evert (2008) and Rychlý (2008, logDice).

    >>> round(collocation_scores(10, 20, 30, 10000)["logdice"], 2)
    13.0
    """
    expected = node * collocate / size if size else 0.0
    mi = math.log2(observed / expected) if observed and expected else 0.0
    t = (observed - expected) / math.sqrt(observed) if observed else 0.0
    logdice = 14 + math.log2(2 * observed / (node + collocate)) if observed and node + collocate else 0.0
    return {"mi": mi, "t": t, "logdice": logdice, "ll": log_likelihood(observed, node, collocate, size)}


def log_likelihood(o11: int, row: int, column: int, size: int) -> float:
    """Dunning's G2 of a 2x2 table given its top-left cell and margins (signed: negative when
    the pair is rarer than chance)."""
    o12, o21 = max(row - o11, 0), max(column - o11, 0)
    o22 = max(size - row - column + o11, 0)
    total = o11 + o12 + o21 + o22
    if not total:
        return 0.0
    g2 = 0.0
    for observed, r, c in ((o11, row, column), (o12, row, total - column), (o21, total - row, column),
                           (o22, total - row, total - column)):
        expected = r * c / total
        if observed and expected:
            g2 += observed * math.log(observed / expected)
    g2 *= 2
    return g2 if o11 * total >= row * column else -g2


def collocations(corpus: Corpus, query: str | Query, *, by: str = "lemma", left: int = 5, right: int = 5,
                 syntax: str = "auto", fold: bool = False, wheres: list[Where] | None = None,
                 min_freq: int = 3, sort: str = "logdice", limit: int | None = 50,
                 cross_sentences: bool = False) -> dict:
    """Collocates of the matches of a query in a window of ``left`` and ``right`` words.

    Words only (no punctuation), inside the sentence unless ``cross_sentences``. Returns the
    node frequency, the corpus size and rows with freq, collocate freq, MI, t, logDice and LL.
    """
    if sort not in COLLOCATION_MEASURES:
        raise UsageError(f"unknown measure {sort!r}: use {', '.join(COLLOCATION_MEASURES)}")
    if left < 0 or right < 0 or left + right == 0:
        raise UsageError("the window needs at least one word: --left N and/or --right N")
    parts = parse_by(by)
    params = Params()
    documents = corpus.documents_filter(wheres, params)
    hits = _hits(corpus, query, params, syntax, fold, documents)
    ids, joins, keys = _key_sql(parts)
    ids_all = ids if "word_id" in ids else ids + ", word_id"
    offsets = params([-o for o in range(1, left + 1)] + [o for o in range(1, right + 1)])
    same = "" if cross_sentences else " AND t.sent_id = h.sent_id"
    is_word = _is_word_sql(params)
    sql = f"""
        WITH h AS MATERIALIZED ({hits}),
        win AS (SELECT DISTINCT t.pos, t.word_id, t.tag_id
                FROM h CROSS JOIN (SELECT unnest({offsets}::INTEGER[]) AS o) r
                JOIN tokens t ON t.pos = CASE WHEN r.o < 0 THEN h.start + r.o ELSE h.stop + r.o END
                 AND t.doc_id = h.doc_id{same}),
        co AS (SELECT {ids_all}, count(*) AS f FROM win c GROUP BY ALL),
        co_keys AS (SELECT {keys}, sum(c.f) AS f FROM co c{joins}
                    {"" if "word_id" in ids else "JOIN words w ON w.word_id = c.word_id"}
                    WHERE {is_word} GROUP BY ALL)
        SELECT * FROM co_keys WHERE f >= {params(int(min_freq))}"""
    rows = corpus.execute(sql, params.values).fetchall()
    size_params = Params()
    size_docs = corpus.documents_filter(wheres, size_params)
    node = corpus.execute(f"SELECT count(*) FROM ({_hits(corpus, query, size_params, syntax, fold, size_docs)})",
                          size_params.values).fetchone()[0]
    freq = {tuple(r["key_tuple"]): r["freq"] for r in _key_freqs(corpus, parts, wheres,
                                                              [tuple(r[:-1]) for r in rows])}
    size = _word_count(corpus, wheres)
    out = []
    for row in rows:
        key, observed = tuple(row[:-1]), int(row[-1])
        collocate = freq.get(key, observed)
        scores = collocation_scores(observed, node, collocate, size)
        out.append({"key": " ".join(str(k) for k in key), **dict(zip(parts, key, strict=False)), "freq": observed,
                    "coll_freq": collocate, **{k: round(v, 3) for k, v in scores.items()}})
    measure = "freq" if sort == "freq" else sort
    out.sort(key=lambda r: (-r[measure], r["key"]))
    return {"node_freq": node, "corpus_words": size, "window": [left, right], "by": parts,
            "rows": out[:limit] if limit else out}


def _word_count(corpus: Corpus, wheres: list[Where] | None) -> int:
    params = Params()
    documents = corpus.documents_filter(wheres, params)
    where = f" AND t.doc_id IN ({documents})" if documents else ""
    return corpus.execute(f"SELECT count(*) FROM tokens t JOIN words w ON w.word_id = t.word_id "
                          f"WHERE {_is_word_sql(params)}{where}", params.values).fetchone()[0]


def _key_freqs(corpus: Corpus, parts: list[str], wheres: list[Where] | None, keys: list[tuple]) -> list[dict]:
    """Corpus frequencies of the given keys (the collocates' own frequencies)."""
    if not keys:
        return []
    params = Params()
    documents = corpus.documents_filter(wheres, params)
    ids, joins, key_sql = _key_sql(parts)
    where = f"WHERE t.doc_id IN ({documents})" if documents else ""
    wanted = " AND ".join(f"{expr} IN (SELECT unnest({params(sorted({str(k[i]) for k in keys}))}::VARCHAR[]))"
                          for i, expr in enumerate(key_sql.split(", ")))
    sql = f"""
        WITH c AS (SELECT {ids}, count(*) AS f FROM tokens t {where} GROUP BY ALL)
        SELECT {key_sql}, sum(c.f) FROM c{joins} WHERE {wanted} GROUP BY ALL"""
    return [{"key_tuple": tuple(r[:-1]), "freq": int(r[-1])} for r in corpus.execute(sql, params.values).fetchall()]


# --- n-grams -----------------------------------------------------------------------------------


def ngrams(corpus: Corpus, n: int = 2, *, by: str = "lower", wheres: list[Where] | None = None,
           min_freq: int = 2, limit: int | None = 100, punct: bool = False) -> list[dict]:
    """The most frequent sequences of ``n`` tokens inside sentences (without punctuation unless asked)."""
    if not 1 <= n <= 6:
        raise UsageError("n-grams are counted for n from 1 to 6")
    parts = parse_by(by)
    params = Params()
    documents = corpus.documents_filter(wheres, params)
    doc_filter = f" AND t.doc_id IN ({documents})" if documents else ""
    word_filter = "" if punct else f" AND {_is_word_sql(params)}"
    ids, _joins, _keys = _key_sql(parts)
    id_cols = ids.split(", ")
    base = (f"SELECT t.pos, t.sent_id, {', '.join('t.' + c for c in id_cols)} FROM tokens t "
            f"JOIN words w ON w.word_id = t.word_id WHERE TRUE{word_filter}{doc_filter}")
    select_ids = ", ".join(f"x{i}.{c} AS {c}{i}" for i in range(n) for c in id_cols)
    joins = " ".join(f"JOIN b x{i} ON x{i}.pos = x0.pos + {i} AND x{i}.sent_id = x0.sent_id" for i in range(1, n))
    key_exprs, dict_joins = [], []
    for i in range(n):
        for part in parts:
            column, table, value = GROUPS[part]
            alias = f"{'w' if table == 'words' else 'g'}{i}"
            join = f"JOIN {table} {alias} ON {alias}.{column} = c.{column}{i}"
            if join not in dict_joins:
                dict_joins.append(join)
            key_exprs.append(f"{alias}.{value}")
    sql = f"""
        WITH b AS MATERIALIZED ({base}),
        c AS (SELECT {select_ids}, count(*) AS f FROM b x0 {joins} GROUP BY ALL)
        SELECT {', '.join(key_exprs)}, sum(c.f) AS f FROM c {' '.join(dict_joins)}
        GROUP BY ALL HAVING sum(c.f) >= {params(int(min_freq))}
        ORDER BY f DESC, {', '.join(str(i + 1) for i in range(len(key_exprs)))}"""
    if limit:
        sql += f" LIMIT {params(int(limit))}"
    out = []
    width = len(parts)
    for row in corpus.execute(sql, params.values).fetchall():
        grams = ["/".join(str(v) for v in row[i * width:(i + 1) * width]) for i in range(n)]
        out.append({"ngram": " ".join(grams), "tokens": grams, "freq": int(row[-1])})
    return out


# --- keywords ------------------------------------------------------------------------------------


def keywords(corpus: Corpus, wheres: list[Where] | None, *, reference: Corpus | None = None,
             reference_wheres: list[Where] | None = None, by: str = "lemma", min_freq: int = 3,
             limit: int | None = 50, simple_maths_n: float = 1.0) -> dict:
    """Words typical of a subcorpus: against the rest of the corpus or against another corpus.

    Ranked by log-likelihood (Dunning's G2, positive = more frequent in the focus); also gives the
    ipm in each and Sketch Engine's "simple maths" score (ipm_focus + n) / (ipm_reference + n).
    """
    if not wheres and reference is None:
        raise UsageError("keywords compare a subcorpus (--where/--subcorpus) with the rest, or the corpus "
                         "with another one (--reference)")
    focus = frequency(corpus, by, wheres=wheres)
    if reference is not None:
        ref = frequency(reference, by, wheres=reference_wheres)
    else:
        whole = frequency(corpus, by)
        ref_counts = {r["key"]: r["freq"] for r in whole.rows}
        for r in focus.rows:
            ref_counts[r["key"]] -= r["freq"]
        ref = FrequencyList(whole.by, whole.total - focus.total,
                            [{"key": k, "freq": f} for k, f in ref_counts.items() if f > 0])
    ref_freq = {r["key"]: r["freq"] for r in ref.rows}
    n1, n2 = focus.total, ref.total
    rows = []
    for r in focus.rows:
        a = r["freq"]
        if a < min_freq:
            continue
        b = ref_freq.get(r["key"], 0)
        ipm1 = a * 1e6 / n1 if n1 else 0.0
        ipm2 = b * 1e6 / n2 if n2 else 0.0
        ll = _keyness(a, b, n1, n2)
        rows.append({"key": r["key"], "freq": a, "ref_freq": b, "ipm": round(ipm1, 2), "ref_ipm": round(ipm2, 2),
                     "ll": round(ll, 3),
                     "simple_maths": round((ipm1 + simple_maths_n) / (ipm2 + simple_maths_n), 3)})
    rows = [r for r in rows if r["ll"] > 0]
    rows.sort(key=lambda r: (-r["ll"], r["key"]))
    return {"focus_words": n1, "reference_words": n2, "by": parse_by(by), "rows": rows[:limit] if limit else rows}


def _keyness(a: int, b: int, n1: int, n2: int) -> float:
    """Log-likelihood of a word's frequencies ``a`` in ``n1`` and ``b`` in ``n2`` words (signed)."""
    e1 = n1 * (a + b) / (n1 + n2)
    e2 = n2 * (a + b) / (n1 + n2)
    g2 = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
    return g2 if a / n1 >= (b / n2 if n2 else 0) else -g2
