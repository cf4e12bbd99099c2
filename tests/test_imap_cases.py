"""Every .eml case of tests/fixtures/mail/cases.yml through a real Dovecot and the real parser.

All cases are appended to one INBOX (INTERNALDATE = the table's arrival time) and read by one
``fetch`` (batches of 25). For each case: the outcome and reason recorded in the ledger, the IMAP
folder the message ended in, and for accepted cases the exact front matter of the written file.
Plans from the same unit for the same week supersede each other in the pipeline; the expected
front matter is adjusted for that from the expected files themselves (ordered by ``received``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake.config import Config, load_config
from intake.ledger import Ledger
from intake.pipeline import fetch
from intake.store import dump_yaml, load_yaml, split_front_matter
from intake.timeutil import TZ
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.test_pipeline_support import TURKISH_FOLDERS

pytestmark = pytest.mark.imap

ROOT = Path(__file__).resolve().parent.parent
MAIL = ROOT / "tests" / "fixtures" / "mail"
ARRIVED = datetime(2026, 11, 26, 10, 30, tzinfo=TZ)
CASES: list[dict[str, Any]] = load_yaml((MAIL / "cases.yml").read_text(encoding="utf-8"))
FOLDER = {
    "accepted": "İşlenen",
    "rejected": "Reddedilen",
    "ignored": "Reddedilen",
    "quarantined": "Karantina",
    "retried": "INBOX",
}


def _key(raw: bytes) -> str:
    """Content key that survives Dovecot storing bare-LF mail with CRLF line ends."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def demo_config_for_imap(tmp: Path, server: DovecotServer, user: str) -> Config:
    """The demo config (units, office, authentication) reading from Dovecot instead of the Maildir."""
    data = yaml.safe_load((ROOT / "samples" / "intake.yml").read_text(encoding="utf-8"))
    data["mailbox"] = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "username": user,
        "password_env": "INTAKE_TEST_IMAP_PASSWORD",
        "folders": TURKISH_FOLDERS,
        "batch_size": 25,
        "timeout": 10,
    }
    data["paths"] = {"docs": "docs", "site": "site", "state": "state", "outbox": "outbox"}
    path = tmp / "intake.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(path)


def _expected_front_matters(arrival_of: dict[str, datetime]) -> dict[str, dict[str, Any]]:
    """file → expected front matter, with the superseding chain of plans applied."""
    out: dict[str, dict[str, Any]] = {}
    for case in CASES:
        if case.get("expected"):
            data = load_yaml((MAIL / case["expected"]).read_text(encoding="utf-8"))
            if data["received"] == ARRIVED:
                data["received"] = arrival_of[case["file"]]  # no usable Date: the arrival time
            out[case["file"]] = data
    chains: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for data in out.values():
        if data["type"] == "plan":
            chains.setdefault((data["unit"], data["week"]), []).append(data)
    for chain in chains.values():
        chain.sort(key=lambda d: (d["received"], d["id"]))
        for i, data in enumerate(chain):
            data.pop("supersedes", None)
            data.pop("superseded_by", None)
            notes = data.pop("notes", None)
            if i > 0:
                data["supersedes"] = [chain[i - 1]["id"]]
            if i + 1 < len(chain):
                data["status"] = "superseded"
                data["superseded_by"] = chain[i + 1]["id"]
            if notes is not None:
                data["notes"] = notes
    return out


def test_every_case_through_dovecot(
    dovecot: DovecotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CASES, "tests/fixtures/mail/cases.yml lists no case"
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)
    user = dovecot.user()
    uid_of: dict[str, int] = {}
    sha_of: dict[str, str] = {}
    with dovecot.session(user) as client:
        for case in CASES:
            raw = (MAIL / case["file"]).read_bytes()
            response = client.append("INBOX", raw, msg_time=ARRIVED)
            m = re.search(rb"APPENDUID \d+ (\d+)", response)
            assert m, response
            uid_of[case["file"]] = int(m.group(1))
            sha_of[case["file"]] = _key(raw)
        client.select_folder("INBOX", readonly=True)
        client.normalise_times = False
        dates = client.fetch(list(uid_of.values()), [b"INTERNALDATE"])
        uidvalidity = int(client.folder_status("INBOX", [b"UIDVALIDITY"])[b"UIDVALIDITY"])
    # Dovecot stores a future INTERNALDATE as "now" (before 10:30 on 26 Nov 2026, that is what we get)
    arrival_of = {name: dates[uid][b"INTERNALDATE"].astimezone(TZ) for name, uid in uid_of.items()}
    assert all(a == ARRIVED or a < ARRIVED for a in arrival_of.values())

    config = demo_config_for_imap(tmp_path, dovecot, user)
    report = fetch(config)
    wanted = {
        o: sum(1 for c in CASES if _fetched(c)[0] == o)
        for o in ("accepted", "rejected", "ignored", "quarantined", "retried")
    }
    assert (
        report.new,
        report.accepted,
        report.rejected,
        report.ignored,
        report.quarantined,
        report.retried,
    ) == (len(CASES), *wanted.values()), report.summary()

    # where every message ended up, by its exact bytes
    folder_of: dict[str, str] = {}
    for folder in ("INBOX", *TURKISH_FOLDERS.values()):
        if folder not in dovecot.folders(user):
            continue
        for raw in dovecot.messages(user, folder):
            folder_of[_key(raw)] = folder

    expected_fm = _expected_front_matters(arrival_of)
    docs = config.paths.docs / "submissions"
    failures: list[str] = []
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        for case in CASES:
            name = case["file"]
            rec = ledger.by_uid(config.mailbox.identity(), "INBOX", uidvalidity, uid_of[name])
            got = (rec.outcome, rec.reason) if rec else None
            if got != _fetched(case):
                failures.append(f"{name}: outcome {got}, expected {_fetched(case)}")
                continue
            if folder_of.get(sha_of[name]) != FOLDER[_fetched(case)[0]]:
                failures.append(
                    f"{name}: in folder {folder_of.get(sha_of[name])}, expected "
                    f"{FOLDER[_fetched(case)[0]]}"
                )
            if name in expected_fm:
                assert rec is not None
                path = docs / f"{rec.submission_id}.md"
                parts = split_front_matter(path.read_text(encoding="utf-8"))
                assert parts is not None, path
                if parts[0] != dump_yaml(expected_fm[name]):
                    failures.append(
                        f"{name}: front matter of {path.name} differs:\n{parts[0]}\n--- expected:\n"
                        f"{dump_yaml(expected_fm[name])}"
                    )
    assert not failures, "\n".join(failures)
    assert dovecot.counts(user)["INBOX"] == wanted["retried"]
    written = sorted(p.name for p in docs.glob("*.md"))
    assert len(written) == wanted["accepted"]


def _fetched(case: dict[str, Any]) -> tuple[str, str]:
    """The outcome the fetch records: the parser's, unless the case says what the fetch makes of
    it (an office command is applied, and its own outcome recorded)."""
    fetched = case.get("fetched") or case
    return str(fetched["outcome"]), str(fetched["reason"])
