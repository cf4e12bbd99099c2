"""What every page renderer receives, and the Jinja2 environment they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from intake.config import Config
from intake.crisis import CrisisNotice
from intake.model import Submission
from intake.render import markup
from intake.schedule import Post

if TYPE_CHECKING:  # the meeting series is optional for the pages that do not show it
    from intake.meeting import Meeting


@dataclass(frozen=True)
class SiteContext:
    """Everything the generated pages are made from. ``now`` is injected, never read inside."""

    config: Config
    submissions: tuple[Submission, ...]  # every valid submission file, superseded ones too
    posts: tuple[Post, ...]  # schedule.planned_posts(...) with crisis state
    crisis: CrisisNotice
    meeting: Meeting | None
    now: datetime
    broken: tuple[str, ...] = field(default=())  # submission files that failed validation


def make_env(templates: Path) -> jinja2.Environment:
    """Templates under ``templates/pages`` (and ``templates/mail``); Markdown-safe filters.

    Autoescape is off because the output is Markdown, not HTML: every untrusted value must go
    through ``|md`` (inline), ``|mdblock`` (paragraphs) or ``|mdlink`` (links). StrictUndefined
    turns a typo in a template into a build error instead of an empty cell.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - Markdown output; the md filters escape
    )
    env.filters["md"] = markup.inline
    env.filters["mdblock"] = markup.block
    env.filters["mdlink"] = markup.link
    from intake.render import turkish  # Turkish dates: "2 Aralık 2026 Çarşamba"

    env.filters["trdate"] = turkish.long_date
    env.filters["trshortdate"] = turkish.short_date
    env.filters["trdatetime"] = turkish.date_time
    env.filters["trweek"] = turkish.week_short  # "49. hafta (30 Kasım – 6 Aralık)"
    return env
