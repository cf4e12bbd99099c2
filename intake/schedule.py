"""The planned posts the site and the shares feed show, in one order, with their crisis state.

A *post* is one item of a current plan (status ``received``, or ``pending`` while waiting for the
office's clearance) or of an approved proposal/announcement that has a date. Superseded and
rejected submissions are not posts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from intake.crisis import Crisis, CrisisNotice
from intake.model import Item, Submission
from intake.timeutil import iso_week


@dataclass(frozen=True)
class Post:
    submission: Submission
    index: int  # 0-based position in submission.items
    stopped_by: Crisis | None

    @property
    def item(self) -> Item:
        return self.submission.items[self.index]

    @property
    def uid(self) -> str:
        """Stable key: the submission id and the 1-based item number."""
        return f"{self.submission.id}-{self.index + 1}"

    @property
    def day(self) -> date:
        assert self.item.date is not None
        return self.item.date

    @property
    def week(self) -> str:
        return iso_week(self.day)

    @property
    def stopped(self) -> bool:
        return self.stopped_by is not None


def is_post_source(sub: Submission) -> bool:
    if sub.type == "plan":
        return sub.status in ("received", "pending")
    if sub.type in ("proposal", "announcement"):
        return sub.status == "approved"
    return False


def planned_posts(submissions: Iterable[Submission], crisis: CrisisNotice) -> list[Post]:
    """Every dated post, sorted by day, time (untimed last), unit, submission id, item."""
    posts = [
        Post(sub, i, crisis.stopped_by(item))
        for sub in submissions
        if is_post_source(sub)
        for i, item in enumerate(sub.items)
        if item.date is not None
    ]
    posts.sort(
        key=lambda p: (p.day, p.item.time or "99:99", p.submission.unit, p.submission.id, p.index)
    )
    return posts
