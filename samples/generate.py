#!/usr/bin/env python3
"""Write the demo mailbox ``samples/mailbox`` (a Maildir) and ``samples/expected.yml``.

Run once, commit the output: ``python samples/generate.py``. The output is deterministic: the
same script writes the same bytes (fixed Message-IDs, MIME boundaries, dates and Maildir file
names; no clock, no randomness). Only the standard library and openpyxl are needed.

The mail is what the units of a Ministry of Youth and Sports really send to one intake address
over three ISO weeks (2026-W48, W49, W50), in the shapes of the clients people use: Outlook
(text + Word HTML, a Turkish ``Kimden:/Gönderildi:`` reply block, windows-1254), Gmail
(``… tarihinde … şunu yazdı:``), iPhone Mail (quoted-printable, ``iPhone'umdan gönderildi``) and
Thunderbird (``format=flowed``, ``-- `` signature). A few must not be accepted.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import quopri
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAILDIR = HERE / "mailbox"
ATTACH = HERE / "attachments"
TZ = timezone(timedelta(hours=3))  # Türkiye: UTC+3 all year
INTAKE = "sosyalmedya@example.gov.tr"
INTAKE_NAME = "Sosyal Medya Koordinasyon"
SERVER = "mail.example.gov.tr"

MONTHS_TR = (
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
)
DAYS_TR = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# --------------------------------------------------------------------------------------------
# Senders
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    unit: str | None  # unit id in samples/intake.yml, None for an unknown sender
    address: str
    display: str
    signature: str  # plain-text signature lines (without the "-- " separator)
    ip: str

    @property
    def domain(self) -> str:
        return self.address.split("@", 1)[1]


DISCLAIMER = (
    "UYARI: Bu e-posta ve ekleri yalnızca gönderildiği kişi ya da kuruma özeldir ve gizli "
    "bilgiler içerebilir. Alıcısı değilseniz lütfen gönderene bildirip iletiyi siliniz. "
    "E-posta içeriğindeki görüşler Bakanlığımızın resmî görüşü olmayabilir."
)

S = {
    "ghgm": Sender(
        "ghgm",
        "sosyalmedya@ghgm.example.gov.tr",
        "GHGM Sosyal Medya",
        "Elif Yıldırım\nBasın ve Sosyal Medya Sorumlusu\nGençlik Hizmetleri Genel Müdürlüğü\n"
        "T: +90 312 596 61 10",
        "10.21.4.17",
    ),
    "shgm": Sender(
        "shgm",
        "basin@shgm.example.gov.tr",
        "SHGM Basın",
        "Murat Aksoy\nHalkla İlişkiler Şube Müdürü\nSpor Hizmetleri Genel Müdürlüğü\n"
        "Tel: 0312 596 62 20",
        "10.22.8.5",
    ),
    "shgm2": Sender(
        "shgm",
        "sosyalmedya@shgm.example.gov.tr",
        "SHGM Sosyal Medya",
        "Murat Aksoy\nHalkla İlişkiler Şube Müdürü\nSpor Hizmetleri Genel Müdürlüğü",
        "10.22.8.5",
    ),
    "kygm": Sender(
        "kygm",
        "iletisim@kygm.example.gov.tr",
        "KYGM İletişim",
        "Zeynep Kaya\nSosyal Medya Uzmanı\nYükseköğrenim Kredi ve Yurtlar Genel Müdürlüğü",
        "10.23.1.40",
    ),
    "diab": Sender(
        "diab",
        "dis.iliskiler@example.gov.tr",
        "Can Öztürk",
        "Can Öztürk\nUzman | Dış İlişkiler ve Avrupa Birliği Dairesi Başkanlığı",
        "10.20.3.11",
    ),
    "eakdb": Sender(
        "eakdb",
        "egitim@example.gov.tr",
        "Ayşe Demir",
        "Ayşe Demir\nŞube Müdürü\nEğitim, Araştırma ve Koordinasyon Dairesi Başkanlığı\n"
        "0312 596 65 50",
        "10.20.3.12",
    ),
    "pgm": Sender(
        "pgm",
        "personel.duyuru@example.gov.tr",
        "Personel GM Duyuru",
        "Hakan Şahin\nŞef\nPersonel Genel Müdürlüğü",
        "10.20.3.13",
    ),
    "ytdb": Sender("ytdb", "tesisler@example.gov.tr", "Gökhan Çelik", "", "10.20.3.14"),
    "bidb": Sender(
        "bidb",
        "bidb@example.gov.tr",
        "BİDB",
        "İrem Arslan\nSistem Uzmanı\nBilgi İşlem Dairesi Başkanlığı",
        "10.20.3.15",
    ),
    "rdb": Sender(
        "rdb",
        "rehberlik@example.gov.tr",
        "Serkan Doğan",
        "Serkan Doğan\nBaşmüfettiş\nRehberlik ve Denetim Başkanlığı",
        "10.20.3.16",
    ),
    "sgb": Sender(
        "sgb",
        "strateji@example.gov.tr",
        "Strateji Geliştirme Başkanlığı",
        "Derya Koç\nMali Hizmetler Uzmanı\nStrateji Geliştirme Başkanlığı\nTel: +90 312 596 70 00",
        "10.20.3.17",
    ),
    "stranger": Sender(
        None,
        "kirikkale.gsim.basin@gmail.com",
        "Kırıkkale GSİM Basın",
        "Kırıkkale Gençlik ve Spor İl Müdürlüğü\nBasın Birimi",
        "209.85.220.41",
    ),
}


# --------------------------------------------------------------------------------------------
# Encoding helpers (all deterministic)
# --------------------------------------------------------------------------------------------


def h(key: str, n: int = 16) -> str:
    """A stable hex string derived from ``key``."""
    return hashlib.sha256(key.encode()).hexdigest()[:n]


def rfc2822(when: datetime) -> str:
    return (
        f"{DAYS_EN[when.weekday()]}, {when.day} {MONTHS_EN[when.month - 1]} {when.year} "
        f"{when:%H:%M:%S} +0300"
    )


def tr_long(when: datetime) -> str:
    """Outlook's Turkish date: ``26 Kasım 2026 Perşembe 10:14``."""
    return (
        f"{when.day} {MONTHS_TR[when.month - 1]} {when.year} {DAYS_TR[when.weekday()]} {when:%H:%M}"
    )


def b_words(text: str, charset: str = "utf-8") -> str:
    """RFC 2047 B-encoded words, folded; each word encodes whole characters."""
    if text.isascii():
        return text
    words: list[str] = []
    chunk = ""
    for ch in text:
        if len((chunk + ch).encode(charset)) > 45:
            words.append(chunk)
            chunk = ""
        chunk += ch
    words.append(chunk)
    return "\n ".join(
        f"=?{charset}?B?{base64.b64encode(w.encode(charset)).decode()}?=" for w in words
    )


def q_words(text: str, charset: str) -> str:
    """RFC 2047 Q-encoded words (Outlook and Apple Mail use this), folded."""
    if text.isascii():
        return text
    words: list[str] = []
    cur = ""
    for ch in text:
        raw = ch.encode(charset)
        if ch == " ":
            enc = "_"
        elif ch.isascii() and (ch.isalnum() or ch in "!*+-/"):
            enc = ch
        else:
            enc = "".join(f"={b:02X}" for b in raw)
        if len(cur) + len(enc) > 60:
            words.append(cur)
            cur = ""
        cur += enc
    words.append(cur)
    return "\n ".join(f"=?{charset}?Q?{w}?=" for w in words)


def qp(text: str, charset: str) -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def b64(data: bytes) -> str:
    enc = base64.b64encode(data).decode()
    return "\n".join(enc[i : i + 76] for i in range(0, len(enc), 76))


def flowed(text: str, width: int = 72) -> str:
    """RFC 3676 format=flowed: long lines soft-broken with a trailing space."""
    out: list[str] = []
    for line in text.split("\n"):
        if line == "-- " or len(line) <= width:
            out.append(line.rstrip(" ") if line != "-- " else line)
            continue
        words = line.split(" ")
        cur = ""
        for word in words:
            if cur and len(cur) + len(word) + 1 > width:
                out.append(cur + " ")
                cur = word
            else:
                cur = f"{cur} {word}" if cur else word
        out.append(cur)
    return "\n".join(out)


def addr(display: str, address: str, charset: str = "utf-8", q: bool = False) -> str:
    if display.isascii():
        return (
            f'"{display}" <{address}>'
            if any(c in display for c in ",.;")
            else f"{display} <{address}>"
        )
    return f"{q_words(display, charset) if q else b_words(display, charset)} <{address}>"


# --------------------------------------------------------------------------------------------
# Images and plan attachments
# --------------------------------------------------------------------------------------------


def png(width: int, height: int, seed: int) -> bytes:
    """A small real PNG (RGB): a colour band poster with a white ring, drawn pixel by pixel."""
    palette = [
        ((200, 16, 46), (122, 0, 25)),
        ((0, 83, 155), (0, 45, 98)),
        ((0, 122, 77), (0, 70, 40)),
    ]
    top, bottom = palette[seed % len(palette)]
    cx, cy, r_out, r_in = width // 2, height // 2, min(width, height) // 3, min(width, height) // 4
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        t = y / max(1, height - 1)
        base = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        for x in range(width):
            d2 = (x - cx) ** 2 + (y - cy) ** 2
            rows.extend((255, 255, 255) if r_in * r_in <= d2 <= r_out * r_out else base)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps and a fixed docProps/core.xml date."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>2026-11-26T12:30:00Z\g<3>",
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 26, 15, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


