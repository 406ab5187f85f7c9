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

Every mistake in a file is a :class:`~eventstudy.exceptions.PriceValidationError`
naming the file, the row (file line: the header is line 1), the column and the
bad value, with the fix: a date that is not ``YYYY-MM-DD``, a date that appears
twice, a price cell that is not a number or not positive. Empty cells (and
``null``, ``NaN``, ``NA``, ``N/A``) are missing prices, not errors. The checks
live here so library users calling :class:`CsvSource` directly get the same
messages as ``python -m eventstudy run`` (:mod:`eventstudy.pipeline.csvprices`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from eventstudy._typing import date_index
from eventstudy.data.source import PRICE_COLUMNS, DateLike, to_timestamp, validate_frame
from eventstudy.exceptions import PriceValidationError, UnknownTickerError

__all__ = ["CsvSource", "read_yahoo_csv", "read_wide_csv", "is_yahoo_layout",
           "check_price_cells", "check_unique_dates", "NO_PRICE"]

#: exact (round-trip) float parsing: pandas >= 3 does it by default and deprecates the flag
_EXACT: dict[str, str] = (
    {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"})

#: default end of the "leave the cell empty when ..." fix in cell messages
NO_PRICE = "there is no price that day"

_READ_HINT = "save it as comma-separated text with a header row"


def is_yahoo_layout(columns: list[str]) -> bool:
    """Return True when ``columns`` look like a Yahoo download."""
    return columns[:1] == ["Date"] and "Close" in columns and "Adj Close" in columns


def _shown(path: str | Path | IO[bytes], name: str | None) -> str:
    return name or (str(path) if isinstance(path, str | Path) else "price file")


def _value(v: Any) -> str:
    """``repr`` of a cell for messages; an empty cell is shown as ``''``."""
    return repr("" if v is None or (isinstance(v, float) and np.isnan(v)) else v)


def check_price_cells(shown: str, frame: pd.DataFrame, columns: Iterable[str],
                      fix: str = NO_PRICE, *, positive: Iterable[str] | None = None) -> None:
    """Refuse non-numeric and non-positive price cells, naming row and column.

    Row numbers are file lines (the header is line 1), so ``frame`` must be
    in file order. A missing cell (NaN) is allowed: it is a missing price.

    Parameters
    ----------
    shown
        The file name used in messages.
    frame
        The file's cells (as read: a column holding text is ``object``).
    columns
        Columns whose cells must be numbers.
    fix
        Ends the hint "leave the cell empty when ...".
    positive
        Columns whose numbers must be > 0 (default: all of ``columns``).

    Raises
    ------
    PriceValidationError
        ``FILE: row N: column 'X': 'abc' is not a number`` (with the count of
        such cells) or ``... price -1.0 is not positive``.
    """
    columns = list(columns)
    positive = set(columns if positive is None else positive)
    for col in columns:
        raw = frame[col]
        vals = pd.to_numeric(raw, errors="coerce")
        text = raw.isna().to_numpy() != vals.isna().to_numpy()  # there, but not a number
        if text.any():
            i = int(np.flatnonzero(text)[0])
            raise PriceValidationError(
                f"{shown}: row {i + 2}: column {col!r}: {_value(raw.iloc[i])} is not a number"
                f"{f' ({int(text.sum())} such cells)' if text.sum() > 1 else ''}",
                hint=f"write prices as plain numbers (leave the cell empty when {fix})")
        infinite = np.isinf(vals.to_numpy(dtype=float))
        if infinite.any():
            i = int(np.flatnonzero(infinite)[0])
            raise PriceValidationError(
                f"{shown}: row {i + 2}: column {col!r}: {str(raw.iloc[i])!r} is not a finite "
                f"number{f' ({int(infinite.sum())} such cells)' if infinite.sum() > 1 else ''}",
                hint=f"write prices as plain numbers (leave the cell empty when {fix})")
        if col not in positive:
            continue
        bad = (vals <= 0).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise PriceValidationError(
                f"{shown}: row {i + 2}: column {col!r}: price {float(vals.iloc[i])!r} "
                "is not positive",
                hint=f"fix the price, or leave the cell empty when {fix}")


def check_unique_dates(shown: str, dates: pd.DatetimeIndex | pd.Series) -> None:
    """Refuse a date that appears more than once, naming the file rows (file order).

    Raises
    ------
    PriceValidationError
        ``FILE: rows 5, 9: the date 2018-12-27 appears more than once``.
    """
    d = pd.Series(pd.DatetimeIndex(dates))
    dup = d.duplicated(keep=False).to_numpy()
    if dup.any():
        first = d[dup].iloc[0]
        same = np.flatnonzero((d == first).to_numpy())[:6]
        raise PriceValidationError(
            f"{shown}: rows {', '.join(str(i + 2) for i in same)}: the date "
            f"{first:%Y-%m-%d} appears more than once", hint="keep one row per date")


def _read(path: str | Path | IO[bytes], shown: str, **kw: Any) -> pd.DataFrame:
    try:
        return pd.read_csv(path, **kw)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise PriceValidationError(f"{shown}: cannot read as CSV: {exc}",
                                   hint=_READ_HINT) from exc


def _dates(shown: str, raw: pd.Series, column: str, hint: str,
           template: str = "{shown}: row {row}: column {col!r}: {value} is not a date"
           ) -> pd.DatetimeIndex:
    try:
        dates = pd.to_datetime(raw, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):  # e.g. dates with different UTC offsets
        raise PriceValidationError(
            f"{shown}: column {column!r}: the dates mix different UTC offsets "
            f"(e.g. {_value(raw.iloc[0])})",
            hint="write each date as YYYY-MM-DD (a daily price has no time of day)") from None
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)  # one offset throughout: keep the wall date
    bad = dates.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        more = f"; {int(bad.sum())} such rows" if bad.sum() > 1 else ""
        raise PriceValidationError(
            template.format(shown=shown, row=i + 2, col=column, value=_value(raw.iloc[i]))
            + more, hint=hint)
    return pd.DatetimeIndex(dates, name="date")


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
    shown = _shown(path, name)
    frame = _read(path, shown, na_values=["null"], **_EXACT)
    if "Date" not in frame.columns:
        raise PriceValidationError(f"{shown}: no 'Date' column (have {list(frame.columns)})",
                                   hint="use Yahoo columns Date, Open, High, Low, Close, "
                                   "Adj Close, Volume")
    raw = frame.pop("Date")
    frame.index = _dates(shown, raw, "Date", "write dates as YYYY-MM-DD, one row per session",
                         "{shown}: row {row}: Date value {value} is not a valid date "
                         "(not YYYY-MM-DD)")
    return frame


def read_wide_csv(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """Read a wide CSV (a ``date`` column plus one price column per ticker).

    Dates are checked (``YYYY-MM-DD``, each once); price cells are read
    exactly but not yet checked (see :func:`check_price_cells`): a column
    holding text stays ``object``.

    Parameters
    ----------
    path
        The file.
    name
        How to name the file in messages (default: ``path``).

    Returns
    -------
    pandas.DataFrame
        Index ``date`` in file order, one column per ticker.

    Raises
    ------
    PriceValidationError
        Unreadable file, no (or more than one) ``date`` column, a date that is
        not ``YYYY-MM-DD``, a date on two rows.
    """
    shown = _shown(path, name)
    head = [str(c) for c in _read(path, shown, nrows=0).columns]
    date_cols = [c for c in head if c.strip().lower() == "date"]
    if len(date_cols) != 1:
        raise PriceValidationError(
            f"{shown}: neither the wide layout (one 'date' column plus one column per "
            f"ticker) nor the Yahoo layout (Date, Open, High, Low, Close, Adj Close, "
            f"Volume); header: {head}",
            hint="put the dates in a column named 'date' and each ticker's prices in a "
            "column named after the ticker")
    frame = _read(path, shown, na_values=["null"], dtype={date_cols[0]: str}, **_EXACT)
    frame.index = _dates(shown, frame.pop(date_cols[0]), date_cols[0],
                         "write dates as YYYY-MM-DD, one row per date")
    check_unique_dates(shown, date_index(frame))
    frame.columns = [str(c) for c in frame.columns]
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

    Notes
    -----
    Bad dates and duplicate dates are refused when the file is first read;
    a ticker's price cells when it is fetched (or :meth:`check`-ed), so a
    bad cell in a column nobody asks for is not an error. Every message
    names the file, row, column and value (see the module docstring).
    """

    name = "csv"

    def __init__(self, path: str | Path, ticker: str | None = None) -> None:
        self.path = Path(path)
        self.ticker = ticker
        self._frame: pd.DataFrame | None = None
        self._wide = False
        self._checked: set[str] = set()

    def describe(self) -> dict[str, object]:
        """Return provider and file, for the cache metadata."""
        return {"provider": "csv", "provider_version": None,
                "params": {"path": self.path.name}}

    @property
    def layout(self) -> str:
        """``"yahoo"`` or ``"wide"``."""
        self._load()
        return "wide" if self._wide else "yahoo"

    @property
    def rows(self) -> int:
        """Number of data rows in the file."""
        return int(len(self._load()))

    def _load(self) -> pd.DataFrame:
        if self._frame is None:
            shown = str(self.path)
            if not self.path.is_file():
                raise PriceValidationError(f"price file {shown} does not exist",
                                           hint="check data.path in the study file")
            head = [str(c) for c in _read(self.path, shown, nrows=0).columns]
            if is_yahoo_layout(head):
                frame = read_yahoo_csv(self.path)
                check_unique_dates(shown, date_index(frame))
                self._wide = False
            else:
                frame = read_wide_csv(self.path)
                self._wide = True
            self._frame = frame
        return self._frame

    def tickers(self) -> list[str]:
        """Tickers this file holds."""
        frame = self._load()
        if not self._wide:
            return [self.ticker or self.path.stem]
        return [str(c) for c in frame.columns]

    def check(self, tickers: Iterable[str] | None = None) -> None:
        """Check the price cells of ``tickers`` (default: every ticker in the file).

        Raises
        ------
        PriceValidationError
            A cell that is not a number or a price that is not positive, as
            ``FILE: row N: column 'X': 'abc' is not a number``.
        """
        frame = self._load()
        shown = str(self.path)
        if not self._wide:
            if "yahoo" in self._checked:
                return
            cols = [c for c in (*PRICE_COLUMNS, "Volume") if c in frame.columns]
            check_price_cells(shown, frame, cols, NO_PRICE,
                              positive=[c for c in PRICE_COLUMNS if c in frame.columns])
            self._checked.add("yahoo")
            return
        todo = [t for t in (self.tickers() if tickers is None else tickers)
                if t in frame.columns and t not in self._checked]
        check_price_cells(shown, frame, todo, NO_PRICE)
        self._checked.update(todo)

    def wide_prices(self, tickers: Iterable[str]) -> pd.DataFrame:
        """Return the checked prices of several tickers of a wide file, one column each.

        Column ``t`` holds what ``fetch(t, ...)["Adj Close"]`` holds (sorted by
        date; NaN where the cell is empty), for all tickers in one pass instead
        of one validated frame per ticker. A ticker :meth:`fetch` would refuse
        (absent, a bad cell, no price at all) is refused by :meth:`fetch`
        itself, with its message.
        """
        frame = self._load()
        names = list(dict.fromkeys(tickers))
        if not self._wide:
            raise ValueError(f"{self.path} is a Yahoo-layout file, not a wide one")
        lo, hi = "1800-01-01", "2200-12-31"  # any dates: only fetch's refusal matters
        for t in names:
            if t not in frame.columns:
                self.fetch(t, lo, hi)  # raises UnknownTickerError
        self.check(names)
        out = frame.loc[:, names].astype(float).sort_index(kind="stable")
        for t in names:
            if not out[t].notna().any():
                self.fetch(t, lo, hi)  # raises: no price rows
        return out

    def fetch(self, ticker: str, start: DateLike, end: DateLike) -> pd.DataFrame:
        """Return ``ticker``'s bars between ``start`` and ``end`` (inclusive).

        Raises
        ------
        PriceValidationError
            A bad cell in the ticker's column(s) (see :meth:`check`).
        UnknownTickerError
            The file holds no prices for ``ticker``.
        """
        s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
        frame = self._load()
        if not self._wide:
            if ticker not in self.tickers():
                raise UnknownTickerError(
                    f"{self.path} holds prices for {self.tickers()[0]!r}, not {ticker!r}",
                    hint="use one Yahoo-layout file per ticker, named TICKER.csv")
            self.check()
            bars = frame
        else:
            if ticker not in frame.columns:
                raise UnknownTickerError(
                    f"{self.path} has no column {ticker!r} (columns: {list(frame.columns)})",
                    hint="add a column named after the ticker")
            self.check([ticker])
            price = frame[ticker].astype(float).dropna()
            nan = np.full(len(price), np.nan)
            bars = pd.DataFrame({"Open": nan, "High": nan, "Low": nan, "Close": price.values,
                                 "Adj Close": price.values, "Volume": 0.0}, index=price.index)
        bars = bars.sort_index(kind="stable")  # joined by date: row order is irrelevant
        out = validate_frame(bars, ticker, origin=self.path.name)
        return out.loc[(out.index >= s) & (out.index <= e)]
