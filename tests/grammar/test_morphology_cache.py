"""The user-cache files of the compiled engine and the speller's indexes: what is read back is
what was built (the compact forms they are stored in: marshal, joined strings), and a broken or
foreign file is rebuilt."""

from __future__ import annotations

import marshal
import pickle

import pytest

from kazkit.grammar.morphology import cache
from kazkit.grammar.morphology.cache import JoinedLists, load_cached, pack_strings, unpack_strings
from kazkit.grammar.morphology.engine import Engine
from kazkit.grammar.morphology.lexicon import entries_from_columns, entry_columns
from kazkit.grammar.suggest import SpellerIndexes


@pytest.mark.parametrize(
    "strings",
    [[], [""], ["", ""], ["а"], ["кітап", "", "мектеп"], ["a\nb", "c"], ["😀", "\ud800"]],
)
def test_packed_strings_come_back_in_order(strings: list[str]) -> None:
    packed = pack_strings(iter(strings))
    assert unpack_strings(pickle.loads(pickle.dumps(packed))) == strings
    # a string holding the separator keeps the list as it is
    assert isinstance(packed, list) == (not strings or any("\n" in s for s in strings))


def test_joined_lists_read_as_lists() -> None:
    lists = {"кітп": ["кітап"], "": ["а", "е"], "мектеп": ["мектеп", "мектебі"]}
    assert JoinedLists.joinable(lists)
    assert not JoinedLists.joinable({"a": ["b\tc"]})
    assert not JoinedLists.joinable({"a": []})
    joined = JoinedLists.of(lists)
    assert len(joined) == 3 and list(joined) == list(lists)
    for key, forms in lists.items():
        assert joined[key] == forms and joined.get(key) == forms and key in joined
    assert joined.get("жоқ") is None and joined.get("жоқ", ()) == ()
    assert list(joined.items()) == list(lists.items())
    assert list(joined.values()) == list(lists.values())
    with pytest.raises(KeyError):
        joined["жоқ"]


def _indexes(delete_index: dict[str, list[str]], children: list[str] | None = None) -> SpellerIndexes:
    return SpellerIndexes(
        stem_prefixes=frozenset({"к", "кі", "кіт", "кіта", "кітап", "м", "ме"}),
        delete_index=delete_index,
        tails=frozenset({"п", "ап", "і"}),
        bigrams=frozenset({"кі", "іт"}),
        trigrams=frozenset(),
        children=["кітап", "ме"] if children is None else children,
        tail_heads=["пат", "і"],
    )


@pytest.mark.parametrize(
    ("delete_index", "children"),
    [
        ({"кітап": ["кітап"], "кіап": ["кітап", "кіап"], "": ["а"]}, None),
        ({}, None),
        ({"a": ["b\tc"]}, None),
        ({"кіап": ["кітап"]}, ["", "кітап"]),  # a child that is no stem prefix ("")
        ({"кіап": ["кітап"]}, []),
    ],
)
def test_speller_indexes_read_back_equal(delete_index: dict[str, list[str]], children) -> None:
    built = _indexes(delete_index, children)
    loaded = pickle.loads(pickle.dumps(built, pickle.HIGHEST_PROTOCOL))
    again = pickle.loads(pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL))  # a loaded one re-pickles
    for indexes in (loaded, again):
        for name in ("stem_prefixes", "tails", "bigrams", "trigrams", "children", "tail_heads"):
            assert getattr(indexes, name) == getattr(built, name)
            assert type(getattr(indexes, name)) is type(getattr(built, name))
        assert list(indexes.delete_index.items()) == list(delete_index.items())
        for key, forms in delete_index.items():
            assert indexes.delete_index.get(key, ()) == forms
        assert indexes.delete_index.get("жоқ", ()) == ()


LEXICON = """lemma\tupos\tparadigm\tflags
Алма\tPROPN\tpropn\tant,f
алма\tNOUN\tnoun\t-
отбасы\tNOUN\tnoun\tpx3
уезд\tNOUN\tnoun\t-
факт\tNOUN\tnoun\t-
кітап\tNOUN\tnoun\t-
жаз\tVERB\tverb\t-
оқы\tVERB\tverb\t-
"""


