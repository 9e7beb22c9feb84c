"""Finding entries: from any inflected Kazakh form, from Russian or English, by prefix, fuzzily.

Terms are stored in their citation form; a Kazakh query is brought back to citation forms through
the shared morphology (:func:`citation_forms`), so ``дерекқорлардың`` finds ``дерекқор`` and
``деректер базаларында`` finds ``деректер базасы`` (multiword terms inflect on their last word;
an izafet term keeps its possessive ending in the citation form).

>>> [h.entry.headword() for h in lookup("дерекқорлардың", [sample_termbase()])]  # doctest: +SKIP
['дерекқор']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kazkit.terms.model import Entry, Term, normalize_term
from kazkit.terms.store import Termbase, sample_termbase  # noqa: F401 - sample_termbase for the doctest

#: Features that belong to a term itself rather than to its inflection: number (``деректер``)
#: and the possessive of an izafet compound (``деректер базасы``).
_OWN_FEATURES = ("Number", "Number[psor]", "Person[psor]")
_HOW_RANK = {"exact": 0, "inflected": 1, "prefix": 2, "fuzzy": 3}
MODES = ("auto", "exact", "prefix", "fuzzy")


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation form a word may stand for, and the inflection that separates the two.

    ``дерекқорлардың`` -> ``Citation("дерекқор", "дерекқор", "NOUN", {"Case": "Gen", "Number": "Plur"})``.
    """

    form: str
    lemma: str
    pos: str
    inflection: tuple[tuple[str, str], ...]

    @property
    def feats(self) -> dict[str, str]:
        return dict(self.inflection)


@lru_cache(maxsize=65536)
def citation_forms(word: str) -> tuple[Citation, ...]:
    """The citation forms a Kazakh word form may be an inflection of, the word itself first.

    >>> [c.form for c in citation_forms("базаларында")]  # doctest: +SKIP
    ['базаларында', 'база', 'базалары', 'базасы', 'базалар']
    """
    from kazkit.grammar.morphology import analyze, generate

    lower = normalize_term(word)
    out: dict[str, Citation] = {lower: Citation(lower, lower, "", ())}
    for analysis in analyze(lower):
        if analysis.guessed or "Derivation" in analysis.feats:
            continue
        feats = analysis.feats
        lemma = normalize_term(analysis.lemma)
        out.setdefault(lemma, Citation(lemma, lemma, analysis.pos, _items(feats)))
        if "Case" not in feats:
            continue
        own = [k for k in _OWN_FEATURES if k in feats]
        # Keep each subset of the term's own features: ``базаларында`` may be ``базасы`` or ``базалары``.
        keeps = {tuple(own), tuple(k for k in own if k != "Number"), tuple(k for k in own if k == "Number")}
        for keep in sorted(keeps, key=len, reverse=True):
            if not keep:
                continue
            target = {k: feats[k] for k in keep} | {"Case": "Nom"}
            for form in generate(analysis.lemma, target, analysis.pos):
                form = normalize_term(form)
                rest = {k: v for k, v in feats.items() if k not in keep}
                out.setdefault(form, Citation(form, lemma, analysis.pos, _items(rest)))
    return tuple(out.values())


def _items(feats: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(feats.items()))


def inflect_term(term: str, inflection: dict[str, str]) -> str | None:
    """``term`` with its last word put into ``inflection``; None when the generator cannot.

    >>> inflect_term("пернетақта", {"Case": "Acc"})  # doctest: +SKIP
    'пернетақтаны'
    >>> inflect_term("бағдарламалық жасақтама", {"Case": "Loc"})  # doctest: +SKIP
    'бағдарламалық жасақтамада'
    """
    words = term.split()
    if not words:
        return None
    if not inflection or inflection == {"Case": "Nom"}:
        return term
    from kazkit.grammar.morphology import analyze, generate

    last = words[-1]
    for analysis in analyze(last):
        if analysis.guessed or "Derivation" in analysis.feats or analysis.feats.get("Case") != "Nom":
            continue
        # Nouns, and verbal nouns (``көшіру`` is the gerund of көшір-) decline alike.
        if analysis.pos == "VERB" and analysis.feats.get("VerbForm") != "Ger":
            continue
        forms = generate(analysis.lemma, dict(analysis.feats) | inflection, analysis.pos)
        if forms:
            return " ".join([*words[:-1], _like(forms[0], last)])
    form = _inflect_by_analogy(last.lower(), inflection, izafet=len(words) > 1)
    return " ".join([*words[:-1], _like(form, last)]) if form else None


