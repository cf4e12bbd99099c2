"""The week's and the month's posts as CSV and XLSX (calendar/<week>.csv|xlsx,
calendar/<YYYY-MM>.csv|xlsx), from the fixed dataset of tests/test_render_pages.py.

Golden files live in tests/golden/exports/; ``make golden`` (INTAKE_REGENERATE_GOLDEN=1)
rewrites them: review the diff.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from intake.model import Item
from intake.render.exports import COLUMNS, export_files
from intake.render.pages import Facts
from intake.render.site import generated_pages
from intake.timeutil import TZ
from tests.test_render_pages import _sub, context

GOLDEN = Path(__file__).resolve().parent / "golden" / "exports"
WANT = {"2026-W49.csv", "2026-W49.xlsx", "2026-12.csv", "2026-12.xlsx"}


def exports(tmp_path: Path, crisis: str = "none") -> dict[str, bytes]:
    ctx = context(tmp_path, crisis)
    return export_files(ctx, Facts(ctx).calendar_weeks())


def test_exports_match_golden_files(tmp_path: Path) -> None:
    out = exports(tmp_path, "field")
    for name in sorted(WANT):
        data = out[f"calendar/{name}"]
        path = GOLDEN / name
        if os.environ.get("INTAKE_REGENERATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        assert path.exists(), f"{path} missing: run `make golden`"
        assert data == path.read_bytes(), f"{name} differs from its golden file (make golden)"


def test_every_calendar_week_and_month_has_both_files(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    pages = generated_pages(ctx)
    weeks = Facts(ctx).calendar_weeks()
    for week in weeks:
        assert isinstance(pages[f"calendar/{week}.csv"], bytes)
        assert isinstance(pages[f"calendar/{week}.xlsx"], bytes)
        assert f"[Excel dosyası (XLSX)]({week}.xlsx)" in str(pages[f"calendar/{week}.md"])
        assert f"[CSV dosyası]({week}.csv)" in str(pages[f"calendar/{week}.md"])
    months = sorted(
        p[9:16]
        for p in pages
        if p.startswith("calendar/") and p.endswith(".xlsx") and "-W" not in p
    )
    assert months == ["2026-11", "2026-12"]
    assert "[CSV dosyası](2026-12.csv)" in str(pages["calendar/2026-12.md"])


def test_xlsx_opens_with_turkish_headers_and_the_weeks_posts(tmp_path: Path) -> None:
    out = exports(tmp_path, "field")
    sheet = load_workbook(io.BytesIO(out["calendar/2026-W49.xlsx"])).active
    assert sheet.title == "Paylaşımlar"
    table = [
        tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)
    ]
    assert table[0] == COLUMNS == (
        "Tarih", "Gün", "Saat", "Birim", "Birim adı", "Tür", "Platformlar", "Konu", "Metin",
        "Etiketler", "Bağlantı", "Görseller", "Durum",
    )  # fmt: skip
    week_csv = list(csv.reader(io.StringIO(out["calendar/2026-W49.csv"].decode("utf-8-sig")),
                               delimiter=";"))  # fmt: skip
    assert [list(r) for r in table] == week_csv  # the same table in both files
    by_topic = {row[7]: row for row in table[1:]}
    assert len(by_topic) == 5  # the week's posts, nothing else (superseded, pending: no)
    stopped = by_topic["DEPREM tatbikatı duyurusu"]
    assert stopped[0] == "02.12.2026" and stopped[1] == "Çarşamba" and stopped[12] == "Durduruldu"
    assert {row[12] for row in table[1:]} == {"Planlandı", "Onaylandı", "Durduruldu"}


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    sneaky = _sub("2026-w49-idb-plan-9", "plan", "idb", "2026-W49", "received",
                  [Item(topic="=HYPERLINK(\"http://evil.example\")", date=date(2026, 12, 3),
                        text="+90 312 000 00 00", platforms=("X",))],
                  datetime(2026, 11, 27, 9, 0, tzinfo=TZ))  # fmt: skip
    from intake.schedule import planned_posts

    subs = (*ctx.submissions, sneaky)
    ctx = replace(ctx, submissions=subs, posts=tuple(planned_posts(subs, ctx.crisis)))
    out = export_files(ctx, ["2026-W49"])
    sheet = load_workbook(io.BytesIO(out["calendar/2026-W49.xlsx"])).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "evil" in str(c.value)]
    assert [(c.value, c.data_type) for c in cells] == [('\'=HYPERLINK("http://evil.example")', "s")]
    rows = list(
        csv.reader(io.StringIO(out["calendar/2026-W49.csv"].decode("utf-8-sig")), delimiter=";")
    )
    (row,) = [r for r in rows if "evil" in r[7]]
    assert (row[7], row[8]) == ('\'=HYPERLINK("http://evil.example")', "'+90 312 000 00 00")


def test_same_posts_same_bytes(tmp_path: Path) -> None:
    assert exports(tmp_path / "a") == exports(tmp_path / "b")


def test_only_weeks_near_today_are_exported_and_old_files_go(tmp_path: Path) -> None:
    """Spreadsheets for the weeks within EXPORT_WEEKS of today (and their months); a week that
    leaves the window loses its files and its page its download links."""
    from intake.render.pages import EXPORT_WEEKS
    from intake.render.site import render_site

    ctx = context(tmp_path)
    docs = ctx.config.paths.docs
    render_site(ctx)
    assert (docs / "calendar" / "2026-W48.xlsx").is_file()
    later = replace(ctx, now=ctx.now + timedelta(weeks=EXPORT_WEEKS + 2))
    render_site(later)
    assert not list((docs / "calendar").glob("2026-W4*.*sv")) + list(
        (docs / "calendar").glob("2026-W4*.xlsx")
    )
    assert not (docs / "calendar" / "2026-11.xlsx").exists()
    week = (docs / "calendar" / "2026-W48.md").read_text(encoding="utf-8")
    assert "2026-W48.xlsx" not in week and "tablo olarak indirin" not in week
