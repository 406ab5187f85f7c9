"""The verdict rule (eventstudy.claims.rule) against a brute-force rewrite and hand cases.

Inputs are seeded synthetic p-values and CARs (labelled synthetic); the
expected verdicts come from a plain-Python loop written from the rule's
statement in docs/methods.md, not from the vectorised code.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from eventstudy.claims.rule import TESTS, RuleInputs, decide, regime_pvalues

ALPHA = 0.05


def _brute(car: float, p: dict[str, tuple[float, float]], direction: str) -> tuple[str, str]:
    """One claim, written out from the rule's statement."""
    def side(test: str, alt: str) -> float:
        g, lo = p[test]
        if alt == "two-sided" and (np.isnan(g) or np.isnan(lo)):
            return float("nan")
        return {"greater": g, "less": lo, "two-sided": min(1.0, 2 * min(g, lo))}[alt]

    alt = {"up": "greater", "down": "less", "any": "two-sided"}[direction]
    in_dir = car > 0 if direction == "up" else car < 0 if direction == "down" else car != 0
    if in_dir and all(side(t, alt) < ALPHA for t in TESTS):
        return "supported", "supported"
    if direction != "any" and not in_dir:
        opp = "less" if direction == "up" else "greater"
        if all(side(t, opp) < ALPHA for t in TESTS):
            return "contradicted", "contradicted"
    if not in_dir:
        return "not supported", "direction"
    for t in TESTS:
        v = side(t, alt)
        if np.isnan(v):
            return "not supported", "missing"
        if not v < ALPHA:
            return "not supported", t
    raise AssertionError("unreachable")


@pytest.mark.parametrize("direction", ["up", "down", "any"])
def test_decide_matches_brute_force(direction: str) -> None:
    rng = np.random.default_rng(7)  # synthetic inputs
    n = 4000
    car = rng.normal(0, 0.02, n)
    car[:20] = 0.0
    # p-values concentrated near alpha so every branch is hit; some NaN (not computable)
    p = {t: (rng.uniform(0, 0.12, n) ** 1.2, rng.uniform(0, 0.12, n) ** 1.2) for t in TESTS}
    for t in TESTS:
        p[t][0][rng.uniform(size=n) < 0.03] = np.nan
        flip = rng.uniform(size=n) < 0.5  # make the other side large, as for a real test
        p[t][1][flip] = 1 - p[t][0][flip]
    inputs = RuleInputs(car, *[arr for t in TESTS for arr in p[t]])
    verdicts, codes = decide(inputs, direction, alpha=ALPHA)
    for i in range(n):
        expect = _brute(car[i], {t: (p[t][0][i], p[t][1][i]) for t in TESTS}, direction)
        assert (verdicts[i], codes[i]) == expect, i
    assert {"supported", "not supported"} <= set(verdicts)
    assert set(codes) >= {"t", "sq", "regime", "local", "missing", "direction"}


def test_regime_pvalues_hand_case() -> None:
    """CAR 3%, SE 1%, recent volatility twice the estimation level: z = 1.5 against t(19)."""
    g, lo = regime_pvalues(0.03, 0.01, 2.0)
    assert float(g) == pytest.approx(stats.t.sf(1.5, 19), rel=1e-12)
    assert float(lo) == pytest.approx(stats.t.cdf(1.5, 19), rel=1e-12)
    # a calmer recent period never deflates the standard error
    g_calm, _ = regime_pvalues(0.03, 0.01, 0.5)
    assert float(g_calm) == pytest.approx(stats.t.sf(3.0, 19), rel=1e-12)
    # unknown ratio: not computable
    assert np.isnan(regime_pvalues(0.03, 0.01, np.nan)[0])


def test_decide_rejects_unknown_direction() -> None:
    one = np.array([0.01])
    with pytest.raises(ValueError, match="direction"):
        decide(RuleInputs(one, *([one] * 8)), "sideways")


@pytest.mark.parametrize(("window", "h"), [((0, 0), 20), ((0, 1), 20), ((-1, 1), 20),
                                           ((0, 6), 21), ((0, 9), 30), ((-20, -1), 60),
                                           ((0, 59), 60)])
def test_local_half_width_by_hand(window: tuple[int, int], h: int) -> None:
    """h = min(60, max(20, 3 * L2)), worked by hand for each window."""
    from eventstudy.claims.rule import local_half_width

    assert local_half_width(window) == h
