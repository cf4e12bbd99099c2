"""Plans written one post per line, as people write them (intake/parse/lines.py): the fixture
mails of tests/fixtures/lines/ (Outlook, Gmail, iPhone; windows-1254 too) with their exact items
or problems, single lines, and a property: a plan written out in any line form reads back the
same."""

from __future__ import annotations

import io
import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.cli import main
from intake.config import Config, load_config
from intake.explain import explain, format_explanation
from intake.parse import lines, receive
from intake.parse.items import Problems, check_item
from intake.parse.lines import line_item, no_year, range_week, read_lines, subject_week
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
LINES = ROOT / "tests" / "fixtures" / "lines"
ARRIVED = datetime(2026, 12, 3, 12, 0, tzinfo=TZ)  # a Thursday of 2026-W49; plans for W50
REF = ARRIVED.date()
MON = date(2026, 12, 7)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "samples" / "intake.yml")


def _d(offset: int) -> date:
    return MON + timedelta(days=offset)


# file → the exact items: (date, time, platforms, topic)
ACCEPTED: dict[str, list[tuple[date, str | None, tuple[str, ...], str]]] = {
    "heading-weekday-and-date-outlook.eml": [
        (_d(0), "10:00", ("X", "Instagram"), "Gençlik kampı başvuruları başladı"),
        (_d(0), "15:30", ("Facebook",), "Kamp tanıtım videosu"),
        (_d(1), "11:00", ("LinkedIn",), "Staj programı duyurusu"),
        (_d(2), None, ("YouTube",), "Gençlik konseri kaydı"),
    ],
    "heading-bold-weekdays-gmail.eml": [
        (_d(0), "10:00", ("X",), "Amatör lig fikstürü açıklandı"),
        (_d(1), "14:00", ("Instagram", "Facebook"), "Kış spor okulları"),
        (_d(3), "09:30", ("YouTube",), "Milli takım antrenmanı canlı"),
    ],
    "weekdays-hafta-line-iphone.eml": [
        (_d(0), "10:00", ("X",), "Kadın kooperatifleri buluşması"),
        (_d(1), "14:30", ("Instagram",), "Aile haftası etkinlikleri"),
        (_d(4), "11:00", ("X", "Instagram"), "Gönüllü anneler programı"),
    ],
    "weekdays-range-outlook.eml": [
        (_d(0), "10:00", ("X",), "Gönüllülük ödülleri başvuruları"),
        (_d(2), "16:00", ("Facebook",), "Gençlik merkezleri atölyeleri"),
        (_d(5), "12:00", ("Instagram",), "Hafta sonu doğa yürüyüşü"),
    ],
    "separators-and-order-gmail.eml": [
        (_d(0), "10:00", ("X", "Instagram"), "Gençlik kampı tanıtımı"),
        (_d(1), "14:00", ("Facebook",), "Bilim şenliği başvuruları"),
        (_d(2), "10:00", ("X", "Instagram"), "Satranç turnuvası sonuçları"),
        (_d(3), "20:00", ("YouTube",), "Gençlik konseri"),
        (_d(4), "09:00", ("LinkedIn",), "Staj fırsatları"),
    ],
    "dates-and-times-outlook-1254.eml": [
        (_d(0), "10:00", ("X",), "Kış spor okulları kayıtları"),
        (_d(1), "14:00", ("Instagram",), "Spor bilimleri semineri"),
        (_d(2), "11:00", ("Facebook",), "Amatör spor haftası"),
        (_d(3), "16:00", ("YouTube",), "Maç özeti"),
    ],
    "table-pipes-gmail.eml": [
        (_d(0), "10:00", ("X", "Instagram"), "Aile destek hattı tanıtımı"),
        (_d(2), "14:00", ("Facebook",), "Kadın girişimciler söyleşisi"),
    ],
    "table-tabs-from-excel-outlook.eml": [
        (_d(1), "10:30", ("X",), "Gençlik meclisi toplantısı"),
        (_d(3), None, ("Instagram", "Facebook"), "Kamp fotoğrafları"),
    ],
    "no-date-lines-are-not-items-iphone.eml": [
        (_d(1), "10:00", ("X",), "Gençlik kampı başvuruları"),
    ],
    "forward-outlook-tr-headers.eml": [
        (_d(1), "10:00", ("X",), "Gençlik meclisi toplantısı"),
        (_d(2), "14:00", ("Instagram",), "Gönüllü buluşması"),
    ],
    "forward-french-headers-gmail.eml": [
        (_d(1), "11:00", ("X",), "Uluslararası turnuva kura çekimi"),
    ],
    "forward-german-headers-outlook.eml": [
        (_d(2), "10:00", ("Facebook",), "Yurt dışındaki ailelere destek programı"),
    ],
    "forward-french-outlook-no-fw-subject.eml": [
        (_d(3), "18:00", ("Instagram",), "Paris gençlik buluşması"),
    ],
    "one-line-plan-iphone.eml": [
        (_d(4), "10:00", ("X",), "Gönüllülük haftası kapanışı"),
    ],
}

