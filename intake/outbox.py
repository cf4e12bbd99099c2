"""Outgoing mail: every notice is written to the ledger's ``outbox`` table in the transaction of
the outcome that causes it (:func:`enqueue`), and sent afterwards (:func:`deliver`).

* **Never sent twice.** A notice's Message-ID is derived from what causes it (its kind and the
  incoming Message-ID, submission id or action), and ``outbox.message_id`` is unique: the same
  cause, recorded again after a crash, is the same row.
* **Never lost.** A row stays waiting until the server accepted it (``sent`` is set in its own
  small transaction right after); a failure counts an attempt and waits (1, 2, 4 … minutes,
  at most an hour) before the next try.
* **No loops.** Every notice says ``Auto-Submitted: auto-replied``, ``X-Auto-Response-Suppress:
  All`` and carries :data:`~intake.parse.sender.NOTICE_HEADER` (our own notices coming back are
  ignored). Nothing goes to our own addresses, to automated senders (``mailer-daemon`` …), or to
  an invalid address; at most one rejection per recipient and reason per hour.
* **No header injection.** Text from an incoming mail (its subject, a display name) is used only
  as a header *value*, after :func:`header_text` removed control characters and line breaks and
  cut it short; :class:`~email.message.EmailMessage` writes the encoded words.

Without ``smtp:`` in ``intake.yml`` the notices go to a Maildir at ``paths.outbox`` (``new/``,
one file per notice named by its Message-ID's hash): the demo's mail.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import smtplib
import ssl
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, EmailPolicy
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Literal

from intake.config import EMAIL, Config
from intake.ledger import Ledger
from intake.store import atomic_write, sync_folders

NoticeKind = Literal["receipt", "rejection", "decision", "answer", "reminder"]

HEADER_LIMIT = 200  # characters of incoming text kept in one of our headers
NAME_LIMIT = 80  # … in a display name
REJECTION_WINDOW = timedelta(hours=1)  # at most one rejection per recipient and reason
MAX_BACKOFF = timedelta(hours=1)
MAX_REFERENCES = 10  # the newest Message-IDs of the thread kept in References
DEFAULT_SENDER = "intake@localhost"  # From when neither smtp.from nor site.intake_address is set

_MESSAGE_ID = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
_AUTOMATED_LOCAL = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)([+-].*)?$"
)


@dataclass(frozen=True)
class Notice:
    """One complete mail to send. ``own`` are our own addresses (never written to)."""

    kind: NoticeKind
    reason: str  # why (a reason code for rejections; the action for decisions)
    recipient: str
    message: EmailMessage
    own: tuple[str, ...] = field(default=(), compare=False)

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip()

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])


@dataclass
class DeliveryReport:
    """What one :func:`deliver` did. ``sent`` counts mail the SMTP server accepted, ``spooled``
    mail written to the outbox Maildir (no ``smtp:``), ``failed`` the tries that failed;
    ``waiting``: notices not sent yet after this run (tried again later)."""

    sent: int = 0
    spooled: int = 0
    failed: int = 0
    waiting: int = 0
    warnings: list[str] = field(default_factory=list)


# --- composing -----------------------------------------------------------------------------------


def header_text(value: str, limit: int = HEADER_LIMIT) -> str:
    """``value`` safe to use as one header value: control and format characters (CR, LF, NUL,
    bidi overrides …) become spaces, runs of spaces one, an encoded word's ``=?`` loses its
    meaning (the library would decode it), and it is cut to ``limit`` characters."""
    chars = [
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") else ch
        for ch in value
    ]
    text = " ".join("".join(chars).split()).replace("=?", "= ?")
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def valid_address(address: str) -> bool:
    """A plain address we may write to: one ``local@domain``, nothing automated."""
    address = address.strip()
    if not EMAIL.match(address) or len(address) > 254:
        return False
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError):
        return False
    return not _AUTOMATED_LOCAL.match(address.split("@", 1)[0].lower())


def sender_address(config: Config) -> str:
    """The From of every notice: ``smtp.from``, else the intake address."""
    if config.smtp is not None and config.smtp.sender:
        return config.smtp.sender
    return config.site.intake_address or DEFAULT_SENDER


def own_addresses(config: Config) -> tuple[str, ...]:
    found = {sender_address(config).lower()}
    if config.smtp is not None and config.smtp.sender:
        found.add(config.smtp.sender.lower())
    if config.site.intake_address:
        found.add(config.site.intake_address.lower())
    return tuple(sorted(found))


def message_id_in(value: str) -> str:
    """The first well-formed Message-ID in ``value`` ('' when none)."""
    found = _MESSAGE_ID.search(value or "")
    return found.group(0) if found else ""


class _Folding(EmailPolicy):
    """``email.policy.SMTP`` that remembers how it folded a header: most of a notice's headers
    (From, Auto-Submitted, the parts' Content-Type …) are the same in every notice, and folding
    one costs about 0.3 ms (most of the CPU of a receipt; ``make bench-intake``). Folding is a
    function of the name and the value alone, under one policy."""

    def fold_binary(self, name: str, value: Any) -> bytes:
        key = (name, str(value))
        folded = _FOLDED.get(key)
        if folded is None:
            folded = super().fold_binary(name, value)
            if len(_FOLDED) < _FOLDED_MAX:
                _FOLDED[key] = folded
        return folded


_FOLDED: dict[tuple[str, str], bytes] = {}
_FOLDED_MAX = 2048
_WIRE = _Folding(linesep="\r\n")  # as SMTP


def stable_message_id(config: Config, kind: str, *cause: str) -> str:
    """The same cause gives the same Message-ID (so the same mail is never sent twice)."""
    digest = hashlib.sha256("\0".join((kind, *cause)).encode("utf-8")).hexdigest()[:32]
    domain = sender_address(config).rsplit("@", 1)[-1]
    return f"<{kind}.{digest}@{domain}>"  # short enough for one header line


def compose(
    config: Config,
    *,
    kind: NoticeKind,
    reason: str,
    recipient: str,
    subject: str,
    text: str,
    html: str,
    cause: tuple[str, ...],
    at: datetime,
    recipient_name: str = "",
    in_reply_to: str = "",
    references: str = "",
) -> Notice:
    """A complete notice. ``subject`` is ours (it may quote incoming text: it is cleaned);
    ``in_reply_to``/``references``: the mail it answers. Raises ValueError for a recipient that
    is not a valid address."""
    recipient = recipient.strip().lower()
    if not valid_address(recipient):
        raise ValueError(f"not an address a notice can be sent to: {recipient!r}")
    msg = EmailMessage(policy=SMTP)
    office = header_text(config.office.name, NAME_LIMIT)
    msg["From"] = Address(display_name=office, addr_spec=sender_address(config))
    msg["To"] = Address(display_name=header_text(recipient_name, NAME_LIMIT), addr_spec=recipient)
    msg["Subject"] = header_text(subject)
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = stable_message_id(config, kind, *cause)
    parent = message_id_in(in_reply_to)
    if parent:
        thread = [m for m in _MESSAGE_ID.findall(references or "") if m != parent]
        msg["In-Reply-To"] = parent
        msg["References"] = " ".join([*thread[-(MAX_REFERENCES - 1) :], parent])
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    from intake.parse.sender import NOTICE_HEADER  # (the parser: imported when mail is sent)

    msg[NOTICE_HEADER] = kind
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    digest = hashlib.sha256(str(msg["Message-ID"]).encode()).hexdigest()[:32]
    msg.set_boundary(f"=_intake_{digest}")  # the same notice, the same bytes
    return Notice(kind, reason, recipient, msg, own_addresses(config))


# --- the outbox table ----------------------------------------------------------------------------


def _stamp(at: datetime) -> str:
    """Times in the outbox are UTC ISO strings: they compare as text."""
    return at.astimezone(UTC).isoformat()


def enqueue(ledger: Ledger, notice: Notice, at: datetime) -> bool:
    """Write ``notice`` to the outbox inside the caller's open transaction (no BEGIN/COMMIT
    here). False, and nothing written, when it is suppressed: the same Message-ID already
    there, a rejection to the same recipient for the same reason within the hour, one of our
    own addresses, or an invalid or automated recipient."""
    recipient = notice.recipient.strip().lower()
    if not valid_address(recipient) or recipient in notice.own:
        return False
    db = ledger.db
    if notice.kind == "rejection":
        recent = db.execute(
            "SELECT 1 FROM outbox WHERE recipient=? AND kind='rejection' AND reason=? "
            "AND created > ? LIMIT 1",
            (recipient, notice.reason, _stamp(at - REJECTION_WINDOW)),
        ).fetchone()
        if recent is not None:
            return False
    cur = db.execute(
        "INSERT INTO outbox (message_id, kind, reason, recipient, subject, raw, created, next_at) "
        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING",
        (
            notice.message_id,
            notice.kind,
            notice.reason,
            recipient,
            notice.subject,
            notice.message.as_bytes(policy=_WIRE),
            _stamp(at),
            _stamp(at),
        ),
    )
    return cur.rowcount == 1


# --- delivery ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Waiting:
    row: int
    message_id: str
    recipient: str
    attempts: int
    ledger: Ledger

    @property
    def raw(self) -> bytes:
        """The message, read when it is sent (a backlog's notices are not all held at once)."""
        found = self.ledger.db.execute("SELECT raw FROM outbox WHERE id=?", (self.row,)).fetchone()
        return bytes(found[0])


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 2, 4 … minutes, at most an hour."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 10)), MAX_BACKOFF)


def deliver(config: Config, ledger: Ledger, at: datetime) -> DeliveryReport:
    """Send every waiting notice whose time has come: over SMTP, or into the outbox Maildir
    when there is no ``smtp:``. Each is marked sent right after it was accepted; a failure
    waits for a later run (:func:`backoff`)."""
    report = DeliveryReport()
    rows = ledger.db.execute(
        "SELECT id, message_id, recipient, attempts, next_at FROM outbox "
        "WHERE sent IS NULL ORDER BY id"
    ).fetchall()
    due = [  # the messages themselves are read one at a time (:meth:`_Waiting.raw`)
        _Waiting(r["id"], r["message_id"], r["recipient"], r["attempts"], ledger)
        for r in rows
        if str(r["next_at"]) <= _stamp(at)
    ]
    if due:
        if config.smtp is None:
            _spool(config.paths.outbox, ledger, due, at, report)
        else:
            _send(config, ledger, due, at, report)
    report.waiting = len(rows) - report.sent - report.spooled
    if report.failed:
        report.warnings.append(
            f"{report.failed} notice(s) could not be sent; they are tried again on a later run"
        )
    return report


def _mark_sent(ledger: Ledger, row: int, at: datetime) -> None:
    with ledger.transaction() as db:
        db.execute("UPDATE outbox SET sent=?, last_error='' WHERE id=?", (_stamp(at), row))


def _mark_failed(ledger: Ledger, each: _Waiting, error: str, at: datetime) -> None:
    attempts = each.attempts + 1
    with ledger.transaction() as db:
        db.execute(
            "UPDATE outbox SET attempts=?, last_error=?, next_at=? WHERE id=?",
            (attempts, error[:500], _stamp(at + backoff(attempts)), each.row),
        )


def maildir_name(message_id: str) -> str:
    """A spooled notice's file name in the outbox Maildir: the same notice, the same file."""
    return hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:40] + ".intake"


