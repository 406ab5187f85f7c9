"""Input normalisation for the batch path: returns panel and event alignment.

The batch path works on one returns panel whose rows are the sessions of a
single calendar (the panel's own date index) and whose columns are tickers.
Each ticker's series is stored contiguously (ticker-major), so the estimation
and event windows of an event are one contiguous slice and many events are
gathered with a single fancy-indexing call on a sliding-window view.

Alignment rule (day 0), identical to the study path for date-only events:
a date means "some time that day", so day 0 is that date when it is a session
of the panel, else the next session (``numpy.searchsorted(sessions, date,
side="left")``). For a timestamp, day 0 is the first session whose close is
after the timestamp: the timestamp is converted to the exchange time zone and
compared with a fixed close time (default 16:00 America/New_York); at or after
the close it moves to the next session. Half-day closes are not modelled here
(the study path's ``eventstudy.calendar.align`` uses the exchange calendar).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eventstudy.exceptions import (
    BatchInputError,
    DuplicateEventError,
    DuplicateEventWarning,
)


@dataclass(frozen=True)
class Panel:
    """A returns panel stored ticker-major.

    Attributes
    ----------
    values
        C-contiguous array ``(n_tickers, n_sessions)``; NaN = missing return.
    dates
        Session dates (the panel's row index), ascending, unique.
    tickers
        Column labels, in the row order of ``values``.
    """

    values: np.ndarray
    dates: pd.DatetimeIndex
    tickers: pd.Index

    @property
    def n_sessions(self) -> int:
        """Number of sessions (columns of ``values``)."""
        return int(self.values.shape[1])


def to_panel(returns: pd.DataFrame, extra: dict[str, pd.Series] | None = None) -> Panel:
    """Build a :class:`Panel` from wide (date x ticker) or long returns.

    Parameters
    ----------
    returns
        Wide frame (index dates, one column per ticker) or long frame with
        columns ``date``, ``ticker`` and ``return``.
    extra
        Additional return series (e.g. a benchmark not in ``returns``),
        joined by date and stored as extra tickers.

    Returns
    -------
    Panel

    Raises
    ------
    BatchInputError
        Unparseable dates, duplicated dates or tickers, non-numeric returns.
    """
    if not isinstance(returns, pd.DataFrame):
        raise BatchInputError(
            f"returns must be a pandas DataFrame, got {type(returns).__name__}",
            hint="pass a wide frame (index dates, columns tickers) or a long frame "
            "with columns date, ticker, return",
        )
    cols = {str(c).lower() for c in returns.columns}
    if {"date", "ticker", "return"} <= cols:
        lower = {c: str(c).lower() for c in returns.columns}
        long = returns.rename(columns=lower)
        dup = long.duplicated(["date", "ticker"])
        if dup.any():
            row = long[dup].iloc[0]
            raise BatchInputError(
                f"long returns frame has {int(dup.sum())} duplicated (date, ticker) rows, "
                f"first: date={row['date']}, ticker={row['ticker']}",
                hint="keep one return per ticker and session",
            )
        wide = long.pivot(index="date", columns="ticker", values="return")
    else:
        wide = returns
    try:
        index = pd.DatetimeIndex(pd.to_datetime(wide.index))
    except (TypeError, ValueError) as exc:
        raise BatchInputError(
            f"returns index is not a date index: {exc}",
            hint="index the wide frame by session date",
        ) from exc
    if index.tz is not None:
        index = index.tz_localize(None)
    wide = wide.set_axis(index.normalize(), axis=0)
    if extra:
        for name, series in extra.items():
            s = series.copy()
            s.index = pd.DatetimeIndex(pd.to_datetime(s.index)).tz_localize(None).normalize()
            wide = wide.assign(**{name: s.reindex(wide.index)})
    if wide.index.has_duplicates:
        d = wide.index[wide.index.duplicated()][0]
        raise BatchInputError(
            f"returns index has duplicated session dates (first: {d.date()})",
            hint="one row per session",
        )
    if wide.columns.has_duplicates:
        t = wide.columns[wide.columns.duplicated()][0]
        raise BatchInputError(
            f"returns has duplicated ticker column {t!r}", hint="one column per ticker"
        )
    wide = wide.sort_index()
    try:
        values = np.ascontiguousarray(wide.to_numpy(dtype=np.float64).T)
    except (TypeError, ValueError) as exc:
        raise BatchInputError(
            f"returns contain non-numeric values: {exc}",
            hint="returns must be floats; NaN = missing",
        ) from exc
    dates = pd.DatetimeIndex(wide.index, name="date")
    return Panel(values, dates, pd.Index(wide.columns.astype(str)))


@dataclass(frozen=True)
class AlignedEvents:
    """Events mapped to panel coordinates (one entry per kept event).

    Attributes
    ----------
    ids, tickers
        Event ids and tickers (object arrays).
    dates
        The event dates as given (date part).
    col, bcol
        Row of the asset / benchmark series in :attr:`Panel.values` (-1 = none).
    day0
        Session position of day 0 in :attr:`Panel.dates` (``n_sessions`` when
        after the last session).
    rolled
        True where day 0 differs from the given date.
    x_rows, rf_rows, x_names
        Factor models: ``(n, k)`` panel rows of the factors, ``(n,)`` row of
        the risk-free rate and the factor names (None: the benchmark column
        ``bcol`` is the one regressor, or none when it is -1).
    """

    ids: np.ndarray
    tickers: np.ndarray
    dates: np.ndarray
    col: np.ndarray
    bcol: np.ndarray
    day0: np.ndarray
    rolled: np.ndarray
    x_rows: np.ndarray | None = None
    rf_rows: np.ndarray | None = None
    x_names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(self.col.shape[0])

    def regressors(self) -> np.ndarray:
        """``(n, k)`` panel rows of each event's regressors."""
        if self.x_rows is not None:
            return self.x_rows
        if len(self) and (self.bcol >= 0).all():
            return self.bcol[:, None]
        return np.zeros((len(self), 0), dtype=np.int64)


def _day0_positions(
    events: pd.DataFrame, sessions: pd.DatetimeIndex, close: str, tz: str
) -> tuple[np.ndarray, np.ndarray]:
    sess = sessions.to_numpy(dtype="datetime64[ns]")
    if "timestamp" in events.columns and events["timestamp"].notna().any():
        ts = pd.to_datetime(events["timestamp"], utc=False)
        if getattr(ts.dt, "tz", None) is None:
            local = ts.dt.tz_localize(tz)
        else:
            local = ts.dt.tz_convert(tz)
        local_date = local.dt.tz_localize(None).dt.normalize()
        close_t = pd.Timedelta(close + ":00" if close.count(":") == 1 else close)
        after = (local.dt.tz_localize(None) - local_date) >= close_t
        ld = local_date.to_numpy(dtype="datetime64[ns]")
        side_on = np.searchsorted(sess, ld, side="left")
        side_after = np.searchsorted(sess, ld, side="right")
        pos_ts = np.where(after.to_numpy(), side_after, side_on)
        have_ts = ts.notna().to_numpy()
        given = np.where(have_ts, local_date.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    else:
        have_ts = np.zeros(len(events), dtype=bool)
        pos_ts = np.zeros(len(events), dtype=np.int64)
        given = np.full(len(events), np.datetime64("NaT"), dtype="datetime64[ns]")
    if "date" in events.columns:
        d = pd.to_datetime(events["date"]).dt.tz_localize(None).dt.normalize()
        dn = d.to_numpy(dtype="datetime64[ns]")
        pos_d = np.searchsorted(sess, dn, side="left")
        given = np.where(have_ts, given, dn)
        pos = np.where(have_ts, pos_ts, pos_d)
    elif have_ts.all():
        pos = pos_ts
    else:
        raise BatchInputError(
            "events need a 'date' column (or a 'timestamp' on every row)",
            hint="add a date column: the calendar date of each event",
        )
    pos = pos.astype(np.int64)
    in_range = pos < len(sess)
    rolled = np.ones(len(pos), dtype=bool)
    rolled[in_range] = sess[pos[in_range]] != given[in_range]
    return pos, rolled


def align_events(
    events: pd.DataFrame,
    panel: Panel,
    *,
    benchmark: str | None,
    close: str = "16:00",
    tz: str = "America/New_York",
    duplicates: str = "raise",
) -> AlignedEvents:
    """Map an events frame onto panel coordinates and handle duplicates.

    Parameters
    ----------
    events
        Frame with ``ticker`` and ``date`` (or ``timestamp``) columns, optional
        ``benchmark`` (a ticker in the panel, per event) and ``id``.
    panel
        The returns panel.
    benchmark
        Default benchmark ticker (a panel column), or None for models without one.
    close, tz
        Exchange close time and time zone for timestamped events.
    duplicates
        ``"raise"`` (:class:`~eventstudy.exceptions.DuplicateEventError`) or
        ``"drop"`` (keep the first, warn with
        :class:`~eventstudy.exceptions.DuplicateEventWarning`). Duplicates are
        events with the same ticker, benchmark and day 0.

    Returns
    -------
    AlignedEvents
    """
    if not isinstance(events, pd.DataFrame) or "ticker" not in events.columns:
        raise BatchInputError(
            "events must be a DataFrame with a 'ticker' column and a 'date' column",
            hint="e.g. pandas.DataFrame({'ticker': [...], 'date': [...]})",
        )
    if duplicates not in ("raise", "drop"):
        raise BatchInputError(f"duplicates={duplicates!r}: use 'raise' or 'drop'")
    events = events.reset_index(drop=True)
    tick = events["ticker"].astype(str).to_numpy(dtype=object)
    col = panel.tickers.get_indexer(tick)
    if (col < 0).any():
        bad = pd.unique(tick[col < 0])
        raise BatchInputError(
            f"{len(bad)} event ticker(s) are not columns of returns, e.g. {list(bad[:5])}",
            hint="add their returns to the panel or drop those events",
        )
    if "benchmark" in events.columns:
        bt = events["benchmark"].where(events["benchmark"].notna(), benchmark)
        bnames = bt.astype(object).to_numpy()
    else:
        bnames = np.full(len(events), benchmark, dtype=object)
    if benchmark is None and "benchmark" not in events.columns:
        bcol = np.full(len(events), -1, dtype=np.int64)
    else:
        if any(b is None for b in bnames):
            raise BatchInputError(
                "some events have no benchmark",
                hint="pass benchmark=<ticker> or fill the events' benchmark column",
            )
        bcol = panel.tickers.get_indexer(np.asarray(bnames, dtype=str))
        if (bcol < 0).any():
            bad = pd.unique(np.asarray(bnames, dtype=object)[bcol < 0])
            raise BatchInputError(
                f"benchmark(s) {list(bad[:5])} are not columns of returns",
                hint="add the benchmark's returns as a column or pass it as a Series",
            )
    day0, rolled = _day0_positions(events, panel.dates, close, tz)
    if "id" in events.columns:
        ids = events["id"].astype(str).to_numpy(dtype=object)
    else:
        ids = np.array([f"e{i}" for i in range(len(events))], dtype=object)
    if "date" in events.columns:
        dates = pd.to_datetime(events["date"]).dt.tz_localize(None).dt.normalize().to_numpy()
    else:
        dates = pd.to_datetime(events["timestamp"]).to_numpy()
    key = pd.DataFrame({"c": col, "b": bcol, "d": day0})
    dup = key.duplicated().to_numpy()
    if dup.any():
        first = int(np.flatnonzero(dup)[0])
        where = f"ticker {tick[first]}, day 0 position {int(day0[first])}"
        if day0[first] < len(panel.dates):
            where = f"ticker {tick[first]}, day 0 {panel.dates[day0[first]].date()}"
        if duplicates == "raise":
            raise DuplicateEventError(
                f"{int(dup.sum())} duplicate event(s) (same ticker, benchmark and day 0); "
                f"first at events row {first} (id {ids[first]}, {where})",
                hint="drop them, or call batch(..., duplicates='drop') to keep the first of each",
            )
        warnings.warn(
            f"dropped {int(dup.sum())} duplicate event(s) (same ticker, benchmark and day 0), "
            f"first at events row {first} (id {ids[first]}, {where})",
            DuplicateEventWarning,
            stacklevel=3,
        )
    keep = ~dup
    return AlignedEvents(
        ids[keep], tick[keep], dates[keep], col[keep].astype(np.int64),
        bcol[keep].astype(np.int64), day0[keep], rolled[keep],
    )


__all__ = ["Panel", "AlignedEvents", "to_panel", "align_events"]
