"""The directory pages: unit contacts, re-share tracking, the submission guide and ``/office/``.

``render_directory(ctx, env)`` returns ``{path under docs/: content}`` for

- ``units/index.md``     every unit's contact point (circular 7), Turkish-sorted;
- ``reshares/index.md``  ministry posts × units: who re-shared, who has not, per-unit rate (circular 8);
- ``guide/index.md``     how to submit, copyable templates, ``mailto:`` links, feeds to subscribe to;
- ``office/index.md``    pending decisions, rejected/quarantined mail, broken files, audit trail;
- ``guide/plan-sablonu.csv`` / ``guide/plan-sablonu.xlsx``  plan templates (deterministic bytes).

Every value a unit (or the config) supplies reaches the Markdown through :mod:`intake.render.markup`
or through :func:`href`, which only builds ``mailto:``/``tel:``/``webcal:``/http(s) targets made of
percent-encoded characters.

Ministry posts to re-share come from ``<calendar>/ministry-posts.yml`` when the office keeps one::

    - id: BP-2026-49-1          # short id units quote in "Paylaşım: BP-2026-49-1"
      date: 2026-12-02
      topic: Gençlik kampları başvuruları
      link: https://x.com/gencliksporbak/status/1864000000000000001

and otherwise from the ``reshare_of`` values of the units' re-share reports.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import jinja2

from intake.config import EMAIL, Config, Unit
from intake.errors import Problem, ValidationError
from intake.model import Submission
from intake.render import markup
from intake.render.context import SiteContext
from intake.render.turkish import date_time, long_date, short_date, week_label
from intake.store import load_yaml
from intake.textnorm import fold, sort_key
from intake.timeutil import TZ, iso_week, next_week, week_days

MINISTRY_POSTS_FILE = "ministry-posts.yml"
RECENT_WEEKS = 8  # weeks of re-share tables shown, newest first
AUDIT_LIMIT = 300  # decisions shown on /office/
UNMATCHED_LIMIT = 50  # re-share reports quoting no listed post, newest first
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
_DROP_PARAMS = {"s", "t", "si", "igsh", "igshid", "ref", "ref_src", "feature", "fbclid"}
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


# --- re-share tracking -------------------------------------------------------------------------


@dataclass(frozen=True)
class MinistryPost:
    """A post on the ministry's (or the Minister's) account that every unit must re-share."""

    key: str  # matching key (see post_key)
    id: str  # as the office or the unit wrote it: a short id or the post's URL
    date: date
    topic: str
    link: str | None
    listed: bool  # from ministry-posts.yml (else inferred from the units' reports)

    @property
    def week(self) -> str:
        return iso_week(self.date)


@dataclass(frozen=True)
class ReshareReport:
    unit: str
    post_key: str
    reshare_of: str  # as the unit wrote it
    url: str | None  # the unit's own post
    topic: str
    submission: str
    received: datetime


@dataclass(frozen=True)
class UnitRate:
    unit: Unit
    done: tuple[str, ...]  # post keys re-shared
    missing: tuple[str, ...]  # post keys not (yet) reported

    @property
    def total(self) -> int:
        return len(self.done) + len(self.missing)

    @property
    def rate(self) -> float | None:
        return len(self.done) / self.total if self.total else None

    @property
    def percent(self) -> str:
        """Turkish style, sign first: ``%67``; ``—`` when there was nothing to re-share."""
        return "—" if self.rate is None else f"%{round(self.rate * 100)}"


@dataclass(frozen=True)
class ReshareWeek:
    """One week's ministry posts and each unit's re-shares (what the agenda page shows)."""

    week: str
    posts: tuple[MinistryPost, ...]
    units: tuple[UnitRate, ...]  # every unit of intake.yml, Turkish-sorted by name
    reports: Mapping[tuple[str, str], ReshareReport]  # (unit id, post key) → report

    @property
    def done(self) -> int:
        return sum(len(u.done) for u in self.units)

    @property
    def expected(self) -> int:
        return len(self.posts) * len(self.units)


@dataclass(frozen=True)
class ReshareTracking:
    posts: tuple[MinistryPost, ...]  # by date, then id
    reports: tuple[ReshareReport, ...]  # matched to a post
    unmatched: tuple[
        ReshareReport, ...
    ]  # quoting no listed post (only when the office keeps a list)
    listed: bool  # the office keeps ministry-posts.yml


def post_key(value: str) -> str:
    """Matching key: URLs without tracking parameters/``www.``/trailing ``/`` (twitter = x); ids folded."""
    value = markup.clean(value).strip()
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        host = parts.netloc.lower().removeprefix("www.").removeprefix("mobile.")
        if host == "twitter.com":
            host = "x.com"
        query = urlencode(
            sorted(
                (k, v)
                for k, v in parse_qsl(parts.query)
                if k.lower() not in _DROP_PARAMS and not k.lower().startswith("utm_")
            )
        )
        return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))
    return "id:" + " ".join(fold(value).split())


def load_ministry_posts(path: Path) -> list[MinistryPost] | None:
    """The office's list, or None when the file does not exist. A bad file is refused as a whole."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = load_yaml(text)
    except Exception as exc:  # yaml.YAMLError and friends: one clear message
        raise ValidationError(
            str(path),
            [
                Problem(
                    "(file)",
                    f"is not valid YAML ({exc})",
                    "fix the indentation; see the guide page",
                )
            ],
        ) from exc
    if isinstance(data, Mapping) and "posts" in data:
        data = data["posts"]
    if data is None:
        return []
    problems: list[Problem] = []
    if not isinstance(data, list):
        raise ValidationError(
            str(path),
            [
                Problem(
                    "(file)",
                    "must be a list of posts",
                    "write one `- id: … date: … topic: … link: …` per post",
                )
            ],
        )
    posts: list[MinistryPost] = []
    seen: set[str] = set()
    for i, raw in enumerate(data):
        where = f"[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(
                Problem(where, "must be a mapping", "write `- id: …` with date, topic, link")
            )
            continue
        for k in raw:
            if k not in ("id", "date", "topic", "link"):
                problems.append(
                    Problem(f"{where}.{k}", "is not a known key", "use id, date, topic, link")
                )
        pid, day, topic, link = raw.get("id"), raw.get("date"), raw.get("topic"), raw.get("link")
        if isinstance(pid, int) and not isinstance(pid, bool):
            pid = str(pid)
        if not isinstance(pid, str) or not pid.strip():
            problems.append(
                Problem(f"{where}.id", "is missing", "write a short id, e.g. `id: BP-2026-49-1`")
            )
        elif post_key(pid) in seen:
            problems.append(
                Problem(f"{where}.id", f"{pid!r} is used twice", "give every post its own id")
            )
        if isinstance(day, datetime) or not isinstance(day, date):
            problems.append(
                Problem(
                    f"{where}.date", f"must be a date, got {day!r}", "write e.g. `date: 2026-12-02`"
                )
            )
        if not isinstance(topic, str) or not topic.strip():
            problems.append(Problem(f"{where}.topic", "is missing", "write what the post is about"))
        if link is not None and (not isinstance(link, str) or markup.safe_url(link) is None):
            problems.append(
                Problem(
                    f"{where}.link",
                    f"{link!r} is not an http(s) address",
                    "write the post's full https:// address or leave it out",
                )
            )
        if (
            problems
            or not isinstance(pid, str)
            or not isinstance(day, date)
            or not isinstance(topic, str)
        ):
            continue
        seen.add(post_key(pid))
        if isinstance(link, str):
            seen.add(post_key(link))
        posts.append(
            MinistryPost(
                post_key(pid),
                pid.strip(),
                day,
                topic.strip(),
                link if isinstance(link, str) else None,
                True,
            )
        )
    if problems:
        raise ValidationError(str(path), problems)
    return posts


