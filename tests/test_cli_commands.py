"""The text and morphology commands end to end, through the real command line."""

from __future__ import annotations

import json

from tests.helpers import SAMPLES, run_kazkit


def test_tokenize_jsonl_offsets_slice_the_input():
    text = "ҚР-да 2020-да 5-сынып оқушылары т.б. келді."
    result = run_kazkit("tokenize", "--format", "jsonl", "-", input=text)
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["token"] for r in records][:3] == ["ҚР-да", "2020-да", "5-сынып"]
    for record in records:
        assert text[record["start"]:record["end"]] == record["token"]
        assert record["lang"] == "kk"


def test_tokenize_labels_russian_and_english_sentences_of_a_mixed_document():
    result = run_kazkit("tokenize", "--format", "jsonl", str(SAMPLES / "article.txt"))
    langs = {json.loads(line)["token"]: json.loads(line)["lang"] for line in result.stdout.decode().splitlines()}
    assert langs["Мектептерімізде"] == "kk"
    assert langs["рассматриваются"] == "ru"
    assert langs["describes"] == "en"


def test_translit_to_latin_and_back():
    latin = run_kazkit("translit", "--to", "latin", "-", input="Қазақстан Республикасы").stdout.decode()
    assert latin == "Qazaqstan Respublikasy"
    back = run_kazkit("translit", "--to", "cyrillic", "-", input=latin).stdout.decode()
    assert back == "Қазақстан Республикасы"


def test_analyze_tokens_mode_prints_one_record_per_input_line():
    lines = ["кітаптарға", "оқиды", "", "мектептар", "Мектептерімізде"]
    result = run_kazkit("analyze", "--tokens", "--format", "jsonl", "-", input="\n".join(lines) + "\n")
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["token"] for r in records] == lines
    assert records[0]["analyses"][0]["lemma"] == "кітап"
    assert records[0]["analyses"][0]["feats"] == "Case=Dat|Number=Plur"
    assert records[3]["analyses"] == []  # an impossible form gets no analysis
    assert records[4]["analyses"][0]["segments"] == ["Мектеп", "тер", "іміз", "де"]


def test_analyze_text_format_marks_unknown_words():
    out = run_kazkit("analyze", "--tokens", "-", input="мектептар\n").stdout.decode()
    assert out == "мектептар\t?\n"


def test_analyze_conllu_has_ten_columns_and_best_lemma():
    out = run_kazkit("analyze", "--format", "conllu", "-", input="Ол кітапты оқиды.").stdout.decode()
    rows = [line.split("\t") for line in out.splitlines() if line and not line.startswith("#")]
    assert all(len(row) == 10 for row in rows)
    assert [row[2] for row in rows] == ["ол", "кітап", "оқы", "."]
    assert rows[2][3] == "VERB"
    assert "# text = Ол кітапты оқиды." in out


def test_generate_inflects_a_noun():
    result = run_kazkit("generate", "кітап", "--feats", "Case=Dat|Number=Plur")
    assert result.returncode == 0
    assert result.stdout.decode().split() == ["кітаптарға"]


def test_generate_unknown_lemma_is_a_usage_error():
    result = run_kazkit("generate", "ыхщзфю", "--feats", "Case=Dat")
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_paradigm_table_has_case_columns():
    out = run_kazkit("paradigm", "мектеп").stdout.decode().splitlines()
    assert out[0].split("\t")[:4] == ["мектеп", "Nom", "Gen", "Dat"]
    assert out[1].split("\t")[:4] == ["_", "мектеп", "мектептің", "мектепке"]


def test_paradigm_list_and_jsonl_agree():
    listing = run_kazkit("paradigm", "бала", "--format", "list").stdout.decode().splitlines()
    records = [json.loads(x) for x in run_kazkit("paradigm", "бала", "--format", "jsonl").stdout.decode().splitlines()]
    assert len(listing) == len(records)
    assert {"form": "балаларға", "feats": "Case=Dat|Number=Plur"} in records


def test_check_with_termbase_reports_deprecated_terms_in_their_inflection():
    text = "Деректер базасында клавиатураны ауыстыру керек."
    result = run_kazkit("-q", "check", "--termbase", "sample", "--format", "jsonl", "-", input=text)
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    terms = {r["text"]: r["replacements"][0] for r in records if r["rule_id"].startswith("terms.")}
    assert terms == {"Деректер базасында": "Дерекқорда", "клавиатураны": "пернетақтаны"}
