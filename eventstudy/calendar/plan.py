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

import functools
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from eventstudy._typing import Window
from eventstudy.calendar.align import Alignment, align_many
from eventstudy.calendar.sessions import sessions
from eventstudy.data.tickers import calendar_for
from eventstudy.exceptions import EventDateRolledWarning, OverlappingWindowsWarning
from eventstudy.spec.schema import Study


@dataclass(frozen=True, eq=False)
class EventAssetPlan:
    """Dates of one event on one asset, counted on the asset's own sessions.

    Positions index ``sessions`` (the calendar's session array shared by every
    row of that calendar); the date indexes are built from them on first use,
    so planning many events costs integer arithmetic only.

    Attributes
    ----------
    event_id, ticker, calendar
        What and where.
    alignment
        Day 0 and why (:class:`~eventstudy.calendar.align.Alignment`).
    sessions
        The calendar's sessions the positions below refer to.
    estimation_slice
        ``(start, stop)`` positions of the estimation window ``[T0, T1]``.
    excluded_pos
        Positions of estimation sessions dropped because they lie in another
        event's window (sorted).
    window_slices
        Event window ``(a, b)`` -> ``(start, stop)`` positions (extended by
        ``alignment.extension``).
    """

    event_id: str
    ticker: str
    calendar: str
    alignment: Alignment
    sessions: pd.DatetimeIndex
    estimation_slice: tuple[int, int]
    excluded_pos: np.ndarray
    window_slices: Mapping[Window, tuple[int, int]]

    @property
    def day0(self) -> pd.Timestamp:
        """Session date of day 0."""
        return self.alignment.day0

    @functools.cached_property
    def day0_pos(self) -> int:
        """Position of day 0 in ``sessions``."""
        return int(self.sessions.searchsorted(self.alignment.day0))

    @functools.cached_property
    def estimation_dates(self) -> pd.DatetimeIndex:
        """All sessions of the estimation window ``[T0, T1]``."""
        return self._dates(*self.estimation_slice)

    @functools.cached_property
    def excluded_dates(self) -> pd.DatetimeIndex:
        """Estimation sessions excluded for other events."""
        return pd.DatetimeIndex(self.sessions[self.excluded_pos], name="date")

    @functools.cached_property
    def windows(self) -> Mapping[Window, pd.DatetimeIndex]:
        """Event window ``(a, b)`` -> its sessions (extended by ``alignment.extension``)."""
        return {w: self._dates(*sl) for w, sl in self.window_slices.items()}

    @property
    def estimation_bounds(self) -> tuple[pd.Timestamp, ...]:
        """First and last estimation session (``()`` when empty), without building an index."""
        return self._bounds(*self.estimation_slice)

    @property
    def window_bounds(self) -> dict[Window, tuple[pd.Timestamp, ...]]:
        """Event window -> its first and last session (``()`` when empty)."""
        return {w: self._bounds(*sl) for w, sl in self.window_slices.items()}

    def _dates(self, start: int, stop: int) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.sessions[start:stop], name="date")

    def _bounds(self, start: int, stop: int) -> tuple[pd.Timestamp, ...]:
        if stop <= start:
            return ()
        v = self.sessions
        return (v[start],) if stop - start == 1 else (v[start], v[stop - 1])

    @property
    def n_excluded(self) -> int:
        """Number of estimation sessions excluded."""
        return len(self.excluded_pos)

    @property
    def n_estimation(self) -> int:
        """Estimation sessions left after the exclusions."""
        start, stop = self.estimation_slice
        return max(stop - start, 0) - self.n_excluded

    @property
    def clean_estimation_dates(self) -> pd.DatetimeIndex:
        """Estimation sessions without the excluded ones."""
        return self.estimation_dates.difference(self.excluded_dates)

    @property
    def event_dates(self) -> pd.DatetimeIndex:
        """Union of the sessions of all event windows (sorted; from positions, no freq)."""
        pos = [np.arange(a, b) for a, b in self.window_slices.values()]
        keep = np.unique(np.concatenate(pos)) if pos else np.empty(0, dtype=np.int64)
        return pd.DatetimeIndex(self.sessions[keep], name="date")


@dataclass(frozen=True)
class Overlap:
    """Two events whose windows share sessions on one asset."""

    ticker: str
    first: str
    second: str
    kind: str  # "event_window" (the only kind listed; see StudyPlan.others_in_estimation)
    dates: tuple[pd.Timestamp, ...]


