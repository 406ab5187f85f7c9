"""Does the data ``run`` needs exist? A read-only check for ``eventstudy validate``.

For every ticker ``run`` loads (assets, benchmarks, robustness benchmarks),
the dates its estimates need come from
:func:`~eventstudy.pipeline.estimate.required_data` (``chart=False``), so
``validate`` and ``run`` agree. The cache (the study's ``data.cache``, else
``$EVENTSTUDY_CACHE``, else ``./cache``) is only read; for ``source: csv`` the
study's CSV file is read and checked exactly as ``run`` does. Nothing is
downloaded or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eventstudy.calendar.plan import StudyPlan
from eventstudy.data import PriceCache, resolve_cache_dir, resolve_offline
from eventstudy.exceptions import DataError
from eventstudy.pipeline.csvprices import load_csv_prices
from eventstudy.pipeline.estimate import _robustness_only, _user_text, required_data
from eventstudy.spec import Study

__all__ = ["TickerCoverage", "data_coverage", "coverage_lines"]


@dataclass(frozen=True)
class TickerCoverage:
    """One needed ticker: what ``run`` needs and what the data has.

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


def data_coverage(study: Study, plan: StudyPlan) -> list[TickerCoverage]:
    """Check the cache against the dates ``run`` needs (read-only; not for ``source: csv``)."""
    needs = required_data(study, plan, chart=False)
    users = _user_text(study, dict(plan.calendars))
    robust = _robustness_only(study, dict(plan.calendars))
    cache_dir = study.resolve(study.data.cache) if study.data.cache else None
    cache = PriceCache(resolve_cache_dir(cache_dir))
    today = pd.Timestamp.today().normalize()
    out = []
    for t, (s, e) in needs.items():
        meta = cache.meta(t)
        have = None
        suggestion = None
        if meta is None or not meta.get("first_date"):
            suggestion = cache.closest_ticker(t)
            missing = [(s, e)]
        else:
            have = (pd.Timestamp(meta["first_date"]), pd.Timestamp(meta["last_date"]))
            missing = [(a, min(b, today)) for a, b in cache.missing_ranges(t, s, e)
                       if a <= today]
        role = users.get(t, "asset") + (" in the robustness model" if t in robust else "")
        out.append(TickerCoverage(t, role, (s, e), have, tuple(missing), suggestion))
    return out


def _d(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def _csv_lines(study: Study, plan: StudyPlan) -> list[str]:
    cals = dict(plan.calendars)
    needs = required_data(study, plan, chart=False)
    field_ = "adj_close" if study.data.price == "adj_close" else "close"
    try:
        got = load_csv_prices(study, needs, needs, cals, field_, _user_text(study, cals),
                              _robustness_only(study, cals))
    except DataError as exc:
        return [f"  PROBLEM: {exc}", "  run will fail until the CSV file is fixed"]
    lines = [f"  {t}: {_d(s)}..{_d(e)} needed - in {study.data.path}"
             for t, (s, e) in needs.items() if t in got.prices.columns]
    lines += [f"  {t}: not in {study.data.path} (robustness check only; skipped)"
              for t in got.info.get("skipped", [])]
    return lines + ["  the CSV file covers every date run needs"]


def coverage_lines(study: Study, plan: StudyPlan) -> list[str]:
    """Return the ``data coverage`` lines of ``validate``: one per needed ticker, then a verdict.

    Never raises for missing data (it is a report, not a validation error).
    """
    if study.data.source == "csv":
        return [f"data coverage (prices from {study.data.path}):", *_csv_lines(study, plan)]
    rows = data_coverage(study, plan)
    cache_dir = study.resolve(study.data.cache) if study.data.cache else None
    root = resolve_cache_dir(cache_dir)
    lines = [f"data coverage (cache folder {str(root)!r}, read-only; the dates run needs):"]
    for c in rows:
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
    bad = [c.ticker for c in rows if not c.ok]
    if not bad:
        return [*lines, "  the cache covers every date run needs"]
    name = Path(study.path).name if study.path else "STUDY.yaml"
    t0, t1 = study.model.estimation_window
    fixes = (f"`python -m eventstudy fetch {name}` (online), or shorten "
             f"model.estimation_window [{t0}, {t1}] when the gap is before the events")
    if study.data.source == "cache":
        lines.append(f"  run will FAIL: data.source is 'cache' (offline) and "
                     f"{', '.join(bad)} lack prices; fix: {fixes}")
    else:
        offline = (" (EVENTSTUDY_OFFLINE=1 is set: run would fail until then)"
                   if resolve_offline(None) else "")
        lines.append(f"  run will download {', '.join(bad)} from Yahoo (needs network), or "
                     f"fetch now: {fixes}{offline}")
    return lines
