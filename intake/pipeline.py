"""``intake fetch``: from the mail source to stored submissions and outcome folders, exactly once.

A fetch takes the instance lock (:mod:`intake.lock`), opens the ledger and the connection
(:mod:`intake.fetch.connection`), and makes one pass over the mailbox: the messages the ledger
has not seen, in batches of ``mailbox.batch_size``. One batch is one SQLite transaction:

1. download the batch (a message over ``limits.max_message_bytes`` only by its headers);
2. for each message, in a savepoint: classify it and run its kind's handler
   (:mod:`intake.dispatch`; the parser runs in a child process, :mod:`intake.parser_process`),
   which writes its files atomically, each fsynced; record its outcome. Every lookup (duplicates,
   chains, owners of an id) sees the batch's own rows;
3. fsync the folders written into, then COMMIT;
4. ``UID MOVE`` the batch's messages to their folders, then mark them moved.

After the pass, still holding the lock, the notices the handlers wrote to the outbox (receipts,
rejections) are sent (:func:`intake.outbox.deliver`); one that cannot be sent now is sent later.

A crash before 3's COMMIT leaves at most files that the next run writes again with the same bytes
(ids are stable); a crash between COMMIT and the move leaves recorded, unmoved rows, which the
next run only moves. A transient failure (a file that cannot be written, a lost connection)
leaves the message in the inbox (``retried``); its fourth failure quarantines it
(``retry-limit``). A lost connection is reopened (:class:`Connection`) and the pass goes on.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from intake.config import Config
from intake.dispatch import Batch, Incoming, Result, Transient, handle, with_headers
from intake.errors import IntakeError, SourceMismatch
from intake.fetch import Envelope, Fetched, Source, SourceLost, open_source
from intake.fetch.connection import Connection
from intake.ledger import Ledger, MessageRow, ledger_path
from intake.lock import instance_lock
from intake.office import file_decisions, notify_decision
from intake.outbox import DeliveryReport, deliver
from intake.outcome import FOLDER_OF, Outcome
from intake.parser_process import ParserProcess, Receiver
from intake.store import (
    SOURCE_MARKER,
    SubmissionStore,
    atomic_write,
    submissions_folder,
    sync_folders,
)
from intake.timeutil import now

MAX_ATTEMPTS = 3  # retried this many times; the next failure quarantines (retry-limit)
CRASH_HOOK = "INTAKE_TEST_CRASH_AFTER_RECORD"
# when the last pass looked for decisions written into files (real time: files' mtimes are)
FILE_DECISIONS_STAMP = "file-decisions.stamp"  # tests: os._exit after the Nth recorded outcome

Progress = Callable[[int, int], None]


@dataclass
class FetchReport:
    """What one ``intake fetch`` did."""

    new: int = 0
    accepted: int = 0
    rejected: int = 0
    ignored: int = 0
    quarantined: int = 0
    retried: int = 0
    moved_from_earlier: int = 0  # recorded by an interrupted run, moved by this one
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mail: DeliveryReport = field(default_factory=DeliveryReport)  # the notices sent after the pass

    def count(self, outcome: str) -> None:
        self.new += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "ignored": self.ignored,
            "quarantined": self.quarantined,
            "retried": self.retried,
        }

    def summary(self) -> str:
        text = (
            f"{self.new} new: {self.accepted} accepted, {self.rejected} rejected, "
            f"{self.ignored} ignored, {self.quarantined} quarantined"
        )
        if self.retried:
            text += f", {self.retried} retried"
        if self.mail.sent or self.mail.failed:  # (mail spooled to the outbox folder is not news)
            text += f"; mail: {self.mail.sent} sent"
            if self.mail.failed:
                text += f", {self.mail.waiting} waiting to be sent again"
        return text


def fetch(
    config: Config,
    progress: Progress | None = None,
    *,
    receive: Receiver | None = None,
    source: Source | None = None,
) -> FetchReport:
    """Read new mail once; see the module docstring. Raises IntakeError on operational failure.
    ``receive``: another parser (tests); ``source``: another mail source (tests)."""
    with instance_lock(config.paths.state), Ledger(ledger_path(config)) as ledger:
        store = SubmissionStore(submissions_folder(config))
        identity = config.mailbox.identity()
        _check_marker(store.folder, identity)
        report = FetchReport()
        run_id = ledger.start_run(identity, now())
        connection = Connection(source or open_source(config))
        try:
            report.warnings.extend(connection.open())
            with ParserProcess(config, receive) as parser:
                _Pass(config, ledger, store, connection, parser, report, run_id, progress).run()
            report.mail = deliver(config, ledger, now())
            report.warnings.extend(report.mail.warnings)
        finally:
            connection.close()
            ledger.finish_run(run_id, now(), report.counts(), [*config.warnings, *report.warnings])
        return report


def _check_marker(folder: Path, identity: str) -> None:
    """Demo and real data never mix: ``docs/submissions`` holds one mailbox's submissions."""
    marker = folder / SOURCE_MARKER
    try:
        existing = marker.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise IntakeError(f"cannot read {marker}: {exc.strerror}") from None
    if existing != identity:
        raise SourceMismatch(
            f"{folder} holds submissions from another mailbox ({existing}), not from "
            f"{identity} — if that is the demo, run `make clean-demo`; otherwise move "
            f"{folder} away (or point paths.docs elsewhere), then fetch again"
        )


