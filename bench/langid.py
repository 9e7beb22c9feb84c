"""Accuracy of kazkit's language identification on the shipped held-out test set.

Prints per-category and overall accuracy of ``kazkit.text.langid.detect_language`` beside a plain
baseline measured in the same run: "the script with more letters, then Kazakh if any letter
only Kazakh uses is present" (Cyrillic ә ғ қ ң ө ұ ү һ і; Latin ä ğ ñ ö ū ü ı ş İ q), and the
ratio of the two error rates.

Run: ``python bench/langid.py [path/to/test.tsv]``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kazkit.text.langid import detect_language  # noqa: E402

DEFAULT_TEST = ROOT / "data" / "samples" / "langid_test.tsv"
_CYRL = regex.compile(r"\p{Cyrillic}")
_LATN = regex.compile(r"\p{Latin}")
_KK_CYRL = regex.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_KK_LATN = regex.compile(r"[äğñöūüışİqÄĞÑÖŪÜŞQ]")


def baseline(text: str) -> str:
    """Script by letter majority, then Kazakh-letter presence."""
    cyrl, latn = len(_CYRL.findall(text)), len(_LATN.findall(text))
    if not cyrl and not latn:
        return "other"
    if cyrl >= latn:
        return "kk" if _KK_CYRL.search(text) else "ru"
    return "kk" if _KK_LATN.search(text) else "en"


def load(path: Path) -> list[tuple[str, str, str]]:
    """(expected language, sentence, category) rows of a test file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lang, sentence, source = line.split("\t")
        rows.append((lang, sentence, source.split("|")[0]))
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    path = Path(args[0]) if args else DEFAULT_TEST
    rows = load(path)
    t0 = time.perf_counter()
    ours = [detect_language(s) for _, s, _ in rows]
    elapsed = time.perf_counter() - t0
    base = [baseline(s) for _, s, _ in rows]
    total, ok_ours, ok_base = Counter(), Counter(), Counter()
    for (lang, _s, cat), a, b in zip(rows, ours, base, strict=True):
        total[cat] += 1
        ok_ours[cat] += a == lang
        ok_base[cat] += b == lang
    print(f"{'category':<10} {'n':>5} {'kazkit':>8} {'baseline':>9}")
    for cat in sorted(total):
        print(
            f"{cat:<10} {total[cat]:>5} {ok_ours[cat] / total[cat]:>8.1%} {ok_base[cat] / total[cat]:>9.1%}"
        )
    n = sum(total.values())
    acc, acc_base = sum(ok_ours.values()) / n, sum(ok_base.values()) / n
    print(f"{'all':<10} {n:>5} {acc:>8.1%} {acc_base:>9.1%}")
    err, err_base = 1 - acc, 1 - acc_base
    ratio = f"{err_base / err:.1f}x fewer errors" if err else "no errors"
    print(
        f"accuracy ratio kazkit/baseline: {acc / acc_base:.3f}; errors {n - sum(ok_ours.values())} vs "
        f"{n - sum(ok_base.values())} ({ratio})"
    )
    print(f"speed: {n / elapsed:,.0f} sentences/s (first call includes loading the profiles)")
    # The same sentences cut to their first three words: how the methods fare on short input.
    short = [(lang, " ".join(s.split()[:3])) for lang, s, _ in rows]
    ok_short = sum(detect_language(s) == lang for lang, s in short) / n
    ok_short_base = sum(baseline(s) == lang for lang, s in short) / n
    print(f"first three words only: kazkit {ok_short:.1%}, baseline {ok_short_base:.1%}")
    if "-v" in sys.argv:
        for (lang, s, cat), a in zip(rows, ours, strict=True):
            if a != lang:
                print(f"MISS {cat} want={lang} got={a}: {s}")


if __name__ == "__main__":
    main()
