"""Say why ``run`` needed prices it could not download, and how to avoid the download.

Used when Yahoo cannot be reached: the data layer names the ticker and the
date range; this module adds which event and window needed them, where the
cache stops, and the three ways out (fetch while online, a shorter
estimation window, or ``data.source: cache``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from eventstudy.calendar.plan import StudyPlan
from eventstudy.calendar.sessions import sessions
from eventstudy.data import PriceCache, resolve_cache_dir
from eventstudy.exceptions import ProviderUnreachableError
from eventstudy.spec import Study

__all__ = ["explain_unreachable"]


def _users(study: Study, ticker: str) -> list[str]:
    """Assets whose estimates need ``ticker`` (itself, or as their benchmark)."""
    return [a.ticker for a in study.assets
            if ticker in (a.ticker, study.benchmark_for(a.ticker))] or \
        [a.ticker for a in study.assets]


def _why(study: Study, plan: StudyPlan, ticker: str, start: pd.Timestamp,
         end: pd.Timestamp, cache: PriceCache) -> tuple[str, str]:
    """Return (why the range was needed, the estimation-window suggestion)."""
    meta = cache.meta(ticker)
    t0, t1 = study.model.estimation_window
    shorten = f"shorten model.estimation_window (now [{t0}, {t1}])"
    if meta is None or not meta.get("first_date"):
        close = cache.closest_ticker(ticker)
        typo = f" (is it a typo for {close!r}?)" if close else ""
        return (f"{ticker!r} is not in the cache folder {cache.folder} at all{typo}", shorten)
    first, last = pd.Timestamp(meta["first_date"]), pd.Timestamp(meta["last_date"])
    users = _users(study, ticker)
    rows = [r for r in plan.rows if r.ticker in users]
    others = [u for u in users if u != ticker]
    role = f" (benchmark of {', '.join(others)})" if others else ""
    if rows and start < first:
        r = min(rows, key=lambda row: row.estimation_dates[0])
        est0 = pd.Timestamp(r.estimation_dates[0])
        if est0 < first:
            idx = sessions(r.calendar, first, r.alignment.day0)
            k = max(len(idx) - 2, 0)  # first return needs the session before it
            if -k < t1:
                shorten += f", e.g. to [-{k}, {t1}], so it starts after {first:%Y-%m-%d}"
            return (f"the estimation window [{t0}, {t1}] of event {r.event_id!r} "
                    f"({r.ticker}, day 0 {r.alignment.day0:%Y-%m-%d}) reaches back to "
                    f"{est0:%Y-%m-%d}, before the cache's first date {first:%Y-%m-%d} for "
                    f"{ticker}{role}", shorten)
        return (f"{ticker}{role} is needed from {start:%Y-%m-%d} (the return before the "
                f"estimation window, the pre-event volatility window or the benchmark's "
                f"slack), before the cache's first date {first:%Y-%m-%d}", shorten)
    if rows and end > last:
        r = max(rows, key=lambda row: row.alignment.last_day)
        return (f"event {r.event_id!r} ({r.ticker}) needs {ticker}{role} up to "
                f"{end:%Y-%m-%d} (its event windows and the report's timeline), after the "
                f"cache's last date {last:%Y-%m-%d}", shorten)
    return (f"the cache folder {cache.folder} has {ticker} only for "
            f"{first:%Y-%m-%d}..{last:%Y-%m-%d}",
            shorten)


def explain_unreachable(exc: ProviderUnreachableError, study: Study, plan: StudyPlan,
                        cache_dir: Any) -> ProviderUnreachableError:
    """Rewrite an unreachable-Yahoo error for a study run: what, why, and the fixes.

    Parameters
    ----------
    exc
        The data layer's error (``ticker``, ``start``, ``end`` set).
    study, plan
        The study and its calendar plan.
    cache_dir
        The study's cache folder (None: the default).

    Returns
    -------
    ProviderUnreachableError
        A new error whose message names the ticker, the date range and the
        event/window that needed it, and whose hint lists the fixes.
    """
    cache = PriceCache(resolve_cache_dir(cache_dir))
    ticker = exc.ticker or "?"
    # the error types start/end as ``object``; the provider sets both to timestamps or neither
    start = pd.Timestamp(exc.start) if isinstance(exc.start, dt.date | str) else pd.NaT
    end = pd.Timestamp(exc.end) if isinstance(exc.end, dt.date | str) else pd.NaT
    what = exc.message.split(": ", 1)[1] if ": " in exc.message else exc.message
    if exc.ticker is not None and isinstance(start, pd.Timestamp) and isinstance(
            end, pd.Timestamp):
        why, shorten = _why(study, plan, ticker, start, end, cache)
    else:
        why, shorten = "the cache does not cover the study's dates", \
            "shorten model.estimation_window"
    from eventstudy.pipeline.coverage import data_coverage  # (imports this module's users)

    cov = data_coverage(study, plan, cache_dir=cache.folder)
    if cov.fit is not None and cov.fit[0] > study.model.estimation_window[0]:
        # the window that fits the cache, with a min_estimation_days that fits it too
        shorten = cov.fix(study).split("; or add")[0]
    name = Path(study.path).name if study.path else "STUDY.yaml"
    span = f"{start:%Y-%m-%d}..{end:%Y-%m-%d}" if exc.start is not None else "the study's dates"
    return ProviderUnreachableError(
        f"could not reach Yahoo (no network?) to download {ticker!r} for {span}, which "
        f"the cache folder {cache.folder} lacks: {why}. Yahoo said: {what}",
        hint=f"download the study's prices once while online (they are cached); or "
        f"{shorten} (then `data.source: cache` in {name} keeps every run offline)",
        ticker=exc.ticker, start=exc.start, end=exc.end)
