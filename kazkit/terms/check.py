"""Term checks of Kazakh text: deprecated and non-approved variants, in any inflection.

A variant is found through the citation forms of each word (see
:func:`kazkit.terms.lookup.citation_forms`), so ``деректер базасында`` is the deprecated
``деректер базасы`` in the locative; the suggestion is the approved term put into the same
inflection by the generator: ``дерекқорда``.

Rule ids: ``terms.deprecated`` and ``terms.obsolete`` (warnings), ``terms.not_approved`` (a hint:
an admitted variant where a preferred term exists).

>>> [d.replacements for d in term_check_diagnostics("Клавиатураны қосыңыз.")]  # doctest: +SKIP
[['Пернетақтаны']]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kazkit.terms.lookup import Citation, analogy_citations, citation_forms, inflect_term
from kazkit.terms.model import normalize_term
from kazkit.terms.store import Termbase, open_termbases
from kazkit.types import WORD, Diagnostic, Token

CATEGORY = "terminology"
_RULES = {"deprecated": ("terms.deprecated", "warning"), "obsolete": ("terms.obsolete", "warning"),
          "admitted": ("terms.not_approved", "hint")}
_MESSAGES = {
    "en": {"deprecated": "deprecated term «{term}»: use «{approved}»",
           "obsolete": "obsolete term «{term}»: use «{approved}»",
           "admitted": "«{term}» is admitted, but «{approved}» is the preferred term"},
    "kk": {"deprecated": "«{term}» – ұсынылмайтын термин: «{approved}» қолданыңыз",
           "obsolete": "«{term}» – ескірген термин: «{approved}» қолданыңыз",
           "admitted": "«{term}» рұқсат етілген, бірақ «{approved}» термині ұсынылады"},
}
_SKIP_LANGS = frozenset({"ru", "en"})


@dataclass(frozen=True, slots=True)
class Variant:
    """A term to avoid: its words (normalised), status, and the approved terms of its entry."""

    words: tuple[str, ...]
    text: str
    status: str
    approved: tuple[str, ...]
    termbase: str
    priority: int
    key: int


class TermIndex:
    """The avoided terms of some termbases, keyed by their last word (the one that inflects)."""

    def __init__(self, termbases: Sequence[Termbase], lang: str = "kk"):
        self.lang = lang
        self.by_last: dict[str, list[Variant]] = {}
        variants: list[Variant] = []
        for termbase in termbases:
            variants.extend(_variants(termbase, lang))
        variants = _drop_overruled(variants, termbases, lang)
        for variant in sorted(variants, key=lambda v: (v.priority, -len(v.words))):
            self.by_last.setdefault(variant.words[-1], []).append(variant)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_last.values())


def _variants(termbase: Termbase, lang: str) -> list[Variant]:
    rows = termbase.terms_with_status(lang, _RULES)
    entries = termbase.entries(key for key, _ in rows)
    out = []
    for key, text in rows:
        entry = entries[key]
        term = next(t for t in entry.terms if t.text == text and t.lang == lang)
        approved = tuple(t.text for t in entry.in_lang(lang) if t.status == "preferred")
        if term.status == "admitted" and not approved:
            continue  # an admitted term with nothing better is simply the term to use
        if not approved:
            approved = tuple(t.text for t in entry.in_lang(lang) if t.status == "admitted")
        if not approved or normalize_term(text) in {normalize_term(a) for a in approved}:
            continue
        out.append(Variant(tuple(normalize_term(text).split()), text, term.status, approved,
                           termbase.name, termbase.priority, key))
    return out


def _drop_overruled(variants: list[Variant], termbases: Sequence[Termbase], lang: str) -> list[Variant]:
    """Drop a variant that a termbase of higher priority approves (a company base may allow
    what the sample deprecates)."""
    kept = []
    for variant in variants:
        norm = " ".join(variant.words)
        higher = [tb for tb in termbases if tb.priority < variant.priority]
        if not any(_approves(tb, norm, lang) for tb in higher):
            kept.append(variant)
    return kept


def _approves(termbase: Termbase, norm: str, lang: str) -> bool:
    row = termbase.db.execute("SELECT 1 FROM terms WHERE norm=? AND lang=? AND status IN ('preferred', 'admitted')",
                              (norm, lang)).fetchone()
    return row is not None


# --- scanning text ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    first: int
    last: int
    variant: Variant
    citations: list[Citation]


def _termbases(termbases, notice: Callable[[str], None] | None) -> list[Termbase]:
    items = list(termbases) if termbases is not None else None
    if items and all(isinstance(t, Termbase) for t in items):
        return items
    return open_termbases([os.fspath(t) for t in items] if items else None, notice=notice)


_INDEXES: dict[tuple, TermIndex] = {}


def term_index(termbases: Sequence[Termbase], lang: str = "kk") -> TermIndex:
    """The :class:`TermIndex` of these termbases, built once per process."""
    key = (tuple((id(t), t.priority) for t in termbases), lang)
    if key not in _INDEXES:
        _INDEXES[key] = TermIndex(termbases, lang)
    return _INDEXES[key]


def term_check_diagnostics(text: str, termbases: Iterable[Termbase | str | os.PathLike[str]] | None = None, *,
                           lang: str = "en", notice: Callable[[str], None] | None = None) -> list[Diagnostic]:
    """Findings of deprecated, obsolete and non-preferred Kazakh terms in ``text``.

    ``termbases``: open :class:`Termbase` objects or paths (highest priority first); None uses the
    default termbase or the shipped sample. ``lang``: language of the messages (en, kk).
    Sentences identified as Russian or English are skipped.
    """
    from kazkit.grammar.checker import LineIndex
    from kazkit.text.pipeline import iter_sentences

    index = term_index(_termbases(termbases, notice))
    if not index.by_last:
        return []
    messages = _MESSAGES.get(lang, _MESSAGES["en"])
    lines = LineIndex(text)
    found: list[Diagnostic] = []
    for sentence, tokens in iter_sentences(text):
        if sentence.lang in _SKIP_LANGS:
            continue
        for match in _matches(text, tokens, index):
            found.append(_diagnostic(text, tokens, match, messages, lines))
    return found


def _matches(text: str, tokens: list[Token], index: TermIndex) -> list[_Found]:
    """Non-overlapping variant matches, longest first where they compete."""
    candidates: list[_Found] = []
    for i, token in enumerate(tokens):
        if token.kind != WORD:
            continue
        by_variant: dict[Variant, list[Citation]] = {}
        citations = citation_forms(token.text)
        if len(citations) == 1:  # the morphology does not know the word: try the terms' own stems
            citations = citations + analogy_citations(citations[0].form, index.by_last.__contains__)
        for citation in citations:
            for variant in index.by_last.get(citation.form, ()):
                if _prefix_matches(text, tokens, i, variant.words[:-1]):
                    by_variant.setdefault(variant, []).append(citation)
        for variant, citations in by_variant.items():
            candidates.append(_Found(i - len(variant.words) + 1, i, variant, citations))
    candidates.sort(key=lambda f: (-(f.last - f.first), f.variant.priority, f.first))
    taken: set[int] = set()
    chosen = []
    for match in candidates:
        span = set(range(match.first, match.last + 1))
        if span & taken:
            continue
        taken |= span
        chosen.append(match)
    return sorted(chosen, key=lambda f: f.first)


def _prefix_matches(text: str, tokens: list[Token], last: int, words: tuple[str, ...]) -> bool:
    first = last - len(words)
    if first < 0:
        return False
    for offset, word in enumerate(words):
        token = tokens[first + offset]
        if normalize_term(token.text) != word:
            return False
        # The words of a term stand next to each other, with nothing but spaces between them.
        if text[token.end:tokens[first + offset + 1].start].strip():
            return False
    return True


def _diagnostic(text: str, tokens: list[Token], match: _Found, messages: dict, lines) -> Diagnostic:
    start, end = tokens[match.first].start, tokens[match.last].end
    written = text[start:end]
    replacements = []
    for approved in match.variant.approved:
        form = _inflected(approved, match.citations)
        replacements.append(_case_like(form, written))
    rule_id, severity = _RULES[match.variant.status]
    message = messages[match.variant.status].format(term=match.variant.text,
                                                    approved="», «".join(match.variant.approved))
    line, column = lines.position(start)
    return Diagnostic(rule_id, CATEGORY, severity, message, start, end, line, column,
                      list(dict.fromkeys(replacements)))


def _inflected(approved: str, citations: list[Citation]) -> str:
    """The approved term in the inflection of the first reading that the generator can produce."""
    for citation in citations:
        form = inflect_term(approved, citation.feats)
        if form is not None:
            return form
    return approved


def _case_like(form: str, written: str) -> str:
    if written.isupper() and len(written) > 1:
        return form.upper()
    if written[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
