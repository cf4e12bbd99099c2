"""A unit's plans for a week as a chain, ordered by ``received``: the newest is current, each
older one ``superseded`` by the next (``superseded_by``), each newer one naming the one before
(``supersedes``).

A new plan changes at most its two neighbours, whatever the chain's length: :func:`place`
finds them in the ledger's index (which, inside a batch, holds the batch's own plans too) and
returns the files to write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import cast

from intake.ledger import IndexEntry
from intake.model import Status, Submission


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


def place(
    sub: Submission, chain: list[IndexEntry], read: Callable[[str], Submission | None]
) -> list[Submission]:
    """``sub`` (a new plan) with its links in ``chain`` (the unit's plans for the week as the
    index holds them), then each neighbour whose links change, read by ``read(id)`` (None: it
    cannot be read, and keeps its file as it is)."""
    out: list[Submission] = []
    for entry, older, newer in chain_window(index_entry(sub), chain):
        if entry.id == sub.id:
            out.insert(0, chained(sub, older, newer))
            continue
        current = read(entry.id)
        if current is None:
            continue
        updated = chained(current, older, newer)
        if updated.to_front_matter() != current.to_front_matter():
            out.append(updated)
    return out
