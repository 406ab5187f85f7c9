"""Verdicts of the claims about trading (``measure: volume | volatility``), after the CARs.

For each such claim, the statistics of its own event, asset(s) and window
are computed with :mod:`eventstudy.stats.volume` (the same functions as the
``volume`` and ``volatility`` analyses of :mod:`eventstudy.pipeline.peers`)
and judged by :func:`eventstudy.claims.activity.activity_verdict`, with the
local reference of :func:`local_reference` (the return rule's local test).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from eventstudy.claims.activity import activity_verdict, volatility_sentence, volume_sentence
from eventstudy.exceptions import EventStudyError
from eventstudy.pipeline.estimate import Estimates, extend, finite
from eventstudy.pipeline.peers import (
    _in_event_time,
    _pair,
    _test,
    _volume_series,
    _vr_test,
)
from eventstudy.pipeline.placebo import local_test
from eventstudy.spec.schema import VolumeSpec
from eventstudy.stats import volume
from eventstudy.stats.abnormal import EventEstimate
from eventstudy.stats.regime import LOCAL_HALF_WIDTH

__all__ = ["judge_activity_claims", "local_reference"]


def local_reference(values: Any, pos0: int, window: tuple[int, int],
                    blocked: Any = None, *, two_sided: bool = False) -> tuple[float, float]:
    r"""Compare the window's sum of ``values`` with the same-length sums of ordinary sessions.

    Parameters
    ----------
    values
        A daily series on consecutive sessions: abnormal log volume (volume
        claims) or squared standardised abnormal returns
        :math:`(AR_t/\hat\sigma)^2` (volatility claims). NaN = missing.
    pos0
        Position of day 0 in ``values``.
    window
        The claim's window relative to day 0.
    blocked
        Booleans, True on sessions inside the events' windows.
    two_sided
        For a claim with direction ``any``: the full 60 sessions each side
        (:data:`eventstudy.stats.regime.LOCAL_HALF_WIDTH`), since the rule's
        20-session neighbourhood of a short window leaves about 38 sums and a
        two-sided p-value of at least 2/39 > 0.05, which could never reject.

    Returns
    -------
    p_greater, p_less
        :func:`eventstudy.pipeline.placebo.local_test` -- the return rule's
        local test, with its neighbourhood
        (:func:`eventstudy.claims.rule.local_half_width`, widened when too few
        ordinary sums remain) -- of :math:`\sum_{t \in W} x_t` (NaN when the
        window has a missing day).
    """
    x = np.asarray(values, dtype="float64")
    a, b = pos0 + window[0], pos0 + window[1]
    if a < 0 or b >= x.size or not np.isfinite(x[a: b + 1]).all():
        return float("nan"), float("nan")
    g, lo = local_test([float(x[a: b + 1].sum())], x, [pos0], window,
                       None if blocked is None else np.asarray(blocked, dtype=bool),
                       LOCAL_HALF_WIDTH if two_sided else None)
    return float(g[0]), float(lo[0])


def _span(rows: list[dict[str, Any]]) -> str:
    """``Over Thursday 3 Jan 2019`` (or a range) from the rows' window dates."""
    starts = [pd.Timestamp(r["window_start"]) for r in rows if r.get("window_start")]
    ends = [pd.Timestamp(r["window_end"]) for r in rows if r.get("window_end")]
    if not starts or not ends:
        return "Over the window"
    a, b = min(starts), max(ends)

    def day(t: pd.Timestamp) -> str:
        return f"{t:%A} {t.day} {t:%b %Y}"

    return f"Over {day(a)}" if a == b else f"Over {day(a)} to {day(b)}"


def _window_dates(est: Estimates, event_id: str, ticker: str, window: tuple[int, int]
                  ) -> tuple[str | None, str | None]:
    index = est.returns[ticker].index
    pos0 = int(index.searchsorted(est.alignments[(event_id, ticker)].day0))
    a, b = pos0 + window[0], pos0 + window[1]
    if a < 0 or b >= len(index):
        return None, None
    return f"{index[a]:%Y-%m-%d}", f"{index[b]:%Y-%m-%d}"


