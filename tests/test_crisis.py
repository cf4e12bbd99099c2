"""Crisis notice: which posts a crisis stops, and how a bad notice is refused."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from intake.crisis import matches_topics, parse_crisis
from intake.errors import CrisisError
from intake.model import Item
from intake.timeutil import TZ


def notice(front: str) -> str:
    return f"---\n{front}---\nMetin.\n"


def post(
    day: int,
    hhmm: str | None = "10:00",
    topic: str = "Gençlik kampı",
    text: str = "",
    tags: tuple[str, ...] = (),
) -> Item:
    return Item(topic=topic, date=date(2026, 12, day), time=hhmm, text=text, tags=tags)


NATIONAL = notice(
    "crisis:\n  active: true\n  scope: national\n  since: 2026-12-02T09:00:00+03:00\n  title: Deprem\n"
)


def test_national_crisis_stops_every_post_from_since_on() -> None:
    c = parse_crisis(NATIONAL)
    assert c.active is not None
    assert c.stopped_by(post(2, "08:59")) is None
    assert c.stopped_by(post(2, "09:00")) is c.current
    assert c.stopped_by(post(9, "18:00")) is c.current


def test_untimed_post_on_the_first_day_is_stopped() -> None:
    """A post with no time may go out any time that day, so it overlaps a crisis that began at 09:00."""
    assert parse_crisis(NATIONAL).stopped_by(post(2, None)) is not None
    assert parse_crisis(NATIONAL).stopped_by(post(1, None)) is None


def test_field_crisis_stops_only_matching_posts_turkish_aware() -> None:
    c = parse_crisis(
        notice(
            "crisis:\n  active: true\n  scope: field\n  topics: [deprem, 'orman yangını']\n"
            "  since: 2026-12-01T00:00:00+03:00\n  title: Deprem\n"
        )
    )
    assert c.stopped_by(post(3, topic="DEPREMİN ardından gençlere çağrı")) is not None
    assert (
        c.stopped_by(post(3, topic="Kamp", text="Orman yangını bölgesinde gönüllüler")) is not None
    )
    assert c.stopped_by(post(3, topic="Kamp", tags=("Deprem",))) is not None
    assert c.stopped_by(post(3, topic="Yurt başvuruları")) is None


def test_ended_crisis_keeps_its_window_marked() -> None:
    c = parse_crisis(
        notice(
            "crisis:\n  active: false\n  scope: national\n  since: 2026-12-02T09:00:00+03:00\n"
            "  until: 2026-12-04T18:00:00+03:00\n  title: Deprem\n"
        )
    )
    assert c.active is None
    assert c.stopped_by(post(3)) is not None
    assert c.stopped_by(post(4, "18:00")) is not None
    assert c.stopped_by(post(4, "18:01")) is None
    assert c.stopped_by(post(5)) is None


def test_inactive_without_until_marks_nothing() -> None:
    c = parse_crisis(
        notice("crisis:\n  active: false\n  scope: national\n  since: 2026-12-02T09:00:00+03:00\n")
    )
    assert c.stopped_by(post(3)) is None


def test_past_crises_still_mark_their_posts() -> None:
    c = parse_crisis(
        notice(
            "crisis:\n  active: false\npast:\n- scope: field\n  topics: [sel]\n"
            "  since: 2026-12-01T00:00:00+03:00\n  until: 2026-12-03T00:00:00+03:00\n  title: Sel\n"
        )
    )
    assert c.stopped_by(post(2, topic="Sel bölgesine yardım")) is not None


@pytest.mark.parametrize(
    ("front", "where", "fix_word"),
    [
        (
            "crisis:\n  active: yes please\n  scope: national\n  since: 2026-12-02T09:00:00+03:00\n  title: T\n",
            "crisis.active",
            "active: true",
        ),
        (
            "crisis:\n  active: true\n  scope: everywhere\n  since: 2026-12-02T09:00:00+03:00\n  title: T\n",
            "crisis.scope",
            "scope: national",
        ),
        ("crisis:\n  active: true\n  scope: national\n  title: T\n", "crisis.since", "since:"),
        (
            "crisis:\n  active: true\n  scope: field\n  since: 2026-12-02T09:00:00+03:00\n  title: T\n",
            "crisis.topics",
            "topics:",
        ),
        (
            "crisis:\n  active: true\n  scope: national\n  since: 2026-12-02T09:00:00+03:00\n",
            "crisis.title",
            "title:",
        ),
        (
            "crisis:\n  active: true\n  scope: national\n  since: dün\n  title: T\n",
            "crisis.since",
            "since:",
        ),
        (
            "crisis:\n  active: true\n  scope: national\n  since: 2026-12-02T09:00:00+03:00\n"
            "  until: 2026-12-03T09:00:00+03:00\n  title: T\n",
            "crisis.until",
            "active: false",
        ),
    ],
)
def test_invalid_notice_names_the_key_and_the_fix(front: str, where: str, fix_word: str) -> None:
    with pytest.raises(CrisisError) as info:
        parse_crisis(notice(front), "docs/crisis.md")
    problems = info.value.problems
    assert [p.where for p in problems] == [f"docs/crisis.md: {where}"]
    assert fix_word in problems[0].fix


def test_problems_are_in_turkish() -> None:
    """The office edits docs/crisis.md: what is wrong and how to fix it is said in Turkish."""
    english = re.compile(r"\b(must|write|missing|is not|got|remove|known|set|use)\b")
    for front in [
        "crisis:\n  active: maybe\n  scope: everywhere\n  topics: deprem\n  since: dün\n"
        "  until: 2026-12-01T09:00:00+03:00\n  extra: 1\n",
        "crisis:\n  active: true\n  scope: field\n",
        "crisis: 3\npast: 4\nother: 5\n",
    ]:
        with pytest.raises(CrisisError) as info:
            parse_crisis(notice(front), "docs/crisis.md")
        for problem in info.value.problems:
            said = f"{problem.what} {problem.fix}"
            assert not english.search(re.sub(r"`[^`]*`", "", said)), said


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("02.12.2026 08:00", datetime(2026, 12, 2, 8, 0, tzinfo=TZ)),
        ("2.12.2026 8:05", datetime(2026, 12, 2, 8, 5, tzinfo=TZ)),
        ("02.12.2026", datetime(2026, 12, 2, 0, 0, tzinfo=TZ)),
        ("2026-12-02T08:00:00+03:00", datetime(2026, 12, 2, 8, 0, tzinfo=TZ)),
    ],
)
def test_since_in_the_units_date_format(written: str, moment: datetime) -> None:
    front = f"crisis:\n  active: true\n  scope: national\n  since: {written}\n  title: T\n"
    current = parse_crisis(notice(front), "docs/crisis.md").current
    assert current is not None and current.since == moment


def test_impossible_turkish_date_is_refused() -> None:
    front = "crisis:\n  active: true\n  scope: national\n  since: 31.02.2026 08:00\n  title: T\n"
    with pytest.raises(CrisisError) as info:
        parse_crisis(notice(front), "docs/crisis.md")
    assert "“31.02.2026 08:00” bir tarih ve saat değil" in str(info.value)
    assert "GG.AA.YYYY SS:DD" in info.value.problems[0].fix


def test_title_with_a_colon_says_to_quote_it() -> None:
    front = "crisis:\n  active: true\n  scope: national\n  title: Deprem: paylaşımlar durdu\n"
    with pytest.raises(CrisisError) as info:
        parse_crisis(notice(front), "docs/crisis.md")
    (problem,) = info.value.problems
    assert problem.where == "docs/crisis.md:5"  # the title's line in the file
    assert "iki nokta üst üste" in problem.what
    assert problem.fix == 'değeri çift tırnak içine alın: `title: "Deprem: paylaşımlar durdu"`'
    # and quoted as told, it is read
    quoted = front.replace("title: Deprem: paylaşımlar durdu", 'title: "Deprem: paylaşımlar durdu"')
    quoted = quoted.replace("title:", "since: 02.12.2026 08:00\n  title:")
    current = parse_crisis(notice(quoted), "docs/crisis.md").current
    assert current is not None and current.title == "Deprem: paylaşımlar durdu"


def test_the_notice_comment_shows_the_formats_it_accepts() -> None:
    """docs/crisis.md's own instructions: a quoted title and a GG.AA.YYYY SS:DD time, which the
    parser accepts as written there."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "crisis.md").read_text("utf-8")
    example = text.split("  crisis:\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r'title: "[^"]+"', example), example
    assert re.search(r"since: \d\d\.\d\d\.\d{4} \d\d:\d\d", example), example
    front = "crisis:\n" + "\n".join(line[2:] for line in example.splitlines()) + "\n"  # as is
    current = parse_crisis(notice(front), "docs/crisis.md").current
    assert current is not None and current.active and current.since is not None


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(CrisisError) as info:
        parse_crisis("---\ncrisis:\n  active: true\n   scope: [\n---\n", "docs/crisis.md")
    assert info.value.problems[0].where.startswith("docs/crisis.md:")


def test_topic_matching_folds_case_and_diacritics() -> None:
    assert matches_topics(["GENÇLİK"], ["gençlik kampı"])
    assert matches_topics(["genclik"], ["GENÇLİK"])
    assert not matches_topics(["deprem"], ["önlem"])
