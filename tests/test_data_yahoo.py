"""YahooSource against the fake yfinance (no network, SYNTHETIC prices)."""

from __future__ import annotations

import pandas as pd
import pandas_market_calendars as pmc
import pytest
from fake_yfinance import COLUMNS, FakeYFinance, synthetic_history

from eventstudy.data import YahooSource, check_sessions, validate_frame
from eventstudy.exceptions import (
    DataGapWarning,
    PriceValidationError,
    ProviderError,
    ProviderWarning,
    RateLimitError,
    UnknownTickerError,
)


def _sessions(calendar: str, start: str, end: str) -> list[pd.Timestamp]:
    days = pmc.get_calendar(calendar).valid_days(start, end)
    return list(pd.DatetimeIndex(days).tz_localize(None))


@pytest.fixture
def fake() -> FakeYFinance:
    return FakeYFinance()


def source_for(fake: FakeYFinance, **kw) -> YahooSource:
    return YahooSource(fake, sleep=fake.sleeps.append, **kw)


def test_fake_frame_is_shaped_like_yfinance_1x() -> None:
    raw = synthetic_history("^N225", "2018-12-20", "2019-01-01")
    assert list(raw.columns) == COLUMNS
    assert raw.index.name == "Date" and str(raw.index.tz) == "Asia/Tokyo"
    assert (raw.index.hour == 0).all()


def test_success_gives_naive_session_dates_and_yahoo_columns(fake: FakeYFinance) -> None:
    frame = source_for(fake).fetch("AAPL", "2018-12-20", "2018-12-31")
    assert list(frame.index) == _sessions("XNYS", "2018-12-20", "2018-12-31")
    assert frame.index.name == "date" and frame.index.tz is None
    assert list(frame.columns) == COLUMNS
    # errors surfaced during the call; the process-wide setting is restored after it
    assert fake.config.debug.hide_exceptions is True
    (ticker, kwargs), = fake.calls
    assert ticker == "AAPL" and kwargs["auto_adjust"] is False and kwargs["actions"] is True
    assert kwargs["start"] == "2018-12-20" and kwargs["end"] == "2019-01-01"  # end exclusive


def test_asian_index_dates_are_local_not_utc(fake: FakeYFinance) -> None:
    # Tokyo midnight is 15:00 UTC the previous day: a UTC conversion would shift every date.
    raw = synthetic_history("^N225", "2018-12-20", "2019-01-08")
    via_utc = raw.index.tz_convert("UTC").tz_localize(None).normalize()
    frame = source_for(fake).fetch("^N225", "2018-12-20", "2019-01-07")
    expected = _sessions("XTKS", "2018-12-20", "2019-01-07")
    assert list(frame.index) == expected
    assert list(via_utc) != expected
    assert pd.Timestamp("2018-12-25") in frame.index  # Tokyo trades on Christmas
    assert pd.Timestamp("2018-12-24") not in frame.index  # Emperor's Birthday observed
    assert frame["Close"].tolist() == raw["Close"].tolist()


def test_empty_frame_is_an_unknown_ticker(fake: FakeYFinance) -> None:
    fake.queue("NOPE", "empty")
    with pytest.raises(UnknownTickerError, match="NOPE"):
        source_for(fake).fetch("NOPE", "2018-01-01", "2018-02-01")


def test_prices_missing_error_is_an_unknown_ticker_without_retry(fake: FakeYFinance) -> None:
    fake.queue("NOPE", "missing")
    with pytest.raises(UnknownTickerError, match="NOPE"):
        source_for(fake).fetch("NOPE", "2018-01-01", "2018-02-01")
    assert len(fake.calls) == 1 and fake.sleeps == []


def test_rate_limit_then_success_retries_with_backoff(fake: FakeYFinance) -> None:
    fake.queue("AAPL", "rate_limit", "rate_limit", "success")
    frame = source_for(fake, backoff=1.5).fetch("AAPL", "2018-03-01", "2018-03-09")
    assert len(frame) == 7
    assert len(fake.calls) == 3
    assert fake.sleeps == [1.5, 3.0]


