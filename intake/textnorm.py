"""Turkish-aware text helpers: case folding, diacritics folding, sort keys.

Python's ``str.lower()`` maps "İ" to "i̇" (i + U+0307) and "I" to "i"; Turkish wants
"İ"→"i" and "I"→"ı". For *matching* (field names, subject keywords, crisis topics) we fold
both cases and every diacritic to plain ASCII so that "GENÇLİK", "Genclik" and "gençlik" meet.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TR_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_FOLD = str.maketrans(
    {
        "ı": "i",
        "İ": "i",
        "I": "i",
        "ş": "s",
        "Ş": "s",
        "ğ": "g",
        "Ğ": "g",
        "ç": "c",
        "Ç": "c",
        "ö": "o",
        "Ö": "o",
        "ü": "u",
        "Ü": "u",
        "â": "a",
        "Â": "a",
        "î": "i",
        "Î": "i",
        "û": "u",
        "Û": "u",
    }
)

# Turkish alphabet order for sorting: a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z
_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}


def tr_lower(text: str) -> str:
    """Lower-case with Turkish rules ("İSTANBUL" → "istanbul", "IŞIK" → "ışık")."""
    return text.translate(_TR_LOWER).lower()


def tr_upper(text: str) -> str:
    """Upper-case with Turkish rules ("istanbul" → "İSTANBUL")."""
    return text.translate(_TR_UPPER).upper()


def _fold_char(ch: str) -> str:
    """One character's fold before lower-casing: the Turkish table, NFKD, combining marks dropped."""
    decomposed = unicodedata.normalize("NFKD", ch.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first use of each character (the fold is per character:
    NFKD decomposes each character on its own, and canonical reordering only moves the combining
    marks that the fold drops)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()

# The fast path for text that decomposes (NFKD) into ASCII and combining marks of U+0300–U+036F
# (Turkish, most Latin text): the same result as the table, without a lookup per character.
# Of the table's letters only "ı" keeps a non-ASCII form under NFKD; every other entry equals
# NFKD with its marks dropped, and "I" becomes "i" by lower-casing. NFKD of a whole string is
# the concatenation of each character's NFKD, reordered only among combining marks (dropped).
_MARKS = "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))
_NOT_ASCII_OR_MARK = re.compile("[^\\x00-\\x7f" + _MARKS + "]")


def fold(text: str) -> str:
    """Case- and diacritics-insensitive key: "Bağlantı" → "baglanti", "GENÇLİK" → "genclik"."""
    if text.isascii():
        return text.lower()  # the table's only ASCII entry, "I" → "i", is lower-casing
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    if _NOT_ASCII_OR_MARK.search(decomposed) is None:
        return decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return text.translate(_FOLD_TABLE).lower()


# fold_lines: every line of a text folded at once. Text is encoded one byte per character
# (windows-1254 holds the Turkish letters; any other character becomes the unused byte 0x81), and
# a byte table gives each character's fold when that is one ASCII character (0x81 otherwise). A
# fold that is one character per character keeps positions, so a line's slice is its fold; lines
# with another character (“, …, an emoji) are folded on their own.
_ONE_BYTE = "intake.textnorm.one-byte"


def _one_byte(exc: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return b"\x81" * (exc.end - exc.start), exc.end


codecs.register_error(_ONE_BYTE, _one_byte)


def _byte_fold(byte: int) -> int:
    try:
        char = bytes([byte]).decode("cp1254")
    except UnicodeDecodeError:
        return 0x81
    before_lower = char.translate(_FOLD_TABLE)
    if len(before_lower) == 1 and before_lower.isascii():
        return ord(before_lower.lower())
    return 0x81


_BYTE_FOLD = bytes(_byte_fold(b) for b in range(256))
# Characters that are not whitespace but fold to it ("¨" → " ", NFKD " " + U+0308), and the
# other way round (none: every whitespace character of windows-1254 folds to whitespace).
_SPACING = bytes(
    b
    for b in range(256)
    if _BYTE_FOLD[b] < 0x80
    and chr(_BYTE_FOLD[b]).isspace() != bytes([b]).decode("cp1254", "replace").isspace()
)
_NOT_SPACING = bytes(b for b in range(256) if b not in _SPACING)


def one_byte(text: str) -> bytes:
    """``text`` in windows-1254, one byte per character (any other character → 0x81)."""
    return text.encode("cp1254", _ONE_BYTE)


def fold_lines(text: str, encoded: bytes | None = None) -> list[str]:
    """``[fold(line.strip()) for line in text.split("\\n")]``, faster on long texts.

    ``encoded``: ``one_byte(text)`` when the caller has it."""
    if encoded is None:
        encoded = one_byte(text)
    folded_bytes = encoded.translate(_BYTE_FOLD)
    if folded_bytes.isascii() and not encoded.translate(None, _NOT_SPACING):
        # Every character folds to one ASCII character, and to whitespace exactly when it is
        # whitespace: the folded line, stripped, is the stripped line folded.
        return [line.strip() for line in folded_bytes.decode("ascii").split("\n")]
    lines = text.split("\n")
    folded = folded_bytes.decode("latin-1").split("\n")
    out: list[str] = []
    for line, whole in zip(lines, folded, strict=True):
        if not whole.isascii():
            out.append(fold(line.strip()))
            continue
        stripped = line.strip()
        if len(stripped) == len(line):
            out.append(whole)
        else:
            start = len(line) - len(line.lstrip())
            out.append(whole[start : start + len(stripped)])
    return out


def sort_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A key that sorts Turkish words in Turkish alphabet order (Ç after C, İ after I)."""
    key: list[tuple[int, int | str]] = []
    for ch in tr_lower(unicodedata.normalize("NFC", text)):
        if ch in _ORDER:
            key.append((1, _ORDER[ch]))
        else:
            key.append((0 if not ch.isalnum() else 2, ch))
    return tuple(key)
