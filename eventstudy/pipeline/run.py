"""``run(study)``: the whole pipeline, and the files it writes.

Outputs (in ``out``, default ``reports/<study file stem>/``): ``report.html``,
``abnormal_returns.csv``, ``car.csv``, ``claims.json`` and ``study.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
import time
import warnings
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.exceptions import ReportError, SpecError, SpecIssue
from eventstudy.pipeline.activity import judge_activity_claims
from eventstudy.pipeline.coverage import study_cache_dir, with_cache
from eventstudy.pipeline.engine_path import abnormal_columns
from eventstudy.pipeline.estimate import (
    Estimates,
    estimate_all,
    extend,
    finite,
    issue_messages,
    load,
)
from eventstudy.pipeline.judging import estimate_placebos, judge_claims
from eventstudy.pipeline.outputs import check_out, publish
from eventstudy.pipeline.peers import asked, run_analyses
from eventstudy.pipeline.result import AR_COLUMNS, CAR_COLUMNS, StudyResult
from eventstudy.spec import DateRange, Study
from eventstudy.stats.abnormal import CarResult, EventEstimate
from eventstudy.stats.regime import VOLATILITY_RATIO_THRESHOLD

_PACKAGES = ("numpy", "pandas", "scipy", "statsmodels", "pandas_market_calendars",
             "pydantic", "ruamel.yaml", "jinja2", "matplotlib", "numba")


def _ar_frame(est: Estimates) -> pd.DataFrame:
    """One row per (estimate, event-window day), built once from every estimate's arrays.

    Each estimate gives its abnormal-return columns as arrays
    (:func:`~eventstudy.pipeline.engine_path.abnormal_columns`: the engine's
    arrays, no per-pair frame); one concatenation per column, the key
    columns as repeated arrays.
    """
    parts: list[Mapping[str, Any]] = []
    keys: list[tuple[Any, ...]] = []
    for role, items in (("primary", est.primary), ("portfolio", est.portfolios),
                        ("alternative", est.alternative)):
        for (event_id, asset), res in items.items():
            parts.append(abnormal_columns(res))
            keys.append((event_id, asset, res.model, role, res.day0))
    for (event_id, key), g in est.group_estimates.items():
        ab = g.abnormal.drop(columns="n_members")
        parts.append({c: ab[c].to_numpy() for c in ab.columns})
        keys.append((event_id, key, g.model, "portfolio", pd.NaT))
    reps = [len(next(iter(p.values()))) if p else 0 for p in parts]
    names = list(dict.fromkeys(c for p in parts for c in p))
    cols: dict[str, Any] = {}
    for i, name in enumerate(("event_id", "asset", "model")):
        cols[name] = np.repeat(np.array([k[i] for k in keys], dtype=object), reps)
    for c in names:
        chunks = [np.asarray(p[c]) if c in p else np.full(n, np.nan)
                  for p, n in zip(parts, reps, strict=True)]
        stamp = next((x.dtype for x in chunks if x.dtype.kind == "M"), None)
        if stamp is not None:  # event-time rows have no date: NaT
            chunks = [x if x.dtype == stamp else np.full(len(x), np.datetime64("NaT"), stamp)
                      for x in chunks]
        cols[c] = np.concatenate(chunks) if chunks else np.array([])
    cols["role"] = np.repeat(np.array([k[3] for k in keys], dtype=object), reps)
    ar = pd.DataFrame(cols)
    if "date" not in ar.columns:
        ar["date"] = pd.NaT
    ar["day0"] = pd.DatetimeIndex([k[4] for k in keys]).repeat(reps).astype(ar["date"].dtype)
    rest = [c for c in ar.columns if c not in AR_COLUMNS]
    return ar[[*AR_COLUMNS, *rest]]


def _params(res: EventEstimate) -> tuple[float | None, float | None]:
    p = res.params
    alpha = next((p[k] for k in ("const", "alpha", "mu", "intercept") if k in p.index), None)
    beta = next((p[k] for k in ("market", "beta", "beta_sum") if k in p.index), None)
    if beta is None and res.model == "dimson":
        beta = float(p.drop(["const"], errors="ignore").sum())
    return finite(alpha), finite(beta)


def _fit_fields(res: EventEstimate) -> tuple[float | None, float | None, Any, Any]:
    """``alpha, beta`` (:func:`_params`) and the first and last estimation dates of ``res``.

    Read from the engine's arrays when the estimate came from it
    (``EngineParts.fit_fields``), without building its parameter series.
    """
    fast = getattr(res.parts, "fit_fields", None)
    if fast is not None:
        alpha, beta, e0, e1 = fast()
        return finite(alpha), finite(beta), e0, e1
    alpha, beta = _params(res)
    ed = res.estimation_dates
    return (alpha, beta, ed.min() if len(ed) else pd.NaT, ed.max() if len(ed) else pd.NaT)


def _param_fields(res: EventEstimate) -> dict[str, dict[str, float | None]]:
    """study.json's ``params`` and ``std_errors`` of one estimate (engine arrays when there)."""
    table = getattr(res.parts, "param_table", None)
    if table is not None:
        names, values, errors = table()
        return {"params": {str(k): finite(v) for k, v in zip(names, values, strict=True)},
                "std_errors": {str(k): finite(v) for k, v in zip(names, errors, strict=True)}}
    return {"params": {str(k): finite(v) for k, v in res.params.items()},
            "std_errors": {str(k): finite(v) for k, v in res.std_errors.items()}}


