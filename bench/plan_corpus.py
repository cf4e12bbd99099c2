"""How many human-shaped plans (bench/plans-corpus/*.txt) intake understands exactly.

Each file is one plan as a press officer writes it: ``Subject: …``, a blank line, the body, then
a line ``=== items …`` and the items it states, one a line: ``YYYY-MM-DD HH:MM|X,Instagram``
(``-`` for no time). A plan is understood exactly when it is accepted with exactly those items,
in order: date, time and platforms of each. The mail arrives on Thursday 2026-12-03, a week
before the plans' week. ``make bench-plans`` runs it; it prints each plan that is not understood
and the figure.
"""

from __future__ import annotations

import sys
from datetime import datetime
from email.header import Header
from pathlib import Path

from intake.config import load_config
from intake.parse import receive
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "plans-corpus"
ARRIVED = datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
HEAD = (
    "Authentication-Results: mail.example.gov.tr; dmarc=pass header.from=ghgm.example.gov.tr\r\n"
    "From: Gençlik Hizmetleri <sosyalmedya@ghgm.example.gov.tr>\r\n"
    "To: sosyalmedya@example.gov.tr\r\nDate: Thu, 3 Dec 2026 10:00:00 +0300\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
)


def read_plan(path: Path) -> tuple[bytes, list[str]]:
    """The plan as a message, and its items as ``date time|platforms`` lines."""
    text = path.read_text(encoding="utf-8")
    mail, _, items = text.partition("\n=== items")
    first, _, body = mail.partition("\n\n")
    if not first.startswith("Subject: ") or not items:
        sys.exit(f"{path}: write 'Subject: …', a blank line, the body, then '=== items'")
    subject = first.removeprefix("Subject: ").strip()
    raw = (HEAD + f"Subject: {Header(subject, 'utf-8').encode()}\r\n\r\n").encode()
    raw += body.replace("\n", "\r\n").encode("utf-8")
    expected = [line.strip() for line in items.split("\n")[1:] if line.strip()]
    return raw, expected


def main() -> int:
    config = load_config(ROOT / "samples" / "intake.yml")
    paths = sorted(CORPUS.glob("*.txt"))
    exact = 0
    for path in paths:
        raw, expected = read_plan(path)
        out = receive(raw, config, arrived=ARRIVED)
        got = (
            [f"{i.date} {i.time or '-'}|{','.join(i.platforms)}" for i in out.submission.items]
            if out.submission is not None
            else []
        )
        if out.outcome == "accepted" and got == expected:
            exact += 1
            continue
        print(f"not understood: {path.name}: {out.outcome} ({out.reason})")
        for line in expected:
            print(f"    expected {line}")
        for line in got:
            print(f"    read     {line}")
        for problem in out.problems:
            print(f"    problem  {problem}")
    share = 100 * exact / len(paths) if paths else 0.0
    print(f"{exact} of {len(paths)} plans understood exactly ({share:.0f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
