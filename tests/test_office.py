"""The office's decisions and crisis commands: by mail (through the real parser and the fetch),
by the CLI and by editing files; each applied once or never, each in the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from intake.cli import main as cli_main
from intake.config import Config, load_config
from intake.crisis import load_crisis
from intake.ledger import Ledger
from intake.parse.command import read_command
from intake.pipeline import fetch
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.test_pipeline import maildir
from tests.test_pipeline_support import plan_message, unit_mail, write_config

GHGM = "sosyalmedya@ghgm.example.gov.tr"
OFFICE = "siid@example.gov.tr"
TODAY = date(2026, 11, 26)


def office_mail(
    subject: str, body: str = "", *, sent: datetime | None = None, authenticated: bool = True
) -> bytes:
    """A mail from the office's address; ``authenticated=False``: without our server's
    Authentication-Results (a spoof)."""
    msg = unit_mail(
        OFFICE,
        subject,
        body or "İyi çalışmalar.\n",
        f"<office-{abs(hash((subject, body)))}@example.gov.tr>",
        sent or datetime(2026, 11, 26, 14, 0, tzinfo=TZ),
    )
    if not authenticated:
        del msg["Authentication-Results"]
    return bytes(msg)


def proposal(topic: str = "Dünya Gönüllüler Günü") -> bytes:
    return plan_message(GHGM, subject="İÇERİK ÖNERİSİ", topic=topic, day=date(2026, 12, 5))


def setup(tmp: Path, messages: list[bytes]) -> tuple[Config, Path]:
    root = maildir(tmp, messages)
    config = load_config(write_config(tmp, {"maildir": str(root)}))
    (config.paths.docs).mkdir(parents=True, exist_ok=True)
    crisis = Path(__file__).resolve().parent.parent / "docs" / "crisis.md"
    (config.paths.docs / "crisis.md").write_text(crisis.read_text(encoding="utf-8"))
    meeting = Path(__file__).resolve().parent.parent / "calendar" / "meeting.yml"
    (tmp / "calendar").mkdir(exist_ok=True)
    (tmp / "calendar" / "meeting.yml").write_text(meeting.read_text(encoding="utf-8"))
    return config, root


def add(root: Path, raw: bytes, stamp: int) -> None:
    (root / "cur" / f"{stamp}.M{stamp}P1.host:2,S").write_bytes(raw)


def subs(config: Config) -> dict[str, object]:
    store = SubmissionStore(config.paths.docs / "submissions")
    return {s.id: s for s in store.load_all() if not isinstance(s, Exception)}


def rows(config: Config, sql: str, *params: str) -> list[tuple[object, ...]]:
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        return [tuple(r) for r in ledger.db.execute(sql, params)]


# --- reading commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "lines", "expected"),
    [
        (
            "ONAY 2026-w49-ghgm-proposal-1a2b3c4d",
            [],
            ("approve", "2026-w49-ghgm-proposal-1a2b3c4d", ""),
        ),
        (
            "onay: 2026-W49-GHGM-proposal-1a2b3c4d",
            ["Not: Salı sabahı"],
            ("approve", "2026-w49-ghgm-proposal-1a2b3c4d", "Salı sabahı"),
        ),
        (
            "RET 2026-w49-ghgm-proposal-1a2b3c4d Görsel çözünürlüğü düşük",
            [],
            ("reject", "2026-w49-ghgm-proposal-1a2b3c4d", "Görsel çözünürlüğü düşük"),
        ),
        (
            "YNT: [SM-2026-w49-ghgm-proposal-1a2b3c4d] İçerik önerisi alındı",
            ["Onaylandı."],
            ("approve", "2026-w49-ghgm-proposal-1a2b3c4d", ""),
        ),
        (
            "Re: [SM-2026-w49-ghgm-proposal-1a2b3c4d] alındı",
            ["RET Tarih uygun değil", "Saygılarımla"],
            ("reject", "2026-w49-ghgm-proposal-1a2b3c4d", "Tarih uygun değil"),
        ),
        (
            "APPROVE 2026-w49-ghgm-proposal-1a2b3c4d",
            [],
            ("approve", "2026-w49-ghgm-proposal-1a2b3c4d", ""),
        ),
        ("KRİZ BİTTİ", [], ("crisis-end", "", "")),
    ],
)
def test_commands_are_read_as_the_office_writes_them(
    subject: str, lines: list[str], expected: tuple[str, str, str]
) -> None:
    cmd = read_command(subject, lines, TODAY)
    assert (cmd.action, cmd.target, cmd.note) == expected
    assert cmd.problems == ()


def test_slot_lines_and_crisis_fields() -> None:
    cmd = read_command(
        "ONAY 2026-w49-ghgm-proposal-1a2b3c4d", ["Tarih: 8.12.2026", "Saat: 10.30"], TODAY
    )
    assert (cmd.day, cmd.time) == (date(2026, 12, 8), "10:30")
    cmd = read_command("KRİZ", ["Kapsam: alan", "Konular: deprem, afet", "Başlık: Deprem"], TODAY)
    assert (cmd.action, cmd.scope, cmd.topics, cmd.title) == (
        "crisis-start",
        "field",
        ("deprem", "afet"),
        "Deprem",
    )
    cmd = read_command("KRİZ: Milli yas", [], TODAY)
    assert (cmd.scope, cmd.title) == ("national", "Milli yas")


@pytest.mark.parametrize(
    ("subject", "lines", "fragment"),
    [
        ("Merhaba", ["Toplantı notları ektedir."], "Komut anlaşılamadı"),
        ("ONAY", [], "Hangi gönderinin kastedildiği yazılmamış"),
        ("RET 2026-w49-ghgm-proposal-1a2b3c4d", [], "Ret gerekçesi yazılmamış"),
        ("KRİZ", ["Kapsam: alan"], "Konular"),
        ("KRİZ", ["Kapsam: bölgesel", "Başlık: x"], "“Kapsam” satırı"),
        ("ONAY 2026-w49-ghgm-proposal-1a2b3c4d", ["Tarih: 31.02.2026"], "“Tarih” satırı okunamadı"),
    ],
)
def test_a_command_that_cannot_be_done_as_written_says_why_in_turkish(
    subject: str, lines: list[str], fragment: str
) -> None:
    cmd = read_command(subject, lines, TODAY)
    assert any(fragment in p for p in cmd.problems), cmd.problems


# --- decisions by mail -----------------------------------------------------------------------


def test_a_proposal_and_its_approval_in_the_same_backlog(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [proposal()])
    config_for_id = load_config(config.path)
    from intake.parse import receive

    sub = receive(
        proposal(), config_for_id, arrived=datetime(2026, 11, 26, 11, 55, tzinfo=TZ)
    ).submission
    assert sub is not None and sub.status == "pending"
    add(
        root,
        office_mail(f"ONAY {sub.id}", "Tarih: 8.12.2026\nSaat: 11:00\nNot: Uygundur.\n"),
        1795690000,
    )
    report = fetch(config)
    assert report.summary() == "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"
    decided = subs(config)[sub.id]
    assert decided.status == "approved"  # type: ignore[attr-defined]
    assert decided.decision.by == OFFICE and decided.decision.via == "email"  # type: ignore[attr-defined]
    assert decided.decision.note == "Uygundur."  # type: ignore[attr-defined]
    assert [(i.date, i.time) for i in decided.items] == [(date(2026, 12, 8), "11:00")]  # type: ignore[attr-defined]
    assert rows(config, "SELECT outcome, reason FROM messages ORDER BY id") == [
        ("accepted", "ok"),
        ("accepted", "approved"),
    ]
    assert rows(config, "SELECT actor, via, action, target, detail FROM audit") == [
        (OFFICE, "email", "approved", sub.id, "Uygundur.")
    ]
    assert rows(config, "SELECT status FROM submissions WHERE id=?", sub.id) == [("approved",)]


def test_a_decision_is_applied_once_and_a_bad_one_never(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [proposal()])
    fetch(config)
    (sub_id,) = subs(config)
    add(root, office_mail(f"ONAY {sub_id}"), 1795690000)
    add(root, office_mail(f"RET {sub_id} Fikrimizi değiştirdik"), 1795690060)
    add(root, office_mail("ONAY 2026-w49-yok-proposal-00000000"), 1795690120)
    add(root, office_mail("Toplantı hakkında"), 1795690180)
    report = fetch(config)
    assert report.summary() == "4 new: 1 accepted, 3 rejected, 0 ignored, 0 quarantined"
    assert rows(config, "SELECT reason FROM messages ORDER BY id")[1:] == [
        ("approved",),
        ("already-decided",),
        ("unknown-id",),
        ("bad-command",),
    ]
    assert subs(config)[sub_id].status == "approved"  # type: ignore[attr-defined]
    assert len(rows(config, "SELECT * FROM audit")) == 1
    (problems,) = rows(config, "SELECT problems FROM messages WHERE reason='already-decided'")
    assert "zaten onaylandı" in str(problems[0])


def test_a_spoofed_approval_changes_nothing_and_is_quarantined(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [proposal()])
    fetch(config)
    (sub_id,) = subs(config)
    before = (config.paths.docs / "submissions" / f"{sub_id}.md").read_bytes()
    add(root, office_mail(f"ONAY {sub_id}", authenticated=False), 1795690000)
    assert fetch(config).summary() == "1 new: 0 accepted, 0 rejected, 0 ignored, 1 quarantined"
    assert (config.paths.docs / "submissions" / f"{sub_id}.md").read_bytes() == before
    assert rows(config, "SELECT reason FROM messages ORDER BY id DESC LIMIT 1") == [
        ("auth-failed",)
    ]
    assert rows(config, "SELECT * FROM audit") == []


def test_a_superseded_plan_is_not_decided(tmp_path: Path) -> None:
    first = plan_message(GHGM, topic="ilk", sent=datetime(2026, 11, 26, 10, 0, tzinfo=TZ))
    second = plan_message(GHGM, topic="ikinci", sent=datetime(2026, 11, 26, 11, 0, tzinfo=TZ))
    config, root = setup(tmp_path, [first, second])
    fetch(config)
    older = next(s for s in subs(config).values() if s.status == "superseded")  # type: ignore[attr-defined]
    add(root, office_mail(f"ONAY {older.id}"), 1795690000)  # type: ignore[attr-defined]
    fetch(config)
    assert rows(config, "SELECT reason FROM messages ORDER BY id DESC LIMIT 1") == [("superseded",)]


# --- decisions by the CLI and by files -------------------------------------------------------


def test_approve_and_reject_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _root = setup(tmp_path, [proposal("bir"), proposal("iki")])
    fetch(config)
    one, two = sorted(subs(config))
    args = ["--config", str(config.path)]
    assert (
        cli_main([*args, "approve", one, "--date", "9.12.2026", "--note", "Tamam", "--by", "ayse"])
        == 0
    )
    assert "onaylandı" in capsys.readouterr().out
    assert cli_main([*args, "reject", two, "--reason", "Takvim dolu", "--by", "ayse"]) == 0
    assert cli_main([*args, "approve", one]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "zaten onaylandı" in err
    now = subs(config)
    assert (now[one].status, now[one].decision.via, now[one].items[0].date) == (
        "approved",
        "cli",
        date(2026, 12, 9),
    )  # type: ignore[attr-defined]
    assert (now[two].status, now[two].decision.note) == ("rejected", "Takvim dolu")  # type: ignore[attr-defined]
    assert [r[:3] for r in rows(config, "SELECT actor, via, action FROM audit ORDER BY id")] == [
        ("ayse", "cli", "approved"),
        ("ayse", "cli", "rejected"),
    ]


def test_a_decision_the_office_wrote_in_the_file_is_audited_once(tmp_path: Path) -> None:
    config, _root = setup(tmp_path, [proposal()])
    fetch(config)
    (sub_id,) = subs(config)
    path = config.paths.docs / "submissions" / f"{sub_id}.md"
    text = path.read_text(encoding="utf-8").replace("status: pending", "status: approved")
    text = text.replace(
        "items:",
        "decision:\n  by: mehmet@example.gov.tr\n  at: 2026-11-27T09:00:00+03:00\n  via: file\n"
        "  note: Elle onaylandı\nitems:",
        1,
    )
    path.write_text(text, encoding="utf-8")
    assert cli_main(["--config", str(config.path), "check"]) == 0
    fetch(config)
    fetch(config)
    assert rows(config, "SELECT actor, via, action, target FROM audit") == [
        ("mehmet@example.gov.tr", "file", "approved", sub_id)
    ]
    assert rows(config, "SELECT status FROM submissions WHERE id=?", sub_id) == [("approved",)]


# --- crises ----------------------------------------------------------------------------------


def test_crisis_by_mail_holds_new_plans_and_ends_by_mail(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [plan_message(GHGM, topic="önce")])
    fetch(config)
    body_before = (
        (config.paths.docs / "crisis.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    )
    add(root, office_mail("KRİZ", "Kapsam: ulusal\nBaşlık: Milli yas ilan edildi\n"), 1795690000)
    held_plan = plan_message(
        GHGM,
        topic="kriz sırasında",
        day=date(2026, 12, 9),
        sent=datetime(2026, 11, 26, 15, 0, tzinfo=TZ),
    )
    add(root, held_plan, 1795690100)
    report = fetch(config)
    assert report.summary() == "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"
    notice = load_crisis(config.paths.docs / "crisis.md")
    assert notice.active is not None and notice.active.title == "Milli yas ilan edildi"
    assert notice.active.scope == "national"
    text = (config.paths.docs / "crisis.md").read_text(encoding="utf-8")
    assert text.split("\n---\n", 1)[1] == body_before  # the page's text and comment kept
    held = next(s for s in subs(config).values() if s.items[0].topic == "kriz sırasında")  # type: ignore[attr-defined]
    assert held.status == "held"  # type: ignore[attr-defined]
    (detail,) = rows(config, "SELECT detail FROM messages WHERE reason='crisis-started'")
    assert "Durdurulan planlı paylaşım: 1 (GHGM: 1)" in str(detail[0])

    add(root, office_mail("KRİZ BİTTİ", sent=datetime(2026, 11, 27, 9, 0, tzinfo=TZ)), 1795770000)
    fetch(config)
    notice = load_crisis(config.paths.docs / "crisis.md")
    assert notice.active is None
    assert [c.title for c in notice.past] == ["Milli yas ilan edildi"]
    assert notice.past[0].until == datetime(2026, 11, 27, 12, 0, tzinfo=TZ)  # its arrival
    # dated after the crisis: released without a decision
    assert subs(config)[held.id].status == "received"  # type: ignore[attr-defined]
    assert [r[0] for r in rows(config, "SELECT action FROM audit ORDER BY id")] == [
        "crisis-start",
        "crisis-end",
        "released",
    ]


def test_crisis_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, _root = setup(tmp_path, [])
    args = ["--config", str(config.path)]
    assert (
        cli_main(
            [
                *args,
                "crisis",
                "start",
                "--scope",
                "field",
                "--topic",
                "deprem",
                "--title",
                "Deprem: paylaşımlar durdu",
            ]
        )
        == 0
    )
    assert "Kriz başlatıldı" in capsys.readouterr().out
    assert cli_main([*args, "crisis", "start", "--title", "İkinci"]) == 1
    err = capsys.readouterr().err
    assert "Zaten süren bir kriz var: “Deprem: paylaşımlar durdu” (" in err
    assert err.rstrip().endswith("Yenisini başlatmadan önce “KRİZ BİTTİ” ile bitirin.")
    assert cli_main([*args, "crisis", "status"]) == 0
    assert "Süren kriz: “Deprem: paylaşımlar durdu” (alan: deprem)" in capsys.readouterr().out
    data = yaml.safe_load((config.paths.docs / "crisis.md").read_text().split("---\n")[1])
    assert data["crisis"]["title"] == "Deprem: paylaşımlar durdu"  # quoted by the emitter
    assert cli_main([*args, "check"]) == 0
    assert cli_main([*args, "crisis", "end"]) == 0
    assert cli_main([*args, "crisis", "end"]) == 1
    assert "Süren bir kriz yok" in capsys.readouterr().err


def test_a_plan_dated_inside_the_crisis_still_waits_after_it_ends(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [])
    add(root, office_mail("KRİZ: Sel", "Kapsam: ulusal\n"), 1795683300)
    inside = plan_message(
        GHGM, topic="içeride", day=date(2026, 11, 27), sent=datetime(2026, 11, 26, 15, 0, tzinfo=TZ)
    )
    add(root, inside, 1795690100)
    fetch(config)
    (sub_id,) = subs(config)
    assert cli_main(["--config", str(config.path), "crisis", "end"]) == 0
    assert subs(config)[sub_id].status == "held"  # type: ignore[attr-defined]
    assert cli_main(["--config", str(config.path), "approve", sub_id]) == 0
    released = subs(config)[sub_id]
    assert released.status == "received" and released.decision.via == "cli"  # type: ignore[attr-defined]


def test_the_office_is_answered_and_the_unit_told_of_the_decision(tmp_path: Path) -> None:
    """Without smtp: the mail goes to the outbox Maildir: a receipt for the proposal, the
    answer to the office's command, the decision notice to the unit, the answer to a bad one."""
    config, root = setup(tmp_path, [proposal()])
    fetch(config)
    (sub_id,) = subs(config)
    add(root, office_mail(f"ONAY {sub_id}", "Not: Salı sabahı paylaşılsın.\n"), 1795690000)
    add(root, office_mail("ONAY 2026-w49-yok-proposal-00000000"), 1795690060)
    fetch(config)
    sent = rows(config, "SELECT kind, recipient, subject FROM outbox ORDER BY id")
    assert [(kind, to) for kind, to, _ in sent] == [
        ("receipt", GHGM),
        ("answer", OFFICE),
        ("decision", GHGM),
        ("answer", OFFICE),
    ]
    assert all(f"[SM-{sub_id}]" in str(subject) for kind, _, subject in sent if kind != "answer")
    spool = sorted((config.paths.outbox / "new").iterdir())
    assert len(spool) == 4
    texts = [p.read_bytes() for p in spool]
    from email import message_from_bytes
    from email.policy import default

    bodies = []
    for raw in texts:
        msg = message_from_bytes(raw, policy=default)
        assert msg["Auto-Submitted"] == "auto-replied"
        part = msg.get_body(preferencelist=("plain",))
        assert part is not None
        bodies.append(part.get_content())
    assert any("Salı sabahı paylaşılsın." in b and sub_id in b for b in bodies)  # the unit's
    assert any("kimlikli bir gönderi bulunamadı" in b for b in bodies)  # the bad command's


