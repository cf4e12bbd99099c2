"""The main generated pages: home, the weekly share calendar (week grids and month views),
approved content and the agenda.

Every post has one block (``#p-<submission id>-<n>``: text, hashtags, link, images, unit, slot,
state, decision, a copy button) on its week's calendar page; cards in the week and month grids
and rows of the post tables open it. A proposal or announcement has a block of its own
(``#s-<id>``) on its week's agenda page, which pending ones link to.

Each ``*_pages`` function returns ``{path under docs/: Markdown}``; :mod:`intake.render.site`
writes them (and the week and month spreadsheets of :mod:`intake.render.exports`). Every value a unit wrote is escaped here, in Python, through
:mod:`intake.render.markup` before it reaches a template: the templates only lay out
already-safe Markdown. Nothing reads the clock: "today" is ``ctx.now``.

Search index policy (keeps ``search_index.json`` small on years of data): calendar weeks within
:data:`SEARCH_WEEKS` weeks of today (before or after) are indexed in full; older weeks carry
``search: exclude: true``. Agenda pages repeat what the calendar says, so only the last
:data:`AGENDA_SEARCH_WEEKS` weeks of them are indexed. Month pages are never indexed (the weeks
are); within a page, each post block is one search result (its heading carries the anchor) and
the grids, filters and tables are marked ``data-search-exclude``.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import jinja2

from intake.config import Unit
from intake.crisis import Crisis
from intake.model import Submission
from intake.render import markup, turkish
from intake.render.context import SiteContext
from intake.render.reshares import reshare_summary
from intake.schedule import Post, is_post_source
from intake.timeutil import TZ, iso_week, week_days, week_monday

SEARCH_WEEKS = 26
EXPORT_WEEKS = 13  # weeks (and their months) within a quarter of today get CSV/XLSX files
AGENDA_SEARCH_WEEKS = 8
STOPPED = "Durduruldu"
TYPE_LABELS = {
    "plan": "Haftalık plan",
    "proposal": "İçerik önerisi",
    "announcement": "Duyuru",
    "reshare": "Paylaşım bildirimi",
}
STATUS_LABELS = {
    "received": "Alındı",
    "superseded": "Yenisiyle değiştirildi",
    "held": "Kriz nedeniyle bekletiliyor",
    "pending": "Karar bekliyor",
    "approved": "Onaylandı",
    "rejected": "Reddedildi",
}


# --------------------------------------------------------------------------- rows

# Short platform labels for the week's cards (the full name is the abbr's title).
PLATFORM_SHORT = {
    "x": "X",
    "twitter": "X",
    "instagram": "IG",
    "facebook": "FB",
    "youtube": "YT",
    "nsosyal": "NS",
    "linkedin": "in",
    "tiktok": "TT",
    "threads": "TH",
}
# A post's state on the site: (key for the filter and the badge colour, Turkish label).
POST_STATUS = {
    "planned": "Planlandı",
    "pending": "Karar bekliyor",
    "held": "Kriz nedeniyle bekletiliyor",  # main's office work holds submissions in a crisis
    "approved": "Onaylandı",
    "stopped": STOPPED,
    "rejected": "Reddedildi",
    "superseded": "Yenisiyle değiştirildi",
}


def slug(text: str) -> str:
    """A filter key: lower-case ASCII letters and digits of ``text`` ("NSosyal" → "nsosyal")."""
    return re.sub(r"[^a-z0-9]+", "", text.casefold()) or "diger"


@dataclass(frozen=True)
class Row:
    """One item of a submission (a post, when it is dated and its submission is current).

    Posts are written as raw HTML blocks, which Python-Markdown passes through untouched: a
    year of posts in Markdown tables made MkDocs spend most of its time on inline patterns.
    Every value is :func:`markup.inline` output (or :func:`markup.attribute`), whose punctuation is all
    numeric character references, so it is inert in HTML as well as in Markdown. Links inside
    these blocks are not rewritten by MkDocs: ``prefix`` is the way from the page's URL
    (directory URLs) to the site root.
    """

    uid: str
    day: date | None
    week: str  # the post's ISO week ("" when undated)
    date: str  # "2 Aralık 2026 Çarşamba" ("Tarihi belirlenmedi" when undated)
    time: str
    unit: str  # unit id (filter key)
    unit_cell: str  # <abbr title="full name">label</abbr>
    unit_name: str
    unit_label: str
    kind: str  # plan | proposal | announcement
    type: str
    platforms: str
    platform_keys: str  # "x instagram" (filter keys)
    platform_short: str  # "X IG FB" (the full names are in the post's block)
    platform_pairs: tuple[tuple[str, str], ...]  # (filter key, name)
    topic: str
    text: str
    text_block: str  # the text with its line breaks (<br>)
    tags: str  # "#Etiket #Başka"
    copy: str  # text and hashtags as an attribute value (the copy button's data-clipboard-text)
    link_cell: str  # <a href=…>host adresindeki gönderi</a> or "—"
    link_url: str  # the full, escaped URL or ""
    images: tuple[tuple[str, str], ...]  # (site-relative path, alt text)
    stopped: bool
    crisis: str  # the stopping crisis' title, inert
    status: str  # key of POST_STATUS
    decision: str  # "Onaylandı: siid@… (27 Kasım 2026 Cuma 11:00). Not: …" or ""

    @property
    def anchor(self) -> str:
        return f"p-{self.uid}"

    @property
    def status_label(self) -> str:
        return POST_STATUS[self.status]

    @property
    def slot(self) -> str:
        return self.date if self.time == "—" else f"{self.date} {self.time}"

    def image_cell(self, prefix: str) -> str:
        if not self.images:
            return "—"
        return " ".join(
            f'<a href="{prefix}{path}"><img src="{prefix}{path}" alt="{alt}" loading="lazy" '
            f'width="96"></a>'
            for path, alt in self.images
        )

    def href(self, prefix: str) -> str:
        """Where the post opens: its block on its calendar week page ("" when undated)."""
        return f"{prefix}calendar/{self.week}/#{self.anchor}" if self.week else ""


def _link_cell(url: str | None) -> str:
    """An HTML link to an allowed http(s) URL, its text naming the host; else "—"."""
    target = markup.safe_url(url)
    if target is None:
        return "—"
    host = urlsplit(target).hostname or "bağlantı"
    label = markup.inline(f"{host} adresindeki gönderi")
    return f'<a href="{html.escape(target, quote=True)}">{label}</a>'


def _decision(sub: Submission) -> str:
    if sub.type == "plan" and sub.decision is None:
        return ""
    if sub.decision is None:
        return "Ofisin kararı bekleniyor" if sub.status == "pending" else ""
    d = sub.decision
    out = f"{STATUS_LABELS[sub.status]}: {d.by} ({turkish.date_time(d.at)})"
    if d.note:
        out += f". Not: {d.note}"
    return markup.inline(out)


_IMAGE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


class Rows:
    """Builds and caches the row of each post (a post appears on several pages)."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.cache: dict[str, Row] = {}
        self.units = {u.id: u for u in ctx.config.units}
        self.labels: dict[str, str] = {}
        self.cells: dict[str, str] = {}
        self.platforms: dict[
            tuple[str, ...], tuple[str, str, str, tuple[tuple[str, str], ...]]
        ] = {}
        self.dates: dict[date, str] = {}

    def unit_label(self, unit_id: str) -> str:
        found = self.labels.get(unit_id)
        if found is None:
            unit = self.units.get(unit_id)
            found = self.labels[unit_id] = markup.inline(unit.label if unit else unit_id.upper())
        return found

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return markup.inline(unit.name if unit else unit_id)

    def unit_cell(self, unit_id: str) -> str:
        found = self.cells.get(unit_id)
        if found is None:
            name = self.unit_name(unit_id)
            found = self.cells[unit_id] = f'<abbr title="{name}">{self.unit_label(unit_id)}</abbr>'
        return found

    def platform_cells(
        self, platforms: tuple[str, ...]
    ) -> tuple[str, str, str, tuple[tuple[str, str], ...]]:
        """(full names, filter keys, short labels, (key, name) pairs) of a post's platforms."""
        found = self.platforms.get(platforms)
        if found is None:
            full = markup.inline(", ".join(platforms)) or "—"
            pairs = tuple({slug(p): markup.inline(p) for p in reversed(platforms)}.items())[::-1]
            keys = " ".join(k for k, _ in pairs)
            short = " ".join(markup.inline(PLATFORM_SHORT.get(slug(p), p)) for p in platforms)
            found = self.platforms[platforms] = (full, keys, short, pairs)
        return found

    def date_cell(self, day: date) -> str:
        found = self.dates.get(day)
        if found is None:
            found = self.dates[day] = turkish.long_date(day)
        return found

    def row(self, post: Post) -> Row:
        found = self.cache.get(post.uid)
        if found is None:
            found = self.cache[post.uid] = self.item(post.submission, post.index, post.stopped_by)
        return found

    def item(self, sub: Submission, index: int, stopped_by: Crisis | None = None) -> Row:
        """The row of any item of ``sub`` (dated or not, a post or still awaiting a decision)."""
        item = sub.items[index]
        alt = markup.inline(f"Görsel: {item.topic}")
        images = tuple(
            (path, alt)
            for path in (p.lstrip("/") for p in item.images)
            if _IMAGE_PATH.match(path) and ".." not in path
        )
        full, keys, short, pairs = self.platform_cells(item.platforms)
        tags = " ".join("#" + t.lstrip("#") for t in item.tags)
        copy = "\n\n".join(part for part in (item.text.strip(), tags) if part)
        target = markup.safe_url(item.link)
        if stopped_by is not None:
            status = "stopped"
        elif sub.status == "received":
            status = "planned"
        else:
            status = sub.status
        return Row(
            uid=f"{sub.id}-{index + 1}",
            day=item.date,
            week=iso_week(item.date) if item.date and is_post_source(sub) else "",
            date=self.date_cell(item.date) if item.date else "Tarihi belirlenmedi",
            time=item.time or "—",
            unit=sub.unit,
            unit_cell=self.unit_cell(sub.unit),
            unit_name=self.unit_name(sub.unit),
            unit_label=self.unit_label(sub.unit),
            kind=sub.type,
            type=TYPE_LABELS[sub.type],
            platforms=full,
            platform_keys=keys,
            platform_short=short,
            platform_pairs=pairs,
            topic=markup.inline(item.topic),
            text=markup.inline(item.text),
            text_block=markup.lines(item.text),
            tags=markup.inline(tags),
            copy=markup.attribute(copy),
            link_cell=_link_cell(item.link),
            link_url=html.escape(target, quote=True) if target else "",
            images=images,
            stopped=stopped_by is not None,
            crisis=markup.inline(stopped_by.title) if stopped_by else "",
            status=status,
            decision=_decision(sub),
        )

    def rows(self, posts: Iterable[Post]) -> list[Row]:
        return [self.row(p) for p in posts]


