"""Shared output conventions for every command: stdio set-up, formats, errors and exit codes.

stdout carries data only; messages, logs and progress go to stderr. Errors a user can fix are one
line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, TypeVar

from kazkit.errors import EXIT_INTERRUPTED, EXIT_USAGE, KazkitError

F = TypeVar("F", bound=Callable[..., Any])

_quiet = False


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class FailOn(str, Enum):
    """``--fail-on`` of the check-like commands: the lowest severity that makes the exit code 1."""

    error = "error"
    warning = "warning"
    hint = "hint"
    never = "never"


class MessageLang(str, Enum):
    """``--lang``: the language of user-facing messages."""

    en = "en"
    kk = "kk"


def setup_stdio() -> None:
    """UTF-8 stdio whatever the locale, and a quiet exit when stdout is closed early (``| head``)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors="surrogateescape" if stream is sys.stdout else "replace")
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def is_quiet() -> bool:
    return _quiet


def use_color(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@functools.cache
def stdout_console():
    from rich.console import Console

    return Console(file=sys.stdout, no_color=not use_color(sys.stdout), highlight=False,
                   force_terminal=None if use_color(sys.stdout) else False)


@functools.cache
def stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr, no_color=not use_color(sys.stderr), highlight=False,
                   force_terminal=None if use_color(sys.stderr) else False)


def info(message: str) -> None:
    """A progress or status message on stderr, silenced by ``--quiet``."""
    if not _quiet:
        print(message, file=sys.stderr)


class TextProgress:
    """A bar on stderr for the characters of a long text checked so far: ``progress(name,
    done, total)``. Shown only on a terminal and without ``--quiet`` (see :func:`text_progress`),
    started on the first call (short texts never report, so never import rich) and taken down
    when a text is done, before its findings are written."""

    def __init__(self) -> None:
        self._bar = None
        self._task = None

    def __call__(self, name: str, done: int, total: int) -> None:
        if self._bar is None:
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                 TimeElapsedColumn(), console=stderr_console(), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(f"checking {name}", total=total)
        self._bar.update(self._task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


@contextlib.contextmanager
def text_progress() -> Iterator[TextProgress | None]:
    """A :class:`TextProgress` on a terminal without ``--quiet``, else None."""
    if _quiet or not sys.stderr.isatty():
        yield None
        return
    bar = TextProgress()
    try:
        yield bar
    finally:
        bar.close()


def error_line(message: str) -> None:
    print(f"kazkit: error: {message}", file=sys.stderr)


def write_jsonl(records: Iterable[dict], stream=None) -> None:
    """One JSON object per line, written as each record is produced."""
    out = stream or sys.stdout
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")


def write_json(data: Any, stream=None) -> None:
    out = stream or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def handle_errors(func: F) -> F:
    """Turn the errors a user can fix into one line on stderr and the right exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KazkitError as exc:
            error_line(str(exc))
            raise SystemExit(exc.exit_code) from None
        except KeyboardInterrupt:
            print("kazkit: interrupted", file=sys.stderr)
            raise SystemExit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (``| head``): exit quietly, as SIGPIPE would.
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
            except OSError:
                pass
            raise SystemExit(141) from None
        except (OSError, UnicodeError) as exc:
            error_line(str(exc))
            raise SystemExit(EXIT_USAGE) from None

    return wrapper  # type: ignore[return-value]
