"""The parser (:func:`intake.parse.receive`) in a child process, with a time budget per message.

A message that crashes the parser's process (a fault in a C library, the OOM killer) or keeps it
busy past ``limits.parse_seconds`` must not stop the fetch: the child is killed, the message is
quarantined (``parser-error``) and a new child reads the next one. That isolation is what the
process is for; the parser is pure, so nothing but the message and its outcome cross the pipe.

The child is forked from the fetch when the first message is read (a fetch with no new mail
starts none), so it inherits the loaded code, the configuration and, in tests, an injected
parser. Messages go one at a time; while the fetch stores one outcome, the child may already
parse the next message (:meth:`ParserProcess.ahead`).
"""

from __future__ import annotations

import contextlib
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
    """The child's loop: a message in, its outcome (or the parser's error) out, with its number.
    (The parent's end of the pipe, inherited, is closed: when the parent ends, even killed, the
    child reads the end of the pipe and ends too.)"""
    parents.close()
    while True:
        try:
            number, raw, arrived = conn.recv()
        except EOFError:  # the fetch is over
            return
        try:
            reply: Outcome | ParserFailed = receive(raw, config, arrived=arrived)
        except Exception as exc:  # quarantined as parser-error; the next message goes on
            reply = ParserFailed(describe(exc))
        conn.send((number, reply))


class ParserProcess:
    """One child process parsing messages, restarted after a crash or a timeout.

    At most one message is in the child at a time (so neither side can block the other on a full
    pipe): the one handed over by :meth:`ahead`, which :meth:`parse` then waits for. A message
    handed over but never asked for (it turned out to be a duplicate) has its answer dropped.
    """

    def __init__(self, config: Config, receive: Receiver | None = None) -> None:
        self.config = config
        self.receive = receive
        self.seconds = config.limits.parse_seconds
        self.conn: Connection | None = None
        self.child: BaseProcess | None = None
        self.numbers = 0
        self.inside: tuple[int, bytes] | None = None  # (number, message) in the child

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

    def ahead(self, raw: bytes, arrived: datetime) -> None:
        """Hand ``raw`` to the child now, when it is idle; :meth:`parse` takes the answer."""
        if self.inside is not None:
            return
        conn = self._start()
        self.numbers += 1
        self.inside = (self.numbers, raw)
        with contextlib.suppress(OSError):  # the child is gone: parse() finds out and says so
            conn.send((self.numbers, raw, arrived))

    def parse(self, raw: bytes, arrived: datetime) -> Outcome | ParserFailed:
        """The outcome of ``raw``, or why the parser gave none (the child is replaced then)."""
        if self.inside is not None and self.inside[1] is not raw:
            self._answer()  # another message's: dropped
        self.ahead(raw, arrived)
        return self._answer()

    def _answer(self) -> Outcome | ParserFailed:
        """The answer for the message in the child."""
        assert self.inside is not None and self.conn is not None
        number, self.inside = self.inside[0], None
        conn = self.conn
        try:
            if not conn.poll(self.seconds):
                self.close()
                return ParserFailed(
                    f"the parser took longer than {self.seconds:g} s "
                    "(limits.parse_seconds) on this message and was stopped"
                )
            answered, reply = conn.recv()
        except (EOFError, OSError):
            return ParserFailed(f"the parser process ended ({self._ended()}) on this message")
        except Exception as exc:  # the answer did not unpickle
            self.close()
            return ParserFailed(describe(exc))
        assert answered == number
        result: Outcome | ParserFailed = reply
        return result

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
        self.inside = None
        if conn is not None:
            conn.close()
        if child is not None:
            if child.exitcode is None:
                child.kill()
            child.join()
