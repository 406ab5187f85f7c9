r"""Real-data placebos of the claims about trading (``measure: volume | volatility``).

REAL data only: the committed cache (daily prices and volumes of 20 US-listed
stocks and ETFs, 2017-10..2019-03). Every session with a full estimation
window is a pseudo-event for every asset: nothing happened on purpose, so a
claim's verdict rule at alpha = 5% should say "supported" about 5% of the time
(one-sided) and "contradicted" about 5% of the time. The verdicts are those of
``eventstudy.claims.activity.activity_verdict`` on the tests the pipeline
uses (``pipeline.peers.judge_activity_claims``)::

    python validation/placebo_activity.py          # every 2nd session (about a minute)
    python validation/placebo_activity.py --all    # every session

Rows: a single asset's volume claim (up / down) and volatility claim (up),
with the verdict rule (test and local reference) and with the test alone,
the market-model returns and log-volume model of docs/models.md, windows
[0, 0] and [0, +1]; a group volume claim of 3 assets sharing the day
(:func:`eventstudy.stats.volume.group_volume_t`), 4 random groups a day.
Pseudo-events share days, so the binomial s.e. understates the Monte-Carlo
error.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from placebo_peers import ASSETS, EST, _data  # noqa: E402  (the same real-data panel)

from eventstudy.claims.activity import activity_verdict  # noqa: E402
from eventstudy.pipeline.activity import local_reference  # noqa: E402
from eventstudy.stats import volume  # noqa: E402
from eventstudy.stats.abnormal import estimate_event  # noqa: E402

WINDOWS = ((0, 0), (0, 1))
ALPHA = 0.05


def _event_time(res, idx: pd.DatetimeIndex, p: int, w: tuple[int, int]  # noqa: ANN001
                ) -> tuple[np.ndarray, np.ndarray]:
    resid = res.residuals.reindex(idx[p + EST[0]: p + EST[1] + 1]).to_numpy()
    ab = res.abnormal.set_index("rel_day")["abnormal_return"]
    return resid, ab.reindex(range(w[0], w[1] + 1)).to_numpy()


def main(argv: list[str] | None = None) -> int:
    """Run the placebos and print one markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="every session (default: every 2nd)")
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args(argv)
    t0 = time.time()
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(args.seed)
    rets, vols, mvol, gspc, _ = _data()
    idx = rets.index
    days = list(range(-EST[0] + 1, len(idx) - 2, 1 if args.all else 2))
    counts: dict[tuple[str, tuple[int, int]], list[str]] = {}

    def add(name: str, w: tuple[int, int], verdict: str) -> None:
        counts.setdefault((name, w), []).append(verdict)

    for p in days:
        fits = {}
        for t in ASSETS:
            day0 = idx[p]
            res = estimate_event(rets[t], gspc, day0, estimation_window=EST,
                                 event_windows=WINDOWS)
            av = volume.abnormal_volume(vols[t], mvol, day0, sessions=idx,
                                        estimation_window=EST, event_windows=WINDOWS)
            fits[t] = av
            sq = ((res.abnormal_all / res.sigma) ** 2).to_numpy()
            for w in WINDOWS:
                loc = local_reference(av.abnormal_all.to_numpy(), p, w)
                for d in ("up", "down"):
                    add(f"volume, one asset, {d}", w,
                        activity_verdict(av.cars[w].t, d, ALPHA, "volume", loc).verdict)
                    add(f"volume, one asset, {d} (t only)", w,
                        activity_verdict(av.cars[w].t, d, ALPHA, "volume").verdict)
                ab = res.abnormal[res.abnormal["rel_day"].between(*w)]
                vr = volume.volatility_ratio_test(ab["abnormal_return"], ab["ar_se"], res.dof)
                add("volatility, one asset, up", w, activity_verdict(
                    vr, "up", ALPHA, "volatility", local_reference(sq, p, w)).verdict)
                add("volatility, one asset, up (F only)", w,
                    activity_verdict(vr, "up", ALPHA, "volatility").verdict)
        for _ in range(4):
            pick = rng.choice(len(ASSETS), size=3, replace=False)
            for w in WINDOWS:
                pairs = [_event_time(fits[ASSETS[i]], idx, p, w) for i in pick]
                test = volume.group_volume_t(np.array([a for a, _ in pairs]),
                                             np.array([b for _, b in pairs]))
                mean = np.mean([fits[ASSETS[i]].abnormal_all.to_numpy() for i in pick], axis=0)
                add("volume, group of 3 sharing a day, up", w, activity_verdict(
                    test, "up", ALPHA, "volume", local_reference(mean, p, w)).verdict)
                add("volume, group of 3 sharing a day, up (t only)", w,
                    activity_verdict(test, "up", ALPHA, "volume").verdict)
    print(f"*Real-data placebos of trading claims ({len(ASSETS)} assets, {len(days)} "
          f"pseudo-event days {idx[days[0]]:%Y-%m-%d}..{idx[days[-1]]:%Y-%m-%d}; "
          f"alpha {ALPHA}; seed {args.seed}; {time.time() - t0:.0f}s).*\n")
    print("| claim | window | n | supported | contradicted | binomial s.e. |")
    print("|---|---|---|---|---|---|")
    for (name, w), v in counts.items():
        n = len(v)
        s = sum(x == "supported" for x in v) / n
        c = sum(x == "contradicted" for x in v) / n
        print(f"| {name} | [{w[0]:+d},{w[1]:+d}] | {n} | {s:.1%} | {c:.1%} | "
              f"{np.sqrt(ALPHA * (1 - ALPHA) / n) * 100:.1f} pp |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
