"""Termbase speed: import of a synthetic 350,000-term TBX and lookup latency, beside a linear scan.

Claims (issue 6): a 350,000-term base imports in under 60 s; a lookup answers in under 20 ms in
the process. The synthetic base is built from real lexicon nouns, so inflected lookups go through
the real morphology: entries are "<noun>" or "<noun> <noun>" Kazakh terms plus made-up Russian and
English equivalents, a tenth with a deprecated Kazakh variant.

    python bench/terms.py [--terms 350000] [--queries 300]

The baseline is the plain way: a Python list of every normalised term scanned for each query.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kazkit.grammar.morphology import generate, get_analyzer  # noqa: E402
from kazkit.terms.lookup import lookup  # noqa: E402
from kazkit.terms.model import Entry, Term  # noqa: E402
from kazkit.terms.store import Termbase  # noqa: E402
from kazkit.terms.tbx import read_tbx, tbx_chunks  # noqa: E402

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшэюя"


def _nouns() -> list[str]:
    engine = get_analyzer().engine
    return sorted(lemma for lemma, entries in engine.by_lemma.items()
                  if lemma.isalpha() and lemma.islower() and len(lemma) > 3 and any(e.upos == "NOUN" for e in entries))


def synthetic_entries(n_terms: int, seed: int = 7) -> list[Entry]:
    """Entries with about ``n_terms`` terms in all (kk + ru + en, and deprecated kk variants)."""
    rng = random.Random(seed)
    nouns = _nouns()
    entries, seen, total = [], set(), 0
    while total < n_terms:
        kk = rng.choice(nouns) if rng.random() < 0.3 else f"{rng.choice(nouns)} {rng.choice(nouns)}"
        if kk in seen:
            continue
        seen.add(kk)
        number = len(entries)
        terms = [Term("kk", kk),
                 Term("ru", "".join(rng.choice(_CYRILLIC) for _ in range(rng.randint(5, 12))) + f" {number}"),
                 Term("en", "".join(rng.choice(_LATIN) for _ in range(rng.randint(5, 12))) + f" {number}")]
        if rng.random() < 0.1:
            terms.append(Term("kk", f"{rng.choice(nouns)} {rng.choice(nouns)}", "deprecated"))
        entries.append(Entry(terms, id=f"s{number}", subject=rng.choice(["IT", "education", "law", "medicine"])))
        total += len(terms)
    return entries


def _timed(func, queries):
    times = []
    for query in queries:
        start = time.perf_counter()
        func(query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=350_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kazkit-terms-bench-"))
    tbx, db = folder / "synthetic.tbx", folder / "synthetic.sqlite"

    entries = synthetic_entries(args.terms)
    n_terms = sum(len(e.terms) for e in entries)
    with open(tbx, "w", encoding="utf-8") as out:
        for chunk in tbx_chunks(entries):
            out.write(chunk)
    print(f"synthetic TBX: {len(entries):,} entries, {n_terms:,} terms, {tbx.stat().st_size / 1e6:.0f} MB ({tbx})")

    start = time.perf_counter()
    with Termbase(db, create=True) as store:
        store.add_entries(read_tbx(tbx), replace=True)
    took = time.perf_counter() - start
    print(f"import TBX -> SQLite: {took:.1f} s ({n_terms / took:,.0f} terms/s; target < 60 s)")

    store = Termbase(db)
    rng = random.Random(1)
    picks = rng.sample(entries, args.queries)
    kk_exact = [e.terms[0].text for e in picks]
    kk_inflected = []
    for e in picks:
        words = e.terms[0].text.split()
        forms = generate(words[-1], {"Case": "Loc", "Number": "Plur"}, "NOUN")
        kk_inflected.append(" ".join([*words[:-1], forms[0]]) if forms else e.terms[0].text)
    en_exact = [e.terms[2].text for e in picks]
    typos = [t[:2] + t[3:] if len(t) > 4 else t for t in kk_exact]

    # Warm the caches a long-running process has (SQLite pages, fuzzy table, morphology).
    lookup(kk_exact[0], [store], mode="fuzzy")
    cases = [
        ("kk exact", kk_exact, lambda q: lookup(q, [store], mode="exact")),
        ("kk inflected (Loc.Plur)", kk_inflected, lambda q: lookup(q, [store], mode="exact")),
        ("en -> kk (--from en)", en_exact, lambda q: lookup(q, [store], source_lang="en", mode="exact")),
        ("prefix", [q[:4] for q in kk_exact], lambda q: lookup(q, [store], mode="prefix", limit=10)),
        ("fuzzy (one letter dropped)", typos, lambda q: lookup(q, [store], source_lang="kk", mode="fuzzy", limit=5)),
    ]
    norms = [row[0] for row in store.db.execute("SELECT norm FROM terms")]
    baseline = _timed(lambda q: [i for i, n in enumerate(norms) if n == q], kk_exact[:50])
    print(f"\nlookup over {n_terms:,} terms, {args.queries} queries each (median / p95 ms):")
    for name, queries, func in cases:
        median, p95 = _timed(func, queries)
        print(f"  {name:<28} {median:7.2f} / {p95:7.2f}")
    print(f"  {'baseline: linear scan, exact':<28} {baseline[0]:7.2f} / {baseline[1]:7.2f}  "
          "(a Python list of all normalised terms)")
    found = sum(1 for q in kk_inflected if lookup(q, [store], mode="exact"))
    print(f"\ninflected queries that found their entry: {found}/{len(kk_inflected)}")


if __name__ == "__main__":
    main()
