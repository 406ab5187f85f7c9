"""Study plans: windows on each asset's own sessions, exclusions, overlaps, gaps, CLI."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.calendar import data_gaps, plan_study
from eventstudy.cli import main
from eventstudy.exceptions import (
    DataGapWarning,
    EventDateRolledWarning,
    OverlappingWindowsWarning,
)
from eventstudy.spec import Study

SPECS = Path(__file__).parent / "data" / "specs"
VALID = SPECS / "valid_trade_talks.yaml"

#: NYSE full-day closures, hand-listed from the NYSE holiday calendar (independent of
#: pandas_market_calendars) for the span the tests touch
NYSE_HOLIDAYS_2017_2019 = pd.to_datetime([
    "2017-01-02", "2017-01-16", "2017-02-20", "2017-04-14", "2017-05-29", "2017-07-04",
    "2017-09-04", "2017-11-23", "2017-12-25", "2018-01-01", "2018-01-15", "2018-02-19",
    "2018-03-30", "2018-05-28", "2018-07-04", "2018-09-03", "2018-11-22", "2018-12-05",
    "2018-12-25", "2019-01-01",
])


def _nyse_sessions(start: str, end: str) -> pd.DatetimeIndex:
    days = pd.bdate_range(start, end)
    return days[~days.isin(NYSE_HOLIDAYS_2017_2019)]


def _study(**over) -> Study:
    base = dict(
        title="plan test",
        model={"benchmark": "^GSPC", "estimation_window": (-250, -11)},
        event_windows=[(0, 0), (0, 1), (-1, 1)],
        assets=[{"ticker": "^GSPC", "calendar": "XNYS", "model": "constant_mean"},
                {"ticker": "GM"},
                {"ticker": "000001.SS", "calendar": "XSHG", "model": "constant_mean"}],
        events=[{"id": "talks", "when": "2018-12-27"}],
    )
    base.update(over)
    return Study(**base)


def test_windows_count_the_assets_own_sessions() -> None:
    plan = plan_study(_study(), warn=False)
    row = plan.get("talks", "GM")
    ref = _nyse_sessions("2017-11-01", "2019-01-31")
    i = ref.get_loc(pd.Timestamp("2018-12-27"))
    assert row.estimation_dates.equals(pd.DatetimeIndex(ref[i - 250:i - 10], name="date"))
    assert row.n_estimation == 240 and row.n_excluded == 0
    assert list(row.windows[(-1, 1)]) == list(ref[i - 1:i + 2])
    sse = plan.get("talks", "000001.SS")
    assert sse.calendar == "XSHG"
    # Shanghai's window runs into 2019 past its New Year closure
    assert list(plan.get("talks", "000001.SS").windows[(0, 1)]) == list(
        pd.to_datetime(["2018-12-27", "2018-12-28"]))


def test_other_events_excluded_from_estimation_with_counts() -> None:
    study = _study(
        events=[{"id": "talks", "when": "2018-12-27"}],
        context_events=[{"id": "fed", "when": "2018-12-05T14:00", "timezone": "America/New_York"}],
        model={"benchmark": "^GSPC", "estimation_window": (-30, -2),
               "min_estimation_days": 20},
    )
    plan = plan_study(study, warn=False)
    row = plan.get("talks", "GM")
    # fed on XNYS: 2018-12-05 is closed -> day 0 2018-12-06; windows [-1, 1] -> 12-04..12-07
    ref = _nyse_sessions("2018-11-01", "2018-12-31")
    fed_span = ref[(ref >= "2018-12-04") & (ref <= "2018-12-07")]
    assert list(row.excluded_dates) == list(fed_span)
    assert row.n_excluded == 3  # 12-04, 12-06, 12-07
    assert row.n_estimation == 29 - 3
    assert plan.context[("fed", "GM")].day0 == pd.Timestamp("2018-12-06")
    kept = plan_study(study.model_copy(update={"model": study.model.model_copy(
        update={"exclude_event_windows": False})}), warn=False)
    assert kept.get("talks", "GM").n_excluded == 0


def test_overlapping_event_windows_warn_with_pairs() -> None:
    study = _study(events=[{"id": "a", "when": "2018-12-27"}, {"id": "b", "when": "2018-12-28"},
                           {"id": "c", "when": "2018-10-01"}])
    # c (2018-10-01) falls in Shanghai's National Day closure: day 0 rolls there
    with pytest.warns(EventDateRolledWarning, match=r"c on 000001\.SS: .* XSHG session 2018-10-08"):
        with pytest.warns(OverlappingWindowsWarning, match=r"a & b on all 3 assets") as rec:
            plan = plan_study(study)
    assert "c" not in str(rec[0].message).split(":", 1)[1].replace("assets", "")
    overlap = next(w for w in rec if issubclass(w.category, OverlappingWindowsWarning))
    assert str(overlap.message).startswith("1 pair of events has overlapping event windows")
    pairs = {(o.first, o.second) for o in plan.overlaps if o.kind == "event_window"}
    assert pairs == {("a", "b")}


def test_range_extends_every_window() -> None:
    study = _study(events=[{"id": "week", "when": {"from": "2018-12-24", "to": "2018-12-28"}}])
    row = plan_study(study, warn=False).get("week", "GM")
    assert row.alignment.extension == 3
    assert list(row.windows[(0, 0)]) == list(pd.to_datetime(
        ["2018-12-24", "2018-12-26", "2018-12-27", "2018-12-28"]))
    assert row.windows[(0, 1)][-1] == pd.Timestamp("2018-12-31")


def test_rolled_warning_only_when_a_holiday_is_skipped() -> None:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        plan_study(_study(events=[{"id": "sat", "when": "2018-12-01"}]))  # weekend only
    assert not [w for w in rec if issubclass(w.category, EventDateRolledWarning)]
    with pytest.warns(EventDateRolledWarning, match="2018-12-31 and 2019-01-01 are holidays"):
        plan_study(_study(events=[{"id": "call", "when": "2018-12-29"}]))


def test_to_frame_one_row_per_event_and_asset() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OverlappingWindowsWarning)
        warnings.simplefilter("ignore", EventDateRolledWarning)
        plan = plan_study(Study.from_yaml(VALID))
    frame = plan.to_frame()
    assert len(frame) == 4 * 6
    row = frame[(frame.event_id == "trump_xi_call") & (frame.ticker == "000001.SS")].iloc[0]
    assert row.day0 == pd.Timestamp("2019-01-02") and bool(row.rolled)
    assert "2018-12-31 and 2019-01-01 are holidays" in row.reason


def test_data_gaps_missing_sessions_and_non_session_rows() -> None:
    plan = plan_study(_study(), warn=False)
    row = plan.get("talks", "GM")
    # synthetic prices (seeded): every session of the span, then punch holes
    rng = np.random.default_rng(3)
    dates = row.estimation_dates.union(row.event_dates)
    prices = pd.Series(100 + rng.standard_normal(len(dates)).cumsum(), index=dates)
    prices = prices.drop([pd.Timestamp("2018-12-28"), pd.Timestamp("2018-06-01")])
    prices[pd.Timestamp("2018-12-25")] = 100.0  # Christmas: not a session
    prices = prices.sort_index()
    with pytest.warns(DataGapWarning, match="2018-12-28"):
        gaps = data_gaps(plan, "GM", prices)
    missing = gaps[gaps.kind == "missing"]
    assert set(missing.date) == {pd.Timestamp("2018-12-28"), pd.Timestamp("2018-06-01")}
    assert set(missing[missing.date == pd.Timestamp("2018-06-01")].window) == {"estimation"}
    extra = gaps[gaps.kind == "non_session"]
    assert list(extra.date) == [pd.Timestamp("2018-12-25")]


def test_validate_cli_prints_day0_and_why(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # the file lists the uncached ticker ON (a YAML 1.2 case): offline, validate fails exactly
    # as run would, so this layout check runs with downloads allowed (validate never downloads)
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["validate", str(VALID)])
    out = capsys.readouterr().out
    assert code == 0
    assert ("XSHG [000001.SS]: day 0 2019-01-02 - Saturday 2018-12-29 → next XSHG session "
            "2019-01-02; 2018-12-31 and 2019-01-01 are holidays") in out
    assert "estimation 2017-12-28..2018-12-11 (240 sessions" in out
    assert "study file is valid" in out


def test_validate_cli_exit_2_on_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(SPECS / "bad_timezone.yaml")])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad_timezone.yaml:10:15: events[0].timezone: unknown time zone" in err
    assert "Traceback" not in err
