"""Exchange calendars by name: pandas_market_calendars' own, and the project's variants.

Every stage names a market's calendar by a string (``XNYS``, ``XHKG``, ...): the study
file's ``assets[].calendar``, the ticker table (:func:`eventstudy.data.calendar_for`), the
session checks of the price cache and the close-after rule of the aligner
(:mod:`eventstudy.calendar`). Almost all are pandas_market_calendars names, used as they
are. A few series keep one market's *trading days* but another's *hours*; they get a
name of their own here, so the one string carries both everywhere:

``STOXX``
    The EURO STOXX indices (``^STOXX50E``, ``^STOXX``): the trading days of
    exchange_calendars' Eurex calendar (``XEUR``, the only calendar whose holidays match
    the index series session for session: no index on 24 and 31 December, docs/data.md)
    with the cash market's hours, 09:00-17:30 Europe/Berlin -- the close of the
    constituents' home exchanges (Xetra, Euronext) whose closing prices make the index's
    close. ``XEUR`` itself closes at 22:00, Eurex's derivatives session: with it, news at
    18:00-22:00 CET (a Fed decision at 20:00, an evening speech) counted for the same day
    although the index had closed, and day 0 came one session early.

Why by hand: pandas_market_calendars has no calendar for an index's cash hours on
Eurex's days; its documented ``get_calendar(name, open_time, close_time)`` builds one, and
this module only names it.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from typing import Any

__all__ = ["DERIVED", "calendar_names", "market_calendar"]

#: project calendar name -> (pandas_market_calendars name, open, close, local to its zone)
DERIVED: dict[str, tuple[str, dt.time, dt.time]] = {
    "STOXX": ("XEUR", dt.time(9, 0), dt.time(17, 30)),
}


@functools.lru_cache(maxsize=1)
def calendar_names() -> frozenset[str]:
    """Return every calendar name a study may use: pandas_market_calendars' and ours."""
    import pandas_market_calendars as pmc

    return frozenset(pmc.get_calendar_names()) | frozenset(DERIVED)


@functools.lru_cache(maxsize=64)
def market_calendar(name: str) -> Any:  # noqa: ANN401 - pmc has no public base type
    """Return the pandas_market_calendars calendar called ``name`` (ours built from theirs).

    Raises
    ------
    RuntimeError
        From pandas_market_calendars, for a name it does not know (callers check
        :func:`calendar_names` first and raise the project's own error).
    """
    import pandas_market_calendars as pmc

    with warnings.catch_warnings():
        # exchange_calendars' pandas deprecation warnings are not ours to show
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        if name in DERIVED:
            base, open_time, close_time = DERIVED[name]
            return pmc.get_calendar(base, open_time=open_time, close_time=close_time)
        return pmc.get_calendar(name)
