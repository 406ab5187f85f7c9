"""The ``PriceSource`` protocol and the checks every price frame passes.

A source returns one ticker's daily bars as a DataFrame in Yahoo columns
(``Open, High, Low, Close, Adj Close, Volume`` and, where known,
``Dividends, Stock Splits``), indexed by tz-naive session dates named
``date``. :func:`validate_frame` enforces that shape and
:func:`check_sessions` compares the dates with the ticker's exchange
calendar.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from eventstudy._calendars import market_calendar
from eventstudy._typing import date_index
from eventstudy.exceptions import DataGapWarning, PriceValidationError, ProviderWarning

__all__ = [
    "PriceSource", "PRICE_COLUMNS", "YAHOO_COLUMNS", "ACTION_COLUMNS", "FIELDS",
    "SessionReport", "check_sessions", "validate_frame", "session_dates", "to_timestamp",
]

#: price columns, in Yahoo's order
PRICE_COLUMNS: tuple[str, ...] = ("Open", "High", "Low", "Close", "Adj Close")
#: the columns every cached frame has
YAHOO_COLUMNS: tuple[str, ...] = (*PRICE_COLUMNS, "Volume")
#: corporate-action columns, present when the provider reports them
ACTION_COLUMNS: tuple[str, ...] = ("Dividends", "Stock Splits")
#: ``field=`` names accepted by ``load_prices`` -> column
FIELDS: dict[str, str] = {
    "adj_close": "Adj Close", "close": "Close", "open": "Open", "high": "High",
    "low": "Low", "volume": "Volume",
}

DateLike = str | date | pd.Timestamp


@runtime_checkable
class PriceSource(Protocol):
    """Anything that can return one ticker's daily bars.

    Attributes
    ----------
    name
        Short source name recorded in the cache metadata (``"yahoo"``).
    """

    name: str

    def fetch(self, ticker: str, start: DateLike, end: DateLike) -> pd.DataFrame:
        """Return daily bars for ``ticker`` from ``start`` to ``end`` (both inclusive).

        The frame has Yahoo columns and a tz-naive ``DatetimeIndex`` of session
        dates named ``date``; it may start after ``start`` (short history).
        """
        ...

    def describe(self) -> dict[str, object]:
        """Return provider name, version and request parameters for the metadata."""
        ...


def to_timestamp(value: DateLike, what: str = "date") -> pd.Timestamp:
    """Parse ``value`` into a tz-naive midnight ``Timestamp``.

    Raises
    ------
    PriceValidationError
        When ``value`` is not a date.
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise PriceValidationError(f"{what} {value!r} is not a date",
                                   hint="write dates as YYYY-MM-DD") from exc
    if pd.isna(ts):  # pd.Timestamp(None) is NaT
        raise PriceValidationError(f"{what} is missing", hint="write dates as YYYY-MM-DD")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


@lru_cache(maxsize=256)
def _sessions_cached(calendar: str, start: str, end: str) -> pd.DatetimeIndex:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        days = market_calendar(calendar).valid_days(start, end)
    days = pd.DatetimeIndex(days)
    if days.tz is not None:
        days = days.tz_localize(None)
    return days.normalize().rename("date")


def session_dates(calendar: str, start: DateLike, end: DateLike) -> pd.DatetimeIndex:
    """Return the sessions of ``calendar`` from ``start`` to ``end`` (inclusive, tz-naive)."""
    s, e = to_timestamp(start), to_timestamp(end)
    if e < s:
        return pd.DatetimeIndex([], name="date")
    return _sessions_cached(calendar, s.strftime("%Y-%m-%d"), e.strftime("%Y-%m-%d"))


