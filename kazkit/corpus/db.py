"""The one place that imports DuckDB (lazily: ``kazkit --help`` must not load it)."""

from __future__ import annotations

import atexit
import gc
from types import ModuleType

_registered = False


def duckdb() -> ModuleType:
    """The ``duckdb`` module.

    The morphology moves its tables into the collector's permanent generation (``gc.freeze``);
    DuckDB objects created before that would then never be freed at exit, and DuckDB's bindings
    print a page of "leaked instance" warnings. Unfreezing at exit lets them go quietly.
    """
    global _registered
    import duckdb as module

    if not _registered:
        atexit.register(gc.unfreeze)
        _registered = True
    return module