def test_status_shows_the_audit_trail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, _root = setup(tmp_path, [proposal()])
    fetch(config)
    (sub_id,) = subs(config)
    assert (
        cli_main(["--config", str(config.path), "reject", sub_id, "--reason", "Yok", "--by", "ali"])
        == 0
    )
    capsys.readouterr()
    assert cli_main(["--config", str(config.path), "status"]) == 0
    out = capsys.readouterr().out
    assert f"ali (cli)  rejected {sub_id} — Yok" in out


def test_a_command_that_cannot_be_applied_changes_nothing_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    """docs/crisis.md does not read: KRİZ is refused with the reason, the next mail is read."""
    config, root = setup(tmp_path, [])
    (config.paths.docs / "crisis.md").write_text("---\ncrisis: [bozuk\n---\n", encoding="utf-8")
    add(root, office_mail("KRİZ", "Kapsam: ulusal\nBaşlık: Yas\n"), 1795683300)
    add(root, proposal(), 1795683360)
    report = fetch(config)
    assert report.summary() == "2 new: 1 accepted, 1 rejected, 0 ignored, 0 quarantined"
    (row,) = rows(config, "SELECT reason, detail FROM messages WHERE outcome='rejected'")
    assert row[0] == "cannot-apply"
    assert str(row[1]).startswith("Komut uygulanamadı, hiçbir şey değiştirilmedi: ")
    assert "crisis.md" in str(row[1])
    assert (config.paths.docs / "crisis.md").read_text(
        encoding="utf-8"
    ) == "---\ncrisis: [bozuk\n---\n"
