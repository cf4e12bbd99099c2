"""One intake at a time: an exclusive ``flock`` on ``<paths.state>/intake.lock``.

The kernel drops the lock when the process ends (even when killed), so a stale lock file is
harmless. The file holds the holder's pid, which the second instance names in its message.

Who holds it, and for how long: a fetch holds it for one pass over the mailbox (a long-running
watch takes it again for each pass, not while it waits for mail). A fetch that finds it taken
gives up at once (cron starts another in a few minutes). A command that changes files on the
office's behalf waits for it (``wait``: seconds, :data:`COMMAND_WAIT` by default), so it runs
between two passes instead of failing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from intake.errors import IntakeError, LockHeld

COMMAND_WAIT = 120.0  # seconds a command waits for a pass to end (a 10,000-mail backlog: ~60 s)


@contextlib.contextmanager
def instance_lock(state: Path, wait: float = 0) -> Iterator[Path]:
    """Hold the lock for the ``with`` block; raise :class:`LockHeld` if it is still taken after
    ``wait`` seconds (0: at once)."""
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
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                waited = f" after waiting {wait:g} s" if wait else ""
                raise LockHeld(
                    f"another intake is already running (pid {holder}, lock {path}){waited} — "
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
