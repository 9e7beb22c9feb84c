"""Subtitle QA: Kazakh language findings per cue, and timing and layout checks against a profile.

Every finding is a :class:`CueFinding`: a :class:`~kazkit.types.Diagnostic` whose offsets are
in the cue's text, plus the file, the cue's 1-based index and its times.

Rule ids: ``subs.cps``, ``subs.line_length``, ``subs.lines``, ``subs.min_duration``,
``subs.max_duration``, ``subs.overlap``, ``subs.gap``, ``subs.empty``, ``subs.order``,
``subs.numbering``, ``subs.tags``, ``subs.format``, and the language checker's own ids
(``KK_QUESTION_PARTICLE_ALLOMORPH`` ...).

>>> from kazkit.subtitles.io import parse_subtitles
>>> sub = parse_subtitles("1\\n00:00:01,000 --> 00:00:01,400\\nБұл кітап ма?\\n")
>>> sorted(f.diagnostic.rule_id for f in check_subtitles(sub))
['KK_QUESTION_PARTICLE_ALLOMORPH', 'subs.cps', 'subs.min_duration']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from kazkit.config import Config
from kazkit.subtitles.io import Cue, SubtitleFile, format_time, visible_text
from kazkit.subtitles.profiles import Profile, load_profile
from kazkit.types import Diagnostic

SUBS_RULES = {
    "subs.cps": ("timing", "Reading speed: characters per second above the profile's limit."),
    "subs.line_length": ("layout", "A line longer than the profile's characters per line."),
    "subs.lines": ("layout", "More lines than the profile allows."),
    "subs.min_duration": ("timing", "A cue shorter than the profile's minimum duration."),
    "subs.max_duration": ("timing", "A cue longer than the profile's maximum duration."),
    "subs.overlap": ("timing", "A cue starts before the previous one ends."),
    "subs.gap": ("timing", "A gap between two cues shorter than the profile's minimum."),
    "subs.empty": ("layout", "A cue without visible text."),
    "subs.order": ("timing", "A cue starts before the previous one (out of time order)."),
    "subs.numbering": ("format", "SRT cue numbers out of order or with gaps."),
    "subs.tags": ("format", "Unbalanced styling tags (<i> without </i> ...)."),
    "subs.format": ("format", "The file is malformed where the reader worked around a problem."),
}

_OPEN_TAG = regex.compile(r"<(?P<name>[a-z]+)(?:[.\s][^>]*)?>", regex.IGNORECASE)
_CLOSE_TAG = regex.compile(r"</(?P<name>[a-z]+)\s*>", regex.IGNORECASE)
# WebVTT lets <v> and <lang> run to the end of the cue without a closing tag.
_SELF_ENDING = frozenset({"v", "lang"})


@dataclass
class CueFinding:
    """One finding in one cue; ``diagnostic.start/end`` are offsets into ``cue.text``."""

    path: str
    cue: Cue
    diagnostic: Diagnostic
    file_line: int = 0  # the file line where the finding is (for editors)

    def record(self, fmt: str = "srt") -> dict:
        """The json/jsonl record of the finding."""
        d = self.diagnostic
        return {
            "file": self.path,
            "cue": self.cue.index,
            "start": format_time(self.cue.start, fmt),
            "end": format_time(self.cue.end, fmt),
            "start_ms": self.cue.start,
            "end_ms": self.cue.end,
            "rule_id": d.rule_id,
            "category": d.category,
            "severity": d.severity,
            "message": d.message,
            "replacements": list(d.replacements),
            "text": self.cue.text[d.start:d.end],
            "line": self.file_line,
            "column": d.column,
        }


def cue_characters(cue: Cue) -> int:
    """Characters counted for reading speed: visible text, line breaks not counted."""
    text, _ = visible_text(cue.text)
    return sum(len(line.strip()) for line in text.split("\n"))


def _finding(sub: SubtitleFile, cue: Cue, rule_id: str, message: str, severity: str = "warning",
             start: int = 0, end: int | None = None, replacements: list[str] | None = None) -> CueFinding:
    category = SUBS_RULES[rule_id][0]
    end = len(cue.text) if end is None else end
    line_in_cue = cue.text.count("\n", 0, start)
    column = start - (cue.text.rfind("\n", 0, start) + 1) + 1
    diagnostic = Diagnostic(rule_id, category, severity, message, start, end, line_in_cue + 1, column,
                            replacements or [])
    return CueFinding(sub.name, cue, diagnostic, cue.line + 1 + line_in_cue if cue.line else 0)


# --- timing and layout -------------------------------------------------------------------------


def timing_findings(sub: SubtitleFile, profile: Profile) -> Iterator[CueFinding]:
    """Timing and layout findings of every cue, in cue order."""
    previous: Cue | None = None
    for cue in sub.cues:
        yield from _cue_layout(sub, cue, profile)
        yield from _cue_timing(sub, cue, profile)
        if previous is not None:
            yield from _between(sub, previous, cue, profile)
        previous = cue


def _cue_layout(sub: SubtitleFile, cue: Cue, profile: Profile) -> Iterator[CueFinding]:
    visible, _ = visible_text(cue.text)
    if not visible.strip():
        yield _finding(sub, cue, "subs.empty", f"Cue {cue.index} has no text.", "error")
        return
    lines = visible.split("\n")
    if len(lines) > profile.max_lines:
        yield _finding(sub, cue, "subs.lines", f"{len(lines)} lines; the {profile.name} profile "
                       f"allows {profile.max_lines}.")
    offset = 0
    for line in cue.text.split("\n"):
        length = len(visible_text(line)[0].strip())
        if length > profile.max_line_length:
            yield _finding(sub, cue, "subs.line_length", f"Line of {length} characters; the "
                           f"{profile.name} profile allows {profile.max_line_length}.",
                           start=offset, end=offset + len(line))
        offset += len(line) + 1
    yield from _tag_balance(sub, cue)


def _tag_balance(sub: SubtitleFile, cue: Cue) -> Iterator[CueFinding]:
    stack: list[tuple[str, int, int]] = []
    for match in regex.finditer(r"</?[a-zA-Z]+[^>]*>", cue.text):
        close = _CLOSE_TAG.fullmatch(match.group())
        if close:
            name = close.group("name").lower()
            if stack and stack[-1][0] == name:
                stack.pop()
            elif name in _SELF_ENDING:
                continue
            else:
                yield _finding(sub, cue, "subs.tags", f"</{name}> closes a tag that is not open.",
                               start=match.start(), end=match.end())
            continue
        opening = _OPEN_TAG.fullmatch(match.group())
        if opening:
            stack.append((opening.group("name").lower(), match.start(), match.end()))
    for name, start, end in stack:
        if name not in _SELF_ENDING:
            yield _finding(sub, cue, "subs.tags", f"<{name}> is never closed.", start=start, end=end)


def _cue_timing(sub: SubtitleFile, cue: Cue, profile: Profile) -> Iterator[CueFinding]:
    duration = cue.duration
    if duration < profile.min_duration:
        severity = "error" if duration <= 0 else "warning"
        yield _finding(sub, cue, "subs.min_duration", f"On screen {duration / 1000:.3f} s; the "
                       f"{profile.name} profile asks at least {profile.min_duration / 1000:.3f} s.",
                       severity)
    elif duration > profile.max_duration:
        yield _finding(sub, cue, "subs.max_duration", f"On screen {duration / 1000:.3f} s; the "
                       f"{profile.name} profile allows at most {profile.max_duration / 1000:.3f} s.")
    characters = cue_characters(cue)
    if duration > 0 and characters:
        cps = characters * 1000 / duration
        if cps > profile.max_cps:
            severity = "error" if cps > profile.max_cps_hard else "warning"
            yield _finding(sub, cue, "subs.cps", f"{cps:.1f} characters per second; the "
                           f"{profile.name} profile allows {profile.max_cps:g}.", severity)


def _between(sub: SubtitleFile, previous: Cue, cue: Cue, profile: Profile) -> Iterator[CueFinding]:
    if cue.start < previous.start:
        yield _finding(sub, cue, "subs.order", f"Starts at {format_time(cue.start, sub.format)}, "
                       f"before cue {previous.index} ({format_time(previous.start, sub.format)}).")
        return
    gap = cue.start - previous.end
    if gap < 0:
        yield _finding(sub, cue, "subs.overlap", f"Starts {-gap / 1000:.3f} s before cue "
                       f"{previous.index} ends ({format_time(previous.end, sub.format)}).", "error")
    elif gap < profile.min_gap:
        yield _finding(sub, cue, "subs.gap", f"Only {gap / 1000:.3f} s after cue {previous.index}; "
                       f"the {profile.name} profile asks {profile.min_gap / 1000:.3f} s.")


def format_findings(sub: SubtitleFile) -> Iterator[CueFinding]:
    """The reader's warnings (bad timestamps, missing blank lines, numbering) as findings."""
    by_index = {cue.index: cue for cue in sub.cues}
    for warning in sub.warnings:
        if warning.code == "no_text":
            continue  # reported as subs.empty
        cue = by_index.get(warning.cue) or Cue(0, 0, 0, "", line=warning.line)
        rule = "subs.numbering" if warning.code == "numbering" else "subs.format"
        finding = _finding(sub, cue, rule, warning.message, "hint" if rule == "subs.numbering" else "warning")
        finding.file_line = warning.line
        yield finding


