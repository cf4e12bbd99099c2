"""Store: one Markdown file per submission under ``docs/submissions/``, atomically written.

The front matter is emitted by PyYAML from ``Submission.to_front_matter()`` (never by string
formatting) and validated on the way back in by the same schema. Same submission, same bytes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from intake import frontmatter
from intake.errors import Problem, SubmissionFileError
from intake.model import Submission

if TYPE_CHECKING:
    from intake.config import Config

try:  # the C emitter/loader are 5-10x faster; output is identical for our schema
    _BaseDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseDumper = yaml.SafeDumper
    _BaseLoader = yaml.SafeLoader

SOURCE_MARKER = ".source"


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style, literal blocks for multi-line text, ISO 8601 'T' datetimes.

    No anchors and aliases: an object met twice (one ``date`` shared by two items, say) is
    written out twice, so the bytes depend on the values only, not on object identity.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = (
        "|"
        if "\n" in value and not any(c in value for c in "\r\t") and value == value.strip(" ")
        else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(datetime, _datetime)


def dump_yaml(data: Any) -> str:
    """Deterministic YAML: insertion order, UTF-8 text, no line wrapping.

    Front matter takes the fast emitter (:func:`intake.frontmatter.emit`, same bytes); anything
    it is not sure about is written by PyYAML (:func:`dump_yaml_pyyaml`)."""
    fast = frontmatter.emit(data)
    return fast if fast is not None else dump_yaml_pyyaml(data)


def dump_yaml_pyyaml(data: Any) -> str:
    """:func:`dump_yaml` by PyYAML alone: the reference the fast emitter is tested against."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )


def load_yaml(text: str) -> Any:
    """Safe-load YAML; text exactly as :func:`dump_yaml` writes front matter takes the fast
    loader (:func:`intake.frontmatter.load`, same values), anything else PyYAML."""
    fast = frontmatter.load(text)
    return fast if fast is not None else load_yaml_pyyaml(text)


def load_yaml_pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - a SafeLoader subclass


def atomic_write(path: Path, data: bytes | str, *, sync: bool = True) -> bool:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    Returns False (and writes nothing) when the file already holds exactly these bytes, so
    unchanged files keep their mtime and incremental builds stay incremental. ``sync``: the file
    is fsynced before the rename (the rename itself is durable once the folder is synced:
    :func:`sync_folders`, which the fetch runs once per batch).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == raw:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    try:
        fd, tmp = temp_file(path, raw)
    except FileNotFoundError:  # the folder is made on first use only (one syscall less per file)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_file(path, raw)
    try:
        if sync:
            os.fsync(fd)
        os.replace(tmp, path)  # noqa: PTH105 - str paths from mkstemp, one call per file
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # noqa: PTH108
        raise
    finally:
        os.close(fd)
    return True


def temp_file(path: Path, raw: bytes) -> tuple[int, str]:
    """A new temp file beside ``path`` (``.NAME.*.tmp``, readable by all) holding ``raw``: its
    descriptor (still open, not synced) and its path. Raises OSError, leaving nothing behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; site files must be readable by the web server
        view = memoryview(raw)
        while view:  # os.write may write part of it
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # noqa: PTH108
        raise
    return fd, tmp


def sync_folders(folders: Iterable[Path]) -> None:
    """fsync each folder: the renames of the files written into it are durable. Raises OSError."""
    for folder in folders:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def front_matter_yaml_problem(exc: yaml.YAMLError, where: str) -> Problem:
    """A YAML syntax error in front matter, located by its line in the file (after ``---``)."""
    mark = getattr(exc, "problem_mark", None)
    return Problem(
        f"{where}:{mark.line + 2}" if mark else where,
        f"invalid YAML ({getattr(exc, 'problem', exc)})",
        "fix the indentation or quoting on that line",
    )


def split_front_matter(text: str) -> tuple[str, str] | None:
    """``---\\nYAML\\n---\\nbody`` → (yaml, body); None when there is no front matter."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            return text[4:-4], ""
        return None
    return text[4 : end + 1], text[end + 5 :]


