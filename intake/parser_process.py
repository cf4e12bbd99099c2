"""The parser (:func:`intake.parse.receive`) in a child process, with a time budget per message.

A message that crashes the parser's process (a fault in a C library, the OOM killer) or keeps it
busy past ``limits.parse_seconds`` must not stop the fetch: the child is killed, the message is
quarantined (``parser-error``) and a new child reads the next one. That isolation is what the
process is for; the parser is pure, so nothing but the message and its outcome cross the pipe.

The child is forked from the fetch when the first message is read (a fetch with no new mail
starts none), so it inherits the loaded code, the configuration and, in tests, an injected
parser. Messages go one at a time, and the fetch waits for each answer. (Letting the child parse
the next message while the fetch stores one was measured: 31 s instead of 39 s for a backlog of
10,000 messages whose budget is 120 s, so it is not done.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from intake.config import Config
from intake.errors import describe
from intake.outcome import Outcome

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess


class Receiver(Protocol):
    def __call__(self, raw: bytes, config: Config, *, arrived: datetime) -> Outcome: ...


@dataclass(frozen=True)
class ParserFailed:
    """The parser raised, ended its process, or ran out of time: what to tell the office."""

    detail: str


def real_parser() -> Receiver:
    """The real parser, imported only when there is mail to read (a fetch with none stays fast)."""
    from intake.parse import receive

    return receive


def _serve(conn: Connection, parents: Connection, config: Config, receive: Receiver) -> None:
    """The child's loop: a message in, its outcome (or the parser's error) out. (The parent's
    end of the pipe, inherited, is closed: when the parent ends, even killed, the child reads
    the end of the pipe and ends too.)"""
    parents.close()
    while True:
        try:
            raw, arrived = conn.recv()
        except EOFError:  # the fetch is over
            return
        try:
            reply: Outcome | ParserFailed = receive(raw, config, arrived=arrived)
        except Exception as exc:  # quarantined as parser-error; the next message goes on
            reply = ParserFailed(describe(exc))
        conn.send(reply)


class ParserProcess:
    """One child process parsing one message at a time, replaced after a crash or a timeout."""

    def __init__(self, config: Config, receive: Receiver | None = None) -> None:
        self.config = config
        self.receive = receive
        self.seconds = config.limits.parse_seconds
        self.conn: Connection | None = None
        self.child: BaseProcess | None = None

    def __enter__(self) -> ParserProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Connection:
        if self.conn is None:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            receive = self.receive or real_parser()  # loaded here: inherited by each child
            ours, theirs = context.Pipe()
            self.child = context.Process(
                target=_serve, args=(theirs, ours, self.config, receive), daemon=True
            )
            self.child.start()
            theirs.close()
            self.conn = ours
        return self.conn

    def parse(self, raw: bytes, arrived: datetime) -> Outcome | ParserFailed:
        """The outcome of ``raw``, or why the parser gave none (the child is replaced then)."""
        conn = self._start()
        try:
            conn.send((raw, arrived))
            if not conn.poll(self.seconds):
                self.close()
                return ParserFailed(
                    f"the parser took longer than {self.seconds:g} s "
                    "(limits.parse_seconds) on this message and was stopped"
                )
            reply: Outcome | ParserFailed = conn.recv()
            return reply
        except (EOFError, OSError):
            return ParserFailed(f"the parser process ended ({self._ended()}) on this message")
        except Exception as exc:  # the answer did not unpickle
            self.close()
            return ParserFailed(describe(exc))

    def _ended(self) -> str:
        """How the child ended (it is gone: reaped, and forgotten)."""
        child = self.child
        if child is not None:
            child.join(5)
        code = child.exitcode if child is not None else None
        self.close()
        if code is None:
            return "unknown cause"
        return f"signal {-code}" if code < 0 else f"exit code {code}"

    def close(self) -> None:
        """Stop the child (at once: it holds nothing that needs saving)."""
        conn, self.conn = self.conn, None
        child, self.child = self.child, None
        if conn is not None:
            conn.close()
        if child is not None:
            if child.exitcode is None:
                child.kill()
            child.join()
