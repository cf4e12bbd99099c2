"""The parser's fast paths give exactly what the plain definitions give (on every character where
that is the claim), so a speed-up can never change an outcome."""

from __future__ import annotations

import base64
import email
import email.message
import random
import re
from email.policy import compat32

from intake.parse import body, clean, mime
from intake.parse.body import match_field
from intake.textnorm import _FOLD, _FOLD_TABLE, fold, fold_lines, one_byte

EVERY_CHAR = [chr(c) for c in range(0x110000)]


def _fold_by_table(text: str) -> str:
    """The definition of fold: the Turkish table, then each character's NFKD without marks."""
    if text.isascii():
        return text.translate(_FOLD).lower()
    return text.translate(_FOLD_TABLE).lower()


def test_fold_fast_path_matches_the_table_on_every_character() -> None:
    wrong = [hex(ord(c)) for c in EVERY_CHAR if fold(c) != _fold_by_table(c)]
    assert wrong == []


def test_fold_fast_path_matches_the_table_on_mixed_text() -> None:
    rng = random.Random(1)
    pool = "aAıIiİşŞğĞçÇöÖüÜâîûΣσς .Αﬁ¨´½ẞßǅ\u0301\u0307\u034f\u0345"
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert fold(text) == _fold_by_table(text), repr(text)


def test_fold_lines_is_fold_of_each_stripped_line() -> None:
    rng = random.Random(2)
    pool = list("aAıİşŞçÖü \t\n\n\r\x0b\x1c\x85\u2028\u00a0\u3000“”…–€™½¨´¸\u0301ﬁ:>@🎉") + [
        chr(c) for c in range(256)
    ]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        want = [fold(line.strip()) for line in text.split("\n")]
        assert fold_lines(text) == want, repr(text)
        assert fold_lines(text, one_byte(text)) == want, repr(text)
    for char in EVERY_CHAR[:0x3400]:
        text = f" {char}x\n{char}\na{char} "
        assert fold_lines(text) == [fold(line.strip()) for line in text.split("\n")], hex(ord(char))


def test_one_byte_keeps_one_byte_per_character() -> None:
    text = "Gençlik “kampı” 🎉 İ\u200b\n\u00a0x"
    assert len(one_byte(text)) == len(text)
    assert one_byte("\u00a0 ") == b"\xa0 "


def test_every_character_strip_invisible_removes_is_flagged() -> None:
    removed = [c for c in EVERY_CHAR if clean._INVISIBLE.match(c) or clean._CONTROL.match(c)]
    assert len(removed) > 60
    assert [hex(ord(c)) for c in removed if not clean.may_hide(one_byte(c))] == []
    # Only NBSP becomes 0xA0 and only a space 0x20 (the body's NBSP → space step relies on it).
    assert [c for c in EVERY_CHAR if one_byte(c) in (b"\xa0", b" ")] == [" ", "\u00a0"]
    assert not clean.may_hide(one_byte("Tarih: 02.12.2026\n\tKonu: Gençlik “kampı”"))


def test_every_block_special_character_is_unprintable() -> None:
    special = [c for c in EVERY_CHAR if clean._BLOCK_SPECIAL.match(c)]
    assert len(special) > 60
    assert [hex(ord(c)) for c in special if c.isprintable() or c == "\n"] == []


def test_whitespace_removal_by_split_matches_the_regex() -> None:
    wrong = [c for c in EVERY_CHAR if re.sub(r"\s+", "", f"a{c}b") != "".join(f"a{c}b".split())]
    assert wrong == []


def test_ascii_base64_fast_path_matches_the_text_path() -> None:
    assert bytes(b for b in range(128) if "".join(chr(b).split()) == "") == mime._ASCII_SPACE
    rng = random.Random(6)
    pool = "AZaz09+/=\n\r\t \x0b\x0c\x1c\x1f-"
    for _ in range(50_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 16)))
        compact = "".join(text.split())
        if len(compact) % 4 == 0 and re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", compact):
            assert mime._b64(text) == base64.b64decode(compact), repr(text)


