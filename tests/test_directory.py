"""Directory pages: unit contacts, re-share tracking, guide, office, plan templates.

Golden files live in ``tests/golden/directory/``; ``INTAKE_REGENERATE_GOLDEN=1`` rewrites them
(review the diff).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import openpyxl
import pytest

from intake.config import Config, load_config
from intake.crisis import CrisisNotice
from intake.errors import ValidationError
from intake.model import Decision, Item, Submission
from intake.render import directory
from intake.render.context import SiteContext, make_env
from intake.render.directory import (
    feed_links,
    mailto,
    plan_template_csv,
    plan_template_xlsx,
    render_directory,
    tel,
)
from intake.render.reshares import reshare_summary, reshare_tracking
from intake.reshares import load_ministry_posts, post_key
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "directory"
NOW = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)  # a Friday evening in week 48

CONFIG = """\
mailbox: {maildir: mailbox}
paths: {docs: docs, site: site, state: state, outbox: outbox, templates: TEMPLATES, calendar: calendar,
        mkdocs_yml: MKDOCS}
site: {url: "https://intranet.example.gov.tr/sosyal-medya/", intake_address: sosyalmedya@example.gov.tr}
office: {name: Sosyal İlişkiler ve İletişim Dairesi Başkanlığı, addresses: [siid@example.gov.tr]}
authentication: {authserv_id: mail.example.gov.tr, require: dmarc}
units:
  - id: ghgm
    short: GHGM
    name: Gençlik Hizmetleri Genel Müdürlüğü
    addresses: [sosyalmedya@ghgm.example.gov.tr]
    contact: {name: Elif Yıldırım, title: Basın ve Sosyal Medya Sorumlusu, phone: "+90 312 596 61 10",
              email: elif.yildirim@ghgm.example.gov.tr}
  - id: shgm
    short: SHGM
    name: Spor Hizmetleri Genel Müdürlüğü
    addresses: [basin@shgm.example.gov.tr, sosyalmedya@shgm.example.gov.tr]
    contact: {name: Murat Aksoy, title: Halkla İlişkiler Şube Müdürü, phone: "0 (312) 596 62 20",
              email: murat.aksoy@shgm.example.gov.tr}
  - id: cidb
    short: ÇİDB
    name: Çevre ve İklim Dairesi Başkanlığı
    addresses: [cevre@example.gov.tr]
    contact: {name: Gökhan Çelik, title: Uzman, phone: "+90 312 596 67 70", email: gokhan.celik@example.gov.tr}
  - id: hkm
    short: HKM
    name: Hukuk Müşavirliği
    addresses: [hukuk@example.gov.tr]
  - id: idb
    short: İDB
    name: İç Denetim Birimi Başkanlığı
    addresses: [icdenetim@example.gov.tr]
    contact: {name: İrem Arslan, title: İç Denetçi, phone: "+90 312 596 68 80", email: irem.arslan@example.gov.tr}
  - id: ytdb
    short: YTDB
    name: Yatırım ve Tesisler Dairesi Başkanlığı
    addresses: [tesisler@example.gov.tr]
    contact: {name: Serkan Doğan, title: Mühendis, phone: "+90 312 596 69 90", email: serkan.dogan@example.gov.tr}
"""

MINISTRY_POSTS = """\
# the office's list of ministry posts every unit must re-share
- id: BP-2026-48-1
  date: 2026-11-24
  topic: Gençlik kampları başvuruları
  link: https://x.com/bakanlik/status/98
- id: BP-2026-48-2
  date: 2026-11-26
  topic: Milli takım tebriki
  link: https://x.com/bakanlik/status/99
- id: BP-2026-47-1
  date: 2026-11-18
  topic: Gönüllülük haftası
