"""Loanword phonology and suffixes that the spell checker's false alarms on Wikipedia pointed to:
the soft sign before a vowel, к voicing after a loan's и, clusters broken by і or simplified,
the 3rd person possessive before -нша and -сыз, қ/ғ harmony of и-only stems, -малы adjectives,
and acronyms read only in capitals. Each test checks the right forms AND that wrong ones stay out."""

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
    ("good", "lemma", "bad"),
    [("фестивалі", "фестиваль", "фестивальі"), ("медалінің", "медаль", "медальінің"),
     ("профилі", "профиль", "профильі"), ("князінің", "князь", "князьінің"),
     ("королі", "король", "корольі"), ("стилін", "стиль", "стильін")],
)  # fmt: skip
def test_soft_sign_is_dropped_before_a_vowel(an: Analyzer, good: str, lemma: str, bad: str) -> None:
    assert (lemma, "NOUN") in lemmas(an, good), good
    assert not lemmas(an, bad), bad


def test_soft_sign_stays_before_a_consonant_and_the_suffix_stays_front(an: Analyzer) -> None:
    for word in ("фестивальдің", "фестивальдер", "князьдерімен", "медальді"):
        assert lemmas(an, word), word
    for wrong in ("фестивалдің", "фестивальдың", "фестивалы"):
        assert not lemmas(an, wrong), wrong
    assert "фестивалі" in get_analyzer().generate(
        "фестиваль", "Case=Nom|Number[psor]=Plur,Sing|Person[psor]=3"
    )


@pytest.mark.parametrize(
    ("good", "lemma", "bad"),
    [("академигі", "академик", "академикі"), ("руднигіне", "рудник", "рудникіне"),
     ("тропигіне", "тропик", "тропикіне"), ("аналитигі", "аналитик", "аналитикі")],
)  # fmt: skip
def test_final_k_after_a_loan_i_voices(an: Analyzer, good: str, lemma: str, bad: str) -> None:
    assert (lemma, "NOUN") in lemmas(an, good), good
    assert not lemmas(an, bad), bad


def test_only_k_voices_after_i_and_not_before_a_consonant(an: Analyzer) -> None:
    assert lemmas(an, "академиктің")
    assert lemmas(an, "принципі")  # п after и does not voice
    assert not lemmas(an, "принцибі")
    assert not lemmas(an, "академигтің")


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("фактісі", "факт"), ("фактіге", "факт"), ("фактілер", "факт"), ("фактіні", "факт"),
     ("пунктісі", "пункт"), ("актісі", "акт"), ("лифтіге", "лифт"), ("банкісі", "банк"),
     ("диалектісі", "диалект"), ("объектілерде", "объект")],
)  # fmt: skip
def test_final_cluster_of_a_loan_takes_an_epenthetic_i(an: Analyzer, word: str, lemma: str) -> None:
    assert (lemma, "NOUN") in lemmas(an, word)


def test_epenthetic_i_needs_a_consonant_suffix_and_plain_forms_stay(an: Analyzer) -> None:
    for plain in ("банкке", "банктің", "лифттің", "фактке"):
        assert lemmas(an, plain), plain
    # not before a vowel-initial suffix, not bare, and never back
    for wrong in ("фактіі", "фактысы", "фактсі", "банкыға"):
        assert not lemmas(an, wrong), wrong
    assert ("факт", "NOUN") not in {
        (a.lemma, a.pos)
        for a in get_analyzer().analyze("факті")
        if a.feats.get("Case") == "Nom" and "Person[psor]" not in a.feats
    }


def test_final_zd_cluster_drops_its_d_before_a_suffix(an: Analyzer) -> None:
    for word in ("уездер", "уезінде", "уездерінде", "съезге", "съезінде"):
        assert ("уезд", "NOUN") in lemmas(an, word) or ("съезд", "NOUN") in lemmas(an, word), word
    assert ("уезд", "NOUN") in lemmas(an, "уезд")
    assert not lemmas(an, "уезлер")


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("байқауынша", "байқа"), ("ескертуінше", "ескерт"), ("атқаруынша", "атқар"),
     ("ұйғарымынша", "ұйғарым"), ("көмегінсіз", "көмек"), ("хабарламаларынсыз", "хабарлама")],
)  # fmt: skip
def test_px3_before_equative_nsha_and_privative_nsyz(an: Analyzer, word: str, lemma: str) -> None:
    assert lemma in {lem for lem, _ in lemmas(an, word)}


def test_px3_needs_n_before_sha_and_syz(an: Analyzer) -> None:
    for wrong in ("баласыша", "байқауыша", "пікіріше"):
        assert not lemmas(an, wrong), wrong
    found = [a for a in get_analyzer().analyze("көмегінсіз") if a.lemma == "көмек"]
    assert found and found[0].feats.get("Person[psor]") == "3"


def test_stem_with_only_i_and_a_back_consonant_is_back(an: Analyzer) -> None:
    for word in ("қиып", "қиды", "қиған"):
        assert ("қи", "VERB") in lemmas(an, word), word
    for wrong in ("қиіп", "қиді"):
        assert not lemmas(an, wrong), wrong
    assert ("ки", "VERB") in lemmas(an, "киіп")  # к keeps ки front
    assert not lemmas(an, "киып")


def test_compound_with_su_takes_back_suffixes(an: Analyzer) -> None:
    assert ("көмірсу", "NOUN") in lemmas(an, "көмірсулар")
    assert ("көмірсу", "NOUN") in lemmas(an, "көмірсудан")
    assert not lemmas(an, "көмірсулер")


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("сайланбалы", "сайланбалы"), ("үрлемелі", "үрлемелі"), ("ұшпалы", "ұшпалы"),
     ("ақпалы", "ақпалы")],
)  # fmt: skip
def test_deverbal_adjective_maly(an: Analyzer, word: str, lemma: str) -> None:
    assert (lemma, "ADJ") in lemmas(an, word)


def test_maly_follows_harmony_and_the_sound_before_it(an: Analyzer) -> None:
    for wrong in ("үрлемалы", "ұшмалы", "ақбалы"):
        assert not lemmas(an, wrong), wrong


def test_acronym_is_read_only_in_capitals(an: Analyzer) -> None:
    assert ("ОАР", "NOUN") in lemmas(an, "ОАР")
    assert lemmas(an, "ОАР-дың")
    assert not lemmas(an, "оар")
    # a lower-case suffix after a hyphen is still read (кг-ға)
    assert lemmas(an, "кг-ға")
    # бақ "happiness" keeps its own reading; the acronym БАҚ needs capitals
    assert {lemma for lemma, _ in lemmas(an, "бақ")} == {"бақ"}
