"""``kazkit subs``: extract, check, fix and translate subtitle files (SRT, WebVTT, ASS ...).

Imported at every ``kazkit`` start: only typer here; the library is imported inside commands.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from kazkit.errors import UsageError
from kazkit.output import FailOn, MessageLang, handle_errors

app = typer.Typer(help="Subtitles (SRT/VTT): extract text, check Kazakh and timing, fix, translate.",
                  no_args_is_help=True, rich_markup_mode=None)


class ExtractFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    line = "line"


PathsArg = Annotated[list[str], typer.Argument(help="Subtitle files or folders (searched recursively).",
                                               show_default=False)]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", "-e",
                                                 help="Input encoding (default: detect).")]
ProfileOpt = Annotated[str, typer.Option("--profile", "-p", help="Timing/layout profile (kazakh, "
                                         "kazakh-children, netflix-en, netflix-ru, subtitle-edit).")]
CpsOpt = Annotated[float | None, typer.Option("--max-cps", help="Override: characters per second.")]
CplOpt = Annotated[int | None, typer.Option("--max-line-length", help="Override: characters per line.")]
LinesOpt = Annotated[int | None, typer.Option("--max-lines", help="Override: lines per cue.")]
MinDurOpt = Annotated[float | None, typer.Option("--min-duration", help="Override: seconds.")]
MaxDurOpt = Annotated[float | None, typer.Option("--max-duration", help="Override: seconds.")]
GapOpt = Annotated[float | None, typer.Option("--min-gap", help="Override: seconds between cues.")]
ConfigOpt = Annotated[str | None, typer.Option("--config", "-c", help="kazkit.toml to use.")]


def _profile(name: str, **overrides):
    from kazkit.subtitles.profiles import load_profile

    return load_profile(name, **overrides)


def _files(paths: list[str]) -> list[str]:
    from kazkit.subtitles.io import subtitle_files

    found = [str(path) for path, _ in subtitle_files(paths)]
    if not found:
        raise UsageError(f"no subtitle files in {' '.join(paths)} (.srt, .vtt, .ass, .ssa, .sub)")
    return found


@app.command()
@handle_errors
def extract(
    paths: PathsArg,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.text,
    encoding: EncodingOpt = None,
) -> None:
    """Print the text of every cue: one line per cue (text), or one JSON object per cue (jsonl)."""
    from kazkit.output import write_jsonl
    from kazkit.subtitles.io import cue_records, read_subtitles

    for path in _files(paths):
        sub = read_subtitles(path, encoding)
        if format is ExtractFormat.jsonl:
            write_jsonl(cue_records(sub))
        else:
            for record in cue_records(sub):
                print(record["text"].replace("\n", " "))


@app.command()
@handle_errors
def check(
    paths: PathsArg,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    profile: ProfileOpt = "kazakh",
    max_cps: CpsOpt = None,
    max_line_length: CplOpt = None,
    max_lines: LinesOpt = None,
    min_duration: MinDurOpt = None,
    max_duration: MaxDurOpt = None,
    min_gap: GapOpt = None,
    no_language: Annotated[bool, typer.Option("--no-language", help="Timing and layout only.")] = False,
    termbase: Annotated[list[str] | None, typer.Option("--termbase", help="Termbase (TBX/CSV) of approved terms.")] = None,
    config: ConfigOpt = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this.")] = FailOn.error,
    lang: Annotated[MessageLang, typer.Option("--lang", help="Language of the checker's messages.")] = MessageLang.en,
    encoding: EncodingOpt = None,
) -> None:
    """Check Kazakh language, timing and layout of every cue; a summary per file at the end.

    Exit 0 when clean, 1 when findings reach --fail-on, 2 on bad input or options.
    """
    from kazkit.config import load_config
    from kazkit.grammar.checker import exit_code
    from kazkit.subtitles.report import render_check

    limits = _profile(profile, max_cps=max_cps, max_line_length=max_line_length, max_lines=max_lines,
                      min_duration=min_duration, max_duration=max_duration, min_gap=min_gap)
    termbases = _termbases(termbase)
    settings = load_config(config)
    seen: list = []
    for chunk in render_check(_files(paths), limits, format.value, config=settings, lang=lang.value,
                              language=not no_language, termbases=termbases, encoding=encoding,
                              seen=seen):
        sys.stdout.write(chunk)
        sys.stdout.flush()
    raise typer.Exit(exit_code([f.diagnostic for f in seen], fail_on.value))


def _termbases(paths: list[str] | None):
    if not paths:
        return None
    try:
        from kazkit.terms import load_termbase, term_check_diagnostics  # noqa: F401
    except ImportError:
        raise UsageError("--termbase needs kazkit.terms, which this build does not have yet") from None
    return [load_termbase(path) for path in paths]


@app.command()
@handle_errors
def fix(
    paths: PathsArg,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the files (atomically, FILE~ backup).")] = False,
    output_dir: Annotated[str | None, typer.Option("--output-dir", "-o", help="Write fixed files here (same names).")] = None,
    no_backup: Annotated[bool, typer.Option("--no-backup", help="With --in-place: keep no FILE~ backup.")] = False,
    all_rules: Annotated[bool, typer.Option("--all", help="Apply every language rule's first suggestion, not only safe ones.")] = False,
    no_language: Annotated[bool, typer.Option("--no-language", help="Do not change the words.")] = False,
    no_wrap: Annotated[bool, typer.Option("--no-wrap", help="Do not re-break lines.")] = False,
    no_timing: Annotated[bool, typer.Option("--no-timing", help="Do not move end times.")] = False,
    profile: ProfileOpt = "kazakh",
    max_line_length: CplOpt = None,
    max_lines: LinesOpt = None,
    min_duration: MinDurOpt = None,
    min_gap: GapOpt = None,
    config: ConfigOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Apply safe language fixes, re-wrap long lines, close overlaps and short gaps.

    One file without --in-place or --output-dir is printed to stdout; a summary goes to stderr.
    """
    from pathlib import Path

    from kazkit.config import load_config
    from kazkit.output import info
    from kazkit.subtitles.fix import fix_subtitles
    from kazkit.subtitles.io import (
        read_subtitles,
        render_subtitles,
        subtitle_files,
        write_subtitles,
    )

    if in_place and output_dir:
        raise UsageError("choose --in-place or --output-dir, not both")
    files = subtitle_files(paths)
    if not in_place and not output_dir and len(files) != 1:
        raise UsageError("several files: use --in-place or --output-dir DIR")
    limits = _profile(profile, max_line_length=max_line_length, max_lines=max_lines,
                      min_duration=min_duration, min_gap=min_gap)
    settings = load_config(config)
    for path, relative in files:
        sub = read_subtitles(path, encoding)
        fixed, report = fix_subtitles(sub, limits, config=settings, all_rules=all_rules,
                                      language=not no_language, rewrap=not no_wrap, timing=not no_timing)
        if in_place:
            if report.changes:
                write_subtitles(fixed, path, backup=not no_backup)
        elif output_dir:
            write_subtitles(fixed, Path(output_dir) / relative)
        else:
            sys.stdout.write(render_subtitles(fixed))
        info(f"{path}: {report.language_fixes} language fix(es), {report.rewrapped} re-wrapped, "
             f"{report.timing_fixes} timing fix(es)"
             + "".join(f"\n  left: {line}" for line in report.unresolved))


