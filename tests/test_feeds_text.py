"""Property tests: TEXT escaping round-trips and folding never breaks a line, on arbitrary Turkish text."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from intake.model import Item, Submission
from intake.render.feeds import clean_text, fold_line, ics_text, serialize, shares_ics, unfold
from intake.schedule import planned_posts
from intake.timeutil import TZ
from tests.test_feeds import CRISIS, make_config
from tests.test_feeds_checks import byte_problems, calendar_problems, parse, unescape_text

# Turkish letters (both İ/ı pairs, decomposed İ too), the characters TEXT must escape, quotes,
# colons, 3- and 4-octet characters, and line breaks of every kind.
ALPHABET = st.sampled_from(
    list(
        "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ0123456789"
        " \\;,:\"'\n\r\t.-–—…€₺«»#@/"
        "\u0130\u0131\u0307\U0001f600\U0001f1f9\U0001f1f7"
    )
) | st.characters(codec="utf-8", exclude_categories=("Cs",))
TEXTS = st.text(ALPHABET, max_size=400)


def roundtrip(value: str) -> tuple[bytes, str, str]:
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//test//TR")
    event = Event()
    event.add("uid", "x@example.gov.tr")
    event.add("dtstamp", datetime(2026, 11, 26, tzinfo=UTC))
    event.add("dtstart", datetime(2026, 12, 2, 10, 30, tzinfo=TZ))
    event.add("summary", ics_text(value))  # as the feeds write TEXT
    event.add("description", ics_text(value))
    cal.add_component(event)
    data = serialize(cal)
    ev = next(c for c in parse(data).children if c.name == "VEVENT")
    return data, unescape_text(ev.one("SUMMARY").value), unescape_text(ev.one("DESCRIPTION").value)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
@example("a\\N b \\n c\\")  # a literal backslash-N is text, not a line break
def test_text_round_trips_through_the_bytes(value: str) -> None:
    data, summary, description = roundtrip(value)
    expected = clean_text(value).strip()
    assert byte_problems(data) == []
    assert summary == description == expected
    # and a real client library reads the same text back
    parsed = Calendar.from_ical(data)
    event = parsed.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == expected
    assert str(event["DESCRIPTION"]) == expected


def test_clean_text_keeps_turkish_and_normalises_line_breaks() -> None:
    assert clean_text("İstanbul\r\nIğdır\rŞırnak\x00\x1b\n\tÇ") == "İstanbul\nIğdır\nŞırnak\n\tÇ"


@settings(max_examples=600, deadline=None)
@given(st.text(ALPHABET.filter(lambda c: c not in "\r\n"), max_size=600), st.integers(0, 20))
def test_fold_line_limits(value: str, prefix: int) -> None:
    escaped = (
        "X" * prefix + ":" + value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    )
    parts = fold_line(escaped)
    for i, part in enumerate(parts):
        raw = part.encode("utf-8")
        assert len(raw) <= 75
        if i:
            assert part.startswith(" ") and len(part) > 1
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == escaped
    data = "".join(p + "\r\n" for p in parts).encode("utf-8")
    body = list(byte_problems(b"BEGIN:VCALENDAR\r\n" + data + b"END:VCALENDAR\r\n"))
    assert body == []
    assert unfold(data.decode("utf-8")) == [escaped]


def test_fold_never_separates_an_escape_at_the_boundary() -> None:
    # put "\," exactly across the 75th octet, and a 2-octet "ç" across it, in both orders
    for filler in range(60, 80):
        line = "DESCRIPTION:" + "a" * filler + "\\,ç\\\\ç\\;" * 6
        parts = fold_line(line)
        for part, following in itertools.pairwise(parts):
            stripped = part.rstrip("\\")
            assert (len(part) - len(stripped)) % 2 == 0 or not following[1:].startswith(
                (",", ";", "\\")
            )
        assert (
            byte_problems(
                (
                    "BEGIN:VCALENDAR\r\n" + "".join(p + "\r\n" for p in parts) + "END:VCALENDAR\r\n"
                ).encode()
            )
            == []
        )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    topic=st.text(ALPHABET, min_size=1, max_size=120).filter(lambda t: clean_text(t).strip()),
    text=TEXTS,
)
@example(
    topic="C:\\New", text="\\N \\n \\\\N"
)  # icalendar alone reads a literal \N as a line break
def test_arbitrary_post_text_in_the_shares_feed(
    tmp_path_factory: pytest.TempPathFactory, topic: str, text: str
) -> None:
    config = make_config(Path(tmp_path_factory.mktemp("cfg")))
    sub = Submission(
        id="ghgm-2026-w49-plan-prop01",
        type="plan",
        unit="ghgm",
        sender="a@ghgm.example.gov.tr",
        subject="PLAN",
        received=datetime(2026, 11, 26, 10, 15, tzinfo=TZ),
        message_id="<p@x>",
        week="2026-W49",
        status="received",
        items=(Item(topic=topic, date=date(2026, 12, 2), time="10:30", text=text),),
    )
    data = shares_ics(planned_posts([sub], CRISIS), config)
    assert calendar_problems(data) == []
    ev = next(c for c in parse(data).children if c.name == "VEVENT")
    expected_summary = clean_text(f"GHGM: {topic}").strip()
    assert unescape_text(ev.one("SUMMARY").value) == expected_summary
    description = unescape_text(ev.one("DESCRIPTION").value)
    if clean_text(text).strip():
        assert f"\n\n{clean_text(text).strip()}\n\n" in description
