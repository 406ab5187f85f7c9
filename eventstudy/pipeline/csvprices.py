"""Prices from the study's own CSV file (``data: {source: csv, path: ...}``).

The file is read through :class:`eventstudy.data.csvsource.CsvSource` (the
same bar validation as every other source: positive prices, one row per
date, Yahoo columns) after a row-level check done here, so every mistake is
reported as ``file: row N: column 'X': ...`` with the fix, never as a
traceback or a silently dropped cell. Two layouts:

* **wide** -- a ``date`` column plus one price column per ticker (the column
  is used as both close and adjusted close; no volume);
* **Yahoo** -- one ticker per file (``Date, Open, High, Low, Close, Adj
  Close, Volume``), for a study that needs one ticker or whose file is named
  after the ticker (``GM.csv``).

Every ticker ``run`` needs (assets, benchmarks, robustness benchmarks) must
be in the file and cover the dates its estimates need
(:func:`~eventstudy.pipeline.estimate.required_data` with ``chart=False``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.data.csvsource import CsvSource, is_yahoo_layout, read_yahoo_csv
from eventstudy.data.source import FIELDS, check_sessions
from eventstudy.data.tickers import calendar_for
from eventstudy.exceptions import PriceValidationError, UnknownTickerError
from eventstudy.spec import Study

Span = tuple[pd.Timestamp, pd.Timestamp]


@dataclass(frozen=True)
class CsvPrices:
    """What the pipeline needs from the file.

    Attributes
    ----------
    prices
        One column per needed ticker, index session dates named ``date``.
    provenance
        One row per ticker for ``study.json`` and the report's data table.
    volumes
        Ticker -> volume (Yahoo layout with a real volume column only).
    info
        The file: ``path``, ``layout``, ``sha256``, ``rows``.
    """

    prices: pd.DataFrame
    provenance: list[dict[str, Any]]
    volumes: dict[str, pd.Series]
    info: dict[str, Any]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_cells(shown: str, frame: pd.DataFrame, columns: list[str], fix: str) -> None:
    """Refuse non-numeric and non-positive price cells, naming row and column.

    Row numbers are file lines (the header is line 1), in file order.
    """
    for col in columns:
        raw = frame[col]
        vals = pd.to_numeric(raw, errors="coerce")
        text = raw.isna() != vals.isna()  # a cell that is there but not a number
        if text.any():
            i = int(np.flatnonzero(text.to_numpy())[0])
            raise PriceValidationError(
                f"{shown}: row {i + 2}: column {col!r}: {raw.iloc[i]!r} is not a number"
                f"{f' ({int(text.sum())} such cells)' if text.sum() > 1 else ''}",
                hint=f"write prices as plain numbers (leave the cell empty when {fix})")
        bad = vals <= 0
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise PriceValidationError(
                f"{shown}: row {i + 2}: column {col!r}: price {vals.iloc[i]!r} is not positive",
                hint=f"fix the price, or leave the cell empty when {fix}")


def _wide(path: Path, shown: str, head: list[str], needed: list[str]) -> pd.DataFrame:
    date_cols = [c for c in head if c.strip().lower() == "date"]
    if len(date_cols) != 1:
        raise PriceValidationError(
            f"{shown}: neither the wide layout (one 'date' column plus one column per "
            f"ticker) nor the Yahoo layout (Date, Open, High, Low, Close, Adj Close, "
            f"Volume); header: {head}",
            hint="put the dates in a column named 'date' and each ticker's prices in a "
            "column named after the ticker")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise PriceValidationError(f"{shown}: cannot read as CSV: {exc}",
                                   hint="save it as comma-separated text with a header row"
                                   ) from exc
    frame = frame.replace({"": None, "null": None, "NaN": None, "nan": None, "NA": None})
    raw = frame[date_cols[0]]
    dates = pd.to_datetime(raw, format="ISO8601", errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise PriceValidationError(
            f"{shown}: row {i + 2}: column {date_cols[0]!r}: {raw.iloc[i]!r} is not a date",
            hint="write dates as YYYY-MM-DD, one row per date")
    dup = dates.duplicated(keep=False)
    if dup.any():
        rows = [str(i + 2) for i in np.flatnonzero(dup.to_numpy())[:6]]
        raise PriceValidationError(
            f"{shown}: rows {', '.join(rows)}: the date {dates[dup].iloc[0]:%Y-%m-%d} appears "
            "more than once", hint="keep one row per date")
    have = [c for c in needed if c in frame.columns]
    _check_cells(shown, frame, have, "there is no price that day")
    return frame


def _missing(shown: str, columns: list[str], needed: list[str], users: dict[str, str]
             ) -> UnknownTickerError:
    miss = [t for t in needed if t not in columns]
    why = "; ".join(f"{t!r} ({users[t]})" for t in miss)
    return UnknownTickerError(
        f"{shown}: no price column for {len(miss)} ticker(s) the study needs: {why}; "
        f"the file's columns are {columns}",
        hint=f"add a column named exactly {miss[0]!r} (and one for each other missing "
        "ticker) with its prices, or remove it from the study")


def load_csv_prices(study: Study, spans: dict[str, Span], needs: dict[str, Span],
                    calendars: dict[str, str], field_: str, users: dict[str, str],
                    optional: frozenset[str] = frozenset()) -> CsvPrices:
    """Read, check and cut the study's CSV prices.

    Parameters
    ----------
    study
        A study with ``data.source == "csv"``.
    spans
        Ticker -> the span ``run`` loads (with chart padding).
    needs
        Ticker -> the span the estimates need; the file must cover it.
    calendars
        Ticker -> exchange calendar (for the session check in the provenance).
    field_
        ``adj_close`` or ``close`` (Yahoo layout; a wide column is both).
    users
        Ticker -> why it is needed (``"asset"``, ``"benchmark of GM"``), for messages.
    optional
        Tickers used only by the robustness (alternative) model, e.g. ACWX:
        when the file lacks them they are left out (listed in
        ``info["skipped"]``) instead of refused.

    Returns
    -------
    CsvPrices

    Raises
    ------
    PriceValidationError
        Unreadable file, bad date or price cell (the message names the row
        and column), duplicate dates, or a ticker's prices do not cover the
        dates its estimates need.
    UnknownTickerError
        A ticker the study needs is not in the file.
    """
    if study.data.path is None:  # the spec refuses this; kept for Study built in Python
        raise PriceValidationError("data source 'csv' needs a path",
                                   hint="add 'path: prices.csv' under data")
    path = study.resolve(study.data.path)
    shown = str(path)
    if not path.is_file():
        raise PriceValidationError(f"{shown}: price file not found (data.path)",
                                   hint="paths are relative to the study file")
    try:
        head = [str(c) for c in pd.read_csv(path, nrows=0).columns]
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise PriceValidationError(f"{shown}: cannot read as CSV: {exc}",
                                   hint="save it as comma-separated text with a header row"
                                   ) from exc
    needed = list(spans)
    skipped: list[str] = []
    volumes: dict[str, pd.Series] = {}
    if is_yahoo_layout(head):
        layout = "yahoo"
        required = [t for t in needed if t not in optional]
        if path.stem in needed:
            holds = path.stem
        elif len(required) == 1:
            holds = required[0]
        else:
            raise _missing(shown, [path.stem], needed, users)
        skipped = [t for t in needed if t != holds and t in optional]
        needed = [t for t in needed if t not in skipped]
        if needed != [holds]:
            raise _missing(shown, [holds], needed, users)
        frame = read_yahoo_csv(path, name=shown)
        dup = frame.index.duplicated(keep=False)
        if dup.any():
            rows = [str(i + 2) for i in np.flatnonzero(dup)[:6]]
            raise PriceValidationError(
                f"{shown}: rows {', '.join(rows)}: the date "
                f"{frame.index[dup][0]:%Y-%m-%d} appears more than once",
                hint="keep one row per date")
        _check_cells(shown, frame, [c for c in ("Close", "Adj Close") if c in frame],
                     "there is no price that day")
        source = CsvSource(path, ticker=holds)
        column = FIELDS[field_]
    else:
        layout = "wide"
        skipped = [t for t in needed if t in optional and t not in head]
        needed = [t for t in needed if t not in skipped]
        frame = _wide(path, shown, head, needed)
        if any(t not in frame.columns for t in needed):
            raise _missing(shown, [c for c in head if c.strip().lower() != "date"], needed,
                           users)
        source = CsvSource(path)
        column = "Adj Close"  # a wide column is both Close and Adj Close
    sha = _sha256(path)
    columns: dict[str, pd.Series] = {}
    prov = []
    for t in needed:
        lo, hi = spans[t]
        bars = source.fetch(t, lo, hi)
        have = bars[column].dropna()
        n_lo, n_hi = needs[t]
        if len(have) == 0 or have.index.min() > n_lo or have.index.max() < n_hi:
            got = (f"has prices from {have.index.min():%Y-%m-%d} to {have.index.max():%Y-%m-%d}"
                   if len(have) else "has no prices")
            raise PriceValidationError(
                f"{shown}: {t!r} ({users[t]}) {got} between {lo:%Y-%m-%d} and "
                f"{hi:%Y-%m-%d}, but the study needs {n_lo:%Y-%m-%d} to {n_hi:%Y-%m-%d} "
                "(the session before the estimation window to the last event-window session)",
                hint="add the missing rows, or shorten model.estimation_window")
        columns[t] = have
        if layout == "yahoo" and "Volume" in bars:
            vol = bars["Volume"]
            if vol.notna().any() and (vol.fillna(0) != 0).any():
                volumes[t] = vol
        check = check_sessions(pd.DatetimeIndex(have.index), calendars.get(t) or calendar_for(t))
        prov.append({
            "ticker": t, "name": "",
            "source": f"CSV file {path.name} ({layout} layout"
                      + (f", column {t!r})" if layout == "wide" else ")"),
            "cache_source": "csv", "price_field": field_ if layout == "yahoo" else
            "price column (used as adj_close and close)",
            "first_date": f"{have.index.min():%Y-%m-%d}",
            "last_date": f"{have.index.max():%Y-%m-%d}", "rows": int(len(have)),
            "cache_first_date": None, "cache_last_date": None, "cache_rows": None,
            "calendar": check.calendar,
            "missing_sessions": ", ".join(f"{d:%Y-%m-%d}" for d in check.missing) or "none",
            "extra_rows": ", ".join(f"{d:%Y-%m-%d}" for d in check.extra) or "none",
            "retrieved": f"file sha256 {sha[:16]}", "sha256": sha, "cross_check": "",
        })
    prices = pd.concat(columns, axis=1, join="outer", sort=True).reindex(columns=needed)
    prices.index.name = "date"
    info = {"source": "csv", "path": shown, "layout": layout, "sha256": sha,
            "rows": int(len(frame)), "tickers": needed, "skipped": skipped}
    return CsvPrices(prices, prov, volumes, info)
