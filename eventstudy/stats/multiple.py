r"""Multiple-testing adjustment: Benjamini-Hochberg false discovery rate.

Reference: Benjamini, Y., & Hochberg, Y. (1995). Controlling the false
discovery rate: a practical and powerful approach to multiple testing.
*J. Royal Statistical Society B*, 57(1), 289-300.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.stats import false_discovery_control

__all__ = ["benjamini_hochberg"]


@overload
def benjamini_hochberg(
    pvalues: pd.Series, alpha: float = ..., *, return_rejected: Literal[False] = ...
) -> pd.Series: ...


@overload
def benjamini_hochberg(
    pvalues: pd.Series, alpha: float = ..., *, return_rejected: Literal[True]
) -> tuple[pd.Series, pd.Series]: ...


@overload
def benjamini_hochberg(
    pvalues: ArrayLike, alpha: float = ..., *, return_rejected: Literal[False] = ...
) -> NDArray[np.float64]: ...


@overload
def benjamini_hochberg(
    pvalues: ArrayLike, alpha: float = ..., *, return_rejected: Literal[True]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]: ...


def benjamini_hochberg(
    pvalues: ArrayLike | pd.Series, alpha: float = 0.05, *, return_rejected: bool = False
) -> (
    NDArray[np.float64]
    | pd.Series
    | tuple[NDArray[np.float64], NDArray[np.bool_]]
    | tuple[pd.Series, pd.Series]
):
    r"""Benjamini-Hochberg (1995) adjusted p-values (step-up FDR control).

    Parameters
    ----------
    pvalues
        p-values, any shape; NaN entries (tests not computable) are ignored and
        stay NaN. A pandas Series keeps its index.
    alpha
        FDR level used for the rejection decisions (``return_rejected``).
    return_rejected
        If True also return booleans ``adjusted <= alpha``.

    Returns
    -------
    adjusted : numpy.ndarray or pandas.Series
        Same shape as ``pvalues``.
    rejected : numpy.ndarray or pandas.Series
        Only when ``return_rejected``.

    Notes
    -----
    With the :math:`m` finite p-values sorted,
    :math:`p_{(1)} \le \dots \le p_{(m)}`,

    .. math::

        \tilde p_{(i)} = \min\Big(1,\; \min_{j \ge i} \frac{m\,p_{(j)}}{j}\Big).

    Rejecting every hypothesis with :math:`\tilde p \le \alpha` controls the
    false discovery rate at :math:`\alpha` for independent (or positively
    dependent) tests. The adjustment itself is
    :func:`scipy.stats.false_discovery_control` (``method="bh"``) on the finite
    p-values; this wrapper adds the NaN handling, the Series index and the
    rejection decisions.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1); got {alpha}")
    index = pvalues.index if isinstance(pvalues, pd.Series) else None
    p = np.asarray(pvalues, dtype=np.float64)
    flat = p.ravel()
    if np.any((flat < 0) | (flat > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    out = np.full(flat.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(flat))
    if ok.size:
        out[ok] = false_discovery_control(flat[ok], method="bh")
    adj = out.reshape(p.shape)
    rej = np.where(np.isfinite(adj), adj <= alpha, False)
    if index is not None:
        adj_s, rej_s = pd.Series(adj, index=index), pd.Series(rej, index=index)
        return (adj_s, rej_s) if return_rejected else adj_s
    return (adj, rej) if return_rejected else adj
