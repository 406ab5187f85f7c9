"""The position-based plan equals a brute-force one built from date sets.

``plan_study`` counts window coverage per session and sweeps sorted runs for
overlaps (no pairwise loop over events). Here the same quantities are
recomputed the slow, obvious way -- per event, the union of the other events'
window dates intersected with its estimation dates; per pair of events, the
intersection of their window dates -- from ``align`` and the calendar's
session list, on a seeded random study with dates, times, a date range,
context events and claim windows on two calendars.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from eventstudy.calendar import align, plan_study, sessions
from eventstudy.calendar.align import align_many
from eventstudy.spec import Study


def _random_study(seed: int = 7) -> Study:
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2018-01-02") + pd.to_timedelta(
        np.sort(rng.choice(420, 24, replace=False)), unit="D")
    events = [{"id": f"e{i}", "when": f"{d:%Y-%m-%d}"} for i, d in enumerate(days)]
    events[3] = {"id": "e3", "when": f"{days[3]:%Y-%m-%d}T15:30", "timezone": "Asia/Shanghai"}
    events[5] = {"id": "e5", "when": "2018-12-24T14:00", "timezone": "America/New_York"}
    events[8] = {"id": "e8", "when": {"from": f"{days[8]:%Y-%m-%d}",
                                      "to": f"{days[8] + pd.Timedelta(days=4):%Y-%m-%d}"}}
    return Study(
        title="SYNTHETIC plan check",
        model={"benchmark": "^GSPC", "estimation_window": (-60, -3),
               "min_estimation_days": 30},
        event_windows=[(0, 0), (-1, 1)],
        assets=[{"ticker": "^GSPC", "calendar": "XNYS", "model": "constant_mean"},
                {"ticker": "GM"},
                {"ticker": "000001.SS", "calendar": "XSHG", "model": "constant_mean"}],
        events=events,
        context_events=[{"id": "ctx", "when": f"{days[10] + pd.Timedelta(days=2):%Y-%m-%d}"}],
        claims=[{"id": "c1", "text": "x", "event": "e4", "assets": "GM", "window": (0, 5),
                 "direction": "up"},
                {"id": "c2", "text": "x", "event": "e12", "assets": ["000001.SS", "GM"],
                 "window": (-2, 2), "direction": "any"}],
    )


def _brute(study: Study, ticker: str, cal: str) -> tuple[dict, set]:
    idx = sessions(cal, "2016-01-01", "2020-06-30")
    t0, t1 = study.model.estimation_window

    def window_dates(al, windows) -> set:  # noqa: ANN001
        p = idx.get_loc(al.day0)
        return {d for a, b in windows for d in idx[p + a:p + b + al.extension + 1]}

    spans, est = {}, {}
    for e in study.events:
        al = align(e, cal)
        ws = list(study.event_windows) + [c.window for c in study.claims
                                          if c.event == e.id and ticker in c.assets]
        spans[e.id] = window_dates(al, ws)
        p = idx.get_loc(al.day0)
        est[e.id] = set(idx[p + t0:p + t1 + 1])
    for e in study.context_events:
        spans[e.id] = window_dates(align(e, cal), study.event_windows)
    excluded = {e.id: sorted(est[e.id] & set().union(*(s for k, s in spans.items()
                                                       if k != e.id)))
                for e in study.events}
    ids = [e.id for e in study.events]
    pairs = {(a, b): sorted(spans[a] & spans[b]) for i, a in enumerate(ids)
             for b in ids[i + 1:] if spans[a] & spans[b]}
    return excluded, pairs


def test_plan_equals_brute_force_sets() -> None:
    study = _random_study()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = plan_study(study)
    assert plan.others_in_estimation
    for ticker, cal in (("GM", "XNYS"), ("000001.SS", "XSHG")):
        excluded, pairs = _brute(study, ticker, cal)
        for e in study.events:
            row = plan.get(e.id, ticker)
            assert list(row.excluded_dates) == excluded[e.id], (ticker, e.id)
            assert row.n_estimation == len(row.estimation_dates) - len(excluded[e.id])
        assert sum(len(v) for v in excluded.values()) > 10  # exclusions are exercised
        got = {(o.first, o.second): list(o.dates) for o in plan.overlaps if o.ticker == ticker}
        assert got == pairs, ticker
    assert any(len(v) for v in pairs.values())  # the study does overlap


def test_align_many_equals_align_one_by_one() -> None:
    study = _random_study(11)
    for cal in ("XNYS", "XSHG", "XHKG"):
        assert align_many(study.events, cal) == [align(e, cal) for e in study.events]


def test_bounds_match_the_date_indexes() -> None:
    plan = plan_study(_random_study(3), warn=False)
    for row in plan.rows[:10]:
        assert row.estimation_bounds == (row.estimation_dates[0], row.estimation_dates[-1])
        for w, b in row.window_bounds.items():
            ix = row.windows[w]
            assert b == ((ix[0],) if len(ix) == 1 else (ix[0], ix[-1]))
