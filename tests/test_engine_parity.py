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
events, which is the date rule: that day if it is a session, else the next)
and aligns them on the calendar's real closes, early closes included (it
once assumed a fixed 16:00 close and put the early-close event on
2018-12-24; that case was an expected failure until then).

The second half checks the study path's own use of the engine
(:mod:`eventstudy.pipeline.engine_path`) piece by piece against
:func:`eventstudy.stats.abnormal.estimate_event` on the same inputs.
"""

from __future__ import annotations

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


def _cases() -> list:
    return [pytest.param(eid, t, id=f"{eid}-{t}") for eid in EVENTS
            for t in ("^GSPC", "GM", "F")]


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


# --------------------------------------------------------------------------- study path
# ``run`` estimates through eventstudy.pipeline.engine_path (one batch-engine call per
# model and calendar); estimate_event is the independent per-pair computation
# (statsmodels for the Carhart model, the closed-form core for the others).

_DAY0 = {"ordinary": "2018-11-15", "holiday": "2018-12-06", "early_close": "2018-12-26",
         "saturday": "2018-12-31"}
_STUDY_WINDOWS = ((0, 0), (0, 1), (-1, 1), (0, 4))


@pytest.fixture(scope="module")
def study_inputs() -> dict:
    """Cached returns of GM, F and ^GSPC on NYSE sessions, the Carhart factors."""
    from eventstudy.data.factors import load_factors
    from eventstudy.models.join import trade_to_trade

    prices = load_prices(["^GSPC", "GM", "F"], "2017-10-02", "2019-03-29", offline=True,
                         cache_dir=CACHE)
    s = pd.DatetimeIndex(sessions("XNYS", "2017-10-02", "2019-03-29"), name="date")
    rets = {t: asset_returns(prices[t].dropna(), s) for t in prices.columns}
    bench = trade_to_trade(prices["^GSPC"].dropna(), s)
    return {"returns": rets, "bench": bench, "carhart": load_factors("carhart",
                                                                     cache_dir=CACHE)}


def _jobs(inp: dict, exclude: dict[str, pd.DatetimeIndex]) -> list:
    from eventstudy.pipeline.engine_path import Job

    out = []
    for model, tickers in (("market", ("GM", "F")), ("constant_mean", ("^GSPC",)),
                           ("carhart", ("GM", "F"))):
        for t in tickers:
            for eid, d0 in _DAY0.items():
                out.append(Job(eid, t, "XNYS", model, inp["returns"][t],
                               inp["bench"] if model == "market" else None,
                               pd.Timestamp(d0), _STUDY_WINDOWS,
                               exclude.get(eid, pd.DatetimeIndex([])),
                               inp["carhart"] if model == "carhart" else None))
    return out


def _close(a: float, b: float) -> bool:
    return (np.isnan(a) and np.isnan(b)) or abs(a - b) <= 1e-12


@pytest.mark.parametrize("overlap", [False, True], ids=["shared-cover", "own-cover"])
def test_study_path_engine_matches_estimate_event(study_inputs: dict, overlap: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Every piece of an engine-built EventEstimate equals estimate_event's to 1e-12.

    ``own-cover``: the holiday event excludes sessions that lie in the ordinary
    event's estimation window too, which the ordinary event does not exclude,
    so one cover row per asset cannot serve both and the engine gets a copy.
    """
    from eventstudy.models.factors import FACTOR_MODELS
    from eventstudy.pipeline.engine_path import estimate_jobs
    from eventstudy.stats.abnormal import estimate_event

    excl = {"saturday": pd.DatetimeIndex(["2018-12-26", "2018-12-27"])}
    if overlap:
        excl["holiday"] = pd.DatetimeIndex(pd.bdate_range("2018-09-04", "2018-09-14"))
    jobs = _jobs(study_inputs, excl)
    from eventstudy.pipeline import engine_path

    rows: list[int] = []
    real = engine_path.engine_estimate

    def spy(values: np.ndarray, *args: object, **kw: object) -> object:
        rows.append(values.shape[0])
        return real(values, *args, **kw)

    monkeypatch.setattr(engine_path, "engine_estimate", spy)
    got = estimate_jobs(jobs, estimation_window=EST, min_estimation_days=120)
    assert all(g is not None and g.method == "engine" for g in got)
    # one call per model; market: ^GSPC, GM, F rows (plus copies with their own exclusions)
    assert len(rows) == 3
    assert (rows[0] > 3) if overlap else (rows[0] == 3)
    for jb, g in zip(jobs, got, strict=True):
        spec = (FACTOR_MODELS[jb.model](factors=jb.factors) if jb.model == "carhart"
                else jb.model)
        ref = estimate_event(jb.returns, jb.benchmark, jb.day0, model=spec,
                             estimation_window=EST, event_windows=jb.windows,
                             exclude=jb.exclude, min_estimation_days=120,
                             event_id=jb.event_id, asset=jb.target, check_data=False)
        assert g.day0 == ref.day0 and g.model == ref.model
        assert (g.n_estimation, g.n_excluded, g.dof, g.n_missing_estimation) == (
            ref.n_estimation, ref.n_excluded, ref.dof, ref.n_missing_estimation)
        assert _close(g.sigma, ref.sigma) and _close(g.vol_ratio, ref.vol_ratio)
        assert _close(g.r2, ref.r2)
        np.testing.assert_allclose(g.params.to_numpy(), ref.params.to_numpy(), atol=1e-12)
        assert list(g.params.index) == list(ref.params.index)
        np.testing.assert_allclose(g.std_errors.to_numpy(), ref.std_errors.to_numpy(),
                                   rtol=1e-9)
        assert g.estimation_dates.equals(ref.estimation_dates)
        np.testing.assert_allclose(g.residuals.to_numpy(), ref.residuals.to_numpy(),
                                   atol=1e-12)
        np.testing.assert_allclose(g.abnormal_all.to_numpy(), ref.abnormal_all.to_numpy(),
                                   atol=1e-12)
        pd.testing.assert_frame_equal(g.abnormal, ref.abnormal, check_exact=False,
                                      atol=1e-12, rtol=0)
        for w, c in ref.cars.items():
            e = g.cars[w]
            assert (e.start_date, e.end_date, e.n_days, e.n_missing, e.dof) == (
                c.start_date, c.end_date, c.n_days, c.n_missing, c.dof)
            for x, y in ((e.car, c.car), (e.se, c.se), (e.vol_ratio, c.vol_ratio),
                         (e.t.statistic, c.t.statistic),
                         (e.t.pvalue_two_sided, c.t.pvalue_two_sided),
                         (e.t.pvalue_greater, c.t.pvalue_greater),
                         (e.sq.pvalue_two_sided, c.sq.pvalue_two_sided),
                         (e.sq.pvalue_less, c.sq.pvalue_less)):
                assert _close(float(x), float(y)), (jb.event_id, jb.target, jb.model, w)
            assert e.sq.distribution == c.sq.distribution
            assert e.t.distribution == c.t.distribution
        assert np.allclose(g.fitted.params, ref.fitted.params, atol=1e-12)


def test_study_path_hands_refused_pairs_back(study_inputs: dict) -> None:
    """A pair the engine cannot fit (too few estimation days) is left to estimate_event."""
    from eventstudy.pipeline.engine_path import estimate_jobs

    jobs = _jobs(study_inputs, {})[:2]
    got = estimate_jobs(jobs, estimation_window=EST, min_estimation_days=10_000)
    assert got == [None, None]
