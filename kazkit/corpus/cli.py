"""``kazkit corpus``: build a lemmatised corpus and query it (KWIC, frequency, collocations ...).

Imported at every ``kazkit`` start: only typer here; DuckDB and the library load inside commands.
"""

from __future__ import annotations

import contextlib
import csv
import sys
from collections.abc import Iterator
from enum import Enum
from typing import Annotated

import typer

from kazkit.errors import UsageError
from kazkit.output import handle_errors

app = typer.Typer(help="Build and query a lemmatised Kazakh corpus: concordances (simple syntax or CQL), "
                       "frequencies, collocations, n-grams, keywords, subcorpora, export.",
                  no_args_is_help=True, rich_markup_mode=None)


class TableFormat(str, Enum):
    text = "text"
    tsv = "tsv"
    csv = "csv"
    jsonl = "jsonl"


class InfoFormat(str, Enum):
    text = "text"
    json = "json"


class Syntax(str, Enum):
    auto = "auto"
    simple = "simple"
    cql = "cql"


class Sort(str, Enum):
    position = "position"
    hit = "hit"
    left = "left"
    right = "right"


class Measure(str, Enum):
    logdice = "logdice"
    mi = "mi"
    t = "t"
    ll = "ll"
    freq = "freq"


class ExportFormat(str, Enum):
    vertical = "vertical"
    conllu = "conllu"
    jsonl = "jsonl"
    parquet = "parquet"
    datasets = "datasets"


class Unit(str, Enum):
    doc = "doc"
    sentence = "sentence"


CorpusArg = Annotated[str, typer.Argument(help="The corpus file (e.g. news.kzc).", show_default=False)]
QueryArg = Annotated[str, typer.Argument(help='Query: кітап, lemma:оқы, білім*, /regex/, "a phrase", or CQL '
                                              'such as [lemma="оқы"] []{0,2} [upos="NOUN"].', show_default=False)]
InputsArg = Annotated[list[str], typer.Argument(help="Files, folders or globs: .txt .md .srt .vtt .jsonl .parquet, "
                                                     "or a saved datasets folder.", show_default=False)]
WhereOpt = Annotated[list[str] | None, typer.Option(
    "--where", "-w", help='Subcorpus by metadata: genre=news, "date>=2020", title~Абай (repeatable: all must hold).')]
SubcorpusOpt = Annotated[str | None, typer.Option("--subcorpus", "-s", help="A saved subcorpus (see `corpus subcorpus`).")]
TextFieldOpt = Annotated[str, typer.Option("--text-field", help="The text field of JSONL/Parquet/datasets records.")]
MetaOpt = Annotated[list[str] | None, typer.Option("--meta", "-m", help="Metadata for every document: KEY=VALUE (repeatable).")]
MetaCsvOpt = Annotated[str | None, typer.Option("--meta-csv", help="Sidecar CSV of metadata: a 'file' (or id) column + fields.")]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", "-e", help="Input encoding (default: detect).")]
DisambiguateOpt = Annotated[bool, typer.Option("--disambiguate/--no-disambiguate",
                                               help="Choose each word's reading in its sentence context (slower).")]
FoldOpt = Annotated[bool, typer.Option("--fold", "-k", help="Match Kazakh letters and their Russian-keyboard "
                                                            "fallbacks alike (қ=к, ә=а, ғ=г, ң=н, ө=о, ұ/ү=у, һ=х, і=и).")]
SyntaxOpt = Annotated[Syntax, typer.Option("--syntax", help="Query syntax (auto: CQL when the query has [ ]).")]
ByOpt = Annotated[str, typer.Option("--by", "-b", help="Count by word, lower, lemma, upos or feats (or a list: lemma,upos).")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="Rows to show (0: all).")]


# --- helpers -------------------------------------------------------------------------------------


def _wheres(corpus, where: list[str] | None, subcorpus: str | None):
    from kazkit.corpus.filters import parse_wheres

    conditions = corpus.subcorpus_wheres(subcorpus) if subcorpus else []
    return conditions + parse_wheres(where)


