"""Benchmark: the batch kernel against a statsmodels loop and other contenders, in one run.

SYNTHETIC DATA ONLY (seeded): a panel of 3,000 tickers x 2,520 sessions with a
fat-tailed market factor (Student t, 4 df) and fat-tailed idiosyncratic noise;
0.5% of returns missing. Market model, estimation [-250, -11], windows [0,0],
[-1,1], [0,5], clean estimation windows.

Run (from the repo root)::

    python benchmarks/bench_batch.py                  # the table at N = 100k
    python benchmarks/bench_batch.py --million        # + 1M in-process and on Dask
    python benchmarks/bench_batch.py --pypi DIR       # + PyPI eventstudy 0.1a12, installed
                                                      #   with: pip install --target DIR
                                                      #   --no-deps eventstudy==0.1a12
    python benchmarks/bench_batch.py --baseline PATH  # + an older checkout's batch
    python benchmarks/bench_batch.py --cold-start     # only the JIT cold-start table

Every contender runs in its own subprocess (own peak RSS, own import), repeats
``--repeat`` times and reports its best and median wall time; the load
average at its start is printed beside it (the machine may be shared).
Ratios are per event against the statsmodels loop of the same run. The loop gets
its fixed inputs (panel as numpy, days 0, per-ticker day lists) outside its
timing; the "prepared Panel" rows give the batch the same treatment (the
panel converted once with ``to_panel`` outside the timing; alignment, clean
windows and the result frame still inside).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

N_TICKERS, N_SESSIONS = 3_000, 2_520
EST, WINDOWS = (-250, -11), [(0, 0), (-1, 1), (0, 5)]
MIN_EST = 120  # batch's default min_estimation_days
SEED = 20240601
ROOT = Path(__file__).resolve().parents[1]


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


def _timed(fn, repeat: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(max(1, repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    k = int(np.argmin(walls))
    return {"best": walls[k], "median": statistics.median(walls), "cpu": cpus[k]}


# --------------------------------------------------------------------------- contenders
def loop_inputs(panel: pd.DataFrame, events: pd.DataFrame,
                clean_from: pd.DataFrame | None = None) -> tuple:
    """The loop's fixed inputs: panel as numpy, column map, days 0, per-ticker sorted days 0."""
    vals = panel.to_numpy()
    col = {c: i for i, c in enumerate(panel.columns)}
    day0 = panel.index.searchsorted(pd.to_datetime(events["date"]))
    pool = events if clean_from is None else clean_from
    pool_d0 = panel.index.searchsorted(pd.to_datetime(pool["date"]))
    by_ticker: dict[str, list[int]] = {}
    for t, d in zip(pool["ticker"], pool_d0, strict=True):
        by_ticker.setdefault(t, []).append(int(d))
    return vals, col, day0, {t: np.sort(np.array(v)) for t, v in by_ticker.items()}


