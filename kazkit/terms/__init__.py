"""Approved terminology: a termbase (SQLite), TBX/CSV/JSONL import and export, inflection-aware
lookup and term checks of Kazakh text.

The submodules are imported on demand so that ``import kazkit.terms`` stays cheap:
:mod:`~kazkit.terms.model` (entries and terms), :mod:`~kazkit.terms.store` (the termbase file),
:mod:`~kazkit.terms.tbx`, :mod:`~kazkit.terms.csvio`, :mod:`~kazkit.terms.lookup`,
:mod:`~kazkit.terms.check` (``term_check_diagnostics``), :mod:`~kazkit.terms.consistency` and
:mod:`~kazkit.terms.extract`.
"""

from __future__ import annotations

__all__ = ["load_termbase", "lookup", "open_termbases", "term_check_diagnostics"]


def __getattr__(name: str):
    # Lazy: `kazkit terms` and `kazkit subs --termbase` import these only when they run.
    if name == "term_check_diagnostics":
        from kazkit.terms.check import term_check_diagnostics

        return term_check_diagnostics
    if name == "lookup":
        from kazkit.terms.lookup import lookup

        return lookup
    if name in ("load_termbase", "open_termbases"):
        from kazkit.terms import store

        return getattr(store, name)
    raise AttributeError(f"module 'kazkit.terms' has no attribute {name!r}")
