"""eventstudy.batch against an independent per-event statsmodels OLS loop.

The reference in this file never calls the batch code: one statsmodels OLS per
event, the explicit prediction-error matrix V = s^2 (I + X*(X'X)^-1 X*'), and
plain-numpy clean-window exclusion. Real data: the Yahoo CSVs shipped in
tests/data/yahoo (read directly); synthetic data: seeded, labelled synthetic.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from eventstudy.batch import BatchResult, batch
from eventstudy.exceptions import BatchInputError, DuplicateEventError, DuplicateEventWarning
from eventstudy.stats import multi, single

EST = (-250, -11)
WINDOWS = [(0, 0), (-1, 1), (0, 5)]
AMIN, BMAX = -1, 5
SHARED = Path(__file__).resolve().parent / "data" / "yahoo"  # real files, see PROVENANCE.md
TICKERS = ["AAPL", "BA", "CAT", "DE", "F", "GM", "GS", "JPM", "ADM", "BG", "TSLA"]


def reference(returns: pd.DataFrame, events: pd.DataFrame, bench: str | None,
              exclude: bool = True) -> list[dict]:
    """Independent per-event loop (statsmodels OLS + explicit V)."""
    vals = returns.to_numpy()
    cols = list(returns.columns)
    dates = returns.index
    out = []
    for tk, d in zip(events["ticker"], events["date"], strict=True):
        d0 = int(dates.searchsorted(pd.Timestamp(d)))
        y_all = vals[:, cols.index(tk)]
        rows = np.arange(d0 + EST[0], d0 + EST[1] + 1)
        drop = np.zeros(rows.size, dtype=bool)
        if exclude:
            for other_tk, other_d in zip(events["ticker"], events["date"], strict=True):
                o = int(dates.searchsorted(pd.Timestamp(other_d)))
                if other_tk == tk and o != d0:
                    drop |= (rows >= o + AMIN) & (rows <= o + BMAX)
        y = y_all[rows].copy()
        y[drop] = np.nan
        ev_rows = np.arange(d0 + AMIN, d0 + BMAX + 1)
        if bench is None:
            keep = np.isfinite(y)
            X = np.ones((keep.sum(), 1))
            Xs = np.ones((ev_rows.size, 1))
        else:
            x_all = vals[:, cols.index(bench)]
            keep = np.isfinite(y) & np.isfinite(x_all[rows])
            X = sm.add_constant(x_all[rows][keep])
            Xs = np.column_stack([np.ones(ev_rows.size), x_all[ev_rows]])
        fit = sm.OLS(y[keep], X).fit()
        ar = y_all[ev_rows] - Xs @ fit.params
        V = fit.scale * (np.eye(ev_rows.size) + Xs @ np.linalg.inv(X.T @ X) @ Xs.T)
        resid = np.full(rows.size, np.nan)
        resid[keep] = fit.resid
        cars, ses, l2s = [], [], []
        for a, b in WINDOWS:
            sel = np.zeros(ev_rows.size, dtype=bool)
            sel[a - AMIN : b - AMIN + 1] = True
            sel &= np.isfinite(ar)
            none = not sel.any()  # no usable day in the window: not computable
            cars.append(np.nan if none else ar[sel].sum())
            ses.append(np.nan if none else np.sqrt(V[np.ix_(sel, sel)].sum()))
            l2s.append(int(sel.sum()))  # the CAR's days: the SQ sums' length
        out.append({"params": fit.params, "sigma": np.sqrt(fit.scale), "n": int(keep.sum()),
                    "ar": ar, "ar_se": np.sqrt(np.diag(V)), "car": np.array(cars),
                    "se": np.array(ses), "resid": resid, "first": rows[0], "l2": l2s})
    return out


def assert_matches(res: BatchResult, ref: list[dict], market: bool = True) -> None:
    for k, r in enumerate(ref):
        np.testing.assert_allclose(res.ar[k], r["ar"], rtol=0, atol=1e-10)
        np.testing.assert_allclose(res.ar_se[k], r["ar_se"], rtol=0, atol=1e-10)
        np.testing.assert_allclose(res.car[k], r["car"], rtol=0, atol=1e-10)
        np.testing.assert_allclose(res.car_se[k], r["se"], rtol=0, atol=1e-10)
        np.testing.assert_allclose(res.t_stat[k], r["car"] / r["se"], rtol=1e-9)
        ev = res.events.iloc[k]
        assert ev["n_estimation"] == r["n"]
        assert abs(ev["alpha"] - r["params"][0]) <= 1e-10
        assert abs(ev["sigma"] - r["sigma"]) <= 1e-10
        if market:
            assert abs(ev["beta"] - r["params"][1]) <= 1e-10


@pytest.fixture(scope="module")
def real_returns() -> pd.DataFrame:
    frames = {}
    for t in [*TICKERS, "SPY"]:
        px = pd.read_csv(SHARED / f"{t}.csv", index_col="Date", parse_dates=True)["Adj Close"]
        frames[t] = px.pct_change()
    ret = pd.DataFrame(frames).iloc[1:]
    ret.index.name = "date"
    return ret


@pytest.fixture(scope="module")
def real_events(real_returns: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for j, t in enumerate(TICKERS):
        for p in (252 + j, 262 + j, 300 + 2 * j, 360 - j):  # overlapping -> clean windows matter
            rows.append({"id": f"{t}-{p}", "ticker": t, "date": real_returns.index[p]})
    return pd.DataFrame(rows)


def synthetic(seed: int = 7, n_t: int = 40, n_s: int = 700):
    """SYNTHETIC seeded panel with missing returns, fat tails, a market factor."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2012-01-02", periods=n_s, name="date")
    m = 0.01 * rng.standard_t(4, n_s)
    r = 0.0002 + rng.uniform(0.3, 1.7, n_t) * m[:, None] + 0.02 * rng.standard_t(3, (n_s, n_t))
    r[rng.random(r.shape) < 0.02] = np.nan
    ret = pd.DataFrame(r, index=dates, columns=[f"SYN{j}" for j in range(n_t)])
    ret["MKT"] = m
    ret.loc[dates[rng.random(n_s) < 0.01], "MKT"] = np.nan
    k = 150
    ev = pd.DataFrame({"ticker": rng.choice(ret.columns[:-1], k),
                       "date": dates[rng.integers(255, n_s - 6, k)]})
    ev = ev.drop_duplicates(["ticker", "date"]).reset_index(drop=True)
    return ret, ev


