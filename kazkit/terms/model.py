"""The termbase's data model: concept entries holding terms in several languages.

One :class:`Entry` is one concept (TBX ``termEntry``/``conceptEntry``); its :class:`Term` s are the
designations of that concept, each in one language and with its own status, so an entry holds the
approved Kazakh term, the deprecated variants a translator should avoid, and the Russian and
English equivalents:

>>> entry = Entry(subject="IT", terms=[Term("kk", "пернетақта"), Term("kk", "клавиатура", "deprecated"),
...                                    Term("ru", "клавиатура"), Term("en", "keyboard")])
>>> [t.text for t in entry.preferred("kk")]
['пернетақта']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from kazkit.errors import InputError

#: Term statuses, most to least recommended (TBX ``administrativeStatus`` values map onto them).
STATUSES = ("preferred", "admitted", "deprecated", "obsolete")

#: The statuses a writer should not use: ``kazkit terms check`` flags them.
AVOIDED = frozenset({"deprecated", "obsolete"})

_STATUS_ALIASES = {
    "preferred": "preferred", "preferredterm-admn-sts": "preferred", "preferredterm": "preferred",
    "approved": "preferred", "recommended": "preferred", "standardized": "preferred",
    "admitted": "admitted", "admittedterm-admn-sts": "admitted", "admittedterm": "admitted",
    "permitted": "admitted", "allowed": "admitted", "variant": "admitted", "synonym": "admitted",
    "deprecated": "deprecated", "deprecatedterm-admn-sts": "deprecated", "deprecatedterm": "deprecated",
    "notrecommended": "deprecated", "forbidden": "deprecated", "rejected": "deprecated",
    "obsolete": "obsolete", "supersededterm-admn-sts": "obsolete", "supersededterm": "obsolete",
    "superseded": "obsolete", "legacyterm-admn-sts": "obsolete", "archaic": "obsolete",
}


def normalize_status(value: str | None) -> str:
    """One of :data:`STATUSES` for a status written in any common form ('' means preferred).

    >>> normalize_status("deprecatedTerm-admn-sts")
    'deprecated'
    """
    if not value or not value.strip():
        return "preferred"
    key = value.strip().lower().replace(" ", "").replace("_", "")
    status = _STATUS_ALIASES.get(key)
    if status is None:
        raise InputError(f"unknown term status {value!r} (use {', '.join(STATUSES)})")
    return status


def normalize_term(text: str) -> str:
    """The key terms are matched on: NFC, lower case, single spaces, no soft hyphens.

    >>> normalize_term("  Деректер   Базасы ")
    'деректер базасы'
    """
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u0301", "")
    return " ".join(text.lower().split())


@dataclass(slots=True)
class Term:
    """One designation of a concept in one language (``lang`` is a code such as kk, ru, en)."""

    lang: str
    text: str
    status: str = "preferred"
    pos: str = ""
    year: int | None = None
    approved_by: str = ""
    note: str = ""
    source: str = ""

    @property
    def norm(self) -> str:
        return normalize_term(self.text)

    def to_dict(self) -> dict:
        data = {"lang": self.lang, "text": self.text, "status": self.status}
        for key in ("pos", "year", "approved_by", "note", "source"):
            value = getattr(self, key)
            if value not in ("", None):
                data[key] = value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Term:
        year = data.get("year")
        return cls(lang=str(data["lang"]).strip(), text=str(data["text"]).strip(),
                   status=normalize_status(data.get("status")), pos=str(data.get("pos") or ""),
                   year=parse_year(year) if year not in (None, "") else None,
                   approved_by=str(data.get("approved_by") or ""), note=str(data.get("note") or ""),
                   source=str(data.get("source") or ""))


@dataclass(slots=True)
class Entry:
    """One concept: its subject field, definitions by language, notes and terms."""

    terms: list[Term] = field(default_factory=list)
    id: str = ""
    subject: str = ""
    definitions: dict[str, str] = field(default_factory=dict)
    note: str = ""
    source: str = ""

    def in_lang(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def preferred(self, lang: str) -> list[Term]:
        """The terms to use in ``lang``: the preferred ones, else the admitted ones."""
        terms = self.in_lang(lang)
        for status in ("preferred", "admitted"):
            chosen = [t for t in terms if t.status == status]
            if chosen:
                return chosen
        return []

    def headword(self, lang: str = "kk") -> str:
        """The entry's name in ``lang`` (its first preferred term), falling back to any term."""
        chosen = self.preferred(lang) or self.terms
        return chosen[0].text if chosen else ""

    def to_dict(self) -> dict:
        data: dict = {"id": self.id} if self.id else {}
        if self.subject:
            data["subject"] = self.subject
        if self.definitions:
            data["definitions"] = dict(self.definitions)
        if self.note:
            data["note"] = self.note
        if self.source:
            data["source"] = self.source
        data["terms"] = [t.to_dict() for t in self.terms]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Entry:
        terms = data.get("terms")
        if not isinstance(terms, list) or not terms:
            raise InputError("an entry needs a non-empty 'terms' list")
        definitions = data.get("definitions") or {}
        if not isinstance(definitions, dict):
            raise InputError("'definitions' must map language codes to text")
        return cls(terms=[Term.from_dict(t) for t in terms], id=str(data.get("id") or ""),
                   subject=str(data.get("subject") or ""),
                   definitions={str(k): str(v) for k, v in definitions.items()},
                   note=str(data.get("note") or ""), source=str(data.get("source") or ""))


def parse_year(value: object) -> int:
    """A year of approval from ``2014``, ``"2014"`` or a date such as ``"2014-05-12"``."""
    text = str(value).strip()
    digits = text[:4]
    if not (len(digits) == 4 and digits.isdigit()) or (len(text) > 4 and text[4] not in "-./ T"):
        raise InputError(f"bad year {value!r} (expected e.g. 2014 or 2014-05-12)")
    return int(digits)


def validate_entry(entry: Entry) -> None:
    """Raise :class:`InputError` when an entry cannot be stored (empty terms, bad codes)."""
    if not entry.terms:
        raise InputError("an entry has no terms")
    for term in entry.terms:
        if not term.text.strip():
            raise InputError("a term is empty")
        if not term.lang or not all(part.isalnum() for part in term.lang.split("-")):
            raise InputError(f"term {term.text!r} has a bad language code {term.lang!r}")
        if term.status not in STATUSES:
            raise InputError(f"term {term.text!r} has an unknown status {term.status!r}")
