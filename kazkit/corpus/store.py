"""The corpus database: one DuckDB file with a positional token table and its dictionaries.

Tables (the same ones ``corpus export --format parquet`` writes)::

    tokens(pos, doc_id, sent_id, word_id, tag_id, space)    one row per token, in text order
    words(word_id, word, lower, kind)                       the word forms as written
    tags(tag_id, lemma, upos, feats)                        the analyses (lemma + UPOS + UD features)
    sentences(sent_id, doc_id, first_pos, n_tokens, lang)
    documents(doc_id, name, hash, n_tokens, n_sentences, first_pos, last_pos, first_sent, added)
    doc_meta(doc_id, key, value)                            any metadata: title, genre, date, ...
    subcorpora(name, spec)                                  saved ``--where`` conditions (JSON)
    corpus_info(key, value)                                 format version, kazkit version, dates

Positions are dense inside a document, so "the next token" is ``pos + 1`` and a phrase is a
join on positions. Writes never touch the live file: ``build`` writes ``CORPUS.partial`` (committed
batch by batch, so an interrupted build resumes where it stopped) and renames it; ``add``,
``remove`` and ``subcorpus`` work on a copy in one transaction and rename it over the corpus, so
readers keep querying the old file while a writer works, and a failure leaves it as it was.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import accumulate, chain, repeat
from pathlib import Path
from typing import Any

from kazkit.errors import InputError, UsageError

from .filters import Params, Where, documents_sql
from .ingest import Document, analyse_batch, analyse_batch_star, expand_inputs, iter_documents

FORMAT = "kazkit-corpus-1"
BATCH_CHARS = 60_000  # text sent to a worker at once
FLUSH_TOKENS = 400_000  # tokens buffered before they are written (one transaction in a build)

SCHEMA = """
CREATE TABLE corpus_info(key VARCHAR, value VARCHAR);
CREATE TABLE documents(doc_id INTEGER, name VARCHAR, hash VARCHAR, n_tokens INTEGER, n_sentences INTEGER,
                       first_pos BIGINT, last_pos BIGINT, first_sent INTEGER, added TIMESTAMP);
