r"""Event-time portfolio for a group whose members trade on different calendars.

When the members of a group claim share a calendar, day 0 and model, the
pipeline forms their equal-weighted portfolio in calendar time and tests it as
one event (the time-series portfolio approach, :func:`estimate.estimate_portfolio`).
Members on different exchanges (Shanghai and Hong Kong, New York and
Shanghai) do not share sessions or even day 0, so a calendar-time portfolio
cannot be formed. Their abnormal returns are instead averaged in *event time*:
each member keeps its own calendar, its own day 0 and its own normal-return
model, and the averages are taken by relative day :math:`\tau`. This is
Brown & Warner's "crude dependence adjustment" (1980, 1985): the standard
deviation of the average comes from the time series of averaged
estimation-window residuals, so it already contains the members'
cross-correlation -- which a plain cross-sectional test ignores and therefore
over-rejects on shared event dates (Kolari & Pynnönen 2010).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from eventstudy._typing import Window, position
from eventstudy.stats.abnormal import CarResult, EventEstimate
from eventstudy.stats.portfolio import EventTimeCar, event_time_car  # noqa: F401 (re-exported)

#: model label used in tables for an event-time portfolio
EVENT_TIME_MODEL = "event-time portfolio"


@dataclass(frozen=True)
class EventTimeEstimate:
    r"""The event-time portfolio of one group for one event (duck-types ``EventEstimate``).

    Attributes
    ----------
    key, event_id, members
        Target id (``portfolio:<group> (event time)``), event and member tickers.
    day0
        Earliest member day 0 (each member keeps its own; see ``day0s``).
    day0s
        Member -> its day 0.
    cars
        Window (as extended for the first member) -> :class:`CarResult`.
    abnormal
        Averaged abnormal returns by relative day (``rel_day``,
        ``abnormal_return``, ``ar_se`` = :math:`S(\overline{AR})`, ``n_members``).
    sigma, n_estimation, vol_ratio
        :math:`S(\overline{AR})`, :math:`L_1`, mean of the members' volatility
        ratios before their own day 0 (``EventEstimate.vol_ratio``); each
        window's ``cars[w].vol_ratio`` is the mean of the members' ratios for
        that window.
    """

    key: str
    event_id: str
    members: tuple[str, ...]
    day0: pd.Timestamp
    day0s: Mapping[str, pd.Timestamp]
    cars: Mapping[Window, CarResult]
    abnormal: pd.DataFrame
    sigma: float
    n_estimation: int
    vol_ratio: float
    model: str = EVENT_TIME_MODEL
    calendars: tuple[str, ...] = field(default_factory=tuple)


def _rel_residuals(res: EventEstimate, index: pd.DatetimeIndex) -> pd.Series:
    pos0 = position(index, res.day0)
    t0, t1 = res.estimation_window
    out = pd.Series(np.nan, index=pd.RangeIndex(t0, t1 + 1), dtype="float64")
    resid = res.residuals.dropna()
    rel = index.get_indexer(pd.DatetimeIndex(resid.index)) - pos0
    keep = (rel >= t0) & (rel <= t1)
    out.loc[pd.Index(rel[keep])] = resid.to_numpy()[keep]
    return out


def estimate_event_time(key: str, event_id: str, members: Mapping[str, EventEstimate],
                        indexes: Mapping[str, pd.DatetimeIndex],
                        extensions: Mapping[str, int], windows: Sequence[Window],
                        calendars: Sequence[str] = ()) -> EventTimeEstimate:
    """Event-time portfolio of ``members`` for each window (see :func:`event_time_car`).

    Parameters
    ----------
    key, event_id
        Target id and event.
    members
        Member ticker -> its own :class:`EventEstimate` (own calendar, day 0, model).
    indexes
        Member ticker -> its session index (to turn dates into relative days).
    extensions
        Member ticker -> its window extension (uncertain-date ranges).
    windows
        Unextended windows to test.
    calendars
        Calendars spanned (for labels).

    Returns
    -------
    EventTimeEstimate
    """
    tick = list(members)
    resid = pd.concat({t: _rel_residuals(members[t], indexes[t]) for t in tick}, axis=1)
    ar_all = pd.concat({t: members[t].abnormal.set_index("rel_day")["abnormal_return"]
                        for t in tick}, axis=1).sort_index()
    cars: dict[Window, CarResult] = {}
    ext0 = extensions[tick[0]]
    for w in windows:
        masked = ar_all.copy()
        for t in tick:
            lo, hi = w[0], w[1] + extensions[t]
            out = (masked.index < lo) | (masked.index > hi)
            masked.loc[out, t] = np.nan
        masked = masked.loc[masked.notna().any(axis=1)]
        etc = event_time_car(resid, masked)
        starts, ends, wvols = [], [], []
        for t in tick:
            c = members[t].cars.get((w[0], w[1] + extensions[t]))
            if c is not None:
                starts.append(c.start_date)
                ends.append(c.end_date)
                if math.isfinite(c.vol_ratio):
                    wvols.append(c.vol_ratio)
        cars[(w[0], w[1] + ext0)] = CarResult(
            window=(w[0], w[1] + ext0), start_date=min(starts), end_date=max(ends),
            car=etc.car, se=etc.se, n_days=etc.n_days, t=etc.t, sq=etc.sq,
            dof=etc.dof, vol_ratio=float(np.mean(wvols)) if wvols else float("nan"))
    full = pd.RangeIndex(int(resid.index.min()), int(resid.index.max()) + 1)
    s_all = float(resid.reindex(full).mean(axis=1).std(ddof=1))
    abn = pd.DataFrame({"rel_day": ar_all.index.to_numpy(),
                        "abnormal_return": ar_all.mean(axis=1).to_numpy(),
                        "ar_se": s_all, "n_members": ar_all.notna().sum(axis=1).to_numpy()})
    vols = [members[t].vol_ratio for t in tick if math.isfinite(members[t].vol_ratio)]
    day0s = {t: members[t].day0 for t in tick}
    return EventTimeEstimate(
        key, event_id, tuple(tick), min(day0s.values()), day0s, cars, abn, s_all,
        int(resid.notna().any(axis=1).sum()), float(np.mean(vols)) if vols else float("nan"),
        calendars=tuple(calendars))
