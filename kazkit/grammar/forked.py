"""Forked helper processes for a parallel check, on bare ``os.fork`` and pipes.

A child inherits everything the parent holds at the fork (the text, the config, loaded tables),
so nothing is pickled on the way in; values come back pickled through a pipe. The parent starts
children before it has imported most of what a check needs: ``multiprocessing`` alone took as
long to import as a tenth of a 1 MB check's wall time spent before the fork.

Linux only (see ``checker._processes``): fork is unsafe on macOS and missing on Windows.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import tempfile
from collections.abc import Callable
from typing import Any


class Child:
    """``target(*args)`` run in a forked child; :meth:`result` is its value."""

    def __init__(self, target: Callable[..., Any], args: tuple = ()):
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            raise
        if pid == 0:  # the child: never returns
            os.close(read)
            _run_child(write, target, args)
        os.close(write)
        self.pid: int | None = pid
        self._read = read

    def result(self) -> Any:
        """The child's value, or None when it delivered none (it died); its error re-raised."""
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        self._reap()
        try:
            ok, value = pickle.loads(data) if data else (None, None)
        except Exception:  # noqa: BLE001 - a half-written value: the child died writing it
            ok, value = None, None
        if ok is False:
            raise value
        return value

    def stop(self) -> None:
        """End the child now (the parent gives up on it)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap()
            os.close(self._read)  # (after result() the pid is None and the pipe closed)

    def _reap(self) -> None:
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None


def _run_child(write: int, target: Callable[..., Any], args: tuple) -> None:
    """In the child: the pickled ``(True, value)`` or ``(False, error)`` into ``write``, then
    exit at once (no atexit handlers, no flushing of the parent's buffered output)."""
    code = 0
    try:
        try:
            payload = pickle.dumps((True, target(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - re-raised in the parent
            try:
                payload = pickle.dumps((False, error))
            except Exception:  # noqa: BLE001 - an unpicklable error: the parent does the work
                payload, code = b"", 1
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 - the parent reads no value and does the work itself
        code = 1
    finally:
        os._exit(code)


def _anonymous_file() -> int:
    """A descriptor of a file with no name, shared with forked children: an in-memory file, or
    where a sandbox forbids those (seccomp, old kernels), a temporary file unlinked at once."""
    try:
        return os.memfd_create("kazkit-channel", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        descriptor, name = tempfile.mkstemp(prefix="kazkit-channel-")
        os.unlink(name)
        return descriptor


class Channel:
    """One value sent once from a child to its parent (made before the fork). The value goes
    into an anonymous in-memory file and a pipe says when it is whole, so the sender never
    waits for the parent to read (a pipe holds 64 KiB; a document's tokens take megabytes)."""

    def __init__(self) -> None:
        self._file = _anonymous_file()
        self._read, self._write = os.pipe()

    def send(self, value: Any) -> None:
        """In the child: send ``value`` (pickled) and close this end."""
        os.close(self._read)
        data = memoryview(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(self._file, data):]
        os.close(self._file)
        os.write(self._write, b".")
        os.close(self._write)

    def parent_side(self) -> None:
        """In the parent, once the child that sends is started: close the sending end, so that
        a child that dies before it sends ends :meth:`receive` with EOFError."""
        os.close(self._write)
        self._write = -1

    def receive(self) -> Any:
        """In the parent: the value sent; EOFError when the sender died first."""
        try:
            if os.read(self._read, 1) != b".":
                raise EOFError("the helper sent nothing")
            with os.fdopen(self._file, "rb", closefd=False) as sent:
                sent.seek(0)
                return pickle.loads(sent.read())
        finally:
            self.close()

    def close(self) -> None:
        """In the parent: release the channel (done by :meth:`receive`; again is harmless)."""
        for fd in (self._read, self._file, self._write):
            if fd >= 0:
                os.close(fd)
        self._read = self._file = self._write = -1


class ChunkQueue:
    """Chunk numbers ``0 .. size - 1`` handed out to forked processes, each number once, from the
    front or from the back. Two integers in an anonymous shared mapping, guarded by a pipe that
    holds one byte while the queue is free (reading it takes the lock, writing it back frees it)."""

    def __init__(self, size: int):
        self._cells = mmap.mmap(-1, 16)  # anonymous and shared: forked children see the same cells
        self._cells[:16] = (0).to_bytes(8, "little") + size.to_bytes(8, "little")
        self._lock_read, self._lock_write = os.pipe()
        os.write(self._lock_write, b".")

    def take_first(self) -> int | None:
        return self._take(front=True)

    def take_last(self) -> int | None:
        return self._take(front=False)

    def close(self) -> None:
        """Release the pipe and the mapping (in the parent, once every child is done; again is
        harmless)."""
        if not self._cells.closed:
            os.close(self._lock_read)
            os.close(self._lock_write)
            self._cells.close()

    def _take(self, front: bool) -> int | None:
        cells = self._cells
        os.read(self._lock_read, 1)
        try:
            first, end = int.from_bytes(cells[:8], "little"), int.from_bytes(cells[8:16], "little")
            if first >= end:
                return None
            if front:
                cells[:8] = (first + 1).to_bytes(8, "little")
                return first
            cells[8:16] = (end - 1).to_bytes(8, "little")
            return end - 1
        finally:
            os.write(self._lock_write, b".")
