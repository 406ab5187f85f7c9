r"""Rank and sign tests across several events (N > 1), on arrays.

Same array conventions as :mod:`eventstudy.stats.multi`, which re-exports
every test here: ``ar`` + ``event_mask`` ``(N, L1 + L2)`` abnormal returns in
event time with a ``(L1 + L2,)`` event-window mask; ``scar`` ``(N,)``
standardised CARs; ``sar_estimation`` / ``residuals`` ``(N, L1)``
estimation-window (standardised) residuals in event time, NaN where missing.
Each test returns a :class:`~eventstudy.stats.results.TestResult` or a
:class:`~eventstudy.stats.results.NotComputable` with the reason.

References
----------
Corrado (1989) JFE 23, 385-395. Corrado & Zivney (1992) JFQA 27, 465-478.
Cowan (1992) RQFA 2, 343-358. Kolari & Pynnönen (2011) J. Empirical Finance
18, 953-971. Wilcoxon (1945) Biometrics Bulletin 1, 80-83.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from eventstudy._typing import FloatArray
from eventstudy.stats._common import (
    AnyTest,
    _mat,
    _sample_sd,
    _tdist,
    _too_few,
    _vec,
    _zdist,
    norm_cdf,
    norm_sf,
)
from eventstudy.stats.results import Alternative, NotComputable, TestResult
from eventstudy.stats.single import overlapping_sums

__all__ = [
    "generalized_sign_test",
    "grank_test",
    "rank_test",
    "sign_test",
    "wilcoxon_test",
]


# --------------------------------------------------------------------------- rank tests
def _centred_ranks(x: FloatArray) -> FloatArray:
    """Per row: rank / (number of valid values + 1) - 1/2, NaN where missing."""
    ranks = stats.rankdata(x, axis=1, nan_policy="omit")
    m = np.isfinite(x).sum(axis=1, keepdims=True)
    return np.where(np.isfinite(x), ranks / (m + 1.0) - 0.5, np.nan)


def _rank_day_means(x: FloatArray, n: int) -> tuple[FloatArray, NDArray[np.bool_], float]:
    """Centred ranks of each row averaged by day: ``(U_bar_t, days with data, S^2_U_bar)``."""
    u = _centred_ranks(x)
    nt = np.isfinite(u).sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        ubar = np.where(nt > 0, np.nansum(u, axis=0) / nt, np.nan)
    has = nt > 0
    s2 = float(np.sum((nt[has] / n) * ubar[has] ** 2) / has.sum())
    return ubar, has, s2


def _nonzero_cars(name: str, cars: ArrayLike) -> FloatArray | NotComputable:
    """Keep the finite, non-zero CARs (sign and signed-rank tests), or say why N < 2."""
    c = _vec(cars)
    c = c[np.isfinite(c) & (c != 0)]
    return bad if (bad := _too_few(name, c.size, 2)) is not None else c


def rank_test(
    ar: ArrayLike, event_mask: ArrayLike, *, alternative: Alternative = "two-sided"
) -> AnyTest:
    r"""Corrado (1989) rank test (one day) and Cowan (1992) multi-day rank test.

    Parameters
    ----------
    ar
        ``(N, L1 + L2)`` abnormal returns over the estimation and event windows,
        columns in event time, NaN where missing.
    event_mask
        ``(L1 + L2,)`` booleans selecting the event-window columns.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        Named ``"corrado_rank"``; the note says ``Corrado (1989)`` for a
        one-day window and ``Cowan (1992)`` otherwise.

    Notes
    -----
    Each event's ARs are ranked over its :math:`M_i` non-missing days and
    scaled as in Corrado & Zivney (1992): :math:`U_{it} = K_{it}/(M_i+1) - 1/2`.
    With :math:`N_t` events observed on day :math:`t`,
    :math:`\bar U_t = N_t^{-1}\sum_i U_{it}`, :math:`T` days with data and
    :math:`L_2` event days,

    .. math::

        S^2_{\bar U} = \frac1T\sum_t \frac{N_t}{N}\bar U_t^2,\qquad
        Z = \frac{\sum_{t\in\text{event}} \bar U_t}{\sqrt{L_2}\,S_{\bar U}} \sim N(0,1).

    For :math:`L_2 = 1` this is Corrado's test; for :math:`L_2 > 1` Cowan's
    (1992) :math:`\sqrt{L_2}(\bar K_{\tau_1,\tau_2} - \tfrac12)/S_{\bar K}`.
    """
    x = _mat(ar)
    mask = np.asarray(event_mask, dtype=bool).ravel()
    if mask.shape[0] != x.shape[1]:
        raise ValueError(f"event_mask has {mask.shape[0]} days but ar has {x.shape[1]} columns")
    name = "corrado_rank"
    keep = np.isfinite(x[:, mask]).any(axis=1)
    x = x[keep]
    n = x.shape[0]
    if (bad := _too_few(name, n, 1)) is not None:
        return bad
    ubar, has, s2 = _rank_day_means(x, n)
    ev = mask & has
    if not s2 > 0:
        return NotComputable(name, "rank variance is zero (too few days)", n=n)
    z = float(ubar[ev].sum() / (math.sqrt(ev.sum()) * math.sqrt(s2)))
    who = "Corrado (1989)" if mask.sum() == 1 else "Cowan (1992)"
    return _zdist(name, z, alternative, n, null="median abnormal return = 0",
                  note=f"{who}; ranks over {int(has.sum())} days, {int(ev.sum())} event day(s)")


def grank_test(
    scar: ArrayLike, sar_estimation: ArrayLike, *, alternative: Alternative = "two-sided"
) -> AnyTest:
    r"""Kolari & Pynnönen (2011) generalized rank test (GRANK-T) for a CAR.

    Parameters
    ----------
    scar
        ``(N,)`` standardised CARs :math:`CAR_i/\hat s_{CAR_i}`.
    sar_estimation
        ``(N, L1)`` standardised estimation residuals :math:`e_{it}/\hat\sigma_i`,
        columns in event time, NaN where missing.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``NotComputable`` for N < 2.

    Notes
    -----
    Re-standardise for event-induced volatility, :math:`SCAR^*_i = SCAR_i/s(SCAR)`,
    append it to the estimation SARs as one "cumulated day" 0
    (:math:`T = L_1 + 1` days), rank each series,
    :math:`U_{it} = K_{it}/(T_i+1) - 1/2`, and with
    :math:`\bar U_t = N_t^{-1}\sum_i U_{it}`,

    .. math::

        Z = \frac{\bar U_0}{S_{\bar U}},\quad
        S^2_{\bar U} = \frac1T\sum_{t} \frac{N_t}{N}\bar U_t^2,\quad
        t_{grank} = Z\sqrt{\frac{T-2}{T-1-Z^2}} \sim t(T-2).
    """
    name = "grank"
    z = _vec(scar)
    e = _mat(sar_estimation)
    if e.shape[0] != z.shape[0]:
        raise ValueError(f"scar has {z.shape[0]} events but sar_estimation has {e.shape[0]}")
    ok = np.isfinite(z)
    z, e = z[ok], e[ok]
    n = z.size
    s = _sample_sd(name, z, "standardised CARs have zero variance")
    if isinstance(s, NotComputable):
        return s
    g = np.concatenate([e, (z / s)[:, None]], axis=1)
    ubar, has, s2 = _rank_day_means(g, n)
    t_days = int(has.sum())
    if not s2 > 0 or t_days < 3:
        return NotComputable(name, "rank variance is zero (too few estimation days)", n=n)
    zz = float(ubar[-1] / math.sqrt(s2))
    tg = zz * math.sqrt((t_days - 2) / (t_days - 1 - zz * zz))
    return _tdist(name, tg, t_days - 2, alternative, n, null="median CAR = 0")


# --------------------------------------------------------------------------- sign tests
def sign_test(cars: ArrayLike, *, alternative: Alternative = "two-sided") -> AnyTest:
    r"""Sign test of whether positive CARs are more (or less) frequent than half.

    Parameters
    ----------
    cars
        ``(N,)`` CARs; zeros are dropped.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``statistic`` is the normal score; p-values are exact binomial.

    Notes
    -----
    With :math:`w` positive CARs out of :math:`N`,
    :math:`Z = (w - N/2)/\sqrt{N/4}`; :math:`p_> = P(B \ge w)`,
    :math:`p_< = P(B \le w)`, :math:`B\sim\mathrm{Bin}(N, 1/2)`,
    :math:`p_{\ne} = \min(1, 2\min(p_>, p_<))`.
    """
    name = "sign"
    c = _nonzero_cars(name, cars)
    if isinstance(c, NotComputable):
        return c
    n = c.size
    w = int((c > 0).sum())
    p_g = float(stats.binom.sf(w - 1, n, 0.5))
    p_l = float(stats.binom.cdf(w, n, 0.5))
    p_two = min(1.0, 2 * min(p_g, p_l))
    p = {"two-sided": p_two, "greater": p_g, "less": p_l}[alternative]
    return TestResult(
        name, (w - n / 2) / math.sqrt(n / 4), p, p_two, p_g, p_l, f"Binomial({n}, 0.5)",
        null="P(CAR > 0) = 0.5", alternative=alternative, n=n, note=f"{w} of {n} positive",
    )


def generalized_sign_test(
    cars: ArrayLike,
    residuals: ArrayLike,
    *,
    window_length: int = 1,
    alternative: Alternative = "two-sided",
) -> AnyTest:
    r"""Cowan (1992) generalized sign test.

    Parameters
    ----------
    cars
        ``(N,)`` CARs.
    residuals
        ``(N, L1)`` estimation-window residuals on consecutive sessions, NaN missing.
    window_length
        1 (default, Cowan 1992): :math:`\hat p` is the share of positive daily
        estimation ARs. :math:`L_2 > 1` uses overlapping :math:`L_2`-day sums,
        matching the CAR's horizon.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable

    Notes
    -----
    .. math::

        \hat p = \frac1N\sum_i \frac{1}{M_i}\sum_t \mathbf 1[e_{it} > 0],\qquad
        Z = \frac{w - N\hat p}{\sqrt{N\hat p(1-\hat p)}} \sim N(0,1),

    with :math:`w` the number of positive CARs.
    """
    name = "generalized_sign"
    c = _vec(cars)
    s = overlapping_sums(residuals, window_length)
    if s.shape[0] != c.shape[0]:
        raise ValueError(f"cars has {c.shape[0]} events but residuals has {s.shape[0]}")
    m = np.isfinite(s).sum(axis=1)
    ok = np.isfinite(c) & (m > 0)
    n = int(ok.sum())
    if (bad := _too_few(name, n, 2)) is not None:
        return bad
    share = (np.isfinite(s[ok]) & (s[ok] > 0)).sum(axis=1) / m[ok]
    p_hat = float(share.mean())
    if not 0 < p_hat < 1:
        return NotComputable(name, f"share of positive estimation ARs is {p_hat}", n=n)
    w = int((c[ok] > 0).sum())
    z = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
    return _zdist(name, z, alternative, n, null=f"P(CAR > 0) = {p_hat:.4f}",
                  note=f"{w} of {n} positive; p_hat = {p_hat:.4f}")


def wilcoxon_test(cars: ArrayLike, *, alternative: Alternative = "two-sided") -> AnyTest:
    r"""Wilcoxon (1945) signed-rank test on CARs (via :func:`scipy.stats.wilcoxon`).

    Parameters
    ----------
    cars
        ``(N,)`` CARs; zeros are dropped (``zero_method="wilcox"``).
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns
    -------
    TestResult or NotComputable
        ``statistic`` is :math:`W^+`; p-values exact for N <= 50 without ties,
        normal approximation otherwise (scipy's ``method="auto"``).

    Notes
    -----
    .. math::

        W^+ = \sum_{i: CAR_i > 0} \operatorname{rank}(|CAR_i|),\qquad
        E W^+ = \frac{N(N+1)}{4},\quad
        \operatorname{Var} W^+ = \frac{N(N+1)(2N+1)}{24}.
    """
    name = "wilcoxon"
    c = _nonzero_cars(name, cars)
    if isinstance(c, NotComputable):
        return c
    n = c.size
    if n > 50:
        # scipy's "auto" uses the normal approximation here (no continuity
        # correction): W+ and z come from sorts (_signed_rank_normal: the same
        # floats as scipy.stats.wilcoxon, tests/test_stats_multi.py); the three
        # p-values are z's two tails and 2*min(tail)
        w_plus, z = _signed_rank_normal(c)
        p_g = float(norm_sf(z))
        p_l = float(norm_cdf(z))
        p_two = min(1.0, float(2.0 * norm_sf(abs(z))))
    else:
        res_g = stats.wilcoxon(c, alternative="greater")
        w_plus = float(res_g.statistic)
        p_g = float(res_g.pvalue)
        p_l = float(stats.wilcoxon(c, alternative="less").pvalue)
        p_two = float(stats.wilcoxon(c, alternative="two-sided").pvalue)
    p = {"two-sided": p_two, "greater": p_g, "less": p_l}[alternative]
    return TestResult(
        name, w_plus, p, p_two, p_g, p_l, "Wilcoxon signed rank (scipy)",
        null="CAR distribution symmetric about 0", alternative=alternative, n=n,
    )


def _signed_rank_normal(c: FloatArray) -> tuple[float, float]:
    r"""Wilcoxon's :math:`W^+` and its normal-approximation z for finite non-zero ``c``.

    .. math::

        W^+ = \sum_{i: c_i > 0} \bar K_i,\qquad
        z = \frac{W^+ - n(n+1)/4}
                 {\sqrt{[n(n+1)(2n+1) - \tfrac12\sum_g (t_g^3 - t_g)]/24}},

    with :math:`\bar K_i` the average rank of :math:`|c_i|` among all
    :math:`|c|` and :math:`t_g` the sizes of the groups of tied :math:`|c|`
    (Wilcoxon 1945; the tie correction and the float operations of
    :func:`scipy.stats.wilcoxon` without continuity correction). One sort of
    the keys :math:`2\,\mathrm{bits}(|c_i|) + [c_i > 0]` (the bits of a
    positive float order like the float and leave the top bit free) gives the
    tie groups of :math:`|c|` in order, positions :math:`s_g .. e_g - 1`, and
    each group's count of positive :math:`c`, :math:`p_g`; then
    :math:`W^+ = \sum_g p_g (s_g + e_g + 1)/2`, in integers, exact.

    Written here, not called from scipy, for speed only: scipy ranks with a
    stable argsort and ``rankdata``'s bookkeeping, eight times slower than
    this one sort at 100k CARs (the batch path calls it once per window).
    """
    keys = (np.abs(c).view(np.uint64) << np.uint64(1)) | (c > 0).view(np.uint8)
    keys.sort()
    v = keys >> np.uint64(1)
    edges = np.flatnonzero(np.r_[True, v[1:] != v[:-1], True])
    if edges.size == c.size + 1:  # no ties: group i is position i, t_g = 1 (same numbers)
        # positions of the positive keys (a bool mask: numpy's nonzero of uint64 is 5x slower)
        w_plus = int(2 * np.sum(np.flatnonzero((keys & np.uint64(1)).astype(bool)) + 1)) / 2.0
        ties = 0.0
    else:
        n_pos = np.add.reduceat((keys & np.uint64(1)).astype(np.int64), edges[:-1])
        w_plus = int(np.sum(n_pos * (edges[:-1] + edges[1:] + 1))) / 2.0
        t = np.diff(edges).astype(np.float64)
        ties = float(np.sum(t**3 - t))
    count = float(c.size)
    mn = count * (count + 1.0) * 0.25
    var = count * (count + 1.0) * (2.0 * count + 1.0)
    se = math.sqrt((var - ties / 2) / 24)
    return w_plus, (w_plus - mn) / se
