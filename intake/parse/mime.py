"""Reading the MIME structure: headers, charsets, text and HTML bodies, attachments, limits.

Everything here is defensive: broken base64/QP, wrong or missing charsets and broken
boundaries give the best text we can get, never an exception.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.header
import email.utils
import functools
import re
from dataclasses import dataclass, field
from email.feedparser import FeedParser
from email.message import Message
from email.policy import compat32
from html.parser import HTMLParser

from intake.parse.clean import clean_line

# Charsets that Turkish mail is often mislabelled with: the bytes are really windows-1254.
_WEAK_CHARSETS = {
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin-1",
    "latin1",
    "iso8859-1",
    "windows-1252",
    "cp1252",
    "unknown-8bit",
    "x-unknown",
    "8bit",
    "default",
}
_ALIASES = {
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "windows-1254": "cp1254",
    "x-mac-turkish": "mac_turkish",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes to text, trusting the declared charset only when it decodes cleanly.

    Declared us-ascii/iso-8859-1/none but 8-bit → UTF-8 if valid, else windows-1254.
    """
    charset = (declared or "").strip().strip('"').lower()
    charset = _ALIASES.get(charset, charset)
    known = False
    if charset and charset not in _WEAK_CHARSETS:
        try:
            info = codecs.lookup(charset)
            known = getattr(info, "_is_text_encoding", True)  # not "quoted-printable", "zlib"…
            if known:
                return data.decode(charset)
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if known and charset != "utf-8":
        try:
            return data.decode(charset, errors="replace")
        except (LookupError, ValueError):
            pass
    # Mostly valid UTF-8 with a few broken bytes (a damaged transfer encoding) stays UTF-8;
    # otherwise it is 8-bit Turkish: windows-1254 (a superset of ISO-8859-9's letters).
    lenient = data.decode("utf-8", errors="replace")
    multibyte = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and lenient.count("\ufffd") * 4 <= multibyte:
        return lenient
    return data.decode("cp1254", errors="replace")


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _unsurrogate(text: str) -> str:
    """Header text that the parser read with surrogate escapes (raw 8-bit) → real text."""
    if _ESCAPED_BYTE.search(text) is None:
        return text
    raw = text.encode("utf-8", errors="surrogateescape")
    return decode_bytes(raw)


def header_text(msg: Message, name: str) -> str:
    """A header decoded (RFC 2047, raw 8-bit), unfolded; '' when missing."""
    value = msg.get(name)
    if value is None:
        return ""
    return decode_header_value(value)


def _header_str(value: object) -> str:
    """compat32 wraps raw 8-bit header values in a Header whose str() loses the bytes."""
    if isinstance(value, email.header.Header):
        chunks = getattr(value, "_chunks", [])
        return "".join(str(text) for text, _charset in chunks)
    return str(value)


def raw_header_text(value: object) -> str:
    """A header value as sent (RFC 2047 words left encoded), raw 8-bit bytes decoded."""
    return _unsurrogate(_header_str(value))


_FOLDING = re.compile(r"\r?\n[ \t]*")


def decode_header_value(value: object) -> str:
    if isinstance(value, str) and len(value) <= _CACHED_HEADER_CHARS:
        return _decode_header_text(value)  # (a unit's From and Subject repeat from mail to mail)
    return _decode_header_text.__wrapped__(_header_str(value))


_CACHED_HEADER_CHARS = 1000  # longer values are decoded each time (the cache stays small)


@functools.lru_cache(maxsize=4096)
def _decode_header_text(text: str) -> str:
    raw = _unsurrogate(text)
    try:
        parts = email.header.decode_header(raw)
    except Exception:
        return raw
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset))
        else:
            out.append(chunk)
    text = ""
    # decode_header drops whitespace between encoded words and plain words inconsistently.
    for i, piece in enumerate(out):
        if (
            i
            and not text.endswith((" ", "\t"))
            and not piece.startswith((" ", "\t"))
            and isinstance(parts[i][0], bytes) != isinstance(parts[i - 1][0], bytes)
        ):
            text += " "
        text += piece
    return _FOLDING.sub(" ", text) if "\n" in text else text


