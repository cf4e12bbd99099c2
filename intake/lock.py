"""One intake at a time: an exclusive ``flock`` on ``<paths.state>/intake.lock``.

The kernel drops the lock when the process ends (even when killed), so a stale lock file is
harmless. The file holds the holder's pid, which the second instance names in its message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from intake.errors import IntakeError, LockHeld


@contextlib.contextmanager
def instance_lock(state: Path) -> Iterator[Path]:
    """Hold the lock for the ``with`` block; raise :class:`LockHeld` at once if it is taken."""
    path = state / "intake.lock"
    try:
        state.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IntakeError(
            f"cannot create the lock file {path}: {exc.strerror} — check that "
            "paths.state in intake.yml is writable"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise LockHeld(
                f"another intake is already running (pid {holder}, lock {path}) — "
                "wait for it to finish, then run again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
