"""Generation and paradigm tables read the same tables as the analyser."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kazkit.grammar.morphology import get_analyzer
from kazkit.grammar.morphology.lexicon import read_lexicon_tsv

DATA = Path(__file__).resolve().parents[1] / "data"
LEXICON = DATA / "morph_lexicon.tsv"
OPEN_CLASS = sorted(
    {
        (e.lemma, e.upos)
        for e in read_lexicon_tsv(LEXICON)
        if e.upos in ("NOUN", "VERB", "ADJ", "PROPN")
    }
)


def test_generate_plural_locative() -> None:
    assert get_analyzer(LEXICON).generate("мектеп", "Case=Loc|Number=Plur") == ["мектептерде"]


def test_generate_applies_voicing_and_pronoun_suppletion() -> None:
    an = get_analyzer(LEXICON)
    assert an.generate(
        "кітап", {"Case": "Nom", "Number[psor]": "Plur,Sing", "Person[psor]": "3"}
    ) == ["кітабы"]
    assert an.generate("мен", "Case=Dat") == ["маған"]
    assert an.generate("Астана", "Case=Dat") == ["Астанаға"]


def test_lexeme_lists_the_noun_paradigm() -> None:
    rows = get_analyzer(LEXICON).lexeme("бала", "NOUN")
    forms = {form for form, _ in rows}
    assert {"бала", "балалар", "баласы", "балама", "баласына", "балаларымызда"} <= forms


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_generated_form_analyses_back(data: st.DataObject) -> None:
    an = get_analyzer(LEXICON)
    lemma, upos = data.draw(st.sampled_from(OPEN_CLASS))
    rows = an.lexeme(lemma, upos)
    form, feats = data.draw(st.sampled_from(rows))
    found = {(a.lemma, a.feats_str) for a in an.analyze(form)}
    expected = (
        "|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower())) or "_"
    )
    assert (lemma, expected) in found
