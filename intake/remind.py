"""``intake remind``: remind the units that have not sent next week's plan (circular order 2).

Run by a timer (say hourly). From ``reminders.weekday`` at ``reminders.time`` (Istanbul time) on,
each unit whose plan for next week is not in the ledger gets one reminder through the outbox;
its Message-ID comes from (kind, unit, week), so a unit gets at most one per week however often
the timer runs. Before that moment it sends nothing. ``dry_run`` says who would get what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from intake.config import Config
from intake.ledger import Ledger, ledger_path
from intake.lock import COMMAND_WAIT, instance_lock
from intake.render.turkish import date_time, week_label
from intake.timeutil import TZ, iso_week


@dataclass(frozen=True)
class Reminder:
    unit: str
    kind: str  # plan
    week: str
    lines: tuple[str, ...] = ()


@dataclass
class RemindReport:
    due: list[Reminder]
    written: int = 0  # reminders new in the outbox (the rest were written before)
    sent: int = 0
    warnings: list[str] | None = None
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
        reminders = due(config, ledger, at)
        report = RemindReport(reminders)
        if dry_run:
            return report
        with ledger.batch():
            for r in reminders:
                notice = notices.reminder(config, r.unit, r.week, r.kind, list(r.lines))
                if notice is not None and enqueue(ledger, notice, at):
                    report.written += 1
        delivery = deliver(config, ledger, at)
        report.sent, report.warnings = delivery.sent, list(delivery.warnings)
    return report


def describe(config: Config, report: RemindReport, dry_run: bool) -> list[str]:
    """What ``intake remind`` prints (for the operator)."""
    if report.not_before is not None:
        return [f"not yet: reminders go out from {date_time(report.not_before)} on"]
    names = {u.id: u.label for u in config.units}
    if not report.due:
        return ["every unit has sent next week's plan: nobody to remind"]
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
