"""The office edits submission files (a decision is `status:` and `decision:` in the front
matter): what is wrong with one, and how to fix it, is said in Turkish (intake check, the office
page's list of unreadable files)."""

from __future__ import annotations

import re

from intake.model import Submission

ENGLISH = re.compile(r"\b(must|write|missing|is not|got|remove|known|add|use|every|has no)\b")


def test_every_problem_of_a_broken_file_is_in_turkish() -> None:
    broken = {
        "id": "Büyük Harf",
        "type": "plan",
        "unit": "yok",
        "sender": 5,
        "received": "dün",
        "week": "2026-49",
        "status": "onaylandı",
        "items": [
            "düz metin",
            {"topic": "", "date": "yarın", "time": "25", "platforms": ["Myspace"],
             "link": "ftp://x", "text": 3, "tags": "a", "images": ["../x.png"], "renk": 1,
             "reshare_of": 4},
        ],
        "decision": {"by": "", "at": "dün", "via": "faks", "kim": 1},
        "supersedes": "x",
        "extra": 1,
    }  # fmt: skip
    sub, problems = Submission.from_front_matter(broken, "docs/submissions/x.md", {"ghgm"})
    assert sub is None
    assert len(problems) >= 15, problems
    for problem in problems:
        said = re.sub(r"`[^`]*`|“[^”]*”", "", f"{problem.what} {problem.fix}")
        assert not ENGLISH.search(said), str(problem)
    sub, problems = Submission.from_front_matter(["liste"], "docs/submissions/x.md")
    assert sub is None and "eşleme" in problems[0].what
