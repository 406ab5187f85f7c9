"""Batch kernels against straightforward references (plain loops, scipy, stats.multi).

SYNTHETIC seeded data only. The references never call the kernels under test:
per-row ``scipy.stats.rankdata``, explicit per-event loops for the coverage
counts, and :mod:`eventstudy.stats.multi` on residuals from an independent
per-event loop. Tied values (returns on a coarse grid) force the
tie-averaging path of the rank kernel. One test runs the same kernel source
interpreted by Python (``NUMBA_DISABLE_JIT=1``) and compares every number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from eventstudy.batch import batch
from eventstudy.batch.engine import Layout, coverage
from eventstudy.batch.panel import align_events, to_panel
from eventstudy.batch.ranks import rank_rows
from eventstudy.stats import multi

EST = (-250, -11)
WINDOWS = [(0, 0), (-1, 1), (0, 5)]
AMIN, BMAX = -1, 5


def _row_ranks(row: np.ndarray) -> np.ndarray:
    """Average ranks of the non-NaN values of one row, 0 where NaN (scipy)."""
    out = np.zeros(row.shape[0])
    keep = ~np.isnan(row)
    if keep.any():
        out[keep] = rankdata(row[keep], method="average")
    return out


@pytest.mark.parametrize("m", [20, 247, 300])
def test_sort_keys_never_reverse_the_values_order(m):
    """kernel.sort_key: a smaller key never holds a larger value; -0.0 and NaN are marked."""
    from eventstudy.batch.kernel import key_bits, row_keys

    tiny = 5e-324
    special = np.array([-np.inf, -1e308, -2.5, -1.0, -1e-40, -tiny, -0.0, 0.0, tiny, 1e-40,
                        1e-300, 1.0, 1.0 + 2**-52, 3.0, 1e308, np.inf, np.nan, -np.nan])
    rng = np.random.default_rng(m)
    a = rng.standard_t(2, (40, m)) * 10.0 ** rng.integers(-320, 300, (40, m))
    a[:, : special.size] = special
    a = np.ascontiguousarray(a[:, rng.permutation(m)])
    keys = np.empty(a.shape, np.int32)
    row_keys(a, keys)
    cb = key_bits(m)
    assert (1 << cb) >= m > (1 << (cb - 1)) or m == 1
    col = keys & ((1 << cb) - 1)
    np.testing.assert_array_equal(col, np.broadcast_to(np.arange(m), a.shape))
    top = keys.astype(np.int64) >> cb
    nan = np.isnan(a)
    assert (top[nan] == 0x7FFFFFFF >> cb).all() and (top[~nan] < 0x7FFFFFFF >> cb).all()
    # reference order: the float64 values sorted by numpy (equal values: -0.0 before 0.0)
    for i in range(a.shape[0]):
        v, t = a[i][~nan[i]], top[i][~nan[i]]
        order = np.lexsort((-np.signbit(v).astype(int), v))
        assert (np.diff(t[order]) >= 0).all()  # keys never reverse the values' order
        assert (t[v == 0.0][np.signbit(v[v == 0.0])] == -1).all()  # -0.0 marked (top -1)
        assert (t[(v == 0.0) & ~np.signbit(v)] == 0).all()


@pytest.mark.parametrize("grid", [None, 7])
def test_combined_ranks_match_scipy_rankdata(grid):
    rng = np.random.default_rng(3 if grid is None else grid)
    n, m, l1 = 300, 40, 33
    a = rng.standard_t(3, (n, m))
    if grid is not None:  # many ties: values on a coarse grid
        a = np.round(a * 2) / 2
    a[rng.random(a.shape) < 0.08] = np.nan
    a[5] = np.nan  # an all-missing row
    a[6, 3], a[7, 0], a[7, 9], a[8, 2] = np.inf, -np.inf, np.inf, np.inf
    a[8, 4] = np.nan
    a[9, :4] = [0.0, -0.0, 1e-300, 1e-300 * (1 + 2**-52)]  # a signed-zero tie; one key's top bits
    # distinct values sharing a key's top bits in reverse column order: the keys sort them
    # wrongly and the value-based repair must swap them (rows without such pairs or ties take
    # the keys-only path)
    a[10, :3] = [1.0 + 5 * 2**-52, 1.0 + 2 * 2**-52, 1.0]
    a[11, :2] = [-0.0, 0.0]  # the only tie of its row: different key top bits, equal values
    ranks, count, base = rank_rows(a, l1)
    for i in range(n):
        np.testing.assert_array_equal(ranks[i], _row_ranks(a[i]), err_msg=f"row {i}")
        np.testing.assert_array_equal(base[i], _row_ranks(a[i, :l1]), err_msg=f"row {i}")
    np.testing.assert_array_equal(count, (~np.isnan(a)).sum(axis=1))


def _edge_rows(m: int) -> list[np.ndarray]:
    """Hand-made rows: ties, signed zeros, subnormals, infinities, NaNs anywhere."""
    tiny = 5e-324  # smallest subnormal: its key shares its top bits with -0.0's (negated)
    rows = [
        np.full(m, 0.25),  # one tie group
        np.where(np.arange(m) % 2 == 0, -0.0, 0.0),  # signed zeros only: one tie group
        np.r_[[-tiny, -0.0, 0.0, tiny, -2 * tiny, -0.0], np.zeros(m - 6)],
        np.r_[np.full(m - 3, np.nan), [1.0, -0.0, 0.0]],  # leading NaNs, zeros at the end
        np.r_[[2.0, 2.0], np.full(m - 2, np.nan)],  # a tie, then only missing values
        np.full(m, np.nan),
        np.r_[[np.nan, 3.0], np.full(m - 2, np.nan)],  # one value
        np.r_[[np.inf, -np.inf, np.inf, -np.inf, 0.0, np.nan], np.ones(m - 6)],
        np.r_[np.ones(m - 4), [1.0, 1.0, 1.0 + 2**-52, 1.0 - 2**-53]],  # a tie across l1
        np.r_[[1.0 + 9 * 2**-52, 1.0 + 9 * 2**-52, 1.0 + 2**-52, 1.0], np.arange(m - 4.0)],
    ]
    return [r[:m] for r in rows]


@pytest.mark.parametrize("l1", [1, 13, 40])
def test_ranks_with_ties_nans_and_signed_zeros_match_scipy(l1):
    rng = np.random.default_rng(100 + l1)
    n, m = 400, 40
    a = rng.integers(-3, 4, (n, m)) / 4.0  # seven values: large tie groups
    a[a == 0] = np.where(rng.random((a == 0).sum()) < 0.5, -0.0, 0.0)  # mixed signed zeros
    a[rng.random(a.shape) < 0.15] = np.nan  # missing anywhere, some trailing in sort order
    a[100:200] = rng.standard_normal((100, m))  # keys-only rows (every value its own group)
    a[150:200, rng.integers(0, m, 8)] = np.nan
    a[200:220] = np.where(rng.random((20, m)) < 0.9, np.nan, a[200:220])  # mostly missing
    edge = _edge_rows(m)
    a[: len(edge)] = edge
    ranks, count, base = rank_rows(a, l1)
    assert ranks.shape == (n, m) and base.shape == (n, l1)
    for i in range(n):
        np.testing.assert_array_equal(ranks[i], _row_ranks(a[i]), err_msg=f"row {i}")
        np.testing.assert_array_equal(base[i], _row_ranks(a[i, :l1]), err_msg=f"row {i}")
    np.testing.assert_array_equal(count, (~np.isnan(a)).sum(axis=1))
    assert ranks[1].tolist() == [(m + 1) / 2] * m  # -0.0 and 0.0: one tie group


def _grid_panel(seed: int = 5, n_t: int = 25, n_s: int = 640):
    """SYNTHETIC panel on a 0.5% grid (ties in returns, residuals and ARs)."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2015-01-01", periods=n_s, name="date")
    m = 0.01 * rng.standard_t(4, n_s)
    r = rng.uniform(0.5, 1.5, n_t) * m[:, None] + 0.02 * rng.standard_t(4, (n_s, n_t))
    r = np.round(r / 0.005) * 0.005
    r[rng.random(r.shape) < 0.02] = np.nan
    ret = pd.DataFrame(r, index=dates, columns=[f"SYN{j}" for j in range(n_t)])
    ev = pd.DataFrame({"ticker": rng.choice(ret.columns, 160),
                       "date": dates[rng.integers(255, n_s - 6, 160)]})
    return ret, ev.drop_duplicates(["ticker", "date"]).reset_index(drop=True)


