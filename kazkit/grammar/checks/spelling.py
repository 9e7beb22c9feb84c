"""The morphology-based speller: ``KK_SPELLING``, ``KK_SPELLING_NAME`` and ``KK_LOOKALIKE``.

A word is correct when the analyser reads it from the lexicon, or when it is something a speller
must leave alone: a number, URL, e-mail or abbreviation (token kinds), a word of a Russian or
English sentence, a Latin-script word outside a Kazakh-Latin sentence, a word on the user's accept
list, or a single letter. A capitalised unknown word inside a sentence is taken for a name and
reported only as a hint (``KK_SPELLING_NAME``). Words that mix Latin and Cyrillic look-alike
letters (``Бiлiм`` typed with a Latin ``i``) are ``KK_LOOKALIKE``, safe for ``kazkit fix``.

Severity of ``KK_SPELLING`` follows how sure the speller is that the word is a typo:

* ``error``: Kazakh letters typed on a Russian keyboard (``Казакстан``), or a one-edit repair
  (suffix allomorph, transposition, missing or doubled letter, keyboard neighbour) to a form that
  is frequent in the corpus, or a short word missing one letter of a very frequent word (үшн);
* ``warning``: a lower-case word one slip from a rarer known form: two letters swapped, a letter
  doubled by mistake, a suffix vowel against harmony (неемн, біласің); or a lower-case word with
  қ/ғ beside a front vowel that no compound boundary explains (кеқпесем) or among front vowels
  only (нәтижелерқн), repaired or not;
* ``hint``: any other unknown word, with the suggestions found: most such words in published
  text are terms and loanwords missing from the lexicon (``диплоидтық``), not typos.

>>> from kazkit.grammar.rules import make_document
>>> [(d.rule_id, d.replacements[:1]) for d in spelling(make_document("Біз Казакстанда тұрамыз."))]
[('KK_SPELLING', ['Қазақстанда'])]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from kazkit.grammar.checks import register_check
from kazkit.grammar.rules import DocSentence, Document
from kazkit.grammar.suggest import (
    COST_MISSING,
    COST_NEIGHBOUR,
    MAX_PASSED,
    Candidate,
    Speller,
    apply_case,
    get_speller,
)
from kazkit.text.normalize import fix_lookalikes
from kazkit.types import LATIN, WORD, Diagnostic, Token

SPELLING = "KK_SPELLING"
NAME = "KK_SPELLING_NAME"
LOOKALIKE = "KK_LOOKALIKE"

MESSAGES = {
    SPELLING: ("Possible spelling mistake: «{word}».", "Қате жазылуы мүмкін: «{word}»."),
    "unknown": ("Unknown word: «{word}» (not in the dictionary).", "Белгісіз сөз: «{word}» (сөздікте жоқ)."),
    "split": ("Unknown word: «{word}». Two words written together?", "Белгісіз сөз: «{word}». Екі сөз бірге жазылған ба?"),
    NAME: ("Unknown name or term: «{word}».", "Белгісіз атау: «{word}»."),
    LOOKALIKE: ("«{word}» mixes Latin and Cyrillic letters that look alike.",
                "«{word}» сөзінде латын және кирилл әріптері араласқан."),
}
#: Russian-keyboard repairs of up to three letters make an ``error`` (Казакстан, окушылар).
KEYBOARD_ERROR_COST = 0.75
#: Other one-edit repairs make an ``error`` only when the correction is a form seen at least this
#: often in the corpus: a rare correction of an unknown word is more often a missing loanword
#: than a typo (measured in bench/check.py: this trade keeps false alarms low).
ERROR_COUNT = 3
MAX_SUGGESTIONS = 5
#: A word without any Kazakh-specific letter was typed on a Russian keyboard throughout
#: (тулигинин): its repair may restore this many letters and still be an ``error``.
WHOLE_WORD_KEYBOARD_COST = 1.5
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
#: A capitalised word inside a sentence with a keyboard repair this cheap is a misspelt known name.
NAME_KEYBOARD_COST = 0.5
#: Shorter unknown words are errors only for Russian-keyboard repairs or a missing letter of a
#: very frequent word (see _severity).
MIN_ERROR_LENGTH = 4
#: "үшн", "жңа": a short word is a typo when one missing letter gives a form this frequent.
SHORT_ERROR_COUNT = 20
#: Two-letter words (қа, лт) are abbreviations and syllables far more often than typos.
MIN_SHORT_ERROR = 3
#: Cheap typo repairs (a transposition, a doubled or dropped letter, a suffix allomorph) make a
#: ``warning`` even when the correction is a rare form: a word that one such slip turns into a
#: known word is seldom a real unknown word (measured in bench/check.py).
WARNING_COST = 0.7

_MIXED = regex.compile(r"(?=.*\p{Latin})(?=.*\p{Cyrillic})", regex.DOTALL)
_CYRILLIC_WORD = regex.compile(r"^\p{Cyrillic}+(?:[\-\u2010\u2011]\p{Cyrillic}+)*$")
_LATIN_WORD = regex.compile(r"^\p{Latin}+(?:[\-'’]\p{Latin}+)*$")
_HYPHEN = regex.compile(r"[\-\u2010\u2011]")
_PROPER = frozenset({"PROPN"})
_SKIP_LANGS = frozenset({"ru", "en", "other"})


def message(key: str, word: str, lang: str = "en") -> str:
    """The message for ``key`` in English or Kazakh (``lang="kk"``)."""
    en, kk = MESSAGES[key]
    return (kk if lang == "kk" else en).format(word=word)


@register_check(SPELLING, rule_ids={SPELLING, NAME, LOOKALIKE}, safe_rules={LOOKALIKE}, category="spelling")
def spelling(doc: Document) -> Iterator[Diagnostic]:
    """Spelling findings of every word of ``doc`` (see the module docstring)."""
    speller = get_speller()
    lang = getattr(doc, "message_lang", "en")
    # Words (as written) already found correct: most tokens of a text are repeats of them. The
    # verdict depends on the word and the speller's lexicon alone (accept lists come first).
    passed = speller.passed
    for sentence in doc.sentences:
        if sentence.lang in _SKIP_LANGS:
            continue
        latin_sentence = _is_latin_kazakh(sentence)
        for index, token in enumerate(sentence.tokens):
            if token.kind != WORD:
                if token.kind != LATIN:
                    continue
            elif token.text in passed:
                continue
            if token.text.lower() in doc.accept:
                continue
            if _MIXED.match(token.text) and not _latin_with_suffix(token.text):
                fixed = fix_lookalikes(token.text)
                if fixed != token.text:
                    yield _diagnostic(LOOKALIKE, "error", token, [fixed], lang)
                continue
            if token.kind == LATIN:
                if latin_sentence:
                    yield from _check_latin(doc, speller, sentence, index, token, lang)
                continue
            yield from _check_word(doc, speller, sentence, index, token, lang)


def _check_word(doc: Document, speller: Speller, sentence: DocSentence, index: int, token: Token,
                lang: str, shown: str | None = None) -> Iterator[Diagnostic]:
    word = token.text
    if len(word) < 2 or not _CYRILLIC_WORD.match(word) or word.isupper() or _is_correct(doc, speller, word):
        # single letters, digits inside words, all-caps acronyms the tokenizer missed; known words
        if shown is None:
            passed = speller.passed
            if len(passed) >= MAX_PASSED:
                passed.clear()
            passed[word] = None
        return
    # Only the sentence's first word may be capitalised for its place: a capital after an
    # opening quote or bracket inside a sentence («Айқап», (Ботай)) says as little as one
    # mid-sentence, so such a word takes the name path too.
    initial = _first_word(sentence, index)
    if word[0].isupper() and not initial:
        # A name inside a sentence: only a Russian-keyboard repair is worth its search time.
        candidates = speller.keyboard_candidates(word) if "-" not in word else []
    else:
        candidates = _candidates(speller, word)
    replacements = [apply_case(c.form, word) for c in candidates[:MAX_SUGGESTIONS]]
    if word[0].isupper() and not initial:
        if (candidates and candidates[0].source == "keyboard" and candidates[0].cost <= NAME_KEYBOARD_COST
                and candidates[0].count >= ERROR_COUNT):
            # Казакстан: a known name typed on a Russian keyboard, not an unknown name.
            yield Diagnostic(SPELLING, "spelling", "warning", message(SPELLING, word, lang), token.start,
                             token.end, replacements=replacements)
        else:
            yield _diagnostic(NAME, "hint", token, replacements[:1] if candidates else [], lang)
        return
    if word[0].isupper() and not candidates:
        yield _diagnostic(NAME, "hint", token, [], lang)
        return
    if shown is not None:
        replacements = [_to_latin(r) for r in replacements]
    severity = _severity(token.text.lower(), candidates, speller)
    if (severity == "hint" and word[:1].islower() and _velar_clash(speller, word.lower())
            and _document_count(doc, word.lower()) < REPEATS_FOR_TERM):
        # қ or ғ beside a front vowel (кеқпесем, ғүмыры): no Kazakh word has one, and a loanword
        # has no қ or ғ at all, so the word is misspelt even when no repair was found (unless
        # the document uses it as a term).
        severity = "warning"
    if severity == "warning" and not word[:1].islower():
        severity = "hint"  # a rare repair of a capitalised word: more often a name than a slip
    elif (severity == "error" and word[:1].isupper() and candidates[0].source == "keyboard"
          and candidates[0].count < ERROR_COUNT):
        # The first word of a sentence, capitalised: a Russian-keyboard repair to a form the
        # corpus seldom has (Корти -> Қорти, Харли -> Һәрлі) is more often a foreign name than
        # a slip, as inside a sentence (Казакстанның -> Қазақстанның stays an error).
        severity = "hint"
    if severity != "hint" and candidates and _looks_intended(doc, token, word, candidates[0]):
        severity = "hint"
    key = "unknown" if not candidates else "split" if candidates[0].source == "split" else SPELLING
    yield Diagnostic(SPELLING, "spelling", severity, message(key, token.text, lang), token.start, token.end,
                     replacements=replacements)


def _is_correct(doc: Document, speller: Speller, word: str) -> bool:
    """Known to the analyser (a lower-case word must not be known only as a proper name)."""
    lower = word.lower()
    if lower in speller.counts:
        return True
    parts = [p for p in _HYPHEN.split(word) if p]
    if len(parts) > 1:
        return all(len(p) < 2 or _is_correct(doc, speller, p) for p in parts) or _known_reading(doc, word)
    pairs = speller.lexical_pairs(lower)
    if pairs is None:  # an analyser that gives readings only
        if not speller.is_lexical(lower):
            return False  # the lexicon test alone: the guesser's readings would be dropped below
        return _known_reading(doc, word)
    return _pairs_fit(word, pairs)


def _pairs_fit(word: str, pairs: tuple[tuple[str, str], ...]) -> bool:
    """:func:`_known_reading` from the (lemma, UPOS) pairs of the lexicon readings of ``word``'s
    lower case, without building the readings: an acronym reading needs the word in capitals
    (оар is not ОАР, as the analyser reads it), and a lower-case word must have a reading that
    is not a proper name."""
    kept = [pos for lemma, pos in pairs if not (len(lemma) > 1 and lemma.isupper() and not word[:len(lemma)].isupper())]
    if not kept:
        return False
    if word[:1].islower():
        return any(pos not in _PROPER for pos in kept)
    return True


def _known_reading(doc: Document, word: str) -> bool:
    readings = [a for a in doc.analyses(word) if not a.guessed]
    if not readings:
        return False
    if word[:1].islower():
        # "досымға" is read only as the name Досым; in lower case it is a misspelt common word.
        return any(a.pos not in _PROPER for a in readings)
    return True


def _candidates(speller: Speller, word: str) -> list[Candidate]:
    parts = [p for p in _HYPHEN.split(word) if p]
    if len(parts) > 1:
        return []  # hyphenated compounds: report, but do not guess a repair across parts
    # How far the costly search for rare forms goes (Speller.candidates): only as far as its
    # repairs could make more than a hint. For a capitalised word none could (see _check_word);
    # for a word whose letter sequences all occur in frequent forms, only the typing slips could
    # (_is_slip, _missing_inner_letter, _restores_final_letter): a replaced letter is reported
    # only when it removes a sequence no frequent form has (_repairs_odd_trigram,
    # _repairs_odd_letters), so in a word with such sequences letters are replaced or dropped
    # only where they are ("odd").
    if not word[:1].islower():
        return speller.candidates(word, deep=False)
    lower = word.lower()
    odd = speller.unseen_trigrams(lower) or speller.unseen_bigrams(lower)
    return speller.candidates(word, deep="odd" if odd else "slips")


#: An unknown word this many times in a document is taken for a term, unless a Russian-keyboard
#: letter explains it (a slip is seldom repeated; a writer's keyboard habit is).
REPEATS_FOR_TERM = 3


def _looks_intended(doc: Document, token: Token, word: str, best: Candidate) -> bool:
    """True when the context says an unknown word was written on purpose, whatever repair was
    found: an abbreviation before a period that does not end the sentence (әлеум. құбылыс,
    Биікт. 5895); a word the document repeats (a term used three times or more) unless the
    repair is a keyboard one; a capitalised surname in -ев/-ов/-ин with a back-vowel suffix the
    analyser reads as front (Сәтбаевтың)."""
    text = doc.text
    if text[token.end:token.end + 1] == ".":
        after = text[token.end + 1:token.end + 2]
        rest = text[token.end + 1:token.end + 4].lstrip(" ")
        if after in (":", ",", ";") or (rest and (rest[0].islower() or rest[0].isdigit())):
            return True
    if best.source != "keyboard" and _document_count(doc, word.lower()) >= REPEATS_FOR_TERM:
        return True
    if word[:1].isupper() and best.source == "keyboard":
        lower = word.lower()
        diffs = _diff_positions(lower, best.form)
        if diffs and all((lower[i], best.form[i]) == ("ы", "і") for i in diffs):
            return bool(_SURNAME.search(lower[:diffs[0]]))
    return False


#: A back consonant қ/ғ next to a front vowel: against vowel harmony, in no Kazakh word or loan
#: but across the parts of a compound (жүзбеқанат "fin", Ақерке).
_VELAR_CLASH = regex.compile(r"[қғ][әеіөүэ]|[әеіөүэ][қғ]")
MIN_COMPOUND_PART = 3
#: A word with a front vowel and no back one (а о ұ ы, or the loan letters я ю ё э).
_FRONT_ONLY = regex.compile(r"^(?=.*[әеіөү])[^аоұыяюёэ]*$")


def _velar_clash(speller: Speller, lower: str) -> bool:
    """``lower`` has a қ/ғ beside a front vowel that no compound boundary explains (what
    follows the boundary there, қанаттары in жүзбеқанаттары or ерке in ақерке, is no known
    word), or has one among front vowels only."""
    for found in _VELAR_CLASH.finditer(lower):
        # the boundary falls between the two letters either way (жүзбе|қанат, ақ|ерке)
        rest = lower[found.start() + 1:]
        if len(rest) < MIN_COMPOUND_PART or not speller.is_known(rest):
            return True
    # қ/ғ in a word of front vowels only (нәтижелерқн): no part of it can carry them
    return bool(_FRONT_ONLY.match(lower)) and ("қ" in lower or "ғ" in lower)


_SURNAME = regex.compile(r"(?:ев|ов|ин)[тдн]?$")
_WORDS = regex.compile(r"\w+")


def _document_count(doc: Document, lower: str) -> int:
    """How often the lower-case word ``lower`` occurs in the document's whole text (counted on
    first need, once per text: most documents never need it, and the views of one document that
    a parallel check makes share the count)."""
    # A document made of one stretch of a longer text (a parallel check) counts in the whole.
    whole = doc.__dict__.get("whole_text", doc.text)
    global _COUNTED
    if _COUNTED is None or _COUNTED[0] is not whole:
        _COUNTED = (whole, Counter(_WORDS.findall(whole.lower())))
    return _COUNTED[1][lower]


#: The text last counted by :func:`_document_count` and its word counts (identity, not equality:
#: comparing two long texts would cost more than counting).
_COUNTED: tuple[str, Counter[str]] | None = None


def _diff_positions(word: str, form: str) -> list[int] | None:
    """Positions where two words of one length differ (None for different lengths)."""
    if len(word) != len(form):
        return None
    return [i for i, (a, b) in enumerate(zip(word, form, strict=True)) if a != b]


def _first_word(sentence: DocSentence, index: int) -> bool:
    """True when token ``index`` is the sentence's first word."""
    for previous in sentence.tokens[:index]:
        if previous.kind in (WORD, LATIN):
            return False
    return True


