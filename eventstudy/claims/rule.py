r"""The verdict rule, once, for arrays: used by ``run`` (one claim) and by the placebos.

A claim "X moved up/down/either way over window W after event E" is
**supported** only when four tests agree, each one-sided in the claimed
direction at level :math:`\alpha` (two-sided for ``any``):

1. **t** -- CAR against its exact prediction-error variance from the
   estimation window (Campbell, Lo & MacKinlay 1997, ch. 4);
2. **SQ** -- CAR against the empirical distribution of same-length sums of
   estimation-window residuals (Gelbach, Helland & Klick 2013);
3. **regime** -- CAR against the volatility prevailing just before the
   window: :math:`z = CAR / (SE\cdot\max(1, VR))` with :math:`VR` the
   residual volatility ratio of the 20 sessions before the window, referred
   to Student t with 19 degrees of freedom (the recent volatility rests on
   20 sessions);
4. **local** -- CAR against the same-length sums of abnormal returns on the
   ordinary sessions around the event (:func:`local_half_width` on each
   side: 20 sessions for windows of up to 6 sessions, 3 per window session
   beyond, at most 60; other events' windows left out): a move must be
   unusual *for the time*, not only for the calmer year before it.

**contradicted** is the same four-way agreement in the opposite direction;
anything else is **not supported**, with the first test that failed as the
deciding reason. Why these four (measured size and power on real prices):
``docs/methods.md`` and ``docs/calibration.md``.

References
----------
Brown, S. J. & Warner, J. B. (1985). Using daily stock returns: the case of
event studies. *Journal of Financial Economics* 14, 3-31.
Campbell, J. Y., Lo, A. W. & MacKinlay, A. C. (1997). *The Econometrics of
Financial Markets*, ch. 4.
Gelbach, J. B., Helland, E. & Klick, J. (2013). Valid inference in
single-firm, single-event studies. *American Law and Economics Review* 15,
495-541.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special as _sc

from eventstudy.stats.defaults import PRE_EVENT_SESSIONS
from eventstudy.stats.regime import LOCAL_HALF_WIDTH

#: the four tests of the rule, in the order their failure is reported.
TESTS = ("t", "sq", "regime", "local")

#: deciding-reason codes returned by :func:`decide`.
SUPPORTED_CODE = "supported"
CONTRADICTED_CODE = "contradicted"
CODES = (SUPPORTED_CODE, CONTRADICTED_CODE, "direction", "missing", "t", "sq", "regime",
         "local")
#: code of a verdict withheld because the data under the numbers are suspect: set by
#: :func:`eventstudy.claims.verdict.judge` (``issues``) on top of :func:`decide`'s codes.
DATA_CODE = "data"
#: every ``decided_by`` a claim record can carry.
VERDICT_CODES = (*CODES, DATA_CODE)

FloatArray = NDArray[np.float64]

#: shortest neighbourhood of the local test, sessions on each side of day 0.
LOCAL_MIN_HALF_WIDTH = 20
#: sessions of neighbourhood per session of window (enough window-length sums).
LOCAL_SESSIONS_PER_DAY = 3
#: fewest reference sums the local test accepts before widening its neighbourhood
#: (the smallest attainable p-value is 1/(M+1): 30 sums give 0.032 < 0.05).
LOCAL_MIN_SUMS = 30


def local_half_width(window: tuple[int, int]) -> int:
    r"""Sessions on each side of day 0 the local test draws its reference sums from.

    Parameters
    ----------
    window
        The claim's window ``(tau1, tau2)``; :math:`L_2 = \tau_2 - \tau_1 + 1`.

    Returns
    -------
    int
        :math:`h = \min(60, \max(20, 3 L_2))`: 20 for windows up to 6
        sessions, 60 for the 20-session run-up window.

    Notes
    -----
    Volatility clusters over weeks, not quarters: in Q4 2018 the ordinary
    sessions 60 away from an event were often calmer (or stormier) than the
    event's own weeks, so a 121-session reference let US-index "down" claims
    on [0,+1] through 7.9% of the time. Twenty sessions each side track the
    regime closely and keep about 40 reference sums (the smallest p-value is
    :math:`1/(M+1) \approx 0.025 < 0.05`, so the test can reject); a long
    window needs more sessions for enough distinct sums (with 20 each side a
    20-session window has almost none and could never be significant),
    hence :math:`3 L_2`, capped at the 60 sessions the data padding provides
    (:data:`eventstudy.stats.regime.LOCAL_HALF_WIDTH`). Chosen on the
    real-data placebo (docs/calibration.md, "Local test neighbourhood").
    When other events' windows leave fewer than :data:`LOCAL_MIN_SUMS`
    ordinary sums, the neighbourhood widens (in steps of 5 sessions, up to
    60) until they suffice, so a crowded study never makes the local test
    unable to reject (:func:`eventstudy.pipeline.placebo.local_test`).
    """
    n = int(window[1]) - int(window[0]) + 1
    return int(min(LOCAL_HALF_WIDTH, max(LOCAL_MIN_HALF_WIDTH, LOCAL_SESSIONS_PER_DAY * n)))


def regime_pvalues(car: ArrayLike, se: ArrayLike, vol_ratio: ArrayLike, *,
                   n_sessions: int = PRE_EVENT_SESSIONS) -> tuple[FloatArray, FloatArray]:
    r"""One-sided p-values of the CAR against the volatility just before its window.

    Parameters
    ----------
    car, se
        CARs and their estimation-window standard errors.
    vol_ratio
        Residual volatility ratio of the ``n_sessions`` sessions before each
        window (:func:`eventstudy.stats.regime.window_vol_ratio`).
    n_sessions
        Sessions behind the ratio (default 20); the reference is Student t
        with ``n_sessions - 1`` degrees of freedom.

    Returns
    -------
    p_greater, p_less
        NaN where an input is missing.

    Notes
    -----
    .. math::

        \sigma_{used} = \max(\hat\sigma, \hat\sigma_{recent}),\qquad
        z = \frac{CAR}{SE(CAR)\,\max(1, VR)},\qquad
        p_{>} = 1 - F_{t(n-1)}(z),\; p_{<} = F_{t(n-1)}(z),

    with :math:`VR = \hat\sigma_{recent}/\hat\sigma`. Only inflation is
    applied: a calm recent period never makes a move more significant.
    Referring :math:`z` to :math:`t(19)` accounts for
    :math:`\hat\sigma_{recent}` resting on 20 sessions (it is conservative
    when :math:`\hat\sigma` binds). Reference: Brown & Warner (1985) on
    event-period variance; docs/methods.md (volatility regime).
    """
    c = np.asarray(car, dtype=np.float64)
    s = np.asarray(se, dtype=np.float64)
    v = np.asarray(vol_ratio, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = c / (s * np.maximum(1.0, v))
    z = np.where(np.isfinite(v) & (s > 0), z, np.nan)
    df = int(n_sessions) - 1
    # scipy.stats.t's own sf and cdf (special.stdtr), without the per-call argument checks
    return _sc.stdtr(df, -z), _sc.stdtr(df, z)


@dataclass(frozen=True)
class RuleInputs:
    """One-sided p-values of the four tests (arrays of one shape).

    Attributes
    ----------
    car
        CARs.
    t_greater, t_less, sq_greater, sq_less, regime_greater, regime_less,
    local_greater, local_less
        One-sided p-values; NaN = could not be computed.
    """

    car: FloatArray
    t_greater: FloatArray
    t_less: FloatArray
    sq_greater: FloatArray
    sq_less: FloatArray
    regime_greater: FloatArray
    regime_less: FloatArray
    local_greater: FloatArray
    local_less: FloatArray

    def side(self, test: str, alternative: str) -> FloatArray:
        """p-values of one test for ``greater``, ``less`` or ``two-sided``."""
        g = np.asarray(getattr(self, f"{test}_greater"), dtype=np.float64)
        lo = np.asarray(getattr(self, f"{test}_less"), dtype=np.float64)
        if alternative == "greater":
            return g
        if alternative == "less":
            return lo
        return np.minimum(1.0, 2.0 * np.minimum(g, lo))


_ALT = {"up": "greater", "down": "less", "any": "two-sided"}
_OPP = {"up": "less", "down": "greater"}


def decide(inputs: RuleInputs, direction: str, *, alpha: float = 0.05
           ) -> tuple[NDArray[np.str_], NDArray[np.str_]]:
    r"""Verdicts and deciding-reason codes for many claims of one direction.

    Parameters
    ----------
    inputs
        The four tests' one-sided p-values and the CARs.
    direction
        ``up``, ``down`` or ``any``.
    alpha
        Level of every test (one-sided; two-sided for ``any``).

    Returns
    -------
    verdicts, codes
        ``verdicts``: ``supported`` / ``contradicted`` / ``not supported``.
        ``codes``: ``supported``, ``contradicted``, ``direction`` (CAR not in
        the claimed direction), or the first test of :data:`TESTS` (``t``,
        ``sq``, ``regime``, ``local``) that is not significant, as its name,
        or ``missing`` when that test could not be computed.

    Notes
    -----
    .. math::

        \text{supported} \iff \operatorname{sign}(CAR)\text{ agrees}\;\wedge\;
        \max(p_t, p_{SQ}, p_{regime}, p_{local}) < \alpha,

    each :math:`p` for the claimed alternative; contradicted iff the same
    holds in the opposite direction (never for ``any``).
    """
    if direction not in _ALT:
        raise ValueError(f"direction must be 'up', 'down' or 'any'; got {direction!r}")
    car = np.asarray(inputs.car, dtype=np.float64)
    alt = _ALT[direction]
    ps = [inputs.side(t, alt) for t in TESTS]
    sig = [np.isfinite(p) & (p < alpha) for p in ps]
    in_dir = {"up": car > 0, "down": car < 0, "any": (car != 0) & np.isfinite(car)}[direction]
    all_sig = sig[0] & sig[1] & sig[2] & sig[3]
    supported = in_dir & all_sig
    contradicted = np.zeros(car.shape, bool)
    if direction in _OPP:
        opp = _OPP[direction]
        osig = [np.isfinite(p) & (p < alpha) for p in (inputs.side(t, opp) for t in TESTS)]
        contradicted = ~in_dir & np.isfinite(car) & osig[0] & osig[1] & osig[2] & osig[3]
    first_fail = np.full(car.shape, "", dtype=object)
    for name, p, s in zip(reversed(TESTS), reversed(ps), reversed(sig), strict=True):
        first_fail = np.where(~s, np.where(np.isfinite(p), name, "missing"), first_fail)
    codes = np.where(in_dir, first_fail, "direction")
    codes = np.where(supported, SUPPORTED_CODE, codes)
    codes = np.where(contradicted, CONTRADICTED_CODE, codes)
    verdicts = np.where(supported, "supported",
                        np.where(contradicted, "contradicted", "not supported"))
    return verdicts.astype(str), codes.astype(str)
