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
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, lru_cache, partial
from operator import itemgetter

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
# Plain character classes, so the standard ``re`` (cheaper per call than ``regex``) matches them
# exactly as ``regex`` would; they test one word at a time.
_KAZAKH_STRONG_SEARCH = re.compile("[ғқұәҒҚҰӘ]").search
_KAZAKH_ANY_SEARCH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]").search
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
        return self.grams_score(*_word_grams(word))

    def grams_score(self, grams: list[str], orders: Sequence[int]) -> float:
        """Sum of the log-probabilities of ``grams`` (the n-grams of one word, in the order of
        :func:`word_ngrams`, with their orders); an unseen n-gram gets its order's floor.

        The terms are added in the same order as ever, so the sum is the same to the last bit.
        """
        return sum(map(self.logprobs.get, grams, map(self.floors.__getitem__, orders)))


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


def _word_grams(word: str) -> tuple[list[str], Sequence[int]]:
    """The n-grams of :func:`word_ngrams` and their orders, cut with prepared slices.

    A word without whitespace (every word langid scores) has its own letters as 1-grams, and no
    longer window of the padded word is blank, so nothing needs filtering.
    """
    parts = word.split()
    if len(parts) != 1 or parts[0] != word:
        pairs = list(word_ngrams(word))
        return [gram for _, gram in pairs], [n for n, _ in pairs]
    slices, orders = _gram_layout(len(word))
    grams = list(word)
    grams += map(f" {word} ".__getitem__, slices)
    return grams, orders


@lru_cache(maxsize=256)
def _gram_layout(length: int) -> tuple[tuple[slice, ...], tuple[int, ...]]:
    """For a word of ``length`` letters: the slices of its padded form that give its 2- to
    n-grams, and the order of each n-gram :func:`word_ngrams` yields (1-grams first)."""
    size = length + 2
    slices = tuple(slice(i, i + n) for n in range(2, MAX_ORDER + 1) for i in range(size - n + 1))
    orders = [1] * length
    for n in range(2, MAX_ORDER + 1):
        orders += [n] * max(0, size - n + 1)
    return slices, tuple(orders)


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
def _word_scores(word: str, script: str) -> tuple[float, float]:
    """Log-likelihood of one lower-cased word under each candidate profile of its script."""
    first, second = _candidate_profiles(script)
    grams, orders = _word_grams(word)
    return first.grams_score(grams, orders), second.grams_score(grams, orders)


@cache
def _candidate_profiles(script: str) -> tuple[_Profile, _Profile]:
    profiles = _profiles()
    first, second = _CANDIDATES[script]
    return profiles[first], profiles[second]


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


def _weighted_words(
    text: str, words: list[str] | None = None
) -> tuple[list[str], list[float] | None]:
    """Words of ``text`` and their weights: bracketed asides count less when the rest is long.

    The weights are None when every word counts in full (no brackets), the common case.
    ``words``, when given, are the words of ``text`` already found.
    """
    if "(" not in text and "[" not in text:  # no bracket pair without an opening bracket
        return (_WORD_RE.findall(text) if words is None else words), None
    inside = [(m.start(), m.end()) for m in _BRACKETS_RE.finditer(text)]
    if not inside:
        return (_WORD_RE.findall(text) if words is None else words), None
    found = [
        (m.group(), any(s <= m.start() < e for s, e in inside)) for m in _WORD_RE.finditer(text)
    ]
    outside = sum(1 for _, bracketed in found if not bracketed)
    damp = outside >= MIN_WORDS_OUTSIDE_BRACKETS
    weights = [BRACKET_WEIGHT if (bracketed and damp) else 1.0 for _, bracketed in found]
    return [w for w, _ in found], weights


def language_scores(text: str) -> dict[str, float]:
    """Log-likelihood of ``text`` under each candidate language of its main script.

    The main script is the one of most words (bracketed words count less). Empty when the text
    has no Cyrillic or Latin letter. Higher is more likely; the values of one call are
    comparable with each other, not across calls.
    """
    return _score(text)[0]


def _score(text: str, words: list[str] | None = None) -> tuple[dict[str, float], float]:
    """The scores of :func:`language_scores` and the (weighted) number of n-grams behind them.

    ``words``, when given, are the words of ``text`` already found. Every sum adds the same
    terms in the same order as a plain loop over the words, so the scores are exact to the bit.
    """
    words, weights = _weighted_words(text, words)
    scripts = list(map(_FIRST, map(_WORD_LETTERS.__getitem__, words)))
    if weights is None:  # weights of 1.0: the weight of a script is its word count
        cyrl_weight, latn_weight = float(scripts.count("Cyrl")), float(scripts.count("Latn"))
    else:
        cyrl_weight = latn_weight = 0.0
        for word_script, weight in zip(scripts, weights, strict=True):
            if word_script == "Cyrl":
                cyrl_weight += weight
            elif word_script == "Latn":
                latn_weight += weight
    if not cyrl_weight and not latn_weight:
        return {}, 0.0
    script = "Cyrl" if cyrl_weight >= latn_weight else "Latn"
    first_total = second_total = n_grams = 0.0
    evidence = map(_WORD_EVIDENCE[script].__getitem__, words)
    if weights is None:
        for found in evidence:
            if found is not None:
                first, second, count = found
                first_total += first
                second_total += second
                n_grams += count
    else:
        for found, weight in zip(evidence, weights, strict=True):
            if found is not None:
                first, second, count = found
                first_total += weight * first
                second_total += weight * second
                n_grams += weight * count
    first_name, second_name = _CANDIDATES[script]
    return {_PROFILE_LANG[first_name]: first_total, _PROFILE_LANG[second_name]: second_total}, n_grams