def _reports(submissions: Iterable[Submission]) -> list[ReshareReport]:
    out = []
    for sub in submissions:
        if sub.type != "reshare" or sub.status in ("superseded", "rejected"):
            continue
        for item in sub.items:
            if not item.reshare_of:
                continue
            out.append(
                ReshareReport(
                    sub.unit,
                    post_key(item.reshare_of),
                    item.reshare_of,
                    item.reshare_url,
                    item.topic,
                    sub.id,
                    sub.received,
                )
            )
    out.sort(key=lambda r: (r.received, r.submission, r.post_key))
    return out


_LAST: list[tuple[SiteContext, ReshareTracking]] = []  # one entry: the build's context


def reshare_tracking(ctx: SiteContext) -> ReshareTracking:
    """Ministry posts (the office's list, else inferred from reports) and the reports matched to them.

    Remembered for the last context (by identity), so one call per agenda week stays cheap.
    """
    if _LAST and _LAST[0][0] is ctx:
        return _LAST[0][1]
    tracking = _tracking(ctx)
    _LAST[:] = [(ctx, tracking)]
    return tracking


def _tracking(ctx: SiteContext) -> ReshareTracking:
    listed = load_ministry_posts(ctx.config.paths.calendar / MINISTRY_POSTS_FILE)
    reports = _reports(ctx.submissions)
    if listed is not None:
        alias = {p.key: p.key for p in listed}
        alias.update({post_key(p.link): p.key for p in listed if p.link})
        matched = [_rekey(r, alias[r.post_key]) for r in reports if r.post_key in alias]
        unmatched = [r for r in reports if r.post_key not in alias]
        posts = listed
    else:
        first: dict[str, ReshareReport] = {}
        for r in reports:
            first.setdefault(r.post_key, r)
        posts = []
        for key, r in first.items():
            link = r.reshare_of if markup.safe_url(r.reshare_of) else None
            posts.append(
                MinistryPost(
                    key,
                    r.reshare_of.strip(),
                    r.received.astimezone(TZ).date(),
                    r.topic,
                    link,
                    False,
                )
            )
        matched, unmatched = reports, []
    posts.sort(key=lambda p: (p.date, sort_key(p.id)))
    return ReshareTracking(tuple(posts), tuple(matched), tuple(unmatched), listed is not None)


