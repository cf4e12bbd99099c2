"""Crisis notice: which posts a crisis stops, and how a bad notice is refused."""

from __future__ import annotations

from datetime import date

import pytest

from intake.crisis import matches_topics, parse_crisis
from intake.errors import CrisisError
from intake.model import Item


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


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(CrisisError) as info:
        parse_crisis("---\ncrisis:\n  active: true\n   scope: [\n---\n", "docs/crisis.md")
    assert info.value.problems[0].where.startswith("docs/crisis.md:")


def test_topic_matching_folds_case_and_diacritics() -> None:
    assert matches_topics(["GENÇLİK"], ["gençlik kampı"])
    assert matches_topics(["genclik"], ["GENÇLİK"])
    assert not matches_topics(["deprem"], ["önlem"])