def _spool(
    folder: Path, ledger: Ledger, due: list[_Waiting], at: datetime, report: DeliveryReport
) -> None:
    """No ``smtp:``: each notice becomes a file in ``<paths.outbox>/new``, written in ``tmp/``
    and renamed (the Maildir way). A notice spooled again after a crash replaces its own file,
    or is left alone when a mail client already moved it to ``cur/``."""
    try:
        for sub in ("tmp", "new", "cur"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        read = {entry.name.split(":", 1)[0] for entry in (folder / "cur").iterdir()}
    except OSError as exc:
        read = set()
        report.warnings.append(f"the outbox Maildir {folder} could not be opened: {exc}")
    for each in due:
        name = maildir_name(each.message_id)
        try:
            if name not in read:  # (a mail client moves what it has read to cur/)
                atomic_write(folder / "tmp" / name, each.raw)
                (folder / "tmp" / name).replace(folder / "new" / name)
                sync_folders([folder / "new"])
        except OSError as exc:
            report.failed += 1
            _mark_failed(ledger, each, f"writing the outbox {folder}: {exc}", at)
            continue
        _mark_sent(ledger, each.row, at)
        report.spooled += 1
    if report.failed:
        report.warnings.append(f"the outbox Maildir {folder} could not be written")


class _Down(Exception):
    """The SMTP server cannot be reached or dropped the connection: no use trying the rest."""


def _connect(config: Config) -> smtplib.SMTP:
    smtp = config.smtp
    assert smtp is not None
    context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
    try:
        client: smtplib.SMTP
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
            if smtp.security == "starttls":
                client.starttls(context=context)
        if smtp.username:
            password = smtp.password()
            if not password:
                client.close()
                raise _Down(
                    f"the environment variable {smtp.password_env} (smtp.password_env) is not set"
                )
            client.login(smtp.username, password)
    except (smtplib.SMTPException, OSError) as exc:
        raise _Down(f"SMTP {smtp.host}:{smtp.port}: {_describe(exc)}") from None
    return client


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items()
        )
    return str(exc) or type(exc).__name__


