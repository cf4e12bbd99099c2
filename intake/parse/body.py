"""Items from the body text: ``Field: value`` blocks, the one-post-per-line form and tables.

The result is a list of :class:`RawItem` (fields as written, with line numbers) that
``intake.parse.items`` turns into checked :class:`intake.model.Item` objects.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from intake.parse.clean import fast_fold as fold

# canonical field → folded names (Turkish and English)
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("tarih", "date", "yayin tarihi", "paylasim tarihi"),
    "time": ("saat", "time", "yayin saati", "paylasim saati"),
    "platforms": (
        "platform",
        "platformlar",
        "platforms",
        "hesap",
        "hesaplar",
        "mecra",
        "mecralar",
        "sosyal medya",
    ),
    "topic": ("konu", "baslik", "topic", "title", "icerik basligi"),
    "text": (
        "metin",
        "icerik",
        "text",
        "aciklama",
        "paylasim metni",
        "description",
        "content",
        "body",
    ),
    "link": ("baglanti", "link", "url", "adres", "baglantilar", "links"),
    "tags": (
        "etiketler",
        "etiket",
        "hashtag",
        "hashtagler",
        "hashtags",
        "tags",
        "tag",
        "etiketleri",
    ),
    "images": (
        "gorsel",
        "gorseller",
        "image",
        "images",
        "resim",
        "fotograf",
        "foto",
        "gorsel adi",
        "gorsel dosyasi",
        "dosya adi",
    ),
    "week": ("hafta", "week"),
    "reshare": ("paylasim", "reshare", "bakanlik paylasimi", "ministry post", "paylasilan"),
    "reshare_url": (
        "bizim paylasim",
        "birim paylasimi",
        "paylasimimiz",
        "own post",
        "our post",
        "paylasim baglantimiz",
    ),
    "type": ("tur", "type", "tip"),
}
NAME_TO_FIELD: dict[str, str] = {name: key for key, names in FIELD_NAMES.items() for name in names}
MESSAGE_FIELDS = ("week", "type")
MULTILINE = ("text",)

_FIELD_LINE = re.compile(
    r"^\s*(?:[-*•·]\s*)?\**([^\W\d_][^\W_]*(?:[ .'’][^\W\d_]+){0,2})\**\s*[:：]\s*(.*)$"
)
_STARRED = re.compile(r"^\s*\*([^*:\n]{1,30}):\*")
# "1. Paylaşım", "Paylaşım 2:", "3) Gönderi", "Öğe 4": a heading that starts a new item.
_ITEM_HEADING = re.compile(
    r"^\s*(?:(\d{1,3})\s*[.)-]?\s*)?(?:paylasim|oge|gonderi|icerik|post|item|madde)"
    r"\s*(\d{1,3})?\s*[.:)-]?\s*$"
)
_HEADING_WORDS = ("paylasim", "oge", "gonderi", "icerik", "post", "item", "madde")
_HEADING_FIRST = frozenset(word[0] for word in _HEADING_WORDS)
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,}|={3,})\s*$")
_BULLET = re.compile(r"^\s*(?:\d{1,3}\s*[.)-]\s+|[-*•·▪◦–]\s*)")


@dataclass
class Value:
    name: str  # as written
    text: str
    line: int  # 1-based body line of the field name
    continued: list[str] = field(default_factory=list)
    day: date | None = None  # a date the line reader resolved (a heading, a weekday, no year)


@dataclass
class RawItem:
    fields: dict[str, Value] = field(default_factory=dict)
    line: int = 0
    source: str = ""  # "" body, or an attachment's name
    row_form: bool = False  # one-post-per-line or table row
    heading: int = 0  # the line of the heading that gave a line item its date
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (code, field, Turkish)


_NAME_SEPARATORS = re.compile(r"[\s.'’]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def field_of(name: str) -> str | None:
    """The field a label names (``Tarih``, ``Date:`` …), or None."""
    return _field_of(name) if len(name) <= 200 else _field_of.__wrapped__(name)


@functools.lru_cache(maxsize=4096)  # (short labels only: the memory stays small)
def _field_of(name: str) -> str | None:
    key = _NAME_SEPARATORS.sub(" ", fold(name)).strip(" *")
    return NAME_TO_FIELD.get(key)


# label (the text before a line's first colon) → (field, name as written) or None. The name in
# _FIELD_LINE cannot hold a colon, so its colon is the line's first one and the label alone
# decides the match; the value is the rest after leading whitespace.
_LABELS: dict[str, tuple[str, str] | None] = {}
_UNSEEN = ("", "")  # (a label not in _LABELS yet)


def _label(label: str) -> tuple[str, str] | None:
    m = _FIELD_LINE.match(label + ":")
    key = field_of(name := m.group(1).strip()) if m else None
    found = None if key is None else (key, name)
    if len(label) > 200:
        return found  # not kept: the memo stays small (4,096 short labels)
    if len(_LABELS) >= 4096:
        _LABELS.clear()
    _LABELS[label] = found
    return found


def match_field(line: str) -> tuple[str, str, str] | None:
    """``"Bağlantı: https://…"`` → ("link", "Bağlantı", "https://…")."""
    if "*" in line[:40]:  # Gmail's text of bold: "*Tarih:* 02.12.2026"
        line = _STARRED.sub(r"\1:", line, count=1)
    if "\n" not in line:  # (a "\n" changes what "\s" and "$" match: the pattern below)
        colon = line.find(":")
        wide = line.find("：", 0, colon) if colon >= 0 else line.find("：")
        if wide >= 0:
            colon = wide
        if colon < 0:
            return None
        label = line[:colon]
        found = _LABELS[label] if label in _LABELS else _label(label)
        if found is None:
            return None
        rest = line[colon + 1 :].lstrip()
        if rest.startswith("//"):  # "url://…" is not a field
            return None
        return found[0], found[1], rest.rstrip()
    m = _FIELD_LINE.match(line)
    if not m:
        return None
    name = m.group(1).strip()
    key = field_of(name)
    if key is None:
        return None
    value = m.group(2)
    if value.startswith("//"):  # "url://…" is not a field; "Link: https://…" is handled above
        return None
    return key, name, value.strip()


@dataclass
class BodyResult:
    items: list[RawItem]
    message_fields: dict[str, Value]
    line_items: list[tuple[int, str]]  # (line, line text) of the lines that are not fields
    table_rows: list[tuple[int, list[str]]]  # tab-separated lines (HTML/Excel tables)


def split_items(
    text: str, folds: list[str] | None = None, lines: list[str] | None = None
) -> BodyResult:
    """Group ``Field: value`` lines into items; collect list lines and table rows for later.

    ``folds``, when the caller has them: ``fold(line.strip())`` of every line of ``text``;
    ``lines``: ``text.split("\\n")``."""
    if lines is None:
        lines = text.split("\n")
    if folds is None or len(folds) != len(lines):
        folds = [fold(line.strip()) for line in lines]
    items: list[RawItem] = []
    message_fields: dict[str, Value] = {}
    current: RawItem | None = None
    last: Value | None = None
    last_key = ""
    line_items: list[tuple[int, str]] = []
    table_rows: list[tuple[int, list[str]]] = []
    in_table = False  # the previous line was a row of a table whose header names fields
    labels = _LABELS
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            filled = sum(1 for c in cells if c)
            if filled >= 2 or (in_table and filled >= 1):
                table_rows.append((number, cells))
                in_table = (
                    in_table
                    or sum(1 for c in cells if c and field_of(c.strip("*:")) is not None) >= 2
                )
                last = None
                continue
        in_table = False
        stripped = line.strip()
        if not stripped:  # no heading, separator or field
            if last is not None:
                if last_key in MULTILINE:
                    last.continued.append("")
                else:
                    last = None
            continue
        heading = None
        if len(stripped) < 30:
            folded = folds[number - 1]
            first = folded[:1]
            # Only a heading with a number counts: one that starts with whitespace or a digit (not
            # letters), or with a heading word's first letter and ends with a digit, ".:)-" or
            # whitespace (not a letter). "tarih: …", "platform: x" skip the regex.
            if not first.isalpha() or (first in _HEADING_FIRST and not folded[-1:].isalpha()):
                heading = _ITEM_HEADING.match(folded)
        if (stripped[0] in "-_*=" and _SEPARATOR.match(line)) or (
            heading is not None and (heading.group(1) or heading.group(2))
        ):
            if current is not None and current.fields:
                items.append(current)
            current = None
            last = None
            continue
        # = match_field(line) (a line of text.split("\n") has no "\n"), inline
        field_line = line
        if line.find("*", 0, 40) >= 0:  # Gmail's text of bold: "*Tarih:* 02.12.2026"
            field_line = _STARRED.sub(r"\1:", line, count=1)
        colon = field_line.find(":")
        wide = field_line.find("：", 0, colon) if colon >= 0 else field_line.find("：")
        if wide >= 0:
            colon = wide
        found = None
        if colon >= 0:
            label = field_line[:colon]
            found = labels.get(label, _UNSEEN)
            if found is _UNSEEN:
                found = _label(label)
        if found is not None:
            value = field_line[colon + 1 :].strip()  # (lstrip, "//" test, rstrip: the same)
            if value.startswith("//"):  # "url://…" is not a field
                found = None
        if found is not None:
            key, name = found
            if key in MESSAGE_FIELDS:
                if key not in message_fields:
                    message_fields[key] = Value(name, value, number)
                last = None
                continue
            if current is None:
                current = RawItem(line=number)
            elif key in current.fields:
                items.append(current)
                current = RawItem(line=number)
            last = Value(name, value, number)
            last_key = key
            current.fields[key] = last
            continue
        if last is not None:
            if stripped:
                last.continued.append(line.rstrip())
                continue
            if last_key in MULTILINE:
                last.continued.append("")
                continue
            last = None
            continue
        line_items.append((number, line))
    if current is not None and current.fields:
        items.append(current)
    return BodyResult(items, message_fields, line_items, table_rows)


def joined(value: Value, multiline: bool) -> str:
    """The value with its continuation lines: paragraphs kept for Metin, spaces otherwise."""
    if not value.continued:
        if not multiline:
            return " ".join(value.text.split())
        if "\n" not in value.text:  # one line: its rstrip, joined alone, then stripped
            return value.text.strip()
    parts = [value.text, *value.continued]
    if multiline:
        text = "\n".join([p.rstrip() for p in parts])
        if "\n\n\n" in text:
            text = _BLANK_LINES.sub("\n\n", text)
        return text.strip("\n").strip()
    # = re.sub(r"\s+", " ", " ".join(p.strip() for p in parts if p.strip())).strip()
    return " ".join(" ".join(parts).split())
