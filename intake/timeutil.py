"""Time zone, ISO weeks, and an injectable clock (generated files never read "now" directly)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Istanbul")
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def now() -> datetime:
    """The current time in Istanbul; ``INTAKE_NOW`` (ISO 8601) pins it for tests and demos."""
    pinned = os.environ.get("INTAKE_NOW")
    if pinned:
        value = datetime.fromisoformat(pinned)
        return value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)
    return datetime.now(TZ)


def iso_week(day: date) -> str:
    """``date(2026, 12, 2)`` → ``"2026-W49"``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """``"2026-W49"`` → the Monday of that ISO week."""
    m = WEEK_RE.match(week)
    if not m:
        raise ValueError(f"not an ISO week: {week!r} (expected e.g. 2026-W49)")
    return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)


def week_days(week: str) -> list[date]:
    monday = week_monday(week)
    return [monday + timedelta(days=i) for i in range(7)]


def next_week(week: str) -> str:
    return iso_week(week_monday(week) + timedelta(days=7))


def is_valid_week(week: str) -> bool:
    try:
        week_monday(week)
    except ValueError:
        return False
    return True
