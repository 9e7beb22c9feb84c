"""Spelling and `check_text`: false alarms on clean text, synthetic errors caught and corrected,
and speed, each beside hunspell kk_KZ measured on the same material in the same run.

Run: python bench/check.py [--shared ../shared] [--no-hunspell] [--synthetic N] [--speed-mb 1.0]
                           [--speed-only] [--jobs N] [--no-compiled] [--repeat 3]

Figures printed:
- Clean published Kazakh (UD KTB dev `# text =` lines, Wikipedia, news, and as held-out sets the
  speller was never tuned on, SIB-200's sentences and 3,000 apertium-kaz segmentation corpus
  sentences): KK_SPELLING and KK_LOOKALIKE findings (errors + warnings) per 1,000 word tokens,
  hints separately, and hunspell's flag rate (`hunspell -d kk_KZ -l`) on the same Cyrillic word
  tokens; the most frequent flagged words are listed so that real typos in the source can be
  told from false alarms.
- Synthetic errors made deterministically from clean sentences (Russian-keyboard letters, wrong
  suffix harmony/assimilation, deletion, insertion, substitution, transposition): share detected
  (an error or warning on the word) and share whose first suggestion is the original word;
  hunspell's detection and first suggestion (`hunspell -d kk_KZ -a`) on the same words. Two sets:
  UD dev sentences (the speller's rules were tuned on it) and 900 errors in Wikipedia + news
  sentences; then two held-out sets of 600, from the apertium-kaz segmentation corpus and
  SIB-200. A case is drawn only where the corrupted word is unknown to the analyser, so a change
  to the analyser can change which cases are drawn.
- Speed, on two files of about 1 MB: Wikipedia + news (whose words the frequency list counted)
  and a held-out one (apertium-kaz segmentation corpus sentences, outside that corpus), each
  against `hunspell -d kk_KZ -l` on the same file, for two builds of this checkout, each a
  regular wheel that this run builds and installs into a temporary folder: pure Python
  (`KAZKIT_PURE_PYTHON=1`) and the default build, whose hot modules hatch_build.py compiles with
  Cython (`--no-compiled` skips it). Per build: `check_text` (all rules and checks) in
  fresh processes (cold caches), in one process and with the default number of processes; then
  the whole `kazkit check` command end to end (start-up, loading, output), on a first run and
  on the same file again (with the spelling verdicts the first run left in the user cache),
  each `--repeat` times alternating with hunspell: medians and the ratio of the medians.
  Then each build's first run on a fresh machine (the shipped sample, an empty user cache: the
  default build reads the analyser's and speller's tables from the package, the pure one builds
  them). Then where the time goes (document building, YAML rules, each programmatic check); peak RSS.
hunspell is installed with `apt-get install -y hunspell hunspell-kk` when missing (here only).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CYRILLIC_WORD = regex.compile(r"^\p{Cyrillic}+(?:-\p{Cyrillic}+)*$")
SPELL_RULES = frozenset({"KK_SPELLING", "KK_LOOKALIKE"})
KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")
HARMONY_SWAPS = {"а": "е", "е": "а", "ы": "і", "і": "ы", "д": "т", "т": "д", "ғ": "қ", "қ": "ғ",
                 "г": "к", "к": "г", "л": "д", "н": "д"}
TYPO_LETTERS = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
ERROR_KINDS = ("keyboard", "harmony", "deletion", "insertion", "substitution", "transposition")


# --- material ----------------------------------------------------------------------------------


def ud_sentences(shared: Path) -> list[str]:
    path = shared / "data" / "ud_kk_ktb" / "kk_ktb-ud-dev-from-test.conllu"
    return [line[len("# text = "):].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")]


def sib200_sentences(shared: Path) -> list[str]:
    """SIB-200's Kazakh sentences (FLORES-200, professionally translated): outside the corpus the
    frequency list was built from, and never used to tune the speller, so a held-out check."""
    folder = shared / "data" / "classification" / "sib200"
    rows = []
    for name in ("kaz_Cyrl.train.tsv", "kaz_Cyrl.dev.tsv"):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()[1:]
        rows += [line.split("\t")[2] for line in lines if line.count("\t") >= 2]
    return rows


def corpus_docs(shared: Path, name: str) -> list[str]:
    path = shared / "data" / "corpus" / name / "docs.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ensure_hunspell() -> str | None:
    if shutil.which("hunspell") and Path("/usr/share/hunspell/kk_KZ.dic").exists():
        return shutil.which("hunspell")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "hunspell", "hunspell-kk"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return shutil.which("hunspell") if Path("/usr/share/hunspell/kk_KZ.dic").exists() else None


def hunspell_rejected(hunspell: str, words: list[str]) -> int:
    out = _run_hunspell(hunspell, ["-l"], "\n".join(words) + "\n")
    return len(out.splitlines())


def hunspell_suggest(hunspell: str, words: list[str]) -> list[tuple[bool, str | None]]:
    """(flagged, first suggestion) per word from `hunspell -a` (one word a line)."""
    out = _run_hunspell(hunspell, ["-a"], "".join(f"^{w}\n" for w in words))
    results: list[tuple[bool, str | None]] = []
    for line in out.splitlines()[1:]:
        if not line:
            continue
        if line[0] in "*+-":
            results.append((False, None))
        elif line[0] == "&":
            results.append((True, line.split(": ", 1)[1].split(", ")[0]))
        elif line[0] == "#":
            results.append((True, None))
    return results


def _run_hunspell(hunspell: str, args: list[str], text: str) -> str:
    return subprocess.run([hunspell, "-d", "kk_KZ", "-i", "utf-8", *args], input=text.encode("utf-8"),
                          capture_output=True, check=True).stdout.decode("utf-8", "replace")


# --- clean text ----------------------------------------------------------------------------------

TYPOS_FILE = REPO / "bench" / "data" / "wikipedia_typos.txt"


def verified_typos() -> frozenset[str]:
    """Flagged words checked by hand to be real errors of the source text (bench/data/wikipedia_typos.txt)."""
    if not TYPOS_FILE.is_file():
        return frozenset()
    return frozenset(line.split("\t")[0] for line in TYPOS_FILE.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))



def clean_text(name: str, texts: list[str], hunspell: str | None) -> None:
    from kazkit.grammar.checker import check_text
    from kazkit.text.tokenize import word_tokens

    words = flagged = hints = real = 0
    typos = verified_typos()
    cyrillic: list[str] = []
    by_word: collections.Counter[str] = collections.Counter()
    by_severity: collections.Counter[str] = collections.Counter()
    for text in texts:
        tokens = list(word_tokens(text))
        words += len(tokens)
        cyrillic.extend(t.text for t in tokens if CYRILLIC_WORD.match(t.text))
        for d in check_text(text):
            if d.rule_id in SPELL_RULES and d.severity in ("error", "warning"):
                flagged += 1
                real += text[d.start:d.end] in typos
                by_severity[d.severity] += 1
                by_word[f"{text[d.start:d.end]}->{(d.replacements or ['?'])[0]}"] += 1
            elif d.rule_id.startswith("KK_SPELLING"):
                hints += 1
    line = (f"  {name:<10} {words:7d} words  spelling errors+warnings {1000 * flagged / words:6.2f}/1000 "
            f"(errors {by_severity['error']}, warnings {by_severity['warning']})  hints {1000 * hints / words:6.2f}/1000")
    line += (f"\n  {'':<10} false alarms without the {real} findings that are verified typos of the source "
             f"(bench/data/wikipedia_typos.txt): {1000 * (flagged - real) / words:6.2f}/1000")
    if hunspell:
        rejected = hunspell_rejected(hunspell, cyrillic)
        line += f"  | hunspell flags {1000 * rejected / len(cyrillic):6.1f}/1000 Cyrillic words"
    print(line)
    print("    most flagged:", ", ".join(f"{w} x{n}" for w, n in by_word.most_common(25)))


# --- synthetic errors ----------------------------------------------------------------------------


def corrupt(word: str, kind: str, rng: random.Random) -> str | None:
    """``word`` with one error of ``kind``, or None when the word cannot take one."""
    from kazkit.grammar.morphology import analyze

    if kind == "keyboard":
        out = word.translate(KAZAKH_TO_RUSSIAN)
        return out if out != word else None
    if kind == "harmony":
        analyses = [a for a in analyze(word) if not a.guessed and len(a.segments) >= 2]
        if not analyses:
            return None
        segments = analyses[0].segments
        stem_len = len(segments[0])
        positions = [i for i in range(stem_len, len(word)) if word[i] in HARMONY_SWAPS]
        if not positions:
            return None
        i = rng.choice(positions)
        return word[:i] + HARMONY_SWAPS[word[i]] + word[i + 1:]
    i = rng.randrange(1, len(word))
    if kind == "deletion":
        return word[:i] + word[i + 1:]
    if kind == "insertion":
        return word[:i] + rng.choice(TYPO_LETTERS) + word[i:]
    if kind == "substitution":
        from kazkit.grammar.suggest import NEIGHBOURS

        pool = sorted(NEIGHBOURS.get(word[i], ())) if rng.random() < 0.5 else list(TYPO_LETTERS)
        pool = [c for c in pool if c != word[i]]
        return word[:i] + rng.choice(pool) + word[i + 1:]
    if kind == "transposition":
        i = rng.randrange(0, len(word) - 1)
        if word[i] == word[i + 1]:
            return None
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    raise ValueError(kind)


def make_synthetic(sentences: list[str], n: int, seed: int = 4) -> list[tuple[str, int, int, str, str, str]]:
    """(sentence with the error, start, end, wrong word, right word, kind), deterministic."""
    from kazkit.grammar.morphology import is_known
    from kazkit.text.tokenize import word_tokens

    rng = random.Random(seed)
    order = list(range(len(sentences)))
    rng.shuffle(order)
    cases = []
    for k, index in enumerate(order):
        if len(cases) >= n:
            break
        sentence = sentences[index]
        kind = ERROR_KINDS[k % len(ERROR_KINDS)]
        words = [t for t in word_tokens(sentence) if t.text.islower() and len(t.text) >= 4
                 and CYRILLIC_WORD.match(t.text) and "-" not in t.text and is_known(t.text)]
        rng.shuffle(words)
        for token in words:
            wrong = corrupt(token.text, kind, rng)
            if wrong and wrong != token.text and not is_known(wrong):
                text = sentence[:token.start] + wrong + sentence[token.end:]
                cases.append((text, token.start, token.start + len(wrong), wrong, token.text, kind))
                break
    return cases


def synthetic(sentences: list[str], n: int, hunspell: str | None, seed: int = 4) -> None:
    from kazkit.grammar.checker import check_text

    cases = make_synthetic(sentences, n, seed)
    detected: collections.Counter[str] = collections.Counter()
    first: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    misses: list[str] = []
    start = time.perf_counter()
    for text, s, e, wrong, right, kind in cases:
        total[kind] += 1
        found = [d for d in check_text(text) if d.rule_id in SPELL_RULES and d.start <= s and d.end >= e
                 and d.severity in ("error", "warning")]
        if found:
            detected[kind] += 1
            if found[0].replacements[:1] == [right]:
                first[kind] += 1
            elif len(misses) < 30:
                misses.append(f"{wrong}->{found[0].replacements[:2]} (want {right}, {kind})")
        elif len(misses) < 30:
            misses.append(f"{wrong} not flagged (want {right}, {kind})")
    elapsed = time.perf_counter() - start
    hun = hunspell_suggest(hunspell, [c[3] for c in cases]) if hunspell else []
    n_cases = len(cases)
    print(f"  {n_cases} synthetic errors ({elapsed:.1f} s)")
    print(f"  {'kind':<14}{'n':>5}{'detected':>10}{'first ok':>10}" + ("   hunspell det  first" if hun else ""))
    hun_by_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for (_, _, _, _, right, kind), (flag, sugg) in zip(cases, hun, strict=False):
        hun_by_kind[kind][0] += flag
        hun_by_kind[kind][1] += sugg == right
    for kind in (*ERROR_KINDS, "all"):
        t = n_cases if kind == "all" else total[kind]
        d = sum(detected.values()) if kind == "all" else detected[kind]
        f = sum(first.values()) if kind == "all" else first[kind]
        line = f"  {kind:<14}{t:>5}{d / t:>10.1%}{f / t:>10.1%}"
        if hun:
            hd = sum(v[0] for v in hun_by_kind.values()) if kind == "all" else hun_by_kind[kind][0]
            hf = sum(v[1] for v in hun_by_kind.values()) if kind == "all" else hun_by_kind[kind][1]
            line += f"   {hd / t:>11.1%} {hf / t:>6.1%}"
        print(line)
    print("  targets: detected >= 95%, first ok >= 85% (hunspell kk_KZ first: about 39%)")
    print("  some misses:", "; ".join(misses[:30]))


# --- speed ---------------------------------------------------------------------------------------


_TIMED = """
import json, sys, time
from kazkit.grammar import checker
start = time.perf_counter()
checker.check_text("Сәлем, әлем!")
load = time.perf_counter() - start
text = open(sys.argv[1], encoding="utf-8").read()
jobs = None if sys.argv[2] == "auto" else int(sys.argv[2])
start = time.perf_counter()
found = checker.check_text(text, jobs=jobs)
print(json.dumps({"seconds": time.perf_counter() - start, "load": load, "findings": len(found)}))
"""


#: A cold run: no spelling verdicts from earlier runs (the analyser's and the speller's compiled
#: indexes still come from the user cache, as after any first use).
COLD = {"KAZKIT_NO_WORD_CACHE": "1"}


def _timed_check(path: str, jobs: int | None, env: dict, cwd: str) -> dict:
    """``check_text`` on the file at ``path`` timed in a fresh Python (cold per-word caches)."""
    out = subprocess.run([sys.executable, "-c", _TIMED, path, "auto" if jobs is None else str(jobs)],
                         capture_output=True, text=True, check=True, env={**env, **COLD}, cwd=cwd)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed_command(path: str, flags: list[str], env: dict, cwd: str) -> float:
    """Seconds of ``kazkit check`` on ``path`` with ``flags``, start-up and output included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kazkit", "check", path, "--fail-on", "never", *flags],
                   stdout=subprocess.DEVNULL, check=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def wikipedia_news_text(shared: Path, megabytes: float) -> str:
    """About ``megabytes`` of Wikipedia + news documents. The speller's frequency list was counted
    on a corpus that holds these texts, so most of their words are frequent forms to it."""
    docs = corpus_docs(shared, "kazqad_wikipedia") + corpus_docs(shared, "ntrex128_news")
    text, size = [], 0
    while size < megabytes * 1_000_000:
        for doc in docs:
            text.append(doc)
            size += len(doc.encode("utf-8")) + 2
            if size >= megabytes * 1_000_000:
                break
    return "\n\n".join(text)


