"""The one-post-per-line plan form as people write it: ``read_lines(lines, ref, week)``.

On each line the date, the time and the platforms are found wherever they stand, in any order
and with any separators; what is left is the topic::

    8 Aralık 10:00 X, Instagram – Gençlik kampı        Gençlik kampı – 8 Aralık, saat 10.00 (X)
    Pazartesi (8 Aralık)                                 **Salı**
    - 10:00'da X ve Instagram: Gençlik kampı             Instagram: Gönüllülük haftası

A line made only of a date and/or a weekday is a heading: its date holds for the lines under it.
A weekday alone is read when the week is known (a ``Hafta:`` line, the subject, a range such as
"8–14 Aralık 2026", or a dated heading above it).

Never a guess: a line without a date and without a heading above it is not an item, and a line
that reads two ways (two dates, two times, "9.10" that is a date or a time, a weekday without a
known week) becomes an item with a problem that says so, with an example (in Turkish).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from intake.parse import reasons
from intake.parse.body import _BULLET, RawItem, Value
from intake.parse.clean import fast_fold as fold
from intake.parse.dates import (
    DAY_NAMES_TR,
    MONTHS,
    WEEKDAYS,
    FieldError,
    parse_date,
    years_around,
)
from intake.parse.items import PLATFORM_ALIASES

# A date written without a year is the nearest such date that is not long past.
LONG_PAST_DAYS = 31
# "8.12" on a line without a date heading is a date when it is this near (else it may be a time).
NEAR_DAYS = 62
_EXAMPLE_LINE = "8 Aralık 10:00 X, Instagram – Gençlik kampı başvuruları"

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = (
    "pazartesi",
    "sali",
    "carsamba",
    "persembe",
    "cumartesi",
    "cuma",
    "pazar",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "pzt",
    "crs",
    "prs",
    "cmt",
)
_WEEKDAY = "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
_PLATFORM = "|".join(
    sorted(
        {
            re.escape(" ".join(k.replace("(", " ").replace(")", " ").split()))
            for k in PLATFORM_ALIASES
        },
        key=len,
        reverse=True,
    )
).replace(r"\ ", r"\s+")
_SUFFIX = r"(?:['’]\s?[a-z]{1,5})?"  # "X'te", "Instagram’da", "10:00'da", "8 Aralık'ta"
_TIME_SUFFIX = r"(?:\s?['’]?\s?(?:da|de|ta|te|dan|den|tan|ten)(?![a-z]))?(?:\s*\(?tsi\)?)?"
_TOKEN = re.compile(
    # dates with a year: 08.12.2026, 8/12/2026, 08-12-2026, 2026-12-08
    r"(?P<dy>(?<![\d.:/-])(?:\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?!\d|:\d))"
    # "8 Aralık 2026", "8 Ara", "8 Aralık'ta"
    rf"|(?P<dn>(?<![\d.:/])\d{{1,2}}\.?\s*(?:{_MONTH})(?![a-z])\.?(?:\s+\d{{4}}(?!\d))?{_SUFFIX})"
    # times: "saat 10.00", "10:00", "10:00-11:00", "10.00'da", "14.00 - 16.00"
    r"|(?P<t>(?:saat\s*)?(?<![\d./])\d{1,2}:\d{2}(?!\d)(?:\s*[-–]\s*\d{1,2}[:.]\d{2}(?!\d))?"
    rf"{_TIME_SUFFIX}"
    r"|saat\s*\d{1,2}\.\d{2}(?!\d)(?:\s*[-–]\s*\d{1,2}[:.]\d{2}(?!\d))?" + _TIME_SUFFIX + ""
    r"|(?<![\d./])\d{1,2}\.\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2}(?!\d)"
    r"|\s?['’]\s?(?:da|de|ta|te)(?![a-z]))"
    # "saat 10'da", "saat 14": the hour alone, after "saat" only
    r"|saat\s*\d{1,2}(?![\d:.])(?:\s?['’]?\s?(?:da|de|ta|te)(?![a-z]))?)"
    # "8.12", "8/12", "10.30": a date without a year or a time (told apart below)
    r"|(?P<dm>(?<![\d.:/])\d{1,2}[./]\d{1,2}(?!\d|[:/.]\d)\.?)"
    rf"|(?P<w>(?<![a-z])(?:{_WEEKDAY})(?![a-z]){_SUFFIX})"
    rf"|(?P<p>(?<![\w@./])(?:{_PLATFORM})(?![\w.]|\.\w){_SUFFIX})"
)
# What may stand between the parts of a line's date, time and platforms.
_GLUE = re.compile(
    "[\\s/&+*_#.'’\"“”•·▪◦\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]+|"
    r"\b(?:ve|and|ile|veya|or|gunu|gun|saat|saati|hesab\w*|hesap\w*"
    r"|uzerinden|tarihinde|tsi)\b"
)
# Separators between the parts: strong (a dash, a colon, brackets, a bar) and weak (a comma).
_SEPARATOR = re.compile(r"[–—:()\[\]|,;]|(?:(?<=\s)|^)-+|-+(?=\s)")
_STRONG = frozenset("–—:()[]|-")
_RANGE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\.?\s*(?:({_MONTH})(?![a-z])\.?\s*)?[-–—]\s*(\d{{1,2}})\.?\s*({_MONTH})"
    r"(?![a-z])\.?(?:\s*(\d{4}))?"
    r"|(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})\s*[-–—]\s*\d{1,2}[./]\d{1,2}[./]\d{4}"
)
_SUBJECT_WEEK = re.compile(
    r"(?<!\d)(\d{1,2})\s*\.?\s*(?:hafta|week)|(?:hafta|week)\s*(?:no\s*)?:?\s*(\d{1,2})(?!\d)"
    r"|(\d{4})\s*-?\s*w\s*(\d{1,2})(?!\d)|(?<![a-z])w\s*(\d{1,2})(?!\d)"
)


@dataclass
class _Token:
    kind: str  # "date", "dm" (a date or a time), "time", "weekday", "platform"
    start: int
    end: int
    text: str  # as written


@dataclass
class _Segment:
    start: int
    end: int
    tokens: list[_Token]
    meta: bool  # only dates, times, platforms and glue
    before: str = ""  # the separator before it ("" at the start of the line)


@dataclass
class _Context:
    ref: date
    monday: date | None  # the week, when known
    heading: date | None = None
    heading_error: tuple[str, str] | None = None  # (code, message) of an unreadable heading
    heading_line: int = 0


@dataclass
class LineReading:
    items: list[RawItem] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # heading and week lines
    monday: date | None = None  # the week the weekday names were read in


def _fold(line: str) -> str:
    folded = fold(line)
    if len(folded) == len(line):
        return folded
    return "".join((fold(c)[:1] or " ") for c in line)  # one character per character


def _tokens(folded: str, line: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(folded):
        kind = m.lastgroup or ""
        kind = {"dy": "date", "dn": "date", "t": "time", "w": "weekday", "p": "platform"}.get(
            kind, kind
        )
        out.append(_Token(kind, m.start(), m.end(), line[m.start() : m.end()].strip()))
    return out


def _is_glue(text: str) -> bool:
    return not _GLUE.sub("", text).strip()


def _segments(folded: str, tokens: list[_Token]) -> list[_Segment]:
    """The line cut at separators outside the tokens."""
    cuts: list[tuple[int, int, str]] = []
    position = 0
    for gap_start, gap_end in [
        *[(tokens[i - 1].end if i else 0, tokens[i].start) for i in range(len(tokens))],
        (tokens[-1].end if tokens else 0, len(folded)),
    ]:
        for m in _SEPARATOR.finditer(folded, gap_start, gap_end):
            cuts.append((m.start(), m.end(), m.group()[:1]))
    segments: list[_Segment] = []
    before = ""
    for start, end, sep in [*cuts, (len(folded), len(folded), "")]:
        inside = [t for t in tokens if t.start >= position and t.end <= start]
        rest = folded[position:start]
        for t in reversed(inside):
            rest = rest[: t.start - position] + " " * (t.end - t.start) + rest[t.end - position :]
        segments.append(_Segment(position, start, inside, _is_glue(rest), before))
        before = sep
        position = end
    return segments


def _edge_tokens(folded: str, seg: _Segment, from_end: bool) -> list[_Token]:
    """The tokens at the start (or end) of a text segment, with only glue between them."""
    found: list[_Token] = []
    tokens = list(reversed(seg.tokens)) if from_end else seg.tokens
    edge = seg.end if from_end else seg.start
    for t in tokens:
        gap = folded[t.end : edge] if from_end else folded[edge : t.start]
        if not _is_glue(gap):
            break
        found.append(t)
        edge = t.start if from_end else t.end
    return found


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _nearest_week(week: int, ref: date) -> date | None:
    best: date | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            continue
        if best is None or abs((monday - ref).days) < abs((best - ref).days):
            best = monday
    return best


def no_year(day: int, month: int, ref: date) -> date | None:
    """Day and month without a year: the nearest such date that is not long past."""
    recent = [d for d in years_around(month, day, ref) if (d - ref).days >= -LONG_PAST_DAYS]
    return min(recent, key=lambda d: abs((d - ref).days)) if recent else None


def range_week(text: str, ref: date) -> date | None:
    """The Monday of the week a range such as "8–14 Aralık 2026" or "07.12.2026-13.12.2026" starts."""
    m = _RANGE.search(_fold(text))
    if m is None:
        return None
    if m.group(1) is not None:
        month = MONTHS[m.group(2) or m.group(4)]
        day = int(m.group(1))
        if m.group(5) is not None:
            try:
                start: date | None = date(int(m.group(5)), month, day)
            except ValueError:
                return None
        else:
            start = no_year(day, month, ref)
    else:
        try:
            start = date(int(m.group(8)), int(m.group(7)), int(m.group(6)))
        except ValueError:
            return None
    return _monday(start) if start is not None else None


def subject_week(subject: str, ref: date) -> date | None:
    """The week a subject names: "HAFTALIK PLAN – 50. hafta", "Hafta 50", "2026-W50", a range."""
    folded = _fold(subject)
    found = range_week(subject, ref)
    if found is not None:
        return found
    m = _SUBJECT_WEEK.search(folded)
    if m is None:
        return None
    if m.group(3) is not None:
        try:
            return date.fromisocalendar(int(m.group(3)), int(m.group(4)), 1)
        except ValueError:
            return None
    number = int(m.group(1) or m.group(2) or m.group(5))
    return _nearest_week(number, ref) if 1 <= number <= 53 else None


def field_week(written: str, ref: date) -> date | None:
    """A ``Hafta:`` value as a Monday: "50", "2026-W50", "50. hafta", "8–14 Aralık 2026"."""
    folded = _fold(written).strip()
    found = range_week(written, ref)
    if found is not None:
        return found
    if (m := re.match(r"^w?\s*(\d{1,2})(?!\d)", folded)) is not None:
        number = int(m.group(1))
        return _nearest_week(number, ref) if 1 <= number <= 53 else None
    return subject_week(written, ref)


def weekday_in(written: str, monday: date) -> date | None:
    """A weekday name alone ("Pazartesi", "Salı günü") as the day of the week from ``monday``."""
    words = _fold(written).replace("gunu", " ").replace(".", " ").split()
    if len(words) != 1 or words[0] not in WEEKDAYS:
        return None
    return monday + timedelta(days=WEEKDAYS[words[0]])


def _weekday(token: _Token, folded: str) -> int:
    word = re.match(r"[a-z]+", folded[token.start : token.end])
    name = word.group() if word else ""
    return WEEKDAYS.get(name, WEEKDAYS.get(name[:3], 0))


@dataclass
class _Read:
    """What one line says: its date (or why none), its time, its platforms and its topic."""

    date_text: str = ""
    day: date | None = None
    weekday_only: str = ""  # a weekday name without a date and without a known week
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (code, field, message)
    time_text: str = ""
    platforms_text: str = ""
    topic: str = ""
    has_date: bool = False
    has_weekday: bool = False


def _example_date(ctx: _Context) -> date:
    return ctx.monday or _monday(ctx.ref) + timedelta(days=7)


def _date_of(tokens: list[_Token], folded: str, line: str, ctx: _Context, read: _Read) -> None:
    """The line's own date from its date and weekday tokens (problems when they disagree)."""
    dates = [t for t in tokens if t.kind == "date"]
    weekdays = [t for t in tokens if t.kind == "weekday"]
    read.has_date = bool(dates)
    read.has_weekday = bool(weekdays)
    if len(dates) > 1 or len(weekdays) > 1:
        written = ", ".join(f"“{t.text}”" for t in (dates if len(dates) > 1 else weekdays))
        read.problems.append(
            (
                reasons.BAD_DATE,
                "Tarih",
                f"Satırda birden çok tarih ya da gün var ({written}); hangisinin geçerli olduğu "
                f"belli değil. Her paylaşımı kendi tarihiyle ayrı bir satıra yazın, örneğin "
                f"“{_EXAMPLE_LINE}”.",
            )
        )
        return
    weekday = _weekday(weekdays[0], folded) if weekdays else None
    if dates:
        token = dates[0]
        written = token.text
        if weekdays:
            w = weekdays[0]
            between = line[min(token.end, w.end) : max(token.start, w.start)]
            if w.start > token.end and _is_glue(between.replace(",", " ")):
                written = line[token.start : w.end].strip()  # "2 Aralık 2026 Çarşamba"
            else:
                written = f"{token.text} {w.text}"
        read.date_text = written
        bare = re.sub(r"['’]\s?[^\W\d_]+$", "", token.text)  # "8 Aralık'ta" → "8 Aralık"
        year = re.search(r"\d{4}", bare)
        named = re.match(r"^(\d{1,2})\.?\s*([^\W\d_]+)", _fold(bare))
        if year is None and named is not None and named.group(2).rstrip(".") in MONTHS:
            day = no_year(int(named.group(1)), MONTHS[named.group(2).rstrip(".")], ctx.ref)
            read.day = day
            if day is not None and weekday is not None and day.weekday() != weekday:
                read.day = None
                read.date_text = f"{day:%d.%m.%Y} {DAY_NAMES_TR[weekday]}"  # parse_date says why
        elif bare != token.text:
            read.date_text = bare if not weekdays else f"{bare} {weekdays[0].text}"
        return
    if weekday is not None:
        if ctx.monday is not None:
            read.day = ctx.monday + timedelta(days=weekday)
            read.date_text = f"{read.day:%d.%m.%Y}"
        else:
            read.weekday_only = weekdays[0].text


