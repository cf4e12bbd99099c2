"""Re-share tracking (circular order 8): ministry posts × units, each unit's rate, the agenda's
figures, and the ``/reshares/`` page.

Ministry posts come from the office's list (:mod:`intake.reshares`), or, while the office keeps
none, from the ``reshare_of`` values of the units' re-share reports. Each (post, unit) is

- **done**: reported within ``reshares.late_after_days`` days of the post's date;
- **late**: reported after that;
- **missing**: not reported, and that many days have passed;
- **waiting**: not reported yet, but still in time (not counted in the rates).

A unit's first report of a post counts (a second identical report changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

import jinja2

from intake.config import Config, Unit
from intake.model import Submission
from intake.render import markup
from intake.render.context import SiteContext
from intake.render.turkish import date_time, long_date, short_date, week_label
from intake.reshares import (
    MINISTRY_POSTS_FILE,
    MinistryPost,
    PostIndex,
    load_ministry_posts,
    post_key,
)
from intake.textnorm import sort_key
from intake.timeutil import TZ, iso_week

RECENT_WEEKS = 8  # weeks of re-share tables shown, newest first
RATE_WEEKS = (4, 12)  # the periods of each unit's rate
UNMATCHED_LIMIT = 50  # re-share reports quoting no listed post, newest first
State = Literal["done", "late", "missing", "waiting"]


@dataclass(frozen=True)
class ReshareReport:
    unit: str
    post_key: str
    reshare_of: str  # as the unit wrote it
    url: str | None  # the unit's own post
    topic: str
    submission: str
    received: datetime


@dataclass(frozen=True)
class UnitRate:
    unit: Unit
    done: tuple[str, ...]  # post keys re-shared (late ones too)
    missing: tuple[str, ...]  # post keys not reported, and overdue
    late: tuple[str, ...] = ()  # post keys re-shared after the deadline (also in done)
    waiting: tuple[str, ...] = ()  # post keys not reported yet, still in time (not counted)

    @property
    def total(self) -> int:
        return len(self.done) + len(self.missing)

    @property
    def rate(self) -> float | None:
        return len(self.done) / self.total if self.total else None

    @property
    def percent(self) -> str:
        """Turkish style, sign first: ``%67``; ``—`` when there was nothing to re-share."""
        return "—" if self.rate is None else f"%{round(self.rate * 100)}"


@dataclass(frozen=True)
class ReshareWeek:
    """One week's ministry posts and each unit's re-shares (what the agenda page shows)."""

    week: str
    posts: tuple[MinistryPost, ...]
    units: tuple[UnitRate, ...]  # every unit of intake.yml, Turkish-sorted by name
    reports: Mapping[tuple[str, str], ReshareReport]  # (unit id, post key) → report
    threshold: float = 0.8

    @property
    def done(self) -> int:
        return sum(len(u.done) for u in self.units)

    @property
    def late(self) -> int:
        return sum(len(u.late) for u in self.units)

    @property
    def missing(self) -> int:
        return sum(len(u.missing) for u in self.units)

    @property
    def expected(self) -> int:
        return len(self.posts) * len(self.units)

    @property
    def below(self) -> tuple[UnitRate, ...]:
        """Units whose rate is under the threshold (``reshares.threshold``)."""
        return tuple(u for u in self.units if u.rate is not None and u.rate < self.threshold)

    @property
    def threshold_percent(self) -> str:
        return f"%{round(self.threshold * 100)}"


@dataclass(frozen=True)
class ReshareTracking:
    posts: tuple[MinistryPost, ...]  # by date, then id
    reports: tuple[ReshareReport, ...]  # matched to a post, oldest first
    unmatched: tuple[ReshareReport, ...]  # quoting no listed post (only with the office's list)
    listed: bool  # the office keeps ministry-posts.yml
    today: date
    late_after_days: int = 2

    def deadline(self, post: MinistryPost) -> date:
        return post.date + timedelta(days=self.late_after_days)

    def state(self, post: MinistryPost, report: ReshareReport | None) -> State:
        if report is None:
            return "missing" if self.today > self.deadline(post) else "waiting"
        return "late" if report.received.astimezone(TZ).date() > self.deadline(post) else "done"


def _reports(submissions: Iterable[Submission]) -> list[ReshareReport]:
    out = []
    for sub in submissions:
        if sub.type != "reshare" or sub.status in ("superseded", "rejected"):
            continue
        for item in sub.items:
            if not item.reshare_of:
                continue
            out.append(
                ReshareReport(
                    sub.unit,
                    post_key(item.reshare_of),
                    item.reshare_of,
                    item.reshare_url,
                    item.topic,
                    sub.id,
                    sub.received,
                )
            )
    out.sort(key=lambda r: (r.received, r.submission, r.post_key))
    return out


_LAST: list[tuple[SiteContext, ReshareTracking]] = []  # one entry: the build's context


def reshare_tracking(ctx: SiteContext) -> ReshareTracking:
    """Ministry posts (the office's list, else inferred from reports) and the reports matched to them.

    Remembered for the last context (by identity), so one call per agenda week stays cheap.
    """
    if _LAST and _LAST[0][0] is ctx:
        return _LAST[0][1]
    tracking = _tracking(ctx)
    _LAST[:] = [(ctx, tracking)]
    return tracking


def _tracking(ctx: SiteContext) -> ReshareTracking:
    listed = load_ministry_posts(ctx.config.paths.calendar / MINISTRY_POSTS_FILE)
    reports = _reports(ctx.submissions)
    if listed is not None:
        index = PostIndex(listed)
        matched = [
            replace(r, post_key=index.by_key[r.post_key].key)
            for r in reports
            if r.post_key in index.by_key
        ]
        unmatched = []
        seen: set[tuple[str, str]] = set()  # a unit's first report of a value counts
        for r in reports:
            if r.post_key not in index.by_key and (r.unit, r.post_key) not in seen:
                seen.add((r.unit, r.post_key))
                unmatched.append(r)
        posts = listed
    else:
        first: dict[str, ReshareReport] = {}
        for r in reports:
            first.setdefault(r.post_key, r)
        posts = []
        for key, r in first.items():
            link = r.reshare_of if markup.safe_url(r.reshare_of) else None
            posts.append(
                MinistryPost(
                    key,
                    r.reshare_of.strip(),
                    r.received.astimezone(TZ).date(),
                    r.topic,
                    link,
                    False,
                    (link,) if link else (),
                )
            )
        matched, unmatched = reports, []
    posts.sort(key=lambda p: (p.date, sort_key(p.id)))
    return ReshareTracking(
        tuple(posts),
        tuple(matched),
        tuple(unmatched),
        listed is not None,
        ctx.now.astimezone(TZ).date(),
        ctx.config.reshares.late_after_days,
    )


def sorted_units(config: Config) -> list[Unit]:
    return sorted(config.units, key=lambda u: (sort_key(u.name), u.id))


def _week(
    tracking: ReshareTracking,
    config: Config,
    week: str | None,
    posts: Iterable[MinistryPost] | None = None,
) -> ReshareWeek:
    chosen = tuple(posts if posts is not None else (p for p in tracking.posts if p.week == week))
    keys = {p.key for p in chosen}
    reports: dict[tuple[str, str], ReshareReport] = {}
    for r in tracking.reports:
        if r.post_key in keys:
            reports.setdefault((r.unit, r.post_key), r)
    rows = []
    for unit in sorted_units(config):
        states = [(p.key, tracking.state(p, reports.get((unit.id, p.key)))) for p in chosen]
        rows.append(
            UnitRate(
                unit,
                done=tuple(k for k, s in states if s in ("done", "late")),
                missing=tuple(k for k, s in states if s == "missing"),
                late=tuple(k for k, s in states if s == "late"),
                waiting=tuple(k for k, s in states if s == "waiting"),
            )
        )
    return ReshareWeek(week or "", chosen, tuple(rows), reports, config.reshares.threshold)


def reshare_summary(ctx: SiteContext, week: str) -> ReshareWeek:
    """Per-unit re-share rate for the ministry posts dated in ``week`` (``2026-W49``)."""
    return _week(reshare_tracking(ctx), ctx.config, week)


def recent_rates(ctx: SiteContext, weeks: int) -> ReshareWeek:
    """Every unit's rate over the posts of the last ``weeks`` weeks, this one included."""
    tracking = reshare_tracking(ctx)
    first = iso_week(tracking.today - timedelta(weeks=weeks - 1))
    this = iso_week(tracking.today)
    return _week(tracking, ctx.config, None, [p for p in tracking.posts if first <= p.week <= this])


def overdue(ctx: SiteContext) -> dict[str, tuple[MinistryPost, ...]]:
    """Per unit id, the ministry posts it has not reported and whose deadline has passed
    (``reshares.late_after_days``), oldest first: what a reminder names."""
    tracking = reshare_tracking(ctx)
    summary = _week(tracking, ctx.config, None, tracking.posts)
    by_key = {p.key: p for p in tracking.posts}
    return {u.unit.id: tuple(by_key[k] for k in u.missing) for u in summary.units if u.missing}


# --- the page ------------------------------------------------------------------------------------


def _cell(state: State, report: ReshareReport | None, label: str) -> str:
    """One matrix cell: a sign and a word (never colour alone), a link to the unit's post."""
    if state == "missing":
        return "✗ Paylaşılmadı"
    if state == "waiting":
        return "… Bekleniyor"
    word = "✓" if state == "done" else "⚠ Geç:"
    if report is not None and report.url and markup.safe_url(report.url):
        return f"{word} {markup.link(report.url, f'{label} paylaşımı')}"
    return f"{word} Paylaşıldı" if state == "done" else "⚠ Geç paylaşıldı"


def _table(tracking: ReshareTracking, config: Config, week: str) -> dict[str, Any]:
    summary = _week(tracking, config, week)
    posts = [
        {
            "n": i,
            "post": p,
            "when": long_date(p.date),
            "deadline": short_date(tracking.deadline(p)),
            "links": [
                markup.link(u, p.platforms[j] if j < len(p.platforms) else f"bağlantı {j + 1}")
                for j, u in enumerate(p.links)
            ]
            if len(p.links) > 1
            else [],
        }
        for i, p in enumerate(summary.posts, start=1)
    ]
    rows = []
    for rate in summary.units:
        cells = []
        for p in summary.posts:
            report = summary.reports.get((rate.unit.id, p.key))
            cells.append(_cell(tracking.state(p, report), report, rate.unit.label))
        rows.append(
            {
                "unit": rate.unit.label,  # short: the matrix must fit a phone
                "name": rate.unit.name,
                "cells": cells,
                "done": len(rate.done),
                "total": rate.total,
                "percent": rate.percent,
            }
        )
    missing = [
        {
            "n": i,
            "units": [u.unit.label for u in summary.units if p.key in u.missing],
            "waiting": [u.unit.label for u in summary.units if p.key in u.waiting],
        }
        for i, p in enumerate(summary.posts, start=1)
    ]
    return {
        "week": week,
        "label": week_label(week),
        "posts": posts,
        "rows": rows,
        "missing": missing,
        "done": summary.done,
        "late": summary.late,
        "expected": summary.expected,
    }


def reshares_context(ctx: SiteContext) -> dict[str, Any]:
    tracking = reshare_tracking(ctx)
    weeks = sorted({p.week for p in tracking.posts}, reverse=True)
    shown = weeks[:RECENT_WEEKS]
    labels = {u.id: u.label for u in ctx.config.units}
    short, long = (recent_rates(ctx, n) for n in RATE_WEEKS)
    overall = [
        {"unit": s.unit, "short": s, "long": lg, "late": len(lg.late), "missing": len(lg.missing)}
        for s, lg in zip(short.units, long.units, strict=True)
    ]
    return {
        "tables": [_table(tracking, ctx.config, week) for week in shown],
        "overall": overall,
        "rate_weeks": RATE_WEEKS,
        "late_after_days": tracking.late_after_days,
        "older": len(weeks) - len(shown),
        "listed": tracking.listed,
        "unmatched": [
            {
                "unit": labels.get(r.unit, r.unit),
                "value": r.reshare_of,
                "topic": r.topic,
                "submission": f"`{r.submission}`",
                "when": date_time(r.received),
            }
            for r in reversed(tracking.unmatched[-UNMATCHED_LIMIT:])  # newest first
        ],
        "unmatched_total": len(tracking.unmatched),
        "ministry_posts_file": f"calendar/{MINISTRY_POSTS_FILE}",
    }


def render_reshares(ctx: SiteContext, env: jinja2.Environment, common: dict[str, Any]) -> str:
    """``reshares/index.md``."""
    return env.get_template("pages/reshares.md.j2").render(**common, **reshares_context(ctx))
