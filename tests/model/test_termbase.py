"""`--termbase` for summarize and paraphrase, and the model named in kazkit.toml."""

import json
import sys

from typer.testing import CliRunner

from kazkit.model.paraphrase import paraphrase
from kazkit.model.terminology import approved_spans, enforce_terms, is_avoided_word
from kazkit.terms.formats import read_entries
from kazkit.terms.store import Termbase, sample_termbase

from .test_cli import root

TEXT = "Мұғалім оқушыларға жаңа ақпарат берді. Біз бұл мәселелерді талқыладық."
runner = CliRunner()


def _termbase(tmp_path, csv: str) -> str:
    path = tmp_path / "terms.csv"
    path.write_text(csv, encoding="utf-8")
    return str(path)


def test_approved_terms_are_found_in_any_inflection():
    spans = approved_spans("Оқушыларға пернетақтаны беріңіз.", [sample_termbase()])
    assert [(s.term, s.start, s.end) for s in spans] == [("оқушы", 0, 10), ("пернетақта", 11, 23)]


def test_deprecated_term_is_replaced_in_the_same_case():
    text, fixes = enforce_terms("Деректер базасында және парольде қате бар.", [sample_termbase()])
    assert text == "Дерекқорда және құпиясөзде қате бар."
    assert [f["to"] for f in fixes] == ["Дерекқорда", "құпиясөзде"]


def test_paraphrase_keeps_the_words_of_approved_terms():
    plain = paraphrase(TEXT)[0].text
    assert plain.startswith("Ұстаз") and "мәлімет" in plain  # without a termbase they change
    spans = [(s.start, s.end) for s in approved_spans(TEXT, [sample_termbase()])]
    guarded = paraphrase(TEXT, protect=spans)[0].text
    assert guarded.startswith("Мұғалім оқушыларға") and "ақпарат берді" in guarded
    assert "проблемаларды" in guarded  # мәселе is no term of the sample: it may still change


def test_paraphrase_never_brings_in_a_deprecated_term(tmp_path):
    termbase = Termbase(":memory:", create=True, name="issues")
    termbase.add_entries(read_entries(_termbase(tmp_path, "kk,kk:deprecated,en\nтүйткіл,проблема,issue\n")))
    assert is_avoided_word("проблемаларды", [termbase])
    result = paraphrase(TEXT, avoid=lambda word: is_avoided_word(word, [termbase]))[0]
    assert "проблема" not in result.text
    assert any(c.original == "мәселелерді" and c.replacement == "түйткілдерді" for c in result.changes)


def test_cli_paraphrase_with_termbase_protects_terms_and_reports_findings():
    result = runner.invoke(root, ["paraphrase", "-", "--termbase", "sample", "-f", "json"],
                           input=TEXT + " Клавиатураны қосыңыз.\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)[0]
    assert record["text"].startswith("Мұғалім оқушыларға")
    assert [f["text"] for f in record["terms"]] == ["Клавиатураны"]
    assert "1 deprecated or obsolete term(s)" in result.stderr


def test_cli_extractive_summary_reports_terms_inside_the_kept_sentences_only():
    text = "Клавиатураны қосыңыз. " + TEXT
    result = runner.invoke(root, ["summarize", "-", "-n", "1", "--termbase", "sample", "-f", "json"], input=text)
    data = json.loads(result.stdout)
    kept = data["sections"][0]["summary"]
    assert len(kept) == 1
    inside = data["terms"]
    assert all(kept[0]["start"] <= f["start"] < kept[0]["end"] for f in inside)
    assert bool(inside) == kept[0]["text"].startswith("Клавиатураны")


def test_model_named_in_kazkit_toml_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("KAZKIT_MODEL", raising=False)
    (tmp_path / "kazllm").mkdir()
    (tmp_path / "kazkit.toml").write_text('[model]\nname = "kazllm"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "torch", None)  # the config's model is loaded: exit 3 without torch
    result = runner.invoke(root, ["summarize", "-"], input=TEXT)
    assert result.exit_code == 3 and "pip install 'kazkit[model]'" in result.stderr
    monkeypatch.setenv("KAZKIT_MODEL", "")
    (tmp_path / "kazkit.toml").write_text("[words]\naccept = []\n", encoding="utf-8")
    assert runner.invoke(root, ["summarize", "-"], input=TEXT).exit_code == 0
