"""Command line of the model package: ``kazkit summarize``, ``kazkit paraphrase`` and ``kazkit model``.

Imported at every ``kazkit`` start: only typer here; the library (and torch, transformers,
tokenizers, sentencepiece) is imported inside the commands. ``app`` is the ``kazkit model`` group
(``info``, ``tokenizer-train``); ``commands`` holds the two top-level commands, which the root
CLI registers with ``app.registered_commands.extend(commands.registered_commands)``.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from kazkit.errors import UsageError
from kazkit.output import handle_errors

__all__ = ["app", "commands", "info_command", "paraphrase_command", "summarize_command",
           "tokenizer_train_command"]

app = typer.Typer(help="Language models: inspect a model folder, train and compare Kazakh tokenizers.",
                  no_args_is_help=True, rich_markup_mode=None)
commands = typer.Typer(rich_markup_mode=None)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


FilesArg = Annotated[list[str] | None, typer.Argument(
    help="Files (.txt, .md, .srt, .vtt); '-' or nothing reads stdin.", show_default=False)]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", "-e", help="Input encoding (default: detect).")]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", "-m", help="Use a transformers model: a local folder or a cached hub name "
    "(default: $KAZKIT_MODEL, else [model] name in kazkit.toml; without one, the built-in method). "
    "Needs pip install 'kazkit[model]'.")]
TermbaseOpt = Annotated[list[str] | None, typer.Option(
    "--termbase", help="Termbase (TBX/CSV/sqlite, or 'sample') of approved terms: the output is checked "
    "for deprecated terms; paraphrase keeps approved terms as written (repeatable).")]
DeviceOpt = Annotated[str, typer.Option("--device", help="Model device: auto, cpu, cuda, cuda:1, mps.")]
DtypeOpt = Annotated[str, typer.Option("--dtype", help="Model dtype: auto, float32, float16, bfloat16.")]
MaxTokensOpt = Annotated[int, typer.Option("--max-new-tokens", help="Model: most tokens generated per call.")]
BatchOpt = Annotated[int, typer.Option("--batch-size", help="Model: chunks generated at once.")]
TemperatureOpt = Annotated[float, typer.Option("--temperature", help="Model: 0 is greedy (deterministic).")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed (variants, model sampling).")]


def _names(files: list[str] | None) -> list[str]:
    names = files or ["-"]
    if names == ["-"] and sys.stdin.isatty():
        raise UsageError("no input: name a FILE or pipe text into kazkit (see --help)")
    return names


def _materials(files: list[str] | None, encoding: str | None):
    from kazkit.model.documents import read_material

    for name in _names(files):
        yield read_material(name, encoding)


def _backend(model: str | None, device: str, dtype: str):
    from kazkit.model.backends import load_backend, resolve_model_name

    name = resolve_model_name(model)
    if name is None:  # the config file is read only when neither --model nor $KAZKIT_MODEL names one
        from kazkit.config import load_config

        name = resolve_model_name(None, load_config().model_name)
    return load_backend(name, device, dtype) if name else None


def _termbases(paths: list[str] | None) -> list | None:
    if not paths:
        return None
    from kazkit.model.terminology import open_terms

    return open_terms(paths)


def _term_report(text: str, termbases: list | None, name: str, what: str,
                 within: list[tuple[int, int]] | None = None) -> list[dict] | None:
    """Term findings of ``text`` (optionally only inside the ``within`` spans) as JSON records;
    their counts go to stderr. None without a termbase."""
    if termbases is None:
        return None
    from kazkit.model.terminology import AVOIDED_RULES, finding_record, term_findings
    from kazkit.output import info

    findings = [d for d in term_findings(text, termbases)
                if within is None or any(a <= d.start and d.end <= b for a, b in within)]
    avoided = sum(1 for d in findings if d.rule_id in AVOIDED_RULES)
    info(f"kazkit: {name}: {what} has {avoided} deprecated or obsolete term(s) and "
         f"{len(findings) - avoided} non-preferred term(s)"
         + ("; run `kazkit terms check` on it" if findings else ""))
    return [finding_record(text, d) for d in findings]


def _stream_to_stdout(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def _report_spelling(text: str, name: str) -> None:
    """The model's output goes through kazkit's checker: say how many spelling findings it has."""
    from kazkit.grammar.checker import check_text
    from kazkit.output import info

    found = sum(1 for d in check_text(text) if d.rule_id == "KK_SPELLING")
    if found:
        info(f"kazkit: {name}: the model's text has {found} spelling finding(s); run `kazkit check` on it")


def _lost_terms(source: str, output: str, termbases: list, name: str) -> list[str]:
    """Approved terms of the input that the output no longer has (in any inflection)."""
    from kazkit.model.terminology import approved_spans
    from kazkit.output import info
    from kazkit.terms.consistency import kazakh_term_in

    terms = dict.fromkeys(span.term for span in approved_spans(source, termbases))
    lost = [term for term in terms if not kazakh_term_in(output, term)]
    if lost:
        info(f"kazkit: {name}: the paraphrase lost {len(lost)} approved term(s): {', '.join(lost)}")
    return lost


def _header(name: str, several: bool, fmt: OutputFormat) -> None:
    if several and fmt is OutputFormat.text:
        print(f"==> {name} <==")


def _model_run(task: str, backend, materials, fmt: OutputFormat, settings, termbases: list | None = None) -> None:
    """Summarise or paraphrase each material with the model; text output is streamed. With
    termbases, the model's text is checked for deprecated terms, and a paraphrase for the
    approved terms of the input that it lost."""
    from kazkit.output import write_json, write_jsonl

    results = []
    several = len(materials) > 1
    for material in materials:
        _header(material.name, several, fmt)
        streamed: list[str] = []

        def stream(piece: str, sink: list[str] = streamed) -> None:
            sink.append(piece)
            _stream_to_stdout(piece)

        run = backend.summarize if task == "summarize" else backend.paraphrase
        text = run(material.text, settings, stream if fmt is OutputFormat.text else None)
        if fmt is OutputFormat.text:
            if not "".join(streamed).strip():  # the reduction ended without a streamed last call
                sys.stdout.write(text)
            sys.stdout.write("\n")
        record = {"file": material.name, "model": backend.name, task: text}
        terms = _term_report(text, termbases, material.name, "the model's text")
        if terms is not None:
            record["terms"] = terms
            if task == "paraphrase":
                record["terms_missing"] = _lost_terms(material.text, text, termbases, material.name)
        results.append(record)
        if fmt is OutputFormat.jsonl:
            write_jsonl([record])
        _report_spelling(text, material.name)
    if fmt is OutputFormat.json:
        write_json(results if several else results[0])


@commands.command("summarize")
@handle_errors
def summarize_command(
    files: FilesArg = None,
    sentences: Annotated[int | None, typer.Option("--sentences", "-n", help="Sentences to keep (default 3).")] = None,
    ratio: Annotated[float | None, typer.Option("--ratio", "-r", help="Share of the sentences to keep, e.g. 0.2.")] = None,
    per_section: Annotated[bool, typer.Option("--per-section", help="Summarise each section (headings, "
                                              "paragraphs, subtitle pauses) on its own.")] = False,
    format: FormatOpt = OutputFormat.text,
    model: ModelOpt = None,
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    max_new_tokens: MaxTokensOpt = 256,
    batch_size: BatchOpt = 4,
    seed: SeedOpt = 0,
    termbase: TermbaseOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Summarise Kazakh text: the key sentences of the input, in their order (or a model's summary).

    Without --model, an extractive summary: TextRank over the lemmas of each sentence with a
    prior for leading sentences; only sentences of the input are printed, one per line.
    """
    from kazkit.model.summarize import summarize_material, summary_size

    summary_size(1, sentences, ratio)  # reject bad --sentences/--ratio before reading anything
    termbases = _termbases(termbase)
    backend = _backend(model, device, dtype)
    materials = list(_materials(files, encoding))
    if backend is not None:
        from kazkit.model.backends import GenerationSettings

        settings = GenerationSettings(max_new_tokens=max_new_tokens, seed=seed, batch_size=batch_size)
        _model_run("summarize", backend, materials, format, settings, termbases)
        return
    results = [(m, summarize_material(m, sentences=sentences, ratio=ratio, per_section=per_section))
               for m in materials]
    terms = [_term_report(m.text, termbases, m.name, "the summary",
                          within=[(x.start, x.end) for s in sums for x in s.sentences]) for m, sums in results]
    _print_summaries(results, format, per_section, terms)