# --------------------------------------------------------------------------- week facts


@dataclass
class Week:
    """What the pages know about one ISO week."""

    week: str
    posts: list[Post] = field(default_factory=list)
    plans: dict[str, Submission] = field(default_factory=dict)  # unit id -> current plan
    proposals: list[Submission] = field(default_factory=list)
    announcements: list[Submission] = field(default_factory=list)

    @property
    def stopped(self) -> int:
        return sum(1 for p in self.posts if p.stopped)


class Facts:
    """The context, indexed by week once for every page."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.today = ctx.now.astimezone(TZ).date()
        self.this_week = iso_week(self.today)
        self.weeks: dict[str, Week] = {}
        for post in ctx.posts:
            self.week(post.week).posts.append(post)
        for sub in ctx.submissions:
            if sub.type == "plan" and sub.status in ("received", "pending", "held"):
                plans = self.week(sub.week).plans
                old = plans.get(sub.unit)
                if old is None or (sub.received, sub.id) > (old.received, old.id):
                    plans[sub.unit] = sub
            elif sub.type == "proposal":
                self.week(sub.week).proposals.append(sub)
            elif sub.type == "announcement":
                self.week(sub.week).announcements.append(sub)
        for w in self.weeks.values():
            w.proposals.sort(key=lambda s: (s.received, s.id))
            w.announcements.sort(key=lambda s: (s.received, s.id))
        self.rows = Rows(ctx)
        self._pending: list[Submission] | None = None
        self._agenda_weeks: set[str] | None = None
        self.units: list[Unit] = turkish.tr_sorted(ctx.config.units, key=lambda u: u.label)

    def week(self, week: str) -> Week:
        found = self.weeks.get(week)
        if found is None:
            found = self.weeks[week] = Week(week)
        return found

    def missing_units(self, week: str) -> list[Unit]:
        """Units of intake.yml with no current plan for ``week``, in Turkish order of label."""
        plans = self.weeks[week].plans if week in self.weeks else {}
        return [u for u in self.units if u.id not in plans]

    def received_units(self, week: str) -> list[Unit]:
        plans = self.weeks[week].plans if week in self.weeks else {}
        return [u for u in self.units if u.id in plans]

    def pending(self) -> list[Submission]:
        """Submissions awaiting the office's decision, oldest first (computed once)."""
        if self._pending is None:
            subs = [s for s in self.ctx.submissions if s.status in ("pending", "held")]
            self._pending = sorted(subs, key=lambda s: (s.received, s.id))
        return self._pending

    @property
    def agenda_weeks(self) -> set[str]:
        """The weeks with an agenda page (see :func:`agenda_week_list`)."""
        if self._agenda_weeks is None:
            self._agenda_weeks = set(agenda_week_list(self.ctx, self))
        return self._agenda_weeks

    def calendar_weeks(self) -> list[str]:
        """Weeks with a calendar page: every week with posts or plans, and this week."""
        weeks = {w for w, info in self.weeks.items() if info.posts or info.plans}
        weeks.add(self.this_week)
        return sorted(weeks)

    def weeks_from_now(self, week: str) -> int:
        return (week_monday(week) - week_monday(self.this_week)).days // 7

    def export_weeks(self) -> list[str]:
        """Calendar weeks with CSV/XLSX files: those within :data:`EXPORT_WEEKS` of today
        (years of spreadsheets nobody opens would double the build time)."""
        return [w for w in self.calendar_weeks() if abs(self.weeks_from_now(w)) <= EXPORT_WEEKS]


