"""chain.relink: a plan's file rendered again with other chain links.

A file this run wrote (its sha256 known) gets only its status, supersedes and superseded_by
entries emitted again (chain.relinked_text); any other file is parsed, validated and
rendered whole. Both must give the same bytes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import intake.chain as chain_module
from intake.chain import chained, relink, relinked_text
from intake.model import Decision, Submission
from intake.store import SubmissionStore
from intake.timeutil import TZ
from tests.test_store import long_texts, make_submission, texts

IDS = st.sampled_from(
    [None, "2026-w49-ghgm-plan-00000001", "2026-w49-ghgm-plan-0000000f", "x'y: #z"]
)
DECISION = Decision(
    by="siid@example.gov.tr", at=datetime(2026, 11, 28, 9, 0, tzinfo=TZ), via="email", note="Uygun"
)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _written(sub: Submission) -> str:
    return SubmissionStore(Path()).render_valid(sub)


@settings(max_examples=200, deadline=None)
@given(
    subject=texts,
    text=st.one_of(texts, long_texts),
    notes=st.lists(texts, max_size=2),
    decided=st.booleans(),
    start=st.sampled_from(["received", "approved", "superseded"]),
    was_older=IDS,
    older=IDS,
    newer=IDS,
)
def test_relinked_text_is_what_rendering_the_chained_plan_writes(
    subject: str,
    text: str,
    notes: list[str],
    decided: bool,
    start: str,
    was_older: str | None,
    older: str | None,
    newer: str | None,
) -> None:
    """Property: whatever the plan holds and whatever its links were and become."""
    item = make_submission().items[0]
    sub = make_submission(
        subject=subject,
        items=(replace(item, text=text),),
        notes=tuple(notes),
        decision=DECISION if decided else None,
        status=start,
        superseded_by="2026-w49-ghgm-plan-000000aa" if start == "superseded" else None,
        supersedes=(was_older,) if was_older else (),
    )
    expected = chained(sub, older, newer)
    assert relinked_text(_written(sub), older, newer, "test") == (
        expected.status,
        _written(expected),
    )


def test_relinked_text_declines_a_layout_it_does_not_know() -> None:
    text = _written(make_submission())
    front_end = text.index("\n---\n")
    assert relinked_text("no front matter\n", None, "b", "t") is None
    assert relinked_text("---\n  id: x\n---\n", None, "b", "t") is None
    assert relinked_text("---\n? complex key\n: 1\nstatus: received\n---\n", None, "b", "t") is None
    assert relinked_text(text.replace("status: received\n", ""), None, "b", "t") is None
    # an entry the schema does not know: the whole file is validated instead
    unknown = text[:front_end] + "\nextra: 1" + text[front_end:]
    assert relinked_text(unknown, None, "b", "t") is None


def _full_path_forbidden(*args: Any, **kwargs: Any) -> Submission:
    raise AssertionError("the file was parsed whole")


@pytest.mark.parametrize("drop", [False, True])
def test_relink_of_a_file_this_run_wrote_emits_only_its_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drop: bool
) -> None:
    sub = make_submission(decision=DECISION, notes=("not",))
    text = _written(sub)
    source = tmp_path / (f".{sub.id}.md.x.tmp" if drop else f"{sub.id}.md")
    source.write_text(text, encoding="utf-8")
    monkeypatch.setattr(SubmissionStore, "parse", _full_path_forbidden)
    memo: dict[str, tuple[str, str]] = {}
    done = relink(
        str(tmp_path), str(source), sub.id, "a-older", "b-newer", drop, False, _sha(text), memo=memo
    )
    assert done.error == "" and done.status == "superseded" and done.written is not None
    new_text = Path(done.written).read_text(encoding="utf-8")
    assert new_text == _written(chained(sub, "a-older", "b-newer"))
    assert done.sha == _sha(new_text)
    # the worker's temp file is written over (no new file), a placed file is left as it is
    assert (done.written == str(source)) is drop and source.exists()
    # the same links again: nothing to write (its first relink's temp file is read)
    again = relink(
        str(tmp_path),
        str(source),
        sub.id,
        "a-older",
        "b-newer",
        False,
        False,
        _sha(text),
        memo=memo,
    )
    assert again == chain_module.Relinked("superseded", None)


def test_relink_of_a_file_edited_since_reads_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office edited the file after this run wrote it (a comment): its hash differs, so it is
    parsed and validated whole, and written as the schema writes it."""
    sub = make_submission()
    written = _written(sub)
    edited = written.replace("status: received\n", "status: received  # bakıldı\n")
    source = tmp_path / f"{sub.id}.md"
    source.write_text(edited, encoding="utf-8")
    parsed: list[str] = []
    real_parse = SubmissionStore.parse

    def parse(self: SubmissionStore, text: str, where: str) -> Submission:
        parsed.append(where)
        return real_parse(self, text, where)

    monkeypatch.setattr(SubmissionStore, "parse", parse)
    done = relink(
        str(tmp_path), str(source), sub.id, None, "b-newer", False, False, _sha(written), memo={}
    )
    assert parsed == [str(source)]
    assert done.written is not None and done.status == "superseded"
    assert Path(done.written).read_text(encoding="utf-8") == _written(chained(sub, None, "b-newer"))


def test_a_worker_temp_file_that_cannot_be_relinked_is_removed(tmp_path: Path) -> None:
    source = tmp_path / ".x.md.abc.tmp"
    source.write_text("---\nid: [\n---\n", encoding="utf-8")
    done = relink(str(tmp_path), str(source), "x", None, "y", True, False, None, memo={})
    assert done.written is None and "YAML" in done.error
    assert not source.exists()
