r"""The remaining classic multi-event tests: Brown–Warner (1980), Hall (1992), jackknife.

All take abnormal returns in **event time** as ``(N events, L days)`` arrays
(NaN = missing) or a vector of per-event statistics, and return a
:class:`~eventstudy.stats.results.TestResult` (or
:class:`~eventstudy.stats.results.NotComputable` with the reason).

References
----------
Brown, S. J. & Warner, J. B. (1980), Measuring security price performance,
*J. Financial Economics* 8, 205-258 (Appendix A). Hall, P. (1992), On the
removal of skewness by transformation, *J. Royal Statistical Society B* 54,
221-228. Quenouille, M. H. (1956), Notes on bias in estimation, *Biometrika*
43, 353-360; Tukey, J. W. (1958), Bias and confidence in not-quite large
samples, *Ann. Math. Statist.* 29, 614; Efron, B. & Stein, C. (1981), The
jackknife estimate of variance, *Ann. Statist.* 9, 586-596.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from eventstudy.stats._common import (
    AnyTest,
    _finite_varying,
    _mat,
    _tdist,
    _too_few,
    _vec,
    _zdist,
)
from eventstudy.stats.results import Alternative, NotComputable

__all__ = [
    "brown_warner_crude_t",
    "brown_warner_independence_t",
    "hall_t",
    "skewness_transform",
    "jackknife",
    "jackknife_t",
]


def _window_aar(event_ar: ArrayLike) -> tuple[np.ndarray, int, float]:
    """AAR per event-window day, the number of events and CAAR over the window."""
    ev = _mat(event_ar)
    aar = np.nanmean(np.where(np.isfinite(ev), ev, np.nan), axis=0)
    n = int(np.isfinite(ev).any(axis=1).sum())
    return aar, n, float(np.nansum(aar))


def brown_warner_crude_t(
    estimation_ar: ArrayLike,
    event_ar: ArrayLike,
    *,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Brown–Warner (1980) t with the crude dependence adjustment (CAAR over a window).

    Parameters
    ----------
    estimation_ar
        ``(N, L1)`` estimation-window abnormal returns (residuals) in event time.
    event_ar
        ``(N, L2)`` event-window abnormal returns.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Notes
    -----
    With :math:`\overline{AR}_t = \frac1{N_t}\sum_i AR_{it}` (the average over
    the events present on day :math:`t`), the standard deviation of the AAR
    series over the estimation window,

    .. math::

        S(\overline{AR}) = \sqrt{\frac{1}{L_1-1}\sum_{t\in T_1}
        \big(\overline{AR}_t - \overline{\overline{AR}}\big)^2},
        \qquad
        t = \frac{\sum_{t\in T_2}\overline{AR}_t}{\sqrt{L_2}\,S(\overline{AR})}
        \sim t(L_1 - 1),

    takes cross-sectional dependence into account (the variance is that of the
    average, not of the members). Brown & Warner (1980), Appendix A.2
    ("crude dependence adjustment"); R estudy2 ``brown_warner_1980``.
    """
    name = "brown_warner_crude"
    est = _mat(estimation_ar)
    aar_est = np.nanmean(np.where(np.isfinite(est), est, np.nan), axis=0)
    aar_est = aar_est[np.isfinite(aar_est)]
    aar, n, caar = _window_aar(event_ar)
    if (bad := _too_few(name, n, 1)) is not None:
        return bad
    if aar_est.size < 3:
        return NotComputable(name, "needs >= 3 estimation-window days with an AAR", n=n)
    s = float(np.std(aar_est, ddof=1))
    l2 = int(np.isfinite(aar).sum())
    if s == 0 or l2 == 0:
        return NotComputable(name, "the AAR series does not vary (or the window is empty)", n=n)
    return _tdist(name, caar / (math.sqrt(l2) * s), aar_est.size - 1, alternative, n,
                  null="CAAR = 0", note=f"L1={aar_est.size}, L2={l2}")


