"""One dispatch point: every message read is classified once into a :data:`Kind`, and each kind
has one handler, with one signature: ``handler(message, batch) -> Result | None``.

| kind         | what it is                                           | handler                      |
|--------------|------------------------------------------------------|------------------------------|
| `duplicate`  | the same sender's same mail again (same bytes, or     | :func:`duplicate`: ignored,  |
|              | same Message-ID and body)                            | or moved as first recorded   |
| `too-large`  | over ``limits.max_message_bytes`` (never downloaded) | :func:`too_large`            |
| `unreadable` | the parser raised, crashed or ran out of time        | :func:`unreadable`           |
| `submission` | a unit's plan, proposal, announcement, re-share      | :func:`submission`: stored,  |
|              |                                                      | a receipt to the outbox      |
| `rejected`   | a unit's mail with nothing usable                    | :func:`rejected`: a rejection|
|              |                                                      | to the outbox                |
| `command`    | mail from an office address                          | :func:`command`: applied,    |
|              |                                                      | answered (intake.office)     |
| `automated`  | auto-replies, bounces, lists, our own notices        | :func:`as_read`              |
| `suspect`    | unknown sender, failed authentication, spam …        | :func:`as_read`              |

Only :func:`classify` decides the kind (and asks the parser when the kind depends on the
content). A handler may read and write files and the ledger through the :class:`Batch`; what it
returns is recorded by the pipeline in the batch's transaction. A notice it causes is written to
the outbox in the same transaction (:meth:`Batch.notify`); the pipeline sends it after the pass. A handler raises
:class:`Transient` for a failure worth retrying (the message stays in the inbox).

To add a kind: name it in :data:`Kind`, recognise it in :func:`classify`, and add its handler
to :data:`HANDLERS`.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from intake.chain import index_entry, place
from intake.config import Config
from intake.crisis import Crisis, load_crisis, matches_topics
from intake.errors import IntakeError, SubmissionFileError
from intake.fetch import Fetched, Source, message_id_of, sha256, split_raw
from intake.ledger import IndexEntry, Ledger, Recorded
from intake.model import Submission
from intake.office import Applied, add_post, decide, end_crisis, slot_text, start_crisis
from intake.outbox import Notice, enqueue
from intake.outcome import MailProblem, Outcome
from intake.parser_process import ParserFailed
from intake.reshares import Match, match_report
from intake.store import SOURCE_MARKER, SubmissionStore, atomic_write
from intake.timeutil import now

if TYPE_CHECKING:  # (the parser is imported when there is mail to read)
    from intake.parse.command import OfficeCommand

Kind = Literal[
    "duplicate",
    "too-large",
    "unreadable",
    "submission",
    "rejected",
    "command",
    "automated",
    "suspect",
]

_FROM = re.compile(rb"^from:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


class Transient(Exception):
    """A failure worth trying again (disk full, a file that cannot be written now)."""


@dataclass
class Incoming:
    """One message read from the source, with the keys the ledger knows it by."""

    fetched: Fetched
    message_id: str
    body_sha: str
    raw_sha: str
    from_key: str  # the From address as the raw header gives it, lower case ('' when none)
    arrived: datetime
    outcome: Outcome | None = None  # the parser's, once it has read the message
    failed: ParserFailed | None = None  # or why the parser gave none
    previous: Recorded | None = None  # the row of the same mail, for a duplicate

    @classmethod
    def of(cls, fetched: Fetched) -> Incoming:
        env, raw = fetched.envelope, fetched.raw
        head = fetched.headers
        if raw is not None:
            head, body = split_raw(raw)
            body_sha, raw_sha = sha256(body), sha256(raw)
        else:  # too large: keyed by its size and the few headers read
            body_sha, raw_sha = "", sha256(b"too-large:%d:" % env.size + head)
        found = _FROM.search(head)
        from_key = ""
        if found is not None:
            text = re.sub(rb"\s+", b" ", found.group(1)).decode("ascii", "replace")
            from_key = parseaddr(text)[1].lower()
        return cls(fetched, message_id_of(head), body_sha, raw_sha, from_key, env.arrived or now())

    @property
    def headers(self) -> bytes:
        return self.fetched.headers


@dataclass
class Result:
    """What a handler has the pipeline record: the outcome, the index rows it changed, and the
    accepted submission's id."""

    outcome: Outcome
    index: list[IndexEntry] = field(default_factory=list)
    submission_id: str | None = None


