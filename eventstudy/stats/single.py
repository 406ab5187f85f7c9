r"""Single-event tests (N = 1): t, SQ, GARCH-standardised z, volatility regime.

Every test returns a :class:`~eventstudy.stats.results.TestResult` or, when it
cannot be computed, a :class:`~eventstudy.stats.results.NotComputable` that
carries the reason. The vectorised helper :func:`sq_pvalues` computes the SQ
p-values for many events at once (the batch path and the calibration study
use it; :func:`sq_test` is a thin wrapper around it).

References
----------
Campbell, Lo & MacKinlay (1997), *The Econometrics of Financial Markets*, ch. 4.
Gelbach, Helland & Klick (2013), Valid inference in single-firm, single-event
studies, *American Law and Economics Review* 15(2), 495-541.
Bollerslev (1986), Generalized autoregressive conditional heteroskedasticity,
*J. Econometrics* 31, 307-327.
"""

from __future__ import annotations

import functools
import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from eventstudy.exceptions import VolatilityRegimeWarning
from eventstudy.stats.defaults import PRE_EVENT_SESSIONS  # (volatility_ratio's default)
from eventstudy.stats.results import Alternative, NotComputable, TestResult, from_statistic

FloatArray = NDArray[np.float64]

#: default threshold of :func:`check_volatility_regime` (see its Notes).
VOLATILITY_RATIO_THRESHOLD = 1.5
#: default minimum number of L2-day sums for :func:`sq_test` (see its Notes).
SQ_MIN_SUMS = 40
#: sessions on each side of day 0 in the local reference of :func:`local_pvalues`.
LOCAL_HALF_WIDTH = 60

__all__ = [
    "LOCAL_HALF_WIDTH",
    "PRE_EVENT_SESSIONS",
    "SQ_MIN_SUMS",
    "VOLATILITY_RATIO_THRESHOLD",
    "check_volatility_regime",
    "volatile_regime",
    "garch_test",
    "garch_variance_forecast",
    "local_pvalues",
    "minimum_detectable_effect",
    "overlapping_sums",
    "sq_pvalues",
    "sq_result",
    "sq_test",
    "t_result",
    "t_test",
    "volatility_ratio",
    "volatility_ratios",
    "window_vol_ratio",
]


def _check_alternative(alternative: str) -> Alternative:
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(
            f"alternative must be 'two-sided', 'greater' or 'less'; got {alternative!r}"
        )
    return alternative  # type: ignore[return-value]


# --------------------------------------------------------------------------- t test
def t_test(
    car: float, se: float, dof: float, *, alternative: Alternative = "two-sided"
) -> TestResult | NotComputable:
    r"""Student t test of a single CAR with the CLM prediction-error variance.

    Parameters
    ----------
    car
        Cumulative abnormal return over the event window.
    se
        Its standard error :math:`\sqrt{\iota' V \iota}` (including the
        estimation-error term, see :mod:`eventstudy.models.core`).
    dof
        Residual degrees of freedom of the normal-return model, :math:`L_1 - 2`
        for the market model, :math:`L_1 - 1` for constant mean.
    alternative
        ``"two-sided"``, ``"greater"`` (CAR > 0) or ``"less"`` (CAR < 0).

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` when ``se`` is not a positive finite number or
        ``dof < 1``.

    Notes
    -----
    .. math::

        t = \frac{\widehat{CAR}}{\sqrt{\hat\sigma^2\,\iota'(I + X^*(X'X)^{-1}X^{*\prime})\iota}}
        \sim t(L_1 - k) \text{ under } H_0: E[CAR] = 0,

    exact under normal iid disturbances (Campbell, Lo & MacKinlay 1997,
    eqs. 4.4.7-4.4.14; MacKinlay 1997).
    """
    alternative = _check_alternative(alternative)
    car, se, dof = float(car), float(se), float(dof)
    refused = _t_refusal(car, se, dof)
    if refused is not None:
        return refused
    return from_statistic(
        "t",
        car / se,
        cdf=lambda s: stats.t.cdf(s, dof),  # unfrozen: freezing costs ~1 ms per call
        sf=lambda s: stats.t.sf(s, dof),
        distribution=f"t({dof:g})",
        alternative=alternative,
        null="CAR = 0",
        n=1,
    )


