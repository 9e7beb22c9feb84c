"""Lookup from inflected Kazakh forms, from Russian and English, by prefix and fuzzily."""

from __future__ import annotations

from kazkit.terms.lookup import Filters, citation_forms, inflect_term, lookup
from kazkit.terms.store import sample_termbase

from .helpers import memory_termbase


def _heads(query, termbases=None, **options):
    return [h.entry.headword() for h in lookup(query, termbases or [sample_termbase()], **options)]


def test_plural_genitive_finds_the_citation_form():
    (hit,) = lookup("дерекқорлардың", [sample_termbase()])
    assert hit.entry.headword() == "дерекқор" and hit.how == "inflected"
    assert "Case=Gen" in hit.note and "Number=Plur" in hit.note


def test_multiword_term_inflects_on_its_last_word():
    assert _heads("деректер базаларында") == ["дерекқор"]
    assert _heads("бағдарламалық жасақтамаға") == ["бағдарламалық жасақтама"]


def test_possessive_of_an_inflected_word_finds_the_term():
    assert _heads("файлдарымызды")[0] == "файл"
    assert _heads("мұғалімдерге")[0] == "мұғалім"


def test_english_and_russian_sides_lead_to_the_kazakh_term():
    assert _heads("keyboard", source_lang="en") == ["пернетақта"]
    assert _heads("база данных", source_lang="ru") == ["дерекқор"]


def test_from_language_restricts_the_search():
    assert _heads("database", source_lang="ru") != ["дерекқор"]


def test_prefix_lookup_lists_terms_starting_with_the_query():
    heads = _heads("бағдарлама", mode="prefix")
    assert {"бағдарлама", "бағдарламашы", "бағдарламалау"} <= set(heads)


def test_a_typo_still_finds_the_term():
    (first, *_) = lookup("пернетакта", [sample_termbase()])
    assert first.entry.headword() == "пернетақта" and first.how == "fuzzy"


def test_unknown_word_finds_nothing_with_exact_mode():
    assert lookup("зымыран", [sample_termbase()], mode="exact") == []


def test_filters_by_field_year_and_status():
    store = memory_termbase("martif.tbx", "long.tsv")
    assert _heads("пернетақта", [store], filters=Filters(year=2014)) == ["пернетақта"]
    assert _heads("пернетақта", [store], mode="exact", filters=Filters(year=2015)) == []
    assert _heads("мәзір", [store], filters=Filters(field="it")) == ["мәзір"]
    assert _heads("клавиатура", [store], source_lang="kk", filters=Filters(status="deprecated")) == ["пернетақта"]
    assert _heads("пернетақта", [store], mode="exact", filters=Filters(status="deprecated")) == []


def test_layered_termbases_rank_the_first_named_first():
    from kazkit.terms.store import open_termbases

    from .helpers import DATA

    hits = lookup("мәзір", open_termbases([str(DATA / "long.tsv"), "sample"]))
    assert [h.termbase for h in hits] == ["long", "sample"]
    hits = lookup("мәзір", open_termbases(["sample", str(DATA / "long.tsv")]))
    assert [h.termbase for h in hits] == ["sample", "long"]


def test_citation_forms_strip_case_but_keep_izafet_possessive():
    forms = [c.form for c in citation_forms("базаларында")]
    assert forms[0] == "базаларында"
    assert {"база", "базасы", "базалары"} <= set(forms)


def test_inflect_term_puts_the_last_word_into_the_case():
    assert inflect_term("пернетақта", {"Case": "Acc"}) == "пернетақтаны"
    assert inflect_term("дерекқор", {"Case": "Loc"}) == "дерекқорда"
    assert inflect_term("деректер базасы", {"Case": "Loc"}) == "деректер базасында"
    assert inflect_term("мектеп", {"Case": "Dat", "Number": "Plur"}) == "мектептерге"


def test_inflect_term_handles_words_outside_the_lexicon_by_analogy():
    assert inflect_term("бағдарламалық жасақтама", {"Case": "Acc"}) == "бағдарламалық жасақтаманы"
    assert inflect_term("пернелер тіркесімі", {"Case": "Loc"}) == "пернелер тіркесімінде"
