"""Turkish dates, names and sorting for the generated pages.

``long_date(date(2026, 12, 2))`` → ``"2 Aralık 2026 Çarşamba"``. Nothing here depends on the
process locale: the names are spelled out, so output is the same on every machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TypeVar

from intake.textnorm import sort_key
from intake.timeutil import TZ, week_monday

T = TypeVar("T")

MONTHS = (
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
    "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
)  # fmt: skip
DAYS = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def day_name(day: date) -> str:
    return DAYS[day.weekday()]


def long_date(day: date) -> str:
    """``2 Aralık 2026 Çarşamba``."""
    if isinstance(day, datetime):
        day = day.astimezone(TZ).date()
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} {DAYS[day.weekday()]}"


def short_date(day: date) -> str:
    """``2 Aralık 2026``."""
    if isinstance(day, datetime):
        day = day.astimezone(TZ).date()
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_time(moment: datetime) -> str:
    """``26 Kasım 2026 Perşembe 09:00`` (in Istanbul time)."""
    local = moment.astimezone(TZ)
    return f"{long_date(local.date())} {local:%H:%M}"


def week_span(week: str, *, year: bool = True) -> str:
    """The week's days: ``30 Kasım – 6 Aralık 2026`` (``year=False``: ``30 Kasım – 6 Aralık``)."""
    monday = week_monday(week)
    sunday = date.fromordinal(monday.toordinal() + 6)
    end = short_date(sunday) if year else f"{sunday.day} {MONTHS[sunday.month - 1]}"
    if monday.year != sunday.year:
        return f"{short_date(monday)} – {end}"
    if monday.month != sunday.month:
        return f"{monday.day} {MONTHS[monday.month - 1]} – {end}"
    return f"{monday.day}–{end}"


def week_label(week: str) -> str:
    """``2026-W49`` → ``49. hafta (30 Kasım – 6 Aralık 2026)``: never the bare ISO code."""
    return f"{int(week[-2:])}. hafta ({week_span(week)})"


def week_short(week: str) -> str:
    """``2026-W49`` → ``49. hafta (30 Kasım – 6 Aralık)``, for links next to a full label."""
    return f"{int(week[-2:])}. hafta ({week_span(week, year=False)})"


def tr_sorted(values: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Sort in Turkish alphabet order (Ç after C, İ after I, Ş after S)."""
    if key is None:
        return sorted(values, key=lambda v: sort_key(str(v)))
    get = key
    return sorted(values, key=lambda v: sort_key(get(v)))
