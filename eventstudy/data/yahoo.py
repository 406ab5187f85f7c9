"""Yahoo Finance prices through yfinance -- the only module importing yfinance.

yfinance is imported lazily, inside :meth:`YahooSource.fetch`, so offline
runs never import it. yfinance 1.x hides errors by default
(``yf.config.debug.hide_exceptions = True``: failures come back as empty
frames); we turn that off so rate limits and network errors surface, retry
those with bounded exponential backoff, and re-raise everything else as a
:class:`~eventstudy.exceptions.ProviderError`. A host that cannot be reached
at all (DNS failure, connection refused, network down) is not retried: it
raises :class:`~eventstudy.exceptions.ProviderUnreachableError` at once.

yfinance logs its own complaints (e.g. "Cookie/crumb fetch failed") on the
``yfinance`` logger, which with no handler configured end up on stderr. During
our calls, and only then, that logger's records are captured (its handlers,
propagation and ``disabled`` are restored afterwards); they are folded into the
message of failures other than "unreachable" (where the exception says it all).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import time
import warnings
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pandas as pd

from eventstudy.data.source import DateLike, to_timestamp, validate_frame
from eventstudy.data.tickers import calendar_for
from eventstudy.exceptions import (
    ProviderError,
    ProviderUnreachableError,
    ProviderWarning,
    RateLimitError,
    UnknownCalendarError,
    UnknownTickerError,
)

__all__ = ["YahooSource", "is_transient", "is_unreachable", "captured_yfinance_logs"]

#: exception class names (anywhere in the MRO) that mean "try again"
_TRANSIENT_NAMES = frozenset({
    "Timeout", "ReadTimeout", "ConnectTimeout", "ConnectionError", "ProxyError",
    "ChunkedEncodingError", "SSLError", "RemoteDisconnected", "IncompleteRead",
})


@contextlib.contextmanager
def _exceptions_shown(yf: Any) -> Iterator[None]:
    """Make yfinance raise instead of returning empty frames, for our calls only.

    yfinance >= 0.2.60 hides errors (``config.debug.hide_exceptions``); the
    setting is process-wide, so it is restored afterwards.
    """
    debug = getattr(getattr(yf, "config", None), "debug", None)
    if debug is None:
        yield
        return
    old = debug.hide_exceptions
    debug.hide_exceptions = False
    try:
        yield
    finally:
        debug.hide_exceptions = old


def is_transient(exc: BaseException) -> bool:
    """Return True for network errors worth retrying.

    Builtin ``ConnectionError``/``TimeoutError``, curl_cffi/requests timeouts
    and connection errors (recognised by class name, so neither library is
    imported), and HTTP errors with a 5xx status.
    """
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & _TRANSIENT_NAMES:
        return True
    if "HTTPError" in names:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        return isinstance(status, int) and status >= 500
    return False


#: exception class names (anywhere in the MRO) meaning the host cannot be reached at all
_UNREACHABLE_NAMES = frozenset({"DNSError", "gaierror", "ConnectionRefusedError",
                                "NameResolutionError"})
#: message fragments of DNS / no-route failures (curl, urllib3, the socket module)
_UNREACHABLE_TEXT = ("could not resolve host", "name or service not known",
                     "temporary failure in name resolution", "nodename nor servname",
                     "network is unreachable", "no route to host", "connection refused",
                     "failed to establish a new connection", "getaddrinfo failed")


def is_unreachable(exc: BaseException) -> bool:
    """Return True when ``exc`` says the host cannot be reached at all.

    DNS failures (curl_cffi's ``DNSError``, ``socket.gaierror``), refused
    connections and "network is unreachable" -- recognised by class name or
    message, so no network library is imported. Retrying these within
    seconds does not help, unlike a timeout or a reset connection.
    """
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & _UNREACHABLE_NAMES:
        return True
    text = str(exc).lower()
    return any(fragment in text for fragment in _UNREACHABLE_TEXT)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def captured_yfinance_logs() -> Iterator[list[logging.LogRecord]]:
    """Capture the ``yfinance`` logger's records for the duration of a block.

    The logger's handlers are swapped for a collecting one and propagation is
    turned off, so nothing reaches stderr (or the root logger); handlers,
    propagation and ``disabled`` are restored on exit. Other loggers are not
    touched.

    Yields
    ------
    list of logging.LogRecord
        The records emitted inside the block (WARNING and above).
    """
    logger = logging.getLogger("yfinance")
    saved = (list(logger.handlers), logger.propagate, logger.disabled)
    handler = _ListHandler()
    handler.setLevel(logging.WARNING)
    logger.handlers = [handler]
    logger.propagate = False
    logger.disabled = False
    try:
        yield handler.records
    finally:
        logger.handlers, logger.propagate, logger.disabled = saved[0], saved[1], saved[2]


def _said(records: list[logging.LogRecord]) -> str:
    """Distinct yfinance log messages, as one clause (empty when none)."""
    texts = list(dict.fromkeys(r.getMessage().strip() for r in records))
    if not texts:
        return ""
    return " (yfinance logged: " + "; ".join(texts[:3]) + ("; ..." if len(texts) > 3 else "") + ")"


class YahooSource:
    """Daily bars from Yahoo Finance, one ticker at a time.

    Parameters
    ----------
    yf
        The yfinance module, or a stand-in with the same surface (``Ticker``,
        ``config.debug``, ``exceptions.YFRateLimitError``, ``__version__``);
        None imports yfinance on first use. Tests pass a fake here.
    max_retries
        Retries after the first attempt, for rate limits and transient
        network errors only.
    backoff
        First wait in seconds; doubles each retry, capped at ``max_backoff``.
    max_backoff
        Longest single wait, seconds.
    sleep
        Called with the wait in seconds (tests pass a recorder).
    timeout
        Per-request timeout passed to ``Ticker.history``.
    validate_sessions
        Compare the dates with the ticker's exchange calendar (warnings only).

    Notes
    -----
    Each request is ``Ticker(t).history(start, end + 1 day, interval="1d",
    auto_adjust=False, actions=True)``; ``end`` is inclusive for us and
    exclusive for Yahoo. The tz-aware index (exchange-local midnight) is
    converted to the local session date with ``tz_localize(None)``, never
    through UTC: Tokyo's midnight is the previous day in UTC.
    """

    name = "yahoo"

    def __init__(
        self,
        yf: ModuleType | Any | None = None,
        *,
        max_retries: int = 4,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
        validate_sessions: bool = True,
    ) -> None:
        self._yf = yf
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.timeout = timeout
        self.validate_sessions = validate_sessions

    # ------------------------------------------------------------------ yfinance
    def _module(self) -> Any:
        if self._yf is None:
            try:
                self._yf = importlib.import_module("yfinance")
            except ImportError as exc:  # pragma: no cover - yfinance is a dependency
                raise ProviderError("yfinance is not installed",
                                    hint="pip install yfinance") from exc
        return self._yf

    def describe(self) -> dict[str, object]:
        """Return provider, version and request parameters, for the cache metadata."""
        version = getattr(self._yf, "__version__", None) if self._yf is not None else None
        return {
            "provider": "yfinance",
            "provider_version": version,
            "params": {"interval": "1d", "auto_adjust": False, "actions": True,
                       "method": "Ticker.history"},
        }

    def _rate_limit_class(self, yf: Any) -> type[BaseException] | None:
        exceptions = getattr(yf, "exceptions", None)
        return getattr(exceptions, "YFRateLimitError", None)

    def _missing_classes(self, yf: Any) -> tuple[type[BaseException], ...]:
        exceptions = getattr(yf, "exceptions", None)
        found = [getattr(exceptions, n, None) for n in ("YFTickerMissingError",
                                                        "YFPricesMissingError",
                                                        "YFTzMissingError")]
        return tuple(c for c in found if isinstance(c, type))

    def _history(self, yf: Any, ticker: str, start: pd.Timestamp, end: pd.Timestamp) -> Any:
        return yf.Ticker(ticker).history(
            start=start.strftime("%Y-%m-%d"),
            end=(end + pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
            interval="1d", auto_adjust=False, actions=True, timeout=self.timeout)

    def _attempts(self, yf: Any, ticker: str, s: pd.Timestamp, e: pd.Timestamp,
                  records: list[logging.LogRecord]) -> Any:
        """Call ``history`` with retries; classify and re-raise failures."""
        rate_limit = self._rate_limit_class(yf)
        missing = self._missing_classes(yf)
        span = f"{s:%Y-%m-%d}..{e:%Y-%m-%d}"
        wait = self.backoff
        attempt = 0
        while True:
            try:
                return self._history(yf, ticker, s, e)
            except Exception as exc:  # noqa: BLE001 - classified below
                limited = rate_limit is not None and isinstance(exc, rate_limit)
                if missing and isinstance(exc, missing):
                    raise UnknownTickerError(
                        f"Yahoo has no prices for {ticker!r} between {s:%Y-%m-%d} and "
                        f"{e:%Y-%m-%d}: {exc}",
                        hint="check the symbol on finance.yahoo.com (indices start with ^, "
                        "non-US listings need a suffix such as .HK or .T)") from exc
                if not limited and is_unreachable(exc):
                    raise ProviderUnreachableError(
                        f"could not reach Yahoo to download {ticker!r} for {span}: "
                        f"{type(exc).__name__}: {exc}",
                        hint="check the internet connection (this is not rate limiting), "
                        "or load the prices from a CSV file "
                        "(python -m eventstudy cache import FILE)",
                        ticker=ticker, start=s, end=e) from exc
                if not (limited or is_transient(exc)):
                    raise ProviderError(
                        f"Yahoo request for {ticker!r} ({span}) failed: "
                        f"{type(exc).__name__}: {exc}{_said(records)}",
                        hint="retry later, or load the prices from a CSV file "
                        "(python -m eventstudy cache import FILE)") from exc
                if attempt >= self.max_retries:
                    if limited:
                        raise RateLimitError(
                            f"Yahoo request for {ticker!r} still rate-limited after "
                            f"{attempt + 1} attempts: {exc}",
                            hint="wait a few minutes and run the fetch again; cached "
                            "tickers are kept") from exc
                    raise ProviderUnreachableError(
                        f"could not reach Yahoo to download {ticker!r} for {span}: still "
                        f"network error ({type(exc).__name__}) after {attempt + 1} attempts: "
                        f"{exc}{_said(records)}",
                        hint="check the internet connection and run the fetch again; "
                        "cached tickers are kept",
                        ticker=ticker, start=s, end=e) from exc
                attempt += 1
                self.sleep(min(wait, self.max_backoff))
                wait *= 2

    # ------------------------------------------------------------------ public
    def fetch(self, ticker: str, start: DateLike, end: DateLike) -> pd.DataFrame:
        """Download, validate and normalise daily bars (``start``, ``end`` inclusive).

        Raises
        ------
        UnknownTickerError
            Yahoo has no prices for the ticker in the range.
        RateLimitError
            Still rate-limited after ``max_retries`` retries.
        ProviderUnreachableError
            Yahoo cannot be reached (DNS failure, refused: no retry), or
            network errors persisted after all retries.
        ProviderError
            Network errors after all retries, or any other provider failure.
        PriceValidationError
            The frame failed validation (see
            :func:`~eventstudy.data.source.validate_frame`).
        """
        s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
        yf = self._module()
        with captured_yfinance_logs() as records, _exceptions_shown(yf):
            raw = self._attempts(yf, ticker, s, e, records)
        if not isinstance(raw, pd.DataFrame) or raw.empty:
            raise UnknownTickerError(
                f"Yahoo returned no prices for {ticker!r} between {s:%Y-%m-%d} and {e:%Y-%m-%d}",
                hint="check the symbol and the dates (is the range before the listing?)")
        calendar = None
        if self.validate_sessions:
            try:
                calendar = calendar_for(ticker)
            except UnknownCalendarError:
                calendar = None
        frame = validate_frame(raw, ticker, calendar=calendar, origin="yahoo")
        frame = frame.loc[(frame.index >= s) & (frame.index <= e)]
        if frame.empty:
            raise UnknownTickerError(
                f"Yahoo returned no prices for {ticker!r} inside {s:%Y-%m-%d}..{e:%Y-%m-%d}")
        if frame.index[0] > s + pd.Timedelta(days=7):
            warnings.warn(f"{ticker} (yahoo): history starts {frame.index[0]:%Y-%m-%d}, after "
                          f"the requested start {s:%Y-%m-%d}", ProviderWarning, stacklevel=2)
        return frame
