"""Parsing the simple syntax and CQL, error positions, and compilation to bound parameters."""

from __future__ import annotations

import pytest

from kazkit.corpus.filters import Params
from kazkit.corpus.query import Cond, QueryError, compile_query, fold, looks_like_cql, parse_query


def test_bare_word_matches_the_lower_case_form_exactly():
    query = parse_query("Кітап")
    assert query.syntax == "simple"
    (sequence,) = query.sequences
    assert sequence[0].expr == Cond("lower", "=", "кітап", True, True, False, 0)


def test_simple_syntax_prefixes_wildcards_regex_and_phrase():
    lemma, = parse_query("lemma:оқы").sequences[0]
    assert (lemma.expr.attr, lemma.expr.value, lemma.expr.literal) == ("lemma", "оқы", True)
    wildcard, = parse_query("білім*").sequences[0]
    assert (wildcard.expr.value, wildcard.expr.literal) == ("білім.*", False)
    regex, = parse_query("/кітап(тар)?/").sequences[0]
    assert regex.expr.value == "кітап(тар)?" and not regex.expr.literal
    phrase = parse_query('"жоғары оқу орны"').sequences[0]
    assert [t.expr.value for t in phrase] == ["жоғары", "оқу", "орны"]


def test_upos_in_simple_syntax_is_upper_cased():
    token, = parse_query("upos:noun").sequences[0]
    assert token.expr.value == "NOUN"


def test_cql_gap_expands_into_one_sequence_per_length():
    query = parse_query('[lemma="оқы" & upos="VERB"] []{0,2} [word="кітап.*"]')
    assert query.syntax == "cql"
    assert sorted(len(s) for s in query.sequences) == [2, 3, 4]


def test_cql_optional_and_alternatives():
    query = parse_query('("жаңа" | "ескі") [upos="ADJ"]? [lemma="кітап"] within s')
    assert query.within == "s"
    assert sorted(len(s) for s in query.sequences) == [2, 2, 3, 3]


def test_cql_error_points_at_the_missing_bracket():
    text = '[lemma="оқы" & upos="VERB" [word="кітап"]'
    with pytest.raises(QueryError) as error:
        parse_query(text)
    assert error.value.position == text.index("[word")
    assert "']'" in str(error.value) and "character 28" in str(error.value)


def test_cql_unknown_attribute_is_reported_where_it_stands():
    text = '[lemma="оқы"] [tag="NOUN"]'
    with pytest.raises(QueryError) as error:
        parse_query(text)
    assert error.value.position == text.index("tag")
    assert "unknown attribute 'tag'" in str(error.value)


def test_bad_regular_expression_points_inside_the_value():
    text = '[word="кітап(тар"]'
    with pytest.raises(QueryError) as error:
        parse_query(text)
    assert error.value.position >= text.index('"кітап')
    assert "regular expression" in str(error.value)


def test_unclosed_quote_in_the_simple_syntax():
    with pytest.raises(QueryError) as error:
        parse_query('кітап "білім беру')
    assert error.value.position == 6


def test_repetition_with_maximum_below_minimum_is_refused():
    with pytest.raises(QueryError, match="maximum is below the minimum"):
        parse_query('[upos="ADJ"]{3,1} [upos="NOUN"]')


def test_a_query_that_matches_zero_tokens_is_refused():
    with pytest.raises(QueryError, match="zero tokens"):
        parse_query("[upos=\"NOUN\"]{0}")


def test_query_values_reach_sql_as_bound_parameters_only():
    hostile = "кітап'; DROP TABLE tokens; --"
    params = Params()
    sql = compile_query(parse_query(f'[word="{hostile}"]', "cql"), params)
    assert "DROP" not in sql and "кітап" not in sql
    assert hostile in params.values


def test_feature_values_mean_has_these_features():
    token, = parse_query('[feats="Case=Dat|Number=Plur"]').sequences[0]
    assert token.expr.literal
    params = Params()
    sql = compile_query(parse_query('[feats="Case=Dat|Number=Plur"]'), params)
    assert sql.count("contains(") == 2 and "|Case=Dat|" in params.values


def test_keyboard_fold_replaces_kazakh_letters_with_russian_keyboard_ones():
    assert fold("Қазақстан әкімдігі өңірі") == "Казакстан акимдиги онири"
    assert fold("ұлы үй ғалым һәм") == "улы уй галым хам"


def test_cql_is_recognised_by_its_brackets():
    assert looks_like_cql('[lemma="бар"]')
    assert not looks_like_cql('"білім беру"')
    assert not looks_like_cql("lemma:бар")
