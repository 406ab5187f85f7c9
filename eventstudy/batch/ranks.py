r"""Vectorised row-wise average ranks for many events at once.

Notes
-----
Average ranks (ties share the mean of their positions) are computed per row
from one sort: for sorted values :math:`s_1 \le \dots \le s_n` the rank of a
run of equal values occupying positions :math:`p..q` (1-based) is
:math:`(p+q)/2`. Missing values (NaN) get rank NaN and do not count.
"""

from __future__ import annotations

import numpy as np

FloatArray = np.ndarray


def average_ranks(a: FloatArray) -> FloatArray:
    """Average ranks (1-based) of each row of ``a``; NaN stays NaN.

    Parameters
    ----------
    a
        Array ``(n, m)``.

    Returns
    -------
    numpy.ndarray
        Float ranks ``(n, m)``; ties get the average of their positions.
    """
    a = np.asarray(a, dtype=np.float64)
    n, m = a.shape
    order = np.argsort(a, axis=1, kind="stable")  # NaN sorted last
    s = np.take_along_axis(a, order, axis=1)
    pos = np.broadcast_to(np.arange(m), (n, m))
    new = np.ones((n, m), dtype=bool)
    new[:, 1:] = s[:, 1:] != s[:, :-1]
    start = np.maximum.accumulate(np.where(new, pos, 0), axis=1)
    end_flag = np.ones((n, m), dtype=bool)
    end_flag[:, :-1] = new[:, 1:]
    rev = np.where(end_flag, pos, m - 1)[:, ::-1]
    end = np.minimum.accumulate(rev, axis=1)[:, ::-1]
    r_sorted = (start + end) / 2.0 + 1.0
    r_sorted[np.isnan(s)] = np.nan
    ranks = np.empty_like(r_sorted)
    np.put_along_axis(ranks, order, r_sorted, axis=1)
    return ranks
