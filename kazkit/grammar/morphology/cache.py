"""Pickled build products in the user cache dir, first of all the compiled engine: building it
from the TSV/YAML takes ~0.2 s for 55k stems, reading it back ~0.05 s. The speller keeps its
search indexes here too (:func:`load_cached`).

What takes the time in reading a cache file back is making its objects, hundreds of thousands
of small ones: the largest tables are stored so that fewer and simpler ones are made (columns
of builtin objects read by :mod:`marshal`, sets and lists of strings as one string split on
load: :func:`pack_strings`, lists kept joined by key: :class:`JoinedLists`).

The cache only accelerates: every Python builds the same engine from the shipped text files
(stem contexts, the lemma index and the per-state tables are filled in lazily, on first use).

Each cache file is keyed by a hash of the files it is built from, written
atomically into the user cache dir (``$XDG_CACHE_HOME/kazkit`` or ``~/.cache/kazkit``), and
ignored on any error. A regular install ships the default engine's and speller's files, built by
``hatch_build.py`` with the installing Python, in ``kazkit/_prebuilt/``: they are read from there
when the user cache has none, so even the first run on a fresh machine (a CI container, say)
builds nothing. ``KAZKIT_NO_CACHE=1`` turns all of it off.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import marshal
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from kazkit.paths import data_path

from .engine import Engine

FORMAT = b"kazkit-morph-engine-2"
T = TypeVar("T")


#: Separators of :func:`pack_strings` (between strings) and :class:`JoinedLists` (in a value).
STRING_SEPARATOR = "\n"
LIST_SEPARATOR = "\t"
STRING_ENCODING = "utf-16-le"


def pack_strings(strings: Iterable[str]) -> bytes | list[str]:
    """``strings`` joined into one string and encoded for a cache file, or the list itself when
    one of them holds the separator. One long string is read back and split
    (:func:`unpack_strings`) several times faster than the pickle of 100k short ones is read;
    UTF-16 since it decodes about thirty times faster than UTF-8 (a copy for Cyrillic)."""
    items = list(strings)
    joined = STRING_SEPARATOR.join(items)
    if items and joined.count(STRING_SEPARATOR) == len(items) - 1:
        return joined.encode(STRING_ENCODING, "surrogatepass")
    return items


def unpack_strings(packed: bytes | list[str]) -> list[str]:
    """The strings given to :func:`pack_strings`, in their order."""
    if isinstance(packed, bytes):
        return packed.decode(STRING_ENCODING, "surrogatepass").split(STRING_SEPARATOR)
    return packed


class JoinedLists(dict):
    """A dict of lists of strings that keeps each list as one string, joined by
    :data:`LIST_SEPARATOR`, and splits it when it is read: ``get``, ``[]``, ``values`` and
    ``items`` give lists (a new one on each read).

    For a large read-mostly index read back from a cache file: one string per key is made and
    freed much faster than a list of strings, and only the few keys looked up are ever split.
    :meth:`joinable` says whether a dict allows it (no empty list, no string with the separator).
    """

    __slots__ = ()

    @staticmethod
    def joinable(lists: dict[str, list[str]]) -> bool:
        return all(items for items in lists.values()) and not any(
            LIST_SEPARATOR in item for items in lists.values() for item in items
        )

    @classmethod
    def of(cls, lists: dict[str, list[str]]) -> JoinedLists:
        """``lists`` (whose strings must not hold :data:`LIST_SEPARATOR`) kept joined."""
        return cls((key, LIST_SEPARATOR.join(items)) for key, items in lists.items())

    def joined(self) -> Iterator[tuple[str, str]]:
        """Each key with its list as stored (joined)."""
        return iter(dict.items(self))

    def get(self, key: str, default: T | None = None) -> list[str] | T | None:  # type: ignore[override]
        found = dict.get(self, key)
        return default if found is None else found.split(LIST_SEPARATOR)

    def __getitem__(self, key: str) -> list[str]:
        return dict.__getitem__(self, key).split(LIST_SEPARATOR)

    def values(self) -> Iterator[list[str]]:  # type: ignore[override]
        return (joined.split(LIST_SEPARATOR) for joined in dict.values(self))

    def items(self) -> Iterator[tuple[str, list[str]]]:  # type: ignore[override]
        return ((key, joined.split(LIST_SEPARATOR)) for key, joined in dict.items(self))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kazkit"


def prebuilt_dir() -> Path:
    """Where a regular install keeps the cache files built at install time (hatch_build.py)."""
    return Path(__file__).resolve().parents[2] / "_prebuilt"


def source_of(module_file: str) -> Path:
    """The ``.py`` source of a module file, also of its compiled extension (``suggest.cpython-
    311-x86_64-linux-gnu.so`` -> ``suggest.py``): cache keys hash the code, not the build."""
    path = Path(module_file)
    return path.with_name(path.name.split(".", 1)[0] + ".py")


@functools.cache
def engine_key(lexicon_path: Path | None) -> str:
    """The cache key of the engine for ``lexicon_path`` (also for caches derived from the engine)."""
    files = sorted(data_path("morphology").glob("*"))
    files += sorted(Path(__file__).parent.glob("*.py"))  # the sources beside a compiled module too
    if lexicon_path is not None:
        files.append(lexicon_path)
    # marshal's format is that of this Python's (the engine stores its largest tables with it)
    return files_key(FORMAT + b"-marshal-%d" % marshal.version, files)


def files_key(label: bytes, files: list[Path]) -> str:
    """A short hash of ``label`` and the names and bytes of ``files`` (missing ones skipped)."""
    import hashlib  # imported here: KAZKIT_NO_CACHE=1 runs never need it

    digest = hashlib.sha256(label)
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _build(lexicon_path: Path | None) -> Engine:
    """Compile the engine with the collector paused: it would rescan the growing tables many times."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Engine(lexicon_path)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_engine(lexicon_path: Path | None) -> Engine:
    """The compiled engine for a lexicon, from the cache when it is fresh (written on first use)."""
    return load_cached("engine", lambda: engine_key(lexicon_path), lambda: _build(lexicon_path), Engine)


