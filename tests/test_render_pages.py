"""The generated main pages (home, calendar, approved, agenda) from a small fixed dataset.

The dataset (``make_project``) is also used by tests/test_build.py. Golden files live under
tests/golden/pages/; regenerate them with ``make golden`` (INTAKE_REGENERATE_GOLDEN=1) and review
the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from intake.build import load_context
from intake.config import Config, load_config
from intake.model import Decision, Item, Submission
from intake.render.context import SiteContext, make_env
from intake.render.pages import main_pages, missing_units
from intake.store import SubmissionStore
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=TZ)  # Wednesday of 2026-W49

UNITS = [  # (id, short label, name): labels chosen so Turkish order differs from code-point order
    ("ikdb", "IKDB", "Işık Kültür Dairesi Başkanlığı"),
    ("idb", "İDB", "İletişim Dairesi Başkanlığı"),
    ("cydb", "ÇYDB", "Çevre ve Yaşam Dairesi Başkanlığı"),
    ("cbdb", "CBDB", "Cumhur Bilgi Dairesi Başkanlığı"),
]

CRISES = {
    "none": "crisis:\n  active: false\n",
    "field": (
        "crisis:\n  active: true\n  scope: field\n  topics: [deprem]\n"
        "  since: 2026-11-30T00:00:00+03:00\n  title: Deprem nedeniyle ilgili paylaşımlar durdu\n"
    ),
    "national": (
        "crisis:\n  active: true\n  scope: national\n"
        "  since: 2026-12-02T09:00:00+03:00\n  title: Ulusal yas\n"
    ),
    "ended": (
        "crisis:\n  active: false\n  scope: national\n"
        "  since: 2026-11-30T00:00:00+03:00\n  until: 2026-12-01T23:59:00+03:00\n"
        "  title: Sel felaketi\n"
    ),
    "inactive-no-until": (
        "crisis:\n  active: false\n  scope: national\n"
        "  since: 2026-11-30T00:00:00+03:00\n  title: Eski kriz\n"
    ),
}


def write_config(root: Path) -> Path:
    lines = [
        "mailbox: {maildir: mailbox}",
        f"paths: {{docs: docs, site: site, state: state, outbox: outbox, "
        f"templates: {ROOT / 'templates'}, calendar: calendar, mkdocs_yml: {ROOT / 'mkdocs.yml'}}}",
        "site: {url: 'https://intranet.example.gov.tr/sm/', intake_address: sm@example.gov.tr}",
        "office: {name: Sosyal İlişkiler ve İletişim Dairesi Başkanlığı, "
        "addresses: [siid@example.gov.tr]}",
        "authentication: {authserv_id: mail.example.gov.tr, require: dmarc}",
        "units:",
    ]
    for uid, short, name in UNITS:
        lines.append(
            f"  - {{id: {uid}, short: {short}, name: {name}, addresses: [sm@{uid}.example.gov.tr]}}"
        )
    for sub in ("cur", "new", "tmp"):
        (root / "mailbox" / sub).mkdir(parents=True, exist_ok=True)
    (root / "calendar").mkdir(parents=True, exist_ok=True)
    (root / "calendar" / "meeting.yml").write_text(
        "title: Haftalık Gündem Toplantısı\nweekday: Pazartesi\ntime: '10:00'\nduration: 60\n"
        "location: Merkez Bina Toplantı Salonu\n"
        "online_url: https://toplanti.example.gov.tr/gundem\n"
        "first: 2026-11-23\nuntil: 2026-12-21\nholidays: next_working_day\n",
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "docs" / "assets" / "stylesheets", root / "docs/assets/stylesheets")
    path = root / "intake.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sub(sid: str, kind: str, unit: str, week: str, status: str, items: list[Item],
         received: datetime, **extra: object) -> Submission:  # fmt: skip
    return Submission(
        id=sid, type=kind, unit=unit, sender=f"sm@{unit}.example.gov.tr",  # type: ignore[arg-type]
        subject=f"{kind} {week}", received=received, message_id=f"<{sid}@example.gov.tr>",
        week=week, status=status, items=tuple(items), **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def submissions() -> list[Submission]:
    d = lambda day: date(2026, 12, day) if day > 0 else date(2026, 11, 30 + day)  # noqa: E731
    at = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)
    decided = Decision(by="siid@example.gov.tr", at=at + timedelta(days=1), via="email")
    return [
        _sub("2026-w49-cbdb-plan-1", "plan", "cbdb", "2026-W49", "received", [
            Item(topic="Gençlik kampı başvuruları", date=d(0), time="10:00",
                 platforms=("X", "Instagram"), text="Başvurular başladı.",
                 link="https://cbdb.example.gov.tr/kamp", tags=("gençlik",),
                 images=("submissions/img/2026-w49-cbdb-plan-1-1.png",)),
            Item(topic="DEPREM tatbikatı duyurusu", date=d(2), time="14:00", platforms=("X",),
                 text="Tatbikat saat 14.00'te."),
            Item(topic="Spor okulu kayıtları", date=d(3), platforms=("Facebook",),
                 text="<script>alert(1)</script> [tıkla](javascript:alert(1)) {{ x }} | a |",
                 link="https://cbdb.example.gov.tr/spor?a=1&b=2"),
        ], at),
        _sub("2026-w49-cydb-plan-1", "plan", "cydb", "2026-W49", "superseded", [
            Item(topic="Eski plan", date=d(1), time="09:00", platforms=("X",)),
        ], at, superseded_by="2026-w49-cydb-plan-2"),
        _sub("2026-w49-cydb-plan-2", "plan", "cydb", "2026-W49", "received", [
            Item(topic="Çevre haftası", date=d(1), time="09:30", platforms=("X", "LinkedIn"),
                 text="Çevre haftası etkinlikleri.", tags=("çevre",)),
        ], at + timedelta(hours=2), supersedes=("2026-w49-cydb-plan-1",)),
        _sub("2026-w48-ikdb-plan-1", "plan", "ikdb", "2026-W48", "received", [
            Item(topic="Işık festivali", date=d(-3), time="20:00", platforms=("Instagram",)),
        ], at - timedelta(days=7)),
        _sub("2026-w49-idb-proposal-1", "proposal", "idb", "2026-W49", "pending", [
            Item(topic="Gönüllülük videosu", date=d(4), time="12:00", platforms=("YouTube",)),
        ], at + timedelta(hours=3)),
        _sub("2026-w49-idb-proposal-2", "proposal", "idb", "2026-W49", "approved", [
            Item(topic="Bakan mesajı", date=d(4), time="11:00", platforms=("X",)),
        ], at + timedelta(hours=4), decision=decided),
        _sub("2026-w49-ikdb-proposal-3", "proposal", "ikdb", "2026-W49", "rejected", [
            Item(topic="Reddedilen öneri", date=d(5), platforms=("X",)),
        ], at + timedelta(hours=5), decision=decided),
        _sub("2026-w50-cbdb-announcement-1", "announcement", "cbdb", "2026-W50", "approved", [
            Item(topic="Ulusal deprem bilinci haftası", date=d(8), time="10:00",
                 platforms=("X", "Instagram")),
        ], at + timedelta(hours=6), decision=decided),
    ]  # fmt: skip


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_project(root: Path, crisis: str = "none") -> Config:
    config = load_config(write_config(root))
    store = SubmissionStore(config.paths.docs / "submissions", {u[0] for u in UNITS})
    for sub in submissions():
        store.write(sub)
    store.image_folder.mkdir(parents=True, exist_ok=True)
    (store.image_folder / "2026-w49-cbdb-plan-1-1.png").write_bytes(PNG)
    set_crisis(config, crisis)
    return config


def set_crisis(config: Config, crisis: str) -> None:
    (config.paths.docs / "crisis.md").write_text(
        f"---\n{CRISES[crisis]}---\n\n# Kriz bildirimi\n\nMetin.\n", encoding="utf-8"
    )


def context(tmp_path: Path, crisis: str = "none") -> SiteContext:
    return load_context(make_project(tmp_path, crisis), NOW)


def pages(ctx: SiteContext) -> dict[str, str]:
    return main_pages(make_env(ctx.config.paths.templates), ctx)


STOPPED = re.compile(
    r'<tr class="intake-stopped">(?P<row>.*?)</tr>'
    r'|<div class="intake-post intake-post--stopped"(?P<post>.*?)</p>'
    r'|<li class="intake-card intake-card--stopped"(?P<card>.*?)</li>',
    re.S,
)
DEL = re.compile(r"<del>(.*?)</del>")


def stopped_topics(page: str) -> list[str]:
    """The topics of the table rows, post blocks and week cards marked stopped, each once, in
    page order (each must read Durduruldu and have its topic struck through)."""
    out = []
    for found in STOPPED.finditer(page):
        if found["row"] is not None:
            assert "<strong>Durduruldu</strong>" in found["row"]
        else:
            block = found["post"] or found["card"]
            assert '<span class="intake-badge intake-badge--stopped">Durduruldu</span>' in block
        out.append(DEL.findall(found[0])[0])
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------------------ tests


def test_missing_units_in_turkish_order(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    assert [u.label for u in missing_units(ctx, "2026-W49")] == ["IKDB", "İDB"]
    assert [u.label for u in missing_units(ctx, "2026-W48")] == ["CBDB", "ÇYDB", "İDB"]
    assert [u.label for u in missing_units(ctx, "2026-W51")] == ["CBDB", "ÇYDB", "IKDB", "İDB"]


def test_superseded_and_rejected_are_not_posts(tmp_path: Path) -> None:
    page = pages(context(tmp_path))["calendar/2026-W49.md"]
    assert "Eski plan" not in page
    assert "Reddedilen öneri" not in page
    assert "Gönüllülük videosu" not in page  # pending proposal: not scheduled yet
    # 3 cbdb + 1 cydb + the approved proposal: a card in the week and a block below it
    assert page.count('<div class="intake-post ') == 5
    assert page.count('<li class="intake-card ') == 5


NATIONAL = ["DEPREM tatbikatı duyurusu", "Spor okulu kayıtları", "Bakan mesajı"]
DEPREM_WEEK = "Ulusal deprem bilinci haftası"  # the approved announcement of 2026-W50


@pytest.mark.parametrize(
    ("crisis", "calendar", "home", "approved"),
    [
        ("none", [], [], []),
        ("field", ["DEPREM tatbikatı duyurusu"], ["DEPREM tatbikatı duyurusu"], [DEPREM_WEEK]),
        ("national", NATIONAL, NATIONAL, ["Bakan mesajı", DEPREM_WEEK]),
        ("ended", ["Gençlik kampı başvuruları", "Çevre haftası"], [], []),
        ("inactive-no-until", [], [], []),
    ],
)
def test_crisis_marks_posts(
    tmp_path: Path, crisis: str, calendar: list[str], home: list[str], approved: list[str]
) -> None:
    out = pages(context(tmp_path, crisis))
    assert stopped_topics(out["calendar/2026-W49.md"]) == calendar
    assert stopped_topics(out["index.md"]) == home  # home lists the week's posts from today on
    agenda = out["agenda/2026-W49.md"]
    assert stopped_topics(agenda) == calendar
    assert stopped_topics(out["approved/index.md"]) == approved
    if crisis in ("field", "national"):
        assert "!!! danger" in out["index.md"]
    else:
        assert "Etkin bir kriz yok" in out["index.md"]


def test_untrusted_text_is_inert(tmp_path: Path) -> None:
    page = pages(context(tmp_path))["calendar/2026-W49.md"]
    assert "<script" not in page
    assert "javascript:" not in page
    assert "{{" not in page
    assert "&#60;script&#62;alert&#40;1&#41;&#60;&#47;script&#62;" in page
    assert 'href="https://cbdb.example.gov.tr/kamp"' in page
    # image: relative to /calendar/2026-W49/, with alt text
    assert (
        '<img src="../../submissions/img/2026-w49-cbdb-plan-1-1.png" '
        'alt="Görsel&#58; Gençlik kampı başvuruları"'
    ) in page


def test_home_page_facts(tmp_path: Path) -> None:
    home = pages(context(tmp_path))["index.md"]
    assert "Bugün 2 Aralık 2026 Çarşamba." in home
    assert "**2 / 4** birim bu haftanın paylaşım planını gönderdi." in home
    assert "- IKDB: Işık Kültür Dairesi Başkanlığı\n- İDB: İletişim Dairesi Başkanlığı\n" in home
    # the pending proposal opens its block on its week's agenda page
    assert (
        '<td data-label="Konu"><a href="agenda/2026-W49/#s-2026-w49-idb-proposal-1">'
        'Gönüllülük videosu</a></td><td data-label="Tür">İçerik önerisi</td>'
        '<td data-label="Birim">İDB</td>'
    ) in home
    assert "**Haftalık Gündem Toplantısı**: 7 Aralık 2026 Pazartesi 10:00–11:00" in home
    assert "(webcal://intranet.example.gov.tr/sm/calendar/agenda.ics)" in home
    assert "(https://intranet.example.gov.tr/sm/calendar/shares.ics)" in home


def test_calendar_and_agenda_pages_exist_per_week(tmp_path: Path) -> None:
    out = pages(context(tmp_path))
    assert sorted(p for p in out if p.startswith("calendar/")) == [
        "calendar/2026-11.md", "calendar/2026-12.md",
        "calendar/2026-W48.md", "calendar/2026-W49.md", "calendar/2026-W50.md",
        "calendar/index.md",
    ]  # fmt: skip
    # meeting series 2026-11-23 .. 2026-12-21, Mondays
    assert sorted(p for p in out if p.startswith("agenda/")) == [
        "agenda/2026-W48.md", "agenda/2026-W49.md", "agenda/2026-W50.md",
        "agenda/2026-W51.md", "agenda/2026-W52.md", "agenda/index.md",
    ]  # fmt: skip
    week = out["calendar/2026-W49.md"]
    assert "[Önceki hafta: 48. hafta (23–29 Kasım)](2026-W48.md)" in week
    assert "[Sonraki hafta: 50. hafta (7–13 Aralık)](2026-W50.md)" in week
    # no bare ISO week code in what a person reads (link targets and ids aside)
    shown = re.sub(r'\]\([^)]*\)|(?:href|id)="[^"]*"', "", week.split("---", 2)[2])
    assert not re.search(r"\b\d{4}-W\d\d\b", shown), shown
    # seven day columns, today marked (2026-12-02), then the posts in full
    assert re.findall(r'<h2 id="gun-[^"]+" class="intake-weekday__title" data-search-exclude>(.*?)</h2>', week) == [
        "30 Kasım 2026 Pazartesi", "1 Aralık 2026 Salı",
        '2 Aralık 2026 Çarşamba <span class="intake-today">Bugün</span>',
        "3 Aralık 2026 Perşembe", "4 Aralık 2026 Cuma", "5 Aralık 2026 Cumartesi",
        "6 Aralık 2026 Pazar",
    ]  # fmt: skip
    assert (
        re.findall(r'<section class="intake-weekday[^"]*"', week).count(
            '<section class="intake-weekday intake-weekday--today"'
        )
        == 1
    )
    assert '<h2 id="paylasimlar">Paylaşımlar</h2>' in week.split('class="intake-week"', 1)[1]
    # the month view: every week touching December, each a grid whose cards open the week page
    month = out["calendar/2026-12.md"]
    assert re.findall(r"^## \[(.*?)\]\((.*?)\)$", month, re.M) == [
        ("49. hafta (30 Kasım – 6 Aralık 2026)", "2026-W49.md"),
        ("50. hafta (7–13 Aralık 2026)", "2026-W50.md"),
    ]
    assert 'href="../2026-W49/#p-2026-w49-cbdb-plan-1-1"' in month
    # the count is the month's own posts (30 November shows in December's first week too)
    assert "Bu ay. 5 planlı paylaşım." in month
    assert "\n2 planlı paylaşım." in out["calendar/2026-11.md"]
    index = out["calendar/index.md"]
    rows = re.findall(r"^\| \[([^]]+)\]\((\d{4}-W\d\d)\.md\)", index, re.M)
    assert rows == [  # newest first, labelled in words
        ("50. hafta (7–13 Aralık 2026)", "2026-W50"),
        ("49. hafta (30 Kasım – 6 Aralık 2026)", "2026-W49"),
        ("48. hafta (23–29 Kasım 2026)", "2026-W48"),
    ]
    assert "[Aralık 2026](2026-12.md) · [Kasım 2026](2026-11.md)" in index


def test_agenda_index_opens_at_this_week_and_the_next(tmp_path: Path) -> None:
    """This week and the next first, later weeks with data next, empty later weeks folded away,
    past weeks last (newest first); every week named in words."""
    ctx = context(tmp_path)
    w51 = _sub("2026-w51-idb-proposal-7", "proposal", "idb", "2026-W51", "pending",
               [Item(topic="Yılbaşı mesajı", date=date(2026, 12, 15), platforms=("X",))],
               datetime(2026, 12, 1, 9, 0, tzinfo=TZ))  # fmt: skip
    index = pages(replace(ctx, submissions=(*ctx.submissions, w51)))["agenda/index.md"]
    sections = re.split(r"^## ", index, flags=re.M)
    assert [s.split("\n", 1)[0] for s in sections[1:]] == [
        "Bu hafta ve gelecek hafta", "Sonraki haftalar", "Geçmiş haftalar",
    ]  # fmt: skip

    def linked(section: str) -> list[str]:
        return re.findall(r"\]\((\d{4}-W\d\d)\.md\)", section)

    assert linked(sections[1]) == ["2026-W49", "2026-W50"]
    assert "(bu hafta)" in sections[1]
    # W51 has a pending proposal; W52 has nothing yet: folded in a details element
    assert linked(sections[2]) == ["2026-W51"]
    folded = sections[2].split("<details", 1)[1]
    assert "Henüz planı ya da önerisi gelmemiş 1 hafta" in folded
    assert '<a href="2026-W52/">52. hafta (21–27 Aralık 2026)</a>' in folded
    assert linked(sections[3]) == ["2026-W48"]
    assert not re.search(r"\[\d{4}-W\d\d\]", index)  # no bare ISO code as a link text


def test_old_weeks_are_left_out_of_search(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    later = replace(ctx, now=NOW + timedelta(days=7 * 30))
    out = pages(later)
    assert "search:\n  exclude: true" in out["calendar/2026-W49.md"]
    assert "search:" not in pages(ctx)["calendar/2026-W49.md"]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    a = pages(context(tmp_path / "a", "field"))
    b = pages(context(tmp_path / "b", "field"))
    assert a == b


def test_golden_pages(tmp_path: Path) -> None:
    out = pages(context(tmp_path, "field"))
    if os.environ.get("INTAKE_REGENERATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in out.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*.md"))
    }
    assert sorted(out) == sorted(expected), "page set changed: run `make golden` and review"
    for rel, text in out.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/pages/{rel}"


def test_this_weeks_agenda_carries_older_pending_decisions(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    old = _sub("2026-w47-ikdb-proposal-9", "proposal", "ikdb", "2026-W47", "pending",
               [Item(topic="Bekleyen eski öneri", platforms=("X",))],
               datetime(2026, 11, 18, 9, 0, tzinfo=TZ))  # fmt: skip
    out = pages(replace(ctx, submissions=(*ctx.submissions, old)))
    this_week = out["agenda/2026-W49.md"]
    assert "Önceki haftalardan karar bekleyen öneri ve duyurular:" in this_week
    # 2026-W47 has no agenda page (the series starts in W48): this week's page shows it in full
    assert (
        '<a href="../../agenda/2026-W49/#s-2026-w47-ikdb-proposal-9">Bekleyen eski öneri</a>'
        '</td><td data-label="Tür">İçerik önerisi</td><td data-label="Birim">IKDB</td>'
    ) in this_week
    assert '<section class="intake-sub" id="s-2026-w47-ikdb-proposal-9"' in this_week
    assert '<a href="agenda/2026-W49/#s-2026-w47-ikdb-proposal-9">' in out["index.md"]
    assert "Bekleyen eski öneri" not in out["agenda/2026-W50.md"]  # only on this week's agenda
    assert "Bekleyen eski öneri" in out["index.md"]  # and among the home page's pending


def test_agenda_shows_each_units_reshare_rate(tmp_path: Path) -> None:
    """The agenda covers circular 8: per-unit re-share compliance for the week's ministry posts."""
    ctx = context(tmp_path)
    at = datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
    reports = [
        _sub(f"2026-w49-{unit}-reshare-{n}", "reshare", unit, "2026-W49", "received", [
            Item(topic="Bakanlık paylaşımı", date=date(2026, 12, 1),
                 reshare_of=f"https://x.com/bakanlik/status/{post}",
                 reshare_url=f"https://x.com/{unit}/status/{n}")
        ], at)
        for n, (unit, post) in enumerate([("cbdb", 1), ("cbdb", 2), ("idb", 1)])
    ]  # fmt: skip
    # a week later every post's 2 days (reshares.late_after_days) have passed
    later = replace(ctx, submissions=(*ctx.submissions, *reports), now=NOW + timedelta(days=7))
    agenda = pages(later)["agenda/2026-W49.md"]
    assert (
        "Bu hafta yeniden paylaşılması gereken 2 bakanlık paylaşımı var:\n"
        "8 beklenen yeniden paylaşımdan 3 tanesi bildirildi, 5 tanesi süresinde paylaşılmadı."
    ) in agenda
    assert (
        "**%80 eşiğinin altında kalan birimler:** ÇYDB (%0, 0/2), IKDB (%0, 0/2), İDB (%50, 1/2)."
    ) in agenda
    # while they are still in time, nobody is named
    early = pages(replace(ctx, submissions=(*ctx.submissions, *reports)))["agenda/2026-W49.md"]
    assert "%80 eşiğinin altında kalan birim yok." in early
    assert (
        "8 beklenen yeniden paylaşımdan 3 tanesi bildirildi, 0 tanesi süresinde paylaşılmadı, 5 tanesinin süresi dolmadı."
        in early
    )


