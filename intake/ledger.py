"""The local ledger (``<paths.state>/ledger.sqlite3``): what was read, and what became of it.

Every message is keyed twice:

* by **location**: ``(source, folder, uidvalidity, uid)`` for IMAP, ``(source, "maildir", key)``
  for a Maildir (``key`` = the file name's unique part before ``:``);
* by **content**: ``(Message-ID, sha256 of the body)`` when the mail has a Message-ID, and the
  sha256 of the raw bytes always (a missing Message-ID, or one reused with another body, still
  keys the message by what it holds).

An outcome is recorded (and committed) *before* the message is moved to its folder; ``moved`` is
set afterwards. A row recorded but not moved is moved on the next run, never processed twice.
Transient failures are counted in ``attempts`` (per location) so a poison message cannot loop
forever. The ``submissions`` table indexes accepted submissions by unit, week and type so that
superseding a plan never scans every file.

The schema is versioned by ``PRAGMA user_version``: each step of :data:`MIGRATIONS` takes the file
from one version to the next, all of them in one transaction (a failed step leaves the file as it
was), so a ledger written by any earlier intake is brought up to date when it is opened (a ledger from before ``user_version``, which says
``schema = 1`` in its ``meta`` table, counts as version 1). To change the schema, append a step.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake.errors import IntakeError

if TYPE_CHECKING:
    from intake.config import Config

# Version 1: the tables as intake wrote them before the schema was versioned.
_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    folder        TEXT NOT NULL,
    uidvalidity   INTEGER,
    uid           INTEGER,
    key           TEXT,
    message_id    TEXT NOT NULL DEFAULT '',
    body_sha      TEXT NOT NULL DEFAULT '',
    raw_sha       TEXT NOT NULL,
    size          INTEGER NOT NULL DEFAULT 0,
    outcome       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    problems      TEXT NOT NULL DEFAULT '',
    submission_id TEXT,
    sender        TEXT NOT NULL DEFAULT '',
    subject       TEXT NOT NULL DEFAULT '',
    arrived       TEXT NOT NULL DEFAULT '',
    recorded      TEXT NOT NULL,
    target        TEXT,
    moved         INTEGER NOT NULL DEFAULT 0,
    run_id        INTEGER
);
CREATE INDEX IF NOT EXISTS messages_loc ON messages (source, folder, uidvalidity, uid);
CREATE INDEX IF NOT EXISTS messages_key ON messages (source, folder, key);
CREATE INDEX IF NOT EXISTS messages_raw ON messages (raw_sha);
CREATE INDEX IF NOT EXISTS messages_mid ON messages (message_id, body_sha);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (source, folder, moved);
CREATE INDEX IF NOT EXISTS messages_outcome ON messages (outcome);
CREATE TABLE IF NOT EXISTS attempts (
    source      TEXT NOT NULL,
    location    TEXT NOT NULL,
    count       INTEGER NOT NULL,
    last_error  TEXT NOT NULL,
    last_at     TEXT NOT NULL,
    PRIMARY KEY (source, location)
);
CREATE TABLE IF NOT EXISTS folders (
    source      TEXT NOT NULL,
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    PRIMARY KEY (source, folder)
);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    started     TEXT NOT NULL,
    finished    TEXT,
    new         INTEGER NOT NULL DEFAULT 0,
    accepted    INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    ignored     INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    retried     INTEGER NOT NULL DEFAULT 0,
    warnings    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS submissions (
    id        TEXT PRIMARY KEY,
    unit      TEXT NOT NULL,
    week      TEXT NOT NULL,
    type      TEXT NOT NULL,
    received  TEXT NOT NULL,
    status    TEXT NOT NULL,
    raw_sha   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS submissions_uwt ON submissions (unit, week, type);
CREATE INDEX IF NOT EXISTS submissions_week ON submissions (week);
"""

# Version 2: the sender's address as the raw From header gives it, beside the content keys: a
# message is a duplicate of another only when it comes from the same sender (rows of version 1
# take the address the parser recorded).
_SCHEMA_V2 = """
ALTER TABLE messages ADD COLUMN from_key TEXT NOT NULL DEFAULT '';
UPDATE messages SET from_key = lower(sender);
UPDATE meta SET value = '2' WHERE key = 'schema';
"""

# Version 3: the office's half. ``outbox``: every mail intake sends, written in the transaction
# of the outcome that causes it, sent afterwards (``sent`` set once the server took it);
# ``audit``: every decision and command, append-only.
_SCHEMA_V3 = """
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    raw         BLOB NOT NULL,
    created     TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    next_at     TEXT NOT NULL DEFAULT '',
    sent        TEXT
);
CREATE INDEX outbox_waiting ON outbox (sent, next_at);
CREATE INDEX outbox_recipient ON outbox (recipient, kind, reason, created);
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    via         TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
UPDATE meta SET value = '3' WHERE key = 'schema';
"""

