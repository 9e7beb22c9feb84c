"""The ``kazkit check`` pipeline: text -> sentences and tokens -> rules and checks -> diagnostics.

>>> [(d.rule_id, d.replacements) for d in check_text("Бұл кітап ма?")]
[('KK_QUESTION_PARTICLE_ALLOMORPH', ['па'])]
"""

from __future__ import annotations

import bisect
import contextlib
import fnmatch
import functools
import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import regex

from kazkit.config import Config
from kazkit.errors import UsageError
from kazkit.grammar.forked import Channel, Child, ChunkQueue
from kazkit.grammar.rules import (
    SEVERITY_RANK,
    DocSentence,
    Document,
    RuleSet,
    load_rule_file,
    make_document,
    shipped_rule_files,
)
from kazkit.types import Diagnostic

DEFAULT_INCLUDE = ("*.txt", "*.md")
REJECTED_RULE = "KK_REJECTED_WORD"
_REJECTED_MESSAGES = {
    "en": "«{word}» is on this project's list of words to avoid.",
    "kk": "«{word}» сөзі бұл жобада қолданылмайды.",
}
FAIL_ON = ("error", "warning", "hint", "never")


# --- rules for a config ------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _rule_set(extra: tuple[Path, ...]) -> RuleSet:
    rules = [rule for path in (*shipped_rule_files(), *extra) for rule in load_rule_file(path)]
    return RuleSet(rules)


def rules_for(config: Config | None = None) -> RuleSet:
    """The shipped rules plus the config's ``extra_rules``, less those it switches off."""
    config = config or Config()
    every = _rule_set(tuple(config.extra_rules))
    unknown = (config.disable_rules | config.enable_rules) - set(every.by_id) - _check_rule_ids()
    if unknown:
        where = f"{config.path}: " if config.path else ""
        raise UsageError(f"{where}unknown rule id(s) {', '.join(sorted(unknown))} "
                         f"(`kazkit check --list-rules` shows them)")
    return every.select(lambda r: config.rule_on(r.id, r.category, r.enabled)
                        and config.severity_on(r.severity))


def _check_rule_ids() -> set[str]:
    from kazkit.grammar.checks import CHECKS

    return {rule_id for check in CHECKS.values() for rule_id in check.rule_ids} | {REJECTED_RULE}


def safe_rule_ids(config: Config | None = None) -> frozenset[str]:
    """Rules whose first replacement ``kazkit fix`` applies without ``--all``."""
    from kazkit.grammar.checks import CHECKS

    safe = {rule.id for rule in _rule_set(tuple((config or Config()).extra_rules)).rules if rule.safe}
    for check in CHECKS.values():
        safe |= check.safe_rules
    return frozenset(safe)


# --- checking ----------------------------------------------------------------------------------


#: Texts longer than this are checked block by block (split at paragraph or line breaks) so that
#: memory stays bounded on very large files; document-level checks (consistency) then see one
#: block at a time.
BLOCK_CHARS = 1_000_000
#: Below this many characters a text is checked in this process alone: a second process costs
#: tens of milliseconds to start and starts with cold caches.
PARALLEL_MIN_CHARS = 200_000
#: The check that forked processes share out on a one-block text: the speller does most of the
#: cold work (analysing every new word type and searching suggestions for unknown ones).
_OFFLOADED_CHECK = "KK_SPELLING"
#: Processes used by default (``jobs=None``) on a long one-block text: the cores this process may
#: run on, at most this many.
MAX_AUTO_JOBS = 4
#: From this many characters on, the spell check's verdicts of earlier runs are read from the
#: user cache and this run's are added to it (``Speller.load_memo``); below it, reading them
#: could cost more than checking the words.
MEMO_MIN_CHARS = 100_000


