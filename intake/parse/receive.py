"""The steps of :func:`intake.parse.receive`, in order: limits, identity, automation,
authentication, type, body items, attachments, week, submission."""

from __future__ import annotations

import email.utils
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import Message

from intake.config import Config
from intake.model import Item, Submission
from intake.outcome import Attachment, MailProblem, Outcome
from intake.parse import reasons
from intake.parse.body import RawItem, Value, joined, split_items
from intake.parse.classify import is_forward, type_of
from intake.parse.clean import clean_line, may_hide, strip_invisible
from intake.parse.clean import fast_fold as fold
from intake.parse.command import read_command
from intake.parse.dates import FieldError
from intake.parse.items import Checked, Problems, check_item, count_links
from intake.parse.lines import field_week, range_week, read_lines, subject_week, weekday_in
from intake.parse.mime import (
    Part,
    Structure,
    decode_bytes,
    header_text,
    html_to_text,
    image_ext,
    is_body_part,
    parse_message,
    part_text,
    walk,
)
from intake.parse.quoting import strip_quoted_lines
from intake.parse.reshare import reshare_line_items
from intake.parse.sender import authenticated, automated, from_address
from intake.parse.tabular import pipe_tables, read_csv, read_xlsx, rows_to_items
from intake.textnorm import one_byte
from intake.timeutil import TZ, is_valid_week, iso_week

LOGO_MAX_BYTES = 30_000
_CONTENT_TYPE = re.compile(rb"(?im)^content-type[ \t]*:")
IMAGE_DIR = "submissions/img"
_TYPE_NAMES_TR = {
    "plan": "haftalık plan",
    "proposal": "içerik önerisi",
    "announcement": "duyuru",
    "reshare": "paylaşım bildirimi",
}


@dataclass
class Context:
    raw: bytes
    config: Config
    arrived: datetime
    msg: Message
    structure: Structure
    sender: str = ""
    subject: str = ""
    message_id: str = ""
    notes: list[str] = field(default_factory=list)

    def outcome(self, outcome: str, reason: str, detail: str, **kw: object) -> Outcome:
        return Outcome(
            outcome=outcome,  # type: ignore[arg-type]  # one of reasons.OUTCOMES
            reason=reason,
            detail=detail,
            sender=self.sender,
            subject=self.subject,
            message_id=self.message_id,
            **kw,  # type: ignore[arg-type]  # the remaining Outcome fields
        )


@dataclass
class Reading:
    """How a message was read, for ``intake explain``: filled in when passed to
    :func:`receive_message` (the fetch passes none)."""

    unit: str = ""
    kind: str = ""
    body: str = ""  # "text/plain" or "text/html": the part the items were read from
    lines: list[str] = field(default_factory=list)  # that body's lines as read (numbered from 1)
    items: list[RawItem] = field(default_factory=list)  # in the order of the outcome's items


def receive_message(
    raw: bytes, config: Config, arrived: datetime, reading: Reading | None = None
) -> Outcome:
    limits = config.limits
    if len(raw) > limits.max_message_bytes:
        return Outcome(
            outcome="quarantined",
            reason=reasons.TOO_LARGE,
            detail=f"message is {len(raw)} bytes, over limits.max_message_bytes "
            f"({limits.max_message_bytes})",
        )
    # Every match names "content-type": counting those (fast) bounds the count of the pattern.
    declared = raw.lower().count(b"content-type")
    if declared > limits.max_parts + 1:
        declared = len(_CONTENT_TYPE.findall(raw))
    if declared > limits.max_parts + 1:
        # Counted before parsing: the stdlib parser recurses once per nesting level.
        return Outcome(
            outcome="quarantined",
            reason=reasons.TOO_COMPLEX,
            detail=f"{declared} Content-Type headers, over limits.max_parts ({limits.max_parts})",
        )
    msg = parse_message(raw)
    structure = walk(msg)
    ctx = Context(raw=raw, config=config, arrived=arrived, msg=msg, structure=structure)
    ctx.subject = clean_line(header_text(msg, "Subject"), 200)
    ctx.message_id = clean_line(header_text(msg, "Message-ID"), 250).replace(" ", "")
    address, why = from_address(msg)
    ctx.sender = address or clean_line(header_text(msg, "From"), 200)
    if structure.count > limits.max_parts or structure.depth > limits.max_depth:
        return ctx.outcome(
            "quarantined",
            reasons.TOO_COMPLEX,
            f"{structure.count} MIME parts, nesting depth {structure.depth} "
            f"(limits: {limits.max_parts} parts, depth {limits.max_depth})",
        )
    auto = automated(msg, ctx.subject, address, config, structure.is_report)
    if auto is not None:
        reason, detail = auto
        return ctx.outcome("quarantined" if reason == reasons.SPAM else "ignored", reason, detail)
    if address is None:
        return ctx.outcome("quarantined", reasons.AMBIGUOUS_FROM, f"ambiguous sender: {why}")
    if config.is_office(address):
        ok, detail = authenticated(msg, address, config)
        if not ok:
            return ctx.outcome(
                "quarantined", reasons.AUTH_FAILED, f"office address {address}: {detail}"
            )
        return _command(ctx, address)
    unit = config.unit_by_address(address)
    if unit is None:
        return ctx.outcome(
            "quarantined", reasons.UNKNOWN_SENDER, f"{address} is not a registered unit address"
        )
    ok, detail = authenticated(msg, address, config)
    if not ok:
        return ctx.outcome(
            "quarantined", reasons.AUTH_FAILED, f"{address} (unit {unit.id}): {detail}"
        )
    if reading is not None:
        reading.unit = unit.id
    return _content(ctx, unit.id, reading)


