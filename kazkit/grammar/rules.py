"""The proofreading rule engine: rules as YAML data, validated on load, matched fast.

A rule file (``data/rules/*.yaml``, or a user's file named in ``kazkit.toml``) holds
``rules:``, a list of entries with an ``id``, a ``category``, a ``severity``, messages in English
and Kazakh, a ``type`` with its pattern, ``suggestions`` and ``examples``. The syntax is
documented for linguists in ``data/rules/README.md``; this module is its reference.

Rule types:

* ``regex``: a regular expression (the ``regex`` module's syntax) on the text; the group named
  ``marker`` is the reported span (the whole match without it);
* ``tokens``: a sequence of token conditions (form, regex, kind, lemma, upos, feats, ...) inside
  one sentence, with a ``marker`` (1-based token numbers) and ``antipatterns``;
* ``substitution``: wrong phrase -> right phrase pairs (``әр бір`` -> ``әрбір``);
* ``repetition``, ``proximity``, ``consistency``, ``capitalization``: parametrised checks whose
  code lives in :mod:`kazkit.grammar.checks` and registers itself here.

Token conditions on lemma, upos and feats hold when ANY analysis of the word satisfies all of
them together (LanguageTool's reading semantics); a ``not:`` condition therefore holds when no
analysis does, which is the cautious side for antipatterns.

Example::

    >>> rules = load_rules(shipped_rule_files())
    >>> [h.replacements for h in find_hits(rules.by_id["KK_QUESTION_PARTICLE_ALLOMORPH"],
    ...                                    make_document("Бұл кітап ма?"))]
    [['па']]
"""

from __future__ import annotations

import bisect
import functools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count
from pathlib import Path
from typing import Any

import regex

from kazkit.errors import UsageError
from kazkit.types import Analysis, Sentence, Token

CATEGORIES = (
    "spelling",
    "grammar",
    "punctuation",
    "typography",
    "capitalisation",
    "style",
    "consistency",
)
SEVERITIES = ("hint", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
#: Sentence languages a rule applies to by default; "" is a sentence with no language detected.
DEFAULT_LANGUAGES = ("kk",)

_COMMON_KEYS = frozenset(
    {
        "id", "type", "category", "severity", "message", "message_kk", "short", "link", "safe",
        "enabled", "languages", "suggestions", "examples", "filter", "description",
    }
)


class RuleError(UsageError):
    """A rule file that cannot be used: one line naming the file and the rule (exit 2)."""


# --- documents ---------------------------------------------------------------------------------


@dataclass(slots=True)
class DocSentence:
    """A sentence with its non-space tokens and detected language."""

    sentence: Sentence
    tokens: list[Token]

    @property
    def lang(self) -> str:
        return self.sentence.lang


@dataclass
class Document:
    """A text prepared once for every rule and check: sentences, tokens and cached analyses."""

    text: str
    sentences: list[DocSentence]
    #: Words the user accepts (``kazkit.toml``), lowercased; checks must not flag them.
    accept: frozenset[str] = frozenset()
    _analyses: dict[str, list[Analysis]] = field(default_factory=dict, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.sentence.start for s in self.sentences]

    def analyses(self, word: str) -> list[Analysis]:
        """The morphology's analyses of ``word``, best first, computed once per document."""
        found = self._analyses.get(word)
        if found is None:
            from kazkit.grammar.morphology import analyze

            found = self._analyses[word] = analyze(word)
        return found

    def sentence_at(self, offset: int) -> DocSentence | None:
        """The sentence holding character ``offset`` (None between sentences)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < max(self.sentences[index].sentence.end, self._starts[index] + 1):
            return self.sentences[index]
        return None

    def lang_at(self, offset: int) -> str:
        sentence = self.sentence_at(offset)
        return sentence.lang if sentence else ""


def make_document(text: str) -> Document:
    """Split ``text`` into sentences and tokens with the shared text layer.

    >>> [len(s.tokens) for s in make_document("Сәлем, әлем! Қалың қалай?").sentences]
    [4, 3]
    """
    from kazkit.text.langid import detect_language
    from kazkit.text.sentences import sentences_with_tokens

    sentences = []
    for sentence, tokens in sentences_with_tokens(text):
        if not sentence.lang:
            sentence = Sentence(sentence.text, sentence.start, sentence.end, detect_language(sentence.text))
        sentences.append(DocSentence(sentence, tokens))  # no space tokens without spaces=True
    return Document(text, sentences)


# --- hits and rules ----------------------------------------------------------------------------


@dataclass(slots=True)
class Hit:
    """One place a rule found: the reported span, its replacements and message variables."""

    start: int
    end: int
    replacements: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    correction: str | None = None


@dataclass
class Rule:
    """A validated rule; ``matcher`` is the type's compiled form (see :data:`RULE_TYPES`)."""

    id: str
    type: str
    category: str
    severity: str
    message: str
    message_kk: str
    source: str
    short: str = ""
    link: str = ""
    safe: bool = False
    enabled: bool = True
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    suggestions: tuple[Any, ...] = ()
    filter: tuple[str, dict[str, Any]] | None = None
    incorrect: tuple[Example, ...] = ()
    correct: tuple[Example, ...] = ()
    matcher: Any = None

    def message_in(self, lang: str, variables: Mapping[str, str] | None = None) -> str:
        """The message in ``lang`` ("kk" or "en"), with ``{suggestion}``-style variables filled."""
        text = self.message_kk if lang == "kk" and self.message_kk else self.message
        if variables and "{" in text:
            text = render_template(text, lambda ref: variables.get(ref)) or text
        return text

    def applies_to(self, lang: str) -> bool:
        return "any" in self.languages or lang in self.languages or lang == ""


@dataclass(frozen=True)
class RuleType:
    """How one ``type:`` is compiled from YAML and run over a document."""

    keys: frozenset[str]
    compile: Callable[[Rule, dict[str, Any]], Any]
    find: Callable[[Rule, Document], Iterable[Hit]]
    uses_tokens: bool = True


RULE_TYPES: dict[str, RuleType] = {}
#: Filters: ``name -> f(view, args) -> dict of variables | None`` (None drops the match).
FILTERS: dict[str, Callable[[MatchView, dict[str, Any]], dict[str, str] | None]] = {}


def register_rule_type(name: str, keys: Iterable[str], *, uses_tokens: bool = True):
    """Decorator pair helper: ``register_rule_type("repetition", {...})(compile, find)``."""

    def register(compile_fn, find_fn) -> None:
        RULE_TYPES[name] = RuleType(frozenset(keys), compile_fn, find_fn, uses_tokens)

    return register


def register_filter(name: str):
    """Register a filter function that rule files name with ``filter: {name: ..., ...}``."""

    def decorate(function):
        FILTERS[name] = function
        return function

    return decorate


def _load_plugins() -> None:
    # The checks package registers its rule types and filters on import; imported lazily
    # because it imports this module.
    import kazkit.grammar.checks  # noqa: F401


# --- templates ---------------------------------------------------------------------------------

_PLACEHOLDER = regex.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "capitalize": lambda s: s[:1].upper() + s[1:],
}


