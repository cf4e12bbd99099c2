"""From a unit's mail arriving to its rebuilt page on disk, with ``intake watch`` running
(``make bench-latency``; not a test).

One year of a 30-unit ministry (``bench/synth.py``: 52 weeks of plans, proposals and
announcements) is built once; then ``intake watch`` runs against a real Dovecot, and ``--mails``
plans are appended to the inbox one after another. For each: the time from the APPEND to the
calendar page holding its topic on disk, and the watch's own stages: detect (APPEND → the IDLE's
news), fetch, load, render, mkdocs. Budget: the median < 15 s.

    python bench/bench_latency.py [--mails 10] [--weeks 52] [--work DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_project  # noqa: E402

from intake.timeutil import TZ, iso_week  # noqa: E402
from tests.servers.dovecot import PASSWORD, DovecotServer, bench_dovecot  # noqa: E402

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
_STAGES = re.compile(
    r"fetch (?P<fetch>[\d.]+) s, load (?P<load>[\d.]+) s, render (?P<render>[\d.]+) s, "
    r"mkdocs (?P<mkdocs>[\d.]+) s"
)
_NEWS = re.compile(r"new mail \(at (?P<at>[\d.]+)\)")


def plan(unit: int, topic: str, sent: datetime) -> bytes:
    msg = EmailMessage()
    msg["Authentication-Results"] = (
        "mail.example.gov.tr; dkim=pass header.d=example.gov.tr; "
        "spf=pass smtp.mailfrom=example.gov.tr; dmarc=pass header.from=example.gov.tr"
    )
    msg["From"] = f"Birim <sosyalmedya@u{unit:02d}.example.gov.tr>"
    msg["To"] = "sosyalmedya@example.gov.tr"
    msg["Subject"] = "HAFTALIK PAYLAŞIM PLANI"
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = f"<latency-{unit}-{sent.timestamp():.0f}@example.gov.tr>"
    msg.set_content(
        f"Tarih: 02.12.2026\nSaat: 10:30\nPlatform: X, Instagram\nKonu: {topic}\n"
        "Metin: Gecikme ölçümü için bir paylaşım.\n"
    )
    return bytes(msg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mails", type=int, default=10, help="mails measured (10)")
    parser.add_argument("--weeks", type=int, default=52, help="weeks of data (52)")
    parser.add_argument("--work", type=Path, default=ROOT / ".bench")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]

    with bench_dovecot(args.work, "intake-latency-", args.keep) as (server, work):
        measure(server, work, args)
    return 0


def measure(server: DovecotServer, work: Path, args: argparse.Namespace) -> None:
    proc: subprocess.Popen[str] | None = None
    try:
        project = work / "project"
        t = time.perf_counter()
        config = make_project(project, args.weeks, NOW)
        files = len(list((project / "docs" / "submissions").glob("*.md")))
        user = server.user()
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["mailbox"] = {
            "host": "127.0.0.1",
            "port": server.port,
            "security": "none",
            "username": user,
            "password_env": "INTAKE_BENCH_IMAP_PASSWORD",
            "timeout": 30,
        }
        config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        env = {
            **os.environ,
            "INTAKE_BENCH_IMAP_PASSWORD": PASSWORD,
            "INTAKE_NOW": NOW.isoformat(),
            "PYTHONPATH": str(ROOT),
        }
        cli = [sys.executable, "-m", "intake.cli", "--config", str(config)]
        built = subprocess.run([*cli, "build"], env=env, capture_output=True, text=True, check=True)
        print(
            f"{args.weeks} weeks of a 30-unit ministry: {files} submission files, written and "
            f"built in {time.perf_counter() - t:.0f} s ({built.stdout.strip()})"
        )

        proc = subprocess.Popen(
            [*cli, "watch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        lines: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        reader = threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")))
        reader.start()

        def wait_line(pattern: str, after: int, timeout: float = 300) -> tuple[int, str]:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                for i in range(after, len(lines)):
                    if pattern in lines[i]:
                        return i, lines[i]
                time.sleep(0.02)
            raise SystemExit(f"no {pattern!r} from the watch:\n" + "".join(lines))

        wait_line("watching", 0)
        time.sleep(2)  # its first pass (nothing new: the build is skipped)
        page = project / "site" / "calendar" / iso_week(NOW.date().replace(day=2, month=12))
        results = []
        for n in range(args.mails):
            topic = f"Gecikme ölçümü {n + 1}"
            sent = NOW.replace(minute=n)
            before = len(lines)
            started = time.time()
            with server.session(user) as client:
                client.append("INBOX", plan(n % 30 + 1, topic, sent), msg_time=sent)
            target = page / "index.html"
            while True:
                if target.exists() and topic in target.read_text(encoding="utf-8"):
                    break
                if time.time() - started > 300:
                    raise SystemExit("the page did not change within 300 s:\n" + "".join(lines))
                time.sleep(0.02)
            total = time.time() - started
            at, line = wait_line("mkdocs", before)
            news = [m for m in (_NEWS.search(x) for x in lines[before:at]) if m]
            stages = _STAGES.search(line)
            assert stages is not None
            detect = float(news[-1]["at"]) - started if news else float("nan")
            row = {
                "total": total,
                "detect": detect,
                **{k: float(v) for k, v in stages.groupdict().items()},
            }
            results.append(row)
            print(
                f"  mail {n + 1:2d}: {total:5.2f} s  (detect {detect:.2f}, fetch {row['fetch']:.2f}, "
                f"load {row['load']:.2f}, render {row['render']:.2f}, mkdocs {row['mkdocs']:.2f})"
            )
            time.sleep(0.5)
        median = statistics.median(r["total"] for r in results)
        parts = {
            k: statistics.median(r[k] for r in results)
            for k in ("detect", "fetch", "load", "render", "mkdocs")
        }
        print(
            f"mail → rebuilt page on disk: median {median:.2f} s of {len(results)} mails "
            f"(min {min(r['total'] for r in results):.2f}, max {max(r['total'] for r in results):.2f})"
            f"  (budget < 15 s)  {'OK' if median < 15 else 'OVER BUDGET'}"
        )
        print("  medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
