"""``intake watch`` against a real Dovecot: new mail appears on the built site within seconds,
a connection the server drops mid-IDLE is survived, SIGTERM stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from intake.ledger import Ledger
from tests.servers.dovecot import PASSWORD, DovecotServer
from tests.test_office import GHGM
from tests.test_office_loop import loop_config
from tests.test_pipeline_support import plan_message

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.imap


class _Lines:
    """The watch's output, read as it comes."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        self.thread = threading.Thread(target=lambda: self.lines.extend(iter(stream.readline, "")))
        self.thread.start()

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            time.sleep(0.1)
        raise AssertionError(f"no line with {text!r} in {timeout} s:\n" + "".join(self.lines))


def _page(config_site: Path, week: str) -> str:
    path = config_site / "calendar" / week / "index.html"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _until(check: object, timeout: float = 60, what: _Lines | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(
        f"not within {timeout} s; the watch said:\n" + "".join(what.lines if what else [])
    )


def test_watch_builds_new_mail_survives_a_drop_and_stops_on_sigterm(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = dovecot.user()
    config = loop_config(tmp_path, dovecot, user)
    env = {
        **os.environ,
        "INTAKE_TEST_IMAP_PASSWORD": PASSWORD,
        "INTAKE_NOW": "2026-12-02T10:00:00+03:00",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "intake.cli", "--config", str(config.path), "watch"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = _Lines(proc)
    try:
        out.wait_for("watching imap")
        _until(lambda: (config.paths.site / "index.html").exists())  # the first pass built it
        dovecot.append(user, [plan_message(GHGM, topic="İzlenen ilk plan", day=date(2026, 12, 2))])
        _until(lambda: "İzlenen ilk plan" in _page(config.paths.site, "2026-W49"))
        out.wait_for("1 new: 1 accepted")

        dovecot.kick(user, wait=False)  # the server drops the IDLE connection
        out.wait_for("the IDLE connection was lost")
        dovecot.append(
            user, [plan_message(GHGM, topic="Bağlantı koptuktan sonra", day=date(2026, 12, 9))]
        )
        _until(
            lambda: "Bağlantı koptuktan sonra" in _page(config.paths.site, "2026-W50"),
            what=out,
        )

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.thread.join(5)
    out.wait_for("stopping (SIGTERM)", timeout=1)
    out.wait_for("stopped", timeout=1)
    assert not list((config.paths.docs / "submissions").glob(".*.tmp"))  # nothing half-written
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        assert ledger.outcome_counts() == {"accepted": 2}
        assert ledger.db.execute("SELECT COUNT(*) FROM messages WHERE moved=0").fetchone()[0] == 0
