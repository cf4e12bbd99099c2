"""The submission schema: one type for writing and for reading front matter.

A submission is what one accepted email became. ``Submission.to_front_matter()`` gives the
mapping the store writes with a YAML emitter; ``Submission.from_front_matter()`` validates a
mapping read back from disk (the same rules), collecting every problem.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal, get_args

from intake.errors import Problem
from intake.timeutil import TZ, is_valid_week

SubmissionType = Literal["plan", "proposal", "announcement", "reshare"]
Status = Literal["received", "superseded", "held", "pending", "approved", "rejected"]
Via = Literal["email", "cli", "file"]

TYPES: tuple[str, ...] = get_args(SubmissionType)
STATUSES: tuple[str, ...] = get_args(Status)
VIAS: tuple[str, ...] = get_args(Via)
PLATFORMS: tuple[str, ...] = (
    "X",
    "Instagram",
    "Facebook",
    "YouTube",
    "LinkedIn",
    "TikTok",
    "NSosyal",
    "Threads",
    "WhatsApp",
)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
IMAGE_RE = re.compile(r"^/?[A-Za-z0-9][A-Za-z0-9._/-]*\.(jpg|jpeg|png|webp|gif)$")
URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)

FRONT_MATTER_KEYS = (
    "id",
    "type",
    "unit",
    "sender",
    "subject",
    "received",
    "message_id",
    "week",
    "status",
    "items",
    "decision",
    "supersedes",
    "superseded_by",
    "notes",
)
ITEM_KEYS = (
    "date",
    "time",
    "platforms",
    "topic",
    "text",
    "link",
    "tags",
    "images",
    "reshare_of",
    "reshare_url",
)


@dataclass(frozen=True)
class Item:
    """One post (or one re-share report line)."""

    topic: str
    date: date | None = None
    time: str | None = None  # "HH:MM"
    platforms: tuple[str, ...] = ()
    text: str = ""
    link: str | None = None
    tags: tuple[str, ...] = ()
    images: tuple[str, ...] = ()  # site-relative paths, e.g. "submissions/img/<id>-1.jpg"
    reshare_of: str | None = None  # reshare reports: the ministry post's id or URL
    reshare_url: str | None = None  # reshare reports: the unit's own post URL

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date,
            "time": self.time,
            "platforms": list(self.platforms),
            "topic": self.topic,
            "text": self.text,
            "link": self.link,
            "tags": list(self.tags),
            "images": list(self.images),
        }
        if self.reshare_of is not None or self.reshare_url is not None:
            out["reshare_of"] = self.reshare_of
            out["reshare_url"] = self.reshare_url
        return out


@dataclass(frozen=True)
class Decision:
    by: str
    at: datetime
    via: Via
    note: str = ""
    action: Literal["approved", "rejected"] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "at": self.at, "via": self.via, "note": self.note}


@dataclass(frozen=True)
class Submission:
    id: str
    type: SubmissionType
    unit: str
    sender: str
    subject: str
    received: datetime
    message_id: str
    week: str
    status: Status
    items: tuple[Item, ...]
    decision: Decision | None = None
    supersedes: tuple[str, ...] = ()
    superseded_by: str | None = None
    notes: tuple[
        str, ...
    ] = ()  # receipt notes, e.g. "rapor.pdf yayımlanmadı (izin verilmeyen tür)"
    body: str = field(default="", compare=False)  # the Markdown below the front matter

    def with_status(self, status: Status, **changes: Any) -> Submission:
        return replace(self, status=status, **changes)

    def to_front_matter(self) -> dict[str, Any]:
        """The mapping written as YAML, keys in a fixed order (dicts keep insertion order)."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "unit": self.unit,
            "sender": self.sender,
            "subject": self.subject,
            "received": self.received,
            "message_id": self.message_id,
            "week": self.week,
            "status": self.status,
            "items": [item.to_dict() for item in self.items],
        }
        if self.decision is not None:
            out["decision"] = self.decision.to_dict()
        if self.supersedes:
            out["supersedes"] = list(self.supersedes)
        if self.superseded_by:
            out["superseded_by"] = self.superseded_by
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    @classmethod
    def from_front_matter(
        cls, data: Any, where: str = "front matter", known_units: set[str] | None = None
    ) -> tuple[Submission | None, list[Problem]]:
        """Validate ``data``; returns (submission, []) or (None, problems)."""
        return _Reader(where, known_units).submission(data)


