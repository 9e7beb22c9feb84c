"""The rule engine's fast paths find exactly what the plain way finds.

Rules and checks take shortcuts for speed: phrases found from their first word, ``(?r)`` patterns
matched right to left, patterns rewritten so that the regex engine can look for a literal, and
checks that scan the flat token lists in C. Each test here compares a shortcut with the plain
way on texts built to stress it (random mixes of the words and marks the rules look at).
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
import regex

from kazkit.grammar.checks.consistency import _automatic
from kazkit.grammar.rules import (
    RuleSet,
    find_hits,
    finditer_by_heads,
    literal_heads,
    make_document,
    parse_rule,
    render_template,
    shipped_rules,
    token_texts,
)
from kazkit.types import WORD

_WORDS = ("әр еш кей бір қайсы кім неше бірі біреу біреуге бірлік бірл Әр ЕШ БІР Біреу ата ана "
          "салт дәстүр мал мүлік кітап ма па бе ме келдіме келесіңбе дәрігерсізбе балама ол Ол мен "
          "сен бірақ алайда дегенмен жаздым болды деді әртүрлі түрлі интернет Интернет ғалам тор "
          "ғаламтор бір-бірі бірбірі Ақорда ақорда Ақ орда т.б ж млн аа ааа").split()
_SEPARATORS = [" ", " ", " ", "  ", "   ", "\t", " \t", "", "\n", "\n\n", "-", " - ", " -- ", ", ",
               ",", ";", ":", ". ", ".", "!", "? ", "?", " ?", " . ", "...", "«", "»", " «", "» ",
               "( ", " )", "(", ")", '"', "“", "”", "5", "2020", "5-ке", "10 ", "3,5"]


def _random_texts(seed: int, count: int = 300) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(2, 40)):
            parts.append(rng.choice(_WORDS))
            parts.append(rng.choice(_SEPARATORS))
        texts.append("".join(parts))
    return texts


def _spans(pattern: regex.Pattern, text: str) -> list[tuple[tuple[int, int], ...]]:
    found = [tuple(m.span(i) for i in range(pattern.groups + 1)) for m in pattern.finditer(text)]
    return found[::-1] if pattern.flags & regex.REVERSE else found


# --- phrases found from their first word -------------------------------------------------------


@pytest.mark.parametrize("phrases", [
    ["әр бір", "әр кім", "еш бір", "кей бір", "бір неше", "қайсы бір"],
    ["аа", "ааа", "а а"],  # words that overlap themselves
    ["интернет", "Интернет", "ғалам тор", "әртүрлі", "әр түрлі"],
])
def test_phrases_found_from_their_heads_are_the_phrases_finditer_finds(phrases):
    alternatives = "|".join(r"[ \t]+".join(regex.escape(w) for w in p.split())
                            for p in sorted(phrases, key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\p{{L}}\d-])(?P<wrong>{alternatives})(?P<tail>\p{{L}}*)(?![\p{{L}}\d])",
                            regex.IGNORECASE)
    heads = literal_heads(phrases, regex.IGNORECASE)
    for text in [*_random_texts(1), "ааааа аа ааа а  а", "ӘР БІР әр\tбір Әр  Кімге"]:
        fast = [tuple(m.span(i) for i in range(pattern.groups + 1))
                for m in finditer_by_heads(pattern, heads, text)]
        assert fast == _spans(pattern, text), text


def test_an_empty_phrase_falls_back_to_finditer():
    assert literal_heads(["әр бір", " "]) is None
    pattern = regex.compile("б")
    assert [m.span() for m in finditer_by_heads(pattern, None, "ббб")] == [(0, 1), (1, 2), (2, 3)]


# --- patterns rewritten for speed ----------------------------------------------------------------

# Shipped patterns that were rewritten so the regex engine finds them faster, and how they read
# before: both must find the same spans on any text.
_REWRITTEN = {
    "KK_SPACE_BEFORE_PUNCT": r"(?<=[\p{L}\d»)])(?P<marker>[ \t]+)(?=[,;!?]|:(?![ \t]*\d)|\.(?![.\d\p{L}]))",
    "KK_SPACE_AFTER_OPENING": r"(?<=[«(])(?P<marker>[ \t]+)(?=[\p{L}\d])",
    "KK_SPACE_BEFORE_CLOSING": r"(?<=[\p{L}\d.!?])(?P<marker>[ \t]+)(?=[»)])",
    "KK_QUESTION_PARTICLE_APART": (
        r"(?<![\p{L}-])(?P<stem>\p{L}+(?:сың|сің|сыз|сіз|мын|мін|быз|біз|пыз|піз|ды|ді|ты|ті|дың|"
        r"дің|тың|тің|ың|ің|ған|ген|қан|кен))(?P<particle>ма|ме|ба|бе|па|пе)(?=[ \t]*\?)"),
    "KK_DOUBLE_SPACE": r"(?<=\S)(?P<marker> {2,})(?=\S)",
    "KK_HYPHEN_AS_DASH": r"(?<=[\p{L}\d»),.!?]) (?P<marker>--?) (?=[«(]?\p{L})",
}


@pytest.mark.parametrize("rule_id", sorted(_REWRITTEN))
def test_rewritten_patterns_find_what_they_found_before(rule_id):
    rule = shipped_rules().by_id[rule_id]
    before = regex.compile(_REWRITTEN[rule_id])
    assert before.groupindex == rule.matcher.pattern.groupindex
    for text in _random_texts(2):
        marker = "marker" if "marker" in before.groupindex else 0
        old = [(m.span(marker), tuple(m.span(i) for i in range(1, before.groups + 1)))
               for m in before.finditer(text)]
        new = [(m.span(marker), tuple(m.span(i) for i in range(1, before.groups + 1)))
               for m in sorted(rule.matcher.pattern.finditer(text), key=lambda m: m.start())]
        assert new == old, text


def test_a_reverse_pattern_reports_its_hits_in_text_order():
    entry = {"id": "X_GLUED", "type": "regex", "category": "grammar", "severity": "error",
             "message": "m", "pattern": r"(?r)\p{L}+м[ае](?=\?)", "suggestions": ["{0}!"]}
    rule = parse_rule(entry, "test")
    hits = find_hits(rule, make_document("Баласыма? Анама? Әкеме?"))
    assert [h.start for h in hits] == sorted(h.start for h in hits) and len(hits) == 3


def test_compound_antipatterns_block_what_they_blocked_before():
    shipped = shipped_rules().by_id["KK_SOLID_COMPOUND"]
    entry = {"id": "KK_SOLID_COMPOUND", "type": "substitution", "category": "spelling",
             "severity": "error", "message": "m", "inflected": True,
             "swap": {k: v for k, v in shipped.matcher.swap.items()},
             "antipatterns": [r"\p{L}+ біреу\p{L}*", r"\p{L}+ бірлі?\p{L}*"]}
    before = parse_rule(entry, "test")
    texts = [*_random_texts(3), "әр кім біреу біреу", "еш біреу біреуге", "еш бірлік бірлі", "кей бір біреу"]
    for text in texts:
        doc = make_document(text)
        assert [(h.start, h.end) for h in find_hits(shipped, doc)] == \
            [(h.start, h.end) for h in find_hits(before, doc)], text


# --- rule sets and checks ----------------------------------------------------------------------


def test_the_token_index_finds_what_each_token_rule_finds_alone():
    rules = shipped_rules()
    token_rules = RuleSet(r for r in rules.rules if r.type == "tokens")
    for text in _random_texts(4):
        doc = make_document(text)
        together = Counter((rule.id, hit.start, hit.end) for rule, hit in token_rules.run(doc))
        alone = Counter((rule.id, hit.start, hit.end) for rule in token_rules.rules
                        for hit in find_hits(rule, doc))
        assert together == alone, text


def test_token_texts_are_the_documents_tokens_in_order():
    doc = make_document("Сәлем, ӘЛЕМ! Қалың қалай?\n\nЖақсы.")
    shared = token_texts(doc)
    assert shared is token_texts(doc)
    assert shared.tokens == [t for s in doc.sentences for t in s.tokens]
    assert shared.lowered == [t.text.lower() for t in shared.tokens]
    assert [shared.sentence_of(p) for p in range(len(shared.tokens))] == \
        [n for n, s in enumerate(doc.sentences) for _ in s.tokens]


def _automatic_plain(rule, spec, doc):
    """The consistency check's automatic pass written the plain way, token by token."""
    joined, mixed, pairs = {}, set(), []
    for sentence in doc.sentences:
        if not rule.applies_to(sentence.lang):
            continue
        tokens = sentence.tokens
        for index, token in enumerate(tokens):
            if token.kind != WORD:
                continue
            form, hyphen = token.text, "-" in token.text
            if len(form) >= spec.min_letters or "\u0130" in form:
                key = form.lower().replace("-", "")
                joined.setdefault(key, []).append(token)
                if hyphen:
                    mixed.add(key)
            if index < len(tokens) - 1 and not hyphen:
                after = tokens[index + 1]
                if (after.kind == WORD and after.start == token.end + 1 and doc.text[token.end] == " "
                        and len(after.text) > 2 and "-" not in after.text
                        and after.text.lower() not in {"да", "де", "та", "те", "ма", "ме", "ба", "бе",
                                                       "па", "пе", "ғой", "қой", "ше", "ау", "ай", "ақ"}):
                    pairs.append((token, after))
    spaced = {}
    for first, second in pairs:
        key = (first.text + second.text).lower()
        if key in joined:
            mixed.add(key)
            spaced.setdefault(key, []).append((first.start, second.end))
    found = {}
    for key, tokens in joined.items():
        if key in mixed and len(key) >= spec.min_letters:
            spans = [(t.start, t.end, "-" in t.text) for t in tokens]
            styles = {hyphen for _, _, hyphen in spans} | ({"spaced"} if key in spaced else set())
            if len(styles) > 1:
                found[key] = sorted([(s, e) for s, e, _ in spans] + spaced.get(key, []))
    return found