#: A Latin word with a letter no Cyrillic one looks like, then a Cyrillic suffix (Commodoresте).
_LATIN_GLUED = regex.compile(r"(\p{Latin}{3,})(\p{Cyrillic}{1,6})")
_NO_LOOKALIKE = regex.compile(r"[bdfghjlmnqrstuvwzDFGJLNQRSUVWZ]")


def _latin_with_suffix(word: str) -> bool:
    """True for a Latin word with a Kazakh suffix, which mixes scripts on purpose: Brexit-тен,
    Facebook-пен (every hyphen part in one script), Commodoresте. A look-alike "fix" would put
    Latin letters into the suffix."""
    parts = [p for p in _HYPHEN.split(word) if p]
    if len(parts) > 1 and not any(_MIXED.match(p) for p in parts):
        return True
    glued = _LATIN_GLUED.fullmatch(word)
    return bool(glued and _NO_LOOKALIKE.search(glued.group(1)))


def _severity(word: str, candidates: list[Candidate], speller: Speller | None = None) -> str:
    """``error`` only for confident repairs; other unknown words are hints (see the module doc)."""
    if not candidates:
        return "hint"
    best = candidates[0]
    if best.source == "split":
        return "hint"  # two words run together, or a compound the lexicon lacks (қарабұлт)
    if best.source == "keyboard" and not _loan_harmony(word, best.form) and (
            best.cost <= KEYBOARD_ERROR_COST
            or (best.cost <= WHOLE_WORD_KEYBOARD_COST and not any(c in _KAZAKH_LETTERS for c in word))):
        return "error"
    if len(word) < MIN_ERROR_LENGTH:
        # сағ, жж, қа: abbreviations; a short word has too many neighbours to tell, unless a
        # single missing letter gives a very frequent word (үшн -> үшін, жңа -> жаңа).
        if (len(word) >= MIN_SHORT_ERROR and len(best.form) == len(word) + 1 and best.cost <= COST_MISSING and best.count >= SHORT_ERROR_COUNT
                and _is_subsequence(word, best.form)):
            return "error"
        return "hint"
    if _breaks_harmony(word, best.form):
        return "hint"
    if best.cost <= 1.0 and best.count >= ERROR_COUNT:
        return "error"
    if best.cost <= WARNING_COST and _is_slip(word, best):
        return "warning"
    if best.cost <= 1.0 and speller is not None and _repairs_odd_letters(speller, word, best.form):
        return "warning"
    if _missing_inner_letter(word, best) or _one_allomorph_swap(word, best):
        return "warning"
    if speller is not None and (_repairs_odd_trigram(speller, word, best) or _restores_final_letter(speller, word, best)):
        return "warning"
    return "hint"