def _dm(token: _Token, ctx: _Context) -> tuple[date | None, str | None]:
    """ "9.10": (as a date, as a time) — either may be None."""
    a, b = (int(x) for x in re.findall(r"\d+", token.text)[:2])
    as_date = no_year(a, b, ctx.ref) if 1 <= b <= 12 else None
    as_time = f"{a:02d}:{b:02d}" if "." in token.text and a < 24 and b < 60 else None
    return as_date, as_time


def read_line(line: str, number: int, ctx: _Context) -> tuple[_Read | None, bool]:
    """One line → (what it says or None, True when it is a heading)."""
    body = line.strip()
    bullet = _BULLET.match(body)
    bulleted = bullet is not None and not re.match(r"^\s*\d{1,2}[./]\d{1,2}", body)
    if bulleted and bullet is not None:
        body = body[bullet.end() :]
    body = body.strip()
    if not body:
        return None, False
    folded = _fold(body)
    tokens = _tokens(folded, body)
    if not tokens:
        return None, False
    # "9.10": a date or a time; decided by the rest of the line, or a problem.
    ambiguous: list[_Token] = []
    dms = [t for t in tokens if t.kind == "dm"]
    if dms:
        others = [t for t in tokens if t.kind not in ("dm", "platform")]
        has_date = any(t.kind == "date" for t in others)
        has_time = any(t.kind == "time" for t in others)
        for t in dms:
            as_date, as_time = _dm(t, ctx)
            if as_date is None and as_time is None:
                t.kind = "text"
            elif as_date is None or has_date:
                t.kind = "time" if as_time else "text"
            elif as_time is None or has_time:
                t.kind = "date"
            else:
                # Under a date heading both readings make an item; without one, a date that is
                # near (a plan's) is the reading, one months away or past is not a guess to make.
                t.kind = "date"
                near = -LONG_PAST_DAYS <= (as_date - ctx.ref).days <= NEAR_DAYS
                if ctx.heading is not None or ctx.heading_error is not None or not near:
                    ambiguous.append(t)
        tokens = [t for t in tokens if t.kind != "text"]
    if (
        body.endswith(":")
        and all(t.kind in ("date", "weekday") for t in tokens)
        and _is_glue(folded[: tokens[0].start])
    ):
        return None, True  # "8 Aralık Salı günü paylaşımlarımız:": a heading with words
    segments = _segments(folded, tokens)
    # Meta segments from the start and from the end; the rest is the topic.
    lead: list[_Token] = []
    i = 0
    while i < len(segments) and segments[i].meta:
        lead.extend(segments[i].tokens)
        i += 1
    j = len(segments) - 1
    tail: list[_Token] = []
    while j >= i and segments[j].meta:
        tail[:0] = segments[j].tokens
        j -= 1
    if i > j:  # only dates, times and platforms: a heading, or a line without a topic
        meta = lead + tail
        if meta and all(t.kind in ("date", "weekday") for t in meta):
            return None, True
        return None, False
    first, last = segments[i], segments[j]
    topic_start, topic_end = first.start, last.end
    # "8 Aralık 10:00 X Gençlik kampı": tokens at the start of the first text segment, unless a
    # strong separator comes before it ("8 Aralık – Instagram canlı yayını": a topic).
    strong_before_topic = first.before in _STRONG
    if not strong_before_topic:
        edge = _edge_tokens(folded, first, from_end=False)
        if edge:
            lead.extend(edge)
            topic_start = edge[-1].end
    strong_after_topic = j + 1 < len(segments) and segments[j + 1].before in _STRONG
    after = segments[j + 1].before if j + 1 < len(segments) else ""
    if after not in _STRONG or after == "":
        edge = _edge_tokens(folded, last, from_end=True)
        if edge and any(t.kind in ("date", "time") for t in edge) and edge[-1].start > topic_start:
            tail[:0] = list(reversed(edge))
            topic_end = edge[-1].start
    meta = lead + tail
    read = _Read()
    # "02.12.2026 10:30 X, Yeni – Konu": an unknown name in the platform list (reported as such).
    if (
        lead
        and lead[-1].kind == "platform"
        and first.before in (",", ";")
        and len(body[first.start : first.end].split()) <= 3
    ):
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if nxt is not None and nxt.before in _STRONG and i < j:
            platforms_start = next(t.start for t in lead if t.kind == "platform")
            read.platforms_text = body[platforms_start : first.end].strip(" ,;")
            topic_start = nxt.start
    topic = body[topic_start:topic_end].strip(" \t,;:-–—*_#|").strip()
    if topic.startswith("(") and topic.endswith(")") and "(" not in topic[1:]:
        topic = topic[1:-1].strip()
    if topic.count("(") < topic.count(")") and topic.startswith(")"):
        topic = topic[1:].strip()
    read.topic = topic
    _date_of(meta, folded, body, ctx, read)
    times = [t for t in meta if t.kind == "time"]
    if len(times) > 1:
        read.problems.append(
            (
                reasons.BAD_TIME,
                "Saat",
                "Satırda birden çok saat var ("
                + ", ".join(f"“{t.text}”" for t in times)
                + "); hangisinde paylaşılacağı belli değil. Tek bir saat yazın (aralık için "
                "“10:00-11:00” olur) ya da paylaşımları ayrı satırlara yazın.",
            )
        )
    elif times:
        read.time_text = re.sub(r"^saat\s*", "", times[0].text, flags=re.IGNORECASE)
        if (hour := re.match(r"^(\d{1,2})(?![\d:.])", read.time_text)) is not None:
            read.time_text = f"{int(hour.group(1)):02d}:00"  # "saat 10'da"
    for t in ambiguous:
        if t in meta:
            as_date, as_time = _dm(t, ctx)
            read.problems.append(
                (
                    reasons.BAD_DATE,
                    "Tarih",
                    f"“{t.text}” hem tarih ({as_date:%d.%m.%Y}) hem saat ({as_time}) olarak "
                    "okunabilir. Tarihi yılıyla (örneğin "
                    f"{as_date:%d.%m.%Y}), saati iki noktayla (örneğin {as_time}) yazın."
                    if as_date and as_time
                    else "",
                )
            )
    if not read.platforms_text:
        names = [t for t in meta if t.kind == "platform"]
        if names:
            read.platforms_text = ", ".join(re.sub(r"['’]\s?[^\W\d_]+$", "", t.text) for t in names)
    # Is it a post line? A date (own or heading) and a topic, and a sign that it lists a post.
    if not read.topic:
        return None, False
    dated = read.has_date or read.has_weekday or ctx.heading is not None or ctx.heading_error
    if not dated:
        return None, False
    strong = (
        strong_before_topic
        or strong_after_topic
        or any(s.before in _STRONG and s.before not in "()" for s in segments[1:])
    )
    sign = (
        bool(read.time_text)
        or bool(read.platforms_text)
        or any(code == reasons.BAD_TIME for code, _, _ in read.problems)
        or (bool(lead) and strong_before_topic)
        or (bool(tail) and strong_after_topic)
        or (bulleted and strong)
        or (bulleted and not read.has_date and not read.has_weekday)
    )
    if not sign:
        return None, False
    return read, False


