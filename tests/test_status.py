"""``intake status`` (and ``--json``) from the ledger alone: no mail server needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.cli import main as cli_main
from intake.pipeline import fetch
from intake.status import collect, format_text
from tests.test_pipeline import maildir, maildir_config
from tests.test_pipeline_support import plan_message, stub_receive

GHGM = "sosyalmedya@ghgm.example.gov.tr"
SHGM = "basin@shgm.example.gov.tr"
NOW = "2026-12-01T09:00:00+03:00"


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_NOW", NOW)


def test_status_before_any_run(tmp_path: Path) -> None:
    config = maildir_config(tmp_path, maildir(tmp_path, []))
    data = collect(config)
    assert data["last_run"] is None
    assert data["totals"] == {"accepted": 0, "rejected": 0, "ignored": 0, "quarantined": 0}
    assert "son çalışma: hiç (önce `intake fetch` çalıştırın)" in format_text(data)


def test_status_after_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = plan_message(GHGM, topic="Kamp")
    root = maildir(
        tmp_path,
        [
            raw,
            raw,
            plan_message("kimse@example.com", subject="Merhaba"),
            plan_message(SHGM, topic="Eksik").replace(b"Tarih:", b"Tarh:"),
            plan_message(SHGM, topic="Maç"),
        ],
    )
    config = maildir_config(tmp_path, root)
    fetch(config, receive=stub_receive)
    data = collect(config)
    ids = sorted(p.stem for p in (config.paths.docs / "submissions").glob("*.md"))
    assert len(ids) == 2
    ghgm_id = next(i for i in ids if "-ghgm-" in i)
    shgm_id = next(i for i in ids if "-shgm-" in i)
    assert data == {
        "source": "maildir:mailbox",
        "ledger": str(config.paths.state / "ledger.sqlite3"),
        "last_run": {
            "source": "maildir:mailbox",
            "started": NOW,
            "finished": NOW,
            "new": 5,
            "accepted": 2,
            "rejected": 1,
            "ignored": 1,
            "quarantined": 1,
            "retried": 0,
            "warnings": [],
        },
        "totals": {"accepted": 2, "rejected": 1, "ignored": 1, "quarantined": 1},
        "retrying": 0,
        "week": {
            "week": "2026-W49",
            "count": 2,
            "by_unit": {"ghgm": {"plan": {"received": 1}}, "shgm": {"plan": {"received": 1}}},
            "submissions": [
                {
                    "id": ghgm_id,
                    "unit": "ghgm",
                    "type": "plan",
                    "status": "received",
                    "received": "2026-11-26T11:55:00+03:00",
                },
                {
                    "id": shgm_id,
                    "unit": "shgm",
                    "type": "plan",
                    "status": "received",
                    "received": "2026-11-26T11:59:00+03:00",
                },
            ],
        },
        "quarantine": [
            {
                "sender": "kimse@example.com",
                "subject": "Merhaba",
                "reason": "unknown-sender",
                "detail": "kimse@example.com is not registered",
                "date": "2026-11-26T11:57:00+03:00",
                "recorded": NOW,
                "message_id": data["quarantine"][0]["message_id"],
                "moved": True,
                "problems": [],
            }
        ],
        "rejected": [
            {
                "sender": SHGM,
                "subject": data["rejected"][0]["subject"],
                "reason": "missing-date",
                "detail": "no Tarih",
                "date": "2026-11-26T11:58:00+03:00",
                "recorded": NOW,
                "message_id": data["rejected"][0]["message_id"],
                "moved": True,
                "problems": ["1. öğe, “Tarih” alanı, satır 1: Tarih alanı eksik."],
            }
        ],
        "audit": [],
    }
    assert data["quarantine"][0]["message_id"].endswith("@example.gov.tr>")
    # the office edits a status by hand: the file wins over the index
    path = config.paths.docs / "submissions" / f"{shgm_id}.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: received", "status: approved"),
        encoding="utf-8",
    )
    assert collect(config)["week"]["by_unit"]["shgm"] == {"plan": {"approved": 1}}

    assert cli_main(["--config", str(config.path), "status", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["totals"] == data["totals"] and printed["week"]["count"] == 2

    assert cli_main(["--config", str(config.path), "status"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[:6] == [
        "kaynak: maildir:mailbox",
        f"son çalışma: {NOW} — 5 yeni ileti: 2 kabul, 1 ret, 1 yok sayıldı, 1 karantina",
        "bugüne kadar: 2 kabul, 1 ret, 1 yok sayıldı, 1 karantina",
        "49. hafta (30 Kasım – 6 Aralık 2026): 2 gönderi",
        "  ghgm: haftalık plan (1 alındı)",
        "  shgm: haftalık plan (1 onaylandı)",
    ]
    assert text[6:] == [
        "karantina: 1 ileti",
        # the reason in words; a detail the office page does not know is shown as written
        "  2026-11-26T11:57:00+03:00  kimse@example.com  “Merhaba”  "
        "[gönderen adresi hiçbir birime kayıtlı değil] — kimse@example.com is not registered",
        "denetim kaydı: 0 kayıt (en yenisi önce)",
    ]
