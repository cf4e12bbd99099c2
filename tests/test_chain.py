"""chain.place: a new plan takes its place in the unit's chain for the week; only its two
neighbours are read and only those whose links change are returned, whatever the chain's
length."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.chain import chained, index_entry, place
from intake.model import Submission
from intake.timeutil import TZ
from tests.test_store import make_submission

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)


def _plan(n: int) -> Submission:
    return make_submission(id=f"2026-w49-ghgm-plan-{n:08x}", received=T0 + timedelta(minutes=n))


def _linked(plans: list[Submission]) -> dict[str, Submission]:
    """The chain as it should be: ordered by received, each linked to its neighbours."""
    ordered = sorted(plans, key=lambda p: (p.received, p.id))
    out = {}
    for i, plan in enumerate(ordered):
        older = ordered[i - 1].id if i > 0 else None
        newer = ordered[i + 1].id if i + 1 < len(ordered) else None
        out[plan.id] = chained(plan, older, newer)
    return out


@settings(max_examples=100, deadline=None)
@given(order=st.permutations(list(range(6))))
def test_placing_plans_in_any_order_gives_the_linked_chain(order: list[int]) -> None:
    stored: dict[str, Submission] = {}
    reads: list[str] = []

    def read(sub_id: str) -> Submission:
        reads.append(sub_id)
        return stored[sub_id]

    for n in order:
        new = _plan(n)
        reads.clear()

        written = place(new, [index_entry(s) for s in stored.values()], read)
        assert written[0].id == new.id
        assert len(reads) <= 2  # its neighbours only
        stored.update({s.id: s for s in written})
    assert stored == _linked([_plan(n) for n in order])


def test_a_long_chain_reads_two_files_at_most() -> None:
    linked = _linked([_plan(n) for n in range(2000)])
    chain = [index_entry(plan) for plan in linked.values()]
    reads: list[str] = []
    newest = _plan(5000)

    def read(sub_id: str) -> Submission:
        reads.append(sub_id)
        return linked[sub_id]

    written = place(newest, chain, read)
    assert reads == [_plan(1999).id]
    assert [s.id for s in written] == [newest.id, _plan(1999).id]
    assert written[1].status == "superseded" and written[1].superseded_by == newest.id
    assert written[0].supersedes == (_plan(1999).id,)


def test_a_neighbour_that_cannot_be_read_keeps_its_file() -> None:
    first = _plan(1)
    written = place(_plan(2), [index_entry(first)], lambda sub_id: None)
    assert [s.id for s in written] == [_plan(2).id]
    assert written[0].supersedes == (first.id,)


def test_an_unchanged_neighbour_is_not_written_again() -> None:
    older, newer = _plan(1), _plan(3)
    linked = _linked([older, newer])
    # a plan received before ``older``: only ``older`` gets a new link, ``newer`` is untouched
    written = place(_plan(0), [index_entry(s) for s in linked.values()], linked.__getitem__)
    assert [s.id for s in written] == [_plan(0).id, older.id]
    assert written[1] == replace(linked[older.id], supersedes=(_plan(0).id,))
