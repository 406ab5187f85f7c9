"""Data stage: price sources, the on-disk cache and the loading API.

Public API
----------
``load_prices(tickers, start, end, *, field="adj_close", offline=None, cache_dir=None,
source=None)`` -> DataFrame (index session dates named ``date``, columns tickers).
``load_ohlcv(ticker, start=None, end=None, ...)`` -> :class:`PriceHistory` (frame, meta).
``ensure_cached(...)`` fills the cache (used by ``python -m eventstudy fetch``).
Sources: :class:`PriceSource` protocol, :class:`YahooSource` (lazy yfinance),
:class:`CsvSource`. Cache: :class:`PriceCache`. Tickers: :func:`safe_filename`,
:func:`calendar_for`.
"""

from __future__ import annotations

from eventstudy.data.cache import PriceCache, resolve_cache_dir, resolve_offline
from eventstudy.data.csvsource import CsvSource
from eventstudy.data.load import PriceHistory, ensure_cached, load_ohlcv, load_prices
from eventstudy.data.source import (
    FIELDS,
    YAHOO_COLUMNS,
    PriceSource,
    SessionReport,
    check_sessions,
    session_dates,
    validate_frame,
)
from eventstudy.data.tickers import calendar_for, safe_filename
from eventstudy.data.yahoo import YahooSource

__all__ = [
    "load_prices", "load_ohlcv", "ensure_cached", "PriceHistory",
    "PriceSource", "YahooSource", "CsvSource", "PriceCache",
    "resolve_cache_dir", "resolve_offline",
    "safe_filename", "calendar_for", "check_sessions", "SessionReport", "session_dates",
    "validate_frame", "FIELDS", "YAHOO_COLUMNS",
]
