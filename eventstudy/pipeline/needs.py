"""What a study needs, from the study file alone: windows, tickers, robustness models.

Pure functions of a :class:`~eventstudy.spec.Study` (no prices), shared by
the estimation (:mod:`eventstudy.pipeline.estimate`) and the coverage check
(:mod:`eventstudy.pipeline.coverage`), so both see the same windows and
tickers and neither imports the other's module.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from eventstudy._typing import Window, date_index
from eventstudy.calendar.plan import StudyPlan
from eventstudy.exceptions import FactorDataError
from eventstudy.models.join import read_factor_csv
from eventstudy.spec import Study
from eventstudy.spec.schema import BENCHMARK_KINDS

#: windows always estimated for the robustness table (methods section 6)
ROBUST_WINDOWS: tuple[Window, ...] = ((0, 0), (0, 1), (-1, 1))


def event_windows(study: Study, event_id: str) -> list[Window]:
    """Windows estimated for one event: study windows, robustness windows, claim windows."""
    return list(dict.fromkeys([*study.event_windows, *ROBUST_WINDOWS,
                               *(c.window for c in study.claims if c.event == event_id)]))


def _needed_tickers(study: Study, calendars: dict[str, str]) -> dict[str, list[str]]:
    """Ticker -> the assets whose data need it (itself, or as a benchmark)."""
    users: dict[str, list[str]] = {}
    for a in study.assets:
        users.setdefault(a.ticker, []).append(a.ticker)
        for b in (study.benchmark_for(a.ticker),
                  _alternative(study, a.ticker, calendars[a.ticker])[1]):
            if b and a.ticker not in users.setdefault(b, []):
                users[b].append(a.ticker)
    return users


def _alternative(study: Study, ticker: str, calendar: str) -> tuple[str, str | None]:
    """Pick the robustness model.

    - a US-listed (XNYS) asset on a benchmark model (market, market-adjusted,
      Dimson, Scholes-Williams) gets the Carhart four-factor model on the
      cached Fama-French factors, when they cover the study's dates
      (:func:`_factors_cover`); otherwise
    - an asset on any model but the constant mean gets the constant mean;
    - a constant-mean index gets the market model on ACWX (US, the benchmark
      outside the US market) or on the study benchmark (non-US indices).
    """
    kind = study.model_for(ticker)
    if kind in BENCHMARK_KINDS and calendar == "XNYS" and _factors_cover(study):
        return "carhart", None
    if kind != "constant_mean":
        return "constant_mean", None
    bench = "ACWX" if calendar == "XNYS" else (study.model.benchmark or "^GSPC")
    return "market", bench if bench != ticker else None


#: calendar days of factor data wanted around the events (estimation window + slack)
_FACTOR_PAD_DAYS = 30


#: last answer of :func:`_factors_cover` per study object (asked once per asset)
_COVER: dict[int, tuple[Study, bool]] = {}


def _factors_cover(study: Study) -> bool:
    """Whether the cached ff3 and momentum files (one vintage) span the study's dates.

    The span is the first event minus 1.5 calendar days per estimation-window
    session (plus slack) to the last event plus the longest window; an exact
    per-session check follows in :func:`_factor_models`. Remembered per study
    object (the robustness model of every asset asks).
    """
    hit = _COVER.get(id(study))
    if hit is not None and hit[0] is study:
        return hit[1]
    _COVER.clear()  # one study at a time
    _COVER[id(study)] = (study, _factor_files_cover(study))
    return _COVER[id(study)][1]


def _factor_files_cover(study: Study) -> bool:
    """:func:`_factors_cover` without the memo."""
    from eventstudy.data.factors import factor_info
    from eventstudy.exceptions import FactorDataError

    cache_dir = study.resolve(study.data.cache) if study.data.cache else None
    try:
        infos = [factor_info(d, cache_dir) for d in ("ff3", "mom")]
    except (FactorDataError, OSError, ValueError):
        return False
    if len({i.get("vintage") for i in infos}) != 1:
        return False
    first = [e.span[0] for e in study.events]
    last = [e.span[1] for e in study.events]
    t0 = abs(min(0, study.model.estimation_window[0]))
    tail = max([1, *(w[1] for w in study.event_windows)])
    lo = pd.Timestamp(min(first)) - pd.Timedelta(days=int(1.5 * t0) + _FACTOR_PAD_DAYS)
    hi = pd.Timestamp(max(last)) + pd.Timedelta(days=int(1.5 * tail) + _FACTOR_PAD_DAYS)
    return all(pd.Timestamp(i["first_date"]) <= lo and pd.Timestamp(i["last_date"]) >= hi
               for i in infos)


def _robustness_only(study: Study, calendars: dict[str, str]) -> frozenset[str]:
    """Tickers needed only as an alternative model's benchmark (e.g. ACWX)."""
    core = {a.ticker for a in study.assets} | {
        b for a in study.assets if (b := study.benchmark_for(a.ticker))}
    return frozenset(t for t in _needed_tickers(study, calendars) if t not in core)


