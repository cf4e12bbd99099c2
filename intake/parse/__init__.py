"""Understanding one message: ``receive(raw, config, arrived=…)`` → one :class:`Outcome`.

Pure: no file or network I/O, never raises (an unexpected exception → quarantined with reason
``parser-error``). The pipeline writes the submission and attachments and moves the message.
Reason codes are listed in :mod:`intake.parse.reasons`.
"""

from __future__ import annotations

from datetime import datetime

from intake.config import Config
from intake.outcome import Outcome
from intake.parse import reasons
from intake.parse.receive import Reading, receive_message
from intake.timeutil import TZ

__all__ = ["Reading", "reasons", "receive"]


def receive(
    raw: bytes, config: Config, *, arrived: datetime, reading: Reading | None = None
) -> Outcome:
    """Turn one raw message into exactly one outcome (see :mod:`intake.parse.reasons`).

    ``reading``, when given, is filled in with how the message was read (``intake explain``)."""
    try:
        when = arrived.replace(tzinfo=TZ) if arrived.tzinfo is None else arrived.astimezone(TZ)
        return receive_message(bytes(raw), config, when, reading)
    except RecursionError:
        return Outcome(
            outcome="quarantined",
            reason=reasons.TOO_COMPLEX,
            detail="the MIME structure is nested too deeply to read",
        )
    except Exception as exc:
        summary = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        return Outcome(
            outcome="quarantined", reason=reasons.PARSER_ERROR, detail=f"parser error: {summary}"
        )
