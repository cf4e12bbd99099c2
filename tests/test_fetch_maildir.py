"""The Maildir source: read-only, and the ledger alone remembers what was read."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from intake.ledger import Ledger
from intake.pipeline import fetch
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.test_pipeline import maildir, maildir_config
from tests.test_pipeline_support import plan_message, stub_receive

GHGM = "sosyalmedya@ghgm.example.gov.tr"
SHGM = "basin@shgm.example.gov.tr"


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under ``root``: content hash, mode and mtime (ns)."""
    out = {}
    for path in sorted(root.rglob("*")):
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[str(path.relative_to(root))] = (digest, st.st_mode, st.st_mtime_ns)
    return out


def test_maildir_is_never_modified(tmp_path: Path) -> None:
    root = maildir(
        tmp_path, [plan_message(GHGM), plan_message("kimse@example.com"), plan_message(SHGM)]
    )
    (root / "new" / "1795686000.M9P9.mail.example.gov.tr").write_bytes(
        plan_message(GHGM, topic="yeni")
    )
    before = snapshot(root)
    root_mtime = root.stat().st_mtime_ns
    config = maildir_config(tmp_path, root)
    assert (
        fetch(config, receive=stub_receive).summary()
        == "4 new: 3 accepted, 0 rejected, 0 ignored, 1 quarantined"
    )
    assert snapshot(root) == before
    assert root.stat().st_mtime_ns == root_mtime
    # the second fetch reads nothing new; the third sees exactly the one message added meanwhile
    assert (
        fetch(config, receive=stub_receive).summary()
        == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )
    (root / "new" / "1795696000.M10P1.mail.example.gov.tr").write_bytes(
        plan_message(SHGM, topic="sonra")
    )
    assert (
        fetch(config, receive=stub_receive).summary()
        == "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )


def test_a_file_moved_from_new_to_cur_by_a_mail_client_is_not_read_again(tmp_path: Path) -> None:
    root = maildir(tmp_path, [])
    name = "1795683300.M1P1.mail.example.gov.tr"
    (root / "new" / name).write_bytes(plan_message(GHGM))
    config = maildir_config(tmp_path, root)
    assert fetch(config, receive=stub_receive).accepted == 1
    os.rename(root / "new" / name, root / "cur" / f"{name}:2,S")
    assert (
        fetch(config, receive=stub_receive).summary()
        == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )


def test_same_content_under_another_file_name_is_a_duplicate(tmp_path: Path) -> None:
    raw = plan_message(GHGM)
    root = maildir(tmp_path, [raw, raw])
    config = maildir_config(tmp_path, root)
    assert (
        fetch(config, receive=stub_receive).summary()
        == "2 new: 1 accepted, 0 rejected, 1 ignored, 0 quarantined"
    )
    assert len(list((config.paths.docs / "submissions").glob("*.md"))) == 1


def test_arrival_time_comes_from_the_maildir_name(tmp_path: Path) -> None:
    root = maildir(tmp_path, [plan_message(GHGM)], start=1795683300)
    config = maildir_config(tmp_path, root)
    fetch(config, receive=stub_receive)
    (sub,) = SubmissionStore(config.paths.docs / "submissions").load_all()
    assert not isinstance(sub, Exception)
    assert sub.received == datetime(2026, 11, 26, 11, 55, tzinfo=TZ)


def test_arrival_time_falls_back_to_the_file_time_not_the_date_header(tmp_path: Path) -> None:
    """Arrival is when the mailbox got the mail: a name without a time gives the file's time;
    the sender's Date header (here the year 3000) says nothing about that."""
    root = maildir(tmp_path, [])
    path = root / "new" / "handmade-name"
    path.write_bytes(plan_message(GHGM, sent=datetime(3000, 1, 1, 8, 30, tzinfo=TZ)))
    os.utime(path, (1795683300, 1795683300))
    config = maildir_config(tmp_path, root)
    fetch(config, receive=stub_receive)
    (sub,) = SubmissionStore(config.paths.docs / "submissions").load_all()
    assert not isinstance(sub, Exception)
    assert sub.received == datetime(2026, 11, 26, 11, 55, tzinfo=TZ)


def test_too_large_file_is_quarantined_without_reading_it_whole(tmp_path: Path) -> None:
    root = maildir(tmp_path, [plan_message(GHGM, size_to=40_000)])
    config = maildir_config(tmp_path, root, max_message_bytes=20_000)
    assert (
        fetch(config, receive=stub_receive).summary()
        == "1 new: 0 accepted, 0 rejected, 0 ignored, 1 quarantined"
    )
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        (q,) = ledger.quarantined()
    assert (q["reason"], q["sender"]) == ("too-large", GHGM)