def test_real_data_matches_statsmodels(real_returns, real_events):
    res = batch(real_returns, real_events, benchmark="SPY", windows=WINDOWS)
    assert res.n_usable == len(real_events)
    assert_matches(res, reference(real_returns, real_events, "SPY"))


def test_real_data_constant_mean_matches_statsmodels(real_returns, real_events):
    res = batch(real_returns, real_events, model="constant_mean", windows=WINDOWS)
    assert_matches(res, reference(real_returns, real_events, None), market=False)


def test_synthetic_with_gaps_matches_statsmodels():
    ret, ev = synthetic()
    res = batch(ret, ev, benchmark="MKT", windows=WINDOWS)
    assert_matches(res, reference(ret, ev, "MKT"))
    res2 = batch(ret, ev, benchmark="MKT", windows=WINDOWS, exclude_event_windows=False)
    assert_matches(res2, reference(ret, ev, "MKT", exclude=False))


def test_long_input_and_series_benchmark_give_same_numbers():
    ret, ev = synthetic(seed=3)
    wide = batch(ret, ev, benchmark="MKT")
    long = ret.drop(columns="MKT").stack(future_stack=True).rename("return").reset_index()
    long.columns = ["date", "ticker", "return"]
    other = batch(long, ev, benchmark=ret["MKT"])
    np.testing.assert_array_equal(wide.car, other.car)
    np.testing.assert_array_equal(wide.car_se, other.car_se)


