"""What prices a study needs, and whether the cache holds them: ONE function for every stage.

:func:`required_data` lists every ticker ``run`` loads (assets, benchmarks,
robustness benchmarks) and the exact session span its estimates read: the
return before the first estimation day, the 20-session pre-event volatility
window, every event, robustness and claim window of any length, and for a
benchmark on another calendar its last close before the asset's first
needed session. :func:`data_coverage` checks those spans and the
``min_estimation_days`` of every (event, asset) against a cache folder;
``validate`` prints it, ``fetch`` downloads its spans and ``run`` refuses
(offline) or downloads (online) exactly what it reports missing, so
``validate`` fails exactly when ``run`` would.

The report's timeline-chart padding after the last event is *optional*:
it is loaded where the cache has it and never a reason to download or fail.

The cache folder is :func:`study_cache_dir`: an explicit folder (``--cache``),
else the study's ``data.cache`` (relative to the study file), else
``$EVENTSTUDY_CACHE``, else ``./cache`` in the current folder; every
message names it as an absolute path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from eventstudy.calendar.plan import StudyPlan, plan_study
from eventstudy.calendar.sessions import sessions
from eventstudy.data import PriceCache, resolve_cache_dir, resolve_offline
from eventstudy.exceptions import DataCoverageError, DataError
from eventstudy.pipeline.csvprices import load_csv_prices
from eventstudy.pipeline.needs import (
    _needed_tickers,
    _robustness_only,
    _user_text,
    event_windows,
)
from eventstudy.spec import Study
from eventstudy.stats.defaults import PRE_EVENT_SESSIONS

__all__ = ["TickerCoverage", "ShortEstimation", "Coverage", "required_data", "data_coverage",
           "coverage_lines", "load_spans", "study_cache_dir", "with_cache", "CHART_PAD_DAYS"]

#: calendar days after an event's last day shown in the report's timeline chart (optional)
CHART_PAD_DAYS = 14
#: model kinds and their number of parameters (a fit needs more returns than parameters)
_K = {"constant_mean": 1, "market_adjusted": 0, "market": 2, "dimson": 4, "factor": 2,
      "scholes_williams": 2, "ff3": 4, "ff5": 6, "carhart": 5}
#: models regressing on the benchmark's return one asset session before and after each day
_LEAD_LAG = frozenset({"dimson", "scholes_williams"})


def study_cache_dir(study: Study, cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the cache folder a study uses, as an absolute path.

    ``cache_dir`` (the CLI's ``--cache``), else the study's ``data.cache``
    resolved against the study file's folder, else ``$EVENTSTUDY_CACHE``,
    else ``./cache`` in the current folder.
    """
    if cache_dir is not None:
        folder = Path(cache_dir)
    elif study.data.cache is not None:
        folder = study.resolve(study.data.cache)
    else:
        folder = resolve_cache_dir(None)
    return Path(os.path.normpath(folder.absolute()))  # no '..' in messages


def with_cache(study: Study, cache_dir: str | os.PathLike[str] | None) -> Study:
    """Return ``study`` reading prices from ``cache_dir`` (unchanged when None)."""
    if cache_dir is None:
        return study
    data = study.data.model_copy(update={"cache": Path(cache_dir).absolute()})
    return study.model_copy(update={"data": data})


def _rel_span(study: Study, event_id: str, extension: int) -> tuple[int, int]:
    """Sessions relative to day 0 that one event's estimates read (first, last)."""
    t0 = study.model.estimation_window[0]
    ws = event_windows(study, event_id)
    lo = min(t0, min(w[0] for w in ws) - PRE_EVENT_SESSIONS) - 1  # the return before
    return lo, max(w[1] for w in ws) + extension


def _session_at(cal: str, day0: pd.Timestamp, offset: int) -> pd.Timestamp:
    """Return the session ``offset`` sessions from ``day0`` on calendar ``cal`` (any length)."""
    pad = pd.Timedelta(days=int(abs(offset) * 7 / 4) + 30)  # > offset sessions, holidays
    if offset < 0:
        idx = sessions(cal, day0 - pad, day0)
        return pd.Timestamp(idx[max(0, len(idx) - 1 + offset)])
    idx = sessions(cal, day0, day0 + pad)
    return pd.Timestamp(idx[min(len(idx) - 1, offset)])


