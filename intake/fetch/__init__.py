"""Mail sources: an IMAP folder (``imap.ImapSource``) or a local Maildir (``maildir.MaildirSource``).

A source lists the messages it holds that the ledger has not seen, downloads them in batches
(never the whole mailbox at once) and, for IMAP, moves each message to its outcome folder once
the outcome is recorded. ``open_source(config)`` picks the right one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from intake.config import Config
from intake.ledger import Ledger


class SourceLost(Exception):
    """The connection dropped (or another transient failure): the affected mail is retried."""


@dataclass(frozen=True)
class Envelope:
    """A message found in the source, before download."""

    location: str  # unique within the source: "INBOX:<uidvalidity>:<uid>" or "maildir:<key>"
    size: int
    arrived: datetime | None
    uid: int | None = None  # IMAP
    key: str | None = None  # Maildir: the file name's unique part


@dataclass(frozen=True)
class Fetched:
    """A downloaded message; ``raw`` is None when it was too large to download."""

    envelope: Envelope
    raw: bytes | None
    headers: bytes  # the header block (for a too-large message, a few header fields only)


class Source(Protocol):
    folder: str  # the ledger's folder name ("INBOX", or "maildir")
    uidvalidity: int | None
    moves: bool  # whether outcomes are moved to folders (IMAP) or only recorded (Maildir)

    def open(self) -> list[str]: ...  # connect; returns warnings
    def close(self) -> None: ...
    def candidates(self, ledger: Ledger, source: str) -> list[Envelope]: ...
    def download(self, batch: list[Envelope]) -> Iterator[Fetched]: ...
    def move(self, uids: list[int], target_key: str) -> None: ...


def open_source(config: Config) -> Source:
    if config.mailbox.is_maildir:
        from intake.fetch.maildir import MaildirSource

        return MaildirSource(config)
    from intake.fetch.imap import ImapSource

    return ImapSource(config)


_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


def split_raw(raw: bytes) -> tuple[bytes, bytes]:
    """(header block, body) of a raw message, without parsing it."""
    m = _HEADER_END.search(raw)
    if m is None:
        return raw, b""
    return raw[: m.start()], raw[m.end() :]


def message_id_of(headers: bytes) -> str:
    """The Message-ID (``<…>`` kept, folded whitespace removed), or ''."""
    m = _MESSAGE_ID.search(headers)
    if m is None:
        return ""
    value = re.sub(rb"\s+", b"", m.group(1)).decode("ascii", errors="replace")
    return value[:998]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
