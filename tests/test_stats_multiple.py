"""Benjamini-Hochberg adjustment against statsmodels' independent implementation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from eventstudy.stats.multiple import benjamini_hochberg


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bh_matches_statsmodels(seed: int) -> None:
    p = np.random.default_rng(seed).uniform(0, 0.2, 37)
    p[5] = p[9]  # a tie
    rej, adj, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
    got, got_rej = benjamini_hochberg(p, 0.05, return_rejected=True)
    np.testing.assert_allclose(got, adj, rtol=1e-12)
    np.testing.assert_array_equal(got_rej, rej)


def test_bh_textbook_example() -> None:
    # m = 4: sorted p (0.01, 0.02, 0.03, 0.5) -> 4p/i = (0.04, 0.04, 0.04, 0.5)
    np.testing.assert_allclose(
        benjamini_hochberg([0.03, 0.5, 0.01, 0.02]), [0.04, 0.5, 0.04, 0.04], rtol=1e-12
    )


def test_bh_ignores_nan_and_keeps_index() -> None:
    s = pd.Series([0.01, np.nan, 0.04], index=["a", "b", "c"])
    out = benjamini_hochberg(s)
    assert list(out.index) == ["a", "b", "c"]
    assert np.isnan(out["b"])
    _, adj, _, _ = multipletests([0.01, 0.04], method="fdr_bh")
    np.testing.assert_allclose(out[["a", "c"]].to_numpy(), adj, rtol=1e-12)


def test_bh_rejects_invalid_pvalues() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        benjamini_hochberg([0.2, 1.5])


def _hand_written_bh(p: np.ndarray) -> np.ndarray:
    """The step-up adjustment this module computed by hand before it used scipy."""
    flat = np.asarray(p, dtype=np.float64).ravel()
    out = np.full(flat.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(flat))
    m = ok.size
    if m:
        order = ok[np.argsort(flat[ok], kind="mergesort")]
        scaled = flat[order] * m / np.arange(1, m + 1)
        out[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return out.reshape(np.shape(p))


def _inputs() -> list[np.ndarray]:
    rng = np.random.default_rng(20261203)
    cases = [rng.uniform(0, 1, n) for n in (1, 2, 7, 100, 1000)]
    cases += [rng.uniform(0, 0.1, 250) ** 3]  # many small p-values
    tied = rng.choice([0.001, 0.01, 0.02, 0.04, 0.5, 1.0], 300)  # heavy ties, p = 1 included
    cases += [tied, np.round(rng.uniform(0, 0.2, 60), 2), np.zeros(5), np.ones(5)]
    with_nan = rng.uniform(0, 0.3, 50)
    with_nan[rng.choice(50, 12, replace=False)] = np.nan
    cases += [with_nan, rng.uniform(0, 0.2, (6, 9)), np.full(4, np.nan)]
    return cases


@pytest.mark.parametrize("case", range(len(_inputs())))
def test_scipy_bh_equals_the_former_hand_written_one(case: int) -> None:
    p = _inputs()[case]
    before = _hand_written_bh(p)
    after, rejected = benjamini_hochberg(p, 0.05, return_rejected=True)
    assert after.shape == p.shape
    np.testing.assert_array_equal(np.isnan(after), np.isnan(before))
    # same arithmetic up to the order of one multiplication: p*m/i versus p*(m/i)
    np.testing.assert_allclose(after, before, rtol=4e-16, atol=0)
    np.testing.assert_array_equal(rejected, np.where(np.isnan(before), False, before <= 0.05))