PLAN_COLUMNS = ["Tarih", "Saat", "Platform", "Konu", "Metin", "Bağlantı", "Etiketler"]


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Paylaşım Planı"
    ws.append(PLAN_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFG", (12, 8, 22, 40, 60, 40, 30), strict=True):
        ws.column_dimensions[col].width = width
    stamp = datetime(2026, 11, 26, 12, 30, 0)
    wb.properties.creator = "Murat Aksoy"
    wb.properties.lastModifiedBy = "Murat Aksoy"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def csv_1254(rows: list[list[str]]) -> bytes:
    """As Turkish Excel writes "CSV (Noktalı virgülle ayrılmış)": ``;``, windows-1254, CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(PLAN_COLUMNS)
    writer.writerows(rows)
    return buf.getvalue().encode("cp1254")


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


@dataclass
class Att:
    filename: str
    ctype: str
    data: bytes
    inline_cid: str | None = None  # Outlook signature logo (multipart/related)


@dataclass
class Mail:
    key: str  # short stable name, e.g. "w49-ghgm-plan"
    sender: Sender
    client: str  # outlook | outlook1254 | gmail | iphone | thunderbird | dsn | raw
    sent: datetime
    subject: str
    body: str  # the new text the person typed (client adds signature/quote)
    expect: dict[str, object]
    attachments: list[Att] = field(default_factory=list)
    quote: tuple[str, datetime, str, str] | None = None  # (from display+addr, when, subject, text)
    auth: str = "pass"  # pass | fail | foreign | none
    extra_headers: list[str] = field(default_factory=list)
    reply_to_key: str | None = None
    cc_office: bool = False
    logo: bool = False  # Outlook HTML signature with an inline logo


def auth_headers(m: Mail) -> list[str]:
    s = m.sender
    arrival = m.sent + timedelta(seconds=3 + int(h(m.key, 2), 16) % 20)
    qid = h(m.key + "qid", 11).upper()
    mx = "mail-sor-f41.google.com" if s.domain == "gmail.com" else f"mx.{s.domain}"
    received = [
        f"Received: from {mx} ({mx} [{s.ip}])\n"
        f"\tby {SERVER} (Postfix) with ESMTPS id 4Z{qid}\n"
        f"\tfor <{INTAKE}>; {rfc2822(arrival)}",
    ]
    dkim_b = h(m.key + "dkimb", 8)
    sel = "google" if s.domain == "gmail.com" else "sm2026"
    if m.auth == "pass":
        ar = (
            f"Authentication-Results: {SERVER};\n"
            f"\tdkim=pass (2048-bit key; unprotected) header.d={s.domain} header.i=@{s.domain} "
            f"header.s={sel} header.b={dkim_b};\n"
            f"\tspf=pass (sender IP is {s.ip}) smtp.mailfrom={s.address} smtp.helo={mx};\n"
            f"\tdmarc=pass (p=quarantine dis=none) header.from={s.domain}"
        )
    elif m.auth == "fail":
        ar = (
            f"Authentication-Results: {SERVER};\n"
            f"\tdkim=none (message not signed) header.d=none;\n"
            f"\tspf=fail (sender IP is {s.ip}) smtp.mailfrom={s.address} smtp.helo=ylmz-pc.local;\n"
            f"\tdmarc=fail (p=quarantine dis=quarantine) header.from={s.domain}"
        )
    elif m.auth == "foreign":
        # a header the sender's side wrote itself, naming another host: must not be trusted
        ar = (
            f"Authentication-Results: mx.bulutposta.example.net;\n"
            f"\tdkim=pass header.d={s.domain} header.s=sm2026;\n"
            f"\tspf=pass smtp.mailfrom={s.address};\n"
            f"\tdmarc=pass header.from={s.domain}"
        )
    else:
        ar = ""
    out = [f"Return-Path: <{s.address}>", f"Delivered-To: {INTAKE}", *received]
    if ar:
        out.append(ar)
    if m.auth in ("pass", "foreign"):
        out.append(
            f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={s.domain}; s={sel};\n"
            f"\tt={int(m.sent.timestamp())}; bh={base64.b64encode(bytes.fromhex(h(m.key + 'bh', 64))).decode()};\n"
            f"\th=From:To:Subject:Date:Message-ID:MIME-Version:Content-Type;\n"
            f"\tb={base64.b64encode(bytes.fromhex(h(m.key + 'b', 64) * 4)).decode()}"
        )
    return out


def message_id(m: Mail) -> str:
    k = m.key
    if m.client in ("outlook", "outlook1254"):
        return (
            f"<00{h(k, 2)}01db{h(k + '1', 4)}${h(k + '2', 8)}${h(k + '3', 8)}$@{m.sender.domain}>"
        )
    if m.client == "gmail":
        return (
            f"<CA{base64.b32encode(bytes.fromhex(h(k, 40))).decode().rstrip('=')}@mail.gmail.com>"
        )
    if m.client == "iphone":
        u = h(k, 32).upper()
        return f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}@{m.sender.domain}>"
    u = h(k, 32)
    return f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}@{m.sender.domain}>"


MIDS: dict[str, str] = {}


# ---- body shapes ---------------------------------------------------------------------------

FIELD_RE = re.compile(
    r"^(Tarih|Saat|Platform|Platformlar|Konu|Başlık|Metin|İçerik|Bağlantı|Link|Etiketler|"
    r"Hashtag|Görsel|Hafta|Paylaşım|Tür|Date|Time|Topic|Text|Tags|Image|Week):"
)


def html_line(line: str) -> str:
    esc = html.escape(line, quote=False)
    esc = re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', esc)
    m = FIELD_RE.match(line)
    if m:
        esc = f"<b>{html.escape(m.group(0))}</b>" + esc[len(html.escape(m.group(0))) :]
    return esc


def word_html(text: str, charset: str, logo_cid: str | None, quote_html: str = "") -> str:
    paras = []
    for line in text.split("\n"):
        if line.strip():
            paras.append(f"<p class=MsoNormal>{html_line(line)}<o:p></o:p></p>")
        else:
            paras.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
    if logo_cid:
        paras.append(
            f"<p class=MsoNormal><img width=120 height=40 style='width:1.25in;height:.4166in' "
            f'id="Resim_x0020_1" src="cid:{logo_cid}" alt="GSB logo"><o:p></o:p></p>'
        )
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" '
        'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">'
        f'<head><meta http-equiv=Content-Type content="text/html; charset={charset}">'
        '<meta name=Generator content="Microsoft Word 15 (filtered medium)">'
        '<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";\n\t'
        "panose-1:2 4 5 3 5 4 6 3 2 4;}\n@font-face\n\t{font-family:Calibri;\n\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\n"
        "/* Style Definitions */\np.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\t"
        'font-size:11.0pt;\n\tfont-family:"Calibri",sans-serif;\n\tmso-fareast-language:EN-US;}\n'
        "a:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n\ttext-decoration:underline;}\n"
        "@page WordSection1\n\t{size:612.0pt 792.0pt;\n\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}\n"
        "div.WordSection1\n\t{page:WordSection1;}\n--></style><!--[if gte mso 9]><xml>\n"
        '<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml><![endif]--></head>'
        '<body lang=TR link="#0563C1" vlink="#954F72" style=\'word-wrap:break-word\'>'
        "<div class=WordSection1>" + "\n".join(paras) + quote_html + "</div></body></html>\n"
    )


def gmail_html(text: str, quote_html: str = "") -> str:
    divs = []
    for line in text.split("\n"):
        divs.append(f"<div>{html_line(line)}</div>" if line.strip() else "<div><br></div>")
    return f'<div dir="ltr">{"".join(divs)}</div>{quote_html}\n'


def part(ctype: str, cte: str, payload: str, extra: str = "") -> str:
    return f"Content-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n{extra}\n{payload}"


def multipart(ctype: str, boundary: str, parts: list[str], preamble: str = "") -> str:
    inner = "".join(f"--{boundary}\n{p.rstrip(chr(10))}\n\n" for p in parts)
    pre = f"{preamble}\n\n" if preamble else "\n"
    return f'Content-Type: {ctype};\n\tboundary="{boundary}"\n\n{pre}{inner}--{boundary}--\n'


def attachment_part(a: Att, style: str) -> str:
    name = a.filename
    if style == "thunderbird":
        disp = f'Content-Disposition: attachment; filename="{name}"\n'
        return part(f'{a.ctype}; name="{name}"', "base64", b64(a.data), disp)
    if style == "iphone":
        disp = f"Content-Disposition: inline;\n\tfilename={name}\n"
        return part(f"{a.ctype};\n\tx-unix-mode=0644;\n\tname={name}", "base64", b64(a.data), disp)
    disp = (
        f'Content-Description: {name}\nContent-Disposition: attachment;\n\tfilename="{name}";\n'
        f'\tsize={len(a.data)};\n\tcreation-date="Thu, 26 Nov 2026 12:31:05 GMT";\n'
        f'\tmodification-date="Thu, 26 Nov 2026 12:31:05 GMT"\n'
    )
    return part(f'{a.ctype};\n\tname="{name}"', "base64", b64(a.data), disp)


LOGO = png(120, 40, 0)


def outlook_quote_text(q: tuple[str, datetime, str, str]) -> str:
    who, when, subj, text = q
    return (
        f"\n\nKimden: {who} \nGönderildi: {tr_long(when)}\nKime: {INTAKE_NAME} <{INTAKE}>\n"
        f"Konu: {subj}\n\n{text}"
    )


def outlook_quote_html(q: tuple[str, datetime, str, str]) -> str:
    who, when, subj, text = q
    lines = "".join(
        f"<p class=MsoNormal>{html_line(x)}<o:p></o:p></p>"
        if x.strip()
        else "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        for x in text.split("\n")
    )
    return (
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;"
        "padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b><span lang=TR>Kimden:</span></b><span lang=TR> "
        f"{html.escape(who)} <br><b>Gönderildi:</b> {tr_long(when)}<br><b>Kime:</b> {INTAKE_NAME} "
        f"&lt;{INTAKE}&gt;<br><b>Konu:</b> {html.escape(subj)}<o:p></o:p></span></p></div></div>"
        f"<p class=MsoNormal><o:p>&nbsp;</o:p></p>{lines}"
    )


def gmail_attr(q: tuple[str, datetime, str, str]) -> str:
    who, when, _subj, _text = q
    d = f"{when.day} {MONTHS_TR[when.month - 1][:3]} {when.year} {DAYS_TR[when.weekday()][:3]}, {when:%H:%M}"
    return f"{d} tarihinde {who} şunu yazdı:"


def render(m: Mail) -> bytes:
    s = m.sender
    mid = MIDS[m.key]
    headers = auth_headers(m)
    k = m.key
    to = addr(INTAKE_NAME, INTAKE)
    cc = "siid@example.gov.tr" if m.cc_office else None
    refs = MIDS.get(m.reply_to_key) if m.reply_to_key else None
    # a reply to a mail that is not in this mailbox (e.g. our reminder)
    if m.quote and refs is None:
        refs = f"<{h(m.key + 'orig', 24)}@example.gov.tr>"
    if m.client in ("outlook", "outlook1254"):
        cs = "windows-1254" if m.client == "outlook1254" else "utf-8"
        text = m.body + "\n\n" + s.signature + "\n\n" + DISCLAIMER
        quote_html = ""
        if m.quote:
            text += outlook_quote_text(m.quote)
            quote_html = outlook_quote_html(m.quote)
        text += "\n"
        logo_cid = f"image001.png@01DB{h(k, 4).upper()}.{h(k + 'c', 8).upper()}" if m.logo else None
        htm = word_html(m.body + "\n\n" + s.signature, cs, logo_cid, quote_html)
        b1 = f"----=_NextPart_001_{h(k, 4).upper()}_01DB{h(k + 'x', 4).upper()}.{h(k + 'y', 8).upper()}"
        alt = multipart(
            "multipart/alternative",
            b1,
            [
                part(f'text/plain;\n\tcharset="{cs}"', "quoted-printable", qp(text, cs)),
                part(f'text/html;\n\tcharset="{cs}"', "quoted-printable", qp(htm, cs)),
            ],
        )
        body = alt
        if logo_cid:
            b2 = f"----=_NextPart_002_{h(k, 4).upper()}_01DB{h(k + 'x', 4).upper()}.{h(k + 'z', 8).upper()}"
            logo_part = part(
                'image/png;\n\tname="image001.png"',
                "base64",
                b64(LOGO),
                f"Content-ID: <{logo_cid}>\n",
            )
            body = multipart(
                'multipart/related;\n\ttype="multipart/alternative"', b2, [alt, logo_part]
            )
        if m.attachments:
            b0 = f"----=_NextPart_000_{h(k, 4).upper()}_01DB{h(k + 'x', 4).upper()}.{h(k + 'w', 8).upper()}"
            body = multipart(
                "multipart/mixed",
                b0,
                [body] + [attachment_part(a, "outlook") for a in m.attachments],
                "This is a multipart message in MIME format.",
            )
        subj = q_words(m.subject, cs) if m.client == "outlook1254" else b_words(m.subject)
        fr = addr(s.display, s.address, cs, q=m.client == "outlook1254")
        tidx = base64.b64encode(bytes.fromhex("01db" + h(k + "t", 40))).decode()
        hdr = (
            [f"From: {fr}", f"To: {to}"]
            + ([f"CC: {cc}"] if cc else [])
            + [f"Subject: {subj}", f"Date: {rfc2822(m.sent)}", f"Message-ID: {mid}"]
        )
        if refs:
            hdr += [f"In-Reply-To: {refs}", f"References: {refs}"]
        hdr += [
            "MIME-Version: 1.0",
            "X-Mailer: Microsoft Outlook 16.0",
            f"Thread-Index: {tidx}",
            "Content-Language: tr",
        ]
        if m.attachments:
            hdr.append("X-MS-Has-Attach: yes")
        head = "\n".join(headers + hdr)
        return (head + "\n" + body).encode("ascii")
    if m.client == "gmail":
        text = m.body + ("\n\n-- \n" + s.signature if s.signature else "")
        quote_html = ""
        if m.quote:
            attr = gmail_attr(m.quote)
            # Gmail hard-wraps the attribution line of the plain-text part near 78 characters
            if len(attr) > 78:
                cut = attr.rfind(" ", 0, 78)
                attr = attr[:cut] + "\n" + attr[cut + 1 :]
            text += (
                "\n\n"
                + attr
                + "\n\n"
                + "\n".join(("> " + x) if x else ">" for x in m.quote[3].split("\n"))
            )
            quote_html = (
                '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                + html.escape(gmail_attr(m.quote))
                + '<br></div><blockquote class="gmail_quote" '
                'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
                + gmail_html(m.quote[3])
                + "</blockquote></div>"
            )
        text += "\n"
        b1 = f"000000000000{h(k, 16)}"
        alt = multipart(
            "multipart/alternative",
            b1,
            [
                part('text/plain; charset="UTF-8"', "quoted-printable", qp(text, "utf-8")),
                part(
                    'text/html; charset="UTF-8"',
                    "quoted-printable",
                    qp(gmail_html(m.body + "\n\n--\n" + s.signature, quote_html), "utf-8"),
                ),
            ],
        )
        body = alt
        if m.attachments:
            b0 = f"000000000000{h(k + 'm', 16)}"
            body = multipart(
                "multipart/mixed", b0, [alt] + [attachment_part(a, "gmail") for a in m.attachments]
            )
        hdr = [
            "MIME-Version: 1.0",
            f"From: {addr(s.display, s.address)}",
            f"Date: {rfc2822(m.sent)}",
            f"Message-ID: {mid}",
        ]
        if refs:
            hdr += [f"References: {refs}", f"In-Reply-To: {refs}"]
        hdr += [f"Subject: {b_words(m.subject)}", f"To: {to}"] + ([f"Cc: {cc}"] if cc else [])
        return ("\n".join(headers + hdr) + "\n" + body).encode("ascii")
    if m.client == "iphone":
        text = m.body + "\n\niPhone'umdan gönderildi\n"
        hdr = [
            "Mime-Version: 1.0 (1.0)",
            f"Subject: {q_words(m.subject, 'utf-8')}",
            f"From: {addr(s.display, s.address, 'utf-8', q=True)}",
            f"Date: {rfc2822(m.sent)}",
            f"Message-Id: {mid}",
            f"To: {to}",
            "X-Mailer: iPhone Mail (22B91)",
        ]
        if not m.attachments:
            body = part("text/plain;\n\tcharset=utf-8", "quoted-printable", qp(text, "utf-8"))
        else:
            u = h(k, 32).upper()
            bnd = f"Apple-Mail-{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}"
            parts = [
                part(
                    "text/plain;\n\tcharset=utf-8", "quoted-printable", qp(m.body + "\n\n", "utf-8")
                )
            ]
            parts += [attachment_part(a, "iphone") for a in m.attachments]
            parts.append(
                part(
                    "text/plain;\n\tcharset=utf-8",
                    "quoted-printable",
                    qp("\n\niPhone'umdan gönderildi\n", "utf-8"),
                )
            )
            body = multipart("multipart/mixed", bnd, parts)
        return ("\n".join(headers + hdr) + "\n" + body).encode("ascii")
    if m.client == "thunderbird":
        sig = f"\n\n-- \n{s.signature}" if s.signature else ""
        text = flowed(m.body + sig) + "\n"
        hdr = [
            f"Message-ID: {mid}",
            f"Date: {rfc2822(m.sent)}",
            "MIME-Version: 1.0",
            "User-Agent: Mozilla Thunderbird",
            "Content-Language: tr",
            f"To: {to}",
        ]
        if cc:
            hdr.append(f"Cc: {cc}")
        hdr += [f"From: {addr(s.display, s.address)}", f"Subject: {b_words(m.subject)}"]
        if refs:
            hdr += [f"References: {refs}", f"In-Reply-To: {refs}"]
        textpart = part("text/plain; charset=UTF-8; format=flowed", "8bit", text)
        if m.attachments:
            bnd = "------------" + base64.b32encode(bytes.fromhex(h(k, 30))).decode()[:24]
            body = multipart(
                "multipart/mixed",
                bnd,
                [textpart] + [attachment_part(a, "thunderbird") for a in m.attachments],
                "This is a multi-part message in MIME format.",
            )
        else:
            body = textpart
        return ("\n".join(headers + hdr) + "\n" + body).encode("utf-8")
    raise ValueError(m.client)


# --------------------------------------------------------------------------------------------
# The content
# --------------------------------------------------------------------------------------------


def at(day: int, month: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, month, day, hh, mm, ss, tzinfo=TZ)


def ok(type_: str, unit: str, week: str, items: int, **more: object) -> dict[str, object]:
    return {
        "outcome": "accepted",
        "reason": "ok",
        "type": type_,
        "unit": unit,
        "week": week,
        "items": items,
        **more,
    }


def no(outcome: str, reason: str, why: str) -> dict[str, object]:
    return {"outcome": outcome, "reason": reason, "why": why}


MAILS: list[Mail] = []


def add(m: Mail) -> Mail:
    MAILS.append(m)
    return m


GHGM_W49_V1 = """\
Merhaba,

Gençlik Hizmetleri Genel Müdürlüğü'nün 2026-W49 (30 Kasım – 6 Aralık) haftalık paylaşım planı aşağıdadır.

Tarih: 30.11.2026
Saat: 10:30
Platform: X, Instagram, Facebook
Konu: 2027 Gençlik Kampları başvuruları 1 Aralık'ta başlıyor
Metin: 2027 yaz dönemi gençlik kampı başvuruları 1 Aralık'ta e-Devlet üzerinden başlıyor. 15-25 yaş arası tüm gençlerimizi doğa, bilim, sanat ve spor temalı kamplarımıza bekliyoruz.
Bağlantı: https://ghgm.example.gov.tr/kamplar/2027-basvuru
Etiketler: #GençlikKampları, #GençlikveSpor

Tarih: 02.12.2026
Saat: 14:00
Platform: Instagram, TikTok
Konu: Gençlik merkezlerinde kış dönemi kursları
Metin: Gençlik merkezlerimizde kış dönemi kurs kayıtları devam ediyor. Kodlama, fotoğrafçılık, satranç ve ebru kurslarımıza en yakın gençlik merkezinden ücretsiz kayıt olabilirsiniz.
Etiketler: #GençlikMerkezleri

Tarih: 03.12.2026
Saat: 11:00
Platform: X, Instagram, Facebook, YouTube
Konu: 3 Aralık Dünya Engelliler Günü
Metin: 3 Aralık Dünya Engelliler Günü'nde engelli gençlerimizle birlikte "Engelsiz Gençlik Buluşması" düzenliyoruz.

Tüm gençlik merkezlerimiz erişilebilir etkinliklerle gün boyu açık.
Etiketler: #3AralıkDünyaEngellilerGünü, #EngelsizGençlik

Tarih: 05.12.2026
Saat: 12:00
Platform: X, Instagram
Konu: 5 Aralık Dünya Gönüllüler Günü – Gönüllü gençlerimize teşekkürler
Metin: Bu yıl 48 bin gönüllü gencimiz sosyal sorumluluk projelerinde yer aldı. Dünya Gönüllüler Günü'nüz kutlu olsun!
Etiketler: #GönüllüGençlik, #5AralıkDünyaGönüllülerGünü"""

GHGM_W49_V2 = (
    GHGM_W49_V1.replace(
        "Merhaba,\n\nGençlik Hizmetleri Genel Müdürlüğü'nün 2026-W49 (30 Kasım – 6 Aralık) haftalık paylaşım "
        "planı aşağıdadır.",
        "Merhaba,\n\nDün gönderdiğimiz planda 3 Aralık paylaşımının saati değişti ve 4 Aralık'a bir paylaşım "
        "eklendi. Lütfen önceki planın yerine bu planı esas alınız.",
    )
    .replace("Tarih: 03.12.2026\nSaat: 11:00", "Tarih: 03.12.2026\nSaat: 10:00")
    .replace(
        "Tarih: 05.12.2026",
        "Tarih: 04.12.2026\nSaat: 16:30\nPlatform: Instagram, YouTube\n"
        "Konu: Genç Ofis programı tanıtım videosu\n"
        "Metin: Üniversiteli gençlerimize kamu kurumlarında staj imkânı sunan Genç Ofis programının "
        "tanıtım videosu yayında.\nBağlantı: https://ghgm.example.gov.tr/genc-ofis\nEtiketler: #GençOfis\n\n"
        "Tarih: 05.12.2026",
    )
)
MAILS_DONE = False


def build_mails() -> None:
    ghgm, shgm, shgm2, kygm, diab = S["ghgm"], S["shgm"], S["shgm2"], S["kygm"], S["diab"]
    eakdb, pgm, ytdb, bidb, rdb, sgb = (
        S["eakdb"],
        S["pgm"],
        S["ytdb"],
        S["bidb"],
        S["rdb"],
        S["sgb"],
    )

    # ===================================== week 48 plans (sent 19-20 Nov) ==================
    add(
        Mail(
            "w48-ghgm-plan",
            ghgm,
            "outlook",
            at(19, 11, 10, 12, 41),
            "HAFTALIK PLAN - GHGM - 2026-W48",
            """\
Merhaba,

Genel Müdürlüğümüzün 23-29 Kasım haftası paylaşım planını bilgilerinize sunarız.

Tarih: 23.11.2026
Saat: 10:00
Platform: Twitter, İnstagram
Konu: Gençlik merkezlerinde kış dönemi kayıtları başladı
Metin: 81 ildeki 450'den fazla gençlik merkezimizde kış dönemi kayıtları başladı. Kurslarımızın tamamı ücretsizdir.
Bağlantı: https://ghgm.example.gov.tr/genclik-merkezleri/kis-donemi
Etiketler: #GençlikMerkezleri

Tarih: 25.11.2026
Saat: 15:30
Platform: Instagram, YouTube
Konu: "Gençlik Kampları 2026" tanıtım filmi
Metin: Bu yaz 120 bin gencimizin katıldığı kamplarımızdan kareler. Filmin tamamı YouTube kanalımızda.
Bağlantı: https://www.youtube.com/watch?v=GHGMkamp2026
Etiketler: #GençlikKampları

Tarih: 27.11.2026
Saat: 11:00
Platform: X, Facebook, LinkedIn
Konu: Genç Ofis 2027 dönemi staj ilanları
Metin: Genç Ofis programı kapsamında 2027 bahar dönemi staj ilanları yayımlandı. Son başvuru 10 Aralık.
Bağlantı: https://ghgm.example.gov.tr/genc-ofis
Etiketler: #GençOfis, #Staj

Saygılarımızla,""",
            ok("plan", "ghgm", "2026-W48", 3),
            logo=True,
        )
    )

    add(
        Mail(
            "w48-shgm-plan",
            shgm,
            "outlook1254",
            at(19, 11, 14, 40, 12),
            "HAFTALIK PAYLAŞIM PLANI (23-29 Kasım) - Spor Hizmetleri GM",
            """\
Sayın ilgili,

Spor Hizmetleri Genel Müdürlüğü 48. hafta paylaşım planı aşağıda yer almaktadır.

Tarih: 24 Kasım 2026
Saat: 10.30
Platform: X, Instagram, Facebook
Konu: Okul Sporları Basketbol Yıldızlar Türkiye Birinciliği başladı
Metin: Okul Sporları Basketbol Yıldızlar Türkiye Birinciliği Konya'da başladı. 32 takım ve 400'ü aşkın sporcu şampiyonluk için mücadele edecek.
Etiketler: #OkulSporları, #Basketbol

Tarih: 26 Kasım 2026
Saat: 18.00
Platform: X, YouTube
Konu: Milli boksörümüz Avrupa şampiyonu
Metin: Milli sporcumuz Ayşe Nur Kılıç, Avrupa Gençler Boks Şampiyonası'nda altın madalya kazandı. Tebrikler şampiyon!
Etiketler: #MilliSporcu, #Boks

Tarih: 28 Kasım 2026
Saat: 12.00
Platform: Instagram
Konu: Hafta sonu halk koşusu
Metin: "Sağlıklı Yaşam İçin Koş" halk koşusu 28 Kasım Cumartesi Ankara Gençlik Parkı'nda. Katılım ücretsizdir.
Bağlantı: https://shgm.example.gov.tr/etkinlikler/halk-kosusu
Etiketler: #SporlaYaşa

Bilgilerinize arz ederim.""",
            ok("plan", "shgm", "2026-W48", 3),
        )
    )

    add(
        Mail(
            "w48-kygm-plan",
            kygm,
            "outlook",
            at(20, 11, 9, 30, 5),
            "Haftalık Plan – KYGM – 48. hafta",
            """\
Merhaba,

KYGM 23-29 Kasım haftası paylaşım planımız aşağıdadır.

Tarih: 23.11.2026
Saat: 09:30
Platform: X, Instagram, Facebook
Konu: Burs ve kredi ödemeleri hesaplara yatırıldı
Metin: Kasım ayı burs ve kredi ödemeleri bugün itibarıyla öğrencilerimizin hesaplarına yatırılmıştır.
Etiketler: #KYK, #BursKredi

Tarih: 25.11.2026
Saat: 14:00
Platform: Instagram
Konu: Yurtlarımızda kitap okuma saati
Metin: Yurtlarımızda her çarşamba 20.00'de "Kitap Saati" etkinliği düzenleniyor. Bu haftanın kitabı: Sabahattin Ali – Kuyucaklı Yusuf.
Etiketler: #KYKYurtları, #KitapSaati

Tarih: 27.11.2026
Saat: 16:00
Platform: X, NSosyal
Konu: Kredi geri ödemelerinde yapılandırma uyarısı
Metin: Kredi borcu yapılandırma başvuruları e-Devlet üzerinden 31 Aralık'a kadar yapılabilir.
Bağlantı: https://kygm.example.gov.tr/kredi/yapilandirma
Etiketler: #KYK

İyi çalışmalar dileriz.""",
            ok("plan", "kygm", "2026-W48", 3),
        )
    )

    add(
        Mail(
            "w48-diab-plan",
            diab,
            "gmail",
            at(20, 11, 11, 5, 33),
            "DİAB haftalık paylaşım planı 2026-W48",
            """\
Merhabalar,

Dairemizin 48. hafta planını aşağıda paylaşıyorum.

Tarih: 24.11.2026
Saat: 11:00
Platform: X, LinkedIn
Konu: Erasmus+ Gençlik projeleri bilgilendirme webinarı
Metin: Erasmus+ Gençlik Alanı 2027 teklif çağrısı öncesinde 26 Kasım'da çevrim içi bilgilendirme webinarı düzenliyoruz. Kayıt bağlantısı profilimizde.
Bağlantı: https://diab.example.gov.tr/erasmus/webinar-2027
Etiketler: #ErasmusPlus, #AvrupaGençlik

Tarih: 27.11.2026
Saat: 13:00
Platform: X, Instagram
Konu: Avrupa Dayanışma Programı gönüllülük fırsatları
Metin: Avrupa Dayanışma Programı ile 18-30 yaş arası gençlerimiz Avrupa'da gönüllülük projelerine katılabilir.
Etiketler: #AvrupaDayanışmaProgramı

Kolay gelsin,""",
            ok("plan", "diab", "2026-W48", 2),
        )
    )

    add(
        Mail(
            "w48-eakdb-plan",
            eakdb,
            "thunderbird",
            at(20, 11, 15, 20, 8),
            "PAYLAŞIM PLANI: EAKDB 23-29 Kasım 2026",
            """\
Merhaba,

Dairemizin bu haftaki paylaşım planı aşağıdadır.

Tarih: 2026-11-24
Saat: 10:00
Platformlar: X, LinkedIn
Konu: Gençlik araştırmaları 2026 raporu yayımlandı
Metin: "Türkiye'de Gençlerin Boş Zaman Alışkanlıkları 2026" araştırma raporumuz yayımlandı. 12 bin gençle yapılan saha çalışmasının sonuçlarına bağlantıdan ulaşabilirsiniz.
Bağlantı: https://eakdb.example.gov.tr/yayinlar/bos-zaman-2026
Etiketler: #GençlikAraştırmaları

Tarih: 2026-11-26
Saat: 14:30
Platformlar: X
Konu: Gençlik çalışanlarına yönelik eğitim programı
Metin: Gençlik çalışanı sertifika programının Aralık dönemi eğitimleri Ankara ve İzmir'de yapılacak.
Etiketler: #GençlikÇalışanı

İyi çalışmalar.""",
            ok("plan", "eakdb", "2026-W48", 2),
        )
    )

    add(
        Mail(
            "w48-ytdb-plan",
            ytdb,
            "iphone",
            at(20, 11, 17, 48, 51),
            "Haftalık plan YTDB",
            """\
Merhaba, YTDB bu hafta planı:

Tarih: 25.11.2026
Saat: 11:00
Platform: Instagram, X
Konu: Trabzon Gençlik Merkezi inşaatında son durum
Metin: Trabzon Ortahisar Gençlik Merkezi'nin kaba inşaatı tamamlandı. Merkezin 2027 Mart'ta hizmete açılması planlanıyor.
Etiketler: #YeniTesisler

Tarih: 28.11.2026
Saat: 10:00
Platform: Instagram
Konu: Tesislerimizde kış bakımı
Metin: Açık spor tesislerimizde kış bakım çalışmaları sürüyor.""",
            ok("plan", "ytdb", "2026-W48", 2),
        )
    )

    add(
        Mail(
            "w48-pgm-plan",
            pgm,
            "outlook",
            at(20, 11, 10, 40, 20),
            "PLAN: Personel GM 48. hafta",
            """\
Merhaba,

Tarih: 24.11.2026
Saat: 10:00
Platform: X, LinkedIn
Konu: 2026 Yılı Görevde Yükselme Sınavı duyurusu
Metin: Bakanlığımız personeline yönelik 2026 Yılı Görevde Yükselme ve Unvan Değişikliği Sınavı duyurusu yayımlandı. Başvurular 1-15 Aralık tarihleri arasında alınacaktır.
Bağlantı: https://pgm.example.gov.tr/duyurular/gorevde-yukselme-2026

Tarih: 27.11.2026
Saat: 15:00
Platform: LinkedIn
Konu: Aday memurlar için temel eğitim programı tamamlandı
Metin: 2026 yılında göreve başlayan 340 aday memurumuz temel eğitim programını tamamladı.

İyi çalışmalar,""",
            ok("plan", "pgm", "2026-W48", 2),
        )
    )

    add(
        Mail(
            "w48-sgb-plan",
            sgb,
            "outlook",
            at(19, 11, 16, 2, 47),
            "SGB HAFTALIK PLAN - 2026-W48",
            """\
Merhaba,

Başkanlığımızın 48. hafta paylaşım planı bilgilerinize sunulur.

Tarih: 25.11.2026
Saat: 11:00
Platform: X, LinkedIn
Konu: 2027 Yılı Performans Programı yayımlandı
Metin: Bakanlığımızın 2027 Yılı Performans Programı kamuoyunun bilgisine sunulmuştur.
Bağlantı: https://sgb.example.gov.tr/yayinlar/performans-programi-2027

Saygılarımla,""",
            ok("plan", "sgb", "2026-W48", 1),
        )
    )

    # ===================================== during week 48 ===================================
    add(
        Mail(
            "w48-kygm-duyuru",
            kygm,
            "outlook",
            at(23, 11, 9, 12, 3),
            "DUYURU: 2026-2027 burs ve kredi sonuçları açıklandı",
            """\
Merhaba,

Ulusal düzeyde paylaşılmasını rica ettiğimiz duyurumuz aşağıdadır.

Tür: Duyuru
Tarih: 23.11.2026
Saat: 18:00
Platform: X, Instagram, Facebook, NSosyal
Konu: 2026-2027 öğrenim yılı burs ve kredi sonuçları açıklandı
Metin: 2026-2027 öğrenim yılı burs ve öğrenim kredisi sonuçları açıklandı. Öğrencilerimiz sonuçlarını e-Devlet üzerinden öğrenebilir.

Sonuçlara itirazlar 30 Kasım'a kadar yapılabilir.
Bağlantı: https://kygm.example.gov.tr/burs-kredi/sonuclar-2026
Etiketler: #KYK, #BursKredi, #GSB

İyi çalışmalar dileriz.""",
            ok("announcement", "kygm", "2026-W48", 1),
            cc_office=True,
        )
    )

    add(
        Mail(
            "w48-shgm-reshare",
            shgm2,
            "outlook",
            at(23, 11, 17, 25, 0),
            "PAYLAŞIM BİLDİRİMİ - SHGM - 23 Kasım",
            """\
Merhaba,

Bakanlığımız hesaplarındaki aşağıdaki paylaşımlar Genel Müdürlüğümüz hesaplarından paylaşılmıştır.

Tarih: 23.11.2026
Platform: X
Konu: Bakan'ın milli sporcularla buluşması
Paylaşım: https://x.com/GencSporBak/status/1992514870034018311
Bağlantı: https://x.com/SporHizmetleri/status/1992521003314823170

Tarih: 23.11.2026
Platform: Instagram
Konu: Okul Sporları tanıtım filmi
Paylaşım: https://www.instagram.com/p/DRm2aKqiF5x/
Bağlantı: https://www.instagram.com/p/DRm9Lk1CUwQ/

İyi çalışmalar.""",
            ok("reshare", "shgm", "2026-W48", 2),
        )
    )

    add(
        Mail(
            "w48-ghgm-duyuru",
            ghgm,
            "outlook",
            at(24, 11, 11, 48, 30),
            "DUYURU - 2027 Gençlik Kampları başvuruları 1 Aralık'ta başlıyor",
            """\
Merhaba,

Bakanlık hesaplarından ve tüm birimlerimizin hesaplarından paylaşılmasını rica ettiğimiz ulusal duyurumuz aşağıdadır. Görsel ektedir.

Tarih: 01.12.2026
Saat: 10:00
Platform: X, Instagram, Facebook, NSosyal, Threads
Konu: 2027 Gençlik Kampları başvuruları başladı
Metin: 2027 Gençlik Kampları başvuruları başladı! Doğa, bilim, sanat ve spor temalı 60 kamp merkezimizde 15-25 yaş arası gençlerimizi bekliyoruz. Başvurular 31 Aralık'a kadar e-Devlet'ten yapılabilir.
Bağlantı: https://ghgm.example.gov.tr/kamplar/2027-basvuru
Etiketler: #GençlikKampları, #GSB, #Gençlik
Görsel: kamp-afis.jpg

Saygılarımızla,""",
            ok("announcement", "ghgm", "2026-W49", 1, images=1),
            attachments=[
                Att("kamp-afis.jpg", "image/jpeg", (ATTACH / "kamp-afis.jpg").read_bytes())
            ],
            cc_office=True,
        )
    )

    add(
        Mail(
            "w48-eakdb-oneri",
            eakdb,
            "thunderbird",
            at(24, 11, 14, 5, 17),
            "İÇERİK ÖNERİSİ – 5 Aralık Dünya Gönüllüler Günü",
            """\
Merhaba,

5 Aralık Dünya Gönüllüler Günü için Bakanlık hesaplarında paylaşılmak üzere aşağıdaki içeriği öneriyoruz.

Tarih: 05.12.2026
Saat: 11:00
Platform: X, Instagram, LinkedIn
Başlık: 5 Aralık Dünya Gönüllüler Günü
İçerik: Gönüllülük, bir toplumun en güçlü bağıdır. 2026'da 81 ilde 48 bin gencimiz afet bölgelerinden huzurevlerine, çevre temizliğinden okuma saatlerine kadar binlerce projede gönüllü olarak yer aldı.

Tüm gönüllülerimize teşekkür ediyoruz.
Link: https://eakdb.example.gov.tr/gonulluluk/2026-raporu
Hashtag: #DünyaGönüllülerGünü, #GönüllüGençlik

İyi çalışmalar.""",
            ok("proposal", "eakdb", "2026-W49", 1),
        )
    )

    add(
        Mail(
            "w48-kygm-reshare",
            kygm,
            "outlook",
            at(24, 11, 16, 40, 9),
            "RESHARE bildirimi KYGM",
            """\
Merhaba,

Bakanlık paylaşımlarının hesaplarımızdan yeniden paylaşımı:

Tarih: 24.11.2026
Platform: X
Konu: Burs ve kredi sonuçları duyurusu
Paylaşım: https://x.com/GencSporBak/status/1992873312049920001
Bağlantı: https://x.com/KYKKurumsal/status/1992880045531005219

İyi çalışmalar dileriz.""",
            ok("reshare", "kygm", "2026-W48", 1),
        )
    )

    add(
        Mail(
            "w48-ghgm-oneri",
            ghgm,
            "outlook",
            at(25, 11, 10, 2, 55),
            "ÖNERİ: 3 Aralık Dünya Engelliler Günü ortak paylaşımı",
            """\
Merhaba,

3 Aralık Dünya Engelliler Günü için Bakanlık hesaplarından aşağıdaki paylaşımın yapılmasını öneriyoruz. Görsel ektedir.

Tarih: 3 Aralık 2026
Saat: 10:00
Platform: X, Instagram, Facebook
Konu: 3 Aralık Dünya Engelliler Günü – Engelsiz Gençlik
Metin: Engel tanımayan gençlerimizin yanındayız. Gençlik merkezlerimizde ve kamplarımızda tüm etkinliklerimizi erişilebilir hâle getirmeye devam ediyoruz.
Bağlantı: https://ghgm.example.gov.tr/haberler/engelsiz-genclik
Etiketler: #3AralıkDünyaEngellilerGünü, #EngelsizGençlik
Görsel: engelsiz-genclik.png

Saygılarımızla,""",
            ok("proposal", "ghgm", "2026-W49", 1, images=1),
            attachments=[Att("engelsiz-genclik.png", "image/png", png(320, 180, 1))],
        )
    )

    add(
        Mail(
            "w48-bidb-autoreply",
            bidb,
            "outlook",
            at(25, 11, 16, 3, 1),
            "Otomatik yanıt: 2026-W49 haftalık paylaşım planları hk.",
            """\
Merhaba,

25-27 Kasım tarihleri arasında izinliyim. Acil konular için bidb@example.gov.tr adresine veya 0312 596 68 00 numaralı telefona ulaşabilirsiniz.

İrem Arslan""",
            no("ignored", "auto-reply", "out-of-office reply (Auto-Submitted: auto-replied)"),
            extra_headers=["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"],
        )
    )

    add(
        Mail(
            "w48-unknown-sender",
            S["stranger"],
            "gmail",
            at(26, 11, 8, 55, 40),
            "Haftalık Paylaşım Planı - Kırıkkale GSİM",
            """\
Merhaba,

İl müdürlüğümüzün bu haftaki planını gönderiyoruz.

Tarih: 01.12.2026
Saat: 10:00
Platform: Instagram
Konu: Kırıkkale Gençlik Merkezi satranç turnuvası
Metin: Gençlik merkezimizde il satranç turnuvası düzenlenecektir.""",
            no(
                "quarantined",
                "unknown-sender",
                "a provincial directorate writing from a personal Gmail "
                "address that is not registered",
            ),
        )
    )

    # ===================================== week 49 plans (sent 26-27 Nov) ==================
    v1 = add(
        Mail(
            "w49-ghgm-plan",
            ghgm,
            "outlook",
            at(26, 11, 10, 14, 7),
            "HAFTALIK PLAN - GHGM - 2026-W49",
            GHGM_W49_V1 + "\n\nSaygılarımızla,",
            ok(
                "plan", "ghgm", "2026-W49", 4, status="superseded", superseded_by="w49-ghgm-plan-v2"
            ),
            logo=True,
        )
    )

    add(
        Mail(
            "w49-shgm-plan-xlsx",
            shgm,
            "outlook",
            at(26, 11, 15, 31, 44),
            "HAFTALIK PLAN - SHGM - 30 Kasım-6 Aralık",
            """\
Merhaba,

Genel Müdürlüğümüzün 49. hafta paylaşım planı ekteki Excel dosyasındadır.

Bilgilerinize.""",
            ok("plan", "shgm", "2026-W49", 4, attachment="xlsx"),
            attachments=[
                Att(
                    "SHGM_Paylasim_Plani_2026-W49.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    xlsx(
                        [
                            [
                                "30.11.2026",
                                "11:00",
                                "X, Instagram",
                                "Türkiye Kupası güreş müsabakaları Sivas'ta",
                                "Serbest ve grekoromen stilde Türkiye Kupası müsabakaları 30 Kasım-2 Aralık "
                                "tarihlerinde Sivas'ta yapılacak.",
                                "",
                                "#Güreş, #TürkiyeKupası",
                            ],
                            [
                                "03.12.2026",
                                "10:00",
                                "X, Instagram, Facebook",
                                "Özel Sporcular Şenliği – 3 Aralık Dünya Engelliler Günü",
                                "Dünya Engelliler Günü'nde 81 ilde özel sporcularımızla spor şenlikleri "
                                "düzenliyoruz.",
                                "https://shgm.example.gov.tr/etkinlikler/ozel-sporcular",
                                "#3AralıkDünyaEngellilerGünü, #ÖzelSporcular",
                            ],
                            [
                                "04.12.2026",
                                "19:30",
                                "YouTube",
                                "Kış Sporları Milli Takımı sezon açılışı",
                                "Kayaklı koşu ve biatlon milli takımlarımız sezonu Erzurum Kandilli'de açıyor. "
                                "Canlı yayın YouTube kanalımızda.",
                                "https://www.youtube.com/@SporHizmetleri",
                                "#KışSporları",
                            ],
                            [
                                "06.12.2026",
                                "",
                                "Instagram",
                                "Pazar sabahı bisiklet turu",
                                "Ankara'da 'Pedallar Gençlik İçin' bisiklet turu 6 Aralık Pazar 09:00'da "
                                "Gençlik Parkı'ndan başlıyor.",
                                "",
                                "#Bisiklet, #SporlaYaşa",
                            ],
                        ]
                    ),
                )
            ],
        )
    )

    add(
        Mail(
            "w49-diab-plan",
            diab,
            "gmail",
            at(26, 11, 16, 45, 2),
            "Re: 2026-W49 Haftalık Paylaşım Planı hatırlatması",
            """\
Merhaba,

Dairemizin 49. hafta paylaşım planı aşağıdadır.

Tür: Plan
Tarih: 01.12.2026
Saat: 10:00
Platform: X, LinkedIn, Instagram
Konu: Erasmus+ 2027 teklif çağrısı yayımlandı
Metin: Avrupa Komisyonu Erasmus+ 2027 teklif çağrısını yayımladı. Gençlik değişimleri ve gençlik çalışanlarının hareketliliği projeleri için ilk başvuru tarihi 19 Şubat 2027.
Bağlantı: https://diab.example.gov.tr/erasmus/2027-teklif-cagrisi
Etiketler: #ErasmusPlus

Tarih: 04.12.2026
Saat: 15:00
Platform: X
Konu: Türkiye-Azerbaycan gençlik değişim programı
Metin: Türkiye-Azerbaycan Gençlik Değişim Programı kapsamında 40 gencimiz 7-14 Aralık tarihlerinde Bakü'de olacak.
Etiketler: #GençlikDeğişimi

Kolay gelsin,""",
            ok("plan", "diab", "2026-W49", 2),
            quote=(
                f"{INTAKE_NAME} <{INTAKE}>",
                at(26, 11, 9, 0),
                "2026-W49 Haftalık Paylaşım Planı hatırlatması",
                "Değerli birim sorumlularımız,\n\n30 Kasım – 6 Aralık haftasına ait paylaşım planlarınızı "
                "27 Kasım Cuma mesai bitimine kadar bu adrese göndermenizi rica ederiz.\n\nKonu: satırı "
                "olmayan paylaşımlar işlenemeyecektir.\n\nSosyal İlişkiler ve İletişim Dairesi Başkanlığı",
            ),
        )
    )

    add(
        Mail(
            "w49-kygm-plan-csv",
            kygm,
            "outlook",
            at(27, 11, 11, 20, 16),
            "KYGM PAYLAŞIM PLANI 49. HAFTA",
            """\
Merhaba,

49. hafta paylaşım planımız ekteki CSV dosyasındadır.

İyi çalışmalar dileriz.""",
            ok("plan", "kygm", "2026-W49", 3, attachment="csv"),
            attachments=[
                Att(
                    "KYGM_Plan_49.Hafta.csv",
                    "application/vnd.ms-excel",
                    csv_1254(
                        [
                            [
                                "30.11.2026",
                                "10:00",
                                "X, Instagram",
                                "Yurt başvurularında ek yerleştirme sonuçları",
                                "Yurt ek yerleştirme sonuçları açıklandı. Yerleşen öğrencilerimiz 4 Aralık'a kadar kayıt "
                                "yaptırabilir.",
                                "https://kygm.example.gov.tr/yurtlar/ek-yerlestirme",
                                "#KYKYurtları",
                            ],
                            [
                                "02.12.2026",
                                "14:00",
                                "Instagram, Facebook",
                                "Yurtlarımızda kış dönemi etkinlik takvimi",
                                "Yurtlarımızda Aralık ayı boyunca tiyatro, satranç ve müzik atölyeleri düzenlenecek.",
                                "",
                                "#KYKYurtları, #YurtlardaEtkinlik",
                            ],
                            [
                                "04.12.2026",
                                "16:30",
                                "X, NSosyal",
                                "Öğrenim kredisi geri ödeme takvimi",
                                "Mezun öğrencilerimizin kredi geri ödemeleri mezuniyetten iki yıl sonra başlar. Ayrıntılar için "
                                "bağlantıya göz atın.",
                                "https://kygm.example.gov.tr/kredi/geri-odeme",
                                "#KYK, #BursKredi",
                            ],
                        ]
                    ),
                )
            ],
        )
    )

    add(
        Mail(
            "w49-ghgm-plan-v2",
            ghgm,
            "outlook",
            at(27, 11, 9, 5, 23),
            "YNT: HAFTALIK PLAN - GHGM - 2026-W49 (düzeltilmiş)",
            GHGM_W49_V2 + "\n\nSaygılarımızla,",
            ok("plan", "ghgm", "2026-W49", 5, supersedes="w49-ghgm-plan"),
            quote=(
                f"{ghgm.display} <{ghgm.address}>",
                v1.sent,
                v1.subject,
                GHGM_W49_V1 + "\n\nSaygılarımızla,",
            ),
            reply_to_key="w49-ghgm-plan",
        )
    )

    add(
        Mail(
            "w49-pgm-plan-lines",
            pgm,
            "outlook",
            at(27, 11, 10, 2, 11),
            "Haftalık Plan PGM (30.11-06.12)",
            """\
Merhaba,

Personel Genel Müdürlüğü 49. hafta paylaşım planı:

1. 30.11.2026 10:00 X, Facebook – Görevde yükselme sınavı başvuru takvimi
2. 01.12.2026 14:00 X, LinkedIn – Sözleşmeli personel alımı sonuçları açıklandı
3. 03.12.2026 11:00 X, Instagram, Facebook – Engelli personelimizle 3 Aralık söyleşisi
4. 04.12.2026 LinkedIn – Aralık ayı hizmet içi eğitim programı yayımlandı

İyi çalışmalar,""",
            ok("plan", "pgm", "2026-W49", 4, form="one-post-per-line"),
        )
    )

    add(
        Mail(
            "w49-eakdb-plan",
            eakdb,
            "thunderbird",
            at(27, 11, 14, 10, 38),
            "PAYLAŞIM PLANI: EAKDB 30 Kasım - 6 Aralık 2026",
            """\
Merhaba,

Dairemizin 49. hafta paylaşım planı aşağıdadır. 5 Aralık paylaşımı Gençlik Hizmetleri GM ile ortak yapılacaktır.

Tarih: 01.12.2026
Saat: 11:00
Platform: X, LinkedIn
Konu: Ulusal Gençlik Çalıştayı sonuç bildirgesi yayımlandı
Metin: Ankara'da 81 ilden 500 gencin katılımıyla yapılan Ulusal Gençlik Çalıştayı'nın sonuç bildirgesi yayımlandı. Bildirgede gençlerin istihdam, eğitim ve dijital beceriler konusundaki önerileri yer alıyor.
Bağlantı: https://eakdb.example.gov.tr/calistay/2026-sonuc-bildirgesi
Etiketler: #GençlikÇalıştayı

Tarih: 05.12.2026
Saat: 10:00
Platform: X, Instagram
Konu: Dünya Gönüllüler Günü – Gönüllülük araştırması
Metin: Araştırmamıza göre gençlerimizin yüzde 37'si son bir yılda en az bir gönüllülük faaliyetine katıldı.

En çok tercih edilen alanlar çevre, eğitim ve afet gönüllülüğü oldu.
Etiketler: #DünyaGönüllülerGünü

İyi çalışmalar.""",
            ok("plan", "eakdb", "2026-W49", 2),
        )
    )

    add(
        Mail(
            "w49-rdb-plan-bad-date",
            rdb,
            "thunderbird",
            at(27, 11, 12, 0, 45),
            "HAFTALIK PLAN - RDB",
            """\
Merhaba,

Tarih: 31.11.2026
Saat: 10:00
Platform: X
Konu: Rehberlik ve denetim rehberi güncellendi
Metin: Taşra teşkilatımız için hazırlanan Rehberlik ve Denetim Rehberi'nin 2027 sürümü yayımlandı.

Tarih: 03.12.2026
Saat: 14:00
Platform: X
Konu: Gençlik merkezleri denetim sonuçları
Metin: 2026 yılında 81 ildeki gençlik merkezlerinde yapılan rehberlik çalışmalarının özet sonuçları.

İyi çalışmalar.""",
            no(
                "rejected",
                "bad-date",
                "31 November does not exist; the unit gets a Turkish "
                "rejection naming item 1, field Tarih",
            ),
        )
    )

    add(
        Mail(
            "w49-ytdb-plan-images",
            ytdb,
            "iphone",
            at(27, 11, 18, 22, 30),
            "YTDB haftalık plan 49. hafta",
            """\
Merhaba, 49. hafta planımız. Görseller ekte.

Tarih: 02.12.2026
Saat: 11:00
Platform: Instagram, X
Konu: Sivas Spor Salonu açılışa hazır
Metin: 2.500 seyirci kapasiteli Sivas Spor Salonu 5 Aralık'ta açılıyor. Salon voleybol, basketbol ve hentbol müsabakalarına ev sahipliği yapacak.
Görsel: IMG_2231.jpg

Tarih: 05.12.2026
Saat: 14:00
Platform: Instagram, X, Facebook
Konu: Sivas Spor Salonu hizmete açıldı
Metin: Sivas Spor Salonu Bakanımızın katılımıyla hizmete açıldı. Hayırlı olsun!
Görsel: IMG_2232.png
Etiketler: #YeniTesisler, #Sivas""",
            ok("plan", "ytdb", "2026-W49", 2, images=2),
            attachments=[
                Att("IMG_2231.jpg", "image/jpeg", (ATTACH / "tesis-acilis.jpg").read_bytes()),
                Att("IMG_2232.png", "image/png", png(240, 160, 2)),
            ],
        )
    )

    add(
        Mail(
            "w49-bidb-plan",
            bidb,
            "thunderbird",
            at(27, 11, 16, 30, 2),
            "Haftalık paylaşım planı - BİDB - 2026-W49",
            """\
Merhaba,

Hafta: 2026-W49

Tarih: 02.12.2026
Saat: 10:00
Platform: X, LinkedIn
Konu: e-Devlet'te yeni gençlik hizmetleri
Metin: Gençlik kampı başvurusu ve gençlik merkezi üyeliği artık e-Devlet'te tek ekrandan yapılabiliyor.
Bağlantı: https://bidb.example.gov.tr/duyurular/e-devlet-genclik-hizmetleri

Tarih: 04.12.2026
Saat: 15:00
Platform: X
Konu: Siber güvenlik farkındalık haftası
Metin: Kişisel verilerinizi korumak için şifrelerinizi kimseyle paylaşmayın ve iki adımlı doğrulamayı açın.
Etiketler: #SiberGüvenlik

İyi çalışmalar,""",
            ok("plan", "bidb", "2026-W49", 2),
        )
    )

    # ===================================== during week 49 ===================================
    add(
        Mail(
            "w49-shgm-etkinlik",
            shgm,
            "outlook1254",
            at(30, 11, 9, 40, 14),
            "ETKİNLİK: 3 Aralık Dünya Engelliler Günü Özel Sporcular Şenliği",
            """\
Sayın ilgili,

3 Aralık Dünya Engelliler Günü kapsamında düzenlenecek ulusal etkinliğimizin tüm birimlerin hesaplarından duyurulmasını rica ederiz.

Tarih: 03.12.2026
Saat: 10:00
Platform: X, Instagram, Facebook
Konu: Özel Sporcular Şenliği 81 ilde
Metin: 3 Aralık Dünya Engelliler Günü'nde 81 ilde özel sporcularımızla "Engel Yok, Spor Var" şenlikleri düzenleniyor. Tüm vatandaşlarımız davetlidir.
Bağlantı: https://shgm.example.gov.tr/etkinlikler/ozel-sporcular
Etiketler: #3AralıkDünyaEngellilerGünü, #EngelYokSporVar

Bilgilerinize arz ederim.""",
            ok("announcement", "shgm", "2026-W49", 1),
        )
    )

    add(
        Mail(
            "w49-diab-oneri",
            diab,
            "gmail",
            at(1, 12, 10, 20, 0),
            "İçerik önerisi: Erasmus+ gençlik değişimi başarı hikâyesi",
            """\
Merhaba,

Bakanlık hesapları için bir içerik önerimiz var:

Tarih: 08.12.2026
Saat: 12:00
Platform: Instagram, YouTube
Konu: Erasmus+ ile Avrupa'da bir hafta: Zeynep'in hikâyesi
Metin: Erzincanlı Zeynep, Erasmus+ gençlik değişimi ile Portekiz'de iklim değişikliği üzerine çalışan 30 gençle bir araya geldi. Kısa belgeselimiz yayında!
Bağlantı: https://www.youtube.com/watch?v=DIABerasmus27
Etiketler: #ErasmusPlus, #GençlikDeğişimi

Kolay gelsin,""",
            ok("proposal", "diab", "2026-W50", 1),
        )
    )

    add(
        Mail(
            "w49-ytdb-tanitim",
            ytdb,
            "iphone",
            at(1, 12, 13, 5, 44),
            "TANITIM - Sivas Spor Salonu açılış töreni",
            """\
Açılış töreni tüm birimlerce duyurulabilir:

Tarih: 05.12.2026
Saat: 11:00
Platform: X, Instagram, Facebook
Konu: Sivas Spor Salonu açılış töreni
Metin: Sivas Spor Salonu'nun açılış töreni 5 Aralık Cumartesi 11.00'de yapılacak. Tüm Sivaslıları davet ediyoruz.
Bağlantı: https://ytdb.example.gov.tr/tesisler/sivas-spor-salonu
Etiketler: #Sivas, #YeniTesisler""",
            ok("announcement", "ytdb", "2026-W49", 1),
        )
    )

    add(
        Mail(
            "w49-shgm-spoofed",
            shgm,
            "outlook",
            at(1, 12, 15, 44, 9),
            "ACİL DUYURU - tüm hesaplardan paylaşılacak",
            """\
Merhaba,

Aşağıdaki duyurunun bugün tüm hesaplardan paylaşılması gerekmektedir.

Tarih: 01.12.2026
Platform: X, Instagram
Konu: Milli takım seçmeleri
Metin: Milli takım seçmelerine katılmak için bağlantıdaki formu doldurun.
Bağlantı: https://shgm-secmeler.example.net/form""",
            no(
                "quarantined",
                "auth-failed",
                "a registered unit's address, but dkim=none, spf=fail and "
                "dmarc=fail from our own server",
            ),
            auth="fail",
        )
    )

    add(
        Mail(
            "w49-kygm-oneri",
            kygm,
            "outlook",
            at(2, 12, 11, 31, 27),
            "ÖNERİ - Yurtlarda final haftası: etüt salonları 7/24 açık",
            """\
Merhaba,

Bakanlık hesaplarından paylaşılmak üzere önerimiz:

Tarih: 14.12.2026
Saat: 20:00
Platform: X, Instagram
Konu: Final haftasında etüt salonlarımız 7/24 açık
Metin: Final sınavları boyunca yurtlarımızdaki etüt salonları ve kütüphaneler 7 gün 24 saat açık. Tüm öğrencilerimize başarılar dileriz!
Etiketler: #KYKYurtları, #FinalHaftası

İyi çalışmalar dileriz.""",
            ok("proposal", "kygm", "2026-W51", 1),
        )
    )

    add(
        Mail(
            "w49-ghgm-reshare",
            ghgm,
            "outlook",
            at(2, 12, 17, 10, 0),
            "PAYLAŞIM BİLDİRİMİ - GHGM - 49. hafta",
            """\
Merhaba,

Bakanlığımızın aşağıdaki paylaşımları hesaplarımızdan yeniden paylaşılmıştır.

Tarih: 01.12.2026
Platform: X
Konu: Gençlik Kampları başvuruları başladı
Paylaşım: https://x.com/GencSporBak/status/1995412203311009872
Bağlantı: https://x.com/GenclikHizmetleri/status/1995418861170221432

Tarih: 01.12.2026
Platform: Instagram
Konu: Gençlik Kampları başvuruları başladı
Paylaşım: https://www.instagram.com/p/DRz7qPmjT2k/
Bağlantı: https://www.instagram.com/p/DRz8b5Uj1Xo/

Saygılarımızla,""",
            ok("reshare", "ghgm", "2026-W49", 2),
        )
    )

    add(
        Mail(
            "w49-sgb-oneri-no-konu",
            sgb,
            "outlook",
            at(2, 12, 14, 0, 32),
            "İçerik önerisi - SGB",
            """\
Merhaba,

Bakanlık hesaplarında paylaşılmasını önerdiğimiz içerik:

Tarih: 10.12.2026
Platform: X, LinkedIn
Metin: Bakanlığımız 2027 yılı bütçesi TBMM Genel Kurulu'nda kabul edildi. Gençlerimize ve sporcularımıza yapılan yatırımlar artarak sürecek.

Saygılarımla,""",
            no(
                "rejected",
                "missing-field",
                "the proposal has no Konu line; the unit is told to add one",
            ),
        )
    )

    add(
        Mail(
            "w49-eakdb-reshare",
            eakdb,
            "thunderbird",
            at(3, 12, 12, 15, 50),
            "Paylaşım bildirimi - EAKDB",
            """\
Merhaba,

Bakanlığımızın 3 Aralık paylaşımı hesabımızdan paylaşıldı.

Tarih: 03.12.2026
Platform: X
Konu: 3 Aralık Dünya Engelliler Günü mesajı
Paylaşım: https://x.com/GencSporBak/status/1996140071288520704
Bağlantı: https://x.com/EAKDB_GSB/status/1996151190312960011

İyi çalışmalar.""",
            ok("reshare", "eakdb", "2026-W49", 1),
        )
    )

    add(
        Mail(
            "w49-kygm-foreign-auth",
            kygm,
            "outlook",
            at(3, 12, 13, 2, 18),
            "DUYURU: KYK yurt ücretleri iadesi",
            """\
Merhaba,

Tarih: 04.12.2026
Platform: X, Instagram
Konu: Yurt ücreti iadesi
Metin: Yurt ücreti iadesi için bağlantıdaki forma kart bilgilerinizi giriniz.
Bağlantı: https://kyk-iade.example.net/form""",
            no(
                "quarantined",
                "auth-failed",
                "Authentication-Results only from another host "
                "(mx.bulutposta.example.net), none from ours: not trusted",
            ),
            auth="foreign",
        )
    )

    # ===================================== week 50 plans (sent 3-4 Dec) ====================
    add(
        Mail(
            "w50-ghgm-plan",
            ghgm,
            "outlook",
            at(3, 12, 16, 20, 11),
            "HAFTALIK PLAN - GHGM - 2026-W50",
            """\
Merhaba,

Genel Müdürlüğümüzün 7-13 Aralık haftası paylaşım planı aşağıdadır.

Tarih: 07.12.2026
Saat: 10:00
Platform: X, Instagram
Konu: Gençlik Kampları başvurularında ilk hafta
Metin: 2027 Gençlik Kampları'na ilk haftada 85 bin başvuru yapıldı. Başvurular 31 Aralık'a kadar sürüyor.
Bağlantı: https://ghgm.example.gov.tr/kamplar/2027-basvuru
Etiketler: #GençlikKampları

Tarih: 10.12.2026
Saat: 14:00
Platform: X, Instagram, YouTube
Konu: 10 Aralık İnsan Hakları Günü gençlik söyleşisi
Metin: İnsan Hakları Günü'nde gençlik merkezlerimizde "Haklarımı Biliyorum" söyleşileri düzenleniyor.
Etiketler: #İnsanHaklarıGünü

Tarih: 12.12.2026
Saat: 11:00
Platform: Instagram, TikTok
Konu: Gençlik merkezlerinde hafta sonu atölyeleri
Metin: Bu hafta sonu gençlik merkezlerimizde seramik, dijital tasarım ve tiyatro atölyeleri var.
Etiketler: #GençlikMerkezleri

Saygılarımızla,""",
            ok("plan", "ghgm", "2026-W50", 3),
            logo=True,
        )
    )

    add(
        Mail(
            "w50-shgm-plan",
            shgm2,
            "outlook",
            at(4, 12, 10, 45, 3),
            "HAFTALIK PLAN - SHGM - 2026-W50",
            """\
Merhaba,

Tarih: 08.12.2026
Saat: 11:00
Platform: X, Instagram, Facebook
Konu: Okul Sporları Voleybol Gençler Türkiye Birinciliği
Metin: Okul Sporları Voleybol Gençler Türkiye Birinciliği 8-12 Aralık'ta Antalya'da. Tüm maçlar canlı yayında.
Etiketler: #OkulSporları, #Voleybol

Tarih: 11.12.2026
Saat: 17:00
Platform: X
Konu: Lisanslı sporcu sayısı 10 milyonu aştı
Metin: Ülkemizde lisanslı sporcu sayısı 10 milyonu aştı.
Etiketler: #Spor

Tarih: 13.12.2026
Saat: 10:00
Platform: insta, X
Konu: Kış sporları sezonu Palandöken'de açıldı
Metin: Kayak ve snowboard tutkunları için sezon Palandöken'de açıldı. Milli takım kampları da başladı.
Etiketler: #KışSporları

İyi çalışmalar,""",
            ok("plan", "shgm", "2026-W50", 3),
        )
    )

    add(
        Mail(
            "w50-kygm-plan",
            kygm,
            "outlook",
            at(4, 12, 11, 0, 50),
            "KYGM Haftalık Plan 2026-W50",
            """\
Merhaba,

Tarih: 07.12.2026
Saat: 09:30
Platform: X, Instagram
Konu: Aralık ayı burs ve kredi ödemeleri
Metin: Aralık ayı burs ve kredi ödemeleri 7 Aralık itibarıyla hesaplara yatırılıyor.
Etiketler: #KYK, #BursKredi

Tarih: 09.12.2026
Saat: 20:00
Platform: Instagram
Konu: Yurtlarda kitap okuma saati
Metin: Bu haftanın kitabı: Yaşar Kemal – İnce Memed. Çarşamba 20.00'de tüm yurtlarımızda.
Etiketler: #KitapSaati

İyi çalışmalar dileriz.""",
            ok("plan", "kygm", "2026-W50", 2),
        )
    )

    add(
        Mail(
            "w50-diab-plan",
            diab,
            "gmail",
            at(4, 12, 9, 15, 27),
            "DİAB Paylaşım Planı 7-13 Aralık",
            """\
Merhaba,

Tarih: 09.12.2026
Saat: 11:00
Platform: X, LinkedIn
Konu: Avrupa Gençlik Haftası hazırlık toplantısı
Metin: Avrupa Gençlik Haftası 2027 hazırlıkları kapsamında ulusal ajans ve sivil toplum kuruluşlarıyla bir araya geldik.
Etiketler: #AvrupaGençlikHaftası

Kolay gelsin,""",
            ok("plan", "diab", "2026-W50", 1),
        )
    )

    add(
        Mail(
            "w50-eakdb-plan",
            eakdb,
            "thunderbird",
            at(4, 12, 15, 5, 12),
            "PAYLAŞIM PLANI: EAKDB 7-13 Aralık 2026",
            """\
Merhaba,

Tarih: 08.12.2026
Saat: 10:30
Platform: X, LinkedIn
Konu: Gençlik çalışanı sertifika programı başvuruları
Metin: Gençlik çalışanı sertifika programı 2027 dönemi başvuruları başladı. Programa kamu kurumları, belediyeler ve sivil toplum kuruluşlarında gençlerle çalışan herkes başvurabilir.
Bağlantı: https://eakdb.example.gov.tr/egitim/genclik-calisani-2027
Etiketler: #GençlikÇalışanı

İyi çalışmalar.""",
            ok("plan", "eakdb", "2026-W50", 1),
        )
    )

    add(
        Mail(
            "w50-ytdb-plan-bullets",
            ytdb,
            "iphone",
            at(4, 12, 17, 30, 9),
            "Plan YTDB 50. hafta",
            """\
Merhaba,

- 07.12.2026 11:00 Instagram, X – Erzurum Kandilli kayaklı koşu tesisi yenilendi
- 09.12.2026 14:00 X – Van Gençlik Merkezi temel atma töreni
- 11.12.2026 Instagram – Tesislerimizde enerji verimliliği çalışmaları""",
            ok("plan", "ytdb", "2026-W50", 3, form="one-post-per-line"),
        )
    )

    add(
        Mail(
            "w50-rdb-plan",
            rdb,
            "thunderbird",
            at(3, 12, 10, 40, 0),
            "HAFTALIK PLAN - RDB - 2026-W50",
            """\
Merhaba,

Geçen hafta tarih hatası nedeniyle iade edilen planımızı düzelterek bu haftaya gönderiyoruz.

Tarih: 08.12.2026
Saat: 10:00
Platform: X
Konu: Rehberlik ve denetim rehberi güncellendi
Metin: Taşra teşkilatımız için hazırlanan Rehberlik ve Denetim Rehberi'nin 2027 sürümü yayımlandı.

İyi çalışmalar.""",
            ok("plan", "rdb", "2026-W50", 1),
        )
    )

    add(
        Mail(
            "w50-sgb-plan",
            sgb,
            "outlook",
            at(4, 12, 16, 55, 40),
            "SGB HAFTALIK PLAN - 2026-W50",
            """\
Merhaba,

Tarih: 10.12.2026
Saat: 11:00
Platform: X, LinkedIn
Konu: 2027 yılı bütçemiz TBMM'de kabul edildi
Metin: Bakanlığımızın 2027 yılı bütçesi TBMM Genel Kurulu'nda kabul edildi.

Saygılarımla,""",
            ok("plan", "sgb", "2026-W50", 1),
        )
    )

    add(
        Mail(
            "w50-pgm-plan",
            pgm,
            "outlook",
            at(4, 12, 10, 10, 10),
            "PLAN: Personel GM 50. hafta",
            """\
Merhaba,

Tarih: 08.12.2026
Saat: 10:00
Platform: X, LinkedIn
Konu: Görevde yükselme sınavı başvuruları sürüyor
Metin: Görevde Yükselme ve Unvan Değişikliği Sınavı başvuruları 15 Aralık'a kadar sürüyor.
Bağlantı: https://pgm.example.gov.tr/duyurular/gorevde-yukselme-2026

İyi çalışmalar,""",
            ok("plan", "pgm", "2026-W50", 1),
        )
    )

    # ===================================== during week 50 ===================================
    add(
        Mail(
            "w50-pgm-duyuru",
            pgm,
            "outlook",
            at(7, 12, 9, 5, 0),
            "DUYURU: Sözleşmeli personel alımı sözlü sınav sonuçları",
            """\
Merhaba,

Tarih: 09.12.2026
Saat: 17:00
Platform: X, LinkedIn, Facebook
Konu: Sözleşmeli personel alımı sözlü sınav sonuçları açıklandı
Metin: Bakanlığımız taşra teşkilatı sözleşmeli personel alımı sözlü sınav sonuçları açıklandı. Asıl ve yedek adayların listesine bağlantıdan ulaşabilirsiniz.
Bağlantı: https://pgm.example.gov.tr/duyurular/sozlesmeli-personel-sonuc
Etiketler: #GSB, #PersonelAlımı

İyi çalışmalar,""",
            ok("announcement", "pgm", "2026-W50", 1),
        )
    )

    add(
        Mail(
            "w50-shgm-reshare",
            shgm,
            "outlook",
            at(7, 12, 16, 30, 25),
            "RESHARE - SHGM - 49. hafta bakanlık paylaşımları",
            """\
Merhaba,

Tarih: 05.12.2026
Platform: X
Konu: Sivas Spor Salonu açılışı
Paylaşım: https://x.com/GencSporBak/status/1996872201843511296
Bağlantı: https://x.com/SporHizmetleri/status/1996879934120988731

Bilgilerinize arz ederim.""",
            ok("reshare", "shgm", "2026-W49", 1),
        )
    )


