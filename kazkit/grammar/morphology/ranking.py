"""Ordering of analyses, best first.

The order is: lexicon readings before guesses, fewer derivations, then a score that adds
frequency evidence from ``data/morphology/ranking.tsv`` (built by ``tools/build_ranking.py``
from hand-disambiguated texts) and subtracts a small cost per morpheme (a known stem beats a
derivation, ``жылы`` "warm" needs evidence to lose to ``жыл`` + ``-ы``).

ranking.tsv rows: ``kind<TAB>key...<TAB>count`` with kinds
  ``form``  form, lemma, UPOS: how often a form was this reading in the gold texts
  ``lemma`` lemma, UPOS: how often a lemma had that UPOS
  ``upos``  UPOS: the prior of each part of speech
"""

from __future__ import annotations

import math
from pathlib import Path

from kazkit.paths import data_path
from kazkit.types import Analysis

TERMS_LIMIT = 200_000  # (lemma, UPOS) terms kept by score_lexical (cleared when full)


class Ranker:
    """Scores analyses from the counts in ranking.tsv (missing file: morpheme count only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.form: dict[tuple[str, str, str], int] = {}
        self.lemma: dict[tuple[str, str], int] = {}
        self.upos: dict[str, int] = {}
        path = path or data_path("morphology", "ranking.tsv")
        if path.is_file():
            self._load(path)
        total = sum(self.upos.values()) or 1
        self.upos_logp = {k: math.log((v + 1) / total) for k, v in self.upos.items()}
        self.min_logp = math.log(1 / total)
        # (lemma, UPOS) -> (lower-case lemma, lemma term, UPOS term) of score_lexical()
        self._terms: dict[tuple[str, str], tuple[str, float, float]] = {}

    def _load(self, path: Path) -> None:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if cols[0] == "form" and len(cols) == 5:
                    self.form[(cols[1], cols[2], cols[3])] = int(cols[4])
                elif cols[0] == "lemma" and len(cols) == 4:
                    self.lemma[(cols[1], cols[2])] = int(cols[3])
                elif cols[0] == "upos" and len(cols) == 3:
                    self.upos[cols[1]] = int(cols[2])

    def score(self, word: str, analysis: Analysis, morphs: int, derivations: int) -> float:
        """Higher is better."""
        if analysis.guessed:
            # among guesses a longer known suffix chain (a shorter unknown stem) is likelier,
            # and a capitalised unknown word is a name before it is a common noun
            return (
                -10.0
                + 0.4 * morphs
                + 0.5 * (analysis.pos == "PROPN")
                + 0.1 * (analysis.pos == "NUM")
            )
        return self.score_lexical(word, analysis.lemma, analysis.pos, morphs, derivations)

    def score_lexical(
        self, word: str, lemma: str, pos: str, morphs: int, derivations: int
    ) -> float:
        """:meth:`score` of a lexicon reading (not a guess), from its parts: no Analysis needed.

        The terms of the lemma and the UPOS are computed once per (lemma, UPOS) and added in
        the same order as ever, so that the sums are the very same floats (ties keep their
        order in the stable sort of the analyser).
        """
        terms = self._terms.get((lemma, pos))
        if terms is None:
            if len(self._terms) >= TERMS_LIMIT:
                self._terms.clear()
            low = lemma.lower()
            terms = self._terms[(lemma, pos)] = (
                low,
                1.0 * math.log1p(self.lemma.get((low, pos), 0)),
                0.3 * self.upos_logp.get(pos, self.min_logp),
            )
        low, lemma_term, upos_term = terms
        s = -1.2 * morphs - 4.0 * derivations
        s += 3.0 * math.log1p(self.form.get((word, low, pos), 0))
        s += lemma_term
        s += upos_term
        return s