def test_rate_limit_forever_gives_up_after_bounded_retries(fake: FakeYFinance) -> None:
    fake.queue("AAPL", *["rate_limit"] * 10)
    with pytest.raises(RateLimitError, match="AAPL") as info:
        source_for(fake, max_retries=3, backoff=10, max_backoff=25).fetch(
            "AAPL", "2018-03-01", "2018-03-09")
    assert len(fake.calls) == 4
    assert fake.sleeps == [10, 20, 25]  # doubling, capped
    assert "attempts" in str(info.value)


@pytest.mark.parametrize("step", ["timeout", "connection"])
def test_transient_network_errors_are_retried(fake: FakeYFinance, step: str) -> None:
    fake.queue("AAPL", step, "success")
    frame = source_for(fake).fetch("AAPL", "2018-03-01", "2018-03-09")
    assert len(frame) == 7 and len(fake.calls) == 2


def test_timeouts_forever_become_provider_error(fake: FakeYFinance) -> None:
    fake.queue("AAPL", *["timeout"] * 5)
    with pytest.raises(ProviderError, match="ReadTimeout"):
        source_for(fake, max_retries=2).fetch("AAPL", "2018-03-01", "2018-03-09")
    assert len(fake.calls) == 3


def test_other_errors_are_not_retried(fake: FakeYFinance) -> None:
    fake.queue("AAPL", KeyError("chart"))
    with pytest.raises(ProviderError, match="KeyError"):
        source_for(fake).fetch("AAPL", "2018-03-01", "2018-03-09")
    assert len(fake.calls) == 1 and fake.sleeps == []


def test_partial_history_is_returned_with_a_warning(fake: FakeYFinance) -> None:
    fake.queue("AAPL", "partial")
    with pytest.warns(ProviderWarning, match="starts"):
        frame = source_for(fake).fetch("AAPL", "2018-01-02", "2018-03-30")
    full = _sessions("XNYS", "2018-01-02", "2018-03-30")
    assert list(frame.index) == full[len(full) // 2:]


def test_nan_rows_are_dropped_with_a_warning(fake: FakeYFinance) -> None:
    fake.queue("AAPL", "nan")
    with pytest.warns(ProviderWarning, match="without a close") as record:
        frame = source_for(fake, validate_sessions=False).fetch("AAPL", "2018-03-01", "2018-03-20")
    days = _sessions("XNYS", "2018-03-01", "2018-03-20")
    assert list(frame.index) == [d for i, d in enumerate(days) if i not in (2, 5)]
    assert days[2].strftime("%Y-%m-%d") in str(record[0].message)
    assert not frame[["Close", "Adj Close"]].isna().any().any()


def test_validation_reports_a_deliberately_removed_session(fake: FakeYFinance) -> None:
    fake.queue("AAPL", "drop:2018-03-07")
    with pytest.warns(DataGapWarning, match="2018-03-07"):
        frame = source_for(fake).fetch("AAPL", "2018-03-01", "2018-03-20")
    assert pd.Timestamp("2018-03-07") not in frame.index


def test_check_sessions_on_real_data_with_one_session_removed(repo_cache) -> None:
    raw = pd.read_csv(repo_cache / "^GSPC.csv", index_col="Date", parse_dates=True)
    assert check_sessions(raw.index, "XNYS").ok
    report = check_sessions(raw.index.drop(pd.Timestamp("2018-12-24")), "XNYS")
    assert list(report.missing) == [pd.Timestamp("2018-12-24")]
    assert list(report.extra) == []
    weekend = raw.index.append(pd.DatetimeIndex(["2018-12-29"])).sort_values()
    assert list(check_sessions(weekend, "XNYS").extra) == [pd.Timestamp("2018-12-29")]


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda f: f.iloc[[0, 0, 1]], "duplicate"),
    (lambda f: f.iloc[::-1], "sorted"),
    (lambda f: f.assign(Low=-1.0), "non-positive"),
    (lambda f: f.drop(columns=["Adj Close"]), "missing column"),
    (lambda f: f.iloc[:0], "no price rows"),
])
def test_bad_frames_are_refused(mutate, message: str) -> None:
    frame = synthetic_history("AAPL", "2018-03-01", "2018-03-10")
    with pytest.raises(PriceValidationError, match=message):
        validate_frame(mutate(frame), "AAPL")
