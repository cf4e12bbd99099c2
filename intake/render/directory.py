"""The directory pages: unit contacts, re-share tracking, the submission guide and ``/office/``.

``render_directory(ctx, env)`` returns ``{path under docs/: content}`` for

- ``units/index.md``     every unit's contact point (circular 7), Turkish-sorted;
- ``reshares/index.md``  ministry posts × units, per-unit rates (:mod:`intake.render.reshares`);
- ``guide/index.md``     how to submit, copyable templates, ``mailto:`` links, feeds to subscribe to;
- ``office/index.md``    pending decisions, rejected/quarantined mail, broken files, audit trail;
- ``guide/plan-sablonu.csv`` / ``guide/plan-sablonu.xlsx``  plan templates (deterministic bytes).

Every value a unit (or the config) supplies reaches the Markdown through :mod:`intake.render.markup`
or through :func:`href`, which only builds ``mailto:``/``tel:``/``webcal:``/http(s) targets made of
percent-encoded characters.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

import jinja2

from intake.config import EMAIL, Config
from intake.render import markup
from intake.render.context import SiteContext
from intake.render.reshares import render_reshares, sorted_units
from intake.render.turkish import date_time, long_date, short_date
from intake.reshares import MINISTRY_POSTS_FILE
from intake.timeutil import TZ, iso_week, next_week, week_days

AUDIT_LIMIT = 300  # decisions shown on /office/
PLAN_COLUMNS = ("Tarih", "Saat", "Platform", "Konu", "Metin", "Bağlantı", "Etiketler", "Görsel")
TYPE_NAMES = {
    "plan": "Haftalık plan",
    "proposal": "İçerik önerisi",
    "announcement": "Duyuru / etkinlik",
    "reshare": "Paylaşım bildirimi",
}
SUBJECTS = {
    "plan": "HAFTALIK PLAN",
    "proposal": "İÇERİK ÖNERİSİ",
    "announcement": "DUYURU",
    "reshare": "PAYLAŞIM BİLDİRİMİ",
}
VIA_NAMES = {"email": "e-posta", "cli": "komut satırı", "file": "dosya düzenleme"}
ACTIONS = {  # audit trail actions (intake.office)
    "approved": "onay",
    "rejected": "ret",
    "released": "bekletilen planı serbest bırakma",
    "crisis-start": "kriz başlatma",
    "crisis-end": "kriz bitirme",
    "post-add": "bakanlık paylaşımı ekleme",
}
REASONS = {  # reason codes of intake.parse.reasons, for the office
    "too-large": "ileti çok büyük",
    "too-complex": "ileti çok karmaşık (çok fazla parça)",
    "spam": "istenmeyen posta işareti var",
    "ambiguous-from": "gönderen adresi belirsiz",
    "unknown-sender": "gönderen adresi hiçbir birime kayıtlı değil",
    "auth-failed": "kimlik doğrulaması (DMARC/DKIM/SPF) geçmedi",
    "parser-error": "ileti okunurken beklenmeyen hata",
    "unknown-type": "gönderi türü anlaşılamadı",
    "empty": "kullanılabilir içerik yok",
    "missing-field": "zorunlu alan eksik",
    "bad-date": "tarih okunamadı",
    "bad-time": "saat okunamadı",
    "bad-platform": "bilinmeyen platform",
    "bad-link": "bağlantı http(s) değil",
    "too-many-items": "çok fazla gönderi",
    "too-many-links": "çok fazla bağlantı",
    "bad-attachment": "plan eki (CSV/XLSX) okunamadı",
}
# The parser records its details for the log in English (intake/parse/receive.py, sender.py);
# the office page says them in Turkish. Each pattern is one detail the parser writes; anything
# else is shown as it is.
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), turkish)
    for pattern, turkish in (
        (
            r"^(?P<a>\S+) is not a registered unit address$",
            "{a} hiçbir birimin kayıtlı adresi değil",
        ),
        (r"^(?P<a>\S+) \(unit (?P<u>[^)]+)\): (?P<rest>.*)$", "{a} ({u} birimi): {rest}"),
        (
            r"^no Authentication-Results from (?P<h>\S+)$",
            "{h} sunucusunun kimlik doğrulama sonucu (Authentication-Results) yok",
        ),
        (
            r"^(?P<m>\w+) did not pass at (?P<h>\S+)(?: \((?P<o>.*)\))?$",
            "{M} denetimi {h} sunucusunda geçmedi{o_}",
        ),
        (
            r"^conflicting (?P<m>\w+) results from (?P<h>\S+) \((?P<o>.*)\)$",
            "{h} sunucusunun {M} sonuçları çelişiyor ({o})",
        ),
        (r"^ambiguous sender: (?P<rest>.*)$", "gönderen belirsiz: {rest}"),
        (r"^From names (?P<n>\d+) addresses$", "Kimden satırında {n} adres var"),
        (r"^display name carries another address$", "gönderen adında başka bir adres var"),
        (r"^spam-flagged by the mail server$", "posta sunucusu istenmeyen posta olarak işaretledi"),
        (r"^a delivery status notification \(bounce\)$", "teslim edilemedi bildirimi"),
        (r"^out-of-office subject$", "otomatik yanıt (ofis dışında) konusu"),
        (r"^mailing-list headers$", "e-posta listesi iletisi"),
        # the fetch's own (intake/dispatch.py, pipeline.py, parser_process.py)
        (
            r"^the parser took longer than (?P<s>[\d.]+) s \(limits\.parse_seconds\) on this "
            r"message and was stopped$",
            "ileti {s} saniyede okunamadı ve okuma durduruldu (limits.parse_seconds)",
        ),
        (
            r"^the parser process ended \((?P<how>[^)]*)\) on this message$",
            "ileti okunurken okuyucu süreç sonlandı ({how})",
        ),
        (
            r"^failed (?P<n>\d+) times; last error: (?P<e>.*)$",
            "{n} kez denendi, olmadı; son hata: {e}",
        ),
        (
            r"^the same message was already read \((?P<first>[^)]*)\)$",
            "aynı ileti daha önce okundu ({first})",
        ),
        (
            r"^(?P<n>\d+) bytes, over limits\.max_message_bytes \((?P<l>\d+)\); not downloaded$",
            "ileti {n} bayt, sınırın ({l} bayt, limits.max_message_bytes) üstünde; indirilmedi",
        ),
        (
            r"^the submission id (?P<i>\S+) is already used by another message .*$",
            "{i} kimliği başka bir iletinin (aynı Message-ID, başka içerik?); Daireye ayrıldı",
        ),
        (
            r"^the submission did not validate: (?P<e>.*)$",
            "gönderi dosyası doğrulanamadı (intake hatası; bildirin): {e}",
        ),
    )
)


def turkish_detail(detail: str) -> str:
    """A parser detail (English, for the log) as the office reads it."""
    for pattern, turkish in _DETAILS:
        found = pattern.match(detail)
        if found:
            parts = {k: v or "" for k, v in found.groupdict().items()}
            parts["M"] = parts.get("m", "").upper()
            parts["o_"] = f" (sonuç: {parts['o']})" if parts.get("o") else ""
            if "rest" in parts:
                parts["rest"] = turkish_detail(parts["rest"])
            return turkish.format(**parts)
    return detail


def reason_cell(reason: str) -> str:
    """The reason in words; its code (e.g. ``missing-field``) only in the tooltip."""
    if reason in REASONS:
        return f'<span title="Kod: {reason}">{REASONS[reason]}</span>'
    return markup.inline(reason)


_HREF_SAFE = re.compile(r"^(?:https?://|webcal://|mailto:|tel:)[A-Za-z0-9%._~:/?#@!$&+,;=-]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,30}$")
_FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_DOC_TIME = datetime(2026, 1, 1, 0, 0, 0)  # xlsx core properties are naive UTC


# --- links built from config values ----------------------------------------------------------


def href(label: str, target: str) -> str:
    """``[label](target)`` for a target we built; refuses anything that could leave the link."""
    if not _HREF_SAFE.match(target):
        raise ValueError(f"unsafe link target {target!r}")
    return f"[{markup.inline(label)}]({target})"


def mailto(address: str, subject: str = "", body: str = "") -> str | None:
    """RFC 6068 ``mailto:`` URL (UTF-8 percent-encoded, CRLF line breaks); None for a bad address."""
    address = markup.clean(address).strip()
    if not EMAIL.match(address) or any(c in address for c in "()[]?&#%,;:'`\\"):
        return None
    url = "mailto:" + quote(address, safe="@.+-_")
    params = []
    if subject:
        params.append("subject=" + quote(subject, safe=""))
    if body:
        params.append("body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return url + ("?" + "&".join(params) if params else "")


def tel(phone: str) -> str | None:
    """``+90 312 596 61 10`` → ``tel:+903125966110``; None when it is not a phone number."""
    phone = markup.clean(phone).strip()
    if not _PHONE.match(phone):
        return None
    digits = re.sub(r"[^0-9]", "", phone)
    return f"tel:{'+' if phone.startswith('+') else ''}{digits}" if len(digits) >= 3 else None


def mail_link(address: str) -> str:
    """A ``mailto:`` link whose text may wrap after the ``@`` (long addresses in narrow cells)."""
    target = mailto(address)
    if target is None:
        return markup.inline(address)
    local, _, domain = markup.clean(address).strip().rpartition("@")
    return f"[{markup.inline(local)}&#64;<wbr>{markup.inline(domain)}]({target})"


def code_id(value: str) -> str:
    """A submission id as inline code when it has the id shape; otherwise inert text."""
    return f"`{value}`" if _ID.match(value) else markup.inline(value)


def feed_links(site_url: str, name: str) -> tuple[str, str]:
    """(``https://…/calendar/<name>``, ``webcal://…/calendar/<name>``) for a feed file."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    https = markup.safe_url(base + "calendar/" + name) or ""
    return https, re.sub(r"^https?://", "webcal://", https)


def link_or_text(label: str, target: str | None) -> str:
    """:func:`href` when ``target`` is a safe link, else the label as inert text."""
    if target and _HREF_SAFE.match(target):
        return href(label, target)
    return markup.inline(label)


# --- office ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailRow:
    when: str
    sender: str
    subject: str
    reason: str
    detail: str


def _mail_rows(entries: Any) -> list[MailRow]:
    rows = []
    for e in entries if isinstance(entries, list) else []:
        if not isinstance(e, Mapping):
            continue
        when = e.get("date") or e.get("recorded") or e.get("at") or ""
        if isinstance(when, str):
            with contextlib.suppress(ValueError):
                when = datetime.fromisoformat(when)
        shown = date_time(when) if isinstance(when, datetime) and when.tzinfo else str(when)
        reason = str(e.get("reason") or "")
        detail = e.get("detail") or ""
        problems = e.get("problems")
        if isinstance(problems, list) and problems:
            detail = "; ".join(str(p) for p in problems)
        rows.append(
            MailRow(
                shown,
                str(e.get("sender") or ""),
                str(e.get("subject") or ""),
                reason,
                turkish_detail(str(detail)),
            )
        )
    return rows


@dataclass(frozen=True)
class MailLog:
    note: str | None  # why the lists are empty or missing, for the office
    rejected: tuple[MailRow, ...]
    quarantined: tuple[MailRow, ...]
    rejected_total: int | None  # all-time count when the ledger gives no per-message list
    audit: tuple[Mapping[str, Any], ...] = ()  # the audit trail, newest first


def _audit_time(value: object) -> str:
    try:
        return date_time(datetime.fromisoformat(str(value)))
    except ValueError:
        return markup.inline(str(value))


def mail_log(config: Config) -> MailLog:
    """Rejected and quarantined mail from ``intake.status.collect`` (the ledger), if available."""
    try:
        from intake import status  # written by another module owner; optional until it lands
    except ImportError:
        return MailLog(
            "Posta kayıt defteri bu kurulumda okunamıyor (intake.status yok).", (), (), None
        )
    collect = getattr(status, "collect", None)
    if collect is None:
        return MailLog(
            "Posta kayıt defteri bu kurulumda okunamıyor (intake.status.collect yok).", (), (), None
        )
    try:
        data = collect(config)
    except Exception as exc:  # the office page must still build; say why the list is missing
        return MailLog(
            f"Posta kayıt defteri okunamadı ({type(exc).__name__}); sunucuda "
            "intake status komutunu çalıştırın.",
            (),
            (),
            None,
        )
    if not isinstance(data, Mapping):
        return MailLog("Posta kayıt defteri beklenmeyen biçimde.", (), (), None)
    rejected = tuple(_mail_rows(data.get("rejected")))
    quarantined = tuple(_mail_rows(data.get("quarantined", data.get("quarantine"))))
    totals = data.get("totals")
    rejected_total = None
    if "rejected" not in data and isinstance(totals, Mapping):
        count = totals.get("rejected")
        rejected_total = count if isinstance(count, int) else None
    note = None
    if not data.get("last_run") and not rejected and not quarantined:
        note = (
            "Posta kayıt defteri boş: henüz hiç posta okunmamış (intake fetch çalışmamış olabilir)."
        )
    audit = data.get("audit")
    entries = tuple(a for a in audit if isinstance(a, Mapping)) if isinstance(audit, list) else ()
    return MailLog(note, rejected, quarantined, rejected_total, entries)


# --- plan templates ----------------------------------------------------------------------------


def plan_template_csv() -> bytes:
    """Header row only, ``;``-separated, UTF-8 with BOM and CRLF: what Turkish Excel opens cleanly."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow(PLAN_COLUMNS)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def normalize_zip(raw: bytes) -> bytes:
    """The same archive with every member's timestamp and permissions fixed: same input, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, src.read(member), compresslevel=6)
    return out.getvalue()


def plan_template_xlsx() -> bytes:
    """Sheet "Plan" (header row, text-formatted columns) and sheet "Açıklama" (how to fill it in)."""
    from openpyxl import Workbook  # imported lazily: only needed here
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(list(PLAN_COLUMNS))
    widths = (12, 8, 22, 40, 60, 40, 24, 20)
    for col, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        ws.column_dimensions[letter].width = width
        for row in range(2, 201):  # text cells: Excel keeps 02.12.2026 and 10:30 as written
            ws.cell(row=row, column=col).number_format = "@"
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("Açıklama")
    for line in (
        ("Sütun", "Ne yazılır", "Örnek"),
        ("Tarih", "Zorunlu. Paylaşım günü.", "02.12.2026"),
        ("Saat", "İsteğe bağlı. SS:DD ya da SS.DD", "10:30"),
        ("Platform", "Virgülle ayrılmış platformlar", "X, Instagram"),
        ("Konu", "Zorunlu. Paylaşımın konusu", "Gençlik kampları başvuruları başladı"),
        ("Metin", "Paylaşım metni", "Başvurular 15 Aralık'a kadar sürüyor."),
        ("Bağlantı", "http(s) ile başlayan adres", "https://www.example.gov.tr/kamp"),
        ("Etiketler", "Virgülle ayrılmış etiketler", "gençlik, kamp"),
        ("Görsel", "E-postaya eklediğiniz görselin dosya adı", "kamp-afis.jpg"),
        (
            "",
            "Her satır bir paylaşımdır. Bu sayfayı silmeniz gerekmez; yalnızca Plan sayfası okunur.",
            "",
        ),
    ):
        help_ws.append(list(line))
    help_ws.column_dimensions["A"].width = 12
    help_ws.column_dimensions["B"].width = 60
    help_ws.column_dimensions["C"].width = 40
    wb.active = 0
    return workbook_bytes(wb, "Haftalık paylaşım planı şablonu")


def workbook_bytes(wb: Any, title: str) -> bytes:
    """An openpyxl workbook as XLSX bytes with fixed properties and timestamps (same input, same
    bytes)."""
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.creator = "intake"
    props.lastModifiedBy = "intake"
    props.title = title
    props.created = FIXED_DOC_TIME
    props.modified = FIXED_DOC_TIME
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # save_workbook() would stamp "modified" with now
    return normalize_zip(buf.getvalue())


# --- guide -------------------------------------------------------------------------------------


def _example_bodies(now: datetime) -> dict[str, str]:
    """Filled-in example messages, dated in the coming week (what a unit sends on Friday)."""
    days = week_days(next_week(iso_week(now.astimezone(TZ).date())))
    d = [f"{day:%d.%m.%Y}" for day in days]
    week = iso_week(days[0])
    return {
        "plan": (
            f"Hafta: {week}\n\n"
            f"Tarih: {d[0]}\nSaat: 10:30\nPlatform: X, Instagram\n"
            "Konu: Gençlik kampları başvuruları başladı\n"
            "Metin: Yaz kamplarına başvurular 15 Aralık'a kadar sürüyor.\n"
            "Bağlantı: https://www.example.gov.tr/kamp\nEtiketler: gençlik, kamp\n"
            "---\n"
            f"Tarih: {d[2]}\nSaat: 14.00\nPlatform: Facebook\n"
            "Konu: Gönüllülük haftası etkinlikleri\n"
            "Metin: Gönüllü gençlerimizle 81 ilde buluşuyoruz.\n"
        ),
        "proposal": (
            "Konu: Dünya Engelliler Günü paylaşımı\n"
            f"Tarih: {d[3]}\nSaat: 11:00\nPlatform: X, Instagram, Facebook\n"
            "Metin: Engelleri birlikte aşıyoruz. Spor herkes için.\n"
            "Bağlantı: https://www.example.gov.tr/engelsiz-spor\n"
            "Görsel: engelsiz-spor.jpg\n"
        ),
        "announcement": (
            "Konu: Ulusal Gençlik Zirvesi\n"
            f"Tarih: {d[4]}\nSaat: 09:30\nPlatform: X, Instagram, YouTube\n"
            "Metin: Ulusal Gençlik Zirvesi Ankara'da başlıyor. Canlı yayın bağlantısı ektedir.\n"
            "Bağlantı: https://www.example.gov.tr/zirve\n"
        ),
        "reshare": (
            "Paylaşım: BP-2026-49-1\n"
            "Paylaşımımız: https://x.com/birimhesabi/status/1864000000000000001\n"
            "Konu: Gençlik kampları duyurusu\n"
            "---\n"
            "Paylaşım: https://www.instagram.com/p/BAKANLIK123/\n"
            "Paylaşımımız: https://www.instagram.com/p/BIRIM456/\n"
            "Konu: Milli takım tebriki\n"
        ),
    }


def _guide_context(ctx: SiteContext) -> dict[str, Any]:
    address = ctx.config.site.intake_address
    bodies = _example_bodies(ctx.now)
    types = []
    for t in ("plan", "proposal", "announcement", "reshare"):
        url = mailto(address, SUBJECTS[t], bodies[t]) if address else None
        types.append(
            {
                "type": t,
                "name": TYPE_NAMES[t],
                "subject": SUBJECTS[t],
                "body": bodies[t].rstrip("\n"),
                "mail_link": href(f"{TYPE_NAMES[t]} e-postasını hazır şablonla açın", url)
                if url
                else None,
            }
        )
    feeds = []
    for name, title in (
        ("agenda.ics", "Gündem toplantısı takvimi"),
        ("shares.ics", "Planlı paylaşımlar takvimi"),
    ):
        https, webcal = feed_links(ctx.config.site.url, name)
        feeds.append(
            {
                "title": title,
                "https": link_or_text(https, https),
                "webcal": link_or_text(f"{title} (webcal aboneliği)", webcal),
                "url": https,
            }
        )
    example_day = week_days(next_week(iso_week(ctx.now.astimezone(TZ).date())))[2]
    return {
        "address": address,
        "address_link": mail_link(address) if address.strip() else None,
        "types": types,
        "feeds": feeds,
        "example_line": f"{example_day:%d.%m.%Y} 10:30 X, Instagram – Gençlik kampları başvuruları başladı",
        "example_long": long_date(example_day),
        "columns": PLAN_COLUMNS,
        "office_name": ctx.config.office.name,
        "ministry_posts_file": f"calendar/{MINISTRY_POSTS_FILE}",
        "late_after_days": ctx.config.reshares.late_after_days,
    }


# --- pages -------------------------------------------------------------------------------------


def _units_context(ctx: SiteContext) -> dict[str, Any]:
    rows = []
    for unit in sorted_units(ctx.config):
        c = unit.contact
        phone = tel(c.phone) if c.phone else None
        rows.append(
            {
                "name": unit.name,
                "short": unit.label,
                "contact": c.name,
                "title": c.title,
                "phone": href(c.phone, phone) if phone else markup.inline(c.phone),
                "email": mail_link(c.email),
                "addresses": [mail_link(a) for a in unit.addresses],
            }
        )
    return {"units": rows, "office_name": ctx.config.office.name}


def wrappable(text: str) -> str:
    """Inert Markdown in which long addresses may wrap after each ``@``."""
    return markup.inline(text).replace("&#64;", "&#64;<wbr>")


def _mail_view(row: MailRow) -> dict[str, str]:
    """A ledger row as inert Markdown cells (the template prints them as they are)."""
    return {
        "when": markup.inline(row.when),
        "sender": wrappable(row.sender),
        "subject": markup.inline(row.subject),
        "reason": reason_cell(row.reason),
        "detail": wrappable(row.detail),
    }


def _office_context(ctx: SiteContext) -> dict[str, Any]:
    labels = {u.id: u.label for u in ctx.config.units}
    pending = sorted(
        (
            s
            for s in ctx.submissions
            if s.type in ("proposal", "announcement") and s.status == "pending"
        ),
        key=lambda s: (s.received, s.id),
    )
    decided = sorted(
        (s for s in ctx.submissions if s.decision is not None),
        key=lambda s: (s.decision.at if s.decision else s.received, s.id),
        reverse=True,
    )
    log = mail_log(ctx.config)
    from intake.render.pages import pending_links  # pages imports this module

    links = pending_links(ctx, "../")
    return {
        "pending": [
            {
                "id": code_id(s.id),
                "href": links.get(s.id, ""),
                "unit": labels.get(s.unit, s.unit),
                "type": TYPE_NAMES.get(s.type, markup.inline(s.type)),
                "topics": "; ".join(i.topic for i in s.items),
                "first": min((i.date for i in s.items if i.date), default=None),
                "received": date_time(s.received),
            }
            for s in pending
        ],
        "held": [
            {
                "id": code_id(s.id),
                "unit": labels.get(s.unit, s.unit),
                "first": min((i.date for i in s.items if i.date), default=None),
                "received": date_time(s.received),
            }
            for s in sorted(
                (s for s in ctx.submissions if s.status == "held"), key=lambda s: (s.received, s.id)
            )
        ],
        "decided": [
            {
                "id": code_id(s.id),
                "unit": labels.get(s.unit, s.unit),
                "type": TYPE_NAMES.get(s.type, markup.inline(s.type)),
                "status": {"approved": "Onaylandı", "rejected": "Reddedildi"}.get(
                    s.status, markup.inline(s.status)
                ),
                "by": s.decision.by,
                "at": date_time(s.decision.at),
                "via": VIA_NAMES.get(s.decision.via, s.decision.via),
                "note": s.decision.note,
                "topics": "; ".join(i.topic for i in s.items),
            }
            for s in decided[:AUDIT_LIMIT]
            if s.decision is not None
        ],
        "decided_total": len(decided),
        "audit": [
            {
                "at": _audit_time(a.get("at")),
                "actor": markup.inline(str(a.get("actor", ""))),
                "via": VIA_NAMES.get(str(a.get("via")), markup.inline(str(a.get("via", "")))),
                "action": ACTIONS.get(
                    str(a.get("action")), markup.inline(str(a.get("action", "")))
                ),
                "target": markup.inline(str(a.get("target", ""))),
                "detail": wrappable(str(a.get("detail", ""))),
            }
            for a in log.audit
        ],
        "audit_limit": AUDIT_LIMIT,
        "mail_note": log.note,
        "rejected": [_mail_view(m) for m in log.rejected],
        "rejected_total": log.rejected_total,
        "quarantined": [_mail_view(m) for m in log.quarantined],
        "broken": list(ctx.broken),
        "short_date": short_date,
    }


def render_directory(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str | bytes]:
    """The four pages and the two plan templates, keyed by their path under ``docs/``."""
    common = {"now": ctx.now, "generated_week": iso_week(ctx.now.astimezone(TZ).date())}
    out: dict[str, str | bytes] = {
        "units/index.md": env.get_template("pages/units.md.j2").render(
            **common, **_units_context(ctx)
        ),
        "reshares/index.md": render_reshares(ctx, env, common),
        "guide/index.md": env.get_template("pages/guide.md.j2").render(
            **common, **_guide_context(ctx)
        ),
        "office/index.md": env.get_template("pages/office.md.j2").render(
            **common, **_office_context(ctx)
        ),
        "guide/plan-sablonu.csv": plan_template_csv(),
        "guide/plan-sablonu.xlsx": plan_template_xlsx(),
    }
    return out


__all__ = [
    "feed_links",
    "href",
    "mailto",
    "plan_template_csv",
    "plan_template_xlsx",
    "render_directory",
    "tel",
]