@dataclass
class Part:
    """A leaf part worth looking at: a text body or an attachment."""

    content_type: str
    filename: str  # decoded, as the sender named it ('' when none)
    data: bytes
    charset: str | None
    disposition: str  # "attachment" | "inline" | ""
    content_id: str  # without <>
    in_attached_message: bool  # inside an attached .eml (never body, never published)
    flowed: bool = False  # text/plain; format=flowed (RFC 3676)
    delsp: bool = False


@dataclass
class Structure:
    parts: list[Part] = field(default_factory=list)
    count: int = 0
    depth: int = 0
    is_report: bool = False  # multipart/report (a DSN / MDN)
    attached_messages: list[str] = field(default_factory=list)  # names of attached .eml


def parse_message(raw: bytes) -> Message:
    # compat32 is the most forgiving parser (and the fastest); we decode headers ourselves.
    # = email.message_from_bytes(raw, policy=compat32), which decodes the bytes the same way and
    # feeds the text in 8,192-character pieces; the feed parser gives the same message for any
    # split (it keeps a piece's unfinished line, "\r" included, for the next), so one piece.
    parser = FeedParser(policy=compat32)
    parser.feed(raw.decode("ASCII", errors="surrogateescape"))
    return parser.close()


def _may_have_param(part: Message, header: str, name: str) -> bool:
    """False when ``part.get_param(name, header=header)`` is certainly absent: get_param reads
    the parameters from ``str()`` of the header's first value, so the name (any case) is in it."""
    value = part.get(header)
    if isinstance(value, email.header.Header):  # raw 8-bit: read the slow way
        return True
    return value is not None and name in str(value).lower()


def _filename(part: Message) -> str:
    if not _may_have_param(part, "Content-Disposition", "name") and not _may_have_param(
        part, "Content-Type", "name"
    ):
        return ""  # no filename= nor name= parameter (a "filename" holds "name")
    fixed: Message | None = None
    for header in ("Content-Disposition", "Content-Type"):
        value = part.get(header)
        if isinstance(value, email.header.Header):
            if fixed is None:
                fixed = Message()
            fixed[header] = _unsurrogate(_header_str(value))
    if fixed is not None:
        for header in ("Content-Disposition", "Content-Type"):
            if header not in fixed and part.get(header) is not None:
                fixed[header] = str(part.get(header))
        part = fixed
    name: object = None
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name is None:
        # Content-Type: …; name="…" (old clients)
        try:
            name = part.get_param("name")
        except Exception:
            name = None
        if isinstance(name, tuple):
            name = email.utils.collapse_rfc2231_value(name)
    if not name:
        return ""
    return clean_line(decode_header_value(str(name)), 200)


_ASCII_SPACE = bytes(b for b in range(128) if chr(b).isspace())  # what str.split() drops
_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(text: str) -> bytes:
    """Lenient base64: line by line, junk characters dropped, padding repaired."""
    if text.isascii():  # the usual case, as bytes: the same checks and decoding as below
        packed = text.encode("ascii").translate(None, _ASCII_SPACE)
        bare = packed.rstrip(b"=")
        if (
            len(packed) % 4 == 0
            and len(packed) - len(bare) <= 2
            and not bare.translate(None, _B64_ALPHABET)
        ):
            return binascii.a2b_base64(packed)  # = base64.b64decode(str of packed)
    compact = "".join(text.split())  # = re.sub(r"\s+", "", text): both split on str.isspace
    core = compact.rstrip("=")  # = _B64_CLEAN.fullmatch(compact), without the regex:
    if (
        len(compact) % 4 == 0
        and len(compact) - len(core) <= 2
        and core.isascii()
        and not core.encode("ascii").translate(None, _B64_ALPHABET)
    ):
        return base64.b64decode(compact)  # the usual case, in one go
    out = bytearray()
    carry = ""
    for line in text.splitlines():
        if re.search(r"[^A-Za-z0-9+/=\s]", line):
            continue  # a damaged line: skip it rather than shift every byte after it
        chunk = carry + re.sub(r"\s+", "", line).split("=")[0]
        usable = len(chunk) - len(chunk) % 4
        carry = chunk[usable:]
        try:
            out += base64.b64decode(chunk[:usable])
        except (binascii.Error, ValueError):
            continue
        if "=" in line:  # padding ends a group: flush what is left
            out += _b64_tail(carry)
            carry = ""
    out += _b64_tail(carry)
    return bytes(out)


