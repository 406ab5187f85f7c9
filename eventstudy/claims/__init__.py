"""Claims stage: pure functions from CAR results to verdicts (docs/methods.md, claims)."""

from eventstudy.claims.confounding import EventMark, find_confounders
from eventstudy.claims.rule import RuleInputs, decide, regime_pvalues
from eventstudy.claims.verdict import (
    BLOCKING_KINDS,
    CONTRADICTED,
    NOT_SUPPORTED,
    SUPPORTED,
    GroupVerdict,
    RegimeCheck,
    Verdict,
    alternative_for,
    data_reason,
    judge,
    judge_group,
    minimum_detectable_effect,
    regime_check,
    window_vol_ratio,
)

__all__ = [
    "CONTRADICTED", "NOT_SUPPORTED", "SUPPORTED", "EventMark", "GroupVerdict", "RegimeCheck",
    "RuleInputs", "Verdict", "alternative_for", "decide", "find_confounders",
    "judge", "judge_group", "minimum_detectable_effect", "regime_check", "regime_pvalues",
    "window_vol_ratio", "BLOCKING_KINDS", "data_reason",
]
