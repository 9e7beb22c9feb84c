"""Term candidates for terminologists: frequent Kazakh noun phrases not yet in the termbase.

A candidate is a run of adjectives and uninflected nouns ending in a noun (``бұлттық қойма``,
``деректер базасы``), counted by lemma: every inflection of the head noun counts for the same
phrase (``бұлттық қоймада``, ``бұлттық қоймаларға``). Izafet phrases keep their possessive ending
(``оқу бағдарламасы``). Phrases of the termbase, in any inflection, are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kazkit.terms.store import Termbase
from kazkit.types import WORD, Analysis, Token

_HEADS = frozenset({"NOUN"})
_MODIFIERS = frozenset({"NOUN", "ADJ"})
_OWN = ("Number[psor]", "Person[psor]")


@dataclass(slots=True)
class Candidate:
    """A candidate term: its citation form, how often it occurs, its lemmas and a form seen."""

    text: str
    count: int
    key: str
    example: str

    def to_dict(self) -> dict:
        return {"candidate": self.text, "count": self.count, "lemmas": self.key, "example": self.example}


def _readings(token: Token, sentence_start: int) -> list[Analysis]:
    from kazkit.grammar.morphology import analyze

    if token.kind != WORD or (token.text[:1].isupper() and token.start > sentence_start):
        return []  # capitalised words inside a sentence are mostly names
    return [a for a in analyze(token.text) if not a.guessed]


def _modifier(readings: list[Analysis]) -> bool:
    """Words that may stand, uninflected, before the head of a term (``бұлттық``, ``деректер``)."""
    return any(r.pos in _MODIFIERS and r.feats.get("Case", "Nom") == "Nom" and "Person[psor]" not in r.feats
               for r in readings)


def _head(readings: list[Analysis]) -> Analysis | None:
    return next((r for r in readings if r.pos in _HEADS and "Derivation" not in r.feats), None)


def _citation(head: Analysis, izafet: bool) -> str | None:
    """The head noun's citation form: its lemma, or its possessive form in an izafet phrase."""
    if not izafet:
        return head.lemma.lower()
    from kazkit.grammar.morphology import generate

    target = {k: head.feats[k] for k in _OWN} | {"Case": "Nom"}
    forms = generate(head.lemma, target, head.pos)
    return forms[0].lower() if forms else None


def _phrases(tokens: list[Token], text: str, sentence_start: int,
             max_words: int) -> Iterable[tuple[str, str, str]]:
    """``(citation phrase, lemma key, surface)`` of the noun phrases ending at each noun."""
    readings = [_readings(t, sentence_start) for t in tokens]
    for i, token in enumerate(tokens):
        head = _head(readings[i])
        if head is None or (i + 1 < len(tokens) and _modifier(readings[i]) and readings[i + 1]
                            and readings[i + 1][0].pos in _HEADS
                            and not text[token.end:tokens[i + 1].start].strip()):
            continue  # a modifier of the next noun (оқу in оқу бағдарламасы) is no head
        start = i
        while (start > 0 and i - start + 1 < max_words and _modifier(readings[start - 1])
               and not text[tokens[start - 1].end:tokens[start].start].strip()):
            start -= 1
        possessed = "Person[psor]" in head.feats and head.feats["Person[psor]"] == "3"
        for first in range(start, i + 1):
            if first == i and possessed:
                continue  # a bare possessed noun (бағдарламасы: "its programme") is no term
            citation = _citation(head, izafet=possessed)
            if citation is None:
                continue
            words = [t.text.lower() for t in tokens[first:i]]
            key = "+".join([*words, head.lemma.lower()])
            yield " ".join([*words, citation]), key, text[tokens[first].start:token.end]


def extract_candidates(texts: Iterable[str], termbases: Sequence[Termbase] | None = None, *,
                       min_count: int = 2, max_words: int = 3, top: int = 100) -> list[Candidate]:
    """Frequent noun phrases of Kazakh ``texts`` that no termbase has, most frequent first
    (longer phrases first among equals)."""
    from kazkit.text.pipeline import iter_sentences

    counts: Counter[str] = Counter()
    keys: dict[str, str] = {}
    examples: dict[str, str] = {}
    for text in texts:
        for sentence, tokens in iter_sentences(text):
            if sentence.lang not in ("kk", ""):
                continue
            for phrase, key, surface in _phrases(tokens, text, sentence.start, max_words):
                counts[phrase] += 1
                keys.setdefault(phrase, key)
                examples.setdefault(phrase, surface)
    ranked = sorted((p for p, n in counts.items() if n >= min_count),
                    key=lambda p: (-counts[p], -len(p.split()), p))
    out = []
    for phrase in ranked:
        if termbases and _known(phrase, termbases):
            continue
        out.append(Candidate(phrase, counts[phrase], keys[phrase], examples[phrase]))
        if len(out) >= top:
            break
    return out


def _known(phrase: str, termbases: Sequence[Termbase]) -> bool:
    return any(tb.entry_ids_by_norm([phrase], "kk") for tb in termbases)
