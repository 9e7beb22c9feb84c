"""The ``kazkit`` command line: a thin typer layer over the library.

Each command parses options, calls one library function and formats its result. Heavy or slow
modules are imported inside the commands so that ``kazkit --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated

import typer

from kazkit import __version__
from kazkit.errors import EXIT_USAGE, UsageError
from kazkit.output import FailOn, MessageLang, handle_errors, set_quiet, setup_stdio

_APP_SETTINGS = {
    "name": "kazkit",
    "help": "Kazakh language toolkit: proofreading, morphology, corpus, terminology, subtitles and course materials.",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "rich_markup_mode": None,
}
app = typer.Typer(**_APP_SETTINGS)


def _register_groups() -> None:
    """Command families: each package owns its typer sub-app (imports nothing heavy at start-up)."""
    from kazkit.corpus.cli import app as corpus_app
    from kazkit.model.cli import app as model_app
    from kazkit.model.cli import commands as model_commands
    from kazkit.subtitles.cli import app as subs_app
    from kazkit.terms.cli import app as terms_app

    app.add_typer(corpus_app, name="corpus")
    app.add_typer(subs_app, name="subs")
    app.add_typer(terms_app, name="terms")
    app.add_typer(model_app, name="model")
    app.registered_commands.extend(model_commands.registered_commands)


_register_groups()


def _version(value: bool) -> None:
    if value:
        from kazkit.compiled import MODULES, compiled_modules

        compiled = len(compiled_modules())
        build = "pure Python" if not compiled else f"compiled: {compiled} of {len(MODULES)} hot modules"
        print(f"kazkit {__version__} ({build})")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No messages on stderr.")] = False,
) -> None:
    set_quiet(quiet)


# --- shared options -------------------------------------------------------------------------

FilesArg = Annotated[
    list[str] | None, typer.Argument(help="Input files; '-' or nothing reads stdin.", show_default=False)
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", "-e", help="Input encoding (default: detect; e.g. utf-8, cp1251, kz1048)."),
]


class TextFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class TokenizeFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"
    vertical = "vertical"


class AnalyzeFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"
    conllu = "conllu"


class ParadigmFormat(str, Enum):
    table = "table"
    list = "list"
    json = "json"
    jsonl = "jsonl"


class Script(str, Enum):
    latin = "latin"
    cyrillic = "cyrillic"


def _inputs(files: list[str] | None, encoding: str | None):
    """Decoded inputs in order; stdin when no file is named and something is piped in."""
    from kazkit.text.io import read_input

    names = files or ["-"]
    if names == ["-"] and sys.stdin.isatty():
        raise UsageError("no input: name a FILE or pipe text into kazkit (see --help)")
    for name in names:
        yield read_input(name, encoding=encoding)


# --- text layer ------------------------------------------------------------------------------


@app.command()
@handle_errors
def tokenize(
    files: FilesArg = None,
    format: Annotated[TokenizeFormat, typer.Option("--format", "-f", help="Output format.")] = TokenizeFormat.text,
    encoding: EncodingOpt = None,
) -> None:
    """Split text into sentences and tokens (with offsets, kinds and the language of each sentence)."""
    from kazkit.text.pipeline import format_tokens

    for doc in _inputs(files, encoding):
        for chunk in format_tokens(doc.text, format.value):
            sys.stdout.write(chunk)


@app.command()
@handle_errors
def translit(
    files: FilesArg = None,
    to: Annotated[Script, typer.Option("--to", "-t", help="Target script.")] = Script.latin,
    encoding: EncodingOpt = None,
) -> None:
    """Transliterate Kazakh between Cyrillic and the 2021 Latin alphabet (Қазақстан -> Qazaqstan)."""
    from kazkit.text.translit import to_cyrillic, to_latin

    convert = to_latin if to is Script.latin else to_cyrillic
    for doc in _inputs(files, encoding):
        sys.stdout.write(convert(doc.text))


# --- proofreading ----------------------------------------------------------------------------


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    line = "line"
    languagetool = "languagetool"


ConfigOpt = Annotated[
    str | None, typer.Option("--config", "-c", help="kazkit.toml to use (default: found by walking up).")
]


@app.command()
@handle_errors
def check(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders (recursive) or '-' for stdin.", show_default=False)
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    include: Annotated[
        list[str] | None, typer.Option("--include", "-i", help="Glob of files to check in folders (repeatable).")
    ] = None,
    config: ConfigOpt = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this.")] = FailOn.error,
    lang: Annotated[MessageLang, typer.Option("--lang", help="Language of the messages.")] = MessageLang.en,
    encoding: EncodingOpt = None,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List the rules and exit.")] = False,
    termbase: Annotated[
        list[str] | None,
        typer.Option("--termbase", "-t", help="Also check terminology against this termbase (repeatable; 'sample').")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Processes for long texts (default: the cores, up to 4, for one "
                                         "text of 200k+ characters; 1 for texts over 1M characters).")
    ] = None,
) -> None:
    """Proofread Kazakh text: spelling, grammar, punctuation, typography and style.

    Exit 0 when clean, 1 when findings reach --fail-on, 2 on bad input or configuration.
    """
    from kazkit.config import load_config
    from kazkit.grammar.checker import check_paths, exit_code, rules_for
    from kazkit.grammar.report import render
    from kazkit.output import text_progress, use_color

    settings = load_config(config)
    if list_rules:
        for rule in rules_for(settings).rules:
            message = rule.message_kk if lang is MessageLang.kk and rule.message_kk else rule.message
            print(f"{rule.id}\t{rule.category}\t{rule.severity}\t{'on' if rule.enabled else 'off'}\t"
                  f"{' '.join(message.split())}")
        return
    names = paths or ["-"]
    if names == ["-"] and sys.stdin.isatty():
        raise UsageError("no input: name a FILE or folder, or pipe text into kazkit check (see --help)")
    seen: list = []

    def collected():
        for path, decoded, diagnostics in check_paths(names, config=settings, include=include,
                                                      encoding=encoding, lang=lang.value, jobs=jobs,
                                                      progress=bar):
            if termbase:
                from kazkit.terms.check import term_check_diagnostics

                diagnostics = sorted(
                    diagnostics + term_check_diagnostics(decoded.text, termbase, lang=lang.value),
                    key=lambda d: (d.start, d.end, d.rule_id),
                )
            seen.extend(diagnostics)
            yield path, decoded, diagnostics

    write = sys.stdout.write
    with text_progress() as bar:  # texts over 1M characters: a bar on a terminal's stderr
        for chunk in render(collected(), format.value, color=use_color(sys.stdout), lang=lang.value):
            write(chunk)  # stdout's own buffering: a flush per finding cost a write call each
    sys.stdout.flush()
    global _exit_at_once
    _exit_at_once = True
    raise typer.Exit(exit_code(seen, fail_on.value))


@app.command()
@handle_errors
def fix(
    paths: Annotated[list[str], typer.Argument(help="Files to fix, or '-' for stdin.", show_default=False)],
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the files (atomically).")] = False,
    no_backup: Annotated[bool, typer.Option("--no-backup", help="With --in-place: keep no FILE~ backup.")] = False,
    all_rules: Annotated[bool, typer.Option("--all", help="Apply every rule's first suggestion, not only safe ones.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Show the fixes as a unified diff (exit 1 if any); write nothing.")] = False,
    config: ConfigOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Apply the first suggestion of safe rules; corrected text goes to stdout unless --in-place.

    Every byte outside the fixed spans is kept, and so are the file's encoding and line endings.
    """
    from kazkit.config import load_config
    from kazkit.grammar.fix import fix_file, unified_diff
    from kazkit.output import info
    from kazkit.text.io import encode_like

    settings = load_config(config)
    if in_place and "-" in paths:
        raise UsageError("--in-place cannot rewrite stdin: drop '-' or --in-place")
    if in_place and diff:
        raise UsageError("--diff shows the fixes without writing them: drop --diff or --in-place")
    changed = False
    for path in paths:
        result = fix_file(path, in_place=in_place, backup=not no_backup, all_rules=all_rules,
                          config=settings, encoding=encoding)
        if diff:
            shown = unified_diff(result)
            changed = changed or bool(shown)
            sys.stdout.write(shown)
        elif in_place:
            info(f"{result.name}: {result.fixes} fix(es){' written' if result.written else ''}")
        else:
            # The text as the file stores it (encoding, BOM): `kazkit fix a.txt > b.txt` gives
            # the bytes --in-place would write, and unfixed text passes through unchanged.
            sys.stdout.flush()
            sys.stdout.buffer.write(encode_like(result.text, result.decoded))
    if changed:
        raise typer.Exit(1)


