"""``intake fetch``: from the mail source to stored submissions and outcome folders, exactly once.

For every message the source holds that the ledger has not seen:

1. recognise a duplicate by content (same bytes, or same Message-ID and body) → ``ignored``
   ``duplicate``; a message over ``limits.max_message_bytes`` → ``quarantined`` ``too-large``
   (never downloaded); otherwise ask the parser (:func:`intake.parse.receive`); a parser crash →
   ``quarantined`` ``parser-error`` and the run goes on;
2. accepted: write the images and the submission file (atomic writes), supersede the unit's
   older plan for the same week;
3. record the outcome in the ledger (committed), *then* move the message to its folder, then
   mark it moved. A crash between 3's steps leaves a recorded, unmoved row: the next run only
   moves it. A crash before 3 leaves at most files that the re-run rewrites with the same bytes
   (ids are stable).

A transient failure (connection lost, ``OSError`` while writing) leaves the message in the inbox
(``retried``); the fourth failure of the same message quarantines it (``retry-limit``).

Messages are read in batches: while one batch is stored, recorded and moved, the next is
downloaded and parsed in worker processes (:mod:`intake.workers`); a batch's files are made
durable together (:class:`intake.store.Unsynced`: one syncfs on Linux) before its outcomes are
recorded, in one transaction. Recorded messages are moved ``MOVE_EVERY`` at a time.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from intake.chain import (
    Relinked,
    chain_window,
    chained,
    chained_status,
    index_entry,
    relink_safely,
)
from intake.config import Config
from intake.errors import IntakeError, SourceMismatch, SubmissionFileError, describe
from intake.fetch import (
    Envelope,
    Fetched,
    Source,
    SourceLost,
    message_id_of,
    open_source,
    sha256,
    split_raw,
)
from intake.ledger import IndexEntry, Ledger, Recorded, ledger_path
from intake.lock import instance_lock
from intake.model import Submission
from intake.outcome import FOLDER_OF, Outcome
from intake.store import (
    SOURCE_MARKER,
    FileSystem,
    SubmissionStore,
    Unsynced,
    atomic_write,
    submissions_folder,
)
from intake.timeutil import now
from intake.workers import (
    Parsed,
    ParserFailed,
    ParserPool,
    Prepared,
    Receiver,
    Sent,
    WorkerLost,
    parser,
)

MAX_ATTEMPTS = 3  # retried this many times; the next failure quarantines (retry-limit)
MOVE_EVERY = 500  # recorded messages moved together (and at the end of the run)
RECONNECTS = 2  # per run, with backoff
CRASH_HOOK = "INTAKE_TEST_CRASH_AFTER_RECORD"  # tests: os._exit after the Nth recorded outcome

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
        return text


def fetch(
    config: Config,
    progress: Progress | None = None,
    *,
    receive: Receiver | None = None,
    source: Source | None = None,
) -> FetchReport:
    """Read new mail once; see the module docstring. Raises IntakeError on operational failure."""
    with instance_lock(config.paths.state), Ledger(ledger_path(config)) as ledger:
        run = _Run(config, ledger, source or open_source(config), receive, progress)
        return run.execute()


@dataclass
class _Batch:
    """Messages read together: downloaded, sent to the parser pool, then handled in order."""

    envelopes: list[Envelope]
    fetched: list[Fetched] = field(default_factory=list)
    lost: SourceLost | None = None  # the connection dropped while downloading
    sent: Sent = field(default_factory=Sent)  # its messages in the parser pool
    suspicious: bool = False  # one message that failed before, read on its own


@dataclass
class _Pending:
    row: int
    uid: int | None
    target: str | None


@dataclass
class _ToRecord:
    """An outcome to record in the ledger (at once, or once the batch's files are durable),
    with the message's content keys, the moves it joins and the index rows it changes."""

    env: Envelope
    outcome: Outcome
    message_id: str
    body_sha: str
    raw_sha: str
    arrived: datetime
    moves: dict[str, list[_Pending]]
    index: list[IndexEntry]
    submission_id: str | None  # the accepted submission's
    fetched: Fetched | None = None


class _Run:
    def __init__(
        self,
        config: Config,
        ledger: Ledger,
        source: Source,
        receive: Receiver | None,
        progress: Progress | None,
    ) -> None:
        self.config = config
        self.ledger = ledger
        self.source = source
        self.receive = receive
        self.progress = progress
        self.report = FetchReport()
        self.identity = config.mailbox.identity()
        self.store = SubmissionStore(submissions_folder(config))
        self.marker_ok = False
        self.recorded = 0
        self.crash_after = int(os.environ.get(CRASH_HOOK) or 0)
        self.run_id = 0
        # the real parser runs in worker processes; an injected one (tests) in this process
        self.parsers = ParserPool(config) if receive is None else None
        # Files written without fsync, and the outcomes that wait for them (see _record): one
        # syncfs (or round of fsyncs) per batch instead of one per file, still before the ledger
        # and the move (the file system is opened as the run starts: see execute).
        self.unsynced = Unsynced()
        # keys of the messages in the batches being read, by id() of their bytes
        self.keys_of: dict[int, tuple[bytes, tuple[bytes, str, str, str]]] = {}
        self.deferred: list[_ToRecord] = []
        self.deferred_content: set[str] = set()  # raw sha, Message-ID + body sha
        self.deferred_ids: set[str] = set()  # submission ids in the deferred index rows
        self.deferred_chains: set[tuple[str, str, str]] = set()  # (unit, week, type)
        # fewer ledger queries: raw shas found absent when sent to the pool, content keys
        # recorded in this run, and the locations with failed attempts (None: not read yet)
        self.absent: set[str] = set()
        self.recorded_content: set[str] = set()
        self.failed: set[str] | None = None
        self.placed: set[str] = set()  # temp files renamed into place (for the message handled)
        # plans rendered again with the links found here, to put in place (see _relink_later)
        self.relinks: list[_Relink] = []
        # relink's memo: the latest temp file written for a plan, and its text's sha256
        self.relinked: dict[str, tuple[str, str]] = {}
        self.relinked_failed: set[str] = set()  # new submissions whose relink failed: retried
        # sha256 of the text this run put in a plan's file, by path: while the file holds it, a
        # relink emits only its chain entries again (chain.relink)
        self.own: dict[Path, str] = {}

    # --- the run ---------------------------------------------------------------------------------

    def execute(self) -> FetchReport:
        self._check_marker()
        self.run_id = self.ledger.start_run(self.identity, now())
        try:
            # before anything is written, so that syncfs reports every writeback error
            self.unsynced = Unsynced(filesystem=FileSystem.of(self.store.folder))
            if self.parsers is not None:  # with syncfs, workers need not fsync what they write
                self.parsers.sync_each = self.unsynced.filesystem is None
            self.report.warnings.extend(self.source.open())
            self._sweep()
            try:
                self._process_all()
            finally:
                if self.parsers is not None:
                    self.parsers.close()
                self.source.close()
                self._sweep()
        finally:
            self.unsynced.close()
            self.ledger.finish_run(
                self.run_id,
                now(),
                self.report.counts(),
                [*self.config.warnings, *self.report.warnings],
            )
        return self.report

    def _process_all(self) -> None:
        reconnects = 0
        done = 0
        envelopes: list[Envelope] | None = None
        ahead: _Batch | None = None  # the next batch, downloaded and parsing in the pool
        # recorded messages to move: one UID MOVE per folder for several batches (the server
        # syncs its mailbox for each command)
        moves: dict[str, list[_Pending]] = {}
        while True:
            try:
                self._check_uidvalidity()
                self._move_pending()
                if envelopes is None:
                    envelopes = self.source.candidates(self.ledger, self.identity)
                    if envelopes and self.parsers is not None:
                        self.parsers.start()  # they start while the first batch downloads
                total = len(envelopes)
                if self.progress is not None:
                    self.progress(done, total)
                while envelopes:
                    current, ahead = ahead or self._start(self._next_batch(envelopes)), None
                    rest = envelopes[len(current.envelopes) :]
                    if rest and current.lost is None and not current.suspicious:
                        # the workers parse the next batch while this one is stored and moved
                        # (not next to a message that failed before: its crash would be charged
                        # to the batch being handled)
                        following = self._next_batch(rest)
                        ahead = None if following.suspicious else self._start(following)
                    handled: set[str] = set()
                    for item, parsed in self._results(current):
                        self._handle(item, moves, parsed)
                        handled.add(item.envelope.location)
                        done += 1
                        if self.progress is not None:
                            self.progress(done, total)
                    self._record_deferred()
                    if current.lost is not None:
                        lost = [e for e in current.envelopes if e.location not in handled]
                        self._transient(lost, f"connection lost: {current.lost}", moves)
                        done += len(lost)
                    del envelopes[: len(current.envelopes)]
                    self._record_deferred()
                    for item in current.fetched:
                        self.keys_of.pop(id(item.raw), None)
                    if current.lost is not None:
                        raise current.lost
                    if sum(len(pending) for pending in moves.values()) >= MOVE_EVERY:
                        self._flush_moves(moves)
                self._flush_moves(moves)
                return
            except SourceLost as exc:
                ahead = None  # read again after the reconnect
                moves.clear()  # recorded as not moved: moved after the reconnect or next run
                self.keys_of.clear()
                if reconnects >= RECONNECTS:
                    self.report.warnings.append(
                        f"the connection to the mail server was lost ({exc}); {len(envelopes or [])} "
                        "message(s) not read this time — they are read on the next run"
                    )
                    return
                reconnects += 1
                self.source.close()
                time.sleep(reconnects * 1.0)
                try:
                    self.report.warnings.extend(self.source.open())
                except IntakeError as again:
                    self.report.warnings.append(
                        f"could not reconnect after a lost connection: {again}"
                    )
                    return

    def _next_batch(self, envelopes: list[Envelope]) -> _Batch:
        """``batch_size`` messages; a message that failed before is read on its own (isolates a poison)."""
        size = self.config.mailbox.batch_size
        if self.failed is None:
            self.failed = self.ledger.failed_locations(self.identity)
        failed = self.failed
        batch = _Batch([])
        for env in envelopes:
            suspicious = env.location in failed
            if suspicious and batch.envelopes:
                break
            batch.envelopes.append(env)
            if suspicious or len(batch.envelopes) >= size:
                batch.suspicious = suspicious
                break
        return batch

    # --- parsing in worker processes -------------------------------------------------------------

    def _start(self, batch: _Batch) -> _Batch:
        """Download the batch (bounded in count and bytes) and send it to the parser pool
        (:mod:`intake.workers`); duplicates and too-large messages are not sent."""
        try:
            batch.fetched.extend(self.source.download(batch.envelopes))
        except SourceLost as exc:
            batch.lost = exc
        if self.parsers is not None:
            batch.sent = self.parsers.send(batch.fetched, self._unknown)
        return batch

    def _results(self, batch: _Batch) -> Iterator[tuple[Fetched, Parsed]]:
        """Each message of the batch with its parse result, in order (None: parse here)."""
        if self.parsers is None:
            return ((item, None) for item in batch.fetched)
        return self.parsers.results(batch.fetched, batch.sent, self._unknown)

    def _unknown(self, item: Fetched) -> bool:
        """No row in the ledger has this content (worth parsing); remembered in ``absent``."""
        _head, message_id, body_sha, raw_sha = self._keys(item.raw or b"")
        if self.ledger.by_content(message_id, body_sha, raw_sha) is not None:
            return False
        self.absent.add(raw_sha)
        return True

    def _by_content(self, message_id: str, body_sha: str, raw_sha: str) -> Recorded | None:
        """The ledger's row with this content; no query when the message was not in the ledger
        as it was sent to the pool and no row with its content was recorded since (this run is
        the ledger's only writer: it holds the instance lock)."""
        if (
            raw_sha in self.absent
            and raw_sha not in self.recorded_content
            and (not message_id or f"{message_id} {body_sha}" not in self.recorded_content)
        ):
            return None
        return self.ledger.by_content(message_id, body_sha, raw_sha)

    def _keys(self, raw: bytes) -> tuple[bytes, str, str, str]:
        """(headers, Message-ID, body sha, raw sha): computed once per message of the batch."""
        known = self.keys_of.get(id(raw))
        if known is not None and known[0] is raw:
            return known[1]
        head, body = split_raw(raw)
        keys = (head, message_id_of(head), sha256(body), sha256(raw))
        self.keys_of[id(raw)] = (raw, keys)
        return keys

    def _sweep(self) -> None:
        """Remove temp files left in the submissions folder (by workers whose results were not
        used, or a run that was killed): only this run writes there (it holds the lock)."""
        for folder in (self.store.folder, self.store.image_folder):
            for tmp in folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()

    # --- source checks ---------------------------------------------------------------------------

    def _check_marker(self) -> None:
        marker = self.store.folder / SOURCE_MARKER
        try:
            existing = marker.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise IntakeError(f"cannot read {marker}: {exc.strerror}") from None
        if existing != self.identity:
            raise SourceMismatch(
                f"{self.store.folder} holds submissions from another mailbox ({existing}), not from "
                f"{self.identity} — if that is the demo, run `make clean-demo`; otherwise move "
                f"{self.store.folder} away (or point paths.docs elsewhere), then fetch again"
            )
        self.marker_ok = True

    def _ensure_marker(self) -> None:
        if self.marker_ok:
            return
        atomic_write(self.store.folder / SOURCE_MARKER, self.identity + "\n")
        self.marker_ok = True

    def _check_uidvalidity(self) -> None:
        current = self.source.uidvalidity
        if current is None:
            return
        stored = self.ledger.uidvalidity(self.identity, self.source.folder)
        if stored is not None and stored != current:
            self.report.warnings.append(
                f"UIDVALIDITY of {self.source.folder} changed from {stored} to {current} (the folder "
                "was rebuilt or the server migrated): stored UIDs are forgotten and the folder is "
                "rescanned; mail already processed is recognised by its content and not published twice"
            )
        if stored != current:
            self.ledger.set_uidvalidity(self.identity, self.source.folder, current)

    def _move_pending(self) -> None:
        """Rows an interrupted run recorded but did not move: move them now, nothing else."""
        if not self.source.moves or self.source.uidvalidity is None:
            return
        rows = self.ledger.pending_moves(self.identity, self.source.folder, self.source.uidvalidity)
        moves: dict[str, list[_Pending]] = {}
        for rec in rows:
            if rec.target is not None:
                moves.setdefault(rec.target, []).append(_Pending(rec.row, rec.uid, rec.target))
        # (a lost connection leaves this run's unmoved rows too: they are not "from earlier")
        self.report.moved_from_earlier += sum(1 for rec in rows if rec.run_id != self.run_id)
        self._flush_moves(moves)

    def _flush_moves(self, moves: dict[str, list[_Pending]]) -> None:
        for target in sorted(moves):
            pending = moves[target]
            uids = [p.uid for p in pending if p.uid is not None]
            self.source.move(uids, target)
            self.ledger.mark_moved([p.row for p in pending])
        moves.clear()

    # --- one message -----------------------------------------------------------------------------

    def _handle(
        self, fetched: Fetched, moves: dict[str, list[_Pending]], parsed: Parsed = None
    ) -> None:
        try:
            self._handle_one(fetched, moves, parsed)
        finally:
            if isinstance(parsed, tuple):  # temp files the worker wrote and nobody renamed
                for tmp in (t for ready in (parsed[1] or {}).values() for t in ready.temp_files):
                    if tmp not in self.placed:
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(tmp)  # noqa: PTH108
            self.placed.clear()

    def _handle_one(
        self, fetched: Fetched, moves: dict[str, list[_Pending]], parsed: Parsed
    ) -> None:
        env = fetched.envelope
        raw = fetched.raw
        if raw is not None:
            headers, message_id, body_sha, raw_sha = self._keys(raw)
        else:
            headers = fetched.headers
            message_id = message_id_of(headers)
            raw_sha = sha256(b"too-large:%d:" % env.size + headers)
            body_sha = ""
        arrived = env.arrived or now()

        if raw_sha in self.deferred_content or (
            message_id and f"{message_id} {body_sha}" in self.deferred_content
        ):
            self._record_deferred()  # the same content earlier in this batch: recorded first
        previous = self._by_content(message_id, body_sha, raw_sha)
        if previous is not None and self._adopt(previous, env, moves):
            return
        if previous is not None:
            first = previous.submission_id or f"{previous.outcome}/{previous.reason}"
            outcome = Outcome(
                "ignored",
                "duplicate",
                detail=f"the same message was already read ({first})",
                message_id=message_id,
            )
            outcome = _with_headers(outcome, headers)
        elif raw is None:
            outcome = _with_headers(
                Outcome(
                    "quarantined",
                    "too-large",
                    message_id=message_id,
                    detail=f"{env.size} bytes, over limits.max_message_bytes "
                    f"({self.config.limits.max_message_bytes}); not downloaded",
                ),
                headers,
            )
        elif isinstance(parsed, WorkerLost):
            self._transient([env], f"the parser process died: {parsed}", moves, fetched)
            return
        else:
            outcome = self._parse(raw, arrived, headers, message_id, parsed)

        index: list[IndexEntry] = []
        prepared = (parsed[1] if isinstance(parsed, tuple) else None) or {}
        new = _New.of(outcome, prepared, self.store)
        if new is not None:
            if new.entry.id in self.deferred_ids:
                self._record_deferred()  # its id is in this batch's outcomes: recorded first
            collision = self._collision(new.entry.id, raw_sha)
            if collision:
                new = None
                outcome = replace(
                    outcome,
                    outcome="quarantined",
                    reason="id-collision",
                    detail=collision,
                    submission=None,
                    attachments=(),
                )
            else:
                try:
                    index = self._store(new, prepared)
                except (OSError, SubmissionFileError) as exc:
                    new = None
                    if isinstance(exc, SubmissionFileError):
                        # our own output failed validation: a parser bug, not a transient failure
                        outcome = replace(
                            outcome,
                            outcome="quarantined",
                            reason="parser-error",
                            detail=f"the submission did not validate: {exc}",
                            submission=None,
                            attachments=(),
                        )
                    else:
                        self._transient([env], f"writing the submission: {exc}", moves, fetched)
                        return
        self._record(
            _ToRecord(
                env,
                outcome,
                message_id,
                body_sha,
                raw_sha,
                arrived,
                moves,
                index,
                new.entry.id if new is not None else None,
                fetched,
            )
        )

    def _parse(
        self, raw: bytes, arrived: datetime, headers: bytes, message_id: str, parsed: Parsed
    ) -> Outcome:
        try:
            if isinstance(parsed, tuple):
                return parsed[0]
            if isinstance(parsed, ParserFailed):
                detail = str(parsed)
            elif isinstance(parsed, Exception):
                raise parsed
            else:
                if self.receive is None:
                    self.receive = parser()
                return self.receive(raw, self.config, arrived=arrived)
        except Exception as exc:
            detail = describe(exc)
        return _with_headers(
            Outcome("quarantined", "parser-error", message_id=message_id, detail=detail), headers
        )

    def _adopt(self, previous: Recorded, env: Envelope, moves: dict[str, list[_Pending]]) -> bool:
        """A recorded, unmoved message found again under a new UIDVALIDITY: move it, as recorded."""
        if (
            not self.source.moves
            or previous.moved
            or previous.folder != self.source.folder
            or previous.uidvalidity == self.source.uidvalidity
            or env.uid is None
            or self.source.uidvalidity is None
        ):
            return False
        self.ledger.relocate(previous.row, self.source.uidvalidity, env.uid)
        if previous.target is not None:
            moves.setdefault(previous.target, []).append(
                _Pending(previous.row, env.uid, previous.target)
            )
        self.report.moved_from_earlier += 1
        return True

    def _collision(self, submission_id: str, raw_sha: str) -> str:
        owner = self.ledger.submission_owner(submission_id)
        if owner is None or owner == raw_sha:
            return ""
        return (
            f"the submission id {submission_id} is already used by another message "
            "(a reused Message-ID with a different body?); kept aside for the office"
        )

    def _transient(
        self,
        envelopes: list[Envelope],
        error: str,
        moves: dict[str, list[_Pending]],
        fetched: Fetched | None = None,
    ) -> None:
        """Count a transient failure; past ``MAX_ATTEMPTS`` the message is quarantined."""
        for env in envelopes:
            count = self.ledger.attempt(self.identity, env.location, error, now())
            if self.failed is not None:
                self.failed.add(env.location)
            if count <= MAX_ATTEMPTS:
                self.report.count("retried")
                continue
            outcome = Outcome(
                "quarantined", "retry-limit", detail=f"failed {count} times; last error: {error}"
            )
            message_id = body_sha = ""
            raw_sha = sha256(f"retry-limit:{self.identity}:{env.location}".encode())
            if fetched is not None and fetched.raw is not None:
                head, body = split_raw(fetched.raw)
                message_id, body_sha, raw_sha = (
                    message_id_of(head),
                    sha256(body),
                    sha256(fetched.raw),
                )
            if fetched is not None:
                outcome = _with_headers(outcome, fetched.headers)
            arrived = env.arrived or now()
            self._record(
                _ToRecord(env, outcome, message_id, body_sha, raw_sha, arrived, moves, [], None)
            )

    # --- storing ---------------------------------------------------------------------------------

    def _store(self, new: _New, prepared: dict[str, Prepared]) -> list[IndexEntry]:
        self._ensure_marker()
        ahead = dict(new.ready.images) if new.ready is not None else {}
        for attachment in new.outcome.attachments:
            name = Path(attachment.name).name
            if name != attachment.name or name.startswith("."):
                raise SubmissionFileError(attachment.name, [])
            path = self.store.image_folder / name
            self._put(path, attachment.data, ahead.get(name))
        if new.outcome.submission is None:  # slim: the images came as the files written ahead
            for name, written in ahead.items():
                self._put(self.store.image_folder / name, None, written)
        if new.entry.type != "plan":  # no links
            self.report.written.append(self._write(new.entry.id, (None, None), new.ready, new.full))
            return [new.entry]
        return self._supersede(new, prepared)

    def _write(
        self,
        sub_id: str,
        links: tuple[str | None, str | None],
        prepared: Prepared | None,
        updated: Callable[[], Submission],
    ) -> Path:
        """Write the submission with these chain ``links`` (older, newer): the worker's text
        when it rendered it with the same links; else the worker's file rendered again with
        these (:meth:`_relink_later`); else (no worker) ``updated()``, rendered here."""
        path = self.store.path_for(sub_id)
        if prepared is not None and prepared.changed and (prepared.older, prepared.newer) == links:
            self._place(path, prepared)
        elif self.parsers is not None and prepared is not None and prepared.written is not None:
            # the worker's file, with the links found here
            self.placed.add(prepared.written)  # the relink writes over it (or removes it)
            self._relink_later(path, prepared.written, sub_id, links, None, expected=prepared.sha)
        else:
            path = self.store.write(updated(), later=self.unsynced)
        return path

    def _relink_later(
        self,
        path: Path,
        source: str,
        sub_id: str,
        links: tuple[str | None, str | None],
        index: tuple[list[IndexEntry], int] | None,
        always: bool = False,
        expected: str | None = None,
    ) -> None:
        """Render the plan in ``source`` again with ``links`` (:func:`relink`) into a temp file,
        put in place before the batch's outcomes are recorded (:meth:`_finish_relinks`), in
        order. ``index``: where its index row is (an older plan's status is the file's, which
        the relink reads); None: the new submission. ``expected``: the sha256 of the text this
        run wrote to ``source``; while the file holds it, only its chain entries are emitted
        again (cheap); else it is read, validated and rendered whole."""
        assert self.parsers is not None
        drop = source != str(path)
        done = relink_safely(
            str(self.store.folder),
            source,
            sub_id,
            *links,
            drop,
            always,
            expected,
            memo=self.relinked,
            sync=self.parsers.sync_each,
        )
        self.relinks.append(_Relink(path, sub_id, done, index))

    def _finish_relinks(self) -> None:
        """Put the files rendered again in place, in the order they were asked for."""
        relinks, self.relinks = self.relinks, []
        self.relinked.clear()  # their temp files are in place now (the rest are swept)
        for pending in relinks:
            done = pending.done
            if done.error:
                if pending.index is None:  # the new submission: the message is retried
                    self.relinked_failed.add(pending.sub_id)
                else:
                    self.report.warnings.append(
                        f"could not update {pending.path} while superseding plans: {done.error}"
                    )
                continue
            if pending.index is not None:
                rows, at = pending.index
                rows[at] = replace(rows[at], status=done.status)
            if done.written is not None:
                os.replace(done.written, pending.path)  # noqa: PTH105
                self.unsynced.add(pending.path)
                self._own(pending.path, done.sha)

    def _place(self, path: Path, prepared: Prepared) -> None:
        """Put the worker's text in place (:meth:`_put`)."""
        self._put(path, prepared.text.encode("utf-8") if prepared.text else None, prepared.written)
        self._own(path, prepared.sha)

    def _own(self, path: Path, sha: str | None) -> None:
        """``path`` now holds the text whose sha256 is ``sha`` (None: a text of unknown hash)."""
        if sha is None:
            self.own.pop(path, None)
        else:
            self.own[path] = sha

    def _put(self, path: Path, data: bytes | None, written: str | None) -> None:
        """``data`` at ``path``: the temp file a worker wrote ahead, renamed (not when the file
        holds these bytes already: it keeps its mtime, as with atomic_write), or written here.
        ``data`` None: the temp file's bytes (read only when the file exists)."""
        if written is None:
            assert data is not None
            atomic_write(path, data, later=self.unsynced)
            return
        try:
            current = path.read_bytes()
            unchanged = current == (data if data is not None else Path(written).read_bytes())
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            unchanged = False
        if not unchanged:
            os.replace(written, path)  # noqa: PTH105
            self.placed.add(written)
            self.unsynced.add(path)

    def _supersede(self, new: _New, prepared: dict[str, Prepared]) -> list[IndexEntry]:
        """Keep the unit's plans for the week as a chain ordered by ``received``: newest current.

        Only the new plan and its two neighbours in the chain can change, so at most three files
        are read or written whatever the chain's length. An older plan the worker prepared is
        taken as it prepared it when the file still holds what the worker read; one it prepared
        with other links (the chain changed since) is rendered again (:meth:`_relink_later`),
        as is the new plan itself then.
        """
        changed: list[IndexEntry] = []
        sub = new.entry
        chain = self._chain(sub.unit, sub.week, sub.type)
        window = chain_window(sub, chain)
        # files rendered again in this batch, not in place yet: their next version is rendered
        # from the latest temp file (relink's memo), never from the file here
        relinking = {pending.sub_id for pending in self.relinks}
        for entry, older, newer in window:
            ready = prepared.get(entry.id)
            if entry.id == sub.id:
                written = self._write(sub.id, (older, newer), ready, new.linked(older, newer))
                self.report.written.append(written)
                changed.append(replace(entry, status=chained_status(sub.status, newer)))
                continue
            path = self.store.path_for(entry.id)
            if self.parsers is not None and (
                ready is None
                or (ready.older, ready.newer) != (older, newer)
                or entry.id in relinking
            ):
                # the worker saw other links: rendered again
                changed.append(replace(entry, status=chained_status(entry.status, newer)))
                self._relink_later(
                    path,
                    str(path),
                    entry.id,
                    (older, newer),
                    (changed, len(changed) - 1),
                    always=entry.id in relinking,
                    expected=self.own.get(path),
                )
                continue
            try:
                data = path.read_bytes()
                if (
                    ready is not None
                    and (ready.older, ready.newer) == (older, newer)
                    and ready.read_sha == sha256(data)
                ):
                    if ready.changed:
                        self._place(path, ready)
                        changed.append(replace(entry, status=ready.status))
                    continue
                current = self.store.parse(data.decode("utf-8"), str(path))
            except (SubmissionFileError, OSError, UnicodeDecodeError) as exc:
                self.report.warnings.append(
                    f"could not update {path} while superseding plans: {exc}"
                )
                continue
            updated = chained(current, older, newer)
            if updated.to_front_matter() != current.to_front_matter():
                self.store.write(updated, later=self.unsynced)
                self._own(path, None)
                changed.append(replace(entry, status=updated.status))
        return changed

    def _chain(self, unit: str, week: str, type_: str) -> list[IndexEntry]:
        """The chain as the ledger holds it, with the rows of this batch's outcomes that wait
        for their files' sync (:meth:`_record_deferred`) in their place."""
        chain = self.ledger.chain(unit, week, type_)
        key = (unit, week, type_)
        if key not in self.deferred_chains:
            return chain
        by_id = {entry.id: entry for entry in chain}
        for done in self.deferred:
            for entry in done.index:
                if (entry.unit, entry.week, entry.type) == key:
                    by_id[entry.id] = entry
        return sorted(by_id.values(), key=lambda e: (e.received, e.id))

    # --- recording -------------------------------------------------------------------------------

    def _record(self, done: _ToRecord) -> None:
        """Record an outcome: at once when no file waits for its fsync, else after the batch's
        files are durable (:meth:`_record_deferred`), in the order the messages were handled."""
        if not self.unsynced and not self.deferred and not self.relinks:
            self._record_now(done)
            return
        self.deferred.append(done)
        self.deferred_content.add(done.raw_sha)
        if done.message_id:
            self.deferred_content.add(f"{done.message_id} {done.body_sha}")
        for entry in done.index:
            self.deferred_ids.add(entry.id)
            self.deferred_chains.add((entry.unit, entry.week, entry.type))
        if done.submission_id is not None:
            self.deferred_ids.add(done.submission_id)

    def _record_deferred(self) -> None:
        """fsync the files written since the last call (then their folders), then record the
        outcomes that waited for them: a recorded outcome's files are always durable."""
        if not self.deferred and not self.relinks and not self.unsynced:
            return  # nothing waits (the batch's second call, when no message was retried)
        failed: OSError | None = None
        try:
            self._finish_relinks()
        except OSError as exc:
            failed = exc
        deferred, self.deferred = self.deferred, []
        self.deferred_content.clear()
        self.deferred_ids.clear()
        self.deferred_chains.clear()
        try:
            self.unsynced.sync()
        except OSError as exc:
            failed = failed or exc
        relinked_failed, self.relinked_failed = self.relinked_failed, set()
        with self.ledger.batch():  # one commit for the batch, before any of its moves
            for done in deferred:
                if done.submission_id in relinked_failed:
                    error = "rendering the submission again with its place in the chain failed"
                    self._transient([done.env], error, done.moves, done.fetched)
                    continue
                if failed is not None and done.outcome.outcome == "accepted":
                    error = f"writing the submission: {failed}"
                    self._transient([done.env], error, done.moves, done.fetched)
                    continue
                self._record_now(done)

    def _record_now(self, done: _ToRecord) -> None:
        env, outcome, message_id = done.env, done.outcome, done.message_id
        target = FOLDER_OF[outcome.outcome]
        moved = target is None or not self.source.moves
        row = self.ledger.record(
            source=self.identity,
            folder=self.source.folder,
            uidvalidity=self.source.uidvalidity,
            uid=env.uid,
            key=env.key,
            message_id=message_id,  # the content key, as extracted from the raw headers
            body_sha=done.body_sha,
            raw_sha=done.raw_sha,
            size=env.size,
            outcome=outcome.outcome,
            reason=outcome.reason,
            detail=outcome.detail,
            problems="\n".join(str(p) for p in outcome.problems),
            submission_id=done.submission_id,
            sender=outcome.sender,
            subject=outcome.subject,
            arrived=done.arrived,
            recorded=now(),
            target=target,
            moved=moved,
            run_id=self.run_id,
            location=env.location if self.failed is None or env.location in self.failed else None,
            index=done.index,
        )
        self.recorded_content.add(done.raw_sha)
        if message_id:
            self.recorded_content.add(f"{message_id} {done.body_sha}")
        if self.failed is not None:
            self.failed.discard(env.location)  # the row cleared its attempts
        self.report.count(outcome.outcome)
        self.recorded += 1
        if self.crash_after and self.recorded >= self.crash_after:
            if self.ledger.db.in_transaction:  # recorded means committed
                self.ledger.db.execute("COMMIT")
            os._exit(70)  # test hook: die between recording and moving
        if not moved and target is not None:
            done.moves.setdefault(target, []).append(_Pending(row, env.uid, target))


@dataclass
class _Relink:
    """A plan rendered again (:meth:`_Run._relink_later`): its file, and the result."""

    path: Path
    sub_id: str
    done: Relinked
    index: tuple[list[IndexEntry], int] | None  # where its index row is (an older plan)


@dataclass
class _New:
    """An accepted submission as this process stores it: its index row, and the whole
    submission, which a worker may have sent only as the file it rendered (:func:`slim`). That
    text is parsed only when the submission is rendered again here (its chain changed since)."""

    entry: IndexEntry
    outcome: Outcome
    ready: Prepared | None
    store: SubmissionStore  # parses the worker's text (full)

    @classmethod
    def of(
        cls, outcome: Outcome, prepared: dict[str, Prepared], store: SubmissionStore
    ) -> _New | None:
        if outcome.outcome != "accepted":
            return None
        if outcome.submission is not None:
            sub = outcome.submission
            return cls(index_entry(sub), outcome, prepared.get(sub.id), store)
        for ready in prepared.values():
            if ready.entry is not None:
                return cls(ready.entry, outcome, ready, store)
        return None

    def linked(self, older: str | None, newer: str | None) -> Callable[[], Submission]:
        """The submission with these chain links, when it is asked for."""
        return lambda: chained(self.full(), older, newer)

    def full(self) -> Submission:
        if self.outcome.submission is not None:
            return self.outcome.submission
        # a slim result whose file could not be written ahead keeps its text (workers.slim);
        # its links and status as the worker guessed them: chained() sets them again
        assert self.ready is not None and self.ready.text
        return self.store.parse(self.ready.text, f"{self.entry.id}.md (as a worker rendered it)")


def _with_headers(outcome: Outcome, headers: bytes) -> Outcome:
    """Fill sender and subject (for status and the office page) from raw header bytes."""
    if outcome.sender and outcome.subject:
        return outcome
    from email.parser import BytesHeaderParser
    from email.policy import default
    from email.utils import parseaddr

    sender = subject = ""
    with contextlib.suppress(Exception):
        msg = BytesHeaderParser(policy=default).parsebytes(headers + b"\r\n\r\n")
        sender = parseaddr(str(msg.get("From", "")))[1].lower()
        subject = " ".join(str(msg.get("Subject", "")).split())[:300]
    return replace(outcome, sender=outcome.sender or sender, subject=outcome.subject or subject)