def test_blocks_give_identical_results():
    ret, ev = synthetic(seed=11)
    one = batch(ret, ev, benchmark="MKT", block_size=10_000, workers=1)
    for bs, w in [(1, 1), (7, 2), (64, 2)]:
        many = batch(ret, ev, benchmark="MKT", block_size=bs, workers=w)
        for name in ("car", "car_se", "t_stat", "p_value", "p_value_sq", "ar", "ar_se"):
            np.testing.assert_array_equal(getattr(one, name), getattr(many, name), err_msg=name)
        a, b = one.to_frame("tests"), many.to_frame("tests")
        assert list(a["test"]) == list(b["test"])
        # per-day sums add in a different order across blocks: equal to rounding
        np.testing.assert_allclose(a["statistic"], b["statistic"], rtol=1e-12, atol=1e-12)


def test_sq_matches_single_event_sq_test():
    ret, ev = synthetic(seed=5)
    res = batch(ret, ev, benchmark="MKT", windows=WINDOWS)
    ref = reference(ret, ev, "MKT")
    gaps = 0
    for k in range(len(ev)):
        for i, (a, b) in enumerate(WINDOWS):
            if not np.isfinite(ref[k]["car"][i]):
                continue
            # L2 = the window's days with an abnormal return (a missing return shortens it)
            gaps += ref[k]["l2"][i] < b - a + 1
            sq = single.sq_test(ref[k]["car"][i], ref[k]["resid"], ref[k]["l2"][i])
            assert sq.computable
            assert res.p_value_sq[k, i] == pytest.approx(sq.pvalue_two_sided, abs=1e-12)
            assert res.extra["p_value_sq_greater"][k, i] == pytest.approx(sq.pvalue_greater,
                                                                         abs=1e-12)
    assert gaps >= 1  # the synthetic panel's missing returns put a gap in some window


def test_multi_event_tests_match_stats_multi():
    ret, ev = synthetic(seed=9)
    res = batch(ret, ev, benchmark="MKT", windows=WINDOWS)
    ref = reference(ret, ev, "MKT")
    n_s = len(ret)
    resid = np.array([r["resid"] for r in ref])
    ars = np.array([r["ar"] for r in ref])
    cal = np.full((len(ref), n_s), np.nan)  # residuals on calendar dates
    for k, r in enumerate(ref):
        cal[k, r["first"] : r["first"] + resid.shape[1]] = r["resid"]
    day0 = np.array([r["first"] for r in ref]) - EST[0]
    sigma = np.array([r["sigma"] for r in ref])
    comb = np.concatenate([resid, ars], axis=1)
    for i, (a, b) in enumerate(WINDOWS):
        car = np.array([r["car"][i] for r in ref])
        se = np.array([r["se"][i] for r in ref])
        got = res.tests[(a, b)]
        exp = {
            "cross_sectional_t": multi.cross_sectional_t(car),
            "bmp": multi.bmp_test(car, se),
            "kolari_pynnonen": multi.kp_bmp_test(car, se, residuals=cal, day0=day0,
                                                 window=(a, b)),
            "generalized_sign": multi.generalized_sign_test(car, resid),
            "wilcoxon": multi.wilcoxon_test(car),
            "grank": multi.grank_test(car / se, resid / sigma[:, None]),
        }
        mask = np.zeros(comb.shape[1], dtype=bool)
        mask[resid.shape[1] + a - AMIN : resid.shape[1] + b - AMIN + 1] = True
        exp["corrado_rank"] = multi.rank_test(comb, mask)
        for name, e in exp.items():
            assert got[name].statistic == pytest.approx(e.statistic, rel=1e-9, abs=1e-12), name
            assert got[name].pvalue_two_sided == pytest.approx(e.pvalue_two_sided, abs=1e-9), name
        np.testing.assert_allclose(res.caar[i], np.nanmean(car), rtol=0, atol=1e-12)


