"""Proof that what units (and intake.yml) write cannot become active content on the site.

Hostile submissions, config values, ministry posts and ledger rows go through the directory
renderer and, when present, the main page renderer (``intake.render.site.generated_pages``).
The Markdown is then rendered by Python-Markdown with

- the site's REAL extension set, read from ``mkdocs.yml`` (``!!python/name:`` tags resolved), and
- a RICH fixture set mirroring Material's recommended extensions (snippets, emoji, magiclink,
  superfences, details, tabbed, …), so that enabling one of them later cannot open a hole;

and the HTML is checked with an HTML parser: no script/style/iframe/svg/object/embed/form/input,
no ``on*``/``style`` attributes, every href/src inside http(s)/mailto/tel/webcal/relative, no
snippet content, no executed template tags, no emoji markup, no comments from input, no bidi or
zero-width characters, every table row as wide as its header.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import importlib
import re
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.config import Config, Contact
from intake.crisis import CrisisNotice
from intake.model import Decision, Item, Submission
from intake.render import markup
from intake.render.context import SiteContext, make_env
from intake.render.directory import render_directory
from intake.schedule import planned_posts
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.test_directory import ROOT, make_config

SECRET = "SNIPPET-SECRET-CONTENT-7f3a"
CANARY = "pwn"
NOW = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)

HOSTILE_TEXT = [
    "<script>alert('pwn1')</script>",
    "<img src=x onerror=alert('pwn2')>",
    "<a href=\"javascript:alert('pwn3')\">tıkla</a>",
    "[tıkla](javascript:alert('pwn4'))",
    "[tıkla](jav&#x09;ascript:alert('pwn5'))",
    "[tıkla](  JaVaScRiPt:alert('pwn6'))",
    "[x](data:text/html;base64,PHNjcmlwdD5wd243PC9zY3JpcHQ+)",
    "[x](vbscript:msgbox('pwn8'))",
    "![pwn9](https://evil.example/pwn9.png)",
    "![pwn10](javascript:alert(1))",
    "<https://evil.example/pwn11>",
    "<pwn12@evil.example>",
    "www.evil.example/pwn13 https://evil.example/pwn13b pwn13c@evil.example",
    "Başlık {: onclick=\"alert('pwn14')\" .pwn15 #pwn16 }",
    "# Başlık {: onmouseover=alert(1) }",
    '--8<-- "secret.txt"',
    ';--8<-- "secret.txt"',
    "--8<--\nsecret.txt\n--8<--",
    "{{ 1337 * 3 }} {% for x in range(3) %}pwn17{% endfor %} {# pwn #}",
    ":smile: :material-alert: :fontawesome-brands-x-twitter: :octicons-alert-16:",
    "<!-- pwn18 --> <!--",
    "---\ntitle: pwn19\nsearch: {exclude: true}\n---",
    'key: "value"\n- pwn20\n...\n%YAML 1.1\n&a [*a]',
    "\u202egnp.exe\u200b\u2066pwn21\u2069\ufeff\u200d",
    "\u061cALM\u180eMVS pwn46",
    '<div markdown="1" onclick="pwn22">**x**</div>',
    "<style>body{display:none}</style>pwn23",
    '<iframe src="https://evil.example"></iframe>',
    '???+ note "pwn24"\n    içerik',
    '=== "pwn25"\n    sekme',
    "```\n<script>pwn26</script>\n```",
    "| a | b |\n|---|---|\n| pwn27 | x |",
    "[^1]\n\n[^1]: pwn28",
    "&lt;script&gt;pwn29&lt;/script&gt; &#60;script&#62; &#x3C;script&#x3E;",
    "\\<script\\>pwn30",
    "<svg/onload=alert('pwn31')>",
    '[a](https://ok.example/"onmouseover="pwn32)',
    "[a](<javascript:alert(1)>)",
    "`<script>pwn33</script>`",
    "*[HTML]: pwn34",
    "==pwn36== ^^pwn37^^ ~~pwn38~~ {++pwn39++}",
    "    indented <script>pwn40</script>",
    "- [ ] pwn41\n- [x] pwn42",
    "Term\n:   pwn43",
    "<details open ontoggle=alert('pwn44')>",
    "\x00\x1b[31mpwn45\x7f",
]

HOSTILE_LINKS = [
    "javascript:alert('pwnL1')",
    " javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "jav\tascript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html,<script>pwnL2</script>",
    "vbscript:msgbox(1)",
    "https://ok.example/a)[b](javascript:alert(1)",
    "https://ok.example/<script>pwnL3</script>",
    'https://ok.example/" onmouseover="pwnL4',
    "//evil.example/pwnL5",
    "https://ok.example/p?q=1&x=<pwnL6>#\u202e",
    "\u200bjavascript:alert(1)",
    "https:javascript:alert(1)",
    "file:///etc/passwd",
]

HOSTILE_IMAGES = [
    "javascript:alert(1).png",
    "x.png) ![pwnI1](javascript:alert(1)",
    'x.png" onerror="pwnI2.png',
    "../../../../etc/pwnI3.png",
    "data:image/png;base64,pwnI4.png",
    "//evil.example/pwnI5.png",
    "x.png\n<script>pwnI6</script>.png",
]

ALLOWED_SCHEMES = {"http", "https", "mailto", "tel", "webcal", ""}
BAD_TAGS = {
    "script",
    "style",
    "iframe",
    "svg",
    "object",
    "embed",
    "form",
    "input",
    "math",
    "base",
    "meta",
    "link",
    "frame",
    "frameset",
    "applet",
    "textarea",
    "button",
    "select",
    "template",
}
INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)

RICH_EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.snippets",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
    {"pymdownx.highlight": {"anchor_linenums": True}},
    "pymdownx.magiclink",
    {"pymdownx.tabbed": {"alternate_style": True}},
    "pymdownx.tasklist",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.keys",
    "pymdownx.critic",
    "pymdownx.smartsymbols",
    "pymdownx.betterem",
    {
        "pymdownx.emoji": {
            "emoji_index": "!material.extensions.emoji.twemoji",
            "emoji_generator": "!material.extensions.emoji.to_svg",
        }
    },
]


# --- extension sets ----------------------------------------------------------------------------


class _MkdocsLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: ``!!python/name:x.y`` is the object, ``!ENV`` a default."""


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, attr = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None
    return None


_MkdocsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_MkdocsLoader.add_constructor("!ENV", _env_tag)


def _split(entries: list[Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry)
        else:
            ((name, conf),) = entry.items()
            names.append(name)
            resolved = {}
            for k, v in (conf or {}).items():
                if isinstance(v, str) and v.startswith("!"):
                    v = _python_name(_MkdocsLoader(""), v[1:], yaml.ScalarNode("", ""))
                resolved[k] = v
            configs[name] = resolved
    return names, configs


def real_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """``markdown_extensions`` of the repository's mkdocs.yml."""
    path = ROOT / "mkdocs.yml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkdocsLoader)  # noqa: S506 - SafeLoader subclass
    return _split(list(data.get("markdown_extensions") or []))


def extension_sets(
    snippet_base: Path,
) -> Iterator[tuple[str, list[str], dict[str, dict[str, Any]]]]:
    names, configs = real_extensions()
    if "pymdownx.snippets" in names:
        configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(snippet_base)]
    yield "mkdocs.yml", names, configs
    rich_names, rich_configs = _split(RICH_EXTENSIONS)
    rich_configs["pymdownx.snippets"] = {"base_path": [str(snippet_base)], "check_paths": False}
    yield "rich", rich_names, rich_configs


def test_mkdocs_yml_extensions_load() -> None:
    """The safety proof runs on the site's real extension set, not on a guess."""
    names, _ = real_extensions()
    assert "tables" in names and "attr_list" in names
    markdown.Markdown(extensions=names)


# --- the HTML check ----------------------------------------------------------------------------

