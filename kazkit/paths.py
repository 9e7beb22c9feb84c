"""Where kazkit's shipped language data lives.

In a wheel the top-level ``data/`` folder is installed as ``kazkit/data``; in a source checkout or
an editable install it is the repository's ``data/`` beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("kazkit's data folder is missing: reinstall kazkit")


def data_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("lexicon", "lexicon.tsv")``."""
    return data_dir().joinpath(*parts)
