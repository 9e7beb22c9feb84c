"""QA throughput of `kazkit subs check` on a generated 500-file course folder.

Generates /tmp/kazkit-subs-bench/course (500 SRT files of 120 lecture cues each, Kazakh
sentences from data/samples and the test fixtures, with realistic timing problems), then
times the library call behind `kazkit subs check` with and without the language checks.

    python bench/subs.py [--files 500] [--cues 120]

Peer for the timing-only figure: pysubs2 (the subtitle library) just *loading* the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kazkit.subtitles.io import format_time, read_subtitles  # noqa: E402
from kazkit.subtitles.profiles import load_profile  # noqa: E402
from kazkit.subtitles.qa import check_subtitles  # noqa: E402

SENTENCES = [
    "Бүгін біз сұрыптау алгоритмдері туралы сөйлесеміз.",
    "Көпіршікті сұрыптау ең қарапайым алгоритм болып табылады.",
    "Оның күрделілігі квадраттық, сондықтан үлкен массивтер үшін баяу жұмыс істейді.",
    "Жылдам сұрыптау әлдеқайда тиімді.",
    "Бұл курста біз алгоритмдер мен деректер құрылымдарын үйренеміз.",
    "Айнымалы деректі сақтайтын атау.",
    "Функция қайта қолданылатын код бөлігі.",
    "Сұрақтарыңыз болса , форумға жазыңыздар.",
    "Бұл кітап ма, әлде мақала ма?",
    "Граф төбелер мен қабырғалардан тұрады.",
]


def generate(folder: Path, files: int, cues: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    total = 0
    for number in range(files):
        week = folder / f"week{number // 50 + 1:02d}"
        week.mkdir(parents=True, exist_ok=True)
        blocks, clock = [], 1000
        for index in range(1, cues + 1):
            text = rng.choice(SENTENCES)
            duration = rng.randint(1500, 5000)
            start = clock + rng.choice((0, 40, 100, 200, -100))
            blocks.append(f"{index}\n{format_time(start)} --> {format_time(start + duration)}\n{text}\n")
            clock = start + duration
        (week / f"lecture{number:03d}.srt").write_text("\n".join(blocks), encoding="utf-8")
        total += cues
    return total


def run(paths: list[Path], language: bool) -> float:
    profile = load_profile()
    began = time.perf_counter()
    for path in paths:
        check_subtitles(read_subtitles(path), profile, language=language)
    return time.perf_counter() - began


def load_with_pysubs2(paths: list[Path]) -> float:
    import pysubs2

    began = time.perf_counter()
    for path in paths:
        pysubs2.load(str(path), encoding="utf-8")
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--cues", type=int, default=120)
    args = parser.parse_args()
    folder = Path("/tmp/kazkit-subs-bench/course")
    cues = generate(folder, args.files, args.cues)
    paths = sorted(folder.rglob("*.srt"))
    run(paths[:2], True)  # warm the rule and morphology caches
    timing = run(paths, language=False)
    full = run(paths, language=True)
    peer = load_with_pysubs2(paths)
    print(f"{len(paths)} files, {cues} cues")
    print(f"timing+layout QA: {len(paths) / timing:.0f} files/s ({cues / timing:.0f} cues/s)")
    print(f"full QA (language + timing + layout): {len(paths) / full:.1f} files/s ({cues / full:.0f} cues/s)")
    print(f"peer: pysubs2 only loading the files: {len(paths) / peer:.0f} files/s; "
          f"kazkit read+timing QA runs at {peer / timing:.2f}x the speed of pysubs2 loading")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