MIGRATIONS: tuple[str, ...] = (_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3)  # step n: version n → n + 1
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class Recorded:
    """A ledger row, as the pipeline needs it."""

    row: int
    outcome: str
    reason: str
    target: str | None  # the folder key it goes to (processed/rejected/quarantine) or None
    moved: bool
    submission_id: str | None
    uidvalidity: int | None
    uid: int | None
    folder: str
    run_id: int | None = None  # the run that recorded it


@dataclass(frozen=True)
class MessageRow:
    """One row of ``messages``: a message's final outcome (field names are the columns')."""

    source: str
    folder: str
    uidvalidity: int | None
    uid: int | None
    key: str | None
    message_id: str
    body_sha: str
    raw_sha: str
    from_key: str
    size: int
    outcome: str
    reason: str
    detail: str
    problems: str
    submission_id: str | None
    sender: str
    subject: str
    arrived: datetime | None
    recorded: datetime
    target: str | None
    moved: bool
    run_id: int


# the columns are MessageRow's field names, ours (never input)
_INSERT_MESSAGE = (
    f"INSERT INTO messages ({', '.join(f.name for f in fields(MessageRow))}) "  # noqa: S608
    f"VALUES ({', '.join('?' for _ in fields(MessageRow))})"
)


@dataclass(frozen=True)
class IndexEntry:
    id: str
    unit: str
    week: str
    type: str
    received: datetime
    status: str


def _index_entry(r: sqlite3.Row) -> IndexEntry:
    return IndexEntry(
        id=r["id"],
        unit=r["unit"],
        week=r["week"],
        type=r["type"],
        received=datetime.fromisoformat(r["received"]),
        status=r["status"],
    )


def ledger_path(config: Config) -> Path:
    """Where the ledger of ``config`` lives (in ``paths.state``)."""
    return config.paths.state / "ledger.sqlite3"


