"""Language identification on a whole mixed document: a Kazakh academic article with Russian and
English abstracts, English terms in brackets, and references in three languages."""

from __future__ import annotations

from pathlib import Path

from kazkit.text.pipeline import iter_sentences
from kazkit.types import LATIN, WORD

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "langid" / "academic_article.tsv"


def gold_rows() -> list[tuple[str, str]]:
    rows = []
    for line in ARTICLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, sentence = line.split("\t")
            rows.append((lang, sentence))
    return rows


def test_sentences_of_five_words_or_more_are_labelled_correctly():
    rows = gold_rows()
    text = "\n\n".join(sentence for _lang, sentence in rows)
    labelled = wrong = 0
    for sentence, tokens in iter_sentences(text):
        if sum(t.kind in (WORD, LATIN) for t in tokens) < 5:
            continue
        gold = next(lang for lang, row in rows if sentence.text in row)
        labelled += 1
        wrong += sentence.lang != gold
    assert labelled >= 30
    assert (labelled - wrong) / labelled >= 0.98, f"{wrong} of {labelled} sentences mislabelled"


def test_english_terms_in_brackets_do_not_flip_a_kazakh_sentence():
    text = "Бағалау кезінде дәлдік (precision) пен толықтық (recall) көрсеткіштері есептелді."
    [(sentence, _tokens)] = list(iter_sentences(text))
    assert sentence.lang == "kk"
