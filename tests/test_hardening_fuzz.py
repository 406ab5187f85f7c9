"""Fuzzing the study-file loader and ``validate`` with Hypothesis.

Generated YAML documents, structurally mutated valid studies (drop, rename,
retype, swap values) and textually mutated study files must never raise
anything but :class:`SpecError` from ``Study.from_yaml``, and ``eventstudy
validate`` must return 0 or 2 (every error a message, never an exception).

The default run draws a few hundred examples (< 30 s); ``-m slow`` runs
>= 10,000 (see docs/hardening.md for the count and time of the last run).
"""

from __future__ import annotations

import io
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from eventstudy.cli import main
from eventstudy.exceptions import EventStudyError, SpecError
from eventstudy.spec import Study

HERE = Path(__file__).parent
VALID = [HERE / "data" / "specs" / "valid_trade_talks.yaml",
         HERE.parent / "studies" / "trade_talks.yaml"]
KEYS = ["title", "source", "data", "model", "event_windows", "assets", "groups", "events",
        "context_events", "claims", "id", "ticker", "name", "calendar", "when", "timezone",
        "from", "to", "kind", "benchmark", "estimation_window", "window", "direction",
        "event", "text", "note", "path", "price", "returns", "cache", "alpha", "publisher",
        "date", "min_estimation_days", "exclude_event_windows", "factors", "url", "summary"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["2018-12-03", "2018-02-30", "2018-12-27T16:30", "America/New_York",
                     "XNYS", "^GSPC", "GM", "up", "down", "any", "market", "csv", "yahoo",
                     "../x", "ON", "no", "1e400", "-0", ".inf", "~", "[0, 1]"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS),
                                                      st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25,
)
DOCS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8)

_yaml = YAML(typ="safe", pure=True)
_TMP = Path(tempfile.mkdtemp(prefix="es_fuzz_"))
_BASES = [_yaml.load(p.read_text()) for p in VALID]
_TEXTS = [p.read_text() for p in VALID]


def dump(obj: Any) -> str:
    buf = io.StringIO()
    _yaml.dump(obj, buf)
    return buf.getvalue()


def load_text(text: str) -> Study | None:
    """Study.from_yaml on ``text``: a Study, or None after a SpecError; anything else fails."""
    path = _TMP / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Study.from_yaml(path)
    except SpecError as exc:
        assert str(exc).strip()
        assert exc.issues
        return None


def validate(text: str) -> None:
    """``eventstudy validate`` on ``text`` returns 0 or 2 and raises nothing."""
    path = _TMP / "fuzz_cli.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rc = main(["validate", str(path)])
    assert rc in (0, 2)


# ------------------------------------------------------------------ mutations
def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


def _get(obj: Any, path: tuple) -> Any:
    for p in path:
        obj = obj[p]
    return obj


@st.composite
def mutated(draw: st.DrawFn) -> str:
    import copy

    doc = copy.deepcopy(draw(st.sampled_from(_BASES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _get(doc, path[:-1]), path[-1]
        op = draw(st.sampled_from(["drop", "rename", "retype", "swap", "dup"]))
        if op == "drop":
            del parent[key]
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8)))
            parent[new] = parent.pop(key)
        elif op == "retype":
            parent[key] = draw(VALUES)
        elif op == "swap":
            other = draw(st.sampled_from(paths))
            try:
                oparent, okey = _get(doc, other[:-1]), other[-1]
                parent[key], oparent[okey] = oparent[okey], parent[key]
            except (KeyError, IndexError, TypeError):
                pass
        elif op == "dup" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return dump(doc)


@st.composite
def text_mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            j = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + draw(st.text(max_size=5)) + lines[i][j:]
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "\t", "  - "])) + lines[i]
        else:
            lines = lines[: i + 1]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ tests
FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=2_600, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert load_text(text) is None
    assert not marker.exists()


@FAST
@given(DOCS)
def test_generated_documents(doc: dict) -> None:
    load_text(dump(doc))


@FAST
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    load_text(text)


@FAST
@given(mutated())
def test_mutated_valid_studies(text: str) -> None:
    study = load_text(text)
    if study is not None:
        assert study.events and study.assets


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(), text_mutated()))
def test_validate_cli_on_mutants(text: str) -> None:
    validate(text)


@FAST
@given(text_mutated())
def test_text_mutated_valid_studies(text: str) -> None:
    load_text(text)


@pytest.mark.slow
@SLOW
@given(DOCS)
def test_generated_documents_slow(doc: dict) -> None:
    load_text(dump(doc))


@pytest.mark.slow
@SLOW
@given(st.text(max_size=400))
def test_arbitrary_text_slow(text: str) -> None:
    load_text(text)


@pytest.mark.slow
@SLOW
@given(mutated())
def test_mutated_valid_studies_slow(text: str) -> None:
    load_text(text)


@pytest.mark.slow
@SLOW
@given(text_mutated())
def test_text_mutated_valid_studies_slow(text: str) -> None:
    load_text(text)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(), text_mutated()))
def test_validate_cli_on_mutants_slow(text: str) -> None:
    validate(text)


def test_errors_are_event_study_errors() -> None:
    """SpecError is an EventStudyError, so the CLI prints it instead of a traceback."""
    assert issubclass(SpecError, EventStudyError)
