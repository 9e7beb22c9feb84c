"""Approved terms in machine-made Kazakh text: find them, keep them, put them back.

Shared by ``kazkit summarize``/``kazkit paraphrase --termbase`` and ``kazkit subs translate
--termbase``; the term knowledge itself lives in :mod:`kazkit.terms` (read-only here):

* :func:`approved_spans`: where approved (preferred or admitted) Kazakh terms stand in a text, in
  any inflection (``пернетақтаны`` is ``пернетақта``), so the paraphraser leaves those words alone;
* :func:`is_avoided_word`: whether a single word is a deprecated or obsolete term (a synonym that
  would bring one in is not used);
* :func:`enforce_terms`: deprecated and obsolete terms replaced by the approved term in the same
  inflection (``клавиатураны`` -> ``пернетақтаны``), through
  :func:`kazkit.terms.check.term_check_diagnostics` and :func:`kazkit.grammar.fix.fix_text`;
* :func:`term_findings`: the term findings of a text, as JSON-ready records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kazkit.types import WORD, Diagnostic

__all__ = ["AVOIDED_RULES", "TermSpan", "approved_spans", "enforce_terms", "finding_record",
           "is_avoided_word", "open_terms", "term_findings"]

#: The findings that :func:`enforce_terms` repairs: an admitted variant (``terms.not_approved``)
#: is acceptable and stays.
AVOIDED_RULES = frozenset({"terms.deprecated", "terms.obsolete"})


@dataclass(frozen=True, slots=True)
class TermSpan:
    """An approved Kazakh term found in a text: ``text[start:end]`` and the term it stands for."""

    start: int
    end: int
    term: str


def open_terms(paths: Iterable[str | os.PathLike[str]]) -> list:
    """Termbases from ``--termbase`` values (files, ``sample``), highest priority first."""
    from kazkit.terms.store import open_termbases

    return open_termbases([os.fspath(p) for p in paths], fallback_to_sample=False)


# --- approved terms ------------------------------------------------------------------------------

_APPROVED: dict[tuple, dict[str, list[tuple[tuple[str, ...], str]]]] = {}


def _approved_index(termbases: Sequence) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Approved Kazakh terms by their last word (the one that inflects), longest first."""
    from kazkit.terms.model import normalize_term

    key = tuple((id(t), t.priority) for t in termbases)
    if key not in _APPROVED:
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for termbase in termbases:
            rows = termbase.db.execute("SELECT text FROM terms WHERE lang='kk' AND status IN "
                                       "('preferred', 'admitted')").fetchall()
            for (text,) in rows:
                words = tuple(normalize_term(text).split())
                if words:
                    index.setdefault(words[-1], []).append((words, text))
        for terms in index.values():
            terms.sort(key=lambda item: -len(item[0]))
        _APPROVED[key] = index
    return _APPROVED[key]


def approved_spans(text: str, termbases: Sequence) -> list[TermSpan]:
    """Approved Kazakh terms in ``text``, in any inflection; multiword terms inflect on their last
    word and their words stand side by side.

    >>> from kazkit.terms.store import sample_termbase
    >>> [(s.term, s.start, s.end) for s in approved_spans("Мұғалім жаңа ақпарат берді.", [sample_termbase()])]
    [('мұғалім', 0, 7), ('ақпарат', 13, 20)]
    """
    from kazkit.terms.lookup import citation_forms
    from kazkit.text.tokenize import tokenize

    index = _approved_index(termbases)
    if not index:
        return []
    tokens = [t for t in tokenize(text) if t.kind == WORD]
    found: list[TermSpan] = []
    taken_until = -1
    for i, token in enumerate(tokens):
        for citation in citation_forms(token.text):
            match = next((item for item in index.get(citation.form, ())
                          if _words_before(text, tokens, i, item[0][:-1])), None)
            if match is None:
                continue
            first = tokens[i - len(match[0]) + 1]
            if first.start >= taken_until:
                found.append(TermSpan(first.start, token.end, match[1]))
                taken_until = token.end
            break
    return found


def _words_before(text: str, tokens: list, last: int, words: tuple[str, ...]) -> bool:
    from kazkit.terms.model import normalize_term

    first = last - len(words)
    if first < 0:
        return False
    for offset, word in enumerate(words):
        token, following = tokens[first + offset], tokens[first + offset + 1]
        if normalize_term(token.text) != word or text[token.end:following.start].strip():
            return False
    return True


def is_avoided_word(word: str, termbases: Sequence) -> bool:
    """True when ``word`` is, in any inflection, a one-word deprecated or obsolete term.

    >>> from kazkit.terms.store import sample_termbase
    >>> is_avoided_word("клавиатураны", [sample_termbase()]), is_avoided_word("пернетақтаны", [sample_termbase()])
    (True, False)
    """
    from kazkit.terms.check import term_index
    from kazkit.terms.lookup import citation_forms

    index = term_index(list(termbases))
    for citation in citation_forms(word):
        if any(len(v.words) == 1 and v.status in ("deprecated", "obsolete")
               for v in index.by_last.get(citation.form, ())):
            return True
    return False


# --- checking and repairing ----------------------------------------------------------------------


def term_findings(text: str, termbases: Sequence) -> list[Diagnostic]:
    """Deprecated, obsolete and non-preferred terms in ``text`` (``kazkit terms check``)."""
    from kazkit.terms.check import term_check_diagnostics

    return term_check_diagnostics(text, list(termbases))


def finding_record(text: str, diagnostic: Diagnostic) -> dict:
    """A term finding as JSON: rule, severity, the words found, the message and replacements."""
    return {"rule_id": diagnostic.rule_id, "severity": diagnostic.severity,
            "start": diagnostic.start, "end": diagnostic.end, "text": text[diagnostic.start:diagnostic.end],
            "message": diagnostic.message, "replacements": list(diagnostic.replacements)}


def enforce_terms(text: str, termbases: Sequence) -> tuple[str, list[dict]]:
    """``text`` with each deprecated or obsolete term replaced by the approved one in the same
    inflection, and the replacements made (``{"from": ..., "to": ...}``).

    >>> from kazkit.terms.store import sample_termbase
    >>> enforce_terms("Клавиатураны компьютерге қосыңыз.", [sample_termbase()])[0]
    'Пернетақтаны компьютерге қосыңыз.'
    """
    from kazkit.grammar.fix import choose_fixes, fix_text

    avoided = [d for d in term_findings(text, termbases) if d.rule_id in AVOIDED_RULES and d.replacements]
    chosen = choose_fixes(avoided, None)
    if not chosen:
        return text, []
    fixed, _ = fix_text(text, chosen, all_rules=True)
    return fixed, [{"from": text[d.start:d.end], "to": d.replacements[0], "rule_id": d.rule_id} for d in chosen]
