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

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from kazkit.grammar.rules import Document, Hit, Rule, RuleError, match_case, register_rule_type
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
    pattern = None
    every = set(exact) | set(folded)
    if every:
        alternatives = "|".join(r"[ \t]+".join(regex.escape(w) for w in v.split())
                                for v in sorted(every, key=len, reverse=True))
        pattern = regex.compile(rf"(?<![\p{{L}}\d-])(?P<variant>{alternatives})(?P<tail>\p{{L}}*)",
                                regex.IGNORECASE)
    return ConsistencySpec(pattern, exact, folded, bool(raw.get("auto", False)),
                           int(raw.get("min_letters", 6)))


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
    for match in spec.pattern.finditer(doc.text):
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
    """Words written solid, hyphenated and as two words, keyed by their letters."""
    # Most words are only ever written solid; the tokens are grouped cheaply first and
    # occurrences are built only for the few keys that are also written another way.
    joined: dict[str, list[Token]] = {}
    mixed: set[str] = set()  # keys with a hyphenated or a spaced spelling
    pairs = []
    text = doc.text
    min_letters = spec.min_letters
    for sentence in doc.sentences:
        if not rule.applies_to(sentence.lang):
            continue
        tokens = sentence.tokens
        last = len(tokens) - 1
        for index, token in enumerate(tokens):
            if token.kind != WORD:
                continue
            form = token.text
            hyphen = "-" in form
            # Shorter keys are never reported (only İ grows when lowercased).
            if len(form) >= min_letters or "\u0130" in form:
                key = form.lower().replace("-", "") if hyphen else form.lower()
                group = joined.get(key)
                if group is None:
                    joined[key] = [token]
                else:
                    group.append(token)
                if hyphen:
                    mixed.add(key)
            if index < last and not hyphen:
                after = tokens[index + 1]
                if (after.kind == WORD and after.start == token.end + 1 and text[token.end] == " "
                        and len(after.text) > 2 and "-" not in after.text
                        and after.text.lower() not in _PARTICLES):
                    pairs.append((token, after))
    spaced: dict[str, list[_Occurrence]] = {}
    for first, second in pairs:
        key = (first.text + second.text).lower()
        if key in joined:
            mixed.add(key)
            spaced.setdefault(key, []).append(
                _Occurrence(first.start, second.end, f"{first.text} {second.text}", ""))
    found: dict[object, list[_Occurrence]] = {}
    for key, tokens in joined.items():
        if key not in mixed or len(key) < min_letters:
            continue
        occurrences = [_Occurrence(t.start, t.end, t.text, "") for t in tokens]
        occurrences.extend(spaced.get(key, ()))
        styles = {_style(o.form) for o in occurrences}
        if len(styles) > 1:
            found[("auto", key)] = sorted(occurrences, key=lambda o: o.start)
    return found


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