# file → (reason, the exact Turkish problems)
REJECTED: dict[str, tuple[str, list[str]]] = {
    "ambiguous-lines-outlook.eml": (
        "bad-date",
        [
            "1. öğe, “Tarih” alanı, satır 4: “9.10” hem tarih (09.10.2027) hem saat (09:10) "
            "olarak okunabilir. Tarihi yılıyla (örneğin 09.10.2027), saati iki noktayla (örneğin "
            "09:10) yazın.",
            "2. öğe, “Saat” alanı, satır 5: Satırda birden çok saat var (“10:00”, “14:00”); "
            "hangisinde paylaşılacağı belli değil. Tek bir saat yazın (aralık için “10:00-11:00” "
            "olur) ya da paylaşımları ayrı satırlara yazın.",
            "3. öğe, “Tarih” alanı, satır 6: Satırda birden çok tarih ya da gün var (“8 Aralık”, "
            "“9 Aralık”); hangisinin geçerli olduğu belli değil. Her paylaşımı kendi tarihiyle "
            "ayrı bir satıra yazın, örneğin “8 Aralık 10:00 X, Instagram – Gençlik kampı "
            "başvuruları”.",
        ],
    ),
    "weekday-without-week-gmail.eml": (
        "bad-date",
        [
            "1. öğe, “Tarih” alanı, satır 4: “Salı” hangi haftanın günü belli değil: iletide "
            "hafta yazmıyor. Konu satırına ya da gövdenin başına haftayı yazın (örneğin “Hafta: "
            "50”) ya da tarihi yazın (örneğin “Salı 08.12.2026”).",
        ],
    ),
    "one-line-not-a-plan-gmail.eml": (
        "missing-field",
        [
            "1. öğe, “Konu” alanı, satır 1: Metin alanlara ayrılmamış: “Konu:” satırı "
            "bulunamadı. Her öğeyi ayrı satırlarda “Tarih:”, “Saat:”, “Platform:”, “Konu:”, "
            "“Metin:” diye başlayarak yazın (sitedeki hazır şablonu kullanabilirsiniz).",
        ],
    ),
}


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in LINES.glob("*.eml")) == sorted([*ACCEPTED, *REJECTED])


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_fixture_items(name: str, config: Config) -> None:
    out = receive((LINES / name).read_bytes(), config, arrived=ARRIVED)
    assert (out.outcome, out.reason) == ("accepted", "ok"), [str(p) for p in out.problems]
    assert out.submission is not None
    assert out.submission.week == "2026-W50"
    got = [(i.date, i.time, i.platforms, i.topic) for i in out.submission.items]
    assert got == ACCEPTED[name]


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_fixture_problems(name: str, config: Config) -> None:
    out = receive((LINES / name).read_bytes(), config, arrived=ARRIVED)
    reason, problems = REJECTED[name]
    assert (out.outcome, out.reason) == ("rejected", reason)
    assert [str(p) for p in out.problems] == problems


def test_windows_1254_fixture_is_really_windows_1254() -> None:
    raw = (LINES / "dates-and-times-outlook-1254.eml").read_bytes()
    assert b'charset="windows-1254"' in raw and b"=FD" in raw  # "ı" in windows-1254