@dataclass(frozen=True)
class SessionReport:
    """Dates of a price series compared with its exchange calendar.

    Attributes
    ----------
    calendar
        pandas_market_calendars name.
    missing
        Calendar sessions (between the first and last date) without a row.
    extra
        Rows on dates that are not sessions of the calendar.
    """

    calendar: str
    missing: pd.DatetimeIndex
    extra: pd.DatetimeIndex

    @property
    def ok(self) -> bool:
        """True when the dates match the calendar exactly."""
        return len(self.missing) == 0 and len(self.extra) == 0

    def describe(self, ticker: str, limit: int = 10) -> str:
        """Return a one-paragraph description naming the dates."""

        def fmt(idx: pd.DatetimeIndex) -> str:
            shown = ", ".join(d.strftime("%Y-%m-%d") for d in idx[:limit])
            return shown + (f" (+{len(idx) - limit} more)" if len(idx) > limit else "")

        parts = []
        if len(self.missing):
            parts.append(f"{len(self.missing)} {self.calendar} session(s) missing: "
                         f"{fmt(self.missing)}")
        if len(self.extra):
            parts.append(f"{len(self.extra)} date(s) that are not {self.calendar} sessions: "
                         f"{fmt(self.extra)}")
        return f"{ticker}: " + ("; ".join(parts) if parts else f"matches {self.calendar}")


def check_sessions(dates: pd.DatetimeIndex, calendar: str) -> SessionReport:
    """Compare ``dates`` with ``calendar`` between their first and last date.

    Parameters
    ----------
    dates
        Session dates of one price series (tz-naive).
    calendar
        pandas_market_calendars name (see :func:`~eventstudy.data.tickers.calendar_for`).

    Returns
    -------
    SessionReport
        Missing sessions and extra (non-session) dates.
    """
    dates = pd.DatetimeIndex(dates)
    if len(dates) == 0:
        empty = pd.DatetimeIndex([], name="date")
        return SessionReport(calendar, empty, empty)
    sessions = session_dates(calendar, dates.min(), dates.max())
    return SessionReport(calendar, sessions.difference(dates), dates.difference(sessions))


def _exchange_tz(calendar: str) -> str | None:
    try:
        return str(market_calendar(calendar).tz)
    except Exception:  # noqa: BLE001 - unknown calendar: no conversion possible
        return None


def _local_session_dates(idx: pd.DatetimeIndex, where: str,
                         calendar: str | None) -> pd.DatetimeIndex:
    """Session dates of a tz-aware daily index, refusing a silent one-day shift.

    Daily bars are stamped at exchange-local midnight. An index delivered in
    another zone (Tokyo's midnight is 15:00 UTC the previous day) is
    converted to the exchange's zone when the calendar is known, with a
    :class:`ProviderWarning`; otherwise it is refused.
    """
    local = idx.tz_localize(None)
    if (local == local.normalize()).all():
        return local
    tz = _exchange_tz(calendar) if calendar else None
    if tz is not None:
        conv = idx.tz_convert(tz).tz_localize(None)
        if (conv == conv.normalize()).all():
            warnings.warn(f"{where}: bars were stamped in {idx.tz} (e.g. {idx[0]}), not at "
                          f"exchange-local midnight; converted to {tz} session dates",
                          ProviderWarning, stacklevel=3)
            return conv
    raise PriceValidationError(
        f"{where}: bars are stamped {idx[0]} ({idx.tz}), not at exchange-local midnight: "
        "taking the date in that zone would shift sessions by a day",
        hint="give the ticker's calendar (assets: [{ticker: ..., calendar: XTKS}]) or "
        "provide dates as YYYY-MM-DD in exchange time")


