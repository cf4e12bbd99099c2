"""A fast, byte-identical emitter and loader for submission front matter.

Why this exists: PyYAML's Python representer and resolver cost ~1 ms per submission file even
with the C emitter (``CSafeDumper``), and loading a file back ~1.5 ms; ``intake fetch`` spent
most of its time there. The front matter ``Submission.to_front_matter()`` produces is a small,
regular subset of YAML (a mapping of plain or single-quoted scalars, literal ``|`` blocks,
block lists and nested mappings), so it can be written and read with string operations.

PyYAML stays the reference and the fallback:

* :func:`emit` returns exactly what ``store.dump_yaml_pyyaml`` (PyYAML with the store's dumper)
  returns, or None whenever a value is outside the subset handled here (floats, tuples, tags,
  double-quoted or folded scalars, indentation indicators, very long lines, ...). The store's
  dumper writes no anchors/aliases, so an object met twice is simply written twice. The quoting decisions follow libyaml's scalar analysis and
  PyYAML's implicit resolver (``yaml.resolver.Resolver``), which is used here directly.
* :func:`entries` splits what :func:`emit` wrote into its top-level entries: ``emit`` writes a
  mapping entry by entry, so ``emit(d)`` is the concatenation of ``emit({k: d[k]})`` over
  ``d``'s keys, and an entry can be replaced by emitting only its new value.
* :func:`load` parses text :func:`emit` could have written and returns the value only if
  re-emitting it reproduces the text byte for byte. Because ``emit(x) == dump(x)`` and PyYAML
  loads ``dump(x)`` back equal to ``x``, the result then equals what PyYAML would load; any other
  text (a hand-edited file, a comment, a different quoting) gives None and takes PyYAML's path.

``tests/test_frontmatter.py`` checks both properties against PyYAML on generated data.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

__all__ = ["emit", "load"]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

# Scalars written longer than this may be folded at PyYAML's width (10000 columns, counting the
# indentation, the key and the quotes): not handled here.
_MAX_SCALAR = 8000
_MAX_KEY = 100  # libyaml writes keys longer than 128 characters as complex keys ("? key")
_MAX_DEPTH = 20
_CACHE_LIMIT = 10_000  # entries per cache of short strings kept between calls
_CACHEABLE = 200  # strings up to this length are cached

# Characters libyaml writes unescaped with allow_unicode (its IS_PRINTABLE: no C0/C1 controls,
# no surrogates, no U+FEFF/U+FFFE/U+FFFF, nothing beyond the BMP), minus the line breaks it
# knows (LF, NEL, LS, PS). Anything else makes libyaml double-quote: not handled here.
_SAFE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
_UNSAFE_LINE = re.compile(f"[^{_SAFE}]")
# First characters that are always indicators in a plain scalar.
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")


class _Unsupported(Exception):
    """The value is outside the handled subset: the caller uses PyYAML."""


_Resolvers = tuple[tuple[str, "re.Pattern[str]"], ...]
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = (
    yaml.resolver.Resolver.yaml_implicit_resolvers
)
# Resolvers for any first character (none in PyYAML 6).
_WILDCARD: _Resolvers = tuple(_IMPLICIT.get(None, ()))
_RESOLVERS: dict[str, _Resolvers] = {
    key: tuple(value) + _WILDCARD for key, value in _IMPLICIT.items() if key is not None
}


def _resolve(text: str) -> str:
    """The tag PyYAML's resolver gives ``text`` written as a plain scalar."""
    for tag, regexp in _RESOLVERS.get(text[:1], _WILDCARD):
        if regexp.match(text):
            return tag
    return _STR


# --- emitting --------------------------------------------------------------------------------


def _plain_allowed(text: str) -> bool:
    """libyaml's ``block_plain_allowed`` for a one-line, printable, non-empty scalar."""
    first = text[0]
    if first in _LEADING_INDICATORS or first == " " or text[-1] == " ":
        return False
    if first in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    if text.startswith(("---", "...")):
        return False
    # (a one-character `in` is much faster than a two-character one on non-ASCII text)
    if ":" in text and (text[-1] == ":" or ": " in text):
        return False
    return "#" not in text or " #" not in text