def read_lines(lines: list[tuple[int, str]], ref: date, week: date | None) -> LineReading:
    """Items from the lines that are neither fields nor table rows, in order."""
    ctx = _Context(ref=ref, monday=week)
    out = LineReading()
    if ctx.monday is None:
        for _, line in lines:
            found = range_week(line, ref)
            if found is not None:
                ctx.monday = found
                break
    joined_to = 0  # a line read as the topic of the line above it
    for index, (number, line) in enumerate(lines):
        if number == joined_to:
            continue
        if range_week(line, ref) is not None and not _TIME_ONLY.search(_fold(line)):
            out.headings.append(number)
            continue
        read, heading = read_line(line, number, ctx)
        if heading:
            _heading(line, number, ctx)
            out.headings.append(number)
            continue
        after = lines[index + 1] if index + 1 < len(lines) else None
        if (
            read is None
            and after is not None
            and after[0] == number + 1
            and _meta_only(line)
            and not _tokens(_fold(after[1].strip()), after[1].strip())
        ):
            # "8 Aralık 10:00 X" and the topic on the next line
            read, _ = read_line(f"{line.rstrip()} – {after[1].strip()}", number, ctx)
            if read is not None:
                joined_to = after[0]
                item = _item(read, number, ctx)
                item.fields["topic"].line = after[0]
                out.items.append(item)
            continue
        if read is None:
            continue
        out.items.append(_item(read, number, ctx))
    out.monday = ctx.monday
    return out


