"""Receipts and rejections end to end: a unit's mail on a real Dovecot, ``intake fetch`` with the
real parser, the notices on a real SMTP server (aiosmtpd) on loopback — and the demo's outbox
Maildir when there is no ``smtp:``."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
import yaml

from intake.cli import main as cli_main
from intake.config import Config, load_config
from intake.ledger import Ledger, ledger_path
from intake.parse.sender import NOTICE_HEADER
from intake.pipeline import CRASH_HOOK, fetch
from intake.timeutil import TZ
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.servers.smtp import SmtpServer
from tests.test_outbox import GHGM, with_sections
from tests.test_pipeline_support import AUTHSERV, imap_config, plan_message

pytestmark = [pytest.mark.imap, pytest.mark.smtp]
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BAD_PLAN = "---\nTarih: 31.11.2026\nSaat: 12:00\nPlatform: X\n"


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)


def setup(
    tmp: Path, dovecot: DovecotServer, smtp: SmtpServer, messages: list[bytes], **kw: int
) -> tuple[Config, str]:
    user = dovecot.user()
    dovecot.append(user, messages)
    config = imap_config(tmp, dovecot, user, **kw)
    return with_sections(config, smtp=smtp.config()), user


def text_of(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def problems(config: Config) -> list[str]:
    with Ledger(ledger_path(config)) as ledger:
        return [p for row in ledger.with_outcome("rejected") for p in row["problems"]]


def test_a_proposal_gets_a_receipt_with_its_items(
    dovecot: DovecotServer, smtp_server: Callable[..., SmtpServer], tmp_path: Path
) -> None:
    smtp = smtp_server()
    proposal = plan_message(GHGM, subject="İÇERİK ÖNERİSİ", day=date(2026, 12, 3))
    config, _ = setup(tmp_path, dovecot, smtp, [proposal])
    report = fetch(config)
    assert (
        report.summary() == "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined; mail: 1 sent"
    )
    (got,) = smtp.received
    assert got.rcpt_tos == (GHGM,)
    msg = got.message()
    (sub_file,) = (config.paths.docs / "submissions").glob("*.md")
    sid = sub_file.stem
    assert str(msg["Subject"]) == f"Alındı: İçerik önerisi [SM-{sid}]"
    incoming = email.message_from_bytes(proposal, policy=default)
    assert str(msg["In-Reply-To"]) == str(incoming["Message-ID"])
    assert str(msg["Auto-Submitted"]) == "auto-replied"
    text = text_of(msg)
    assert f"Kayıt numarası: SM-{sid}\n" in text
    assert "1. 3 Aralık 2026 Perşembe, saat 10:30\n   Platformlar: X, Instagram\n" in text
    assert "   Konu: Gençlik kampları\n" in text
    assert "kararını bekliyor" in text
    # nothing new: no mail
    assert fetch(config).summary() == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert len(smtp.received) == 1


def test_a_rejected_plan_gets_exactly_one_rejection_naming_each_problem(
    dovecot: DovecotServer, smtp_server: Callable[..., SmtpServer], tmp_path: Path
) -> None:
    smtp = smtp_server()
    bad = plan_message(GHGM, extra=BAD_PLAN, message_id="<bad-1@ghgm.example.gov.tr>")
    config, user = setup(tmp_path, dovecot, smtp, [bad])
    assert fetch(config).summary() == (
        "1 new: 0 accepted, 1 rejected, 0 ignored, 0 quarantined; mail: 1 sent"
    )
    (got,) = smtp.received
    msg = got.message()
    assert got.rcpt_tos == (GHGM,)
    assert str(msg["Subject"]) == "Alınamadı: HAFTALIK PAYLAŞIM PLANI"
    assert str(msg["In-Reply-To"]) == "<bad-1@ghgm.example.gov.tr>"
    told = problems(config)
    assert len(told) == 2  # item 2: the date, and the missing topic
    text = text_of(msg)
    for problem in told:
        assert f"- {problem}\n" in text
    assert "Konu satırı: HAFTALIK PLAN\n" in text  # and a right example
    # the same mistake again within the hour: rejected, but no second mail
    again = plan_message(GHGM, extra=BAD_PLAN, message_id="<bad-2@ghgm.example.gov.tr>")
    dovecot.append(user, [again])
    assert fetch(config).summary() == "1 new: 0 accepted, 1 rejected, 0 ignored, 0 quarantined"
    assert len(smtp.received) == 1


def test_auto_replies_and_our_own_notices_coming_back_send_nothing(
    dovecot: DovecotServer, smtp_server: Callable[..., SmtpServer], tmp_path: Path
) -> None:
    smtp = smtp_server()
    config, user = setup(tmp_path, dovecot, smtp, [plan_message(GHGM)])
    fetch(config)
    (receipt,) = smtp.received
    ours = receipt.message()
    # the unit's out-of-office answers our receipt
    reply = EmailMessage()
    reply["Authentication-Results"] = f"{AUTHSERV}; dmarc=pass header.from=example.gov.tr"
    reply["From"] = f"Sosyal Medya <{GHGM}>"
    reply["To"] = "sosyalmedya@example.gov.tr"
    reply["Subject"] = f"Otomatik yanıt: {ours['Subject']}"
    reply["Message-ID"] = "<ooo-1@ghgm.example.gov.tr>"
    reply["In-Reply-To"] = ours["Message-ID"]
    reply["Auto-Submitted"] = "auto-replied"
    reply.set_content("Ofis dışındayım; 7 Aralık'ta döneceğim.\n")
    # and our receipt itself comes back (a forwarding loop)
    dovecot.append(user, [bytes(reply), receipt.raw])
    assert fetch(config).summary() == "2 new: 0 accepted, 0 rejected, 2 ignored, 0 quarantined"
    assert len(smtp.received) == 1
    with Ledger(ledger_path(config)) as ledger:
        assert ledger.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1
        reasons = sorted(r["reason"] for r in ledger.with_outcome("ignored"))
    assert reasons == ["auto-reply", "own-notice"]
    assert NOTICE_HEADER in ours


def test_smtp_down_then_the_notice_is_sent_on_a_later_run_once(
    dovecot: DovecotServer,
    smtp_server: Callable[..., SmtpServer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp = smtp_server()
    config, _ = setup(tmp_path, dovecot, smtp, [plan_message(GHGM)])
    smtp.stop()
    report = fetch(config)
    assert report.summary() == (
        "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined; "
        "mail: 0 sent, 1 waiting to be sent again"
    )
    assert report.warnings[0].startswith(f"SMTP 127.0.0.1:{smtp.port}: ")
    smtp.start()
    later = datetime.now(TZ) + timedelta(minutes=2)
    monkeypatch.setenv("INTAKE_NOW", later.isoformat())
    assert fetch(config).summary() == (
        "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined; mail: 1 sent"
    )
    monkeypatch.setenv("INTAKE_NOW", (later + timedelta(hours=2)).isoformat())
    assert fetch(config).summary() == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert [str(m[NOTICE_HEADER]) for m in smtp.messages()] == ["receipt"]


def test_killed_between_recording_and_sending_then_sent_once(
    dovecot: DovecotServer, smtp_server: Callable[..., SmtpServer], tmp_path: Path
) -> None:
    smtp = smtp_server()
    no_date = plan_message(GHGM, topic="Eksik").replace(b"Tarih:", b"Tarh:")
    config, _ = setup(tmp_path, dovecot, smtp, [plan_message(GHGM), no_date])
    env = {**os.environ, CRASH_HOOK: "2", "INTAKE_TEST_IMAP_PASSWORD": PASSWORD}
    cmd = [sys.executable, "-m", "tests.test_pipeline_support", "--config", str(config.path)]
    crashed = subprocess.run(
        [*cmd, "fetch"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert crashed.returncode == 70, crashed.stderr
    assert smtp.received == []  # recorded with its outcome, not sent
    with Ledger(ledger_path(config)) as ledger:
        waiting = ledger.db.execute("SELECT kind FROM outbox WHERE sent IS NULL ORDER BY id")
        assert [r[0] for r in waiting] == ["receipt", "rejection"]
    env.pop(CRASH_HOOK)
    for _ in range(2):
        rerun = subprocess.run(
            [*cmd, "fetch"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert rerun.returncode == 0, rerun.stderr
    assert sorted(str(m[NOTICE_HEADER]) for m in smtp.messages()) == ["receipt", "rejection"]


def test_the_demo_writes_its_notices_to_the_outbox_maildir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``make site`` (no smtp:): a receipt per accepted mail, rejections to units, nothing to
    anyone else; the demo's summary line is unchanged, and a second run writes nothing."""
    shutil.copytree(SAMPLES / "mailbox", tmp_path / "samples" / "mailbox")
    shutil.copy2(SAMPLES / "intake.yml", tmp_path / "samples" / "intake.yml")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.setenv("INTAKE_NOW", "2026-12-08T09:00:00+03:00")
    demo = tmp_path / "samples" / "intake.yml"
    expected = yaml.safe_load((SAMPLES / "expected.yml").read_text(encoding="utf-8"))
    counts = Counter(e["outcome"] for e in expected.values())
    assert cli_main(["--config", str(demo), "fetch"]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .endswith(f"{counts['ignored']} ignored, {counts['quarantined']} quarantined")
    )
    config = load_config(demo)
    assert config.paths.outbox == tmp_path / "outbox" / "demo"
    files = sorted((config.paths.outbox / "new").iterdir())
    mails = [email.message_from_bytes(p.read_bytes(), policy=default) for p in files]
    kinds = Counter(str(m[NOTICE_HEADER]) for m in mails)
    assert kinds["receipt"] == counts["accepted"]
    assert 1 <= kinds["rejection"] <= counts["rejected"]
    assert set(kinds) == {"receipt", "rejection"}
    registered = {a for unit in config.units for a in unit.addresses}
    assert {str(m["To"].addresses[0].addr_spec) for m in mails} <= registered
    assert cli_main(["--config", str(demo), "fetch"]) == 0
    assert sorted((config.paths.outbox / "new").iterdir()) == files
