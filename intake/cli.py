"""The command line: the only module that prints or exits.

Exit codes: 0 the run did its job (rejected mail is a normal outcome), 1 an operational
failure (one line: what and how to fix), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

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


def cmd_watch(args: argparse.Namespace) -> int:
    from intake.timeutil import now
    from intake.watch import watch

    config = _config(args)

    def log(line: str) -> None:
        print(f"{now():%Y-%m-%d %H:%M:%S} {line}", flush=True)

    watch(config, log)
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from intake.remind import describe, remind
    from intake.timeutil import now

    config = _config(args)
    report = remind(config, now(), dry_run=args.dry_run)
    for line in describe(config, report, args.dry_run):
        print(line)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


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
    print("ok: intake.yml, submissions, crisis notice, meeting series and ministry posts are valid")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from datetime import datetime

    from intake.explain import explain, format_explanation
    from intake.timeutil import TZ

    source: str = args.message
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise IntakeError(
            f"cannot read {source}: {exc.strerror or exc}; give the path of a saved .eml "
            "message, or - to read one from standard input"
        ) from None
    if not raw.strip():
        raise IntakeError(
            f"{'standard input' if source == '-' else source} is empty; give a whole message "
            "(headers and body), as saved from the mail program"
        )
    arrived = None
    if args.at:
        try:
            arrived = datetime.fromisoformat(args.at)
        except ValueError:
            raise IntakeError(
                f"--at {args.at!r} is not a date and time; write ISO 8601, for example "
                "2026-12-03T10:00+03:00"
            ) from None
        arrived = arrived.replace(tzinfo=TZ) if arrived.tzinfo is None else arrived
    print(format_explanation(explain(raw, _config(args), arrived)))
    return 0


def _office_result(applied: object) -> int:
    from intake.office import Applied

    assert isinstance(applied, Applied)
    for line in applied.lines:
        print(
            line if applied.ok else f"error: {line}", file=sys.stdout if applied.ok else sys.stderr
        )
    return 0 if applied.ok else 1


def _who(args: argparse.Namespace) -> str:
    import getpass

    return str(args.by or f"{getpass.getuser()} (komut satırı)")


def cmd_decide(args: argparse.Namespace) -> int:
    from intake.office import Action, decide, from_cli
    from intake.parse.dates import FieldError, parse_date, parse_time
    from intake.timeutil import now

    config = _config(args)
    at = now()
    day = hhmm = None
    try:
        day = parse_date(args.date, at.date()) if getattr(args, "date", None) else None
        hhmm = parse_time(args.time) if getattr(args, "time", None) else None
    except FieldError as exc:
        raise IntakeError(f"--date/--time: {exc}") from None
    action: Action = "approve" if args.command == "approve" else "reject"
    note = args.note if action == "approve" else args.reason
    applied = from_cli(
        config,
        lambda store, ledger, write, _file: decide(
            store,
            ledger,
            write,
            action=action,
            target=args.id.strip().lower(),
            by=_who(args),
            via="cli",
            at=at,
            note=note or "",
            day=day,
            hhmm=hhmm,
        ),
    )
    return _office_result(applied)


def cmd_crisis(args: argparse.Namespace) -> int:
    from intake.ledger import Ledger, ledger_path
    from intake.office import crisis_status, end_crisis, from_cli, start_crisis
    from intake.timeutil import now

    config = _config(args)
    at = now()
    if args.action == "status":
        with Ledger(ledger_path(config)) as ledger:
            for line in crisis_status(config, ledger, at):
                print(line)
        return 0
    if args.action == "start":
        if not args.title:
            raise IntakeError('intake crisis start needs --title "…" (the banner\'s text)')
        topics = tuple(t.strip() for t in args.topic for t in t.split(",") if t.strip())
        if args.scope == "field" and not topics:
            raise IntakeError(
                "a field crisis stops only posts on its topics: give them with --topic deprem "
                "--topic afet"
            )
        applied = from_cli(
            config,
            lambda _store, ledger, _write, write_file: start_crisis(
                config,
                ledger,
                scope=args.scope,
                topics=topics,
                title=args.title,
                by=_who(args),
                via="cli",
                at=at,
                write_file=write_file,
            ),
        )
    else:
        applied = from_cli(
            config,
            lambda _store, ledger, write, write_file: end_crisis(
                config, ledger, write, by=_who(args), via="cli", at=at, write_file=write_file
            ),
        )
    return _office_result(applied)


def cmd_post(args: argparse.Namespace) -> int:
    from intake.office import add_post, from_cli
    from intake.parse.dates import FieldError, parse_date
    from intake.parse.items import platforms_of
    from intake.render.markup import safe_url
    from intake.timeutil import now

    config = _config(args)
    at = now()
    try:
        day = parse_date(args.date, at.date()) if args.date else at.date()
    except FieldError as exc:
        raise IntakeError(f"--date: {exc}") from None
    bad = [u for u in args.url if safe_url(u) is None]
    if bad:
        raise IntakeError(
            f"{bad[0]!r} is not an http(s) address; give the post's full https:// address"
        )
    if not args.topic.strip():
        raise IntakeError('intake post add needs --topic "…" (what the post is about)')
    platforms, unknown = platforms_of(",".join(args.platform))
    if unknown:
        raise IntakeError(
            f"--platform {unknown[0]!r} is not known; use X, Instagram, Facebook, YouTube, "
            "LinkedIn, TikTok, NSosyal, Threads or WhatsApp"
        )
    applied = from_cli(
        config,
        lambda _store, ledger, _write, write_file: add_post(
            config,
            ledger,
            links=tuple(dict.fromkeys(args.url)),
            day=day,
            topic=args.topic.strip(),
            platforms=tuple(platforms),
            by=_who(args),
            via="cli",
            at=at,
            write_file=write_file,
        ),
    )
    return _office_result(applied)


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
    add(
        "watch",
        cmd_watch,
        "fetch and build as soon as mail arrives (IMAP IDLE), until SIGTERM; for systemd",
    )
    m = add(
        "remind",
        cmd_remind,
        "mail the units whose plan for next week has not arrived, and those with ministry posts "
        "not re-shared in time (once a week each; for a timer)",
    )
    m.add_argument(
        "--dry-run", action="store_true", help="print who would be reminded; send nothing"
    )
    s = add(
        "status",
        cmd_status,
        "show the last run, outcome counts, this week's submissions, quarantine",
    )
    s.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add(
        "check",
        cmd_check,
        "validate intake.yml, every submission file, the crisis notice, meeting.yml and "
        "ministry-posts.yml",
    )
    e = add(
        "explain",
        cmd_explain,
        "show how one saved message is read (type, unit, outcome, items and their lines); "
        "writes nothing",
    )
    e.add_argument("message", metavar="MESSAGE.eml", help="a saved message, or - for stdin")
    e.add_argument(
        "--at",
        metavar="WHEN",
        default=None,
        help="arrival time, ISO 8601 (default: the message's Date header, else now)",
    )
    a = add("approve", cmd_decide, "approve a proposal or announcement (or release a held plan)")
    a.add_argument("id", metavar="ID", help="the submission's id, as on its receipt")
    a.add_argument("--date", default=None, help="the slot's day (e.g. 08.12.2026)")
    a.add_argument("--time", default=None, help="the slot's time (e.g. 10:30)")
    a.add_argument("--note", default="", help="a note for the unit")
    a.add_argument("--by", default=None, help="who decides (default: your login name)")
    j = add("reject", cmd_decide, "reject a proposal or announcement, with a reason")
    j.add_argument("id", metavar="ID", help="the submission's id, as on its receipt")
    j.add_argument("--reason", required=True, help="why (told to the unit)")
    j.add_argument("--by", default=None, help="who decides (default: your login name)")
    c = add("crisis", cmd_crisis, "start or end a crisis (edits docs/crisis.md), or show it")
    c.add_argument(
        "action",
        choices=("start", "end", "status"),
        help="start a crisis, end the active one, or show it and what it stops",
    )
    c.add_argument(
        "--scope",
        choices=("national", "field"),
        default="national",
        help="national: every planned post stops; field: only posts on --topic (start)",
    )
    c.add_argument("--topic", action="append", default=[], help="a topic a field crisis stops")
    c.add_argument("--title", default="", help="the banner's text")
    c.add_argument("--by", default=None, help="who (default: your login name)")
    p = add(
        "post",
        cmd_post,
        "add a ministry post that every unit must re-share",
    )
    p.add_argument("action", choices=("add",), help="add a post")
    p.add_argument("url", nargs="+", metavar="URL", help="the post's address(es), one per platform")
    p.add_argument("--date", default=None, help="the post's day (e.g. 02.12.2026; default: today)")
    p.add_argument("--topic", required=True, help="what the post is about")
    p.add_argument(
        "--platform", action="append", default=[], help="a platform (default: from the URLs)"
    )
    p.add_argument("--by", default=None, help="who (default: your login name)")
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
