"""``kazkit terms``: import, export, lookup, check, consistency, extract and info.

Each command is a few lines over the library; everything heavy is imported inside the commands,
because this module is imported whenever ``kazkit`` starts.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from kazkit.errors import UsageError
from kazkit.output import FailOn, MessageLang, handle_errors

app = typer.Typer(
    help="Approved terminology: import TBX/CSV termbases, look terms up in any inflection, "
         "check texts for deprecated terms.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

TermbaseOpt = Annotated[
    list[str] | None,
    typer.Option("--termbase", "-t", help="Termbase file (.sqlite, or a .tbx read into memory); repeat to "
                 "layer several, the first named wins. Default: the user's termbase, else the sample.",
                 show_default=False),
]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", "-e", help="Input encoding (default: detect).")]


class LookupFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    tsv = "tsv"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    line = "line"
    languagetool = "languagetool"


class FileFormat(str, Enum):
    tbx = "tbx"
    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"


class ListFormat(str, Enum):
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


def _open(paths: list[str] | None):
    from kazkit.output import info
    from kazkit.terms.store import open_termbases

    return open_termbases(paths, notice=info)


def _target(termbase: list[str] | None) -> str:
    """The one termbase a command writes to or exports (the default one when none is named)."""
    from kazkit.terms.store import default_termbase_path

    if termbase and len(termbase) > 1:
        raise UsageError("name one --termbase to import into or export")
    return termbase[0] if termbase else str(default_termbase_path())


@app.command("import")
@handle_errors
def import_(
    files: Annotated[list[str], typer.Argument(help="TBX, CSV/TSV or JSONL files.", show_default=False)],
    termbase: TermbaseOpt = None,
    format: Annotated[FileFormat | None, typer.Option("--format", "-f", help="File format (default: from the name).")] = None,
    mapping: Annotated[str | None, typer.Option("--map", help="CSV header mapping, e.g. 'Қазақша=kk,Термин=term'.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Empty the termbase first.")] = False,
    encoding: EncodingOpt = None,
) -> None:
    """Import termbase files into a termbase (all files in one transaction: all or nothing)."""
    import itertools
    import time

    from kazkit.output import info
    from kazkit.terms.csvio import parse_mapping
    from kazkit.terms.formats import read_entries
    from kazkit.terms.store import Termbase

    path = _target(termbase)
    header_map = parse_mapping(mapping)
    started = time.perf_counter()
    streams = [read_entries(f, format.value if format else None, mapping=header_map, encoding=encoding) for f in files]
    with Termbase(path, create=True) as store:
        count = store.add_entries(itertools.chain.from_iterable(streams), replace=replace)
    info(f"imported {count} entries into {path} in {time.perf_counter() - started:.1f} s")


@app.command()
@handle_errors
def export(
    termbase: TermbaseOpt = None,
    format: Annotated[FileFormat, typer.Option("--format", "-f", help="Output format.")] = FileFormat.tbx,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    langs: Annotated[str | None, typer.Option("--langs", help="CSV/TSV language columns, e.g. kk,ru,en (default: all).")] = None,
) -> None:
    """Export a termbase as TBX, CSV, TSV or JSONL (stdout unless --output)."""
    from kazkit.terms.formats import export_chunks
    from kazkit.terms.store import Termbase, sample_termbase

    store = sample_termbase() if termbase == ["sample"] else Termbase(_target(termbase))
    columns = [code.strip() for code in langs.split(",") if code.strip()] if langs else list(store.stats()["languages"])
    chunks = export_chunks(store.iter_entries(), format.value, langs=columns)
    if output:
        from kazkit.text.io import atomic_write

        atomic_write(output, "".join(chunks).encode("utf-8"))
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)


@app.command()
@handle_errors
def lookup(
    query: Annotated[list[str], typer.Argument(help="A word or phrase, in any inflection.", show_default=False)],
    termbase: TermbaseOpt = None,
    source: Annotated[str | None, typer.Option("--from", help="Search only terms of this language (kk, ru, en ...).")] = None,
    prefix: Annotated[bool, typer.Option("--prefix", help="Find terms that start with the query.")] = False,
    fuzzy: Annotated[bool, typer.Option("--fuzzy", help="Find terms spelt like the query (typos).")] = False,
    exact: Annotated[bool, typer.Option("--exact", help="Exact and inflected matches only.")] = False,
    field: Annotated[str | None, typer.Option("--field", help="Only entries of this subject field.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only entries with a term approved this year.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Only where the matched term has this status.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many entries.")] = 10,
    format: Annotated[LookupFormat, typer.Option("--format", "-f", help="Output format.")] = LookupFormat.text,
) -> None:
    """Look a term up: дерекқорлардың finds дерекқор; --from en database finds it too. Exit 1 when nothing is found."""
    from kazkit.terms.lookup import Filters
    from kazkit.terms.lookup import lookup as find
    from kazkit.terms.model import normalize_status
    from kazkit.terms.render import lookup_chunks

    modes = [m for m, on in (("prefix", prefix), ("fuzzy", fuzzy), ("exact", exact)) if on]
    if len(modes) > 1:
        raise UsageError("choose one of --prefix, --fuzzy, --exact")
    filters = Filters(field, year, normalize_status(status) if status else None)
    hits = find(" ".join(query), _open(termbase), source_lang=source, mode=modes[0] if modes else "auto",
                filters=filters, limit=limit)
    for chunk in lookup_chunks(hits, format.value):
        sys.stdout.write(chunk)
    if not hits:
        from kazkit.output import info

        info(f"kazkit: no entry for {' '.join(query)!r}")
        raise typer.Exit(1)


@app.command()
@handle_errors
def check(
    files: Annotated[list[str] | None, typer.Argument(help="Files, or '-' for stdin.", show_default=False)] = None,
    termbase: TermbaseOpt = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format (as kazkit check).")] = CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this.")] = FailOn.warning,
    lang: Annotated[MessageLang, typer.Option("--lang", help="Language of the messages.")] = MessageLang.en,
    encoding: EncodingOpt = None,
) -> None:
    """Find deprecated and non-approved terms in Kazakh text, in any inflection, with the approved
    term in the same inflection as the suggestion (клавиатураны -> пернетақтаны)."""
    from kazkit.grammar.checker import exit_code
    from kazkit.grammar.report import render
    from kazkit.output import use_color
    from kazkit.terms.check import term_check_diagnostics
    from kazkit.text.io import read_input

    names = files or ["-"]
    if names == ["-"] and sys.stdin.isatty():
        raise UsageError("no input: name a FILE or pipe text into kazkit terms check (see --help)")
    termbases = _open(termbase)
    seen: list = []

    def results():
        for name in names:
            decoded = read_input(name, encoding)
            found = term_check_diagnostics(decoded.text, termbases, lang=lang.value)
            seen.extend(found)
            yield decoded.name, decoded, found

    for chunk in render(results(), format.value, color=use_color(sys.stdout), lang=lang.value):
        sys.stdout.write(chunk)
    raise typer.Exit(exit_code(seen, fail_on.value))


@app.command()
@handle_errors
def consistency(
    source: Annotated[str, typer.Argument(help="A TSV of segment pairs (source<TAB>target), or the source file "
                                          "when --target is given.", show_default=False)],
    target: Annotated[str | None, typer.Option("--target", help="Target file aligned line by line (or cue by "
                                              "cue for .srt/.vtt) with SOURCE.")] = None,
    termbase: TermbaseOpt = None,
    source_lang: Annotated[str, typer.Option("--source-lang", help="Language of the source side.")] = "ru",
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this.")] = FailOn.warning,
    encoding: EncodingOpt = None,
) -> None:
    """Bilingual consistency: a source term whose approved Kazakh term is missing from the target segment."""
    from kazkit.grammar.checker import exit_code
    from kazkit.grammar.report import render
    from kazkit.output import use_color
    from kazkit.terms.consistency import consistency_diagnostics, read_pairs

    pairs, name, text = read_pairs(source, target, encoding=encoding)
    found = consistency_diagnostics(pairs, _open(termbase), source_lang=source_lang, target_text=text)
    for chunk in render([(name, text, found)], format.value, color=use_color(sys.stdout)):
        sys.stdout.write(chunk)
    raise typer.Exit(exit_code(found, fail_on.value))


@app.command()
@handle_errors
def extract(
    files: Annotated[list[str], typer.Argument(help="Kazakh text files (a corpus), or '-'.", show_default=False)],
    termbase: TermbaseOpt = None,
    min_count: Annotated[int, typer.Option("--min-count", help="Keep candidates seen at least this often.")] = 2,
    max_words: Annotated[int, typer.Option("--max-words", help="Longest candidate, in words.")] = 3,
    top: Annotated[int, typer.Option("--top", "-n", help="At most this many candidates.")] = 100,
    include_known: Annotated[bool, typer.Option("--include-known", help="Keep candidates already in the termbase.")] = False,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.tsv,
    encoding: EncodingOpt = None,
) -> None:
    """Candidate terms for terminologists: frequent noun phrases (by lemma) not yet in the termbase."""
    from kazkit.output import write_json, write_jsonl
    from kazkit.terms.extract import extract_candidates
    from kazkit.text.io import read_input

    texts = (read_input(name, encoding).text for name in files)
    candidates = extract_candidates(texts, None if include_known else _open(termbase), min_count=min_count,
                                    max_words=max_words, top=top)
    records = [c.to_dict() for c in candidates]
    if format is ListFormat.json:
        write_json(records)
    elif format is ListFormat.jsonl:
        write_jsonl(records)
    else:
        print("candidate\tcount\tlemmas\texample")
        for c in candidates:
            print(f"{c.text}\t{c.count}\t{c.key}\t{c.example}")


@app.command()
@handle_errors
def info(
    termbase: TermbaseOpt = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format (tsv prints key/value lines).")] = ListFormat.tsv,
) -> None:
    """Where the termbases are and what they hold: entries, terms by language and status, fields."""
    from kazkit.output import write_json, write_jsonl

    stats = [tb.stats() for tb in _open(termbase)]
    if format is ListFormat.json:
        write_json(stats)
    elif format is ListFormat.jsonl:
        write_jsonl(stats)
    else:
        for item in stats:
            for key, value in item.items():
                shown = ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else value
                print(f"{key}\t{shown}")
