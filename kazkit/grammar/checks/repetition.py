"""Rule types ``repetition`` (a word written twice in a row) and ``capitalization``
(a sentence that starts with a small letter).

Kazakh writes its grammatical doublings with a hyphen (``үлкен-үлкен``, ``жүре-жүре``), which the
tokenizer keeps as one word, so two equal words side by side are almost always a slip. The
exceptions are real phrases of two homographs: ``сен мен мен`` ("you and I": the conjunction
мен, then the pronoun мен); rule files list them under ``exceptions``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress, count, islice
from typing import Any

import regex

from kazkit.grammar.rules import (
    Document,
    Hit,
    Rule,
    RuleError,
    _regex,
    register_rule_type,
    token_texts,
)
from kazkit.types import PUNCT, WORD

_TERMINAL = frozenset({".", "!", "?"})


@dataclass(frozen=True)
class RepetitionSpec:
    exceptions: frozenset[str]
    min_length: int
    not_before: regex.Pattern | None  # the pair is kept when the next word matches


def _compile_repetition(rule: Rule, raw: dict[str, Any]) -> RepetitionSpec:
    exceptions = raw.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(w, str) for w in exceptions):
        raise RuleError(f"{rule.source}: rule {rule.id}: exceptions must be a list of words")
    min_length = raw.get("min_length", 1)
    if not isinstance(min_length, int) or min_length < 1:
        raise RuleError(f"{rule.source}: rule {rule.id}: min_length must be a positive number")
    not_before = raw.get("not_before")
    if not_before is not None:
        not_before = _regex(rule, not_before, "not_before", regex.IGNORECASE)
    return RepetitionSpec(frozenset(w.lower() for w in exceptions), min_length, not_before)


def _find_repetition(rule: Rule, doc: Document) -> Iterator[Hit]:
    """``мен мен`` is kept, ``кітапты кітапты`` is reported with ``кітапты`` and ``кітапты-кітапты``."""
    spec: RepetitionSpec = rule.matcher
    shared = token_texts(doc)
    lowered = shared.lowered
    # Few tokens equal the next one: one pass in C finds them, and only they are looked at.
    for position in compress(count(), map(operator.eq, lowered, islice(lowered, 1, None))):
        number = shared.sentence_of(position)
        index = position - shared.starts[number]
        sentence = doc.sentences[number]
        tokens = sentence.tokens
        if index + 1 >= len(tokens) or not rule.applies_to(sentence.lang):
            continue  # the next token is in the next sentence
        first, second = tokens[index], tokens[index + 1]
        if first.kind != WORD or second.kind != WORD:
            continue
        word = first.text.lower()
        if (word != second.text.lower() or word in spec.exceptions or len(word) < spec.min_length
                or doc.text[first.end:second.start].strip()):
            continue
        if index > 0 and first.text[0].isupper() and second.text[0].isupper():
            continue  # a name mid-sentence: Чжи Чжи, Ла Ла
        after = tokens[index + 2] if index + 2 < len(tokens) else None
        if after is not None and spec.not_before is not None and spec.not_before.fullmatch(after.text):
            continue
        yield Hit(first.start, second.end, [first.text, f"{first.text}-{second.text}"],
                  {"marker": doc.text[first.start:second.end], "word": first.text,
                   "suggestion": first.text})


register_rule_type("repetition", {"exceptions", "min_length", "not_before"})(_compile_repetition, _find_repetition)


@dataclass(frozen=True)
class CapitalizationSpec:
    abbreviations: frozenset[str]


def _compile_capitalization(rule: Rule, raw: dict[str, Any]) -> CapitalizationSpec:
    words = raw.get("abbreviations", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise RuleError(f"{rule.source}: rule {rule.id}: abbreviations must be a list of texts")
    return CapitalizationSpec(frozenset(w.lower() for w in words))


def _ends_sentence(doc: Document, spec: CapitalizationSpec, tokens, last: int | None = None) -> bool:
    """``tokens[last]`` (default: the last) is . ! or ? right after a word, and not after an
    abbreviation (``1990 ж.``, ``т.б.``): a splitter may cut after those though the sentence
    goes on."""
    last = len(tokens) - 1 if last is None else last
    if last < 1 or tokens[last].kind != PUNCT or tokens[last].text not in _TERMINAL:
        return False
    before = tokens[last - 1]
    if before.kind != WORD or len(before.text) < 2 or before.text.lower() in spec.abbreviations:
        return False
    # Published text cuts words into abbreviations freely (әлеум., рев., шығарм.): a stop
    # ends a sentence for this rule only after a word the lexicon knows.
    return any(not a.guessed for a in doc.analyses(before.text))


def _find_capitalization(rule: Rule, doc: Document) -> Iterator[Hit]:
    """A small Cyrillic letter after a full stop: ``Күн ашық. біз серуендедік.`` -> ``Біз``.

    The sentence splitter keeps such a word in the sentence before it (a small letter usually
    means the sentence goes on), so the check looks at stops inside sentences too. Reported:
    a word after ``. ! ?`` that follows a word (not an abbreviation such as ``1990 ж.``), and
    the first word of a paragraph when its sentence is complete. A speech verb after ``!`` or
    ``?`` (``Кет! деді ол``) is left alone.

    The cheap tests come first: whether a stop ends a sentence may need the morphology (the word
    before it must be known), so it is asked only before a word with a small letter, and
    sentences with no ``. ! ?`` between their first and last token are skipped whole.
    """
    spec: CapitalizationSpec = rule.matcher
    text = doc.text
    previous = None
    for sentence in doc.sentences:
        tokens = sentence.tokens
        if tokens and rule.applies_to(sentence.lang):
            # The first sentence of a text is often a fragment (a passage cut from a longer one).
            if previous is not None and _small_letter_word(tokens[0]):
                gap = text[previous.sentence.end:sentence.sentence.start]
                if "\n" not in gap:
                    starts = _ends_sentence(doc, spec, previous.tokens)
                else:  # a new paragraph or line: only a complete sentence is held to the rule
                    starts = _ends_sentence(doc, spec, tokens)
                if starts:
                    yield _capital_hit(tokens[0])
            if len(tokens) > 2 and _has_stop(text, tokens[1].start, tokens[-2].end):
                for index in range(1, len(tokens) - 1):
                    stop = tokens[index]
                    if stop.text not in _TERMINAL:
                        continue
                    word = tokens[index + 1]
                    if (_small_letter_word(word) and word.start > stop.end
                            and not (stop.text in "!?" and word.text.lower().startswith("де"))
                            and _ends_sentence(doc, spec, tokens, index)):
                        yield _capital_hit(word)
        previous = sentence


def _has_stop(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a ``.``, ``!`` or ``?`` (the stops a hit follows)."""
    return text.find(".", start, end) >= 0 or text.find("!", start, end) >= 0 or text.find("?", start, end) >= 0


def _small_letter_word(token) -> bool:
    """A word that begins with a small Cyrillic letter (the words this rule reports)."""
    return token.kind == WORD and token.text[0].islower() and "\u0400" <= token.text[0] <= "\u04ff"


def _capital_hit(token) -> Hit:
    right = token.text[0].upper() + token.text[1:]
    return Hit(token.start, token.end, [right], {"marker": token.text, "suggestion": right})


register_rule_type("capitalization", {"abbreviations"})(_compile_capitalization, _find_capitalization)
