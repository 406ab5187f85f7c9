"""BHAR, the Lyon–Barber–Tsai skewness-adjusted t and bootstrap, calendar-time alphas.

Independent checks: compounding with plain Python loops; LBT's formula from
the paper with numpy; the bootstrap rebuilt with an explicit loop on the same
seed; the calendar-time portfolio formed with a dictionary per day and its
alpha's Newey–West standard error computed by hand (Bartlett weights), not by
statsmodels. Real data: cached AAPL/CAT/^GSPC prices and the cached factors.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from eventstudy.calendar import sessions
from eventstudy.data import load_prices
from eventstudy.data.factors import load_factors
from eventstudy.models.join import asset_returns
from eventstudy.stats.longrun import (
    bhar,
    bhar_frame,
    bootstrap_skewness_adjusted_t,
    buy_and_hold,
    calendar_time_portfolio,
    skewness_adjusted_t,
)

CACHE = Path(__file__).resolve().parents[1] / "cache"
RNG = np.random.default_rng(7)  # synthetic BHAR samples


@pytest.fixture(scope="module")
def rets() -> pd.DataFrame:
    px = load_prices(["AAPL", "CAT", "DE", "^GSPC"], "2017-10-02", "2019-03-29",
                     offline=True, cache_dir=CACHE)
    s = sessions("XNYS", "2017-10-02", "2019-03-29")
    return pd.DataFrame({t: asset_returns(px[t].dropna(), s, "simple") for t in px.columns})


def test_bhar_by_loops(rets: pd.DataFrame) -> None:
    day0 = pd.Timestamp("2018-06-01")
    pos = rets.index.get_loc(day0)
    a, b = 1.0, 1.0
    for k in range(0, 61):
        a *= 1 + rets["AAPL"].iloc[pos + k]
        b *= 1 + rets["^GSPC"].iloc[pos + k]
    assert bhar(rets["AAPL"], rets["^GSPC"], day0, (0, 60)) == pytest.approx(a - b, rel=1e-12)
    assert math.isnan(bhar(rets["AAPL"], rets["^GSPC"], day0, (0, 400)))  # past the data
    assert math.isnan(buy_and_hold([0.01, float("nan")]))


def test_skewness_adjusted_t_formula() -> None:
    x = RNG.lognormal(0, 1, size=60) - 1.5  # skewed synthetic BHARs
    n = x.size
    s = x.std(ddof=1)
    S = x.mean() / s
    g = ((x - x.mean()) ** 3).sum() / (n * s**3)
    t = math.sqrt(n) * (S + g * S**2 / 3 + g / (6 * n))
    res = skewness_adjusted_t(x)
    assert res.statistic == pytest.approx(t, rel=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(t)))


def test_bootstrap_matches_explicit_loop() -> None:
    x = RNG.lognormal(0, 1, size=40) - 1.6
    res = bootstrap_skewness_adjusted_t(x, n_boot=300, seed=3)
    rng = np.random.default_rng(3)
    idx = rng.integers(0, x.size, size=(300, 10))
    tstars = []
    for row in idx:
        d = x[row] - x.mean()
        s = d.std(ddof=1)
        S = d.mean() / s
        g = ((d - d.mean()) ** 3).sum() / (10 * s**3)
        tstars.append(math.sqrt(10) * (S + g * S**2 / 3 + g / 60))
    tstars_a = np.array(tstars)
    p_up = (tstars_a >= res.statistic).mean()
    p_down = (tstars_a <= res.statistic).mean()
    assert res.pvalue == pytest.approx(min(1.0, 2 * min(p_up, p_down)))
    assert bootstrap_skewness_adjusted_t(x + 5.0, n_boot=300).pvalue < 0.01


def _nw_se(y: np.ndarray, X: np.ndarray, lags: int) -> float:
    """Newey-West (1987) standard error of the intercept, by hand."""
    T = len(y)
    beta = np.linalg.solve(X.T @ X, X.T @ y)
    u = y - X @ beta
    S = np.zeros((X.shape[1], X.shape[1]))
    for j in range(lags + 1):
        w = 1.0 if j == 0 else 1 - j / (lags + 1)
        G = sum(u[t] * u[t - j] * np.outer(X[t], X[t - j]) for t in range(j, T))
        S += w * (G if j == 0 else G + G.T)
    B = np.linalg.inv(X.T @ X)
    return float(np.sqrt((B @ S @ B)[0, 0]))


def test_calendar_time_portfolio_by_hand(rets: pd.DataFrame) -> None:
    events = [("AAPL", pd.Timestamp("2018-05-02")), ("CAT", pd.Timestamp("2018-07-30")),
              ("DE", pd.Timestamp("2018-08-17")), ("AAPL", pd.Timestamp("2018-08-01"))]
    f = load_factors("carhart", cache_dir=CACHE)
    res = calendar_time_portfolio(rets, events, f, holding=(1, 60), model="carhart", maxlags=5)
    held: dict[pd.Timestamp, list[float]] = {}
    idx = rets.index
    for asset, d0 in events:
        p = idx.get_loc(d0)
        for k in range(1, 61):
            if p + k < len(idx):
                held.setdefault(idx[p + k], []).append(rets[asset].iloc[p + k])
    dates = sorted(held)
    rp = np.array([np.mean(held[d]) for d in dates])
    ff = f.reindex(dates)
    y = rp - ff["RF"].to_numpy()
    X = np.column_stack([np.ones(len(dates)), ff[["Mkt-RF", "SMB", "HML", "Mom"]].to_numpy()])
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    assert res.n_days == len(dates)
    assert res.alpha == pytest.approx(beta[0], rel=1e-9)
    assert res.se == pytest.approx(_nw_se(y, X, 5), rel=1e-9)
    assert res.mean_size == pytest.approx(np.mean([len(held[d]) for d in dates]))
    capm = calendar_time_portfolio(rets, events, f, holding=(1, 60), model="capm")
    assert list(capm.params.index) == ["const", "Mkt-RF"]
    assert not calendar_time_portfolio(rets, events, f, model="apt").computable


def test_bhar_frame_equals_bhar_row_by_row(rets: pd.DataFrame) -> None:
    r = rets[["AAPL", "CAT", "DE"]].copy()
    r.iloc[200, 1] = np.nan  # a missing CAT return inside some windows
    days = r.index[[10, 150, 190, 330, 370]]
    events = pd.DataFrame({"asset": ["AAPL", "CAT", "DE", "CAT", "AAPL"], "day0": days})
    frame = bhar_frame(r, rets["^GSPC"], events, windows=[(0, 20), (-5, 60)])
    for i, ev in events.iterrows():
        for w in ((0, 20), (-5, 60)):
            expected = bhar(r[ev["asset"]], rets["^GSPC"], ev["day0"], w)
            got = frame.loc[i, f"bhar[{w[0]},{w[1]}]"]
            if math.isnan(expected):
                assert math.isnan(got)
            else:
                assert got == pytest.approx(expected, rel=1e-10, abs=1e-14)
    assert frame["bhar[-5,60]"].isna().sum() >= 2  # past the data, and the gap
