"""Errors that the command line turns into one readable line and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_MISSING_EXTRA = 3
EXIT_INTERRUPTED = 130


class KazkitError(Exception):
    """Base of the errors a user can fix; ``str(error)`` is the one line shown."""

    exit_code = EXIT_USAGE


class InputError(KazkitError):
    """Unreadable, binary or undecodable input (exit 2)."""


class UsageError(KazkitError):
    """Bad options or configuration (exit 2)."""


class MissingExtraError(KazkitError):
    """An optional extra or model is missing (exit 3); the message names the fix."""

    exit_code = EXIT_MISSING_EXTRA
