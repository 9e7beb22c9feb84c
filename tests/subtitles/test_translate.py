"""Batch translation: sentences over cues, translation memory (TMX/TSV), cache, folders."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from kazkit.errors import UsageError
from kazkit.subtitles.io import read_subtitles
from kazkit.subtitles.tm import TranslationMemory, read_tmx, read_tsv
from kazkit.subtitles.translate import (
    TranslationCache,
    Translator,
    cue_segments,
    split_in_proportion,
    translate_folder,
    translate_subtitles,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "subtitles"
TMS = [DATA / "tm" / "course.tmx", DATA / "tm" / "glossary.tsv"]


class DictionaryBackend:
    """A stand-in for a model: translates from a fixed table and counts what it was asked."""

    name = "dictionary"

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.asked: list[str] = []

    def translate(self, sentences: Sequence[str], terms=None) -> list[str]:
        self.asked.extend(sentences)
        return [self.table[s] for s in sentences]


def test_tmx_reader_takes_the_language_pair_and_drops_inline_codes():
    pairs = dict(read_tmx(DATA / "tm" / "course.tmx", target_lang="kk"))
    assert pairs["Bubble sort is the simplest algorithm."] == (
        "Көпіршікті сұрыптау ең қарапайым алгоритм болып табылады.")
    assert "Добро пожаловать на курс." not in pairs  # srclang en
    ru = dict(read_tmx(DATA / "tm" / "course.tmx", source_lang="ru", target_lang="kaz"))
    assert ru == {"Добро пожаловать на курс.": "Курсқа қош келдіңіздер."}


def test_tsv_reader_skips_the_header():
    assert read_tsv(DATA / "tm" / "glossary.tsv")[0][0].startswith("Its complexity")


def test_fuzzy_match_respects_the_threshold():
    memory = TranslationMemory.load(TMS, threshold=85)
    assert memory.lookup("Welcome to this course.").kind == "fuzzy"
    strict = TranslationMemory.load(TMS, threshold=100)
    assert strict.lookup("Welcome to this course.") is None


def test_sentences_are_joined_across_cues():
    sub = read_subtitles(DATA / "en" / "lecture01.srt")
    texts = [s.text for s in cue_segments(sub)]
    assert "Today we will talk about sorting algorithms." in texts
    assert "Its complexity is quadratic, so it is slow for large arrays." in texts


def test_translation_is_split_back_over_the_cues_in_proportion_and_keeps_times():
    sub = read_subtitles(DATA / "en" / "lecture01.srt")
    out, report = translate_subtitles(sub, Translator(memory=TranslationMemory.load(TMS)))
    assert [(c.start, c.end) for c in out.cues] == [(c.start, c.end) for c in sub.cues]
    assert out.cues[0].text == "Курсқа қош келдіңіздер."
    assert out.cues[1].text == "Бүгін біз сұрыптау"
    assert out.cues[2].text == "алгоритмдері туралы сөйлесеміз."
    assert out.cues[3].text.startswith("<i>") and out.cues[3].text.endswith("</i>")
    assert out.cues[4].text.split("\n")[-1].endswith("істейді.")
    assert report.untranslated == ["This sentence is not in the memory."]
    assert out.cues[5].text == "This sentence is not in the memory."


def test_split_in_proportion_keeps_postpositions_with_their_words():
    pieces = split_in_proportion("Бүгін біз алгоритмдер туралы сөйлесеміз", [22, 18])
    assert all(not piece.startswith("туралы") for piece in pieces)
    assert " ".join(pieces) == "Бүгін біз алгоритмдер туралы сөйлесеміз"


def test_folder_translation_writes_same_names_and_never_touches_originals(tmp_path):
    before = {p: p.read_bytes() for p in (DATA / "en").iterdir()}
    memory = TranslationMemory.load(TMS)
    memory.add("Добро пожаловать на курс.", "Курсқа қош келдіңіздер.")
    report = translate_folder([str(DATA / "en")], tmp_path / "kk", Translator(memory=memory))
    assert {p: p.read_bytes() for p in (DATA / "en").iterdir()} == before
    assert sorted(p.name for p in (tmp_path / "kk").iterdir()) == ["lecture01.srt", "lecture02.vtt",
                                                                   "lecture03.srt"]
    vtt = read_subtitles(tmp_path / "kk" / "lecture02.vtt")
    assert vtt.cues[0].settings == "align:start"
    assert vtt.cues[0].text == "Курсқа қош келдіңіздер."
    by_name = {Path(f["source"]).name: f for f in report["files"]}
    assert by_name["lecture02.vtt"]["fuzzy"][0]["source"] == "Welcome to this course."
    # cp1251 cannot hold Kazakh letters: that file is saved as UTF-8, and the report says so.
    assert by_name["lecture03.srt"]["encoding"] == "utf-8" and "cp1251" in by_name["lecture03.srt"]["note"]
    assert report["totals"]["files"] == 3 and report["totals"]["untranslated"] >= 1
    json.dumps(report)


def test_output_folder_may_not_be_the_source_folder():
    with pytest.raises(UsageError):
        translate_folder([str(DATA / "en")], DATA / "en", Translator(memory=TranslationMemory()))


def test_cache_makes_a_rerun_translate_only_what_changed(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.srt").write_text((DATA / "en" / "lecture01.srt").read_text(encoding="utf-8"),
                                  encoding="utf-8")
    table = {"This sentence is not in the memory.": "Бұл сөйлем жадта жоқ.",
             "A new sentence.": "Жаңа сөйлем."}
    memory = TranslationMemory.load(TMS)
    cache_path = tmp_path / "cache.json"
    first = DictionaryBackend(table)
    translate_folder([str(source)], tmp_path / "out", Translator(memory, first, TranslationCache(cache_path)))
    assert first.asked == ["This sentence is not in the memory."]
    text = (source / "a.srt").read_text(encoding="utf-8")
    (source / "a.srt").write_text(text + "\n7\n00:00:18,100 --> 00:00:20,000\nA new sentence.\n",
                                  encoding="utf-8")
    second = DictionaryBackend(table)
    report = translate_folder([str(source)], tmp_path / "out",
                              Translator(memory, second, TranslationCache(cache_path)))
    assert second.asked == ["A new sentence."]
    assert report["totals"]["cache"] == 1 and report["totals"]["model"] == 1
    assert read_subtitles(tmp_path / "out" / "a.srt").cues[6].text == "Жаңа сөйлем."
