"""The fast text layer against plain reference implementations of the same rules.

The tokenizer takes shortcuts (runs of words in one scanner match, words cached by kind, tokens
built in batches), the sentence splitter looks only at the ends of token batches, and language
identification caches per word and sums in C. Each reference below is the straightforward form:
one scanner match per token with the rule alternatives only, a splitter walking every token
including spaces, and n-gram scores summed word by word. Their outputs must be identical.
"""

from __future__ import annotations

from collections import deque

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from kazkit.text import langid
from kazkit.text import tokenize as tok
from kazkit.text.sentences import sentences_with_tokens
from kazkit.types import ABBR, LATIN, NUMBER, PUNCT, SPACE, WORD, Sentence, Token

# --- reference tokenizer -----------------------------------------------------------------------

_RULES = regex.compile(
    rf"""
    (?P<space>[\s\x1c-\x1f]++)
  | (?P<url>(?:(?:https?|ftps?)://|www\d{{0,3}}\.){tok._URL_BODY}{{1,4096}}+)
  | (?P<email>[\p{{L}}\p{{N}}_%+\-][\p{{L}}\p{{N}}._%+\-]{{0,63}}+@[\p{{L}}\p{{N}}\-]{{1,63}}+
               (?:\.[\p{{L}}\p{{N}}\-]{{1,63}}+){{1,8}}+)
  | (?P<domain>[\p{{Latin}}\d][\p{{Latin}}\d\-]{{0,62}}+(?:\.[\p{{Latin}}\d\-]{{1,63}}+){{0,6}}
               \.(?:{tok._TLDS})(?![\p{{L}}\p{{M}}\d]|-[\p{{Latin}}\d])(?:/{tok._URL_BODY}{{0,4096}}+)?)
  | (?P<number>
        (?:\d{{1,3}}(?:[\u00A0\u202F\u2009\u2007]\d{{3}}(?!\d))++(?:[.,]\d++)?
          | \d++(?:[.,:/]\d++)*+
        )
        (?:{tok._HYPHEN}[\p{{L}}\p{{M}}]++)?
      | \p{{No}}++
    )
  | (?P<word>\p{{L}}{tok._WORD_CHAR}*+(?:(?:{tok._HYPHEN}|['’]){tok._WORD_CHAR}++)*+)
  | (?P<hashtag>[\#@][\p{{L}}\p{{N}}_][\p{{L}}\p{{M}}\p{{N}}_]*+)
  | (?P<stop>[.!?…‼⁇⁈⁉]++)
  | (?P<dashes>-{{2,}}+)
  | (?P<punct>[\p{{P}}\p{{Sm}}\p{{Sc}}\p{{Sk}}№§°‰′″©®™℃℉])
  | (?P<other>\X)
    """,
    regex.VERBOSE,
)


def _reference_word(text: str, start: int, end: int) -> tuple[str, int]:
    """The kind rules for a word candidate, with no cache in between."""
    word = text[start:end]
    known = tok._single_word_abbreviations()
    if end < len(text) and text[end] == ".":
        dotted = tok._dotted_abbreviation(text, start, end, word, known)
        if dotted:
            return ABBR, dotted
    if tok._known(word, known):
        return ABBR, end
    return tok._word_kind(word, text, end), end


def reference_tokenize(text: str, spaces: bool = False) -> list[Token]:
    tokens, pos = [], 0
    while pos < len(text):
        found = _RULES.match(text, pos)
        kind, end = found.lastgroup, found.end()
        if kind == "space":
            if spaces:
                tokens.append(Token(text[pos:end], pos, end, SPACE))
            pos = end
            continue
        if kind == "word":
            kind, end = _reference_word(text, pos, end)
        elif kind in ("url", "domain"):
            kind, end = tok._trim_url(text, pos, end)
        else:
            kind = tok._GROUP_KIND[kind]
        tokens.append(Token(text[pos:end], pos, end, kind))
        pos = end
    return tokens


# --- reference sentence splitter (every token, spaces included) ---------------------------------

_STOPS = frozenset(".!?…‼⁇⁈⁉")
_CLOSERS = frozenset("»”’\"')]}›")
_OPENERS = frozenset("«„“‘\"'([{‹")
_DASHES = frozenset("-–—―‒")
_BULLETS = _DASHES | frozenset("•·▪▫●○◦►▸‣∙*")
_CONTINUERS = frozenset(",;:") | (_CLOSERS - {'"', "'"})
_LINE_BREAK = regex.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_ROMAN = regex.compile(r"[IVXLCDMІХ]{1,6}")


