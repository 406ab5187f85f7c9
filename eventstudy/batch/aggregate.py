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
* Kolari & Pynnönen (2010): :math:`t_{KP} = t_{BMP}\sqrt{(1-\bar r)/(1+(N-1)\bar r)}`
  with :math:`\bar r` the mean correlation of the standardised CARs: pairs
  count by the overlap of their event windows in calendar time
  (:func:`eventstudy.stats.multi.mean_pairwise_correlation` with ``day0``),
  from per-day-0 sums of the residual z-scores.
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
import threading

import numpy as np

from eventstudy.batch.engine import Layout
from eventstudy.stats import multi
from eventstudy.stats._common import _tdist, _zdist
from eventstudy.stats.results import AnyTest, NotComputable


class SharedDots:
    r""":func:`eventstudy.stats.multi.overlap_dots` of one set of sums, each shift computed once.

    The windows' :math:`\bar r` share the shift-``d`` inner products (a
    window of length :math:`L_2` needs shifts ``0 .. L_2 - 1``); the window
    tests run on threads, so a lock makes each computed once (same floats).
    """

    def __init__(self, sums: dict[str, np.ndarray]) -> None:
        self._sums = sums
        self._done: dict[int, tuple[float, float, float]] = {}
        self._lock = threading.Lock()

    def __call__(self, d: int) -> tuple[float, float, float]:
        """Return the three inner products at shift ``d`` (computed on the first call)."""
        with self._lock:
            got = self._done.get(d)
            if got is None:
                s = self._sums
                got = self._done[d] = multi.overlap_dots(s["kp_z"], s["kp_c"], s["kp_n"], d)
            return got


def mean_correlation(sums: dict[str, np.ndarray], window: tuple[int, int],
                     dots: SharedDots | None = None) -> float:
    r""":math:`\bar r` for ``window`` from the merged day-0 group sums (different dates).

    :func:`eventstudy.stats.multi.overlap_rbar` on ``kp_z``, ``kp_c``,
    ``kp_n`` (rows = day-0 sessions) and ``kp_tot = [sum z^2, sum n_i, N]``;
    ``dots`` (of these ``sums``) shares the inner products between windows.
    """
    if "kp_z" not in sums:
        return float("nan")
    tot = sums["kp_tot"]
    return multi.overlap_rbar(sums["kp_z"], sums["kp_c"], sums["kp_n"], float(tot[0]),
                              float(tot[1]), int(tot[2]), window[1] - window[0] + 1,
                              dots=dots)


def multi_tests(
    car: np.ndarray,
    se: np.ndarray,
    n_est: np.ndarray,
    pos_share: np.ndarray,
    sums: dict[str, np.ndarray],
    window_index: int,
    layout: Layout,
    k: int,
    dots: SharedDots | None = None,
) -> dict[str, AnyTest]:
    r"""All multi-event tests for one window.

    Parameters
    ----------
    car, se, n_est, pos_share
        Per-event arrays of the usable events only.
    sums
        Merged block sums of :func:`eventstudy.batch.engine.estimate`.
    window_index
        Which window of ``layout``.
    layout
        Estimation window and event windows.
    k
        Parameters of the normal-return model (2 market, 1 constant mean).
    dots
        :class:`SharedDots` of ``sums`` when several windows are tested (the
        :math:`\bar r` inner products computed once); None: computed here.

    Returns
    -------
    dict
        Machine test name (:data:`eventstudy.stats.results.TEST_LABELS`) ->
        :class:`TestResult` or :class:`NotComputable`.
    """
    n = int(car.shape[0])
    window = layout.windows[window_index]
    res: dict[str, AnyTest] = {}
    res["cross_sectional_t"] = multi.cross_sectional_t(car)
    res["patell"] = multi.patell_test(car, se, n_est, k=k)
    res["bmp"] = multi.bmp_test(car, se)
    res["kolari_pynnonen"] = multi.kp_bmp_test(car, se, rbar=mean_correlation(sums, window, dots),
                                               bmp=res["bmp"])
    res["corrado_rank"] = _rank(sums, window_index, window, layout)
    res["grank"] = _grank(sums, window_index, n)
    res["generalized_sign"] = _gsign(car, pos_share)
    res["wilcoxon"] = multi.wilcoxon_test(car)
    return res


def _rank(sums: dict[str, np.ndarray], i: int, window: tuple[int, int],
          layout: Layout) -> AnyTest:
    a, b = window
    name = "corrado_rank"
    cnt = sums["rank_cnt"][i]
    n = float(sums["rank_n"][i])
    if n < 1:
        return NotComputable(name, "needs N >= 1 events; got N = 0", n=0)
    has = cnt > 0
    ubar = np.where(has, sums["rank_sum"][i] / np.where(has, cnt, 1.0), 0.0)
    s2 = float(np.sum(cnt[has] / n * ubar[has] ** 2) / has.sum())
    l_est, amin = layout.l1, layout.span[0]
    ev = np.zeros(cnt.shape[0], dtype=bool)
    ev[l_est + a - amin : l_est + b - amin + 1] = True
    ev &= has
    if not s2 > 0:
        return NotComputable(name, "rank variance is zero (too few days)", n=int(n))
    z = float(ubar[ev].sum() / (math.sqrt(ev.sum()) * math.sqrt(s2)))
    return _zdist(
        name, z, "two-sided", int(n), null="median abnormal return = 0",
        note=f"{'Corrado (1989)' if a == b else 'Cowan (1992)'}; ranks over "
        f"{int(has.sum())} days, {int(ev.sum())} event day(s)",
    )


def _grank(sums: dict[str, np.ndarray], i: int, n: int) -> AnyTest:
    name = "grank"
    if "ga_sum" not in sums:
        return NotComputable(name, "not computed (tests=False or N < 2)", n=n)
    if not sums["g_scale"][i] > 0:
        return NotComputable(name, "standardised CARs have zero variance", n=n)
    gc = sums["g_cnt"][i]
    n0 = float(sums["g0"][i, 1])
    if n0 < 2:
        return NotComputable(name, f"needs N >= 2 events; got N = {int(n0)}", n=int(n0))
    has = gc > 0
    g_sum = sums["gb_sum"][i] + sums["ga_sum"][i]
    ub = np.where(has, g_sum / np.where(has, gc, 1.0), 0.0)
    u0 = float(sums["g0"][i, 0]) / n0
    t_days = int(has.sum()) + 1
    s2 = (float(np.sum(gc[has] / n0 * ub[has] ** 2)) + u0 * u0) / t_days
    if not s2 > 0 or t_days < 3:
        return NotComputable(name, "rank variance is zero (too few estimation days)", n=int(n0))
    zz = u0 / math.sqrt(s2)
    tg = zz * math.sqrt((t_days - 2) / (t_days - 1 - zz * zz))
    return _tdist(name, tg, t_days - 2, "two-sided", int(n0), null="median CAR = 0")


def _gsign(car: np.ndarray, pos_share: np.ndarray) -> AnyTest:
    name = "generalized_sign"
    ok = np.isfinite(car) & np.isfinite(pos_share)
    n = int(ok.sum())
    if n < 2:
        return NotComputable(name, f"needs N >= 2 events; got N = {n}", n=n)
    p_hat = float(pos_share[ok].mean())
    if not 0 < p_hat < 1:
        return NotComputable(name, f"share of positive estimation ARs is {p_hat}", n=n)
    w = int((car[ok] > 0).sum())
    z = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
    return _zdist(name, z, "two-sided", n, null=f"P(CAR > 0) = {p_hat:.4f}",
                  note=f"{w} of {n} positive; p_hat = {p_hat:.4f}")
