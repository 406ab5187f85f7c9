"""Single-event tests against independent computations (statsmodels dummy regression,
brute-force counting, a hand-written GARCH recursion). Data are seeded synthetic."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from eventstudy.exceptions import VolatilityRegimeWarning
from eventstudy.models import core
from eventstudy.stats.garch import garch_test
from eventstudy.stats.regime import check_volatility_regime, volatility_ratio
from eventstudy.stats.results import NotComputable, TestResult
from eventstudy.stats.single import minimum_detectable_effect, overlapping_sums, sq_test, t_test


def _synthetic(seed: int = 7, l1: int = 120, l2: int = 3):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 0.01, l1 + l2)
    y = 0.0003 + 1.2 * x + rng.standard_t(4, l1 + l2) * 0.012
    return x, y


@pytest.mark.parametrize("l2", [1, 3])
def test_t_test_matches_dummy_variable_regression(l2: int) -> None:
    # Independent route: OLS on estimation + event days with one dummy per event day
    # (Karafiath 1988); the CAR is the sum of the dummy coefficients and its t-test is
    # statsmodels' contrast test with L1 - 2 residual degrees of freedom.
    l1 = 120
    x, y = _synthetic(l1=l1, l2=l2)
    dummies = np.zeros((l1 + l2, l2))
    dummies[l1:, :] = np.eye(l2)
    design = np.column_stack([np.ones(l1 + l2), x, dummies])
    ols = sm.OLS(y, design).fit()
    contrast = np.r_[0.0, 0.0, np.ones(l2)]
    ref = ols.t_test(contrast)

    fit = core.fit_market(y[None, :l1], x[None, :l1])
    ar = core.abnormal(fit, y[None, l1:], x[None, l1:])
    var = core.car_variance(fit, x[None, l1:], np.ones((1, l2), bool))
    res = t_test(ar.sum(), np.sqrt(var[0]), fit.dof[0])
    assert isinstance(res, TestResult)
    assert res.statistic == pytest.approx(float(ref.tvalue.squeeze()), rel=1e-9)
    assert res.pvalue_two_sided == pytest.approx(float(ref.pvalue), rel=1e-9)
    assert ols.df_resid == l1 - 2
    assert res.pvalue_greater == pytest.approx(stats.t.sf(res.statistic, l1 - 2), rel=1e-12)
    less = t_test(ar.sum(), np.sqrt(var[0]), fit.dof[0], alternative="less")
    assert less.pvalue == pytest.approx(1 - res.pvalue_greater, rel=1e-9)


@pytest.mark.parametrize("se", [0.0, -1.0, float("nan")])
def test_t_test_not_computable_for_bad_se(se: float) -> None:
    res = t_test(0.01, se, 100)
    assert isinstance(res, NotComputable) and "standard error" in res.reason


def _brute_sums(e: np.ndarray, length: int) -> list[float]:
    out = []
    for j in range(len(e) - length + 1):
        window = e[j : j + length]
        if not np.isnan(window).any():
            out.append(float(sum(window)))
    return out


def test_overlapping_sums_by_loop() -> None:
    e = np.array([1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0])
    got = overlapping_sums(e, 2)[0]
    expected = [3.0, np.nan, np.nan, 9.0, 11.0, 13.0]
    np.testing.assert_array_equal(got, expected)
    assert [v for v in got if np.isfinite(v)] == _brute_sums(e, 2)


@pytest.mark.parametrize("length", [1, 2, 3])
@pytest.mark.parametrize("car", [-7.0, 0.0, 2.0, 5.0, 11.0])
def test_sq_pvalue_by_brute_force_counting(length: int, car: float) -> None:
    # integer-valued residuals so that ties occur; one missing day
    rng = np.random.default_rng(3)
    e = rng.integers(-3, 4, size=60).astype(float)
    e[17] = np.nan
    sums = _brute_sums(e, length)
    m = len(sums)
    ge = sum(1 for s in sums if s >= car)
    le = sum(1 for s in sums if s <= car)
    res = sq_test(car, e, length, min_sums=10)
    assert isinstance(res, TestResult)
    assert res.pvalue_greater == (1 + ge) / (m + 1)
    assert res.pvalue_less == (1 + le) / (m + 1)
    assert res.pvalue_two_sided == min(1.0, 2 * min((1 + ge) / (m + 1), (1 + le) / (m + 1)))
    assert res.statistic == car
    assert f"M={m}" in res.distribution


def test_sq_rejects_exactly_outside_empirical_quantiles() -> None:
    # With M = 199 distinct sums 0..198, a two-sided 5% test rejects iff at most 4 sums
    # are at least as large as the CAR: (1 + 4) / 200 = 0.025 per side.
    e = np.arange(199, dtype=float)
    assert sq_test(195.0, e, 1).pvalue_two_sided == pytest.approx(0.05)
    assert sq_test(194.5, e, 1).pvalue_two_sided == pytest.approx(0.05)
    assert sq_test(194.0, e, 1).pvalue_two_sided == pytest.approx(0.06)
    assert sq_test(500.0, e, 1, alternative="greater").pvalue == pytest.approx(1 / 200)


def test_sq_not_computable_with_few_sums() -> None:
    res = sq_test(0.1, np.zeros(20), 3)
    assert isinstance(res, NotComputable)
    assert "18" in res.reason and "40" in res.reason


def test_volatility_ratio_and_warning() -> None:
    rng = np.random.default_rng(5)
    r = rng.normal(0, 0.03, 30)
    expected = np.std(r[-20:], ddof=1) / 0.01
    assert volatility_ratio(r, 0.01) == pytest.approx(expected, rel=1e-12)
    assert np.isnan(volatility_ratio(r[:3], 0.01))
    with pytest.warns(VolatilityRegimeWarning, match="GM"):
        assert check_volatility_regime(expected, context="GM") is True
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_volatility_regime(1.2) is False
        assert check_volatility_regime(float("nan")) is False


def test_garch_z_matches_hand_written_recursion() -> None:
    from arch import arch_model

    rng = np.random.default_rng(11)
    n = 400
    e = np.empty(n + 10)
    s2 = 1e-4
    for t in range(n + 10):  # GARCH(1,1) data, omega=5e-6, alpha=0.1, beta=0.85
        e[t] = np.sqrt(s2) * rng.standard_normal()
        s2 = 5e-6 + 0.1 * e[t] ** 2 + 0.85 * s2
    est, gap = e[:n], e[n:]
    scale = np.std(est)
    fit = arch_model(est / scale, mean="Zero", vol="GARCH", p=1, q=1, rescale=False).fit(
        disp="off"
    )
    omega, a, b = fit.params["omega"], fit.params["alpha[1]"], fit.params["beta[1]"]
    # conditional variance of the last estimation day, then the recursion by hand
    sig2 = fit.conditional_volatility[-1] ** 2
    eps = est[-1] / scale
    for g in gap / scale:
        sig2 = omega + a * eps**2 + b * sig2
        eps = g
    forecasts = []
    nxt = omega + a * eps**2 + b * sig2
    for _ in range(3):
        forecasts.append(nxt)
        nxt = omega + (a + b) * nxt
    z = 0.05 / np.sqrt(np.sum(forecasts) * scale**2)
    res = garch_test(0.05, est, 3, gap_residuals=gap)
    assert isinstance(res, TestResult)
    assert res.statistic == pytest.approx(z, rel=1e-6)
    assert res.pvalue_two_sided == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-6)


def test_garch_not_computable_without_arch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "arch", None)
    res = garch_test(0.01, np.random.default_rng(0).normal(size=300), 1)
    assert isinstance(res, NotComputable) and "arch" in res.reason


def test_garch_not_computable_with_few_residuals() -> None:
    res = garch_test(0.01, np.ones(50), 1)
    assert isinstance(res, NotComputable) and "50" in res.reason


def test_minimum_detectable_effect_table_values() -> None:
    # z_0.95 = 1.6449, z_0.975 = 1.9600, z_0.80 = 0.8416 (standard normal tables)
    assert minimum_detectable_effect(0.02) == pytest.approx((1.6449 + 0.8416) * 0.02, rel=1e-4)
    two = minimum_detectable_effect(np.array([0.01, 0.02]), alternative="two-sided")
    np.testing.assert_allclose(two, (1.9600 + 0.8416) * np.array([0.01, 0.02]), rtol=1e-4)
    with pytest.raises(ValueError):
        minimum_detectable_effect(0.01, alpha=1.5)
