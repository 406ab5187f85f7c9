r"""Vectorised row-wise average ranks and SQ p-values for many events at once.

Notes
-----
Average ranks (ties share the mean of their positions) are computed per row
from one sort: for sorted values :math:`s_1 \le \dots \le s_n` the rank of a
run of equal values occupying positions :math:`p..q` (1-based) is
:math:`(p+q)/2`. Missing values (NaN) get rank NaN and do not count.

The SQ p-values (Gelbach, Helland & Klick 2013, *American Law and Economics
Review* 15, 495-541) follow :func:`eventstudy.stats.single.sq_test`: with the
:math:`M` complete overlapping :math:`L_2`-day sums :math:`s_j` of the
estimation residuals (a sum touching a missing day is dropped),

.. math::

    p_{>} = \frac{1 + \#\{j : s_j \ge CAR\}}{M + 1},\quad
    p_{<} = \frac{1 + \#\{j : s_j \le CAR\}}{M + 1},\quad
    p_{\ne} = \min(1, 2\min(p_{>}, p_{<})).

Sums are formed directly (NaN propagates), not by differencing a cumulative
sum, and for :math:`L_2 = 1` they are the residuals themselves.
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
    order = np.argsort(a, axis=1)  # NaN sorted last; tie order is irrelevant
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


def sq_pvalues(
    car: FloatArray, res: FloatArray, length: int, min_sums: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """SQ p-values ``(p_two, p_greater, p_less)`` for many events; NaN if ``M < min_sums``.

    Parameters
    ----------
    car
        ``(n,)`` CARs over ``length`` days.
    res
        ``(n, L1)`` estimation residuals on consecutive sessions, NaN missing.
    length
        :math:`L_2`.
    min_sums
        Minimum number of complete sums (as ``stats.single.SQ_MIN_SUMS``).
    """
    return sq_pvalues_many([car], res, [length], min_sums)[0]


def sq_pvalues_many(
    cars: list[FloatArray], res: FloatArray, lengths: list[int], min_sums: int
) -> list[tuple[FloatArray, FloatArray, FloatArray]]:
    """:func:`sq_pvalues` for several windows, sharing the running residual sums.

    The :math:`L_2`-day sums are built left to right, ``((e_j + e_{j+1}) + ...)``,
    so a longer window extends a shorter one's partial sums with exactly the
    same floating-point operations as a direct sum.
    """
    n, m = res.shape
    out: list[tuple[FloatArray, FloatArray, FloatArray] | None] = [None] * len(cars)
    sums, have = res, 1
    for i in sorted(range(len(cars)), key=lambda j: lengths[j]):
        length = lengths[i]
        k = m - length + 1
        if k <= 0:
            nan = np.full(n, np.nan)
            out[i] = (nan, nan.copy(), nan.copy())
            continue
        while have < length:
            if sums is res:
                sums = np.add(res[:, : m - have], res[:, have:])
            else:
                sums = sums[:, : m - have]
                sums += res[:, have:]
            have += 1
        c = np.asarray(cars[i], dtype=np.float64)[:, None]
        ge = np.add.reduce(sums >= c, axis=1, dtype=np.int32)
        le = np.add.reduce(sums <= c, axis=1, dtype=np.int32)
        cnt = np.add.reduce(np.isfinite(sums), axis=1, dtype=np.int32)
        bad = (cnt < max(min_sums, 1)) | ~np.isfinite(cars[i])
        with np.errstate(invalid="ignore", divide="ignore"):
            p_g = np.where(bad, np.nan, (1.0 + ge) / (cnt + 1.0))
            p_l = np.where(bad, np.nan, (1.0 + le) / (cnt + 1.0))
        out[i] = (np.minimum(1.0, 2.0 * np.minimum(p_g, p_l)), p_g, p_l)
    return out  # type: ignore[return-value]


def combined_ranks(comb: FloatArray, l1: int) -> tuple[FloatArray, np.ndarray, FloatArray]:
    r"""Average ranks of every row, and of its first ``l1`` values among themselves.

    One ``argsort`` per row serves both rank tests: the Corrado/Cowan test
    ranks each event's estimation residuals together with its event-span ARs,
    GRANK ranks the estimation residuals among themselves (their rank among
    the first ``l1`` columns is the running count of those columns along the
    sorted row). Both ranks travel in one packed ``int32`` scatter. Rows with
    a tie (or a ``+inf``) take the tie-averaging path :func:`average_ranks`;
    all other rows get exact integer ranks without it.

    Parameters
    ----------
    comb
        ``(n, m)`` values, NaN = missing; the first ``l1`` columns are the
        estimation window.
    l1
        Number of leading columns ranked among themselves.

    Returns
    -------
    ranks
        ``(n, m)`` float64 average ranks :math:`K_{it}` (1-based), 0 where missing.
    count
        ``(n,)`` non-missing values per row.
    base
        ``(n, l1)`` float64 average ranks of the first ``l1`` values among
        themselves, 0 where missing.
    """
    a = np.asarray(comb, dtype=np.float64)
    n, m = a.shape
    nan = np.isnan(a)
    count = m - np.add.reduce(nan, axis=1, dtype=np.int32)
    order = np.argsort(np.where(nan, np.inf, a), axis=1)  # NaN -> +inf: the fast sort path
    flat = (order + (np.arange(n) * m)[:, None]).ravel()
    s = a.ravel()[flat].reshape(n, m)  # sorted rows, NaN last
    fix = (s[:, 1:] == s[:, :-1]).any(axis=1)
    last = s[np.arange(n), np.maximum(count - 1, 0)]
    fix |= (count > 0) & ~(last < np.inf)  # a real +inf ties with the NaN stand-ins
    if m >= 1 << 15:  # ranks no longer fit the packed int32 halves
        fix[:] = True
    # payload per sorted position: rank << 16 | rank among the first l1 columns
    pos = np.arange(1, m + 1, dtype=np.int32)
    is_est = order < l1
    payload = np.cumsum(is_est, axis=1, dtype=np.int32)
    payload *= is_est
    payload |= pos[None, :] << 16
    payload[pos[None, :] > count[:, None]] = 0  # missing values sort last: rank 0
    packed = np.empty((n, m), dtype=np.int32)
    packed.ravel()[flat] = payload.ravel()
    ranks = np.right_shift(packed, 16).astype(np.float64)
    base = np.bitwise_and(packed[:, :l1], 0xFFFF).astype(np.float64)
    if fix.any():
        rows = np.flatnonzero(fix)
        r = average_ranks(a[rows])
        ranks[rows] = np.where(np.isnan(r), 0.0, r)
        rb = average_ranks(a[rows, :l1])
        base[rows] = np.where(np.isnan(rb), 0.0, rb)
    return ranks, count, base
