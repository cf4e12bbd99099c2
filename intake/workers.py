"""Parsing in worker processes, for ``intake fetch`` (:mod:`intake.pipeline`).

The parser (:func:`intake.parse.receive`) is pure and CPU-bound, so the fetch runs it in a pool
of processes, one per CPU (at most ``MAX_WORKERS``), which parse the next batch while the main
process stores, records and moves the current one. Messages travel in chunks (one round trip
for several messages). Each worker also renders, validates and writes ahead (as a temp file
beside its place) the files the main process will put in place: the submission, and for a plan
the neighbours its chain changes, as the ledger shows the chain now. The main process uses a
file only when nothing changed since; a stale guess (the chain changed while the worker
parsed: a correction in the same backlog) is rendered again there (:func:`relink`): for a
file this run wrote, only its chain entries are emitted again.

A message that kills its worker (a crash in a C library, the OOM killer) cannot take the run
down: its batch's unfinished messages come back as :class:`WorkerLost` (the pipeline retries
them, a message that failed before is read alone) and a new pool takes over.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from intake import frontmatter
from intake.config import Config
from intake.errors import SubmissionFileError
from intake.fetch import Fetched, sha256
from intake.ledger import IndexEntry, Ledger, ledger_path
from intake.model import FRONT_MATTER_KEYS, Status, Submission, chain_problems
from intake.outcome import Outcome
from intake.store import (
    SubmissionStore,
    split_front_matter,
    submissions_folder,
    temp_file,
    write_all,
)
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
    still holds those bytes; otherwise the file is rendered again (:func:`relink`). (Only a
    few strings travel back: no submission to pickle.)"""

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
    sha: str | None = None  # sha256 of the text in ``written`` (plans: see :func:`relink`)

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


def describe(exc: BaseException) -> str:
    """``Type: message at file:line`` (the innermost frame), for the quarantine's detail."""
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(frame[0].filename).name}:{frame[0].lineno}" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def index_entry(sub: Submission) -> IndexEntry:
    return IndexEntry(sub.id, sub.unit, sub.week, sub.type, sub.received, sub.status)


def chain_window(
    sub: IndexEntry, recorded: list[IndexEntry]
) -> list[tuple[IndexEntry, str | None, str | None]]:
    """The plans whose links a new plan can change (itself and its two neighbours in the chain
    ordered by ``received``), each with its older and newer neighbour's id."""
    chain = [e for e in recorded if e.id != sub.id]
    chain.append(sub)
    chain.sort(key=lambda e: (e.received, e.id))
    at = next(i for i, e in enumerate(chain) if e.id == sub.id)
    window = []
    for i in range(max(0, at - 1), min(len(chain), at + 2)):
        older = chain[i - 1].id if i > 0 else None
        newer = chain[i + 1].id if i + 1 < len(chain) else None
        window.append((chain[i], older, newer))
    return window


def chained_status(status: str, newer: str | None) -> str:
    """A plan's status in its chain: superseded when a newer plan exists."""
    if newer is not None:
        return "superseded"
    return "received" if status == "superseded" else status


def chained(current: Submission, older: str | None, newer: str | None) -> Submission:
    """``current`` with its place in the chain: superseded when a newer plan exists."""
    return replace(
        current,
        status=cast(Status, chained_status(current.status, newer)),
        superseded_by=newer,
        supersedes=(older,) if older else (),
    )


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
    :func:`relink` reads if the chain changed meanwhile) and every image is written ahead. Its
    index row travels in the entry's ``entry``. (Pickling the submission and unpickling it
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


