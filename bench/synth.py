"""Synthetic data for ``make bench-site``: years of a 30-unit ministry, as submission files.

``make_project(root, weeks, now)`` writes a self-contained project under ``root``: ``intake.yml``
(30 units, an empty Maildir), ``calendar/meeting.yml``, ``docs/`` (the repository's crisis notice
and stylesheets) and ``docs/submissions/``, one file per submission written through
``SubmissionStore.write``. Every unit sends a plan of 5–8 posts every week; each week also has 5
content proposals (3 approved, 1 rejected, 1 pending in the last four weeks else approved) and 2
announcements (approved). Seeded, so the same arguments give the same files.

Run it alone to look at the data: ``python bench/synth.py /tmp/demo-project 52``.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from intake.model import Decision, Item, Submission
from intake.store import SubmissionStore
from intake.timeutil import TZ, iso_week, week_monday

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("X", "Instagram", "Facebook", "YouTube", "LinkedIn", "TikTok", "NSosyal")
SUBJECTS = (
    "gençlik kampı", "spor okulu", "yurt başvurusu", "burs sonuçları", "gönüllülük programı",
    "gençlik merkezi", "amatör spor kulübü", "olimpiyat hazırlığı", "kitap okuma etkinliği",
    "bilim şenliği", "e-spor turnuvası", "doğa yürüyüşü", "engelsiz spor", "halk koşusu",
    "dijital beceriler", "staj programı", "kariyer günleri", "sanat atölyesi", "deprem tatbikatı",
    "sağlıklı yaşam", "yüzme kursu", "satranç turnuvası", "izcilik kampı", "gençlik çalıştayı",
)  # fmt: skip
VERBS = (
    "başvuruları başladı", "sonuçları açıklandı", "programı yayımlandı", "kayıtları sürüyor",
    "ödül töreni yapıldı", "yeni dönemi açılıyor", "hazırlıkları tamamlandı", "tanıtıldı",
)  # fmt: skip
CITIES = (
    "Ankara", "İstanbul", "İzmir", "Erzurum", "Diyarbakır", "Trabzon", "Antalya", "Çanakkale",
    "Şanlıurfa", "Iğdır", "Muğla", "Kırşehir", "Ağrı", "Bursa", "Eskişehir", "Gaziantep",
)  # fmt: skip
UNIT_NAMES = (
    "Gençlik Hizmetleri", "Spor Hizmetleri", "Yükseköğrenim Kredi ve Yurtlar", "Dış İlişkiler",
    "Eğitim ve Araştırma", "Personel", "Yatırım ve Tesisler", "Strateji Geliştirme", "Bilgi İşlem",
    "Rehberlik ve Denetim", "Hukuk Hizmetleri", "Destek Hizmetleri", "İç Denetim",
    "Basın ve Halkla İlişkiler", "Spor Eğitimi", "Gençlik Projeleri", "Gönüllülük", "İzcilik",
    "Engelsiz Spor", "Spor Bilimleri", "Olimpiyat Hazırlık", "Kamplar", "Gençlik Merkezleri",
    "Burs ve Kredi", "Yurt İşletmeleri", "Tesis Bakım", "Dijital Gençlik", "Kültür ve Sanat",
    "Uluslararası Spor", "Sosyal Projeler",
)  # fmt: skip


def _units() -> list[tuple[str, str, str]]:
    """(id, short label, full name) of 30 units."""
    out = []
    for i, name in enumerate(UNIT_NAMES):
        uid = f"u{i + 1:02d}"
        out.append((uid, f"B{i + 1:02d}", f"{name} Dairesi Başkanlığı"))
    return out


def write_config(root: Path, first: date) -> Path:
    lines = [
        "mailbox: {maildir: mailbox}",
        "paths: {docs: docs, site: site, state: state, outbox: outbox, templates: "
        f"{ROOT / 'templates'}, calendar: calendar, mkdocs_yml: {ROOT / 'mkdocs.yml'}}}",
        "site: {url: 'https://intranet.example.gov.tr/sosyal-medya/', "
        "intake_address: sosyalmedya@example.gov.tr}",
        "office: {name: Sosyal İlişkiler ve İletişim Dairesi Başkanlığı, "
        "addresses: [siid@example.gov.tr]}",
        "authentication: {authserv_id: mail.example.gov.tr, require: dmarc}",
        "units:",
    ]
    for uid, short, name in _units():
        lines.append(
            f"  - {{id: {uid}, short: {short}, name: {name}, "
            f"addresses: [sosyalmedya@{uid}.example.gov.tr], "
            f"contact: {{name: Ad Soyad, title: Uzman, phone: '+90 312 000 00 00', "
            f"email: iletisim@{uid}.example.gov.tr}}}}"
        )
    for sub in ("cur", "new", "tmp"):
        (root / "mailbox" / sub).mkdir(parents=True, exist_ok=True)
    (root / "calendar").mkdir(parents=True, exist_ok=True)
    (root / "calendar" / "meeting.yml").write_text(
        "title: Haftalık Sosyal Medya Gündem Toplantısı\n"
        "weekday: Pazartesi\n"
        'time: "10:00"\n'
        "duration: 60\n"
        "location: Bakanlık Merkez Bina, Basın Toplantı Salonu\n"
        "online_url: https://toplanti.example.gov.tr/sosyal-medya-gundem\n"
        f"first: {first.isoformat()}\n"
        "holidays: next_working_day\n",
        encoding="utf-8",
    )
    docs = root / "docs"
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs" / "assets" / "stylesheets", docs / "assets" / "stylesheets")
    shutil.copy(ROOT / "docs" / "crisis.md", docs / "crisis.md")
    path = root / "intake.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _item(rng: random.Random, day: date, *, with_time: bool = True) -> Item:
    subject = rng.choice(SUBJECTS)
    city = rng.choice(CITIES)
    topic = f"{city} {subject} {rng.choice(VERBS)}"
    text = (
        f"{city} ilimizde düzenlenen {subject} etkinliğine ilişkin ayrıntılar "
        f"açıklandı. {rng.randint(50, 5000)} gencimizin katılması bekleniyor; başvurular "
        f"e-Devlet üzerinden yapılabilir. #{subject.split()[0]}"
    )
    tm = f"{rng.randint(9, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}" if with_time else None
    link = (
        f"https://www.example.gov.tr/haber/{day.isoformat()}-{rng.randint(1, 999)}"
        if rng.random() < 0.6
        else None
    )
    return Item(
        topic=topic,
        date=day,
        time=tm,
        platforms=tuple(sorted(rng.sample(PLATFORMS, rng.randint(1, 3)))),
        text=text,
        link=link,
        tags=(subject.split()[0],),
    )


def make_submissions(weeks: int, now: datetime, seed: int = 2026) -> list[Submission]:
    rng = random.Random(seed)
    this_monday = week_monday(iso_week(now.date()))
    first_monday = this_monday - timedelta(days=7 * (weeks - 1))
    units = _units()
    subs: list[Submission] = []
    for w in range(weeks):
        monday = first_monday + timedelta(days=7 * w)
        week = iso_week(monday)
        received = datetime.combine(monday - timedelta(days=3), time(9, 0), TZ)
        recent = (this_monday - monday).days < 28
        for n, (uid, _short, _name) in enumerate(units):
            items = tuple(
                _item(rng, monday + timedelta(days=rng.randint(0, 6)))
                for _ in range(rng.randint(5, 8))
            )
            subs.append(
                Submission(
                    id=f"{week.lower()}-{uid}-plan-{n:04d}",
                    type="plan",
                    unit=uid,
                    sender=f"sosyalmedya@{uid}.example.gov.tr",
                    subject=f"Haftalık plan {week}",
                    received=received + timedelta(minutes=n),
                    message_id=f"<{week}-{uid}-plan@{uid}.example.gov.tr>",
                    week=week,
                    status="received",
                    items=items,
                )
            )
        kinds = ["proposal"] * 5 + ["announcement"] * 2
        for k, kind in enumerate(kinds):
            uid = units[rng.randrange(len(units))][0]
            if kind == "announcement" or k < 3:
                status = "approved"
            elif k == 3:
                status = "rejected"
            else:
                status = "pending" if recent else "approved"
            decided = received + timedelta(days=1)
            decision = (
                Decision(by="siid@example.gov.tr", at=decided, via="email", note="")
                if status != "pending"
                else None
            )
            subs.append(
                Submission(
                    id=f"{week.lower()}-{uid}-{kind}-{k:04d}",
                    type=kind,  # type: ignore[arg-type]
                    unit=uid,
                    sender=f"sosyalmedya@{uid}.example.gov.tr",
                    subject=f"{'İçerik önerisi' if kind == 'proposal' else 'Duyuru'} {week}",
                    received=received + timedelta(hours=k + 1),
                    message_id=f"<{week}-{uid}-{kind}-{k}@{uid}.example.gov.tr>",
                    week=week,
                    status=status,  # type: ignore[arg-type]
                    items=(_item(rng, monday + timedelta(days=rng.randint(0, 6))),),
                    decision=decision,
                )
            )
    return subs


def make_project(root: Path, weeks: int, now: datetime) -> Path:
    """Write the project; returns the path of its intake.yml."""
    first = week_monday(iso_week(now.date())) - timedelta(days=7 * (weeks - 1))
    config = write_config(root, first)
    store = SubmissionStore(root / "docs" / "submissions", {u[0] for u in _units()})
    for sub in make_submissions(weeks, now):
        store.write(sub)
    return config


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 52
    print(make_project(target, count, datetime(2026, 11, 26, 10, 0, tzinfo=TZ)))
