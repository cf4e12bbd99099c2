"""The pipeline's promises: no message stops the run, transient failures retry a bounded number of
times, connections lost mid-batch recover, demo and real data never mix."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import intake.chain as chain_module
import intake.pipeline as pipeline_module
import intake.store as store_module
import intake.workers as workers_module
from intake.cli import main as cli_main
from intake.config import Config, load_config
from intake.errors import SourceMismatch
from intake.fetch import Envelope, Fetched
from intake.fetch.imap import ImapSource
from intake.ledger import Ledger
from intake.outcome import Outcome
from intake.pipeline import MAX_ATTEMPTS, fetch
from intake.store import FileSystem, SubmissionStore, Unsynced, submissions_folder
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
    monkeypatch.setattr(SubmissionStore, "write", _disk_full)
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
    monkeypatch.setattr(SubmissionStore, "write", _disk_full)
    assert fetch(config, receive=stub_receive).retried == 1
    monkeypatch.undo()
    assert (
        fetch(config, receive=stub_receive).summary()
        == "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.retrying() == 0


def test_a_failed_syncfs_records_nothing_and_the_next_run_accepts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """syncfs reports a writeback error (EIO): the batch's outcomes that depend on files are
    retried, not recorded; the next run writes the same bytes and records each once."""
    msgs = [plan_message(GHGM, topic="bir"), plan_message(SHGM, topic="iki")]
    config = maildir_config(tmp_path, maildir(tmp_path, msgs))

    def eio(self: FileSystem) -> None:
        raise OSError(errno.EIO, "syncfs: Input/output error")

    monkeypatch.setattr(FileSystem, "sync", eio)
    assert fetch(config, receive=stub_receive).summary() == (
        "2 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined, 2 retried"
    )
    folder = config.paths.docs / "submissions"
    written = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    assert len(written) == 2
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.retrying() == 2
    monkeypatch.undo()
    assert fetch(config, receive=stub_receive).summary() == (
        "2 new: 2 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )
    assert {p.name: p.read_bytes() for p in folder.glob("*.md")} == written
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


def _kill_on_marker(raw: bytes, arrived: datetime) -> tuple[Outcome, None]:
    """Stands in for a parser that crashes its whole process (segfault, OOM kill)."""
    if b"KILL-THE-WORKER" in raw:
        os._exit(9)
    from intake.workers import _config

    assert _config is not None
    return stub_receive(raw, _config, arrived=arrived), None


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_message_that_kills_the_parser_process_is_isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_size: int
) -> None:
    """Also with one message per batch, where the killer is parsed ahead while the message
    before it is stored: the pool it broke is replaced and nothing is lost or doubled."""
    monkeypatch.setattr(workers_module, "parse_one", _kill_on_marker)
    root = maildir(
        tmp_path,
        [
            plan_message(GHGM, topic="bir"),
            plan_message(SHGM, extra="KILL-THE-WORKER"),
            plan_message(GHGM, topic="üç", day=date(2026, 12, 9)),
        ],
    )
    config = load_config(write_config(tmp_path, {"maildir": str(root), "batch_size": batch_size}))
    first = fetch(config)  # the real (pooled) parser path
    assert first.new == 3 and first.retried >= 1
    reports = [fetch(config) for _ in range(MAX_ATTEMPTS + 1)]
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.outcome_counts() == {"accepted": 2, "quarantined": 1}
        (q,) = ledger.quarantined()
        assert ledger.retrying() == 0
    assert q["reason"] == "retry-limit" and q["sender"] == SHGM
    assert "the parser process died" in q["detail"]
    assert reports[-1].summary() == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"


def _raise_on_marker(raw: bytes, arrived: datetime) -> Any:
    """The real worker, except that a marked message makes the parser raise."""
    if b"RAISE-IN-THE-WORKER" in raw:
        raise ValueError("parser bug on purpose")
    return _REAL_WORKER(raw, arrived)


def test_a_parser_error_in_a_worker_quarantines_that_message_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages go to the pool in chunks; one raising in its chunk is quarantined with where the
    parser failed, and the others of the chunk are accepted."""
    monkeypatch.setattr(workers_module, "parse_one", _raise_on_marker)
    msgs = [plan_message(GHGM, topic=f"konu {i}", day=date(2026, 12, 2 + i)) for i in range(12)]
    msgs[5] = plan_message(SHGM, extra="RAISE-IN-THE-WORKER")
    config = maildir_config(tmp_path, maildir(tmp_path, msgs))
    report = fetch(config)
    assert report.summary() == "12 new: 11 accepted, 0 rejected, 0 ignored, 1 quarantined"
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        (q,) = ledger.quarantined()
    assert q["reason"] == "parser-error" and q["sender"] == SHGM
    assert re.fullmatch(r"ValueError: parser bug on purpose at test_pipeline\.py:\d+", q["detail"])


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


