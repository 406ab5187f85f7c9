"""Optional analyses a study file asks for under ``analyses:`` (the peers' features).

Runs after the CAR estimates and returns one JSON-ready dict, written to
``study.json`` under ``analyses``:

- ``classic``: per claim, Brown-Warner (1980) crude-dependence and
  independence t, Hall (1992) skewness-corrected t and the jackknife t on the
  claim's assets (:mod:`eventstudy.stats.classic`);
- ``volatility``: per claim and asset, the variance-ratio F test, and pooled
  over the claim's assets (:mod:`eventstudy.stats.volume`);
- ``volume``: abnormal log volume per event, asset and window, pooled per
  event and window with the cross-sectional t;
- ``long_run``: BHARs per event, asset and window with the skewness-adjusted
  t and its bootstrap, and calendar-time portfolio alphas
  (:mod:`eventstudy.stats.longrun`), with the long-run caveats.

A claim with ``measure: volume`` or ``measure: volatility`` asks for the
volume or volatility analysis implicitly (:func:`asked`);
:mod:`eventstudy.pipeline.activity` gives it its verdict from the same
statistics of its own event, asset(s) and window. No number here changes a
verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from eventstudy.data import load_ohlcv, resolve_cache_dir
from eventstudy.exceptions import EventStudyError
from eventstudy.models.join import asset_returns, trade_to_trade
from eventstudy.pipeline.estimate import Estimates, extend, finite
from eventstudy.spec import Study
from eventstudy.spec.schema import LongRunSpec, VolumeSpec
from eventstudy.stats import classic, longrun, volume
from eventstudy.stats.abnormal import EventEstimate
from eventstudy.stats.multi import cross_sectional_t
from eventstudy.stats.results import AnyTest

__all__ = ["asked", "run_analyses"]


def _test(res: AnyTest) -> dict[str, Any]:
    """Return a test result as a small JSON dict (``test``: machine name, ``name``: label)."""
    if not res.computable:
        return {"test": res.name, "name": res.label, "computable": False,
                "reason": res.reason, "n": res.n}
    return {"test": res.name, "name": res.label, "computable": True,
            "statistic": finite(res.statistic), "p_value": finite(res.pvalue_two_sided),
            "p_greater": finite(res.pvalue_greater),
            "p_less": finite(res.pvalue_less), "distribution": res.distribution,
            "n": res.n, "note": res.note}


def _cache_dir(est: Estimates) -> Any:
    return est.study.resolve(est.study.data.cache) if est.study.data.cache else None


def _event_time(est: Estimates, event_id: str, ticker: str, window: tuple[int, int]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Estimation residuals and window ARs of one primary estimate, by relative day."""
    return _in_event_time(est.primary[(event_id, ticker)], est.returns[ticker].index, window)