def _constant_mean_loop(ret: pd.DataFrame, ev: pd.DataFrame):
    """Independent per-event constant-mean loop with clean estimation windows."""
    vals, cols, dates = ret.to_numpy(), list(ret.columns), ret.index
    d0s = [int(dates.searchsorted(pd.Timestamp(d))) for d in ev["date"]]
    out = []
    for tk, d0 in zip(ev["ticker"], d0s, strict=True):
        y_all = vals[:, cols.index(tk)]
        rows = np.arange(d0 + EST[0], d0 + EST[1] + 1)
        y = y_all[rows].copy()
        for other_tk, o in zip(ev["ticker"], d0s, strict=True):
            if other_tk == tk and o != d0:
                y[(rows >= o + AMIN) & (rows <= o + BMAX)] = np.nan
        keep = np.isfinite(y)
        mu, n = y[keep].mean(), keep.sum()
        s2 = ((y[keep] - mu) ** 2).sum() / (n - 1)
        ar = y_all[d0 + AMIN : d0 + BMAX + 1] - mu
        cars, ses = [], []
        for a, b in WINDOWS:
            sel = np.isfinite(ar[a - AMIN : b - AMIN + 1])
            k = sel.sum()
            cars.append(ar[a - AMIN : b - AMIN + 1][sel].sum() if k else np.nan)
            ses.append(np.sqrt(s2 * (k + k * k / n)) if k else np.nan)
        out.append({"resid": np.where(keep, y - mu, np.nan), "ar": ar, "sigma": np.sqrt(s2),
                    "car": np.array(cars), "se": np.array(ses), "first": rows[0]})
    return out


