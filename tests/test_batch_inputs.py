"""Batch inputs: calendar alignment, factor models and user errors.

Alignment is checked against :func:`eventstudy.calendar.align` (the study
path's rule, computed one event at a time from the exchange schedule); factor
models against a per-event statsmodels OLS on excess returns with the
explicit V = s^2 (I + X*(X'X)^-1 X*'). SYNTHETIC seeded returns and factors
only (labelled), on real NYSE sessions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from eventstudy.batch import batch
from eventstudy.calendar import align, sessions
from eventstudy.exceptions import BatchInputError, EventStudyError, UnknownCalendarError

DAYS = sessions("XNYS", "2017-10-02", "2019-03-29")


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """SYNTHETIC returns on the real NYSE sessions."""
    rng = np.random.default_rng(31)
    m = 0.01 * rng.standard_normal(len(DAYS))
    r = 0.8 * m[:, None] + 0.015 * rng.standard_normal((len(DAYS), 3))
    out = pd.DataFrame(r, index=DAYS, columns=["A", "B", "C"])
    out["MKT"] = m
    return out


CASES = [  # (timestamp, timezone or None for aware / default)
    ("2018-12-24 14:00", "America/New_York"),  # after the 13:00 early close
    ("2018-12-24 12:30", "America/New_York"),  # before it
    ("2018-12-04 18:00", "America/New_York"),  # next day 2018-12-05: NYSE closed (G.H.W. Bush)
    ("2018-12-29 10:00", "America/New_York"),  # a Saturday
    ("2018-11-23 13:30", "America/New_York"),  # day after Thanksgiving, closed 13:00
    ("2019-01-02 09:00", "Asia/Shanghai"),  # = 2019-01-01 20:00 New York, a holiday
    ("2018-12-31 21:30", "UTC"),  # 16:30 New York: after the close
]


def test_timestamps_follow_the_exchange_schedule_like_calendar_align(panel):
    ev = pd.DataFrame({"ticker": ["A", "B", "C", "A", "B", "C", "A"],
                       "timestamp": [pd.Timestamp(t) for t, _ in CASES],
                       "timezone": [z for _, z in CASES]})
    res = batch(panel, ev, benchmark="MKT", windows=[(0, 0)], tests=False)
    for k, (t, zone) in enumerate(CASES):
        ref = align(pd.Timestamp(t).to_pydatetime(), "XNYS", timezone=zone)
        assert res.events["day0"].iloc[k] == ref.day0, (t, zone, ref.reason)
        assert bool(res.events["rolled"].iloc[k]) == ref.rolled, (t, zone)
    assert res.events["day0"].iloc[0] == pd.Timestamp("2018-12-26")


def test_aware_and_naive_timestamps_mixed(panel):
    ev = pd.DataFrame({"ticker": ["A", "B"],
                       "timestamp": [pd.Timestamp("2018-12-24 14:00"),
                                     pd.Timestamp("2018-12-24 17:30", tz="UTC")]})
    res = batch(panel, ev, benchmark="MKT", windows=[(0, 0)], tests=False)
    # 14:00 New York (default zone: the calendar's) and 12:30 New York
    assert list(res.events["day0"]) == [pd.Timestamp("2018-12-26"), pd.Timestamp("2018-12-24")]


def _factors(seed: int = 8) -> pd.DataFrame:
    """SYNTHETIC daily factors in fractions, on NYSE sessions, a few days missing."""
    rng = np.random.default_rng(seed)
    f = pd.DataFrame(0.008 * rng.standard_normal((len(DAYS), 5)), index=DAYS,
                     columns=["Mkt-RF", "SMB", "HML", "RMW", "CMA"])
    f["Mom"] = 0.006 * rng.standard_normal(len(DAYS))
    f["RF"] = 0.00008 + 0.00001 * rng.random(len(DAYS))
    f.iloc[rng.choice(len(DAYS), 6, replace=False), 1] = np.nan
    f.index.name = "date"
    return f


@pytest.mark.parametrize("model,cols", [("ff3", ["Mkt-RF", "SMB", "HML"]),
                                        ("carhart", ["Mkt-RF", "SMB", "HML", "Mom"]),
                                        ("ff5", ["Mkt-RF", "SMB", "HML", "RMW", "CMA"])])
def test_factor_models_match_statsmodels(model, cols):
    f = _factors()
    rng = np.random.default_rng(5)
    b = rng.uniform(-0.5, 1.5, (len(cols), 4))
    ret = pd.DataFrame(f["RF"].to_numpy()[:, None] + f[cols].fillna(0).to_numpy() @ b
                       + 0.012 * rng.standard_t(5, (len(DAYS), 4)), index=DAYS,
                       columns=["S0", "S1", "S2", "S3"])
    ret.iloc[rng.random(ret.shape) < 0.02] = np.nan
    pos = [260, 270, 300, 333, 361]
    ev = pd.DataFrame({"ticker": ["S0", "S1", "S2", "S3", "S0"], "date": DAYS[pos]})
    windows = [(0, 0), (-1, 1), (0, 3)]
    res = batch(ret, ev, model=model, factors=f, windows=windows, tests=False)
    for k, (tk, p) in enumerate(zip(ev["ticker"], pos, strict=True)):
        rows = np.arange(p - 250, p - 10)
        drop = np.zeros(rows.size, bool)
        for o_tk, o in zip(ev["ticker"], pos, strict=True):
            if o_tk == tk and o != p:
                drop |= (rows >= o - 1) & (rows <= o + 3)
        y = ret[tk].to_numpy() - f["RF"].to_numpy()
        x = f[cols].to_numpy()
        keep = np.isfinite(y[rows]) & np.isfinite(x[rows]).all(axis=1) & ~drop
        X = sm.add_constant(x[rows][keep])
        fit = sm.OLS(y[rows][keep], X).fit()
        ev_rows = np.arange(p - 1, p + 4)
        xs = np.column_stack([np.ones(ev_rows.size), x[ev_rows]])
        ar = y[ev_rows] - xs @ fit.params
        v = fit.scale * (np.eye(ev_rows.size) + xs @ np.linalg.inv(X.T @ X) @ xs.T)
        np.testing.assert_allclose(res.ar[k], ar, rtol=0, atol=1e-12)
        for i, (a, bb) in enumerate(windows):
            sel = np.zeros(ev_rows.size, bool)
            sel[a + 1 : bb + 2] = True
            sel &= np.isfinite(ar)
            if not sel.any():  # no abnormal return in the window: not computable
                assert np.isnan(res.car[k, i]) and np.isnan(res.car_se[k, i])
                continue
            assert res.car[k, i] == pytest.approx(ar[sel].sum(), abs=1e-12)
            assert res.car_se[k, i] == pytest.approx(np.sqrt(v[np.ix_(sel, sel)].sum()), abs=1e-12)
        assert res.events["n_estimation"].iloc[k] == keep.sum()
        for j, c in enumerate(cols):
            assert res.events[f"beta_{c}"].iloc[k] == pytest.approx(fit.params[j + 1], abs=1e-10)


def _err(panel, ev, **kw) -> str:
    with pytest.raises(EventStudyError) as info:
        batch(panel, ev, **{"benchmark": "MKT", **kw})
    assert isinstance(info.value, BatchInputError | UnknownCalendarError)
    return str(info.value)


def test_user_errors_are_one_message_each(panel):
    ev = pd.DataFrame({"ticker": ["A", "B"], "date": [DAYS[300], DAYS[310]]})
    assert "row 1" in _err(panel, ev.assign(date=[DAYS[300], "not a date"]))
    assert "row 0" in _err(panel, ev.assign(date=[pd.NaT, DAYS[310]]))
    assert "span 1000251 sessions" in _err(panel, ev, windows=[(0, 10**6)])
    assert "(start, end) pairs" in _err(panel, ev, windows=None)
    assert "America/New_York" in _err(
        panel, ev.assign(timestamp=[DAYS[300], DAYS[310]]), tz="America/New_Yrok")
    assert "unknown exchange calendar" in _err(
        panel, ev.assign(timestamp=[DAYS[300], DAYS[310]]), calendar="XNSY")
    multi = pd.concat({"Adj Close": panel}, axis=1)
    assert "MultiIndex" in _err(multi, ev)
    bad = panel.copy()
    bad.iloc[305, 1] = np.inf
    msg = _err(bad, ev)
    assert "infinite" in msg and "B" in msg and str(DAYS[305].date()) in msg
    assert "percent" in _err(panel, ev, model="ff3", factors=_factors() * 100, benchmark=None)
    assert "lack column" in _err(panel, ev, model="ff5",
                                 factors=_factors().drop(columns="CMA"), benchmark=None)


def test_factors_default_to_the_committed_french_data(repo_cache, monkeypatch):
    """``factors=None`` loads the model's factors (real Kenneth French data in the cache)."""
    from eventstudy.data.factors import load_factors

    monkeypatch.setenv("EVENTSTUDY_CACHE", str(repo_cache))
    rng = np.random.default_rng(4)  # SYNTHETIC asset returns on the real sessions
    ret = pd.DataFrame(0.01 * rng.standard_normal((len(DAYS), 2)), index=DAYS, columns=["A", "B"])
    ev = pd.DataFrame({"ticker": ["A", "B"], "date": [DAYS[300], DAYS[320]]})
    f = load_factors("carhart", DAYS.min(), DAYS.max(), cache_dir=repo_cache)
    auto = batch(ret, ev, model="carhart", windows=[(0, 1)], tests=False)
    given = batch(ret, ev, model="carhart", factors=f, windows=[(0, 1)], tests=False)
    assert np.isfinite(given.car).all() and "beta_Mom" in given.events
    np.testing.assert_array_equal(auto.car, given.car)
    np.testing.assert_array_equal(auto.car_se, given.car_se)


