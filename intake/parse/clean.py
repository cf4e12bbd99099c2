"""Plain, bounded text: no NULs, control characters, bidi overrides or zero-width characters."""

from __future__ import annotations

import re
import unicodedata

from intake.textnorm import fold

# Bidi embeddings/overrides/isolates and marks, zero-width characters, BOM, soft hyphen.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad\ufff9-\ufffb]"
)
_BREAKS = re.compile("[\r\n\x85\u2028\u2029\x0b\x0c]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[ \u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_line(text: str, limit: int = 300) -> str:
    """One line of plain text: controls and invisibles removed, whitespace collapsed, capped."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # ASCII is NFC already
    if not text.isprintable():  # every invisible, break, control and tab is unprintable
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub(" ", _BREAKS.sub(" ", text).replace("\t", " "))
    text = " ".join(text.split())  # = re.sub(r"\s+", " ", text).strip(): both use str.isspace
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# Everything the first steps of clean_block change, but "\n" (present in every multi-line text).
_BLOCK_SPECIAL = re.compile(
    "[\r\x85\u2028\u2029\x0b\x0c\t\x00-\x08\x0e-\x1f\x7f-\x9f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad\ufff9-\ufffb]"
)


def clean_block(text: str, limit: int = 10_000) -> str:
    """Multi-line plain text: the same, but line breaks (and paragraph breaks) kept."""
    # Every _BLOCK_SPECIAL character is unprintable (and "\n" is not one): a printable text, once
    # its "\n" are spaces, has none (str.isprintable is faster than the regex scan).
    probe = text.replace("\n", " ") if "\n" in text else text
    if probe.isprintable() or _BLOCK_SPECIAL.search(text) is None:  # nothing to change
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
    else:
        text = unicodedata.normalize("NFC", _BREAKS.sub("\n", text.replace("\r\n", "\n")))
        text = _INVISIBLE.sub("", text)
        text = text.replace("\t", " ")
        text = _CONTROL.sub("", text)
    if "  " in text or "\u00a0" in text:  # else every match is one space, replaced by itself
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        out = "\n".join([line.strip() for line in text.split("\n")])
        if "\n\n\n" in out:
            out = _BLANK_LINES.sub("\n\n", out)
    else:
        out = text  # one line: its strip() below
    out = out.strip()
    if len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


_INVISIBLE_OR_CONTROL = re.compile(f"{_INVISIBLE.pattern}|{_CONTROL.pattern}")


# The bytes of textnorm.one_byte that a character strip_invisible removes becomes (checked on
# every character by the tests): a one-byte form without them has nothing to remove.
MAY_HIDE = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x81, 0xAD])
_CANNOT_HIDE = bytes(b for b in range(256) if b not in MAY_HIDE)


def may_hide(encoded: bytes) -> bool:
    """False when the text whose ``textnorm.one_byte`` form this is has nothing for
    :func:`strip_invisible` to remove (once its line breaks are "\\n")."""
    return bool(encoded.translate(None, _CANNOT_HIDE))


def strip_invisible(text: str) -> str:
    """Only the invisible characters and NULs removed (line structure untouched)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _INVISIBLE_OR_CONTROL.search(text) is None:  # the usual case: one scan, nothing to remove
        return text
    return _CONTROL.sub("", _INVISIBLE.sub("", text))


def fast_fold(text: str) -> str:
    """:func:`intake.textnorm.fold`, with a fast path for ASCII text (most lines of most mail)."""
    return text.lower() if text.isascii() else fold(text)
