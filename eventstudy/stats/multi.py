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
from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike

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
    return _mean_t("cross-sectional t", _vec(cars), "CARs have zero cross-sectional variance",
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
    name = "Patell Z"
    z = _scar(cars, car_se)
    dof = np.broadcast_to(_vec(l1), z.shape) - k
    ok = np.isfinite(z) & (dof > 2)
    n = int(ok.sum())
    if (bad := _too_few(name, n, 1)) is not None:
        return bad
    var = dof[ok] / (dof[ok] - 2)
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
    return _mean_t("BMP", _scar(cars, car_se), "standardised CARs have zero variance",
                   alternative)


def mean_pairwise_correlation(residuals: ArrayLike) -> float:
    r"""Mean pairwise correlation of residual series without forming the N x N matrix.

    Parameters
    ----------
    residuals
        ``(N, T)`` estimation-window residuals aligned on **calendar dates**
        (column = date), NaN where an event has no residual that day.

    Returns
    -------
    float
        :math:`\bar r`; NaN when no two series share a date.

    Notes
    -----
    Standardise each row over its own observed days,
    :math:`z_{it} = (e_{it} - \bar e_i)/s_i` (population :math:`s_i`), with
    :math:`z_{it} = 0` on missing days, and let :math:`m_t` be the number of
    series observed on day :math:`t`. Using
    :math:`\sum_{i\ne j} z_{it}z_{jt} = (\sum_i z_{it})^2 - \sum_i z_{it}^2`,

    .. math::

        \bar r = \frac{\sum_t \big[(\sum_i z_{it})^2 - \sum_i z_{it}^2\big]}
                      {\sum_t (m_t^2 - m_t)}
               = \frac{\sum_{i\ne j} n_{ij}\,\hat\rho_{ij}}{\sum_{i\ne j} n_{ij}},

    with :math:`\hat\rho_{ij} = n_{ij}^{-1}\sum_{t\in i\cap j} z_{it}z_{jt}` over
    the :math:`n_{ij}` common days. Without missing days this is exactly the
    mean of the :math:`N(N-1)` off-diagonal Pearson correlations; with gaps it
    is their overlap-weighted mean (pairs that never overlap get weight 0).
    Cost :math:`O(NT)` time and memory (Kolari & Pynnönen 2010, sec. 2).
    """
    e = _mat(residuals)
    ok = np.isfinite(e)
    cnt = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = np.where(ok, e, 0.0).sum(axis=1) / cnt
        d = np.where(ok, e - mu[:, None], 0.0)
        sd = np.sqrt((d * d).sum(axis=1) / cnt)
        z = np.where(ok & (sd[:, None] > 0), d / sd[:, None], 0.0)
    used = ok & (sd[:, None] > 0)
    m = used.sum(axis=0).astype(np.float64)
    col = z.sum(axis=0)
    num = float((col * col - (z * z).sum(axis=0)).sum())
    den = float((m * m - m).sum())
    return num / den if den > 0 else float("nan")


def _rbar(rbar: float | None, residuals: ArrayLike | None) -> float:
    if rbar is not None:
        return float(rbar)
    if residuals is None:
        raise ValueError("pass either rbar or residuals (N x dates) to estimate it")
    return mean_pairwise_correlation(residuals)


def _kp_inputs(
    name: str,
    base: AnyTest,
    rbar: float | None,
    residuals: ArrayLike | None,
    *,
    r_max: float = math.inf,
) -> tuple[float, int, float] | NotComputable:
    """``(r, N, 1 + (N - 1) r)`` for the Kolari-Pynnönen adjustment of ``base``, or why not."""
    if isinstance(base, NotComputable):
        return replace(base, name=name)
    r = _rbar(rbar, residuals)
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
    alternative: Alternative = "two-sided",
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
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable

    Notes
    -----
    .. math::

        t_{KP} = t_{BMP}\sqrt{\frac{1-\bar r}{1+(N-1)\bar r}} \sim t(N-1).

    Use when events share dates (clustering); with :math:`\bar r = 0` it is BMP.
    """
    name = "KP-adjusted BMP"
    base = bmp_test(cars, car_se, alternative=alternative)
    kp = _kp_inputs(name, base, rbar, residuals, r_max=1.0)
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
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Kolari & Pynnönen (2010) cross-correlation-adjusted Patell test.

    Parameters
    ----------
    cars, car_se, l1, k
        As in :func:`patell_test`.
    rbar, residuals
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
    name = "KP-adjusted Patell Z"
    base = patell_test(cars, car_se, l1, k=k, alternative=alternative)
    kp = _kp_inputs(name, base, rbar, residuals)
    if isinstance(kp, NotComputable):
        return kp
    r, n, den = kp
    return _zdist(name, base.statistic / math.sqrt(den), alternative, n, null="CAAR = 0",
                  note=f"mean pairwise residual correlation r = {r:.4f}")
