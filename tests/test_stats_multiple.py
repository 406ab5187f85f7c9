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
