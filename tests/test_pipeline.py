"""The pipeline's promises: no message stops the run, transient failures retry a bounded number of
times, connections lost mid-batch recover, demo and real data never mix."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import intake.dispatch as dispatch_module
import intake.pipeline as pipeline_module
from intake.cli import main as cli_main
from intake.config import Config, load_config
from intake.errors import SourceMismatch
from intake.fetch import Envelope, Fetched
from intake.fetch.imap import ImapSource
from intake.ledger import Ledger
from intake.outcome import Outcome
from intake.pipeline import MAX_ATTEMPTS, fetch
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.test_pipeline_support import imap_config, plan_message, stub_receive, write_config

GHGM = "sosyalmedya@ghgm.example.gov.tr"
SHGM = "basin@shgm.example.gov.tr"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def maildir(
    tmp: Path, messages: list[bytes], name: str = "mailbox", start: int = 1795683300
) -> Path:
    root = tmp / name
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for i, raw in enumerate(messages):
        (root / "cur" / f"{start + 60 * i}.M{i}P1.mail.example.gov.tr:2,S").write_bytes(raw)
    return root


def maildir_config(tmp: Path, root: Path, **limits: int) -> Config:
    return load_config(write_config(tmp, {"maildir": str(root)}, **limits))


def test_parser_crash_quarantines_and_the_run_goes_on(tmp_path: Path) -> None:
    root = maildir(tmp_path, [plan_message(GHGM, subject="CRASH PLAN"), plan_message(SHGM)])
    config = maildir_config(tmp_path, root)
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "2 new: 1 accepted, 0 rejected, 0 ignored, 1 quarantined"
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        (q,) = ledger.quarantined()
    assert q["reason"] == "parser-error"
    assert q["detail"].startswith(
        "RuntimeError: stand-in parser exploded on purpose at test_pipeline_support.py:"
    )
    assert q["sender"] == GHGM and q["subject"] == "CRASH PLAN"
    assert (
        fetch(config, receive=stub_receive).summary()
        == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )


def _disk_full(*_a: Any, **_k: Any) -> Path:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_is_retried_then_quarantined_after_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = maildir(tmp_path, [plan_message(GHGM)])
    config = maildir_config(tmp_path, root)
    monkeypatch.setattr(dispatch_module, "atomic_write", _disk_full)
    for _ in range(MAX_ATTEMPTS):
        assert fetch(config, receive=stub_receive).summary() == (
            "1 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined, 1 retried"
        )
    assert (
        fetch(config, receive=stub_receive).summary()
        == "1 new: 0 accepted, 0 rejected, 0 ignored, 1 quarantined"
    )
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        (q,) = ledger.quarantined()
        assert ledger.retrying() == 0
    assert q["reason"] == "retry-limit"
    assert q["detail"] == (
        "failed 4 times; last error: writing the submission: [Errno 28] No space left on device"
    )
    monkeypatch.undo()
    assert (
        fetch(config, receive=stub_receive).summary()
        == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )


def test_disk_full_then_space_freed_accepts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = maildir(tmp_path, [plan_message(GHGM)])
    config = maildir_config(tmp_path, root)
    monkeypatch.setattr(dispatch_module, "atomic_write", _disk_full)
    assert fetch(config, receive=stub_receive).retried == 1
    monkeypatch.undo()
    assert (
        fetch(config, receive=stub_receive).summary()
        == "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.retrying() == 0


def test_images_are_written_with_the_submission(tmp_path: Path) -> None:
    root = maildir(tmp_path, [plan_message(GHGM, image=PNG)])
    config = maildir_config(tmp_path, root)
    fetch(config, receive=stub_receive)
    store = SubmissionStore(config.paths.docs / "submissions")
    (sub,) = list(store.load_all())
    assert not isinstance(sub, Exception)
    (image,) = sub.items[0].images
    assert (config.paths.docs / image).read_bytes() == PNG


def test_source_marker_keeps_demo_and_real_data_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = maildir(tmp_path, [plan_message(GHGM)], name="mailbox")
    config = maildir_config(tmp_path, demo)
    fetch(config, receive=stub_receive)
    marker = config.paths.docs / "submissions" / ".source"
    assert marker.read_text(encoding="utf-8") == "maildir:mailbox\n"
    other = maildir(tmp_path, [plan_message(SHGM)], name="real-inbox")
    config2 = maildir_config(tmp_path, other)
    with pytest.raises(SourceMismatch):
        fetch(config2, receive=stub_receive)
    assert cli_main(["--config", str(config2.path), "fetch"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"error: {config.paths.docs / 'submissions'} holds submissions from another mailbox "
        "(maildir:mailbox), not from maildir:real-inbox — if that is the demo, run "
        f"`make clean-demo`; otherwise move {config.paths.docs / 'submissions'} away "
        "(or point paths.docs elsewhere), then fetch again"
    )


def test_supersede_chain_with_three_plans_in_any_order(tmp_path: Path) -> None:
    # arrival times from the Maildir names: a (t), b (t+60), c (t+120); read in the order c, a, b
    msgs = {
        name: plan_message(GHGM, topic=name, message_id=f"<{name}@example.gov.tr>")
        for name in "abc"
    }
    root = tmp_path / "mailbox"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    config = maildir_config(tmp_path, root)
    stamps = {"a": 1795683300, "b": 1795683360, "c": 1795683420}
    for name in "cab":
        (root / "new" / f"{stamps[name]}.M1P{name}.host").write_bytes(msgs[name])
        fetch(config, receive=stub_receive)
    store = SubmissionStore(config.paths.docs / "submissions")
    subs = {s.items[0].topic: s for s in store.load_all() if not isinstance(s, Exception)}
    a, b, c = subs["a"], subs["b"], subs["c"]
    assert (a.status, a.supersedes, a.superseded_by) == ("superseded", (), b.id)
    assert (b.status, b.supersedes, b.superseded_by) == ("superseded", (a.id,), c.id)
    assert (c.status, c.supersedes, c.superseded_by) == ("received", (b.id,), None)


def test_other_units_and_weeks_are_not_superseded(tmp_path: Path) -> None:
    root = maildir(
        tmp_path,
        [
            plan_message(GHGM, topic="g1"),
            plan_message(SHGM, topic="s1"),
            plan_message(GHGM, topic="g-next-week", day=date(2026, 12, 9)),
        ],
    )
    config = maildir_config(tmp_path, root)
    fetch(config, receive=stub_receive)
    store = SubmissionStore(config.paths.docs / "submissions")
    statuses = sorted(
        (s.items[0].topic, s.status) for s in store.load_all() if not isinstance(s, Exception)
    )
    assert statuses == [("g-next-week", "received"), ("g1", "received"), ("s1", "received")]


def test_identical_output_for_the_same_mailbox(tmp_path: Path) -> None:
    msgs = [
        plan_message(GHGM, topic="x"),
        plan_message(GHGM, topic="y", message_id="<y@e>"),
        plan_message(SHGM),
    ]
    outputs = []
    for run in ("one", "two"):
        base = tmp_path / run
        base.mkdir()
        config = maildir_config(base, maildir(base, msgs))
        fetch(config, receive=stub_receive)
        folder = config.paths.docs / "submissions"
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 4  # 3 submissions + .source


@pytest.mark.imap
def test_connection_lost_mid_batch_retries_and_recovers(
    dovecot: DovecotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)
    user = dovecot.user()
    dovecot.append(
        user,
        [
            plan_message(GHGM, topic="bir"),
            plan_message(SHGM, size_to=60_000),
            plan_message(GHGM, topic="üç", day=date(2026, 12, 9)),
        ],
    )
    config = imap_config(tmp_path, dovecot, user, max_message_bytes=50_000)

    class KickedSource(ImapSource):
        """The server drops the connection while the batch is being downloaded."""

        kicked = False

        def _headers_only(self, env: Envelope) -> Fetched:
            if not self.kicked:
                self.kicked = True
                dovecot.kick(user)
            return super()._headers_only(env)

    report = fetch(config, receive=stub_receive, source=KickedSource(config))
    # the first message is recorded; the two still being downloaded stay in the inbox
    assert report.summary() == "3 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined, 2 retried"
    counts = dovecot.counts(user)
    assert counts["INBOX"] == 2 and counts["İşlenen"] == 1  # moved after the reconnect
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "2 new: 1 accepted, 0 rejected, 0 ignored, 1 quarantined"
    assert dovecot.counts(user) == {"INBOX": 0, "İşlenen": 2, "Karantina": 1}
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.retrying() == 0


def _without_message_id(raw: bytes) -> bytes:
    head, _, body = raw.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.lower().startswith(b"message-id:")]
    return b"\n".join(lines) + b"\n\n" + body


def test_missing_message_id_keys_by_content(tmp_path: Path) -> None:
    a = _without_message_id(plan_message(GHGM, topic="bir"))
    b = _without_message_id(plan_message(GHGM, topic="iki", day=date(2026, 12, 9)))
    assert b"Message-ID" not in a
    root = maildir(tmp_path, [a, b, a])
    config = maildir_config(tmp_path, root)
    assert fetch(config, receive=stub_receive).summary() == (
        "3 new: 2 accepted, 0 rejected, 1 ignored, 0 quarantined"
    )
    assert len(list((config.paths.docs / "submissions").glob("*.md"))) == 2


def test_ledger_batch_commits_together_or_not_at_all(tmp_path: Path) -> None:
    """The batch's outcomes share one transaction: inside it each write joins the batch (nothing
    is visible to another connection until the end), and an error rolls all of them back."""
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger, Ledger(path) as other:
        with ledger.batch():
            ledger.set_uidvalidity("src", "INBOX", 7)
            ledger.set_uidvalidity("src", "Other", 8)
            assert other.uidvalidity("src", "INBOX") is None  # not committed yet
        assert other.uidvalidity("src", "INBOX") == 7 and other.uidvalidity("src", "Other") == 8
        with pytest.raises(RuntimeError), ledger.batch():
            ledger.set_uidvalidity("src", "INBOX", 9)
            raise RuntimeError("disk gone")
        assert not ledger.db.in_transaction
        assert other.uidvalidity("src", "INBOX") == 7


def test_temp_files_left_by_a_killed_run_are_swept(tmp_path: Path) -> None:
    """A run killed while writing a file leaves a ``.NAME.*.tmp`` file in the submissions
    folder; the next run removes it (and nothing else)."""
    root = maildir(tmp_path, [plan_message(GHGM, topic="bir")])
    config = maildir_config(tmp_path, root)
    assert fetch(config).accepted == 1
    folder = config.paths.docs / "submissions"
    left = folder / ".2026-w49-ghgm-plan-00000000.md.k1llz.tmp"
    left.write_text("half a file", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    assert fetch(config).summary() == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert sorted(p.name for p in folder.iterdir()) == [n for n in before if n != left.name]


def test_a_failed_folder_sync_records_nothing_and_the_next_run_accepts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Syncing the batch's folders reports a writeback error (EIO): nothing of the batch is
    recorded (all of it is retried); the next run writes the same bytes and records each once."""
    msgs = [plan_message(GHGM, topic="bir"), plan_message(SHGM, topic="iki")]
    config = maildir_config(tmp_path, maildir(tmp_path, msgs))

    def eio(folders: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(pipeline_module, "sync_folders", eio)
    assert fetch(config, receive=stub_receive).summary() == (
        "2 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined, 2 retried"
    )
    folder = config.paths.docs / "submissions"
    written = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    assert len(written) == 2
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.retrying() == 2
        assert ledger.outcome_counts() == {}
    monkeypatch.undo()
    assert fetch(config, receive=stub_receive).summary() == (
        "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )
    assert {p.name: p.read_bytes() for p in folder.glob("*.md")} == written
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.retrying() == 0


def test_files_are_durable_before_their_batch_is_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file a batch writes is fsynced as it is written and its folder is synced before
    the batch's transaction commits; nothing is committed before that."""
    events: list[tuple[str, Any]] = []
    real_fsync, real_sync, real_batch = os.fsync, pipeline_module.sync_folders, Ledger.batch

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def sync_folders(folders: Any) -> None:
        folders = list(folders)
        real_sync(folders)
        events.append(("folders", set(folders)))

    @contextlib.contextmanager
    def batch(self: Ledger) -> Any:
        with real_batch(self):
            yield
        events.append(("commit", None))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(pipeline_module, "sync_folders", sync_folders)
    monkeypatch.setattr(Ledger, "batch", batch)

    def at(minute: int) -> datetime:
        return datetime(2026, 11, 26, 10, minute, tzinfo=TZ)

    msgs = [
        plan_message(GHGM, topic="a", message_id="<a@example.gov.tr>", sent=at(1)),
        plan_message(SHGM, topic="s", image=PNG, sent=at(2)),
        plan_message(GHGM, topic="b", message_id="<b@example.gov.tr>", sent=at(3)),
        plan_message("someone@elsewhere.example.com", topic="c", sent=at(4)),
    ]
    config = load_config(
        write_config(tmp_path, {"maildir": str(maildir(tmp_path, msgs)), "batch_size": 2})
    )
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "4 new: 3 accepted, 0 rejected, 0 ignored, 1 quarantined"
    folder = config.paths.docs / "submissions"
    commits = [i for i, (kind, _) in enumerate(events) if kind == "commit"]
    assert len(commits) >= 2  # one per batch (and the run's own rows)
    files = {p.resolve() for p in folder.rglob("*") if p.is_file()}
    checked = 0
    for path in files:
        # the temp file that became ``path`` was fsynced, then its folder, then a commit
        fsynced = [
            i
            for i, (kind, p) in enumerate(events)
            if kind == "fsync"
            and Path(p).parent == path.parent
            and Path(p).name.startswith(f".{path.name}.")
        ]
        assert fsynced, path
        synced = [
            i
            for i, (kind, f) in enumerate(events)
            if kind == "folders" and path.parent in {x.resolve() for x in f} and i > fsynced[-1]
        ]
        assert synced, path
        assert any(c > synced[0] for c in commits)
        checked += 1
    assert checked == len(files) == 5  # a (written, then rewritten), s and its image, b, .source
    subs = {
        s.items[0].topic: s
        for s in SubmissionStore(folder).load_all()
        if not isinstance(s, Exception)
    }
    assert [subs[t].status for t in "ab"] == ["superseded", "received"]


def _parser_that(raw: bytes, config: Config, *, arrived: datetime) -> Outcome:
    """The stand-in parser, except that marked messages kill its process, make it raise, or
    keep it busy for ever."""
    if b"KILL-THE-PARSER" in raw:
        os._exit(9)
    if b"RAISE-IN-THE-PARSER" in raw:
        raise ValueError("parser bug on purpose")
    if b"HANG-THE-PARSER" in raw:
        while True:
            time.sleep(1)
    return stub_receive(raw, config, arrived=arrived)


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_message_that_kills_hangs_or_breaks_the_parser_is_quarantined(
    tmp_path: Path, batch_size: int
) -> None:
    """Each of them ends quarantined (parser-error) in the same run, the parser's process is
    replaced, and the messages around them are accepted: nothing is lost or doubled."""
    msgs = [plan_message(GHGM, topic=f"konu {i}", day=date(2026, 12, 2 + i)) for i in range(6)]
    msgs[1] = plan_message(SHGM, extra="KILL-THE-PARSER")
    msgs[3] = plan_message(SHGM, extra="HANG-THE-PARSER", day=date(2026, 12, 9))
    msgs[4] = plan_message(SHGM, extra="RAISE-IN-THE-PARSER", day=date(2026, 12, 16))
    root = maildir(tmp_path, msgs)
    config = load_config(
        write_config(tmp_path, {"maildir": str(root), "batch_size": batch_size}, parse_seconds=1)
    )
    started = time.monotonic()
    report = fetch(config, receive=_parser_that)
    assert time.monotonic() - started < 20  # the hung parser was stopped, not waited for
    assert report.summary() == "6 new: 3 accepted, 0 rejected, 0 ignored, 3 quarantined"
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        details = sorted(q["detail"] for q in ledger.quarantined())
        assert {q["reason"] for q in ledger.quarantined()} == {"parser-error"}
        assert {q["sender"] for q in ledger.quarantined()} == {SHGM}
        assert ledger.retrying() == 0
    assert re.fullmatch(r"ValueError: parser bug on purpose at test_pipeline\.py:\d+", details[0])
    assert details[1] == "the parser process ended (exit code 9) on this message"
    assert details[2] == (
        "the parser took longer than 1 s (limits.parse_seconds) on this message and was stopped"
    )
    assert fetch(config, receive=_parser_that).summary() == (
        "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )


def test_the_real_parser_runs_in_its_process(tmp_path: Path) -> None:
    """Without a stand-in, the fetch reads with intake.parse.receive (in the child process)."""
    msgs = [plan_message(GHGM, topic="bir"), plan_message(GHGM, topic="bir")]
    config = maildir_config(tmp_path, maildir(tmp_path, msgs))
    assert fetch(config).summary() == "2 new: 1 accepted, 0 rejected, 1 ignored, 0 quarantined"
    (sub,) = list(SubmissionStore(config.paths.docs / "submissions").load_all())
    assert not isinstance(sub, Exception) and sub.items[0].topic == "bir"


def test_a_file_the_office_edited_keeps_the_edit_when_superseded(tmp_path: Path) -> None:
    """The office edits an older plan's file; a newer plan then supersedes it: the file is read
    as it is now, so the edit stays and only the chain entries change."""

    def at(minute: int) -> datetime:
        return datetime(2026, 11, 26, 10, minute, tzinfo=TZ)

    root = maildir(tmp_path, [plan_message(GHGM, topic="topic-a", sent=at(1))])
    config = maildir_config(tmp_path, root)
    assert fetch(config, receive=stub_receive).accepted == 1
    store = SubmissionStore(config.paths.docs / "submissions")
    (older,) = [s for s in store.load_all() if not isinstance(s, Exception)]
    store.write(replace(older, items=(replace(older.items[0], topic="edited"),)))
    (root / "cur" / "1795689999.M9P9.host:2,S").write_bytes(
        plan_message(GHGM, topic="topic-b", sent=at(2))
    )
    assert fetch(config, receive=stub_receive).accepted == 1
    subs = {s.items[0].topic: s for s in store.load_all() if not isinstance(s, Exception)}
    a, b = subs["edited"], subs["topic-b"]
    assert (a.status, a.superseded_by, b.supersedes) == ("superseded", b.id, (a.id,))


def _approve_by_id(msg: dispatch_module.Incoming, batch: dispatch_module.Batch) -> Any:
    """A stand-in office command: "ONAY <id>" in the subject approves that submission, which
    must be found in the ledger and on disk (it may be in the same batch)."""
    assert msg.outcome is not None
    sub_id = msg.outcome.subject.split()[-1]
    found = batch.ledger.submission_owner(sub_id) is not None
    stored = batch.read(sub_id) if found else None
    reason = "approved" if stored is not None else "unknown-id"
    return dispatch_module.Result(replace(msg.outcome, outcome="accepted", reason=reason))


def _office_or_stub(raw: bytes, config: Config, *, arrived: datetime) -> Outcome:
    if b"From: siid@example.gov.tr" in raw:
        subject = re.search(rb"^Subject: (.*)$", raw, re.MULTILINE)
        assert subject is not None
        return Outcome(
            "ignored",
            "office-command",
            sender="siid@example.gov.tr",
            subject=subject.group(1).decode(),
        )
    return stub_receive(raw, config, arrived=arrived)


def test_a_submission_and_a_command_on_it_in_the_same_batch_see_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The situation office commands create: a proposal and the office's answer to it arrive in
    one backlog, one batch. The command's handler finds the submission by its id in the ledger
    (the batch's own, uncommitted row) and its file; an unknown id is found nowhere."""
    monkeypatch.setitem(dispatch_module.HANDLERS, "command", _approve_by_id)
    plan = plan_message(GHGM, topic="bir")
    config = maildir_config(tmp_path, maildir(tmp_path, [plan]))
    sub_id = stub_receive(plan, config, arrived=datetime(2026, 11, 26, tzinfo=TZ)).submission
    assert sub_id is not None

    def command(target: str) -> bytes:
        return (
            f"From: siid@example.gov.tr\nSubject: ONAY {target}\n"
            f"Message-ID: <{target}@example.gov.tr>\n\nOnaylandı.\n"
        ).encode()

    root = maildir(tmp_path, [plan, command(sub_id.id), command("2026-w49-yok-plan-00000000")])
    report = fetch(maildir_config(tmp_path, root), receive=_office_or_stub)
    assert report.summary() == "3 new: 3 accepted, 0 rejected, 0 ignored, 0 quarantined"
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        reasons = [r[0] for r in ledger.db.execute("SELECT reason FROM messages ORDER BY id")]
    assert reasons == ["ok", "approved", "unknown-id"]


def test_a_duplicate_is_the_same_sender_with_the_same_content(tmp_path: Path) -> None:
    """The same Message-ID and body from another sender is not a duplicate: it goes through its
    own checks (here: an unknown sender, quarantined). From the same sender it is ignored."""
    plan = plan_message(GHGM, topic="bir", message_id="<same@example.gov.tr>")
    forged = plan.replace(GHGM.encode(), b"someone@elsewhere.example.com")
    again = plan.replace(b"Sosyal Medya <", b"Basin <")  # other bytes, same sender
    config = maildir_config(tmp_path, maildir(tmp_path, [plan, forged, again]))
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "3 new: 1 accepted, 0 rejected, 1 ignored, 1 quarantined"
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        rows = [
            tuple(r)
            for r in ledger.db.execute("SELECT outcome, reason, from_key FROM messages ORDER BY id")
        ]
    assert rows == [
        ("accepted", "ok", GHGM),
        ("quarantined", "unknown-sender", "someone@elsewhere.example.com"),
        ("ignored", "duplicate", GHGM),
    ]
