"""The command line: the only module that prints or exits.

Exit codes: 0 the run did its job (rejected mail is a normal outcome), 1 an operational
failure (one line: what and how to fix), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from intake import __version__
from intake.config import Config, load_config
from intake.errors import IntakeError, ValidationError


class _Progress:
    """A one-line progress display, only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        self.shown = True
        total_s = f"/{total}" if total else ""
        sys.stderr.write(f"\r{self.label}: {done}{total_s}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    for warning in config.warnings:
        print(f"warning: {config.path}: {warning}", file=sys.stderr)
    return config


def cmd_fetch(args: argparse.Namespace) -> int:
    from intake.pipeline import fetch

    config = _config(args)
    progress = _Progress("fetch")
    try:
        report = fetch(config, progress=progress)
    finally:
        progress.close()
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from intake.build import build

    config = _config(args)
    progress = _Progress("build")
    try:
        report = build(config, force=args.force, progress=progress)
    finally:
        progress.close()
    print(report.summary())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    code = cmd_fetch(args)
    if code:
        return code
    return cmd_build(args)


def cmd_status(args: argparse.Namespace) -> int:
    from intake.status import collect, format_text

    config = _config(args)
    data = collect(config)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(format_text(data))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from intake.check import check

    config = _config(args)
    problems = check(config)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("ok: intake.yml, submissions, crisis notice and meeting series are valid")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intake",
        description="Read units' social-media mail into Markdown and build the intranet site.",
    )
    parser.add_argument("--version", action="version", version=f"intake {__version__}")
    config_help = "configuration file (default: $INTAKE_CONFIG or ./intake.yml)"
    parser.add_argument("--config", metavar="PATH", default=None, help=config_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        # also after the command (`intake run --config …`); SUPPRESS keeps one given before it
        p.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help=config_help)
        return p

    add("fetch", cmd_fetch, "read new mail and write accepted submissions as Markdown")
    b = add("build", cmd_build, "render generated pages and ICS feeds, then run mkdocs build")
    b.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    r = add("run", cmd_run, "fetch, then build (for cron or a systemd timer)")
    r.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    s = add(
        "status",
        cmd_status,
        "show the last run, outcome counts, this week's submissions, quarantine",
    )
    s.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add(
        "check",
        cmd_check,
        "validate intake.yml, every submission file, the crisis notice and meeting.yml",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help / --version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        code: int = args.func(args)
    except ValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if len(exc.problems) > 1:
            print(exc.details(), file=sys.stderr)
        return 1
    except IntakeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; run the same command again to continue", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