# --- language ----------------------------------------------------------------------------------


def language_findings(sub: SubtitleFile, config: Config | None = None, lang: str = "en",
                      termbases: Iterable | None = None) -> list[CueFinding]:
    """Findings of the Kazakh checker (as ``kazkit check``) mapped into the cues.

    The visible text of all cues is checked as one document, one cue per line, so that the
    document-level checks (consistency, repetition) see the whole file, and each finding is
    mapped back into its cue's raw text (tags and entities included).
    """
    from kazkit.grammar.checker import check_text

    document, spans = _document(sub)
    diagnostics = check_text(document, config=config, lang=lang)
    if termbases:
        diagnostics.extend(_term_diagnostics(document, termbases))
    return [f for f in (_map(sub, spans, d) for d in diagnostics) if f is not None]


def _document(sub: SubtitleFile) -> tuple[str, list[tuple[int, Cue, list[int]]]]:
    """The visible text of the cues, one cue a paragraph line, and where each cue starts."""
    parts: list[str] = []
    spans: list[tuple[int, Cue, list[int]]] = []
    position = 0
    for cue in sub.cues:
        visible, offsets = visible_text(cue.text)
        spans.append((position, cue, offsets))
        parts.append(visible)
        position += len(visible) + 1
    return "\n".join(parts), spans


