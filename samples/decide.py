#!/usr/bin/env python3
"""Apply the demo's office decisions (samples/decisions.yml) to its submission files.

``python samples/decide.py samples/intake.yml`` sets the status and the ``decision:`` of each
listed submission in ``docs/submissions/``, as the office does by hand, through intake's own
store (validated, atomic). Run by ``make site`` between ``intake run`` and ``intake build``; a
second run changes nothing.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from intake.config import load_config
from intake.model import Submission
from intake.store import SubmissionStore, load_yaml, submissions_folder

HERE = Path(__file__).resolve().parent


def apply(config_path: Path, decisions: Path = HERE / "decisions.yml") -> list[str]:
    """Write each decision into its submission file; return the ids whose file changed."""
    config = load_config(config_path)
    store = SubmissionStore(submissions_folder(config), {u.id for u in config.units})
    changed = []
    for entry in load_yaml(decisions.read_text(encoding="utf-8")):
        path = store.path_for(entry["id"])
        current = store.read(path)
        front = {**current.to_front_matter(), "status": entry["status"]}
        front["decision"] = entry["decision"]
        decided, problems = Submission.from_front_matter(front, str(path), store.known_units)
        if decided is None:
            raise SystemExit(f"{decisions}: {entry['id']}: {problems}")
        decided = replace(decided, body=current.body)
        if decided != current or decided.decision != current.decision:
            store.write(decided)
            changed.append(entry["id"])
    return changed


if __name__ == "__main__":
    for sid in apply(Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "intake.yml")):
        print(f"decided: {sid}")
