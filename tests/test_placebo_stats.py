"""Residual volatility ratios and the local placebo test against brute force.

Synthetic, seeded abnormal-return series (labelled synthetic); expected
values come from plain-Python loops over the definitions in docs/methods.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eventstudy.pipeline.placebo import pseudo_days
from eventstudy.stats.regime import local_pvalues, volatility_ratios, window_vol_ratio

RNG = np.random.default_rng(2018)
T = 300
AR = RNG.standard_t(4, T) * 0.01  # synthetic abnormal returns
AR[[17, 150, 151, 222]] = np.nan


def _brute_ratio(ar: np.ndarray, start: int, sigma: float) -> float:
    pre = [ar[j] for j in range(start - 20, start) if 0 <= j < len(ar) and np.isfinite(ar[j])]
    if len(pre) < 5:
        return float("nan")
    m = sum(pre) / len(pre)
    return (sum((v - m) ** 2 for v in pre) / (len(pre) - 1)) ** 0.5 / sigma


def test_volatility_ratios_match_brute_force_and_the_series_helper() -> None:
    starts = np.array([0, 3, 20, 25, 151, 160, 299])
    sigma = np.full(starts.size, 0.012)
    got = volatility_ratios(AR, starts, sigma)
    for s, g in zip(starts, got, strict=True):
        want = _brute_ratio(AR, int(s), 0.012)
        assert (np.isnan(g) and np.isnan(want)) or g == pytest.approx(want, rel=1e-12)
    # same number as the study path's one-series helper
    ser = pd.Series(AR, index=pd.bdate_range("2018-01-01", periods=T))
    for s, g in zip(starts[2:], got[2:], strict=True):
        assert window_vol_ratio(ser, ser.index[s], 0.012) == pytest.approx(g, rel=1e-12)
    # per-event rows (N, T) give each event its own series
    rows = np.vstack([AR, 2 * AR])
    two = volatility_ratios(rows, np.array([100, 100]), np.array([0.012, 0.012]))
    assert two[1] == pytest.approx(2 * two[0], rel=1e-12)


def _brute_local(car: float, ar: np.ndarray, d0: int, window: tuple[int, int],
                 blocked: np.ndarray, h: int = 60) -> tuple[float, float, int]:
    a, b = window
    L2 = b - a + 1
    ok = {j for j in range(d0 - h, d0 + h + 1)
          if 0 <= j < len(ar) and np.isfinite(ar[j]) and not blocked[j]
          and not (d0 + a <= j <= d0 + b)}
    sums = [sum(ar[j:j + L2]) for j in range(d0 - h, d0 + h + 2 - L2)
            if all(k in ok for k in range(j, j + L2))]
    m = len(sums)
    ge = sum(s >= car for s in sums)
    le = sum(s <= car for s in sums)
    return (1 + ge) / (m + 1), (1 + le) / (m + 1), m


@pytest.mark.parametrize("window", [(0, 0), (0, 1), (-1, 1), (-20, -1)])
def test_local_pvalues_match_brute_force(window: tuple[int, int]) -> None:
    blocked = np.zeros(T, bool)
    blocked[[130, 131, 132, 190]] = True
    d0s = np.array([40, 100, 140, 200, 280])
    cars = np.array([0.03, -0.02, 0.0, 0.05, -0.04])
    g, lo, two, m = local_pvalues(cars, AR, d0s, window, blocked)
    for i, (c, d) in enumerate(zip(cars, d0s, strict=True)):
        bg, bl, bm = _brute_local(float(c), AR, int(d), window, blocked)
        assert m[i] == bm
        assert g[i] == pytest.approx(bg, rel=1e-12) and lo[i] == pytest.approx(bl, rel=1e-12)
        assert two[i] == pytest.approx(min(1.0, 2 * min(bg, bl)), rel=1e-12)


def test_local_pvalues_hand_case() -> None:
    """Five ordinary days around day 0 with ARs 1..5 %; an event AR of 4.5 % ranks 2nd."""
    ar = np.array([0.01, 0.02, np.nan, 0.03, 0.04, 0.05])  # day 0 at index 2
    g, lo, _, m = local_pvalues([0.045], ar, [2], (0, 0), None, half_width=3)
    assert m[0] == 5
    assert g[0] == pytest.approx((1 + 1) / 6) and lo[0] == pytest.approx((1 + 4) / 6)


def test_pseudo_days_skip_blocked_windows() -> None:
    blocked = np.zeros(50, bool)
    blocked[[20, 21]] = True
    got = pseudo_days(50, 25, (0, 1), blocked, half_width=10)
    want = [p for p in range(15, 36) if p + 1 < 50 and not blocked[p] and not blocked[p + 1]]
    assert list(got) == want
    assert 19 not in got and 20 not in got and 21 not in got and 22 in got


def test_placebo_check_names_unsupported_models() -> None:
    from eventstudy.pipeline.placebo import placebo_check

    ser = pd.Series(AR, index=pd.bdate_range("2018-01-01", periods=T))
    out = placebo_check(ser, None, "dimson", (-250, -11), ser.index[280], (0, 0),
                        np.zeros(T, bool), "up")
    assert out == {"n": 0, "k": 0, "rate": None,
                   "text": "No placebo check for the dimson model (available for market "
                           "and constant_mean)."}


@pytest.mark.parametrize("window", [(0, 0), (0, 1), (-1, 1)])
def test_local_test_widens_a_crowded_neighbourhood(window: tuple[int, int]) -> None:
    """Brute force: start at 20 sessions each side, widen by 5 until >= 30 sums."""
    from eventstudy.pipeline.placebo import local_test

    blocked = np.zeros(T, bool)
    blocked[85:97] = True  # another event's windows just before day 0 = 100
    blocked[104:112] = True  # ... and just after it
    d0s = np.array([100, 200])  # 200: nothing blocked nearby, stays at 20
    cars = np.array([0.03, -0.02])
    g, lo = local_test(cars, AR, d0s, window, blocked)
    for i, (c, d) in enumerate(zip(cars, d0s, strict=True)):
        h = 20
        bg, bl, m = _brute_local(float(c), AR, int(d), window, blocked, h)
        while m < 30 and h < 60:
            h += 5
            bg, bl, m = _brute_local(float(c), AR, int(d), window, blocked, h)
        assert (h > 20) == (d == 100)
        assert g[i] == pytest.approx(bg, rel=1e-12) and lo[i] == pytest.approx(bl, rel=1e-12)


def test_placebo_fits_leave_out_the_blocked_sessions() -> None:
    """Huge returns inside blocked sessions must not enter the pseudo-events' fits.

    SYNTHETIC, seeded: iid N(0, 1%) returns; sessions 250-259 (another
    event's window, blocked) hold +-30% moves inside every pseudo-event's
    estimation window; one ordinary session (335) near day 0 = 330 moves +6%.
    With the blocked sessions left out of the fits (sigma ~ 1%) the rule
    calls that session "supported"; fitted on them (sigma ~ 6%) it could not.
    """
    from eventstudy.pipeline.placebo import placebo_check

    gen = np.random.default_rng(11)
    idx = pd.bdate_range("2017-01-02", periods=420)
    r = gen.normal(0.0, 0.01, idx.size)
    r[250:260] = np.where(np.arange(10) % 2 == 0, 0.3, -0.3)
    r[335] = 0.06
    blocked = np.zeros(idx.size, bool)
    blocked[250:260] = True
    ret = pd.Series(r, index=idx)
    kw = {"min_estimation_days": 120}
    masked = placebo_check(ret, None, "constant_mean", (-250, -11), idx[330], (0, 0),
                           blocked, "up", **kw)
    # the same sessions, not blocked: pseudo-days are unchanged (they lie 60+
    # sessions away) but the fits now include the +-30% moves
    unmasked = placebo_check(ret, None, "constant_mean", (-250, -11), idx[330], (0, 0),
                             np.zeros(idx.size, bool), "up", **kw)
    assert masked["n"] == unmasked["n"] > 100
    assert masked["k"] >= 1 and unmasked["k"] == 0