@contextlib.contextmanager
def _progress(label: str) -> Iterator:
    """A live counter on stderr (only on a terminal and without --quiet); yields the callback."""
    from kazkit.output import is_quiet

    if is_quiet() or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kazkit.output import stderr_console

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=stderr_console(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(docs: int, tokens: int) -> None:
            bar.update(task, description=f"{label}: {docs:,} documents, {tokens:,} tokens")

        yield update


def _build_summary(action: str, path: str, report) -> str:
    parts = [f"{action} {path}: {report.documents:,} documents, {report.tokens:,} tokens, "
             f"{report.sentences:,} sentences in {report.seconds:.1f} s ({report.tokens_per_second:,.0f} tokens/s)"]
    if report.duplicates:
        parts.append(f"{report.duplicates:,} duplicate documents skipped")
    if report.resumed:
        parts.append(f"resumed after {report.resumed:,} documents of an interrupted build")
    return "; ".join(parts)


def _write_table(rows: list[dict], columns: list[str], fmt: TableFormat) -> None:
    """Rows as aligned text, TSV, CSV or JSONL (data only, on stdout)."""
    from kazkit.output import write_jsonl

    if fmt is TableFormat.jsonl:
        write_jsonl(rows)
        return
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if fmt is TableFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return
    if fmt is TableFormat.tsv:
        sys.stdout.write("\t".join(columns) + "\n")
        for line in cells:
            sys.stdout.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in line) + "\n")
        return
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    numeric = [all(_is_number(row.get(c)) for row in rows) and bool(rows) for c in columns]
    for line in [columns, *cells]:
        sys.stdout.write("  ".join(v.rjust(w) if num else v.ljust(w)
                                   for v, w, num in zip(line, widths, numeric, strict=False)).rstrip() + "\n")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- building --------------------------------------------------------------------------------


@app.command()
@handle_errors
def build(
    corpus: CorpusArg,
    inputs: InputsArg,
    text_field: TextFieldOpt = "text",
    meta: MetaOpt = None,
    meta_csv: MetaCsvOpt = None,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    disambiguate: DisambiguateOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing corpus (atomically, at the end).")] = False,
    allow_duplicates: Annotated[bool, typer.Option("--allow-duplicates", help="Store repeated texts again "
                                                   "(deliberately repeated material, benchmarks).")] = False,
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help="Report format (json: on stdout).")] = InfoFormat.text,
) -> None:
    """Build a corpus: tokenise, lemmatise and tag every document and store it in CORPUS.

    An interrupted build leaves any old CORPUS as it was; rerun the same command to resume.
    The same text is stored once (content hash), whatever its file name.
    """
    from kazkit.corpus.ingest import parse_meta_options, read_sidecar
    from kazkit.corpus.store import build_corpus
    from kazkit.output import info, write_json

    with _progress("building") as progress:
        report = build_corpus(corpus, inputs, text_field=text_field, meta=parse_meta_options(meta or []),
                              sidecar=read_sidecar(meta_csv) if meta_csv else None, encoding=encoding,
                              jobs=jobs, force=force, disambiguate=disambiguate,
                              allow_duplicates=allow_duplicates, progress=progress)
    if format is InfoFormat.json:
        write_json({**report.__dict__, "tokens_per_second": round(report.tokens_per_second)})
    else:
        info(_build_summary("built", corpus, report))


@app.command()
@handle_errors
def add(
    corpus: CorpusArg,
    inputs: InputsArg,
    text_field: TextFieldOpt = "text",
    meta: MetaOpt = None,
    meta_csv: MetaCsvOpt = None,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    disambiguate: DisambiguateOpt = False,
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help="Report format (json: on stdout).")] = InfoFormat.text,
) -> None:
    """Add documents to a corpus in one transaction (texts already in it are skipped).

    Readers keep querying the old corpus until the new one replaces it.
    """
    from kazkit.corpus.ingest import parse_meta_options, read_sidecar
    from kazkit.corpus.store import add_documents
    from kazkit.output import info, write_json

    with _progress("adding") as progress:
        report = add_documents(corpus, inputs, text_field=text_field, meta=parse_meta_options(meta or []),
                               sidecar=read_sidecar(meta_csv) if meta_csv else None, encoding=encoding,
                               jobs=jobs, disambiguate=disambiguate, progress=progress)
    if format is InfoFormat.json:
        write_json({**report.__dict__, "tokens_per_second": round(report.tokens_per_second)})
    else:
        info(_build_summary("added to", corpus, report))


@app.command()
@handle_errors
def remove(
    corpus: CorpusArg,
    names: Annotated[list[str] | None, typer.Argument(help="Document names (file paths or ids).", show_default=False)] = None,
    where: WhereOpt = None,
) -> None:
    """Remove documents by name or by metadata (--where), in one transaction."""
    from kazkit.corpus.filters import parse_wheres
    from kazkit.corpus.store import remove_documents
    from kazkit.output import info

    count = remove_documents(corpus, names or [], parse_wheres(where))
    info(f"removed {count} document(s) from {corpus}")