# Attributes that may carry input as plain text. data-clipboard-text is what a post's copy button
# puts on the clipboard: Material's clipboard integration copies it as text, never as markup.
TEXT_ATTRIBUTES = ("id", "title", "alt", "aria-label", "data-clipboard-text")
# The site's own controls, written by the templates whatever the input: the copy button and the
# calendar filter. Exactly these attributes (input may only reach the button's text to copy).
OURS: dict[str, dict[str, str | None]] = {
    "button": {"type": "button", "class": "md-button intake-copy", "data-clipboard-text": None},
    "form": {
        "class": "intake-filter",
        "data-intake-filter": "",
        "data-search-exclude": "",
        "hidden": "",
    },
}


def _ours(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag == "select":
        return len(attrs) == 1 and attrs[0][0] == "name" and attrs[0][1] in FILTER_NAMES
    want = OURS.get(tag)
    if want is None or [name for name, _ in attrs] != list(want):
        return False
    return all(want[name] is None or (value or "") == want[name] for name, value in attrs)


FILTER_NAMES = ("birim", "platform", "durum")


class _Checker(HTMLParser):
    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.problems: list[str] = []
        self.text: list[str] = []
        self.tables: list[list[int]] = []
        self._row = 0

    def bad(self, what: str) -> None:
        self.problems.append(f"{self.where}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BAD_TAGS and not _ours(tag, attrs):
            self.bad(f"<{tag}> element")
        if tag == "img":
            src = dict(attrs).get("src") or ""
            if not re.fullmatch(
                r"(\.\./)*[A-Za-z0-9][A-Za-z0-9._/-]*", src
            ):  # same-origin relative path
                self.bad(f"<img> with a source from input: {attrs}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in (
                "style",
                "formaction",
                "srcdoc",
                "xlink:href",
                "srcset",
            ):
                self.bad(f"attribute {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "poster", "data"):
                scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
                    self.bad(f"{name}={value!r} on <{tag}>")
                if value.strip().startswith("//"):
                    self.bad(f"scheme-relative {name}={value!r}")
                if any(c in value for c in " \t\n<>\"'`"):
                    self.bad(f"unencoded character in {name}={value!r}")
            elif CANARY in value.lower() and name not in TEXT_ATTRIBUTES:
                # text attributes may carry input as text (the parser saw them as one value);
                # anything else (class, data-*, …) means the input shaped the markup
                self.bad(f"input reached attribute {name}={value!r} on <{tag}>")
            if "emoji" in value or "twemoji" in value:
                self.bad(f"emoji markup {name}={value!r}")
        if tag == "table":
            self.tables.append([])
        if tag == "tr":
            self._row = 0
        if tag in ("td", "th"):
            self._row += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self.tables:
            self.tables[-1].append(self._row)

    def handle_comment(self, data: str) -> None:
        if CANARY in data.lower():
            self.bad(f"comment from input: {data!r}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(html: str, where: str) -> list[str]:
    checker = _Checker(where)
    checker.feed(html)
    checker.close()
    problems = checker.problems
    text = "".join(checker.text)
    if SECRET in html:
        problems.append(f"{where}: snippet file included")
    if "4011" in text:
        problems.append(f"{where}: a template tag was executed")
    if INVISIBLE.search(html):
        problems.append(f"{where}: bidi/zero-width/control character {INVISIBLE.search(html)!r}")
    for widths in checker.tables:
        if widths and len(set(widths)) != 1:
            problems.append(f"{where}: table rows of different widths {widths} (a cell broke out)")
    return problems


def front_matter(page: str) -> tuple[dict[str, Any], str]:
    if not page.startswith("---\n"):
        return {}, page
    end = page.index("\n---\n", 4)
    meta = yaml.safe_load(page[4:end]) or {}
    assert isinstance(meta, dict)
    return meta, page[end + 5 :]


# --- hostile data ------------------------------------------------------------------------------


def hostile(i: int) -> str:
    return HOSTILE_TEXT[i % len(HOSTILE_TEXT)]


def hostile_link(i: int) -> str:
    return HOSTILE_LINKS[i % len(HOSTILE_LINKS)]


def hostile_submissions() -> tuple[Submission, ...]:
    """Every hostile text in every displayed field; built directly (the renderer must not rely on
    the schema having cleaned anything)."""
    subs = []
    n = len(HOSTILE_TEXT)
    types = ("plan", "proposal", "announcement", "reshare")
    statuses = {
        "plan": "received",
        "proposal": "pending",
        "announcement": "approved",
        "reshare": "received",
    }
    for i in range(n):
        stype = types[i % 4]
        item = Item(
            topic=hostile(i),
            date=date(2026, 11, 23 + i % 7),
            time="10:30" if i % 2 else None,
            platforms=("X",),
            text=hostile(i + 1) + "\n\n" + hostile(i + 2),
            link=hostile_link(i),
            tags=(hostile(i + 3), "gençlik"),
            images=(HOSTILE_IMAGES[i % len(HOSTILE_IMAGES)], "submissions/img/ok-1.jpg"),
            reshare_of=hostile(i) if i % 3 else hostile_link(i),
            reshare_url=hostile_link(i + 1),
        )
        decision = None
        if stype in ("proposal", "announcement") and i % 2:
            decision = Decision(
                by=hostile(i + 4),
                at=datetime(2026, 11, 25, 9, i % 60, tzinfo=TZ),
                via="email",
                note=hostile(i + 5),
            )
        subs.append(
            Submission(
                id=f"hostile-{i:02d}",
                type=stype,
                unit=("ghgm", "shgm", "cidb")[i % 3],  # type: ignore[arg-type]
                sender=hostile(i + 6),
                subject=hostile(i + 7),
                received=datetime(2026, 11, 24, 8, i % 60, tzinfo=TZ),
                message_id=f"<hostile-{i}@example.gov.tr>",
                week="2026-W48",
                status="rejected" if stype == "proposal" and decision else statuses[stype],  # type: ignore[arg-type]
                items=(item,),
                decision=decision,
            )
        )
    return tuple(subs)


def hostile_config(tmp: Path) -> Config:
    posts = [
        {
            "id": hostile(i) if i % 2 else f"BP-{i}",
            "date": date(2026, 11, 23 + i % 7),
            "topic": hostile(i + 1),
            "link": f"https://x.com/bakanlik/status/{i}?q=<{CANARY}>",
        }
        for i in range(len(HOSTILE_TEXT))
    ]
    config = make_config(tmp, ministry_posts=yaml.safe_dump(posts, allow_unicode=True))
    units = tuple(
        dataclasses.replace(
            u,
            name=hostile(i),
            short=hostile(i + 1),
            addresses=(*u.addresses, hostile(i + 2)),
            contact=Contact(
                name=hostile(i + 3),
                title=hostile(i + 4),
                phone=hostile(i + 5),
                email=hostile(i + 6),
            ),
        )
        for i, u in enumerate(config.units)
    )
    office = dataclasses.replace(config.office, name=hostile(7))
    return dataclasses.replace(config, units=units, office=office)


def hostile_status(config: Config, week: str | None = None) -> dict[str, Any]:
    rows = [
        {
            "sender": hostile(i),
            "subject": hostile(i + 1),
            "reason": hostile(i + 2),
            "detail": hostile(i + 3),
            "date": hostile(i + 4),
        }
        for i in range(len(HOSTILE_TEXT))
    ]
    return {"last_run": {"finished": "x"}, "quarantine": rows, "rejected": rows[:5], "totals": {}}


def all_pages(ctx: SiteContext) -> dict[str, str]:
    env = make_env(ROOT / "templates")
    pages: dict[str, str | bytes] = dict(render_directory(ctx, env))
    try:
        from intake.render.site import generated_pages
    except ImportError:  # the main pages are another module's; the directory pages are proven alone
        generated_pages = None
    if generated_pages is not None:
        pages.update(generated_pages(ctx, env))
    return {k: v for k, v in pages.items() if isinstance(v, str)}


@pytest.fixture
def hostile_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, str], Path]:
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # snippets' default base_path is "."
    from intake import status

    monkeypatch.setattr(status, "collect", hostile_status)
    config = hostile_config(tmp_path)
    subs = hostile_submissions()
    crisis = CrisisNotice(None, (), "")
    broken = tuple(hostile(i) for i in range(len(HOSTILE_TEXT)))
    ctx = SiteContext(config, subs, tuple(planned_posts(subs, crisis)), crisis, None, NOW, broken)
    return all_pages(ctx), tmp_path


# --- the proof ---------------------------------------------------------------------------------


def test_hostile_input_renders_inert_html_with_every_extension_set(
    hostile_site: tuple[dict[str, str], Path],
) -> None:
    pages, tmp = hostile_site
    assert {"units/index.md", "reshares/index.md", "guide/index.md", "office/index.md"} <= set(
        pages
    )
    problems: list[str] = []
    checked = 0
    for label, names, configs in extension_sets(tmp):
        for rel, page in sorted(pages.items()):
            meta, body = front_matter(page)
            assert CANARY not in repr(meta).lower(), (
                f"{rel}: input reached the front matter: {meta}"
            )
            md = markdown.Markdown(extensions=names, extension_configs=configs)
            problems += check_html(md.convert(body), f"{label}:{rel}")
            checked += 1
    assert checked >= 8
    assert problems == [], "\n".join(sorted(set(problems))[:60])


def test_hostile_text_is_still_shown_as_text(hostile_site: tuple[dict[str, str], Path]) -> None:
    """Inert is not invisible: the office must see what was sent, as text."""
    pages, _ = hostile_site
    names, configs = real_extensions()
    office = markdown.Markdown(extensions=names, extension_configs=configs).convert(
        front_matter(pages["office/index.md"])[1]
    )
    checker = _Checker("office")
    checker.feed(office)
    text = "".join(checker.text)
    for needle in (
        "<script>alert('pwn1')</script>",
        "{{ 1337 * 3 }}",
        ":smile:",
        '--8<-- "secret.txt"',
        "{: onclick=\"alert('pwn14')\" .pwn15 #pwn16 }",
        "<!-- pwn18 -->",
    ):
        assert needle in text, needle


def test_hostile_submission_survives_the_store_round_trip(tmp_path: Path) -> None:
    """YAML breakers in subject and fields stay data: written and read back unchanged."""
    store = SubmissionStore(tmp_path)
    for sub in hostile_submissions():
        # as the parser hands them over: stripped topic, only http(s) links and stored images
        clean = dataclasses.replace(
            sub,
            items=tuple(
                dataclasses.replace(
                    i, topic=i.topic.strip(), link=None, reshare_url=None, images=()
                )
                for i in sub.items
            ),
        )
        clean = dataclasses.replace(
            clean, subject=markup.clean(clean.subject), sender="x@example.gov.tr"
        )
        path = store.write(clean)
        back = store.read(path)
        assert back.subject == clean.subject
        assert [i.topic for i in back.items] == [i.topic for i in clean.items]
        assert [i.text for i in back.items] == [i.text for i in clean.items]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_markup_inline_and_block_are_inert(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    source = f"| a | b |\n|---|---|\n| {markup.inline(text)} | x |\n\n{markup.block(text)}\n\n- {markup.inline(text)}\n"
    for label, names, configs in extension_sets(tmp_path):
        html = markdown.Markdown(extensions=names, extension_configs=configs).convert(source)
        assert check_html(html, label) == []


@pytest.mark.parametrize("url", HOSTILE_LINKS)
def test_markup_link_allows_only_http(url: str) -> None:
    target = markup.safe_url(url)
    assert target is None or (
        target.startswith(("http://", "https://")) and not re.search(r"[\s<>\"'`()\[\]]", target)
    )
    names, configs = real_extensions()
    html = markdown.Markdown(extensions=names, extension_configs=configs).convert(
        markup.link(url, "etiket")
    )
    assert check_html(html, url) == []


def test_ids_that_skipped_the_schema_stay_inert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Submission ids are printed as inline code only when they have the id shape (defence in depth:
    the store validates ids on read, but a renderer must not trust that)."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = make_config(tmp_path)
    subs = tuple(
        dataclasses.replace(sub, id=f"x`<script>{CANARY}</script>`{i}")
        for i, sub in enumerate(hostile_submissions())
    )
    crisis = CrisisNotice(None, (), "")
    ctx = SiteContext(config, subs, (), crisis, None, NOW, ())
    pages = render_directory(ctx, make_env(ROOT / "templates"))
    for label, names, configs in extension_sets(tmp_path):
        for rel in ("office/index.md", "reshares/index.md"):
            page = pages[rel]
            assert isinstance(page, str)
            html = markdown.Markdown(extensions=names, extension_configs=configs).convert(
                front_matter(page)[1]
            )
            assert check_html(html, f"{label}:{rel}") == []


def test_safe_url_tab_inside_scheme_is_checked_as_the_browser_reads_it() -> None:
    """Regression: ``safe_url`` checked the URL with tab/CR/LF removed (urlsplit drops them) but
    emitted it with them percent-encoded, so "ht\\ttps://…" came out as the non-http "ht%09tps://…"
    and "h\\nttps://…" as "h%0Attps://…". Browsers drop these characters; so do we, before both."""
    assert markup.safe_url("ht\ttps://evil.example/x") == "https://evil.example/x"
    assert markup.safe_url("h\nttps://ok.example/a\r\nb") == "https://ok.example/ab"
    assert markup.safe_url("java\tscript:alert(1)") is None
    for url in HOSTILE_LINKS:
        target = markup.safe_url(url)
        assert target is None or target.startswith(("http://", "https://")), (url, target)


def test_arabic_letter_mark_and_mongolian_vowel_separator_are_stripped() -> None:
    """Regression: U+061C (ARABIC LETTER MARK, a bidi control) and U+180E (once a zero-width
    space) passed through ``clean`` and could reorder or hide parts of a title."""
    assert markup.inline("a\u061cb\u180ec") == "abc"
    assert markup.clean("\u061c\u180e") == ""


_ALPHABET = "<>&\"'`*_[](){}!#|\\:;=+-~^$%@/.,?\t\n \u00a0\u2028\u202eaçİı1é😀" + "".join(
    chr(c) for c in range(32)
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=_ALPHABET, max_size=60))
def test_property_inline_text_is_inert_and_shown_verbatim(text: str, tmp_path: Path) -> None:
    """Any text through ``inline`` renders as exactly that text (whitespace collapsed), no markup."""
    expected = " ".join(markup.clean(text).split())
    for label, names, configs in extension_sets(tmp_path):
        source = "| a |\n|---|\n| " + markup.inline(text) + " |\n\n" + markup.inline(text)
        html = markdown.Markdown(extensions=names, extension_configs=configs).convert(source)
        assert check_html(html, label) == []
        assert set(re.findall(r"<([a-z0-9]+)", html)) <= {
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "p",
        }
        if expected:
            paragraph = html.rsplit("<p>", 1)[1].split("</p>")[0]
            assert htmllib.unescape(paragraph) == expected, (label, text, html)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=_ALPHABET, max_size=80))
def test_property_block_text_is_inert(text: str, tmp_path: Path) -> None:
    """Paragraphs and line breaks are the only markup ``block`` can produce."""
    for label, names, configs in extension_sets(tmp_path):
        html = markdown.Markdown(extensions=names, extension_configs=configs).convert(
            markup.block(text)
        )
        assert check_html(html, label) == []
        assert set(re.findall(r"<([a-z0-9]+)", html)) <= {"p", "br"}, (label, text, html)