def _command(ctx: Context, address: str) -> Outcome:
    """An authenticated office mail: the command it gives (:mod:`intake.parse.command`), which
    the fetch applies (:mod:`intake.office`) and which decides the outcome."""
    plain, html_sources = _body_texts(ctx.structure)
    text = plain if plain.strip() else "\n".join(html_to_text(h)[0] for h in html_sources)
    lines = _prepare(text, is_forward(ctx.subject))[0] if text.strip() else []
    command = read_command(ctx.subject, lines, received_at(ctx.msg, ctx.arrived).date())
    return ctx.outcome(
        "ignored",
        reasons.OFFICE_COMMAND,
        f"office command from {address} (not a submission: the fetch applies it)",
        command=command,
    )


def received_at(msg: Message, arrived: datetime) -> datetime:
    """The Date header in Istanbul time when plausible (≤ 1 day after arrival, ≤ 60 days before)."""
    value = header_text(msg, "Date").strip()
    if not value:
        return arrived
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return arrived
    if when is None:
        return arrived
    if when.tzinfo is None:
        when = when.replace(tzinfo=TZ)
    when = when.astimezone(TZ)
    if when > arrived + timedelta(days=1) or when < arrived - timedelta(days=60):
        return arrived
    return when


def _problem(problems: Problems, code: str, message: str, **kw: object) -> None:
    problems.append((code, MailProblem(message=message, **kw)))  # type: ignore[arg-type]


@dataclass
class BodyItems:
    raw_items: list[RawItem]
    message_fields: dict[str, Value]
    text: str


def _read_body(prepared: tuple[list[str], list[str]], ref: date, subject: str = "") -> BodyItems:
    lines, folds = prepared
    text = "\n".join(lines)
    # (lines hold no "\n": text.split("\n") is lines, or [""] for "", one empty line)
    result = split_items(text, folds if lines else [""], lines or [""])
    raw_items = list(result.items)
    # The week that weekday names are in: a Hafta: line, else a week or a range in the subject,
    # else a range or a dated heading among the lines (found by the line reader).
    week = (
        field_week(joined(result.message_fields["week"], False), ref)
        if "week" in result.message_fields
        else None
    ) or subject_week(subject, ref)
    if result.line_items:
        tables, lines_left = pipe_tables(result.line_items)
        raw_items.extend(tables)
        reading = read_lines(lines_left, ref, week)
        raw_items.extend(reading.items)
        week = reading.monday
    if result.table_rows:
        table = rows_to_items(result.table_rows, "")
        if table:
            raw_items.extend(table)
    for raw_item in raw_items:  # "Tarih: Pazartesi", a table's "Salı": a day of the known week
        value = raw_item.fields.get("date")
        if week is not None and value is not None and value.day is None:
            value.day = weekday_in(joined(value, False), week)
    raw_items.sort(key=lambda r: r.line)
    return BodyItems(raw_items, result.message_fields, text)


