"""``intake check``: validate everything the office edits by hand, and say exactly what is wrong.

``check(config)`` returns every problem as one line (file, key or line, what is wrong, how to fix
it); an empty list means all is valid. It reads, and never writes:

* every submission file under ``<docs>/submissions/`` (the front-matter schema, via
  :class:`~intake.store.SubmissionStore`), and across files: duplicate ids, a file whose name is
  not its id, ``superseded_by`` / ``supersedes`` naming an id that does not exist, an image path
  that does not exist;
* the crisis notice ``<docs>/crisis.md`` (:func:`intake.crisis.load_crisis`);
* the agenda-meeting series ``<calendar>/meeting.yml`` (:func:`intake.meeting.load_meeting`);
* the ministry posts to re-share ``<calendar>/ministry-posts.yml``
  (:func:`intake.reshares.load_ministry_posts`; its messages are Turkish: the office edits it).

``intake.yml`` itself was already validated when ``config`` was loaded.
"""

from __future__ import annotations

from pathlib import Path

from intake.config import Config
from intake.errors import Problem, SubmissionFileError, ValidationError
from intake.model import Submission
from intake.store import SubmissionStore


def _lines(exc: ValidationError) -> list[str]:
    """One line per problem, always naming the file."""
    out = []
    for problem in exc.problems:
        text = str(problem)
        out.append(text if text.startswith(exc.source) else f"{exc.source}: {text}")
    return out


def _line(path: Path, key: str, what: str, fix: str) -> str:
    return str(Problem(f"{path}: {key}", what, fix))


def check_submissions(config: Config) -> list[str]:
    """Every problem in ``<docs>/submissions/*.md``, file by file, then across files."""
    folder = config.paths.docs / "submissions"
    store = SubmissionStore(folder, {unit.id for unit in config.units})
    problems: list[str] = []
    found: list[tuple[Path, Submission]] = []
    paths = store.paths()
    for path in paths:
        try:
            found.append((path, store.read(path)))
        except SubmissionFileError as exc:
            problems.extend(_lines(exc))

    first_file: dict[str, Path] = {}
    for path, sub in found:
        if sub.id in first_file:
            problems.append(
                _line(
                    path,
                    "id",
                    f"{sub.id!r} is also the id of {first_file[sub.id].name}",
                    "every submission needs its own id: rename one (file name and `id:`)",
                )
            )
        else:
            first_file[sub.id] = path
        if path.stem != sub.id:
            problems.append(
                _line(
                    path,
                    "id",
                    f"{sub.id!r} does not match the file name {path.name!r}",
                    f"rename the file to {sub.id}.md or set `id: {path.stem}`",
                )
            )

    # Ids of every file, broken ones included (by file name), so a reference to a file that
    # exists but has a schema problem is not reported twice.
    known = set(first_file) | {p.stem for p in paths}
    for path, sub in found:
        if sub.superseded_by and sub.superseded_by not in known:
            problems.append(
                _line(
                    path,
                    "superseded_by",
                    f"names {sub.superseded_by!r}, which does not exist",
                    "write the id of the newer plan (a file in docs/submissions/), "
                    "or set `status: received` and remove `superseded_by`",
                )
            )
        for i, old in enumerate(sub.supersedes):
            if old not in known:
                problems.append(
                    _line(
                        path,
                        f"supersedes[{i}]",
                        f"names {old!r}, which does not exist",
                        "remove it, or write the id of the older plan it replaces",
                    )
                )
        for n, item in enumerate(sub.items):
            for j, image in enumerate(item.images):
                target = config.paths.docs / image.lstrip("/")
                if not target.is_file():
                    problems.append(
                        _line(
                            path,
                            f"items[{n}].images[{j}]",
                            f"{image} does not exist ({target})",
                            "put the image there, or remove it from the list",
                        )
                    )
    return problems


def check_crisis(config: Config) -> list[str]:
    from intake.crisis import load_crisis
    from intake.errors import CrisisError

    try:
        load_crisis(config.paths.docs / "crisis.md")
    except CrisisError as exc:
        return _lines(exc)
    return []


def check_meeting(config: Config) -> list[str]:
    from intake.errors import MeetingError
    from intake.meeting import load_meeting

    try:
        load_meeting(config.paths.calendar / "meeting.yml")
    except MeetingError as exc:
        return _lines(exc)
    return []


def check_ministry_posts(config: Config) -> list[str]:
    from intake.reshares import MINISTRY_POSTS_FILE, load_ministry_posts

    try:
        load_ministry_posts(config.paths.calendar / MINISTRY_POSTS_FILE)
    except ValidationError as exc:
        return _lines(exc)
    return []


def check(config: Config) -> list[str]:
    """Every problem in the hand-editable files; empty when all is valid."""
    return (
        check_submissions(config)
        + check_crisis(config)
        + check_meeting(config)
        + check_ministry_posts(config)
    )
