"""Gaps the speller found in real text, each fixed as a general rule of the shipped morphology:
й + у/а written ю/я, loanword harmony and voicing, px3 compounds, derived and contracted forms,
the question particle, and typo entries kept out of the lexicon."""

from __future__ import annotations

import pytest

from kazkit.grammar.morphology import Analyzer, default_lexicon_path, get_analyzer

LEXICON = default_lexicon_path()
pytestmark = pytest.mark.skipif(LEXICON is None, reason="data/lexicon/lexicon.tsv not built")


@pytest.fixture(scope="module")
def an() -> Analyzer:
    return get_analyzer()


def lemmas(an: Analyzer, word: str) -> set[tuple[str, str]]:
    return {(a.lemma, a.pos) for a in an.analyze(word) if not a.guessed}


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("көбею", "көбей"), ("көбеюі", "көбей"), ("азаяды", "азай"), ("азаюы", "азай"),
     ("кішірею", "кішірей"), ("сүю", "сүй"), ("азаяр", "азай")],
)  # fmt: skip
def test_stem_final_y_before_u_or_a_is_written_yu_ya(an: Analyzer, word: str, lemma: str) -> None:
    assert (lemma, "VERB") in lemmas(an, word)


def test_stem_final_y_keeps_its_spelling_before_e_and_high_vowels(an: Analyzer) -> None:
    assert ("көбей", "VERB") in lemmas(an, "көбейеді")
    assert ("ой", "NOUN") in lemmas(an, "ойы")
    assert ("үй", "NOUN") in lemmas(an, "үйі")
    for wrong in ("азайады", "көбейу", "сүйу"):
        assert not lemmas(an, wrong), wrong


@pytest.mark.parametrize(
    ("good", "bad"),
    [("минутта", "минутте"), ("референдумда", "референдумде"), ("институтының", "институтінің"),
     ("вирусы", "вирусі"), ("мұхитқа", "мұхитке"), ("мұхиттың", "мұхиттің"), ("дюймге", "дюймға"),
     ("костюмі", "костюмы"), ("цунамиден", "цунамидан"), ("округінде", "округында"),
     ("архивке", "архивқа")],
)  # fmt: skip
def test_loanword_harmony_follows_the_pronounced_vowel(an: Analyzer, good: str, bad: str) -> None:
    assert lemmas(an, good), good
    assert not lemmas(an, bad), bad


def test_native_u_after_a_vowel_stays_neutral(an: Analyzer) -> None:
    # у of тау/оқу/күту is a glide: the vowel before it decides (күтуі, not *күтуы)
    assert ("күт", "VERB") in lemmas(an, "күтуі")
    assert not lemmas(an, "күтуы")


def test_loanword_without_voicing_and_optional_voicing_homonyms(an: Analyzer) -> None:
    assert ("тарап", "NOUN") in lemmas(an, "тарапынан")
    assert ("сап", "NOUN") in lemmas(an, "сапындағы")
    assert ("сап", "NOUN") in lemmas(an, "сабы")
    assert ("кітап", "NOUN") in lemmas(an, "кітабы")
    assert not lemmas(an, "кітапы")


def test_px3_compound_takes_the_cases_of_a_possessed_noun(an: Analyzer) -> None:
    for word in ("отбасында", "отбасына", "отбасын", "отбасының", "отбасымен"):
        assert ("отбасы", "NOUN") in lemmas(an, word), word


def test_terminative_converb_gansha(an: Analyzer) -> None:
    found = [a for a in an.analyze("жеткенше") if a.lemma == "жет"]
    assert found and found[0].feats.get("VerbForm") == "Conv"
    assert ("бол", "VERB") in lemmas(an, "болғанша")


def test_double_passive_of_vowel_stems(an: Analyzer) -> None:
    found = [a for a in an.analyze("делінген") if a.lemma == "де"]
    assert found and found[0].feats.get("Voice") == "Pass"
    assert ("же", "VERB") in lemmas(an, "желінді")


def test_contracted_converb_of_akel(an: Analyzer) -> None:
    found = [a for a in an.analyze("әкеп") if a.lemma == "әкел"]
    assert found and found[0].feats == {"Aspect": "Perf", "VerbForm": "Conv"}


def test_cardinal_takes_lyq(an: Analyzer) -> None:
    assert ("төрттік", "NOUN") in lemmas(an, "төрттік")


def test_possessed_maq_verbal_noun(an: Analyzer) -> None:
    assert ("қара", "VERB") in lemmas(an, "қарамағына")


@pytest.mark.parametrize("word", ["ма", "ме", "ба", "бе", "па", "пе"])
def test_question_particle_allomorphs_are_part(an: Analyzer, word: str) -> None:
    assert ("ма", "PART") in lemmas(an, word)


@pytest.mark.parametrize("word", ["ұлттык", "мектептерд", "диплоидті", "аудандык", "куагер"])
def test_lexicon_typo_entries_are_not_words(an: Analyzer, word: str) -> None:
    assert not an.is_known(word) or not lemmas(an, word)


def test_glide_i_keeps_back_harmony(an: Analyzer) -> None:
    assert ("диплоидты", "ADJ") in lemmas(an, "диплоидты")
