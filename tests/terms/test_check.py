"""Term checks: deprecated variants in any inflection, suggestions in the same inflection."""

from __future__ import annotations

from kazkit.grammar.report import render
from kazkit.terms.check import term_check_diagnostics
from kazkit.terms.store import sample_termbase

from .helpers import memory_termbase


def _found(text, termbases=None):
    return [(text[d.start:d.end], d.rule_id, d.replacements)
            for d in term_check_diagnostics(text, termbases or [sample_termbase()])]


def test_accusative_of_a_deprecated_term_gets_the_approved_accusative():
    assert _found("Клавиатураны компьютерге қосыңыз.") == [
        ("Клавиатураны", "terms.deprecated", ["Пернетақтаны"])]


def test_deprecated_multiword_term_becomes_the_approved_single_word_in_the_same_case():
    assert _found("Барлық мәліметтер деректер базасында сақталады.") == [
        ("деректер базасында", "terms.deprecated", ["дерекқорда"])]


def test_plural_and_case_are_carried_over():
    assert _found("Мектептің деректер базаларын жаңарттық.") == [
        ("деректер базаларын", "terms.deprecated", ["дерекқорларды"])]
    assert _found("Папкаларды архивке салыңыз.") == [
        ("Папкаларды", "terms.deprecated", ["Қалталарды"]),
        ("архивке", "terms.deprecated", ["мұрағатқа"])]


def test_possessive_endings_are_carried_over():
    assert _found("Пароліңізді ешкімге айтпаңыз.")[0][2] == ["Құпиясөзіңізді"]


def test_single_word_deprecated_term_becomes_a_multiword_approved_term():
    store = memory_termbase("tbx3_dct.tbx")
    assert _found("Біз жаңа софтты орнаттық.", [store]) == [
        ("софтты", "terms.deprecated", ["бағдарламалық жасақтаманы"])]


def test_approved_terms_are_not_flagged():
    assert _found("Пернетақтаны компьютерге қосып, дерекқорда сақтаңыз.") == []


def test_words_of_a_multiword_term_must_stand_together():
    assert _found("Деректер, базасында.") == []


def test_obsolete_and_admitted_variants_have_their_own_rules():
    store = memory_termbase("martif.tbx")
    assert _found("Деректер қорына жазыңыз.", [store])[0][1:] == ("terms.obsolete", ["Дерекқорға"])
    sample = _found("Ғаламторға қосылыңыз.")
    assert sample == [("Ғаламторға", "terms.not_approved", ["Интернетке"])]


def test_russian_sentences_are_not_checked():
    assert _found("Подключите клавиатуру к компьютеру и откройте папку.") == []


def test_a_higher_priority_termbase_may_approve_what_the_sample_deprecates():
    company = memory_termbase(name="company", priority=0)
    from kazkit.terms.model import Entry, Term

    company.add_entries([Entry([Term("kk", "клавиатура"), Term("en", "keyboard")])])
    sample = sample_termbase()
    assert sample.priority > company.priority or sample.priority == 0
    layered = [company, _reprioritised(sample, 1)]
    assert _found("Клавиатураны қосыңыз.", layered) == []


def _reprioritised(termbase, priority):
    from kazkit.terms.store import Termbase

    copy = Termbase(":memory:", create=True, name=termbase.name, priority=priority)
    copy.add_entries(termbase.iter_entries())
    return copy


def test_diagnostics_carry_line_and_column_and_render_like_kazkit_check():
    text = "Бірінші жол.\nМенюден кнопканы басыңыз."  # ю after a consonant: front harmony
    found = term_check_diagnostics(text, [sample_termbase()])
    assert [(d.line, d.column, d.replacements) for d in found] == [(2, 1, ["Мәзірден"]), (2, 9, ["батырманы"])]
    lines = "".join(render([("a.txt", text, found)], "line"))
    assert lines.splitlines()[0].startswith("a.txt:2:1:terms.deprecated:")


def test_messages_in_kazakh():
    (diagnostic,) = term_check_diagnostics("Парольді енгізіңіз.", [sample_termbase()], lang="kk")
    assert "ұсынылмайтын термин" in diagnostic.message and "құпиясөз" in diagnostic.message


def test_cli_layering_ranks_the_sample_where_it_was_named(tmp_path):
    from kazkit.terms.store import open_termbases

    allow = tmp_path / "allow.tsv"
    allow.write_text("kk\ten\nпароль\tpassword\n", encoding="utf-8")
    assert _found("Парольді енгізіңіз.", open_termbases([str(allow), "sample"])) == []
    assert _found("Парольді енгізіңіз.", open_termbases(["sample", str(allow)]))[0][2] == ["Құпиясөзді"]