def _map(sub: SubtitleFile, spans: list, diagnostic: Diagnostic) -> CueFinding | None:
    import bisect

    index = bisect.bisect_right([s[0] for s in spans], diagnostic.start) - 1
    if index < 0:
        return None
    base, cue, offsets = spans[index]
    start = diagnostic.start - base
    end = min(diagnostic.end - base, len(offsets) - 1)
    if start >= len(offsets) - 1 and start > 0:
        return None  # on the separator between two cues
    raw_start = offsets[start]
    raw_end = offsets[end - 1] + 1 if end > start else raw_start
    mapped = Diagnostic(diagnostic.rule_id, diagnostic.category, diagnostic.severity,
                        diagnostic.message, raw_start, raw_end,
                        cue.text.count("\n", 0, raw_start) + 1,
                        raw_start - (cue.text.rfind("\n", 0, raw_start) + 1) + 1,
                        list(diagnostic.replacements))
    line = cue.line + mapped.line if cue.line else 0
    return CueFinding(sub.name, cue, mapped, line)


def _term_diagnostics(document: str, termbases: Iterable) -> list[Diagnostic]:
    from kazkit.terms import term_check_diagnostics  # type: ignore[attr-defined]

    return list(term_check_diagnostics(document, list(termbases)))


# --- everything --------------------------------------------------------------------------------


def check_subtitles(sub: SubtitleFile, profile: Profile | None = None, *, config: Config | None = None,
                    lang: str = "en", language: bool = True, termbases: Iterable | None = None
                    ) -> list[CueFinding]:
    """All findings of one file, sorted by cue and position."""
    profile = profile or load_profile()
    found = list(format_findings(sub)) + list(timing_findings(sub, profile))
    if language:
        found.extend(language_findings(sub, config, lang, termbases))
    found.sort(key=lambda f: (f.cue.index, f.diagnostic.start, f.diagnostic.rule_id))
    return found
