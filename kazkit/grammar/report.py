"""Output formats of ``kazkit check``: text, json, jsonl, line and languagetool.

:func:`render` takes what :func:`kazkit.grammar.checker.check_paths` yields and returns the output
piece by piece, so ``jsonl`` and ``line`` stream while files are still being checked.

* ``text``: for people (in colour on a terminal); ``path:line:col``, severity, message and rule,
  the line with the span underlined (up to 60 characters either side), and the suggestions;
* ``json``: one array of finding records; ``jsonl``: one record a line;
* ``line``: ``path:line:col:rule_id:message`` (Vale's and compilers' shape, for editors);
* ``languagetool``: one LanguageTool ``/v2/check`` response per file, one a line, so that
  LanguageTool clients can consume it (offsets in UTF-16 code units, as LanguageTool counts).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator

from kazkit.types import Diagnostic

FORMATS = ("text", "json", "jsonl", "line", "languagetool")
CONTEXT_CHARS = 40
#: Characters of the line shown on either side of a finding in the text format.
EXCERPT_CHARS = 60

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "hint": "cyan"}
_LT_CATEGORY = {
    "spelling": ("TYPOS", "Possible Typo", "misspelling"),
    "grammar": ("GRAMMAR", "Grammar", "grammar"),
    "punctuation": ("PUNCTUATION", "Punctuation", "typographical"),
    "typography": ("TYPOGRAPHY", "Typography", "typographical"),
    "capitalisation": ("CASING", "Capitalization", "typographical"),
    "style": ("STYLE", "Style", "style"),
    "consistency": ("CONSISTENCY", "Consistency", "inconsistency"),
}
_LT_ISSUE_BY_TYPE = {"repetition": "duplication"}


def _text_of(source) -> str:
    return source if isinstance(source, str) else source.text


def record(path: str, diagnostic: Diagnostic, text: str | None = None) -> dict:
    """The json/jsonl record of one finding (``text`` adds the flagged words)."""
    data = {
        "path": path,
        "rule_id": diagnostic.rule_id,
        "category": diagnostic.category,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "start": diagnostic.start,
        "end": diagnostic.end,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "replacements": list(diagnostic.replacements),
    }
    if text is not None:
        data["text"] = text[diagnostic.start:diagnostic.end]
    return data


def render(diags_by_file: Iterable[tuple], fmt: str = "text", *, color: bool = False,
           lang: str = "en") -> Iterator[str]:
    """Render ``(path, Decoded or text, diagnostics)`` triples in ``fmt``; pieces end in ``\\n``."""
    if fmt not in FORMATS:
        from kazkit.errors import UsageError

        raise UsageError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "json":
        records = [record(path, d, _text_of(src)) for path, src, diags in diags_by_file for d in diags]
        yield json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "jsonl":
        for path, source, diags in diags_by_file:
            text = _text_of(source)
            for diagnostic in diags:
                yield json.dumps(record(path, diagnostic, text), ensure_ascii=False) + "\n"
    elif fmt == "line":
        for path, _source, diags in diags_by_file:
            for d in diags:
                message = " ".join(d.message.split())
                yield f"{path}:{d.line}:{d.column}:{d.rule_id}:{message}\n"
    elif fmt == "languagetool":
        for _path, source, diags in diags_by_file:
            yield json.dumps(languagetool_response(_text_of(source), diags, lang=lang),
                             ensure_ascii=False) + "\n"
    else:
        yield from _render_text(diags_by_file, color=color, lang=lang)


# --- text --------------------------------------------------------------------------------------


#: SGR codes of the styles used (the standard 8-colour set every terminal knows).
_SGR = {"bold": "1", "dim": "2", "underline": "4", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
#: Control characters that would move the cursor or ring the bell; they are left out of the
#: excerpts and messages shown (tabs are expanded, line breaks end the excerpt).
_CONTROL = str.maketrans({7: None, 8: None, 11: None, 12: None, 13: None})
_CONTROL_CHARS = "\x07\x08\x0b\x0c\x0d"


def _without_control(text: str) -> str:
    """``text`` less the :data:`_CONTROL` characters (``str.translate`` only where there are
    any: it looks each character up in a dict, a tenth of a second for 5,000 findings)."""
    for char in _CONTROL_CHARS:
        if char in text:
            return text.translate(_CONTROL)
    return text


class _Painter:
    """Strings in a style: ANSI SGR codes when ``color``, the plain text otherwise. Written out
    rather than with rich: a long text has thousands of findings, and rich's rendering took
    about 0.3 ms a finding (1.5 s for the findings of 1 MB)."""

    def __init__(self, color: bool):
        self.color = color
        self._codes: dict[str, str] = {}

    def __call__(self, text: str, style: str = "") -> str:
        """``text`` in ``style`` (control characters are left in: see :func:`_render_text`)."""
        if not (self.color and style and text):
            return text
        code = self._codes.get(style)
        if code is None:
            code = self._codes[style] = ";".join(_SGR[name] for name in style.split())
        return f"\x1b[{code}m{text}\x1b[0m"


def _line_bounds(text: str, start: int, line_starts: list[int] | None = None) -> tuple[int, int]:
    """The line (without its break) holding offset ``start``; ``line_starts`` from
    :class:`~kazkit.grammar.checker.LineIndex` spares a search of the text for each finding."""
    if line_starts is not None:
        index = bisect.bisect_right(line_starts, start) - 1
        begin = line_starts[index]
        end = line_starts[index + 1] if index + 1 < len(line_starts) else len(text)
        while end > begin and text[end - 1] in "\r\n":
            end -= 1
        if start <= end:
            return begin, end
        # an offset inside a line break: the search below says where, as it always did
    begin = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    end = len(text)
    for stop in ("\n", "\r"):
        found = text.find(stop, start)
        if found != -1:
            end = min(end, found)
    return begin, end


def _excerpt(text: str, begin: int, start: int, stop: int, end: int) -> tuple[str, str, str]:
    """The line ``text[begin:end]`` around the span ``[start, stop)``, as (before, span, after)
    with tabs shown as one space: at most :data:`EXCERPT_CHARS` on either side, cut with "…"
    (a paragraph written as one long line would otherwise be printed whole for every finding)."""
    left = max(begin, start - EXCERPT_CHARS)
    right = min(end, stop + EXCERPT_CHARS)
    before = ("…" if left > begin else "") + text[left:start]
    after = text[stop:right] + ("…" if right < end else "")
    return before.expandtabs(1), text[start:stop].expandtabs(1), after.expandtabs(1)


#: The severities in the Kazakh summary line (the findings keep the names that --fail-on takes).
_SEVERITY_KK = {"error": "қате", "warning": "ескерту", "hint": "кеңес"}


def _render_text(diags_by_file: Iterable[tuple], *, color: bool, lang: str) -> Iterator[str]:
    from kazkit.grammar.checker import LineIndex

    kazakh = lang == "kk"
    labels = ("ұсыныс", "Қате табылмады.") if kazakh else ("suggestion", "No problems found.")
    severity_names = _SEVERITY_KK if kazakh else {}
    delete = "(өшіру)" if kazakh else "(delete)"
    paint = _Painter(color)
    total, files = 0, 0
    counts = {"error": 0, "warning": 0, "hint": 0}
    for path, source, diags in diags_by_file:
        files += 1
        text = _text_of(source)
        line_starts = LineIndex(text).starts if len(diags) > 1 else None
        for d in diags:
            total += 1
            counts[d.severity] = counts.get(d.severity, 0) + 1
            begin, end = _line_bounds(text, d.start, line_starts)
            stop = min(d.end, end)
            before, span, after = _excerpt(text, begin, d.start, stop, end)
            width = max(1, len(span))
            parts = [
                paint(f"{path}:{d.line}:{d.column}", "bold"), " ",
                paint(d.severity, _SEVERITY_STYLE.get(d.severity, "")), paint(f" {d.message} "),
                paint(f"[{d.rule_id}]", "dim"), "\n",
                "    ", paint(before), paint(span, "bold underline red"), paint(after), "\n",
                paint("    " + " " * len(before) + "^" * width, "red"), "\n",
            ]
            if d.replacements:
                shown = ", ".join(f"«{r}»" if r.strip() else f"«{r}» {delete}" if not r else repr(r)
                                  for r in d.replacements[:5])
                parts += [paint(f"    {labels[0]}: {shown}", "green"), "\n"]
            # control characters out of what the text and the messages bring (one pass a finding)
            yield _without_control("".join(parts))
    if total == 0:
        yield labels[1] + "\n"
        return
    detail = ", ".join(f"{n} {severity_names.get(name, name)}" for name, n in counts.items() if n)
    if kazakh:
        yield f"{files} файлда {total} мәселе табылды ({detail})\n"
    else:
        yield f"{total} finding{'s' * (total != 1)} ({detail}) in {files} file{'s' * (files != 1)}\n"


# --- LanguageTool ------------------------------------------------------------------------------


def _utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every character offset (LanguageTool counts Java chars)."""
    offsets = [0] * (len(text) + 1)
    position = 0
    for index, char in enumerate(text):
        offsets[index] = position
        position += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = position
    return offsets


