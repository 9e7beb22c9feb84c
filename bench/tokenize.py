"""Tokeniser throughput on one long single-line input, beside a plain `regex` word scan.

Run: python bench/tokenize.py [--mb 50]

The input is Kazakh Wikipedia text (../shared/data/corpus) joined into ONE line and repeated to the
requested size; the point is that a line of any length streams through in linear time and bounded
memory. The peer is `regex.finditer(r"\\w+")`, the least a tokeniser must do.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    docs = args.shared / "data" / "corpus" / "kazqad_wikipedia" / "docs.jsonl"
    if docs.exists():
        seed = " ".join(json.loads(line)["text"].replace("\n", " ") for line in docs.open(encoding="utf-8"))
    else:
        seed = (REPO / "data" / "samples" / "article.txt").read_text(encoding="utf-8").replace("\n", " ")
    target = int(args.mb * 1_000_000)
    text = (seed + " ") * (target // len(seed.encode("utf-8")) + 1)
    size_mb = len(text.encode("utf-8")) / 1e6

    from kazkit.text.sentences import split_sentences
    from kazkit.text.tokenize import tokenize

    start = time.perf_counter()
    count = sum(1 for _ in tokenize(text))
    ours = time.perf_counter() - start
    start = time.perf_counter()
    baseline_count = sum(1 for _ in regex.finditer(r"\w+", text))
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    sentences = sum(1 for _ in split_sentences(text))
    split = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"input: one line of {size_mb:.1f} MB")
    print(f"kazkit tokenize:      {count:>10,} tokens in {ours:6.2f} s = {count / ours:>9,.0f} tokens/s ({size_mb / ours:.1f} MB/s)")
    print(f"regex \\w+ baseline:   {baseline_count:>10,} words  in {baseline:6.2f} s = {baseline_count / baseline:>9,.0f} words/s")
    print(f"ratio kazkit/baseline time: {ours / baseline:.1f}x (the baseline knows no abbreviations, numbers, URLs...)")
    print(f"kazkit split_sentences: {sentences:,} sentences in {split:.2f} s ({size_mb / split:.1f} MB/s)")
    print(f"peak memory (max RSS, input string included): {rss:.0f} MB")


if __name__ == "__main__":
    main()