@app.command()
@handle_errors
def subcorpus(
    corpus: CorpusArg,
    name: Annotated[str | None, typer.Argument(help="Name of the subcorpus to save or delete.", show_default=False)] = None,
    where: WhereOpt = None,
    delete: Annotated[bool, typer.Option("--delete", help="Delete the named subcorpus.")] = False,
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help="Output format of the list.")] = InfoFormat.text,
) -> None:
    """Save a named subcorpus (--where conditions), delete one, or list them (no NAME)."""
    from kazkit.corpus.store import delete_subcorpus, list_subcorpora, open_corpus, save_subcorpus
    from kazkit.output import info, write_json

    if name and delete:
        delete_subcorpus(corpus, name)
        info(f"deleted subcorpus {name!r}")
        return
    if name:
        count = save_subcorpus(corpus, name, where or [])
        info(f"saved subcorpus {name!r}: {count} document(s) now")
        return
    if where or delete:
        raise UsageError("name the subcorpus: kazkit corpus subcorpus CORPUS NAME --where genre=news")
    with open_corpus(corpus) as opened:
        saved = list_subcorpora(opened)
    if format is InfoFormat.json:
        write_json(saved)
        return
    for entry in saved:
        print(f"{entry['name']}\t{entry['documents']} docs\t{entry['tokens']} tokens\t{' & '.join(entry['where'])}")


# --- querying --------------------------------------------------------------------------------


@app.command()
@handle_errors
def search(
    corpus: CorpusArg,
    query: QueryArg,
    syntax: SyntaxOpt = Syntax.auto,
    fold: FoldOpt = False,
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
    context: Annotated[int, typer.Option("--context", "-c", help="Words of context on each side.")] = 5,
    sort: Annotated[Sort, typer.Option("--sort", help="Order: position, or the hit / left / right word.")] = Sort.position,
    sample: Annotated[int | None, typer.Option("--sample", help="A random sample of N hits (see --seed).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of --sample.")] = 0,
    limit: LimitOpt = 50,
    offset: Annotated[int, typer.Option("--offset", help="Skip the first N hits (paging).")] = 0,
    count: Annotated[bool, typer.Option("--count", help="Print only the number of hits.")] = False,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.text,
) -> None:
    """Concordance (KWIC): every match of QUERY with its context and document.

    Simple syntax: кітап, lemma:оқы, upos:NOUN, білім*, /кітап(тар)?/, "білім беру".
    CQL: [lemma="оқы" & upos="VERB"] []{0,2} [word="кітап.*"] within s.
    """
    from kazkit.corpus.concordance import count_hits
    from kazkit.corpus.concordance import search as run_search
    from kazkit.corpus.store import open_corpus

    with open_corpus(corpus) as opened:
        conditions = _wheres(opened, where, subcorpus)
        if count:
            print(count_hits(opened, query, syntax=syntax.value, fold=fold, wheres=conditions))
            return
        hits = run_search(opened, query, syntax=syntax.value, fold=fold, wheres=conditions, context=context,
                          sort=sort.value, sample=sample, seed=seed, limit=limit or None, offset=offset,
                          with_sentence=format is TableFormat.jsonl)
        keys = opened.meta_keys() if format in (TableFormat.tsv, TableFormat.csv) else []
    if not hits and format is TableFormat.text:
        from kazkit.output import info as message

        message("no hits")
    _write_hits(hits, format, keys)


def _write_hits(hits, fmt: TableFormat, meta_keys: list[str]) -> None:
    from kazkit.output import use_color, write_jsonl

    if fmt is TableFormat.jsonl:
        write_jsonl(h.to_dict() for h in hits)
        return
    if fmt in (TableFormat.tsv, TableFormat.csv):
        columns = ["doc", "sentence", "position", "left", "hit", "right", "lemma", "upos", "feats"]
        rows = []
        for h in hits:
            rows.append({"doc": h.doc, "sentence": h.sentence, "position": h.start, "left": h.left_text,
                         "hit": h.hit_text, "right": h.right_text,
                         "lemma": " ".join(w.lemma for w in h.match), "upos": " ".join(w.upos for w in h.match),
                         "feats": " ".join(w.feats for w in h.match),
                         **{f"meta.{k}": h.meta.get(k, "") for k in meta_keys}})
        _write_table(rows, columns + [f"meta.{k}" for k in meta_keys], fmt)
        return
    color = use_color(sys.stdout)
    refs = [f"{h.doc}:{h.sentence}" for h in hits]
    ref_width = min(max((len(r) for r in refs), default=0), 32)
    left_width = min(max((len(h.left_text) for h in hits), default=0), 60)
    for ref, h in zip(refs, hits, strict=False):
        left = h.left_text[-left_width:] if len(h.left_text) > left_width else h.left_text
        hit = f"\x1b[1;31m{h.hit_text}\x1b[0m" if color else f"[{h.hit_text}]"
        ref = ref if len(ref) <= ref_width else "…" + ref[-(ref_width - 1):]
        # keep the text's own spacing around the hit: "білім." not "білім ."
        before = " " if not h.left or h.left[-1].space else ""
        after = " " if h.match and h.match[-1].space else ""
        sys.stdout.write(f"{ref.ljust(ref_width)}  {left.rjust(left_width)}{before}{hit}{after}{h.right_text}\n")


