"""Who sent it (the From address, read strictly), whether our mail server authenticated it,
and whether the message is automated (auto-reply, bounce, list, own notice, spam).
"""

from __future__ import annotations

import email.utils
import functools
import re
from email.headerregistry import HeaderRegistry
from email.message import Message

import authres

from intake.config import Config
from intake.parse import reasons
from intake.parse.classify import is_auto_subject
from intake.parse.mime import decode_header_value, header_text, raw_header_text

NOTICE_HEADER = "X-Intake-Notice"
_ADDR = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_REGISTRY = HeaderRegistry()


def from_address(msg: Message) -> tuple[str | None, str]:
    """(address, '') when the From header names exactly one address that every parser agrees on;
    (None, why) otherwise."""
    values = msg.get_all("From") or []
    if not values:
        return None, "no From header"
    if len(values) > 1:
        return None, f"{len(values)} From headers"
    # Parse the header as sent: decoding RFC 2047 first would turn an encoded display name
    # such as "=?utf-8?q?Demir=2C_Ay=C5=9Fe?=" into "Demir, Ayşe", which reads as two addresses.
    raw = re.sub(r"\r?\n[ \t]*", " ", raw_header_text(values[0])).strip()
    if not raw:
        return None, "empty From header"
    if len(raw) > _MEMO_CHARS:  # only short values are remembered (the memory stays small)
        return _address_in.__wrapped__(raw)
    return _address_in(raw)


_MEMO_CHARS = 1000


@functools.lru_cache(maxsize=1024)
def _address_in(raw: str) -> tuple[str | None, str]:
    """:func:`from_address` for one unfolded From value (a unit sends from the same From)."""
    # Parser 1: email.utils (the lenient one most software uses).
    pairs = email.utils.getaddresses([raw])
    found1 = [addr for _, addr in pairs if addr]
    # Parser 2: the RFC 5322 header parser of email.policy.default.
    try:
        header = _REGISTRY("from", raw)
        found2 = [a.addr_spec for a in header.addresses if a.addr_spec]  # type: ignore[attr-defined]
        defects: list[object] = list(header.defects)
    except Exception:
        found2, defects = [], ["unparseable"]
    # Parser 3: a plain reading — the text in the last <…>, or the whole value.
    m = re.findall(r"<([^<>]*)>", raw)
    if m:
        found3 = [m[-1].strip()]
        if len(m) > 1:
            found3.append(m[0].strip())
    else:
        found3 = [re.sub(r"\([^()]*\)", " ", raw).strip()]  # "a@b.c (Ad Soyad)": a comment
    if len(found1) != 1 or len(found2) != 1:
        return None, f"From names {max(len(found1), len(found2))} addresses"
    a1, a2, a3 = found1[0].lower(), found2[0].lower(), found3[0].lower()
    if len(found3) > 1 or not (a1 == a2 == a3):
        return None, "parsers read the From differently"
    if not _ADDR.match(a1):
        return None, "From is not a plain address"
    if any("@" in str(d) or "InvalidHeader" in type(d).__name__ for d in defects):
        return None, "From has defects"
    # An address inside the display name that differs from the real one is a spoofing attempt.
    display = raw[: raw.rfind("<")] if "<" in raw else ""
    for other in re.findall(r"[\w.+-]+@[\w.-]+", display):
        if other.lower() != a1:
            return None, "display name carries another address"
    return a1, ""


def authenticated(msg: Message, address: str, config: Config) -> tuple[bool, str]:
    """Whether an Authentication-Results header from OUR authserv-id passes what ``require`` asks."""
    require = config.authentication.require
    if require == "none":
        return True, "authentication not required"
    ours = config.authentication.authserv_id.lower()
    domain = address.rsplit("@", 1)[-1].lower()
    seen_ours = False
    passed = False
    other: list[str] = []
    for value in msg.get_all("Authentication-Results") or []:
        text = decode_header_value(value)
        first = re.match(r"\s*([^\s;]+)", text)
        if first is None or first.group(1).lower() != ours:
            continue  # another host's header: ignored without parsing it
        only = _only_method(text, require)
        header = (_parse_results if len(only) <= _MEMO_CHARS else _parse_results.__wrapped__)(only)
        if header is None:  # a malformed header counts as absent
            continue
        if str(header.authserv_id).lower() != ours:
            continue
        seen_ours = True
        for result in header.results:
            if str(result.method).lower() != require:
                continue
            verdict = str(result.result).lower()
            if verdict == "pass" and _aligned(result, require, domain):
                passed = True
            else:
                other.append(verdict if verdict != "pass" else "pass for another domain")
    if not seen_ours:
        return False, f"no Authentication-Results from {ours}"
    if passed and not other:
        return True, f"{require}=pass from {ours}"
    if passed:
        # A pass next to a fail from "our" host: one of them was written by the sender.
        return False, f"conflicting {require} results from {ours} (pass and {', '.join(other)})"
    return False, f"{require} did not pass at {ours}" + (f" ({', '.join(other)})" if other else "")