def _durability(monkeypatch: pytest.MonkeyPatch, *, whole: bool) -> None:
    """Batches made durable by one syncfs (``whole``), or by each file's and folder's fsync."""
    if not whole:
        monkeypatch.setattr(FileSystem, "of", classmethod(lambda cls, folder: None))
    else:  # syncfs exists since Linux 2.6.39; 5.8 added its error reports, which this needs not
        monkeypatch.setattr(store_module, "_kernel", lambda: (5, 8))


@pytest.mark.parametrize("whole", [True, False], ids=["syncfs", "fsync-each"])
def test_files_are_durable_before_their_outcome_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    """Syncs are batched, but every file a recorded outcome depends on (the submission, its
    images, the older plan it supersedes) and its folder were made durable before the ledger
    row: by one syncfs of the file system (Linux ≥ 5.8), or else by each file's and folder's
    fsync."""
    events: list[tuple[str, object]] = []
    real_sync = Unsynced.sync
    real_record = Ledger.record
    _durability(monkeypatch, whole=whole)

    def sync(self: Unsynced) -> None:
        assert (self.filesystem is not None) is whole
        files, folders = self.paths, self.folders
        if whole:  # syncfs: every file on the file system, as it is now
            assert files == []
            files = [p for f in folders for p in f.iterdir() if p.is_file()]
        real_sync(self)
        events.extend(("synced", p) for p in files)
        events.extend(("synced", f) for f in folders)

    def record(self: Ledger, **kw: Any) -> int:
        events.append(("record", kw))
        return real_record(self, **kw)

    monkeypatch.setattr(Unsynced, "sync", sync)
    monkeypatch.setattr(Ledger, "record", record)

    # one batch: three plans of one unit for one week (a chain within the batch), one with an
    # image, another unit's plan, a mail from a stranger, and the first plan again (a duplicate)
    def at(minute: int) -> datetime:
        return datetime(2026, 11, 26, 10, minute, tzinfo=TZ)

    msgs = [
        plan_message(GHGM, topic="a", message_id="<a@example.gov.tr>", sent=at(1)),
        plan_message(SHGM, topic="s", image=PNG, sent=at(2)),
        plan_message(GHGM, topic="b", message_id="<b@example.gov.tr>", sent=at(3)),
        plan_message("someone@elsewhere.example.com", topic="c", sent=at(4)),
        plan_message(GHGM, topic="d", message_id="<d@example.gov.tr>", sent=at(5)),
    ]
    msgs.append(msgs[0])
    config = maildir_config(tmp_path, maildir(tmp_path, msgs))
    report = fetch(config, receive=stub_receive)
    assert report.summary() == "6 new: 4 accepted, 0 rejected, 1 ignored, 1 quarantined"
    folder = config.paths.docs / "submissions"
    records = [(i, kw) for i, (kind, kw) in enumerate(events) if kind == "record"]
    assert [kw["outcome"] for _, kw in records] == [  # type: ignore[index]
        "accepted",
        "accepted",
        "accepted",
        "quarantined",
        "accepted",
        "ignored",
    ]
    checked = 0
    for i, kw in records:
        assert isinstance(kw, dict)
        synced = {p for kind, p in events[:i] if kind == "synced"}
        needed = {folder / f"{entry.id}.md" for entry in kw["index"]}
        if kw["submission_id"]:
            needed.add(folder / f"{kw['submission_id']}.md")
        for path in needed:
            assert path.is_file()
            assert path in synced and path.parent in synced, (path, kw["outcome"])
            checked += 1
    images = sorted((folder / "img").iterdir())
    assert len(images) == 1
    assert images[0] in {p for kind, p in events if kind == "synced"}
    assert checked == 6  # a; s; b + a (superseded); d + b (superseded)
    subs = {
        s.items[0].topic: s
        for s in SubmissionStore(folder).load_all()
        if not isinstance(s, Exception)
    }
    assert [subs[t].status for t in "abd"] == ["superseded", "superseded", "received"]
    assert subs["d"].supersedes == (subs["b"].id,)


