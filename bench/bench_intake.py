"""Intake throughput against a real Dovecot (``make bench-intake``; not a test).

In one run, on the same 2,000 realistic messages (8–30 KB plans from the demo units, authenticated
by mail.example.gov.tr, every fifth with an image, one in ten a unit's corrected plan for a recent
week, which supersedes its first plan):

(a) the raw ceiling: imapclient, as it comes, fetching every message with ``BODY.PEEK[]`` in
    batches and parsing each with ``email.message_from_bytes(policy=default)``;
(a') for reference, the same with imaplib's protocol trace off, as intake runs imapclient
    (imapclient has imaplib format a repr of every response even when nothing logs it);
(b) ``intake fetch`` end to end (parse, write, record, move).

Every measurement reads a copy of the mailbox for the first time, as (b)'s is, after an
uncounted warm-up on 500 messages (the first run in a process is 10-20 % slower). This
machine's speed drifts by 10-40 % within a minute, so (b) runs ``--rounds`` times (default 3),
each between two measurements of (a) and (a'); a round's ratio uses the mean of the (a) before
and after it, and the ratio reported is the median of the rounds' (all are printed).

Before (a) it waits, printing why, while creating a file where (b) writes is slowed by a recent
mass deletion (the previous run's clean-up; see ``_settle``), and prints that cost.

Then the time of a ``fetch`` with no new mail, and the peak memory (RSS) of a ``fetch`` over
10,000 messages in its own process. Targets: (b) ≥ 50 % of (a); no-new-mail fetch < 0.5 s;
peak RSS < 150 MB.

    python bench/bench_intake.py [--messages 2000] [--count 10000] [--batch 100] [--rounds 3]
                                 [--corrections 0.1] [--profile] [--work DIR] [--keep]
"""

from __future__ import annotations

import argparse
import cProfile
import email
import io
import os
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.config import Config, load_config  # noqa: E402
from intake.fetch.imap import quiet  # noqa: E402
from intake.timeutil import TZ  # noqa: E402
from tests.servers.dovecot import PASSWORD, DovecotServer, start_dovecot  # noqa: E402

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
    "Canlı yayın bağlantısı etkinlik günü kurumsal hesaplarımızdan ayrıca duyurulacaktır.",
]


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


