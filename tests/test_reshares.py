"""Ministry posts to re-share: URL normalising, matching a report line to a post, the office's
file (validated in Turkish, edited with its comments kept), ``BAKANLIK PAYLAŞIMI`` read from an
office mail, ``intake post add`` and ``intake check``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from intake.cli import main as cli_main
from intake.config import load_config
from intake.errors import ConfigError, ValidationError
from intake.ledger import Ledger
from intake.parse.command import read_command
from intake.reshares import (
    PostIndex,
    add_to_posts_file,
    load_ministry_posts,
    next_post_id,
    normalize_url,
    parse_ministry_posts,
    platform_of,
)
from intake.store import atomic_write
from tests.test_office import TODAY, setup

POSTS = """\
# Dairenin listesi: birimlerin yeniden paylaşması gereken bakanlık paylaşımları
- id: BP-2026-49-1   # kamp duyurusu
  date: 2026-12-02
  topic: Gençlik kampları başvuruları
  link: https://x.com/gencliksporbak/status/1864000000000000001
- id: BP-2026-49-2
  date: 2026-12-03
  topic: Milli takım tebriki
  links:
  - https://x.com/gencliksporbak/status/1864000000000000002
  - https://www.instagram.com/p/DBakanlik2/
"""


# --- normalising -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("https://x.com/bakanlik/status/1", "https://x.com/bakanlik/status/1"),
        ("https://twitter.com/bakanlik/status/1", "https://x.com/bakanlik/status/1"),
        ("http://mobile.twitter.com/bakanlik/status/1/", "https://x.com/bakanlik/status/1"),
        ("https://www.twitter.com/bakanlik/status/1?s=20&t=abc", "https://x.com/bakanlik/status/1"),
        ("HTTPS://X.COM/bakanlik/status/1#reply", "https://x.com/bakanlik/status/1"),
        (
            "https://www.instagram.com/p/DBakanlik2/?igshid=MzRlODBiNWFlZA==",
            "https://instagram.com/p/DBakanlik2",
        ),
        (
            "https://m.facebook.com/story.php?story_fbid=5&id=7&fbclid=IwAR0&utm_source=wa",
            "https://facebook.com/story.php?id=7&story_fbid=5",
        ),
        ("https://youtu.be/abc?si=xyz", "https://youtube.com/abc"),
        ("<https://x.com/a/status/9>", "https://x.com/a/status/9"),
        ("BP-2026-49-1", None),
        ("javascript:alert(1)", None),
        ("x.com/a/status/9", None),
    ],
)
def test_urls_are_normalised(written: str, normal: str | None) -> None:
    assert normalize_url(written) == normal


def test_path_case_and_other_parameters_still_tell_posts_apart() -> None:
    assert normalize_url("https://x.com/A/status/1") != normalize_url("https://x.com/a/status/1")
    assert normalize_url("https://site.gov.tr/h?id=1") != normalize_url(
        "https://site.gov.tr/h?id=2"
    )


def test_platform_of_a_post_address() -> None:
    assert platform_of("https://mobile.twitter.com/a/status/1") == "X"
    assert platform_of("https://www.instagram.com/p/x/") == "Instagram"
    assert platform_of("https://example.gov.tr/haber") is None


# --- matching ----------------------------------------------------------------------------------


def test_report_lines_match_by_id_or_any_address() -> None:
    index = PostIndex(parse_ministry_posts(POSTS, "posts"))
    by_id = index.match(" bp-2026-49-1 ", "https://x.com/ghgm/status/5")
    assert by_id.post is not None and by_id.post.id == "BP-2026-49-1" and by_id.why == ""
    by_old_host = index.match(
        "https://twitter.com/gencliksporbak/status/1864000000000000001?s=20",
        "https://x.com/ghgm/status/5",
    )
    assert by_old_host.post is not None and by_old_host.post.id == "BP-2026-49-1"
    second_platform = index.match("https://instagram.com/p/DBakanlik2", "https://x.com/g/status/6")
    assert second_platform.post is not None and second_platform.post.id == "BP-2026-49-2"


@pytest.mark.parametrize(
    ("reshare_of", "url", "why"),
    [
        ("BP-2026-49-9", "https://x.com/ghgm/status/5", "“BP-2026-49-9” kimlik listedeki"),
        ("https://x.com/baska/status/1", "https://x.com/ghgm/status/5", "bağlantı listedeki"),
        (
            "BP-2026-49-1",
            "https://twitter.com/gencliksporbak/status/1864000000000000002",
            "bakanlık paylaşımının bağlantısı yazılmış",
        ),
        (None, "https://x.com/ghgm/status/5", "kimliği ya da bağlantısı yazılmamış"),
    ],
)
def test_report_lines_that_match_nothing_say_why(
    reshare_of: str | None, url: str, why: str
) -> None:
    found = PostIndex(parse_ministry_posts(POSTS, "posts")).match(reshare_of, url)
    assert found.post is None and why in found.why


def test_a_line_without_the_units_own_address_matches_but_says_it_is_missing() -> None:
    found = PostIndex(parse_ministry_posts(POSTS, "posts")).match("BP-2026-49-1", None)
    assert found.post is not None and "bağlantısı yazılmamış" in found.why


# --- the office's file ---------------------------------------------------------------------------


def test_the_file_reads_links_and_platforms() -> None:
    first, second = parse_ministry_posts(POSTS, "posts")
    assert (first.link, first.platforms) == (
        "https://x.com/gencliksporbak/status/1864000000000000001",
        ("X",),
    )
    assert second.platforms == ("X", "Instagram") and len(second.keys) == 3


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("- id: A\n  date: 1 Aralık\n  topic: x\n", "[0].date", "YYYY-AA-GG"),
        ("- id: A\n  date: 2026-12-01\n", "[0].topic", "konusunu"),
        ("- {id: A, date: 2026-12-01, topic: x, links: [ftp://a]}\n", "[0].links[0]", "https://"),
        ("- {id: A, date: 2026-12-01, topic: x, platforms: [Myspace]}\n", "[0].platforms", "X,"),
        ("- {id: A, date: 2026-12-01, topic: x, renk: kırmızı}\n", "[0].renk", "bilinmeyen"),
        (
            "- {id: A, date: 2026-12-01, topic: x, link: 'https://x.com/a/status/1'}\n"
            "- {id: B, date: 2026-12-02, topic: y, link: 'https://twitter.com/a/status/1/'}\n",
            "[1].link",
            "[0] (A) paylaşımında da var",
        ),
    ],
)
def test_a_bad_file_is_refused_in_turkish_naming_where(text: str, where: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_ministry_posts(text, "calendar/ministry-posts.yml")
    found = [str(p) for p in info.value.problems if p.where == where]
    assert found and words in found[0], info.value.problems


def test_adding_keeps_the_offices_comments_and_numbers_the_week(tmp_path: Path) -> None:
    path = tmp_path / "ministry-posts.yml"
    path.write_text(POSTS, encoding="utf-8")
    post = add_to_posts_file(
        path,
        links=["https://x.com/gencliksporbak/status/3", "https://instagram.com/p/C3/"],
        day=date(2026, 12, 4),
        topic="Gönüllülük: haftası",
        platforms=(),
        write=atomic_write,
    )
    assert post.id == "BP-2026-49-3" and post.platforms == ("X", "Instagram")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(POSTS)  # the office's lines, comments included, as they were
    assert text[len(POSTS) :] == (
        "- id: BP-2026-49-3\n"
        "  date: 2026-12-04\n"
        "  topic: 'Gönüllülük: haftası'\n"
        "  links:\n"
        "  - https://x.com/gencliksporbak/status/3\n"
        "  - https://instagram.com/p/C3/\n"
    )
    assert [p.id for p in load_ministry_posts(path) or []][-1] == "BP-2026-49-3"


def test_adding_to_a_missing_file_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "ministry-posts.yml"
    post = add_to_posts_file(
        path,
        links=["https://x.com/b/status/1"],
        day=date(2026, 12, 28),
        topic="Yeni yıl",
        platforms=("X",),
        write=atomic_write,
    )
    assert post.id == "BP-2026-53-1"
    assert "platforms: [X]" in path.read_text(encoding="utf-8")
    assert next_post_id(load_ministry_posts(path) or [], date(2026, 12, 29)) == "BP-2026-53-2"


# --- BAKANLIK PAYLAŞIMI, intake post add, intake check --------------------------------------------


def test_the_command_is_read_with_several_links() -> None:
    cmd = read_command(
        "BAKANLIK PAYLAŞIMI",
        [
            "Bağlantı: https://x.com/gencliksporbak/status/7",
            "https://www.instagram.com/p/Kamp7/",
            "Tarih: 3 Aralık 2026",
            "Konu: Kamp başvuruları",
            "Platform: X, İnstagram",
            "Bağlantısı https://kotu.example/ satırı okunmaz",
        ],
        TODAY,
    )
    assert cmd.action == "post-add" and not cmd.problems
    assert cmd.links == (
        "https://x.com/gencliksporbak/status/7",
        "https://www.instagram.com/p/Kamp7/",
    )
    assert (cmd.day, cmd.title, cmd.platforms) == (
        date(2026, 12, 3),
        "Kamp başvuruları",
        ("X", "Instagram"),
    )


def test_the_command_without_link_or_topic_says_what_is_missing() -> None:
    cmd = read_command("Bakanlık paylaşımı", ["Tarih: 32.12.2026"], TODAY)
    assert cmd.action == "post-add"
    assert [p.split(":")[0] for p in cmd.problems] == [
        "Paylaşımın bağlantısı yazılmamış",
        "“Tarih” satırı okunamadı",
        "Paylaşımın konusu yazılmamış",
    ]


def test_post_add_on_the_cli_lists_it_once_and_audits_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = setup(tmp_path, [])
    args = ["--config", str(config.path), "post", "add"]
    url = "https://twitter.com/gencliksporbak/status/77?s=20"
    assert cli_main([*args, url, "--date", "02.12.2026", "--topic", "Kamp", "--by", "ayse"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Bakanlık paylaşımı eklendi: BP-2026-49-1, 2 Aralık 2026 Çarşamba, “Kamp” (X)."
    )
    # the same post again (by its x.com address): refused, nothing written
    before = (tmp_path / "calendar" / "ministry-posts.yml").read_bytes()
    assert cli_main([*args, "https://x.com/gencliksporbak/status/77", "--topic", "Kamp"]) == 1
    assert "zaten listede: BP-2026-49-1" in capsys.readouterr().err
    assert (tmp_path / "calendar" / "ministry-posts.yml").read_bytes() == before
    with Ledger(config.paths.state / "ledger.sqlite3") as ledger:
        trail = ledger.audit_trail()
    assert [(a["actor"], a["via"], a["action"], a["target"]) for a in trail] == [
        ("ayse", "cli", "post-add", "BP-2026-49-1")
    ]
    assert cli_main([*args, "ftp://x", "--topic", "Kamp"]) == 1
    assert "not an http(s) address" in capsys.readouterr().err


def test_check_reports_the_posts_file_in_turkish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = setup(tmp_path, [])
    path = tmp_path / "calendar" / "ministry-posts.yml"
    path.write_text("- id: BP-1\n  date: yarın\n  topic: Kamp\n", encoding="utf-8")
    assert cli_main(["--config", str(config.path), "check"]) == 1
    assert capsys.readouterr().out == (
        f"{path}: [0].date: tarih olmalı, yazılan: 'yarın' — YYYY-AA-GG biçiminde yazın, "
        "ör. `date: 2026-12-02`\n"
    )


@pytest.mark.parametrize(
    ("block", "where"),
    [
        ("reshares: {late_after_days: -1}\n", "reshares.late_after_days"),
        ("reshares: {threshold: 80}\n", "reshares.threshold"),
        ("reshares: {threshold: yes}\n", "reshares.threshold"),
    ],
)
def test_reshares_config_is_validated(tmp_path: Path, block: str, where: str) -> None:
    config, _ = setup(tmp_path, [])
    config.path.write_text(config.path.read_text(encoding="utf-8") + block, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config.path)
    assert [p.where for p in info.value.problems] == [where]


def test_reshares_config_lists_every_problem_and_reads_good_values(tmp_path: Path) -> None:
    config, _ = setup(tmp_path, [])
    base = config.path.read_text(encoding="utf-8")
    config.path.write_text(
        base + "reshares: {late_after_days: 1.5, threshold: 2}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(config.path)
    assert [p.where for p in info.value.problems] == [
        "reshares.late_after_days",
        "reshares.threshold",
    ]
    config.path.write_text(base + "reshares: {late_after_days: 3, threshold: 0.5}\n", "utf-8")
    loaded = load_config(config.path)
    assert (loaded.reshares.late_after_days, loaded.reshares.threshold) == (3, 0.5)


def test_done_late_missing_and_waiting_on_the_matrix_and_in_the_rates(tmp_path: Path) -> None:
    """BP-2026-48-1 (24 November) is due by the 26th: GHGM on the 25th is on time, SHGM on the
    28th late, the rest missing; BP-2026-48-2 (26 November) is still in time on the 27th."""
    from dataclasses import replace

    from intake.model import Item
    from intake.render.reshares import overdue, recent_rates, reshare_summary
    from tests.test_directory import MINISTRY_POSTS, at, context, make_config, render, sub

    reports = (
        sub("r-ghgm", "reshare", "ghgm", "received", (Item(topic="x", reshare_of="BP-2026-48-1",
            reshare_url="https://x.com/ghgm/status/1"),), at(25, 10)),
        sub("r-shgm", "reshare", "shgm", "received", (Item(topic="x", reshare_of="bp-2026-48-1",
            reshare_url="https://x.com/shgm/status/1"),), at(28, 10)),
    )  # fmt: skip
    ctx = replace(
        context(make_config(tmp_path, ministry_posts=MINISTRY_POSTS), reports), now=at(28, 18)
    )
    week = reshare_summary(ctx, "2026-W48")
    states = {
        u.unit.id: (len(u.done), len(u.late), len(u.missing), len(u.waiting)) for u in week.units
    }
    assert states["ghgm"] == (1, 0, 0, 1) and states["shgm"] == (1, 1, 0, 1)
    assert states["hkm"] == (0, 0, 1, 1)
    assert (week.done, week.late, week.missing) == (2, 1, 4)
    assert [u.unit.id for u in week.below] == ["cidb", "hkm", "idb", "ytdb"]
    page = render(ctx)["reshares/index.md"]
    assert isinstance(page, str)
    assert "| SHGM | ⚠ Geç: [SHGM paylaşımı](https://x.com/shgm/status/1) | … Bekleniyor |" in page
    assert "| GHGM | ✓ [GHGM paylaşımı](https://x.com/ghgm/status/1) | … Bekleniyor |" in page
    # over 4 weeks BP-2026-47-1 (18 November, nobody re-shared it) counts too
    rates = {u.unit.id: u.percent for u in recent_rates(ctx, 4).units}
    assert rates["ghgm"] == "%50" and rates["hkm"] == "%0"
    missing = overdue(ctx)
    assert [p.id for p in missing["hkm"]] == ["BP-2026-47-1", "BP-2026-48-1"]
    assert "ghgm" in missing and [p.id for p in missing["ghgm"]] == ["BP-2026-47-1"]
    # four weeks on, the 4-week rate has nothing to count; the 12-week one still has all three
    later = replace(ctx, now=at(22, 9, month=12))
    assert {u.unit.id: u.percent for u in recent_rates(later, 4).units}["ghgm"] == "—"
    assert {u.unit.id: u.percent for u in recent_rates(later, 12).units}["ghgm"] == "%33"