def missing_units(ctx: SiteContext, week: str) -> list[Unit]:
    """The units that have not sent a current plan for ``week`` (Turkish order)."""
    return Facts(ctx).missing_units(week)


# --------------------------------------------------------------------------- meeting


@dataclass(frozen=True)
class MeetingView:
    week: str
    when: str  # "1 Aralık 2026 Salı 10:00–11:00"
    start: datetime
    title: str
    location: str
    online: str  # a Markdown link or ""
    cancelled: bool
    moved_from: str  # a Turkish date or ""


def _meeting_view(occ: Any, meeting: Any) -> MeetingView:
    start: datetime = occ.start.astimezone(TZ)
    end: datetime = occ.end.astimezone(TZ)
    moved = getattr(occ, "moved_from", None)
    online_url = getattr(meeting, "online_url", None)
    return MeetingView(
        week=str(occ.week),
        when=f"{turkish.long_date(start.date())} {start:%H:%M}–{end:%H:%M}",
        start=start,
        title=markup.inline(str(getattr(meeting, "title", "") or "Gündem toplantısı")),
        location=markup.inline(str(getattr(meeting, "location", "") or "")),
        online=markup.link(online_url, "Çevrim içi toplantıya katılın") if online_url else "",
        cancelled=bool(getattr(occ, "cancelled", False)),
        moved_from=turkish.long_date(moved) if moved else "",
    )


