r"""Return construction and joining series by date.

Everything here joins by **date**, never by row position: an asset and its
benchmark can trade on different days (Shanghai vs New York), and a factor
file can skip days. A missing price is a missing return (``NaN``), never zero.

Choices made here (documented in ``docs/models.md``):

* :func:`asset_returns` computes returns on the asset's own sessions. A session
  without a price has a ``NaN`` return, **and so does the session after it**
  (the change since the previous *session* is unknown). Pass
  ``trade_to_trade=True`` to instead measure the return after a gap from the
  last available price (a multi-session holding-period return).
* :func:`trade_to_trade` compounds the benchmark over each asset
  session-to-session interval. The benchmark level used for an asset session
  dated :math:`s` is the last benchmark close dated on or before :math:`s`.

References
----------
Campbell, J. Y., Lo, A. W. & MacKinlay, A. C. (1997), *The Econometrics of
Financial Markets*, ch. 4. Maynes, E. & Rumsey, J. (1993), Conducting event
studies with thinly traded stocks, *J. Banking & Finance* 17, 145-157
(trade-to-trade returns).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from eventstudy.exceptions import FactorDataError

ReturnKind = Literal["simple", "log"]

__all__ = ["asset_returns", "trade_to_trade", "join_factors", "read_factor_csv", "ReturnKind"]


def _session_index(sessions: pd.DatetimeIndex | pd.Index) -> pd.DatetimeIndex:
    idx = pd.DatetimeIndex(sessions)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    idx = idx.normalize()
    if idx.has_duplicates:
        raise ValueError("sessions contain duplicate dates; pass each session once")
    idx = idx.sort_values()
    idx.name = "date"
    return idx


def _price_series(prices: pd.Series, what: str) -> pd.Series:
    s = pd.Series(prices, dtype="float64", copy=True)
    idx = pd.DatetimeIndex(s.index)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    s.index = idx.normalize()
    if s.index.has_duplicates:
        dup = s.index[s.index.duplicated()][0].date()
        raise ValueError(f"{what} has more than one price dated {dup}; keep one row per date")
    s = s.sort_index()
    # a non-positive price cannot produce a return: treat as missing
    return s.where(s > 0)


def _ratio_to_return(ratio: pd.Series, kind: ReturnKind) -> pd.Series:
    if kind == "simple":
        return ratio - 1.0
    if kind == "log":
        return np.log(ratio)
    raise ValueError(f"return kind must be 'simple' or 'log', got {kind!r}")


def asset_returns(
    prices: pd.Series,
    sessions: pd.DatetimeIndex,
    kind: ReturnKind = "simple",
    *,
    trade_to_trade: bool = False,
) -> pd.Series:
    r"""Compute one asset's returns on its own exchange sessions.

    Parameters
    ----------
    prices
        Prices indexed by (naive) date; ``NaN`` or a missing date = no price.
        Rows dated on non-sessions are ignored.
    sessions
        The asset's exchange sessions (complete calendar index).
    kind
        ``"simple"`` (default) or ``"log"``.
    trade_to_trade
        If False (default), the return on session :math:`t` needs prices on
        both :math:`t` and the previous session, so a gap yields two missing
        returns (the gap day and the day after). If True, the return after a
        gap is measured from the last available price (multi-session return).

    Returns
    -------
    pandas.Series
        Indexed by ``sessions`` (name ``date``); ``NaN`` = missing return. The
        first session is always ``NaN``.

    Notes
    -----
    .. math::

        R_t = \frac{P_t}{P_{t-1}} - 1 \quad\text{(simple)},\qquad
        r_t = \ln\frac{P_t}{P_{t-1}} \quad\text{(log)},

    with :math:`t-1` the previous session (or, with ``trade_to_trade``, the
    previous session with a price). A missing price is never replaced by zero
    (Campbell, Lo & MacKinlay 1997, ch. 4; Maynes & Rumsey 1993).
    """
    idx = _session_index(sessions)
    p = _price_series(prices, "prices").reindex(idx)
    prev = p.ffill().shift(1) if trade_to_trade else p.shift(1)
    out = _ratio_to_return(p / prev, kind)
    out = pd.Series(np.asarray(out, dtype="float64"), index=idx, name=prices.name)
    return out


def trade_to_trade(
    benchmark_prices: pd.Series,
    asset_sessions: pd.DatetimeIndex,
    kind: ReturnKind = "simple",
) -> pd.Series:
    r"""Benchmark returns compounded over each asset session-to-session interval.

    Parameters
    ----------
    benchmark_prices
        Benchmark closes indexed by its own (naive) session dates.
    asset_sessions
        The asset's sessions; the result is indexed by them.
    kind
        ``"simple"`` or ``"log"``.

    Returns
    -------
    pandas.Series
        Benchmark return over :math:`(s_{j-1}, s_j]` for each asset session
        :math:`s_j`; ``NaN`` for the first session, before the benchmark's
        first close, or after its last close.

    Notes
    -----
    With :math:`B(s)` the last benchmark close dated on or before date
    :math:`s`,

    .. math::

        R^{m}_{s_j} = \frac{B(s_j)}{B(s_{j-1})} - 1
        = \prod_{u \in (s_{j-1}, s_j]} (1 + R^{m}_u) - 1,

    i.e. the benchmark's daily returns compounded over the asset's holding
    interval (log: :math:`\ln B(s_j) - \ln B(s_{j-1})`). If the benchmark
    did not trade in the interval the return is 0 (it did not move). The join
    is by date, never by position (Maynes & Rumsey 1993; Campbell, Lo &
    MacKinlay 1997, ch. 4). Asynchronous closes (an Asian asset closes before
    New York on the same date) are not corrected here; use the Dimson model.
    """
    idx = _session_index(asset_sessions)
    b = _price_series(benchmark_prices, "benchmark prices").dropna()
    if b.empty:
        return pd.Series(np.nan, index=idx, name=benchmark_prices.name)
    # level = last benchmark close on or before each asset session date
    pos = b.index.searchsorted(idx, side="right") - 1
    vals = b.to_numpy()
    level = np.where(pos >= 0, vals[np.clip(pos, 0, None)], np.nan)
    level[idx > b.index[-1]] = np.nan  # benchmark data ended: unknown, not flat
    level_s = pd.Series(level, index=idx)
    out = _ratio_to_return(level_s / level_s.shift(1), kind)
    return pd.Series(np.asarray(out, dtype="float64"), index=idx, name=benchmark_prices.name)


def join_factors(factors: pd.DataFrame, sessions: pd.DatetimeIndex) -> pd.DataFrame:
    """Join user-supplied factor returns onto the asset's sessions by date.

    Parameters
    ----------
    factors
        Factor returns (one column per factor) indexed by date. Values must be
        returns for that date (same units as the asset returns).
    sessions
        The asset's sessions.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``sessions``; a session with no factor row is ``NaN`` (the
        day is then dropped from estimation), never filled by position.

    Raises
    ------
    FactorDataError
        If the index is not dates, has duplicates, or a column is not numeric.
    """
    if not isinstance(factors, pd.DataFrame):
        raise FactorDataError("factors must be a pandas DataFrame indexed by date")
    try:
        idx = pd.DatetimeIndex(factors.index)
    except (TypeError, ValueError) as exc:
        raise FactorDataError(
            "factor data must be indexed by date",
            hint="set the date column as the index (e.g. read_factor_csv(path))",
        ) from exc
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    idx = idx.normalize()
    if idx.has_duplicates:
        dup = idx[idx.duplicated()][0].date()
        raise FactorDataError(f"factor data has more than one row dated {dup}; keep one per date")
    frame = factors.copy()
    frame.index = idx
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise FactorDataError(
                f"factor column {col!r} is not numeric",
                hint="remove text columns or fix non-numeric cells",
            )
    out = frame.sort_index().reindex(_session_index(sessions)).astype("float64")
    out.columns = [str(c) for c in out.columns]
    return out


def read_factor_csv(path: str | Path, *, date_column: str | None = None) -> pd.DataFrame:
    """Read a factor CSV (a date column plus one numeric column per factor).

    Parameters
    ----------
    path
        CSV file. The date column is ``date_column`` or, by default, the first
        column.
    date_column
        Name of the date column.

    Returns
    -------
    pandas.DataFrame
        Factor returns indexed by date (name ``date``).

    Raises
    ------
    FactorDataError
        If the file cannot be read, the date column is missing or a date or
        value does not parse (the message names the file, row and column).
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise FactorDataError(f"{path}: cannot read factor CSV ({exc})") from exc
    if raw.shape[1] < 2:
        raise FactorDataError(f"{path}: needs a date column and at least one factor column")
    col = date_column or str(raw.columns[0])
    if col not in raw.columns:
        raise FactorDataError(
            f"{path}: no column {col!r}; columns are {list(raw.columns)}",
            hint="pass date_column=<name of the date column>",
        )
    dates = pd.to_datetime(raw[col], errors="coerce")
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0]) + 2  # 1-based + header
        raise FactorDataError(
            f"{path}:{row}: column {col!r}: {raw[col].iloc[row - 2]!r} is not a date"
        )
    frame = raw.drop(columns=[col])
    for c in frame.columns:
        vals = pd.to_numeric(frame[c], errors="coerce")
        bad = (vals.isna() & frame[c].notna()) | np.isinf(vals)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise FactorDataError(
                f"{path}:{row}: column {c!r}: {frame[c].iloc[row - 2]!r} is not a finite "
                "number", hint="write factor returns as plain finite numbers"
            )
        frame[c] = vals
    frame.index = pd.DatetimeIndex(dates, name="date")
    return join_factors(frame, frame.index)