def validate_frame(
    frame: pd.DataFrame,
    ticker: str,
    *,
    calendar: str | None = None,
    origin: str = "provider",
    drop_nan_rows: bool = True,
) -> pd.DataFrame:
    """Check a price frame and return it in the canonical shape.

    Checks: non-empty; a date index without duplicates, sorted; all Yahoo
    columns present; prices strictly positive; volume non-negative. Rows
    whose ``Close`` or ``Adj Close`` is NaN are dropped with a
    :class:`ProviderWarning` (they are missing sessions, not prices). When
    ``calendar`` is given, missing sessions raise a :class:`DataGapWarning`
    and non-session dates a :class:`ProviderWarning`.

    Parameters
    ----------
    frame
        Bars with Yahoo columns and a tz-naive date index.
    ticker
        For messages.
    calendar
        Exchange calendar to compare the dates with, or None to skip.
    origin
        Where the frame came from, for messages (file name, ``"yahoo"``).
    drop_nan_rows
        Drop rows without a close (True) or refuse them (False).

    Returns
    -------
    pandas.DataFrame
        Yahoo columns (plus action columns when present), float prices,
        index named ``date``.

    Raises
    ------
    PriceValidationError
        Empty frame, missing columns, duplicate or unsorted dates,
        non-positive prices, negative volume.
    """
    where = f"{ticker} ({origin})"
    if frame is None or len(frame) == 0:
        raise PriceValidationError(
            f"{where}: no price rows", hint="check the ticker symbol and the date range")
    missing_cols = [c for c in YAHOO_COLUMNS if c not in frame.columns]
    if missing_cols:
        raise PriceValidationError(
            f"{where}: missing column(s) {', '.join(missing_cols)}; have {list(frame.columns)}",
            hint="provide Yahoo columns Date, Open, High, Low, Close, Adj Close, Volume")
    cols = [*YAHOO_COLUMNS, *(c for c in ACTION_COLUMNS if c in frame.columns)]
    out = frame.loc[:, cols].copy()
    idx = pd.DatetimeIndex(out.index)
    if idx.tz is not None:  # exchange-local wall time, never via UTC
        idx = _local_session_dates(idx, where, calendar)
    if idx.hasnans:
        raise PriceValidationError(f"{where}: rows without a date")
    out.index = idx.normalize().rename("date")
    dup = out.index[out.index.duplicated()]
    if len(dup):
        raise PriceValidationError(
            f"{where}: duplicate dates {', '.join(d.strftime('%Y-%m-%d') for d in dup[:5])}",
            hint="keep one row per session")
    if not out.index.is_monotonic_increasing:
        raise PriceValidationError(f"{where}: dates are not sorted ascending",
                                   hint="sort the file by date")
    for c in out.columns:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    nan_rows = out["Close"].isna() | out["Adj Close"].isna()
    if nan_rows.any():
        days = ", ".join(d.strftime("%Y-%m-%d") for d in out.index[nan_rows][:10])
        if not drop_nan_rows:
            raise PriceValidationError(f"{where}: rows without a close on {days}",
                                       hint="remove the empty rows")
        warnings.warn(f"{where}: dropped {int(nan_rows.sum())} row(s) without a close: {days}",
                      ProviderWarning, stacklevel=2)
        out = out.loc[~nan_rows]
        if out.empty:
            raise PriceValidationError(f"{where}: every row lacks a close price")
    prices = out.loc[:, list(PRICE_COLUMNS)].to_numpy()
    infinite = np.any(np.isinf(prices), axis=1) | np.isinf(out["Volume"].to_numpy())
    if infinite.any():
        days = ", ".join(d.strftime("%Y-%m-%d") for d in out.index[infinite][:5])
        raise PriceValidationError(f"{where}: infinite values (inf) on {days}",
                                   hint="every price and volume must be a finite number; "
                                   "fix or remove those rows")
    bad = np.any(prices <= 0, axis=1)  # NaN compares False: NaN O/H/L allowed
    if bad.any():
        days = ", ".join(d.strftime("%Y-%m-%d") for d in out.index[bad][:5])
        raise PriceValidationError(f"{where}: non-positive prices on {days}",
                                   hint="prices must be > 0; check the file or the symbol")
    if (out["Volume"] < 0).any():
        raise PriceValidationError(f"{where}: negative volume")
    if calendar is not None:
        report = check_sessions(date_index(out), calendar)
        if len(report.missing):
            warnings.warn(report.describe(ticker), DataGapWarning, stacklevel=2)
        elif len(report.extra):
            warnings.warn(report.describe(ticker), ProviderWarning, stacklevel=2)
    return out