def reference_sentences(text: str, spaces: bool = False) -> list[tuple[Sentence, list[Token]]]:
    stream = deque(reference_tokenize(text, spaces=True))
    finals = tok.sentence_final_abbreviations()

    def peek(i: int) -> Token | None:
        return stream[i] if i < len(stream) else None

    def past_spaces(i: int) -> tuple[Token | None, int]:
        while (t := peek(i)) is not None and t.kind == SPACE:
            i += 1
        return peek(i), i

    def first_word(t: Token | None, i: int) -> Token | None:
        for _ in range(8):
            if t is None or t.kind != PUNCT or (t.text not in _DASHES and t.text not in _OPENERS):
                return t
            t, i = past_spaces(i + 1)
        return t

    def make(current: list[Token]) -> tuple[Sentence, list[Token]]:
        while current[-1].kind == SPACE:
            current.pop()
        s, e = current[0].start, current[-1].end
        return Sentence(text[s:e], s, e), [t for t in current if spaces or t.kind != SPACE]

    out, current = [], []
    while stream:
        t = stream.popleft()
        if t.kind == SPACE:
            if current:
                breaks = 2 if "\u2029" in t.text else len(_LINE_BREAK.findall(t.text))
                first = peek(0)
                split = breaks >= 2 or (
                    breaks == 1
                    and first is not None
                    and (
                        first.text in _BULLETS
                        or first.kind == NUMBER
                        and (m := peek(1)) is not None
                        and m.text in (".", ")")
                    )
                )
                if split:
                    out.append(make(current))
                    current = []
                else:
                    current.append(t)
            continue
        current.append(t)
        may_end = t.kind == PUNCT and t.text[0] in _STOPS or t.kind == ABBR and t.text in finals
        marker = (
            len(current) == 2
            and current[1].text == "."
            and (current[0].kind == NUMBER or bool(_ROMAN.fullmatch(current[0].text)))
        )
        if not may_end or marker:
            continue
        while (c := peek(0)) is not None and c.kind == PUNCT and c.text in _CLOSERS:
            current.append(stream.popleft())
        nxt, i = past_spaces(0)
        if nxt is None:
            ends = True
        elif t.kind == ABBR:
            w = first_word(nxt, i)
            ends = w is not None and w.kind in (WORD, LATIN) and w.text[0].isupper()
        elif nxt.kind == PUNCT and nxt.text in _CONTINUERS:
            ends = False
        else:
            w = first_word(nxt, i)
            ends = not (w is not None and w.text[0].islower())
        if ends:
            out.append(make(current))
            current = []
    if current:
        out.append(make(current))
    return out


# --- reference language scores ------------------------------------------------------------------


def reference_scores(text: str) -> tuple[dict[str, float], float]:
    inside = [(m.start(), m.end()) for m in langid._BRACKETS_RE.finditer(text)]
    found = [
        (m.group(), any(s <= m.start() < e for s, e in inside))
        for m in langid._WORD_RE.finditer(text)
    ]
    damp = sum(1 for _, b in found if not b) >= langid.MIN_WORDS_OUTSIDE_BRACKETS
    words = [(w, langid.BRACKET_WEIGHT if (b and damp) else 1.0) for w, b in found]
    by_script = {"Cyrl": 0.0, "Latn": 0.0}
    for word, weight in words:
        if langid._word_script(word):
            by_script[langid._word_script(word)] += weight
    if not any(by_script.values()):
        return {}, 0.0
    script = "Cyrl" if by_script["Cyrl"] >= by_script["Latn"] else "Latn"
    names = langid._CANDIDATES[script]
    profiles = langid._profiles()
    totals, n_grams = [0.0] * len(names), 0.0
    cyrl, latn = langid._CYRL_RE.search, langid._LATN_RE.search
    for word, weight in words:
        if cyrl(word) and latn(word):
            word = word.translate(langid._TO_CYRL if script == "Cyrl" else langid._TO_LATN)
        if langid._word_script(word) != script or (cyrl(word) and latn(word)):
            continue
        scores = [
            sum(
                profiles[name].logprobs.get(gram, profiles[name].floors[n])
                for n, gram in langid.word_ngrams(word.lower())
            )
            for name in names
        ]
        if script == "Cyrl" and not langid._KAZAKH_LETTERS.isdisjoint(word):
            scores[0] += langid.KAZAKH_LETTER_BONUS
        for i, score in enumerate(scores):
            totals[i] += weight * score
        n_grams += weight * langid._ngram_count(len(word))
    return dict(zip((langid._PROFILE_LANG[n] for n in names), totals, strict=True)), n_grams


