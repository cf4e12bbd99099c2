"""Plans as tables: CSV (also ';'-separated windows-1254 from Turkish Excel, with or without a
BOM), XLSX (openpyxl, read-only, values only) and tables pasted into the mail (HTML/Excel).

The header row is matched with the same field-name folding as body fields.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time

from intake.parse.body import RawItem, Value, field_of
from intake.parse.dates import FieldError

MAX_ROWS = 5_000
MAX_XLSX_UNPACKED = 50_000_000


def header_map(cells: list[str]) -> dict[int, tuple[str, str]] | None:
    """Column index → (field, name as written) when ``cells`` is a header row of field names."""
    found: dict[int, tuple[str, str]] = {}
    for i, cell in enumerate(cells):
        name = (
            re.sub(r"\([^)]*\)", " ", cell).strip().strip("*:").strip()
        )  # "Platform(lar)", "Saat (SS:DD)"
        key = field_of(name) if name else None
        if key is not None and key not in {k for k, _ in found.values()}:
            found[i] = (key, name)
    keys = {k for k, _ in found.values()}
    if len(found) >= 2 and keys & {"topic", "date"}:
        return found
    return None


def rows_to_items(rows: list[tuple[int, list[str]]], source: str) -> list[RawItem] | None:
    """Items from numbered rows; None when no header row is found in the first 10 rows."""
    header: dict[int, tuple[str, str]] | None = None
    items: list[RawItem] = []
    for index, (number, cells) in enumerate(rows):
        if header is None:
            if index >= 10:
                return None
            header = header_map(cells)
            continue
        if not any(c.strip() for c in cells):
            continue
        item = RawItem(line=number, source=source, row_form=True)
        for col, (key, name) in header.items():
            if col < len(cells) and cells[col].strip():
                item.fields[key] = Value(name, cells[col].strip(), number)
        if item.fields:
            items.append(item)
    if header is None:
        return None
    return items


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def pipe_tables(
    lines: list[tuple[int, str]],
) -> tuple[list[RawItem], list[tuple[int, str]]]:
    """Plain-text tables ("| Tarih | Saat | Konu |" and a header row of field names) among the
    numbered lines: (their items, the other lines). A run of "|" lines without a header row is
    left to the line reader."""
    items: list[RawItem] = []
    rest: list[tuple[int, str]] = []
    run: list[tuple[int, list[str]]] = []
    kept: list[tuple[int, str]] = []

    def close() -> None:
        table = rows_to_items(run, "") if run and header_map(run[0][1]) else None
        if table is None:
            rest.extend(kept)
        else:
            for item in table:
                item.source = ""  # a body table: problems name the body's lines
            items.extend(table)
        run.clear()
        kept.clear()

    previous = -1
    for number, line in lines:
        stripped = line.strip()
        if stripped.startswith("|") or "|" in stripped.strip("|"):
            if run and number != previous + 1:
                close()
            previous = number
            kept.append((number, line))
            if not _PIPE_RULE.match(stripped):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                run.append((number, cells))
            continue
        close()
        rest.append((number, line))
    close()
    return items, rest


def _decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1254", errors="replace")


def read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode_csv(data).replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                break
            rows.append((number, row))
    except csv.Error as exc:
        raise FieldError("bad-attachment", f"CSV okunamadı ({exc}).") from None
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise FieldError("bad-attachment", "XLSX dosyası açıldığında çok büyük.")
    except zipfile.BadZipFile:
        raise FieldError(
            "bad-attachment", "XLSX dosyası bozuk ya da gerçek bir Excel dosyası değil."
        ) from None
    import openpyxl  # imported lazily: it is slow to import and only plans as XLSX need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FieldError(
            "bad-attachment", f"XLSX dosyası açılamadı ({type(exc).__name__})."
        ) from None
    rows: list[tuple[int, list[str]]] = []
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FieldError("bad-attachment", "XLSX dosyasında sayfa yok.")
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                break
            rows.append((number, [_cell(v) for v in row]))
    except FieldError:
        raise
    except Exception as exc:
        raise FieldError(
            "bad-attachment", f"XLSX dosyası okunamadı ({type(exc).__name__})."
        ) from None
    finally:
        book.close()
    return rows
