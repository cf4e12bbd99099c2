"""Focused tests of intake.parse: dates, times, platforms, field names, the one-post-per-line form,
quoted trails, charsets, CSV/XLSX plans, limits, and the never-raises guard."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime
from email.header import Header
from pathlib import Path

import openpyxl
import pytest

from intake.config import Config, load_config
from intake.parse import receive
from intake.parse.body import field_of, split_items
from intake.parse.classify import is_auto_subject, type_of
from intake.parse.dates import FieldError, parse_date, parse_time
from intake.parse.items import platforms_of, tags_of
from intake.parse.lines import line_item
from intake.parse.mime import decode_bytes, html_to_text, image_ext
from intake.parse.quoting import strip_quoted
from intake.parse.tabular import read_csv, read_xlsx, rows_to_items
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
ARRIVED = datetime(2026, 11, 26, 10, 30, tzinfo=TZ)
REF = date(2026, 11, 26)
AUTH = (
    "Authentication-Results: mail.example.gov.tr; dkim=pass header.d=ghgm.example.gov.tr;\r\n"
    "\tdmarc=pass header.from=ghgm.example.gov.tr\r\n"
)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "samples" / "intake.yml")


def mail(
    body: str | bytes,
    subject: str = "HAFTALIK PLAN",
    *,
    headers: str = AUTH,
    sender: str = "GHGM <sosyalmedya@ghgm.example.gov.tr>",
    content_type: str = "text/plain; charset=utf-8",
    extra_parts: list[tuple[str, bytes]] | None = None,
    message_id: str = "<unit-1@ghgm.example.gov.tr>",
) -> bytes:
    head = (
        f"{headers}From: {sender}\r\nTo: sosyalmedya@example.gov.tr\r\n"
        f"Subject: {Header(subject, 'utf-8').encode()}\r\nDate: Thu, 26 Nov 2026 10:15:00 +0300\r\n"
        f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
    )
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not extra_parts:
        return (
            head + f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode() + data
    out = (
        head + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + data
    for part_head, part_data in extra_parts:
        out += b"\r\n--b\r\n" + part_head.encode() + b"\r\n\r\n" + part_data
    return out + b"\r\n--b--\r\n"


# ---- dates and times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("02.12.2026", date(2026, 12, 2)),
        ("2.12.2026", date(2026, 12, 2)),
        ("2/12/2026", date(2026, 12, 2)),
        ("2026-12-02", date(2026, 12, 2)),
        ("2 Aralık 2026", date(2026, 12, 2)),
        ("2 ARALIK 2026", date(2026, 12, 2)),
        ("2 aralik 2026", date(2026, 12, 2)),
        ("2 Aralık 2026 Çarşamba", date(2026, 12, 2)),
        ("Çarşamba, 2 Aralık 2026", date(2026, 12, 2)),
        ("02.12.2026 ÇARŞAMBA", date(2026, 12, 2)),
        ("2 Aralık", date(2026, 12, 2)),
        ("5 Ocak", date(2027, 1, 5)),  # no year: the date nearest the mail
        ("02.12.26", date(2026, 12, 2)),
        ("1 Şubat 2027", date(2027, 2, 1)),
        ("29 Ağustos 2026", date(2026, 8, 29)),
        ("4 December 2026", date(2026, 12, 4)),
    ],
)
def test_dates(written: str, expected: date) -> None:
    assert parse_date(written, REF) == expected


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        (
            "31.02.2026",
            "Tarih “31.02.2026” okunamadı. Tarihi GG.AA.YYYY biçiminde yazın, örneğin 02.12.2026.",
        ),
        ("2 Aralık 2026 Salı", "ile gün uyuşmuyor: 02.12.2026 bir Çarşamba günü"),
        ("yarın", "Tarih “yarın” okunamadı."),
        ("02.12.2062", "yılı (2062) yanlış görünüyor"),
        ("13.13.2026", "okunamadı"),
        ("", "Tarih boş."),
    ],
)
def test_bad_dates(written: str, fragment: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_date(written, REF)
    assert info.value.code == "bad-date"
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("10:30", "10:30"),
        ("10.30", "10:30"),
        ("9:05", "09:05"),
        ("00:00", "00:00"),
        ("23:59", "23:59"),
    ],
)
def test_times(written: str, expected: str) -> None:
    assert parse_time(written) == expected


@pytest.mark.parametrize("written", ["25:70", "24:00", "9", "10:3", "saat on", "10:30:00"])
def test_bad_times(written: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_time(written)
    assert info.value.code == "bad-time"
    assert "Saati SS:DD biçiminde yazın, örneğin 10:30." in info.value.message


# ---- platforms, tags, field names ---------------------------------------------------------------


def test_platform_names_are_normalised() -> None:
    assert platforms_of("Twitter, İnstagram ve fb / yt") == (
        ["X", "Instagram", "Facebook", "YouTube"],
        [],
    )
    assert platforms_of(
        "x, X (Twitter), INSTA, Linkedin, tik tok, N Sosyal, threads, WhatsApp"
    ) == (["X", "Instagram", "LinkedIn", "TikTok", "NSosyal", "Threads", "WhatsApp"], [])
    assert platforms_of("Facebook and Myspace") == (["Facebook"], ["Myspace"])


def test_tags() -> None:
    assert tags_of("#gençlik, #Kamp, spor") == ["gençlik", "Kamp", "spor"]
    assert tags_of("#gençlik #kamp") == ["gençlik", "kamp"]


@pytest.mark.parametrize(
    "name", ["Bağlantı", "BAĞLANTI", "baglanti", "bağlanti", "BAGLANTI", "Link", "URL"]
)
def test_link_field_names_fold(name: str) -> None:
    assert field_of(name) == "link"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("TARİH", "date"),
        ("tarih", "date"),
        ("Date", "date"),
        ("SAAT", "time"),
        ("Platformlar", "platforms"),
        ("PLATFORMS", "platforms"),
        ("Başlık", "topic"),
        ("BAŞLIK", "topic"),
        ("Konu", "topic"),
        ("Title", "topic"),
        ("İÇERİK", "text"),
        ("Metin", "text"),
        ("Etiketler", "tags"),
        ("Hashtag", "tags"),
        ("Görsel", "images"),
        ("GÖRSEL", "images"),
        ("Hafta", "week"),
        ("Tür", "type"),
        ("TÜR", "type"),
        ("Paylaşım", "reshare"),
    ],
)
def test_field_names(name: str, key: str) -> None:
    assert field_of(name) == key


def test_unknown_line_continues_previous_field_and_repeat_starts_item() -> None:
    result = split_items(
        "Konu: Bir\nMetin: ilk satır\nikinci satır\n\nyeni paragraf\nKonu: İki\nNot: devam\n"
    )
    assert len(result.items) == 2
    first, second = result.items
    assert first.fields["text"].continued == ["ikinci satır", "", "yeni paragraf"]
    assert second.fields["topic"].text == "İki"
    assert second.fields["topic"].continued == ["Not: devam"]


# ---- one post per line ------------------------------------------------------------------------------


def test_one_post_per_line_full() -> None:
    item = line_item(
        "1. 02.12.2026 10:30 X, Instagram – Gençlik kampları başvuruları başladı", 3, REF
    )
    assert item is not None
    assert {k: v.text for k, v in item.fields.items()} == {
        "date": "02.12.2026",
        "time": "10:30",
        "platforms": "X, Instagram",
        "topic": "Gençlik kampları başvuruları başladı",
    }
    assert item.line == 3


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("- 02.12.2026 – Yurt anketi", {"date": "02.12.2026", "topic": "Yurt anketi"}),
        (
            "• 2 Aralık 2026 Çarşamba X: Spor",
            {"date": "2 Aralık 2026 Çarşamba", "platforms": "X", "topic": "Spor"},
        ),
        (
            "3) 2026-12-05 saat 14.00 YouTube - Röportaj",
            {"date": "2026-12-05", "time": "14.00", "platforms": "YouTube", "topic": "Röportaj"},
        ),
        (
            "- 02.12.2026 Gençlik kampı – başvurular",
            {"date": "02.12.2026", "topic": "Gençlik kampı – başvurular"},
        ),
        (
            "02.12.2026 X – Başlıksız madde",
            {"date": "02.12.2026", "platforms": "X", "topic": "Başlıksız madde"},
        ),
    ],
)
def test_one_post_per_line_variants(line: str, fields: dict[str, str]) -> None:
    item = line_item(line, 1, REF)
    assert item is not None
    assert {k: v.text for k, v in item.fields.items()} == fields


def test_one_post_per_line_rejects_non_dates() -> None:
    assert line_item("1. Merhaba, planımız aşağıda", 1, REF) is None
    assert line_item("2 kişi katılacak", 1, REF) is None
    # Regression (demo mailbox): prose that starts with a date is not a post.
    assert line_item("5 Aralık Dünya Gönüllüler Günü için içerik öneriyoruz.", 1, REF) is None
    assert line_item("02.12.2026 tarihinde yapılacak etkinlik: gençlik buluşması", 1, REF) is None


def test_line_form_accepted_end_to_end(config: Config) -> None:
    body = (
        "Merhaba,\n\n1. 02.12.2026 10:30 X, Instagram – Gençlik kampları başvuruları başladı\n"
        "2. 03.12.2026 Facebook – Gönüllülük buluşması\n\nSaygılarımla\n"
    )
    out = receive(mail(body), config, arrived=ARRIVED)
    assert out.outcome == "accepted", out.problems
    assert out.submission is not None
    assert [(i.date, i.time, i.platforms, i.topic) for i in out.submission.items] == [
        (date(2026, 12, 2), "10:30", ("X", "Instagram"), "Gençlik kampları başvuruları başladı"),
        (date(2026, 12, 3), None, ("Facebook",), "Gönüllülük buluşması"),
    ]


# ---- quoted trails, signatures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "trail",
    [
        "26 Kas 2026 Per, 09:12 tarihinde Ali <ali@example.gov.tr> şunu yazdı:",
        "On Thu, Nov 26, 2026 at 9:12 AM Ali <ali@example.gov.tr> wrote:",
        "-----Original Message-----",
        "-----Özgün İleti-----",
        "Ali Veli <ali@example.gov.tr> şunu yazdı:",
        '26.11.2026, 09:12, "Ali Veli" <ali@example.gov.tr>:',
        "Kimden: Ali\nGönderme tarihi: 26 Kasım 2026\nKime: Biz",
        "________________________________\nKimden: Ali\nGönderildi: 26 Kasım 2026 Perşembe 09:12\nKime: Biz",
        "From: Ali\nSent: Thursday, November 26, 2026 9:12 AM\nTo: Biz\nSubject: Plan",
        "Kimden: Ali\nTarih: 26.11.2026\nKime: Biz\nKonu: Plan",
        "-- \nElif Yıldırım",
        "Saygılarımla,\nElif",
        "iPhone'umdan gönderildi",
        "Sent from my iPhone",
        "iOS için Outlook edinin",
        "UYARI: Bu e-posta gizlidir.",
        "Bu e-posta mesajı ve ekleri gizlidir.",
        "This e-mail and any attachments are confidential.",
    ],
)
def test_trails_are_cut(trail: str) -> None:
    text = f"Konu: Yeni\nTarih: 02.12.2026\n\n{trail}\nKonu: Eski\nTarih: 01.12.2026\n"
    assert strip_quoted(text) == "Konu: Yeni\nTarih: 02.12.2026"


def test_quoted_lines_blank_but_keep_line_numbers() -> None:
    assert (
        strip_quoted("> eski\nKonu: Yeni\n> eski 2\nTarih: 02.12.2026")
        == "\nKonu: Yeni\n\nTarih: 02.12.2026"
    )


def test_forward_header_block_is_dropped_but_content_kept() -> None:
    text = (
        "---------- Forwarded message ---------\nFrom: Ali <ali@example.gov.tr>\nDate: Per, 26 Kas 2026\n"
        "Subject: Plan\nTo: <biz@example.gov.tr>\n\nKonu: İletilen\n"
    )
    assert strip_quoted(text).strip() == "Konu: İletilen"


# ---- types and automation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("HAFTALIK PLAN", "plan"),
        ("Paylaşım Planı", "plan"),
        ("PAYLAŞIM PLANI - 49. hafta", "plan"),
        ("haftalik plan", "plan"),
        ("Weekly plan", "plan"),
        ("İçerik Önerisi", "proposal"),
        ("İÇERİK ÖNERİSİ: kamp", "proposal"),
        ("icerik onerisi", "proposal"),
        ("Proposal", "proposal"),
        ("DUYURU", "announcement"),
        ("Etkinlik: Gençlik Haftası", "announcement"),
        ("ETKİNLİK", "announcement"),
        ("Tanıtım", "announcement"),
        ("Announcement", "announcement"),
        ("Event", "announcement"),
        ("PAYLAŞIM BİLDİRİMİ", "reshare"),
        ("paylasim bildirimi", "reshare"),
        ("Reshare report", "reshare"),
        ("Ynt: RE: Fwd: İlt: duyuru", "announcement"),
        ("RE: PAYLAŞIM BİLDİRİMİ", "reshare"),
        ("Gençlik kampı", None),
        ("Bilgi", None),
    ],
)
def test_type_from_subject(subject: str, kind: str | None) -> None:
    assert type_of(subject) == kind


@pytest.mark.parametrize(
    ("subject", "auto"),
    [
        ("Otomatik yanıt: HAFTALIK PLAN", True),
        ("OTOMATİK YANIT", True),
        ("Ofis Dışında: plan", True),
        ("Out of Office: plan", True),
        ("Automatic reply: plan", True),
        ("HAFTALIK PLAN", False),
        ("RE: Otomatik yanıt: plan", True),
        ("Tatil dönemi paylaşım planı", False),
        ("Yıllık izin duyurusu", False),
        ("Vacation camp event", False),
        ("[AUTO GENERATED] Haftalık plan", True),
        ("HAFTALIK PLAN - Otomatik yanıt", True),
        ("Yanıt otomatik: HAFTALIK PLAN", True),
        ("RE: Plan (Out of Office)", True),
        ("Haftalık plan - Automatic reply", True),
        ("Otomatik paylaşım planı", False),
        ("Ofiste otomasyon semineri duyurusu", False),
    ],
)
def test_auto_reply_subjects(subject: str, auto: bool) -> None:
    assert is_auto_subject(subject) is auto


def test_x_auto_response_suppress_alone_is_human(config: Config) -> None:
    raw = mail(
        "Tarih: 02.12.2026\nKonu: İnsan\n", headers=AUTH + "X-Auto-Response-Suppress: All\r\n"
    )
    assert receive(raw, config, arrived=ARRIVED).outcome == "accepted"


# ---- charsets, HTML, images ------------------------------------------------------------------------------

TURKISH = "Işık ğüşiöç İĞÜŞÖÇ"


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (TURKISH.encode("utf-8"), "utf-8"),
        (TURKISH.encode("cp1254"), "windows-1254"),
        (TURKISH.encode("iso-8859-9"), "iso-8859-9"),
        (TURKISH.encode("cp1254"), "us-ascii"),
        (TURKISH.encode("cp1254"), "iso-8859-1"),
        (TURKISH.encode("cp1254"), None),
        (TURKISH.encode("utf-8"), None),
        (TURKISH.encode("utf-8"), "iso-8859-1"),
        (TURKISH.encode("cp1254"), "utf-8"),
        (TURKISH.encode("utf-8"), "x-no-such-charset"),
    ],
)
def test_charsets(data: bytes, declared: str | None) -> None:
    assert decode_bytes(data, declared) == TURKISH


def test_html_table_rows_become_tab_lines() -> None:
    text, cids = html_to_text(
        "<p>Plan:</p><table><tr><th>Tarih</th><th>Konu</th></tr>"
        "<tr><td>02.12.2026</td><td>Kamp &amp; spor</td></tr></table>"
        "<blockquote>eski</blockquote><img src='cid:logo1'>"
    )
    assert text == "Plan:\nTarih\tKonu\n02.12.2026\tKamp & spor"
    assert cids == ["logo1"]


def test_html_drops_outlook_trail_and_scripts() -> None:
    text, _ = html_to_text(
        "<div>Konu: Yeni</div><script>x()</script><style>p{}</style>"
        "<div id='appendonsend'></div><hr><div id='divRplyFwdMsg'>Kimden: A</div><p>Konu: Eski</p>"
    )
    assert text == "Konu: Yeni"


def test_image_types_by_magic_bytes() -> None:
    assert image_ext(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert image_ext(b"\x89PNG\r\n\x1a\nrest") == "png"
    assert image_ext(b"GIF89a...") == "gif"
    assert image_ext(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert image_ext(b"%PDF-1.7") is None
    assert image_ext(b"<html>") is None


# ---- CSV and XLSX -----------------------------------------------------------------------------------------


def test_csv_windows_1254_semicolon_from_turkish_excel() -> None:
    data = "Tarih;Saat;Platform;Konu\r\n02.12.2026;10:30;X;Şırnak'ta gençlik şöleni\r\n".encode(
        "cp1254"
    )
    rows = read_csv(data)
    assert rows == [
        (1, ["Tarih", "Saat", "Platform", "Konu"]),
        (2, ["02.12.2026", "10:30", "X", "Şırnak'ta gençlik şöleni"]),
    ]
    items = rows_to_items(rows, "plan.csv")
    assert items is not None
    assert {k: v.text for k, v in items[0].fields.items()} == {
        "date": "02.12.2026",
        "time": "10:30",
        "platforms": "X",
        "topic": "Şırnak'ta gençlik şöleni",
    }


def test_csv_utf8_bom_comma_and_folded_header() -> None:
    rows = read_csv("\ufeffTARİH,BAŞLIK,BAĞLANTI\n2.12.2026,Kamp,https://a.example/\n".encode())
    items = rows_to_items(rows, "plan.csv")
    assert items is not None
    assert {k: v.text for k, v in items[0].fields.items()} == {
        "date": "2.12.2026",
        "topic": "Kamp",
        "link": "https://a.example/",
    }


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_with_real_dates_and_times(config: Config) -> None:
    from datetime import time as dtime

    data = xlsx_bytes(
        [
            ["Haftalık plan (başlık satırından önce bir başlık)"],
            ["Tarih", "Saat", "Platformlar", "Konu", "Etiketler"],
            [
                datetime(2026, 12, 2),
                dtime(10, 30),
                "X, Instagram",
                "Excel tarihli öğe",
                "kamp, spor",
            ],
            ["03.12.2026", "14.00", "LinkedIn", "Metin tarihli öğe", None],
            [None, None, None, None, None],
        ]
    )
    assert read_xlsx(data)[2] == (
        3,
        ["2026-12-02", "10:30", "X, Instagram", "Excel tarihli öğe", "kamp, spor"],
    )
    raw = mail(
        "Plan ektedir.\n",
        extra_parts=[
            (
                'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="plan.xlsx"\r\n'
                'Content-Disposition: attachment; filename="plan.xlsx"\r\nContent-Transfer-Encoding: base64',
                __import__("base64").encodebytes(data),
            )
        ],
    )
    out = receive(raw, config, arrived=ARRIVED)
    assert out.outcome == "accepted", out.problems
    assert out.submission is not None
    assert [(i.date, i.time, i.platforms, i.topic, i.tags) for i in out.submission.items] == [
        (date(2026, 12, 2), "10:30", ("X", "Instagram"), "Excel tarihli öğe", ("kamp", "spor")),
        (date(2026, 12, 3), "14:00", ("LinkedIn",), "Metin tarihli öğe", ()),
    ]


def test_xlsx_problem_names_file_and_row(config: Config) -> None:
    data = xlsx_bytes([["Tarih", "Konu"], ["31.02.2026", "Olmayan gün"]])
    raw = mail(
        "Plan ektedir.\n",
        extra_parts=[
            (
                'Content-Type: application/octet-stream; name="plan.xlsx"\r\n'
                'Content-Disposition: attachment; filename="plan.xlsx"\r\nContent-Transfer-Encoding: base64',
                __import__("base64").encodebytes(data),
            )
        ],
    )
    out = receive(raw, config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("rejected", "bad-date")
    assert [str(p) for p in out.problems] == [
        "1. öğe, “Tarih” alanı: plan.xlsx dosyası, satır 2: Tarih “31.02.2026” okunamadı. "
        "Tarihi GG.AA.YYYY biçiminde yazın, örneğin 02.12.2026."
    ]


# ---- outcomes that fixtures cannot show ------------------------------------------------------------------


def test_too_large(config: Config) -> None:
    small = dataclasses.replace(
        config, limits=dataclasses.replace(config.limits, max_message_bytes=500)
    )
    raw = mail("Tarih: 02.12.2026\nKonu: " + "uzun " * 200 + "\n")
    out = receive(raw, small, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("quarantined", "too-large")
    assert str(len(raw)) in out.detail


def test_oversized_image_is_noted_not_published(config: Config) -> None:
    small = dataclasses.replace(
        config, limits=dataclasses.replace(config.limits, max_image_bytes=1000)
    )
    image = b"\xff\xd8\xff\xe0" + b"\x00" * 5000
    raw = mail(
        "Tarih: 02.12.2026\nKonu: Büyük görsel\n",
        extra_parts=[
            (
                'Content-Type: image/jpeg; name="afiş.jpg"\r\nContent-Disposition: attachment; '
                'filename="afis.jpg"\r\nContent-Transfer-Encoding: base64',
                __import__("base64").encodebytes(image),
            )
        ],
    )
    out = receive(raw, small, arrived=ARRIVED)
    assert out.outcome == "accepted"
    assert out.attachments == ()
    assert out.notes == ("afis.jpg yayımlanmadı: görsel 1000 bayt sınırından büyük.",)


def test_parser_error_is_quarantined_with_the_exception(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intake.parse

    def boom(*args: object) -> None:
        raise RuntimeError("boom in the parser")

    monkeypatch.setattr(intake.parse, "receive_message", boom)
    out = receive(b"From: x\r\n\r\n", config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("quarantined", "parser-error")
    assert out.detail == "parser error: RuntimeError: boom in the parser"


def test_require_none_skips_authentication(config: Config) -> None:
    lax = dataclasses.replace(
        config, authentication=dataclasses.replace(config.authentication, require="none")
    )
    raw = mail("Tarih: 02.12.2026\nKonu: Doğrulamasız\n", headers="")
    assert receive(raw, config, arrived=ARRIVED).reason == "auth-failed"
    assert receive(raw, lax, arrived=ARRIVED).reason == "ok"


def test_require_dkim_and_spf(config: Config) -> None:
    dkim = dataclasses.replace(
        config, authentication=dataclasses.replace(config.authentication, require="dkim")
    )
    spf = dataclasses.replace(
        config, authentication=dataclasses.replace(config.authentication, require="spf")
    )
    raw = mail("Tarih: 02.12.2026\nKonu: DKIM\n")  # dkim=pass, no spf result
    assert receive(raw, dkim, arrived=ARRIVED).reason == "ok"
    assert receive(raw, spf, arrived=ARRIVED).reason == "auth-failed"


def test_id_is_stable_and_depends_on_message_id(config: Config) -> None:
    a = receive(mail("Tarih: 02.12.2026\nKonu: A\n"), config, arrived=ARRIVED)
    b = receive(
        mail("Tarih: 02.12.2026\nKonu: A\n"), config, arrived=datetime(2026, 11, 27, tzinfo=TZ)
    )
    c = receive(
        mail("Tarih: 02.12.2026\nKonu: A\n", message_id="<other@x>"), config, arrived=ARRIVED
    )
    assert a.submission is not None and b.submission is not None and c.submission is not None
    assert (
        a.submission.id
        == b.submission.id
        == "2026-w49-ghgm-plan-"
        + __import__("hashlib").sha256(b"<unit-1@ghgm.example.gov.tr>").hexdigest()[:8]
    )
    assert c.submission.id != a.submission.id


def test_week_field_overrides_dates_and_bad_week_is_a_problem(config: Config) -> None:
    out = receive(mail("Hafta: 2026-W50\nTarih: 02.12.2026\nKonu: A\n"), config, arrived=ARRIVED)
    assert out.submission is not None and out.submission.week == "2026-W50"
    out = receive(mail("Hafta: 60\nTarih: 02.12.2026\nKonu: A\n"), config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("rejected", "bad-date")
    assert [p.field for p in out.problems] == ["Hafta"]


def test_status_by_type(config: Config) -> None:
    statuses = {}
    for subject in ("HAFTALIK PLAN", "İÇERİK ÖNERİSİ", "DUYURU", "PAYLAŞIM BİLDİRİMİ"):
        out = receive(mail("Tarih: 02.12.2026\nKonu: A\n", subject), config, arrived=ARRIVED)
        assert out.submission is not None
        statuses[out.submission.type] = out.submission.status
    assert statuses == {
        "plan": "received",
        "proposal": "pending",
        "announcement": "pending",
        "reshare": "received",
    }


def test_received_is_the_date_header_when_plausible(config: Config) -> None:
    out = receive(mail("Tarih: 02.12.2026\nKonu: A\n"), config, arrived=ARRIVED)
    assert out.submission is not None
    assert out.submission.received == datetime(2026, 11, 26, 10, 15, tzinfo=TZ)
    late = datetime(2027, 3, 1, 9, 0, tzinfo=TZ)  # the Date header is 95 days before arrival
    out = receive(mail("Konu: A\n", "DUYURU"), config, arrived=late)
    assert out.submission is not None and out.submission.received == late


def test_regression_3000_nested_multiparts_is_too_complex_not_parser_error(config: Config) -> None:
    head = (
        AUTH + "From: <sosyalmedya@ghgm.example.gov.tr>\r\nSubject: HAFTALIK PLAN\r\n"
        "MIME-Version: 1.0\r\n"
    ).encode()
    body = b"".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode()
        for i in range(3000)
    )
    out = receive(head + body, config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("quarantined", "too-complex")


def test_regression_outlook_text_of_a_table_falls_back_to_html(config: Config) -> None:
    """Outlook writes each table cell on its own line in text/plain: read the HTML table instead."""
    html = "<table><tr><td>Tarih</td><td>Konu</td></tr><tr><td>02.12.2026</td><td>Kamp</td></tr></table>"
    raw = mail(
        "Tarih\n\nKonu\n\n02.12.2026\n\nKamp\n",
        content_type="text/plain; charset=utf-8",
        extra_parts=[("Content-Type: text/html; charset=utf-8", html.encode())],
    )
    raw = raw.replace(b"multipart/mixed", b"multipart/alternative")
    out = receive(raw, config, arrived=ARRIVED)
    assert out.outcome == "accepted", out.problems
    assert out.submission is not None
    assert [(i.date, i.topic) for i in out.submission.items] == [(date(2026, 12, 2), "Kamp")]


@pytest.mark.parametrize(
    ("header", "address"),
    [
        ("Ayşe Demir <egitim@example.gov.tr>", "egitim@example.gov.tr"),
        ('"Demir, Ayşe" <egitim@example.gov.tr>', "egitim@example.gov.tr"),
        ("=?utf-8?q?Demir=2C_Ay=C5=9Fe?= <egitim@example.gov.tr>", "egitim@example.gov.tr"),
        ("=?windows-1254?q?Ay=FEe_Demir?= <EGITIM@example.gov.tr>", "egitim@example.gov.tr"),
        ("egitim@example.gov.tr", "egitim@example.gov.tr"),
        ("<egitim@example.gov.tr>", "egitim@example.gov.tr"),
        ("egitim@example.gov.tr (Ayşe Demir)", "egitim@example.gov.tr"),
        ("Ayşe <egitim@example.gov.tr>, <x@y.example>", None),
        ('"a@b.example" <egitim@example.gov.tr>', None),
        ("egitim@example.gov.tr <x@evil.example>", None),
        ("<egitim@example.gov.tr", None),
        ("egitim@example.gov.tr@evil.example", None),
        ('"egitim@example.gov.tr"@evil.example', None),
        ("", None),
    ],
)
def test_from_is_read_strictly(header: str, address: str | None) -> None:
    from intake.parse.mime import parse_message
    from intake.parse.sender import from_address

    msg = parse_message(f"From: {header}\r\nSubject: x\r\n\r\nbody".encode())
    assert from_address(msg)[0] == address


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("02-12-2026", date(2026, 12, 2)),
        ("2.12", date(2026, 12, 2)),
        ("02/12", date(2026, 12, 2)),
        ("3.1", date(2027, 1, 3)),
        ("46358", date(2026, 12, 2)),  # an Excel date serial from a cell without a date format
    ],
)
def test_more_date_forms(written: str, expected: date) -> None:
    assert parse_date(written, REF) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("14:00-16:00", "14:00"),
        ("14.00 – 16.00", "14:00"),
        ("14.00'te", "14:00"),
        ("9.05’de", "09:05"),
        ("saat 10:30", "10:30"),
        ("10:30 (TSİ)", "10:30"),
    ],
)
def test_lenient_times(written: str, expected: str) -> None:
    assert parse_time(written) == expected


@pytest.mark.parametrize(
    ("written", "week"),
    [
        ("2026-W50", "2026-W50"),
        ("2026-w50", "2026-W50"),
        ("2026 W50", "2026-W50"),
        ("W50", "2026-W50"),
        ("50", "2026-W50"),
        ("50. hafta", "2026-W50"),
        ("50. Hafta (7-13 Aralık)", "2026-W50"),
        ("50 (2026)", "2026-W50"),
    ],
)
def test_week_forms(written: str, week: str, config: Config) -> None:
    out = receive(mail(f"Hafta: {written}\nTarih: 09.12.2026\nKonu: A\n"), config, arrived=ARRIVED)
    assert out.submission is not None, out.problems
    assert out.submission.week == week


@pytest.mark.parametrize("written", ["60", "2026-W60", "yarın", "49-50"])
def test_bad_weeks(written: str, config: Config) -> None:
    out = receive(mail(f"Hafta: {written}\nTarih: 09.12.2026\nKonu: A\n"), config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("rejected", "bad-date")


def test_item_headings_start_items() -> None:
    result = split_items(
        "1. Paylaşım\nTarih: 02.12.2026\nKonu: A\nMetin: uzun\n\n2. Paylaşım\nKonu: B\n"
        "Paylaşım 3:\nKonu: C\nÖĞE 4\nKonu: D\n"
    )
    assert [i.fields["topic"].text for i in result.items] == ["A", "B", "C", "D"]
    assert result.items[0].fields["text"].continued == [""]


@pytest.mark.parametrize(
    ("written", "link"),
    [
        ("https://a.example/x", "https://a.example/x"),
        (
            "https://a.example/x<https://a.example/x>",
            "https://a.example/x",
        ),  # Outlook's text of a link
        ("Sınav sayfası <https://a.example/s>", "https://a.example/s"),  # Gmail's text of a link
        ("<https://a.example/y>.", "https://a.example/y"),
        (
            "https://a.example/<script>alert(1)</script>",
            "https://a.example/",
        ),  # the address ends at "<"
    ],
)
def test_links(written: str, link: str, config: Config) -> None:
    out = receive(mail(f"Konu: A\nBağlantı: {written}\n", "DUYURU"), config, arrived=ARRIVED)
    assert out.submission is not None, out.problems
    assert out.submission.items[0].link == link


@pytest.mark.parametrize(
    "written",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)//https://a.example",
        "data:text/html;base64,PHNjcmlwdD4=",
        "www.gsb.gov.tr",
        "ftp://a.example/",
    ],
)
def test_bad_links(written: str, config: Config) -> None:
    out = receive(mail(f"Konu: A\nBağlantı: {written}\n", "DUYURU"), config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("rejected", "bad-link")


def test_regression_unclosed_head_does_not_hide_the_body() -> None:
    assert html_to_text("<head><title>Plan</title><body><p>Konu: A</p>")[0] == "Konu: A"


def test_outlook_html_list_paragraphs_read_as_lines() -> None:
    html = (
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>"
        "&nbsp;&nbsp; </span></span><![endif]>02.12.2026 10:30 X – Kamp<o:p></o:p></p>"
    )
    text = html_to_text(html)[0]
    item = line_item(text, 1, REF)
    assert item is not None and item.fields["topic"].text == "Kamp"


# ---- regressions found by fuzzing the fixtures --------------------------------------------------------


def test_regression_nul_in_charset_parameter(config: Config) -> None:
    raw = mail(
        b"Tarih: 02.12.2026\nKonu: \xc4\xb0zmir\n", content_type='text/plain; charset="ut\x00f-8"'
    )
    out = receive(raw, config, arrived=ARRIVED)
    assert out.outcome == "accepted", out.detail
    assert out.submission is not None and out.submission.items[0].topic == "İzmir"


def test_regression_8bit_content_id_header(config: Config) -> None:
    raw = mail(
        "Tarih: 02.12.2026\nKonu: A\n",
        extra_parts=[
            (
                "Content-Type: image/png\r\nContent-ID: <görsel\xc4@x>\r\nContent-Transfer-Encoding: base64",
                __import__("base64").encodebytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
            )
        ],
    )
    assert receive(raw, config, arrived=ARRIVED).outcome == "accepted"


def test_regression_base64_with_spaces_inside_lines(config: Config) -> None:
    body = (
        __import__("base64")
        .b64encode("Tarih: 02.12.2026\nKonu: Boşluklu base64\n".encode())
        .decode()
    )
    spaced = body[:10] + " " + body[10:21] + "\r\n" + body[21:]
    raw = mail(spaced.encode()).replace(
        b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: base64"
    )
    out = receive(raw, config, arrived=ARRIVED)
    assert out.submission is not None and out.submission.items[0].topic == "Boşluklu base64"


def test_regression_control_character_inside_a_link(config: Config) -> None:
    out = receive(
        mail("Konu: A\nBağlantı: https://a.example/x\x96y\n", "DUYURU"), config, arrived=ARRIVED
    )
    assert out.submission is not None
    assert out.submission.items[0].link == "https://a.example/xy"  # control characters are dropped


@pytest.mark.parametrize(
    "charset", ["quoted-printable", "zlib", "base64", "rot13", "hex", "x-unknown"]
)
def test_regression_non_text_codec_as_charset(charset: str) -> None:
    assert decode_bytes("Işık".encode(), charset) == "Işık"
    assert decode_bytes("Işık".encode("cp1254"), charset) == "Işık"


def test_table_row_with_one_filled_cell_is_reported_not_dropped(config: Config) -> None:
    out = receive(
        mail("Tarih\tSaat\tKonu\n02.12.2026\t10:00\tKamp\n\t\tTarihsiz satır\n"),
        config,
        arrived=ARRIVED,
    )
    assert (out.outcome, out.reason) == ("rejected", "missing-field")
    assert [(p.item, p.field, p.line) for p in out.problems] == [(2, "Tarih", 3)]


def test_tab_indented_text_continues_the_field() -> None:
    result = split_items("Konu: A\nMetin: ilk\n\tgirintili devam\n")
    assert result.items[0].fields["text"].continued[0] == "\tgirintili devam"
    assert result.table_rows == []


def test_empty_mail_with_a_word_file_says_it_is_not_read(config: Config) -> None:
    raw = mail(
        "Merhaba,\n\nPlanımız ektedir.\n\nSaygılarımla\n",
        extra_parts=[
            (
                'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="plan.docx"\r\n'
                'Content-Disposition: attachment; filename="plan.docx"\r\nContent-Transfer-Encoding: base64',
                __import__("base64").encodebytes(b"PK\x03\x04docx"),
            )
        ],
    )
    out = receive(raw, config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("rejected", "empty")
    assert out.problems[0].message.endswith(
        "Ekteki plan.docx okunmaz; planı e-postanın içine yazın ya da sitedeki CSV/XLSX şablonuyla gönderin."
    )
    assert out.notes == (
        "plan.docx yayımlanmadı: yalnızca JPEG, PNG, WebP ve GIF görseller yayımlanır.",
    )


def test_reason_table_documents_every_code() -> None:
    from intake.parse import reasons as r

    assert r.__doc__ is not None
    documented = set()
    for line in r.__doc__.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[2] and cells[2] != "reason" and not cells[2].startswith("-"):
            documented.add(cells[2])
    assert documented == set(r.ALL)
    assert len(r.ALL) == len(set(r.ALL))


def test_office_page_has_a_turkish_label_for_every_kept_reason() -> None:
    from intake.parse import reasons as r
    from intake.render.directory import REASONS

    assert set(r.QUARANTINED) | set(r.REJECTED) <= set(REASONS)


def test_a_huge_body_is_read_in_bounded_time(config: Config) -> None:
    import time

    body = "Konu: Uzun\nMetin: " + ("Gençlik kampı başladı ve devam ediyor. " * 40 + "\n") * 8000
    start = time.perf_counter()
    out = receive(mail(body, "DUYURU"), config, arrived=ARRIVED)
    assert time.perf_counter() - start < 10
    assert out.submission is not None
    assert len(out.submission.items[0].text) == 10_000  # capped


def test_the_same_plan_file_attached_twice_counts_once(config: Config) -> None:
    data = "Tarih;Konu\r\n02.12.2026;Tek satır\r\n".encode("cp1254")
    part = (
        'Content-Type: text/csv; name="plan.csv"\r\nContent-Disposition: attachment; filename="plan.csv"\r\n'
        "Content-Transfer-Encoding: base64",
        __import__("base64").encodebytes(data),
    )
    out = receive(mail("Plan ektedir.\n", extra_parts=[part, part]), config, arrived=ARRIVED)
    assert out.submission is not None
    assert [i.topic for i in out.submission.items] == ["Tek satır"]
