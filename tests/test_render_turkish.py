"""Turkish dates, week labels and alphabetical order on the generated pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

from intake.render import turkish
from intake.timeutil import TZ


def test_long_date() -> None:
    assert turkish.long_date(date(2026, 12, 2)) == "2 Aralık 2026 Çarşamba"
    assert turkish.long_date(date(2026, 12, 1)) == "1 Aralık 2026 Salı"
    assert turkish.long_date(date(2027, 2, 14)) == "14 Şubat 2027 Pazar"
    assert turkish.long_date(date(2026, 8, 29)) == "29 Ağustos 2026 Cumartesi"


def test_every_month_and_day_name() -> None:
    assert [turkish.month_name(m) for m in range(1, 13)] == [
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
        "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
    ]  # fmt: skip
    week = [date(2026, 11, 30 + i) if i < 1 else date(2026, 12, i) for i in range(7)]
    assert [turkish.day_name(d) for d in week] == [
        "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar",
    ]  # fmt: skip


def test_date_time_is_in_istanbul() -> None:
    assert turkish.date_time(datetime(2026, 11, 26, 6, 0, tzinfo=TZ)) == (
        "26 Kasım 2026 Perşembe 06:00"
    )
    assert turkish.date_time(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)) == (
        "26 Kasım 2026 Perşembe 09:00"
    )


def test_week_labels_across_months_and_years() -> None:
    assert turkish.week_label("2026-W49") == "49. hafta (30 Kasım – 6 Aralık 2026)"
    assert turkish.week_label("2026-W50") == "50. hafta (7–13 Aralık 2026)"
    assert turkish.week_label("2026-W53") == ("53. hafta (28 Aralık 2026 – 3 Ocak 2027)")
    assert turkish.week_span("2027-W01") == "4–10 Ocak 2027"
    # beside a full label (links to the previous and next week): no year
    assert turkish.week_short("2026-W49") == "49. hafta (30 Kasım – 6 Aralık)"
    assert turkish.week_short("2026-W53") == "53. hafta (28 Aralık 2026 – 3 Ocak)"


def test_turkish_sorting() -> None:
    names = ["İzmir", "Çorum", "Iğdır", "Cizre", "Şile", "Sinop", "Zonguldak", "Ordu", "Ödemiş"]
    assert turkish.tr_sorted(names) == [
        "Cizre", "Çorum", "Iğdır", "İzmir", "Ordu", "Ödemiş", "Sinop", "Şile", "Zonguldak",
    ]  # fmt: skip
    assert sorted(names) != turkish.tr_sorted(names)  # code-point order is wrong for Turkish
    units = [("b", "İDB"), ("a", "IKDB"), ("c", "ÇYDB"), ("d", "CBDB")]
    assert [u[1] for u in turkish.tr_sorted(units, key=lambda u: u[1])] == [
        "CBDB", "ÇYDB", "IKDB", "İDB",
    ]  # fmt: skip