class _Reports:
    """What ``intake status`` and the office page read from the ledger (and nothing writes)."""

    db: sqlite3.Connection

    def last_run(self) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT * FROM runs WHERE finished IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        out = {
            k: row[k]
            for k in (
                "source",
                "started",
                "finished",
                "new",
                "accepted",
                "rejected",
                "ignored",
                "quarantined",
                "retried",
            )
        }
        out["warnings"] = [w for w in str(row["warnings"]).split("\n") if w]
        return out

    def audit_trail(self, limit: int = 200) -> list[dict[str, str]]:
        """The newest entries of the audit trail first."""
        rows = self.db.execute(
            "SELECT at, actor, via, action, target, detail FROM audit ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [dict(r) for r in rows]

    def week_entries(self, week: str) -> list[IndexEntry]:
        rows = self.db.execute(
            "SELECT * FROM submissions WHERE week=? ORDER BY unit, type, received, id", (week,)
        )
        return [_index_entry(r) for r in rows]

    def outcome_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT outcome, COUNT(*) FROM messages GROUP BY outcome")
        return {str(r[0]): int(r[1]) for r in rows}

    def retrying(self) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM attempts").fetchone()
        return int(row[0])

    def quarantined(self, limit: int = 500) -> list[dict[str, Any]]:
        return self.with_outcome("quarantined", limit)

    def with_outcome(self, outcome: str, limit: int = 500) -> list[dict[str, Any]]:
        """The newest messages that ended in ``outcome``, for status and the office page."""
        rows = self.db.execute(
            "SELECT sender, subject, reason, detail, problems, arrived, recorded, message_id, moved "
            "FROM messages WHERE outcome=? ORDER BY recorded DESC, id DESC LIMIT ?",
            (outcome, limit),
        )
        return [
            {
                "sender": r["sender"],
                "subject": r["subject"],
                "reason": r["reason"],
                "detail": r["detail"],
                "problems": [line for line in r["problems"].split("\n") if line],
                "date": r["arrived"] or r["recorded"],
                "recorded": r["recorded"],
                "message_id": r["message_id"],
                "moved": bool(r["moved"]),
            }
            for r in rows
        ]


class Ledger(_Reports):
    """A thin, typed wrapper around the sqlite file. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise IntakeError(
                f"cannot open the ledger {path}: {exc} — check that the folder "
                "(paths.state in intake.yml) is writable and the disk is not full"
            ) from None

    def version(self) -> int:
        """The schema version the file holds (0: a new, empty file)."""
        found = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if (
            found == 0
            and self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='messages'"
            ).fetchone()
        ):
            return 1  # written before the schema was versioned
        return found

    def _migrate(self) -> None:
        """Bring the file to :data:`SCHEMA_VERSION`, all steps in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")  # two intakes opening a new ledger: one migrates
        try:
            version = self.version()
            if version > SCHEMA_VERSION:
                raise IntakeError(
                    f"the ledger {self.path} was written by a newer intake (schema version "
                    f"{version}, this one knows {SCHEMA_VERSION}) — upgrade intake"
                )
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    self.db.execute(statement)
                if step == 0:
                    self.db.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '1')"
                    )
                self.db.execute(f"PRAGMA user_version = {step + 1}")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @classmethod
    def open_readonly(cls, path: Path) -> Ledger | None:
        """For ``intake status``: None when no run has happened yet."""
        if not path.exists():
            return None
        return cls(path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for many writes (a batch's outcomes): committed together at the end,
        or not at all. Inside, :meth:`transaction` joins it instead of committing on its own."""
        if self.db.in_transaction:
            yield
            return
        with self.transaction():
            yield

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside :meth:`batch`: the writes of the block are undone alone when it raises."""
        self.db.execute("SAVEPOINT one")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO one")
            self.db.execute("RELEASE one")
            raise
        self.db.execute("RELEASE one")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:  # inside batch(): its commit covers this
            yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise IntakeError(
                f"cannot write the ledger {self.path}: {exc} — free disk space or fix "
                "the permissions of paths.state, then run again"
            ) from None

    # --- runs ----------------------------------------------------------------------------------

    def start_run(self, source: str, started: datetime) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (source, started) VALUES (?, ?)", (source, started.isoformat())
            )
            return int(cur.lastrowid or 0)

    def finish_run(
        self, run_id: int, finished: datetime, counts: dict[str, int], warnings: list[str]
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished=?, new=?, accepted=?, rejected=?, ignored=?, quarantined=?, "
                "retried=?, warnings=? WHERE id=?",
                (
                    finished.isoformat(),
                    counts.get("new", 0),
                    counts.get("accepted", 0),
                    counts.get("rejected", 0),
                    counts.get("ignored", 0),
                    counts.get("quarantined", 0),
                    counts.get("retried", 0),
                    "\n".join(warnings),
                    run_id,
                ),
            )

    # --- folders / UIDVALIDITY ------------------------------------------------------------------

    def uidvalidity(self, source: str, folder: str) -> int | None:
        row = self.db.execute(
            "SELECT uidvalidity FROM folders WHERE source=? AND folder=?", (source, folder)
        ).fetchone()
        return None if row is None else int(row[0])

    def set_uidvalidity(self, source: str, folder: str, value: int) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO folders (source, folder, uidvalidity) VALUES (?, ?, ?) "
                "ON CONFLICT (source, folder) DO UPDATE SET uidvalidity=excluded.uidvalidity",
                (source, folder, value),
            )

    # --- lookups ---------------------------------------------------------------------------------

    @staticmethod
    def _recorded(row: sqlite3.Row) -> Recorded:
        return Recorded(
            row=int(row["id"]),
            outcome=str(row["outcome"]),
            reason=str(row["reason"]),
            target=row["target"],
            moved=bool(row["moved"]),
            submission_id=row["submission_id"],
            uidvalidity=row["uidvalidity"],
            uid=row["uid"],
            folder=str(row["folder"]),
            run_id=row["run_id"],
        )

    def known_uids(self, source: str, folder: str, uidvalidity: int) -> set[int]:
        rows = self.db.execute(
            "SELECT uid FROM messages WHERE source=? AND folder=? AND uidvalidity=?",
            (source, folder, uidvalidity),
        )
        return {int(r[0]) for r in rows}

    def by_uid(self, source: str, folder: str, uidvalidity: int, uid: int) -> Recorded | None:
        row = self.db.execute(
            "SELECT * FROM messages WHERE source=? AND folder=? AND uidvalidity=? AND uid=? "
            "ORDER BY id LIMIT 1",
            (source, folder, uidvalidity, uid),
        ).fetchone()
        return None if row is None else self._recorded(row)

    def known_keys(self, source: str) -> dict[str, int]:
        """Maildir: unique part → size of every file already read."""
        rows = self.db.execute(
            "SELECT key, size FROM messages WHERE source=? AND key IS NOT NULL", (source,)
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def by_content(
        self, message_id: str, body_sha: str, raw_sha: str, from_key: str
    ) -> Recorded | None:
        """The first message with the same bytes, or from the same sender with the same
        Message-ID and the same body: the same mail again. (Another sender's mail with the same
        Message-ID and body is not: it goes through its own checks.)"""
        if not (message_id and body_sha):
            row = self.db.execute(
                "SELECT * FROM messages WHERE raw_sha=? ORDER BY id LIMIT 1", (raw_sha,)
            ).fetchone()
        else:  # one query (the usual miss costs one round trip): same bytes first
            row = self.db.execute(
                "SELECT * FROM messages WHERE raw_sha=? "
                "OR (message_id=? AND body_sha=? AND from_key=?) "
                "ORDER BY raw_sha=? DESC, id LIMIT 1",
                (raw_sha, message_id, body_sha, from_key, raw_sha),
            ).fetchone()
        return None if row is None else self._recorded(row)

    def pending_moves(self, source: str, folder: str, uidvalidity: int) -> list[Recorded]:
        rows = self.db.execute(
            "SELECT * FROM messages WHERE source=? AND folder=? AND uidvalidity=? AND moved=0 "
            "AND target IS NOT NULL ORDER BY uid",
            (source, folder, uidvalidity),
        )
        return [self._recorded(r) for r in rows]

    def submission_owner(self, submission_id: str) -> str | None:
        """The raw sha of the message that produced ``submission_id`` (None if unknown)."""
        row = self.db.execute(
            "SELECT raw_sha FROM submissions WHERE id=?", (submission_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    # --- writes ----------------------------------------------------------------------------------

    def record(
        self,
        row: MessageRow,
        index: Sequence[IndexEntry] = (),
        location: str | None = None,
    ) -> int:
        """One final outcome (with its index rows), committed at once or with the :meth:`batch`
        it is part of; clears the retry attempts of ``location``."""
        values = {f.name: getattr(row, f.name) for f in fields(row)}
        values["arrived"] = row.arrived.isoformat() if row.arrived else ""
        values["recorded"] = row.recorded.isoformat()
        values["moved"] = int(row.moved)
        with self.transaction() as db:
            cur = db.execute(_INSERT_MESSAGE, tuple(values.values()))
            for entry in index:
                db.execute(
                    "INSERT INTO submissions (id, unit, week, type, received, status, raw_sha) "
                    "VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET status=excluded.status",
                    (
                        entry.id,
                        entry.unit,
                        entry.week,
                        entry.type,
                        entry.received.isoformat(),
                        entry.status,
                        row.raw_sha if entry.id == row.submission_id else "",
                    ),
                )
            if location is not None:
                db.execute(
                    "DELETE FROM attempts WHERE source=? AND location=?", (row.source, location)
                )
            return int(cur.lastrowid or 0)

    def relocate(self, row: int, uidvalidity: int, uid: int) -> None:
        """A recorded, not yet moved message found again under a new UIDVALIDITY."""
        with self.transaction() as db:
            db.execute(
                "UPDATE messages SET uidvalidity=?, uid=? WHERE id=?", (uidvalidity, uid, row)
            )

    def mark_moved(self, rows: list[int]) -> None:
        if not rows:
            return
        with self.transaction() as db:
            db.executemany("UPDATE messages SET moved=1 WHERE id=?", [(r,) for r in rows])

    def attempt(self, source: str, location: str, error: str, at: datetime) -> int:
        """Count one transient failure for ``location``; returns how many so far."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO attempts (source, location, count, last_error, last_at) VALUES (?,?,1,?,?) "
                "ON CONFLICT (source, location) DO UPDATE SET count=count+1, "
                "last_error=excluded.last_error, last_at=excluded.last_at",
                (source, location, error, at.isoformat()),
            )
            row = db.execute(
                "SELECT count FROM attempts WHERE source=? AND location=?", (source, location)
            ).fetchone()
            return int(row[0])

    # --- submissions index -----------------------------------------------------------------------

    def chain(self, unit: str, week: str, type_: str) -> list[IndexEntry]:
        rows = self.db.execute(
            "SELECT * FROM submissions WHERE unit=? AND week=? AND type=? ORDER BY received, id",
            (unit, week, type_),
        )
        return [_index_entry(r) for r in rows]

    def with_status(self, status: str) -> list[IndexEntry]:
        rows = self.db.execute(
            "SELECT * FROM submissions WHERE status=? ORDER BY received, id", (status,)
        )
        return [_index_entry(r) for r in rows]

    def since_week(self, week: str) -> list[IndexEntry]:
        """Every submission of ``week`` and later (ISO weeks sort as text)."""
        rows = self.db.execute(
            "SELECT * FROM submissions WHERE week>=? ORDER BY week, unit, received, id", (week,)
        )
        return [_index_entry(r) for r in rows]

    def set_status(self, submission_id: str, status: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE submissions SET status=? WHERE id=?", (status, submission_id))

    # --- audit trail -----------------------------------------------------------------------------

    def audit(
        self, at: datetime, actor: str, via: str, action: str, target: str, detail: str = ""
    ) -> None:
        """Append one decision or command to the audit trail (append-only)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO audit (at, actor, via, action, target, detail) VALUES (?,?,?,?,?,?)",
                (at.isoformat(), actor, via, action, target, detail),
            )


def _statements(script: str) -> list[str]:
    """The SQL statements of a migration step (``executescript`` would commit on its own)."""
    return [part.strip() for part in script.split(";\n") if part.strip()]
