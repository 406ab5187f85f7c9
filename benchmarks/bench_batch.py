"""Benchmark: eventstudy.batch vs the plain per-event statsmodels OLS loop.

SYNTHETIC DATA ONLY (seeded): a panel of 3,000 tickers x 2,520 sessions with a
fat-tailed market factor (Student t, 4 df) and fat-tailed idiosyncratic noise,
so returns are cross-correlated through the factor; 0.5% of returns missing.

Run (one command, from the repo root)::

    python benchmarks/bench_batch.py            # N = 1k, 10k, 100k + loop check
    python benchmarks/bench_batch.py --million  # also 1M events

Each N runs in a fresh subprocess so its peak RSS is its own; it runs the batch
``--repeat`` times (default 3) and keeps the best wall time, because other
jobs may share the cores. Printed per N: best wall seconds (and the CPU
seconds of that run) of ``eventstudy.batch`` (market model, estimation [-250, -11],
windows [0,0], [-1,1], [0,5], all tests), events/s and peak RSS. Then the
per-event statsmodels loop on the first 2,000 of the same events, the
per-event speed ratio, and the max |difference| of AR, CAR and SE(CAR).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

N_TICKERS, N_SESSIONS = 3_000, 2_520
EST, WINDOWS = (-250, -11), [(0, 0), (-1, 1), (0, 5)]
SEED = 20240601


def synthetic_panel(seed: int = SEED) -> pd.DataFrame:
    """Seeded SYNTHETIC returns (labelled 'SYN....'); column 'MKT' is the factor."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2010-01-04", periods=N_SESSIONS, name="date")
    mkt = 0.0003 + 0.01 * rng.standard_t(4, N_SESSIONS) / np.sqrt(2.0)
    beta = rng.uniform(0.4, 1.6, N_TICKERS)
    alpha = rng.normal(0.0, 2e-4, N_TICKERS)
    idio = rng.standard_t(4, (N_SESSIONS, N_TICKERS)) * (rng.uniform(0.01, 0.03, N_TICKERS) / 1.41)
    r = alpha + mkt[:, None] * beta + idio
    r[rng.random(r.shape) < 0.005] = np.nan
    cols = [f"SYN{j:04d}" for j in range(N_TICKERS)]
    frame = pd.DataFrame(r, index=dates, columns=cols)
    frame["MKT"] = mkt
    return frame