def _restores_final_letter(speller: Speller, word: str, best: Candidate) -> bool:
    """The last letter left out where what remains ends (in four letters) as no frequent form
    does (қазаншұңқырынд, мінгізбейд): a cut-off word, unlike a term one letter short of a
    known one."""
    form = best.form
    if best.cost > COST_MISSING or len(word) < 6 or len(form) != len(word) + 1 or not form.startswith(word):
        return False
    return word[-4:] not in speller.indexes.tails


def _repairs_odd_trigram(speller: Speller, word: str, best: Candidate) -> bool:
    """A letter typed in by mistake (шақмтарын, өтчтік), or a neighbouring key or confused vowel
    typed for the right one (ішілгеа, бүрышында), that leaves a three-letter sequence no frequent
    form has, undone by the repair: unknown terms seldom differ from a known word by one such
    letter."""
    form = best.form
    if best.cost > 1.0 or len(word) < 6:
        return False
    if len(form) == len(word) - 1 and not _is_subsequence(form, word):
        return False
    if len(form) == len(word) and best.cost > COST_NEIGHBOUR:
        return False
    if len(form) > len(word):
        return False
    return bool(speller.unseen_trigrams(word)) and not speller.unseen_trigrams(form)


def _loan_harmony(word: str, form: str) -> bool:
    """True when the only change is a suffix ы -> і after a loan whose last vowel is и or which
    has ь after it (Париждың, никотинның, корольдың): the writer followed the loan's
    pronunciation, the analyser its spelling; not a keyboard slip.

    >>> _loan_harmony("никотинның", "никотиннің")
    True
    """
    diffs = _diff_positions(word, form)
    if not diffs or any((word[i], form[i]) != ("ы", "і") for i in diffs):
        return False
    head = word[:diffs[0]]
    last = max((k for k, c in enumerate(head) if c in _VOWELS), default=-1)
    return last >= 0 and (head[last] == "и" or "ь" in head[last:])


