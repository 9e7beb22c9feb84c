"""Normalisation of Kazakh text, and the exact way back to the offsets the user wrote."""

from __future__ import annotations

import doctest
import time
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kazkit.text import normalize as normalize_module
from kazkit.text.normalize import (
    DASH,
    Change,
    Normalized,
    find_lookalikes,
    fix_lookalikes,
    normalize,
)

EVERYTHING = {"quotes": True, "dashes": True, "lookalikes": True, "spaces": True}


def rebuild(original: str, changes: list[Change]) -> str:
    """Make the recorded changes to the original, independently of the module's own code."""
    pieces, position = [], 0
    for change in changes:
        pieces += [original[position : change.start], change.replacement]
        position = change.end
    return "".join(pieces) + original[position:]


def assert_exact(result: Normalized) -> None:
    previous_end = 0
    for change in result.changes:
        assert result.original[change.start : change.end] == change.original
        assert change.start >= previous_end, "changes overlap or are out of order"
        previous_end = change.end
    assert rebuild(result.original, result.changes) == result.text
    for end in (False, True):
        mapped = [result.to_original(i, end=end) for i in range(len(result.text) + 1)]
        assert mapped == sorted(mapped)
        if result.text or not end:
            assert mapped[0] == 0
        if result.text or end:
            assert mapped[-1] == len(result.original)


def test_latin_i_in_a_cyrillic_word_is_found_and_fixed() -> None:
    changes = find_lookalikes("Бiлiм — бәрінен де қымбат.")
    assert [(c.start, c.end, c.original, c.replacement, c.kind) for c in changes] == [
        (0, 5, "Бiлiм", "Білім", "lookalike")
    ]
    assert fix_lookalikes("Бiлiм") == "Білім"


def test_latin_a_in_kazakhstan_is_fixed() -> None:
    result = normalize("Қaзaқстан Республикасы", lookalikes=True)
    assert result.text == "Қазақстан Республикасы"
    assert [c.original for c in result.changes] == ["a", "a"]
    assert_exact(result)


@pytest.mark.parametrize("word", ["Almaty", "Алматы", "Qazaqstan", "Қазақстан", "iPhone", "Іле"])
def test_words_of_one_script_are_never_touched(word: str) -> None:
    assert fix_lookalikes(word) == word
    assert find_lookalikes(f"{word} қаласы") == []


def test_cyrillic_letter_in_a_latin_word_becomes_latin() -> None:
    assert fix_lookalikes("Аlmaty") == "Almaty"  # Cyrillic А
    assert fix_lookalikes("Qazaqstаn") == "Qazaqstan"  # Cyrillic а


def test_kazakh_letter_decides_a_word_split_evenly() -> None:
    # One letter each; "Қ" has no Latin twin, so the word is Cyrillic.
    assert fix_lookalikes("Қa") == "Қа"


def test_even_split_of_twins_is_left_alone() -> None:
    assert fix_lookalikes("Cа") == "Cа"  # Latin C, Cyrillic а: either could be meant


def test_latin_h_becomes_kazakh_shha() -> None:
    assert fix_lookalikes("hәм") == "һәм"


def test_separate_words_are_judged_separately() -> None:
    text = "Almaty мен Астана"
    assert find_lookalikes(text) == []
    assert normalize(text, lookalikes=True).text == text


def test_soft_hyphen_is_removed_and_offsets_map_back() -> None:
    original = "Біздің мек\u00adтеп үлкен"
    result = normalize(original)
    assert result.text == "Біздің мектеп үлкен"
    assert [(c.start, c.original, c.replacement, c.kind) for c in result.changes] == [
        (10, "\u00ad", "", "invisible")
    ]
    start = result.text.index("мектеп")
    assert result.span_to_original(start, start + 6) == (7, 14)
    assert original[7:14] == "мек\u00adтеп"
    # "теп" starts right after the removed hyphen; "мек" ends right before it.
    assert result.span_to_original(start + 3, start + 6) == (11, 14)
    assert result.span_to_original(start, start + 3) == (7, 10)
    assert_exact(result)


