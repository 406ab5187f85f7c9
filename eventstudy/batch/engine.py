r"""Block kernel of the batch path: gather, fit, abnormal returns, tests.

One call processes a block of events with array arithmetic only (no
per-event Python loop). Each block's estimation and event windows are
gathered from the ticker-major panel with one fancy-indexing call on a
sliding-window view, fitted with :mod:`eventstudy.models.core`, and reduced to
per-event outputs plus per-relative-day sums. Blocks are independent, so the
results of any partition of the events into blocks merge exactly (per-event
arrays concatenate, per-day sums add): this is what lets the in-memory path
use threads and the Dask path use workers.

Two passes are needed for GRANK (Kolari & Pynnönen 2011), whose event point
is the SCAR re-standardised by the cross-sectional standard deviation of all
SCARs; pass 1 computes everything else, pass 2 only the GRANK rank sums.

Notes
-----
Per event (market model; constant mean drops :math:`x`), with estimation
residuals :math:`e_t` and abnormal returns :math:`AR_\tau = R_\tau - \hat\alpha
- \hat\beta R_{m\tau}`:

.. math::

    CAR = \sum_{\tau\in W} AR_\tau,\quad
    \operatorname{Var}(CAR) = \iota' V \iota,\quad
    t = CAR/\sqrt{\operatorname{Var}(CAR)} \sim t(L_1-k).

References: MacKinlay (1997), J. Econ. Literature 35, 13-39; Campbell, Lo &
MacKinlay (1997), ch. 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special

from eventstudy.batch.panel import AlignedEvents, Panel
from eventstudy.batch.ranks import combined_ranks, sq_pvalues_many
from eventstudy.models import core
from eventstudy.stats.single import SQ_MIN_SUMS

STATUS_OK = 0
STATUS_OUTSIDE = 1
STATUS_INSUFFICIENT = 2
STATUS_TEXT = {
    STATUS_OK: "ok",
    STATUS_OUTSIDE: "outside data",
    STATUS_INSUFFICIENT: "too few estimation days",
}


@dataclass(frozen=True)
class Layout:
    """Relative-day layout shared by every event.

    Attributes
    ----------
    estimation
        ``(T0, T1)`` estimation window, inclusive, relative to day 0.
    windows
        Event windows ``(a, b)``, inclusive.
    lo, hi
        First and last relative day gathered.
    span
        ``(amin, bmax)``: the union span of the event windows.
    """

    estimation: tuple[int, int]
    windows: tuple[tuple[int, int], ...]

    @property
    def span(self) -> tuple[int, int]:
        """Union span of the event windows."""
        return min(a for a, _ in self.windows), max(b for _, b in self.windows)

    @property
    def lo(self) -> int:
        """First relative day gathered."""
        return min(self.estimation[0], self.span[0])

    @property
    def hi(self) -> int:
        """Last relative day gathered."""
        return max(self.estimation[1], self.span[1])

    @property
    def width(self) -> int:
        """Number of days gathered per event."""
        return self.hi - self.lo + 1

    def cols(self, a: int, b: int) -> slice:
        """Columns of the gathered block for relative days ``a..b``."""
        return slice(a - self.lo, b - self.lo + 1)


def fit_market(y: np.ndarray, x: np.ndarray) -> core.CoreFit:
    r"""Market-model OLS per row: :func:`eventstudy.models.core.fit_market` with fewer temporaries.

    Same formulas and the same floating-point operations, in the same order
    (so bitwise the same numbers), with the centring done in place:

    .. math::

        \hat\beta = S_{xy}/S_{xx},\quad \hat\alpha = \bar y - \hat\beta\bar x,\quad
        \hat\sigma^2 = (S_{yy} - \hat\beta S_{xy})/(L_1 - 2),

    with centred sums over the days where both returns are present
    (MacKinlay 1997, J. Econ. Literature 35, 13-39).
    """
    m = np.isfinite(y)
    m &= np.isfinite(x)
    n = m.sum(axis=1).astype(np.float64)
    x0 = np.where(m, x, 0.0)
    y0 = np.where(m, y, 0.0)
    xbar = x0.sum(axis=1) / n
    ybar = y0.sum(axis=1) / n
    x0 -= xbar[:, None]
    y0 -= ybar[:, None]
    off = ~m
    np.copyto(x0, 0.0, where=off)
    np.copyto(y0, 0.0, where=off)
    sxx = np.einsum("ij,ij->i", x0, x0)
    sxy = np.einsum("ij,ij->i", x0, y0)
    syy = np.einsum("ij,ij->i", y0, y0)
    beta = sxy / sxx
    return core.CoreFit(ybar - beta * xbar, beta, (syy - beta * sxy) / (n - 2), n, xbar, sxx, k=2)


def _residuals(fit: core.CoreFit, y: np.ndarray, x: np.ndarray | None) -> np.ndarray:
    """``core.abnormal`` (same operations) with one temporary instead of two."""
    if x is None:
        return y - fit.alpha[:, None]
    out = np.multiply(x, fit.beta[:, None])
    out += fit.alpha[:, None]
    return np.subtract(y, out, out=out)


def coverage(panel: Panel, ev: AlignedEvents, layout: Layout) -> np.ndarray:
    """Count, per (ticker, session), the events whose window span covers it.

    Used to drop other events' windows from each estimation window (a
    "clean" estimation window, methods section 3).
    """
    n_t, n_s = panel.values.shape
    amin, bmax = layout.span
    lo = np.clip(ev.day0 + amin, 0, n_s)
    hi = np.clip(ev.day0 + bmax + 1, 0, n_s)
    w = n_s + 1
    diff = np.bincount(ev.col * w + lo, minlength=n_t * w).astype(np.int16)
    diff -= np.bincount(ev.col * w + hi, minlength=n_t * w).astype(np.int16)
    # every +1 has its -1 in the same ticker row, so one flat running sum is per-row
    cover = np.cumsum(diff, dtype=np.int16).reshape(n_t, w)
    return np.ascontiguousarray(cover[:, :n_s])


def process_block(
    values: np.ndarray,
    cover: np.ndarray | None,
    ev: AlignedEvents,
    layout: Layout,
    *,
    model: str,
    min_estimation_days: int,
    tests: bool = True,
    scar_scale: np.ndarray | None = None,
    keep: bool = False,
) -> dict[str, np.ndarray]:
    """Process one block of events.

    Parameters
    ----------
    values
        Ticker-major panel ``(n_tickers, n_sessions)``, C-contiguous.
    cover
        Output of :func:`coverage` (or None: no estimation-window exclusion).
    ev
        The block's events.
    layout
        Windows.
    model
        ``"market"`` or ``"constant_mean"``.
    min_estimation_days
        Events with fewer usable estimation days get status "too few
        estimation days" and NaN outputs.
    tests
        Compute SQ and the inputs of the multi-event tests.
    scar_scale
        Pass 2 (GRANK) only: the cross-sectional standard deviation of the
        SCARs, one per window (finite and positive).
    keep
        Return the block's SARs (key ``_sar``) so pass 2 runs without
        re-gathering (memory: 8 bytes per event-day).

    Returns
    -------
    dict
        Per-event arrays (first axis = events of the block) and per-day sums.
    """
    with np.errstate(divide="ignore", invalid="ignore"):  # unusable events -> NaN
        return _process_block(values, cover, ev, layout, model=model,
                              min_estimation_days=min_estimation_days, tests=tests,
                              scar_scale=scar_scale, keep=keep)


def _process_block(
    values: np.ndarray,
    cover: np.ndarray | None,
    ev: AlignedEvents,
    layout: Layout,
    *,
    model: str,
    min_estimation_days: int,
    tests: bool,
    scar_scale: np.ndarray | None,
    keep: bool,
) -> dict[str, np.ndarray]:
    n_t, n_s = values.shape
    w = layout.width
    flat = values.reshape(-1)
    win = sliding_window_view(flat, w)
    n = len(ev)
    first = ev.day0 + layout.lo
    inside = (first >= 0) & (ev.day0 + layout.hi < n_s)
    start = np.where(inside, ev.col * n_s + first, 0)
    y = win[start]  # fancy indexing copies
    y[~inside] = np.nan
    e0, e1 = layout.estimation
    est = layout.cols(e0, e1)
    if cover is not None:
        cw = sliding_window_view(cover.reshape(-1), w)[start][:, est]
        rel = np.arange(e0, e1 + 1)
        amin, bmax = layout.span
        own = ((rel >= amin) & (rel <= bmax)).astype(np.int16)
        ye = y[:, est]
        ye[(cw - own[None, :]) > 0] = np.nan
    if model == "market":
        bstart = np.where(inside, ev.bcol * n_s + first, 0)
        x = win[bstart]
        fit = fit_market(y[:, est], x[:, est])
    else:
        x = None
        fit = core.fit_constant_mean(y[:, est])
    status = np.where(inside, STATUS_OK, STATUS_OUTSIDE)
    bad = inside & ~(fit.n >= max(min_estimation_days, fit.k + 1))
    status[bad] = STATUS_INSUFFICIENT
    ok = status == STATUS_OK
    amin, bmax = layout.span
    span = layout.cols(amin, bmax)
    xs = None if x is None else x[:, span]
    ar = core.abnormal(fit, y[:, span], xs)
    ar[~ok] = np.nan
    if tests or scar_scale is not None:  # estimation residuals: only the tests need them
        res = _residuals(fit, y[:, est], None if x is None else x[:, est])
        res[~ok] = np.nan
    sigma = np.where(ok, fit.sigma, np.nan)
    out: dict[str, np.ndarray] = {}
    if scar_scale is not None:  # pass 2, recomputing (Dask / large N)
        scar = np.column_stack(
            [_car_se(fit, ar, xs, layout, i, ok)[2] for i in range(len(layout.windows))]
        )
        return grank_sums(res / sigma[:, None], scar / scar_scale[None, :])
    out["status"] = status
    out["n_est"] = np.where(inside, fit.n, 0.0)
    out["alpha"] = np.where(ok, fit.alpha, np.nan)
    out["beta"] = np.where(ok, fit.beta, np.nan) if fit.k == 2 else np.full(n, np.nan)
    out["sigma"] = sigma
    out["ar"] = ar
    out["ar_se"] = np.sqrt(core.ar_variance(fit, xs, ar.shape))
    out["ar_se"][~ok] = np.nan
    dof = fit.dof
    for i in range(len(layout.windows)):
        car, se, t, nd = _car_se(fit, ar, xs, layout, i, ok)
        out[f"car{i}"] = car
        out[f"se{i}"] = se
        out[f"t{i}"] = t
        out[f"nd{i}"] = nd
        cdf = special.stdtr(dof, t)  # = scipy.stats.t.cdf / .sf without the frozen-dist overhead
        sf = special.stdtr(dof, -t)
        out[f"pt{i}"] = np.minimum(1.0, 2.0 * np.minimum(cdf, sf))
        out[f"pt_gt{i}"] = sf
        out[f"pt_lt{i}"] = cdf
    if tests:
        nw = len(layout.windows)
        sq = sq_pvalues_many([out[f"car{i}"] for i in range(nw)], res,
                             [b - a + 1 for a, b in layout.windows], SQ_MIN_SUMS)
        for i, (p2, pg, pl) in enumerate(sq):
            out[f"sq{i}"], out[f"sq_gt{i}"], out[f"sq_lt{i}"] = p2, pg, pl
        tstat = np.column_stack([out[f"t{i}"] for i in range(nw)])
        out.update(_multi_inputs(res, ar, ok, ev.day0 + e0, n_s, sigma, _win_cols(layout),
                                 tstat, keep))
    return out


def _win_cols(layout: Layout) -> list[tuple[int, int]]:
    """Column ranges of each window inside the event-span block."""
    amin = layout.span[0]
    return [(a - amin, b - amin + 1) for a, b in layout.windows]


def _car_se(
    fit: core.CoreFit, ar: np.ndarray, xs: np.ndarray | None, layout: Layout, i: int,
    ok: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CAR, SE (exact iota'V iota), SCAR and day count for window ``i``."""
    a, b = layout.windows[i]
    amin = layout.span[0]
    sl = slice(a - amin, b - amin + 1)
    mask = np.isfinite(ar[:, sl])
    car = np.where(mask, ar[:, sl], 0.0).sum(axis=1)
    var = core.car_variance(fit, None if xs is None else xs[:, sl], mask)
    nd = mask.sum(axis=1)
    use = ok & (nd > 0)
    car = np.where(use, car, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(np.where(use, var, np.nan))
        return car, se, car / se, nd


def _multi_inputs(
    res: np.ndarray, ar: np.ndarray, ok: np.ndarray, first_est: np.ndarray, n_sessions: int,
    sigma: np.ndarray, windows: list[tuple[int, int]], tstat: np.ndarray, keep: bool,
) -> dict[str, np.ndarray]:
    r"""Per-event and per-day quantities the multi-event tests reduce over.

    * Kolari-Pynnönen, by calendar date (panel session) as in
      :func:`eventstudy.stats.multi.mean_pairwise_correlation`: residuals are
      standardised per event over its observed days (population SD);
      :math:`\sum_i z_{id}` per date (``numpy.bincount``), the number of
      events per date (each event's span of dates less its missing days) and
      :math:`\sum_{i,d} z_{id}^2` as one total.
    * Corrado/Cowan: per-day sums of :math:`U_{it} = K_{it}/(M_i+1) - 1/2` over
      the events with a usable day in each window,
      :math:`\sum_i K_{it}/(M_i+1) - N_t/2`.
    * GRANK, the part known before the SCAR scale: per-day sums of
      :math:`B_{it}/(T_i+1) - 1/2` (:math:`B` the rank of a SAR among the
      event's SARs, :math:`T_i = n_i + 1`) over the events with a finite
      :math:`t`; :func:`grank_sums` adds the event point's effect (pass 2).

    Day counts are the number of events less their missing days, so no
    event-by-day indicator matrix is summed. With ``keep`` the SARs are
    returned (key ``_sar``) for :func:`grank_sums`.
    """
    out: dict[str, np.ndarray] = {}
    l1 = res.shape[1]
    fin = np.isfinite(res)
    n_ok = np.add.reduce(fin, axis=1, dtype=np.int32)
    out["pos_share"] = np.where(ok, np.add.reduce(res > 0, axis=1, dtype=np.int32) / n_ok, np.nan)
    r0 = np.where(fin, res, 0.0)
    mu = r0.sum(axis=1) / n_ok
    d = np.subtract(r0, mu[:, None], out=r0)
    np.copyto(d, 0.0, where=~fin)
    sd = np.sqrt(np.einsum("ij,ij->i", d, d) / n_ok)
    rows = ok & (sd > 0)
    z = np.divide(d, sd[:, None], out=d)
    z[~rows] = 0.0
    # z = 0 off the used days, so any in-range date will do for unused rows
    first = np.where(rows, first_est, 0)
    out["kp_s"] = np.bincount((first[:, None] + np.arange(l1)[None, :]).ravel(),
                              weights=z.ravel(), minlength=n_sessions)
    out["kp_q"] = np.array([np.einsum("ij,ij->i", z, z).sum()])
    gr, gc = np.nonzero(~fin & ok[:, None])  # missing estimation days of usable events
    span = np.bincount(first[rows], minlength=n_sessions + l1 + 1).astype(np.float64)
    span -= np.bincount(first[rows] + l1, minlength=n_sessions + l1 + 1)
    g_kp = rows[gr]
    out["kp_m"] = np.cumsum(span)[:n_sessions] - np.bincount(
        first[gr[g_kp]] + gc[g_kp], minlength=n_sessions)
    # Corrado / Cowan ranks over the estimation window plus the event span
    comb = np.concatenate([res, ar], axis=1)
    m = comb.shape[1]
    ranks, tt, base = combined_ranks(comb, l1)
    has = np.column_stack(
        [ok & np.isfinite(ar[:, c0:c1]).any(axis=1) for c0, c1 in windows]
    ).astype(np.float64)
    ar_r, ar_c = np.nonzero(~np.isfinite(ar) & ok[:, None])
    miss_r, miss_c = np.concatenate([gr, ar_r]), np.concatenate([gc, ar_c + l1])
    # einsum, not BLAS: OpenBLAS threads inside our worker threads oversubscribe the cores
    sums = np.einsum("ik,it->kt", has / (tt + 1.0)[:, None], ranks)
    use = np.isfinite(tstat).astype(np.float64)
    t1 = n_ok + 2.0  # T_i + 1
    gsum = np.einsum("ik,it->kt", use / t1[:, None], base)
    for i in range(len(windows)):
        cnt = has[:, i].sum() - np.bincount(miss_c, weights=has[miss_r, i], minlength=m)
        out[f"rank_sum{i}"] = sums[i] - 0.5 * cnt
        out[f"rank_cnt{i}"] = cnt
        out[f"rank_n{i}"] = np.array([has[:, i].sum()])
        gcnt = use[:, i].sum() - np.bincount(gc, weights=use[gr, i], minlength=l1)
        out[f"gb_sum{i}"] = gsum[i] - 0.5 * gcnt
        out[f"g_cnt{i}"] = gcnt
    if keep:
        out["_sar"] = res / sigma[:, None]
    fa = np.isfinite(ar)
    out["aar_sum"] = np.where(fa, ar, 0.0).sum(axis=0)
    out["aar_cnt"] = fa.sum(axis=0).astype(np.float64)
    return out


def grank_sums(sar: np.ndarray, g: np.ndarray) -> dict[str, np.ndarray]:
    r"""GRANK sums that need the SCAR scale (pass 2), for every window.

    Parameters
    ----------
    sar
        ``(n, L1)`` standardised estimation residuals :math:`e_{it}/\hat\sigma_i`.
    g
        ``(n, n_windows)`` re-standardised SCARs :math:`SCAR_i/s(SCAR)` (NaN: unusable).

    Notes
    -----
    Adding the event point :math:`g_i` to row :math:`i` lifts the rank of every
    SAR above it by one (a tie by one half): :math:`K_{it} = B_{it} + a_{it}`,
    :math:`a_{it} = [g_i < SAR_{it}] + \tfrac12[g_i = SAR_{it}]`, and
    :math:`K_{i0} = 1 + n_i - \sum_t a_{it}` with :math:`T_i = n_i + 1` values,
    :math:`U = K/(T_i+1) - 1/2`. This returns the per-day sums of
    :math:`a_{it}/(T_i+1)` (``ga_sum``; pass 1 gives those of
    :math:`B_{it}/(T_i+1) - 1/2`) and the sum and count of :math:`U_{i0}`.
    """
    out: dict[str, np.ndarray] = {}
    n_i = np.add.reduce(np.isfinite(sar), axis=1, dtype=np.int32).astype(np.float64)
    t1 = n_i + 2.0  # T_i + 1
    use = np.isfinite(g)
    for i in range(g.shape[1]):
        gi = g[:, i : i + 1]
        wt = np.where(use[:, i], 1.0 / t1, 0.0)
        gt = sar > gi
        above = np.add.reduce(gt, axis=1, dtype=np.int32).astype(np.float64)
        a_sum = np.einsum("i,it->t", wt, gt)  # einsum: no BLAS threads
        eq = sar == gi
        if eq.any():
            above += 0.5 * eq.sum(axis=1)
            a_sum += 0.5 * np.einsum("i,it->t", wt, eq)
        u0 = (1.0 + n_i - above) / t1 - 0.5
        out[f"ga_sum{i}"] = a_sum
        out[f"g0_sum{i}"] = np.array([float(u0[use[:, i]].sum())])
        out[f"g0_cnt{i}"] = np.array([float(use[:, i].sum())])
    return out


PER_DAY_KEYS = ("kp_s", "kp_q", "kp_m", "rank_sum", "rank_cnt", "rank_n", "aar_sum", "aar_cnt")


def merge(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Merge block outputs: per-day sums add, per-event arrays concatenate."""
    if not parts:
        return {}
    out: dict[str, np.ndarray] = {}
    for key in parts[0]:
        if key.startswith("_"):
            continue
        if key.startswith(PER_DAY_KEYS) or key.startswith("g"):
            out[key] = np.sum([p[key] for p in parts], axis=0)
        else:
            out[key] = np.concatenate([p[key] for p in parts], axis=0)
    return out
