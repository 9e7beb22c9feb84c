"""``kazkit fix``: apply suggestions without touching anything else.

Only the first replacement of each finding is used, only for rules marked ``safe`` unless
``all_rules``; overlapping findings keep the first (leftmost, then longest-standing) one; edits are
made right to left so earlier offsets stay valid. Every character outside the fixed spans is left
as it was, and :func:`fix_file` writes the file back in its own encoding, BOM and line endings.

>>> fix_text("Сәлем , әлем", [Diagnostic("KK_SPACE_BEFORE_PUNCT", "punctuation", "warning",
...          "", 5, 6, replacements=[""])], all_rules=True)
('Сәлем, әлем', 1)
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kazkit.config import Config
from kazkit.types import Diagnostic


def choose_fixes(diagnostics: Iterable[Diagnostic], safe_rules: Collection[str] | None) -> list[Diagnostic]:
    """The findings to apply: with a replacement, allowed, and not overlapping one chosen before.

    ``safe_rules=None`` allows every rule. Two insertions at one point would fight over the
    order of their texts, so only the first is kept.
    """
    chosen: list[Diagnostic] = []
    last_end = -1
    for diagnostic in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        if not diagnostic.replacements:
            continue
        if safe_rules is not None and diagnostic.rule_id not in safe_rules:
            continue
        if diagnostic.start < last_end:
            continue
        if (chosen and diagnostic.start == diagnostic.end == last_end
                and chosen[-1].start == chosen[-1].end):
            continue
        chosen.append(diagnostic)
        last_end = diagnostic.end
    return chosen


def fix_text(text: str, diagnostics: Iterable[Diagnostic], *, all_rules: bool = False,
             safe_rules: Collection[str] | None = None) -> tuple[str, int]:
    """``text`` with the first replacement of each chosen finding applied, and how many were.

    Without ``all_rules`` only rules in ``safe_rules`` (default: the shipped safe rules and the
    safe rules of registered checks) are applied.
    """
    if not all_rules and safe_rules is None:
        from kazkit.grammar.checker import safe_rule_ids

        safe_rules = safe_rule_ids()
    chosen = choose_fixes(diagnostics, None if all_rules else safe_rules)
    pieces: list[str] = []
    position = len(text)
    for diagnostic in reversed(chosen):
        pieces.append(text[diagnostic.end:position])
        pieces.append(diagnostic.replacements[0])
        position = diagnostic.start
    pieces.append(text[:position])
    return "".join(reversed(pieces)), len(chosen)


@dataclass(frozen=True)
class FixResult:
    """What :func:`fix_file` did: the fixed text, the number of fixes, and how it was stored."""

    name: str
    text: str
    fixes: int
    decoded: object  # kazkit.text.io.Decoded
    written: bool


def fix_file(path: str | os.PathLike[str], *, in_place: bool = False, backup: bool = True,
             all_rules: bool = False, config: Config | None = None, encoding: str | None = None,
             max_passes: int = 3) -> FixResult:
    """Fix one file (or ``-``); with ``in_place`` write it back atomically in its own encoding.

    A fix can reveal another (a removed space leaves a missing one after a comma), so checking
    and fixing repeat up to ``max_passes`` times until nothing changes.
    """
    from kazkit.grammar.checker import check_text, safe_rule_ids
    from kazkit.text.io import read_input, write_back

    decoded = read_input(path, encoding)
    safe = None if all_rules else safe_rule_ids(config)
    text, total = decoded.text, 0
    for _ in range(max_passes):
        diagnostics = _encodable(check_text(text, config=config), decoded.encoding)
        text, count = fix_text(text, diagnostics, all_rules=all_rules, safe_rules=safe)
        total += count
        if count == 0:
            break
    written = False
    if in_place and total and str(path) != "-":
        write_back(path, text, decoded, backup=backup)
        written = True
    return FixResult(decoded.name, text, total, decoded, written)


def unified_diff(result: FixResult) -> str:
    """The fixes of ``result`` as a unified diff of its text (empty when nothing was fixed),
    with ``a/NAME`` and ``b/NAME`` headers as ``git diff`` writes them."""
    import difflib

    before = result.decoded.text  # type: ignore[attr-defined]
    if before == result.text:
        return ""
    lines = difflib.unified_diff(before.splitlines(keepends=True), result.text.splitlines(keepends=True),
                                 f"a/{result.name}", f"b/{result.name}")
    # a last line without a line break is marked as diff and patch expect
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _encodable(diagnostics: list[Diagnostic], encoding: str) -> list[Diagnostic]:
    """Drop findings whose first replacement the file's encoding cannot store (Kazakh і in a
    Windows-1251 file): the file is kept in its own encoding rather than half-fixed or refused."""
    def storable(diagnostic: Diagnostic) -> bool:
        if not diagnostic.replacements:
            return True
        try:
            diagnostic.replacements[0].encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return False
        return True

    return [d for d in diagnostics if storable(d)]
