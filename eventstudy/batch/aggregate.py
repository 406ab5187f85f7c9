r"""Multi-event tests from the merged block outputs of the batch path.

Tests that need only per-event numbers (cross-sectional t, Patell, BMP,
Kolari-Pynnönen given :math:`\bar r`, Wilcoxon) call
:mod:`eventstudy.stats.multi` directly. Tests that need every event's
estimation-window series (the :math:`\bar r` of Kolari & Pynnönen 2010, the
Corrado/Cowan rank test, GRANK, the generalized sign test) are computed here
from sums accumulated block by block, with the same formulas as
:mod:`eventstudy.stats.multi` (so no event-by-day matrix of all events and no
:math:`N\times N` matrix is ever formed).

Notes
-----
* Kolari & Pynnönen (2010): with per-event standardised residuals
  :math:`z_{id}` on calendar date :math:`d` and :math:`m_d` events observed,
  :math:`\bar r = \sum_d[(\sum_i z_{id})^2 - \sum_i z_{id}^2] / \sum_d(m_d^2-m_d)`,
  :math:`Z_{KP} = Z_{BMP}\sqrt{(1-\bar r)/(1+(N-1)\bar r)}`.
* Corrado (1989) / Cowan (1992): ranks :math:`K_{it}` of :math:`AR_{it}` over
  the estimation window plus the union span of the event windows,
  :math:`U_{it} = K_{it}/(M_i+1) - 1/2`, :math:`\bar U_t = N_t^{-1}\sum_i U_{it}`,
  :math:`S^2_{\bar U} = T^{-1}\sum_t (N_t/N)\bar U_t^2`,
  :math:`Z = \sum_{t\in W}\bar U_t/(\sqrt{L_2}S_{\bar U}) \sim N(0,1)`.
* GRANK (Kolari & Pynnönen 2011): estimation SARs plus one event point
  :math:`SCAR_i/s(SCAR)`; :math:`Z = \bar U_0/S_{\bar U}`,
  :math:`t_{grank} = Z\sqrt{(T-2)/(T-1-Z^2)} \sim t(T-2)`.
* Generalized sign (Cowan 1992): :math:`\hat p = N^{-1}\sum_i \hat p_i` (share
  of positive estimation residuals), :math:`w = \#\{CAR_i>0\}`,
  :math:`Z = (w - N\hat p)/\sqrt{N\hat p(1-\hat p)}`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from eventstudy.stats import multi
from eventstudy.stats.results import AnyTest, NotComputable, from_statistic

_Z = {"cdf": sps.norm.cdf, "sf": sps.norm.sf, "distribution": "N(0,1)"}


def mean_correlation(merged: dict[str, np.ndarray]) -> float:
    r""":math:`\bar r` from the per-date sums (NaN when no two events share a date).

    ``kp_s`` and ``kp_m`` are per date; ``kp_q`` is the total :math:`\sum_{i,d} z_{id}^2`.
    """
    s, q, m = merged["kp_s"], merged["kp_q"], merged["kp_m"]
    den = float((m * m - m).sum())
    return (float((s * s).sum()) - float(q.sum())) / den if den > 0 else float("nan")


def multi_tests(
    car: np.ndarray,
    se: np.ndarray,
    n_est: np.ndarray,
    pos_share: np.ndarray,
    merged: dict[str, np.ndarray],
    window_index: int,
    window: tuple[int, int],
    layout_est: tuple[int, int],
    span: tuple[int, int],
    k: int,
) -> dict[str, AnyTest]:
    """All multi-event tests for one window.

    Parameters
    ----------
    car, se, n_est, pos_share
        Per-event arrays of the usable events only.
    merged
        Merged block outputs (per-day sums, GRANK sums).
    window_index, window
        Which window (index into the layout's windows) and its bounds.
    layout_est, span
        Estimation window and union event span (relative days).
    k
        Parameters of the normal-return model (2 market, 1 constant mean).

    Returns
    -------
    dict
        Test name -> :class:`TestResult` or :class:`NotComputable`.
    """
    n = int(car.shape[0])
    res: dict[str, AnyTest] = {}
    res["cross-sectional t"] = multi.cross_sectional_t(car)
    res["Patell"] = multi.patell_test(car, se, n_est, k=k)
    res["BMP"] = multi.bmp_test(car, se)
    rbar = mean_correlation(merged)
    res["Kolari-Pynnonen"] = multi.kp_bmp_test(car, se, rbar=rbar)
    res["rank"] = _rank(merged, window_index, window, layout_est, span)
    res["GRANK"] = _grank(merged, window_index, n)
    res["generalized sign"] = _gsign(car, pos_share)
    res["Wilcoxon"] = multi.wilcoxon_test(car)
    return res


def _rank(merged: dict[str, np.ndarray], i: int, window: tuple[int, int],
          layout_est: tuple[int, int], span: tuple[int, int]) -> AnyTest:
    a, b = window
    name = "Corrado rank" if a == b else "Cowan rank"
    cnt = merged[f"rank_cnt{i}"]
    n = float(merged[f"rank_n{i}"][0])
    if n < 1:
        return NotComputable(name, "needs N >= 1 events; got N = 0", n=0)
    has = cnt > 0
    ubar = np.where(has, merged[f"rank_sum{i}"] / np.where(has, cnt, 1.0), 0.0)
    s2 = float(np.sum(cnt[has] / n * ubar[has] ** 2) / has.sum())
    l_est = layout_est[1] - layout_est[0] + 1
    ev = np.zeros(cnt.shape[0], dtype=bool)
    ev[l_est + a - span[0] : l_est + b - span[0] + 1] = True
    ev &= has
    if not s2 > 0:
        return NotComputable(name, "rank variance is zero (too few days)", n=int(n))
    z = float(ubar[ev].sum() / (math.sqrt(ev.sum()) * math.sqrt(s2)))
    return from_statistic(
        name, z, n=int(n), null="median abnormal return = 0",
        note=f"ranks over {int(has.sum())} days, {int(ev.sum())} event day(s)", **_Z,
    )


def _grank(merged: dict[str, np.ndarray], i: int, n: int) -> AnyTest:
    name = "GRANK"
    if f"ga_sum{i}" not in merged:
        return NotComputable(name, "not computed (tests=False or N < 2)", n=n)
    if not merged["g_scale"][i] > 0:
        return NotComputable(name, "standardised CARs have zero variance", n=n)
    gc = merged[f"g_cnt{i}"]
    n0 = float(merged[f"g0_cnt{i}"][0])
    if n0 < 2:
        return NotComputable(name, f"needs N >= 2 events; got N = {int(n0)}", n=int(n0))
    has = gc > 0
    g_sum = merged[f"gb_sum{i}"] + merged[f"ga_sum{i}"]
    ub = np.where(has, g_sum / np.where(has, gc, 1.0), 0.0)
    u0 = float(merged[f"g0_sum{i}"][0]) / n0
    t_days = int(has.sum()) + 1
    s2 = (float(np.sum(gc[has] / n0 * ub[has] ** 2)) + u0 * u0) / t_days
    if not s2 > 0 or t_days < 3:
        return NotComputable(name, "rank variance is zero (too few estimation days)", n=int(n0))
    zz = u0 / math.sqrt(s2)
    tg = zz * math.sqrt((t_days - 2) / (t_days - 1 - zz * zz))
    d = sps.t(t_days - 2)
    return from_statistic(name, tg, cdf=d.cdf, sf=d.sf, distribution=f"t({t_days - 2:g})",
                          n=int(n0), null="median CAR = 0")


def _gsign(car: np.ndarray, pos_share: np.ndarray) -> AnyTest:
    name = "generalized sign"
    ok = np.isfinite(car) & np.isfinite(pos_share)
    n = int(ok.sum())
    if n < 2:
        return NotComputable(name, f"needs N >= 2 events; got N = {n}", n=n)
    p_hat = float(pos_share[ok].mean())
    if not 0 < p_hat < 1:
        return NotComputable(name, f"share of positive estimation ARs is {p_hat}", n=n)
    w = int((car[ok] > 0).sum())
    z = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
    return from_statistic(name, z, n=n, null=f"P(CAR > 0) = {p_hat:.4f}",
                          note=f"{w} of {n} positive; p_hat = {p_hat:.4f}", **_Z)
