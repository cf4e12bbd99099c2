"""The agenda-meeting series: ``calendar/meeting.yml``, edited by the office.

::

    title: Haftalık Sosyal Medya Gündem Toplantısı
    weekday: Pazartesi            # Turkish or English name, or 1-7 (1 = Monday)
    time: "10:00"
    duration: 60                  # minutes, or "1h30m" / "1sa30dk"
    location: Bakanlık Ek Hizmet Binası, B Blok 3. Kat Toplantı Salonu, Ankara
    online_url: https://toplanti.example.gov.tr/gundem
    first: 2026-11-02             # the first meeting (must fall on ``weekday``)
    until: 2027-06-28             # optional: the last possible meeting day
    holidays: next_working_day    # skip | next_working_day | keep
    cancelled: [2026-12-28]
    moved:
      - {from: 2027-01-18, to: "2027-01-19 14:00"}   # or just a date: same time
    uid_domain: example.gov.tr    # optional: defaults to the site's host name

Holiday rules (Turkish public holidays from the ``holidays`` library, ``country_holidays("TR")``):

- ``skip``: the meeting does not take place (the occurrence is ``cancelled``; EXDATE in the feed).
- ``next_working_day``: it moves, same time, to the next day that is neither a weekend nor a public
  holiday. If that day would reach the next regular meeting, the week is skipped instead (two
  meetings never collide or swap order).
- ``keep``: it takes place anyway (the occurrence still carries the holiday's name).

Half-day eves (*arife*: the afternoon before Ramazan/Kurban Bayramı and 28 Ekim) are off from
13:00 on. An eve counts as a holiday only when the meeting would still be running after 13:00 (a
10:00-11:00 meeting on an eve is held; a 14:00 one follows the holiday rule).

An explicit ``cancelled`` or ``moved`` entry wins over the holiday rule for that date. A date may
not be both cancelled and moved, and a moved meeting must stay strictly between its neighbours.

:func:`load_meeting` refuses a bad file as a whole with :class:`~intake.errors.MeetingError`,
listing every problem with its key and how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import holidays as holidays_lib
import yaml

from intake.errors import MeetingError, Problem
from intake.store import load_yaml
from intake.textnorm import fold
from intake.timeutil import TZ, iso_week

HolidayPolicy = Literal["skip", "next_working_day", "keep"]
POLICIES: tuple[str, ...] = ("skip", "next_working_day", "keep")
EVE_OFF_FROM = time(13, 0)  # half-day eves are off from 13:00

WEEKDAYS: dict[str, int] = {
    "pazartesi": 1,
    "pzt": 1,
    "monday": 1,
    "mon": 1,
    "sali": 2,
    "tuesday": 2,
    "tue": 2,
    "carsamba": 3,
    "crs": 3,
    "wednesday": 3,
    "wed": 3,
    "persembe": 4,
    "prs": 4,
    "thursday": 4,
    "thu": 4,
    "cuma": 5,
    "friday": 5,
    "fri": 5,
    "cumartesi": 6,
    "cmt": 6,
    "saturday": 6,
    "sat": 6,
    "pazar": 7,
    "sunday": 7,
    "sun": 7,
}
WEEKDAY_NAMES_TR = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_DURATION_RE = re.compile(
    r"^(?:(\d+)\s*(?:h|sa|saat|hour|hours))?\s*(?:(\d+)\s*(?:m|min|dk|dakika|minutes?))?$"
)
KNOWN_KEYS = (
    "title",
    "weekday",
    "time",
    "duration",
    "location",
    "online_url",
    "first",
    "until",
    "holidays",
    "cancelled",
    "moved",
    "uid_domain",
)
HolidayLookup = Callable[[date], "tuple[str | None, str | None]"]


@lru_cache(maxsize=64)
def _tr_holidays(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """(full-day public holidays, half-day eves) of one year, with Turkish names."""
    full = holidays_lib.country_holidays("TR", years=year, language="tr")
    half = holidays_lib.country_holidays("TR", years=year, language="tr", categories=("half_day",))
    return ({d: str(n) for d, n in full.items()}, {d: str(n) for d, n in half.items()})


def turkish_holiday(day: date) -> tuple[str | None, str | None]:
    """(full-day holiday name, half-day eve name) for ``day``, from the ``holidays`` library."""
    full, half = _tr_holidays(day.year)
    return full.get(day), half.get(day)


@dataclass(frozen=True)
class Occurrence:
    """One meeting of the series (or one that does not take place: ``cancelled``)."""

    start: datetime  # aware, Europe/Istanbul (for a cancelled one: the regular slot)
    end: datetime
    cancelled: bool = False
    moved_from: date | None = None  # the regular date, when the meeting was moved
    holiday: str | None = None  # the holiday on the regular date, if any
    reason: str = ""  # "cancelled" | "holiday" | "moved" | "holiday-moved" | "" (regular)

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def week(self) -> str:
        """ISO week of the day it takes place, e.g. ``"2026-W49"``: its agenda page's key."""
        return iso_week(self.day)

    @property
    def regular_day(self) -> date:
        """The date the rule generates (RECURRENCE-ID in the feed)."""
        return self.moved_from or self.day


