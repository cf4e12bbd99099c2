"""Both ICS feeds, checked on the bytes written to disk against every point of the ICS checklist.

Golden files live in tests/golden/feeds/; regenerate them with ``INTAKE_REGENERATE_GOLDEN=1``.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar

from intake.config import Config, parse_config
from intake.crisis import CrisisNotice, parse_crisis
from intake.meeting import Meeting, load_meeting, parse_meeting
from intake.model import Decision, Item, Submission
from intake.render.context import SiteContext
from intake.render.feeds import (
    LEDGER_NAME,
    SequenceLedger,
    agenda_ics,
    parse_sequences,
    shares_ics,
    shares_since,
    write_feeds,
)
from intake.schedule import planned_posts
from intake.timeutil import TZ, iso_week
from tests.test_feeds_checks import calendar_problems, parse, unescape_text, unfold

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "feeds"
SITE = "https://intranet.example.gov.tr/sosyal-medya/"
DAYS = ("Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=TZ)


def golden(name: str, actual: str | bytes) -> None:
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("INTAKE_REGENERATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing: run with INTAKE_REGENERATE_GOLDEN=1 once"
    assert path.read_bytes() == data, (
        f"{name} differs from its golden file (INTAKE_REGENERATE_GOLDEN=1 to accept)"
    )


# --- fixtures ---------------------------------------------------------------------------------


def make_config(tmp_path: Path) -> Config:
    (tmp_path / "mailbox" / "cur").mkdir(parents=True)
    (tmp_path / "mailbox" / "new").mkdir()
    data = {
        "mailbox": {"maildir": "mailbox"},
        "office": {
            "name": "Sosyal İlişkiler ve İletişim Dairesi Başkanlığı",
            "addresses": ["siid@example.gov.tr"],
        },
        "authentication": {"authserv_id": "mail.example.gov.tr"},
        "units": [
            {
                "id": "ghgm",
                "short": "GHGM",
                "name": "Gençlik Hizmetleri Genel Müdürlüğü",
                "addresses": ["sosyalmedya@ghgm.example.gov.tr"],
            },
            {
                "id": "sgm",
                "short": "SGM",
                "name": "Spor Hizmetleri Genel Müdürlüğü",
                "addresses": ["sosyalmedya@sgm.example.gov.tr"],
            },
        ],
        "paths": {"state": "state", "docs": "docs"},
        "site": {"url": SITE},
    }
    return parse_config(data, tmp_path / "intake.yml")


TRICKY = "Başvurular 15 Aralık'a kadar; kontenjan: 500, ücretsiz.\nYol: C:\\Gençlik\\kamp\n\nİyi haftalar!"


def submissions(plan_time: str = "10:30") -> list[Submission]:
    plan = Submission(
        id="ghgm-2026-w49-plan-a1b2c3",
        type="plan",
        unit="ghgm",
        sender="sosyalmedya@ghgm.example.gov.tr",
        subject="HAFTALIK PLAN 2026-W49",
        received=datetime(2026, 11, 26, 10, 15, tzinfo=TZ),
        message_id="<plan-1@ghgm.example.gov.tr>",
        week="2026-W49",
        status="received",
        items=(
            Item(
                topic="Gençlik kampları başvuruları başladı",
                date=date(2026, 12, 2),
                time=plan_time,
                platforms=("X", "Instagram"),
                text=TRICKY,
                link="https://ghgm.example.gov.tr/kamp",
                tags=("#GençlikKampı", "Gençlik"),
            ),
            Item(
                topic="Gönüllülük haftası",
                date=date(2026, 12, 3),
                platforms=("Facebook",),
                text="Gönüllü olmak için başvurun.",
            ),
            Item(
                topic="Deprem tatbikatı; hazırlık",
                date=date(2026, 12, 4),
                time="14:00",
                platforms=("X",),
                text="Okullarda tatbikat.",
            ),
        ),
    )
    announcement = Submission(
        id="sgm-2026-w49-duyuru-d4e5f6",
        type="announcement",
        unit="sgm",
        sender="sosyalmedya@sgm.example.gov.tr",
        subject="DUYURU: Kış sporları",
        received=datetime(2026, 11, 25, 16, 40, tzinfo=TZ),
        message_id="<duyuru-1@sgm.example.gov.tr>",
        week="2026-W49",
        status="approved",
        items=(
            Item(
                topic="Kış Spor Oyunları, Erzurum",
                date=date(2026, 12, 5),
                time="11:00",
                platforms=("X", "YouTube"),
                text="Canlı yayın.",
            ),
        ),
        decision=Decision(
            by="siid@example.gov.tr", at=datetime(2026, 11, 26, 9, 5, tzinfo=TZ), via="email"
        ),
    )
    pending = Submission(
        id="sgm-2026-w50-plan-778899",
        type="plan",
        unit="sgm",
        sender="sosyalmedya@sgm.example.gov.tr",
        subject="PLAN 2026-W50",
        received=datetime(2026, 11, 27, 8, 0, tzinfo=TZ),
        message_id="<plan-2@sgm.example.gov.tr>",
        week="2026-W50",
        status="pending",
        items=(
            Item(
                topic="Okul sporları ödül töreni",
                date=date(2026, 12, 8),
                time="09:00",
                platforms=("Instagram",),
            ),
        ),
    )
    return [plan, announcement, pending]


CRISIS = parse_crisis(
    "---\ncrisis:\n  active: true\n  scope: field\n  topics: [deprem]\n"
    "  since: 2026-11-30T09:00:00+03:00\n  title: Deprem nedeniyle planlı paylaşımlar durduruldu\n---\nMetin.\n"
)


def demo_meeting() -> Meeting:
    return load_meeting(ROOT / "calendar" / "meeting.yml")


def context(
    config: Config,
    subs: list[Submission],
    crisis: CrisisNotice = CRISIS,
    meeting: Meeting | None = None,
    now: datetime = NOW,
) -> SiteContext:
    return SiteContext(
        config=config,
        submissions=tuple(subs),
        posts=tuple(planned_posts(subs, crisis)),
        crisis=crisis,
        meeting=meeting if meeting is not None else demo_meeting(),
        now=now,
    )


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


@pytest.fixture
def written(tmp_path: Path, config: Config) -> tuple[bytes, bytes]:
    paths = write_feeds(context(config, submissions()), tmp_path / "docs")
    assert paths == [
        tmp_path / "docs" / "calendar" / "agenda.ics",
        tmp_path / "docs" / "calendar" / "shares.ics",
    ]
    return paths[0].read_bytes(), paths[1].read_bytes()


def events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT as {property (with params): raw value}."""
    out = []
    for comp in parse(data).children:
        if comp.name == "VEVENT":
            out.append(
                {
                    (p.name + "".join(f";{k}={v}" for k, v in p.params.items())): p.value
                    for p in comp.props
                }
            )
    return out


