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
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from kazkit.config import Config
from kazkit.errors import UsageError
from kazkit.grammar.rules import (
    SEVERITY_RANK,
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
               jobs: int | None = None) -> list[Diagnostic]:
    """Every finding in ``text``, sorted by position, with 1-based line and column.

    ``lang`` ("en" or "kk") picks the language of the messages. ``jobs`` is how many processes
    may work on a long text (only where the machine can fork). By default (None) a one-block text
    of at least :data:`PARALLEL_MIN_CHARS` shares its spell check out over the available cores
    (at most :data:`MAX_AUTO_JOBS`), while texts of several blocks are checked in this process
    alone unless ``jobs`` asks for more (each worker holds its own caches: memory grows with
    the count). The findings are the same whatever it is.
    """
    with _fewer_collections():
        return _check_text(text, config or Config(), lang, jobs)


def _check_text(text: str, config: Config, lang: str, jobs: int | None) -> list[Diagnostic]:
    rules = rules_for(config)
    speller = _speller_with_memo(config) if len(text) >= MEMO_MIN_CHARS else None
    blocks = list(text_blocks(text, BLOCK_CHARS))
    if jobs is None and len(blocks) > 1:
        jobs = 1
    processes = _processes(jobs) if len(text) >= PARALLEL_MIN_CHARS else 1
    found: list[Diagnostic] = []
    if processes > 1 and len(blocks) > 1:
        results = _check_blocks_in_pool(text, blocks, rules, config, lang, processes)
    else:
        results = (_check_block(text if (start, end) == (0, len(text)) else text[start:end],
                                rules, config, lang, processes=processes) for start, end in blocks)
    for (start, _end), diagnostics in zip(blocks, results, strict=True):
        for diagnostic in diagnostics:
            diagnostic.start += start
            diagnostic.end += start
            found.append(diagnostic)
    if speller is not None:
        speller.save_memo()
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


def _speller_with_memo(config: Config):
    """The speller, holding the verdicts of earlier runs, when the config runs the spell check."""
    from kazkit.grammar.suggest import get_speller

    if not _spelling_on(config):
        return None
    speller = get_speller()
    speller.load_memo()
    return speller


def _processes(jobs: int | None) -> int:
    """How many processes to use: ``jobs``, or with None the usable cores (at most
    :data:`MAX_AUTO_JOBS`); 1 where fork is unavailable."""
    if jobs is None:
        jobs = min(_usable_cores(), MAX_AUTO_JOBS)
    if jobs <= 1:
        return 1
    import multiprocessing
    import sys

    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
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


def _check_block(text: str, rules: RuleSet, config: Config, lang: str, *,
                 processes: int = 1) -> list[Diagnostic]:
    """The findings of one block.

    With ``processes`` > 1 the spell check, which does most of the cold work, is shared out:
    forked helpers each take a stretch of paragraphs, build their own document of it and spell
    check it, while this process builds the whole document, runs the rules (some of which see
    the whole document) and the other checks, and spell checks the last, smaller stretch. A
    blank line always ends a sentence, so the stretches hold exactly the whole document's
    sentences and the findings are the same as in one process, in the same order. A text
    without blank lines is shared out by sentences after the whole document is built.
    """
    from kazkit.grammar.checks import CHECKS

    checks = [c for c in CHECKS.values() if any(config.rule_on(r, c.category) for r in c.rule_ids)]
    spelling = processes > 1 and any(c.name == _OFFLOADED_CHECK for c in checks)
    if spelling:
        _load_speller()
    spans = _paragraph_spans(text, processes) if spelling else []
    helpers = [_Helper.start_on_text(text, start, end, config, lang, _OFFLOADED_CHECK)
               for start, end in spans[:-1]]
    doc = _prepared_document(text, config, lang)
    own = doc
    if helpers:
        own = _sentences_between(doc, spans[-1][0], len(text))
    elif spelling:
        parts = _split_sentences(doc, processes)
        helpers = [_Helper.start(part, config, _OFFLOADED_CHECK) for part in parts[:-1]]
        own = parts[-1]
    found: list[Diagnostic] = []
    for rule, hit in rules.run(doc):
        found.append(Diagnostic(rule.id, rule.category, rule.severity,
                                rule.message_in(lang, hit.variables), hit.start, hit.end,
                                replacements=list(hit.replacements)))
    for check in checks:
        if helpers and check.name == _OFFLOADED_CHECK:
            mine = _run_check(check, own, config)
            for helper in helpers:
                found.extend(helper.result(doc))
            found.extend(mine)
        else:
            found.extend(_run_check(check, doc, config))
    found.extend(_rejected(text, config, lang))
    return found


