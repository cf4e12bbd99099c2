"""Helpers for the fetch/pipeline/IMAP tests: configs, realistic messages, a stand-in parser.

The stand-in parser (``stub_receive``) exists so the pipeline's exactly-once logic is tested on its
own, independent of the real parser (``intake.parse``, tested by its own table of .eml cases and
by ``test_imap_cases.py``). It lives only here, never in ``intake/``.

Run as a module it is the ``intake`` CLI with the stand-in parser installed:
``python -m tests.test_pipeline_support --config PATH fetch`` (used by the subprocess tests).
"""

from __future__ import annotations

import hashlib
import re
import sys
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

import yaml

from intake.config import Config, load_config
from intake.model import Item, Submission
from intake.outcome import Attachment, MailProblem, Outcome
from intake.timeutil import TZ, iso_week

AUTHSERV = "mail.example.gov.tr"
UNITS = [
    {
        "id": "ghgm",
        "name": "Gençlik Hizmetleri Genel Müdürlüğü",
        "addresses": ["sosyalmedya@ghgm.example.gov.tr"],
    },
    {
        "id": "shgm",
        "name": "Spor Hizmetleri Genel Müdürlüğü",
        "addresses": ["basin@shgm.example.gov.tr"],
    },
    {
        "id": "kygm",
        "name": "Yükseköğrenim Kredi ve Yurtlar Genel Müdürlüğü",
        "addresses": ["iletisim@kygm.example.gov.tr"],
    },
]
TURKISH_FOLDERS = {"processed": "İşlenen", "rejected": "Reddedilen", "quarantine": "Karantina"}


def write_config(tmp: Path, mailbox: dict[str, Any], **limits: int) -> Path:
    data: dict[str, Any] = {
        "mailbox": mailbox,
        "paths": {"docs": "docs", "site": "site", "state": "state", "outbox": "outbox"},
        "office": {
            "name": "Sosyal İlişkiler ve İletişim Dairesi Başkanlığı",
            "addresses": ["siid@example.gov.tr"],
        },
        "authentication": {"authserv_id": AUTHSERV, "require": "dmarc"},
        "units": UNITS,
        "limits": {"max_message_bytes": 15_000_000, **limits},
    }
    path = tmp / "intake.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def imap_config(
    tmp: Path,
    server: Any,
    user: str,
    *,
    security: str = "none",
    folders: dict[str, str] | None = None,
    batch_size: int = 100,
    **limits: int,
) -> Config:
    port = server.ssl_port if security == "ssl" else server.port
    mailbox = {
        "host": "127.0.0.1",
        "port": port,
        "security": security,
        "username": user,
        "password_env": "INTAKE_TEST_IMAP_PASSWORD",
        "folder": "INBOX",
        "folders": folders or TURKISH_FOLDERS,
        "batch_size": batch_size,
        "timeout": 10,
        "ca_file": str(server.cert),
    }
    return load_config(write_config(tmp, mailbox, **limits))


def unit_mail(
    unit_address: str, subject: str, body: str, message_id: str, sent: datetime
) -> EmailMessage:
    """A unit's mail, authenticated by our own server."""
    msg = EmailMessage()
    msg["Authentication-Results"] = (
        f"{AUTHSERV}; dkim=pass header.d=example.gov.tr; "
        "spf=pass smtp.mailfrom=example.gov.tr; dmarc=pass header.from=example.gov.tr"
    )
    msg["From"] = f"Sosyal Medya <{unit_address}>"
    msg["To"] = "sosyalmedya@example.gov.tr"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = message_id
    msg.set_content(body)
    return msg