@pytest.mark.parametrize("lexicon", [False, True])
def test_engine_reads_back_equal_to_the_built_one(lexicon: bool, tmp_path) -> None:
    path = None
    if lexicon:  # a few rows: two lemmas one key, a px3 compound, cluster stems (факті-, уез-)
        path = tmp_path / "lexicon.tsv"
        path.write_text(LEXICON, encoding="utf-8")
    built = Engine(path)  # without one, the closed classes only
    loaded = pickle.loads(pickle.dumps(built, pickle.HIGHEST_PROTOCOL))
    assert entry_columns(loaded.entries) == entry_columns(built.entries)
    assert entries_from_columns(entry_columns(built.entries)) == built.entries
    assert list(loaded.stems.items()) == list(built.stems.items())
    assert loaded.context == [None] * len(built.entries)
    assert loaded.full_forms == built.full_forms and loaded.max_stem == built.max_stem
    for word in ("мен", "маған", "сендерге", "біреуі", "бесінші"):
        expected = [(e.lemma, s, [x[1:] for x in p]) for e, s, p in built.analyse_steps(word)]
        assert [(e.lemma, s, [x[1:] for x in p]) for e, s, p in loaded.analyse_steps(word)] == expected
    assert [(k, [built.index_of[id(e)] for e in v]) for k, v in built.by_lemma.items()] == [
        (k, [loaded.index_of[id(e)] for e in v]) for k, v in loaded.by_lemma.items()
    ]
    again = pickle.loads(pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL))  # a loaded one re-pickles
    assert list(again.stems.items()) == list(built.stems.items())
    assert [(k, [again.index_of[id(e)] for e in v]) for k, v in again.by_lemma.items()] == [
        (k, [built.index_of[id(e)] for e in v]) for k, v in built.by_lemma.items()
    ]


def test_a_broken_or_foreign_cache_file_is_rebuilt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KAZKIT_NO_CACHE", raising=False)
    built = _indexes({"кіап": ["кітап"]})
    calls = []

    def build() -> SpellerIndexes:
        calls.append(1)
        return built

    path = cache.cache_dir() / "speller-k.pickle"
    assert load_cached("speller", lambda: "k", build, SpellerIndexes) is built and path.is_file()
    assert load_cached("speller", lambda: "k", build, SpellerIndexes).children == built.children
    assert len(calls) == 1
    full = path.read_bytes()
    for broken in (b"", b"not a pickle", full[: len(full) // 2], pickle.dumps({"a": 1})):
        path.write_bytes(broken)
        assert load_cached("speller", lambda: "k", build, SpellerIndexes) is built
    assert len(calls) == 5
    monkeypatch.setenv("KAZKIT_NO_CACHE", "1")
    assert load_cached("speller", lambda: "k", build, SpellerIndexes) is built and len(calls) == 6


class _EngineState:
    """Pickles as an engine with the given state (what a damaged cache file might hold)."""

    def __init__(self, state: dict) -> None:
        self.state = state

    def __reduce__(self) -> tuple:
        return object.__new__, (Engine,), self.state


def test_a_broken_engine_cache_file_is_rebuilt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KAZKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "prebuilt_dir", lambda: tmp_path / "none")  # a regular install's
    first = cache.load_engine(None)
    (path,) = (tmp_path / "kazkit").glob("engine-*.pickle")
    assert list(cache.load_engine(None).stems.items()) == list(first.stems.items())
    state = first.__getstate__()
    columns, stems = marshal.loads(state["_packed"])
    for packed in (b"not marshal", marshal.dumps((columns[:5], stems)),
                   marshal.dumps(([*columns[:5], columns[5][:-1]], stems))):
        path.write_bytes(pickle.dumps(_EngineState({**state, "_packed": packed})))
        rebuilt = cache.load_engine(None)
        assert list(rebuilt.stems.items()) == list(first.stems.items())
        assert entry_columns(rebuilt.entries) == columns


def test_a_prebuilt_cache_file_is_read_when_the_user_cache_has_none(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    monkeypatch.delenv("KAZKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "prebuilt_dir", lambda: tmp_path / "prebuilt")
    shipped = _indexes({"кіап": ["кітап"]})
    cache.write_pickle(tmp_path / "prebuilt" / "speller-k.pickle", shipped)

    def build() -> SpellerIndexes:
        raise AssertionError("nothing is built when a prebuilt file has the key")

    assert load_cached("speller", lambda: "k", build, SpellerIndexes).children == shipped.children
    assert not (tmp_path / "user").exists()  # and nothing is copied into the user cache
    # another key (other data or code) is built and cached as before
    other = _indexes({"кітб": ["кітап"]})
    assert load_cached("speller", lambda: "other", lambda: other, SpellerIndexes) is other
    assert (tmp_path / "user" / "kazkit" / "speller-other.pickle").is_file()
    # a broken prebuilt file is the same as none
    (tmp_path / "prebuilt" / "speller-k.pickle").write_bytes(b"not a pickle")
    assert load_cached("speller", lambda: "k", lambda: other, SpellerIndexes) is other


def test_cache_keys_hash_the_python_source_of_a_compiled_module() -> None:
    assert cache.source_of("/site/kazkit/grammar/suggest.cpython-311-x86_64-linux-gnu.so").as_posix() == \
        "/site/kazkit/grammar/suggest.py"
    assert cache.source_of("/site/kazkit/grammar/suggest.py").as_posix() == "/site/kazkit/grammar/suggest.py"
    assert cache.source_of(cache.__file__).is_file()
