"""The main generated pages: home, the weekly share calendar, approved content and the agenda.

Each ``*_pages`` function returns ``{path under docs/: Markdown}``; :mod:`intake.render.site`
writes them. Every value a unit wrote is escaped here, in Python, through
:mod:`intake.render.markup` before it reaches a template: the templates only lay out
already-safe Markdown. Nothing reads the clock: "today" is ``ctx.now``.

Search index policy (keeps ``search_index.json`` small on years of data): calendar weeks within
:data:`SEARCH_WEEKS` weeks of today (before or after) are indexed in full; older weeks carry
``search: exclude: true``. Agenda pages repeat what the calendar says, so only the last
:data:`AGENDA_SEARCH_WEEKS` weeks of them are indexed.
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
from intake.schedule import Post
from intake.timeutil import TZ, iso_week, week_days, week_monday

SEARCH_WEEKS = 26
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


@dataclass(frozen=True)
class Row:
    """One post as table cells.

    The post tables are written as raw HTML blocks, which Python-Markdown passes through
    untouched: a year of posts in Markdown tables made MkDocs spend most of its time on inline
    patterns. Every cell is :func:`markup.inline` output, whose punctuation is all numeric
    character references, so it is inert in HTML as well as in Markdown. Links inside these
    blocks are not rewritten by MkDocs: ``prefix`` is the way from the page's URL (directory
    URLs) to the site root.
    """

    uid: str
    day: date
    date: str  # "2 Aralık 2026 Çarşamba"
    time: str
    unit_cell: str  # <abbr title="full name">label</abbr>
    type: str
    platforms: str
    topic: str
    text: str
    link_cell: str  # <a href=…>host adresindeki gönderi</a> or "—"
    images: tuple[tuple[str, str], ...]  # (site-relative path, alt text)
    stopped: bool
    crisis: str  # the stopping crisis' title, inert

    def image_cell(self, prefix: str) -> str:
        if not self.images:
            return "—"
        return " ".join(
            f'<a href="{prefix}{path}"><img src="{prefix}{path}" alt="{alt}" loading="lazy" '
            f'width="96"></a>'
            for path, alt in self.images
        )


def _link_cell(url: str | None) -> str:
    """An HTML link to an allowed http(s) URL, its text naming the host; else "—"."""
    target = markup.safe_url(url)
    if target is None:
        return "—"
    host = urlsplit(target).hostname or "bağlantı"
    label = markup.inline(f"{host} adresindeki gönderi")
    return f'<a href="{html.escape(target, quote=True)}">{label}</a>'


_IMAGE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


class Rows:
    """Builds and caches the table row of each post (a post appears on several pages)."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.cache: dict[str, Row] = {}
        self.units = {u.id: u for u in ctx.config.units}
        self.labels: dict[str, str] = {}
        self.cells: dict[str, str] = {}
        self.platforms: dict[tuple[str, ...], str] = {}
        self.dates: dict[date, str] = {}

    def unit_label(self, unit_id: str) -> str:
        found = self.labels.get(unit_id)
        if found is None:
            unit = self.units.get(unit_id)
            found = self.labels[unit_id] = markup.inline(unit.label if unit else unit_id.upper())
        return found

    def unit_cell(self, unit_id: str) -> str:
        found = self.cells.get(unit_id)
        if found is None:
            unit = self.units.get(unit_id)
            name = markup.inline(unit.name if unit else unit_id)
            found = self.cells[unit_id] = f'<abbr title="{name}">{self.unit_label(unit_id)}</abbr>'
        return found

    def platform_cell(self, platforms: tuple[str, ...]) -> str:
        found = self.platforms.get(platforms)
        if found is None:
            found = self.platforms[platforms] = markup.inline(", ".join(platforms)) or "—"
        return found

    def date_cell(self, day: date) -> str:
        found = self.dates.get(day)
        if found is None:
            found = self.dates[day] = turkish.long_date(day)
        return found

    def row(self, post: Post) -> Row:
        found = self.cache.get(post.uid)
        if found is not None:
            return found
        item = post.item
        alt = markup.inline(f"Görsel: {item.topic}")
        images = tuple(
            (path, alt)
            for path in (p.lstrip("/") for p in item.images)
            if _IMAGE_PATH.match(path) and ".." not in path
        )
        row = Row(
            uid=post.uid,
            day=post.day,
            date=self.date_cell(post.day),
            time=item.time or "—",
            unit_cell=self.unit_cell(post.submission.unit),
            type=TYPE_LABELS[post.submission.type],
            platforms=self.platform_cell(item.platforms),
            topic=markup.inline(item.topic),
            text=markup.inline(item.text),
            link_cell=_link_cell(item.link),
            images=images,
            stopped=post.stopped,
            crisis=markup.inline(post.stopped_by.title) if post.stopped_by else "",
        )
        self.cache[post.uid] = row
        return row

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

    def calendar_weeks(self) -> list[str]:
        """Weeks with a calendar page: every week with posts or plans, and this week."""
        weeks = {w for w, info in self.weeks.items() if info.posts or info.plans}
        weeks.add(self.this_week)
        return sorted(weeks)

    def weeks_from_now(self, week: str) -> int:
        return (week_monday(week) - week_monday(self.this_week)).days // 7


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


