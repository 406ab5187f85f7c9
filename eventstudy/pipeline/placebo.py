r"""Pipeline: the verdict rule's inputs for a claim, and its placebo check.

Two jobs, both on the same abnormal-return series:

* :func:`rule_inputs` -- the four one-sided p-value pairs the rule of
  :mod:`eventstudy.claims.rule` needs for the claim itself (t and SQ from the
  estimate, the regime test from the window's residual volatility ratio, the
  local placebo test from the ordinary sessions around day 0);
* :func:`placebo_check` -- the same rule applied to every ordinary session
  within 60 sessions of day 0 as a pseudo-event (same asset or portfolio,
  same model, estimation window and claim window, study events' windows
  skipped), computed by the batch engine (:func:`placebo_checks`: every
  claim's pseudo-events of a model and window in one engine call).
  The result is the claim record's ``placebo: {n, k, rate, text}``.

Reference: Brown, S. J. & Warner, J. B. (1985). Using daily stock returns:
the case of event studies. *Journal of Financial Economics* 14, 3-31
(pseudo-events on ordinary days as the yardstick of a test's size).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from eventstudy._typing import FloatArray
from eventstudy.claims.rule import (
    LOCAL_MIN_SUMS,
    RuleInputs,
    decide,
    local_half_width,
    regime_pvalues,
)
from eventstudy.stats.regime import LOCAL_HALF_WIDTH, local_pvalues, volatility_ratios

#: models the vectorised placebo supports (those of :func:`eventstudy.batch.batch`).
PLACEBO_MODELS = ("market", "constant_mean")


#: calendar days added on each side of a ticker's span for the placebo check and the
#: local test (about LOCAL_HALF_WIDTH sessions), taken only from the cache.
PAD_DAYS = 92


def pad_spans_from_cache(spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]],
                         cache_dir: Any) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Widen each ticker's span by :data:`PAD_DAYS` each side, as far as the cache reaches.

    The placebo check needs ordinary sessions (with their estimation
    windows) around each event; they are read from the price cache when it
    has them and never downloaded, so ``run`` neither needs the network nor
    writes to the cache for them. A ticker the cache lacks keeps its span.
    """
    from eventstudy.data.cache import PriceCache, resolve_cache_dir

    cache = PriceCache(resolve_cache_dir(cache_dir))
    pad = pd.Timedelta(days=PAD_DAYS)
    out = {}
    for t, (lo, hi) in spans.items():
        meta = cache.meta(t) or {}
        first, last = meta.get("first_date"), meta.get("last_date")
        if first and last and pd.Timestamp(first) <= lo and hi <= pd.Timestamp(last):
            lo = max(pd.Timestamp(first), lo - pad)
            hi = min(pd.Timestamp(last), hi + pad)
        out[t] = (lo, hi)
    return out