# --- morphology ------------------------------------------------------------------------------


@app.command()
@handle_errors
def analyze(
    files: FilesArg = None,
    format: Annotated[AnalyzeFormat, typer.Option("--format", "-f", help="Output format.")] = AnalyzeFormat.text,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Each input line is one token; one output record per line.")
    ] = False,
    encoding: EncodingOpt = None,
) -> None:
    """Morphological analysis: lemma, part of speech, UD features and morphs of every word."""
    from kazkit.grammar.analysis_output import format_analyses

    for doc in _inputs(files, encoding):
        for chunk in format_analyses(doc.text, format.value, tokens_per_line=tokens):
            sys.stdout.write(chunk)


@app.command()
@handle_errors
def generate(
    lemma: Annotated[str, typer.Argument(help="Lemma, e.g. кітап or оқы (verbs are bare stems).")],
    feats: Annotated[str, typer.Option("--feats", help='UD features, e.g. "Case=Dat|Number=Plur".')] = "",
    pos: Annotated[str | None, typer.Option("--pos", help="UPOS of the lemma (NOUN, VERB, ...).")] = None,
) -> None:
    """Inflect a lemma into the form(s) with the given features: кітап + Case=Dat|Number=Plur -> кітаптарға."""
    from kazkit.grammar.morphology import generate as generate_forms

    forms = generate_forms(lemma, feats, pos=pos)
    if not forms:
        raise UsageError(f"cannot generate {lemma!r} with {feats or 'no features'!r}: unknown lemma or feature set "
                         "(see `kazkit paradigm LEMMA` for the forms it has)")
    for form in forms:
        print(form)