def _b64_tail(carry: str) -> bytes:
    if len(carry) < 2:
        return b""
    try:
        return base64.b64decode(carry + "=" * (-len(carry) % 4))
    except (binascii.Error, ValueError):
        return b""


def _payload(part: Message) -> bytes:
    cte = raw_header_text(part.get("Content-Transfer-Encoding", "")).strip().lower()
    raw = getattr(
        part, "_payload", None
    )  # get_payload() decodes with the declared charset: may raise
    if cte == "base64" and isinstance(raw, str) and not part.is_multipart():
        return _b64(raw)
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape")
    return b""


def _charset(part: Message) -> str | None:
    if not _may_have_param(part, "Content-Type", "charset"):
        return None
    try:
        return part.get_content_charset()
    except Exception:  # a charset parameter that cannot even be read
        return None


def walk(msg: Message) -> Structure:
    """Collect leaf parts and measure the structure (parts, depth), iteratively."""
    out = Structure()
    stack: list[tuple[Message, int, bool]] = [(msg, 1, False)]
    while stack:
        part, depth, attached = stack.pop()
        out.count += 1
        out.depth = max(out.depth, depth)
        ctype = part.get_content_type()
        if ctype == "multipart/report" and depth == 1:
            out.is_report = True
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            is_message = ctype == "message/rfc822" or ctype.startswith("message/")
            if is_message:
                out.attached_messages.append(_filename(part) or "ileti.eml")
            for child in reversed(payload):
                if isinstance(child, Message):
                    stack.append((child, depth + 1, attached or is_message))
            continue
        disposition = (part.get_content_disposition() or "").lower()
        # get_param reads str(Content-Type) (any case): without the name, the parameter is absent.
        declared = str(part.get("Content-Type", "")).lower()
        cid = raw_header_text(part.get("Content-ID") or "").strip().strip("<>").strip()
        out.parts.append(
            Part(
                content_type=ctype,
                filename=_filename(part),
                data=_payload(part),
                charset=_charset(part),
                disposition=disposition,
                content_id=_unsurrogate(cid),
                in_attached_message=attached,
                flowed="format" in declared
                and str(part.get_param("format") or "").lower() == "flowed",
                delsp="delsp" in declared and str(part.get_param("delsp") or "").lower() == "yes",
            )
        )
    return out


def part_text(part: Part) -> str:
    text = decode_bytes(part.data, part.charset)
    return unflow(text, part.delsp) if part.flowed and part.content_type == "text/plain" else text


def unflow(text: str, delsp: bool = False) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (ending in a space), undo space-stuffing."""
    out: list[str] = []
    buffer = ""
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw[1:] if raw.startswith(" ") else raw
        if line.endswith(" ") and line != "-- ":
            buffer += line[:-1] if delsp else line
        else:
            out.append(buffer + line)
            buffer = ""
    if buffer:
        out.append(buffer)
    return "\n".join(out)


def is_body_part(part: Part) -> bool:
    return (
        not part.in_attached_message
        and part.content_type in ("text/plain", "text/html")
        and part.disposition != "attachment"
        and not part.filename
    )


# --- images ---------------------------------------------------------------------------------


def image_ext(data: bytes) -> str | None:
    """The image type by magic bytes (never by name): jpg, png, gif, webp or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


# --- HTML to text ---------------------------------------------------------------------------

_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "address",
    "center",
    "dl",
    "dt",
    "dd",
    "hr",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "form",
    "blockquote",
}
_SKIP = {"style", "script", "title", "template", "noscript", "xml", "svg", "object"}


