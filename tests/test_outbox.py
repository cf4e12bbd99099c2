"""The outbox: what a notice looks like, when it is suppressed, and how it is delivered — to a
Maildir without ``smtp:``, and to a real SMTP server on loopback (aiosmtpd) with it."""

from __future__ import annotations

import email
from collections.abc import Callable
from datetime import datetime, timedelta
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake import notices
from intake.config import Config, load_config
from intake.ledger import Ledger, ledger_path
from intake.model import Item, Submission
from intake.outbox import Notice, backoff, deliver, enqueue, maildir_name
from intake.outcome import MailProblem, Outcome
from intake.pipeline import fetch
from intake.timeutil import TZ
from tests.servers.smtp import PASSWORD, SmtpServer
from tests.test_pipeline import maildir, maildir_config
from tests.test_pipeline_support import plan_message, stub_receive

GHGM = "sosyalmedya@ghgm.example.gov.tr"
AT = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)
INCOMING = "<plan-1@ghgm.example.gov.tr>"


def with_sections(config: Config, **sections: Any) -> Config:
    """``config`` with top-level sections (``smtp``, ``site``) added to its intake.yml."""
    data = yaml.safe_load(config.path.read_text(encoding="utf-8"))
    data.update(sections)
    config.path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_config(config.path)


def mail_config(tmp: Path, smtp: dict[str, Any] | None = None) -> Config:
    config = maildir_config(tmp, maildir(tmp, []))
    site = {"intake_address": "plan@example.gov.tr"}
    return with_sections(config, site=site, **({"smtp": smtp} if smtp else {}))


def submission(sid: str = "2026-w49-ghgm-plan-1a2b3c4d", **changes: Any) -> Submission:
    fields: dict[str, Any] = {
        "id": sid,
        "type": "plan",
        "unit": "ghgm",
        "sender": GHGM,
        "subject": "HAFTALIK PAYLAŞIM PLANI",
        "received": AT,
        "message_id": INCOMING,
        "week": "2026-W49",
        "status": "received",
        "items": (
            Item(
                topic="Gençlik kampları",
                date=datetime(2026, 12, 2).date(),
                time="10:30",
                platforms=("X", "Instagram"),
            ),
        ),
    }
    fields.update(changes)
    return Submission(**fields)


def accepted(sub: Submission | None = None) -> Outcome:
    sub = sub or submission()
    return Outcome(
        "accepted",
        "ok",
        sender=sub.sender,
        subject=sub.subject,
        message_id=sub.message_id,
        submission=sub,
    )


def rejected_outcome(message_id: str = INCOMING, reason: str = "bad-date") -> Outcome:
    return Outcome(
        "rejected",
        reason,
        sender=GHGM,
        subject="HAFTALIK PLAN",
        message_id=message_id,
        problems=(MailProblem("“31.11.2026” geçerli bir tarih değil.", 1, "Tarih", 4),),
    )


def receipt(config: Config, sub: Submission | None = None) -> Notice:
    notice = notices.receipt(config, accepted(sub), INCOMING, "", False)
    assert notice is not None
    return notice


def rejection(config: Config, message_id: str = INCOMING, reason: str = "bad-date") -> Notice:
    notice = notices.rejection(config, rejected_outcome(message_id, reason), message_id, "")
    assert notice is not None
    return notice


def put(config: Config, notice: Notice, at: datetime = AT) -> bool:
    with Ledger(ledger_path(config)) as ledger, ledger.transaction():
        return enqueue(ledger, notice, at)


def rows(config: Config) -> list[dict[str, Any]]:
    with Ledger(ledger_path(config)) as ledger:
        found = ledger.db.execute("SELECT * FROM outbox ORDER BY id").fetchall()
        return [dict(r) for r in found]


def run(config: Config, at: datetime = AT) -> tuple[int, int, int, int]:
    with Ledger(ledger_path(config)) as ledger:
        report = deliver(config, ledger, at)
    return report.sent, report.spooled, report.failed, report.waiting


# --- what a notice is --------------------------------------------------------------------------