def check_text(text: str, *, config: Config | None = None, lang: str = "en",
               jobs: int | None = None, progress: Callable[[int, int], None] | None = None) -> list[Diagnostic]:
    """Every finding in ``text``, sorted by position, with 1-based line and column.

    ``lang`` ("en" or "kk") picks the language of the messages. ``jobs`` is how many processes
    may work on a long text (only where the machine can fork). By default (None) a one-block text
    of at least :data:`PARALLEL_MIN_CHARS` shares its spell check out over the available cores
    (at most :data:`MAX_AUTO_JOBS`), while texts of several blocks are checked in this process
    alone unless ``jobs`` asks for more (each worker holds its own caches: memory grows with
    the count). The findings are the same whatever it is. ``progress(done, total)``, if given,
    is called with the characters checked so far at the start and after each block of a text of
    several blocks (over :data:`BLOCK_CHARS`).
    """
    with _fewer_collections():
        return _check_text(text, config or Config(), lang, jobs, progress)


def _check_text(text: str, config: Config, lang: str, jobs: int | None,
                progress: Callable[[int, int], None] | None = None) -> list[Diagnostic]:
    memo = len(text) >= MEMO_MIN_CHARS
    blocks = list(text_blocks(text, BLOCK_CHARS))
    if jobs is None and len(blocks) > 1:
        jobs = 1
    processes = _processes(jobs) if len(text) >= PARALLEL_MIN_CHARS else 1
    # One block shared out: the rules are loaded once the helpers have started (see _check_block).
    rules = rules_for(config) if processes == 1 or len(blocks) > 1 else None
    found: list[Diagnostic] = []
    if len(blocks) == 1:
        progress = None  # one block: nothing to show before it is all done
    elif progress is not None:
        progress(0, len(text))
    if processes > 1 and len(blocks) > 1:
        results = _check_blocks_in_pool(text, blocks, rules, config, lang, processes, memo)
    else:
        results = (_check_block(text if (start, end) == (0, len(text)) else text[start:end],
                                rules, config, lang, processes=processes, memo=memo) for start, end in blocks)
    for (start, end), diagnostics in zip(blocks, results, strict=True):
        for diagnostic in diagnostics:
            diagnostic.start += start
            diagnostic.end += start
            found.append(diagnostic)
        if progress is not None:
            progress(end, len(text))
    if memo:
        _save_memo()
    return _finish(text, found, config)


#: The collector's thresholds while a text is checked (Python's default is 700, 10, 10): the
#: per-word caches grow by tens of thousands of objects that live on, and rescanning them took
#: a tenth of the time of a cold check (bench/check.py). Cyclic garbage is rare here.
_CHECK_GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often meanwhile (thresholds restored after)."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(*_CHECK_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _spelling_on(config: Config) -> bool:
    """True when the config runs the spell check (any of its rules)."""
    from kazkit.grammar.checks import CHECKS

    check = CHECKS.get(_OFFLOADED_CHECK)
    return check is not None and any(config.rule_on(r, check.category) for r in check.rule_ids)


def _ready_speller(memo: bool, indexes: bool = False) -> None:
    """Load the speller (and the analyser) in this process, with the verdicts of earlier runs
    from the user cache when ``memo`` (see ``Speller.load_memo``), and its suggestion indexes now
    rather than on first need when ``indexes`` (before a fork, so that every child inherits them
    instead of reading them again)."""
    from kazkit.grammar.suggest import get_speller

    speller = get_speller()
    if memo:
        speller.load_memo()
    if indexes:
        speller.indexes  # noqa: B018 - the property loads them


def _save_memo() -> None:
    """Write this run's new spelling verdicts to the user cache, if the speller was loaded."""
    from kazkit.grammar.suggest import get_speller

    if get_speller.cache_info().currsize:
        get_speller().save_memo()


