"""The two ICS feeds: ``calendar/agenda.ics`` (the meeting series) and ``calendar/shares.ics``.

Both are built with icalendar's components and value types, then serialised by
:func:`serialize`, which re-folds every content line itself: icalendar's own folding counts
characters, so a Turkish line can exceed 75 octets; ours cuts at ≤ 75 octets, never inside a
UTF-8 sequence and never between a ``\\`` and the character it escapes. Every line ends in CRLF.

Decisions (see ``/work/shared/reference/ics-checklist.md``):

- **Time zone**: one clean ``Europe/Istanbul`` VTIMEZONE (a single STANDARD block +0300→+0300
  from 2016-09-07, when Turkey stayed on +03 for good), written before the events; every
  DATE-TIME carries ``TZID=Europe/Istanbul`` or is UTC (``DTSTAMP``, ``UNTIL``).
- **DTSTAMP** never reads the clock: shares use the submission's ``received`` (or the office's
  decision time when later), in UTC; the agenda uses the series' ``first`` day at 00:00 UTC.
- **Agenda**: ONE recurring VEVENT (``RRULE:FREQ=WEEKLY``; ``UNTIL`` in UTC with ``Z`` when
  ``until`` is set). Cancelled weeks, and holidays under ``holidays: skip``, are **EXDATE**s (the
  meeting is gone in every client, rather than Outlook showing a CANCELLED override as a normal
  event). Every other instance up to the horizon has a RECURRENCE-ID override — a complete event —
  so that each occurrence links to *its own* week's agenda page (``URL`` and ``DESCRIPTION``):
  moved meetings and next-working-day holiday moves carry their new time and their own week's
  link; regular ones carry the same time as the rule. Instances past the horizon (open-ended
  series only) fall back to the master, whose link is ``{site.url}agenda/``.
- **Shares**: one VEVENT per planned post from the Monday 12 weeks before ``ctx.now``'s week on
  (five years of a 30-unit ministry is ~55,000 posts: 37 MB of ICS that no client should poll
  hourly; the site keeps the full history). UID ``<post.uid>@<site host>`` (the submission id and
  the item number: stable); timed posts are a 15-minute event with TZID, untimed ones an all-day
  DATE event with an exclusive DTEND; stopped posts are ``STATUS:CANCELLED`` with an ``İPTAL: ``
  prefix; posts waiting for the office's clearance are ``TENTATIVE``. ``TRANSP:TRANSPARENT``: a
  planned post does not make anyone busy.
- **SEQUENCE**: a small ledger in ``{paths.state}/feeds.json`` remembers, per (feed, UID,
  RECURRENCE-ID), a fingerprint of the event's times and status and the sequence last published
  (share entries dated more than a year before the feed's window are dropped: those events left
  every subscriber's calendar long ago, so there is no published sequence left to stay above).
  A changed fingerprint raises the sequence by one; an unchanged one keeps it; entries are never
  deleted (an event that comes back keeps counting from where it was), and the ledger is written
  before the feed. The published sequence is therefore a running maximum: it never decreases. An
  override publishes max(its own, the master's). Without a ledger (the pure functions' default)
  every SEQUENCE is 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vText

from intake.config import Config
from intake.meeting import Meeting, Occurrence, agenda_url, default_uid_domain
from intake.render.context import SiteContext
from intake.render.turkish import long_date
from intake.schedule import Post
from intake.store import atomic_write
from intake.timeutil import TZ

PRODID = "-//T.C. Bakanlık SİİD//intake sosyal medya koordinasyonu//TR"
TZID = "Europe/Istanbul"
SHARES_NAME = "Sosyal Medya Paylaşım Takvimi"
POST_LENGTH = timedelta(minutes=15)
LEDGER_NAME = "feeds.json"
SHARES_PAST_WEEKS = 12  # the shares feed carries this many past weeks, then everything ahead
LEDGER_KEEP = timedelta(days=365)  # ledger entries of posts this long out of the feed are dropped
MAX_OCTETS = 75
# C0 controls other than TAB and LF, and DEL, are not allowed in iCalendar TEXT
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# --- bytes ------------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """What a TEXT value can carry: newlines normalised to LF, other control characters dropped."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def fold_line(line: str) -> list[str]:
    """Fold one logical content line into physical lines of at most 75 octets each.

    Continuation lines start with one space (counted in their 75). A cut never falls inside a
    UTF-8 sequence, nor right after a backslash that escapes the next character.
    """
    raw = line.encode("utf-8")
    if len(raw) <= MAX_OCTETS:
        return [line]
    escape_start = bytearray(len(raw))  # 1 where a "\" begins an escape pair
    i = 0
    while i < len(raw):
        if raw[i] == 0x5C:
            escape_start[i] = 1
            i += 2
        else:
            i += 1
    out: list[str] = []
    start = 0
    budget = MAX_OCTETS
    while len(raw) - start > budget:
        cut = start + budget
        while cut > start and ((raw[cut] & 0xC0) == 0x80 or escape_start[cut - 1]):
            cut -= 1
        out.append(raw[start:cut].decode("utf-8"))
        start = cut
        budget = MAX_OCTETS - 1  # the leading space of a continuation line
    out.append(raw[start:].decode("utf-8"))
    return [out[0], *(" " + part for part in out[1:])]


