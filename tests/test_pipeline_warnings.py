"""Run-level warnings: the volatility-regime warning and no thin-trading false alarm.

REAL cached prices only. The volatility ratio of each (event, asset) is
recomputed here with plain numpy (standard deviation of the 20 returns before
day 0 over the residual standard deviation of an OLS fit on the estimation
window), and the pairs above 1.5 must be exactly those the one aggregated
``VolatilityRegimeWarning`` lists. ``car.csv``'s per-window ``vol_ratio`` is
checked against the raw cache CSV in ``test_car_csv_vol_ratio_is_per_window``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.data import load_prices
from eventstudy.pipeline import run

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"

STUDY = """\
title: volatility regime
data: {{source: cache, cache: {CACHE}}}
model: {{kind: market, benchmark: ^GSPC, estimation_window: [-200, -11]}}
event_windows: [[0, 0], [0, 1], [-1, 1]]
assets:
  - {{ticker: ^GSPC, model: constant_mean}}
  - {{ticker: GM}}
  - {{ticker: AAPL}}
events: [{{id: ev, title: E, when: {WHEN}}}]
"""


def _numpy_ratios(res) -> dict[str, float]:
    px = load_prices(["^GSPC", "GM", "AAPL"], "2017-10-01", "2019-02-28", offline=True,
                     cache_dir=CACHE)
    r = px.pct_change().iloc[1:]
    out = {}
    for al in res.resolved["events"][0]["alignments"]:
        t = al["asset"]
        est = r.loc[al["estimation_start"]:al["estimation_end"]]
        assert len(est) == 190 and al["excluded_dates"] == []
        y = est[t].to_numpy()
        if t == "^GSPC":  # constant mean
            resid, k = y - y.mean(), 1
        else:  # market model on ^GSPC
            X = np.column_stack([np.ones(len(y)), est["^GSPC"]])
            resid, k = y - X @ np.linalg.lstsq(X, y, rcond=None)[0], 2
        sigma = np.sqrt(resid @ resid / (len(y) - k))
        pos = r.index.get_loc(pd.Timestamp(al["day0"]))
        # the warning's definition: abnormal returns of the 20 sessions before day 0
        pre = r[t].iloc[pos - 20: pos].to_numpy()
        if t == "^GSPC":
            ar = pre - y.mean()
        else:
            coef = np.linalg.lstsq(X, y, rcond=None)[0]
            ar = pre - coef[0] - coef[1] * r["^GSPC"].iloc[pos - 20: pos].to_numpy()
        out[t] = float(np.std(ar, ddof=1) / sigma)
    return out


@pytest.mark.parametrize("when", ["2018-12-29", "2018-08-15"])
def test_volatility_regime_pairs_match_numpy(tmp_path: Path, when: str) -> None:
    (tmp_path / "s.yaml").write_text(STUDY.format(CACHE=CACHE, WHEN=when))
    res = run(tmp_path / "s.yaml", offline=True)
    ratios = _numpy_ratios(res)
    expect = sorted(t for t, v in ratios.items() if v > 1.5)
    got = res.resolved["volatility_regime"]
    assert sorted(f["asset"] for f in got["flagged"]) == expect
    for f in got["flagged"]:
        assert f["vol_ratio"] == pytest.approx(ratios[f["asset"]], rel=1e-9)
    lines = [w for w in res.warnings if w.startswith("VolatilityRegimeWarning")]
    if when == "2018-12-29":  # the late-December sell-off: the index's ratio is above 1.5,
        # while AAPL's December swings were mostly the market's (residual ratio below 1.5)
        assert ratios["^GSPC"] > 1.5 and "^GSPC" in expect
        assert ratios["AAPL"] < 1.5 and "AAPL" not in expect
        assert len(lines) == 1  # one warning for all pairs
        assert f"{len(expect)} of 3 event/asset pairs" in lines[0]
        for t in expect:
            assert f"{t} {ratios[t]:.2f}" in lines[0]
    if not expect:
        assert lines == []


@pytest.fixture(scope="module")
def bundled(bundled_run) -> tuple[Path, str]:  # noqa: ANN001 - the shared session run
    return bundled_run.out, bundled_run.stderr


def test_bundled_study_has_no_thin_trading_false_alarm(bundled: tuple[Path, str]) -> None:
    """Ford's unchanged close on 2018-12-27 traded ordinary volume: not thin trading."""
    out, err = bundled
    f = pd.read_csv(CACHE / "F.csv", index_col="Date", parse_dates=True)
    day = pd.Timestamp("2018-12-27")
    assert f.loc[day, "Adj Close"] == f.loc[pd.Timestamp("2018-12-26"), "Adj Close"]
    assert f.loc[day, "Volume"] > 0.5 * f.loc["2018-01-01":"2018-12-31", "Volume"].median()
    assert "ThinTradingWarning" not in err
    doc = json.loads((out / "study.json").read_text())
    assert not [i for i in doc["data_issues"] if i["kind"] == "thin_trading"]
    claims = (out / "claims.json").read_text()
    assert "thin trading" not in claims