def submissions_folder(config: Config) -> Path:
    """The folder of ``config``'s submission files (``docs/submissions``)."""
    return config.paths.docs / "submissions"


class SubmissionStore:
    """Reads and writes submission files in one folder (``docs/submissions/``)."""

    def __init__(self, folder: Path, known_units: set[str] | None = None) -> None:
        self.folder = folder
        self.known_units = known_units

    def path_for(self, submission_id: str) -> Path:
        return self.folder / f"{submission_id}.md"

    @property
    def image_folder(self) -> Path:
        return self.folder / "img"

    def render(self, submission: Submission, front_matter: dict[str, Any] | None = None) -> str:
        """The file's full text: front matter (``front_matter``: the submission's, when the
        caller has it already), then the body (already safe Markdown)."""
        front = dump_yaml(
            front_matter if front_matter is not None else submission.to_front_matter()
        )
        body = (
            submission.body
            if submission.body.endswith("\n") or not submission.body
            else submission.body + "\n"
        )
        return f"---\n{front}---\n{body}"

    def render_valid(self, submission: Submission) -> str:
        """:meth:`render`, after checking the front matter against the schema that reads it.

        The mapping is validated directly (``from_front_matter`` of ``to_front_matter``), not by
        loading the emitted YAML back: the emitter writes every str/date/datetime/list/dict this
        schema holds so that it loads back equal (PyYAML quotes whatever would resolve to another
        type, escapes what a literal block cannot hold); ``tests/test_store.py`` checks that
        property on arbitrary text through :meth:`write` and :meth:`read`.
        """
        where = f"{submission.id}.md (about to be written)"
        front = submission.to_front_matter()
        checked, problems = Submission.from_front_matter(front, where, self.known_units)
        if checked is None:
            raise SubmissionFileError(where, problems)
        if checked.to_front_matter() != front:  # pragma: no cover - a bug guard
            raise SubmissionFileError(
                submission.id,
                [Problem(submission.id, "does not round-trip", "report this as a bug in intake")],
            )
        return self.render(submission, front)

    def write(self, submission: Submission, *, sync: bool = True) -> Path:
        """Validate (:meth:`render_valid`), then write atomically (``sync``: see
        :func:`atomic_write`)."""
        text = self.render_valid(submission)
        path = self.path_for(submission.id)
        atomic_write(path, text, sync=sync)
        return path

    def parse(self, text: str, where: str) -> Submission:
        parts = split_front_matter(text)
        if parts is None:
            raise SubmissionFileError(
                where,
                [
                    Problem(
                        where,
                        "has no YAML front matter",
                        "the file must start with '---', the keys, then '---'",
                    )
                ],
            )
        try:
            data = load_yaml(parts[0])
        except yaml.YAMLError as exc:
            raise SubmissionFileError(where, [front_matter_yaml_problem(exc, where)]) from None
        submission, problems = Submission.from_front_matter(data, where, self.known_units)
        if submission is None:
            raise SubmissionFileError(where, problems)
        return _with_body(submission, parts[1])

    def read(self, path: Path) -> Submission:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SubmissionFileError(
                str(path), [Problem(str(path), "is not UTF-8", "save it as UTF-8")]
            ) from None
        return self.parse(text, str(path))

    def paths(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.md") if not p.name.startswith("."))

    def load_all(self) -> Iterator[Submission | SubmissionFileError]:
        """Every submission, in file-name order; a broken file yields its error instead."""
        for path in self.paths():
            try:
                yield self.read(path)
            except SubmissionFileError as exc:
                yield exc

    def exists(self, submission_id: str) -> bool:
        return self.path_for(submission_id).exists()


def _with_body(submission: Submission, body: str) -> Submission:
    from dataclasses import replace

    return replace(submission, body=body)