def test_a_receipt_is_a_complete_auto_reply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTAKE_NOW", AT.isoformat())
    config = mail_config(tmp_path, {"host": "127.0.0.1", "from": "sosyalmedya@example.gov.tr"})
    notice = notices.receipt(
        config, accepted(), INCOMING, "<older@ghgm.example.gov.tr>", False, name="Elif Yıldırım"
    )
    assert notice is not None
    parsed = email.message_from_bytes(notice.message.as_bytes(), policy=default)
    assert parsed["From"].addresses[0].addr_spec == "sosyalmedya@example.gov.tr"
    assert str(parsed["To"]) == "Elif Yıldırım <sosyalmedya@ghgm.example.gov.tr>"
    assert str(parsed["Subject"]) == "Alındı: Haftalık plan [SM-2026-w49-ghgm-plan-1a2b3c4d]"
    assert str(parsed["Date"]) == "Thu, 26 Nov 2026 10:20:00 +0300"
    assert str(parsed["In-Reply-To"]) == INCOMING
    assert str(parsed["References"]) == f"<older@ghgm.example.gov.tr> {INCOMING}"
    assert str(parsed["Auto-Submitted"]) == "auto-replied"
    assert str(parsed["X-Auto-Response-Suppress"]) == "All"
    assert str(parsed["X-Intake-Notice"]) == "receipt"
    assert str(parsed["Message-ID"]).endswith("@example.gov.tr>")
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    # the same cause gives the same Message-ID and the same bytes; another cause another one
    again = notices.receipt(config, accepted(), INCOMING, "<older@ghgm.example.gov.tr>", False)
    assert again is not None and again.message_id == notice.message_id
    assert bytes(receipt(config).message) == bytes(receipt(config).message)
    other = receipt(config, submission("2026-w49-ghgm-plan-99999999"))
    assert other.message_id != notice.message_id


def test_no_recipient_no_notice(tmp_path: Path) -> None:
    config = mail_config(tmp_path)
    assert notices.receipt(config, accepted(submission(sender="")), INCOMING, "", False) is None
    assert notices.receipt(config, rejected_outcome(), INCOMING, "", False) is None
    with pytest.raises(ValueError, match="not an address"):
        notices.answer(config, "kimse", INCOMING, "", "ONAY x", ["Uygulandı."])


# --- enqueue: suppression -----------------------------------------------------------------------


def test_the_same_notice_is_written_once(tmp_path: Path) -> None:
    config = mail_config(tmp_path)
    assert put(config, receipt(config)) is True
    assert put(config, receipt(config), AT + timedelta(days=1)) is False
    assert len(rows(config)) == 1


def test_one_rejection_per_recipient_and_reason_per_hour(tmp_path: Path) -> None:
    config = mail_config(tmp_path)
    assert put(config, rejection(config, "<a@ghgm.example.gov.tr>")) is True
    later = AT + timedelta(minutes=59)
    assert put(config, rejection(config, "<b@ghgm.example.gov.tr>"), later) is False
    # another reason is told at once; the same reason again after the hour
    assert put(config, rejection(config, "<c@ghgm.example.gov.tr>", "missing-field"), later)
    assert put(
        config, rejection(config, "<d@ghgm.example.gov.tr>"), AT + timedelta(hours=1, seconds=1)
    )
    answered = [
        (r["reason"], str(email.message_from_bytes(r["raw"], policy=default)["In-Reply-To"]))
        for r in rows(config)
    ]
    assert answered == [
        ("bad-date", "<a@ghgm.example.gov.tr>"),
        ("missing-field", "<c@ghgm.example.gov.tr>"),
        ("bad-date", "<d@ghgm.example.gov.tr>"),
    ]


@pytest.mark.parametrize(
    "recipient",
    ["plan@example.gov.tr", "sosyalmedya@example.gov.tr", "MAILER-DAEMON@ghgm.example.gov.tr",
     "noreply@ghgm.example.gov.tr", "postmaster@ghgm.example.gov.tr"],
)  # fmt: skip
def test_never_to_our_own_or_automated_addresses(tmp_path: Path, recipient: str) -> None:
    config = mail_config(tmp_path, {"host": "127.0.0.1", "from": "sosyalmedya@example.gov.tr"})
    sub = submission(sender=recipient)
    notice = notices.receipt(config, accepted(sub), INCOMING, "", False)
    assert notice is None or put(config, notice) is False
    assert rows(config) == []


