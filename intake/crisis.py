"""The crisis notice: ``docs/crisis.md`` front matter, edited by the office.

::

    ---
    crisis:
      active: true
      scope: national            # national (circular 6) | field (circular 5)
      topics: [deprem, afet]     # field: the subjects whose posts stop
      since: 2026-11-26T09:00:00+03:00
      until: null                # set when the crisis ends
      title: Deprem nedeniyle planlı paylaşımlar durduruldu
    past:                        # ended crises, newest first (kept so their posts stay marked)
      - {scope: field, topics: [sel], since: …, until: …, title: …}
    ---
    The notice text (Markdown) follows.

An invalid front matter raises :class:`~intake.errors.CrisisError` naming the key and the fix:
a half-applied crisis is worse than none.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml

from intake.errors import CrisisError, Problem
from intake.model import Item
from intake.store import load_yaml, split_front_matter
from intake.textnorm import fold
from intake.timeutil import TZ

Scope = Literal["national", "field"]
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Crisis:
    active: bool
    scope: Scope
    topics: tuple[str, ...]
    since: datetime | None
    until: datetime | None
    title: str

    @property
    def marks_posts(self) -> bool:
        """Active crises, and ended ones with an ``until``, mark posts; ``active: false`` alone does not."""
        return self.since is not None and (self.active or self.until is not None)

    def covers(self, item: Item) -> bool:
        """Whether ``item`` (a planned post) is stopped by this crisis."""
        if not self.marks_posts or item.date is None or self.since is None:
            return False
        start, end = _post_window(item.date, item.time)
        if end < self.since:
            return False
        if self.until is not None and start > self.until:
            return False
        if self.scope == "national":
            return True
        return matches_topics(self.topics, (item.topic, item.text, *item.tags))


@dataclass(frozen=True)
class CrisisNotice:
    """The whole crisis page: the current crisis (if any), past ones, and the Markdown text."""

    current: Crisis | None
    past: tuple[Crisis, ...]
    body: str

    @property
    def active(self) -> Crisis | None:
        return self.current if self.current is not None and self.current.active else None

    def all(self) -> tuple[Crisis, ...]:
        return ((self.current,) if self.current else ()) + self.past

    def stopped_by(self, item: Item) -> Crisis | None:
        """The crisis that stops ``item``, if any (the current one first)."""
        return next((c for c in self.all() if c.covers(item)), None)


def _post_window(day: date, hhmm: str | None) -> tuple[datetime, datetime]:
    """A post with a time is an instant; without one it spans its whole day."""
    if hhmm:
        h, m = (int(x) for x in hhmm.split(":"))
        at = datetime.combine(day, time(h, m), TZ)
        return at, at
    start = datetime.combine(day, time(0, 0), TZ)
    return start, start + timedelta(days=1) - timedelta(seconds=1)


def matches_topics(topics: Iterable[str], texts: Iterable[str]) -> bool:
    """Turkish-aware: a topic matches a word that starts with it ("deprem" ~ "DEPREMİ", "Depremde")."""
    words = {w for text in texts for w in _WORD.findall(fold(text))}
    for topic in topics:
        parts = _WORD.findall(fold(topic))
        if not parts:
            continue
        if len(parts) == 1:
            if any(w.startswith(parts[0]) for w in words):
                return True
        elif " ".join(parts) in " ".join(_WORD.findall(fold(" ".join(texts)))):
            return True
    return False


class _Reader:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def bad(self, key: str, what: str, fix: str) -> None:
        self.problems.append(Problem(f"{self.where}: {key}", what, fix))

    def when(self, data: Mapping[str, Any], key: str, prefix: str) -> datetime | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = _turkish_moment(value) or value
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(str(value))
        if isinstance(value, date) and not isinstance(value, datetime):
            value = datetime.combine(value, time(0, 0))
        if not isinstance(value, datetime):
            self.bad(
                f"{prefix}.{key}",
                f"“{value}” bir tarih ve saat değil",
                f"GG.AA.YYYY SS:DD biçiminde yazın, örneğin `{key}: 26.11.2026 09:00`",
            )
            return None
        return value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)

    def crisis(self, data: Any, prefix: str, *, past: bool) -> Crisis | None:
        if not isinstance(data, Mapping):
            self.bad(
                prefix,
                "bir eşleme olmalı",
                "altına `active:`, `scope:`, `topics:`, `since:`, `until:`, `title:` satırlarını yazın",
            )
            return None
        known = {"active", "scope", "topics", "since", "until", "title"}
        for key in data:
            if key not in known:
                self.bad(
                    f"{prefix}.{key}",
                    "tanınan bir alan değil",
                    f"bu satırı silin (tanınan alanlar: {', '.join(sorted(known))})",
                )
        active = data.get("active", False)
        if not isinstance(active, bool):
            self.bad(
                f"{prefix}.active",
                f"true ya da false olmalı, “{active}” yazılmış",
                "`active: true` (kriz sürüyor) ya da `active: false` (kriz yok veya bitti) yazın",
            )
            active = False
        if past and active:
            self.bad(
                f"{prefix}.active",
                "geçmiş bir kriz etkin olamaz",
                "`active: false` yazın ve `until:` alanına bitiş zamanını girin",
            )
        scope = data.get("scope", "national")
        if scope not in ("national", "field"):
            self.bad(
                f"{prefix}.scope",
                f"national ya da field olmalı, “{scope}” yazılmış",
                "`scope: national` (bütün planlı paylaşımlar durur) ya da `scope: field` "
                "(yalnızca `topics` konusundaki paylaşımlar durur) yazın",
            )
        topics_raw = data.get("topics") or []
        if isinstance(topics_raw, str):
            topics_raw = [t.strip() for t in topics_raw.split(",")]
        if not isinstance(topics_raw, list) or not all(isinstance(t, str) for t in topics_raw):
            self.bad(
                f"{prefix}.topics",
                "bir kelime listesi olmalı",
                "örneğin `topics: [deprem, afet]` yazın",
            )
            topics_raw = []
        topics = tuple(t.strip() for t in topics_raw if t.strip())
        if scope == "field" and (active or data.get("until")) and not topics:
            self.bad(
                f"{prefix}.topics",
                "alan krizinde boş olamaz",
                "paylaşımları duracak konuları yazın, örneğin `topics: [deprem, afet]`; "
                "ya da `scope: national` yazın",
            )
        since = self.when(data, "since", prefix)
        until = self.when(data, "until", prefix)
        if (
            active
            and since is None
            and f"{prefix}.since" not in {p.where.split(": ", 1)[-1] for p in self.problems}
        ):
            self.bad(
                f"{prefix}.since",
                "etkin bir krizde boş olamaz",
                "krizin başladığı zamanı yazın, örneğin `since: 26.11.2026 09:00`",
            )
        if until is not None and since is None:
            self.bad(
                f"{prefix}.since",
                "`until` doluyken boş olamaz",
                "krizin başladığı zamanı yazın, örneğin `since: 26.11.2026 09:00`",
            )
        if since and until and until < since:
            self.bad(
                f"{prefix}.until",
                "`since` zamanından önce",
                "`until` alanına krizin bittiği zamanı (`since` sonrasını) yazın",
            )
        if active and until is not None:
            self.bad(
                f"{prefix}.until",
                "`active: true` iken dolu",
                "krizi bitirmek için `active: false` yazın; sürecekse `until` satırını silin "
                "(ya da `until: null` yazın)",
            )
        title = data.get("title")
        if (active or until is not None) and (not isinstance(title, str) or not title.strip()):
            self.bad(
                f"{prefix}.title",
                "boş olamaz",
                "uyarı şeridinin metnini yazın, örneğin "
                '`title: "Deprem nedeniyle planlı paylaşımlar durduruldu"`',
            )
            title = ""
        return Crisis(
            active=bool(active),
            scope=scope if scope in ("national", "field") else "national",
            topics=topics,
            since=since,
            until=until,
            title=str(title or "").strip(),
        )


_TURKISH_MOMENT = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$")


def _turkish_moment(text: str) -> datetime | None:
    """``02.12.2026 08:00`` (GG.AA.YYYY SS:DD, as units write dates in their mail) or
    ``02.12.2026`` (midnight), in Istanbul time; None when ``text`` is not written so."""
    found = _TURKISH_MOMENT.match(text)
    if not found:
        return None
    day, month, year, hour, minute = (int(g) if g else 0 for g in found.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=TZ)
    except ValueError:
        return None


def _yaml_problem(exc: yaml.YAMLError, front: str, where: str) -> Problem:
    """A YAML error in the notice, in Turkish; a title with a colon (the usual cause: YAML reads
    "Deprem: ..." as a key) says to put the title in quotes."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line if mark else -1
    lines = front.split("\n")
    text = lines[line] if 0 <= line < len(lines) else ""
    at = f"{where}:{line + 2}" if mark else where
    key = re.match(r"^\s*(title|scope|since|until|active|topics)\s*:\s*(.*)$", text)
    if key and ":" in key.group(2) and not key.group(2).startswith(("'", '"')):
        value = key.group(2).strip().replace('"', "'")
        return Problem(
            at,
            f"`{key.group(1)}:` değerinde iki nokta üst üste (:) var; YAML bunu okuyamaz",
            f'değeri çift tırnak içine alın: `{key.group(1)}: "{value}"`',
        )
    return Problem(
        at,
        f"YAML okunamadı ({getattr(exc, 'problem', exc)})",
        "bu satırdaki girintiyi ve tırnakları düzeltin; iki nokta üst üste (:) içeren "
        'bir değeri çift tırnak içine alın (örneğin `title: "Deprem: paylaşımlar durdu"`)',
    )


