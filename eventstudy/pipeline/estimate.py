"""Pipeline step 1: load prices, align events, estimate every (event, asset).

Also forms the equal-weighted portfolio of a group claim whose members share
a calendar, day 0 and model (the time-series portfolio approach), and the
alternative-model estimate used for robustness.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.calendar.align import Alignment, align
from eventstudy.calendar.sessions import sessions
from eventstudy.data import calendar_for, load_ohlcv, load_prices
from eventstudy.models.join import asset_returns, trade_to_trade
from eventstudy.spec import Study
from eventstudy.stats.abnormal import EventEstimate, estimate_event
from eventstudy.stats.multi import portfolio_returns

Progress = Callable[[str], None]
#: windows always estimated for the robustness table (methods section 6)
ROBUST_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (-1, 1))


def extend(window: tuple[int, int], extension: int) -> tuple[int, int]:
    """Extend a window to cover an uncertain date range (``b + extension``)."""
    return (int(window[0]), int(window[1]) + int(extension))


@dataclass
class Estimates:
    """Mutable working state of one run (internal)."""

    study: Study
    prices: pd.DataFrame
    calendars: dict[str, str]
    returns: dict[str, pd.Series]
    benchmarks: dict[tuple[str, str], pd.Series]
    alignments: dict[tuple[str, str], Alignment]
    windows: dict[str, list[tuple[int, int]]]
    primary: dict[tuple[str, str], EventEstimate] = field(default_factory=dict)
    alternative: dict[tuple[str, str], EventEstimate] = field(default_factory=dict)
    alt_model: dict[str, str] = field(default_factory=dict)
    portfolios: dict[tuple[str, str], EventEstimate] = field(default_factory=dict)
    portfolio_members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provenance: list[dict[str, Any]] = field(default_factory=list)
    excluded: dict[tuple[str, str], pd.DatetimeIndex] = field(default_factory=dict)


def _span(study: Study) -> tuple[pd.Timestamp, pd.Timestamp]:
    dates = []
    for ev in (*study.events, *study.context_events):
        w = ev.when
        if hasattr(w, "from_"):
            dates += [pd.Timestamp(w.from_), pd.Timestamp(w.to)]
        else:
            dates.append(pd.Timestamp(w.date() if isinstance(w, dt.datetime) else w))
    t0 = min(study.model.estimation_window[0], *(w[0] for w in study.event_windows),
             *(c.window[0] for c in study.claims))
    t1 = max(*(w[1] for w in study.event_windows), *(c.window[1] for c in study.claims), 1)
    start = min(dates) - pd.Timedelta(days=int(abs(t0) * 1.55) + 20)
    end = max(dates) + pd.Timedelta(days=int(abs(t1) * 1.6) + 20)
    return start.normalize(), end.normalize()


def _alternative(study: Study, ticker: str, calendar: str) -> tuple[str, str | None]:
    """Pick the robustness model: constant mean for benchmarked assets, else a market model.

    A constant-mean index gets the market model on ACWX (US, the benchmark
    outside the US market) or on the study benchmark (non-US indices).
    """
    kind = study.model_for(ticker)
    if kind != "constant_mean":
        return "constant_mean", None
    bench = "ACWX" if calendar == "XNYS" else (study.model.benchmark or "^GSPC")
    return "market", bench if bench != ticker else None


def load(study: Study, *, offline: bool | None, progress: Progress) -> Estimates:
    """Load prices and build each asset's returns and benchmark returns.

    Parameters
    ----------
    study
        The study.
    offline
        Cache only (None: ``$EVENTSTUDY_OFFLINE``).
    progress
        Callback for status lines.

    Returns
    -------
    Estimates
        Working state with prices, returns and alignments filled in.
    """
    cache_dir = study.resolve(study.data.cache) if study.data.cache else None
    start, end = _span(study)
    cals = {a.ticker: calendar_for(a.ticker, a.calendar) for a in study.assets}
    needed: list[str] = [a.ticker for a in study.assets]
    for a in study.assets:
        for b in (study.benchmark_for(a.ticker), _alternative(study, a.ticker, cals[a.ticker])[1]):
            if b and b not in needed:
                needed.append(b)
    progress(f"loading prices for {len(needed)} tickers ({start:%Y-%m-%d} to {end:%Y-%m-%d})")
    field_ = "adj_close" if study.data.price == "adj_close" else "close"
    prices = load_prices(needed, start, end, field=field_, offline=offline, cache_dir=cache_dir)
    prov = []
    for t in needed:
        hist = load_ohlcv(t, offline=True, cache_dir=cache_dir)
        prov.append(_provenance(t, hist.meta, prices[t], field_))
    returns: dict[str, pd.Series] = {}
    benchmarks: dict[tuple[str, str], pd.Series] = {}
    sess_cache: dict[str, pd.DatetimeIndex] = {}
    last = prices.index.max()
    for a in study.assets:
        cal = cals[a.ticker]
        if cal not in sess_cache:
            s = sessions(cal, prices.index.min(), last)
            sess_cache[cal] = pd.DatetimeIndex(s, name="date")
        s = sess_cache[cal]
        returns[a.ticker] = asset_returns(prices[a.ticker].dropna(), s, study.data.returns)
        for b in (study.benchmark_for(a.ticker), _alternative(study, a.ticker, cal)[1]):
            if b:
                benchmarks[(a.ticker, b)] = trade_to_trade(prices[b].dropna(), s,
                                                           study.data.returns)
    alignments = {}
    for ev in study.events:
        for a in study.assets:
            alignments[(ev.id, a.ticker)] = align(ev, cals[a.ticker])
    for ev in study.context_events:
        for cal in set(cals.values()):
            alignments[(ev.id, "@" + cal)] = align(ev, cal)
    windows: dict[str, list[tuple[int, int]]] = {}
    for ev in study.events:
        ws = list(dict.fromkeys([*map(tuple, study.event_windows), *ROBUST_WINDOWS,
                                 *(tuple(c.window) for c in study.claims if c.event == ev.id)]))
        windows[ev.id] = ws
    return Estimates(study, prices, cals, returns, benchmarks, alignments, windows,
                     provenance=prov)


def _provenance(ticker: str, meta: dict[str, Any], series: pd.Series, field_: str
                ) -> dict[str, Any]:
    prov = meta.get("provenance") or {}
    man = prov.get("manifest") or {}
    check = meta.get("session_check") or {}
    s = series.dropna()
    return {
        "ticker": ticker,
        "name": man.get("name", ""),
        "source": man.get("source") or prov.get("text") or meta.get("provider", ""),
        "cache_source": meta.get("source", ""),
        "price_field": field_,
        "first_date": f"{s.index.min():%Y-%m-%d}" if len(s) else "",
        "last_date": f"{s.index.max():%Y-%m-%d}" if len(s) else "",
        "rows": int(len(s)),
        "cache_first_date": meta.get("first_date"), "cache_last_date": meta.get("last_date"),
        "cache_rows": meta.get("rows"),
        "calendar": check.get("calendar", ""),
        "missing_sessions": ", ".join(map(str, check.get("missing", []))) or "none",
        "extra_rows": ", ".join(map(str, check.get("extra", []))) or "none",
        "retrieved": meta.get("retrieved_at") or prov.get("imported_at") or "",
        "sha256": meta.get("sha256") or prov.get("file_sha256") or "",
        "cross_check": man.get("cross_check", ""),
    }


def _window_dates(idx: pd.DatetimeIndex, day0: pd.Timestamp, w: tuple[int, int]
                  ) -> pd.DatetimeIndex:
    pos = idx.get_loc(day0)
    lo, hi = max(0, pos + w[0]), min(len(idx) - 1, pos + w[1])
    return idx[lo:hi + 1]


def exclusion_dates(est: Estimates, event_id: str, ticker: str) -> pd.DatetimeIndex:
    """Dates of the *other* events' windows on this asset's sessions (clean estimation)."""
    if not est.study.model.exclude_event_windows:
        return pd.DatetimeIndex([], name="date")
    if (event_id, ticker) in est.excluded:
        return est.excluded[(event_id, ticker)]
    idx = est.returns[ticker].index
    cal = est.calendars[ticker]
    out: list[pd.Timestamp] = []
    base = [*map(tuple, est.study.event_windows)]
    for ev in est.study.events:
        if ev.id == event_id:
            continue
        al = est.alignments[(ev.id, ticker)]
        if al.day0 not in idx:
            continue
        for w in [*base, *est.windows[ev.id]]:
            if w[0] < -5:  # long pre-event claim windows are not "event" days
                continue
            out += list(_window_dates(idx, al.day0, extend(w, al.extension)))
    for ev in est.study.context_events:
        al = est.alignments[(ev.id, "@" + cal)]
        if al.day0 in idx:
            for w in base:
                out += list(_window_dates(idx, al.day0, extend(w, al.extension)))
    result = pd.DatetimeIndex(sorted(set(out)), name="date")
    est.excluded[(event_id, ticker)] = result
    return result


def _run_one(est: Estimates, ticker: str, returns: pd.Series, event_id: str, model: str,
             bench: str | None, al: Alignment, asset: str) -> EventEstimate:
    study = est.study
    bm = est.benchmarks.get((ticker, bench)) if bench else None
    ws = [extend(w, al.extension) for w in est.windows[event_id]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = estimate_event(
            returns, bm, al.day0, model=model,
            estimation_window=tuple(study.model.estimation_window), event_windows=ws,
            exclude=exclusion_dates(est, event_id, ticker),
            min_estimation_days=study.model.min_estimation_days, event_id=event_id,
            asset=asset,
        )
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return res


def estimate_all(est: Estimates, progress: Progress) -> None:
    """Primary and alternative-model estimates for every (event, asset)."""
    study = est.study
    n = len(study.events) * len(study.assets)
    k = 0
    for ev in study.events:
        for a in study.assets:
            k += 1
            if k % 10 == 1 or k == n:
                progress(f"estimating [{k}/{n}] {ev.id} / {a.ticker}")
            al = est.alignments[(ev.id, a.ticker)]
            r = est.returns[a.ticker]
            kind = study.model_for(a.ticker)
            est.primary[(ev.id, a.ticker)] = _run_one(
                est, a.ticker, r, ev.id, kind, study.benchmark_for(a.ticker), al, a.ticker)
            alt_kind, alt_bench = _alternative(study, a.ticker, est.calendars[a.ticker])
            if alt_kind == "market" and alt_bench is None:
                continue
            est.alt_model[a.ticker] = alt_kind + (f" on {alt_bench}" if alt_bench else "")
            est.alternative[(ev.id, a.ticker)] = _run_one(
                est, a.ticker, r, ev.id, alt_kind, alt_bench, al, a.ticker)


def portfolio_key(tickers: tuple[str, ...], names: tuple[str, ...], study: Study) -> str:
    """Target id of a group's portfolio, e.g. ``portfolio:us_indices``."""
    label = "+".join(n for n in names if n in study.groups) or "+".join(tickers)
    return f"portfolio:{label}"


