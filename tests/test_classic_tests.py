"""Brown–Warner (1980), Hall (1992) and the jackknife, against independent computations.

Independent checks: explicit Python loops over events and days for the
Brown–Warner statistics; scipy.stats.skew(bias=False) for Hall's skewness;
the textbook jackknife identities (se of the mean = s/sqrt(n); the jackknifed
plug-in variance = the unbiased variance). Data: seeded synthetic draws.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from eventstudy.stats.classic import (
    brown_warner_crude_t,
    brown_warner_independence_t,
    hall_t,
    jackknife,
    jackknife_t,
)

RNG = np.random.default_rng(20240501)  # synthetic test data


def _panel(n: int = 12, l1: int = 120, l2: int = 3) -> tuple[np.ndarray, np.ndarray]:
    est = RNG.standard_t(5, size=(n, l1)) * 0.01
    ev = RNG.standard_t(5, size=(n, l2)) * 0.01 + 0.002
    est[2, 5] = np.nan
    ev[3, 1] = np.nan
    return est, ev


def test_brown_warner_crude_by_loops() -> None:
    est, ev = _panel()
    aar_est = []
    for t in range(est.shape[1]):
        vals = [est[i, t] for i in range(est.shape[0]) if not math.isnan(est[i, t])]
        aar_est.append(sum(vals) / len(vals))
    mean = sum(aar_est) / len(aar_est)
    s = math.sqrt(sum((a - mean) ** 2 for a in aar_est) / (len(aar_est) - 1))
    caar = 0.0
    for t in range(ev.shape[1]):
        vals = [ev[i, t] for i in range(ev.shape[0]) if not math.isnan(ev[i, t])]
        caar += sum(vals) / len(vals)
    t_expected = caar / (math.sqrt(ev.shape[1]) * s)
    res = brown_warner_crude_t(est, ev)
    assert res.statistic == pytest.approx(t_expected, rel=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(t_expected), len(aar_est) - 1))


def test_brown_warner_independence_by_loops() -> None:
    est, ev = _panel()
    var_sum = 0.0
    for i in range(est.shape[0]):
        x = [v for v in est[i] if not math.isnan(v)]
        m = sum(x) / len(x)
        var_sum += sum((v - m) ** 2 for v in x) / (len(x) - 1)
    n = est.shape[0]
    caar = sum(np.nanmean(ev[:, t]) for t in range(ev.shape[1]))
    t_expected = caar / (math.sqrt(ev.shape[1]) * math.sqrt(var_sum) / n)
    res = brown_warner_independence_t(est, ev)
    assert res.statistic == pytest.approx(t_expected, rel=1e-12)


def test_brown_warner_needs_data() -> None:
    assert not brown_warner_crude_t(np.ones((3, 2)), np.ones((3, 1))).computable


def test_hall_matches_formula_with_scipy_skewness() -> None:
    x = RNG.lognormal(0, 0.8, size=40) - 1.2  # right-skewed synthetic CARs
    n = x.size
    S = x.mean() / x.std(ddof=1)
    g = stats.skew(x, bias=False)  # the adjusted Fisher-Pearson G1 = Hall's gamma
    t = math.sqrt(n) * (S + g * S**2 / 3 + g**2 * S**3 / 27 + g / (6 * n))
    res = hall_t(x)
    assert res.statistic == pytest.approx(t, rel=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(t)), rel=1e-10)
    # symmetric data: Hall's t is the plain t (up to the vanishing skew terms)
    sym = np.concatenate([x - x.mean(), -(x - x.mean())]) + 0.1
    plain = math.sqrt(sym.size) * sym.mean() / sym.std(ddof=1)
    assert hall_t(sym).statistic == pytest.approx(plain, rel=1e-9)


def test_jackknife_identities() -> None:
    x = RNG.normal(size=25)
    est, se, loo = jackknife(x, np.mean)
    assert est == pytest.approx(x.mean())
    assert se == pytest.approx(x.std(ddof=1) / math.sqrt(x.size), rel=1e-12)
    assert loo[3] == pytest.approx(np.delete(x, 3).mean())
    # Quenouille: jackknifing the plug-in (biased) variance gives the unbiased one
    est_v, _, _ = jackknife(x, lambda v: float(np.var(v)))
    assert est_v == pytest.approx(np.var(x, ddof=1), rel=1e-12)
    # jackknife t of the mean is the one-sample t
    res = jackknife_t(x, null=0.1)
    assert res.statistic == pytest.approx(stats.ttest_1samp(x, 0.1).statistic, rel=1e-12)