_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}")


def _meta_only(line: str) -> bool:
    """A line of a date (or weekday), a time and/or platforms and nothing else."""
    body = line.strip()
    folded = _fold(body)
    tokens = _tokens(folded, body)
    kinds = {t.kind for t in tokens}
    return bool(kinds & {"time", "platform"}) and all(seg.meta for seg in _segments(folded, tokens))


def _heading(line: str, number: int, ctx: _Context) -> None:
    body = line.strip().strip("*_#:-–— \t")
    folded = _fold(body)
    tokens = [t for t in _tokens(folded, body) if t.kind in ("date", "weekday", "dm")]
    for t in tokens:
        if t.kind == "dm":
            t.kind = "date"
    read = _Read()
    _date_of(tokens, folded, body, ctx, read)
    ctx.heading_line = number
    ctx.heading = None
    ctx.heading_error = None
    if read.problems:
        code, _, message = read.problems[0]
        ctx.heading_error = (code, message)
        return
    if read.weekday_only:
        ctx.heading_error = (reasons.BAD_DATE, _no_week(read.weekday_only, ctx))
        return
    try:
        day = read.day or parse_date(_dm_text(read.date_text, ctx), ctx.ref)
    except FieldError as exc:
        ctx.heading_error = (exc.code, exc.message)
        return
    if read.day is None and read.has_weekday:
        try:
            parse_date(read.date_text, ctx.ref)
        except FieldError as exc:
            ctx.heading_error = (exc.code, exc.message)
            return
    ctx.heading = day
    if ctx.monday is None:
        ctx.monday = _monday(day)