_EDIT_BETWEEN = {"on": False}
_REAL_WORKER = workers_module.parse_one


def _worker_then_edit(raw: bytes, arrived: datetime) -> Any:
    """The real worker; with _EDIT_BETWEEN on, plan b's worker then edits the older plan's file
    (as the office might) before the main process gets the result."""
    result = _REAL_WORKER(raw, arrived)
    if _EDIT_BETWEEN["on"] and b"topic-b" in raw:
        assert workers_module._config is not None
        store = SubmissionStore(submissions_folder(workers_module._config))
        (older,) = [s for s in store.load_all() if not isinstance(s, Exception)]
        store.write(replace(older, items=(replace(older.items[0], topic="edited"),)))
    return result


def _second_plan_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit_between: bool
) -> tuple[dict[str, Any], int]:
    """Plan a, fetched; then plan b (same unit and week) through the real parser pool, whose
    worker renders b and the superseded a ahead. ``edit_between``: the office edits a's file after
    the worker read it and before the main process writes. Returns the plans by topic and how
    many files the main process rendered itself."""
    monkeypatch.setattr(workers_module, "parse_one", _worker_then_edit)
    monkeypatch.setitem(_EDIT_BETWEEN, "on", edit_between)

    def at(minute: int) -> datetime:
        return datetime(2026, 11, 26, 10, minute, tzinfo=TZ)

    root = maildir(tmp_path, [plan_message(GHGM, topic="topic-a", sent=at(1))])
    config = maildir_config(tmp_path, root)
    assert fetch(config).accepted == 1
    (root / "cur" / "1795689999.M9P9.host:2,S").write_bytes(
        plan_message(GHGM, topic="topic-b", sent=at(2))
    )
    rendered_here = 0
    real_write = SubmissionStore.write

    def counting_write(self: SubmissionStore, sub: Any, **kw: Any) -> Path:
        nonlocal rendered_here
        rendered_here += 1
        return real_write(self, sub, **kw)

    monkeypatch.setattr(SubmissionStore, "write", counting_write)
    written_here: list[Path] = []
    real_atomic = pipeline_module.atomic_write

    def counting_atomic(path: Path, data: Any, **kw: Any) -> bool:
        written_here.append(path)
        return real_atomic(path, data, **kw)

    monkeypatch.setattr(pipeline_module, "atomic_write", counting_atomic)
    assert fetch(config).accepted == 1
    store = SubmissionStore(config.paths.docs / "submissions")
    assert not list(store.folder.glob(".*.tmp"))  # no temp file left behind
    if not edit_between:  # the worker wrote both files; this process only renamed them
        assert written_here == []
    subs = {s.items[0].topic: s for s in store.load_all() if not isinstance(s, Exception)}
    for path in store.paths():  # every file is exactly what the store renders for it
        assert store.render(store.read(path)) == path.read_text(encoding="utf-8")
    return subs, rendered_here