def brown_warner_independence_t(
    estimation_ar: ArrayLike,
    event_ar: ArrayLike,
    *,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Brown–Warner (1980) t assuming independent events (CAAR over a window).

    Notes
    -----
    Each event's abnormal-return variance :math:`S^2(AR_i)` is estimated
    from its own estimation-window residuals (``ddof=1``), and the events are
    taken as independent:

    .. math::

        t = \frac{\sum_{t\in T_2}\overline{AR}_t}
        {\sqrt{L_2}\;\frac{1}{N}\sqrt{\sum_{i} S^2(AR_i)}}
        \sim t(L_1 - 1).

    Brown & Warner (1980), Appendix A.1 ("independence"); PyPI
    ``eventstudy`` computes the same statistic.
    """
    name = "brown_warner_independence"
    est = _mat(estimation_ar)
    ev = _mat(event_ar)
    keep = np.isfinite(ev).any(axis=1) & (np.isfinite(est).sum(axis=1) >= 3)
    n = int(keep.sum())
    if (bad := _too_few(name, n, 1)) is not None:
        return bad
    est, ev = est[keep], ev[keep]
    var = np.array([np.var(r[np.isfinite(r)], ddof=1) for r in est])
    aar = np.nanmean(ev, axis=0)
    l2 = int(np.isfinite(aar).sum())
    den = math.sqrt(l2) * math.sqrt(float(var.sum())) / n
    if den == 0:
        return NotComputable(name, "zero estimation-window variance", n=n)
    l1 = int(np.isfinite(est).sum(axis=1).min())
    return _tdist(name, float(np.nansum(aar)) / den, l1 - 1, alternative, n,
                  null="CAAR = 0", note=f"L2={l2}")


def skewness_transform(x: np.ndarray, *, cubic: bool, unbiased: bool) -> tuple[float, float]:
    r"""Skewness-corrected statistic of a sample and its skewness estimate.

    Returns :math:`(\sqrt{n}\,(S + \tfrac13\hat\gamma S^2 [+ \tfrac1{27}\hat\gamma^2 S^3]
    + \tfrac{1}{6n}\hat\gamma),\ \hat\gamma)` with :math:`S=\bar x/s` (``s``
    with ``ddof=1``); :math:`\hat\gamma = \frac{n}{(n-1)(n-2)}\sum(x-\bar x)^3/s^3`
    when ``unbiased`` (Hall 1992), else :math:`\sum(x-\bar x)^3/(n s^3)`
    (Lyon, Barber & Tsai 1999); the cubic term is Hall's (``cubic=True``).
    """
    n = x.size
    s = float(np.std(x, ddof=1))
    d3 = float(((x - x.mean()) ** 3).sum())
    gamma = n * d3 / ((n - 1) * (n - 2) * s**3) if unbiased else d3 / (n * s**3)
    S = float(x.mean()) / s
    core = S + gamma * S**2 / 3.0 + gamma / (6.0 * n)
    if cubic:
        core += gamma**2 * S**3 / 27.0
    return math.sqrt(n) * core, gamma


def hall_t(values: ArrayLike, *, alternative: Alternative = "two-sided") -> AnyTest:
    r"""Hall (1992) skewness-corrected t of a cross-section (e.g. CARs), against N(0,1).

    Notes
    -----
    With :math:`S = \bar x / s`, :math:`s` the sample standard deviation and
    :math:`\hat\gamma = \frac{n}{(n-1)(n-2)}\sum_i (x_i-\bar x)^3 / s^3`,

    .. math::

        t_{H} = \sqrt{n}\left(S + \tfrac13\hat\gamma S^2 + \tfrac1{27}\hat\gamma^2 S^3
        + \tfrac{1}{6n}\hat\gamma\right) \sim N(0,1),

    Hall's (1992) monotone cubic transformation, as used for event studies
    by EventStudyTools ("skewness-corrected test").
    """
    name = "hall_t"
    x = _finite_varying(name, values, 3, "the values do not vary")
    if isinstance(x, NotComputable):
        return x
    stat, gamma = skewness_transform(x, cubic=True, unbiased=True)
    return _zdist(name, stat, alternative, x.size, null="mean = 0",
                  note=f"skewness {gamma:.3g}")


def jackknife(values: ArrayLike, statistic: Callable[[np.ndarray], float]
              ) -> tuple[float, float, np.ndarray]:
    r"""Delete-one jackknife: bias-corrected estimate, standard error, leave-one-out values.

    Notes
    -----
    With :math:`\hat\theta_{(i)}` the statistic without observation
    :math:`i` and :math:`\hat\theta_{(\cdot)}` their mean,

    .. math::

        \hat\theta_J = n\hat\theta - (n-1)\hat\theta_{(\cdot)},\qquad
        \widehat{se}_J = \sqrt{\tfrac{n-1}{n}\sum_i
        \big(\hat\theta_{(i)} - \hat\theta_{(\cdot)}\big)^2}.

    For the mean, :math:`\widehat{se}_J = s/\sqrt n` exactly. Quenouille
    (1956); Tukey (1958); Efron & Stein (1981).
    """
    x = _vec(values)
    x = x[np.isfinite(x)]
    n = x.size
    theta = float(statistic(x))
    loo = np.array([statistic(np.delete(x, i)) for i in range(n)], dtype="float64")
    mean = float(loo.mean())
    se = math.sqrt((n - 1) / n * float(((loo - mean) ** 2).sum()))
    return n * theta - (n - 1) * mean, se, loo


def jackknife_t(
    values: ArrayLike,
    statistic: Callable[[np.ndarray], float] = np.mean,
    *,
    null: float = 0.0,
    alternative: Alternative = "two-sided",
    name: str = "jackknife_t",
) -> AnyTest:
    r"""Test :math:`\theta = \theta_0` with the jackknife estimate and its standard error.

    Notes
    -----
    :math:`t = (\hat\theta_J - \theta_0)/\widehat{se}_J \sim t(n-1)`
    (:func:`jackknife`). It applies where the statistic is a smooth function
    of the sample whose variance has no simple formula: e.g. the mean log
    variance ratio of the abnormal-volatility test
    (:func:`eventstudy.stats.volume.pooled_volatility_test`), or a
    skewness-corrected mean. For the plain mean it reproduces the
    cross-sectional t.
    """
    x = _vec(values)
    x = x[np.isfinite(x)]
    if (bad := _too_few(name, x.size, 3)) is not None:
        return bad
    est, se, _ = jackknife(x, statistic)
    if se == 0:
        return NotComputable(name, "the leave-one-out estimates do not vary", n=x.size)
    return _tdist(name, (est - null) / se, x.size - 1, alternative, x.size,
                  null=f"theta = {null:g}")