# ---- single lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("08.12.2026 10:00 X – Konu", ("10:00", ("X",), "Konu")),
        ("Konu – 8 Aralık, saat 10.00 (X)", ("10:00", ("X",), "Konu")),
        ("8 Aralık 10:00'da X ve Instagram: Konu", ("10:00", ("X", "Instagram"), "Konu")),
        ("8/12/2026 10:00-11:00 YouTube — Konu", ("10:00", ("YouTube",), "Konu")),
        ("8 Ara 14.00 Facebook - Konu bir", ("14:00", ("Facebook",), "Konu bir")),
        ("Konu iki 08-12-2026 10:00 X", ("10:00", ("X",), "Konu iki")),
        ("(X, Instagram) 8.12 — Konu", (None, ("X", "Instagram"), "Konu")),
        ("Salı 8 Aralık, X'te: Konu", (None, ("X",), "Konu")),
        ("8 Aralık saat 10'da X – Konu", ("10:00", ("X",), "Konu")),
        ("📌 8 Aralık 14:30 Instagram – Konu", ("14:30", ("Instagram",), "Konu")),
    ],
)
def test_one_line_forms(line: str, expected: tuple[str | None, tuple[str, ...], str]) -> None:
    raw = line_item(line, 1, REF)
    assert raw is not None
    problems: Problems = []
    checked = check_item(raw, 1, "plan", REF, problems)
    assert problems == [] and checked is not None
    item = checked.item
    assert (item.date, item.time, item.platforms, item.topic) == (date(2026, 12, 8), *expected)


@pytest.mark.parametrize(
    "line",
    [
        "Merhaba, planımız aşağıdadır:",
        "Görseller Cuma günü X ve Instagram için hazır olacak.",  # a weekday in prose
        "5 Aralık Dünya Gönüllüler Günü için içerik öneriyoruz.",
        "Toplantı 10:00'da başlayacak.",  # a time, no date
        "8 Aralık 10:00 X",  # no topic
    ],
)
def test_lines_that_are_not_items(line: str) -> None:
    assert line_item(line, 1, REF) is None


def test_topic_on_the_next_line_and_a_heading_with_words() -> None:
    numbered = [
        (3, "8 Aralık Salı günü paylaşımlarımız:"),
        (4, "- 10:00 X – Staj programı"),
        (6, "9 Aralık 14:00 Instagram"),
        (7, "Kamp tanıtım videosu"),
        (8, "10 Aralık 15:00 Facebook"),  # no topic below it: not an item
        (10, "Saygılarımla"),
    ]
    reading = read_lines(numbered, REF, None)
    assert reading.headings == [3]
    got = [
        (i.fields["date"].day, i.fields["topic"].text, i.line, i.fields["topic"].line)
        for i in reading.items
    ]
    assert got == [
        (date(2026, 12, 8), "Staj programı", 4, 4),
        (date(2026, 12, 9), "Kamp tanıtım videosu", 6, 7),
    ]


def test_a_date_without_a_year_is_the_nearest_not_long_past() -> None:
    assert no_year(8, 12, REF) == date(2026, 12, 8)
    assert no_year(20, 11, REF) == date(2026, 11, 20)  # 13 days ago: a late plan, kept
    assert no_year(5, 1, REF) == date(2027, 1, 5)
    assert no_year(9, 10, REF) == date(2027, 10, 9)  # 55 days ago is long past
    assert no_year(30, 2, REF) is None


def test_weeks_from_subject_field_and_range() -> None:
    assert subject_week("HAFTALIK PLAN – 50. hafta", REF) == MON
    assert subject_week("Haftalık plan (Hafta 50)", REF) == MON
    assert subject_week("HAFTALIK PLAN 2026-W50", REF) == MON
    assert subject_week("HAFTALIK PLAN 7-13 Aralık", REF) == MON
    assert subject_week("HAFTALIK PLAN", REF) is None
    assert lines.field_week("50", REF) == MON
    assert (
        lines.field_week("8–14 Aralık 2026", REF) == MON
    )  # a range starts the week of its first day
    assert range_week("07.12.2026 - 13.12.2026", REF) == MON
    assert range_week("Planımız ektedir", REF) is None


# ---- the property: any line form reads back the same ------------------------------------------

TOPICS = (
    "Gençlik kampı başvuruları başladı",
    "Gönüllülük haftası etkinlikleri",
    "Kış spor okulları kayıtları",
    "Bilim şenliği",
    "Satranç turnuvası sonuçları",
    "Kadın kooperatifleri buluşması",
    "Staj programı duyurusu",
    "Milli takımın başarısı",
)
PLATFORMS = ("X", "Instagram", "Facebook", "YouTube", "LinkedIn", "TikTok", "NSosyal")
MONTH = "Aralık"
DAYS_TR = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")

