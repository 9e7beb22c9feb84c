"""The termbase on disk: one SQLite file (stdlib ``sqlite3``), indexed on normalised term text.

Imports run in one transaction, so a bad file leaves the termbase as it was. Layered termbases are
plain lists of :class:`Termbase`; the first one named has the highest priority.

>>> tb = Termbase(":memory:", create=True)
>>> tb.add_entries([Entry([Term("kk", "дерекқор"), Term("en", "database")])])
1
>>> [e.headword() for _, e in tb.entries_by_norm(["database"])]
['дерекқор']
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from kazkit.errors import InputError, UsageError
from kazkit.terms.model import Entry, Term, normalize_term, validate_entry

FORMAT_VERSION = "1"
SAMPLE_NAME = "sample"
_BATCH = 20_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY, ext_id TEXT, subject TEXT NOT NULL DEFAULT '',
    definitions TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS terms (
    id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL REFERENCES entries(id), lang TEXT NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL, status TEXT NOT NULL, pos TEXT NOT NULL DEFAULT '',
    year INTEGER, approved_by TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS terms_norm ON terms(norm);
CREATE INDEX IF NOT EXISTS terms_entry ON terms(entry_id);
CREATE INDEX IF NOT EXISTS entries_ext ON entries(ext_id);
"""


