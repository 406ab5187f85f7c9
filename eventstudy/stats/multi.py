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
result counts the events used. The portfolio (time-series) approach lives in
:mod:`eventstudy.stats.portfolio` and is re-exported here. Each test returns a
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
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from eventstudy.stats.portfolio import portfolio_from_returns, portfolio_returns, portfolio_test
from eventstudy.stats.results import Alternative, NotComputable, TestResult, from_statistic
from eventstudy.stats.single import overlapping_sums

FloatArray = NDArray[np.float64]
AnyTest = TestResult | NotComputable

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

_NORM: Any = stats.norm


def _vec(a: ArrayLike) -> FloatArray:
    return np.atleast_1d(np.asarray(a, dtype=np.float64)).ravel()


def _mat(a: ArrayLike) -> FloatArray:
    m = np.asarray(a, dtype=np.float64)
    return m[None, :] if m.ndim == 1 else m


def _too_few(name: str, n: int, need: int) -> NotComputable | None:
    if n < need:
        return NotComputable(name, f"needs N >= {need} events; got N = {n}", n=n)
    return None


def _tdist(name: str, stat: float, dof: float, alternative: Alternative, n: int, **kw: Any):
    return from_statistic(
        name, stat, cdf=lambda s: stats.t.cdf(s, dof), sf=lambda s: stats.t.sf(s, dof),
        distribution=f"t({dof:g})",
        alternative=alternative, n=n, **kw,
    )


