"""Compare a price series with its exchange calendar inside a study's windows."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import pandas as pd

from eventstudy.calendar.sessions import sessions
from eventstudy.exceptions import DataGapWarning

if TYPE_CHECKING:
    from eventstudy.calendar.plan import StudyPlan

GAP_COLUMNS = ["ticker", "event_id", "date", "kind", "window"]


def data_gaps(plan: StudyPlan, ticker: str, prices: pd.Series | pd.DataFrame, *,
              warn: bool = True) -> pd.DataFrame:
    """List calendar sessions missing from ``prices`` and rows on non-sessions.

    Parameters
    ----------
    plan
        The study plan (gives the asset's calendar and window dates).
    ticker
        The asset.
    prices
        Its prices indexed by naive session date; a NaN counts as missing.
        For a DataFrame a row is missing when every column is NaN.
    warn
        Issue one :class:`~eventstudy.exceptions.DataGapWarning` when a
        session inside a window is missing.

    Returns
    -------
    pandas.DataFrame
        Columns ``ticker, event_id, date, kind, window``; ``kind`` is
        ``"missing"`` (a session of the calendar without a price, inside the
        estimation window or an event window) or ``"non_session"`` (a price
        row on a date the calendar says was closed, within the study span).
    """
    rows = [r for r in plan.rows if r.ticker == ticker]
    if not rows:
        raise KeyError(f"{ticker!r} is not an asset of the study")
    index = pd.DatetimeIndex(pd.to_datetime(prices.index)).normalize()
    present = prices.notna() if isinstance(prices, pd.Series) else prices.notna().any(axis=1)
    have = set(index[present.to_numpy()])
    out = []
    for r in rows:
        parts = [("estimation", r.estimation_dates)] + [
            (f"[{lo}, {hi}]", idx) for (lo, hi), idx in r.windows.items()]
        seen: set[pd.Timestamp] = set()
        for name, idx in parts:
            for d in idx:
                if d not in have and d not in seen:
                    seen.add(d)
                    out.append((ticker, r.event_id, d, "missing", name))
    start = min(r.estimation_dates[0] for r in rows)
    end = max(r.event_dates[-1] for r in rows)
    cal_days = set(sessions(rows[0].calendar, start, end))
    for d in index[(index >= start) & (index <= end)]:
        if d not in cal_days:
            out.append((ticker, "", d, "non_session", ""))
    frame = pd.DataFrame(out, columns=GAP_COLUMNS)
    in_event = frame[(frame["kind"] == "missing") & (frame["window"] != "estimation")]
    if warn and len(in_event):
        listed = ", ".join(sorted({f"{d:%Y-%m-%d}" for d in in_event["date"]}))
        warnings.warn(f"{ticker}: no price on {rows[0].calendar} session(s) {listed} inside "
                      "event windows; those returns are missing", DataGapWarning, stacklevel=3)
    return frame


__all__ = ["data_gaps"]
