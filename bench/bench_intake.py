"""The fetch's performance budgets against a real Dovecot (``make bench-intake``; not a test).

Budgets (the spec's *Performance budgets*, on this 2-core machine):

1. a realistic backlog of ``--count`` (10,000) messages from 30 units over many weeks, all four
   types (plans 8–30 KB, proposals, announcements, re-share reports), ~10 % with an image of
   20–200 KB, ~5 % a unit's correction of an earlier plan, ~2 % auto-replies: ``intake fetch``
   end to end as a process in **< 120 s**, peak memory **< 150 MB** (each process);
2. the worst case for supersede chains, ``--chain`` (2,000) corrections of one unit's plan for
   one week, in **< 60 s**;
3. ``intake fetch`` with no new mail, as a process, **< 0.5 s** (the median of 5);
4. for reference only: the raw ceiling, imapclient fetching every message of the backlog with
   ``BODY.PEEK[]`` in batches and ``email.message_from_bytes`` parsing it.

``--pyyaml`` also fetches the backlog and the chain with front matter written and read by PyYAML
alone, without intake's own emitter and loader (:mod:`intake.frontmatter`): what that piece buys
the fetch, measured.

    python bench/bench_intake.py [--count 10000] [--chain 2000] [--batch 100]
                                 [--pyyaml] [--work DIR] [--keep]
"""

from __future__ import annotations

import argparse
import email
import os
import random
import statistics
import struct
import subprocess
import sys
import time
import zlib
from datetime import date, datetime, timedelta
from email.policy import default
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.fetch.imap import quiet  # noqa: E402
from intake.timeutil import TZ  # noqa: E402
from tests.servers.dovecot import PASSWORD, DovecotServer, bench_dovecot  # noqa: E402
from tests.test_pipeline_support import AUTHSERV, unit_mail  # noqa: E402

UNITS = 30
PLATFORMS = ["X", "Instagram", "Facebook", "YouTube", "LinkedIn", "NSosyal"]
TOPICS = [
    "Gençlik kampları başvuruları başladı",
    "Üniversite öğrencilerine burs duyurusu",
    "Yurtlarda kış dönemi etkinlikleri",
    "Amatör spor kulüplerine malzeme desteği",
    "Gönüllülük programı tanıtımı",
    "Bilim olimpiyatları hazırlık kampı",
    "Engelsiz spor şenliği",
    "Kitap okuma kampanyası",
    "Doğa yürüyüşü etkinliği",
    "Gençlik merkezlerinde kodlama atölyesi",
]
SENTENCES = [
    "Başvurular e-Devlet üzerinden alınmaktadır ve son başvuru tarihi ayın sonudur.",
    "Etkinliğe katılım ücretsizdir; kontenjan sınırlı olduğundan erken başvurmanızı öneririz.",
    "Ayrıntılı bilgi için il müdürlüklerimizle ve gençlik merkezlerimizle iletişime geçebilirsiniz.",
    "Program kapsamında gençlerimiz alanında uzman eğitmenlerle bir araya gelecektir.",
    "Geçen yıl düzenlenen etkinliğe seksen bir ilden on iki bin genç katılmıştı.",
    "Paylaşımda kullanılacak görsel ekte yer almaktadır; lütfen özgün çözünürlükte kullanınız.",
]
SUBJECTS = {
    "plan": "HAFTALIK PAYLAŞIM PLANI",
    "proposal": "İÇERİK ÖNERİSİ",
    "announcement": "DUYURU",
    "reshare": "PAYLAŞIM BİLDİRİMİ",
}