def _zdist(name: str, stat: float, alternative: Alternative, n: int, **kw: Any) -> TestResult:
    return from_statistic(
        name, stat, cdf=_NORM.cdf, sf=_NORM.sf, distribution="N(0,1)",
        alternative=alternative, n=n, **kw,
    )


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
    name = "cross-sectional t"
    c = _vec(cars)
    c = c[np.isfinite(c)]
    n = c.size
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    s = float(np.std(c, ddof=1))
    if not s > 0:
        return NotComputable(name, "CARs have zero cross-sectional variance", n=n)
    return _tdist(name, math.sqrt(n) * float(c.mean()) / s, n - 1, alternative, n,
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
    name = "BMP"
    z = _scar(cars, car_se)
    z = z[np.isfinite(z)]
    n = z.size
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    s = float(np.std(z, ddof=1))
    if not s > 0:
        return NotComputable(name, "standardised CARs have zero variance", n=n)
    return _tdist(name, math.sqrt(n) * float(z.mean()) / s, n - 1, alternative, n,
                  null="CAAR = 0")


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
    if isinstance(base, NotComputable):
        return replace(base, name=name)
    r = _rbar(rbar, residuals)
    n = int(base.n or 0)
    den = 1.0 + (n - 1) * r
    if not (math.isfinite(r) and den > 0 and r < 1):
        return NotComputable(name, f"mean residual correlation unusable (r = {r})", n=n)
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
    if isinstance(base, NotComputable):
        return replace(base, name=name)
    r = _rbar(rbar, residuals)
    n = int(base.n or 0)
    den = 1.0 + (n - 1) * r
    if not (math.isfinite(r) and den > 0):
        return NotComputable(name, f"mean residual correlation unusable (r = {r})", n=n)
    return _zdist(name, base.statistic / math.sqrt(den), alternative, n, null="CAAR = 0",
                  note=f"mean pairwise residual correlation r = {r:.4f}")


# --------------------------------------------------------------------------- rank tests
def _centred_ranks(x: FloatArray) -> FloatArray:
    """Per row: rank / (number of valid values + 1) - 1/2, NaN where missing."""
    ranks = stats.rankdata(x, axis=1, nan_policy="omit")
    m = np.isfinite(x).sum(axis=1, keepdims=True)
    return np.where(np.isfinite(x), ranks / (m + 1.0) - 0.5, np.nan)


def _mean_by_day(u: FloatArray) -> tuple[FloatArray, FloatArray]:
    nt = np.isfinite(u).sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        ubar = np.where(nt > 0, np.nansum(u, axis=0) / nt, np.nan)
    return ubar, nt


def rank_test(
    ar: ArrayLike, event_mask: ArrayLike, *, alternative: Alternative = "two-sided"
) -> AnyTest:
    r"""Corrado (1989) rank test (one day) and Cowan (1992) multi-day rank test.

    Parameters
    ----------
    ar
        ``(N, L1 + L2)`` abnormal returns over the estimation and event windows,
        columns in event time, NaN where missing.
    event_mask
        ``(L1 + L2,)`` booleans selecting the event-window columns.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        Named ``"Corrado rank"`` for a one-day window, ``"Cowan rank"`` otherwise.

    Notes
    -----
    Each event's ARs are ranked over its :math:`M_i` non-missing days and
    scaled as in Corrado & Zivney (1992): :math:`U_{it} = K_{it}/(M_i+1) - 1/2`.
    With :math:`N_t` events observed on day :math:`t`,
    :math:`\bar U_t = N_t^{-1}\sum_i U_{it}`, :math:`T` days with data and
    :math:`L_2` event days,

    .. math::

        S^2_{\bar U} = \frac1T\sum_t \frac{N_t}{N}\bar U_t^2,\qquad
        Z = \frac{\sum_{t\in\text{event}} \bar U_t}{\sqrt{L_2}\,S_{\bar U}} \sim N(0,1).

    For :math:`L_2 = 1` this is Corrado's test; for :math:`L_2 > 1` Cowan's
    (1992) :math:`\sqrt{L_2}(\bar K_{\tau_1,\tau_2} - \tfrac12)/S_{\bar K}`.
    """
    x = _mat(ar)
    mask = np.asarray(event_mask, dtype=bool).ravel()
    if mask.shape[0] != x.shape[1]:
        raise ValueError(f"event_mask has {mask.shape[0]} days but ar has {x.shape[1]} columns")
    name = "Corrado rank" if mask.sum() == 1 else "Cowan rank"
    keep = np.isfinite(x[:, mask]).any(axis=1)
    x = x[keep]
    n = x.shape[0]
    if (bad := _too_few(name, n, 1)) is not None:
        return bad
    u = _centred_ranks(x)
    ubar, nt = _mean_by_day(u)
    has = nt > 0
    s2 = float(np.sum((nt[has] / n) * ubar[has] ** 2) / has.sum())
    ev = mask & has
    if not s2 > 0:
        return NotComputable(name, "rank variance is zero (too few days)", n=n)
    z = float(ubar[ev].sum() / (math.sqrt(ev.sum()) * math.sqrt(s2)))
    return _zdist(name, z, alternative, n, null="median abnormal return = 0",
                  note=f"ranks over {int(has.sum())} days, {int(ev.sum())} event day(s)")


def grank_test(
    scar: ArrayLike, sar_estimation: ArrayLike, *, alternative: Alternative = "two-sided"
) -> AnyTest:
    r"""Kolari & Pynnönen (2011) generalized rank test (GRANK-T) for a CAR.

    Parameters
    ----------
    scar
        ``(N,)`` standardised CARs :math:`CAR_i/\hat s_{CAR_i}`.
    sar_estimation
        ``(N, L1)`` standardised estimation residuals :math:`e_{it}/\hat\sigma_i`,
        columns in event time, NaN where missing.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` for N < 2.

    Notes
    -----
    Re-standardise for event-induced volatility, :math:`SCAR^*_i = SCAR_i/s(SCAR)`,
    append it to the estimation SARs as one "cumulated day" 0
    (:math:`T = L_1 + 1` days), rank each series,
    :math:`U_{it} = K_{it}/(T_i+1) - 1/2`, and with
    :math:`\bar U_t = N_t^{-1}\sum_i U_{it}`,

    .. math::

        Z = \frac{\bar U_0}{S_{\bar U}},\quad
        S^2_{\bar U} = \frac1T\sum_{t} \frac{N_t}{N}\bar U_t^2,\quad
        t_{grank} = Z\sqrt{\frac{T-2}{T-1-Z^2}} \sim t(T-2).
    """
    name = "GRANK"
    z = _vec(scar)
    e = _mat(sar_estimation)
    if e.shape[0] != z.shape[0]:
        raise ValueError(f"scar has {z.shape[0]} events but sar_estimation has {e.shape[0]}")
    ok = np.isfinite(z)
    z, e = z[ok], e[ok]
    n = z.size
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    s = float(np.std(z, ddof=1))
    if not s > 0:
        return NotComputable(name, "standardised CARs have zero variance", n=n)
    g = np.concatenate([e, (z / s)[:, None]], axis=1)
    u = _centred_ranks(g)
    ubar, nt = _mean_by_day(u)
    has = nt > 0
    t_days = int(has.sum())
    s2 = float(np.sum((nt[has] / n) * ubar[has] ** 2) / t_days)
    if not s2 > 0 or t_days < 3:
        return NotComputable(name, "rank variance is zero (too few estimation days)", n=n)
    zz = float(ubar[-1] / math.sqrt(s2))
    tg = zz * math.sqrt((t_days - 2) / (t_days - 1 - zz * zz))
    return _tdist(name, tg, t_days - 2, alternative, n, null="median CAR = 0")


# --------------------------------------------------------------------------- sign tests
def sign_test(cars: ArrayLike, *, alternative: Alternative = "two-sided") -> AnyTest:
    r"""Sign test of whether positive CARs are more (or less) frequent than half.

    Parameters
    ----------
    cars
        ``(N,)`` CARs; zeros are dropped.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``statistic`` is the normal score; p-values are exact binomial.

    Notes
    -----
    With :math:`w` positive CARs out of :math:`N`,
    :math:`Z = (w - N/2)/\sqrt{N/4}`; :math:`p_> = P(B \ge w)`,
    :math:`p_< = P(B \le w)`, :math:`B\sim\mathrm{Bin}(N, 1/2)`,
    :math:`p_{\ne} = \min(1, 2\min(p_>, p_<))`.
    """
    name = "sign"
    c = _vec(cars)
    c = c[np.isfinite(c) & (c != 0)]
    n = c.size
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    w = int((c > 0).sum())
    p_g = float(stats.binom.sf(w - 1, n, 0.5))
    p_l = float(stats.binom.cdf(w, n, 0.5))
    p_two = min(1.0, 2 * min(p_g, p_l))
    p = {"two-sided": p_two, "greater": p_g, "less": p_l}[alternative]
    return TestResult(
        name, (w - n / 2) / math.sqrt(n / 4), p, p_two, p_g, p_l, f"Binomial({n}, 0.5)",
        null="P(CAR > 0) = 0.5", alternative=alternative, n=n, note=f"{w} of {n} positive",
    )


def generalized_sign_test(
    cars: ArrayLike,
    residuals: ArrayLike,
    *,
    window_length: int = 1,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Cowan (1992) generalized sign test.

    Parameters
    ----------
    cars
        ``(N,)`` CARs.
    residuals
        ``(N, L1)`` estimation-window residuals on consecutive sessions, NaN missing.
    window_length
        1 (default, Cowan 1992): :math:`\hat p` is the share of positive daily
        estimation ARs. :math:`L_2 > 1` uses overlapping :math:`L_2`-day sums,
        matching the CAR's horizon.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable

    Notes
    -----
    .. math::

        \hat p = \frac1N\sum_i \frac{1}{M_i}\sum_t \mathbf 1[e_{it} > 0],\qquad
        Z = \frac{w - N\hat p}{\sqrt{N\hat p(1-\hat p)}} \sim N(0,1),

    with :math:`w` the number of positive CARs.
    """
    name = "generalized sign"
    c = _vec(cars)
    s = overlapping_sums(residuals, window_length)
    if s.shape[0] != c.shape[0]:
        raise ValueError(f"cars has {c.shape[0]} events but residuals has {s.shape[0]}")
    m = np.isfinite(s).sum(axis=1)
    ok = np.isfinite(c) & (m > 0)
    n = int(ok.sum())
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    share = (np.isfinite(s[ok]) & (s[ok] > 0)).sum(axis=1) / m[ok]
    p_hat = float(share.mean())
    if not 0 < p_hat < 1:
        return NotComputable(name, f"share of positive estimation ARs is {p_hat}", n=n)
    w = int((c[ok] > 0).sum())
    z = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
    return _zdist(name, z, alternative, n, null=f"P(CAR > 0) = {p_hat:.4f}",
                  note=f"{w} of {n} positive; p_hat = {p_hat:.4f}")


def wilcoxon_test(cars: ArrayLike, *, alternative: Alternative = "two-sided") -> AnyTest:
    r"""Wilcoxon (1945) signed-rank test on CARs (via :func:`scipy.stats.wilcoxon`).

    Parameters
    ----------
    cars
        ``(N,)`` CARs; zeros are dropped (``zero_method="wilcox"``).
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``statistic`` is :math:`W^+`; p-values exact for N <= 50 without ties,
        normal approximation otherwise (scipy's ``method="auto"``).

    Notes
    -----
    .. math::

        W^+ = \sum_{i: CAR_i > 0} \operatorname{rank}(|CAR_i|),\qquad
        E W^+ = \frac{N(N+1)}{4},\quad
        \operatorname{Var} W^+ = \frac{N(N+1)(2N+1)}{24}.
    """
    name = "Wilcoxon signed rank"
    c = _vec(cars)
    c = c[np.isfinite(c) & (c != 0)]
    n = c.size
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    res_g = stats.wilcoxon(c, alternative="greater")
    p_g = float(res_g.pvalue)
    p_l = float(stats.wilcoxon(c, alternative="less").pvalue)
    p_two = float(stats.wilcoxon(c, alternative="two-sided").pvalue)
    p = {"two-sided": p_two, "greater": p_g, "less": p_l}[alternative]
    return TestResult(
        name, float(res_g.statistic), p, p_two, p_g, p_l, "Wilcoxon signed rank (scipy)",
        null="CAR distribution symmetric about 0", alternative=alternative, n=n,
    )