@app.command()
@handle_errors
def paradigm(
    lemma: Annotated[str, typer.Argument(help="Lemma, e.g. мектеп.")],
    pos: Annotated[str | None, typer.Option("--pos", help="UPOS of the lemma (NOUN, VERB, ...).")] = None,
    format: Annotated[ParadigmFormat, typer.Option("--format", "-f", help="Output format.")] = ParadigmFormat.table,
) -> None:
    """Print the inflection table of a lemma: a grid (cases or persons), or every form as a list."""
    from kazkit.grammar.morphology import lexeme
    from kazkit.output import write_json, write_jsonl
    from kazkit.types import format_feats

    rows = lexeme(lemma, pos=pos)
    if not rows:
        raise UsageError(f"{lemma!r} is not in the lexicon (try `kazkit analyze` on a form of it)")
    records = [{"form": form, "feats": format_feats(feats)} for form, feats in rows]
    if format is ParadigmFormat.json:
        write_json(records)
    elif format is ParadigmFormat.jsonl:
        write_jsonl(records)
    elif format is ParadigmFormat.list:
        for rec in records:
            print(f"{rec['form']}\t{rec['feats']}")
    else:
        _print_paradigm_table(lemma, rows)


def _print_paradigm_table(lemma: str, rows) -> None:
    from kazkit.grammar.paradigm import build_table
    from kazkit.output import stdout_console, use_color

    table = build_table(lemma, rows)
    if use_color(sys.stdout):
        from rich.table import Table

        grid = Table(title=lemma, show_lines=False)
        grid.add_column("")
        for column in table.columns:
            grid.add_column(column)
        for label, cells in table.rows:
            grid.add_row(label, *cells)
        stdout_console().print(grid)
    else:
        print("\t".join([lemma, *table.columns]))
        for label, cells in table.rows:
            print("\t".join([label, *cells]))
    if table.extra:
        print(f"\n# {len(table.extra)} more forms: kazkit paradigm {lemma} --format list")


#: Set by a command that has written all its output and holds nothing that needs releasing, only
#: the analyser's and the speller's caches (``check``): :func:`main` then ends the process without
#: the interpreter's teardown, which would free their millions of objects one by one (a tenth of a
#: second or more after a long text). Commands run through typer's test runner never reach it.
_exit_at_once = False


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run for the command line ``args``: for a command defined in this module (check,
    fix, analyze...), one holding this module's commands only, since building the command
    families' click commands as well would take a few tens of milliseconds of every start-up;
    otherwise (a family, no command, options first) the whole app."""
    own = [c for c in app.registered_commands if c.callback is not None and c.callback.__module__ == __name__]
    names = {c.name or c.callback.__name__.lower().replace("_", "-") for c in own if c.callback is not None}
    if not args or args[0] not in names:
        return app
    core = typer.Typer(**_APP_SETTINGS)
    core.registered_commands = own
    core.registered_callback = app.registered_callback
    return core


def main() -> None:
    """Console-script entry point."""
    setup_stdio()
    try:
        _app_for(sys.argv[1:])()
        code: int | str | None = 0
    except KeyboardInterrupt:
        print("kazkit: interrupted", file=sys.stderr)
        code = 130
    except SystemExit as done:  # typer's standalone mode always ends with one
        code = done.code
    if _exit_at_once and sys.getprofile() is None and sys.gettrace() is None:
        _exit_now(code)  # (a profiler or coverage tool writes its report at the teardown)
    raise SystemExit(code)


def _exit_now(code: int | str | None) -> None:
    """``SystemExit(code)``'s exit status and message, without the interpreter's teardown."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a reader that went away: nothing left to tell it
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["app", "main", "EXIT_USAGE"]