def statsmodels_loop(events: pd.DataFrame, prep: tuple) -> dict[str, np.ndarray]:
    r"""The plain per-event loop every peer uses, doing the kernel's like-for-like work.

    Per event, as ``batch(..., tests="single")`` does: one statsmodels OLS of
    the market model on the clean estimation days (missing returns dropped,
    and days inside another event's window span on the same ticker -- the
    events given to :func:`loop_inputs` as ``clean_from``, found by
    ``searchsorted`` on that ticker's sorted days 0 -- and fewer than
    ``MIN_EST`` usable days give no numbers); ARs over the event span; per
    window the CAR, its exact SE from :math:`V = s^2(I + X^*(X'X)^{-1}X^{*\prime})` (statsmodels'
    ``normalized_cov_params``), t, the two-sided t p-value
    (``scipy.special.stdtr`` with n - 2 df, the function the kernel uses, one
    call for the three windows) and the two-sided SQ p-value (complete
    L2-day sums of the estimation residuals by ``numpy.convolve``, the
    cheapest numpy form -- a sliding-window view costs three times as much --,
    Gelbach, Helland & Klick 2013; at least ``SQ_MIN_SUMS`` sums). Returns
    the per-event numbers (the benchmark compares them with the kernel's).

    Fixed costs are left out of its time (``prep``, made once by
    :func:`loop_inputs`: the panel as numpy, days 0, each ticker's sorted
    days 0): the loop runs 1,000 events and is compared per event with runs
    of 100,000, so a fixed cost would weigh 100 times more on it. The
    kernel's times include its own input handling (panel, alignment,
    coverage), so this errs in the loop's favour.
    """
    import statsmodels.api as sm
    from scipy import special

    from eventstudy.stats.single import SQ_MIN_SUMS

    vals, col, day0, days0 = prep
    m = vals[:, col["MKT"]]
    amin, bmax = min(a for a, _ in WINDOWS), max(b for _, b in WINDOWS)
    n_ev, nw = len(events), len(WINDOWS)
    keys = ("car", "car_se", "t_stat", "p_value", "p_value_sq")
    out = {key: np.full((n_ev, nw), np.nan) for key in keys}
    for i, (tk, d) in enumerate(zip(events["ticker"], day0[:n_ev], strict=True)):
        d = int(d)
        y_all = vals[:, col[tk]]
        rows = np.arange(d + EST[0], d + EST[1] + 1)
        drop = np.zeros(rows.size, dtype=bool)  # other events' window spans (clean estimation)
        own = days0[tk]
        near = own[np.searchsorted(own, rows[0] - bmax):np.searchsorted(own, rows[-1] - amin,
                                                                         side="right")]
        for o in near:
            if o != d:
                drop |= (rows >= o + amin) & (rows <= o + bmax)
        y, x = y_all[rows], m[rows]
        keep = np.isfinite(y) & np.isfinite(x) & ~drop
        if keep.sum() < MIN_EST:  # as the kernel: "too few estimation days", no numbers
            continue
        X = sm.add_constant(x[keep])
        fit = sm.OLS(y[keep], X).fit()
        ev_rows = np.arange(d + amin, d + bmax + 1)
        xs = np.column_stack([np.ones(ev_rows.size), m[ev_rows]])
        ar = y_all[ev_rows] - xs @ fit.params
        v = fit.scale * (np.eye(ev_rows.size) + xs @ fit.normalized_cov_params @ xs.T)
        resid = np.full(rows.size, np.nan)  # estimation residuals, NaN on dropped days
        resid[keep] = fit.resid
        cars, ses, sq = [], [], []
        for a, b in WINDOWS:
            sel = np.zeros(ev_rows.size, dtype=bool)
            sel[a - amin : b - amin + 1] = True
            sel &= np.isfinite(ar)
            car = ar[sel].sum() if sel.any() else np.nan  # no AR in the window: no CAR
            cars.append(car)
            ses.append(np.sqrt(v[np.ix_(sel, sel)].sum()) if sel.any() else np.nan)
            l2 = max(int(sel.sum()), 1)  # L2: the window's days with an AR (the CAR's days)
            sums = np.convolve(resid, np.ones(l2), "valid")  # the L2-day sums
            sums = sums[np.isfinite(sums)]
            p_gt = (1.0 + (sums >= car).sum()) / (sums.size + 1.0)
            p_lt = (1.0 + (sums <= car).sum()) / (sums.size + 1.0)
            enough = sums.size >= SQ_MIN_SUMS and np.isfinite(car)
            sq.append(min(1.0, 2.0 * min(p_gt, p_lt)) if enough else np.nan)
        t = np.array(cars) / np.array(ses)
        out["car"][i], out["car_se"][i], out["t_stat"][i], out["p_value_sq"][i] = cars, ses, t, sq
        out["p_value"][i] = np.minimum(1.0, 2.0 * special.stdtr(fit.df_resid, -np.abs(t)))
    return out


