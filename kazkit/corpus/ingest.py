"""Reading documents for a corpus, and turning each into analysed tokens.

Inputs are files, folders (searched recursively) and globs of ``.txt``, ``.md``, ``.srt``/``.vtt``,
``.jsonl`` (one document a line: a text field plus metadata fields), ``.parquet`` (read by DuckDB)
and a Hugging Face ``datasets`` dataset saved on disk (needs ``kazkit[model]``). Metadata comes
from JSONL/Parquet fields, YAML front matter of text files, a sidecar CSV and ``--meta key=value``.

Tokenisation and analysis use the shared text layer and morphology; each word type is analysed
once per worker process (:func:`analyse_batch` keeps the cache), and the worker returns a compact
batch: its new word types once, and for every token only an index into them.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kazkit.errors import InputError, MissingExtraError, UsageError
from kazkit.types import ABBR, EMAIL, HASHTAG, LATIN, NUMBER, OTHER, PUNCT, URL, WORD

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUBTITLE_SUFFIXES = {".srt", ".vtt"}
SUFFIXES = TEXT_SUFFIXES | SUBTITLE_SUFFIXES | {".jsonl", ".parquet"}

# Token kinds stored in the word dictionary, and the UPOS given to a token the analyser has no
# reading for (punctuation, URLs, foreign words): UD's conventions for such tokens.
FALLBACK_UPOS = {PUNCT: "PUNCT", NUMBER: "NUM", URL: "X", EMAIL: "X", HASHTAG: "X", LATIN: "X",
                 ABBR: "X", WORD: "X", OTHER: "SYM"}

#: Whitespace after a token, kept so that text and CoNLL-U ``SpaceAfter=No`` can be rebuilt.
NO_SPACE, SPACE, NEWLINE, PARAGRAPH = 0, 1, 2, 3


@dataclass(slots=True)
class Document:
    """One document to store: its name (file path or record id), text and metadata."""

    name: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        """Content hash of the text: the same text is stored once, whatever its name."""
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """SHA-1 of the text with line endings and outer whitespace normalised."""
    normal = text.replace("\r\n", "\n").strip()
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


# --- finding and reading inputs ------------------------------------------------------------


def expand_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files named, found in folders (recursively, known suffixes only) or matched by globs.

    A saved ``datasets`` dataset (a folder with ``dataset_info.json`` or ``state.json``) is kept
    as a folder.
    """
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if is_saved_dataset(path):
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        elif any(ch in item for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: the pattern matches no file")
            found.extend(p for p in matches if p.is_file() or is_saved_dataset(p))
        else:
            raise InputError(f"{item}: no such file or folder")
    return list(dict.fromkeys(found))


def is_saved_dataset(path: Path) -> bool:
    return path.is_dir() and any((path / n).is_file() for n in ("dataset_info.json", "state.json",
                                                               "dataset_dict.json"))


def parse_meta_options(pairs: Iterable[str]) -> dict[str, str]:
    """``["genre=news", "date=2021"]`` -> ``{"genre": "news", "date": "2021"}``."""
    meta: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--meta {pair!r}: write KEY=VALUE, e.g. --meta genre=news")
        meta[key.strip()] = value.strip()
    return meta


def read_sidecar(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """Metadata rows of a CSV keyed by its ``file`` (or ``name``, ``path``, ``id``) column."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if not rows:
        return {}
    key = next((k for k in ("file", "name", "path", "id") if k in rows[0]), None)
    if key is None:
        raise InputError(f"{path}: the metadata CSV needs a 'file' (or name/path/id) column")
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        name = (row.pop(key) or "").strip()
        table[name] = {k: v for k, v in row.items() if k and v not in (None, "")}
    return table


def iter_documents(
    inputs: Iterable[str],
    *,
    text_field: str = "text",
    meta: dict[str, str] | None = None,
    sidecar: dict[str, dict[str, str]] | None = None,
    encoding: str | None = None,
) -> Iterator[Document]:
    """Documents from files, folders and globs, with metadata merged in this order (later wins):
    fields of the record or front matter, the sidecar CSV row, ``meta``."""
    extra = meta or {}
    table = sidecar or {}
    for path in expand_inputs(inputs):
        for doc in _read_path(path, text_field, encoding):
            row = table.get(doc.name) or table.get(Path(doc.name).name) or {}
            doc.meta = {**doc.meta, **row, **extra}
            if doc.text.strip():
                yield doc


def _read_path(path: Path, text_field: str, encoding: str | None) -> Iterator[Document]:
    suffix = path.suffix.lower()
    if is_saved_dataset(path):
        yield from _read_dataset(path, text_field)
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, text_field, encoding)
    elif suffix == ".parquet":
        yield from _read_parquet(path, text_field)
    elif suffix in SUBTITLE_SUFFIXES:
        yield _read_subtitles(path, encoding)
    else:
        from kazkit.text.io import read_input

        text, meta = split_front_matter(read_input(str(path), encoding=encoding).text)
        yield Document(str(path), text, meta)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """YAML front matter (``---`` ... ``---`` at the top) as metadata, and the text after it."""
    if not text.startswith("---"):
        return text, {}
    end = text.find("\n---", 3)
    if end < 0:
        return text, {}
    import yaml

    try:
        data = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return text, {}
    if not isinstance(data, dict):
        return text, {}
    body = text[end + 4:]
    return body.split("\n", 1)[1] if "\n" in body else "", _flat_meta(data)


def _flat_meta(record: dict, skip: Iterable[str] = ()) -> dict[str, str]:
    """Scalar fields as strings; lists joined with '; '; nested objects as JSON."""
    meta: dict[str, str] = {}
    for key, value in record.items():
        if key in skip or value is None:
            continue
        if isinstance(value, (list, tuple)):
            meta[str(key)] = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            meta[str(key)] = json.dumps(value, ensure_ascii=False)
        else:
            meta[str(key)] = str(value)
    return meta


def _record_document(record: dict, text_field: str, where: str) -> Document | None:
    text = record.get(text_field)
    if not isinstance(text, str):
        return None
    name = str(record.get("id") or record.get("name") or where)
    return Document(name, text, _flat_meta(record, skip=(text_field,)))


def _read_jsonl(path: Path, text_field: str, encoding: str | None) -> Iterator[Document]:
    from kazkit.text.io import read_input

    text = read_input(str(path), encoding=encoding).text
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object per line")
        doc = _record_document(record, text_field, f"{path}:{number}")
        if doc is None:
            raise InputError(f"{path}:{number}: no text field {text_field!r} (choose one with --text-field)")
        yield doc


def _read_parquet(path: Path, text_field: str) -> Iterator[Document]:
    from .db import duckdb as _duckdb

    duckdb = _duckdb()

    con = duckdb.connect()
    try:
        cursor = con.execute("SELECT * FROM read_parquet($1)", [str(path)])
    except duckdb.Error as exc:
        raise InputError(f"{path}: cannot read Parquet ({str(exc).splitlines()[0]})") from None
    columns = [d[0] for d in cursor.description]
    if text_field not in columns:
        raise InputError(f"{path}: no column {text_field!r} (columns: {', '.join(columns)}; use --text-field)")
    number = 0
    while rows := cursor.fetchmany(1000):
        for row in rows:
            number += 1
            doc = _record_document(dict(zip(columns, row, strict=False)), text_field, f"{path}:{number}")
            if doc is not None:
                yield doc


def _read_dataset(path: Path, text_field: str) -> Iterator[Document]:
    try:
        import datasets
    except ImportError:
        raise MissingExtraError(
            f"{path} is a saved datasets dataset: reading it needs `pip install 'kazkit[model]'`") from None
    loaded = datasets.load_from_disk(str(path))
    splits = loaded.items() if isinstance(loaded, datasets.DatasetDict) else [("", loaded)]
    for split, dataset in splits:
        if text_field not in dataset.column_names:
            raise InputError(f"{path}: no column {text_field!r} (use --text-field)")
        for number, record in enumerate(dataset, 1):
            where = f"{path}:{split + ':' if split else ''}{number}"
            doc = _record_document(dict(record), text_field, where)
            if doc is not None:
                if split:
                    doc.meta.setdefault("split", split)
                yield doc


def _read_subtitles(path: Path, encoding: str | None) -> Document:
    """The visible text of the cues, one cue a line: numbers, timing and tags dropped."""
    from kazkit.subtitles.io import read_subtitles, visible_text

    subtitles = read_subtitles(str(path), encoding=encoding)
    lines = [visible_text(cue.text)[0].replace("\n", " ").strip() for cue in subtitles.cues]
    return Document(str(path), "\n".join(line for line in lines if line), {"format": path.suffix.lower()[1:]})


# --- tokens and analyses (runs in worker processes) ----------------------------------------

#: One word type of a batch: (word, kind, lemma, upos, feats).
TypeRow = tuple[str, str, str, str, str]


@dataclass(slots=True)
class AnalysedDoc:
    """Tokens of one document as indices into the batch's types, with sentence sizes."""

    sentences: list[tuple[int, str]]  # (number of tokens, language) per sentence
    types: list[int]  # per token: index into AnalysedBatch.types
    spaces: bytes  # per token: NO_SPACE, SPACE, NEWLINE or PARAGRAPH


@dataclass(slots=True)
class AnalysedBatch:
    types: list[TypeRow]
    docs: list[AnalysedDoc]


_type_cache: dict[tuple[str, str], TypeRow] = {}
_analyzer = None


def _analyse(word: str) -> list:
    global _analyzer
    if _analyzer is None:
        from kazkit.grammar.morphology import get_analyzer

        _analyzer = get_analyzer()
    return _analyzer.analyze(word)


def reading_of(word: str, kind: str) -> TypeRow:
    """The best analysis of a word out of context, or the fallback for tokens with none.

    >>> reading_of("кітаптарымызда", "word")[2:4]  # doctest: +SKIP
    ('кітап', 'NOUN')
    """
    key = (word, kind)
    row = _type_cache.get(key)
    if row is None:
        analyses = _analyse(word) if kind in (WORD, NUMBER, LATIN, ABBR) else []
        if analyses:
            best = analyses[0]
            row = (word, kind, best.lemma, best.pos, best.feats_str)
        else:
            lemma = word if kind in (PUNCT, OTHER, NUMBER) else word.lower()
            row = (word, kind, lemma, FALLBACK_UPOS.get(kind, "X"), "_")
        if len(_type_cache) > 500_000:
            _type_cache.clear()
        _type_cache[key] = row
    return row


def _space_code(gap: str) -> int:
    if not gap:
        return NO_SPACE
    newlines = gap.count("\n")
    return PARAGRAPH if newlines > 1 else NEWLINE if newlines else SPACE


def analyse_batch(texts: list[str], disambiguate: bool = False) -> AnalysedBatch:
    """Tokenise, split and analyse documents; each word type analysed once per process.

    With ``disambiguate`` each sentence's readings are reordered in context
    (:func:`kazkit.grammar.disambiguate.disambiguate`), so the same word can get different lemmas.
    """
    from kazkit.text.pipeline import iter_sentences

    index: dict[TypeRow, int] = {}
    types: list[TypeRow] = []
    docs: list[AnalysedDoc] = []
    for text in texts:
        sentences: list[tuple[int, str]] = []
        ids: list[int] = []
        spaces = bytearray()
        previous_end = -1
        for sentence, tokens in iter_sentences(text):
            rows = [reading_of(t.text, t.kind) for t in tokens]
            if disambiguate and rows:
                rows = _disambiguated(rows)
            for token, row in zip(tokens, rows, strict=False):
                if previous_end >= 0:
                    spaces.append(_space_code(text[previous_end:token.start]))
                previous_end = token.end
                number = index.get(row)
                if number is None:
                    number = index[row] = len(types)
                    types.append(row)
                ids.append(number)
            if tokens:
                sentences.append((len(tokens), sentence.lang or ""))
        if ids:
            spaces.append(NO_SPACE)
        docs.append(AnalysedDoc(sentences, ids, bytes(spaces)))
    return AnalysedBatch(types, docs)


def _disambiguated(rows: list[TypeRow]) -> list[TypeRow]:
    from kazkit.grammar.disambiguate import disambiguate
    from kazkit.grammar.morphology import analyze

    words = [r[0] for r in rows]
    readings = disambiguate(words, [analyze(w) if r[1] in (WORD, NUMBER, LATIN, ABBR) else [] for w, r
                                    in zip(words, rows, strict=False)])
    out = []
    for row, options in zip(rows, readings, strict=False):
        best = options[0] if options else None
        out.append(row if best is None else (row[0], row[1], best.lemma, best.pos, best.feats_str))
    return out


def analyse_batch_star(args: tuple[list[str], bool]) -> AnalysedBatch:
    """:func:`analyse_batch` for ``Pool.imap`` (one picklable argument)."""
    return analyse_batch(*args)
