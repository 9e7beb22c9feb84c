"""The shipped Kazakh lexicon and form-frequency files: format, contents and reproducibility.

These tests read only the committed files under data/lexicon, except the reproducibility test,
which rebuilds them from the sibling ``shared`` folder and is skipped when that folder is absent.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from kazkit.paths import data_path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
BUILDER = REPO / "tools" / "build_lexicon.py"

UPOS = set("NOUN PROPN ADJ ADV VERB NUM PRON DET ADP CCONJ SCONJ PART INTJ AUX X".split())
PARADIGMS = set("noun propn adj adv verb num pron det adp cconj sconj part intj abbr x".split())
FLAGS = {"elide", "tv", "iv", "front", "back", "novoice", "ant", "cog", "top", "org", "m", "f", "px3"}
SOURCES = ("apertium", "apertium-extra", "hunspell", "bidix", "ud", "kazkit")
ADDITIONS = REPO / "data" / "lexicon" / "additions.tsv"
FLAG_FIXES = REPO / "data" / "lexicon" / "flags.tsv"
KAZAKH_LETTERS = set("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")


@cache
def lexicon_lines() -> tuple[str, list[list[str]]]:
    """(header line, rows) of the shipped lexicon.tsv."""
    lines = data_path("lexicon", "lexicon.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "lemma\tupos\tparadigm\tflags\tsource\tclass"
    return lines[0], [line.split("\t") for line in lines[2:]]


@cache
def entries() -> dict[tuple[str, str], list[dict[str, object]]]:
    """Rows indexed by (lemma, upos)."""
    index: dict[tuple[str, str], list[dict[str, object]]] = {}
    for lemma, upos, paradigm, flags, source, cls in lexicon_lines()[1]:
        index.setdefault((lemma, upos), []).append(
            {
                "paradigm": paradigm,
                "flags": set() if flags == "-" else set(flags.split(",")),
                "source": source.split("+"),
                "class": cls,
            }
        )
    return index


def facts(lemma: str, upos: str) -> dict[str, object]:
    found = entries().get((lemma, upos))
    assert found, f"{lemma} {upos} missing from the lexicon"
    return found[0]


@cache
def formfreq() -> tuple[str, list[tuple[str, int]]]:
    lines = data_path("lexicon", "formfreq.tsv").read_text(encoding="utf-8").splitlines()
    rows = [(form, int(count)) for form, count in (line.split("\t") for line in lines[1:])]
    return lines[0], rows


# --- format -----------------------------------------------------------------------------------


def test_header_declares_format_1_and_the_true_entry_count() -> None:
    header, rows = lexicon_lines()
    fields = header.split("\t")
    assert fields[0] == "# kazkit-lexicon"
    assert "format=1" in fields
    assert f"entries={len(rows)}" in fields
    assert "built-by=tools/build_lexicon.py" in fields
    assert len(rows) > 40_000


def test_every_row_has_six_columns_and_no_empty_field() -> None:
    for row in lexicon_lines()[1]:
        assert len(row) == 6, row
        assert all(field.strip() == field and field for field in row), row


def test_keys_are_unique_and_sorted_by_lemma_then_upos() -> None:
    keys = [(lemma, upos, paradigm) for lemma, upos, paradigm, *_ in lexicon_lines()[1]]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys)


def test_upos_paradigm_flags_and_sources_come_from_the_contract() -> None:
    for lemma, upos, paradigm, flags, source, cls in lexicon_lines()[1]:
        assert upos in UPOS, lemma
        assert paradigm in PARADIGMS, lemma
        assert flags == "-" or set(flags.split(",")) <= FLAGS, (lemma, flags)
        parts = source.split("+")
        assert parts == [s for s in SOURCES if s in parts], (lemma, source)
        # the class column is apertium's continuation class, so only apertium entries have one
        assert (cls != "-") == ("apertium" in parts), (lemma, cls, source)


def test_lemmas_are_kazakh_cyrillic_and_lower_case_except_names_and_abbreviations() -> None:
    for lemma, upos, paradigm, *_ in lexicon_lines()[1]:
        letters = set(lemma.lower()) - {" ", "-"}
        assert letters <= KAZAKH_LETTERS, lemma
        assert lemma == " ".join(lemma.split()), lemma
        if upos != "PROPN" and paradigm != "abbr":
            assert lemma == lemma.lower(), lemma


def test_verbs_are_cited_as_bare_stems_not_verbal_nouns() -> None:
    assert ("жаз", "VERB") in entries()
    assert ("жазу", "VERB") not in entries()
    assert ("тап", "VERB") in entries()  # табу 'to find' -> тап
    assert ("ки", "VERB") in entries()  # кию 'to wear' -> ки


# --- facts about real words --------------------------------------------------------------------


@pytest.mark.parametrize("lemma", ["кітап", "мектеп", "үй", "бала"])
def test_common_nouns_are_nouns(lemma: str) -> None:
    assert facts(lemma, "NOUN")["paradigm"] == "noun"


def test_read_is_a_transitive_verb() -> None:
    oqy = facts("оқы", "VERB")
    assert oqy["paradigm"] == "verb"
    assert "tv" in oqy["flags"]


def test_bar_is_both_the_verb_go_and_the_adjective_existing() -> None:
    assert facts("бар", "VERB")["paradigm"] == "verb"
    assert ("бар", "ADJ") in entries()


def test_good_is_an_adjective() -> None:
    assert facts("жақсы", "ADJ")["paradigm"] == "adj"


def test_astana_is_a_toponym_and_abai_a_given_name() -> None:
    assert "top" in facts("Астана", "PROPN")["flags"]
    assert {"ant", "m"} <= facts("Абай", "PROPN")["flags"]


@pytest.mark.parametrize("lemma", ["ауыз", "орын", "мұрын", "ерін", "халық"])
def test_stems_that_lose_their_last_vowel_are_flagged_elide(lemma: str) -> None:
    assert "elide" in facts(lemma, "NOUN")["flags"]


def test_stems_that_keep_their_last_vowel_are_not_flagged_elide() -> None:
    # көңілі, not *көңлі: apertium accepts the elided form in analysis only, the corpus never has it
    assert "elide" not in facts("көңіл", "NOUN")["flags"]
    assert "elide" not in facts("кітап", "NOUN")["flags"]


def test_harmony_and_voicing_exceptions_come_from_archiphonemes() -> None:
    assert "back" in facts("тарих", "NOUN")["flags"]  # тарихы, тарихқа
    assert "novoice" in facts("құқ", "NOUN")["flags"]  # құқы, not *құғы
    assert {"elide", "front", "novoice"} <= facts("қауіп", "NOUN")["flags"]  # қаупі
    # қайт 'return' takes back endings; only its homonym 'do how' is front
    assert "front" not in facts("қайт", "VERB")["flags"]


def test_closed_class_words() -> None:
    assert facts("үшін", "ADP")["paradigm"] == "adp"
    assert facts("және", "CCONJ")["paradigm"] == "cconj"
    assert facts("мен", "PRON")["paradigm"] == "pron"
    assert facts("е", "AUX")["class"] == "Copula"


def test_abbreviations_keep_their_capitals() -> None:
    baq = facts("БАҚ", "NOUN")
    assert baq["paradigm"] == "abbr"
    assert "back" in baq["flags"]


def test_every_source_contributes() -> None:
    used = {s for rows in entries().values() for row in rows for s in row["source"]}
    assert used == set(SOURCES)


def _additions() -> list[list[str]]:
    lines = ADDITIONS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith(("#", "lemma\t"))]


def test_every_hand_added_word_is_in_the_lexicon_from_kazkit_alone_and_analysed() -> None:
    from kazkit.grammar.morphology import analyze

    additions = _additions()
    assert additions
    for lemma, upos, paradigm, _flags, example in additions:
        rows = entries().get((lemma, upos), [])
        assert rows and rows[0]["paradigm"] == paradigm and rows[0]["source"] == ["kazkit"], lemma
        # the example's inflected form of the word is read from the lexicon, not guessed
        form = next(w for w in example.split() if w.startswith(lemma[:-1]))
        assert any(a.lemma == lemma and not a.guessed for a in analyze(form)), form


def test_every_hand_added_flag_is_in_the_lexicon_and_reads_its_example() -> None:
    from kazkit.grammar.morphology import analyze

    lines = FLAG_FIXES.read_text(encoding="utf-8").splitlines()
    fixes = [line.split("\t") for line in lines if line and not line.startswith(("#", "lemma\t"))]
    assert fixes
    for lemma, upos, flags, example in fixes:
        rows = entries().get((lemma, upos), [])
        assert rows and set(flags.split(",")) <= set(rows[0]["flags"]) and "kazkit" in rows[0]["source"], lemma
        assert rows[0]["source"] != ["kazkit"], f"{lemma}: no source has it; the line belongs in additions.tsv"
        if flags == "elide":  # the example holds the elided stem (әріп -> әрпі), read from the lexicon
            form = next(w for w in example.split() if w.startswith(lemma[:-2] + lemma[-1]))
            assert any(a.lemma == lemma and not a.guessed for a in analyze(form)), form


# --- formfreq ----------------------------------------------------------------------------------


def test_formfreq_header_counts_and_order() -> None:
    header, rows = formfreq()
    assert header.startswith("# kazkit-formfreq format=1 tokens=")
    tokens = int(header.rsplit("=", 1)[1])
    counts = [count for _, count in rows]
    assert all(count >= 2 for count in counts)
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) <= tokens
    assert len({form for form, _ in rows}) == len(rows)


def test_formfreq_forms_are_lower_case_kazakh_words() -> None:
    for form, _ in formfreq()[1]:
        assert form == form.lower()
        assert set(form) - {"-"} <= KAZAKH_LETTERS, form
        assert not form.startswith("-") and not form.endswith("-")


def test_frequent_function_words_lead_formfreq() -> None:
    top50 = [form for form, _ in formfreq()[1][:50]]
    assert "және" in top50
    assert "бұл" in top50


# --- the builder --------------------------------------------------------------------------------


@cache
def builder():
    spec = importlib.util.spec_from_file_location("build_lexicon", BUILDER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_lexicon"] = module
    spec.loader.exec_module(module)
    return module


def test_builder_reads_escaped_multiword_lexc_entries() -> None:
    b = builder()
    tokens = b.lexc_tokens("ауыз% үй:ауыз% үй N1 ; ")
    assert tokens == ["ауыз% үй:ауыз% үй", "N1", ";"]
    upper, lower = b.split_colon(tokens[0])
    assert b.unescape(upper) == "ауыз үй"


def test_builder_turns_verbal_nouns_into_stems() -> None:
    b = builder()
    assert b.verb_stem("жазу") == "жаз"
    assert b.verb_stem("тігу") == "тік"
    assert b.verb_stem("сүю") == "сүй"
    assert b.resolve_verb_stem("тоқу", {"тоқы"}) == "тоқы"


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared (the source data) is not present"
)
def test_rebuilding_from_shared_data_reproduces_the_committed_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BUILDER), "--shared", str(SHARED), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in ("lexicon.tsv", "formfreq.tsv"):
        assert (tmp_path / name).read_bytes() == data_path("lexicon", name).read_bytes(), name