def _last_vowel(word: str) -> str:
    return next((c for c in reversed(word) if c in _VOWELS), "")


def _ending_keys(word: str) -> tuple[str, ...]:
    """Keys of the models for ``word``, closest first: its last three letters, then its last vowel
    with its last two letters, then its last vowel with its last letter."""
    vowel = _last_vowel(word)
    return (word[-3:], f"{vowel}|{word[-2:]}", f"{vowel}|{word[-1:]}")


@lru_cache(maxsize=1)
def _nouns_by_ending() -> dict[str, tuple[str, ...]]:
    """Lexicon nouns by the endings of :func:`_ending_keys`: models for words the lexicon lacks."""
    from kazkit.grammar.morphology import get_analyzer

    table: dict[str, list[str]] = {}
    for lemma, entries in get_analyzer().engine.by_lemma.items():
        if len(lemma) >= 4 and lemma.isalpha() and lemma.islower() and any(e.upos == "NOUN" for e in entries):
            for key in _ending_keys(lemma):
                table.setdefault(key, []).append(lemma)
    return {k: tuple(sorted(v, key=lambda w: (len(w), w))[:8]) for k, v in table.items()}


def analogy_citations(word: str, is_term_word: Callable[[str], bool]) -> tuple[Citation, ...]:
    """Readings of a word the lexicon lacks (``софтты``, ``имейлге``) as an inflection of a term
    word: a stem that ``is_term_word`` accepts, inflected by analogy, must give the word back."""
    out = []
    for cut in range(len(word) - 1, 2, -1):
        stem = word[:cut]
        if not is_term_word(stem):
            continue
        for feats in _ANALOGY_INFLECTIONS:
            if _inflect_by_analogy(stem, feats) == word:
                out.append(Citation(stem, stem, "NOUN", _items(feats)))
                break
    return tuple(out)


_ANALOGY_INFLECTIONS = tuple(
    {"Case": case} | number | possessive
    for possessive in ({}, {"Number[psor]": "Plur,Sing", "Person[psor]": "3"})
    for number in ({}, {"Number": "Plur"})
    for case in ("Nom", "Gen", "Dat", "Acc", "Loc", "Abl", "Ins")
)


def _inflect_by_analogy(word: str, inflection: dict[str, str], izafet: bool = False) -> str | None:
    """Inflect a noun missing from the lexicon like a known noun with the same ending.

    Suffix allomorphs depend on the last vowel and the last sounds of the stem, so
    ``жасақтама`` + Acc follows ``дама`` -> ``даманы``: ``жасақтаманы``. The model's last letter
    is swapped in too, which carries over voicing (``-п`` -> ``-бы``). In a multiword term
    (``izafet``) a last word ending in -ы/-і is taken as possessed: ``пернелер тіркесімі`` ->
    ``пернелер тіркесімін``.
    """
    from kazkit.grammar.morphology import generate

    stem, target = word, {"Case": "Nom"} | inflection
    if izafet and word[-1:] in ("ы", "і") and len(word) > 4:
        stem = word[:-2] if word[-2] in ("с",) and word[-3] in _VOWELS else word[:-1]
        target = {"Case": "Nom", "Number[psor]": "Plur,Sing", "Person[psor]": "3"} | inflection
    table = _nouns_by_ending()
    for key in _ending_keys(stem):
        for model in table.get(key, ())[:5]:
            for form in generate(model, target, "NOUN"):
                if form.startswith(model[:-1]):
                    return stem[:-1] + form[len(model) - 1:]
    return None


_VOWELS = frozenset("аәеиоөұүыіэюяу")