def _png(rng: random.Random, size: int) -> bytes:
    """A valid PNG of about ``size`` bytes (noise does not compress)."""
    side = max(8, int((size / 3) ** 0.5))
    rows = b"".join(b"\x00" + rng.randbytes(side * 3) for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


def _unit(n: int) -> tuple[str, str]:
    return f"b{n:02d}", f"sosyalmedya@b{n:02d}.example.gov.tr"


def _mail(
    n: int, kind: str, sent: datetime, body: str, msg_id: str, image: bytes | None = None
) -> bytes:
    _, address = _unit(n)
    msg = unit_mail(address, SUBJECTS.get(kind, kind), "", msg_id, sent)
    if kind == "auto":
        msg["Auto-Submitted"] = "auto-replied"
        msg.replace_header("Subject", "Otomatik yanıt: Haftalık paylaşım planı")
    msg.set_content(body)  # (replaces unit_mail's empty body)
    if image is not None:
        msg.add_attachment(image, maintype="image", subtype="png", filename="gorsel.png")
    return bytes(msg)


def _items(rng: random.Random, week: date, count: int, kind: str, image: bool) -> str:
    lines = ["Merhaba,", "", "Birimimizin paylaşımları aşağıdadır.", ""]
    for n in range(count):
        day = week + timedelta(days=n % 7)
        lines += [
            f"Tarih: {day:%d.%m.%Y}",
            f"Saat: {9 + n % 9}:{rng.choice(['00', '15', '30', '45'])}",
            f"Platform: {', '.join(rng.sample(PLATFORMS, rng.randint(1, 3)))}",
            f"Konu: {rng.choice(TOPICS)}",
        ]
        if kind == "reshare":
            lines += [
                f"Paylaşım: https://x.com/bakanlik/status/{rng.randint(10**17, 10**18)}",
                f"Bağlantı: https://x.com/birim/status/{rng.randint(10**17, 10**18)}",
            ]
        else:
            text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 9)))
            lines += [f"Metin: {text}", "Etiketler: gençlik, spor"]
        if n == 0 and image:
            lines.append("Görsel: gorsel.png")
        lines.append("")
    return "\n".join([*lines, "Saygılarımızla,", "Basın ve Sosyal Medya Birimi"]) + "\n"


def backlog(count: int, seed: int = 50) -> list[bytes]:
    """``count`` messages from 30 units, week after week, in the order the server got them."""
    rng = random.Random(seed)
    weeks = count // (UNITS * 1.25) + 2
    first_monday = date(2025, 12, 29) - timedelta(weeks=int(weeks))
    out: list[tuple[datetime, bytes]] = []
    sent_plans: list[tuple[int, date, datetime]] = []
    week_at = 0
    for i in range(count):
        week = first_monday + timedelta(weeks=week_at)
        unit = i % UNITS + 1
        if unit == UNITS:
            week_at += 1 if rng.random() < 0.8 else 0  # some weeks bring more than one round
        roll = rng.random()
        sent = datetime.combine(week - timedelta(days=3), datetime.min.time(), TZ)
        sent += timedelta(hours=9, minutes=rng.randint(0, 480), seconds=i % 60)
        image = _png(rng, rng.randint(20_000, 200_000)) if rng.random() < 0.10 else None
        msg_id = f"<bench-{seed}-{i:06d}@b{unit:02d}.example.gov.tr>"
        if roll < 0.05 and sent_plans:  # a correction of an earlier plan of the same unit
            unit, week, first = rng.choice(sent_plans[-60:])
            sent = first + timedelta(hours=rng.randint(1, 30))
            body = _items(rng, week, rng.randint(5, 25), "plan", image is not None)
            out.append((sent, _mail(unit, "plan", sent, body, msg_id, image)))
            continue
        kind = (
            "auto"
            if roll < 0.07
            else "reshare"
            if roll < 0.12
            else "announcement"
            if roll < 0.18
            else "proposal"
            if roll < 0.30
            else "plan"
        )
        items = {"plan": rng.randint(5, 25), "auto": 1}.get(kind, rng.randint(1, 2))
        body = _items(rng, week, items, kind, image is not None)
        if kind == "auto":
            body, image = "Şu an ofis dışındayım; dönüşümde yanıt vereceğim.\n", None
        out.append((sent, _mail(unit, kind, sent, body, msg_id, image)))
        if kind == "plan":
            sent_plans.append((unit, week, sent))
    out.sort(key=lambda pair: pair[0])
    return [raw for _, raw in out]


