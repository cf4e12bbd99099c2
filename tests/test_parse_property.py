"""Property tests: no input makes receive() raise, and none reaches the parser-error guard
(an exception inside the parser is a bug we want to see here, not in quarantine)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.config import load_config
from intake.outcome import OUTCOMES
from intake.parse import receive
from intake.store import SubmissionStore
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "samples" / "intake.yml")
ARRIVED = datetime(2026, 11, 26, 10, 30, tzinfo=TZ)
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "mail").glob("*.eml"))
SEEDS = [p.read_bytes() for p in FIXTURES if p.stat().st_size < 20_000]
HEAD = (
    b"Authentication-Results: mail.example.gov.tr; dmarc=pass header.from=ghgm.example.gov.tr\r\n"
    b"From: <sosyalmedya@ghgm.example.gov.tr>\r\nSubject: HAFTALIK PLAN\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
)


STORE = SubmissionStore(Path("/nonexistent"), {u.id for u in CONFIG.units})


def check(raw: bytes) -> None:
    out = receive(raw, CONFIG, arrived=ARRIVED)
    assert out.outcome in OUTCOMES
    assert out.reason != "parser-error", out.detail
    if out.outcome == "accepted":
        sub = out.submission
        assert sub is not None and sub.items
        for item in sub.items:
            assert item.topic and "\x00" not in item.topic and "\u202e" not in item.topic
        # What the pipeline writes reads back as the same submission (the store's own check).
        back = STORE.parse(STORE.render(sub), "fuzz")
        assert back.to_front_matter() == sub.to_front_matter()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    check(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_body_text_from_a_unit(body: str) -> None:
    check(HEAD + body.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 20_000), st.binary(min_size=0, max_size=8)), max_size=6),
    st.integers(0, 20_000),
)
def test_damaged_fixtures_never_raise(
    seed: bytes, edits: list[tuple[int, bytes]], cut: int
) -> None:
    data = bytearray(seed)
    for at, junk in edits:
        at %= max(len(data), 1)
        data[at : at + len(junk)] = junk
    check(bytes(data[: max(cut, len(data) // 2)]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40).map(lambda t: "Konu: " + t)
        | st.text(max_size=40).map(lambda t: "Metin: " + t)
        | st.text(max_size=40).map(lambda t: "Etiketler: " + t)
        | st.text(max_size=40).map(lambda t: "Bağlantı: https://a.example/" + t),
        min_size=1,
        max_size=6,
    )
)
def test_unicode_fields_round_trip_through_the_store(lines: list[str]) -> None:
    check(
        HEAD.replace(b"HAFTALIK PLAN", b"DUYURU")
        + "\n".join(lines).encode("utf-8", errors="surrogatepass")
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Tarih: 02.12.2026",
                "Saat: 10:30",
                "Konu: A",
                "Metin:",
                "---",
                "",
                ">x",
                "Platform: X, fb",
                "Bağlantı: https://a.example/",
                "Hafta: 49",
                "Tür: öneri",
                "1. 02.12.2026 10:30 X – B",
                "-- ",
                "Tarih\tKonu",
                "03.12.2026\tC",
                "Kimden: a",
                "Gönderildi: b",
                "Görsel: a.jpg",
                "Paylaşım: BKN-1 https://b/",
            ]
        ),
        max_size=30,
    )
)
def test_field_soup(lines: list[str]) -> None:
    check(HEAD + "\n".join(lines).encode())


MONTHS_TR = (
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
)
DAYS_TR = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 11, 30)),
    st.integers(0, 5),
    st.sampled_from([str, str.upper, str.lower]),
)
def test_every_written_form_of_a_date_reads_back(day: date, form: int, case: Any) -> None:
    from intake.parse.dates import parse_date
    from intake.textnorm import tr_lower, tr_upper

    written = [
        f"{day:%d.%m.%Y}",
        f"{day.day}.{day.month}.{day.year}",
        day.isoformat(),
        f"{day:%d/%m/%Y}",
        f"{day.day} {MONTHS_TR[day.month - 1]} {day.year}",
        f"{day.day} {MONTHS_TR[day.month - 1]} {day.year} {DAYS_TR[day.weekday()]}",
    ][form]
    written = {str.upper: tr_upper, str.lower: tr_lower}.get(case, str)(written)
    assert parse_date(written, date(2026, 11, 26)) == day


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(__import__("intake.parse.items", fromlist=["x"]).PLATFORM_ALIASES)),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([", ", " ve ", " / ", ",", "; "]),
)
def test_platform_aliases_always_map_to_canonical_names(names: list[str], sep: str) -> None:
    from intake.model import PLATFORMS
    from intake.parse.items import PLATFORM_ALIASES, platforms_of
    from intake.textnorm import tr_upper

    found, unknown = platforms_of(
        sep.join(tr_upper(n) if i % 2 else n for i, n in enumerate(names))
    )
    assert unknown == []
    assert found == list(dict.fromkeys(PLATFORM_ALIASES[n] for n in names))
    assert set(found) <= set(PLATFORMS)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(__import__("intake.parse.body", fromlist=["x"]).NAME_TO_FIELD.items())),
    st.sampled_from(["upper", "lower", "title", "tr_upper"]),
    st.sampled_from([":", " :", "：", ":  "]),
)
def test_field_names_in_any_case_are_recognised(
    pair: tuple[str, str], case: str, colon: str
) -> None:
    from intake.parse.body import match_field
    from intake.textnorm import tr_upper

    name, key = pair
    written = {
        "upper": name.upper(),
        "lower": name,
        "title": name.title(),
        "tr_upper": tr_upper(name),
    }[case]
    found = match_field(f"{written}{colon} değer")
    assert found is not None and found[0] == key and found[2] == "değer"