CREATE TABLE doc_meta(doc_id INTEGER, key VARCHAR, value VARCHAR);
CREATE TABLE words(word_id INTEGER, word VARCHAR, lower VARCHAR, kind VARCHAR);
CREATE TABLE tags(tag_id INTEGER, lemma VARCHAR, upos VARCHAR, feats VARCHAR);
CREATE TABLE sentences(sent_id INTEGER, doc_id INTEGER, first_pos BIGINT, n_tokens INTEGER, lang VARCHAR);
CREATE TABLE tokens(pos BIGINT, doc_id INTEGER, sent_id INTEGER, word_id INTEGER, tag_id INTEGER, space TINYINT);
CREATE TABLE subcorpora(name VARCHAR, spec VARCHAR);
"""

COLUMNS = {
    "documents": {"doc_id": "INTEGER", "name": "VARCHAR", "hash": "VARCHAR", "n_tokens": "INTEGER",
                  "n_sentences": "INTEGER", "first_pos": "BIGINT", "last_pos": "BIGINT",
                  "first_sent": "INTEGER", "added": "TIMESTAMP"},
    "doc_meta": {"doc_id": "INTEGER", "key": "VARCHAR", "value": "VARCHAR"},
    "words": {"word_id": "INTEGER", "word": "VARCHAR", "lower": "VARCHAR", "kind": "VARCHAR"},
    "tags": {"tag_id": "INTEGER", "lemma": "VARCHAR", "upos": "VARCHAR", "feats": "VARCHAR"},
    "sentences": {"sent_id": "INTEGER", "doc_id": "INTEGER", "first_pos": "BIGINT", "n_tokens": "INTEGER",
                  "lang": "VARCHAR"},
    "tokens": {"pos": "BIGINT", "doc_id": "INTEGER", "sent_id": "INTEGER", "word_id": "INTEGER",
               "tag_id": "INTEGER", "space": "TINYINT"},
}


# --- opening --------------------------------------------------------------------------------


class Corpus:
    """An open corpus: a DuckDB connection plus the helpers that queries share.

    Use it as a context manager; ``corpus.con`` is the connection for your own SQL.
    """

    def __init__(self, path: Path, con: Any, read_only: bool) -> None:
        self.path = path
        self.con = con
        self.read_only = read_only

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def execute(self, sql: str, params: list | None = None):
        """Run SQL with bound parameters; DuckDB errors become one readable line."""
        import duckdb

        try:
            return self.con.execute(sql, params or [])
        except duckdb.InvalidInputException as exc:
            raise UsageError(f"{self.path}: {_first_line(exc)}") from None

    def subcorpus_wheres(self, name: str) -> list[Where]:
        """The conditions of a saved subcorpus."""
        from .filters import parse_wheres

        row = self.execute("SELECT spec FROM subcorpora WHERE name = $1", [name]).fetchone()
        if row is None:
            names = [r[0] for r in self.execute("SELECT name FROM subcorpora ORDER BY name").fetchall()]
            known = f" (saved: {', '.join(names)})" if names else " (none saved: see `kazkit corpus subcorpus`)"
            raise UsageError(f"no subcorpus named {name!r}{known}")
        return parse_wheres(json.loads(row[0]))

    def documents_filter(self, wheres: list[Where] | None, params: Params) -> str | None:
        """SQL selecting the doc_ids of the subcorpus, or None for the whole corpus."""
        return documents_sql(list(wheres or []), params)

    def meta_keys(self) -> list[str]:
        return [r[0] for r in self.execute("SELECT DISTINCT key FROM doc_meta ORDER BY key").fetchall()]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def open_corpus(path: str | os.PathLike[str], read_only: bool = True) -> Corpus:
    """Open a corpus built by :func:`build_corpus` (read-only by default, so many readers can share it)."""
    from .db import duckdb as _duckdb

    duckdb = _duckdb()

    target = Path(path)
    if not target.is_file():
        hint = " (an interrupted build: rerun `kazkit corpus build` to finish it)" if _partial(target).exists() else ""
        raise InputError(f"{path}: no such corpus{hint}")
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.Error as exc:
        raise InputError(f"{path}: not a kazkit corpus ({_first_line(exc)})") from None
    _check_format(con, target)
    return Corpus(target, con, read_only)


def _check_format(con: Any, path: Path) -> None:
    from .db import duckdb as _duckdb

    duckdb = _duckdb()

    try:
        row = con.execute("SELECT value FROM corpus_info WHERE key = 'format'").fetchone()
    except duckdb.Error:
        row = None
    if row is None or row[0] != FORMAT:
        con.close()
        found = row[0] if row else "no corpus tables"
        raise InputError(f"{path}: not a kazkit corpus of format {FORMAT} ({found})")


def _partial(target: Path) -> Path:
    return target.with_name(target.name + ".partial")


# --- locking and atomic replacement ---------------------------------------------------------


@contextlib.contextmanager
def _writer_lock(target: Path) -> Iterator[None]:
    """One writer per corpus: ``CORPUS.lock`` holds the writer's pid (a dead writer's lock is taken over)."""
    lock = target.with_name(target.name + ".lock")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            if _stale(lock):
                lock.unlink(missing_ok=True)
                continue
            raise UsageError(f"{target} is being written by another kazkit process ({lock} exists)") from None
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _stale(lock: Path) -> bool:
    try:
        pid = int(lock.read_text().strip() or "0")
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, FileNotFoundError):
        return True
    except PermissionError:
        return False
    return False


@contextlib.contextmanager
def modify_corpus(path: str | os.PathLike[str]) -> Iterator[Corpus]:
    """A writable copy of the corpus in one transaction, renamed over it only when all went well."""
    from .db import duckdb as _duckdb

    duckdb = _duckdb()

    target = Path(path)
    open_corpus(target).close()  # a clear error for a missing or foreign file
    with _writer_lock(target):
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".writing", dir=target.parent)
        os.close(fd)
        work = Path(name)
        try:
            shutil.copyfile(target, work)
            con = duckdb.connect(str(work))
            corpus = Corpus(target, con, read_only=False)
            try:
                con.execute("BEGIN TRANSACTION")
                yield corpus
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(work, target)
        finally:
            work.unlink(missing_ok=True)
            Path(str(work) + ".wal").unlink(missing_ok=True)


# --- writing --------------------------------------------------------------------------------


@dataclass
class BuildReport:
    """What a build or add did."""

    documents: int = 0
    duplicates: int = 0
    tokens: int = 0
    sentences: int = 0
    resumed: int = 0  # documents already stored by an interrupted build
    seconds: float = 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


Progress = Callable[[int, int], None]  # (documents done, tokens done)


class _Writer:
    """Appends analysed documents to an open database, assigning positions and dictionary ids.

    Rows go straight into CSV files (one per table, written by the C csv writer from zipped
    columns: no Python loop per token) that DuckDB loads at each flush.
    """

    def __init__(self, con: Any, commit_each_flush: bool, scratch: Path) -> None:
        self.con = con
        self.commit_each_flush = commit_each_flush
        self.scratch = scratch
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        self.next_doc = one("SELECT coalesce(max(doc_id) + 1, 0) FROM documents")
        self.next_pos = one("SELECT coalesce(max(last_pos) + 1, 0) FROM documents")
        self.next_sent = one("SELECT coalesce(max(sent_id) + 1, 0) FROM sentences")
        self.word_ids = dict(con.execute("SELECT word, word_id FROM words").fetchall())
        self.next_word = one("SELECT coalesce(max(word_id) + 1, 0) FROM words")
        self.tag_ids = {(lemma, upos, feats): tag for tag, lemma, upos, feats in
                        con.execute("SELECT tag_id, lemma, upos, feats FROM tags").fetchall()}
        self.next_tag = one("SELECT coalesce(max(tag_id) + 1, 0) FROM tags")
        self.hashes = {h for (h,) in con.execute("SELECT hash FROM documents").fetchall()}
        self.now = _now()
        self.allow_duplicates = False
        self._open()

    def _open(self) -> None:
        self.files = {t: open(self.scratch / f"{t}.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
                      for t in COLUMNS}
        self.writers = {t: csv.writer(f, lineterminator="\n") for t, f in self.files.items()}
        self.buffered = 0
        self.pending = False

    def is_new(self, doc: Document) -> bool:
        if self.allow_duplicates:
            return True
        digest = doc.hash
        if digest in self.hashes:
            return False
        self.hashes.add(digest)
        return True

    def batch_ids(self, types: list) -> tuple[list[int], list[int]]:
        """Global word and tag ids of a batch's types (new ones are added to the dictionaries)."""
        words, tags = [], []
        word_ids, tag_ids = self.word_ids, self.tag_ids
        for word, kind, lemma, upos, feats in types:
            found = word_ids.get(word)
            if found is None:
                found = word_ids[word] = self.next_word
                self.next_word += 1
                self.writers["words"].writerow((found, word, word.lower(), kind))
            words.append(found)
            key = (lemma, upos, feats)
            tag = tag_ids.get(key)
            if tag is None:
                tag = tag_ids[key] = self.next_tag
                self.next_tag += 1
                self.writers["tags"].writerow((tag, lemma, upos, feats))
            tags.append(tag)
        return words, tags

    def append(self, doc: Document, ids: tuple[list[int], list[int]], analysed) -> tuple[int, int]:
        """Queue one analysed document; returns (tokens, sentences)."""
        word_of, tag_of = ids
        doc_id, first, sent0 = self.next_doc, self.next_pos, self.next_sent
        count = len(analysed.types)
        sizes = [size for size, _ in analysed.sentences]
        starts = list(accumulate(sizes[:-1], initial=first))
        sent_ids = range(sent0, sent0 + len(sizes))
        self.writers["tokens"].writerows(zip(
            range(first, first + count), repeat(doc_id, count),
            chain.from_iterable(map(repeat, sent_ids, sizes)),
            map(word_of.__getitem__, analysed.types), map(tag_of.__getitem__, analysed.types),
            analysed.spaces, strict=False))
        self.writers["sentences"].writerows(zip(
            sent_ids, repeat(doc_id), starts, sizes, (lang for _, lang in analysed.sentences), strict=False))
        self.writers["documents"].writerow((doc_id, doc.name, doc.hash, count, len(sizes), first,
                                            first + count - 1, sent0, self.now))
        self.writers["doc_meta"].writerows((doc_id, k, v) for k, v in doc.meta.items())
        self.next_doc += 1
        self.next_pos += count
        self.next_sent += len(sizes)
        self.buffered += count
        self.pending = True
        return count, len(sizes)

    def flush(self) -> None:
        """Load the queued rows (in a transaction of their own when building)."""
        for handle in self.files.values():
            handle.close()
        if self.pending:
            if self.commit_each_flush:
                self.con.execute("BEGIN TRANSACTION")
            for table in ("words", "tags", "documents", "doc_meta", "sentences", "tokens"):
                path = self.scratch / f"{table}.csv"
                if path.stat().st_size:
                    _load_csv(self.con, table, path)
            if self.commit_each_flush:
                self.con.execute("COMMIT")
        self._open()

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _load_csv(con: Any, table: str, path: Path) -> None:
    """Bulk insert from a CSV file: DuckDB's CSV reader is far faster than row inserts."""
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS[table].items()) + "}"
    con.execute(
        f"INSERT INTO {table} SELECT * FROM read_csv($1, header = false, delim = ',', quote = '\"', "
        f"escape = '\"', allow_quoted_nulls = false, new_line = '\\n', columns = {spec})",
        [str(path)],
    )


