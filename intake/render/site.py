"""Write every generated page under ``docs/``, and only those.

``render_site(ctx)`` renders the main pages (:mod:`intake.render.pages`) and the directory pages
(units, re-shares, guide, office: :mod:`intake.render.directory`), writes each atomically (an
unchanged page keeps its bytes and mtime), and deletes generated pages that are no longer
produced (a week whose only plan was withdrawn, say). Hand-written files (``crisis.md``, the
stylesheets, submissions) are never touched: only paths this module wrote before (recorded in
``<state>/generated-pages.txt``), ``*.md`` under the generated folders and the spreadsheets
``calendar/*.csv|xlsx`` are candidates for deletion.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from intake.errors import BuildError
from intake.store import atomic_write

if TYPE_CHECKING:  # imported lazily: the build stamp check only needs the manifest helpers
    import jinja2

    from intake.render.context import SiteContext

MANIFEST = "generated-pages.txt"
GENERATED_FOLDERS = ("calendar", "agenda", "approved")
EXPORT_SUFFIXES = (".csv", ".xlsx")  # calendar/<week|month>.csv|xlsx (intake.render.exports)
STALE_SUFFIXES = (".md", *EXPORT_SUFFIXES)


def _directory_pages(ctx: SiteContext, env: jinja2.Environment) -> Mapping[str, str | bytes]:
    from intake.render.directory import render_directory

    pages: Mapping[str, str | bytes] = render_directory(ctx, env)
    return pages


def _safe_relative(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BuildError(
            f"generated page path {rel!r} leaves docs/; report this as a bug in intake"
        )
    return path


def generated_pages(
    ctx: SiteContext, env: jinja2.Environment | None = None
) -> dict[str, str | bytes]:
    """``{path under docs/: content}`` for every generated page (nothing written)."""
    from intake.render.context import make_env
    from intake.render.pages import main_pages

    env = env or make_env(ctx.config.paths.templates)
    pages: dict[str, str | bytes] = dict(main_pages(env, ctx))
    from intake.render.exports import export_files
    from intake.render.pages import Facts

    pages.update(export_files(ctx, Facts(ctx).export_weeks()))
    for rel, content in _directory_pages(ctx, env).items():
        if rel in pages:
            raise BuildError(f"two renderers produce docs/{rel}; report this as a bug in intake")
        pages[rel] = content
    return pages


def read_manifest(state: Path) -> set[str]:
    try:
        text = (state / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    return {line for line in text.splitlines() if line}


def render_site(ctx: SiteContext, extra: Mapping[str, str | bytes] | None = None) -> list[Path]:
    """Write the generated pages (and ``extra`` files, e.g. feeds) under docs/; return their paths.

    Stale generated pages are deleted. The list of written paths is recorded in the state folder
    so that the build stamp can tell generated files from hand-written ones.
    """
    docs = ctx.config.paths.docs
    pages = generated_pages(ctx)
    for rel, content in (extra or {}).items():
        pages.setdefault(rel, content)
    current = {str(_safe_relative(rel)) for rel in pages}
    for rel in sorted(pages):
        write_generated(docs / rel, pages[rel])
    # only pages and the calendar's spreadsheets are deleted (a week leaves the export window);
    # other files we wrote (feeds, downloads) are simply rewritten
    stale = {p for p in read_manifest(ctx.config.paths.state) if p.endswith(STALE_SUFFIXES)}
    for folder in GENERATED_FOLDERS:
        stale.update(p.relative_to(docs).as_posix() for p in (docs / folder).rglob("*.md"))
    for suffix in EXPORT_SUFFIXES:
        stale.update(p.relative_to(docs).as_posix() for p in (docs / "calendar").glob(f"*{suffix}"))
    for rel in sorted(stale - current):
        with contextlib.suppress(FileNotFoundError):
            (docs / _safe_relative(rel)).unlink()
    write_manifest(ctx.config.paths.state, current)
    return [docs / rel for rel in sorted(current)]


def write_generated(path: Path, data: str | bytes) -> bool:
    """Atomically replace ``path`` (temp file + rename) unless it already holds ``data``.

    Unlike :func:`intake.store.atomic_write` this does not fsync: a generated page is rebuilt from
    the submissions on the next build, and the build stamp is written only after a successful
    build, so a crash can cost a rebuild but never a stale page. Hundreds of fsyncs were most of
    the render time on a slow disk.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(raw)
    tmp.replace(path)
    return True


def write_manifest(state: Path, paths: set[str]) -> None:
    atomic_write(state / MANIFEST, "".join(f"{p}\n" for p in sorted(paths)))