"""


def make_config(tmp: Path, *, ministry_posts: str | None = None, extra: str = "") -> Config:
    text = CONFIG.replace("TEMPLATES", str(ROOT / "templates")).replace(
        "MKDOCS", str(ROOT / "mkdocs.yml")
    )
    (tmp / "intake.yml").write_text(text + extra, encoding="utf-8")
    (tmp / "mailbox").mkdir(exist_ok=True)
    (tmp / "calendar").mkdir(exist_ok=True)
    if ministry_posts is not None:
        (tmp / "calendar" / "ministry-posts.yml").write_text(ministry_posts, encoding="utf-8")
    return load_config(tmp / "intake.yml")


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=TZ)


def sub(
    sid: str,
    stype: str,
    unit: str,
    status: str,
    items: tuple[Item, ...],
    received: datetime,
    decision: Decision | None = None,
    week: str = "2026-W48",
) -> Submission:
    return Submission(
        id=sid,
        type=stype,
        unit=unit,
        sender=f"{unit}@example.gov.tr",  # type: ignore[arg-type]
        subject=stype.upper(),
        received=received,
        message_id=f"<{sid}@example.gov.tr>",
        week=week,
        status=status,
        items=items,
        decision=decision,
    )  # type: ignore[arg-type]


def dataset() -> tuple[Submission, ...]:
    return (
        sub(
            "plan-ghgm-w49",
            "plan",
            "ghgm",
            "received",
            (
                Item(
                    topic="Gençlik kampları", date=date(2026, 12, 1), time="10:30", platforms=("X",)
                ),
            ),
            at(27, 9),
            week="2026-W49",
        ),
        sub(
            "prop-shgm-1",
            "proposal",
            "shgm",
            "pending",
            (
                Item(topic="Maraton hazırlıkları", date=date(2026, 12, 3)),
                Item(topic="Yüzme şampiyonası", date=date(2026, 12, 5)),
            ),
            at(25, 10),
            week="2026-W49",
        ),
        sub(
            "prop-ytdb-1",
            "proposal",
            "ytdb",
            "pending",
            (Item(topic="Yeni spor salonu"),),
            at(26, 8),
        ),
        sub(
            "ann-ghgm-1",
            "announcement",
            "ghgm",
            "approved",
            (Item(topic="Ulusal Gençlik Zirvesi", date=date(2026, 12, 4)),),
            at(24, 10),
            Decision(by="siid@example.gov.tr", at=at(25, 9), via="email", note="Uygun"),
            week="2026-W49",
        ),
        sub(
            "prop-cidb-1",
            "proposal",
            "cidb",
            "rejected",
            (Item(topic="Orman haftası"),),
            at(24, 11),
            Decision(
                by="ayse.demir@example.gov.tr",
                at=at(26, 11),
                via="cli",
                note="Kriz döneminde uygun değil",
            ),
        ),
        sub(
            "rs-ghgm-1",
            "reshare",
            "ghgm",
            "received",
            (
                Item(
                    topic="Kamp duyurusu",
                    reshare_of="BP-2026-48-1",
                    reshare_url="https://x.com/ghgm/status/1",
                ),
                Item(
                    topic="Tebrik",
                    reshare_of="https://twitter.com/bakanlik/status/99/?s=20",
                    reshare_url="https://x.com/ghgm/status/2",
                ),
            ),
            at(26, 15),
        ),
        sub(
            "rs-shgm-1",
            "reshare",
            "shgm",
            "received",
            (Item(topic="Kamp", reshare_of="bp-2026-48-1"),),
            at(26, 16),
        ),
        sub(
            "rs-idb-1",
            "reshare",
            "idb",
            "received",
            (
                Item(
                    topic="Eski paylaşım",
                    reshare_of="BP-2026-47-9",
                    reshare_url="https://x.com/idb/status/5",
                ),
            ),
            at(25, 12),
        ),
        sub(
            "rs-ytdb-old",
            "reshare",
            "ytdb",
            "rejected",
            (Item(topic="Kamp", reshare_of="BP-2026-48-1"),),
            at(25, 12),
        ),
    )


def context(
    config: Config, subs: tuple[Submission, ...] | None = None, broken: tuple[str, ...] = ()
) -> SiteContext:
    return SiteContext(
        config,
        dataset() if subs is None else subs,
        (),
        CrisisNotice(None, (), ""),
        None,
        NOW,
        broken,
    )


def render(ctx: SiteContext) -> dict[str, str | bytes]:
    return render_directory(ctx, make_env(ROOT / "templates"))


def check_golden(name: str, actual: str | bytes) -> None:
    path = GOLDEN / name
    raw = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("INTAKE_REGENERATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    assert path.exists(), f"{path} missing: run `make golden`"
    expected = path.read_bytes()
    if isinstance(actual, str):
        assert actual == expected.decode("utf-8"), (
            f"{name} differs from its golden file (make golden)"
        )
    else:
        assert raw == expected, f"{name} differs from its golden file (make golden)"


# --- golden pages ------------------------------------------------------------------------------


def test_directory_pages_match_golden_files(tmp_path: Path) -> None:
    config = make_config(tmp_path, ministry_posts=MINISTRY_POSTS)
    pages = render(
        context(config, broken=("docs/submissions/bozuk.md: items[0].topic: is missing",))
    )
    assert sorted(pages) == [
        "guide/index.md",
        "guide/plan-sablonu.csv",
        "guide/plan-sablonu.xlsx",
        "office/index.md",
        "reshares/index.md",
        "units/index.md",
    ]
    for rel, content in pages.items():
        check_golden(rel.replace("/index.md", ".md").replace("guide/plan", "plan"), content)


def test_reshares_page_inferred_and_empty_match_golden_files(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    check_golden("reshares-inferred.md", render(context(config))["reshares/index.md"])
    check_golden("reshares-empty.md", render(context(config, subs=()))["reshares/index.md"])


def test_same_input_gives_same_bytes(tmp_path: Path) -> None:
    config = make_config(tmp_path, ministry_posts=MINISTRY_POSTS)
    first = render(context(config))
    time.sleep(2.1)  # zip timestamps have a 2-second resolution
    assert render(context(config)) == first


# --- units -------------------------------------------------------------------------------------


def test_units_sorted_in_turkish_alphabet_order_with_links(tmp_path: Path) -> None:
    page = render(context(make_config(tmp_path)))["units/index.md"]
    assert isinstance(page, str)
    rows = [line for line in page.splitlines() if line.startswith("| ") and "Birim |" not in line]
    names = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert [n.split(" (")[0] for n in names] == [
        "Çevre ve İklim Dairesi Başkanlığı",
        "Gençlik Hizmetleri Genel Müdürlüğü",
        "Hukuk Müşavirliği",
        "İç Denetim Birimi Başkanlığı",
        "Spor Hizmetleri Genel Müdürlüğü",
        "Yatırım ve Tesisler Dairesi Başkanlığı",
    ]
    assert "(tel:+903125966110)" in page
    assert "(tel:03125966220)" in page
    assert "(mailto:elif.yildirim@ghgm.example.gov.tr)" in page
    assert "(mailto:basin@shgm.example.gov.tr)<br>[sosyalmedya&#64;<wbr>shgm" in page
    assert "| Elif Yıldırım<br>Basın ve Sosyal Medya Sorumlusu |" in page
    hukuk = next(r for r in rows if r.startswith("| Hukuk"))
    assert hukuk.split(" | ")[1:3] == [
        "Bildirilmedi",
        "Telefon bildirilmedi<br>E-posta bildirilmedi",
    ]


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+90 312 596 61 10", "tel:+903125966110"),
        ("0 (312) 596-62-20", "tel:03125966220"),
        ("0312.596.62.20", "tel:03125966220"),
        ("dahili 6110", None),
        ("javascript:alert(1)", None),
        ("+90 312 <b>1</b>", None),
        ("", None),
    ],
)
def test_tel_links(phone: str, expected: str | None) -> None:
    assert tel(phone) == expected


# --- mailto ------------------------------------------------------------------------------------


def test_mailto_percent_encodes_turkish_subject_and_crlf_body() -> None:
    url = mailto(
        "sosyalmedya@example.gov.tr",
        "İÇERİK ÖNERİSİ",
        'Konu: Gençlik\nMetin: Şükrü\'nün "kampı" & 100%',
    )
    assert url == (
        "mailto:sosyalmedya@example.gov.tr?subject=%C4%B0%C3%87ER%C4%B0K%20%C3%96NER%C4%B0S%C4%B0"
        "&body=Konu%3A%20Gen%C3%A7lik%0D%0AMetin%3A%20%C5%9E%C3%BCkr%C3%BC%27n%C3%BCn%20%22kamp"
        "%C4%B1%22%20%26%20100%25"
    )
    parts = urlsplit(url)
    fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert fields == {
        "subject": "İÇERİK ÖNERİSİ",
        "body": 'Konu: Gençlik\r\nMetin: Şükrü\'nün "kampı" & 100%',
    }


@pytest.mark.parametrize(
    "address",
    [
        "not an address",
        "a@b",
        "x@example.gov.tr?cc=evil@example.com",
        "a(b)@example.gov.tr",
        "javascript:alert(1)@x.com",
        "",
    ],
)
def test_mailto_refuses_bad_addresses(address: str) -> None:
    assert mailto(address) is None


def test_guide_mailto_links_prefill_each_type(tmp_path: Path) -> None:
    page = render(context(make_config(tmp_path)))["guide/index.md"]
    assert isinstance(page, str)
    urls = re.findall(r"\]\((mailto:[^)]+)\)", page)
    bodies = {}
    for url in urls:
        parts = urlsplit(url)
        if not parts.query:
            continue
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        bodies[q["subject"]] = q["body"]
        assert parts.path == "sosyalmedya@example.gov.tr"
        assert "\n" not in url and " " not in url and "%0D%0A" in url
    assert sorted(bodies) == ["DUYURU", "HAFTALIK PLAN", "PAYLAŞIM BİLDİRİMİ", "İÇERİK ÖNERİSİ"]
    plan = bodies["HAFTALIK PLAN"]
    assert plan.startswith("Hafta: 2026-W49\r\n\r\nTarih: 30.11.2026\r\nSaat: 10:30\r\n")
    assert "\n" not in plan.replace("\r\n", "")
    # the copyable block shows the very same text
    assert "    " + plan.split("\r\n")[2] in page
    assert unquote("%C4%B0") == "İ"


def test_guide_feed_links_and_downloads(tmp_path: Path) -> None:
    page = render(context(make_config(tmp_path)))["guide/index.md"]
    assert isinstance(page, str)
    for name in ("agenda.ics", "shares.ics"):
        https, webcal = feed_links("https://intranet.example.gov.tr/sosyal-medya/", name)
        assert f"]({https})" in page
        assert f"]({webcal})" in page
    assert feed_links("http://intra/sm", "agenda.ics") == (
        "http://intra/sm/calendar/agenda.ics",
        "webcal://intra/sm/calendar/agenda.ics",
    )
    assert "](plan-sablonu.xlsx)" in page and "](plan-sablonu.csv)" in page
    for client in ("Outlook masaüstü", "Apple Takvim", "Thunderbird", "Google Takvim"):
        assert client in page


# --- re-shares ---------------------------------------------------------------------------------


def test_post_key_matches_the_same_post_written_differently() -> None:
    assert post_key("https://twitter.com/bakanlik/status/99/?s=20") == post_key(
        "https://x.com/bakanlik/status/99"
    )
    assert post_key("https://www.youtube.com/watch?v=abc&utm_source=x") == post_key(
        "https://youtube.com/watch?v=abc"
    )
    assert post_key("https://youtube.com/watch?v=abc") != post_key(
        "https://youtube.com/watch?v=abd"
    )
    assert post_key(" BP-2026-48-1 ") == post_key("bp-2026-48-1") == "id:bp-2026-48-1"


def test_reshare_tracking_with_the_office_list(tmp_path: Path) -> None:
    ctx = context(make_config(tmp_path, ministry_posts=MINISTRY_POSTS))
    tracking = reshare_tracking(ctx)
    assert tracking.listed
    assert [p.id for p in tracking.posts] == ["BP-2026-47-1", "BP-2026-48-1", "BP-2026-48-2"]
    assert [(r.unit, r.post_key) for r in tracking.unmatched] == [("idb", "id:bp-2026-47-9")]
    week = reshare_summary(ctx, "2026-W48")
    assert [p.id for p in week.posts] == ["BP-2026-48-1", "BP-2026-48-2"]
    # NOW is 27 November: BP-2026-48-2 (26 November) is still in time (2 days), so a unit that
    # has not reported it is waiting, not missing, and it does not count in the rate yet
    rates = {u.unit.id: (len(u.done), u.total, u.percent, len(u.waiting)) for u in week.units}
    assert rates == {
        "ghgm": (2, 2, "%100", 0),
        "shgm": (1, 1, "%100", 1),
        "cidb": (0, 1, "%0", 1),
        "hkm": (0, 1, "%0", 1),
        "idb": (0, 1, "%0", 1),
        "ytdb": (0, 1, "%0", 1),
    }
    assert [u.unit.id for u in week.units] == ["cidb", "ghgm", "hkm", "idb", "shgm", "ytdb"]
    assert (week.done, week.expected) == (3, 12)
    assert week.reports[("ghgm", "id:bp-2026-48-1")].url == "https://x.com/ghgm/status/1"
    empty = reshare_summary(ctx, "2026-W40")
    assert empty.posts == () and all(u.percent == "—" for u in empty.units)


def test_reshare_tracking_inferred_from_reports(tmp_path: Path) -> None:
    ctx = context(make_config(tmp_path))
    tracking = reshare_tracking(ctx)
    assert not tracking.listed and tracking.unmatched == ()
    assert [(p.id, p.date.isoformat(), p.topic) for p in tracking.posts] == [
        ("BP-2026-47-9", "2026-11-25", "Eski paylaşım"),
        ("BP-2026-48-1", "2026-11-26", "Kamp duyurusu"),
        ("https://twitter.com/bakanlik/status/99/?s=20", "2026-11-26", "Tebrik"),
    ]
    week = reshare_summary(ctx, "2026-W48")
    assert {u.unit.id: (u.percent, len(u.waiting)) for u in week.units}["shgm"] == ("%100", 2)


def test_reshares_page_tables(tmp_path: Path) -> None:
    page = render(context(make_config(tmp_path, ministry_posts=MINISTRY_POSTS)))[
        "reshares/index.md"
    ]
    assert isinstance(page, str)
    assert "| Birim | 1. paylaşım | 2. paylaşım | Oran |" in page
    assert (
        "| GHGM | ✓ [GHGM paylaşımı](https://x.com/ghgm/status/1) | "
        "✓ [GHGM paylaşımı](https://x.com/ghgm/status/2) | %100 (2/2) |"
    ) in page
    assert "| SHGM | ✓ Paylaşıldı | … Bekleniyor | %100 (1/1) |" in page
    assert "- Paylaşmayanlar (1. paylaşım): ÇİDB, HKM, İDB, YTDB" in page
    assert "- Süresi dolmadı, bildirim bekleniyor (2. paylaşım): ÇİDB, HKM, İDB, SHGM, YTDB" in page
    assert page.index("48&#46; hafta") < page.index("47&#46; hafta")
    assert "BP&#45;2026&#45;47&#45;9" in page.split("Listede olmayan")[1]


def test_reshares_rejected_reports_do_not_count(tmp_path: Path) -> None:
    ctx = context(make_config(tmp_path, ministry_posts=MINISTRY_POSTS))
    week = reshare_summary(ctx, "2026-W48")
    assert {u.unit.id: len(u.done) for u in week.units}["ytdb"] == 0


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("- id: A\n  date: 1 Aralık\n  topic: x\n", "[0].date"),
        ("- id: A\n  date: 2026-13-01\n  topic: x\n", "(dosya)"),  # YAML refuses month 13
        ("- id: A\n  date: 2026-12-01\n", "[0].topic"),
        ("- id: A\n  date: 2026-12-01\n  topic: x\n  link: javascript:alert(1)\n", "[0].link"),
        (
            "- id: A\n  date: 2026-12-01\n  topic: x\n- id: a\n  date: 2026-12-02\n  topic: y\n",
            "[1].id",
        ),
        ("- {id: A, date: 2026-12-01, topic: x, colour: red}\n", "[0].colour"),
        ("posts: {id: A}\n", "(dosya)"),
        ("- id: A\n date: [\n", "(dosya)"),
    ],
)
def test_bad_ministry_posts_file_is_refused_naming_the_key(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "ministry-posts.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_ministry_posts(path)
    assert where in [p.where for p in info.value.problems]
    assert str(path) in str(info.value)


def test_ministry_posts_file_missing_or_empty(tmp_path: Path) -> None:
    assert load_ministry_posts(tmp_path / "none.yml") is None
    (tmp_path / "empty.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert load_ministry_posts(tmp_path / "empty.yml") == []
    (tmp_path / "wrapped.yml").write_text(
        "posts:\n  - {id: 7, date: 2026-12-01, topic: x}\n", encoding="utf-8"
    )
    posts = load_ministry_posts(tmp_path / "wrapped.yml")
    assert posts is not None and [(p.id, p.link, p.listed) for p in posts] == [("7", None, True)]


# --- office ------------------------------------------------------------------------------------


def test_office_page_pending_audit_and_broken(tmp_path: Path) -> None:
    page = render(context(make_config(tmp_path), broken=("docs/submissions/x.md: id is missing",)))[
        "office/index.md"
    ]
    assert isinstance(page, str)
    assert page.startswith("---\ntitle: Daire sayfası\nsearch:\n  exclude: true\n---\n")
    pending = page.split("## Karar bekleyenler")[1].split("##")[0]
    assert [m for m in re.findall(r"`([a-z0-9-]+)`", pending) if m.startswith("prop")] == [
        "prop-shgm-1",
        "prop-ytdb-1",
    ]
    # each opens its block on its week's agenda page
    assert (
        "| [Maraton hazırlıkları&#59; Yüzme şampiyonası](../agenda/2026-W49.md#s-prop-shgm-1)"
        " | 3 Aralık 2026 |"
    ) in pending
    assert "[Yeni spor salonu](../agenda/2026-W48.md#s-prop-ytdb-1)" in pending
    audit = page.split("## Karar geçmişi")[1]
    assert re.findall(r"`([a-z0-9-]+)`", audit) == ["prop-cidb-1", "ann-ghgm-1"]  # newest first
    assert (
        "| Reddedildi: ayse&#46;demir&#64;example&#46;gov&#46;tr (komut satırı) | Kriz döneminde uygun değil |"
        in audit
    )
    assert "- docs&#47;submissions&#47;x&#46;md&#58; id is missing" in page
    assert "henüz hiç posta okunmamış" in page  # empty ledger, said honestly


def test_office_page_lists_quarantined_mail_from_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger's rows as intake.status.collect gives them (its own tests use a real ledger)."""
    from intake import status

    def fake_collect(config: Config, week: str | None = None) -> dict[str, Any]:
        return {
            "last_run": {"finished": "2026-11-27T09:00:00+03:00"},
            "totals": {"rejected": 4},
            "quarantine": [
                {
                    "sender": "kimse@evil.example",
                    "subject": "Acil | ödeme",
                    "reason": "unknown-sender",
                    "detail": "kimse@evil.example is not a registered unit address",
                    "date": "2026-11-27T08:15:00+03:00",
                },
                {
                    "sender": "basin@shgm.example.gov.tr",
                    "subject": "Duyuru",
                    "reason": "auth-failed",
                    "detail": "basin@shgm.example.gov.tr (unit shgm): dmarc did not pass at"
                    " mail.example.gov.tr (fail)",
                    "date": "2026-11-27T08:10:00+03:00",
                },
                {
                    "sender": "x@example.gov.tr",
                    "subject": "Plan",
                    "reason": "auth-failed",
                    "detail": "x@example.gov.tr (unit ghgm): no Authentication-Results from"
                    " mail.example.gov.tr",
                    "date": "2026-11-27T08:05:00+03:00",
                },
            ],
        }

    monkeypatch.setattr(status, "collect", fake_collect)
    page = render(context(make_config(tmp_path)))["office/index.md"]
    assert isinstance(page, str)
    # the reason in Turkish words, its code only in the tooltip; the parser's details in Turkish
    assert (
        "| 27 Kasım 2026 Cuma 08&#58;15 | kimse&#64;<wbr>evil&#46;example<br>Acil &#124; ödeme | "
        '<span title="Kod: unknown-sender">gönderen adresi hiçbir birime kayıtlı değil</span>'
        "<br>kimse&#64;<wbr>evil&#46;example hiçbir birimin kayıtlı adresi değil |\n"
    ) in page
    assert (
        "shgm birimi&#41;&#58; DMARC denetimi mail&#46;example&#46;gov&#46;tr sunucusunda geçmedi"
        " &#40;sonuç&#58; fail&#41; |"
    ) in page
    assert (
        "ghgm birimi&#41;&#58; mail&#46;example&#46;gov&#46;tr sunucusunun kimlik doğrulama"
        " sonucu &#40;Authentication&#45;Results&#41; yok |"
    ) in page
    office = page.split("## Karantinadaki e-postalar")[1]
    assert "(unknown-sender)" not in office and "&#40;unknown&#45;sender&#41;" not in office
    assert "registered" not in office and "did not pass" not in office
    assert "Şimdiye kadar 4 e-posta reddedildi." in page