def _rule_info(rule_id: str):
    from kazkit.grammar.rules import shipped_rules

    return shipped_rules().by_id.get(rule_id)


def languagetool_response(text: str, diagnostics: list[Diagnostic], *, lang: str = "en") -> dict:
    """The LanguageTool ``/v2/check`` JSON for ``text`` and its findings."""
    import kazkit

    units = _utf16_offsets(text) if any(ord(c) > 0xFFFF for c in text) else None

    def u(offset: int) -> int:
        return units[offset] if units else offset

    sentences = _sentence_spans(text) if diagnostics else []
    matches = []
    for d in diagnostics:
        category_id, category_name, issue = _LT_CATEGORY.get(d.category, ("MISC", "Miscellaneous", "uncategorized"))
        rule = _rule_info(d.rule_id)
        if rule is not None and rule.type in _LT_ISSUE_BY_TYPE:
            issue = _LT_ISSUE_BY_TYPE[rule.type]
        begin = max(0, d.start - CONTEXT_CHARS)
        finish = min(len(text), d.end + CONTEXT_CHARS)
        context = text[begin:finish].replace("\r", " ").replace("\n", " ")
        prefix = "..." if begin > 0 else ""
        suffix = "..." if finish < len(text) else ""
        sentence = next((text[s:e] for s, e in sentences if s <= d.start < e), text[begin:finish])
        matches.append({
            "message": d.message,
            "shortMessage": (rule.short if rule is not None else "") or "",
            "replacements": [{"value": r} for r in d.replacements],
            "offset": u(d.start),
            "length": u(d.end) - u(d.start),
            "context": {
                "text": prefix + context + suffix,
                "offset": len(prefix) + (u(d.start) - u(begin)),
                "length": u(d.end) - u(d.start),
            },
            "sentence": sentence,
            "type": {"typeName": "Other"},
            "rule": {
                "id": d.rule_id,
                "description": (rule.message_in(lang) if rule is not None else d.message),
                "issueType": issue,
                "category": {"id": category_id, "name": category_name},
                **({"urls": [{"value": rule.link}]} if rule is not None and rule.link else {}),
            },
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
        })
    return {
        "software": {"name": "kazkit", "version": getattr(kazkit, "__version__", "0"), "buildDate": "",
                     "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": "Kazakh", "code": "kk-KZ",
                     "detectedLanguage": {"name": "Kazakh", "code": "kk-KZ", "confidence": 1.0}},
        "matches": matches,
    }


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from kazkit.text.sentences import split_sentences

    return [(s.start, s.end) for s in split_sentences(text)]
