"""Start-up time of `kazkit --help` beside a bare `python -c pass` (the floor any Python CLI pays),
and of `kazkit check` on the shipped sample (a short text: start-up, loading the rules, the
analyser and the speller, checking 100 words, output), with the installed typer's version.

Run: python bench/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def wall_times(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    kazkit = shutil.which("kazkit") or ""
    kazkit_cmd = [kazkit, "--help"] if kazkit else [sys.executable, "-m", "kazkit", "--help"]
    env_note = "console script" if kazkit else "python -m kazkit"
    wall_times(kazkit_cmd, 2)  # warm the file cache
    baseline = statistics.median(wall_times([sys.executable, "-c", "pass"], args.runs))
    ours = statistics.median(wall_times(kazkit_cmd, args.runs))
    print(f"python -c pass     median {baseline * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"kazkit --help      median {ours * 1000:7.1f} ms  ({env_note}, {args.runs} runs)")
    print(f"ratio kazkit/python: {ours / baseline:.2f}x; kazkit's own start-up cost {(ours - baseline) * 1000:.1f} ms")
    print(f"target < 300 ms: {'met' if ours < 0.3 else 'NOT met'}")
    from importlib.metadata import version

    sample = str(Path(__file__).resolve().parents[1] / "data" / "samples" / "essay.txt")
    check_cmd = [*kazkit_cmd[:-1], "check", sample, "--fail-on", "never"]
    wall_times(check_cmd, 2)  # the user cache filled, the file cache warm
    short = statistics.median(wall_times(check_cmd, args.runs))
    print(f"kazkit check data/samples/essay.txt  median {short * 1000:7.1f} ms  ({args.runs} runs, "
          f"typer {version('typer')})")


if __name__ == "__main__":
    main()
