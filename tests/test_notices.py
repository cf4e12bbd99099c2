"""The notices' text: golden files for each template (text and HTML parts), and a table of
hostile incoming subjects and display names that must still give well-formed mail.

Golden files live in ``tests/golden/mail/``; ``INTAKE_REGENERATE_GOLDEN=1`` (``make golden``)
rewrites them: review the diff.
"""

from __future__ import annotations

import base64
import email
import os
import re
from dataclasses import replace
from datetime import date
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from intake import notices
from intake.config import Config
from intake.model import Item
from intake.outbox import Notice
from intake.outcome import MailProblem, Outcome
from intake.reshares import Match, MinistryPost, post_key
from tests.test_outbox import AT, GHGM, INCOMING, accepted, mail_config, submission

GOLDEN = Path(__file__).parent / "golden" / "mail"
HEADERS = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Auto-Submitted",
    "X-Auto-Response-Suppress",
    "X-Intake-Notice",
    "MIME-Version",
    "Content-Type",
]


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv("INTAKE_NOW", AT.isoformat())
    return mail_config(tmp_path, {"host": "127.0.0.1", "from": "sosyalmedya@example.gov.tr"})


def parts(notice: Notice | None) -> tuple[str, str]:
    assert notice is not None
    msg = email.message_from_bytes(notice.message.as_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    text, html = (msg.get_body((kind,)) for kind in ("plain", "html"))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def golden(name: str, notice: Notice | None) -> None:
    text, html = parts(notice)
    for suffix, actual in ((".txt", text), (".html", html)):
        path = GOLDEN / (name + suffix)
        if os.environ.get("INTAKE_REGENERATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
        assert path.exists(), f"{path} is missing: run with INTAKE_REGENERATE_GOLDEN=1 once"
        assert path.read_bytes() == actual.encode("utf-8"), f"{path.name} differs (make golden)"


# --- golden files --------------------------------------------------------------------------------


def test_receipt_of_a_plan(config: Config) -> None:
    sub = submission(
        items=(
            Item(
                topic="Gençlik kampları",
                date=date(2026, 12, 2),
                time="10:30",
                platforms=("X", "Instagram"),
            ),
            Item(
                topic="Gönüllülük haftası",
                date=date(2026, 12, 4),
                platforms=("Facebook",),
                images=("submissions/img/a-1.jpg",),
            ),
        )
    )
    outcome = replace(accepted(sub), notes=("rapor.pdf yayımlanmadı (izin verilmeyen tür)",))
    golden("receipt-plan", notices.receipt(config, outcome, INCOMING, "", False))


def test_receipt_during_a_crisis_of_a_held_plan(config: Config) -> None:
    sub = submission(status="held")
    golden("receipt-held", notices.receipt(config, accepted(sub), INCOMING, "", True))


def test_receipt_of_a_proposal_and_a_reshare(config: Config) -> None:
    proposal = submission("2026-w49-ghgm-proposal-5e6f7a8b", type="proposal", subject="ÖNERİ")
    golden("receipt-proposal", notices.receipt(config, accepted(proposal), INCOMING, "", False))
    reshare = submission(
        "2026-w49-ghgm-reshare-0a0b0c0d",
        type="reshare",
        subject="PAYLAŞIM BİLDİRİMİ",
        items=(
            Item(
                topic="Milli takım tebriki",
                reshare_of="BP-2026-49-1",
                reshare_url="https://x.com/ghgm/status/1",
            ),
        ),
    )
    post = MinistryPost(
        key=post_key("BP-2026-49-1"),
        id="BP-2026-49-1",
        date=date(2026, 12, 1),
        topic="Milli takım tebriki",
        link="https://x.com/bakanlik/status/1",
        listed=True,
    )
    golden(
        "receipt-reshare",
        notices.receipt(config, accepted(reshare), INCOMING, "", False, matches=[Match(post)]),
    )


def test_rejection_names_each_problem(config: Config) -> None:
    outcome = Outcome(
        "rejected",
        "bad-date",
        sender=GHGM,
        subject="Re: HAFTALIK PLAN",
        message_id=INCOMING,
        problems=(
            MailProblem("“31.11.2026” geçerli bir tarih değil; gün.ay.yıl yazın.", 1, "Tarih", 4),
            MailProblem("Konu eksik; her paylaşımın bir konusu olmalı.", 2, "Konu", None),
        ),
    )
    golden("rejection-plan", notices.rejection(config, outcome, INCOMING, ""))
    proposal = replace(outcome, subject="İÇERİK ÖNERİSİ", problems=outcome.problems[1:])
    golden("rejection-proposal", notices.rejection(config, proposal, INCOMING, ""))


@pytest.mark.parametrize("action", ["approved", "rejected", "released"])
def test_decision(config: Config, action: str) -> None:
    sub = submission("2026-w49-ghgm-proposal-5e6f7a8b", type="proposal", subject="ÖNERİ")
    slot = "2 Aralık 2026 Çarşamba 11:00" if action == "approved" else None
    note = "Görseli kurum renkleriyle yenileyin." if action != "released" else ""
    notice = notices.decision(config, sub, action, note, slot)  # type: ignore[arg-type]
    assert notice is not None
    assert str(notice.message["In-Reply-To"]) == INCOMING  # the unit's original mail
    assert notice.recipient == GHGM
    golden(f"decision-{action}", notice)


def test_answer(config: Config) -> None:
    notice = notices.answer(
        config,
        "siid@example.gov.tr",
        "<cmd-1@example.gov.tr>",
        "",
        "ONAY 2026-w49-ghgm-proposal-5e6f7a8b",
        ["SM-2026-w49-ghgm-proposal-5e6f7a8b onaylandı.", "Birime bildirim gönderildi."],
    )
    assert str(notice.message["Subject"]) == "Ynt: ONAY 2026-w49-ghgm-proposal-5e6f7a8b"
    golden("answer", notice)


def test_templates_in_the_configured_folder_come_first(config: Config, tmp_path: Path) -> None:
    mine = tmp_path / "templates" / "mail"
    mine.mkdir(parents=True)
    (mine / "answer.txt.j2").write_text("Özel: {{ lines|join(' / ') }}\n", encoding="utf-8")
    custom = replace(config, paths=replace(config.paths, templates=tmp_path / "templates"))
    text, html = parts(notices.answer(custom, "siid@example.gov.tr", "", "", "KRİZ", ["a", "b"]))
    assert text == "Özel: a / b\r\n"
    assert "<p>a</p>" in html  # the HTML part still comes from the built-in template


# --- hostile incoming text -----------------------------------------------------------------------

_B64 = base64.b64encode(b"Plan\r\nBcc: evil@attacker.example").decode()
HOSTILE = {
    "crlf": "Plan\r\nBcc: evil@attacker.example",
    "lf": "Plan\nX-Injected: 1",
    "cr": "Plan\rX-Injected: 1",
    "nul-and-bidi": "Plan\x00\u202egnp.exe\u202c",
    "encoded-q": "=?utf-8?q?Plan=0D=0ABcc:_evil@attacker.example?=",
    "encoded-b": f"=?utf-8?b?{_B64}?=",
    "long-word": "Ş" * 3000,
    "long-words": "PLAN " * 800,
    "quotes-and-angles": 'Evil" <evil@attacker.example>, "x',
    "header-lookalike": "Subject: x\r\n\r\nbody",
    "html": '<script>alert(1)</script><img src=x onerror="alert(2)">',
}


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_subject_and_display_name_give_well_formed_mail(config: Config, value: str) -> None:
    sub = submission(subject=value)
    outcome = replace(accepted(sub), subject=value)
    rejected = Outcome("rejected", "bad-date", sender=GHGM, subject=value, message_id=INCOMING)
    made = [
        notices.receipt(config, outcome, INCOMING, value, False, name=value),
        notices.rejection(config, rejected, value + INCOMING, value, name=value),
        notices.answer(config, "siid@example.gov.tr", value, value, value, [value]),
    ]
    for notice in made:
        assert notice is not None
        raw = notice.message.as_bytes()
        assert all(len(line) <= 78 for line in raw.split(b"\r\n")[: raw.index(b"\r\n\r\n")])
        assert b"\n" not in raw.replace(b"\r\n", b"")
        msg = email.message_from_bytes(raw, policy=default)
        assert msg.defects == []
        html = msg.get_body(("html",))
        assert html is not None and "<script" not in html.get_content()
        assert "<img" not in html.get_content()
        assert len(msg.keys()) == len(set(msg.keys())), msg.keys()  # each header once
        assert not {"bcc", "x-injected"} & {k.lower() for k in msg}
        assert set(msg.keys()) <= set(HEADERS)
        for header in ("Subject", "To"):
            text = str(msg[header])
            assert "\r" not in text and "\n" not in text and "\x00" not in text
            assert "=?" not in text  # no encoded word survives decoding: it was made by us
        to = msg["To"].addresses
        assert [a.addr_spec for a in to] == [notice.recipient]
        assert len(str(msg["Subject"])) <= 210
        # In-Reply-To holds one Message-ID, nothing else
        assert re.fullmatch(r"<[^<>\s@]+@[^<>\s@]+>", str(msg.get("In-Reply-To", INCOMING)).strip())


def test_hostile_from_header_of_the_incoming_mail() -> None:
    """The display name read from an incoming mail's raw headers is a clean value."""
    head = (
        b"From: =?utf-8?q?Evil=0D=0ABcc=3A_x=40y=2Ez?= <sosyalmedya@ghgm.example.gov.tr>\r\n"
        b"Message-ID: <m1@ghgm.example.gov.tr>\r\n"
        b"References: <m0@ghgm.example.gov.tr>\r\n\t<m00@ghgm.example.gov.tr>\r\n"
    )
    reply = notices.replying_to(head)
    assert reply.message_id == "<m1@ghgm.example.gov.tr>"
    assert reply.references == "<m0@ghgm.example.gov.tr> <m00@ghgm.example.gov.tr>"
    assert reply.name == "Evil Bcc: x@y.z"