def meetings(ctx: SiteContext, first: date, last: date) -> list[MeetingView]:
    if ctx.meeting is None:
        return []
    return [_meeting_view(o, ctx.meeting) for o in ctx.meeting.occurrences(first, last)]


def meeting_horizon(ctx: SiteContext) -> date:
    """The last day with an agenda page: as far as the agenda feed writes the series out."""
    until: date | None = getattr(ctx.meeting, "until", None)
    end_of_next_year = date(ctx.now.year + 1, 12, 31)
    return min(until, end_of_next_year) if until else end_of_next_year


# --------------------------------------------------------------------------- pages


def _front(title: str, *, search: bool = True, wide: bool = False) -> dict[str, Any]:
    """Page front matter: the title, search exclusion, and (wide tables) no left navigation."""
    return {"title": title, "search_excluded": not search, "wide": wide}


def _crisis_view(crisis: Crisis | None) -> dict[str, str] | None:
    if crisis is None:
        return None
    scope = (
        "Ulusal kriz: planlı paylaşımların tümü durdu"
        if crisis.scope == "national"
        else "Alan krizi: konusu " + ", ".join(crisis.topics) + " olan paylaşımlar durdu"
    )
    return {
        "title": markup.inline(crisis.title),
        "scope": markup.inline(scope),
        "since": turkish.date_time(crisis.since) if crisis.since else "",
        "until": turkish.date_time(crisis.until) if crisis.until else "",
    }


