"""Prices from the study's own CSV file (``data: {source: csv, path: ...}``).

The file is read and checked by :class:`eventstudy.data.csvsource.CsvSource`
(row-level checks there, then the same bar validation as every other source:
positive prices, one row per date, Yahoo columns), so every mistake is
reported as ``file: row N: column 'X': ...`` with the fix, never as a
traceback or a silently dropped cell -- the same messages a library user
calling ``CsvSource`` directly gets. Two layouts:

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

import pandas as pd

from eventstudy.data.csvsource import CsvSource
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
    source = CsvSource(path)
    layout = source.layout  # reads the file: bad or duplicate dates are refused here
    needed = list(spans)
    skipped: list[str] = []
    volumes: dict[str, pd.Series] = {}
    if layout == "yahoo":
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
        source.ticker = holds
        source.check()
        column = FIELDS[field_]
    else:
        in_file = source.tickers()
        skipped = [t for t in needed if t in optional and t not in in_file]
        needed = [t for t in needed if t not in skipped]
        source.check([t for t in needed if t in in_file])
        if any(t not in in_file for t in needed):
            raise _missing(shown, in_file, needed, users)
        column = "Adj Close"  # a wide column is both Close and Adj Close
    sha = _sha256(path)
    columns: dict[str, pd.Series] = {}
    prov = []
    # a wide file: every column checked and converted at once (same values as fetch)
    wide = source.wide_prices(needed) if layout == "wide" else None
    for t in needed:
        lo, hi = spans[t]
        if wide is None:
            bars = source.fetch(t, lo, hi)
            have = bars[column].dropna()
        else:
            col = wide[t]
            have = col[(col.index >= lo) & (col.index <= hi)].dropna()
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
        if wide is None and "Volume" in bars:
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
            "rows": source.rows, "tickers": needed, "skipped": skipped}
    return CsvPrices(prices, prov, volumes, info)
