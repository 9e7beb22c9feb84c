"""The extractive summariser: input sentences only, in order, chosen by lemma centrality."""

import pytest

from kazkit.errors import UsageError
from kazkit.model.documents import material_from_text, split_sections
from kazkit.model.summarize import content_lemmas, summarize, summary_size
from kazkit.text.pipeline import iter_sentences

LECTURE = (
    "Абай Құнанбайұлы — қазақтың ұлы ақыны, ағартушысы және ойшылы. "
    "Бүгін ауа райы жақсы болды. "
    "Абай өлеңдерінде қазақ халқының өмірін, білім мен еңбектің маңызын жырлады. "
    "Ақынның қара сөздері де халықты білім алуға, еңбекке шақырады. "
    "Кеше дүкенге бардым."
)


def test_summary_keeps_only_input_sentences_in_their_order():
    kept = [s.text for s in summarize(LECTURE, sentences=3)[0].sentences]
    originals = [s.text for s, _ in iter_sentences(LECTURE)]
    assert all(sentence in originals for sentence in kept)
    assert [originals.index(s) for s in kept] == sorted(originals.index(s) for s in kept)


def test_off_topic_sentences_are_left_out_of_a_short_summary():
    kept = " ".join(s.text for s in summarize(LECTURE, sentences=3)[0].sentences)
    assert "Абай Құнанбайұлы" in kept
    assert "дүкенге" not in kept and "ауа райы" not in kept


def test_ratio_keeps_a_share_of_the_sentences():
    assert len(summarize(LECTURE, ratio=0.4)[0].sentences) == 2
    assert summarize(LECTURE, ratio=0.4)[0].total == 5


def test_inflected_forms_count_as_one_lemma():
    lemmas = [content_lemmas(t) for _, t in iter_sentences("Мектептерімізде оқушылар көп. Мектепке бардық.")]
    assert "мектеп" in lemmas[0] and "мектеп" in lemmas[1]


def test_stop_words_are_not_terms():
    (tokens,) = [t for _, t in iter_sentences("Бұл және сол туралы ол айтты.")]
    assert content_lemmas(tokens) == []


def test_sentences_and_ratio_together_are_refused():
    with pytest.raises(UsageError):
        summary_size(10, 2, 0.5)
    with pytest.raises(UsageError):
        summary_size(10, None, 1.5)


def test_per_section_summarises_each_heading_on_its_own():
    text = ("Кіріспе\nҚазақ тілі — мемлекеттік тіл. Ол түркі тілдеріне жатады.\n\n"
            "Тарихы\nҚазақ жазуы бірнеше рет өзгерді. Латын әліпбиі 2021 жылы бекітілді.\n")
    summaries = summarize(text, sentences=1, per_section=True)
    assert [s.title for s in summaries] == ["Кіріспе", "Тарихы"]
    assert all(len(s.sentences) == 1 for s in summaries)
    assert "Кіріспе" not in summaries[0].sentences[0].text  # headings are not summary sentences


def test_plain_text_without_headings_splits_at_blank_lines():
    sections = split_sections("Бірінші абзац. Тағы бір сөйлем.\n\nЕкінші абзац.\n")
    assert len(sections) == 2 and all(s.title == "" for s in sections)


def test_markdown_headings_start_sections():
    material = material_from_text("# Кіріспе\nМәтін мұнда.\n## Қорытынды\nСоңғы ой.\n", markdown=True)
    assert [s.title for s in material.sections] == ["Кіріспе", "Қорытынды"]
    assert material.body(material.sections[1]).strip() == "Соңғы ой."


def test_empty_text_gives_an_empty_summary():
    assert summarize("")[0].sentences == []
