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


STOPPED_ROW = re.compile(r'<tr class="intake-stopped">(.*?)</tr>')
DEL = re.compile(r"<del>(.*?)</del>")


def stopped_topics(page: str) -> list[str]:
    """The topics of the rows marked stopped (each must read Durduruldu and be struck through)."""
    out = []
    for row in STOPPED_ROW.findall(page):
        assert "<strong>Durduruldu</strong>" in row
        out.append(DEL.findall(row)[0])
    return out


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
    assert page.count("<tr><td>") == 5  # 3 cbdb + 1 cydb + the approved proposal


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
    assert "| 2026&#45;w49&#45;idb&#45;proposal&#45;1 | İçerik önerisi | İDB |" in home
    assert "**Haftalık Gündem Toplantısı**: 7 Aralık 2026 Pazartesi 10:00–11:00" in home
    assert "(webcal://intranet.example.gov.tr/sm/calendar/agenda.ics)" in home
    assert "(https://intranet.example.gov.tr/sm/calendar/shares.ics)" in home


def test_calendar_and_agenda_pages_exist_per_week(tmp_path: Path) -> None:
    out = pages(context(tmp_path))
    assert sorted(p for p in out if p.startswith("calendar/")) == [
        "calendar/2026-W48.md", "calendar/2026-W49.md", "calendar/2026-W50.md",
        "calendar/index.md",
    ]  # fmt: skip
    # meeting series 2026-11-23 .. 2026-12-21, Mondays
    assert sorted(p for p in out if p.startswith("agenda/")) == [
        "agenda/2026-W48.md", "agenda/2026-W49.md", "agenda/2026-W50.md",
        "agenda/2026-W51.md", "agenda/2026-W52.md", "agenda/index.md",
    ]  # fmt: skip
    week = out["calendar/2026-W49.md"]
    assert "[Önceki hafta: 2026-W48](2026-W48.md)" in week
    assert "[Sonraki hafta: 2026-W50](2026-W50.md)" in week
    assert re.findall(r"^## (.*)$", week, re.M) == [
        "30 Kasım 2026 Pazartesi", "1 Aralık 2026 Salı", "2 Aralık 2026 Çarşamba",
        "3 Aralık 2026 Perşembe", "4 Aralık 2026 Cuma", "5 Aralık 2026 Cumartesi",
        "6 Aralık 2026 Pazar",
    ]  # fmt: skip
    index = out["calendar/index.md"]
    rows = re.findall(r"^\| \[(\d{4}-W\d\d)\]", index, re.M)
    assert rows == ["2026-W50", "2026-W49", "2026-W48"]  # newest first


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
    assert "| 2026&#45;w47&#45;ikdb&#45;proposal&#45;9 | İçerik önerisi | IKDB |" in this_week
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
    assert "| Ulusal deprem bilinci haftası | 27 Kasım 2026 | Onaylandı, **Durduruldu** |" in agenda
