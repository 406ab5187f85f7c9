r"""The volatility regime of an event, and the local placebo test.

Is the estimation window's sigma still current?

A single-event test (t, SQ) assumes the residual variance of the estimation window
holds in the event window. In a volatile month it does not, and the tests over-reject
on real prices (docs/calibration.md). This module measures the regime and gives the
verdict rule's two guards: the residual volatility ratio of the sessions just before
the window (:func:`volatility_ratio`, :func:`window_vol_ratio`, vectorised
:func:`volatility_ratios`; the regime test :func:`volatile_regime`,
:func:`check_volatility_regime`) and the local placebo test, which ranks the event's
CAR among the same-length CARs of the ordinary sessions around it
(:func:`local_pvalues`).

References
----------
Campbell, Lo & MacKinlay (1997), *The Econometrics of Financial Markets*, ch. 4.
Gelbach, Helland & Klick (2013), Valid inference in single-firm, single-event
studies, *American Law and Economics Review* 15(2), 495-541.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from eventstudy.exceptions import VolatilityRegimeWarning
from eventstudy.stats.defaults import PRE_EVENT_SESSIONS  # (volatility_ratio's default)
from eventstudy.stats.single import sq_pvalues

FloatArray = NDArray[np.float64]

#: default threshold of :func:`check_volatility_regime` (see its Notes).
VOLATILITY_RATIO_THRESHOLD = 1.5
#: sessions on each side of day 0 in the local reference of :func:`local_pvalues`.
LOCAL_HALF_WIDTH = 60

__all__ = [
    "LOCAL_HALF_WIDTH",
    "VOLATILITY_RATIO_THRESHOLD",
    "check_volatility_regime",
    "local_pvalues",
    "volatile_regime",
    "volatility_ratio",
    "volatility_ratios",
    "window_vol_ratio",
]


def volatility_ratio(
    pre_event_returns: ArrayLike, sigma: float, *, n_sessions: int = PRE_EVENT_SESSIONS
) -> float:
    r"""Ratio of recent volatility to the estimation-window residual volatility.

    Parameters
    ----------
    pre_event_returns
        Abnormal returns (the fitted model's out-of-sample residuals) of the
        sessions before the event window, oldest first; the last
        ``n_sessions`` are used, NaNs dropped. Raw returns would include the
        market's risk and inflate the ratio by about :math:`1/\sqrt{1-R^2}`.
    sigma
        :math:`\hat\sigma`, the residual standard deviation of the fitted model.
    n_sessions
        Number of sessions before the event window (default 20).

    Returns
    -------
    float
        :math:`s_{pre}/\hat\sigma`, NaN when fewer than 5 usable returns remain
        or ``sigma`` is not positive.

    Notes
    -----
    .. math::

        VR = \frac{\sqrt{\frac{1}{n-1}\sum_{t=\tau_1-n}^{\tau_1-1}(AR_t-\overline{AR})^2}}
        {\hat\sigma},

    over the :math:`n = 20` sessions before the event window (methods.md
    section 5). A large ratio means the estimation window understates current
    volatility, so the t and SQ tests over-reject; see
    :func:`check_volatility_regime`.
    """
    r = np.asarray(pre_event_returns, dtype=np.float64).ravel()[-int(n_sessions):]
    r = r[np.isfinite(r)]
    sigma = float(sigma)
    if r.size < 5 or not (math.isfinite(sigma) and sigma > 0):
        return float("nan")
    return float(np.std(r, ddof=1) / sigma)


def window_vol_ratio(returns: pd.Series, window_start: pd.Timestamp, sigma: float, *,
                     n_sessions: int = PRE_EVENT_SESSIONS) -> float:
    r"""Volatility ratio of the ``n_sessions`` sessions just before a window's first day.

    The one place the ratio is computed from a return series: every row of
    ``car.csv`` (:attr:`eventstudy.stats.abnormal.CarResult.vol_ratio`, one
    per window), ``EventEstimate.vol_ratio`` (the window starting at day 0,
    used by the run's ``VolatilityRegimeWarning`` and the report's
    diagnostics table) and each claim's regime check
    (``eventstudy.claims.window_vol_ratio``, the same function). A claim on
    ``[0, +1]`` of an event that also has a ``[-20, -1]`` claim is thus
    compared with the sessions before day 0, the run-up with those before
    day -20.

    Parameters
    ----------
    returns
        The fitted model's abnormal returns (out-of-sample residuals
        :math:`R_t - \hat R_t`) on the asset's (or portfolio's) own sessions,
        indexed by date, NaN where missing (the complete session index: a
        missing return still counts as one of the ``n_sessions`` sessions).
        Pass abnormal returns, not raw returns: raw returns carry the
        market's risk and inflate the ratio by about :math:`1/\sqrt{1-R^2}`.
    window_start
        First session of the window.
    sigma
        :math:`\hat\sigma` of the fitted normal-return model.
    n_sessions
        Number of sessions before the window (default 20, methods section 5).

    Returns
    -------
    float
        :math:`s_{pre}/\hat\sigma` (NaN when fewer than 5 returns are usable),
        via :func:`volatility_ratio`.

    Notes
    -----
    .. math::

        VR = \frac{\operatorname{sd}(AR_{\tau_1-n}, \dots, AR_{\tau_1-1})}{\hat\sigma},
        \qquad n = 20,

    with :math:`\tau_1` the window's first session and sd the sample
    standard deviation (ddof 1) of the non-missing abnormal returns
    (docs/methods.md, volatility regime; Brown & Warner 1985 on event-period
    variance). :func:`volatility_ratios` is the vectorised form (batch path).
    """
    r = returns if returns.index.is_monotonic_increasing else returns.sort_index()
    stop = int(r.index.searchsorted(pd.Timestamp(window_start), side="left"))
    pre = r.iloc[max(0, stop - int(n_sessions)):stop]
    return volatility_ratio(pre.to_numpy(dtype=float), sigma, n_sessions=n_sessions)


def _gather(series: ArrayLike, positions: NDArray[np.int64]) -> FloatArray:
    """``series[positions]`` with NaN where a position falls outside the series.

    ``series`` is one series shared by every row of ``positions`` (1-D) or
    one series per row (2-D, ``(len(positions), n_sessions)``).
    """
    x = np.asarray(series, dtype=np.float64)
    out = np.full(positions.shape, np.nan)
    if x.ndim < 2:
        x = x.ravel()
        ok = (positions >= 0) & (positions < x.size)
        out[ok] = x[positions[ok]]
        return out
    ok = (positions >= 0) & (positions < x.shape[1])
    rows = np.broadcast_to(np.arange(x.shape[0])[:, None], positions.shape)
    out[ok] = x[rows[ok], positions[ok]]
    return out


def volatility_ratios(abnormal: ArrayLike, window_start: ArrayLike, sigma: ArrayLike, *,
                      n_sessions: int = PRE_EVENT_SESSIONS) -> FloatArray:
    r"""Vectorised :func:`window_vol_ratio` for many windows on one abnormal-return series.

    Parameters
    ----------
    abnormal
        ``(T,)`` one abnormal-return series shared by all windows, or
        ``(N, T)`` one series per event (each under its own fitted model).
        NaN = missing.
    window_start
        ``(N,)`` positions (0-based, into the series) of each window's first day.
    sigma
        ``(N,)`` :math:`\hat\sigma` of each event's fit.
    n_sessions
        Sessions before the window (default 20).

    Returns
    -------
    numpy.ndarray
        ``(N,)`` :math:`\operatorname{sd}(AR_{\tau_1-n..\tau_1-1})/\hat\sigma`
        (sample sd, ddof 1, of the non-missing values; NaN when fewer than 5
        remain or :math:`\hat\sigma \le 0`), the same number as
        :func:`window_vol_ratio` (docs/methods.md, volatility regime).
    """
    start = np.atleast_1d(np.asarray(window_start, dtype=np.int64))
    sig = np.broadcast_to(np.asarray(sigma, dtype=np.float64), start.shape)
    pos = start[:, None] + np.arange(-int(n_sessions), 0)[None, :]
    vals = _gather(abnormal, pos)
    n = np.isfinite(vals).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sd = np.nanstd(vals, axis=1, ddof=1)
    good = (n >= 5) & np.isfinite(sig) & (sig > 0)
    return np.where(good, sd / np.where(good, sig, 1.0), np.nan)


def local_pvalues(cars: ArrayLike, abnormal: ArrayLike, day0: ArrayLike,
                  window: tuple[int, int], blocked: ArrayLike | None = None, *,
                  half_width: int = LOCAL_HALF_WIDTH
                  ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    r"""Local placebo test: each CAR against the same-length sums of ordinary sessions nearby.

    The SQ idea (Gelbach, Helland & Klick 2013) with the reference sample
    taken from the *same period* as the event instead of the estimation
    window: the reference values are the :math:`L_2`-day sums of the fitted
    model's out-of-sample abnormal returns over the ``2 * half_width + 1``
    sessions centred on day 0, leaving out the event's own window and every
    ``blocked`` session (other events' windows). A move is significant only
    if it is extreme *for the time* (the volatility and drift of the
    surrounding sessions), not merely for the calmer estimation year.

    Parameters
    ----------
    cars
        ``(N,)`` event CARs over ``window``.
    abnormal
        ``(T,)`` abnormal returns on consecutive sessions (one series shared
        by all events) or ``(N, T)`` one series per event. NaN = missing.
    day0
        ``(N,)`` positions of day 0 in the series.
    window
        ``(tau1, tau2)`` relative to day 0; :math:`L_2 = 	au_2 - 	au_1 + 1`.
    blocked
        ``(T,)`` or ``(N, T)`` booleans: sessions that are not ordinary
        (other events' windows); None = none.
    half_width
        Sessions on each side of day 0 (default 60: 121 sessions).

    Returns
    -------
    p_greater, p_less, p_two_sided, n_sums
        As :func:`~eventstudy.stats.single.sq_pvalues`, whose counting rule (event counted among the
        reference values) is reused on the local reference.

    Notes
    -----
    With :math:`u_j`, :math:`j = 1..M`, the sums of :math:`L_2` consecutive
    ordinary sessions in :math:`[-h, h]` that do not touch the event window,

    .. math::

        p_{>} = rac{1 + \#\{j : u_j \ge CAR\}}{M + 1},\qquad
        p_{<} = rac{1 + \#\{j : u_j \le CAR\}}{M + 1}.

    Sessions after the event are used: the study is judged after the fact,
    and the volatility that surrounds an event is the relevant yardstick
    (Brown & Warner 1985 on event-period variance). The sums overlap, so for
    long windows the reference has few independent values (docs/methods.md).
    """
    c = np.atleast_1d(np.asarray(cars, dtype=np.float64))
    d0 = np.atleast_1d(np.asarray(day0, dtype=np.int64))
    a, b = int(window[0]), int(window[1])
    rel = np.arange(-int(half_width), int(half_width) + 1)
    pos = d0[:, None] + rel[None, :]
    vals = _gather(abnormal, pos)
    if blocked is not None:
        vals[_gather(np.asarray(blocked, dtype=bool), pos) == 1.0] = np.nan
    vals[:, (rel >= a) & (rel <= b)] = np.nan
    return sq_pvalues(c, vals, b - a + 1)


def volatile_regime(ratio: float, threshold: float = VOLATILITY_RATIO_THRESHOLD) -> bool:
    """Return whether ``ratio`` is over ``threshold`` (:func:`check_volatility_regime`'s rule)."""
    return math.isfinite(ratio) and ratio > threshold


def check_volatility_regime(
    ratio: float,
    *,
    threshold: float = VOLATILITY_RATIO_THRESHOLD,
    context: str = "",
    stacklevel: int = 2,
) -> bool:
    r"""Warn with :class:`VolatilityRegimeWarning` when the volatility ratio is large.

    Parameters
    ----------
    ratio
        Output of :func:`volatility_ratio`.
    threshold
        Warn when ``ratio > threshold`` (default 1.5).
    context
        Prefix for the message, e.g. ``"GM, event 'gm-layoffs'"``.
    stacklevel
        Passed to :func:`warnings.warn`.

    Returns
    -------
    bool
        True when the warning was issued.

    Notes
    -----
    Under the null of an unchanged iid normal regime,
    :math:`19\,VR^2 \sim \chi^2_{19}` (20 sessions), so
    :math:`P(VR > 1.5) = P(\chi^2_{19} > 42.75) \approx 0.0015`: the default
    threshold is rarely crossed by chance, and at 1.5 a nominal 5% two-sided
    t test rejects about 19% of the time (:math:`2\Phi(-1.96/1.5)`).
    """
    if not volatile_regime(ratio, threshold):
        return False
    where = f"{context}: " if context else ""
    warnings.warn(
        f"{where}abnormal-return volatility in the {PRE_EVENT_SESSIONS} sessions before the "
        "event window is "
        f"{ratio:.2f}x the estimation-window residual volatility (threshold {threshold:g}); "
        "the t and SQ tests will over-reject. Consider an estimation window that ends just "
        "before the event, or the GARCH-standardised test.",
        VolatilityRegimeWarning,
        stacklevel=stacklevel,
    )
    return True
