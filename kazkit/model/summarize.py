"""Extractive summaries of Kazakh text: TextRank over lemma TF-IDF vectors with a position prior.

Always available (no model weights). Each sentence becomes a TF-IDF vector of the lemmas of its
content words (the morphology's lemma, so ``мектептерімізде`` and ``мектепке`` count as one term
``мектеп``; stop words from ``data/model/stopwords.txt`` and function-word parts of speech left
out). Sentences are ranked with TextRank (PageRank over the cosine-similarity graph), the score
is mixed with a prior for the first sentences of each section (lead sentences of encyclopaedic
and course texts carry the topic), and the best sentences are picked without near-duplicates.
The summary is made only of input sentences, in their original order.

>>> text = "Алматы - Қазақстанның ең үлкен қаласы. Қала тау етегінде орналасқан. Бүгін күн ашық."
>>> [s.text for s in summarize(text, sentences=1)[0].sentences]  # doctest: +SKIP
['Алматы - Қазақстанның ең үлкен қаласы.']
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from kazkit.errors import UsageError
from kazkit.model.documents import Material, material_from_text
from kazkit.types import ABBR, LATIN, WORD

__all__ = ["SectionSummary", "SummarySentence", "content_lemmas", "rank_sentences", "stop_words",
           "summarize", "summarize_material", "summary_size"]

#: Weight of the position prior against the TextRank score (both scaled to [0, 1]).
POSITION_WEIGHT = 0.5
#: A candidate this similar (cosine) to a sentence already chosen is skipped as redundant.
REDUNDANCY = 0.7
#: Damping factor and iterations of TextRank (PageRank's usual values).
DAMPING = 0.85
ITERATIONS = 50
#: Above this many sentences the quadratic graph is replaced by similarity to the centroid.
MAX_GRAPH_SENTENCES = 1500
DEFAULT_SENTENCES = 3

_FUNCTION_POS = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT", "NUM",
                           "INTJ", "SYM"})
_TERM_KINDS = frozenset({WORD, LATIN, ABBR})


@dataclass(frozen=True)
class SummarySentence:
    """A sentence of the input kept in the summary; ``start``/``end`` are offsets in the input."""

    text: str
    start: int
    end: int
    index: int  # 0-based position among the sentences of the input
    score: float
    lang: str = ""
    time_ms: int | None = None  # subtitles: start time of the cue the sentence starts in

    def to_dict(self) -> dict:
        record = {"index": self.index, "start": self.start, "end": self.end, "text": self.text,
                  "score": round(self.score, 4), "lang": self.lang}
        if self.time_ms is not None:
            record["time_ms"] = self.time_ms
        return record


@dataclass
class SectionSummary:
    """The sentences kept from one section (or from the whole input), in input order."""

    title: str
    sentences: list[SummarySentence] = field(default_factory=list)
    total: int = 0  # sentences in the section


@cache
def stop_words() -> frozenset[str]:
    """Kazakh stop words (QazNLTK list, MIT; see ``data/model/README.md``)."""
    from kazkit.paths import data_path

    lines = data_path("model", "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _lemma(word: str) -> str | None:
    """The content lemma of a word form, or None for stop words and function words."""
    from kazkit.grammar.morphology import analyze

    lower = word.lower()
    stops = stop_words()
    if lower in stops or len(lower) < 2:
        return None
    known = [a for a in analyze(word) if not a.guessed]
    if not known:
        return lower
    best = known[0]
    if best.pos in _FUNCTION_POS or best.lemma.lower() in stops:
        return None
    return best.lemma.lower()


def content_lemmas(tokens) -> list[str]:
    """Lemmas of the content words among ``tokens`` (stop and function words left out).

    >>> from kazkit.text.pipeline import iter_sentences
    >>> [content_lemmas(t) for _, t in iter_sentences("Мектептерімізде оқушылар көп.")]  # doctest: +SKIP
    [['мектеп', 'оқушы']]
    """
    lemmas = []
    for token in tokens:
        if token.kind in _TERM_KINDS:
            lemma = _lemma(token.text)
            if lemma:
                lemmas.append(lemma)
    return lemmas


def _tfidf(bags: list[list[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors; IDF from the sentences of the input itself."""
    df = Counter(term for bag in bags for term in set(bag))
    n = len(bags)
    vectors = []
    for bag in bags:
        weights = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in Counter(bag).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _textrank(vectors: list[dict[str, float]]) -> list[float]:
    n = len(vectors)
    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    postings: dict[str, list[int]] = {}
    for i, vector in enumerate(vectors):
        for term in vector:
            postings.setdefault(term, []).append(i)
    # Only pairs that share a term can be similar: walk the postings instead of all n^2 pairs.
    for i, vector in enumerate(vectors):
        seen = {j for term in vector for j in postings[term] if j > i}
        for j in seen:
            weight = _cosine(vector, vectors[j])
            if weight > 0:
                neighbours[i].append((j, weight))
                neighbours[j].append((i, weight))
    out_weight = [sum(w for _, w in edges) for edges in neighbours]
    scores = [1.0 / n] * n
    for _ in range(ITERATIONS):
        new = [(1 - DAMPING) / n + DAMPING * sum(scores[j] * w / out_weight[j] for j, w in neighbours[i])
               for i in range(n)]
        delta = sum(abs(a - b) for a, b in zip(new, scores, strict=True))
        scores = new
        if delta < 1e-6:
            break
    return scores


