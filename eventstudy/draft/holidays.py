"""Named holidays a market story dates things by ("closed for Good Friday", "Thanksgiving").

Easter comes from ``dateutil.easter`` (Western churches); the US federal holidays
by their rule (the fourth Thursday of November, ...). Used by
:mod:`eventstudy.draft.dates`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dateutil.easter import easter  # type: ignore[import-untyped]  # (pandas depends on it)


def _nth_weekday(year: int, month: int, wd: int, n: int) -> dt.date:
    """Return the ``n``-th weekday ``wd`` (0 = Monday) of a month; ``n = -1``: the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


#: named holidays a market story dates things by -> the day in a given year
#: (Easter from dateutil, Western churches; US federal holidays by their rule)
HOLIDAY_NAMES: dict[str, Callable[[int], dt.date]] = {
    "good friday": lambda y: easter(y) - dt.timedelta(days=2),
    "easter monday": lambda y: easter(y) + dt.timedelta(days=1),
    "easter sunday": easter,
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new year's day": lambda y: dt.date(y, 1, 1),
    # "returned from the New Year holiday": the day off itself (a bare "the new year" is
    # the year, no day)
    "new year's holiday": lambda y: dt.date(y, 1, 1),
    "new year holiday": lambda y: dt.date(y, 1, 1),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "black friday": lambda y: _nth_weekday(y, 11, 3, 4) + dt.timedelta(days=1),
    "independence day": lambda y: dt.date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "presidents day": lambda y: _nth_weekday(y, 2, 0, 3),
    "presidents' day": lambda y: _nth_weekday(y, 2, 0, 3),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
}


def holiday_in(name: str, year: int) -> dt.date:
    """Return the day of holiday ``name`` in ``year``."""
    return HOLIDAY_NAMES[" ".join(name.lower().replace("’", "'").split())](year)


def holiday(name: str, dateline: dt.date) -> dt.date:
    """Return the occurrence of holiday ``name`` nearest the dateline (years -1, 0, +1)."""
    days = [holiday_in(name, dateline.year + k) for k in (-1, 0, 1)]
    return min(days, key=lambda d: (abs((d - dateline).days), d > dateline))