def test_rank_tests_with_ties_match_stats_multi():
    ret, ev = _grid_panel()
    res = batch(ret, ev, model="constant_mean", windows=WINDOWS, block_size=37)
    ref = _constant_mean_loop(ret, ev)
    resid = np.array([r["resid"] for r in ref])
    ars = np.array([r["ar"] for r in ref])
    comb = np.concatenate([resid, ars], axis=1)
    assert any(np.unique(row[np.isfinite(row)]).size < np.isfinite(row).sum() for row in comb)
    cal = np.full((len(ref), len(ret)), np.nan)
    for k, r in enumerate(ref):
        cal[k, r["first"] : r["first"] + resid.shape[1]] = r["resid"]
    day0 = np.array([r["first"] for r in ref]) - EST[0]
    sigma = np.array([r["sigma"] for r in ref])
    for i, (a, b) in enumerate(WINDOWS):
        car = np.array([r["car"][i] for r in ref])
        se = np.array([r["se"][i] for r in ref])
        np.testing.assert_allclose(res.car[:, i], car, rtol=0, atol=1e-12)
        mask = np.zeros(comb.shape[1], dtype=bool)
        mask[resid.shape[1] + a - AMIN : resid.shape[1] + b - AMIN + 1] = True
        exp = {
            "corrado_rank": multi.rank_test(comb, mask),
            "grank": multi.grank_test(car / se, resid / sigma[:, None]),
            "kolari_pynnonen": multi.kp_bmp_test(car, se, residuals=cal, day0=day0,
                                                 window=(a, b)),
            "generalized_sign": multi.generalized_sign_test(car, resid),
        }
        got = res.tests[(a, b)]
        for name, e in exp.items():
            assert got[name].statistic == pytest.approx(e.statistic, rel=1e-9, abs=1e-12), name
            assert got[name].pvalue_two_sided == pytest.approx(e.pvalue_two_sided, abs=1e-9), name


@pytest.mark.parametrize("split", [False, True])
def test_coverage_matches_a_plain_loop(split, monkeypatch):
    from eventstudy.batch import engine

    if split:  # the two-thread count (row halves) on a small panel too
        monkeypatch.setattr(engine, "COVER_SPLIT", 0)
    ret, ev = _grid_panel(seed=9)
    panel = to_panel(ret)
    events = align_events(ev, panel, benchmark=None)
    layout = Layout(EST, tuple(WINDOWS))
    got = coverage(panel.values.shape, events.col, events.day0, layout)
    exp = np.zeros(panel.values.shape, dtype=int)
    for c, d in zip(events.col, events.day0, strict=True):
        for s in range(d + AMIN, d + BMAX + 1):
            if 0 <= s < exp.shape[1]:
                exp[c, s] += 1
    np.testing.assert_array_equal(got, exp)
    # saturating at 255: 300 events on one series and day 0
    many = coverage((3, 40), np.full(300, 1), np.full(300, 20), layout)
    assert many[1, 20 + AMIN: 21 + BMAX].tolist() == [255] * (BMAX - AMIN + 1)
    assert many[[0, 2]].sum() == 0 and many.dtype == np.uint8


