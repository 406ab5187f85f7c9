"""Event alignment (methods.md section 2): pinned dates and a Hypothesis property."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import pandas_market_calendars as mcal
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventstudy.calendar import align, calendar_for, sessions
from eventstudy.exceptions import SpecError, UnknownCalendarError

NY = "America/New_York"

#: (when, timezone, calendar, expected day 0) -- the cases pinned in issue 3
PINNED = [
    ("2018-12-27", None, "XNYS", "2018-12-27"),
    ("2018-12-27T16:30", NY, "XNYS", "2018-12-28"),
    ("2018-12-29", None, "XNYS", "2018-12-31"),
    ("2018-12-29", None, "XHKG", "2018-12-31"),
    ("2018-12-29", None, "XSHG", "2019-01-02"),
    ("2018-12-01", None, "XNYS", "2018-12-03"),
    ("2018-12-01", None, "XSHG", "2018-12-03"),
    ("2018-12-01", None, "XHKG", "2018-12-03"),
    ("2018-12-05", None, "XNYS", "2018-12-06"),  # national day of mourning (G.H.W. Bush)
    ("2018-12-05", None, "CMEGlobex_Grains", "2018-12-05"),
    ("2018-12-24T14:00", NY, "XNYS", "2018-12-26"),  # 13:00 early close, 25th holiday
]


@pytest.mark.parametrize(("when", "tz", "cal", "day0"), PINNED,
                         ids=[f"{w}-{c}" for w, _, c, _ in PINNED])
def test_pinned_day0(when: str, tz: str | None, cal: str, day0: str) -> None:
    a = align(when, cal, timezone=tz)
    assert a.day0 == pd.Timestamp(day0)
    assert a.last_day == a.day0 and a.extension == 0
    assert a.calendar == cal


def test_reason_names_skipped_holidays() -> None:
    a = align("2018-12-29", "XSHG", timezone=NY, event_id="trump_xi_call")
    assert a.event_id == "trump_xi_call" and a.rolled
    assert a.reason == ("Saturday 2018-12-29 → next XSHG session 2019-01-02; "
                        "2018-12-31 and 2019-01-01 are holidays")
    assert a.holidays == (pd.Timestamp("2018-12-31"), pd.Timestamp("2019-01-01"))


def test_reason_after_early_close() -> None:
    a = align("2018-12-24T14:00", "XNYS", timezone=NY)
    assert a.rolled
    assert "after the XNYS close at 13:00 (early close) on 2018-12-24" in a.reason
    assert a.reason.endswith("2018-12-25 is a holiday")


def test_date_only_session_is_not_rolled() -> None:
    a = align("2018-12-27", "XNYS")
    assert not a.rolled and a.holidays == ()
    assert a.reason == "Thursday 2018-12-27 (date only) is an XNYS session"


def test_before_close_same_day_and_cross_timezone() -> None:
    assert align("2018-12-27T15:59", "XNYS", timezone=NY).day0 == pd.Timestamp("2018-12-27")
    # 10:00 New York = 23:00 Shanghai, after Shanghai's 15:00 close -> next session
    a = align("2018-12-27T10:00", "XSHG", timezone=NY)
    assert a.day0 == pd.Timestamp("2018-12-28")
    assert "(23:00 Asia/Shanghai)" in a.reason
    # an offset in the string fixes the instant: 21:30 UTC = 16:30 New York
    assert align("2018-12-27T21:30:00+00:00", "XNYS").day0 == pd.Timestamp("2018-12-28")


def test_date_range_extends_windows_to_cover_to() -> None:
    a = align({"from": "2018-12-22", "to": "2018-12-28"}, "XNYS")
    assert a.day0 == pd.Timestamp("2018-12-24")  # Saturday -> Monday
    assert a.last_day == pd.Timestamp("2018-12-28")
    assert a.extension == 3  # 26, 27, 28 (25th closed)
    assert a.rolled
    b = align({"from": "2018-12-29", "to": "2018-12-30"}, "XNYS")  # a weekend only
    assert (b.day0, b.last_day, b.extension) == (pd.Timestamp("2018-12-31"),) * 2 + (0,)


def test_naive_time_without_zone_is_refused() -> None:
    with pytest.raises(SpecError, match="no time zone"):
        align("2018-12-27T16:30", "XNYS")


def test_unknown_calendar() -> None:
    with pytest.raises(UnknownCalendarError, match="did you mean .*'XNYS'"):
        align("2018-12-27", "XNYZ")


def test_time_in_dst_gap_and_ambiguous_hour() -> None:
    # 2018-03-11 02:30 does not exist in New York (clocks jump 02:00 -> 03:00): Monday
    assert align("2018-03-11T02:30", "XNYS", timezone=NY).day0 == pd.Timestamp("2018-03-12")
    # 2018-11-04 01:30 happens twice; either way it is Sunday -> Monday
    assert align("2018-11-04T01:30", "XNYS", timezone=NY).day0 == pd.Timestamp("2018-11-05")


def test_calendar_for_is_reexported() -> None:
    assert calendar_for("000001.SS") == "XSHG"
    assert calendar_for("GM") == "XNYS"


def test_sessions_pinned_closures() -> None:
    nyse = sessions("XNYS", "2018-12-01", "2019-01-05")
    assert pd.Timestamp("2018-12-05") not in nyse and pd.Timestamp("2019-01-01") not in nyse
    sse = sessions("XSHG", "2018-12-01", "2019-01-05")
    assert pd.Timestamp("2018-12-31") not in sse and pd.Timestamp("2019-01-01") not in sse
    assert nyse.name == "date" and nyse.tz is None


# ------------------------------------------------------------------ property
CALS = ["XNYS", "XSHG", "XHKG", "CMEGlobex_Grains"]
ZONES = ["America/New_York", "Asia/Shanghai", "Europe/London", "UTC", "Asia/Tokyo"]


def _reference_schedule(cal: str) -> pd.DataFrame:
    """The library's own schedule, read directly (not through eventstudy)."""
    if cal not in _REF:
        _REF[cal] = mcal.get_calendar(cal).schedule(start_date="2014-12-01",
                                                    end_date="2021-03-31")
    return _REF[cal]


_REF: dict[str, pd.DataFrame] = {}


@settings(max_examples=150, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2020, 12, 31)),
    zone=st.sampled_from(ZONES),
    cal=st.sampled_from(CALS),
    date_only=st.booleans(),
)
def test_day0_is_a_session_never_before_the_event(moment: dt.datetime, zone: str, cal: str,
                                                  date_only: bool) -> None:
    ref = _reference_schedule(cal)
    days = pd.DatetimeIndex(ref.index).normalize()
    if date_only:
        d = pd.Timestamp(moment.date())
        a = align(moment.date().isoformat(), cal)
        assert a.day0 in days
        assert a.day0 >= d
        # no session between the event date and day 0
        assert not ((days >= d) & (days < a.day0)).any()
    else:
        a = align(moment.isoformat(timespec="minutes"), cal, timezone=zone)
        ts = pd.Timestamp(moment.replace(second=0, microsecond=0)).tz_localize(
            ZoneInfo(zone), ambiguous=True, nonexistent="shift_forward")
        closes = pd.Series(ref["market_close"].to_numpy(), index=days)
        assert a.day0 in days
        assert closes[a.day0] > ts  # the session closes after the event
        # and it is the first such session
        assert not (closes[closes.index < a.day0] > ts).any()
