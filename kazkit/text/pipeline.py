"""The text layer in one pass: sentences, their tokens and their language.

Every feature that needs tokens per sentence calls :func:`iter_sentences`; the ``tokenize``
command's output formats live here too so that Python users get the same records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from kazkit.types import Sentence, Token


def iter_sentences(text: str) -> Iterator[tuple[Sentence, list[Token]]]:
    """Sentences with their (non-space) tokens and ``Sentence.lang`` filled in.

    >>> [(s.lang, [t.text for t in toks]) for s, toks in iter_sentences("Сәлем, әлем!")]
    [('kk', ['Сәлем', ',', 'әлем', '!'])]
    """
    from kazkit.text.langid import detect_language
    from kazkit.text.sentences import sentences_with_tokens

    # Without ``spaces=True`` the sentence tokens hold no space tokens: no filtering needed.
    for sentence, tokens in sentences_with_tokens(text):
        lang = detect_language(sentence.text)
        yield Sentence(sentence.text, sentence.start, sentence.end, lang), tokens


def token_records(text: str) -> Iterator[dict]:
    """One dict per token: token, start, end, kind, sentence (0-based index), lang."""
    for index, (sentence, tokens) in enumerate(iter_sentences(text)):
        for token in tokens:
            yield {
                "token": token.text,
                "start": token.start,
                "end": token.end,
                "kind": token.kind,
                "sentence": index,
                "lang": sentence.lang,
            }


def format_tokens(text: str, fmt: str) -> Iterator[str]:
    """Render tokens as ``text`` (one sentence a line, tokens space-separated), ``jsonl`` or
    ``vertical`` (one token a line, a blank line after each sentence)."""
    if fmt == "jsonl":
        for record in token_records(text):
            yield json.dumps(record, ensure_ascii=False) + "\n"
        return
    for _sentence, tokens in iter_sentences(text):
        if fmt == "vertical":
            yield "".join(t.text + "\n" for t in tokens) + "\n"
        else:
            yield " ".join(t.text for t in tokens) + "\n"
