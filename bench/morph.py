"""Morphology: accuracy on the UD Kazakh-KTB dev split, coverage on running text, and speed,
each beside hunspell kk_KZ measured on the same tokens in the same run.

Run: python bench/morph.py [--shared ../shared] [--no-hunspell] [--limit-docs N]

Figures printed:
- UD dev (Cyrillic word tokens): coverage, gold lemma among analyses, top-1 lemma and UPOS both
  context-free and in context (each dev sentence run through kazkit.grammar.disambiguate, as
  `kazkit analyze` does on running text).
- Corpus running text: share of word tokens analysed (with and without guessed analyses); hunspell's
  acceptance rate on the same tokens (`hunspell -d kk_KZ -l` lists the rejected ones).
- Speed: distinct types/s cold (fresh analyzer, no cache), tokens/s with the per-type cache, and
  hunspell's tokens/s on the same token stream; load time; the analyser's memory (max RSS of a
  fresh process that only loads it and analyses a sentence) beside this process's own.
hunspell is installed with `apt-get install -y hunspell hunspell-kk` when missing (here only).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MEMORY_TEXT = "Біз мектептерімізде қазақ тілін оқып жүрміз, жоба жүзеге асырылды."
CYRILLIC_WORD = regex.compile(r"^[\p{Cyrillic}]+(?:-[\p{Cyrillic}]+)*$")


def read_conllu_sentences(path: Path) -> list[list[tuple[str, str, str]]]:
    """(form, lemma, UPOS) rows of each sentence (multiword-token ranges skipped)."""
    sentences: list[list[tuple[str, str, str]]] = []
    current: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        cols = line.split("\t")
        if line.startswith("#") or len(cols) != 10 or not cols[0].isdigit():
            continue
        current.append((cols[1], cols[2], cols[3]))
    if current:
        sentences.append(current)
    return sentences


def ud_accuracy(shared: Path) -> None:
    """Accuracy on Cyrillic word tokens, context-free and with each sentence disambiguated."""
    from kazkit.grammar.disambiguate import disambiguate
    from kazkit.grammar.morphology import analyze

    path = shared / "data" / "ud_kk_ktb" / "kk_ktb-ud-dev-from-test.conllu"
    n = covered = covered_known = lemma_any = 0
    top = {"free": [0, 0], "context": [0, 0]}  # [lemma, upos]
    for sentence in read_conllu_sentences(path):
        words = [form for form, _, _ in sentence]
        free = [analyze(w) for w in words]
        runs = {"free": free, "context": disambiguate(words, free)}
        for i, (form, lemma, upos) in enumerate(sentence):
            if not CYRILLIC_WORD.match(form):
                continue
            n += 1
            if not free[i]:
                continue
            covered += 1
            covered_known += any(not a.guessed for a in free[i])
            gold = lemma.casefold()
            lemma_any += any(a.lemma.casefold() == gold for a in free[i])
            for key, analyses in runs.items():
                top[key][0] += analyses[i][0].lemma.casefold() == gold
                top[key][1] += analyses[i][0].pos == upos
    print(f"UD KTB dev split: {n} Cyrillic word tokens")
    print(f"  coverage (any analysis)        {covered / n:7.2%}   target >= 97%")
    print(f"  coverage (lexicon, no guesses) {covered_known / n:7.2%}")
    print(f"  gold lemma among analyses      {lemma_any / n:7.2%}   target >= 95%")
    print(f"  top-1 lemma, context-free      {top['free'][0] / n:7.2%}")
    print(f"  top-1 lemma, in context        {top['context'][0] / n:7.2%}   target >= 90%")
    print(f"  top-1 UPOS, context-free       {top['free'][1] / n:7.2%}")
    print(f"  top-1 UPOS, in context         {top['context'][1] / n:7.2%}   target >= 88%")


def analyser_memory() -> float:
    """Max RSS (MB) of a fresh process that loads the analyser and analyses a text's word types."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (this bench)
    code = (
        "import sys; from kazkit.grammar.morphology import analyze; "
        "[analyze(w) for w in sys.stdin.read().split()]; "
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]; "
        "print(int(hwm.split()[1]) / 1024)"
    )
    return float(subprocess.run([sys.executable, "-c", code], input=MEMORY_TEXT, cwd=REPO,
                                capture_output=True, text=True, check=True).stdout)


