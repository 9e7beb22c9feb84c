"""Language identification: Kazakh (Cyrillic and Latin), Russian, English."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kazkit.text.langid import detect_language, detect_script, label_sentences, language_spans
from kazkit.types import Sentence

ROOT = Path(__file__).resolve().parents[2]
TEST_SET = ROOT / "data" / "samples" / "langid_test.tsv"
sys.path.insert(0, str(ROOT / "tools"))


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in TEST_SET.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, sentence, source = line.split("\t")
            rows.append((lang, sentence, source))
    return rows


def test_shipped_model_labels_98_percent_of_the_shipped_test_set():
    rows = _rows()
    total, right = Counter(), Counter()
    for lang, sentence, source in rows:
        category = source.split("|")[0]
        total[category] += 1
        right[category] += detect_language(sentence) == lang
    assert sum(right.values()) / len(rows) >= 0.98
    for category in total:
        assert right[category] / total[category] >= 0.95, category


def test_test_set_has_600_sentences_of_five_words_in_five_categories():
    rows = _rows()
    assert len(rows) >= 600
    categories = Counter(source.split("|")[0] for _, _, source in rows)
    assert {"kk-Cyrl", "kk-Latn", "kk-mixed", "ru", "en"} <= set(categories)
    assert all(len(sentence.split()) >= 5 for _, sentence, _ in rows)


def test_test_sentences_are_held_out_by_the_build_split():
    from build_langid import heldout

    for _, _, source in _rows():
        category, key = source.split("|")
        if category in ("kk-Cyrl", "kk-Latn", "ru", "en"):
            assert heldout(key), source


def test_kazakh_sentence_without_kazakh_letters_is_kazakh():
    assert detect_language("Ел тамыры жерде, ер тамыры елде.") == "kk"
    assert detect_language("Осы себептен олар далада ойнай алмады.") == "kk"


def test_short_kazakh_and_russian_sentences():
    assert detect_language("Сәлем!") == "kk"
    assert detect_language("Бұл кітап маған ұнады.") == "kk"
    assert detect_language("Мне очень понравилась эта книга.") == "ru"


def test_russian_news_sentence_is_russian():
    text = (
        "Проблематичное решение связано с планами изменить название Ассамблеи на Парламент Уэльса."
    )
    assert detect_language(text) == "ru"


def test_english_sentence_is_english():
    assert detect_language("Turkey is encircled by seas on three sides.") == "en"


def test_latin_kazakh_sentence_is_kazakh():
    assert detect_language("Qazaqstan Respublikasy Ortalyq Aziiada ornalasqan memleket.") == "kk"
    assert detect_language("Ol internet, teledidar men radio arqyly habar taratady.") == "kk"


def test_english_term_in_brackets_does_not_flip_a_kazakh_sentence():
    assert (
        detect_language("Ішекқуыстылар (Coelenterata) – нағыз көп жасушалылардың бір типі.") == "kk"
    )
    assert (
        detect_language("Mäşinelık oqytu (machine learning) jasandy intellekttıñ bır salasy.")
        == "kk"
    )


def test_russian_reference_in_a_kazakh_article_is_russian():
    text = "Азбука для учеников начальных русско-казахских школ (1891)."
    assert detect_language(text) == "ru"


def test_latin_look_alike_letters_inside_kazakh_words_keep_it_kazakh():
    assert detect_language("Ақынның сол тақырыптағы шығармаларының бipi — Шағым өлеңі.") == "kk"


def test_text_without_cyrillic_or_latin_letters_is_other():
    assert detect_language("") == "other"
    assert detect_language("2024 — 15 %") == "other"
    assert detect_language("مرحبا بالعالم") == "other"


def test_long_text_in_a_language_we_do_not_model_is_other():
    text = "Це речення написане українською мовою і не є російським, бо має свої літери."
    assert detect_language(text) == "other"


def test_script_detection():
    assert detect_script("Қазақстан Орталық Азияда орналасқан.") == "Cyrl"
    assert detect_script("Qazaqstan Ortalyq Aziiada ornalasqan.") == "Latn"
    assert detect_script("Қазақстан (Kazakhstan) Орталық Азияда") == "mixed"
    assert detect_script("2024 — 15 %") == "none"


def test_label_sentences_splits_and_labels_each_sentence():
    text = (
        "Біз ертең таңертең Алматыға барамыз.\n"
        "Среди членов ассамблеи зреет недовольство.\n"
        "The assembly members are unhappy."
    )
    sentences = label_sentences(text)
    assert [s.lang for s in sentences] == ["kk", "ru", "en"]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_label_sentences_fills_given_spans():
    text = "Бұл мәселе шешілді. This problem was solved."
    spans = [Sentence(text[:19], 0, 19), Sentence(text[20:], 20, len(text))]
    labelled = label_sentences(text, spans)
    assert [(s.start, s.end, s.lang) for s in labelled] == [(0, 19, "kk"), (20, len(text), "en")]


def test_letterless_sentence_takes_the_language_before_it():
    labelled = label_sentences("Ол 1990 жылы туған. 1990.")
    assert [s.lang for s in labelled] == ["kk", "kk"]


def test_language_spans_merge_runs_of_one_language():
    text = (
        "Мақалада қазақ тілінің морфологиясы қарастырылады. Зерттеу нәтижелері ұсынылады.\n"
        "В статье рассматривается морфология казахского языка. Представлены результаты.\n"
        "The article studies Kazakh morphology. The results are presented."
    )
    spans = language_spans(text)
    assert [lang for _, _, lang in spans] == ["kk", "ru", "en"]
    assert text[spans[1][0] : spans[1][1]].startswith("В статье")
    assert spans[2][1] == len(text)


def test_profiles_load_lazily_and_quickly():
    code = (
        "import time, kazkit.text.langid as L\n"
        "assert L._profiles.cache_info().currsize == 0\n"
        "t = time.perf_counter(); L._profiles(); print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert float(out.stdout) < 0.2  # about 10 ms on a laptop; generous for slow CI machines


def test_profile_file_carries_its_format_version():
    from kazkit.paths import data_path
    from kazkit.text.langid import FORMAT_VERSION

    header = data_path("langid", "profiles.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert f"version={FORMAT_VERSION}" in header


@pytest.mark.parametrize(
    "text",
    [
        "Facebook, Google и Twitter объявили о новых правилах.",
        "Компания Apple представила новый iPhone в Калифорнии.",
    ],
)
def test_russian_sentence_with_english_names_stays_russian(text):
    assert detect_language(text) == "ru"