class Batch:
    """What a handler may use while a batch is handled: the configuration, the ledger (inside
    the batch's transaction: it sees the batch's own rows), the submission files, the source,
    and where to leave warnings and moves."""

    def __init__(
        self,
        config: Config,
        ledger: Ledger,
        store: SubmissionStore,
        source: Source,
        parse: Callable[[Incoming], None],
        warnings: list[str],
    ) -> None:
        self.config = config
        self.ledger = ledger
        self.store = store
        self.source = source
        self.parse = parse  # sets the message's outcome, or failed
        self.warnings = warnings
        self.folders: dict[Path, None] = {}  # folders written into: synced before the commit
        self.adopted: list[tuple[int, int, str]] = []  # (row, uid, target) to move as recorded

    def write(self, path: Path, data: bytes | str) -> None:
        """``data`` at ``path``, atomically and fsynced; its folder is synced with the batch."""
        atomic_write(path, data)
        self.folders[path.parent] = None

    def write_submission(self, sub: Submission) -> None:
        """The submission's file, validated (raises SubmissionFileError), and the source marker
        the first time."""
        marker = self.store.folder / SOURCE_MARKER
        if not marker.exists():
            self.write(marker, self.config.mailbox.identity() + "\n")
        self.write(self.store.path_for(sub.id), self.store.render_valid(sub))

    @functools.cached_property
    def crisis(self) -> Crisis | None:
        """The active crisis (``docs/crisis.md``), read once per batch."""
        try:
            return load_crisis(self.config.paths.docs / "crisis.md").active
        except IntakeError as exc:
            self.warnings.append(f"receipts do not mention the crisis: {exc}")
            return None

    def on_hold(self, sub: Submission) -> bool:
        """Whether the active crisis stops the submission's posts (national: all of them;
        field: those on its topics)."""
        crisis = self.crisis
        if crisis is None:
            return False
        return crisis.scope == "national" or any(
            matches_topics(crisis.topics, (item.topic, item.text, *item.tags)) for item in sub.items
        )

    def notify(self, compose: Callable[[], Notice | None], arrived: datetime) -> None:
        """Write the notice ``compose`` makes to the outbox, in the batch's transaction, as
        of when the mail that causes it arrived (so a backlog's rejections are counted per
        hour of mail, not per run)."""
        import jinja2

        try:
            notice = compose()
        except jinja2.TemplateError as exc:  # a broken mail template: the outcome still counts
            self.warnings.append(f"a notice could not be composed (templates/mail): {exc}")
            return
        if notice is not None:
            enqueue(self.ledger, notice, min(arrived, now()))

    @property
    def national_crisis(self) -> bool:
        """A national crisis is active: plans that arrive now are held (circular 6)."""
        return self.crisis is not None and self.crisis.scope == "national"

    def told(self, msg: Incoming, applied: Applied) -> None:
        """The office's answer to its command, and the unit's notice of a decision."""
        from intake import notices  # (templates: loaded when there is mail to answer)

        outcome = msg.outcome
        assert outcome is not None
        reply = notices.replying_to(msg.headers)
        self.notify(
            lambda: notices.answer(
                self.config,
                outcome.sender,
                reply.message_id,
                reply.references,
                outcome.subject,
                applied.lines,
            ),
            msg.arrived,
        )
        if applied.ok and applied.submission is not None and applied.action:
            self.decided(applied, msg.arrived)

    def decided(self, applied: Applied, at: datetime) -> None:
        """The unit's notice of the office's decision on its submission."""
        from intake import notices  # (templates: loaded when there is mail to answer)

        sub = applied.submission
        assert sub is not None
        slot = slot_text(sub) if applied.action != "rejected" else None
        note = sub.decision.note if sub.decision is not None else ""
        self.notify(
            lambda: notices.decision(self.config, sub, applied.action, note, slot),  # type: ignore[arg-type]
            at,
        )

    def reshare_matches(self, sub: Submission) -> list[Match] | None:
        """A re-share report's items matched to the office's list of ministry posts (read now:
        a post the office added earlier in this batch counts); None for other submissions, or
        when there is no list to match against."""
        if sub.type != "reshare":
            return None

        def earlier(week: str) -> list[Submission]:
            found = []
            for entry in self.ledger.since_week(week):
                if entry.unit != sub.unit or entry.type != "reshare" or entry.id == sub.id:
                    continue
                with contextlib.suppress(SubmissionFileError, OSError):
                    report = self.store.read(self.store.path_for(entry.id))
                    if report.status not in ("superseded", "rejected"):
                        found.append(report)
            return sorted(found, key=lambda r: (r.received, r.id))

        try:
            return match_report(self.config.paths.calendar, sub.items, earlier)
        except IntakeError as exc:
            self.warnings.append(f"re-share report {sub.id} not matched: {exc}")
            return None

    def crisis_changed(self) -> None:
        """A command started or ended a crisis: the batch's next messages read it again."""
        self.__dict__.pop("crisis", None)

    def read(self, submission_id: str) -> Submission | None:
        """A stored submission; None (and a warning) when its file cannot be read."""
        path = self.store.path_for(submission_id)
        try:
            return self.store.read(path)
        except (SubmissionFileError, OSError) as exc:
            self.warnings.append(f"could not update {path} while superseding plans: {exc}")
            return None


