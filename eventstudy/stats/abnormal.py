r"""Abnormal returns, CARs with their exact variance, and the per-event entry point.

:func:`estimate_event` fits a normal-return model on the estimation window of
one (event, asset) pair and returns an :class:`EventEstimate` with the
abnormal-return path, the CAR of every event window, its standard error and
the single-event tests (t and SQ, from :mod:`eventstudy.stats.single`).

Notes
-----
Relative day :math:`\tau` is a position in the asset's own session index
(``returns.index``), day 0 being ``day0``. With :math:`X` the estimation
design and :math:`X^*` the event-window design rows,

.. math::

    AR^* = R^* - X^*\hat\theta,\qquad
    V = \hat\sigma^2\big(I + X^*(X'X)^{-1}X^{*\prime}\big),\qquad
    CAR = \iota'AR^*,\qquad \operatorname{Var}(CAR) = \iota' V \iota,

summing over the event-window days with a non-missing abnormal return.

References
----------
MacKinlay, A. C. (1997), Event studies in economics and finance, *J. Economic
Literature* 35, 13-39. Campbell, J. Y., Lo, A. W. & MacKinlay, A. C. (1997),
*The Econometrics of Financial Markets*, ch. 4, eqs. (4.4.7)-(4.4.14).
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import pandas as pd
from scipy import stats as sps

from eventstudy._typing import Window, position
from eventstudy.exceptions import (
    EventOutsideDataError,
    InsufficientDataError,
    OverlappingWindowsWarning,
)
from eventstudy.models import core
from eventstudy.models.base import FittedModel
from eventstudy.models.registry import get_model
from eventstudy.models.specs import ModelSpec
from eventstudy.models.summary import Summary
from eventstudy.stats.aggregate import average_abnormal, dedupe_events  # re-exported
from eventstudy.stats.defaults import PRE_EVENT_SESSIONS
from eventstudy.stats.results import NotComputable, TestResult

__all__ = ["CarResult", "EagerParts", "EstimateParts", "EventEstimate", "estimate_event",
           "dedupe_events", "average_abnormal", "PRE_EVENT_SESSIONS"]



# --------------------------------------------------------------------------- results
@functools.lru_cache(maxsize=256)
def _t_quantile(q: float, dof: int) -> float:
    """Student-t quantile (cached: a study's CARs share a few dof and one level)."""
    return float(sps.t.ppf(q, dof))


@dataclass(frozen=True, eq=False)
class CarResult:
    r"""Cumulative abnormal return over one event window.

    Attributes
    ----------
    window
        ``(tau1, tau2)`` relative days.
    start_date, end_date
        Session dates of ``tau1`` and ``tau2``.
    car
        :math:`\sum_{\tau=\tau_1}^{\tau_2} AR_\tau` over days with a return.
    se
        :math:`\sqrt{\iota'V\iota}` over the same days.
    n_days
        Number of days summed (:math:`L_2` minus missing returns).
    t
        Student-t test, :func:`eventstudy.stats.single.t_test`.
    sq
        SQ test (Gelbach, Helland & Klick 2013), :func:`eventstudy.stats.single.sq_test`.
    dof
        Degrees of freedom of ``t``.
    n_missing
        Window days without an abnormal return.
    vol_ratio
        Standard deviation of the abnormal returns (the fitted model's
        out-of-sample residuals) of the 20 sessions before the window's first
        day over :math:`\hat\sigma` of the fit
        (:func:`eventstudy.stats.regime.window_vol_ratio`); NaN when unknown.
    """

    window: Window
    start_date: pd.Timestamp
    end_date: pd.Timestamp
    car: float
    se: float
    n_days: int
    t: TestResult | NotComputable
    sq: TestResult | NotComputable
    dof: int = 0
    n_missing: int = 0
    vol_ratio: float = float("nan")

    def __repr__(self) -> str:
        return (f"<CarResult [{self.window[0]},{self.window[1]}] {self.start_date:%Y-%m-%d}.."
                f"{self.end_date:%Y-%m-%d}: CAR {self.car:.6g} (SE {self.se:.4g}), "
                f"p(t)={self.t.pvalue_two_sided:.4g}, p(SQ)={self.sq.pvalue_two_sided:.4g}; "
                ".to_dict()>")

    def conf_int(self, level: float = 0.95) -> tuple[float, float]:
        r"""Interval :math:`CAR \pm t_{dof,(1+level)/2}\,se`."""
        if not (math.isfinite(self.se) and self.dof >= 1):
            return (float("nan"), float("nan"))
        q = _t_quantile(0.5 + level / 2, int(self.dof))
        return (self.car - q * self.se, self.car + q * self.se)

    def to_dict(self) -> dict[str, Any]:
        """Flat dict in the ``car.csv`` names (:data:`eventstudy.stats.results.CAR_SCHEMA`).

        Keys: ``rel_start, rel_end, window_start, window_end, car, car_se,
        t_stat, p_value, p_value_sq, n_days, dof``, the one-sided
        ``p_value_greater, p_value_less, p_value_sq_greater, p_value_sq_less``,
        then ``n_missing`` and ``vol_ratio``.
        """
        return {
            "rel_start": self.window[0],
            "rel_end": self.window[1],
            "window_start": self.start_date,
            "window_end": self.end_date,
            "car": self.car,
            "car_se": self.se,
            "t_stat": self.t.statistic,
            "p_value": self.t.pvalue_two_sided,
            "p_value_sq": self.sq.pvalue_two_sided,
            "n_days": self.n_days,
            "dof": self.dof,
            "p_value_greater": self.t.pvalue_greater,
            "p_value_less": self.t.pvalue_less,
            "p_value_sq_greater": self.sq.pvalue_greater,
            "p_value_sq_less": self.sq.pvalue_less,
            "n_missing": self.n_missing,
            "vol_ratio": self.vol_ratio,
        }


class EstimateParts(Protocol):
    """The pieces of an :class:`EventEstimate` that may be built on first read.

    :class:`EagerParts` holds them (the per-pair :func:`estimate_event`);
    the study path's engine builds them from its arrays only when something
    reads them (``eventstudy.pipeline.engine_path``).
    """

    @property
    def params(self) -> pd.Series: ...  # noqa: D102
    @property
    def std_errors(self) -> pd.Series: ...  # noqa: D102
    @property
    def r2(self) -> float: ...  # noqa: D102
    @property
    def estimation_dates(self) -> pd.DatetimeIndex: ...  # noqa: D102
    @property
    def residuals(self) -> pd.Series: ...  # noqa: D102
    @property
    def abnormal(self) -> pd.DataFrame: ...  # noqa: D102
    @property
    def fitted(self) -> FittedModel: ...  # noqa: D102
    @property
    def abnormal_all(self) -> pd.Series | None: ...  # noqa: D102


@dataclass(frozen=True, eq=False)
class EagerParts:
    """:class:`EstimateParts` computed up front (see :class:`EventEstimate`)."""

    params: pd.Series
    std_errors: pd.Series
    r2: float
    estimation_dates: pd.DatetimeIndex
    residuals: pd.Series
    abnormal: pd.DataFrame
    fitted: FittedModel
    abnormal_all: pd.Series | None = None


@dataclass(frozen=True, eq=False)
class EventEstimate:
    r"""Everything estimated for one (event, asset) pair (frozen).

    Attributes
    ----------
    event_id, asset, model, day0
        Identification; ``model`` is the model name.
    params, std_errors
        Normal-return model coefficients and standard errors.
    sigma, r2
        Residual standard deviation and :math:`R^2`.
    n_estimation
        Usable estimation days :math:`L_1`.
    n_excluded
        Estimation-window days dropped because they are in ``exclude``.
    estimation_dates
        Dates actually used in the fit.
    residuals
        Estimation residuals indexed by date.
    vol_ratio
        Volatility of the abnormal returns of the 20 sessions before **day 0** over
        :math:`\hat\sigma` (:func:`eventstudy.stats.regime.window_vol_ratio`
        with day 0 as the window start; sessions -20 to -1). Each window's
        own ratio (the 20 sessions before *its* first day) is
        ``cars[w].vol_ratio``.
    abnormal
        One row per event-window day (union of the windows): ``date, rel_day,
        return, benchmark_return, expected_return, abnormal_return, ar_se``.
    cars
        ``{window: CarResult}``.
    fitted
        The :class:`~eventstudy.models.base.FittedModel`.
    method
        ``"core"`` or ``"statsmodels"`` (the path that computed AR and V).
    dof
        Residual degrees of freedom used by the t test.
    n_missing_estimation
        Estimation-window days dropped for a missing return or regressor.
    data_issues
        :class:`~eventstudy.data.sanity.SanityIssue` per window: missing
        sessions, unchanged prices (thin trading) and split-like jumps found
        in the returns; each was also issued as a warning.
    abnormal_all
        Abnormal returns :math:`R_t - \hat R_t` under this fit on every
        session of the return series (NaN where a return or regressor is
        missing): the input of the volatility ratios and of the local
        placebo test of the verdict rule (:mod:`eventstudy.claims.rule`).
    """

    event_id: str
    asset: str
    model: str
    day0: pd.Timestamp
    sigma: float
    n_estimation: int
    n_excluded: int
    vol_ratio: float
    cars: dict[Window, CarResult]
    method: str
    dof: int
    parts: EstimateParts = field(repr=False)
    n_missing_estimation: int = 0
    estimation_window: Window = (-250, -11)
    extra: dict[str, float] = field(default_factory=dict)
    #: data problems inside the windows (eventstudy.data.sanity.SanityIssue)
    data_issues: tuple = ()

    # the heavier pieces live in ``parts`` and may be built only when read
    @property
    def params(self) -> pd.Series:
        """Normal-return model coefficients (``const`` first)."""
        return self.parts.params

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors of :attr:`params`."""
        return self.parts.std_errors

    @property
    def r2(self) -> float:
        """:math:`R^2` of the fit (NaN when undefined)."""
        return self.parts.r2

    @property
    def estimation_dates(self) -> pd.DatetimeIndex:
        """Dates used in the fit."""
        return self.parts.estimation_dates

    @property
    def residuals(self) -> pd.Series:
        """Estimation residuals indexed by date."""
        return self.parts.residuals

    @property
    def abnormal(self) -> pd.DataFrame:
        """One row per event-window day (see the class docstring)."""
        return self.parts.abnormal

    @property
    def fitted(self) -> FittedModel:
        """The :class:`~eventstudy.models.base.FittedModel` of the fit."""
        return self.parts.fitted

    @property
    def abnormal_all(self) -> pd.Series | None:
        """Abnormal returns on every session of the return series."""
        return self.parts.abnormal_all

    @property
    def ols_results(self) -> Any:
        """The statsmodels results object of the fit (``None`` for market-adjusted)."""
        return self.fitted.ols_results

    @property
    def tstats(self) -> pd.Series:
        """Model-parameter t statistics."""
        return self.fitted.tstats

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values of the model parameters."""
        return self.fitted.pvalues

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        r"""Confidence intervals of each window's CAR, :math:`CAR \pm t_{q}\,se`.

        Returns
        -------
        pandas.DataFrame
            Index = window label, columns ``car``, ``lower``, ``upper``.
        """
        rows = {}
        for w, c in self.cars.items():
            lo, hi = c.conf_int(level)
            rows[f"[{w[0]:+d},{w[1]:+d}]"] = {"car": c.car, "lower": lo, "upper": hi}
        return pd.DataFrame.from_dict(rows, orient="index")

    def to_frame(self, what: Literal["cars", "abnormal"] = "cars") -> pd.DataFrame:
        """Tidy frame: one row per window (``"cars"``) or per event day (``"abnormal"``).

        Both carry ``event_id``, ``asset`` and ``model`` columns so frames of
        many events can be concatenated; the names are those of ``car.csv``
        and ``abnormal_returns.csv`` (``"cars"``: ``event_id, asset, model,
        day0``, :meth:`CarResult.to_dict`, ``n_estimation, sigma``).
        """
        if what == "abnormal":
            frame = self.abnormal.copy()
        elif what == "cars":
            frame = pd.DataFrame([c.to_dict() for c in self.cars.values()])
            frame.insert(0, "day0", self.day0)
            frame["n_estimation"] = self.n_estimation
            frame["sigma"] = self.sigma
        else:
            raise ValueError(f"what must be 'cars' or 'abnormal', got {what!r}")
        frame.insert(0, "model", self.model)
        frame.insert(0, "asset", self.asset)
        frame.insert(0, "event_id", self.event_id)
        return frame

    def summary(self) -> Summary:
        """Model fit, CAR table and abnormal-return path (``as_text()``, ``as_html()``)."""
        fit = self.fitted.summary()
        cars = self.to_frame("cars")
        cars.index = pd.Index([f"[{a:+d},{b:+d}]" for a, b in self.cars], name="window")
        cars = cars[["window_start", "window_end", "n_days", "car", "car_se", "t_stat",
                     "p_value", "p_value_sq"]]
        ab = self.abnormal.set_index("rel_day")
        notes = (
            f"day 0 = {self.day0.date()}; estimation days used L1 = {self.n_estimation} "
            f"({self.n_excluded} excluded as other events, {self.n_missing_estimation} missing); "
            f"dof = {self.dof}; volatility ratio (20 sessions before day 0) = "
            f"{self.vol_ratio:.3g}",
            "SE = sqrt(iota' V iota), V = sigma^2 (I + X*(X'X)^-1 X*') (MacKinlay 1997).",
        )
        title = f"{self.asset} / {self.event_id or 'event'}: {self.model} model ({self.method})"
        return Summary(title, (*fit.tables, ("CARs", cars), ("abnormal returns", ab)), notes)

    def __str__(self) -> str:
        return self.summary().as_text()

    def __repr__(self) -> str:
        wins = ", ".join(f"[{a},{b}]" for a, b in self.cars)
        return (f"<EventEstimate {self.asset or 'asset'} / {self.event_id or 'event'}: "
                f"{self.model}, day 0 {self.day0:%Y-%m-%d}, L1={self.n_estimation}, "
                f"windows {wins}; .to_frame('cars'|'abnormal'), .summary()>")

    def _repr_html_(self) -> str:
        return self.summary().as_html()


# --------------------------------------------------------------------------- helpers
def _label(asset: str, event_id: str, day0: pd.Timestamp) -> str:
    a = asset or "asset"
    e = f"event {event_id!r}" if event_id else "event"
    return f"{a}, {e} (day 0 = {pd.Timestamp(day0).date()})"


def _resolve_model(model: str | ModelSpec, method: str) -> ModelSpec:
    if isinstance(model, ModelSpec):
        return model
    if method not in ("core", "statsmodels"):
        raise ValueError(f"method must be 'core' or 'statsmodels', got {method!r}")
    if model in ("market", "constant_mean"):
        return get_model(model, method=method)
    return get_model(model)


def _positions(
    index: pd.DatetimeIndex, pos0: int, window: Window, what: str, label: str
) -> np.ndarray:
    lo, hi = pos0 + window[0], pos0 + window[1]
    if lo < 0 or hi > len(index) - 1:
        first, last = index[0].date(), index[-1].date()
        side = "before the first" if lo < 0 else "after the last"
        raise EventOutsideDataError(
            f"{label}: {what} [{window[0]:+d},{window[1]:+d}] runs {side} session of the "
            f"return series ({first} to {last})",
            hint="load prices over a longer period, or shorten the window",
        )
    return np.arange(lo, hi + 1)


# --------------------------------------------------------------------------- main entry
def estimate_event(
    returns: pd.Series,
    benchmark: pd.Series | None,
    day0: pd.Timestamp,
    *,
    model: str | ModelSpec = "market",
    estimation_window: tuple[int, int] = (-250, -11),
    event_windows: Sequence[tuple[int, int]] = ((0, 0),),
    exclude: pd.DatetimeIndex | None = None,
    min_estimation_days: int = 120,
    method: str = "core",
    event_id: str = "",
    asset: str = "",
    check_data: bool = True,
) -> EventEstimate:
    r"""Fit the normal-return model and compute ARs, CARs, exact SEs and tests for one event.

    Parameters
    ----------
    returns
        Asset returns on the asset's own sessions (complete session index,
        ``NaN`` = missing return), from :func:`eventstudy.models.join.asset_returns`.
    benchmark
        Benchmark returns joined trade-to-trade onto the same index
        (:func:`eventstudy.models.join.trade_to_trade`); ``None`` for
        constant mean.
    day0
        Event day, a session in ``returns.index``.
    model
        ``market`` | ``constant_mean`` | ``market_adjusted`` | ``dimson``
        (or a model spec instance, e.g. ``FactorModel(factors)``).
    estimation_window
        ``(T0, T1)`` relative days, inclusive.
    event_windows
        ``(tau1, tau2)`` relative days, inclusive.
    exclude
        Dates dropped from the estimation window (other events' windows).
    min_estimation_days
        Minimum usable estimation days.
    method
        ``"core"`` (closed form, :mod:`eventstudy.models.core`) or
        ``"statsmodels"``; only the market and constant-mean models have a
        closed-form path, the others always use the matrix formula.
    event_id, asset
        Labels used in results and error messages.
    check_data
        Run the data sanity checks of :mod:`eventstudy.data.sanity` on the
        estimation and event windows and warn (stored as ``data_issues``).
        False skips them: a caller estimating many events of one series
        checks the series once for all of them (the pipeline does).

    Returns
    -------
    EventEstimate

    Raises
    ------
    EventOutsideDataError
        ``day0`` is not a session of ``returns`` or a window runs off the data.
    InsufficientDataError
        Fewer than ``min_estimation_days`` usable estimation days.

    Notes
    -----
    .. math::

        \operatorname{Var}(CAR) = \iota'\hat\sigma^2\big(I + X^*(X'X)^{-1}X^{*\prime}\big)\iota,
        \qquad t = CAR/\sqrt{\operatorname{Var}(CAR)} \sim t(L_1 - k),

    :math:`k` = 2 (market), 1 (constant mean, market-adjusted), 4 (Dimson).
    References: MacKinlay (1997); Campbell, Lo & MacKinlay (1997), ch. 4.
    """
    from eventstudy.stats import regime, single

    spec = _resolve_model(model, method)
    label = _label(asset, event_id, day0)
    y_all = pd.Series(returns, dtype="float64")
    index = pd.DatetimeIndex(y_all.index)
    if not (index.is_monotonic_increasing and index.is_unique):
        raise ValueError(
            f"{label}: returns must be indexed by unique, increasing session dates "
            "(relative days count positions in this index)"
        )
    day0 = pd.Timestamp(day0)
    if day0 not in index:
        raise EventOutsideDataError(
            f"{label}: day 0 is not a session of the return series "
            f"({index[0].date()} to {index[-1].date()})"
            if len(index)
            else f"{label}: no returns",
            hint="align the event to the asset's calendar first (eventstudy.calendar.align)",
        )
    pos0 = position(index, day0)
    t0, t1 = estimation_window
    if t0 > t1:
        raise ValueError(
            f"estimation_window must be (T0, T1) with T0 <= T1, got {estimation_window}"
        )
    windows: list[Window] = [(int(a), int(b)) for a, b in event_windows]
    for w in windows:
        if w[0] > w[1]:
            raise ValueError(f"event window {w} must be (tau1, tau2) with tau1 <= tau2")
    if not windows:
        raise ValueError("pass at least one event window")
    est_pos = _positions(index, pos0, (t0, t1), "estimation window", label)
    win_pos = {w: _positions(index, pos0, w, "event window", label) for w in windows}
    ev_pos = np.unique(np.concatenate(list(win_pos.values())))
    data_issues = (_sanity(y_all, index, est_pos, win_pos, asset or "asset", event_id, (t0, t1))
                   if check_data else ())
    if t1 >= ev_pos.min():
        warnings.warn(
            f"{label}: estimation window [{t0:+d},{t1:+d}] overlaps the event window(s)",
            OverlappingWindowsWarning,
            stacklevel=2,
        )

    X_all = spec.regressors(benchmark, index)
    bench_all = (
        pd.Series(benchmark, dtype="float64").reindex(index)
        if benchmark is not None
        else pd.Series(np.nan, index=index)
    )

    # ---- estimation sample: window minus excluded dates minus missing
    est_dates = index[est_pos]
    excl = pd.DatetimeIndex([]) if exclude is None else pd.DatetimeIndex(exclude).normalize()
    is_excl = est_dates.isin(excl)
    n_excluded = int(is_excl.sum())
    y_est = y_all.iloc[est_pos]
    ok = y_est.notna().to_numpy() & ~is_excl
    if X_all is not None:
        ok &= X_all.iloc[est_pos].notna().all(axis=1).to_numpy()
    n_usable = int(ok.sum())
    n_missing_est = len(est_pos) - n_excluded - n_usable
    need = max(int(min_estimation_days), spec.k + 1)
    if n_usable < need:
        raise InsufficientDataError(
            f"{label}: only {n_usable} usable estimation days in [{t0:+d},{t1:+d}] "
            f"({n_excluded} excluded as other events, {n_missing_est} with a missing return "
            f"or benchmark); the minimum is {need}",
            hint="load more price history, lengthen model.estimation_window, or lower "
            "model.min_estimation_days",
        )
    use_dates = est_dates[ok]
    y_use = y_all.loc[use_dates]
    n_flat = int((y_use == 0).sum())
    if float(np.nanstd(y_use.to_numpy())) == 0.0:
        raise InsufficientDataError(
            f"{label}: the price did not change on {n_flat} of the {n_usable} estimation days "
            f"in [{t0:+d},{t1:+d}] (stale or constant prices: no trading, a delisted "
            "symbol or a filled-forward series); normal returns cannot be estimated",
            hint="check the ticker and its prices (python -m eventstudy cache show TICKER), "
            "or remove the asset from the study",
        )
    X_est = None if X_all is None else X_all.loc[use_dates]
    fitted = spec.fit(y_use, X_est)

    # ---- event-window abnormal returns and covariance
    ev_dates = index[ev_pos]
    y_ev = y_all.iloc[ev_pos]
    X_ev = None if X_all is None else X_all.iloc[ev_pos]
    core_path = fitted.method == "core"
    if core_path:
        cf = _corefit(fitted)
        x_ev = None if X_ev is None else X_ev["market"].to_numpy()[None, :]
        ar = core.abnormal(cf, y_ev.to_numpy()[None, :], x_ev)[0]
        # the expected return is defined even on a day whose asset return is missing
        expected = cf.alpha[0] + (0.0 if x_ev is None else cf.beta[0] * x_ev[0])
        expected = np.broadcast_to(expected, (len(ev_pos),)).astype("float64")
        ar_var = core.ar_variance(cf, x_ev, (1, len(ev_pos)))[0]
    else:
        expected = fitted.predict(X_ev, index=ev_dates).to_numpy()
        ar = y_ev.to_numpy() - expected
        xok = np.ones(len(ev_pos), bool) if X_ev is None else X_ev.notna().all(axis=1).to_numpy()
        ar_var = np.full(len(ev_pos), np.nan)
        if xok.any():
            Xv = None if X_ev is None else X_ev[xok]
            V_ok = fitted.prediction_cov(Xv, index=ev_dates[xok]).to_numpy()
            ar_var[xok] = np.diag(V_ok)
    abnormal_frame = pd.DataFrame(
        {
            "date": ev_dates,
            "rel_day": ev_pos - pos0,
            "return": y_ev.to_numpy(),
            "benchmark_return": bench_all.iloc[ev_pos].to_numpy(),
            "expected_return": expected,
            "abnormal_return": ar,
            "ar_se": np.sqrt(ar_var),
        }
    )

    # ---- abnormal returns on every session (volatility ratios, local placebo test)
    if core_path:
        x_full = None if X_all is None else X_all["market"].to_numpy()[None, :]
        ar_full = core.abnormal(cf, y_all.to_numpy()[None, :], x_full)[0]
    else:
        ar_full = (y_all - fitted.predict(X_all, index=index)).to_numpy()
    ar_all = pd.Series(ar_full, index=index, name="abnormal_return")

    # ---- residuals on the full estimation span (NaN where dropped) for SQ sums
    resid_span = fitted.resid.reindex(est_dates)
    dof = int(fitted.dof)
    cars: dict[Window, CarResult] = {}
    for w in windows:
        sel = np.isin(ev_pos, win_pos[w])
        ar_w = ar[sel]
        good = np.isfinite(ar_w)
        n_days = int(good.sum())
        w_dates = ev_dates[sel]
        if n_days == 0:
            car, se = float("nan"), float("nan")
            reason = f"no abnormal return in window [{w[0]:+d},{w[1]:+d}] (all returns missing)"
            t_res: TestResult | NotComputable = NotComputable("t", reason, n=0)
            sq_res: TestResult | NotComputable = NotComputable("sq", reason, n=0)
        else:
            car = float(ar_w[good].sum())
            if core_path:
                x_w = None if X_ev is None else X_ev["market"].to_numpy()[sel][None, :]
                var = float(core.car_variance(cf, x_w, good[None, :])[0])
            else:
                Xw = None if X_ev is None else X_ev[sel][good]
                var = float(fitted.prediction_cov(Xw, index=w_dates[good]).to_numpy().sum())
            se = math.sqrt(var)
            t_res = single.t_test(car, se, dof)
            sq_res = single.sq_test(car, resid_span, n_days)
        cars[w] = CarResult(
            window=w,
            start_date=w_dates[0],
            end_date=w_dates[-1],
            car=car,
            se=se,
            n_days=n_days,
            t=t_res,
            sq=sq_res,
            dof=dof,
            n_missing=int((~good).sum()),
            vol_ratio=regime.window_vol_ratio(ar_all, w_dates[0], fitted.sigma),
        )

    # ---- volatility ratio over the 20 sessions before day 0 (per window: cars[w].vol_ratio)
    vol_ratio = regime.window_vol_ratio(ar_all, day0, fitted.sigma)

    return EventEstimate(
        event_id=event_id,
        asset=asset,
        model=spec.name,
        day0=day0,
        sigma=fitted.sigma,
        n_estimation=int(fitted.nobs),
        n_excluded=n_excluded,
        vol_ratio=vol_ratio,
        cars=cars,
        method=fitted.method,
        dof=dof,
        parts=EagerParts(
            params=fitted.params, std_errors=fitted.std_errors, r2=fitted.r2,
            estimation_dates=pd.DatetimeIndex(use_dates, name="date"), residuals=fitted.resid,
            abnormal=abnormal_frame, fitted=fitted, abnormal_all=ar_all),
        n_missing_estimation=n_missing_est,
        estimation_window=(t0, t1),
        extra=dict(fitted.extra),
        data_issues=data_issues,
    )


def _sanity(y: pd.Series, index: pd.DatetimeIndex, est_pos: np.ndarray,
            win_pos: dict, asset: str, event_id: str, est: tuple[int, int]) -> tuple:
    """Missing sessions, thin trading and split-like jumps per window, as warnings.

    Returns the :class:`~eventstudy.data.sanity.SanityIssue` tuple stored on
    the estimate (so the report can put each next to the CAR it affects).
    """
    from eventstudy.data.sanity import check_returns, emit

    ev = f"event '{event_id}'" if event_id else "the event"
    windows = {f"estimation window [{est[0]:+d},{est[1]:+d}] of {ev}": index[est_pos]}
    for (a, b), pos in win_pos.items():
        windows[f"{ev} window [{a},{b}]"] = index[pos]
    issues = check_returns(asset, y, windows)
    emit(issues, stacklevel=3)
    return tuple(issues)


def _corefit(fitted: FittedModel) -> core.CoreFit:
    """Rebuild the 1-event :class:`~eventstudy.models.core.CoreFit` of a core-path fit."""
    n = np.array([float(fitted.nobs)])
    if "market" in fitted.params.index:
        x = fitted.X["market"] if fitted.X is not None else pd.Series(dtype=float)
        xbar = float(x.mean())
        sxx = float(((x - xbar) ** 2).sum())
        return core.CoreFit(
            alpha=np.array([fitted.params["const"]]),
            beta=np.array([fitted.params["market"]]),
            sigma2=np.array([fitted.sigma2]),
            n=n,
            xbar=np.array([xbar]),
            sxx=np.array([sxx]),
            k=2,
        )
    return core.CoreFit(
        alpha=np.array([fitted.params["const"]]),
        beta=np.zeros(1),
        sigma2=np.array([fitted.sigma2]),
        n=n,
        xbar=np.zeros(1),
        sxx=np.full(1, np.nan),
        k=1,
    )
