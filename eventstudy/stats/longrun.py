r"""Long-run event studies: buy-and-hold abnormal returns and calendar-time portfolios.

Two approaches, both standard since Lyon, Barber & Tsai (1999) and Fama (1998):

- **BHAR** (event time): each event's compounded return over
  :math:`[\tau_1, \tau_2]` sessions minus that of its benchmark (an index or a
  reference portfolio); tested across events with the skewness-adjusted t and
  its bootstrap, because long-horizon BHARs are strongly right-skewed.
- **Calendar-time portfolio** (CTAR): each day, the equal-weighted portfolio
  of the assets that had an event in the last :math:`H` sessions; its excess
  return is regressed on CAPM, Fama–French three-factor or Carhart factors,
  and the intercept (alpha) is the mean daily abnormal return, with
  Newey–West standard errors (statsmodels).

Caveats (shown with the results): overlapping windows of the same asset
inflate BHAR t statistics (the events are not independent); the calendar-time
portfolio is rebalanced daily and its composition changes, so alpha weights
busy periods less than BHAR does; both depend on the benchmark's fit over
long horizons (the bad-model problem, Fama 1998).

References
----------
Barber, B. M. & Lyon, J. D. (1997), Detecting long-run abnormal stock
returns, *J. Financial Economics* 43, 341-372. Lyon, J. D., Barber, B. M. &
Tsai, C.-L. (1999), Improved methods for tests of long-run abnormal stock
returns, *J. Finance* 54, 165-201. Fama, E. F. (1998), Market efficiency,
long-term returns, and behavioral finance, *J. Financial Economics* 49,
283-306. Newey, W. K. & West, K. D. (1987), *Econometrica* 55, 703-708.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from eventstudy.stats._common import AnyTest, _finite_varying, _vec, _zdist
from eventstudy.stats.classic import skewness_transform
from eventstudy.stats.results import Alternative, NotComputable, from_statistic

__all__ = [
    "LONGRUN_CAVEATS",
    "buy_and_hold",
    "bhar",
    "bhar_frame",
    "skewness_adjusted_t",
    "bootstrap_skewness_adjusted_t",
    "calendar_time_portfolio",
    "CalendarTimeResult",
    "CTAR_MODELS",
]

#: the caveats a long-run result is shown with
LONGRUN_CAVEATS: tuple[str, ...] = (
    "Overlapping windows (the same asset, or a market-wide shock shared by many events) "
    "make the BHARs dependent, so their t statistics over-reject.",
    "BHARs are right-skewed over long horizons; the skewness-adjusted t and its bootstrap "
    "correct for this, the plain t does not.",
    "The calendar-time portfolio is rebalanced every day as events enter and leave it; "
    "its alpha weights each day equally, not each event.",
    "Both depend on the benchmark or factor model being right over months (Fama 1998's "
    "bad-model problem).",
)
#: factor regressors of each calendar-time model (columns of load_factors frames)
CTAR_MODELS: dict[str, tuple[str, ...]] = {
    "capm": ("Mkt-RF",), "ff3": ("Mkt-RF", "SMB", "HML"),
    "carhart": ("Mkt-RF", "SMB", "HML", "Mom")}


def buy_and_hold(returns: ArrayLike) -> float:
    r"""Compounded return :math:`\prod_t (1 + R_t) - 1` (NaN if any return is missing)."""
    r = _vec(returns)
    if r.size == 0 or not np.isfinite(r).all():
        return float("nan")
    return float(np.prod(1.0 + r) - 1.0)


def bhar(
    returns: pd.Series,
    benchmark: pd.Series,
    day0: pd.Timestamp,
    window: tuple[int, int],
) -> float:
    r"""Buy-and-hold abnormal return of one event over ``window`` (relative sessions).

    .. math::

        BHAR_i(\tau_1,\tau_2) = \prod_{t=\tau_1}^{\tau_2}(1+R_{it})
        - \prod_{t=\tau_1}^{\tau_2}(1+R_{bt}),

    with :math:`R_{bt}` the benchmark (index or reference portfolio) joined
    on the asset's sessions by date. The window is counted in positions of
    ``returns.index`` (the asset's sessions). NaN when the window runs past
    the data or a return is missing (no filling; a delisting return must be
    in the series). Barber & Lyon (1997), eq. (2); Lyon, Barber & Tsai (1999).
    """
    index = pd.DatetimeIndex(returns.index)
    if pd.Timestamp(day0) not in index:
        return float("nan")
    pos = int(index.searchsorted(pd.Timestamp(day0)))
    a, b = pos + int(window[0]), pos + int(window[1])
    if a < 0 or b >= len(index):
        return float("nan")
    dates = index[a:b + 1]
    bench = pd.Series(benchmark, dtype="float64").reindex(dates)
    return buy_and_hold(returns.iloc[a:b + 1]) - buy_and_hold(bench)


def bhar_frame(
    returns: pd.DataFrame,
    benchmark: pd.Series | pd.DataFrame,
    events: pd.DataFrame,
    windows: Iterable[tuple[int, int]] = ((0, 60), (0, 120), (0, 250)),
) -> pd.DataFrame:
    r"""BHARs of many events at once (the batch front door's long-run step).

    Parameters
    ----------
    returns
        Asset returns, index sessions, one column per asset (NaN = missing).
    benchmark
        The benchmark's returns on the same index (a Series, used for every
        asset), or a frame with one column per asset (e.g. reference portfolios).
    events
        Columns ``asset`` and ``day0`` (a session of ``returns``).
    windows
        ``(tau1, tau2)`` relative sessions.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``asset, day0`` and ``bhar[tau1,tau2]`` per window,
        equal to :func:`bhar` row by row (NaN past the data or over a missing
        return).

    Notes
    -----
    Uses cumulative sums of :math:`\ln(1+R)`, so each BHAR costs O(1):
    :math:`\prod_{t=a}^{b}(1+R_t) = \exp(C_b - C_{a-1})`, with a running
    count of missing returns to detect a gap in the window.
    """
    index = pd.DatetimeIndex(returns.index)
    bench = (benchmark.reindex(index).reindex(columns=returns.columns)
             if isinstance(benchmark, pd.DataFrame)
             else pd.DataFrame({c: pd.Series(benchmark).reindex(index) for c in returns.columns}))

    def _cum(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        v = frame.to_numpy(dtype="float64")
        bad = ~np.isfinite(v)
        logs = np.log1p(np.where(bad, 0.0, v))
        pad = np.zeros((1, v.shape[1]))
        return (np.vstack([pad, np.cumsum(logs, axis=0)]),
                np.vstack([pad, np.cumsum(bad, axis=0)]))

    cr, nr = _cum(returns)
    cb, nb = _cum(bench)
    col = returns.columns.get_indexer(pd.Index(events["asset"]))
    pos = index.get_indexer(pd.DatetimeIndex(events["day0"]))
    out = pd.DataFrame({"asset": events["asset"].to_numpy(),
                        "day0": pd.DatetimeIndex(events["day0"])})
    n = len(index)
    for w in windows:
        a, b = pos + int(w[0]), pos + int(w[1])
        ok = (col >= 0) & (pos >= 0) & (a >= 0) & (b < n)
        ai, bi, ci = np.where(ok, a, 0), np.where(ok, b + 1, 0), np.where(ok, col, 0)
        gap = (nr[bi, ci] - nr[ai, ci] + nb[bi, ci] - nb[ai, ci]) > 0
        value = np.exp(cr[bi, ci] - cr[ai, ci]) - np.exp(cb[bi, ci] - cb[ai, ci])
        out[f"bhar[{w[0]},{w[1]}]"] = np.where(ok & ~gap, value, np.nan)
    return out


def skewness_adjusted_t(values: ArrayLike, *, alternative: Alternative = "two-sided"
                        ) -> AnyTest:
    r"""Lyon–Barber–Tsai (1999) skewness-adjusted t of mean BHAR, against N(0,1).

    Notes
    -----
    With :math:`S = \overline{BHAR}/\sigma(BHAR)` (sample standard deviation)
    and :math:`\hat\gamma = \sum_i (BHAR_i - \overline{BHAR})^3 / (n\,\sigma(BHAR)^3)`,

    .. math::

        t_{sa} = \sqrt{n}\left(S + \tfrac13\hat\gamma S^2 + \tfrac{1}{6n}\hat\gamma\right).

    Lyon, Barber & Tsai (1999), eq. (5) (after Johnson 1978).
    """
    name = "skewness_adjusted_t"
    x = _finite_varying(name, values, 3, "the BHARs do not vary")
    if isinstance(x, NotComputable):
        return x
    stat, gamma = skewness_transform(x, cubic=False, unbiased=False)
    return _zdist(name, stat, alternative, x.size, null="mean BHAR = 0",
                  note=f"skewness {gamma:.3g}")


def bootstrap_skewness_adjusted_t(
    values: ArrayLike,
    *,
    n_boot: int = 1000,
    fraction: float = 0.25,
    seed: int = 0,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Bootstrapped skewness-adjusted t (Lyon, Barber & Tsai 1999, section III.B).

    Notes
    -----
    Draw ``n_boot`` resamples of :math:`n_b = \lceil \text{fraction}\cdot n\rceil`
    BHARs with replacement; in each compute :math:`t^{*}_{sa}` from the
    *centred* values :math:`BHAR^* - \overline{BHAR}` (the null imposed).
    The p-values are the shares of :math:`t^*_{sa}` beyond the sample
    :math:`t_{sa}`: :math:`P(t^* \ge t)`, :math:`P(t^* \le t)`, two-sided
    twice the smaller. LBT use :math:`n_b = n/4`, :math:`B = 1000`.
    """
    name = "skewness_adjusted_t_boot"
    x = _finite_varying(name, values, 8, "the BHARs do not vary")
    if isinstance(x, NotComputable):
        return x
    stat, _ = skewness_transform(x, cubic=False, unbiased=False)
    nb = max(3, math.ceil(fraction * x.size))
    rng = np.random.default_rng(seed)
    draws = x[rng.integers(0, x.size, size=(n_boot, nb))] - x.mean()
    m = draws.mean(axis=1)
    s = draws.std(axis=1, ddof=1)
    ok = s > 0
    d3 = ((draws - m[:, None]) ** 3).sum(axis=1)
    gamma = np.where(ok, d3 / (nb * np.where(ok, s, 1.0) ** 3), 0.0)
    S = np.where(ok, m / np.where(ok, s, 1.0), 0.0)
    tstar = np.sqrt(nb) * (S + gamma * S**2 / 3.0 + gamma / (6.0 * nb))
    tstar = tstar[ok]
    return from_statistic(
        name, stat, cdf=lambda v: float((tstar <= v).mean()),
        sf=lambda v: float((tstar >= v).mean()),
        distribution=f"bootstrap (B={int(ok.sum())}, n_b={nb}, seed={seed})",
        alternative=alternative, n=x.size, null="mean BHAR = 0")


@dataclass(frozen=True)
class CalendarTimeResult:
    """Calendar-time portfolio regression (frozen).

    Attributes
    ----------
    model
        ``capm``, ``ff3`` or ``carhart``.
    alpha, se, t, pvalue
        Intercept (mean daily abnormal return), its Newey–West standard
        error, t statistic and two-sided p-value.
    params
        All coefficients (``const`` first).
    n_days
        Calendar days with at least one asset in the portfolio.
    mean_size
        Average number of assets in the portfolio on those days.
    maxlags
        Newey–West lag truncation used.
    portfolio
        The daily portfolio excess returns and sizes (``excess``, ``n``).
    """

    model: str
    alpha: float
    se: float
    t: float
    pvalue: float
    params: pd.Series
    n_days: int
    mean_size: float
    maxlags: int
    portfolio: pd.DataFrame

    def __repr__(self) -> str:
        return (f"<CalendarTimeResult {self.model}: alpha {self.alpha:+.4g} per day "
                f"(t={self.t:.3g}, p={self.pvalue:.3g}), {self.n_days} days; .portfolio, "
                ".to_dict()>")

    def to_dict(self) -> dict[str, object]:
        """Plain dict (for JSON) without the portfolio series."""
        return {"model": self.model, "alpha": self.alpha, "se": self.se, "t": self.t,
                "p_value": self.pvalue, "n_days": self.n_days, "mean_size": self.mean_size,
                "maxlags": self.maxlags, "params": {k: float(v) for k, v in self.params.items()}}


def calendar_time_portfolio(
    returns: pd.DataFrame,
    events: Iterable[tuple[str, pd.Timestamp]],
    factors: pd.DataFrame,
    *,
    holding: tuple[int, int] = (1, 250),
    model: str = "carhart",
    maxlags: int | None = None,
) -> CalendarTimeResult | NotComputable:
    r"""Calendar-time portfolio alpha with Newey–West standard errors.

    Parameters
    ----------
    returns
        Asset returns (fractions), index sessions named ``date``, one column
        per asset; NaN = missing (the asset is left out that day).
    events
        ``(asset, day0)`` pairs; ``day0`` must be a session of ``returns``.
    factors
        :func:`eventstudy.data.factors.load_factors` frame (fractions) with
        the model's columns and ``RF``; joined to the portfolio **by date**.
    holding
        Relative sessions :math:`[h_1, h_2]` after day 0 during which an
        event's asset is held (default: the year after the event,
        :math:`[+1, +250]`).
    model
        ``"capm"`` (Mkt-RF), ``"ff3"`` or ``"carhart"``.
    maxlags
        Newey–West truncation lag :math:`L`; default
        :math:`\lfloor 4 (T/100)^{2/9} \rfloor` (Newey & West 1994).

    Notes
    -----
    On each day :math:`t`, the portfolio holds every (asset, event) with
    :math:`t` in the event's holding period (an asset with two live events
    counts twice), equally weighted: :math:`R_{pt} = \frac1{n_t}\sum R_{it}`.
    Then

    .. math::

        R_{pt} - RF_t = \alpha + \beta'F_t + e_t,

    by OLS with the Bartlett-kernel HAC covariance (statsmodels
    ``cov_type="HAC"``); :math:`t = \hat\alpha/\widehat{se}_{NW} \sim N(0,1)`.
    Days without a factor row are dropped (counted in ``n_days``' absence).
    Jaffe (1974); Mandelker (1974); Fama (1998); Lyon, Barber & Tsai (1999).
    """
    import statsmodels.api as sm

    if model not in CTAR_MODELS:
        return NotComputable("calendar_time_alpha", f"unknown model {model!r}; choose one of "
                             f"{', '.join(CTAR_MODELS)}")
    index = pd.DatetimeIndex(returns.index)
    values = returns.to_numpy(dtype="float64")
    total = np.zeros(len(index))
    count = np.zeros(len(index))
    cols = {c: j for j, c in enumerate(returns.columns)}
    for asset, day0 in events:
        if asset not in cols or pd.Timestamp(day0) not in index:
            continue
        p = int(index.searchsorted(pd.Timestamp(day0)))
        a, b = max(0, p + holding[0]), min(len(index) - 1, p + holding[1])
        if a > b:
            continue
        seg = values[a:b + 1, cols[asset]]
        ok = np.isfinite(seg)
        total[a:b + 1][ok] += seg[ok]
        count[a:b + 1][ok] += 1
    live = count > 0
    port = pd.DataFrame({"rp": np.where(live, total / np.where(live, count, 1), np.nan),
                         "n": count}, index=index)[live]
    regs = list(CTAR_MODELS[model])
    joined = port.join(factors.loc[:, [*regs, "RF"]], how="inner")
    name = "calendar_time_alpha"
    if len(joined) < len(regs) + 10:
        return NotComputable(name, f"only {len(joined)} portfolio days with factor data")
    y = joined["rp"] - joined["RF"]
    X = sm.add_constant(joined[regs])
    T = len(joined)
    lags = int(maxlags if maxlags is not None else math.floor(4 * (T / 100) ** (2 / 9)))
    res = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    port_out = pd.DataFrame({"excess": y, "n": joined["n"]})
    return CalendarTimeResult(
        model=model, alpha=float(res.params["const"]), se=float(res.bse["const"]),
        t=float(res.tvalues["const"]), pvalue=float(res.pvalues["const"]),
        params=res.params.rename("params"), n_days=T, mean_size=float(joined["n"].mean()),
        maxlags=lags, portfolio=port_out)