def plan_message(
    unit_address: str,
    *,
    day: date = date(2026, 12, 2),
    topic: str = "Gençlik kampları",
    message_id: str | None = None,
    sent: datetime | None = None,
    extra: str = "",
    subject: str = "HAFTALIK PAYLAŞIM PLANI",
    size_to: int = 0,
    image: bytes | None = None,
) -> bytes:
    """A realistic weekly plan mail from a unit, authenticated by our own server."""
    body = (
        f"Merhaba,\n\nTarih: {day:%d.%m.%Y}\nSaat: 10:30\nPlatform: X, Instagram\nKonu: {topic}\n"
        f"Metin: {topic} için başvurular başladı. Ayrıntılar internet sitemizde.\n{extra}\n"
        "Saygılarımızla,\nBasın ve Sosyal Medya Birimi\n"
    )
    if size_to:
        filler = "Bu satır ileti boyutunu büyütmek için eklenmiştir; içerik yoktur.\n"
        body += "\n" + filler * max(0, (size_to - len(body.encode())) // len(filler.encode()))
    msg = unit_mail(
        unit_address,
        subject,
        body,
        message_id
        or f"<{hashlib.sha256((unit_address + topic + str(day)).encode()).hexdigest()[:16]}@example.gov.tr>",
        sent or datetime(2026, 11, 26, 10, 15, tzinfo=TZ),
    )
    if image is not None:
        msg.add_attachment(image, maintype="image", subtype="png", filename="gorsel.png")
    return bytes(msg)


# --- the stand-in parser ------------------------------------------------------------------------

_FIELD = re.compile(r"^(Tarih|Konu|Saat):\s*(.+)$", re.MULTILINE)


def stub_receive(raw: bytes, config: Config, *, arrived: datetime) -> Outcome:
    """Just enough parsing to drive the pipeline: unit by From, plan items by Tarih/Konu lines."""
    from email import message_from_bytes
    from email.policy import default

    msg = message_from_bytes(raw, policy=default)
    subject = str(msg.get("Subject", ""))
    if "CRASH" in subject:
        raise RuntimeError("stand-in parser exploded on purpose")
    sender = parseaddr(str(msg.get("From", "")))[1].lower()
    message_id = str(msg.get("Message-ID", "")).strip()
    unit = config.unit_by_address(sender)
    if unit is None:
        return Outcome(
            "quarantined",
            "unknown-sender",
            detail=f"{sender} is not registered",
            sender=sender,
            subject=subject,
            message_id=message_id,
        )
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    fields = {k: v.strip() for k, v in _FIELD.findall(text)}
    if "Tarih" not in fields or "Konu" not in fields:
        return Outcome(
            "rejected",
            "missing-date",
            detail="no Tarih",
            problems=(MailProblem("Tarih alanı eksik.", item=1, field="Tarih", line=1),),
            sender=sender,
            subject=subject,
            message_id=message_id,
        )
    day = datetime.strptime(fields["Tarih"], "%d.%m.%Y").date()
    week = iso_week(day)
    digest = hashlib.sha256((message_id or raw.decode("latin-1")).encode()).hexdigest()[:8]
    sid = f"{week.lower()}-{unit.id}-plan-{digest}"
    attachments = []
    images: tuple[str, ...] = ()
    for part in msg.iter_attachments():
        if part.get_content_maintype() == "image":
            name = f"{sid}-1.png"
            attachments.append(Attachment(name=name, data=part.get_content(), item=0))
            images = (f"submissions/img/{name}",)
    sub = Submission(
        id=sid,
        type="plan",
        unit=unit.id,
        sender=sender,
        subject=subject,
        received=arrived.astimezone(TZ).replace(microsecond=0),
        message_id=message_id,
        week=week,
        status="received",
        items=(
            Item(
                topic=fields["Konu"],
                date=day,
                time=fields.get("Saat"),
                platforms=("X", "Instagram"),
                images=images,
            ),
        ),
    )
    return Outcome(
        "accepted",
        "ok",
        sender=sender,
        subject=subject,
        message_id=message_id,
        submission=sub,
        attachments=tuple(attachments),
    )


def main(argv: list[str]) -> int:
    """The intake CLI with the stand-in parser (for subprocess tests)."""
    import intake.pipeline
    from intake.cli import main as cli_main

    original = intake.pipeline.fetch

    def fetch(config: Config, progress: Any = None, **kw: Any) -> Any:
        return original(config, progress, receive=stub_receive, **kw)

    intake.pipeline.fetch = fetch  # type: ignore[assignment]
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