def test_stopped_approved_announcement_says_so_in_agenda_tables(tmp_path: Path) -> None:
    """Regression: the announcements table read only "Onaylandı" for a post the crisis stopped."""
    agenda = pages(context(tmp_path, "national"))["agenda/2026-W50.md"]
    assert (
        'Ulusal deprem bilinci haftası</a></td><td data-label="Tür">Duyuru</td>'
        '<td data-label="Birim">CBDB</td><td data-label="Alındı">27 Kasım 2026</td>'
        '<td data-label="Durum">Onaylandı, <strong>Durduruldu</strong></td>'
    ) in agenda


def test_a_held_submission_shows_its_state(tmp_path: Path) -> None:
    """The office's crisis hold (status `held`, from the office commands) reads as such in a
    submission's block, not as a crash or a bare code."""
    ctx = context(tmp_path)
    held = _sub("2026-w49-idb-announcement-8", "announcement", "idb", "2026-W49", "held",
                [Item(topic="Bekletilen duyuru", date=date(2026, 12, 4), platforms=("X",))],
                datetime(2026, 12, 1, 9, 0, tzinfo=TZ))  # fmt: skip
    agenda = pages(replace(ctx, submissions=(*ctx.submissions, held)))["agenda/2026-W49.md"]
    block = agenda.split('id="s-2026-w49-idb-announcement-8"', 1)[1]
    assert (
        '<span class="intake-badge intake-badge--held">Kriz nedeniyle bekletiliyor</span>' in block
    )