def _user_text(study: Study, calendars: dict[str, str]) -> dict[str, str]:
    """Ticker -> why ``run`` needs it (``asset``, ``benchmark of GM, F``), for messages."""
    assets = {a.ticker for a in study.assets}
    out = {}
    for t, users in _needed_tickers(study, calendars).items():
        others = [u for u in users if u != t]
        parts = (["asset"] if t in assets else []) + (
            [f"benchmark of {', '.join(others)}"] if others else [])
        out[t] = " and ".join(parts)
    return out


def _factor_models(study: Study, plan: StudyPlan, calendars: dict[str, str],
                   cache_dir: Any) -> dict[str, pd.DataFrame]:
    """Load the cached factors of every ff3/ff5/carhart model the run uses (primary or robustness).

    Factors are joined to each asset's sessions by date: an estimation day
    without a factor row is dropped from the estimation (like a missing
    return), but an event-window session without one is refused, since the
    day would silently drop out of the CAR.

    Raises
    ------
    FactorDataError
        The factors are not cached, mix vintages, or miss an event-window session.
    """
    from eventstudy.data.factors import load_factors
    from eventstudy.spec.schema import FACTOR_KINDS

    uses: dict[str, list[str]] = {}
    for a in study.assets:
        for kind in (study.model_for(a.ticker), _alternative(study, a.ticker,
                                                             calendars[a.ticker])[0]):
            if kind in FACTOR_KINDS:
                uses.setdefault(kind, []).append(a.ticker)
    out: dict[str, pd.DataFrame] = {}
    for kind, tickers in uses.items():
        frame = load_factors(kind, cache_dir=cache_dir)
        gaps = _factor_gaps(plan, set(tickers), frame)
        if gaps:  # one message for every session run would refuse
            dates = pd.DatetimeIndex(sorted({d for _, g in gaps for d in g}))
            shown = ", ".join(f"{d:%Y-%m-%d}" for d in dates[:10])
            more = f" and {len(dates) - 10} more" if len(dates) > 10 else ""
            who = ", ".join(dict.fromkeys(f"{r.ticker!r} (event {r.event_id!r})"
                                          for r, _ in gaps))
            raise FactorDataError(
                f"{_factor_files(frame, cache_dir)} (vintage {frame.attrs.get('vintage')}, "
                f"{kind} model) has no row for {len(dates)} event-window session(s) of "
                f"{who}: {shown}{more}",
                hint="import a factor vintage covering these dates (python -m eventstudy "
                "cache import-factors FILE), or use another model for these assets")
        out[kind] = frame
    return out


def _factor_gaps(plan: StudyPlan, tickers: set[str], frame: pd.DataFrame
                 ) -> list[tuple[Any, pd.DatetimeIndex]]:
    """Plan rows of ``tickers`` with event-window sessions missing from ``frame``'s dates.

    Sessions are matched once per calendar's session array, then each row's
    window positions are looked up (was a date-index difference per row).
    """
    have_days = np.asarray(date_index(frame).values, dtype="datetime64[D]")
    covered: dict[int, np.ndarray] = {}
    out = []
    for r in plan.rows:
        if r.ticker not in tickers:
            continue
        key = id(r.sessions)
        if key not in covered:
            covered[key] = np.isin(np.asarray(r.sessions.values, dtype="datetime64[D]"),
                                   have_days)
        ok = covered[key]
        if all(ok[a:b].all() for a, b in r.window_slices.values()):
            continue
        out.append((r, r.event_dates.difference(date_index(frame))))
    return [(r, g) for r, g in out if len(g)]


def _factor_files(frame: pd.DataFrame, cache_dir: Any) -> str:
    """Name the cached factor file(s) behind a loaded factor frame, as paths."""
    from eventstudy.data.factors import factor_dir, factor_info

    return " + ".join(str(factor_dir(cache_dir) / factor_info(d, cache_dir)["file"])
                      for d in frame.attrs.get("datasets", []))


def _factors(study: Study, plan: StudyPlan) -> pd.DataFrame:
    """Read ``model.factors`` and check it has a row on every event-window session.

    A session without a factor row is dropped from the estimation window
    (joined by date, never by position), but an event-window day without one
    would silently leave the day out of the CAR: that is refused.
    """
    if study.model.factors is None:  # the spec refuses this; kept for Study built in Python
        raise FactorDataError("the factor model needs model.factors",
                              hint="add 'factors: factors.csv' (date column + one column "
                              "per factor) under model")
    path = study.resolve(study.model.factors)
    if not path.is_file():
        raise FactorDataError(f"{path}: factor file not found (model.factors)",
                              hint="paths are relative to the study file")
    factors = read_factor_csv(path)
    have = date_index(factors.dropna(how="any"))
    for r in plan.rows:
        if study.model_for(r.ticker) != "factor":
            continue
        gap = r.event_dates.difference(have)
        if len(gap):
            shown = ", ".join(f"{d:%Y-%m-%d}" for d in gap[:5])
            raise FactorDataError(
                f"{path}: no complete factor row for {len(gap)} event-window session(s) of "
                f"{r.ticker!r}, event {r.event_id!r}: {shown}"
                f"{' ...' if len(gap) > 5 else ''}",
                hint="add a row for each of these dates with every factor's return")
    return factors


__all__ = ["ROBUST_WINDOWS", "event_windows", "_alternative", "_needed_tickers",
           "_robustness_only", "_user_text", "_factor_models", "_factors"]
