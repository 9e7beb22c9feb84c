"""The shipped sample termbase: a sample, consistent, in three languages."""

from __future__ import annotations

from collections import Counter

from kazkit.terms.store import sample_path, sample_termbase


def test_sample_is_marked_as_not_official():
    head = sample_path().read_text(encoding="utf-8")[:2000]
    assert "not an official list" in head and "NOT an official list" in head


def test_sample_has_a_few_hundred_entries_in_kazakh_russian_and_english():
    entries = list(sample_termbase().iter_entries())
    assert len(entries) >= 250
    for entry in entries:
        assert entry.preferred("kk") and entry.preferred("ru") and entry.preferred("en"), entry.id
        assert entry.subject in ("IT", "education")


def test_every_deprecated_kazakh_term_has_an_approved_one():
    for entry in sample_termbase().iter_entries():
        if any(t.status == "deprecated" for t in entry.in_lang("kk")):
            assert any(t.status == "preferred" for t in entry.in_lang("kk")), entry.id


def test_no_term_is_preferred_in_two_entries():
    for lang in ("kk", "ru", "en"):
        counts = Counter(t.norm for e in sample_termbase().iter_entries() for t in e.in_lang(lang)
                         if t.status == "preferred")
        assert [term for term, n in counts.items() if n > 1] == [], lang
