"""Build data/morphology/ranking.tsv: the frequency evidence that orders analyses.

Method (reproducible, no randomness):
1. Read the hand-disambiguated apertium-kaz texts
   (``shared/data/apertium-kaz/texts/gold-disambiguated/*.tagged.clean.txt``, CG stream format:
   a ``"<form>"`` line, then reading lines; the reading that was kept starts with one tab,
   removed readings start with ``;``). Take the kept reading's lemma and first tag, and map the
   tag to a UD UPOS (n -> NOUN, v -> VERB, cop -> AUX, post -> ADP, ...).
2. Read the UD Kazakh-KTB TRAIN sample (``kk_ktb-ud-train.conllu``) for form, lemma, UPOS.
   The dev file drawn from the test set is never read: it is kazkit's held-out evaluation.
3. Count (form, lemma, UPOS), (lemma, UPOS) and UPOS, all lower-cased; write them with the
   kind in the first column (see kazkit/grammar/morphology/ranking.py for how they are used).

Usage: python tools/build_ranking.py [--shared ../shared] [--out data/morphology/ranking.tsv]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

TAG_TO_UPOS = {
    "n": "NOUN", "np": "PROPN", "v": "VERB", "vaux": "AUX", "cop": "AUX", "adj": "ADJ",
    "adv": "ADV", "num": "NUM", "prn": "PRON", "det": "DET", "post": "ADP", "cnjcoo": "CCONJ",
    "cnjsub": "SCONJ", "cnjadv": "ADV", "ij": "INTJ", "postadv": "ADV", "mod": "PART",
    "mod_ass": "PART", "qst": "PART", "abbr": "NOUN", "emph": "PART",
}  # fmt: skip
_READING = re.compile(r'^\t"([^"]+)" (\S+)')


def read_apertium(folder: Path) -> list[tuple[str, str, str]]:
    """(form, lemma, upos) of every token whose kept reading maps to a UPOS."""
    out = []
    for path in sorted(folder.glob("*.tagged.clean.txt")):
        form = None
        for line in path.read_text("utf-8").splitlines():
            if line.startswith('"<') and line.endswith('>"'):
                form = line[2:-2]
                continue
            m = _READING.match(line)
            if form is not None and m:
                upos = TAG_TO_UPOS.get(m.group(2))
                if upos:
                    out.append((form.lower(), m.group(1).lower(), upos))
                form = None  # only the first kept reading counts
    return out


def read_conllu(path: Path) -> list[tuple[str, str, str]]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] not in ("PUNCT", "_"):
            out.append((cols[1].lower(), cols[2].lower(), cols[3]))
    return out


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=root / ".." / "shared")
    parser.add_argument("--out", type=Path, default=root / "data" / "morphology" / "ranking.tsv")
    args = parser.parse_args()
    data = args.shared / "data"
    tokens = read_apertium(data / "apertium-kaz" / "texts" / "gold-disambiguated")
    tokens += read_conllu(data / "ud_kk_ktb" / "kk_ktb-ud-train.conllu")
    forms = Counter(tokens)
    lemmas = Counter((lemma, upos) for _, lemma, upos in tokens)
    upos = Counter(u for _, _, u in tokens)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(
            f"# kazkit-ranking format=1 tokens={len(tokens)} built-by=tools/build_ranking.py\n"
        )
        for u, n in sorted(upos.items()):
            fh.write(f"upos\t{u}\t{n}\n")
        for (lemma, u), n in sorted(lemmas.items()):
            fh.write(f"lemma\t{lemma}\t{u}\t{n}\n")
        for (form, lemma, u), n in sorted(forms.items()):
            fh.write(f"form\t{form}\t{lemma}\t{u}\t{n}\n")
    print(
        f"{args.out}: {len(tokens)} tokens, {len(lemmas)} lemma/UPOS pairs, {len(forms)} readings"
    )


if __name__ == "__main__":
    main()
