"""Output of ``kazkit subs check``: text (with a rich summary table), json, jsonl and line."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator

from kazkit.config import Config
from kazkit.subtitles.profiles import Profile
from kazkit.subtitles.qa import CueFinding, check_subtitles

SEVERITIES = ("error", "warning", "hint")


def check_files(paths: Iterable[str], profile: Profile, *, config: Config | None = None,
                lang: str = "en", language: bool = True, termbases=None, encoding: str | None = None
                ) -> Iterator[tuple[str, int, str, list[CueFinding]]]:
    """``(name, number of cues, format, findings)`` for each file, one file at a time."""
    from kazkit.subtitles.io import read_subtitles

    for path in paths:
        sub = read_subtitles(path, encoding)
        yield sub.name, len(sub.cues), sub.format, check_subtitles(
            sub, profile, config=config, lang=lang, language=language, termbases=termbases)


def summary_row(name: str, cues: int, findings: list[CueFinding]) -> dict:
    row = {"file": name, "cues": cues, "findings": len(findings)}
    for severity in SEVERITIES:
        row[severity] = sum(1 for f in findings if f.diagnostic.severity == severity)
    row["cues_with_findings"] = len({f.cue.index for f in findings if f.cue.index})
    return row


def render_check(paths: Iterable[str], profile: Profile, fmt: str = "text", *, seen: list | None = None,
                 **options) -> Iterator[str]:
    """The output of ``kazkit subs check`` piece by piece; every finding is added to ``seen``."""
    seen = seen if seen is not None else []
    rows = []
    all_records = []
    for name, cues, subformat, findings in check_files(paths, profile, **options):
        seen.extend(findings)
        rows.append(summary_row(name, cues, findings))
        if fmt == "jsonl":
            for finding in findings:
                yield json.dumps(finding.record(subformat), ensure_ascii=False) + "\n"
        elif fmt == "json":
            all_records.extend(finding.record(subformat) for finding in findings)
        elif fmt == "line":
            for f in findings:
                message = " ".join(f.diagnostic.message.split())
                yield f"{name}:{f.file_line}:{f.diagnostic.column}:{f.diagnostic.rule_id}:{message}\n"
        else:
            yield from _text(name, subformat, findings)
    total = _total(rows)
    if fmt == "json":
        yield json.dumps({"profile": profile.name, "findings": all_records, "files": rows,
                          "total": total}, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "text":
        yield _table(rows, total)


def _total(rows: list[dict]) -> dict:
    total = {"files": len(rows)}
    for key in ("cues", "findings", *SEVERITIES, "cues_with_findings"):
        total[key] = sum(row[key] for row in rows)
    return total


def _text(name: str, subformat: str, findings: list[CueFinding]) -> Iterator[str]:
    from kazkit.subtitles.io import format_time

    for f in findings:
        d = f.diagnostic
        where = (f"cue {f.cue.index} {format_time(f.cue.start, subformat)} --> "
                 f"{format_time(f.cue.end, subformat)}" if f.cue.index else "file")
        lines = [f"{name}:{f.file_line}: {where}: {d.severity} {' '.join(d.message.split())} [{d.rule_id}]"]
        if f.cue.index and d.end > d.start and not d.rule_id.startswith("subs."):
            lines.append(f"    {f.cue.text[d.start:d.end]!r}"
                         + (f" -> {', '.join(repr(r) for r in d.replacements[:3])}" if d.replacements else ""))
        yield "\n".join(lines) + "\n"


def _table(rows: list[dict], total: dict) -> str:
    from rich.console import Console
    from rich.table import Table

    from kazkit.output import use_color

    table = Table(title="kazkit subs check")
    for column in ("file", "cues", "errors", "warnings", "hints", "cues with findings"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for row in [*rows, {**total, "file": f"total ({total['files']} files)"}]:
        table.add_row(row["file"], str(row["cues"]), str(row["error"]), str(row["warning"]),
                      str(row["hint"]), str(row["cues_with_findings"]))
    buffer = io.StringIO()
    color = use_color()
    Console(file=buffer, force_terminal=color, no_color=not color, width=120,
            highlight=False).print(table)
    return buffer.getvalue()
