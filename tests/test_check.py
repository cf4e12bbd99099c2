"""``intake check``: every problem in the hand-edited files, one line each, naming file and key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from intake.check import check
from intake.cli import main
from intake.config import Config, load_config
from intake.model import Decision, Item, Submission
from intake.store import SubmissionStore
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent

CONFIG = """\
mailbox: {maildir: mailbox}
office: {name: SİİD, addresses: [siid@example.gov.tr]}
authentication: {authserv_id: mail.example.gov.tr}
units:
  - {id: ghgm, name: Gençlik Hizmetleri Genel Müdürlüğü, addresses: [sosyalmedya@ghgm.example.gov.tr]}
  - {id: shgm, name: Spor Hizmetleri Genel Müdürlüğü, addresses: [basin@shgm.example.gov.tr]}
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, SubmissionStore]:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mailbox" / sub).mkdir(parents=True)
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "meeting.yml").write_bytes(
        (ROOT / "calendar" / "meeting.yml").read_bytes()
    )
    (tmp_path / "intake.yml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "intake.yml")
    store = SubmissionStore(config.paths.docs / "submissions", {"ghgm", "shgm"})
    return config, store


def plan(sid: str, unit: str = "ghgm", **changes: object) -> Submission:
    base = Submission(
        id=sid,
        type="plan",
        unit=unit,
        sender=f"sosyalmedya@{unit}.example.gov.tr",
        subject="HAFTALIK PLAN - 2026-W49",
        received=datetime(2026, 11, 26, 10, 14, tzinfo=TZ),
        message_id=f"<{sid}@example.gov.tr>",
        week="2026-W49",
        status="received",
        items=(
            Item(
                topic="Gençlik kampları başvuruları başladı",
                date=date(2026, 11, 30),
                time="10:30",
                platforms=("X", "Instagram"),
            ),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_valid_files_give_no_problem(setup: tuple[Config, SubmissionStore]) -> None:
    config, store = setup
    img = store.image_folder / "2026-w49-ghgm-plan-b-1.jpg"
    img.parent.mkdir(parents=True)
    img.write_bytes(b"\xff\xd8\xff\xe0")
    store.write(
        plan("2026-w49-ghgm-plan-a", status="superseded", superseded_by="2026-w49-ghgm-plan-b")
    )
    new = plan("2026-w49-ghgm-plan-b", supersedes=("2026-w49-ghgm-plan-a",))
    item = new.items[0]
    store.write(
        new.with_status(
            "received",
            items=(
                Item(
                    topic=item.topic,
                    date=item.date,
                    images=("submissions/img/2026-w49-ghgm-plan-b-1.jpg",),
                ),
            ),
        )
    )
    store.write(
        plan(
            "2026-w49-shgm-proposal-c",
            unit="shgm",
            type="proposal",
            status="approved",
            decision=Decision(
                by="siid@example.gov.tr", at=datetime(2026, 11, 27, 9, 0, tzinfo=TZ), via="cli"
            ),
        )
    )
    assert check(config) == []


def test_no_submissions_folder_is_fine(setup: tuple[Config, SubmissionStore]) -> None:
    config, _ = setup
    assert check(config) == []


def test_schema_problems_name_file_and_key(setup: tuple[Config, SubmissionStore]) -> None:
    config, store = setup
    path = store.write(plan("2026-w49-ghgm-plan-a"))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("status: received", "status: onaylandı").replace("unit: ghgm", "unit: gsgm"),
        encoding="utf-8",
    )
    assert check(config) == [
        f"{path}: unit: “gsgm” intake.yml dosyasında bir birim değil — `units:` altında yazılı bir "
        "birim kimliği kullanın",
        f"{path}: status: şunlardan biri olmalı: received, superseded, held, pending, approved, rejected; "
        "“onaylandı” yazılmış — örneğin `status: approved` yazın",
    ]


def test_broken_yaml_names_the_line(setup: tuple[Config, SubmissionStore]) -> None:
    config, store = setup
    path = store.write(plan("2026-w49-ghgm-plan-a"))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[6] == "received: 2026-11-26T10:14:00+03:00"
    lines[6] = "received: 26.11.2026: 10:14"
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = check(config)
    assert len(problems) == 1
    assert len(problems) == 1
    # libyaml says "… not allowed in this context", pure-Python PyYAML "… not allowed here"
    assert problems[0].startswith(f"{path}:7: invalid YAML (mapping values are not allowed ")
    assert problems[0].endswith(") — fix the indentation or quoting on that line")


def test_no_front_matter(setup: tuple[Config, SubmissionStore]) -> None:
    config, store = setup
    store.folder.mkdir(parents=True)
    path = store.folder / "notlar.md"
    path.write_text("# Notlar\n", encoding="utf-8")
    assert check(config) == [
        f"{path}: has no YAML front matter — the file must start with '---', the keys, then '---'"
    ]


def test_cross_file_problems(setup: tuple[Config, SubmissionStore]) -> None:
    config, store = setup
    a = store.write(
        plan("2026-w49-ghgm-plan-a", status="superseded", superseded_by="2026-w49-ghgm-plan-z")
    )
    b = store.write(plan("2026-w49-ghgm-plan-b", supersedes=("2026-w49-ghgm-plan-y",)))
    copy = store.folder / "2026-w49-ghgm-plan-c.md"
    copy.write_text(b.read_text(encoding="utf-8"), encoding="utf-8")
    c = store.write(plan("2026-w49-ghgm-plan-d"))
    c.write_text(
        c.read_text(encoding="utf-8").replace(
            "  images: []", "  images:\n  - submissions/img/yok.png"
        ),
        encoding="utf-8",
    )
    assert check(config) == [
        f"{copy}: id: '2026-w49-ghgm-plan-b' is also the id of 2026-w49-ghgm-plan-b.md — every submission "
        "needs its own id: rename one (file name and `id:`)",
        f"{copy}: id: '2026-w49-ghgm-plan-b' does not match the file name '2026-w49-ghgm-plan-c.md' — rename "
        "the file to 2026-w49-ghgm-plan-b.md or set `id: 2026-w49-ghgm-plan-c`",
        f"{a}: superseded_by: names '2026-w49-ghgm-plan-z', which does not exist — write the id of the newer "
        "plan (a file in docs/submissions/), or set `status: received` and remove `superseded_by`",
        f"{b}: supersedes[0]: names '2026-w49-ghgm-plan-y', which does not exist — remove it, or write the id "
        "of the older plan it replaces",
        f"{copy}: supersedes[0]: names '2026-w49-ghgm-plan-y', which does not exist — remove it, or write the "
        "id of the older plan it replaces",
        f"{c}: items[0].images[0]: submissions/img/yok.png does not exist "
        f"({config.paths.docs / 'submissions/img/yok.png'}) — put the image there, or remove it from the list",
    ]


def test_superseded_without_newer(setup: tuple[Config, SubmissionStore]) -> None:
    config, store = setup
    path = store.write(plan("2026-w49-ghgm-plan-a"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: received", "status: superseded"), "utf-8"
    )
    assert check(config) == [
        f"{path}: superseded_by: yenisiyle değiştirilmiş bir gönderide boş olamaz — yeni planın "
        "kimliğini yazın ya da `status: received` yapın"
    ]


def test_crisis_notice_problems(setup: tuple[Config, SubmissionStore]) -> None:
    config, _ = setup
    crisis = config.paths.docs / "crisis.md"
    crisis.parent.mkdir(parents=True)
    crisis.write_text(
        "---\ncrisis:\n  active: true\n  scope: national\n  title: Deprem nedeniyle planlı paylaşımlar "
        "durduruldu\n---\n# Kriz\n",
        encoding="utf-8",
    )
    assert check(config) == [
        f"{crisis}: crisis.since: etkin bir krizde boş olamaz — krizin başladığı zamanı yazın, "
        "örneğin `since: 26.11.2026 09:00`"
    ]
    crisis.write_text(
        "---\ncrisis:\n  active: true\n  scope: national\n  since: 2026-11-26T09:00:00+03:00\n  title: Deprem\n"
        "---\n",
        encoding="utf-8",
    )
    assert check(config) == []


def test_meeting_problems(setup: tuple[Config, SubmissionStore]) -> None:
    config, _ = setup
    meeting = config.paths.calendar / "meeting.yml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace('time: "10:00"', 'time: "25:00"'), encoding="utf-8")
    problems = check(config)
    assert len(problems) == 1
    assert problems[0].startswith(f"{meeting}: time: ")
    meeting.unlink()
    assert check(config) == [
        f"{meeting}: (dosya): yok — calendar/meeting.yml dosyasını oluşturun "
        "(bütün alanlar için örnek projeninkine bakın)"
    ]


def test_cli_check_broken_submission(
    setup: tuple[Config, SubmissionStore], capsys: pytest.CaptureFixture[str]
) -> None:
    config, store = setup
    path = store.write(plan("2026-w49-ghgm-plan-a"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("week: 2026-W49", "week: 2026-49"), "utf-8"
    )
    assert main(["--config", str(config.path), "check"]) == 1
    out, err = capsys.readouterr()
    assert out == f"{path}: week: “2026-49” bir ISO hafta değil — örneğin `week: 2026-W49` yazın\n"
    assert err == "1 problem(s) found\n"


def test_cli_check_ok(
    setup: tuple[Config, SubmissionStore], capsys: pytest.CaptureFixture[str]
) -> None:
    config, store = setup
    store.write(plan("2026-w49-ghgm-plan-a"))
    assert main(["--config", str(config.path), "check"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        "ok: intake.yml, submissions, crisis notice, meeting series and ministry posts are valid\n",
        "",
    )