def _problem_count(body: BodyItems, kind: str, ref: date) -> int:
    scratch: Problems = []
    for number, raw_item in enumerate(body.raw_items, start=1):
        check_item(raw_item, number, kind, ref, scratch)
    return len(scratch)


class _Html:
    """The HTML body parts, read only when needed (text/plain usually suffices)."""

    def __init__(self, sources: list[str], forwarded: bool, ref: date, subject: str) -> None:
        self.sources = sources
        self.subject = subject
        self.forwarded = forwarded
        self.ref = ref
        self._read: tuple[str, list[str], BodyItems | None] | None = None

    def _get(self) -> tuple[str, list[str], BodyItems | None]:
        if self._read is None:
            texts: list[str] = []
            cids: list[str] = []
            for source in self.sources:
                text, seen = html_to_text(source)
                texts.append(text)
                cids.extend(seen)
            joined_text = "\n".join(texts)
            body = (
                _read_body(_prepare(joined_text, self.forwarded), self.ref, self.subject)
                if joined_text.strip()
                else None
            )
            self._read = (joined_text, cids, body)
        return self._read

    @property
    def present(self) -> bool:
        return bool(self.sources)

    @property
    def cids(self) -> list[str]:
        return self._get()[1]

    @property
    def body(self) -> BodyItems | None:
        return self._get()[2]


def _choose_body(plain: BodyItems | None, html: _Html, kind: str, ref: date) -> BodyItems:
    """text/plain wins, unless it yields nothing, or problems where the HTML part reads cleanly
    (Outlook's text version of a pasted Excel table, say)."""
    if plain is not None and plain.raw_items:
        if not html.present or _problem_count(plain, kind, ref) == 0:
            return plain
        other = html.body
        if other is None or not other.raw_items:
            return plain
        return other if _problem_count(other, kind, ref) == 0 else plain
    other = html.body if html.present else None
    if other is not None and other.raw_items:
        return other
    return plain or other or BodyItems([], {}, "")


MAX_BODY_CHARS = 2_000_000  # far beyond any real plan (200 items of 10,000 characters)


def _body_texts(structure: Structure) -> tuple[str, list[str]]:
    plain: list[str] = []
    html: list[str] = []
    for part in structure.parts:
        if not is_body_part(part):
            continue
        if part.content_type == "text/plain":
            plain.append(part_text(part)[:MAX_BODY_CHARS])
        else:
            html.append(part_text(part)[:MAX_BODY_CHARS])
    return "\n".join(plain)[:MAX_BODY_CHARS], html


