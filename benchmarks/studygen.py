"""SYNTHETIC study files for the benchmarks (seeded, labelled; never real data).

* :func:`write_prices` writes a wide CSV (``date`` + one price column per
  ticker) of seeded synthetic prices on the NYSE calendar: a fat-tailed market
  factor ``SYNMKT`` and tickers ``SYN0000..`` with betas in [0.4, 1.6].
* :func:`write_study` writes a study file on that CSV (``data.source: csv``):
  ``n_events`` events on distinct sessions, every asset, the default event
  windows, one claim per event on a group of all assets plus one claim per
  event on the first asset (so the run judges claims and a group portfolio).

Every ticker, event and title says SYNTHETIC; the files are written to a
temporary folder by the benchmarks and never committed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261203
START, END = "2000-01-03", "2019-12-31"


def nyse_sessions(start: str = START, end: str = END) -> pd.DatetimeIndex:
    """NYSE sessions (pandas_market_calendars, via the package's own helper)."""
    from eventstudy.calendar import sessions

    return sessions("XNYS", pd.Timestamp(start), pd.Timestamp(end))


def write_prices(path: Path, n_assets: int, *, seed: int = SEED, start: str = START
                 ) -> list[str]:
    """Write SYNTHETIC wide-layout prices for ``n_assets`` tickers + ``SYNMKT``.

    Returns the asset tickers.
    """
    rng = np.random.default_rng(seed)
    dates = nyse_sessions(start)
    n = len(dates)
    mkt = 0.0003 + 0.01 * rng.standard_t(4, n) / np.sqrt(2.0)
    beta = rng.uniform(0.4, 1.6, n_assets)
    idio = rng.standard_t(4, (n, n_assets)) * (rng.uniform(0.01, 0.03, n_assets) / 1.41)
    r = mkt[:, None] * beta + idio
    tickers = [f"SYN{j:04d}" for j in range(n_assets)]
    prices = 50.0 * np.exp(np.cumsum(np.log1p(np.clip(r, -0.5, None)), axis=0))
    frame = pd.DataFrame(prices, index=pd.Index(dates.strftime("%Y-%m-%d"), name="date"),
                         columns=tickers)
    frame["SYNMKT"] = 1000.0 * np.exp(np.cumsum(np.log1p(mkt)))
    frame.to_csv(path, float_format="%.6f")
    return tickers


def event_dates(n_events: int, *, seed: int = SEED + 1, first: str = "2001-06-01",
                last: str = "2019-11-29") -> list[pd.Timestamp]:
    """``n_events`` distinct NYSE sessions between ``first`` and ``last``, sorted.

    Spread evenly (with seeded jitter) so estimation windows keep enough clean days.
    """
    s = nyse_sessions(first, last)
    if n_events >= len(s):
        return list(s[:n_events])
    rng = np.random.default_rng(seed)
    grid = np.linspace(0, len(s) - 1, n_events)
    step = max(int(len(s) / n_events / 3), 0)
    pos = np.clip(grid.astype(int) + rng.integers(-step, step + 1, n_events), 0, len(s) - 1)
    pos = np.unique(pos)
    while len(pos) < n_events:  # collisions after jitter: fill with unused sessions
        extra = rng.choice(np.setdiff1d(np.arange(len(s)), pos), n_events - len(pos),
                           replace=False)
        pos = np.unique(np.concatenate([pos, extra]))
    return list(s[np.sort(pos)])


def write_study(path: Path, csv: Path, tickers: list[str], n_events: int, *,
                claims: bool = True, model: str = "market", first: str = "2001-06-01"
                ) -> Path:
    """Write a SYNTHETIC study file on ``csv`` (wide layout) and return its path."""
    dates = event_dates(n_events, first=first)
    lines = [
        "# SYNTHETIC benchmark study (benchmarks/studygen.py): seeded random prices,",
        "# invented events. Not real data.",
        f'title: "SYNTHETIC benchmark: {len(tickers)} assets x {n_events} events"',
        "data: {source: csv, path: " + csv.name + "}",
        "model: {kind: " + model + ", benchmark: SYNMKT, estimation_window: [-250, -11],",
        "        min_estimation_days: 120, exclude_event_windows: true}",
        "event_windows: [[0, 0], [0, 1], [-1, 1]]",
        "assets:",
        "  - {ticker: SYNMKT, name: SYNTHETIC market index, calendar: XNYS, model: constant_mean}",
        *[f"  - {{ticker: {t}, calendar: XNYS}}" for t in tickers],
        "groups:",
        "  all_syn: [" + ", ".join(tickers) + "]",
        "events:",
        *[f"  - {{id: e{i:05d}, title: SYNTHETIC event {i}, when: {d:%Y-%m-%d}}}"
          for i, d in enumerate(dates)],
    ]
    if claims:
        lines.append("claims:")
        for i in range(n_events):
            lines.append(f"  - {{id: c{i:05d}g, text: SYNTHETIC claim, event: e{i:05d}, "
                         "assets: all_syn, window: [0, 1], direction: up}")
            lines.append(f"  - {{id: c{i:05d}a, text: SYNTHETIC claim, event: e{i:05d}, "
                         f"assets: {tickers[0]}, window: [0, 0], direction: any}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make(folder: Path, n_assets: int, n_events: int, *, claims: bool = True,
         start: str = START) -> Path:
    """Write prices and a study into ``folder``; return the study file.

    ``start`` is the first price date; events start 18 months later (room
    for the estimation window) and end a month before 2019-12-31.
    """
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / "prices.csv"
    tickers = write_prices(csv, n_assets, start=start)
    first = f"{(pd.Timestamp(start) + pd.DateOffset(months=18)):%Y-%m-%d}"
    return write_study(folder / "study.yaml", csv, tickers, n_events, claims=claims,
                       first=first)