def _subscribe(ctx: SiteContext) -> dict[str, str]:
    base = ctx.config.site.url.rstrip("/") + "/"
    out = {}
    for name in ("agenda", "shares"):
        https = markup.safe_url(f"{base}calendar/{name}.ics") or ""
        out[name + "_https"] = https
        out[name + "_webcal"] = "webcal://" + https.split("://", 1)[1] if https else ""
    return out


def home_page(env: jinja2.Environment, ctx: SiteContext, facts: Facts) -> str:
    week = facts.this_week
    info = facts.week(week)
    rest = [p for p in info.posts if p.day >= facts.today]
    soon = meetings(ctx, facts.today, facts.today + timedelta(days=62))
    upcoming = [m for m in soon if not m.cancelled and m.start.date() >= facts.today]
    agenda_weeks = set(agenda_week_list(ctx, facts))
    return env.get_template("pages/home.md.j2").render(
        front=_front("Ana sayfa"),
        today=turkish.long_date(facts.today),
        week=week,
        week_label=turkish.week_label(week),
        crisis=_crisis_view(ctx.crisis.active),
        stopped_this_week=info.stopped,
        units_total=len(facts.units),
        received=facts.received_units(week),
        missing=facts.missing_units(week),
        pending=[_sub_row(facts, s) for s in facts.pending()],
        rows=facts.rows.rows(rest),
        posts_total=len(info.posts),
        meeting=upcoming[0] if upcoming else None,
        meeting_has_page=bool(upcoming) and upcoming[0].week in agenda_weeks,
        subscribe=_subscribe(ctx),
        md=markup.inline,
    )


def _sub_row(facts: Facts, sub: Submission, root: str = "") -> dict[str, Any]:
    """A submission as a table row and a block of its items. ``href`` opens the block (on its
    week's agenda page; "" when that week has none) from a page whose URL is ``root`` below the
    site root (raw HTML: directory URLs, not Markdown file links)."""
    topics = "; ".join(markup.inline(i.topic) for i in sub.items[:3])
    if len(sub.items) > 3:
        topics += f" (+{len(sub.items) - 3})"
    anchor = f"s-{sub.id}"
    stopped = facts.ctx.crisis.stopped_by
    current = is_post_source(sub)
    return {
        "id": markup.inline(sub.id),
        "anchor": anchor,
        "href": _submission_href(facts, sub, root, html=True),
        "type": TYPE_LABELS[sub.type],
        "unit": facts.rows.unit_label(sub.unit),
        "topics": topics,
        "received": turkish.short_date(sub.received),
        "status": _status_cell(facts, sub),
        "week": sub.week,
        "rows": [
            facts.rows.item(sub, i, stopped(item) if item.date and current else None)
            for i, item in enumerate(sub.items)
        ],
    }


def pending_links(ctx: SiteContext, prefix: str) -> dict[str, str]:
    """Where each submission awaiting a decision opens (its block on an agenda page), as a
    Markdown link target from a page ``prefix`` below the root; "" when no page shows it."""
    facts = Facts(ctx)
    return {s.id: _submission_href(facts, s, prefix) for s in facts.pending()}


def _submission_href(facts: Facts, sub: Submission, prefix: str, *, html: bool = False) -> str:
    """The agenda block of ``sub``: a Markdown file link (``agenda/<week>.md#…``) or, for raw
    HTML, the page's URL (``agenda/<week>/#…``)."""
    page = sub.week
    if page not in facts.agenda_weeks and _carried(facts, sub, facts.this_week):
        page = facts.this_week  # this week's agenda carries (and shows) older pending items
    if page not in facts.agenda_weeks:
        return ""
    return f"{prefix}agenda/{page}{'/' if html else '.md'}#s-{sub.id}"


