"""Parsing in worker processes, for ``intake fetch`` (:mod:`intake.pipeline`).

The parser (:func:`intake.parse.receive`) is pure and CPU-bound, so the fetch runs it in a pool
of processes, one per CPU (at most ``MAX_WORKERS``), which parse the next batch while the main
process stores, records and moves the current one. Messages travel in chunks (one round trip
for several messages). Each worker also renders, validates and writes ahead (as a temp file
beside its place) the files the main process will put in place: the submission, and for a plan
the neighbours its chain changes, as the ledger shows the chain now. The main process uses a
file only when nothing changed since; a stale guess (the chain changed while the worker
parsed: a correction in the same backlog) is rendered again there
(:func:`intake.chain.relink`): for a file this run wrote, only its chain entries are emitted
again.

A message that kills its worker (a crash in a C library, the OOM killer) cannot take the run
down: its batch's unfinished messages come back as :class:`WorkerLost` (the pipeline retries
them, a message that failed before is read alone) and a new pool takes over.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from intake.chain import chain_window, chained, index_entry
from intake.config import Config
from intake.errors import SubmissionFileError, describe
from intake.fetch import Fetched, sha256
from intake.ledger import IndexEntry, Ledger, ledger_path
from intake.outcome import Outcome
from intake.store import SubmissionStore, submissions_folder, write_temp
from intake.timeutil import now

if TYPE_CHECKING:  # imported when a pool is started: a fetch with no new mail stays fast
    from concurrent.futures import Future, ProcessPoolExecutor

MAX_WORKERS = 4  # parser processes (at most the CPUs this process may use)
CHUNK = 8  # messages per job sent to a parser process


class Receiver(Protocol):
    def __call__(self, raw: bytes, config: Config, *, arrived: datetime) -> Outcome: ...


class WorkerLost(Exception):
    """A parser process died (killed, out of memory): the message is retried."""


class ParserFailed(Exception):
    """The parser raised in a worker: its description, as :func:`describe` words it."""


@dataclass(frozen=True)
class Prepared:
    """A file a worker rendered ahead, for the chain links ``older``/``newer`` it saw in the
    ledger: ``text`` (rendered and validated; empty when ``changed`` is False: the file already
    says so, and when ``written``: the temp file holds it) and the plan's ``status`` with
    those links. For an older plan of the chain, ``read_sha`` is the sha256 of the file as the
    worker read it. The main process uses it only when its own links are the same and the file
    still holds those bytes; otherwise the file is rendered again
    (:func:`intake.chain.relink`). (Only a few strings travel back: no submission to pickle.)"""

    older: str | None
    newer: str | None
    status: str
    text: str
    changed: bool = True
    read_sha: str | None = None
    written: str | None = None  # a temp file beside the file, holding ``text``
    images: tuple[tuple[str, str], ...] = ()  # (name, temp file) of the submission's images
    # the new submission's index row, when the outcome comes without the submission (:func:`slim`)
    entry: IndexEntry | None = None
    sha: str | None = None  # sha256 of the text in ``written`` (see :func:`intake.chain.relink`)

    @property
    def temp_files(self) -> list[str]:
        """The temp files written ahead for this entry (renamed into place, or to remove)."""
        return [t for t in (self.written, *(tmp for _, tmp in self.images)) if t is not None]


# A worker's result: the outcome, and for an accepted mail the files it will write, rendered and
# validated against the schema, by submission id.
Rendered = tuple[Outcome, dict[str, Prepared]]
# What the pipeline gets for a message: a result, the parser's failure (ParserFailed), a lost
# worker (WorkerLost), or None: parse in-process.
Parsed = Rendered | Exception | None


def parser() -> Receiver:
    """The real parser, imported only when there is mail to read (a fetch with none stays fast)."""
    from intake.parse import receive

    return receive


def render(outcome: Outcome) -> str | None:
    """An accepted outcome's file text, validated; None otherwise or when it does not validate
    (``SubmissionStore.write`` in the main process reports that)."""
    sub = outcome.submission
    if outcome.outcome != "accepted" or sub is None:
        return None
    try:
        return SubmissionStore(Path()).render_valid(sub)
    except SubmissionFileError:
        return None


# --- inside a worker process ---------------------------------------------------------------------

_config: Config | None = None
_ledger: Ledger | None = None
_sync_each = True  # fsync each file written ahead (no syncfs of the whole file system after)


def _init(config: Config, sync_each: bool = True) -> None:
    global _config, _ledger, _sync_each
    _config = config
    _ledger = Ledger.reader(ledger_path(config))
    _sync_each = sync_each
    parser()  # imported now, while the main process downloads the first messages


def _ready() -> None:
    """A job that does nothing: submitting it starts the worker processes."""


def parse_one(raw: bytes, arrived: datetime) -> Rendered:
    """Parse, and render and write ahead (:func:`write_ahead`) the files the main process will
    put in place: work that would otherwise wait in the main process. The result is
    :func:`slim` when it can be."""
    outcome, prepared = slim(*_prepare(raw, arrived))
    # the text travels as the temp file written ahead: a result that fits in the pipe (a worker
    # waits until the main process has read a larger one)
    return outcome, {
        sid: replace(ready, text="") if ready.written is not None else ready
        for sid, ready in prepared.items()
    }


def slim(outcome: Outcome, prepared: dict[str, Prepared]) -> Rendered:
    """The result without the submission and its images' bytes, when the main process can do
    without them: the new submission's file is rendered (and, written ahead, it is what
    :func:`intake.chain.relink` reads if the chain changed meanwhile) and every image is written
    ahead. Its index row travels in the entry's ``entry``. (Pickling the submission and unpickling it
    cost about 0.13 ms each, as much as the rest of the result.)"""
    sub = outcome.submission
    ready = prepared.get(sub.id) if sub is not None else None
    if (
        sub is None
        or ready is None
        or not ready.changed
        or not ready.text
        or len(ready.images) != len(outcome.attachments)
    ):
        return outcome, prepared
    prepared[sub.id] = replace(ready, entry=index_entry(sub))
    return replace(outcome, submission=None, attachments=()), prepared


def _prepare(raw: bytes, arrived: datetime) -> Rendered:
    assert _config is not None
    outcome = parser()(raw, _config, arrived=arrived)
    sub = outcome.submission
    if outcome.outcome != "accepted" or sub is None:
        return outcome, {}
    store = SubmissionStore(submissions_folder(_config))
    images = _images_ahead(outcome, store)
    if sub.type != "plan" or _ledger is None:  # no chain to look at
        text = render(outcome)
        written = write_ahead(store.path_for(sub.id), text) if text else None
        ready = Prepared(None, None, sub.status, text or "", bool(text), None, written, images)
        return outcome, {sub.id: ready}
    # the images, whatever the main process finds of the chain
    prepared = {sub.id: Prepared(None, None, sub.status, "", False, None, None, images)}
    try:
        chain = _ledger.chain(sub.unit, sub.week, sub.type)
    except Exception:  # the main process decides with its own reading
        return outcome, prepared
    for entry, older, newer in chain_window(index_entry(sub), chain):
        read_sha: str | None = None
        current = sub
        if entry.id != sub.id:
            try:
                read = store.path_for(entry.id).read_bytes()
                current = store.parse(read.decode("utf-8"), entry.id)
            except Exception:  # noqa: S112 - the main process reads it again and reports
                continue
            read_sha = sha256(read)
        updated = chained(current, older, newer)
        if read_sha is not None and updated.to_front_matter() == current.to_front_matter():
            prepared[entry.id] = Prepared(older, newer, updated.status, "", False, read_sha)
            continue
        try:
            text = store.render_valid(updated)
        except SubmissionFileError:
            continue
        raw = text.encode("utf-8")
        written = write_ahead(store.path_for(entry.id), raw)
        prepared[entry.id] = Prepared(
            older,
            newer,
            updated.status,
            text,
            True,
            read_sha,
            written,
            images if entry.id == sub.id else (),
            sha=sha256(raw) if written is not None else None,
        )
    return outcome, prepared


def _images_ahead(outcome: Outcome, store: SubmissionStore) -> tuple[tuple[str, str], ...]:
    """The outcome's images written ahead (:func:`write_ahead`), by name."""
    out = []
    for attachment in outcome.attachments:
        name = Path(attachment.name).name
        if name != attachment.name or name.startswith("."):
            continue  # the main process refuses it
        written = write_ahead(store.image_folder / name, attachment.data)
        if written is not None:
            out.append((name, written))
    return tuple(out)


