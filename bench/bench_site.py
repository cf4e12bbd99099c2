"""``make bench-site``: site build time and size on one and five years of synthetic data.

For each size it writes a throwaway project (``bench/synth.py``: 30 units, each a 5–8 post plan
every week, 5 proposals and 2 announcements a week) and measures, printing every figure:

- the full build (``intake.build.build(force=True)``): total, and its parts: loading the
  submissions (cold: every file parsed), rendering our pages (+ feeds), and MkDocs' own build of
  those pages; the render step is compared with MkDocs (target: render ≤ 50 % of MkDocs);
- ``site/`` size (target < 300 MB) and ``site/search/search_index.json`` (target < 20 MB);
- a rebuild after one new plan arrives (the parsed-submission cache is warm);
- ``intake run`` with no new mail and no edited file, as a subprocess (target < 2 s, MkDocs must
  not run: the output says "site up to date").

Targets for five years: the full build under 90 s on a 2-core machine. Usage:
``python bench/bench_site.py [--years 1,5] [--keep]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import make_project, make_submissions

from intake.build import build
from intake.config import load_config
from intake.store import SubmissionStore
from intake.timeutil import TZ

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
INTAKE = Path(sys.executable).with_name("intake")


def tree_size(root: Path) -> tuple[int, int]:
    total = files = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            total += (Path(folder) / name).stat().st_size
            files += 1
    return total, files


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def bench(years: int, keep: bool) -> dict[str, float]:
    weeks = 52 * years
    root = Path(tempfile.mkdtemp(prefix=f"intake-bench-{years}y-"))
    print(f"\n== {years} year(s): {weeks} weeks of a 30-unit ministry, project in {root}")
    t0 = time.perf_counter()
    config_path = make_project(root, weeks, NOW)
    config = load_config(config_path)
    subs = len(list((root / "docs" / "submissions").glob("*.md")))
    print(f"synthetic data: {subs} submission files in {time.perf_counter() - t0:.1f} s")

    report = build(config, force=True, now=NOW)
    render = report.load_seconds + report.render_seconds
    cpu_load, cpu_render, cpu_mkdocs = report.cpu_seconds
    site_size, site_files = tree_size(config.paths.site)
    index = config.paths.site / "search" / "search_index.json"
    index_size = index.stat().st_size
    ratio = render / report.mkdocs_seconds
    print(f"full build:       {report.seconds:6.1f} s   ({report.pages} pages; {report.summary()})")
    print(
        f"  load (cold):    {report.load_seconds:6.1f} s   parse {subs} submission files "
        f"(CPU {cpu_load:.1f} s, worker processes included)"
    )
    print(
        f"  render:         {report.render_seconds:6.1f} s   our pages + feeds (CPU {cpu_render:.1f} s)"
    )
    print(
        f"  mkdocs:         {report.mkdocs_seconds:6.1f} s   MkDocs' build of those pages "
        f"(CPU {cpu_mkdocs:.1f} s)"
    )
    own = report.render_seconds / report.mkdocs_seconds
    print(
        f"  render/mkdocs:  {own:6.0%}     our render step vs MkDocs "
        f"(target ≤ 50 %: {check(own <= 0.5)}; CPU {cpu_render / cpu_mkdocs:.0%})"
    )
    print(
        f"  + cold parse:   {ratio:6.0%}     load+render vs MkDocs, first build only "
        f"(CPU {(cpu_load + cpu_render) / cpu_mkdocs:.0%}; later builds read the parse cache)"
    )
    print(
        f"site/:            {mb(site_size):>9}  in {site_files} files (target < 300 MB: "
        f"{check(site_size < 300e6)})"
    )
    print(f"search index:     {mb(index_size):>9}  (target < 20 MB: {check(index_size < 20e6)})")

    # one new plan arrives (a unit re-sends its plan for this week): a real rebuild, warm cache
    store = SubmissionStore(config.paths.docs / "submissions", {u.id for u in config.units})
    latest = make_submissions(1, NOW, seed=7)[0]
    store.write(replace(latest, id=latest.id + "-v2", received=NOW - timedelta(hours=1)))
    again = build(config, now=NOW)
    warm_render = again.load_seconds + again.render_seconds
    print(
        f"rebuild, 1 new:   {again.seconds:6.1f} s   (load {again.load_seconds:.1f} s, render "
        f"{again.render_seconds:.1f} s, mkdocs {again.mkdocs_seconds:.1f} s; "
        f"render/mkdocs {warm_render / again.mkdocs_seconds:.0%}; CPU "
        + ", ".join(f"{c:.1f}" for c in again.cpu_seconds)
        + " s)"
    )

    env = dict(os.environ, INTAKE_NOW=NOW.isoformat())
    started = time.perf_counter()
    run = subprocess.run(
        [str(INTAKE), "--config", str(config_path), "run"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    idle = time.perf_counter() - started
    up_to_date = "site up to date" in run.stdout
    print(
        f"intake run, idle: {idle:6.2f} s   exit {run.returncode}, "
        f"{' / '.join(run.stdout.strip().splitlines())!r} (target < 2 s without MkDocs: "
        f"{check(idle < 2 and up_to_date and run.returncode == 0)})"
    )
    if run.returncode:
        print(run.stderr.strip())
    if years == 5:
        print(f"five-year full build under 90 s: {check(report.seconds < 90)}")
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return {
        "full": report.seconds,
        "mkdocs": report.mkdocs_seconds,
        "load": report.load_seconds,
        "render": report.render_seconds,
        "site": site_size,
        "index": index_size,
        "idle": idle,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="1,5", help="comma-separated sizes, e.g. 1,5")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    print(f"intake bench-site on {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    print(
        f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        "(wall times include waiting for the CPU when other work runs)"
    )
    results = {int(y): bench(int(y), args.keep) for y in args.years.split(",")}
    print("\nsummary")
    print(
        "years  full build  load    render  mkdocs  render/mkdocs  site/     search index  idle run"
    )
    for years, r in results.items():
        print(
            f"{years:>5}  {r['full']:8.1f} s  {r['load']:4.1f} s  {r['render']:4.1f} s  "
            f"{r['mkdocs']:5.1f} s  {r['render'] / r['mkdocs']:>12.0%}  {mb(int(r['site'])):>8}  "
            f"{mb(int(r['index'])):>12}  {r['idle']:6.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