@dataclass(frozen=True, eq=False)
class StudyPlan:
    """Alignment and windows of every (event, asset) pair of a study.

    Attributes
    ----------
    study, calendars
        The study and ``ticker -> calendar``.
    rows
        One :class:`EventAssetPlan` per (event, asset).
    context
        ``(context event id, ticker) -> Alignment``.
    overlaps
        Pairs of study events whose event windows share sessions on an asset
        (kind ``"event_window"``). Estimation-window overlaps are not listed
        pair by pair (their number grows with the square of the events): they
        are each row's ``excluded_dates``, and ``others_in_estimation`` says
        whether any occurred (also when ``exclude_event_windows`` is false).
    """

    study: Study
    calendars: Mapping[str, str]
    rows: tuple[EventAssetPlan, ...]
    context: Mapping[tuple[str, str], Alignment] = field(default_factory=dict)
    overlaps: tuple[Overlap, ...] = ()
    others_in_estimation: bool = False
    _by_key: dict[tuple[str, str], EventAssetPlan] = field(init=False, repr=False,
                                                           compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {(r.event_id, r.ticker): r for r in self.rows})

    def get(self, event_id: str, ticker: str) -> EventAssetPlan:
        """Return the plan of one (event, asset) pair."""
        return self._by_key[(event_id, ticker)]

    def for_event(self, event_id: str) -> list[EventAssetPlan]:
        """Return the rows of one event, in asset order."""
        return [self._by_key[(event_id, a.ticker)]
                for a in self.study.assets if (event_id, a.ticker) in self._by_key]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per (event, asset): day 0, reason, window dates and counts."""
        records = []
        for r in self.rows:
            a = r.alignment
            rec = {
                "event_id": r.event_id, "ticker": r.ticker, "calendar": r.calendar,
                "day0": a.day0, "last_day": a.last_day, "extension": a.extension,
                "rolled": a.rolled, "reason": a.reason,
                "estimation_start": r.estimation_bounds[0], "estimation_end":
                r.estimation_bounds[-1], "n_estimation": r.n_estimation,
                "n_excluded": r.n_excluded,
            }
            for (lo, hi), b in r.window_bounds.items():
                rec[f"[{lo},{hi}]_start"] = b[0]
                rec[f"[{lo},{hi}]_end"] = b[-1]
            records.append(rec)
        return pd.DataFrame.from_records(records)



def _claim_windows(study: Study) -> dict[tuple[str, str], list[Window]]:
    """``(event_id, ticker) -> [window, ...]``: the claim windows, in claim order (one pass)."""
    out: dict[tuple[str, str], list[Window]] = {}
    for c in study.claims:
        for t in study.claim_tickers(c):
            ws = out.setdefault((c.event, t), [])
            if c.window not in ws:
                ws.append(c.window)
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


def _slice(n: int, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """``(start, stop)`` positions of relative sessions ``[lo, hi]`` around ``pos``."""
    start, stop = min(max(pos + lo, 0), n), min(max(pos + hi + 1, 0), n)
    return start, max(stop, start)


def _merged(pos: int, windows: Iterable[Window], ext: int, n: int) -> list[tuple[int, int]]:
    """Session positions covered by ``windows`` around ``pos``: merged ``[lo, hi]`` runs."""
    runs = sorted((max(pos + a, 0), min(pos + b + ext, n - 1)) for a, b in windows)
    out: list[tuple[int, int]] = []
    for lo, hi in runs:
        if hi < lo:
            continue
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _overlapping_pairs(spans: list[list[tuple[int, int]]]) -> list[tuple[int, int, list[int]]]:
    """Pairs ``(i, j, positions)`` (i < j) of events whose runs share sessions.

    A sweep over the runs sorted by start: each run is compared only with the
    runs that start inside it, so the cost grows with the number of overlaps,
    not with the square of the number of events.
    """
    runs = sorted((lo, hi, k) for k, rs in enumerate(spans) for lo, hi in rs)
    starts = np.array([r[0] for r in runs], dtype=np.int64)
    found: set[tuple[int, int]] = set()
    for m, (_, hi, k) in enumerate(runs):
        stop = int(np.searchsorted(starts, hi, side="right"))
        for lo2, _, k2 in runs[m + 1:stop]:
            if k2 != k and lo2 <= hi:
                found.add((min(k, k2), max(k, k2)))
    out = []
    for i, j in sorted(found):
        common = sorted({p for lo, hi in spans[i] for p in range(lo, hi + 1)}
                        & {p for lo, hi in spans[j] for p in range(lo, hi + 1)})
        out.append((i, j, common))
    return out


def _excluded_positions(est_lo: np.ndarray, length: int, cover: np.ndarray,
                        own: list[list[tuple[int, int]]]) -> list[np.ndarray]:
    """Per event, the estimation positions covered by another event's windows.

    ``cover[k]`` counts the events whose windows hold session ``k``; an
    estimation position is excluded when ``cover`` minus the event's own
    windows is positive. One gather over ``(n_events, length)``.
    """
    n = len(cover)
    grid = est_lo[:, None] + np.arange(length)[None, :]
    valid = (grid >= 0) & (grid < n)
    counts = np.where(valid, cover[np.clip(grid, 0, n - 1)], 0)
    for k, runs in enumerate(own):  # an event's own windows inside its estimation window
        for lo, hi in runs:
            a, b = max(lo - est_lo[k], 0), min(hi - est_lo[k], length - 1)
            if a <= b:
                counts[k, a:b + 1] -= 1
    hit = counts > 0
    return [est_lo[k] + np.flatnonzero(hit[k]) for k in range(len(est_lo))]


@dataclass(frozen=True)
class _Layout:
    """Positions of every event's windows on one calendar (shared by its assets)."""

    estimation: list[tuple[int, int]]
    excluded: list[np.ndarray]
    windows: list[dict[Window, tuple[int, int]]]
    pairs: list[tuple[int, int, tuple[pd.Timestamp, ...]]]
    others: bool


