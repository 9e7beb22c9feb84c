"""CSV/TSV and JSONL in and out.

Two CSV layouts are read, told apart by the header:

* **wide**, one entry a row: a column per language holding its preferred term(s) (``kk``, ``ru``,
  ``en``, any code), ``kk:admitted`` / ``kk:deprecated`` / ``kk:obsolete`` for variants, and
  ``id``, ``subject``, ``pos``, ``year``, ``approved_by``, ``definition`` (or ``definition:ru``),
  ``note``, ``source``. Several terms in one cell are separated by ``;`` or ``|``.
  ``year`` and ``approved_by`` belong to the preferred terms of the first language column.
* **long**, one term a row: ``lang`` and ``term`` columns plus ``status``, ``pos``, ``id`` (rows
  with the same id are one entry), ``subject``, ``definition``, ``year``, ``approved_by``, ``note``,
  ``source``.

Columns with other names are renamed with a header mapping (``{"Қазақша": "kk"}``); a column that
is still unknown is an error rather than silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator

from kazkit.errors import InputError
from kazkit.terms.model import STATUSES, Entry, Term, normalize_status, parse_year

_ENTRY_COLUMNS = {"id", "subject", "definition", "note", "source"}
_TERM_COLUMNS = {"pos", "year", "approved_by"}
_LONG_COLUMNS = _ENTRY_COLUMNS | _TERM_COLUMNS | {"lang", "term", "status"}
_ALIASES = {"field": "subject", "domain": "subject", "subjectfield": "subject", "subject_field": "subject",
            "partofspeech": "pos", "part_of_speech": "pos", "approvedby": "approved_by", "body": "approved_by",
            "approval_body": "approved_by", "approval_year": "year", "notes": "note", "language": "lang",
            "kz": "kk", "qaz": "kk", "kaz": "kk", "rus": "ru", "eng": "en"}
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_SPLIT = re.compile(r"\s*[;|]\s*")


def parse_mapping(text: str | None) -> dict[str, str]:
    """``"Қазақша=kk,Орысша=ru"`` -> ``{"Қазақша": "kk", "Орысша": "ru"}``."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        if "=" not in item:
            raise InputError(f"bad header mapping {item!r}: write OLD=NEW, e.g. Қазақша=kk")
        old, new = (side.strip() for side in item.split("=", 1))
        mapping[old] = new
    return mapping


def _column(name: str, mapping: dict[str, str]) -> str:
    name = mapping.get(name, name).strip()
    key = name.lower().replace(" ", "_")
    if ":" in key:
        head, tail = key.split(":", 1)
        return f"{_ALIASES.get(head, head)}:{tail}"
    return _ALIASES.get(key, key)


def _is_lang(name: str) -> bool:
    base, _, status = name.partition(":")
    return bool(_LANG_CODE.match(base)) and base not in _LONG_COLUMNS and (not status or status in STATUSES)


def _delimiter(name: str, first_line: str) -> str:
    if name.lower().endswith((".tsv", ".tab")):
        return "\t"
    if name.lower().endswith(".csv"):
        return ";" if first_line.count(";") > first_line.count(",") else ","
    counts = {d: first_line.count(d) for d in ("\t", ",", ";")}
    return max(counts, key=lambda d: counts[d])


def read_csv(path: str | os.PathLike[str], *, mapping: dict[str, str] | None = None,
             encoding: str | None = None) -> Iterator[Entry]:
    """Entries of a CSV/TSV file in the wide or the long layout (see the module docstring)."""
    from kazkit.text.io import read_input

    decoded = read_input(path, encoding=encoding)
    yield from parse_csv_text(decoded.text, decoded.name, mapping=mapping)


def parse_csv_text(text: str, name: str = "<csv>", *, mapping: dict[str, str] | None = None) -> Iterator[Entry]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(name, first))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{name}: empty file, no header row") from None
    columns = [_column(h, mapping or {}) for h in header]
    unknown = [h for h, c in zip(header, columns, strict=True)
               if c not in _LONG_COLUMNS and not _is_lang(c) and not c.startswith("definition:")]
    if unknown:
        raise InputError(f"{name}:1: unknown column(s) {', '.join(map(repr, unknown))}: name languages "
                         "by code (kk, ru, en), or map them with --map 'OLD=NEW'")
    rows = _rows(reader, columns, name)
    if "term" in columns:
        if "lang" not in columns:
            raise InputError(f"{name}:1: a 'term' column needs a 'lang' column beside it")
        yield from _long_entries(rows, name)
    else:
        if not any(_is_lang(c) for c in columns):
            raise InputError(f"{name}:1: no language column (kk, ru, en ...) and no 'term' column")
        for line, row in rows:
            yield _wide_entry(row, columns, name, line)


