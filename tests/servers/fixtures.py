"""Fixtures that start real servers on loopback (Dovecot, SMTP) and a real Chromium.

Each server module defines its own fixtures; this file only collects them.
"""

from tests.servers.browser import (  # noqa: F401  (session Chromium, fresh context per test)
    browser_context,
    chromium_browser,
    playwright_driver,
    web_page,
)
from tests.servers.dovecot import dovecot  # noqa: F401  (session-scoped real Dovecot)
from tests.servers.smtp import (  # noqa: F401  (a real SMTP server per test)
    _smtp_cert,
    smtp_server,
)
from tests.servers.web import browser_sites  # noqa: F401  (built test sites served on loopback)