def _prepare(text: str, forwarded: bool = False) -> tuple[list[str], list[str]]:
    """The unit's own lines (quotes, signature cut) and each one's ``fold(line.strip())``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    encoded = one_byte(text)  # checked for invisibles here, folded in strip_quoted_lines
    if may_hide(encoded):
        visible = strip_invisible(text)
        if visible != text:
            text = visible.replace("\u00a0", " ")
            return strip_quoted_lines(text, forwarded)
    # (NBSP is the only character that becomes 0xA0, and " " the only one that becomes 0x20.)
    return strip_quoted_lines(
        text.replace("\u00a0", " "), forwarded, encoded.replace(b"\xa0", b" ")
    )


_ATTACH_NOTE = "{name} yayımlanmadı: yalnızca JPEG, PNG, WebP ve GIF görseller yayımlanır."


_GREETING = re.compile(
    r"^(merhaba\w*|sayin\b.*|iyi (gunler|calismalar)\w*|gunaydin|selam\w*|hello|hi|dear\b.*"
    r"|.*\b(ektedir|ekte(ki)?|ekindedir|ekte sunulmustur|ekte gonderilmistir|attached)\b.*"
    r"|(bilgi(lerinize|nize)|geregini)\b.*)[\s.,!:]*$"
)


def _first_prose_line(text: str) -> int | None:
    """The first line of free text (not a greeting, not an "attached" line): a unit wrote its post
    as prose instead of fields."""
    for number, line in enumerate(text.split("\n"), start=1):
        words = re.findall(r"\w+", line)
        # (a body of one short line is content too: "Gençlik kampı" is a topic without fields)
        if words and not _GREETING.match(fold(line.strip())):
            return number
    return None


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{limit} bayt"


def _display_name(name: str, fallback: str) -> str:
    base = re.split(r"[\\/]", name)[-1] if name else ""
    base = re.sub(r"[<>\"'`{}|]", "_", clean_line(base, 80)).strip(". ")
    return base or fallback


def _week_from_field(
    value: Value, dates: list[date], received: datetime, problems: Problems
) -> str | None:
    written = joined(value, False)
    folded = fold(written).strip()
    # "2026-W49", "2026 W49", "W49", "49", "49. hafta", "49. hafta (30 Kasım - 6 Aralık)", "49 (2026)"
    year_s: str | None = None
    week_s: str | None = None
    m = re.match(r"^(\d{4})\s*[-/ .]?\s*w\s*(\d{1,2})(?!\d)", folded)
    if m is not None:
        year_s, week_s = m.group(1), m.group(2)
    elif (
        m := re.match(
            r"^w?\s*(\d{1,2})(?![\d.]\d)\.?(?:\s*(?:hafta|week)\w*)?\s*(?:\((\d{4})\)|\(.*\))?$",
            folded,
        )
    ) is not None:
        week_s, year_s = m.group(1), m.group(2)
    if week_s is not None:
        if year_s is not None:
            year = int(year_s)
        elif dates:
            year = Counter(d.isocalendar()[0] for d in dates).most_common(1)[0][0]
        else:
            year = received.isocalendar()[0]
        week = f"{year}-W{int(week_s):02d}"
        if is_valid_week(week):
            return week
    elif (monday := range_week(written, received.date())) is not None:
        return iso_week(monday)  # "8–14 Aralık 2026"
    _problem(
        problems,
        reasons.BAD_DATE,
        f"Hafta “{clean_line(written, 40)}” okunamadı. Haftayı 2026-W49 ya da yalnızca 49 "
        "biçiminde yazın.",
        field=value.name,
        line=value.line,
    )
    return None


def _content(ctx: Context, unit_id: str, reading: Reading | None = None) -> Outcome:
    config = ctx.config
    msg = ctx.msg
    received = received_at(msg, ctx.arrived)
    ref = received.date()
    problems: Problems = []
    plain, html_sources = _body_texts(ctx.structure)
    forwarded = is_forward(ctx.subject)
    plain_body = _read_body(_prepare(plain, forwarded), ref, ctx.subject) if plain.strip() else None
    html = _Html(html_sources, forwarded, ref, ctx.subject)

    # The type: subject first, then a Tür:/Type: line.
    kind = type_of(ctx.subject)
    if kind is None:
        for candidate in (plain_body, html.body):
            if kind is None and candidate is not None and "type" in candidate.message_fields:
                kind = type_of(joined(candidate.message_fields["type"], False))
    body = _choose_body(plain_body, html, kind or "proposal", ref)
    if kind is None:
        _problem(
            problems,
            reasons.UNKNOWN_TYPE,
            "İletinin türü anlaşılamadı. Konu satırına türü yazın: “HAFTALIK PLAN”, "
            "“İÇERİK ÖNERİSİ”, “DUYURU” ya da “PAYLAŞIM BİLDİRİMİ” (veya gövdeye "
            "“Tür: Haftalık plan” satırı ekleyin).",
        )
        return _rejected(ctx, problems)

    # Attachments: plan tables, images, the rest (noted, not published).
    raw_items = list(body.raw_items)
    if kind == "reshare" and not any("reshare" in r.fields for r in raw_items):
        raw_items = reshare_line_items(body.text.split("\n")) or raw_items  # one line each
    if reading is not None:
        reading.kind = kind
        reading.body = "text/plain" if body is plain_body else "text/html"
        reading.lines = body.text.split("\n")
        reading.items = raw_items  # (the attachments' items are added below)
    images: list[tuple[Part, str]] = []
    seen_images: set[bytes] = set()
    for part in ctx.structure.parts:
        if part.in_attached_message or is_body_part(part):
            continue
        name = _display_name(part.filename, "adsız ek")
        lower = part.filename.lower()
        ext = image_ext(part.data)
        if ext is not None:
            digest = hashlib.sha256(part.data).digest()
            if part.content_id and part.disposition != "attachment" and html.present:
                if part.content_id not in {c.strip("<>") for c in html.cids}:
                    continue  # an image of the quoted trail
                if len(part.data) <= LOGO_MAX_BYTES:
                    continue  # a signature logo
            if digest in seen_images:
                continue
            seen_images.add(digest)
            if len(part.data) > config.limits.max_image_bytes:
                ctx.notes.append(
                    f"{name} yayımlanmadı: görsel {_size(config.limits.max_image_bytes)} "
                    "sınırından büyük."
                )
                continue
            images.append((part, ext))
            continue
        is_csv = lower.endswith(".csv") or part.content_type in (
            "text/csv",
            "text/comma-separated-values",
        )
        is_xlsx = lower.endswith((".xlsx", ".xlsm")) or part.content_type == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        if is_csv or is_xlsx:
            table_digest = hashlib.sha256(part.data).digest()
            if table_digest in seen_images:
                continue  # the same plan file attached twice
            seen_images.add(table_digest)
            try:
                rows = (
                    read_xlsx(part.data)
                    if is_xlsx and part.data.startswith(b"PK")
                    else (read_csv(part.data) if is_csv else read_xlsx(part.data))
                )
                table = rows_to_items(rows, name)
                if table is None:
                    raise FieldError(
                        reasons.BAD_ATTACHMENT,
                        "Başlık satırı bulunamadı. İlk satıra sütun adlarını yazın: Tarih, Saat, "
                        "Platform, Konu, Metin, Bağlantı, Etiketler.",
                    )
                raw_items.extend(table)
            except FieldError as exc:
                _problem(
                    problems,
                    reasons.BAD_ATTACHMENT,
                    f"{name} dosyası okunamadı: {exc.message} Planı sitedeki CSV ya da XLSX "
                    "şablonuyla gönderin.",
                )
            continue
        if (
            part.content_type.startswith("text/")
            and not part.filename
            and part.disposition != "attachment"
        ):
            continue
        ctx.notes.append(_ATTACH_NOTE.format(name=name))
    for name in ctx.structure.attached_messages:
        ctx.notes.append(_ATTACH_NOTE.format(name=_display_name(name, "ileti.eml")))

    if len(raw_items) > config.limits.max_items:
        _problem(
            problems,
            reasons.TOO_MANY_ITEMS,
            f"İletide {len(raw_items)} öğe var; en çok {config.limits.max_items} öğe gönderilebilir. "
            "Planı birkaç iletiye bölün.",
        )
        return _rejected(ctx, problems)
    # Every link has "://": counting those (fast) bounds the count of links.
    links = body.text.count("://")
    if links > config.limits.max_links:
        links = count_links(body.text)
    if links > config.limits.max_links:
        _problem(
            problems,
            reasons.TOO_MANY_LINKS,
            f"İletide {links} bağlantı var; en çok {config.limits.max_links} bağlantı olabilir. "
            "Bağlantı sayısını azaltın.",
        )

    checked: list[Checked] = []
    for number, raw_item in enumerate(raw_items, start=1):
        result = check_item(raw_item, number, kind, ref, problems)
        if result is not None:
            checked.append(result)

    prose = _first_prose_line(body.text) if not raw_items and not problems else None
    if prose is not None:
        _problem(
            problems,
            reasons.MISSING_FIELD,
            "Metin alanlara ayrılmamış: “Konu:” satırı bulunamadı. Her öğeyi ayrı satırlarda “Tarih:”, "
            "“Saat:”, “Platform:”, “Konu:”, “Metin:” diye başlayarak yazın (sitedeki hazır şablonu "
            "kullanabilirsiniz).",
            item=1,
            field="Konu",
            line=prose,
        )
    if not raw_items and not problems:
        unread = [
            n.split(" yayımlanmadı")[0]
            for n in ctx.notes
            if n.endswith(_ATTACH_NOTE.format(name="")[1:])
        ]
        extra = (
            f" Ekteki {', '.join(unread[:3])} okunmaz; planı e-postanın içine yazın ya da sitedeki "
            "CSV/XLSX şablonuyla gönderin."
            if unread
            else ""
        )
        _problem(
            problems,
            reasons.EMPTY,
            "İletide okunabilir bir öğe bulunamadı (yalnızca imza, alıntı ya da boş metin). Her öğeyi "
            "“Tarih:”, “Saat:”, “Platform:”, “Konu:”, “Metin:” satırlarıyla yazın ya da planı "
            "CSV/XLSX olarak ekleyin." + extra,
        )

    dates = [c.item.date for c in checked if c.item.date is not None]
    week: str | None = None
    if "week" in body.message_fields:
        week = _week_from_field(body.message_fields["week"], dates, received, problems)
    if problems:
        return _rejected(ctx, problems)
    if week is None:
        if dates:
            per_day: dict[date, int] = {}
            for d in dates:
                per_day[d] = per_day.get(d, 0) + 1
            counts: dict[str, int] = {}  # = Counter(iso_week(d) for d in dates)
            for d, n in per_day.items():
                week_of = iso_week(d)
                counts[week_of] = counts.get(week_of, 0) + n
            top = max(counts.values())
            week = min(w for w, n in counts.items() if n == top)
        else:
            week = iso_week(received.date())

    seed = ctx.message_id.encode("utf-8") if ctx.message_id else ctx.raw
    short = hashlib.sha256(seed).hexdigest()[:8]
    sub_id = f"{week.lower()}-{unit_id}-{kind}-{short}"

    attachments, items = _place_images(sub_id, images, checked, ctx.notes)
    ctx.notes = list(dict.fromkeys(ctx.notes))  # the same note once
    status = "received" if kind in ("plan", "reshare") else "pending"
    submission = Submission(
        id=sub_id,
        type=kind,  # type: ignore[arg-type]
        unit=unit_id,
        sender=ctx.sender,
        subject=ctx.subject,
        received=received,
        message_id=ctx.message_id,
        week=week,
        status=status,  # type: ignore[arg-type]
        items=tuple(items),
        notes=tuple(ctx.notes),
    )
    return ctx.outcome(
        "accepted",
        reasons.OK,
        f"{kind} from {unit_id}: {len(items)} item(s), week {week}, {len(attachments)} image(s)",
        submission=submission,
        attachments=tuple(attachments),
        notes=tuple(ctx.notes),
    )


def _place_images(
    sub_id: str, images: list[tuple[Part, str]], checked: list[Checked], notes: list[str]
) -> tuple[list[Attachment], list[Item]]:
    """Images → safe generated names, each assigned to an item (Görsel name, order, or first)."""
    owner: list[int | None] = [None] * len(images)
    wanted = {i: [fold(n) for n in c.image_names] for i, c in enumerate(checked)}
    for i, (part, _ext) in enumerate(images):
        fname = fold(re.split(r"[\\/]", part.filename)[-1]) if part.filename else ""
        stem = fname.rsplit(".", 1)[0]
        for index, names in wanted.items():
            if fname and any(n in (fname, stem) for n in names):
                owner[i] = index
                break
    matched = {
        fold(re.split(r"[\\/]", images[i][0].filename)[-1])
        for i in range(len(images))
        if owner[i] is not None
    }
    for index, names in wanted.items():
        for n in names:
            if not any(n == m or n == m.rsplit(".", 1)[0] for m in matched):
                notes.append(f"{index + 1}. öğedeki görsel “{clean_line(n, 60)}” ekte bulunamadı.")
    free = [i for i in range(len(images)) if owner[i] is None]
    any_named = any(o is not None for o in owner)
    if free and len(free) == len(checked) > 1 and not any_named:
        for position, i in enumerate(free):
            owner[i] = position
    else:
        for i in free:
            owner[i] = 0
    attachments: list[Attachment] = []
    paths: dict[int, list[str]] = {}
    for number, ((part, ext), slot) in enumerate(zip(images, owner, strict=True), start=1):
        if not checked or slot is None:
            break
        safe = f"{sub_id}-{number}.{ext}"
        attachments.append(Attachment(name=safe, data=part.data, item=slot))
        paths.setdefault(slot, []).append(f"{IMAGE_DIR}/{safe}")
    items = []
    for index, c in enumerate(checked):
        if index in paths:
            items.append(Item(**{**c.item.__dict__, "images": tuple(paths[index])}))
        else:
            items.append(c.item)
    return attachments, items


def _rejected(ctx: Context, problems: Problems) -> Outcome:
    problems = sorted(problems, key=lambda p: (p[1].item or 0, p[1].line or 0))
    code = problems[0][0]
    listed = tuple(p for _, p in problems)
    return ctx.outcome(
        "rejected",
        code,
        f"{len(listed)} problem(s); first: {code}",
        problems=listed,
        notes=tuple(ctx.notes),
    )


__all__ = ["decode_bytes", "receive_message"]