def test_consistency_finds_what_the_plain_token_loop_finds():
    rule = shipped_rules().by_id["KK_CONSISTENT_SPELLING"]
    rng = random.Random(5)
    stems = [("бір", "бірі"), ("Ақ", "орда"), ("қол", "жазба"), ("тас", "жол"), ("İstan", "bul"),
             ("теле", "арна"), ("ΟΔΟΣ", "ΑΒ")]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(2, 30)):
            a, b = rng.choice(stems)
            glue = rng.choice(["", "-", " ", " ", "  "])
            word = rng.choice([a + glue + b, rng.choice(_WORDS)])
            parts.append(word.upper() if rng.random() < 0.1 else word)
            parts.append(rng.choice([" ", " ", ". ", ", ", "\n", " да "]))
        doc = make_document("".join(parts))
        fast = {key[1]: [(o.start, o.end) for o in occurrences]
                for key, occurrences in _automatic(rule, rule.matcher, doc).items()}
        assert fast == _automatic_plain(rule, rule.matcher, doc), "".join(parts)


def test_repeated_words_are_not_paired_across_sentences():
    rule = shipped_rules().by_id["KK_REPEATED_WORD"]
    doc = make_document("Біз үйге бардық\n\nбардық деп айттық. Ол ол кітапты оқыды.")
    assert [doc.text[h.start:h.end] for h in find_hits(rule, doc)] == ["Ол ол"]


def test_templates_are_rendered_from_their_cached_pieces():
    values = {"1": "5", "2": "КЕ", "marker": "x"}.get
    assert render_template("{1}-{2|lower} {{ok}} }}", values) == "5-ке {ok} }"
    assert render_template("{1}{3}", values) is None
    assert render_template("", values) == ""
