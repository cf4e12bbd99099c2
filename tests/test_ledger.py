"""The ledger's schema is versioned (PRAGMA user_version): a ledger written by an earlier intake
is brought up to date when it is opened, and keeps what it held."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from intake.errors import IntakeError
from intake.ledger import MIGRATIONS, SCHEMA_VERSION, Ledger
from intake.timeutil import TZ

# A ledger as intake wrote it before the schema was versioned (version 1): its tables, then
# ``meta`` saying schema 1, and user_version left at 0.
_ROW = (
    "INSERT INTO messages (source, folder, uidvalidity, uid, message_id, body_sha, raw_sha, "
    "outcome, reason, sender, recorded, target, moved) VALUES "
    "('imap:u@h/INBOX', 'INBOX', 7, 1, '<a@x>', 'body', 'raw', 'accepted', 'ok', "
    "'Birim@GHGM.example.gov.tr', '2026-11-26T10:00:00+03:00', 'processed', 1)"
)


def _version_1(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO meta (key, value) VALUES ('schema', '1')")
    db.execute(_ROW)
    db.execute(
        "INSERT INTO submissions (id, unit, week, type, received, status, raw_sha) VALUES "
        "('2026-w49-ghgm-plan-1', 'ghgm', '2026-W49', 'plan', '2026-11-26T10:00:00+03:00', "
        "'received', 'raw')"
    )
    db.commit()
    db.close()


def test_a_version_1_ledger_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    _version_1(path)
    with Ledger(path) as ledger:
        assert ledger.version() == SCHEMA_VERSION == 3
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == 3
        assert ledger.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == "3"
        # the same mail again from the same sender is found; from another sender it is not
        found = ledger.by_content("<a@x>", "body", "other", "birim@ghgm.example.gov.tr")
        assert found is not None and found.outcome == "accepted"
        assert ledger.by_content("<a@x>", "body", "other", "someone@else.example") is None
        assert ledger.known_uids("imap:u@h/INBOX", "INBOX", 7) == {1}
        assert [e.id for e in ledger.chain("ghgm", "2026-W49", "plan")] == ["2026-w49-ghgm-plan-1"]
    with Ledger(path) as again:  # opening it again changes nothing
        assert again.version() == 3
        assert again.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 1


def test_a_new_ledger_has_the_latest_schema(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        assert ledger.version() == SCHEMA_VERSION
        columns = {r[1] for r in ledger.db.execute("PRAGMA table_info(messages)")}
        assert "from_key" in columns
        run = ledger.start_run("src", datetime(2026, 12, 5, tzinfo=TZ))
        assert run == 1


def test_a_ledger_from_a_newer_intake_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    Ledger(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(IntakeError, match=r"written by a newer intake .* upgrade intake"):
        Ledger(path)


def test_a_failed_step_leaves_the_ledger_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.sqlite3"
    _version_1(path)
    monkeypatch.setattr("intake.ledger.MIGRATIONS", (*MIGRATIONS, "NOT SQL;\n"))
    monkeypatch.setattr("intake.ledger.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(IntakeError, match="cannot open the ledger"):
        Ledger(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0  # untouched: still version 1
    assert "from_key" not in {r[1] for r in db.execute("PRAGMA table_info(messages)")}
    db.close()


def test_savepoint_undoes_only_its_block(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        with ledger.batch():
            ledger.set_uidvalidity("src", "A", 1)
            with pytest.raises(RuntimeError), ledger.savepoint():
                ledger.set_uidvalidity("src", "B", 2)
                raise RuntimeError("this message fails")
            ledger.set_uidvalidity("src", "C", 3)
        assert [ledger.uidvalidity("src", f) for f in "ABC"] == [1, None, 3]


def test_the_audit_trail_is_append_only(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.db.execute(
            "INSERT INTO audit (at, actor, via, action, target) "
            "VALUES ('2026-12-05T10:00:00+03:00', 'siid@example.gov.tr', 'cli', 'approve', 'x')"
        )
        for statement in ("UPDATE audit SET actor = 'someone'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                ledger.db.execute(statement)
        assert [r[0] for r in ledger.db.execute("SELECT actor FROM audit")] == [
            "siid@example.gov.tr"
        ]
