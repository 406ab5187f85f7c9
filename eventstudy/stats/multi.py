r"""Tests across several events or assets (N > 1), on arrays, without per-event loops.

Array conventions (N events; all functions accept numpy arrays or pandas objects):

``cars``
    ``(N,)`` cumulative abnormal returns over one event window.
``car_se``
    ``(N,)`` their standard errors :math:`\sqrt{\iota'V_i\iota}` (CLM, with the
    estimation-error term). ``scar = cars / car_se`` are the standardised CARs.
``l1``
    ``(N,)`` number of usable estimation days :math:`L_{1,i}`.
``residuals`` / ``sar``
    ``(N, T)`` estimation-window residuals (or residuals divided by
    :math:`\hat\sigma_i`), NaN where a day is missing. For the rank tests the
    columns are event time (column ``j`` is the same relative day for every
    event); for :func:`mean_pairwise_correlation` they are calendar dates.
``ar`` + ``event_mask``
    ``(N, L1 + L2)`` abnormal returns over estimation and event windows in
    event time, with a ``(L1 + L2,)`` boolean mask selecting the event window.

Events with a non-finite CAR (or standard error) are dropped and ``n`` on the
result counts the events used. The rank and sign tests live in
:mod:`eventstudy.stats.nonparametric` and the portfolio (time-series) approach
in :mod:`eventstudy.stats.portfolio`; both are re-exported here, so every
multi-event test is reachable as ``multi.<name>``. Each test returns a
:class:`~eventstudy.stats.results.TestResult` or a
:class:`~eventstudy.stats.results.NotComputable` with the reason.

References
----------
Brown & Warner (1985) JFE 14, 3-31. Patell (1976) JAR 14, 246-276. Boehmer,
Musumeci & Poulsen (1991) JFE 30, 253-272. Kolari & Pynnönen (2010) RFS 23,
3996-4025; (2011) J. Empirical Finance 18, 953-971. Corrado (1989) JFE 23,
385-395. Corrado & Zivney (1992) JFQA 27, 465-478. Cowan (1992) RQFA 2,
343-358. Wilcoxon (1945) Biometrics Bulletin 1, 80-83.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from eventstudy.stats._common import (
    AnyTest,
    FloatArray,
    _mat,
    _sample_sd,
    _tdist,
    _too_few,
    _vec,
    _zdist,
)
from eventstudy.stats.nonparametric import (
    generalized_sign_test,
    grank_test,
    rank_test,
    sign_test,
    wilcoxon_test,
)
from eventstudy.stats.portfolio import portfolio_from_returns, portfolio_returns, portfolio_test
from eventstudy.stats.results import Alternative, NotComputable

__all__ = [
    "bmp_test",
    "cross_sectional_t",
    "generalized_sign_test",
    "grank_test",
    "kp_bmp_test",
    "kp_patell_test",
    "mean_pairwise_correlation",
    "overlap_rbar",
    "patell_test",
    "portfolio_from_returns",
    "portfolio_returns",
    "portfolio_test",
    "rank_test",
    "sign_test",
    "wilcoxon_test",
]

# --------------------------------------------------------------------------- parametric
def cross_sectional_t(cars: ArrayLike, *, alternative: Alternative = "two-sided") -> AnyTest:
    r"""Cross-sectional t test of the mean CAR (Brown & Warner 1985).

    Parameters
    ----------
    cars
        ``(N,)`` CARs.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` for N < 2 or zero cross-sectional variance.

    Notes
    -----
    .. math::

        t = \frac{\sqrt N\,\overline{CAR}}{s(CAR)},\quad
        s^2 = \frac{1}{N-1}\sum_i (CAR_i - \overline{CAR})^2,\quad t \sim t(N-1).

    Robust to event-induced variance, not to cross-correlation (shared dates).
    """
    return _mean_t("cross_sectional_t", _vec(cars), "CARs have zero cross-sectional variance",
                   alternative)


def _mean_t(name: str, x: FloatArray, zero_var: str, alternative: Alternative) -> AnyTest:
    """One-sample t of the finite ``x``: sqrt(N) mean(x) / sd(x), referred to t(N - 1)."""
    x = x[np.isfinite(x)]
    n = x.size
    s = _sample_sd(name, x, zero_var)
    if isinstance(s, NotComputable):
        return s
    return _tdist(name, math.sqrt(n) * float(x.mean()) / s, n - 1, alternative, n,
                  null="CAAR = 0")


def _scar(cars: ArrayLike, car_se: ArrayLike) -> FloatArray:
    c, s = _vec(cars), _vec(car_se)
    if c.shape != s.shape:
        raise ValueError(f"cars {c.shape} and car_se {s.shape} must have the same shape")
    with np.errstate(invalid="ignore", divide="ignore"):
        z = c / s
    return np.where(np.isfinite(z) & (s > 0), z, np.nan)


def patell_test(
    cars: ArrayLike,
    car_se: ArrayLike,
    l1: ArrayLike,
    *,
    k: int = 2,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Patell (1976) standardised-residual Z test.

    Parameters
    ----------
    cars, car_se
        ``(N,)`` CARs and their CLM standard errors.
    l1
        ``(N,)`` estimation-window lengths :math:`L_{1,i}` (scalar broadcasts).
    k
        Parameters of the normal-return model (2 market, 1 constant mean).
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` if no event has :math:`L_1 - k > 2`.

    Notes
    -----
    With :math:`SCAR_i = CAR_i/\hat s_{CAR_i}` (each :math:`t(L_{1,i}-k)` under
    :math:`H_0`, variance :math:`(L_{1,i}-k)/(L_{1,i}-k-2)`),

    .. math::

        Z = \frac{\sum_i SCAR_i}{\sqrt{\sum_i (L_{1,i}-2)/(L_{1,i}-4)}} \sim N(0,1)
        \quad (k = 2).
    """
    name = "patell"
    z = _scar(cars, car_se)
    dof = np.broadcast_to(_vec(l1), z.shape) - k
    ok = np.isfinite(z) & (dof > 2)
    n = int(ok.sum())
    if (bad := _too_few(name, n, 1)) is not None:
        return bad
    d_ok = dof[ok]
    var = d_ok / (d_ok - 2)
    return _zdist(name, float(z[ok].sum() / math.sqrt(var.sum())), alternative, n,
                  null="CAAR = 0")


def bmp_test(
    cars: ArrayLike, car_se: ArrayLike, *, alternative: Alternative = "two-sided"
) -> AnyTest:
    r"""Boehmer, Musumeci & Poulsen (1991) standardised cross-sectional test.

    Parameters
    ----------
    cars, car_se
        ``(N,)`` CARs and their CLM standard errors.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` for N < 2.

    Notes
    -----
    .. math::

        t_{BMP} = \frac{\sqrt N\,\overline{SCAR}}{s(SCAR)},\quad
        s^2(SCAR) = \frac{1}{N-1}\sum_i (SCAR_i - \overline{SCAR})^2,

    referred to :math:`t(N-1)`. Robust to event-induced variance.
    """
    return _mean_t("bmp", _scar(cars, car_se), "standardised CARs have zero variance",
                   alternative)


def _standardise(residuals: ArrayLike) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Per-row z-scores over the row's own observed days (population SD); 0 where unused."""
    e = _mat(residuals)
    ok = np.isfinite(e)
    cnt = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = np.where(ok, e, 0.0).sum(axis=1) / cnt
        d = np.where(ok, e - mu[:, None], 0.0)
        sd = np.sqrt((d * d).sum(axis=1) / cnt)
        z = np.where(ok & (sd[:, None] > 0), d / sd[:, None], 0.0)
    return z, ok & (sd[:, None] > 0)


def mean_pairwise_correlation(
    residuals: ArrayLike,
    *,
    day0: ArrayLike | None = None,
    window: tuple[int, int] | None = None,
) -> float:
    r"""Mean pairwise correlation for the Kolari-Pynnönen tests, without an N x N matrix.

    Parameters
    ----------
    residuals
        ``(N, T)`` estimation-window residuals aligned on **calendar dates**
        (column = session), NaN where an event has no residual that day.
    day0
        ``(N,)`` column of each event's day 0. With ``window``: events on
        different dates (see Notes). None: every pair counts fully (all events
        share their event window, the classic case).
    window
        Event window ``(a, b)`` (sessions relative to day 0) of the CARs tested.

    Returns
    -------
    float
        :math:`\bar r`; NaN when it cannot be estimated (no two residual
        series share a date), 0.0 when no two event windows overlap.

    Notes
    -----
    Standardise each row over its own observed days,
    :math:`z_{it} = (e_{it} - \bar e_i)/s_i` (population :math:`s_i`), and let
    :math:`S_{ij} = \sum_{t\in i\cap j} z_{it}z_{jt}` over the :math:`n_{ij}`
    dates both observe (:math:`\hat\rho_{ij} = S_{ij}/n_{ij}`).

    *Classic* (``day0`` None; Kolari & Pynnönen 2010, sec. 2): the
    overlap-weighted mean of the pairwise correlations,

    .. math::

        \bar r = \frac{\sum_{i\ne j} S_{ij}}{\sum_{i\ne j} n_{ij}}
               = \frac{\sum_t \big[(\sum_i z_{it})^2 - \sum_i z_{it}^2\big]}
                      {\sum_t (m_t^2 - m_t)},

    :math:`m_t` the series observed on date :math:`t`; without gaps exactly the
    mean of the :math:`N(N-1)` off-diagonal Pearson correlations.

    *Events on different dates*: the KP factor
    :math:`\sqrt{(1-\bar r)/(1+(N-1)\bar r)}` needs the mean correlation of the
    **standardised CARs**. Two CARs over :math:`L_2`-day windows share only the
    :math:`o_{ij} = \max(0, L_2 - |d_i - d_j|)` sessions where the windows
    overlap in calendar time, so
    :math:`\operatorname{corr}(SCAR_i, SCAR_j) \approx \rho_{ij}\,o_{ij}/L_2`
    (0 for windows that never overlap) and

    .. math::

        \bar r = \tilde\rho\,\frac{\sum_{i\ne j} o_{ij}}{L_2 N(N-1)},\qquad
        \tilde\rho = \frac{\sum_{i\ne j} o_{ij} S_{ij}}{\sum_{i\ne j} o_{ij} n_{ij}},

    :math:`\tilde\rho` the residual correlation pooled over the pairs whose
    windows overlap (weight: overlap). With one shared day 0 this is the
    classic :math:`\bar r`. Computed from sums per day-0 group
    (:func:`overlap_rbar`), :math:`O(NT + D L_2 T)` for :math:`D` dates.
    """
    z, used = _standardise(residuals)
    if day0 is None and window is None:
        m = used.sum(axis=0).astype(np.float64)
        col = z.sum(axis=0)
        num = float((col * col - (z * z).sum(axis=0)).sum())
        den = float((m * m - m).sum())
        return num / den if den > 0 else float("nan")
    if day0 is None or window is None:
        raise ValueError("pass both day0 and window (events on different dates), or neither")
    d = np.asarray(day0, dtype=np.int64).ravel()
    if d.shape[0] != z.shape[0]:
        raise ValueError(f"day0 has {d.shape[0]} events but residuals has {z.shape[0]}")
    rows, cols = np.nonzero(used)
    if rows.size == 0:
        return float("nan")
    rel = cols - d[rows]
    lo = int(rel.min())
    width = int(rel.max()) - lo + 1
    first = int(d.min())
    grp = d - first
    n_pos = int(grp.max()) + 1
    z_sum = np.zeros((n_pos, width))
    c_sum = np.zeros((n_pos, width))
    np.add.at(z_sum, (grp[rows], rel - lo), z[rows, cols])
    np.add.at(c_sum, (grp[rows], rel - lo), 1.0)
    has = used.any(axis=1)
    n_group = np.bincount(grp[has], minlength=n_pos).astype(np.float64)
    return overlap_rbar(z_sum, c_sum, n_group, float((z * z).sum()), float(used.sum()),
                        int(has.sum()), window[1] - window[0] + 1)


def overlap_dots(z_sum: FloatArray, c_sum: FloatArray, n_group: FloatArray,
                 d: int) -> tuple[float, float, float]:
    r"""Return the shift-``d`` inner products of :func:`overlap_rbar` (z, indicators, sizes).

    ``d = 0``: :math:`\sum_p\langle Z_p, Z_p\rangle` (likewise ``c_sum``) and
    :math:`n'n`; ``d > 0``: :math:`\sum_p\langle Z_p[d:], Z_{p+d}[:W-d]\rangle`
    (NaN for ``d >= W``, unused) and :math:`\sum_p n_p n_{p+d}`. They do not
    depend on the window length, so windows can share them (the same floats).
    """
    if d == 0:
        return (float(np.einsum("pj,pj->", z_sum, z_sum)),
                float(np.einsum("pj,pj->", c_sum, c_sum)), float(n_group @ n_group))
    width = z_sum.shape[1]
    if d < width:
        dz = float(np.einsum("pj,pj->", z_sum[:-d, d:], z_sum[d:, : width - d]))
        dc = float(np.einsum("pj,pj->", c_sum[:-d, d:], c_sum[d:, : width - d]))
    else:
        dz = dc = float("nan")
    return dz, dc, float(n_group[:-d] @ n_group[d:])


def overlap_rbar(z_sum: FloatArray, c_sum: FloatArray, n_group: FloatArray, sumsq: float,
                 n_obs: float, n_events: int, length: int,
                 dots: Callable[[int], tuple[float, float, float]] | None = None) -> float:
    r"""Kolari-Pynnönen :math:`\bar r` for events on different dates, from day-0 group sums.

    Parameters
    ----------
    z_sum, c_sum
        ``(P, W)``: row ``p`` sums, over the events whose day 0 is session
        ``p`` (consecutive sessions), their residual z-scores and their
        observed-day indicators on a common grid of ``W`` estimation days
        relative to day 0.
    n_group
        ``(P,)`` events per day 0 (those with a usable z-score).
    sumsq, n_obs, n_events
        :math:`\sum_{i,t} z_{it}^2`, :math:`\sum_i n_i` and :math:`N` over those events.
    length
        :math:`L_2`, the event window's length in sessions.
    dots
        ``d -> overlap_dots(z_sum, c_sum, n_group, d)``, e.g. memoised and
        shared by several windows; None computes them here.

    Returns
    -------
    float
        :math:`\bar r` of :func:`mean_pairwise_correlation` (different dates).

    Notes
    -----
    Events :math:`d` sessions apart have windows overlapping on
    :math:`o = L_2 - d` sessions and residual dates aligned with a shift of
    :math:`d` columns, so with :math:`Z_p` the group sums,
    :math:`\sum_{i\ne j} o_{ij}S_{ij} = \sum_{d<L_2} o_d\,c_d\sum_p
    \langle Z_p[d:], Z_{p+d}[:W-d]\rangle - L_2\sum_{i,t} z_{it}^2`
    (:math:`c_0 = 1`, :math:`c_d = 2`), and likewise for :math:`n_{ij}` (with the
    indicators) and for :math:`\sum_{i\ne j} o_{ij}` (with the group sizes).
    """
    n_pos, width = z_sum.shape
    if dots is None:
        def dots(d: int) -> tuple[float, float, float]:
            return overlap_dots(z_sum, c_sum, n_group, d)
    big_l = float(length)
    dz, dc, dn = dots(0)
    sz = big_l * dz - big_l * sumsq
    sc = big_l * dc - big_l * n_obs
    so = big_l * dn - big_l * n_events
    for d in range(1, min(length, n_pos)):
        o = 2.0 * (length - d)
        dz, dc, dn = dots(d)
        if d < width:
            sz += o * dz
            sc += o * dc
        so += o * dn
    if n_events < 2:
        return float("nan")
    if so <= 0:
        return 0.0
    if not sc > 0:
        return float("nan")
    return (sz / sc) * so / (big_l * n_events * (n_events - 1))


def _rbar(rbar: float | None, residuals: ArrayLike | None, day0: ArrayLike | None = None,
          window: tuple[int, int] | None = None) -> float:
    if rbar is not None:
        return float(rbar)
    if residuals is None:
        raise ValueError("pass either rbar or residuals (N x dates) to estimate it")
    return mean_pairwise_correlation(residuals, day0=day0, window=window)


def _kp_inputs(
    name: str,
    base: AnyTest,
    rbar: float | None,
    residuals: ArrayLike | None,
    *,
    r_max: float = math.inf,
    day0: ArrayLike | None = None,
    window: tuple[int, int] | None = None,
) -> tuple[float, int, float] | NotComputable:
    """``(r, N, 1 + (N - 1) r)`` for the Kolari-Pynnönen adjustment of ``base``, or why not."""
    if isinstance(base, NotComputable):
        return replace(base, name=name)
    r = _rbar(rbar, residuals, day0, window)
    n = int(base.n or 0)
    den = 1.0 + (n - 1) * r
    if not (math.isfinite(r) and den > 0 and r < r_max):
        return NotComputable(name, f"mean residual correlation unusable (r = {r})", n=n)
    return r, n, den


def kp_bmp_test(
    cars: ArrayLike,
    car_se: ArrayLike,
    *,
    rbar: float | None = None,
    residuals: ArrayLike | None = None,
    day0: ArrayLike | None = None,
    window: tuple[int, int] | None = None,
    alternative: Alternative = "two-sided",
    bmp: AnyTest | None = None,
) -> AnyTest:
    r"""Kolari & Pynnönen (2010) cross-correlation-adjusted BMP test.

    Parameters
    ----------
    cars, car_se
        ``(N,)`` CARs and their CLM standard errors.
    rbar
        Mean pairwise correlation of the estimation residuals; if None it is
        computed from ``residuals`` by :func:`mean_pairwise_correlation`.
    residuals
        ``(N, dates)`` estimation residuals aligned on calendar dates.
    day0, window
        Events on different dates: each event's day-0 column in ``residuals``
        and the event window; :math:`\bar r` then counts only pairs whose
        windows overlap, weighted by the overlap
        (:func:`mean_pairwise_correlation`).
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    bmp
        ``bmp_test(cars, car_se, alternative=alternative)`` when already
        computed (the batch path has it), so it is not computed twice.

    Returns
    -------
    TestResult or NotComputable

    Notes
    -----
    .. math::

        t_{KP} = t_{BMP}\sqrt{\frac{1-\bar r}{1+(N-1)\bar r}} \sim t(N-1).

    Use when events share dates (clustering); with :math:`\bar r = 0` it is BMP.
    """
    name = "kolari_pynnonen"
    base = bmp if bmp is not None else bmp_test(cars, car_se, alternative=alternative)
    kp = _kp_inputs(name, base, rbar, residuals, r_max=1.0, day0=day0, window=window)
    if isinstance(kp, NotComputable):
        return kp
    r, n, den = kp
    return _tdist(name, base.statistic * math.sqrt((1 - r) / den), n - 1, alternative, n,
                  null="CAAR = 0", note=f"mean pairwise residual correlation r = {r:.4f}")


def kp_patell_test(
    cars: ArrayLike,
    car_se: ArrayLike,
    l1: ArrayLike,
    *,
    k: int = 2,
    rbar: float | None = None,
    residuals: ArrayLike | None = None,
    day0: ArrayLike | None = None,
    window: tuple[int, int] | None = None,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Kolari & Pynnönen (2010) cross-correlation-adjusted Patell test.

    Parameters
    ----------
    cars, car_se, l1, k
        As in :func:`patell_test`.
    rbar, residuals, day0, window
        As in :func:`kp_bmp_test`.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable

    Notes
    -----
    .. math::

        Z_{KP} = Z_{Patell}\sqrt{\frac{1}{1+(N-1)\bar r}} \sim N(0,1).
    """
    name = "kolari_pynnonen_patell"
    base = patell_test(cars, car_se, l1, k=k, alternative=alternative)
    kp = _kp_inputs(name, base, rbar, residuals, day0=day0, window=window)
    if isinstance(kp, NotComputable):
        return kp
    r, n, den = kp
    return _zdist(name, base.statistic / math.sqrt(den), alternative, n, null="CAAR = 0",
                  note=f"mean pairwise residual correlation r = {r:.4f}")