def test_enqueue_joins_the_callers_transaction(tmp_path: Path) -> None:
    """Written with the outcome, undone with it: a batch rolled back sends nothing."""
    config = mail_config(tmp_path)
    with Ledger(ledger_path(config)) as ledger:
        with pytest.raises(RuntimeError), ledger.batch():
            assert enqueue(ledger, receipt(config), AT)
            raise RuntimeError("the batch fails")
        assert not ledger.db.in_transaction
    assert rows(config) == []


# --- deliver: the outbox Maildir -----------------------------------------------------------------


def test_without_smtp_notices_go_to_the_outbox_maildir_once(tmp_path: Path) -> None:
    config = mail_config(tmp_path)
    notice = receipt(config)
    put(config, notice)
    assert run(config) == (0, 1, 0, 0)
    folder = config.paths.outbox
    written = folder / "new" / maildir_name(notice.message_id)
    assert sorted(p.name for p in (folder / "new").iterdir()) == [written.name]
    assert written.read_bytes() == notice.message.as_bytes()
    assert b"\r\n" in written.read_bytes() and b"\n" not in written.read_bytes().replace(
        b"\r\n", b""
    )
    assert (folder / "cur").is_dir() and (folder / "tmp").is_dir()
    assert rows(config)[0]["sent"] == "2026-11-26T07:20:00+00:00"
    assert run(config, AT + timedelta(hours=1)) == (0, 0, 0, 0)
    assert len(list((folder / "new").iterdir())) == 1


def test_an_unwritable_outbox_keeps_the_notice(tmp_path: Path) -> None:
    config = mail_config(tmp_path)
    config.paths.outbox.parent.mkdir(parents=True, exist_ok=True)
    config.paths.outbox.write_text("a file where the folder should be")
    put(config, receipt(config))
    assert run(config) == (0, 0, 1, 1)
    (row,) = rows(config)
    assert (row["sent"], row["attempts"]) == (None, 1)
    config.paths.outbox.unlink()
    assert run(config, AT + timedelta(seconds=30)) == (0, 0, 0, 1)  # waits its minute
    assert run(config, AT + timedelta(minutes=1)) == (0, 1, 0, 0)


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 10)] == [
        1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]  # fmt: skip


# --- deliver: a real SMTP server ----------------------------------------------------------------