def _rows(reader, columns: list[str], name: str) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise InputError(f"{name}:{line}: {len(row)} cells but {len(columns)} columns in the header")
            yield line, {c: v.strip() for c, v in zip(columns, row, strict=False)}
    except csv.Error as error:
        raise InputError(f"{name}:{reader.line_num}: {error}") from None


def _wide_entry(row: dict[str, str], columns: list[str], name: str, line: int) -> Entry:
    try:
        entry = Entry([], id=row.get("id", ""), subject=row.get("subject", ""), note=row.get("note", ""),
                      source=row.get("source", ""))
        langs = [c for c in columns if _is_lang(c)]
        primary = next((c for c in langs if ":" not in c), langs[0]).split(":")[0]
        for column in langs:
            lang, _, status = column.partition(":")
            for text in filter(None, _SPLIT.split(row.get(column, ""))):
                entry.terms.append(Term(lang, text, status or "preferred", pos=row.get("pos", "")))
        year = parse_year(row["year"]) if row.get("year") else None
        for term in entry.terms:
            if term.lang == primary and term.status == "preferred":
                term.year, term.approved_by = year, row.get("approved_by", "")
        for column in columns:
            if column == "definition" and row.get(column):
                entry.definitions[primary] = row[column]
            elif column.startswith("definition:") and row.get(column):
                entry.definitions[column.split(":", 1)[1]] = row[column]
        if not entry.terms:
            raise InputError("the row has no term")
    except InputError as error:
        raise InputError(f"{name}:{line}: {error}") from None
    return entry


def _long_entries(rows: Iterable[tuple[int, dict[str, str]]], name: str) -> Iterator[Entry]:
    current: Entry | None = None
    for line, row in rows:
        try:
            term = Term(row.get("lang", "").lower(), row.get("term", ""), normalize_status(row.get("status")),
                        pos=row.get("pos", ""), year=parse_year(row["year"]) if row.get("year") else None,
                        approved_by=row.get("approved_by", ""), note=row.get("note", ""),
                        source=row.get("source", ""))
            if not term.text or not term.lang:
                raise InputError("a row needs both 'lang' and 'term'")
        except InputError as error:
            raise InputError(f"{name}:{line}: {error}") from None
        entry_id = row.get("id", "")
        if current is None or not entry_id or entry_id != current.id:
            if current is not None:
                yield current
            current = Entry([], id=entry_id, subject=row.get("subject", ""))
        current.terms.append(term)
        if row.get("subject") and not current.subject:
            current.subject = row["subject"]
        if row.get("definition"):
            current.definitions[term.lang] = row["definition"]
    if current is not None:
        yield current


def csv_chunks(entries: Iterable[Entry], langs: list[str], *, delimiter: str = ",") -> Iterator[str]:
    """The wide layout, one entry a row; ``langs`` are the language columns, in order.

    Lossy where the wide layout is: notes and sources of single terms, and the year and body of
    approval of terms other than the first language's preferred ones (use TBX or JSONL to keep all).
    """
    columns = ["id", "subject"]
    for lang in langs:
        columns += [lang, f"{lang}:admitted", f"{lang}:deprecated", f"{lang}:obsolete"]
    columns += ["pos", "year", "approved_by", *[f"definition:{lang}" for lang in langs], "note", "source"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for entry in entries:
        row = {"id": entry.id, "subject": entry.subject, "note": entry.note, "source": entry.source}
        for lang in langs:
            for status in STATUSES:
                key = lang if status == "preferred" else f"{lang}:{status}"
                row[key] = "; ".join(t.text for t in entry.in_lang(lang) if t.status == status)
            if lang in entry.definitions:
                row[f"definition:{lang}"] = entry.definitions[lang]
        head = next((t for t in entry.terms if t.lang == (langs[0] if langs else "") and t.status == "preferred"),
                    entry.terms[0] if entry.terms else None)
        if head is not None:
            row.update(pos=head.pos, year="" if head.year is None else str(head.year), approved_by=head.approved_by)
        writer.writerow([row.get(c, "") for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# --- JSONL -----------------------------------------------------------------------------------------


def read_jsonl(path: str | os.PathLike[str], *, encoding: str | None = None) -> Iterator[Entry]:
    """Entries from JSON Lines: one ``Entry.to_dict()`` object a line."""
    from kazkit.text.io import read_input

    decoded = read_input(path, encoding=encoding)
    for number, line in enumerate(decoded.text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise InputError("expected a JSON object")
            yield Entry.from_dict(data)
        except json.JSONDecodeError as error:
            raise InputError(f"{decoded.name}:{number}: bad JSON ({error.msg}, column {error.colno})") from None
        except (InputError, KeyError, TypeError) as error:
            message = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise InputError(f"{decoded.name}:{number}: {message}") from None


def jsonl_chunks(entries: Iterable[Entry]) -> Iterator[str]:
    for entry in entries:
        yield json.dumps(entry.to_dict(), ensure_ascii=False) + "\n"