def _asset_spans(study: Study, plan: StudyPlan, *, for_benchmark: bool = False
                 ) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Each asset's span; ``for_benchmark``: the span its benchmark must cover.

    A Dimson or Scholes-Williams model regresses on the benchmark's return
    one asset session before and after each day, so its benchmark is read one
    session further on both sides.
    """
    rel: dict[tuple[str, int], tuple[int, int]] = {}
    pos: dict[str, list[int]] = {}  # ticker -> [first, last] position on its session array
    far: dict[str, list[pd.Timestamp]] = {}  # dates beyond the plan's session array
    arrays: dict[str, pd.DatetimeIndex] = {}
    for r in plan.rows:
        key = (r.event_id, r.alignment.extension)
        if key not in rel:
            rel[key] = _rel_span(study, *key)
        lo, hi = rel[key]
        if for_benchmark and study.model_for(r.ticker) in _LEAD_LAG:
            lo, hi = lo - 1, hi + 1
        # the plan's own session array when it reaches (integer positions), else the calendar
        n, p = len(r.sessions), r.day0_pos
        arrays[r.ticker] = r.sessions
        got = pos.setdefault(r.ticker, [n, -1])
        for q in (p + lo, p + hi):
            if 0 <= q < n:
                got[0], got[1] = min(got[0], q), max(got[1], q)
            else:
                far.setdefault(r.ticker, []).append(_session_at(r.calendar, r.day0, q - p))
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
    for t, (a, b) in pos.items():
        ends = [arrays[t][a], arrays[t][b]] if b >= 0 else []
        ends += far.get(t, [])
        spans[t] = (min(ends), max(ends))
    return spans


def required_data(study: Study, plan: StudyPlan | None = None, *, chart: bool = True
                  ) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Every ticker ``run`` loads and the date span it needs, from the study plan.

    Parameters
    ----------
    study
        The study.
    plan
        Its :func:`~eventstudy.calendar.plan_study` plan (computed if None).
    chart
        Add the report's timeline-chart padding after each event (what ``run``
        loads where the cache has it); False gives the spans the estimates
        strictly need (what the cache or a CSV file must cover).

    Returns
    -------
    dict
        ``ticker -> (start, end)`` (inclusive dates) for every asset, every
        benchmark and every robustness-model benchmark (e.g. ACWX). An
        asset's span runs from the session before the earliest estimation day
        (or before the 20-session volatility window ahead of the earliest
        event window, if earlier) to the last event-window session, however
        long the windows. A benchmark covers the spans of the assets that use
        it (one asset session more on each side for a Dimson model's lag and
        lead), from its own last session on or before their first needed date
        (trade-to-trade compounding starts there).
    """
    plan = plan or plan_study(study, warn=False)
    cals = dict(plan.calendars)
    own = _asset_spans(study, plan)
    as_bench = _asset_spans(study, plan, for_benchmark=True)
    last_day: dict[str, pd.Timestamp] = {}
    for r in plan.rows:
        d = r.alignment.last_day
        if r.ticker not in last_day or d > last_day[r.ticker]:
            last_day[r.ticker] = d
    out: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
    for ticker, users in _needed_tickers(study, cals).items():
        spans = [own[u] if u == ticker else as_bench[u] for u in users]
        lo = min(a for a, _ in spans)
        hi = max(b for _, b in spans)
        if any(cals.get(u) != cals.get(ticker, cals.get(u)) for u in users):
            cal = cals.get(ticker) or cals[users[0]]
            lo = _session_at(cal, lo + pd.Timedelta(days=1), -1)
        if chart:
            pad = max(last_day[u] for u in users) + pd.Timedelta(days=CHART_PAD_DAYS)
            hi = max(hi, pad)
        out[ticker] = (pd.Timestamp(lo).normalize(), pd.Timestamp(hi).normalize())
    return out


@dataclass(frozen=True)
class TickerCoverage:
    """One needed ticker: what ``run`` needs and what the cache has.

    Attributes
    ----------
    ticker, role
        The symbol and why it is needed (``asset``, ``benchmark of GM``, ...).
    need
        ``(start, end)`` dates the estimates need.
    have
        ``(first, last)`` cached dates, or None when the ticker is not cached.
    missing
        The uncovered date ranges (empty when covered).
    suggestion
        A cached ticker close to an uncached one (a possible typo), or None.
    """

    ticker: str
    role: str
    need: tuple[pd.Timestamp, pd.Timestamp]
    have: tuple[pd.Timestamp, pd.Timestamp] | None
    missing: tuple[tuple[pd.Timestamp, pd.Timestamp], ...]
    suggestion: str | None = None

    @property
    def ok(self) -> bool:
        """True when the data covers every needed date."""
        return not self.missing


