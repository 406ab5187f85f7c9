r"""Single-event tests (N = 1): t, SQ, and the smallest effect they detect.

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

The volatility regime and the local placebo test are in
:mod:`eventstudy.stats.regime`; the GARCH-standardised test in
:mod:`eventstudy.stats.garch`.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from eventstudy.stats.results import (
    Alternative,
    NotComputable,
    TestResult,
    check_alternative,
    from_statistic,
)

FloatArray = NDArray[np.float64]

#: default minimum number of L2-day sums for :func:`sq_test` (see its Notes).
SQ_MIN_SUMS = 40

__all__ = [
    "SQ_MIN_SUMS",
    "minimum_detectable_effect",
    "overlapping_sums",
    "sq_pvalues",
    "sq_result",
    "sq_test",
    "t_result",
    "t_test",
]


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
    alternative = check_alternative(alternative)
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
    alternative = check_alternative(alternative)
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
    alternative = check_alternative(alternative)
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError(f"alpha and power must lie in (0, 1); got {alpha}, {power}")
    a = alpha / 2 if alternative == "two-sided" else alpha
    out = _mde_factor(float(a), float(power)) * np.asarray(se, dtype=np.float64)
    return float(out) if out.ndim == 0 else out