def _batches(docs: Iterable[Document], writer: _Writer, report: BuildReport) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for doc in docs:
        if not writer.is_new(doc):
            report.duplicates += 1
            continue
        batch.append(doc)
        size += len(doc.text)
        if size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _ingest(con: Any, docs: Iterable[Document], *, commit_each_flush: bool, jobs: int, disambiguate: bool,
            progress: Progress | None, report: BuildReport, allow_duplicates: bool = False) -> None:
    """Analyse documents (in ``jobs`` processes) and append them, in input order."""
    with tempfile.TemporaryDirectory(prefix="kazkit-corpus-") as scratch:
        writer = _Writer(con, commit_each_flush, Path(scratch))
        writer.allow_duplicates = allow_duplicates
        try:
            _run(writer, docs, jobs=jobs, disambiguate=disambiguate, progress=progress, report=report)
        finally:
            writer.close()


def _run(writer: _Writer, docs: Iterable[Document], *, jobs: int, disambiguate: bool,
         progress: Progress | None, report: BuildReport) -> None:
    pending: deque[list[Document]] = deque()

    def feed() -> Iterator[tuple[list[str], bool]]:
        for batch in _batches(docs, writer, report):
            pending.append(batch)
            yield [d.text for d in batch], disambiguate

    def consume(results: Iterable) -> None:
        for result in results:
            batch = pending.popleft()
            ids = writer.batch_ids(result.types)
            for doc, analysed in zip(batch, result.docs, strict=False):
                tokens, sentences = writer.append(doc, ids, analysed)
                report.documents += 1
                report.tokens += tokens
                report.sentences += sentences
            if writer.buffered >= FLUSH_TOKENS:
                writer.flush()
            if progress:
                progress(report.documents, report.tokens)

    if jobs <= 1:
        consume(analyse_batch(texts, flag) for texts, flag in feed())
    else:
        import multiprocessing

        from kazkit.grammar.morphology import get_analyzer

        get_analyzer()  # loaded once here, inherited by forked workers
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(jobs) as pool:
            consume(pool.imap(analyse_batch_star, feed(), chunksize=1))
    writer.flush()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _documents(inputs: Iterable[str], text_field: str, meta: dict[str, str] | None,
               sidecar: dict[str, dict[str, str]] | None, encoding: str | None) -> Iterator[Document]:
    paths = [str(p) for p in expand_inputs(inputs)]  # errors about missing inputs come first
    if not paths:
        raise InputError("no input files found (known suffixes: .txt .md .srt .vtt .jsonl .parquet)")
    return iter_documents(paths, text_field=text_field, meta=meta, sidecar=sidecar, encoding=encoding)


