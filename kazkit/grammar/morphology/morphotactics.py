"""Suffix slots as data: parse nominal.yaml/verbal.yaml and compile allomorph tables.

A suffix's allomorphs are precomputed for every left context ``(harmony, sound_class)``, so the
analyser's inner loop is a dict lookup plus ``str.startswith`` and the generator reads the very
same tables (analysis and generation cannot disagree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kazkit.paths import data_path

from .phonology import BACK, FRONT, Phonology, load_yaml

CLASSES = ("V", "VL", "R", "L", "N", "Z", "K")
CONTEXTS = tuple((h, c) for h in (BACK, FRONT) for c in CLASSES)
_TOKEN = re.compile(r"\{([A-Z]+)\}|(.)")

#: A constraint that a morph puts on the next non-empty morph: (required first letters or None,
#: forbidden first letters or None, how many letters of the next morph the join swallows).
Need = tuple
NEED_ANY: Need = (None, None, 0)


@dataclass(frozen=True, slots=True)
class Allomorph:
    """One surface realisation of a suffix in one left context."""

    surface: str  # as written in the word (voiced when a vowel follows: -лығ-)
    base: str  # citation shape (-лық), used to spell derived lemmas
    harmony: str  # left context after this morph
    cls: str
    need: Need  # what the next morph must look like


@dataclass(slots=True)
class Suffix:
    """A suffix entry of the morphotactics."""

    id: str
    templates: list[tuple[frozenset[str] | None, str]]  # (classes or None for `else`, template)
    feats: dict[str, str]
    sources: list[str]
    target: str
    derive: str | None = None
    table: dict[tuple[str, str], tuple[Allomorph, ...]] = field(default_factory=dict)

    def templates_for(self, cls: str) -> list[str]:
        chosen = [t for when, t in self.templates if when is not None and cls in when]
        return chosen or [t for when, t in self.templates if when is None]


@dataclass(slots=True)
class Morphotactics:
    """All suffixes, the final states and the compiled tables."""

    suffixes: list[Suffix]
    final: frozenset[str]
    aux_lemmas: frozenset[str]
    by_state: dict[str, list[Suffix]]
    defective: frozenset[str] = frozenset()  # verbs with listed forms only (the copula е-)


def _parse_templates(raw: object) -> list[tuple[frozenset[str] | None, str]]:
    if isinstance(raw, str):
        return [(None, raw)]
    out: list[tuple[frozenset[str] | None, str]] = []
    for alt in raw:  # type: ignore[union-attr]
        if "when" in alt:
            out.append((frozenset(alt["when"]), str(alt["t"])))
        else:
            out.append((None, str(alt["else"])))
    return out


def after(phon: Phonology, harmony: str, cls: str, text: str) -> tuple[str, str]:
    """The left context once ``text`` has been appended to a context ``(harmony, cls)``."""
    if not text:
        return harmony, cls
    h = harmony
    for ch in reversed(text):
        if ch in phon.back:
            h = BACK
            break
        if ch in phon.front:
            h = FRONT
            break
    if all(ch in phon.vowels for ch in text):
        return h, ("VL" if cls in ("L", "VL") else "V")
    return h, phon.sound_class(text)


def realise(phon: Phonology, template: str, harmony: str, cls: str) -> str:
    """Realise one template left to right: ``realise(p, "{L}{A}р", "f", "K")`` -> ``тер``."""
    out = ""
    h, c = harmony, cls
    for arch, lit in _TOKEN.findall(template):
        piece = phon.realise(arch, h, c) if arch else lit
        out += piece
        h, c = after(phon, harmony, cls, out)
    return out


def voicing_variants(
    phon: Phonology, surface: str, triggers: frozenset[str]
) -> list[tuple[str, Need]]:
    """A morph ending in п/қ/к after a vowel voices before a vowel: -лық -> -лығ-ы."""
    if len(surface) >= 2 and surface[-1] in phon.voicing and surface[-2] in phon.vowels:
        voiced = surface[:-1] + phon.voicing[surface[-1]]
        return [(surface, (None, triggers, 0)), (voiced, (triggers, None, 0))]
    return [(surface, NEED_ANY)]


def compile_suffix(phon: Phonology, suffix: Suffix, triggers: frozenset[str]) -> None:
    """Fill ``suffix.table`` for every left context."""
    for h, c in CONTEXTS:
        allos: list[Allomorph] = []
        seen: set[str] = set()
        for template in suffix.templates_for(c):
            base = realise(phon, template, h, c)
            oh, oc = after(phon, h, c, base)
            for surface, need in voicing_variants(phon, base, triggers):
                if surface in seen:
                    continue
                seen.add(surface)
                allos.append(Allomorph(surface, base, oh, oc, need))
        suffix.table[(h, c)] = tuple(allos)


def load_morphotactics(phon: Phonology, files: list[Path] | None = None) -> Morphotactics:
    """Read the morphotactics files (nominal.yaml and verbal.yaml by default) and compile them."""
    files = files or [
        data_path("morphology", "nominal.yaml"),
        data_path("morphology", "verbal.yaml"),
    ]
    suffixes: list[Suffix] = []
    final: set[str] = set()
    aux: set[str] = set()
    defective: set[str] = set()
    triggers = frozenset(phon.vowels | {"у"})
    for path in files:
        raw = load_yaml(path)
        final.update(raw.get("final", []))
        aux.update(raw.get("aux_lemmas", []))
        defective.update(str(lemma) for lemma in raw.get("defective", []))
        for entry in raw["suffixes"]:
            suffix = Suffix(
                id=str(entry["id"]),
                templates=_parse_templates(entry["t"]),
                feats={str(k): str(v) for k, v in (entry.get("feats") or {}).items()},
                sources=[str(s) for s in entry["from"]],
                target=str(entry["to"]),
                derive=entry.get("derive"),
            )
            compile_suffix(phon, suffix, triggers)
            suffixes.append(suffix)
        for state, rule in (raw.get("inherit") or {}).items():
            # a state that behaves like another one, minus some suffixes (derived stems)
            for suffix in suffixes:
                if rule["like"] in suffix.sources and suffix.id not in rule.get("except", []):
                    suffix.sources.append(state)
    by_state: dict[str, list[Suffix]] = {}
    for suffix in suffixes:
        for state in suffix.sources:
            by_state.setdefault(state, []).append(suffix)
    return Morphotactics(suffixes, frozenset(final), frozenset(aux), by_state, frozenset(defective))
