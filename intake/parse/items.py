"""Checking raw items: dates, times, platforms, links, tags; the one-post-per-line form.

Every problem is collected (never just the first) as a ``(code, MailProblem)`` pair in Turkish.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from intake.model import Item
from intake.outcome import MailProblem
from intake.parse import reasons
from intake.parse.body import RawItem, Value, joined
from intake.parse.clean import clean_block, clean_line
from intake.parse.clean import fast_fold as fold
from intake.parse.dates import FieldError, parse_time, split_date_time

PLATFORM_ALIASES: dict[str, str] = {
    "x": "X",
    "twitter": "X",
    "x (twitter)": "X",
    "twitter (x)": "X",
    "x twitter": "X",
    "tw": "X",
    "x.com": "X",
    "twiter": "X",
    "instagram": "Instagram",
    "insta": "Instagram",
    "ig": "Instagram",
    "instagram story": "Instagram",
    "instagram hikaye": "Instagram",
    "reels": "Instagram",
    "instagram reels": "Instagram",
    "facebook": "Facebook",
    "fb": "Facebook",
    "face": "Facebook",
    "facebok": "Facebook",
    "youtube": "YouTube",
    "yt": "YouTube",
    "you tube": "YouTube",
    "youtube shorts": "YouTube",
    "linkedin": "LinkedIn",
    "linked in": "LinkedIn",
    "linkedln": "LinkedIn",
    "tiktok": "TikTok",
    "tik tok": "TikTok",
    "nsosyal": "NSosyal",
    "n sosyal": "NSosyal",
    "next sosyal": "NSosyal",
    "nextsosyal": "NSosyal",
    "threads": "Threads",
    "thread": "Threads",
    "whatsapp": "WhatsApp",
    "whatsapp kanali": "WhatsApp",
    "whatsapp channel": "WhatsApp",
    "wa": "WhatsApp",
    "whats app": "WhatsApp",
}


def _alias_key(name: str) -> str:
    """ "X (Twitter)", "x  twitter", "X(twitter)" → "x twitter"."""
    return " ".join(fold(name).replace("(", " ").replace(")", " ").split())


_ALIAS_KEYS = {_alias_key(k): v for k, v in PLATFORM_ALIASES.items()}
_PLATFORM_SPLIT = re.compile(r"\s*(?:,|;|/|\+|&|\bve\b|\band\b|\|)\s*", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_UNSAFE_SCHEME = re.compile(r"(?<![\w/])(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
_PLATFORMS_FIX = "Şu adlardan birini yazın: X, Instagram, Facebook, YouTube, LinkedIn, TikTok, NSosyal, Threads, WhatsApp."


Problems = list[tuple[str, MailProblem]]

# A plan repeats its dates, times, platforms and tags: each written form is read once (errors
# are not cached). Only short forms are kept: a stream of huge values must not fill the memory.
_MEMO_CHARS = 200
_read_date_time = functools.lru_cache(maxsize=4096)(split_date_time)
_parse_time = functools.lru_cache(maxsize=4096)(parse_time)


def _split_date_time(written: str, ref: date) -> tuple[date, str | None]:
    # A new date object per item, as without the cache: YAML writes one object met twice as an
    # anchor and an alias ("&id001"), and items must not share their dates.
    read = _read_date_time if len(written) <= _MEMO_CHARS else split_date_time
    day, tm = read(written, ref)
    return date(day.year, day.month, day.day), tm


@dataclass
class Checked:
    item: Item
    image_names: list[str] = field(default_factory=list)  # Görsel values (file names)
    raw: RawItem | None = None


def platforms_of(text: str) -> tuple[list[str], list[str]]:
    """("X, İnstagram ve fb") → (["X", "Instagram", "Facebook"], unknown names)."""
    read = _platforms_of if len(text) <= _MEMO_CHARS else _platforms_of.__wrapped__
    found, unknown = read(text)
    return list(found), list(unknown)


@functools.lru_cache(maxsize=4096)
def _platforms_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found: list[str] = []
    unknown: list[str] = []
    for piece in _PLATFORM_SPLIT.split(text.strip()):
        name = piece.replace("(", " ").replace(")", " ").strip(" .-–*#@")
        if not name:
            continue
        canonical = _ALIAS_KEYS.get(_alias_key(name))
        if canonical is None:
            unknown.append(name)
        elif canonical not in found:
            found.append(canonical)
    return tuple(found), tuple(unknown)


_TAG_SPACES = re.compile(r"\s+(?=#)|\s+")
_LIST_SEPARATORS = re.compile(r"[,;]")


def tags_of(text: str) -> list[str]:
    return list((_tags_of if len(text) <= _MEMO_CHARS else _tags_of.__wrapped__)(text))


@functools.lru_cache(maxsize=4096)
def _tags_of(text: str) -> tuple[str, ...]:
    pieces = (
        text.replace(";", ",").split(",")  # = re.split(r"[,;]", text)
        if "," in text or ";" in text
        else _TAG_SPACES.split(text)
    )
    out: list[str] = []
    for piece in pieces:
        tag = clean_line(piece.strip().lstrip("#").strip(), 60)
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def _where(raw: RawItem) -> str:
    return f"{raw.source} dosyası, " if raw.source else ""


def check_item(
    raw: RawItem, number: int, kind: str, ref: date, problems: Problems
) -> Checked | None:
    """One raw item → a checked Item, adding every problem to ``problems``."""
    before = len(problems)
    fields = raw.fields
    src = _where(raw)

    def bad(code: str, message: str, value: Value | None, name: str | None = None) -> None:
        line = value.line if value is not None and not raw.source else None
        if raw.source and value is not None:
            message = f"{src}satır {value.line}: {message}"
        problems.append(
            (
                code,
                MailProblem(
                    message=message, item=number, field=value.name if value else name, line=line
                ),
            )
        )

    for code, name, message in raw.problems:  # what the line reader found ambiguous
        problems.append(
            (code, MailProblem(message=message, item=number, field=name, line=raw.line))
        )
    day: date | None = None
    tm: str | None = None
    if "date" in fields and fields["date"].day is not None:
        day = fields["date"].day
    elif "date" in fields:
        value = fields["date"]
        try:
            day, tm = _split_date_time(joined(value, False), ref)
        except FieldError as exc:
            bad(exc.code, exc.message, value)
    if "time" in fields:
        value = fields["time"]
        try:
            written = joined(value, False)
            tm = (_parse_time if len(written) <= _MEMO_CHARS else parse_time)(written)
        except FieldError as exc:
            bad(exc.code, exc.message, value)
    platforms: list[str] = []
    if "platforms" in fields:
        value = fields["platforms"]
        platforms, unknown = platforms_of(joined(value, False))
        for name in unknown:
            bad(
                reasons.BAD_PLATFORM,
                f"Platform “{clean_line(name, 40)}” tanınmadı. {_PLATFORMS_FIX}",
                value,
            )
    topic = clean_line(joined(fields["topic"], False), 300) if "topic" in fields else ""
    text = clean_block(joined(fields["text"], True), 10_000) if "text" in fields else ""
    link: str | None = None
    if "link" in fields:
        value = fields["link"]
        written = clean_line(joined(value, False), 2000)
        urls = [u.rstrip(".,;)") for u in _URL.findall(written)]
        if _UNSAFE_SCHEME.search(written):
            urls = []  # "javascript:…" next to a web address: refuse the whole value
        if urls and _SAFE_URL.match(urls[0]):
            link = clean_line(urls[0], 2000)
        elif written:
            first = written.split()[0].strip("<>")
            example = (
                f"https://{clean_line(first, 80)}"
                if re.match(r"^www\.[^\s<>\"'`]+$", first, re.IGNORECASE)
                else "https://www.gsb.gov.tr/haber"
            )
            bad(
                reasons.BAD_LINK,
                f"Bağlantı “{clean_line(written, 80)}” geçerli bir web adresi değil. "
                f"Bağlantıyı https:// ile başlayan tam adres olarak yazın, örneğin {example}.",
                value,
            )
    tags = tags_of(joined(fields["tags"], False)) if "tags" in fields else []
    image_names: list[str] = []
    if "images" in fields:
        image_names = [
            n.strip() for n in _LIST_SEPARATORS.split(joined(fields["images"], False)) if n.strip()
        ]
    reshare_of: str | None = None
    reshare_url: str | None = None
    if "reshare" in fields:
        value = fields["reshare"]
        tokens = clean_line(joined(value, False), 4000).replace("→", " ").replace("->", " ").split()
        tokens = [t.strip(",;<>") for t in tokens if t.strip(",;<>")]
        if tokens:
            reshare_of = clean_line(tokens[0], 500)
            if re.match(r"^[a-z][a-z0-9+.-]*:", reshare_of, re.IGNORECASE) and not _SAFE_URL.match(
                reshare_of
            ):
                bad(
                    reasons.BAD_LINK,
                    f"Paylaşım “{clean_line(tokens[0], 80)}” geçerli bir web adresi değil. "
                    "Bakanlık paylaşımının numarasını ya da https:// ile başlayan adresini yazın.",
                    value,
                )
                reshare_of = None
            urls = [t for t in tokens[1:] if _SAFE_URL.match(t)]
            if urls:
                reshare_url = clean_line(urls[0], 2000)
    if "reshare_url" in fields:
        value = fields["reshare_url"]
        written = clean_line(joined(value, False), 2000).strip("<>")
        if _SAFE_URL.match(written):
            reshare_url = written
        else:
            bad(
                reasons.BAD_LINK,
                f"Paylaşım bağlantısı “{clean_line(written, 80)}” geçerli bir web adresi "
                "değil. https:// ile başlayan tam adresi yazın.",
                value,
            )
    if kind == "reshare" and reshare_of is not None and reshare_url is None and link is not None:
        reshare_url = link
    if kind == "reshare" and reshare_of is None and "reshare" not in fields and link is not None:
        reshare_of = link
    if not topic and kind == "reshare" and reshare_of:
        topic = f"Yeniden paylaşım: {reshare_of}"  # the ministry post's topic is on the site
    if not topic:
        where = fields.get("date") or next(iter(fields.values()), None)
        problems.append(
            (
                reasons.MISSING_FIELD,
                MailProblem(
                    message=(
                        "Konu yazılmamış. Her öğeye “Konu:” satırı ekleyin, örneğin "
                        "“Konu: Gençlik kampı başvuruları başladı”."
                        if not raw.source
                        else f"{src}satır {raw.line}: konu sütunu boş. Her satıra bir konu yazın."
                    ),
                    item=number,
                    field="Konu",
                    line=where.line if where and not raw.source else None,
                ),
            )
        )
    if kind == "plan" and "date" not in fields and not any(p[1] == "Tarih" for p in raw.problems):
        problems.append(
            (
                reasons.MISSING_FIELD,
                MailProblem(
                    message=(
                        "Tarih yazılmamış. Plandaki her öğeye “Tarih:” satırı ekleyin, örneğin "
                        "“Tarih: 02.12.2026”."
                        if not raw.source
                        else f"{src}satır {raw.line}: tarih sütunu boş. Her satıra GG.AA.YYYY biçiminde tarih yazın."
                    ),
                    item=number,
                    field="Tarih",
                    line=raw.line if not raw.source else None,
                ),
            )
        )
    if len(problems) > before:
        return None
    return Checked(
        Item(
            topic, day, tm, tuple(platforms), text, link, tuple(tags), (), reshare_of, reshare_url
        ),
        image_names,
        raw,
    )


def count_links(text: str) -> int:
    return len(_URL.findall(text))
