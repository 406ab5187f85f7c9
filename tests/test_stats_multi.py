"""Multi-event tests against independent computations: scipy's own tests where one
exists (ttest_1samp, binomtest), brute-force enumeration (Wilcoxon), plain loops written
from the papers' formulas (Patell, KP, Corrado/Cowan, GRANK, generalized sign), and a
statsmodels dummy regression (portfolio). All data are seeded synthetic."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from eventstudy.stats import multi as M
from eventstudy.stats.results import NotComputable, TestResult

RNG = np.random.default_rng(2024)
N = 12
CARS = RNG.normal(0.004, 0.02, N)
SE = RNG.uniform(0.01, 0.03, N)
L1 = RNG.integers(100, 250, N).astype(float)
RESID = RNG.normal(0, 1, (N, 60))


@pytest.mark.parametrize("alt", ["two-sided", "greater", "less"])
def test_cross_sectional_t_vs_scipy(alt: str) -> None:
    ref = stats.ttest_1samp(CARS, 0.0, alternative=alt)
    res = M.cross_sectional_t(CARS, alternative=alt)
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-10)


@pytest.mark.parametrize("alt", ["two-sided", "greater", "less"])
def test_bmp_is_t_test_of_standardised_cars(alt: str) -> None:
    ref = stats.ttest_1samp(CARS / SE, 0.0, alternative=alt)
    res = M.bmp_test(CARS, SE, alternative=alt)
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-10)


def test_patell_by_formula() -> None:
    num = sum(c / s for c, s in zip(CARS, SE, strict=True))
    den = sum((l1 - 2) / (l1 - 4) for l1 in L1) ** 0.5
    res = M.patell_test(CARS, SE, L1)
    assert res.statistic == pytest.approx(num / den, rel=1e-12)
    assert res.pvalue_two_sided == pytest.approx(2 * stats.norm.sf(abs(num / den)), rel=1e-10)
    # constant-mean: L1 - 1 degrees of freedom
    den1 = sum((l1 - 1) / (l1 - 3) for l1 in L1) ** 0.5
    assert M.patell_test(CARS, SE, L1, k=1).statistic == pytest.approx(num / den1, rel=1e-12)


def test_mean_pairwise_correlation_complete_matches_corrcoef() -> None:
    x = RNG.normal(size=(8, 50)) + RNG.normal(size=50)  # common factor
    c = np.corrcoef(x)
    expected = c[~np.eye(8, dtype=bool)].mean()
    assert M.mean_pairwise_correlation(x) == pytest.approx(expected, rel=1e-12)


def test_mean_pairwise_correlation_with_gaps_by_pair_loop() -> None:
    x = RNG.normal(size=(5, 40)) + RNG.normal(size=40)
    x[0, :10] = np.nan
    x[3, 25:] = np.nan
    x[4, :] = np.nan
    x[4, 30:] = RNG.normal(size=10)  # overlaps 0..2 only on 30..39, never with 3
    zs = []
    for row in x:
        ok = np.isfinite(row)
        z = np.full_like(row, np.nan)
        z[ok] = (row[ok] - row[ok].mean()) / row[ok].std()
        zs.append(z)
    num = den = 0.0
    for i, j in itertools.permutations(range(5), 2):
        common = np.isfinite(zs[i]) & np.isfinite(zs[j])
        n_ij = common.sum()
        if n_ij:
            rho = (zs[i][common] * zs[j][common]).sum() / n_ij
            num += n_ij * rho
            den += n_ij
    assert M.mean_pairwise_correlation(x) == pytest.approx(num / den, rel=1e-12)


def test_kp_adjustments_by_formula() -> None:
    r = 0.05
    t_bmp = stats.ttest_1samp(CARS / SE, 0.0).statistic
    kp = M.kp_bmp_test(CARS, SE, rbar=r)
    assert kp.statistic == pytest.approx(t_bmp * np.sqrt((1 - r) / (1 + (N - 1) * r)), rel=1e-12)
    assert kp.pvalue == pytest.approx(2 * stats.t.sf(abs(kp.statistic), N - 1), rel=1e-10)
    z = M.patell_test(CARS, SE, L1).statistic
    kpp = M.kp_patell_test(CARS, SE, L1, rbar=r)
    assert kpp.statistic == pytest.approx(z / np.sqrt(1 + (N - 1) * r), rel=1e-12)
    # with residuals instead of rbar
    via = M.kp_bmp_test(CARS, SE, residuals=RESID)
    rr = np.corrcoef(RESID)[~np.eye(N, dtype=bool)].mean()
    assert via.statistic == pytest.approx(t_bmp * np.sqrt((1 - rr) / (1 + (N - 1) * rr)), rel=1e-9)


def _rank_reference(ar: np.ndarray, event_cols: list[int]) -> float:
    """Corrado (1989) / Cowan (1992) with Corrado-Zivney scaled ranks, by loops."""
    n, t = ar.shape
    u = np.full_like(ar, np.nan)
    for i in range(n):
        ok = [j for j in range(t) if not np.isnan(ar[i, j])]
        vals = ar[i, ok]
        for pos, j in enumerate(ok):
            rank = (vals < vals[pos]).sum() + 0.5 * ((vals == vals[pos]).sum() - 1) + 1
            u[i, j] = rank / (len(ok) + 1) - 0.5
    ubar, nt = [], []
    for j in range(t):
        col = [u[i, j] for i in range(n) if not np.isnan(u[i, j])]
        nt.append(len(col))
        ubar.append(sum(col) / len(col) if col else np.nan)
    days = [j for j in range(t) if nt[j] > 0]
    s2 = sum(nt[j] / n * ubar[j] ** 2 for j in days) / len(days)
    ev = [j for j in event_cols if nt[j] > 0]
    return sum(ubar[j] for j in ev) / (np.sqrt(len(ev)) * np.sqrt(s2))


@pytest.mark.parametrize("event_cols", [[60], [60, 61, 62]])
def test_rank_tests_by_loops(event_cols: list[int]) -> None:
    ar = RNG.normal(size=(N, 63))
    ar[:, 60] += 1.0
    ar[2, 5] = np.nan
    ar[7, 61] = np.nan
    ar[4, 30] = ar[4, 31]  # a tie
    mask = np.zeros(63, bool)
    mask[event_cols] = True
    res = M.rank_test(ar, mask)
    z = _rank_reference(ar, event_cols)
    assert res.name == "corrado_rank"
    assert res.note.startswith("Corrado (1989)" if len(event_cols) == 1 else "Cowan (1992)")
    assert res.statistic == pytest.approx(z, rel=1e-12)
    assert res.pvalue_greater == pytest.approx(stats.norm.sf(z), rel=1e-10)


def test_grank_by_loops() -> None:
    scar = CARS / SE
    sar = RESID.copy()
    sar[3, 10] = np.nan
    star = scar / np.std(scar, ddof=1)
    g = np.column_stack([sar, star])
    z_ref_u = np.full_like(g, np.nan)
    for i in range(N):
        ok = np.isfinite(g[i])
        z_ref_u[i, ok] = stats.rankdata(g[i, ok]) / (ok.sum() + 1) - 0.5
    nt = np.isfinite(z_ref_u).sum(axis=0)
    ubar = np.nanmean(z_ref_u, axis=0)
    t_days = g.shape[1]
    s = np.sqrt(np.sum(nt / N * ubar**2) / t_days)
    z = ubar[-1] / s
    tg = z * np.sqrt((t_days - 2) / (t_days - 1 - z**2))
    res = M.grank_test(scar, sar)
    assert res.statistic == pytest.approx(tg, rel=1e-12)
    assert res.distribution == f"t({t_days - 2})"
    assert res.pvalue_two_sided == pytest.approx(2 * stats.t.sf(abs(tg), t_days - 2), rel=1e-10)


@pytest.mark.parametrize("alt", ["two-sided", "greater", "less"])
def test_sign_test_vs_scipy_binomtest(alt: str) -> None:
    cars = np.r_[CARS, 0.0]  # the zero is dropped
    w = int((CARS > 0).sum())
    ref = stats.binomtest(w, N, 0.5, alternative=alt).pvalue
    res = M.sign_test(cars, alternative=alt)
    assert res.n == N
    assert res.pvalue == pytest.approx(ref, rel=1e-10)


@pytest.mark.parametrize("length", [1, 3])
def test_generalized_sign_by_formula(length: int) -> None:
    shares = []
    for row in RESID:
        sums = [row[j : j + length].sum() for j in range(len(row) - length + 1)]
        shares.append(np.mean(np.array(sums) > 0))
    p = np.mean(shares)
    w = (CARS > 0).sum()
    z = (w - N * p) / np.sqrt(N * p * (1 - p))
    res = M.generalized_sign_test(CARS, RESID, window_length=length)
    assert res.statistic == pytest.approx(z, rel=1e-12)
    assert res.pvalue_less == pytest.approx(stats.norm.cdf(z), rel=1e-10)


def test_wilcoxon_by_exact_enumeration() -> None:
    x = np.array([0.8, -0.3, 1.7, 2.2, -0.9, 0.4, 1.1, 0.05, -1.4, 2.9])
    ranks = stats.rankdata(np.abs(x))
    w_obs = ranks[x > 0].sum()
    null = [ranks[np.array(s, bool)].sum() for s in itertools.product([0, 1], repeat=len(x))]
    null = np.array(null)
    p_g = np.mean(null >= w_obs)
    p_l = np.mean(null <= w_obs)
    res = M.wilcoxon_test(x)
    assert res.statistic == w_obs
    assert res.pvalue_greater == pytest.approx(p_g, rel=1e-12)
    assert res.pvalue_less == pytest.approx(p_l, rel=1e-12)
    assert res.pvalue_two_sided == pytest.approx(min(1, 2 * min(p_g, p_l)), rel=1e-12)


def test_wilcoxon_large_n_normal_approximation_by_hand() -> None:
    # N > 50 (with ties): one scipy call gives all three p-values; checked against the
    # textbook normal approximation with the tie correction, in plain numpy
    rng = np.random.default_rng(7)
    x = np.round(rng.standard_t(4, 400) * 0.01 + 0.001, 3)
    x = x[x != 0]
    a = np.abs(x)
    ranks = stats.rankdata(a)
    w = ranks[x > 0].sum()
    n = x.size
    _, counts = np.unique(a, return_counts=True)
    var = n * (n + 1) * (2 * n + 1) / 24 - (counts**3 - counts).sum() / 48
    z = (w - n * (n + 1) / 4) / np.sqrt(var)
    res = M.wilcoxon_test(x)
    assert res.statistic == w
    assert res.pvalue_greater == pytest.approx(stats.norm.sf(z), rel=1e-12)
    assert res.pvalue_less == pytest.approx(stats.norm.cdf(z), rel=1e-12)
    assert res.pvalue_two_sided == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)


@pytest.mark.parametrize("case", ["continuous", "rounded", "few_values", "tiny_and_huge"])
def test_wilcoxon_large_n_same_floats_as_scipy(case: str) -> None:
    # the N > 50 path ranks by one sort of packed keys instead of scipy's rankdata: W+,
    # z and the p-values must be scipy.stats.wilcoxon's own floats, ties included
    rng = np.random.default_rng(11)
    x = rng.standard_t(3, 20_000) * 0.01
    x = {"continuous": x, "rounded": np.round(x, 3),
         "few_values": rng.choice([-3.0, -1.0, 1.0, 2.0, 3.0], 5_000),
         "tiny_and_huge": rng.choice([-1e-300, 1e-300, 5e-324, -2.5, 7e300], 999)}[case]
    x = x[x != 0]
    ref = stats.wilcoxon(x, alternative="greater", method="asymptotic")
    res = M.wilcoxon_test(x)
    assert res.statistic == ref.statistic
    assert res.pvalue_greater == ref.pvalue
    assert res.pvalue_less == stats.norm.cdf(ref.zstatistic)
    two = stats.wilcoxon(x, alternative="two-sided", method="asymptotic").pvalue
    assert res.pvalue_two_sided == pytest.approx(two, rel=1e-15, abs=0)


def test_portfolio_from_returns_vs_dummy_regression() -> None:
    t, l1 = 130, 120
    mkt = RNG.normal(0, 0.01, t)
    rets = 0.9 * mkt + RNG.normal(0, 0.015, (4, t)) + RNG.normal(0, 0.005, t)
    rets[1, 40] = np.nan
    est = np.arange(t) < l1
    ev = (np.arange(t) >= 125) & (np.arange(t) <= 126)
    out = M.portfolio_from_returns(rets, mkt, est, ev)
    rp = np.nanmean(rets, axis=0)
    rows = est | ev
    d = np.zeros((t, 2))
    d[125, 0] = d[126, 1] = 1
    design = np.column_stack([np.ones(t), mkt, d])[rows]
    ols = sm.OLS(rp[rows], design).fit()
    ref = ols.t_test(np.r_[0, 0, 1, 1.0])
    assert out["t"].name == "portfolio_t" and out["t"].label == "portfolio t"
    assert out["t"].statistic == pytest.approx(float(ref.tvalue.squeeze()), rel=1e-9)
    assert out["t"].pvalue == pytest.approx(float(ref.pvalue), rel=1e-9)
    assert out["sq"].computable and out["sq"].name == "portfolio_sq"


SINGLE_EVENT_CALLS = {
    "cross_sectional_t": lambda: M.cross_sectional_t([0.01]),
    "bmp": lambda: M.bmp_test([0.01], [0.02]),
    "kolari_pynnonen": lambda: M.kp_bmp_test([0.01], [0.02], rbar=0.1),
    "grank": lambda: M.grank_test([1.0], np.zeros((1, 100))),
    "sign": lambda: M.sign_test([0.01]),
    "generalized_sign": lambda: M.generalized_sign_test([0.01], RESID[:1]),
    "wilcoxon": lambda: M.wilcoxon_test([0.01]),
    "patell": lambda: M.patell_test([], [], []),
}


@pytest.mark.parametrize("name", list(SINGLE_EVENT_CALLS))
def test_not_computable_when_n_too_small(name: str) -> None:
    res = SINGLE_EVENT_CALLS[name]()
    assert isinstance(res, NotComputable)
    assert res.name == name
    assert "N >=" in res.reason


def test_nan_events_are_dropped() -> None:
    cars = np.r_[CARS, np.nan]
    res = M.cross_sectional_t(cars)
    assert isinstance(res, TestResult) and res.n == N


def test_vectorised_on_many_events() -> None:
    # 20,000 events through every array test in one call each (no per-event loop)
    n = 20_000
    rng = np.random.default_rng(1)
    resid = rng.normal(size=(n, 250))
    cars = rng.normal(size=n)
    ar = np.column_stack([resid, cars])
    mask = np.r_[np.zeros(250, bool), True]
    for res in (
        M.rank_test(ar, mask),
        M.grank_test(cars, resid),
        M.generalized_sign_test(cars, resid),
        M.patell_test(cars, np.ones(n), 250),
    ):
        assert res.n == n and 0 <= res.pvalue <= 1
    assert abs(M.mean_pairwise_correlation(resid[:2000])) < 0.01


def _rbar_by_pairs(resid: np.ndarray, day0: np.ndarray, length: int) -> float:
    """Hand computation, pair by pair: corr(SCAR_i, SCAR_j) ~ rho_ij * overlap_ij / L2."""
    n = resid.shape[0]
    ok = np.isfinite(resid)
    z = np.zeros_like(resid)
    for i in range(n):
        e = resid[i, ok[i]]
        z[i, ok[i]] = (e - e.mean()) / e.std()
    num = den = overlap = 0.0
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            o = max(0, length - abs(int(day0[i]) - int(day0[j])))
            both = ok[i] & ok[j]
            num += o * float((z[i, both] * z[j, both]).sum())
            den += o * float(both.sum())
            overlap += o
    return (num / den) * overlap / (length * n * (n - 1))


def test_kp_rbar_counts_only_overlapping_event_windows() -> None:
    rng = np.random.default_rng(77)
    n, t = 9, 140
    common = rng.normal(size=t)
    resid = 0.6 * common + rng.normal(size=(n, t))
    resid[rng.random(resid.shape) < 0.05] = np.nan
    day0 = np.array([120, 120, 121, 123, 130, 131, 135, 135, 139])
    for i, d in enumerate(day0):  # residuals only before each event's window
        resid[i, d - 5 :] = np.nan
    for window in [(0, 0), (-1, 1), (0, 5)]:
        length = window[1] - window[0] + 1
        got = M.mean_pairwise_correlation(resid, day0=day0, window=window)
        assert got == pytest.approx(_rbar_by_pairs(resid, day0, length), rel=1e-12)
    # all on one date: the classic r-bar; all far apart: 0, so KP equals BMP
    same = np.full(n, 130)
    assert M.mean_pairwise_correlation(resid, day0=same, window=(0, 2)) == pytest.approx(
        M.mean_pairwise_correlation(resid), rel=1e-12)
    apart = np.arange(n) * 10
    assert M.mean_pairwise_correlation(resid, day0=apart, window=(0, 2)) == 0.0
    kp = M.kp_bmp_test(CARS[:n], SE[:n], residuals=resid, day0=apart, window=(0, 2))
    assert kp.statistic == pytest.approx(M.bmp_test(CARS[:n], SE[:n]).statistic, rel=1e-12)