@dataclass(frozen=True)
class ShortEstimation:
    """An (event, asset) whose estimation window holds too few usable returns."""

    event_id: str
    ticker: str
    day0: pd.Timestamp
    usable: int
    need: int
    why: str


@dataclass(frozen=True)
class Coverage:
    """The result of :func:`data_coverage`: the folder, every ticker, every short window.

    Attributes
    ----------
    folder
        The cache folder searched (absolute).
    tickers
        One :class:`TickerCoverage` per needed ticker.
    short
        (event, asset) pairs with fewer usable estimation days than required.
    fit
        The longest ``estimation_window`` ``[T0, T1]`` whose every needed date
        the cache holds (None when the cache holds nothing usable).
    fit_days
        The fewest usable estimation days any (event, asset) has with ``fit``.
    """

    folder: Path
    tickers: tuple[TickerCoverage, ...]
    short: tuple[ShortEstimation, ...]
    fit: tuple[int, int] | None
    fit_days: int

    @property
    def missing(self) -> list[TickerCoverage]:
        """The tickers with uncovered ranges."""
        return [c for c in self.tickers if not c.ok]

    @property
    def ok(self) -> bool:
        """True when run has every price it needs and every window is long enough."""
        return not self.missing and not self.short

    def describe(self) -> str:
        """Every missing ticker and range, and every short window, in one sentence each."""
        parts = []
        absent = [c for c in self.missing if c.have is None]
        for c in absent:
            typo = f" (is it a typo for {c.suggestion!r}?)" if c.suggestion else ""
            parts.append(f"{c.ticker!r} is not in the cache folder at all{typo}, needed "
                         f"{_d(c.need[0])}..{_d(c.need[1])}")
        groups: dict[tuple, list[str]] = {}
        for c in self.missing:
            if c.have is not None:
                key = (c.missing, c.have)
                groups.setdefault(key, []).append(repr(c.ticker))
        for (missing, have), names in groups.items():
            gaps = ", ".join(f"{_d(a)}..{_d(b)}" for a, b in missing)
            verb = "has" if len(names) == 1 else "have"
            parts.append(f"{', '.join(names)} {verb} no prices for {gaps} (cached "
                         f"{_d(have[0])}..{_d(have[1])})")
        for s in self.short:
            parts.append(f"{s.ticker}, event {s.event_id!r} (day 0 = {_d(s.day0)}) has only "
                         f"{s.usable} usable estimation days, fewer than {s.need} ({s.why})")
        return "; ".join(parts)

    def fix(self, study: Study) -> str:
        """How to make the study fit this cache, in study-file terms (no CLI commands)."""
        t0, t1 = study.model.estimation_window
        mind = study.model.min_estimation_days
        tips = []
        if any(c.have is None for c in self.missing):
            tips.append("check the tickers' spelling")
        if self.fit is not None and self.fit_days >= 2 and self.fit[0] > t0:
            m = min(mind, self.fit_days)
            tips.append(f"shorten model.estimation_window [{t0}, {t1}] to what the cached "
                        f"prices allow: model: {{estimation_window: [{self.fit[0]}, "
                        f"{self.fit[1]}], min_estimation_days: {m}}} ({self.fit_days} usable "
                        f"days; min_estimation_days is now {mind})")
        elif self.short and not self.missing:
            s = min(self.short, key=lambda x: x.usable)
            tips.append(f"lower model.min_estimation_days to {s.usable} or widen "
                        f"model.estimation_window [{t0}, {t1}]")
        if self.missing:
            tips.append("or add the missing prices to the cache (download or import them)")
        return "; ".join(tips)


