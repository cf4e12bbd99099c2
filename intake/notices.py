"""The notices intake sends, composed from the Jinja2 templates in ``templates/mail/`` (Turkish;
a text part and a simple HTML part, autoescaped). Each function returns a complete
:class:`~intake.outbox.Notice` for :func:`intake.outbox.enqueue`, or None when there is nobody to
send it to.

| notice      | to                  | when                                                   |
|-------------|---------------------|--------------------------------------------------------|
| receipt     | the unit's sender   | a submission accepted: its id, each item as understood |
| rejection   | the unit's sender   | a submission rejected: every problem, a right example  |
| decision    | the unit's sender   | the office approved, rejected or released it           |
| answer      | the office's sender | an office command applied, or why it was not           |

A template folder ``<paths.templates>/mail`` overrides the built-in templates file by file.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Literal

import jinja2

from intake.config import Config
from intake.model import Submission
from intake.outbox import Notice, NoticeKind, compose, header_text, message_id_in
from intake.outcome import Outcome
from intake.parse.classify import type_of
from intake.parse.mime import decode_header_value, raw_header_text
from intake.render.directory import SUBJECTS, _example_bodies
from intake.render.pages import TYPE_LABELS
from intake.render.turkish import date_time, long_date, week_label, week_span
from intake.reshares import Match
from intake.timeutil import now

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
Action = Literal["approved", "rejected", "released"]
ACTION_LABELS: dict[str, str] = {
    "approved": "Onaylandı",
    "rejected": "Reddedildi",
    "released": "Yayına açıldı",
}
_SM_TAG = re.compile(r"\[SM-[^\]]*\]", re.IGNORECASE)


@dataclass(frozen=True)
class Reply:
    """What a notice needs of the mail it answers (read from its raw headers)."""

    message_id: str = ""
    references: str = ""
    name: str = ""  # the sender's display name (cleaned before use)


def replying_to(headers: bytes) -> Reply:
    """The Message-ID, References and From display name of a mail's raw header block (read
    as sent: a display name is split off before its encoded words are decoded)."""
    with contextlib.suppress(Exception):
        msg = BytesHeaderParser(policy=compat32).parsebytes(headers + b"\r\n\r\n")
        raw_from = raw_header_text(msg.get("From", ""))
        return Reply(
            message_id=message_id_in(raw_header_text(msg.get("Message-ID", ""))),
            references=" ".join(raw_header_text(msg.get("References", "")).split()),
            name=header_text(decode_header_value(parseaddr(raw_from)[0])),
        )
    return Reply()


@functools.lru_cache(maxsize=8)
def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(templates / "mail")),
                jinja2.FileSystemLoader(str(BUILTIN / "mail")),
            ]
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
    )
    env.filters["trdate"] = long_date
    env.filters["trdatetime"] = date_time
    env.filters["week"] = week_label
    return env


def _render(config: Config, name: str, context: dict[str, Any]) -> tuple[str, str]:
    """The text and HTML parts of template ``name``."""
    env = _environment(config.paths.templates)
    context = {"office": config.office.name, "site_url": config.site.url, **context}
    return (
        env.get_template(f"{name}.txt.j2").render(context),
        env.get_template(f"{name}.html.j2").render(context),
    )


def _notice(
    config: Config,
    kind: NoticeKind,
    *,
    reason: str,
    to: str,
    subject: str,
    context: dict[str, Any],
    cause: tuple[str, ...],
    reply: Reply,
) -> Notice | None:
    text, html = _render(config, kind, context)
    try:
        return compose(
            config,
            kind=kind,
            reason=reason,
            recipient=to,
            subject=subject,
            text=text,
            html=html,
            cause=cause,
            at=now(),
            recipient_name=reply.name,
            in_reply_to=reply.message_id,
            references=reply.references,
        )
    except ValueError:  # no address to write to
        return None


def _quoted(subject: str) -> str:
    """The incoming subject as our notices quote it (cleaned; our own [SM-…] tags removed)."""
    return header_text(_SM_TAG.sub("", subject)) or "(konusuz)"


def receipt(
    config: Config,
    outcome: Outcome,
    in_reply_to: str,
    references: str,
    on_hold: bool,
    *,
    name: str = "",
    matches: Sequence[Match] | None = None,
) -> Notice | None:
    """The receipt of an accepted submission: its id and each item as we understood it; for a
    re-share report, each line matched to a ministry post or why not (``matches``, one per
    item; None when there was no list to match against)."""
    sub = outcome.submission
    if sub is None:
        return None
    unit = config.unit(sub.unit)
    context = {
        "sub": sub,
        "type_label": TYPE_LABELS[sub.type],
        "unit_name": unit.name if unit is not None else sub.unit,
        "subject": _quoted(outcome.subject or sub.subject),
        "notes": list(outcome.notes or sub.notes),
        "on_hold": on_hold,
        "held": str(sub.status) == "held",
        "matches": list(matches) if matches is not None else None,
        "matched": sum(1 for m in matches or () if m.post is not None),
    }
    return _notice(
        config,
        "receipt",
        reason=outcome.reason,
        to=sub.sender or outcome.sender,
        subject=f"Alındı: {TYPE_LABELS[sub.type]} [SM-{sub.id}]",
        context=context,
        cause=(sub.id, outcome.message_id),
        reply=Reply(in_reply_to, references, name),
    )


def rejection(
    config: Config,
    outcome: Outcome,
    in_reply_to: str,
    references: str,
    *,
    name: str = "",
    key: str = "",
) -> Notice | None:
    """The rejection of a unit's mail: every problem and a right example of what it meant to
    send. ``key`` identifies the mail when it has no Message-ID (e.g. its raw bytes' hash)."""
    meant = type_of(outcome.subject) or "plan"
    unit = config.unit_by_address(outcome.sender)
    context = {
        "subject": _quoted(outcome.subject),
        "unit_name": unit.name if unit is not None else "",
        "problems": [str(p) for p in outcome.problems],
        "meant": meant,
        "type_label": TYPE_LABELS[meant],
        "example_subject": SUBJECTS[meant],
        "example": _example_bodies(now())[meant].rstrip("\n"),
        "intake_address": config.site.intake_address,
    }
    return _notice(
        config,
        "rejection",
        reason=outcome.reason,
        to=outcome.sender,
        subject=f"Alınamadı: {_quoted(outcome.subject)}",
        context=context,
        cause=(outcome.message_id or key, outcome.sender),
        reply=Reply(in_reply_to, references, name),
    )


def decision(
    config: Config, sub: Submission, action: Action, note: str, slot: str | None
) -> Notice | None:
    """The office's decision on a unit's submission, in reply to the unit's original mail."""
    unit = config.unit(sub.unit)
    context = {
        "sub": sub,
        "action": action,
        "action_label": ACTION_LABELS[action],
        "type_label": TYPE_LABELS[sub.type],
        "unit_name": unit.name if unit is not None else sub.unit,
        "subject": _quoted(sub.subject),
        "note": note.strip(),
        "slot": slot or "",
    }
    return _notice(
        config,
        "decision",
        reason=action,
        to=sub.sender,
        subject=f"{ACTION_LABELS[action]}: {TYPE_LABELS[sub.type]} [SM-{sub.id}]",
        context=context,
        cause=(sub.id, action),
        reply=Reply(sub.message_id, sub.message_id, ""),
    )


def answer(
    config: Config, to: str, in_reply_to: str, references: str, subject: str, lines: list[str]
) -> Notice:
    """The answer to an office command: ``lines`` (Turkish) say what was done, or why not.
    ``subject`` is the command's (it is cleaned). Raises ValueError for an invalid ``to``."""
    context = {"lines": [line.rstrip() for line in lines], "subject": header_text(subject)}
    parent = message_id_in(in_reply_to)
    # a command without a Message-ID: the same command, the same answer
    cause = (parent,) if parent else (to.lower(), subject, *lines)
    quoted = header_text(subject) or "komut"
    found = _notice(
        config,
        "answer",
        reason="command",
        to=to,
        subject=quoted if quoted.lower().startswith("ynt:") else f"Ynt: {quoted}",
        context=context,
        cause=cause,
        reply=Reply(in_reply_to, references, ""),
    )
    if found is None:
        raise ValueError(f"not an address an answer can be sent to: {to!r}")
    return found


def reminder(config: Config, unit_id: str, week: str, kind: str, lines: list[str]) -> Notice | None:
    """A reminder to a unit (``intake remind``): ``kind`` is ``plan`` (next week's plan has not
    arrived) or ``reshare`` (re-shares missing); one per unit, week and kind (its Message-ID)."""
    unit = config.unit(unit_id)
    if unit is None or not unit.addresses:
        return None
    subjects = {
        "plan": f"Hatırlatma: {week_label(week)} paylaşım planınız henüz gelmedi",
        "reshare": "Hatırlatma: Bakanlık paylaşımlarının yeniden paylaşımı",
    }
    context = {
        "kind": kind,
        "unit_name": unit.name,
        "week": week_label(week),
        "week_span": week_span(week),
        "lines": lines,
        "intake_address": config.site.intake_address,
    }
    return _notice(
        config,
        "reminder",
        reason=kind,
        to=unit.addresses[0],
        subject=subjects[kind],
        context=context,
        cause=("reminder", kind, unit.id, week),
        reply=Reply(),
    )
