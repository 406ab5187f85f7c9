"""Calendar arithmetic for resolving time phrases against a dateline.

Weeks (Monday..Sunday), calendar months, the occurrence of a month-day nearest
the dateline, an explicit date's reading, and the weekday rules ("last", "next",
"this", bare, future-tense) of :mod:`eventstudy.draft.dates` (whose docstring
states them). Pure functions of their arguments.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from eventstudy.draft.framing import WEEKDAYS
from eventstudy.draft.phrases import _MONTHS


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _same_week(a: dt.date, b: dt.date) -> bool:
    return _monday(a) == _monday(b)


def _workweek(day: dt.date) -> tuple[dt.date, dt.date]:
    mon = _monday(day)
    return mon, mon + dt.timedelta(days=4)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, n: int) -> tuple[int, int]:
    m = day.month - 1 + n
    return day.year + m // 12, m % 12 + 1


def _nearest_occurrence(month: int, day: int, dateline: dt.date) -> dt.date | None:
    """Return the valid ``month``/``day`` date nearest to ``dateline`` (years -1, 0, +1)."""
    best: dt.date | None = None
    for year in (dateline.year - 1, dateline.year, dateline.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - dateline).days) < abs((best - dateline).days):
            best = cand
    return best


def _explicit_date(m: re.Match[str], dateline: dt.date) -> tuple[dt.date, str, str] | None:
    """Resolve the date groups of a match; ``None`` if it is not a valid date."""
    g = m.groupdict()
    if g.get("iso"):
        try:
            return dt.date.fromisoformat(g["iso"]), "explicit ISO date", ""
        except ValueError:
            return None
    mon = g.get("mon") or g.get("mon2")
    day = g.get("day") or g.get("day2")
    year = g.get("year") or g.get("year2")
    if not mon or not day:
        return None
    month = _MONTHS[mon.lower().rstrip(".")]
    if year:
        try:
            return dt.date(int(year), month, int(day)), "explicit date with year", ""
        except ValueError:
            return None
    found = _nearest_occurrence(month, int(day), dateline)
    if found is None:
        return None
    rule = "month-day without year: occurrence nearest the dateline"
    review = ""
    if abs((found - dateline).days) > 122:
        review = (
            f"no year given and {found:%Y-%m-%d} is more than four months from the dateline "
            f"{dateline:%Y-%m-%d}; check the year"
        )
    return found, rule, review


def _resolve_weekday(
    wd: int, mod: str, dateline: dt.date, *, future: bool, speech: bool
) -> tuple[dt.date, str, str]:
    back = (dateline.weekday() - wd) % 7
    fwd = (wd - dateline.weekday()) % 7
    name = WEEKDAYS[wd].capitalize()
    if mod == "last":
        day = dateline - dt.timedelta(days=back or 7)
        review = ""
        if _same_week(day, dateline):
            review = f"'last {name}' may mean {day:%Y-%m-%d} (chosen) or the {name} a week earlier"
        return day, f"'last {name}': most recent {name} strictly before the dateline", review
    if mod in ("next", "coming", "this coming"):
        day = dateline + dt.timedelta(days=fwd or 7)
        review = ""
        if mod == "next" and _same_week(day, dateline):
            review = f"'next {name}' may mean {day:%Y-%m-%d} (chosen) or the {name} a week later"
        return day, f"'{mod} {name}': first {name} after the dateline", review
    if mod == "this":
        day = _monday(dateline) + dt.timedelta(days=wd)
        return day, f"'this {name}': the {name} of the dateline's week", ""
    if future and not speech:
        day = dateline + dt.timedelta(days=fwd)
        return (
            day,
            f"{name} in a future-tense clause: first {name} on or after the dateline",
            f"future tense, so {name} was read forward as {day:%Y-%m-%d}; check",
        )
    day = dateline - dt.timedelta(days=back)
    rule = f"{name}: most recent {name} on or before the dateline"
    if speech:
        rule += " (reported speech is still relative to the dateline)"
    return day, rule, ""