def test_bundled_study_prints_one_volatility_line(bundled: tuple[Path, str]) -> None:
    out, err = bundled
    warn_lines = [ln for ln in err.splitlines() if ln.startswith("warning: ")]
    assert len(warn_lines) <= 5
    vol = [ln for ln in warn_lines if "VolatilityRegimeWarning" in ln]
    assert len(vol) == 1
    flagged = json.loads((out / "study.json").read_text())["volatility_regime"]["flagged"]
    car = pd.read_csv(out / "car.csv")
    prim = car[car.role == "primary"].drop_duplicates(["event_id", "asset"])
    assert len(flagged) == int((prim["vol_ratio_day0"] > 1.5).sum()) > 0
    assert "20 sessions before day 0" in vol[0]
    assert f"{len(flagged)} of {len(prim)} event/asset pairs" in vol[0]
    for f in flagged:
        assert f"{f['asset']} {f['vol_ratio']:.2f}" in vol[0]


def test_claim_vol_ratio_is_measured_before_the_claims_own_window(tmp_path: Path) -> None:
    """A [0,+1] claim's regime check uses the 20 sessions before day 0, not day -20."""
    text = STUDY.format(CACHE=CACHE, WHEN="2018-12-27").replace("[-200, -11]", "[-220, -21]")
    text += ("claims:\n"
             "  - {id: runup, text: r, event: ev, assets: ^GSPC, window: [-20, -1], "
             "direction: down}\n"
             "  - {id: boost, text: b, event: ev, assets: ^GSPC, window: [0, 1], "
             "direction: up}\n")
    (tmp_path / "s.yaml").write_text(text)
    res = run(tmp_path / "s.yaml", offline=True)
    r = load_prices(["^GSPC"], "2017-10-01", "2019-02-28", offline=True,
                    cache_dir=CACHE)["^GSPC"].pct_change().iloc[1:]
    al = next(a for a in res.resolved["events"][0]["alignments"] if a["asset"] == "^GSPC")
    est = r.loc[al["estimation_start"]:al["estimation_end"]]
    assert len(est) == 200
    sigma = est.std(ddof=1)  # constant-mean model
    pos0 = r.index.get_loc(pd.Timestamp(al["day0"]))
    expect = {"boost": np.std(r.iloc[pos0 - 20:pos0], ddof=1) / sigma,
              "runup": np.std(r.iloc[pos0 - 40:pos0 - 20], ddof=1) / sigma}
    claims = {c["id"]: c for c in res.claim_records}
    for cid, ratio in expect.items():
        (m,) = claims[cid]["members"]
        assert m["vol_ratio"] == pytest.approx(ratio, rel=1e-9), cid
    # December's sell-off came after the run-up window began: two different regimes
    assert expect["boost"] > 1.5 and expect["boost"] - expect["runup"] > 0.3


