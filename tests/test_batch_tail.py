"""The post-engine shortcuts of the batch path give numpy's / scipy's own floats.

SYNTHETIC seeded arrays only. Each shortcut is checked against the plain
numpy or scipy computation it replaces (bit for bit).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from eventstudy.batch import aggregate
from eventstudy.batch.kernel import count_inf, finite_column_sums
from eventstudy.stats import multi
from eventstudy.stats._common import norm_cdf, norm_sf, t_cdf, t_sf


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float64).view(np.uint64)


@pytest.mark.parametrize("seed", range(6))
def test_finite_column_sums_is_numpys_masked_axis0_sum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 5000)), int(rng.integers(2, 20))
    a = rng.standard_normal((n, m)) * 10.0 ** rng.integers(-6, 6, (n, m))
    a[rng.random(a.shape) < 0.2] = np.nan
    a[rng.random(a.shape) < 0.02] = np.inf
    a[rng.random(a.shape) < 0.05] = -0.0
    a[0, 0] = -0.0
    sums, counts = np.empty(m), np.empty(m, dtype=np.intp)
    finite_column_sums(a, sums, counts)
    fa = np.isfinite(a)
    assert np.array_equal(_bits(sums), _bits(np.where(fa, a, 0.0).sum(axis=0)))
    assert np.array_equal(counts, fa.sum(axis=0))


def test_count_inf_counts_both_infinities_not_nan() -> None:
    rng = np.random.default_rng(7)
    a = rng.standard_normal((40, 300))
    a[rng.random(a.shape) < 0.1] = np.nan
    assert count_inf(a) == 0
    a[3, 7], a[20, 299], a[39, 0] = np.inf, -np.inf, np.inf
    assert count_inf(a) == int(np.isinf(a).sum()) == 3


def test_shared_dots_give_the_same_rbar_as_each_window_alone() -> None:
    rng = np.random.default_rng(11)
    p, w = 60, 25
    z = rng.standard_normal((p, w))
    c = (rng.random((p, w)) < 0.9).astype(float)
    ng = rng.integers(0, 4, p).astype(float)
    sums = {"kp_z": z, "kp_c": c, "kp_n": ng,
            "kp_tot": np.array([float((z * z).sum()) / 3, float(c.sum()) / 2, 120.0])}
    windows = [(0, 0), (-1, 1), (0, 5), (-3, 40)]  # the last one is longer than W
    dots = aggregate.SharedDots(sums)
    for win in windows:
        alone = aggregate.mean_correlation(sums, win)
        shared = aggregate.mean_correlation(sums, win, dots)
        assert np.isfinite(alone)
        assert _bits(np.array(shared)) == _bits(np.array(alone))


def test_special_tails_are_scipy_stats_floats() -> None:
    rng = np.random.default_rng(3)
    xs = [*(rng.standard_normal(300) * 5), 0.0, -0.0, np.inf, -np.inf, np.nan, 1e-300, 40.0]
    for x in xs:
        assert _bits(np.array(norm_cdf(x))) == _bits(np.array(stats.norm.cdf(x))) or np.isnan(x)
        assert _bits(np.array(norm_sf(x))) == _bits(np.array(stats.norm.sf(x))) or np.isnan(x)
        for dof in (1, 4, 29.0, 99_999, np.inf):
            assert (_bits(np.array(t_cdf(x, dof))) == _bits(np.array(stats.t.cdf(x, dof)))
                    or np.isnan(x))
            assert (_bits(np.array(t_sf(x, dof))) == _bits(np.array(stats.t.sf(x, dof)))
                    or np.isnan(x))
    assert np.isnan(t_cdf(1.0, 0)) and np.isnan(t_sf(1.0, -1.0))


def test_overlap_dots_match_the_direct_inner_products() -> None:
    rng = np.random.default_rng(5)
    z, c = rng.standard_normal((30, 8)), rng.random((30, 8))
    ng = rng.integers(0, 5, 30).astype(float)
    dz, dc, dn = multi.overlap_dots(z, c, ng, 3)
    assert dz == pytest.approx(float(np.sum(z[:-3, 3:] * z[3:, :5])), rel=1e-12)
    assert dc == pytest.approx(float(np.sum(c[:-3, 3:] * c[3:, :5])), rel=1e-12)
    assert dn == float(np.dot(ng[:-3], ng[3:]))