# --- the checklist, on the bytes written ------------------------------------------------------


def test_both_written_feeds_pass_every_checklist_point(written: tuple[bytes, bytes]) -> None:
    for data in written:
        assert calendar_problems(data) == []


def test_calendar_headers_and_clean_vtimezone(written: tuple[bytes, bytes]) -> None:
    agenda, shares = written
    for data, name in (
        (agenda, "Haftalık Sosyal Medya Gündem Toplantısı"),
        (shares, "Sosyal Medya Paylaşım Takvimi"),
    ):
        lines = unfold(data)
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
        assert lines.count("VERSION:2.0") == 1
        assert sum(line.startswith("PRODID:") for line in lines) == 1
        assert f"NAME:{name}" in lines and f"X-WR-CALNAME:{name}" in lines
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
        assert "X-PUBLISHED-TTL:PT1H" in lines
        assert not any(line.startswith("METHOD") for line in lines)
        assert not data.startswith(b"\xef\xbb\xbf")
        tz_block = lines[lines.index("BEGIN:VTIMEZONE") : lines.index("END:VTIMEZONE") + 1]
        assert tz_block == [
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Istanbul",
            "BEGIN:STANDARD",
            "DTSTART:20160907T000000",
            "TZNAME:+03",
            "TZOFFSETFROM:+0300",
            "TZOFFSETTO:+0300",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
        assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")
        # every line that carries a time (outside the VTIMEZONE) is zoned or UTC or a DATE
        for line in lines[lines.index("END:VTIMEZONE") :]:
            if re.match(r"^(DTSTART|DTEND|EXDATE|RECURRENCE-ID|DTSTAMP)[;:]", line):
                assert (
                    "TZID=Europe/Istanbul:" in line or line.endswith("Z") or ";VALUE=DATE:" in line
                ), line
        assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r")
        assert max(len(physical) for physical in data.split(b"\r\n")) <= 75


def test_files_land_in_docs_calendar_atomically(tmp_path: Path, config: Config) -> None:
    out = tmp_path / "docs"
    write_feeds(context(config, submissions()), out)
    assert sorted(p.name for p in (out / "calendar").iterdir()) == [
        "agenda.ics",
        "shares.ics",
    ]  # no temp files
    assert (config.paths.state / LEDGER_NAME).exists()


def test_rebuild_is_byte_identical_and_never_reads_the_clock(
    tmp_path: Path, config: Config
) -> None:
    out = tmp_path / "docs"
    first = [p.read_bytes() for p in write_feeds(context(config, submissions()), out)]
    mtimes = [p.stat().st_mtime_ns for p in (out / "calendar").iterdir()]
    later = NOW + timedelta(days=20, hours=5)
    second = [p.read_bytes() for p in write_feeds(context(config, submissions(), now=later), out)]
    assert first == second
    assert [p.stat().st_mtime_ns for p in (out / "calendar").iterdir()] == mtimes  # not rewritten
    # the pure functions agree with what was written
    assert agenda_ics(demo_meeting(), SITE, horizon=date(2027, 12, 31)) == agenda_ics(
        demo_meeting(), SITE, horizon=date(2027, 12, 31)
    )
    assert b"DTSTAMP:2026" in first[0] and b"DTSTAMP:202611" in first[1]


def test_golden_feed_files(written: tuple[bytes, bytes]) -> None:
    golden("agenda.ics", written[0])
    golden("shares.ics", written[1])


# --- agenda.ics -------------------------------------------------------------------------------


def test_agenda_is_one_series_with_exdates_and_complete_overrides(
    written: tuple[bytes, bytes],
) -> None:
    evs = events(written[0])
    uids = {e["UID"] for e in evs}
    assert len(uids) == 1 and next(iter(uids)).endswith("@example.gov.tr")
    masters = [e for e in evs if "RRULE" in e]
    assert len(masters) == 1
    master = masters[0]
    assert master["RRULE"] == "FREQ=WEEKLY;UNTIL=20270628T070000Z;BYDAY=MO"
    assert master["DTSTART;TZID=Europe/Istanbul"] == "20261102T100000"
    assert master["DTEND;TZID=Europe/Istanbul"] == "20261102T110000"
    assert master["EXDATE;TZID=Europe/Istanbul"] == "20261228T100000"  # the cancelled week: gone
    assert master["DTSTAMP"] == "20261102T000000Z"
    overrides = {e["RECURRENCE-ID;TZID=Europe/Istanbul"]: e for e in evs if "RRULE" not in e}
    assert len(overrides) == 34  # 35 Mondays from 2026-11-02 to 2027-06-28, one cancelled
    assert "20261228T100000" not in overrides
    moved = overrides["20270118T100000"]
    assert moved["DTSTART;TZID=Europe/Istanbul"] == "20270119T140000"
    assert moved["DTEND;TZID=Europe/Istanbul"] == "20270119T150000"
    assert moved["URL"] == SITE + "agenda/2027-W03/"
    assert (
        "Bu haftaki toplantının yeni zamanı: 19 Ocak 2027 Salı, 14:00 (18 Ocak 2027 Pazartesi yerine)."
        in unescape_text(moved["DESCRIPTION"])
    )
    bayram = overrides["20270517T100000"]
    assert bayram["DTSTART;TZID=Europe/Istanbul"] == "20270520T100000"  # Mon-Wed Kurban Bayramı
    assert "Kurban Bayramı nedeniyle" in unescape_text(bayram["DESCRIPTION"])
    arife = overrides[
        "20270308T100000"
    ]  # Ramazan Bayramı eve: off from 13:00, a 10:00 meeting holds
    assert arife["DTSTART;TZID=Europe/Istanbul"] == "20270308T100000"
    for rid, ev in overrides.items():
        start = datetime.strptime(ev["DTSTART;TZID=Europe/Istanbul"], "%Y%m%dT%H%M%S").date()
        link = SITE + f"agenda/{iso_week(start)}/"
        assert ev["URL"] == link, rid
        assert unescape_text(ev["DESCRIPTION"]).endswith(f"Bu haftanın gündemi: {link}")
        assert unescape_text(ev["LOCATION"]) == (
            "Bakanlık Merkez Bina, B Blok 3. Kat Basın Toplantı Salonu, Çankaya/Ankara"
        )
        assert "https://toplanti.example.gov.tr/sosyal-medya-gundem" in unescape_text(
            ev["DESCRIPTION"]
        )


def expand(data: bytes, start: date, end: date) -> list[str]:
    """The occurrence list a client sees: recurring-ical-events, cancelled ones filtered out."""
    cal = x_wr_timezone.to_standard(Calendar.from_ical(data))
    out = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        if str(ev.get("STATUS", "")) == "CANCELLED":
            continue
        s, e = ev["DTSTART"].dt, ev["DTEND"].dt
        if isinstance(s, datetime):
            assert s.tzinfo is not None and s.utcoffset() == timedelta(hours=3)
            span = f"{s:%H:%M}-{e:%H:%M}"
        else:
            assert e == s + timedelta(days=1)
            span = "all-day    "
        day = s.date() if isinstance(s, datetime) else s
        out.append(
            f"{s:%Y-%m-%d} {DAYS[s.weekday()]} {span} {iso_week(day)} {ev['URL']} | {ev['SUMMARY']}"
        )
    return sorted(out)


def test_golden_demo_occurrences(written: tuple[bytes, bytes]) -> None:
    lines = expand(written[0], date(2026, 10, 1), date(2028, 1, 1))
    golden("agenda-demo-occurrences.txt", "\n".join(lines) + "\n")
    days = [line[:10] for line in lines]
    assert len(lines) == 34
    assert "2026-12-28" not in days and "2027-01-18" not in days and "2027-05-17" not in days
    assert "2027-01-19" in days and "2027-05-20" in days and "2027-03-08" in days
    assert days[0] == "2026-11-02" and days[-1] == "2027-06-28"
    # the site's view (Meeting.occurrences) and the feed agree
    meeting = demo_meeting()
    held = [o for o in meeting.occurrences(date(2026, 10, 1), date(2028, 1, 1)) if not o.cancelled]
    assert [f"{o.start:%Y-%m-%d %H:%M}" for o in held] == [
        line[:10] + " " + line[15:20] for line in lines
    ]


SERIES = {
    # Fridays 14:00, holidays → next working day: 20 Mar 2026 Ramazan Bayramı, 1 May, 29 May Kurban
    # Bayramı, 1 Ocak 2027, 23 Nisan 2027, 29 Ekim 2027; a cancelled and a moved Friday.
    "friday-next-working-day": {
        "title": "Cuma Koordinasyon Toplantısı",
        "weekday": "Cuma",
        "time": "14:00",
        "duration": "1h30m",
        "location": "Ankara",
        "online_url": "https://toplanti.example.gov.tr/cuma",
        "first": "2026-01-02",
        "until": "2027-12-31",
        "holidays": "next_working_day",
        "cancelled": ["2026-12-25"],
        "moved": [{"from": "2027-02-05", "to": "2027-02-04 10:00"}],
    },
    # Thursdays 14:00, holidays skipped: 29 Ekim 2026, 11 Mart 2027 (Ramazan), 15 Temmuz 2027, and
    # 28 Ekim 2027, a half-day eve from 13:00 that a 14:00 meeting does not survive.
    "thursday-skip": {
        "title": "Perşembe Toplantısı",
        "weekday": 4,
        "time": "14:00",
        "duration": 60,
        "location": "Ankara",
        "first": "2026-10-01",
        "until": "2027-10-28",
        "holidays": "skip",
    },
    # Open-ended Wednesday series that keeps holidays (27 Mayıs 2026 Kurban, 15 Temmuz 2026).
    "wednesday-keep": {
        "title": "Çarşamba Toplantısı",
        "weekday": "wednesday",
        "time": "09:30",
        "duration": 45,
        "location": "Ankara",
        "first": "2026-05-06",
        "holidays": "keep",
    },
}


@pytest.mark.parametrize("name", sorted(SERIES))
def test_golden_occurrences_over_holidays(name: str) -> None:
    meeting = parse_meeting(SERIES[name], name)
    data = agenda_ics(meeting, SITE, horizon=date(2027, 12, 31))
    assert calendar_problems(data) == []
    lines = expand(data, date(2026, 1, 1), date(2028, 1, 1))
    golden(f"{name}-occurrences.txt", "\n".join(lines) + "\n")
    held = [o for o in meeting.occurrences(date(2026, 1, 1), date(2027, 12, 31)) if not o.cancelled]
    assert [f"{o.start:%Y-%m-%d %H:%M}" for o in held] == [
        line[:10] + " " + line[15:20] for line in lines
    ]
    days = {line[:10] for line in lines}
    if name == "friday-next-working-day":
        assert {
            "2026-03-23",
            "2026-05-04",
            "2026-06-01",
            "2027-01-04",
            "2027-04-26",
            "2027-11-01",
            "2027-02-04",
        } <= days
        assert (
            not {
                "2026-03-20",
                "2026-05-01",
                "2026-05-29",
                "2027-01-01",
                "2027-04-23",
                "2027-10-29",
                "2026-12-25",
                "2027-02-05",
            }
            & days
        )
        assert "RRULE:FREQ=WEEKLY;UNTIL=20271231T110000Z;BYDAY=FR" in unfold(data)
    elif name == "thursday-skip":
        assert not {"2026-10-29", "2027-03-11", "2027-07-15", "2027-10-28"} & days
        assert "2026-10-22" in days and "2027-10-21" in days
        exdates = [line for line in unfold(data) if line.startswith("EXDATE")]
        assert exdates == [
            "EXDATE;TZID=Europe/Istanbul:20261029T140000,20270311T140000,20270715T140000,20271028T140000"
        ]
    else:
        assert {"2026-05-27", "2026-07-15"} <= days
        assert "RRULE:FREQ=WEEKLY;BYDAY=WE" in unfold(data)  # open-ended: no UNTIL
        assert max(days) == "2027-12-29"  # the horizon


def test_agenda_without_meeting_is_an_empty_valid_calendar(tmp_path: Path, config: Config) -> None:
    ctx = replace(context(config, []), meeting=None)
    agenda = write_feeds(ctx, tmp_path / "docs")[0].read_bytes()
    assert calendar_problems(agenda) == []
    assert b"BEGIN:VEVENT" not in agenda


# --- shares.ics -------------------------------------------------------------------------------


def test_shares_events(written: tuple[bytes, bytes]) -> None:
    evs = {e["UID"]: e for e in events(written[1])}
    assert sorted(evs) == [
        "ghgm-2026-w49-plan-a1b2c3-1@intranet.example.gov.tr",
        "ghgm-2026-w49-plan-a1b2c3-2@intranet.example.gov.tr",
        "ghgm-2026-w49-plan-a1b2c3-3@intranet.example.gov.tr",
        "sgm-2026-w49-duyuru-d4e5f6-1@intranet.example.gov.tr",
        "sgm-2026-w50-plan-778899-1@intranet.example.gov.tr",
    ]
    timed = evs["ghgm-2026-w49-plan-a1b2c3-1@intranet.example.gov.tr"]
    assert unescape_text(timed["SUMMARY"]) == "GHGM: Gençlik kampları başvuruları başladı"
    assert timed["DTSTART;TZID=Europe/Istanbul"] == "20261202T103000"
    assert timed["DTEND;TZID=Europe/Istanbul"] == "20261202T104500"
    assert timed["DTSTAMP"] == "20261126T071500Z"  # received 10:15 +03:00
    assert timed["STATUS"] == "CONFIRMED" and timed["TRANSP"] == "TRANSPARENT"
    assert timed["URL"] == SITE + "calendar/2026-W49/"
    description = unescape_text(timed["DESCRIPTION"])
    assert description == (
        "Birim: Gençlik Hizmetleri Genel Müdürlüğü\nPlatformlar: X, Instagram\n\n" + TRICKY + "\n\n"
        "Bağlantı: https://ghgm.example.gov.tr/kamp\nEtiketler: #GençlikKampı, #Gençlik\n"
        f"Haftanın takvimi: {SITE}calendar/2026-W49/"
    )
    allday = evs["ghgm-2026-w49-plan-a1b2c3-2@intranet.example.gov.tr"]
    assert allday["DTSTART;VALUE=DATE"] == "20261203" and allday["DTEND;VALUE=DATE"] == "20261204"
    stopped = evs["ghgm-2026-w49-plan-a1b2c3-3@intranet.example.gov.tr"]
    assert unescape_text(stopped["SUMMARY"]) == "İPTAL: GHGM: Deprem tatbikatı; hazırlık"
    assert stopped["STATUS"] == "CANCELLED"
    assert unescape_text(stopped["DESCRIPTION"]).startswith(
        "DURDURULDU: Deprem nedeniyle planlı paylaşımlar durduruldu\n"
    )
    approved = evs["sgm-2026-w49-duyuru-d4e5f6-1@intranet.example.gov.tr"]
    assert unescape_text(approved["SUMMARY"]) == "SGM: Kış Spor Oyunları, Erzurum"
    assert approved["DTSTAMP"] == "20261126T060500Z"  # the decision, later than received
    pending = evs["sgm-2026-w50-plan-778899-1@intranet.example.gov.tr"]
    assert pending["STATUS"] == "TENTATIVE"
    # only the stopped one is cancelled; a client filtering CANCELLED still shows the rest
    assert [e["UID"] for e in evs.values() if e["STATUS"] == "CANCELLED"] == [
        "ghgm-2026-w49-plan-a1b2c3-3@intranet.example.gov.tr"
    ]
    shown = expand(written[1], date(2026, 11, 30), date(2026, 12, 14))
    assert [line[:16] for line in shown] == [
        "2026-12-02 Çar 1",
        "2026-12-03 Per a",
        "2026-12-05 Cmt 1",
        "2026-12-08 Sal 0",
    ]


def test_shares_without_crisis_nothing_cancelled(config: Config) -> None:
    subs = submissions()
    data = shares_ics(planned_posts(subs, CrisisNotice(None, (), "")), config)
    assert calendar_problems(data) == []
    assert b"CANCELLED" not in data and "İPTAL".encode() not in data


# --- SEQUENCE ---------------------------------------------------------------------------------


def test_sequence_rises_when_time_changes_and_never_decreases(
    tmp_path: Path, config: Config
) -> None:
    out = tmp_path / "docs"
    uid = ("ghgm-2026-w49-plan-a1b2c3-1@intranet.example.gov.tr", "")
    other = ("sgm-2026-w49-duyuru-d4e5f6-1@intranet.example.gov.tr", "")

    def publish(plan_time: str, crisis: CrisisNotice = CRISIS) -> dict[tuple[str, str], int]:
        shares = write_feeds(context(config, submissions(plan_time), crisis), out)[1].read_bytes()
        assert calendar_problems(shares) == []
        return dict(parse_sequences(shares))

    first = publish("10:30")
    assert first[uid] == 0 and first[other] == 0
    second = publish("11:00")  # the unit moved the post
    assert second[uid] == 1 and second[other] == 0
    assert publish("11:00")[uid] == 1  # unchanged: same sequence, same bytes
    assert publish("10:30")[uid] == 2  # moved back: still rises, never returns to 0
    stopped = ("ghgm-2026-w49-plan-a1b2c3-3@intranet.example.gov.tr", "")
    assert publish("10:30")[stopped] == 0
    assert (
        publish("10:30", CrisisNotice(None, (), ""))[stopped] == 1
    )  # un-cancelled: status changed
    # the ledger survives a restart (it is a file), and a post that disappears keeps its count
    assert publish("10:30", CrisisNotice(None, (), ""))[uid] == 2
    write_feeds(context(config, submissions()[1:]), out)
    assert publish("10:30")[uid] == 2


def test_agenda_sequence_rises_when_the_series_time_changes(tmp_path: Path, config: Config) -> None:
    out = tmp_path / "docs"
    meeting = demo_meeting()
    before = parse_sequences(write_feeds(context(config, [], meeting=meeting), out)[0].read_bytes())
    assert set(before.values()) == {0}
    later = replace(meeting, time=time(11, 0))
    after = parse_sequences(write_feeds(context(config, [], meeting=later), out)[0].read_bytes())
    assert all(seq >= 1 for seq in after.values())
    master = next(k for k in after if k[1] == "")
    assert after[master] == 1
    back = parse_sequences(write_feeds(context(config, [], meeting=meeting), out)[0].read_bytes())
    assert all(back[k] >= after.get(k, 0) for k in back) and back[master] == 2


def test_ledger_sequence_is_a_running_maximum() -> None:
    ledger = SequenceLedger()
    seen = [ledger.sequence("k", fp) for fp in ("a", "a", "b", "a", "a", "c")]
    assert seen == [0, 0, 1, 2, 2, 3]
    assert SequenceLedger({"k": {"fp": "c", "seq": 3}}).sequence("k", "c") == 3


def test_shares_feed_window_and_ledger_pruning(tmp_path: Path, config: Config) -> None:
    out = tmp_path / "docs"
    # 1 March 2027 (Mon): the feed starts 12 weeks earlier, on 7 December 2026
    later = datetime(2027, 3, 3, 8, 0, tzinfo=TZ)
    assert shares_since(later) == date(2026, 12, 7)
    shares = write_feeds(context(config, submissions(), now=later), out)[1].read_bytes()
    assert calendar_problems(shares) == []
    assert [e["UID"] for e in events(shares)] == [
        "sgm-2026-w50-plan-778899-1@intranet.example.gov.tr"
    ]
    ledger = SequenceLedger.load(config.paths.state / LEDGER_NAME)
    assert sorted(k for k in ledger.entries if k.startswith("shares.ics|")) == [
        "shares.ics|sgm-2026-w50-plan-778899-1@intranet.example.gov.tr|"
    ]
    # entries of posts that left the window more than a year ago are dropped; recent ones stay
    ledger.sequence("shares.ics|old@x|", "fp", date(2025, 12, 6))
    ledger.sequence("shares.ics|recent@x|", "fp", date(2025, 12, 8))
    ledger.prune("shares.ics|", date(2025, 12, 7))
    assert "shares.ics|old@x|" not in ledger.entries and "shares.ics|recent@x|" in ledger.entries
    assert any(k.startswith("agenda.ics|") for k in ledger.entries)  # the agenda's are never pruned