def test_car_csv_vol_ratio_is_per_window(tmp_path: Path) -> None:
    """car.csv's vol_ratio: 20 sessions before each row's window, sigma of that row's fit.

    Recomputed with plain numpy from the raw cache CSV files (Adj Close, simple
    returns): OLS / sample mean on the estimation rows, then the standard
    deviation of the 20 abnormal returns (out-of-sample residuals of that
    fit) before the window's first day over sigma.
    """
    text = (STUDY.format(CACHE=CACHE, WHEN="2018-12-27")
            .replace("[-200, -11]", "[-220, -21]")
            .replace("[[0, 0], [0, 1], [-1, 1]]", "[[0, 1], [-20, -1]]"))
    (tmp_path / "s.yaml").write_text(text)
    run(tmp_path / "s.yaml", out=tmp_path / "out", offline=True)
    car = pd.read_csv(tmp_path / "out" / "car.csv")

    raw = {t: pd.read_csv(CACHE / f"{t}.csv", index_col="Date", parse_dates=True)["Adj Close"]
           for t in ("^GSPC", "GM")}
    assert raw["GM"].index.equals(raw["^GSPC"].index)  # same NYSE sessions, no gap
    dates = raw["GM"].index
    ret = {t: (p.to_numpy()[1:] / p.to_numpy()[:-1] - 1) for t, p in raw.items()}
    dates = dates[1:]
    pos0 = dates.get_loc(pd.Timestamp("2018-12-27"))
    est = slice(pos0 - 220, pos0 - 20)  # relative days -220 .. -21
    y, m = ret["GM"][est], ret["^GSPC"][est]
    X = np.column_stack([np.ones(len(y)), m])
    coef = np.linalg.lstsq(X, y, rcond=None)[0]
    e = y - X @ coef
    # robustness model of a US stock: Carhart on excess returns, factors from the cached
    # Fama-French CSVs (percent / 100), joined by date
    ff = pd.read_csv(CACHE / "factors" / "ff3_daily.csv", index_col="date", parse_dates=True)
    ff = ff.join(pd.read_csv(CACHE / "factors" / "momentum_daily.csv", index_col="date",
                             parse_dates=True)) / 100
    fall = ff.reindex(dates)
    Fall = np.column_stack([np.ones(len(dates)),
                            fall[["Mkt-RF", "SMB", "HML", "Mom"]].to_numpy()])
    F = Fall[est]
    yx = y - fall["RF"].to_numpy()[est]
    coef_c = np.linalg.lstsq(F, yx, rcond=None)[0]
    ec = yx - F @ coef_c
    # abnormal returns on every session under each fit (the ratio's numerator)
    ar = {("GM", "primary"): ret["GM"] - coef[0] - coef[1] * ret["^GSPC"],
          ("GM", "alternative"): ret["GM"] - fall["RF"].to_numpy() - Fall @ coef_c,
          ("^GSPC", "primary"): ret["^GSPC"] - m.mean()}
    sigma = {("GM", "primary"): np.sqrt(e @ e / (len(y) - 2)),
             ("GM", "alternative"): np.sqrt(ec @ ec / (len(y) - 5)),
             ("^GSPC", "primary"): np.std(m, ddof=1)}
    starts = {(0, 1): pos0, (-20, -1): pos0 - 20}
    seen = 0
    for (t, role), s in sigma.items():
        for (a, b), start in starts.items():
            row = car[(car.asset == t) & (car.role == role) & (car.rel_start == a)
                      & (car.rel_end == b)]
            assert len(row) == 1 and row["n_excluded"].iloc[0] == 0, (t, role, a, b)
            expect = np.std(ar[(t, role)][start - 20:start], ddof=1) / s
            assert row["vol_ratio"].iloc[0] == pytest.approx(expect, rel=1e-9), (t, role, a, b)
            assert row["sigma"].iloc[0] == pytest.approx(s, rel=1e-9)
            # the day-0 ratio (diagnostics table, warning) is the [0, +1] row's ratio
            day0 = np.std(ar[(t, role)][pos0 - 20:pos0], ddof=1) / s
            assert row["vol_ratio_day0"].iloc[0] == pytest.approx(day0, rel=1e-9)
            seen += 1
    assert seen == 6
    gspc = car[(car.asset == "^GSPC") & (car.role == "primary")].set_index(
        ["rel_start", "rel_end"])["vol_ratio"]
    # the December 2018 sell-off: calmer before the run-up window, turbulent before day 0
    assert gspc.loc[(0, 1)] > 1.5 > gspc.loc[(-20, -1)]
    # [-1, +1] (a robustness window) has its own ratio too, ending the session before day -1
    assert gspc.loc[(-1, 1)] != pytest.approx(gspc.loc[(0, 1)])
    # the report's diagnostics table shows the day-0 ratio (as the warning does)
    html = (tmp_path / "out" / "report.html").read_text()
    table = html.split('<table class="diagnostics">', 1)[1].split("</table>", 1)[0]
    row = next(r for r in table.split("<tr>") if "<td>^GSPC</td>" in r)
    assert f'>{gspc.loc[(0, 1)]:.3g}</td></tr>' in row  # 2.1, not the run-up's 1.29
    assert "20 sessions before day 0" in html


def test_volatility_regime_line_names_the_largest_ratios_when_many() -> None:
    # a large study: the warning stays one readable line naming the 20 largest ratios,
    # while the returned list (study.json) keeps every flagged pair
    import warnings
    from types import SimpleNamespace

    from eventstudy.exceptions import VolatilityRegimeWarning
    from eventstudy.pipeline.estimate import MAX_LISTED_REGIME_PAIRS, volatility_regime

    ratios = {f"A{i:03d}": 1.6 + i / 100 for i in range(60)}  # all above the 1.5 threshold
    primary = {("e1", t): SimpleNamespace(vol_ratio=r) for t, r in ratios.items()}
    primary[("e1", "CALM")] = SimpleNamespace(vol_ratio=1.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        flagged = volatility_regime(SimpleNamespace(primary=primary))  # type: ignore[arg-type]
    assert len(flagged) == 60
    msgs = [str(w.message) for w in caught if issubclass(w.category, VolatilityRegimeWarning)]
    assert len(msgs) == 1
    named = [t for t in ratios if f"{t} " in msgs[0]]
    largest = sorted(ratios, key=ratios.get)[-MAX_LISTED_REGIME_PAIRS:]
    assert sorted(named) == sorted(largest)
    assert msgs[0].startswith("60 of 61 event/asset pairs") and "20 largest shown" in msgs[0]
