"""The fast front-matter emitter/loader (intake/frontmatter.py) against PyYAML, the reference.

* generated front-matter-shaped data: ``emit`` is None or PyYAML's exact text; ``load`` of
  PyYAML's text is None or PyYAML's exact values (types included); ``load`` of mutated or
  arbitrary text is None or what PyYAML loads;
* realistic data (the .eml fixture table, the demo mailbox, the bench messages, submissions with
  decisions / supersedes / notes): the fast path is really taken, on every submission.
"""

from __future__ import annotations

import email
import email.policy
import os
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import frontmatter
from intake.config import Config, load_config
from intake.model import FRONT_MATTER_KEYS, ITEM_KEYS, Decision, Submission
from intake.parse import receive
from intake.store import dump_yaml, dump_yaml_pyyaml, load_yaml, load_yaml_pyyaml
from intake.timeutil import TZ

ROOT = Path(__file__).resolve().parent.parent
MAIL = ROOT / "tests" / "fixtures" / "mail"
ARRIVED = datetime(2026, 11, 26, 10, 30, tzinfo=TZ)
SETTINGS = settings(  # FRONTMATTER_EXAMPLES=20000 for a longer search
    max_examples=int(os.environ.get("FRONTMATTER_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types all the way down (True is not 1, a date not a datetime,
    equal datetimes with the same UTC offset)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


# --- exact examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("09:00", "09:00"),  # not a YAML 1.1 sexagesimal int (leading zero): plain
        ("10:45", "'10:45'"),  # sexagesimal int 645: quoted
        ("yes", "'yes'"),
        ("Null", "'Null'"),
        ("~", "'~'"),
        ("2024-01-01", "'2024-01-01'"),
        ("1_000", "'1_000'"),
        ("", "''"),
        ("it's", "it's"),
        ("'x", "'''x'"),
        ("a: b", "'a: b'"),
        ("a:b", "a:b"),
        ("a #b", "'a #b'"),
        ("a#b", "a#b"),
        ("- a", "'- a'"),
        ("-a", "-a"),
        ("---x", "'---x'"),
        (" x", "' x'"),
        ("Gönüllülük programı", "Gönüllülük programı"),
        ("x:", "'x:'"),
        ("@x", "'@x'"),
    ],
)
def test_scalar_quoting(value: str, written: str) -> None:
    expected = f"k: {written}\n"
    assert dump_yaml_pyyaml({"k": value}) == expected
    assert frontmatter.emit({"k": value}) == expected
    assert same(frontmatter.load(expected), {"k": value})


def test_layout() -> None:
    data = {
        "a": "x\ny\n",
        "b": [{"t": "p\n\nq", "l": [], "d": {}, "e": {"x": 1, "y": "a\nb"}}, "z", {}, []],
        "c": {"d": {"e": "f"}, "l": ["a"], "m": [{"a": True, "b": None}]},
        "dt": datetime(2020, 1, 1, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=3))),
        "day": date(2026, 12, 2),
    }
    expected = (
        "a: |\n  x\n  y\n"
        "b:\n- t: |-\n    p\n\n    q\n  l: []\n  d: {}\n  e:\n    x: 1\n    y: |-\n      a\n      b\n"
        "- z\n- {}\n- []\n"
        "c:\n  d:\n    e: f\n  l:\n  - a\n  m:\n  - a: true\n    b: null\n"
        "dt: 2020-01-01T01:02:03.000004+03:00\n"
        "day: 2026-12-02\n"
    )
    assert dump_yaml_pyyaml(data) == expected
    assert frontmatter.emit(data) == expected
    assert same(frontmatter.load(expected), data)


@pytest.mark.parametrize(
    "text",
    [
        "kelime " * 1140 + "son",  # 7983 characters, plain: one line, no folding yet
        "'a b' " * 900,  # single-quoted: 7202 characters with the doubled quotes
        ("uzun satır " * 1000 + "son\n") * 2,  # literal block lines do not fold at any length
    ],
)
def test_long_text_is_not_folded(text: str) -> None:
    data = {"items": [{"text": text, "tags": [text[:7990]]}]}
    assert frontmatter.emit(data) == dump_yaml_pyyaml(data)
    assert same(frontmatter.load(dump_yaml_pyyaml(data)), data)


