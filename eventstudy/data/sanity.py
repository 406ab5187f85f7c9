"""Data sanity checks that do not stop a study but must be shown next to its numbers.

Three problems bias abnormal returns without raising any error:

* **missing sessions** -- calendar sessions without a price inside an
  estimation or event window (the return across the gap spans two sessions,
  or is missing);
* **thin trading** -- sessions with zero volume, or an unchanged price on a
  session without evidence of normal trading (stale quotes: the "return" is 0
  because nothing traded, and the reaction shows up later). An unchanged close
  on normal volume is a real zero return, not thin trading: with volume known,
  an unchanged price counts only when that session's volume is zero, missing,
  or below :data:`LOW_VOLUME_SHARE` (20 %) of the asset's median daily volume.
  Without any volume (indices, wide CSV files) every unchanged price counts.
* **split-like jumps** -- a one-day price ratio close to a common split
  factor (2:1, 3:1, 3:2, 1:10, ...), the signature of an unadjusted split
  in a price series that should be adjusted;
* **price spikes** -- an isolated one-day jump far outside the series' own
  volatility that reverses the next day (a ×100 typo: 3487.51 for 34.88),
  found with a robust z-score (:func:`price_spikes`);
* **a benchmark equal to the asset** -- residuals of (almost) zero, so sigma,
  the MDE and every p-value mean nothing (:func:`benchmark_equals_asset`).

Every function here is pure: it takes Series/indexes and returns
:class:`SanityIssue` objects; :func:`emit` turns them into warnings
(:class:`~eventstudy.exceptions.DataGapWarning`,
:class:`~eventstudy.exceptions.ThinTradingWarning`,
:class:`~eventstudy.exceptions.SplitLikeJumpWarning`). The window label in
each message (e.g. ``event 'truce' window [0,1]``) lets the report place it
next to the number it affects.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eventstudy.exceptions import (
    BenchmarkEqualsAssetWarning,
    DataGapWarning,
    EventStudyWarning,
    PriceSpikeWarning,
    SplitLikeJumpWarning,
    ThinTradingWarning,
)

__all__ = ["SanityIssue", "SPLIT_FACTORS", "LOW_VOLUME_SHARE", "missing_sessions",
           "unchanged_prices", "zero_volume", "without_trading", "split_like_jumps",
           "check_prices", "check_returns", "emit", "price_spikes", "SPIKE_Z",
           "benchmark_equals_asset", "EQUAL_BENCHMARK_RATIO"]

#: split (and reverse-split) factors looked for; a ratio p_t / p_{t-1} within
#: the tolerance of f or 1/f is "split-like"
SPLIT_FACTORS: tuple[float, ...] = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 8.0, 10.0, 15.0, 20.0)

#: an unchanged price is thin trading only if that session's volume is below this
#: share of the asset's median daily volume (positive volumes of the series given);
#: a fifth of the median is far outside an ordinary day's range (half to twice
#: the median for a liquid stock) but well above "nothing traded"
LOW_VOLUME_SHARE: float = 0.2

#: robust z-score above which a one-day log return that reverses is a price spike
SPIKE_Z: float = 10.0

#: a benchmark "equals" the asset when sd(r_asset - r_benchmark) <= this share of sd(r_asset)
EQUAL_BENCHMARK_RATIO: float = 0.01


@dataclass(frozen=True)
class SanityIssue:
    """One data problem inside one window of one asset.

    Attributes
    ----------
    kind
        ``"missing_sessions"``, ``"thin_trading"``, ``"split_like_jump"``,
        ``"price_spike"`` or ``"benchmark_equals_asset"``.
    ticker
        The asset.
    window
        Label of the window affected (``"estimation window"``,
        ``"event 'truce' window [0,1]"``); empty for the whole series.
    dates
        The sessions concerned.
    message
        One line for the CLI and the report.
    """

    kind: str
    ticker: str
    window: str
    dates: tuple[pd.Timestamp, ...]
    message: str

    @property
    def category(self) -> type[EventStudyWarning]:
        """The warning class :func:`emit` uses."""
        return {"missing_sessions": DataGapWarning, "thin_trading": ThinTradingWarning,
                "split_like_jump": SplitLikeJumpWarning, "price_spike": PriceSpikeWarning,
                "benchmark_equals_asset": BenchmarkEqualsAssetWarning}[self.kind]


def _fmt(dates: pd.DatetimeIndex | list[pd.Timestamp], limit: int = 5) -> str:
    shown = ", ".join(f"{d:%Y-%m-%d}" for d in list(dates)[:limit])
    return shown + (f" (+{len(dates) - limit} more)" if len(dates) > limit else "")


def missing_sessions(prices: pd.Series, sessions: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Sessions of ``sessions`` on which ``prices`` has no (finite) value."""
    have = pd.DatetimeIndex(prices.dropna().index)
    return pd.DatetimeIndex(sessions).difference(have)