def can_pool(est: Estimates, event_id: str, tickers: tuple[str, ...]) -> tuple[bool, str]:
    """Whether members share calendar, day 0, model and benchmark (portfolio approach)."""
    study = est.study
    if len(tickers) < 2:
        return False, "single asset"
    cals = {est.calendars[t] for t in tickers}
    days = {est.alignments[(event_id, t)].day0 for t in tickers}
    models = {(study.model_for(t), study.benchmark_for(t)) for t in tickers}
    if len(cals) > 1:
        return False, f"members trade on different calendars ({', '.join(sorted(cals))})"
    if len(days) > 1:
        return False, "members have different day 0"
    if len(models) > 1:
        return False, "members use different models"
    return True, f"equal-weighted portfolio (time-series) of {len(tickers)} assets on {cals.pop()}"


def estimate_portfolio(est: Estimates, event_id: str, key: str, tickers: tuple[str, ...]
                       ) -> EventEstimate:
    """Fit the model to the equal-weighted portfolio's returns and test its CARs."""
    if (event_id, key) in est.portfolios:
        return est.portfolios[(event_id, key)]
    study = est.study
    first = tickers[0]
    frame = pd.concat([est.returns[t] for t in tickers], axis=1)
    rp = pd.Series(portfolio_returns(frame.to_numpy().T), index=frame.index, name=key)
    # a day on which a member is missing is a missing portfolio return, not a smaller basket
    rp[frame.isna().any(axis=1)] = np.nan
    bench = study.benchmark_for(first)
    if bench:
        est.benchmarks[(key, bench)] = est.benchmarks[(first, bench)]
    est.returns[key] = rp
    est.calendars[key] = est.calendars[first]
    for ev in study.events:
        est.alignments[(ev.id, key)] = est.alignments[(ev.id, first)]
    res = _run_one(est, key, rp, event_id, study.model_for(first), bench,
                   est.alignments[(event_id, first)], key)
    est.portfolios[(event_id, key)] = res
    est.portfolio_members[key] = tickers
    return res


def finite(x: Any) -> float | None:
    """``float(x)`` or None when not finite (for JSON)."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None
