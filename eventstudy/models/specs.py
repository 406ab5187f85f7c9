r"""Normal-return model specifications.

A spec is a frozen description of a model; :meth:`fit` returns a new frozen
:class:`~eventstudy.models.base.FittedModel` and never mutates the spec.
Each spec also builds its regressors from a benchmark already joined onto the
asset's sessions (:meth:`regressors`), so lags and leads are taken on the
asset's own session index.

References
----------
MacKinlay, A. C. (1997), Event studies in economics and finance, *J. Economic
Literature* 35, 13-39. Campbell, J. Y., Lo, A. W. & MacKinlay, A. C. (1997),
*The Econometrics of Financial Markets*, ch. 4. Dimson, E. (1979), Risk
measurement when shares are subject to infrequent trading, *J. Financial
Economics* 7, 197-226. Scholes, M. & Williams, J. (1977), Estimating betas
from nonsynchronous data, *J. Financial Economics* 5, 309-327. Brown, S. &
Warner, J. (1985), Using daily stock returns, *J. Financial Economics* 14, 3-31.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

import numpy as np
import pandas as pd

from eventstudy.models import core
from eventstudy.models.base import FittedModel, design_matrix
from eventstudy.models.join import join_factors

Method = Literal["core", "statsmodels"]

__all__ = [
    "MarketModel",
    "ConstantMeanModel",
    "MarketAdjustedModel",
    "DimsonModel",
    "FactorModel",
    "ScholesWilliamsModel",
    "ModelSpec",
]


def _clean(
    y: pd.Series, X: pd.DataFrame | pd.Series | None, columns: tuple[str, ...]
) -> tuple[pd.Series, pd.DataFrame | None]:
    """Drop days with a missing return or regressor (never fill them)."""
    y = pd.Series(y, dtype="float64")
    if not columns:
        return y.dropna(), None
    frame = X.to_frame(columns[0]) if isinstance(X, pd.Series) else X
    if frame is None:
        raise ValueError(f"this model needs regressors {list(columns)}")
    frame = frame.loc[:, list(columns)].reindex(y.index).astype("float64")
    ok = y.notna() & frame.notna().all(axis=1)
    return y[ok], frame[ok]


def _fit_statsmodels(
    name: str, y: pd.Series, X: pd.DataFrame | None, columns: tuple[str, ...]
) -> FittedModel:
    from statsmodels.regression.linear_model import OLS  # not statsmodels.api: 0.2 s less

    cols = ["const", *columns]
    exog = pd.DataFrame(design_matrix(X, y.index, columns), index=y.index, columns=cols)
    res = OLS(y, exog).fit()
    k = len(cols)
    r2 = float(res.rsquared) if k > 1 else float("nan")
    return FittedModel(
        model=name,
        method="statsmodels",
        params=pd.Series(res.params.to_numpy(), index=cols, name="params"),
        cov=pd.DataFrame(res.cov_params().to_numpy(), index=cols, columns=cols),
        sigma2=float(res.scale),
        dof=int(round(res.df_resid)),
        nobs=int(res.nobs),
        r2=r2,
        resid=pd.Series(res.resid.to_numpy(), index=y.index, name="resid"),
        xtx_inv=np.asarray(res.normalized_cov_params, dtype="float64"),
        columns=columns,
        y=y,
        X=X,
        extra={},
        _ols=res,
    )


class ModelSpec:
    """Base class of model specs (see the concrete classes)."""

    name: ClassVar[str] = ""
    #: number of estimated parameters (degrees of freedom lost)
    k: ClassVar[int] = 0

    @property
    def columns(self) -> tuple[str, ...]:
        """Regressor names (without the constant)."""
        return ()

    def regressors(
        self, benchmark: pd.Series | None, index: pd.DatetimeIndex
    ) -> pd.DataFrame | None:
        """Regressors on ``index`` (the asset's sessions); ``None`` if the model has none."""
        return None

    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Fit on estimation-window returns ``y`` (and regressors ``X``)."""
        raise NotImplementedError


def _market_frame(benchmark: pd.Series | None, index: pd.DatetimeIndex, name: str) -> pd.Series:
    if benchmark is None:
        raise ValueError(f"the {name} model needs a benchmark return series")
    return pd.Series(benchmark, dtype="float64").reindex(index)


class _OnMarket(ModelSpec):
    """Models with one regressor, ``market``: the benchmark's return."""

    @property
    def columns(self) -> tuple[str, ...]:  # noqa: D102
        return ("market",)

    def regressors(self, benchmark: pd.Series | None, index: pd.DatetimeIndex) -> pd.DataFrame:
        """One column, ``market``: the benchmark return on each asset session."""
        return _market_frame(benchmark, index, self.name).to_frame("market")


class _OnLeadLag(ModelSpec):
    """Models on the benchmark's previous, same and next session returns (thin trading)."""

    @property
    def columns(self) -> tuple[str, ...]:  # noqa: D102
        return ("market_lag1", "market", "market_lead1")

    def regressors(self, benchmark: pd.Series | None, index: pd.DatetimeIndex) -> pd.DataFrame:
        """Columns ``market_lag1``, ``market``, ``market_lead1`` (shifted by asset session)."""
        m = _market_frame(benchmark, index, self.name)
        return pd.DataFrame({"market_lag1": m.shift(1), "market": m, "market_lead1": m.shift(-1)})


@dataclass(frozen=True)
class MarketModel(_OnMarket):
    r"""Market model :math:`R_t = \alpha + \beta R_{mt} + \varepsilon_t` (OLS).

    Parameters
    ----------
    method
        ``"core"`` (closed form from per-event sums, :mod:`eventstudy.models.core`;
        the default) or ``"statsmodels"`` (``sm.OLS``). They agree to rounding.

    Notes
    -----
    .. math::

        \hat\beta = \frac{\sum (x_t-\bar x)(y_t-\bar y)}{\sum (x_t-\bar x)^2},\quad
        \hat\alpha = \bar y - \hat\beta\bar x,\quad
        \hat\sigma^2 = \frac{1}{L_1-2}\sum \hat\varepsilon_t^2 .

    References: MacKinlay (1997), eqs. (4)-(8); Campbell, Lo & MacKinlay
    (1997), ch. 4, eqs. (4.4.1)-(4.4.8).
    """

    method: Method = "core"
    name: ClassVar[str] = "market"
    k: ClassVar[int] = 2

    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Fit by OLS on the days where both returns are present."""
        y, X = _clean(y, X, self.columns)
        if self.method == "statsmodels":
            return _fit_statsmodels(self.name, y, X, self.columns)
        assert X is not None
        x = X["market"].to_numpy()
        f = core.fit_market(y.to_numpy(), x)
        n, xbar, sxx, s2 = f.n[0], f.xbar[0], f.sxx[0], f.sigma2[0]
        xtx_inv = np.array([[1.0 / n + xbar * xbar / sxx, -xbar / sxx], [-xbar / sxx, 1.0 / sxx]])
        cols = ["const", "market"]
        resid = y - (f.alpha[0] + f.beta[0] * X["market"])
        yc = (y - y.mean()).to_numpy()
        tss = float(yc @ yc)
        r2 = 1.0 - float(resid @ resid) / tss if tss > 0 else float("nan")
        return FittedModel(
            model=self.name,
            method="core",
            params=pd.Series([f.alpha[0], f.beta[0]], index=cols, name="params"),
            cov=pd.DataFrame(s2 * xtx_inv, index=cols, columns=cols),
            sigma2=float(s2),
            dof=int(n) - 2,
            nobs=int(n),
            r2=r2,
            resid=resid.rename("resid"),
            xtx_inv=xtx_inv,
            columns=self.columns,
            y=y,
            X=X,
            extra={},
        )


@dataclass(frozen=True)
class ConstantMeanModel(ModelSpec):
    r"""Constant-mean model :math:`R_t = \mu + \varepsilon_t`.

    Notes
    -----
    .. math::

        \hat\mu = \frac{1}{L_1}\sum R_t,\quad
        \hat\sigma^2 = \frac{1}{L_1-1}\sum (R_t-\hat\mu)^2,\quad
        V = \hat\sigma^2\Big(I + \tfrac{1}{L_1}\iota\iota'\Big).

    References: MacKinlay (1997); Campbell, Lo & MacKinlay (1997), ch. 4,
    eqs. (4.4.1)-(4.4.14) with :math:`X = \iota`.
    """

    method: Method = "core"
    name: ClassVar[str] = "constant_mean"
    k: ClassVar[int] = 1

    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Fit on the days with a return (``X`` is ignored)."""
        y, _ = _clean(y, None, ())
        if self.method == "statsmodels":
            return _fit_statsmodels(self.name, y, None, ())
        f = core.fit_constant_mean(y.to_numpy())
        n, s2 = f.n[0], f.sigma2[0]
        return FittedModel(
            model=self.name,
            method="core",
            params=pd.Series([f.alpha[0]], index=["const"], name="params"),
            cov=pd.DataFrame([[s2 / n]], index=["const"], columns=["const"]),
            sigma2=float(s2),
            dof=int(n) - 1,
            nobs=int(n),
            r2=float("nan"),
            resid=(y - f.alpha[0]).rename("resid"),
            xtx_inv=np.array([[1.0 / n]]),
            columns=(),
            y=y,
            X=None,
            extra={},
        )


@dataclass(frozen=True)
class MarketAdjustedModel(_OnMarket):
    r"""Market-adjusted returns: :math:`AR_t = R_t - R_{mt}` (:math:`\alpha=0, \beta=1` fixed).

    Notes
    -----
    Nothing is estimated except the variance of the abnormal return,

    .. math::

        \hat\sigma^2 = \frac{1}{L_1-1}\sum_{t}(AR_t - \overline{AR})^2,\qquad
        V = \hat\sigma^2 I,

    from the estimation-window abnormal returns (no parameter-estimation
    term, since the parameters are fixed). References: Brown & Warner (1985);
    Campbell, Lo & MacKinlay (1997), ch. 4.3.
    """

    name: ClassVar[str] = "market_adjusted"
    k: ClassVar[int] = 1  # the mean of AR used in the variance

    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Compute the estimation-window ARs and their variance."""
        y, X = _clean(y, X, self.columns)
        assert X is not None
        ar = (y - X["market"]).rename("resid")
        n = len(ar)
        s2 = float(((ar - ar.mean()) ** 2).sum() / (n - 1)) if n > 1 else float("nan")
        cols = ["const", "market"]
        return FittedModel(
            model=self.name,
            method="fixed",
            params=pd.Series([0.0, 1.0], index=cols, name="params"),
            cov=pd.DataFrame(np.zeros((2, 2)), index=cols, columns=cols),
            sigma2=s2,
            dof=n - 1,
            nobs=n,
            r2=float("nan"),
            resid=ar,
            xtx_inv=np.zeros((2, 2)),
            columns=self.columns,
            y=y,
            X=X,
            extra={},
        )


@dataclass(frozen=True)
class DimsonModel(_OnLeadLag):
    r"""Dimson (1979) lead/lag market model for asynchronous or thin trading.

    .. math::

        R_t = \alpha + \beta_{-1} R_{m,t-1} + \beta_0 R_{m,t} + \beta_{+1} R_{m,t+1}
        + \varepsilon_t,\qquad \beta^{D} = \beta_{-1} + \beta_0 + \beta_{+1},

    fitted by OLS (statsmodels) with :math:`L_1 - 4` degrees of freedom;
    lags and leads are taken on the asset's own sessions (the benchmark being
    joined trade-to-trade). The summed beta :math:`\beta^D` and its standard
    error :math:`\sqrt{\iota'\,\widehat{\operatorname{Cov}}(\hat\beta)\,\iota}`
    are reported in ``extra``. Abnormal returns use the full fitted equation,
    so :math:`V = \hat\sigma^2(I + X^*(X'X)^{-1}X^{*\prime})` is exact.

    References: Dimson, E. (1979), *J. Financial Economics* 7, 197-226;
    Campbell, Lo & MacKinlay (1997), ch. 4.
    """

    name: ClassVar[str] = "dimson"
    k: ClassVar[int] = 4


    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Fit by OLS on the days where the return and all three regressors exist."""
        y, X = _clean(y, X, self.columns)
        fitted = _fit_statsmodels(self.name, y, X, self.columns)
        b = fitted.params[list(self.columns)]
        c = fitted.cov.loc[list(self.columns), list(self.columns)].to_numpy()
        extra = {"beta_sum": float(b.sum()), "beta_sum_se": float(np.sqrt(c.sum()))}
        return replace(fitted, extra=extra)


@dataclass(frozen=True, eq=False)
class FactorModel(ModelSpec):
    r"""Multi-factor model on user-supplied factor returns, joined by date.

    .. math::

        R_t = \alpha + \sum_{j=1}^{K} \beta_j F_{jt} + \varepsilon_t,\qquad
        \hat\sigma^2 = \frac{SSR}{L_1 - K - 1},

    OLS via statsmodels. Factors are joined onto the asset's sessions by
    date (:func:`~eventstudy.models.join.join_factors`); a session with no
    factor row is dropped from estimation, never filled by position.

    Parameters
    ----------
    factors
        Factor returns, one column per factor, indexed by date.
    include_market
        Also include the benchmark return as a ``market`` column.

    References: Campbell, Lo & MacKinlay (1997), ch. 4.3; MacKinlay (1997).
    """

    factors: pd.DataFrame = field(default_factory=pd.DataFrame)
    include_market: bool = False
    name: ClassVar[str] = "factor"

    @property
    def columns(self) -> tuple[str, ...]:  # noqa: D102
        cols = tuple(str(c) for c in self.factors.columns)
        return (("market",) if self.include_market else ()) + cols

    @property
    def k(self) -> int:  # type: ignore[override]  # noqa: D102
        return len(self.columns) + 1

    def regressors(self, benchmark: pd.Series | None, index: pd.DatetimeIndex) -> pd.DataFrame:
        """Factor columns joined by date (plus ``market`` if requested)."""
        if self.factors.shape[1] == 0:
            raise ValueError("FactorModel needs at least one factor column")
        frame = join_factors(self.factors, index)
        if self.include_market:
            frame.insert(0, "market", _market_frame(benchmark, index, self.name).to_numpy())
        return frame

    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Fit by OLS on the days where the return and every factor exist."""
        y, X = _clean(y, X, self.columns)
        return _fit_statsmodels(self.name, y, X, self.columns)


@dataclass(frozen=True)
class ScholesWilliamsModel(_OnLeadLag):
    r"""Scholes–Williams (1977) beta for nonsynchronous (thin) trading.

    .. math::

        \hat\beta^{SW} = \frac{\hat b^{-} + \hat b^{0} + \hat b^{+}}{1 + 2\hat\rho_m},
        \qquad \hat\alpha^{SW} = \bar R - \hat\beta^{SW}\bar R_m,

    where :math:`\hat b^{-}, \hat b^{0}, \hat b^{+}` are the OLS slopes of
    :math:`R_t` on :math:`R_{m,t-1}`, :math:`R_{m,t}` and :math:`R_{m,t+1}`
    separately, and :math:`\hat\rho_m` the first-order autocorrelation of
    the market return, all over the estimation days where the return and the
    three market returns exist (lags and leads on the asset's own sessions).
    The abnormal return is :math:`AR_t = R_t - \hat\alpha^{SW} -
    \hat\beta^{SW}R_{mt}`; :math:`\hat\sigma^2 = SSR/(L_1-2)` and the
    prediction-error covariance uses the market model's
    :math:`\hat\sigma^2(I + X^*(X'X)^{-1}X^{*\prime})` with :math:`X = [1, R_m]`
    (an approximation: the SW estimator's own sampling variance is not the
    OLS one; EventStudyTools does the same). ``extra`` holds
    :math:`\hat b^{-}, \hat b^{0}, \hat b^{+}, \hat\rho_m`.

    References: Scholes, M. & Williams, J. (1977), *J. Financial Economics* 5,
    309-327, eqs. (13)-(14); Campbell, Lo & MacKinlay (1997), ch. 4.
    """

    name: ClassVar[str] = "scholes_williams"
    k: ClassVar[int] = 2


    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> FittedModel:
        """Estimate the SW beta and alpha on days where all four series exist."""
        y, X = _clean(y, X, self.columns)
        assert X is not None
        yv = y.to_numpy()
        slopes = []
        for col in self.columns:
            x = X[col].to_numpy()
            xc = x - x.mean()
            slopes.append(float(xc @ (yv - yv.mean()) / (xc @ xc)))
        lag, m = X["market_lag1"].to_numpy(), X["market"].to_numpy()
        rho = float(np.corrcoef(m, lag)[0, 1])
        beta = sum(slopes) / (1.0 + 2.0 * rho)
        alpha = float(yv.mean() - beta * m.mean())
        resid = (y - alpha - beta * X["market"]).rename("resid")
        n = len(y)
        ssr = float(np.square(resid.to_numpy()).sum())
        s2 = ssr / (n - 2)
        mc = m - m.mean()
        sxx = float(mc @ mc)
        xbar = float(m.mean())
        xtx_inv = np.array([[1.0 / n + xbar * xbar / sxx, -xbar / sxx], [-xbar / sxx, 1.0 / sxx]])
        cols = ["const", "market"]
        yc = yv - yv.mean()
        return FittedModel(
            model=self.name, method="scholes_williams",
            params=pd.Series([alpha, beta], index=cols, name="params"),
            cov=pd.DataFrame(s2 * xtx_inv, index=cols, columns=cols),
            sigma2=s2, dof=n - 2, nobs=n,
            r2=1.0 - ssr / float(yc @ yc),
            resid=resid, xtx_inv=xtx_inv, columns=("market",), y=y,
            X=X.loc[:, ["market"]],
            extra={"b_lag": slopes[0], "b_0": slopes[1], "b_lead": slopes[2], "rho_m": rho},
        )
