"""The site the office uses every day, in a real headless Chromium: no horizontal overflow at a
phone, a laptop and a wide screen on every page type (with screenshots of each), the week as
seven day columns, the filters (and the URL that keeps them), the copy button, and the demo's
publishing queue with an approved proposal in full.

The sites are the ones of tests/test_browser_pages.py (tests/servers/web.py builds them).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.servers.browser import screenshot
from tests.servers.web import PAGE_TYPES, WEEK, BuiltSite, load_dataset

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366, 1920)

# What sticks out sideways: the page itself, any table or scroll box that scrolls, and any
# element of the content reaching past the viewport's content area.
OVERFLOW = """() => {
    const root = document.documentElement, width = root.clientWidth, out = [];
    if (root.scrollWidth > width) out.push(`page: ${root.scrollWidth} > ${width} px`);
    for (const el of document.querySelectorAll('table, .md-typeset__scrollwrap, .md-typeset__table')) {
        if (el.scrollWidth > el.clientWidth + 1)
            out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth} px`);
    }
    for (const el of document.querySelectorAll('.md-content *')) {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1)
            out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(box.right)} px`);
    }
    return out.slice(0, 10);
}"""


def goto(page: Page, site: BuiltSite, path: str) -> None:
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None and response.status == 200, path


@pytest.mark.parametrize("crisis", ["none", "national"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_overflow_on_any_page_type(
    web_page: Page, browser_sites: dict[str, BuiltSite], width: int, crisis: str
) -> None:
    web_page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for name, path in PAGE_TYPES.items():
        goto(web_page, browser_sites[crisis], path)
        found = web_page.evaluate(OVERFLOW)
        if found:
            problems[name] = found
        shot = screenshot(web_page, f"{crisis}-{name}-{width}")
        assert shot.stat().st_size > 5_000, shot
    assert problems == {}, f"wider than {width} px: {problems}"


def test_the_overflow_check_sees_a_wide_element(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """The check can fail: a table wider than a phone is reported."""
    web_page.set_viewport_size({"width": 390, "height": 900})
    goto(web_page, browser_sites["none"], PAGE_TYPES["units"])
    web_page.evaluate("""() => {
        const cell = document.querySelector('article td');
        cell.style.whiteSpace = 'nowrap'; cell.style.overflowWrap = 'normal';
        cell.textContent = 'x'.repeat(200);
    }""")
    assert web_page.evaluate(OVERFLOW) != []


def day_columns(page: Page) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        "article .intake-weekday",
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return {left: b.left, top: b.top, width: b.width}; })",
    )


def test_week_is_seven_columns_on_a_laptop_and_one_day_after_another_on_a_phone(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    web_page.set_viewport_size({"width": 1366, "height": 900})
    goto(web_page, site, PAGE_TYPES["calendar-week"])
    days = day_columns(web_page)
    assert len(days) == 7
    assert len({round(d["top"]) for d in days}) == 1, days  # one row
    lefts = [d["left"] for d in days]
    assert lefts == sorted(lefts) and len(set(lefts)) == 7, days  # side by side, Monday first
    assert all(d["width"] > 100 for d in days), days
    web_page.set_viewport_size({"width": 390, "height": 844})
    days = day_columns(web_page)
    assert len({round(d["left"]) for d in days}) == 1, days  # one column
    tops = [d["top"] for d in days]
    assert tops == sorted(tops) and len(set(tops)) == 7, days


def visible_cards(page: Page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "article .intake-card",
        "els => els.filter(e => e.offsetParent !== null).map(e => ({"
        " unit: e.dataset.unit, platforms: e.dataset.platforms, status: e.dataset.status,"
        " topic: e.querySelector('.intake-card__topic').innerText.trim()}))",
    )


def visible_posts(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "article .intake-post", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )


def test_filters_change_what_is_shown_and_the_url(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["national"]
    goto(web_page, site, PAGE_TYPES["calendar-week"])
    everything = visible_cards(web_page)
    assert len(everything) == 6
    form = web_page.locator("form.intake-filter")
    expect(form).to_be_visible()
    # by unit
    form.get_by_label("Birim").select_option(label="SHGM")
    shown = visible_cards(web_page)
    assert {c["topic"] for c in shown} == {"Stadyum açılışı", "Deprem tatbikatı"}, shown
    assert len(visible_posts(web_page)) == 2  # the post blocks below follow the filter
    assert parse_qs(urlsplit(web_page.url).query) == {"birim": ["shgm"]}, web_page.url
    expect(form.locator("output")).to_have_text("6 paylaşımdan 2 tanesi gösteriliyor")
    # and by state: the national crisis stopped every SHGM post of the week
    form.get_by_label("Durum").select_option(label="Durduruldu")
    assert len(visible_cards(web_page)) == 2
    form.get_by_label("Durum").select_option(label="Planlandı")
    assert visible_cards(web_page) == []
    # by platform alone
    form.get_by_label("Birim").select_option(label="Tümü")
    form.get_by_label("Durum").select_option(label="Tümü")
    form.get_by_label("Platform").select_option(label="Facebook")
    shown = visible_cards(web_page)
    assert shown and all("facebook" in c["platforms"].split() for c in shown), shown
    assert len(shown) < len(everything)
    assert parse_qs(urlsplit(web_page.url).query) == {"platform": ["facebook"]}, web_page.url
    # a shared link opens with the same filter
    web_page.goto(site.url(PAGE_TYPES["calendar-week"]) + "?birim=ghgm&durum=stopped")
    shown = visible_cards(web_page)
    assert shown and all(c["unit"] == "ghgm" and c["status"] == "stopped" for c in shown), shown
    expect(form.get_by_label("Birim")).to_have_value("ghgm")


def test_month_view_filters_and_opens_the_post(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    goto(web_page, site, PAGE_TYPES["calendar-month"])
    expect(web_page.locator("article h1")).to_have_text(re.compile("Aralık 2026"))
    web_page.locator("form.intake-filter").get_by_label("Birim").select_option(label="KYGM")
    shown = visible_cards(web_page)
    assert shown and {c["unit"] for c in shown} == {"kygm"}, shown
    web_page.locator(".intake-card:visible a").first.click()
    web_page.wait_for_url(re.compile(rf"/calendar/{WEEK}/#p-"))
    target = urlsplit(web_page.url).fragment
    expect(web_page.locator(f"[id='{target}']")).to_be_in_viewport()


def expected_copy(topic: str) -> str:
    for sub in load_dataset()["submissions"]:
        for item in sub["items"]:
            if item["topic"] == topic:
                tags = " ".join("#" + t for t in item["tags"])
                return "\n\n".join(p for p in (item["text"].strip(), tags) if p)
    raise AssertionError(topic)


def test_copy_button_puts_the_text_and_hashtags_on_the_clipboard(
    web_page: Page, browser_context: BrowserContext, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    browser_context.grant_permissions(
        ["clipboard-read", "clipboard-write"],
        origin=site.server.origin,  # type: ignore[union-attr]
    )
    goto(web_page, site, PAGE_TYPES["calendar-week"])
    topic = "Gençlik kampları başvuruları başladı"
    post = web_page.locator("div.intake-post", has_text=topic)
    web_page.evaluate("navigator.clipboard.writeText('önceki')")
    post.get_by_role("button", name="Metni etiketleriyle kopyala").click()
    want = expected_copy(topic)
    assert want.endswith("#gençlik #kamp"), want
    for _ in range(20):
        got = web_page.evaluate("navigator.clipboard.readText()")
        if got != "önceki":
            break
        web_page.wait_for_timeout(100)
    assert got == want


def test_demo_approved_page_shows_the_approved_proposal_in_full(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """The demo office approved GHGM's proposal (samples/decisions.yml): its text, link, hashtags
    and image are on the publishing queue, ready to copy."""
    site = browser_sites["demo"]
    goto(web_page, site, PAGE_TYPES["approved"])
    post = web_page.locator("div.intake-post", has_text="Engelsiz Gençlik")
    expect(post).to_have_count(1)
    expect(post.locator(".intake-post__text")).to_contain_text(
        "Engel tanımayan gençlerimizin yanındayız."
    )
    expect(post.locator(".intake-post__tags")).to_have_text(
        "#3AralıkDünyaEngellilerGünü #EngelsizGençlik"
    )
    expect(post.locator(".intake-post__link a")).to_have_attribute(
        "href", "https://ghgm.example.gov.tr/haberler/engelsiz-genclik"
    )
    expect(post.locator(".intake-badge")).to_have_text("Onaylandı")
    expect(post).to_contain_text("siid@example.gov.tr")
    image = post.locator(".intake-post__images img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    full = post.locator(".intake-post__images a").evaluate("a => a.href")
    response = web_page.request.get(full)
    assert response.status == 200 and response.headers["content-type"] == "image/png", full


def test_week_prints_as_seven_columns_on_one_landscape_page(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    from tests.servers.browser import ARTIFACTS

    goto(web_page, browser_sites["none"], PAGE_TYPES["calendar-week"])
    web_page.emulate_media(media="print")
    days = day_columns(web_page)
    assert len({round(d["top"]) for d in days}) == 1 and len({d["left"] for d in days}) == 7
    expect(web_page.locator(".intake-week-details")).to_be_hidden()
    expect(web_page.locator("form.intake-filter")).to_be_hidden()
    expect(web_page.locator(".intake-card").first).to_be_visible()
    pdf = web_page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "print" / f"calendar-{WEEK}.pdf").write_bytes(pdf)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert len(pages) == 1, f"the week prints on {len(pages)} pages"
    boxes = {
        tuple(float(v) for v in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)
    }
    assert boxes and all(box[2] > box[3] for box in boxes), boxes  # landscape