_CONSONANTS = frozenset("бвгғджзйклмнңпрстфхһцчшщ")


def _missing_inner_letter(word: str, best: Candidate) -> bool:
    """A letter left out inside a word of six letters or more (баспсөзде -> баспасөзде), except
    where real unknown words differ from a known one the same way: the first letter, an added ь,
    a letter that would make four consonants in a row, a vowel between the two consonants that
    start a loanword (тренер -> тіренер).

    >>> _missing_inner_letter("баспсөзде", Candidate("баспасөзде", "edit", 0.5, 0))
    True
    """
    form = best.form
    if best.cost > COST_MISSING or len(word) < 6 or len(form) != len(word) + 1 or not _is_subsequence(word, form):
        return False
    p = _first_diff(word, form)
    if p == 0 or p >= len(word) or form[p] == "ь":
        return False
    run = longest = 0
    for c in form[max(0, p - 2):p + 3]:
        run = run + 1 if c in _CONSONANTS else 0
        longest = max(longest, run)
    if longest >= 4:
        return False
    return not (p == 1 and form[p] in _VOWELS and word[:2] in _LOAN_ONSETS)


def _one_allomorph_swap(word: str, best: Candidate) -> bool:
    """One suffix letter written as another allomorph after a known stem (ажалдад -> ажалдан),
    except for a vowel of a loanword and for swaps that real derivations make: г/к or ғ/қ
    between vowels, ш/с, and a final -лы/-лі read as -ды/-ді (ақпалы).

    >>> _one_allomorph_swap("ажалдад", Candidate("ажалдан", "harmony", 0.4, 0))
    True
    """
    form = best.form
    diffs = _diff_positions(word, form)
    if best.source != "harmony" or not diffs or len(diffs) != 1:
        return False
    i = diffs[0]
    if word[i] in _VOWELS and any(c in _LOAN_ONLY for c in word):
        return False  # a loanword's vowels may follow its own harmony; its consonants do not
    pair = {word[i], form[i]}
    if (pair <= set("гк") or pair <= set("ғқ")) and word[i - 1:i] in _VOWELS and word[i + 1:i + 2] in _VOWELS:
        return False  # a stem-final к/қ voiced between vowels or not (академигі, академикі)
    if pair == {"ш", "с"}:
        return False
    return not (word[i] == "л" and form[i] == "д" and i >= len(word) - 2)


