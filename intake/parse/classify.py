"""The submission type from the subject (or a ``Tür:`` line), and reply/forward prefixes."""

from __future__ import annotations

import functools
import re

from intake.parse.clean import fast_fold as fold

_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{0,40}\]\s*)?(re|ynt|yan|yanit|cvp|fw|fwd|ilt|ilet|tr|aw|wg|sv|vs|ynt\.|"
    r"reply|cevap|ileti|iletilen)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*",
    re.IGNORECASE,
)

# (regex on the folded subject, type). The earliest match in the subject wins; at the same
# position the longer phrase wins.
KEYWORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bpaylasim bildirim\w*"), "reshare"),
    (re.compile(r"\byeniden paylasim\w*"), "reshare"),
    (re.compile(r"\bre-?share\w*"), "reshare"),
    (re.compile(r"\bhaftalik (paylasim )?plan\w*"), "plan"),
    (re.compile(r"\bpaylasim plan\w*"), "plan"),
    (re.compile(r"\b(weekly |share |sharing )?plan\w*"), "plan"),
    (re.compile(r"\bicerik oneri\w*"), "proposal"),
    (re.compile(r"\boneri\w*"), "proposal"),
    (re.compile(r"\b(content )?proposal\w*"), "proposal"),
    (re.compile(r"\bduyuru\w*"), "announcement"),
    (re.compile(r"\betkinli\w*"), "announcement"),
    (re.compile(r"\btanitim\w*"), "announcement"),
    (re.compile(r"\bannouncement\w*"), "announcement"),
    (re.compile(r"\bevents?\b"), "announcement"),
]

# Only phrases that name an automatic answer: "Tatil dönemi planı" or "Yıllık izin duyurusu" are
# real submissions.
_AUTO_SUBJECT = re.compile(
    r"^(otomatik (yanit|cevap|yanitlama)|ofis disinda|ofiste degil(im)?|izindeyim|out of (the )?office"
    r"|automatic reply|auto(matic)?[- ]?reply|autoreply|abwesenheitsnotiz|i am out of|i'm out of)"
)
# Phrases that say the message is automatic wherever they stand ("RE: Plan - Otomatik yanıt",
# "[AUTO GENERATED] Delivery report").
_AUTO_ANYWHERE = re.compile(
    r"\bauto[- ]?generated\b|\b(otomatik yanit|yanit otomatik|otomatik cevap|out of (the )?office"
    r"|automatic reply|auto[- ]?reply|autoreply)\b"
)


_FORWARD_PREFIX = re.compile(r"^\s*(fw|fwd|ilt|ilet|iletilen|tr|wg)\s*:", re.IGNORECASE)


def is_forward(subject: str) -> bool:
    """The subject's first prefix says the message forwards another (FW:, Fwd:, İLT:)."""
    return bool(_FORWARD_PREFIX.match(fold(subject)))


def strip_prefixes(subject: str) -> str:
    previous = None
    while previous != subject:
        previous = subject
        subject = _PREFIX.sub("", subject, count=1)
    return subject.strip()


def type_of(text: str) -> str | None:
    """The type named by a subject or a Tür: value (None when none is named)."""
    if len(text) <= 300:  # (subjects repeat from mail to mail; a long text is not kept)
        return _type_of(text)
    return _type_of.__wrapped__(text)


@functools.lru_cache(maxsize=1024)
def _type_of(text: str) -> str | None:
    folded = fold(strip_prefixes(text))
    best: tuple[int, int, str] | None = None
    for pattern, kind in KEYWORDS:
        m = pattern.search(folded)
        if m is None:
            continue
        key = (m.start(), -(m.end() - m.start()), kind)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None


def is_auto_subject(subject: str) -> bool:
    folded = fold(strip_prefixes(subject))
    return bool(_AUTO_SUBJECT.match(folded) or _AUTO_ANYWHERE.search(folded))
