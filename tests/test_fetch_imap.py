"""Reading mail from a real Dovecot: security modes, folders, limits, exactly once."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from intake.cli import main as cli_main
from intake.config import Config
from intake.fetch.imap import IMAPLIB_LOGGER, ImapSource
from intake.ledger import Ledger
from intake.lock import instance_lock
from intake.pipeline import CRASH_HOOK, fetch
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.test_pipeline_support import TURKISH_FOLDERS, imap_config, plan_message, stub_receive

pytestmark = pytest.mark.imap
ROOT = Path(__file__).resolve().parent.parent

GHGM = "sosyalmedya@ghgm.example.gov.tr"
SHGM = "basin@shgm.example.gov.tr"


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)


def _run(config: Config) -> str:
    return fetch(config, receive=stub_receive).summary()


def _submissions(config: Config) -> list[str]:
    return sorted(p.name for p in (config.paths.docs / "submissions").glob("*.md"))


def _three(unit: str = GHGM) -> list[bytes]:
    return [
        plan_message(unit, topic="Gençlik kampları", day=date(2026, 12, 2)),
        plan_message("yabanci@example.com", topic="Spam"),
        plan_message(unit, topic="Eksik", subject="HAFTALIK PLAN").replace(b"Tarih:", b"Tarh:"),
    ]


@pytest.mark.parametrize("security", ["none", "starttls", "ssl"])
def test_each_security_mode_reads_and_moves(
    dovecot: DovecotServer, tmp_path: Path, security: str
) -> None:
    user = dovecot.user()
    dovecot.append(user, _three())
    config = imap_config(tmp_path, dovecot, user, security=security)
    assert _run(config) == "3 new: 1 accepted, 1 rejected, 0 ignored, 1 quarantined"
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1, "Reddedilen": 1, "Karantina": 1}
    assert len(_submissions(config)) == 1
    # nothing new: a second run reads nothing and moves nothing
    assert _run(config) == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1, "Reddedilen": 1, "Karantina": 1}


def test_body_peek_leaves_messages_unseen_and_folders_are_utf7(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = dovecot.user()
    dovecot.append(user, [plan_message(GHGM)])
    config = imap_config(tmp_path, dovecot, user)
    _run(config)
    with dovecot.session(user) as client:
        names = [name for _f, _d, name in client.list_folders()]
        assert "İşlenen" in names
        client.select_folder("İşlenen", readonly=True)
        flags = client.get_flags(client.search("ALL"))
        assert [b"\\Seen" in f for f in flags.values()] == [False]
        raw_names = client._imap.list()[1]  # the wire form: modified UTF-7
        assert b'(\\HasNoChildren) "/" &ATABXw-lenen' in raw_names, raw_names


def test_copy_expunge_fallback_when_move_is_not_used(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = dovecot.user()
    dovecot.append(user, _three())
    config = imap_config(tmp_path, dovecot, user)
    report = fetch(config, receive=stub_receive, source=ImapSource(config, use_move=False))
    assert report.summary() == "3 new: 1 accepted, 1 rejected, 0 ignored, 1 quarantined"
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1, "Reddedilen": 1, "Karantina": 1}
    assert "expunged=3" in dovecot.log()  # UID EXPUNGE removed exactly the three copied messages


def test_other_deleted_messages_are_not_expunged_by_the_fallback(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = dovecot.user()
    dovecot.append(user, [plan_message(GHGM)])
    # another client flags a message \Deleted in INBOX but does not expunge it
    with dovecot.session(user) as client:
        client.append("INBOX", plan_message(SHGM, topic="Başka istemci"), flags=[b"\\Deleted"])
    # one message per batch: the first batch's UID EXPUNGE runs while the \Deleted message is still
    # unread in INBOX; a bare EXPUNGE would remove it there and it would never be read
    config = imap_config(tmp_path, dovecot, user, batch_size=1)
    source = ImapSource(config, use_move=False)
    report = fetch(config, receive=stub_receive, source=source)
    assert report.summary() == "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 2}


def test_too_large_is_quarantined_without_download(dovecot: DovecotServer, tmp_path: Path) -> None:
    user = dovecot.user()
    dovecot.append(user, [plan_message(GHGM, size_to=60_000), plan_message(SHGM)])
    config = imap_config(tmp_path, dovecot, user, max_message_bytes=50_000)
    assert _run(config) == "2 new: 1 accepted, 0 rejected, 0 ignored, 1 quarantined"
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        (q,) = ledger.quarantined()
    assert q["reason"] == "too-large"
    assert q["sender"] == GHGM and q["subject"] == "HAFTALIK PAYLAŞIM PLANI"
    assert "over limits.max_message_bytes (50000); not downloaded" in q["detail"]
    # Dovecot logs how many bodies were sent: only the small message's
    assert dovecot.counts(user)["Karantina"] == 1


def test_batches_stream_a_backlog(dovecot: DovecotServer, tmp_path: Path) -> None:
    user = dovecot.user()
    units = [GHGM, SHGM, "iletisim@kygm.example.gov.tr"]
    dovecot.append(
        user,
        [
            plan_message(units[i % 3], topic=f"Konu {i}", day=date(2026, 12, 1 + i % 20))
            for i in range(45)
        ],
    )
    config = imap_config(tmp_path, dovecot, user, batch_size=7)
    seen: list[tuple[int, int]] = []
    report = fetch(config, progress=lambda d, t: seen.append((d, t)), receive=stub_receive)
    assert report.summary() == "45 new: 45 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert seen[0] == (0, 45) and seen[-1] == (45, 45)
    assert dovecot.counts(user)["İşlenen"] == 45


def test_same_message_twice_gives_one_submission(dovecot: DovecotServer, tmp_path: Path) -> None:
    user = dovecot.user()
    raw = plan_message(GHGM)
    dovecot.append(user, [raw, raw])
    config = imap_config(tmp_path, dovecot, user)
    assert _run(config) == "2 new: 1 accepted, 0 rejected, 1 ignored, 0 quarantined"
    assert len(_submissions(config)) == 1
    # and once more, in a later run (re-delivered with an extra Received header: same Message-ID+body)
    dovecot.append(user, [b"Received: from relay.example.gov.tr by mail.example.gov.tr\r\n" + raw])
    assert _run(config) == "1 new: 0 accepted, 0 rejected, 1 ignored, 0 quarantined"
    assert len(_submissions(config)) == 1
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1, "Reddedilen": 2}


def test_reused_message_id_with_another_body_is_a_new_message(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = dovecot.user()
    a = plan_message(GHGM, topic="Birinci", message_id="<same@example.gov.tr>")
    b = plan_message(SHGM, topic="İkinci", message_id="<same@example.gov.tr>")
    dovecot.append(user, [a, b])
    config = imap_config(tmp_path, dovecot, user)
    assert _run(config) == "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"


def test_crash_between_record_and_move_then_rerun(dovecot: DovecotServer, tmp_path: Path) -> None:
    """Killed after the first batch (one message) is committed, before it is moved."""
    user = dovecot.user()
    dovecot.append(user, _three())
    config = imap_config(tmp_path, dovecot, user, batch_size=1)
    env = {**os.environ, CRASH_HOOK: "1", "INTAKE_TEST_IMAP_PASSWORD": PASSWORD}
    cmd = [
        sys.executable,
        "-m",
        "tests.test_pipeline_support",
        "--config",
        str(config.path),
        "fetch",
    ]
    crashed = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert crashed.returncode == 70, crashed.stderr
    # the first message's outcome is recorded and its file written, but it was not moved
    assert dovecot.counts(user)["INBOX"] == 3
    files = _submissions(config)
    assert len(files) == 1
    mtime = (config.paths.docs / "submissions" / files[0]).stat().st_mtime_ns
    env.pop(CRASH_HOOK)
    rerun = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == "2 new: 0 accepted, 1 rejected, 0 ignored, 1 quarantined"
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1, "Reddedilen": 1, "Karantina": 1}
    assert _submissions(config) == files
    assert (
        config.paths.docs / "submissions" / files[0]
    ).stat().st_mtime_ns == mtime  # not rewritten
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.outcome_counts() == {"accepted": 1, "rejected": 1, "quarantined": 1}


def test_uidvalidity_change_publishes_nothing_twice(dovecot: DovecotServer, tmp_path: Path) -> None:
    user = dovecot.user()
    dovecot.append(user, _three())
    config = imap_config(tmp_path, dovecot, user)
    assert _run(config) == "3 new: 1 accepted, 1 rejected, 0 ignored, 1 quarantined"
    # the same messages come back into a rebuilt INBOX (new UIDVALIDITY), plus one new plan
    processed = dovecot.messages(user, "İşlenen")
    dovecot.append(user, processed)
    dovecot.recreate(user, "INBOX")
    dovecot.append(user, [plan_message(SHGM, topic="Yeni")])
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "2 new: 1 accepted, 0 rejected, 1 ignored, 0 quarantined"
    assert len(report.warnings) == 1 and "UIDVALIDITY of INBOX changed" in report.warnings[0]
    assert len(_submissions(config)) == 2


def test_uidvalidity_change_with_an_unmoved_message_moves_it_as_recorded(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = dovecot.user()
    dovecot.append(user, [plan_message(GHGM)])
    config = imap_config(tmp_path, dovecot, user)
    env = {**os.environ, CRASH_HOOK: "1", "INTAKE_TEST_IMAP_PASSWORD": PASSWORD}
    cmd = [
        sys.executable,
        "-m",
        "tests.test_pipeline_support",
        "--config",
        str(config.path),
        "fetch",
    ]
    assert subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=60).returncode == 70
    dovecot.recreate(user, "INBOX")
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert report.moved_from_earlier == 1
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1}
    assert len(_submissions(config)) == 1


def test_two_fetches_at_once(
    dovecot: DovecotServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = dovecot.user()
    dovecot.append(user, _three())
    config = imap_config(tmp_path, dovecot, user)
    # a real second process holds the lock while we try
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from intake.lock import instance_lock\n"
            "with instance_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(30)",
            str(config.paths.state),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code = cli_main(["--config", str(config.path), "fetch"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 1
        assert err == [
            f"error: another intake is already running (pid {holder.pid}, lock "
            f"{config.paths.state / 'intake.lock'}) — wait for it to finish, then run again"
        ]
        assert dovecot.counts(user)["INBOX"] == 3  # nothing touched
    finally:
        holder.kill()
        holder.wait()
    # two real `intake fetch` processes started together: one of them does the work, once
    env = {**os.environ, "INTAKE_TEST_IMAP_PASSWORD": PASSWORD}
    cmd = [
        sys.executable,
        "-m",
        "tests.test_pipeline_support",
        "--config",
        str(config.path),
        "fetch",
    ]
    procs = [
        subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    outs = sorted(r[0].strip() for r in results)
    assert "3 new: 1 accepted, 1 rejected, 0 ignored, 1 quarantined" in outs
    for (out, err), proc in zip(results, procs, strict=True):
        assert proc.returncode == 0 or "another intake is already running" in err
        assert out.strip() in (
            "3 new: 1 accepted, 1 rejected, 0 ignored, 1 quarantined",
            "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined",
            "",
        )
    assert len(_submissions(config)) == 1
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 1, "Reddedilen": 1, "Karantina": 1}


def test_lock_is_exclusive_in_process(tmp_path: Path) -> None:
    with instance_lock(tmp_path):
        from intake.errors import LockHeld

        with pytest.raises(LockHeld, match=f"pid {os.getpid()}"), instance_lock(tmp_path):
            pass
    with instance_lock(tmp_path):  # released
        pass


def test_a_command_waits_for_the_lock_and_gives_up_after_its_wait(tmp_path: Path) -> None:
    """A command that changes files waits for a pass to end; held past its wait, it says so."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from intake.lock import instance_lock\n"
            "with instance_lock(Path(sys.argv[1])):\n"
            "    print('locked', flush=True); time.sleep(float(sys.argv[2]))",
            str(tmp_path),
            "1.5",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        from intake.errors import LockHeld

        held = r"after waiting 0\.2 s — wait for it to finish"
        with pytest.raises(LockHeld, match=held), instance_lock(tmp_path, wait=0.2):
            pass
        with instance_lock(tmp_path, wait=30):  # the holder's pass ends meanwhile
            assert holder.wait(timeout=10) == 0
    finally:
        holder.kill()
        holder.wait()


