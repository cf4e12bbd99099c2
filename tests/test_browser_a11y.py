"""axe-core (npm, node_modules/axe-core) in the same real Chromium: no WCAG 2.1 A/AA violation
on any page type, with and without the crisis banner."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.servers.browser import format_violations, run_axe
from tests.servers.web import PAGE_TYPES, BuiltSite

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
@pytest.mark.parametrize(
    ("crisis", "width"),
    [("none", 1280), ("national", 1280), ("national", 390)],
    ids=["none", "national", "national-phone"],
)
def test_no_wcag_21_aa_violation(
    web_page: Page, browser_sites: dict[str, BuiltSite], crisis: str, width: int, page_type: str
) -> None:
    """Desktop without and with the crisis banner; a phone width, where wide tables scroll."""
    site = browser_sites[crisis]
    web_page.set_viewport_size({"width": width, "height": 900})
    response = web_page.goto(site.url(PAGE_TYPES[page_type]), wait_until="load")
    assert response is not None and response.status == 200
    assert web_page.evaluate("document.documentElement.lang") == "tr"
    violations = run_axe(web_page)
    where = f"{crisis}/{page_type} at {width}px ({web_page.url})"
    if violations:
        print(format_violations(where, violations))
    assert violations == [], format_violations(where, violations)


def test_axe_sees_a_real_violation(web_page: Page, browser_sites: dict[str, BuiltSite]) -> None:
    """The check can fail: an image without alt text and low-contrast text are reported."""
    site = browser_sites["none"]
    web_page.goto(site.url(PAGE_TYPES["home"]), wait_until="load")
    web_page.evaluate("""() => {
        const img = document.createElement('img'); img.src = 'assets/images/favicon.png';
        document.querySelector('article').append(img);
        const p = document.createElement('p'); p.textContent = 'Soluk metin';
        p.style.color = '#eeeeee'; p.style.background = '#ffffff';
        document.querySelector('article').append(p);
    }""")
    ids = {v["id"] for v in run_axe(web_page)}
    assert {"image-alt", "color-contrast"} <= ids, ids