def _carried(facts: Facts, sub: Submission, week: str) -> bool:
    """Is ``sub`` an older pending proposal or announcement that ``week``'s agenda carries?"""
    return sub.status == "pending" and sub.type != "plan" and sub.week < week == facts.this_week


def _status_cell(facts: Facts, sub: Submission) -> str:
    """The status label; an approved submission with a post a crisis stopped says so too."""
    label = STATUS_LABELS[sub.status]
    if sub.status == "approved" and any(
        facts.ctx.crisis.stopped_by(i) for i in sub.items if i.date
    ):
        return f"{label}, <strong>{STOPPED}</strong>"
    return label


def filter_options(rows: Sequence[Row]) -> dict[str, list[tuple[str, str]]]:
    """The choices of a page's filter: the units, platforms and states its posts have."""
    units: dict[str, str] = {}
    platforms: dict[str, str] = {}
    statuses: dict[str, str] = {}
    for r in rows:
        units.setdefault(r.unit, r.unit_label)
        for key, label in r.platform_pairs:
            platforms.setdefault(key, label)
        statuses.setdefault(r.status, r.status_label)
    return {
        "units": turkish.tr_sorted(units.items(), key=lambda kv: kv[1]),
        "platforms": turkish.tr_sorted(platforms.items(), key=lambda kv: kv[1]),
        "statuses": [(k, v) for k, v in POST_STATUS.items() if k in statuses],
    }


def calendar_pages(env: jinja2.Environment, ctx: SiteContext, facts: Facts) -> dict[str, str]:
    weeks = facts.calendar_weeks()
    agenda = facts.agenda_weeks
    out: dict[str, str] = {}
    template = env.get_template("pages/calendar_week.md.j2")
    exported = set(facts.export_weeks())
    for i, week in enumerate(weeks):
        info = facts.week(week)
        by_day: dict[date, list[Post]] = defaultdict(list)
        for post in info.posts:
            by_day[post.day].append(post)
        days = [
            (
                d.isoformat(),
                facts.rows.date_cell(d),
                facts.rows.rows(by_day.get(d, ())),
                d == facts.today,
            )
            for d in week_days(week)
        ]
        rows = facts.rows.rows(info.posts)
        out[f"calendar/{week}.md"] = template.render(
            front=_front(
                f"Paylaşım takvimi: {turkish.week_label(week)}",
                search=abs(facts.weeks_from_now(week)) <= SEARCH_WEEKS,
                wide=True,
            ),
            week=week,
            week_label=turkish.week_label(week),
            days=days,
            rows=rows,
            filters=filter_options(rows),
            month=f"{week_monday(week) + timedelta(days=3):%Y-%m}",
            total=len(info.posts),
            stopped=info.stopped,
            units=len(info.plans),
            units_total=len(facts.units),
            prev=weeks[i - 1] if i > 0 else None,
            next=weeks[i + 1] if i + 1 < len(weeks) else None,
            agenda=week in agenda,
            this_week=week == facts.this_week,
            export=week in exported,
        )
    out.update(month_pages(env, facts, weeks))
    index = [
        {
            "week": w,
            "label": turkish.week_label(w),
            "posts": len(facts.week(w).posts),
            "stopped": facts.week(w).stopped,
            "units": len(facts.week(w).plans),
            "this_week": w == facts.this_week,
        }
        for w in reversed(weeks)
    ]
    months = sorted(rel[9:16] for rel in out if re.fullmatch(r"calendar/\d{4}-\d\d\.md", rel))
    out["calendar/index.md"] = env.get_template("pages/calendar_index.md.j2").render(
        front=_front("Paylaşım takvimi"),
        weeks=index,
        months=[(f"{turkish.month_name(int(m[5:]))} {m[:4]}", m) for m in reversed(months)],
        this_week=facts.this_week,
        units_total=len(facts.units),
    )
    return out