@dataclass(frozen=True)
class Meeting:
    title: str
    weekday: int  # ISO: 1 = Monday
    time: time
    duration: timedelta
    location: str
    online_url: str | None
    first: date
    until: date | None = None
    holidays: HolidayPolicy = "next_working_day"
    cancelled: tuple[date, ...] = ()
    moved: tuple[tuple[date, datetime], ...] = ()  # (regular date, new start)
    uid_domain: str | None = None
    holiday_lookup: HolidayLookup = field(default=turkish_holiday, compare=False, repr=False)

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES_TR[self.weekday - 1]

    def slot(self, day: date) -> datetime:
        return datetime.combine(day, self.time, TZ)

    def regular_days(self, start: date, end: date) -> list[date]:
        """Days the rule generates in [start, end] (inclusive), before any exception."""
        day = max(start, self.first)
        day += timedelta(days=(self.weekday - day.isoweekday()) % 7)
        last = min(end, self.until) if self.until else end
        out = []
        while day <= last:
            out.append(day)
            day += timedelta(days=7)
        return out

    def holiday_on(self, day: date) -> str | None:
        """The holiday that stops a meeting on ``day``, honouring the half-day-eve rule."""
        full, eve = self.holiday_lookup(day)
        if full:
            return full
        if eve and (self.slot(day) + self.duration).time() > EVE_OFF_FROM:
            return eve
        return None

    def is_working_day(self, day: date) -> bool:
        if day.isoweekday() >= 6:
            return False
        full, eve = self.holiday_lookup(day)
        if full:
            return False
        return not (eve and (self.slot(day) + self.duration).time() > EVE_OFF_FROM)

    def _next_working_day(self, day: date) -> date | None:
        """The next working day after ``day`` that comes before the next regular meeting."""
        candidate = day + timedelta(days=1)
        limit = day + timedelta(days=7)
        while candidate < limit:
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        return None

    def occurrence_for(self, day: date) -> Occurrence:
        """What happens to the regular meeting of ``day`` (a day the rule generates)."""
        start = self.slot(day)
        moved = dict(self.moved)
        holiday = self.holiday_on(day)
        if day in self.cancelled:
            return Occurrence(
                start, start + self.duration, cancelled=True, holiday=holiday, reason="cancelled"
            )
        if day in moved:
            new = moved[day]
            return Occurrence(
                new, new + self.duration, moved_from=day, holiday=holiday, reason="moved"
            )
        if holiday is None or self.holidays == "keep":
            return Occurrence(start, start + self.duration, holiday=holiday)
        if self.holidays == "next_working_day":
            target = self._next_working_day(day)
            if target is not None:
                new = self.slot(target)
                return Occurrence(
                    new,
                    new + self.duration,
                    moved_from=day,
                    holiday=holiday,
                    reason="holiday-moved",
                )
        return Occurrence(
            start, start + self.duration, cancelled=True, holiday=holiday, reason="holiday"
        )

    def occurrences(self, start: date, end: date) -> list[Occurrence]:
        """Every occurrence whose day lies in [start, end] (inclusive), cancelled ones too, by start.

        A moved meeting counts on the day it takes place; a cancelled one on its regular day.
        """
        scan_from = start - timedelta(days=7)  # a meeting moved forward into the window
        scan_to = end + timedelta(days=7)  # (moves stay before the next regular meeting)
        out = [
            occ
            for day in self.regular_days(scan_from, scan_to)
            if start <= (occ := self.occurrence_for(day)).day <= end
        ]
        out.sort(key=lambda o: o.start)
        return out

    def next_occurrence(self, after: datetime) -> Occurrence | None:
        """The first meeting that takes place and ends after ``after`` (None when the series is over)."""
        day = after.astimezone(TZ).date() - timedelta(days=7)
        for _ in range(60):  # at most ~ a year of cancelled weeks in a row
            chunk = self.occurrences(day, day + timedelta(days=62))
            for occ in chunk:
                if not occ.cancelled and occ.end > after:
                    return occ
            day += timedelta(days=63)
            if self.until is not None and day > self.until:
                return None
        return None

    def horizon_years(self, horizon: date) -> range:
        last = self.until or horizon
        return range(self.first.year, last.year + 1)


