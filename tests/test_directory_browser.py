"""The directory pages in the built site, in real headless Chromium (served as the README says).

Uses the shared ``browser_sites`` fixture (tests/servers/web.py: the demo units of
samples/intake.yml, built with ``intake build`` and served on loopback).
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page

from intake.render.directory import plan_template_csv, plan_template_xlsx
from tests.servers.web import BuiltSite

pytestmark = pytest.mark.browser

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page(page: Page, site: BuiltSite, path: str) -> None:
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )


def test_guide_mailto_links_open_prefilled_messages(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    open_page(web_page, browser_sites["none"], "guide/")
    hrefs = web_page.eval_on_selector_all("article a[href^='mailto:']", "as => as.map(a => a.href)")
    subjects = {}
    for href in hrefs:
        parts = urlsplit(href)
        if not parts.query:
            continue
        fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert parts.path == "sosyalmedya@example.gov.tr", href
        subjects[fields["subject"]] = fields["body"]
    assert set(subjects) == {"HAFTALIK PLAN", "İÇERİK ÖNERİSİ", "DUYURU", "PAYLAŞIM BİLDİRİMİ"}
    assert subjects["HAFTALIK PLAN"].startswith("Hafta: 2026-W50\r\n\r\nTarih: 07.12.2026\r\n")
    # the copyable block on the page holds the same text as the prefilled body
    blocks = web_page.eval_on_selector_all("article pre code", "cs => cs.map(c => c.innerText)")
    assert subjects["HAFTALIK PLAN"].replace("\r\n", "\n").strip() in [b.strip() for b in blocks]


def test_guide_code_blocks_have_copy_buttons(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """Material adds a copy button to every code block when mkdocs.yml enables
    ``theme.features: content.code.copy``."""
    open_page(web_page, browser_sites["none"], "guide/")
    web_page.wait_for_timeout(500)
    blocks = web_page.locator("article pre").count()
    assert blocks >= 7  # the field-form templates, and the line forms the guide shows
    buttons = web_page.locator("article pre .md-code__button, article pre .md-clipboard").count()
    assert buttons == blocks, "mkdocs.yml needs `content.code.copy` under theme.features"


@pytest.mark.parametrize(
    ("name", "content_type"), [("plan-sablonu.csv", "text/csv"), ("plan-sablonu.xlsx", XLSX_TYPE)]
)
def test_guide_plan_templates_download(
    web_page: Page, browser_sites: dict[str, BuiltSite], name: str, content_type: str
) -> None:
    site = browser_sites["none"]
    open_page(web_page, site, "guide/")
    (href,) = web_page.eval_on_selector_all(
        f"article a[href$='{name}']", "as => as.map(a => a.href)"
    )
    with urllib.request.urlopen(href, timeout=10) as response:  # noqa: S310 - loopback test server
        body = response.read()
        assert response.headers.get_content_type() == content_type
    assert body == (plan_template_csv() if name.endswith(".csv") else plan_template_xlsx())


def test_units_page_lists_every_unit_with_tel_and_mailto_without_scrolling(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    open_page(web_page, browser_sites["none"], "units/")
    headers = web_page.eval_on_selector_all(
        "article table th", "ths => ths.map(t => t.innerText.trim())"
    )
    assert headers == [
        "Birim",
        "İrtibat kişisi",
        "Telefon ve e-posta",
        "Kayıtlı gönderim adresleri",
    ]
    rows = web_page.eval_on_selector_all(
        "article table tbody tr", "trs => trs.map(tr => tr.cells[0].innerText)"
    )
    assert len(rows) == 10
    assert rows[0].startswith("Bilgi İşlem") and rows[-1].startswith("Yükseköğrenim")
    tels = web_page.eval_on_selector_all(
        "article a[href^='tel:']", "as => as.map(a => a.getAttribute('href'))"
    )
    assert len(tels) == 10 and "tel:+903125966110" in tels
    # the whole table is visible at a desktop width: nothing hides behind a horizontal scroll
    web_page.set_viewport_size({"width": 1280, "height": 900})
    overflow = web_page.eval_on_selector("article table", "t => t.scrollWidth - t.clientWidth")
    assert overflow <= 0, f"units table scrolls horizontally by {overflow}px"


def test_office_page_is_kept_out_of_the_search_index(browser_sites: dict[str, BuiltSite]) -> None:
    site = browser_sites["none"]
    with urllib.request.urlopen(site.url("search/search_index.json"), timeout=10) as response:  # noqa: S310
        index = json.load(response)
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("guide/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("office/")]


def test_reshares_page_shows_tables_or_its_empty_state(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    open_page(web_page, site, "reshares/")
    assert web_page.locator("article h1").inner_text().strip().startswith("Yeniden paylaşım takibi")
    headings = web_page.eval_on_selector_all(
        "article h2", "hs => hs.map(h => h.innerText.replace(/\\s*¶\\s*$/, '').trim())"
    )
    tracked = (site.project / "calendar" / "ministry-posts.yml").exists() or any(
        "type: reshare" in p.read_text(encoding="utf-8")
        for p in (site.project / "docs" / "submissions").glob("*.md")
    )
    assert tracked  # the dataset lists ministry posts (tests/fixtures/site/dataset.yml)
    if tracked:
        assert headings[0].startswith("Birimlere göre genel durum"), headings
        assert web_page.locator("article table").count() >= 2
    else:
        assert headings == ["Henüz takip edilen paylaşım yok"], headings


@pytest.mark.parametrize("width", [390, 1366, 1920])
def test_reshares_matrix_fits_the_screen_and_links_each_units_post(
    web_page: Page, browser_sites: dict[str, BuiltSite], width: int
) -> None:
    """The dataset's ministry posts (calendar/ministry-posts.yml) × units: nothing makes the page
    scroll sideways; a table wider than a phone scrolls inside its own box, which the keyboard
    reaches; the units' posts are linked, twitter.com reports counted for x.com posts."""
    site = browser_sites["none"]
    web_page.set_viewport_size({"width": width, "height": 900})
    open_page(web_page, site, "reshares/")
    overflow = web_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    web_page.wait_for_timeout(200)  # scroll-regions.js marks boxes on the next frame
    boxes = web_page.eval_on_selector_all(
        "article .md-typeset__scrollwrap, article table",
        """els => els.map(e => {
            const s = getComputedStyle(e);
            const scrolls = /(auto|scroll)/.test(s.overflowX + ' ' + s.overflow)
                            && e.scrollWidth > e.clientWidth + 1;
            return {scrolls, reachable: !scrolls || e.getAttribute('tabindex') === '0'};
        })""",
    )
    # a matrix wider than the screen scrolls in its own box, which the keyboard reaches
    assert boxes and all(b["reachable"] for b in boxes), boxes
    week = web_page.locator("article h2", has_text="49")
    assert week.count() == 1
    ghgm = web_page.locator("article table tr", has=web_page.locator("td", has_text="GHGM"))
    links = ghgm.locator("a[href='https://x.com/gsbghgm/status/1861100000000000002']")
    assert links.count() == 1 and links.first.inner_text().strip() == "GHGM paylaşımı"
    rates = web_page.locator("article table").first.inner_text()
    assert "GHGM: Gençlik Hizmetleri Genel Müdürlüğü\t%100 (2/2)" in rates