@pytest.mark.parametrize(
    "data",
    [
        {"k": 1.5},  # floats
        {"k": ("a",)},  # tuples
        {"k": [["a"]]},  # a sequence in a sequence
        {"k": "x\ty"},  # double-quoted by PyYAML
        {"k": "a\U0001f600"},  # beyond the BMP: libyaml escapes it
        {"k": "\ufeffx"},
        {"k": "x\n\n"},  # keep chomping |+
        {"k": "\nx"},  # indentation indicator |2
        {"k": "x \ny"},  # trailing space on a line: double-quoted
        {"k": " x\ny"},  # multi-line, single-quoted
        {"k": "x" * 9000},  # near the line width
        {"k": "'a b' " * 1330},  # 7980 characters, 10642 once quoted: PyYAML folds it
        {1: "a"},
        {"k" * 200: "a"},
        ["a"],
        "a",
        {"k": datetime(2020, 1, 1, tzinfo=timezone(timedelta(seconds=30)))},  # !!timestamp
    ],
)
def test_outside_the_subset_falls_back(data: Any) -> None:
    assert frontmatter.emit(data) is None
    assert dump_yaml(data) == dump_yaml_pyyaml(data)


def test_shared_objects_are_written_out() -> None:
    """The store writes no anchors/aliases: bytes depend on values, not on object identity
    (the parser shares one date object between items of the same day)."""
    day = date(2026, 12, 2)
    tags = ["a"]
    shared = {"a": [{"d": day, "t": tags}, {"d": day, "t": tags}]}
    fresh = {"a": [{"d": date(2026, 12, 2), "t": ["a"]}, {"d": date(2026, 12, 2), "t": ["a"]}]}
    expected = "a:\n- d: 2026-12-02\n  t:\n  - a\n- d: 2026-12-02\n  t:\n  - a\n"
    for data in (shared, fresh):
        assert dump_yaml_pyyaml(data) == expected
        assert frontmatter.emit(data) == expected
    assert same(frontmatter.load(expected), fresh)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n# comment\n",
        "a: 1\na: 2\n",  # duplicate key
        "a:  x\n",
        "a: ~\n",
        "a: yes\n",
        "a: 0x1F\n",
        "a: 2024-01-01T10:00:00Z\n",
        'a: "x"\n',
        "a: &x 1\nb: *x\n",
        "a: |+\n  x\n\n",
        "- a\n",
        "a: 1",
        "a:\n  - x\n",
        "{}\n",
    ],
)
def test_load_declines_other_text(text: str) -> None:
    assert frontmatter.load(text) is None
    assert same(load_yaml(text), load_yaml_pyyaml(text))


# --- generated data ---------------------------------------------------------------------------

WORDS = [
    "yes", "no", "on", "off", "y", "n", "null", "Null", "~", "true", "True", "FALSE", "",
    " ", "10:45", "09:00", "1:30", "190:20:30", "2024-01-01", "2024-1-1",
    "2024-01-01T10:00:00+03:00", "2024-01-01 10:00:00", "1_000", "0x1F", "0o17", ".5", "1e3",
    ".inf", ".NaN", "-", "--", "---", "...", "- a", "-a", "?", "? a", ":", ":a", "a: b", "a:",
    "a #b", "#a", "<<", "=", "!x", "&a", "*a", "|", ">", "%", "@", "`", "'", '"', "[]", "{}",
    "[a]", "{a: b}", "0", "-0", "+1", "007", "12", "-12", "3.14", "Gençlik", "İstanbul",
    "ŞÜĞÇÖı", "a\nb", "a\nb\n", "a\n\nb", "\na", "a\n\n", "a \nb", "a\n b", "a\t", "\r\n",
    "x\u2028y", "x\x85y", "\ufeff", "é\U0001f600",
]  # fmt: skip
ALPHABET = st.sampled_from(
    [
        *"abcçğıiİöşüÇĞÖŞÜxyzAZ09 ",
        *":#'\"-?|>&*!%@,[]{}`.~=<_/\\",
        *"\n\t\r\xa0\xad\u200b\ue000\x7f\x00\ufffd\x85\u2028",
    ]
)
TEXT = st.one_of(
    st.sampled_from(WORDS),
    st.text(ALPHABET, max_size=30),
    st.tuples(st.sampled_from(WORDS), st.text(ALPHABET, max_size=8), st.sampled_from(WORDS)).map(
        "".join
    ),
)
OFFSETS = st.sampled_from([None, 0, 3 * 3600, -5 * 3600 - 1800, 30])
DATETIMES = st.builds(
    lambda dt, off: dt if off is None else dt.replace(tzinfo=timezone(timedelta(seconds=off))),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)),
    OFFSETS,
)
SCALAR = st.one_of(
    TEXT, st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.dates(), DATETIMES
)
KEYS = st.one_of(
    st.sampled_from(FRONT_MATTER_KEYS + ITEM_KEYS),
    st.sampled_from(["yes", "a b", "", "x:y", "-k", "null", "k" * 130, "Ş"]),
)
ITEM = st.dictionaries(KEYS, st.one_of(SCALAR, st.lists(TEXT, max_size=3)), max_size=6)
VALUE = st.one_of(
    SCALAR,
    st.lists(TEXT, max_size=4),
    st.lists(SCALAR, max_size=3),
    st.lists(ITEM, max_size=3),
    ITEM,
    st.just([]),
    st.just({}),
)
FRONT = st.dictionaries(KEYS, VALUE, min_size=1, max_size=8)
NESTED = st.dictionaries(
    KEYS,
    st.recursive(
        SCALAR,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)
        ),
        max_leaves=12,
    ),
    min_size=1,
    max_size=4,
)


