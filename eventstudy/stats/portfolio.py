r"""Portfolio (time-series) approach for assets reacting to the same event.

Form the equal-weighted portfolio of the assets, fit the normal-return model
to it, and test its CAR as a single event. The portfolio's residual variance
contains every covariance term, so the test is immune to cross-sectional
correlation (Brown & Warner 1980, 1985; Campbell, Lo & MacKinlay 1997, sec. 4.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from eventstudy._typing import FloatArray
from eventstudy.models import core
from eventstudy.stats._common import AnyTest
from eventstudy.stats.results import Alternative, NotComputable
from eventstudy.stats.single import sq_test, t_test

__all__ = ["EventTimeCar", "event_time_car", "portfolio_from_returns", "portfolio_returns",
           "portfolio_test"]


def _vec(a: ArrayLike) -> FloatArray:
    return np.atleast_1d(np.asarray(a, dtype=np.float64)).ravel()


def _mat(a: ArrayLike) -> FloatArray:
    m = np.asarray(a, dtype=np.float64)
    return m[None, :] if m.ndim == 1 else m


def portfolio_returns(returns: ArrayLike) -> FloatArray:
    r"""Equal-weighted portfolio returns :math:`R_{pt} = N_t^{-1}\sum_i R_{it}`.

    Parameters
    ----------
    returns
        ``(N, T)`` asset returns on common calendar dates, NaN where missing.

    Returns
    -------
    numpy.ndarray
        ``(T,)``; NaN on dates where no asset has a return.
    """
    r = _mat(returns)
    cnt = np.isfinite(r).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, np.nansum(r, axis=0) / cnt, np.nan)


def portfolio_test(
    car: float,
    se: float,
    dof: float,
    residuals: ArrayLike | None = None,
    window_length: int = 1,
    *,
    n_assets: int | None = None,
    alternative: Alternative = "two-sided",
) -> dict[str, AnyTest]:
    r"""Portfolio (time-series) approach: test the portfolio's CAR as one event.

    Parameters
    ----------
    car, se, dof
        CAR of the equal-weighted portfolio, its CLM standard error and the
        model's residual degrees of freedom.
    residuals
        The portfolio's estimation residuals, for the SQ test (optional).
    window_length
        :math:`L_2`.
    n_assets
        Number of assets in the portfolio (recorded in the note).
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    dict
        ``{"t": ..., "sq": ...}`` (``"sq"`` only when ``residuals`` is given),
        named ``"portfolio_t"`` and ``"portfolio_sq"``.

    Notes
    -----
    For assets sharing an event date, fit the model to
    :math:`R_{pt} = N^{-1}\sum_i R_{it}` and use the single-event t test
    (:func:`~eventstudy.stats.single.t_test`). The portfolio residual variance
    already contains every covariance term, so the test is immune to
    cross-sectional correlation (Brown & Warner 1980, 1985; Campbell, Lo &
    MacKinlay 1997, sec. 4.5).
    """
    note = "equal-weighted portfolio" + (f" of {n_assets} assets" if n_assets else "")
    out: dict[str, AnyTest] = {}
    tt = t_test(car, se, dof, alternative=alternative)
    out["t"] = replace(tt, name="portfolio_t") if isinstance(tt, NotComputable) else replace(
        tt, name="portfolio_t", note=note)
    if residuals is not None:
        sq = sq_test(car, residuals, window_length, alternative=alternative)
        out["sq"] = replace(sq, name="portfolio_sq") if isinstance(sq, NotComputable) else (
            replace(sq, name="portfolio_sq", note=f"{note}; {sq.note}"))
    return out


def portfolio_from_returns(
    returns: ArrayLike,
    benchmark: ArrayLike | None,
    estimation_mask: ArrayLike,
    event_mask: ArrayLike,
    *,
    alternative: Alternative = "two-sided",
) -> dict[str, AnyTest]:
    r"""Form the equal-weighted portfolio, fit the model, and run :func:`portfolio_test`.

    Parameters
    ----------
    returns
        ``(N, T)`` asset returns on common calendar dates (NaN missing).
    benchmark
        ``(T,)`` benchmark returns (market model), or None (constant mean).
    estimation_mask, event_mask
        ``(T,)`` booleans selecting estimation and event-window dates.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    dict
        As :func:`portfolio_test`.

    Notes
    -----
    Uses :mod:`eventstudy.models.core`: :math:`\widehat{CAR}_p` and
    :math:`\operatorname{Var}(CAR_p) = \hat\sigma_p^2\,\iota'(I+X^*(X'X)^{-1}X^{*\prime})\iota`.
    """
    r = _mat(returns)
    rp = portfolio_returns(r)
    est = np.asarray(estimation_mask, dtype=bool)
    ev = np.asarray(event_mask, dtype=bool)
    if benchmark is None:
        fit = core.fit_constant_mean(rp[est][None, :])
        xe = None
        ar = core.abnormal(fit, rp[ev][None, :])
        resid = core.abnormal(fit, rp[est][None, :])[0]
    else:
        bm = _vec(benchmark)
        fit = core.fit_market(rp[est][None, :], bm[est][None, :])
        xe = bm[ev][None, :]
        ar = core.abnormal(fit, rp[ev][None, :], xe)
        resid = core.abnormal(fit, rp[est][None, :], bm[est][None, :])[0]
    used = np.isfinite(ar)
    car = float(np.where(used, ar, 0.0).sum())
    se = float(np.sqrt(core.car_variance(fit, xe, used)[0]))
    return portfolio_test(car, se, float(fit.dof[0]), resid, int(used.sum()),
                          n_assets=r.shape[0], alternative=alternative)


# --------------------------------------------------------------------------- event time
@dataclass(frozen=True)
class EventTimeCar:
    r"""Test of a group CAR by the event-time portfolio (Brown & Warner 1985).

    Attributes
    ----------
    car
        :math:`\overline{CAR} = N^{-1}\sum_i CAR_i`.
    se
        :math:`\sqrt{L_2}\,S(\overline{AR})`.
    s
        :math:`S(\overline{AR})`, the time-series standard deviation of the
        averaged estimation-window residuals.
    n_days
        :math:`L_2`, relative days in the window with at least one member AR.
    dof
        :math:`L_1 - 1`.
    l1
        :math:`L_1`, estimation relative days with at least one member residual.
    t, sq
        Student-t and SQ tests.
    """

    car: float
    se: float
    s: float
    n_days: int
    dof: int
    l1: int
    t: AnyTest
    sq: AnyTest


def event_time_car(residuals: pd.DataFrame, abnormal: pd.DataFrame) -> EventTimeCar:
    r"""Test the mean CAR of several assets, each on its own calendar, in event time.

    Parameters
    ----------
    residuals
        Estimation-window residuals, index = relative day :math:`t` (consecutive
        sessions of each member's own calendar), one column per member; NaN
        where a member's return is missing or the day is excluded.
    abnormal
        Event-window abnormal returns, index = relative day :math:`\tau`, one
        column per member; NaN outside that member's window or where its
        return is missing.

    Returns
    -------
    EventTimeCar

    Notes
    -----
    With :math:`N_t` the members observed on relative day :math:`t`,

    .. math::

        \overline{AR}_t = \frac{1}{N_t}\sum_{i} \hat e_{it}, \qquad
        S^2(\overline{AR}) = \frac{1}{L_1 - 1}\sum_{t \in \text{est}}
            \Bigl(\overline{AR}_t - \overline{\overline{AR}}\Bigr)^2,

    .. math::

        \overline{CAR} = \frac{1}{N}\sum_{i=1}^{N} CAR_i, \qquad
        t = \frac{\overline{CAR}}{\sqrt{L_2}\,S(\overline{AR})} \sim t(L_1 - 1),

    where :math:`CAR_i` sums member :math:`i`'s abnormal returns over its own
    window and :math:`L_2` is the number of relative days in the window
    (Brown & Warner 1985, section 3 "crude dependence adjustment"; 1980,
    section 4). Because :math:`S` is the standard deviation of the *average*
    through time, any correlation between members' residuals is in it; the
    cross-sectional :math:`t = \sqrt{N}\,\overline{CAR}/s(CAR_i)` and the
    Patell and BMP tests assume independence and over-reject when members
    react on the same dates (Kolari & Pynnönen 2010). As in Brown & Warner
    the estimation error of each member's normal-return model is ignored
    (it is :math:`O(1/L_1)`). The SQ test (Gelbach, Helland & Klick 2013)
    compares :math:`\overline{CAR}` with the overlapping :math:`L_2`-day sums
    of the same averaged residual series :math:`\overline{AR}_t`
    (:func:`eventstudy.stats.single.sq_test`). When every member has an
    abnormal return on every window day, :math:`\overline{CAR} =
    \sum_\tau \overline{AR}_\tau`.

    References
    ----------
    Brown, S. J. & Warner, J. B. (1980). Measuring security price
    performance. *Journal of Financial Economics* 8, 205-258.
    Brown, S. J. & Warner, J. B. (1985). Using daily stock returns: the case
    of event studies. *Journal of Financial Economics* 14, 3-31.
    Kolari, J. W. & Pynnönen, S. (2010). Event study testing with
    cross-sectional correlation of abnormal returns. *Review of Financial
    Studies* 23, 3996-4025.
    Gelbach, J., Helland, E. & Klick, J. (2013). Valid inference in
    single-firm, single-event studies. *American Law and Economics Review* 15.
    """
    res = residuals.sort_index()
    full = pd.RangeIndex(int(res.index.min()), int(res.index.max()) + 1)
    aar = res.reindex(full).mean(axis=1, skipna=True)  # NaN where no member observed
    ok = aar.notna()
    l1 = int(ok.sum())
    s = float(aar[ok].std(ddof=1)) if l1 >= 2 else float("nan")
    member_cars = abnormal.sum(axis=0, min_count=1)
    car = float(member_cars.mean()) if member_cars.notna().all() else float("nan")
    l2 = int(abnormal.notna().any(axis=1).sum())
    se = math.sqrt(l2) * s if l2 and math.isfinite(s) else float("nan")
    dof = l1 - 1
    t_res = t_test(car, se, dof)
    sq_res = sq_test(car, aar.to_numpy(), max(l2, 1))
    return EventTimeCar(car, se, s, l2, dof, l1, t_res, sq_res)
