"""Reading and writing subtitle files: SRT and WebVTT with full fidelity, other formats via pysubs2.

SRT and WebVTT are read by a tolerant reader of our own, because the subtitle library (pysubs2
1.8) loses what localisers must keep: WebVTT cue settings (``align:start``), voice and class tags
(``<v Лектор>``, ``<c.yellow>``), ``<font>`` tags, NOTE/STYLE blocks and CRLF line endings. The
reader also reports every problem it works around (bad timestamps, missing blank lines, numbering
gaps) as a :class:`ParseWarning` instead of dropping or merging cues silently. Every other format
pysubs2 knows (ASS/SSA, MicroDVD, MPL2, TMP) is read and written through pysubs2.

Decoding and saving go through :mod:`kazkit.text.io`, so a cp1251 or kz1048 file with a BOM and
CRLF endings comes back in exactly that shape.

>>> sub = parse_subtitles("1\\n00:00:01,000 --> 00:00:02,500\\nСәлем, әлем!\\n", "srt")
>>> sub.cues[0].start, sub.cues[0].end, sub.cues[0].text
(1000, 2500, 'Сәлем, әлем!')
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from kazkit.errors import InputError
from kazkit.text.io import Decoded, atomic_write, decode_bytes, encode_like, read_input

__all__ = [
    "Cue",
    "ParseWarning",
    "SubtitleFile",
    "SUBTITLE_EXTENSIONS",
    "cue_records",
    "format_time",
    "parse_subtitles",
    "read_subtitles",
    "render_subtitles",
    "subtitle_files",
    "visible_text",
    "write_subtitles",
]

#: File extensions recognised in folders; .srt and .vtt by our reader, the rest by pysubs2.
SUBTITLE_EXTENSIONS = {".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ssa",
                       ".sub": "microdvd", ".mpl": "mpl2", ".tmp": "tmp"}

# A timing line: "00:00:01,000 --> 00:00:02,000 align:start". Separators and digit counts are
# loose on purpose so that common damage (".", ";" or ":" before the milliseconds, one-digit
# hours, missing hours) is still read; :func:`_parse_time` says what was wrong.
_TIME = r"[0-9]{1,3}(?::[0-9]{1,2}){1,2}(?:[,.;:][0-9]{1,3})?"
_TIMING = regex.compile(rf"^\s*(?P<start>{_TIME})\s*-+>\s*(?P<end>{_TIME})(?P<settings>.*)$")
_ARROW = regex.compile(r"-->")
_NUMBER = regex.compile(r"^\s*(\d+)\s*$")
_TAG = regex.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")
_VTT_TIMESTAMP_TAG = regex.compile(r"^<\d")


@dataclass
class ParseWarning:
    """A problem the reader worked around, with the 1-based line of the file where it is."""

    line: int
    code: str  # "bad_timestamp", "missing_blank_line", "numbering", "no_text", ...
    message: str
    cue: int = 0  # 1-based index of the cue concerned, 0 when none


@dataclass
class Cue:
    """One subtitle: times in milliseconds, text with ``\\n`` between lines and tags verbatim.

    ``index`` is the 1-based position in the file; ``identifier`` the SRT number or WebVTT cue
    id as written; ``settings`` the WebVTT cue settings; ``line`` the file line of the timing.
    """

    index: int
    start: int
    end: int
    text: str
    identifier: str = ""
    settings: str = ""
    line: int = 0
    before: str = ""  # WebVTT NOTE/STYLE blocks just before the cue, kept verbatim

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []


@dataclass
class SubtitleFile:
    """The cues of one file and everything needed to write it back the way it came."""

    name: str
    format: str  # "srt", "vtt", or a pysubs2 format name ("ass", "microdvd", ...)
    cues: list[Cue]
    decoded: Decoded
    header: str = ""  # WebVTT: the WEBVTT line and the header blocks before the first cue
    trailer: str = ""  # WebVTT: NOTE blocks after the last cue
    warnings: list[ParseWarning] = field(default_factory=list)
    library_file: object = None  # the pysubs2.SSAFile of formats read through pysubs2

    def copy_with(self, cues: list[Cue]) -> SubtitleFile:
        return SubtitleFile(self.name, self.format, cues, self.decoded, self.header, self.trailer,
                            list(self.warnings), self.library_file)


# --- reading -----------------------------------------------------------------------------------


def detect_format(name: str, text: str) -> str:
    """The subtitle format from the file extension, else from the content."""
    suffix = Path(name).suffix.lower()
    if suffix in SUBTITLE_EXTENSIONS:
        return SUBTITLE_EXTENSIONS[suffix]
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("[Script Info]"):
        return "ass"
    if _ARROW.search(text[:2000]):
        return "srt"
    raise InputError(f"{name}: not a subtitle file kazkit knows (SRT, WebVTT, ASS/SSA, MicroDVD, "
                     "MPL2 or TMP; name it with its extension)")


def read_subtitles(path: str | os.PathLike[str], encoding: str | None = None,
                   format: str | None = None) -> SubtitleFile:
    """Read and parse one subtitle file (or ``-``), detecting its encoding and format."""
    decoded = read_input(path, encoding)
    return parse_decoded(decoded, format)


def parse_subtitles(text: str, format: str = "srt", name: str = "<string>") -> SubtitleFile:
    """Parse subtitle text already in memory (UTF-8 on writing)."""
    return parse_decoded(decode_bytes(text.encode("utf-8"), name), format)


def parse_decoded(decoded: Decoded, format: str | None = None) -> SubtitleFile:
    fmt = format or detect_format(decoded.name, decoded.text)
    if fmt in ("srt", "vtt"):
        return _parse_blocks(decoded, fmt)
    return _parse_with_library(decoded, fmt)


def _parse_time(raw: str, fmt: str = "srt") -> tuple[int, str]:
    """Milliseconds of a timestamp and a complaint ("" when it is well-formed for ``fmt``)."""
    problem = ""
    match = regex.fullmatch(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:([,.;:])(\d{1,3}))?", raw)
    if match is None:
        raise ValueError(raw)
    hours, minutes, seconds, sep, millis = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        raise ValueError(raw)
    if sep != ("." if fmt == "vtt" else ",") or millis is None or len(millis) != 3:
        problem = f"timestamp {raw!r} is not " + ("HH:MM:SS.mmm" if fmt == "vtt" else "HH:MM:SS,mmm")
    ms = int((millis or "0").ljust(3, "0"))
    total = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms
    return total, problem


def _split_lines(text: str) -> list[str]:
    return regex.split(r"\r\n|\n|\r", text)


def _parse_blocks(decoded: Decoded, fmt: str) -> SubtitleFile:
    """A line-driven reader: a timing line starts a cue wherever it is, so a missing blank line
    splits cues instead of merging them, and a cue number glued to the previous text is found."""
    lines = _split_lines(decoded.text)
    warnings: list[ParseWarning] = []
    cues: list[Cue] = []
    header: list[str] = []
    pending: list[str] = []  # lines since the last cue ended (numbers, ids, NOTE blocks)
    current: Cue | None = None
    text_lines: list[str] = []

    def close() -> None:
        nonlocal current, text_lines
        if current is not None:
            while text_lines and not text_lines[-1].strip():
                text_lines.pop()
            current.text = "\n".join(text_lines)
            cues.append(current)
        current, text_lines = None, []

    start_line = 0
    if fmt == "vtt":
        # The header runs up to the first blank line after "WEBVTT".
        if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            warnings.append(ParseWarning(1, "no_header", "WebVTT file does not start with WEBVTT"))
        else:
            while start_line < len(lines) and lines[start_line].strip():
                header.append(lines[start_line])
                start_line += 1
    for number, line in enumerate(lines[start_line:], start=start_line + 1):
        timing = _TIMING.match(line) if "-" in line and ">" in line else None
        if timing is None and _ARROW.search(line):
            timing = False  # a timing line we cannot read
        if timing is not None:
            before = ""
            if current is not None:
                # The previous cue had no blank line after it; its last text line may be the
                # number of this cue.
                identifier = ""
                if text_lines and _NUMBER.match(text_lines[-1]):
                    identifier = text_lines.pop().strip()
                warnings.append(ParseWarning(number, "missing_blank_line",
                                             f"no blank line before the timing at line {number}; "
                                             "read as a new cue", len(cues) + 2))
                close()
            else:
                identifier, before = _identifier_and_blocks(pending, fmt)
                if before and fmt == "srt":
                    warnings.append(ParseWarning(number - 1, "stray_text",
                                                 f"text without a timing before line {number} is "
                                                 f"dropped: {before[:40]!r}", len(cues) + 1))
                    before = ""
            pending = []
            cue = Cue(len(cues) + 1, 0, 0, "", identifier, "", number, before)
            if timing is False:
                start = cues[-1].end if cues else 0
                cue.start = cue.end = start
                warnings.append(ParseWarning(number, "bad_timestamp",
                                             f"unreadable timing {line.strip()!r}; the cue is kept "
                                             "with zero length after the previous one", cue.index))
            else:
                _set_times(cue, timing, number, warnings, fmt)
            current = cue
            continue
        if current is not None:
            if not line.strip():
                close()  # a blank line ends a cue in SRT and WebVTT alike
                continue
            text_lines.append(line)
        else:
            pending.append(line)
    close()
    leftover = "\n".join(pending).strip()
    trailer = ""
    if leftover:
        if fmt == "vtt" and leftover.startswith("NOTE"):
            trailer = leftover
        else:
            warnings.append(ParseWarning(len(lines), "stray_text",
                                         f"text without a timing at the end of the file: {leftover[:40]!r}"))
    if fmt == "srt":
        _check_numbering(cues, warnings)
    for cue in cues:
        if not cue.text.strip():
            warnings.append(ParseWarning(cue.line, "no_text", f"cue {cue.index} has no text", cue.index))
    return SubtitleFile(decoded.name, fmt, cues, decoded, "\n".join(header), trailer, warnings)


def _identifier_and_blocks(pending: list[str], fmt: str) -> tuple[str, str]:
    """The cue number/id (the last non-blank line before the timing) and the blocks before it."""
    rest = list(pending)
    # A WebVTT cue id is the line right before the timing, alone in its block; an SRT number
    # may be followed by stray blank lines.
    adjacent = bool(rest) and bool(rest[-1].strip())
    while rest and not rest[-1].strip():
        rest.pop()
    identifier = ""
    if rest and fmt == "srt" and _NUMBER.match(rest[-1]):
        identifier = rest.pop().strip()
    elif rest and fmt == "vtt" and adjacent and (len(rest) == 1 or not rest[-2].strip()):
        identifier = rest.pop().strip()
    while rest and not rest[0].strip():
        rest.pop(0)
    while rest and not rest[-1].strip():
        rest.pop()
    return identifier, "\n".join(rest)


def _set_times(cue: Cue, timing, number: int, warnings: list[ParseWarning], fmt: str) -> None:
    try:
        cue.start, start_problem = _parse_time(timing.group("start"), fmt)
        cue.end, end_problem = _parse_time(timing.group("end"), fmt)
    except ValueError as error:
        warnings.append(ParseWarning(number, "bad_timestamp",
                                     f"unreadable timestamp {error.args[0]!r}; the cue is kept with "
                                     "zero length", cue.index))
        return
    cue.settings = timing.group("settings").strip()
    for problem in (start_problem, end_problem):
        if problem:
            warnings.append(ParseWarning(number, "bad_timestamp", f"{problem}; read as "
                                         f"{format_time(cue.start)} --> {format_time(cue.end)}",
                                         cue.index))
            break


def _check_numbering(cues: list[Cue], warnings: list[ParseWarning]) -> None:
    previous = 0
    for cue in cues:
        if not cue.identifier:
            warnings.append(ParseWarning(cue.line, "numbering", f"cue {cue.index} has no number",
                                         cue.index))
            previous += 1
            continue
        if not cue.identifier.isdigit():
            continue
        number = int(cue.identifier)
        if number != previous + 1:
            kind = "jumps" if number > previous + 1 else "goes back"
            warnings.append(ParseWarning(cue.line - 1, "numbering",
                                         f"numbering {kind} from {previous} to {number} at cue {cue.index}",
                                         cue.index))
        previous = number


def _parse_with_library(decoded: Decoded, fmt: str) -> SubtitleFile:
    import pysubs2

    try:
        library_file = pysubs2.SSAFile.from_string(decoded.text, format_=fmt)
    except (pysubs2.exceptions.Pysubs2Error, ValueError) as error:
        raise InputError(f"{decoded.name}: cannot be read as {fmt}: {error}") from None
    cues = []
    for index, event in enumerate((e for e in library_file.events if not e.is_comment), start=1):
        cues.append(Cue(index, event.start, event.end, event.text.replace("\\N", "\n")))
    return SubtitleFile(decoded.name, fmt, cues, decoded, library_file=library_file)


def subtitle_files(paths: Iterable[str]) -> list[tuple[Path, Path]]:
    """``(file, path relative to its root)`` for files named and subtitle files under folders."""
    found = []
    for name in paths:
        root = Path(name)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if (path.is_file() and path.suffix.lower() in SUBTITLE_EXTENSIONS
                        and not any(part.startswith(".") for part in relative.parts)):
                    found.append((path, relative))
        else:
            found.append((root, Path(root.name)))
    return found


# --- text of a cue -----------------------------------------------------------------------------


def visible_text(text: str) -> tuple[str, list[int]]:
    """The text a viewer sees (tags removed, entities decoded) and, for each of its characters,
    the offset in ``text`` it came from (one extra entry: the end).

    >>> visible_text("<i>Сәлем</i> әлем")[0]
    'Сәлем әлем'
    """
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _TAG.finditer(text):
        _append_plain(text, position, match.start(), out, offsets)
        position = match.end()
    _append_plain(text, position, len(text), out, offsets)
    offsets.append(len(text))
    return "".join(out), offsets


def _append_plain(text: str, begin: int, end: int, out: list[str], offsets: list[int]) -> None:
    index = begin
    while index < end:
        if text[index] == "&":
            stop = text.find(";", index, min(end, index + 10))
            if stop != -1:
                entity = text[index:stop + 1]
                decoded = html.unescape(entity)
                if decoded != entity:
                    out.append(decoded)
                    offsets.extend([index] * len(decoded))
                    index = stop + 1
                    continue
        out.append(text[index])
        offsets.append(index)
        index += 1


def tags_of(text: str) -> list[str]:
    return [m.group() for m in _TAG.finditer(text)]


# --- writing -----------------------------------------------------------------------------------


def format_time(ms: int, fmt: str = "srt") -> str:
    """``00:01:02,345`` (SRT) or ``00:01:02.345`` (WebVTT)."""
    ms = max(0, ms)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    sep = "." if fmt == "vtt" else ","
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def render_subtitles(sub: SubtitleFile) -> str:
    """The file's text with its own line endings (SRT numbers are written 1, 2, 3 ...)."""
    if sub.format not in ("srt", "vtt"):
        return _render_with_library(sub)
    blocks: list[str] = []
    if sub.format == "vtt":
        blocks.append(sub.header or "WEBVTT")
    for number, cue in enumerate(sub.cues, start=1):
        if cue.before:
            blocks.append(cue.before)
        timing = f"{format_time(cue.start, sub.format)} --> {format_time(cue.end, sub.format)}"
        if cue.settings:
            timing += " " + cue.settings
        head = [str(number)] if sub.format == "srt" else ([cue.identifier] if cue.identifier else [])
        blocks.append("\n".join([*head, timing, *cue.lines]))
    if sub.trailer:
        blocks.append(sub.trailer)
    text = "\n\n".join(blocks) + "\n"
    newline = sub.decoded.newline
    return text.replace("\n", newline) if newline != "\n" else text


