"""Re-share tracking end to end, against a real Dovecot and a real SMTP server on loopback and a
real site build: a ministry post added by the office's mail appears on ``/reshares/``; a unit's
report naming it by its ``twitter.com`` address matches the post's ``x.com`` address and the
receipt says so; a second identical report changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from intake.build import build
from intake.pipeline import fetch
from intake.timeutil import TZ
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.servers.smtp import SmtpServer
from tests.test_office import GHGM, OFFICE, office_mail
from tests.test_office_loop import arrive, loop_config
from tests.test_reshares_mail import reshare_mail

pytestmark = [pytest.mark.imap, pytest.mark.smtp]

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
X_URL = "https://x.com/gencliksporbak/status/1864000000000000001"
REPORT = (
    "Merhaba,\n\n"
    "https://twitter.com/gencliksporbak/status/1864000000000000001?s=20 "
    "https://x.com/ghgm/status/1864500000000000009\n\n"
    "Saygılarımızla,\nGHGM\n"
)


def plain(message: object) -> str:
    part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    return str(part.get_content()).replace("\r\n", "\n")


def test_post_by_mail_report_by_twitter_address_and_a_second_report(
    dovecot: DovecotServer,
    tmp_path: Path,
    smtp_server: Callable[..., SmtpServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)
    smtp = smtp_server()
    user = dovecot.user()
    config = loop_config(tmp_path, dovecot, user, smtp)
    sent = datetime(2026, 12, 2, 11, 0, tzinfo=TZ)
    post = office_mail(
        "BAKANLIK PAYLAŞIMI",
        f"Bağlantı: {X_URL}\nTarih: 02.12.2026\nKonu: Gençlik kampları başvuruları\n",
        sent=sent,
    )
    arrive(dovecot, user, post, sent)
    assert fetch(config).summary().startswith("1 new: 1 accepted")
    (answer,) = smtp.messages()
    assert answer["To"].addresses[0].addr_spec == OFFICE
    assert "Bakanlık paylaşımı eklendi: BP-2026-49-1" in plain(answer)

    build(config, now=NOW)
    page = (config.paths.site / "reshares" / "index.html").read_text(encoding="utf-8")
    assert "Gençlik kampları başvuruları" in page and X_URL in page
    assert "BP-2026-49-1" in page.replace("&#45;", "-")

    report = reshare_mail(REPORT, "<rs-loop-1@ghgm.example.gov.tr>", sent.replace(hour=16))
    arrive(dovecot, user, report, sent.replace(hour=16))
    assert fetch(config).summary().startswith("1 new: 1 accepted")
    receipt = smtp.messages()[1]
    assert receipt["To"].addresses[0].addr_spec == GHGM
    text = plain(receipt)
    assert "1 satırdan 1 tanesi bir bakanlık paylaşımıyla eşleşti" in text
    assert "1. Eşleşti: BP-2026-49-1, 2 Aralık 2026 Çarşamba" in text
    build(config, now=NOW)
    page = (config.paths.site / "reshares" / "index.html").read_text(encoding="utf-8")
    assert "https://x.com/ghgm/status/1864500000000000009" in page
    pages = {
        p: p.read_bytes()
        for p in sorted((config.paths.docs / "reshares").iterdir())
        + sorted((config.paths.docs / "submissions").glob("*.md"))
    }

    # the same report again (the unit's client sent it twice): nothing changes, nothing is sent
    arrive(dovecot, user, report, sent.replace(hour=17))
    assert fetch(config).summary().startswith("1 new: 0 accepted, 0 rejected, 1 ignored")
    build(config, now=NOW)
    assert len(smtp.messages()) == 2
    assert {
        p: p.read_bytes()
        for p in sorted((config.paths.docs / "reshares").iterdir())
        + sorted((config.paths.docs / "submissions").glob("*.md"))
    } == pages
