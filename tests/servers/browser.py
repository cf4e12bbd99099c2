"""A real headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright for Python.

One browser per test session (``chromium_browser``); every test gets a fresh, empty browser
context (its own profile: cookies, storage, cache, service workers) through ``browser_context``
and a page in it through ``web_page``. ``playwright install`` is never needed: the system
executable is launched directly. A missing Chromium is an error, never a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}


def chromium_executable() -> str:
    """``$CHROMIUM`` or Debian's chromium; raises (never skips) when it is missing."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError(
        "Chromium not found at /usr/bin/chromium: install it with `make system-deps` "
        "(apt-get install chromium) or point $CHROMIUM at a Chromium executable"
    )


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS
    )


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = launch(playwright_driver)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def browser_context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (new profile) per test, Turkish locale, Istanbul time zone."""
    context = chromium_browser.new_context(
        viewport=VIEWPORT,  # type: ignore[arg-type]
        locale="tr-TR",
        timezone_id="Europe/Istanbul",
        service_workers="block",
    )
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def web_page(browser_context: BrowserContext) -> Iterator[Page]:
    """A page that records console errors and failed requests in ``page.problems``."""
    page = browser_context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # a request aborted by the next navigation (net::ERR_ABORTED) is not a problem
    page.on(
        "requestfailed",
        lambda r: (
            problems.append(f"request failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in str(r.failure)
            else None
        ),
    )
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    page.close()


def run_axe(page: Page) -> list[dict[str, object]]:
    """Inject axe-core (from node_modules) and return the WCAG 2.1 A/AA violations."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` (or `make system-deps`)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result: list[dict[str, object]] = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                          summary: n.failureSummary}))}));
        }"""
    )
    return result


def format_violations(where: str, violations: list[dict[str, object]]) -> str:
    lines = [f"{where}: {len(violations)} WCAG 2.1 A/AA violation(s)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"]:  # type: ignore[attr-defined]
            lines.append(f"    at {node['target']}: {node['html']}")
            summary = str(node["summary"] or "").replace("\n", " | ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    """Full-page PNG under test-artifacts/screenshots/ (gitignored)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
