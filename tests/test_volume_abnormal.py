"""Abnormal log volume and the abnormal-volatility tests, against independent computations.

Independent checks: the volume market model refitted with statsmodels OLS on
log volumes built here from the cache CSV; the F test with scipy; the pooled
jackknife against its closed form (for a mean, the one-sample t) and the
chi-square null mean by simulation. Real data: cached AAPL and ^GSPC volume.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from eventstudy.stats.volume import (
    abnormal_volume,
    log_ratio_null_mean,
    pooled_volatility_test,
    volatility_ratio_test,
)

CACHE = Path(__file__).resolve().parents[1] / "cache"


def _volume(ticker: str) -> pd.Series:
    return pd.read_csv(CACHE / f"{ticker}.csv", index_col="Date", parse_dates=True)["Volume"]


def test_abnormal_volume_matches_statsmodels() -> None:
    v, m = _volume("AAPL"), _volume("^GSPC")
    day0 = pd.Timestamp("2019-01-03")
    res = abnormal_volume(v, m, day0, event_windows=[(0, 0), (0, 2)])
    idx = v.index
    pos = idx.get_loc(day0)
    est = idx[pos - 250: pos - 10]
    y, x = np.log1p(v.loc[est]), np.log1p(m.loc[est])
    ols = sm.OLS(y.to_numpy(), sm.add_constant(x.to_numpy())).fit()
    np.testing.assert_allclose(res.params.to_numpy(), ols.params, rtol=1e-9)
    win = idx[pos: pos + 3]
    Xw = sm.add_constant(np.log1p(m.loc[win]).to_numpy())
    av = np.log1p(v.loc[win]).to_numpy() - Xw @ ols.params
    cov_mean = Xw @ ols.cov_params() @ Xw.T
    var = ols.scale * 3 + cov_mean.sum()
    e = ols.resid - ols.resid.mean()
    consecutive = np.diff(idx.get_indexer(est)) == 1  # all consecutive sessions here
    assert consecutive.all()
    rho = max(0.0, float(e[1:] @ e[:-1] / (e @ e)))
    inflation = (3 + 2 * (2 * rho + rho**2)) / 3  # sum of 3 AR(1) terms
    car = res.cars[(0, 2)]
    assert car.car == pytest.approx(av.sum(), rel=1e-9)
    assert res.extra["rho_resid"] == pytest.approx(rho, rel=1e-9)
    assert car.se == pytest.approx(np.sqrt(var * inflation), rel=1e-9)
    assert car.t.statistic == pytest.approx(car.car / car.se, rel=1e-12)
    assert res.cars[(0, 0)].se == pytest.approx(np.sqrt(ols.scale + cov_mean[0, 0]), rel=1e-9)
    assert car.car > 0.3  # Apple traded far more than normal after its warning


def test_volatility_ratio_f() -> None:
    ar = np.array([0.03, -0.025, 0.01])
    se = np.array([0.012, 0.012, 0.0125])
    res = volatility_ratio_test(ar, se, 238)
    vr = np.mean((ar / se) ** 2)
    assert res.statistic == pytest.approx(vr)
    assert res.pvalue == pytest.approx(stats.f.sf(vr, 3, 238))
    assert not volatility_ratio_test([np.nan], [0.01], 200).computable


def test_pooled_volatility_jackknife_and_null_mean() -> None:
    rng = np.random.default_rng(11)  # synthetic: chi2(3)/3 ratios under the null
    draws = rng.chisquare(3, size=200_000) / 3
    assert log_ratio_null_mean(3) == pytest.approx(np.log(draws).mean(), abs=0.01)
    ratios = rng.chisquare(3, size=40) / 3 * 2.0  # volatility doubled
    out = pooled_volatility_test(ratios, 3)
    t = stats.ttest_1samp(np.log(ratios), log_ratio_null_mean(3)).statistic
    assert out["jackknife"].statistic == pytest.approx(t, rel=1e-10)
    assert out["jackknife"].pvalue < 0.01
    assert out["cross-sectional"].statistic == pytest.approx(
        stats.ttest_1samp(ratios - 1, 0).statistic, rel=1e-10)
