"""A throwaway Dovecot on loopback: plaintext (STARTTLS-capable) and SSL listeners.

Used by the IMAP tests (session-scoped fixture ``dovecot``) and by ``bench/bench_intake.py``
(``start_dovecot()`` / ``DovecotServer.stop()``).

Dovecot refuses mail access as root, and its helper processes run as the ``dovecot``/``dovenull``
users, so the server lives in a world-enterable temp dir (not pytest's 0700 ``tmp_path``) and every
mail user is mapped to an unprivileged system uid (``nobody`` by default).
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from imapclient import IMAPClient

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"
PASSWORD = "s3cret-pass"
POOL = 400  # mail users written to the passwd file at start


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _mail_ids() -> tuple[str, str, int, int]:
    """An unprivileged user/group for mail storage (root is refused by Dovecot)."""
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.geteuid())
        return user.pw_name, grp.getgrgid(os.getegid()).gr_name, user.pw_uid, os.getegid()
    for name in ("nobody", "mail", "daemon"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return name, grp.getgrgid(user.pw_gid).gr_name, user.pw_uid, user.pw_gid
    raise RuntimeError(
        "no unprivileged system user (nobody/mail/daemon) for Dovecot's mail storage"
    )


def _wait_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.5),
        ):
            return
        time.sleep(0.05)
    raise RuntimeError(f"Dovecot did not start listening on 127.0.0.1:{port}")


@dataclass
class DovecotServer:
    """A running Dovecot. ``user()`` makes a fresh mail user (its own empty mailbox)."""

    root: Path
    config: Path
    port: int  # plaintext IMAP (STARTTLS offered)
    ssl_port: int  # implicit TLS
    cert: Path
    uid: int
    gid: int
    users: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def user(self) -> str:
        """A fresh mail user with an empty mailbox (password: ``PASSWORD``).

        Users come from a pool written to the passwd file at start: Dovecot re-reads that file
        at most once a second, so users added on the fly are not seen at once.
        """
        if len(self.users) >= POOL:
            raise RuntimeError(
                f"all {POOL} test users are taken; raise POOL in tests/servers/dovecot.py"
            )
        name = f"user{len(self.users) + 1:03d}"
        self.users.append(name)
        return name

    def client(self, username: str, *, security: str = "none") -> IMAPClient:
        """A logged-in imapclient connection (``none``, ``starttls`` or ``ssl``)."""
        context = ssl.create_default_context(cafile=str(self.cert))
        if security == "ssl":
            client = IMAPClient(
                self.host, port=self.ssl_port, ssl=True, ssl_context=context, timeout=10
            )
        else:
            client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
            if security == "starttls":
                client.starttls(context)
        client.login(username, PASSWORD)
        return client

    @contextlib.contextmanager
    def session(self, username: str) -> Iterator[IMAPClient]:
        client = self.client(username)
        try:
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def append(self, username: str, messages: Iterable[bytes], folder: str = "INBOX") -> int:
        """APPEND raw messages to ``folder`` (created when missing); returns how many."""
        count = 0
        with self.session(username) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)
                count += 1
        return count

    def folders(self, username: str) -> list[str]:
        with self.session(username) as client:
            return sorted(name for _flags, _delim, name in client.list_folders())

    def counts(self, username: str) -> dict[str, int]:
        """Messages per folder (every folder, even empty ones)."""
        out: dict[str, int] = {}
        with self.session(username) as client:
            for _flags, _delim, name in client.list_folders():
                out[name] = int(client.folder_status(name, [b"MESSAGES"])[b"MESSAGES"])
        return out

    def messages(self, username: str, folder: str) -> list[bytes]:
        """The raw bytes of every message in ``folder``, in UID order."""
        with self.session(username) as client:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            if not uids:
                return []
            data = client.fetch(uids, [b"BODY.PEEK[]"])
            return [data[uid][b"BODY[]"] for uid in sorted(data)]

    def uidvalidity(self, username: str, folder: str = "INBOX") -> int:
        with self.session(username) as client:
            return int(client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])

    def recreate(self, username: str, folder: str = "INBOX") -> None:
        """Rebuild ``folder`` with the same messages and a new UIDVALIDITY (a server migration)."""
        raws = self.messages(username, folder)
        with self.session(username) as client:
            before = int(client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])
            if folder.upper() == "INBOX":
                # INBOX cannot be deleted: empty it and have Dovecot forget its UID list.
                client.select_folder(folder)
                uids = client.search("ALL")
                if uids:
                    client.delete_messages(uids)
                    client.uid_expunge(uids)
                client.close_folder()
            else:
                client.delete_folder(folder)
                client.create_folder(folder)
        if folder.upper() == "INBOX":
            self._reset_inbox_uidvalidity(username, before)
        self.append(username, raws, folder)
        if self.uidvalidity(username, folder) == before:
            raise RuntimeError("recreating the folder did not change its UIDVALIDITY")

    def _reset_inbox_uidvalidity(self, username: str, before: int) -> None:
        maildir = self.root / "home" / username / "Maildir"
        for name in (
            "dovecot-uidlist",
            "dovecot.index",
            "dovecot.index.log",
            "dovecot.index.cache",
            "dovecot.index.log.2",
        ):
            with contextlib.suppress(FileNotFoundError):
                (maildir / name).unlink()
        # Dovecot picks the UIDVALIDITY from the clock; make sure it differs from the old one.
        while int(time.time()) <= before:
            time.sleep(0.2)

    def kick(self, username: str, *, wait: bool = True) -> None:
        """Drop every IMAP connection of ``username`` (a lost connection, server side), and
        return once they are gone: ``doveadm kick`` only signals them, and a busy machine
        could still answer a command or two on the old connection. ``wait=False``: return at
        once (a client that reconnects by itself, such as ``intake watch``, is never gone)."""
        subprocess.run(
            [DOVEADM, "-c", str(self.config), "kick", username],
            check=True,
            capture_output=True,
            timeout=10,
        )
        if not wait:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            who = subprocess.run(
                [DOVEADM, "-c", str(self.config), "who", "-1", username],
                capture_output=True,
                text=True,
                timeout=10,
            )
            if not any(line.split()[:1] == [username] for line in who.stdout.splitlines()):
                return
            time.sleep(0.01)
        raise AssertionError(f"{username}'s IMAP connections still open 10 s after a kick")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(Exception):
            subprocess.run(
                [DOVEADM, "-c", str(self.config), "stop"],
                check=False,
                timeout=10,
                capture_output=True,
            )
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
mail_privileged_group =
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
  process_min_avail = 1
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


def _make_cert(root: Path) -> None:
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(root / "key.pem"),
            "-out",
            str(root / "cert.pem"),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


def start_dovecot(root: Path | None = None) -> DovecotServer:
    """Start Dovecot in ``root`` (a new temp dir by default) and wait until both ports listen."""
    if not Path(DOVECOT).exists():
        raise RuntimeError(f"{DOVECOT} not found: install Dovecot (make system-deps)")
    root = root or Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
    root.chmod(0o755)
    user, group, uid, gid = _mail_ids()
    for sub in ("run", "state", "home"):
        (root / sub).mkdir(exist_ok=True)
        (root / sub).chmod(0o755)
    os.chown(root / "home", uid, gid)
    (root / "passwd").write_text(
        "".join(
            f"user{i:03d}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{root}/home/user{i:03d}::\n"
            for i in range(1, POOL + 1)
        ),
        encoding="utf-8",
    )
    (root / "passwd").chmod(0o644)
    _make_cert(root)
    (root / "key.pem").chmod(0o644)
    port, ssl_port = _free_port(), _free_port()
    is_root = os.geteuid() == 0
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            root=root,
            port=port,
            ssl_port=ssl_port,
            internal_user="dovecot" if is_root else user,
            internal_group="dovecot" if is_root else group,
            login_user="dovenull" if is_root else user,
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    server = DovecotServer(
        root=root,
        config=config,
        port=port,
        ssl_port=ssl_port,
        cert=root / "cert.pem",
        uid=uid,
        gid=gid,
        process=process,
    )
    try:
        deadline = time.monotonic() + 20
        _wait_port(port, deadline)
        _wait_port(ssl_port, deadline)
    except RuntimeError:
        process.kill()
        _, err = process.communicate(timeout=10)
        raise RuntimeError(
            f"Dovecot failed to start: {err.decode(errors='replace')}\n{server.log()}"
        ) from None
    return server


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One Dovecot for the whole session; each test takes its own user with ``dovecot.user()``."""
    server = start_dovecot()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@contextlib.contextmanager
def bench_dovecot(base: Path, prefix: str, keep: bool) -> Iterator[tuple[DovecotServer, Path]]:
    """For the benchmarks: a work folder under ``base`` (on the disk a deployment writes to)
    with a Dovecot of its own in it; both removed at the end unless ``keep``."""
    base.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    work.chmod(0o755)  # Dovecot's mail user must be able to enter it
    (work / "dovecot").mkdir()
    server = start_dovecot(work / "dovecot")
    try:
        yield server, work
    finally:
        server.stop()
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(server.root, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
