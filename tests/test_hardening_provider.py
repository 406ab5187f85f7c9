"""Provider faults end to end: the fake yfinance behind ``eventstudy fetch``.

Every fault ends in one message and exit code 2 (or a warning when the data
is usable), sleeps are recorded (never slept) and bounded, and the cache holds
either the previous entry or a complete new one -- also when several real
processes write the same ticker at once. Prices are SYNTHETIC
(``tests/fake_yfinance.py``).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import warnings
from pathlib import Path

import pandas as pd
import pytest
from fake_yfinance import FakeYFinance, synthetic_history

import eventstudy.data.load as load_mod
from eventstudy.cli import main
from eventstudy.data import PriceCache, YahooSource, session_dates
from eventstudy.exceptions import PriceValidationError, ProviderWarning


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeYFinance:
    """Online mode, with the fake as the default source (no real sleeping)."""
    fk = FakeYFinance()
    monkeypatch.setattr(load_mod, "_default_source",
                        lambda: YahooSource(fk, sleep=fk.sleeps.append))
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "0")
    return fk


def fetch(cache: Path, capsys: pytest.CaptureFixture[str], *tickers: str,
          start: str = "2018-06-01", end: str = "2018-12-31") -> tuple[int, str]:
    rc = main(["fetch", "--tickers", *tickers, "--start", start, "--end", end,
               "--cache", str(cache)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def files(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.glob("*")) if p.is_file() and not p.name.endswith(".lock")}


def test_rate_limit_bounded_backoff_then_clear_message(
        fake: FakeYFinance, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = "rate_limit"
    rc, text = fetch(tmp_path, capsys, "AAPL")
    assert rc == 2 and "Traceback" not in text
    assert "Yahoo request for 'AAPL' still rate-limited after 5 attempts" in text
    assert "wait a few minutes and run the fetch again" in text
    assert fake.sleeps == [2.0, 4.0, 8.0, 16.0]  # 4 retries, doubling
    assert len(fake.calls) == 5
    assert files(tmp_path) == {}


def test_backoff_is_capped(fake: FakeYFinance) -> None:
    src = YahooSource(fake, max_retries=8, backoff=5.0, max_backoff=30.0,
                      sleep=fake.sleeps.append)
    fake.queue("AAPL", *["rate_limit"] * 8, "success")
    frame = src.fetch("AAPL", "2018-12-03", "2018-12-07")
    assert len(frame) == 4  # 2018-12-05: NYSE closed (national day of mourning)
    assert fake.sleeps == [5.0, 10.0, 20.0, 30.0, 30.0, 30.0, 30.0, 30.0]
    assert sum(fake.sleeps) <= 8 * 30.0


def test_rate_limit_recovers_and_keeps_the_other_tickers(
        fake: FakeYFinance, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake.queue("AAPL", "rate_limit", "rate_limit", "success")
    rc, text = fetch(tmp_path, capsys, "AAPL", "GM")
    assert rc == 0, text
    assert fake.sleeps == [2.0, 4.0]
    assert PriceCache(tmp_path).tickers() == ["AAPL", "GM"]


@pytest.mark.parametrize("step,what", [("timeout", "network error (ReadTimeout)"),
                                       ("connection", "network error (ConnectionError)")])
def test_network_errors_forever(step: str, what: str, fake: FakeYFinance, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = step
    rc, text = fetch(tmp_path, capsys, "GM")
    assert rc == 2 and "Traceback" not in text
    assert (f"could not reach Yahoo to download 'GM' for 2018-06-01..2018-12-31: still "
            f"{what} after 5 attempts") in text
    assert "wait a few minutes" not in text  # not rate limiting
    assert len(fake.sleeps) == 4
    assert files(tmp_path) == {}


def test_failure_on_second_ticker_keeps_the_first(
        fake: FakeYFinance, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake.queue("GM", *["timeout"] * 5)
    rc, text = fetch(tmp_path, capsys, "AAPL", "GM")
    assert rc == 2 and "'GM'" in text
    cache = PriceCache(tmp_path)
    assert cache.tickers() == ["AAPL"]
    frame, meta = cache.read("AAPL")  # complete and checksummed
    assert meta["rows"] == len(frame) > 100


def test_empty_frame_is_a_clear_unknown_ticker(
        fake: FakeYFinance, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake.queue("ZZZQ", "empty")
    rc, text = fetch(tmp_path, capsys, "ZZZQ")
    assert rc == 2 and "Traceback" not in text
    assert "Yahoo returned no prices for 'ZZZQ' between 2018-06-01 and 2018-12-31" in text
    assert "check the symbol and the dates" in text
    assert len(fake.calls) == 1  # not retried
    assert files(tmp_path) == {}


def test_hidden_exceptions_are_switched_off(fake: FakeYFinance, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """yfinance turns errors into empty frames unless told otherwise."""
    fake.default = "rate_limit"
    fetch(tmp_path, capsys, "AAPL")
    assert len(fake.calls) == 5  # the rate limit was seen, not an empty frame
    assert fake.config.debug.hide_exceptions is True  # restored after our calls


def test_partial_history_warns_and_stores_what_exists(
        fake: FakeYFinance, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake.queue("AAPL", "partial")
    rc, text = fetch(tmp_path, capsys, "AAPL")
    assert rc == 0, text
    assert "warning: AAPL (yahoo): history starts 2018-09-" in text
    frame, _ = PriceCache(tmp_path).read("AAPL")
    sessions = session_dates("XNYS", "2018-06-01", "2018-12-31")
    assert frame.index[0] == sessions[len(sessions) // 2]
    assert list(frame.index) == list(sessions[len(sessions) // 2:])


def test_nan_rows_are_dropped_with_a_warning(
        fake: FakeYFinance, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake.queue("AAPL", "nan")
    rc, text = fetch(tmp_path, capsys, "AAPL")
    assert rc == 0, text
    assert "dropped 2 row(s) without a close" in text
    frame, _ = PriceCache(tmp_path).read("AAPL")
    assert frame["Close"].notna().all() and frame["Adj Close"].notna().all()
    sessions = session_dates("XNYS", "2018-06-01", "2018-12-31")
    assert len(frame) == len(sessions) - 2
    assert sessions[2] not in frame.index and sessions[5] not in frame.index


def test_tz_shifted_asian_index_keeps_local_dates(fake: FakeYFinance) -> None:
    """The Nikkei delivered in UTC (15:00 the previous day) must not move a day back."""
    raw = synthetic_history("^N225", "2018-12-20", "2019-01-08")
    utc = raw.copy()
    utc.index = raw.index.tz_convert("UTC")
    fake.queue("^N225", utc)
    with pytest.warns(ProviderWarning, match="stamped in UTC"):
        frame = YahooSource(fake, sleep=fake.sleeps.append).fetch(
            "^N225", "2018-12-20", "2019-01-07")
    assert list(frame.index) == list(session_dates("XTKS", "2018-12-20", "2019-01-07"))
    assert frame["Close"].tolist() == raw["Close"].tolist()


def test_tz_shifted_index_without_calendar_is_refused(fake: FakeYFinance) -> None:
    raw = synthetic_history("^N225", "2018-12-20", "2019-01-08")
    utc = raw.copy()
    utc.index = raw.index.tz_convert("UTC")
    fake.queue("^N225", utc)
    src = YahooSource(fake, sleep=fake.sleeps.append, validate_sessions=False)
    with pytest.raises(PriceValidationError, match="would shift sessions by a day"):
        src.fetch("^N225", "2018-12-20", "2019-01-07")


# ------------------------------------------------------------------ real processes
def _writer(root: str, months: int, rounds: int) -> None:
    """One process: merge a growing SYNTHETIC AAPL history into the cache."""
    cache = PriceCache(root)
    end = pd.Timestamp("2018-01-01") + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    raw = synthetic_history("AAPL", "2018-01-01", f"{end + pd.Timedelta(days=1):%Y-%m-%d}")
    raw.index = raw.index.tz_localize(None).rename("date")
    for _ in range(rounds):
        cache.merge_frame("AAPL", raw, {"source": "test"},
                          covered=(pd.Timestamp("2018-01-01"), end), prefer="new")


def test_processes_writing_one_ticker_leave_one_valid_file(tmp_path: Path) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), m, 4)) for m in (3, 6, 9, 12)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame, meta = PriceCache(tmp_path).read("AAPL")  # sha256 matches the sidecar
    data = (tmp_path / "AAPL.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == meta["sha256"]
    assert list(frame.index) == list(session_dates("XNYS", "2018-01-01", "2018-12-31"))
    assert meta["rows"] == len(frame)
    assert json.loads((tmp_path / "AAPL.json").read_text())["covered"] == {
        "start": "2018-01-01", "end": "2018-12-31"}
    assert not list(tmp_path.glob(".*.tmp"))