@pytest.mark.smtp
@pytest.mark.parametrize(
    ("security", "implicit"), [("none", False), ("starttls", False), ("ssl", True)]
)
def test_each_security_mode_sends(
    tmp_path: Path,
    smtp_server: Callable[..., SmtpServer],
    security: str,
    implicit: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTAKE_TEST_SMTP_PASSWORD", PASSWORD)
    server = smtp_server(ssl=implicit)
    config = mail_config(tmp_path, server.config(security, login=security != "none"))
    notice = receipt(config)
    put(config, notice)
    assert run(config) == (1, 0, 0, 0)
    (got,) = server.received
    assert (got.mail_from, got.rcpt_tos) == ("sosyalmedya@example.gov.tr", (GHGM,))
    assert str(got.message()["Message-ID"]) == notice.message_id
    assert run(config, AT + timedelta(hours=2)) == (0, 0, 0, 0)
    assert len(server.received) == 1


@pytest.mark.smtp
def test_a_wrong_password_or_untrusted_certificate_keeps_the_notice(
    tmp_path: Path, smtp_server: Callable[..., SmtpServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server()
    monkeypatch.setenv("INTAKE_TEST_SMTP_PASSWORD", "wrong")
    config = mail_config(tmp_path, server.config("starttls", login=True))
    put(config, receipt(config))
    with Ledger(ledger_path(config)) as ledger:
        report = deliver(config, ledger, AT)
    assert (report.sent, report.failed) == (0, 1)
    assert report.warnings[0].startswith(f"SMTP 127.0.0.1:{server.port}: 535 ")
    untrusted = {**server.config("starttls"), "ca_file": None}
    config = with_sections(config, smtp=untrusted)
    with Ledger(ledger_path(config)) as ledger:
        report = deliver(config, ledger, AT + timedelta(minutes=1))
    assert (report.sent, report.failed) == (0, 1)
    assert "CERTIFICATE_VERIFY_FAILED" in report.warnings[0]
    assert server.received == []
    (row,) = rows(config)
    assert (row["attempts"], row["sent"]) == (2, None)


@pytest.mark.smtp
@pytest.mark.parametrize("trouble", ["down", "refuse", "drop"])
def test_smtp_trouble_then_sent_later_once(
    tmp_path: Path, smtp_server: Callable[..., SmtpServer], trouble: str
) -> None:
    server = smtp_server()
    config = mail_config(tmp_path, server.config())
    put(config, receipt(config))
    put(config, rejection(config))
    if trouble == "down":
        server.stop()
    else:
        server.mode = trouble  # type: ignore[assignment]
    assert run(config) == (0, 0, 2, 2)
    (first, _) = rows(config)
    assert (first["attempts"], first["sent"]) == (1, None)
    assert first["next_at"] == "2026-11-26T07:21:00+00:00"  # a minute after the failure
    assert first["last_error"]
    assert run(config, AT + timedelta(seconds=59)) == (0, 0, 0, 2)  # not yet
    assert run(config, AT + timedelta(minutes=1)) == (0, 0, 2, 2)  # still in trouble
    assert [r["attempts"] for r in rows(config)] == [2, 2]
    if trouble == "down":
        server.start()
    server.mode = "accept"
    assert run(config, AT + timedelta(minutes=2)) == (0, 0, 0, 2)  # waits 2 minutes now
    assert run(config, AT + timedelta(minutes=3)) == (2, 0, 0, 0)
    assert run(config, AT + timedelta(hours=3)) == (0, 0, 0, 0)
    assert sorted(str(m["X-Intake-Notice"]) for m in server.messages()) == ["receipt", "rejection"]


# --- the fetch writes receipts with the crisis in mind -------------------------------------------

CRISIS = """---
crisis:
  active: true
  scope: {scope}
  topics: [deprem]
  since: 2026-11-20T09:00:00+03:00
  title: Deprem nedeniyle planlı paylaşımlar durduruldu
---
Kriz bildirimi.
"""
ON_HOLD = "Kriz bildirimi yürürlükte"


@pytest.mark.parametrize(
    ("crisis", "topic", "on_hold"),
    [
        (None, "Gençlik kampları", False),
        (CRISIS.format(scope="national"), "Gençlik kampları", True),
        (CRISIS.format(scope="field"), "Gençlik kampları", False),
        (CRISIS.format(scope="field"), "Deprem bölgesinde gençlik çadırı", True),
        ("---\ncrisis: {active: maybe}\n---\n", "Gençlik kampları", False),
    ],
    ids=["no-crisis", "national", "field-other-topic", "field-its-topic", "invalid-notice"],
)
def test_the_fetch_writes_a_receipt_on_hold_during_a_crisis(
    tmp_path: Path, crisis: str | None, topic: str, on_hold: bool
) -> None:
    config = maildir_config(tmp_path, maildir(tmp_path, [plan_message(GHGM, topic=topic)]))
    if crisis is not None:
        config.paths.docs.mkdir(parents=True, exist_ok=True)
        (config.paths.docs / "crisis.md").write_text(crisis, encoding="utf-8")
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert (report.mail.spooled, report.mail.waiting) == (1, 0)
    assert any("receipts do not mention the crisis" in w for w in report.warnings) == (
        crisis is not None and "maybe" in crisis
    )
    (written,) = (config.paths.outbox / "new").iterdir()
    msg = email.message_from_bytes(written.read_bytes(), policy=default)
    body = msg.get_body(("plain",))
    assert body is not None
    assert (ON_HOLD in body.get_content()) is on_hold


def test_smtp_ca_file_is_read_relative_to_the_config(tmp_path: Path) -> None:
    config = mail_config(
        tmp_path, {"host": "127.0.0.1", "from": "a@example.gov.tr", "ca_file": "ca.pem"}
    )
    assert config.smtp is not None and config.smtp.ca_file == tmp_path / "ca.pem"
    assert not any("ca_file" in w for w in config.warnings)
    config = mail_config(tmp_path, {"host": "127.0.0.1", "from": "a@example.gov.tr"})
    assert config.smtp is not None and config.smtp.ca_file is None