def make_messages(
    config: Config, count: int, seed: int = 49, corrections: float = 0.1
) -> list[bytes]:
    """``count`` weekly plans from the demo units, 8–30 KB each, every fifth with an image.

    Week after week each unit sends its plan; a ``corrections`` share of the messages are a
    unit's corrected plan for a week it sent recently (sent later, so it supersedes the first).
    """
    rng = random.Random(seed)
    units = config.units
    # weeks in the past, ending in 2025 (a mail server keeps a future Date as the arrival time)
    first_monday = date(2025, 12, 29) - timedelta(weeks=count // len(units) + 1)
    out: list[bytes] = []
    sent_plans: list[tuple[int, datetime]] = []  # (slot, sent) of the plans sent so far
    slot = 0  # unit slot % len(units), week slot // len(units)
    for i in range(count):
        if sent_plans and rng.random() < corrections:
            plan_slot, first_sent = rng.choice(sent_plans[-30:])  # a recent one
            sent = first_sent + timedelta(hours=rng.randint(1, 48), minutes=i % 60)
        else:
            plan_slot, slot = slot, slot + 1
            week = first_monday + timedelta(days=7 * (plan_slot // len(units)))
            sent = datetime.combine(week - timedelta(days=3), datetime.min.time(), TZ)
            sent += timedelta(hours=9, minutes=plan_slot % 480)
            sent_plans.append((plan_slot, sent))
        unit = units[plan_slot % len(units)]
        week_start = first_monday + timedelta(days=7 * (plan_slot // len(units)))
        target = rng.randint(9_000, 29_000)
        image = _png(rng, rng.randint(3_000, min(10_000, target // 2))) if i % 5 == 0 else None
        # the Turkish UTF-8 text goes out base64-encoded (x1.37), the image too
        budget = (target - (len(image) * 140 // 100 if image else 0) - 1_500) * 100 // 137
        lines = ["Merhaba,", "", "Birimimizin haftalık paylaşım planı aşağıdadır.", ""]
        n = 0
        while len("\n".join(lines).encode()) < budget or n < 3:
            day = week_start + timedelta(days=n % 7)
            text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 9)))
            lines += [
                f"Tarih: {day:%d.%m.%Y}",
                f"Saat: {9 + n % 9}:{rng.choice(['00', '15', '30', '45'])}",
                f"Platform: {', '.join(rng.sample(PLATFORMS, rng.randint(1, 3)))}",
                f"Konu: {rng.choice(TOPICS)}",
                f"Metin: {text}",
                f"Etiketler: gençlik, spor, {unit.id}",
            ]
            if n == 0 and image is not None:
                lines.append("Görsel: gorsel.png")
            lines.append("")
            n += 1
            if n >= 60:
                break
        lines += ["Saygılarımızla,", unit.contact.name or "Sosyal Medya Birimi", unit.name]
        msg = EmailMessage()
        msg["Authentication-Results"] = (
            f"{config.authentication.authserv_id}; dkim=pass header.d=example.gov.tr; "
            "spf=pass smtp.mailfrom=example.gov.tr; dmarc=pass header.from=example.gov.tr"
        )
        msg["From"] = f"{unit.label} Sosyal Medya <{unit.addresses[0]}>"
        msg["To"] = "sosyalmedya@example.gov.tr"
        msg["Subject"] = f"HAFTALIK PAYLAŞIM PLANI - {unit.label}"
        msg["Date"] = format_datetime(sent)
        msg["Message-ID"] = f"<bench-{seed}-{i:06d}.{unit.id}@example.gov.tr>"
        msg.set_content("\n".join(lines) + "\n")
        if image is not None:
            msg.add_attachment(image, maintype="image", subtype="png", filename="gorsel.png")
        out.append(bytes(msg))
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


def config_for(base: Path, server: DovecotServer, user: str, batch: int) -> Config:
    data = yaml.safe_load((ROOT / "samples" / "intake.yml").read_text(encoding="utf-8"))
    data["mailbox"] = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "username": user,
        "password_env": "INTAKE_BENCH_IMAP_PASSWORD",
        "batch_size": batch,
        "timeout": 30,
        "folders": {"processed": "İşlenen", "rejected": "Reddedilen", "quarantine": "Karantina"},
    }
    data["paths"] = {"docs": "docs", "site": "site", "state": "state", "outbox": "outbox"}
    base.mkdir(parents=True, exist_ok=True)
    path = base / "intake.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(path)


def raw_ceiling(
    server: DovecotServer, user: str, batch: int, *, trace: bool = True
) -> tuple[int, float]:
    """imapclient as it comes (``trace``: imaplib formats its protocol trace, as imapclient has
    it do) fetching ``BODY.PEEK[]`` in batches, and the standard library parsing each message."""
    started = time.perf_counter()
    parsed = 0
    with server.session(user) as client:
        if not trace:
            quiet(client)  # as intake runs it (the bench logs nothing at DEBUG)
        client.select_folder("INBOX", readonly=True)
        uids = client.search("ALL")
        for start in range(0, len(uids), batch):
            data = client.fetch(uids[start : start + batch], [b"BODY.PEEK[]"])
            for item in data.values():
                msg = email.message_from_bytes(item[b"BODY[]"], policy=default)
                parsed += 1 if msg["Message-ID"] else 0
    return parsed, time.perf_counter() - started


def stage_costs(config: Config, messages: list[bytes], work: Path) -> str:
    """Per-message cost of each stage, in this process, on the same messages (interleaved)."""
    from intake.parse import receive
    from intake.store import atomic_write
    from intake.workers import render

    stages = {
        "message_from_bytes": 0.0,
        "intake.parse.receive": 0.0,
        "render+validate front matter": 0.0,
        "atomic_write (fsync)": 0.0,
    }
    folder = work / "stages"
    for i, raw in enumerate(messages):
        arrived = email.message_from_bytes(raw.split(b"\n\n", 1)[0], policy=default)[
            "Date"
        ].datetime
        t = time.perf_counter()
        email.message_from_bytes(raw, policy=default)
        stages["message_from_bytes"] += time.perf_counter() - t
        t = time.perf_counter()
        outcome = receive(raw, config, arrived=arrived)
        stages["intake.parse.receive"] += time.perf_counter() - t
        t = time.perf_counter()
        text = render(outcome) or ""
        stages["render+validate front matter"] += time.perf_counter() - t
        t = time.perf_counter()
        atomic_write(folder / f"{i}.md", text)
        stages["atomic_write (fsync)"] += time.perf_counter() - t
    n = len(messages)
    return ", ".join(f"{name} {total / n * 1000:.1f} ms" for name, total in stages.items())


_MEMORY_CHILD = """
import re, resource, sys, time
from pathlib import Path

def hwm():  # this process's peak RSS in KB (VmHWM: unlike ru_maxrss, not inherited across exec)
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

from intake.config import load_config
from intake.pipeline import fetch
config = load_config(sys.argv[1])
import intake.parse  # imported up front so the baseline includes the code
base = hwm()
t = time.perf_counter()
report = fetch(config)
elapsed = time.perf_counter() - t
peak = hwm()
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(base, peak, children, report.new, report.accepted, f"{elapsed:.3f}")
"""


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--messages", type=int, default=2000, help="messages for (a) and (b) (default 2000)"
    )
    parser.add_argument(
        "--count", type=int, default=10_000, help="messages for the memory run (default 10000)"
    )
    parser.add_argument("--batch", type=int, default=100, help="mailbox.batch_size (default 100)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of (b), each between two (a); the ratio is their median (default 3)",
    )
    parser.add_argument(
        "--corrections",
        type=float,
        default=0.1,
        help="share of messages that correct (supersede) a unit's recent plan (default 0.1)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile (b) and print the top functions"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / ".bench",
        help="where the run keeps Dovecot's mail store and (b) its submission files and ledger "
        "(default: .bench/ in the repository, where a deployment writes, rather than /tmp)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the run's folder (Dovecot's store, (b)'s files and ledger) instead of removing it",
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # figures as they come

    from intake.pipeline import fetch

    os.environ["INTAKE_BENCH_IMAP_PASSWORD"] = PASSWORD
    args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="intake-bench-", dir=args.work))
    work.chmod(0o755)  # Dovecot's mail user must be able to enter it
    (work / "dovecot").mkdir()
    server = start_dovecot(work / "dovecot")  # its mail store on the same disk
    try:
        demo = load_config(ROOT / "samples" / "intake.yml")
        t = time.perf_counter()
        messages = make_messages(demo, max(args.messages, args.count), corrections=args.corrections)
        sizes = sorted(len(m) for m in messages[: args.messages])
        with_images = sum(1 for m in messages[: args.messages] if b"Content-Type: image/png" in m)
        print(
            f"generated {len(messages)} messages in {time.perf_counter() - t:.1f} s; first {args.messages}: "
            f"{sizes[0] / 1024:.1f}–{sizes[-1] / 1024:.1f} KB (median {sizes[len(sizes) // 2] / 1024:.1f} KB), "
            f"{with_images} with an image, {args.corrections:.0%} corrected plans"
        )

        rounds = args.rounds
        # every measurement reads a mailbox for the first time, as (b)'s is
        raw_users = [server.user() for _ in range(rounds + 1)]  # (a) before, between, after
        quiet_users = [server.user() for _ in range(rounds + 1)]  # (a) without imaplib's trace
        intake_users = [server.user() for _ in range(rounds)]
        memory_user = server.user()
        warm_user = server.user()  # a first, uncounted (a): this process's memory warms up
        t = time.perf_counter()
        for user in raw_users + quiet_users + intake_users:
            fill(server, user, messages[: args.messages])
        fill(server, warm_user, messages[: min(500, args.messages)])
        fill(server, memory_user, messages[: args.count])
        print(
            f"appended {(3 * rounds + 2) * args.messages + min(500, args.messages) + args.count} "
            f"messages to Dovecot in {time.perf_counter() - t:.1f} s"
        )

        _settle(work)
        parsed, raw_s = raw_ceiling(server, warm_user, args.batch)
        print(f"    warm-up (uncounted): (a) on {parsed} messages at {parsed / raw_s:.0f} msg/s")
        print(
            "(a) raw ceiling: imapclient BODY.PEEK[] + email.message_from_bytes (a': the same "
            "without imaplib's protocol trace, which intake turns off; for reference)"
        )
        print("(b) intake fetch end to end (parse, write, record, move)")

        def ceilings(at: int) -> tuple[float, float]:
            parsed, raw_s = raw_ceiling(server, raw_users[at], args.batch)
            quiet, quiet_s = raw_ceiling(server, quiet_users[at], args.batch, trace=False)
            print(
                f"    (a) {parsed / raw_s:.0f} msg/s   (a') {quiet / quiet_s:.0f} msg/s"
                f"   ({parsed} and {quiet} messages)"
            )
            return parsed / raw_s, quiet / quiet_s

        profiler = cProfile.Profile() if args.profile else None
        own_cpu = workers_cpu = 0.0
        ratios: list[float] = []
        quiet_ratios: list[float] = []
        new_total = 0
        before = ceilings(0)
        for n in range(rounds):
            config = config_for(work / f"b{n + 1}", server, intake_users[n], args.batch)
            own, workers = (
                resource.getrusage(resource.RUSAGE_SELF),
                resource.getrusage(resource.RUSAGE_CHILDREN),
            )
            t = time.perf_counter()
            if profiler and n == 0:
                profiler.enable()
            report = fetch(config)
            if profiler and n == 0:
                profiler.disable()
            intake_s = time.perf_counter() - t
            own_cpu += _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(own)
            workers_cpu += _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(workers)
            new_total += report.new
            intake_rate = report.new / intake_s
            after = ceilings(n + 1)
            ratio = intake_rate / ((before[0] + after[0]) / 2)
            quiet_ratio = intake_rate / ((before[1] + after[1]) / 2)
            ratios.append(ratio)
            quiet_ratios.append(quiet_ratio)
            print(
                f"    (b) {report.summary()} in {intake_s:.2f} s = {intake_rate:.0f} msg/s: "
                f"round {n + 1}: {ratio:.0%} of (a) (mean of the one before and after), "
                f"{quiet_ratio:.0%} of (a')"
            )
            before = after
        ratio = statistics.median(ratios)
        print(
            f"    ratio (b)/(a) = {ratio:.0%}, the median of {rounds} rounds "
            f"({', '.join(f'{r:.0%}' for r in ratios)})  (target ≥ 50 %)  "
            f"{'OK' if ratio >= 0.5 else 'UNDER TARGET'}"
        )
        print(
            f"    for reference: (b)/(a') = {statistics.median(quiet_ratios):.0%} "
            f"({', '.join(f'{r:.0%}' for r in quiet_ratios)})"
        )
        print(
            f"    CPU per message in (b): main process {own_cpu / new_total * 1000:.2f} ms, "
            f"parser workers {workers_cpu / new_total * 1000:.2f} ms"
        )
        intake_user = intake_users[-1]
        counts = server.counts(intake_user)
        with sqlite3.connect(config.paths.state / "ledger.sqlite3") as db:
            superseded = db.execute(
                "SELECT COUNT(*) FROM submissions WHERE status='superseded'"
            ).fetchone()[0]
        print(f"    folders after: {counts}; {superseded} plans superseded by a correction")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())

        print(
            f"    per-message cost by stage (one process, {min(200, args.messages)} messages): "
            f"{stage_costs(demo, messages[: min(200, args.messages)], work)}"
        )

        t = time.perf_counter()
        idle = fetch(config)
        idle_s = time.perf_counter() - t
        print(
            f"no new mail: fetch() {idle_s * 1000:.0f} ms ({idle.summary()})  (target < 500 ms)  "
            f"{'OK' if idle_s < 0.5 else 'UNDER TARGET'}"
        )
        t = time.perf_counter()
        cli = subprocess.run(
            [sys.executable, "-m", "intake.cli", "--config", str(config.path), "fetch"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        print(
            f"no new mail: `intake fetch` process incl. interpreter start {(time.perf_counter() - t) * 1000:.0f} ms "
            f"({cli.stdout.strip()})"
        )

        mem_config = config_for(work / "c", server, memory_user, args.batch)
        child = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD, str(mem_config.path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if child.returncode != 0:
            print(child.stderr)
            return 1
        base_kb, peak_kb, workers_kb, new, accepted, elapsed = child.stdout.split()
        peak_mb = int(peak_kb) / 1024
        print(
            f"memory: fetch over {new} messages ({accepted} accepted) in {float(elapsed):.1f} s "
            f"= {int(new) / float(elapsed):.0f} msg/s; peak RSS {peak_mb:.0f} MB (after imports "
            f"{int(base_kb) / 1024:.0f} MB)  (target < 150 MB)  {'OK' if peak_mb < 150 else 'OVER TARGET'}; "
            f"largest parser worker {int(workers_kb) / 1024:.0f} MB"
        )
    finally:
        server.stop()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(server.root, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
    return 0


SETTLED_MS = 0.1  # creating a file costs 0.02-0.06 ms here when no mass deletion is recent
SETTLE_WAIT = 400  # s: ext4 skips an inode freed in the last 60 s (360 s while it is unwritten)


def _settle(work: Path) -> None:
    """Wait (at most SETTLE_WAIT) until creating a file where (b) writes costs what it does
    without a recent mass deletion, and print that cost.

    On ext4 without a journal (this machine's disk) creating a file skips every inode of its
    group freed in the last minutes: right after a run deleted thousands of files in the same
    place (the previous bench's clean-up, a test suite) it costs 0.2-0.8 ms instead of 0.02 ms,
    and (b) would measure that instead of intake. A deployment deletes almost nothing."""
    started = time.perf_counter()
    cost = _file_creation_ms(work)
    while cost > SETTLED_MS and time.perf_counter() - started < SETTLE_WAIT:
        print(
            f"    creating a file here costs {cost:.3f} ms (recent mass deletion on this disk); "
            "waiting for it to settle"
        )
        time.sleep(20)
        cost = _file_creation_ms(work)
    waited = time.perf_counter() - started
    print(
        f"    creating a file where (b) writes: {cost:.3f} ms"
        + (f" (after waiting {waited:.0f} s)" if waited > 1 else "")
        + ("" if cost <= SETTLED_MS else "  NOT SETTLED: (b) is slower than intake is")
    )


def _file_creation_ms(work: Path, count: int = 200) -> float:
    """CPU time to create an empty file in a new folder beside (b)'s (kept until the run's
    end: a probe deletes nothing)."""
    folder = Path(tempfile.mkdtemp(prefix="probe-", dir=work))
    started = time.process_time()
    for i in range(count):
        os.close(os.open(folder / str(i), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    return (time.process_time() - started) / count * 1000


if __name__ == "__main__":
    sys.exit(main())
