"""Shared pytest setup. Server fixtures live in tests/servers/ (Dovecot, SMTP, Chromium)."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

pytest_plugins = ["tests.servers.fixtures"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, None, None]:
    """In CI a skipped test is a failed test: no server or browser may be silently missing."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (not allowed): {report.longrepr}"


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin time zone and locale so output is the same on every machine."""
    monkeypatch.setenv("TZ", "Europe/Istanbul")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
