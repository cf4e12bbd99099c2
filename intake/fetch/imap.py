"""The IMAP source (imapclient): UIDs only, ``BODY.PEEK[]``, batches, UID MOVE.

* ``security``: ``ssl`` (implicit TLS), ``starttls``, or ``none`` (the config allows it on loopback
  only); certificates are verified (``mailbox.ca_file`` adds a private CA); every socket call has
  ``mailbox.timeout``.
* Sizes (``RFC822.SIZE``) and ``INTERNALDATE`` are fetched first: a message over
  ``limits.max_message_bytes`` is never downloaded (only a few header fields, for the office).
* Bodies are fetched with ``BODY.PEEK[]`` (nothing is marked seen by reading), in batches of
  ``mailbox.batch_size`` and at most ``_MAX_BATCH_BYTES`` bytes.
* Outcome folders are created when missing (imapclient encodes non-ASCII names such as
  ``İşlenen`` in modified UTF-7). Messages leave the inbox by ``UID MOVE``, or where the server
  lacks MOVE by ``UID COPY`` + ``UID STORE +FLAGS \\Deleted`` + ``UID EXPUNGE`` (UIDPLUS). A bare
  ``EXPUNGE`` is never sent.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
import ssl
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from intake.config import Config
from intake.errors import MailboxError, MailboxLoginFailed, MailboxUnreachable
from intake.fetch import Envelope, Fetched, SourceLost
from intake.ledger import Ledger
from intake.timeutil import TZ

_MAX_BATCH_BYTES = 32 * 1024 * 1024
_META_CHUNK = 1000  # UIDs per FETCH of sizes (a command line well under servers' 64 KB limit)
_HEADER_FIELDS = b"BODY.PEEK[HEADER.FIELDS (FROM SUBJECT MESSAGE-ID DATE)]"

# imapclient sends imaplib's protocol trace to this logger (at DEBUG)
IMAPLIB_LOGGER = "imapclient.imaplib"

# What a dropped or timed-out connection raises, at any point of a session.
TRANSIENT: tuple[type[BaseException], ...] = (
    imaplib.IMAP4.abort,
    OSError,
    EOFError,
    TimeoutError,
    socket.timeout,
    ssl.SSLError,
)


class ImapSource:
    moves = True

    def __init__(self, config: Config, *, use_move: bool | None = None) -> None:
        self.config = config
        self.mailbox = config.mailbox
        self.folder = config.mailbox.folder
        self.uidvalidity: int | None = None
        self.client: IMAPClient | None = None
        self._use_move = use_move  # None: decide from CAPABILITY; False forces COPY+EXPUNGE
        self._ready_folders: set[str] = set()

    # --- connection ------------------------------------------------------------------------------

    @property
    def where(self) -> str:
        return f"{self.mailbox.host}:{self.mailbox.port}"

    def _context(self) -> ssl.SSLContext:
        cafile = str(self.mailbox.ca_file) if self.mailbox.ca_file else None
        return ssl.create_default_context(cafile=cafile)

    def _unreachable(self, exc: BaseException) -> MailboxUnreachable:
        mb = self.mailbox
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, ssl.SSLCertVerificationError):
            fix = (
                "the server's TLS certificate is not trusted: set mailbox.ca_file to your CA bundle, "
                "or fix mailbox.host to match the certificate"
            )
        elif isinstance(exc, ssl.SSLError):
            fix = (
                f"TLS failed: check mailbox.security ({mb.security}) matches the port "
                "(ssl usually 993, starttls usually 143)"
            )
        elif isinstance(exc, TimeoutError | socket.timeout):
            fix = (
                f"no answer within {mb.timeout:g} s: check mailbox.host/port in intake.yml, "
                "the firewall, and that the server is up"
            )
        else:
            fix = "check mailbox.host, mailbox.port and mailbox.security in intake.yml and that the server is up"
        return MailboxUnreachable(
            f"cannot reach the IMAP server {self.where} ({mb.security}): {reason} — {fix}"
        )

    def open(self) -> list[str]:
        """Connect, log in, select the inbox; returns warnings (none so far)."""
        mb = self.mailbox
        try:
            if mb.security == "ssl":
                client = IMAPClient(
                    mb.host,
                    port=mb.port,
                    ssl=True,
                    ssl_context=self._context(),
                    timeout=mb.timeout,
                )
            else:
                client = IMAPClient(mb.host, port=mb.port, ssl=False, timeout=mb.timeout)
                if mb.security == "starttls":
                    if not client.has_capability("STARTTLS"):
                        client.shutdown()
                        raise MailboxUnreachable(
                            f"the IMAP server {self.where} does not offer STARTTLS — use "
                            "`security: ssl` (port 993), or `none` only on loopback"
                        )
                    client.starttls(self._context())
        except MailboxUnreachable:
            raise
        except (*TRANSIENT, IMAPClientError) as exc:
            raise self._unreachable(exc) from None
        quiet(client)
        password = mb.password()
        if not password:
            client.shutdown()
            raise MailboxLoginFailed(
                f"no IMAP password for {mb.username!r} on {self.where}: the environment variable "
                f"{mb.password_env} is empty — set it (secrets are never read from intake.yml)"
            )
        try:
            client.login(mb.username, password)
        except LoginError:
            client.shutdown()
            raise MailboxLoginFailed(
                f"the IMAP server {self.where} refused the login for {mb.username!r} — check "
                f"mailbox.username in intake.yml and the password in ${mb.password_env}"
            ) from None
        except (*TRANSIENT, IMAPClientError) as exc:
            raise self._unreachable(exc) from None
        client.normalise_times = False  # keep INTERNALDATE's own offset
        self.client = client
        try:
            if not client.folder_exists(self.folder):
                raise MailboxError(
                    f"the folder {self.folder!r} does not exist on {self.where} — "
                    "fix mailbox.folder in intake.yml"
                )
            info = client.select_folder(self.folder)
        except IMAPClientError as exc:
            raise MailboxError(
                f"cannot open the folder {self.folder!r} on {self.where}: {exc} — "
                "fix mailbox.folder in intake.yml"
            ) from None
        except TRANSIENT as exc:
            raise self._unreachable(exc) from None
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        if self._use_move is None:
            self._use_move = bool(client.has_capability("MOVE"))
        if not self._use_move and not client.has_capability("UIDPLUS"):
            raise MailboxError(
                f"the IMAP server {self.where} supports neither MOVE nor UIDPLUS, so messages cannot "
                "leave the inbox safely (intake never sends a bare EXPUNGE) — enable one of them"
            )
        return []

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.logout()
        except Exception:  # closing a dead connection must not mask the real error
            with contextlib.suppress(Exception):
                client.shutdown()

    def _c(self) -> IMAPClient:
        if self.client is None:
            raise SourceLost("not connected")
        return self.client

    # --- listing and downloading -------------------------------------------------------------

    def candidates(self, ledger: Ledger, source: str) -> list[Envelope]:
        """Every message in the inbox the ledger has no row for, with its size and arrival
        time: one FETCH per ``_META_CHUNK`` messages, not one round trip per batch."""
        assert self.uidvalidity is not None
        client = self._c()
        try:
            uids = sorted(int(u) for u in client.search("ALL"))
        except TRANSIENT as exc:
            raise SourceLost(f"listing {self.folder}: {exc}") from exc
        known = ledger.known_uids(source, self.folder, self.uidvalidity)
        unknown = [uid for uid in uids if uid not in known]
        envelopes: list[Envelope] = []
        for start in range(0, len(unknown), _META_CHUNK):
            part = unknown[start : start + _META_CHUNK]
            try:
                meta = client.fetch(part, [b"RFC822.SIZE", b"INTERNALDATE"])
            except TRANSIENT as exc:
                raise SourceLost(f"fetching sizes: {exc}") from exc
            for uid in part:
                data = meta.get(uid)
                if data is None:  # expunged by another client meanwhile
                    continue
                envelopes.append(
                    Envelope(
                        location=self.location(uid),
                        size=int(data.get(b"RFC822.SIZE", 0)),
                        arrived=_aware(data.get(b"INTERNALDATE")),
                        uid=uid,
                    )
                )
        return envelopes

    def location(self, uid: int) -> str:
        return f"{self.folder}:{self.uidvalidity}:{uid}"

    def download(self, batch: list[Envelope]) -> Iterator[Fetched]:
        """Small messages by ``BODY.PEEK[]`` in byte-bounded chunks; big ones (by the size
        :meth:`candidates` fetched) by header only."""
        limit = self.config.limits.max_message_bytes
        chunk: list[Envelope] = []
        chunk_bytes = 0
        for env in batch:
            if env.uid is None:
                continue
            if env.size > limit:
                yield from self._flush(chunk)
                chunk, chunk_bytes = [], 0
                yield self._headers_only(env)
                continue
            if chunk and chunk_bytes + env.size > _MAX_BATCH_BYTES:
                yield from self._flush(chunk)
                chunk, chunk_bytes = [], 0
            chunk.append(env)
            chunk_bytes += env.size
        yield from self._flush(chunk)

    def _flush(self, chunk: list[Envelope]) -> Iterator[Fetched]:
        if not chunk:
            return
        try:
            data = self._c().fetch([e.uid for e in chunk], [b"BODY.PEEK[]"])
        except TRANSIENT as exc:
            raise SourceLost(f"fetching messages: {exc}") from exc
        for env in chunk:
            item = data.pop(env.uid, None)
            if item is None:
                continue  # gone meanwhile (another client expunged it)
            raw = item.get(b"BODY[]")
            if not isinstance(raw, bytes):
                continue
            end = raw.find(b"\r\n\r\n")
            yield Fetched(envelope=env, raw=raw, headers=raw[:end] if end >= 0 else raw)

    def _headers_only(self, env: Envelope) -> Fetched:
        try:
            data = self._c().fetch([env.uid], [_HEADER_FIELDS])
        except TRANSIENT as exc:
            raise SourceLost(f"fetching headers: {exc}") from exc
        headers = b""
        for key, value in data.get(env.uid, {}).items():
            if (
                isinstance(key, bytes)
                and key.startswith(b"BODY[HEADER")
                and isinstance(value, bytes)
            ):
                headers = value
        return Fetched(envelope=env, raw=None, headers=headers)

    # --- moving ------------------------------------------------------------------------------

    def _folder_name(self, target_key: str) -> str:
        name: str = getattr(self.mailbox.folders, target_key)
        return name

    def _ensure_folder(self, name: str) -> None:
        if name in self._ready_folders:
            return
        client = self._c()
        if not client.folder_exists(name):
            try:
                client.create_folder(name)
            except IMAPClientError:
                if not client.folder_exists(name):  # created by someone else meanwhile is fine
                    raise
        self._ready_folders.add(name)

    def move(self, uids: list[int], target_key: str) -> None:
        """Move ``uids`` to the configured folder for ``target_key`` (processed/rejected/quarantine)."""
        if not uids:
            return
        name = self._folder_name(target_key)
        try:
            self._ensure_folder(name)
            client = self._c()
            if self._use_move:
                client.move(uids, name)
            else:
                client.copy(uids, name)
                client.add_flags(uids, [b"\\Deleted"], silent=True)
                client.uid_expunge(uids)
        except TRANSIENT as exc:
            raise SourceLost(f"moving to {name}: {exc}") from exc
        except IMAPClientError as exc:
            raise MailboxError(
                f"cannot move messages to the folder {name!r} on {self.where}: {exc} — "
                "check mailbox.folders in intake.yml and the account's rights"
            ) from None


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=TZ)
    return value.astimezone(TZ)


def quiet(client: IMAPClient) -> None:
    """No protocol trace unless the ``imapclient.imaplib`` logger takes DEBUG records.

    imapclient sets imaplib's debug level to 5 so that imaplib's trace goes to that logger, and
    imaplib then formats the repr of every response, message literals included, and of each
    command's whole response list, before the logger decides to drop it. For an 18 KB message
    that was about three quarters of the CPU time of fetching it (``make bench-intake``).
    """
    if not logging.getLogger(IMAPLIB_LOGGER).isEnabledFor(logging.DEBUG):
        client._imap.debug = 0  # the attribute imapclient itself sets to 5 (a private one)
