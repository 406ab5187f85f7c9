"""Loading study files: YAML 1.2 semantics, safety, frozen models, Python construction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pydantic
import pytest

from eventstudy.exceptions import SpecError
from eventstudy.spec import DateRange, Study

SPECS = Path(__file__).parent / "data" / "specs"
VALID = SPECS / "valid_trade_talks.yaml"
STUDIES = Path(__file__).resolve().parents[1] / "studies"

MINIMAL = """\
title: t
assets:
  - {ticker: ON, calendar: XNYS, model: constant_mean}
  - {ticker: "yes", calendar: XNYS, model: constant_mean}
events:
  - {id: e, when: 2018-12-27}
"""


def test_valid_file_loads_with_every_kind_of_when() -> None:
    s = Study.from_yaml(VALID)
    assert s.path == VALID
    assert s.title == "US-China trade talks, December 2018"
    assert s.source is not None and s.source.date == dt.date(2018, 12, 31)
    whens = {e.id: e.when for e in s.events}
    assert whens["talks_report"] == dt.date(2018, 12, 27)
    assert whens["tariff_cuts"] == DateRange(**{"from": dt.date(2018, 12, 24),
                                                "to": dt.date(2018, 12, 28)})
    assert whens["example_after_close"] == dt.datetime(2018, 12, 27, 16, 30)
    assert s.model.estimation_window == (-250, -11)
    assert s.event_windows == ((0, 0), (0, 1), (-1, 1), (-5, -1))
    assert s.claim_tickers(s.claims[0]) == ("^GSPC", "^DJI")
    assert s.benchmark_for("GM") == "^GSPC"
    assert s.benchmark_for("^GSPC") is None  # constant-mean model needs none


def test_yaml_12_on_and_yes_stay_strings(tmp_path: Path) -> None:
    p = tmp_path / "on.yaml"
    p.write_text(MINIMAL.replace('"yes"', "yes"))  # unquoted yes too
    s = Study.from_yaml(p)
    assert [a.ticker for a in s.assets] == ["ON", "yes"]


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    p = tmp_path / "dup.yaml"
    p.write_text(MINIMAL + "title: again\n")
    with pytest.raises(SpecError) as info:
        Study.from_yaml(p)
    (issue,) = info.value.issues
    assert issue.path == "title" and (issue.line, issue.column) == (7, 1)
    assert "duplicate key 'title'" in issue.message


@pytest.mark.parametrize("tag", [
    "!!python/object:os.system",
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!custom",
])
def test_python_tags_never_construct_objects(tmp_path: Path, tag: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    p = tmp_path / "tag.yaml"
    p.write_text(MINIMAL.replace("title: t", f"title: {tag} ['echo hi']"))
    with pytest.raises(SpecError) as info:
        Study.from_yaml(p)
    assert called == []
    assert any(i.path == "title" and "not allowed" in i.message for i in info.value.issues)


def test_study_is_frozen() -> None:
    s = Study.from_yaml(VALID)
    with pytest.raises(pydantic.ValidationError):
        s.title = "changed"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        s.assets[0].ticker = "X"  # type: ignore[misc]
    assert isinstance(s.assets, tuple)


def test_same_study_built_in_python() -> None:
    from_file = Study.from_yaml(VALID)
    data = from_file.model_dump(by_alias=True)
    built = Study(**data)
    assert built.path is None
    assert built.model_dump() == from_file.model_dump()


def test_python_construction_reports_all_problems() -> None:
    with pytest.raises(SpecError) as info:
        Study(title="t",
              assets=[{"ticker": "GM"}],  # market model, no benchmark
              events=[{"id": "e", "when": "2018-12-27T10:00", "timezone": "America/NewYork"}],
              claims=[{"id": "c", "text": "x", "event": "nope", "assets": "GM",
                       "window": [0, 1], "direction": "up"}])
    paths = {i.path for i in info.value.issues}
    assert paths == {"assets[0]", "events[0].timezone", "claims[0].event"}
    tz = next(i for i in info.value.issues if i.path == "events[0].timezone")
    assert tz.hint == "did you mean 'America/New_York'?"
    assert all(i.line is None for i in info.value.issues)


def test_naive_time_with_timezone_and_aware_time(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(MINIMAL.replace(
        "  - {id: e, when: 2018-12-27}",
        "  - {id: e, when: '2018-12-27T16:30', timezone: America/New_York}\n"
        "  - {id: f, when: 2018-12-27T21:30:00Z}"))
    s = Study.from_yaml(p)
    assert s.events[0].when == dt.datetime(2018, 12, 27, 16, 30)
    assert s.events[1].when == dt.datetime(2018, 12, 27, 21, 30, tzinfo=dt.UTC)


def test_relative_paths_resolve_against_the_file(tmp_path: Path) -> None:
    (tmp_path / "prices.csv").write_text("date,GM\n")
    p = tmp_path / "csv.yaml"
    p.write_text(MINIMAL + "data: {source: csv, path: prices.csv}\n")
    s = Study.from_yaml(p)
    assert s.resolve(s.data.path) == tmp_path / "prices.csv"


def test_path_key_is_not_accepted_in_the_file(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(MINIMAL + "path: elsewhere.yaml\n")
    with pytest.raises(SpecError, match=r"p\.yaml:7:1: path: unknown key 'path'"):
        Study.from_yaml(p)


def test_bundled_studies_validate() -> None:
    files = sorted(STUDIES.glob("*.yaml"))
    if not files:
        pytest.skip("no bundled studies yet")
    for f in files:
        assert Study.from_yaml(f).events
