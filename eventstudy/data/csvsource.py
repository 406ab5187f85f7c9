"""Prices from a user's CSV file.

Two layouts are understood:

* **Yahoo** -- one ticker per file, columns ``Date, Open, High, Low, Close,
  Adj Close, Volume`` (``Dividends, Stock Splits`` optional), as Yahoo's
  download button and yfinance's ``to_csv`` write them.
* **wide** -- a ``date`` column (any case) plus one price column per ticker.
  The price is used as both ``Close`` and ``Adj Close``; Open/High/Low are
  NaN and Volume 0.

Prices are always joined by date, never by row position (rows may come in
any order; duplicate dates are refused).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from eventstudy.data.source import DateLike, to_timestamp, validate_frame
from eventstudy.exceptions import PriceValidationError, UnknownTickerError

__all__ = ["CsvSource", "read_yahoo_csv", "is_yahoo_layout"]

#: exact (round-trip) float parsing: pandas >= 3 does it by default and deprecates the flag
_EXACT: dict[str, str] = (
    {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"})


def is_yahoo_layout(columns: list[str]) -> bool:
    """Return True when ``columns`` look like a Yahoo download."""
    return columns[:1] == ["Date"] and "Close" in columns and "Adj Close" in columns


def read_yahoo_csv(path: str | Path | IO[bytes], name: str | None = None) -> pd.DataFrame:
    """Read a Yahoo-layout CSV exactly (round-trip float parsing), index ``date``.

    Parameters
    ----------
    path
        A file path or a binary buffer.
    name
        How to name the file in messages (default: ``path``).

    Raises
    ------
    PriceValidationError
        The file cannot be parsed, has no ``Date`` column or a date that is
        not ``YYYY-MM-DD`` (the message names the row).
    """
    shown = name or (str(path) if isinstance(path, str | Path) else "price file")
    try:
        frame = pd.read_csv(path, na_values=["null"], **_EXACT)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise PriceValidationError(f"{shown}: cannot read as CSV: {exc}",
                                   hint="save it as comma-separated text with a header row"
                                   ) from exc
    if "Date" not in frame.columns:
        raise PriceValidationError(f"{shown}: no 'Date' column (have {list(frame.columns)})",
                                   hint="use Yahoo columns Date, Open, High, Low, Close, "
                                   "Adj Close, Volume")
    raw = frame.pop("Date")
    dates = pd.to_datetime(raw, format="ISO8601", errors="coerce")
    bad = dates.isna()
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise PriceValidationError(
            f"{shown}: row {i + 2}: Date value {raw.iloc[i]!r} is not a valid date "
            f"(not YYYY-MM-DD){f'; {int(bad.sum())} such rows' if bad.sum() > 1 else ''}",
            hint="write dates as YYYY-MM-DD, one row per session")
    frame.index = pd.DatetimeIndex(dates, name="date")
    return frame


class CsvSource:
    """A :class:`~eventstudy.data.source.PriceSource` reading a local CSV file.

    Parameters
    ----------
    path
        A Yahoo-layout file (then ``ticker`` names the one ticker it holds;
        default: the file name without ``.csv``) or a wide file.
    ticker
        The ticker of a Yahoo-layout file.
    """

    name = "csv"

    def __init__(self, path: str | Path, ticker: str | None = None) -> None:
        self.path = Path(path)
        self.ticker = ticker
        self._frame: pd.DataFrame | None = None

    def describe(self) -> dict[str, object]:
        """Return provider and file, for the cache metadata."""
        return {"provider": "csv", "provider_version": None,
                "params": {"path": self.path.name}}

    def _load(self) -> pd.DataFrame:
        if self._frame is None:
            if not self.path.exists():
                raise PriceValidationError(f"price file {self.path} does not exist",
                                           hint="check data.path in the study file")
            head = pd.read_csv(self.path, nrows=0).columns.tolist()
            if is_yahoo_layout(head):
                self._frame = read_yahoo_csv(self.path)
                self._wide = False
            else:
                self._frame = self._read_wide(head)
                self._wide = True
        return self._frame

    def _read_wide(self, head: list[str]) -> pd.DataFrame:
        date_cols = [c for c in head if c.strip().lower() == "date"]
        if not date_cols:
            raise PriceValidationError(
                f"{self.path}: neither Yahoo layout (Date, Open, ..., Adj Close, Volume) nor "
                f"wide layout (a 'date' column plus one column per ticker); header: {head}")
        frame = pd.read_csv(self.path, na_values=["null"], **_EXACT)
        frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop(date_cols[0]),
                                                      format="ISO8601"), name="date")
        return frame

    def tickers(self) -> list[str]:
        """Tickers this file holds."""
        frame = self._load()
        if not self._wide:
            return [self.ticker or self.path.stem]
        return [str(c) for c in frame.columns]

    def fetch(self, ticker: str, start: DateLike, end: DateLike) -> pd.DataFrame:
        """Return ``ticker``'s bars between ``start`` and ``end`` (inclusive)."""
        s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
        frame = self._load()
        if not self._wide:
            if ticker not in self.tickers():
                raise UnknownTickerError(
                    f"{self.path} holds prices for {self.tickers()[0]!r}, not {ticker!r}",
                    hint="use one Yahoo-layout file per ticker, named TICKER.csv")
            bars = frame
        else:
            if ticker not in frame.columns:
                raise UnknownTickerError(
                    f"{self.path} has no column {ticker!r} (columns: {list(frame.columns)})",
                    hint="add a column named after the ticker")
            price = pd.to_numeric(frame[ticker], errors="coerce").astype(float)
            price = price.dropna()
            nan = np.full(len(price), np.nan)
            bars = pd.DataFrame({"Open": nan, "High": nan, "Low": nan, "Close": price.values,
                                 "Adj Close": price.values, "Volume": 0.0}, index=price.index)
        bars = bars.sort_index(kind="stable")  # joined by date: row order is irrelevant
        out = validate_frame(bars, ticker, origin=self.path.name)
        return out.loc[(out.index >= s) & (out.index <= e)]
