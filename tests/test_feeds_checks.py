"""An independent checker for the ICS checklist, run on the bytes written to disk.

It does not trust icalendar (lenient, and wrong on several points): it reads the raw octets,
unfolds them itself and unescapes TEXT strictly. The tests at the bottom show the checker
catches each defect it looks for (a checker that cannot fail proves nothing).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

TZ = ZoneInfo("Europe/Istanbul")
TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME", "X-WR-CALDESC"}
DT_PROPS = {"DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "DTSTAMP"}
_ESCAPES = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Comp:
    name: str
    props: list[Prop] = field(default_factory=list)
    children: list[Comp] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def one(self, name: str) -> Prop:
        found = self.all(name)
        assert len(found) == 1, f"{self.name}: {name} appears {len(found)} times"
        return found[0]

    def get(self, name: str) -> Prop | None:
        found = self.all(name)
        return found[0] if found else None


def unescape_text(value: str) -> str:
    """Strict RFC 5545 TEXT: only \\\\ \\; \\, \\n \\N; a bare ; or , is an error."""
    out = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            nxt = value[i + 1 : i + 2]
            if nxt not in _ESCAPES:
                raise ValueError(f"bad escape \\{nxt!r} in {value!r}")
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        if ch in ";,":
            raise ValueError(f"unescaped {ch!r} in TEXT {value!r}")
        out.append(ch)
        i += 1
    return "".join(out)


def split_line(line: str) -> Prop:
    m = re.match(r"^([A-Za-z0-9-]+)((?:;[^:;]+=(?:\"[^\"]*\"|[^:;\"]*))*):(.*)$", line)
    assert m, f"not a content line: {line!r}"
    params = {}
    for part in re.findall(r";([^:;=]+)=(\"[^\"]*\"|[^:;\"]*)", m.group(2)):
        params[part[0].upper()] = part[1]
    return Prop(m.group(1).upper(), params, m.group(3))


def byte_problems(data: bytes) -> list[str]:
    """Every byte-level checklist violation in ``data``."""
    problems: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a BOM")
    try:
        re.sub(rb"\r\n[ \t]", b"", data).decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"not UTF-8: {exc}")
        return problems
    if not data.endswith(b"\r\n"):
        problems.append("last line does not end in CRLF")
    body = data.replace(b"\r\n", b"")
    if b"\r" in body or b"\n" in body:
        problems.append("bare CR or LF")
    physical = data.split(b"\r\n")[:-1]
    for n, line in enumerate(physical, 1):
        if len(line) > 75:
            problems.append(f"line {n} has {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n}: a fold splits a UTF-8 sequence")
    # a fold must not separate a backslash from the character it escapes
    logical: list[list[bytes]] = []
    for line in physical:
        if line[:1] in (b" ", b"\t") and logical:
            logical[-1].append(line[1:])
        else:
            logical.append([line])
    for parts in logical:
        joined = b"".join(parts)
        cuts = set()
        pos = 0
        for part in parts[:-1]:
            pos += len(part)
            cuts.add(pos)
        i = 0
        while i < len(joined):
            if joined[i] == 0x5C:
                if i + 1 in cuts:
                    problems.append(
                        f"a fold separates a backslash from its character: {joined[:40]!r}"
                    )
                i += 2
            else:
                i += 1
    if data.count(b"BEGIN:VCALENDAR\r\n") != 1 or data.count(b"END:VCALENDAR\r\n") != 1:
        problems.append("not exactly one VCALENDAR")
    return problems


def unfold(data: bytes) -> list[str]:
    """Logical lines: unfolded on the octets, then decoded."""
    lines: list[bytes] = []
    for physical in data.split(b"\r\n")[:-1]:
        if physical[:1] in (b" ", b"\t"):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return [line.decode("utf-8") for line in lines]


def parse(data: bytes) -> Comp:
    """Unfold and parse into components (after byte_problems() passed)."""
    lines = unfold(data)
    stack: list[Comp] = []
    root: Comp | None = None
    for line in lines:
        prop = split_line(line)
        if prop.name == "BEGIN":
            comp = Comp(prop.value)
            if stack:
                stack[-1].children.append(comp)
            else:
                assert root is None, "more than one top-level component"
                root = comp
            stack.append(comp)
        elif prop.name == "END":
            assert stack and stack[-1].name == prop.value, (
                f"END:{prop.value} does not close {stack[-1].name}"
            )
            stack.pop()
        else:
            assert stack, f"property outside a component: {line!r}"
            stack[-1].props.append(prop)
    assert root is not None and not stack
    return root


def parse_dt(prop: Prop) -> datetime | date:
    value = prop.value.split(",")[0]
    if prop.params.get("VALUE") == "DATE":
        return datetime.strptime(value, "%Y%m%d").date()
    if value.endswith("Z"):
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=ZoneInfo("UTC"))
    tzid = prop.params.get("TZID")
    assert tzid, f"floating time: {prop}"
    return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo(tzid))


def calendar_problems(data: bytes) -> list[str]:
    """Calendar, event, time-zone and recurrence checklist points (on top of the bytes)."""
    problems = byte_problems(data)
    if problems:
        return problems
    cal = parse(data)
    if cal.name != "VCALENDAR":
        return ["top component is not VCALENDAR"]
    counts = Counter(p.name for p in cal.props)
    for name in (
        "VERSION",
        "PRODID",
        "NAME",
        "X-WR-CALNAME",
        "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
    ):
        if counts[name] != 1:
            problems.append(f"{name} appears {counts[name]} times")
    if problems:
        return problems
    if cal.one("VERSION").value != "2.0":
        problems.append("VERSION is not 2.0")
    if unescape_text(cal.one("NAME").value) != unescape_text(cal.one("X-WR-CALNAME").value):
        problems.append("NAME and X-WR-CALNAME differ")
    ri = cal.one("REFRESH-INTERVAL")
    if ri.params != {"VALUE": "DURATION"} or ri.value != "PT1H":
        problems.append(f"REFRESH-INTERVAL wrong: {ri}")
    if cal.one("X-PUBLISHED-TTL").value != "PT1H" or cal.one("X-PUBLISHED-TTL").params:
        problems.append("X-PUBLISHED-TTL is not PT1H")
    method = cal.get("METHOD")
    events = [c for c in cal.children if c.name == "VEVENT"]
    if method is not None and (
        method.value != "PUBLISH"
        or any(e.get("ORGANIZER") is None for e in events)
        or any(e.get("ATTENDEE") for e in events)
    ):
        problems.append("METHOD without PUBLISH+ORGANIZER")
    for p in cal.props:
        if p.name in TEXT_PROPS:
            try:
                unescape_text(p.value)
            except ValueError as exc:
                problems.append(str(exc))
    # time zones
    tzs = [c for c in cal.children if c.name == "VTIMEZONE"]
    tzids = {c.one("TZID").value for c in tzs}
    first_event = next(
        (i for i, c in enumerate(cal.children) if c.name == "VEVENT"), len(cal.children)
    )
    if any(i > first_event for i, c in enumerate(cal.children) if c.name == "VTIMEZONE"):
        problems.append("a VTIMEZONE comes after an event")
    for tz in tzs:
        if tz.one("TZID").value != "Europe/Istanbul":
            problems.append(f"unexpected TZID {tz.one('TZID').value}")
        kinds = [c.name for c in tz.children]
        if kinds != ["STANDARD"]:
            problems.append(f"VTIMEZONE has {kinds}, not one STANDARD block")
            continue
        std = tz.children[0]
        if (std.one("TZOFFSETFROM").value, std.one("TZOFFSETTO").value) != ("+0300", "+0300"):
            problems.append("STANDARD is not +0300→+0300")
        if std.get("RRULE") or std.get("RDATE"):
            problems.append("STANDARD has recurrence")
    # events
    keys: Counter[tuple[str, str]] = Counter()
    masters: dict[str, Comp] = {}
    overrides: dict[str, list[Comp]] = {}
    for ev in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            if len(ev.all(name)) != 1:
                problems.append(f"VEVENT without exactly one {name}")
        if problems:
            return problems
        uid = ev.one("UID").value
        rid = ev.get("RECURRENCE-ID")
        keys[(uid, rid.value if rid else "")] += 1
        if rid is None:
            masters[uid] = ev
        else:
            overrides.setdefault(uid, []).append(ev)
        if not ev.one("DTSTAMP").value.endswith("Z") or ev.one("DTSTAMP").params:
            problems.append(f"DTSTAMP not UTC: {ev.one('DTSTAMP')}")
        for p in ev.props:
            if p.name in TEXT_PROPS:
                try:
                    unescape_text(p.value)
                except ValueError as exc:
                    problems.append(str(exc))
            if p.name in DT_PROPS and p.params.get("VALUE") != "DATE":
                for v in p.value.split(","):
                    if not v.endswith("Z") and "TZID" not in p.params:
                        problems.append(f"floating time {p.name}:{v}")
                if "TZID" in p.params and p.params["TZID"] not in tzids:
                    problems.append(f"TZID {p.params['TZID']} has no VTIMEZONE")
        if any(p.startswith("floating") for p in problems):
            return problems
        if ev.get("DTEND") is not None and ev.get("DURATION") is not None:
            problems.append("DTEND together with DURATION")
        start = parse_dt(ev.one("DTSTART"))
        if ev.get("DTEND") is not None:
            end = parse_dt(ev.one("DTEND"))
            if type(start) is not type(end):
                problems.append("DTSTART and DTEND of different types")
            elif not end > start:  # type: ignore[operator]
                problems.append("DTEND not after DTSTART")
            if (
                isinstance(start, date)
                and not isinstance(start, datetime)
                and end != start + timedelta(days=1)
            ):
                problems.append("all-day event whose DTEND is not the next day")
        seq = ev.get("SEQUENCE")
        if seq is not None and not seq.value.isdigit():
            problems.append("SEQUENCE is not a non-negative integer")
    for key, n in keys.items():
        if n > 1:
            problems.append(f"(UID, RECURRENCE-ID) {key} repeated")
    # recurrence
    for uid, master in masters.items():
        rrules = master.all("RRULE")
        if not rrules:
            if overrides.get(uid):
                problems.append("override without a recurring master")
            continue
        rule = rrules[0].value
        if "UNTIL=" in rule and "COUNT=" in rule:
            problems.append("UNTIL and COUNT together")
        until = re.search(r"UNTIL=([0-9TZ]+)", rule)
        dtstart_prop = master.one("DTSTART")
        if until and "TZID" in dtstart_prop.params and not until.group(1).endswith("Z"):
            problems.append("UNTIL is not UTC (no Z) while DTSTART has a TZID")
        dtstart = parse_dt(dtstart_prop)
        assert isinstance(dtstart, datetime)
        try:
            gen = rrulestr(rule, dtstart=dtstart)
        except ValueError as exc:
            problems.append(f"RRULE unusable: {exc}")
            continue
        if until:
            instances = list(gen)
        else:  # open-ended: enough instances to cover every exception
            instances = list(gen.between(dtstart, dtstart + timedelta(days=366 * 5), inc=True))
        instance_set = set(instances)
        if dtstart not in instance_set:
            problems.append("DTSTART is not an occurrence of the rule")
        exdates: set[datetime] = set()
        for ex in master.all("EXDATE"):
            if ex.params.get("TZID") != dtstart_prop.params.get("TZID") or ex.params.get(
                "VALUE"
            ) != dtstart_prop.params.get("VALUE"):
                problems.append("EXDATE type/TZID differs from DTSTART")
            for v in ex.value.split(","):
                exdates.add(parse_dt(Prop("EXDATE", ex.params, v)))  # type: ignore[arg-type]
        for d in exdates:
            if d not in instance_set:
                problems.append(f"EXDATE {d} is not an instance of the rule")
        rids = []
        for ov in overrides.get(uid, []):
            rp = ov.one("RECURRENCE-ID")
            if rp.params.get("TZID") != dtstart_prop.params.get("TZID"):
                problems.append("RECURRENCE-ID TZID differs from DTSTART")
            rid = parse_dt(rp)
            assert isinstance(rid, datetime)
            rids.append((rid, parse_dt(ov.one("DTSTART")), parse_dt(ov.one("DTEND"))))
            if rid not in instance_set:
                problems.append(f"RECURRENCE-ID {rid} is not an instance of the rule")
            if rid in exdates:
                problems.append(f"{rid} is both excluded and overridden")
            for name in ("DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "URL"):
                if ov.get(name) is None:
                    problems.append(f"override {rid} is not a complete event (no {name})")
        # a moved occurrence stays between its neighbours: the order of the actual starts is the
        # order of the instances, and no two meetings overlap
        duration = parse_dt(master.one("DTEND")) - dtstart  # type: ignore[operator]
        moved = {rid: (s, e) for rid, s, e in rids}
        actual = [moved.get(i, (i, i + duration)) for i in instances if i not in exdates]
        for (s1, e1), (s2, _e2) in itertools.pairwise(actual):
            if not (s1 < s2 and e1 <= s2):  # type: ignore[operator]
                problems.append(f"occurrences out of order or overlapping: {s1} then {s2}")
    return problems


# --- the checker can fail ---------------------------------------------------------------------

GOOD = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//TR\r\nNAME:Takvim\r\nX-WR-CALNAME:Takvim\r\n"
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Istanbul\r\nBEGIN:STANDARD\r\nDTSTART:20160907T000000\r\n"
    "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nTZNAME:+03\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20261102T000000Z\r\n"
    "DTSTART;TZID=Europe/Istanbul:20261102T100000\r\nDTEND;TZID=Europe/Istanbul:20261102T110000\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20261116T070000Z;BYDAY=MO\r\n"
    "SUMMARY:Gündem\\, toplantı\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


def test_checker_accepts_a_good_calendar() -> None:
    assert calendar_problems(GOOD) == []


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (b"\xef\xbb\xbf" + GOOD, "starts with a BOM"),
        (GOOD.replace(b"END:VCALENDAR\r\n", b"END:VCALENDAR"), "last line does not end in CRLF"),
        (GOOD.replace(b"VERSION:2.0\r\n", b"VERSION:2.0\n"), "bare CR or LF"),
        (GOOD.replace(b"SUMMARY:G", b"SUMMARY:" + b"x" * 70 + b"G"), "line "),
        (
            GOOD.replace(b"SUMMARY:G\xc3\xbcndem", b"SUMMARY:G\xc3\r\n \xbcndem"),
            "splits a UTF-8 sequence",
        ),
        (
            GOOD.replace(b"SUMMARY:G\xc3\xbcndem\\, ", b"SUMMARY:G\xc3\xbcndem\\\r\n , "),
            "separates a backslash",
        ),
        (GOOD.replace(b"BEGIN:VCALENDAR\r\n", b"BEGIN:VCALENDAR\r\n", 1) + GOOD, "VCALENDAR"),
        (
            GOOD.replace(b"X-WR-CALNAME:Takvim", b"X-WR-CALNAME:Takvim2"),
            "NAME and X-WR-CALNAME differ",
        ),
        (
            GOOD.replace(b"REFRESH-INTERVAL;VALUE=DURATION:PT1H", b"REFRESH-INTERVAL:PT1H"),
            "REFRESH-INTERVAL wrong",
        ),
        (GOOD.replace(b"X-PUBLISHED-TTL:PT1H", b"X-PUBLISHED-TTL:1:00:00"), "X-PUBLISHED-TTL"),
        (GOOD.replace(b"PRODID:-//t//TR\r\n", b"PRODID:-//t//TR\r\nMETHOD:PUBLISH\r\n"), "METHOD"),
        (GOOD.replace(b"DTSTAMP:20261102T000000Z", b"DTSTAMP:20261102T000000"), "DTSTAMP not UTC"),
        (GOOD.replace(b"DTEND;TZID=Europe/Istanbul:", b"DTEND:"), "floating time"),
        (GOOD.replace(b"UNTIL=20261116T070000Z", b"UNTIL=20261116T100000"), "UNTIL is not UTC"),
        (GOOD.replace(b"SUMMARY:G\xc3\xbcndem\\,", b"SUMMARY:G\xc3\xbcndem,"), "unescaped"),
        (
            GOOD.replace(
                b"TZOFFSETTO:+0300\r\nTZNAME:+03\r\nEND:STANDARD\r\n",
                b"TZOFFSETTO:+0300\r\nTZNAME:+03\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nEND:DAYLIGHT\r\n",
            ),
            "not one STANDARD block",
        ),
        (
            GOOD.replace(
                b"DTSTART;TZID=Europe/Istanbul:20261102T100000",
                b"DTSTART;TZID=Europe/Istanbul:20261103T100000",
            ).replace(
                b"DTEND;TZID=Europe/Istanbul:20261102T110000",
                b"DTEND;TZID=Europe/Istanbul:20261103T110000",
            ),
            "DTSTART is not an occurrence",
        ),
        (
            GOOD.replace(b"RRULE:", b"EXDATE;TZID=Europe/Istanbul:20261110T100000\r\nRRULE:"),
            "is not an instance",
        ),
        (
            GOOD.replace(
                b"DTEND;TZID=Europe/Istanbul:20261102T110000",
                b"DURATION:PT1H\r\nDTEND;TZID=Europe/Istanbul:20261102T110000",
            ),
            "DTEND together with DURATION",
        ),
    ],
)
def test_checker_catches(bad: bytes, expected: str) -> None:
    problems = calendar_problems(bad)
    assert any(expected in p for p in problems), problems