def month_pages(env: jinja2.Environment, facts: Facts, weeks: Sequence[str]) -> dict[str, str]:
    """``calendar/YYYY-MM.md``: every week that touches a month with a calendar week, as a grid of
    cards that open the posts on their week's page. Out of search (the weeks are in it)."""
    months: dict[str, list[str]] = defaultdict(list)
    for week in weeks:
        monday = week_monday(week)
        for month in dict.fromkeys(f"{d:%Y-%m}" for d in (monday, monday + timedelta(days=6))):
            months[month].append(week)
    from intake.render.exports import exported_months  # exports reads this module's labels

    names = sorted(months)
    exported = set(exported_months(facts.export_weeks()))
    template = env.get_template("pages/calendar_month.md.j2")
    out: dict[str, str] = {}
    for i, month in enumerate(names):
        year, number = (int(x) for x in month.split("-"))
        grids = []
        rows: list[Row] = []
        for week in months[month]:
            by_day: dict[date, list[Row]] = defaultdict(list)
            for post in facts.week(week).posts:
                by_day[post.day].append(facts.rows.row(post))
                rows.append(facts.rows.row(post))
            days = [
                (d.isoformat(), facts.rows.date_cell(d), by_day.get(d, []), d == facts.today)
                for d in week_days(week)
            ]
            grids.append((week, turkish.week_label(week), days))
        label = f"{turkish.month_name(number)} {year}"
        out[f"calendar/{month}.md"] = template.render(
            front=_front(f"Paylaşım takvimi: {label}", search=False, wide=True),
            label=label,
            month=month,
            export=month in exported,
            grids=grids,
            filters=filter_options(rows),
            total=sum(1 for r in rows if r.day and f"{r.day:%Y-%m}" == month),  # not the edges
            prev=names[i - 1] if i > 0 else None,
            next=names[i + 1] if i + 1 < len(names) else None,
            this_month=month == f"{facts.today:%Y-%m}",
        )
    return out


def approved_page(env: jinja2.Environment, ctx: SiteContext, facts: Facts) -> str:
    posts = [p for p in ctx.posts if p.submission.type in ("proposal", "announcement")]
    upcoming = [p for p in posts if p.day >= facts.today]
    past = [p for p in posts if p.day < facts.today]
    months: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for post in reversed(past):
        months[(post.day.year, post.day.month)].append(post)
    undated = [
        s
        for s in ctx.submissions
        if s.type in ("proposal", "announcement")
        and s.status == "approved"
        and any(i.date is None for i in s.items)
    ]
    undated.sort(key=lambda s: (s.received, s.id))
    slots: dict[date, list[Row]] = defaultdict(list)
    for post in upcoming:
        slots[post.day].append(facts.rows.row(post))
    return env.get_template("pages/approved.md.j2").render(
        front=_front("Onaylanan içerik"),
        upcoming=[(facts.rows.date_cell(d), rows) for d, rows in slots.items()],
        past=[
            (f"{turkish.month_name(m)} {y}", facts.rows.rows(items))
            for (y, m), items in months.items()
        ],
        undated=[
            facts.rows.item(s, i)
            for s in undated
            for i, item in enumerate(s.items)
            if not item.date
        ],
    )


def agenda_week_list(ctx: SiteContext, facts: Facts) -> list[str]:
    """Weeks with an agenda page: every week with a meeting occurrence from the series' start (or
    the first week with data) to :func:`meeting_horizon`, the reach of the agenda feed whose
    events link here; without a meeting series, every calendar week."""
    cached: list[str] | None = getattr(facts, "_agenda_week_list", None)
    if cached is not None:
        return cached
    data_weeks = facts.calendar_weeks()
    if ctx.meeting is None:
        weeks = data_weeks
    else:
        first = min(week_monday(data_weeks[0]), ctx.meeting.first)
        last = max(meeting_horizon(ctx), week_monday(data_weeks[-1]) + timedelta(days=6))
        weeks = sorted({m.week for m in meetings(ctx, first, last)})
    facts._agenda_week_list = weeks  # type: ignore[attr-defined]
    return weeks