# --- the dispatch point ----------------------------------------------------------------------


def classify(msg: Incoming, batch: Batch) -> Kind:
    """The message's kind; reads it with the parser only when its content decides."""
    msg.previous = batch.ledger.by_content(msg.message_id, msg.body_sha, msg.raw_sha, msg.from_key)
    if msg.previous is not None:
        return "duplicate"
    if msg.fetched.raw is None:
        return "too-large"
    batch.parse(msg)
    outcome = msg.outcome
    if outcome is None:
        return "unreadable"
    if outcome.reason == "office-command":
        return "command"
    if outcome.outcome == "accepted":
        return "submission"
    if outcome.outcome == "rejected":
        return "rejected"
    if outcome.outcome == "ignored":
        return "automated"
    if outcome.reason == "parser-error":
        return "unreadable"
    return "suspect"


def handle(msg: Incoming, batch: Batch) -> Result | None:
    """Classify the message, then run its kind's handler."""
    return HANDLERS[classify(msg, batch)](msg, batch)


# --- the handlers ----------------------------------------------------------------------------


def duplicate(msg: Incoming, batch: Batch) -> Result | None:
    """Ignored as a duplicate; but a recorded, unmoved message found again under a new
    UIDVALIDITY is moved as it was recorded (nothing new to record)."""
    previous = msg.previous
    assert previous is not None
    source, env = batch.source, msg.fetched.envelope
    if (
        source.moves
        and not previous.moved
        and previous.folder == source.folder
        and previous.uidvalidity != source.uidvalidity
        and env.uid is not None
        and source.uidvalidity is not None
    ):
        batch.ledger.relocate(previous.row, source.uidvalidity, env.uid)
        if previous.target is not None:
            batch.adopted.append((previous.row, env.uid, previous.target))
        return None
    first = previous.submission_id or f"{previous.outcome}/{previous.reason}"
    outcome = Outcome(
        "ignored",
        "duplicate",
        detail=f"the same message was already read ({first})",
        message_id=msg.message_id,
    )
    return Result(with_headers(outcome, msg.headers))


def too_large(msg: Incoming, batch: Batch) -> Result:
    size, limit = msg.fetched.envelope.size, batch.config.limits.max_message_bytes
    outcome = Outcome(
        "quarantined",
        "too-large",
        message_id=msg.message_id,
        detail=f"{size} bytes, over limits.max_message_bytes ({limit}); not downloaded",
    )
    return Result(with_headers(outcome, msg.headers))


def unreadable(msg: Incoming, batch: Batch) -> Result:
    if msg.outcome is not None:  # the parser's own verdict (it caught its error)
        return Result(msg.outcome)
    detail = msg.failed.detail if msg.failed is not None else "no outcome"
    outcome = Outcome("quarantined", "parser-error", message_id=msg.message_id, detail=detail)
    return Result(with_headers(outcome, msg.headers))


def as_read(msg: Incoming, batch: Batch) -> Result:
    """The parser's outcome, recorded as it is."""
    assert msg.outcome is not None
    return Result(msg.outcome)


def rejected(msg: Incoming, batch: Batch) -> Result:
    """The parser's outcome, and a rejection naming each problem to a registered unit."""
    from intake import notices  # (templates: loaded when there is mail to answer)

    outcome = msg.outcome
    assert outcome is not None
    if batch.config.unit_by_address(outcome.sender) is not None:
        reply = notices.replying_to(msg.headers)
        batch.notify(
            lambda: notices.rejection(
                batch.config,
                outcome,
                reply.message_id,
                reply.references,
                name=reply.name,
                key=msg.raw_sha,
            ),
            msg.arrived,
        )
    return Result(outcome)


def submission(msg: Incoming, batch: Batch) -> Result:
    """Write the images and the submission's file; a plan takes its place in the unit's chain
    for the week (:func:`intake.chain.place`: at most its two neighbours change)."""
    outcome = msg.outcome
    assert outcome is not None and outcome.submission is not None
    sub = outcome.submission
    if sub.type == "plan" and batch.national_crisis:  # waits for the office's clearance
        sub = replace(sub, status="held")
        outcome = replace(outcome, submission=sub)
    owner = batch.ledger.submission_owner(sub.id)
    if owner is not None and owner != msg.raw_sha:
        return _quarantined(
            outcome,
            "id-collision",
            f"the submission id {sub.id} is already used by another message "
            "(a reused Message-ID with a different body?); kept aside for the office",
        )
    try:
        images = []
        for attachment in outcome.attachments:
            name = Path(attachment.name).name
            if name != attachment.name or name.startswith("."):
                raise SubmissionFileError(attachment.name, [])
            images.append((batch.store.image_folder / name, attachment.data))
        if sub.type == "plan":
            chain = batch.ledger.chain(sub.unit, sub.week, sub.type)
            files = place(sub, chain, batch.read)
        else:
            files = [sub]
        for path, data in images:
            batch.write(path, data)
        for each in files:
            batch.write_submission(each)
    except SubmissionFileError as exc:  # our own output failed validation: a parser bug
        return _quarantined(outcome, "parser-error", f"the submission did not validate: {exc}")
    except OSError as exc:
        raise Transient(f"writing the submission: {exc}") from exc
    from intake import notices

    reply = notices.replying_to(msg.headers)
    matches = batch.reshare_matches(sub)
    batch.notify(
        lambda: notices.receipt(
            batch.config,
            outcome,
            reply.message_id,
            reply.references,
            batch.on_hold(sub),
            name=reply.name,
            matches=matches,
        ),
        msg.arrived,
    )
    return Result(outcome, [index_entry(each) for each in files], sub.id)


