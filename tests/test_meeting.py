"""calendar/meeting.yml: validation (every problem with key and fix) and the occurrence rules."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from intake.errors import MeetingError
from intake.meeting import Meeting, agenda_url, load_meeting, parse_meeting
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
BASE: dict[str, Any] = {
    "title": "Gündem Toplantısı",
    "weekday": "Pazartesi",
    "time": "10:00",
    "duration": 60,
    "location": "Ankara",
    "first": "2026-11-02",
}


def meeting(**changes: Any) -> Meeting:
    return parse_meeting({**BASE, **changes}, "test.yml")


def problems(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    with pytest.raises(MeetingError) as info:
        parse_meeting(data, "meeting.yml")
    out = {p.where: (p.what, p.fix) for p in info.value.problems}
    assert info.value.source == "meeting.yml"
    return out


def test_demo_series() -> None:
    m = load_meeting(ROOT / "calendar" / "meeting.yml")
    assert m.title == "Haftalık Sosyal Medya Gündem Toplantısı"
    assert (m.weekday, m.time, m.duration) == (1, time(10, 0), timedelta(minutes=60))
    assert m.first == date(2026, 11, 2) and m.until == date(2027, 6, 28)
    assert m.holidays == "next_working_day"
    assert (
        m.location.endswith("Çankaya/Ankara")
        and m.online_url == "https://toplanti.example.gov.tr/sosyal-medya-gundem"
    )
    assert m.cancelled == (date(2026, 12, 28),)
    assert m.moved == ((date(2027, 1, 18), datetime(2027, 1, 19, 14, 0, tzinfo=TZ)),)
    assert m.uid_domain == "example.gov.tr"
    assert not (ROOT / "calendar" / "__init__.py").exists()  # would shadow the stdlib calendar


def test_every_problem_is_listed_with_key_and_fix() -> None:
    found = problems(
        {
            "title": "",
            "weekday": "Pazartesii",
            "time": "25:00",
            "duration": "bir saat",
            "location": "Ankara",
            "online_url": "ftp://toplanti",
            "first": "2026-11-03",
            "until": "2026-10-01",
            "holidays": "sometimes",
            "cancelled": ["2026-11-10", "yarın"],
            "renk": "mavi",
            "moved": [{"from": "2026-11-16"}],
        }
    )
    assert set(found) == {
        "title",
        "weekday",
        "time",
        "duration",
        "online_url",
        "until",
        "holidays",
        "cancelled[0]",
        "cancelled[1]",
        "renk",
        "moved[0]",
    }
    assert found["weekday"][1].startswith("gün adını ya da 1-7 arası bir sayı (1 = Pazartesi)")
    assert found["time"] == (
        "“25:00” bir saat değil",
        'SS:DD biçiminde, tırnak içinde yazın, örneğin `time: "10:00"`',
    )
    assert found["title"] == (
        "boş olamaz",
        "örneğin `title: Haftalık Sosyal Medya Gündem Toplantısı` yazın",
    )
    assert found["cancelled[0]"][0] == "2026-11-10 son toplantı gününden (2026-10-01) sonra"
    assert found["cancelled[1]"] == (
        "“yarın” bir tarih değil",
        "YYYY-AA-GG biçiminde yazın, örneğin `- 2026-11-02`",
    )
    assert found["until"] == (
        "2026-10-01 ilk toplantıdan (2026-11-03) önce",
        "`until` alanına `first` sonrasındaki son toplantı gününü yazın ya da satırı silin",
    )
    assert "skip" in found["holidays"][1] and "next_working_day" in found["holidays"][1]
    assert found["renk"][0] == "tanınan bir alan değil"
    # the office edits this file: every problem is said in Turkish
    english = re.compile(r"\b(must|write|missing|is not|is a|got|remove|known|set|before|after)\b")
    for what, fix in found.values():
        said = re.sub(r"`[^`]*`", "", f"{what} {fix}")
        assert not english.search(said), said
    assert "`to`" in found["moved[0]"][0]


def test_first_must_fall_on_the_weekday() -> None:
    found = problems({**BASE, "first": "2026-11-04"})
    assert found == {
        "first": (
            "2026-11-04 bir Çarşamba, ama toplantı günü (`weekday`) Pazartesi",
            "`first: 2026-11-09` (ilk toplantı günü) yazın ya da `weekday` alanını değiştirin",
        )
    }


def test_exceptions_must_be_regular_meeting_days() -> None:
    found = problems(
        {
            **BASE,
            "until": "2027-01-25",
            "cancelled": ["2026-11-11", "2026-10-26", "2027-02-01", "2026-11-09", "2026-11-09"],
            "moved": [
                {"from": "2026-11-09", "to": "2026-11-10"},
                {"from": "2026-11-16", "to": "2026-11-24"},
                {"from": "2026-11-30", "to": "2026-12-01 25:00"},
            ],
        }
    )
    assert set(found) == {
        "cancelled[0]",
        "cancelled[1]",
        "cancelled[2]",
        "cancelled[4]",
        "moved[0].from",
        "moved[2].to",
    }
    assert "toplantı günü değil" in found["cancelled[0]"][0]
    assert "ilk toplantıdan" in found["cancelled[1]"][0]
    assert "son toplantı gününden" in found["cancelled[2]"][0]
    assert found["cancelled[4]"][0] == "2026-11-09 iki kez yazılmış"
    assert found["moved[0].from"] == (
        "2026-11-09 iptal edilenler arasında da var",
        "tarihi ya `cancelled` ya `moved` listesinde tutun, ikisinde birden değil",
    )


def test_a_move_must_stay_between_its_neighbours() -> None:
    found = problems({**BASE, "moved": [{"from": "2026-11-16", "to": "2026-11-23 09:30"}]})
    assert set(found) == {"moved[0].to"}
    assert (
        found["moved[0].to"][0]
        == "2026-11-23 09:30, 2026-11-16 toplantısından önceki ve sonraki toplantıların arasında"
        " değil"
    )
    found = problems({**BASE, "moved": [{"from": "2026-11-16", "to": "2026-11-09 10:30"}]})
    assert set(found) == {"moved[0].to"}
    # the day before the next meeting is fine, and so is the same day at another time
    ok = meeting(
        moved=[
            {"from": "2026-11-16", "to": "2026-11-22 10:00"},
            {"from": "2026-11-30", "to": "2026-11-30 15:00"},
        ]
    )
    starts = [o.start for o in ok.occurrences(date(2026, 11, 1), date(2026, 12, 7))]
    assert starts == sorted(starts)
    assert [f"{s:%m-%d %H:%M}" for s in starts] == [
        "11-02 10:00",
        "11-09 10:00",
        "11-22 10:00",
        "11-23 10:00",
        "11-30 15:00",
        "12-07 10:00",
    ]


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(MeetingError) as info:
        load_meeting(tmp_path / "meeting.yml")
    assert info.value.problems[0].what == "yok"
    (tmp_path / "meeting.yml").write_text("title: [a\nweekday: 1\n", encoding="utf-8")
    with pytest.raises(MeetingError) as info:
        load_meeting(tmp_path / "meeting.yml")
    assert info.value.problems[0].where.startswith("satır ")
    assert "girintiyi ve tırnakları" in info.value.problems[0].fix


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Pazartesi", 1),
        ("PAZARTESİ", 1),
        ("salı", 2),
        ("SALI", 2),
        ("Çarşamba", 3),
        ("carsamba", 3),
        ("Perşembe", 4),
        ("Friday", 5),
        ("cumartesi", 6),
        ("Sunday", 7),
        (3, 3),
        ("7", 7),
    ],
)
def test_weekday_names(value: Any, expected: int) -> None:
    first = date(2026, 11, 2) + timedelta(days=expected - 1)
    assert meeting(weekday=value, first=first.isoformat()).weekday == expected


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        (60, 60),
        ("90", 90),
        ("1h30m", 90),
        ("1h", 60),
        ("45m", 45),
        ("1sa30dk", 90),
        ("2 saat", 120),
    ],
)
def test_durations(value: Any, minutes: int) -> None:
    assert meeting(duration=value).duration == timedelta(minutes=minutes)


def test_unquoted_time_reads_as_clock(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yml"
    path.write_text(
        "title: T\nweekday: 1\ntime: 10:30\nduration: 60\nlocation: Ankara\nfirst: 2026-11-02\n",
        encoding="utf-8",
    )
    assert load_meeting(path).time == time(10, 30)  # YAML 1.1 makes 10:30 the number 630


def test_occurrences_are_aware_with_iso_weeks() -> None:
    m = load_meeting(ROOT / "calendar" / "meeting.yml")
    occ = m.occurrences(date(2026, 12, 21), date(2027, 1, 24))
    assert [(o.start.isoformat(), o.week, o.cancelled, o.moved_from, o.reason) for o in occ] == [
        ("2026-12-21T10:00:00+03:00", "2026-W52", False, None, ""),
        ("2026-12-28T10:00:00+03:00", "2026-W53", True, None, "cancelled"),
        ("2027-01-04T10:00:00+03:00", "2027-W01", False, None, ""),
        ("2027-01-11T10:00:00+03:00", "2027-W02", False, None, ""),
        ("2027-01-19T14:00:00+03:00", "2027-W03", False, date(2027, 1, 18), "moved"),
    ]
    assert all(o.end - o.start == timedelta(hours=1) and o.start.tzinfo is TZ for o in occ)
    assert agenda_url("https://intranet.example.gov.tr/sosyal-medya/", occ[-1].week) == (
        "https://intranet.example.gov.tr/sosyal-medya/agenda/2027-W03/"
    )
    # a moved meeting counts on the day it takes place
    assert [o.day for o in m.occurrences(date(2027, 1, 19), date(2027, 1, 19))] == [
        date(2027, 1, 19)
    ]
    assert m.occurrences(date(2027, 1, 18), date(2027, 1, 18)) == []
    # the series ends at `until`
    assert m.occurrences(date(2027, 6, 29), date(2027, 12, 31)) == []


def test_holiday_rules() -> None:
    # 17 Mayıs 2027 (Mon) Kurban Bayramı; 18-19 are holidays too; Thursday 20 is the next working day
    nwd = load_meeting(ROOT / "calendar" / "meeting.yml")
    (occ,) = nwd.occurrences(date(2027, 5, 17), date(2027, 5, 23))
    assert (occ.day, occ.moved_from, occ.holiday, occ.cancelled) == (
        date(2027, 5, 20),
        date(2027, 5, 17),
        "Kurban Bayramı",
        False,
    )
    skip = meeting(holidays="skip")
    (occ,) = skip.occurrences(date(2027, 5, 17), date(2027, 5, 23))
    assert (occ.day, occ.cancelled, occ.holiday, occ.reason) == (
        date(2027, 5, 17),
        True,
        "Kurban Bayramı",
        "holiday",
    )
    keep = meeting(holidays="keep")
    (occ,) = keep.occurrences(date(2027, 8, 30), date(2027, 8, 30))
    assert (occ.day, occ.cancelled, occ.holiday) == (date(2027, 8, 30), False, "Zafer Bayramı")
    # next working day skips the weekend: Friday 1 Ocak 2027 → Monday 4 Ocak
    friday = meeting(weekday="Cuma", first="2026-11-06")
    (occ,) = friday.occurrences(date(2027, 1, 1), date(2027, 1, 4))
    assert (occ.start.isoformat(), occ.moved_from) == (
        "2027-01-04T10:00:00+03:00",
        date(2027, 1, 1),
    )


def test_half_day_eve_counts_only_when_the_meeting_runs_past_13() -> None:
    # 8 Mart 2027 (Mon) is the Ramazan Bayramı eve: off from 13:00
    morning = meeting(holidays="skip")
    (occ,) = morning.occurrences(date(2027, 3, 8), date(2027, 3, 8))
    assert (occ.cancelled, occ.holiday) == (False, None)
    running_late = meeting(holidays="skip", time="12:30")
    (occ,) = running_late.occurrences(date(2027, 3, 8), date(2027, 3, 8))
    assert (occ.cancelled, occ.holiday) == (True, "Ramazan Bayramı (saat 13.00'ten)")
    # 28 Ekim 2027 (Thu) Cumhuriyet Bayramı eve at 14:00 → next working day skips 29 Ekim (Fri) → Mon 1 Kasım
    thursday = meeting(weekday=4, first="2026-11-05", time="14:00")
    (occ,) = thursday.occurrences(date(2027, 10, 28), date(2027, 11, 3))
    assert (occ.day, occ.moved_from) == (date(2027, 11, 1), date(2027, 10, 28))


def test_next_working_day_never_reaches_the_next_meeting() -> None:
    # a made-up week of holidays: the moved meeting would land on/after the next Monday → skipped
    def long_holiday(day: date) -> tuple[str | None, str | None]:
        return ("Uzun tatil" if date(2027, 2, 1) <= day <= date(2027, 2, 5) else None), None

    m = Meeting(
        title="T",
        weekday=1,
        time=time(10),
        duration=timedelta(hours=1),
        location="Ankara",
        online_url=None,
        first=date(2027, 1, 4),
        holiday_lookup=long_holiday,
    )
    occ = m.occurrences(date(2027, 1, 25), date(2027, 2, 14))
    assert [(o.day.isoformat(), o.cancelled, o.reason) for o in occ] == [
        ("2027-01-25", False, ""),
        ("2027-02-01", True, "holiday"),
        ("2027-02-08", False, ""),
    ]

    # a shorter one moves to the first free weekday of the same week
    def two_days(day: date) -> tuple[str | None, str | None]:
        return ("Tatil" if date(2027, 2, 1) <= day <= date(2027, 2, 2) else None), None

    m2 = Meeting(
        title="T",
        weekday=1,
        time=time(10),
        duration=timedelta(hours=1),
        location="Ankara",
        online_url=None,
        first=date(2027, 1, 4),
        holiday_lookup=two_days,
    )
    assert [o.day.isoformat() for o in m2.occurrences(date(2027, 2, 1), date(2027, 2, 7))] == [
        "2027-02-03"
    ]


def test_next_occurrence() -> None:
    m = load_meeting(ROOT / "calendar" / "meeting.yml")
    nxt = m.next_occurrence(datetime(2026, 12, 22, 9, 0, tzinfo=TZ))
    assert nxt is not None and nxt.start == datetime(
        2027, 1, 4, 10, 0, tzinfo=TZ
    )  # 28 Aralık is cancelled
    during = m.next_occurrence(datetime(2026, 11, 2, 10, 30, tzinfo=TZ))
    assert during is not None and during.day == date(2026, 11, 2)  # still running
    assert m.next_occurrence(datetime(2027, 6, 28, 12, 0, tzinfo=TZ)) is None  # the series is over
