"""The built site in a real headless Chromium: the week's posts, the crisis banner and stopped
posts, the calendar-feed links and their content type, the print handout, screenshots.

The site is built once per crisis state from tests/fixtures/site/dataset.yml (see
tests/servers/web.py) and served on loopback as the README says.
"""

from __future__ import annotations

import re
import urllib.request
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from intake.render.turkish import long_date
from tests.servers.browser import ARTIFACTS, screenshot
from tests.servers.web import (
    CRISES,
    MIME_TYPES,
    PAGE_TYPES,
    ROOT,
    SITE_PREFIX,
    WEEK,
    BuiltSite,
    load_dataset,
)

pytestmark = pytest.mark.browser

# The dataset's posts of 2026-W49 in calendar order: (day heading, time, unit, topic, text).
WEEK_POSTS = [
    (
        "1 Aralık 2026 Salı",
        "09:00",
        "KYGM",
        "Yurt başvuru sonuçları",
        "Yurt başvuru sonuçları açıklandı; yerleşen öğrenciler kayıt için e-Devlet'i kullanabilir.",
    ),
    (
        "2 Aralık 2026 Çarşamba",
        "10:30",
        "GHGM",
        "Gençlik kampları başvuruları başladı",
        "Yaz dönemi gençlik kampı başvuruları e-Devlet üzerinden alınıyor; son gün 15 Aralık.",
    ),
    (
        "2 Aralık 2026 Çarşamba",
        "12:00",
        "EAKDB",
        "Eğitim haftası başlıyor",
        "Ulusal eğitim haftası kapsamında atölyeler düzenleniyor.",
    ),
    (
        "3 Aralık 2026 Perşembe",
        "19:00",
        "SHGM",
        "Stadyum açılışı",
        "Stadyumun yeni ışıklandırma sistemi açılış töreniyle devreye giriyor.",
    ),
    (
        "4 Aralık 2026 Cuma",
        "14:00",
        "GHGM",
        "İzci kampı tamamlandı",
        "Gençlerimiz İnebolu'da izcilik eğitimini başarıyla tamamladı.",
    ),
    (
        "5 Aralık 2026 Cumartesi",
        "11:00",
        "SHGM",
        "Deprem tatbikatı",
        "Spor tesislerinde deprem ve tahliye tatbikatı yapılacak.",
    ),
]
# national crisis since 2026-12-01 12:00: every post from then on stops (not the 09:00 one);
# field crisis on "deprem": only the post whose topic/text mentions it.
STOPPED = {
    "none": set(),
    "national": {p[3] for p in WEEK_POSTS[1:]},
    "field": {"Deprem tatbikatı"},
}

# For one element: is it struck through (computed text-decoration-line on it or an ancestor up
# to the table row, or inside <del>/<s>)?
IS_STRUCK = """(el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
        if (n.tagName === 'DEL' || n.tagName === 'S') return true;
        const line = getComputedStyle(n).textDecorationLine || '';
        if (line.includes('line-through')) return true;
        if (n.tagName === 'TR' || n.tagName === 'ARTICLE') break;
    }
    return false;
}"""

# Rows of every table in the article: the cells' visible text, plus whether the topic-like cells
# are struck through (per cell).
TABLE_ROWS = """() => [...document.querySelectorAll('article table tbody tr')].map(tr => {
    const cells = [...tr.querySelectorAll('td')];
    const struck = cells.map(td => {
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        let node, any = false, all = true;
        while ((node = walker.nextNode())) {
            if (!node.textContent.trim()) continue;
            const isStruck = (IS_STRUCK)(node.parentElement);
            any = true; all = all && isStruck;
        }
        return any && all;
    });
    const heading = (() => {
        for (let n = tr.closest('table'); n; n = n.previousElementSibling || n.parentElement) {
            if (/^H[1-6]$/.test(n.tagName)) return n.textContent.replace(/\\s*¶\\s*$/, '').trim();
            if (n.tagName === 'ARTICLE') return '';
        }
        return '';
    })();
    return {cells: cells.map(td => td.innerText.trim()), struck, heading};
})""".replace("IS_STRUCK", IS_STRUCK)