class _Cache:
    """Renderings of short strings, kept between calls (keys, platforms, tags, times ...)."""

    def __init__(self) -> None:
        self.inline: dict[str, str] = {}  # text -> plain or quoted form
        self.value: dict[str, str] = {}  # text -> " form\n" (after "key:")
        self.key: dict[str, str] = {}  # key -> "form:"

    def remember(self, table: dict[str, str], text: str, rendered: str) -> str:
        if len(text) <= _CACHEABLE:
            if len(table) >= _CACHE_LIMIT:
                table.clear()
            table[text] = rendered
        return rendered


_cache = _Cache()


def _printable(text: str) -> bool:
    """No character libyaml would escape (see _SAFE). ``str.isprintable`` (fast, C) accepts a
    subset of _SAFE plus characters beyond the BMP; the regex decides for the rest."""
    if text.isprintable():
        return len(text.encode("utf-16-le")) == 2 * len(text)  # nothing beyond the BMP
    return _UNSAFE_LINE.search(text) is None


def _line(text: str) -> str:
    """A one-line str as PyYAML writes it in block context: plain or single-quoted."""
    if len(text) > _MAX_SCALAR or not _printable(text):
        raise _Unsupported
    if text and _plain_allowed(text) and _resolve(text) == _STR:
        return text
    quoted = "'" + text.replace("'", "''") + "'"
    if len(quoted) > _MAX_SCALAR:  # the doubled quotes count towards the line width too
        raise _Unsupported
    return quoted


def _inline(text: str) -> str:
    """:func:`_line`, cached for short strings (list entries and keys repeat)."""
    cached = _cache.inline.get(text)
    if cached is not None:
        return cached
    return _cache.remember(_cache.inline, text, _line(text))


def _key(key: Any) -> str:
    """A mapping key and its colon; keys are short one-line strs here."""
    if type(key) is not str or len(key) > _MAX_KEY or "\n" in key:
        raise _Unsupported
    return _cache.remember(_cache.key, key, _inline(key) + ":")


def _str_value(text: str, indent: str) -> str:
    """What follows ``key:`` for a str value of a key written at ``indent``."""
    if "\n" in text:
        return " " + _literal(text, indent + "  ")
    return _cache.remember(_cache.value, text, f" {_line(text)}\n")


def _literal(text: str, indent: str) -> str:
    """A multi-line str as the store's representer writes it: a ``|`` or ``|-`` block.

    Returns the header and the indented lines, each ending in a newline. Raises _Unsupported
    where PyYAML would choose another style (the representer asks for a literal block only
    without CR/TAB and surrounding spaces; libyaml refuses it for trailing spaces on a line and
    unprintable characters) or add an indentation indicator or keep chomping (``|2``, ``|+``).
    """
    if (
        "\r" in text
        or "\t" in text
        or text[0] in " \n"
        or text[-1] == " "
        or " \n" in text
        or text.endswith("\n\n")
        or len(text) > 4 * _MAX_SCALAR
    ):
        raise _Unsupported
    if text[-1] == "\n":
        header, text = "|\n", text[:-1]
    else:
        header = "|-\n"
    lines = text.split("\n")
    if not all(map(_printable, lines)):
        raise _Unsupported
    return header + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


