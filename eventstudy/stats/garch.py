r"""GARCH-standardised single-event test: the event window's variance forecast.

Where volatility clusters, the estimation window's constant variance misstates the
event window's; a GARCH(1,1) fitted on the estimation residuals (``arch``, an optional
dependency) forecasts each event day's conditional variance, and the CAR is tested
against their sum (:func:`garch_test`; the forecasts alone: :func:`garch_variance_forecast`).

References
----------
Bollerslev (1986), Generalized autoregressive conditional heteroskedasticity,
*J. Econometrics* 31, 307-327.
"""

from __future__ import annotations

import math
from typing import Any

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

__all__ = ["garch_test", "garch_variance_forecast"]


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
    alternative = check_alternative(alternative)
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