def write_ahead(path: Path, data: str | bytes, sync: bool | None = None) -> str | None:
    """``data`` in a new temp file beside ``path`` (``.NAME.*.tmp``), which the main process
    renames into place or removes; None when it cannot be written here (the main process
    writes the file itself then). The main process makes the batch durable before it records
    it: with one syncfs of the file system (:class:`intake.store.FileSystem`), or else by
    syncing the folder, the file being fsynced here. Creating files is the slow part of
    writing on some disks, and the workers have time to spare while the main process, which
    runs one step at a time, has not. ``sync``: fsync it (None: as the worker was set up)."""
    try:
        fd, tmp = temp_file(path, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError:
        return None
    try:
        if _sync_each if sync is None else sync:
            os.fsync(fd)  # durable before it is renamed into place (the folder is synced then)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # noqa: PTH108
        return None
    finally:
        os.close(fd)
    return tmp


@dataclass(frozen=True)
class Relinked:
    """A plan rendered again with the chain links the main process found (:func:`relink`)."""

    status: str  # its status with those links
    written: str | None  # the temp file beside it with the new text; None: nothing changes
    error: str = ""  # what could not be read, validated or written (nothing was written)
    sha: str | None = None  # sha256 of the text in ``written``


def relink(
    folder: str,
    source: str,
    target_id: str,
    older: str | None,
    newer: str | None,
    drop: bool,
    always: bool = False,
    expected: str | None = None,
    *,
    memo: dict[str, tuple[str, str]],
    sync: bool = True,
) -> Relinked:
    """The plan in ``source`` (its file, or the temp file a worker wrote it in ahead) with these
    chain links, rendered, validated and written ahead beside ``target_id``'s file (``drop``:
    ``source`` is such a temp file, written over then, or removed when that fails; ``always``:
    written even when the file says so, as an earlier relink of it is not in place yet;
    ``sync``: fsync what is written). The main process does this
    when the links it finds are not those the worker saw (the chain changed in between); it
    puts the file in place before the batch is synced.

    ``expected``: the sha256 of the text this run wrote to ``source``. When the file still
    holds exactly that text, only its chain entries are emitted again (:func:`relinked_text`);
    otherwise (say the office edited it) it is parsed, validated and rendered whole.

    The same plan rendered again twice is read the second time from the first one's temp
    file (``memo``: plan id -> that file and its text's sha256), until it is in place."""
    store = SubmissionStore(Path(folder))
    quick: tuple[str, str] | None = None
    current: Submission | None = None
    try:
        data = None
        if (latest := memo.get(target_id)) is not None and not drop:
            with contextlib.suppress(FileNotFoundError):  # in place since: ``source`` has it
                data = Path(latest[0]).read_bytes()
                expected = latest[1]
        if data is None:
            data = Path(source).read_bytes()
        text = data.decode("utf-8")
        if expected is not None and sha256(data) == expected:
            quick = relinked_text(text, older, newer, source)
        if quick is None:
            current = store.parse(text, source)
    except (OSError, UnicodeDecodeError, SubmissionFileError) as exc:
        return _dropped(source, drop, Relinked("", None, str(exc)))
    if quick is not None:
        status, new_text = quick
        if not drop and not always and new_text == text:
            return Relinked(status, None)
    else:
        assert current is not None
        updated = chained(current, older, newer)
        status = updated.status
        if not drop and not always and updated.to_front_matter() == current.to_front_matter():
            return Relinked(status, None)
        try:
            new_text = store.render_valid(updated)
        except SubmissionFileError as exc:
            return _dropped(source, drop, Relinked(status, None, str(exc)))
    target = store.path_for(target_id)
    raw = new_text.encode("utf-8")
    # the worker's temp file is nobody else's: written over, not replaced by another new file
    # (creating files is the slow part of writing, the more so after many were removed)
    written = _write_over(source, raw, sync) if drop else write_ahead(target, raw, sync=sync)
    if written is None:
        error = f"could not write a temp file beside {target}"
        return _dropped(source, drop, Relinked(status, None, error))
    memo[target_id] = (written, sha256(raw))
    return Relinked(status, written, sha=memo[target_id][1])


def _write_over(tmp: str, raw: bytes, sync: bool) -> str | None:
    """``raw`` as the whole content of the temp file ``tmp``; None when that fails."""
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
    except OSError:
        return None
    try:
        write_all(fd, raw)
        if sync:
            os.fsync(fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    return tmp


def _dropped(source: str, drop: bool, result: Relinked) -> Relinked:
    """``result``, the worker's temp file ``source`` removed (``drop``): nothing was written."""
    if drop:
        with contextlib.suppress(OSError):
            os.unlink(source)  # noqa: PTH108
    return result


def relinked_text(
    text: str, older: str | None, newer: str | None, where: str
) -> tuple[str, str] | None:
    """(status, text) of a plan's file with these chain links, as :func:`chained` and
    ``render_valid`` would write it, from the file's ``text`` as this run wrote it: its
    ``status``, ``supersedes`` and ``superseded_by`` entries emitted again and validated by the
    schema's rules for them, the rest kept (:func:`intake.frontmatter.entries`). None when the
    text is not laid out so (the caller parses and renders it whole)."""
    parts = split_front_matter(text)
    found = frontmatter.entries(parts[0]) if parts is not None else None
    if parts is None or found is None or "status" not in found:
        return None
    current = frontmatter.load(found["status"])
    if not isinstance(current, dict) or not isinstance(current.get("status"), str):
        return None
    status = chained_status(current["status"], newer)
    links: dict[str, Any] = {
        "status": status,
        "supersedes": [older] if older else None,
        "superseded_by": newer,
    }
    if chain_problems(links, where):
        return None
    for key, value in links.items():
        if value is None:
            found.pop(key, None)
            continue
        emitted = frontmatter.emit({key: value})
        if emitted is None:
            return None
        found[key] = emitted
    if any(key not in FRONT_MATTER_KEYS for key in found):
        return None
    front = "".join(found[key] for key in FRONT_MATTER_KEYS if key in found)
    return status, f"---\n{front}---\n{parts[1]}"


def relink_safely(*args: Any, memo: dict[str, tuple[str, str]], sync: bool = True) -> Relinked:
    """:func:`relink`, its unexpected exception (a bug) as its error: the run goes on."""
    try:
        return relink(*args, memo=memo, sync=sync)
    except Exception as exc:
        return Relinked("", None, describe(exc))


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
