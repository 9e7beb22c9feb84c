"""The morphology-based speller: suggestion classes, what is never flagged, and clean text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kazkit.config import Config
from kazkit.grammar.checker import check_text
from kazkit.grammar.suggest import COST_NEIGHBOUR, apply_case, edit_cost, suggest

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "spelling_clean.txt"


def spelling(text: str, config: Config | None = None):
    return [d for d in check_text(text, config=config) if d.rule_id.startswith(("KK_SPELLING", "KK_LOOKALIKE"))]


def only(text: str, word: str):
    found = [d for d in spelling(text) if text[d.start:d.end] == word]
    assert found, f"{word} not flagged in {text!r}"
    return found[0]


def test_russian_keyboard_letters_restored_for_country_name():
    assert suggest("Казакстан")[0] == "Қазақстан"


def test_russian_keyboard_letters_restored_in_inflected_word():
    finding = only("Окушылар сабаққа келді.", "Окушылар")
    assert finding.severity == "error"
    assert finding.replacements[0] == "Оқушылар"
    assert suggest("окушылар")[0] == "оқушылар"


def test_wrong_harmony_in_plural_suffix_repaired():
    finding = only("Мектептар жабық болды.", "Мектептар")
    assert finding.replacements[0] == "Мектептер"


def test_wrong_assimilation_in_plural_suffix_repaired():
    finding = only("Мен кітапдар оқыдым.", "кітапдар")
    assert finding.replacements[0] == "кітаптар"


def test_dative_after_possessive_drops_buffer_consonant():
    # досымға is readable only as the name Досым in the dative; in lower case it is a typo.
    finding = only("Мен досымға хат жаздым.", "досымға")
    assert finding.replacements[0] == "досыма"


def test_missing_letter_in_frequent_word_repaired():
    finding = only("Балалрдың ойыншықтары көп.", "Балалрдың")
    assert finding.replacements[0] == "Балалардың"
    assert suggest("мектептрде")[0] == "мектептерде"


def test_upper_case_pattern_kept_in_suggestion():
    assert suggest("КАЗАКСТАН")[0] == "ҚАЗАҚСТАН"
    assert apply_case("қазақстан", "Казакстан") == "Қазақстан"


def test_keyboard_fallback_costs_less_than_a_real_typo():
    assert edit_cost("казакстан", "қазақстан") < edit_cost("казакстан", "казакстна")


def test_russian_and_english_sentences_not_flagged():
    assert spelling("Я живу в городе и очень люблю гулять по вечерам.") == []
    assert spelling("The committee approved the annual budget yesterday.") == []


def test_numbers_urls_emails_and_abbreviations_not_flagged():
    text = "ҚР Үкіметі 2020 жылы 5-сыныпқа https://egov.kz сайтын, info@egov.kz поштасын т.б. ұсынды."
    assert spelling(text) == []


def test_accept_list_is_honoured():
    text = "Мен кітапдар оқыдым."
    assert spelling(text, Config(accept=frozenset({"кітапдар"}))) == []


def test_latin_lookalike_inside_cyrillic_word_flagged_and_fixed():
    finding = only("Бiлiм маңызды.", "Бiлiм")  # Latin "i" twice
    assert finding.rule_id == "KK_LOOKALIKE"
    assert finding.replacements == ["Білім"]


def test_capitalised_unknown_word_inside_sentence_is_only_a_hint():
    finding = only("Кеше Жарылкасынов мырза келді.", "Жарылкасынов")
    assert finding.rule_id == "KK_SPELLING_NAME"
    assert finding.severity == "hint"


def test_first_word_keyboard_repair_to_a_rare_form_is_only_a_hint():
    # A foreign name opening a sentence (Корти органы: the organ of Corti) is not Қорти...
    assert only("Корти органы ішкі құлақта орналасқан.", "Корти").severity == "hint"
    # ...but a known word typed on a Russian keyboard is an error wherever it stands.
    finding = only("Казакстанның астанасы Астана.", "Казакстанның")
    assert finding.severity == "error" and finding.replacements[0] == "Қазақстанның"


def test_back_consonant_beside_a_front_vowel_makes_an_unknown_word_a_warning():
    # no repair found, but no Kazakh word has қ beside е: misspelt, whatever it was meant to be
    assert _severity_of("Мен оны кеқпесем болмайды.", "кеқпесем") == "warning"
    # nor has a word of front vowels only any қ or ғ
    assert _severity_of("Зерттеу нәтижелерқн жариялады.", "нәтижелерқн") == "warning"
    # across the parts of a compound (жүзбе|қанат "fin") it is no slip: only a hint
    assert _severity_of("Балықтың жүзбеқанаттары қысқа.", "жүзбеқанаттары") == "hint"


def test_correct_inflected_words_not_flagged():
    assert spelling("Біз мектептерімізде кітаптарымызды оқимыз.") == []


@pytest.mark.slow
def test_clean_treebank_sentences_have_no_spelling_errors():
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(lines) >= 30
    errors = [(line, d) for line in lines for d in spelling(line) if d.severity == "error"]
    assert errors == []


def test_suffix_repair_against_the_stem_vowel_is_only_a_hint():
    from kazkit.grammar.checks.spelling import _breaks_harmony

    # футболдың keeps the back harmony of футбол; the analyser's front suffix is not a repair
    assert _breaks_harmony("футболдың", "футболдің")
    assert not _breaks_harmony("мектептар", "мектептер")


def test_analyser_calls_per_unknown_word_are_bounded():
    from kazkit.grammar import suggest

    speller = suggest.get_speller()
    calls = []
    original = speller._lexical
    speller._lexical = lambda w: calls.append(w) or original(w)
    try:
        speller.candidates("жбвгщшкпрстлмнёюэ")
    finally:
        speller._lexical = original
    assert len(calls) <= suggest.MAX_KEYBOARD_CHECKS + suggest.MAX_HARMONY_CHECKS + suggest.MAX_EDIT_CHECKS


def test_swapped_letters_in_a_rare_form_are_reported():
    finding = only("Ол неемн келді.", "неемн")
    assert finding.severity in ("error", "warning")
    assert finding.replacements[0] == "немен"


def test_short_word_missing_a_letter_of_a_frequent_word_is_an_error():
    finding = only("Бұл кітап сен үшн жазылды.", "үшн")
    assert finding.severity == "error"
    assert finding.replacements[0] == "үшін"


def test_suffix_vowel_repair_beats_a_rare_keyboard_reading():
    # өрін (a rare form of өр-) is a Russian-keyboard reading, орын a frequent word
    assert suggest("орін")[0] == "орын"


def test_lower_case_word_not_corrected_into_a_name_only_form():
    from kazkit.grammar.suggest import get_speller

    speller = get_speller()
    assert not speller.is_common_word("досымға")  # only the name Досым + Dat
    assert speller.is_common_word("досыма")
    assert "досымға" not in [c.form for c in speller.candidates("досымғаа")]


def test_consonant_swap_to_a_rare_form_stays_a_hint():
    from kazkit.grammar.checks.spelling import _is_slip
    from kazkit.grammar.suggest import Candidate

    # сілемейлі is an adjective in -лі the lexicon lacks, not a typo of сілемейді
    assert not _is_slip("сілемейлі", Candidate("сілемейді", "harmony", 0.4, 0))
    assert _is_slip("біласің", Candidate("білесің", "harmony", 0.4, 0))


def test_missing_letter_inside_a_long_stem_found_by_the_stem_edit_search():
    # баспасөзде is rare in the corpus, so only the analyser-checked edit search can find it
    assert suggest("баспсөзде")[0] == "баспасөзде"
    assert suggest("хрисиандардың")[0] == "христиандардың"
    assert suggest("кеңейтімек")[0] == "кеңейтілмек"


def test_wrong_letter_inside_a_stem_found_by_the_stem_edit_search():
    assert suggest("киннстудиясы")[0] == "киностудиясы"
    assert suggest("жібъріліп")[0] == "жіберіліп"


def test_missing_letter_outranks_dropping_a_buffer_letter():
    assert suggest("кезіде")[0] == "кезінде"
    assert suggest("брады")[0] == "барады"


def test_cheaper_edit_beats_a_more_frequent_form():
    # кісі is far more frequent, but кілті is one missing letter away, кісі a wrong letter
    assert suggest("кіті")[0] == "кілті"


def test_allomorph_letters_are_cheap_only_where_a_suffix_can_start():
    assert edit_cost("адла", "дала") < edit_cost("адла", "алла")
    assert suggest("адла")[0] == "дала"


def test_letter_pair_unknown_to_kazakh_makes_a_rare_repair_a_warning():
    finding = only("Ол абыэржып қалды.", "абыэржып")
    assert finding.severity == "warning"
    assert finding.replacements[0] == "абыржып"


def test_two_letter_syllable_missing_a_letter_is_not_an_error():
    assert all(d.severity == "hint" for d in spelling("Ол қа деді."))


# --- context and confidence rules (bench/check.py measured each on Wikipedia, news, UD dev) ------


def _severity_of(text: str, word: str) -> str | None:
    found = [d for d in spelling(text) if text[d.start:d.end] == word]
    return found[0].severity if found else None


def test_latin_word_with_kazakh_suffix_is_not_a_lookalike():
    assert _severity_of("Brexit-тен кейін сайлау өтті.", "Brexit-тен") is None
    assert _severity_of("Facebook-пен байланысыңыз.", "Facebook-пен") is None
    assert only("Бiлiм маңызды.", "Бiлiм").rule_id == "KK_LOOKALIKE"


def test_abbreviation_before_a_period_inside_a_sentence_is_only_a_hint():
    assert _severity_of("Бұл әлеум. құбылыс болып табылады.", "әлеум") in (None, "hint")


def test_unknown_word_repeated_in_a_document_is_taken_for_a_term():
    one = "Жасушада диплоидтық жиын болады."
    assert _severity_of(one, "диплоидтық") in ("error", "warning")
    many = " ".join([one, "Одан кейін диплоидтық жиын қалады.", "Сонда диплоидтық жиын бөлінеді."])
    assert _severity_of(many, "диплоидтық") == "hint"
    # a Russian-keyboard slip stays an error however often it is repeated
    keyboard = "Ол карай жүрді. Біз карай қарадық. Сен карай бар."
    assert _severity_of(keyboard, "карай") == "error"


def test_capitalised_word_after_a_quote_inside_a_sentence_is_a_name():
    finding = only("Ол кезде «Айқап» журналы шықты.", "Айқап")
    assert finding.severity == "hint" and finding.rule_id == "KK_SPELLING_NAME"


def test_surname_and_loan_suffix_harmony_is_not_a_keyboard_error():
    assert _severity_of("Бұл Сәтбаевтың еңбегі.", "Сәтбаевтың") in (None, "hint")
    assert _severity_of("Қанда никотинның мөлшері өсті.", "никотинның") in (None, "hint")


def test_missing_inner_letter_and_suffix_allomorph_slip_are_warnings():
    assert _severity_of("Ол баспсөзде жарияланды.", "баспсөзде") in ("warning", "error")
    assert only("Ол баспсөзде жарияланды.", "баспсөзде").replacements[0] == "баспасөзде"
    assert _severity_of("Батыр ажалдад қорықпады.", "ажалдад") in ("warning", "error")


def test_confused_vowels_cost_less_than_another_letter():
    assert edit_cost("беледі", "бөледі") < edit_cost("беледі", "келеді")


def test_word_typed_wholly_on_a_russian_keyboard_is_an_error():
    finding = only("Малдың тулигинин саны өсті.", "тулигинин")
    assert finding.severity == "error" and finding.replacements[0] == "түлігінің"


def test_letter_typed_in_that_breaks_kazakh_letter_sequences_is_a_warning():
    assert _severity_of("Біз шақмтарын білеміз.", "шақмтарын") in ("warning", "error")


def test_native_words_with_ya_are_not_loanwords():
    assert _severity_of("Ол саясаттануші болды.", "саясаттануші") in ("warning", "error")


def test_vowel_put_into_a_loanword_onset_is_not_a_typo_repair():
    from kazkit.grammar.checks.spelling import _missing_inner_letter
    from kazkit.grammar.suggest import Candidate

    assert not _missing_inner_letter("тренерлер", Candidate("тіренерлер", "edit", 0.5, 0))
    assert _missing_inner_letter("жнартаудан", Candidate("жанартаудан", "edit", 0.5, 2))


def test_instrumental_suffix_keeps_its_vowel_after_back_stems():
    finding = only("Ол ауданыман келді.", "ауданыман")
    assert finding.severity in ("warning", "error") and finding.replacements[0] == "ауданымен"


def test_cut_off_word_ending_as_no_kazakh_word_does_is_a_warning():
    assert _severity_of("Ол қазаншұңқырынд тұрды.", "қазаншұңқырынд") in ("warning", "error")


def test_neighbour_key_slip_that_breaks_letter_sequences_is_a_warning():
    assert _severity_of("Ол ішілгеа су болды.", "ішілгеа") in ("warning", "error")


def test_slips_search_leaves_out_replaced_letters():
    from kazkit.grammar.suggest import get_speller

    speller = get_speller()
    slips = {c.form for c in speller.candidates("баспсөзде", deep="slips")}
    assert "баспасөзде" in slips  # a letter left out is a slip
    everything = speller.candidates("кетіплі", deep=True)
    assert any(c.form == "кетіпті" for c in everything)  # a replaced letter: the full search only


def test_odd_search_replaces_letters_only_where_the_odd_sequence_is():
    from kazkit.grammar.suggest import get_speller

    speller = get_speller()
    scope = speller._odd_scope("шақмтарын")  # ақм, қмт, мта: no frequent form has them
    assert (scope.first, scope.last, scope.max_cost) == (2, 4, COST_NEIGHBOUR)
    assert speller._odd_scope("мектептер") is None
    # the letter typed in by mistake is dropped inside that stretch
    assert [c.form for c in speller.candidates("шақмтарын", deep="odd")][:1] == ["шақтарын"]


def test_two_words_run_together_get_the_split_as_a_hint():
    finding = only("Бұл жерде көптегенбиологиялық зерттеулер жүрді.", "көптегенбиологиялық")
    assert finding.severity == "hint" and finding.replacements[0] == "көптеген биологиялық"
    assert "together" in finding.message
    # only where nothing else repairs the word: a typo keeps its own correction
    assert only("Біз Казакстанда тұрамыз.", "Казакстанда").replacements[0] == "Қазақстанда"


def test_the_pairs_verdict_is_the_readings_verdict():
    """spelling._is_correct decides from Analyzer.lexical_pairs what _known_reading decides from
    the readings themselves: on the words of the shipped samples and the UD sample, in lower
    case, capitalised and in capitals, and on one-letter edits of them."""
    from pathlib import Path

    from kazkit.grammar.checks import spelling
    from kazkit.grammar.morphology import get_analyzer
    from kazkit.grammar.morphology.analyzer import Analyzer
    from kazkit.grammar.rules import make_document
    from kazkit.text.tokenize import word_tokens

    data = Path(__file__).resolve().parents[2] / "data" / "samples"
    words = {t.text for path in sorted(data.glob("*.txt")) for t in word_tokens(path.read_text(encoding="utf-8"))}
    words |= {"оар", "ОАР", "ООН", "оон", "досымға", "Досымға", "екенін", "жазылды", "алматыда", "Алматыда"}
    forms = set()
    for word in sorted(words):
        if spelling._CYRILLIC_WORD.match(word) and "-" not in word:
            lower = word.lower()
            forms |= {word, lower, lower.capitalize(), lower.upper(), lower[1:], lower[:-1] + "ы"}
    analyzer = get_analyzer()
    fresh = Analyzer(analyzer.lexicon_path, analyzer.ranking_path)  # nothing cached yet
    doc = make_document("")
    checked = 0
    for form in sorted(f for f in forms if len(f) >= 2):
        lower = form.lower()
        pairs = fresh.lexical_pairs(lower)
        assert bool(pairs) == bool(analyzer._known_sorted(lower)), form
        assert set(pairs) == {(a.lemma, a.pos) for a in analyzer._known_sorted(lower)}, form
        if pairs:
            checked += 1
            assert spelling._pairs_fit(form, pairs) == spelling._known_reading(doc, form), form
    assert checked > 300
