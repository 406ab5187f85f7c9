"""Malformed study files: every problem is reported at its exact line and column.

Positions below were counted by hand from the files in tests/data/specs/
(1-based line and column of the offending key or value).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventstudy.exceptions import SpecError
from eventstudy.spec import Study

SPECS = Path(__file__).parent / "data" / "specs"

#: file -> (line, column, field path, text the message must contain)
CASES = {
    "bad_unknown_key.yaml": (7, 5, "assets[1].benchmrk", "did you mean 'benchmark'?"),
    "bad_timezone.yaml": (10, 15, "events[0].timezone",
                          "unknown time zone 'Amercia/New_York' (did you mean "
                          "'America/New_York'?)"),
    "bad_calendar.yaml": (6, 15, "assets[0].calendar", "did you mean 'XNYS'?"),
    "bad_duplicate_key.yaml": (10, 5, "events[0].id", "duplicate key 'id' (first at line 8)"),
    "bad_python_tag.yaml": (6, 13, "assets[1].ticker", "is not allowed"),
    "bad_window_order.yaml": (5, 5, "event_windows[1]", "write it as [-1, 1]"),
    "bad_estimation_overlap.yaml": (4, 22, "model.estimation_window", "end it at -6 or earlier"),
    "bad_claim_event.yaml": (13, 12, "claims[0].event", "unknown event 'cal' (did you mean "
                             "'call'?)"),
    "bad_claim_assets.yaml": (16, 14, "claims[0].assets[0]", "did you mean 'autos'?"),
    "bad_benchmark.yaml": (7, 16, "assets[1].benchmark", "did you mean '^GSPC'?"),
    "bad_group_member.yaml": (8, 15, "groups.autos[1]", "'F' is not an asset"),
    "bad_naive_time.yaml": (9, 11, "events[0].when", "has no time zone"),
    "bad_model_kind.yaml": (2, 15, "model.kind", "did you mean 'market'?"),
    "bad_empty_events.yaml": (7, 9, "events", "the study has no events"),
    "bad_duplicate_event_id.yaml": (11, 9, "context_events[0].id", "duplicate event id 'call'"),
    "bad_ticker_number.yaml": (6, 13, "assets[1].ticker", 'quote it: "600519"'),
    "bad_missing_benchmark.yaml": (5, 5, "assets[1]", "has no benchmark"),
    "bad_factor_no_file.yaml": (3, 3, "model", "needs a factors file"),
    "bad_range.yaml": (9, 11, "events[0].when", "ends before it starts"),
    "bad_missing_title.yaml": (1, 1, "title", "required key 'title' is missing"),
    "bad_csv_path.yaml": (4, 9, "data.path", "file not found"),
}


@pytest.mark.parametrize("name", sorted(CASES), ids=lambda n: n.removesuffix(".yaml"))
def test_malformed_file_points_at_line_column_and_field(name: str) -> None:
    line, col, field_path, text = CASES[name]
    path = SPECS / name
    with pytest.raises(SpecError) as info:
        Study.from_yaml(path)
    err = info.value
    hits = [i for i in err.issues if i.path == field_path]
    assert hits, f"no issue for {field_path}: {err}"
    issue = hits[0]
    assert (issue.line, issue.column) == (line, col), str(err)
    assert text in str(issue)
    assert f"{path}:{line}:{col}: {field_path}: " in str(err)


def test_yaml_syntax_error_has_position() -> None:
    path = SPECS / "bad_yaml_syntax.yaml"
    with pytest.raises(SpecError) as info:
        Study.from_yaml(path)
    (issue,) = info.value.issues
    assert (issue.line, issue.column) == (3, 1)
    assert "YAML syntax error" in issue.message


def test_all_errors_reported_at_once(tmp_path: Path) -> None:
    text = (
        "title: t\n"
        "modle: {}\n"                                   # 2: unknown top-level key
        "assets:\n"
        "  - {ticker: GM, calendar: XNYZ, model: constant_mean}\n"  # 4: bad calendar
        "events:\n"
        "  - {id: a, when: 2018-12-29, timezone: Europe/Londn}\n"  # 6: bad zone
        "claims:\n"
        "  - {id: c, text: x, event: b, assets: GM, window: [0, 1], direction: up}\n"  # 8
    )
    p = tmp_path / "multi.yaml"
    p.write_text(text)
    with pytest.raises(SpecError) as info:
        Study.from_yaml(p)
    got = {(i.path, i.line) for i in info.value.issues}
    assert got == {("modle", 2), ("assets[0].calendar", 4), ("events[0].timezone", 6),
                   ("claims[0].event", 8)}
    london = next(i for i in info.value.issues if i.path == "events[0].timezone")
    assert london.hint == "did you mean 'Europe/London'?"
    assert "4 problems" in str(info.value)


def test_missing_study_file_is_a_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="study file not found"):
        Study.from_yaml(tmp_path / "nope.yaml")


def test_claim_on_context_event_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "ctx.yaml"
    p.write_text(
        "title: t\n"
        "assets: [{ticker: GM, model: constant_mean}]\n"
        "events: [{id: a, when: 2018-12-27}]\n"
        "context_events: [{id: fed, when: 2018-12-19}]\n"
        "claims: [{id: c, text: x, event: fed, assets: GM, window: [0, 0], direction: up}]\n"
    )
    with pytest.raises(SpecError) as info:
        Study.from_yaml(p)
    (issue,) = info.value.issues
    assert issue.path == "claims[0].event" and "context event" in issue.message
    assert (issue.line, issue.column) == (5, 34)  # "claims: [{id: c, text: x, event: " is 33 chars


def _event_study(tmp_path: Path, when: str, zone: str) -> Path:
    p = tmp_path / "offset.yaml"
    p.write_text(
        "title: t\n"
        "assets: [{ticker: GM, model: constant_mean}]\n"
        "events:\n"
        f"  - {{id: a, when: '{when}', timezone: {zone}}}\n"
        "claims: [{id: c, text: x, event: a, assets: GM, window: [0, 0], direction: up}]\n"
    )
    return p


@pytest.mark.parametrize(("when", "zone"), [
    ("2018-12-27T16:30-05:00", "America/New_York"),   # winter: EST
    ("2018-07-02T16:30-04:00", "America/New_York"),   # summer: EDT
    ("2018-12-27T21:30:00+00:00", "UTC"),
    ("2018-12-28T05:30+08:00", "Asia/Shanghai"),
])
def test_offset_that_agrees_with_timezone_is_accepted(tmp_path: Path, when: str,
                                                        zone: str) -> None:
    study = Study.from_yaml(_event_study(tmp_path, when, zone))
    (event,) = study.events
    assert event.when.utcoffset() is not None


@pytest.mark.parametrize(("when", "zone", "given", "expected"), [
    ("2018-12-27T16:30+08:00", "America/New_York", "+08:00", "-05:00"),
    # an EST offset in July contradicts New York's summer time
    ("2018-07-02T16:30-05:00", "America/New_York", "-05:00", "-04:00"),
    ("2018-12-01T20:00+05:30", "America/Argentina/Buenos_Aires", "+05:30", "-03:00"),
])
def test_offset_that_contradicts_timezone_is_refused(tmp_path: Path, when: str, zone: str,
                                                       given: str, expected: str) -> None:
    path = _event_study(tmp_path, when, zone)
    with pytest.raises(SpecError) as info:
        Study.from_yaml(path)
    (issue,) = info.value.issues
    assert issue.path == "events[0].when" and issue.line == 4
    assert f"has offset {given}, but timezone {zone} is {expected}" in issue.message
    assert issue.hint is not None and "drop the offset" in issue.hint