def _t_refusal(car: float, se: float, dof: float) -> NotComputable | None:
    """Why :func:`t_test` cannot test this CAR (None when it can)."""
    if not (math.isfinite(se) and se > 0):
        return NotComputable("t", f"standard error must be positive and finite; got {se}")
    if not (math.isfinite(dof) and dof >= 1):
        return NotComputable("t", f"needs at least 1 residual degree of freedom; got {dof}")
    if not math.isfinite(car):
        return NotComputable("t", "CAR is missing (NaN)")
    return None


def t_result(car: float, se: float, dof: float, t: float, p_less: float,
             p_greater: float) -> TestResult | NotComputable:
    r"""Build the :func:`t_test` result from a statistic and tails computed elsewhere.

    For callers that computed :math:`t = CAR/se` and its Student-t tails
    :math:`F(t)`, :math:`1 - F(t)` for many CARs at once (the batch engine,
    :func:`eventstudy.batch.engine.estimate`); same refusals, fields and
    two-sided rule :math:`\min(1, 2\min(F, 1-F))` as :func:`t_test`.
    """
    car, se, dof = float(car), float(se), float(dof)
    refused = _t_refusal(car, se, dof)
    if refused is not None:
        return refused
    p_less, p_greater = float(p_less), float(p_greater)
    p_two = min(1.0, 2.0 * min(p_less, p_greater))
    return TestResult(name="t", statistic=float(t), pvalue=p_two, pvalue_two_sided=p_two,
                      pvalue_greater=p_greater, pvalue_less=p_less,
                      distribution=f"t({dof:g})", null="CAR = 0", alternative="two-sided",
                      n=1)


# --------------------------------------------------------------------------- SQ test
def overlapping_sums(residuals: ArrayLike, window_length: int) -> FloatArray:
    r"""Overlapping sums of ``window_length`` consecutive residuals, per row.

    Parameters
    ----------
    residuals
        ``(L1,)`` or ``(N, L1)``; NaN marks a missing day. Sums are taken over
        consecutive positions (columns), so pass residuals on consecutive
        sessions; a sum whose window contains a NaN is NaN.
    window_length
        :math:`L_2 \ge 1`.

    Returns
    -------
    numpy.ndarray
        ``(N, L1 - L2 + 1)``: :math:`s_j = \sum_{k=j}^{j+L_2-1} e_k`.
    """
    e = np.asarray(residuals, dtype=np.float64)
    e = e[None, :] if e.ndim == 1 else e
    n_obs = e.shape[1]
    length = int(window_length)
    if length < 1:
        raise ValueError(f"window_length must be >= 1; got {window_length}")
    if length > n_obs:
        return np.full((e.shape[0], 0), np.nan)
    ok = np.isfinite(e)
    zero = np.zeros((e.shape[0], 1))
    cs = np.concatenate([zero, np.cumsum(np.where(ok, e, 0.0), axis=1)], axis=1)
    cn = np.concatenate([zero, np.cumsum(ok, axis=1, dtype=np.float64)], axis=1)
    sums = cs[:, length:] - cs[:, :-length]
    count = cn[:, length:] - cn[:, :-length]
    return np.where(count == length, sums, np.nan)