def write_ahead(path: Path, data: str | bytes) -> str | None:
    """``data`` in a new temp file beside ``path`` (``.NAME.*.tmp``), which the main process
    renames into place or removes; None when it cannot be written here (the main process
    writes the file itself then). The main process makes the batch durable before it records
    it: with one syncfs of the file system (:class:`intake.store.FileSystem`), or else by
    syncing the folder, the file being fsynced here. Creating files is the slow part of
    writing on some disks, and the workers have time to spare while the main process, which
    runs one step at a time, has not."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return write_temp(path, raw, _sync_each)


def parse_chunk(jobs: list[tuple[bytes, datetime]]) -> list[Rendered | ParserFailed]:
    """:func:`parse_one` for a few messages: one round trip to the pool, not one each."""
    results: list[Rendered | ParserFailed] = []
    for raw, arrived in jobs:
        try:
            results.append(parse_one(raw, arrived))
        except Exception as exc:  # quarantined as parser-error; the others go on
            results.append(ParserFailed(describe(exc)))
    return results


# --- in the main process -------------------------------------------------------------------------


@dataclass
class Sent:
    """A batch's messages as sent to the pool: per message its chunk's job and its place in
    the chunk (None: not sent)."""

    pool: ProcessPoolExecutor | None = None
    jobs: list[tuple[Future[list[Rendered | ParserFailed]], int] | None] = field(
        default_factory=list
    )


class ParserPool:
    """The worker processes, started on first use (forked: they inherit the loaded code)."""

    def __init__(self, config: Config, *, sync_each: bool = True) -> None:
        self.config = config
        self.sync_each = sync_each  # False: the main process syncs the whole file system
        self.workers = max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))
        self.executor: ProcessPoolExecutor | None = None

    def send(self, fetched: list[Fetched], wanted: Callable[[Fetched], bool]) -> Sent:
        """Send the messages ``wanted`` says need parsing, in chunks (still at least two chunks
        per worker so that all of them are busy)."""
        from concurrent.futures.process import BrokenProcessPool

        sent = Sent(pool=self._executor(len(fetched)))
        chunk: list[tuple[bytes, datetime]] = []
        places: list[int] = []  # where the chunk's messages are in sent.jobs
        size = max(1, min(CHUNK, len(fetched) // (2 * self.workers)))
        for i, item in enumerate(fetched):
            sent.jobs.append(None)
            if sent.pool is not None and item.raw is not None and wanted(item):
                chunk.append((item.raw, item.envelope.arrived or now()))
                places.append(i)
            if chunk and (len(chunk) >= size or i == len(fetched) - 1):
                assert sent.pool is not None
                try:
                    job = sent.pool.submit(parse_chunk, chunk)
                except BrokenProcessPool:  # a worker died: the batch being handled says which
                    self.close()
                    return Sent(pool=sent.pool)  # no jobs: results() sends them again
                for at, place in enumerate(places):
                    sent.jobs[place] = (job, at)
                chunk, places = [], []
        return sent

    def start(self) -> None:
        """Start the worker processes now (they import the parser meanwhile), not when the
        first messages are sent: there is mail to read."""
        executor = self._executor(1)
        if executor is not None:
            with contextlib.suppress(Exception):  # the first send finds the pool broken again
                executor.submit(_ready)

    def results(
        self, fetched: list[Fetched], sent: Sent, wanted: Callable[[Fetched], bool]
    ) -> Iterator[tuple[Fetched, Parsed]]:
        """Each message with its result, in order, as the workers finish them."""
        if sent.pool is not self.executor or len(sent.jobs) != len(fetched):
            sent = self.send(fetched, wanted)  # sent ahead to a pool that broke since: again
        from concurrent.futures.process import BrokenProcessPool

        for item, job in zip(fetched, sent.jobs, strict=True):
            if job is None:
                yield item, None
                continue
            future, at = job
            try:
                yield item, future.result()[at]
            except BrokenProcessPool as exc:
                self.close()
                yield item, WorkerLost(str(exc) or "worker process ended")
            except Exception as exc:  # the result did not come back (it did not pickle)
                yield item, exc

    def _executor(self, messages: int) -> ProcessPoolExecutor | None:
        """The pool of forked processes (they inherit the loaded code), set up by :func:`_init`."""
        if messages < 1:
            return None
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_init,
                initargs=(self.config, self.sync_each),
            )
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None
