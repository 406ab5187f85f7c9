"""Pipeline step 2: turn estimates into claim verdicts (records and a tidy frame)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from eventstudy._typing import position
from eventstudy.claims import (
    BLOCKING_KINDS,
    EventMark,
    find_confounders,
    judge,
    regime_check,
)
from eventstudy.data.sanity import SanityIssue
from eventstudy.pipeline.engine_path import abnormal_columns, abnormal_near
from eventstudy.pipeline.estimate import (
    ROBUST_WINDOWS,
    Estimates,
    can_pool,
    extend,
    finite,
    issue_messages,
    portfolio_key,
    window_label,
)
from eventstudy.pipeline.eventtime import EventTimeEstimate
from eventstudy.pipeline.placebo import PseudoEvents, placebo_checks, rule_inputs
from eventstudy.spec.schema import Direction
from eventstudy.stats.abnormal import EventEstimate
from eventstudy.stats.multiple import benjamini_hochberg
from eventstudy.stats.regime import LOCAL_HALF_WIDTH


def _d(x: Any) -> str:
    return f"{pd.Timestamp(x):%Y-%m-%d}"


def event_marks(est: Estimates) -> list[EventMark]:
    """Study and context events as date spans for confounding checks."""
    out = []
    for kind, evs in (("study", est.study.events), ("context", est.study.context_events)):
        for ev in evs:
            first, last = ev.span
            a, b = pd.Timestamp(first), pd.Timestamp(last)
            out.append(EventMark(ev.id, ev.title or ev.id, a, b, kind))
    return out


def window_vol(res: EventEstimate | EventTimeEstimate, window: tuple[int, int]) -> float:
    r"""Volatility ratio of the 20 sessions just before this window's first day.

    ``EventEstimate.vol_ratio`` is measured before day 0; a claim on
    ``[-20, -1]`` must be compared with the sessions before day -20. This is
    the window's own ``CarResult.vol_ratio``, computed by
    :func:`eventstudy.claims.window_vol_ratio` (the one helper) with the
    target's returns (asset or pooled portfolio) and the estimate's
    :math:`\hat\sigma`; for an event-time portfolio, the mean of its members'
    ratios for the window. The same number is the row's ``vol_ratio`` in
    ``car.csv``.
    """
    return float(res.cars[window].vol_ratio)


def _portfolio_leads(portfolio: dict[str, Any], members: list[dict[str, Any]],
                     issues: list[str]) -> tuple[str, str]:
    """Make the portfolio row the claim's head; flag members whose verdict differs.

    Returns the head's ``(verdict, reason)``.
    """
    portfolio["data_issues"] = issues
    portfolio["disagrees"] = False
    for m in members:
        m["disagrees"] = m["verdict"] != portfolio["verdict"]
    return portfolio["verdict"], portfolio["reason"]


def blocked_dates(est: Estimates, tickers: tuple[str, ...] | list[str]) -> pd.DatetimeIndex:
    """Sessions that are never ordinary for these assets: every event's reaction windows.

    For each study event, the sessions of its windows that reach day 0 or
    later (study and robustness windows, extended over an uncertain date
    range; a run-up window such as ``[-20, -1]`` is not a reaction and stays
    ordinary); for each context event, the session before its date through
    the session after it. These sessions are neither pseudo-events of the
    placebo check nor part of the local reference of the verdict rule.
    """
    parts: list[np.ndarray] = [np.array([], dtype="datetime64[ns]")]
    study = est.study
    marks = [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in
             (ev.span for ev in study.context_events)]
    for t in tickers:
        index = est.returns[t].index
        for ev in study.events:
            res = est.primary.get((ev.id, t))
            if res is None:
                continue
            lo = min(w[0] for w in est.windows[ev.id] if w[1] >= 0)
            ab = abnormal_columns(res)
            parts.append(np.asarray(ab["date"], dtype="datetime64[ns]")[
                np.asarray(ab["rel_day"]) >= lo])
        for a, b in marks:
            i0 = int(index.searchsorted(a, side="left"))
            i1 = int(index.searchsorted(b, side="right"))
            parts.append(index[max(0, i0 - 1):min(len(index), i1 + 1)].to_numpy())
    return pd.DatetimeIndex(np.unique(np.concatenate(parts).astype("datetime64[ns]")),
                            name="date")


_BLOCKED: dict[tuple[int, tuple[str, ...]], pd.DatetimeIndex] = {}


def _blocked(est: Estimates, tickers: tuple[str, ...] | list[str]) -> pd.DatetimeIndex:
    """:func:`blocked_dates`, computed once per run and set of assets."""
    key = (id(est), tuple(tickers))
    if key not in _BLOCKED:
        _BLOCKED[key] = blocked_dates(est, tickers)
    return _BLOCKED[key]


_MASKS: dict[tuple[int, tuple[str, ...]], np.ndarray] = {}


def _blocked_mask(est: Estimates, tickers: tuple[str, ...], index: pd.Index) -> np.ndarray:
    """``index.isin(_blocked(est, tickers))``, once per run, index and set of assets."""
    key = (id(index), tuple(tickers))
    if key not in _MASKS:
        _MASKS[key] = np.asarray(index.isin(_blocked(est, tickers)))
    return _MASKS[key]


def _event_time_series(est: Estimates, event_id: str, tickers: tuple[str, ...],
                       kind: str) -> tuple[pd.Series, pd.Index]:
    """Members' series averaged by session offset from their own day 0 (event time).

    ``kind`` is ``abnormal`` (each member's ``abnormal_all``) or ``returns``;
    also returns the offsets blocked for any member.
    """
    cols, blocked = {}, pd.Index([], dtype="int64")
    for t in tickers:
        res = est.primary[(event_id, t)]
        series = res.abnormal_all if kind == "abnormal" else est.returns[t]
        assert series is not None
        pos0 = position(series.index, res.day0)
        rel = np.arange(len(series)) - pos0
        cols[t] = pd.Series(series.to_numpy(dtype=float), index=rel)
        bl = series.index.isin(_blocked(est, (t,)))
        # pandas-stubs: Index[int].union is typed for lists and MultiIndex only
        blocked = blocked.union(pd.Index(rel[bl]))  # type: ignore[arg-type]
    frame = pd.DataFrame(cols).sort_index()
    return frame.mean(axis=1, skipna=False), blocked


def _local(est: Estimates, event_id: str, tickers: tuple[str, ...],
           res: EventEstimate | EventTimeEstimate, window: tuple[int, int]
           ) -> tuple[float, float]:
    """Local placebo p-values (greater, less) of one target's CAR."""
    car = res.cars[window]
    if isinstance(res, EventTimeEstimate):
        series, blocked = _event_time_series(est, event_id, tickers, "abnormal")
        inp = rule_inputs(car, series, blocked, 0, window)
    else:  # the local test reads the sessions within LOCAL_HALF_WIDTH of day 0 only
        near = abnormal_near(res, LOCAL_HALF_WIDTH)
        if near is None:
            inp = rule_inputs(car, None, _blocked(est, tickers), res.day0, window)
        else:
            ab, index, lo = near
            mask = _blocked_mask(est, tickers, index)[lo:lo + len(ab)]
            inp = rule_inputs(car, ab, mask, res.day0, window)
    return float(inp.local_greater[0]), float(inp.local_less[0])


def claim_pseudo_events(est: Estimates, event_id: str, tickers: tuple[str, ...], target: str,
                        res: EventEstimate | EventTimeEstimate, window: tuple[int, int],
                        direction: str) -> PseudoEvents:
    """Describe the claim's placebo check (its rule on ordinary sessions around day 0)."""
    study = est.study
    models = {est.kind(t)[0] for t in tickers}
    model = models.pop() if len(models) == 1 else "mixed"
    bench = est.kind(tickers[0])[1] if model == "market" else None
    alpha, min_days = study.model.alpha, study.model.min_estimation_days
    est_w = study.model.estimation_window
    if isinstance(res, EventTimeEstimate):
        ret, blocked_rel = _event_time_series(est, event_id, tickers, "returns")
        fake = pd.bdate_range("2001-01-01", periods=len(ret))
        bm = None
        if bench:
            cols = [pd.Series(est.benchmarks[(t, bench)].reindex(est.returns[t].index)
                              .to_numpy(dtype=float),
                              index=np.arange(len(est.returns[t]))
                              - position(est.returns[t].index, est.primary[(event_id, t)].day0))
                    for t in tickers]
            bm = pd.DataFrame(dict(enumerate(cols))).reindex(ret.index).mean(axis=1).to_numpy()
        day0 = fake[position(ret.index, 0)]
        return PseudoEvents(pd.Series(ret.to_numpy(), index=fake), bm, model, est_w, day0,
                            window, ret.index.isin(blocked_rel), direction, alpha, min_days)
    ret = est.returns[target]
    bm = (est.benchmarks[(target, bench)].reindex(ret.index).to_numpy(dtype=float)
          if bench else None)
    blocked = ret.index.isin(_blocked(est, tickers))
    return PseudoEvents(ret, bm, model, est_w, res.day0, window, blocked, direction, alpha,
                        min_days)


def claim_head(est: Estimates, claim: Any) -> tuple[str, EventEstimate | EventTimeEstimate,
                                                    tuple[int, int]]:
    """Return the target a claim's verdict is about: ``(key, estimate, extended window)``.

    The group's equal-weighted portfolio (calendar time when the members can
    be pooled, else event time) for two or more assets, the asset itself for
    one.
    """
    study = est.study
    tickers = study.claim_tickers(claim)
    if len(tickers) == 1:
        t = tickers[0]
        return t, est.primary[(claim.event, t)], extend(
            claim.window, est.alignments[(claim.event, t)].extension)
    win = extend(claim.window, est.alignments[(claim.event, tickers[0])].extension)
    key = portfolio_key(tickers, tuple(claim.assets), study)
    if can_pool(est, claim.event, tickers)[0]:
        return key, est.portfolios[(claim.event, key)], win
    key += " (event time)"
    return key, est.group_estimates[(claim.event, key)], win


def estimate_placebos(est: Estimates) -> dict[str, dict[str, Any]]:
    """Every claim's placebo check, run before judging (claim id -> ``placebo`` record).

    The pseudo-events of all claims go through the batch engine together
    (:func:`eventstudy.pipeline.placebo.placebo_checks`: one call per model
    and window), so judging only reads their verdict counts.
    """
    _BLOCKED.clear()
    items = []
    for c in est.study.claims:
        key, res, win = claim_head(est, c)
        items.append(claim_pseudo_events(est, c.event, est.study.claim_tickers(c), key, res,
                                         win, c.direction))
    out = dict(zip((c.id for c in est.study.claims), placebo_checks(items), strict=True))
    _BLOCKED.clear()
    return out


def suspect_issues(est: Estimates, event_id: str, windows: dict[str, tuple[int, int]]
                   ) -> list[SanityIssue]:
    """Return the data issues that withhold a verdict on a CAR over these windows.

    ``windows`` maps each ticker behind the CAR (one asset, or every member of
    a group's portfolio) to its extended window. A ``price_spike`` counts when
    it falls in that window, a ``benchmark_equals_asset`` always (it voids
    the estimation window); see :data:`eventstudy.claims.BLOCKING_KINDS`.
    """
    out: list[SanityIssue] = []
    for t, w in windows.items():
        label = window_label(event_id, w)
        for i in est.issues.get((event_id, t), []):
            if i.kind not in BLOCKING_KINDS or i in out:
                continue
            if i.kind == "benchmark_equals_asset" or i.window == label:
                out.append(i)
    return out


def _row(target: str, label: str, res: EventEstimate | EventTimeEstimate, window: tuple[int, int],
         direction: Direction, alpha: float, vol: float,
         local: tuple[float, float] | None = None,
         issues: list[SanityIssue] | None = None) -> dict[str, Any]:
    car = res.cars[window]
    v = judge(car, direction, alpha=alpha, local=local,
              issues=issues or ())
    lo, hi = car.conf_int(0.95)
    reg = regime_check(car.car, car.se, vol, direction,
                       alpha=alpha)
    return {
        "target": target, "label": label, "verdict": v.verdict, "reason": v.reason,
        "car": finite(car.car), "se": finite(car.se), "ci_low": finite(lo), "ci_high": finite(hi),
        "t_stat": finite(car.t.statistic), "p_value": finite(v.p_value),
        "p_value_sq": finite(v.p_value_sq), "mde": finite(v.mde),
        "p_value_regime": finite(v.p_value_regime), "p_value_local": finite(v.p_value_local),
        "decided_by": v.decided_by,
        "day0": _d(res.day0), "window_start": _d(car.start_date), "window_end": _d(car.end_date),
        "model": res.model, "vol_ratio": finite(vol),
        "regime": {"z": finite(reg.z), "p_value": finite(reg.p_value),
                   "distinguishable": reg.distinguishable, "text": reg.text},
    }


def judge_claims(est: Estimates, placebos: dict[str, dict[str, Any]] | None = None
                 ) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """Judge every claim; return ``claims.json`` records and the claims x targets frame.

    Parameters
    ----------
    est
        Estimates with primary (and alternative) results filled in.
    placebos
        Each claim's placebo check (:func:`estimate_placebos`, which ``run``
        calls before judging); None runs them here first.

    Returns
    -------
    records, frame
        One record per claim; one frame row per claim x judged target with raw
        and Benjamini-Hochberg adjusted p-values (family: every row).
    """
    if placebos is None:
        placebos = estimate_placebos(est)
    _BLOCKED.clear()  # memo of blocked_dates for this run only
    _MASKS.clear()
    study = est.study
    alpha = study.model.alpha
    marks = event_marks(est)
    labels = {a.ticker: a.label for a in study.assets}
    records: list[dict[str, Any]] = []
    for c in study.claims:
        ev = study.event(c.event)
        tickers = study.claim_tickers(c)
        al0 = est.alignments[(c.event, tickers[0])]
        win = extend(c.window, al0.extension)
        members = []
        own = {t: extend(c.window, est.alignments[(c.event, t)].extension)
               for t in tickers}
        for t in tickers:
            res_t = est.primary[(c.event, t)]
            members.append(_row(t, labels[t], res_t, own[t], c.direction, alpha,
                                window_vol(res_t, own[t]),
                                _local(est, c.event, (t,), res_t, own[t]),
                                suspect_issues(est, c.event, {t: own[t]})))
            members[-1]["data_issues"] = issue_messages(est, c.event, [t], own)
        all_issues = issue_messages(est, c.event, tickers, own)
        pool, method = can_pool(est, c.event, tickers)
        portfolio = None
        if len(tickers) == 1:
            pool = False
        if pool:
            key = portfolio_key(tickers, tuple(c.assets), study)
            pres = est.portfolios[(c.event, key)]  # estimated by estimate_groups
            portfolio = _row(key, f"{key} (equal-weighted)", pres, win, c.direction, alpha,
                             window_vol(pres, win), _local(est, c.event, tickers, pres, win),
                             suspect_issues(est, c.event, own))
            head = portfolio
            verdict, reason = _portfolio_leads(portfolio, members, all_issues)
        elif len(members) == 1:
            head = members[0]
            head["disagrees"] = False
            verdict, reason, method = head["verdict"], head["reason"], "single asset"
            key = tickers[0]
        else:
            key = portfolio_key(tickers, tuple(c.assets), study) + " (event time)"
            gres = est.group_estimates[(c.event, key)]  # estimated by estimate_groups
            cals = sorted({est.calendars[t] for t in tickers})
            portfolio = _row(key, key.removeprefix("portfolio:"), gres, win, c.direction,
                             alpha, window_vol(gres, win),
                             _local(est, c.event, tickers, gres, win),
                             suspect_issues(est, c.event, own))
            portfolio["day0"] = "own day 0 per member"
            head = portfolio
            verdict, reason = _portfolio_leads(portfolio, members, all_issues)
            # one shared calendar: say why the members are not pooled (day 0 or model)
            why_split = (", each on its own calendar and day 0" if len(cals) > 1
                         else f": {method}, so each keeps its own day 0 and model")
            method = (f"event-time portfolio (Brown & Warner 1985) of {len(tickers)} assets "
                      f"on {', '.join(cals)}{why_split}")
        placebo = placebos[c.id]
        spans = [(m["window_start"], m["window_end"]) for m in members]
        wstart = min(pd.Timestamp(a) for a, _ in spans)
        wend = max(pd.Timestamp(b) for _, b in spans)
        conf = find_confounders(wstart, wend, marks, exclude=c.event)
        robust = []
        for m in ([portfolio] if portfolio else members):
            if portfolio:
                res = (est.portfolios.get((c.event, m["target"]))
                       or est.group_estimates[(c.event, m["target"])])
                ext = est.alignments[(c.event, tickers[0])].extension
                who = tickers
            else:
                res = est.primary[(c.event, m["target"])]
                ext = est.alignments[(c.event, m["target"])].extension
                who = (m["target"],)
            for w in dict.fromkeys([c.window, *ROBUST_WINDOWS]):
                wins = {t: extend(w, est.alignments[(c.event, t)].extension) for t in who}
                r = _row(m["target"], m["label"], res, extend(w, ext), c.direction, alpha,
                         window_vol(res, extend(w, ext)),
                         _local(est, c.event, who, res, extend(w, ext)),
                         suspect_issues(est, c.event, wins))
                robust.append({**r, "window": list(extend(w, ext))})
            alt = est.alternative.get((c.event, m["target"]))
            if alt is not None and not portfolio:
                r = _row(m["target"], m["label"], alt, extend(c.window, ext),
                         c.direction, alpha,
                         window_vol(alt, extend(c.window, ext)),
                         _local(est, c.event, who, alt, extend(c.window, ext)),
                         suspect_issues(est, c.event,
                                        {m["target"]: extend(c.window, ext)}))
                robust.append({**r, "window": list(extend(c.window, ext)),
                               "model": est.alt_model[m["target"]]})
            elif portfolio:
                for t in tickers:
                    alt = est.alternative.get((c.event, t))
                    if alt is None:
                        continue
                    ext_t = est.alignments[(c.event, t)].extension
                    r = _row(t, labels[t], alt, extend(c.window, ext_t), c.direction,
                             alpha, window_vol(alt, extend(c.window, ext_t)),
                             _local(est, c.event, (t,), alt, extend(c.window, ext_t)),
                             suspect_issues(est, c.event, {t: extend(c.window, ext_t)}))
                    robust.append({**r, "window": list(extend(c.window, ext_t)),
                                   "model": est.alt_model[t]})
        regime = [{"label": m["label"], **m["regime"]}
                  for m in ([portfolio] if portfolio else []) + members
                  if (m["vol_ratio"] or 0) >= 1.5 or m["target"] == study.model.benchmark]
        records.append({
            "id": c.id, "text": c.text, "event_id": c.event, "event_title": ev.title,
            "assets": list(tickers), "window": list(win), "window_label": _wl(win),
            "claimed_window": list(c.window), "direction": c.direction, "verdict": verdict,
            "car": head["car"] if head else None, "se": head["se"] if head else None,
            "ci_low": head["ci_low"] if head else None,
            "ci_high": head["ci_high"] if head else None,
            "p_value": head["p_value"] if head else None,
            "p_value_sq": head["p_value_sq"] if head else None,
            "mde": head["mde"] if head else None,
            "alpha": alpha, "method": method, "reason": reason, "placebo": placebo,
            "decided_by": head["decided_by"],
            "approach": ("event-time portfolio" if method.startswith("event-time")
                         else "time-series portfolio" if portfolio else "single asset"),
            "portfolio": portfolio, "members": members,
            "disagreements": [m["target"] for m in members if m.get("disagrees")],
            "disagreement_note": _disagreement_note(head, members, alpha),
            "data_issues": all_issues,
            "confounders": [{"id": e.id, "title": e.title, "kind": e.kind, "start": _d(e.start),
                             "end": _d(e.end)} for e in conf],
            "robustness": robust, "regime": regime,
        })
    _BLOCKED.clear()
    _MASKS.clear()
    frame = _frame(records)
    return records, frame


def _why_not(m: dict[str, Any], alpha: float) -> str:
    """Which test a member's verdict turned on, in a few words."""
    p_t, p_sq = m["p_value"], m["p_value_sq"]
    if p_t is None or p_sq is None:
        return "a test could not be computed"
    fails = [f"{n} p={p:.3f}" for n, p in (("t", p_t), ("SQ", p_sq)) if p >= alpha]
    if not fails:
        return f"both tests reject (t p={p_t:.3f}, SQ p={p_sq:.3f})"
    return " and ".join(fails) + f" {'is' if len(fails) == 1 else 'are'} not below {alpha:g}"


def _disagreement_note(head: dict[str, Any] | None, members: list[dict[str, Any]],
                       alpha: float) -> str:
    """One sentence on why members' own verdicts differ from the group's."""
    odd = [m for m in members if m.get("disagrees")]
    if head is None or not odd or len(members) < 2:
        return ""
    parts = "; ".join(f"{m['target']} {m['verdict']} (CAR {_pp(m['car'])}: "
                      f"{_why_not(m, alpha)})" for m in odd)
    if head["verdict"] == "supported" or head["verdict"] == "contradicted":
        why = ("averaging the members cancels part of each one's own noise, so the group's "
               "CAR is measured more precisely than a single member's and can clear both "
               "tests while a member falls just short")
    else:
        why = ("the group verdict is about the average member: one member's significant move "
               "is diluted by the others' smaller or noisier ones")
    return (f"Members judged alone differ from the group ({head['verdict']}, CAR "
            f"{_pp(head['car'])}): {parts}. This is not a contradiction: {why}.")


def _pp(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:+.2f}%"


def _wl(w: tuple[int, int]) -> str:
    return f"[{w[0]:+d}, {w[1]:+d}]".replace("+0", "0")


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for r in records:
        for role, items in (("portfolio", [r["portfolio"]] if r["portfolio"] else []),
                            ("member", r["members"])):
            for m in items:
                rows.append({"claim_id": r["id"], "event_id": r["event_id"], "role": role,
                             "target": m["target"], "direction": r["direction"],
                             "window_start": m["window_start"], "window_end": m["window_end"],
                             "verdict": m["verdict"], "car": m["car"], "car_se": m["se"],
                             "ci_low": m["ci_low"], "ci_high": m["ci_high"],
                             "p_value": m["p_value"], "p_value_sq": m["p_value_sq"],
                             "mde": m["mde"], "vol_ratio": m["vol_ratio"], "model": m["model"],
                             "p_value_regime": m["p_value_regime"],
                             "p_value_local": m["p_value_local"], "decided_by": m["decided_by"],
                             "claim_verdict": r["verdict"],
                             "placebo_n": r["placebo"]["n"], "placebo_k": r["placebo"]["k"],
                             "placebo_rate": r["placebo"]["rate"]})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["p_value_bh"] = benjamini_hochberg(frame["p_value"].astype(float).to_numpy())
    frame["p_value_sq_bh"] = benjamini_hochberg(frame["p_value_sq"].astype(float).to_numpy())
    # copy the adjusted values back into the records
    it = iter(frame[["p_value_bh", "p_value_sq_bh"]].itertuples(index=False))
    for r in records:
        for m in ([r["portfolio"]] if r["portfolio"] else []) + r["members"]:
            bh, bhsq = next(it)
            m["p_value_bh"], m["p_value_sq_bh"] = finite(bh), finite(bhsq)
        head = r["portfolio"] or (r["members"][0] if len(r["members"]) == 1 else None)
        r["p_value_bh"] = head["p_value_bh"] if head else None
        r["p_value_sq_bh"] = head["p_value_sq_bh"] if head else None
        bh = r["p_value_bh"]
        if r["verdict"] != "not supported" and bh is not None and bh >= r["alpha"]:
            r["reason"] += (f" Caution: after the Benjamini-Hochberg adjustment across all "
                            f"{len(frame)} claim x target tests, p(t) = {bh:.3f}, no longer "
                            f"below {r['alpha']:g}.")
    return frame