def test_directory_module_survives_a_failing_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake import status

    def broken(config: Config, week: str | None = None) -> dict[str, Any]:
        raise OSError("disk")

    monkeypatch.setattr(status, "collect", broken)
    log = directory.mail_log(make_config(tmp_path))
    assert log.note is not None and "OSError" in log.note and log.quarantined == ()


# --- plan templates ----------------------------------------------------------------------------


def test_csv_template_is_bom_semicolon_crlf() -> None:
    raw = plan_template_csv()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Tarih", "Saat", "Platform", "Konu", "Metin", "Bağlantı", "Etiketler", "Görsel"]
    ]


def test_xlsx_template_is_deterministic_and_readable() -> None:
    first = plan_template_xlsx()
    time.sleep(2.1)
    assert plan_template_xlsx() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core
    wb = openpyxl.load_workbook(io.BytesIO(first))
    assert (
        wb.sheetnames == ["Plan", "Açıklama"]
        and wb.active is not None
        and wb.active.title == "Plan"
    )
    assert [c.value for c in wb["Plan"][1]] == list(directory.PLAN_COLUMNS)
    assert wb["Plan"].max_row == 1 or all(
        c.value is None for row in wb["Plan"].iter_rows(min_row=2) for c in row
    )


# --- accessibility of the Markdown ---------------------------------------------------------------

