"""Return construction and date joins (models.join).

Synthetic series here are small, hand-made and labelled synthetic; the
trade-to-trade example uses the real Shanghai Composite and S&P 500 closes,
with expected values worked out by hand from the CSV rows quoted below.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.exceptions import FactorDataError
from eventstudy.models.join import asset_returns, join_factors, read_factor_csv, trade_to_trade


def d(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


# ---------------------------------------------------------------- asset_returns (synthetic)
SESSIONS = pd.DatetimeIndex(
    ["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10", "2020-01-13"]
)


def test_missing_price_is_missing_return_never_zero() -> None:
    # synthetic prices: 2020-01-08 has no row at all, 2020-01-10 is NaN
    prices = pd.Series(
        [100.0, 101.0, 103.0, np.nan, 99.0],
        index=pd.DatetimeIndex(
            ["2020-01-06", "2020-01-07", "2020-01-09", "2020-01-10", "2020-01-13"]
        ),
    )
    r = asset_returns(prices, SESSIONS)
    assert list(r.index) == list(SESSIONS)
    assert np.isnan(r[d("2020-01-06")])  # first session
    assert r[d("2020-01-07")] == pytest.approx(101 / 100 - 1, rel=1e-15)
    # the gap day and the day after are missing, not zero
    for day in ["2020-01-08", "2020-01-09", "2020-01-10", "2020-01-13"]:
        assert np.isnan(r[d(day)]), day
    assert (r.dropna() != 0).all()


def test_trade_to_trade_option_spans_the_gap() -> None:
    prices = pd.Series(
        [100.0, 101.0, 103.0, np.nan, 99.0],
        index=pd.DatetimeIndex(
            ["2020-01-06", "2020-01-07", "2020-01-09", "2020-01-10", "2020-01-13"]
        ),
    )
    r = asset_returns(prices, SESSIONS, trade_to_trade=True)
    assert np.isnan(r[d("2020-01-08")]) and np.isnan(r[d("2020-01-10")])
    assert r[d("2020-01-09")] == pytest.approx(103 / 101 - 1, rel=1e-15)
    assert r[d("2020-01-13")] == pytest.approx(99 / 103 - 1, rel=1e-15)


def test_log_returns_and_unsorted_input() -> None:
    prices = pd.Series(
        [102.0, 100.0, 101.0], index=pd.DatetimeIndex(["2020-01-08", "2020-01-06", "2020-01-07"])
    )
    r = asset_returns(prices, SESSIONS[:3], kind="log")
    assert r.iloc[1] == pytest.approx(np.log(101 / 100), rel=1e-14)
    assert r.iloc[2] == pytest.approx(np.log(102 / 101), rel=1e-14)
    with pytest.raises(ValueError, match="simple"):
        asset_returns(prices, SESSIONS[:3], kind="pct")  # type: ignore[arg-type]


def test_duplicate_price_dates_refused() -> None:
    prices = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2020-01-06", "2020-01-06"]))
    with pytest.raises(ValueError, match="2020-01-06"):
        asset_returns(prices, SESSIONS)


# ---------------------------------------------------------------- trade_to_trade (real data)
def test_trade_to_trade_shanghai_vs_new_york_by_hand(real_prices) -> None:
    ss = real_prices("000001.SS", "close")
    spx = real_prices("^GSPC", "close")
    b = trade_to_trade(spx, ss.index)
    # ^GSPC closes (CSV): 2018-12-21 2416.620117, 12-24 2351.100098 (Christmas 12-25 closed),
    # 12-26 2467.699951, 12-28 2485.739990, 12-31 2506.850098, 2019-01-02 2510.030029.
    # Shanghai sessions: 12-21, 12-24, 12-25, 12-26, 12-27, 12-28, (closed 12-31, 01-01), 01-02.
    assert b[d("2018-12-24")] == pytest.approx(2351.100098 / 2416.620117 - 1, rel=1e-9)
    # New York was shut on 12-25: the benchmark did not move over Shanghai's 12-24 -> 12-25
    assert b[d("2018-12-25")] == 0.0
    # 12-25 -> 12-26 uses the 12-24 New York close as the starting level
    assert b[d("2018-12-26")] == pytest.approx(2467.699951 / 2351.100098 - 1, rel=1e-9)
    # Shanghai 12-28 -> 01-02 spans New York's 12-31 and 01-02: compounded
    expect = (2506.850098 / 2485.739990) * (2510.030029 / 2506.850098) - 1
    assert b[d("2019-01-02")] == pytest.approx(expect, rel=1e-9)
    assert b[d("2019-01-02")] == pytest.approx(2510.030029 / 2485.739990 - 1, rel=1e-9)
    # indexed by the asset's sessions, never the benchmark's
    assert b.index.equals(pd.DatetimeIndex(ss.index.normalize(), name="date"))
    assert d("2018-12-31") not in b.index


def test_trade_to_trade_joins_by_date_not_position(real_prices) -> None:
    spx = real_prices("^GSPC", "close")
    ss = real_prices("000001.SS", "close")
    shuffled = spx.sample(frac=1.0, random_state=1)
    a = trade_to_trade(spx, ss.index)
    b = trade_to_trade(shuffled, ss.index)
    pd.testing.assert_series_equal(a, b)
    # a positional join would pair different days: make sure we differ from it
    positional = spx.pct_change().to_numpy()[: len(ss)]
    assert not np.allclose(a.to_numpy()[1:50], positional[1:50])


def test_trade_to_trade_equal_calendars_is_plain_return_and_log(real_prices) -> None:
    spx = real_prices("^GSPC", "close")
    p = spx.to_numpy()
    simple = trade_to_trade(spx, spx.index)
    np.testing.assert_allclose(simple.to_numpy()[1:], p[1:] / p[:-1] - 1, rtol=1e-13)
    logr = trade_to_trade(spx, spx.index, kind="log")
    np.testing.assert_allclose(logr.to_numpy()[1:], np.log(p[1:] / p[:-1]), rtol=1e-12)


def test_trade_to_trade_unknown_outside_benchmark_range() -> None:
    # synthetic benchmark covering only the middle of the asset's sessions
    bench = pd.Series([10.0, 11.0], index=pd.DatetimeIndex(["2020-01-07", "2020-01-09"]))
    b = trade_to_trade(bench, SESSIONS)
    assert np.isnan(b[d("2020-01-06")]) and np.isnan(b[d("2020-01-07")])
    assert b[d("2020-01-08")] == 0.0
    assert b[d("2020-01-09")] == pytest.approx(0.1)
    assert np.isnan(b[d("2020-01-10")])  # benchmark data ended: unknown, not flat


# ---------------------------------------------------------------- factors (synthetic)
def test_join_factors_by_date() -> None:
    f = pd.DataFrame(
        {"SMB": [0.01, 0.02, 0.03], "HML": [-0.01, 0.0, 0.01]},
        index=pd.DatetimeIndex(["2020-01-09", "2020-01-06", "2020-01-13"]),
    )
    j = join_factors(f, SESSIONS)
    assert j.loc[d("2020-01-06"), "SMB"] == 0.02
    assert j.loc[d("2020-01-09"), "SMB"] == 0.01
    assert j.loc[d("2020-01-13"), "HML"] == 0.01
    assert j.loc[d("2020-01-07")].isna().all()  # no factor row: missing, never filled


def test_join_factors_errors(tmp_path: Path) -> None:
    dup = pd.DataFrame({"A": [1.0, 2.0]}, index=pd.DatetimeIndex(["2020-01-06", "2020-01-06"]))
    with pytest.raises(FactorDataError, match="2020-01-06"):
        join_factors(dup, SESSIONS)
    text = pd.DataFrame({"A": ["x", "y"]}, index=pd.DatetimeIndex(["2020-01-06", "2020-01-07"]))
    with pytest.raises(FactorDataError, match="'A'"):
        join_factors(text, SESSIONS)
    bad = tmp_path / "f.csv"
    bad.write_text("date,MKT,SMB\n2020-01-06,0.01,0.0\n2020-01-07,oops,0.1\n")
    with pytest.raises(FactorDataError, match=r"f\.csv:3: column 'MKT'"):
        read_factor_csv(bad)


def test_read_factor_csv_roundtrip(tmp_path: Path) -> None:
    p = tmp_path / "ff.csv"
    p.write_text("Date,MKT,SMB\n2020-01-07,0.5,0.1\n2020-01-06,0.25,-0.1\n")
    f = read_factor_csv(p)
    j = join_factors(f, SESSIONS[:3])
    assert j.loc[d("2020-01-06"), "MKT"] == 0.25
    assert j.loc[d("2020-01-07"), "SMB"] == 0.1
    assert j.loc[d("2020-01-08")].isna().all()
