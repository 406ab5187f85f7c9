r"""Fama–French three- and five-factor and Carhart four-factor normal-return models.

Each is fitted on **excess** returns,

.. math::

    R_t - RF_t = \alpha + \sum_{j=1}^{K} \beta_j F_{jt} + \varepsilon_t ,

by OLS (statsmodels) with :math:`L_1 - K - 1` degrees of freedom, and predicts
the normal return :math:`\hat R_t = RF_t + \hat\alpha + \hat\beta' F_t`, so the
abnormal return :math:`AR_t = R_t - \hat R_t` is the excess-return residual
and its exact covariance is the usual
:math:`\hat\sigma^2(I + X^*(X'X)^{-1}X^{*\prime})` (:math:`RF_t` is known, not
estimated). Factors are the Data Library's daily series
(:func:`eventstudy.data.factors.load_factors`, fractions), joined onto the
asset's sessions **by date**: an estimation day without a factor row is
dropped, an event-window day without one is left without an abnormal return
(the pipeline refuses it outright).

======== ======================================== ===========================
kind     regressors :math:`F_t`                    reference
======== ======================================== ===========================
ff3      Mkt-RF, SMB, HML                          Fama & French (1993)
ff5      Mkt-RF, SMB, HML, RMW, CMA                Fama & French (2015)
carhart  Mkt-RF, SMB, HML, Mom                     Carhart (1997)
======== ======================================== ===========================

References
----------
Fama, E. F. & French, K. R. (1993), *J. Financial Economics* 33, 3-56;
(2015), *J. Financial Economics* 116, 1-22. Carhart, M. (1997), *J. Finance*
52, 57-82. Campbell, Lo & MacKinlay (1997), *The Econometrics of Financial
Markets*, ch. 4.3 (multi-factor normal-return models).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

import pandas as pd

from eventstudy.data.factors import FACTOR_COLUMNS, load_factors
from eventstudy.models.base import FittedModel
from eventstudy.models.join import join_factors
from eventstudy.models.specs import ModelSpec, _clean, _fit_statsmodels

__all__ = ["ExcessReturnFit", "FF3Model", "FF5Model", "CarhartModel", "FACTOR_MODELS"]


@dataclass(frozen=True, eq=False)
class ExcessReturnFit(FittedModel):
    r"""A fit on excess returns whose prediction adds back the risk-free rate.

    ``params``, ``resid``, ``y`` are those of the excess-return regression;
    :meth:`predict` returns :math:`RF_t + x_t'\hat\theta` (the column named
    ``offset`` of ``X``), a normal *total* return.
    """

    offset: str = "RF"

    def predict(self, X: pd.DataFrame | pd.Series | None = None,
                index: pd.Index | None = None) -> pd.Series:
        r"""Return the normal return :math:`RF_t + \hat\alpha + \hat\beta'F_t`."""
        if not isinstance(X, pd.DataFrame) or self.offset not in X.columns:
            raise ValueError(f"the {self.model} model predicts from a frame with an "
                             f"{self.offset!r} column (its regressors())")
        return (super().predict(X, index) + X[self.offset].astype("float64")).rename(
            "expected_return")


@dataclass(frozen=True, eq=False)
class _ExcessFactorModel(ModelSpec):
    """Shared body of the Fama–French / Carhart specs (see the module docstring).

    Parameters
    ----------
    factors
        Factor returns in fractions with the kind's columns and ``RF``, indexed
        by date; None loads them from the cache (:func:`load_factors`).
    cache_dir
        Cache folder used when ``factors`` is None.
    """

    factors: pd.DataFrame | None = None
    cache_dir: str | None = None
    name: ClassVar[str] = ""

    @property
    def columns(self) -> tuple[str, ...]:  # noqa: D102
        return FACTOR_COLUMNS[self.name]

    @property
    def k(self) -> int:  # type: ignore[override]  # noqa: D102
        return len(self.columns) + 1

    def factor_frame(self) -> pd.DataFrame:
        """Return the factor returns used (the given frame, else the cached series)."""
        if self.factors is not None:
            return self.factors
        return load_factors(self.name, cache_dir=self.cache_dir)

    def regressors(self, benchmark: pd.Series | None, index: pd.DatetimeIndex) -> pd.DataFrame:
        """Factor columns and ``RF`` joined onto ``index`` by date (``benchmark`` unused)."""
        frame = self.factor_frame()
        missing = [c for c in (*self.columns, "RF") if c not in frame.columns]
        if missing:
            raise ValueError(f"the {self.name} model needs factor columns {missing}")
        return join_factors(frame.loc[:, [*self.columns, "RF"]], index)

    def fit(self, y: pd.Series, X: pd.DataFrame | pd.Series | None = None) -> ExcessReturnFit:
        """OLS of :math:`R_t - RF_t` on the factors, on days where all are present."""
        if not isinstance(X, pd.DataFrame) or "RF" not in X.columns:
            raise ValueError(f"the {self.name} model needs its regressors() frame (with RF)")
        excess = pd.Series(y, dtype="float64") - X["RF"].reindex(y.index)
        ey, EX = _clean(excess, X, self.columns)
        base = _fit_statsmodels(self.name, ey, EX, self.columns)
        values = {f.name: getattr(base, f.name) for f in fields(base)}
        return ExcessReturnFit(**values, offset="RF")


@dataclass(frozen=True, eq=False)
class FF3Model(_ExcessFactorModel):
    """Fama–French (1993) three-factor model on excess returns."""

    name: ClassVar[str] = "ff3"


@dataclass(frozen=True, eq=False)
class FF5Model(_ExcessFactorModel):
    """Fama–French (2015) five-factor model on excess returns."""

    name: ClassVar[str] = "ff5"


@dataclass(frozen=True, eq=False)
class CarhartModel(_ExcessFactorModel):
    """Carhart (1997) four-factor model (three factors plus momentum) on excess returns."""

    name: ClassVar[str] = "carhart"


#: model kind -> spec class
FACTOR_MODELS: dict[str, type[_ExcessFactorModel]] = {
    "ff3": FF3Model, "ff5": FF5Model, "carhart": CarhartModel}