def _car_row(event_id: str, asset: str, src: Any, w: tuple[int, int], c: CarResult, role: str,
             *, alpha: float | None = None, beta: float | None = None, r2: float | None = None,
             n_excluded: int | None = None, estimation_start: Any = pd.NaT,
             estimation_end: Any = pd.NaT) -> dict[str, Any]:
    """One car.csv row: window ``w`` (CAR ``c``) of ``src``, an event or group estimate."""
    lo, hi = c.conf_int(0.95)
    return {
        "event_id": event_id, "asset": asset, "day0": src.day0,
        "window_start": c.start_date, "window_end": c.end_date, "car": c.car,
        "car_se": c.se, "t_stat": c.t.statistic, "p_value": c.t.pvalue_two_sided,
        "p_value_sq": c.sq.pvalue_two_sided, "model": src.model, "alpha": alpha,
        "beta": beta, "sigma": src.sigma, "n_estimation": src.n_estimation,
        "rel_start": w[0], "rel_end": w[1], "ci_low": lo, "ci_high": hi,
        "n_days": c.n_days, "dof": c.dof, "r2": r2, "n_excluded": n_excluded,
        "vol_ratio": c.vol_ratio, "vol_ratio_day0": src.vol_ratio, "role": role,
        "estimation_start": estimation_start, "estimation_end": estimation_end,
    }


def _car_frame(est: Estimates) -> pd.DataFrame:
    rows = []
    for role, items in (("primary", est.primary), ("portfolio", est.portfolios),
                        ("alternative", est.alternative)):
        for (event_id, asset), res in items.items():
            alpha, beta, e0, e1 = _fit_fields(res)
            for w, c in res.cars.items():
                row = _car_row(
                    event_id, asset, res, w, c, role, alpha=alpha, beta=beta, r2=res.r2,
                    n_excluded=res.n_excluded, estimation_start=e0, estimation_end=e1)
                row["data_issues"] = "; ".join(
                    issue_messages(est, event_id, [asset], {asset: w})
                ) if role == "primary" else ""
                rows.append(row)
    for (event_id, key), g in est.group_estimates.items():
        for w, c in g.cars.items():
            rows.append(_car_row(event_id, key, g, w, c, "portfolio"))
    frame = pd.DataFrame(rows)
    rest = [c for c in frame.columns if c not in CAR_COLUMNS]
    return frame[[*CAR_COLUMNS, *rest]]


def _analyses(est: Estimates, say: Callable[[str], None]) -> dict[str, Any]:
    """Run the study file's optional ``analyses:`` (long run, volume, volatility, classic)."""
    kinds = asked(est.study)  # the file's analyses and those its claims' measures need
    if not kinds:
        return {}
    say("running the study's analyses (" + ", ".join(kinds) + ")")
    return run_analyses(est)


def _d(x: Any) -> str:
    return f"{pd.Timestamp(x):%Y-%m-%d}"