@SETTINGS
@given(NESTED)
def test_nested_shapes_are_pyyaml_or_none(data: dict[str, Any]) -> None:
    text = dump_yaml_pyyaml(data)
    fast = frontmatter.emit(data)
    assert fast is None or fast == text
    loaded = frontmatter.load(text)
    ok, reference = _pyyaml_or_error(text)
    assert loaded is None or (ok and same(loaded, reference))


@SETTINGS
@given(FRONT)
def test_emit_is_pyyaml_or_none(data: dict[str, Any]) -> None:
    fast = frontmatter.emit(data)
    reference = dump_yaml_pyyaml(data)
    assert fast is None or fast == reference
    assert dump_yaml(data) == reference


@SETTINGS
@given(FRONT)
def test_load_of_pyyaml_text_is_pyyaml_or_none(data: dict[str, Any]) -> None:
    text = dump_yaml_pyyaml(data)
    fast = frontmatter.load(text)
    ok, reference = _pyyaml_or_error(text)  # PyYAML cannot read back a +00:00:30 offset
    if not ok:
        assert fast is None
        return
    assert fast is None or same(fast, reference)
    assert same(load_yaml(text), reference)


@SETTINGS
@given(FRONT)
def test_what_emit_writes_load_reads(data: dict[str, Any]) -> None:
    """Plain identifier keys (as in all front matter): the fast loader reads what emit wrote."""
    text = frontmatter.emit(data)
    if text is None or not all(_plain_identifier(k) for k in _keys(data)):
        return
    loaded = frontmatter.load(text)
    assert loaded is not None
    assert same(loaded, load_yaml_pyyaml(text))


def _plain_identifier(key: str) -> bool:
    return key.isidentifier() and key.isascii() and dump_yaml_pyyaml({key: 1}) == f"{key}: 1\n"


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return list(value) + [k for v in value.values() for k in _keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def _pyyaml_or_error(text: str) -> tuple[bool, Any]:
    try:
        return True, load_yaml_pyyaml(text)
    except (yaml.YAMLError, ValueError, AttributeError):  # e.g. 2024-02-30, a +00:00:30 offset
        return False, None


MUTATION_CHARS = st.sampled_from([*" \n-:'\"#|>&*!?[]{}\t~0a", "|-", "  ", "- ", ": "])


@SETTINGS
@given(
    FRONT, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 2), MUTATION_CHARS), max_size=3)
)
def test_load_of_mutated_text_is_pyyaml_or_none(
    data: dict[str, Any], edits: list[tuple[int, int, str]]
) -> None:
    text = dump_yaml_pyyaml(data)
    for position, op, chars in edits:
        at = position % (len(text) + 1)
        if op == 0:
            text = text[:at] + chars + text[at:]
        elif op == 1:
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + chars + text[at + len(chars) :]
    fast = frontmatter.load(text)
    if fast is not None:
        ok, reference = _pyyaml_or_error(text)
        assert ok and same(fast, reference)


PIECES = st.sampled_from(
    [
        *["a", "b", "id", ":", ": ", "-", "- ", " ", "  ", "'", "''", '"', "|", "|-", "|+"],
        *["\n", "#", "[]", "{}", "&", "*", "!", "?", "0", "1", "\t", "null", "yes", "~"],
        *["10:45", "09:00", "2024-01-01", "2024-01-01T10:00:00+03:00", "x y", "Ş"],
    ]
)


