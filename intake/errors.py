"""The exception tree of intake. Library modules raise these; only ``cli.py`` prints or exits.

::

    IntakeError                    base; ``str(e)`` is one line: what, where, how to fix
    ├── ConfigError                intake.yml is unusable (``problems`` lists every one)
    ├── SubmissionFileError        a file under docs/submissions/ fails the schema
    ├── CrisisError                docs/crisis.md front matter is invalid
    ├── MeetingError               calendar/meeting.yml is invalid
    ├── MailboxError               the mail source cannot be used
    │   ├── MailboxUnreachable     connection refused / timed out / TLS failure
    │   └── MailboxLoginFailed     the server refused the credentials
    ├── LockHeld                   another intake instance is running
    ├── SourceMismatch             docs/ holds submissions from another mailbox (demo vs real)
    └── BuildError                 mkdocs build failed
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path


class IntakeError(Exception):
    """Base of every error intake raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found while validating a document: where, what, and how to fix it."""

    where: str  # a key path ("units[2].addresses") or "file:line"
    what: str
    fix: str

    def __str__(self) -> str:
        if not self.where:  # a problem with the whole file: its source already names it
            return f"{self.what} — {self.fix}"
        return f"{self.where}: {self.what} — {self.fix}"


class ValidationError(IntakeError):
    """A document failed validation; ``problems`` holds every problem, not just the first."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        count = len(problems)
        first = str(problems[0]) if problems else "unknown problem"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{source}: {first}{more}")

    def details(self) -> str:
        """Every problem, one per line, for the operator."""
        return "\n".join(f"{self.source}: {p}" for p in self.problems)


class ConfigError(ValidationError):
    """intake.yml is refused as a whole."""


class SubmissionFileError(ValidationError):
    """A submission Markdown file does not match the front-matter schema."""


class CrisisError(ValidationError):
    """docs/crisis.md front matter is invalid: the build stops rather than half-apply a crisis."""


class MeetingError(ValidationError):
    """calendar/meeting.yml is invalid."""


class MailboxError(IntakeError):
    """The mail source cannot be used."""


class MailboxUnreachable(MailboxError):
    """The IMAP server could not be reached (refused, timed out, TLS failure)."""


class MailboxLoginFailed(MailboxError):
    """The IMAP server refused the login."""


class LockHeld(IntakeError):
    """Another intake instance holds the lock."""


class SourceMismatch(IntakeError):
    """docs/submissions/ was written from another mailbox (keeps demo data out of production)."""


class BuildError(IntakeError):
    """mkdocs build (or a render step) failed."""


def describe(exc: BaseException) -> str:
    """``Type: message at file:line`` (the innermost frame), for the quarantine's detail."""
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(frame[0].filename).name}:{frame[0].lineno}" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"