def _versions() -> dict[str, str]:
    from eventstudy import __version__  # the package's own (distribution: eventstudy-news)

    out = {"python": platform.python_version(), "eventstudy": __version__}
    for p in _PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


def _resolved(est: Estimates, offline: bool | None, path: Path | None,
              records: list[dict[str, Any]], analyses: dict[str, Any] | None = None
              ) -> dict[str, Any]:
    study = est.study
    labels = {a.ticker: a.label for a in study.assets}
    events = []
    plan = est.plan
    for ev in study.events:
        al_rows = []
        for a in study.assets:
            row = plan.get(ev.id, a.ticker)
            al = row.alignment
            res = est.primary[(ev.id, a.ticker)]
            ws = []
            for w in est.windows[ev.id]:
                ew = extend(w, al.extension)
                # the plan's dates where it lists the window, else the estimate's
                dates = row.windows.get(w)
                lo = dates[0] if dates is not None else res.cars[ew].start_date
                hi = dates[-1] if dates is not None else res.cars[ew].end_date
                ws.append({"window": list(ew), "start": _d(lo), "end": _d(hi)})
            al_rows.append({"asset": a.ticker, "label": labels[a.ticker],
                            "calendar": row.calendar, "day0": _d(al.day0),
                            "last_day": _d(al.last_day), "extension": al.extension,
                            "rolled": al.rolled, "reason": al.reason, "windows": ws,
                            "estimation_start": _d(row.estimation_dates[0]),
                            "estimation_end": _d(row.estimation_dates[-1]),
                            "n_estimation": res.n_estimation, "n_excluded": row.n_excluded,
                            "excluded_dates": [_d(x) for x in row.excluded_dates]})
        events.append({"id": ev.id, "title": ev.title, "kind": ev.kind,
                       "when": _when(ev.when), "start": _d(ev.span[0]),
                       "timezone": ev.timezone, "note": ev.note, "alignments": al_rows})
    ctx = []
    for ev in study.context_events:
        day0s = {plan.calendars[t]: _d(al.day0) for (eid, t), al in plan.context.items()
                 if eid == ev.id}
        ctx.append({"id": ev.id, "title": ev.title, "when": _when(ev.when),
                    "start": _d(ev.span[0]), "timezone": ev.timezone,
                    "day0": day0s})
    overlaps = [{"asset": o.ticker, "first": o.first, "second": o.second, "kind": o.kind,
                 "start": _d(min(o.dates)), "end": _d(max(o.dates)), "n_days": len(o.dates)}
                for o in plan.overlaps if o.kind == "event_window"]
    notes = _headline_notes(est, events, records)
    return {
        "study": study.model_dump(mode="json", by_alias=True),
        "study_file": str(path) if path else None,
        # what the run actually did: --offline, $EVENTSTUDY_OFFLINE or data.source: cache
        "offline": est.data_info.get("offline",
                                     bool(offline) if offline is not None else None),
        "alpha": study.model.alpha,
        "price_field": study.data.price,
        "estimation_window": list(study.model.estimation_window),
        "assets": [{"ticker": a.ticker, "label": a.label, "calendar": est.calendars[a.ticker],
                    "model": study.model_for(a.ticker),
                    "benchmark": study.benchmark_for(a.ticker),
                    "alternative_model": est.alt_model.get(a.ticker)} for a in study.assets],
        "portfolios": {k: list(v) for k, v in est.portfolio_members.items()},
        "event_time_portfolios": {k: {"event_id": e, "members": list(g.members),
                                      "day0": {t: _d(d) for t, d in g.day0s.items()}}
                                  for (e, k), g in est.group_estimates.items()},
        "events": events, "context_events": ctx, "overlaps": overlaps,
        "provenance": est.provenance,
        "data_source": est.data_info,
        "analyses": analyses or {},
        "volatility_regime": {"threshold": VOLATILITY_RATIO_THRESHOLD,
                              "measure": "sd of the abnormal returns (out-of-sample residuals) "
                                         "of the 20 sessions before day 0 / estimation-window "
                                         "sigma (car.csv vol_ratio_day0)",
                              "n_pairs": len(est.primary), "flagged": est.vol_regime},
        "model_params": [{"event_id": e, "asset": t, "model": res.model,
                          **_param_fields(res),
                          "sigma": finite(res.sigma), "r2": finite(res.r2),
                          "n_estimation": res.n_estimation}
                         for (e, t), res in est.primary.items()],
        "headline_notes": notes, "versions": _versions(),
        "data_issues": [{"event_id": e, "asset": t, "kind": i.kind, "window": i.window,
                         "dates": [_d(x) for x in i.dates], "message": i.message}
                        for (e, t), items in est.issues.items() for i in items],
        "day0_differences": _day0_differences(events),
        "volatility_answers": _volatility_answers(est, records),
        "methods": {"returns": f"{study.data.returns} returns from {study.data.price}",
                    "prices": _prices_text(est.data_info),
                    "benchmark_join": "trade-to-trade: benchmark compounded over each asset "
                                      "session-to-session interval, joined by date",
                    "inference": "t (exact Var(CAR) incl. estimation error) and SQ "
                                 "(Gelbach, Helland & Klick 2013); BH across claims x targets",
                    "verdict_rule": "supported = CAR in the claimed direction and significant "
                                    "by t, SQ, the volatility of the 20 sessions before the "
                                    "window (t(19)) and ordinary sessions within 60 of day 0 "
                                    "(docs/methods.md)"},
    }


