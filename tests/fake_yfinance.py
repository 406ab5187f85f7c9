"""A fake ``yfinance`` module for offline tests (SYNTHETIC prices).

:class:`FakeYFinance` has the surface :class:`eventstudy.data.YahooSource`
uses -- ``Ticker(symbol).history(...)``, ``config.debug.hide_exceptions``,
``exceptions.YFRateLimitError`` (and the ticker-missing errors),
``__version__`` -- and returns frames shaped exactly like yfinance 1.x
``Ticker.history(auto_adjust=False, actions=True)``: a tz-aware index at
exchange-local midnight named ``Date`` and columns ``Open, High, Low, Close,
Adj Close, Volume, Dividends, Stock Splits``. Prices are a seeded random walk
on the exchange's real sessions (pandas_market_calendars); they are
synthetic and never written to ``cache/``.

Scenarios are queued per ticker and consumed one per ``history`` call; when
the queue is empty the default (``"success"``) is used::

    fake = FakeYFinance()
    fake.queue("AAPL", "rate_limit", "success")
    source = YahooSource(fake, sleep=fake.sleeps.append)

Steps: ``"success"``, ``"empty"``, ``"rate_limit"``, ``"timeout"``
(curl_cffi-style ``ReadTimeout``), ``"connection"`` (builtin
``ConnectionError``), ``"missing"`` (``YFPricesMissingError``), ``"offline"`` (logs
"Cookie/crumb fetch failed" on the ``yfinance`` logger, as yfinance 1.x
does, then raises a curl_cffi-style ``DNSError``: no network), ``"partial"``
(only the second half of the requested sessions), ``"nan"`` (two rows with
NaN prices, as Yahoo sometimes sends), ``"drop:YYYY-MM-DD"`` (success minus
that session), an exception instance (raised) or a DataFrame (returned).

Like real yfinance, errors come back as an empty frame while
``config.debug.hide_exceptions`` is True.
"""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict, deque
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pandas_market_calendars as pmc

COLUMNS = ["Open", "High", "Low", "Close", "Adj Close", "Volume", "Dividends", "Stock Splits"]

#: ticker -> (pandas_market_calendars name, exchange time zone)
EXCHANGES: dict[str, tuple[str, str]] = {
    "^N225": ("XTKS", "Asia/Tokyo"),
    "7203.T": ("XTKS", "Asia/Tokyo"),
    "000001.SS": ("XSHG", "Asia/Shanghai"),
    "^HSI": ("XHKG", "Asia/Hong_Kong"),
    "^STOXX50E": ("XEUR", "Europe/Berlin"),
}
DEFAULT_EXCHANGE = ("XNYS", "America/New_York")


class YFException(Exception):
    """Mirror of ``yfinance.exceptions.YFException``."""


class YFRateLimitError(YFException):
    """Mirror of ``yfinance.exceptions.YFRateLimitError``."""

    def __init__(self) -> None:
        super().__init__("Too Many Requests. Rate limited. Try after a while.")


class YFTickerMissingError(YFException):
    """Mirror of ``yfinance.exceptions.YFTickerMissingError``."""

    def __init__(self, ticker: str, rationale: str) -> None:
        super().__init__(f"${ticker}: possibly delisted; {rationale}")


class YFPricesMissingError(YFTickerMissingError):
    """Mirror of ``yfinance.exceptions.YFPricesMissingError``."""

    def __init__(self, ticker: str, debug_info: str = "") -> None:
        super().__init__(ticker, f"no price data found {debug_info}".strip())


class YFTzMissingError(YFTickerMissingError):
    """Mirror of ``yfinance.exceptions.YFTzMissingError``."""

    def __init__(self, ticker: str) -> None:
        super().__init__(ticker, "no timezone found")


class ReadTimeout(OSError):
    """Shaped like ``curl_cffi.requests.exceptions.ReadTimeout`` (an OSError)."""


class CurlConnectionError(OSError):
    """Shaped like ``curl_cffi.requests.exceptions.ConnectionError`` (an OSError)."""


class DNSError(CurlConnectionError):
    """Shaped like ``curl_cffi.requests.exceptions.DNSError``."""