def unchanged_prices(prices: pd.Series, dates: pd.DatetimeIndex | None = None, *,
                     volume: pd.Series | None = None,
                     low_volume_share: float = LOW_VOLUME_SHARE) -> pd.DatetimeIndex:
    """Dates whose price equals the previous available price (a zero return).

    With ``volume``, only those without evidence of normal trading are kept
    (see :func:`without_trading`).
    """
    p = prices.dropna()
    same = p.index[1:][p.to_numpy()[1:] == p.to_numpy()[:-1]]
    out = pd.DatetimeIndex(same)
    out = out if dates is None else out.intersection(pd.DatetimeIndex(dates))
    return without_trading(out, volume, share=low_volume_share)


def without_trading(dates: pd.DatetimeIndex, volume: pd.Series | None, *,
                    share: float = LOW_VOLUME_SHARE) -> pd.DatetimeIndex:
    r"""Of ``dates``, those whose volume does not show normal trading.

    A date is kept when its volume is unknown (no ``volume``, a series with
    no positive value -- indices and wide CSV files -- or no value that day),
    zero, or far below the asset's median:

    .. math::

        V_t < s \cdot \operatorname{median}\{V_u : V_u > 0\},\qquad s = 0.2,

    the median being taken over the whole ``volume`` series given.

    Parameters
    ----------
    dates
        Candidate sessions (e.g. unchanged prices).
    volume
        Daily volume of the asset, or None.
    share
        :math:`s`, default :data:`LOW_VOLUME_SHARE`.
    """
    dates = pd.DatetimeIndex(dates)
    if volume is None or len(dates) == 0:
        return dates
    v = pd.Series(volume, dtype=float)
    positive = v[v > 0]
    if len(positive) == 0:
        return dates  # no volume recorded at all: unknown
    floor = share * float(positive.median())
    at = v.reindex(dates)
    keep = (at.isna() | (at < floor)).to_numpy()
    return dates[keep]


def zero_volume(volume: pd.Series, dates: pd.DatetimeIndex | None = None) -> pd.DatetimeIndex:
    """Dates with a recorded volume of exactly zero.

    Indices and some funds report no volume at all (every value 0 or NaN);
    such series are skipped (an empty index is returned).
    """
    v = volume.dropna()
    if len(v) == 0 or (v == 0).all():
        return pd.DatetimeIndex([])
    out = pd.DatetimeIndex(v.index[v.to_numpy() == 0])
    return out if dates is None else out.intersection(pd.DatetimeIndex(dates))


def _split_factor(ratio: float, tolerance: float) -> float | None:
    if not (ratio > 0 and math.isfinite(ratio)):
        return None
    for f in SPLIT_FACTORS:
        for target in (f, 1.0 / f):
            if abs(math.log(ratio / target)) <= tolerance:
                return target
    return None