def _dm_text(text: str, ctx: _Context) -> str:
    """ "8.12" (a date without a year) → "08.12.2026", the nearest not long past."""
    m = re.match(r"^(\d{1,2})[./](\d{1,2})\.?(\s.*)?$", text)
    if m is None:
        return text
    day = no_year(int(m.group(1)), int(m.group(2)), ctx.ref)
    return f"{day:%d.%m.%Y}{m.group(3) or ''}" if day is not None else text


def _no_week(weekday: str, ctx: _Context) -> str:
    week = _example_date(ctx)
    example = weekday_in(weekday, week) or week
    return (
        f"“{weekday}” hangi haftanın günü belli değil: iletide hafta yazmıyor. Konu satırına ya "
        f"da gövdenin başına haftayı yazın (örneğin “Hafta: {example.isocalendar()[1]}”) ya da "
        f"tarihi yazın (örneğin “{weekday} {example:%d.%m.%Y}”)."
    )


def _item(read: _Read, number: int, ctx: _Context) -> RawItem:
    item = RawItem(line=number, row_form=True)
    if ctx.heading_line and not (read.has_date or read.has_weekday):
        item.heading = ctx.heading_line
    problems = list(read.problems)
    if read.has_date or read.has_weekday:
        if read.weekday_only:
            problems.append((reasons.BAD_DATE, "Tarih", _no_week(read.weekday_only, ctx)))
        elif read.day is not None:
            item.fields["date"] = Value("Tarih", read.date_text, number, day=read.day)
        elif read.date_text:
            item.fields["date"] = Value("Tarih", _dm_text(read.date_text, ctx), number)
    elif ctx.heading_error is not None:
        problems.append((ctx.heading_error[0], "Tarih", ctx.heading_error[1]))
    elif ctx.heading is not None:
        item.fields["date"] = Value("Tarih", f"{ctx.heading:%d.%m.%Y}", number, day=ctx.heading)
    if read.time_text:
        item.fields["time"] = Value("Saat", read.time_text, number)
    if read.platforms_text:
        item.fields["platforms"] = Value("Platform", read.platforms_text, number)
    item.fields["topic"] = Value("Konu", read.topic, number)
    item.problems = [(code, name, message) for code, name, message in problems if message]
    if "date" not in item.fields and not item.problems:
        item.problems.append(
            (
                reasons.MISSING_FIELD,
                "Tarih",
                f"Tarih okunamadı. Satırın başına tarihi yazın, örneğin “{_EXAMPLE_LINE}”.",
            )
        )
    return item


def line_item(line: str, number: int, ref: date) -> RawItem | None:
    """One line read on its own (no heading, no week): the item it states, or None."""
    reading = read_lines([(number, line)], ref, None)
    return reading.items[0] if reading.items else None