def _prices_text(info: dict[str, Any]) -> str:
    """Where the prices came from, in words (study.json ``methods.prices``)."""
    if info.get("source") == "csv":
        return (f"the study's CSV file {info['path']} ({info['layout']} layout, "
                f"sha256 {info['sha256']})")
    where = f"the price cache {info.get('cache', '')}"
    return where + (" (offline: cache only)" if info.get("offline") else
                    " (missing ranges downloaded from Yahoo Finance)")


def _when(w: dt.date | DateRange) -> str:
    if isinstance(w, DateRange):
        return f"{w.from_} to {w.to} (uncertain date)"
    return str(w)


_MARKETS = {"XNYS": "New York", "XSHG": "Shanghai", "XHKG": "Hong Kong", "XTKS": "Tokyo",
            "XLON": "London", "XETR": "Frankfurt", "CMEGlobex_Grains": "CBOT grains"}


def _day0_differences(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events whose day 0 differs across calendars: one row per calendar, with why."""
    out = []
    for ev in events:
        rows: dict[str, dict[str, Any]] = {}
        for al in ev["alignments"]:
            if al["calendar"] not in rows:
                rows[al["calendar"]] = {
                    "calendar": al["calendar"],
                    "market": _MARKETS.get(al["calendar"], al["calendar"]),
                    "day0": al["day0"], "weekday": f"{pd.Timestamp(al['day0']):%A}",
                    "reason": al["reason"], "assets": []}
            rows[al["calendar"]]["assets"].append(al["asset"])
        if len({r["day0"] for r in rows.values()}) > 1:
            out.append({"event_id": ev["id"], "title": ev["title"], "when": ev["when"],
                        "rows": sorted(rows.values(), key=lambda r: (r["day0"], r["market"]))})
    return out


def _volatility_answers(est: Estimates, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answer "is the benchmark's move distinguishable from its volatility at the time?".

    One answer per claim on the study benchmark: the estimation-window tests
    (t and SQ) and the volatility-regime re-test, in words.
    """
    bench = est.study.model.benchmark
    out: list[dict[str, Any]] = []
    if bench is None:
        return out
    # reactions to the event (windows starting at day -1 or later) first
    for r in sorted(records, key=lambda r: r["window"][0] < -1):
        m = next((m for m in r["members"] if m["target"] == bench), None)
        if m is None or m["car"] is None:
            continue
        res = est.primary[(r["event_id"], bench)]
        ab = res.abnormal.set_index("rel_day")
        a, b = r["window"]
        days = ab.loc[a:b]
        if len(days) <= 5:
            daily = "daily abnormal returns " + ", ".join(
                f"{d:%m-%d} {x * 100:+.2f}%" for d, x in
                zip(days["date"], days["abnormal_return"], strict=True))
        else:
            # pandas-stubs: idxmax returns a Hashable label, which .loc does not accept
            worst = days.loc[days["abnormal_return"].abs().idxmax()]  # type: ignore[call-overload]
            daily = (f"{len(days)} sessions; largest daily abnormal return "
                     f"{worst['abnormal_return'] * 100:+.2f}% on {worst['date']:%Y-%m-%d}")
        reg = m["regime"]
        # the answer is the verdict rule's own (claims.rule.decide): never contradicts the badge
        if m["decided_by"] in ("supported", "contradicted"):
            answer = "Yes"
        elif m["decided_by"] in ("regime", "local"):
            answer = ("Only against the calmer estimation window, not against the "
                      "volatility of the time")
        else:
            answer = "No"
        side = "two-sided" if r["direction"] == "any" else f"one-sided, {r['direction']}"
        detail = (f"CAR {m['car'] * 100:+.2f}% over {m['window_start']} to {m['window_end']} "
                  f"({daily}). Against the estimation window's "
                  f"normal volatility (sigma {res.sigma * 100:.2f}% a day) the t-test gives "
                  f"p = {m['p_value']:.3f} and the SQ test p = {m['p_value_sq']:.3f} "
                  f"({side}). ")
        if reg["z"] is not None:
            detail += (f"The 20 sessions before the window were {m['vol_ratio']:.2f} times as "
                       f"volatile as the estimation window (abnormal returns); scaled to that "
                       f"volatility, z = {reg['z']:.2f}, p = {reg['p_value']:.3f}.")
        if m.get("p_value_local") is not None:
            detail += (f" Against ordinary sessions around the event, p = "
                       f"{m['p_value_local']:.3f}.")
        prev = float(ab["abnormal_return"].get(-1, math.nan)) if a == 0 else math.nan
        if not math.isnan(prev):
            if abs(prev) > 2 * res.sigma:
                detail += (f" The big move came the session before the window, "
                           f"{pd.Timestamp(ab['date'].loc[-1]):%Y-%m-%d} (day -1, abnormal "
                           f"return {prev * 100:+.2f}%), outside it.")
        out.append({
            "claim_id": r["id"], "target": bench, "label": m["label"],
            "question": (f"Is the {m['label']}'s move on {m['window_start']} to "
                         f"{m['window_end']} ({r['id']}, window {r['window_label']}) "
                         "distinguishable from its normal volatility at that time?"),
            "answer": answer,
            "detail": detail,
        })
    return out


def _headline_notes(est: Estimates, events: list[dict[str, Any]],
                    records: list[dict[str, Any]]) -> list[str]:
    notes = []
    for d in _day0_differences(events):
        parts = "; ".join(f"{r['day0']} in {r['market']} ({r['calendar']})" for r in d["rows"])
        notes.append(f"Day 0 differs across markets for {d['event_id']} ({d['when']}): "
                     f"{parts}. {d['rows'][-1]['reason']}")
    for q in _volatility_answers(est, records):
        notes.append(f"{q['question']} {q['answer']}. {q['detail']}")
    return notes


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, pd.Timestamp):
        return _d(obj)
    if hasattr(obj, "item"):
        return _clean(obj.item())
    return obj


