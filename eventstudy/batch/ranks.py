r"""Row-wise average ranks from one sort per block (the rank step of the batch kernel).

Each value becomes a 32-bit key, its ``float32`` order in the top bits and its
column in the low bits (:func:`eventstudy.batch.kernel.sort_key`), the
block's key matrix is sorted once with ``numpy.sort`` (SIMD, GIL released), and
:func:`eventstudy.batch.kernel._ranks` walks each sorted row: it reads the
columns back from the keys, puts in order the values whose keys agree in
their top bits (close or equal values) with the true values, and gives every
run of equal values the mean of
its positions (:math:`(p+q)/2` for 1-based positions :math:`p..q`). The same
walk yields each row's ranks among its first ``l1`` values (the running
count of those columns along the sorted row), so the Corrado/Cowan and the
GRANK ranks come from one sort. Missing values (NaN) sort last, get rank 0
and do not count.
"""

from __future__ import annotations

import numpy as np

from eventstudy.batch import kernel


def rank_rows(a: np.ndarray, l1: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Average ranks of every row, and of its first ``l1`` values among themselves.

    Parameters
    ----------
    a
        ``(n, m)`` values, NaN = missing; ``m <= 65,536``.
    l1
        Leading columns also ranked among themselves (default: all).

    Returns
    -------
    ranks
        ``(n, m)`` float64 average ranks (1-based), 0 where missing.
    count
        ``(n,)`` non-missing values per row.
    base
        ``(n, l1)`` average ranks of the first ``l1`` values among themselves.
    """
    a = np.ascontiguousarray(a, dtype=np.float64)
    n, m = a.shape
    if m > 1 << kernel.INDEX_BITS:
        raise ValueError(f"rows of {m} values: at most {1 << kernel.INDEX_BITS}")
    l1 = m if l1 is None else int(l1)
    keys = np.empty((n, m), np.int32)
    kernel.row_keys(a, keys)
    keys.sort(axis=1)
    ranks, base, count = np.zeros((n, m)), np.zeros((n, l1)), np.zeros(n, np.int64)
    kernel.rank_walk(a, keys, l1, ranks, base, count)
    return ranks, count, base


__all__ = ["rank_rows"]