def _repairs_odd_letters(speller: Speller, word: str, form: str) -> bool:
    """True when ``word`` has a letter pair no frequent form has and one edit to ``form`` removes
    every such pair: абыэржып -> абыржып, заңмчн -> заңмен. Real unknown words (terms, names)
    rarely both look un-Kazakh and sit one edit from a known Kazakh form (measured in
    bench/check.py).

    >>> from kazkit.grammar.suggest import get_speller
    >>> _repairs_odd_letters(get_speller(), "абыэржып", "абыржып")
    True
    """
    if any(c in _RUSSIAN_ONLY for c in form):
        return False  # loanwords (матчі, спорангии) keep Russian letter pairs
    if len(form) == len(word) + 1 and _is_subsequence(word, form) and form[_first_diff(word, form)] in _VOWELS:
        return False  # a vowel between two consonants: old titles and names (жабғу), not typos
    return bool(speller.unseen_bigrams(word)) and not speller.unseen_bigrams(form)


def _first_diff(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


#: Letters of Russian loanwords only: a word with one of them may not follow Kazakh harmony
#: (матчі, гольфте), so a vowel repair of it is not a sure typo.
_RUSSIAN_ONLY = frozenset("вфхцчщъьэюяё")
#: The same without я, ю and х, which native words have too (саясат, таяқ, ою, тарих): the test for a
#: loanword whose suffix may follow its own rules.
_LOAN_ONLY = _RUSSIAN_ONLY - {"я", "ю", "х"}
#: Two consonants that start Russian loanwords (тренер, спорт, прокурор): a vowel put between
#: them "repairs" a loan, not a typo. Native Kazakh words never start with two consonants.
_LOAN_ONSETS = frozenset("бл бр вл вр гл гр дв др зв кв кл кр пл пр св ск сл см сн сп ст тв тр фл фр хл хр шт шп".split())


def _is_slip(word: str, best: Candidate) -> bool:
    """True when ``best`` undoes a typing slip that rarely turns a real word into an unknown one:
    two letters swapped (неемн -> немен), a letter doubled by mistake (менедджер), or a suffix
    written with another allomorph after a known stem (біласің -> білесің), outside loanwords.
    Dropping a final letter or adding one are left out: real unknown words (иммундық,
    туристер) are one such step from a known form far more often than a typo is.

    >>> _is_slip("неемн", Candidate("немен", "edit", 0.7, 2))
    True
    >>> _is_slip("рактан", Candidate("ракта", "harmony", 0.6, 0))
    False
    """
    form = best.form
    diffs = _diff_positions(word, form)
    if diffs is not None:
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and word[diffs[0]] == form[diffs[1]]:
            return True  # transposition
        if len(diffs) == 1 and best.source == "harmony":
            # Vowel harmony only: a consonant swap (сілемейлі -> сілемейді) more often meets a
            # derivation the lexicon lacks than a typo.
            i = diffs[0]
            return word[i] in _VOWELS and not any(c in _LOAN_ONLY for c in word[:i])
        return False
    if len(form) == len(word) - 1:
        i = next((k for k in range(len(form)) if word[k] != form[k]), len(form))
        return i < len(form) and word[i] in (word[i - 1] if i else "", word[i + 1])
    return False


def _is_subsequence(short: str, long: str) -> bool:
    """True when ``long`` is ``short`` with letters added (үшн in үшін)."""
    letters = iter(long)
    return all(c in letters for c in short)


_BACK, _FRONT = frozenset("аоұы"), frozenset("әөүіе")
#: Suffixes with one vowel whatever the stem's harmony (the instrumental case).
_INVARIANT_SUFFIXES = frozenset({"мен", "бен", "пен"})
_VOWELS = frozenset("аәеёиоөуұүыіэюя")


def _breaks_harmony(word: str, form: str) -> bool:
    """True when ``form`` changes a suffix vowel of ``word`` against the last vowel before it,
    which ``word`` agreed with: футболдың -> футболдің would be the analyser's harmony, not
    the writer's typo (loanwords missing a harmony exception).

    >>> _breaks_harmony("футболдың", "футболдің")
    True
    >>> _breaks_harmony("мектептар", "мектептер")
    False
    """
    i = next((k for k, (a, b) in enumerate(zip(word, form, strict=False)) if a != b), None)
    if i is None or word[i] not in _VOWELS or form[i] not in _VOWELS:
        return False
    if form[i - 1:i + 2] in _INVARIANT_SUFFIXES and i + 2 == len(form):
        return False  # ауданыман -> ауданымен: -мен/-бен/-пен keep е after any stem
    last = next((c for c in reversed(word[:i]) if c in _VOWELS), "")
    return ((last in _BACK and word[i] in _BACK and form[i] in _FRONT)
            or (last in _FRONT and word[i] in _FRONT and form[i] in _BACK))


def _is_latin_kazakh(sentence: DocSentence) -> bool:
    latin = sum(1 for t in sentence.tokens if t.kind == LATIN)
    return sentence.lang == "kk" and latin > len(sentence.tokens) // 2


def _check_latin(doc: Document, speller: Speller, sentence: DocSentence, index: int, token: Token,
                 lang: str) -> Iterator[Diagnostic]:
    """A word of a Kazakh sentence in the 2021 Latin alphabet: checked in Cyrillic, reported in Latin."""
    from kazkit.text.translit import to_cyrillic

    if not _LATIN_WORD.match(token.text):
        return
    cyrillic = to_cyrillic(token.text)
    as_word = Token(cyrillic, token.start, token.end, WORD)
    for diagnostic in _check_word(doc, speller, sentence, index, as_word, lang, shown="latin"):
        diagnostic.message = diagnostic.message.replace(cyrillic, token.text)
        yield diagnostic


def _to_latin(form: str) -> str:
    from kazkit.text.translit import to_latin

    return to_latin(form)


def _diagnostic(rule_id: str, severity: str, token: Token, replacements: list[str], lang: str) -> Diagnostic:
    return Diagnostic(rule_id, "spelling", severity, message(rule_id, token.text, lang), token.start, token.end,
                      replacements=replacements)
