"""A throwaway SMTP server on loopback (aiosmtpd's controller) that keeps what it receives.

``smtp_server`` (a fixture) starts one per test: plain with STARTTLS offered (``port``); with
``smtp_server(ssl=True)`` implicit TLS. Its certificate is made like Dovecot's (``cert``, for the
client's ``ca_file``). Set ``mode`` to simulate trouble: ``"refuse"`` answers every message with a
temporary failure (451), ``"drop"`` closes the connection at DATA; ``stop()`` takes it off the
network (connection refused) and ``start()`` brings it back on the same port.
"""

from __future__ import annotations

import email
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any, Literal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers.dovecot import _free_port, _make_cert

USER = "sosyalmedya"
PASSWORD = "smtp-s3cret"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class _Handler:
    server: SmtpServer

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.server.mode == "refuse":
            return "451 4.3.0 try again later"
        if self.server.mode == "drop":
            session.transport.close()
            return "421 4.3.0 closing"
        self.server.received.append(
            Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.content))
        )
        return "250 2.0.0 OK"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    root: Path
    ssl: bool = False
    port: int = field(default_factory=_free_port)
    mode: Literal["accept", "refuse", "drop"] = "accept"
    received: list[Received] = field(default_factory=list)
    controller: Controller | None = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def cert(self) -> Path:
        return self.root / "cert.pem"

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert), str(self.root / "key.pem"))
        return context

    def start(self) -> None:
        context = self._context()
        kwargs: dict[str, Any] = {
            "authenticator": _authenticate,
            "auth_require_tls": not self.ssl,
        }
        if self.ssl:
            self.controller = Controller(
                _Handler(self),
                hostname=self.host,
                port=self.port,
                ssl_context=context,
                **kwargs,
            )
        else:
            kwargs["tls_context"] = context
            self.controller = Controller(
                _Handler(self), hostname=self.host, port=self.port, **kwargs
            )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self) -> list[EmailMessage]:
        return [each.message() for each in self.received]

    def config(self, security: str = "none", *, login: bool = False) -> dict[str, Any]:
        """The ``smtp:`` section of an intake.yml that sends through this server."""
        data: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": security,
            "from": "sosyalmedya@example.gov.tr",
            "timeout": 5,
            "ca_file": str(self.cert),
        }
        if login:
            data["username"] = USER
            data["password_env"] = "INTAKE_TEST_SMTP_PASSWORD"
        return data


@pytest.fixture(scope="session")
def _smtp_cert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One certificate (for 127.0.0.1) for every SMTP server of the session."""
    root = tmp_path_factory.mktemp("smtp-cert")
    _make_cert(root)
    return root


@pytest.fixture
def smtp_server(_smtp_cert: Path) -> Iterator[Callable[..., SmtpServer]]:
    """``smtp_server(ssl=False)``: a started server, stopped after the test."""
    started: list[SmtpServer] = []

    def start(*, ssl: bool = False) -> SmtpServer:
        server = SmtpServer(_smtp_cert, ssl=ssl)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
