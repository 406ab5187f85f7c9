"""``run`` and ``validate`` share one plan: day 0s, windows and exclusions agree.

The reference is :func:`eventstudy.calendar.plan_study` called here directly
(the function ``python -m eventstudy validate`` prints); the values under
test are read back from the ``study.json`` and ``car.csv`` that ``run`` wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from eventstudy.calendar import plan_study
from eventstudy.spec import Study

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


@pytest.fixture(scope="module")
def outputs(bundled_run) -> tuple[dict, pd.DataFrame]:  # noqa: ANN001 - shared session run
    out = bundled_run.out
    study_json = json.loads((out / "study.json").read_text())
    car = pd.read_csv(out / "car.csv")
    return study_json, car


@pytest.fixture(scope="module")
def plan():  # noqa: ANN201
    return plan_study(Study.from_yaml(STUDY), warn=False)


def _d(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def test_day0_reason_and_exclusions_equal_plan(outputs, plan) -> None:  # noqa: ANN001
    study_json, _ = outputs
    n = 0
    for ev in study_json["events"]:
        for al in ev["alignments"]:
            row = plan.get(ev["id"], al["asset"])
            assert al["day0"] == _d(row.day0), (ev["id"], al["asset"])
            assert al["reason"] == row.alignment.reason
            assert al["calendar"] == row.calendar
            assert al["n_excluded"] == row.n_excluded, (ev["id"], al["asset"])
            assert al["excluded_dates"] == [_d(x) for x in row.excluded_dates]
            assert al["estimation_start"] == _d(row.estimation_dates[0])
            assert al["estimation_end"] == _d(row.estimation_dates[-1])
            by_window = {tuple(w["window"]): (w["start"], w["end"]) for w in al["windows"]}
            for (a, b), dates in row.windows.items():
                ext = row.alignment.extension
                assert by_window[(a, b + ext)] == (_d(dates[0]), _d(dates[-1]))
            n += 1
    assert n == len(plan.rows) == 6 * 19
    # spot check a known case: the Saturday call is 2019-01-02 in Shanghai
    assert _d(plan.get("trump_call", "000001.SS").day0) == "2019-01-02"


def test_estimates_used_the_plan_exclusions(outputs, plan) -> None:  # noqa: ANN001
    """``estimate_event`` counted exactly the plan's excluded days in its window."""
    _, car = outputs
    prim = car[car.role == "primary"].drop_duplicates(["event_id", "asset"])
    assert len(prim) == len(plan.rows)
    for r in prim.itertuples():
        row = plan.get(r.event_id, r.asset)
        assert r.n_excluded == row.n_excluded, (r.event_id, r.asset)
        assert r.day0 == _d(row.day0)
        # usable days = plan sessions minus exclusions minus missing returns
        assert r.n_estimation <= row.n_estimation


def test_overlaps_reported(outputs, plan) -> None:  # noqa: ANN001
    study_json, _ = outputs
    got = {(o["asset"], o["first"], o["second"]) for o in study_json["overlaps"]}
    want = {(o.ticker, o.first, o.second) for o in plan.overlaps if o.kind == "event_window"}
    assert got == want and want
