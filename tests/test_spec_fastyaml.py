"""The libyaml fast path of the study loader gives ruamel's data, tags and positions.

:mod:`eventstudy.spec.fastyaml` composes valid study files with libyaml;
ruamel.yaml (YAML 1.2, pure Python) stays the reference and reports every
problem. These tests compose the same text with both and compare the built
data (every value and its type) and the problems found while building it;
for the repository's files also the line/column of every key and value
(libyaml places an empty value elsewhere than ruamel, which is why every
message is made from ruamel's pass). Whenever the fast path accepts a text,
ruamel must accept it too.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventstudy.exceptions import SpecError
from eventstudy.spec.fastyaml import _unsure, compose_fast
from eventstudy.spec.load import _Builder, parse_yaml, study_from_text

pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("studies/**/*.yaml"), *ROOT.glob("tests/data/**/*.yaml")])

#: texts on which YAML 1.1 (PyYAML's own rules) and YAML 1.2 differ, and other corners
SNIPPETS = [
    "a: ON\nb: yes\nc: no\nd: off\ne: y\nf: True\ng: FALSE\n",
    "a: 012\nb: 0o17\nc: 0x1F\nd: 1_000\ne: 0b101\nf: +5\ng: -0\nh: 1:20\n",
    "a: 1e3\nb: .5\nc: -.inf\nd: .NaN\ne: 1.5e-3\nf: 6.8523015e+5\ng: 1_0.5\n",
    "a: ~\nb: null\nc: NULL\nd:\ne: ''\nf: \"\"\n",
    "a: 2018-12-03\nb: 2018-12-27T16:30\nc: 2018-12-27 16:30:00 -5\nd: '2018-12-03'\n",
    "a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}}\n= : v\n",
    "a: !!str 5\nb: !!python/object:os.system x\nc: !custom 3\n",
    "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
    'a: "esc \\t \\u00e9 \\/ \\x41"\nb: \'it\'\'s\'\nc: plain # comment\n',
    "events:\n  - {id: e1, when: 2018-12-03, title: \"Dec: talks\"}\n  - id: e2\n"
    "    when: {from: 2018-12-04, to: 2018-12-05}\n",
    "title: Ünïcödé 中文 ✓\nx: {k: v}\n",
    "a: 1\na: 2\n",
    "- 1\n- [2, [3, {x: y}]]\n",
    "a: b: c\n",
    "a: [1, 2\n",
    "%YAML 1.1\n---\na: yes\n",
    "a: 1\n---\nb: 2\n",
    "\t a: 1\n",
    "a: 1\r\nb: 'x\r\n  y'\r\n",
    "[" * 5000,
    # found by fuzzing: libyaml accepts, ruamel refuses (the fast path must step aside)
    'g: ["^":GSPC", "^DJI"]\n',
    'g: ["^GSPC"  :, "^DJI"]\n',
    "b: |#x\n",
    "a: {b: !c: d}\n",
    "t: >-\n    \n  text\n",
    "a: 1\u2028b: 2\n",
    "a: x\x85y\n",
    "a:\tb\n",
    "k: &x [1]\nj: *x\n",
    "name: Deere & Co\n",
    "",
    "# only a comment\n",
]


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _compare(text: str, positions: bool = False) -> bool:
    """Compare both paths on ``text``; return whether the fast path accepted it."""
    ok, node = compose_fast(text)
    if not ok:
        return False
    fast = _Builder()
    try:
        fast_data = fast.build(node, ()) if node is not None else None
    except SpecError:
        return False
    ref_data, ref = parse_yaml(text)  # must not raise: libyaml accepted the text
    assert _same(fast_data, ref_data), text
    if positions:
        assert fast.values == ref.values and fast.keys == ref.keys, text
    assert [(i.loc, i.message) for i in fast.issues] == [(i.loc, i.message) for i in ref.issues]
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_yaml_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        parse_yaml(text)
    except SpecError:  # a deliberately broken file: the fast path must refuse it too
        assert not compose_fast(text)[0]
        return
    # a file holding a construct the parsers may read differently goes to ruamel alone
    assert _compare(text, positions=True) is not _unsure(text)


@pytest.mark.parametrize("text", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippets(text: str) -> None:
    try:
        parse_yaml(text)
        ref_ok = True
    except SpecError:
        ref_ok = False
    fast_ok = _compare(text)
    if not ref_ok:
        assert not fast_ok


def test_yaml_11_words_stay_strings() -> None:
    ok, node = compose_fast("a: ON\nb: no\nc: 012\n")
    assert ok
    data = _Builder().build(node, ())
    assert data == {"a": "ON", "b": "no", "c": 12}  # YAML 1.2: 012 is decimal 12


def test_the_bundled_study_takes_the_fast_path() -> None:
    for name in ("trade_talks.yaml", "apple_warning.yaml"):
        assert not _unsure((ROOT / "studies" / name).read_text(encoding="utf-8"))


def test_deep_nesting_is_refused_not_crashed() -> None:
    # libyaml's C composer would overflow the C stack here; ours stops at the recursion limit
    assert compose_fast("[" * 100_000) == (False, None)


def test_error_message_comes_from_ruamel() -> None:
    text = (ROOT / "studies" / "trade_talks.yaml").read_text(encoding="utf-8")
    bad = text.replace("direction: up", "direction: upward", 1)
    with pytest.raises(SpecError) as info:
        study_from_text(bad, file="s.yaml")
    line = next(i for i, s in enumerate(bad.splitlines(), 1) if "direction: upward" in s)
    assert info.value.issues[0].line == line
    assert "s.yaml" in str(info.value)


_TEXTS = [p.read_text(encoding="utf-8") for p in
          (ROOT / "studies" / "trade_talks.yaml", ROOT / "tests" / "data" / "specs" /
           "valid_trade_talks.yaml")]


@st.composite
def _mutant(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines[i])))
        piece = draw(st.one_of(st.text(max_size=4),
                               st.sampled_from(["{", "}", "[", "]", ": ", "- ", "#", "'", '"',
                                                "&a ", "*a", "!!str ", "\t", "\\", "%", "|",
                                                ">", "? ", ",", "yes", "0o7", "~"])))
        lines[i] = lines[i][:j] + piece + lines[i][j:]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(_mutant(), st.text(max_size=120)))
def test_mutated_texts_agree(text: str) -> None:
    _compare(text)
