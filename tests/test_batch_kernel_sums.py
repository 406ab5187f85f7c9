"""GRANK's second-pass sums from the kernel against a plain-numpy brute force; pass-1 chunks.

SYNTHETIC seeded data only. :func:`eventstudy.batch.kernel.grank_block` counts,
per window and estimation day, the events whose standardised residual lies
above the event point (a tie counts one half), grouped by the event's number
of usable days, and forms the weighted sums in the kernel. The reference here
re-forms the standardised residuals with numpy (never calling the kernel),
counts with ``numpy.add.at`` and weights with ``numpy.einsum`` (the engine's
former formulation, so the comparison is bit for bit), and checks the sums
against a direct floating-point sum over events as well.

Pass 1 runs a block in chunks of ``engine.PASS1_CHUNK`` events (fit, sort,
ranks, sums); the last test checks that no output or sum depends on the chunk
size (odd chunks, the default, the whole block), bit for bit.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from eventstudy.batch import kernel
from eventstudy.batch.kernel import STATUS_INSUFFICIENT, STATUS_OK

E0, E1 = -60, -6
L1 = E1 - E0 + 1


def _case(k: int, rf: bool, seed: int) -> dict:
    """SYNTHETIC panel, events, fitted-looking parameters and event points (with ties)."""
    rng = np.random.default_rng(seed)
    n_series, n_sessions, n = 12, 260, 90
    values = 0.02 * rng.standard_t(4, (n_series, n_sessions))
    values[rng.random(values.shape) < 0.06] = np.nan  # missing returns: n_i varies
    values[3, 80:140] = np.nan  # a long gap: a few events with far fewer days
    y_rows = rng.integers(0, 8, n)
    x_rows = rng.integers(8, 11, (n, k))
    rf_rows = np.full(n, 11 if rf else -1, np.int64)
    day0 = rng.integers(-E0, n_sessions - 2, n)
    cover = (rng.random((n_series, n_sessions)) < 0.05).astype(np.uint8)
    params = np.column_stack([0.001 * rng.standard_normal(n),
                              rng.uniform(0.3, 1.5, (n, k))])
    sigma = rng.uniform(0.01, 0.03, n)
    status = np.full(n, STATUS_OK, np.int8)
    status[[4, 17]] = STATUS_INSUFFICIENT
    g = rng.standard_normal((n, 3))
    g[5] = np.nan  # an event outside every window's test
    g[6, 1] = np.nan
    return dict(values=values, y_rows=y_rows, x_rows=x_rows, rf_rows=rf_rows, day0=day0,
                cover=cover, params=params, sigma=sigma, status=status, g=g)


def _sar(c: dict, has_cover: bool) -> np.ndarray:
    """Standardised estimation residuals by numpy (NaN: missing or covered day)."""
    v, p = c["values"], c["params"]
    cols = c["day0"][:, None] + np.arange(E0, E1 + 1)[None, :]
    y = v[c["y_rows"][:, None], cols]
    if (c["rf_rows"] >= 0).any():
        y = y - v[c["rf_rows"][:, None], cols]
    k = c["x_rows"].shape[1]
    if k == 0:
        e = y - p[:, :1]
    elif k == 1:
        e = y - (p[:, :1] + p[:, 1:2] * v[c["x_rows"][:, :1], cols])
    else:
        f = p[:, :1]
        for r in range(k):
            f = f + p[:, 1 + r:2 + r] * v[c["x_rows"][:, r:r + 1], cols]
        e = y - f
    if has_cover:
        e = np.where(c["cover"][c["y_rows"][:, None], cols] != 0, np.nan, e)
    return e / c["sigma"][:, None]


def _brute(c: dict, has_cover: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-(window, day) sums of a/(T+1) by counts and einsum; by a float sum; and g0."""
    sar = _sar(c, has_cover)
    n_i = (~np.isnan(sar)).sum(axis=1)
    nw = c["g"].shape[1]
    counts = np.zeros((nw, L1 + 1, L1), np.int64)
    direct = np.zeros((nw, L1))
    g0 = np.zeros((nw, 2))
    for i in range(sar.shape[0]):
        if c["status"][i] != STATUS_OK:
            continue
        for w in range(nw):
            gi = c["g"][i, w]
            if np.isnan(gi):
                continue
            a2 = 2 * (sar[i] > gi) + (sar[i] == gi)
            np.add.at(counts, (w, n_i[i]), a2)
            direct[w] += a2 / 2.0 / (n_i[i] + 2.0)
            g0[w, 0] += (1.0 + n_i[i] - 0.5 * a2.sum()) / (n_i[i] + 2.0) - 0.5
            g0[w, 1] += 1.0
    by_n = np.einsum("wnt,n->wt", counts, 0.5 / (np.arange(L1 + 1) + 2.0))
    return by_n, direct, g0