def _in_event_time(res: EventEstimate, index: pd.Index, window: tuple[int, int]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Estimation residuals and window abnormal values of an estimate, by relative day."""
    pos0 = int(index.searchsorted(res.day0))
    t0, t1 = res.estimation_window
    resid = res.residuals.reindex(index[pos0 + t0: pos0 + t1 + 1]).to_numpy()
    ab = res.abnormal.set_index("rel_day")
    ar = ab["abnormal_return"].reindex(range(window[0], window[1] + 1)).to_numpy()
    return resid, ar


def _pair(w: Any) -> tuple[int, int]:
    return int(w[0]), int(w[1])


def _claim_window(est: Estimates, claim: Any, ticker: str) -> tuple[int, int]:
    return extend(_pair(claim.window), est.alignments[(claim.event, ticker)].extension)


def _classic(est: Estimates) -> list[dict[str, Any]]:
    out = []
    for c in est.study.claims:
        tickers = est.study.claim_tickers(c)
        wins = {t: _claim_window(est, c, t) for t in tickers}
        width = max(b - a + 1 for a, b in wins.values())
        resid = np.full((len(tickers), max(len(_event_time(est, c.event, t, wins[t])[0])
                                           for t in tickers)), np.nan)
        ars = np.full((len(tickers), width), np.nan)
        cars = []
        for i, t in enumerate(tickers):
            r, a = _event_time(est, c.event, t, wins[t])
            resid[i, : len(r)] = r
            ars[i, : len(a)] = a
            cars.append(est.primary[(c.event, t)].cars[wins[t]].car)
        out.append({
            "claim": c.id, "event_id": c.event, "assets": list(tickers),
            "window": list(tuple(c.window)),
            "tests": [_test(classic.brown_warner_crude_t(resid, ars)),
                      _test(classic.brown_warner_independence_t(resid, ars)),
                      _test(classic.hall_t(cars)),
                      _test(classic.jackknife_t(cars, name="jackknife_t_mean_car"))],
        })
    return out


def _volatility(est: Estimates) -> list[dict[str, Any]]:
    out = []
    for c in est.study.claims:
        rows, ratios, lengths = [], [], set()
        for t in est.study.claim_tickers(c):
            a, b = _claim_window(est, c, t)
            test = _vr_test(est.primary[(c.event, t)], (a, b))
            rows.append({"asset": t, "window": [a, b], **_test(test)})
            if test.computable:
                ratios.append(test.statistic)
                lengths.add(int(test.n or 0))
        pooled = ({k: _test(v) for k, v in volume.pooled_volatility_test(
            ratios, lengths.pop()).items()} if len(lengths) == 1 and len(ratios) >= 3 else {})
        out.append({"claim": c.id, "event_id": c.event, "assets": rows, "pooled": pooled})
    return out


def _vr_test(res: Any, window: tuple[int, int], alternative: Any = "greater") -> AnyTest:
    """Variance-ratio F test of an estimate's abnormal returns over a window.

    ``res`` is an :class:`EventEstimate` (degrees of freedom ``res.dof``) or an
    event-time portfolio (``n_estimation - 1``, the Brown-Warner t's).
    """
    ab = res.abnormal[res.abnormal["rel_day"].between(*window)]
    dof = getattr(res, "dof", None) or int(res.n_estimation) - 1
    return volume.volatility_ratio_test(ab["abnormal_return"], ab["ar_se"], dof,
                                        alternative=alternative)


def _volume_series(est: Estimates, ticker: str) -> pd.Series | None:
    if ticker in est.volumes:
        return est.volumes[ticker]
    try:
        return load_ohlcv(ticker, offline=True, cache_dir=_cache_dir(est)).frame["Volume"]
    except (EventStudyError, KeyError):
        return None


def _volume(est: Estimates, spec: VolumeSpec) -> dict[str, Any]:
    study = est.study
    bench = spec.benchmark or study.model.benchmark
    market = _volume_series(est, bench) if bench else None
    if market is None:
        return {"error": f"no volume for the market proxy {bench!r} in the cache",
                "rows": [], "pooled": []}
    windows = [_pair(w) for w in (spec.windows or study.event_windows)]
    rows: list[dict[str, Any]] = []
    for ev in study.events:
        for a in study.assets:
            vol = _volume_series(est, a.ticker)
            if a.ticker == bench or vol is None or (ev.id, a.ticker) not in est.primary:
                continue
            al = est.alignments[(ev.id, a.ticker)]
            ws = [extend(w, al.extension) for w in windows]
            try:
                res = volume.abnormal_volume(
                    vol, market, al.day0,
                    sessions=pd.DatetimeIndex(est.returns[a.ticker].index),
                    estimation_window=_pair(study.model.estimation_window), event_windows=ws,
                    min_estimation_days=study.model.min_estimation_days,
                    exclude=est.excluded[(ev.id, a.ticker)], event_id=ev.id, asset=a.ticker)
            except EventStudyError as exc:
                rows.append({"event_id": ev.id, "asset": a.ticker, "error": exc.message})
                continue
            for w, orig in zip(ws, windows, strict=True):
                car = res.cars[w]
                rows.append({"event_id": ev.id, "asset": a.ticker, "window": list(orig),
                             "cav": finite(car.car), "se": finite(car.se),
                             "t": finite(car.t.statistic), "p_value": finite(car.t.pvalue),
                             "volume_ratio": finite(np.exp(car.car))})
    pooled = []
    frame = pd.DataFrame([r for r in rows if "cav" in r])
    if not frame.empty:
        frame["w"] = frame["window"].map(tuple)
        for _, g in frame.groupby(["event_id", "w"], sort=False):
            pooled.append({"event_id": g["event_id"].iloc[0], "window": g["window"].iloc[0],
                           "n": len(g),
                           "mean_cav": finite(g["cav"].mean()),
                           "test": _test(cross_sectional_t(g["cav"].to_numpy()))})
    return {"market": bench, "measure": "log(1 + volume)", "rows": rows, "pooled": pooled}


def _long_returns(est: Estimates, tickers: list[str], bench: str
                  ) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Each asset's returns over everything cached, and the benchmark joined trade-to-trade."""
    from eventstudy.calendar.sessions import sessions

    cache_dir = _cache_dir(est)
    kind = est.study.data.returns
    b = load_ohlcv(bench, offline=True, cache_dir=cache_dir).frame
    rets, benches = {}, {}
    for t in tickers:
        px = load_ohlcv(t, offline=True, cache_dir=cache_dir).frame
        col = "Adj Close" if est.study.data.price == "adj_close" else "Close"
        s = sessions(est.calendars[t], px.index[0], px.index[-1])
        s = pd.DatetimeIndex(s, name="date")
        rets[t] = asset_returns(px[col].dropna(), s, kind)
        benches[t] = trade_to_trade(b[col].dropna(), s, kind)
    return rets, benches


def _long_run(est: Estimates, spec: LongRunSpec) -> dict[str, Any]:
    from eventstudy.data.factors import load_factors

    study = est.study
    bench = spec.benchmark or study.model.benchmark
    out: dict[str, Any] = {"benchmark": bench, "caveats": list(longrun.LONGRUN_CAVEATS),
                           "bhar": [], "pooled": [], "calendar_time": []}
    tickers = [a.ticker for a in study.assets if a.ticker != bench]
    if not bench:
        out["error"] = "long_run needs analyses.long_run.benchmark or model.benchmark"
        return out
    rets, benches = _long_returns(est, tickers, bench)
    for w in spec.windows:
        values = []
        for ev in study.events:
            for t in tickers:
                day0 = est.alignments[(ev.id, t)].day0
                v = longrun.bhar(rets[t], benches[t], day0, _pair(w))
                out["bhar"].append({"event_id": ev.id, "asset": t, "window": list(w),
                                    "bhar": finite(v)})
                values.append(v)
        x = np.array(values, dtype="float64")
        ok = np.isfinite(x)
        pooled = {"window": list(w), "n": int(ok.sum()), "n_past_data": int((~ok).sum()),
                  "mean_bhar": finite(x[ok].mean()) if ok.any() else None,
                  "skewness_adjusted": _test(longrun.skewness_adjusted_t(x))}
        if spec.bootstrap:
            pooled["bootstrap"] = _test(longrun.bootstrap_skewness_adjusted_t(
                x, n_boot=spec.bootstrap, seed=0))
        out["pooled"].append(pooled)
    us = [t for t in tickers if est.calendars[t] == "XNYS"]
    if us and spec.calendar_time:
        try:
            factors = load_factors("carhart", cache_dir=_cache_dir(est))
        except EventStudyError as exc:
            out["calendar_time_error"] = exc.message
            return out
        frame = pd.DataFrame({t: rets[t] for t in us})
        events = [(t, est.alignments[(ev.id, t)].day0) for ev in study.events for t in us]
        for model in spec.calendar_time:
            res = longrun.calendar_time_portfolio(frame, events, factors,
                                                  holding=_pair(spec.holding), model=model)
            if isinstance(res, longrun.CalendarTimeResult):
                out["calendar_time"].append(res.to_dict() | {"assets": us})
            else:
                out["calendar_time"].append({"model": model, **_test(res)})
    return out


def asked(study: Study) -> list[str]:
    """List the analyses a study runs: those under ``analyses:`` and those its claims need.

    A claim with ``measure: volume`` asks for the volume analysis (with its
    defaults when ``analyses.volume`` is absent), ``measure: volatility`` for
    the volatility analysis.
    """
    spec = study.analyses
    measures = {c.measure for c in study.claims}
    flags = {"long_run": spec.long_run is not None,
             "volume": spec.volume is not None or "volume" in measures,
             "volatility": spec.volatility or "volatility" in measures,
             "classic": spec.classic}
    return [k for k, v in flags.items() if v]


def run_analyses(est: Estimates) -> dict[str, Any]:
    """Run what ``study.analyses`` (or a claim's ``measure``) asks for; ``{}`` when nothing."""
    spec = est.study.analyses
    kinds = asked(est.study)
    out: dict[str, Any] = {}
    if spec.classic:
        out["classic"] = _classic(est)
    if "volatility" in kinds:
        out["volatility"] = _volatility(est)
    try:
        if "volume" in kinds:
            out["volume"] = _volume(est, spec.volume or VolumeSpec())
    except EventStudyError as exc:  # e.g. a reference ticker not in the cache
        out["volume"] = {"error": exc.message, "hint": exc.hint}
    try:
        if spec.long_run is not None:
            out["long_run"] = _long_run(est, spec.long_run)
    except EventStudyError as exc:
        out["long_run"] = {"error": exc.message, "hint": exc.hint}
    if out:
        out["cache"] = str(resolve_cache_dir(_cache_dir(est)))
    return out