def parse_crisis(text: str, where: str = "docs/crisis.md") -> CrisisNotice:
    parts = split_front_matter(text)
    if parts is None:
        return CrisisNotice(current=None, past=(), body=text)
    try:
        data = load_yaml(parts[0]) or {}
    except yaml.YAMLError as exc:
        raise CrisisError(where, [_yaml_problem(exc, parts[0], where)]) from None
    reader = _Reader(where)
    if not isinstance(data, Mapping):
        raise CrisisError(
            where,
            [Problem(where, "baştaki bölüm bir eşleme değil", "`crisis:` satırıyla başlayın")],
        )
    for key in data:
        if key not in ("crisis", "past", "title", "hide", "search"):
            reader.bad(
                str(key),
                "tanınan bir alan değil",
                "`crisis:` (ve biten krizler için `past:`) kullanın",
            )
    current = (
        reader.crisis(data["crisis"], "crisis", past=False)
        if data.get("crisis") is not None
        else None
    )
    past_raw = data.get("past") or []
    past: list[Crisis] = []
    if not isinstance(past_raw, list):
        reader.bad(
            "past",
            "bir liste olmalı",
            "her biten krizi `- scope: …` ile başlayan bir öğe olarak yazın",
        )
    else:
        for i, raw in enumerate(past_raw):
            crisis = reader.crisis(raw, f"past[{i}]", past=True)
            if crisis is not None:
                past.append(crisis)
    if reader.problems:
        raise CrisisError(where, reader.problems)
    return CrisisNotice(current=current, past=tuple(past), body=parts[1])


def load_crisis(path: Path) -> CrisisNotice:
    """Read docs/crisis.md; a missing file means no crisis."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return CrisisNotice(current=None, past=(), body="")
    return parse_crisis(text, str(path))
