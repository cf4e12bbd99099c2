"""``intake remind``: remind the units of what the circular asks of them every week.

Run by a timer (say hourly). From ``reminders.weekday`` at ``reminders.time`` (Istanbul time) on,
through the outbox:

* ``plan``: each unit whose plan for next week is not in the ledger (circular order 2);
* ``reshare``: each unit with ministry posts it has not reported re-sharing although their
  deadline (``reshares.late_after_days`` after the post) has passed (order 8), listed.

A reminder's Message-ID comes from (kind, unit, week), so a unit gets at most one of each kind a
week however often the timer runs. Before that moment nothing is sent. ``dry_run`` says who would
get what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from intake.config import Config
from intake.errors import IntakeError
from intake.ledger import Ledger, ledger_path
from intake.lock import COMMAND_WAIT, instance_lock
from intake.render.turkish import date_time, long_date, week_label
from intake.timeutil import TZ, iso_week


@dataclass(frozen=True)
class Reminder:
    unit: str
    kind: str  # plan | reshare
    week: str
    lines: tuple[str, ...] = ()


@dataclass
class RemindReport:
    due: list[Reminder]
    written: int = 0  # reminders new in the outbox (the rest were written before)
    sent: int = 0
    warnings: list[str] = field(default_factory=list)
    not_before: datetime | None = None  # this week's moment, when it has not come yet


def moment(config: Config, at: datetime) -> datetime:
    """This week's moment to remind (``reminders.weekday`` at ``reminders.time``)."""
    day = at.astimezone(TZ).date()
    monday = day - timedelta(days=day.weekday())
    hh, mm = (int(x) for x in config.reminders.time.split(":"))
    return datetime.combine(monday + timedelta(days=config.reminders.weekday), time(hh, mm), TZ)


def due(config: Config, ledger: Ledger, at: datetime) -> list[Reminder]:
    """The units whose plan for next week has not arrived (in unit order)."""
    week = iso_week(at.astimezone(TZ).date() + timedelta(days=7))
    have = {e.unit for e in ledger.week_entries(week) if e.type == "plan"}
    return [
        Reminder(unit.id, "plan", week)
        for unit in config.units
        if unit.id not in have and unit.addresses
    ]


def due_reshares(config: Config, at: datetime) -> list[Reminder]:
    """The units with ministry posts not re-shared past their deadline, each post a line."""
    from intake.build import load_context
    from intake.render.reshares import overdue

    week = iso_week(at.astimezone(TZ).date())
    missing = overdue(load_context(config, at))
    out = []
    for unit in config.units:
        posts = missing.get(unit.id, ())
        if posts and unit.addresses:
            lines = tuple(
                f"{p.id}: {long_date(p.date)}, “{p.topic}”" + (f" — {p.link}" if p.link else "")
                for p in posts
            )
            out.append(Reminder(unit.id, "reshare", week, lines))
    return out


def remind(config: Config, at: datetime, *, dry_run: bool = False) -> RemindReport:
    from intake import notices
    from intake.outbox import deliver, enqueue

    start = moment(config, at)
    with (
        instance_lock(config.paths.state, wait=COMMAND_WAIT),
        Ledger(ledger_path(config)) as ledger,
    ):
        if at < start:
            return RemindReport([], not_before=start)
        report = RemindReport(due(config, ledger, at))
        try:
            report.due += due_reshares(config, at)
        except IntakeError as exc:  # a page input does not read: plan reminders still go
            report.warnings.append(f"re-share reminders skipped: {exc}")
        if dry_run:
            return report
        with ledger.batch():
            for r in report.due:
                notice = notices.reminder(config, r.unit, r.week, r.kind, list(r.lines))
                if notice is not None and enqueue(ledger, notice, at):
                    report.written += 1
        delivery = deliver(config, ledger, at)
        report.sent = delivery.sent
        report.warnings += delivery.warnings
    return report


def describe(config: Config, report: RemindReport, dry_run: bool) -> list[str]:
    """What ``intake remind`` prints (for the operator)."""
    if report.not_before is not None:
        return [f"not yet: reminders go out from {date_time(report.not_before)} on"]
    names = {u.id: u.label for u in config.units}
    if not report.due:
        return ["every unit has sent next week's plan and its re-shares: nobody to remind"]
    verb = "would remind" if dry_run else "reminded"
    lines = [
        f"{verb} {names.get(r.unit, r.unit)}: {week_label(r.week)} plan missing" for r in report.due
    ]
    if not dry_run:
        lines.append(
            f"{report.written} new reminder(s) in the outbox ({len(report.due) - report.written} "
            f"already sent this week), {report.sent} sent now"
        )
    return lines