def chain(count: int, seed: int = 51) -> list[bytes]:
    """``count`` plans of one unit for one week, each a correction of the one before."""
    rng = random.Random(seed)
    week = date(2025, 12, 1)
    start = datetime(2025, 11, 27, 9, 0, tzinfo=TZ)
    out = []
    for i in range(count):
        sent = start + timedelta(minutes=i)
        body = _items(rng, week, 5, "plan", False)
        out.append(_mail(1, "plan", sent, body, f"<chain-{seed}-{i:06d}@b01.example.gov.tr>"))
    return out


def fill(server: DovecotServer, user: str, messages: list[bytes]) -> None:
    """MULTIAPPEND with INTERNALDATE = the Date header (the time our server received it)."""
    with server.session(user) as client:
        for start in range(0, len(messages), 200):
            chunk = []
            for raw in messages[start : start + 200]:
                msg = email.message_from_bytes(raw.split(b"\n\n", 1)[0], policy=default)
                chunk.append({"msg": raw, "date": msg["Date"].datetime})
            client.multiappend("INBOX", chunk)


def config_data(mailbox: dict[str, object]) -> dict[str, object]:
    """The bench's intake.yml: 30 units that send from ``sosyalmedya@bNN.example.gov.tr``."""
    units = []
    for n in range(1, UNITS + 1):
        uid, address = _unit(n)
        units.append({"id": uid, "name": f"Birim {n} Genel Müdürlüğü", "addresses": [address]})
    return {
        "mailbox": mailbox,
        "office": {"name": "Sosyal İlişkiler ve İletişim Dairesi", "addresses": ["siid@x.gov.tr"]},
        "authentication": {"authserv_id": AUTHSERV, "require": "dmarc"},
        "units": units,
        "paths": {"docs": "docs", "site": "site", "state": "state", "outbox": "outbox"},
    }


def config_for(base: Path, server: DovecotServer, user: str, batch: int) -> Path:
    data = config_data(
        {
            "host": "127.0.0.1",
            "port": server.port,
            "security": "none",
            "username": user,
            "password_env": "INTAKE_BENCH_IMAP_PASSWORD",
            "batch_size": batch,
            "timeout": 30,
            "folders": {
                "processed": "İşlenen",
                "rejected": "Reddedilen",
                "quarantine": "Karantina",
            },
        }
    )
    base.mkdir(parents=True, exist_ok=True)
    path = base / "intake.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def raw_ceiling(server: DovecotServer, user: str, batch: int) -> tuple[int, float]:
    """imapclient (without imaplib's trace, as intake runs it) fetching ``BODY.PEEK[]`` in
    batches, read-only, and the standard library parsing each message."""
    started = time.perf_counter()
    parsed = 0
    with server.session(user) as client:
        quiet(client)
        client.select_folder("INBOX", readonly=True)
        uids = client.search("ALL")
        for start in range(0, len(uids), batch):
            data = client.fetch(uids[start : start + batch], [b"BODY.PEEK[]"])
            for item in data.values():
                msg = email.message_from_bytes(item[b"BODY[]"], policy=default)
                parsed += 1 if msg["Message-ID"] else 0
    return parsed, time.perf_counter() - started


# ``intake fetch`` in its own process, as cron runs it; it prints its report, its peak RSS (VmHWM:
# unlike ru_maxrss, not inherited across exec) and the largest child's (the parser process).
_FETCH = """
import re, resource, sys
from pathlib import Path
if sys.argv[2] == "pyyaml":
    import intake.frontmatter
    intake.frontmatter.emit = lambda data: None
    intake.frontmatter.load = lambda text: None
from intake.config import load_config
from intake.pipeline import fetch
report = fetch(load_config(sys.argv[1]))
hwm = int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(hwm, child, report.summary(), sep="|")
"""


