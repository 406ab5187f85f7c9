"""Map an event to day 0 on an exchange calendar (methods.md section 2).

Rules, per kind of ``when``:

* **date and time** (tz-aware, or naive with the event's ``timezone``):
  day 0 is the first session whose *close* is after the event timestamp.
  News at 16:30 New York on Thursday is Friday for NYSE; news at 14:00 on
  the 13:00 early close of Christmas Eve is the next session.
* **date only** ("some time that day"): day 0 is that date if it is a
  session of the calendar, else the next session. The date is read as a
  calendar date on the exchange (an event's ``timezone`` does not shift it);
  give a time when the market's close matters.
* **range** ``{from, to}`` (date uncertain): day 0 is the first session on or
  after ``from``; ``last_day`` is the last session on or before ``to`` and
  ``extension`` the number of sessions from day 0 to ``last_day``, by which
  every event window is extended so it covers ``to``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from eventstudy.calendar.sessions import calendar_timezone, get_calendar, schedule
from eventstudy.exceptions import EventOutsideDataError, SpecError, SpecIssue
from eventstudy.spec.schema import DateRange, Event

#: calendar days searched ahead for the next session (longest closures are ~10 days)
_LOOKAHEAD_DAYS = 40


@dataclass(frozen=True)
class Alignment:
    """Where an event falls on one exchange calendar.

    Attributes
    ----------
    event_id
        The event's id.
    calendar
        pandas_market_calendars name.
    day0
        Session date of day 0 (naive midnight).
    last_day
        Last session the event may still be arriving in (``day0`` except for ranges).
    extension
        Sessions from ``day0`` to ``last_day``; event windows are extended by it.
    rolled
        Whether day 0 is later than the event's own date (weekend, holiday,
        after the close, or a range starting on a non-session).
    reason
        One sentence explaining day 0, naming skipped holidays.
    holidays
        Weekdays skipped because the exchange was closed.
    """

    event_id: str
    calendar: str
    day0: pd.Timestamp
    last_day: pd.Timestamp
    extension: int
    rolled: bool
    reason: str
    holidays: tuple[pd.Timestamp, ...] = ()


def _event(event: Event | dt.date | dt.datetime | DateRange | str | dict,
           timezone: str | None, event_id: str | None) -> Event:
    if isinstance(event, Event):
        return event
    from pydantic import ValidationError

    try:
        return Event.model_validate({"id": event_id or "event", "when": event,
                                     "timezone": timezone})
    except ValidationError as exc:
        raise SpecError([SpecIssue(".".join(map(str, e["loc"])),
                                   (e.get("ctx") or {}).get("message", e["msg"]),
                                   hint=(e.get("ctx") or {}).get("hint") or None)
                         for e in exc.errors()]) from None


def _first_session_on_or_after(calendar: str, day: pd.Timestamp) -> pd.Timestamp:
    for span in (_LOOKAHEAD_DAYS, 400):
        idx = schedule(calendar, day, day + pd.Timedelta(days=span)).index
        if len(idx):
            return idx[0]
    raise EventOutsideDataError(
        f"no {calendar} session within 400 days after {day.date()}",
        hint="check the event date and the asset's calendar",
    )


def _holidays(calendar: str, start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, ...]:
    """Weekdays in ``[start, end)`` that are not sessions."""
    if end <= start:
        return ()
    days = pd.bdate_range(start, end - pd.Timedelta(days=1))
    open_days = schedule(calendar, start, end).index
    return tuple(d for d in days if d not in open_days)


def _holiday_text(days: tuple[pd.Timestamp, ...]) -> str:
    if not days:
        return ""
    names = [d.strftime("%Y-%m-%d") for d in days]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"; {joined} {'is a holiday' if len(names) == 1 else 'are holidays'}"


def _a(name: str) -> str:
    """Article for a calendar acronym: 'an XNYS', 'a CMEGlobex_Grains'."""
    return "an" if name[:1].upper() in "AEFHILMNORSX" else "a"


def _day(d: pd.Timestamp) -> str:
    return f"{d:%A} {d:%Y-%m-%d}"


def _align_date(ev: Event, calendar: str, day: pd.Timestamp) -> Alignment:
    day0 = _first_session_on_or_after(calendar, day)
    if day0 == day:
        reason = f"{_day(day)} (date only) is {_a(calendar)} {calendar} session"
        return Alignment(ev.id, calendar, day0, day0, 0, False, reason)
    hol = _holidays(calendar, day, day0)
    reason = f"{_day(day)} → next {calendar} session {day0:%Y-%m-%d}{_holiday_text(hol)}"
    return Alignment(ev.id, calendar, day0, day0, 0, True, reason, hol)


def _align_range(ev: Event, calendar: str, rng: DateRange) -> Alignment:
    start, end = pd.Timestamp(rng.from_), pd.Timestamp(rng.to)
    day0 = _first_session_on_or_after(calendar, start)
    inside = schedule(calendar, day0, end).index
    last = inside[-1] if len(inside) else day0
    extension = max(len(inside) - 1, 0)
    hol = _holidays(calendar, start, day0)
    head = f"range {start:%Y-%m-%d} to {end:%Y-%m-%d}: day 0 = first {calendar} session on or "
    head += f"after {start:%Y-%m-%d}"
    if day0 != start:
        head += f" ({_day(start)} is not a session) = {day0:%Y-%m-%d}{_holiday_text(hol)}"
    else:
        head += f" = {day0:%Y-%m-%d}"
    if extension:
        head += f"; windows extended by {extension} session{'s' * (extension != 1)} to "
        head += f"{last:%Y-%m-%d}"
    return Alignment(ev.id, calendar, day0, last, extension, day0 != start, head, hol)


def _align_time(ev: Event, calendar: str, when: dt.datetime) -> Alignment:
    if when.tzinfo is None:
        tzname = ev.timezone or "UTC"
        # a wall time in a DST gap moves forward; an ambiguous one is the first (DST) instant
        ts = pd.Timestamp(when).tz_localize(ZoneInfo(tzname), ambiguous=True,
                                            nonexistent="shift_forward")
    else:
        ts = pd.Timestamp(when)
        tzname = ev.timezone or str(ts.tzinfo)
        if ev.timezone:
            ts = ts.tz_convert(ZoneInfo(ev.timezone))
    cal_tz = calendar_timezone(calendar)
    local = ts.tz_convert(cal_tz)
    cal_day = local.tz_localize(None).normalize()
    sched = schedule(calendar, cal_day - pd.Timedelta(days=1), cal_day + pd.Timedelta(days=400))
    after = sched[sched["market_close"] > ts.tz_convert("UTC")]
    if after.empty:
        raise EventOutsideDataError(f"no {calendar} session closes after {ts}")
    day0 = after.index[0]
    said = f"{_day(ts.tz_localize(None))} {ts:%H:%M} {tzname}"
    if cal_tz != tzname:
        said += f" ({local:%H:%M} {cal_tz})"
    if day0 <= cal_day:  # same calendar day (or a session that closes after midnight)
        close = sched["market_close"].loc[day0].tz_convert(cal_tz)
        reason = f"{said} is before the {calendar} close at {close:%H:%M} → day 0 {day0:%Y-%m-%d}"
        return Alignment(ev.id, calendar, day0, day0, 0, False, reason)
    if cal_day in sched.index:
        close = sched["market_close"].loc[cal_day].tz_convert(cal_tz)
        regular = get_calendar(calendar).close_time
        early = " (early close)" if close.time().replace(tzinfo=None) < regular.replace(
            tzinfo=None) else ""
        reason = (f"{said} is after the {calendar} close at {close:%H:%M}{early} on "
                  f"{cal_day:%Y-%m-%d} → next session {day0:%Y-%m-%d}")
        hol = _holidays(calendar, cal_day + pd.Timedelta(days=1), day0)
    else:
        reason = (f"{said}: {_day(cal_day)} is not {_a(calendar)} {calendar} session → "
                  f"next session {day0:%Y-%m-%d}")
        hol = _holidays(calendar, cal_day, day0)
    return Alignment(ev.id, calendar, day0, day0, 0, True, reason + _holiday_text(hol), hol)


def align(event: Event | dt.date | dt.datetime | DateRange | str | dict, calendar: str, *,
          timezone: str | None = None, event_id: str | None = None) -> Alignment:
    """Find day 0 of ``event`` on ``calendar`` (methods.md section 2).

    Parameters
    ----------
    event
        A spec :class:`~eventstudy.spec.Event`, or its ``when`` (a date, an
        ISO string, a datetime, or ``{"from": ..., "to": ...}``).
    calendar
        pandas_market_calendars name, e.g. ``"XNYS"``.
    timezone
        Zone of a naive time when ``event`` is not an :class:`Event`.
    event_id
        Id recorded in the result when ``event`` is not an :class:`Event`.

    Returns
    -------
    Alignment
        Day 0, last day, extension and the reason in words.

    Raises
    ------
    SpecError
        If ``event`` cannot be read (e.g. a naive time without ``timezone``).
    UnknownCalendarError
        If ``calendar`` does not exist.

    Examples
    --------
    >>> align("2018-12-29", "XSHG").reason
    'Saturday 2018-12-29 → next XSHG session 2019-01-02; 2018-12-31 and 2019-01-01 are holidays'
    """
    get_calendar(calendar)
    ev = _event(event, timezone, event_id)
    when = ev.when
    if isinstance(when, DateRange):
        return _align_range(ev, calendar, when)
    if isinstance(when, dt.datetime):
        return _align_time(ev, calendar, when)
    return _align_date(ev, calendar, pd.Timestamp(when))


def align_many(events: Sequence[Event], calendar: str) -> list[Alignment]:
    """Align many events on one calendar: :func:`align` for each, vectorised.

    Date-only events (the common case) are placed with one
    :func:`numpy.searchsorted` on the calendar's session array; events with a
    time or a date range go through :func:`align`. The result equals
    ``[align(e, calendar) for e in events]`` (same day 0, reason and holidays).

    Parameters
    ----------
    events
        Spec events.
    calendar
        pandas_market_calendars name.

    Returns
    -------
    list of Alignment
        In the order of ``events``.
    """
    get_calendar(calendar)
    out: list[Alignment | None] = [None] * len(events)
    plain = [i for i, e in enumerate(events)
             if isinstance(e.when, dt.date) and not isinstance(e.when, dt.datetime)]
    if plain:
        days = np.array([np.datetime64(events[i].span[0], "D") for i in plain])
        lo, hi = days.min().astype(object), days.max().astype(object)
        sched = schedule(calendar, pd.Timestamp(lo),
                         pd.Timestamp(hi) + pd.Timedelta(days=_LOOKAHEAD_DAYS))
        sess = sched.index.to_numpy().astype("datetime64[D]")
        pos = np.searchsorted(sess, days, side="left")
        for k, i in enumerate(plain):
            if pos[k] >= len(sess):
                continue  # no session within the lookahead: align() says why
            ev, day = events[i], pd.Timestamp(days[k])
            day0 = pd.Timestamp(sess[pos[k]])
            if day0 == day:
                reason = f"{_day(day)} (date only) is {_a(calendar)} {calendar} session"
                out[i] = Alignment(ev.id, calendar, day0, day0, 0, False, reason)
                continue
            # every weekday in [day, day0) is a closure (day0 is the first session)
            between = np.arange(days[k], sess[pos[k]], dtype="datetime64[D]")
            hol = tuple(pd.Timestamp(d) for d in between[np.is_busday(between)])
            reason = (f"{_day(day)} → next {calendar} session {day0:%Y-%m-%d}"
                      f"{_holiday_text(hol)}")
            out[i] = Alignment(ev.id, calendar, day0, day0, 0, True, reason, hol)
    return [a if a is not None else align(events[i], calendar) for i, a in enumerate(out)]


__all__ = ["Alignment", "align", "align_many"]
