"""A unit's plans for a week as a chain, ordered by ``received``: the newest is current, each
older one ``superseded`` by the next (``superseded_by``), each newer one naming the one before
(``supersedes``).

A new plan changes at most its two neighbours. Worker processes (:mod:`intake.workers`) render
them ahead with the chain the ledger shows; when the chain changed meanwhile (a correction in
the same backlog), the main process renders them again with the links it finds
(:func:`relink`): for a file this run wrote, only its chain entries are emitted again.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from intake import frontmatter
from intake.errors import SubmissionFileError, describe
from intake.fetch import sha256
from intake.ledger import IndexEntry
from intake.model import FRONT_MATTER_KEYS, Status, Submission, chain_problems
from intake.store import SubmissionStore, split_front_matter, write_all, write_temp


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
    written = _write_over(source, raw, sync) if drop else write_temp(target, raw, sync)
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
