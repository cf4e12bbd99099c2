"""Quoted reply trails, forwarded-message headers, signatures and disclaimers are not content.

``strip_quoted(text)`` returns the text the unit actually wrote. Lines keep their numbers up to
the cut (we only cut the tail, blank out ``>`` lines and forward header blocks), so line numbers
in problems still match what the unit sees at the top of its own mail.
"""

from __future__ import annotations

import re

from intake.textnorm import fold_lines

# Reply attributions ("… tarihinde … yazdı:", "On … wrote:"), possibly wrapped over two lines.
_REPLY_LINES = [
    re.compile(r"tarihinde\b.*\byazdi\s*:?\s*$"),
    re.compile(r"^on\b.*\bwrote\s*:?\s*$"),
]
_OTHER_ATTRIBUTIONS = [
    re.compile(r"(@|\d).*\b(yazdi|wrote)\s*:\s*$"),  # "Ali <a@b> şunu yazdı:", "… 09:12 yazdı:"
    re.compile(
        r"^\d{1,2}[./]\d{1,2}[./]\d{2,4},? \d{1,2}:\d{2},? .*<[^<>@\s]+@[^<>\s]+>:\s*$"
    ),  # Yandex
    re.compile(r"^(am|le|el)\b.*\b(schrieb|a ecrit|escribio)\s*:?\s*$"),
]
# Separators above a quoted message's header block.
_SEPARATOR_LINES = [
    re.compile(
        r"^-{2,}\s*(original message|ozgun ileti|orijinal ileti|orijinal mesaj|asil ileti)\s*-{2,}"
    ),
    re.compile(r"^_{10,}\s*$"),
]
_ATTRIBUTION = _REPLY_LINES + _OTHER_ATTRIBUTIONS + _SEPARATOR_LINES
_FORWARD = re.compile(
    r"^-{2,}\s*(forwarded message|iletilen ileti|iletilmis ileti|ilet(ilen)? mesaj"
    r"|begin forwarded message|message transfere|weitergeleitete nachricht)\s*-*\s*:?$"
    r"|^(begin forwarded message|iletilen (ileti|mesaj)( baslangici)?"
    r"|debut du message reexpedie|anfang der weitergeleiteten nachricht)\s*:?$"
)
# A header block (Outlook, Gmail, Apple Mail) in Turkish, English, French and German.
_HEADER_START = re.compile(r"^\*?(kimden|from|gonderen|de|von)\s*:\*?")
_HEADER_NEXT = re.compile(
    r"^\*?(gonderildi|gonderilme( tarihi)?|gonderme( tarihi)?|sent|date|tarih|kime|to|konu"
    r"|subject|bilgi|cc|onem|importance|envoye|a|objet|gesendet|datum|an|betreff)\s*:"
)
_SIGNATURE = [
    re.compile(r"^--\s*$"),
    re.compile(
        r"^(saygilarimla|saygilarimizla|saygilar|sevgilerimle|iyi calismalar(imizla)?|kolay gelsin"
        r"|kind regards|best regards|regards|best wishes|sincerely|cheers|tesekkurler"
        r"|tesekkur ederim|tesekkur ederiz)\b[\s.,!]*$"
    ),
    re.compile(r"^(bilgilerinize|bilgilerinizi|geregini|gereğini)\b.*(arz|rica|sunar)"),
    re.compile(
        r"(iphone|ipad|android|samsung|huawei|xiaomi|mobil|cep telefonum)\w*\s*'?\w*\s*(dan|den|tan|ten)?\s*gonderildi"
    ),
    re.compile(r"^sent from (my )?(iphone|ipad|android|samsung|mobile|outlook)"),
    re.compile(r"^get outlook for (ios|android)"),
    re.compile(r"(ios|android) icin outlook"),
    re.compile(r"^outlook(\.com)? (mobil|for)"),
]
_DISCLAIMER = [
    re.compile(r"^(yasal )?uyari\s*:"),
    re.compile(r"^(gizlilik|sorumluluk) (uyarisi|reddi|beyani)"),
    re.compile(r"^bu (e-?posta|elektronik posta|ileti|mesaj)\b.*(gizli|yalnizca|sadece|muhatab)"),
    re.compile(r"^(this|the information in this) (e-?mail|message)\b.*(confidential|intended)"),
    re.compile(r"^(disclaimer|confidentiality notice|legal notice)\s*:?"),
]