def render_template(template: str, lookup: Callable[[str], str | None]) -> str | None:
    """Fill ``{1}``, ``{marker}``, ``{2.lemma}``, ``{1|capitalize}``; ``{{`` is a brace.

    Returns None when a placeholder has no value (the suggestion is then dropped).

    >>> render_template("{1}-{2|lower}", {"1": "5", "2": "КЕ"}.get)
    '5-ке'
    """
    missing = False
    parts = []
    for piece in _template_pieces(template):
        if isinstance(piece, str):
            parts.append(piece)
            continue
        ref, transforms = piece
        value = lookup(ref)
        if value is None:
            missing = True
            continue
        for name in transforms:
            value = _TRANSFORMS[name](value)
        parts.append(value)
    return None if missing else "".join(parts)


@functools.lru_cache(maxsize=1024)
def _template_pieces(template: str) -> tuple[str | tuple[str, tuple[str, ...]], ...]:
    """``template`` cut into literal texts and ``(reference, transforms)`` placeholders, once per
    template (every hit of a rule renders the same few templates)."""
    pieces: list[str | tuple[str, tuple[str, ...]]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append(template[last:match.start()])
        whole = match.group(0)
        if whole in ("{{", "}}"):
            pieces.append(whole[0])
        else:
            ref, *transforms = match.group(1).split("|")
            pieces.append((ref.strip(), tuple(name.strip() for name in transforms)))
        last = match.end()
    pieces.append(template[last:])
    return tuple(piece for piece in pieces if piece != "")


def _check_template(template: str, where: str) -> None:
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) is None:
            continue
        _ref, *transforms = match.group(1).split("|")
        for name in transforms:
            if name.strip() not in _TRANSFORMS:
                raise RuleError(f"{where}: unknown transform {name.strip()!r} in {template!r} "
                                f"(use {', '.join(_TRANSFORMS)})")