@pytest.mark.parametrize("k,rf", [(1, False), (0, False), (1, True), (2, True)])
@pytest.mark.parametrize("has_cover", [True, False])
def test_grank_pass2_sums_match_numpy_brute_force(k, rf, has_cover):
    c = _case(k, rf, seed=40 + 3 * k + rf)
    sar = _sar(c, has_cover)
    # event points equal to one of the event's own residuals: ties count one half
    for i, j in [(0, 3), (1, 10), (2, 0), (7, 20)]:
        if not np.isnan(sar[i, j]):
            c["g"][i, 0] = sar[i, j]
    n = c["y_rows"].shape[0]
    ga_sum = np.full((3, L1), np.nan)
    g0 = np.zeros((3, 2))
    kernel.grank_block(c["values"], c["cover"] if has_cover else np.zeros((1, 1), np.uint8),
                       has_cover, c["y_rows"], c["x_rows"], c["rf_rows"], c["day0"], E0, E1,
                       np.arange(n), c["status"], c["params"], c["sigma"], c["g"], ga_sum, g0)
    by_n, direct, g0_ref = _brute(c, has_cover)
    n_i = (~np.isnan(sar)).sum(axis=1)
    assert np.unique(n_i).size > 5  # several groups of events by usable days
    assert (by_n > 0).sum() > L1  # the sums are not trivially zero
    np.testing.assert_array_equal(ga_sum, by_n)  # bit for bit
    np.testing.assert_allclose(ga_sum, direct, rtol=1e-13, atol=0)
    np.testing.assert_array_equal(g0, g0_ref)
    assert g0[0, 1] == n - 3 and g0[1, 1] == n - 4  # two not fitted, one without g, one NaN


def _tied_panel(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """SYNTHETIC series-major panel on a coarse grid (ties), gaps, a market row, events."""
    rng = np.random.default_rng(seed)
    n_series, n_sessions, n = 15, 900, 400
    mkt = 0.01 * rng.standard_t(4, n_sessions)
    values = np.round((mkt + 0.02 * rng.standard_t(3, (n_series, n_sessions))) * 300) / 300
    values[rng.random(values.shape) < 0.04] = np.nan
    values[-1] = mkt
    y_rows = rng.integers(0, n_series - 1, n)
    day0 = rng.integers(-E0, n_sessions - 6, n)
    return values, y_rows, day0, np.full(n, n_series - 1)


@pytest.mark.parametrize("k", [0, 1])
def test_pass1_chunk_size_changes_no_bit(monkeypatch, k):
    from eventstudy.batch import engine

    values, y_rows, day0, x = _tied_panel(seed=61 + k)
    lay = engine.Layout((E0, E1), ((0, 0), (-1, 1), (0, 5)))
    cover = engine.coverage(values.shape, y_rows, day0, lay)
    runs = []
    for chunk in (7, 128, 10**6):  # odd chunks, the default, the whole block
        monkeypatch.setattr(engine, "PASS1_CHUNK", chunk)
        runs.append(engine.estimate(values, y_rows, day0, lay, x_rows=x if k else None,
                                    cover=cover, min_estimation_days=30, block_size=150))
    first = runs[0]
    assert (first.status == STATUS_OK).sum() > 250
    assert first.sums["rank_n"].sum() > 250 and np.abs(first.sums["kp_z"]).sum() > 0
    for other in runs[1:]:
        arrays = [f.name for f in dataclasses.fields(first)
                  if isinstance(getattr(first, f.name), np.ndarray)]
        assert {"status", "params", "car", "se", "t", "sq", "pos_share", "ar"} <= set(arrays)
        for name in arrays:  # every per-event array of the result
            a, b = getattr(first, name), getattr(other, name)
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8), err_msg=name)
        assert first.sums.keys() == other.sums.keys()
        for key, a in first.sums.items():
            np.testing.assert_array_equal(a.view(np.uint8), other.sums[key].view(np.uint8),
                                          err_msg=key)