def load_cached(name: str, key: Callable[[], str], build: Callable[[], T], kind: type) -> T:
    """``build()``'s result, pickled into the user cache dir as ``{name}-{key()}.pickle`` on first
    use and unpickled from there later, or from the file of that name in :func:`prebuilt_dir`.
    Any problem with the cache (unwritable, broken, foreign file) falls back to ``build()``;
    ``KAZKIT_NO_CACHE=1`` always builds."""
    if os.environ.get("KAZKIT_NO_CACHE"):
        return build()
    try:
        path: Path | None = cache_dir() / f"{name}-{key()}.pickle"
    except Exception:  # a broken cache setup must never break analysis
        path = None
    if path is not None:
        value = read_pickle(path)
        if isinstance(value, kind):
            return value
        value = read_pickle(prebuilt_dir() / path.name)
        if isinstance(value, kind):
            return value
    value = build()
    if path is not None:
        write_pickle(path, value)
    return value


def read_pickle(path: Path) -> object:
    """The object pickled in ``path``, or None when there is none or it cannot be read."""
    import pickle

    try:
        if not path.is_file():
            return None
        # the collector would rescan the half-built object graph many times (3x slower)
        enabled = gc.isenabled()
        gc.disable()
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        finally:
            # these objects live as long as the process: moving them to the permanent
            # generation spares the first full collection (~50 ms) and every later one a scan
            gc.freeze()
            if enabled:
                gc.enable()
    except Exception:  # a broken or foreign cache file is the same as none
        return None


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` into ``path`` through a temporary file and an atomic rename (a crash
    leaves the old file whole); older siblings of another key are pruned. Errors are ignored:
    the cache only accelerates."""
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(path)
    except (OSError, pickle.PicklingError):
        pass


#: Cache files of an older build (other key, same name) are removed once this old.
STALE_SECONDS = 24 * 3600


def _prune(fresh: Path) -> None:
    """Remove ``fresh``'s stale siblings: the same name with a key of data files since changed."""
    import time

    name = fresh.name.rsplit("-", 1)[0]
    for path in fresh.parent.glob(f"{name}-*.pickle"):
        try:
            if path != fresh and time.time() - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
        except OSError:
            pass
