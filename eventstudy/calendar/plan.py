"""Plan a study on each asset's own sessions: day 0, windows, exclusions, overlaps.

For every (event, asset) pair, :func:`plan_study` aligns the event on the
asset's calendar and lists, as session dates,

* the estimation window ``[T0, T1]`` (relative sessions from day 0),
* each event window ``[a, b]`` extended by the alignment's ``extension``
  (study ``event_windows`` plus the windows of claims on that event),
* the estimation dates that fall in another event's windows (study events
  and ``context_events``) on the same asset; with
  ``model.exclude_event_windows: true`` (the default) they are excluded from
  estimation ("clean" estimation window, methods.md section 3).

Event windows of two events that overlap on one asset are reported as pairs
with one :class:`~eventstudy.exceptions.OverlappingWindowsWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from eventstudy.calendar.align import Alignment, align
from eventstudy.calendar.sessions import sessions
from eventstudy.data.tickers import calendar_for
from eventstudy.exceptions import EventDateRolledWarning, OverlappingWindowsWarning
from eventstudy.spec.schema import Study

Window = tuple[int, int]


@dataclass(frozen=True, eq=False)
class EventAssetPlan:
    """Dates of one event on one asset, counted on the asset's own sessions.

    Attributes
    ----------
    event_id, ticker, calendar
        What and where.
    alignment
        Day 0 and why (:class:`~eventstudy.calendar.align.Alignment`).
    estimation_dates
        All sessions of the estimation window ``[T0, T1]``.
    excluded_dates
        Estimation sessions dropped because they lie in another event's window.
    windows
        Event window ``(a, b)`` -> its sessions (extended by ``alignment.extension``).
    """

    event_id: str
    ticker: str
    calendar: str
    alignment: Alignment
    estimation_dates: pd.DatetimeIndex
    excluded_dates: pd.DatetimeIndex
    windows: Mapping[Window, pd.DatetimeIndex]

    @property
    def day0(self) -> pd.Timestamp:
        """Session date of day 0."""
        return self.alignment.day0

    @property
    def n_excluded(self) -> int:
        """Number of estimation sessions excluded."""
        return len(self.excluded_dates)

    @property
    def n_estimation(self) -> int:
        """Estimation sessions left after the exclusions."""
        return len(self.estimation_dates) - self.n_excluded

    @property
    def clean_estimation_dates(self) -> pd.DatetimeIndex:
        """Estimation sessions without the excluded ones."""
        return self.estimation_dates.difference(self.excluded_dates)

    @property
    def event_dates(self) -> pd.DatetimeIndex:
        """Union of the sessions of all event windows."""
        out = pd.DatetimeIndex([], name="date")
        for idx in self.windows.values():
            out = out.union(idx)
        return out


@dataclass(frozen=True)
class Overlap:
    """Two events whose windows share sessions on one asset."""

    ticker: str
    first: str
    second: str
    kind: str  # "event_window" or "estimation_window" (second's window in first's estimation)
    dates: tuple[pd.Timestamp, ...]


@dataclass(frozen=True, eq=False)
class StudyPlan:
    """Alignment and windows of every (event, asset) pair of a study."""

    study: Study
    calendars: Mapping[str, str]
    rows: tuple[EventAssetPlan, ...]
    context: Mapping[tuple[str, str], Alignment] = field(default_factory=dict)
    overlaps: tuple[Overlap, ...] = ()

    def get(self, event_id: str, ticker: str) -> EventAssetPlan:
        """Return the plan of one (event, asset) pair."""
        for row in self.rows:
            if row.event_id == event_id and row.ticker == ticker:
                return row
        raise KeyError((event_id, ticker))

    def to_frame(self) -> pd.DataFrame:
        """Return one row per (event, asset): day 0, reason, window dates and counts."""
        records = []
        for r in self.rows:
            a = r.alignment
            rec = {
                "event_id": r.event_id, "ticker": r.ticker, "calendar": r.calendar,
                "day0": a.day0, "last_day": a.last_day, "extension": a.extension,
                "rolled": a.rolled, "reason": a.reason,
                "estimation_start": r.estimation_dates[0], "estimation_end":
                r.estimation_dates[-1], "n_estimation": r.n_estimation,
                "n_excluded": r.n_excluded,
            }
            for (lo, hi), idx in r.windows.items():
                rec[f"[{lo},{hi}]_start"] = idx[0]
                rec[f"[{lo},{hi}]_end"] = idx[-1]
            records.append(rec)
        return pd.DataFrame.from_records(records)

    def data_gaps(self, ticker: str, prices: pd.Series | pd.DataFrame) -> pd.DataFrame:
        """Compare a price series with the calendar inside this study's windows.

        See :func:`eventstudy.calendar.gaps.data_gaps`.
        """
        from eventstudy.calendar.gaps import data_gaps

        return data_gaps(self, ticker, prices)


def _windows_for(study: Study, event_id: str, ticker: str) -> list[Window]:
    out = list(study.event_windows)
    for c in study.claims:
        if c.event == event_id and ticker in study.claim_tickers(c) and c.window not in out:
            out.append(c.window)
    return out


def _session_index(cal: str, first: pd.Timestamp, last: pd.Timestamp,
                   before: int, after: int) -> pd.DatetimeIndex:
    """Sessions with at least ``before`` sessions before ``first`` and ``after`` after ``last``."""
    pad_b, pad_a = int(before * 1.6) + 30, int(after * 1.6) + 30
    for _ in range(6):
        idx = sessions(cal, first - pd.Timedelta(days=pad_b), last + pd.Timedelta(days=pad_a))
        if (idx < first).sum() >= before and (idx > last).sum() >= after:
            return idx
        pad_b, pad_a = pad_b * 2, pad_a * 2
    return idx


def _slice(idx: pd.DatetimeIndex, pos: int, lo: int, hi: int) -> pd.DatetimeIndex:
    start, stop = max(pos + lo, 0), max(pos + hi + 1, 0)
    return pd.DatetimeIndex(idx[start:stop], name="date")


def _union(parts: Iterable[pd.DatetimeIndex]) -> pd.DatetimeIndex:
    out = pd.DatetimeIndex([], name="date")
    for p in parts:
        out = out.union(p)
    return pd.DatetimeIndex(out, name="date")


def plan_study(study: Study, *, warn: bool = True) -> StudyPlan:
    """Align every event on every asset's calendar and lay out its windows.

    Parameters
    ----------
    study
        A validated study.
    warn
        Issue :class:`OverlappingWindowsWarning` for event windows that share
        sessions, and one :class:`EventDateRolledWarning` for days 0 that skip
        weekday holidays (weekends and after-close news are routine and not
        warned about).

    Returns
    -------
    StudyPlan
        One :class:`EventAssetPlan` per (event, asset), in study order.

    Raises
    ------
    UnknownCalendarError
        If an asset's calendar cannot be inferred from its ticker.
    """
    t0, t1 = study.model.estimation_window
    calendars = {a.ticker: calendar_for(a.ticker, a.calendar) for a in study.assets}
    all_windows = list(study.event_windows) + [c.window for c in study.claims]
    span_lo = min(w[0] for w in all_windows)
    span_hi = max(w[1] for w in all_windows)
    context_windows = list(study.event_windows)
    rows: list[EventAssetPlan] = []
    context: dict[tuple[str, str], Alignment] = {}
    overlaps: list[Overlap] = []
    rolled_notes: list[str] = []
    for asset in study.assets:
        cal = calendars[asset.ticker]
        aligned = {e.id: align(e, cal) for e in study.events}
        ctx = {e.id: align(e, cal) for e in study.context_events}
        context.update({(k, asset.ticker): v for k, v in ctx.items()})
        every = list(aligned.values()) + list(ctx.values())
        first = min(a.day0 for a in every)
        last = max(a.last_day for a in every)
        idx = _session_index(cal, first, last, max(-t0, -span_lo, 0),
                             max(span_hi, 0) + max(a.extension for a in every))
        pos = {a_id: idx.get_loc(a.day0) for a_id, a in {**aligned, **ctx}.items()}
        # sessions covered by each event's own windows on this asset: the study's
        # event windows plus the windows of claims about that event that involve
        # this asset (context events: the study's event windows)
        spans: dict[str, pd.DatetimeIndex] = {}
        per_event: dict[str, dict[Window, pd.DatetimeIndex]] = {}
        for e in study.events:
            ext = aligned[e.id].extension
            per_event[e.id] = {w: _slice(idx, pos[e.id], w[0], w[1] + ext)
                               for w in _windows_for(study, e.id, asset.ticker)}
            spans[e.id] = _union(per_event[e.id].values())
        for e in study.context_events:
            ext = ctx[e.id].extension
            spans[e.id] = _union(_slice(idx, pos[e.id], w[0], w[1] + ext)
                                 for w in context_windows)
        for e in study.events:
            est = _slice(idx, pos[e.id], t0, t1)
            hit = pd.DatetimeIndex([], name="date")
            for other, dates in spans.items():
                if other == e.id:
                    continue
                common = est.intersection(dates)
                if len(common):
                    hit = hit.union(common)
                    overlaps.append(Overlap(asset.ticker, e.id, other, "estimation_window",
                                            tuple(common)))
            excluded = hit if study.model.exclude_event_windows else hit[:0]
            rows.append(EventAssetPlan(e.id, asset.ticker, cal, aligned[e.id], est,
                                       pd.DatetimeIndex(excluded, name="date"),
                                       per_event[e.id]))
            if aligned[e.id].holidays:
                rolled_notes.append(f"{e.id} on {asset.ticker}: {aligned[e.id].reason}")
        ids = [e.id for e in study.events]
        for i, a_id in enumerate(ids):
            for b_id in ids[i + 1:]:
                common = spans[a_id].intersection(spans[b_id])
                if len(common):
                    overlaps.append(Overlap(asset.ticker, a_id, b_id, "event_window",
                                            tuple(common)))
    plan = StudyPlan(study, calendars, tuple(rows), context, tuple(overlaps))
    if warn:
        _warn(plan, rolled_notes)
    return plan


def _warn(plan: StudyPlan, rolled_notes: list[str]) -> None:
    pairs: dict[tuple[str, str], list[Overlap]] = {}
    for o in plan.overlaps:
        if o.kind == "event_window":
            pairs.setdefault((o.first, o.second), []).append(o)
    if pairs:
        lines = []
        for (a, b), items in pairs.items():
            n_assets = len(plan.calendars)
            tickers = (f"all {n_assets} assets" if len(items) == n_assets and n_assets > 1
                       else ", ".join(o.ticker for o in items))
            d0 = min(d for o in items for d in o.dates)
            d1 = max(d for o in items for d in o.dates)
            lines.append(f"{a} & {b} on {tickers} ({d0:%Y-%m-%d}..{d1:%Y-%m-%d})")
        warnings.warn(
            f"{len(pairs)} pair{'s' * (len(pairs) != 1)} of events "
            f"{'has' if len(pairs) == 1 else 'have'} overlapping event "
            f"windows, so their reactions cannot be separated: " + "; ".join(lines),
            OverlappingWindowsWarning, stacklevel=3)
    if not plan.study.model.exclude_event_windows and any(
            o.kind == "estimation_window" for o in plan.overlaps):
        warnings.warn("other events fall inside estimation windows and are kept "
                      "(model.exclude_event_windows is false)", OverlappingWindowsWarning,
                      stacklevel=3)
    if rolled_notes:
        warnings.warn("day 0 skips exchange holidays: " + "; ".join(rolled_notes),
                      EventDateRolledWarning, stacklevel=3)


__all__ = ["EventAssetPlan", "Overlap", "StudyPlan", "plan_study"]
