r"""Real-data placebos for the peers' features: size of each test on ordinary sessions.

REAL data only: the committed cache (daily Yahoo prices and volumes of 20
US-listed stocks and ETFs, 2017-10..2019-03) and the cached Fama–French /
momentum factors (CRSP vintage 202412). Every session with a full
estimation window is a pseudo-event for every asset: nothing happened on
purpose, so a test at 5% should reject about 5% of the time. The period holds
the volatile fourth quarter of 2018, which is where tests built on a calm
estimation window over-reject. One command reproduces the tables in
``docs/models.md``::

    python validation/placebo_peers.py            # full run (about ten minutes)
    python validation/placebo_peers.py --fast     # every 4th session, seconds

Design
------
* single pair (asset, day): CAR t test under market, Scholes–Williams, FF3,
  FF5 and Carhart models (estimation window [-250, -11]); abnormal log volume
  t; volatility-ratio F (one-sided, "rose");
* clustered samples: N = 10 assets sharing a pseudo-event day (market-model
  CARs): Brown–Warner crude and independence t, Hall t, jackknife t,
  cross-sectional t; pooled volatility (jackknife) and pooled volume t;
* dispersed samples: the same tests on N = 10 pairs on 10 different days;
* long run: samples of 30 random (asset, day) pairs, BHAR [0,+20] and
  [0,+60] against SPY (total return): plain t, Lyon–Barber–Tsai
  skewness-adjusted t and bootstrap (B = 200); calendar-time portfolios of
  the same samples held [+1,+20]: CAPM and Carhart alpha t (Newey–West).

Pseudo-events overlap heavily (the same days for every asset, neighbouring
days in the long run): rejection rates are correlated across rows and have a
Monte-Carlo error larger than the binomial :math:`\sqrt{p(1-p)/n}` shown.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from eventstudy.calendar import sessions
from eventstudy.data import load_ohlcv
from eventstudy.data.factors import load_factors
from eventstudy.models.factors import FACTOR_MODELS
from eventstudy.models.join import asset_returns, trade_to_trade
from eventstudy.stats import classic, longrun, volume
from eventstudy.stats.abnormal import estimate_event
from eventstudy.stats.multi import cross_sectional_t

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
ASSETS = ("AAPL", "ADM", "BA", "BG", "CAT", "DE", "F", "GM", "GS", "JPM", "TSLA",
          "FXI", "MCHI", "SOYB", "XLB", "XLF", "XLI", "XLK", "XLY", "ACWX")
MODELS = ("market", "scholes_williams", "ff3", "ff5", "carhart")
WINDOWS = ((0, 0), (0, 1))
EST = (-250, -11)
ALPHA = 0.05


def _data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    frames = {t: load_ohlcv(t, offline=True, cache_dir=CACHE).frame for t in
              (*ASSETS, "^GSPC", "SPY")}
    first = max(f.index[0] for f in frames.values())
    last = min(f.index[-1] for f in frames.values())
    idx = pd.DatetimeIndex(sessions("XNYS", first, last), name="date")
    rets = pd.DataFrame({t: asset_returns(frames[t]["Adj Close"].dropna(), idx, "simple")
                         for t in ASSETS})
    vols = pd.DataFrame({t: frames[t]["Volume"].reindex(idx) for t in ASSETS})
    gspc = trade_to_trade(frames["^GSPC"]["Adj Close"].dropna(), idx, "simple")
    spy = trade_to_trade(frames["SPY"]["Adj Close"].dropna(), idx, "simple")
    return rets, vols, frames["^GSPC"]["Volume"].reindex(idx), gspc, spy


#: market-model estimation residuals and event ARs per (asset, day), for the clustered tests
keep_resid: dict[tuple[str, int], tuple[np.ndarray, pd.Series]] = {}


def single_pairs(rets: pd.DataFrame, vols: pd.DataFrame, mvol: pd.Series, gspc: pd.Series,
                 factors: dict[str, pd.DataFrame], days: list[int]) -> pd.DataFrame:
    """Return one row per (asset, day, window) with every single-pair test's p-value."""
    rows = []
    idx = rets.index
    for t in ASSETS:
        for p in days:
            day0 = idx[p]
            rec: dict[tuple[str, tuple[int, int]], float] = {}
            keep: dict[str, object] = {}
            for m in MODELS:
                spec = FACTOR_MODELS[m](factors=factors[m]) if m in FACTOR_MODELS else m
                res = estimate_event(rets[t], gspc, day0, model=spec, estimation_window=EST,
                                     event_windows=WINDOWS)
                for w in WINDOWS:
                    rec[(f"t ({m})", w)] = res.cars[w].t.pvalue_two_sided
                if m == "market":
                    keep["market"] = res
            res = keep["market"]
            for w in WINDOWS:
                ab = res.abnormal[res.abnormal["rel_day"].between(*w)]
                vr = volume.volatility_ratio_test(ab["abnormal_return"], ab["ar_se"], res.dof)
                rec[("volatility F (rose)", w)] = vr.pvalue_greater
            av = volume.abnormal_volume(vols[t], mvol, day0, sessions=idx,
                                        estimation_window=EST, event_windows=WINDOWS)
            for w in WINDOWS:
                rec[("abnormal log volume t", w)] = av.cars[w].t.pvalue_two_sided
            for (name, w), pv in rec.items():
                rows.append({"asset": t, "pos": p, "test": name, "window": w, "p": pv,
                             "car": res.cars[w].car if name == "t (market)" else np.nan,
                             "vr": np.nan, "cav": av.cars[w].car
                             if name == "abnormal log volume t" else np.nan})
            for w in WINDOWS:
                ab = res.abnormal[res.abnormal["rel_day"].between(*w)]
                rows.append({"asset": t, "pos": p, "test": "_vr", "window": w, "p": np.nan,
                             "car": np.nan, "cav": np.nan,
                             "vr": float(np.mean((ab["abnormal_return"] / ab["ar_se"]) ** 2))})
            keep_resid[(t, p)] = (res.residuals.reindex(idx[p + EST[0]: p + EST[1] + 1])
                                  .to_numpy(), res.abnormal.set_index("rel_day")
                                  ["abnormal_return"])
    return pd.DataFrame(rows)



