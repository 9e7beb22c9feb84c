"""Benchmark of ``kazkit corpus``: build speed and query times on >= 10 M tokens.

The corpus is ../shared/data/corpus/*/docs.jsonl (273k words of Wikipedia, news, proverbs,
TV news and literature) repeated until it holds at least 10 M tokens. It is built once into
/tmp/kazkit-bench-corpus (``--rebuild`` to build again) with all cores and analysis included.

Query times are measured inside the process (warm: one run first, then the median of five), as
Corpus Workbench reports its own times. The issue quotes CQP on 5 M tokens: a single word about
10 ms, a two-word phrase about 30 ms, an adjective-noun bigram over tags about 90 ms, a frequency
list of all words about 0.35 s. The whole-command time of ``kazkit corpus search --count`` is
printed beside ``rg -c`` on the same raw text (ripgrep counts matching lines; it knows no lemma).

    python bench/corpus.py [--tokens 10000000] [--rebuild] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data" / "corpus"
WORK = Path("/tmp/kazkit-bench-corpus")


def make_raw(target_tokens: int) -> tuple[Path, Path, int]:
    """raw.jsonl (documents repeated) and raw.txt (the same texts) with at least target_tokens."""
    from kazkit.text.pipeline import iter_sentences

    sources = sorted(SHARED.glob("*/docs.jsonl"))
    records = [json.loads(line) for path in sources for line in path.open(encoding="utf-8") if line.strip()]
    per_copy = sum(len(tokens) for r in records for _, tokens in iter_sentences(r["text"]))
    copies = -(-target_tokens // per_copy)
    WORK.mkdir(parents=True, exist_ok=True)
    jsonl, txt = WORK / "raw.jsonl", WORK / "raw.txt"
    with jsonl.open("w", encoding="utf-8") as out_jsonl, txt.open("w", encoding="utf-8") as out_txt:
        for copy in range(copies):
            for record in records:
                out_jsonl.write(json.dumps({**record, "id": f"{record['id']}#{copy}", "copy": copy},
                                           ensure_ascii=False) + "\n")
                out_txt.write(record["text"] + "\n\n")
    return jsonl, txt, per_copy * copies


def timed(function, runs: int = 5) -> tuple[float, object]:
    result = function()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=10_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not found (the benchmark reads the shared corpora)")
        return
    from kazkit.corpus.concordance import count_hits, search
    from kazkit.corpus.stats import frequency
    from kazkit.corpus.store import build_corpus, default_jobs, open_corpus

    corpus_path = WORK / "bench.kzc"
    raw_txt = WORK / "raw.txt"
    if args.rebuild or not corpus_path.exists():
        jsonl, raw_txt, expected = make_raw(args.tokens)
        jobs = args.jobs or default_jobs()
        print(f"building {corpus_path} from {jsonl} (~{expected:,} tokens) with {jobs} processes ...", flush=True)
        report = build_corpus(corpus_path, [str(jsonl)], force=True, jobs=jobs, allow_duplicates=True)
        print(f"build: {report.documents:,} documents, {report.tokens:,} tokens in {report.seconds:.1f} s "
              f"= {report.tokens_per_second:,.0f} tokens/s (target >= 50,000 tokens/s, analysis included)")
    else:
        print(f"using the corpus built before: {corpus_path} (--rebuild to build and time it again)")

    queries = [
        ("word (simple syntax)", "кітап", "< 50 ms; CQP 5M: ~10 ms"),
        ("lemma (simple syntax)", "lemma:оқы", "< 50 ms"),
        ("word (CQL)", '[word="мектеп"]', "< 50 ms"),
        ("two-word phrase", '"білім беру"', "CQP 5M: ~30 ms"),
        ("ADJ NOUN bigram over tags", '[upos="ADJ"] [upos="NOUN"]', "CQP 5M: ~90 ms"),
        ("3-token CQL", '[upos="ADJ"] [lemma="жол"] [upos="VERB"]', "< 300 ms"),
        ("3-token CQL with a gap", '[lemma="оқы" & upos="VERB"] []{0,2} [word="кітап.*"]', "< 300 ms"),
    ]
    with open_corpus(corpus_path) as corpus:
        tokens = corpus.execute("SELECT count(*) FROM tokens").fetchone()[0]
        print(f"corpus: {tokens:,} tokens, {corpus_path.stat().st_size / 1e6:.0f} MB on disk")
        print(f"{'query':<28} {'hits':>9} {'count':>9} {'KWIC page':>10}  target")
        for label, query, target in queries:
            count_time, hits = timed(lambda q=query: count_hits(corpus, q))
            page_time, _ = timed(lambda q=query: search(corpus, q, limit=50, context=5))
            print(f"{label:<28} {hits:>9,} {count_time * 1000:>7.1f}ms {page_time * 1000:>8.1f}ms  {target}")
        freq_time, result = timed(lambda: frequency(corpus, "lower", limit=None), runs=3)
        print(f"{'full frequency list (lower)':<28} {len(result.rows):>9,} {freq_time * 1000:>7.1f}ms"
              f" {'':>10}  < 1 s; CQP 5M: ~0.35 s")
        lemma_time, result = timed(lambda: frequency(corpus, "lemma", limit=None), runs=3)
        print(f"{'full frequency list (lemma)':<28} {len(result.rows):>9,} {lemma_time * 1000:>7.1f}ms")

    command = [sys.executable, "-c", "import sys; from kazkit.corpus.cli import app; sys.argv[0] = 'kazkit corpus'; app()",
               "search", str(corpus_path), "кітап", "--count"]
    started = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    kazkit_seconds = time.perf_counter() - started
    print(f"whole command: kazkit corpus search bench.kzc кітап --count -> {output.stdout.strip()} hits "
          f"in {kazkit_seconds:.2f} s")
    rg = shutil.which("rg")
    if rg is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "ripgrep"], capture_output=True)
        rg = shutil.which("rg")
    if rg and raw_txt.exists():
        started = time.perf_counter()
        output = subprocess.run([rg, "-c", "-i", "кітап", str(raw_txt)], capture_output=True, text=True)
        rg_seconds = time.perf_counter() - started
        print(f"whole command: rg -c -i кітап raw.txt ({raw_txt.stat().st_size / 1e6:.0f} MB) -> "
              f"{output.stdout.strip()} lines in {rg_seconds:.2f} s (substring, any form: not the same question)")
    else:
        print("rg not available: no ripgrep comparison")


if __name__ == "__main__":
    main()
