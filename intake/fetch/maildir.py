"""The Maildir source (the demo's embedded default): read-only.

Reads every file in ``cur/`` and ``new/`` and never changes the Maildir (no renames, no flags,
no moves); the ledger alone remembers what was read, keyed by the file name's unique part
(before ``:``) and the content hash. A file whose unique part is known with the same size is
skipped without being read, so a fetch with no new mail costs one ``stat`` per file.

The arrival time of a message is when the mailbox got it: the timestamp that starts a standard
Maildir file name (``1764147300.M1P2.host``), else the file's mtime (never the sender's ``Date:``
header, which says when the sender wrote it, or anything at all). With named files, the same
Maildir gives the same submissions wherever it is checked out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from intake.config import Config
from intake.errors import MailboxError
from intake.fetch import Envelope, Fetched, SourceLost, split_raw
from intake.ledger import Ledger
from intake.timeutil import TZ

_STAMP = re.compile(r"^(\d{9,11})\.")


class MaildirSource:
    folder = "maildir"
    uidvalidity: int | None = None
    moves = False

    def __init__(self, config: Config) -> None:
        assert config.mailbox.maildir is not None
        self.root = config.mailbox.maildir
        self.config = config
        self._paths: dict[str, Path] = {}

    def open(self) -> list[str]:
        if not (self.root / "cur").is_dir() and not (self.root / "new").is_dir():
            raise MailboxError(
                f"{self.root} is not a Maildir (no cur/ or new/ folder) — "
                "fix mailbox.maildir in intake.yml"
            )
        return []

    def close(self) -> None:
        self._paths.clear()

    def candidates(self, ledger: Ledger, source: str) -> list[Envelope]:
        known = ledger.known_keys(source)
        found: list[tuple[str, Path, os.stat_result]] = []
        for sub in ("new", "cur"):
            folder = self.root / sub
            if not folder.is_dir():
                continue
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or not entry.is_file():
                        continue
                    key = entry.name.split(":", 1)[0]
                    st = entry.stat()
                    if known.get(key) == st.st_size:
                        continue
                    found.append((key, Path(entry.path), st))
        found.sort(key=lambda f: f[0])
        out: list[Envelope] = []
        for key, path, st in found:
            self._paths[key] = path
            out.append(
                Envelope(
                    location=f"maildir:{key}",
                    size=st.st_size,
                    arrived=_stamp(key, st.st_mtime),
                    key=key,
                )
            )
        return out

    def download(self, batch: list[Envelope]) -> Iterator[Fetched]:
        limit = self.config.limits.max_message_bytes
        for env in batch:
            assert env.key is not None
            path = self._paths[env.key]
            try:
                if env.size > limit:
                    with path.open("rb") as fh:
                        head = fh.read(64 * 1024)
                    yield Fetched(envelope=env, raw=None, headers=split_raw(head)[0])
                    continue
                raw = path.read_bytes()
            except FileNotFoundError:
                continue  # removed meanwhile: nothing to record
            except OSError as exc:
                raise SourceLost(f"reading {path}: {exc}") from exc
            yield Fetched(
                envelope=Envelope(
                    location=env.location, size=len(raw), arrived=env.arrived, key=env.key
                ),
                raw=raw,
                headers=split_raw(raw)[0],
            )

    def move(self, uids: list[int], target_key: str) -> None:
        return


def _stamp(key: str, mtime: float) -> datetime:
    m = _STAMP.match(key)
    seconds = int(m.group(1)) if m else int(mtime)
    return datetime.fromtimestamp(seconds, TZ)
