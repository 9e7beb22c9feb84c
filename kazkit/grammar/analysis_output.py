"""Records and output formats of ``kazkit analyze``: text, jsonl and CoNLL-U.

The morphology itself lives in :mod:`kazkit.grammar.morphology`; this module decides which
tokens get analysed, ranks each sentence's analyses in context (:mod:`kazkit.grammar.disambiguate`;
in ``--tokens`` mode consecutive lines form a sentence and a blank line ends it) and writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from kazkit.types import ABBR, EMAIL, HASHTAG, LATIN, NUMBER, PUNCT, URL, WORD, Analysis, Token

_ANALYSED_KINDS = frozenset({WORD, LATIN, NUMBER, ABBR})
_FIXED_POS = {PUNCT: "PUNCT", URL: "X", EMAIL: "X", HASHTAG: "X"}


def token_analyses(token: Token) -> list[Analysis]:
    """Analyses of one token: the morphology for words, a fixed reading for punctuation, URLs...."""
    if token.kind in _ANALYSED_KINDS:
        from kazkit.grammar.morphology import analyze

        return analyze(token.text)
    return [Analysis(lemma=token.text, pos=_FIXED_POS.get(token.kind, "SYM"))]


def sentence_analyses(tokens: list[Token]) -> list[list[Analysis]]:
    """Analyses of a sentence's tokens, reordered in context (:mod:`kazkit.grammar.disambiguate`).

    A token with empty text (a blank line in ``--tokens`` mode) breaks the sentence.
    """
    from kazkit.grammar.disambiguate import disambiguate

    out: list[list[Analysis]] = []
    start = 0
    for end in range(len(tokens) + 1):
        if end == len(tokens) or not tokens[end].text:
            span = tokens[start:end]
            out.extend(disambiguate([t.text for t in span], [token_analyses(t) for t in span]))
            if end < len(tokens):
                out.append([])
            start = end + 1
    return out


def _record(token: Token, analyses: list[Analysis]) -> dict:
    return {
        "token": token.text,
        "start": token.start,
        "end": token.end,
        "analyses": [a.to_dict() for a in analyses],
    }


def _line_tokens(text: str) -> Iterator[list[Token]]:
    """--tokens mode: every input line is one token; a blank line ends a sentence (CoNLL-U)."""
    offset = 0
    sentence: list[Token] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        word = body.strip()
        start = offset + (len(body) - len(body.lstrip()))
        sentence.append(Token(word, start, start + len(word), _kind_of_line(word)))
        offset += len(line)
    if sentence:
        yield sentence


def _kind_of_line(word: str) -> str:
    if not word:
        return "space"
    if all(not ch.isalnum() for ch in word):
        return PUNCT
    if word[0].isdigit():
        return NUMBER
    return WORD


def _text_line(token: Token, analyses: list[Analysis]) -> str:
    if not token.text:
        return "\n"
    if not analyses:
        return f"{token.text}\t?\n"
    readings = " ; ".join(
        f"{a.lemma} {a.pos} {a.feats_str} {'+'.join(a.segments) or a.lemma}{' (guessed)' if a.guessed else ''}"
        for a in analyses
    )
    return f"{token.text}\t{readings}\n"


def _conllu_sentence(index: int, tokens: list[Token], source: str | None) -> str:
    rows = [f"# sent_id = {index}"]
    if source is not None:
        rows.append(f"# text = {source}")
    words = [t for t in tokens if t.text]
    in_context = sentence_analyses(words)
    for i, token in enumerate(words, start=1):
        analyses = in_context[i - 1]
        best = analyses[0] if analyses else None
        misc = []
        if i < len(words) and words[i].start == token.end and source is not None:
            misc.append("SpaceAfter=No")
        if best is not None and best.guessed:
            misc.append("Guessed=Yes")
        rows.append("\t".join([
            str(i), token.text,
            best.lemma if best else "_",
            best.pos if best else "X",
            "_",
            best.feats_str if best else "_",
            "_", "_", "_",
            "|".join(misc) or "_",
        ]))
    return "\n".join(rows) + "\n\n"


def format_analyses(text: str, fmt: str, *, tokens_per_line: bool = False) -> Iterator[str]:
    """Analyse running text (or one token per line) and render it as text, jsonl or conllu."""
    if tokens_per_line:
        sentences = [(None, toks) for toks in _line_tokens(text)]
    else:
        from kazkit.text.pipeline import iter_sentences

        sentences = ((s.text, toks) for s, toks in iter_sentences(text))

    for index, (source, tokens) in enumerate(sentences, start=1):
        if fmt == "conllu":
            if tokens_per_line:
                # A blank line in the input is a sentence break in CoNLL-U.
                group: list[Token] = []
                for token in tokens + [Token("", 0, 0, "space")]:
                    if token.text:
                        group.append(token)
                    elif group:
                        yield _conllu_sentence(index, group, None)
                        index += 1
                        group = []
            else:
                yield _conllu_sentence(index, tokens, source)
            continue
        for token, analyses in zip(tokens, sentence_analyses(tokens), strict=True):
            if fmt == "jsonl":
                yield json.dumps(_record(token, analyses), ensure_ascii=False) + "\n"
            else:
                yield _text_line(token, analyses)
