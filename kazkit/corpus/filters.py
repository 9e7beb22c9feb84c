"""Subcorpora: documents chosen by metadata (``genre=news``, ``date>=2020``), as SQL with parameters.

Every value a user types reaches DuckDB as a bound parameter, never as SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kazkit.errors import UsageError

OPERATORS = ("!=", ">=", "<=", "=", ">", "<", "~")
_WHERE = re.compile(r"^\s*([\w.:-]+)\s*(!=|>=|<=|=|>|<|~)\s*(.*?)\s*$", re.S)
#: Keys answered from the documents table rather than the metadata table.
DOCUMENT_KEYS = {"doc": "name", "name": "name"}


class Params:
    """Collects bound values and hands out their ``$n`` placeholders."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


@dataclass(frozen=True, slots=True)
class Where:
    """One metadata condition: ``key op value`` (``genre=news``, ``date>=2020``, ``title~Абай``)."""

    key: str
    op: str
    value: str


def parse_where(text: str) -> Where:
    """``"date>=2020"`` -> ``Where("date", ">=", "2020")``; ``~`` is a regular expression search."""
    match = _WHERE.match(text)
    if not match:
        raise UsageError(f"--where {text!r}: write KEY=VALUE, KEY!=VALUE, KEY>=VALUE, KEY<VALUE or KEY~REGEX "
                         "(e.g. --where genre=news --where \"date>=2020\")")
    value = match.group(3)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return Where(match.group(1), match.group(2), value)


def parse_wheres(texts: Iterable[str] | None) -> list[Where]:
    return [parse_where(t) for t in texts or ()]


def _compare(column: str, op: str, placeholder: str) -> str:
    if op == "~":
        return f"regexp_matches({column}, {placeholder})"
    if op in ("=", "!="):
        return f"{column} {'=' if op == '=' else '<>'} {placeholder}"
    # numbers compare as numbers (2 < 10), anything else (ISO dates, names) as text
    return (f"(CASE WHEN TRY_CAST({column} AS DOUBLE) IS NOT NULL AND TRY_CAST({placeholder} AS DOUBLE) "
            f"IS NOT NULL THEN TRY_CAST({column} AS DOUBLE) {op} TRY_CAST({placeholder} AS DOUBLE) "
            f"ELSE {column} {op} {placeholder} END)")


def condition_sql(where: Where, params: Params) -> str:
    """A boolean SQL expression on ``documents d`` for one condition."""
    if where.key in DOCUMENT_KEYS:
        return _compare(f"d.{DOCUMENT_KEYS[where.key]}", where.op, params(where.value))
    key = params(where.key)
    if where.op == "!=":
        # a document without the key is not "genre=news", so it belongs to "genre!=news"
        inner = _compare("m.value", "=", params(where.value))
        return f"d.doc_id NOT IN (SELECT m.doc_id FROM doc_meta m WHERE m.key = {key} AND {inner})"
    inner = _compare("m.value", where.op, params(where.value))
    return f"d.doc_id IN (SELECT m.doc_id FROM doc_meta m WHERE m.key = {key} AND {inner})"


def documents_sql(wheres: list[Where], params: Params) -> str | None:
    """``SELECT doc_id FROM documents d WHERE ...`` for the conditions (all must hold), or None."""
    if not wheres:
        return None
    return "SELECT d.doc_id FROM documents d WHERE " + " AND ".join(condition_sql(w, params) for w in wheres)