def _combine(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


_ANY_ATTRIBUTION = _combine(_ATTRIBUTION)
_REPLY_ATTRIBUTION = _combine(_REPLY_LINES)  # "… yazdı:", "On … wrote:"
_SEPARATORS = _combine(_SEPARATOR_LINES)  # "-----Original Message-----", "_____"
_END_OF_CONTENT = _combine(_SIGNATURE + _DISCLAIMER)

# Fast paths (the same answers, without scanning every long line with every pattern):
# - a pattern whose every alternative starts with "^" (no MULTILINE) can only match at 0: .match;
# - an attribution needs one of these words, or starts with "-"/"_" (separators), or has "@"
#   (the Yandex form); a signature or disclaimer not anchored at the start needs one of
#   _UNANCHORED_END_WORDS, the rest match at 0.
_ATTRIBUTION_WORDS = ("yazdi", "wrote", "schrieb", "a ecrit", "escribio", "@")
_UNANCHORED_END = [p for p in _SIGNATURE + _DISCLAIMER if not p.pattern.startswith("^")]
_UNANCHORED_END_WORDS = ("gonderildi", "icin outlook")
_ANCHORED_END = _combine([p for p in _SIGNATURE + _DISCLAIMER if p.pattern.startswith("^")])
assert len(_UNANCHORED_END) == 2 and all(
    any(w in p.pattern for w in _UNANCHORED_END_WORDS) for p in _UNANCHORED_END
)
assert all(p.pattern.startswith("^") for p in _SEPARATOR_LINES)


def _is_attribution(folded: str) -> bool:
    if not (
        "yazdi" in folded
        or "wrote" in folded
        or "@" in folded
        or folded.startswith(("-", "_"))
        or "schrieb" in folded
        or "a ecrit" in folded
        or "escribio" in folded
    ):
        return False
    return _ANY_ATTRIBUTION.search(folded) is not None


def _is_end_of_content(folded: str) -> bool:
    if "gonderildi" in folded or "icin outlook" in folded:
        return _END_OF_CONTENT.search(folded) is not None
    return _ANCHORED_END.match(folded) is not None


# A line is looked at closely only when one of these can match: the anchored patterns (one
# combined match), a word that an unanchored pattern needs, a ">" or "on " start.
_ANCHORED_ANY = _combine([_FORWARD, _SEPARATORS, _HEADER_START, _ANCHORED_END])
_WORDS = (*_ATTRIBUTION_WORDS, "tarihinde", *_UNANCHORED_END_WORDS)
# The characters a match of _ANCHORED_ANY can start with (none matches ""): a line that starts
# otherwise ("metin: …", "platform: …", "") is not matched (checked on the parsed pattern).
_ANCHORED_FIRST = frozenset("*-_abcdfgiklorstuvy")


def _skip_header_block(folds: list[str], i: int, out: list[str]) -> int:
    """Blank a separator line and the header lines after it; return the next line's index."""
    n = len(folds)
    out.append("")
    i += 1
    while i < n and (_HEADER_START.match(folds[i]) or _HEADER_NEXT.match(folds[i])):
        out.append("")
        i += 1
    return i


def strip_quoted(text: str, forwarded: bool = False) -> str:
    """The unit's own text: the tail from the first reply trail, signature or disclaimer is cut,
    ``>`` lines and forwarded-message header blocks are blanked (keeping line numbers).

    ``forwarded`` (the subject says FW:/İLT:): Outlook's first header block introduces the
    forwarded content, which is kept; later blocks are the trail as usual."""
    return "\n".join(strip_quoted_lines(text, forwarded)[0])


def strip_quoted_lines(
    text: str, forwarded: bool = False, encoded: bytes | None = None
) -> tuple[list[str], list[str]]:
    """:func:`strip_quoted` as lines, with each line's ``fold(line.strip())``.

    ``encoded``: ``textnorm.one_byte(text)`` when the caller has it."""
    lines = text.split("\n")
    folds = fold_lines(text, encoded)  # fold(line.strip()) of every line
    everything = "\n".join(folds)
    words = tuple(w for w in _WORDS if w in everything)  # none spans lines
    out: list[str] = []
    i = 0
    n = len(lines)
    # A header block before any text of the unit's own: a forward whose subject lost its FW:.
    first = next((k for k, f in enumerate(folds) if f), n)
    forward_open = forwarded or (
        first < n
        and _HEADER_START.match(folds[first]) is not None
        and _header_block_follows(folds, first + 1)
    )
    while i < n:
        # The lines that nothing below can match (most lines) are content, kept in one slice.
        start = i
        while (
            i < n
            and (
                not (folded := folds[i]).startswith((">", "on "))  # ">": line.lstrip() starts so
                and (folded[:1] not in _ANCHORED_FIRST or _ANCHORED_ANY.match(folded) is None)
                and not (words and any(w in folded for w in words))
            )
        ):
            i += 1
        if i > start:
            out.extend(lines[start:i])
            continue
        line = lines[i]
        folded = folds[i]
        if line.lstrip().startswith(">"):
            out.append("")
            i += 1
            continue
        if _FORWARD.match(folded):
            # Keep the forwarded content, drop its header block (From/Date/Subject/To lines).
            i = _skip_header_block(folds, i, out)
            forward_open = False
            continue
        is_separator = _SEPARATORS.match(folded) and (
            not folded.startswith("_") or _header_block_follows(folds, i + 1)
        )
        if forward_open and (
            is_separator or (_HEADER_START.match(folded) and _header_block_follows(folds, i + 1))
        ):
            if is_separator:
                out.append("")
                i += 1
            i = _skip_header_block(folds, i, out) if i < n and _HEADER_START.match(folds[i]) else i
            forward_open = False
            continue
        if _is_attribution(folded) and (
            not folded.startswith("_") or _header_block_follows(folds, i + 1)
        ):
            break
        # Gmail wraps a long attribution: "… tarihinde <x@y>" / "şunu yazdı:" on the next line.
        if i + 1 < n and ("tarihinde" in folded or folded.startswith("on ")):
            joined = folded + " " + folds[i + 1]
            if _REPLY_ATTRIBUTION.search(joined):
                break
        if _HEADER_START.match(folded) and _header_block_follows(folds, i + 1):
            break
        if _is_end_of_content(folded):
            break
        out.append(line)
        i += 1
    while out and not out[-1].strip():
        out.pop()
    # A kept line is its input line (same fold); a blanked one is "" (fold "").
    return out, [folds[k] if out[k] else "" for k in range(len(out))]


def _header_block_follows(folds: list[str], start: int) -> bool:
    """True when one of the next few lines is an Outlook header line (Gönderildi:/Sent:/Kime:)."""
    seen = 0
    for folded in folds[start : start + 5]:
        if not folded:
            continue
        if _HEADER_START.match(folded):
            return True
        if _HEADER_NEXT.match(folded) and not folded.startswith(("tarih", "konu")):
            return True
        if _HEADER_NEXT.match(folded):
            seen += 1
            if seen >= 2:
                return True
    return False
