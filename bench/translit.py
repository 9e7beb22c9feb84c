"""Transliteration round trip Cyrillic -> 2021 Latin -> Cyrillic on real word forms, beside a plain
letter-by-letter baseline that maps back each Latin letter to its most common Cyrillic source.

Run: python bench/translit.py [--shared ../shared]

Native Kazakh forms are those without the letters that the 2021 alphabet merges (х/һ, и/й, ъ, ь,
ё, ц, щ, э, ю, я): for them the round trip must be exact.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
WORD = regex.compile(r"\p{Cyrillic}+")
MERGED = set("хһийъьёцщэюяХҺИЙЪЬЁЦЩЭЮЯ")


def word_sets(shared: Path) -> dict[str, set[str]]:
    sets = {}
    conllu = shared / "data" / "ud_kk_ktb" / "kk_ktb-ud-dev-from-test.conllu"
    sets["UD KTB dev"] = {cols[1] for line in conllu.read_text(encoding="utf-8").splitlines()
                          if (cols := line.split("\t")) and len(cols) == 10 and WORD.fullmatch(cols[1])}
    docs = shared / "data" / "corpus" / "kazqad_wikipedia" / "docs.jsonl"
    sets["KazQAD Wikipedia"] = {w for line in docs.open(encoding="utf-8")
                                for w in WORD.findall(json.loads(line)["text"])}
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    from kazkit.text.translit import CYRILLIC_TO_LATIN, to_cyrillic, to_latin

    # Baseline: invert the letter table naively (first Cyrillic letter wins for a Latin string).
    naive: dict[str, str] = {}
    for cyr, lat in CYRILLIC_TO_LATIN.items():
        naive.setdefault(lat, cyr)
    keys = sorted((k for k in naive if k), key=len, reverse=True)
    pattern = regex.compile("|".join(map(regex.escape, keys)))

    def baseline(text: str) -> str:
        return pattern.sub(lambda m: naive[m.group()], text)

    for name, words in word_sets(args.shared).items():
        native = [w for w in words if not MERGED & set(w)]
        for label, sample in (("all forms", sorted(words)), ("native forms", sorted(native))):
            ours = sum(to_cyrillic(to_latin(w)) == w for w in sample)
            base = sum(baseline(to_latin(w)) == w for w in sample)
            print(f"{name:<17} {label:<12} {len(sample):6d}  kazkit {ours / len(sample):7.2%}  "
                  f"baseline {base / len(sample):7.2%}")


if __name__ == "__main__":
    main()