def default_termbase_path() -> Path:
    """``$XDG_DATA_HOME/kazkit/terms.sqlite``, or ``~/.local/share/kazkit/terms.sqlite``."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "kazkit" / "terms.sqlite"


class Termbase:
    """A termbase file. ``create=True`` makes it (and its folder) when missing."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False, name: str | None = None,
                 priority: int = 0):
        self.path = str(path)
        self.name = name or (Path(self.path).stem if self.path != ":memory:" else "memory")
        self.priority = priority
        if self.path != ":memory:" and not os.path.exists(self.path):
            if not create:
                raise InputError(f"{self.path}: no such termbase (create one with `kazkit terms import`)")
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._init_schema()
        except sqlite3.DatabaseError as error:
            raise InputError(f"{self.path}: not a kazkit termbase ({error})") from None
        self._fuzzy_cache: dict[str | None, tuple[list[str], list[int]]] = {}

    # --- schema --------------------------------------------------------------------------------
    def _init_schema(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            if row is None or row[0] != FORMAT_VERSION:
                raise InputError(f"{self.path}: termbase format {row[0] if row else '?'} is not "
                                 f"{FORMAT_VERSION}; re-import it with `kazkit terms import --replace`")
            return
        if tables:
            raise InputError(f"{self.path}: an SQLite file, but not a kazkit termbase")
        self.db.executescript(_SCHEMA)
        self.db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Termbase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------
    def add_entries(self, entries: Iterable[Entry], *, replace: bool = False) -> int:
        """Store entries in one transaction; an entry whose id is already stored replaces it.

        ``replace=True`` empties the termbase first. Any error rolls everything back, so a bad
        import file never leaves a half-imported termbase. Returns the number of entries stored.
        """
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if replace:
                db.execute("DELETE FROM terms")
                db.execute("DELETE FROM entries")
            was_empty = db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
            next_id = (db.execute("SELECT max(id) FROM entries").fetchone()[0] or 0) + 1
            count = 0
            entry_rows: list[tuple] = []
            term_rows: list[tuple] = []
            for entry in entries:
                validate_entry(entry)
                if entry.id and not was_empty:
                    self._delete_ext(entry.id)
                entry_rows.append((next_id, entry.id or None, entry.subject,
                                   json.dumps(entry.definitions, ensure_ascii=False) if entry.definitions else "",
                                   entry.note, entry.source))
                term_rows.extend((next_id, t.lang, t.text.strip(), t.norm, t.status, t.pos, t.year,
                                  t.approved_by, t.note, t.source) for t in entry.terms)
                next_id += 1
                count += 1
                if len(term_rows) >= _BATCH:
                    self._flush(entry_rows, term_rows)
            self._flush(entry_rows, term_rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._fuzzy_cache.clear()
        return count

    def _flush(self, entry_rows: list[tuple], term_rows: list[tuple]) -> None:
        self.db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?)", entry_rows)
        self.db.executemany("INSERT INTO terms (entry_id, lang, text, norm, status, pos, year, approved_by, "
                            "note, source) VALUES (?,?,?,?,?,?,?,?,?,?)", term_rows)
        entry_rows.clear()
        term_rows.clear()

    def _delete_ext(self, ext_id: str) -> None:
        ids = [r[0] for r in self.db.execute("SELECT id FROM entries WHERE ext_id=?", (ext_id,))]
        for entry_id in ids:
            self.db.execute("DELETE FROM terms WHERE entry_id=?", (entry_id,))
            self.db.execute("DELETE FROM entries WHERE id=?", (entry_id,))

    # --- reading -------------------------------------------------------------------------------
    def entries(self, ids: Iterable[int]) -> dict[int, Entry]:
        """Entries by row id (ids that do not exist are left out)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, Entry] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT id, ext_id, subject, definitions, note, source FROM entries "
                                       f"WHERE id IN ({marks})", chunk):
                found[row[0]] = Entry([], id=row[1] or "", subject=row[2],
                                      definitions=json.loads(row[3]) if row[3] else {}, note=row[4],
                                      source=row[5])
            for row in self.db.execute(f"SELECT entry_id, lang, text, status, pos, year, approved_by, note, "
                                       f"source FROM terms WHERE entry_id IN ({marks}) ORDER BY id", chunk):
                found[row[0]].terms.append(Term(*row[1:]))
        return {i: found[i] for i in wanted if i in found}

    def iter_entries(self, batch: int = 2000) -> Iterator[Entry]:
        """Every entry in storage order (for export)."""
        last = 0
        while True:
            ids = [r[0] for r in self.db.execute("SELECT id FROM entries WHERE id>? ORDER BY id LIMIT ?",
                                                 (last, batch))]
            if not ids:
                return
            yield from self.entries(ids).values()
            last = ids[-1]

    def entry_ids_by_norm(self, norms: Iterable[str], lang: str | None = None) -> list[tuple[int, str]]:
        """``(entry id, matched norm)`` for terms whose normalised text is one of ``norms``."""
        out: list[tuple[int, str]] = []
        for norm in dict.fromkeys(norms):
            sql = "SELECT entry_id, norm FROM terms WHERE norm=?" + (" AND lang=?" if lang else "")
            out.extend(self.db.execute(sql, (norm, lang) if lang else (norm,)))
        return out

    def entries_by_norm(self, norms: Iterable[str], lang: str | None = None) -> list[tuple[int, Entry]]:
        ids = [i for i, _ in self.entry_ids_by_norm(norms, lang)]
        return list(self.entries(ids).items())

    def entry_ids_by_prefix(self, prefix: str, lang: str | None = None, limit: int = 50) -> list[tuple[int, str]]:
        """Terms starting with ``prefix`` (normalised), shortest first; uses the norm index."""
        prefix = normalize_term(prefix)
        if not prefix:
            return []
        sql = ("SELECT entry_id, norm FROM terms WHERE norm >= ? AND norm < ?"
               + (" AND lang=?" if lang else "") + " ORDER BY length(norm), norm LIMIT ?")
        params: tuple = (prefix, prefix + "\U0010ffff") + ((lang,) if lang else ()) + (limit,)
        return list(self.db.execute(sql, params))

    def fuzzy_table(self, lang: str | None = None) -> tuple[list[str], list[int]]:
        """All distinct ``(norm, entry id)`` pairs of a language, loaded once (fuzzy lookup scans it)."""
        if lang not in self._fuzzy_cache:
            sql = "SELECT norm, entry_id FROM terms" + (" WHERE lang=?" if lang else "")
            rows = self.db.execute(sql, (lang,) if lang else ()).fetchall()
            self._fuzzy_cache[lang] = ([r[0] for r in rows], [r[1] for r in rows])
        return self._fuzzy_cache[lang]

    def terms_with_status(self, lang: str, statuses: Iterable[str]) -> list[tuple[int, str]]:
        """``(entry id, term text)`` of the terms in ``lang`` with one of ``statuses``."""
        wanted = list(statuses)
        marks = ",".join("?" * len(wanted))
        return list(self.db.execute(f"SELECT entry_id, text FROM terms WHERE lang=? AND status IN ({marks})",
                                    (lang, *wanted)))

    def stats(self) -> dict:
        """Counts for ``kazkit terms info``: entries, terms by language and by status, subjects."""
        one = self.db.execute
        return {
            "path": self.path,
            "name": self.name,
            "format": FORMAT_VERSION,
            "entries": one("SELECT count(*) FROM entries").fetchone()[0],
            "terms": one("SELECT count(*) FROM terms").fetchone()[0],
            "languages": dict(one("SELECT lang, count(*) FROM terms GROUP BY lang ORDER BY count(*) DESC")),
            "statuses": dict(one("SELECT status, count(*) FROM terms GROUP BY status ORDER BY count(*) DESC")),
            "subjects": dict(one("SELECT subject, count(*) FROM entries WHERE subject != '' GROUP BY subject "
                                 "ORDER BY count(*) DESC LIMIT 20")),
        }


# --- choosing termbases ---------------------------------------------------------------------------


def sample_path() -> Path:
    """The shipped sample termbase (TBX): a curated sample, not an official list."""
    from kazkit.paths import data_path

    return data_path("terms", "sample.tbx")


@cache
def sample_termbase() -> Termbase:
    """The shipped sample, imported once per process into an in-memory termbase."""
    from kazkit.terms.tbx import read_tbx

    termbase = Termbase(":memory:", create=True, name=SAMPLE_NAME)
    termbase.add_entries(read_tbx(sample_path()))
    return termbase


def open_termbases(paths: Iterable[str] | None, *, fallback_to_sample: bool = True,
                   notice=None) -> list[Termbase]:
    """The termbases to search, highest priority first.

    ``paths`` named by the user come in the order given; with none, the default termbase is used,
    or, when it does not exist yet, the shipped sample (``notice`` is called with a message saying so).
    """
    names = list(paths or [])
    if names:
        opened = [_open_named(path, priority) for priority, path in enumerate(names)]
        for priority, termbase in enumerate(opened):
            termbase.priority = priority  # the shared sample too: its rank is where it was named
        return opened
    default = default_termbase_path()
    if default.exists():
        return [Termbase(default, name="default")]
    if not fallback_to_sample:
        raise UsageError(f"no termbase at {default}: import one with `kazkit terms import FILE` "
                         "or name one with --termbase PATH")
    if notice is not None:
        notice(f"kazkit: no termbase at {default} yet; using the shipped sample termbase "
               "(import your own with `kazkit terms import FILE`)")
    return [sample_termbase()]


def _open_named(path: str, priority: int) -> Termbase:
    if path == SAMPLE_NAME:
        return sample_termbase()
    return load_termbase(path, priority=priority)


def load_termbase(path: str | os.PathLike[str], *, priority: int = 0) -> Termbase:
    """Open a termbase file; a TBX, CSV/TSV or JSONL file is read into an in-memory termbase
    (handy for one-off checks: ``kazkit terms check --termbase glossary.tbx text.txt``)."""
    name = os.fspath(path)
    if name == SAMPLE_NAME:
        return sample_termbase()
    if name.lower().endswith((".tbx", ".xml", ".csv", ".tsv", ".jsonl")):
        from kazkit.terms.formats import read_entries

        termbase = Termbase(":memory:", create=True, name=Path(name).stem, priority=priority)
        termbase.add_entries(read_entries(name))
        return termbase
    return Termbase(name, priority=priority)
