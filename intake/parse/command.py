"""Office commands, read from an authenticated office address's mail (spec: *Office commands*).

The command is the subject, else the first line of the office's own text (quoted replies and
signatures cut):

* ``ONAY <id>`` — approve (a plan held during a national crisis: release); optional ``Tarih:``,
  ``Saat:`` lines set the slot, ``Not:`` a note;
* ``RET <id> <reason>`` — reject (the reason may also come as a ``Not:``/``Gerekçe:`` line);
* ``KRİZ`` with ``Kapsam: ulusal|alan``, ``Konular:``, ``Başlık:`` — start a crisis;
* ``KRİZ BİTTİ`` — end it;
* ``BAKANLIK PAYLAŞIMI`` with ``Bağlantı:`` (one or more URLs of the same post, on that line or
  the lines under it), ``Tarih:`` (default: the day it was sent), ``Konu:`` and optionally
  ``Platform:`` — add a post every unit must re-share.

A plain reply to a receipt works too: the subject carries the id as ``[SM-<id>]`` and the first
line says ``ONAY`` or ``RET <reason>``. English words (APPROVE, REJECT, CRISIS, CRISIS END) are
read as well (and MINISTRY POST). Keywords are case-, Turkish-case- and diacritics-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from intake.parse.clean import fast_fold as fold
from intake.parse.dates import FieldError, parse_date, parse_time

Action = Literal["approve", "reject", "crisis-start", "crisis-end", "post-add"]

_ID = r"(?P<id>\d{4}-w\d{2}-[a-z0-9-]+)"
_SM_ID = re.compile(r"\[sm-(?P<id>\d{4}-w\d{2}-[a-z0-9-]+)\]", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*((re|ynt|yanit|cevap|aw|sv|fw|fwd|ilt|ilet)\s*:\s*)+", re.IGNORECASE)
_COMMANDS: list[tuple[re.Pattern[str], Action]] = [
    (re.compile(r"^(bakanlik paylasimi|ministry post)\b"), "post-add"),
    (re.compile(r"^(kriz bitti|kriz sona erdi|crisis end(ed)?)\b"), "crisis-end"),
    (re.compile(r"^(kriz|crisis)\b"), "crisis-start"),
    (re.compile(rf"^(onay|onayla|onaylandi|approve|approved)\b[\s:]*{_ID}?"), "approve"),
    (re.compile(rf"^(ret|red|reddet|reddedildi|reject|rejected)\b[\s:]*{_ID}?"), "reject"),
]
_FIELD = re.compile(r"^\s*(?P<key>[^\W\d_][\w ]{0,20}?)\s*:\s*(?P<value>.*)$")
_FIELDS = {
    "tarih": "date",
    "date": "date",
    "saat": "time",
    "time": "time",
    "not": "note",
    "note": "note",
    "aciklama": "note",
    "gerekce": "note",
    "reason": "note",
    "kapsam": "scope",
    "scope": "scope",
    "konular": "topics",
    "konu": "topics",
    "topics": "topics",
    "baslik": "title",
    "title": "title",
    "baglanti": "link",
    "baglantilar": "link",
    "link": "link",
    "links": "link",
    "url": "link",
    "platform": "platforms",
    "platformlar": "platforms",
    "platforms": "platforms",
}
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_SCOPES = {"ulusal": "national", "national": "national", "alan": "field", "field": "field"}


@dataclass(frozen=True)
class OfficeCommand:
    """What an office mail asks for; ``problems`` (Turkish) say why it cannot be done as written."""

    action: Action | None  # None: no command was recognised
    target: str = ""  # the submission id (approve, reject)
    note: str = ""  # Not: (approve), the reason (reject)
    day: date | None = None  # Tarih: the slot's day (approve)
    time: str | None = None  # Saat: the slot's time (approve)
    scope: str = ""  # national | field (crisis-start)
    topics: tuple[str, ...] = ()
    title: str = ""
    links: tuple[str, ...] = ()  # post-add: the post's addresses
    platforms: tuple[str, ...] = ()  # post-add
    problems: tuple[str, ...] = field(default=())


def read_command(subject: str, lines: list[str], today: date) -> OfficeCommand:
    """The command in an office mail's ``subject`` and its own text ``lines``."""
    subject = subject.strip()
    bare = _PREFIX.sub("", subject).strip()
    text = [line.strip() for line in lines if line.strip()]
    first = text[0] if text else ""
    found = _match(bare) or _match(_SM_ID.sub("", bare).strip()) or _match(first)
    if found is None:
        return OfficeCommand(
            None,
            problems=(
                "Komut anlaşılamadı. Konu satırına ya da ilk satıra şunlardan birini yazın: "
                "“ONAY <kimlik>”, “RET <kimlik> <gerekçe>”, “KRİZ” (Kapsam:, Konular:, Başlık: "
                "satırlarıyla), “KRİZ BİTTİ” ya da “BAKANLIK PAYLAŞIMI” (Bağlantı:, Tarih:, Konu: "
                "satırlarıyla).",
            ),
        )
    action, match, source = found
    fields = _fields(text)
    problems: list[str] = []
    if action in ("approve", "reject"):
        target = match.group("id") or ""
        if not target:
            in_subject = _SM_ID.search(subject)
            target = in_subject.group("id") if in_subject else ""
        target = target.lower()
        if not target:
            problems.append(
                "Hangi gönderinin kastedildiği yazılmamış: komutun yanına gönderinin kimliğini "
                "yazın (ör. “ONAY 2026-w50-ghgm-proposal-1a2b3c4d”) ya da alındı iletimize "
                "yanıt verin."
            )
        rest = _after_keyword(source)
        note = fields.get("note", "")
        if action == "reject":
            note = note or rest
            if not note:
                problems.append(
                    "Ret gerekçesi yazılmamış: “RET <kimlik> <gerekçe>” biçiminde yazın ya da "
                    "bir “Gerekçe:” satırı ekleyin."
                )
        day: date | None = None
        hhmm: str | None = None
        if "date" in fields:
            try:
                day = parse_date(fields["date"], today)
            except FieldError as exc:
                problems.append(f"“Tarih” satırı okunamadı: {exc}")
        if "time" in fields:
            try:
                hhmm = parse_time(fields["time"])
            except FieldError as exc:
                problems.append(f"“Saat” satırı okunamadı: {exc}")
        return OfficeCommand(action, target, note, day, hhmm, problems=tuple(problems))
    if action == "crisis-end":
        return OfficeCommand(action)
    if action == "post-add":
        return _post_add(text, fields, today)
    scope = _SCOPES.get(fold(fields.get("scope", "ulusal")).strip(), "")
    if not scope:
        problems.append("“Kapsam” satırı “ulusal” ya da “alan” olmalı.")
    topics = tuple(t.strip() for t in re.split(r"[,;]", fields.get("topics", "")) if t.strip())
    if scope == "field" and not topics:
        problems.append(
            "Alan krizi için “Konular:” satırında durdurulacak konuları virgülle ayırarak yazın "
            "(ör. “Konular: deprem, afet”)."
        )
    title = fields.get("title", "") or _after_keyword(source)
    if not title:
        problems.append(
            "Kriz başlığı yazılmamış: bir “Başlık:” satırı ekleyin (ör. “Başlık: Deprem nedeniyle "
            "planlı paylaşımlar durduruldu”)."
        )
    return OfficeCommand(
        action, scope=scope, topics=topics, title=title[:200], problems=tuple(problems)
    )


