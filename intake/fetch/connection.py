"""The life of a mail source's connection, apart from what one pass over the mailbox does with
it: opened once, opened again after a loss with a growing pause (at most ``retries`` times in
one fetch), closed at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from intake.errors import IntakeError
from intake.fetch import Source, SourceLost

RECONNECTS = 2  # per fetch
BACKOFF = 1.0  # seconds before the first reconnect; doubled for each next one


class Connection:
    def __init__(
        self,
        source: Source,
        *,
        retries: int = RECONNECTS,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.source = source
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.reconnects = 0

    def open(self) -> list[str]:
        """Connect; returns the source's warnings. Raises IntakeError (unreachable, login …)."""
        return self.source.open()

    def reconnect(self, lost: SourceLost) -> str | None:
        """After ``lost``: open the connection again, after a pause. None when it is open
        again; else why not (the fetch stops there and the rest is read on the next run)."""
        if self.reconnects >= self.retries:
            return f"the connection to the mail server was lost ({lost})"
        self.reconnects += 1
        self.source.close()
        self.sleep(self.backoff * 2 ** (self.reconnects - 1))
        try:
            self.source.open()
        except IntakeError as again:
            return f"could not reconnect after a lost connection ({lost}): {again}"
        return None

    def close(self) -> None:
        self.source.close()
