"""Reading and writing subtitle files: fidelity, encodings, malformed input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kazkit.subtitles.io import (
    parse_subtitles,
    read_subtitles,
    render_subtitles,
    visible_text,
    write_subtitles,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "subtitles"


def test_well_formed_srt_round_trips_byte_for_byte(tmp_path):
    source = DATA / "course" / "week1" / "01_intro.srt"
    sub = read_subtitles(source)
    write_subtitles(sub, tmp_path / "out.srt")
    assert (tmp_path / "out.srt").read_bytes() == source.read_bytes()


def test_vtt_keeps_cue_settings_voice_tags_style_and_note_blocks(tmp_path):
    source = DATA / "course" / "week2" / "02_sorting.vtt"
    sub = read_subtitles(source)
    assert sub.cues[0].identifier == "intro"
    assert sub.cues[0].settings == "align:start position:10%"
    assert sub.cues[2].settings == "line:0"
    assert sub.cues[3].before == "NOTE келесі бөлім"
    write_subtitles(sub, tmp_path / "out.vtt")
    assert (tmp_path / "out.vtt").read_bytes() == source.read_bytes()


def test_bom_and_crlf_are_kept_on_writing(tmp_path):
    source = DATA / "malformed" / "bom_crlf.srt"
    sub = read_subtitles(source)
    assert sub.decoded.bom and sub.decoded.newline == "\r\n"
    assert sub.cues[0].text == "Қош келдіңіздер!"
    write_subtitles(sub, tmp_path / "out.srt")
    data = (tmp_path / "out.srt").read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data == source.read_bytes()


def test_kz1048_file_is_decoded_and_written_back_in_kz1048(tmp_path):
    sub = read_subtitles(DATA / "malformed" / "kz1048.srt")
    assert sub.decoded.encoding == "kz1048"
    assert "ә, ғ, қ, ң, ө, ұ, ү, һ, і" in sub.cues[1].text
    write_subtitles(sub, tmp_path / "out.srt")
    assert (tmp_path / "out.srt").read_bytes() == (DATA / "malformed" / "kz1048.srt").read_bytes()


def test_cp1251_russian_source_is_detected():
    sub = read_subtitles(DATA / "malformed" / "cp1251_ru.srt")
    assert sub.decoded.encoding == "cp1251"
    assert sub.cues[0].text == "Добро пожаловать на курс."


def test_malformed_srt_keeps_every_cue_and_warns_once_per_problem():
    sub = read_subtitles(DATA / "malformed" / "broken.srt")
    assert [c.text for c in sub.cues] == [
        "Дәріс басталды.",
        "Алдымен айнымалылар туралы айтайық.",
        "Айнымалы деректі сақтайтын атау.",
        "Одан кейін функцияларға көшеміз.",
        "Функция қайта қолданылатын код бөлігі.",
        "Сұрақтарыңыз болса, форумға жазыңыздар.",
    ]
    codes = sorted((w.code, w.cue) for w in sub.warnings)
    assert codes == [("bad_timestamp", 4), ("bad_timestamp", 5), ("bad_timestamp", 6),
                     ("missing_blank_line", 3), ("numbering", 4), ("numbering", 6)]
    # "08;100" is read as 8.1 s; the unreadable "1O,200" cue gets zero length after cue 4.
    assert sub.cues[3].start == 8100
    assert sub.cues[4].start == sub.cues[4].end == sub.cues[3].end


def test_missing_blank_line_takes_the_cue_number_off_the_previous_text():
    sub = parse_subtitles("1\n00:00:01,000 --> 00:00:02,000\nБірінші\n2\n00:00:02,100 --> 00:00:03,000\n"
                          "Екінші\n")
    assert [(c.identifier, c.text) for c in sub.cues] == [("1", "Бірінші"), ("2", "Екінші")]


def test_stray_text_between_srt_cues_is_reported_not_silently_dropped():
    sub = parse_subtitles("1\n00:00:01,000 --> 00:00:02,000\nБірінші\n\nартық жол\n2\n"
                          "00:00:02,100 --> 00:00:03,000\nЕкінші\n")
    assert [w.code for w in sub.warnings] == ["stray_text"]
    assert "артық жол" in sub.warnings[0].message


def test_visible_text_drops_tags_and_maps_offsets_back():
    raw = '<font color="#ff0000">Қызыл</font> {\\an8}түс &amp; <i>жасыл</i>'
    text, offsets = visible_text(raw)
    assert text == "Қызыл түс & жасыл"
    assert raw[offsets[text.index("жасыл")]:].startswith("жасыл</i>")


def test_ass_file_is_read_and_written_through_pysubs2(tmp_path):
    pytest.importorskip("pysubs2")
    sub = read_subtitles(DATA / "course" / "week1" / "01_intro.srt")
    import pysubs2

    ass = pysubs2.SSAFile.from_string(render_subtitles(sub), format_="srt")
    (tmp_path / "lecture.ass").write_text(ass.to_string("ass"), encoding="utf-8")
    again = read_subtitles(tmp_path / "lecture.ass")
    assert again.format == "ass"
    assert again.cues[2].text == "Алғашқы дәрісте бағдарламалаудың\nнегізгі ұғымдарымен танысамыз."
    again.cues[2].text = "Бірінші дәріс."
    write_subtitles(again, tmp_path / "lecture.ass")
    assert "Бірінші дәріс." in (tmp_path / "lecture.ass").read_text(encoding="utf-8")
