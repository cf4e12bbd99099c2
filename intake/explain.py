"""``intake explain MESSAGE.eml``: how one message is read, writing nothing.

The message goes through :func:`intake.parse.receive`, the same path the fetch uses, with a
:class:`intake.parse.Reading` that records the body lines and the raw items. The text is for the
office (English labels); what the unit would be told (problems, notes) stays Turkish.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import datetime

from intake.config import Config
from intake.outcome import Outcome
from intake.parse import Reading, receive
from intake.parse.body import RawItem, joined
from intake.parse.mime import header_text, parse_message
from intake.timeutil import TZ, now

_FIELD_ORDER = ("date", "time", "platforms", "topic", "text", "link", "tags", "images", "reshare")


@dataclass(frozen=True)
class Explanation:
    outcome: Outcome
    reading: Reading
    arrived: datetime


def arrival(raw: bytes) -> datetime:
    """When the message is taken to have arrived: its Date header, else now."""
    value = header_text(parse_message(raw[:65_536]), "Date").strip()
    try:
        when = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        when = None
    if when is None:
        return now()
    return when.replace(tzinfo=TZ) if when.tzinfo is None else when.astimezone(TZ)


def explain(raw: bytes, config: Config, arrived: datetime | None = None) -> Explanation:
    """Read ``raw`` as the fetch would (nothing is written)."""
    when = arrived or arrival(raw)
    reading = Reading()
    return Explanation(receive(raw, config, arrived=when, reading=reading), reading, when)


def source_lines(item: RawItem) -> list[int]:
    """The body lines an item was read from (its heading's line too)."""
    numbers = {item.line} if item.line else set()
    if item.heading:
        numbers.add(item.heading)
    for value in item.fields.values():
        numbers.update(range(value.line, value.line + len(value.continued) + 1))
    return sorted(numbers)


def _fields(item: RawItem) -> str:
    keys = sorted(item.fields, key=lambda k: (*_FIELD_ORDER, k).index(k))
    return "; ".join(f"{item.fields[k].name}: {joined(item.fields[k], False)}" for k in keys)


def format_explanation(found: Explanation) -> str:
    out = found.outcome
    reading = found.reading
    lines = [
        f"subject:  {out.subject or '(none)'}",
        f"sender:   {out.sender or '(none)'}",
        f"arrived:  {found.arrived.isoformat(timespec='minutes')} (the Date header, or now)",
        f"outcome:  {out.outcome} ({out.reason}): {out.detail}",
        f"type:     {reading.kind or '(not read)'}",
        f"unit:     {reading.unit or '(not read)'}",
    ]
    if out.submission is not None:
        lines.append(f"week:     {out.submission.week}  id: {out.submission.id}")
    if reading.body:
        lines.append(f"body:     {reading.body}, {len(reading.lines)} line(s) as read")
    if reading.items:
        lines.append("items:")
    accepted = out.submission.items if out.submission is not None else ()
    for number, raw_item in enumerate(reading.items, start=1):
        if number <= len(accepted):
            item = accepted[number - 1]
            when = " ".join(x for x in (f"{item.date}" if item.date else "", item.time or "") if x)
            lines.append(
                f"  {number}. {when or '(no date)'}  {', '.join(item.platforms) or '-'}"
                f"  “{item.topic}”"
            )
        else:
            lines.append(f"  {number}. as written: {_fields(raw_item)}")
        if raw_item.source:
            lines.append(f"     from {raw_item.source}, row {raw_item.line}")
            continue
        for line_number in source_lines(raw_item):
            text = reading.lines[line_number - 1] if line_number <= len(reading.lines) else ""
            lines.append(f"     {line_number:>4} | {text.rstrip()}")
    if out.problems:
        lines.append("problems (sent to the unit, in Turkish):")
        lines.extend(f"  - {p}" for p in out.problems)
    if out.notes:
        lines.append("notes:")
        lines.extend(f"  - {n}" for n in out.notes)
    return "\n".join(lines)
