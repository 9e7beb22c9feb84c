"""Rule type ``proximity``: a content word used again within a few words, with synonyms.

``Бұл маңызды мәселе. Ол маңызды шешім қабылдады.`` repeats маңызды within two sentences; the
hint offers елеулі and мәнді. Words are compared by lemma (the morphology's first analysis), so
``мәселе`` and ``мәселелерді`` count as the same word, and each synonym is generated in the
inflection of the repeated word (``мәселелерді`` -> ``проблемаларды``). Only lemmas that have
synonyms in ``data/synonyms.tsv`` are reported: a hint with nothing to offer is noise.

``data/synonyms.tsv``: ``#`` comments, then one synonym set a line, tab-separated: the UD part
of speech, then two or more lemmas (a lemma may be several words: ``қазіргі уақытта``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kazkit.grammar.rules import Document, Hit, Rule, RuleError, match_case, register_rule_type
from kazkit.types import WORD


@dataclass(frozen=True)
class SynonymSet:
    pos: str
    words: tuple[str, ...]


@functools.cache
def load_synonyms(path: str | None = None) -> dict[str, list[SynonymSet]]:
    """lemma (lowercased) -> the synonym sets holding it, from ``data/synonyms.tsv``."""
    from kazkit.paths import data_path

    source = Path(path) if path else data_path("synonyms.tsv")
    table: dict[str, list[SynonymSet]] = {}
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        pos, *words = [cell.strip() for cell in line.split("\t")]
        words = [w for w in words if w]
        if len(words) < 2:
            raise RuleError(f"{source}:{number}: a synonym set needs a POS and two or more words")
        entry = SynonymSet(pos, tuple(words))
        for word in words:
            table.setdefault(word.lower(), []).append(entry)
    return table


@dataclass(frozen=True)
class ProximitySpec:
    words: int
    sentences: int
    min_length: int
    exceptions: frozenset[str]


def _compile_proximity(rule: Rule, raw: dict[str, Any]) -> ProximitySpec:
    try:
        spec = ProximitySpec(int(raw.get("window_words", 15)), int(raw.get("window_sentences", 2)),
                             int(raw.get("min_length", 4)),
                             frozenset(str(w).lower() for w in raw.get("exceptions", [])))
    except (TypeError, ValueError):
        raise RuleError(f"{rule.source}: rule {rule.id}: window_words, window_sentences and "
                        f"min_length must be numbers") from None
    if spec.words < 1 or spec.sentences < 1:
        raise RuleError(f"{rule.source}: rule {rule.id}: the window must be at least 1")
    return spec


def _reading(doc: Document, word: str, table: dict[str, list[SynonymSet]]):
    """(lemma, pos, feats, synonym set) of ``word``, or None when it has no synonyms.

    The first analysis the lexicon knows decides (guesses are ignored: a wrong lemma would
    inflect the synonyms wrongly); a word the lexicon lacks counts only in its dictionary form.
    """
    known = [a for a in doc.analyses(word) if not a.guessed]
    if known:
        lemma = known[0].lemma.lower()
        entries = table.get(lemma, [])
        # The first analysis picks the lemma; among its readings, the first whose part of
        # speech has a synonym set picks the set (қазір: NOUN first, the set is ADV).
        for analysis in known:
            if analysis.lemma.lower() != lemma:
                continue
            for entry in entries:
                if entry.pos == analysis.pos:
                    return lemma, analysis.pos, analysis.feats, entry
        return None
    entries = table.get(word.lower())
    return (word.lower(), entries[0].pos, {}, entries[0]) if entries else None


def inflect_like(synonym: str, feats: dict[str, str], pos: str) -> str | None:
    """``synonym`` in the inflection ``feats``; in a phrase the last word takes the suffixes."""
    if not feats:
        return synonym
    from kazkit.grammar.morphology import generate

    head, _, last = synonym.rpartition(" ")
    forms = generate(last, feats, pos)
    if not forms:
        return None
    return f"{head} {forms[0]}" if head else forms[0]


def _find_proximity(rule: Rule, doc: Document) -> Iterator[Hit]:
    spec: ProximitySpec = rule.matcher
    table = load_synonyms()
    seen: dict[str, tuple[int, int, int]] = {}  # lemma -> (word number, sentence number, end)
    count = 0
    for number, sentence in enumerate(doc.sentences):
        if not rule.applies_to(sentence.lang):
            continue
        for token in sentence.tokens:
            if token.kind != WORD:
                continue
            count += 1
            if len(token.text) < spec.min_length or token.text.lower() in spec.exceptions:
                continue
            reading = _reading(doc, token.text, table)
            if reading is None:
                continue
            lemma, pos, feats, entry = reading
            before = seen.get(lemma)
            seen[lemma] = (count, number, token.end)
            if (before is None or count - before[0] > spec.words or number - before[1] >= spec.sentences
                    or "\n" in doc.text[before[2]:token.start]):  # lines of verse, list items
                continue
            options = []
            for synonym in entry.words:
                if synonym.lower() == lemma:
                    continue
                form = inflect_like(synonym, feats, pos)
                if form and form not in options:
                    options.append(match_case(form, token.text))
            if options:
                yield Hit(token.start, token.end, options,
                          {"marker": token.text, "lemma": lemma, "suggestion": options[0]})


register_rule_type("proximity", {"window_words", "window_sentences", "min_length", "exceptions"})(
    _compile_proximity, _find_proximity)