def _write_files(result: StudyResult, out: Path) -> None:
    """Write every output file into ``out`` (a fresh temporary folder)."""
    ar = result.abnormal_returns.copy()
    ar["date"] = pd.to_datetime(ar["date"]).dt.strftime("%Y-%m-%d")
    ar["day0"] = pd.to_datetime(ar["day0"]).dt.strftime("%Y-%m-%d")
    ar.to_csv(out / "abnormal_returns.csv", index=False, float_format="%.10g")
    car = result.cars.copy()
    for c in ("day0", "window_start", "window_end", "estimation_start", "estimation_end"):
        car[c] = pd.to_datetime(car[c]).dt.strftime("%Y-%m-%d")
    car.to_csv(out / "car.csv", index=False, float_format="%.10g")
    claims = {"claims": _clean(list(result.claim_records))}
    (out / "claims.json").write_text(json.dumps(claims, indent=2), encoding="utf-8")
    (out / "study.json").write_text(json.dumps(_clean(result.resolved), indent=2),
                                    encoding="utf-8")
    result.to_html(out / "report.html")
    (out / "summary.md").write_text(result.to_markdown(), encoding="utf-8")


def write_outputs(result: StudyResult, out: Path, *, force: bool = False,
                  cache_dir: Path | None = None) -> None:
    """Write report.html, abnormal_returns.csv, car.csv, claims.json and study.json.

    All files are written into a temporary folder beside ``out`` and moved
    into place at once (:func:`eventstudy.pipeline.outputs.publish`); ``out``
    is checked first (:func:`~eventstudy.pipeline.outputs.check_out`: no
    links, not in the cache, no file eventstudy did not write unless ``force``).
    """
    out = check_out(out, cache_dir=cache_dir, force=force)
    try:
        publish(out, lambda tmp: _write_files(result, tmp))
    except OSError as exc:
        raise ReportError(f"cannot write the outputs to {out}: {exc.strerror or exc}",
                          hint="choose another folder with --out DIR") from exc