class _Reader:
    def __init__(self, where: str, known_units: set[str] | None) -> None:
        self.where = where
        self.known_units = known_units
        self.problems: list[Problem] = []

    def bad(self, key: str, what: str, fix: str) -> None:
        self.problems.append(Problem(f"{self.where}: {key}", what, fix))

    def text(
        self, data: Mapping[str, Any], key: str, *, required: bool = True, nullable: bool = False
    ) -> str | None:
        value = data.get(key)
        if value is None:
            if nullable:
                return None
            if required:
                self.bad(key, "boş olamaz", f"`{key}:` satırını ekleyin")
            return "" if not nullable else None
        if not isinstance(value, str):
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            self.bad(key, "metin olmalı", f'`{key}: "…"` yazın')
            return ""
        return value

    def submission(self, data: Any) -> tuple[Submission | None, list[Problem]]:
        if not isinstance(data, Mapping):
            self.bad(
                "(baştaki bölüm)",
                "bir eşleme değil",
                "dosyayı '---', YAML alanları, '---' ile başlatın",
            )
            return None, self.problems
        for key in data:
            if key not in FRONT_MATTER_KEYS:
                self.bad(
                    str(key),
                    "tanınan bir alan değil",
                    f"bu satırı silin (tanınan alanlar: {', '.join(FRONT_MATTER_KEYS)})",
                )
        sid = self.text(data, "id") or ""
        if sid and not ID_RE.match(sid):
            self.bad("id", f"“{sid}” geçerli bir kimlik değil", "küçük harf, rakam ve '-' kullanın")
        stype = self.choice(data, "type", TYPES, "plan")
        unit = self.text(data, "unit") or ""
        if unit and self.known_units is not None and unit not in self.known_units:
            self.bad(
                "unit",
                f"“{unit}” intake.yml dosyasında bir birim değil",
                "`units:` altında yazılı bir birim kimliği kullanın",
            )
        status = self.choice(data, "status", STATUSES, "approved")
        week = self.text(data, "week") or ""
        if week and not is_valid_week(week):
            self.bad("week", f"“{week}” bir ISO hafta değil", "örneğin `week: 2026-W49` yazın")
        received = self.datetime_(data, "received")
        items_raw = data.get("items")
        items: list[Item] = []
        if not isinstance(items_raw, list) or not items_raw:
            self.bad(
                "items",
                "boş olmayan bir liste olmalı",
                "`topic:` satırı olan en az bir öğe ekleyin",
            )
        else:
            for i, raw in enumerate(items_raw):
                item = self.item(raw, i, stype == "plan")
                if item is not None:
                    items.append(item)
        decision = None
        if data.get("decision") is not None:
            decision = self.decision(data["decision"])
        supersedes = self.str_list(data, "supersedes")
        notes = self.str_list(data, "notes")
        superseded_by = self.superseded_by(data, status)
        sender = self.text(data, "sender") or ""
        subject = self.text(data, "subject", required=False) or ""
        message_id = self.text(data, "message_id", required=False) or ""
        if self.problems or received is None:
            return None, self.problems
        return Submission(
            id=sid,
            type=stype,  # checked against TYPES by self.choice
            unit=unit,
            sender=sender,
            subject=subject,
            received=received,
            message_id=message_id,
            week=week,
            status=status,  # checked against STATUSES by self.choice
            items=tuple(items),
            decision=decision,
            supersedes=tuple(supersedes),
            superseded_by=superseded_by,
            notes=tuple(notes),
        ), []

    def choice(
        self, data: Mapping[str, Any], key: str, choices: tuple[str, ...], example: str
    ) -> Any:
        value = data.get(key)
        if value not in choices:
            self.bad(
                key,
                f"şunlardan biri olmalı: {', '.join(choices)}; “{value}” yazılmış",
                f"örneğin `{key}: {example}` yazın",
            )
        return value

    def superseded_by(self, data: Mapping[str, Any], status: Any) -> str | None:
        superseded_by = self.text(data, "superseded_by", required=False, nullable=True)
        if status == "superseded" and not superseded_by:
            self.bad(
                "superseded_by",
                "yenisiyle değiştirilmiş bir gönderide boş olamaz",
                "yeni planın kimliğini yazın ya da `status: received` yapın",
            )
        return superseded_by

    def datetime_(self, data: Mapping[str, Any], key: str) -> datetime | None:
        value = data.get(key)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            self.bad(
                key,
                f"tarih ve saat olmalı, “{value}” yazılmış",
                f"örneğin `{key}: 2026-11-26T10:15:00+03:00` yazın",
            )
            return None
        if value.tzinfo is None:
            self.bad(key, "saat dilimi yok", "saat farkını ekleyin, örneğin +03:00")
            return None
        return value.astimezone(TZ)

    def str_list(self, data: Mapping[str, Any], key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, "metinlerden oluşan bir liste olmalı", f"`{key}: [a, b]` yazın")
            return []
        return list(value)

    def item(self, raw: Any, index: int, needs_date: bool) -> Item | None:
        key = f"items[{index}]"
        if not isinstance(raw, Mapping):
            self.bad(
                key, "bir eşleme olmalı", "öğenin alanlarını `topic: …` satırları olarak yazın"
            )
            return None
        for k in raw:
            if k not in ITEM_KEYS:
                self.bad(
                    f"{key}.{k}",
                    "tanınan bir öğe alanı değil",
                    f"bu satırı silin (tanınan alanlar: {', '.join(ITEM_KEYS)})",
                )
        before = len(self.problems)
        topic = raw.get("topic")
        if not isinstance(topic, str) or not topic.strip():
            self.bad(f"{key}.topic", "boş olamaz", "her öğenin bir konusu olmalı")
        day = raw.get("date")
        if isinstance(day, datetime) or (day is not None and not isinstance(day, date)):
            self.bad(
                f"{key}.date", f"tarih olmalı, “{day}” yazılmış", "örneğin `date: 2026-12-02` yazın"
            )
        elif day is None and needs_date:
            self.bad(f"{key}.date", "plan öğesinde boş olamaz", "örneğin `date: 2026-12-02` yazın")
        tm = raw.get("time")
        if tm is not None and (not isinstance(tm, str) or not TIME_RE.match(tm)):
            self.bad(
                f"{key}.time",
                f"SS:DD ya da null olmalı, “{tm}” yazılmış",
                'örneğin `time: "10:30"` yazın',
            )
        platforms = raw.get("platforms") or []
        if not isinstance(platforms, list) or any(p not in PLATFORMS for p in platforms):
            self.bad(
                f"{key}.platforms",
                f"şunlardan oluşan bir liste olmalı: {', '.join(PLATFORMS)}; “{platforms}” yazılmış",
                "platformların bu adlarını kullanın",
            )
        link = raw.get("link")
        if link is not None and (not isinstance(link, str) or not URL_RE.match(link)):
            self.bad(
                f"{key}.link",
                f"“{link}” bir http(s) adresi değil",
                "https:// ile başlayan tam adresi ya da null yazın",
            )
        text = raw.get("text") or ""
        if not isinstance(text, str):
            self.bad(f"{key}.text", "metin olmalı", "`text: |` ve altına paylaşım metnini yazın")
        tags = raw.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            self.bad(
                f"{key}.tags",
                "metinlerden oluşan bir liste olmalı",
                "`tags: [gençlik, spor]` yazın",
            )
        images = raw.get("images") or []
        if not isinstance(images, list) or not all(
            isinstance(p, str) and IMAGE_RE.match(p) and ".." not in p for p in images
        ):
            self.bad(
                f"{key}.images",
                "sitedeki görsel yollarından oluşan bir liste olmalı",
                "örneğin `images: [submissions/img/abc-1.jpg]` yazın",
            )
        reshare_of = raw.get("reshare_of")
        reshare_url = raw.get("reshare_url")
        for k, v in (("reshare_of", reshare_of), ("reshare_url", reshare_url)):
            if v is not None and not isinstance(v, str):
                self.bad(f"{key}.{k}", "metin ya da null olmalı", f"`{k}: …` yazın")
        if len(self.problems) > before:
            return None
        return Item(
            topic=str(topic).strip(),
            date=day,
            time=tm,
            platforms=tuple(platforms),
            text=str(text),
            link=link,
            tags=tuple(tags),
            images=tuple(images),
            reshare_of=reshare_of,
            reshare_url=reshare_url,
        )

    def decision(self, raw: Any) -> Decision | None:
        if not isinstance(raw, Mapping):
            self.bad(
                "decision",
                "bir eşleme olmalı",
                "`decision: {by: …, at: …, via: file, note: …}` yazın",
            )
            return None
        for k in raw:
            if k not in ("by", "at", "via", "note"):
                self.bad(f"decision.{k}", "tanınan bir alan değil", "by, at, via, note kullanın")
        at = self.datetime_(raw, "at")
        via = raw.get("via")
        if via not in VIAS:
            self.bad(
                "decision.via",
                f"şunlardan biri olmalı: {', '.join(VIAS)}; “{via}” yazılmış",
                "`via: file` yazın",
            )
        by = raw.get("by")
        if not isinstance(by, str) or not by:
            self.bad(
                "decision.by",
                "boş olamaz",
                "kararı vereni yazın, örneğin `by: siid@example.gov.tr`",
            )
        note = raw.get("note") or ""
        if at is None or via not in VIAS or not isinstance(by, str):
            return None
        return Decision(by=by, at=at, via=via, note=str(note))
