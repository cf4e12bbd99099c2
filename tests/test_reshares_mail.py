"""Re-share reports and ministry posts by mail, through the real parser and the fetch (Maildir):
the office's ``BAKANLIK PAYLAŞIMI`` lists a post, a unit's one-line report matches it by its
``twitter.com`` address, the receipt says which line matched and which did not, and a second
identical report changes nothing."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from intake.build import load_context
from intake.config import Config
from intake.pipeline import fetch
from intake.render.context import make_env
from intake.render.directory import render_directory
from intake.reshares import load_ministry_posts
from intake.timeutil import TZ
from tests.test_office import GHGM, OFFICE, add, office_mail, rows, setup, subs
from tests.test_pipeline_support import unit_mail

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)  # the Monday after: every deadline has passed
POST_MAIL = (
    "Bağlantı: https://x.com/gencliksporbak/status/1864000000000000001\n"
    "https://www.instagram.com/p/DKamp1/\n"
    "Tarih: 02.12.2026\n"
    "Konu: Gençlik kampları başvuruları\n"
)
REPORT = (
    "Merhaba,\n\n"
    "https://twitter.com/gencliksporbak/status/1864000000000000001?s=20 -> "
    "https://x.com/ghgm/status/555\n"
    "BP-2026-49-7 https://x.com/ghgm/status/556\n\n"
    "Saygılarımızla,\nGHGM Sosyal Medya\n"
)


def reshare_mail(body: str, message_id: str, sent: datetime) -> bytes:
    return bytes(unit_mail(GHGM, "PAYLAŞIM BİLDİRİMİ", body, message_id, sent))


def spooled(config: Config) -> list[tuple[str, str]]:
    """(recipient, plain text) of every notice in the outbox Maildir."""
    out = []
    for path in sorted((config.paths.outbox / "new").iterdir()):
        msg = message_from_bytes(path.read_bytes(), policy=default)
        part = msg.get_body(preferencelist=("plain",))
        assert part is not None
        out.append((msg["To"].addresses[0].addr_spec, part.get_content()))
    return out


def reshares_page(config: Config) -> str:
    page = render_directory(load_context(config, NOW), make_env(ROOT / "templates"))
    text = page["reshares/index.md"]
    assert isinstance(text, str)
    return text


def test_a_post_by_mail_and_a_report_in_the_same_backlog(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [])
    sent = datetime(2026, 12, 2, 11, 0, tzinfo=TZ)
    add(root, office_mail("BAKANLIK PAYLAŞIMI", POST_MAIL, sent=sent), 1796200000)
    report = reshare_mail(REPORT, "<rs-1@ghgm.example.gov.tr>", sent.replace(hour=15))
    add(root, report, 1796200060)
    assert fetch(config).summary().startswith("2 new: 2 accepted")

    (post,) = load_ministry_posts(config.paths.calendar / "ministry-posts.yml") or []
    assert (post.id, post.topic, post.platforms) == (
        "BP-2026-49-1",
        "Gençlik kampları başvuruları",
        ("X", "Instagram"),
    )
    notices = dict(spooled(config))
    assert set(notices) == {OFFICE, GHGM}
    assert "Bakanlık paylaşımı eklendi: BP-2026-49-1" in notices[OFFICE]
    text = notices[GHGM].replace("\r\n", "\n")
    assert "2 satırdan 1 tanesi bir bakanlık paylaşımıyla eşleşti" in text
    assert (
        "1. Eşleşti: BP-2026-49-1, 2 Aralık 2026 Çarşamba, “Gençlik kampları başvuruları”\n"
        "   Sizin paylaşımınız: https://x.com/ghgm/status/555\n"
    ) in text
    assert "2. Eşleşmedi: BP-2026-49-7\n" in text
    assert "“BP-2026-49-7” kimlik listedeki hiçbir bakanlık paylaşımına uymuyor" in text
    assert rows(config, "SELECT action, target FROM audit") == [("post-add", "BP-2026-49-1")]

    page = reshares_page(config)
    assert "✓ [GHGM paylaşımı](https://x.com/ghgm/status/555)" in page
    assert "BP&#45;2026&#45;49&#45;7" in page.split("Listede olmayan")[1]

    # the same mail delivered again: a duplicate; a resend with a new Message-ID: recorded, but
    # the page (the unit's first report counts) is the same
    add(root, report, 1796200120)
    add(root, reshare_mail(REPORT, "<rs-2@ghgm.example.gov.tr>", sent.replace(hour=16)), 1796200180)
    report_run = fetch(config)
    assert report_run.summary().startswith("2 new: 1 accepted, 0 rejected, 1 ignored")
    assert len(subs(config)) == 2
    again = reshares_page(config)
    assert again == page
    (first,) = [i for i, s in subs(config).items() if s.message_id == "<rs-1@ghgm.example.gov.tr>"]  # type: ignore[attr-defined]
    resent = [
        t for to, t in spooled(config) if to == GHGM and "satırdan" in t and t != notices[GHGM]
    ]
    assert len(resent) == 1
    assert (
        f"Bu paylaşımı daha önce bildirmiştiniz (SM-{first}); ilk bildiriminiz geçerli" in resent[0]
    )
    assert resent[0].count("daha önce bildirmiştiniz") == 1  # the unmatched line was never counted
    assert load_ministry_posts(config.paths.calendar / "ministry-posts.yml") == [post]


def test_a_report_before_any_list_is_kept_and_says_it_is_not_matched_yet(tmp_path: Path) -> None:
    config, root = setup(tmp_path, [])
    sent = datetime(2026, 12, 2, 15, 0, tzinfo=TZ)
    add(root, reshare_mail(REPORT, "<rs-3@ghgm.example.gov.tr>", sent), 1796200000)
    assert fetch(config).accepted == 1
    ((to, text),) = spooled(config)
    text = text.replace("\r\n", "\n")
    assert to == GHGM and "henüz bir paylaşımla eşleştirilemedi" in text
    assert "Sizin paylaşımınız: https://x.com/ghgm/status/556" in text


def test_report_line_forms_through_the_parser(tmp_path: Path) -> None:
    """The field form and the one-line forms give the same items; prose gives none."""
    from intake.parse.receive import receive_message

    config, _ = setup(tmp_path, [])
    at = datetime(2026, 12, 2, 15, 0, tzinfo=TZ)
    expected = [("BP-2026-49-1", "https://x.com/ghgm/status/1"), (
        "https://twitter.com/bakanlik/status/2", "https://x.com/ghgm/status/2")]  # fmt: skip
    for body in (
        "BP-2026-49-1 https://x.com/ghgm/status/1\n"
        "https://twitter.com/bakanlik/status/2 -> https://x.com/ghgm/status/2\n",
        "1. BP-2026-49-1 → https://x.com/ghgm/status/1\n"
        "2) https://twitter.com/bakanlik/status/2 – https://x.com/ghgm/status/2\n",
        "Paylaşım: BP-2026-49-1 https://x.com/ghgm/status/1\n---\n"
        "Paylaşım: https://twitter.com/bakanlik/status/2\n"
        "Paylaşımımız: https://x.com/ghgm/status/2\n",
    ):
        outcome = receive_message(reshare_mail(body, "<p@x>", at), config, arrived=at)
        assert outcome.submission is not None, (body, outcome.problems)
        got = [(i.reshare_of, i.reshare_url) for i in outcome.submission.items]
        assert got == expected, body
        assert outcome.submission.items[0].topic == "Yeniden paylaşım: BP-2026-49-1"
    prose = receive_message(reshare_mail("Paylaştık, teşekkürler.\n", "<q@x>", at), config, at)
    assert prose.outcome == "rejected"


def test_the_guides_one_line_examples_are_read_as_written(tmp_path: Path) -> None:
    from intake.parse.receive import receive_message

    config, _ = setup(tmp_path, [])
    guide = render_directory(load_context(config, NOW), make_env(ROOT / "templates"))
    text = guide["guide/index.md"]
    assert isinstance(text, str)
    block = text.split("Daha kısası")[1].split("Bağlantılar")[0]
    lines = [line.strip() for line in block.splitlines() if line.startswith("    ")]
    assert len(lines) == 2
    at = datetime(2026, 12, 2, 15, 0, tzinfo=TZ)
    outcome = receive_message(reshare_mail("\n".join(lines), "<g@x>", at), config, arrived=at)
    assert outcome.submission is not None
    assert [(i.reshare_of, i.reshare_url) for i in outcome.submission.items] == [
        tuple(line.replace(" -> ", " ").split()) for line in lines
    ]
