"""Event-time portfolio (Brown & Warner 1985) for groups spanning calendars.

Two independent checks:

* synthetic (seeded, labelled synthetic): :func:`event_time_car` against a
  plain-numpy loop over relative days, with missing days and correlated members;
* real data: the ``china_hk_after_call`` group verdict of the bundled study
  (Shanghai + Hong Kong after the Saturday call, each on its own day 0)
  recomputed here from the cache CSVs with numpy: constant-mean residuals on
  each exchange's sessions, averaged by relative day.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from eventstudy.calendar import plan_study, sessions
from eventstudy.pipeline import run
from eventstudy.spec import Study
from eventstudy.stats.portfolio import event_time_car

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


def _numpy_reference(resid: np.ndarray, ars: list[np.ndarray]) -> dict[str, float]:
    """Brown-Warner crude dependence adjustment, written out with loops."""
    n_t = resid.shape[0]
    aar = np.full(n_t, np.nan)
    for t in range(n_t):
        row = resid[t][~np.isnan(resid[t])]
        if row.size:
            aar[t] = row.sum() / row.size
    good = aar[~np.isnan(aar)]
    l1 = good.size
    s = np.sqrt(((good - good.mean()) ** 2).sum() / (l1 - 1))
    car = float(np.mean([a[~np.isnan(a)].sum() for a in ars]))
    l2 = len(ars[0])
    se = np.sqrt(l2) * s
    tstat = car / se
    p_t = 2 * st.t.sf(abs(tstat), l1 - 1)
    sums = [aar[j:j + l2].sum() for j in range(n_t - l2 + 1)
            if not np.isnan(aar[j:j + l2]).any()]
    m = len(sums)
    p_g = (1 + sum(x >= car for x in sums)) / (m + 1)
    p_l = (1 + sum(x <= car for x in sums)) / (m + 1)
    return {"car": car, "se": se, "t": tstat, "p_t": p_t, "p_sq": min(1.0, 2 * min(p_g, p_l)),
            "l1": l1}


def test_event_time_car_matches_numpy_synthetic() -> None:
    # SYNTHETIC data: 3 correlated members, 240 estimation days, some missing
    rng = np.random.default_rng(20181229)
    common = rng.normal(0, 0.01, 240)
    resid = np.column_stack([common + rng.normal(0, s, 240) for s in (0.005, 0.01, 0.02)])
    resid[rng.choice(240, 15, replace=False), 1] = np.nan
    resid[5:9, :] = np.nan  # a day nobody traded
    ar = rng.normal(0.004, 0.012, (3, 3))
    ar[2, 1] = np.nan  # a member's missing event-day return
    rel = pd.RangeIndex(-260, -20)
    got = event_time_car(pd.DataFrame(resid, index=rel, columns=list("abc")),
                         pd.DataFrame(ar.T, index=[0, 1, 2], columns=list("abc")))
    ref = _numpy_reference(resid, [ar[i] for i in range(3)])
    assert got.car == pytest.approx(ref["car"], rel=1e-12)
    assert got.se == pytest.approx(ref["se"], rel=1e-12)
    assert got.t.statistic == pytest.approx(ref["t"], rel=1e-12)
    assert got.t.pvalue_two_sided == pytest.approx(ref["p_t"], rel=1e-10)
    assert got.sq.pvalue_two_sided == pytest.approx(ref["p_sq"], rel=1e-12)
    assert got.l1 == ref["l1"] == 236 and got.dof == 235
    # cross-correlation is in S: it exceeds the independence value sqrt(sum s_i^2)/N
    indep = np.sqrt(np.nansum(np.nanvar(resid, axis=0, ddof=1))) / 3
    assert got.s > 1.2 * indep  # expected ratio ~1.3 for these variances


@pytest.fixture(scope="module")
def claims(bundled_run) -> dict:  # noqa: ANN001 - the shared session run (conftest)
    out = bundled_run.out
    return {c["id"]: c for c in json.loads((out / "claims.json").read_text())["claims"]}


def test_china_hk_group_matches_numpy_from_cache(claims: dict) -> None:
    study = Study.from_yaml(STUDY)
    plan = plan_study(study, warn=False)
    t0, t1 = study.model.estimation_window
    resid_cols, ars = [], []
    for ticker in ("000001.SS", "^HSI"):
        row = plan.get("trump_call", ticker)
        px = pd.read_csv(REPO / "cache" / f"{ticker}.csv", index_col=0,
                         parse_dates=True)["Adj Close"]
        sess = sessions(row.calendar, row.estimation_dates[0] - pd.Timedelta(days=20),
                        row.day0 + pd.Timedelta(days=20))
        r = px.reindex(sess) / px.reindex(sess).shift(1) - 1
        est = row.estimation_dates
        assert len(est) == t1 - t0 + 1
        clean = est.difference(row.excluded_dates)
        mu = r.reindex(clean).dropna().mean()
        e = np.array([r[d] - mu if d in clean else np.nan for d in est])
        resid_cols.append(e)
        pos0 = sess.get_loc(row.day0)
        ars.append(np.array([r[sess[pos0 + k]] - mu for k in (0, 1)]))
    ref = _numpy_reference(np.column_stack(resid_cols), ars)
    g = claims["china_hk_after_call"]
    p = g["portfolio"]
    assert "event-time portfolio" in g["method"]
    assert p["car"] == pytest.approx(ref["car"], rel=1e-9)
    assert p["se"] == pytest.approx(ref["se"], rel=1e-9)
    assert p["p_value"] == pytest.approx(ref["p_t"], rel=1e-8)  # direction any: two-sided
    assert p["p_value_sq"] == pytest.approx(ref["p_sq"], rel=1e-12)
    # claim-level numbers are the group's, not "n/a"
    assert g["car"] == p["car"] and g["p_value"] == p["p_value"]
    # the group CAR is the mean of the members' own CARs
    assert p["car"] == pytest.approx(np.mean([m["car"] for m in g["members"]]), rel=1e-12)


def test_talks_begin_spans_three_calendars(claims: dict) -> None:
    g = claims["talks_begin"]
    assert g["car"] is not None and g["p_value"] is not None
    assert "XNYS" in g["method"] and "XSHG" in g["method"] and "XHKG" in g["method"]


def test_same_calendar_group_label_names_the_reason(tmp_path: Path) -> None:
    """F and GM share XNYS but not a model: not 'each on its own calendar'."""
    path = tmp_path / "models.yaml"
    path.write_text(f"""\
title: same calendar, different models
data: {{source: cache, cache: {REPO / 'cache'}}}
model: {{kind: market, benchmark: ^GSPC}}
event_windows: [[0, 1]]
assets:
  - {{ticker: ^GSPC, model: constant_mean}}
  - {{ticker: F}}
  - {{ticker: GM, model: constant_mean}}
groups:
  autos: [F, GM]
events: [{{id: ev, title: E, when: 2018-12-03}}]
claims: [{{id: c1, text: autos rose, event: ev, assets: autos, window: [0, 1], direction: up}}]
""")
    res = run(path, out=None, offline=True)
    method = res.claim_records[0]["method"]
    assert method.startswith("event-time portfolio")
    assert "own calendar" not in method
    assert "on XNYS: members use different models, so each keeps its own day 0 and model" \
        in method
