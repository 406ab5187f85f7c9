r"""Abnormal trading volume and abnormal volatility around events.

**Volume** (Campbell & Wasley 1996 style): the log of daily volume,
:math:`v_{it} = \ln(1 + V_{it})`, follows a market model on the log volume
of the market (the benchmark's volume),

.. math::

    v_{it} = \alpha_i + \beta_i v_{mt} + \varepsilon_{it},\qquad
    AV_{it} = v_{it} - \hat\alpha_i - \hat\beta_i v_{mt},

estimated by OLS over the estimation window; the fitting, the abnormal log
volumes and the exact prediction-error variance of the cumulative abnormal
log volume :math:`CAV` are those of
:func:`eventstudy.stats.abnormal.estimate_event` applied to log volumes (one
code path for returns and volumes). Log volume is autocorrelated, so over
windows of :math:`L_2 \ge 2` days the variance is inflated by the AR(1)
factor :func:`ar1_inflation` with :math:`\rho` estimated from the
estimation-window residuals (without it the [0,+1] t rejected 17% of real
placebos at 5%; see docs/models.md). :math:`CAV = 0.69` means volume
about doubled (:math:`e^{0.69} = 2`) over the window relative to normal.
Zero-volume days are kept (the 1 inside the log); a missing volume is missing.

**Volatility**: with the event-window abnormal returns standardised by their
own prediction standard errors, :math:`SAR_t = AR_t / \widehat{se}(AR_t)`,
the variance ratio :math:`VR = \frac1{L_2}\sum_t SAR_t^2` is about
:math:`F(L_2, L_1-k)` under no change in volatility; across events the mean of
:math:`\ln VR_i` (centred at its null mean) is tested with the jackknife
(Giaccotto & Sfiridis 1996 use the jackknife for event-induced variance
changes), and the cross-sectional t
of :math:`VR_i - 1` is reported beside it.

References
----------
Ajinkya, B. B. & Jain, P. C. (1989), The behavior of daily stock market
trading volume, *J. Accounting and Economics* 11, 331-359. Campbell, C. J. &
Wasley, C. E. (1996), Measuring abnormal daily trading volume for samples of
NYSE/ASE and NASDAQ securities using parametric and nonparametric test
statistics, *Review of Quantitative Finance and Accounting* 6, 309-326.
Beaver, W. H. (1968), The information content of annual earnings
announcements, *J. Accounting Research* 6, 67-92 (the volatility ratio).
Giaccotto, C. & Sfiridis, J. M. (1996), Hypothesis testing in event studies:
the case of variance changes, *J. Economics and Business* 48, 349-370.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special
from scipy import stats as sps

from eventstudy.exceptions import SplitLikeJumpWarning, ThinTradingWarning
from eventstudy.stats._common import AnyTest, _too_few, _vec
from eventstudy.stats.abnormal import CarResult, EventEstimate, estimate_event
from eventstudy.stats.classic import brown_warner_crude_t, jackknife_t
from eventstudy.stats.multi import cross_sectional_t
from eventstudy.stats.results import Alternative, NotComputable, TestResult, from_statistic
from eventstudy.stats.single import t_test

__all__ = [
    "log_volume",
    "abnormal_volume",
    "volatility_ratio_test",
    "pooled_volatility_test",
    "log_ratio_null_mean",
    "ar1",
    "ar1_inflation",
    "group_volume_t",
]


def log_volume(volume: pd.Series, sessions: pd.DatetimeIndex | None = None) -> pd.Series:
    r"""Log volume :math:`\ln(1 + V_t)` on ``sessions`` (NaN where volume is missing)."""
    v = pd.Series(volume, dtype="float64")
    if sessions is not None:
        v = v.reindex(pd.DatetimeIndex(sessions, name="date"))
    return pd.Series(np.log1p(v.where(v >= 0).to_numpy()), index=v.index, name="log_volume")


def abnormal_volume(
    volume: pd.Series,
    market_volume: pd.Series,
    day0: pd.Timestamp,
    *,
    sessions: pd.DatetimeIndex | None = None,
    estimation_window: tuple[int, int] = (-250, -11),
    event_windows: Sequence[tuple[int, int]] = ((0, 0),),
    min_estimation_days: int = 120,
    exclude: pd.DatetimeIndex | None = None,
    event_id: str = "",
    asset: str = "",
) -> EventEstimate:
    r"""Abnormal log volume of one event: market model on log volumes.

    Parameters
    ----------
    volume, market_volume
        Daily share volume of the asset and of the market proxy (e.g. the
        benchmark's volume), indexed by date.
    day0
        Event day (a session of ``sessions``).
    sessions
        The asset's sessions (default: ``volume``'s index).
    estimation_window, event_windows, min_estimation_days, exclude, event_id, asset
        As in :func:`~eventstudy.stats.abnormal.estimate_event`.

    Returns
    -------
    EventEstimate
        Its ``cars[w].car`` is the cumulative abnormal log volume, ``t`` its
        t test (exact OLS prediction variance, times :func:`ar1_inflation`
        for windows of two days or more; ``se`` is the inflated one and
        ``extra["rho_resid"]`` the :math:`\hat\rho` used), ``abnormal`` the daily
        abnormal log volume (``return`` = log volume). ``model`` is
        ``"volume market"``.
    """
    idx = pd.DatetimeIndex(sessions if sessions is not None else volume.index, name="date")
    y = log_volume(volume, idx)
    x = log_volume(market_volume, idx)
    with warnings.catch_warnings():
        # the price-sanity checks (flat prices, split-like jumps) do not apply to log volume
        warnings.simplefilter("ignore", ThinTradingWarning)
        warnings.simplefilter("ignore", SplitLikeJumpWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # compounding log volumes as prices
        res = estimate_event(y, x, pd.Timestamp(day0), model="market",
                             estimation_window=estimation_window, event_windows=event_windows,
                             exclude=exclude, min_estimation_days=min_estimation_days,
                             event_id=event_id, asset=asset)
    rho = ar1(res.residuals)
    cars = {w: _ar1_adjusted(c, rho) for w, c in res.cars.items()}
    extra = dict(res.extra) | {"rho_resid": rho}
    return replace(res, model="volume market", data_issues=(), cars=cars, extra=extra)


def ar1(resid: pd.Series) -> float:
    r"""First-order autocorrelation of consecutive residuals, :math:`\hat\rho \ge 0`.

    :math:`\hat\rho = \sum_t e_t e_{t-1} / \sum_t e_t^2` over pairs of
    neighbouring estimation observations (a dropped day is skipped), floored
    at 0 (a negative estimate never shrinks the variance).
    """
    e = pd.Series(resid, dtype="float64")
    e = e - e.mean()
    pairs = pd.concat([e, e.shift(1)], axis=1).dropna()
    den = float((e.dropna() ** 2).sum())
    return max(0.0, float((pairs.iloc[:, 0] * pairs.iloc[:, 1]).sum()) / den) if den else 0.0


def ar1_inflation(n: int, rho: float) -> float:
    r"""Variance factor of a sum of :math:`n` AR(1) terms over :math:`n` iid terms.

    .. math::

        f(n, \rho) = \frac{1}{n}\Big(n + 2\sum_{k=1}^{n-1} (n-k)\rho^k\Big).
    """
    return (n + 2.0 * sum((n - k) * rho**k for k in range(1, n))) / n


def _ar1_adjusted(car: CarResult, rho: float) -> CarResult:
    if not math.isfinite(car.se) or car.n_days < 2 or rho == 0:
        return car
    se = car.se * math.sqrt(ar1_inflation(car.n_days, rho))
    note = f"AR(1) rho={rho:.2f} variance inflation"
    test = t_test(car.car, se, car.dof)
    if isinstance(test, TestResult):
        test = replace(test, note=note)
    return replace(car, se=se, t=test)


def volatility_ratio_test(
    abnormal: ArrayLike,
    ar_se: ArrayLike,
    dof: int,
    *,
    alternative: Alternative = "greater",
) -> AnyTest:
    r"""Single-event abnormal-volatility test: variance ratio of standardised ARs.

    Notes
    -----
    .. math::

        VR = \frac{1}{L_2}\sum_{t\in T_2}\Big(\frac{AR_t}{\widehat{se}(AR_t)}\Big)^2
        \;\dot\sim\; F(L_2,\ L_1 - k)

    under normal, homoskedastic returns and no event-induced variance (the
    estimation error in :math:`\widehat{se}` makes it approximate).
    ``alternative="greater"`` (the default) asks whether volatility rose.
    Beaver (1968); Campbell, Lo & MacKinlay (1997), ch. 4.
    """
    name = "volatility_ratio_f"
    a, s = _vec(abnormal), _vec(ar_se)
    ok = np.isfinite(a) & np.isfinite(s) & (s > 0)
    n = int(ok.sum())
    if n == 0 or dof < 1:
        return NotComputable(name, "no standardised abnormal return in the window", n=n)
    vr = float(np.mean((a[ok] / s[ok]) ** 2))
    return from_statistic(name, vr, cdf=lambda v: sps.f.cdf(v, n, dof),
                          sf=lambda v: sps.f.sf(v, n, dof), distribution=f"F({n},{dof})",
                          alternative=alternative, n=n, null="volatility ratio = 1")


def pooled_volatility_test(
    ratios: ArrayLike,
    window_length: int,
    *,
    alternative: Alternative = "greater",
) -> dict[str, AnyTest]:
    r"""Across events: did volatility rise? Jackknife t on :math:`\ln VR_i`, cross-sectional t.

    Parameters
    ----------
    ratios
        Per-event variance ratios :math:`VR_i` over windows of the same
        length (:func:`volatility_ratio_test` statistics).
    window_length
        :math:`L_2`, the number of days in each ratio.

    Returns
    -------
    dict
        ``"jackknife"``: :func:`~eventstudy.stats.classic.jackknife_t` of the
        mean :math:`\ln VR_i` against its null mean
        :math:`E_0[\ln VR] = \psi(L_2/2) + \ln 2 - \ln L_2` (each
        :math:`VR_i \approx \chi^2_{L_2}/L_2` under the null;
        :func:`log_ratio_null_mean`); the log makes the ratios' right skew
        mild, and the jackknife leaves the cross-sectional variance
        unassumed. ``"cross-sectional"``:
        :func:`~eventstudy.stats.multi.cross_sectional_t` of :math:`VR_i - 1`.
    """
    x = _vec(ratios)
    x = x[np.isfinite(x) & (x > 0)]
    if (bad := _too_few("pooled volatility", x.size, 3)) is not None:
        return {"jackknife": bad, "cross-sectional": bad}
    return {"jackknife": jackknife_t(np.log(x), null=log_ratio_null_mean(window_length),
                                     alternative=alternative,
                                     name="jackknife_t_log_variance_ratio"),
            "cross-sectional": cross_sectional_t(x - 1.0, alternative=alternative)}


def log_ratio_null_mean(window_length: int) -> float:
    r""":math:`E[\ln(\chi^2_L/L)] = \psi(L/2) + \ln 2 - \ln L` (digamma :math:`\psi`)."""
    half = window_length / 2.0
    return float(special.digamma(half) + math.log(2.0) - math.log(window_length))


def group_volume_t(
    estimation_av: ArrayLike,
    event_av: ArrayLike,
    *,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Did a group of assets sharing a day trade abnormally? Crude-dependence t with AR(1).

    Parameters
    ----------
    estimation_av
        ``(N, L1)`` estimation-window residuals of each member's log-volume
        market model, in event time (NaN where missing).
    event_av
        ``(N, L2)`` abnormal log volumes over the window.
    alternative
        ``"two-sided"``, ``"greater"`` (more volume) or ``"less"``.

    Notes
    -----
    The Brown & Warner (1980) crude-dependence t
    (:func:`~eventstudy.stats.classic.brown_warner_crude_t`) of the mean
    abnormal log volume, with the standard deviation of the averaged residual
    series :math:`S(\overline{AV})` inflated for its first-order
    autocorrelation :math:`\hat\rho` (:func:`ar1`, :func:`ar1_inflation`),
    as the single-asset volume t is:

    .. math::

        t = \frac{\sum_{t\in T_2}\overline{AV}_t}
        {\sqrt{L_2\, f(L_2, \hat\rho)}\; S(\overline{AV})} \sim t(L_1 - 1).

    The variance is that of the average, so members reacting to the same
    market-wide news on the same day do not make it over-reject (the
    cross-sectional t does). Campbell & Wasley (1996) for the volume model.
    """
    est = np.atleast_2d(np.asarray(estimation_av, dtype="float64"))
    ev = np.atleast_2d(np.asarray(event_av, dtype="float64"))
    width = int(np.isfinite(ev).any(axis=0).sum())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN day
        mean_resid = pd.Series(np.nanmean(est, axis=0))
    f = ar1_inflation(width, ar1(mean_resid)) if width > 1 else 1.0
    res = brown_warner_crude_t(est * math.sqrt(f), ev, alternative=alternative)
    if isinstance(res, TestResult):
        res = replace(res, name="volume_brown_warner_crude",
                      null="mean abnormal log volume = 0")
    return res
