"""A throwaway static web server on loopback that serves a built ``site/`` like the README says.

The README tells the operator to serve ``site/`` with any web server and to give calendar feeds
the content type ``text/calendar; charset=utf-8`` (nginx ``default_type`` in a ``\\.ics$``
location, Apache ``AddType``). This server applies the same mapping, so the browser tests check
what a correctly configured intranet server sends.

The site is mounted under a path prefix (``/sosyal-medya/`` for the demo's ``site.url``), as it
is on the intranet, so absolute links built from ``site_url`` only need their scheme and host
rewritten to reach this server.
"""

from __future__ import annotations

import contextlib
import mimetypes
import posixpath
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

# The one mapping the README asks the operator to configure, plus what MkDocs emits. Anything
# else falls back to Python's table (and application/octet-stream).
MIME_TYPES: dict[str, str] = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}


class _Handler(SimpleHTTPRequestHandler):
    """Serves files under ``directory`` below ``prefix``; no directory listings."""

    prefix = "/"

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file")
        route = "/" + route[len(self.prefix) :]
        route = posixpath.normpath(route)
        parts = [p for p in route.split("/") if p and p not in (".", "..")]
        target = Path(self.directory, *parts)
        if path.split("?", 1)[0].endswith("/") or target.is_dir():
            target = target / "index.html"
        return str(target)

    def list_directory(self, path: str | Any) -> None:  # type: ignore[override]
        self.send_error(404, "no directory listing")
        return

    def guess_type(self, path: str | Any) -> str:
        suffix = Path(str(path)).suffix.lower()
        if suffix in MIME_TYPES:
            return MIME_TYPES[suffix]
        guessed, _ = mimetypes.guess_type(str(path))
        return guessed or "application/octet-stream"

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log.append(format % args)  # type: ignore[attr-defined]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    log: list[str]


@dataclass
class StaticSite:
    """A running server: ``url`` is the site's base URL (ends with ``/``)."""

    root: Path
    prefix: str
    host: str
    port: int
    server: _Server = field(repr=False)
    thread: threading.Thread = field(repr=False)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}{self.prefix}"

    @property
    def log(self) -> list[str]:
        return self.server.log

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_site(root: Path, prefix: str = "/") -> StaticSite:
    """Start serving ``root`` at ``http://127.0.0.1:<free port><prefix>``."""
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    handler = partial(_Handler, directory=str(root), prefix=prefix)
    server = _Server(("127.0.0.1", 0), handler)
    server.log = []
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name=f"web:{port}", daemon=True)
    thread.start()
    return StaticSite(
        root=root, prefix=prefix, host="127.0.0.1", port=int(port), server=server, thread=thread
    )


@contextlib.contextmanager
def serving(root: Path, prefix: str = "/") -> Iterator[StaticSite]:
    site = serve_site(root, prefix)
    try:
        yield site
    finally:
        site.stop()


# ---------------------------------------------------------------------------------------------
# A small fixed site, built once per crisis state and served for the browser tests
# ---------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "tests" / "fixtures" / "site" / "dataset.yml"
SITE_URL = "https://intranet.example.gov.tr/sosyal-medya/"
SITE_PREFIX = urlsplit(SITE_URL).path
# Generated pages (Makefile `clean-demo`): never copied from the work tree into a test project.
GENERATED = {
    "submissions",
    "calendar",
    "agenda",
    "approved",
    "office",
    "units",
    "reshares",
    "index.md",
}

# Every page type of the spec's Site table, as paths below the site's base URL. The week pages
# are the dataset's "this week".
WEEK = "2026-W49"
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "calendar-index": "calendar/",
    "calendar-week": f"calendar/{WEEK}/",
    "calendar-month": "calendar/2026-12/",
    "approved": "approved/",
    "agenda-index": "agenda/",
    "agenda-week": f"agenda/{WEEK}/",
    "crisis": "crisis/",
    "units": "units/",
    "reshares": "reshares/",
    "guide": "guide/",
    "office": "office/",
}

# The crisis states the browser tests look at: docs/crisis.md front matter `crisis:`.
CRISES: dict[str, dict[str, Any]] = {
    "none": {
        "active": False,
        "scope": "national",
        "topics": [],
        "since": None,
        "until": None,
        "title": "",
    },
    "national": {
        "active": True,
        "scope": "national",
        "topics": [],
        "since": "2026-12-01T12:00:00+03:00",
        "until": None,
        "title": "Deprem nedeniyle planlı paylaşımlar durduruldu",
    },
    "field": {
        "active": True,
        "scope": "field",
        "topics": ["deprem"],
        "since": "2026-11-30T00:00:00+03:00",
        "until": None,
        "title": "Deprem konulu paylaşımlar durduruldu",
    },
}


def load_dataset() -> dict[str, Any]:
    from intake.store import load_yaml

    data: dict[str, Any] = load_yaml(DATASET.read_text(encoding="utf-8"))
    return data


@dataclass
class BuiltSite:
    """One temporary project, built with ``intake build`` and served on loopback."""

    name: str
    project: Path
    config_path: Path
    site_dir: Path
    server: StaticSite | None = None
    build_seconds: float = 0.0
    command: str = "build"  # `intake build --force`, or `run --force` (fetch + build) for the demo

    def url(self, path: str = "") -> str:
        assert self.server is not None, "site is not being served"
        return self.server.url + path.lstrip("/")

    def to_loopback(self, url: str) -> str:
        """Rewrite a link built from ``site_url`` (https:// or webcal://) to this server."""
        assert self.server is not None
        for scheme in ("https://", "http://", "webcal://"):
            base = scheme + urlsplit(SITE_URL).netloc
            if url.startswith(base):
                return self.server.origin + url[len(base) :]
        return url


