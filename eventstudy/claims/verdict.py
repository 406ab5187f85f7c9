r"""Verdict rules for claims (methods section 6).

A claim asserts that an asset (or a group of assets) moved in a direction
(``up``, ``down`` or ``any``) over an event window. Its verdict comes from the
numbers only:

* **supported** -- the CAR lies in the claimed direction and is significant
  at level :math:`\alpha` (one-sided; two-sided for ``any``) by *both* the
  parametric t-test and the nonparametric SQ test;
* **contradicted** -- the CAR is significant (both tests, one-sided) in the
  opposite direction (impossible for ``any``);
* **not supported** -- neither; the move is within normal variation. The
  minimum detectable effect tells the reader how large the reaction would
  have had to be.

Everything here is a pure function of already-computed CAR results (anything
with ``car``, ``se``, ``t`` and ``sq`` attributes, e.g.
:class:`eventstudy.stats.abnormal.CarResult`).

References
----------
Gelbach, J., Helland, E. & Klick, J. (2013). Valid inference in single-firm,
single-event studies. *American Law and Economics Review* 15, 495-541.
MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of
Economic Literature* 35, 13-39.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Protocol

from scipy import stats as _st

from eventstudy.stats.results import AnyTest
from eventstudy.stats.single import window_vol_ratio as window_vol_ratio  # the one helper

Direction = Literal["up", "down", "any"]
VerdictLabel = Literal["supported", "not supported", "contradicted"]

SUPPORTED: VerdictLabel = "supported"
NOT_SUPPORTED: VerdictLabel = "not supported"
CONTRADICTED: VerdictLabel = "contradicted"

_ALTERNATIVE = {"up": "greater", "down": "less", "any": "two-sided"}
_OPPOSITE = {"up": "less", "down": "greater"}
_MOVE = {"up": "a rise of", "down": "a fall of", "any": "a move (either way) of"}


class CarLike(Protocol):
    """Anything carrying a CAR, its standard error and its two tests."""

    car: float
    se: float
    t: AnyTest
    sq: AnyTest


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
    :func:`eventstudy.stats.single.minimum_detectable_effect` when the stats
    stage provides it. Reference: Bloom, H. S. (1995), Minimum detectable
    effects, *Evaluation Review* 19, 547-556.
    """
    two_sided = direction == "any"
    if not math.isfinite(se):
        return float("nan")
    try:  # one formula, one place: the stats stage's implementation
        from eventstudy.stats.single import minimum_detectable_effect as _mde
    except ImportError:  # pragma: no cover - stats stage not installed
        pass
    else:
        alt = "two-sided" if two_sided else "greater"
        return float(_mde(se, alpha=alpha, power=power, alternative=alt))
    a = alpha / 2 if two_sided else alpha
    return float((_st.norm.ppf(1 - a) + _st.norm.ppf(power)) * se)


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

    def to_dict(self) -> dict[str, object]:
        """Plain dict (JSON-ready)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _p(test: AnyTest, alternative: str) -> float:
    return float(test.pvalue_for(alternative)) if test.computable else float("nan")  # type: ignore[arg-type]


def _sig(p: float, alpha: float) -> bool:
    return math.isfinite(p) and p < alpha


def _pct(x: float) -> str:
    return f"{x * 100:+.2f}%" if math.isfinite(x) else "n/a"


def judge(result: CarLike, direction: Direction, *, alpha: float = 0.05) -> Verdict:
    r"""Judge one claim on one CAR result.

    Parameters
    ----------
    result
        Object with ``car``, ``se``, ``t`` and ``sq`` (a ``TestResult`` or
        ``NotComputable`` each).
    direction
        ``up``, ``down`` or ``any``.
    alpha
        Significance level (default 0.05).

    Returns
    -------
    Verdict

    Notes
    -----
    With :math:`p_t, p_{SQ}` the p-values for the claimed alternative,

    .. math::

        \text{supported} \iff \operatorname{sign}(CAR) \text{ agrees}
        \;\wedge\; p_t < \alpha \;\wedge\; p_{SQ} < \alpha,

    contradicted iff both one-sided p-values in the opposite direction are
    below :math:`\alpha`; otherwise not supported (methods section 6). If the
    SQ test cannot be computed the claim cannot be supported or contradicted
    (both tests are required) and the reason says so.
    """
    alt = alternative_for(direction)
    car, se = float(result.car), float(result.se)
    p_t, p_sq = _p(result.t, alt), _p(result.sq, alt)
    opp = _OPPOSITE.get(direction)
    p_t_o = _p(result.t, opp) if opp else float("nan")
    p_sq_o = _p(result.sq, opp) if opp else float("nan")
    mde = minimum_detectable_effect(se, alpha=alpha, direction=direction)
    if direction == "down":  # shown with the claimed direction's sign
        mde = -mde

    in_direction = {"up": car > 0, "down": car < 0, "any": car != 0}[direction]
    if in_direction and _sig(p_t, alpha) and _sig(p_sq, alpha):
        label: VerdictLabel = SUPPORTED
        reason = (f"CAR {_pct(car)} is in the claimed direction and significant by both "
                  f"the t-test (p={p_t:.3g}) and the SQ test (p={p_sq:.3g}) at alpha={alpha:g}.")
    elif opp and _sig(p_t_o, alpha) and _sig(p_sq_o, alpha):
        label = CONTRADICTED
        reason = (f"CAR {_pct(car)} is significant in the opposite direction "
                  f"(t p={p_t_o:.3g}, SQ p={p_sq_o:.3g}).")
    else:
        label = NOT_SUPPORTED
        missing = [t.name for t in (result.t, result.sq) if not t.computable]
        if missing:
            why = "; ".join(t.reason for t in (result.t, result.sq) if not t.computable)
            reason = (f"{' and '.join(missing)} could not be computed ({why}); "
                      "a verdict needs both tests.")
        elif not in_direction:
            reason = f"CAR {_pct(car)} is not in the claimed direction."
        else:
            reason = (f"CAR {_pct(car)} is within normal variation (t p={p_t:.3g}, "
                      f"SQ p={p_sq:.3g}); {_MOVE[direction]} {_pct(abs(mde))[1:]} or more "
                      "would have been detected with 80% power.")
            if _sig(p_t, alpha) != _sig(p_sq, alpha):
                reason += " The two tests disagree."
    return Verdict(label, direction, alpha, car, se, p_t, p_sq, p_t_o, p_sq_o, mde, reason)


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
                alpha: float = 0.05, method: str = "portfolio (time-series)") -> GroupVerdict:
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
    group = judge(portfolio, direction, alpha=alpha)
    member_verdicts = {k: judge(v, direction, alpha=alpha) for k, v in members.items()}
    disagree = tuple(k for k, v in member_verdicts.items() if v.verdict != group.verdict)
    return GroupVerdict(group, member_verdicts, disagree, method)


@dataclass(frozen=True)
class RegimeCheck:
    r"""Whether a CAR stands out from the volatility *at the time* of the event.

    Attributes
    ----------
    vol_ratio
        Standard deviation of returns over the sessions just before the event
        window divided by the estimation-window :math:`\hat\sigma`.
    se_regime
        :math:`SE(CAR)` rescaled to the recent volatility, ``se * max(vol_ratio, 1)``.
    z, p_value
        :math:`z = CAR / SE_{regime}` and its normal p-value for the claim's
        alternative.
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
                 alpha: float = 0.05, high: float = 1.5) -> RegimeCheck:
    r"""Re-test a CAR against the volatility prevailing just before the event.

    Parameters
    ----------
    car, se
        CAR and its standard error from the estimation window.
    vol_ratio
        Volatility ratio over the sessions just before the claim's window
        (:func:`window_vol_ratio`, i.e. ``CarResult.vol_ratio`` of the claim's
        window).
    direction, alpha
        As in :func:`judge`.
    high
        Ratio above which the regime is called "high volatility".

    Returns
    -------
    RegimeCheck

    Notes
    -----
    A sensitivity check, not a separate test (methods section 5, volatility
    regime): scale the standard error to the recent regime and use a normal
    reference distribution,

    .. math::

        SE_{regime} = SE(CAR)\cdot\max(1, \hat\sigma_{pre}/\hat\sigma),\qquad
        z = CAR / SE_{regime}.

    Only inflation is applied (a calmer recent regime never makes a move
    *more* significant). Reference: Brown & Warner (1985), JFE 14 (event-induced
    variance); Boehmer, Musumeci & Poulsen (1991), JFE 30.
    """
    alt = alternative_for(direction)
    if not (math.isfinite(vol_ratio) and math.isfinite(se) and se > 0):
        return RegimeCheck(vol_ratio, float("nan"), float("nan"), float("nan"), False,
                           "volatility ratio not available")
    se_r = se * max(1.0, vol_ratio)
    z = car / se_r
    p = {"greater": _st.norm.sf(z), "less": _st.norm.cdf(z),
         "two-sided": 2 * _st.norm.sf(abs(z))}[alt]
    dist = bool(p < alpha)
    if vol_ratio >= high:
        regime = "far more volatile than"
    elif vol_ratio >= 1.2:
        regime = "more volatile than"
    elif vol_ratio > 0.8:
        regime = "about as volatile as"
    else:
        regime = "calmer than"
    text = (f"The 20 sessions before the window were {regime} the estimation window "
            f"(volatility ratio {vol_ratio:.2f}). Against that recent volatility the CAR of "
            f"{_pct(car)} has z = {z:.2f} (p = {p:.3g}): it is "
            f"{'' if dist else 'not '}distinguishable from the market's normal movement "
            "at the time.")
    return RegimeCheck(float(vol_ratio), float(se_r), float(z), float(p), dist, text)
