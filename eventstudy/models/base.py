r"""Fitted normal-return model: parameters, residuals, prediction and its exact covariance.

Every model in :mod:`eventstudy.models` is linear in its regressors,
:math:`R_t = x_t'\theta + \varepsilon_t` with :math:`x_t` = (1, regressors),
so one frozen result type serves them all.

References
----------
MacKinlay, A. C. (1997), Event studies in economics and finance, *J. Economic
Literature* 35, 13-39. Campbell, J. Y., Lo, A. W. & MacKinlay, A. C. (1997),
*The Econometrics of Financial Markets*, ch. 4, eqs. (4.4.7)-(4.4.14).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from eventstudy.models.summary import Summary

__all__ = ["FittedModel", "design_matrix"]


def design_matrix(
    X: pd.DataFrame | pd.Series | None, index: pd.Index, columns: tuple[str, ...]
) -> np.ndarray:
    """Build ``[1, X]`` as a float array (``X`` columns in ``columns`` order)."""
    ones = np.ones((len(index), 1))
    if not columns:
        return ones
    if X is None:
        raise ValueError(f"this model needs regressors {list(columns)}; got none")
    frame = X.to_frame() if isinstance(X, pd.Series) else X
    if isinstance(X, pd.Series) and len(columns) == 1:
        frame = frame.set_axis(list(columns), axis=1)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"regressors {missing} missing; expected columns {list(columns)}")
    return np.column_stack([ones, frame.loc[:, list(columns)].to_numpy(dtype="float64")])


@dataclass(frozen=True, eq=False)
class FittedModel:
    r"""A normal-return model fitted on an estimation window (frozen).

    Attributes
    ----------
    model
        Model name (``market``, ``constant_mean``, ``market_adjusted``,
        ``dimson``, ``factor``).
    method
        ``"core"`` (closed form), ``"statsmodels"`` or ``"fixed"``
        (market-adjusted: no estimated parameters).
    params
        Coefficients, labelled (``const`` first, then the regressors).
    cov
        Covariance of ``params``, :math:`\hat\sigma^2 (X'X)^{-1}` (zeros for
        fixed parameters).
    sigma2
        Residual variance :math:`SSR/\mathrm{dof}`.
    dof
        Residual degrees of freedom :math:`L_1 - k`.
    nobs
        Usable estimation observations :math:`L_1`.
    r2
        Coefficient of determination (NaN when undefined).
    resid
        Estimation-window residuals, indexed by date.
    xtx_inv
        :math:`(X'X)^{-1}` (zeros for fixed parameters, so that
        :math:`V = \hat\sigma^2 I`).
    columns
        Regressor names (without the constant) that :meth:`predict` expects.
    y, X
        Estimation data (kept so :attr:`ols_results` can be built on demand).
    extra
        Model-specific derived quantities (e.g. Dimson's summed beta).
    """

    model: str
    method: str
    params: pd.Series
    cov: pd.DataFrame
    sigma2: float
    dof: int
    nobs: int
    r2: float
    resid: pd.Series
    xtx_inv: np.ndarray
    columns: tuple[str, ...]
    y: pd.Series
    X: pd.DataFrame | None
    extra: dict[str, float]
    _ols: Any = None

    # ------------------------------------------------------------------ vocabulary
    @property
    def sigma(self) -> float:
        r"""Residual standard deviation :math:`\hat\sigma`."""
        return float(np.sqrt(self.sigma2))

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors of ``params`` (NaN for fixed parameters)."""
        se = np.sqrt(np.diag(self.cov.to_numpy()))
        if self.method == "fixed":
            se = np.full_like(se, np.nan)
        return pd.Series(se, index=self.params.index, name="std_errors")

    @property
    def tstats(self) -> pd.Series:
        """``params / std_errors``."""
        return (self.params / self.std_errors).rename("tstats")

    @property
    def pvalues(self) -> pd.Series:
        r"""Two-sided p-values of ``tstats`` on :math:`t(\mathrm{dof})`."""
        t = self.tstats.to_numpy()
        return pd.Series(2 * sps.t.sf(np.abs(t), self.dof), index=self.params.index, name="pvalues")

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals for ``params`` (``lower``, ``upper`` columns)."""
        q = sps.t.ppf(0.5 + level / 2, self.dof)
        se = self.std_errors
        return pd.DataFrame({"lower": self.params - q * se, "upper": self.params + q * se})

    @cached_property
    def ols_results(self) -> Any:
        """The statsmodels ``RegressionResults`` of this fit (built on demand).

        ``None`` for the market-adjusted model, which estimates nothing.
        """
        if self._ols is not None:
            return self._ols
        if self.method == "fixed":
            return None
        from statsmodels.regression.linear_model import OLS  # not statsmodels.api: 0.2 s less

        exog = pd.DataFrame(
            design_matrix(self.X, self.y.index, self.columns),
            index=self.y.index,
            columns=["const", *self.columns],
        )
        return OLS(self.y, exog).fit()

    # ------------------------------------------------------------------ prediction
    def predict(
        self, X: pd.DataFrame | pd.Series | None = None, index: pd.Index | None = None
    ) -> pd.Series:
        r"""Predict normal (expected) returns :math:`\hat R_t = x_t^{*\prime}\hat\theta`.

        Parameters
        ----------
        X
            Event-window regressors (columns :attr:`columns`); ``None`` for the
            constant-mean model, then ``index`` gives the dates.
        index
            Dates, when ``X`` is ``None``.
        """
        idx = X.index if X is not None else index
        if idx is None:
            raise ValueError("pass X (regressors) or index (dates) to predict")
        D = design_matrix(X, idx, self.columns)
        return pd.Series(D @ self.params.to_numpy(), index=idx, name="expected_return")

    def prediction_cov(
        self, X: pd.DataFrame | pd.Series | None = None, index: pd.Index | None = None
    ) -> pd.DataFrame:
        r"""Exact covariance of the event-window prediction errors (abnormal returns).

        Notes
        -----
        .. math::

            V = \hat\sigma^2\left(I + X^*(X'X)^{-1}X^{*\prime}\right),

        with :math:`X^*` the event-window design rows (constant included). The
        second term is the estimation error of :math:`\hat\theta`; omitting it
        understates :math:`\operatorname{Var}(CAR) = \iota'V\iota`
        (MacKinlay 1997, eq. 8; Campbell, Lo & MacKinlay 1997, eq. 4.4.8).
        """
        idx = X.index if X is not None else index
        if idx is None:
            raise ValueError("pass X (regressors) or index (dates) to prediction_cov")
        D = design_matrix(X, idx, self.columns)
        V = self.sigma2 * (np.eye(len(idx)) + D @ self.xtx_inv @ D.T)
        return pd.DataFrame(V, index=idx, columns=idx)

    # ------------------------------------------------------------------ display
    def summary(self) -> Summary:
        """Parameter table and fit statistics (``as_text()`` / ``as_html()``)."""
        table = pd.DataFrame(
            {
                "params": self.params,
                "std_errors": self.std_errors,
                "tstats": self.tstats,
                "pvalues": self.pvalues,
            }
        )
        ci = self.conf_int()
        table["lower 95%"] = ci["lower"]
        table["upper 95%"] = ci["upper"]
        fit = pd.DataFrame(
            {"value": [self.nobs, self.dof, self.sigma, self.r2, *self.extra.values()]},
            index=["nobs", "dof", "sigma", "r2", *self.extra.keys()],
        )
        return Summary(f"{self.model} model ({self.method})", (("parameters", table), ("fit", fit)))

    def __str__(self) -> str:
        return self.summary().as_text()

    def __repr__(self) -> str:
        coef = ", ".join(f"{k}={v:.4g}" for k, v in list(self.params.items())[:4])
        return (f"<FittedModel {self.model} ({self.method}): {coef}; sigma={self.sigma:.4g}, "
                f"nobs={self.nobs}; .params, .resid, .summary()>")