def _rekey(report: ReshareReport, key: str) -> ReshareReport:
    return ReshareReport(
        report.unit,
        key,
        report.reshare_of,
        report.url,
        report.topic,
        report.submission,
        report.received,
    )


def sorted_units(config: Config) -> list[Unit]:
    return sorted(config.units, key=lambda u: (sort_key(u.name), u.id))


def _week(
    tracking: ReshareTracking,
    config: Config,
    week: str | None,
    posts: Iterable[MinistryPost] | None = None,
) -> ReshareWeek:
    chosen = tuple(posts if posts is not None else (p for p in tracking.posts if p.week == week))
    keys = {p.key for p in chosen}
    reports: dict[tuple[str, str], ReshareReport] = {}
    for r in tracking.reports:
        if r.post_key in keys:
            reports.setdefault((r.unit, r.post_key), r)
    rows = tuple(
        UnitRate(
            unit,
            tuple(p.key for p in chosen if (unit.id, p.key) in reports),
            tuple(p.key for p in chosen if (unit.id, p.key) not in reports),
        )
        for unit in sorted_units(config)
    )
    return ReshareWeek(week or "", chosen, rows, reports)


def reshare_summary(ctx: SiteContext, week: str) -> ReshareWeek:
    """Per-unit re-share rate for the ministry posts dated in ``week`` (``2026-W49``)."""
    return _week(reshare_tracking(ctx), ctx.config, week)


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


def _reshares_context(ctx: SiteContext, tracking: ReshareTracking) -> dict[str, Any]:
    weeks = sorted({p.week for p in tracking.posts}, reverse=True)
    shown = weeks[:RECENT_WEEKS]
    tables = []
    labels = {u.id: u.label for u in ctx.config.units}
    for week in shown:
        summary = _week(tracking, ctx.config, week)
        posts = [
            {"n": i, "post": p, "when": long_date(p.date)}
            for i, p in enumerate(summary.posts, start=1)
        ]
        rows = []
        for rate in summary.units:
            cells = []
            for p in summary.posts:
                r = summary.reports.get((rate.unit.id, p.key))
                if r is None:
                    cells.append("✗ Paylaşılmadı")
                elif r.url and markup.safe_url(r.url):
                    cells.append("✓ " + markup.link(r.url, f"{rate.unit.label} paylaşımı"))
                else:
                    cells.append("✓ Paylaşıldı")
            rows.append(
                {
                    "unit": rate.unit.name,
                    "cells": cells,
                    "done": len(rate.done),
                    "total": rate.total,
                    "percent": rate.percent,
                }
            )
        missing = [
            {
                "n": i,
                "units": [
                    labels.get(u.unit.id, u.unit.id) for u in summary.units if p.key in u.missing
                ],
            }
            for i, p in enumerate(summary.posts, start=1)
        ]
        tables.append(
            {
                "week": week,
                "label": week_label(week),
                "posts": posts,
                "rows": rows,
                "missing": missing,
                "done": summary.done,
                "expected": summary.expected,
            }
        )
    overall = _week(tracking, ctx.config, None, [p for p in tracking.posts if p.week in shown])
    return {
        "tables": tables,
        "overall": overall.units,
        "older": len(weeks) - len(shown),
        "listed": tracking.listed,
        "unmatched": [
            {
                "unit": labels.get(r.unit, r.unit),
                "value": r.reshare_of,
                "topic": r.topic,
                "submission": code_id(r.submission),
                "when": date_time(r.received),
            }
            for r in reversed(tracking.unmatched[-UNMATCHED_LIMIT:])  # newest first
        ],
        "unmatched_total": len(tracking.unmatched),
        "ministry_posts_file": f"calendar/{MINISTRY_POSTS_FILE}",
    }


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
    tracking = reshare_tracking(ctx)
    common = {"now": ctx.now, "generated_week": iso_week(ctx.now.astimezone(TZ).date())}
    out: dict[str, str | bytes] = {
        "units/index.md": env.get_template("pages/units.md.j2").render(
            **common, **_units_context(ctx)
        ),
        "reshares/index.md": env.get_template("pages/reshares.md.j2").render(
            **common, **_reshares_context(ctx, tracking)
        ),
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
    "MinistryPost",
    "ReshareReport",
    "ReshareTracking",
    "ReshareWeek",
    "UnitRate",
    "feed_links",
    "href",
    "load_ministry_posts",
    "mailto",
    "plan_template_csv",
    "plan_template_xlsx",
    "post_key",
    "render_directory",
    "reshare_summary",
    "reshare_tracking",
    "tel",
]
