"""What became of one message: exactly one outcome, with a reason code.

| outcome     | folder     | sender gets                          |
|-------------|------------|--------------------------------------|
| accepted    | processed  | a receipt                            |
| rejected    | rejected   | a rejection listing ``problems``     |
| ignored     | rejected   | nothing (auto-reply, bounce, list…)  |
| quarantined | quarantine | nothing; the office sees it          |
| retried     | (inbox)    | nothing; tried again next run        |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from intake.model import Submission

if TYPE_CHECKING:
    from intake.parse.command import OfficeCommand

OutcomeName = Literal["accepted", "rejected", "ignored", "quarantined", "retried"]
OUTCOMES: tuple[OutcomeName, ...] = ("accepted", "rejected", "ignored", "quarantined", "retried")

# Which configured folder each outcome goes to (None: stays in the inbox).
FOLDER_OF: dict[str, str | None] = {
    "accepted": "processed",
    "rejected": "rejected",
    "ignored": "rejected",
    "quarantined": "quarantine",
    "retried": None,
}


@dataclass(frozen=True)
class MailProblem:
    """One problem in a unit's mail, told to the unit in Turkish: item, field, line, fix."""

    message: str  # Turkish: what is wrong and how to fix it
    item: int | None = None  # 1-based item number
    field: str | None = None  # the field as the unit wrote it (e.g. "Tarih")
    line: int | None = None  # 1-based line in the body text as we read it

    def __str__(self) -> str:
        where = []
        if self.item is not None:
            where.append(f"{self.item}. öğe")
        if self.field:
            where.append(f"“{self.field}” alanı")
        if self.line is not None:
            where.append(f"satır {self.line}")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass(frozen=True)
class Attachment:
    """An image to publish with a submission (already given a safe generated name)."""

    name: str  # safe file name, e.g. "2026-w49-ghgm-plan-1a2b3c4d-1.jpg"
    data: bytes
    item: int  # 0-based index of the item it belongs to


@dataclass(frozen=True)
class Outcome:
    """The parse step's verdict on one message."""

    outcome: OutcomeName
    reason: str  # a reason code, e.g. "ok", "unknown-sender", "auto-reply", "missing-date"
    detail: str = ""  # English, for the operator (status, logs, office page)
    sender: str = ""
    subject: str = ""
    message_id: str = ""
    submission: Submission | None = None  # accepted only
    attachments: tuple[Attachment, ...] = ()
    problems: tuple[MailProblem, ...] = ()  # rejected: told to the unit in Turkish
    notes: tuple[str, ...] = field(default=())  # receipt notes (Turkish)
    command: OfficeCommand | None = None  # an office mail's command (the fetch applies it)

    @property
    def folder_key(self) -> str | None:
        return FOLDER_OF[self.outcome]