def match_case(replacement: str, original: str) -> str:
    """Give ``replacement`` the capitalisation of ``original`` (first letter or all caps)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# --- match views (what templates and filters see) ---------------------------------------------


class MatchView:
    """The parts of one match that templates and filters can name.

    ``{1}``... are regex groups or tokens (1-based), ``{marker}`` the reported span, ``{0}`` the
    whole match; token rules add ``{2.lemma}``, ``{2.upos}``, ``{2.feats}`` (first analysis).
    """

    def __init__(self, doc: Document, start: int, end: int, marker: tuple[int, int],
                 parts: Sequence[tuple[int, int] | None], names: Mapping[str, tuple[int, int]],
                 tokens: Sequence[Token] = ()):
        self.doc = doc
        self.start, self.end = start, end
        self.marker = marker
        self.parts = parts
        self.names = names
        self.tokens = tokens
        self.variables: dict[str, str] = {}

    def text_of(self, span: tuple[int, int] | None) -> str | None:
        return None if span is None else self.doc.text[span[0]:span[1]]

    def token(self, number: int) -> Token | None:
        return self.tokens[number - 1] if 0 < number <= len(self.tokens) else None

    def get(self, ref: str) -> str | None:
        if ref in self.variables:
            return self.variables[ref]
        if ref == "marker":
            return self.text_of(self.marker)
        if ref == "0":
            return self.doc.text[self.start:self.end]
        if ref.isdigit():
            number = int(ref)
            return self.text_of(self.parts[number - 1]) if 0 < number <= len(self.parts) else None
        if ref in self.names:
            return self.text_of(self.names[ref])
        number_text, _, attribute = ref.partition(".")
        if number_text.isdigit() and attribute in ("lemma", "upos", "feats"):
            token = self.token(int(number_text))
            if token is None:
                return None
            analyses = self.doc.analyses(token.text)
            if not analyses:
                return None
            first = analyses[0]
            return {"lemma": first.lemma, "upos": first.pos, "feats": first.feats_str}[attribute]
        return None


def _suggestions(rule: Rule, view: MatchView) -> list[str]:
    """Every suggestion of ``rule`` rendered for ``view``, duplicates and no-ops removed."""
    found: list[str] = []
    marker_text = view.get("marker") or ""
    for item in rule.suggestions:
        if isinstance(item, str):
            values = [render_template(item, view.get)]
        else:
            values = _generated(item["generate"], view)
        for value in values:
            if value is not None and value != marker_text and value not in found:
                found.append(value)
    return found


def _generated(spec: Mapping[str, Any], view: MatchView) -> list[str]:
    """``{generate: {lemma: "{2.lemma}", feats: "{1.feats}", set: {Case: Dat}}}``."""
    lemma = render_template(spec["lemma"], view.get)
    feats_text = render_template(spec.get("feats", ""), view.get)
    if not lemma or feats_text is None:
        return []
    feats = parse_feats(feats_text)
    feats.update(spec.get("set") or {})
    pos = render_template(spec["pos"], view.get) if spec.get("pos") else None
    from kazkit.grammar.morphology import generate

    original = view.get("marker") or ""
    return [match_case(form, original) for form in generate(lemma, feats, pos)]


def parse_feats(text: str) -> dict[str, str]:
    """``"Case=Dat|Number=Plur"`` -> ``{"Case": "Dat", "Number": "Plur"}`` (``_`` is empty)."""
    if not text or text == "_":
        return {}
    return dict(part.split("=", 1) for part in text.split("|") if "=" in part)


def _filtered(rule: Rule, view: MatchView) -> bool:
    """Run the rule's filter; False drops the match, variables it returns join the view."""
    if rule.filter is None:
        return True
    name, args = rule.filter
    variables = FILTERS[name](view, args)
    if variables is None:
        return False
    view.variables.update(variables)
    return True


def _hit(rule: Rule, view: MatchView) -> Hit | None:
    if not _filtered(rule, view):
        return None
    replacements = _suggestions(rule, view)
    variables = dict(view.variables)
    variables.setdefault("marker", view.get("marker") or "")
    # Messages may name the parts of the match too: "{1}", "{number}".
    for number, span in enumerate(view.parts, 1):
        if span is not None:
            variables.setdefault(str(number), view.doc.text[span[0]:span[1]])
    for name, span in view.names.items():
        variables.setdefault(name, view.doc.text[span[0]:span[1]])
    if replacements:
        variables.setdefault("suggestion", replacements[0])
    return Hit(view.marker[0], view.marker[1], replacements, variables)


# --- token texts shared by the rule types ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenTexts:
    """The tokens of a document in one flat list, with their texts as written and lowercased.

    Several rule types look at every token (repeated words, consistency, the token rules' index).
    Flat lists let them scan the whole document in C with ``map``, ``compress`` and set operations
    and turn to Python only where something may be found; lowercasing each distinct text once
    (the same words recur) is cheaper than lowercasing every token. Building one object per
    sentence would also wake the garbage collector, whose passes over a large document cost more
    than the scans.
    """

    tokens: list[Token]  # every token of every sentence, in order
    texts: list[str]  # their texts
    lowered: list[str]  # the same, lowercased
    starts: list[int]  # where each sentence's tokens start in the lists, then their length
    lower: dict[str, str]  # each distinct token text -> its lowercase

    def sentence_of(self, position: int) -> int:
        """The number of the sentence that holds the token at ``position``."""
        return bisect.bisect_right(self.starts, position) - 1


_TOKEN_TEXTS: dict[int, tuple[weakref.ref, TokenTexts]] = {}


def token_texts(doc: Document) -> TokenTexts:
    """The :class:`TokenTexts` of ``doc``, computed on first use and kept while ``doc`` lives
    (a document is not changed once made)."""
    key = id(doc)
    entry = _TOKEN_TEXTS.get(key)
    if entry is not None and entry[0]() is doc:
        return entry[1]
    tokens = list(chain.from_iterable(sentence.tokens for sentence in doc.sentences))
    texts = [token.text for token in tokens]
    lower = {text: text.lower() for text in set(texts)}
    starts = list(accumulate((len(sentence.tokens) for sentence in doc.sentences), initial=0))
    found = TokenTexts(tokens, texts, list(map(lower.__getitem__, texts)), starts, lower)
    _TOKEN_TEXTS[key] = (weakref.ref(doc, lambda _ref: _TOKEN_TEXTS.pop(key, None)), found)
    return found


# --- regex rules -------------------------------------------------------------------------------


@dataclass
class RegexMatcher:
    pattern: regex.Pattern
    antipatterns: tuple[regex.Pattern, ...]