def _post_add(text: list[str], fields: dict[str, str], today: date) -> OfficeCommand:
    """``BAKANLIK PAYLAŞIMI``: the post's addresses, day, topic and platforms."""
    from intake.parse.items import platforms_of

    problems: list[str] = []
    links = _links(text)
    if not links:
        problems.append(
            "Paylaşımın bağlantısı yazılmamış: bir “Bağlantı:” satırına paylaşımın https:// ile "
            "başlayan adresini yazın (aynı paylaşımın başka platformlardaki adreslerini alt "
            "satırlara ekleyebilirsiniz)."
        )
    day = today
    if "date" in fields:
        try:
            day = parse_date(fields["date"], today)
        except FieldError as exc:
            problems.append(f"“Tarih” satırı okunamadı: {exc}")
    topic = fields.get("topics", "") or fields.get("title", "")
    if not topic:
        problems.append(
            "Paylaşımın konusu yazılmamış: bir “Konu:” satırı ekleyin (ör. “Konu: Gençlik "
            "kampları başvuruları”)."
        )
    platforms, unknown = platforms_of(fields.get("platforms", ""))
    if unknown:
        problems.append(
            f"Platform tanınmadı: {', '.join(unknown)}. X, Instagram, Facebook, YouTube, "
            "LinkedIn, TikTok, NSosyal, Threads ya da WhatsApp yazın."
        )
    return OfficeCommand(
        "post-add",
        day=day,
        title=topic[:300],
        links=tuple(links),
        platforms=tuple(platforms),
        problems=tuple(problems),
    )


def _links(lines: list[str]) -> list[str]:
    """The addresses on the ``Bağlantı:`` lines and on the bare address lines under them."""
    found: list[str] = []
    inside = False
    for line in lines:
        field_line = _FIELD.match(line)
        if field_line is not None and not line.lower().startswith(("http:", "https:")):
            inside = _FIELDS.get(fold(field_line.group("key")).strip()) == "link"
            line = field_line.group("value") if inside else ""
        elif not inside:
            continue
        for url in _URL.findall(line):
            url = url.rstrip(".,;)")
            if url not in found:
                found.append(url)
    return found


def _match(text: str) -> tuple[Action, re.Match[str], str] | None:
    """The command ``text`` starts with: its action, the match in the folded text, and ``text``."""
    folded = fold(text)
    for pattern, action in _COMMANDS:
        found = pattern.match(folded)
        if found is not None:
            return action, found, text
    return None


_KEYWORD = re.compile(rf"^\s*\S+[\s:]*(?:{_ID[len('(?P<id>') : -1]})?", re.IGNORECASE)


def _after_keyword(text: str) -> str:
    """The words after the command's keyword (and id), as written: a reason, a crisis title."""
    return _KEYWORD.sub("", _SM_ID.sub("", text), count=1).strip(" :-–—")


def _fields(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        found = _FIELD.match(line)
        if found is None:
            continue
        key = _FIELDS.get(fold(found.group("key")).strip())
        if key is not None and key not in out:
            out[key] = found.group("value").strip()
    return out