_VAGUE = re.compile(
    r"\[(buraya tıklayın|tıklayın|burada|buraya|link|bağlantı|tıkla)\]", re.IGNORECASE
)


def test_pages_have_table_headers_descriptive_links_and_no_skipped_heading_levels(
    tmp_path: Path,
) -> None:
    pages = render(context(make_config(tmp_path, ministry_posts=MINISTRY_POSTS)))
    for rel, page in pages.items():
        if not isinstance(page, str):
            continue
        body = page.split("---\n", 2)[2]
        lines = body.splitlines()
        in_code = False
        level = 0
        for i, line in enumerate(lines):
            in_code = line.startswith("    ")
            if in_code:
                continue
            m = re.match(r"^(#{1,6}) ", line)
            if m:
                new = len(m.group(1))
                assert new <= level + 1, f"{rel}: heading level jumps to {new} at {line!r}"
                level = new
            if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
                assert re.fullmatch(r"\|(---\|)+", lines[i + 1]), (
                    f"{rel}: table without a header row at {line!r}"
                )
        assert not _VAGUE.search(body), f"{rel}: vague link text"
        assert body.count("\n# ") + body.startswith("# ") <= 1 or rel == "guide/index.md"


def test_filled_in_templates_are_read_by_the_plan_parser() -> None:
    """What a unit sends back after filling in the downloaded template is a readable plan."""
    from intake.parse.tabular import read_csv, read_xlsx, rows_to_items

    row = [
        "02.12.2026",
        "10:30",
        "X, Instagram",
        "Gençlik kampları",
        "Başvurular başladı.",
        "https://example.gov.tr/kamp",
        "gençlik, kamp",
        "afis.jpg",
    ]
    csv_bytes = plan_template_csv() + (";".join(row) + "\r\n").encode("utf-8")
    wb = openpyxl.load_workbook(io.BytesIO(plan_template_xlsx()))
    wb["Plan"].append(row)
    buf = io.BytesIO()
    wb.save(buf)
    expected = {
        "date": "02.12.2026",
        "time": "10:30",
        "platforms": "X, Instagram",
        "topic": "Gençlik kampları",
        "text": "Başvurular başladı.",
        "link": "https://example.gov.tr/kamp",
        "tags": "gençlik, kamp",
        "images": "afis.jpg",
    }
    for rows in (read_csv(csv_bytes), read_xlsx(buf.getvalue())):
        items = rows_to_items(rows, "plan-sablonu")
        assert items is not None and len(items) == 1
        assert {k: v.text for k, v in items[0].fields.items()} == expected