# Every text node of an element struck through (and at least one)?
ALL_STRUCK = """(el) => {
    if (!el) return false;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node, any = false, all = true;
    while ((node = walker.nextNode())) {
        if (!node.textContent.trim()) continue;
        any = true; all = all && (IS_STRUCK)(node.parentElement);
    }
    return any && all;
}""".replace("IS_STRUCK", IS_STRUCK)

# The week's cards: what each shows, under which day column, and where it opens.
CARDS = """() => [...document.querySelectorAll('article .intake-card')].map(li => ({
    time: li.querySelector('a > b').innerText.trim(),
    unit: li.querySelector('a > b').nextSibling.textContent.trim(),
    topic: li.querySelector('.intake-card__topic').innerText.trim(),
    status: li.querySelector('.intake-badge').innerText.trim(),
    day: li.closest('section').querySelector('.intake-weekday__title').firstChild
        .textContent.trim(),
    struck: (ALL_STRUCK)(li.querySelector('.intake-card__topic')),
    href: li.querySelector('a').getAttribute('href'),
    visible: li.offsetParent !== null,
}))""".replace("ALL_STRUCK", ALL_STRUCK)

# The post blocks as rows like TABLE_ROWS: cells [status, topic, text], struck per cell.
POST_ROWS = """() => [...document.querySelectorAll('article .intake-post')].map(post => {
    const parts = [post.querySelector('.intake-post__facts .intake-badge'),
                   post.querySelector('.intake-post__title'),
                   post.querySelector('.intake-post__text')];
    const withoutTags = (el) => {
        const full = el.innerText, tags = el.querySelector('.intake-post__tags');
        return (tags ? full.slice(0, full.lastIndexOf(tags.innerText)) : full).trim();
    };
    return {
        id: post.querySelector('.intake-post__title').id,
        cells: parts.map((el, i) => !el ? '' : i === 2 ? withoutTags(el) : el.innerText.trim()),
        struck: [false, (ALL_STRUCK)(parts[1]),
                 (ALL_STRUCK)(parts[2] && parts[2].querySelector('del'))],
        visible: post.offsetParent !== null,
    };
})""".replace("ALL_STRUCK", ALL_STRUCK)


def goto(page: Page, site: BuiltSite, path: str) -> Any:
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{site.url(path)} answered {response.status}"
    return response


def rows_with(rows: list[dict[str, Any]], topic: str) -> list[dict[str, Any]]:
    return [r for r in rows if topic in r["cells"]]


# --------------------------------------------------------------------------------------------
# The week's posts
# --------------------------------------------------------------------------------------------


