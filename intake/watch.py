"""``intake watch``: fetch and build as soon as mail arrives, until stopped.

A loop in one process, one thing at a time:

1. a pass: ``fetch`` (which sends the outbox after it), then ``build`` (skipped when no input
   changed);
2. wait for new mail: on IMAP an IDLE session on a connection of its own (imapclient's
   ``idle`` / ``idle_check`` / ``idle_done``), which selects the inbox *before* the pass, so
   that mail arriving during or after the pass is announced when the IDLE starts; re-issued
   every :data:`IDLE_RENEW` seconds (servers drop an IDLE after 30 minutes; renewing also finds
   a dead connection, whose ``DONE`` goes unanswered within ``mailbox.timeout``); on a Maildir,
   a look at ``new/`` and ``cur/`` every :data:`POLL` seconds;
3. a lost connection is opened again with a growing pause (at most :data:`MAX_BACKOFF`);
   mail that arrived meanwhile is read by the next pass.

A pass also runs every :data:`IDLE_RENEW` seconds without news, so that notices waiting for a
retry are sent and decisions written into files are noticed. SIGTERM or SIGINT stops the loop
after the step in progress (a pass is never cut in half); the fetch holds the lock only during
its pass, so the office's commands run between two passes.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from imapclient.exceptions import IMAPClientError

from intake.config import Config
from intake.errors import IntakeError
from intake.fetch import SourceLost
from intake.fetch.imap import TRANSIENT, ImapSource

_TRANSIENT: tuple[type[BaseException], ...] = (SourceLost, IMAPClientError, *TRANSIENT)

IDLE_RENEW = 9 * 60.0  # seconds before an IDLE is re-issued (and a pass runs anyway)
CHECK = 1.0  # seconds between two looks at the IDLE connection (and at the stop flag)
POLL = 5.0  # seconds between two looks at a Maildir
MAX_BACKOFF = 60.0  # seconds, at most, between two attempts to reconnect

Log = Callable[[str], None]


class Watch:
    def __init__(
        self,
        config: Config,
        log: Log,
        *,
        stop: threading.Event | None = None,
        renew: float = IDLE_RENEW,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.log = log
        self.stop = stop or threading.Event()
        self.renew = renew
        self.now = now
        self.source: ImapSource | None = None  # the IDLE connection

    def run(self) -> None:
        self.log("watching " + self.config.mailbox.identity())
        imap = not self.config.mailbox.is_maildir
        while not self.stop.is_set():
            # the IDLE connection selects the inbox before the pass: what arrives during or
            # after the pass is announced when the IDLE starts
            if imap and not self._connect():
                break
            self.cycle()
            if imap:
                self._idle()
            else:
                self._poll()
        if self.source is not None:
            self.source.close()
        self.log("stopped")

    def cycle(self) -> None:
        """One pass: fetch, then build; an operational failure is logged, not fatal."""
        from intake.build import build
        from intake.pipeline import fetch

        started = time.perf_counter()
        try:
            report = fetch(self.config)
            fetched = time.perf_counter()
            built = build(self.config, now=self.now() if self.now else None)
        except IntakeError as exc:
            self.log(f"error: {exc}")
            return
        for warning in report.warnings:
            self.log(f"warning: {warning}")
        if report.new or not built.skipped:
            self.log(
                f"{report.summary()}; {built.summary()} (fetch {fetched - started:.2f} s, "
                f"load {built.load_seconds:.2f} s, render {built.render_seconds:.2f} s, "
                f"mkdocs {built.mkdocs_seconds:.2f} s)"
            )

    # --- waiting for mail -----------------------------------------------------------------------

    def _connect(self) -> bool:
        """The IDLE connection, opened (again) with a growing pause; False: stopped meanwhile."""
        from intake.fetch.imap import ImapSource

        pause = 1.0
        while self.source is None:
            source = ImapSource(self.config)
            try:
                source.open()
                self.source = source
            except IntakeError as exc:
                self.log(f"cannot watch the inbox: {exc}; trying again in {pause:g} s")
                if self.stop.wait(pause):
                    return False
                pause = min(pause * 2, MAX_BACKOFF)
        return True

    def _idle(self) -> None:
        """Wait until the server says mail arrived, the renewal time comes, or stop."""
        assert self.source is not None and self.source.client is not None
        client = self.source.client
        try:
            client.idle()
            deadline = time.monotonic() + self.renew
            while not self.stop.is_set() and time.monotonic() < deadline:
                if _news(client.idle_check(timeout=CHECK)):
                    self.log(f"new mail (at {time.time():.3f})")
                    break
            client.idle_done()
        except _TRANSIENT as exc:
            self.log(f"the IDLE connection was lost ({exc or type(exc).__name__}); reconnecting")
            self.source.close()
            self.source = None

    def _poll(self) -> None:
        """Wait until a Maildir's new/ or cur/ changes, the renewal time comes, or stop."""
        root = self.config.mailbox.maildir
        assert root is not None

        def state() -> tuple[float, ...]:
            out = []
            for sub in ("new", "cur"):
                try:
                    out.append((root / sub).stat().st_mtime)
                except OSError:
                    out.append(0.0)
            return tuple(out)

        before = state()
        deadline = time.monotonic() + self.renew
        while not self.stop.wait(POLL) and time.monotonic() < deadline:
            if state() != before:
                return


def _news(responses: list[Any]) -> bool:
    """Mail arrived (EXISTS, RECENT); the server ending the session raises SourceLost. (An
    EXPUNGE is the fetch moving what it read: no news.)"""
    for response in responses:
        if not isinstance(response, tuple) or not response:
            continue
        if response[0] == b"BYE":
            raise SourceLost("the server ended the IDLE session")
        if len(response) >= 2 and response[1] in (b"EXISTS", b"RECENT"):
            return True
    return False


def watch(config: Config, log: Log) -> None:
    """Run :class:`Watch` until SIGTERM or SIGINT (a clean stop after the step in progress)."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log(f"stopping ({signal.Signals(signum).name})")
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        Watch(config, log, stop=stop).run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