_item = st.tuples(
    st.integers(0, 6),  # the day of W50
    st.one_of(st.none(), st.tuples(st.integers(7, 22), st.sampled_from((0, 15, 30, 45)))),
    st.lists(st.sampled_from(PLATFORMS), min_size=1, max_size=3, unique=True),
    st.sampled_from(TOPICS),
)


@st.composite
def _written(
    draw: st.DrawFn,
) -> tuple[str, str, list[tuple[date, str | None, tuple[str, ...], str]]]:
    items = draw(st.lists(_item, min_size=1, max_size=6))
    mode = draw(st.sampled_from(("inline", "weekday", "heading")))
    week_line = draw(st.sampled_from(("Hafta: 50", "7–13 Aralık 2026 planı", "subject")))
    subject = "HAFTALIK PLAN"
    head: list[str] = ["Merhaba,", ""]
    if mode == "weekday" or (mode == "heading" and draw(st.booleans())):
        if week_line == "subject":
            subject = "HAFTALIK PLAN – 50. hafta"
        else:
            head += [week_line, ""]
    weekday_headings = mode == "weekday" or subject != "HAFTALIK PLAN" or len(head) > 2
    if mode == "heading":
        items = sorted(items, key=lambda i: i[0])

    def date_text(offset: int) -> str:
        day = _d(offset)
        if mode == "weekday":
            return DAYS_TR[offset]
        return draw(
            st.sampled_from(
                (
                    f"{day:%d.%m.%Y}",
                    f"{day.day}.{day.month}",
                    f"{day.day}/{day.month}/{day.year}",
                    f"{day:%d-%m-%Y}",
                    f"{day.day} {MONTH}",
                    f"{day.day} Ara",
                    f"{day.day} {MONTH} {day.year}",
                    f"{day.day} {MONTH} {DAYS_TR[offset]}",
                )
            )
        )

    def time_text(hm: tuple[int, int]) -> str:
        h, m = hm
        return draw(
            st.sampled_from(
                (
                    f"{h:02d}:{m:02d}",
                    f"saat {h:02d}.{m:02d}",
                    f"{h:02d}:{m:02d}'da",
                    f"{h:02d}:{m:02d}-{h + 1:02d}:{m:02d}",
                    f"{h}.{m:02d}",
                )
            )
        )

    def platforms_text(names: list[str]) -> str:
        joiner = draw(st.sampled_from((", ", " ve ", " / ", ",")))
        if len(names) > 1 and joiner == " ve ":
            text = ", ".join(names[:-1]) + " ve " + names[-1]
        else:
            text = joiner.join(names)
        return f"({text})" if draw(st.booleans()) else text

    body = list(head)
    current: int | None = None
    expected = []
    for offset, hm, names, topic in items:
        expected.append(
            (_d(offset), f"{hm[0]:02d}:{hm[1]:02d}" if hm else None, tuple(names), topic)
        )
        parts = []
        if mode != "heading":
            parts.append(date_text(offset))
        elif current != offset:
            current = offset
            day = _d(offset)
            body.append(
                draw(
                    st.sampled_from(
                        (
                            f"{DAYS_TR[offset]} ({day.day} {MONTH})",
                            f"{day.day} {MONTH} {DAYS_TR[offset]}:",
                            f"{day:%d.%m.%Y}",
                            *(
                                (f"**{DAYS_TR[offset]}**", DAYS_TR[offset])
                                if weekday_headings
                                else ()
                            ),
                        )
                    )
                )
            )
        if hm is not None:
            parts.append(time_text(hm))
        parts.append(platforms_text(names))
        meta = draw(st.permutations(parts))
        glue = draw(st.sampled_from((" ", ", ")))
        meta_text = glue.join(meta)
        if meta_text.endswith(")") or meta_text.startswith("("):
            meta_text = " ".join(meta)  # a bracket is a separator already
        if draw(st.booleans()):
            line = meta_text + draw(st.sampled_from((" – ", " - ", " — ", ": "))) + topic
        else:
            line = topic + draw(st.sampled_from((" – ", " - ", " — ", ", "))) + meta_text
        bullet = draw(st.sampled_from(("", "- ", "• ", "* ")))
        body.append(bullet + line)
    return subject, "\n".join(body) + "\n\nSaygılarımla\n", expected


