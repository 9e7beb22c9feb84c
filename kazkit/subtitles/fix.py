"""``kazkit subs fix``: safe language fixes, re-wrapping to the profile, and timing repairs.

Language fixes are those of ``kazkit fix`` (the checker's safe rules), applied inside each cue
without touching tags. Lines are re-broken only in cues that break the layout limits. Timing is
repaired by moving end times only, and only within the profile: an overlap or a too-short gap
is closed by ending the earlier cue ``min_gap`` before the next one starts, provided it still
stays on screen ``min_duration``; a too-short cue is lengthened into the free time after it.

>>> from kazkit.subtitles.io import parse_subtitles
>>> sub = parse_subtitles("1\\n00:00:01,000 --> 00:00:04,000\\nБұл кітап ма?\\n\\n"
...                       "2\\n00:00:03,500 --> 00:00:06,000\\nИә, кітап.\\n")
>>> fixed, report = fix_subtitles(sub, all_rules=True)
>>> fixed.cues[0].text, fixed.cues[0].end
('Бұл кітап па?', 3417)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kazkit.config import Config
from kazkit.subtitles.io import Cue, SubtitleFile, tags_of
from kazkit.subtitles.profiles import Profile, load_profile
from kazkit.subtitles.qa import language_findings
from kazkit.subtitles.wrap import needs_wrap, wrap_text


@dataclass
class FixReport:
    """What :func:`fix_subtitles` changed, and what it could not repair."""

    name: str
    language_fixes: int = 0
    rewrapped: int = 0
    timing_fixes: int = 0
    unresolved: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.language_fixes + self.rewrapped + self.timing_fixes

    def to_dict(self) -> dict:
        return {"file": self.name, "language_fixes": self.language_fixes, "rewrapped": self.rewrapped,
                "timing_fixes": self.timing_fixes, "unresolved": list(self.unresolved)}


def fix_subtitles(sub: SubtitleFile, profile: Profile | None = None, *, config: Config | None = None,
                  all_rules: bool = False, language: bool = True, rewrap: bool = True,
                  timing: bool = True, max_passes: int = 3) -> tuple[SubtitleFile, FixReport]:
    """A fixed copy of ``sub`` (the original is not changed) and a report of the changes."""
    profile = profile or load_profile()
    cues = [replace(cue) for cue in sub.cues]
    fixed = sub.copy_with(cues)
    report = FixReport(sub.name)
    if language:
        report.language_fixes = _fix_language(fixed, config, all_rules, max_passes)
    if rewrap:
        for cue in fixed.cues:
            if needs_wrap(cue.text, profile.max_line_length, profile.max_lines):
                wrapped = wrap_text(cue.text, profile.max_line_length, profile.max_lines)
                if wrapped != cue.text:
                    cue.text = wrapped
                    report.rewrapped += 1
                if needs_wrap(cue.text, profile.max_line_length, profile.max_lines):
                    report.unresolved.append(f"cue {cue.index}: too much text for "
                                             f"{profile.max_lines} lines of {profile.max_line_length}")
    if timing:
        report.timing_fixes, unresolved = fix_timing(fixed.cues, profile)
        report.unresolved.extend(unresolved)
    return fixed, report


def _fix_language(sub: SubtitleFile, config: Config | None, all_rules: bool, max_passes: int) -> int:
    from kazkit.grammar.checker import safe_rule_ids
    from kazkit.grammar.fix import fix_text

    safe = None if all_rules else safe_rule_ids(config)
    total = 0
    for _ in range(max_passes):
        by_cue: dict[int, list] = {}
        for finding in language_findings(sub, config):
            d = finding.diagnostic
            # A replacement across a tag would delete or move the tag: leave it to a person.
            if tags_of(finding.cue.text[d.start:d.end]):
                continue
            by_cue.setdefault(finding.cue.index, []).append(d)
        count = 0
        for cue in sub.cues:
            if cue.index in by_cue:
                cue.text, applied = fix_text(cue.text, by_cue[cue.index], all_rules=all_rules,
                                             safe_rules=safe)
                count += applied
        total += count
        if count == 0:
            break
    return total


def fix_timing(cues: list[Cue], profile: Profile) -> tuple[int, list[str]]:
    """Move end times to remove overlaps and too-short gaps and to lengthen too-short cues.

    Returns the number of cues changed and a line for each problem left (e.g. an overlap that
    could only be removed by making a cue shorter than ``min_duration``).
    """
    changed: set[int] = set()
    unresolved: list[str] = []
    for cue, following in zip(cues, cues[1:], strict=False):
        if following.start < cue.start:
            unresolved.append(f"cue {following.index}: out of time order")
            continue
        gap = following.start - cue.end
        if gap < profile.min_gap:
            new_end = following.start - profile.min_gap
            if _may_end_at(cue, new_end, profile):
                cue.end = new_end
                changed.add(cue.index)
            elif gap < 0:
                unresolved.append(f"cue {cue.index}: overlaps cue {following.index} and cannot end "
                                  "earlier without becoming too short or too fast to read")
        if cue.duration < profile.min_duration:
            room = following.start - profile.min_gap
            new_end = min(cue.start + profile.min_duration, room)
            if new_end > cue.end:
                cue.end = new_end
                changed.add(cue.index)
            if cue.duration < profile.min_duration:
                unresolved.append(f"cue {cue.index}: {cue.duration / 1000:.3f} s on screen, no room "
                                  f"for {profile.min_duration / 1000:.3f} s before cue {following.index}")
    if cues and cues[-1].duration < profile.min_duration:
        cues[-1].end = cues[-1].start + profile.min_duration
        changed.add(cues[-1].index)
    return len(changed), unresolved


def _may_end_at(cue: Cue, new_end: int, profile: Profile) -> bool:
    """Whether ``cue`` may be shortened to ``new_end``: it stays ``min_duration`` long (or as long
    as it was, if shorter already) and its reading speed stays under the hard limit."""
    from kazkit.subtitles.qa import cue_characters

    duration = new_end - cue.start
    if duration < min(profile.min_duration, cue.duration) or duration <= 0:
        return False
    return cue_characters(cue) * 1000 / duration <= max(profile.max_cps_hard,
                                                        cue_characters(cue) * 1000 / max(cue.duration, 1))