def corpus_tokens(shared: Path, limit_docs: int | None) -> list[str]:
    from kazkit.text.tokenize import word_tokens

    tokens: list[str] = []
    for docs in sorted((shared / "data" / "corpus").glob("*/docs.jsonl")):
        with docs.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if limit_docs is not None and i >= limit_docs:
                    break
                text = json.loads(line)["text"]
                tokens.extend(t.text for t in word_tokens(text) if CYRILLIC_WORD.match(t.text))
    return tokens


def ensure_hunspell() -> str | None:
    if shutil.which("hunspell") and Path("/usr/share/hunspell/kk_KZ.dic").exists():
        return shutil.which("hunspell")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "hunspell", "hunspell-kk"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return shutil.which("hunspell")


def hunspell_run(hunspell: str, tokens: list[str]) -> tuple[float, float]:
    """(acceptance rate, tokens/s) of `hunspell -d kk_KZ -l` on one token a line."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(tokens) + "\n")
        name = fh.name
    try:
        start = time.perf_counter()
        out = subprocess.run([hunspell, "-d", "kk_KZ", "-i", "utf-8", "-l", name],
                             capture_output=True, check=True).stdout.decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
    finally:
        os.unlink(name)
    rejected = len(out.splitlines())
    return 1 - rejected / len(tokens), len(tokens) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--no-hunspell", action="store_true")
    parser.add_argument("--limit-docs", type=int, default=None, help="documents per corpus (default: all)")
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        sys.exit(f"bench/morph.py: {args.shared}/data not found (pass --shared PATH)")

    from kazkit.grammar import morphology

    code = ("import time; t = time.perf_counter(); from kazkit.grammar.morphology import analyze; "
            "analyze('кітап'); print(time.perf_counter() - t)")
    runs = (
        ("first load (compile, no cache)", {"KAZKIT_NO_CACHE": "1"}),
        (None, {}),  # writes the compiled cache when it is missing or stale (as a first use does)
        ("load (compiled cache)", {}),
    )
    for label, env in runs:
        out = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
        if label:
            print(f"{label}: {float(out):.3f} s   target < 0.3 s")
    analyzer = morphology.get_analyzer()

    ud_accuracy(args.shared)

    tokens = corpus_tokens(args.shared, args.limit_docs)
    types = sorted(set(t.lower() for t in tokens))
    print(f"\nCorpus running text: {len(tokens)} Cyrillic word tokens, {len(types)} types")

    cold = morphology.Analyzer(morphology.default_lexicon_path())  # same tables, empty word cache
    start = time.perf_counter()
    for word in types:
        cold.analyze(word)
    types_per_s = len(types) / (time.perf_counter() - start)
    # a real program holds one analyser: the cold one's 50k cached entries would otherwise stay
    # alive and make every full garbage collection of the next pass rescan them
    del cold
    gc.collect()

    analyzed = analyzed_known = 0
    start = time.perf_counter()
    for token in tokens:
        result = analyzer.analyze(token)
        if result:
            analyzed += 1
            analyzed_known += not result[0].guessed or any(not a.guessed for a in result)
    tokens_per_s = len(tokens) / (time.perf_counter() - start)
    print(f"  analysed (any analysis)         {analyzed / len(tokens):7.2%}   target >= 98%")
    print(f"  analysed (lexicon, no guesses)  {analyzed_known / len(tokens):7.2%}")
    print(f"  speed cold: {types_per_s:,.0f} distinct types/s   target >= 10,000")
    print(f"  speed with cache: {tokens_per_s:,.0f} tokens/s   target >= 100,000")

    if not args.no_hunspell:
        hunspell = ensure_hunspell()
        if hunspell:
            accepted, h_speed = hunspell_run(hunspell, tokens)
            print(f"  hunspell kk_KZ accepts          {accepted:7.2%}   (same tokens)")
            print(f"  hunspell kk_KZ speed: {h_speed:,.0f} tokens/s; kazkit/hunspell = {tokens_per_s / h_speed:.1f}x")
        else:
            print("  hunspell not available: peer comparison skipped")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory, analyser alone (max RSS of a fresh process): {analyser_memory():.0f} MB"
          "   target < 300 MB")
    print(f"memory, this bench process with its token lists: {rss:.0f} MB")


if __name__ == "__main__":
    main()
