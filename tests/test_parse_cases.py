"""The .eml fixture table (tests/fixtures/mail/cases.yml): outcome, reason, exact front matter,
and for rejections the exact Turkish problem list."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from intake.config import Config, load_config
from intake.parse import reasons, receive
from intake.store import SubmissionStore, dump_yaml, load_yaml
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
MAIL = ROOT / "tests" / "fixtures" / "mail"
ARRIVED = datetime(2026, 11, 26, 10, 30, tzinfo=TZ)
CASES: list[dict[str, Any]] = load_yaml((MAIL / "cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "samples" / "intake.yml")


def test_every_eml_has_a_case() -> None:
    files = sorted(p.name for p in MAIL.glob("*.eml"))
    assert files == sorted(c["file"] for c in CASES)
    assert all(set(c) <= {"file", "outcome", "reason", "expected", "fetched"} for c in CASES)


def test_every_reason_code_is_covered() -> None:
    seen = {c["reason"] for c in CASES}
    # too-large and parser-error need a huge message / a broken library: tested in test_parse_units.py
    assert set(reasons.ALL) - seen == {reasons.TOO_LARGE, reasons.PARSER_ERROR}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_case(case: dict[str, Any], config: Config) -> None:
    raw = (MAIL / case["file"]).read_bytes()
    outcome = receive(raw, config, arrived=ARRIVED)
    assert (outcome.outcome, outcome.reason) == (case["outcome"], case["reason"]), outcome.detail
    assert outcome.detail
    if case["outcome"] == "accepted":
        assert outcome.submission is not None
        expected = (MAIL / case["expected"]).read_text(encoding="utf-8")
        assert dump_yaml(outcome.submission.to_front_matter()) == expected
        images = sorted(p for item in outcome.submission.items for p in item.images)
        assert images == sorted(f"submissions/img/{a.name}" for a in outcome.attachments)
        for attachment in outcome.attachments:
            assert attachment.name.startswith(outcome.submission.id + "-")
            assert (
                f"submissions/img/{attachment.name}"
                in outcome.submission.items[attachment.item].images
            )
        # The store reads back exactly what it would write.
        store = SubmissionStore(Path("/nonexistent"), {u.id for u in config.units})
        assert (
            store.parse(store.render(outcome.submission), case["file"]).to_front_matter()
            == outcome.submission.to_front_matter()
        )
        # The same message gives the same submission, byte for byte.
        again = receive(raw, config, arrived=ARRIVED)
        assert again.submission is not None
        assert dump_yaml(again.submission.to_front_matter()) == expected
    else:
        assert outcome.submission is None
        assert outcome.attachments == ()
    if case["outcome"] == "rejected":
        problems = load_yaml(
            (MAIL / "expected" / f"{Path(case['file']).stem}.problems.yml").read_text(
                encoding="utf-8"
            )
        )
        assert [str(p) for p in outcome.problems] == problems
        assert problems
    else:
        assert outcome.problems == ()