@functools.lru_cache(maxsize=256)
def _parse_results(text: str) -> authres.AuthenticationResultsHeader | None:
    """The parsed header (only the required method's results are kept, so the same server
    writes the same text for every mail from one domain), or None when malformed."""
    try:
        return authres.AuthenticationResultsHeader.parse_value(text)
    except Exception:
        return None


def _split_top(text: str) -> list[str]:
    """Split at ';' outside comments and quoted strings."""
    if "\\" not in text and '"' not in text and "(" not in text:
        return text.split(";")  # no escape, quote or comment: every ';' splits
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _only_method(text: str, method: str) -> str:
    """The header with only the results of ``method`` (parsing every result is slow, and only
    this one decides); authres still parses what is kept."""
    parts = _split_top(text)
    kept = [
        p for p in parts[1:] if re.match(rf"\s*(?:\([^)]*\)\s*)*{method}\s*=", p, re.IGNORECASE)
    ]
    return ";".join([parts[0], *kept]) if kept else parts[0] + "; none"


def _aligned(result: object, method: str, domain: str) -> bool:
    """The passing result is about the From domain (when the header says which domain)."""
    props = {
        f"{p.type}.{p.name}".lower(): str(p.value).lower()
        for p in getattr(result, "properties", [])
    }
    wanted = {
        "dmarc": ("header.from",),
        "dkim": ("header.d", "header.i"),
        "spf": ("smtp.mailfrom", "smtp.helo"),
    }[method]
    values = [props[k] for k in wanted if k in props]
    if not values:
        return True
    for value in values:
        host = value.rsplit("@", 1)[-1].lstrip("@")
        if host == domain or domain.endswith("." + host) or host.endswith("." + domain):
            return True
    return False


def automated(
    msg: Message, subject: str, address: str | None, config: Config, is_report: bool
) -> tuple[str, str] | None:
    """(reason, detail) when the message is automated mail we must ignore or quarantine."""
    # msg.get(name) is None exactly when no header has that name (any case): one set of the
    # names saves reading the absent ones, most of those below.
    present = {name.lower() for name in msg}  # (iterating a Message gives its header names)

    def header(name: str) -> str:
        return header_text(msg, name) if name.lower() in present else ""

    if NOTICE_HEADER.lower() in present:
        return reasons.OWN_NOTICE, f"carries our {NOTICE_HEADER} header"
    own = config.smtp.sender.lower() if config.smtp and config.smtp.sender else ""
    if address and own and address == own:
        return reasons.OWN_NOTICE, "from our own address"
    if address and config.site.intake_address and address == config.site.intake_address.lower():
        return reasons.OWN_NOTICE, "from the intake address itself"
    flag = header("X-Spam-Flag").strip().lower()
    status = header("X-Spam-Status").strip().lower()
    if flag.startswith("yes") or status.startswith("yes"):
        return reasons.SPAM, "spam-flagged by the mail server"
    return_path = header("Return-Path").strip()
    raw_from = header("From").lower()
    if (
        is_report
        or re.search(r"mailer-daemon|postmaster@", raw_from)
        or return_path in ("<>", "< >")
    ):
        return reasons.BOUNCE, "a delivery status notification (bounce)"
    auto = header("Auto-Submitted").strip().lower()
    if auto and not auto.startswith("no"):
        return reasons.AUTO_REPLY, f"Auto-Submitted: {auto[:40]}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if name.lower() in present:
            return reasons.AUTO_REPLY, f"{name} header"
    precedence = header("Precedence").strip().lower()
    if precedence in ("auto_reply", "bulk", "junk"):
        return reasons.AUTO_REPLY, f"Precedence: {precedence}"
    if is_auto_subject(subject):
        return reasons.AUTO_REPLY, "out-of-office subject"
    if "list-id" in present or "list-unsubscribe" in present:
        return reasons.MAILING_LIST, "mailing-list headers"
    if precedence == "list":
        return reasons.MAILING_LIST, "Precedence: list"
    return None