def run_fetch(config: Path, mode: str = "as-is") -> tuple[float, float, float, str]:
    """(seconds, peak MB, parser child's peak MB, summary) of one ``intake fetch`` process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _FETCH, str(config), mode],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"fetch failed:\n{done.stderr}")
    hwm, child, summary = done.stdout.strip().splitlines()[-1].split("|")
    return elapsed, int(hwm) / 1024, int(child) / 1024, summary


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER BUDGET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000, help="backlog size (10000)")
    parser.add_argument("--chain", type=int, default=2_000, help="corrections of one plan (2000)")
    parser.add_argument("--batch", type=int, default=100, help="mailbox.batch_size (100)")
    parser.add_argument(
        "--pyyaml",
        action="store_true",
        help="also fetch the backlog and the chain with PyYAML alone for front matter",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / ".bench",
        help="where Dovecot's store and the fetches' files go (default .bench/: the disk a "
        "deployment writes to, rather than /tmp)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's folder")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # figures as they come

    os.environ["INTAKE_BENCH_IMAP_PASSWORD"] = PASSWORD
    with bench_dovecot(args.work, "intake-bench-", args.keep) as (server, work):
        t = time.perf_counter()
        messages = backlog(args.count)
        corrections = chain(args.chain)
        sizes = sorted(len(m) for m in messages)
        images = sum(1 for m in messages if b"Content-Type: image/png" in m)
        print(
            f"generated {len(messages)} messages in {time.perf_counter() - t:.1f} s: "
            f"{sizes[0] / 1024:.0f}–{sizes[-1] / 1024:.0f} KB (median "
            f"{sizes[len(sizes) // 2] / 1024:.0f} KB, {sum(sizes) / 2**20:.0f} MB in all), "
            f"{images} with an image; and {len(corrections)} corrections of one plan"
        )
        users = {"backlog": server.user(), "chain": server.user()}
        if args.pyyaml:
            users["backlog-pyyaml"] = server.user()
            users["chain-pyyaml"] = server.user()
        t = time.perf_counter()
        for name, user in users.items():
            fill(server, user, corrections if name.startswith("chain") else messages)
        print(f"appended them to Dovecot in {time.perf_counter() - t:.0f} s")

        def without_fast_yaml(name: str, seconds: float) -> None:
            """The same fetch with PyYAML alone for front matter, on a copy of the mailbox."""
            other = config_for(work / f"{name}-pyyaml", server, users[f"{name}-pyyaml"], args.batch)
            slow, _, _, slow_summary = run_fetch(other, "pyyaml")
            print(
                f"   with PyYAML alone for front matter: {slow_summary} in {slow:.1f} s "
                f"(intake's emitter and loader save {slow - seconds:.1f} s)"
            )

        parsed, raw_s = raw_ceiling(server, users["backlog"], args.batch)
        print(
            f"raw ceiling (reference): imapclient BODY.PEEK[] + email.message_from_bytes: "
            f"{parsed} messages in {raw_s:.1f} s = {parsed / raw_s:.0f} msg/s"
        )

        config = config_for(work / "backlog", server, users["backlog"], args.batch)
        seconds, peak, child, summary = run_fetch(config)
        print(
            f"1. backlog: `intake fetch` {summary} in {seconds:.1f} s = "
            f"{args.count / seconds:.0f} msg/s  (budget < 120 s)  {verdict(seconds < 120)}"
        )
        print(
            f"   peak memory: fetch {peak:.0f} MB, parser process {child:.0f} MB  "
            f"(budget < 150 MB each)  {verdict(peak < 150 and child < 150)}"
        )
        if args.pyyaml:
            without_fast_yaml("backlog", seconds)
        chain_config = config_for(work / "chain", server, users["chain"], args.batch)
        seconds, peak, _, summary = run_fetch(chain_config)
        print(
            f"2. chain: {summary} in {seconds:.1f} s = {args.chain / seconds:.0f} msg/s  "
            f"(budget < 60 s)  {verdict(seconds < 60)}"
        )
        if args.pyyaml:
            without_fast_yaml("chain", seconds)

        idle = []
        for _ in range(5):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "intake.cli", "--config", str(config), "fetch"],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            idle.append(time.perf_counter() - started)
        median = statistics.median(idle)
        print(
            f"3. no new mail: `intake fetch` process {median * 1000:.0f} ms, the median of 5 "
            f"({done.stdout.strip()})  (budget < 500 ms)  {verdict(median < 0.5)}"
        )
        print(f"   folders after the backlog: {server.counts(users['backlog'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