def _other_scalar(value: Any) -> str:
    """None, bool, int, date and datetime (store's representer: isoformat with 'T')."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is date:
        return value.isoformat()  # type: ignore[no-any-return]  # YYYY-MM-DD: a timestamp
    if kind is int:
        if -(10**50) < value < 10**50:
            return str(value)
        raise _Unsupported
    if kind is datetime:
        text: str = value.isoformat()
        if _resolve(text) == _TIMESTAMP:
            return text
    raise _Unsupported


class _Emitter:
    """Writes one document in the store's block layout."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def mapping(self, data: dict[Any, Any], indent: str, first: str, depth: int) -> None:
        """Entries at ``indent``; the first line starts with ``first`` ("- " in a list)."""
        if depth > _MAX_DEPTH:
            raise _Unsupported
        append = self.out.append
        keys = _cache.key
        values = _cache.value
        prefix = first
        for key, value in data.items():
            rendered_key = keys.get(key) if type(key) is str else None
            line = prefix + (rendered_key if rendered_key is not None else _key(key))
            prefix = indent
            kind = type(value)
            if kind is str:
                rendered = values.get(value)
                append(line + (rendered if rendered is not None else _str_value(value, indent)))
            elif value is None:
                append(line + " null\n")
            elif kind is date:
                append(f"{line} {value.isoformat()}\n")  # YYYY-MM-DD: resolves to a timestamp
            elif kind is list:
                if value:
                    append(line + "\n")
                    self.sequence(value, indent, depth + 1)
                else:
                    append(line + " []\n")
            elif kind is dict:
                if value:
                    append(line + "\n")
                    self.mapping(value, indent + "  ", indent + "  ", depth + 1)
                else:
                    append(line + " {}\n")
            else:
                append(f"{line} {_other_scalar(value)}\n")

    def sequence(self, items: list[Any], indent: str, depth: int) -> None:
        """Block sequence entries ("- ") at ``indent`` (indentless under a mapping key)."""
        append = self.out.append
        inline = _cache.inline
        dash = indent + "- "
        for item in items:
            kind = type(item)
            if kind is str:
                rendered = inline.get(item)
                if rendered is not None:
                    append(f"{dash}{rendered}\n")
                elif "\n" in item:
                    append(dash + _literal(item, indent + "  "))
                else:
                    append(f"{dash}{_inline(item)}\n")
            elif kind is dict:
                if item:
                    self.mapping(item, indent + "  ", dash, depth + 1)
                else:
                    append(dash + "{}\n")
            elif kind is list:
                if item:  # a sequence in a sequence ("- - x"): not handled
                    raise _Unsupported
                append(dash + "[]\n")
            else:
                append(f"{dash}{_other_scalar(item)}\n")


def emit(data: Any) -> str | None:
    """``data`` as ``store.dump_yaml_pyyaml`` writes it, or None if not sure to match it."""
    if type(data) is not dict:
        return None
    if not data:
        return "{}\n"
    emitter = _Emitter()
    try:
        emitter.mapping(data, "", "", 0)
    except (_Unsupported, RecursionError):
        return None
    return "".join(emitter.out)


# --- loading ---------------------------------------------------------------------------------

_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_MISSING = object()
_CONSTANTS: dict[str, Any] = {"null": None, "true": True, "false": False}
# Plain or single-quoted text as written -> its value (immutable: str, int, None, bool).
_plain_cache: dict[str, Any] = dict(_CONSTANTS)


def _remember(text: str, value: Any) -> Any:
    if len(text) <= _CACHEABLE:
        if len(_plain_cache) >= _CACHE_LIMIT:
            _plain_cache.clear()
            _plain_cache.update(_CONSTANTS)
        _plain_cache[text] = value
    return value


def _quoted(text: str) -> str:
    """A single-quoted scalar's value (``text`` starts and ends with a quote)."""
    return _remember(text, text[1:-1].replace("''", "'"))  # type: ignore[no-any-return]


def _plain(text: str) -> Any:
    """A plain scalar's value: str, None, bool, int, date or datetime (what emit writes)."""
    cached = _plain_cache.get(text, _MISSING)
    if cached is not _MISSING:
        return cached
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        # YYYY-MM-DD, a timestamp to PyYAML's resolver; anything else fromisoformat accepts
        # here re-emits differently, and load() then declines it
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    tag = _resolve(text)
    if tag == _TIMESTAMP:
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise _Unsupported from None
    if tag == _STR:
        value: Any = text
    elif tag == _INT and _INT_TEXT.match(text):
        value = int(text)
    else:
        raise _Unsupported  # null/bool spellings other than null/true/false, floats, merge ...
    return _remember(text, value)


# One line of the layout: indent, an optional "- ", then "key:" (and " rest") or other text.
_LINE = re.compile(r"^( *)(- )?(?:([A-Za-z_][A-Za-z0-9_]*):(?: |$))?(.*)$", re.MULTILINE)
_Token = tuple[str, str, str, str]  # indent, dash, key (if a "key:" line), the rest


