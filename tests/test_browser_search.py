"""Material's search in a real Chromium, with Turkish words typed in another case.

JavaScript lower-cases "İ" to "i" + U+0307 and "I" to "i", so out of the box "GENÇLİK" does not
find "gençlik", "IŞIK…" does not find "ışık…" and "inebolu" does not find "İnebolu".
docs/assets/javascripts/turkish-search.js (listed in mkdocs.yml `extra_javascript`) folds both
the index and the query; these tests type into the real search box.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, Route

from tests.servers.web import WEEK, BuiltSite

pytestmark = pytest.mark.browser

RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(li => {
    const a = li.querySelector('a');
    return {href: a ? a.href : '', text: li.textContent,
            marks: [...li.querySelectorAll('mark')].map(m => m.textContent)};
})"""


def search(
    page: Page, site: BuiltSite, query: str, *, path: str = "", expect_results: bool = True
) -> list[dict[str, Any]]:
    """Type ``query`` into the header's search box; return the result items shown."""
    if not page.url.startswith(site.url()):
        response = page.goto(site.url(path), wait_until="load")
        assert response is not None and response.status == 200
    box = page.locator("input.md-search__input")
    page.locator(
        "label.md-search__icon[for='__search']"
    ).first.click() if not box.is_visible() else box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    meta = page.locator(".md-search-result__meta")
    if expect_results:
        page.wait_for_function(
            "() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000
        )
        # Material shows ten results and renders more as the list is scrolled: scroll until
        # no more appear
        items = page.locator(".md-search-result__item")
        seen, stable = items.count(), 0
        while stable < 3:
            page.evaluate("""async () => {
                const w = document.querySelector('.md-search__scrollwrap');
                w.scrollTop = 0; w.dispatchEvent(new Event('scroll'));
                await new Promise(r => requestAnimationFrame(r));
                w.scrollTop = w.scrollHeight; w.dispatchEvent(new Event('scroll')); }""")
            page.wait_for_timeout(150)
            count = items.count()
            stable = stable + 1 if count == seen else 0
            seen = count
    else:
        # wait until the worker has answered this query (the meta line no longer asks the
        # user to type), then read what is shown
        page.wait_for_function(
            "m => m && /\\d|bulunamad|no match/i.test(m.textContent)",
            arg=meta.element_handle(),
            timeout=10_000,
        )
        page.wait_for_timeout(300)
    results: list[dict[str, Any]] = page.evaluate(RESULTS)
    return results


def week_hits(results: list[dict[str, Any]], site: BuiltSite) -> list[dict[str, Any]]:
    week_url = site.url(f"calendar/{WEEK}/")
    return [r for r in results if re.split(r"[?#]", r["href"])[0] == week_url]


def marked(results: list[dict[str, Any]]) -> set[str]:
    return {m for r in results for m in r["marks"]}


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("GENÇLİK", "gençlik"),  # İ → i (not i + U+0307)
        ("gençlik", "gençlik"),  # the lower-case query itself
        ("Gençlik", "gençlik"),
        ("İZCİLİK", "izcilik"),  # İ → i, a word only in one post
        ("IŞIKLANDIRMA", "ışıklandırma"),  # I → ı (not i)
        ("Işıklandırma", "ışıklandırma"),
    ],
)
def test_turkish_case_finds_the_post_and_highlights_it(
    web_page: Page, browser_sites: dict[str, BuiltSite], query: str, word: str
) -> None:
    site = browser_sites["none"]
    results = search(web_page, site, query)
    hits = week_hits(results, site)
    assert hits, f"{query!r}: the week page is not among {[r['href'] for r in results]}"
    assert any(word in r["text"].lower() or word in r["text"] for r in hits), hits
    # the word itself is highlighted in the displayed (unchanged) text
    assert any(m.lower().startswith(word[:4]) or word in m for m in marked(hits)), hits


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("inebolu", "İnebolu"),  # capital İ in the page, lower case typed
        ("INEBOLU", "İnebolu"),  # … typed without the dot
        ("genclik", "gençlik"),  # typed without Turkish letters
        ("isiklandirma", "ışıklandırma"),
        ("GENCLIK", "gençlik"),
    ],
)
def test_dotted_capitals_and_missing_diacritics_still_match(
    web_page: Page, browser_sites: dict[str, BuiltSite], query: str, shown: str
) -> None:
    site = browser_sites["none"]
    hits = week_hits(search(web_page, site, query), site)
    assert hits, f"{query!r} does not find the week page"
    assert any(shown in r["text"] for r in hits), hits


def test_a_word_only_in_a_superseded_plan_finds_nothing(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    assert search(web_page, site, "zeplin", expect_results=False) == []
    # and the same session still finds real words afterwards
    assert week_hits(search(web_page, site, "GENÇLİK"), site)


def test_works_when_the_index_reaches_the_worker_before_the_script(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """turkish-search.js loads after Material's bundle; if the index was already sent to the
    worker, the first query re-sends a folded index."""
    site = browser_sites["none"]

    def slow_script(route: Route) -> None:
        time.sleep(1.5)
        route.continue_()

    web_page.route(re.compile(r".*/turkish-search\.js$"), slow_script)
    web_page.goto(site.url(""), wait_until="load")
    web_page.wait_for_timeout(500)
    hits = week_hits(search(web_page, site, "İNEBOLU"), site)
    assert hits and any("İnebolu" in r["text"] for r in hits), hits


def test_material_alone_misses_turkish_capitals(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """Without turkish-search.js the same query finds nothing: the script is what fixes it
    (if this fails, Material fixed Turkish casing itself and the script may be dropped)."""
    site = browser_sites["none"]
    web_page.route(re.compile(r".*/turkish-search\.js$"), lambda route: route.abort())
    web_page.goto(site.url(""), wait_until="load")
    assert week_hits(search(web_page, site, "İZCİLİK", expect_results=False), site) == []


def test_the_script_is_listed_in_mkdocs_yml(browser_sites: dict[str, BuiltSite]) -> None:
    html = (browser_sites["none"].site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="assets/javascripts/turkish-search\.js', html), (
        "mkdocs.yml extra_javascript must list assets/javascripts/turkish-search.js"
    )
