"""Ticker -> file name safety and ticker -> exchange calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pandas_market_calendars as pmc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventstudy._calendars import DERIVED, market_calendar
from eventstudy.calendar import align
from eventstudy.data.tickers import KNOWN_SYMBOLS, SUFFIX_CALENDARS, calendar_for, safe_filename
from eventstudy.exceptions import TickerNameError, UnknownCalendarError


@pytest.mark.parametrize("ticker", ["^GSPC", "000001.SS", "ZS=F", "BRK-B", "AAPL", "^STOXX50E"])
def test_yahoo_symbols_are_their_own_readable_file_names(ticker: str, tmp_path: Path) -> None:
    name = safe_filename(ticker)
    assert name == ticker
    path = tmp_path / f"{name}.csv"
    path.write_text("x")  # a real, writable file name
    assert path.resolve().parent == tmp_path.resolve()


@pytest.mark.parametrize("bad", [
    "../x", "..", ".", "/etc/passwd", "a/b", "a\\b", "..\\x", "C:\\x", "x\x00y", "",
    ".hidden", "CON", "nul", "COM1", "LPT9", "con.txt", "a b", "x:y", "x*", "x.", "A" * 65,
])
def test_unsafe_names_are_refused(bad: str) -> None:
    with pytest.raises(TickerNameError) as info:
        safe_filename(bad)
    assert "ticker" in str(info.value)


@given(st.text(min_size=1, max_size=20))
def test_any_accepted_name_stays_inside_the_folder(text: str) -> None:
    root = Path("/tmp/eventstudy-cache-root")
    try:
        name = safe_filename(text)
    except TickerNameError:
        return
    resolved = (root / f"{name}.csv").resolve()
    assert resolved.parent == root.resolve()
    assert resolved.name == f"{text}.csv"


@pytest.mark.parametrize(("ticker", "calendar"), [
    ("AAPL", "XNYS"), ("SPY", "XNYS"), ("BRK-B", "XNYS"), ("^GSPC", "XNYS"), ("^VIX", "XNYS"),
    ("^DJI", "XNYS"), ("^IXIC", "XNYS"), ("000001.SS", "XSHG"), ("600519.SS", "XSHG"),
    ("000002.SZ", "XSHG"), ("0700.HK", "XHKG"), ("^HSI", "XHKG"), ("7203.T", "XTKS"),
    ("^N225", "XTKS"), ("^STOXX50E", "STOXX"), ("ZS=F", "CMEGlobex_Grains"),
    ("ZC=F", "CMEGlobex_Grains"), ("ZW=F", "CMEGlobex_Grains"),
])
def test_calendar_for_known_tickers(ticker: str, calendar: str) -> None:
    assert calendar_for(ticker) == calendar


def test_every_mapped_calendar_exists_in_pandas_market_calendars() -> None:
    names = set(pmc.get_calendar_names())
    assert set(SUFFIX_CALENDARS.values()) <= names
    # the project's own names are a pandas_market_calendars calendar with other hours
    assert {DERIVED[n][0] if n in DERIVED else n for n in KNOWN_SYMBOLS.values()} <= names


def test_stoxx_has_eurex_days_and_the_cash_close() -> None:
    # the EURO STOXX index closes on its constituents' 17:30 CET close (Xetra, Euronext),
    # not at Eurex's 22:00: read off pandas_market_calendars' own XEUR schedule, the hours
    # set by hand
    stoxx = market_calendar("STOXX").schedule("2018-10-01", "2018-12-31")
    eurex = pmc.get_calendar("XEUR").schedule("2018-10-01", "2018-12-31")
    assert list(stoxx.index) == list(eurex.index)
    local = stoxx["market_close"].dt.tz_convert("Europe/Berlin")
    assert set(local.dt.strftime("%H:%M")) == {"17:30"}
    assert set(eurex["market_close"].dt.tz_convert("Europe/Berlin").dt.strftime("%H:%M")) \
        == {"22:00"}


@pytest.mark.parametrize(("clock", "day0"), [("17:00", "2017-10-10"), ("18:00", "2017-10-11"),
                                              ("20:00", "2017-10-11")])
def test_evening_news_counts_for_the_next_stoxx_session(clock: str, day0: str) -> None:
    # a speech at 18:00 Madrid time (the cash market closed at 17:30) or a Fed decision at
    # 20:00 CET moves the index on the next session; news at 17:00 on its own
    when = dt.datetime.fromisoformat(f"2017-10-10T{clock}")
    assert align(when, calendar_for("^STOXX50E"), timezone="Europe/Madrid").day0 == \
        pd.Timestamp(day0)


def test_stoxx_calendar_has_no_session_on_christmas_eve_or_new_years_eve() -> None:
    # STOXX computes no index on 24 and 31 December; the shared data has no rows then.
    days = market_calendar(calendar_for("^STOXX50E")).valid_days("2018-12-20", "2019-01-04")
    days = {d.strftime("%Y-%m-%d") for d in days}
    assert "2018-12-24" not in days and "2018-12-31" not in days
    assert {"2018-12-21", "2018-12-27", "2018-12-28", "2019-01-03"} <= days


def test_stoxx_data_matches_its_calendar_except_known_yahoo_gaps(shared_yahoo: Path) -> None:
    dates = pd.DatetimeIndex(pd.read_csv(shared_yahoo / "^STOXX50E.csv")["Date"])
    sessions = market_calendar(calendar_for("^STOXX50E")).valid_days(dates[0], dates[-1])
    sessions = pd.DatetimeIndex(sessions).tz_localize(None)
    assert list(dates.difference(sessions)) == []
    gaps = [d.strftime("%Y-%m-%d") for d in sessions.difference(dates)]
    # MANIFEST.csv: the five genuine Yahoo gaps
    assert gaps == ["2018-01-02", "2018-05-10", "2018-05-21", "2018-08-01", "2019-01-02"]


@pytest.mark.parametrize("ticker", ["FOO.XX", "^WHATEVER", "QQ=F", "EURUSD=X"])
def test_unknown_ticker_calendar_names_ticker_and_fix(ticker: str) -> None:
    with pytest.raises(UnknownCalendarError) as info:
        calendar_for(ticker)
    text = str(info.value)
    assert ticker in text and "calendar:" in text


def test_override_is_validated() -> None:
    assert calendar_for("FOO.XX", override="XLON") == "XLON"
    with pytest.raises(UnknownCalendarError, match="NOPE"):
        calendar_for("AAPL", override="NOPE")