class _Parser:
    """Reads the block layout :class:`_Emitter` writes; anything else raises _Unsupported
    (or gives a value whose re-emitted text differs, which :func:`load` rejects).

    Each method takes the index of the next line and returns (value, index after it).
    """

    def __init__(self, text: str) -> None:
        if not text.endswith("\n"):
            raise _Unsupported
        self.text = text
        self.tokens: list[_Token] = _LINE.findall(text, 0, len(text) - 1)  # one per line
        self.end = len(self.tokens)
        self.lines: list[str] = []  # the raw lines, split when a literal block needs them

    def mapping(
        self, i: int, indent: int, first: _Token | None, depth: int
    ) -> tuple[dict[str, Any], int]:
        """Entries at column ``indent``; ``first`` is a "- key: ..." line already read."""
        if depth > _MAX_DEPTH:
            raise _Unsupported
        out: dict[str, Any] = {}
        if first is not None:
            out[first[2]], i = self.value(i, first[3], indent, depth)
        tokens, end, cache = self.tokens, self.end, _plain_cache
        while i < end:
            pad, dash, key, rest = tokens[i]
            if len(pad) != indent or dash or not key:
                break
            i += 1
            if rest:
                value = cache.get(rest, _MISSING)
                if value is _MISSING:
                    value, i = self.scalar(i, rest, indent)
            else:
                value, i = self.value(i, rest, indent, depth)
            out[key] = value
        return out, i

    def value(self, i: int, rest: str, indent: int, depth: int) -> tuple[Any, int]:
        """The value after ``key:`` at column ``indent``; ``rest`` is the text after ': '."""
        if rest:
            return self.scalar(i, rest, indent)
        if i >= self.end:
            raise _Unsupported
        pad, dash, _, _ = self.tokens[i]
        if dash and len(pad) == indent:
            return self.sequence(i, indent, depth + 1)
        return self.mapping(i, indent + 2, None, depth + 1)

    def scalar(self, i: int, text: str, indent: int) -> tuple[Any, int]:
        """An inline value; ``indent`` is the column of its key or dash."""
        first = text[:1]
        if first == "'":
            if len(text) < 2 or text[-1] != "'":
                raise _Unsupported
            return _quoted(text), i
        if first == "|":
            return self.literal(i, text, indent + 2)
        if text == "[]":
            return [], i
        if text == "{}":
            return {}, i
        if first in ('"', ""):
            raise _Unsupported
        return _plain(text), i

    def literal(self, i: int, header: str, indent: int) -> tuple[str, int]:
        """The lines of a ``|``/``|-`` block, indented by ``indent``."""
        if header not in ("|", "|-"):
            raise _Unsupported
        if not self.lines:
            self.lines = self.text.split("\n")
        lines = self.lines
        prefix = " " * indent
        end = i
        while end < self.end and (lines[end].startswith(prefix) or not lines[end]):
            end += 1
        while end > i and not lines[end - 1]:
            end -= 1
        if end == i:
            raise _Unsupported
        text = "\n".join(line[indent:] for line in lines[i:end])
        return (text + "\n" if header == "|" else text), end

    def sequence(self, i: int, indent: int, depth: int) -> tuple[list[Any], int]:
        """Entries "- ..." at column ``indent``."""
        out: list[Any] = []
        tokens, end, cache = self.tokens, self.end, _plain_cache
        while i < end:
            token = tokens[i]
            if not token[1] or len(token[0]) != indent:
                break
            i += 1
            if token[2]:
                item, i = self.mapping(i, indent + 2, token, depth + 1)
            else:
                item = cache.get(token[3], _MISSING)
                if item is _MISSING:
                    item, i = self.scalar(i, token[3], indent)
            out.append(item)
        return out, i


def load(text: str) -> Any:
    """What PyYAML loads from ``text``, or None when ``text`` is not exactly what
    :func:`emit` writes for that value (the caller then uses PyYAML)."""
    if type(text) is not str or not text:
        return None
    try:
        parser = _Parser(text)
        data, end = parser.mapping(0, 0, None, 0)
        if end != parser.end:
            return None
    except (_Unsupported, RecursionError):
        return None
    return data if emit(data) == text else None
