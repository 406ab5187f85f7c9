"""Verdict rules (docs/methods.md, claims) on constructed cases.

The CAR results are built by hand: a t statistic with its Student-t p-values
from scipy, and an SQ p-value computed here with plain numpy as the share of
synthetic (seeded) estimation-window residual sums at least as extreme. The
regime and local tests are given by hand (a volatility ratio; local p-values)
and checked against scipy's t(19) and the four-way rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from eventstudy.claims import (
    EventMark,
    find_confounders,
    judge,
    judge_group,
    minimum_detectable_effect,
    regime_check,
)
from eventstudy.stats.results import NotComputable, TestResult, from_statistic

RNG = np.random.default_rng(20181231)
#: synthetic estimation-window residuals (seeded, labelled synthetic)
RESID = RNG.normal(0.0, 0.01, 240)


@dataclass(frozen=True)
class Car:
    car: float
    se: float
    t: object
    sq: object
    vol_ratio: float = 1.0
    n_days: int = 1


#: local placebo p-values that pass / fail in either direction
PASS_UP, PASS_DOWN, NEUTRAL = (0.01, 0.99), (0.99, 0.01), (0.5, 0.5)


def _sq(car: float) -> TestResult:
    """Independent SQ p-values: share of residuals at least as extreme."""
    greater = float(np.mean(RESID >= car))
    less = float(np.mean(RESID <= car))
    two = float(np.mean(np.abs(RESID) >= abs(car)))
    return TestResult("SQ", car, two, two, greater, less, "empirical (L1=240)")


def make(car: float, se: float = 0.01, dof: int = 238, vol_ratio: float = 1.0) -> Car:
    d = stats.t(dof)
    t = from_statistic("t", car / se, cdf=d.cdf, sf=d.sf, distribution=f"t({dof})")
    return Car(car, se, t, _sq(car), vol_ratio)


def test_supported_up() -> None:
    v = judge(make(0.035), "up", local=PASS_UP)
    assert v.verdict == "supported" and v.decided_by == "supported"
    assert v.p_value == pytest.approx(stats.t(238).sf(3.5))
    assert v.p_value_sq == pytest.approx(np.mean(RESID >= 0.035))
    assert v.p_value_regime == pytest.approx(stats.t(19).sf(3.5))  # ratio 1: z = t
    assert v.p_value_local == 0.01
    assert "all four checks" in v.reason


def test_supported_down() -> None:
    assert judge(make(-0.035), "down", local=PASS_DOWN).verdict == "supported"


def test_contradicted() -> None:
    v = judge(make(-0.035), "up", local=PASS_DOWN)
    assert v.verdict == "contradicted"
    assert v.p_value_opposite < 0.05 and v.p_value > 0.95


def test_regime_decides_in_a_volatile_period() -> None:
    """t and SQ reject, but 20 sessions 3x as volatile make the move ordinary."""
    v = judge(make(0.035, vol_ratio=3.0), "up", local=PASS_UP)
    assert v.verdict == "not supported" and v.decided_by == "regime"
    z = 0.035 / (0.01 * 3.0)
    assert v.p_value_regime == pytest.approx(stats.t(19).sf(z), rel=1e-12)
    assert "far more volatile" in v.reason and "3.00 times" in v.reason
    # the regime's sentence agrees with the badge (no contradicting caveat)
    assert not regime_check(0.035, 0.01, 3.0, "up").distinguishable


def test_local_decides_when_ordinary_days_moved_as_much() -> None:
    v = judge(make(0.035), "up", local=(0.2, 0.8))
    assert v.verdict == "not supported" and v.decided_by == "local"
    assert "ordinary days around the event" in v.reason


def test_without_local_test_a_claim_cannot_be_supported() -> None:
    v = judge(make(0.035), "up")
    assert v.verdict == "not supported" and v.decided_by == "missing"
    assert "local placebo test was not run" in v.reason


def test_long_window_says_approximate() -> None:
    r = make(0.035)
    long = Car(r.car, r.se, r.t, r.sq, 1.0, 20)
    assert "approximate" in judge(long, "up", local=PASS_UP).reason
    assert "approximate" not in judge(r, "up", local=PASS_UP).reason


def test_not_supported_small_move_and_mde() -> None:
    v = judge(make(0.004, se=0.012), "up")
    assert v.verdict == "not supported"
    expected = (stats.norm.ppf(0.95) + stats.norm.ppf(0.8)) * 0.012
    assert v.mde == pytest.approx(expected, rel=1e-9)
    assert "normal variation" in v.reason


def test_not_supported_wrong_sign_but_insignificant() -> None:
    v = judge(make(-0.005), "up")
    assert v.verdict == "not supported"
    assert "not in the claimed direction" in v.reason


def test_any_is_two_sided() -> None:
    # t = 1.8: one-sided p < 0.05 but two-sided p > 0.05
    r = make(0.018)
    assert judge(r, "up", local=PASS_UP).verdict in {"supported", "not supported"}
    v = judge(r, "any", local=PASS_UP)
    assert v.p_value == pytest.approx(2 * stats.t(238).sf(1.8))
    assert v.verdict == "not supported"
    assert np.isnan(v.p_value_opposite)
    assert judge(make(-0.04), "any", local=PASS_DOWN).verdict == "supported"
    two = (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) * 0.01
    assert minimum_detectable_effect(0.01, direction="any") == pytest.approx(two)


def test_both_tests_required() -> None:
    r = make(0.035)
    only_t = Car(r.car, r.se, r.t, TestResult("SQ", 0.035, 0.2, 0.2, 0.1, 0.9, "empirical"))
    v = judge(only_t, "up", local=PASS_UP)
    assert v.verdict == "not supported" and v.decided_by == "sq"
    assert "normal variation" in v.reason
    no_sq = Car(r.car, r.se, r.t, NotComputable("SQ", "L1 too short"))
    v2 = judge(no_sq, "up", local=PASS_UP)
    assert v2.verdict == "not supported" and "L1 too short" in v2.reason


def test_group_member_disagreement() -> None:
    portfolio = make(0.03)
    members = {"A": make(0.05), "B": make(0.002), "C": make(-0.04)}
    local = {"portfolio": PASS_UP, "A": PASS_UP, "B": NEUTRAL, "C": PASS_DOWN}
    g = judge_group(portfolio, members, "up", local=local)
    assert g.verdict == "supported"
    assert g.members["A"].verdict == "supported"
    assert g.members["C"].verdict == "contradicted"
    assert g.disagreements == ("B", "C")


def test_confounders_overlap_and_exclusion() -> None:
    ts = pd.Timestamp
    ev = [
        EventMark("call", "call", ts("2018-12-29"), ts("2018-12-29")),
        EventMark("cuts", "tariff cuts", ts("2018-12-24"), ts("2018-12-28")),
        EventMark("talks", "talks", ts("2018-12-27"), ts("2018-12-27")),
        EventMark("truce", "truce", ts("2018-12-01"), ts("2018-12-01"), "context"),
    ]
    hits = find_confounders(ts("2018-12-27"), ts("2018-12-28"), ev, exclude="talks")
    assert [e.id for e in hits] == ["cuts"]
    hits2 = find_confounders(ts("2018-12-27"), ts("2018-12-31"), ev, exclude="talks")
    assert [e.id for e in hits2] == ["cuts", "call"]


def test_regime_check_rescales_se() -> None:
    r = regime_check(0.03, 0.012, 2.0, "up")
    assert r.se_regime == pytest.approx(0.024)
    assert r.z == pytest.approx(1.25)
    assert r.p_value == pytest.approx(stats.t(19).sf(1.25))
    assert not r.distinguishable and "does not stand out" in r.text
    calm = regime_check(0.03, 0.012, 0.5, "up")  # never deflates
    assert calm.se_regime == pytest.approx(0.012) and calm.distinguishable


def test_bh_adjust_matches_hand_computation() -> None:
    from eventstudy.stats.multiple import benjamini_hochberg

    p = np.array([0.01, np.nan, 0.04, 0.03, 0.5])
    finite = np.array([0.01, 0.04, 0.03, 0.5])
    m = finite.size
    order = np.argsort(finite)
    ranked = finite[order] * m / np.arange(1, m + 1)
    adj_sorted = np.minimum(1, np.minimum.accumulate(ranked[::-1])[::-1])
    expected = np.empty(m)
    expected[order] = adj_sorted
    out = benjamini_hochberg(p)
    assert np.isnan(out[1])
    np.testing.assert_allclose(out[[0, 2, 3, 4]], expected, rtol=1e-12)
