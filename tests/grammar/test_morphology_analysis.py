"""Behaviour of the Kazakh morphological analyser on real words (small test lexicon)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kazkit.grammar.morphology import Analyzer, get_analyzer

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def an() -> Analyzer:
    return get_analyzer(DATA / "morph_lexicon.tsv")


def readings(an: Analyzer, word: str) -> set[tuple[str, str, str]]:
    return {(a.lemma, a.pos, a.feats_str) for a in an.analyze(word)}


def first(an: Analyzer, word: str):
    found = an.analyze(word)
    assert found, f"{word} has no analysis"
    return found[0]


def test_plural_follows_front_harmony(an: Analyzer) -> None:
    assert first(an, "мектептер").segments == ["мектеп", "тер"]
    assert an.analyze("мектептар") == []


def test_plural_allomorph_follows_last_sound(an: Analyzer) -> None:
    assert first(an, "балалар").segments == ["бала", "лар"]
    assert first(an, "қыздар").segments == ["қыз", "дар"]
    assert first(an, "кітаптар").segments == ["кітап", "тар"]
    assert an.analyze("кітапдар") == []


def test_loanword_harmony_uses_soft_sign_and_last_vowel(an: Analyzer) -> None:
    assert first(an, "автомобильдер").lemma == "автомобиль"
    assert first(an, "лекциялар").lemma == "лекция"
    assert first(an, "компьютерлер").lemma == "компьютер"


def test_stem_final_k_voices_before_vowel(an: Analyzer) -> None:
    assert first(an, "жүрегі").lemma == "жүрек"
    assert first(an, "кітабы").segments == ["кітаб", "ы"]
    assert an.analyze("жүрекі") == []


def test_vowel_elision(an: Analyzer) -> None:
    assert first(an, "орны").lemma == "орын"
    assert first(an, "аузы").lemma == "ауыз"
    assert an.analyze("ауызы") == []


def test_y_plus_i_becomes_i(an: Analyzer) -> None:
    top = first(an, "оқиды")
    assert (top.lemma, top.pos) == ("оқы", "VERB")
    assert top.feats["Tense"] == "Pres"
    assert an.analyze("оқыйды") == []


def test_possessive_3_after_vowel_takes_sy(an: Analyzer) -> None:
    assert first(an, "баласы").segments == ["бала", "сы"]
    assert first(an, "үйі").segments == ["үй", "і"]


def test_dative_after_1sg_possessive(an: Analyzer) -> None:
    assert ("дос", "NOUN", "Case=Dat|Number[psor]=Sing|Person[psor]=1") in readings(an, "досыма")
    assert an.analyze("досымға") == []


def test_locative_after_poss3_takes_n(an: Analyzer) -> None:
    assert first(an, "үйінде").feats["Case"] == "Loc"
    assert an.analyze("үйіде") == []


def test_question_particle_allomorph(an: Analyzer) -> None:
    for word in ("ма", "ме", "ба", "бе", "па", "пе"):
        assert first(an, word).pos == "PART"
    # the same archiphoneme gives the negation: бармады, жазбады, айтпады
    assert first(an, "жазбады").feats["Polarity"] == "Neg"
    assert an.analyze("жазпады") == []


def test_case_insensitive_and_proper_noun_keeps_capital(an: Analyzer) -> None:
    assert first(an, "Мектептерімізде").segments == ["Мектеп", "тер", "іміз", "де"]
    top = first(an, "Астанада")
    assert (top.lemma, top.pos, top.feats["Case"]) == ("Астана", "PROPN", "Loc")


def test_personal_pronoun_table(an: Analyzer) -> None:
    table = {"маған": ("мен", "Dat"), "менің": ("мен", "Gen"), "оған": ("ол", "Dat"),
             "одан": ("ол", "Abl"), "онымен": ("ол", "Ins"), "мұның": ("бұл", "Gen"),
             "бұдан": ("бұл", "Abl"), "саған": ("сен", "Dat")}  # fmt: skip
    for form, (lemma, case) in table.items():
        top = first(an, form)
        assert (top.lemma, top.pos, top.feats["Case"]) == (lemma, "PRON", case), form
    assert an.analyze("менге") == []


def test_verb_chains(an: Analyzer) -> None:
    expect = {
        "бармадым": ("бар", {"Polarity": "Neg", "Tense": "Past", "Person": "1"}),
        "барамын": ("бар", {"Tense": "Pres", "Person": "1"}),
        "оқыған": ("оқы", {"Tense": "Past", "VerbForm": "Part"}),
        "оқитын": ("оқы", {"Aspect": "Imp", "VerbForm": "Part"}),
        "барса": ("бар", {"Mood": "Cnd"}),
        "барайық": ("бар", {"Mood": "Opt", "Person": "1", "Number": "Plur"}),
        "оқу": ("оқы", {"VerbForm": "Ger"}),
        "оқуға": ("оқы", {"VerbForm": "Ger", "Case": "Dat"}),
        "барғанда": ("бар", {"VerbForm": "Ger", "Case": "Loc"}),
        "тауып": ("тап", {"VerbForm": "Conv"}),
    }
    for word, (lemma, feats) in expect.items():
        assert any(
            a.lemma == lemma
            and a.pos == "VERB"
            and all(a.feats.get(k) == v for k, v in feats.items())
            for a in an.analyze(word)
        ), word


def test_productive_passive_keeps_root_and_lexical_stem_is_offered(an: Analyzer) -> None:
    found = readings(an, "жоспарланып")
    assert ("жоспарла", "VERB", "Aspect=Perf|VerbForm=Conv|Voice=Pass") in found
    assert ("жоспарлан", "VERB", "Aspect=Perf|VerbForm=Conv") in found


def test_auxiliary_reading_is_offered(an: Analyzer) -> None:
    assert {a.pos for a in an.analyze("болды")} >= {"VERB", "AUX"}
    assert first(an, "еді").pos == "AUX"


def test_numerals(an: Analyzer) -> None:
    assert (first(an, "бірінші").lemma, first(an, "бірінші").feats["NumType"]) == ("бір", "Ord")
    assert first(an, "жиырмасыншы").feats["NumType"] == "Ord"
    assert first(an, "екеуі").lemma == "екеу"
    assert an.analyze("бірыншы") == []


def test_numbers_written_with_digits(an: Analyzer) -> None:
    top = first(an, "2020-да")
    assert (top.lemma, top.pos, top.feats["Case"], top.guessed) == ("2020", "NUM", "Loc", True)
    assert first(an, "55-ші").feats["NumType"] == "Ord"
    assert first(an, "5-сынып").lemma == "5-сынып"
    assert an.analyze("2020-де") == []


def test_abbreviations_take_suffixes(an: Analyzer) -> None:
    top = first(an, "ҚР-да")
    assert (top.lemma, top.feats["Case"]) == ("ҚР", "Loc")
    assert first(an, "ЖОО-лар").feats["Number"] == "Plur"


def test_unknown_proper_nouns_are_guessed_by_suffix(an: Analyzer) -> None:
    for word, lemma in (("Медведевтің", "Медведев"), ("Трамптың", "Трамп")):
        top = first(an, word)
        assert (top.lemma, top.pos, top.feats["Case"], top.guessed) == (lemma, "PROPN", "Gen", True)


def test_guesser_rejects_broken_harmony(an: Analyzer) -> None:
    for word in ("Медведевтың", "Трамптің"):
        assert all(a.feats.get("Case") != "Gen" for a in an.analyze(word)), word
        assert not an.is_known(word)


def test_hyphenated_compound_lemma_is_the_whole_stem(an: Analyzer) -> None:
    top = first(an, "бір-бірі")
    assert top.lemma == "бір-бір"
    assert top.feats["Person[psor]"] == "3"


def test_is_known_separates_lexicon_words_from_guesses(an: Analyzer) -> None:
    assert an.is_known("мектептерімізде")
    assert not an.is_known("Медведевтің")
    assert not an.is_known("кітапның")


def test_analyzer_pickles(an: Analyzer) -> None:
    clone = pickle.loads(pickle.dumps(an))
    assert clone.analyze("кітабы")[0].lemma == "кітап"


def test_impossible_forms_get_no_analysis(an: Analyzer) -> None:
    lines = (DATA / "morph_impossible.txt").read_text("utf-8").splitlines()
    words = [line.split("\t")[0] for line in lines if line and not line.startswith("#")]
    assert len(words) >= 60
    analysed = {w: [a.lemma for a in an.analyze(w)] for w in words}
    assert {w: lemmas for w, lemmas in analysed.items() if lemmas} == {}


def test_ordinal_of_twenty_is_irregular(an: Analyzer) -> None:
    assert ("жиырма", "NUM", "NumType=Ord") in readings(an, "жиырмасыншы")
    assert an.analyze("жиырманшы") == []
    assert ("отыз", "NUM", "NumType=Ord") in readings(an, "отызыншы")


def test_collective_numeral_takes_possessive_after_u(an: Analyzer) -> None:
    feats = "Case=Nom|Number[psor]=Plur|NumType=Coll|Person[psor]=1"
    assert ("екеу", "NUM", feats) in readings(an, "екеуміз")
    assert ("үшеу", "NUM", feats.replace("Nom", "Dat")) in readings(an, "үшеумізге")


def test_posture_verbs_have_short_present(an: Analyzer) -> None:
    feats = "Aspect=Prog|Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin"
    assert ("жүр", "VERB", feats) in readings(an, "жүрмін")
    assert ("жат", "VERB", feats.replace("Person=1", "Person=3")) in readings(an, "жатыр")
    assert first(an, "отырмыз").lemma == "отыр"


def test_analyses_are_identical_for_upper_and_lower_case_words(an: Analyzer) -> None:
    lower = [(a.lemma, a.pos, a.feats_str) for a in an.analyze("мектептерде")]
    upper = [(a.lemma, a.pos, a.feats_str) for a in an.analyze("Мектептерде")]
    assert lower == upper
    assert an.analyze("Мектептерде")[0].segments[0] == "Мектеп"
    assert an.analyze("мектептерде")[0].segments[0] == "мектеп"
