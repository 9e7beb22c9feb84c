"""TBX (ISO 30042) in and out: TBX-Basic in the older ``martif`` and the newer ``tbx`` forms.

Reading is streaming and safe: the file is parsed with expat through an ElementTree
``TreeBuilder``, any ``<!DOCTYPE``/``<!ENTITY`` is refused (so no entity expansion and no external
fetches), the size is bounded, and each entry is converted as soon as it is closed, so a large TBX
never sits in memory whole. Errors carry the line number.

Both serialisations of data categories are understood: the DCA style
(``<termNote type="administrativeStatus">``) and the TBX v3 DCT style
(``<basic:administrativeStatus>``). Writing produces TBX v3 DCA (``<tbx type="TBX-Basic">``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from kazkit.errors import InputError
from kazkit.terms.model import Entry, Term, normalize_status, parse_year

#: Files larger than this are refused (a termbase of 350,000 terms is about 150 MB of TBX).
MAX_TBX_BYTES = 1 << 30
_CHUNK = 1 << 20
_ENTRY_TAGS = frozenset({"termEntry", "conceptEntry"})
_LANG_TAGS = frozenset({"langSet", "langSec"})
_TERM_TAGS = frozenset({"tig", "ntig", "termSec", "termGrp"})
_XML_LANG = "xml:lang"

_STATUS_OUT = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
               "deprecated": "deprecatedTerm-admn-sts", "obsolete": "supersededTerm-admn-sts"}
_POS_OUT = {"NOUN": "noun", "VERB": "verb", "ADJ": "adjective", "ADV": "adverb", "PROPN": "properNoun"}
_POS_IN = {v.lower(): k for k, v in _POS_OUT.items()}


def _local(name: str) -> str:
    """``basic:administrativeStatus`` -> ``administrativeStatus`` (namespaces are not needed here)."""
    return name.rsplit(":", 1)[-1] if not name.startswith("xml:") else name


class _Reader:
    """Feeds bytes to expat and yields each finished entry with the line it started on."""

    def __init__(self, name: str):
        self.name = name
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.EntityDeclHandler = self._refuse_entity
        self.parser.ExternalEntityRefHandler = self._refuse_entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._data
        self.parser.buffer_text = True
        self.builder: TreeBuilder | None = None
        self.depth = 0
        self.entry_line = 0
        self.root = ""
        self.done: list[tuple[int, Element]] = []

    def _error(self, message: str, line: int | None = None) -> InputError:
        return InputError(f"{self.name}:{line or self.parser.CurrentLineNumber}: {message}")

    def _refuse_doctype(self, *_args) -> None:
        raise self._error("DOCTYPE declarations are not accepted in TBX (they can expand entities); "
                          "remove the <!DOCTYPE ...> line")

    def _refuse_entity(self, *_args) -> None:
        raise self._error("entity declarations are not accepted in TBX")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if not self.root:
            self.root = local
            if local not in ("martif", "tbx"):
                raise self._error(f"root element <{tag}> is not TBX (expected <tbx> or <martif>)")
        if self.builder is None and local in _ENTRY_TAGS:
            self.builder = TreeBuilder()
            self.entry_line = self.parser.CurrentLineNumber
        if self.builder is not None:
            self.depth += 1
            self.builder.start(local, {_local(k): v for k, v in attrs.items()})

    def _end(self, tag: str) -> None:
        if self.builder is None:
            return
        self.builder.end(_local(tag))
        self.depth -= 1
        if self.depth == 0:
            self.done.append((self.entry_line, self.builder.close()))
            self.builder = None

    def _data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def feed(self, data: bytes, final: bool = False) -> list[tuple[int, Element]]:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as error:
            raise self._error(f"not well-formed XML ({expat.ErrorString(error.code)}, column "
                              f"{error.offset + 1})", error.lineno) from None
        done, self.done = self.done, []
        return done


def read_tbx(path: str | os.PathLike[str], *, max_bytes: int = MAX_TBX_BYTES) -> Iterator[Entry]:
    """Entries of a TBX file, one at a time; raises :class:`InputError` (with the line) on bad input.

    Callers that store entries should do so in one transaction (``Termbase.add_entries`` does), so
    that an error near the end of a file leaves nothing half-imported.
    """
    name = str(path)
    try:
        size = Path(path).stat().st_size
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror or error})") from None
    if size > max_bytes:
        handle.close()
        raise InputError(f"{name}: {size} bytes is more than the {max_bytes} accepted for TBX")
    reader = _Reader(name)
    try:
        while True:
            chunk = handle.read(_CHUNK)
            for line, element in reader.feed(chunk, final=not chunk):
                yield _entry(element, name, line)
            if not chunk:
                break
    finally:
        handle.close()
    if not reader.root:
        raise InputError(f"{name}: empty file, not TBX")


def parse_tbx_text(text: str, name: str = "<tbx>") -> list[Entry]:
    """Entries of TBX given as a string (tests and small snippets)."""
    reader = _Reader(name)
    out = [_entry(element, name, line) for line, element in reader.feed(text.encode("utf-8"), final=True)]
    if not reader.root:
        raise InputError(f"{name}: empty, not TBX")
    return out


# --- element -> Entry ----------------------------------------------------------------------------


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _category(child: Element) -> str:
    """The data category of a child: ``type`` of descrip/admin/termNote, or the DCT element name."""
    if child.tag in ("descrip", "admin", "termNote", "transacNote", "ref", "xref"):
        return child.get("type", "")
    return child.tag


def _entry(element: Element, name: str, line: int) -> Entry:
    entry = Entry([], id=element.get("id", ""))
    try:
        _read_common(element, entry, None)
        for child in element:
            if child.tag in _LANG_TAGS:
                _read_lang(child, entry)
            elif child.tag == "descripGrp":
                _read_common(child, entry, None)
        if not entry.terms:
            raise InputError("the entry has no <term>")
        for term in entry.terms:
            if not term.text:
                raise InputError("a <term> is empty")
    except InputError as error:
        where = f" {entry.id!r}" if entry.id else ""
        raise InputError(f"{name}:{line}: entry{where}: {error}") from None
    return entry


def _read_common(element: Element, entry: Entry, lang: str | None) -> None:
    """Entry- or language-level categories: subject field, definition, note, source."""
    for child in element:
        category = _category(child)
        if category == "subjectField":
            entry.subject = _text(child)
        elif category == "definition" and lang:
            entry.definitions[lang] = _text(child)
        elif category == "definition":
            entry.definitions.setdefault("en", _text(child))
        elif category in ("note",) or child.tag == "note":
            entry.note = "; ".join(filter(None, [entry.note, _text(child)]))
        elif category == "source" and lang is None:
            entry.source = _text(child)
        elif child.tag == "descripGrp":
            _read_common(child, entry, lang)


def _read_lang(element: Element, entry: Entry) -> None:
    lang = (element.get(_XML_LANG) or element.get("lang") or "").strip()
    if not lang:
        raise InputError(f"<{element.tag}> without xml:lang")
    lang = lang.lower()
    _read_common(element, entry, lang)
    for child in element:
        if child.tag in _TERM_TAGS:
            entry.terms.append(_read_term(child, lang))


def _read_term(element: Element, lang: str) -> Term:
    term = Term(lang, "")
    for child in element.iter():
        category = _category(child)
        if child.tag == "term":
            term.text = _text(child)
        elif category == "administrativeStatus":
            term.status = normalize_status(_text(child))
        elif category == "normativeAuthorization":
            term.status = normalize_status(_text(child))
        elif category == "partOfSpeech":
            value = _text(child)
            term.pos = _POS_IN.get(value.lower(), value)
        elif category in ("approvalYear", "date") and _text(child):
            term.year = parse_year(_text(child))
        elif category in ("approvalBody", "responsibility", "approvedBy"):
            term.approved_by = _text(child)
        elif category == "source":
            term.source = _text(child)
        elif child.tag == "note" or category == "note":
            term.note = "; ".join(filter(None, [term.note, _text(child)]))
    return term


# --- Entry -> TBX --------------------------------------------------------------------------------


def _element(tag: str, text: str, indent: str, **attrs: str) -> str:
    attributes = "".join(f" {k.replace('_', ':', 1) if k == 'xml_lang' else k}={quoteattr(v)}"
                         for k, v in attrs.items())
    return f"{indent}<{tag}{attributes}>{escape(text)}</{tag}>\n"


def tbx_chunks(entries: Iterable[Entry], *, source_lang: str = "kk", title: str = "kazkit termbase",
               description: str = "Written by kazkit.") -> Iterator[str]:
    """TBX v3 (TBX-Basic, DCA style) text, piece by piece, so large termbases stream out."""
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<tbx type="TBX-Basic" style="dca" xml:lang={quoteattr(source_lang)} '
           'xmlns="urn:iso:std:iso:30042:ed-2">\n'
           '  <tbxHeader>\n    <fileDesc>\n      <titleStmt>\n'
           f'        <title>{escape(title)}</title>\n'
           '      </titleStmt>\n      <sourceDesc>\n'
           f'        <p>{escape(description)}</p>\n'
           '      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n')
    for number, entry in enumerate(entries, 1):
        yield _entry_xml(entry, entry.id or f"e{number}")
    yield "    </body>\n  </text>\n</tbx>\n"


def _entry_xml(entry: Entry, entry_id: str) -> str:
    out = [f"      <conceptEntry id={quoteattr(entry_id)}>\n"]
    pad = "        "
    if entry.subject:
        out.append(_element("descrip", entry.subject, pad, type="subjectField"))
    if entry.source:
        out.append(_element("admin", entry.source, pad, type="source"))
    if entry.note:
        out.append(_element("note", entry.note, pad))
    langs = list(dict.fromkeys([t.lang for t in entry.terms] + list(entry.definitions)))
    for lang in langs:
        out.append(f"{pad}<langSec xml:lang={quoteattr(lang)}>\n")
        if lang in entry.definitions:
            out.append(_element("descrip", entry.definitions[lang], pad + "  ", type="definition"))
        for term in entry.in_lang(lang):
            out.append(_term_xml(term, pad + "  "))
        out.append(f"{pad}</langSec>\n")
    out.append("      </conceptEntry>\n")
    return "".join(out)


def _term_xml(term: Term, pad: str) -> str:
    inner = pad + "  "
    out = [f"{pad}<termSec>\n", _element("term", term.text, inner),
           _element("termNote", _STATUS_OUT[term.status], inner, type="administrativeStatus")]
    if term.pos:
        out.append(_element("termNote", _POS_OUT.get(term.pos, term.pos), inner, type="partOfSpeech"))
    if term.year is not None:
        out.append(_element("admin", str(term.year), inner, type="approvalYear"))
    if term.approved_by:
        out.append(_element("admin", term.approved_by, inner, type="approvalBody"))
    if term.source:
        out.append(_element("admin", term.source, inner, type="source"))
    if term.note:
        out.append(_element("note", term.note, inner))
    out.append(f"{pad}</termSec>\n")
    return "".join(out)