def split_like_jumps(prices: pd.Series, *, tolerance: float = 0.03
                     ) -> list[tuple[pd.Timestamp, float, float]]:
    r"""One-day price ratios close to a split factor.

    A ratio :math:`\rho_t = P_t / P_{t-1}` (consecutive available prices) is
    split-like when :math:`|\ln(\rho_t / f)| \le \tau` for some factor
    :math:`f` or :math:`1/f` in :data:`SPLIT_FACTORS` (default
    :math:`\tau = 0.03`, about 3 %).

    Returns
    -------
    list of (date, ratio, factor)
        ``factor`` is the matching :math:`f` or :math:`1/f`.
    """
    p = prices.dropna()
    values = p.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = values[1:] / values[:-1]
    # vectorised screen (a ratio within the tolerance of any factor), then the exact
    # per-ratio rule of _split_factor on the few candidates: same results, O(n) numpy
    targets = np.array([t for f in SPLIT_FACTORS for t in (f, 1.0 / f)])
    ok = np.isfinite(ratios) & (ratios > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dist = np.abs(np.log(np.where(ok, ratios, 1.0))[:, None] - np.log(targets)[None, :])
    cand = np.flatnonzero(ok & (dist <= tolerance + 1e-9).any(axis=1))
    out = []
    for i in cand:
        f = _split_factor(float(ratios[i]), tolerance)
        if f is not None:
            out.append((pd.Timestamp(p.index[int(i) + 1]), float(ratios[i]), f))
    return out


def price_spikes(prices: pd.Series, *, z: float = SPIKE_Z
                 ) -> list[tuple[pd.Timestamp, pd.Timestamp, float]]:
    r"""Isolated one-day jumps that reverse the next day, against the series' own volatility.

    With :math:`r_t = \ln(P_t / P_{t-1})` over consecutive available prices,
    the robust z-score is

    .. math::

        z_t = \frac{r_t - \operatorname{med}(r)}{1.4826\,\operatorname{MAD}(r)},

    the Hampel identifier (Hampel 1974, *J. Amer. Statist. Assoc.* 69, 383-393;
    Pearson 2002, *IEEE Trans. Control Syst. Technol.* 10, 55-63): the median
    absolute deviation, scaled to estimate a normal sd, is not inflated by the
    spike itself. Day :math:`t` is a spike when :math:`|z_t| > z` and
    :math:`|z_{t+1}| > z` with opposite signs and the move reverses: the
    two-day change :math:`|r_t + r_{t+1}|` is under half of :math:`|r_t|`.
    A genuine jump (news, a split) does not come back the next day; a
    mistyped price does (a ×100 typo gives :math:`r_t = \ln 100`,
    :math:`r_{t+1} = -\ln 100`).

    Returns
    -------
    list of (date, next date, ratio)
        The spike day, the day it reverses and :math:`P_t / P_{t-1}`.
    """
    p = prices.dropna()
    p = p[np.isfinite(p.to_numpy(dtype=float)) & (p.to_numpy(dtype=float) > 0)]
    if len(p) < 10:
        return []
    r = np.diff(np.log(p.to_numpy(dtype=float)))
    med = float(np.median(r))
    scale = 1.4826 * float(np.median(np.abs(r - med)))
    if not scale > 0:
        scale = float(np.std(r)) or 0.0
    if not scale > 0:
        return []
    zs = (r - med) / scale
    a, b = zs[:-1], zs[1:]
    hit = ((np.abs(a) > z) & (np.abs(b) > z) & (np.sign(a) != np.sign(b))
           & (np.abs(r[:-1] + r[1:]) < 0.5 * np.abs(r[:-1])))
    return [(pd.Timestamp(p.index[i + 1]), pd.Timestamp(p.index[i + 2]), float(math.exp(r[i])))
            for i in np.flatnonzero(hit)]


def benchmark_equals_asset(ticker: str, benchmark: str, asset_returns: pd.Series,
                           benchmark_returns: pd.Series, dates: pd.DatetimeIndex, label: str,
                           *, ratio: float = EQUAL_BENCHMARK_RATIO) -> list[SanityIssue]:
    r"""Flag a benchmark that moves (almost) exactly like the asset on ``dates``.

    With :math:`d_t = r_{a,t} - r_{b,t}` on the estimation dates where both
    exist, the benchmark "equals" the asset when
    :math:`\operatorname{sd}(d) \le \rho\,\operatorname{sd}(r_a)`
    (:math:`\rho` = :data:`EQUAL_BENCHMARK_RATIO`, 1 %): then the market
    model's residual sd :math:`\hat\sigma \approx 0`, and sigma, the MDE and
    every test mean nothing (the asset is its own benchmark).
    """
    both = pd.concat([pd.Series(asset_returns, dtype=float),
                      pd.Series(benchmark_returns, dtype=float)], axis=1, join="inner")
    both = both.reindex(pd.DatetimeIndex(dates)).dropna()
    if len(both) < 3:
        return []
    sd_a = float(both.iloc[:, 0].std())
    sd_d = float((both.iloc[:, 0] - both.iloc[:, 1]).std())
    if not (sd_a > 0 and sd_d <= ratio * sd_a):
        return []
    how = "identical to" if sd_d == 0 else "almost identical to"
    return [SanityIssue(
        "benchmark_equals_asset", ticker, label, tuple(both.index[:1]),
        f"{ticker}: its benchmark {benchmark} is {how} it over the estimation window "
        f"(sd of the difference {sd_d:.2g} vs the asset's {sd_a:.2g}): sigma ~ 0, so the "
        "abnormal returns, MDE and p-values mean nothing; choose another benchmark or "
        "model: constant_mean")]


def check_prices(
    ticker: str,
    prices: pd.Series,
    windows: Mapping[str, pd.DatetimeIndex],
    *,
    volume: pd.Series | None = None,
    max_unchanged_share: float = 0.1,
) -> list[SanityIssue]:
    """All sanity issues of one asset's prices inside each window.

    The series is scanned once (unchanged prices, zero volume, spikes, split-like
    jumps) and every window's dates are flagged in one vectorised pass; only
    windows with a finding are then described. The findings are the same as
    checking each window on its own (``tests/test_data_sanity_windows.py``).

    Parameters
    ----------
    ticker
        For messages.
    prices
        The price field the study uses (index: session dates; NaN = missing).
    windows
        Label -> the window's calendar sessions (e.g. ``"estimation window"``
        -> its dates; ``"event 'truce' window [0,1]"`` -> its dates).
    volume
        Daily volume, when known (zero volume = no trading; an unchanged price
        on a session with normal volume is not thin trading, see
        :func:`without_trading`).
    max_unchanged_share
        Share of unchanged prices in a window above which it is reported as
        thin trading (any unchanged price or zero volume in a window of five
        sessions or fewer -- an event window -- is reported).

    Returns
    -------
    list of SanityIssue
    """
    jumps = split_like_jumps(prices)
    spikes = price_spikes(prices)
    has_volume = volume is not None and bool((pd.Series(volume, dtype=float) > 0).any())
    spike_days = {_ns1(d) for a, b, _ in spikes for d in (a, b)}
    jumps = [j for j in jumps if _ns1(j[0]) not in spike_days]  # reported as a spike
    # every window's dates end to end (one array), each flagged once against the series
    idxs = {label: pd.DatetimeIndex(dates) for label, dates in windows.items()}
    idxs = {label: ix for label, ix in idxs.items() if len(ix)}
    if not idxs:
        return []
    sizes = np.array([len(ix) for ix in idxs.values()])
    ends = np.cumsum(sizes)
    days = np.concatenate([_ns(ix) for ix in idxs.values()])
    have = pd.DatetimeIndex(prices.dropna().index)
    stale_all = unchanged_prices(prices, volume=volume)  # without_trading is per date
    novol_all = zero_volume(volume) if volume is not None else pd.DatetimeIndex([])
    flags = {
        "gap": ~np.isin(days, _ns(have)),
        "stale": np.isin(days, _ns(stale_all)),
        "novol": np.isin(days, _ns(novol_all)),
        "spike": np.isin(days, np.fromiter(spike_days, dtype="int64", count=len(spike_days))),
        "jump": np.isin(days, np.array([_ns1(d) for d, _, _ in jumps], dtype="int64")),
    }
    any_flag = np.logical_or.reduce(list(flags.values()))
    flagged = set(np.searchsorted(ends, np.flatnonzero(any_flag), side="right").tolist())
    issues: list[SanityIssue] = []
    for k, (label, dates) in enumerate(idxs.items()):
        if k not in flagged:
            continue
        lo, hi = int(ends[k] - sizes[k]), int(ends[k])

        def where(kind: str, dates: pd.DatetimeIndex = dates, lo: int = lo, hi: int = hi
                  ) -> pd.DatetimeIndex:
            return dates[flags[kind][lo:hi]].unique().sort_values()

        gap = where("gap")
        if len(gap):
            issues.append(SanityIssue(
                "missing_sessions", ticker, label, tuple(gap),
                f"{ticker}, {label}: no price on {len(gap)} of {len(dates)} sessions "
                f"({_fmt(gap)}); returns across the gap span more than one session"))
        stale, novol = where("stale"), where("novol")
        thin = stale.union(novol)
        short = len(dates) <= 5
        if len(thin) and (short or len(stale) > max_unchanged_share * len(dates)
                          or len(novol)):
            parts = []
            if len(stale):
                how = (f" with volume below {LOW_VOLUME_SHARE:.0%} of its median or missing"
                       if has_volume else "")
                parts.append(f"price unchanged{how} on {len(stale)} session(s) "
                             f"({_fmt(stale)})")
            if len(novol):
                parts.append(f"zero volume on {len(novol)} session(s) ({_fmt(novol)})")
            issues.append(SanityIssue(
                "thin_trading", ticker, label, tuple(thin),
                f"{ticker}, {label}: thin trading: {'; '.join(parts)}; abnormal returns may "
                "be understated there and show up on later days"))
        inwin = set(_ns(where("spike")).tolist())
        hit = [(d, e, r) for d, e, r in spikes if _ns1(d) in inwin or _ns1(e) in inwin]
        if hit:
            desc = ", ".join(f"{d:%Y-%m-%d} x{r:.4g} then back on {e:%Y-%m-%d}"
                             for d, e, r in hit[:5])
            issues.append(SanityIssue(
                "price_spike", ticker, label, tuple(d for d, _, _ in hit),
                f"{ticker}, {label}: isolated price spike that reverses the next day ({desc}),"
                " far outside the series' own volatility: a likely typo in the prices; "
                "the abnormal returns there are not to be trusted; check the prices"))
        inwin = set(_ns(where("jump")).tolist())
        inside = [(d, r, f) for d, r, f in jumps if _ns1(d) in inwin]
        if inside:
            desc = ", ".join(f"{d:%Y-%m-%d} x{r:.3f}" for d, r, _ in inside[:5])
            issues.append(SanityIssue(
                "split_like_jump", ticker, label, tuple(d for d, _, _ in inside),
                f"{ticker}, {label}: split-like price jump ({desc}): an unadjusted split "
                "would show as a huge abnormal return; check the prices "
                "(adjusted close?)"))
    return issues


def _ns(index: pd.DatetimeIndex) -> np.ndarray:
    """Dates as int64 nanoseconds (one resolution for every index compared)."""
    return np.asarray(index, dtype="datetime64[ns]").view("int64")


def _ns1(day: pd.Timestamp) -> int:
    """One date as int64 nanoseconds (see :func:`_ns`)."""
    return int(pd.Timestamp(day).as_unit("ns").value)


def check_returns(
    ticker: str,
    returns: pd.Series,
    windows: Mapping[str, pd.DatetimeIndex],
    *,
    log: bool = False,
    max_unchanged_share: float = 0.1,
    volume: pd.Series | None = None,
) -> list[SanityIssue]:
    """Like :func:`check_prices`, from returns on a complete session index.

    A missing return (NaN) marks a missing session, a zero return an
    unchanged price, and a gross return :math:`1 + r` (or :math:`e^r` for
    log returns) near a split factor a split-like jump. Used where only
    returns are at hand (``estimate_event``, which has no volume; the
    pipeline re-checks thin trading with the asset's ``volume``).
    """
    r = pd.Series(returns, dtype=float)
    values = r.to_numpy()
    gone = np.isnan(values)
    gross = np.exp(values) if log else 1.0 + values
    # a synthetic price path: same gaps, same zero moves, same one-day ratios
    path = np.cumprod(np.where(np.isnan(gross), 1.0, gross))
    path[gone] = np.nan
    if len(path) and gone[0]:
        path[0] = 1.0  # the first session's price is the path's start
    level = pd.Series(path, index=r.index, name=r.name)
    issues = []
    for issue in check_prices(ticker, level, windows, max_unchanged_share=max_unchanged_share,
                              volume=volume):
        if issue.kind == "missing_sessions":
            issue = SanityIssue(issue.kind, ticker, issue.window, issue.dates,
                                issue.message.replace("no price on", "no return on"))
        issues.append(issue)
    return issues


def emit(issues: list[SanityIssue], *, stacklevel: int = 2) -> None:
    """Issue each problem as its warning class (the CLI prints them as ``warning:``)."""
    for issue in issues:
        warnings.warn(issue.message, issue.category, stacklevel=stacklevel + 1)