def agenda_pages(env: jinja2.Environment, ctx: SiteContext, facts: Facts) -> dict[str, str]:
    weeks = agenda_week_list(ctx, facts)
    calendar = set(facts.calendar_weeks())
    by_week: dict[str, list[MeetingView]] = defaultdict(list)
    if weeks and ctx.meeting is not None:
        first = week_monday(weeks[0])
        last = week_monday(weeks[-1]) + timedelta(days=6)
        for m in meetings(ctx, first, last):
            by_week[m.week].append(m)
    template = env.get_template("pages/agenda_week.md.j2")
    out: dict[str, str] = {}
    index: list[dict[str, Any]] = []
    for i, week in enumerate(weeks):
        info = facts.week(week)
        crises = _crises_in_week(ctx, week)
        received = facts.received_units(week)
        counts = Counter(p.submission.id for p in info.posts)
        carried = [
            _sub_row(facts, s, "../../") for s in facts.pending() if _carried(facts, s, week)
        ]
        proposals = [_sub_row(facts, s, "../../") for s in _pending_first(info.proposals)]
        announcements = [_sub_row(facts, s, "../../") for s in _pending_first(info.announcements)]
        here = f"../../agenda/{week}/#"
        out[f"agenda/{week}.md"] = template.render(
            front=_front(
                f"Gündem: {turkish.week_label(week)}",
                search=-AGENDA_SEARCH_WEEKS <= facts.weeks_from_now(week) <= AGENDA_SEARCH_WEEKS,
            ),
            week=week,
            week_label=turkish.week_label(week),
            meetings=by_week.get(week, []),
            units_total=len(facts.units),
            received=[(u, info.plans[u.id], counts[info.plans[u.id].id]) for u in received],
            missing=facts.missing_units(week),
            proposals=proposals,
            announcements=announcements,
            shown_here=[
                *proposals,
                *announcements,
                *(c for c in carried if c["href"].startswith(here)),
            ],
            carried=carried,
            crises=[_crisis_view(c) for c in crises],
            crisis_active=ctx.crisis.active is not None,
            stopped=facts.rows.rows(p for p in info.posts if p.stopped),
            posts_total=len(info.posts),
            calendar=week in calendar,
            prev=weeks[i - 1] if i > 0 else None,
            next=weeks[i + 1] if i + 1 < len(weeks) else None,
            received_date=turkish.short_date,
            reshares=reshare_summary(ctx, week),
        )
        index.append(
            {
                "week": week,
                "label": turkish.week_label(week),
                "ahead": facts.weeks_from_now(week),
                "empty": not (info.plans or info.proposals or info.announcements or info.posts),
                "meeting": "; ".join(
                    ("İptal: " if m.cancelled else "") + m.when for m in by_week.get(week, [])
                )
                or "—",
                "plans": len(received),
                "pending": sum(
                    1 for s in (*info.proposals, *info.announcements) if s.status == "pending"
                ),
                "this_week": week == facts.this_week,
            }
        )
    # this week and the next first; later weeks after them (those with nothing yet folded
    # away); past weeks below, newest first
    out["agenda/index.md"] = env.get_template("pages/agenda_index.md.j2").render(
        front=_front("Gündem"),
        current=[w for w in index if 0 <= w["ahead"] <= 1],
        later=[w for w in index if w["ahead"] > 1 and not w["empty"]],
        later_empty=[w for w in index if w["ahead"] > 1 and w["empty"]],
        past=[w for w in reversed(index) if w["ahead"] < 0],
        units_total=len(facts.units),
        has_meeting=ctx.meeting is not None,
    )
    return out


def _pending_first(subs: Sequence[Submission]) -> list[Submission]:
    return sorted(subs, key=lambda s: (s.status != "pending", s.received, s.id))


def _crises_in_week(ctx: SiteContext, week: str) -> list[Crisis]:
    start = datetime.combine(week_monday(week), datetime.min.time(), TZ)
    end = start + timedelta(days=7)
    out = []
    for crisis in ctx.crisis.all():
        if not crisis.marks_posts or crisis.since is None or crisis.since >= end:
            continue
        if crisis.until is not None and crisis.until < start:
            continue
        out.append(crisis)
    return out


def main_pages(env: jinja2.Environment, ctx: SiteContext) -> dict[str, str]:
    """Every page this module owns: ``index.md``, ``calendar/``, ``approved/``, ``agenda/``."""
    facts = Facts(ctx)
    out = {"index.md": home_page(env, ctx, facts)}
    out.update(calendar_pages(env, ctx, facts))
    out["approved/index.md"] = approved_page(env, ctx, facts)
    out.update(agenda_pages(env, ctx, facts))
    return out
