"""Contextual disambiguation: reorder each word's analyses using its neighbours.

The analyser ranks the readings of a word type without context (frequency + morpheme count,
see :mod:`kazkit.grammar.morphology.ranking`). In running text the neighbours often settle what
the word type alone cannot: ``жатыр`` after the converb ``оқып`` is an auxiliary, ``қол`` before
``қойды`` is the first half of the idiom ``қол қой-`` "sign", ``бұл`` before a noun is a
determiner. :func:`disambiguate` applies a small, ordered set of hand-written rules; each rule
looks at one word and its immediate neighbours and *moves* the readings it prefers to the front
(a stable reorder: the analyser's order still decides among the preferred readings, and nothing is
removed). Rules are taken from Kazakh grammar and the UD Kazakh-KTB annotation guidelines, not
from any evaluation text. A few rules add the reading UD needs when the analyser has no such
word-level reading (``X`` for the first part of a light-verb idiom, ``AUX`` for an auxiliary,
the particle ``да`` for ``де/та/те``).

Rules (in the order they run; later rules see the decisions of earlier ones on the left):

1. Light-verb idioms (``data/morphology/idioms.tsv``): a listed first part followed by a form of
   the listed verb is ``X`` with its written form as lemma (``жүзеге асырылды``, ``іске қосты``).
2. Auxiliaries: the copula ``е-`` and ``бол-`` are AUX; an aspectual verb (``отыр, тұр, жүр,
   жат, ал, бер, қал, сал, шық, кел``) is AUX right after a converb (``-ып``, ``-а/-е/-й``); ``кел-`` is AUX after a desiderative (``барғым келеді``);
   anywhere else these verbs are VERB.
3. Deverbal forms: a lexicalised ``-у``/``-ған``/``-атын``/``-ушы`` noun or adjective yields to the
   verb form reading (UD tags verbal nouns and participles VERB with the verb as lemma), except a
   plural or case-marked ``-ушы`` (``сайлаушылардың`` is a noun) and a word modified by an
   adjective or determiner.
4. Imperatives: a bare 2nd person imperative is unlikely in running prose; it is kept first only
   before ``!`` or at the end of the sentence.
5. Adjective or noun: a bare word read both ways is ADJ before a nominal or a copula
   (``жаман емес``); an inflected one (case, plural, possessive) is NOUN. ``-ты/-ді`` words are
   ADJ before a noun and NOUN (accusative) after an adjective.
6. ``бар``/``жоқ`` are predicative ADJ.
7. Pronoun or determiner: a demonstrative or quantifier (``бұл, сол, осы, ол, барлық, әр, не,
   қанша`` ...) is DET before a nominal and PRON elsewhere; ``кім`` is always PRON.
8. ``мен``: PRON at the start of a clause, CCONJ between two nominals (``қоғам мен мемлекет``),
   ADP after a nominal otherwise; ``бен/пен`` are never pronouns.
9. Particles: ``да/де/та/те`` after a word are the particle ``да`` (ADV), ``қана`` is ``ғана``;
   ``енді`` is the adverb unless a dative precedes it (``үйге енді`` "entered the house").
10. Names: a capitalised word inside a sentence, or a word in capitals (``АҚШ``), is PROPN when it
    has such a reading; a lower-case word is not a name; at the start of a sentence a guessed
    name yields to any lexicon reading.

Each rule is a function ``(ctx, i) -> list[Analysis] | None`` returning the reordered readings.
Rules never mutate the analyses they are given (the analyser caches them per word type).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from kazkit.paths import data_path
from kazkit.types import Analysis

NOMINAL = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "PRON"})
# UD KTB's analytic auxiliaries; кет, түс, қой, таста, баста stay VERB after a converb in
# both KTB and the apertium-kaz gold texts more often than not.
ASPECTUAL = frozenset("отыр тұр жүр жат жатыр ал бер қал сал шық кел".split())
COPULAS = frozenset({"е", "бол"})
DEMONSTRATIVES = frozenset(
    "бұл сол осы ол мына мынау анау әне сонау осынау әлгі барлық бүкіл күллі әр әрбір ешбір "
    "кейбір бірнеше қандай қай не қанша".split()
)
_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_PARTICLES_DA = frozenset({"да", "де", "та", "те"})
_DEVERBAL_ENDINGS = ("у", "ю", "ған", "ген", "қан", "кен", "атын", "етін", "йтын", "йтін",
                     "ушы", "уші", "юшы", "юші")  # fmt: skip


@cache
def idioms() -> dict[str, frozenset[str]]:
    """First part -> verb lemmas of the light-verb idioms in ``data/morphology/idioms.tsv``."""
    out: dict[str, set[str]] = {}
    for line in data_path("morphology", "idioms.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        first, verb = line.split("\t")[:2]
        out.setdefault(first.strip(), set()).add(verb.strip())
    return {k: frozenset(v) for k, v in out.items()}


@dataclass
class _Context:
    words: list[str]
    readings: list[list[Analysis]]

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.words) and any(ch.isalnum() for ch in self.words[i])

    def top(self, i: int) -> Analysis | None:
        if not self.is_word(i) or not self.readings[i]:
            return None
        return self.readings[i][0]

    def top_pos(self, i: int) -> str:
        a = self.top(i)
        if a is not None:
            return a.pos
        return "PUNCT" if 0 <= i < len(self.words) else "EDGE"

    def sentence_initial(self, i: int) -> bool:
        """No word before ``i`` in this sentence (opening quotes and dashes do not count)."""
        for j in range(i - 1, -1, -1):
            if self.words[j] in _SENTENCE_END:
                return True
            if self.is_word(j):
                return False
        return True

    def clause_final(self, i: int) -> bool:
        """Nothing but punctuation follows ``i`` up to the end of the sentence."""
        for j in range(i + 1, len(self.words)):
            if self.is_word(j):
                return False
            if self.words[j] in _SENTENCE_END:
                return True
        return True


Rule = Callable[[_Context, int], "list[Analysis] | None"]


def _front(readings: list[Analysis], keep: Callable[[Analysis], bool]) -> list[Analysis] | None:
    """Readings with those that satisfy ``keep`` moved to the front (None when none does)."""
    first = [a for a in readings if keep(a)]
    if not first:
        return None
    return first + [a for a in readings if not keep(a)]


def _with_pos(a: Analysis, pos: str) -> Analysis:
    return Analysis(a.lemma, pos, dict(a.feats), list(a.segments), a.guessed)


def _is_converb(a: Analysis | None) -> bool:
    return (
        a is not None
        and a.pos in ("VERB", "AUX")
        and a.feats.get("VerbForm") in ("Conv", "Inf")
        and "Mood" not in a.feats
    )


def _bare(a: Analysis) -> bool:
    """No inflection beyond the nominative: ``жаман``, not ``жаманның``."""
    return (
        len(a.segments) <= 1
        and a.feats.get("Case", "Nom") == "Nom"
        and "Number" not in a.feats
        and not any(k.endswith("[psor]") for k in a.feats)
    )


# ---- rules ---------------------------------------------------------------------------------
def rule_idiom(ctx: _Context, i: int) -> list[Analysis] | None:
    word = ctx.words[i].lower()
    verbs = idioms().get(word)
    if not verbs or not ctx.is_word(i + 1):
        return None
    nxt = ctx.readings[i + 1]
    if not any(a.pos in ("VERB", "AUX") and a.lemma.lower() in verbs for a in nxt):
        return None
    return [Analysis(word, "X", {}, [ctx.words[i]]), *ctx.readings[i]]


def rule_aux(ctx: _Context, i: int) -> list[Analysis] | None:
    readings = ctx.readings[i]
    lemma = readings[0].lemma
    if readings[0].pos not in ("VERB", "AUX") or lemma not in ASPECTUAL | COPULAS:
        return None  # ел is not е + -л: only the reading already in front is considered
    verbs = [a for a in readings if a.pos in ("VERB", "AUX") and a.lemma == lemma]
    prev = ctx.top(i - 1)
    licensed = (
        lemma in COPULAS
        or (lemma in ASPECTUAL and _is_converb(prev))
        or (lemma == "кел" and prev is not None and prev.feats.get("Mood") == "Des")
    )
    if not licensed:
        return _front(readings, lambda a: a.pos != "AUX")
    if not any(a.pos == "AUX" for a in readings):
        readings = [*readings, *(_with_pos(a, "AUX") for a in verbs)]
    return _front(readings, lambda a: a.pos == "AUX")


def rule_deverbal(ctx: _Context, i: int) -> list[Analysis] | None:
    readings = ctx.readings[i]
    top = readings[0]
    if top.pos not in ("NOUN", "ADJ") or not top.lemma.endswith(_DEVERBAL_ENDINGS):
        return None
    verbal = [
        a
        for a in readings
        if a.pos == "VERB"
        and a.feats.get("VerbForm") in ("Ger", "Part")
        and top.lemma.lower().startswith(a.lemma.lower())
    ]
    if not verbal:
        return None
    if top.lemma.endswith(("ушы", "уші", "юшы", "юші")) and not _bare(top):
        return None  # сайлаушылардың, берушілер: agent nouns
    if ctx.top_pos(i - 1) in ("ADJ", "DET"):
        return None  # жаңа оқу: a noun modified as a noun
    return _front(readings, lambda a: a in verbal)


def rule_imperative(ctx: _Context, i: int) -> list[Analysis] | None:
    readings = ctx.readings[i]
    if readings[0].feats.get("Mood") != "Imp" or len(readings) < 2:
        return None
    nxt = ctx.words[i + 1] if i + 1 < len(ctx.words) else ""
    if nxt == "!" or ctx.clause_final(i):
        return None
    return _front(readings, lambda a: a.feats.get("Mood") != "Imp")


def rule_adj_noun(ctx: _Context, i: int) -> list[Analysis] | None:
    readings = ctx.readings[i]
    top = readings[0]
    lemmas = {a.lemma.lower() for a in readings if a.pos == "ADJ"} & {
        a.lemma.lower() for a in readings if a.pos == "NOUN"
    }
    nxt = ctx.top(i + 1)
    nxt_nominal = nxt is not None and nxt.pos in ("NOUN", "ADJ", "NUM", "PROPN", "X")
    copula = nxt is not None and nxt.pos == "AUX" and nxt.lemma in COPULAS
    if lemmas and top.pos in ("NOUN", "ADJ"):
        if _bare(top) and (nxt_nominal or copula):
            return _front(readings, lambda a: a.pos == "ADJ" and _bare(a))
        if not _bare(top):
            return _front(readings, lambda a: a.pos == "NOUN" and a.feats == top.feats)
    # табысты: ADJ "successful" or табыс + Acc
    word = ctx.words[i].lower()
    if word.endswith(("ты", "ті", "ды", "ді", "лы", "лі")) and {"ADJ", "NOUN"} <= {
        a.pos for a in readings
    }:
        if ctx.top_pos(i - 1) in ("ADJ", "DET", "NUM"):
            return _front(readings, lambda a: a.pos == "NOUN" and a.feats.get("Case") == "Acc")
        if nxt is not None and nxt.pos in ("NOUN", "PROPN"):
            return _front(readings, lambda a: a.pos == "ADJ")
    return None


def rule_bar_joq(ctx: _Context, i: int) -> list[Analysis] | None:
    if ctx.words[i].lower() not in ("бар", "жоқ") or ctx.words[i + 1 : i + 2] == ["!"]:
        return None
    return _front(ctx.readings[i], lambda a: a.pos == "ADJ")


def rule_det_pron(ctx: _Context, i: int) -> list[Analysis] | None:
    word = ctx.words[i].lower()
    readings = ctx.readings[i]
    if word == "кім":
        return _front(readings, lambda a: a.pos == "PRON")
    if word not in DEMONSTRATIVES or not {"DET", "PRON"} & {a.pos for a in readings}:
        return None
    nxt = ctx.top(i + 1)
    if nxt is not None and nxt.pos in ("NOUN", "ADJ", "NUM", "PROPN", "X"):
        if not any(a.pos == "DET" for a in readings):
            base = next(a for a in readings if a.pos == "PRON")
            readings = [*readings, Analysis(base.lemma, "DET", {}, list(base.segments))]
        return _front(readings, lambda a: a.pos == "DET")
    return _front(readings, lambda a: a.pos == "PRON")


def rule_men(ctx: _Context, i: int) -> list[Analysis] | None:
    word = ctx.words[i].lower()
    if word not in ("мен", "бен", "пен"):
        return None
    readings = ctx.readings[i]
    prev, nxt = ctx.top(i - 1), ctx.top(i + 1)
    if word == "мен" and (ctx.sentence_initial(i) or prev is None or prev.pos in ("VERB", "AUX")):
        return _front(readings, lambda a: a.pos == "PRON")
    if prev is not None and prev.pos in NOMINAL:
        if nxt is not None and nxt.pos in NOMINAL | {"X", "DET"}:
            return _front(readings, lambda a: a.pos == "CCONJ")
        return _front(readings, lambda a: a.pos == "ADP")
    return _front(readings, lambda a: a.pos != "PRON")


def rule_particles(ctx: _Context, i: int) -> list[Analysis] | None:
    word = ctx.words[i]
    lower = word.lower()
    readings = ctx.readings[i]
    if lower in _PARTICLES_DA and word == lower and not ctx.sentence_initial(i):
        if any(a.pos == "ADV" and a.lemma == "да" for a in readings):
            return _front(readings, lambda a: a.pos == "ADV" and a.lemma == "да")
        return [Analysis("да", "ADV", {}, [word]), *readings]
    if lower in ("қана", "ғана") and not ctx.sentence_initial(i):
        if any(a.lemma == "ғана" for a in readings):
            return _front(readings, lambda a: a.lemma == "ғана")
        return [Analysis("ғана", "ADV", {}, [word]), *readings]
    if lower == "енді":
        prev = ctx.top(i - 1)
        if prev is not None and prev.feats.get("Case") == "Dat":
            return _front(readings, lambda a: a.pos == "VERB")
        return _front(readings, lambda a: a.pos == "ADV")
    return None


def rule_names(ctx: _Context, i: int) -> list[Analysis] | None:
    word = ctx.words[i]
    readings = ctx.readings[i]
    has_propn = any(a.pos == "PROPN" for a in readings)
    if word[:1].islower():
        return _front(readings, lambda a: a.pos != "PROPN") if has_propn else None
    letters = [ch for ch in word.split("-")[0] if ch.isalpha()]
    all_caps = len(letters) >= 2 and all(ch.isupper() for ch in letters)
    if all_caps:
        if has_propn:
            return _front(readings, lambda a: a.pos == "PROPN")
        nouns = [a for a in readings if a.pos == "NOUN" and a.lemma[:1].isupper()]
        return [*(_with_pos(a, "PROPN") for a in nouns), *readings] if nouns else None
    if ctx.sentence_initial(i):
        if readings[0].pos == "PROPN" and readings[0].guessed:
            return _front(readings, lambda a: not a.guessed)
        return None
    return _front(readings, lambda a: a.pos == "PROPN") if has_propn else None


RULES: tuple[Rule, ...] = (
    rule_names,
    rule_particles,
    rule_idiom,
    rule_deverbal,
    rule_imperative,
    rule_adj_noun,
    rule_bar_joq,
    rule_det_pron,
    rule_men,
    rule_aux,
)


def disambiguate(words: list[str], analyses: list[list[Analysis]]) -> list[list[Analysis]]:
    """Each word's analyses reordered in the context of its sentence (same readings, best first).

    ``words`` are the tokens of one sentence (punctuation included; a token with no letters or
    digits counts as punctuation) and ``analyses`` their context-free analyses. Input lists are
    not modified.

    >>> from kazkit.grammar.morphology import analyze
    >>> words = ["Ол", "кітап", "оқып", "отыр"]
    >>> [a[0].pos for a in disambiguate(words, [analyze(w) for w in words])]  # doctest: +SKIP
    ['PRON', 'NOUN', 'VERB', 'AUX']
    """
    if len(words) != len(analyses):
        raise ValueError("disambiguate: words and analyses differ in length")
    ctx = _Context(list(words), [list(a) for a in analyses])
    for rule in RULES:
        for i in range(len(words)):
            if not ctx.readings[i] or not ctx.is_word(i):
                continue
            reordered = rule(ctx, i)
            if reordered is not None:
                ctx.readings[i] = reordered
    return ctx.readings
