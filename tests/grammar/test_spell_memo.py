"""The spell check's verdicts kept between runs in the user cache (``Speller.load_memo``)."""

from __future__ import annotations

import pytest

from kazkit.grammar import checker
from kazkit.grammar.suggest import Speller, get_speller

TEXT = "Бұл кітап ма? Окушылар мектепке келмеді, бірақ Эктодерма туралы сөйлестік.\n\n" * 30


def _findings(text: str, jobs: int = 1) -> list[tuple]:
    return [(d.rule_id, d.severity, d.start, d.end, tuple(d.replacements)) for d in checker.check_text(text, jobs=jobs)]


@pytest.fixture()
def fresh_speller(tmp_path, monkeypatch):
    """An empty user cache, a text long enough for the memo, and a speller built anew (the shared
    one would carry the verdicts of other tests), put back afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KAZKIT_NO_CACHE", raising=False)
    monkeypatch.delenv("KAZKIT_NO_WORD_CACHE", raising=False)
    monkeypatch.setattr(checker, "MEMO_MIN_CHARS", 100)
    get_speller.cache_clear()
    yield tmp_path
    get_speller.cache_clear()


def _memo_files(root):
    return sorted((root / "kazkit").glob("spelling-memo-*.pickle"))


def test_a_second_run_reads_the_first_runs_verdicts_and_finds_the_same(fresh_speller):
    first = _findings(TEXT)
    assert len(_memo_files(fresh_speller)) == 1
    get_speller.cache_clear()  # a new process, as it were
    speller = get_speller()
    speller.load_memo()
    assert "мектепке" in speller.passed and "кітап" in speller.passed
    assert any(key.endswith("окушылар") for key in speller._suggestions)
    assert _findings(TEXT) == first
    # nothing new was learnt: the file is not written again
    before = _memo_files(fresh_speller)[0].stat().st_mtime_ns
    _findings(TEXT)
    assert _memo_files(fresh_speller)[0].stat().st_mtime_ns == before


def test_a_broken_memo_file_is_the_same_as_none(fresh_speller):
    first = _findings(TEXT)
    path = _memo_files(fresh_speller)[0]
    path.write_bytes(b"not a pickle")
    get_speller.cache_clear()
    assert _findings(TEXT) == first
    assert path.read_bytes() != b"not a pickle"  # rewritten whole


def test_the_memo_can_be_turned_off(fresh_speller, monkeypatch):
    monkeypatch.setenv("KAZKIT_NO_WORD_CACHE", "1")
    _findings(TEXT)
    assert _memo_files(fresh_speller) == []
    assert not get_speller().keeps_memo


def test_helpers_hand_their_verdicts_back(fresh_speller, monkeypatch):
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    text = "Алғашқы абзацта ғана кездесетін сөздер: тауларымыздың етегінде.\n\n" + TEXT
    one = _findings(text, jobs=1)
    get_speller.cache_clear()
    for path in _memo_files(fresh_speller):
        path.unlink()
    assert _findings(text, jobs=2) == one
    # the first paragraph was checked by a forked helper: its verdicts reached the saved memo
    memo = Speller()
    memo.load_memo()
    assert "тауларымыздың" in memo.passed