def sq_pvalues(
    cars: ArrayLike, residuals: ArrayLike, window_length: int, *, chunk: int = 20_000
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    r"""Vectorised SQ p-values for many events (see :func:`sq_test`).

    Parameters
    ----------
    cars
        ``(N,)`` event CARs (or ARs when ``window_length == 1``).
    residuals
        ``(N, L1)`` estimation-window residuals on consecutive sessions, NaN
        for missing days.
    window_length
        :math:`L_2`, the number of days summed into each CAR.
    chunk
        Events processed per block (bounds memory at ``chunk * L1`` floats).

    Returns
    -------
    p_greater, p_less, p_two_sided, n_sums
        Arrays ``(N,)``. ``n_sums`` is :math:`M`, the number of complete
        L2-day sums; p-values are NaN where :math:`M = 0` or the CAR is NaN.

    Notes
    -----
    With :math:`s_1, \dots, s_M` the complete overlapping sums,

    .. math::

        p_{>} = \frac{1 + \#\{j : s_j \ge CAR\}}{M + 1},\quad
        p_{<} = \frac{1 + \#\{j : s_j \le CAR\}}{M + 1},\quad
        p_{\ne} = \min(1, 2\min(p_{>}, p_{<})).
    """
    c = np.atleast_1d(np.asarray(cars, dtype=np.float64))
    e = np.asarray(residuals, dtype=np.float64)
    e = e[None, :] if e.ndim == 1 else e
    if e.shape[0] != c.shape[0]:
        raise ValueError(
            f"cars has {c.shape[0]} events but residuals has {e.shape[0]} rows"
        )
    n = c.shape[0]
    ge = np.zeros(n)
    le = np.zeros(n)
    m = np.zeros(n)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        s = overlapping_sums(e[lo:hi], window_length)
        ok = np.isfinite(s)
        cc = c[lo:hi, None]
        ge[lo:hi] = (ok & (s >= cc)).sum(axis=1)
        le[lo:hi] = (ok & (s <= cc)).sum(axis=1)
        m[lo:hi] = ok.sum(axis=1)
    bad = (m == 0) | ~np.isfinite(c)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_g = np.where(bad, np.nan, (1.0 + ge) / (m + 1.0))
        p_l = np.where(bad, np.nan, (1.0 + le) / (m + 1.0))
    p_two = np.minimum(1.0, 2.0 * np.minimum(p_g, p_l))
    return p_g, p_l, p_two, m


def sq_test(
    car: float,
    residuals: ArrayLike,
    window_length: int,
    *,
    alternative: Alternative = "two-sided",
    min_sums: int = SQ_MIN_SUMS,
) -> TestResult | NotComputable:
    r"""SQ test: the event CAR against the empirical distribution of residual sums.

    Gelbach, Helland & Klick (2013) compare the event-window abnormal return
    with the empirical quantiles of the estimation-window residuals instead
    of a normal or t distribution, which makes the test valid for a single
    event under fat tails, skewness or any other stationary residual law.

    Parameters
    ----------
    car
        The event AR (``window_length == 1``) or CAR.
    residuals
        Estimation-window residuals on consecutive sessions (1-D; a pandas
        Series is fine). NaN marks a missing day; sums that touch it are dropped.
    window_length
        :math:`L_2`, the number of event-window days summed into ``car``.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    min_sums
        Minimum number :math:`M` of complete L2-day sums. The default 40 is the
        smallest :math:`M` for which a two-sided p-value can reach 0.05
        (:math:`2/(M+1) \le 0.05`).

    Returns
    -------
    TestResult or NotComputable
        ``statistic`` is the CAR itself; ``NotComputable`` if :math:`M <`
        ``min_sums`` or the CAR is NaN.

    Notes
    -----
    Let :math:`s_j = \sum_{k=j}^{j+L_2-1}\hat e_k`, :math:`j = 1, \dots, M`, be
    the overlapping :math:`L_2`-day sums of the :math:`L_1` estimation
    residuals (:math:`M = L_1 - L_2 + 1` without gaps). The p-values count the
    event itself among the reference values (ties count as "at least as
    extreme"):

    .. math::

        p_{>} = \frac{1 + \#\{j : s_j \ge CAR\}}{M + 1}, \qquad
        p_{<} = \frac{1 + \#\{j : s_j \le CAR\}}{M + 1}, \qquad
        p_{\ne} = \min\bigl(1,\; 2\min(p_{>}, p_{<})\bigr).

    If the event sum is exchangeable with the :math:`M` reference sums its
    rank is uniform on :math:`\{1,\dots,M+1\}`, so
    :math:`P(p_{>} \le \alpha) \le \alpha` exactly in finite samples (the
    "+1" convention; a bare share :math:`\#\{s_j \ge CAR\}/M` over-rejects by
    up to :math:`1/M`). The two-sided test rejects at level :math:`\alpha`
    exactly when the CAR lies outside the empirical
    :math:`\alpha/2` and :math:`1-\alpha/2` quantiles, as in GHK (2013).
    Resolution is :math:`1/(M+1)`: use :math:`L_1 \ge 250` where possible.
    Overlapping sums are dependent, and in-sample residuals have variance
    :math:`\sigma^2(1-h_t)` rather than the prediction-error
    :math:`\sigma^2(1+h_t)`; both effects are :math:`O(1/L_1)` (see
    ``docs/calibration.md`` for the simulated size).

    References
    ----------
    Gelbach, J. B., Helland, E., & Klick, J. (2013). Valid inference in
    single-firm, single-event studies. *American Law and Economics Review*,
    15(2), 495-541.
    """
    alternative = _check_alternative(alternative)
    length = int(window_length)
    name = "sq"
    car = float(car)
    if not math.isfinite(car):
        return NotComputable(name, "CAR is missing (NaN)")
    p_g, p_l, p_two, m = sq_pvalues([car], np.asarray(residuals, dtype=np.float64), length)
    return sq_result(car, length, p_g[0], p_l[0], p_two[0], int(m[0]),
                     alternative=alternative, min_sums=min_sums)


def sq_result(car: float, window_length: int, p_greater: float, p_less: float,
              p_two_sided: float, n_sums: int, *, alternative: Alternative = "two-sided",
              min_sums: int = SQ_MIN_SUMS) -> TestResult | NotComputable:
    """Build the :func:`sq_test` result from :func:`sq_pvalues` output (one event).

    Callers that ran :func:`sq_pvalues` on many events at once (the study
    path's engine) build each event's result here: the same refusal below
    ``min_sums`` sums, fields and wording as :func:`sq_test`.
    """
    name = "sq"
    length = int(window_length)
    if n_sums < min_sums:
        return NotComputable(
            name,
            f"needs at least {min_sums} complete {length}-day sums of estimation residuals; "
            f"got {n_sums} (lengthen the estimation window)",
            n=n_sums,
        )
    pv = {"two-sided": p_two_sided, "greater": p_greater, "less": p_less}
    kind = "overlapping sums" if length > 1 else "residuals"
    return TestResult(
        name=name,
        statistic=float(car),
        pvalue=float(pv[alternative]),
        pvalue_two_sided=float(p_two_sided),
        pvalue_greater=float(p_greater),
        pvalue_less=float(p_less),
        distribution=f"empirical (M={n_sums} {length}-day {kind})",
        null="CAR drawn from the estimation-window residual distribution",
        alternative=alternative,
        n=1,
        note="p = (1 + #{sums at least as extreme}) / (M + 1)",
    )


# --------------------------------------------------------------------------- volatility regime
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
        As :func:`sq_pvalues`, whose counting rule (event counted among the
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


# --------------------------------------------------------------------------- GARCH
def garch_variance_forecast(
    residuals: ArrayLike,
    horizon: int,
    *,
    gap_residuals: ArrayLike | None = None,
    offset: int = 0,
) -> FloatArray:
    r"""GARCH(1,1) conditional-variance forecasts for the event window (needs ``arch``).

    Parameters
    ----------
    residuals
        Estimation-window residuals (NaNs dropped); the model is fitted on them.
    horizon
        Number of event-window days :math:`L_2`.
    gap_residuals
        Abnormal returns observed between the end of the estimation window and
        the event window (e.g. days -10..-1); the fitted recursion is run
        through them, parameters fixed, before forecasting.
    offset
        Unobserved sessions between the last residual and the first event day.

    Returns
    -------
    numpy.ndarray
        ``(horizon,)`` forecasts :math:`\hat\sigma^2_{T+offset+1|T}, \dots`.

    Raises
    ------
    ImportError
        If ``arch`` is not installed.
    """
    from arch import arch_model  # lazy: optional dependency

    e = np.asarray(residuals, dtype=np.float64)
    e = e[np.isfinite(e)]
    scale = float(np.std(e))
    if not scale > 0:
        raise ValueError("residuals have zero variance")
    fit = arch_model(e / scale, mean="Zero", vol="GARCH", p=1, q=1, rescale=False).fit(
        disp="off", show_warning=False
    )
    data = e
    if gap_residuals is not None:
        g = np.asarray(gap_residuals, dtype=np.float64)
        data = np.concatenate([e, g[np.isfinite(g)]])
    # the fit's parameters, filtered through the gap's residuals as well when there are any
    filtered = fit if data.size == e.size else arch_model(
        data / scale, mean="Zero", vol="GARCH", p=1, q=1, rescale=False).fix(fit.params)
    h = int(offset) + int(horizon)
    var = filtered.forecast(horizon=h, reindex=False).variance.to_numpy()[-1, int(offset):]
    return np.asarray(var, dtype=np.float64) * scale * scale


def garch_test(
    car: float,
    residuals: ArrayLike,
    window_length: int,
    *,
    gap_residuals: ArrayLike | None = None,
    offset: int = 0,
    alternative: Alternative = "two-sided",
    min_obs: int = 100,
) -> TestResult | NotComputable:
    r"""GARCH(1,1)-standardised z test of a single CAR.

    Parameters
    ----------
    car
        Event-window CAR over ``window_length`` days.
    residuals
        Estimation-window residuals of the normal-return model.
    window_length
        :math:`L_2`.
    gap_residuals, offset
        See :func:`garch_variance_forecast`.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    min_obs
        Minimum number of residuals for the GARCH fit (default 100).

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` if ``arch`` is missing, too few residuals, or the
        fit fails.

    Notes
    -----
    Fit :math:`e_t = \sigma_t z_t`,
    :math:`\sigma_t^2 = \omega + \alpha e_{t-1}^2 + \beta\sigma_{t-1}^2`
    (Bollerslev 1986) by Gaussian QML on the estimation residuals, then

    .. math::

        z = \frac{CAR}{\sqrt{\sum_{h} \hat\sigma^2_{T+h\mid T}}}
        \;\approx\; N(0, 1),

    summing the forecasts over the event-window days. Because GARCH
    innovations are a martingale difference sequence, the conditional
    variance of the sum equals the sum of forecast variances; the
    approximations are (i) the normal reference distribution (a sum of
    GARCH innovations is fat-tailed for small :math:`L_2`), (ii) ignoring
    the estimation error of the GARCH parameters and of the normal-return
    model (the :math:`X^*(X'X)^{-1}X^{*\prime}` term, :math:`O(1/L_1)`).
    """
    alternative = _check_alternative(alternative)
    name = "garch"
    car = float(car)
    if not math.isfinite(car):
        return NotComputable(name, "CAR is missing (NaN)")
    e = np.asarray(residuals, dtype=np.float64)
    n_obs = int(np.isfinite(e).sum())
    if n_obs < min_obs:
        return NotComputable(
            name, f"needs at least {min_obs} estimation residuals for a GARCH(1,1) fit; got {n_obs}"
        )
    try:
        var = garch_variance_forecast(
            e, int(window_length), gap_residuals=gap_residuals, offset=offset
        )
    except ImportError:
        return NotComputable(
            name,
            "the optional 'arch' package is not installed (pip install 'eventstudy-news[garch]')",
        )
    except (ValueError, np.linalg.LinAlgError) as exc:  # degenerate data
        return NotComputable(name, f"GARCH(1,1) fit failed: {exc}")
    total = float(np.sum(var))
    if not (math.isfinite(total) and total > 0):
        return NotComputable(name, "GARCH(1,1) variance forecast is not positive")
    norm: Any = stats.norm
    return from_statistic(
        name,
        car / math.sqrt(total),
        cdf=norm.cdf,
        sf=norm.sf,
        distribution="N(0,1)",
        alternative=alternative,
        null="CAR = 0",
        n=1,
        note=f"GARCH(1,1) forecast variance summed over {int(window_length)} day(s)",
    )


# --------------------------------------------------------------------------- MDE
@functools.lru_cache(maxsize=64)
def _mde_factor(a: float, power: float) -> float:
    """:math:`z_{1-a} + z_{power}` (cached: one study asks for the same few levels)."""
    return float(stats.norm.ppf(1 - a) + stats.norm.ppf(power))


def minimum_detectable_effect(
    se: ArrayLike,
    alpha: float = 0.05,
    power: float = 0.8,
    alternative: Alternative = "greater",
) -> float | FloatArray:
    r"""Smallest true CAR a z test of level ``alpha`` detects with probability ``power``.

    Parameters
    ----------
    se
        Standard error(s) of the CAR, scalar or array.
    alpha
        Test level (default 0.05).
    power
        Target power (default 0.8).
    alternative
        One-sided (``"greater"``/``"less"``, default, as for claims) uses
        :math:`z_{1-\alpha}`; ``"two-sided"`` uses :math:`z_{1-\alpha/2}`.

    Returns
    -------
    float or numpy.ndarray
        The (positive) minimum detectable effect, same shape as ``se``.

    Notes
    -----
    .. math::

        MDE = (z_{1-\alpha} + z_{\text{power}})\,\sqrt{\operatorname{Var}(CAR)},

    e.g. :math:`(1.645 + 0.842)\,se = 2.487\,se` at the defaults
    (methods.md section 6; the normal approximation to the t test).
    """
    alternative = _check_alternative(alternative)
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError(f"alpha and power must lie in (0, 1); got {alpha}, {power}")
    a = alpha / 2 if alternative == "two-sided" else alpha
    out = _mde_factor(float(a), float(power)) * np.asarray(se, dtype=np.float64)
    return float(out) if out.ndim == 0 else out
