"""One engine: the study path (``run``) and ``batch`` give the same numbers.

The same four events on real cached prices (GM and F, market model on the
S&P 500; the S&P 500 itself, constant mean) go through ``run`` (a small study
file) and through :func:`eventstudy.batch` (returns built from the same cache
with :func:`eventstudy.models.join.asset_returns`). Day 0, CAR, SE, t, the
t p-value and the SQ p-value must agree to 1e-12 for every window:

* an ordinary Thursday (2018-11-15, date only);
* a holiday: Wednesday 2018-12-05, NYSE closed for President Bush's funeral
  (date only; day 0 is Thursday 2018-12-06);
* an early close: 14:00 New York on Monday 2018-12-24, after NYSE's 13:00
  close, so day 0 is Wednesday 2018-12-26 (the 25th is Christmas);
* a Saturday: 2018-12-29 (date only; day 0 is Monday 2018-12-31).

``batch`` takes the dates as New York timestamps (midnight for date-only
events, which is the date rule: that day if it is a session, else the next).
Until ``batch`` aligns on the calendar's real closes (the kernel branch, which
adds ``batch(..., calendar=)``), it assumes a 16:00 close and puts the
early-close event on 2018-12-24: that case is ``xfail(strict=True)`` while
``batch`` has no ``calendar`` parameter, and runs as a plain test after.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.batch import batch
from eventstudy.calendar import sessions
from eventstudy.data import load_prices
from eventstudy.models.join import asset_returns
from eventstudy.pipeline import run

CACHE = Path(__file__).resolve().parents[1] / "cache"
EVENTS = {  # id -> (study `when` text, batch timestamp in New York, expected day 0)
    "ordinary": ("2018-11-15", "2018-11-15 00:00", "2018-11-15"),
    "holiday": ("2018-12-05", "2018-12-05 00:00", "2018-12-06"),
    "early_close": ("2018-12-24T14:00", "2018-12-24 14:00", "2018-12-26"),
    "saturday": ("2018-12-29", "2018-12-29 00:00", "2018-12-31"),
}
WINDOWS = ((0, 0), (0, 1), (-1, 1))
EST = (-250, -11)
STUDY = """\
title: "Parity check: run vs batch (real cached prices)"
data: {{source: cache, cache: {cache}}}
model: {{kind: market, benchmark: ^GSPC, estimation_window: [{e0}, {e1}],
        min_estimation_days: 120, exclude_event_windows: true}}
event_windows: [[0, 0], [0, 1], [-1, 1]]
assets:
  - {{ticker: ^GSPC, name: S&P 500, model: constant_mean}}
  - {{ticker: GM, name: General Motors}}
  - {{ticker: F, name: Ford Motor}}
events:
{events}
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """car.csv rows of ``run`` and ``BatchResult.to_frame()`` rows, on the same events."""
    d = tmp_path_factory.mktemp("parity")
    lines = []
    for eid, (when, _, _) in EVENTS.items():
        tz = ", timezone: America/New_York" if "T" in when else ""
        lines.append(f"  - {{id: {eid}, when: {when}{tz}}}")
    (d / "s.yaml").write_text(STUDY.format(cache=CACHE, e0=EST[0], e1=EST[1],
                                           events="\n".join(lines)), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EVENTSTUDY_OFFLINE", "1")
        res = run(d / "s.yaml", offline=True)
    study = res.cars[res.cars["role"] == "primary"]

    prices = load_prices(["^GSPC", "GM", "F"], "2017-10-02", "2019-03-29", offline=True,
                         cache_dir=CACHE)
    s = pd.DatetimeIndex(sessions("XNYS", "2017-10-02", "2019-03-29"), name="date")
    rets = pd.DataFrame({t: asset_returns(prices[t].dropna(), s) for t in prices.columns})
    stamps = {eid: pd.Timestamp(ts, tz="America/New_York") for eid, (_, ts, _) in
              EVENTS.items()}
    frames = []
    for model, tickers in (("market", ["GM", "F"]), ("constant_mean", ["^GSPC"])):
        ev = pd.DataFrame([{"id": f"{eid}|{t}", "ticker": t, "timestamp": stamps[eid]}
                           for eid in EVENTS for t in tickers])
        b = batch(rets, ev, model=model, estimation=EST, windows=WINDOWS,
                  benchmark="^GSPC" if model == "market" else None, min_estimation_days=120,
                  exclude_event_windows=True, workers=1)
        frames.append(b.to_frame())
    return study, pd.concat(frames, ignore_index=True)


#: batch() aligns timestamps on the calendar's real closes once it takes ``calendar=``
#: (the kernel branch); before that it assumes 16:00 and the early-close case fails
_REAL_CLOSES = "calendar" in inspect.signature(batch).parameters


def _cases() -> list:
    out = []
    for eid in EVENTS:
        for t in ("^GSPC", "GM", "F"):
            marks = [pytest.mark.xfail(strict=True, reason="batch assumes a 16:00 close "
                                       "(fixed on the kernel branch)")] \
                if eid == "early_close" and not _REAL_CLOSES else []
            out.append(pytest.param(eid, t, marks=marks, id=f"{eid}-{t}"))
    return out


@pytest.mark.parametrize(("event_id", "ticker"), _cases())
def test_run_and_batch_agree(both: tuple[pd.DataFrame, pd.DataFrame], event_id: str,
                             ticker: str) -> None:
    study, bat = both
    s = study[(study["event_id"] == event_id) & (study["asset"] == ticker)]
    b = bat[bat["event_id"] == f"{event_id}|{ticker}"]
    expected = pd.Timestamp(EVENTS[event_id][2])
    assert (pd.to_datetime(s["day0"]) == expected).all()
    assert (pd.to_datetime(b["day0"]) == expected).all()
    for a, c in WINDOWS:
        srow = s[(s["rel_start"] == a) & (s["rel_end"] == c)].iloc[0]
        brow = b[(b["rel_start"] == a) & (b["rel_end"] == c)].iloc[0]
        for k in ("car", "car_se", "t_stat", "p_value", "p_value_sq"):  # one schema: same names
            assert np.isfinite(srow[k]), (k, a, c)
            assert abs(srow[k] - brow[k]) <= 1e-12, (k, (a, c), srow[k], brow[k])
        assert srow["n_estimation"] == brow["n_estimation"]