_STRONG = regex.compile("[ғқұәҒҚҰӘ]")
_MARKED = regex.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def reference_clearly_kazakh(text: str) -> bool:
    strong, marked = _STRONG, _MARKED
    if len(strong.findall(text)) < 2 or langid._LATN_RE.search(text):
        return False
    words = langid._WORD_RE.findall(text)
    if sum(1 for w in words if strong.search(w)) < 2:
        return False
    return sum(1 for w in words if marked.search(w)) >= 0.3 * len(words)


def reference_language(text: str) -> str:
    if reference_clearly_kazakh(text):
        return "kk"
    scores, n_grams = reference_scores(text)
    if not scores:
        return "other"
    best = max(scores, key=lambda lang: scores[lang])
    if n_grams >= langid.OTHER_MIN_NGRAMS and scores[best] / n_grams < langid.OTHER_MAX_LOGPROB:
        return "other"
    return best


# --- the comparisons ----------------------------------------------------------------------------

BITS = st.sampled_from(
    ["қазақ", "Әке", "бір-бірі", "ҚР", "ҚазҰУ", "-да", "т.б.", "т. б.", "ж.", "А.", "Е.", "млрд.",
     "2020", "3,14", "12.05.2020", "1\u00a0000", "XXI", "ХІХ", " ғасыр", "www.", "kazkit", ".kz",
     "http://", "info", "@", "#", ".", "...", "?!", "…", "«", "»", "(", ")", "“", "”", "„", "—",
     "–", "-", "'", "’", '"', ",", ";", ":", "/", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t",
     "\u00a0", "\u2029", "\u0301", "\u200d", "\U0001f600", "\x00", "\x1c", "•", "1.", "2)", "e.g.",
     "et al.", "%", "_", "+", "²", "бipi", "school", "Мы", "поедем", "Сәлем", "деді", "ІІ-нің",
     "XXI-ші", "kazkit.kz-ке", "a@b.kz", "İ", "ǅ", "\u0600", "ұлт", "ағаш", "бала", "үй", "сөз"]
)
TEXTS = st.one_of(st.text(max_size=60), st.lists(BITS, max_size=50).map("".join))


def rows(tokens) -> list[tuple[str, int, int, str]]:
    return [(t.text, t.start, t.end, t.kind) for t in tokens]


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_tokens_match_the_one_match_per_token_reference(text):
    assert rows(tok.tokenize(text)) == rows(reference_tokenize(text))
    assert rows(tok.tokenize(text, spaces=True)) == rows(reference_tokenize(text, spaces=True))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_sentences_match_the_every_token_reference(text):
    for spaces in (False, True):
        got = [(s, rows(ts)) for s, ts in sentences_with_tokens(text, spaces=spaces)]
        want = [(s, rows(ts)) for s, ts in reference_sentences(text, spaces=spaces)]
        assert got == want


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_language_and_scores_match_the_word_by_word_reference(text):
    assert langid._clearly_kazakh(text) == reference_clearly_kazakh(text)
    assert langid.detect_language(text) == reference_language(text)
    assert langid._score(text) == reference_scores(text)  # exact to the bit


def test_references_agree_on_a_real_paragraph():
    text = (
        "ҚР Білім министрлігі 2020-да 5-сынып оқушыларына т.б. жаңа оқулықтар берді. "
        "«Қайда?» деп сұрады ол. — Білмеймін, — деді. XXI ғасыр (Kazakhstan) туралы: "
        "www.kazkit.kz, info@kazkit.kz.\n\n1. Бірінші. 2) Екінші… Мы завтра поедем в Алматы."
    )
    assert rows(tok.tokenize(text, spaces=True)) == rows(reference_tokenize(text, spaces=True))
    got = [(s, rows(ts)) for s, ts in sentences_with_tokens(text)]
    assert got == [(s, rows(ts)) for s, ts in reference_sentences(text)]
    for sentence, _ in got:
        assert langid.detect_language(sentence.text) == reference_language(sentence.text)