def _sample_tests(single: pd.DataFrame, picks: list[tuple[str, int]], w: tuple[int, int]
                  ) -> list[dict[str, object]]:
    """All multi-event tests on one sample of (asset, day) pairs, in event time."""
    resid = np.array([keep_resid[(t, p)][0] for t, p in picks])
    ar = np.array([keep_resid[(t, p)][1].reindex(range(w[0], w[1] + 1)).to_numpy()
                   for t, p in picks])
    cars = ar.sum(axis=1)
    key = pd.MultiIndex.from_tuples(picks)
    sub = single[single.window == w].set_index(["asset", "pos"])
    vr = sub[sub.test == "_vr"]["vr"].reindex(key).to_numpy()
    cav = sub[sub.test == "abnormal log volume t"]["cav"].reindex(key).to_numpy()
    tests = {
        "Brown-Warner crude t": classic.brown_warner_crude_t(resid, ar),
        "Brown-Warner independence t": classic.brown_warner_independence_t(resid, ar),
        "Hall skewness-corrected t": classic.hall_t(cars),
        "jackknife t (mean CAR)": classic.jackknife_t(cars),
        "cross-sectional t": cross_sectional_t(cars),
        "pooled volume t (cross-sectional)": cross_sectional_t(cav),
    }
    rows: list[dict[str, object]] = [{"test": name, "window": w, "p": res.pvalue_two_sided}
                                     for name, res in tests.items()]
    pv = volume.pooled_volatility_test(vr, w[1] - w[0] + 1)
    rows.append({"test": "pooled volatility jackknife (rose)", "window": w,
                 "p": pv["jackknife"].pvalue_greater})
    return rows


def clustered(single: pd.DataFrame, days: list[int], rng: np.random.Generator,
              n_assets: int = 10, draws: int = 4) -> pd.DataFrame:
    """Test samples of N assets sharing a pseudo-event day (cross-sectionally dependent)."""
    rows = []
    for p in days:
        for _ in range(draws):
            pick = rng.choice(len(ASSETS), size=n_assets, replace=False)
            for w in WINDOWS:
                rows += _sample_tests(single, [(ASSETS[i], p) for i in pick], w)
    return pd.DataFrame(rows)