def synthetic_events(n: int, panel: pd.DataFrame, seed: int = SEED + 1) -> pd.DataFrame:
    """``n`` distinct (ticker, date) events with room for every window."""
    rng = np.random.default_rng(seed)
    lo, hi = -EST[0], N_SESSIONS - 6
    grid = N_TICKERS * (hi - lo)
    pick = rng.choice(grid, size=n, replace=False) if n < grid else np.arange(grid)
    tick, day = np.divmod(pick, hi - lo)
    return pd.DataFrame(
        {"id": [f"ev{i}" for i in range(n)], "ticker": np.asarray(panel.columns)[tick],
         "date": panel.index[day + lo]}
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_one(n: int, tests: bool, block_size: int, repeat: int = 3) -> dict[str, float]:
    """Best wall time of ``repeat`` runs (other jobs may share the cores) and its CPU time."""
    from eventstudy.batch import batch

    panel = synthetic_panel()
    events = synthetic_events(n, panel)
    best = (float("inf"), 0.0)
    for _ in range(max(1, repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        res = batch(panel, events, benchmark="MKT", estimation=EST, windows=WINDOWS,
                    tests=tests, block_size=block_size)
        best = min(best, (time.perf_counter() - t0, time.process_time() - c0))
    return {"n": n, "wall": best[0], "cpu": best[1], "rss_mb": peak_rss_mb(),
            "usable": res.n_usable}


def statsmodels_loop(panel: pd.DataFrame, events: pd.DataFrame, n_loop: int):
    """The plain per-event loop every peer uses: one statsmodels OLS per event."""
    import statsmodels.api as sm

    vals = panel.to_numpy()
    col = {c: i for i, c in enumerate(panel.columns)}
    m = vals[:, col["MKT"]]
    day0 = panel.index.searchsorted(pd.to_datetime(events["date"]))
    amin, bmax = min(a for a, _ in WINDOWS), max(b for _, b in WINDOWS)
    by_ticker: dict[str, list[int]] = {}
    for t, d in zip(events["ticker"], day0, strict=True):
        by_ticker.setdefault(t, []).append(int(d))
    out = []
    t0 = time.perf_counter()
    for k in range(n_loop):
        tk, d = events["ticker"].iloc[k], int(day0[k])
        y_all, x_all = vals[:, col[tk]], m
        rows = np.arange(d + EST[0], d + EST[1] + 1)
        drop = np.zeros(rows.size, dtype=bool)  # other events' windows (clean estimation)
        for o in by_ticker[tk]:
            if o != d:
                drop |= (rows >= o + amin) & (rows <= o + bmax)
        y, x = y_all[rows], x_all[rows]
        keep = np.isfinite(y) & np.isfinite(x) & ~drop
        X = sm.add_constant(x[keep])
        fit = sm.OLS(y[keep], X).fit()
        ev_rows = np.arange(d + amin, d + bmax + 1)
        Xs = np.column_stack([np.ones(ev_rows.size), x_all[ev_rows]])
        ar = y_all[ev_rows] - Xs @ fit.params
        V = fit.scale * (np.eye(ev_rows.size) + Xs @ np.linalg.inv(X.T @ X) @ Xs.T)
        cars, ses = [], []
        for a, b in WINDOWS:
            sel = np.zeros(ev_rows.size, dtype=bool)
            sel[a - amin : b - amin + 1] = True
            sel &= np.isfinite(ar)
            cars.append(ar[sel].sum())
            ses.append(np.sqrt(V[np.ix_(sel, sel)].sum()))
        out.append((ar, cars, ses))
    return out, time.perf_counter() - t0


def compare(n_batch: int, n_loop: int, per_event_batch: float, per_event_core: float,
            repeat: int = 3) -> None:
    from eventstudy.batch import batch

    panel = synthetic_panel()
    events = synthetic_events(n_batch, panel)
    res = batch(panel, events, benchmark="MKT", estimation=EST, windows=WINDOWS)
    loop, secs = statsmodels_loop(panel, events, n_loop)
    for _ in range(max(1, repeat) - 1):  # best of `repeat`, like the batch timings
        secs = min(secs, statsmodels_loop(panel, events, n_loop)[1])
    d_ar = max(np.nanmax(np.abs(res.ar[k] - ar)) for k, (ar, _, _) in enumerate(loop))
    d_car = max(np.max(np.abs(res.car[k] - np.array(c))) for k, (_, c, _) in enumerate(loop))
    d_se = max(np.max(np.abs(res.se[k] - np.array(s))) for k, (_, _, s) in enumerate(loop))
    per_loop = secs / n_loop
    print(f"\nstatsmodels loop (best of {repeat}): {n_loop} events in {secs:.2f} s = "
          f"{per_loop * 1e3:.3f} ms/event")
    print(f"speed ratio per event (batch, all tests):  {per_loop / per_event_batch:,.0f}x")
    print(f"speed ratio per event (batch, tests=False, same work as the loop): "
          f"{per_loop / per_event_core:,.0f}x")
    print(f"max |diff| vs loop over the same {n_loop} events: AR {d_ar:.2e}, CAR {d_car:.2e}, "
          f"SE {d_se:.2e}  ({'OK' if max(d_ar, d_car, d_se) <= 1e-10 else 'FAIL'} <= 1e-10)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-tests", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--million", action="store_true", help="also run 1,000,000 events")
    ap.add_argument("--block-size", type=int, default=1024)
    ap.add_argument("--loop", type=int, default=2000, help="events in the statsmodels loop")
    ap.add_argument("--repeat", type=int, default=3, help="runs per N; the best wall is shown")
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, not args.no_tests, args.block_size, args.repeat)))
        return 0
    print(f"SYNTHETIC panel {N_TICKERS} tickers x {N_SESSIONS} sessions (seed {SEED}); "
          f"market model, estimation {list(EST)}, windows {WINDOWS}; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
          f"best of {args.repeat} runs per N")
    sizes = [1_000, 10_000, 100_000] + ([1_000_000] if args.million else [])
    print(f"{'N':>9} {'tests':>6} {'wall s':>8} {'cpu s':>7} {'events/s':>11} {'peak RSS MB':>12}")
    per_event: dict[tuple[int, bool], float] = {}
    for n in sizes:
        for tests in (True, False):
            cmd = [sys.executable, __file__, "--one", str(n), "--block-size", str(args.block_size),
                   "--repeat", str(args.repeat if n < 1_000_000 else 1)]
            if not tests:
                cmd.append("--no-tests")
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True)
                           .stdout.strip().splitlines()[-1])
            per_event[(n, tests)] = r["wall"] / n
            print(f"{n:>9,} {'all' if tests else 'none':>6} {r['wall']:>8.3f} {r['cpu']:>7.2f} "
                  f"{n / r['wall']:>11,.0f} {r['rss_mb']:>12,.0f}")
    compare(100_000, args.loop, per_event[(100_000, True)], per_event[(100_000, False)],
            args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
