"""Ministry posts every unit must re-share (circular order 8), and matching re-share reports to them.

The office keeps the posts in ``<calendar>/ministry-posts.yml`` (by hand, by ``BAKANLIK PAYLAŞIMI``
mail or by ``intake post add``)::

    - id: BP-2026-49-1          # short id units quote: "BP-2026-49-1 https://x.com/birim/…"
      date: 2026-12-02
      topic: Gençlik kampları başvuruları
      link: https://x.com/gencliksporbak/status/1864000000000000001
    - id: BP-2026-49-2
      date: 2026-12-03
      topic: Milli takım tebriki
      links:                    # the same post on several platforms
        - https://x.com/gencliksporbak/status/1864000000000000002
        - https://www.instagram.com/p/DBakanlik2/
      platforms: [X, Instagram]

A unit's report names a post by its id or by any of its URLs. URLs are compared after
:func:`normalize_url`. The file is validated as a whole (:func:`parse_ministry_posts`), with
Turkish messages the office can act on, and edited with ruamel.yaml so its comments stay
(:func:`add_to_posts_file`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from intake.errors import Problem, ValidationError
from intake.model import PLATFORMS, Item, Submission
from intake.render import markup
from intake.store import load_yaml
from intake.textnorm import fold
from intake.timeutil import iso_week

MINISTRY_POSTS_FILE = "ministry-posts.yml"
KEYS = ("id", "date", "topic", "link", "links", "platforms")
# query parameters that only track who shared or clicked: never part of a post's address
_DROP_PARAMS = {"s", "t", "si", "igsh", "igshid", "ref", "ref_src", "feature", "fbclid"}
_HOST_ALIASES = {"twitter.com": "x.com", "youtu.be": "youtube.com"}
_HOST_PLATFORMS = {
    "x.com": "X",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "fb.com": "Facebook",
    "youtube.com": "YouTube",
    "linkedin.com": "LinkedIn",
    "tiktok.com": "TikTok",
    "threads.net": "Threads",
    "threads.com": "Threads",
    "nsosyal.com": "NSosyal",
    "whatsapp.com": "WhatsApp",
}
_FILE_HELP = "her paylaşım için `- id: …`, `date: …`, `topic: …`, `link: …` satırları yazın"


def normalize_url(value: str) -> str | None:
    """One spelling per post address, or None when ``value`` is not an http(s) URL.

    ``twitter.com`` = ``x.com`` = ``mobile.twitter.com``; ``www.``/``m.``/``mobile.``, the
    scheme, the host's case, a trailing ``/``, the fragment and tracking parameters (``utm_*``,
    ``igshid``, ``si``, ``s``, ``t``, ``fbclid`` …) are ignored; other parameters are kept, sorted.
    """
    text = markup.clean(value).strip().strip("<>")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    for prefix in ("www.", "mobile.", "m."):
        host = host.removeprefix(prefix)
    host = _HOST_ALIASES.get(host, host)
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in _DROP_PARAMS and not k.lower().startswith("utm_")
        )
    )
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


def post_key(value: str) -> str:
    """Matching key: a normalised URL (:func:`normalize_url`), else ``id:`` and the folded id."""
    url = normalize_url(value)
    if url is not None:
        return url
    return "id:" + " ".join(fold(markup.clean(value)).split())


def platform_of(url: str) -> str | None:
    """The platform a post address is on (``https://twitter.com/…`` → ``X``), if known."""
    normal = normalize_url(url)
    return _HOST_PLATFORMS.get(urlsplit(normal).netloc) if normal else None


@dataclass(frozen=True)
class MinistryPost:
    """A post on the ministry's (or the Minister's) account that every unit must re-share."""

    key: str  # matching key of its id (see post_key)
    id: str  # as the office wrote it: a short id (or, inferred from reports, a URL)
    date: date
    topic: str
    link: str | None  # its first address
    listed: bool  # from ministry-posts.yml (else inferred from the units' reports)
    links: tuple[str, ...] = ()  # every address (the same post on each platform)
    platforms: tuple[str, ...] = ()

    @property
    def week(self) -> str:
        return iso_week(self.date)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key a report may name it by: its id and each of its addresses."""
        return (self.key, *dict.fromkeys(post_key(u) for u in self.links or [self.link or ""] if u))


def parse_ministry_posts(text: str, source: str) -> list[MinistryPost]:
    """The posts in ``text`` (the file's content), or ValidationError listing every problem."""
    try:
        data = load_yaml(text)
    except Exception as exc:  # yaml.YAMLError and friends: one clear message
        raise ValidationError(
            source,
            [
                Problem(
                    "(dosya)", f"geçerli YAML değil ({exc})", "girintileri ve tırnakları düzeltin"
                )
            ],
        ) from exc
    if isinstance(data, Mapping) and "posts" in data:
        data = data["posts"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValidationError(
            source, [Problem("(dosya)", "bir paylaşım listesi olmalı", _FILE_HELP)]
        )
    problems: list[Problem] = []
    posts: list[MinistryPost] = []
    seen: dict[str, str] = {}  # key → where it was first used
    for i, raw in enumerate(data):
        where = f"[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(
                Problem(where, "bir paylaşım (anahtar: değer satırları) olmalı", _FILE_HELP)
            )
            continue
        before = len(problems)
        for k in raw:
            if k not in KEYS:
                problems.append(
                    Problem(
                        f"{where}.{k}", "bilinmeyen anahtar", f"yalnızca {', '.join(KEYS)} yazın"
                    )
                )
        pid, day, topic = raw.get("id"), raw.get("date"), raw.get("topic")
        if isinstance(pid, int) and not isinstance(pid, bool):
            pid = str(pid)
        if not isinstance(pid, str) or not pid.strip():
            problems.append(
                Problem(f"{where}.id", "eksik", "kısa bir kimlik yazın, ör. `id: BP-2026-49-1`")
            )
        if isinstance(day, datetime) or not isinstance(day, date):
            problems.append(
                Problem(
                    f"{where}.date",
                    f"tarih olmalı, yazılan: {day!r}",
                    "YYYY-AA-GG biçiminde yazın, ör. `date: 2026-12-02`",
                )
            )
        if not isinstance(topic, str) or not topic.strip():
            problems.append(Problem(f"{where}.topic", "eksik", "paylaşımın konusunu yazın"))
        links = _links(raw, where, problems)
        platforms = _platforms(raw, where, problems)
        if len(problems) > before:
            continue
        assert isinstance(pid, str) and isinstance(day, date) and isinstance(topic, str)
        post = MinistryPost(
            post_key(pid),
            pid.strip(),
            day,
            topic.strip(),
            links[0] if links else None,
            True,
            tuple(links),
            platforms or tuple(dict.fromkeys(p for p in map(platform_of, links) if p)),
        )
        for key in post.keys:
            if key in seen:
                what = "kimlik" if key == post.key else "bağlantı"
                problems.append(
                    Problem(
                        f"{where}.{'id' if key == post.key else 'link'}",
                        f"bu {what} {seen[key]} paylaşımında da var",
                        "her paylaşımın kendi kimliği ve bağlantıları olsun; tekrarı silin",
                    )
                )
            seen.setdefault(key, f"{where} ({pid.strip()})")
        posts.append(post)
    if problems:
        raise ValidationError(source, problems)
    return posts


def _links(raw: Mapping[str, Any], where: str, problems: list[Problem]) -> list[str]:
    found: list[str] = []
    link, links = raw.get("link"), raw.get("links")
    if links is not None and not isinstance(links, list):
        problems.append(
            Problem(f"{where}.links", "bir liste olmalı", "her bağlantıyı `- https://…` diye yazın")
        )
        links = []
    for key, value in (
        (f"{where}.link", link),
        *((f"{where}.links[{j}]", u) for j, u in enumerate(links or [])),
    ):
        if value is None:
            continue
        if not isinstance(value, str) or markup.safe_url(value) is None:
            problems.append(
                Problem(
                    key,
                    f"http(s) adresi değil: {value!r}",
                    "paylaşımın https:// ile başlayan tam adresini yazın ya da satırı silin",
                )
            )
        elif value.strip() not in found:
            found.append(value.strip())
    return found


def _platforms(raw: Mapping[str, Any], where: str, problems: list[Problem]) -> tuple[str, ...]:
    value = raw.get("platforms")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or any(p not in PLATFORMS for p in value):
        problems.append(
            Problem(
                f"{where}.platforms",
                f"bilinmeyen platform: {value!r}",
                f"şunlardan yazın: {', '.join(PLATFORMS)}",
            )
        )
        return ()
    return tuple(value)


def load_ministry_posts(path: Path) -> list[MinistryPost] | None:
    """The office's list, or None when the file does not exist. A bad file is refused as a whole."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse_ministry_posts(text, str(path))


# --- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One report line as matched: the post it names, or why none (Turkish)."""

    post: MinistryPost | None
    why: str = ""
    earlier: str = ""  # the id of the unit's earlier report of the same post, if any


class PostIndex:
    """Ministry posts by every key a report may name them by."""

    def __init__(self, posts: Iterable[MinistryPost]) -> None:
        self.posts = tuple(posts)
        self.by_key: dict[str, MinistryPost] = {}
        for post in self.posts:
            for key in post.keys:
                self.by_key.setdefault(key, post)

    def find(self, value: str) -> MinistryPost | None:
        return self.by_key.get(post_key(value))

    def match(self, reshare_of: str | None, reshare_url: str | None) -> Match:
        """Which post a report line names, or why it names none."""
        if not reshare_of:
            return Match(None, "bakanlık paylaşımının kimliği ya da bağlantısı yazılmamış")
        post = self.find(reshare_of)
        if post is None:
            what = "bağlantı" if normalize_url(reshare_of) else "kimlik"
            return Match(
                None,
                f"“{reshare_of}” {what} listedeki hiçbir bakanlık paylaşımına uymuyor; "
                "kimliği sitedeki yeniden paylaşım sayfasında yazdığı gibi yazın",
            )
        if reshare_url and self.find(reshare_url) is not None:
            return Match(
                None,
                "sizin paylaşımınızın yerine bir bakanlık paylaşımının bağlantısı yazılmış; "
                "kendi hesabınızdaki paylaşımın bağlantısını yazın",
            )
        if not reshare_url:
            return Match(
                post,
                "sizin paylaşımınızın bağlantısı yazılmamış; eklerseniz sitede bağlantı verilir",
            )
        return Match(post)


def match_report(
    calendar: Path, items: Iterable[Item], earlier: Callable[[str], Iterable[Submission]]
) -> list[Match] | None:
    """Each item of a re-share report matched to the office's list; None without a list.
    ``earlier(week)`` gives the unit's earlier reports from that week on: a post one of them
    already named is marked (``Match.earlier``). Raises ValidationError for a broken list."""
    posts = load_ministry_posts(calendar / MINISTRY_POSTS_FILE)
    if posts is None:
        return None
    index = PostIndex(posts)
    matches = [index.match(item.reshare_of, item.reshare_url) for item in items]
    weeks = [m.post.week for m in matches if m.post is not None]
    if not weeks:
        return matches
    reported: dict[str, str] = {}
    for report in earlier(min(weeks)):
        for item in report.items:
            found = index.find(item.reshare_of or "")
            if found is not None:
                reported.setdefault(found.key, report.id)
    return [
        replace(m, earlier=reported.get(m.post.key, "")) if m.post is not None else m
        for m in matches
    ]


# --- adding a post -----------------------------------------------------------------------------


def next_post_id(posts: Iterable[MinistryPost], day: date) -> str:
    """``BP-<ISO year>-<week>-<n>``: the next free number in the post's week."""
    year, week, _ = day.isocalendar()
    prefix = f"BP-{year}-{week:02d}-"
    taken = {p.id.upper() for p in posts}
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def add_to_posts_file(
    path: Path,
    *,
    links: list[str],
    day: date,
    topic: str,
    platforms: tuple[str, ...],
    write: Callable[[Path, str], object],
) -> MinistryPost:
    """Append a post to ``path`` (comments and layout kept, ruamel.yaml), with the next free id;
    the result must read back as a valid list. Raises ValidationError when the file is broken."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = "# Birimlerin yeniden paylaşması gereken bakanlık paylaşımları (Genelge madde 8).\n"
    existing = parse_ministry_posts(text, str(path))
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    data = yaml.load(text)
    seq = data["posts"] if isinstance(data, Mapping) and "posts" in data else data
    entry = CommentedMap()
    entry["id"] = next_post_id(existing, day)
    entry["date"] = day
    entry["topic"] = topic
    if len(links) == 1:
        entry["link"] = links[0]
    else:
        entry["links"] = CommentedSeq(links)
    if platforms:
        entry["platforms"] = CommentedSeq(platforms)
        entry["platforms"].fa.set_flow_style()
    out = io.StringIO()
    if seq is None:
        comment = text if text.strip() else ""
        data = CommentedSeq([entry])
        yaml.dump(data, out)
        new_text = comment + out.getvalue()
    else:
        seq.append(entry)
        yaml.dump(data, out)
        new_text = out.getvalue()
    posts = parse_ministry_posts(new_text, str(path))  # never write a file the site would refuse
    write(path, new_text)
    return next(p for p in posts if p.id == entry["id"])