def dispersed(single: pd.DataFrame, days: list[int], rng: np.random.Generator,
              n_events: int = 10, n_samples: int = 500) -> pd.DataFrame:
    """Test samples of N (asset, day) pairs on N different days (closer to independent)."""
    rows = []
    for _ in range(n_samples):
        ds = rng.choice(days, size=n_events, replace=False)
        picks = [(ASSETS[int(rng.integers(len(ASSETS)))], int(d)) for d in ds]
        for w in WINDOWS:
            rows += _sample_tests(single, picks, w)
    return pd.DataFrame(rows)


def long_run(rets: pd.DataFrame, spy: pd.Series, factors: pd.DataFrame,
             rng: np.random.Generator, n_samples: int, n_events: int = 30) -> pd.DataFrame:
    """Run BHAR and calendar-time placebos on samples of random (asset, day) pairs."""
    idx = rets.index
    rows = []
    for w in ((0, 20), (0, 60)):
        hi = len(idx) - w[1] - 1
        for _ in range(n_samples):
            picks = [(ASSETS[rng.integers(len(ASSETS))], int(rng.integers(1, hi)))
                     for _ in range(n_events)]
            b = np.array([longrun.bhar(rets[t], spy, idx[p], w) for t, p in picks])
            tt = stats.ttest_1samp(b, 0.0).pvalue
            rows.append({"test": "BHAR plain t", "window": w, "p": tt})
            rows.append({"test": "BHAR skewness-adjusted t", "window": w,
                         "p": longrun.skewness_adjusted_t(b).pvalue_two_sided})
            rows.append({"test": "BHAR bootstrapped skew-adj. t", "window": w,
                         "p": longrun.bootstrap_skewness_adjusted_t(
                             b, n_boot=200, seed=int(rng.integers(1 << 30))).pvalue_two_sided})
            if w == (0, 20):
                ev = [(t, idx[p]) for t, p in picks]
                for m in ("capm", "carhart"):
                    res = longrun.calendar_time_portfolio(rets, ev, factors, holding=(1, 20),
                                                          model=m)
                    rows.append({"test": f"calendar-time alpha t ({m})", "window": (1, 20),
                                 "p": res.pvalue})
    return pd.DataFrame(rows)


def table(frame: pd.DataFrame) -> str:
    """Markdown: rejection rate at 5% (and its binomial s.e.) per test and window."""
    lines = ["| test | window | n | rejection at 5% | binomial s.e. |", "|---|---|---|---|---|"]
    for (test, w), g in frame.groupby(["test", "window"], sort=False):
        if test.startswith("_"):
            continue
        p = g["p"].dropna().to_numpy()
        r = float((p < ALPHA).mean())
        se = float(np.sqrt(r * (1 - r) / len(p))) if len(p) else float("nan")
        lines.append(f"| {test} | [{w[0]:+d},{w[1]:+d}] | {len(p)} | {100 * r:.1f}% | "
                     f"{100 * se:.1f} pp |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the placebos and print the tables (markdown)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fast", action="store_true", help="every 4th session, fewer samples")
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args(argv)
    t0 = time.time()
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(args.seed)
    rets, vols, mvol, gspc, spy = _data()
    f = {k: load_factors(k, cache_dir=CACHE) for k in ("ff3", "ff5", "carhart")}
    step = 4 if args.fast else 1
    days = list(range(-EST[0] + 1, len(rets.index) - 2, step))
    single = single_pairs(rets, vols, mvol, gspc, f, days)
    clus = clustered(single, days, rng)
    disp = dispersed(single, days, rng, n_samples=150 if args.fast else 500)
    lr = long_run(rets, spy, f["carhart"], rng, 100 if args.fast else 400)
    print(f"# Real-data placebos ({len(ASSETS)} US-listed assets, {len(days)} pseudo-event "
          f"days {rets.index[days[0]]:%Y-%m-%d}..{rets.index[days[-1]]:%Y-%m-%d}; "
          f"seed {args.seed}; {time.time() - t0:.0f}s)\n")
    print("## Single (asset, day) pairs\n")
    print(table(single))
    print("\n## Clustered samples (10 assets sharing a day)\n")
    print(table(clus))
    print("\n## Dispersed samples (10 pairs on 10 different days)\n")
    print(table(disp))
    print("\n## Long run (30 random pairs per sample)\n")
    print(table(lr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