def _print_summaries(results, fmt: OutputFormat, per_section: bool, terms: list | None = None) -> None:
    from kazkit.output import write_json, write_jsonl

    if fmt is OutputFormat.json:
        records = [{"file": m.name, "sentences": sum(s.total for s in sums),
                    "sections": [{"title": s.title, "sentences": s.total,
                                  "summary": [x.to_dict() for x in s.sentences]} for s in sums]}
                   for m, sums in results]
        for record, found in zip(records, terms or [None] * len(records), strict=True):
            if found is not None:
                record["terms"] = found  # offsets into the input, as the sentences' own
        write_json(records if len(records) > 1 else records[0])
        return
    several = len(results) > 1
    for material, summaries in results:
        if fmt is OutputFormat.jsonl:
            write_jsonl({"file": material.name, "section": number, "title": summary.title, **sentence.to_dict()}
                        for number, summary in enumerate(summaries) for sentence in summary.sentences)
            continue
        _header(material.name, several, fmt)
        for number, summary in enumerate(summaries):
            if per_section:
                if number:
                    print()
                if summary.title:
                    print(f"## {summary.title}")
            for sentence in summary.sentences:
                print(sentence.text)
        if several:
            print()


@commands.command("paraphrase")
@handle_errors
def paraphrase_command(
    files: FilesArg = None,
    variants: Annotated[int, typer.Option("--variants", "-n", help="How many different paraphrases.")] = 1,
    seed: SeedOpt = 0,
    format: FormatOpt = OutputFormat.text,
    model: ModelOpt = None,
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    max_new_tokens: MaxTokensOpt = 512,
    temperature: TemperatureOpt = 0.0,
    termbase: TermbaseOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Paraphrase Kazakh text: synonyms in the right inflection and safe sentence rewrites.

    Without --model, rule-based: every word that changes passes kazkit's spelling check, and
    everything else (spacing, numbers, names, other languages) is kept as written.
    """
    from kazkit.output import info, write_json, write_jsonl

    if variants < 1:
        raise UsageError("--variants must be 1 or more")
    termbases = _termbases(termbase)
    backend = _backend(model, device, dtype)
    materials = list(_materials(files, encoding))
    if backend is not None:
        from kazkit.model.backends import GenerationSettings

        if variants > 1:
            raise UsageError("--variants works with the built-in paraphraser; with --model, run it with "
                             "different --seed and a --temperature above 0")
        settings = GenerationSettings(max_new_tokens=max_new_tokens, seed=seed, temperature=temperature)
        _model_run("paraphrase", backend, materials, format, settings, termbases)
        return
    from kazkit.model.paraphrase import paraphrase

    records = []
    several = len(materials) > 1
    for material in materials:
        results = paraphrase(material.text, variants=variants, seed=seed, **_term_guards(material.text, termbases))
        info(f"{material.name}: {results[0].changed_sentences} of {results[0].sentences} Kazakh sentence(s) "
             f"changed; {len(results)} variant(s)")
        for result in results:
            record = {"file": material.name, **result.to_dict()}
            terms = _term_report(result.text, termbases, material.name, f"variant {result.variant}")
            if terms is not None:
                record["terms"] = terms
            if format is OutputFormat.jsonl:
                write_jsonl([record])
            elif format is OutputFormat.json:
                records.append(record)
            else:
                _header(material.name, several and result.variant == 1, format)
                if variants > 1:
                    print(f"## variant {result.variant}")
                sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")
    if format is OutputFormat.json:
        write_json(records)


def _term_guards(text: str, termbases: list | None) -> dict:
    """The paraphraser's guards for a termbase: approved terms protected, deprecated ones avoided."""
    if termbases is None:
        return {}
    from kazkit.model.terminology import approved_spans, is_avoided_word

    return {"protect": [(span.start, span.end) for span in approved_spans(text, termbases)],
            "avoid": lambda word: is_avoided_word(word, termbases)}


@app.command("info")
@handle_errors
def info_command(
    path: Annotated[str, typer.Argument(help="A model folder (or a cached hub name).", show_default=False)],
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Architecture, parameters, context length and licence of a model; warns on non-commercial licences."""
    from kazkit.model.info import model_info
    from kazkit.output import info, write_json, write_jsonl

    details = model_info(path)
    if details.licence_warning:
        info(f"kazkit: warning: {details.licence_warning}")
    if format is OutputFormat.json:
        write_json(details.to_dict())
    elif format is OutputFormat.jsonl:
        write_jsonl([details.to_dict()])
    else:
        for key, value in details.to_dict().items():
            if key != "licence_warning":
                print(f"{key}\t{'' if value is None else value}")


@app.command("tokenizer-train")
@handle_errors
def tokenizer_train_command(
    files: Annotated[list[str], typer.Argument(help="Kazakh text files to learn from.", show_default=False)],
    vocab: Annotated[int, typer.Option("--vocab", help="Vocabulary size.")] = 8000,
    output: Annotated[str, typer.Option("--output", "-o", help="Folder for the trained tokenizer.")] = "kazkit-tokenizer",
    kind: Annotated[str, typer.Option("--kind", help="bpe, unigram or wordpiece (tokenizers); "
                                      "sp-unigram or sp-bpe (sentencepiece).")] = "bpe",
    evaluate: Annotated[list[str] | None, typer.Option("--eval", help="Text to measure tokens per word on "
                                                       "(default: the training files).")] = None,
    compare: Annotated[list[str] | None, typer.Option("--compare", help="Other tokenizers (folders or "
                                                      "tokenizer.json) to measure on the same text.")] = None,
    format: FormatOpt = OutputFormat.text,
    encoding: EncodingOpt = None,
) -> None:
    """Train a tokenizer on Kazakh text and report tokens per word (lower is better for Kazakh)."""
    from kazkit.model.tokenizer_train import compare_tokenizers, train_tokenizer
    from kazkit.output import info, write_json, write_jsonl

    saved = train_tokenizer(files, vocab_size=vocab, output=output, kind=kind, encoding=encoding)
    info(f"kazkit: tokenizer saved to {saved}")
    rows = compare_tokenizers([str(saved), *(compare or [])], evaluate or files, encoding=encoding)
    if format is OutputFormat.json:
        write_json(rows)
    elif format is OutputFormat.jsonl:
        write_jsonl(rows)
    else:
        print("tokenizer\tvocab\twords\ttokens\ttokens_per_word")
        for row in rows:
            print(f"{row['tokenizer']}\t{row['vocab']}\t{row['words']}\t{row['tokens']}\t{row['tokens_per_word']:.3f}")
