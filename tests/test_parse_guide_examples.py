"""What the site's guide tells units to send is what the parser accepts: the copyable example
bodies with their subjects, and the CSV/XLSX plan templates filled in."""

from __future__ import annotations

import base64
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from intake.config import Config, load_config
from intake.parse import receive
from intake.render import directory
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
HEAD = (
    "Authentication-Results: mail.example.gov.tr; dmarc=pass header.from=ghgm.example.gov.tr\r\n"
    "From: GHGM <sosyalmedya@ghgm.example.gov.tr>\r\nTo: sosyalmedya@example.gov.tr\r\n"
    "Date: Thu, 26 Nov 2026 10:15:00 +0300\r\nMessage-ID: <guide@ghgm.example.gov.tr>\r\nMIME-Version: 1.0\r\n"
)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "samples" / "intake.yml")


def message(subject: str, body: str, attachment: tuple[str, bytes] | None = None) -> bytes:
    from email.header import Header

    head = HEAD + f"Subject: {Header(subject, 'utf-8').encode()}\r\n"
    text = body.replace("\n", "\r\n").encode()
    if attachment is None:
        return (
            head
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode() + text
    name, data = attachment
    return (
        (
            head + 'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\n'
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode()
        + text
        + (
            f'\r\n--x\r\nContent-Type: application/octet-stream; name="{name}"\r\n'
            f'Content-Disposition: attachment; filename="{name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        ).encode()
        + base64.encodebytes(data)
        + b"\r\n--x--\r\n"
    )


@pytest.mark.parametrize("kind", ["plan", "proposal", "announcement", "reshare"])
def test_guide_examples_are_accepted(kind: str, config: Config) -> None:
    body = directory._example_bodies(NOW)[kind]
    out = receive(message(directory.SUBJECTS[kind], body), config, arrived=NOW)
    assert (out.outcome, out.reason) == ("accepted", "ok"), [str(p) for p in out.problems]
    assert out.submission is not None
    assert out.submission.type == kind
    assert (
        len(out.submission.items)
        == {"plan": 2, "proposal": 1, "announcement": 1, "reshare": 2}[kind]
    )
    if kind == "reshare":
        assert [(i.reshare_of, i.reshare_url) for i in out.submission.items] == [
            ("BP-2026-49-1", "https://x.com/birimhesabi/status/1864000000000000001"),
            ("https://www.instagram.com/p/BAKANLIK123/", "https://www.instagram.com/p/BIRIM456/"),
        ]
    if kind == "plan":
        assert out.submission.week == "2026-W49"


def test_filled_csv_template_is_accepted(config: Config) -> None:
    data = (
        directory.plan_template_csv()
        + (
            "02.12.2026;10:30;X, Instagram;Şablondan konu;Metin;https://a.example/;gençlik, kamp;\r\n"
        ).encode()
    )
    out = receive(
        message("HAFTALIK PLAN", "Plan ektedir.\n", ("plan.csv", data)), config, arrived=NOW
    )
    assert out.outcome == "accepted", [str(p) for p in out.problems]
    assert out.submission is not None
    item = out.submission.items[0]
    assert (item.date, item.time, item.platforms, item.topic, item.tags) == (
        date(2026, 12, 2),
        "10:30",
        ("X", "Instagram"),
        "Şablondan konu",
        ("gençlik", "kamp"),
    )


def test_filled_xlsx_template_is_accepted(config: Config) -> None:
    book = openpyxl.load_workbook(io.BytesIO(directory.plan_template_xlsx()))
    sheet = book["Plan"]
    sheet.append(["03.12.2026", "14.00", "Facebook", "XLSX şablonundan konu", "", "", "", ""])
    buf = io.BytesIO()
    book.save(buf)
    out = receive(
        message("HAFTALIK PLAN", "Plan ektedir.\n", ("plan.xlsx", buf.getvalue())),
        config,
        arrived=NOW,
    )
    assert out.outcome == "accepted", [str(p) for p in out.problems]
    assert out.submission is not None
    assert [(i.date, i.time, i.platforms, i.topic) for i in out.submission.items] == [
        (date(2026, 12, 3), "14:00", ("Facebook",), "XLSX şablonundan konu")
    ]


def _line_form_examples() -> list[str]:
    """The indented example blocks of the guide's one-post-per-line section (as written)."""
    template = (ROOT / "templates" / "pages" / "guide.md.j2").read_text(encoding="utf-8")
    section = template.split("### Tek satırda bir paylaşım", 1)[1].split("\n### ", 1)[0]
    blocks: list[list[str]] = []
    previous_indented = False
    for line in section.split("\n"):
        indented = line.startswith("    ") and not line.lstrip().startswith("- **")
        if indented and not previous_indented:
            blocks.append([])
        if indented:
            blocks[-1].append(line[4:])
        elif blocks and previous_indented and not line.strip():
            blocks[-1].append("")  # a blank line inside a block
            continue
        previous_indented = indented or (previous_indented and not line.strip())
    texts = ["\n".join(b).strip("\n") + "\n" for b in blocks]
    return [t for t in texts if "{{" not in t]


def _on(day: int, tm: str | None, *platforms: str) -> tuple[date, str | None, tuple[str, ...]]:
    return (date(2026, 12, day), tm, platforms)


LINE_FORM_ITEMS = [
    [
        _on(8, "10:00", "X", "Instagram"),
        _on(8, "10:00", "X"),
        _on(8, "10:00", "X", "Instagram"),
        _on(8, "10:00", "Facebook"),
        _on(8, "14:00", "YouTube"),
        _on(8, "14:30", "LinkedIn"),
        _on(8, "16:00", "Instagram"),
    ],
    [_on(7, "10:00", "X", "Instagram"), _on(7, "15:30", "Facebook"), _on(8, "11:00", "LinkedIn")],
    [_on(9, "10:00", "X"), _on(10, "14:00", "Instagram")],
    [_on(8, "10:00", "X", "Instagram")],
]


def test_guide_line_form_examples_are_read_as_shown(config: Config) -> None:
    examples = _line_form_examples()
    assert len(examples) == len(LINE_FORM_ITEMS)
    for body, expected in zip(examples, LINE_FORM_ITEMS, strict=True):
        out = receive(message("HAFTALIK PLAN", body), config, arrived=NOW)
        assert (out.outcome, out.reason) == ("accepted", "ok"), (
            body,
            [str(p) for p in out.problems],
        )
        assert out.submission is not None
        got = [(i.date, i.time, i.platforms) for i in out.submission.items]
        assert got == expected, body