class _WordCache(dict[str, object]):
    """word -> ``compute(word)``, worked out on first look (words recur) and emptied when full.

    A dict rather than lru_cache: looked up in C through ``map(cache.__getitem__, words)``, and
    it keeps no linked list of entries for the garbage collector to walk.
    """

    __slots__ = ("_compute",)
    MAX_SIZE = 32768

    def __init__(self, compute: Callable[[str], object]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> object:
        value = self._compute(word)
        if len(self) >= self.MAX_SIZE:
            self.clear()
        self[word] = value
        return value


def _script_letters(word: str) -> tuple[int, int]:
    """How many Cyrillic and Latin letters ``word`` has."""
    cyrillic, latin, either = _common_script_letters()
    if either.issuperset(word):  # set look-ups instead of two regex scans
        cyrl = sum(map(cyrillic.__contains__, word))
        return cyrl, len(word) - cyrl
    return len(_CYRL_RE.findall(word)), len(_LATN_RE.findall(word))


@cache
def _common_script_letters() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The characters of the main Cyrillic and Latin blocks that ``\\p{Cyrillic}`` and
    ``\\p{Latin}`` match (so they agree with the regexes by construction), and their union."""
    cyrillic = frozenset(_CYRL_RE.findall("".join(map(chr, range(0x0400, 0x0530)))))
    latin_blocks = [*range(0x0041, 0x0250), *range(0x1E00, 0x1F00)]
    latin = frozenset(_LATN_RE.findall("".join(map(chr, latin_blocks))))
    return cyrillic, latin, cyrillic | latin


def _script_of(cyrl: int, latn: int) -> str:
    """:func:`_word_script` from the letter counts."""
    if not cyrl and not latn:
        return ""
    return "Cyrl" if cyrl >= latn else "Latn"


def _word_evidence(word: str, script: str) -> tuple[float, float, int] | None:
    """What one word of a text in ``script`` adds: its score under each of the two candidate
    profiles of the script (with the Kazakh-letter bonus) and its n-gram count; None for a word
    left out (another script, or mixed even after folding look-alike letters).

    A word with letters of both scripts first has its look-alike letters written in ``script``
    (``бipi`` -> ``бірі``): text copied from PDFs and old web pages mixes Latin ``a e i o p c x``
    into Cyrillic words.
    """
    word_script, cyrl, latn = _WORD_LETTERS[word]
    if cyrl and latn:
        word = word.translate(_TO_CYRL if script == "Cyrl" else _TO_LATN)
        cyrl, latn = _script_letters(word)
        word_script = _script_of(cyrl, latn)
    if word_script != script or (cyrl and latn):
        return None
    first, second = _word_scores(word.lower(), script)
    if script == "Cyrl" and not _KAZAKH_LETTERS.isdisjoint(word):
        first += KAZAKH_LETTER_BONUS  # the first candidate is Kazakh for both scripts
    return first, second, _ngram_count(len(word))


def _word_letters(word: str) -> tuple[str, int, int]:
    """The script of ``word`` (as :func:`_word_script` gives it) and its letter counts."""
    cyrl, latn = _script_letters(word)
    return _script_of(cyrl, latn), cyrl, latn


# Per word: its script and letter counts, and its evidence in a text of each script.
_WORD_LETTERS = _WordCache(_word_letters)
_FIRST = itemgetter(0)
_WORD_EVIDENCE = {
    script: _WordCache(partial(_word_evidence, script=script)) for script in _CANDIDATES
}


@lru_cache(maxsize=256)
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
    # _clearly_kazakh(), inlined to share the words with _score().
    words = None
    if not _LATN_RE.search(text):
        words = _WORD_RE.findall(text)
        if _clearly_kazakh_words(words):
            return "kk"
    scores, n_grams = _score(text, words)
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
    return not _LATN_RE.search(text) and _clearly_kazakh_words(_WORD_RE.findall(text))


def _clearly_kazakh_words(words: list[str]) -> bool:
    """:func:`_clearly_kazakh` for a text with no Latin letter, given its words."""
    # (Fewer than two strong letters means fewer than two strong words: no separate count.)
    strong = len(words) - list(map(_KAZAKH_STRONG_SEARCH, words)).count(None)
    if strong < _FAST_MIN_STRONG_WORDS:
        return False
    if strong >= _FAST_MIN_SHARE * len(words):
        return True  # every strong word is a marked word
    marked = len(words) - list(map(_KAZAKH_ANY_SEARCH, words)).count(None)
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