@app.command()
@handle_errors
def info(
    corpus: CorpusArg,
    by: Annotated[str | None, typer.Option("--by", "-b", help="Sizes per value of this metadata key (e.g. genre).")] = None,
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help="Output format.")] = InfoFormat.text,
) -> None:
    """Sizes: documents, sentences, tokens, words, types and lemmas (per subcorpus with --by)."""
    from kazkit.corpus.store import corpus_info, open_corpus
    from kazkit.output import write_json

    with open_corpus(corpus) as opened:
        data = corpus_info(opened, by=by, wheres=_wheres(opened, where, subcorpus))
    if format is InfoFormat.json:
        write_json(data)
        return
    total = data["total"]
    print(f"corpus     {data['corpus']} ({data['format']}, built by kazkit {data['kazkit_version']}, "
          f"{data['bytes'] / 1e6:.1f} MB)")
    for key in ("documents", "sentences", "tokens", "words", "types", "lemmas"):
        print(f"{key:<10} {total[key]:,}")
    languages = ", ".join(f"{k} {v:,}" for k, v in data["sentence_languages"].items())
    print(f"languages  {languages} (sentences)")
    print(f"metadata   {', '.join(data['meta_keys']) or '-'}")
    if data["subcorpora"]:
        print(f"subcorpora {', '.join(data['subcorpora'])}")
    if by:
        print()
        _write_table([{by: p["part"], **{k: p[k] for k in total}} for p in data["parts"]],
                     [by, *total.keys()], TableFormat.text)


@app.command()
@handle_errors
def freq(
    corpus: CorpusArg,
    by: ByOpt = "lower",
    columns: Annotated[str | None, typer.Option("--columns", help="One count column per value of this metadata key (e.g. genre).")] = None,
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Leave out rarer items.")] = 1,
    limit: LimitOpt = 100,
    punct: Annotated[bool, typer.Option("--punct", help="Count punctuation and symbols too.")] = False,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.text,
) -> None:
    """Frequency list by word form, lemma, UPOS or features, with per-million (ipm) figures."""
    from kazkit.corpus.stats import frequency
    from kazkit.corpus.store import open_corpus

    with open_corpus(corpus) as opened:
        result = frequency(opened, by, wheres=_wheres(opened, where, subcorpus), columns=columns,
                           min_freq=min_freq, limit=limit or None, punct=punct)
    rows = []
    for row in result.rows:
        flat = {k: v for k, v in row.items() if k not in ("columns", "key")}
        for part, count in row.get("columns", {}).items():
            flat[f"{columns}={part}"] = count
        rows.append(flat)
    _write_table(rows, [*result.by, "freq", "ipm", *(f"{columns}={p}" for p in result.parts)], format)


@app.command()
@handle_errors
def colloc(
    corpus: CorpusArg,
    query: QueryArg,
    by: ByOpt = "lemma",
    left: Annotated[int, typer.Option("--left", "-l", help="Words to the left of the node.")] = 5,
    right: Annotated[int, typer.Option("--right", "-r", help="Words to the right of the node.")] = 5,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Minimum co-occurrences.")] = 3,
    sort: Annotated[Measure, typer.Option("--sort", help="Rank by logdice, mi, t, ll or freq.")] = Measure.logdice,
    syntax: SyntaxOpt = Syntax.auto,
    fold: FoldOpt = False,
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
    limit: LimitOpt = 50,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.text,
) -> None:
    """Collocations of QUERY in a window: frequency, MI, t-score, logDice and log-likelihood."""
    from kazkit.corpus.stats import collocations
    from kazkit.corpus.store import open_corpus
    from kazkit.output import info as message

    with open_corpus(corpus) as opened:
        result = collocations(opened, query, by=by, left=left, right=right, syntax=syntax.value, fold=fold,
                              wheres=_wheres(opened, where, subcorpus), min_freq=min_freq, sort=sort.value,
                              limit=limit or None)
    if format is TableFormat.text:
        message(f"node: {result['node_freq']:,} hits; corpus: {result['corpus_words']:,} words; "
                f"window -{left}..+{right}")
    rows = [{k: v for k, v in r.items() if k != "key"} for r in result["rows"]]
    _write_table(rows, [*result["by"], "freq", "coll_freq", "logdice", "mi", "t", "ll"], format)