def test_wrong_password_is_one_clear_line(
    dovecot: DovecotServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = dovecot.user()
    config = imap_config(tmp_path, dovecot, user)
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", "wrong")
    assert cli_main(["--config", str(config.path), "fetch"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"error: the IMAP server 127.0.0.1:{dovecot.port} refused the login for '{user}' — "
        "check mailbox.username in intake.yml and the password in $INTAKE_TEST_IMAP_PASSWORD"
    ]


def test_missing_password_is_one_clear_line(
    dovecot: DovecotServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = imap_config(tmp_path, dovecot, "nobody-here")
    monkeypatch.delenv("INTAKE_TEST_IMAP_PASSWORD")
    assert cli_main(["--config", str(config.path), "fetch"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "the environment variable INTAKE_TEST_IMAP_PASSWORD is empty" in line


def test_unreachable_server_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.servers.dovecot import _free_port

    port = _free_port()  # nothing listens there
    from tests.test_pipeline_support import write_config

    path = write_config(
        tmp_path,
        {"host": "127.0.0.1", "port": port, "security": "none", "username": "x", "timeout": 3},
    )
    started = time.monotonic()
    assert cli_main(["--config", str(path), "fetch"]) == 1
    assert time.monotonic() - started < 10
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"error: cannot reach the IMAP server 127.0.0.1:{port} (none): ")
    assert line.endswith(
        "check mailbox.host, mailbox.port and mailbox.security in intake.yml and that "
        "the server is up"
    )


def test_untrusted_certificate_is_one_clear_line(
    dovecot: DovecotServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_pipeline_support import write_config

    path = write_config(
        tmp_path,
        {
            "host": "127.0.0.1",
            "port": dovecot.ssl_port,
            "security": "ssl",
            "username": "x",
            "password_env": "INTAKE_TEST_IMAP_PASSWORD",
            "folders": TURKISH_FOLDERS,
        },
    )
    assert cli_main(["--config", str(path), "fetch"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(
        f"error: cannot reach the IMAP server 127.0.0.1:{dovecot.ssl_port} (ssl): "
    )
    assert "set mailbox.ca_file to your CA bundle" in line


def test_superseding_plan_by_received_order(dovecot: DovecotServer, tmp_path: Path) -> None:
    """The newer plan for a unit's week replaces the older, even when it is read first."""
    user = dovecot.user()
    newer = plan_message(GHGM, topic="Düzeltilmiş plan", message_id="<new@example.gov.tr>")
    older = plan_message(GHGM, topic="İlk plan", message_id="<old@example.gov.tr>")
    with dovecot.session(user) as client:  # INTERNALDATE is the arrival time intake uses
        client.append("INBOX", newer, msg_time=datetime(2026, 11, 25, 9, 0, tzinfo=TZ))
        client.append("INBOX", older, msg_time=datetime(2026, 11, 24, 9, 0, tzinfo=TZ))
    config = imap_config(tmp_path, dovecot, user)
    assert _run(config) == "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"
    store = SubmissionStore(config.paths.docs / "submissions")
    subs = {s.items[0].topic: s for s in store.load_all() if not isinstance(s, Exception)}
    assert subs["İlk plan"].status == "superseded"
    assert subs["İlk plan"].superseded_by == subs["Düzeltilmiş plan"].id
    assert subs["Düzeltilmiş plan"].status == "received"
    assert subs["Düzeltilmiş plan"].supersedes == (subs["İlk plan"].id,)


def test_each_batch_is_moved_once_it_is_committed(
    dovecot: DovecotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One UID MOVE per folder per batch, after the batch's commit: every message ends in its
    folder, none twice, and no recorded row is left unmoved."""
    moved: list[list[int]] = []
    real_move = ImapSource.move

    def move(self: ImapSource, uids: list[int], target: str) -> None:
        with Ledger(config.paths.state / "ledger.sqlite3") as other:  # committed: seen outside
            assert other.by_uid(config.mailbox.identity(), "INBOX", self.uidvalidity or 0, uids[0])
        moved.append(list(uids))
        real_move(self, uids, target)

    monkeypatch.setattr(ImapSource, "move", move)
    user = dovecot.user()
    dovecot.append(
        user, [plan_message(GHGM, day=date(2026, 12, 1 + i), topic=f"t{i}") for i in range(7)]
    )
    config = imap_config(tmp_path, dovecot, user, batch_size=2)
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "7 new: 7 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert [len(uids) for uids in moved] == [2, 2, 2, 1]
    assert sorted(uid for uids in moved for uid in uids) == list(range(1, 8))
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 7}
    assert report.moved_from_earlier == 0
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert (
            ledger.pending_moves(
                config.mailbox.identity(),
                "INBOX",
                ledger.uidvalidity(config.mailbox.identity(), "INBOX") or 0,
            )
            == []
        )


@pytest.mark.parametrize("traced", [False, True])
def test_protocol_trace_is_built_only_when_logged(
    dovecot: DovecotServer, tmp_path: Path, caplog: pytest.LogCaptureFixture, traced: bool
) -> None:
    """imaplib formats a repr of every response (message bodies included) at imapclient's debug
    level 5: only worth it when the imapclient.imaplib logger takes DEBUG records."""
    user = dovecot.user()
    dovecot.append(user, [plan_message(GHGM, topic="İzlenen oturum")])
    config = imap_config(tmp_path, dovecot, user)
    caplog.set_level(logging.DEBUG if traced else logging.INFO, logger=IMAPLIB_LOGGER)
    source = ImapSource(config)
    source.open()
    try:
        assert source.client is not None
        assert source.client._imap.debug == (5 if traced else 0)
        with Ledger(tmp_path / "ledger.sqlite3") as ledger:
            envelopes = source.candidates(ledger, "test")
        fetched = list(source.download(envelopes))
    finally:
        source.close()
    assert [item.raw is not None and b"zlenen oturum" in item.raw for item in fetched] == [True]
    trace = [r.getMessage() for r in caplog.records if r.name == IMAPLIB_LOGGER]
    bodies = [m for m in trace if "untagged_responses[FETCH]" in m and "zlenen oturum" in m]
    assert bool(bodies) is traced