class _Row:
    def __init__(self, table: int) -> None:
        self.table = table
        self.cells: list[str] = []
        self.cell: list[str] | None = None

    def finish_cell(self) -> None:
        if self.cell is not None:
            text = "".join(self.cell)
            lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
            self.cells.append(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n"))
            self.cell = None

    def lines(self) -> list[str]:
        self.finish_cell()
        filled = [c for c in self.cells if c.strip()]
        if not filled:
            return []
        if len(filled) == 1:  # a layout cell: keep its lines
            return filled[0].split("\n")
        return [
            "\t".join(
                " ".join(x.strip() for x in c.replace("\t", " ").split("\n") if x.strip())
                for c in self.cells
            )
        ]


class _HtmlText(HTMLParser):
    """HTML → text lines; table rows become tab-separated lines (a single-cell layout row keeps
    its lines); quotes, Outlook's reply trail, scripts and styles are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.quote = 0
        self.rows: list[_Row] = []
        self.table = 0
        self.cids: list[str] = []
        self.stop = False

    def _cell(self) -> list[str] | None:
        return self.rows[-1].cell if self.rows else None

    def _flush(self, force: bool = False) -> None:
        cell = self._cell()
        if cell is not None:
            cell.append("\n")
            return
        if self.current or force:
            self.lines.append("".join(self.current))
            self.current = []

    def _end_row(self) -> None:
        row = self.rows.pop()
        lines = row.lines()
        if not lines:
            return
        cell = self._cell()
        if cell is not None:
            if cell and not "".join(cell[-1:]).endswith("\n"):
                cell.append("\n")
            cell.append("\n".join(lines) + "\n")
        else:
            self._flush()
            self.lines.extend(lines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
            return
        if self.stop:
            return
        classes = attr.get("class", "")
        ident = attr.get("id", "")
        if ident in (
            "divRplyFwdMsg",
            "appendonsend",
            "stopSpelling",
            "mail-editor-reference-message-container",
        ):
            self.stop = True  # Outlook: everything after this is the quoted trail
            return
        if self.quote:
            if tag in ("blockquote", "div", "pre"):
                self.quote += 1
            return
        if tag in ("blockquote", "div", "pre") and (
            tag == "blockquote"
            or "gmail_quote" in classes
            or "moz-cite-prefix" in classes
            or "gmail_signature" in classes
            or "moz-signature" in classes
            or ident in ("Signature", "signature", "ms-outlook-mobile-signature")
        ):
            self.quote = 1  # a quote or a marked signature: not content
            return
        if tag == "img":
            src = attr.get("src", "")
            if src.lower().startswith("cid:"):
                self.cids.append(src[4:].strip())
            return
        if tag == "table":
            self._flush()
            self.table += 1
            return
        if tag == "tr":
            if self.rows and self.rows[-1].table == self.table:
                self._end_row()  # the previous row had no </tr>
            self.rows.append(_Row(self.table))
            return
        if tag in ("td", "th"):
            if not self.rows or self.rows[-1].table != self.table:
                self.rows.append(_Row(self.table))
            self.rows[-1].finish_cell()
            self.rows[-1].cell = []
            return
        if tag == "br":
            self._flush(force=True)
            return
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.stop:
            return
        if self.quote:
            if tag in ("blockquote", "div", "pre"):
                self.quote -= 1
            return
        if tag in ("td", "th"):
            if self.rows and self.rows[-1].table == self.table:
                self.rows[-1].finish_cell()
            return
        if tag == "tr":
            if self.rows and self.rows[-1].table == self.table:
                self._end_row()
            return
        if tag == "table":
            while self.rows and self.rows[-1].table >= self.table:
                self._end_row()
            self.table = max(0, self.table - 1)
            if not self._cell():
                self.lines.append("")
            return
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip or self.quote or self.stop:
            return
        text = re.sub(r"[ \t\r\n]+", " ", data)
        cell = self._cell()
        if cell is not None:
            cell.append(text)
        elif self.rows:
            return  # text between cells (whitespace in <tr>)
        else:
            self.current.append(text)

    def result(self) -> str:
        while self.rows:
            self._end_row()
        self._flush()
        lines = [line.replace("\u00a0", " ").strip(" ") for line in self.lines]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def html_to_text(html: str) -> tuple[str, list[str]]:
    """The visible text of an HTML body (table rows tab-separated) and the cid: images it shows."""
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: S110 - HTMLParser is lenient; keep what was read
        pass
    return parser.result(), parser.cids
