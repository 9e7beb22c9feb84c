"""A translation memory: TMX and TSV in, exact and fuzzy look-up (rapidfuzz), TSV out.

>>> memory = TranslationMemory([("Welcome to the course.", "Курсқа қош келдіңіздер.")])
>>> memory.lookup("Welcome to the course.").target
'Курсқа қош келдіңіздер.'
>>> match = memory.lookup("Welcome to this course.")
>>> match.kind, match.score > 85
('fuzzy', True)
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

from kazkit.errors import InputError

DEFAULT_THRESHOLD = 85.0
# ISO 639-2/3 codes and NLLB-style codes that TMX files use beside the two-letter ones.
_LANG_ALIASES = {"kaz": "kk", "eng": "en", "rus": "ru", "tur": "tr", "kaz_cyrl": "kk",
                 "eng_latn": "en", "rus_cyrl": "ru"}


def normalize_lang(code: str) -> str:
    """``kk-KZ``, ``kaz``, ``kaz_Cyrl`` -> ``kk``."""
    code = code.strip().lower()
    if code in _LANG_ALIASES:
        return _LANG_ALIASES[code]
    return _LANG_ALIASES.get(regex.split(r"[-_]", code)[0], regex.split(r"[-_]", code)[0])


def normalize_segment(text: str) -> str:
    """The key of a segment: whitespace collapsed (case and punctuation matter in a TM)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class TMMatch:
    """A memory hit: ``kind`` is ``exact`` or ``fuzzy``; ``score`` 0-100 (100 for exact)."""

    source: str
    target: str
    score: float
    kind: str


class TranslationMemory:
    """Source -> target segments; exact matches first, then the best fuzzy one above a threshold."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = (), threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        for source, target in pairs:
            self.add(source, target)

    def __len__(self) -> int:
        return len(self._exact)

    def add(self, source: str, target: str) -> None:
        key = normalize_segment(source)
        if key and target.strip():
            self._exact[key] = normalize_segment(target)

    def lookup(self, source: str) -> TMMatch | None:
        key = normalize_segment(source)
        if key in self._exact:
            return TMMatch(key, self._exact[key], 100.0, "exact")
        if not self._exact or self.threshold >= 100:
            return None
        from rapidfuzz import fuzz, process

        hit = process.extractOne(key, self._exact.keys(), scorer=fuzz.ratio,
                                 score_cutoff=self.threshold)
        if hit is None:
            return None
        matched, score, _ = hit
        return TMMatch(matched, self._exact[matched], float(score), "fuzzy")

    @classmethod
    def load(cls, paths: Iterable[str | os.PathLike[str]], *, source_lang: str | None = None,
             target_lang: str = "kk", threshold: float = DEFAULT_THRESHOLD) -> TranslationMemory:
        """Read TMX (``.tmx``) and TSV (anything else: ``source<TAB>target`` a line) files."""
        memory = cls(threshold=threshold)
        for path in paths:
            if str(path).lower().endswith(".tmx"):
                pairs = read_tmx(path, source_lang=source_lang, target_lang=target_lang)
            else:
                pairs = read_tsv(path)
            for source, target in pairs:
                memory.add(source, target)
        return memory

    def save_tsv(self, path: str | os.PathLike[str]) -> None:
        from kazkit.text.io import atomic_write

        lines = [f"{s}\t{t}\n" for s, t in sorted(self._exact.items())]
        atomic_write(path, "".join(lines))


def read_tsv(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """``source<TAB>target`` lines; ``#`` comments and a ``source target`` header are skipped."""
    from kazkit.text.io import read_input

    pairs = []
    for number, row in enumerate(csv.reader(read_input(path).text.splitlines(), delimiter="\t",
                                            quoting=csv.QUOTE_NONE), start=1):
        if not row or row[0].startswith("#") or (number == 1 and row[:2] == ["source", "target"]):
            continue
        if len(row) < 2:
            raise InputError(f"{path}:{number}: a translation memory line needs source<TAB>target")
        pairs.append((row[0], row[1]))
    return pairs


def read_tmx(path: str | os.PathLike[str], *, source_lang: str | None = None,
             target_lang: str = "kk") -> list[tuple[str, str]]:
    """The (source, target) segment pairs of a TMX 1.4 file for one language pair.

    The source language is ``source_lang``, else the header's ``srclang``; inline markup
    (``<bpt>``, ``<ph>`` ...) is dropped, its text kept.
    """
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(Path(path)).getroot()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except ET.ParseError as error:
        raise InputError(f"{path}: not valid TMX ({error})") from None
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    header = root.find("header")
    wanted_source = normalize_lang(source_lang or (header.get("srclang", "") if header is not None else ""))
    wanted_target = normalize_lang(target_lang)
    pairs = []
    for unit in root.iter("tu"):
        segments: dict[str, str] = {}
        for variant in unit.iter("tuv"):
            lang = normalize_lang(variant.get(lang_attr) or variant.get("lang") or "")
            seg = variant.find("seg")
            if seg is not None:
                segments[lang] = normalize_segment("".join(_seg_text(seg)))
        if wanted_source and wanted_source != "*all*":
            source = segments.get(wanted_source)
        else:  # no source language named anywhere: the first variant not in the target language
            source = next((t for lang, t in segments.items() if lang != wanted_target), None)
        target = segments.get(wanted_target)
        if source and target:
            pairs.append((source, target))
    return pairs


def _seg_text(element) -> Iterable[str]:
    """Text of a <seg>, skipping the native codes inside <bpt>/<ept>/<ph>/<it>."""
    if element.text and element.tag == "seg":
        yield element.text
    for child in element:
        if child.tag in ("hi", "sub"):
            yield child.text or ""
            yield from _seg_text(child)
        if child.tail:
            yield child.tail
