"""Corpus queries: a simple syntax and a CQL subset, both compiled to parameterised SQL.

Simple syntax (a sequence of terms, matched inside one sentence)::

    кітап            the word form, any case
    lemma:оқы        any form of a lemma (also word:, lower:, upos:, feats:)
    білім*           wildcards: * any letters, ? one letter
    /кітап(тар)?/    a regular expression on the lower-case form
    "жаңа кітап"     an exact phrase

CQL, the query language of Corpus Workbench and Sketch Engine (the subset below)::

    [lemma="оқы" & upos="VERB"] []{0,2} [word="кітап.*"]
    [upos="ADJ"] [upos="NOUN" & feats="Case=Dat"] within s

- a token is ``[...]`` with conditions ``attr="regex"`` or ``attr!="regex"`` on ``word``, ``lower``,
  ``lemma``, ``upos``, ``feats`` (and ``kind``), combined with ``&``, ``|``, ``!`` and brackets;
  ``[]`` is any token and ``"regex"`` alone means ``[word="regex"]``;
- values are regular expressions matching the whole attribute; ``%c`` after a value ignores case,
  ``%d`` ignores the difference between Kazakh letters and their Russian-keyboard fallbacks;
- ``feats="Case=Dat|Number=Plur"`` (features only, no regex signs) means "has these features";
- repetition ``?``, ``*``, ``+``, ``{n}``, ``{n,m}``, ``{n,}`` (unbounded repeats stop at
  :data:`MAX_REPEAT`); alternatives ``(a | b)``; ``within s`` keeps a match inside a sentence
  (without it, inside a document).

A query becomes a list of fixed-length token sequences; each token condition becomes a filter
on the token table through the word and tag dictionaries, and a sequence becomes joins on
positions. Every value is a bound parameter: nothing the user types is pasted into SQL.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from kazkit.errors import UsageError

from .filters import Params

MAX_REPEAT = 8  # the bound of *, + and {n,}
MAX_ALTERNATIVES = 512
MAX_LENGTH = 32

#: attribute -> (dictionary table, id column, value column)
ATTRIBUTES = {
    "word": ("words", "word_id", "word"),
    "lower": ("words", "word_id", "lower"),
    "kind": ("words", "word_id", "kind"),
    "lemma": ("tags", "tag_id", "lemma"),
    "upos": ("tags", "tag_id", "upos"),
    "pos": ("tags", "tag_id", "upos"),
    "feats": ("tags", "tag_id", "feats"),
}

#: Kazakh letters and the Russian-keyboard letters typed for them (қ -> к, ә -> а, і -> и ...).
FOLD_FROM = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
FOLD_TO = "агкноуухиАГКНОУУХИ"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)
_REGEX_SIGNS = set(".^$*+?()[]{}|\\")
_FEATS = re.compile(r"^[A-Za-z]+(\[[a-z]+\])?=[A-Za-z0-9,]+(\|[A-Za-z]+(\[[a-z]+\])?=[A-Za-z0-9,]+)*$")


def fold(text: str) -> str:
    """Kazakh letters replaced by their Russian-keyboard fallbacks: ``fold("қазақ") == "казак"``."""
    return text.translate(_FOLD_TABLE)


class QueryError(UsageError):
    """A query that cannot be parsed; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.message = message
        self.query = query
        self.position = max(0, min(position, len(query)))
        shown = query[: self.position]
        tail = f" after {shown[-20:]!r}" if shown.strip() else " at the start"
        super().__init__(f"query error at character {self.position + 1}{tail}: {message}")


# --- the syntax tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cond:
    """``attr op value``; ``literal`` values match exactly, the others as a regular expression."""

    attr: str
    op: str  # "=" or "!="
    value: str
    literal: bool = False
    ignore_case: bool = False
    fold: bool = False
    position: int = 0


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" or "or"
    items: tuple


@dataclass(frozen=True)
class Tok:
    """One token position; ``expr`` None means any token (``[]``)."""

    expr: object = None


@dataclass(frozen=True)
class Repeat:
    item: object
    low: int
    high: int


@dataclass(frozen=True)
class Alt:
    options: tuple  # of tuples of items