@app.command()
@handle_errors
def ngrams(
    corpus: CorpusArg,
    n: Annotated[int, typer.Option("--size", "-N", help="Tokens per n-gram (1-6).")] = 2,
    by: ByOpt = "lower",
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Leave out rarer n-grams.")] = 2,
    limit: LimitOpt = 100,
    punct: Annotated[bool, typer.Option("--punct", help="Allow punctuation inside n-grams.")] = False,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.text,
) -> None:
    """The most frequent n-grams inside sentences (of forms, lemmas, tags or a mix: --by lemma,upos)."""
    from kazkit.corpus.stats import ngrams as count_ngrams
    from kazkit.corpus.store import open_corpus

    with open_corpus(corpus) as opened:
        rows = count_ngrams(opened, n, by=by, wheres=_wheres(opened, where, subcorpus), min_freq=min_freq,
                            limit=limit or None, punct=punct)
    _write_table(rows, ["ngram", "freq"], format)


@app.command()
@handle_errors
def keywords(
    corpus: CorpusArg,
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
    reference: Annotated[str | None, typer.Option("--reference", help="Compare with this corpus instead of the rest.")] = None,
    by: ByOpt = "lemma",
    min_freq: Annotated[int, typer.Option("--min-freq", help="Minimum frequency in the focus corpus.")] = 3,
    limit: LimitOpt = 50,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.text,
) -> None:
    """Keywords of a subcorpus against the rest of the corpus (or of CORPUS against --reference)."""
    from kazkit.corpus.stats import keywords as find_keywords
    from kazkit.corpus.store import open_corpus

    with open_corpus(corpus) as opened:
        conditions = _wheres(opened, where, subcorpus)
        if reference:
            with open_corpus(reference) as other:
                result = find_keywords(opened, conditions, reference=other, by=by, min_freq=min_freq,
                                       limit=limit or None)
        else:
            result = find_keywords(opened, conditions, by=by, min_freq=min_freq, limit=limit or None)
    _write_table(result["rows"], ["key", "freq", "ref_freq", "ipm", "ref_ipm", "ll", "simple_maths"], format)


@app.command()
@handle_errors
def export(
    corpus: CorpusArg,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="vertical (CWB), conllu, jsonl, "
                                                 "parquet (a folder), datasets (a folder).")] = ExportFormat.vertical,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default stdout) or folder.")] = None,
    unit: Annotated[Unit, typer.Option("--unit", help="jsonl/datasets records: one per document or per sentence.")] = Unit.doc,
    where: WhereOpt = None,
    subcorpus: SubcorpusOpt = None,
) -> None:
    """Export the corpus (or a subcorpus) as vertical text, CoNLL-U, JSONL, Parquet or a datasets folder."""
    from kazkit.corpus.export import DIR_FORMATS, export_corpus
    from kazkit.corpus.store import open_corpus
    from kazkit.text.io import atomic_write

    if format.value in DIR_FORMATS and not output:
        raise UsageError(f"--format {format.value} writes a folder: add --output DIR")
    if format is ExportFormat.datasets:
        try:
            import datasets  # noqa: F401
        except ImportError:
            from kazkit.errors import MissingExtraError

            raise MissingExtraError("export --format datasets needs the datasets library: "
                                    "pip install 'kazkit[model]'") from None
    with open_corpus(corpus) as opened:
        conditions = _wheres(opened, where, subcorpus)
        if format.value in DIR_FORMATS:
            export_corpus(opened, format.value, output, wheres=conditions, unit=unit.value)
        elif output and output != "-":
            import io

            buffer = io.StringIO()
            export_corpus(opened, format.value, buffer, wheres=conditions, unit=unit.value)
            atomic_write(output, buffer.getvalue())
        else:
            export_corpus(opened, format.value, sys.stdout, wheres=conditions, unit=unit.value)