def _create_schema(con: Any) -> None:
    from kazkit import __version__

    for statement in SCHEMA.strip().split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("INSERT INTO corpus_info VALUES ('format', $1), ('kazkit_version', $2), ('created', $3)",
                [FORMAT, __version__, _now()])


def build_corpus(
    path: str | os.PathLike[str],
    inputs: Iterable[str],
    *,
    text_field: str = "text",
    meta: dict[str, str] | None = None,
    sidecar: dict[str, dict[str, str]] | None = None,
    encoding: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    disambiguate: bool = False,
    allow_duplicates: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build a new corpus file from files, folders and globs.

    The work goes to ``PATH.partial``, committed every few hundred thousand tokens and renamed to
    ``PATH`` at the end: an interrupted build leaves any old corpus untouched, and rerunning the same
    command resumes (documents already in the partial file are recognised by their content hash).
    ``allow_duplicates`` stores a text again when it repeats (deliberately repeated material, such
    as the benchmark corpus); resuming then re-adds what the partial file already has.
    """
    from .db import duckdb as _duckdb

    duckdb = _duckdb()

    target = Path(path)
    if target.exists() and not force:
        raise UsageError(f"{target} exists: add documents with `kazkit corpus add`, or rebuild with --force")
    if target.is_dir():
        raise UsageError(f"{target} is a folder: name a corpus file, e.g. {target / 'corpus.kzc'}")
    started = time.perf_counter()
    docs = _documents(inputs, text_field, meta, sidecar, encoding)
    report = BuildReport()
    partial = _partial(target)
    with _writer_lock(target):
        resume = partial.exists()
        con = duckdb.connect(str(partial))
        try:
            if resume:
                _check_format(con, partial)
                report.resumed = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            else:
                _create_schema(con)
            _ingest(con, docs, commit_each_flush=True, jobs=jobs or default_jobs(),
                    disambiguate=disambiguate, progress=progress, report=report,
                    allow_duplicates=allow_duplicates)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(partial, target)
    report.seconds = time.perf_counter() - started
    return report


def add_documents(
    path: str | os.PathLike[str],
    inputs: Iterable[str],
    *,
    text_field: str = "text",
    meta: dict[str, str] | None = None,
    sidecar: dict[str, dict[str, str]] | None = None,
    encoding: str | None = None,
    jobs: int | None = None,
    disambiguate: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Add documents to a corpus in one transaction; texts already stored are skipped."""
    started = time.perf_counter()
    docs = _documents(inputs, text_field, meta, sidecar, encoding)
    report = BuildReport()
    with modify_corpus(path) as corpus:
        _ingest(corpus.con, docs, commit_each_flush=False, jobs=jobs or default_jobs(),
                disambiguate=disambiguate, progress=progress, report=report)
    report.seconds = time.perf_counter() - started
    return report


def remove_documents(path: str | os.PathLike[str], names: Iterable[str] = (),
                     wheres: list[Where] | None = None) -> int:
    """Remove documents by name and/or metadata conditions; returns how many were removed."""
    names = list(names)
    if not names and not wheres:
        raise UsageError("name the documents to remove, or select them with --where")
    with modify_corpus(path) as corpus:
        params = Params()
        parts = []
        if names:
            parts.append(f"d.name IN (SELECT unnest({params(names)}::VARCHAR[]))")
        chosen = documents_sql(list(wheres or []), params)
        if chosen:
            parts.append(f"d.doc_id IN ({chosen})")
        corpus.execute("CREATE TEMP TABLE doomed AS SELECT d.doc_id FROM documents d WHERE "
                       + " AND ".join(parts), params.values)
        count = corpus.execute("SELECT count(*) FROM doomed").fetchone()[0]
        for table in ("tokens", "sentences", "doc_meta", "documents"):
            corpus.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM doomed)")
        corpus.execute("DROP TABLE doomed")
    return count