@dataclass
class Query:
    """A parsed query: alternatives of item sequences, and the unit a match must stay in."""

    body: Alt
    within: str = "doc"  # "s" or "doc"
    text: str = ""
    syntax: str = "cql"
    sequences: list[tuple[Tok, ...]] = field(default_factory=list)


# --- CQL ------------------------------------------------------------------------------------

_CQL_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
  | (?P<flags>%[cdl]+)
  | (?P<op>!=|[\[\](){},&|!=?*+:])
  | (?P<number>\d+)
  | (?P<name>[A-Za-z_][A-Za-z_0-9.]*)
""", re.X)


@dataclass
class _Lexeme:
    kind: str
    text: str
    position: int


def _lex(query: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    position = 0
    while position < len(query):
        match = _CQL_TOKEN.match(query, position)
        if not match:
            if query[position] in "\"'":
                raise QueryError("this quotation mark is never closed", query, position)
            raise QueryError(f"unexpected {query[position]!r}", query, position)
        if match.lastgroup != "space":
            out.append(_Lexeme(match.lastgroup or "", match.group(), position))
        position = match.end()
    out.append(_Lexeme("end", "", len(query)))
    return out


def _found(lexeme: _Lexeme) -> str:
    return "but the query ends" if lexeme.kind == "end" else f"found {lexeme.text!r}"


class _CqlParser:
    def __init__(self, query: str, fold_all: bool) -> None:
        self.query = query
        self.lexemes = _lex(query)
        self.at = 0
        self.fold_all = fold_all

    # helpers
    def peek(self) -> _Lexeme:
        return self.lexemes[self.at]

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def error(self, message: str, lexeme: _Lexeme | None = None) -> QueryError:
        return QueryError(message, self.query, (lexeme or self.peek()).position)

    def expect(self, text: str, what: str) -> _Lexeme:
        if self.peek().text != text:
            raise self.error(f"expected {text!r} {what}, {_found(self.peek())}")
        return self.take()

    # grammar
    def parse(self) -> Query:
        if self.peek().kind == "end":
            raise self.error("the query is empty")
        body = self.alternation()
        within = "doc"
        if self.peek().text == "within":
            self.take()
            unit = self.take()
            if unit.text in ("s", "sentence", "sent"):
                within = "s"
            elif unit.text in ("doc", "text", "document"):
                within = "doc"
            else:
                raise self.error("expected 's' or 'doc' after 'within'", unit)
        if self.peek().kind != "end":
            raise self.error(f"unexpected {self.peek().text!r}")
        return Query(body, within, self.query, "cql")

    def alternation(self) -> Alt:
        options = [self.sequence()]
        while self.peek().text == "|":
            self.take()
            options.append(self.sequence())
        return Alt(tuple(options))

    def sequence(self) -> tuple:
        items = []
        while self.peek().text in ("[", "(") or self.peek().kind == "string":
            items.append(self.quantified(self.atom()))
        if not items:
            raise self.error(f"expected a token such as [lemma=\"оқы\"] or \"кітап\", {_found(self.peek())}")
        return tuple(items)

    def atom(self) -> object:
        lexeme = self.peek()
        if lexeme.text == "[":
            self.take()
            if self.peek().text == "]":
                self.take()
                return Tok(None)
            expr = self.expression()
            self.expect("]", "to close the token")
            return Tok(expr)
        if lexeme.text == "(":
            self.take()
            inner = self.alternation()
            self.expect(")", "to close the group")
            return inner
        return Tok(self.value_condition("word", "=", self.take()))

    def quantified(self, item: object) -> object:
        text = self.peek().text
        if text == "?":
            self.take()
            return Repeat(item, 0, 1)
        if text == "*":
            self.take()
            return Repeat(item, 0, MAX_REPEAT)
        if text == "+":
            self.take()
            return Repeat(item, 1, MAX_REPEAT)
        if text == "{":
            start = self.take()
            low = self.number(optional=True)
            high = low
            if self.peek().text == ",":
                self.take()
                high = self.number(optional=True)
                high = MAX_REPEAT if high is None else high
            low = 0 if low is None else low
            if high is None:
                raise self.error("expected a number in {n,m}", start)
            self.expect("}", "to close the repetition")
            if high < low:
                raise self.error(f"in {{{low},{high}}} the maximum is below the minimum", start)
            if high > MAX_LENGTH:
                raise self.error(f"repetitions above {MAX_LENGTH} are not supported", start)
            return Repeat(item, low, high)
        return item

    def number(self, optional: bool = False) -> int | None:
        if self.peek().kind == "number":
            return int(self.take().text)
        if optional:
            return None
        raise self.error("expected a number")

    def expression(self) -> object:
        items = [self.conjunction()]
        while self.peek().text == "|":
            self.take()
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items))

    def conjunction(self) -> object:
        items = [self.unary()]
        while self.peek().text == "&":
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items))

    def unary(self) -> object:
        lexeme = self.peek()
        if lexeme.text == "!":
            self.take()
            return Not(self.unary())
        if lexeme.text == "(":
            self.take()
            inner = self.expression()
            self.expect(")", "to close the condition group")
            return inner
        if lexeme.kind != "name":
            raise self.error(f"expected an attribute ({', '.join(sorted(ATTRIBUTES))}), {_found(lexeme)}")
        self.take()
        attr = lexeme.text.lower()
        if attr not in ATTRIBUTES:
            raise self.error(f"unknown attribute {lexeme.text!r} (known: {', '.join(sorted(ATTRIBUTES))})", lexeme)
        op = self.peek()
        if op.text not in ("=", "!="):
            raise self.error(f"expected '=' or '!=' after {lexeme.text!r}")
        self.take()
        value = self.peek()
        if value.kind != "string":
            raise self.error("expected a quoted value such as \"кітап\"")
        self.take()
        return self.value_condition(attr, op.text, value)

    def value_condition(self, attr: str, op: str, lexeme: _Lexeme) -> Cond:
        raw = lexeme.text[1:-1]
        value = re.sub(r"\\([\"'])", r"\1", raw)
        flags = self.take().text if self.peek().kind == "flags" else ""
        literal = not (_REGEX_SIGNS & set(value))
        if attr == "feats" and _FEATS.match(value):
            literal = True
        if not literal:
            try:
                re.compile(value)
            except re.error as exc:
                raise QueryError(f"bad regular expression: {exc.msg}", self.query,
                                 lexeme.position + 1 + (exc.pos or 0)) from None
        return Cond(attr, op, value, literal, "c" in flags, "d" in flags or self.fold_all, lexeme.position)


# --- the simple syntax -----------------------------------------------------------------------

_SIMPLE_TERM = re.compile(r'"(?P<phrase>[^"]*)"|/(?P<regex>(?:\\.|[^/\\])+)/|(?P<term>\S+)')


def _wildcard(value: str) -> tuple[str, bool]:
    """``білім*`` -> (regex, False); a value without * or ? -> (value, True)."""
    if "*" not in value and "?" not in value:
        return value, True
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in value), False


def _parse_simple(query: str, fold_all: bool) -> Query:
    from kazkit.text.tokenize import tokenize

    items: list[Tok] = []
    position = 0
    stripped = query.strip()
    if not stripped:
        raise QueryError("the query is empty", query, 0)
    while position < len(query):
        while position < len(query) and query[position].isspace():
            position += 1
        if position >= len(query):
            break
        if query[position] in "\"/" and query.find(query[position], position + 1) < 0:
            raise QueryError("this quotation mark is never closed" if query[position] == '"'
                             else "this regular expression has no closing '/'", query, position)
        match = _SIMPLE_TERM.match(query, position)
        assert match is not None
        start = match.start()
        if match.group("phrase") is not None:
            words = [t.text for t in tokenize(match.group("phrase"))]
            if not words:
                raise QueryError("the phrase is empty", query, start)
            items.extend(Tok(Cond("lower", "=", w.lower(), True, False, fold_all, start)) for w in words)
        elif match.group("regex") is not None:
            pattern = match.group("regex")
            try:
                re.compile(pattern)
            except re.error as exc:
                raise QueryError(f"bad regular expression: {exc.msg}", query, start + 1 + (exc.pos or 0)) from None
            items.append(Tok(Cond("lower", "=", pattern, False, True, fold_all, start)))
        else:
            items.append(Tok(_simple_term(match.group("term"), query, start, fold_all)))
        position = match.end()
    return Query(Alt((tuple(items),)), "s", query, "simple")


def _simple_term(term: str, query: str, start: int, fold_all: bool) -> Cond:
    attr, sep, value = term.partition(":")
    if sep and attr.lower() in ATTRIBUTES:
        if not value:
            raise QueryError(f"write a value after '{attr}:', e.g. lemma:оқы", query, start + len(term))
        attr = attr.lower()
        pattern, literal = _wildcard(value)
        if attr in ("upos", "pos"):
            return Cond(attr, "=", pattern.upper(), literal, False, False, start)
        if attr == "feats":
            return Cond(attr, "=", value, True, False, False, start)
        return Cond(attr, "=", pattern, literal, attr != "word", fold_all, start)
    pattern, literal = _wildcard(term)
    return Cond("lower", "=", pattern if not literal else term.lower(), literal, True, fold_all, start)


# --- entry points ----------------------------------------------------------------------------


def looks_like_cql(query: str) -> bool:
    """CQL when the query has a token in brackets or ends with ``within``; otherwise simple."""
    text = query.strip()
    outside = re.sub(r'"(?:\\.|[^"\\])*"|(?<!\S)/(?:\\.|[^/\\])+/(?!\S)', " ", text)  # strings, /regex/
    return "[" in outside or bool(re.search(r"\bwithin\s+\w+$", text)) or text.startswith("(")


def parse_query(query: str, syntax: str = "auto", fold: bool = False) -> Query:
    """Parse a query in the simple syntax or CQL (``syntax="auto"`` decides by :func:`looks_like_cql`).

    ``fold`` makes every value match Kazakh letters and their Russian-keyboard fallbacks alike.

    >>> len(parse_query('[lemma="оқы"] []{0,2} [word="кітап.*"]').sequences)
    3
    """
    if syntax not in ("auto", "simple", "cql"):
        raise UsageError(f"unknown query syntax {syntax!r}: use auto, simple or cql")
    use_cql = syntax == "cql" or (syntax == "auto" and looks_like_cql(query))
    parsed = _CqlParser(query, fold).parse() if use_cql else _parse_simple(query, fold)
    parsed.sequences = _expand(parsed)
    return parsed


def _expand(query: Query) -> list[tuple[Tok, ...]]:
    sequences = [s for s in _expand_item(query.body, query) if s]
    if not sequences:
        raise QueryError("the query can match zero tokens only: give at least one token", query.text, 0)
    return list(dict.fromkeys(sequences))


def _expand_item(item: object, query: Query) -> list[tuple[Tok, ...]]:
    if isinstance(item, Tok):
        return [(item,)]
    if isinstance(item, Repeat):
        inner = _expand_item(item.item, query)
        out: list[tuple[Tok, ...]] = []
        for count in range(item.low, item.high + 1):
            out.extend(_product([inner] * count, query))
        return out
    if isinstance(item, Alt):
        out = []
        for option in item.options:
            out.extend(_product([_expand_item(i, query) for i in option], query))
        return out
    raise TypeError(item)


def _product(parts: list[list[tuple[Tok, ...]]], query: Query) -> list[tuple[Tok, ...]]:
    out: list[tuple[Tok, ...]] = [()]
    for options in parts:
        out = [a + b for a, b in itertools.product(out, options) if len(a + b) <= MAX_LENGTH]
        if len(out) > MAX_ALTERNATIVES:
            raise QueryError(f"the query expands to more than {MAX_ALTERNATIVES} token sequences: "
                             "narrow the repetitions", query.text, 0)
    return out


# --- compiling to SQL --------------------------------------------------------------------------


def _value_sql(column: str, cond: Cond, params: Params) -> str:
    if cond.attr == "feats" and cond.literal and "=" in cond.value:
        parts = [f"contains('|' || {column} || '|', {params('|' + f + '|')})" for f in cond.value.split("|")]
        return "(" + " AND ".join(parts) + ")"
    value = cond.value
    if cond.ignore_case:
        column, value = f"lower({column})", value.lower()
    if cond.fold:
        column = f"translate({column}, {params(FOLD_FROM)}, {params(FOLD_TO)})"
        value = fold(value)
    if cond.literal:
        return f"{column} = {params(value)}"
    return f"regexp_full_match({column}, {params(value)})"


def condition_sql(expr: object, params: Params, alias: str = "t") -> str:
    """A boolean SQL expression on a row of ``tokens`` (alias ``t``) for a token condition."""
    if isinstance(expr, Cond):
        table, id_column, column = ATTRIBUTES[expr.attr]
        inner = f"SELECT {id_column} FROM {table} WHERE {_value_sql(column, expr, params)}"
        return f"{alias}.{id_column} {'NOT IN' if expr.op == '!=' else 'IN'} ({inner})"
    if isinstance(expr, Not):
        return f"NOT ({condition_sql(expr.item, params, alias)})"
    if isinstance(expr, BoolOp):
        joiner = " AND " if expr.op == "and" else " OR "
        return "(" + joiner.join(condition_sql(i, params, alias) for i in expr.items) + ")"
    raise TypeError(expr)


def compile_query(query: Query, params: Params, documents: str | None = None) -> str:
    """SQL selecting the matches ``(start, stop, doc_id, sent_id)`` of a parsed query, one per start.

    ``documents`` is SQL selecting the doc_ids of a subcorpus (see :mod:`.filters`). Among
    matches that begin at the same token the longest is kept.
    """
    names: dict[str, tuple[str, object]] = {}  # key -> (name, expression)
    uses: dict[str, int] = {}

    def cte_for(expr: object) -> str:
        key = repr(expr)
        if key not in names:
            names[key] = (f"c{len(names)}", expr)
        uses[key] = uses.get(key, 0) + 1
        return names[key][0]

    selects = [_sequence_sql(seq, query.within, cte_for) for seq in query.sequences]
    doc_filter = f" AND t.doc_id IN ({documents})" if documents else ""
    with_parts = []
    for key, (name, expr) in names.items():
        # a condition used by several alternatives is computed once (tried: one shared scan for
        # all conditions is 1.5-5x slower on 10 M tokens than a semi-join per condition)
        where = condition_sql(expr, params) if expr is not None else "TRUE"
        materialized = " MATERIALIZED" if uses[key] > 1 else ""
        with_parts.append(f"{name} AS{materialized} (SELECT t.pos, t.doc_id, t.sent_id FROM tokens t "
                          f"WHERE {where}{doc_filter})")
    head = "WITH " + ",\n  ".join(with_parts) + "\n"
    if len(selects) == 1:
        return head + selects[0]
    union = "\n  UNION ALL\n".join(selects)
    return (head + "SELECT start, max(stop) AS stop, any_value(doc_id) AS doc_id, any_value(sent_id) AS sent_id "
            f"FROM ({union}) GROUP BY start")


def _sequence_sql(sequence: tuple[Tok, ...], within: str, cte_for) -> str:
    length = len(sequence)
    conditioned = [(k, tok.expr) for k, tok in enumerate(sequence) if tok.expr is not None]
    if not conditioned:
        conditioned = [(0, None)]
    first, _ = conditioned[0]
    last = conditioned[-1][0]
    anchor = cte_for(conditioned[0][1])
    start = f"a0.pos - {first}"
    stop = f"a0.pos + {length - 1 - first}"
    parts = [f"SELECT {start} AS start, {stop} AS stop, a0.doc_id, a0.sent_id FROM {anchor} a0"]
    for index, (offset, expr) in enumerate(conditioned[1:], 1):
        same = f" AND a{index}.sent_id = a0.sent_id" if within == "s" else ""
        parts.append(f"JOIN {cte_for(expr)} a{index} ON a{index}.pos = a0.pos + {offset - first} "
                     f"AND a{index}.doc_id = a0.doc_id{same}")
    if first > 0 or last < length - 1:
        # tokens without conditions at either end must exist in the same sentence or document
        if within == "s":
            parts.append("JOIN sentences b ON b.sent_id = a0.sent_id")
            parts.append(f"WHERE {start} >= b.first_pos AND {stop} < b.first_pos + b.n_tokens")
        else:
            parts.append("JOIN documents b ON b.doc_id = a0.doc_id")
            parts.append(f"WHERE {start} >= b.first_pos AND {stop} <= b.last_pos")
    return "\n  ".join(parts)
