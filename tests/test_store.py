"""The store: front matter written by a YAML emitter, validated on read by the same schema."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import intake.store as store_module
from intake.errors import SubmissionFileError
from intake.model import PLATFORMS, Item, Submission
from intake.store import SubmissionStore, atomic_write, dump_yaml, load_yaml
from intake.timeutil import TZ


def make_submission(**changes: object) -> Submission:
    base: dict[str, object] = {
        "id": "2026-w49-ghgm-plan-1a2b3c4d",
        "type": "plan",
        "unit": "ghgm",
        "sender": "sosyalmedya@ghgm.example.gov.tr",
        "subject": "Haftalık Paylaşım Planı – 49. hafta",
        "received": datetime(2026, 11, 27, 16, 5, tzinfo=TZ),
        "message_id": "<plan-49@ghgm.example.gov.tr>",
        "week": "2026-W49",
        "status": "received",
        "items": (
            Item(
                topic="Gençlik kampları başvuruları başladı",
                date=date(2026, 12, 2),
                time="10:30",
                platforms=("X", "Instagram"),
                text="Başvurular 15 Aralık'a kadar.\n\nAyrıntılar: gsb.gov.tr",
                link="https://genclik.example.gov.tr/kamplar",
                tags=("gençlik", "kamp"),
            ),
        ),
    }
    base.update(changes)
    return Submission(**base)  # type: ignore[arg-type]


def test_written_file_has_the_exact_front_matter(tmp_path: Path) -> None:
    store = SubmissionStore(tmp_path)
    path = store.write(make_submission())
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "id: 2026-w49-ghgm-plan-1a2b3c4d\n"
        "type: plan\n"
        "unit: ghgm\n"
        "sender: sosyalmedya@ghgm.example.gov.tr\n"
        "subject: Haftalık Paylaşım Planı – 49. hafta\n"
        "received: 2026-11-27T16:05:00+03:00\n"
        "message_id: <plan-49@ghgm.example.gov.tr>\n"
        "week: 2026-W49\n"
        "status: received\n"
        "items:\n"
        "- date: 2026-12-02\n"
        "  time: '10:30'\n"
        "  platforms:\n"
        "  - X\n"
        "  - Instagram\n"
        "  topic: Gençlik kampları başvuruları başladı\n"
        "  text: |-\n"
        "    Başvurular 15 Aralık'a kadar.\n"
        "\n"
        "    Ayrıntılar: gsb.gov.tr\n"
        "  link: https://genclik.example.gov.tr/kamplar\n"
        "  tags:\n"
        "  - gençlik\n"
        "  - kamp\n"
        "  images: []\n"
        "---\n"
    )


def test_read_back_equals_written(tmp_path: Path) -> None:
    store = SubmissionStore(tmp_path)
    sub = make_submission()
    assert store.read(store.write(sub)) == sub


def test_same_submission_same_bytes_and_mtime_kept(tmp_path: Path) -> None:
    store = SubmissionStore(tmp_path)
    path = store.write(make_submission())
    first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    store.write(make_submission())
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == mtime


def test_yaml_breakers_in_subject_stay_data(tmp_path: Path) -> None:
    """A subject crafted to end the front matter or add keys must come back as the same text."""
    nasty = 'x\n---\nstatus: approved\nid: evil: ["&*a !!python/object"]'
    sub = make_submission(subject=nasty)
    store = SubmissionStore(tmp_path)
    back = store.read(store.write(sub))
    assert back.subject == nasty
    assert back.status == "received"


def test_unknown_key_and_bad_values_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(
        "---\nid: X!\ntype: memo\nunit: ghgm\nsender: a@b.c\nreceived: 2026-11-27T16:05:00+03:00\n"
        "week: 2026-W60\nstatus: done\nitems:\n- topic: ''\n  time: '25:00'\nextra: 1\n---\n",
        encoding="utf-8",
    )
    with pytest.raises(SubmissionFileError) as info:
        SubmissionStore(tmp_path).read(path)
    wheres = [p.where.split(": ", 1)[1] for p in info.value.problems]
    assert wheres == ["extra", "id", "type", "status", "week", "items[0].topic", "items[0].time"]
    assert all(p.fix for p in info.value.problems)


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    assert atomic_write(target, "bir") is True
    assert atomic_write(target, "bir") is False
    assert atomic_write(target, "iki") is True
    assert target.read_text(encoding="utf-8") == "iki"
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200
)


@settings(max_examples=150, deadline=None)
@given(
    subject=texts,
    topic=texts.filter(lambda s: s.strip() != ""),
    text=texts,
    tags=st.lists(texts, max_size=4),
    platforms=st.lists(st.sampled_from(PLATFORMS), unique=True, max_size=4),
)
def test_front_matter_round_trip(
    subject: str, topic: str, text: str, tags: list[str], platforms: list[str]
) -> None:
    """Any text a unit sends survives dump → load unchanged (property)."""
    item = Item(
        topic=topic.strip(),
        date=date(2026, 12, 2),
        platforms=tuple(platforms),
        text=text,
        tags=tuple(tags),
    )
    sub = make_submission(subject=subject, items=(item,))
    data = load_yaml(dump_yaml(sub.to_front_matter()))
    back, problems = Submission.from_front_matter(data)
    assert problems == []
    assert back == sub


def test_atomic_write_makes_world_readable_files(tmp_path: Path) -> None:
    """Regression: mkstemp's 0600 made docs/calendar/*.ics unreadable to a web server serving docs/."""
    target = tmp_path / "feed.ics"
    atomic_write(target, b"x")
    assert target.stat().st_mode & 0o777 == 0o644


long_texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
).map(lambda s: s * 250)  # up to 15,000 characters: past the emitter's line width


@settings(max_examples=120, deadline=None)
@given(
    sender=texts,
    subject=texts,
    message_id=texts,
    notes=st.lists(texts, max_size=3),
    topic=texts.filter(lambda s: s.strip() != ""),
    text=st.one_of(texts, long_texts),
    tags=st.lists(texts, max_size=4),
    reshare=st.one_of(st.none(), texts),
)
def test_written_file_reads_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    sender: str,
    subject: str,
    message_id: str,
    notes: list[str],
    topic: str,
    text: str,
    tags: list[str],
    reshare: str | None,
) -> None:
    """``write`` validates the mapping, not the YAML it emits: whatever text a submission holds,
    the file it writes reads back equal (property, through the real files)."""
    item = Item(
        topic=topic.strip(),
        date=date(2026, 12, 2),
        time="09:05",
        text=text,
        tags=tuple(tags),
        reshare_of=reshare,
        reshare_url=reshare,
    )
    sub = make_submission(
        sender=sender,
        subject=subject,
        message_id=message_id,
        notes=tuple(notes),
        items=(item, make_submission().items[0]),
        supersedes=("2026-w49-ghgm-plan-00000000",),
    )
    store = SubmissionStore(tmp_path_factory.mktemp("store"))
    path = store.write(sub)
    back = store.read(path)
    assert back == sub
    assert back.to_front_matter() == sub.to_front_matter()
    assert store.render(back) == path.read_text(encoding="utf-8")


def test_sync_folders_fsyncs_each_folder_once_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync
    monkeypatch.setattr(
        os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd)
    )
    (tmp_path / "a").mkdir()
    store_module.sync_folders([tmp_path, tmp_path / "a"])
    assert synced == [str(tmp_path), str(tmp_path / "a")]
    with pytest.raises(FileNotFoundError):
        store_module.sync_folders([tmp_path / "missing"])
