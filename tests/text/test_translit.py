"""Cyrillic Kazakh <-> 2021 Latin transliteration."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import assume, given
from hypothesis import strategies as st

from kazkit.text.translit import CYRILLIC_TO_LATIN, to_cyrillic, to_latin

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "data"
FIXTURE = ROOT / "tests" / "data" / "translit_words.txt"


def test_kazakh_letters_follow_the_2021_alphabet():
    pairs = {"ә": "ä", "ғ": "ğ", "қ": "q", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü", "ш": "ş",
             "і": "ı", "ы": "y", "и": "i", "й": "i", "ж": "j", "у": "u", "һ": "h", "х": "h"}  # fmt: skip
    for cyrillic, latin in pairs.items():
        assert to_latin(cyrillic) == latin


def test_every_cyrillic_kazakh_letter_has_a_latin_spelling():
    alphabet = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
    assert set(alphabet) == set(CYRILLIC_TO_LATIN)


def test_sentence_matches_the_published_2021_sample():
    cyrillic = "Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен қазысының үйіне келіп қоныпты."
    latin = "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken qazysynyñ üiıne kelıp qonypty."
    assert to_latin(cyrillic) == latin


def test_capitals_follow_the_case_of_the_word():
    assert to_latin("Қазақстан Республикасы") == "Qazaqstan Respublikasy"
    assert to_latin("ШЫМКЕНТ") == "ŞYMKENT"
    assert to_latin("Щучинск") == "Şşuchinsk"
    assert to_latin("ЩУЧИНСК") == "ŞŞUCHİNSK"
    assert to_latin("Ілияс Есенберлин") == "Iliias Esenberlin"
    assert to_latin("ІЛЕ") == "ILE"


def test_punctuation_digits_and_latin_text_are_kept():
    assert to_latin("2021 жылы «Google» компаниясы (Alphabet Inc.) 5%-ға өсті.") == (
        "2021 jyly «Google» kompaniiasy (Alphabet Inc.) 5%-ğa östı."
    )


def test_letters_outside_native_words_are_spelled_out():
    assert to_latin("объект") == "obekt"
    assert to_latin("цирк") == "tsirk"
    assert to_latin("поэзия") == "poeziia"
    assert to_latin("Юрий") == "İurii"


def test_back_to_cyrillic_reads_i_as_y_after_a_vowel():
    assert to_cyrillic("oiyn") == "ойын"
    assert to_cyrillic("üiıne") == "үйіне"
    assert to_cyrillic("bie") == "бие"
    assert to_cyrillic("tiın") == "тиін"


def test_back_to_cyrillic_reads_ia_and_iu_as_ya_and_yu_after_a_vowel():
    assert to_cyrillic("aiaq") == "аяқ"
    assert to_cyrillic("qoiu") == "қою"
    assert to_cyrillic("qiu") == "қиу"


def test_back_to_cyrillic_keeps_native_t_s_and_reads_ts_as_tse_in_loanwords():
    assert to_cyrillic("aitsa") == "айтса"
    assert to_cyrillic("ketsın") == "кетсін"
    assert to_cyrillic("Tsirk") == "Цирк"
    assert to_cyrillic("politsiia") == "полиция"


def test_back_to_cyrillic_keeps_case_and_digraphs():
    assert to_cyrillic("Qazaqstan Respublikasy") == "Қазақстан Республикасы"
    assert to_cyrillic("ŞYMKENT") == "ШЫМКЕНТ"
    assert to_cyrillic("Şşuchinsk") == "Щучинск"
    assert to_cyrillic("aşşy") == "ащы"


def test_back_to_cyrillic_leaves_english_names_alone():
    assert to_cyrillic("Facebook pen Twitter jelılerı") == "Facebook пен Twitter желілері"


def _fixture_words() -> list[str]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [w for w in lines if w and not w.startswith("#")]


def test_native_treebank_words_survive_the_round_trip():
    words = _fixture_words()
    assert len(words) >= 300
    broken = [w for w in words if to_cyrillic(to_latin(w)) != w]
    assert broken == []


def test_title_and_caps_words_survive_the_round_trip():
    for word in _fixture_words()[:100]:
        for form in (word.capitalize(), word.upper()):
            assert to_cyrillic(to_latin(form)) == form


_NATIVE = "аәбгғдежзкқлмнңоөпрстуұүшыі"


@given(st.text(alphabet=_NATIVE, min_size=1, max_size=12))
def test_any_word_of_unambiguous_letters_round_trips(word):
    assume(not word.startswith("тс") and "шш" not in word)
    assert to_cyrillic(to_latin(word)) == word


@pytest.mark.skipif(
    not (SHARED / "ud_kk_ktb").is_dir(), reason="../shared/data (UD Kazakh-KTB) is absent"
)
def test_round_trip_keeps_most_treebank_words_including_loanwords():
    forms = set()
    for path in (SHARED / "ud_kk_ktb").glob("*.conllu"):
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) == 10 and regex.fullmatch(r"\p{Cyrillic}+", cols[1]):
                forms.add(cols[1].lower())
    kept = sum(to_cyrillic(to_latin(w)) == w for w in forms) / len(forms)
    assert kept >= 0.97