def unfold(text: str) -> list[str]:
    """Logical lines of an iCalendar text (CRLF or LF line ends; a leading space/tab continues)."""
    lines: list[str] = []
    for physical in re.split(r"\r\n|\n", text):
        if physical[:1] in (" ", "\t") and lines:
            lines[-1] += physical[1:]
        elif physical:
            lines.append(physical)
    return lines


def serialize(cal: Calendar) -> bytes:
    """UTF-8 (no BOM), our own folding, CRLF after every line including the last."""
    # content_lines() gives the unfolded lines; icalendar's own to_ical() folds by characters
    # (and spends a third of the time doing it), so we fold once, ourselves
    logical = [str(line) for line in cal.content_lines() if line]
    for line in logical:
        if "\r" in line or "\n" in line:  # pragma: no cover - clean_text() guards every TEXT
            raise ValueError(f"bare line break inside a content line: {line[:40]!r}")
    return "".join(part + "\r\n" for line in logical for part in fold_line(line)).encode("utf-8")


# --- sequence ledger --------------------------------------------------------------------------


@dataclass
class SequenceLedger:
    """Per event key: the fingerprint and SEQUENCE last published. Monotonic by construction."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def sequence(self, key: str, fingerprint: str, day: date | None = None) -> int:
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = {"fp": fingerprint, "seq": 0}
        elif entry.get("fp") != fingerprint:
            entry["fp"] = fingerprint
            entry["seq"] = int(entry.get("seq", 0)) + 1
        if day is not None:
            entry["day"] = day.isoformat()
        return int(entry["seq"])

    def prune(self, prefix: str, before: date) -> None:
        """Forget events of ``prefix`` dated before ``before`` (long gone from the feed)."""
        cutoff = before.isoformat()
        for key in [
            k
            for k, v in self.entries.items()
            if k.startswith(prefix) and str(v.get("day", "9")) < cutoff
        ]:
            del self.entries[key]

    @classmethod
    def load(cls, path: Path) -> SequenceLedger:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            from intake.errors import BuildError

            raise BuildError(
                f"{path}: the feed sequence ledger is unreadable ({exc}); restore it from a backup "
                "(deleting it restarts every SEQUENCE at 0, which calendar clients may ignore)"
            ) from None
        events = data.get("events", {}) if isinstance(data, dict) else {}
        return cls({str(k): dict(v) for k, v in events.items() if isinstance(v, dict)})

    def dump(self) -> str:
        return (
            json.dumps(
                {"version": 1, "events": self.entries}, ensure_ascii=False, indent=1, sort_keys=True
            )
            + "\n"
        )


# --- shared pieces ----------------------------------------------------------------------------


def istanbul_vtimezone() -> Timezone:
    """Turkey has been on +03 all year since 2016-09-07: one STANDARD block, no DST rules."""
    tz = Timezone()
    tz.add("tzid", TZID)
    std = TimezoneStandard()
    std.add("dtstart", datetime(2016, 9, 7, 0, 0, 0))  # local time, as VTIMEZONE requires
    std.add("tzoffsetfrom", timedelta(hours=3))
    std.add("tzoffsetto", timedelta(hours=3))
    std.add("tzname", "+03")
    tz.add_component(std)
    return tz


def _calendar(name: str, description: str) -> Calendar:
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    name, description = ics_text(name), ics_text(description)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    cal.add_component(istanbul_vtimezone())
    return cal


def _local(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} would be written as a floating time")
    return value.astimezone(TZ)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} has no zone")
    return value.astimezone(UTC)


class _Text(vText):
    """RFC 5545 TEXT, escaped as icalendar does it but without its first step, which reads
    a literal ``\\N`` in the value as a line break: a post that says ``\\N`` (a path, an
    emoticon) would lose it."""

    def to_ical(self) -> bytes:
        escaped = str(self).replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
        return escaped.replace("\n", r"\n").encode("utf-8")


def ics_text(value: str) -> _Text:
    return _Text(clean_text(value).strip())


# --- agenda.ics -------------------------------------------------------------------------------


def agenda_uid(meeting: Meeting, site_url: str) -> str:
    """Stable: derived from the site address (one series per site), never random."""
    domain = meeting.uid_domain or default_uid_domain(site_url)
    return f"gundem-{uuid5(NAMESPACE_URL, site_url.rstrip('/') + '/calendar/agenda.ics')}@{domain}"


def _agenda_description(meeting: Meeting, occ: Occurrence | None, site_url: str) -> str:
    lines: list[str] = []
    if occ is not None and occ.moved_from is not None:
        new_time = (
            f"bu haftaki toplantının yeni zamanı: {long_date(occ.day)}, {occ.start:%H:%M} "
            f"({long_date(occ.moved_from)} yerine)."
        )
        if occ.reason == "holiday-moved":
            lines.append(f"{occ.holiday} nedeniyle {new_time}")
        else:
            lines.append(new_time[0].upper() + new_time[1:])
        lines.append("")
    elif occ is not None and occ.holiday:
        lines.append(f"{occ.holiday} tatiline rağmen toplantı yapılır.")
        lines.append("")
    lines.append(f"Yer: {meeting.location}")
    if meeting.online_url:
        lines.append(f"Çevrim içi katılım: {meeting.online_url}")
    if occ is not None:
        lines.append(f"Bu haftanın gündemi: {agenda_url(site_url, occ.week)}")
    else:
        lines.append(f"Haftalık gündem sayfaları: {site_url.rstrip('/')}/agenda/")
    return "\n".join(lines)


def _meeting_event(
    meeting: Meeting,
    uid: str,
    dtstamp: datetime,
    start: datetime,
    end: datetime,
    description: str,
    url: str,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dtstamp)
    event.add("dtstart", _local(start))
    event.add("dtend", _local(end))
    event.add("summary", ics_text(meeting.title))
    event.add("location", ics_text(meeting.location))
    event.add("description", ics_text(description))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def agenda_ics(
    meeting: Meeting | None, site_url: str, *, horizon: date, ledger: SequenceLedger | None = None
) -> bytes:
    """The meeting series as one recurring VEVENT with its exceptions, up to ``horizon``.

    ``horizon`` bounds holidays and overrides of an open-ended series (no ``until``); a series
    with ``until`` is written completely whatever the horizon.
    """
    title = meeting.title if meeting else "Gündem Toplantısı"
    cal = _calendar(
        title, "Haftalık gündem toplantısı: her toplantı, o haftanın gündem sayfasına bağlanır."
    )
    if meeting is None:
        return serialize(cal)
    ledger = ledger if ledger is not None else SequenceLedger()
    uid = agenda_uid(meeting, site_url)
    dtstamp = datetime.combine(meeting.first, time(0, 0), UTC)
    last = meeting.until or horizon
    regular = meeting.regular_days(meeting.first, last)
    occurrences = [meeting.occurrence_for(day) for day in regular]
    exdates = [meeting.slot(o.regular_day) for o in occurrences if o.cancelled]

    start = meeting.slot(meeting.first)
    rrule: dict[str, Any] = {
        "freq": "weekly",
        "byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][meeting.weekday - 1],
    }
    if meeting.until is not None and regular:
        rrule["until"] = _utc(meeting.slot(regular[-1]))
    master = _meeting_event(
        meeting,
        uid,
        dtstamp,
        start,
        start + meeting.duration,
        _agenda_description(meeting, None, site_url),
        f"{site_url.rstrip('/')}/agenda/",
    )
    master.add("rrule", rrule)
    if exdates:
        master.add("exdate", [_local(d) for d in exdates])
    fp = "|".join(
        [
            start.isoformat(),
            meeting.duration.__str__(),
            repr(sorted(rrule.items())),
            ",".join(d.isoformat() for d in exdates),
        ]
    )
    master_seq = ledger.sequence(f"agenda.ics|{uid}|", fp)
    master.add("sequence", master_seq)
    cal.add_component(master)

    for occ in occurrences:
        if occ.cancelled:
            continue
        rid = meeting.slot(occ.regular_day)
        event = _meeting_event(
            meeting,
            uid,
            dtstamp,
            occ.start,
            occ.end,
            _agenda_description(meeting, occ, site_url),
            agenda_url(site_url, occ.week),
        )
        event.add("recurrence-id", _local(rid))
        own = ledger.sequence(
            f"agenda.ics|{uid}|{rid.isoformat()}",
            f"{occ.start.isoformat()}|{occ.end.isoformat()}|CONFIRMED",
        )
        event.add("sequence", max(own, master_seq))
        cal.add_component(event)
    return serialize(cal)


# --- shares.ics -------------------------------------------------------------------------------


def share_uid(post: Post, domain: str) -> str:
    return f"{post.uid}@{domain}"


def _unit_label(config: Config, unit_id: str) -> tuple[str, str]:
    unit = config.unit(unit_id)
    return (unit.label, unit.name) if unit else (unit_id.upper(), unit_id)


def _share_description(post: Post, config: Config, unit_name: str) -> str:
    item = post.item
    lines: list[str] = []
    if post.stopped_by is not None:
        lines += [f"DURDURULDU: {post.stopped_by.title}", ""]
    elif post.submission.status == "pending":
        lines += ["Dairenin onayını bekliyor.", ""]
    lines.append(f"Birim: {unit_name}")
    if item.platforms:
        lines.append(f"Platformlar: {', '.join(item.platforms)}")
    text = clean_text(item.text).strip()
    if text:
        lines += ["", text, ""]
    if item.link:
        lines.append(f"Bağlantı: {item.link}")
    if item.tags:
        lines.append("Etiketler: " + ", ".join("#" + tag.lstrip("#") for tag in item.tags))
    lines.append(f"Haftanın takvimi: {config.site.url.rstrip('/')}/calendar/{post.week}/")
    return "\n".join(lines)


def _share_dtstamp(post: Post) -> datetime:
    stamp = post.submission.received
    if post.submission.decision is not None and post.submission.decision.at > stamp:
        stamp = post.submission.decision.at
    return _utc(stamp)


def shares_ics(
    posts: Iterable[Post],
    config: Config,
    *,
    ledger: SequenceLedger | None = None,
    since: date | None = None,
) -> bytes:
    """One VEVENT per planned post dated ``since`` or later (all when None); stopped posts are
    cancelled with an "İPTAL: " prefix."""
    cal = _calendar(
        SHARES_NAME, f"{config.office.name}: birimlerin planlı sosyal medya paylaşımları."
    )
    ledger = ledger if ledger is not None else SequenceLedger()
    domain = default_uid_domain(config.site.url)
    seen: set[str] = set()
    for post in posts:
        if since is not None and post.day < since:
            continue
        uid = share_uid(post, domain)
        if uid in seen:  # pragma: no cover - post.uid is unique by construction
            continue
        seen.add(uid)
        item = post.item
        label, unit_name = _unit_label(config, post.submission.unit)
        summary = f"{label}: {item.topic}"
        status = "CONFIRMED"
        if post.stopped:
            summary, status = f"İPTAL: {summary}", "CANCELLED"
        elif post.submission.status == "pending":
            status = "TENTATIVE"
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", _share_dtstamp(post))
        start_value: date | datetime
        if item.time:
            hour, minute = (int(x) for x in item.time.split(":"))
            start_value = datetime.combine(post.day, time(hour, minute), TZ)
            end_value: date | datetime = start_value + POST_LENGTH
        else:
            start_value, end_value = post.day, post.day + timedelta(days=1)
        event.add("dtstart", start_value)
        event.add("dtend", end_value)
        event.add("summary", ics_text(summary))
        event.add("description", ics_text(_share_description(post, config, unit_name)))
        event.add("url", f"{config.site.url.rstrip('/')}/calendar/{post.week}/")
        event.add("status", status)
        event.add("transp", "TRANSPARENT")
        seq = ledger.sequence(
            f"shares.ics|{uid}|",
            f"{start_value.isoformat()}|{end_value.isoformat()}|{status}",
            post.day,
        )
        event.add("sequence", seq)
        cal.add_component(event)
    return serialize(cal)


# --- writing ----------------------------------------------------------------------------------


def feed_horizon(now: datetime) -> date:
    """How far an open-ended series is written out: to the end of next year."""
    return date(now.year + 1, 12, 31)


def shares_since(now: datetime) -> date:
    """The first day the shares feed covers: the Monday SHARES_PAST_WEEKS weeks before this week."""
    today = now.astimezone(TZ).date()
    return today - timedelta(days=today.weekday(), weeks=SHARES_PAST_WEEKS)


def write_feeds(ctx: SiteContext, out_dir: Path) -> list[Path]:
    """Write ``out_dir/calendar/agenda.ics`` and ``shares.ics`` atomically; returns both paths.

    The SEQUENCE ledger (``{paths.state}/feeds.json``) is written first, so a feed never carries a
    sequence the ledger does not know.
    """
    ledger_path = ctx.config.paths.state / LEDGER_NAME
    ledger = SequenceLedger.load(ledger_path)
    agenda = agenda_ics(
        ctx.meeting, ctx.config.site.url, horizon=feed_horizon(ctx.now), ledger=ledger
    )
    since = shares_since(ctx.now)
    shares = shares_ics(ctx.posts, ctx.config, ledger=ledger, since=since)
    ledger.prune("shares.ics|", since - LEDGER_KEEP)
    atomic_write(ledger_path, ledger.dump())
    paths = [out_dir / "calendar" / "agenda.ics", out_dir / "calendar" / "shares.ics"]
    for path, data in zip(paths, (agenda, shares), strict=True):
        atomic_write(path, data)
    return paths


def parse_sequences(data: bytes) -> Mapping[tuple[str, str], int]:
    """(UID, RECURRENCE-ID or "") → SEQUENCE of a written feed (for tests and `intake check`)."""
    cal = Calendar.from_ical(data)
    out: dict[tuple[str, str], int] = {}
    for event in cal.walk("VEVENT"):
        rid = event.get("recurrence-id")
        out[(str(event["uid"]), rid.dt.isoformat() if rid is not None else "")] = int(
            event.get("sequence", 0)
        )
    return out
