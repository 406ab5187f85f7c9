"""Assets sharing a calendar share one layout; the overlap warning stays one readable line.

``plan_study`` computes windows, exclusions and overlapping pairs once per
(calendar, window set) and reuses them for every asset with the same ones.
Each asset's rows must equal the plan of a study holding that asset alone
(SYNTHETIC events; the real XNYS calendar).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from eventstudy.calendar import plan_study
from eventstudy.calendar.plan import MAX_LISTED_PAIRS
from eventstudy.exceptions import OverlappingWindowsWarning
from eventstudy.spec import Study

EVENTS = [{"id": f"e{i}", "when": d} for i, d in enumerate(
    ["2018-03-01", "2018-03-02", "2018-03-06", "2018-05-10", "2018-05-11", "2018-09-03",
     "2018-12-24", "2018-12-26"])]
CLAIM = {"id": "c", "text": "x", "event": "e3", "assets": "F", "window": (0, 4),
         "direction": "up"}


def _study(tickers: list[str], events: list[dict] = EVENTS) -> Study:
    return Study(title="SYNTHETIC layout check",
                 model={"kind": "constant_mean", "estimation_window": (-80, -3),
                        "min_estimation_days": 30},
                 event_windows=[(0, 0), (-1, 1)],
                 assets=[{"ticker": t, "calendar": "XNYS"} for t in tickers],
                 events=events, claims=[CLAIM] if "F" in tickers else [])


def _row_fields(r) -> tuple:  # noqa: ANN001
    return (r.event_id, r.calendar, r.day0, r.day0_pos, r.estimation_slice,
            tuple(r.excluded_pos), dict(r.window_slices), tuple(r.event_dates),
            tuple(r.clean_estimation_dates))


def test_shared_layout_equals_each_asset_planned_alone() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        together = plan_study(_study(["GM", "F", "TSLA"]))
        for t in ("GM", "F", "TSLA"):
            alone = plan_study(_study([t]))
            mine = [r for r in together.rows if r.ticker == t]
            assert [_row_fields(r) for r in mine] == [_row_fields(r) for r in alone.rows]
            assert [(o.first, o.second, o.dates) for o in together.overlaps
                    if o.ticker == t] == [(o.first, o.second, o.dates) for o in alone.overlaps]
    # GM and TSLA share a layout; F (a claim window) has its own: its e3 window is wider
    gm, f = together.get("e3", "GM"), together.get("e3", "F")
    assert (0, 4) in f.window_slices and (0, 4) not in gm.window_slices
    assert gm.window_slices is not together.get("e3", "TSLA").window_slices  # own copies


@pytest.mark.filterwarnings("ignore::eventstudy.exceptions.EventDateRolledWarning")
def test_overlap_warning_names_at_most_the_first_pairs() -> None:
    days = pd.bdate_range("2018-01-02", periods=40)
    events = [{"id": f"d{i:02d}", "when": f"{d:%Y-%m-%d}"} for i, d in enumerate(days)]
    with pytest.warns(OverlappingWindowsWarning) as rec:
        plan = plan_study(_study(["GM"], events))
    n_pairs = len({(o.first, o.second) for o in plan.overlaps})
    assert n_pairs > MAX_LISTED_PAIRS
    text = str(next(w.message for w in rec if w.category is OverlappingWindowsWarning))
    assert text.startswith(f"{n_pairs} pairs of events have overlapping event windows")
    assert text.count(" & ") == MAX_LISTED_PAIRS
    assert text.endswith(f"; and {n_pairs - MAX_LISTED_PAIRS} more pairs")
    assert np.all([len(o.dates) > 0 for o in plan.overlaps])