def make_project(dest: Path, crisis: dict[str, Any], *, demo_mailbox: bool = False) -> BuiltSite:
    """Copy mkdocs.yml, templates/, calendar/ and the hand-written docs into ``dest``, write the
    dataset's submissions with SubmissionStore (or, with ``demo_mailbox``, read the demo's
    Maildir samples/mailbox instead, as `make site` does) and a docs/crisis.md with ``crisis``."""
    import shutil

    from intake.model import Submission
    from intake.store import SubmissionStore, dump_yaml, load_yaml, split_front_matter

    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("templates", "calendar"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder)
    docs = dest / "docs"
    docs.mkdir()
    if (ROOT / "docs").is_dir():
        for entry in (ROOT / "docs").iterdir():
            if entry.name in GENERATED:
                continue
            if entry.is_dir():
                shutil.copytree(entry, docs / entry.name)
            else:
                shutil.copy2(entry, docs / entry.name)
    (dest / "mailbox" / "new").mkdir(parents=True)
    for sub in ("cur", "tmp"):
        (dest / "mailbox" / sub).mkdir()

    demo = load_yaml((ROOT / "samples" / "intake.yml").read_text(encoding="utf-8"))
    demo["mailbox"] = {"maildir": str(ROOT / "samples" / "mailbox") if demo_mailbox else "mailbox"}
    demo["paths"] = {
        "docs": "docs",
        "site": "site",
        "state": ".intake",
        "outbox": "outbox",
        "templates": "templates",
        "calendar": "calendar",
        "mkdocs_yml": "mkdocs.yml",
    }
    demo["site"] = {**demo.get("site", {}), "url": SITE_URL}
    config_path = dest / "intake.yml"
    config_path.write_text(dump_yaml(demo), encoding="utf-8")

    units = {u["id"] for u in demo["units"]}
    store = SubmissionStore(docs / "submissions", known_units=units)
    (docs / "submissions").mkdir(exist_ok=True)
    for raw in [] if demo_mailbox else load_dataset()["submissions"]:
        sub, problems = Submission.from_front_matter(raw, f"dataset {raw.get('id')}", units)
        if sub is None:
            raise ValueError(f"{DATASET}: {problems}")
        store.write(sub)

    posts = [] if demo_mailbox else load_dataset().get("ministry_posts", [])
    if posts:
        (dest / "calendar" / "ministry-posts.yml").write_text(dump_yaml(posts), encoding="utf-8")

    crisis_md = docs / "crisis.md"
    front: dict[str, Any] = {}
    body = "Kriz dönemlerinde planlı paylaşımlar bu sayfadaki duyuruya göre durdurulur.\n"
    if crisis_md.is_file():
        parts = split_front_matter(crisis_md.read_text(encoding="utf-8"))
        if parts is not None:
            front = load_yaml(parts[0]) or {}
            body = parts[1]
    front["crisis"] = crisis
    front.pop("past", None)
    crisis_md.write_text(f"---\n{dump_yaml(front)}---\n{body}", encoding="utf-8")
    return BuiltSite(
        name=dest.name,
        project=dest,
        config_path=config_path,
        site_dir=dest / "site",
        command="run" if demo_mailbox else "build",
    )


def build_all(sites: list[BuiltSite], now: str) -> None:
    """Run ``intake build --force`` (``run --force`` for the demo) for every project at once,
    in separate processes."""
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "INTAKE_NOW": now, "TZ": "Europe/Istanbul", "LC_ALL": "C.UTF-8"}
    env.pop("INTAKE_CONFIG", None)
    started = time.monotonic()
    procs = [
        (
            site,
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "intake.cli",
                    "--config",
                    str(site.config_path),
                    site.command,
                    "--force",
                ],
                cwd=site.project,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for site in sites
    ]
    failures = []
    for site, proc in procs:
        out, err = proc.communicate(timeout=600)
        code = proc.returncode
        if site.command == "run" and code == 0:
            # as `make site`: the demo office's decisions (samples/decisions.yml), then a build
            for then in (
                [sys.executable, str(ROOT / "samples" / "decide.py"), str(site.config_path)],
                [sys.executable, "-m", "intake.cli", "--config", str(site.config_path), "build"],
            ):
                done = subprocess.run(
                    then, cwd=site.project, env=env, capture_output=True, text=True, check=False
                )
                out, err, code = out + done.stdout, err + done.stderr, done.returncode
                if code != 0:
                    break
        site.build_seconds = time.monotonic() - started
        if code != 0 or not (site.site_dir / "index.html").is_file():
            failures.append(
                f"--- {site.name}: intake {site.command} exited {code}\n"
                f"{out[-3000:]}\n{err[-6000:]}"
            )
    if failures:
        raise RuntimeError("building the browser-test sites failed:\n" + "\n".join(failures))


@pytest.fixture(scope="session")
def browser_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, BuiltSite]]:
    """The dataset built once per crisis state (``none``, ``national``, ``field``), plus
    ``demo``: the demo mailbox read and built like `make site` (no crisis); all built at once,
    each served on its own loopback port below ``/sosyal-medya/``."""
    base = tmp_path_factory.mktemp("browser-sites")
    sites = {name: make_project(base / name, crisis) for name, crisis in CRISES.items()}
    sites["demo"] = make_project(base / "demo", CRISES["none"], demo_mailbox=True)
    build_all(list(sites.values()), load_dataset()["now"])
    for site in sites.values():
        site.server = serve_site(site.site_dir, SITE_PREFIX)
    try:
        yield sites
    finally:
        for site in sites.values():
            if site.server is not None:
                site.server.stop()
