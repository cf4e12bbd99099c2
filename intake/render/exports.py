"""The week's and the month's posts as spreadsheets: ``calendar/<week>.csv|xlsx`` and
``calendar/<YYYY-MM>.csv|xlsx``, linked from the calendar pages (the units and the office live
in Excel).

Turkish headers, one row per post in calendar order. CSV is what Turkish Excel opens cleanly
(``;``-separated, UTF-8 with BOM, CRLF); XLSX is written by openpyxl with fixed timestamps, so
the same posts give the same bytes. A cell that a spreadsheet would read as a formula (``=``,
``+``, ``-``, ``@`` first) starts with an apostrophe instead: posts are text, never formulas.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta

from intake.render import markup, turkish
from intake.render.context import SiteContext
from intake.render.directory import workbook_bytes
from intake.render.pages import POST_STATUS
from intake.schedule import Post
from intake.timeutil import week_monday

COLUMNS = (
    "Tarih",
    "Gün",
    "Saat",
    "Birim",
    "Birim adı",
    "Tür",
    "Platformlar",
    "Konu",
    "Metin",
    "Etiketler",
    "Bağlantı",
    "Görseller",
    "Durum",
)
WIDTHS = (11, 10, 6, 9, 36, 14, 22, 40, 60, 26, 36, 30, 14)
TYPES = {"plan": "Haftalık plan", "proposal": "İçerik önerisi", "announcement": "Duyuru"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A cell: no control or invisible characters (XLSX cannot hold them), never a formula."""
    value = markup.clean(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def rows(ctx: SiteContext, posts: Iterable[Post]) -> list[tuple[str, ...]]:
    """One tuple of cells per post, in the order of :data:`COLUMNS`."""
    units = {u.id: u for u in ctx.config.units}
    out = []
    for post in posts:
        item, sub = post.item, post.submission
        unit = units.get(sub.unit)
        if post.stopped:
            status = POST_STATUS["stopped"]
        elif sub.status == "received":
            status = POST_STATUS["planned"]
        else:
            status = POST_STATUS.get(sub.status, "")
        cells = (
            f"{post.day:%d.%m.%Y}",
            turkish.day_name(post.day),
            item.time or "",
            unit.label if unit else sub.unit.upper(),
            unit.name if unit else sub.unit,
            TYPES.get(sub.type, sub.type),
            ", ".join(item.platforms),
            item.topic,
            item.text,
            " ".join("#" + t.lstrip("#") for t in item.tags),
            item.link or "",
            ", ".join(item.images),
            status,
        )
        out.append(tuple(_text(c) for c in cells))
    return out


def to_csv(table: Sequence[tuple[str, ...]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def to_xlsx(table: Sequence[tuple[str, ...]], title: str) -> bytes:
    """One sheet "Paylaşımlar": bold header row (frozen), the posts as text cells. Written in
    openpyxl's write-only mode: half the time of a normal workbook, on years of weeks."""
    from openpyxl import Workbook  # imported lazily: only the exports need it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Paylaşımlar")
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for values in table:  # text only: _text() keeps anything formula-like from being one
        ws.append(list(values))
    return workbook_bytes(wb, title)


def exported_months(weeks: Iterable[str]) -> list[str]:
    """The months (``YYYY-MM``) that ``weeks`` touch: those get a month export."""
    months: set[str] = set()
    for week in weeks:
        monday = week_monday(week)
        months.update(f"{d:%Y-%m}" for d in (monday, monday + timedelta(days=6)))
    return sorted(months)


def export_files(ctx: SiteContext, weeks: Iterable[str]) -> dict[str, bytes]:
    """``calendar/<week>.csv|xlsx`` for each of ``weeks`` and ``calendar/<YYYY-MM>.csv|xlsx``
    for each month they touch."""
    by_week: dict[str, list[Post]] = defaultdict(list)
    by_month: dict[str, list[Post]] = defaultdict(list)
    for post in ctx.posts:
        by_week[post.week].append(post)
        by_month[f"{post.day:%Y-%m}"].append(post)
    out: dict[str, bytes] = {}
    weeks = list(weeks)
    for week in weeks:
        table = rows(ctx, by_week.get(week, ()))
        out[f"calendar/{week}.csv"] = to_csv(table)
        out[f"calendar/{week}.xlsx"] = to_xlsx(
            table, f"Paylaşım takvimi: {turkish.week_label(week)}"
        )
    for month in exported_months(weeks):
        table = rows(ctx, by_month.get(month, ()))
        label = f"{turkish.month_name(int(month[5:]))} {month[:4]}"
        out[f"calendar/{month}.csv"] = to_csv(table)
        out[f"calendar/{month}.xlsx"] = to_xlsx(table, f"Paylaşım takvimi: {label}")
    return out
