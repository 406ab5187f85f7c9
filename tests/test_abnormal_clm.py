"""estimate_event against an independent plain-numpy implementation of the CLM formulas.

Real data: GM on ^GSPC (both NYSE), day 0 = 2018-12-03. The reference
computation below builds returns from the raw price arrays, fits OLS with
``numpy.linalg.lstsq`` and forms the full matrix
V = s2 (I + X*(X'X)^-1 X*') explicitly (Campbell, Lo & MacKinlay 1997,
eqs. 4.4.7-4.4.14; MacKinlay 1997). Nothing is compared with captured output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from eventstudy.exceptions import (
    DataGapWarning,
    EventOutsideDataError,
    InsufficientDataError,
    UnknownModelError,
)
from eventstudy.models import ModelRegistry, asset_returns, get_model, trade_to_trade
from eventstudy.stats.abnormal import estimate_event

DAY0 = pd.Timestamp("2018-12-03")
WINDOWS = [(0, 0), (-1, 1), (0, 5), (-5, 5), (-10, 10)]
TOL = {"rtol": 1e-10, "atol": 1e-14}


@pytest.fixture(scope="module")
def gm(real_prices) -> tuple[pd.Series, pd.Series, np.ndarray, np.ndarray, pd.DatetimeIndex]:
    """(returns, benchmark) via eventstudy.models.join, and raw numpy returns for the reference."""
    p = real_prices("GM")
    m = real_prices("^GSPC")
    assert p.index.equals(m.index)  # same NYSE sessions, so plain numpy returns are comparable
    r = asset_returns(p, p.index)
    b = trade_to_trade(m, p.index)
    pa, ma = p.to_numpy(), m.to_numpy()
    y = np.r_[np.nan, pa[1:] / pa[:-1] - 1]
    x = np.r_[np.nan, ma[1:] / ma[:-1] - 1]
    return r, b, y, x, pd.DatetimeIndex(p.index)


def clm_reference(y, x, pos0, est=(-250, -11), windows=WINDOWS, drop=(), k=2):
    """Plain numpy CLM: OLS on [1, x] (or [1]), explicit V, CAR = sum, SE = sqrt(1'V1)."""
    idx = np.arange(pos0 + est[0], pos0 + est[1] + 1)
    idx = np.array(
        [i for i in idx if i not in set(drop) and np.isfinite(y[i]) and np.isfinite(x[i])]
    )
    X = np.column_stack([np.ones(len(idx)), x[idx]])[:, :k]
    theta, *_ = np.linalg.lstsq(X, y[idx], rcond=None)
    e = y[idx] - X @ theta
    L1 = len(idx)
    s2 = e @ e / (L1 - k)
    XtXi = np.linalg.inv(X.T @ X)
    out = {"theta": theta, "s2": s2, "L1": L1, "se_theta": np.sqrt(np.diag(s2 * XtXi))}
    for w in windows:
        ev = np.arange(pos0 + w[0], pos0 + w[1] + 1)
        ev = ev[np.isfinite(y[ev])]
        Xs = np.column_stack([np.ones(len(ev)), x[ev]])[:, :k]
        V = s2 * (np.eye(len(ev)) + Xs @ XtXi @ Xs.T)
        ar = y[ev] - Xs @ theta
        one = np.ones(len(ev))
        out[w] = {
            "ar": ar,
            "ar_se": np.sqrt(np.diag(V)),
            "car": ar.sum(),
            "se": np.sqrt(one @ V @ one),
        }
    return out


@pytest.mark.parametrize("method", ["core", "statsmodels"])
def test_market_model_matches_numpy_clm(gm, method) -> None:
    r, b, y, x, idx = gm
    pos0 = idx.get_loc(DAY0)
    ref = clm_reference(y, x, pos0)
    est = estimate_event(r, b, DAY0, event_windows=WINDOWS, method=method, asset="GM", event_id="e")
    np.testing.assert_allclose(est.params.to_numpy(), ref["theta"], **TOL)
    np.testing.assert_allclose(est.std_errors.to_numpy(), ref["se_theta"], **TOL)
    np.testing.assert_allclose(est.sigma**2, ref["s2"], **TOL)
    assert est.n_estimation == ref["L1"] == 240 and est.dof == 238
    for w in WINDOWS:
        c = est.cars[w]
        np.testing.assert_allclose(c.car, ref[w]["car"], **TOL)
        np.testing.assert_allclose(c.se, ref[w]["se"], **TOL)
        rows = est.abnormal[(est.abnormal.rel_day >= w[0]) & (est.abnormal.rel_day <= w[1])]
        np.testing.assert_allclose(rows.abnormal_return.to_numpy(), ref[w]["ar"], **TOL)
        np.testing.assert_allclose(rows.ar_se.to_numpy(), ref[w]["ar_se"], **TOL)
        assert c.n_days == w[1] - w[0] + 1
        # the t statistic is CAR / SE on t(L1 - 2), p-value from scipy directly
        t = ref[w]["car"] / ref[w]["se"]
        np.testing.assert_allclose(c.t.statistic, t, **TOL)
        np.testing.assert_allclose(c.t.pvalue_two_sided, 2 * stats.t.sf(abs(t), 238), rtol=1e-9)
    # dates of the windows on NYSE sessions: 2018-12-05 (Bush funeral) is not a session
    assert est.cars[(0, 5)].end_date == pd.Timestamp("2018-12-11")
    assert pd.Timestamp("2018-12-05") not in set(est.abnormal.date)


@pytest.mark.parametrize("method", ["core", "statsmodels"])
def test_constant_mean_matches_numpy(gm, method) -> None:
    r, b, y, x, idx = gm
    pos0 = idx.get_loc(DAY0)
    ref = clm_reference(y, x, pos0, k=1)
    est = estimate_event(r, None, DAY0, model="constant_mean", event_windows=WINDOWS, method=method)
    np.testing.assert_allclose(est.params["const"], ref["theta"][0], **TOL)
    assert est.dof == ref["L1"] - 1
    for w in WINDOWS:
        np.testing.assert_allclose(est.cars[w].car, ref[w]["car"], **TOL)
        np.testing.assert_allclose(est.cars[w].se, ref[w]["se"], **TOL)


def test_market_adjusted_matches_numpy(gm) -> None:
    r, b, y, x, idx = gm
    pos0 = idx.get_loc(DAY0)
    ar_est = (y - x)[pos0 - 250 : pos0 - 10]
    s = np.std(ar_est, ddof=1)
    est = estimate_event(r, b, DAY0, model="market_adjusted", event_windows=WINDOWS)
    assert est.dof == 239
    for w in WINDOWS:
        ev = np.arange(pos0 + w[0], pos0 + w[1] + 1)
        np.testing.assert_allclose(est.cars[w].car, (y - x)[ev].sum(), **TOL)
        np.testing.assert_allclose(est.cars[w].se, s * np.sqrt(len(ev)), **TOL)


@pytest.mark.parametrize("method", ["core", "statsmodels"])
def test_exclusions_and_missing_returns_match_numpy(gm, method) -> None:
    r, b, y, x, idx = gm
    pos0 = idx.get_loc(DAY0)
    # exclude another (hypothetical) event's window [-100, -95]; knock out two returns
    excl_pos = list(range(pos0 - 100, pos0 - 94))
    y2, r2 = y.copy(), r.copy()
    for p in (pos0 - 30, pos0 + 1):  # one estimation day, one event-window day
        y2[p] = np.nan
        r2.iloc[p] = np.nan
    ref = clm_reference(y2, x, pos0, drop=excl_pos)
    # the two knocked-out returns are reported: one in the estimation window, one in
    # every event window that contains day +1
    with pytest.warns(DataGapWarning, match=r"no return on 1 of \d+ sessions") as rec:
        est = estimate_event(r2, b, DAY0, event_windows=WINDOWS, exclude=idx[excl_pos],
                             method=method)
    gaps = [str(w.message) for w in rec]
    est_gap, ev_gap = str(idx[pos0 - 30].date()), str(idx[pos0 + 1].date())
    assert any("estimation window" in g and est_gap in g for g in gaps)
    assert sum(ev_gap in g for g in gaps) == 4  # windows [-1,1], [0,5], [-5,5], [-10,10]
    assert est.n_excluded == 6 and est.n_missing_estimation == 1
    assert est.n_estimation == ref["L1"] == 240 - 7
    assert len(est.estimation_dates) == 233 and idx[pos0 - 30] not in est.estimation_dates
    for w in WINDOWS:
        np.testing.assert_allclose(est.cars[w].car, ref[w]["car"], **TOL)
        np.testing.assert_allclose(est.cars[w].se, ref[w]["se"], **TOL)
    assert est.cars[(-1, 1)].n_days == 2 and est.cars[(-1, 1)].n_missing == 1
    assert np.isnan(est.abnormal.set_index("rel_day").loc[1, "abnormal_return"])


def test_core_and_statsmodels_agree_on_real_data(real_prices) -> None:
    """Closed-form core and statsmodels agree to 1e-10 (several assets and days)."""
    m = real_prices("^GSPC")
    for ticker in ["GM", "F", "CAT", "BA"]:
        p = real_prices(ticker)
        r, b = asset_returns(p, p.index), trade_to_trade(m, p.index)
        for day0 in ["2018-12-03", "2019-01-03", "2018-10-10"]:
            for model in ["market", "constant_mean"]:
                kw = dict(model=model, event_windows=WINDOWS, asset=ticker)
                a = estimate_event(r, b, pd.Timestamp(day0), method="core", **kw)
                s = estimate_event(r, b, pd.Timestamp(day0), method="statsmodels", **kw)
                assert a.method == "core" and s.method == "statsmodels"
                np.testing.assert_allclose(a.params, s.params, **TOL)
                np.testing.assert_allclose(a.std_errors, s.std_errors, **TOL)
                np.testing.assert_allclose(a.sigma, s.sigma, **TOL)
                np.testing.assert_allclose(
                    a.abnormal.abnormal_return, s.abnormal.abnormal_return, **TOL
                )
                np.testing.assert_allclose(a.abnormal.ar_se, s.abnormal.ar_se, **TOL)
                for w in WINDOWS:
                    np.testing.assert_allclose(a.cars[w].car, s.cars[w].car, **TOL)
                    np.testing.assert_allclose(a.cars[w].se, s.cars[w].se, **TOL)


def test_dimson_matches_hand_built_lagged_ols(gm) -> None:
    r, b, y, x, idx = gm
    pos0 = idx.get_loc(DAY0)
    lag = np.r_[np.nan, x[:-1]]
    lead = np.r_[x[1:], np.nan]
    est_idx = np.arange(pos0 - 250, pos0 - 10)
    X = np.column_stack([np.ones(len(est_idx)), lag[est_idx], x[est_idx], lead[est_idx]])
    theta, *_ = np.linalg.lstsq(X, y[est_idx], rcond=None)
    e = y[est_idx] - X @ theta
    s2 = e @ e / (len(est_idx) - 4)
    XtXi = np.linalg.inv(X.T @ X)
    cov = s2 * XtXi
    est = estimate_event(r, b, DAY0, model="dimson", event_windows=WINDOWS)
    np.testing.assert_allclose(est.params.to_numpy(), theta, **TOL)
    assert list(est.params.index) == ["const", "market_lag1", "market", "market_lead1"]
    assert est.dof == 236
    np.testing.assert_allclose(est.extra["beta_sum"], theta[1:].sum(), **TOL)
    np.testing.assert_allclose(est.extra["beta_sum_se"], np.sqrt(cov[1:, 1:].sum()), **TOL)
    for w in WINDOWS:
        ev = np.arange(pos0 + w[0], pos0 + w[1] + 1)
        Xs = np.column_stack([np.ones(len(ev)), lag[ev], x[ev], lead[ev]])
        V = s2 * (np.eye(len(ev)) + Xs @ XtXi @ Xs.T)
        np.testing.assert_allclose(est.cars[w].car, (y[ev] - Xs @ theta).sum(), **TOL)
        np.testing.assert_allclose(est.cars[w].se, np.sqrt(V.sum()), **TOL)
    assert est.ols_results.df_resid == 236


def test_results_surface(gm) -> None:
    r, b, *_ = gm
    est = estimate_event(r, b, DAY0, event_windows=[(0, 0), (-1, 1)], asset="GM", event_id="gm-cut")
    ci = est.conf_int(0.9)
    c = est.cars[(-1, 1)]
    q = stats.t.ppf(0.95, est.dof)
    np.testing.assert_allclose(
        ci.loc["[-1,+1]", ["lower", "upper"]], [c.car - q * c.se, c.car + q * c.se]
    )
    frame = est.to_frame()
    assert list(zip(frame.rel_start, frame.rel_end, strict=True)) == [(0, 0), (-1, 1)]
    assert (frame.asset == "GM").all()
    assert set(est.to_frame("abnormal").columns) >= {
        "event_id",
        "date",
        "rel_day",
        "return",
        "benchmark_return",
        "expected_return",
        "abnormal_return",
        "ar_se",
    }
    text, html = est.summary().as_text(), est.summary().as_html()
    assert "GM / gm-cut" in text and "[-1,+1]" in text and "<table" in html
    np.testing.assert_allclose(est.tstats, est.params / est.std_errors)
    assert est.ols_results.nobs == 240  # statsmodels results reachable on the core path too
    np.testing.assert_allclose(est.ols_results.params.to_numpy(), est.params.to_numpy(), **TOL)
    # the estimate's volatility ratio uses the 20 abnormal returns (out-of-sample residuals
    # under the fit, plain numpy here) before day 0; each window its own 20 before its start
    pos0 = r.index.get_loc(DAY0)
    a_hat, b_hat = est.params["const"], est.params["market"]
    ar = (r - a_hat - b_hat * b.reindex(r.index)).to_numpy()
    pre = ar[pos0 - 20 : pos0]
    np.testing.assert_allclose(est.vol_ratio, np.std(pre, ddof=1) / est.sigma, rtol=1e-12)
    np.testing.assert_allclose(est.cars[(0, 0)].vol_ratio, est.vol_ratio, rtol=1e-12)
    pre = ar[pos0 - 21 : pos0 - 1]
    np.testing.assert_allclose(est.cars[(-1, 1)].vol_ratio, np.std(pre, ddof=1) / est.sigma,
                               rtol=1e-12)
    np.testing.assert_allclose(est.abnormal_all.to_numpy(), ar, rtol=1e-12, atol=1e-15)
    # residuals, not raw returns: the raw-return ratio is inflated by the market's share
    raw = r.iloc[pos0 - 20 : pos0].to_numpy()
    assert np.std(raw, ddof=1) / est.sigma > est.vol_ratio
    with pytest.raises(AttributeError):
        est.sigma = 1.0  # type: ignore[misc]


def test_insufficient_data_message(gm) -> None:
    r, b, _, _, idx = gm
    pos0 = idx.get_loc(DAY0)
    excl = idx[pos0 - 250 : pos0 - 100]
    with pytest.raises(InsufficientDataError) as err:
        estimate_event(r, b, DAY0, exclude=excl, asset="GM", event_id="gm-cut")
    msg = str(err.value)
    assert "GM" in msg and "gm-cut" in msg and "90 usable" in msg and "minimum is 120" in msg
    assert "fix:" in msg


def test_window_off_the_data(gm) -> None:
    r, b, _, _, idx = gm
    with pytest.raises(EventOutsideDataError, match="estimation window"):
        estimate_event(r, b, idx[100], asset="GM")
    with pytest.raises(EventOutsideDataError, match="event window"):
        estimate_event(r, b, idx[-3], event_windows=[(0, 5)], asset="GM")
    with pytest.raises(EventOutsideDataError, match="not a session"):
        estimate_event(r, b, pd.Timestamp("2018-12-05"), asset="GM")


def test_registry_errors_and_fresh_instance() -> None:
    with pytest.raises(UnknownModelError) as err:
        get_model("capm")
    assert "market_adjusted" in str(err.value) and "dimson" in str(err.value)
    reg = ModelRegistry(defaults=False)
    assert reg.names == []
    with pytest.raises(UnknownModelError):
        reg.get("market")


def test_shanghai_on_new_york_dimson_uses_trade_to_trade_dates(real_prices) -> None:
    ss = real_prices("000001.SS", "close")
    spx = real_prices("^GSPC", "close")
    r, b = asset_returns(ss, ss.index), trade_to_trade(spx, ss.index)
    est = estimate_event(
        r, b, pd.Timestamp("2019-01-02"), model="dimson", event_windows=[(-1, 1)], asset="000001.SS"
    )
    ab = est.abnormal.set_index("date")
    # Shanghai sessions around day 0: 2018-12-28, 2019-01-02, 2019-01-03 (no 12-31)
    assert list(ab.index) == list(pd.DatetimeIndex(["2018-12-28", "2019-01-02", "2019-01-03"]))
    assert ab.loc["2019-01-02", "benchmark_return"] == pytest.approx(
        2510.030029 / 2485.739990 - 1, rel=1e-9
    )
    # expected return uses the lagged/lead benchmark of the neighbouring Shanghai sessions
    p = est.params
    x = b.loc[pd.DatetimeIndex(["2018-12-28", "2019-01-02", "2019-01-03"])].to_numpy()
    exp = p["const"] + p["market_lag1"] * x[0] + p["market"] * x[1] + p["market_lead1"] * x[2]
    assert ab.loc["2019-01-02", "expected_return"] == pytest.approx(exp, rel=1e-12)
