"""Safe Markdown from untrusted text.

Everything a unit wrote reaches Python-Markdown (and Material's extensions) only through these
functions. Every ASCII punctuation character becomes a numeric character reference, so no
Markdown, raw HTML, attribute list (``{: onclick=…}``), snippet include (``--8<--``), template tag
(``{{ }}``/``{% %}``), emoji shortcode or autolink can be formed from it; links are allow-listed to
http(s) and percent-encoded. The tests render the output with the site's real extension set and
check the HTML.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote, urlsplit

_PUNCT = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_PUNCT[ord(" ")] = " "
# bidi overrides/isolates and zero-width characters: shown nowhere, used to spoof titles
_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Drop control, bidi and zero-width characters; NFC-normalise."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", _INVISIBLE.sub("", text)))


def inline(text: str) -> str:
    """One line of plain text as inert Markdown (newlines become spaces)."""
    return " ".join(clean(text).split()).translate(_PUNCT)


def lines(text: str) -> str:
    """Plain text as inert HTML for a raw HTML block: its lines kept (``<br>``), no blank line
    (a blank line would end the block)."""
    rows = clean(text).replace("\r\n", "\n").strip().split("\n")
    return "<br>".join(inline(row) for row in rows)


def attribute(text: str) -> str:
    """Plain text as an inert, double-quoted HTML attribute value that keeps its line breaks."""
    rows = clean(text).replace("\r\n", "\n").split("\n")
    return "&#10;".join(row.translate(_PUNCT) for row in rows)


def block(text: str) -> str:
    """Multi-paragraph plain text as inert Markdown: paragraphs kept, single newlines as ``<br>``."""
    paragraphs = re.split(r"\n\s*\n", clean(text).replace("\r\n", "\n").strip())
    out = []
    for para in paragraphs:
        lines = [inline(line) for line in para.split("\n") if line.strip()]
        if lines:
            out.append("<br>\n".join(lines))
    return "\n\n".join(out)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL, percent-encoded so it cannot break out of ``[…](…)``; else None."""
    if not url:
        return None
    # browsers (and urlsplit) drop ASCII tab/CR/LF anywhere in a URL: drop them before checking,
    # so the URL we check is the URL we emit ("ht\ttps://…" must not come out as "ht%09tps://…")
    url = re.sub(r"[\t\r\n]", "", clean(url)).strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#@!$&+,;=%~-._")


def link(url: str | None, label: str | None = None) -> str:
    """``[label](url)`` for an allowed URL, else the label (or URL) as inert text."""
    target = safe_url(url)
    text = inline(label if label else (url or ""))
    if target is None:
        return text
    return f"[{text}]({target})"