_INTERPRETED = """
import sys, numpy as np
sys.path.insert(0, {tests!r})
from test_batch_kernels import _grid_panel
from eventstudy.batch import batch
ret, ev = _grid_panel(seed=12, n_t=6, n_s=420)
ret["MKT"] = ret.mean(axis=1)
res = batch(ret, ev.iloc[:30], benchmark="MKT", block_size=16, workers=1)
np.savez({out!r}, car=res.car, se=res.car_se, ar=res.ar, ar_se=res.ar_se, sq=res.p_value_sq,
         stat=res.to_frame("tests")["statistic"].to_numpy(dtype=float))
"""


def test_interpreted_kernel_gives_identical_numbers(tmp_path):
    """One source of truth: the kernel's Python source run without the JIT gives the same bits."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    tests = str(Path(__file__).parent)
    out = tmp_path / "interp.npz"
    path = os.pathsep.join([str(Path(tests).parent), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": path}
    subprocess.run([sys.executable, "-c", _INTERPRETED.format(tests=tests, out=str(out))],
                   check=True, env=env, timeout=600)
    ret, ev = _grid_panel(seed=12, n_t=6, n_s=420)
    ret["MKT"] = ret.mean(axis=1)
    res = batch(ret, ev.iloc[:30], benchmark="MKT", block_size=16, workers=1)
    got = np.load(out)
    assert np.isfinite(res.car).sum() > 50
    for name, mine in [("car", res.car), ("se", res.car_se), ("ar", res.ar), ("ar_se", res.ar_se),
                       ("sq", res.p_value_sq),
                       ("stat", res.to_frame("tests")["statistic"].to_numpy(dtype=float))]:
        np.testing.assert_array_equal(got[name], mine, err_msg=name)


def test_pairwise_sum_is_numpy_add_reduce_bitwise():
    from eventstudy.batch.kernel import pairwise_sum

    rng = np.random.default_rng(17)
    for n in [1, 7, 8, 9, 127, 128, 129, 240, 251, 1000, 2999]:
        a = rng.standard_normal(n + 3) * 10.0 ** rng.integers(-3, 3, n + 3)
        assert pairwise_sum(a, 2, n) == np.add.reduce(a[2 : 2 + n]), n


def test_t_tails_match_scipy_t_and_the_numpy_form():
    """Tails and two-sided p-value from the smaller tail: scipy's t, and numpy bit for bit."""
    from scipy import special, stats

    from eventstudy.batch.kernel import t_tails

    t = np.array([[-3.0, -0.0, 0.0], [2.5, np.nan, np.inf], [-np.inf, 1e-300, 40.0],
                  [0.7, -0.7, 1.96]])
    dof = np.array([[10.0], [3.0], [200.0], [np.nan]])
    small = special.stdtr(dof, -np.abs(t))
    gt, lt, p = np.empty_like(t), np.empty_like(t), np.empty_like(t)
    t_tails(t, small, gt, lt, p)
    pos = t > 0  # the engine's former numpy form
    np.testing.assert_array_equal(gt, np.where(pos, small, 1.0 - small))
    np.testing.assert_array_equal(lt, np.where(pos, 1.0 - small, small))
    np.testing.assert_array_equal(p, np.minimum(1.0, 2.0 * np.minimum(lt, gt)))
    ok = np.isfinite(t) & np.isfinite(dof)
    d = np.broadcast_to(dof, t.shape)
    np.testing.assert_allclose(gt[ok], stats.t.sf(t[ok], d[ok]), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(lt[ok], stats.t.cdf(t[ok], d[ok]), rtol=1e-12, atol=1e-15)
    assert np.isnan(p[3]).all() and np.isnan(p[1, 1]) and p[0, 1] == p[0, 2] == 1.0


def test_gather_rows_is_fancy_indexing_bitwise():
    from eventstudy.batch.kernel import gather_rows

    rng = np.random.default_rng(5)
    rows = rng.permutation(300)
    for a in (rng.standard_normal((300, 3)), rng.integers(-9, 9, (300, 7)),
              np.where(rng.random(300) < 0.2, np.nan, rng.standard_normal(300))[:, None]):
        src = a.view(np.uint64)
        out = np.empty_like(a)
        gather_rows(src, src.reshape(-1), rows, out.view(np.uint64))
        np.testing.assert_array_equal(out.view(np.uint64), a[rows].view(np.uint64))
