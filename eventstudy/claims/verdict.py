r"""Verdicts for claims, with the deciding reason in plain words (docs/methods.md).

A claim asserts that an asset (or a group of assets) moved in a direction
(``up``, ``down`` or ``any``) over an event window. :func:`judge` applies the
one verdict rule of :mod:`eventstudy.claims.rule` (t, SQ, the volatility at
the time, ordinary days nearby) to one CAR and explains the outcome in one
sentence; the placebo validation applies the same rule to arrays.

* **supported** -- the CAR lies in the claimed direction and is significant
  at level :math:`\alpha` (one-sided; two-sided for ``any``) by all four
  tests;
* **contradicted** -- the same in the opposite direction (impossible for
  ``any``);
* **not supported** -- anything else; the reason names the first test that
  failed, and the minimum detectable effect tells the reader how large the
  reaction would have had to be.

References
----------
Gelbach, J., Helland, E. & Klick, J. (2013). Valid inference in single-firm,
single-event studies. *American Law and Economics Review* 15, 495-541.
MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of
Economic Literature* 35, 13-39.
Brown, S. J. & Warner, J. B. (1985). Using daily stock returns. *Journal of
Financial Economics* 14, 3-31.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
import pandas as pd

from eventstudy.claims.rule import DATA_CODE, RuleInputs, decide, regime_pvalues
from eventstudy.data.sanity import SanityIssue
from eventstudy.stats.regime import window_vol_ratio as window_vol_ratio  # the one helper
from eventstudy.stats.results import Alternative, AnyTest
from eventstudy.stats.single import minimum_detectable_effect as _stats_mde

Direction = Literal["up", "down", "any"]
VerdictLabel = Literal["supported", "not supported", "contradicted"]

SUPPORTED: VerdictLabel = "supported"
NOT_SUPPORTED: VerdictLabel = "not supported"
CONTRADICTED: VerdictLabel = "contradicted"

_ALTERNATIVE = {"up": "greater", "down": "less", "any": "two-sided"}
_OPPOSITE = {"up": "less", "down": "greater"}
_MOVE = {"up": "a rise of", "down": "a fall of", "any": "a move (either way) of"}


class CarLike(Protocol):
    """Anything carrying a CAR, its standard error and its two tests (read-only)."""

    @property
    def car(self) -> float:
        """The cumulative abnormal return."""
    @property
    def se(self) -> float:
        """Its standard error."""
    @property
    def t(self) -> AnyTest:
        """The t test of the CAR."""
    @property
    def sq(self) -> AnyTest:
        """The SQ test of the CAR."""


def alternative_for(direction: Direction) -> str:
    """Map a claim direction to a test alternative (``greater``/``less``/``two-sided``)."""
    try:
        return _ALTERNATIVE[direction]
    except KeyError:
        raise ValueError(f"direction must be 'up', 'down' or 'any'; got {direction!r}") from None


def minimum_detectable_effect(se: float, *, alpha: float = 0.05, power: float = 0.8,
                              direction: Direction = "up") -> float:
    r"""Smallest CAR the test would detect with the given power.

    Parameters
    ----------
    se
        Standard error of the CAR, :math:`\sqrt{\operatorname{Var}(CAR)}`.
    alpha
        Significance level.
    power
        Desired power (0.8 by convention).
    direction
        ``any`` uses the two-sided critical value :math:`z_{1-\alpha/2}`.

    Returns
    -------
    float
        The MDE as a return (0.02 = 2 %); NaN if ``se`` is not finite.

    Notes
    -----
    Normal approximation (methods section 6):

    .. math::

        \mathrm{MDE} = (z_{1-\alpha} + z_{\text{power}})\,\sqrt{\operatorname{Var}(CAR)},

    with :math:`z_{1-\alpha/2}` in place of :math:`z_{1-\alpha}` for a
    two-sided (``any``) claim. Delegates to
    :func:`eventstudy.stats.single.minimum_detectable_effect`.
    Reference: Bloom, H. S. (1995), Minimum detectable effects, *Evaluation Review* 19, 547-556.
    """
    two_sided = direction == "any"
    if not math.isfinite(se):
        return float("nan")
    # one formula, one place: the stats stage's implementation
    return float(_stats_mde(
        se, alpha=alpha, power=power, alternative="two-sided" if two_sided else "greater"))


@dataclass(frozen=True)
class Verdict:
    """The verdict on one claim for one asset (or a group's portfolio) and window.

    Attributes
    ----------
    verdict
        ``supported``, ``not supported`` or ``contradicted``.
    direction
        The claimed direction.
    alpha
        Significance level used.
    car, se
        Cumulative abnormal return and its standard error.
    p_value, p_value_sq
        p-values of the t and SQ tests for the claim's alternative
        (one-sided in the claimed direction; two-sided for ``any``).
    p_value_opposite, p_value_sq_opposite
        One-sided p-values in the opposite direction (NaN for ``any``).
    mde
        Minimum detectable effect at 80 % power, signed in the claimed
        direction (negative for ``down``; magnitude for ``any``, shown as ±).
    reason
        One sentence explaining the verdict in words.
    p_value_regime, p_value_local
        p-values (claimed alternative) of the test against the volatility of
        the 20 sessions before the window and of the local placebo test.
    vol_ratio
        Residual volatility ratio of the 20 sessions before the window.
    decided_by
        Deciding-reason code of :func:`eventstudy.claims.rule.decide`.
    """

    verdict: VerdictLabel
    direction: Direction
    alpha: float
    car: float
    se: float
    p_value: float
    p_value_sq: float
    p_value_opposite: float
    p_value_sq_opposite: float
    mde: float
    reason: str
    p_value_regime: float = float("nan")
    p_value_local: float = float("nan")
    vol_ratio: float = float("nan")
    decided_by: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain dict (JSON-ready)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _p(test: AnyTest, alternative: Alternative) -> float:
    return float(test.pvalue_for(alternative)) if test.computable else float("nan")


def _pct(x: float) -> str:
    return f"{x * 100:+.2f}%" if math.isfinite(x) else "n/a"


def _regime_words(vr: float) -> str:
    if not math.isfinite(vr):
        return "unknown"
    if vr >= 1.5:
        return f"far more volatile than the estimation window ({vr:.2f} times its level)"
    if vr >= 1.2:
        return f"more volatile than the estimation window ({vr:.2f} times its level)"
    if vr > 0.8:
        return f"about as volatile as the estimation window ({vr:.2f} times its level)"
    return f"calmer than the estimation window ({vr:.2f} times its level)"


#: data issues that make a CAR's numbers untrustworthy: a verdict is withheld.
#: ``price_spike`` counts inside the judged window (a x100 typo there *is* the
#: CAR); ``benchmark_equals_asset`` anywhere (sigma ~ 0 makes every test void).
BLOCKING_KINDS = ("price_spike", "benchmark_equals_asset")


def _day(d: pd.Timestamp) -> str:
    t = pd.Timestamp(d)
    return f"{t:%a} {t.day} {t:%b %Y}"


def data_reason(issues: Sequence[SanityIssue], se: float = float("nan")) -> str:
    """Plain-words reason for a verdict withheld because of suspect data ("" if none).

    Parameters
    ----------
    issues
        Data issues of the judged target (window and estimation window);
        only :data:`BLOCKING_KINDS` count.
    se
        The CAR's standard error: exactly zero (a benchmark equal to the
        asset, a constant series) also withholds the verdict.

    Returns
    -------
    str
        E.g. "a suspected price error on Thu 1 Mar 2018 for CAT (a jump that
        reverses the next day) -- check the prices before relying on this".
    """
    parts: list[str] = []
    for i in issues:
        if i.kind == "price_spike":
            days = ", ".join(dict.fromkeys(_day(d) for d in i.dates))
            text = (f"a suspected price error on {days} for {i.ticker} (a jump that reverses "
                    "the next day)")
        elif i.kind == "benchmark_equals_asset":
            text = (f"the benchmark of {i.ticker} moves exactly like it over the estimation "
                    "window, so its normal volatility is about zero and no test means "
                    "anything")
        else:
            continue
        if text not in parts:
            parts.append(text)
    if not parts and se == 0.0:
        parts.append("the CAR's standard error is zero (no normal variation to test against)")
    if not parts:
        return ""
    return "; ".join(parts) + " -- check the prices before relying on this"


def judge(result: CarLike, direction: Direction, *, alpha: float = 0.05,
          local: tuple[float, float] | None = None,
          issues: Sequence[SanityIssue] = ()) -> Verdict:
    r"""Judge one claim on one CAR result.

    Parameters
    ----------
    result
        Object with ``car``, ``se``, ``t`` and ``sq`` (a ``TestResult`` or
        ``NotComputable`` each) and ``vol_ratio`` (the window's residual
        volatility ratio; NaN if absent) and ``n_days``.
    direction
        ``up``, ``down`` or ``any``.
    alpha
        Significance level (default 0.05).
    local
        ``(p_greater, p_less)`` of the local placebo test
        (:func:`eventstudy.stats.regime.local_pvalues`); None = not run, and
        then the claim cannot be supported (the rule needs all four tests).
    issues
        Data issues of the judged target (its window and its estimation
        window). A :data:`BLOCKING_KINDS` issue, or a zero standard error,
        withholds the verdict: "not supported", ``decided_by = "data"``, and
        the reason names the suspect data (:func:`data_reason`) -- never a
        verdict on a number that is probably wrong (issue 16).

    Returns
    -------
    Verdict

    Notes
    -----
    The rule is :func:`eventstudy.claims.rule.decide`:

    .. math::

        \text{supported} \iff \operatorname{sign}(CAR) \text{ agrees}
        \;\wedge\; \max(p_t, p_{SQ}, p_{regime}, p_{local}) < \alpha,

    contradicted iff the same holds in the opposite direction; otherwise not
    supported, and the reason names the first failing test in the order t,
    SQ, regime, local.
    """
    alt = alternative_for(direction)
    car, se = float(result.car), float(result.se)
    vr = float(getattr(result, "vol_ratio", float("nan")))
    rg, rl = regime_pvalues(car, se, vr)
    lg, ll = (float("nan"), float("nan")) if local is None else local
    f = np.array
    inputs = RuleInputs(f([car]), f([_p(result.t, "greater")]), f([_p(result.t, "less")]),
                        f([_p(result.sq, "greater")]), f([_p(result.sq, "less")]),
                        f([float(rg)]), f([float(rl)]), f([float(lg)]), f([float(ll)]))
    verdicts, codes = decide(inputs, direction, alpha=alpha)
    label: VerdictLabel = str(verdicts[0])  # type: ignore[assignment]
    code = str(codes[0])
    p_t, p_sq = (float(inputs.side(n, alt)[0]) for n in ("t", "sq"))
    p_rg, p_lo = (float(inputs.side(n, alt)[0]) for n in ("regime", "local"))
    opp = _OPPOSITE.get(direction)
    p_t_o = float(inputs.side("t", opp)[0]) if opp else float("nan")
    p_sq_o = float(inputs.side("sq", opp)[0]) if opp else float("nan")
    mde = minimum_detectable_effect(se, alpha=alpha, direction=direction)
    if direction == "down":  # shown with the claimed direction's sign
        mde = -mde
    reason = _reason(code, car, mde, direction, vr, alpha, result, local,
                     (p_t, p_sq, p_rg, p_lo) if code != CONTRADICTED else
                     tuple(float(inputs.side(n, opp)[0])  # type: ignore[arg-type]
                           for n in ("t", "sq", "regime", "local")))
    n_days = int(getattr(result, "n_days", 1) or 1)
    bad = data_reason(issues, se)
    if bad:
        label, code = NOT_SUPPORTED, DATA_CODE
        reason = f"No verdict on CAR {_pct(car)}: {bad}."
    elif n_days >= LONG_WINDOW and code not in ("missing", "direction"):
        reason += (f" Over {n_days} sessions the SQ and local tests rest on overlapping "
                   "sums, so their p-values are approximate.")
    return Verdict(label, direction, alpha, car, se, p_t, p_sq, p_t_o, p_sq_o, mde, reason,
                   p_rg, p_lo, vr, code)


#: windows of at least this many sessions get the "approximate" note (docs/methods.md).
LONG_WINDOW = 10


def _reason(code: str, car: float, mde: float, direction: str, vr: float, alpha: float,
            result: CarLike, local: tuple[float, float] | None,
            ps: tuple[float, ...]) -> str:
    """Write the deciding reason in one or two plain sentences."""
    p_t, p_sq, p_rg, p_lo = ps
    c = _pct(car)
    if code == SUPPORTED:
        return (f"CAR {c} is in the claimed direction and stands out on all four checks: "
                f"against the estimation window (t p={p_t:.3g}, SQ p={p_sq:.3g}), against "
                f"the volatility of the 20 sessions before the window, "
                f"{_regime_words(vr)} (p={p_rg:.3g}), and against ordinary days around the "
                f"event (p={p_lo:.3g}).")
    if code == CONTRADICTED:
        return (f"CAR {c} goes the other way and stands out on all four checks "
                f"(t p={p_t:.3g}, SQ p={p_sq:.3g}, recent volatility p={p_rg:.3g}, ordinary "
                f"days p={p_lo:.3g}).")
    if code == "direction":
        return f"CAR {c} is not in the claimed direction."
    if code == "missing":
        why = [f"{t.label}: {t.reason}" for t in (result.t, result.sq) if not t.computable]
        if not math.isfinite(vr):
            why.append("the volatility of the 20 sessions before the window is unknown")
        if local is None:
            why.append("the local placebo test was not run (it needs the returns around "
                       "the event)")
        elif not all(map(math.isfinite, local)):
            why.append("too few ordinary sessions around the event for the local test")
        return (f"CAR {c}: a verdict needs all four checks and "
                f"{'; '.join(why) or 'one could not be computed'}.")
    detect = (f"{_MOVE[direction]} {_pct(abs(mde))[1:]} or more would have been detected "
              "with 80% power against the estimation window")
    if code in ("t", "sq"):
        return (f"CAR {c} is within the normal variation of the estimation window "
                f"(t p={p_t:.3g}, SQ p={p_sq:.3g}); {detect}.")
    if code == "regime":
        return (f"CAR {c} stands out against the estimation window (t p={p_t:.3g}, SQ "
                f"p={p_sq:.3g}) but not against the volatility of the 20 sessions before the "
                f"window, {_regime_words(vr)} (p={p_rg:.3g}): a move this size was normal "
                "at the time.")
    return (f"CAR {c} stands out against the estimation window (t p={p_t:.3g}, SQ "
            f"p={p_sq:.3g}) and the recent volatility (p={p_rg:.3g}), but not against "
            f"ordinary days around the event (p={p_lo:.3g}): moves this size were common "
            "at the time.")


@dataclass(frozen=True)
class GroupVerdict:
    """Verdict on a group claim: the portfolio's verdict plus each member's.

    Attributes
    ----------
    portfolio
        Verdict on the equal-weighted portfolio's CAR (the group verdict).
    members
        Member ticker -> its individual verdict.
    disagreements
        Members whose individual verdict differs from the portfolio's.
    method
        How the group was judged (``portfolio (time-series)`` ...).
    """

    portfolio: Verdict
    members: dict[str, Verdict] = field(default_factory=dict)
    disagreements: tuple[str, ...] = ()
    method: str = "portfolio (time-series)"

    @property
    def verdict(self) -> VerdictLabel:
        """The group's verdict (the portfolio's)."""
        return self.portfolio.verdict


def judge_group(portfolio: CarLike, members: dict[str, CarLike], direction: Direction, *,
                alpha: float = 0.05, method: str = "portfolio (time-series)",
                local: dict[str, tuple[float, float]] | None = None) -> GroupVerdict:
    r"""Judge a group claim on the group's portfolio CAR and flag member disagreements.

    Parameters
    ----------
    portfolio
        CAR result of the equal-weighted portfolio of the members (time-series
        approach: the portfolio's returns are modelled and tested as one
        event, which is immune to cross-sectional correlation of members
        reacting on the same date).
    members
        Each member's own CAR result.
    direction, alpha
        As in :func:`judge`.
    method
        Label recorded with the verdict.
    local
        Local placebo p-values per target (``"portfolio"`` and member
        tickers), as ``local`` of :func:`judge`.

    Returns
    -------
    GroupVerdict

    Notes
    -----
    The group verdict is :func:`judge` applied to the portfolio; members are
    judged individually with the same rule and any member whose label differs
    is listed in ``disagreements``. Reference: Campbell, Lo & MacKinlay (1997),
    section 4.5; Brown & Warner (1980), JFE 8.
    """
    loc = local or {}
    group = judge(portfolio, direction, alpha=alpha, local=loc.get("portfolio"))
    member_verdicts = {k: judge(v, direction, alpha=alpha, local=loc.get(k))
                       for k, v in members.items()}
    disagree = tuple(k for k, v in member_verdicts.items() if v.verdict != group.verdict)
    return GroupVerdict(group, member_verdicts, disagree, method)


@dataclass(frozen=True)
class RegimeCheck:
    r"""Whether a CAR stands out from the volatility *at the time* of the event.

    Attributes
    ----------
    vol_ratio
        Standard deviation of the abnormal returns over the 20 sessions just
        before the event window divided by the estimation-window :math:`\hat\sigma`.
    se_regime
        :math:`SE(CAR)` rescaled to the recent volatility, ``se * max(vol_ratio, 1)``.
    z, p_value
        :math:`z = CAR / SE_{regime}` and its :math:`t(19)` p-value for the
        claim's alternative.
    distinguishable
        ``p_value < alpha``.
    text
        One sentence for the report.
    """

    vol_ratio: float
    se_regime: float
    z: float
    p_value: float
    distinguishable: bool
    text: str


def regime_check(car: float, se: float, vol_ratio: float, direction: Direction, *,
                 alpha: float = 0.05) -> RegimeCheck:
    r"""Apply the rule's regime test to one CAR, with a sentence for the report.

    Parameters
    ----------
    car, se
        CAR and its standard error from the estimation window.
    vol_ratio
        Residual volatility ratio of the 20 sessions before the claim's window
        (``CarResult.vol_ratio``).
    direction, alpha
        As in :func:`judge`.

    Returns
    -------
    RegimeCheck

    Notes
    -----
    The third test of the verdict rule
    (:func:`eventstudy.claims.rule.regime_pvalues`):
    :math:`z = CAR/(SE\cdot\max(1, VR))` referred to :math:`t(19)`. It is
    part of the verdict, so its sentence never contradicts the badge: a
    claim whose regime test fails is "not supported" with this as the reason.
    """
    alt = alternative_for(direction)
    if not (math.isfinite(vol_ratio) and math.isfinite(se) and se > 0):
        return RegimeCheck(vol_ratio, float("nan"), float("nan"), float("nan"), False,
                           "volatility ratio not available")
    se_r = se * max(1.0, vol_ratio)
    z = car / se_r
    g, lo = regime_pvalues(car, se, vol_ratio)
    p = {"greater": float(g), "less": float(lo),
         "two-sided": min(1.0, 2 * min(float(g), float(lo)))}[alt]
    dist = bool(p < alpha)
    text = (f"The 20 sessions before the window were {_regime_words(vol_ratio)}. Against "
            f"that volatility the CAR of {_pct(car)} has z = {z:.2f} (p = {p:.3g}): it "
            f"{'stands' if dist else 'does not stand'} out from the volatility of those "
            "sessions.")
    return RegimeCheck(float(vol_ratio), float(se_r), float(z), float(p), dist, text)
