"""Store: one Markdown file per submission under ``docs/submissions/``, atomically written.

The front matter is emitted by PyYAML from ``Submission.to_front_matter()`` (never by string
formatting) and validated on the way back in by the same schema. Same submission, same bytes.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
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


def atomic_write(
    path: Path, data: bytes | str, *, sync: bool = True, later: Unsynced | None = None
) -> bool:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    Returns False (and writes nothing) when the file already holds exactly these bytes, so
    unchanged files keep their mtime and incremental builds stay incremental. ``sync=False``
    skips the fsync. ``later``: no fsync now; the file's descriptor is handed to ``later``, whose
    :meth:`Unsynced.sync` makes the whole batch durable (the fetch pipeline does, before it
    records the outcomes).
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
    kept = False
    try:
        if later is None:
            if sync:
                os.fsync(fd)
        elif not later.keep(path, fd):
            os.fsync(fd)  # ``later`` holds enough descriptors: this one is synced now
        else:
            kept = True
        os.replace(tmp, path)  # noqa: PTH105 - str paths from mkstemp, one call per file
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # noqa: PTH108
        raise
    finally:
        if not kept:
            os.close(fd)
    return True


def temp_file(path: Path, raw: bytes) -> tuple[int, str]:
    """A new temp file beside ``path`` (``.NAME.*.tmp``, readable by all) holding ``raw``: its
    descriptor (still open, not synced) and its path. Raises OSError, leaving nothing behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; site files must be readable by the web server
        write_all(fd, raw)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # noqa: PTH108
        raise
    return fd, tmp


def write_temp(path: Path, raw: bytes, sync: bool) -> str | None:
    """``raw`` in a new temp file beside ``path`` (:func:`temp_file`), fsynced when ``sync``:
    its path, for the caller to rename into place (or remove); None when it cannot be written
    (nothing is left behind)."""
    try:
        fd, tmp = temp_file(path, raw)
    except OSError:
        return None
    try:
        if sync:
            os.fsync(fd)  # durable before it is renamed into place (the folder is synced then)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # noqa: PTH108
        return None
    finally:
        os.close(fd)
    return tmp


def write_all(fd: int, raw: bytes) -> None:
    """All of ``raw`` to the descriptor ``fd`` (``os.write`` may write part of it)."""
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


class FileSystem:
    """The file system holding a folder, made durable as a whole by one ``syncfs(2)``: every
    file written and renamed on it, by this process or a parser worker, in one call instead of
    one fsync per file and folder. Linux from 5.8 on only, where ``syncfs`` also reports a
    writeback error that happened since its descriptor was opened (:meth:`of` returns None
    elsewhere: files are then fsynced one by one).

    Open it before the files are written, so that their writeback errors are reported.
    """

    def __init__(self, fd: int, syncfs: Callable[[int], int]) -> None:
        self.fd = fd
        self._syncfs = syncfs

    @classmethod
    def of(cls, folder: Path) -> FileSystem | None:
        """The file system ``folder`` will be on (it may not exist yet: its nearest existing
        parent is opened); None where ``syncfs`` is missing or does not report errors."""
        if not sys.platform.startswith("linux") or _kernel() < (5, 8):
            return None
        import ctypes

        try:
            syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        except (OSError, AttributeError):  # pragma: no cover - a libc without syncfs
            return None
        syncfs.argtypes = [ctypes.c_int]
        syncfs.restype = ctypes.c_int
        existing = folder
        while not existing.is_dir() and existing != existing.parent:
            existing = existing.parent
        try:
            fd = os.open(existing, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return None
        return cls(fd, syncfs)

    def sync(self) -> None:
        """Everything written on the file system is durable; raises OSError (EIO: a write
        since the last call, or since this was opened, failed)."""
        if self._syncfs(self.fd) != 0:
            import ctypes

            code = ctypes.get_errno()
            raise OSError(code, f"syncfs: {os.strerror(code)}")

    def close(self) -> None:
        os.close(self.fd)


def _kernel() -> tuple[int, int]:
    """The running kernel's (major, minor): ``6.18.44-fc`` → (6, 18)."""
    parts = os.uname().release.split(".")
    try:
        return int(parts[0]), int("".join(c for c in parts[1][:3] if c.isdigit()) or 0)
    except (IndexError, ValueError):
        return (0, 0)


class Unsynced:
    """Files written by ``atomic_write(..., later=self)`` (or renamed into place, :meth:`add`)
    that are not durable yet; :meth:`sync` makes them durable together.

    With a :class:`FileSystem`, that is one ``syncfs`` for the whole batch, and nothing is
    kept. Without one, their descriptors stay open (at most ``limit``; past that a file is
    fsynced as it is written), so one round of fsyncs, files then folders, makes the batch
    durable without reopening each file. (Writing from threads was tried: on two CPUs the
    threads cost more CPU than they saved.)
    """

    def __init__(self, limit: int = 256, filesystem: FileSystem | None = None) -> None:
        self.limit = limit
        self.filesystem = filesystem
        self._open: dict[Path, int] = {}
        self._folders: dict[Path, None] = {}

    def __bool__(self) -> bool:
        return bool(self._folders)

    @property
    def paths(self) -> list[Path]:
        return list(self._open)

    def add(self, path: Path) -> None:
        """A file renamed into place whose data is durable once :meth:`sync` runs (a parser
        worker fsynced it, or it is on the :class:`FileSystem`): only its folder is left."""
        self._folders[path.parent] = None

    @property
    def folders(self) -> list[Path]:
        return list(self._folders)

    def keep(self, path: Path, fd: int) -> bool:
        """True: ``fd`` is taken (this object closes it); False: it is full, the caller fsyncs
        and closes ``fd``. The folder is synced either way."""
        self._folders[path.parent] = None
        if self.filesystem is not None:  # synced as a whole: no descriptor to keep
            os.close(fd)
            return True
        previous = self._open.pop(path, None)
        if previous is not None:  # rewritten in this batch: the older file is gone
            os.close(previous)
        if len(self._open) >= self.limit:
            return False
        self._open[path] = fd
        return True

    def sync(self) -> None:
        """Make the files and their folders durable: one syncfs, or every file's fsync then
        every folder's; forget them. Raises OSError."""
        files, self._open = self._open, {}
        folders, self._folders = self._folders, {}
        try:
            if self.filesystem is not None:
                if folders:
                    self.filesystem.sync()
                return
            for fd in files.values():
                os.fsync(fd)
            for folder in folders:
                dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)
        finally:
            for fd in files.values():
                os.close(fd)

    def close(self) -> None:
        """Forget the files without syncing them (the run is over or failed)."""
        files, self._open = self._open, {}
        self._folders.clear()
        for fd in files.values():
            os.close(fd)
        filesystem, self.filesystem = self.filesystem, None
        if filesystem is not None:
            filesystem.close()


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

    def write(
        self, submission: Submission, *, sync: bool = True, later: Unsynced | None = None
    ) -> Path:
        """Validate (:meth:`render_valid`), then write atomically (``sync``, ``later``: see
        :func:`atomic_write`)."""
        text = self.render_valid(submission)
        path = self.path_for(submission.id)
        atomic_write(path, text, sync=sync, later=later)
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