def synthetic_history(ticker: str, start: str, end: str,
                      exchange: tuple[str, str] | None = None) -> pd.DataFrame:
    """Return SYNTHETIC bars for ``[start, end)`` shaped like yfinance 1.x output."""
    calendar, tz = exchange or EXCHANGES.get(ticker, DEFAULT_EXCHANGE)
    last = pd.Timestamp(end) - pd.Timedelta(days=1)
    days = pmc.get_calendar(calendar).valid_days(start, last)
    days = pd.DatetimeIndex(days).tz_localize(None).normalize()
    # seeded and path-independent: each day's price depends only on (ticker, date),
    # so overlapping requests agree exactly (as Yahoo's do)
    seed = zlib.crc32(ticker.encode())
    ordinal = np.array([d.toordinal() for d in days], dtype=float)
    noise = np.array([np.random.default_rng([seed, int(o)]).normal(0, 0.01) for o in ordinal])
    level = 50.0 + seed % 200
    close = level * np.exp(0.2 * np.sin(ordinal / 23.0 + seed % 7) + noise)
    frame = pd.DataFrame({
        "Open": close * 0.999, "High": close * 1.01, "Low": close * 0.99, "Close": close,
        "Adj Close": close * 0.98, "Volume": np.full(len(days), 1_000_000, dtype="int64"),
        "Dividends": 0.0, "Stock Splits": 0.0,
    }, index=pd.DatetimeIndex(days.tz_localize(tz), name="Date"))
    return frame[COLUMNS]


class _Ticker:
    def __init__(self, fake: FakeYFinance, ticker: str) -> None:
        self._fake = fake
        self.ticker = ticker

    def history(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        fake = self._fake
        fake.calls.append((self.ticker, dict(kwargs)))
        steps = fake.scenarios[self.ticker]
        step = steps.popleft() if steps else fake.default
        try:
            return fake.run_step(self.ticker, step, kwargs)
        except Exception:
            if fake.config.debug.hide_exceptions:
                return pd.DataFrame(columns=COLUMNS)  # what yfinance does by default
            raise


class FakeYFinance:
    """A stand-in for the ``yfinance`` module (see the module docstring).

    Attributes
    ----------
    calls
        ``(ticker, history kwargs)`` for every ``history`` call.
    sleeps
        A list tests can pass as ``sleep=fake.sleeps.append``.
    """

    __version__ = "1.7.0+fake"

    def __init__(self, default: Any = "success") -> None:
        self.default = default
        self.scenarios: defaultdict[str, deque[Any]] = defaultdict(deque)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sleeps: list[float] = []
        self.config = SimpleNamespace(
            debug=SimpleNamespace(hide_exceptions=True, logging=False),
            network=SimpleNamespace(proxy=None, retries=0))
        self.exceptions = SimpleNamespace(
            YFException=YFException, YFRateLimitError=YFRateLimitError,
            YFTickerMissingError=YFTickerMissingError, YFPricesMissingError=YFPricesMissingError,
            YFTzMissingError=YFTzMissingError)
        self.YFRateLimitError = YFRateLimitError

    def Ticker(self, ticker: str) -> _Ticker:  # noqa: N802 - yfinance's name
        """Return a fake ``yfinance.Ticker``."""
        return _Ticker(self, ticker)

    def queue(self, ticker: str, *steps: Any) -> FakeYFinance:
        """Queue scenario steps for ``ticker``; returns self for chaining."""
        self.scenarios[ticker].extend(steps)
        return self

    def run_step(self, ticker: str, step: Any, kwargs: dict[str, Any]) -> pd.DataFrame:
        """Produce the outcome of one ``history`` call."""
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, pd.DataFrame):
            return step.copy()
        start, end = kwargs.get("start"), kwargs.get("end")
        if step == "rate_limit":
            raise YFRateLimitError()
        if step == "timeout":
            raise ReadTimeout("Operation timed out after 30000 milliseconds")
        if step == "connection":
            raise ConnectionError("Connection reset by peer")
        if step == "offline":
            logging.getLogger("yfinance").warning(
                "Cookie/crumb fetch failed (DNSError), continuing without crumb")
            raise DNSError("Failed to perform, curl: (6) Could not resolve host: "
                           "query2.finance.yahoo.com (Domain name not found).")
        if step == "missing":
            raise YFPricesMissingError(ticker, f"(1d {start} -> {end})")
        if step == "empty":
            return pd.DataFrame(columns=COLUMNS, index=pd.DatetimeIndex([], name="Date"))
        frame = synthetic_history(ticker, start, end)
        if step == "success":
            return frame
        if step == "partial":
            return frame.iloc[len(frame) // 2:]
        if step == "nan":
            frame = frame.copy()
            frame.iloc[2, :5] = np.nan
            frame.iloc[5, frame.columns.get_loc("Close")] = np.nan
            return frame
        if isinstance(step, str) and step.startswith("drop:"):
            day = pd.Timestamp(step[5:])
            return frame[frame.index.tz_localize(None) != day]
        raise ValueError(f"unknown fake yfinance step {step!r}")