def _volume_claim(est: Estimates, claim: Any, tickers: tuple[str, ...],
                  own: dict[str, tuple[int, int]]) -> tuple[Any, ...]:
    """Abnormal log volume of each claim asset and the claim's test.

    One asset: the AR(1)-inflated t of its CAV (:func:`stats.volume.abnormal_volume`);
    a group: :func:`stats.volume.group_volume_t` (Brown-Warner crude-dependence
    t of the members' mean abnormal log volume, AR(1)-inflated).
    """
    study = est.study
    spec = study.analyses.volume or VolumeSpec()
    proxy = spec.benchmark or study.model.benchmark
    market = _volume_series(est, proxy) if proxy else None
    rows: list[dict[str, Any]] = []
    fits: dict[str, EventEstimate] = {}
    for t in tickers:
        start, end = _window_dates(est, claim.event, t, own[t])
        row: dict[str, Any] = {"asset": t, "window": list(own[t]), "window_start": start,
                               "window_end": end}
        vol = _volume_series(est, t)
        if market is None or vol is None or t == proxy:
            row["error"] = (f"{t!r} is the market volume proxy itself" if t == proxy else
                            f"no cached volume for {proxy if market is None else t!r}")
            rows.append(row)
            continue
        try:
            res = volume.abnormal_volume(
                vol, market, est.alignments[(claim.event, t)].day0,
                sessions=pd.DatetimeIndex(est.returns[t].index),
                estimation_window=_pair(study.model.estimation_window), event_windows=[own[t]],
                min_estimation_days=study.model.min_estimation_days,
                exclude=est.excluded[(claim.event, t)], event_id=claim.event, asset=t)
        except EventStudyError as exc:
            rows.append(row | {"error": exc.message})
            continue
        car = res.cars[own[t]]
        fits[t] = res
        rows.append(row | {"cav": finite(car.car), "se": finite(car.se),
                           "volume_ratio": finite(np.exp(car.car)), "test": _test(car.t)})
    if len(fits) == 1 and len(tickers) == 1:
        only = next(iter(fits.values()))
        car = only.cars[own[tickers[0]]]
        return (car.t, rows, finite(car.car), "abnormal log volume t (Campbell & Wasley 1996)",
                _local(est, claim.event, {tickers[0]: only.abnormal_all}, own[tickers[0]],
                       two_sided=claim.direction == "any"))
    if len(fits) < 2:
        return None, rows, None, "abnormal log volume", None
    width = max(own[t][1] - own[t][0] + 1 for t in fits)
    pairs = [_in_event_time(r, est.returns[t].index, own[t]) for t, r in fits.items()]
    resid = np.full((len(pairs), max(len(p[0]) for p in pairs)), np.nan)
    avs = np.full((len(pairs), width), np.nan)
    for i, (r, a) in enumerate(pairs):
        resid[i, : len(r)], avs[i, : len(a)] = r, a
    cav = float(np.nansum(np.nanmean(avs, axis=0)))
    first = next(iter(fits))
    return (volume.group_volume_t(resid, avs), rows, finite(cav),
            f"Brown-Warner crude-dependence t of the mean abnormal log volume of {len(fits)} "
            "assets, AR(1)-inflated",
            _local(est, claim.event, {t: r.abnormal_all for t, r in fits.items()}, own[first],
                   two_sided=claim.direction == "any"))


def _volatility_claim(est: Estimates, claim: Any, record: dict[str, Any],
                      tickers: tuple[str, ...], own: dict[str, tuple[int, int]]
                      ) -> tuple[Any, ...]:
    """Variance-ratio F of each claim asset and of the asset or group portfolio judged."""
    rows = []
    tests = {}
    for t in tickers:
        start, end = _window_dates(est, claim.event, t, own[t])
        tests[t] = _vr_test(est.primary[(claim.event, t)], own[t], "two-sided")
        rows.append({"asset": t, "window": list(own[t]), "window_start": start,
                     "window_end": end, "variance_ratio": finite(getattr(
                         tests[t], "statistic", np.nan)), "test": _test(tests[t])})
    if len(tickers) == 1:
        head = tests[tickers[0]]
        res1 = est.primary[(claim.event, tickers[0])]
        return (head, rows, finite(getattr(head, "statistic", np.nan)),
                "variance-ratio F (Beaver 1968)",
                _local(est, claim.event, {tickers[0]: _squared(res1)}, own[tickers[0]],
                       two_sided=claim.direction == "any"))
    key = str((record.get("portfolio") or {}).get("target"))
    res = est.portfolios.get((claim.event, key)) or est.group_estimates.get((claim.event, key))
    if res is None:
        return None, rows, None, "variance ratio", None
    head = _vr_test(res, _pair(record["window"]), "two-sided")
    local = (_local(est, claim.event, {t: _squared(res) for t in tickers[:1]},
                    _pair(record["window"]), tickers, two_sided=claim.direction == "any")
             if isinstance(res, EventEstimate) else None)
    return (head, rows, finite(getattr(head, "statistic", np.nan)),
            f"variance-ratio F of the group's equal-weighted abnormal returns ({key})", local)


def _squared(res: EventEstimate) -> pd.Series | None:
    """Squared standardised abnormal returns (AR / sigma)^2 on every session of a fit."""
    if res.abnormal_all is None or not np.isfinite(res.sigma) or res.sigma <= 0:
        return None
    return (res.abnormal_all / res.sigma) ** 2