def _d(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def _fit_window(study: Study, plan: StudyPlan, first: dict[str, pd.Timestamp | None],
                users: dict[str, list[str]]) -> tuple[int, int] | None:
    """Return the latest-starting T0 such that every needed date is cached (keeps T1)."""
    t0, t1 = study.model.estimation_window
    best = t0
    for r in plan.rows:
        needed = [t for t, us in users.items() if r.ticker in us]
        firsts = [f for t in needed if (f := first.get(t)) is not None]
        if len(firsts) < len(needed):
            return None
        start = max(firsts)
        idx = sessions(r.calendar, start, r.day0)
        # session k (relative to day 0) needs session k-1: k - 1 >= -(len(idx) - 1)
        ws = event_windows(study, r.event_id)
        if min(w[0] for w in ws) - PRE_EVENT_SESSIONS - 1 < -(len(idx) - 1):
            return None  # even the pre-event volatility window is not cached
        lag = 1 if study.model_for(r.ticker) in _LEAD_LAG else 0  # the benchmark's lag
        best = max(best, -(len(idx) - 1) + 1 + lag)
    return (best, t1) if best <= t1 else None


def data_coverage(study: Study, plan: StudyPlan | None = None, *,
                  cache_dir: str | os.PathLike[str] | None = None) -> Coverage:
    """Check a cache folder against everything ``run`` needs (read-only; not for CSV studies).

    Parameters
    ----------
    study
        The study.
    plan
        Its plan (computed if None).
    cache_dir
        Cache folder; None: :func:`study_cache_dir` of the study.

    Returns
    -------
    Coverage
        Every needed ticker with its missing ranges, every (event, asset)
        with too few usable estimation days (sessions in the window, minus
        those excluded for other events, minus sessions without a cached
        price), and the longest estimation window the cache can serve.
    """
    plan = plan or plan_study(study, warn=False)
    cals = dict(plan.calendars)
    folder = study_cache_dir(study, cache_dir)
    cache = PriceCache(folder)
    needs = required_data(study, plan, chart=False)
    users = _needed_tickers(study, cals)
    roles = _user_text(study, cals)
    robust = _robustness_only(study, cals)
    today = pd.Timestamp.today().normalize()
    rows: list[TickerCoverage] = []
    first: dict[str, pd.Timestamp | None] = {}
    for t, (s, e) in needs.items():
        meta = cache.meta(t)
        have, suggestion = None, None
        if meta is None or not meta.get("first_date"):
            suggestion = cache.closest_ticker(t)
            missing = [(s, e)]
            first[t] = None
        else:
            have = (pd.Timestamp(meta["first_date"]), pd.Timestamp(meta["last_date"]))
            first[t] = have[0]
            missing = [(a, min(b, today)) for a, b in cache.missing_ranges(t, s, e)
                       if a <= today]
            if any(a > today for a, _ in cache.missing_ranges(t, s, e)):
                missing.append((today + pd.Timedelta(days=1), e))
        role = roles.get(t, "asset") + (" in the robustness model" if t in robust else "")
        rows.append(TickerCoverage(t, role, (s, e), have, tuple(missing), suggestion))
    short = _short_windows(study, plan, cache, {c.ticker for c in rows if c.ok})
    fit = _fit_window(study, plan, first, users)
    fit_days = 0
    if fit is not None:
        n = fit[1] - fit[0] + 1
        fit_days = min(n - len(r.excluded_dates.intersection(r.estimation_dates[-n:]))
                       for r in plan.rows)
    return Coverage(folder, tuple(rows), tuple(short), fit, fit_days)


def _short_windows(study: Study, plan: StudyPlan, cache: PriceCache,
                   cached: set[str]) -> list[ShortEstimation]:
    """(event, asset) pairs whose estimation window holds too few usable returns.

    A return needs this session's price and the previous session's: counted
    with integer positions on the plan's session array (one ``isin`` per
    asset and calendar), not date lookups per pair.
    """
    out = []
    dates: dict[str, pd.DatetimeIndex] = {}
    masks: dict[tuple[str, int], np.ndarray] = {}
    for r in plan.rows:
        kind = study.model_for(r.ticker)
        need = max(study.model.min_estimation_days, _K.get(kind, 1) + 1)
        usable = r.n_estimation
        why = (f"{r.estimation_slice[1] - r.estimation_slice[0]} sessions in "
               f"[{study.model.estimation_window[0]}, {study.model.estimation_window[1]}], "
               f"{r.n_excluded} excluded for other events")
        pos = np.setdiff1d(np.arange(*r.estimation_slice), r.excluded_pos)
        if r.ticker in cached and len(pos):
            if r.ticker not in dates:
                frame, _ = cache.read(r.ticker)  # a corrupt file is reported as such
                col = "Adj Close" if study.data.price == "adj_close" else "Close"
                dates[r.ticker] = pd.DatetimeIndex(frame[col].dropna().index)
            key = (r.ticker, id(r.sessions))
            if key not in masks:
                masks[key] = np.asarray(r.sessions.isin(dates[r.ticker]))
            have = masks[key]
            # the session before the first clean one is in the plan's array (it is padded)
            ok = have[pos] & have[np.maximum(pos - 1, 0)] & (pos > 0)
            gaps = int((~ok).sum())
            if gaps:
                usable -= gaps
                why += f", {gaps} without a cached price"
        if usable < need:
            out.append(ShortEstimation(r.event_id, r.ticker, r.day0, usable, need, why))
    return out


def check_coverage(study: Study, plan: StudyPlan | None = None, *,
                   cache_dir: str | os.PathLike[str] | None = None,
                   reason: str = "offline") -> Coverage:
    """Raise :class:`DataCoverageError` naming every gap at once, else return the coverage."""
    cov = data_coverage(study, plan, cache_dir=cache_dir)
    if cov.ok:
        return cov
    raise coverage_error(study, cov, reason)


def coverage_error(study: Study, cov: Coverage, reason: str) -> DataCoverageError:
    """One error for every gap in ``cov`` (fields: missing, short, folder, fit)."""
    where = f" ({reason})" if reason else ""
    return DataCoverageError(
        f"the cache folder {cov.folder}{where} cannot serve this study: {cov.describe()}",
        hint=cov.fix(study), missing=[(c.ticker, c.missing) for c in cov.missing],
        short=[(s.event_id, s.ticker, s.usable, s.need) for s in cov.short],
        folder=cov.folder, fit=cov.fit)


def load_spans(study: Study, plan: StudyPlan, *, offline: bool
               ) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Return the spans ``run`` loads: what the estimates need, plus the chart padding if cached.

    Offline, every gap is refused at once (:class:`DataCoverageError`).
    Online, the needed spans the cache lacks are downloaded (with the
    padding); the padding alone is never downloaded.
    """
    needs = required_data(study, plan, chart=False)
    spans = required_data(study, plan, chart=True)
    if study.data.source == "csv":
        return spans
    cov = data_coverage(study, plan)
    if offline and not cov.ok:
        why = ("data.source is 'cache'" if study.data.source == "cache" else
               "offline: --offline or EVENTSTUDY_OFFLINE=1")
        raise coverage_error(study, cov, why)
    if not offline and cov.missing:
        return spans  # a download happens anyway: ask for the chart padding too
    cache = PriceCache(cov.folder)
    out = {}
    for t, (_lo, hi) in spans.items():
        meta = cache.meta(t) or {}
        n_lo, n_hi = needs[t]
        if meta.get("last_date"):
            hi = max(n_hi, min(hi, pd.Timestamp(meta["last_date"])))
        out[t] = (n_lo, hi)
    return out


def _csv_lines(study: Study, plan: StudyPlan) -> tuple[list[str], bool]:
    """Return the CSV part of :func:`coverage_lines` (the file read as ``run`` reads it)."""
    cals = dict(plan.calendars)
    needs = required_data(study, plan, chart=False)
    field_ = "adj_close" if study.data.price == "adj_close" else "close"
    try:
        got = load_csv_prices(study, needs, needs, cals, field_, _user_text(study, cals),
                              _robustness_only(study, cals))
    except DataError as exc:
        return [f"  PROBLEM: {exc}", "  run will FAIL until the CSV file is fixed"], False
    lines = [f"  {t}: {_d(s)}..{_d(e)} needed - in {study.data.path}"
             for t, (s, e) in needs.items() if t in got.prices.columns]
    lines += [f"  {t}: not in {study.data.path} (robustness check only; skipped)"
              for t in got.info.get("skipped", [])]
    return lines + ["  the CSV file covers every date run needs"], True


def coverage_lines(study: Study, plan: StudyPlan, *, offline: bool | None = None,
                   cache_dir: str | os.PathLike[str] | None = None) -> tuple[list[str], bool]:
    """Return the ``data coverage`` section of ``validate`` and whether ``run`` can succeed.

    Returns
    -------
    (lines, ok)
        One line per needed ticker, then a verdict; ``ok`` is False exactly
        when ``run`` (with the same ``offline`` and cache folder) would fail
        for want of data: a gap offline or with ``data.source: cache``, an
        estimation window with too few usable days, or a bad CSV file.
    """
    factor_lines, factors_ok = _factor_lines(study, plan, cache_dir)
    if study.data.source == "csv":
        lines, ok = _csv_lines(study, plan)
        return ([f"data coverage (prices from {study.data.path}):", *lines, *factor_lines],
                ok and factors_ok)
    lines, ok = _cache_lines(study, plan, offline=offline, cache_dir=cache_dir)
    return [*lines, *factor_lines], ok and factors_ok


def _factor_lines(study: Study, plan: StudyPlan,
                  cache_dir: str | os.PathLike[str] | None) -> tuple[list[str], bool]:
    """Read the factors ``run`` reads (``model.factors``; cached ff3/ff5/carhart), as it does."""
    from eventstudy.exceptions import EventStudyError
    from eventstudy.pipeline.needs import _factor_models, _factors

    lines = []
    try:
        if any(study.model_for(a.ticker) == "factor" for a in study.assets):
            _factors(study, plan)
            lines.append(f"  factors file {study.model.factors}: covers every event-window "
                         "session")
        used = _factor_models(study, plan, dict(plan.calendars),
                              study_cache_dir(study, cache_dir))
    except EventStudyError as exc:
        return [f"  PROBLEM with the factors: {exc}",
                "  run will FAIL until the factors are fixed"], False
    lines += [f"  {kind} factors (cached, vintage {f.attrs.get('vintage')}): cover every "
              "event-window session" for kind, f in used.items()]
    return lines, True


def _cache_lines(study: Study, plan: StudyPlan, *, offline: bool | None,
                 cache_dir: str | os.PathLike[str] | None) -> tuple[list[str], bool]:
    """Return the cache part of :func:`coverage_lines`."""
    cov = data_coverage(study, plan, cache_dir=cache_dir)
    lines = [f"data coverage (cache folder {str(cov.folder)!r}, read-only; the dates run "
             "needs):"]
    for c in cov.tickers:
        need = f"{_d(c.need[0])}..{_d(c.need[1])} needed"
        role = "" if c.role == "asset" else f" ({c.role})"
        if c.have is None:
            typo = f" - is it a typo for {c.suggestion!r}?" if c.suggestion else ""
            lines.append(f"  {c.ticker}{role}: {need} - NOT IN THE CACHE{typo}")
        elif c.ok:
            lines.append(f"  {c.ticker}{role}: {need} - cached "
                         f"{_d(c.have[0])}..{_d(c.have[1])}, ok")
        else:
            gaps = ", ".join(f"{_d(a)}..{_d(b)}" for a, b in c.missing)
            lines.append(f"  {c.ticker}{role}: {need} - cached {_d(c.have[0])}.."
                         f"{_d(c.have[1])}, MISSING {gaps}")
    for s in cov.short:
        lines.append(f"  {s.ticker} / {s.event_id}: only {s.usable} usable estimation days, "
                     f"fewer than {s.need} ({s.why})")
    if cov.ok:
        return [*lines, "  the cache covers every date run needs"], True
    offline_now = study.data.source == "cache" or resolve_offline(offline)
    if cov.short and not cov.missing:
        lines.append(f"  run will FAIL: {cov.describe()}")
        lines.append(f"  fix: {cov.fix(study)}")
        return lines, False
    bad = ", ".join(c.ticker for c in cov.missing)
    if offline_now:
        why = ("data.source is 'cache'" if study.data.source == "cache"
               else "offline: --offline or EVENTSTUDY_OFFLINE=1")
        if not cov.folder.is_dir():
            lines.append(f"  the cache folder {cov.folder} does not exist: run from the "
                         "folder that holds cache/, or pass --cache DIR (or set data.cache)")
        lines.append(f"  run will FAIL ({why}): {cov.describe()}")
        lines.append(f"  fix: {cov.fix(study)}")
        return lines, False
    name = Path(study.path).name if study.path else "STUDY.yaml"
    lines.append(f"  run will download {bad} from Yahoo (needs network; or now: "
                 f"`python -m eventstudy fetch {name}`)")
    lines.append(f"  to stay offline instead: {cov.fix(study)}")
    return lines, not cov.short