def _load_speller() -> None:
    """Load the analyser and the speller's indexes in this process before it forks, so that every
    helper inherits them instead of reading them again (a few tenths of a second each)."""
    from kazkit.grammar.suggest import get_speller

    get_speller().indexes  # noqa: B018 - the property loads them


#: The work of making the document (tokens, sentences, language) and of running the rules,
#: relative to the cold spell check's, measured on 1 MB of Wikipedia + news (bench/check.py
#: phases): they set how much of the spell check this process keeps for itself.
_DOCUMENT_COST, _RULES_COST = 0.25, 0.2
#: This process keeps at least this share (with many helpers the model gives it none, but the
#: text is cut into stretches after the helpers' parts, so its own stretch must not be empty).
MIN_OWN_SHARE = 0.05


def _own_share(helpers: int, helpers_make_documents: bool) -> float:
    """The share of the spell check this process keeps beside ``helpers`` helpers, so that all
    finish together. This process runs the rules and its share; each helper spell checks an
    equal part of the rest, and either makes its own document of it meanwhile as this process
    makes the whole one (``helpers_make_documents``), or is handed a part of the document this
    process made before the helpers started."""
    if helpers_make_documents:
        # D + R + x = (1 - x) / h * (1 + D)
        each = (1 + _DOCUMENT_COST) / helpers
        share = (each - _DOCUMENT_COST - _RULES_COST) / (1 + each)
    else:
        # R + x = (1 - x) / h
        share = (1 - helpers * _RULES_COST) / (1 + helpers)
    return max(MIN_OWN_SHARE, share)


def _paragraph_spans(text: str, processes: int) -> list[tuple[int, int]]:
    """``processes`` spans of ``text`` cut after blank lines, the last one (this process's) the
    smaller as this process also builds the whole document and runs the rules; [] when the text
    has too few blank lines to share it out evenly."""
    helpers = processes - 1
    own = _own_share(helpers, helpers_make_documents=True)
    size = len(text)
    targets = [round(size * (1 - own) * k / helpers) for k in range(1, helpers + 1)]
    cuts, previous = [], 0
    for target in targets:
        cut = _blank_line_after(text, target, previous)
        if cut is None or cut - target > size // (4 * processes):
            return []
        cuts.append(cut)
        previous = cut
    bounds = [0, *cuts, size]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n\s*")


def _blank_line_after(text: str, offset: int, floor: int) -> int | None:
    """The end of the first blank line (and the whitespace after it) at or after ``offset``."""
    match = _BLANK_LINE.search(text, max(offset, floor))
    return match.end() if match and match.end() < len(text) else None


def _prepared_document(text: str, config: Config, lang: str) -> Document:
    """The document of ``text`` with the config's accept list and the message language."""
    doc = make_document(text)
    doc.accept = config.accept
    doc.message_lang = lang  # type: ignore[attr-defined]  # the checks' messages (spelling)
    return doc


def _sentences_between(doc: Document, start: int, end: int) -> Document:
    """A view of ``doc`` holding its sentences that start in ``[start, end)``."""
    starts = doc._starts
    return _view(doc, doc.sentences[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)])


def _view(doc: Document, sentences: list) -> Document:
    part = Document(doc.text, sentences, doc.accept)
    part._analyses = doc._analyses  # one process's view: a shared per-type cache
    if hasattr(doc, "message_lang"):
        part.message_lang = doc.message_lang  # type: ignore[attr-defined]
    return part


def _split_sentences(doc: Document, parts: int) -> list[Document]:
    """``doc`` cut into ``parts`` documents of consecutive sentences, balanced by token count;
    the last one is this process's (:func:`_own_share`). They share the text, the accept list and
    the message language."""
    own = _own_share(parts - 1, helpers_make_documents=False)
    weights = [(1 - own) / (parts - 1)] * (parts - 1) + [own]
    total = sum(len(s.tokens) for s in doc.sentences)
    bounds, seen, index = [], 0, 0
    target = 0.0
    for weight in weights[:-1]:
        target += total * weight / sum(weights)
        while index < len(doc.sentences) and seen < target:
            seen += len(doc.sentences[index].tokens)
            index += 1
        bounds.append(index)
    cuts = [0, *bounds, len(doc.sentences)]
    return [_view(doc, doc.sentences[start:end]) for start, end in zip(cuts, cuts[1:], strict=False)]


def _run_check(check, doc: Document, config: Config) -> list[Diagnostic]:
    return [d for d in check.function(doc) if config.rule_on(d.rule_id, d.category)]


def _programmatic(doc: Document, config: Config) -> Iterator[Diagnostic]:
    from kazkit.grammar.checks import CHECKS

    for check in CHECKS.values():
        if any(config.rule_on(rule_id, check.category) for rule_id in check.rule_ids):
            yield from _run_check(check, doc, config)


