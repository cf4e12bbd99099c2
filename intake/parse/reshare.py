"""Re-share reports written one per line (spec: *Email contract*, ``Paylaşım``)::

    BP-2026-49-1 https://x.com/birimhesabi/status/1864000000000000001
    https://twitter.com/bakanlik/status/1864… -> https://x.com/birimhesabi/status/1864…
    2) https://www.instagram.com/p/BAKANLIK123/ → https://www.instagram.com/p/BIRIM456/

the ministry post's id or address, then the unit's own post address, with a space, ``->``,
``→``, ``=>`` or a dash between them; a list number or bullet in front is fine. Each such line
becomes an item with a ``Paylaşım`` field, read by :func:`intake.parse.items.check_item` like the
``Paylaşım: … …`` form.
"""

from __future__ import annotations

import re

from intake.parse.body import RawItem, Value

_LINE = re.compile(
    r"^\s*(?:\d{1,3}\s*[.)-]\s+|[-*•·▪◦–]\s*)?"
    r"(?P<of>https?://\S+|[A-Za-z0-9][A-Za-z0-9._-]*\d[A-Za-z0-9._-]*)"
    r"\s*(?:->|→|=>|—|–|-|:|,|;)?\s*"
    r"(?P<url>https?://\S+)\s*$",
    re.IGNORECASE,
)


def reshare_line_items(lines: list[str]) -> list[RawItem]:
    """An item per line that reads as ``<post id or address> <own post address>``."""
    items = []
    for number, line in enumerate(lines, start=1):
        found = _LINE.match(line)
        if found is None or found.group("of").rstrip(":") == found.group("url"):
            continue
        value = Value("Paylaşım", f"{found.group('of')} {found.group('url')}", number)
        items.append(RawItem(fields={"reshare": value}, line=number))
    return items
