r"""Vectorised closed-form core for the market and constant-mean models.

Every quantity the single-event and batch paths need reduces to a handful of
per-event sums over the estimation window, so many events are fitted at once
with array arithmetic and no per-event Python loop. Inputs are 2-D arrays of
shape ``(n_events, n_days)``; ``NaN`` marks a missing return (never zero), and
an observation is used only when both ``y`` and ``x`` are present.

Notes
-----
For the market model :math:`R_{it} = \alpha_i + \beta_i R_{mt} + \varepsilon_{it}`
fitted by OLS on :math:`L_1` estimation days,

.. math::

    \hat\beta = \frac{S_{xy}}{S_{xx}},\quad
    \hat\alpha = \bar y - \hat\beta \bar x,\quad
    \hat\sigma^2 = \frac{S_{yy} - \hat\beta S_{xy}}{L_1 - 2},

with centred sums :math:`S_{xx} = \sum x^2 - L_1\bar x^2` etc. The event-window
prediction-error covariance is
:math:`V = \hat\sigma^2 (I + X^*(X'X)^{-1}X^{*\prime})`, whose elements are

.. math::

    V_{st} = \hat\sigma^2\Big[\delta_{st} + \frac{1}{L_1}
        + \frac{(x^*_s - \bar x)(x^*_t - \bar x)}{S_{xx}}\Big],

so for a window of :math:`L_2` days
:math:`\operatorname{Var}(CAR) = \iota' V \iota = \hat\sigma^2\big[L_2 + L_2^2/L_1
+ (\sum_s x^*_s - L_2 \bar x)^2 / S_{xx}\big]`.
For the constant-mean model drop the slope terms and use :math:`L_1 - 1`
degrees of freedom. References: MacKinlay (1997), J. Econ. Literature 35,
13-39; Campbell, Lo & MacKinlay (1997), *The Econometrics of Financial
Markets*, ch. 4, eqs. (4.4.7)-(4.4.14).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eventstudy._typing import FloatArray


@dataclass(frozen=True)
class CoreFit:
    """Per-event OLS fit of the market (or constant-mean) model.

    All attributes are 1-D arrays of length ``n_events``. ``beta`` and ``sxx``
    are zero / NaN for the constant-mean model (``k = 1``).

    Attributes
    ----------
    alpha, beta
        Intercept (the mean for constant mean) and slope.
    sigma2
        Residual variance :math:`SSR/(n-k)`.
    n
        Number of usable estimation observations :math:`L_1`.
    xbar, sxx
        Mean of the benchmark and its centred sum of squares.
    k
        Number of parameters (2 market model, 1 constant mean).
    """

    alpha: FloatArray
    beta: FloatArray
    sigma2: FloatArray
    n: FloatArray
    xbar: FloatArray
    sxx: FloatArray
    k: int

    @property
    def dof(self) -> FloatArray:
        """Residual degrees of freedom :math:`L_1 - k`."""
        return self.n - self.k

    @property
    def sigma(self) -> FloatArray:
        """Residual standard deviation."""
        return np.sqrt(self.sigma2)


def _as2d(a: object) -> FloatArray:
    arr = np.asarray(a, dtype=np.float64)
    return arr[None, :] if arr.ndim == 1 else arr



def fit_market(y: FloatArray, x: FloatArray) -> CoreFit:
    """Fit the market model to every row of ``y`` on the matching row of ``x``.

    Parameters
    ----------
    y, x
        Arrays ``(n_events, L)`` of asset and benchmark returns over each
        event's estimation window; NaN marks a missing return.

    Returns
    -------
    CoreFit
        Per-event estimates (see the module notes for the formulas).
    """
    y = _as2d(y)
    x = _as2d(x)
    m = np.isfinite(y) & np.isfinite(x)
    y0 = np.where(m, y, 0.0)
    x0 = np.where(m, x, 0.0)
    n = m.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        xbar = x0.sum(axis=1) / n
        ybar = y0.sum(axis=1) / n
        xc = np.where(m, x0 - xbar[:, None], 0.0)
        yc = np.where(m, y0 - ybar[:, None], 0.0)
        sxx = np.einsum("ij,ij->i", xc, xc)
        sxy = np.einsum("ij,ij->i", xc, yc)
        syy = np.einsum("ij,ij->i", yc, yc)
        beta = sxy / sxx
        alpha = ybar - beta * xbar
        sigma2 = (syy - beta * sxy) / (n - 2)
    return CoreFit(alpha, beta, sigma2, n, xbar, sxx, k=2)


def fit_constant_mean(y: FloatArray) -> CoreFit:
    r"""Fit the constant-mean model :math:`R_{it} = \mu_i + \varepsilon_{it}` per row.

    Parameters
    ----------
    y
        Array ``(n_events, L)`` of estimation-window returns; NaN = missing.

    Returns
    -------
    CoreFit
        ``alpha`` holds :math:`\hat\mu`; ``sigma2 = SSR/(L_1-1)``.
    """
    y = _as2d(y)
    m = np.isfinite(y)
    n = m.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = np.where(m, y, 0.0).sum(axis=1) / n
        yc = np.where(m, y - mu[:, None], 0.0)
        sigma2 = np.einsum("ij,ij->i", yc, yc) / (n - 1)
    zeros = np.zeros_like(mu)
    return CoreFit(mu, zeros, sigma2, n, zeros, np.full_like(mu, np.nan), k=1)


def abnormal(fit: CoreFit, y: FloatArray, x: FloatArray | None = None) -> FloatArray:
    r"""Abnormal returns :math:`AR = R - (\hat\alpha + \hat\beta R_m)` per row."""
    y = _as2d(y)
    if fit.k == 1:
        return y - fit.alpha[:, None]
    return y - (fit.alpha[:, None] + fit.beta[:, None] * _as2d(x))


def ar_variance(fit: CoreFit, x: FloatArray | None, shape: tuple[int, int]) -> FloatArray:
    r"""Diagonal of :math:`V`: :math:`\hat\sigma^2[1 + 1/L_1 + (x^*-\bar x)^2/S_{xx}]`."""
    v = 1.0 + 1.0 / fit.n[:, None] + np.zeros(shape)
    if fit.k == 2:
        d = _as2d(x) - fit.xbar[:, None]
        v = v + d * d / fit.sxx[:, None]
    return fit.sigma2[:, None] * v


def car_variance(fit: CoreFit, x: FloatArray | None, mask: FloatArray) -> FloatArray:
    r"""Variance of the CAR over the days selected by ``mask`` (``\iota'V\iota``).

    Parameters
    ----------
    fit
        The per-event fit.
    x
        Benchmark returns over the event window, ``(n_events, L2)``; ignored
        for the constant-mean model.
    mask
        Boolean ``(n_events, L2)``: which event-window days enter the CAR
        (typically the days with a non-missing AR).

    Returns
    -------
    numpy.ndarray
        :math:`\hat\sigma^2[L_2 + L_2^2/L_1 + (\sum x^* - L_2\bar x)^2/S_{xx}]`
        per event, with :math:`L_2` the number of selected days.
    """
    mask = np.asarray(mask, dtype=bool)
    l2 = mask.sum(axis=1).astype(np.float64)
    v = l2 + l2 * l2 / fit.n
    if fit.k == 2:
        sx = np.where(mask, _as2d(x), 0.0).sum(axis=1)
        dev = sx - l2 * fit.xbar
        v = v + dev * dev / fit.sxx
    return fit.sigma2 * v
