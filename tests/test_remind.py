"""``intake remind``: the units whose plan for next week has not arrived get one reminder a week,
from the configured moment on; a dry run sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from intake.cli import main as cli_main
from intake.config import Config, load_config
from intake.errors import ConfigError
from intake.ledger import Ledger
from intake.pipeline import fetch
from intake.remind import remind
from intake.render.turkish import week_label
from intake.timeutil import TZ
from tests.servers.smtp import SmtpServer
from tests.test_pipeline import maildir
from tests.test_pipeline_support import plan_message, write_config

GHGM = "sosyalmedya@ghgm.example.gov.tr"
THURSDAY = datetime(2026, 11, 26, 15, 0, tzinfo=TZ)  # week 48; next week is 2026-W49
W49 = week_label("2026-W49")


def setup(tmp: Path, smtp: dict[str, object] | None = None, **reminders: str) -> Config:
    root = maildir(tmp, [plan_message(GHGM, day=date(2026, 12, 2))])  # GHGM's plan for W49
    path = write_config(tmp, {"maildir": str(root)})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["reminders"] = {"weekday": "Perşembe", "time": "14:00", **reminders}
    if smtp is not None:
        data["smtp"] = smtp
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = load_config(path)
    fetch(config)
    return config


def test_reminders_go_to_the_units_missing_a_plan_once_a_week(tmp_path: Path) -> None:
    config = setup(tmp_path)
    report = remind(config, THURSDAY)
    assert [(r.unit, r.week) for r in report.due] == [("shgm", "2026-W49"), ("kygm", "2026-W49")]
    assert report.written == 2
    assert reminded(config) == [
        (
            "basin@shgm.example.gov.tr",
            f"Hatırlatma: {W49} paylaşım planınız henüz gelmedi",
        ),
        (
            "iletisim@kygm.example.gov.tr",
            f"Hatırlatma: {W49} paylaşım planınız henüz gelmedi",
        ),
    ]
    spool = [p.read_bytes() for p in (config.paths.outbox / "new").iterdir()]
    assert sum(b"basin@shgm.example.gov.tr" in raw for raw in spool) == 1  # sent (spooled)
    again = remind(config, THURSDAY.replace(hour=18))  # the timer runs again the same week
    assert again.written == 0 and len(reminded(config)) == 2
    next_week = remind(config, THURSDAY.replace(day=3, month=12))
    assert next_week.written == 3  # week 49: nobody has sent a plan for 2026-W50


def reminded(config: Config) -> list[tuple[str, str]]:
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        rows = ledger.db.execute(
            "SELECT recipient, subject FROM outbox WHERE kind='reminder' AND sent IS NOT NULL "
            "ORDER BY id"
        )
        return [(r[0], r[1]) for r in rows]


def test_nothing_before_the_moment_and_nothing_on_a_dry_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = setup(tmp_path)
    early = remind(config, THURSDAY.replace(hour=13, minute=59))
    assert early.due == [] and early.not_before == THURSDAY.replace(hour=14, minute=0)
    monkeypatch.setenv("INTAKE_NOW", THURSDAY.isoformat())
    assert cli_main(["--config", str(config.path), "remind", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"would remind SHGM: {W49} plan missing",
        f"would remind KYGM: {W49} plan missing",
    ]
    assert reminded(config) == []


def test_a_bad_reminders_section_is_refused_with_every_problem(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        setup(tmp_path, weekday="Perşembeden sonra", time="25:00")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "reminders.weekday" in text and "reminders.time" in text


@pytest.mark.smtp
def test_reminders_over_smtp_exactly_once(
    tmp_path: Path, smtp_server: Callable[..., SmtpServer]
) -> None:
    server = smtp_server()
    config = setup(tmp_path, smtp=server.config("starttls"))
    remind(config, THURSDAY)
    remind(config, THURSDAY.replace(hour=20))
    reminders = [m for m in server.messages() if "Hatırlatma" in str(m["Subject"])]
    got = sorted(m["To"].addresses[0].addr_spec for m in reminders)
    assert got == ["basin@shgm.example.gov.tr", "iletisim@kygm.example.gov.tr"]
    assert len(server.messages()) == 3  # and GHGM's receipt, sent by the fetch
    (first, _second) = reminders
    assert first["Auto-Submitted"] == "auto-replied"
    assert "49. hafta" in str(first["Subject"])


def test_reshare_reminders_name_the_posts_each_unit_has_not_reshared(tmp_path: Path) -> None:
    """The office lists a post by mail; GHGM reports its re-share; after the deadline the two
    other units get one re-share reminder each that names the post, once a week."""
    from tests.test_office import add, office_mail, setup
    from tests.test_reshares_mail import POST_MAIL, REPORT, reshare_mail

    config, root = setup(tmp_path, [])
    sent = datetime(2026, 12, 2, 11, 0, tzinfo=TZ)
    add(root, office_mail("BAKANLIK PAYLAŞIMI", POST_MAIL, sent=sent), 1796200000)
    add(root, reshare_mail(REPORT, "<rs-1@ghgm.example.gov.tr>", sent), 1796200060)
    fetch(config)
    thursday = datetime(2026, 12, 10, 15, 0, tzinfo=TZ)  # past the 2-day deadline
    report = remind(config, thursday)
    reshares = [r for r in report.due if r.kind == "reshare"]
    assert [r.unit for r in reshares] == ["shgm", "kygm"]
    assert all("Gençlik kampları başvuruları" in r.lines[0] for r in reshares)
    assert all(r.lines[0].startswith("BP-2026-49-") for r in reshares)
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        sent_kinds = [
            (row[0], row[1])
            for row in ledger.db.execute(
                "SELECT recipient, reason FROM outbox WHERE kind='reminder' ORDER BY id"
            )
        ]
    assert ("basin@shgm.example.gov.tr", "reshare") in sent_kinds
    assert ("sosyalmedya@ghgm.example.gov.tr", "reshare") not in sent_kinds
    assert remind(config, thursday.replace(hour=19)).written == 0