def _layout(events: list, aligned: list[Alignment], ctx: list[Alignment],
            idx: pd.DatetimeIndex, pos: np.ndarray, win: list[list[Window]],
            base: list[Window], t0: int, t1: int, exclude: bool) -> _Layout:
    """Windows, clean-estimation exclusions and overlapping pairs on one session array."""
    n = len(idx)
    spans = [_merged(int(pos[k]), win[k], aligned[k].extension, n)
             for k in range(len(events))]
    spans += [_merged(int(pos[len(events) + k]), base, a.extension, n)
              for k, a in enumerate(ctx)]
    diff = np.zeros(n + 1, dtype=np.int64)
    for runs in spans:
        for lo, hi in runs:
            diff[lo] += 1
            diff[hi + 1] -= 1
    cover = np.cumsum(diff[:-1])
    est_lo = pos[:len(events)].astype(np.int64) + t0
    length = t1 - t0 + 1
    hits = _excluded_positions(est_lo, length, cover, spans[:len(events)])
    empty = np.empty(0, dtype=np.int64)
    windows = []
    for k in range(len(events)):
        p, ext = int(pos[k]), aligned[k].extension
        windows.append({w: _slice(n, p, w[0], w[1] + ext) for w in win[k]})
    days = idx.to_numpy()
    pairs = [(i, j, tuple(map(pd.Timestamp, days[common])))
             for i, j, common in _overlapping_pairs(spans[:len(events)])]
    return _Layout([_slice(n, int(pos[k]), t0, t1) for k in range(len(events))],
                   [h if exclude else empty for h in hits], windows, pairs,
                   any(len(h) > 0 for h in hits))