def _send(
    config: Config, ledger: Ledger, due: list[_Waiting], at: datetime, report: DeliveryReport
) -> None:
    smtp = config.smtp
    assert smtp is not None
    sender = sender_address(config)
    client: smtplib.SMTP | None = None
    try:
        for i, each in enumerate(due):
            try:
                if client is None:
                    client = _connect(config)
                try:
                    client.sendmail(sender, [each.recipient], each.raw)
                except smtplib.SMTPServerDisconnected as exc:
                    raise _Down(f"SMTP {smtp.host}:{smtp.port}: {_describe(exc)}") from None
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException):
                    with contextlib.suppress(smtplib.SMTPException, OSError):
                        client.rset()
                    raise  # this message only
                except OSError as exc:
                    raise _Down(f"SMTP {smtp.host}:{smtp.port}: {_describe(exc)}") from None
            except _Down as exc:
                for rest in due[i:]:
                    report.failed += 1
                    _mark_failed(ledger, rest, str(exc), at)
                report.warnings.append(str(exc))
                return
            except (smtplib.SMTPException, OSError) as exc:
                report.failed += 1
                _mark_failed(ledger, each, _describe(exc), at)
                continue
            _mark_sent(ledger, each.row, at)
            report.sent += 1
    finally:
        if client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                client.quit()
