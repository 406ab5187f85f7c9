"""SQ in a window with a missing return: sums of as many residuals as the CAR has days.

The CAR of a window with a missing return sums the L2 < window-length days
that have an abnormal return (and its variance counts those L2 days), so the
SQ reference distribution is the overlapping L2-day sums of the estimation
residuals -- the study path's rule (``stats.single.sq_pvalues`` with
``n_days``). Checked against a statsmodels fit and a brute-force count of
the sums, written out here. SYNTHETIC seeded returns (labelled).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from eventstudy.batch import batch


def _brute_sq(car: float, resid: np.ndarray, length: int) -> tuple[float, float, int]:
    sums = [resid[j:j + length].sum() for j in range(len(resid) - length + 1)]
    sums = [s for s in sums if np.isfinite(s)]
    m = len(sums)
    ge = sum(s >= car for s in sums)
    le = sum(s <= car for s in sums)
    return (1 + ge) / (m + 1), (1 + le) / (m + 1), m


def test_sq_uses_the_days_with_an_abnormal_return():
    rng = np.random.default_rng(77)  # SYNTHETIC
    days = pd.bdate_range("2018-01-01", periods=420)
    m = 0.01 * rng.standard_normal(420)
    y = 0.9 * m + 0.02 * rng.standard_normal(420)
    d0s = [300, 340, 380]
    y[d0s[0] + 1] = np.nan  # window [0, 5] of the first event: 5 days with an AR
    y[d0s[1] + 2] = np.nan
    y[d0s[1] + 4] = np.nan  # second event: 4 days
    y[d0s[2] - 100] = np.nan  # third: a gap in the estimation window only
    frame = pd.DataFrame({"A": y, "MKT": m}, index=days)
    ev = pd.DataFrame({"ticker": ["A"] * 3, "date": days[d0s]})
    res = batch(frame, ev, benchmark="MKT", estimation=(-250, -11),
                windows=[(0, 5), (0, 0)], tests="single", exclude_event_windows=False)
    for i, d0 in enumerate(d0s):
        est = np.arange(d0 - 250, d0 - 10)
        keep = np.isfinite(y[est])
        X = sm.add_constant(m[est][keep])
        fit = sm.OLS(y[est][keep], X).fit()
        resid = np.full(len(est), np.nan)
        resid[keep] = fit.resid
        ar = y[d0:d0 + 6] - (fit.params[0] + fit.params[1] * m[d0:d0 + 6])
        nd = int(np.isfinite(ar).sum())
        car = float(np.nansum(ar))
        assert res.n_days[i, 0] == nd
        assert abs(res.car[i, 0] - car) < 1e-12
        p_gt, p_lt, n_sums = _brute_sq(car, resid, nd)
        assert n_sums >= 40
        assert abs(res.extra["p_value_sq_greater"][i, 0] - p_gt) < 1e-12, (i, nd)
        assert abs(res.extra["p_value_sq_less"][i, 0] - p_lt) < 1e-12, (i, nd)
        assert abs(res.p_value_sq[i, 0] - min(1.0, 2 * min(p_gt, p_lt))) < 1e-12