HEAD = (
    "Authentication-Results: mail.example.gov.tr; dmarc=pass header.from=ghgm.example.gov.tr\r\n"
    "From: <sosyalmedya@ghgm.example.gov.tr>\r\nDate: Thu, 3 Dec 2026 12:00:00 +0300\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_written())
def test_any_line_form_reads_back_the_same(
    written: tuple[str, str, list[tuple[date, str | None, tuple[str, ...], str]]],
) -> None:
    from email.header import Header

    subject, body, expected = written
    raw = (HEAD + f"Subject: {Header(subject, 'utf-8').encode()}\r\n\r\n").encode() + body.replace(
        "\n", "\r\n"
    ).encode()
    out = receive(raw, CONFIG, arrived=ARRIVED)
    assert out.outcome == "accepted", (body, [str(p) for p in out.problems])
    assert out.submission is not None
    got = [(i.date, i.time, i.platforms, i.topic) for i in out.submission.items]
    assert got == expected, body


CONFIG = load_config(ROOT / "samples" / "intake.yml")


# ---- intake explain ---------------------------------------------------------------------------


def _tree(path: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in path.rglob("*") if p.is_file()}


def test_explain_shows_items_with_their_lines(config: Config) -> None:
    raw = (LINES / "heading-weekday-and-date-outlook.eml").read_bytes()
    text = format_explanation(explain(raw, config, ARRIVED))
    assert "outcome:  accepted (ok)" in text
    assert "type:     plan" in text and "unit:     ghgm" in text
    assert "1. 2026-12-07 10:00  X, Instagram  “Gençlik kampı başvuruları başladı”" in text
    # the item's own line and its heading's line
    assert "5 | Pazartesi (7 Aralık)" in text
    assert "6 | - 10:00 X, Instagram – Gençlik kampı başvuruları başladı" in text


def test_explain_a_rejection_names_the_line_and_problem(config: Config) -> None:
    raw = (LINES / "weekday-without-week-gmail.eml").read_bytes()
    text = format_explanation(explain(raw, config, ARRIVED))
    assert "outcome:  rejected (bad-date)" in text
    assert "as written: Saat: 10:00; Platform: X; Konu: Aile haftası açılışı" in text
    assert "4 | - 10:00 X – Aile haftası açılışı" in text
    assert "“Salı” hangi haftanın günü belli değil" in text


def test_explain_cli_reads_a_file_and_stdin_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path = str(ROOT / "samples" / "intake.yml")
    path = LINES / "one-line-plan-iphone.eml"
    before = _tree(ROOT / "samples")
    assert main(["--config", config_path, "explain", str(path)]) == 0
    from_file = capsys.readouterr().out
    assert "11 Aralık 10:00 X – Gönüllülük haftası kapanışı" in from_file
    assert "arrived:  2026-12-03T18:22+03:00" in from_file  # the Date header
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main(["--config", config_path, "explain", "-"]) == 0
    assert capsys.readouterr().out == from_file
    assert _tree(ROOT / "samples") == before


def test_explain_cli_errors_say_how_to_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config_path = str(ROOT / "samples" / "intake.yml")
    assert main(["--config", config_path, "explain", str(tmp_path / "missing.eml")]) == 1
    assert "give the path of a saved .eml message" in capsys.readouterr().err
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    assert main(["--config", config_path, "explain", str(empty)]) == 1
    assert "is empty; give a whole message" in capsys.readouterr().err
    path = str(LINES / "one-line-plan-iphone.eml")
    assert main(["--config", config_path, "explain", "--at", "yarın", path]) == 1
    assert "ISO 8601" in capsys.readouterr().err
    assert os.listdir(tmp_path) == ["empty.eml"]


def test_a_day_month_far_from_the_plan_may_be_a_time() -> None:
    near = line_item("8.12 X – Konu", 1, REF)  # 8 December, five days on: a date
    assert near is not None and near.problems == []
    far = line_item("9.10 X – Konu", 1, REF)  # 9 October 2027, or 09:10 without a date
    assert far is not None
    assert [(code, name) for code, name, _ in far.problems] == [("bad-date", "Tarih")]
    assert "“9.10” hem tarih (09.10.2027) hem saat (09:10)" in far.problems[0][2]
