"""The small real corpus of tests/data/corpus, built once per test run (read-only tests share it)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from tests.helpers import REPO

DATA = REPO / "tests" / "data" / "corpus"
NEWS = DATA / "news.jsonl"
PROVERBS = DATA / "proverbs.jsonl"
WIKI = DATA / "wiki"
SUBTITLES = DATA / "sayings.srt"
SIDECAR = WIKI / "metadata.csv"
INPUTS = [str(NEWS), str(PROVERBS), str(WIKI), str(SUBTITLES)]


@functools.cache
def shared_corpus() -> Path:
    """The test corpus, built once (single process); do not modify it: use :func:`corpus_copy`."""
    from kazkit.corpus.ingest import read_sidecar
    from kazkit.corpus.store import build_corpus

    folder = Path(tempfile.mkdtemp(prefix="kazkit-test-corpus-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "small.kzc"
    build_corpus(path, INPUTS, sidecar=read_sidecar(SIDECAR), meta={"collection": "kazkit-tests"}, jobs=1)
    return path


def corpus_copy(folder: Path) -> Path:
    """A private copy of the test corpus to modify."""
    target = folder / "copy.kzc"
    shutil.copyfile(shared_corpus(), target)
    return target
