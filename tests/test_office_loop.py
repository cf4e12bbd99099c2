"""The office's loop end to end, against a real Dovecot and a real SMTP server on loopback, and a
real site build: a proposal, its receipt, the office's ONAY, the approved page and the unit's
decision notice; a spoofed approval; KRİZ and KRİZ BİTTİ."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from intake.build import build
from intake.config import Config, load_config
from intake.crisis import load_crisis
from intake.pipeline import fetch
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.servers.smtp import SmtpServer
from tests.test_office import GHGM, OFFICE, office_mail, proposal
from tests.test_pipeline_support import imap_config, plan_message

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)

pytestmark = [pytest.mark.imap, pytest.mark.smtp]


def loop_config(
    tmp: Path, dovecot: DovecotServer, user: str, smtp: SmtpServer | None = None
) -> Config:
    """A whole project on Dovecot (and SMTP, if given): config, crisis page, meeting, assets."""
    config = imap_config(tmp, dovecot, user)
    data = yaml.safe_load(config.path.read_text(encoding="utf-8"))
    if smtp is not None:
        data["smtp"] = smtp.config("starttls")
    data["paths"].update(
        templates=str(ROOT / "templates"), calendar="calendar", mkdocs_yml=str(ROOT / "mkdocs.yml")
    )
    data["site"] = {
        "url": "https://intranet.example.gov.tr/",
        "intake_address": "sm@example.gov.tr",
    }
    config.path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp / "docs").mkdir(exist_ok=True)
    shutil.copy(ROOT / "docs" / "crisis.md", tmp / "docs" / "crisis.md")
    shutil.copytree(ROOT / "docs" / "assets", tmp / "docs" / "assets")
    (tmp / "calendar").mkdir(exist_ok=True)
    shutil.copy(ROOT / "calendar" / "meeting.yml", tmp / "calendar" / "meeting.yml")
    return load_config(config.path)


@pytest.fixture
def loop(
    dovecot: DovecotServer,
    tmp_path: Path,
    smtp_server: Callable[..., SmtpServer],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Config, str, SmtpServer]:
    """A project on a fresh Dovecot user and a fresh SMTP server: (config, user, smtp)."""
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)
    smtp = smtp_server()
    user = dovecot.user()
    return loop_config(tmp_path, dovecot, user, smtp), user, smtp


def test_proposal_receipt_approval_and_decision_notice(
    dovecot: DovecotServer, tmp_path: Path, loop: tuple[Config, str, SmtpServer]
) -> None:
    config, user, smtp = loop
    dovecot.append(user, [proposal("Dünya Gönüllüler Günü")])
    assert fetch(config).accepted == 1
    (receipt,) = smtp.messages()
    (sub,) = list(SubmissionStore(tmp_path / "docs" / "submissions").load_all())
    assert not isinstance(sub, Exception)
    assert receipt["To"].addresses[0].addr_spec == GHGM and f"[SM-{sub.id}]" in receipt["Subject"]
    text = receipt.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert sub.id in text and "Dünya Gönüllüler Günü" in text and "5 Aralık 2026 Cumartesi" in text

    # the office replies to the receipt: ONAY and a note; and a spoofed RET changes nothing
    reply = office_mail(f"Ynt: {receipt['Subject']}", "ONAY\nNot: Cuma 11:00'de paylaşılacak.\n")
    spoof = office_mail(f"RET {sub.id} sahte", authenticated=False)
    dovecot.append(user, [spoof, reply])
    report = fetch(config)
    assert report.summary().startswith("2 new: 1 accepted, 0 rejected, 0 ignored, 1 quarantined")
    decided = SubmissionStore(tmp_path / "docs" / "submissions").read(
        tmp_path / "docs" / "submissions" / f"{sub.id}.md"
    )
    assert decided.status == "approved" and decided.decision is not None
    assert decided.decision.note == "Cuma 11:00'de paylaşılacak."
    kinds = {m["To"].addresses[0].addr_spec: m for m in smtp.messages()[1:]}
    assert set(kinds) == {OFFICE, GHGM}  # the office's answer, the unit's decision notice
    notice = kinds[GHGM].get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Cuma 11:00'de paylaşılacak." in notice
    assert kinds[GHGM]["In-Reply-To"] == sub.message_id

    build(config, now=NOW)
    approved = (config.paths.site / "approved" / "index.html").read_text(encoding="utf-8")
    assert "Dünya Gönüllüler Günü" in approved

    # nothing more is sent on the next run
    fetch(config)
    assert len(smtp.messages()) == 3


def test_crisis_by_mail_shows_the_banner_and_is_archived(
    dovecot: DovecotServer, loop: tuple[Config, str, SmtpServer]
) -> None:
    config, user, smtp = loop
    plan = plan_message(GHGM, topic="Deprem tatbikatı paylaşımı", day=date(2026, 11, 30))
    crisis = office_mail("KRİZ", "Kapsam: alan\nKonular: deprem\nBaşlık: Deprem\n")
    arrive(dovecot, user, plan, datetime(2026, 11, 26, 10, 0, tzinfo=TZ))
    arrive(dovecot, user, crisis, datetime(2026, 11, 26, 14, 0, tzinfo=TZ))  # the crisis starts
    assert fetch(config).summary().startswith("2 new: 2 accepted")
    answer = next(m for m in smtp.messages() if m["To"].addresses[0].addr_spec == OFFICE)
    text = answer.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Kriz başlatıldı: “Deprem”" in text
    build(config, now=NOW)
    home = (config.paths.site / "index.html").read_text(encoding="utf-8")
    assert '<div class="intake-crisis" role="alert">' in home  # the banner
    assert "<strong>KRİZ: Deprem</strong>" in home
    calendar = (config.paths.site / "calendar" / "2026-W49" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Durduruldu" in calendar

    end = office_mail("KRİZ BİTTİ", sent=datetime(2026, 11, 27, 9, 0, tzinfo=TZ))
    arrive(dovecot, user, end, datetime(2026, 11, 27, 9, 0, tzinfo=TZ))
    fetch(config)
    notice = load_crisis(config.paths.docs / "crisis.md")
    assert notice.active is None and [c.title for c in notice.past] == ["Deprem"]
    assert notice.past[0].until == datetime(2026, 11, 27, 9, 0, tzinfo=TZ)
    build(config, now=NOW)
    home = (config.paths.site / "index.html").read_text(encoding="utf-8")
    assert '<div class="intake-crisis" role="alert">' not in home  # the banner is gone


def arrive(dovecot: DovecotServer, user: str, raw: bytes, at: datetime) -> None:
    """APPEND with INTERNALDATE ``at``: the time the mailbox got it (arrival)."""
    with dovecot.session(user) as client:
        client.append("INBOX", raw, msg_time=at)