def test_unmatched_reports_are_capped_newest_first(tmp_path: Path) -> None:
    config = make_config(tmp_path, ministry_posts=MINISTRY_POSTS)
    subs = tuple(
        sub(
            f"rs-x-{i:03d}",
            "reshare",
            "ghgm",
            "received",
            (Item(topic=f"T{i}", reshare_of=f"YOK-{i}"),),
            datetime(2026, 11, 1, 9, 0, tzinfo=TZ)
            + (datetime(2026, 1, 1, 0, i % 60) - datetime(2026, 1, 1))
            + (datetime(2026, 1, 2) - datetime(2026, 1, 1)) * (i // 60),
        )
        for i in range(60)
    )
    page = render(context(config, subs=subs))["reshares/index.md"]
    assert isinstance(page, str)
    section = page.split("## Listede olmayan")[1]
    assert "Toplam 60 bildirimden en yeni 50 tanesi gösteriliyor." in section
    rows = re.findall(r"`(rs-x-\d+)`", section)
    assert rows == [f"rs-x-{i:03d}" for i in range(59, 9, -1)]


def test_pages_render_to_the_intended_html_structure(tmp_path: Path) -> None:
    """Regression: "- 1. paylaşımı …" became a nested ordered list ("a. paylaşımı …"): render the
    pages with the site's extensions and check lists, tables and headings come out as written."""
    import markdown

    from tests.test_safety import front_matter, real_extensions

    names, configs = real_extensions()
    pages = render(context(make_config(tmp_path, ministry_posts=MINISTRY_POSTS)))
    for rel, page in pages.items():
        if not isinstance(page, str):
            continue
        body = front_matter(page)[1]
        html = markdown.Markdown(extensions=names, extension_configs=configs).convert(body)
        assert not re.search(r"<li>\s*<ol>|<li>[^<]*<ol>", html), (
            f"{rel}: a list item turned into a nested list"
        )
        separators = len(re.findall(r"^\|(---\|)+$", body, re.MULTILINE))
        assert html.count("<table>") == separators, (
            f"{rel}: {separators} tables written, {html.count('<table>')} rendered"
        )
        assert html.count("<h1") == 1, rel
        assert "&amp;#" not in html, f"{rel}: an entity was escaped twice"


def test_guide_without_an_intake_address_says_so(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config = dataclasses.replace(config, site=dataclasses.replace(config.site, intake_address=""))
    page = render(context(config))["guide/index.md"]
    assert isinstance(page, str)
    assert "site.intake_address" in page and "mailto:" not in page.split("## Kısaca")[0]
    assert page.count("Alım adresi tanımlanmamış") == 4


@pytest.mark.parametrize(
    ("detail", "turkish"),
    [
        (
            "the parser took longer than 30 s (limits.parse_seconds) on this message and was stopped",
            "ileti 30 saniyede okunamadı ve okuma durduruldu (limits.parse_seconds)",
        ),
        (
            "the parser process ended (signal 9) on this message",
            "ileti okunurken okuyucu süreç sonlandı (signal 9)",
        ),
        (
            "failed 4 times; last error: connection lost: timed out",
            "4 kez denendi, olmadı; son hata: connection lost: timed out",
        ),
        (
            "the same message was already read (2026-w49-ghgm-plan-1a2b3c4d)",
            "aynı ileti daha önce okundu (2026-w49-ghgm-plan-1a2b3c4d)",
        ),
    ],
)
def test_the_fetchs_own_details_read_in_turkish_on_the_office_page(
    detail: str, turkish: str
) -> None:
    from intake.render.directory import turkish_detail

    assert turkish_detail(detail) == turkish