def _processes(jobs: int | None) -> int:
    """How many processes to use: ``jobs``, or with None the usable cores (at most
    :data:`MAX_AUTO_JOBS`); 1 where fork is unavailable."""
    if jobs is None:
        jobs = min(_usable_cores(), MAX_AUTO_JOBS)
    if jobs <= 1:
        return 1
    import sys

    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1  # fork is unsafe on macOS and missing on Windows; spawn would reload everything
    return jobs


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def text_blocks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` spans of at most about ``size`` characters that tile ``text``, cut after a
    blank line where possible, else after a line break, else after a space."""
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + size // 2, limit)
            if found != -1:
                cut = found + len(separator)
                break
        if cut == -1:
            cut = limit
        yield start, cut
        start = cut
    yield start, len(text)


def _check_block(text: str, rules: RuleSet | None, config: Config, lang: str, *,
                 processes: int = 1, memo: bool = False) -> list[Diagnostic]:
    """The findings of one block.

    With ``processes`` > 1 the spell check, which does most of the cold work, is shared out in
    chunks of sentences (:class:`~kazkit.grammar.forked.ChunkQueue`): forked helpers take chunks from the front, while
    this process builds the whole document, runs the rules (some of which see the whole
    document) and the other checks, and then takes chunks from the back until none is left, so
    that all finish together whatever the text. Where the text has blank lines the chunks are
    stretches of paragraphs and the helpers start at once, each building its own document of a
    chunk (a blank line always ends a sentence, so the chunks hold exactly the whole document's
    sentences); otherwise the helpers start once the whole document is built and work on its
    sentences. The findings are the same as in one process, in the same order. ``memo``: the
    spell check reads and adds to the verdicts kept in the user cache (``Speller.load_memo``).
    ``rules`` None: :func:`rules_for` ``config``, loaded while the helpers start their work.
    """
    # Helpers are forked first thing, before this process imports the checks: they need them
    # only after building their part of the document.
    chunks = _paragraph_chunks(text, processes * CHUNKS_PER_PROCESS) if processes > 1 else []
    shared: _SharedChunks | None = None
    try:
        if chunks:
            # The helpers start at once and load the speller themselves, meanwhile this process
            # builds the document: loading is not done by one process while the other waits,
            # and the processes share no tables whose pages they would copy on every reference
            # count. This process loads the rules and the speller while the first helper
            # finishes the rest of the document.
            shared = _SharedChunks(text, chunks, None, config, lang, memo)
            shared.start_helpers(processes - 1)
        from kazkit.grammar.checks import CHECKS

        checks = [c for c in CHECKS.values() if any(config.rule_on(r, c.category) for r in c.rule_ids)]
        spells = any(c.name == _OFFLOADED_CHECK for c in checks)
        if shared is not None:

            def meanwhile() -> None:
                nonlocal rules
                rules = rules or rules_for(config)
                if spells:
                    _ready_speller(memo)

            doc = shared.whole(meanwhile)
            if not spells:
                shared.collect()
        else:
            if spells:
                _ready_speller(memo, indexes=processes > 1)
            doc = _prepared_document(text, config, lang)
            if spells and processes > 1:
                chunks = _sentence_chunks(doc, processes * CHUNKS_PER_PROCESS)
                shared = _SharedChunks(text, chunks, doc, config, lang, memo)
                shared.start_helpers(processes - 1)
        rules = rules or rules_for(config)
        found: list[Diagnostic] = []
        for rule, hit in rules.run(doc):
            found.append(Diagnostic(rule.id, rule.category, rule.severity,
                                    rule.message_in(lang, hit.variables), hit.start, hit.end,
                                    replacements=list(hit.replacements)))
        for check in checks:
            if shared is not None and shared.helpers and check.name == _OFFLOADED_CHECK:
                found.extend(shared.finish(doc))
            else:
                found.extend(_run_check(check, doc, config))
        if shared is not None:
            shared.stop()  # where no helper could be forked: the queue's descriptors
    except BaseException:
        if shared is not None:
            shared.stop()  # a bad config, an interrupt: no helper is left working for nothing
        raise
    found.extend(_rejected(text, config, lang))
    return found


#: The share of a text whose document the parent builds when a helper builds the rest's
#: (:meth:`_SharedChunks.whole`): less than half, as the parent also loads the rules and the
#: speller meanwhile (bench/check.py times the whole).
HEAD_SHARE = 0.4
#: Chunks of the spell check per process: enough that the last one taken costs little waiting.
CHUNKS_PER_PROCESS = 16
#: A chunk holds at least about this many characters (each costs a little to hand out).
MIN_CHUNK_CHARS = 10_000


def _paragraph_chunks(text: str, count: int) -> list[tuple[int, int]]:
    """About ``count`` spans tiling ``text``, cut after blank lines, of about equal size (at least
    :data:`MIN_CHUNK_CHARS` each); [] when the text has too few blank lines to make two."""
    size = len(text)
    count = max(1, min(count, size // MIN_CHUNK_CHARS))
    cuts: list[int] = []
    for k in range(1, count):
        cut = _blank_line_after(text, size * k // count, cuts[-1] if cuts else 0)
        if cut is None:
            break
        if not cuts or cut > cuts[-1]:
            cuts.append(cut)
    bounds = [0, *cuts, size]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    # a stretch without blank lines longer than a fair share would leave one process alone at the end
    if len(spans) < 2 or max(b - a for a, b in spans) > 2 * size // len(spans) + MIN_CHUNK_CHARS:
        return []
    return spans


_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n\s*")


def _blank_line_after(text: str, offset: int, floor: int) -> int | None:
    """The end of the first blank line (and the whitespace after it) at or after ``offset``."""
    match = _BLANK_LINE.search(text, max(offset, floor))
    return match.end() if match and match.end() < len(text) else None


def _sentence_chunks(doc: Document, count: int) -> list[tuple[int, int]]:
    """``doc`` cut into at most ``count`` spans of consecutive sentences with about as many tokens
    each, as character spans that tile the text (a sentence belongs to the span it starts in)."""
    sentences = doc.sentences
    total = sum(len(s.tokens) for s in sentences)
    bounds, seen = [0], 0
    for k, sentence in enumerate(sentences):
        if k and seen >= total * len(bounds) / count:
            bounds.append(sentence.sentence.start)
        seen += len(sentence.tokens)
    bounds.append(len(doc.text))
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _prepared_document(text: str, config: Config, lang: str) -> Document:
    """The document of ``text`` with the config's accept list and the message language."""
    doc = make_document(text)
    doc.accept = config.accept
    doc.message_lang = lang  # type: ignore[attr-defined]  # the checks' messages (spelling)
    return doc


def _sentences_between(doc: Document, start: int, end: int) -> Document:
    """A view of ``doc`` holding its sentences that start in ``[start, end)``."""
    starts = doc._starts
    part = Document(doc.text, doc.sentences[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)],
                    doc.accept)
    part._analyses = doc._analyses  # one process's view: a shared per-type cache
    for name in ("message_lang", "whole_text"):  # the messages' language; the text counted (spelling)
        if name in doc.__dict__:
            setattr(part, name, doc.__dict__[name])
    return part


def _run_check(check, doc: Document, config: Config) -> list[Diagnostic]:
    return [d for d in check.function(doc) if config.rule_on(d.rule_id, d.category)]


def _programmatic(doc: Document, config: Config) -> Iterator[Diagnostic]:
    from kazkit.grammar.checks import CHECKS

    for check in CHECKS.values():
        if any(config.rule_on(rule_id, check.category) for rule_id in check.rule_ids):
            yield from _run_check(check, doc, config)


class _SharedChunks:
    """The spell check of one block shared out in chunks (character spans of whole sentences)
    between forked helpers, which take chunks from the back, and this process, which takes them
    from the front (see :func:`_check_block`). ``doc`` is the whole document when the helpers
    start after it is built (they work on views of it), None when they start before: then the
    first helper builds the document of the text from chunk ``split`` on (the larger part: see
    :data:`HEAD_SHARE`) and hands its sentences to this process, which builds the document of
    the part before meanwhile (:meth:`whole`),
    and a helper builds a document of any other chunk it takes. A helper that fails to deliver
    costs time, never findings: what it owed is done here."""

    def __init__(self, text: str, chunks: list[tuple[int, int]], doc: Document | None, config: Config,
                 lang: str, memo: bool):
        self.text, self.chunks, self.doc, self.config, self.lang = text, chunks, doc, config, lang
        self.memo = memo
        self.queue = ChunkQueue(len(chunks))
        self.helpers: list[Child] = []
        #: the first chunk of the part the first helper builds (None: no parts)
        self.split = None if doc is not None else next(
            (k for k, (start, _) in enumerate(chunks) if k and start >= len(text) * HEAD_SHARE), len(chunks) - 1)
        self.tail: Document | None = None  # in the first helper: its document of that part
        self._tail_channel: Channel | None = None

    @property
    def tail_start(self) -> int:
        return self.chunks[self.split][0] if self.split is not None else len(self.text)

    def start_helpers(self, count: int) -> None:
        """Fork ``count`` helpers (see :func:`_check_chunks`). Where the system refuses a fork
        (a process limit, no memory), the check goes on with the helpers it has, or alone."""
        if self.split is not None and count:
            channel = self._tail_channel = Channel()  # the first helper sends on it
            try:
                self.helpers = [Child(_check_chunks, (self, True))]
            except OSError:
                channel.close()
                self._tail_channel = None
                return
            channel.parent_side()
            count -= 1
        for _ in range(count):
            try:
                self.helpers.append(Child(_check_chunks, (self, False)))
            except OSError:
                break

    def whole(self, meanwhile: Callable[[], None] | None = None) -> Document:
        """In the parent: the whole document, its first part built here and the rest's sentences
        received from the first helper (built here too if that helper failed); ``meanwhile`` is
        called between the two, while the helper finishes."""
        if self.doc is not None:
            return self.doc
        cut = self.tail_start
        head = make_document(self.text[:cut])
        if meanwhile is not None:
            meanwhile()
        sentences = None
        if self._tail_channel is not None:
            try:
                sentences = decode_sentences(self.text, self._tail_channel.receive())
            except (EOFError, OSError):
                sentences = None
            self._tail_channel = None
        if sentences is None:
            tail = make_document(self.text[cut:])
            sentences = decode_sentences(self.text, encode_sentences(tail.sentences, cut))
        doc = Document(self.text, head.sentences + sentences, self.config.accept)
        doc.message_lang = self.lang  # type: ignore[attr-defined]  # the checks' messages (spelling)
        return doc

    def build_tail(self) -> None:
        """In the first helper: the document of the text from chunk ``split`` on, its sentences
        sent to the parent."""
        start = self.tail_start
        self.tail = _prepared_document(self.text[start:], self.config, self.lang)
        self.tail.whole_text = self.text  # type: ignore[attr-defined]  # document-wide counts (spelling)
        assert self._tail_channel is not None
        self._tail_channel.send(encode_sentences(self.tail.sentences, start))

    def check(self, index: int, whole: Document | None) -> list[Diagnostic]:
        """The spell check's findings in chunk ``index``: on a view of ``whole`` (or of the
        document the helpers share, or of this helper's part), else on a document of the
        chunk's text."""
        from kazkit.grammar.checks import CHECKS

        check = CHECKS[_OFFLOADED_CHECK]
        start, end = self.chunks[index]
        whole = whole or self.doc
        if whole is not None:
            return _run_check(check, _sentences_between(whole, start, end), self.config)
        if self.tail is not None and start >= self.tail_start:
            offset = self.tail_start
            found = _run_check(check, _sentences_between(self.tail, start - offset, end - offset), self.config)
        else:
            offset = start
            doc = _prepared_document(self.text[start:end], self.config, self.lang)
            doc.whole_text = self.text  # type: ignore[attr-defined]  # document-wide counts (spelling)
            found = _run_check(check, doc, self.config)
        for diagnostic in found:
            diagnostic.start += offset
            diagnostic.end += offset
        return found

    def stop(self) -> None:
        """Stop the helpers at once (the parent gives up on them)."""
        for helper in self.helpers:
            helper.stop()
        self.helpers = []
        self.queue.close()
        if self._tail_channel is not None:
            self._tail_channel.close()
            self._tail_channel = None

    def finish(self, doc: Document) -> list[Diagnostic]:
        """In the parent, once its other work is done: chunks taken from the front until none
        is left, then the helpers' findings; all in chunk order."""
        by_chunk: dict[int, list[Diagnostic]] = {}
        while (index := self.queue.take_first()) is not None:
            by_chunk[index] = self.check(index, doc)
        for helper in self.helpers:
            delivered = helper.result()
            if delivered is not None:
                chunks, memo = delivered
                by_chunk.update(chunks)
                _merge_memo(memo)
        self.helpers = []
        self.queue.close()
        found: list[Diagnostic] = []
        for index in range(len(self.chunks)):
            chunk = by_chunk.get(index)
            found.extend(chunk if chunk is not None else self.check(index, doc))
        return found

    def collect(self) -> None:
        """In the parent, when the config runs no spell check: wait for the helpers (they
        only built a part of the document)."""
        for helper in self.helpers:
            helper.result()
        self.helpers = []
        self.queue.close()


def _check_chunks(shared: _SharedChunks, builds_tail: bool) -> tuple[dict[int, list[Diagnostic]], object]:
    """In a helper: the findings of every chunk it takes from the back of the queue, and the
    spelling verdicts it added to those of earlier runs (None when they are not kept). The
    first helper first builds the document of the text's larger part
    (:meth:`_SharedChunks.build_tail`). When the config runs no spell check, that is all."""
    if builds_tail:
        shared.build_tail()
    if not _spelling_on(shared.config):
        return {}, None
    _ready_speller(shared.memo)
    mark = _memo_mark()
    found = {}
    while (index := shared.queue.take_last()) is not None:
        found[index] = shared.check(index, None)
    return found, _memo_since(mark)


def encode_sentences(sentences: list[DocSentence], offset: int) -> tuple[bytes, bytes, list[str], list[str]]:
    """Sentences and their tokens as numbers (offsets moved by ``offset``) and two short lists of
    names, cheap to send to another process (pickling the objects cost more than building them;
    see :func:`decode_sentences`)."""
    kinds: dict[str, int] = {}
    spans, marks, langs = array("q"), array("q"), []
    for sentence in sentences:
        span = sentence.sentence
        spans.extend((span.start + offset, span.end + offset, len(sentence.tokens)))
        langs.append(span.lang)
        for token in sentence.tokens:
            kind = kinds.get(token.kind)
            if kind is None:
                kind = kinds[token.kind] = len(kinds)
            marks.extend((token.start + offset, token.end + offset, kind))
    return spans.tobytes(), marks.tobytes(), langs, list(kinds)


def decode_sentences(text: str, encoded: tuple[bytes, bytes, list[str], list[str]]) -> list[DocSentence]:
    """The sentences of :func:`encode_sentences`, their texts sliced from ``text`` (a sentence's
    and a token's text is always the text between its offsets)."""
    from kazkit.text.tokenize import tokens_from_columns
    from kazkit.types import Sentence

    raw_spans, raw_marks, langs, kinds = encoded
    spans, marks = array("q"), array("q")
    spans.frombytes(raw_spans)
    marks.frombytes(raw_marks)
    starts, ends = marks[0::3], marks[1::3]
    tokens = tokens_from_columns(list(map(text.__getitem__, map(slice, starts, ends))), starts, ends,
                                 list(map(kinds.__getitem__, marks[2::3])))
    sentences, first = [], 0
    for number, lang in enumerate(langs):
        start, end, count = spans[3 * number], spans[3 * number + 1], spans[3 * number + 2]
        sentences.append(DocSentence(Sentence(text[start:end], start, end, lang), tokens[first:first + count]))
        first += count
    return sentences


def _memo_mark():
    """In a forked child: what its speller knew at the start, if it keeps verdicts between runs."""
    from kazkit.grammar.suggest import get_speller

    if not get_speller.cache_info().currsize:
        return None
    speller = get_speller()
    return speller.memo_mark() if speller.keeps_memo else None


def _memo_since(mark):
    """In a forked child: the speller's verdicts added since ``mark`` (None without a mark)."""
    from kazkit.grammar.suggest import get_speller

    return None if mark is None else get_speller().memo_since(mark)


def _merge_memo(memo) -> None:
    """In the parent: a child's new verdicts, to be saved with this process's."""
    if memo is not None:
        from kazkit.grammar.suggest import get_speller

        get_speller().merge_memo(memo)


# Set in the parent just before the pool forks, so that workers inherit the text and the rules.
_POOL_STATE: tuple[str, RuleSet, Config, str] | None = None


def _check_blocks_in_pool(text: str, blocks: list[tuple[int, int]], rules: RuleSet, config: Config,
                          lang: str, processes: int, memo: bool) -> Iterator[list[Diagnostic]]:
    """Blocks checked by ``processes`` forked workers, in order; each keeps its caches warm
    from block to block, and only spans go to them, findings come back."""
    import multiprocessing

    global _POOL_STATE
    _POOL_STATE = (text, rules, config, lang)
    if _spelling_on(config):
        _ready_speller(memo, indexes=True)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for found, verdicts in pool.imap(_pool_block, blocks):
                _merge_memo(verdicts)
                yield found
    finally:
        _POOL_STATE = None


def _pool_block(span: tuple[int, int]) -> tuple[list[Diagnostic], object]:
    assert _POOL_STATE is not None
    text, rules, config, lang = _POOL_STATE
    mark = _memo_mark()
    return _check_block(text[span[0]:span[1]], rules, config, lang), _memo_since(mark)


def _rejected(text: str, config: Config, lang: str) -> Iterator[Diagnostic]:
    if not config.reject or not config.rule_on(REJECTED_RULE, "style"):
        return
    words = "|".join(r"\s+".join(map(regex.escape, w.split())) for w in sorted(config.reject, key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?:{words})(?![\p{{L}}\d])", regex.IGNORECASE)
    template = _REJECTED_MESSAGES.get(lang, _REJECTED_MESSAGES["en"])
    for match in pattern.finditer(text):
        yield Diagnostic(REJECTED_RULE, "style", "warning", template.format(word=match.group()),
                         match.start(), match.end())


def _finish(text: str, found: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Drop accepted words and below-threshold findings, sort, de-duplicate, add line/column."""
    kept = [d for d in found if config.severity_on(d.severity)
            and text[d.start:d.end].lower() not in config.accept]
    kept.sort(key=lambda d: (d.start, d.end, -SEVERITY_RANK.get(d.severity, 0), d.rule_id))
    lines = LineIndex(text)
    result: list[Diagnostic] = []
    seen: set[tuple] = set()
    for diagnostic in kept:
        key_rule = (diagnostic.start, diagnostic.end, diagnostic.rule_id)
        # Two rules saying the same thing about one span (same fix) are one finding.
        key_fix = (diagnostic.start, diagnostic.end, tuple(diagnostic.replacements[:1]) or None)
        if key_rule in seen or (key_fix[2] is not None and key_fix in seen):
            continue
        seen.add(key_rule)
        seen.add(key_fix)
        diagnostic.line, diagnostic.column = lines.position(diagnostic.start)
        result.append(diagnostic)
    return result


class LineIndex:
    """1-based line and column of a character offset; ``\\r\\n``, ``\\n`` and ``\\r`` end lines."""

    _BREAK = regex.compile(r"\r\n|\n|\r")

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in self._BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


# --- files -------------------------------------------------------------------------------------


def iter_files(paths: Iterable[str], include: list[str] | None = None) -> Iterator[str]:
    """Files named, ``-``, and files under folders whose names match ``include`` (``*.txt``...);
    hidden files and folders inside a folder are skipped."""
    patterns = include or list(DEFAULT_INCLUDE)
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = False
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and any(fnmatch.fnmatch(name, p) for p in patterns):
                        found = True
                        yield os.path.join(folder, name)
            if not found:
                # Not an error (an empty folder is checked and clean), but a wrong --include would
                # otherwise pass silently.
                from kazkit.output import info

                info(f"kazkit: warning: {path}: no files matching {', '.join(patterns)} (see --include)")
        else:
            yield path


def check_paths(paths: Iterable[str], *, config: Config | None = None, include: list[str] | None = None,
                encoding: str | None = None, lang: str = "en", jobs: int | None = None,
                progress: Callable[[str, int, int], None] | None = None):
    """``(name, Decoded, diagnostics)`` for every file (see :func:`iter_files`), one at a time.

    ``progress(name, done, total)``: see :func:`check_text`. Unreadable input raises
    :class:`~kazkit.errors.InputError` (exit 2).
    """
    from kazkit.text.io import read_input

    for path in iter_files(paths, include):
        decoded = read_input(path, encoding)
        report = None if progress is None else functools.partial(progress, decoded.name)
        yield decoded.name, decoded, check_text(decoded.text, config=config, lang=lang, jobs=jobs,
                                                progress=report)


def exit_code(diagnostics: Iterable[Diagnostic], fail_on: str = "error") -> int:
    """1 when a finding is at or above ``fail_on`` (error, warning, hint), else 0; ``never`` is 0.

    >>> exit_code([], "warning")
    0
    """
    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK.get(d.severity, 0) >= threshold for d in diagnostics))