def save_subcorpus(path: str | os.PathLike[str], name: str, wheres: list[str]) -> int:
    """Save named ``--where`` conditions; returns the number of documents they select now."""
    from .filters import parse_wheres

    parsed = parse_wheres(wheres)
    if not parsed:
        raise UsageError("a subcorpus needs at least one --where condition")
    with modify_corpus(path) as corpus:
        corpus.execute("DELETE FROM subcorpora WHERE name = $1", [name])
        corpus.execute("INSERT INTO subcorpora VALUES ($1, $2)", [name, json.dumps(wheres, ensure_ascii=False)])
        params = Params()
        sql = documents_sql(parsed, params)
        return corpus.execute(f"SELECT count(*) FROM ({sql})", params.values).fetchone()[0]


def delete_subcorpus(path: str | os.PathLike[str], name: str) -> None:
    with modify_corpus(path) as corpus:
        if not corpus.execute("SELECT count(*) FROM subcorpora WHERE name = $1", [name]).fetchone()[0]:
            raise UsageError(f"no subcorpus named {name!r}")
        corpus.execute("DELETE FROM subcorpora WHERE name = $1", [name])


def list_subcorpora(corpus: Corpus) -> list[dict]:
    """Saved subcorpora with their conditions and current document and token counts."""
    out = []
    for name, spec in corpus.execute("SELECT name, spec FROM subcorpora ORDER BY name").fetchall():
        params = Params()
        sql = documents_sql(corpus.subcorpus_wheres(name), params)
        docs, tokens = corpus.execute(
            f"SELECT count(*), coalesce(sum(n_tokens), 0) FROM documents WHERE doc_id IN ({sql})",
            params.values).fetchone()
        out.append({"name": name, "where": json.loads(spec), "documents": docs, "tokens": int(tokens)})
    return out