def plan_study(study: Study, *, warn: bool = True) -> StudyPlan:
    """Align every event on every asset's calendar and lay out its windows.

    Each event is aligned once per calendar (:func:`align_many`); windows,
    exclusions and overlaps are integer positions on the calendar's session
    array (a coverage count per session, no pairwise loop over events).

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
        One :class:`EventAssetPlan` per (event, asset), assets in study order,
        events in study order within an asset.

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
    base = list(study.event_windows)
    extra = _claim_windows(study)
    events, ctx_events = list(study.events), list(study.context_events)
    rows: list[EventAssetPlan] = []
    context: dict[tuple[str, str], Alignment] = {}
    overlaps: list[Overlap] = []
    rolled_notes: list[str] = []
    others_in_estimation = False
    per_cal: dict[str, tuple[list[Alignment], list[Alignment], pd.DatetimeIndex, np.ndarray]] = {}
    layouts: dict[tuple, _Layout] = {}
    for asset in study.assets:
        cal = calendars[asset.ticker]
        if cal not in per_cal:
            aligned = align_many(events, cal)
            ctx = align_many(ctx_events, cal)
            every = aligned + ctx
            idx = _session_index(cal, min(a.day0 for a in every),
                                 max(a.last_day for a in every), max(-t0, -span_lo, 0),
                                 max(span_hi, 0) + max(a.extension for a in every))
            idx = pd.DatetimeIndex(idx, name="date")
            pos = idx.searchsorted(pd.DatetimeIndex([a.day0 for a in every]))
            per_cal[cal] = (aligned, ctx, idx, pos)
        aligned, ctx, idx, pos = per_cal[cal]
        context.update({(e.id, asset.ticker): a for e, a in zip(ctx_events, ctx, strict=True)})
        # each event's windows on this asset: the study's event windows plus the windows
        # of claims about that event that involve this asset (context events: the study's)
        win = [base + [w for w in extra.get((e.id, asset.ticker), ()) if w not in base]
               for e in events]
        # assets on one calendar with the same windows share one layout (computed once)
        sig = (cal, tuple(tuple(ws) for ws in win))
        if sig not in layouts:
            layouts[sig] = _layout(events, aligned, ctx, idx, pos, win, base, t0, t1,
                                   study.model.exclude_event_windows)
        lay = layouts[sig]
        others_in_estimation = others_in_estimation or lay.others
        for k, e in enumerate(events):
            row = EventAssetPlan(e.id, asset.ticker, cal, aligned[k], idx, lay.estimation[k],
                                 lay.excluded[k], dict(lay.windows[k]))
            row.__dict__["day0_pos"] = int(pos[k])  # the cached property, known here
            rows.append(row)
            if aligned[k].holidays:
                rolled_notes.append(f"{e.id} on {asset.ticker}: {aligned[k].reason}")
        overlaps += [Overlap(asset.ticker, events[i].id, events[j].id, "event_window", dates)
                     for i, j, dates in lay.pairs]
    plan = StudyPlan(study, calendars, tuple(rows), context, tuple(overlaps),
                     others_in_estimation)
    if warn:
        _warn(plan, rolled_notes)
    return plan


#: overlapping pairs named in the warning (a study of thousands of events has thousands)
MAX_LISTED_PAIRS = 20


def _warn(plan: StudyPlan, rolled_notes: list[str]) -> None:
    pairs: dict[tuple[str, str], list[Overlap]] = {}
    for o in plan.overlaps:
        if o.kind == "event_window":
            pairs.setdefault((o.first, o.second), []).append(o)
    if pairs:
        lines = []
        for (a, b), items in list(pairs.items())[:MAX_LISTED_PAIRS]:
            n_assets = len(plan.calendars)
            tickers = (f"all {n_assets} assets" if len(items) == n_assets and n_assets > 1
                       else ", ".join(o.ticker for o in items))
            d0 = min(d for o in items for d in o.dates)
            d1 = max(d for o in items for d in o.dates)
            lines.append(f"{a} & {b} on {tickers} ({d0:%Y-%m-%d}..{d1:%Y-%m-%d})")
        warnings.warn(
            f"{len(pairs)} pair{'s' * (len(pairs) != 1)} of events "
            f"{'has' if len(pairs) == 1 else 'have'} overlapping event "
            f"windows, so their reactions cannot be separated: " + "; ".join(lines)
            + (f"; and {len(pairs) - MAX_LISTED_PAIRS} more pairs"
               if len(pairs) > MAX_LISTED_PAIRS else ""),
            OverlappingWindowsWarning, stacklevel=3)
    if not plan.study.model.exclude_event_windows and plan.others_in_estimation:
        warnings.warn("other events fall inside estimation windows and are kept "
                      "(model.exclude_event_windows is false)", OverlappingWindowsWarning,
                      stacklevel=3)
    if rolled_notes:
        warnings.warn("day 0 skips exchange holidays: " + "; ".join(rolled_notes),
                      EventDateRolledWarning, stacklevel=3)


__all__ = ["EventAssetPlan", "Overlap", "StudyPlan", "plan_study"]