def _sub_row(facts: Facts, sub: Submission) -> dict[str, str]:
    topics = "; ".join(markup.inline(i.topic) for i in sub.items[:3])
    if len(sub.items) > 3:
        topics += f" (+{len(sub.items) - 3})"
    return {
        "id": markup.inline(sub.id),
        "type": TYPE_LABELS[sub.type],
        "unit": facts.rows.unit_label(sub.unit),
        "topics": topics,
        "received": turkish.short_date(sub.received),
        "status": _status_cell(facts, sub),
        "week": sub.week,
    }


def _status_cell(facts: Facts, sub: Submission) -> str:
    """The status label; an approved submission with a post a crisis stopped says so too."""
    label = STATUS_LABELS[sub.status]
    if sub.status == "approved" and any(
        facts.ctx.crisis.stopped_by(i) for i in sub.items if i.date
    ):
        return f"{label}, **{STOPPED}**"
    return label


def calendar_pages(env: jinja2.Environment, ctx: SiteContext, facts: Facts) -> dict[str, str]:
    weeks = facts.calendar_weeks()
    agenda = set(agenda_week_list(ctx, facts))
    out: dict[str, str] = {}
    template = env.get_template("pages/calendar_week.md.j2")
    for i, week in enumerate(weeks):
        info = facts.week(week)
        by_day: dict[date, list[Post]] = defaultdict(list)
        for post in info.posts:
            by_day[post.day].append(post)
        days = [(turkish.long_date(d), facts.rows.rows(by_day.get(d, ()))) for d in week_days(week)]
        out[f"calendar/{week}.md"] = template.render(
            front=_front(
                f"Paylaşım takvimi {week}",
                search=abs(facts.weeks_from_now(week)) <= SEARCH_WEEKS,
                wide=True,
            ),
            week=week,
            week_label=turkish.week_label(week),
            days=days,
            total=len(info.posts),
            stopped=info.stopped,
            units=len(info.plans),
            units_total=len(facts.units),
            prev=weeks[i - 1] if i > 0 else None,
            next=weeks[i + 1] if i + 1 < len(weeks) else None,
            agenda=week in agenda,
            this_week=week == facts.this_week,
        )
    index = [
        {
            "week": w,
            "span": turkish.week_span(w),
            "posts": len(facts.week(w).posts),
            "stopped": facts.week(w).stopped,
            "units": len(facts.week(w).plans),
            "this_week": w == facts.this_week,
        }
        for w in reversed(weeks)
    ]
    out["calendar/index.md"] = env.get_template("pages/calendar_index.md.j2").render(
        front=_front("Paylaşım takvimi"),
        weeks=index,
        this_week=facts.this_week,
        units_total=len(facts.units),
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
    return env.get_template("pages/approved.md.j2").render(
        front=_front("Onaylanan içerik"),
        upcoming=facts.rows.rows(upcoming),
        past=[
            (f"{turkish.month_name(m)} {y}", facts.rows.rows(items))
            for (y, m), items in months.items()
        ],
        undated=[
            {
                **_sub_row(facts, s),
                "topics": "; ".join(markup.inline(i.topic) for i in s.items if i.date is None),
            }
            for s in undated
        ],
    )


def agenda_week_list(ctx: SiteContext, facts: Facts) -> list[str]:
    """Weeks with an agenda page: every week with a meeting occurrence from the series' start (or
    the first week with data) to :func:`meeting_horizon`, the reach of the agenda feed whose
    events link here; without a meeting series, every calendar week."""
    cached: list[str] | None = getattr(facts, "_agenda_weeks", None)
    if cached is not None:
        return cached
    data_weeks = facts.calendar_weeks()
    if ctx.meeting is None:
        weeks = data_weeks
    else:
        first = min(week_monday(data_weeks[0]), ctx.meeting.first)
        last = max(meeting_horizon(ctx), week_monday(data_weeks[-1]) + timedelta(days=6))
        weeks = sorted({m.week for m in meetings(ctx, first, last)})
    facts._agenda_weeks = weeks  # type: ignore[attr-defined]
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
    index = []
    for i, week in enumerate(weeks):
        info = facts.week(week)
        crises = _crises_in_week(ctx, week)
        received = facts.received_units(week)
        counts = Counter(p.submission.id for p in info.posts)
        out[f"agenda/{week}.md"] = template.render(
            front=_front(
                f"Gündem {week}",
                search=-AGENDA_SEARCH_WEEKS <= facts.weeks_from_now(week) <= AGENDA_SEARCH_WEEKS,
            ),
            week=week,
            week_label=turkish.week_label(week),
            meetings=by_week.get(week, []),
            units_total=len(facts.units),
            received=[(u, info.plans[u.id], counts[info.plans[u.id].id]) for u in received],
            missing=facts.missing_units(week),
            proposals=[_sub_row(facts, s) for s in _pending_first(info.proposals)],
            announcements=[_sub_row(facts, s) for s in _pending_first(info.announcements)],
            carried=[
                _sub_row(facts, s)
                for s in facts.pending()
                if s.type != "plan" and s.week < week and week == facts.this_week
            ],
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
                "span": turkish.week_span(week),
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
    out["agenda/index.md"] = env.get_template("pages/agenda_index.md.j2").render(
        front=_front("Gündem"),
        weeks=list(reversed(index)),
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