# --- information ----------------------------------------------------------------------------

WORD_KINDS = ("word", "latin", "number", "abbr")


def _sizes(corpus: Corpus, wheres: list[Where] | None, by: str | None) -> list[tuple]:
    params = Params()
    chosen = corpus.documents_filter(wheres, params)
    doc_filter = f"WHERE t.doc_id IN ({chosen})" if chosen else ""
    part, join_meta = "NULL", ""
    if by:
        join_meta = (f"LEFT JOIN (SELECT doc_id, value FROM doc_meta WHERE key = {params(by)}) m "
                     "ON m.doc_id = t.doc_id")
        part = "coalesce(m.value, '(none)')"
    is_word = f"w.kind IN (SELECT unnest({params(list(WORD_KINDS))}::VARCHAR[]))"
    sql = f"""
        WITH c AS (SELECT {part} AS part, t.doc_id, t.sent_id, t.word_id, t.tag_id
                   FROM tokens t {join_meta} {doc_filter})
        SELECT part, count(DISTINCT c.doc_id), count(DISTINCT c.sent_id), count(*),
               count(*) FILTER (WHERE {is_word}),
               count(DISTINCT w.lower) FILTER (WHERE {is_word}),
               count(DISTINCT g.lemma) FILTER (WHERE {is_word})
        FROM c JOIN words w ON w.word_id = c.word_id JOIN tags g ON g.tag_id = c.tag_id
        GROUP BY part ORDER BY 4 DESC, part"""
    return corpus.execute(sql, params.values).fetchall()


SIZE_KEYS = ("documents", "sentences", "tokens", "words", "types", "lemmas")


def corpus_info(corpus: Corpus, by: str | None = None, wheres: list[Where] | None = None) -> dict:
    """Sizes of the corpus (or a subcorpus), and per value of metadata key ``by``.

    Tokens count everything; words leave out punctuation and symbols; types are distinct
    lower-case words; lemmas are distinct lemmas of words.
    """
    rows = _sizes(corpus, wheres, None)
    total = dict(zip(SIZE_KEYS, rows[0][1:], strict=False)) if rows else dict.fromkeys(SIZE_KEYS, 0)
    parts = [{"part": r[0], **dict(zip(SIZE_KEYS, r[1:], strict=False))} for r in _sizes(corpus, wheres, by)] if by else []
    params = Params()
    chosen = corpus.documents_filter(wheres, params)
    langs = dict(corpus.execute(
        "SELECT coalesce(nullif(lang, ''), '?'), count(*) FROM sentences s"
        + (f" WHERE s.doc_id IN ({chosen})" if chosen else "") + " GROUP BY 1 ORDER BY 2 DESC, 1",
        params.values).fetchall())
    info = dict(corpus.execute("SELECT key, value FROM corpus_info").fetchall())
    return {
        "corpus": str(corpus.path),
        "format": info.get("format"),
        "created": info.get("created"),
        "kazkit_version": info.get("kazkit_version"),
        "bytes": corpus.path.stat().st_size if corpus.path.exists() else 0,
        "total": total,
        "sentence_languages": langs,
        "by": by,
        "parts": parts,
        "subcorpora": [s["name"] for s in list_subcorpora(corpus)],
        "meta_keys": corpus.meta_keys(),
    }
