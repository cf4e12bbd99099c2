"""Turkish (and English) dates and times as units write them.

``parse_date("2 Aralık 2026 Çarşamba", ref)`` → ``date(2026, 12, 2)``; ``parse_time("10.30")`` →
``"10:30"``. Errors are :class:`FieldError` carrying a Turkish message with a fix.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from intake.parse.clean import fast_fold as fold


class FieldError(ValueError):
    """A field value that cannot be read; ``message`` is Turkish and says how to fix it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("ocak", "oca", "january", "jan"),
        ("subat", "sub", "february", "feb"),
        ("mart", "mar", "march"),
        ("nisan", "nis", "april", "apr"),
        ("mayis", "may"),
        ("haziran", "haz", "june", "jun"),
        ("temmuz", "tem", "july", "jul"),
        ("agustos", "agu", "aug", "august"),
        ("eylul", "eyl", "september", "sep", "sept"),
        ("ekim", "eki", "october", "oct"),
        ("kasim", "kas", "november", "nov"),
        ("aralik", "ara", "december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _num

WEEKDAYS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("pazartesi", "pzt", "monday", "mon"),
        ("sali", "sal", "tuesday", "tue"),
        ("carsamba", "car", "crs", "wednesday", "wed"),
        ("persembe", "per", "prs", "thursday", "thu"),
        ("cuma", "cum", "friday", "fri"),
        ("cumartesi", "cmt", "saturday", "sat"),
        ("pazar", "paz", "sunday", "sun"),
    ),
):
    for _name in _names:
        WEEKDAYS[_name] = _num

DAY_NAMES_TR = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")

_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$")
_NO_YEAR = re.compile(r"^(\d{1,2})[./](\d{1,2})\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_WEEKDAY_SPLIT = re.compile(r"[\s,]+")
_DATE_AND_TIME = re.compile(r"^(.*?)[\s,]+(?:saat\s+)?(\d{1,2}[:.]\d{2})$", re.IGNORECASE)
_SERIAL = re.compile(r"4\d{4}|5\d{4}")

_EXAMPLE = "Tarihi GG.AA.YYYY biçiminde yazın, örneğin 02.12.2026."


def _strip_weekdays(folded: str) -> tuple[str, int | None]:
    weekday: int | None = None
    words = []
    for word in _WEEKDAY_SPLIT.split(folded):
        bare = word.strip(".()")
        if bare in WEEKDAYS and not bare.isdigit():
            weekday = WEEKDAYS[bare]
            continue
        if word:
            words.append(word)
    return " ".join(words), weekday


def _year(raw: str | None, ref: date) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    return 2000 + value if len(raw) == 2 else value


def years_around(month: int, day: int, ref: date) -> list[date]:
    """The day in the year before, of and after ``ref`` (those that exist)."""
    found = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            found.append(date(y, month, day))
        except ValueError:
            continue
    return found


def _make(year: int | None, month: int, day: int, ref: date, written: str) -> date:
    if year is None:
        # No year: the one closest to the reference date.
        candidates = years_around(month, day, ref)
        if not candidates:
            raise FieldError("bad-date", f"Tarih “{written}” takvimde yok. {_EXAMPLE}")
        return min(candidates, key=lambda d: abs((d - ref).days))
    try:
        value = date(year, month, day)
    except ValueError:
        raise FieldError("bad-date", f"Tarih “{written}” okunamadı. {_EXAMPLE}") from None
    if abs(value.year - ref.year) > 1:
        raise FieldError(
            "bad-date", f"Tarih “{written}” yılı ({value.year}) yanlış görünüyor. {_EXAMPLE}"
        )
    return value


def _from_serial(serial: int) -> tuple[int, int, int]:
    day = date(1899, 12, 30) + timedelta(days=serial)
    return day.year, day.month, day.day


def parse_date(written: str, ref: date) -> date:
    """Read a date: 02.12.2026, 2.12.2026, 2/12/2026, 2026-12-02, 2 Aralık 2026 (Çarşamba)."""
    text = written.strip()
    if text.isascii() and (m := _NUMERIC.match(text)) is not None:
        # The usual "02.12.2026": folding, weekdays and stripping below leave it as it is.
        return _make(_year(m.group(4), ref), int(m.group(3)), int(m.group(1)), ref, text)
    if not text:
        raise FieldError("bad-date", f"Tarih boş. {_EXAMPLE}")
    folded, weekday = _strip_weekdays(fold(text))
    folded = folded.strip(" ,.")
    value: date | None = None
    m = _NUMERIC.match(folded)
    if m:
        value = _make(_year(m.group(4), ref), int(m.group(3)), int(m.group(1)), ref, text)
    elif (m := _NO_YEAR.match(folded)) is not None:
        value = _make(None, int(m.group(2)), int(m.group(1)), ref, text)
    elif (m := _ISO.match(folded)) is not None:
        value = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), ref, text)
    elif (m := _NAMED.match(folded)) is not None and m.group(2) in MONTHS:
        value = _make(_year(m.group(3), ref), MONTHS[m.group(2)], int(m.group(1)), ref, text)
    elif _SERIAL.fullmatch(folded):  # an Excel date serial (a cell without date format)
        value = _make(*_from_serial(int(folded)), ref, text)
    if value is None:
        raise FieldError("bad-date", f"Tarih “{text}” okunamadı. {_EXAMPLE}")
    if weekday is not None and value.weekday() != weekday:
        raise FieldError(
            "bad-date",
            f"Tarih “{text}” ile gün uyuşmuyor: {value.strftime('%d.%m.%Y')} bir "
            f"{DAY_NAMES_TR[value.weekday()]} günü. Tarihi ya da gün adını düzeltin.",
        )
    return value


_TIME_LOOSE = re.compile(
    r"^(?:saat\s*)?(\d{1,2})[:.](\d{2})"  # the start time
    r"(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?"  # "14:00-16:00": the start is the slot
    r"(?:\s*'?\s*(?:da|de|ta|te|dan|den|tan|ten))?"  # "14.00'te"
    r"(?:\s*\(?tsi\)?)?\.?$"  # "(TSİ)"
)


def parse_time(written: str) -> str:
    """Read a time: 10:30, 10.30, 9:05, "14:00-16:00", "14.00'te", "saat 10:30" → "HH:MM"."""
    text = written.strip()
    m = _TIME.match(text) or _TIME_LOOSE.match(fold(text).replace("’", "'"))
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"  # = time(hour, minute).strftime("%H:%M")
    raise FieldError(
        "bad-time", f"Saat “{text}” okunamadı. Saati SS:DD biçiminde yazın, örneğin 10:30."
    )


def split_date_time(written: str, ref: date) -> tuple[date, str | None]:
    """A Tarih value that may carry a time after the date ("02.12.2026 10:30")."""
    text = written.strip()
    m = _DATE_AND_TIME.match(text)
    if m and not _NUMERIC.match(fold(text)):
        try:
            return parse_date(m.group(1), ref), parse_time(m.group(2))
        except FieldError:
            pass
    return parse_date(text, ref), None
