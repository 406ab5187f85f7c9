"""Pipeline step 1: load prices, align events, estimate every (event, asset).

Day 0, its reason, window dates and the estimation-window exclusions all come
from :func:`eventstudy.calendar.plan_study` (the same plan ``eventstudy
validate`` prints), so ``validate`` and ``run`` cannot disagree.

Also forms the equal-weighted portfolio of a group claim whose members share
a calendar, day 0 and model (the time-series portfolio approach), and the
alternative-model estimate used for robustness.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from eventstudy._typing import date_index
from eventstudy.calendar.align import Alignment
from eventstudy.calendar.plan import StudyPlan, plan_study
from eventstudy.calendar.sessions import sessions
from eventstudy.data import (
    PriceCache,
    load_ohlcv,
    load_prices,
    resolve_cache_dir,
    resolve_offline,
)
from eventstudy.data.sanity import (
    EQUAL_BENCHMARK_RATIO,
    SanityIssue,
    benchmark_equals_asset,
    check_returns,
    emit,
)
from eventstudy.exceptions import (
    CacheMissError,
    ProviderUnreachableError,
    ThinTradingWarning,
    VolatilityRegimeWarning,
)
from eventstudy.models.factors import FACTOR_MODELS
from eventstudy.models.join import asset_returns, trade_to_trade
from eventstudy.models.specs import FactorModel, ModelSpec
from eventstudy.pipeline.coverage import required_data
from eventstudy.pipeline.csvprices import load_csv_prices
from eventstudy.pipeline.engine_path import Job, estimate_jobs, session_days
from eventstudy.pipeline.eventtime import EventTimeEstimate, estimate_event_time
from eventstudy.pipeline.explain import explain_unreachable
from eventstudy.pipeline.needs import (  # noqa: F401 (ROBUST_WINDOWS, event_windows re-exported)
    ROBUST_WINDOWS,
    _alternative,
    _factor_models,
    _factors,
    _needed_tickers,
    _robustness_only,
    _user_text,
    event_windows,
)
from eventstudy.spec import Study
from eventstudy.stats.abnormal import PRE_EVENT_SESSIONS, EventEstimate, estimate_event
from eventstudy.stats.multi import portfolio_returns
from eventstudy.stats.regime import VOLATILITY_RATIO_THRESHOLD, volatile_regime

Progress = Callable[[str], None]
def extend(window: tuple[int, int], extension: int) -> tuple[int, int]:
    """Extend a window to cover an uncertain date range (``b + extension``)."""
    return (int(window[0]), int(window[1]) + int(extension))


#: the maps of :class:`Estimates` that become read-only views once estimation ends
_SEALED_MAPS = ("calendars", "returns", "benchmarks", "alignments", "windows", "primary", "kinds",
                "alternative", "alt_model", "portfolios", "portfolio_members", "excluded",
                "group_estimates", "volumes", "issues")


@dataclass
class Estimates:
    """The inputs and estimates of one run (internal).

    Built in two steps -- :func:`load` (prices, returns, plan) and
    :func:`estimate_all` (every estimate, group portfolios included) -- and
    then sealed: attributes cannot be reassigned and the maps are read-only
    views (:class:`types.MappingProxyType`), so judging and the output
    writers read the estimates and cannot change them.
    """

    study: Study
    plan: StudyPlan
    prices: pd.DataFrame
    calendars: dict[str, str]
    returns: dict[str, pd.Series]
    benchmarks: dict[tuple[str, str], pd.Series]
    alignments: dict[tuple[str, str], Alignment]
    windows: dict[str, list[tuple[int, int]]]
    primary: dict[tuple[str, str], EventEstimate] = field(default_factory=dict)
    alternative: dict[tuple[str, str], EventEstimate] = field(default_factory=dict)
    alt_model: dict[str, str] = field(default_factory=dict)
    portfolios: dict[tuple[str, str], EventEstimate] = field(default_factory=dict)
    portfolio_members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provenance: list[dict[str, Any]] = field(default_factory=list)
    excluded: dict[tuple[str, str], pd.DatetimeIndex] = field(default_factory=dict)
    group_estimates: dict[tuple[str, str], Any] = field(default_factory=dict)
    volumes: dict[str, pd.Series] = field(default_factory=dict)
    issues: dict[tuple[str, str], list[SanityIssue]] = field(default_factory=dict)
    data_info: dict[str, Any] = field(default_factory=dict)
    factors: pd.DataFrame | None = None
    #: cached Fama-French / Carhart factors by model kind (see _factor_models)
    ff_factors: dict[str, pd.DataFrame] = field(default_factory=dict)
    vol_regime: list[dict[str, Any]] = field(default_factory=list)
    #: ticker -> (model kind, benchmark) of each asset (the study's, looked up once)
    kinds: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def kind(self, ticker: str) -> tuple[str, str | None]:
        """``(study.model_for(ticker), study.benchmark_for(ticker))``, from a dict."""
        got = self.kinds.get(ticker)
        if got is None:
            got = (self.study.model_for(ticker), self.study.benchmark_for(ticker))
        return got

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_sealed", False):
            raise AttributeError(f"Estimates are read-only after estimation (set {name!r})")
        super().__setattr__(name, value)

    def seal(self) -> None:
        """Make the estimates read-only (called at the end of :func:`estimate_all`)."""
        for name in _SEALED_MAPS:
            object.__setattr__(self, name, MappingProxyType(getattr(self, name)))
        object.__setattr__(self, "vol_regime", tuple(self.vol_regime))
        object.__setattr__(self, "_sealed", True)


#: calendar days after an event's last day shown in the report's timeline chart
CHART_PAD_DAYS = 14


def _explain_miss(exc: CacheMissError, study: Study, cache_dir: Any) -> CacheMissError:
    """Say why a study run is offline and how to fix the miss (typo, or a shorter window)."""
    message = exc.message
    if study.data.source == "cache":
        message = message.replace("(EVENTSTUDY_OFFLINE=1 or --offline)",
                                  "(the study's data.source is 'cache')")
    cache = PriceCache(resolve_cache_dir(cache_dir))
    ticker = exc.ticker
    if ticker in {a.ticker for a in study.assets} and cache.meta(ticker) is None:
        close = cache.closest_ticker(ticker)
        typo = f"is it a typo for {close!r}? " if close else ""
        return CacheMissError(
            f"{ticker!r} is not in the cache folder {cache.folder} at all, and offline "
            "nothing is downloaded" + message[message.rindex(" ("):],
            hint=f"{typo}`python -m eventstudy cache list` shows the cached tickers; "
            f"else {exc.hint}", ticker=ticker)
    t0, t1 = study.model.estimation_window
    return CacheMissError(
        message,
        hint=f"{exc.hint}; or, when the missing dates are before the events, shorten "
        f"model.estimation_window [{t0}, {t1}] so it starts inside the cached prices "
        "(`python -m eventstudy cache list` shows each ticker's first date)", ticker=exc.ticker)


def load(study: Study, *, offline: bool | None, progress: Progress) -> Estimates:
    """Load prices and build each asset's returns and benchmark returns.

    Parameters
    ----------
    study
        The study.
    offline
        Cache only (None: ``$EVENTSTUDY_OFFLINE``).
    progress
        Callback for status lines.

    Returns
    -------
    Estimates
        Working state with prices, returns and alignments filled in.
    """
    cache_dir = study.resolve(study.data.cache) if study.data.cache else None
    plan = plan_study(study)
    cals = dict(plan.calendars)
    if study.data.source == "cache":
        offline = True  # the study asks for the cache only, never the network
    from eventstudy.pipeline.coverage import load_spans, study_cache_dir

    # offline, every missing ticker and range is refused at once, naming the folder
    spans = load_spans(study, plan, offline=resolve_offline(offline))
    if study.data.source != "csv":  # placebo check: cached sessions around the events
        from eventstudy.pipeline.placebo import pad_spans_from_cache
        spans = pad_spans_from_cache(spans, cache_dir)
    needed = list(spans)
    start, end = min(a for a, _ in spans.values()), max(b for _, b in spans.values())
    progress(f"loading prices for {len(needed)} tickers ({start:%Y-%m-%d} to {end:%Y-%m-%d})")
    field_ = "adj_close" if study.data.price == "adj_close" else "close"
    by_span: dict[tuple[pd.Timestamp, pd.Timestamp], list[str]] = {}
    for t, sp in spans.items():
        by_span.setdefault(sp, []).append(t)
    data_info: dict[str, Any]
    if study.data.source == "csv":
        progress(f"reading prices from {study.data.path}")
        got = load_csv_prices(study, spans, required_data(study, plan, chart=False), cals,
                              field_, _user_text(study, cals), _robustness_only(study, cals))
        prices, prov, volumes, data_info = got.prices, got.provenance, got.volumes, got.info
        if data_info["skipped"]:
            progress(f"{', '.join(data_info['skipped'])} not in {study.data.path}: "
                     "no alternative-model check on it")
    else:
        try:
            frames = [load_prices(ts, a, b, field=field_, offline=offline, cache_dir=cache_dir)
                      for (a, b), ts in by_span.items()]
        except CacheMissError as exc:
            raise _explain_miss(exc, study, cache_dir) from None
        except ProviderUnreachableError as exc:
            raise explain_unreachable(exc, study, plan, cache_dir) from None
        prices = pd.concat(frames, axis=1, sort=True)[needed]
        prices.index.name = "date"
        prov = []
        volumes = {}
        for t in needed:
            hist = load_ohlcv(t, spans[t][0], spans[t][1], offline=True, cache_dir=cache_dir)
            prov.append(_provenance(t, hist.meta, prices[t], field_))
            if "Volume" in hist.frame.columns:
                volumes[t] = hist.frame["Volume"]
        data_info = {"source": study.data.source,
                     "cache": str(study_cache_dir(study)),
                     "offline": resolve_offline(offline)}
    returns: dict[str, pd.Series] = {}
    benchmarks: dict[tuple[str, str], pd.Series] = {}
    sess_cache: dict[str, pd.DatetimeIndex] = {}
    for a in study.assets:
        cal = cals[a.ticker]
        if cal not in sess_cache:
            s = sessions(cal, start, end)
            sess_cache[cal] = pd.DatetimeIndex(s, name="date")
        s = sess_cache[cal]
        returns[a.ticker] = asset_returns(prices[a.ticker].dropna(), s, study.data.returns)
        for b in (study.benchmark_for(a.ticker), _alternative(study, a.ticker, cal)[1]):
            if b and b in prices.columns:  # a robustness benchmark may be absent (CSV)
                benchmarks[(a.ticker, b)] = trade_to_trade(prices[b].dropna(), s,
                                                           study.data.returns)
    alignments = {(r.event_id, r.ticker): r.alignment for r in plan.rows}
    windows = {ev.id: event_windows(study, ev.id) for ev in study.events}
    excluded = {(r.event_id, r.ticker): pd.DatetimeIndex(r.excluded_dates, name="date")
                for r in plan.rows}
    factors = _factors(study, plan) if any(
        study.model_for(a.ticker) == "factor" for a in study.assets) else None
    ff_factors = _factor_models(study, plan, cals, cache_dir)
    if ff_factors:  # provenance of the Fama-French factors in study.json's data_source
        data_info["factors"] = {k: {"vintage": f.attrs.get("vintage"),
                                    "datasets": f.attrs.get("datasets"),
                                    "first_date": f"{f.index[0]:%Y-%m-%d}",
                                    "last_date": f"{f.index[-1]:%Y-%m-%d}",
                                    "source": "Kenneth R. French Data Library (daily)"}
                                for k, f in ff_factors.items()}
    kinds = {a.ticker: (study.model_for(a.ticker), study.benchmark_for(a.ticker))
             for a in study.assets}
    return Estimates(study, plan, prices, cals, returns, benchmarks, alignments, windows,
                     provenance=prov, excluded=excluded, volumes=volumes, data_info=data_info,
                     factors=factors, ff_factors=ff_factors, kinds=kinds)


def _provenance(ticker: str, meta: dict[str, Any], series: pd.Series, field_: str
                ) -> dict[str, Any]:
    prov = meta.get("provenance") or {}
    man = prov.get("manifest") or {}
    check = meta.get("session_check") or {}
    s = series.dropna()
    return {
        "ticker": ticker,
        "name": man.get("name", ""),
        "source": man.get("source") or prov.get("text") or meta.get("provider", ""),
        "cache_source": meta.get("source", ""),
        "price_field": field_,
        "first_date": f"{s.index.min():%Y-%m-%d}" if len(s) else "",
        "last_date": f"{s.index.max():%Y-%m-%d}" if len(s) else "",
        "rows": int(len(s)),
        "cache_first_date": meta.get("first_date"), "cache_last_date": meta.get("last_date"),
        "cache_rows": meta.get("rows"),
        "calendar": check.get("calendar", ""),
        "missing_sessions": ", ".join(map(str, check.get("missing", []))) or "none",
        "extra_rows": ", ".join(map(str, check.get("extra", []))) or "none",
        "retrieved": meta.get("retrieved_at") or prov.get("imported_at") or "",
        "sha256": meta.get("sha256") or prov.get("file_sha256") or "",
        "cross_check": man.get("cross_check", ""),
    }


def exclusion_dates(est: Estimates, event_id: str, ticker: str) -> pd.DatetimeIndex:
    """Estimation dates dropped for other events (the study plan's ``excluded_dates``)."""
    return est.excluded[(event_id, ticker)]


def _run_one(est: Estimates, ticker: str, returns: pd.Series, event_id: str, model: str,
             bench: str | None, al: Alignment, asset: str, *, check_data: bool = True
             ) -> EventEstimate:
    study = est.study
    bm = est.benchmarks.get((ticker, bench)) if bench else None
    spec: str | ModelSpec = model
    if model == "factor":
        spec = FactorModel(factors=est.factors if est.factors is not None else pd.DataFrame())
    elif model in FACTOR_MODELS:
        spec = FACTOR_MODELS[model](factors=est.ff_factors[model])
    ws = [extend(w, al.extension) for w in est.windows[event_id]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = estimate_event(
            returns, bm, al.day0, model=spec,
            estimation_window=study.model.estimation_window, event_windows=ws,
            exclude=exclusion_dates(est, event_id, ticker),
            min_estimation_days=study.model.min_estimation_days, event_id=event_id,
            asset=asset, check_data=check_data,
        )
    # estimate_event sees returns only: with the asset's volume at hand, thin trading is
    # re-checked in series_issues (an unchanged close on normal volume is no thin trading)
    drop_thin = ticker in est.volumes
    for w in caught:
        if drop_thin and issubclass(w.category, ThinTradingWarning):
            continue
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return res


def _job(est: Estimates, ticker: str, returns: pd.Series, event_id: str, model: str,
         bench: str | None, al: Alignment, asset: str) -> Job:
    """Describe what :func:`_run_one` would estimate as an engine job."""
    return Job(event_id, asset, est.calendars[ticker], model, returns,
               est.benchmarks.get((ticker, bench)) if bench else None, al.day0,
               tuple(extend(w, al.extension) for w in est.windows[event_id]),
               exclusion_dates(est, event_id, ticker), est.ff_factors.get(model))


def _engine_estimates(est: Estimates, alts: dict[str, tuple[str, str | None]]
                      ) -> dict[tuple[str, str, str], EventEstimate | None]:
    """Every primary and alternative estimate the engine computes, in one call per group.

    Keys ``(role, event_id, ticker)``; None where :func:`_run_one` must run
    (see :mod:`eventstudy.pipeline.engine_path`).
    """
    study = est.study
    keys: list[tuple[str, str, str]] = []
    jobs: list[Job] = []
    for ev in study.events:
        for a in study.assets:
            al = est.alignments[(ev.id, a.ticker)]
            r = est.returns[a.ticker]
            keys.append(("primary", ev.id, a.ticker))
            jobs.append(_job(est, a.ticker, r, ev.id, *est.kind(a.ticker), al, a.ticker))
            alt_kind, alt_bench = alts[a.ticker]
            keys.append(("alternative", ev.id, a.ticker))
            jobs.append(_job(est, a.ticker, r, ev.id, alt_kind, alt_bench, al, a.ticker))
    t0, t1 = study.model.estimation_window
    done = estimate_jobs(jobs, estimation_window=(t0, t1),
                         min_estimation_days=study.model.min_estimation_days)
    return dict(zip(keys, done, strict=True))


def estimate_all(est: Estimates, progress: Progress) -> None:
    """Primary and alternative-model estimates for every (event, asset).

    The pairs of the models the batch engine fits go through it, one call
    per (model, calendar) group (:func:`_engine_estimates`); the
    others through :func:`~eventstudy.stats.abnormal.estimate_event`. The
    data sanity checks run once per asset series for all its events
    (:func:`series_issues`), not once per estimate.
    """
    study = est.study
    n = len(study.events) * len(study.assets)
    issues = series_issues(est)
    progress(f"estimating {n} event/asset pairs")
    # the robustness model of each asset (its factor-file check runs once per asset)
    alts = {a.ticker: _alternative(study, a.ticker, est.calendars[a.ticker])
            for a in study.assets}
    engine = _engine_estimates(est, alts)
    k = 0
    for ev in study.events:
        for a in study.assets:
            k += 1
            al = est.alignments[(ev.id, a.ticker)]
            r = est.returns[a.ticker]
            kind, bench = est.kind(a.ticker)
            est.primary[(ev.id, a.ticker)] = engine[("primary", ev.id, a.ticker)] or _run_one(
                est, a.ticker, r, ev.id, kind, bench, al, a.ticker, check_data=False)
            found, thin = issues.get((ev.id, a.ticker), ([], None))
            emit([i for i in found if thin is None or i.kind != "thin_trading"])
            found = found + _same_as_benchmark(est, ev.id, a.ticker)
            if thin is not None:
                emit(thin)
                found = [i for i in found if i.kind != "thin_trading"] + thin
            est.issues[(ev.id, a.ticker)] = found
            alt_kind, alt_bench = alts[a.ticker]
            if alt_kind == "market" and (alt_bench is None
                                         or (a.ticker, alt_bench) not in est.benchmarks):
                continue
            est.alt_model[a.ticker] = alt_kind + (
                f" on {alt_bench}" if alt_bench else
                f" (FF {est.ff_factors[alt_kind].attrs.get('vintage')})"
                if alt_kind in est.ff_factors else "")
            est.alternative[(ev.id, a.ticker)] = engine[
                ("alternative", ev.id, a.ticker)] or _run_one(
                est, a.ticker, r, ev.id, alt_kind, alt_bench, al, a.ticker, check_data=False)
    est.vol_regime = volatility_regime(est)
    estimate_groups(est)
    est.seal()


def estimate_groups(est: Estimates) -> None:
    """Estimate every group target the claims need, before any claim is judged.

    A claim on two or more assets is judged on its group's equal-weighted
    portfolio: in calendar time when the members share calendar, day 0 and
    model (:func:`estimate_portfolio`), else in event time
    (:func:`event_time_portfolio`). Judging only reads ``est.portfolios``
    and ``est.group_estimates``.
    """
    study = est.study
    for c in study.claims:
        tickers = study.claim_tickers(c)
        if len(tickers) < 2:
            continue
        key = portfolio_key(tickers, tuple(c.assets), study)
        if can_pool(est, c.event, tickers)[0]:
            estimate_portfolio(est, c.event, key, tickers)
        else:
            event_time_portfolio(est, c.event, key + " (event time)", tickers)


def event_time_portfolio(est: Estimates, event_id: str, key: str, tickers: tuple[str, ...]
                         ) -> EventTimeEstimate:
    """Event-time portfolio of a group spanning calendars (cached per event and group)."""
    if (event_id, key) not in est.group_estimates:
        est.group_estimates[(event_id, key)] = estimate_event_time(
            key, event_id, {t: est.primary[(event_id, t)] for t in tickers},
            {t: date_index(est.returns[t]) for t in tickers},
            {t: est.alignments[(event_id, t)].extension for t in tickers},
            est.windows[event_id], sorted({est.calendars[t] for t in tickers}))
    return est.group_estimates[(event_id, key)]


def volatility_regime(est: Estimates) -> list[dict[str, Any]]:
    r"""Warn once about every (event, asset) whose pre-event volatility ratio is large.

    Each primary estimate's ratio :math:`VR = s_{pre}/\hat\sigma`
    (``EventEstimate.vol_ratio``: standard deviation of the abnormal returns of
    the 20 sessions before **day 0**, sessions -20 to -1, over the estimation-window
    residual volatility; the same number as ``vol_ratio_day0`` in
    ``car.csv`` and the report's diagnostics table) is tested with
    :func:`eventstudy.stats.regime.volatile_regime` (the rule of
    ``check_volatility_regime``); the pairs it
    flags (:math:`VR >` its threshold, 1.5) are then issued as ONE
    :class:`~eventstudy.exceptions.VolatilityRegimeWarning` listing them by
    event, so the CLI prints one line however many pairs there are.

    Returns
    -------
    list of dict
        ``event_id, asset, vol_ratio`` of the flagged pairs, in study order
        (also stored as ``volatility_regime`` in ``study.json``).
    """
    flagged: list[dict[str, Any]] = [
        {"event_id": event_id, "asset": ticker, "vol_ratio": float(res.vol_ratio)}
        for (event_id, ticker), res in est.primary.items() if volatile_regime(res.vol_ratio)]
    if flagged:
        listed, more = flagged, ""
        if len(flagged) > MAX_LISTED_REGIME_PAIRS:  # one readable line for a large study
            top = sorted(range(len(flagged)), key=lambda i: -flagged[i]["vol_ratio"])
            keep = sorted(top[:MAX_LISTED_REGIME_PAIRS])
            listed = [flagged[i] for i in keep]
            more = (f"; the {MAX_LISTED_REGIME_PAIRS} largest shown, every pair in "
                    "study.json volatility_regime and car.csv vol_ratio_day0")
        by_event: dict[str, list[str]] = {}
        for f in listed:
            by_event.setdefault(f["event_id"], []).append(f"{f['asset']} {f['vol_ratio']:.2f}")
        pairs = "; ".join(f"{e}: {', '.join(v)}" for e, v in by_event.items()) + more
        warnings.warn(
            f"{len(flagged)} of {len(est.primary)} event/asset pairs had an abnormal-return "
            f"volatility in the {PRE_EVENT_SESSIONS} sessions before day 0 more than "
            f"{VOLATILITY_RATIO_THRESHOLD:g}x their estimation-window residual volatility, so "
            f"their t and SQ tests over-reject (ratio per pair: {pairs}); the verdicts also "
            "test each claim against the volatility before its own window (car.csv: "
            "vol_ratio per window)",
            VolatilityRegimeWarning, stacklevel=2)
    return flagged


#: pairs named in the VolatilityRegimeWarning line (the largest ratios when more)
MAX_LISTED_REGIME_PAIRS = 20


def window_label(event_id: str, window: tuple[int, int]) -> str:
    """Return the window label ``estimate_event`` gives its data-sanity issues."""
    return f"event '{event_id}' window [{window[0]},{window[1]}]"


def _same_as_benchmark(est: Estimates, event_id: str, ticker: str) -> list[SanityIssue]:
    """Warn and return issues when the asset's returns equal its benchmark's (clean window)."""
    bench = est.kind(ticker)[1]
    if not (bench and (ticker, bench) in est.benchmarks):
        return []
    t0, t1 = est.study.model.estimation_window
    r, b = est.returns[ticker], est.benchmarks[(ticker, bench)]
    if _clearly_different(r, b, est.alignments[(event_id, ticker)].day0, (t0, t1),
                          est.excluded[(event_id, ticker)]):
        return []
    same = benchmark_equals_asset(
        ticker, bench, r, b, est.plan.get(event_id, ticker).clean_estimation_dates,
        f"estimation window [{t0:+d},{t1:+d}] of event '{event_id}'")
    emit(same)
    return same


def _clearly_different(r: pd.Series, b: pd.Series, day0: pd.Timestamp, window: tuple[int, int],
                       excluded: pd.DatetimeIndex) -> bool:
    """Whether the benchmark is far from equal to the asset on the clean estimation window.

    A screen in plain numpy on positions (the same days as the plan's clean
    estimation dates): True only with a 10 % margin over
    :data:`~eventstudy.data.sanity.EQUAL_BENCHMARK_RATIO`, so
    :func:`~eventstudy.data.sanity.benchmark_equals_asset` decides every
    case near the line.
    """
    if not r.index.equals(b.index):
        return False
    stamps = session_days(r.index)
    p0 = int(np.searchsorted(stamps, session_days([day0])[0]))
    if p0 >= len(stamps) or stamps[p0] != session_days([day0])[0]:
        return False
    lo, hi = max(p0 + window[0], 0), min(max(p0 + window[1] + 1, 0), len(stamps))
    keep = np.ones(max(hi - lo, 0), bool)
    d = session_days(excluded)
    pos = np.searchsorted(stamps, d)
    pos = pos[(pos < len(stamps)) & (stamps[np.minimum(pos, len(stamps) - 1)] == d)] - lo
    keep[pos[(pos >= 0) & (pos < len(keep))]] = False
    a, m = r.to_numpy()[lo:hi][keep], b.to_numpy()[lo:hi][keep]
    ok = np.isfinite(a) & np.isfinite(m)
    if ok.sum() < 3:
        return True  # benchmark_equals_asset needs three days
    sd_a = float(np.std(a[ok], ddof=1))
    sd_d = float(np.std(a[ok] - m[ok], ddof=1))
    return sd_a > 0 and sd_d > 1.1 * EQUAL_BENCHMARK_RATIO * sd_a


def series_issues(est: Estimates) -> dict[tuple[str, str], tuple[list[SanityIssue],
                                                                 list[SanityIssue] | None]]:
    """Return the data sanity issues of every (event, asset), checking each series once.

    One :func:`~eventstudy.data.sanity.check_returns` call per asset covers
    the estimation window and every (extended) event window of all its
    events, labelled as ``estimate_event`` labels them, so each issue can be
    placed next to the CAR of the window it names. When the asset's volume
    is known, thin trading is checked again with it (zero volume; an
    unchanged price only on zero, missing or low volume, see
    :func:`eventstudy.data.sanity.without_trading`), also once per asset.

    Returns
    -------
    dict
        ``(event_id, ticker) -> (issues from the returns, thin-trading issues
        with volume or None when no volume is known)``.
    """
    study = est.study
    t0, t1 = study.model.estimation_window
    out: dict[tuple[str, str], tuple[list[SanityIssue], list[SanityIssue] | None]] = {}
    for a in study.assets:
        r = est.returns[a.ticker]
        index = pd.DatetimeIndex(r.index)
        n = len(index)
        wins: dict[str, pd.DatetimeIndex] = {}
        owner: dict[str, str] = {}
        for ev in study.events:
            al = est.alignments[(ev.id, a.ticker)]
            p = int(index.searchsorted(al.day0))
            if p >= n or index[p] != al.day0:
                continue  # estimate_event refuses this pair with its own message
            parts = [(f"estimation window [{t0:+d},{t1:+d}] of event '{ev.id}'", (t0, t1))]
            parts += [(window_label(ev.id, w), w)
                      for w in (extend(w, al.extension) for w in est.windows[ev.id])]
            for label, (lo, hi) in parts:
                wins[label] = index[min(max(p + lo, 0), n):min(max(p + hi + 1, 0), n)]
                owner[label] = ev.id
        vol = est.volumes.get(a.ticker)
        wins = _suspect_windows(a.ticker, r, wins, vol)
        found = check_returns(a.ticker, r, wins)
        thin = None if vol is None else [
            i for i in check_returns(a.ticker, r, wins, volume=vol,
                                     log=study.data.returns == "log")
            if i.kind == "thin_trading"]
        for ev in study.events:
            out[(ev.id, a.ticker)] = (
                [i for i in found if owner[i.window] == ev.id],
                None if thin is None else [i for i in thin if owner[i.window] == ev.id])
    return out


def _suspect_windows(ticker: str, returns: pd.Series, wins: dict[str, pd.DatetimeIndex],
                     volume: pd.Series | None) -> dict[str, pd.DatetimeIndex]:
    """Keep the windows in which :func:`~eventstudy.data.sanity.check_returns` can find issues.

    An exact screen, so the checks run on few windows instead of every one:
    a window can hold a missing session, an unchanged price or a zero
    volume only where a return is missing or (near) zero or the volume is
    not positive; a price spike or split-like jump is looked for once on the
    whole series, and if there is any, every window is kept.
    """
    if not wins:
        return wins
    whole = check_returns(ticker, returns, {"whole series": pd.DatetimeIndex(returns.index)})
    if any(i.kind in ("price_spike", "split_like_jump") for i in whole):
        return wins
    r = returns.to_numpy(dtype=float)
    odd = ~np.isfinite(r) | (np.abs(r) <= 1e-12)
    if volume is not None:
        v = pd.Series(volume, dtype=float).reindex(returns.index).to_numpy()
        odd |= ~(v > 0)
    odd_dates = session_days(returns.index)[odd]
    return {label: d for label, d in wins.items()
            if len(d) and np.isin(session_days(d), odd_dates).any()}


def issue_messages(est: Estimates, event_id: str, tickers: tuple[str, ...] | list[str],
                   windows: dict[str, tuple[int, int]]) -> list[str]:
    """Messages of the data issues affecting these tickers' CARs over their windows.

    ``windows`` maps ticker -> its (extended) window; issues in that window or
    in the estimation window are returned, de-duplicated, in order.
    """
    out: list[str] = []
    for t in tickers:
        label = window_label(event_id, windows[t])
        for i in est.issues.get((event_id, t), []):
            if (i.window == label or i.window.startswith("estimation window")) \
                    and i.message not in out:
                out.append(i.message)
    return out


def portfolio_key(tickers: tuple[str, ...], names: tuple[str, ...], study: Study) -> str:
    """Target id of a group's portfolio, e.g. ``portfolio:us_indices``."""
    label = "+".join(n for n in names if n in study.groups) or "+".join(tickers)
    return f"portfolio:{label}"


def can_pool(est: Estimates, event_id: str, tickers: tuple[str, ...]) -> tuple[bool, str]:
    """Whether members share calendar, day 0, model and benchmark (portfolio approach)."""
    if len(tickers) < 2:
        return False, "single asset"
    cals = {est.calendars[t] for t in tickers}
    days = {est.alignments[(event_id, t)].day0 for t in tickers}
    models = {est.kind(t) for t in tickers}
    if len(cals) > 1:
        return False, f"members trade on different calendars ({', '.join(sorted(cals))})"
    if len(days) > 1:
        return False, "members have different day 0"
    if len(models) > 1:
        return False, "members use different models"
    return True, f"equal-weighted portfolio (time-series) of {len(tickers)} assets on {cals.pop()}"


def estimate_portfolio(est: Estimates, event_id: str, key: str, tickers: tuple[str, ...]
                       ) -> EventEstimate:
    """Fit the model to the equal-weighted portfolio's returns and test its CARs."""
    if (event_id, key) in est.portfolios:
        return est.portfolios[(event_id, key)]
    study = est.study
    first = tickers[0]
    bench = est.kind(first)[1]
    if key not in est.returns:  # the group's series and plan, once per group
        frame = pd.concat([est.returns[t] for t in tickers], axis=1)
        rp = pd.Series(portfolio_returns(frame.to_numpy().T), index=frame.index, name=key)
        # a day on which a member is missing is a missing portfolio return, not a smaller
        # basket
        rp[frame.isna().any(axis=1)] = np.nan
        if bench:
            est.benchmarks[(key, bench)] = est.benchmarks[(first, bench)]
        est.returns[key] = rp
        est.calendars[key] = est.calendars[first]
        for ev in study.events:
            est.alignments[(ev.id, key)] = est.alignments[(ev.id, first)]
            # same calendar and day 0: the members' plans agree; their exclusions joined
            parts = [est.excluded[(ev.id, t)] for t in tickers]
            est.excluded[(ev.id, key)] = pd.DatetimeIndex(
                np.unique(np.concatenate([p.values for p in parts])), name="date") \
                if parts else pd.DatetimeIndex([], name="date")
    rp = est.returns[key]
    kind, al = est.kind(first)[0], est.alignments[(event_id, first)]
    t0, t1 = study.model.estimation_window
    res = estimate_jobs([_job(est, key, rp, event_id, kind, bench, al, key)],
                        estimation_window=(t0, t1),
                        min_estimation_days=study.model.min_estimation_days)[0] \
        or _run_one(est, key, rp, event_id, kind, bench, al, key)
    est.portfolios[(event_id, key)] = res
    est.portfolio_members[key] = tickers
    return res


def finite(x: Any) -> float | None:
    """``float(x)`` or None when not finite (for JSON)."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None