def segmentation_sentences(shared: Path) -> list[str]:
    """The apertium-kaz segmentation corpus's sentences (encyclopedic and general prose, outside
    the corpus the frequency list was counted on, never used to tune the speller), their
    tokenised punctuation put back in place; [] when the file is missing."""
    path = shared / "data" / "apertium-kaz" / "segmentation-corpus.tsv"
    if not path.is_file():
        return []
    sentences = [_detokenized(line.split("\t")[0].strip()) for line in path.read_text(encoding="utf-8").splitlines()]
    return [s for s in sentences if s]


def held_out_text(shared: Path, megabytes: float) -> str | None:
    """About ``megabytes`` of :func:`segmentation_sentences`, six sentences a paragraph (None
    when the file is missing)."""
    sentences = segmentation_sentences(shared)
    if not sentences:
        return None
    paragraphs, size, k = [], 0, 0
    while size < megabytes * 1_000_000 and k < len(sentences):
        paragraph = " ".join(sentences[k:k + 6])
        k += 6
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def _detokenized(sentence: str) -> str:
    sentence = regex.sub(r" ([.,;:!?%)»])", r"\1", sentence)
    return regex.sub(r"([(«]) ", r"\1", sentence)


def builds(tmp: str, compiled: bool) -> list[tuple[str, dict]]:
    """The builds to time, each a regular wheel of this checkout that this run builds and installs
    into ``tmp`` as ``pip install .`` would (bytecode compiled at install, as for a user): pure
    Python (``KAZKIT_PURE_PYTHON=1``) and, with ``compiled``, the default build, whose hot
    modules hatch_build.py compiles with Cython. Where pip cannot build a wheel, the pure-Python
    build is this checkout's sources."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KAZKIT_PURE_PYTHON")}
    found = []
    for label, extra in (("pure Python", {"KAZKIT_PURE_PYTHON": "1"}),
                         *((("compiled (the default build)", {}),) if compiled else ())):
        wheels, site = Path(tmp) / f"wheels-{len(found)}", Path(tmp) / f"site-{len(found)}"
        start = time.perf_counter()
        built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
                               capture_output=True, text=True, env={**base, **extra})
        if built.returncode == 0:
            built = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
                                    *map(str, wheels.glob("kazkit-*.whl"))], capture_output=True, text=True)
        if built.returncode != 0:
            print(f"  ({label}: pip failed to build or install a wheel: {(built.stderr or built.stdout).strip()[-300:]})")
            if not found:
                found.append(("pure Python (this checkout's sources)", {**base, "PYTHONPATH": str(REPO)}))
            continue
        env = {**base, "PYTHONPATH": str(site)}
        version = subprocess.run([sys.executable, "-m", "kazkit", "--version"], capture_output=True, text=True,
                                 env=env, cwd=tmp).stdout.strip()
        print(f"  build {label}: wheel built and installed by this run in {time.perf_counter() - start:.0f} s: {version}")
        found.append((label, env))
    return found


def _timed_hunspell(hunspell: str, name: str) -> float:
    start = time.perf_counter()
    subprocess.run([hunspell, "-d", "kk_KZ", "-i", "utf-8", "-l", name], capture_output=True, check=True)
    return time.perf_counter() - start


def speed(shared: Path, megabytes: float, hunspell: str | None, jobs: int | None = None,
          compiled: bool = True, repeat: int = 3) -> None:
    from kazkit.grammar import checker
    from kazkit.grammar.checks import CHECKS
    from kazkit.grammar.rules import make_document

    with tempfile.TemporaryDirectory() as tmp:
        variants = builds(tmp, compiled)
        texts = [("Wikipedia + news (their words counted in the frequency list)", wikipedia_news_text(shared, megabytes))]
        held_out = held_out_text(shared, megabytes)
        if held_out:
            texts.append(("held out: apertium-kaz segmentation corpus sentences (not in the frequency list)", held_out))
        for title, body in texts:
            name = str(Path(tmp) / "text.txt")
            Path(name).write_text(body, encoding="utf-8")
            words = sum(1 for _ in __import__("kazkit.text.tokenize", fromlist=["word_tokens"]).word_tokens(body))
            print(f" {title}: {len(body.encode('utf-8')) / 1e6:.2f} MB, {words} word tokens")
            theirs = None
            if hunspell:
                theirs = _timed_hunspell(hunspell, name)
                print(f"  hunspell -d kk_KZ -l: {theirs:.2f} s ({words / theirs:,.0f} words/s)")
            for build, env in variants:
                print(f"  {build}:")
                _time_build(name, words, theirs, env, tmp, jobs, checker._processes(None),
                            hunspell=hunspell, repeat=repeat)
        # A first run on a fresh machine (a new container): an empty user cache, so the analyser's
        # and the speller's tables come from the package (a regular build ships them) or are built.
        sample = str(REPO / "data" / "samples" / "essay.txt")
        for build, env in variants:
            with tempfile.TemporaryDirectory() as fresh:
                first = _timed_command(sample, [], {**env, "XDG_CACHE_HOME": fresh}, tmp)
                again = _timed_command(sample, [], {**env, "XDG_CACHE_HOME": fresh}, tmp)
            print(f"  kazkit check data/samples/essay.txt, {build}: {first:.2f} s on a first run with an empty "
                  f"user cache, {again:.2f} s on the next")
        body = texts[0][1]
    # Where the time goes: the phases of check_text, timed one by one in this process (pure
    # Python; its per-word caches are cold: the timed runs above were separate processes).
    start = time.perf_counter()
    doc = make_document(body)
    t_doc = time.perf_counter() - start
    rules = checker.rules_for()
    start = time.perf_counter()
    for _ in rules.run(doc):
        pass
    t_rules = time.perf_counter() - start
    parts = [f"make_document (tokens, sentences, langid) {t_doc:.2f} s", f"YAML rules {t_rules:.2f} s"]
    for check in CHECKS.values():
        start = time.perf_counter()
        for _ in check.function(doc):
            pass
        parts.append(f"{check.name} {time.perf_counter() - start:.2f} s")
    print("  phases on Wikipedia + news, pure Python, one process, cold caches:", "; ".join(parts))
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak RSS of the largest timed process: {rss:.0f} MB")


def _time_build(name: str, words: int, theirs: float | None, env: dict, cwd: str, jobs: int | None,
                default: int, hunspell: str | None = None, repeat: int = 3) -> None:
    """The timings of one build on the file ``name``: ``check_text`` alone, then the command,
    ``repeat`` times, each run followed by one of hunspell's on the same file: the ratio is of
    the two medians (this machine's speed drifts by a fifth within minutes; alternating the two
    keeps a drift from favouring either)."""
    # Each configuration in a fresh process, so that every one starts with cold caches.
    for label, setting in (("one process", 1), (f"default ({default} processes)", None)) \
            if jobs is None else ((f"--jobs {jobs}", jobs),):
        run = _timed_check(name, setting, env, cwd)
        line = (f"    check_text, {label}: {run['seconds']:.2f} s ({words / run['seconds']:,.0f} words/s, "
                f"{run['findings']} findings), after {run['load']:.2f} s of loading")
        if theirs:
            line += f"; ratio hunspell/check_text = {theirs / run['seconds']:.2f}x"
        print(line)
    # The whole command as a user runs it: Python start-up, imports, loading the analyser
    # and the speller's indexes, checking, writing the findings.
    runs = [(f"{label}, first run", flags, {**env, **COLD}) for label, flags in
            (("--format jsonl, one process", ["--format", "jsonl", "--jobs", "1"]),
             ("--format jsonl, default processes", ["--format", "jsonl"]),
             ("text output, default processes", []))]
    with tempfile.TemporaryDirectory() as cache:
        # The same file checked again: the first run left its spelling verdicts in the user
        # cache (a cache of its own here, so that no earlier run counts).
        again = {**env, "XDG_CACHE_HOME": cache}
        _timed_command(name, [], again, cwd)
        runs.append(("text output, default processes, the same file again", [], again))
        for label, flags, run_env in runs:
            ours, peer = [], []
            for _ in range(repeat):
                ours.append(_timed_command(name, flags, run_env, cwd))
                if hunspell:
                    peer.append(_timed_hunspell(hunspell, name))
            took = statistics.median(ours)
            line = f"    kazkit check end to end, {label}: {took:.2f} s"
            if repeat > 1:
                line += f" (median of {repeat}: {min(ours):.2f}-{max(ours):.2f})"
            if peer:
                line += (f"; ratio hunspell/kazkit = {statistics.median(peer) / took:.2f}x (target >= 2x; "
                         f"hunspell's median alongside {statistics.median(peer):.2f} s)")
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--no-hunspell", action="store_true")
    parser.add_argument("--synthetic", type=int, default=600, help="number of synthetic errors")
    parser.add_argument("--speed-mb", type=float, default=1.0)
    parser.add_argument("--skip", nargs="*", default=[], choices=["clean", "synthetic", "speed"])
    parser.add_argument("--speed-only", action="store_true", help="skip the accuracy parts (same as "
                        "--skip clean synthetic)")
    parser.add_argument("--no-compiled", action="store_true",
                        help="time the pure-Python build only")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each whole-command timing (and of hunspell beside it); the median is shown")
    parser.add_argument("--jobs", type=int, default=None,
                        help="time only this many processes (default: one process, then the default number)")
    args = parser.parse_args()
    if args.speed_only:
        args.skip = [*args.skip, "clean", "synthetic"]
    if not (args.shared / "data").is_dir():
        sys.exit(f"bench/check.py: {args.shared}/data not found (pass --shared PATH)")
    hunspell = None if args.no_hunspell else ensure_hunspell()
    if not hunspell and not args.no_hunspell:
        print("hunspell kk_KZ not available: peer figures left out", file=sys.stderr)
    if "speed" not in args.skip:
        # First, so that the timings start from cold caches, as a user's first run does.
        print(f"Speed ({args.speed_mb:g} MB files; target: kazkit check >= 2x faster than hunspell -l):")
        speed(args.shared, args.speed_mb, hunspell, args.jobs, compiled=not args.no_compiled,
              repeat=max(1, args.repeat))
    sentences = ud_sentences(args.shared)
    if "clean" not in args.skip:
        print("Clean text (target: at most 5 spelling errors+warnings per 1,000 words that are not real errors):")
        clean_text("UD dev", sentences, hunspell)
        clean_text("Wikipedia", corpus_docs(args.shared, "kazqad_wikipedia"), hunspell)
        clean_text("news", corpus_docs(args.shared, "ntrex128_news"), hunspell)
        print("  Held out (never used to tune the speller; no list of their own typos): SIB-200, and the"
              " first 3,000 sentences of the apertium-kaz segmentation corpus")
        if (args.shared / "data" / "classification" / "sib200").is_dir():
            clean_text("SIB-200", sib200_sentences(args.shared), hunspell)
        if segmentation_sentences(args.shared):
            clean_text("apertium", segmentation_sentences(args.shared)[:3000], hunspell)
    if "synthetic" not in args.skip:
        print("Synthetic errors from UD dev sentences (the set the speller's rules were tuned on):")
        synthetic(sentences, args.synthetic, hunspell)
        print("Synthetic errors from Wikipedia + news sentences (a second, larger set; seed 11):")
        docs = corpus_docs(args.shared, "kazqad_wikipedia") + corpus_docs(args.shared, "ntrex128_news")
        corpus_sentences = [s for d in docs for s in regex.split(r"(?<=[.!?])\s+", d) if 40 < len(s) < 300]
        synthetic(corpus_sentences, 900, hunspell, seed=11)
        print("Synthetic errors on held-out sentences (never used to tune the speller):")
        if segmentation_sentences(args.shared):
            print(" apertium-kaz segmentation corpus (600, seed 7):")
            synthetic(segmentation_sentences(args.shared), 600, hunspell, seed=7)
        if (args.shared / "data" / "classification" / "sib200").is_dir():
            print(" SIB-200 (600, seed 5):")
            synthetic(sib200_sentences(args.shared), 600, hunspell, seed=5)


if __name__ == "__main__":
    main()