def bounce() -> tuple[str, bytes, datetime, dict[str, object]]:
    """A Postfix DSN for a receipt that could not be delivered (must be ignored)."""
    when = at(1, 12, 11, 2, 9)
    k = "w49-bounce"
    bnd = f"4ZbQ1p0Tq2z{h(k, 6)}.1764576129/{SERVER}"
    orig = (
        f"From: {INTAKE_NAME} <{INTAKE}>\nTo: <eski.sorumlu@ghgm.example.gov.tr>\n"
        f"Subject: =?utf-8?q?Al=C4=B1nd=C4=B1=3A_HAFTALIK_PLAN_-_GHGM_-_2026-W49?=\n"
        f"Auto-Submitted: auto-replied\nMessage-ID: <receipt-{h(k, 12)}@example.gov.tr>\n"
        f"Date: Tue, 1 Dec 2026 11:02:05 +0300\n"
    )
    text = (
        f"This is the mail system at host {SERVER}.\n\nI'm sorry to have to inform you that your message "
        "could not\nbe delivered to one or more recipients. It's attached below.\n\n"
        "                   The mail system\n\n<eski.sorumlu@ghgm.example.gov.tr>: host mx.ghgm.example.gov.tr"
        "[10.21.4.17] said:\n    550 5.1.1 <eski.sorumlu@ghgm.example.gov.tr>: Recipient address rejected:\n"
        "    User unknown in virtual mailbox table (in reply to RCPT TO command)\n"
    )
    status = (
        f"Reporting-MTA: dns; {SERVER}\nX-Postfix-Queue-ID: 4ZbQ1p0Tq2z\n"
        f"Arrival-Date: {rfc2822(when - timedelta(seconds=4))}\n\n"
        "Final-Recipient: rfc822; eski.sorumlu@ghgm.example.gov.tr\n"
        "Original-Recipient: rfc822;eski.sorumlu@ghgm.example.gov.tr\nAction: failed\nStatus: 5.1.1\n"
        "Remote-MTA: dns; mx.ghgm.example.gov.tr\nDiagnostic-Code: smtp; 550 5.1.1\n"
        "    <eski.sorumlu@ghgm.example.gov.tr>: Recipient address rejected: User unknown in\n"
        "    virtual mailbox table\n"
    )
    raw = (
        f"Return-Path: <>\nDelivered-To: {INTAKE}\n"
        f"Received: by {SERVER} (Postfix)\n\tid 4ZbQ1p0Tq2z; {rfc2822(when)}\n"
        f"Date: {rfc2822(when)}\nFrom: MAILER-DAEMON@{SERVER} (Mail Delivery System)\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        f"To: {INTAKE}\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="{bnd}"\n'
        "Content-Transfer-Encoding: 8bit\n"
        f"Message-Id: <20261201080209.4ZbQ1p0Tq2z@{SERVER}>\n\n"
        "This is a MIME-encapsulated message.\n\n"
        f"--{bnd}\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n{text}\n"
        f"--{bnd}\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n{status}\n"
        f"--{bnd}\nContent-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\n{orig}\n"
        f"--{bnd}--\n"
    )
    return (
        k,
        raw.encode("ascii"),
        when,
        no(
            "ignored",
            "bounce",
            "a delivery status notification "
            "(multipart/report, Return-Path: <>) for one of our receipts",
        ),
    )


