"""`intake build` on the command line: exit codes and the one-line errors an operator sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.build import build
from intake.cli import main
from intake.errors import BuildError
from tests.test_render_pages import NOW, make_project


def test_cli_build_then_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    monkeypatch.setenv("INTAKE_NOW", NOW.isoformat())
    assert main(["--config", str(config.path), "build"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("built ") and " pages from 8 submissions in " in out
    assert main(["--config", str(config.path), "build"]) == 0
    assert capsys.readouterr().out.strip() == "site up to date (no input changed)"


def test_cli_invalid_crisis_exits_1_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    monkeypatch.setenv("INTAKE_NOW", NOW.isoformat())
    (config.paths.docs / "crisis.md").write_text(
        "---\ncrisis:\n  active: yes please\n  title: Kriz\n---\n", encoding="utf-8"
    )
    assert main(["--config", str(config.path), "build"]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first.startswith("error: ")
    assert "crisis.md: crisis.active: true ya da false olmalı, “yes please” yazılmış" in first
    assert "`active: true` (kriz sürüyor) ya da `active: false`" in first
    assert not (config.paths.site / "index.html").exists()


def test_mkdocs_warning_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    build(config, now=NOW)
    before = (config.paths.site / "index.html").read_bytes()
    (config.paths.docs / "extra.md").write_text("# Ek\n\n[kayıp](missing.md)\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(config, now=NOW)
    assert "mkdocs build failed: Doc file 'extra.md' contains a link 'missing.md'" in str(err.value)
    assert (config.paths.site / "index.html").read_bytes() == before
    assert not list(config.paths.site.parent.glob(".site.*"))  # no temporary build left behind
