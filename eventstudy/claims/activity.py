r"""Verdicts for claims about trading: volume and volatility (``measure:`` of a claim).

A claim such as "Apple traded heavily after the warning" (``measure:
volume``) or "volatility spiked" (``measure: volatility``) is judged on one
test of that claim's event, asset(s) and window, with the α logic of the
return claims, one-sided in the claimed direction:

* **supported** -- the test rejects at level :math:`\alpha` in the claimed
  direction (``up`` = more volume / higher volatility; two-sided for
  ``any``), and so does the same statistic against the ordinary sessions
  around day 0 (the return rule's "local" check and neighbourhood: a burst of trading
  must be unusual for the time, not only for the calmer estimation year);
* **contradicted** -- both reject in the opposite direction (impossible for
  ``any``);
* **not supported** -- anything else, or the test could not be computed.

The tests come from :mod:`eventstudy.stats.volume` (fed by
:func:`eventstudy.pipeline.activity.judge_activity_claims`):

* volume, one asset -- the t of the cumulative abnormal log volume
  :math:`CAV` of the market model on :math:`\ln(1+V)` (Campbell & Wasley
  1996), its variance inflated for the AR(1) autocorrelation of volume;
* volume, a group -- the Brown & Warner (1980) crude-dependence t of the
  members' mean abnormal log volume (the variance is that of the averaged
  series, so members trading on the same day do not make it over-reject),
  with the same AR(1) inflation;
* volatility -- the variance ratio :math:`VR = L_2^{-1}\sum_t (AR_t/\widehat{se}_t)^2
  \sim F(L_2, L_1-k)` (Beaver 1968) of the asset's, or the group
  portfolio's, abnormal returns.

Nothing here changes the return claims' rule (:mod:`eventstudy.claims.rule`).

References
----------
Beaver, W. H. (1968), The information content of annual earnings
announcements, *J. Accounting Research* 6, 67-92. Brown, S. J. & Warner,
J. B. (1980), Measuring security price performance, *J. Financial Economics*
8, 205-258. Campbell, C. J. & Wasley, C. E. (1996), Measuring abnormal daily
trading volume, *Review of Quantitative Finance and Accounting* 6, 309-326.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from eventstudy.claims.verdict import CONTRADICTED, NOT_SUPPORTED, SUPPORTED, VerdictLabel
from eventstudy.stats.results import AnyTest, TestResult

__all__ = ["ActivityVerdict", "MEASURES", "activity_verdict", "volume_sentence",
           "volatility_sentence"]

Measure = Literal["volume", "volatility"]
#: the measures a claim can be about (``return`` is judged by the verdict rule)
MEASURES = ("return", "volume", "volatility")

_WORDS = {
    "volume": {"up": "more trading than normal", "down": "less trading than normal",
               "any": "trading different from normal"},
    "volatility": {"up": "higher volatility than normal", "down": "lower volatility than normal",
                   "any": "volatility different from normal"},
}
_OPPOSITE = {"up": "down", "down": "up"}


@dataclass(frozen=True)
class ActivityVerdict:
    r"""The verdict on a volume or volatility claim.

    Attributes
    ----------
    verdict
        ``supported``, ``not supported`` or ``contradicted``.
    code
        ``supported``, ``contradicted``, ``not significant`` or ``missing``.
    p_value
        The p-value in the claimed direction (two-sided for ``any``), None
        when the test could not be computed.
    reason
        One sentence: the verdict, the test, its statistic and p-value
        against :math:`\alpha`.
    """

    verdict: VerdictLabel
    code: str
    p_value: float | None
    reason: str


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def activity_verdict(test: AnyTest, direction: str, alpha: float, measure: Measure,
                     local: tuple[float, float] | None = None) -> ActivityVerdict:
    r"""Judge a volume or volatility claim from its test and the ordinary sessions nearby.

    Parameters
    ----------
    test
        A :class:`~eventstudy.stats.results.TestResult` (``pvalue_greater``,
        ``pvalue_less``, ``pvalue_two_sided``) or a ``NotComputable``.
    direction
        ``up`` (more volume / higher volatility), ``down`` or ``any``.
    alpha
        Significance level, :math:`0 < lpha < 1`.
    measure
        ``volume`` or ``volatility`` (for the words).
    local
        ``(p_greater, p_less)`` of the same statistic against the same-length
        windows of ordinary sessions around day 0, in the return rule's
        neighbourhood (:func:`eventstudy.pipeline.activity.local_reference`,
        the rule's fourth check); None (or NaN) when there is no such reference.

    Returns
    -------
    ActivityVerdict
        Supported when the p-value in the claimed direction (two-sided for
        ``any``: :math:`\min(1, 2\min(p_>, p_<))`) is below :math:`lpha`
        for the test **and** for the local reference; contradicted when both
        reject in the opposite direction; otherwise not supported, with the
        check that failed. Without the local check, volume claims said
        "supported" on 9-10% of ordinary days at 5% (volatile end of 2018;
        docs/models.md).
    """
    words = _WORDS[measure]
    if not isinstance(test, TestResult) or not math.isfinite(test.statistic):
        why = getattr(test, "reason", "") or "no statistic"
        return ActivityVerdict(NOT_SUPPORTED, "missing", None,
                               f"The {test.label} could not be computed ({why}).")
    stat = f"{test.label} = {test.statistic:.2f} ({test.distribution})"
    lg, ll = local if local is not None else (math.nan, math.nan)
    has_local = math.isfinite(lg) and math.isfinite(ll)
    if direction == "any":
        p, lp = float(test.pvalue_two_sided), min(1.0, 2 * min(lg, ll))
        q = lq = math.nan
        side = "two-sided"
    else:
        up = direction == "up"
        p, q = (test.pvalue_greater, test.pvalue_less) if up else (test.pvalue_less,
                                                                   test.pvalue_greater)
        lp, lq = (lg, ll) if up else (ll, lg)
        side = "one-sided"
    near = "against the ordinary sessions around the event"
    if p < alpha and (not has_local or lp < alpha):
        extra = f", and {near} p {_p(lp)}" if has_local else f" (no {near} to compare with)"
        return ActivityVerdict(SUPPORTED, "supported", p,
                               f"{words[direction].capitalize()}: {stat}, {side} p {_p(p)}"
                               f"{extra}, below \u03b1 = {alpha:g}.")
    if q < alpha and (not has_local or lq < alpha):
        extra = f", and {near} p {_p(lq)}" if has_local else ""
        return ActivityVerdict(CONTRADICTED, "contradicted", p,
                               f"{words[_OPPOSITE[direction]].capitalize()}: {stat}, "
                               f"{side} p {_p(q)} in the opposite direction{extra}.")
    if p < alpha:
        return ActivityVerdict(NOT_SUPPORTED, "local", p,
                               f"Unusual against the estimation window ({stat}, {side} p "
                               f"{_p(p)}) but not for the time: {near} p {_p(lp)} is not "
                               f"below \u03b1 = {alpha:g}.")
    return ActivityVerdict(NOT_SUPPORTED, "not significant", p,
                           f"Within normal variation: {stat}, {side} p {_p(p)} is not below "
                           f"\u03b1 = {alpha:g}.")


def volume_sentence(span: str, who: str, cav: float | None, group: bool) -> str:
    r"""Say how much the volume was, relative to normal, in words.

    ``CAV`` is the cumulative abnormal log volume; :math:`e^{CAV}` the ratio
    of the window's volume to its normal level (the product of the daily
    ratios over a multi-day window).
    """
    if cav is None or not math.isfinite(cav):
        return f"{span}, the abnormal volume of {who} could not be measured."
    avg = " on average" if group else ""
    return (f"{span}, {who} traded{avg} {math.exp(cav):.1f} times {'their' if group else 'its'} "
            f"normal volume given the market's volume (abnormal log volume {cav:+.2f}).")


def volatility_sentence(span: str, who: str, ratio: float | None, group: bool) -> str:
    r"""Say how volatile the abnormal returns were, relative to normal, in words.

    ``ratio`` is the variance ratio :math:`VR`; :math:`\sqrt{VR}` is the ratio
    of the typical abnormal move to a normal day's.
    """
    if ratio is None or not math.isfinite(ratio) or ratio < 0:
        return f"{span}, the volatility of {who} could not be measured."
    whose = f"the average abnormal returns of {who}" if group else f"{who}'s abnormal returns"
    return (f"{span}, {whose} were {math.sqrt(ratio):.1f} times as large as on a normal day "
            f"(variance ratio {ratio:.2f}).")
