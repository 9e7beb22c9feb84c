"""Extractive summary quality on real Kazakh Wikipedia text, beside lead-N and random-N baselines.

Run: python bench/summarize.py [--shared ../shared] [--sentences 3] [--limit 0]

Material: the KazQAD Wikipedia passages in shared/data/corpus/kazqad_wikipedia (CC BY-SA 4.0);
passages of one article are joined in paragraph order; documents with at least 6 Kazakh
sentences are kept. No reference summaries exist for Kazakh, so three proxies are printed:
- first sentence kept: share of documents whose summary includes the document's first sentence
  (the lead of an encyclopaedic text states its subject; lead-N keeps it by construction);
- title terms: share of the content lemmas of the article title found among the summary's lemmas;
- key terms: share of the document's 5 top TF-IDF lemmas (IDF over all documents) in the summary.
Also the speed of kazkit's summariser (ms per document).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kazkit.model.summarize import content_lemmas, summarize  # noqa: E402
from kazkit.text.pipeline import iter_sentences  # noqa: E402


def load_documents(shared: Path) -> list[tuple[str, str]]:
    path = shared / "data" / "corpus" / "kazqad_wikipedia" / "docs.jsonl"
    if not path.is_file():
        sys.exit(f"bench/summarize.py: {path} not found (give --shared)")
    articles: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        match = re.search(r"_(\d+)", doc["id"].split("#")[-1])
        articles[doc["title"]].append((int(match.group(1)) if match else 0, doc["text"]))
    return [(title, "\n\n".join(text for _, text in sorted(parts))) for title, parts in sorted(articles.items())]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    n = args.sentences
    docs = []
    for title, text in load_documents(args.shared):
        sentences = [(s, toks) for s, toks in iter_sentences(text) if s.lang == "kk"]
        if len(sentences) >= 6:
            docs.append((title, text, sentences))
    if args.limit:
        docs = docs[:args.limit]
    bags = [[lemma for _, toks in sents for lemma in content_lemmas(toks)] for _, _, sents in docs]
    df = Counter(term for bag in bags for term in set(bag))
    rng = random.Random(0)
    scores: dict[str, list[list[float]]] = {"kazkit": [], f"lead-{n}": [], f"random-{n}": []}
    elapsed = 0.0
    for (title, text, sents), bag in zip(docs, bags, strict=True):
        counts = Counter(bag)
        key = {t for t, _ in sorted(counts.items(), key=lambda kv: -(1 + math.log(kv[1])) * math.log(len(docs) / df[kv[0]]))[:5]}
        title_terms = {t for _, toks in iter_sentences(title) for t in content_lemmas(toks)}
        starts = [s.start for s, _ in sents]
        started = time.perf_counter()
        summary = summarize(text, sentences=n)[0].sentences
        elapsed += time.perf_counter() - started
        picks = {
            "kazkit": [starts.index(s.start) for s in summary if s.start in starts],
            f"lead-{n}": list(range(n)),
            f"random-{n}": sorted(rng.sample(range(len(sents)), n)),
        }
        for method, chosen in picks.items():
            lemmas = {t for i in chosen for t in content_lemmas(sents[i][1])}
            scores[method].append([
                1.0 if 0 in chosen else 0.0,
                len(title_terms & lemmas) / len(title_terms) if title_terms else math.nan,
                len(key & lemmas) / len(key) if key else math.nan,
            ])
    print(f"documents: {len(docs)} Kazakh Wikipedia articles/passages with >= 6 Kazakh sentences "
          f"(mean {sum(len(d[2]) for d in docs) / len(docs):.1f} sentences); summary length {n} sentences")
    print(f"{'method':<10} {'first sentence kept':>20} {'title terms':>12} {'key terms (top-5 TF-IDF)':>26}")
    for method, rows in scores.items():
        columns = list(zip(*rows, strict=True))
        means = [sum(v for v in c if not math.isnan(v)) / sum(1 for v in c if not math.isnan(v)) for c in columns]
        print(f"{method:<10} {means[0]:>20.1%} {means[1]:>12.1%} {means[2]:>26.1%}")
    print(f"kazkit summariser speed: {1000 * elapsed / len(docs):.1f} ms per document")


if __name__ == "__main__":
    main()