def local_test(cars: Any, abnormal: np.ndarray, day0: Any, window: tuple[int, int],
               blocked: np.ndarray | None, half_width: int | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Local test p-values (greater, less) with the rule's neighbourhood.

    :func:`eventstudy.stats.regime.local_pvalues` over
    :func:`eventstudy.claims.rule.local_half_width` sessions each side of day
    0; an event whose ordinary sums number fewer than
    :data:`~eventstudy.claims.rule.LOCAL_MIN_SUMS` (other events' windows
    nearby) is re-tested on a neighbourhood 5 sessions wider, up to
    :data:`~eventstudy.stats.regime.LOCAL_HALF_WIDTH`. A fixed
    ``half_width`` (the validation's comparison) is used as given.
    """
    c = np.atleast_1d(np.asarray(cars, dtype=float))
    d0 = np.atleast_1d(np.asarray(day0, dtype=np.int64))
    h = local_half_width(window) if half_width is None else int(half_width)
    g, lo, _, m = local_pvalues(c, abnormal, d0, window, blocked, half_width=h)
    if half_width is not None:
        return g, lo
    g, lo = np.array(g, dtype=float), np.array(lo, dtype=float)
    short = np.asarray(m) < LOCAL_MIN_SUMS
    ab = np.asarray(abnormal, dtype=float)
    bl = None if blocked is None else np.asarray(blocked, dtype=bool)
    while short.any() and h < LOCAL_HALF_WIDTH:
        h = min(LOCAL_HALF_WIDTH, h + 5)
        idx = np.flatnonzero(short)
        sub_ab = ab if ab.ndim == 1 else ab[idx]
        sub_bl = bl if bl is None or bl.ndim == 1 else bl[idx]
        g2, lo2, _, m2 = local_pvalues(c[idx], sub_ab, d0[idx], window, sub_bl, half_width=h)
        g[idx], lo[idx] = g2, lo2
        short[idx] = np.asarray(m2) < LOCAL_MIN_SUMS
    return g, lo


def _p(test: Any, side: str) -> float:
    return float(test.pvalue_for(side)) if test.computable else float("nan")


def rule_inputs(car: Any, abnormal: pd.Series | None, blocked: pd.Index | np.ndarray,
                day0: pd.Timestamp | int, window: tuple[int, int]) -> RuleInputs:
    """Rule inputs of one CAR result (``CarResult``-like) on its abnormal-return series.

    Parameters
    ----------
    car
        Has ``car``, ``se``, ``t``, ``sq`` and ``vol_ratio`` (the window's
        residual volatility ratio).
    abnormal
        Abnormal returns on the target's sessions (``EventEstimate.abnormal_all``
        or an event-time average indexed by relative day); None = no local test.
    blocked
        Sessions (dates, or relative days for an event-time series) inside a
        study or context event's window: never ordinary; or, already
        matched, booleans on ``abnormal``'s index.
    day0
        Day 0 (a date, or 0 for an event-time series).
    window
        The claim's window relative to day 0.
    """
    rg, rl = regime_pvalues(car.car, car.se, car.vol_ratio)
    lg = ll = np.array([np.nan])
    pos0 = _where(abnormal.index, day0) if abnormal is not None else None
    if abnormal is not None and pos0 is not None:
        bl = blocked if isinstance(blocked, np.ndarray) else abnormal.index.isin(blocked)
        lg, ll = local_test([car.car], abnormal.to_numpy(dtype=float), [pos0], window, bl)
    f = np.array
    return RuleInputs(f([car.car], float), f([_p(car.t, "greater")]), f([_p(car.t, "less")]),
                      f([_p(car.sq, "greater")]), f([_p(car.sq, "less")]),
                      np.atleast_1d(rg), np.atleast_1d(rl), lg, ll)


def _where(index: pd.Index, label: Any) -> int | None:
    """Position of ``label`` in a unique ``index`` (None when absent)."""
    try:
        pos = index.get_loc(label)
    except (KeyError, TypeError):
        return None
    return int(pos) if isinstance(pos, int | np.integer) else None


def pseudo_days(n_sessions: int, pos0: int, window: tuple[int, int], blocked: np.ndarray,
                *, half_width: int = LOCAL_HALF_WIDTH) -> np.ndarray:
    """Positions of the ordinary sessions within ``half_width`` of day 0.

    A position ``p`` qualifies when its window ``[p + a, p + b]`` lies inside
    the data and touches no blocked session (any study or context event's
    window, including this event's).
    """
    a, b = window
    cand = pos0 + np.arange(-half_width, half_width + 1)
    cand = cand[(cand + a >= 0) & (cand + b < n_sessions)]
    cs = np.concatenate([[0], np.cumsum(blocked.astype(np.int64))])
    hits = cs[cand + b + 1] - cs[cand + a]
    return cand[hits == 0]


@dataclass(frozen=True, eq=False)
class PseudoEvents:
    """One claim's placebo check, as :func:`placebo_check` takes it (see there)."""

    returns: pd.Series
    benchmark: FloatArray | None
    model: str
    estimation: tuple[int, int]
    day0: Any
    window: tuple[int, int]
    blocked: np.ndarray
    direction: str
    alpha: float = 0.05
    min_estimation_days: int = 120


def placebo_check(returns: pd.Series, benchmark: FloatArray | None, model: str,
                  estimation: tuple[int, int], day0: Any, window: tuple[int, int],
                  blocked: np.ndarray, direction: str, *, alpha: float = 0.05,
                  min_estimation_days: int = 120) -> dict[str, Any]:
    r"""Run the claim's own rule on the ordinary sessions around its event.

    Parameters
    ----------
    returns
        The target's returns on its sessions (asset, or the portfolio's).
    benchmark
        Benchmark returns on the same index (market model), else None.
    model
        ``market`` or ``constant_mean`` (others: no placebo, said in ``text``).
    estimation, window
        The study's estimation window and the claim's (extended) window.
    day0
        Day 0: a label of ``returns.index``.
    blocked
        Booleans on ``returns.index``: sessions inside any event's window.
    direction, alpha
        The claim's direction and level.
    min_estimation_days
        As in the study.

    Returns
    -------
    dict
        ``n`` (pseudo-events judged), ``k`` (called "supported"), ``rate``
        (k / n, None when n = 0) and ``text`` (one sentence for the reader).

    Notes
    -----
    Every pseudo-event gets exactly the rule of the claim
    (:func:`eventstudy.claims.rule.decide`): its own fit on its own
    estimation window (the batch engine,
    :func:`eventstudy.batch.engine.estimate`; the ``blocked`` sessions --
    every event's windows -- are left out of these estimation windows, as
    from the claim's own), t and SQ from the engine, the regime test from the
    residual volatility of the 20 sessions before its window and the local
    test from the ordinary sessions around it. The reader thus sees the
    rule's false-alarm rate for this asset in this period (Brown & Warner
    1985). :func:`placebo_checks` runs many claims' checks in one engine call
    per (model, window) group; this is the one-claim form.
    """
    return placebo_checks([PseudoEvents(returns, benchmark, model, estimation, day0, window,
                                        blocked, direction, alpha, min_estimation_days)])[0]


def placebo_checks(items: Sequence[PseudoEvents]) -> list[dict[str, Any]]:
    """:func:`placebo_check` for many claims, one engine call per (model, windows) group.

    Each claim's series is a row of the panel (its ``blocked`` sessions
    missing for the fits only, rows padded with missing values to the
    longest series), its benchmark another; every pseudo-event of every
    claim of a group is one event of the call. The numbers are those of one
    call per claim: every event's fit, CAR and tests are its own.
    """
    from eventstudy.batch.engine import Layout
    from eventstudy.batch.engine import estimate as engine_estimate
    from eventstudy.batch.kernel import STATUS_OK

    out: list[dict[str, Any] | None] = [None] * len(items)
    groups: dict[tuple[Any, ...], list[tuple[int, np.ndarray]]] = {}
    for i, it in enumerate(items):
        if it.model not in PLACEBO_MODELS:
            what = ("the group's members use different models" if it.model == "mixed"
                    else f"the {it.model} model")
            out[i] = _result(0, 0, f"no placebo check for {what} (available for "
                                   f"{' and '.join(PLACEBO_MODELS)})")
            continue
        index = it.returns.index
        pos0 = int(index.get_indexer(pd.Index([it.day0]))[0])
        days = pseudo_days(len(index), pos0, it.window, it.blocked)
        if days.size == 0:
            out[i] = _result(0, 0, "no ordinary sessions around this event to run a "
                                   "placebo check on")
            continue
        key = (it.model, tuple(it.estimation), tuple(it.window), int(it.min_estimation_days))
        groups.setdefault(key, []).append((i, days))
    for (model, estimation, window, min_days), members in groups.items():
        width = max(len(items[i].returns) for i, _ in members)
        rows: list[np.ndarray] = []
        y_rows, x_rows, day0 = [], [], []
        for i, days in members:
            it = items[i]
            r = it.returns.to_numpy(dtype=float)
            # each pseudo-event's estimation window leaves out the study's event windows,
            # as the claim's own fit does: those sessions are missing for the fit only
            y = np.full(width, np.nan)
            y[:len(r)] = np.where(np.asarray(it.blocked, dtype=bool), np.nan, r)
            y_rows.append(np.full(len(days), len(rows)))
            rows.append(y)
            if model == "market":
                x = np.full(width, np.nan)
                x[:len(r)] = np.asarray(it.benchmark, dtype=float)
                x_rows.append(np.full(len(days), len(rows)))
                rows.append(x)
            day0.append(days)
        fit = engine_estimate(np.vstack(rows), np.concatenate(y_rows), np.concatenate(day0),
                              Layout(estimation, (window,)),
                              x_rows=np.concatenate(x_rows) if x_rows else None,
                              min_estimation_days=min_days, workers=1,
                              tests="single")  # the rule reads per-event t and SQ only
        start = 0
        for i, days in members:
            it = items[i]
            sl = slice(start, start + len(days))
            start += len(days)
            res = _Fits(fit, sl, estimation, model)
            ok = (fit.status[sl] == STATUS_OK) & np.isfinite(res.car[:, 0])
            if not ok.any():
                out[i] = _result(0, 0, "no placebo check: no ordinary session had a usable "
                                       "estimation window")
                continue
            r = it.returns.to_numpy(dtype=float)
            inputs = batch_rule_inputs(res, r, None if model != "market"
                                       else np.asarray(it.benchmark, dtype=float), days,
                                       window, it.blocked)
            verdicts, _ = decide(inputs, it.direction, alpha=it.alpha)
            n, k = int(ok.sum()), int((verdicts[ok] == "supported").sum())
            out[i] = _result(n, k, "", it.alpha)
    return [o if o is not None else _result(0, 0, "no placebo check") for o in out]


class _Fits:
    """The part of a :class:`~eventstudy.batch.BatchResult` :func:`batch_rule_inputs` reads."""

    def __init__(self, fit: Any, sl: slice, estimation: tuple[int, int], model: str) -> None:
        params = fit.params[sl]
        n = params.shape[0]
        self.events = pd.DataFrame({
            "alpha": params[:, 0],
            "beta": params[:, 1] if model == "market" else np.full(n, np.nan),
            "sigma": fit.sigma[sl], "n_estimation": fit.n_est[sl].astype(np.int64)})
        self.car, self.car_se = fit.car[sl], fit.se[sl]
        self.extra = {"p_value_greater": fit.pt_gt[sl], "p_value_less": fit.pt_lt[sl],
                      "p_value_sq_greater": fit.sq_gt[sl], "p_value_sq_less": fit.sq_lt[sl]}
        self.estimation = estimation


def batch_rule_inputs(res: Any, y: np.ndarray, x: np.ndarray | None, day0: np.ndarray,
                      window: tuple[int, int], blocked: np.ndarray | None,
                      col: int = 0, shift: float = 0.0,
                      half_width: int | None = None) -> RuleInputs:
    r"""Rule inputs for every event of a :class:`~eventstudy.batch.BatchResult`.

    Parameters
    ----------
    res
        Batch result (its events in the order of ``day0``).
    y, x
        Each event's return series ``(N, T)`` (or one shared ``(T,)``) and the
        benchmark's ``(T,)`` on the same sessions (None: constant mean).
    day0
        ``(N,)`` positions of each event's day 0 in ``y``.
    window
        The window of column ``col`` of ``res``.
    blocked
        Booleans ``(T,)`` or ``(N, T)``: sessions that are never ordinary.
    col
        Which of ``res.windows`` to use.
    shift
        Abnormal return added on day 0 (power studies; ``window`` must
        contain day 0). 0 returns the batch engine's own t and SQ p-values;
        otherwise t and SQ are recomputed for the shifted CAR with the same
        formulas (:func:`eventstudy.stats.single.sq_pvalues` on the estimation
        residuals).
    half_width
        Neighbourhood of the local test; None = the rule's own
        (:func:`eventstudy.claims.rule.local_half_width`). Only the
        validation's comparison of neighbourhoods sets it.

    Notes
    -----
    The abnormal returns of event :math:`i` on every session are
    :math:`R_t - \hat\alpha_i - \hat\beta_i R_{mt}` (its own fit); from them
    come the residual volatility ratio of the 20 sessions before the window
    (:func:`eventstudy.stats.regime.volatility_ratios`) and the local test
    (:func:`eventstudy.stats.regime.local_pvalues`), exactly as the study
    path computes them for the claim itself.
    """
    from scipy import stats as st

    from eventstudy.stats.single import sq_pvalues

    ev = res.events
    alpha_ = ev["alpha"].to_numpy(dtype=float)
    yy = np.asarray(y, dtype=float)
    ar = (yy if yy.ndim == 2 else yy[None, :]) - alpha_[:, None]
    if x is not None:
        beta = np.nan_to_num(ev["beta"].to_numpy(dtype=float))
        ar = ar - beta[:, None] * np.asarray(x, dtype=float)[None, :]
    car, se = res.car[:, col] + shift, res.car_se[:, col]
    vr = volatility_ratios(ar, day0 + window[0], ev["sigma"].to_numpy(dtype=float))
    rg, rl = regime_pvalues(car, se, vr)
    lg, ll = local_test(car, ar, day0, window, blocked, half_width)
    ex = res.extra
    if shift == 0.0:
        tg, tl, sg, sl = (ex[k][:, col] for k in ("p_value_greater", "p_value_less",
                                                      "p_value_sq_greater", "p_value_sq_less"))
    else:
        k = 1 if x is None else 2
        dof = ev["n_estimation"].to_numpy(dtype=float) - k
        with np.errstate(invalid="ignore", divide="ignore"):
            t = car / se
        tg, tl = st.t.sf(t, dof), st.t.cdf(t, dof)
        e0, e1 = res.estimation
        pos = day0[:, None] + np.arange(e0, e1 + 1)[None, :]
        rows = np.broadcast_to(np.arange(len(day0))[:, None], pos.shape)
        ok = (pos >= 0) & (pos < ar.shape[1])
        resid = np.full(pos.shape, np.nan)
        resid[ok] = ar[rows[ok], pos[ok]]
        sg, sl, _, _ = sq_pvalues(car, resid, window[1] - window[0] + 1)
    return RuleInputs(car, tg, tl, sg, sl, rg, rl, lg, ll)


def _result(n: int, k: int, why: str, alpha: float = 0.05) -> dict[str, Any]:
    """Build the claim record's ``placebo`` entry, with its sentence."""
    if n == 0:
        return {"n": 0, "k": 0, "rate": None, "text": why[:1].upper() + why[1:] + "."}
    rate = k / n
    if k == 0:
        text = (f"On {n} ordinary days around this event, the same rule never called a move "
                "'supported' (0%).")
    else:
        times = "once" if k == 1 else "twice" if k == 2 else f"{k} times"
        text = (f"On {n} ordinary days around this event, the same rule called a move "
                f"'supported' {times} ({rate:.0%}).")
    if rate > 2 * alpha:
        text += (f" That is more than twice the {alpha:.0%} false-alarm rate the rule aims "
                 "for: in this period its verdict is unreliable for this claim.")
    return {"n": n, "k": k, "rate": rate if math.isfinite(rate) else None, "text": text}
