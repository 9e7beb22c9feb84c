"""Build ``data/spelling/forms.tsv``: the speller's dictionary of frequent, correct word forms.

Input: ``data/lexicon/formfreq.tsv`` (lower-cased corpus word forms with counts, built by
``tools/build_lexicon.py``). Output: the forms the morphological analyser knows (a reading from
the lexicon, not a guess), with their counts, most frequent first. Corpus forms the analyser
does not know are left out on purpose: the corpus has its own typos (``карай`` for ``қарай``),
and the speller must not learn them.

Run: python tools/build_spelling.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FORMAT = "# kazkit-spelling-forms format=1 built-by=tools/build_spelling.py from=data/lexicon/formfreq.tsv"


def read_formfreq(path: Path) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        form, count = line.split("\t")[:2]
        rows.append((form, int(count)))
    return rows


def main() -> None:
    from kazkit.grammar.morphology import is_known

    rows = read_formfreq(REPO / "data" / "lexicon" / "formfreq.tsv")
    kept = [(form, count) for form, count in rows if form.isalpha() and is_known(form)]
    kept.sort(key=lambda fc: (-fc[1], fc[0]))
    out = REPO / "data" / "spelling" / "forms.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{form}\t{count}\n" for form, count in kept)
    out.write_text(f"{FORMAT} forms={len(kept)}\n{body}", encoding="utf-8")
    print(f"{out.relative_to(REPO)}: {len(kept)} of {len(rows)} corpus forms kept", file=sys.stderr)


if __name__ == "__main__":
    main()