def test_base64_alphabet_check_matches_the_regex() -> None:
    pattern = re.compile(r"[A-Za-z0-9+/]*={0,2}")
    rng = random.Random(3)
    pool = "AZaz09+/==-_.\u00e9 "
    for _ in range(50_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        core = text.rstrip("=")
        fast = (
            len(text) - len(core) <= 2
            and core.isascii()
            and not core.encode("ascii").translate(None, mime._B64_ALPHABET)
        )
        assert fast == bool(pattern.fullmatch(text)), repr(text)


def _match_field_by_regex(line: str) -> tuple[str, str, str] | None:
    if "*" in line[:40]:
        line = body._STARRED.sub(r"\1:", line, count=1)
    m = body._FIELD_LINE.match(line)
    if not m:
        return None
    name = m.group(1).strip()
    key = body.field_of(name)
    if key is None:
        return None
    value = m.group(2)
    if value.startswith("//"):
        return None
    return key, name, value.strip()


def test_field_labels_memoised_match_the_regex() -> None:
    rng = random.Random(4)
    names = [*sorted(body.NAME_TO_FIELD), "Tarih", "TARİH", "Bağlantı", "Yayın Tarihi", "x", "url"]
    junk = [*" \t\r\n\x0b\u00a0\u3000:：*-•·.'’/ab1İı", "//", "http://x", "*Tarih:*", "**"]
    for _ in range(50_000):
        line = "".join(
            rng.choice(names) if rng.random() < 0.4 else rng.choice(junk)
            for _ in range(rng.randint(1, 6))
        )
        assert match_field(line) == _match_field_by_regex(line), repr(line)


def _structure(msg: email.message.Message) -> list[object]:
    return [
        (
            part.get_content_type(),
            [(type(d).__name__, str(d)) for d in part.defects],
            [(k, str(v)) for k, v in part.items()],
            part._payload if not part.is_multipart() else len(part.get_payload()),  # type: ignore[attr-defined]
            part.preamble,
            part.epilogue,
        )
        for part in msg.walk()
    ]


def test_one_piece_parse_equals_the_stdlib_pieces() -> None:
    """parse_message feeds the whole message at once; message_from_bytes feeds 8,192-character
    pieces: the same message, whatever line ending falls on a piece's edge."""
    rng = random.Random(5)
    endings = ["\r", "\r\n", "\n", "\r\r\n", "\n\r", "\r\n\r\n"]
    for _ in range(300):
        boundary = "b" + str(rng.randint(0, 99))
        lines = [
            "From: <a@b.example>",
            "Subject: x",
            f'Content-Type: multipart/mixed; boundary="{boundary}"',
            "",
        ]
        while sum(len(line) + 1 for line in lines) < 26_000:
            roll = rng.random()
            if roll < 0.05:
                lines += [f"--{boundary}", "Content-Type: text/plain; charset=utf-8", ""]
            elif roll < 0.07:
                lines.append(f"--{boundary}--")
            else:
                lines.append("x" * rng.randint(0, 120))
        text = "".join(line + rng.choice(endings) for line in lines)
        for edge in (8192, 16384, 24576):
            at = edge + rng.randint(-2, 2)
            text = text[:at] + rng.choice(endings) + text[at:]
        raw = text.encode("utf-8")
        ours = mime.parse_message(raw)
        stdlib = email.message_from_bytes(raw, policy=compat32)
        assert _structure(ours) == _structure(stdlib)


def _first_chars(seq: object) -> tuple[set[str] | None, bool]:
    """(the characters a match of this parsed pattern can start with, or None when it cannot be
    told; whether it can match "") — for literals, classes, groups, branches, repeats, anchors."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: set[str] = set()
    for op, av in seq:  # type: ignore[attr-defined]
        if op is c.AT:
            continue
        if op is c.LITERAL:
            chars, empty = {chr(av)}, False
        elif op is c.IN:
            chars, empty = set(), False
            for kind, arg in av:
                if kind is c.LITERAL:
                    chars.add(chr(arg))
                elif kind is c.RANGE:
                    chars |= {chr(x) for x in range(arg[0], arg[1] + 1)}
                else:
                    return None, False
        elif op is c.SUBPATTERN:
            found, empty = _first_chars(av[3])
            if found is None:
                return None, False
            chars = found
        elif op is c.BRANCH:
            chars, empty = set(), False
            for branch in av[1]:
                found, branch_empty = _first_chars(branch)
                if found is None:
                    return None, False
                chars |= found
                empty = empty or branch_empty
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            found, sub_empty = _first_chars(av[2])
            if found is None:
                return None, False
            chars, empty = found, av[0] == 0 or sub_empty
        else:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def test_anchored_patterns_start_with_the_listed_characters() -> None:
    from re import _parser  # type: ignore[attr-defined]

    from intake.parse import quoting

    assert not quoting._ANCHORED_ANY.flags & (re.IGNORECASE | re.MULTILINE)
    chars, empty = _first_chars(_parser.parse(quoting._ANCHORED_ANY.pattern))
    assert chars is not None and not empty
    assert chars <= quoting._ANCHORED_FIRST
    assert quoting._ANCHORED_ANY.match("metin: x") is None  # the skipped lines, for instance


def test_item_heading_starts_with_space_digit_or_a_listed_letter() -> None:
    """split_items tries the heading pattern only on a line whose fold starts with whitespace, a
    digit (neither is a letter), or with a first letter of a heading word and ends with whitespace,
    a digit or ".:)-" (not a letter): every match with a number does."""
    prefix = r"^\s*(?:(\d{1,3})\s*[.)-]?\s*)?(?:" + "|".join(body._HEADING_WORDS) + ")"
    assert body._ITEM_HEADING.pattern.startswith(prefix)
    assert body._ITEM_HEADING.pattern.endswith(r")\s*(\d{1,3})?\s*[.:)-]?\s*$")
    assert not body._ITEM_HEADING.flags & re.IGNORECASE
    assert {"p", "o", "g", "i", "m"} == body._HEADING_FIRST
    assert not any(c.isalpha() for c in EVERY_CHAR if re.match(r"\s|\d", c))


def test_memos_keep_only_short_values() -> None:
    """The parser's memos (a plan repeats its dates, platforms, tags; a unit its From) keep
    short written forms only: a stream of huge values must not fill a worker's memory."""
    import contextlib
    from datetime import date

    from intake.parse import items, sender

    long = "X, " * 2_000
    memos = [items._platforms_of, items._tags_of, items._read_date_time, body._field_of]
    memos.append(sender._address_in)
    before = [memo.cache_info().currsize for memo in memos]
    assert items.platforms_of(long)[0] == ["X"]
    assert items.tags_of(long) == ["X"]
    assert body.field_of("Tarih" + " " * 500) == "date"
    with contextlib.suppress(Exception):  # only the memo's size matters here
        items._split_date_time("02.12.2026" + " " * 500, date(2026, 12, 1))
    msg = email.message_from_string(f"From: {'A' * 2_000} <a@example.gov.tr>\n\n", policy=compat32)
    sender.from_address(msg)
    assert [memo.cache_info().currsize for memo in memos] == before
    assert items.platforms_of("X, Instagram")[0] == ["X", "Instagram"]  # a short one is kept
    assert items._platforms_of.cache_info().currsize >= 1
