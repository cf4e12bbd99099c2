"""Fixtures that start real servers on loopback (Dovecot, SMTP) and a real Chromium.

Each server module defines its own fixtures; this file only collects them.
"""

from tests.servers.dovecot import dovecot  # noqa: F401  (session-scoped real Dovecot)
