"""Benchmark: the study path end to end (``run``, ``validate``) and run vs batch per pair.

Cases (each in a fresh subprocess, wall and CPU seconds of the child; the
best of ``--repeat`` runs, because other jobs may share the cores):

1. ``bundled``: ``python -m eventstudy run studies/trade_talks.yaml --offline``
   (real cached prices), imports included.
2. ``csv_500x5`` and ``csv_100x100``: SYNTHETIC seeded price CSV studies
   (:mod:`studygen`: 500 assets x 5 events and 100 assets x 100 events, a
   market model on a synthetic index, two claims per event, one on a group
   of all assets), ``run`` end to end.
3. ``validate_10k``: ``python -m eventstudy validate`` on a SYNTHETIC study of
   10,000 events (3 assets, events 1963..2019).
4. ``per_pair``: marginal cost of one (event, asset) pair with claims for
   ``run`` (difference of two CSV studies of 50 and 100 assets x 5 events)
   and for :func:`eventstudy.batch` (market model, same returns).

Run from the repository root::

    python benchmarks/bench_study.py               # every case
    python benchmarks/bench_study.py --only bundled validate_10k
    python benchmarks/bench_study.py --quick       # 100 x 5 instead of 500 x 5, no 100 x 100

The synthetic files go to a temporary folder and are deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import studygen  # noqa: E402  (benchmarks/ is not a package)


def _child(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``python -m eventstudy *argv``; return (wall, CPU) seconds of the child."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "EVENTSTUDY_OFFLINE": "1",
           "MPLBACKEND": "Agg"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "eventstudy", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _best(argv: list[str], cwd: Path, repeat: int) -> dict[str, float]:
    """Best of ``repeat`` runs (least CPU), with the 1-minute load average before them."""
    load = os.getloadavg()[0]
    runs = [_child(argv, cwd) for _ in range(repeat)]
    wall, cpu = min(runs, key=lambda r: r[1])
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_1m": round(load, 1)}


def bundled(tmp: Path, repeat: int) -> dict[str, float]:
    """The bundled study, offline, end to end."""
    return _best(["run", "studies/trade_talks.yaml", "--out", str(tmp / "bundled"),
                  "--offline", "--quiet"], REPO, repeat)


def csv_study(tmp: Path, n_assets: int, n_events: int, repeat: int) -> dict[str, float]:
    """A SYNTHETIC CSV study of ``n_assets`` x ``n_events``, ``run`` end to end."""
    start = "2017-01-03" if n_events <= 10 else "2000-01-03"
    study = studygen.make(tmp / f"csv_{n_assets}x{n_events}", n_assets, n_events, start=start)
    out = _best(["run", str(study), "--out", str(study.parent / "out"), "--quiet"],
                REPO, repeat)
    out["pairs"] = (n_assets + 1) * n_events
    return out


def validate_10k(tmp: Path, repeat: int) -> dict[str, float]:
    """``validate`` on 10,000 SYNTHETIC events."""
    study = studygen.make(tmp / "v10k", 2, 10_000, claims=False, start="1962-01-02")
    return _best(["validate", str(study)], REPO, repeat)


def per_pair(tmp: Path, repeat: int) -> dict[str, float]:
    """Marginal cost per (event, asset) pair: run (with claims) and batch."""
    small = csv_study(tmp, 50, 5, repeat)
    large = csv_study(tmp, 100, 5, repeat)
    run_ms = 1000 * (large["cpu_s"] - small["cpu_s"]) / (large["pairs"] - small["pairs"])
    import numpy as np
    import pandas as pd

    from eventstudy import batch

    prices = pd.read_csv(tmp / "csv_100x5" / "prices.csv", index_col="date",
                         parse_dates=True)
    rets = prices.pct_change().iloc[1:]
    dates = studygen.event_dates(5, first="2018-07-03")
    ev = pd.DataFrame([{"ticker": t, "date": d} for d in dates for t in prices.columns
                       if t != "SYNMKT"])
    best = np.inf
    for _ in range(repeat):
        t0 = time.process_time()
        batch(rets, ev, model="market", benchmark="SYNMKT", estimation=(-250, -11),
              windows=((0, 0), (0, 1), (-1, 1)), workers=1)
        best = min(best, time.process_time() - t0)
    return {"run_ms_per_pair": round(run_ms, 2),
            "batch_ms_per_pair": round(1000 * best / len(ev), 4),
            "run_cpu_50x5_s": small["cpu_s"], "run_cpu_100x5_s": large["cpu_s"]}


CASES = {
    "bundled": bundled,
    "csv_500x5": lambda tmp, r, quick=False: csv_study(tmp, 100 if quick else 500, 5, r),
    "csv_100x100": lambda tmp, r, quick=False: csv_study(tmp, 100, 100, r),
    "validate_10k": validate_10k,
    "per_pair": per_pair,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="+", choices=list(CASES), default=None)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="smaller CSV study, no 100 x 100")
    args = ap.parse_args()
    names = args.only or [n for n in CASES if not (args.quick and n == "csv_100x100")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_study_") as d:
        for name in names:
            fn = CASES[name]
            kw = {"quick": args.quick} if name.startswith("csv_") else {}
            results[name] = fn(Path(d), args.repeat, **kw)
            print(f"{name:14s} {json.dumps(results[name])}", flush=True)
    print(json.dumps({"cpus": os.cpu_count(), "load": os.getloadavg(), **results}, indent=1))


if __name__ == "__main__":
    main()
