"""TBX, CSV/TSV and JSONL import and export."""

from __future__ import annotations

import pytest

from kazkit.errors import InputError
from kazkit.terms.csvio import parse_csv_text, parse_mapping, read_csv, read_jsonl
from kazkit.terms.formats import export_chunks, read_entries
from kazkit.terms.store import Termbase
from kazkit.terms.tbx import parse_tbx_text, read_tbx

from .helpers import DATA, memory_termbase


def test_martif_tbx_reads_statuses_fields_definitions_and_approval():
    entries = list(read_tbx(DATA / "martif.tbx"))
    keyboard = entries[0]
    assert keyboard.id == "kb" and keyboard.subject == "IT"
    assert keyboard.definitions["kk"].startswith("Компьютерге")
    kk = {t.text: t for t in keyboard.in_lang("kk")}
    assert kk["пернетақта"].status == "preferred"
    assert kk["пернетақта"].year == 2014 and kk["пернетақта"].approved_by == "Test commission"
    assert kk["пернетақта"].pos == "NOUN"
    assert kk["клавиатура"].status == "deprecated"
    database = entries[1]
    assert [t.text for t in database.in_lang("kk")] == ["дерекқор", "деректер базасы", "деректер қоры"]
    assert [t.status for t in database.in_lang("kk")] == ["preferred", "deprecated", "obsolete"]


def test_tbx3_dct_style_data_categories_are_understood():
    (entry,) = read_tbx(DATA / "tbx3_dct.tbx")
    assert entry.subject == "IT"
    assert [(t.text, t.status) for t in entry.in_lang("kk")] == [
        ("бағдарламалық жасақтама", "preferred"), ("софт", "deprecated")]


def test_doctype_and_entities_are_refused_with_the_line():
    text = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<tbx><text><body/></text></tbx>'
    with pytest.raises(InputError, match=r"<tbx>:2: DOCTYPE"):
        parse_tbx_text(text)


def test_malformed_tbx_names_the_line():
    text = "<tbx><text><body>\n<conceptEntry>\n<langSec xml:lang='kk'><termSec><term>a</term></termSec>\n</conceptEntry>"
    with pytest.raises(InputError, match=r"<tbx>:4: not well-formed"):
        parse_tbx_text(text)


def test_entry_without_terms_is_an_error_with_its_line():
    text = "<tbx><text><body>\n\n<conceptEntry id='x'><descrip type='subjectField'>IT</descrip></conceptEntry></body></text></tbx>"
    with pytest.raises(InputError, match=r"<tbx>:3: entry 'x': the entry has no <term>"):
        parse_tbx_text(text)


def test_non_tbx_root_is_refused():
    with pytest.raises(InputError, match="not TBX"):
        parse_tbx_text("<html><body/></html>")


def test_bad_file_leaves_the_termbase_as_it_was(tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><text><body>\n<conceptEntry id='1'><langSec xml:lang='kk'><termSec><term>мектеп</term>"
                   "</termSec></langSec></conceptEntry>\n<conceptEntry id='2'><langSec xml:lang='kk'>\n"
                   "</body></text></tbx>", encoding="utf-8")
    with Termbase(tmp_path / "t.sqlite", create=True) as store:
        store.add_entries(read_tbx(DATA / "martif.tbx"))
        with pytest.raises(InputError, match="bad.tbx:4"):
            store.add_entries(read_tbx(bad))
        assert store.stats()["entries"] == 2
        assert not store.entry_ids_by_norm(["мектеп"])


def test_tbx_round_trip_keeps_everything():
    original = list(read_tbx(DATA / "martif.tbx"))
    text = "".join(export_chunks(original, "tbx"))
    assert [e.to_dict() for e in parse_tbx_text(text)] == [e.to_dict() for e in original]


def test_jsonl_round_trip_keeps_everything(tmp_path):
    original = list(read_tbx(DATA / "martif.tbx"))
    path = tmp_path / "t.jsonl"
    path.write_text("".join(export_chunks(original, "jsonl")), encoding="utf-8")
    assert [e.to_dict() for e in read_jsonl(path)] == [e.to_dict() for e in original]


def test_csv_round_trip_keeps_terms_statuses_and_fields(tmp_path):
    original = list(read_tbx(DATA / "martif.tbx"))
    path = tmp_path / "t.csv"
    path.write_text("".join(export_chunks(original, "csv", langs=["kk", "ru", "en"])), encoding="utf-8")
    back = list(read_csv(path))
    assert [[(t.lang, t.text, t.status) for t in e.terms] for e in back] == \
        [[(t.lang, t.text, t.status) for t in e.terms] for e in original]
    assert back[0].subject == "IT" and back[0].in_lang("kk")[0].year == 2014


def test_csv_header_mapping_renames_columns():
    mapping = parse_mapping("Қазақша=kk,Орысша=ru,Ағылшынша=en,Ескірген=kk:deprecated,Сала=subject,Жыл=year")
    entries = list(read_csv(DATA / "glossary.csv", mapping=mapping))
    assert entries[0].headword() == "шәкіртақы" and entries[0].in_lang("kk")[0].year == 2019
    assert [(t.text, t.status) for t in entries[1].in_lang("kk")] == [("жатақхана", "preferred"),
                                                                      ("общежитие", "deprecated")]


def test_csv_unknown_column_is_an_error_not_silently_dropped():
    with pytest.raises(InputError, match=r"unknown column\(s\) 'Қазақша'"):
        list(read_csv(DATA / "glossary.csv"))


def test_long_tsv_groups_rows_by_id():
    (entry,) = read_entries(DATA / "long.tsv")
    assert entry.id == "m1" and entry.subject == "IT"
    assert [(t.lang, t.text, t.status) for t in entry.terms] == [
        ("kk", "мәзір", "preferred"), ("kk", "меню", "deprecated"), ("en", "menu", "preferred")]


def test_bad_status_in_csv_names_the_line():
    with pytest.raises(InputError, match=r"t.tsv:3: unknown term status 'maybe'"):
        list(parse_csv_text("lang\tterm\tstatus\nkk\tмектеп\t\nkk\tмектепхана\tmaybe\n", "t.tsv"))


def test_reimporting_an_entry_id_replaces_it():
    store = memory_termbase("martif.tbx")
    store.add_entries(read_tbx(DATA / "martif.tbx"))
    assert store.stats()["entries"] == 2
