"""Kazakh morphological analysis and generation.

The phonology and the morphotactics are data (``data/morphology/*.yaml``); this package compiles
them into allomorph tables at first use. The default analyser reads ``data/lexicon/lexicon.tsv``.

>>> analyze("мектептерімізде")[0].lemma  # doctest: +SKIP
'мектеп'
>>> generate("мектеп", "Case=Loc|Number=Plur")  # doctest: +SKIP
['мектептерде']
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kazkit.paths import data_path
from kazkit.types import Analysis

from .analyzer import Analyzer

__all__ = ["Analyzer", "analyze", "generate", "get_analyzer", "is_known", "lexeme"]


@lru_cache(maxsize=1)
def default_lexicon_path() -> Path | None:
    """The shipped lexicon, or None when it has not been built (then only closed classes are known)."""
    path = data_path("lexicon", "lexicon.tsv")
    return path if path.is_file() else None


@lru_cache(maxsize=8)
def _analyzer_for(path: Path | None) -> Analyzer:
    return Analyzer(path)


def get_analyzer(lexicon_path: Path | None = None) -> Analyzer:
    """The analyser for a lexicon file (the shipped one by default), built once and cached."""
    return _analyzer_for(Path(lexicon_path) if lexicon_path else default_lexicon_path())


def analyze(word: str) -> list[Analysis]:
    """Analyses of a word, best first; [] when it is not a Kazakh word.

    Cached per word type: the list returned is shared, so copy it before changing it.
    """
    return get_analyzer().analyze(word)


def generate(lemma: str, feats: dict[str, str] | str, pos: str | None = None) -> list[str]:
    """Forms of ``lemma`` with features ``feats`` (a dict or ``"Case=Dat|Number=Plur"``)."""
    return get_analyzer().generate(lemma, feats, pos)


def lexeme(
    lemma: str, pos: str | None = None, extra: bool = False
) -> list[tuple[str, dict[str, str]]]:
    """Paradigm table rows ``(form, feats)`` of a lemma; ``extra`` adds voice forms and derived
    stems after them, marked ``Extra=Voice`` / ``Extra=Derivation`` in their features."""
    return get_analyzer().lexeme(lemma, pos, extra)


def is_known(word: str) -> bool:
    """True when the word has a non-guessed analysis (the spell-checker's entry point)."""
    return get_analyzer().is_known(word)