def plain_numpy(panel: pd.DataFrame, events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form market model in numpy, 1,024-event blocks: fit, AR, CAR, SE (no exclusion)."""
    from numpy.lib.stride_tricks import sliding_window_view

    vals = np.ascontiguousarray(panel.to_numpy().T)
    col = {c: i for i, c in enumerate(panel.columns)}
    d0 = panel.index.searchsorted(pd.to_datetime(events["date"]))
    tk = np.array([col[t] for t in events["ticker"]])
    lo, hi = EST[0], max(b for _, b in WINDOWS)
    width = hi - lo + 1
    win = sliding_window_view(vals.reshape(-1), width)
    mrow = col["MKT"]
    l1 = EST[1] - EST[0] + 1
    cars, ses = [], []
    for s in range(0, len(events), 1024):
        st = d0[s : s + 1024] + lo
        y = win[tk[s : s + 1024] * N_SESSIONS + st]
        x = win[mrow * N_SESSIONS + st]
        ye, xe = y[:, :l1], x[:, :l1]
        ok = np.isfinite(ye) & np.isfinite(xe)
        n = ok.sum(1)
        xb = np.where(ok, xe, 0).sum(1) / n
        yb = np.where(ok, ye, 0).sum(1) / n
        xc = np.where(ok, xe - xb[:, None], 0)
        yc = np.where(ok, ye - yb[:, None], 0)
        sxx, sxy, syy = (xc * xc).sum(1), (xc * yc).sum(1), (yc * yc).sum(1)
        beta = sxy / sxx
        alpha = yb - beta * xb
        s2 = (syy - beta * sxy) / (n - 2)
        c_out, s_out = [], []
        for a, b in WINDOWS:
            ys, xs = y[:, a - lo : b - lo + 1], x[:, a - lo : b - lo + 1]
            ar = ys - (alpha[:, None] + beta[:, None] * xs)
            mk = np.isfinite(ar)
            l2 = mk.sum(1)
            dev = np.where(mk, xs, 0).sum(1) - l2 * xb
            c_out.append(np.where(mk, ar, 0).sum(1))
            s_out.append(np.sqrt(s2 * (l2 + l2 * l2 / n + dev * dev / sxx)))
        cars.append(np.column_stack(c_out))
        ses.append(np.column_stack(s_out))
    return np.concatenate(cars), np.concatenate(ses)


def pypi_loop(panel: pd.DataFrame, events: pd.DataFrame) -> None:
    """PyPI ``eventstudy`` 0.1a12: one ``Single.market_model`` per event (its own estimator)."""
    from eventstudy import Single  # the PyPI package (its directory is first on the path)

    filled = panel.fillna(0.0)  # it cannot skip missing returns; timing only
    data = {"date": filled.index.to_numpy().astype("datetime64[D]")}
    data.update({c: filled[c].to_numpy() for c in filled.columns})
    Single._save_parameter("returns", data)
    for tk, d in zip(events["ticker"], events["date"], strict=True):
        Single.market_model(security_ticker=tk, market_ticker="MKT",
                            event_date=np.datetime64(pd.Timestamp(d).date()),
                            event_window=(-1, 5), estimation_size=240, buffer_size=10)


def run_contender(name: str, n: int, repeat: int, block_size: int, out: str | None,
                  pool_n: int | None = None) -> dict:
    """One contender in this process; returns its timings as JSON-able numbers."""
    panel = synthetic_panel()
    res: dict = {"name": name, "n": n}
    if name == "loop":  # the first n of the batch's events, clean windows from all of them
        pool = synthetic_events(pool_n or n, panel)
        events = pool.iloc[:n]
        prep = loop_inputs(panel, events, pool)
        statsmodels_loop(events.iloc[:50], prep)  # imports and caches out of the timing
        res["load"] = os.getloadavg()[0]
        keep_loop = {}

        def go_loop() -> None:
            keep_loop["r"] = statsmodels_loop(events, prep)

        res.update(_timed(go_loop, repeat))
        if out:
            np.savez(out, **keep_loop["r"])
        res["rss_mb"] = peak_rss_mb()
        return res
    events = synthetic_events(n, panel)
    warm = events.iloc[:200]  # imports, caches and the JIT out of the timings
    if name == "pypi":
        pypi_loop(panel, warm)
        res["load"] = os.getloadavg()[0]
        res.update(_timed(lambda: pypi_loop(panel, events), repeat))
    elif name == "numpy":
        plain_numpy(panel, warm)
        res["load"] = os.getloadavg()[0]
        res.update(_timed(lambda: plain_numpy(panel, events), repeat))
    elif name.split(":")[0] in ("batch", "baseline", "panel"):
        from eventstudy.batch import batch

        tests = {"all": True, "none": False, "single": "single"}[name.split(":")[1]]
        keep = {}
        if name.startswith("panel"):  # built once, outside the timing, as the loop's inputs
            from eventstudy.batch import to_panel

            returns = to_panel(panel)
        else:
            returns = panel
        batch(returns, warm, benchmark="MKT", estimation=EST, windows=WINDOWS, tests=tests)
        res["load"] = os.getloadavg()[0]

        def go() -> None:
            keep["r"] = batch(returns, events, benchmark="MKT", estimation=EST, windows=WINDOWS,
                              tests=tests, block_size=block_size)

        res.update(_timed(go, repeat))
        if out:
            _save(out, keep["r"])
    elif name == "dask":
        from dask.distributed import Client, LocalCluster

        from eventstudy.batch.dask_backend import batch_dask

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            keep = {}
            batch_dask(panel, warm, client=client, benchmark="MKT", estimation=EST,
                       windows=WINDOWS)
            res["load"] = os.getloadavg()[0]

            def go() -> None:
                keep["r"] = batch_dask(panel, events, client=client, benchmark="MKT",
                                       estimation=EST, windows=WINDOWS, block_size=block_size)

            res.update(_timed(go, repeat))
            res["worker_rss_mb"] = sum(client.run(peak_rss_mb).values())
        if out:
            _save(out, keep["r"])
    res["rss_mb"] = peak_rss_mb()
    return res


def _save(path: str, r) -> None:
    s = r.to_frame("tests")
    stat = s["statistic"].to_numpy(dtype=float) if "statistic" in s else np.zeros(0)
    np.savez(path, car=r.car, car_se=r.car_se, t_stat=r.t_stat, p_value=r.p_value,
             p_value_sq=r.p_value_sq, ar=r.ar, stat=stat)


def _sub(args: list[str], env: dict | None = None) -> dict:
    p = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                       env=env)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


#: run in a subprocess: sums the wall and CPU time numba spends compiling (its own
#: "numba:compile" events, outermost only), then runs the given statement
_COMPILE_PROBE = """
import sys, time
import numba.core.event as ev
tot = {{"wall": 0.0, "cpu": 0.0, "n": 0}}
depth = []
class Probe(ev.Listener):
    def on_start(self, e):
        depth.append((time.perf_counter(), time.process_time()))
    def on_end(self, e):
        w, c = depth.pop()
        if not depth:
            tot["wall"] += time.perf_counter() - w
            tot["cpu"] += time.process_time() - c
            tot["n"] += 1
ev.register("numba:compile", Probe())
sys.path.insert(0, {here!r})
try:
{body}
except SystemExit:
    pass
print("COMPILE", tot["wall"], tot["cpu"], tot["n"])
"""

#: cold-start scenarios: label -> statement (indented into the probe)
COLD_STARTS = {
    "first `python -m eventstudy run studies/trade_talks.yaml`": (
        "    import runpy, tempfile\n"
        "    sys.argv = ['eventstudy', 'run', 'studies/trade_talks.yaml', '--quiet', '--out',"
        " tempfile.mkdtemp() + '/out']\n"
        "    runpy.run_module('eventstudy', run_name='__main__')"),
    "first batch call, tests='single' (1,000 events)": (
        "    from bench_batch import *; from eventstudy.batch import batch\n"
        "    p = synthetic_panel(); e = synthetic_events(1000, p)\n"
        "    batch(p, e, benchmark='MKT', tests='single')"),
    "first batch call, all tests (1,000 events)": (
        "    from bench_batch import *; from eventstudy.batch import batch\n"
        "    p = synthetic_panel(); e = synthetic_events(1000, p)\n"
        "    batch(p, e, benchmark='MKT')"),
}


def cold_start() -> list[tuple[str, dict[str, float]]]:
    """JIT compile cost of each :data:`COLD_STARTS` scenario with an empty numba cache.

    Measured inside the process from numba's own compile events (wall and
    CPU seconds spent compiling), each scenario in a fresh subprocess with a
    fresh ``NUMBA_CACHE_DIR``; then once more on the written cache.
    """
    here = str(Path(__file__).parent)
    rows = []
    for label, body in COLD_STARTS.items():
        code = _COMPILE_PROBE.format(here=here, body=body)
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "NUMBA_CACHE_DIR": tmp,
                   "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
            got = []
            for _ in range(2):  # cold, then on the cache the first run wrote
                load = os.getloadavg()[0]
                p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                   text=True, cwd=ROOT)
                line = [x for x in p.stdout.splitlines() if x.startswith("COMPILE")]
                if p.returncode != 0 or not line:
                    got.append({"error": (p.stderr.strip().splitlines() or ["failed"])[-1]})
                    continue
                _, wall, cpu, n = line[-1].split()
                got.append({"wall": float(wall), "cpu": float(cpu), "n": int(n), "load": load,
                            "note": "compiling the fast engine" in p.stderr})
        rows.append((label, {"cold": got[0], "warm": got[1]}))
    return rows


def print_cold_start() -> None:
    """The cold-start table (markdown)."""
    print("\n| JIT cold start (empty NUMBA_CACHE_DIR) | compile wall s | compile CPU s "
          "| functions | note shown | load | 2nd run compile s |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for label, r in cold_start():
        c, w = r["cold"], r["warm"]
        if "error" in c:
            print(f"| {label} | failed: {c['error'][:60]} | | | | | |")
            continue
        again = f"{w['wall']:.2f}" if "error" not in w else "failed"
        print(f"| {label} | {c['wall']:.1f} | {c['cpu']:.1f} | {c['n']} | "
              f"{'yes' if c['note'] else 'no'} | {c['load']:.1f} | {again} |")


def _x(ratio: float) -> str:
    """A speed ratio: one decimal below 10."""
    return f"{ratio:.1f}x" if ratio < 10 else f"{ratio:,.0f}x"


def _print_agreement(loop_path: str, kernel_path: str, n: int) -> None:
    """Largest difference between the loop's numbers and the kernel's on the loop's events."""
    if not (Path(loop_path).exists() and Path(kernel_path).exists()):
        print("\nloop vs kernel: not compared (a contender failed)")
        return
    a, b = np.load(loop_path), np.load(kernel_path)
    parts = []
    for key in ("car", "car_se", "t_stat", "p_value", "p_value_sq"):
        x, y = a[key], b[key][:n]
        same_nan = bool(np.array_equal(np.isnan(x), np.isnan(y)))
        with np.errstate(invalid="ignore"):
            d = float(np.nanmax(np.abs(x - y)))
        parts.append(f"{key} {d:.1e}" + ("" if same_nan else " (NaN pattern differs)"))
    print(f"\nSame numbers: statsmodels loop vs kernel on the loop's {n:,} events, max |diff|: "
          + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=100_000, help="events for the batch contenders")
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--pool", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--million", action="store_true", help="also 1,000,000 events (+ Dask)")
    ap.add_argument("--block-size", type=int, default=1024)
    ap.add_argument("--loop", type=int, default=1000, help="events in the statsmodels loop")
    ap.add_argument("--repeat", type=int, default=5, help="runs per contender (best, median)")
    ap.add_argument("--pypi", help="directory holding PyPI eventstudy 0.1a12 (pip --target)")
    ap.add_argument("--baseline", help="an older eventstudy checkout to time its batch")
    ap.add_argument("--cold-start", action="store_true", help="only the JIT cold-start table")
    ap.add_argument("--no-cold-start", action="store_true", help="skip the cold-start table")
    args = ap.parse_args(argv)
    if args.cold_start:
        print_cold_start()
        return 0
    if args.one:
        print(json.dumps(run_contender(args.one, args.n, args.repeat, args.block_size, args.out,
                                       args.pool)))
        return 0
    here = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT),
                                                         os.environ.get("PYTHONPATH", "")])}
    print(f"SYNTHETIC panel {N_TICKERS} x {N_SESSIONS} (seed {SEED}); market model, estimation "
          f"{list(EST)}, windows {WINDOWS}; {os.cpu_count()} cores; best/median of "
          f"{args.repeat}; load = 1-min load average at each contender's start")
    rows = []
    plan = [("loop", args.loop, "statsmodels OLS loop", here)]
    if args.pypi:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([args.pypi, str(Path(__file__).parent)])}
        plan.append(("pypi", 300, "PyPI eventstudy 0.1a12", env))
    if args.baseline:
        env = {**os.environ, "PYTHONPATH": args.baseline}
        plan += [("baseline:none", args.n, "baseline batch, tests off", env),
                 ("baseline:single", args.n, "baseline batch, like-for-like (+ SQ p)", env),
                 ("baseline:all", args.n, "baseline batch, all tests", env)]
    plan += [("numpy", args.n, "plain numpy closed form (fit, AR, CAR, SE)", here),
             ("batch:none", args.n, "kernel, tests off (fit, AR, CAR, SE, t)", here),
             ("batch:single", args.n, "kernel, like-for-like (+ SQ p)", here),
             ("batch:all", args.n, "kernel, every multi-event test", here),
             ("panel:single", args.n, "kernel on a prepared Panel, like-for-like", here),
             ("panel:all", args.n, "kernel on a prepared Panel, every test", here)]
    tmp = tempfile.TemporaryDirectory()
    saved = {"loop": f"{tmp.name}/loop.npz", "batch:single": f"{tmp.name}/single.npz"}
    for key, n, label, env in plan:
        extra = ["--out", saved[key]] if key in saved else []
        if key == "loop":
            extra += ["--pool", str(args.n)]
        r = _sub(["--one", key, "--n", str(n), "--repeat", str(args.repeat),
                  "--block-size", str(args.block_size), *extra], env)
        rows.append((label, n, r))
    loop_us = rows[0][2]["best"] / rows[0][1] * 1e6
    loop_cpu = rows[0][2]["cpu"] / rows[0][1] * 1e6
    print("\n| contender | N | µs/event best / median | CPU µs/event | × loop (best wall) "
          "| × loop (CPU) | peak RSS MB | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, n, r in rows:
        if "error" in r:
            print(f"| {label} | {n:,} | failed: {r['error'][:60]} | | | | | |")
            continue
        b, md, c = r["best"] / n * 1e6, r["median"] / n * 1e6, r["cpu"] / n * 1e6
        print(f"| {label} | {n:,} | {b:.2f} / {md:.2f} | {c:.2f} | {_x(loop_us / b)} | "
              f"{_x(loop_cpu / c)} | {r['rss_mb']:,.0f} | {r['load']:.1f} |")
    _print_agreement(saved["loop"], saved["batch:single"], args.loop)
    tmp.cleanup()
    if not args.no_cold_start:
        print_cold_start()
    if args.million:
        with tempfile.TemporaryDirectory() as tmp:
            a = _sub(["--one", "batch:all", "--n", "1000000", "--repeat", "1", "--block-size",
                      "16384", "--out", f"{tmp}/mem.npz"], here)
            d = _sub(["--one", "dask", "--n", "1000000", "--repeat", "1", "--block-size",
                      "16384", "--out", f"{tmp}/dask.npz"], here)
            same = "n/a"
            if "error" not in a and "error" not in d:
                x, y = np.load(f"{tmp}/mem.npz"), np.load(f"{tmp}/dask.npz")
                same = all(np.array_equal(x[k], y[k], equal_nan=True) for k in x.files)
        print("\n| 1,000,000 events, all tests | wall s | peak RSS MB | load |")
        print("|---|---:|---:|---:|")
        for label, r in (("in-process (2 threads)", a), ("Dask LocalCluster, 2 workers", d)):
            if "error" in r:
                print(f"| {label} | failed: {r['error'][:60]} | | |")
                continue
            rss = f"{r['rss_mb']:,.0f}" + (f" + workers {r['worker_rss_mb']:,.0f}"
                                           if "worker_rss_mb" in r else "")
            print(f"| {label} | {r['best']:.2f} | {rss} | {r['load']:.1f} |")
        print(f"\nDask bit-identical to in-process (same block size): {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
