"""Rule-based paraphrase of Kazakh text: synonyms in the right inflection and safe rewrites.

Always available (no model weights). Every change is a replacement of a span of the input, so
everything else (spacing, punctuation, numbers, names, other languages) is kept byte for byte.
Only sentences identified as Kazakh are changed. The changes, by kind:

``synonym``
    A word whose lemma has a synonym set in ``data/synonyms.tsv`` of the same part of speech as
    its reading in context (:func:`kazkit.grammar.disambiguate.disambiguate`) is replaced by a
    synonym generated with the word's own features: ``мәселелерді`` (мәселе, Case=Acc|Number=Plur)
    becomes ``проблемаларды``. Guessed (unknown) words, proper names and the words of fixed
    expressions (``data/model/fixed_phrases.tsv``: ``ана тілі`` is never ``шеше тілі``) are never
    touched, and a generated form that ``kazkit check`` flags as a spelling error (KK_SPELLING)
    is dropped.
``connective``
    A sentence-initial discourse connective of ``data/model/connectives.tsv`` is exchanged for
    another of its set (``Сонымен қатар,`` -> ``Сондай-ақ,``): connectives take no inflection and
    govern nothing, so the rest of the sentence stays grammatical.
``conjunction``
    The coordinating ``мен/бен/пен`` between two nouns (read as CCONJ in context) becomes
    ``және``: ``қоғам мен мемлекет`` -> ``қоғам және мемлекет``. Only this direction is safe:
    ``және`` also joins clauses, where ``мен`` cannot stand.
``copula``
    A definition with a dash and no verb, ``Алматы — ірі қала.``, gets the copula of formal
    style instead of the dash: ``Алматы ірі қала болып табылады.`` (only when the part after the
    dash ends in a noun in the nominative, has no comma and no verb, and the sentence ends in ``.``).
``split``
    Two clauses joined by ``;``, each ending in a finite verb, become two sentences:
    ``Ол келді; біз қуандық.`` -> ``Ол келді. Біз қуандық.``

With a termbase (``kazkit paraphrase --termbase``), the caller passes the spans of the approved
terms found in the text (``protect``: none of their words changes) and a test for deprecated
terms (``avoid``: a synonym or connective that is one is never brought in).

Variant 1 takes the first synonym a set offers; further variants (``variants``) draw synonyms and
leave out some changes at random, reproducibly for a given ``seed``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from kazkit.errors import UsageError
from kazkit.types import PUNCT, WORD

__all__ = ["Change", "Paraphrase", "connective_sets", "fixed_phrases", "paraphrase", "passes_spelling"]

#: In variants after the first, each possible change is left out with this probability.
SKIP_PROBABILITY = 0.25
_DASHES = frozenset({"—", "–", "-"})
_EDGE_PUNCT = ".,;:!?«»\"'()—–"
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM"})


@dataclass(frozen=True)
class Change:
    """One replacement: the span ``[start, end)`` of the input and what it became."""

    start: int
    end: int
    original: str
    replacement: str
    kind: str  # "synonym", "connective", "conjunction", "copula" or "split"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "original": self.original,
                "replacement": self.replacement, "kind": self.kind}


@dataclass
class Paraphrase:
    """One paraphrased version of the input."""

    variant: int  # 1-based
    text: str
    changes: list[Change] = field(default_factory=list)
    sentences: int = 0  # Kazakh sentences in the input
    changed_sentences: int = 0

    def to_dict(self) -> dict:
        return {"variant": self.variant, "text": self.text, "sentences": self.sentences,
                "changed_sentences": self.changed_sentences,
                "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class _Option:
    """A possible change and its alternatives (one is chosen per variant)."""

    start: int
    end: int
    original: str
    alternatives: tuple[str, ...]
    kind: str


# --- data ---------------------------------------------------------------------------------------


@cache
def connective_sets() -> dict[str, tuple[str, ...]]:
    """Lower-case connective -> the other connectives it may be exchanged for."""
    from kazkit.paths import data_path

    table: dict[str, list[str]] = {}
    for line in data_path("model", "connectives.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrases = [p.strip() for p in line.split("\t") if p.strip()]
        for phrase in phrases:
            others = table.setdefault(phrase, [])
            others.extend(p for p in phrases if p != phrase and p not in others)
    return {k: tuple(v) for k, v in table.items()}


@cache
def fixed_phrases() -> frozenset[tuple[str, ...]]:
    """Lemma sequences of fixed expressions (``ана тіл``) whose words keep their wording."""
    from kazkit.paths import data_path

    lines = data_path("model", "fixed_phrases.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(tuple(w.strip() for w in line.split("\t") if w.strip())
                     for line in lines if line.strip() and not line.startswith("#"))


def _in_fixed_phrase(lemmas: list[str]) -> set[int]:
    """Positions of the words that belong to a fixed expression."""
    inside: set[int] = set()
    for phrase in fixed_phrases():
        size = len(phrase)
        for i in range(len(lemmas) - size + 1):
            if tuple(lemmas[i:i + size]) == phrase:
                inside.update(range(i, i + size))
    return inside


@cache
def passes_spelling(form: str) -> bool:
    """True when ``kazkit check`` finds no spelling error (KK_SPELLING) in ``form``."""
    from kazkit.grammar.checker import check_text

    return not any(d.rule_id == "KK_SPELLING" for d in check_text(form))


# --- finding the possible changes ----------------------------------------------------------------


def _readings(tokens) -> list[list]:
    from kazkit.grammar.disambiguate import disambiguate
    from kazkit.grammar.morphology import analyze

    words = [t.text for t in tokens]
    return disambiguate(words, [analyze(t.text) if t.kind == WORD else [] for t in tokens])


@cache
def _synonym_forms(word: str, lemma: str, pos: str, feats_key: tuple) -> tuple[str, ...]:
    """Spell-checked forms of the synonyms of ``lemma`` with the features of ``word``."""
    from kazkit.grammar.checks.proximity import inflect_like, load_synonyms
    from kazkit.grammar.rules import match_case

    feats = dict(feats_key)
    forms: list[str] = []
    for entry in load_synonyms().get(lemma, []):
        if entry.pos != pos:
            continue
        for synonym in entry.words:
            if synonym.lower() == lemma:
                continue
            form = inflect_like(synonym, feats, pos)
            if not form or form.lower() == word.lower() or not passes_spelling(form):
                continue
            form = match_case(form, word)
            if form not in forms:
                forms.append(form)
    return tuple(forms)


def _synonym_options(tokens, readings) -> list[_Option]:
    options = []
    frozen = _in_fixed_phrase([r[0].lemma.lower() if r else "" for r in readings])
    for number, (token, reading) in enumerate(zip(tokens, readings, strict=True)):
        if number in frozen or token.kind != WORD or not reading or reading[0].guessed or reading[0].pos == "PROPN":
            continue
        # A capital inside a sentence marks a name or a title word: leave it as written.
        if number > 0 and token.text[:1].isupper():
            continue
        best = reading[0]
        forms = _synonym_forms(token.text, best.lemma.lower(), best.pos, tuple(sorted(best.feats.items())))
        if forms:
            options.append(_Option(token.start, token.end, token.text, forms, "synonym"))
    return options


def _connective_option(text: str, sentence) -> _Option | None:
    lower = sentence.text.lower()
    table = connective_sets()
    for phrase in sorted(table, key=len, reverse=True):
        after = lower[len(phrase):len(phrase) + 1]
        if lower.startswith(phrase) and (not after or not (after.isalnum() or after == "-")):
            from kazkit.grammar.rules import match_case

            original = sentence.text[:len(phrase)]
            return _Option(sentence.start, sentence.start + len(phrase), original,
                           tuple(match_case(p, original) for p in table[phrase]), "connective")
    return None


def _conjunction_options(tokens, readings) -> list[_Option]:
    options = []
    for i in range(1, len(tokens) - 1):
        token = tokens[i]
        if (token.kind == WORD and token.text.lower() in ("мен", "бен", "пен") and readings[i]
                and readings[i][0].pos == "CCONJ" and tokens[i - 1].kind == WORD and tokens[i + 1].kind == WORD):
            options.append(_Option(token.start, token.end, token.text, ("және",), "conjunction"))
    return options


def _is_finite(reading) -> bool:
    return bool(reading) and reading[0].pos in ("VERB", "AUX") and reading[0].feats.get("VerbForm") == "Fin"


def _copula_option(text: str, sentence, tokens, readings) -> _Option | None:
    dashes = [i for i, t in enumerate(tokens) if t.kind == PUNCT and t.text in _DASHES]
    if len(dashes) != 1 or len(tokens) < 4 or tokens[-1].text != ".":
        return None
    dash = dashes[0]
    subject, predicate = range(0, dash), range(dash + 1, len(tokens) - 1)
    if not subject or len(predicate) == 0:
        return None
    # The dash must stand between spaces: "1990-2000" and "Алматы-Астана" are not definitions.
    token = tokens[dash]
    if not (text[token.start - 1:token.start].isspace() and text[token.end:token.end + 1].isspace()):
        return None
    if any(tokens[i].kind != WORD for i in predicate) or any(tokens[i].kind not in (WORD,) for i in subject):
        return None
    if any(r and r[0].pos in ("VERB", "AUX") for r in readings[:-1]):
        return None
    last = readings[len(tokens) - 2]
    if not last or last[0].pos not in ("NOUN",) or last[0].feats.get("Case", "Nom") != "Nom":
        return None
    start, end = tokens[dash - 1].end, tokens[-1].start
    middle = text[start:end]
    rewritten = " " + text[tokens[dash + 1].start:end] + " болып табылады"
    return _Option(start, end, middle, (rewritten,), "copula")


def _split_options(text: str, tokens, readings) -> list[_Option]:
    options = []
    for i, token in enumerate(tokens):
        if token.text != ";" or i == 0 or i + 2 >= len(tokens):
            continue
        following = tokens[i + 1]
        clause_end = next((j for j in range(i + 1, len(tokens)) if tokens[j].kind == PUNCT), len(tokens))
        if (following.kind == WORD and _is_finite(readings[i - 1]) and clause_end > i + 2
                and _is_finite(readings[clause_end - 1]) and following.text[:1].islower()):
            start, end = token.start, following.start + 1
            replacement = "." + text[token.end:following.start] + following.text[:1].upper()
            options.append(_Option(start, end, text[start:end], (replacement,), "split"))
    return options


def _sentence_options(text: str) -> tuple[list[list[_Option]], int]:
    """Possible changes grouped per Kazakh sentence, and the number of Kazakh sentences."""
    from kazkit.text.pipeline import iter_sentences

    groups: list[list[_Option]] = []
    count = 0
    for sentence, tokens in iter_sentences(text):
        if sentence.lang != "kk" or not tokens:
            continue
        count += 1
        readings = _readings(tokens)
        options: list[_Option] = []
        for option in (_connective_option(text, sentence), _copula_option(text, sentence, tokens, readings)):
            if option:
                options.append(option)
        options += _conjunction_options(tokens, readings)
        options += _split_options(text, tokens, readings)
        options += _synonym_options(tokens, readings)
        groups.append(_without_overlaps(options))
    return groups, count


def _without_overlaps(options: list[_Option]) -> list[_Option]:
    """Keep the earlier-listed option where two overlap (sentence-level ones come first)."""
    kept: list[_Option] = []
    for option in options:
        if all(option.end <= k.start or option.start >= k.end for k in kept):
            kept.append(option)
    return sorted(kept, key=lambda o: o.start)


# --- applying -------------------------------------------------------------------------------------


def _choose(groups: list[list[_Option]], variant: int, seed: int) -> list[list[Change]]:
    rng = random.Random(f"kazkit-paraphrase:{seed}:{variant}")
    chosen = []
    for options in groups:
        changes = []
        for option in options:
            if variant > 1 and rng.random() < SKIP_PROBABILITY:
                continue
            replacement = option.alternatives[0] if variant == 1 else rng.choice(option.alternatives)
            changes.append(Change(option.start, option.end, option.original, replacement, option.kind))
        chosen.append(changes)
    return chosen


def _apply(text: str, changes: list[Change]) -> str:
    parts, position = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        parts.append(text[position:change.start])
        parts.append(change.replacement)
        position = change.end
    parts.append(text[position:])
    return "".join(parts)


def _restricted(groups: list[list[_Option]], protect: Sequence[tuple[int, int]],
                avoid: Callable[[str], bool] | None) -> list[list[_Option]]:
    """The options that touch no protected span, with the alternatives ``avoid`` accepts."""
    kept_groups = []
    for options in groups:
        kept = []
        for option in options:
            if any(option.start < end and start < option.end for start, end in protect):
                continue
            # only synonyms and connectives bring in words; the other rewrites move the text's own
            alternatives = tuple(a for a in option.alternatives
                                 if avoid is None or option.kind not in ("synonym", "connective")
                                 or not any(avoid(word.strip(_EDGE_PUNCT)) for word in a.split()))
            if alternatives:
                kept.append(_Option(option.start, option.end, option.original, alternatives, option.kind))
        kept_groups.append(kept)
    return kept_groups


def paraphrase(text: str, *, variants: int = 1, seed: int = 0, protect: Sequence[tuple[int, int]] = (),
               avoid: Callable[[str], bool] | None = None) -> list[Paraphrase]:
    """Up to ``variants`` distinct paraphrases of ``text`` (fewer when it allows fewer).

    ``protect``: character spans (approved terms) whose words are never changed; ``avoid``: a
    word test (a deprecated term) that rules out any synonym or connective containing such a word.

    >>> paraphrase("Бұл маңызды мәселе.")[0].text  # doctest: +SKIP
    'Бұл елеулі мәселе.'
    """
    if variants < 1:
        raise UsageError("--variants must be 1 or more")
    groups, count = _sentence_options(text)
    if protect or avoid is not None:
        groups = _restricted(groups, protect, avoid)
    results: list[Paraphrase] = []
    seen: set[str] = set()
    # A few extra draws make up for variants that come out identical to an earlier one.
    for variant in range(1, variants * 3 + 1):
        if len(results) == variants:
            break
        per_sentence = _choose(groups, variant, seed)
        changes = [c for group in per_sentence for c in group]
        rewritten = _apply(text, changes)
        if rewritten in seen:
            continue
        seen.add(rewritten)
        results.append(Paraphrase(len(results) + 1, rewritten, changes, count,
                                  sum(1 for group in per_sentence if group)))
    return results