def _compile_regex(rule: Rule, raw: dict[str, Any]) -> RegexMatcher:
    flags = 0 if raw.get("case_sensitive", True) else regex.IGNORECASE
    pattern = _regex(rule, raw.get("pattern"), "pattern", flags)
    antipatterns = tuple(
        _regex(rule, text, "antipatterns", flags) for text in _as_list(raw.get("antipatterns"))
    )
    return RegexMatcher(pattern, antipatterns)


def _find_regex(rule: Rule, doc: Document) -> Iterator[Hit]:
    matcher: RegexMatcher = rule.matcher
    blocked: list[tuple[int, int]] | None = None
    for match in _in_text_order(matcher.pattern, doc.text):
        names = {name: match.span(name) for name in match.groupdict() if match.start(name) >= 0}
        marker = names.get("marker", match.span())
        if not rule.applies_to(doc.lang_at(marker[0])):
            continue
        if matcher.antipatterns:
            if blocked is None:
                blocked = sorted(m.span() for p in matcher.antipatterns for m in p.finditer(doc.text))
            if _overlaps_any(blocked, marker):
                continue
        parts = [match.span(i) if match.start(i) >= 0 else None for i in range(1, (match.re.groups or 0) + 1)]
        view = MatchView(doc, match.start(), match.end(), marker, parts, names)
        hit = _hit(rule, view)
        if hit is not None:
            yield hit


def _in_text_order(pattern: regex.Pattern, text: str) -> Iterable[regex.Match]:
    """``pattern``'s matches from the start of ``text`` on.

    A pattern marked ``(?r)`` (the ``regex`` module's reverse flag) is matched right to left, and
    its matches are reported in text order all the same. Why a rule would: the engine starts each
    attempt from the pattern's first element, so a pattern that begins with a letter is tried at
    nearly every character, while a reverse pattern that ends in a rare character (``\\?``) is
    tried only where that character is (KK_QUESTION_PARTICLE_APART: 7 ms instead of 100 ms per
    MB). The two directions find the same matches when each match is fixed by where it ends, as
    there.
    """
    if pattern.flags & regex.REVERSE:
        return reversed(list(pattern.finditer(text)))
    return pattern.finditer(text)


def literal_heads(phrases: Iterable[str], flags: int = 0) -> tuple[regex.Pattern, ...] | None:
    """One pattern per distinct first word of ``phrases``: the word literally, then a space or tab
    when more words follow (``"әр бір"`` -> ``әр[ \\t]``); None when a phrase is empty. See
    :func:`finditer_by_heads`."""
    heads: dict[str, None] = {}
    for phrase in phrases:
        words = phrase.split()
        if not words:
            return None
        heads[regex.escape(words[0]) + (r"[ \t]" if len(words) > 1 else "")] = None
    return tuple(regex.compile(head, flags) for head in heads)


def finditer_by_heads(pattern: regex.Pattern, heads: Sequence[regex.Pattern] | None,
                      text: str) -> Iterator[regex.Match]:
    """The same matches as ``pattern.finditer(text)``, found from the places where a head matches.

    ``pattern`` is an alternation of phrases (``(?<!...)(?:әр[ \\t]+бір|...)...``) and every match
    of it must begin where one of ``heads`` (:func:`literal_heads`) matches. The ``regex`` module
    tries an alternation behind a lookbehind at every character of the text, but finds a literal
    at C speed: each head is searched for alone, and ``pattern`` is tried only where one was found
    (12 heads take about 10 ms per MB, the alternation 30 ms). The scan then goes on as
    ``finditer`` does, after the end of each match. With ``heads`` None it is ``finditer``.
    """
    if heads is None:
        yield from pattern.finditer(text)
        return
    starts: set[int] = set()
    for head in heads:
        for found in head.finditer(text):
            starts.add(found.start())
            # A word may overlap itself ("аа" in "ааа"): finditer skips such starts.
            starts.update(q for q in range(found.start() + 1, found.end()) if head.match(text, q))
    position = 0
    for start in sorted(starts):
        if start < position:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            position = max(match.end(), start + 1)


