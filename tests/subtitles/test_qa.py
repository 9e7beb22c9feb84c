"""QA checks: timing and layout against the kazakh profile, language findings per cue."""

from __future__ import annotations

from pathlib import Path

import pytest

from kazkit.errors import UsageError
from kazkit.subtitles.io import parse_subtitles, read_subtitles
from kazkit.subtitles.profiles import load_profile, profile_names
from kazkit.subtitles.qa import check_subtitles, cue_characters

DATA = Path(__file__).resolve().parents[1] / "data" / "subtitles"


def _ids(findings):
    return sorted((f.cue.index, f.diagnostic.rule_id) for f in findings)


def test_kazakh_profile_is_the_default_with_documented_limits():
    profile = load_profile()
    assert profile.name == "kazakh" and "kazakh" in profile_names()
    assert (profile.max_cps, profile.max_line_length, profile.max_lines) == (18, 42, 2)
    assert (profile.min_duration, profile.min_gap) == (833, 83)


def test_profile_limits_can_be_overridden_and_unknown_profiles_refused():
    assert load_profile("kazakh", max_line_length=37, min_duration=1.0).min_duration == 1000
    with pytest.raises(UsageError):
        load_profile("klingon")


def test_lecture_file_findings_carry_cue_number_and_rule_ids():
    sub = read_subtitles(DATA / "course" / "week1" / "01_intro.srt")
    assert _ids(check_subtitles(sub)) == [
        (1, "KK_SPACE_BEFORE_PUNCT"),
        (2, "subs.line_length"),
        (3, "subs.cps"),
        (3, "subs.gap"),
        (4, "KK_QUESTION_PARTICLE_ALLOMORPH"),
        (4, "subs.cps"),
        (4, "subs.overlap"),
        (5, "subs.min_duration"),
    ]


def test_language_finding_offsets_point_into_the_raw_cue_text():
    sub = parse_subtitles("1\n00:00:01,000 --> 00:00:04,000\n<i>Бұл кітап</i> ма?\n")
    (finding,) = [f for f in check_subtitles(sub) if f.diagnostic.rule_id.startswith("KK_")]
    assert sub.cues[0].text[finding.diagnostic.start:finding.diagnostic.end] == "ма"
    record = finding.record()
    assert record["cue"] == 1 and record["start"] == "00:00:01,000" and record["replacements"] == ["па"]
    assert record["line"] == 3


def test_timing_rules_without_language_checks():
    sub = parse_subtitles(
        "1\n00:00:01,000 --> 00:00:09,000\nҰзақ тұрған субтитр.\n\n"
        "2\n00:00:09,000 --> 00:00:10,000\n\n\n"
        "3\n00:00:08,000 --> 00:00:11,000\n<i>Бір\nекі\nүш\n")
    assert _ids(check_subtitles(sub, language=False)) == [
        (1, "subs.max_duration"),
        (2, "subs.empty"),
        (2, "subs.gap"),
        (3, "subs.lines"),
        (3, "subs.order"),
        (3, "subs.tags"),
    ]


def test_reading_speed_counts_visible_characters_without_line_breaks():
    sub = parse_subtitles("1\n00:00:00,000 --> 00:00:01,000\n<b>Сәлем</b>\nәлем!\n")
    assert cue_characters(sub.cues[0]) == 10


def test_cps_above_the_hard_limit_is_an_error_and_below_it_a_warning():
    text = "Оның күрделілігі квадраттық, сондықтан баяу."  # 44 characters
    fast = parse_subtitles(f"1\n00:00:00,000 --> 00:00:01,500\n{text}\n")
    slowish = parse_subtitles(f"1\n00:00:00,000 --> 00:00:02,300\n{text}\n")
    cps = {f.diagnostic.rule_id: f.diagnostic.severity for f in check_subtitles(fast, language=False)}
    assert cps["subs.cps"] == "error"
    cps = {f.diagnostic.rule_id: f.diagnostic.severity for f in check_subtitles(slowish, language=False)}
    assert cps["subs.cps"] == "warning"


def test_malformed_file_problems_are_findings():
    sub = read_subtitles(DATA / "malformed" / "broken.srt")
    ids = [f.diagnostic.rule_id for f in check_subtitles(sub, language=False)]
    assert ids.count("subs.format") == 4 and ids.count("subs.numbering") == 2