def _render_with_library(sub: SubtitleFile) -> str:
    import pysubs2

    library_file = sub.library_file if sub.library_file is not None else pysubs2.SSAFile()
    events = [e for e in library_file.events if not e.is_comment]
    if len(events) != len(sub.cues):
        events = [pysubs2.SSAEvent() for _ in sub.cues]
        library_file.events = events
    for event, cue in zip(events, sub.cues, strict=True):
        event.start, event.end, event.text = cue.start, cue.end, cue.text.replace("\n", "\\N")
    text = library_file.to_string(sub.format)
    newline = sub.decoded.newline
    return text.replace("\r\n", "\n").replace("\n", newline) if newline != "\n" else text


def write_subtitles(sub: SubtitleFile, path: str | os.PathLike[str], *, backup: bool = False) -> None:
    """Write ``sub`` atomically to ``path`` in the encoding and BOM it was read with."""
    payload = encode_like(render_subtitles(sub), sub.decoded)
    if str(path) != "-":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, payload, backup=backup)


def cue_records(sub: SubtitleFile) -> list[dict]:
    """One record per cue for ``kazkit subs extract --format jsonl`` (and the corpus)."""
    return [{"file": sub.name, "cue": cue.index, "start": format_time(cue.start, sub.format),
             "end": format_time(cue.end, sub.format), "start_ms": cue.start, "end_ms": cue.end,
             "text": visible_text(cue.text)[0], "raw": cue.text} for cue in sub.cues]
