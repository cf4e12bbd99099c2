"""``intake build`` end to end with the real MkDocs: pages, crisis banner, incremental stamp,
stale pages, an invalid crisis notice, and what is (not) published from docs/submissions/."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC
from pathlib import Path

import pytest

from intake.build import build
from intake.config import Config
from intake.errors import CrisisError
from intake.store import SubmissionStore
from tests.test_render_pages import NOW, UNITS, make_project, set_crisis

BANNER = re.compile(r'<div class="intake-crisis" role="alert">\s*<strong>KRİZ: (.*?)</strong>')


def html(config: Config, page: str) -> str:
    return (config.paths.site / page / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Config:
    config = make_project(tmp_path_factory.mktemp("site"), "field")
    report = build(config, now=NOW)
    assert not report.skipped
    assert report.warnings == []
    return config


PAGE_TYPES = ["", "calendar", "calendar/2026-W49", "approved", "agenda", "agenda/2026-W49",
              "crisis", "units", "reshares", "guide", "office"]  # fmt: skip


def test_every_page_type_is_built_in_turkish_with_the_banner(built: Config) -> None:
    for page in PAGE_TYPES:
        text = html(built, page)
        assert '<html lang="tr"' in text, page
        assert BANNER.findall(text) == ["Deprem nedeniyle ilgili paylaşımlar durdu"], page
        assert 'href="' in text and "crisis/" in text
        assert "md-banner__button" not in text, "the crisis banner must not be dismissible"


def test_stopped_post_on_the_built_calendar(built: Config) -> None:
    week = html(built, "calendar/2026-W49")
    posts = re.findall(r'<div class="intake-post intake-post--stopped"(.*?)</p>', week, re.S)
    assert len(posts) == 1
    assert "<del>DEPREM tatbikatı duyurusu</del>" in posts[0]
    assert ">Durduruldu</span>" in posts[0]
    assert week.count(">Durduruldu</span>") == 2  # its card in the week and its block


def test_crisis_page_shows_state_and_keeps_the_office_text(built: Config) -> None:
    page = html(built, "crisis")
    assert "Metin." in page  # the hand-written body
    assert "Sürüyor: Deprem nedeniyle ilgili paylaşımlar durdu" in page
    assert "Kayıtlı geçmiş kriz bildirimi yok." in page
    assert "crisis:" in (built.paths.docs / "crisis.md").read_text(encoding="utf-8")


def test_submissions_are_data_not_pages_but_images_are_copied(built: Config) -> None:
    site = built.paths.site
    assert not (site / "submissions" / "2026-w49-cbdb-plan-1").exists()
    assert not list((site / "submissions").glob("*.md"))
    assert (site / "submissions" / "img" / "2026-w49-cbdb-plan-1-1.png").is_file()
    week = html(built, "calendar/2026-W49")
    # the thumbnail's relative URL resolves from /calendar/2026-W49/ to the copied image
    assert 'src="../../submissions/img/2026-w49-cbdb-plan-1-1.png"' in week


def test_search_index_and_feeds_are_published(built: Config) -> None:
    site = built.paths.site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["tr"]
    week = [d for d in index["docs"] if d["location"].startswith("calendar/2026-W49/")]
    assert any("Çevre haftası" in d["text"] for d in week)
    # each post is one result, titled with its topic, reading like the post: when, which unit,
    # which platforms, its text and hashtags; never table cells run together
    (post,) = [d for d in week if d["title"] == "Çevre haftası"]
    assert post["location"] == "calendar/2026-W49/#p-2026-w49-cydb-plan-2-1"
    for said in ("1 Aralık 2026 Salı 09:30", "ÇYDB", "X, LinkedIn", "Çevre haftası etkinlikleri.",
                 "#çevre", "Planlandı"):  # fmt: skip
        assert said in post["text"], (said, post["text"])
    assert "kopyala" not in post["text"]  # the copy button is not content
    assert not [d["location"] for d in week if "#gun-" in d["location"]]  # the grid is left out
    every = " ".join(d["text"] for d in index["docs"])
    for glued in ("SaatDurum", "DurumTarih", "TarihSaat", "BirimTür", "TürPlatformlar"):
        assert glued not in every, glued
    assert (site / "calendar" / "agenda.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (site / "calendar" / "shares.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_incremental_build(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    first = build(config, now=NOW)
    assert not first.skipped
    assert "Deprem" not in html(config, "")
    again = build(config, now=NOW)
    assert again.skipped
    assert again.summary() == "site up to date (no input changed)"
    assert again.seconds < 2

    # a new day changes "this week" on the home page: rebuild
    assert not build(config, now=NOW.replace(day=3)).skipped
    assert build(config, now=NOW.replace(day=3)).skipped

    # a touched submission file: rebuild
    path = config.paths.docs / "submissions" / "2026-w49-cbdb-plan-1.md"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert not build(config, now=NOW.replace(day=3)).skipped

    # the crisis notice edited: rebuild, and the banner appears on every page
    set_crisis(config, "national")
    report = build(config, now=NOW.replace(day=3))
    assert not report.skipped
    assert BANNER.findall(html(config, "agenda")) == ["Ulusal yas"]

    # force rebuilds even when nothing changed
    assert not build(config, force=True, now=NOW.replace(day=3)).skipped


def test_a_week_without_posts_loses_its_page(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    build(config, now=NOW)
    page = config.paths.docs / "calendar" / "2026-W48.md"
    assert page.is_file()
    (config.paths.docs / "submissions" / "2026-w48-ikdb-plan-1.md").unlink()
    build(config, now=NOW)
    assert not page.exists()
    assert not (config.paths.site / "calendar" / "2026-W48").exists()
    assert (config.paths.docs / "crisis.md").is_file()  # hand-written pages stay


def test_broken_submission_is_skipped_not_fatal(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    bad = config.paths.docs / "submissions" / "2026-w49-bad.md"
    bad.write_text("---\nid: 2026-w49-bad\ntype: plan\n---\n", encoding="utf-8")
    report = build(config, now=NOW)
    assert len(report.broken) == 1
    assert "2026-w49-bad.md" in report.broken[0]
    assert "1 broken submission file(s) skipped" in report.summary()
    assert (config.paths.site / "index.html").is_file()


def test_invalid_crisis_fails_the_build_and_names_the_key(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    build(config, now=NOW)
    before = (config.paths.site / "index.html").read_bytes()
    (config.paths.docs / "crisis.md").write_text(
        "---\ncrisis:\n  active: true\n  scope: everywhere\n"
        "  since: 2026-12-01T09:00:00+03:00\n  title: Kriz\n---\nMetin.\n",
        encoding="utf-8",
    )
    with pytest.raises(CrisisError) as err:
        build(config, now=NOW)
    message = str(err.value)
    assert "crisis.scope" in message
    assert "national ya da field olmalı, “everywhere” yazılmış" in message
    assert "`scope: national` (bütün planlı paylaşımlar durur)" in message
    # the site that was there is left as it was: no half-applied crisis
    assert (config.paths.site / "index.html").read_bytes() == before


def test_same_inputs_same_generated_files(tmp_path: Path) -> None:
    a = make_project(tmp_path / "a", "ended")
    b = make_project(tmp_path / "b", "ended")
    build(a, now=NOW)
    build(b, now=NOW)
    files = sorted(
        p.relative_to(a.paths.docs).as_posix()
        for p in a.paths.docs.rglob("*")
        if p.is_file() and p.suffix in (".md", ".ics", ".csv", ".xlsx")
    )
    assert "calendar/2026-W49.md" in files
    for rel in files:
        assert (a.paths.docs / rel).read_bytes() == (b.paths.docs / rel).read_bytes(), rel


def test_units_fixture_is_consistent() -> None:
    assert len({u[0] for u in UNITS}) == len(UNITS)
    assert SubmissionStore  # the store writes the fixture (see make_project)


def test_parallel_parse_gives_the_same_submissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold start parses in worker processes; the result must equal the one-process parse."""
    import intake.build as build_module

    config = make_project(tmp_path)
    (config.paths.docs / "submissions" / "2026-w49-bad.md").write_text("no front matter\n")
    serial = build_module.load_submissions(config)
    (config.paths.state / "submissions.cache").unlink()
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 2)
    parallel = build_module.load_submissions(config)
    assert parallel == serial
    assert [s.id for s in serial[0]][:2] == ["2026-w48-ikdb-plan-1", "2026-w49-cbdb-plan-1"]
    assert len(serial[1]) == 1 and "2026-w49-bad.md" in serial[1][0]
    # and the warm cache returns the same again
    assert build_module.load_submissions(config) == serial


def test_sitemap_dates_come_from_the_injected_clock(built: Config) -> None:
    """Regression: MkDocs stamped sitemap.xml with the wall-clock date, so the same input built on
    another day gave other bytes. The build date now comes from the build's own clock."""
    sitemap = (built.paths.site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {NOW.astimezone(UTC).date().isoformat()}
    assert "SOURCE_DATE_EPOCH" not in os.environ
