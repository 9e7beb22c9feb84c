"""Import and export by file format: TBX, CSV/TSV and JSONL, chosen by name or explicitly."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kazkit.errors import UsageError
from kazkit.terms.model import Entry

IMPORT_FORMATS = ("tbx", "csv", "tsv", "jsonl")
EXPORT_FORMATS = ("tbx", "csv", "tsv", "jsonl")
_BY_SUFFIX = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv",
              ".jsonl": "jsonl", ".ndjson": "jsonl"}


def guess_format(path: str | os.PathLike[str]) -> str:
    """The format of a file from its name: ``terms.tbx`` -> ``tbx``."""
    fmt = _BY_SUFFIX.get(Path(str(path)).suffix.lower())
    if fmt is None:
        raise UsageError(f"cannot tell the format of {str(path)!r} from its name: "
                         f"add --format ({', '.join(IMPORT_FORMATS)})")
    return fmt


def read_entries(path: str | os.PathLike[str], fmt: str | None = None, *,
                 mapping: dict[str, str] | None = None, encoding: str | None = None) -> Iterator[Entry]:
    """Entries of a termbase file in any import format (streamed where the format allows)."""
    fmt = fmt or guess_format(path)
    if fmt == "tbx":
        from kazkit.terms.tbx import read_tbx

        return read_tbx(path)
    if fmt in ("csv", "tsv"):
        from kazkit.terms.csvio import read_csv

        return read_csv(path, mapping=mapping, encoding=encoding)
    if fmt == "jsonl":
        from kazkit.terms.csvio import read_jsonl

        return read_jsonl(path, encoding=encoding)
    raise UsageError(f"unknown import format {fmt!r} (use {', '.join(IMPORT_FORMATS)})")


def export_chunks(entries: Iterable[Entry], fmt: str, *, langs: list[str] | None = None) -> Iterator[str]:
    """The text of an export, piece by piece (``langs``: the language columns of CSV/TSV)."""
    if fmt == "tbx":
        from kazkit.terms.tbx import tbx_chunks

        return tbx_chunks(entries)
    if fmt in ("csv", "tsv"):
        from kazkit.terms.csvio import csv_chunks

        return csv_chunks(entries, langs or ["kk", "ru", "en"], delimiter="\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        from kazkit.terms.csvio import jsonl_chunks

        return jsonl_chunks(entries)
    raise UsageError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