def default_out(path: Path | None) -> Path:
    """``reports/<study file stem>/`` (``reports/study/`` for a Python-built study)."""
    return Path("reports") / (path.stem if path else "study")


def run(path_or_study: str | Path | Study | dict[str, Any], *, out: str | Path | None = None,
        offline: bool | None = None, progress: Callable[[str], None] | None = None,
        cache: str | Path | None = None, force: bool = False) -> StudyResult:
    """Run a study end to end: prices, alignment, estimation, tests, verdicts, report.

    Parameters
    ----------
    path_or_study
        A study file (YAML), a :class:`~eventstudy.spec.Study`, or a dict of
        the study file's fields (validated like the file).
    out
        Folder for the output files; None writes nothing (call
        :meth:`StudyResult.to_html` yourself). The CLI passes
        ``reports/<study stem>/`` by default.
    offline
        Use the price cache only (None: ``$EVENTSTUDY_OFFLINE == "1"``).
    cache
        Price cache folder, overriding the study's ``data.cache`` (None: the
        study's ``data.cache`` relative to the study file, else
        ``$EVENTSTUDY_CACHE``, else ``./cache``).
    force
        Replace output files of the same names that eventstudy did not write.
    progress
        Called with short status lines (the CLI prints them on stderr).

    Returns
    -------
    StudyResult
        Tidy frames (``abnormal_returns``, ``cars``, ``claims``), claim
        records and the resolved study.

    Examples
    --------
    >>> import eventstudy  # doctest: +SKIP
    >>> res = eventstudy.run("studies/trade_talks.yaml", out="reports/x")  # doctest: +SKIP
    >>> print(res.summary())  # doctest: +SKIP
    """
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    if isinstance(path_or_study, Study):
        study, path = path_or_study, path_or_study.path
    elif isinstance(path_or_study, str | Path):
        path = Path(path_or_study)
        say(f"reading {path}")
        study = Study.from_yaml(path)
    elif isinstance(path_or_study, dict):  # the study file's fields, as Python data
        study = Study(**{str(k): v for k, v in path_or_study.items()})
        path = None
    else:
        raise SpecError(SpecIssue("", f"run() takes a study file path, a Study or a dict of "
                                  f"its fields, not {type(path_or_study).__name__}",
                                  hint="pass 'studies/x.yaml', Study(...) or a dict"))
    study = with_cache(study, cache)
    if out is not None:  # refuse a bad output folder before any work
        out = check_out(out, cache_dir=study_cache_dir(study), force=force)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est = load(study, offline=offline, progress=say)
        estimate_all(est, say)
        analyses = _analyses(est, say)
        placebos = estimate_placebos(est)  # every claim's pseudo-events, on the engine
        say("judging claims")
        records, claims = judge_claims(est, placebos)
        judge_activity_claims(est, records, claims)  # measure: volume | volatility
    seen: list[str] = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in seen:
            seen.append(text)
    resolved = _resolved(est, offline, Path(path) if path else None, records, analyses)
    cols = [t for t in est.prices.columns if t in {a.ticker for a in study.assets}]
    result = StudyResult(
        abnormal_returns=_ar_frame(est), cars=_car_frame(est), claims=claims,
        claim_records=tuple(records), resolved=resolved, prices=est.prices[cols],
        warnings=tuple(seen), out=Path(out) if out is not None else None,
        elapsed=time.perf_counter() - t0,
    )
    if out is not None:
        say(f"writing report to {out}")
        write_outputs(result, Path(out), force=force, cache_dir=study_cache_dir(study))
    return result
