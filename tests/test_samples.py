"""The demo mailbox (samples/mailbox): every message ends as samples/expected.yml says.

Also: the generator is deterministic, and the whole demo pipeline (``intake fetch`` on a copy)
prints the expected counts and marks the corrected plan's predecessor superseded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake.cli import main
from intake.config import load_config
from intake.store import SubmissionStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (SAMPLES / "expected.yml").read_text(encoding="utf-8")
)


def test_expected_covers_the_mailbox() -> None:
    files = sorted(p.name for p in (SAMPLES / "mailbox" / "cur").iterdir() if p.name != ".keep")
    assert files == sorted(EXPECTED)
    assert not [p for p in (SAMPLES / "mailbox" / "new").iterdir() if p.name != ".keep"]
    assert 40 <= len(files) <= 60


def test_demo_covers_what_the_issue_asks() -> None:
    accepted = [e for e in EXPECTED.values() if e["outcome"] == "accepted"]
    assert len({e["unit"] for e in accepted}) >= 8
    assert {e["type"] for e in accepted} == {"plan", "proposal", "announcement", "reshare"}
    assert {"2026-W48", "2026-W49", "2026-W50"} <= {e["week"] for e in accepted}
    reasons = {e["reason"] for e in EXPECTED.values()}
    assert {"auto-reply", "unknown-sender", "auth-failed", "bad-date", "bounce"} <= reasons
    assert any(e.get("attachment") == "xlsx" for e in accepted)
    assert any(e.get("attachment") == "csv" for e in accepted)
    assert any(e.get("form") == "one-post-per-line" for e in accepted)
    assert any(e.get("supersedes") for e in accepted)
    w49_plans = {e["unit"] for e in accepted if e["type"] == "plan" and e["week"] == "2026-W49"}
    assert len(w49_plans) == 8  # two of the ten units have no plan for W49: "missing units" shows


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: str(EXPECTED[n]["key"]))
def test_sample(name: str) -> None:
    from intake.parse import receive

    config = load_config(SAMPLES / "intake.yml")
    want = EXPECTED[name]
    raw = (SAMPLES / "mailbox" / "cur" / name).read_bytes()
    arrived = want["arrived"]
    assert isinstance(arrived, datetime)
    assert int(name.split(".", 1)[0]) == int(arrived.timestamp())
    got = receive(raw, config, arrived=arrived)
    assert (got.outcome, got.reason) == (want["outcome"], want["reason"]), got.detail
    if want["outcome"] != "accepted":
        assert got.submission is None
        return
    sub = got.submission
    assert sub is not None
    assert (sub.type, sub.unit, sub.week, sub.message_id) == (
        want["type"],
        want["unit"],
        want["week"],
        want["message_id"],
    )
    assert len(sub.items) == want["items"], [item.topic for item in sub.items]
    assert all(item.topic for item in sub.items)
    if sub.type == "plan":
        assert all(item.date is not None for item in sub.items)
    if sub.type == "reshare":
        assert all(item.reshare_of and item.reshare_url for item in sub.items)
    images = sum(len(item.images) for item in sub.items)
    assert images == want.get("images", 0)
    assert len(got.attachments) == images


def test_generator_is_deterministic(tmp_path: Path) -> None:
    copy = tmp_path / "samples"
    copy.mkdir()
    shutil.copy2(SAMPLES / "generate.py", copy / "generate.py")
    shutil.copytree(SAMPLES / "attachments", copy / "attachments")
    subprocess.run([sys.executable, str(copy / "generate.py")], check=True, capture_output=True)
    assert (copy / "expected.yml").read_bytes() == (SAMPLES / "expected.yml").read_bytes()
    made = sorted(p.name for p in (copy / "mailbox" / "cur").iterdir())
    assert made == sorted(p.name for p in (SAMPLES / "mailbox" / "cur").iterdir())
    for name in made:
        assert (copy / "mailbox" / "cur" / name).read_bytes() == (
            SAMPLES / "mailbox" / "cur" / name
        ).read_bytes(), name


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo layout (samples/intake.yml's paths are relative: ../docs …)."""
    shutil.copytree(SAMPLES / "mailbox", tmp_path / "samples" / "mailbox")
    shutil.copy2(SAMPLES / "intake.yml", tmp_path / "samples" / "intake.yml")
    for folder in ("calendar", "templates"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setenv("INTAKE_NOW", "2026-12-08T09:00:00+03:00")
    return tmp_path / "samples" / "intake.yml"


def test_demo_pipeline(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = Counter(e["outcome"] for e in EXPECTED.values())
    assert main(["--config", str(demo), "fetch"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        f"{len(EXPECTED)} new: {counts['accepted']} accepted, {counts['rejected']} rejected, "
        f"{counts['ignored']} ignored, {counts['quarantined']} quarantined"
    )

    config = load_config(demo)
    store = SubmissionStore(config.paths.docs / "submissions", {u.id for u in config.units})
    subs = []
    for result in store.load_all():
        assert not isinstance(result, Exception), result
        subs.append(result)
    assert len(subs) == counts["accepted"]
    by_mid = {s.message_id: s for s in subs}
    corrected = [e for e in EXPECTED.values() if e.get("supersedes")]
    assert corrected
    for new_e in corrected:
        old_e = EXPECTED[str(new_e["supersedes"])]
        old, new = by_mid[old_e["message_id"]], by_mid[new_e["message_id"]]
        assert (old.status, old.superseded_by) == ("superseded", new.id)
        assert new.status == "received"
        assert new.supersedes == (old.id,)
    superseded = sorted(s.id for s in subs if s.status == "superseded")
    assert len(superseded) == len(corrected)
    # images named in the mail were stored where the front matter says
    for sub in subs:
        for item in sub.items:
            for image in item.images:
                assert (config.paths.docs / image).is_file(), image

    # a second run reads nothing new and changes no file
    before = {p: p.read_bytes() for p in sorted(store.folder.rglob("*")) if p.is_file()}
    assert main(["--config", str(demo), "fetch"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "0 new: 0 accepted, 0 rejected, 0 ignored, 0 quarantined"
    )
    assert {p: p.read_bytes() for p in sorted(store.folder.rglob("*")) if p.is_file()} == before

    # and what the demo wrote passes `intake check`
    assert main(["--config", str(demo), "check"]) == 0
    assert capsys.readouterr().out == (
        "ok: intake.yml, submissions, crisis notice, meeting series and ministry posts are valid\n"
    )


def _accepted(key: str) -> Any:
    from intake.parse import receive

    config = load_config(SAMPLES / "intake.yml")
    name = next(n for n, e in EXPECTED.items() if e["key"] == key)
    got = receive(
        (SAMPLES / "mailbox" / "cur" / name).read_bytes(), config, arrived=EXPECTED[name]["arrived"]
    )
    assert got.submission is not None, got.detail
    return got.submission


def test_flowed_text_is_unwrapped() -> None:
    """Thunderbird's format=flowed soft line breaks are not part of the text (RFC 3676)."""
    sub = _accepted("w49-eakdb-plan")
    assert sub.items[0].text == (
        "Ankara'da 81 ilden 500 gencin katılımıyla yapılan Ulusal Gençlik Çalıştayı'nın sonuç "
        "bildirgesi yayımlandı. Bildirgede gençlerin istihdam, eğitim ve dijital beceriler "
        "konusundaki önerileri yer alıyor."
    )
    assert sub.items[1].text == (
        "Araştırmamıza göre gençlerimizin yüzde 37'si son bir yılda en az bir gönüllülük "
        "faaliyetine katıldı.\n\nEn çok tercih edilen alanlar çevre, eğitim ve afet gönüllülüğü oldu."
    )


def test_outlook_reply_block_and_signature_are_not_content() -> None:
    sub = _accepted("w49-ghgm-plan-v2")
    assert [(i.date.isoformat() if i.date else None, i.time) for i in sub.items] == [
        ("2026-11-30", "10:30"),
        ("2026-12-02", "14:00"),
        ("2026-12-03", "10:00"),
        ("2026-12-04", "16:30"),
        ("2026-12-05", "12:00"),
    ]
    assert sub.items[4].tags == ("GönüllüGençlik", "5AralıkDünyaGönüllülerGünü")
    assert sub.items[4].text == (
        "Bu yıl 48 bin gönüllü gencimiz sosyal sorumluluk projelerinde yer aldı. "
        "Dünya Gönüllüler Günü'nüz kutlu olsun!"
    )


@pytest.mark.parametrize(
    "name",
    sorted(n for n, e in EXPECTED.items() if e["outcome"] == "accepted"),
    ids=lambda n: str(EXPECTED[n]["key"]),
)
def test_no_signature_quote_or_disclaimer_in_items(name: str) -> None:
    sub = _accepted(str(EXPECTED[name]["key"]))
    for item in sub.items:
        blob = " ".join([item.topic, item.text, *item.tags, item.link or ""])
        for marker in (
            "UYARI: Bu e-posta",
            "iPhone'umdan",
            "Saygılarımızla",
            "İyi çalışmalar",
            "Kimden:",
            "şunu yazdı",
            "Kolay gelsin",
            "Bilgilerinize",
            "Şube Müdürü",
        ):
            assert marker not in blob, (marker, item)
