"""The suggestion search's fast paths give exactly what their plain definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kazkit.grammar.suggest import (
    MAX_TAIL,
    NextLetters,
    _plausible_suffix_variants,
    _suffix_variants,
)

#: Letters of Kazakh suffixes (the allomorph and buffer letters among them) and a few others.
SUFFIX_LETTERS = "аеыідтлнғқгкңбпмұүоөсшзйяь"
#: Some word endings; the tails are every ending of each, as the speller's are of its forms.
FORMS = ("тар", "тер", "дар", "дер", "лар", "лер", "ның", "нің", "дың", "тың", "ға", "ге", "қа", "ке",
         "сының", "сына", "лардың", "терімізде", "ларынан", "дарыңыздан", "ып", "іп", "ған", "ген",
         "мектептеріміздегілер")
TAILS = frozenset(form[-k:] for form in FORMS for k in range(1, min(len(form), MAX_TAIL) + 1))
HEADS = NextLetters(FORMS, reverse=True, longest=MAX_TAIL)


def _plain(rest: str, tails: frozenset[str]) -> tuple[str, ...]:
    return tuple(v for v in _suffix_variants(rest) if not v or v[-MAX_TAIL:] in tails)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SUFFIX_LETTERS, max_size=14))
def test_plausible_suffix_variants_are_the_filtered_variants(rest: str) -> None:
    assert _plausible_suffix_variants(rest, TAILS, HEADS) == _plain(rest, TAILS)


def test_plausible_suffix_variants_examples() -> None:
    # мектеп+тар: the front-vowel suffix is among the variants; a long suffix string still gets
    # its two-swap variants
    assert "тер" in _plausible_suffix_variants("тар", TAILS, HEADS)
    for rest in ("тар", "ларынан", "дарыңыздан", "терімізда", "ыныңыздарынан"):
        assert _plausible_suffix_variants(rest, TAILS, HEADS) == _plain(rest, TAILS)


def test_the_existence_test_answers_what_the_readings_say():
    """Analyzer.has_lexical_reading (the candidates' test) agrees with building the readings, on
    words and on one-letter edits of them, known or not."""
    from kazkit.grammar.morphology import get_analyzer
    from kazkit.grammar.morphology.analyzer import Analyzer

    analyzer = get_analyzer()
    fresh = Analyzer(analyzer.lexicon_path, analyzer.ranking_path)  # nothing cached yet
    words = ["мектептерімізде", "кітаптар", "екенін", "оқушылар", "қазақстанда", "барады", "алматыда",
             "жазылды", "мектептік", "әртүрлі", "келесің", "біздің", "соның"]
    forms = set(words)
    for word in words:
        for i in range(len(word)):
            forms.add(word[:i] + word[i + 1:])
            forms.add(word[:i] + "а" + word[i + 1:])
            forms.add(word[:i] + "ы" + word[i:])
    answers = {form: fresh.has_lexical_reading(form) for form in sorted(forms)}
    assert answers == {form: bool(analyzer._known_sorted(form)) for form in sorted(forms)}
    assert any(answers.values()) and not all(answers.values())


def test_common_words_from_pairs_are_common_words_from_readings():
    """Speller._not_only_a_name answers from the lexicon's (lemma, UPOS) pairs what the readings
    answer (the test of a correction for a lower-case word), on forms and one-letter edits."""
    from kazkit.grammar.suggest import get_speller

    speller = get_speller()
    words = ["досыма", "досымға", "оар", "оон", "алматыда", "мектептерімізде", "кітаптар", "екенін",
             "асанның", "қазақстанда", "абайдың", "жазылды", "барады", "астана", "ақтөбеде"]
    forms = set(words)
    for word in words:
        for i in range(len(word)):
            forms |= {word[:i] + word[i + 1:], word[:i] + "а" + word[i + 1:], word[:i] + "ы" + word[i:]}
    seen = 0
    for form in sorted(forms):
        if not speller.is_known(form):
            continue
        seen += 1
        readings = [a for a in speller.analyzer.analyze(form) if not a.guessed]
        assert speller._not_only_a_name(form) == (not readings or any(a.pos != "PROPN" for a in readings)), form
    assert seen > 30
