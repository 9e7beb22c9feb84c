"""Course materials as sections of text: plain text, Markdown and subtitles (.srt/.vtt).

The summariser and the paraphraser work on :class:`Material`: the text of one input and its
sections. A section starts at a heading (a Markdown ``#`` line, or in plain text a short line
with no closing punctuation followed by more text in the same block, such as
``Қазақ тілінің тарихы``); without headings every blank-line paragraph is a section. Subtitles
are read with :func:`kazkit.subtitles.io.read_subtitles`; their cue texts are joined into running
text (a sentence often spans two cues) and a pause of :data:`SUBTITLE_SECTION_GAP_MS` or more
starts a new section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Material", "Section", "SUBTITLE_SECTION_GAP_MS", "material_from_text", "read_material",
           "split_sections"]

#: A pause this long between two cues starts a new section of a lecture's subtitles.
SUBTITLE_SECTION_GAP_MS = 5000

SUBTITLE_SUFFIXES = (".srt", ".vtt")
MARKDOWN_SUFFIXES = (".md", ".markdown")

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_CLOSING = tuple(".!?…:;,")
_MAX_HEADING_WORDS = 12
_MAX_HEADING_CHARS = 100


@dataclass(frozen=True)
class Section:
    """A part of a material: its heading (``""`` when none) and the span ``[start, end)`` of its
    body in :attr:`Material.text` (heading line excluded)."""

    title: str
    start: int
    end: int


@dataclass
class Material:
    """One input: its text, its sections and, for subtitles, where each cue starts."""

    name: str
    text: str
    sections: list[Section]
    kind: str = "text"  # "text", "markdown" or "subtitles"
    cue_times: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, start ms)

    def body(self, section: Section) -> str:
        return self.text[section.start:section.end]

    def time_at(self, offset: int) -> int | None:
        """Start time (ms) of the cue holding character ``offset``; None for non-subtitles."""
        if not self.cue_times:
            return None
        index = bisect.bisect_right([start for start, _ in self.cue_times], offset) - 1
        return self.cue_times[max(index, 0)][1]


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, end excluding the line break."""
    spans, start = [], 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_plain_heading(line: str, has_more_text: bool) -> bool:
    stripped = line.strip()
    return (has_more_text and 0 < len(stripped) <= _MAX_HEADING_CHARS and not stripped.endswith(_CLOSING)
            and len(stripped.split()) <= _MAX_HEADING_WORDS and any(c.isalpha() for c in stripped))


def _headings(text: str, markdown: bool) -> list[tuple[int, int, str]]:
    """``(line start, line end, title)`` of each heading line."""
    lines = _lines(text)
    found = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        md = _MD_HEADING.match(line)
        if md:
            found.append((start, end, md.group(2).strip()))
            continue
        if markdown:
            continue
        first_of_block = number == 0 or not text[lines[number - 1][0]:lines[number - 1][1]].strip()
        next_line = text[lines[number + 1][0]:lines[number + 1][1]] if number + 1 < len(lines) else ""
        if first_of_block and _is_plain_heading(line, bool(next_line.strip())):
            found.append((start, end, line.strip()))
    return found


def _paragraphs(text: str, start: int, end: int) -> list[Section]:
    return [Section("", start + m.start(), start + m.end())
            for m in re.finditer(r"\S(?:.|\n(?![ \t]*\r?\n))*", text[start:end])]


def split_sections(text: str, markdown: bool = False) -> list[Section]:
    """Sections of ``text``: from each heading to the next, else one per blank-line paragraph.

    >>> [s.title for s in split_sections("Кіріспе\\nҚазақ тілі - мемлекеттік тіл.\\n")]
    ['Кіріспе']
    """
    headings = _headings(text, markdown)
    if not headings:
        return _paragraphs(text, 0, len(text)) or [Section("", 0, len(text))]
    sections = []
    if text[:headings[0][0]].strip():
        sections.append(Section("", 0, headings[0][0]))
    for number, (_, line_end, title) in enumerate(headings):
        end = headings[number + 1][0] if number + 1 < len(headings) else len(text)
        sections.append(Section(title, line_end, end))
    return sections


def material_from_text(text: str, name: str = "<text>", markdown: bool = False) -> Material:
    """A :class:`Material` from text already in memory."""
    return Material(name, text, split_sections(text, markdown), "markdown" if markdown else "text")


def _subtitle_material(path: str, encoding: str | None) -> Material:
    from kazkit.subtitles.io import read_subtitles, visible_text

    sub = read_subtitles(path, encoding)
    parts: list[str] = []
    cue_times: list[tuple[int, int]] = []
    section_starts: list[int] = []
    offset, previous_end = 0, None
    for cue in sub.cues:
        cue_text = " ".join(visible_text(cue.text)[0].split())
        if not cue_text:
            continue
        if previous_end is None or cue.start - previous_end >= SUBTITLE_SECTION_GAP_MS:
            if parts:
                parts.append("\n\n")
                offset += 2
            section_starts.append(offset)
        elif parts:
            parts.append(" ")
            offset += 1
        cue_times.append((offset, cue.start))
        parts.append(cue_text)
        offset += len(cue_text)
        previous_end = cue.end
    text = "".join(parts)
    bounds = [*section_starts, len(text)]
    sections = [Section("", bounds[i], bounds[i + 1]) for i in range(len(section_starts))]
    return Material(sub.name, text, sections or [Section("", 0, 0)], "subtitles", cue_times)


def read_material(path: str, encoding: str | None = None) -> Material:
    """Read a .txt/.md/.srt/.vtt file (or ``-`` for stdin) into a :class:`Material`."""
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in SUBTITLE_SUFFIXES:
        return _subtitle_material(path, encoding)
    from kazkit.text.io import read_input

    decoded = read_input(path, encoding=encoding)
    return material_from_text(decoded.text, decoded.name, markdown=suffix in MARKDOWN_SUFFIXES)