@SETTINGS
@given(st.lists(PIECES, max_size=30).map("".join))
def test_load_of_arbitrary_text_is_pyyaml_or_none(text: str) -> None:
    fast = frontmatter.load(text)
    if fast is not None:
        ok, reference = _pyyaml_or_error(text)
        assert ok and same(fast, reference)


# --- realistic data: the fast path is taken ----------------------------------------------------


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "samples" / "intake.yml")


def _fixture_submissions(config: Config) -> list[Submission]:
    out = []
    for path in sorted(MAIL.glob("*.eml")):
        outcome = receive(path.read_bytes(), config, arrived=ARRIVED)
        if outcome.submission is not None:
            out.append(outcome.submission)
    return out


def _mailbox_submissions(config: Config) -> list[Submission]:
    out = []
    for path in sorted((ROOT / "samples" / "mailbox").glob("*/*")):
        outcome = receive(path.read_bytes(), config, arrived=ARRIVED)
        if outcome.submission is not None:
            out.append(outcome.submission)
    return out


def _bench_submissions(tmp: Path, count: int) -> list[Submission]:
    """The submissions of the first ``count`` messages of ``make bench-intake``'s backlog."""
    sys.path.insert(0, str(ROOT))
    try:
        from bench.bench_intake import backlog, config_data
    finally:
        sys.path.remove(str(ROOT))
    path = tmp / "intake.yml"
    data = config_data({"maildir": str(tmp)})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = load_config(path)
    out = []
    for raw in backlog(count):
        sent = email.message_from_bytes(raw.split(b"\n\n", 1)[0], policy=email.policy.default)
        outcome = receive(raw, config, arrived=sent["Date"].datetime)
        assert outcome.outcome in ("accepted", "ignored"), outcome.detail  # auto-replies
        if outcome.submission is not None:
            out.append(outcome.submission)
    assert len(out) >= count * 0.9
    return out


def _variants(sub: Submission) -> list[Submission]:
    """The shapes to_front_matter() gives besides a fresh plan: decided, superseded, noted."""
    decided = replace(
        sub,
        status="approved",
        decision=Decision(
            by="siid@example.gov.tr",
            at=datetime(2026, 11, 27, 9, 5, tzinfo=TZ),
            via="file",
            note="Uygun: 10:45'te paylaşılsın.\nGörsel: ikinci.",
        ),
    )
    superseded = replace(
        sub,
        status="superseded",
        supersedes=("2026-w48-gsb-plan-0a1b2c3d", "2026-w48-gsb-plan-99887766"),
        superseded_by="2026-w48-gsb-plan-ffeeddcc",
        notes=("rapor.pdf yayımlanmadı (izin verilmeyen tür)", "yes", "10:45"),
    )
    return [sub, decided, superseded]


def _check_fast_path(subs: list[Submission]) -> float:
    """Every front matter takes the fast emitter and loader; returns the fraction (1.0)."""
    assert subs
    taken = 0
    for sub in subs:
        front = sub.to_front_matter()
        text = frontmatter.emit(front)
        reference = dump_yaml_pyyaml(front)
        assert text == reference, sub.id
        loaded = frontmatter.load(reference)
        assert loaded is not None, sub.id
        assert same(loaded, load_yaml_pyyaml(reference)), sub.id
        taken += 1
    return taken / len(subs)


def test_fast_path_on_the_fixture_table(config: Config) -> None:
    subs = _fixture_submissions(config)
    assert len(subs) >= 40
    assert _check_fast_path([v for s in subs for v in _variants(s)]) == 1.0


def test_fast_path_on_the_demo_mailbox(config: Config) -> None:
    subs = _mailbox_submissions(config)
    assert len(subs) >= 30
    assert _check_fast_path([v for s in subs for v in _variants(s)]) == 1.0


def test_fast_path_on_the_bench_messages(tmp_path: Path) -> None:
    subs = _bench_submissions(tmp_path, 60)
    assert _check_fast_path(subs) == 1.0


def test_store_round_trip_takes_the_fast_path(config: Config, tmp_path: Path) -> None:
    """store.write then store.read of a decided submission: same bytes and values either way."""
    from intake.store import SubmissionStore

    sub = _variants(_mailbox_submissions(config)[0])[1]
    store = SubmissionStore(tmp_path, {u.id for u in config.units})
    path = store.write(sub)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n" + dump_yaml_pyyaml(sub.to_front_matter()) + "---\n")
    assert store.read(path).to_front_matter() == sub.to_front_matter()
    front = text[4 : text.index("\n---\n") + 1]
    assert frontmatter.load(front) is not None