@pytest.mark.parametrize("char", ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u200c", "\u200d"])
def test_invisible_characters_inside_words_are_removed(char: str) -> None:
    assert normalize(f"Ал{char}маты").text == "Алматы"


def test_zero_width_joiner_in_emoji_is_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalize(f"Отбасы {family}").text == f"Отбасы {family}"


def test_no_break_space_is_kept_unless_spaces_are_asked_for() -> None:
    text = "1991\u00a0жылы 16\u00a0желтоқсанда"
    assert normalize(text).text == text
    result = normalize(text, spaces=True)
    assert result.text == "1991 жылы 16 желтоқсанда"
    assert {c.kind for c in result.changes} == {"space"}


def test_decomposed_cyrillic_composes_and_maps_back() -> None:
    original = "Мен сыи\u0306лық алдым, е\u0308лка"
    result = normalize(original)
    assert result.text == "Мен сыйлық алдым, ёлка"
    assert unicodedata.is_normalized("NFC", result.text)
    assert [c.kind for c in result.changes] == ["nfc", "nfc"]
    start = result.text.index("сыйлық")
    assert result.span_to_original(start, start + 6) == (4, 11)
    assert original[4:11] == "сыи\u0306лық"
    assert_exact(result)


def test_nfc_can_be_switched_off() -> None:
    assert normalize("и\u0306", nfc=False).text == "и\u0306"


def test_mark_split_by_a_soft_hyphen_still_composes() -> None:
    assert normalize("и\u00ad\u0306с").text == "йс"


def test_quotes_become_guillemets() -> None:
    for original in (
        'Ол "Абай жолы" романын оқыды.',
        "Ол “Абай жолы” романын оқыды.",
        "Ол „Абай жолы“ романын оқыды.",
    ):
        result = normalize(original, quotes=True)
        assert result.text == "Ол «Абай жолы» романын оқыды."
        assert {c.kind for c in result.changes} == {"quote"}


def test_quotes_are_left_alone_by_default() -> None:
    assert normalize('"Абай жолы"').text == '"Абай жолы"'


def test_spaced_and_double_hyphens_between_words_become_dashes() -> None:
    result = normalize("Астана - елорда. Абай--ақын. Алма-Ата", dashes=True)
    assert result.text == f"Астана {DASH} елорда. Абай {DASH} ақын. Алма-Ата"
    assert [c.original for c in result.changes] == ["-", "--"]
    assert_exact(result)


def test_hyphen_in_a_compound_or_before_a_number_is_not_a_dash() -> None:
    text = "Алма-Ата, ауа-райы, 5 - 3 = 2, - деді ол"
    assert normalize(text, dashes=True).text == text


def test_all_options_together_keep_offsets_exact() -> None:
    original = 'Ол: "Бiлiм - мек\u00adтеп\u200b", деді; сыи\u0306лық\u00a0бар.'
    result = normalize(original, **EVERYTHING)
    assert result.text == f"Ол: «Білім {DASH} мектеп», деді; сыйлық бар."
    assert_exact(result)


def test_word_with_removed_character_and_lookalike_maps_back() -> None:
    result = normalize("Б\u00adiлiм", lookalikes=True)
    assert result.text == "Білім"
    assert result.span_to_original(0, 5) == (0, 6)
    assert result.to_original(1) == 2  # "і" came from the Latin "i" after the soft hyphen
    assert_exact(result)


def test_offset_outside_the_text_is_an_error() -> None:
    with pytest.raises(IndexError):
        normalize("Астана").to_original(7)


def test_unchanged_text_maps_to_itself() -> None:
    result = normalize("Қазақ тілі")
    assert result.changes == []
    assert [result.to_original(i) for i in range(11)] == list(range(11))


ALPHABET = st.sampled_from(
    list('аеоріқәңүұөһ Бсхi aeopcxyhiABM-"“”„«»\u00a0\u00ad\u200b\u200c\u200d\u2060\ufeff')
    + [
        "\u0306",
        "\u0308",
        "\u0301",
        "\u0327",
        "\u1100",
        "\u1161",
        "\u11a8",
        "\u2126",
        "\u0958",
        "\u0344",
        "\U0001f468",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(ALPHABET, max_size=40), st.text(max_size=40)), st.booleans())
@example("\ufeffАлматы\u200b", True)
@example("\u00ad\u0306", True)
@example("\u1100\u00ad\u1161\u11a8", True)
def test_offsets_map_back_exactly_for_any_text(text: str, everything: bool) -> None:
    result = normalize(text, **EVERYTHING) if everything else normalize(text)
    assert_exact(result)


@given(st.text(ALPHABET, max_size=40))
@settings(max_examples=200, deadline=None)
def test_lookalike_fixing_never_changes_length_or_single_script_words(text: str) -> None:
    for change in find_lookalikes(text):
        assert len(change.replacement) == len(change.original)
        assert text[change.start : change.end] == change.original


def test_five_megabytes_normalise_in_a_few_seconds() -> None:
    # Every opt-in change about once a line, as in text pasted from the web.
    paragraph = (
        "Қазақстан Республикасының астанасы — Астана. Бiлiм мек\u00adтебi "
        '"Алатау" сыи\u0306лық - ұлы дала. Almaty city, 1991\u00a0жылы. '
        "Абай Құнанбайұлы – ақын, ағартушы, жазба қазақ әдебиетінің негізін қалаушы. "
        "Ол 1845 жылы Семей облысында дүниеге келген. Оның өлеңдері мен қара сөздері "
        "халықтың рухани қазынасы болып саналады.\n"
    )
    text = paragraph * (5_000_000 // len(paragraph))
    began = time.perf_counter()
    result = normalize(text, **EVERYTHING)
    elapsed = time.perf_counter() - began
    assert result.text.count("Білім мектебі «Алатау» сыйлық — ұлы дала") == text.count("\n")
    last = result.text.rindex("Семей")
    assert result.original[result.to_original(last) :].startswith("Семей облысында")
    assert elapsed < 10, f"took {elapsed:.1f} s"


def test_docstring_examples_run() -> None:
    results = doctest.testmod(normalize_module)
    assert results.attempted > 0
    assert results.failed == 0