def test_duplicates_refused_or_dropped():
    ret, ev = synthetic(seed=2)
    dup = pd.concat([ev, ev.iloc[[0, 3]]], ignore_index=True)
    with pytest.raises(DuplicateEventError, match="duplicate event"):
        batch(ret, dup, benchmark="MKT")
    with pytest.warns(DuplicateEventWarning, match="dropped 2 duplicate"):
        res = batch(ret, dup, benchmark="MKT", duplicates="drop")
    base = batch(ret, ev, benchmark="MKT")
    assert res.n_events == len(ev)
    np.testing.assert_array_equal(res.car, base.car)


def test_date_alignment_rule():
    ret, _ = synthetic(seed=4)
    sat = ret.index[300] - pd.Timedelta(days=ret.index[300].weekday() + 2)  # a Saturday
    nxt = ret.index[ret.index.searchsorted(sat)]
    ev = pd.DataFrame({"ticker": ["SYN1", "SYN2", "SYN3"], "date": [sat, nxt, ret.index[320]],
                       "timestamp": [pd.NaT, pd.NaT,
                                     pd.Timestamp(ret.index[320]) + pd.Timedelta(hours=17)]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = batch(ret, ev, benchmark="MKT")
    d0 = res.events["day0"].tolist()
    assert d0[0] == nxt and res.events["rolled"].iloc[0]
    assert d0[1] == nxt and not res.events["rolled"].iloc[1]
    assert d0[2] == ret.index[321]  # 17:00 New York is after the 16:00 close


def test_user_errors_are_messages():
    ret, ev = synthetic(seed=1)
    with pytest.raises(BatchInputError, match="not columns of returns"):
        batch(ret, ev.assign(ticker="NOPE"), benchmark="MKT")
    with pytest.raises(BatchInputError, match="needs a benchmark"):
        batch(ret, ev)
    with pytest.raises(BatchInputError, match="overlaps the estimation window"):
        batch(ret, ev, benchmark="MKT", windows=[(-20, 0)])


def test_outside_data_and_short_estimation_flagged():
    ret, _ = synthetic(seed=6)
    ev = pd.DataFrame({"ticker": ["SYN1", "SYN2"], "date": [ret.index[100], ret.index[400]]})
    res = batch(ret, ev, benchmark="MKT")
    assert res.events["status"].tolist() == ["outside data", "ok"]
    assert np.isnan(res.car[0]).all() and np.isfinite(res.car[1]).all()
    short = batch(ret, ev.iloc[[1]], benchmark="MKT", min_estimation_days=300)
    assert short.events["status"].iloc[0] == "too few estimation days"
    frame = res.to_frame()
    assert len(frame) == 2 * len(WINDOWS)
    assert set(zip(frame["rel_start"], frame["rel_end"], strict=True)) == set(WINDOWS)


def test_tests_single_gives_the_same_per_event_numbers():
    ret, ev = synthetic(seed=13)
    full = batch(ret, ev, benchmark="MKT")
    single_only = batch(ret, ev, benchmark="MKT", tests="single")
    none = batch(ret, ev, benchmark="MKT", tests=False)
    for name in ("car", "car_se", "t_stat", "p_value", "p_value_sq", "ar", "ar_se"):
        np.testing.assert_array_equal(getattr(full, name), getattr(single_only, name))
    np.testing.assert_array_equal(full.car, none.car)
    assert np.isnan(none.p_value_sq).all() and single_only.tests[(0, 0)] == {}
    with pytest.raises(BatchInputError, match="tests="):
        batch(ret, ev, benchmark="MKT", tests="some")


def test_t_pvalues_match_scipy_student_t():
    from scipy import stats

    ret, ev = synthetic(seed=15)
    res = batch(ret, ev, benchmark="MKT", tests=False)
    dof = (res.events["n_estimation"].to_numpy() - 2)[:, None]
    ok = np.isfinite(res.t_stat)
    t = res.t_stat
    np.testing.assert_allclose(res.extra["p_value_greater"][ok], stats.t.sf(t, dof)[ok],
                               rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(res.extra["p_value_less"][ok], stats.t.cdf(t, dof)[ok],
                               rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(res.p_value[ok], 2 * stats.t.sf(np.abs(res.t_stat), dof)[ok],
                               rtol=1e-12, atol=1e-16)


@pytest.mark.parametrize("tests", ["none", "single", "all"])
@pytest.mark.parametrize("x_rows", [None, np.zeros((0, 1), np.int64), np.zeros(0, np.int64)])
def test_engine_with_no_events_returns_empty_arrays(tests, x_rows):
    # was a reshape error (x_rows given) and KeyError 'rank_sum' (every test)
    from eventstudy.batch import engine

    vals = np.zeros((3, 400))
    lay = engine.Layout((-250, -11), ((0, 0), (-1, 1)))
    out = engine.estimate(vals, np.zeros(0, np.int64), np.zeros(0, np.int64), lay,
                          x_rows=x_rows, tests=tests)
    assert out.car.shape == (0, 2) and out.status.shape == (0,)
    assert out.params.shape == (0, 1 if x_rows is None else 2)
    if tests == "all":
        assert out.sums["rank_n"].shape == (2,) and not out.sums["rank_n"].any()


def test_day0_order_is_the_stable_argsort():
    # the radix path (days span < 65,536) and the fallback give numpy's stable order
    from eventstudy.batch.engine import _day0_order

    rng = np.random.default_rng(3)
    for day0 in (rng.integers(-5, 3000, 5000), rng.integers(0, 4, 999),
                 np.array([7, 7, 7]), np.array([], dtype=np.int64),
                 rng.integers(0, 200_000, 3000)):
        day0 = day0.astype(np.int64)
        assert np.array_equal(_day0_order(day0), np.argsort(day0, kind="stable"))


@pytest.mark.parametrize("block_size", [1024, 37])
def test_deferred_t_tails_are_the_engines_and_scipys(block_size):
    # estimate(defer_t_tails=True) leaves the t p-values to fill_t_tails (in any chunks, any
    # order): the same bits as the engine's own, and scipy.stats.t's tails (SYNTHETIC panel)
    import dataclasses

    from scipy import stats

    from eventstudy.batch import engine

    rng = np.random.default_rng(11)
    vals = 0.02 * rng.standard_t(3, (40, 600))
    vals[rng.random(vals.shape) < 0.05] = np.nan
    y_rows = rng.integers(1, 40, 900).astype(np.int64)
    day0 = rng.integers(260, 595, 900).astype(np.int64)
    lay = engine.Layout((-250, -11), ((0, 0), (-1, 1), (0, 5)))
    kw = dict(x_rows=np.zeros(900, np.int64), tests="all", block_size=block_size)
    full = engine.estimate(vals, y_rows, day0, lay, **kw)
    late = engine.estimate(vals, y_rows, day0, lay, defer_t_tails=True, **kw)
    assert late.tails_deferred and not full.tails_deferred
    for rows in (slice(500, 900), slice(0, 123), slice(123, 500)):
        engine.fill_t_tails(late, rows)
    for f in dataclasses.fields(full):  # every array, the three p-values included
        a, b = getattr(full, f.name), getattr(late, f.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), f.name
    dof = (full.n_est - 2)[:, None]
    ok = np.isfinite(full.t)
    assert ok.sum() > 2000
    np.testing.assert_allclose(late.pt_gt[ok], stats.t.sf(full.t, dof)[ok], rtol=1e-12,
                               atol=1e-16)
    np.testing.assert_allclose(late.pt_lt[ok], stats.t.cdf(full.t, dof)[ok], rtol=1e-12,
                               atol=1e-16)
