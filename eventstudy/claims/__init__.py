"""Claims stage: pure functions from CAR results to verdicts (methods section 6)."""

from eventstudy.claims.confounding import EventMark, bh_adjust, find_confounders
from eventstudy.claims.verdict import (
    CONTRADICTED,
    NOT_SUPPORTED,
    SUPPORTED,
    GroupVerdict,
    RegimeCheck,
    Verdict,
    alternative_for,
    judge,
    judge_group,
    minimum_detectable_effect,
    regime_check,
    window_vol_ratio,
)

__all__ = [
    "CONTRADICTED", "NOT_SUPPORTED", "SUPPORTED", "EventMark", "GroupVerdict", "RegimeCheck",
    "Verdict", "alternative_for", "bh_adjust", "find_confounders", "judge", "judge_group",
    "minimum_detectable_effect", "regime_check", "window_vol_ratio",
]
