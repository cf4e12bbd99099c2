"""The command line: exit codes (0 ok, 1 operational failure, 2 usage error), help, docs."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from intake import __version__
from intake.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
USAGE = "usage: intake [-h] [--version] [--config PATH] COMMAND ..."


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands() -> list[list[str]]:
    """Every command as argv words, nested ones included (``crisis start`` …)."""
    out: list[list[str]] = []
    for name, sub in _subcommands(build_parser()).items():
        out.append([name])
        out.extend([name, inner] for inner in _subcommands(sub))
    return out


def help_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                texts[choice.dest] = choice.help or ""
    return texts


def test_the_agreed_commands_exist() -> None:
    names = {words[0] for words in commands()}
    assert {"fetch", "build", "run", "status", "check"} <= names


@pytest.mark.parametrize("words", commands(), ids=" ".join)
def test_every_command_has_help(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*words, "--help"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"usage: intake {' '.join(words)} ")
    top = help_texts()
    if len(words) == 1:
        assert len(top[words[0]]) > 15, f"`intake {words[0]}` needs a one-line help text"
        assert top[words[0]] in " ".join(out.split()), "the description repeats the help text"
    # every option and argument of the command is explained
    parser = build_parser()
    for word in words:
        parser = _subcommands(parser)[word]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.dest == "help":
            continue
        assert action.help, (
            f"{action.option_strings or action.dest} of `intake {' '.join(words)}` has no help"
        )


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(USAGE + "\n")
    for name, text in help_texts().items():
        assert re.search(rf"^\s+{name}\s+{re.escape(text[:30])}", out, re.MULTILINE), name


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"intake {__version__}\n"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{USAGE}\nintake: error: the following arguments are required: COMMAND\n"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == USAGE
    assert lines[1].startswith(
        "intake: error: argument COMMAND: invalid choice: 'frobnicate' (choose from "
    )
    assert len(lines) == 2


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--jsn"]) == 2
    assert capsys.readouterr().err == f"{USAGE}\nintake: error: unrecognized arguments: --jsn\n"


def test_operational_failure_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fetch with a config pointing at an IMAP port where nothing listens."""
    config = tmp_path / "intake.yml"
    config.write_text(
        "mailbox: {host: 127.0.0.1, port: 1, security: none, username: u, timeout: 5}\n"
        "office: {name: SİİD, addresses: [siid@example.gov.tr]}\n"
        "authentication: {authserv_id: mail.example.gov.tr}\n"
        "units: [{id: ghgm, name: GHGM, addresses: [a@ghgm.example.gov.tr]}]\n",
        encoding="utf-8",
    )
    assert main(["--config", str(config), "fetch"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "127.0.0.1" in lines[0]


def test_readme_documents_every_command() -> None:
    """Docs test: README.md mentions `intake <command>` for every command the CLI has."""
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    missing = [" ".join(words) for words in commands() if f"intake {' '.join(words)}" not in text]
    assert missing == [], f"README.md does not mention: {', '.join('intake ' + m for m in missing)}"


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_before_or_after_the_command(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`intake --config X check` and `intake check --config X` read the same file (the README's
    cron line and systemd unit put it after the command)."""
    monkeypatch.delenv("INTAKE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./intake.yml here: only --config can name the file
    missing = tmp_path / "elsewhere" / "intake.yml"
    argv = (
        ["--config", str(missing), "check"]
        if where == "before"
        else ["check", "--config", str(missing)]
    )
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert str(missing) in err, err
    parsed = build_parser().parse_args(argv)
    assert parsed.config == str(missing)
    # and the top-level one is kept when the command has none
    assert build_parser().parse_args(["--config", "a.yml", "run"]).config == "a.yml"
    assert build_parser().parse_args(["run"]).config is None
