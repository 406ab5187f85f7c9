r"""Real-data placebo size of the Kolari-Pynnönen test (events on different dates / one date).

REAL DATA: the committed cache's Yahoo adjusted closes (2017-10..2019-03) for
the 20 US-listed stocks and ETFs below; benchmark ^GSPC. Nothing here is
synthetic. One command reproduces the table in docs/benchmarks.md::

    python validation/placebo_kp.py                # 4,000 samples per design
    python validation/placebo_kp.py --samples 500  # quick look

Design (Brown & Warner 1985 placebo): every NYSE session with a full
estimation window (2018-10..2019-03) is a pseudo-event for every asset; the
market model on ^GSPC is fitted on [-250, -11] by :func:`eventstudy.batch`
(no abnormal return is injected, so every rejection is a false one). Each
sample draws N pseudo-events,

* **different dates**: N distinct sessions, each with a random asset;
* **one shared date**: one session and N distinct assets (N <= 20: the cache
  holds 20 US-listed series, so the shared-date design stops at N = 20),

and applies, at 5 % two-sided, BMP, KP with the classic :math:`\bar r` (all
pairs, correlations of the estimation residuals on calendar dates: the rule
before the fix) and KP with :math:`\bar r` from the pairs whose event windows
overlap (:func:`eventstudy.stats.multi.mean_pairwise_correlation` with
``day0``; the batch path computes the same number from block sums). Reported:
rejection rates with Clopper-Pearson 95 % intervals.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ["AAPL", "ADM", "BA", "BG", "CAT", "DE", "F", "GM", "GS", "JPM", "TSLA", "XLB", "XLF",
          "XLI", "XLK", "XLY", "ACWX", "FXI", "MCHI", "SOYB"]
BENCH = "^GSPC"
EST = (-250, -11)
WINDOWS = [(0, 0), (-1, 1)]


def load_returns() -> pd.DataFrame:
    """Load simple returns of the assets and ^GSPC from the committed cache (offline)."""
    from eventstudy.data import load_prices

    px = load_prices([*ASSETS, BENCH], "2017-10-01", "2019-03-31", offline=True,
                     cache_dir=ROOT / "cache")
    return px.pct_change(fill_method=None).iloc[1:]


def pseudo_events(ret: pd.DataFrame):
    """Run every (asset, eligible session) pair through batch: CAR, SE, residuals on dates."""
    from eventstudy.batch import batch

    n_s = len(ret)
    first = -EST[0] + 1  # room for the estimation window after the first return
    pos = np.arange(first, n_s - 1)
    ev = pd.DataFrame([(a, ret.index[p]) for p in pos for a in ASSETS], columns=["ticker", "date"])
    res = batch(ret, ev, benchmark=BENCH, estimation=EST, windows=WINDOWS,
                exclude_event_windows=False, tests=False)
    e = res.events
    day0 = ret.index.get_indexer(pd.DatetimeIndex(e["day0"]))
    y = ret[ASSETS].to_numpy().T
    m = ret[BENCH].to_numpy()
    col = {a: i for i, a in enumerate(ASSETS)}
    cal = np.full((len(e), n_s), np.nan)  # residuals on calendar dates (the estimation window)
    for k, (tk, d, al, be) in enumerate(zip(e["ticker"], day0, e["alpha"], e["beta"],
                                            strict=True)):
        t = np.arange(d + EST[0], d + EST[1] + 1)
        cal[k, t] = y[col[tk], t] - (al + be * m[t])
    ok = (e["status"] == "ok").to_numpy()
    return e.assign(pos=day0)[ok].reset_index(drop=True), res.car[ok], res.car_se[ok], cal[ok]


def run(samples: int, seed: int = 20181224) -> pd.DataFrame:
    """Draw the placebo samples of every design and return the rejection table."""
    from eventstudy.stats import multi

    ret = load_returns()
    ev, car, se, cal = pseudo_events(ret)
    by_date = {p: np.flatnonzero(ev["pos"].to_numpy() == p) for p in np.unique(ev["pos"])}
    dates = np.array(sorted(by_date))
    rng = np.random.default_rng(seed)
    rows = []
    for design, sizes in (("different dates", (10, 30)), ("one shared date", (10, 20))):
        for n in sizes:
            rej = {(w, t): 0 for w in range(len(WINDOWS)) for t in ("BMP", "KP before", "KP")}
            for _ in range(samples):
                if design == "different dates":
                    ds = rng.choice(dates, n, replace=False)
                    idx = np.array([rng.choice(by_date[d]) for d in ds])
                else:
                    idx = rng.choice(by_date[rng.choice(dates)], n, replace=False)
                for w, win in enumerate(WINDOWS):
                    c, s = car[idx, w], se[idx, w]
                    tests = {
                        "BMP": multi.bmp_test(c, s),
                        "KP before": multi.kp_bmp_test(c, s, residuals=cal[idx]),
                        "KP": multi.kp_bmp_test(c, s, residuals=cal[idx],
                                                day0=ev["pos"].to_numpy()[idx], window=win),
                    }
                    for name, t in tests.items():
                        rej[(w, name)] += bool(t.computable and t.pvalue_two_sided < 0.05)
            for (w, name), k in rej.items():
                lo, hi = stats.binomtest(k, samples).proportion_ci(0.95, method="exact")
                a, b = WINDOWS[w]
                rows.append({"design": design, "N": n, "window": f"[{a},{b}]", "test": name,
                             "size %": 100 * k / samples,
                             "95% CI": f"{100 * lo:.1f}-{100 * hi:.1f}"})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the placebo table (markdown when ``tabulate`` is installed)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=4000)
    args = ap.parse_args(argv)
    os.environ.setdefault("EVENTSTUDY_OFFLINE", "1")
    table = run(args.samples)
    wide = table.pivot_table(index=["design", "N", "window"], columns="test",
                             values="size %", aggfunc="first")[["BMP", "KP before", "KP"]]
    ci = table[table["test"] == "KP"].set_index(["design", "N", "window"])["95% CI"]
    wide["KP 95% CI"] = ci
    print(f"Real-data placebo, {args.samples} samples per row, 5% two-sided, rejection %:")
    print(wide.round(2).to_markdown() if "tabulate" in sys.modules or _has_tabulate()
          else wide.round(2).to_string())
    return 0


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
