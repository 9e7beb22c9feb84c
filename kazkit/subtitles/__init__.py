"""Subtitles (SRT, WebVTT and the formats of pysubs2): reading and writing with fidelity, QA
against a timing/layout profile and the Kazakh checker, fixing, and batch translation.

The modules import nothing heavy at import time; pysubs2 is imported only for the formats it
reads (ASS/SSA, MicroDVD ...), and torch/transformers only by the model backend.
"""

from __future__ import annotations

import importlib

# Lazy exports: ``kazkit.subtitles.cli`` is imported at every ``kazkit`` start, and the reader
# (with its compiled patterns) is only needed by the commands that read subtitles.
_EXPORTS = {
    "Cue": "kazkit.subtitles.io",
    "SubtitleFile": "kazkit.subtitles.io",
    "read_subtitles": "kazkit.subtitles.io",
    "write_subtitles": "kazkit.subtitles.io",
    "Profile": "kazkit.subtitles.profiles",
    "load_profile": "kazkit.subtitles.profiles",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
