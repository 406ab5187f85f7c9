"""A returns panel built once and reused, and the alignment lookups behind it.

``session_positions`` is checked against ``numpy.searchsorted`` (the rule it
replaces) and ``ticker_rows`` against ``Index.get_indexer``, on every kind of
date (sessions, weekends, holidays, before and after the panel, NaT). A batch
on a prepared :class:`Panel` must give bitwise the numbers of the same batch
on the frame. SYNTHETIC seeded returns (labelled) on real NYSE sessions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eventstudy.batch import Panel, batch, to_panel
from eventstudy.batch.panel import session_positions, ticker_rows
from eventstudy.calendar import sessions
from eventstudy.exceptions import BatchInputError

DAYS = sessions("XNYS", "2017-10-02", "2019-03-29")


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """SYNTHETIC returns (seeded) for 6 tickers and a market column on NYSE sessions."""
    rng = np.random.default_rng(404)
    m = 0.01 * rng.standard_normal(len(DAYS))
    r = 0.9 * m[:, None] + 0.02 * rng.standard_normal((len(DAYS), 6))
    r[rng.random(r.shape) < 0.01] = np.nan
    out = pd.DataFrame(r, index=DAYS, columns=[f"SYN{j}" for j in range(6)])
    out["MKT"] = m
    return out


@pytest.fixture(scope="module")
def events(frame) -> pd.DataFrame:
    rng = np.random.default_rng(405)
    n = 60
    days = pd.to_datetime(rng.choice(pd.date_range("2018-10-01", "2019-02-28").to_numpy(), n))
    ev = pd.DataFrame({"ticker": rng.choice([f"SYN{j}" for j in range(6)], n), "date": days})
    day0 = DAYS[DAYS.searchsorted(ev["date"])]
    return ev[~pd.Series(list(zip(ev["ticker"], day0, strict=True))).duplicated()]


def test_session_positions_equal_searchsorted_on_every_kind_of_date():
    sess = DAYS.to_numpy(dtype="datetime64[ns]")
    days = pd.date_range("2017-09-01", "2019-05-01").to_numpy(dtype="datetime64[ns]")
    days = np.concatenate([days, np.array(["NaT", "1990-01-01", "2030-06-30"],
                                          dtype="datetime64[ns]")])
    got = session_positions(sess, days)
    want = np.searchsorted(sess, days, side="left")
    assert np.array_equal(got, want)
    # Saturday 2018-12-29 -> Monday 2018-12-31; Dec 5, 2018 (market closed) -> Dec 6
    for day, nxt in (("2018-12-29", "2018-12-31"), ("2018-12-05", "2018-12-06")):
        k = session_positions(sess, np.array([day], dtype="datetime64[ns]"))[0]
        assert DAYS[k] == pd.Timestamp(nxt)


def test_session_positions_fall_back_off_midnight():
    sess = (DAYS[:50] + pd.Timedelta(hours=16)).to_numpy(dtype="datetime64[ns]")
    days = DAYS[:60].to_numpy(dtype="datetime64[ns]")
    assert np.array_equal(session_positions(sess, days), np.searchsorted(sess, days))


def test_ticker_rows_equal_get_indexer():
    tickers = pd.Index(["A", "B", "C", "MKT"])
    names = pd.Series(["C", "A", "Z", "MKT", "A", "C", "Q"])
    assert np.array_equal(ticker_rows(tickers, names),
                          tickers.get_indexer(pd.Index(names)))


def test_prepared_panel_gives_the_same_numbers(frame, events):
    panel = to_panel(frame)
    assert to_panel(panel) is panel
    for tests in (False, "single", True):
        a = batch(frame, events, benchmark="MKT", tests=tests)
        b = batch(panel, events, benchmark="MKT", tests=tests)
        for name in ("car", "car_se", "t_stat", "p_value", "p_value_sq", "ar", "ar_se"):
            assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
        pd.testing.assert_frame_equal(a.events, b.events)
        assert str(a.summary()) == str(b.summary())
        pd.testing.assert_frame_equal(a.to_frame("tests"), b.to_frame("tests"))


def test_prepared_panel_with_a_benchmark_series_is_not_changed(frame, events):
    panel = to_panel(frame.drop(columns="MKT"))
    before = panel.values.copy()
    a = batch(frame.drop(columns="MKT"), events, benchmark=frame["MKT"], tests=False)
    b = batch(panel, events, benchmark=frame["MKT"], tests=False)
    assert np.array_equal(a.car, b.car, equal_nan=True)
    assert np.array_equal(panel.values, before, equal_nan=True)  # the user's panel untouched
    assert panel.values.shape[0] == 6


def test_series_named_like_a_ticker_replaces_it_as_with_a_frame(frame, events):
    other = frame["SYN0"].rename("MKT")  # a "benchmark" that replaces the MKT column
    a = batch(frame, events, benchmark=other, tests=False)
    b = batch(to_panel(frame), events, benchmark=other, tests=False)
    assert np.array_equal(a.car, b.car, equal_nan=True)


def test_prepared_panel_factor_model_matches_the_frame(frame, events):
    rng = np.random.default_rng(406)
    f = pd.DataFrame(0.005 * rng.standard_normal((len(DAYS), 4)), index=DAYS,
                     columns=["Mkt-RF", "SMB", "HML", "RF"])  # SYNTHETIC factors
    f["RF"] = 0.0001
    a = batch(frame, events, model="ff3", factors=f, tests=False)
    b = batch(to_panel(frame), events, model="ff3", factors=f, tests=False)
    assert np.array_equal(a.car, b.car, equal_nan=True)
    assert np.isfinite(a.car).any()


def test_extra_series_with_bad_values_is_a_message(frame):
    panel = to_panel(frame)
    bad = frame["MKT"].copy()
    bad.iloc[3] = np.inf
    for returns in (panel, frame):  # one check for both paths, naming the session
        with pytest.raises(BatchInputError, match=f"infinite.*{DAYS[3].date()}"):
            to_panel(returns, {"X": bad})
    assert isinstance(to_panel(panel, {"X": frame["MKT"]}), Panel)


@pytest.mark.parametrize("bench, says", [
    (pd.Series(np.full(300, 0.001)), "not dates"),  # RangeIndex: was a pandas traceback
    (pd.Series(0.001, index=pd.bdate_range("2010-01-04", periods=50)), "no value on any session"),
    (pd.Series(0.001, index=pd.DatetimeIndex(["2018-10-01", "2018-10-01"])), "duplicated dates"),
])
def test_benchmark_series_that_cannot_be_joined_is_a_message(frame, events, bench, says):
    for returns in (frame, to_panel(frame)):
        with pytest.raises(BatchInputError, match=says):
            batch(returns, events, benchmark=bench, tests=False)


def test_panel_built_while_aligning_equals_the_plain_build(frame):
    # to_panel_while converts the values on a second thread while ``during`` runs on
    # the index: the same panel bit for bit, and ``during`` sees its dates and tickers
    from eventstudy.batch.panel import to_panel_while

    seen = {}

    def during(index):
        seen["dates"], seen["tickers"] = index.dates, index.tickers
        return "aligned"

    panel, out = to_panel_while(frame, None, during)
    plain = to_panel(frame)
    assert out == "aligned"
    assert np.array_equal(panel.values, plain.values, equal_nan=True)
    assert panel.values.flags.c_contiguous
    assert seen["dates"].equals(plain.dates) and seen["tickers"].equals(plain.tickers)


def test_bad_panel_is_reported_before_bad_events(frame, events):
    # both wrong: the panel's message comes first, as when the steps ran one by one
    bad = frame.copy()
    bad.iloc[5, 2] = np.inf
    wrong = events.assign(ticker="NOPE")
    with pytest.raises(BatchInputError, match="infinite value"):
        batch(bad, wrong, benchmark="MKT", estimation=(-120, -11), windows=[(0, 0)])
    with pytest.raises(BatchInputError, match="NOPE"):
        batch(frame, wrong, benchmark="MKT", estimation=(-120, -11), windows=[(0, 0)])


def test_long_frame_is_recognised_by_its_three_columns_in_any_case(frame):
    long = (frame.rename_axis("Date").reset_index()
            .melt(id_vars="Date", var_name="Ticker", value_name="RETURN"))
    got = to_panel(long)
    want = to_panel(frame)
    assert list(got.tickers) == sorted(want.tickers)
    cols = [list(want.tickers).index(t) for t in got.tickers]
    assert np.array_equal(got.values, want.values[cols], equal_nan=True)
    # a wide frame whose tickers merely include DATE and TICKER stays wide
    wide = frame.rename(columns={"SYN0": "DATE", "SYN1": "TICKER"})
    assert list(to_panel(wide).tickers[:2]) == ["DATE", "TICKER"]


def test_coverage_counted_during_conversion_is_the_engines(frame, events):
    # batch counts the window spans while the values are converted: the same counts
    # as engine.coverage on the finished panel (a plain loop over the events checks both)
    from eventstudy.batch.api import _check, _prepare
    from eventstudy.batch.engine import coverage

    layout = _check("market", (-120, -11), [(0, 0), (-2, 3)])
    panel, ev = _prepare(frame, events, "MKT", "market", close=None, tz=None,
                         duplicates="raise", layout=layout, cover=True)
    assert ev.cover is not None
    assert np.array_equal(ev.cover, coverage(panel.values.shape, ev.col, ev.day0, layout))
    brute = np.zeros(panel.values.shape, np.int64)
    for r, d in zip(ev.col, ev.day0, strict=True):
        brute[r, max(d - 2, 0):min(d + 4, panel.n_sessions)] += 1
    assert np.array_equal(ev.cover, np.minimum(brute, 255))