def agenda_url(site_url: str, week: str) -> str:
    """The agenda page of an ISO week: ``{site.url}agenda/{YYYY-Www}/``."""
    return f"{site_url.rstrip('/')}/agenda/{week}/"


def default_uid_domain(site_url: str) -> str:
    return urlsplit(site_url).hostname or "localhost"


# --- validation -------------------------------------------------------------------------------


def _example(key: str, value: str) -> str:
    """``first`` → "`first: v`"; ``moved[0].from`` → "`from: v`"; ``cancelled[1]`` → "`- v`"."""
    last = key.rsplit(".", 1)[-1]
    return f"`- {value}`" if last.endswith("]") else f"`{last}: {value}`"


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, key: str, what: str, fix: str) -> None:
        self.problems.append(Problem(key, what, fix))

    def text(
        self, data: Mapping[str, Any], key: str, example: str, *, required: bool = True
    ) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.bad(key, "boş olamaz", f"örneğin `{key}: {example}` yazın")
            return None
        if not isinstance(value, str):
            self.bad(key, f"metin olmalı, “{value}” yazılmış", f"örneğin `{key}: {example}` yazın")
            return None
        return value.strip()

    def day(self, value: Any, key: str, *, required: bool = True) -> date | None:
        if value is None:
            if required:
                self.bad(key, "boş olamaz", f"bir tarih yazın, örneğin `{key}: 2026-11-02`")
            return None
        if isinstance(value, datetime):
            self.bad(
                key,
                f"“{value}” tarih ve saat; burada yalnızca tarih olmalı",
                f"yalnızca tarihi yazın, örneğin {_example(key, '2026-11-02')}",
            )
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.bad(
            key,
            f"“{value}” bir tarih değil",
            f"YYYY-AA-GG biçiminde yazın, örneğin {_example(key, '2026-11-02')}",
        )
        return None

    def clock(self, value: Any, key: str) -> time | None:
        if value is None:
            self.bad(key, "boş olamaz", f'başlangıç saatini yazın, örneğin `{key}: "10:00"`')
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            # YAML 1.1 reads an unquoted 10:00 as the base-60 number 600
            return time(value // 60, value % 60)
        if isinstance(value, str) and (m := _TIME_RE.match(value.strip())):
            return time(int(m.group(1)), int(m.group(2)))
        self.bad(
            key,
            f"“{value}” bir saat değil",
            f'SS:DD biçiminde, tırnak içinde yazın, örneğin `{key}: "10:00"`',
        )
        return None

    def duration(self, value: Any, key: str) -> timedelta | None:
        minutes: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            minutes = value
        elif isinstance(value, str):
            raw = value.strip().lower().replace(" ", "")
            if raw.isdigit():
                minutes = int(raw)
            elif raw and (m := _DURATION_RE.match(raw)) and (m.group(1) or m.group(2)):
                minutes = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
        if value is None:
            self.bad(
                key,
                "boş olamaz",
                f"süreyi dakika olarak yazın, örneğin `{key}: 60` ya da `{key}: 1h30m`",
            )
            return None
        if minutes is None:
            self.bad(
                key,
                f"“{value}” bir süre değil",
                f"dakika (`{key}: 90`) ya da saat ve dakika (`{key}: 1h30m`) yazın",
            )
            return None
        if not 5 <= minutes <= 12 * 60:
            self.bad(
                key,
                f"{minutes} dakika izin verilen aralıkta değil",
                "5 dakika ile 12 saat arası yazın",
            )
            return None
        return timedelta(minutes=minutes)

    def weekday(self, value: Any, key: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            return value
        if isinstance(value, str):
            key_ = fold(value.strip())
            if key_.isdigit() and 1 <= int(key_) <= 7:
                return int(key_)
            if key_ in WEEKDAYS:
                return WEEKDAYS[key_]
        if value is None:
            self.bad(key, "boş olamaz", f"haftanın gününü yazın, örneğin `{key}: Pazartesi`")
        else:
            self.bad(
                key,
                f"“{value}” haftanın bir günü değil",
                f"gün adını ya da 1-7 arası bir sayı (1 = Pazartesi) yazın, örneğin `{key}: Pazartesi`",
            )
        return None


def parse_meeting(data: Any, source: str = "calendar/meeting.yml") -> Meeting:
    """Validate the mapping read from meeting.yml; every problem is collected before raising."""
    r = _Reader(source)
    if not isinstance(data, Mapping):
        raise MeetingError(
            source,
            [
                Problem(
                    "(dosya)",
                    "alanlardan oluşan bir eşleme değil",
                    "dosyayı `title:`, `weekday:`, `time:` … satırlarıyla başlatın",
                )
            ],
        )
    for key in data:
        if key not in KNOWN_KEYS:
            r.bad(
                str(key),
                "tanınan bir alan değil",
                f"bu satırı silin ya da yazımını düzeltin (tanınan alanlar: {', '.join(KNOWN_KEYS)})",
            )
    title = r.text(data, "title", "Haftalık Sosyal Medya Gündem Toplantısı")
    weekday = r.weekday(data.get("weekday"), "weekday")
    at = r.clock(data.get("time"), "time")
    duration = r.duration(data.get("duration"), "duration")
    location = r.text(data, "location", "Bakanlık Ek Bina, B Blok 3. Kat Toplantı Salonu, Ankara")
    online_url = r.text(
        data, "online_url", "https://toplanti.example.gov.tr/gundem", required=False
    )
    if online_url is not None and (
        not re.match(r"^https?://[^\s<>\"'`]+$", online_url, re.IGNORECASE)
        or not urlsplit(online_url).hostname
    ):
        r.bad(
            "online_url",
            f"“{online_url}” bir http(s) adresi değil",
            "bağlantının tamamını yazın, örneğin `online_url: https://toplanti.example.gov.tr/gundem`; "
            "ya da bu satırı silin",
        )
        online_url = None
    first = r.day(data.get("first"), "first")
    until = r.day(data.get("until"), "until", required=False)
    policy = data.get("holidays", "next_working_day")
    if policy not in POLICIES:
        r.bad(
            "holidays",
            f"“{policy}” bir tatil kuralı değil",
            "`holidays: skip`, `holidays: next_working_day` ya da `holidays: keep` yazın",
        )
        policy = "next_working_day"
    uid_domain = r.text(data, "uid_domain", "example.gov.tr", required=False)
    if uid_domain is not None and not re.match(r"^[A-Za-z0-9.-]+$", uid_domain):
        r.bad(
            "uid_domain",
            f"“{uid_domain}” bir alan adı değil",
            "bir alan adı yazın, örneğin `uid_domain: example.gov.tr`",
        )

    if first and weekday and first.isoweekday() != weekday:
        shift = (weekday - first.isoweekday()) % 7
        r.bad(
            "first",
            f"{first.isoformat()} bir {WEEKDAY_NAMES_TR[first.isoweekday() - 1]}, "
            f"ama toplantı günü (`weekday`) {WEEKDAY_NAMES_TR[weekday - 1]}",
            f"`first: {(first + timedelta(days=shift)).isoformat()}` (ilk toplantı günü) yazın "
            "ya da `weekday` alanını değiştirin",
        )
    if first and until and until < first:
        r.bad(
            "until",
            f"{until.isoformat()} ilk toplantıdan ({first.isoformat()}) önce",
            "`until` alanına `first` sonrasındaki son toplantı gününü yazın ya da satırı silin",
        )

    def on_rule(day: date, key: str) -> bool:
        if weekday and day.isoweekday() != weekday:
            r.bad(
                key,
                f"{day.isoformat()} bir {WEEKDAY_NAMES_TR[day.isoweekday() - 1]}; toplantı günü değil "
                f"({WEEKDAY_NAMES_TR[weekday - 1]})",
                "olağan bir toplantının tarihini (toplantının yapılacağı günü) yazın",
            )
            return False
        if first and day < first:
            r.bad(
                key,
                f"{day.isoformat()} ilk toplantıdan ({first.isoformat()}) önce",
                "bu tarihi silin ya da düzeltin",
            )
            return False
        if until and day > until:
            r.bad(
                key,
                f"{day.isoformat()} son toplantı gününden ({until.isoformat()}) sonra",
                "bu tarihi silin ya da düzeltin",
            )
            return False
        return True

    cancelled: list[date] = []
    raw_cancelled = data.get("cancelled") or []
    if not isinstance(raw_cancelled, list):
        r.bad("cancelled", "bir tarih listesi olmalı", "örneğin `cancelled: [2026-12-28]` yazın")
        raw_cancelled = []
    for i, value in enumerate(raw_cancelled):
        day = r.day(value, f"cancelled[{i}]")
        if day is None:
            continue
        if day in cancelled:
            r.bad(
                f"cancelled[{i}]", f"{day.isoformat()} iki kez yazılmış", "tekrarlanan tarihi silin"
            )
        elif on_rule(day, f"cancelled[{i}]"):
            cancelled.append(day)

    moved: list[tuple[date, datetime]] = []
    raw_moved = data.get("moved") or []
    if not isinstance(raw_moved, list):
        r.bad(
            "moved",
            "{from, to} öğelerinden oluşan bir liste olmalı",
            'örneğin `moved: [{from: 2027-01-18, to: "2027-01-19 14:00"}]` yazın',
        )
        raw_moved = []
    for i, entry in enumerate(raw_moved):
        key = f"moved[{i}]"
        if (
            not isinstance(entry, Mapping)
            or set(entry) - {"from", "to"}
            or "from" not in entry
            or "to" not in entry
        ):
            r.bad(
                key,
                "yalnızca `from` ve `to` alanları olmalı",
                'örneğin `- {from: 2027-01-18, to: "2027-01-19 14:00"}` yazın '
                "(aynı saat için `to: 2027-01-19`)",
            )
            continue
        src = r.day(entry["from"], f"{key}.from")
        new = _when(r, entry["to"], f"{key}.to", at)
        if src is None or new is None:
            continue
        if src in cancelled:
            r.bad(
                f"{key}.from",
                f"{src.isoformat()} iptal edilenler arasında da var",
                "tarihi ya `cancelled` ya `moved` listesinde tutun, ikisinde birden değil",
            )
            continue
        if any(src == s for s, _ in moved):
            r.bad(
                f"{key}.from",
                f"{src.isoformat()} iki kez taşınmış",
                "o tarih için tek bir öğe bırakın",
            )
            continue
        if on_rule(src, f"{key}.from"):
            moved.append((src, new))

    if r.problems:
        raise MeetingError(source, r.problems)
    assert title and weekday and at and duration and location and first  # all checked above
    meeting = Meeting(
        title=title,
        weekday=weekday,
        time=at,
        duration=duration,
        location=location,
        online_url=online_url,
        first=first,
        until=until,
        holidays=policy,
        cancelled=tuple(sorted(cancelled)),
        moved=tuple(sorted(moved)),
        uid_domain=uid_domain,
    )
    # a moved meeting must stay strictly between the meetings before and after it
    for i, (src, new) in enumerate(meeting.moved):
        prev_day, next_day = src - timedelta(days=7), src + timedelta(days=7)
        bounds = []
        if prev_day >= first:
            bounds.append(meeting.occurrence_for(prev_day))
        if until is None or next_day <= until:
            bounds.append(meeting.occurrence_for(next_day))
        low = max((o.end for o in bounds if o.start < meeting.slot(src)), default=None)
        high = min((o.start for o in bounds if o.start > meeting.slot(src)), default=None)
        if (low is not None and new < low) or (high is not None and new + meeting.duration > high):
            r.bad(
                f"moved[{i}].to",
                f"{new:%Y-%m-%d %H:%M}, {src.isoformat()} toplantısından önceki ve sonraki "
                "toplantıların arasında değil",
                "komşu toplantılar arasındaki bir güne taşıyın ya da toplantıyı iptal edin",
            )
    if r.problems:
        raise MeetingError(source, r.problems)
    return meeting


def _when(r: _Reader, value: Any, key: str, default_time: time | None) -> datetime | None:
    """``to:`` — a date (same time as the series) or a date and time (Istanbul)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)
    if isinstance(value, date):
        return datetime.combine(value, default_time, TZ) if default_time else None
    if isinstance(value, str):
        raw = value.strip()
        try:
            if len(raw) == 10:
                day = date.fromisoformat(raw)
                return datetime.combine(day, default_time, TZ) if default_time else None
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return parsed.replace(tzinfo=TZ) if parsed.tzinfo is None else parsed.astimezone(TZ)
    r.bad(
        key,
        f"“{value}” bir tarih ya da tarih ve saat değil",
        f"`{key.rsplit('.', 1)[-1]}: 2027-01-19` (aynı saat) ya da "
        f'`{key.rsplit(".", 1)[-1]}: "2027-01-19 14:00"` yazın',
    )
    return None


def load_meeting(path: Path) -> Meeting:
    """Read and validate ``calendar/meeting.yml``; raises MeetingError listing every problem."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MeetingError(
            source,
            [
                Problem(
                    "(dosya)",
                    "yok",
                    "calendar/meeting.yml dosyasını oluşturun (bütün alanlar için örnek projeninkine bakın)",
                )
            ],
        ) from None
    except UnicodeDecodeError:
        raise MeetingError(
            source, [Problem("(dosya)", "UTF-8 metin değil", "dosyayı UTF-8 olarak kaydedin")]
        ) from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"satır {mark.line + 1}" if mark else "(dosya)"
        raise MeetingError(
            source,
            [
                Problem(
                    line,
                    f"YAML okunamadı ({getattr(exc, 'problem', exc)})",
                    "bu satırdaki girintiyi ve tırnakları düzeltin; iki nokta üst üste (:) içeren "
                    'bir değeri çift tırnak içine alın (örneğin `title: "Gündem: haftalık toplantı"`)',
                )
            ],
        ) from None
    return parse_meeting(data, source)
