"""Exchange sessions from pandas_market_calendars, cached.

Schedules are always requested with an explicit ``start_date`` and
``end_date`` (whole calendar years) and cached per calendar, the cached
span growing to the union of the years asked for (one schedule computation
per calendar and run, not one per span). Session dates are tz-naive midnight
:class:`pandas.Timestamp` values in an index named ``date``; closes are
tz-aware UTC timestamps.
"""

from __future__ import annotations

import datetime as dt
import difflib
import warnings
from functools import lru_cache

import pandas as pd

from eventstudy._calendars import calendar_names, market_calendar
from eventstudy._typing import date_index
from eventstudy.exceptions import UnknownCalendarError

DateLike = str | dt.date | pd.Timestamp


@lru_cache(maxsize=64)
def get_calendar(name: str):  # noqa: ANN201 - pandas_market_calendars has no public base type
    """Return the pandas_market_calendars calendar ``name``.

    Raises
    ------
    UnknownCalendarError
        If there is no such calendar; the message suggests the nearest names.
    """
    names = calendar_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        raise UnknownCalendarError(
            f"unknown exchange calendar {name!r}"
            + (f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""),
            hint="use a pandas_market_calendars name such as XNYS, XSHG, XHKG, "
            "CMEGlobex_Grains",
        )
    return market_calendar(name)


def calendar_timezone(name: str) -> str:
    """Return the IANA time zone of calendar ``name`` (e.g. ``America/New_York``)."""
    return str(get_calendar(name).tz)


#: calendar name -> (first year, last year, schedule of those whole years)
_COVER: dict[str, tuple[int, int, pd.DataFrame]] = {}


def _year_schedule(name: str, first_year: int, last_year: int) -> pd.DataFrame:
    """Schedule of whole calendar years covering ``first_year..last_year`` (maybe more).

    One schedule per calendar, grown to the union of the years asked for, so
    overlapping spans (plan, coverage, loading, charts) are computed once.
    """
    have = _COVER.get(name)
    if have is not None and have[0] <= first_year and last_year <= have[1]:
        return have[2]
    if have is not None:
        first_year, last_year = min(first_year, have[0]), max(last_year, have[1])
    cal = get_calendar(name)
    # exchange_calendars (used by pandas_market_calendars) emits pandas
    # deprecation warnings under pandas 3; they are not ours to fix or show.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        sched = cal.schedule(start_date=f"{first_year}-01-01", end_date=f"{last_year}-12-31")
    out = pd.DataFrame(
        {"market_open": sched["market_open"], "market_close": sched["market_close"]}
    )
    out.index = pd.DatetimeIndex(pd.to_datetime(out.index).normalize(), name="date")
    if len(_COVER) > 64:  # bounded, like the lru_cache it replaces
        _COVER.clear()
    _COVER[name] = (first_year, last_year, out)
    return out


def schedule(name: str, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Return open and close (UTC) of every session from ``start`` to ``end``, inclusive.

    Parameters
    ----------
    name
        pandas_market_calendars name.
    start, end
        First and last calendar dates (inclusive).

    Returns
    -------
    pandas.DataFrame
        Columns ``market_open``, ``market_close``; index naive session dates ``date``.
    """
    s, e = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if e < s:
        return _year_schedule(name, s.year, s.year).iloc[0:0]
    return _year_schedule(name, s.year, e.year).loc[s:e]


def sessions(name: str, start: DateLike, end: DateLike) -> pd.DatetimeIndex:
    """Return the session dates of calendar ``name`` from ``start`` to ``end`` (inclusive)."""
    return date_index(schedule(name, start, end))


def session_closes(name: str, start: DateLike, end: DateLike) -> pd.Series:
    """Return the UTC close of every session from ``start`` to ``end``, indexed by date."""
    return schedule(name, start, end)["market_close"]


def is_session(name: str, day: DateLike) -> bool:
    """Return whether ``day`` is a session of calendar ``name``."""
    d = pd.Timestamp(day).normalize()
    return d in schedule(name, d, d).index


__all__ = [
    "calendar_timezone",
    "get_calendar",
    "is_session",
    "schedule",
    "session_closes",
    "sessions",
]
