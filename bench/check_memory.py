"""`kazkit check` on one large file: wall time and peak memory of the whole command, beside
`hunspell -d kk_KZ -l` on the same file in the same run.

Run: python bench/check_memory.py [--mb 50] [--shared ../shared]

The file is Kazakh Wikipedia text (../shared/data/corpus/kazqad_wikipedia) repeated to the size
asked, with paragraphs kept. Target (issue 4): a 50 MB file in bounded memory (< 500 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(cmd: list[str], stdout) -> tuple[float, float, int]:
    """(seconds, max RSS of the child in MB, exit code); one child at a time, so RUSAGE_CHILDREN
    after the run is this child's peak (it only grows, so runs go from smallest to largest)."""
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=stdout, stderr=subprocess.DEVNULL, check=False).returncode
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    docs = args.shared / "data" / "corpus" / "kazqad_wikipedia" / "docs.jsonl"
    if not docs.exists():
        sys.exit(f"bench/check_memory.py: {docs} not found (pass --shared PATH)")
    seed = "\n\n".join(json.loads(line)["text"] for line in docs.open(encoding="utf-8")) + "\n\n"
    copies = int(args.mb * 1_000_000 // len(seed.encode("utf-8"))) + 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.txt"
        path.write_text(seed * copies, encoding="utf-8")
        size = path.stat().st_size / 1e6
        print(f"file: {size:.1f} MB of Kazakh Wikipedia text ({copies} copies)")
        hunspell = shutil.which("hunspell")
        if hunspell:
            seconds, _rss, _ = run([hunspell, "-d", "kk_KZ", "-i", "utf-8", "-l", str(path)], subprocess.DEVNULL)
            print(f"hunspell -d kk_KZ -l: {seconds:7.1f} s")
        else:
            print("hunspell not installed (bench/check.py installs it): peer skipped")
        kazkit = [sys.executable, "-m", "kazkit", "check", "--format", "jsonl", str(path)]
        with open(os.devnull, "w") as sink:
            seconds, rss, code = run(kazkit, sink)
        print(f"kazkit check --format jsonl: {seconds:7.1f} s, peak memory {rss:.0f} MB (target < 500 MB), exit {code}")
        if hunspell:
            print("(hunspell's peak memory is included in the figure above only if it was larger)")


if __name__ == "__main__":
    main()