# --------------------------------------------------------------------------------------------
# Writing the Maildir and expected.yml
# --------------------------------------------------------------------------------------------


def yaml_scalar(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._/()-]*", text)
        and not text.endswith(" ")
        and ":" not in text
    ):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    build_mails()
    for m in MAILS:
        MIDS[m.key] = message_id(m)
    entries: list[tuple[datetime, str, bytes, dict[str, object], str]] = []
    for m in MAILS:
        raw = render(m)
        if (
            m.extra_headers
        ):  # insert after the trace headers, before From/To (as the client wrote them)
            head, _, rest = raw.decode("utf-8").partition(
                "\nFrom: " if m.client != "gmail" else "\nMIME-Version"
            )
            sep = "\nFrom: " if m.client != "gmail" else "\nMIME-Version"
            raw = (head + "\n" + "\n".join(m.extra_headers) + sep + rest).encode("utf-8")
        arrival = m.sent + timedelta(seconds=3 + int(h(m.key, 2), 16) % 20)
        entries.append((arrival, m.key, raw, {**m.expect, "client": m.client}, MIDS[m.key]))
    bk, braw, bwhen, bexp = bounce()
    entries.append((bwhen, bk, braw, bexp, f"<20261201080209.4ZbQ1p0Tq2z@{SERVER}>"))
    entries.sort(key=lambda e: (e[0], e[1]))

    for sub in ("cur", "new", "tmp"):
        folder = MAILDIR / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.name != ".keep":
                old.unlink()
        (folder / ".keep").touch()

    key_to_file: dict[str, str] = {}
    for n, (arrival, key, _raw, _exp, _mid) in enumerate(entries, start=1):
        key_to_file[key] = f"{int(arrival.timestamp())}.M{n}P1.demo:2,"
    lines = [
        "# What the parser must make of every message in samples/mailbox (written by samples/generate.py).",
        "# Keyed by the Maildir file name under cur/. `arrived` is the delivery time (also the file name's",
        "# epoch). Accepted: type, unit, ISO week and number of items as the sender meant them.",
        "# Counts: "
        + ", ".join(
            f"{o} {sum(1 for e in entries if e[3]['outcome'] == o)}"
            for o in ("accepted", "rejected", "ignored", "quarantined")
        ),
        "",
    ]
    for arrival, key, raw, exp, mid in entries:
        name = key_to_file[key]
        (MAILDIR / "cur" / name).write_bytes(raw)
        lines.append(f"{name}:")
        lines.append(f"  key: {key}")
        lines.append(f"  message_id: {yaml_scalar(mid)}")
        lines.append(f"  arrived: {arrival.isoformat()}")
        for k2, v in exp.items():
            if k2 in ("superseded_by", "supersedes"):
                v = key_to_file[str(v)]
            lines.append(f"  {k2}: {yaml_scalar(v)}")
    (HERE / "expected.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} messages to {MAILDIR / 'cur'} and {HERE / 'expected.yml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