def _like(form: str, model: str) -> str:
    """Give ``form`` the capitalisation of ``model``."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def query_citations(query: str) -> list[tuple[str, Citation]]:
    """Normalised citation forms of a query, inflected on its last word: ``(norm, citation)``."""
    words = normalize_term(query).split()
    if not words:
        return []
    head = " ".join(words[:-1])
    return [((head + " " + c.form) if head else c.form, c) for c in citation_forms(words[-1])]


# --- lookup ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Hit:
    """One entry found: where, through which term, how (exact, inflected, prefix, fuzzy)."""

    termbase: str
    priority: int
    key: int
    entry: Entry
    matched: Term | None
    how: str
    score: float
    note: str = ""

    def to_dict(self) -> dict:
        return {"termbase": self.termbase, "how": self.how, "score": round(self.score, 1),
                "matched": self.matched.to_dict() if self.matched else None,
                **({"note": self.note} if self.note else {}), "entry": self.entry.to_dict()}


@dataclass(slots=True)
class Filters:
    """Entry filters of ``kazkit terms lookup``: subject field, year of approval, term status."""

    field: str | None = None
    year: int | None = None
    status: str | None = None

    def keep(self, entry: Entry, matched: Term | None) -> bool:
        if self.field and entry.subject.casefold() != self.field.casefold():
            return False
        if self.year is not None and not any(t.year == self.year for t in entry.terms):
            return False
        return not (self.status and (matched is None or matched.status != self.status))


def lookup(query: str, termbases: Sequence[Termbase], *, source_lang: str | None = None,
           mode: str = "auto", filters: Filters | None = None, limit: int = 20,
           fuzzy_cutoff: float = 75.0) -> list[Hit]:
    """Entries for a word or phrase, best first.

    ``mode="auto"`` tries the exact and inflected forms, then (when nothing is found) prefixes, then
    fuzzy matches; ``exact``, ``prefix`` and ``fuzzy`` run one kind only. ``source_lang`` limits the
    search to terms of one language (``en`` finds ``database`` -> ``дерекқор``).
    """
    filters = filters or Filters()
    norm = normalize_term(query)
    if not norm:
        return []
    hits: dict[tuple[int, int], Hit] = {}
    if mode in ("auto", "exact"):
        _exact(norm, termbases, source_lang, hits)
    if mode == "prefix" or (mode == "auto" and not _kept(hits, filters)):
        _prefix(norm, termbases, source_lang, hits, limit)
    if mode == "fuzzy" or (mode == "auto" and not _kept(hits, filters)):
        _fuzzy(norm, termbases, source_lang, hits, limit, fuzzy_cutoff)
    ranked = sorted(_kept(hits, filters), key=lambda h: (_HOW_RANK[h.how], h.priority, -h.score, h.key))
    return ranked[:limit]


def _kept(hits: dict[tuple[int, int], Hit], filters: Filters) -> list[Hit]:
    return [h for h in hits.values() if filters.keep(h.entry, h.matched)]


def _add(hits: dict, termbase: Termbase, found: list[tuple[int, str]], how: str, score, note=None) -> None:
    """Fetch the entries of ``found`` (entry id, norm) and record them unless already found better."""
    fresh = [(key, norm) for key, norm in found if (id(termbase), key) not in hits]
    entries = termbase.entries(key for key, _ in fresh)
    for key, norm in fresh:
        entry = entries.get(key)
        if entry is None or (id(termbase), key) in hits:
            continue
        matched = next((t for t in entry.terms if t.norm == norm), None)
        hits[(id(termbase), key)] = Hit(termbase.name, termbase.priority, key, entry, matched, how,
                                         score(norm) if callable(score) else score,
                                         note(norm) if callable(note) else (note or ""))


def _exact(norm: str, termbases: Sequence[Termbase], lang: str | None, hits: dict) -> None:
    for termbase in termbases:
        _add(hits, termbase, termbase.entry_ids_by_norm([norm], lang), "exact", 100.0)
    if lang not in (None, "kk"):
        return
    citations = {form: c for form, c in query_citations(norm) if form != norm}
    if not citations:
        words = norm.split()
        head = " ".join(words[:-1]) + " " if len(words) > 1 else ""

        def known(stem: str) -> bool:
            return any(tb.entry_ids_by_norm([head + stem], "kk") for tb in termbases)

        citations = {head + c.form: c for c in analogy_citations(words[-1], known)}
    if not citations:
        return
    for termbase in termbases:
        found = termbase.entry_ids_by_norm(citations, "kk")
        _add(hits, termbase, found, "inflected", 100.0,
             note=lambda n, cs=citations: f"{norm} = {n} + {_feats(cs[n].feats)}")


def _feats(feats: dict[str, str]) -> str:
    from kazkit.types import format_feats

    return format_feats(feats)


def _prefix(norm: str, termbases: Sequence[Termbase], lang: str | None, hits: dict, limit: int) -> None:
    for termbase in termbases:
        found = termbase.entry_ids_by_prefix(norm, lang, limit)
        _add(hits, termbase, found, "prefix", lambda n: 100.0 * len(norm) / max(len(n), 1))


def _fuzzy(norm: str, termbases: Sequence[Termbase], lang: str | None, hits: dict, limit: int,
           cutoff: float) -> None:
    from rapidfuzz import fuzz, process

    for termbase in termbases:
        norms, keys = termbase.fuzzy_table(lang)
        found = process.extract(norm, norms, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        scores = {norms[i]: score for _, score, i in found}
        _add(hits, termbase, [(keys[i], norms[i]) for _, _, i in found], "fuzzy", lambda n, s=scores: s[n])