class _Helper:
    """One check run in a forked child, which inherits what it works on (nothing is pickled on
    the way in); the findings come back through a pipe. Either the child runs the check on a
    view of the parent's document (:meth:`start`), or it builds its own document of a stretch of
    the text (:meth:`start_on_text`). If the child fails to deliver, the parent runs the check
    itself on the same sentences, so a killed helper costs time, never findings."""

    def __init__(self, target, args: tuple, doc: Document | None, config: Config, name: str,
                 span: tuple[int, int] | None = None):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.connection, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_send_findings, args=(sender, target, args), daemon=True)
        self.process.start()
        sender.close()
        self.doc, self.config, self.name, self.span = doc, config, name, span

    @classmethod
    def start(cls, doc: Document, config: Config, name: str) -> _Helper:
        """A child that runs the check ``name`` on ``doc`` (a view of the parent's document)."""
        return cls(_check_view, (doc, config, name), doc, config, name)

    @classmethod
    def start_on_text(cls, text: str, start: int, end: int, config: Config, lang: str, name: str) -> _Helper:
        """A child that builds its own document of ``text[start:end]`` (whole paragraphs) and
        runs the check on it; findings come back with offsets into ``text``."""
        return cls(_check_span, (text, start, end, config, lang, name), None, config, name, (start, end))

    def result(self, whole: Document | None = None) -> list[Diagnostic]:
        """The child's findings; if it delivered none, the check run here on the same sentences
        (of ``whole``, the whole document, for a child that worked on a span of the text)."""
        from kazkit.grammar.checks import CHECKS

        try:
            ok, value, memo = self.connection.recv()
        except (EOFError, OSError):
            ok, value, memo = None, None, None
        finally:
            self.connection.close()
            self.process.join()
        _merge_memo(memo)
        if ok is None:
            doc = self.doc
            if doc is None:
                assert whole is not None and self.span is not None
                doc = _sentences_between(whole, *self.span)
            return _run_check(CHECKS[self.name], doc, self.config)
        if not ok:
            raise value
        return value


def _send_findings(sender, target, args: tuple) -> None:
    """In the child: ``(True, target(*args), memo)`` through ``sender``, or ``(False, error,
    None)``; ``memo`` holds the spell check's new verdicts when they are kept between runs."""
    try:
        mark = _memo_mark()
        value = target(*args)
        sender.send((True, value, _memo_since(mark)))
    except Exception as error:  # noqa: BLE001 - re-raised in the parent
        try:
            sender.send((False, error, None))
        except Exception:  # noqa: BLE001 - an unpicklable error: the parent reruns the check
            pass
    finally:
        sender.close()


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


def _check_view(doc: Document, config: Config, name: str) -> list[Diagnostic]:
    from kazkit.grammar.checks import CHECKS

    return _run_check(CHECKS[name], doc, config)


def _check_span(text: str, start: int, end: int, config: Config, lang: str, name: str) -> list[Diagnostic]:
    from kazkit.grammar.checks import CHECKS

    doc = _prepared_document(text[start:end], config, lang)
    doc.whole_text = text  # type: ignore[attr-defined]  # document-wide counts (spelling)
    found = _run_check(CHECKS[name], doc, config)
    for diagnostic in found:
        diagnostic.start += start
        diagnostic.end += start
    return found


# Set in the parent just before the pool forks, so that workers inherit the text and the rules.
_POOL_STATE: tuple[str, RuleSet, Config, str] | None = None


def _check_blocks_in_pool(text: str, blocks: list[tuple[int, int]], rules: RuleSet, config: Config,
                          lang: str, processes: int) -> Iterator[list[Diagnostic]]:
    """Blocks checked by ``processes`` forked workers, in order; each keeps its caches warm
    from block to block, and only spans go to them, findings come back."""
    import multiprocessing

    global _POOL_STATE
    _POOL_STATE = (text, rules, config, lang)
    if _spelling_on(config):
        _load_speller()
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for found, memo in pool.imap(_pool_block, blocks):
                _merge_memo(memo)
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
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and any(fnmatch.fnmatch(name, p) for p in patterns):
                        yield os.path.join(folder, name)
        else:
            yield path


def check_paths(paths: Iterable[str], *, config: Config | None = None, include: list[str] | None = None,
                encoding: str | None = None, lang: str = "en", jobs: int | None = None):
    """``(name, Decoded, diagnostics)`` for every file (see :func:`iter_files`), one at a time.

    Unreadable input raises :class:`~kazkit.errors.InputError` (exit 2).
    """
    from kazkit.text.io import read_input

    for path in iter_files(paths, include):
        decoded = read_input(path, encoding)
        yield decoded.name, decoded, check_text(decoded.text, config=config, lang=lang, jobs=jobs)


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
