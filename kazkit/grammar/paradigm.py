"""Paradigm tables for ``kazkit paradigm``: the lexeme of a lemma pivoted into rows and columns.

Nominal paradigms put the case in the columns (Nom, Gen, Dat, ...) and number/possessor in the rows;
verbal paradigms put person/number in the rows and tense/mood/polarity in the columns. Forms whose
features fit neither layout (derivations, participles with case, ...) are listed at the end as
``extra`` rows so nothing the generator knows is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kazkit.types import format_feats

CASE_ORDER = ["Nom", "Gen", "Dat", "Acc", "Loc", "Abl", "Ins", "Equ"]
PERSON_KEYS = ("Person", "Number", "Polite")


@dataclass
class ParadigmTable:
    lemma: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]  # (row label, one cell per column; "" when absent)
    extra: list[tuple[str, str]] = field(default_factory=list)  # (form, feats) outside the grid


def _label(feats: dict[str, str], keys) -> str:
    return format_feats({k: v for k, v in feats.items() if k in keys}) if any(k in feats for k in keys) else "_"


def build_table(lemma: str, lexeme: list[tuple[str, dict[str, str]]]) -> ParadigmTable:
    """Pivot ``lexeme(lemma)`` rows into a table (case columns for nominals, person rows for verbs)."""
    with_case = [(f, x) for f, x in lexeme if "Case" in x and "VerbForm" not in x]
    verbal = [(f, x) for f, x in lexeme if x.get("VerbForm") == "Fin"]
    grid: dict[str, dict[str, list[str]]] = {}
    columns: list[str] = []
    used: set[int] = set()
    if len(with_case) >= len(verbal):
        present = {x["Case"] for _f, x in with_case}
        columns = [c for c in CASE_ORDER if c in present] + sorted(present - set(CASE_ORDER))
        for i, (form, feats) in enumerate(lexeme):
            if "Case" in feats and "VerbForm" not in feats:
                rest = {k: v for k, v in feats.items() if k != "Case"}
                grid.setdefault(format_feats(rest), {}).setdefault(feats["Case"], []).append(form)
                used.add(i)
    else:
        for i, (form, feats) in enumerate(lexeme):
            if feats.get("VerbForm") == "Fin":
                col = format_feats({k: v for k, v in feats.items() if k not in PERSON_KEYS})
                if col not in columns:
                    columns.append(col)
                grid.setdefault(_label(feats, PERSON_KEYS), {}).setdefault(col, []).append(form)
                used.add(i)
    rows = [(label, [", ".join(cells.get(c, [])) for c in columns]) for label, cells in grid.items()]
    # Plain forms first, then possessed, then predicative and derived ones (a stable sort).
    rows.sort(key=lambda row: ("Derivation" in row[0], ("|" + row[0]).find("|Person=") >= 0,
                               row[0] != "_" and row[0].count("|") + 1))
    extra = [(form, format_feats(feats)) for i, (form, feats) in enumerate(lexeme) if i not in used]
    return ParadigmTable(lemma, columns, rows, extra)