def test_reshare_rates_sort_by_a_column_from_the_keyboard(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """sortable-tables.js: each header of the rates table is a button; Enter sorts ascending,
    again descending, the header says which (aria-sort); "—" (nothing to count) sorts first."""
    open_page(web_page, browser_sites["none"], "reshares/")
    table = web_page.locator("article table").first
    button = table.locator("thead th button", has_text="Son 4 hafta")
    assert table.locator("thead th button").count() == 5
    column = "rows => rows.map(r => r.cells[1].innerText.trim())"
    before = table.locator("tbody tr").evaluate_all(column)
    button.focus()
    web_page.keyboard.press("Enter")
    up = table.locator("tbody tr").evaluate_all(column)
    assert button.locator("xpath=..").get_attribute("aria-sort") == "ascending"
    numbers = [-1 if v == "—" else int(v.split()[0].lstrip("%")) for v in up]
    assert numbers == sorted(numbers) and sorted(up) == sorted(before) and up != before
    web_page.keyboard.press("Enter")
    down = table.locator("tbody tr").evaluate_all(column)
    assert button.locator("xpath=..").get_attribute("aria-sort") == "descending"
    assert [-1 if v == "—" else int(v.split()[0].lstrip("%")) for v in down] == sorted(
        numbers, reverse=True
    )
    names = table.locator("thead th button", has_text="Birim")
    names.click()
    units = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.cells[0].innerText)")
    assert units[0].startswith("BİDB") and units[-1].startswith("YTDB"), units