@app.command()
@handle_errors
def translate(
    paths: PathsArg,
    output_dir: Annotated[str, typer.Option("--output-dir", "-o", help="Folder for the translated files (same names).")],
    to: Annotated[str, typer.Option("--to", help="Target language.")] = "kk",
    source: Annotated[str, typer.Option("--from", help="Source language of the subtitles.")] = "en",
    tm: Annotated[list[str] | None, typer.Option("--tm", help="Translation memory: TMX or TSV (repeatable).")] = None,
    threshold: Annotated[float, typer.Option("--threshold", help="Fuzzy match threshold, 0-100 (100: exact only).")] = 85.0,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Translate what the memory does not cover "
                                              "with a transformers model: a local folder or a cached hub name "
                                              "(NLLB-style seq2seq or a causal instruction model). Needs pip "
                                              "install 'kazkit[model]'.")] = None,
    device: Annotated[str, typer.Option("--device", help="Model device: auto, cpu, cuda, cuda:1, mps.")] = "auto",
    dtype: Annotated[str, typer.Option("--dtype", help="Model dtype: auto, float32, float16, bfloat16.")] = "auto",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Model: sentences translated at once.")] = 8,
    max_new_tokens: Annotated[int, typer.Option("--max-new-tokens", help="Model: most tokens per sentence.")] = 256,
    seed: Annotated[int, typer.Option("--seed", help="Model: random seed (generation is greedy).")] = 0,
    termbase: Annotated[list[str] | None, typer.Option("--termbase", help="Termbase (TBX/CSV, or 'sample') whose "
                                                       "approved terms the translation must use (repeatable).")] = None,
    cache: Annotated[str | None, typer.Option("--cache", help="Cache file (default: OUTPUT_DIR/.kazkit-translate-cache.json).")] = None,
    report: Annotated[str | None, typer.Option("--report", help="Write the JSON report here (default: stdout).")] = None,
    profile: ProfileOpt = "kazakh",
    max_line_length: CplOpt = None,
    max_lines: LinesOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Translate whole folders sentence by sentence: translation memory first, then --model; timing is kept.

    Files keep their names under --output-dir; the originals are never modified. Model output is
    cached, so a re-run translates only new or changed sentences. With --termbase, approved terms
    are given to the model, deprecated ones in the result are replaced in the same inflection, and
    sentences still lacking an approved term are listed in the JSON report. Sentences nothing
    translates keep their source text and are listed too.
    """
    from pathlib import Path

    from kazkit.output import info, stderr_console, write_json
    from kazkit.subtitles.tm import TranslationMemory, normalize_lang
    from kazkit.subtitles.translate import (
        CACHE_NAME,
        TranslationCache,
        Translator,
        translate_folder,
    )

    if normalize_lang(to) != "kk":
        raise UsageError(f"--to {to}: only Kazakh (kk) is supported as the target")
    if not tm and not model:
        raise UsageError("no translation source: give --tm FILE (TMX or TSV) and/or --model PATH")
    if batch_size < 1:
        raise UsageError("--batch-size must be 1 or more")
    files = _files(paths)
    memory = (TranslationMemory.load(tm, source_lang=source, target_lang=to, threshold=threshold)
              if tm else None)
    translator = Translator(memory=memory, cache=TranslationCache(cache or Path(output_dir) / CACHE_NAME),
                            source_lang=normalize_lang(source), target_lang=normalize_lang(to),
                            backend=_translation_model(model, device, dtype, batch_size, max_new_tokens, seed,
                                                       normalize_lang(source)),
                            terms=_term_enforcer(termbase, normalize_lang(source)))
    from rich.progress import Progress

    with Progress(console=stderr_console(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("translating", total=len(files))
        result = translate_folder(paths, output_dir, translator, _profile(
            profile, max_line_length=max_line_length, max_lines=max_lines), encoding=encoding,
            progress=lambda _name: bar.advance(task))
    totals = result["totals"]
    if "terms_missing" in totals:
        info(f"kazkit: {totals['term_fixes']} deprecated term(s) replaced; {totals['terms_missing']} "
             "sentence(s) still lack an approved term (see terms_missing in the report)")
    if report:
        import json

        from kazkit.text.io import atomic_write

        atomic_write(report, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        write_json(result)


def _translation_model(name: str | None, device: str, dtype: str, batch_size: int, max_new_tokens: int,
                       seed: int, source_lang: str):
    """The ``--model`` backend, or None; a missing extra is exit 3 with the pip command."""
    if not name:
        return None
    from kazkit.model.backends import GenerationSettings, load_backend
    from kazkit.subtitles.translate import ModelBackend

    settings = GenerationSettings(max_new_tokens=max_new_tokens, seed=seed, batch_size=batch_size)
    return ModelBackend(load_backend(name, device, dtype), source_lang, "kk", batch_size, settings)


def _term_enforcer(paths: list[str] | None, source_lang: str):
    if not paths:
        return None
    from kazkit.model.terminology import open_terms
    from kazkit.subtitles.translate import TermEnforcer

    return TermEnforcer(open_terms(paths), source_lang)
