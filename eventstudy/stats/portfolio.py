r"""Portfolio (time-series) approach for assets reacting to the same event.

Form the equal-weighted portfolio of the assets, fit the normal-return model
to it, and test its CAR as a single event. The portfolio's residual variance
contains every covariance term, so the test is immune to cross-sectional
correlation (Brown & Warner 1980, 1985; Campbell, Lo & MacKinlay 1997, sec. 4.5).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike

from eventstudy._typing import FloatArray
from eventstudy.models import core
from eventstudy.stats._common import AnyTest
from eventstudy.stats.results import Alternative, NotComputable
from eventstudy.stats.single import sq_test, t_test

__all__ = ["portfolio_from_returns", "portfolio_returns", "portfolio_test"]


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
        ``{"t": ..., "SQ": ...}`` (``"SQ"`` only when ``residuals`` is given).

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
    out["t"] = replace(tt, name="portfolio t") if isinstance(tt, NotComputable) else replace(
        tt, name="portfolio t", note=note)
    if residuals is not None:
        sq = sq_test(car, residuals, window_length, alternative=alternative)
        out["SQ"] = replace(sq, name="portfolio SQ") if isinstance(sq, NotComputable) else (
            replace(sq, name="portfolio SQ", note=f"{note}; {sq.note}"))
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