def command(msg: Incoming, batch: Batch) -> Result:
    """An office command (:mod:`intake.office`): applied once or refused with a reason; the
    office gets the answer, the unit a decision notice."""
    outcome = msg.outcome
    assert outcome is not None
    cmd = outcome.command
    try:
        applied = _apply(cmd, outcome.sender, msg.arrived, batch)
    except OSError as exc:
        raise Transient(f"applying an office command: {exc}") from exc
    except IntakeError as exc:  # e.g. docs/crisis.md does not read: nothing was changed
        applied = Applied(
            False,
            "cannot-apply",
            [f"Komut uygulanamadı, hiçbir şey değiştirilmedi: {exc}"],
        )
    if applied.ok and cmd is not None and cmd.action in ("crisis-start", "crisis-end"):
        batch.crisis_changed()
    batch.told(msg, applied)
    final = replace(
        outcome,
        outcome="accepted" if applied.ok else "rejected",
        reason=applied.reason,
        detail=" ".join(applied.lines)[:1000],
        command=None,
        problems=() if applied.ok else tuple(MailProblem(line) for line in applied.lines),
    )
    return Result(final)


def _apply(cmd: OfficeCommand | None, by: str, at: datetime, batch: Batch) -> Applied:
    """The office command, applied through :mod:`intake.office`."""
    if cmd is None or cmd.action is None or cmd.problems:
        problems = list(cmd.problems) if cmd is not None else ["Komut anlaşılamadı."]
        return Applied(False, "bad-command", problems)
    if cmd.action in ("approve", "reject"):
        return decide(
            batch.store,
            batch.ledger,
            batch.write_submission,
            action="approve" if cmd.action == "approve" else "reject",
            target=cmd.target,
            by=by,
            via="email",
            at=at,
            note=cmd.note,
            day=cmd.day,
            hhmm=cmd.time,
        )
    if cmd.action == "post-add":
        return add_post(
            batch.config,
            batch.ledger,
            links=cmd.links,
            day=cmd.day or at.date(),
            topic=cmd.title,
            platforms=cmd.platforms,
            by=by,
            via="email",
            at=at,
            write_file=batch.write,
        )
    if cmd.action == "crisis-start":
        return start_crisis(
            batch.config,
            batch.ledger,
            scope=cmd.scope,
            topics=cmd.topics,
            title=cmd.title,
            by=by,
            via="email",
            at=at,
            write_file=batch.write,
        )
    return end_crisis(
        batch.config,
        batch.ledger,
        batch.write_submission,
        by=by,
        via="email",
        at=at,
        write_file=batch.write,
    )


def _quarantined(outcome: Outcome, reason: str, detail: str) -> Result:
    return Result(
        replace(
            outcome,
            outcome="quarantined",
            reason=reason,
            detail=detail,
            submission=None,
            attachments=(),
        )
    )


HANDLERS: dict[Kind, Callable[[Incoming, Batch], Result | None]] = {
    "duplicate": duplicate,
    "too-large": too_large,
    "unreadable": unreadable,
    "submission": submission,
    "rejected": rejected,
    "command": command,
    "automated": as_read,
    "suspect": as_read,
}


def with_headers(outcome: Outcome, headers: bytes) -> Outcome:
    """Fill sender and subject (for status and the office page) from raw header bytes."""
    if outcome.sender and outcome.subject:
        return outcome
    from email.parser import BytesHeaderParser
    from email.policy import default

    sender = subject = ""
    with contextlib.suppress(Exception):
        msg = BytesHeaderParser(policy=default).parsebytes(headers + b"\r\n\r\n")
        sender = parseaddr(str(msg.get("From", "")))[1].lower()
        subject = " ".join(str(msg.get("Subject", "")).split())[:300]
    return replace(outcome, sender=outcome.sender or sender, subject=outcome.subject or subject)