@pytest.mark.parametrize("kind", ["datetime64", "strings", "aware", "times of day"])
def test_event_dates_are_the_date_column_parsed_once(panel, kind):
    """align_events reuses the day-0 pass's parse: the dates equal pandas' own parse of them."""
    from eventstudy.batch.panel import PanelIndex, align_events

    raw = pd.Series(pd.to_datetime(["2018-12-24", "2018-12-29", "2019-01-02", "2018-11-23"]))
    if kind == "strings":
        raw = raw.dt.strftime("%Y-%m-%d")
    elif kind == "aware":
        raw = raw.dt.tz_localize("Asia/Tokyo") + pd.Timedelta(hours=23)
    elif kind == "times of day":
        raw = raw + pd.to_timedelta([0, 5, 13, 23], unit="h")
    events = pd.DataFrame({"ticker": ["A", "B", "C", "A"], "date": raw})
    got = align_events(events, PanelIndex(panel.index, panel.columns), benchmark="MKT").dates
    want = [pd.Timestamp(v).tz_localize(None).normalize() if pd.Timestamp(v).tz is not None
            else pd.Timestamp(v).normalize() for v in raw]
    assert list(pd.DatetimeIndex(got)) == want


def test_aware_and_naive_dates_mixed_keep_each_ones_own_day(panel):
    """A date column mixing naive and aware values: each value's own calendar day.

    It crashed with an AttributeError (`.dt` of an object column). The answer is
    checked against the same events with the days written as plain strings.
    """
    from eventstudy.batch.panel import PanelIndex, align_events

    mixed = pd.DataFrame({"ticker": ["A", "B", "C"],
                          "date": [pd.Timestamp("2018-12-03 10:00"),
                                   pd.Timestamp("2018-12-10 23:30", tz="Asia/Tokyo"),
                                   pd.Timestamp("2018-12-29", tz="America/New_York")]})
    plain = mixed.assign(date=["2018-12-03", "2018-12-10", "2018-12-29"])
    got = batch(panel, mixed, benchmark="MKT", windows=[(0, 0)], tests=False).to_frame()
    want = batch(panel, plain, benchmark="MKT", windows=[(0, 0)], tests=False).to_frame()
    pd.testing.assert_frame_equal(got, want)
    assert list(got["day0"]) == [pd.Timestamp(d) for d in
                                 ("2018-12-03", "2018-12-10", "2018-12-31")]  # Sat -> Mon
    dates = align_events(mixed, PanelIndex(panel.index, panel.columns), benchmark="MKT").dates
    assert list(pd.DatetimeIndex(dates)) == [pd.Timestamp(d) for d in
                                             ("2018-12-03", "2018-12-10", "2018-12-29")]
