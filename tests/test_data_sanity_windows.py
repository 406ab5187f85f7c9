"""``check_prices`` (vectorised over all windows at once) against a brute-force reference.

The reference below re-derives every finding window by window with plain
Python sets and loops straight from the rules in :mod:`eventstudy.data.sanity`
(missing session, unchanged price on low/missing volume, zero volume,
reversing spike, split-like jump); SYNTHETIC seeded series with gaps, stale
prices, zero volumes, x100 typos and unadjusted splits.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from eventstudy.data.sanity import (
    LOW_VOLUME_SHARE,
    SPIKE_Z,
    SPLIT_FACTORS,
    check_prices,
)


def _reference(prices: pd.Series, windows: dict, volume: pd.Series | None, share: float
               ) -> list[tuple[str, str, tuple]]:
    """(kind, window, dates) of every finding, window by window, from the rules."""
    avail = [(d, float(v)) for d, v in prices.items() if not pd.isna(v)]
    have = {d for d, _ in avail}
    unchanged = {avail[i][0] for i in range(1, len(avail)) if avail[i][1] == avail[i - 1][1]}
    vol = {} if volume is None else {d: v for d, v in volume.items()}
    positive = sorted(v for v in vol.values() if not pd.isna(v) and v > 0)
    if positive:
        floor = LOW_VOLUME_SHARE * float(np.median(positive))
        unchanged = {d for d in unchanged if pd.isna(vol.get(d, np.nan)) or vol[d] < floor}
    known = [v for v in vol.values() if not pd.isna(v)]
    zero = ({d for d, v in vol.items() if not pd.isna(v) and v == 0}
            if known and any(v != 0 for v in known) else set())
    # spikes: robust z of log returns over positive finite prices
    pos = [(d, v) for d, v in avail if math.isfinite(v) and v > 0]
    spikes = []
    if len(pos) >= 10:
        r = [math.log(pos[i][1] / pos[i - 1][1]) for i in range(1, len(pos))]
        med = float(np.median(r))
        scale = 1.4826 * float(np.median([abs(x - med) for x in r])) or float(np.std(r))
        z = [(x - med) / scale for x in r]
        spikes = [(pos[i + 1][0], pos[i + 2][0]) for i in range(len(r) - 1)
                  if abs(z[i]) > SPIKE_Z and abs(z[i + 1]) > SPIKE_Z
                  and (z[i] > 0) != (z[i + 1] > 0) and abs(r[i] + r[i + 1]) < 0.5 * abs(r[i])]
    spike_days = {d for pair in spikes for d in pair}
    targets = [t for f in SPLIT_FACTORS for t in (f, 1 / f)]
    jumps = [avail[i][0] for i in range(1, len(avail))
             if avail[i][1] > 0 and avail[i - 1][1] > 0
             and any(abs(math.log(avail[i][1] / avail[i - 1][1] / t)) <= 0.03 for t in targets)
             and avail[i][0] not in spike_days]
    out = []
    for label, dates in windows.items():
        days = list(dates)
        if not days:
            continue
        inside = set(days)
        gap = sorted(inside - have)
        if gap:
            out.append(("missing_sessions", label, tuple(gap)))
        stale, novol = sorted(inside & unchanged), sorted(inside & zero)
        thin = sorted(set(stale) | set(novol))
        if thin and (len(days) <= 5 or len(stale) > share * len(days) or novol):
            out.append(("thin_trading", label, tuple(thin)))
        hit = [a for a, b in spikes if a in inside or b in inside]
        if hit:
            out.append(("price_spike", label, tuple(hit)))
        jumped = [d for d in jumps if d in inside]
        if jumped:
            out.append(("split_like_jump", label, tuple(jumped)))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_check_prices_matches_window_by_window_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 400))
    idx = pd.bdate_range("2016-01-01", periods=n)
    p = 40 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    for i in np.flatnonzero(rng.random(n) < rng.choice([0.0, 0.03, 0.3])):
        p[i] = p[i - 1] if i else p[i]
    for i in rng.integers(1, n - 1, int(rng.integers(0, 3))):
        p[i] *= 100  # a x100 typo (spike that reverses)
    for i in rng.integers(1, n, int(rng.integers(0, 3))):
        p[i:] *= rng.choice([0.5, 2.0, 3.0, 0.1])  # an unadjusted split
    prices = pd.Series(p, index=idx)
    prices[rng.random(n) < rng.choice([0.0, 0.05])] = np.nan
    volume = None
    if seed % 3:
        v = rng.integers(500, 3000, n).astype(float)
        v[rng.random(n) < 0.05] = 0.0
        v[rng.random(n) < 0.05] = np.nan
        volume = pd.Series(v, index=idx)
    windows = {}
    for k in range(int(rng.integers(1, 25))):
        a = int(rng.integers(0, n))
        windows[f"w{k}"] = idx[a:a + int(rng.choice([1, 2, 3, 5, 40, 250]))]
    windows["empty"] = idx[:0]
    share = float(rng.choice([0.0, 0.1, 0.5]))
    got = [(i.kind, i.window, i.dates)
           for i in check_prices("SYN", prices, windows, volume=volume,
                                 max_unchanged_share=share)]
    assert got == _reference(prices, windows, volume, share)
