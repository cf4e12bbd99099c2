"""``intake build``: generated pages + feeds + ``mkdocs build``, skipped when nothing changed.

Steps: load the submissions (broken files are listed on the office page and skipped), the crisis
notice (an invalid one fails the build: a half-applied crisis is worse than none), the meeting
series and the planned posts; render the pages (:func:`intake.render.site.render_site`); write
the ICS feeds; run MkDocs in-process, strictly (any MkDocs warning fails the build), into a
temporary folder beside ``site/`` that then replaces ``site/`` (a web server never serves a
half-built site).

**The crisis banner** reaches Material's ``announce`` block through ``config.extra``: after
loading ``mkdocs.yml`` this module sets ``extra.intake_crisis`` (the active crisis' title and
scope, or nothing) and ``extra.intake_crisis_page`` (the current and past notices, shown on
``/crisis/`` around the office's hand-written text). ``templates/overrides/main.html`` reads
both. A plain ``mkdocs build`` therefore shows no banner: build with ``intake build``.

**Incremental**: a stamp of every input (file names, sizes and mtimes under ``docs/`` except the
files we generate, ``intake.yml``, ``meeting.yml``, ``mkdocs.yml``, ``templates/``, the renderer
code, and today's date, since pages say "this week") is kept in the state folder; when it has not
changed and ``site/`` exists, the build does nothing.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import logging
import multiprocessing
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake import __version__
from intake.config import Config
from intake.errors import BuildError, SubmissionFileError
from intake.render.site import read_manifest, write_generated, write_manifest
from intake.store import SubmissionStore, atomic_write
from intake.timeutil import TZ
from intake.timeutil import now as clock

if TYPE_CHECKING:  # the rest is imported when a build runs: an idle `intake run` stays fast
    from intake.crisis import Crisis, CrisisNotice
    from intake.meeting import Meeting
    from intake.model import Submission
    from intake.render.context import SiteContext

Progress = Callable[[int, int], None]
STAMP = "build-stamp.txt"
STEPS = 5


@dataclass
class BuildReport:
    skipped: bool = False
    pages: int = 0
    submissions: int = 0
    broken: tuple[str, ...] = ()
    seconds: float = 0.0
    load_seconds: float = 0.0
    render_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    cpu_seconds: tuple[float, float, float] = (0.0, 0.0, 0.0)  # load, render, mkdocs (CPU time)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.skipped:
            return "site up to date (no input changed)"
        broken = f"; {len(self.broken)} broken submission file(s) skipped" if self.broken else ""
        return (
            f"built {self.pages} pages from {self.submissions} submissions "
            f"in {self.seconds:.1f} s{broken}"
        )


# --------------------------------------------------------------------------- inputs


def load_context(config: Config, now: datetime | None = None) -> SiteContext:
    """Read every input of the site. Raises CrisisError/MeetingError on an invalid notice/series."""
    from intake.crisis import load_crisis
    from intake.render.context import SiteContext
    from intake.schedule import planned_posts

    docs = config.paths.docs
    crisis = load_crisis(docs / "crisis.md")
    meeting = _load_meeting(config)
    submissions, broken = load_submissions(config)
    posts = planned_posts(submissions, crisis)
    return SiteContext(
        config=config,
        submissions=tuple(submissions),
        posts=tuple(posts),
        crisis=crisis,
        meeting=meeting,
        now=(now or clock()).astimezone(TZ),
        broken=tuple(broken),
    )


def load_submissions(config: Config) -> tuple[list[Submission], list[str]]:
    """Every valid submission (file-name order) and the one-line error of every broken file.

    Parsed files are cached in ``<state>/submissions.cache`` by name, size and mtime (YAML parsing
    was most of a rebuild's load time on years of data); a changed file, a new intake version or
    a changed list of units re-reads it. The cache is ours, written only by this function.
    """
    known = {u.id for u in config.units}
    store = SubmissionStore(config.paths.docs / "submissions", known)
    code = Path(__file__).parent
    key = (
        __version__,
        tuple(sorted(known)),
        *((p.name, p.stat().st_mtime_ns) for p in (code / "model.py", code / "store.py")),
    )
    cache_path = config.paths.state / "submissions.cache"
    cache: dict[str, tuple[int, int, Submission | str]] = {}
    with contextlib.suppress(Exception):  # a missing, old or damaged cache is simply rebuilt
        stored_key, stored = pickle.loads(cache_path.read_bytes())  # noqa: S301 - our own file
        if stored_key == key:
            cache = stored
    fresh: dict[str, tuple[int, int, Submission | str]] = {}
    misses: list[Path] = []
    for path in store.paths():
        st = path.stat()
        hit = cache.get(path.name)
        if hit is not None and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
            fresh[path.name] = hit
        else:
            misses.append(path)
            fresh[path.name] = (st.st_mtime_ns, st.st_size, "")
    for path, value in zip(misses, _parse_all(store, misses), strict=True):
        mtime, size, _ = fresh[path.name]
        fresh[path.name] = (mtime, size, value)
    submissions = [v for _, _, v in fresh.values() if not isinstance(v, str)]
    broken = [v for _, _, v in fresh.values() if isinstance(v, str)]
    if misses or len(fresh) != len(cache):
        write_generated(cache_path, pickle.dumps((key, fresh), protocol=pickle.HIGHEST_PROTOCOL))
    return submissions, broken


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


PARALLEL_FROM = 400  # files to parse before a second process pays for itself


def _parse(store: SubmissionStore, path: Path) -> Submission | str:
    try:
        return store.read(path)
    except SubmissionFileError as exc:
        return str(exc)


def _parse_chunk(args: tuple[SubmissionStore, list[Path]]) -> list[Submission | str]:
    store, paths = args
    return [_parse(store, p) for p in paths]


def _parse_all(store: SubmissionStore, paths: list[Path]) -> list[Submission | str]:
    """Parse ``paths`` in order; a cold start on years of files uses every CPU."""
    workers = min(os.cpu_count() or 1, 4)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [_parse(store, p) for p in paths]
    size = -(-len(paths) // workers)
    chunks = [(store, paths[i : i + size]) for i in range(0, len(paths), size)]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        return [value for chunk in pool.map(_parse_chunk, chunks) for value in chunk]


def _load_meeting(config: Config) -> Meeting | None:
    """The agenda-meeting series; none when ``calendar/meeting.yml`` does not exist."""
    from intake.meeting import load_meeting

    path = config.paths.calendar / "meeting.yml"
    if not path.exists():
        return None
    return load_meeting(path)


def _write_feeds(ctx: SiteContext) -> list[Path]:
    from intake.render.feeds import write_feeds

    return write_feeds(ctx, ctx.config.paths.docs)


# --------------------------------------------------------------------------- stamp


def _files(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of every file under ``root``, in sorted order; hidden dirs skipped."""
    stack = [root]
    out: list[tuple[str, os.stat_result]] = []
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    stack.append(Path(entry.path))
            elif entry.is_file():
                out.append((Path(entry.path).relative_to(root).as_posix(), entry.stat()))
    out.sort(key=lambda pair: pair[0])
    yield from out


def input_stamp(config: Config, now: datetime) -> str:
    """A digest of everything the built site depends on (see the module docstring)."""
    digest = hashlib.sha256()

    def add(label: str, root: Path, skip: set[str] | None = None) -> None:
        for rel, st in _files(root):
            if skip and rel in skip:
                continue
            digest.update(f"{label}/{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())

    def add_file(label: str, path: Path) -> None:
        try:
            st = path.stat()
        except FileNotFoundError:
            digest.update(f"{label}\0missing\n".encode())
            return
        digest.update(f"{label}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())

    digest.update(f"intake {__version__}\0day {now.astimezone(TZ).date().isoformat()}\n".encode())
    add("docs", config.paths.docs, read_manifest(config.paths.state))
    add("templates", config.paths.templates)
    add("calendar", config.paths.calendar)
    add("code", Path(__file__).parent / "render")
    add_file("build.py", Path(__file__))
    add_file("config", config.path)
    add_file("mkdocs.yml", config.paths.mkdocs_yml)
    return digest.hexdigest()


def _site_exists(config: Config) -> bool:
    return (config.paths.site / "index.html").is_file()


# --------------------------------------------------------------------------- mkdocs


def _crisis_extra(notice: CrisisNotice) -> tuple[dict[str, str] | None, dict[str, Any]]:
    from intake.render import turkish

    def view(c: Crisis) -> dict[str, str]:
        return {
            "title": c.title,
            "scope": "Ulusal kriz" if c.scope == "national" else "Alan krizi",
            "topics": ", ".join(c.topics),
            "since": turkish.date_time(c.since) if c.since else "",
            "until": turkish.date_time(c.until) if c.until else "",
            "status": "Sürüyor" if c.active else "Sona erdi",
        }

    active = notice.active
    banner = None
    if active is not None:
        banner = {
            "title": active.title,
            "scope": view(active)["scope"],
            "since": view(active)["since"],
        }
    current = view(notice.current) if notice.current and notice.current.marks_posts else None
    page = {"current": current, "past": [view(c) for c in notice.past]}
    return banner, page


def _fix_nav(nav: Any, docs: Path) -> Any:
    """``guide/index.md`` in the nav also accepts ``guide.md`` (and the other way round)."""
    if isinstance(nav, list):
        return [_fix_nav(entry, docs) for entry in nav]
    if isinstance(nav, dict):
        return {key: _fix_nav(value, docs) for key, value in nav.items()}
    if isinstance(nav, str) and nav.endswith(".md") and not (docs / nav).exists():
        alt = (
            nav[: -len("/index.md")] + ".md"
            if nav.endswith("/index.md")
            else nav[:-3] + "/index.md"
        )
        if (docs / alt).exists():
            return alt
    return nav


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _source_date(now: datetime | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (read by MkDocs for the build date) for the duration of a build."""
    if now is None:
        yield
        return
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def run_mkdocs(
    config: Config, notice: CrisisNotice, *, strict: bool = True, now: datetime | None = None
) -> list[str]:
    """Build ``mkdocs.yml`` into ``site/`` (via a temporary folder). Returns MkDocs' warnings.

    ``now`` (the build's injected clock) becomes MkDocs' build date through SOURCE_DATE_EPOCH,
    so the sitemap's ``lastmod`` comes from the same clock as the pages, not the wall clock.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import MkDocsException

    site = config.paths.site
    tmp = site.with_name(f".{site.name}.building")
    old = site.with_name(f".{site.name}.old")
    for leftover in (tmp, old):
        shutil.rmtree(leftover, ignore_errors=True)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        cfg = mkdocs_load_config(
            config_file=str(config.paths.mkdocs_yml),
            docs_dir=str(config.paths.docs),
            site_dir=str(tmp),
            site_url=config.site.url,
            strict=strict,
        )
        banner, page = _crisis_extra(notice)
        cfg["extra"]["intake_crisis"] = banner
        cfg["extra"]["intake_crisis_page"] = page
        cfg["nav"] = _fix_nav(cfg["nav"], config.paths.docs)
        with _source_date(now):
            mkdocs_build(cfg)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        detail = "; ".join(collect.messages[:5]) or str(exc)
        raise BuildError(
            f"mkdocs build failed: {detail} — fix the page or template named above "
            f"(site/ was left as it was)"
        ) from None
    finally:
        logger.removeHandler(collect)
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    return collect.messages


# --------------------------------------------------------------------------- build


def build(
    config: Config,
    force: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BuildReport:
    """Render the generated pages and feeds, then run MkDocs; skip when no input changed."""
    started = time.perf_counter()
    cpu = [_cpu()]
    now = (now or clock()).astimezone(TZ)
    tick = progress or (lambda done, total: None)
    stamp_path = config.paths.state / STAMP
    stamp = input_stamp(config, now)
    if not force and _site_exists(config):
        with contextlib.suppress(FileNotFoundError):
            if stamp_path.read_text(encoding="utf-8").strip() == stamp:
                return BuildReport(skipped=True, seconds=time.perf_counter() - started)
    tick(0, STEPS)
    ctx = load_context(config, now)
    loaded = time.perf_counter()
    cpu.append(_cpu())
    tick(1, STEPS)
    from intake.render.site import render_site

    pages = render_site(ctx)
    tick(2, STEPS)
    feeds = _write_feeds(ctx)
    docs = config.paths.docs
    write_manifest(
        config.paths.state,
        read_manifest(config.paths.state) | {p.relative_to(docs).as_posix() for p in feeds},
    )
    rendered = time.perf_counter()
    cpu.append(_cpu())
    tick(3, STEPS)
    warnings = run_mkdocs(config, ctx.crisis, now=ctx.now)
    done = time.perf_counter()
    cpu.append(_cpu())
    tick(4, STEPS)
    # taken again now, with this build's manifest of generated files excluded (fetch and build
    # run under the same lock, so no input changes in between)
    atomic_write(stamp_path, input_stamp(config, now) + "\n")
    tick(5, STEPS)
    return BuildReport(
        pages=len(pages),
        submissions=len(ctx.submissions),
        broken=ctx.broken,
        seconds=done - started,
        load_seconds=loaded - started,
        render_seconds=rendered - loaded,
        mkdocs_seconds=done - rendered,
        cpu_seconds=(cpu[1] - cpu[0], cpu[2] - cpu[1], cpu[3] - cpu[2]),
        warnings=warnings,
    )
