"""Shared fixtures of the terms tests: small termbases built from tests/data/terms."""

from __future__ import annotations

from pathlib import Path

from kazkit.terms.formats import read_entries
from kazkit.terms.store import Termbase

DATA = Path(__file__).resolve().parents[1] / "data" / "terms"


def memory_termbase(*names: str, name: str = "test", priority: int = 0) -> Termbase:
    """An in-memory termbase holding the entries of the named fixture files."""
    termbase = Termbase(":memory:", create=True, name=name, priority=priority)
    for file_name in names:
        termbase.add_entries(read_entries(DATA / file_name))
    return termbase
