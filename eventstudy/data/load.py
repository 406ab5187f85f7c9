"""Library entry points: ``load_prices``, ``load_ohlcv`` and ``ensure_cached``.

The cache is the source of truth. A request the cache covers is answered
from it without touching the network; an uncovered range is fetched from the
source (Yahoo by default) and merged into the cache first. Offline (the
``offline`` argument, else ``EVENTSTUDY_OFFLINE=1``) nothing is fetched and
yfinance is never imported: a miss raises :class:`CacheMissError` naming the
ticker, the missing range and the command that fills it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from eventstudy.data.cache import (
    PriceCache,
    _now,
    resolve_cache_dir,
    resolve_offline,
)
from eventstudy.data.source import FIELDS, DateLike, PriceSource, to_timestamp
from eventstudy.data.tickers import safe_filename
from eventstudy.exceptions import (
    CacheMissError,
    DataCoverageError,
    DataError,
    UnknownTickerError,
)

__all__ = ["PriceHistory", "load_prices", "load_ohlcv", "ensure_cached"]

#: progress callback: (index 1..n, n, ticker, status text)
Progress = Callable[[int, int, str, str], None]


@dataclass(frozen=True)
class PriceHistory:
    """One ticker's daily bars with their cache metadata.

    Attributes
    ----------
    ticker
        The symbol.
    frame
        Yahoo columns (``Open, High, Low, Close, Adj Close, Volume`` and
        ``Dividends, Stock Splits`` where known), index = tz-naive session
        dates named ``date``.
    meta
        The cache metadata (source, provider and version, request,
        retrieval time or import provenance, first/last date, rows, sha256).
    """

    ticker: str
    frame: pd.DataFrame
    meta: dict[str, Any]

    @property
    def provenance(self) -> str:
        """One-line provenance: the manifest source, the import text or the provider."""
        prov = self.meta.get("provenance") or {}
        manifest = prov.get("manifest") or {}
        if manifest.get("source"):
            return str(manifest["source"])
        if prov.get("text"):
            return str(prov["text"])
        return f"{self.meta.get('provider')} {self.meta.get('provider_version') or ''}".strip()


def _default_source() -> PriceSource:
    from eventstudy.data.yahoo import YahooSource

    return YahooSource()


def _miss(cache: PriceCache, ticker: str, pieces: list[tuple[pd.Timestamp, pd.Timestamp]],
          why: str) -> CacheMissError:
    ranges = ", ".join(f"{a:%Y-%m-%d}..{b:%Y-%m-%d}" for a, b in pieces)
    return DataCoverageError(
        f"{ticker!r}: the cache folder {cache.folder} has no prices for {ranges} and {why}",
        hint="download the missing range while online (ensure_cached) or import your own "
        "file into the cache", missing=[(ticker, tuple(pieces))], folder=cache.folder)


def ensure_cached(
    tickers: Iterable[str],
    start: DateLike,
    end: DateLike,
    *,
    offline: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    source: PriceSource | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> dict[str, str]:
    """Make the cache cover ``[start, end]`` for every ticker, fetching what is missing.

    Parameters
    ----------
    tickers
        Yahoo symbols.
    start, end
        Inclusive date range.
    offline
        Never fetch (default ``$EVENTSTUDY_OFFLINE == "1"``).
    cache_dir
        Cache folder (default ``$EVENTSTUDY_CACHE`` or ``./cache``).
    source
        Where missing prices come from (default :class:`YahooSource`, created
        only when something must be fetched).
    refresh
        Download the whole range again; new rows replace cached ones.
    progress
        Called after each ticker with ``(i, n, ticker, status)``.

    Returns
    -------
    dict
        Ticker -> ``"cached"``, ``"fetched"`` or ``"refreshed"``.

    Raises
    ------
    CacheMissError
        Offline and a ticker is not covered.
    """
    cache = PriceCache(resolve_cache_dir(cache_dir))
    offline = resolve_offline(offline)
    s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
    if e < s:
        raise DataError(f"end {e:%Y-%m-%d} is before start {s:%Y-%m-%d}")
    today = pd.Timestamp.today().normalize()
    names = list(dict.fromkeys(tickers))
    status: dict[str, str] = {}
    for i, ticker in enumerate(names, 1):
        safe_filename(ticker)
        pieces = [(s, e)] if refresh else cache.missing_ranges(ticker, s, e)
        pieces = [(a, min(b, today)) for a, b in pieces if a <= today]
        if not pieces:
            status[ticker] = "cached"
        elif offline:
            raise _miss(cache, ticker, pieces, "offline mode forbids downloading "
                        "(EVENTSTUDY_OFFLINE=1 or --offline)")
        else:
            source = source or _default_source()
            for a, b in pieces:
                try:
                    frame = source.fetch(ticker, a, b)
                except UnknownTickerError:
                    if cache.meta(ticker) is not None and not refresh:
                        continue  # no sessions with data in the gap (e.g. before listing)
                    raise
                info = source.describe()
                params = info.get("params") or {}
                assert isinstance(params, dict), "describe()['params'] is a dict"
                meta = {"source": getattr(source, "name", type(source).__name__),
                        "provider": info.get("provider"),
                        "provider_version": info.get("provider_version"),
                        "request": {"start": f"{a:%Y-%m-%d}", "end": f"{b:%Y-%m-%d}",
                                    **params},
                        "retrieved_at": _now()}
                cache.merge_frame(ticker, frame, meta, covered=(a, b),
                                  prefer="new" if refresh else "cached")
            status[ticker] = "refreshed" if refresh else "fetched"
        if progress is not None:
            progress(i, len(names), ticker, status[ticker])
    return status


def load_ohlcv(
    ticker: str,
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    offline: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    source: PriceSource | None = None,
) -> PriceHistory:
    """Return one ticker's full daily bars and metadata.

    Parameters
    ----------
    ticker
        Yahoo symbol.
    start, end
        Inclusive range; None means "everything cached" (no fetch).
    offline, cache_dir, source
        As in :func:`load_prices`.

    Returns
    -------
    PriceHistory
        ``frame`` (Yahoo columns, index ``date``) and ``meta``.

    Raises
    ------
    CacheMissError
        The range is not cached and cannot be fetched (offline).
    CacheIntegrityError
        The cached file fails its checksum.
    """
    cache = PriceCache(resolve_cache_dir(cache_dir))
    if start is None or end is None:
        meta = cache.meta(ticker)
        if meta is None:
            raise _miss(cache, ticker, [(to_timestamp(start or "1990-01-01"),
                                         to_timestamp(end or pd.Timestamp.today()))],
                        "no date range was given to fetch")
        start = start if start is not None else meta["first_date"]
        end = end if end is not None else meta["last_date"]
    s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
    ensure_cached([ticker], s, e, offline=offline, cache_dir=cache.root, source=source)
    frame, meta = cache.read(ticker)
    frame = frame.loc[(frame.index >= s) & (frame.index <= e)]
    return PriceHistory(ticker=ticker, frame=frame, meta=meta)


def load_prices(
    tickers: str | Iterable[str],
    start: DateLike,
    end: DateLike,
    *,
    field: str = "adj_close",
    offline: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    source: PriceSource | None = None,
) -> pd.DataFrame:
    """Return one price field for several tickers, joined by session date.

    Parameters
    ----------
    tickers
        One symbol or a list (duplicates are dropped, order kept).
    start, end
        Inclusive date range (``"YYYY-MM-DD"``, ``date`` or ``Timestamp``).
    field
        ``adj_close`` (default), ``close``, ``open``, ``high``, ``low`` or ``volume``.
    offline
        Use the cache only (default ``$EVENTSTUDY_OFFLINE == "1"``).
    cache_dir
        Cache folder (default ``$EVENTSTUDY_CACHE`` or ``./cache``).
    source
        Provider for uncovered ranges (default Yahoo, only created when needed).

    Returns
    -------
    pandas.DataFrame
        Index: tz-naive session dates named ``date`` (the union over
        tickers, outer-joined by date); columns: tickers; NaN where a ticker
        has no row on that date.

    Raises
    ------
    CacheMissError
        Offline and the cache does not cover the request; the message names
        the ticker, the missing range and the fetch command.

    Examples
    --------
    >>> px = load_prices(["^GSPC"], "2018-12-20", "2018-12-31", offline=True)  # doctest: +SKIP
    >>> round(px.loc["2018-12-24", "^GSPC"], 2)  # doctest: +SKIP
    2351.1
    """
    if field not in FIELDS:
        raise DataError(f"unknown price field {field!r}",
                        hint=f"use one of {', '.join(FIELDS)}")
    names = [tickers] if isinstance(tickers, str) else list(dict.fromkeys(tickers))
    if not names:
        raise DataError("no tickers given to load_prices")
    s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
    cache_root = resolve_cache_dir(cache_dir)
    ensure_cached(names, s, e, offline=offline, cache_dir=cache_root, source=source)
    cache = PriceCache(cache_root)
    columns = {}
    for ticker in names:
        frame, _ = cache.read(ticker)
        columns[ticker] = frame.loc[(frame.index >= s) & (frame.index <= e), FIELDS[field]]
    out = pd.concat(columns, axis=1, join="outer", sort=True)
    out.index.name = "date"
    out.columns.name = None
    return out