def _centroid(vectors: list[dict[str, float]]) -> list[float]:
    centre: Counter[str] = Counter()
    for vector in vectors:
        centre.update(vector)
    norm = math.sqrt(sum(w * w for w in centre.values())) or 1.0
    unit = {t: w / norm for t, w in centre.items()}
    return [_cosine(vector, unit) for vector in vectors]


def _scaled(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    return [(v - low) / (high - low) if high > low else 1.0 for v in values]


def rank_sentences(bags: list[list[str]], positions: list[int] | None = None) -> list[float]:
    """A score in [0, 1] per sentence from its lemma bag and its position in its section.

    ``positions`` are 0-based indexes within each sentence's section (default: the list order).
    """
    if not bags:
        return []
    vectors = _tfidf(bags)
    graph = _textrank(vectors) if len(bags) <= MAX_GRAPH_SENTENCES else _centroid(vectors)
    centrality = _scaled(graph)
    positions = positions if positions is not None else list(range(len(bags)))
    scores = []
    for bag, rank, position in zip(bags, centrality, positions, strict=True):
        prior = 1 / math.sqrt(1 + position)
        score = (1 - POSITION_WEIGHT) * rank + POSITION_WEIGHT * prior
        if len(bag) < 3:  # headings, captions and fragments rarely summarise anything
            score *= 0.5 if bag else 0.0
        scores.append(score)
    return scores


def summary_size(total: int, sentences: int | None, ratio: float | None) -> int:
    """How many sentences to keep of ``total``: ``sentences``, or ``ratio`` of them (at least 1)."""
    if sentences is not None and ratio is not None:
        raise UsageError("give --sentences or --ratio, not both")
    if sentences is not None:
        if sentences < 1:
            raise UsageError("--sentences must be 1 or more")
        return min(sentences, total)
    if ratio is not None:
        if not 0 < ratio <= 1:
            raise UsageError("--ratio must be above 0 and at most 1 (e.g. 0.2 keeps a fifth)")
        return min(total, max(1, round(total * ratio)))
    return min(DEFAULT_SENTENCES, total)


@dataclass
class _Unit:
    text: str
    start: int
    end: int
    lang: str
    lemmas: list[str]
    position: int
    section: int


def _units(material: Material) -> list[_Unit]:
    from kazkit.text.pipeline import iter_sentences

    units = []
    for number, section in enumerate(material.sections):
        body = material.body(section)
        position = 0
        for sentence, tokens in iter_sentences(body):
            if not any(t.kind in _TERM_KINDS for t in tokens):
                continue
            units.append(_Unit(sentence.text, section.start + sentence.start, section.start + sentence.end,
                               sentence.lang, content_lemmas(tokens), position, number))
            position += 1
    return units


def _select(units: list[_Unit], scores: list[float], count: int) -> list[int]:
    """Indexes of the ``count`` best units, skipping near-duplicates of those already chosen."""
    vectors = _tfidf([u.lemmas for u in units])
    chosen: list[int] = []
    order = sorted(range(len(units)), key=lambda i: (-scores[i], i))
    for i in order:
        if len(chosen) == count:
            break
        if any(_cosine(vectors[i], vectors[j]) > REDUNDANCY for j in chosen):
            continue
        chosen.append(i)
    for i in order:  # too few distinct sentences: fill up with the best remaining ones
        if len(chosen) >= count:
            break
        if i not in chosen:
            chosen.append(i)
    return sorted(chosen)


def _dominant_lang(units: list[_Unit]) -> str:
    counts = Counter(u.lang for u in units if u.lang)
    return counts.most_common(1)[0][0] if counts else ""


def _summarise_units(units: list[_Unit], material: Material, count: int, title: str) -> SectionSummary:
    scores = rank_sentences([u.lemmas for u in units], [u.position for u in units])
    main_lang = _dominant_lang(units)
    # A Russian abstract or an English quotation in a Kazakh lecture is not its summary.
    scores = [s * (0.5 if u.lang and u.lang != main_lang else 1.0) for s, u in zip(scores, units, strict=True)]
    picked = _select(units, scores, count) if units else []
    return SectionSummary(title, [
        SummarySentence(" ".join(units[i].text.split()), units[i].start, units[i].end, i, scores[i],
                        units[i].lang, material.time_at(units[i].start)) for i in picked], len(units))


def summarize_material(material: Material, *, sentences: int | None = None, ratio: float | None = None,
                       per_section: bool = False) -> list[SectionSummary]:
    """Summaries of a material: one for the whole of it, or one per section (``per_section``)."""
    units = _units(material)
    if not per_section:
        return [_summarise_units(units, material, summary_size(len(units), sentences, ratio), "")]
    summaries = []
    offset = 0
    for number, section in enumerate(material.sections):
        own = [u for u in units if u.section == number]
        if not own:
            continue
        summary = _summarise_units(own, material, summary_size(len(own), sentences, ratio), section.title)
        # indexes count sentences of the whole input, as in the one-summary output
        summary.sentences = [SummarySentence(s.text, s.start, s.end, s.index + offset, s.score, s.lang, s.time_ms)
                             for s in summary.sentences]
        offset += len(own)
        summaries.append(summary)
    return summaries


def summarize(text: str, *, sentences: int | None = None, ratio: float | None = None,
              per_section: bool = False, markdown: bool = False) -> list[SectionSummary]:
    """Extractive summary of ``text``: the best ``sentences`` (default 3) or ``ratio`` of them.

    Returns one :class:`SectionSummary` (or one per section with ``per_section``).
    """
    return summarize_material(material_from_text(text, markdown=markdown), sentences=sentences,
                              ratio=ratio, per_section=per_section)


