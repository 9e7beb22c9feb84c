"""Measure Kazakh text to set the limits of the ``kazakh`` subtitle profile (data/subtitles/).

Reads ../shared/data (the repository's sibling folder) and prints the figures quoted in
data/subtitles/README.md:

* average word length of Kazakh running text, beside English and Russian;
* how many characters a Kazakh translation takes per English character (NTREX-128 news and
  FLORES sentences from SIB-200), which scales a reading-speed limit set for English;
* how full greedy-wrapped lines get at several line lengths (long words waste line ends).

    python tools/measure_subs_profile.py
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from pathlib import Path

import regex

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
WORD = regex.compile(r"[\p{L}\p{M}\d]+(?:-[\p{L}\p{M}\d]+)*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def chars(text: str) -> int:
    """Characters a subtitle counts: everything but surrounding space (spaces inside count)."""
    return len(" ".join(text.split()))


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def corpus_texts(name: str, limit: int = 100_000) -> list[str]:
    texts = []
    with open(SHARED / "corpus" / name / "docs.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if not doc.get("tokenized"):
                texts.append(doc["text"])
            if len(texts) >= limit:
                break
    return texts


def greedy_fill(text: str, width: int) -> float:
    """Average share of ``width`` used by the lines of ``text`` wrapped greedily (last line of
    each paragraph left out: it is short for reasons unrelated to word length)."""
    used: list[int] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= width or not line:
                line = candidate
            else:
                used.append(min(len(line), width))
                line = word
    return statistics.fmean(used) / width if used else 0.0


def report_word_lengths() -> None:
    print("== average word length (letters per word, running text) ==")
    samples = {
        "kk wikipedia (kazqad)": " ".join(corpus_texts("kazqad_wikipedia")),
        "kk news (ntrex128)": "\n".join(lines_of(SHARED / "parallel/ntrex128/newstest2019-ref.kaz.txt")),
        "kk proverbs/dialogue": " ".join(corpus_texts("proverbs_common_voice")),
        "en news (ntrex128 src)": "\n".join(lines_of(SHARED / "parallel/ntrex128/newstest2019-src.eng.txt")),
        "ru news (ntrex128)": "\n".join(lines_of(SHARED / "parallel/ntrex128/newstest2019-ref.rus.txt")),
    }
    for label, text in samples.items():
        ws = words(text)
        lengths = [len(w) for w in ws]
        long_share = sum(1 for n in lengths if n >= 12) / len(lengths)
        print(f"{label:26s} words={len(ws):7d} mean={statistics.fmean(lengths):.2f} "
              f"median={statistics.median(lengths):.0f} share>=12={long_share:.1%}")
    print("\n== greedy line fill (share of the line width used) ==")
    for width in (37, 39, 42, 45):
        fills = ", ".join(f"{label.split()[0]} {greedy_fill(samples[label], width):.1%}"
                          for label in ("kk news (ntrex128)", "en news (ntrex128 src)",
                                        "ru news (ntrex128)"))
        print(f"width {width}: {fills}")


def load_sib(folder: Path, lang: str, split: str) -> dict[str, str]:
    with open(folder / f"{lang}.{split}.tsv", encoding="utf-8") as handle:
        return {row["index_id"]: row["text"] for row in csv.DictReader(handle, delimiter="\t")}


def report_length_ratios() -> None:
    print("\n== characters of the translation per English character ==")
    base = SHARED / "parallel/ntrex128"
    eng = lines_of(base / "newstest2019-src.eng.txt")
    for lang in ("kaz", "rus"):
        other = lines_of(base / f"newstest2019-ref.{lang}.txt")
        pairs = [(e, o) for e, o in zip(eng, other, strict=True) if e.strip() and o.strip()]
        total = sum(chars(o) for _, o in pairs) / sum(chars(e) for e, _ in pairs)
        per = statistics.median(chars(o) / chars(e) for e, o in pairs)
        wratio = sum(len(words(o)) for _, o in pairs) / sum(len(words(e)) for e, _ in pairs)
        print(f"ntrex128 {lang}/eng: chars total {total:.3f}, median per segment {per:.3f}, "
              f"words {wratio:.3f} ({len(pairs)} segments)")
    sib = SHARED / "classification/sib200"
    for split in ("train", "dev"):
        en, kk = load_sib(sib, "eng_Latn", split), load_sib(sib, "kaz_Cyrl", split)
        keys = sorted(set(en) & set(kk))
        total = sum(chars(kk[k]) for k in keys) / sum(chars(en[k]) for k in keys)
        print(f"flores (sib200 {split}) kaz/eng: chars total {total:.3f} ({len(keys)} sentences)")


def main() -> int:
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 2
    report_word_lengths()
    report_length_ratios()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
