"""Every reason code the parse step gives, in one place.

| outcome     | reason           | when                                                                  |
|-------------|------------------|-----------------------------------------------------------------------|
| accepted    | ok               | a registered, authenticated unit's valid submission                   |
| quarantined | too-large        | ``len(raw) > limits.max_message_bytes``                               |
| quarantined | too-complex      | more MIME parts than ``limits.max_parts`` (counted before parsing) or |
|             |                  | nesting deeper than ``limits.max_depth``                              |
| quarantined | spam             | ``X-Spam-Flag: YES`` or ``X-Spam-Status: Yes…``                       |
| quarantined | ambiguous-from   | no From, several From headers or addresses, a From that the three     |
|             |                  | readings (email.utils, the RFC 5322 parser, the <…> text) disagree on,|
|             |                  | or a display name that carries another address                        |
| quarantined | unknown-sender   | the From address is not registered (forwarded unit mail included)     |
| quarantined | auth-failed      | registered (or office) address, but no ``Authentication-Results``     |
|             |                  | from OUR authserv-id passes what ``authentication.require`` asks for  |
|             |                  | the From domain, or "our" headers both pass and fail (one is forged)  |
| quarantined | parser-error     | an unexpected exception while reading the message                     |
| ignored     | own-notice       | our ``X-Intake-Notice`` header, or from ``smtp.from`` / the intake    |
|             |                  | address itself                                                        |
| ignored     | bounce           | multipart/report DSN, MAILER-DAEMON/postmaster, ``Return-Path: <>``   |
| ignored     | auto-reply       | ``Auto-Submitted`` other than ``no``, ``X-Autoreply``,                |
|             |                  | ``Precedence: auto_reply/bulk/junk``, out-of-office subjects          |
|             |                  | (``X-Auto-Response-Suppress`` alone does NOT count)                   |
| ignored     | mailing-list     | ``List-Id`` or ``List-Unsubscribe`` header (or ``Precedence: list``)  |
| ignored     | office-command   | authenticated mail from an office address: not a submission; the     |
|             |                  | fetch applies its command (``Outcome.command``) and records the       |
|             |                  | command's own outcome (:mod:`intake.office` lists those reasons)      |
| rejected    | unknown-type     | no type keyword in the subject and no ``Tür:``/``Type:`` line         |
| rejected    | empty            | nothing usable: empty, only a signature, only quoted text, only an    |
|             |                  | unreadable attachment                                                 |
| rejected    | missing-field    | an item without ``Konu``, a plan item without ``Tarih``, or a post    |
|             |                  | written as prose without any field (one short line included)          |
| rejected    | bad-date         | a date (or ``Hafta``) that cannot be read, does not exist, has an     |
|             |                  | unlikely year or a weekday name that does not match; a line that      |
|             |                  | reads two ways: two dates, "9.10" (a date or a time) under a date     |
|             |                  | heading, a weekday name when the week is not known                    |
| rejected    | bad-time         | a time that is not HH:MM / HH.MM (ranges and suffixes are fine), or   |
|             |                  | two times on one line                                                 |
| rejected    | bad-platform     | a platform name we do not know                                        |
| rejected    | bad-link         | a link that is not http(s) (``javascript:``, ``data:``, ``www.…``)    |
| rejected    | too-many-items   | more items than ``limits.max_items``                                  |
| rejected    | too-many-links   | more links in the body than ``limits.max_links``                      |
| rejected    | bad-attachment   | a CSV/XLSX plan attachment that cannot be read or has no header row   |

A rejection carries every problem found (``Outcome.problems``, in Turkish); ``reason`` is the
first problem's code.
"""

from __future__ import annotations

OK = "ok"

# quarantined
TOO_LARGE = "too-large"
TOO_COMPLEX = "too-complex"
SPAM = "spam"
AMBIGUOUS_FROM = "ambiguous-from"
UNKNOWN_SENDER = "unknown-sender"
AUTH_FAILED = "auth-failed"
PARSER_ERROR = "parser-error"

# ignored
OWN_NOTICE = "own-notice"
BOUNCE = "bounce"
AUTO_REPLY = "auto-reply"
MAILING_LIST = "mailing-list"
OFFICE_COMMAND = "office-command"

# rejected
UNKNOWN_TYPE = "unknown-type"
EMPTY = "empty"
MISSING_FIELD = "missing-field"
BAD_DATE = "bad-date"
BAD_TIME = "bad-time"
BAD_PLATFORM = "bad-platform"
BAD_LINK = "bad-link"
TOO_MANY_ITEMS = "too-many-items"
TOO_MANY_LINKS = "too-many-links"
BAD_ATTACHMENT = "bad-attachment"

QUARANTINED = (
    TOO_LARGE,
    TOO_COMPLEX,
    SPAM,
    AMBIGUOUS_FROM,
    UNKNOWN_SENDER,
    AUTH_FAILED,
    PARSER_ERROR,
)
IGNORED = (OWN_NOTICE, BOUNCE, AUTO_REPLY, MAILING_LIST, OFFICE_COMMAND)
REJECTED = (
    UNKNOWN_TYPE,
    EMPTY,
    MISSING_FIELD,
    BAD_DATE,
    BAD_TIME,
    BAD_PLATFORM,
    BAD_LINK,
    TOO_MANY_ITEMS,
    TOO_MANY_LINKS,
    BAD_ATTACHMENT,
)
ALL = (OK, *QUARANTINED, *IGNORED, *REJECTED)