def _local(est: Estimates, event_id: str, series: dict[str, pd.Series | None],
           window: tuple[int, int], blocked_for: tuple[str, ...] | None = None,
           *, two_sided: bool = False) -> tuple[float, float] | None:
    """Local reference p-values of a claim's statistic (one series, or members averaged).

    Each member's daily series is laid out in event time (relative to its own
    day 0, 70 sessions beyond the 60 the reference uses), averaged across
    members (a day missing for one member is missing), and its window sum
    compared by :func:`local_reference` with the
    ordinary sessions nearby; sessions inside any event's windows on any
    member (:func:`eventstudy.pipeline.judging.blocked_dates`) are left out.
    """
    from eventstudy.pipeline.judging import blocked_dates

    if not series or any(v is None for v in series.values()):
        return None
    half = 70 + max(0, window[1])
    rel = np.arange(-half, half + 1)
    vals, blocked = [], np.zeros(rel.size, bool)
    for t, x in series.items():
        assert x is not None
        pos0 = int(x.index.get_indexer(pd.DatetimeIndex([est.alignments[(event_id, t)].day0]))[0])
        if pos0 < 0:
            return None
        pos = pos0 + rel
        ok = (pos >= 0) & (pos < len(x))
        v = np.full(rel.size, np.nan)
        v[ok] = x.to_numpy(dtype="float64")[pos[ok]]
        vals.append(v)
        bl = x.index.isin(blocked_dates(est, blocked_for or tuple(series)))
        blocked[ok] |= bl[pos[ok]]
    mean = np.mean(vals, axis=0)  # NaN where a member is missing
    return local_reference(mean, half, window, blocked, two_sided=two_sided)


#: a claim record's price numbers, moved under ``price`` for a volume/volatility claim
_PRICE_KEYS = ("car", "se", "ci_low", "ci_high", "p_value", "p_value_sq", "mde", "p_value_bh",
               "p_value_sq_bh")


def judge_activity_claims(est: Estimates, records: list[dict[str, Any]],
                          frame: pd.DataFrame | None = None) -> None:
    """Give volume and volatility claims their verdicts (records changed in place).

    For each claim with ``measure: volume`` or ``measure: volatility`` the
    statistics of its event, asset(s) and window are computed here and
    judged by :func:`eventstudy.claims.activity.activity_verdict`. The
    record's ``verdict`` and ``reason`` become the activity's; the price
    verdict stays under ``price_verdict``/``price_reason``, the record's price
    numbers (``car``, ``p_value``, ...) move under ``price`` (None at the top,
    so no table shows a price move beside a volume verdict) and the members'
    rows still show the price move; ``activity`` holds the sentence, the test
    and one row per asset. ``frame`` (the claims x targets frame) gets the
    new ``claim_verdict``.
    """
    study = est.study
    by_id = {c.id: c for c in study.claims}
    labels = {a.ticker: a.label for a in study.assets}
    for rec in records:
        claim = by_id.get(rec["id"])
        if claim is None or claim.measure == "return":
            continue
        tickers = study.claim_tickers(claim)
        own = {t: extend(_pair(claim.window), est.alignments[(claim.event, t)].extension)
               for t in tickers}
        if claim.measure == "volume":
            head, rows, size, method, local = _volume_claim(est, claim, tickers, own)
        else:
            head, rows, size, method, local = _volatility_claim(est, claim, rec, tickers, own)
        for r in rows:
            r["label"] = labels.get(r["asset"], r["asset"])
        group = len(tickers) > 1
        who = (", ".join(labels.get(t, t) for t in tickers) if group
               else labels.get(tickers[0], tickers[0]))
        if head is None:
            from eventstudy.stats.results import NotComputable

            head = NotComputable(method, "fewer than two assets could be measured")
        v = activity_verdict(head, claim.direction, study.model.alpha, claim.measure, local)
        sentence = (volume_sentence(_span(rows), who, size, group) if claim.measure == "volume"
                    else volatility_sentence(_span(rows), who, size, group))
        # the top-level numbers describe what the verdict is about: not the price here
        price = {k: rec.get(k) for k in _PRICE_KEYS}
        rec.update({k: None for k in _PRICE_KEYS})
        rec.update({
            "measure": claim.measure, "price": price,
            "price_verdict": rec["verdict"], "price_reason": rec["reason"],
            "verdict": v.verdict, "reason": v.reason, "decided_by": f"activity: {v.code}",
            "method": method,
            "placebo": {**(rec.get("placebo") or {}), "text": ""},  # the price rule's
            "activity": {"measure": claim.measure, "method": method, "test": _test(head),
                         "local": {"p_greater": finite(local[0]), "p_less": finite(local[1])}
                         if local else None,
                         "p_value": v.p_value, "code": v.code, "size": size,
                         "sentence": sentence, "rows": rows,
                         "market": ((study.analyses.volume or VolumeSpec()).benchmark
                                    or study.model.benchmark)
                         if claim.measure == "volume" else None},
        })
        if frame is not None and not frame.empty:
            frame.loc[frame["claim_id"] == rec["id"], "claim_verdict"] = v.verdict