def test_calendar_week_shows_the_posts_of_the_week(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    goto(web_page, site, f"calendar/{WEEK}/")
    expect(web_page.locator("html")).to_have_attribute("lang", "tr")
    expect(web_page.locator("article h1")).to_contain_text("49. hafta (30 Kasım – 6 Aralık 2026)")
    cards = web_page.evaluate(CARDS)
    posts = {p["id"]: p for p in web_page.evaluate(POST_ROWS)}
    for day, time, unit, topic, text in WEEK_POSTS:
        found = [c for c in cards if c["topic"] == topic]
        assert len(found) == 1, f"{topic!r}: expected one card, found {found} in {cards}"
        card = found[0]
        assert (card["time"], card["unit"], card["day"]) == (time, unit, day), card
        # a unit's plan is planned; the office approved EAKDB's proposal
        status = "Onaylandı" if unit == "EAKDB" else "Planlandı"
        assert card["status"] == status and not card["struck"], card
        # the card opens the post's block on this page, which has the full text
        assert card["href"].startswith("#p-"), card
        post = posts[card["href"][1:]]
        assert post["cells"] == [status, topic, text], post
    assert len(cards) == len(WEEK_POSTS) == len(posts), [c["topic"] for c in cards]
    # today (the dataset's clock) is marked, in words as well
    today = web_page.locator(".intake-weekday--today")
    expect(today).to_have_count(1)
    now = date.fromisoformat(str(load_dataset()["now"])[:10])
    expect(today.locator(".intake-weekday__title")).to_have_text(f"{long_date(now)} Bugün")
    # a card opens its block
    web_page.locator(".intake-card a", has_text="Stadyum açılışı").click()
    target = web_page.evaluate("location.hash")
    assert target.startswith("#p-"), target
    expect(web_page.locator(f"[id='{target[1:]}']")).to_be_in_viewport()
    # the superseded first plan of GHGM is not a post
    expect(web_page.locator("article")).not_to_contain_text("zeplin")
    # the week page links to the previous week, which shows its own post
    web_page.get_by_role("link", name=re.compile("Önceki hafta")).first.click()
    web_page.wait_for_url(re.compile(r"/calendar/2026-W48/$"))
    expect(web_page.locator("article")).to_contain_text("Gönüllülük buluşması")
    assert web_page.problems == []  # type: ignore[attr-defined]


def test_home_shows_plans_received_and_missing_units(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    goto(web_page, site, "")
    article = web_page.locator("article")
    expect(article).to_contain_text("1 Aralık 2026 Salı")
    expect(article).to_contain_text("3 / 10")
    for missing in ("BİDB", "DİAB", "EAKDB", "PGM", "RDB", "SGB", "YTDB"):
        expect(article).to_contain_text(missing)
    expect(article).to_contain_text("Erasmus günleri")  # the proposal awaiting a decision


# --------------------------------------------------------------------------------------------
# Crisis: the banner on every page type, stopped posts
# --------------------------------------------------------------------------------------------

BANNER = "[data-md-component='announce']"


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_crisis_banner_on_every_page_type(
    web_page: Page, browser_sites: dict[str, BuiltSite], page_type: str
) -> None:
    site = browser_sites["national"]
    goto(web_page, site, PAGE_TYPES[page_type])
    banner = web_page.locator(BANNER)
    expect(banner).to_have_count(1)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(CRISES["national"]["title"])
    # cannot be dismissed: no button (Material's announce.dismiss) nor any other control
    expect(
        banner.locator("button, [data-md-component='announce'] .md-banner__button")
    ).to_have_count(0)
    box = banner.bounding_box()
    assert box is not None and box["height"] > 10, box
    # the link to the notice resolves to /crisis/ and opens it
    link = banner.locator("a[href]")
    expect(link).to_have_count(1)
    href = link.evaluate("a => a.href")
    assert href == site.url("crisis/"), href
    link.click()
    web_page.wait_for_url(site.url("crisis/"))
    expect(web_page.locator("article h1")).to_be_visible()
    expect(web_page.locator(BANNER)).to_contain_text(CRISES["national"]["title"])


def test_crisis_banner_link_is_the_first_stop_after_the_skip_link(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["national"]
    goto(web_page, site, PAGE_TYPES["calendar-week"])
    focused = []
    for _ in range(2):
        web_page.keyboard.press("Tab")
        focused.append(web_page.evaluate("document.activeElement.href || ''"))
    assert focused[0].startswith(site.url(PAGE_TYPES["calendar-week"]) + "#"), focused  # skip link
    assert focused[1] == site.url("crisis/"), focused
    web_page.keyboard.press("Enter")
    web_page.wait_for_url(site.url("crisis/"))


def test_crisis_page_does_not_contradict_an_active_crisis(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    """The office starts a crisis by editing only the front matter (as docs/crisis.md tells
    it to): the notice page must then not also say that there is no crisis."""
    goto(web_page, browser_sites["national"], PAGE_TYPES["crisis"])
    text = web_page.locator("article").inner_text()
    assert CRISES["national"]["title"] in text
    assert "etkin bir kriz yok" not in text, text[:600]


@pytest.mark.parametrize("page_type", ["home", "calendar-week", "agenda-week", "guide"])
def test_no_banner_without_a_crisis(
    web_page: Page, browser_sites: dict[str, BuiltSite], page_type: str
) -> None:
    goto(web_page, browser_sites["none"], PAGE_TYPES[page_type])
    banner = web_page.locator(BANNER)
    # Material keeps an empty announce container only when the block has content
    assert banner.count() == 0 or not banner.inner_text().strip(), banner.inner_text()


@pytest.mark.parametrize("crisis", ["national", "field", "none"])
def test_stopped_posts_on_the_calendar_week(
    web_page: Page, browser_sites: dict[str, BuiltSite], crisis: str
) -> None:
    goto(web_page, browser_sites[crisis], f"calendar/{WEEK}/")
    cards = {c["topic"]: c for c in web_page.evaluate(CARDS)}
    posts = {p["cells"][1]: p for p in web_page.evaluate(POST_ROWS)}
    for _day, _time, _unit, topic, text in WEEK_POSTS:
        card, post = cards[topic], posts[topic]
        assert post["cells"][2] == text, post
        if topic in STOPPED[crisis]:
            assert card["status"] == post["cells"][0] == "Durduruldu", (crisis, card, post)
            assert card["struck"], f"{crisis}: card of {topic!r} not struck through: {card}"
            assert post["struck"][1:] == [True, True], f"{crisis}: {topic!r} not struck: {post}"
        else:
            assert "Durduruldu" not in (card["status"], post["cells"][0]), (crisis, topic)
            assert not card["struck"] and not any(post["struck"]), (crisis, card, post)


@pytest.mark.parametrize(
    ("page_type", "topic"),
    [
        ("home", "Gençlik kampları başvuruları başladı"),
        ("approved", "Eğitim haftası başlıyor"),
        ("agenda-week", "Eğitim haftası başlıyor"),
    ],
)
def test_stopped_posts_on_home_approved_and_agenda(
    web_page: Page, browser_sites: dict[str, BuiltSite], page_type: str, topic: str
) -> None:
    for crisis in ("national", "none"):
        goto(web_page, browser_sites[crisis], PAGE_TYPES[page_type])
        rows = rows_with(web_page.evaluate(TABLE_ROWS) + web_page.evaluate(POST_ROWS), topic)
        assert rows, f"{page_type} ({crisis}): no table row or post block shows {topic!r}"
        marked = [r for r in rows if "Durduruldu" in r["cells"]]
        if crisis == "national":
            # at least the post's own row (the agenda also lists the submission itself)
            assert marked, f"{page_type}: {topic!r} never marked Durduruldu: {rows}"
            for row in marked:
                assert row["struck"][row["cells"].index(topic)], f"{page_type}: not struck: {row}"
        else:
            assert not marked, f"{page_type}: {topic!r} marked without a crisis: {rows}"
            for row in rows:
                assert not row["struck"][row["cells"].index(topic)], f"{page_type}: {row}"


@pytest.mark.parametrize("page_type", ["calendar-week", "home", "agenda-week", "approved"])
def test_durduruldu_is_visible_without_scrolling_the_table(
    web_page: Page, browser_sites: dict[str, BuiltSite], page_type: str
) -> None:
    """On a 1280 px screen the word is on screen: not cut off by the table's scroll box."""
    goto(web_page, browser_sites["national"], PAGE_TYPES[page_type])
    clipped = web_page.evaluate("""() => {
        const out = [];
        for (const td of document.querySelectorAll('article td, article .intake-badge')) {
            if (td.innerText.trim() !== 'Durduruldu') continue;
            const cell = td.getBoundingClientRect();
            for (let n = td.parentElement; n && n.tagName !== 'ARTICLE'; n = n.parentElement) {
                const s = getComputedStyle(n);
                if (!/(auto|scroll|hidden)/.test(s.overflowX)) continue;
                const box = n.getBoundingClientRect();
                if (cell.right > box.right + 1 || cell.left < box.left - 1) {
                    const where = td.closest('tr, li, article');
                    out.push(`${where.innerText.replace(/\\s+/g, ' ').slice(0, 80)}`
                             + ` (cell ${Math.round(cell.left)}-${Math.round(cell.right)} px,`
                             + ` visible box ${Math.round(box.left)}-${Math.round(box.right)} px)`);
                    break;
                }
            }
        }
        return out;
    }""")
    assert clipped == [], f"{page_type}: 'Durduruldu' hidden behind horizontal scrolling: {clipped}"


def test_field_crisis_banner_and_only_matching_posts(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["field"]
    goto(web_page, site, "")
    expect(web_page.locator(BANNER)).to_contain_text(CRISES["field"]["title"])
    rows = web_page.evaluate(TABLE_ROWS)
    stopped = {c for r in rows if "Durduruldu" in r["cells"] for c in r["cells"]}
    assert "Deprem tatbikatı" in stopped
    assert not stopped & {p[3] for p in WEEK_POSTS if p[3] != "Deprem tatbikatı"}, rows


# --------------------------------------------------------------------------------------------
# Calendar feeds: links on the home page and the guide, served as text/calendar
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_type", ["home", "guide"])
def test_ics_links_answer_with_text_calendar(
    web_page: Page, browser_sites: dict[str, BuiltSite], page_type: str
) -> None:
    site = browser_sites["none"]
    goto(web_page, site, PAGE_TYPES[page_type])
    hrefs = web_page.eval_on_selector_all("article a[href*='.ics']", "as => as.map(a => a.href)")
    feeds = {"calendar/agenda.ics", "calendar/shares.ics"}
    for feed in feeds:
        https = [h for h in hrefs if h.startswith("https://") and h.endswith(feed)]
        webcal = [h for h in hrefs if h.startswith("webcal://") and h.endswith(feed)]
        assert https, f"{page_type}: no https:// link to {feed} in {hrefs}"
        assert webcal, f"{page_type}: no webcal:// link to {feed} in {hrefs}"
    assert hrefs
    for href in sorted(set(hrefs)):
        url = site.to_loopback(href)
        assert url.startswith(site.server.url), (href, url)  # type: ignore[union-attr]
        # through the browser (a fresh request from the page's context) ...
        response = web_page.request.get(url)
        assert response.status == 200, f"{href} → {url}: {response.status}"
        assert response.headers["content-type"] == "text/calendar; charset=utf-8", response.headers
        body = response.body()
        assert body.startswith(b"BEGIN:VCALENDAR\r\n"), body[:80]
        assert b"END:VCALENDAR" in body
        # ... and with a plain HTTP client, as a calendar application would fetch it
        with urllib.request.urlopen(url, timeout=10) as raw:  # noqa: S310 - loopback http
            assert raw.headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert raw.read() == body
    if page_type == "home":
        # the meeting feed's events link to agenda pages of this site
        agenda = web_page.request.get(
            site.to_loopback(
                next(h for h in hrefs if h.startswith("https://") and h.endswith("agenda.ics"))
            )
        )
        unfolded = agenda.text().replace("\r\n ", "")
        assert f"{SITE_PREFIX}agenda/{WEEK}/" in unfolded, unfolded[:2000]


def test_the_test_server_uses_the_content_type_the_readme_configures() -> None:
    """The loopback server stands in for the README's nginx/Apache lines: same types, same path
    prefix as the demo's site.url, and the /office/ restriction inside that prefix."""
    from urllib.parse import urlsplit

    from intake.store import load_yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    demo = load_yaml((ROOT / "samples" / "intake.yml").read_text(encoding="utf-8"))
    prefix = urlsplit(demo["site"]["url"]).path
    assert prefix == SITE_PREFIX == "/sosyal-medya/"
    (nginx,) = re.findall(r"```nginx\n(.*?)```", readme, re.S)
    locations = re.findall(r"^\s*location (?:[~^]+ )?(\S+) \{(.*)\}$", nginx, re.M)
    assert len(locations) == len(nginx.strip().splitlines()), nginx
    for path, _body in locations:
        assert path.lstrip("^").startswith(prefix), f"{path} is outside site.url's {prefix}"
    types = {
        suffix: re.search(r'default_type "([^"]+)"', body)
        for path, body in locations
        for suffix in (".ics", ".csv")
        if path.endswith(f"\\{suffix})$")
    }
    assert {k: m.group(1) for k, m in types.items() if m} == {
        ".ics": MIME_TYPES[".ics"],
        ".csv": MIME_TYPES[".csv"],
    }, nginx
    office = [body for path, body in locations if path == f"{prefix}office/"]
    assert office and "deny all;" in office[0], nginx
    assert f"location ^~ {prefix}office/" in nginx  # a regex location cannot bypass it
    apache = re.findall(r"AddType \"([^\"]+)\" \.ics", readme)
    assert apache == [MIME_TYPES[".ics"]], apache


def test_shares_feed_cancels_stopped_posts(browser_sites: dict[str, BuiltSite]) -> None:
    site = browser_sites["national"]
    with urllib.request.urlopen(site.url("calendar/shares.ics"), timeout=10) as raw:  # noqa: S310
        assert raw.headers["Content-Type"] == "text/calendar; charset=utf-8"
        text = raw.read().decode("utf-8").replace("\r\n ", "")
    events = text.split("BEGIN:VEVENT")[1:]
    stopped = [e for e in events if "STATUS:CANCELLED" in e]
    assert stopped and all("SUMMARY:İPTAL:" in e for e in stopped), stopped[:1]
    assert len(stopped) == len(STOPPED["national"]), len(stopped)


# --------------------------------------------------------------------------------------------
# Print: the agenda page is a one-page handout
# --------------------------------------------------------------------------------------------


def count_pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_agenda_prints_on_one_a4_page_without_chrome(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    site = browser_sites["none"]
    goto(web_page, site, PAGE_TYPES["agenda-week"])
    web_page.emulate_media(media="print")
    hidden = web_page.evaluate("""() => Object.fromEntries(Object.entries({
        header: '.md-header', tabs: '.md-tabs', navigation: '.md-sidebar--primary',
        toc: '.md-sidebar--secondary', search: '.md-search', footer: '.md-footer',
        copyright: '.md-footer-meta', 'back to top': '.md-top', banner: '.md-banner',
    }).map(([name, sel]) => [name, [...document.querySelectorAll(sel)].every(el => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return s.display === 'none' || s.visibility === 'hidden' || r.width * r.height === 0;
    })]))""")
    assert all(hidden.values()), f"visible in print: {[k for k, v in hidden.items() if not v]}"
    expect(web_page.locator("article h1")).to_be_visible()
    web_page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, for the picture
    screenshot(web_page, f"print-agenda-{WEEK}")
    pdf = web_page.pdf(format="A4", print_background=True)
    pages = count_pdf_pages(pdf)
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "print" / f"agenda-{WEEK}.pdf").write_bytes(pdf)
    assert pages == 1, f"the agenda handout takes {pages} A4 pages"


# --------------------------------------------------------------------------------------------
# Screenshots of every page type (test-artifacts/screenshots/, gitignored)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("crisis", ["none", "national"])
def test_screenshots_of_every_page_type(
    web_page: Page, browser_sites: dict[str, BuiltSite], crisis: str
) -> None:
    site = browser_sites[crisis]
    written = []
    for name, path in PAGE_TYPES.items():
        goto(web_page, site, path)
        written.append(screenshot(web_page, f"{crisis}-{name}"))
    web_page.set_viewport_size({"width": 390, "height": 844})
    goto(web_page, site, PAGE_TYPES["calendar-week"])
    written.append(screenshot(web_page, f"{crisis}-calendar-week-mobile"))
    for path in written:
        assert path.stat().st_size > 10_000, path
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert web_page.problems == [], web_page.problems  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# The demo (samples/mailbox read like `make site`): this week's calendar shows its posts
# --------------------------------------------------------------------------------------------


def test_demo_calendar_week_shows_the_demo_posts(
    web_page: Page, browser_sites: dict[str, BuiltSite]
) -> None:
    from intake.config import load_config
    from intake.crisis import load_crisis
    from intake.schedule import planned_posts
    from intake.store import SubmissionStore

    site = browser_sites["demo"]
    config = load_config(site.config_path)
    store = SubmissionStore(config.paths.docs / "submissions")
    submissions = [s for s in store.load_all() if not isinstance(s, Exception)]
    assert len(submissions) >= 30, f"the demo mailbox gave only {len(submissions)} submissions"
    posts = [
        p
        for p in planned_posts(submissions, load_crisis(config.paths.docs / "crisis.md"))
        if p.week == WEEK
    ]
    assert len(posts) >= 10, f"the demo has only {len(posts)} posts in {WEEK}"
    short = {u.id: u.label for u in config.units}
    goto(web_page, site, f"calendar/{WEEK}/")
    cards = web_page.evaluate(CARDS)
    seen = [(c["unit"], " ".join(c["topic"].split()), c["time"]) for c in cards]
    missing = []
    for post in posts:
        item = post.item
        want = (short[post.submission.unit], " ".join(item.topic.split()), item.time or "—")
        if want not in seen:
            missing.append(f"{item.date} {item.time} {post.submission.unit}: {item.topic}")
    assert missing == [], f"{len(missing)} of {len(posts)} demo posts not on the page: {missing}"
    assert len(cards) == len(posts), (len(cards), len(posts))