def test_worker_renders_the_superseded_plan_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subs, rendered_here = _second_plan_run(tmp_path, monkeypatch, edit_between=False)
    a, b = subs["topic-a"], subs["topic-b"]
    assert (a.status, a.superseded_by, b.status, b.supersedes) == (
        "superseded",
        b.id,
        "received",
        (a.id,),
    )
    assert rendered_here == 0  # both files came rendered from the worker


def test_a_file_edited_after_the_worker_read_it_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subs, rendered_here = _second_plan_run(tmp_path, monkeypatch, edit_between=True)
    a, b = subs["edited"], subs["topic-b"]  # the office's edit is kept, and a is superseded
    assert (a.status, a.superseded_by, b.supersedes) == ("superseded", b.id, (a.id,))
    assert rendered_here == 1  # a, rendered again from what the file holds now


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
    """A run killed while workers had written files ahead leaves ``.NAME.*.tmp`` files in the
    submissions folder; the next run removes them (and nothing else)."""
    root = maildir(tmp_path, [plan_message(GHGM, topic="bir")])
    config = maildir_config(tmp_path, root)
    assert fetch(config).accepted == 1
    folder = config.paths.docs / "submissions"
    left = folder / ".2026-w49-ghgm-plan-00000000.md.k1llz.tmp"
    left.write_text("half a file", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    assert fetch(config).summary() == "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    assert sorted(p.name for p in folder.iterdir()) == [n for n in before if n != left.name]


def test_images_written_ahead_by_a_worker_are_put_in_place(tmp_path: Path) -> None:
    """Through the real parser pool: the worker writes the image and the submission into temp
    files, this process renames them; the bytes are the attachment's, nothing is left over."""
    root = maildir(tmp_path, [plan_message(GHGM, image=PNG)])
    config = maildir_config(tmp_path, root)
    assert fetch(config).accepted == 1
    folder = config.paths.docs / "submissions"
    (sub,) = [s for s in SubmissionStore(folder).load_all() if not isinstance(s, Exception)]
    (image,) = sub.items[0].images
    assert (config.paths.docs / image).read_bytes() == PNG
    assert (config.paths.docs / image).stat().st_mode & 0o777 == 0o644
    assert not [p for p in folder.rglob(".*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("whole", [True, False], ids=["syncfs", "fsync-each"])
def test_files_written_ahead_are_durable_before_their_outcome_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    """Through the real parser pool: the folder holding the files the workers wrote ahead is
    synced before the outcome that depends on them is recorded. With syncfs that one call
    covers the files too, and the workers fsync nothing; without, each worker fsyncs every
    file it writes ahead before this process renames it."""
    events: list[tuple[str, object]] = []
    real_sync, real_record, real_fsync = Unsynced.sync, Ledger.record, os.fsync
    fsynced = tmp_path / "fsynced.log"  # the workers are forked: they log to a file
    _durability(monkeypatch, whole=whole)

    def sync(self: Unsynced) -> None:
        assert (self.filesystem is not None) is whole
        folders = self.folders
        real_sync(self)
        events.extend(("synced", f) for f in folders)

    def record(self: Ledger, **kw: Any) -> int:
        events.append(("record", kw["submission_id"]))
        return real_record(self, **kw)

    def fsync(fd: int) -> None:
        with fsynced.open("a") as log:
            log.write(f"{os.getpid()} {os.readlink(f'/proc/self/fd/{fd}')}\n")
        real_fsync(fd)

    monkeypatch.setattr(Unsynced, "sync", sync)
    monkeypatch.setattr(Ledger, "record", record)
    monkeypatch.setattr(os, "fsync", fsync)
    msgs = [plan_message(GHGM, topic="bir", image=PNG), plan_message(SHGM, topic="iki")]
    config = maildir_config(tmp_path, maildir(tmp_path, msgs))
    folder = config.paths.docs / "submissions"
    (folder / "img").mkdir(parents=True)  # as an earlier run left them: workers write there
    assert fetch(config).accepted == 2
    records = [i for i, (kind, _) in enumerate(events) if kind == "record"]
    assert len(records) == 2
    first = {f for k, f in events[: records[0]] if k == "synced"}  # the plan with the image
    second = {f for k, f in events[: records[1]] if k == "synced"}
    assert {folder, folder / "img"} <= first and folder in second
    lines = fsynced.read_text().splitlines() if fsynced.exists() else []
    by_workers = [
        path for pid, path in (line.split(" ", 1) for line in lines) if int(pid) != os.getpid()
    ]
    if whole:
        assert by_workers == []
    else:  # the two submissions and the image, each as its temp file
        assert len(by_workers) == 3 and all(p.endswith(".tmp") for p in by_workers)
        assert {Path(p).parent for p in by_workers} == {folder, folder / "img"}


def _run_twice(tmp: Path, first: list[bytes], second: list[bytes], **kw: Any) -> dict[str, Any]:
    """Two fetches (the second mailbox adds ``second``): every file written, and the ledger."""
    config = maildir_config(tmp, maildir(tmp, first))
    folder = config.paths.docs / "submissions"
    (folder / "img").mkdir(parents=True)  # as an earlier run left them: workers write there
    assert fetch(config, **kw).accepted == len(first)
    maildir(tmp, second, start=1795693300)
    assert fetch(config, **kw).accepted == len(second)
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        rows = ledger.db.execute(
            "SELECT id, unit, week, type, received, status FROM submissions ORDER BY id"
        ).fetchall()
        messages = ledger.db.execute(
            "SELECT outcome, reason, submission_id FROM messages ORDER BY submission_id"
        ).fetchall()
    files = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return {"files": files, "rows": [tuple(r) for r in rows], "messages": messages}


def test_parser_pool_and_slim_results_write_what_the_parser_in_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real pool, most results come without their submission (workers.slim): only
    the file the worker wrote ahead. Chains that change within a batch make this process render
    the plan again with the links it found (chain.relink). Files and ledger are the same
    bytes as with the parser run in this process."""

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, 26, hour, minute, tzinfo=TZ)

    first = [
        plan_message(GHGM, topic="a", message_id="<a@example.gov.tr>", sent=at(9), image=PNG),
        plan_message(SHGM, topic="s", message_id="<s@example.gov.tr>", sent=at(9, 5)),
        plan_message(GHGM, topic="b", message_id="<b@example.gov.tr>", sent=at(9, 10)),
        plan_message(GHGM, topic="c", message_id="<c@example.gov.tr>", sent=at(9, 20)),
    ]
    second = [  # corrections of plans a run recorded: the worker prepares the older plan
        plan_message(SHGM, topic="s2", message_id="<s2@example.gov.tr>", sent=at(11)),
        plan_message(GHGM, topic="d", message_id="<d@example.gov.tr>", sent=at(11, 5)),
    ]
    counts = {"slim": 0, "relinked": 0, "known": 0}
    real_of, real_relink = pipeline_module._New.of, pipeline_module.relink_safely

    def of(outcome: Outcome, *rest: Any) -> Any:
        counts["slim"] += outcome.outcome == "accepted" and outcome.submission is None
        return real_of(outcome, *rest)

    def relink(*args: Any, **kwargs: Any) -> Any:
        counts["relinked"] += 1
        counts["known"] += args[7] is not None  # a file this run wrote: its entries re-emitted
        return real_relink(*args, **kwargs)

    monkeypatch.setattr(pipeline_module._New, "of", staticmethod(of))
    monkeypatch.setattr(pipeline_module, "relink_safely", relink)
    pooled = _run_twice(tmp_path / "pool", first, second)
    assert counts["slim"] == 6 and counts["relinked"] >= 2 and counts["known"] >= 2, counts
    here = _run_twice(tmp_path / "here", first, second, receive=workers_module.parser())
    assert counts["slim"] == 6  # none in this process
    assert pooled["rows"] == here["rows"] and pooled["messages"] == here["messages"]
    assert pooled["files"].keys() == here["files"].keys()
    for name, data in here["files"].items():
        assert pooled["files"][name] == data, name
    statuses = [row[5] for row in here["rows"]]
    assert statuses.count("superseded") == 4 and len(statuses) == 6  # a, b, c; s


def test_a_worker_result_leaves_the_text_in_the_file_written_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a worker sends back is small (the pipe holds 64 KB; past that the worker waits for
    the main process to read): no submission, no image bytes, no text (the temp file has it)."""
    import pickle

    config = maildir_config(tmp_path, maildir(tmp_path, []))
    folder = config.paths.docs / "submissions"
    (folder / "img").mkdir(parents=True)
    for name in ("_config", "_ledger", "_sync_each"):
        monkeypatch.setattr(workers_module, name, getattr(workers_module, name))
    workers_module._init(config, sync_each=False)
    arrived = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)
    jobs = [
        (plan_message(GHGM, topic=f"t{i}", image=PNG, size_to=20_000), arrived) for i in range(8)
    ]
    assert min(len(raw) for raw, _ in jobs) >= 20_000
    results = workers_module.parse_chunk(jobs)
    assert len(pickle.dumps(results)) < 16_000
    store = SubmissionStore(folder)
    for i, result in enumerate(results):
        assert isinstance(result, tuple)
        outcome, prepared = result
        assert outcome.outcome == "accepted" and outcome.submission is None
        assert outcome.attachments == ()
        (ready,) = prepared.values()
        assert ready.text == "" and ready.written is not None and ready.entry is not None
        sub = store.parse(Path(ready.written).read_text(encoding="utf-8"), ready.written)
        assert sub.id == ready.entry.id and sub.items[0].topic == f"t{i}"
        ((name, image),) = ready.images
        assert Path(image).read_bytes() == PNG and name.startswith(sub.id)


def _relink_fails_for_new_plans(*args: Any, **kwargs: Any) -> chain_module.Relinked:
    """chain.relink as it would fail on the new plan's file: that relink reads the worker's
    temp file and drops it (its ``drop`` argument)."""
    drop = args[5]
    if drop:
        return chain_module.Relinked("", None, "stand-in failure")
    return _REAL_RELINK(*args, **kwargs)


_REAL_RELINK = chain_module.relink


def test_a_failed_relink_retries_the_message_and_the_next_run_accepts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan whose chain changed while a worker parsed it is rendered again in a worker; if
    that fails, its message is retried (not recorded), and the next run stores it once."""

    def at(hour: int) -> datetime:
        return datetime(2026, 11, 26, hour, tzinfo=TZ)

    config = maildir_config(
        tmp_path, maildir(tmp_path, [plan_message(GHGM, topic="a", sent=at(8))])
    )
    folder = config.paths.docs / "submissions"
    (folder / "img").mkdir(parents=True)
    assert fetch(config).accepted == 1
    # b and c in one batch: c's worker does not see b, this process does: c is rendered again
    maildir(
        tmp_path,
        [plan_message(GHGM, topic="b", sent=at(9)), plan_message(GHGM, topic="c", sent=at(10))],
        start=1795693300,
    )
    monkeypatch.setattr(chain_module, "relink", _relink_fails_for_new_plans)
    assert fetch(config).summary() == (
        "2 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined, 1 retried"
    )
    monkeypatch.undo()
    assert fetch(config).summary() == "1 new: 1 accepted, 0 rejected, 0 ignored, 0 quarantined"
    subs = {
        s.items[0].topic: s
        for s in SubmissionStore(folder).load_all()
        if not isinstance(s, Exception)
    }
    assert [subs[t].status for t in "abc"] == ["superseded", "superseded", "received"]
    assert subs["c"].supersedes == (subs["b"].id,) and subs["b"].superseded_by == subs["c"].id
    assert subs["b"].supersedes == (subs["a"].id,) and subs["a"].superseded_by == subs["b"].id
    assert not list(folder.rglob(".*.tmp"))
