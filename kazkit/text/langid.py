"""Language identification for Kazakh text: Kazakh (Cyrillic or 2021 Latin), Russian, English.

The method is a character n-gram naive Bayes, one word at a time:

1. the script with more letters (Cyrillic or Latin) picks the candidates: kk or ru for
   Cyrillic, kk (the ``kk-Latn`` profile) or en for Latin; words in the other script are
   quotations or names and are left out, so ``Ішекқуыстылар (Coelenterata) ...`` stays Kazakh;
2. every word of that script, padded with spaces, adds the log-probabilities of its 1-4-grams
   under each profile (``data/langid/profiles.tsv``, built from real text by
   ``tools/build_langid.py``; unseen n-grams get the profile's floor for that order);
3. words inside brackets count a quarter when the sentence has enough words outside them,
   since brackets hold glosses and terms in another language;
4. each Cyrillic word with a letter only Kazakh uses (ә ғ қ ң ө ұ ү һ і) adds a fixed bonus
   to Kazakh: these letters are the strongest evidence there is, even in a two-word sentence.

Text with no Cyrillic or Latin letter is ``"other"``. The profiles load on first use (a few
milliseconds), never at import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import regex

from kazkit.paths import data_path
from kazkit.types import Sentence

FORMAT_VERSION = 1
MAX_ORDER = 4
LANGUAGES = ("kk", "ru", "en", "other")

# Log-probability bonus per Cyrillic word holding a Kazakh-only letter (about what a
# strongly Kazakh 4-gram is worth, so letters decide only when n-grams are close).
KAZAKH_LETTER_BONUS = 6.0
# "other" for Cyrillic or Latin text: the best profile's mean log-probability per n-gram is
# below this (held-out kk/ru/en sentences all stay above -6.7; half of Turkish news falls
# below -6.9), measured on texts with at least this many n-grams.
OTHER_MAX_LOGPROB = -7.0
OTHER_MIN_NGRAMS = 60
# Weight of a word inside brackets when at least this many words stand outside them.
BRACKET_WEIGHT = 0.25
MIN_WORDS_OUTSIDE_BRACKETS = 3

_CANDIDATES = {"Cyrl": ("kk", "ru"), "Latn": ("kk-Latn", "en")}
_PROFILE_LANG = {"kk": "kk", "kk-Latn": "kk", "ru": "ru", "en": "en"}
_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# The fast path of detect_language(): letters no other modelled or nearby Cyrillic language
# shares as a set (Ukrainian has і, Kyrgyz ң ө ү, Tatar ә ө ү ң һ), and how many words must
# carry them. Text that passes is Kazakh under the full model too (bench/langid.py checks).
_KAZAKH_STRONG_RE = regex.compile(r"[ғқұәҒҚҰӘ]")
_KAZAKH_ANY_RE = regex.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_FAST_MIN_STRONG_WORDS = 2
_FAST_MIN_SHARE = 0.3

# Latin and Cyrillic letters that look the same (and Kazakh і/һ for i/h).
_HOMOGLYPHS = ("aceiopxykhABCEHIKMOPTXY", "асеіорхукһАВСЕНІКМОРТХУ")
_TO_CYRL = str.maketrans(_HOMOGLYPHS[0], _HOMOGLYPHS[1])
_TO_LATN = str.maketrans(_HOMOGLYPHS[1], _HOMOGLYPHS[0])

_WORD_RE = regex.compile(r"\p{L}+")
_CYRL_RE = regex.compile(r"\p{Cyrillic}")
_LATN_RE = regex.compile(r"\p{Latin}")
_BRACKETS_RE = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Simple sentence ends for label_sentences() when no spans are given: . ! ? … (with closing
# quotes/brackets) followed by space, or a line break.
_SENTENCE_RE = regex.compile(r"[^\n]+?(?:[.!?…]+[\"'»”)\]]*(?=\s)|$)", regex.MULTILINE)


@dataclasses.dataclass(frozen=True)
class _Profile:
    logprobs: dict[str, float]
    floors: dict[int, float]

    def word_score(self, word: str) -> float:
        get, floors = self.logprobs.get, self.floors
        return sum(get(gram, floors[n]) for n, gram in word_ngrams(word))


def word_ngrams(word: str) -> Iterator[tuple[int, str]]:
    """The 1-4-grams of a word padded with one space each side (``" ел "``: ``е``, `` е``...).

    The padding lets n-grams mark word starts and ends (Kazakh ``-ның``/``-дың`` endings,
    Russian ``-ого``), which carry much of the evidence.
    """
    padded = f" {word} "
    for n in range(1, MAX_ORDER + 1):
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if gram.strip():
                yield n, gram


@cache
def _profiles() -> dict[str, _Profile]:
    """Load data/langid/profiles.tsv once (lazily, on the first call that needs it)."""
    path = data_path("langid", "profiles.tsv")
    logprobs: dict[str, dict[str, float]] = {}
    floors: dict[str, dict[int, float]] = {}
    with path.open(encoding="utf-8") as f:
        header = f.readline()
        if f"version={FORMAT_VERSION}" not in header:
            raise ValueError(f"{path}: unsupported profile format (want version={FORMAT_VERSION})")
        for line in f:
            a, b, c, *rest = line.rstrip("\n").split("\t")
            if a == "@floor":
                floors.setdefault(b, {})[int(c)] = float(rest[0])
            else:
                logprobs.setdefault(a, {})[b] = float(c)
    return {lang: _Profile(logprobs[lang], floors[lang]) for lang in logprobs}


@lru_cache(maxsize=65536)
def _word_scores(word: str, script: str) -> tuple[float, ...]:
    """Log-likelihood of one lower-cased word under each candidate profile of its script."""
    profiles = _profiles()
    return tuple(profiles[name].word_score(word) for name in _CANDIDATES[script])


def _word_script(word: str) -> str:
    cyrl = len(_CYRL_RE.findall(word))
    latn = len(_LATN_RE.findall(word))
    if not cyrl and not latn:
        return ""
    return "Cyrl" if cyrl >= latn else "Latn"


def detect_script(text: str) -> str:
    """The script of ``text``: ``"Cyrl"``, ``"Latn"``, ``"mixed"`` or ``"none"``.

    A script counts as the script of the text when it has at least 90% of its Cyrillic and
    Latin letters: ``Қазақстан (Kazakhstan) Орталық Азияда орналасқан`` is ``"mixed"``, while
    one Latin abbreviation in a long Cyrillic sentence keeps it ``"Cyrl"``.
    """
    cyrl = len(_CYRL_RE.findall(text))
    latn = len(_LATN_RE.findall(text))
    if not cyrl and not latn:
        return "none"
    if cyrl >= 0.9 * (cyrl + latn):
        return "Cyrl"
    if latn >= 0.9 * (cyrl + latn):
        return "Latn"
    return "mixed"


def _weighted_words(text: str) -> list[tuple[str, float]]:
    """Words of ``text`` with their weights: bracketed asides count less when the rest is long."""
    inside = [(m.start(), m.end()) for m in _BRACKETS_RE.finditer(text)]
    words = [
        (m.group(), any(s <= m.start() < e for s, e in inside)) for m in _WORD_RE.finditer(text)
    ]
    outside = sum(1 for _, bracketed in words if not bracketed)
    damp = outside >= MIN_WORDS_OUTSIDE_BRACKETS
    return [(w, BRACKET_WEIGHT if (bracketed and damp) else 1.0) for w, bracketed in words]


def _fold_homoglyphs(word: str, script: str) -> str:
    """Write look-alike letters of a mixed-script word in ``script`` (``бipi`` -> ``бірі``).

    Text copied from PDFs and old web pages mixes Latin ``a e i o p c x`` into Cyrillic words.
    """
    if _CYRL_RE.search(word) and _LATN_RE.search(word):
        return word.translate(_TO_CYRL if script == "Cyrl" else _TO_LATN)
    return word


def language_scores(text: str) -> dict[str, float]:
    """Log-likelihood of ``text`` under each candidate language of its main script.

    The main script is the one of most words (bracketed words count less). Empty when the text
    has no Cyrillic or Latin letter. Higher is more likely; the values of one call are
    comparable with each other, not across calls.
    """
    return _score(text)[0]


def _score(text: str) -> tuple[dict[str, float], float]:
    """The scores of :func:`language_scores` and the (weighted) number of n-grams behind them."""
    words = _weighted_words(text)
    weight_by_script = {"Cyrl": 0.0, "Latn": 0.0}
    for word, weight in words:
        script = _word_script(word)
        if script:
            weight_by_script[script] += weight
    if not any(weight_by_script.values()):
        return {}, 0.0
    script = "Cyrl" if weight_by_script["Cyrl"] >= weight_by_script["Latn"] else "Latn"
    names = _CANDIDATES[script]
    totals = [0.0] * len(names)
    n_grams = 0.0
    for word, weight in words:
        word = _fold_homoglyphs(word, script)
        if _word_script(word) != script or (_CYRL_RE.search(word) and _LATN_RE.search(word)):
            continue
        scores = list(_word_scores(word.lower(), script))
        if script == "Cyrl" and not _KAZAKH_LETTERS.isdisjoint(word):
            scores[0] += KAZAKH_LETTER_BONUS  # names[0] is Kazakh for both scripts
        for i, score in enumerate(scores):
            totals[i] += weight * score
        n_grams += weight * _ngram_count(len(word))
    return {_PROFILE_LANG[name]: total for name, total in zip(names, totals, strict=True)}, n_grams


def _ngram_count(length: int) -> int:
    """How many n-grams word_ngrams() yields for a word of ``length`` letters."""
    return sum(length + 3 - n for n in range(1, MAX_ORDER + 1) if length + 3 - n > 0) - (
        2 if length else 0
    )


def detect_language(text: str) -> str:
    """The language of ``text``: ``"kk"``, ``"ru"``, ``"en"`` or ``"other"``.

    >>> detect_language("Біз ертең таңертең Алматыға барамыз.")
    'kk'
    >>> detect_language("Мы завтра утром поедем в Алматы.")
    'ru'
    >>> detect_language("Biz erteñ tañerteñ Almatyğa baramyz.")
    'kk'
    """
    if _clearly_kazakh(text):
        return "kk"
    scores, n_grams = _score(text)
    if not scores:
        return "other"
    best = max(scores, key=lambda lang: scores[lang])
    # A long text that fits no profile (Turkish, Ukrainian, German...) is none of ours.
    if n_grams >= OTHER_MIN_NGRAMS and scores[best] / n_grams < OTHER_MAX_LOGPROB:
        return "other"
    return best


def _clearly_kazakh(text: str) -> bool:
    """A cheap test that spares the n-gram model on ordinary Kazakh sentences: Cyrillic words
    only (no Latin letter at all), at least two with a letter only Kazakh uses among its
    neighbours (қ ғ ұ ә), and a Kazakh letter in at least 30 % of the words.

    >>> _clearly_kazakh("Біз ертең Алматыға барамыз.")
    False
    >>> _clearly_kazakh("Қазақстан Орталық Азияда орналасқан.")
    True
    """
    if len(_KAZAKH_STRONG_RE.findall(text)) < _FAST_MIN_STRONG_WORDS or _LATN_RE.search(text):
        return False
    words = _WORD_RE.findall(text)
    strong = sum(1 for w in words if _KAZAKH_STRONG_RE.search(w))
    if strong < _FAST_MIN_STRONG_WORDS:
        return False
    marked = sum(1 for w in words if _KAZAKH_ANY_RE.search(w))
    return marked >= _FAST_MIN_SHARE * len(words)


def _split_sentences(text: str) -> list[Sentence]:
    return [
        Sentence(m.group(), m.start(), m.end())
        for m in _SENTENCE_RE.finditer(text)
        if m.group().strip()
    ]


def label_sentences(text: str, sentences: Iterable[Sentence] | None = None) -> list[Sentence]:
    """Sentences of ``text`` with ``lang`` filled in.

    ``sentences`` are spans of ``text`` (from the sentence splitter); without them the text is
    cut at ``. ! ? …`` followed by a space and at line breaks. A sentence without a single
    Cyrillic or Latin letter (``2023``, ``***``) takes the language of the sentence before it.
    """
    spans = _split_sentences(text) if sentences is None else list(sentences)
    labelled: list[Sentence] = []
    previous = "other"
    for sentence in spans:
        lang = detect_language(text[sentence.start : sentence.end])
        if lang == "other" and not _has_letters(sentence.text):
            lang = previous
        labelled.append(dataclasses.replace(sentence, lang=lang))
        previous = lang
    return labelled


def _has_letters(text: str) -> bool:
    return bool(_CYRL_RE.search(text) or _LATN_RE.search(text))


def language_spans(text: str) -> list[tuple[int, int, str]]:
    """Maximal runs of consecutive sentences in one language, as ``(start, end, lang)``.

    A Kazakh article with a Russian and an English abstract gives three spans.
    """
    spans: list[tuple[int, int, str]] = []
    for sentence in label_sentences(text):
        if spans and spans[-1][2] == sentence.lang:
            spans[-1] = (spans[-1][0], sentence.end, sentence.lang)
        else:
            spans.append((sentence.start, sentence.end, sentence.lang))
    return spans