@dataclass
class _Moves:
    """Recorded messages to move: (ledger row, UID) by target folder key."""

    by_target: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def add(self, target: str, row: int, uid: int) -> None:
        self.by_target.setdefault(target, []).append((row, uid))


class _Pass:
    """One pass over the mailbox, batch by batch (see the module docstring)."""

    def __init__(
        self,
        config: Config,
        ledger: Ledger,
        store: SubmissionStore,
        connection: Connection,
        parser: ParserProcess,
        report: FetchReport,
        run_id: int,
        progress: Progress | None,
    ) -> None:
        self.config = config
        self.ledger = ledger
        self.store = store
        self.connection = connection
        self.source = connection.source
        self.parser = parser
        self.report = report
        self.run_id = run_id
        self.progress = progress
        self.identity = config.mailbox.identity()
        self.recorded = 0
        self.crash_after = int(os.environ.get(CRASH_HOOK) or 0)

    def run(self) -> None:
        self._sweep()
        self._file_decisions()
        left: list[Envelope] | None = None
        done = 0
        while True:
            try:
                self._check_uidvalidity()
                self._move(self._pending_moves())
                if left is None:
                    left = self.source.candidates(self.ledger, self.identity)
                total = done + len(left)
                if self.progress is not None:
                    self.progress(done, total)
                while left:
                    envelopes = left[: self.config.mailbox.batch_size]
                    del left[: len(envelopes)]
                    done = self._batch(envelopes, done, total)
                return
            except SourceLost as exc:
                why = self.connection.reconnect(exc)
                if why is not None:
                    self.report.warnings.append(
                        f"{why}; {len(left or [])} message(s) not read this time — they are "
                        "read on the next run"
                    )
                    return

    def _file_decisions(self) -> None:
        """Decisions the office wrote into files since the last look (:func:`file_decisions`):
        committed, then the look's time kept (real time, as files' mtimes are)."""
        stamp = self.config.paths.state / FILE_DECISIONS_STAMP
        try:
            since: float | None = float(stamp.read_text(encoding="ascii"))
        except (OSError, ValueError):
            since = None
        looked = time.time()
        with self.ledger.batch():
            self.report.warnings.extend(
                file_decisions(
                    self.store,
                    self.ledger,
                    now(),
                    lambda sub, action: notify_decision(
                        self.config, self.ledger, sub, action, at=now()
                    ),
                    since=since,
                )
            )
        atomic_write(stamp, f"{looked}\n")

    # --- one batch -------------------------------------------------------------------------------

    def _batch(self, envelopes: list[Envelope], done: int, total: int) -> int:
        """Download, handle and record the batch in one transaction, then move it. Raises
        SourceLost (after recording what was downloaded) when the connection drops."""
        fetched: list[Fetched] = []
        lost: SourceLost | None = None
        try:
            fetched.extend(self.source.download(envelopes))
        except SourceLost as exc:
            lost = exc
        missed = envelopes[len(fetched) :] if lost is not None else []
        batch = Batch(
            self.config, self.ledger, self.store, self.source, self._parse, self.report.warnings
        )
        moves = _Moves()
        counted: list[str] = []
        try:
            with self.ledger.batch():
                for item in fetched:
                    counted.append(self._one(Incoming.of(item), batch, moves))
                    done += 1
                    if self.progress is not None:
                        self.progress(done, total)
                for env in missed:
                    counted.append(self._transient(env, f"connection lost: {lost}", None, moves))
                sync_folders(batch.folders)
        except OSError as exc:  # the batch's files are not durable: none of it is recorded
            moves, counted = _Moves(), []
            with self.ledger.batch():
                for env in envelopes:
                    counted.append(self._transient(env, f"writing the batch: {exc}", None, moves))
        counted = [outcome for outcome in counted if outcome != "moved"]
        for outcome in counted:
            self.report.count(outcome)
        self.recorded += sum(1 for outcome in counted if outcome != "retried")
        if self.crash_after and self.recorded >= self.crash_after:
            os._exit(70)  # test hook: die between recording and moving
        for row, uid, target in batch.adopted:
            moves.add(target, row, uid)
        self.report.moved_from_earlier += len(batch.adopted)
        self._move(moves)
        if lost is not None:
            raise lost
        return done + len(missed)

    def _parse(self, msg: Incoming) -> None:
        assert msg.fetched.raw is not None
        result = self.parser.parse(msg.fetched.raw, msg.arrived)
        if isinstance(result, Outcome):
            msg.outcome = result
        else:
            msg.failed = result

    def _one(self, msg: Incoming, batch: Batch, moves: _Moves) -> str:
        """Handle one message and record its outcome; returns the outcome's name."""
        env = msg.fetched.envelope
        try:
            with self.ledger.savepoint():
                result = handle(msg, batch)
                if result is None:
                    return "moved"
                self._record(msg, result, moves)
                return result.outcome.outcome
        except Transient as exc:
            return self._transient(env, str(exc), msg, moves)

    def _record(self, msg: Incoming, result: Result, moves: _Moves) -> None:
        env, outcome = msg.fetched.envelope, result.outcome
        target = FOLDER_OF[outcome.outcome]
        moved = target is None or not self.source.moves
        row = self.ledger.record(
            MessageRow(
                source=self.identity,
                folder=self.source.folder,
                uidvalidity=self.source.uidvalidity,
                uid=env.uid,
                key=env.key,
                message_id=msg.message_id,
                body_sha=msg.body_sha,
                raw_sha=msg.raw_sha,
                from_key=msg.from_key,
                size=env.size,
                outcome=outcome.outcome,
                reason=outcome.reason,
                detail=outcome.detail,
                problems="\n".join(str(p) for p in outcome.problems),
                submission_id=result.submission_id,
                sender=outcome.sender,
                subject=outcome.subject,
                arrived=msg.arrived,
                recorded=now(),
                target=target,
                moved=moved,
                run_id=self.run_id,
            ),
            result.index,
            location=env.location,
        )
        if not moved and target is not None and env.uid is not None:
            moves.add(target, row, env.uid)

    def _transient(self, env: Envelope, error: str, msg: Incoming | None, moves: _Moves) -> str:
        """Count a transient failure; past ``MAX_ATTEMPTS`` the message is quarantined."""
        count = self.ledger.attempt(self.identity, env.location, error, now())
        if count <= MAX_ATTEMPTS:
            return "retried"
        outcome = Outcome(
            "quarantined", "retry-limit", detail=f"failed {count} times; last error: {error}"
        )
        if msg is None:  # not downloaded: keyed by where it is
            key = f"retry-limit:{self.identity}:{env.location}".encode()
            msg = Incoming.of(Fetched(env, None, key))
            msg.message_id = msg.body_sha = ""
        else:
            outcome = with_headers(outcome, msg.headers)
        self._record(msg, Result(outcome), moves)
        return "quarantined"

    # --- moves and checks ------------------------------------------------------------------------

    def _move(self, moves: _Moves) -> None:
        """UID MOVE each folder's messages, then mark them moved."""
        for target in sorted(moves.by_target):
            pending = moves.by_target[target]
            self.source.move([uid for _, uid in pending], target)
            self.ledger.mark_moved([row for row, _ in pending])

    def _pending_moves(self) -> _Moves:
        """Rows recorded but not moved (an interrupted run, a lost connection): moved first."""
        moves = _Moves()
        if not self.source.moves or self.source.uidvalidity is None:
            return moves
        rows = self.ledger.pending_moves(self.identity, self.source.folder, self.source.uidvalidity)
        for rec in rows:
            if rec.target is not None and rec.uid is not None:
                moves.add(rec.target, rec.row, rec.uid)
        self.report.moved_from_earlier += sum(1 for rec in rows if rec.run_id != self.run_id)
        return moves

    def _check_uidvalidity(self) -> None:
        current = self.source.uidvalidity
        if current is None:
            return
        stored = self.ledger.uidvalidity(self.identity, self.source.folder)
        if stored is not None and stored != current:
            self.report.warnings.append(
                f"UIDVALIDITY of {self.source.folder} changed from {stored} to {current} (the "
                "folder was rebuilt or the server migrated): stored UIDs are forgotten and the "
                "folder is rescanned; mail already processed is recognised by its content and "
                "not published twice"
            )
        if stored != current:
            self.ledger.set_uidvalidity(self.identity, self.source.folder, current)

    def _sweep(self) -> None:
        """Remove temp files a killed run left in the submissions folder (only a fetch writes
        there, and it holds the lock)."""
        for folder in (self.store.folder, self.store.image_folder):
            for tmp in folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()