def _overlaps_any(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps one of the sorted ``spans`` (an empty span counts if inside)."""
    index = bisect.bisect_left(spans, (span[1] + 1,))
    for start, end in reversed(spans[max(0, index - 64):index]):
        if start <= span[0] and span[1] <= end or (start < span[1] and span[0] < end):
            return True
    return False


# --- token rules -------------------------------------------------------------------------------

_CONDITION_KEYS = frozenset(
    {"form", "regex", "kind", "lemma", "upos", "feats", "case_sensitive", "space_before",
     "not", "sentence_start"}
)


@dataclass
class Condition:
    """One token condition; every given field must hold."""

    forms: frozenset[str] | None = None
    pattern: regex.Pattern | None = None
    kinds: frozenset[str] | None = None
    lemmas: frozenset[str] | None = None
    upos: frozenset[str] | None = None
    feats: dict[str, str] | None = None
    case_sensitive: bool = False
    space_before: bool | None = None
    sentence_start: bool | None = None
    negated: Condition | None = None

    def matches(self, doc: Document, tokens: Sequence[Token], index: int) -> bool:
        token = tokens[index]
        if self.kinds is not None and token.kind not in self.kinds:
            return False
        if self.forms is not None:
            form = token.text if self.case_sensitive else token.text.lower()
            if form not in self.forms:
                return False
        if self.pattern is not None and self.pattern.fullmatch(token.text) is None:
            return False
        if self.sentence_start is not None and (index == 0) != self.sentence_start:
            return False
        if self.space_before is not None:
            spaced = index > 0 and tokens[index - 1].end < token.start
            if spaced != self.space_before:
                return False
        if (self.lemmas is not None or self.upos is not None or self.feats is not None) and not any(
            self._reading(a) for a in doc.analyses(token.text)
        ):
            return False
        return self.negated is None or not self.negated.matches(doc, tokens, index)

    @property
    def uses_morphology(self) -> bool:
        """Whether testing this condition may analyse the word (the costly part)."""
        return (self.lemmas is not None or self.upos is not None or self.feats is not None
                or (self.negated is not None and self.negated.uses_morphology))

    def _reading(self, analysis: Analysis) -> bool:
        if self.lemmas is not None and analysis.lemma.lower() not in self.lemmas:
            return False
        if self.upos is not None and analysis.pos not in self.upos:
            return False
        return self.feats is None or all(analysis.feats.get(k) == v for k, v in self.feats.items())

    def index_keys(self) -> tuple[str, frozenset[str]] | None:
        """("form", lowercased forms) or ("kind", kinds) to index a rule by its first token."""
        if self.forms is not None:
            return "form", frozenset(f.lower() for f in self.forms)
        if self.kinds is not None:
            return "kind", self.kinds
        return None


@dataclass
class TokenMatcher:
    conditions: tuple[Condition, ...]
    marker: tuple[int, int]  # 0-based, inclusive
    antipatterns: tuple[tuple[Condition, ...], ...]
    #: (offset, condition) with the conditions that need no morphology first: every condition
    #: must hold, so testing the cheap ones first gives the same verdict with fewer analyses.
    order: tuple[tuple[int, Condition], ...] = ()

    def __post_init__(self) -> None:
        if not self.order:
            self.order = tuple(sorted(enumerate(self.conditions), key=lambda kc: kc[1].uses_morphology))

    def match_at(self, doc: Document, tokens: Sequence[Token], index: int) -> bool:
        if index + len(self.conditions) > len(tokens):
            return False
        return all(c.matches(doc, tokens, index + k) for k, c in self.order)

    def blocked(self, doc: Document, tokens: Sequence[Token], index: int) -> bool:
        end = index + len(self.conditions)
        for pattern in self.antipatterns:
            for start in range(max(0, index - len(pattern) + 1), end):
                if start + len(pattern) <= len(tokens) and all(
                    c.matches(doc, tokens, start + k) for k, c in enumerate(pattern)
                ):
                    return True
        return False


def _compile_condition(rule: Rule, raw: Any, where: str) -> Condition:
    if not isinstance(raw, dict) or not raw:
        raise RuleError(f"{rule.source}: rule {rule.id}: {where}: a token condition must be a "
                        f"mapping such as {{form: бірақ}}")
    unknown = set(raw) - _CONDITION_KEYS
    if unknown:
        raise RuleError(f"{rule.source}: rule {rule.id}: {where}: unknown key(s) "
                        f"{', '.join(sorted(unknown))} (use {', '.join(sorted(_CONDITION_KEYS))})")
    case_sensitive = bool(raw.get("case_sensitive", False))
    flags = 0 if case_sensitive else regex.IGNORECASE
    forms = None
    if "form" in raw:
        forms = frozenset(str(f) if case_sensitive else str(f).lower() for f in _as_list(raw["form"]))
    pattern = _regex(rule, raw["regex"], where, flags) if "regex" in raw else None
    kinds = frozenset(_as_list(raw["kind"])) if "kind" in raw else None
    feats = raw.get("feats")
    if feats is not None:
        if isinstance(feats, str):
            feats = parse_feats(feats)
        if not isinstance(feats, dict):
            raise RuleError(f"{rule.source}: rule {rule.id}: {where}: feats must be a mapping "
                            f"such as {{Case: Dat}}")
        feats = {str(k): str(v) for k, v in feats.items()}
    return Condition(
        forms=forms,
        pattern=pattern,
        kinds=kinds,
        lemmas=frozenset(str(x).lower() for x in _as_list(raw["lemma"])) if "lemma" in raw else None,
        upos=frozenset(str(x) for x in _as_list(raw["upos"])) if "upos" in raw else None,
        feats=feats,
        case_sensitive=case_sensitive,
        space_before=raw.get("space_before"),
        sentence_start=raw.get("sentence_start"),
        negated=_compile_condition(rule, raw["not"], where + ".not") if "not" in raw else None,
    )


def _compile_tokens(rule: Rule, raw: dict[str, Any]) -> TokenMatcher:
    pattern = raw.get("pattern")
    if not isinstance(pattern, list) or not pattern:
        raise RuleError(f"{rule.source}: rule {rule.id}: a tokens rule needs a pattern: a list "
                        f"of token conditions")
    conditions = tuple(_compile_condition(rule, c, f"pattern[{i + 1}]") for i, c in enumerate(pattern))
    marker = raw.get("marker", [1, len(conditions)])
    if isinstance(marker, int):
        marker = [marker, marker]
    if (not isinstance(marker, list) or len(marker) != 2
            or not all(isinstance(m, int) and 1 <= m <= len(conditions) for m in marker)
            or marker[0] > marker[1]):
        raise RuleError(f"{rule.source}: rule {rule.id}: marker must be a token number or "
                        f"[first, last] within 1..{len(conditions)}")
    antipatterns = []
    for n, ap in enumerate(_as_list(raw.get("antipatterns"))):
        if not isinstance(ap, list) or not ap:
            raise RuleError(f"{rule.source}: rule {rule.id}: each antipattern must be a list of "
                            f"token conditions")
        antipatterns.append(tuple(_compile_condition(rule, c, f"antipatterns[{n + 1}]") for c in ap))
    return TokenMatcher(conditions, (marker[0] - 1, marker[1] - 1), tuple(antipatterns))


def _token_hit(rule: Rule, doc: Document, tokens: Sequence[Token], index: int) -> Hit | None:
    matcher: TokenMatcher = rule.matcher
    if not matcher.match_at(doc, tokens, index) or matcher.blocked(doc, tokens, index):
        return None
    matched = tokens[index:index + len(matcher.conditions)]
    marker = (matched[matcher.marker[0]].start, matched[matcher.marker[1]].end)
    parts = [(t.start, t.end) for t in matched]
    view = MatchView(doc, matched[0].start, matched[-1].end, marker, parts, {}, matched)
    return _hit(rule, view)


def _find_tokens(rule: Rule, doc: Document) -> Iterator[Hit]:
    """One rule alone (examples, tests); :class:`RuleSet` runs all token rules through an index."""
    for sentence in doc.sentences:
        if rule.applies_to(sentence.lang):
            for index in range(len(sentence.tokens)):
                hit = _token_hit(rule, doc, sentence.tokens, index)
                if hit is not None:
                    yield hit


# --- substitution rules ------------------------------------------------------------------------


@dataclass
class SubstitutionMatcher:
    pattern: regex.Pattern
    swap: dict[str, str]  # lowercased wrong phrase -> right phrase
    antipatterns: tuple[regex.Pattern, ...]
    heads: tuple[regex.Pattern, ...] | None = None  # first words, to find matches fast


def _compile_substitution(rule: Rule, raw: dict[str, Any]) -> SubstitutionMatcher:
    swap = raw.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise RuleError(f"{rule.source}: rule {rule.id}: a substitution rule needs swap: a "
                        f"mapping of wrong -> right phrases")
    table = {" ".join(str(k).lower().split()): str(v) for k, v in swap.items()}
    alternatives = "|".join(
        r"[ \t]+".join(regex.escape(w) for w in wrong.split())
        for wrong in sorted(table, key=len, reverse=True)
    )
    tail = r"\p{L}*" if raw.get("inflected") else ""
    pattern = regex.compile(rf"(?<![\p{{L}}\d-])(?P<wrong>{alternatives})(?P<tail>{tail})(?![\p{{L}}\d])",
                            regex.IGNORECASE)
    antipatterns = tuple(_regex(rule, a, "antipatterns", regex.IGNORECASE)
                         for a in _as_list(raw.get("antipatterns")))
    return SubstitutionMatcher(pattern, table, antipatterns, literal_heads(table, regex.IGNORECASE))


def _find_substitution(rule: Rule, doc: Document) -> Iterator[Hit]:
    matcher: SubstitutionMatcher = rule.matcher
    blocked = None
    for match in finditer_by_heads(matcher.pattern, matcher.heads, doc.text):
        if not rule.applies_to(doc.lang_at(match.start())):
            continue
        if matcher.antipatterns:
            if blocked is None:
                blocked = sorted(m.span() for p in matcher.antipatterns for m in p.finditer(doc.text))
            if _overlaps_any(blocked, match.span()):
                continue
        wrong = match.group("wrong")
        right = matcher.swap[" ".join(wrong.lower().split())]
        replacement = match_case(right, wrong) + match.group("tail")
        view = MatchView(doc, match.start(), match.end(), match.span(), [match.span()], {})
        view.variables["right"] = replacement
        hit = _hit(rule, view)
        if hit is not None:
            if replacement in hit.replacements:
                hit.replacements.remove(replacement)
            hit.replacements.insert(0, replacement)
            hit.variables["suggestion"] = hit.replacements[0]
            yield hit


register_rule_type("regex", {"pattern", "antipatterns", "case_sensitive"}, uses_tokens=False)(
    _compile_regex, _find_regex)
register_rule_type("tokens", {"pattern", "marker", "antipatterns"})(_compile_tokens, _find_tokens)
register_rule_type("substitution", {"swap", "inflected", "antipatterns"}, uses_tokens=False)(
    _compile_substitution, _find_substitution)


# --- loading and validation --------------------------------------------------------------------


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _regex(rule: Rule, text: Any, where: str, flags: int = 0) -> regex.Pattern:
    if not isinstance(text, str) or not text:
        raise RuleError(f"{rule.source}: rule {rule.id}: {where} must be a non-empty regular expression")
    try:
        return _compile_cached(text, flags)
    except regex.error as error:
        raise RuleError(f"{rule.source}: rule {rule.id}: bad regular expression in {where}: "
                        f"{error} in {text!r}") from None


@functools.lru_cache(maxsize=2048)
def _compile_cached(text: str, flags: int) -> regex.Pattern:
    return regex.compile(text, flags)


def _text_field(entry: dict, key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: {key} must be a non-empty text")
    return value.strip()


def _examples(entry: dict, where: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    raw = entry.get("examples")
    if raw is None:
        return (), ()
    if not isinstance(raw, dict) or set(raw) - {"incorrect", "correct"}:
        raise RuleError(f"{where}: examples must have incorrect: and correct: lists")
    incorrect = []
    for item in _as_list(raw.get("incorrect")):
        if isinstance(item, str):
            incorrect.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            correction = item.get("correction")
            if correction is not None and not isinstance(correction, str):
                raise RuleError(f"{where}: an example's correction must be a text")
            incorrect.append(Example(item["text"], correction))
        else:
            raise RuleError(f"{where}: an incorrect example is a text or {{text: ..., correction: ...}}")
    correct = []
    for item in _as_list(raw.get("correct")):
        if not isinstance(item, str):
            raise RuleError(f"{where}: a correct example must be a text")
        correct.append(Example(item))
    return tuple(incorrect), tuple(correct)


def _suggestion_items(entry: dict, where: str) -> tuple[Any, ...]:
    items = []
    for item in _as_list(entry.get("suggestions")):
        if isinstance(item, str):
            _check_template(item, where)
            items.append(item)
        elif isinstance(item, dict) and set(item) == {"generate"} and isinstance(item["generate"], dict):
            spec = item["generate"]
            if not isinstance(spec.get("lemma"), str) or set(spec) - {"lemma", "feats", "pos", "set"}:
                raise RuleError(f"{where}: generate needs lemma: and may have feats:, pos:, set:")
            items.append(item)
        else:
            raise RuleError(f"{where}: a suggestion is a text template or {{generate: {{...}}}}")
    return tuple(items)


def _filter_spec(entry: dict, where: str) -> tuple[str, dict[str, Any]] | None:
    raw = entry.get("filter")
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict) or raw.get("name") not in FILTERS:
        raise RuleError(f"{where}: unknown filter {raw!r} (known: {', '.join(sorted(FILTERS))})")
    args = {k: v for k, v in raw.items() if k != "name"}
    return raw["name"], args


def parse_rule(entry: Any, source: str) -> Rule:
    """Validate one YAML entry and compile it into a :class:`Rule`."""
    _load_plugins()
    if not isinstance(entry, dict):
        raise RuleError(f"{source}: each rule must be a mapping with id:, type:, ...")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not regex.fullmatch(r"[A-Z][A-Z0-9_]*", rule_id):
        raise RuleError(f"{source}: rule {rule_id!r}: id must be UPPER_CASE letters, digits and _")
    where = f"{source}: rule {rule_id}"
    kind = entry.get("type")
    if kind == "capitalisation":
        kind = "capitalization"
    if kind not in RULE_TYPES:
        raise RuleError(f"{where}: unknown type {kind!r} (use {', '.join(sorted(RULE_TYPES))})")
    rule_type = RULE_TYPES[kind]
    unknown = set(entry) - _COMMON_KEYS - rule_type.keys
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} for type {kind}")
    category = entry.get("category")
    if category == "capitalization":
        category = "capitalisation"
    if category not in CATEGORIES:
        raise RuleError(f"{where}: category must be one of {', '.join(CATEGORIES)}")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    for flag in ("safe", "enabled"):
        if flag in entry and not isinstance(entry[flag], bool):
            raise RuleError(f"{where}: {flag} must be true or false")
    languages = tuple(str(x) for x in _as_list(entry.get("languages"))) or DEFAULT_LANGUAGES
    incorrect, correct = _examples(entry, where)
    rule = Rule(
        id=rule_id,
        type=kind,
        category=category,
        severity=severity,
        message=_text_field(entry, "message", where),
        message_kk=_text_field(entry, "message_kk", where, required=False),
        short=_text_field(entry, "short", where, required=False),
        link=_text_field(entry, "link", where, required=False),
        source=source,
        safe=entry.get("safe", False),
        enabled=entry.get("enabled", True),
        languages=languages,
        suggestions=_suggestion_items(entry, where),
        filter=_filter_spec(entry, where),
        incorrect=incorrect,
        correct=correct,
    )
    params = {k: v for k, v in entry.items() if k in rule_type.keys}
    rule.matcher = rule_type.compile(rule, params)
    return rule


def load_rule_file(path: str | Path) -> list[Rule]:
    """Read and validate one rule file; any problem is a :class:`RuleError` naming it."""
    import yaml

    source = str(path)
    try:
        # libyaml's parser when PyYAML has it (several times faster; the same data)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    except FileNotFoundError:
        raise RuleError(f"{source}: rule file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{source}: cannot be read ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise RuleError(f"{source}: not valid YAML{place}: {problem}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{source}: a rule file must have a top-level rules: list")
    return [parse_rule(entry, source) for entry in data["rules"]]


def shipped_rule_files() -> list[Path]:
    """The rule files shipped in ``data/rules``, in name order."""
    from kazkit.paths import data_path

    return sorted(data_path("rules").glob("*.yaml"))


class RuleSet:
    """Compiled rules, with token rules indexed by their first condition's form or kind."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules: list[Rule] = []
        self.by_id: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self.by_id:
                raise RuleError(f"{rule.source}: rule {rule.id}: the id is already used in "
                                f"{self.by_id[rule.id].source}")
            self.rules.append(rule)
            self.by_id[rule.id] = rule
        self._index_tokens()

    def _index_tokens(self) -> None:
        """Index each token rule by one condition: the first with fixed forms (at its offset in
        the pattern), else the first condition's kind; rules with neither are tried everywhere."""
        self._by_form: dict[str, list[tuple[Rule, int]]] = {}
        self._by_kind: dict[str, list[tuple[Rule, int]]] = {}
        self._general: list[tuple[Rule, int]] = []
        self._other: list[Rule] = []
        for rule in self.rules:
            if rule.type != "tokens":
                self._other.append(rule)
                continue
            conditions = rule.matcher.conditions
            offset = next((k for k, c in enumerate(conditions) if c.forms is not None), None)
            if offset is not None:
                for key in conditions[offset].index_keys()[1]:
                    self._by_form.setdefault(key, []).append((rule, offset))
            elif conditions[0].kinds is not None:
                for key in conditions[0].kinds:
                    self._by_kind.setdefault(key, []).append((rule, 0))
            else:
                self._general.append((rule, 0))

    def select(self, keep: Callable[[Rule], bool]) -> RuleSet:
        """A rule set holding only the rules ``keep`` accepts."""
        return RuleSet(r for r in self.rules if keep(r))

    def run(self, doc: Document) -> Iterator[tuple[Rule, Hit]]:
        """Every hit of every rule in ``doc``; token rules are tried only where their first
        condition's form or kind can match, so most tokens cost one dict lookup."""
        for rule in self._other:
            for hit in RULE_TYPES[rule.type].find(rule, doc):
                yield rule, hit
        if not (self._by_form or self._by_kind or self._general):
            return
        by_kind = self._by_kind
        nothing: tuple[tuple[Rule, int], ...] = ()
        # What may start at a token depends on its text alone (save the kind index), and the same
        # words recur: the rules indexed by the lowercased text and the rules tried everywhere whose
        # first regex accepts the text are worked out once per distinct text. One pass in C then
        # finds the tokens that have any, which are few.
        shared = token_texts(doc)
        plans = self._plans(shared.lower)
        if by_kind:
            positions: Iterable[int] = range(len(shared.tokens))
        else:
            positions = compress(count(), map(plans.__contains__, shared.texts))
        sentences, starts = doc.sentences, shared.starts
        for position in positions:
            number = shared.sentence_of(position)
            sentence = sentences[number]
            tokens, lang, index = sentence.tokens, sentence.lang, position - starts[number]
            token = tokens[index]
            forms, general = plans.get(token.text, (nothing, nothing))
            kinds = by_kind.get(token.kind, nothing) if by_kind else nothing
            for candidates in (forms, kinds, general):
                for rule, offset in candidates:
                    start = index - offset
                    if start < 0 or not rule.applies_to(lang):
                        continue
                    hit = _token_hit(rule, doc, tokens, start)
                    if hit is not None:
                        yield rule, hit

    def _plans(self, lower: Mapping[str, str]) -> dict[str, tuple[Sequence[tuple[Rule, int]],
                                                                  Sequence[tuple[Rule, int]]]]:
        """For each text in ``lower`` (text -> lowercase) at which some token rule may start:
        (the rules indexed by its form, the rules tried everywhere whose first regex accepts it).
        Texts with neither are left out, which is nearly all of them."""
        by_form = self._by_form
        everywhere = [(rule, offset) for rule, offset in self._general
                      if rule.matcher.conditions[0].pattern is None]
        if everywhere:
            starting = set(lower)
        else:
            starting = {text for text, lowered in lower.items() if lowered in by_form}
            for rule, _offset in self._general:
                pattern = rule.matcher.conditions[0].pattern
                starting.update(text for text in lower if pattern.fullmatch(text))
        plans = {}
        for text in starting:
            general = [(rule, offset) for rule, offset in self._general
                       if (pattern := rule.matcher.conditions[0].pattern) is None or pattern.fullmatch(text)]
            plans[text] = (by_form.get(lower[text], ()), general)
        return plans


def load_rules(paths: Iterable[str | Path]) -> RuleSet:
    """Load and validate rule files into one :class:`RuleSet` (ids must be unique)."""
    rules: list[Rule] = []
    for path in paths:
        rules.extend(load_rule_file(path))
    return RuleSet(rules)


@functools.cache
def shipped_rules() -> RuleSet:
    """The shipped rule set, loaded once per process."""
    return load_rules(shipped_rule_files())


def find_hits(rule: Rule, doc: Document) -> list[Hit]:
    """All hits of one rule (used by the example tests and by users debugging a rule)."""
    return list(RULE_TYPES[rule.type].find(rule, doc))
