"""Rule type ``consistency``: one word spelt two ways in one document.

Two sources of variants:

* ``variants:`` sets listed in the rule file (``[әртүрлі, әр түрлі]``, ``[интернет, Интернет]``),
  matched with any inflection after them (``әр түрлі`` also finds ``әр түрлімен``);
* with ``auto: true``, every word written both solid, hyphenated or as two words in the same
  document (``бір-бірі`` / ``бір бірі``, ``Ақорда`` / ``Ақ орда``).

The form used most often is taken as the writer's choice; the others are reported with it as the
suggestion (on a tie the form seen first wins).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress, count, islice, pairwise
from typing import Any

import regex

from kazkit.grammar.rules import (
    Document,
    Hit,
    Rule,
    RuleError,
    finditer_by_heads,
    literal_heads,
    match_case,
    register_rule_type,
    token_texts,
)
from kazkit.types import WORD, Token

# Particles written apart after any word: "драма да" is not a split "драмада".
_PARTICLES = frozenset("да де та те ма ме ба бе па пе ғой қой ше ау ай ақ".split())


@dataclass(frozen=True)
class ConsistencySpec:
    pattern: regex.Pattern | None
    exact: dict[str, int]  # variant of a case-only set, as written -> set number
    folded: dict[str, int]  # other variants, lowercased (spaces normalised) -> set number
    auto: bool
    min_letters: int
    heads: tuple[regex.Pattern, ...] | None = None  # first words of the variants, found fast


def _compile_consistency(rule: Rule, raw: dict[str, Any]) -> ConsistencySpec:
    sets = raw.get("variants", [])
    if not isinstance(sets, list) or not all(
        isinstance(s, list) and len(s) >= 2 and all(isinstance(v, str) and v.strip() for v in s) for s in sets
    ):
        raise RuleError(f"{rule.source}: rule {rule.id}: variants must be a list of lists of two "
                        f"or more spellings")
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for number, variants in enumerate(sets):
        variants = [" ".join(v.split()) for v in variants]
        case_only = len({v.lower() for v in variants}) == 1
        for variant in variants:
            if case_only:
                exact[variant] = number
            else:
                folded[variant.lower()] = number
    pattern = heads = None
    every = set(exact) | set(folded)
    if every:
        alternatives = "|".join(r"[ \t]+".join(regex.escape(w) for w in v.split())
                                for v in sorted(every, key=len, reverse=True))
        pattern = regex.compile(rf"(?<![\p{{L}}\d-])(?P<variant>{alternatives})(?P<tail>\p{{L}}*)",
                                regex.IGNORECASE)
        heads = literal_heads(sorted(every), regex.IGNORECASE)
    return ConsistencySpec(pattern, exact, folded, bool(raw.get("auto", False)),
                           int(raw.get("min_letters", 6)), heads)


@dataclass(slots=True)
class _Occurrence:
    start: int
    end: int
    form: str  # how this spelling is written, without inflection
    tail: str  # the inflection after it


def _listed(rule: Rule, spec: ConsistencySpec, doc: Document) -> dict[object, list[_Occurrence]]:
    found: dict[object, list[_Occurrence]] = {}
    if spec.pattern is None:
        return found
    for match in finditer_by_heads(spec.pattern, spec.heads, doc.text):
        sentence = doc.sentence_at(match.start())
        if sentence is None or not rule.applies_to(sentence.lang):
            continue
        written = " ".join(match.group("variant").split())
        if written in spec.exact:
            # A capital letter at the start of a sentence says nothing about the writer's choice.
            if sentence.tokens and sentence.tokens[0].start == match.start():
                continue
            key, form = ("case", spec.exact[written]), written
        elif written.lower() in spec.folded:
            key, form = ("set", spec.folded[written.lower()]), written
        else:
            continue
        found.setdefault(key, []).append(_Occurrence(match.start(), match.end(), form, match.group("tail")))
    return found


def _automatic(rule: Rule, spec: ConsistencySpec, doc: Document) -> dict[object, list[_Occurrence]]:
    """Words written solid, hyphenated and as two words, keyed by their letters.

    A key is reported only when it is written hyphenated somewhere, or when two neighbouring words
    spell a word the document also writes solid; few tokens are either. So the document is scanned
    in C (``map``, ``compress``, set lookups over the flat token lists of :func:`token_texts`) for
    the hyphenated tokens, the neighbours that spell some token's key together, and the tokens of
    those keys; only these are then looked at one by one, in document order.
    """
    text = doc.text
    min_letters = spec.min_letters
    shared = token_texts(doc)
    tokens, lowered = shared.tokens, shared.lowered
    # The distinct lowercased texts, and the keys of those written with a hyphen; which tokens
    # count (words of the rule's languages, long enough) is asked at the end, of a few.
    forms = set(shared.lower.values())
    hyphen_forms = {form: form.replace("-", "") for form in forms if "-" in form}
    # Neighbours that spell together some token's key (a superset of the spaced spellings).
    every = forms.union(hyphen_forms.values())
    together = _spelled_together(text, tokens, lowered)
    spelled = {position: together[position]
               for position in compress(count(), map(every.__contains__, together))
               if len(together[position]) >= min_letters}
    wanted = {key for key in (*hyphen_forms.values(), *spelled.values()) if len(key) >= min_letters}
    if not wanted:
        return {}
    # The words of the wanted keys, in document order; the hyphenated ones are what makes a key
    # mixed, the spaced ones come after.
    wanted_forms = wanted.union(form for form, key in hyphen_forms.items() if key in wanted)
    applies = [rule.applies_to(sentence.lang) for sentence in doc.sentences]
    joined: dict[str, list[Token]] = {}
    mixed: set[str] = set()  # keys with a hyphenated or a spaced spelling
    for position in compress(count(), map(wanted_forms.__contains__, lowered)):
        token = tokens[position]
        # Shorter keys are never reported (only İ grows when lowercased).
        if (token.kind != WORD or not (len(token.text) >= min_letters or "\u0130" in token.text)
                or not applies[shared.sentence_of(position)]):
            continue
        key = hyphen_forms.get(lowered[position])
        if key is None:
            key = lowered[position]
        else:
            mixed.add(key)
        joined.setdefault(key, []).append(token)
    spaced: dict[str, list[_Occurrence]] = {}
    for position in sorted(spelled):
        number = shared.sentence_of(position)
        if position + 1 >= shared.starts[number + 1] or not applies[number]:
            continue  # the next token is in the next sentence
        first, second = tokens[position], tokens[position + 1]
        if not _spaced_pair(text, first, second, lowered[position + 1]):
            continue
        key = (first.text + second.text).lower()
        if key in joined:
            mixed.add(key)
            spaced.setdefault(key, []).append(
                _Occurrence(first.start, second.end, f"{first.text} {second.text}", ""))
    found: dict[object, list[_Occurrence]] = {}
    for key, words in joined.items():
        if key not in mixed or len(key) < min_letters:
            continue
        # Most keys are written hyphenated every time: one style, nothing to report.
        styles = {_style(word.text) for word in words}
        if key in spaced:
            styles.add("spaced")
        if len(styles) > 1:
            occurrences = [_Occurrence(t.start, t.end, t.text, "") for t in words]
            occurrences.extend(spaced.get(key, ()))
            found[("auto", key)] = sorted(occurrences, key=lambda o: o.start)
    return found


def _spelled_together(text: str, tokens: list[Token], lowered: list[str]) -> list[str]:
    """What each token and the next spell written together, lowercased.

    The lowercase of two texts joined is the two lowercases joined, except around a capital sigma
    (its small form depends on the letters beside it): a text holding one is joined first.
    """
    if "\u03a3" in text:
        return [(a.text + b.text).lower() for a, b in pairwise(tokens)]
    return list(map(operator.add, lowered, islice(lowered, 1, None)))


def _spaced_pair(text: str, first: Token, second: Token, second_lowered: str) -> bool:
    """Whether ``first second`` may be a word written as two: two words, one space apart, neither
    hyphenated, the second longer than two letters and not a particle (``драма да``)."""
    return (first.kind == WORD and second.kind == WORD and "-" not in first.text and "-" not in second.text
            and second.start == first.end + 1 and text[first.end] == " " and len(second.text) > 2
            and second_lowered not in _PARTICLES)


def _style(form: str) -> str:
    return "spaced" if " " in form else "hyphen" if "-" in form else "solid"


def _find_consistency(rule: Rule, doc: Document) -> Iterator[Hit]:
    spec: ConsistencySpec = rule.matcher
    groups = _listed(rule, spec, doc)
    if spec.auto:
        groups.update(_automatic(rule, spec, doc))
    hits = []
    for key, occurrences in groups.items():
        by_auto, case_only = key[0] == "auto", key[0] == "case"
        label = ((lambda o: _style(o.form)) if by_auto else (lambda o: o.form) if case_only
                 else (lambda o: o.form.lower()))
        counts = Counter(label(o) for o in occurrences)
        if len(counts) < 2:
            continue
        favourite = max(counts, key=lambda name: (counts[name], -_first_index(occurrences, label, name)))
        model = next(o.form for o in occurrences if label(o) == favourite)
        for occurrence in occurrences:
            if label(occurrence) == favourite:
                continue
            right = model if case_only else match_case(model.lower(), occurrence.form)
            if by_auto:
                right = _restyle(occurrence.form, favourite, model)
            right += occurrence.tail
            written = doc.text[occurrence.start:occurrence.end]
            hits.append(Hit(occurrence.start, occurrence.end, [right],
                            {"marker": written, "suggestion": right, "other": model}))
    # A listed variant may be found again by the automatic pass: report each place once.
    unique = {(h.start, h.end): h for h in reversed(hits)}
    return iter(sorted(unique.values(), key=lambda h: h.start))


def _first_index(occurrences: list[_Occurrence], label, name: str) -> int:
    return next(i for i, o in enumerate(occurrences) if label(o) == name)


def _restyle(form: str, style: str, model: str) -> str:
    """Write ``form`` (``бір бірі``) in ``style`` (hyphen), splitting where ``model`` splits."""
    parts = regex.split(r"[ -]", model)
    letters = form.replace(" ", "").replace("-", "")
    pieces, position = [], 0
    for part in parts:
        pieces.append(letters[position:position + len(part)])
        position += len(part)
    pieces[-1] += letters[position:]
    if style == "solid":
        return "".join(pieces)
    return (" " if style == "spaced" else "-").join(pieces)


register_rule_type("consistency", {"variants", "auto", "min_letters"})(_compile_consistency, _find_consistency)
