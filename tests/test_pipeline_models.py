"""Every model kind runs from a study file (``model.kind`` and per-asset ``model:``).

REAL cached prices (General Motors on the S&P 500, event 2018-12-03 "truce").
Each test rebuilds the estimation sample with plain pandas from the cache
(``load_prices(..., offline=True)``: returns are consecutive-session price
ratios, GM and ^GSPC having a row on every NYSE session) and checks the
pipeline's fitted parameters and CARs against plain numpy (least squares by
``numpy.linalg.lstsq``, means and sums) -- never against our own output.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.data import load_prices
from eventstudy.pipeline import run

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"

STUDY = """\
title: model kind {KIND}
data: {{source: cache, cache: {CACHE}}}
model: {{kind: {KIND}, benchmark: ^GSPC, estimation_window: [-200, -11]{FACTORS}}}
event_windows: [[0, 0], [0, 1], [-1, 1]]
assets:
  - {{ticker: ^GSPC, model: constant_mean}}
  - {{ticker: GM{OWN}}}
events: [{{id: truce, title: Truce, when: 2018-12-01}}]
claims:
  - {{id: gm, text: GM moved., event: truce, assets: GM, window: [0, 1], direction: any}}
"""


@pytest.fixture(scope="module")
def rets() -> pd.DataFrame:
    """Simple returns of GM, ^GSPC and XLF on consecutive NYSE sessions (real cache)."""
    px = load_prices(["GM", "^GSPC", "XLF"], "2017-10-01", "2019-02-28", offline=True,
                     cache_dir=CACHE)
    assert not px.loc["2018-01-01":"2019-01-31"].isna().any().any()
    return px.pct_change().iloc[1:]


def _run(tmp: Path, kind: str, own: str = "", factors: str = ""):
    text = STUDY.format(KIND=kind, CACHE=CACHE, OWN=own, FACTORS=factors)
    (tmp / "s.yaml").write_text(text)
    return run(tmp / "s.yaml", out=tmp / "out", offline=True)


def _sample(res, r: pd.DataFrame) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The estimation sessions of GM (from study.json dates) and day 0."""
    al = next(a for a in res.resolved["events"][0]["alignments"] if a["asset"] == "GM")
    assert al["excluded_dates"] == []
    est = r.loc[al["estimation_start"]:al["estimation_end"]]
    assert len(est) == 190  # [-200, -11]
    return est, pd.Timestamp(al["day0"])


def _params(res) -> dict[str, float]:
    row = next(m for m in res.resolved["model_params"] if m["asset"] == "GM")
    return row["model"], row["params"]


def _car(res, window: tuple[int, int]) -> float:
    c = res.cars
    row = c[(c.asset == "GM") & (c.role == "primary") & (c.rel_start == window[0])
            & (c.rel_end == window[1])]
    assert len(row) == 1
    return float(row["car"].iloc[0])


def _event_days(r: pd.DataFrame, day0: pd.Timestamp, a: int, b: int) -> pd.DataFrame:
    pos = r.index.get_loc(day0)
    return r.iloc[pos + a: pos + b + 1]


def test_market_model(tmp_path: Path, rets: pd.DataFrame) -> None:
    res = _run(tmp_path, "market")
    est, day0 = _sample(res, rets)
    X = np.column_stack([np.ones(len(est)), est["^GSPC"]])
    coef = np.linalg.lstsq(X, est["GM"].to_numpy(), rcond=None)[0]
    model, p = _params(res)
    assert model == "market" and day0 == pd.Timestamp("2018-12-03")
    np.testing.assert_allclose([p["const"], p["market"]], coef, rtol=1e-9)
    ev = _event_days(rets, day0, 0, 1)
    car = float((ev["GM"] - coef[0] - coef[1] * ev["^GSPC"]).sum())
    assert _car(res, (0, 1)) == pytest.approx(car, rel=1e-9)


def test_constant_mean_model(tmp_path: Path, rets: pd.DataFrame) -> None:
    res = _run(tmp_path, "constant_mean")
    est, day0 = _sample(res, rets)
    model, p = _params(res)
    assert model == "constant_mean"
    assert p["const"] == pytest.approx(est["GM"].mean(), rel=1e-9)
    c = res.cars
    sigma = float(c[(c.asset == "GM") & (c.role == "primary")]["sigma"].iloc[0])
    assert sigma == pytest.approx(est["GM"].std(ddof=1), rel=1e-9)
    ev = _event_days(rets, day0, -1, 1)
    assert _car(res, (-1, 1)) == pytest.approx(float((ev["GM"] - est["GM"].mean()).sum()),
                                               rel=1e-9)


def test_market_adjusted_model(tmp_path: Path, rets: pd.DataFrame) -> None:
    res = _run(tmp_path, "market_adjusted")
    est, day0 = _sample(res, rets)
    model, p = _params(res)
    assert model == "market_adjusted" and p["market"] == 1.0 and p["const"] == 0.0
    ev = _event_days(rets, day0, 0, 1)
    assert _car(res, (0, 1)) == pytest.approx(float((ev["GM"] - ev["^GSPC"]).sum()), rel=1e-9)
    c = res.cars
    sigma = float(c[(c.asset == "GM") & (c.role == "primary")]["sigma"].iloc[0])
    assert sigma == pytest.approx((est["GM"] - est["^GSPC"]).std(ddof=1), rel=1e-9)


def test_dimson_model(tmp_path: Path, rets: pd.DataFrame) -> None:
    res = _run(tmp_path, "dimson")
    est, day0 = _sample(res, rets)
    m = rets["^GSPC"]
    X = np.column_stack([np.ones(len(est)), m.shift(1).loc[est.index], m.loc[est.index],
                         m.shift(-1).loc[est.index]])
    coef = np.linalg.lstsq(X, est["GM"].to_numpy(), rcond=None)[0]
    model, p = _params(res)
    assert model == "dimson"
    np.testing.assert_allclose(
        [p["const"], p["market_lag1"], p["market"], p["market_lead1"]], coef, rtol=1e-8)
    ev = _event_days(rets, day0, 0, 0).index
    ar0 = rets.loc[ev, "GM"] - coef[0] - coef[1] * m.shift(1).loc[ev] - coef[2] * m.loc[ev] \
        - coef[3] * m.shift(-1).loc[ev]
    assert _car(res, (0, 0)) == pytest.approx(float(ar0.sum()), rel=1e-8)


def test_factor_model_per_asset(tmp_path: Path, rets: pd.DataFrame) -> None:
    """``model: factor`` on GM only, factors = real ^GSPC and XLF returns from a CSV."""
    f = rets[["^GSPC", "XLF"]].rename(columns={"^GSPC": "mkt", "XLF": "fin"})
    f.index = f.index.strftime("%Y-%m-%d")
    f.index.name = "date"
    f.iloc[::-1].to_csv(tmp_path / "factors.csv")  # reversed rows: joined by date, not position
    res = _run(tmp_path, "market", own=", model: factor", factors=", factors: factors.csv")
    est, day0 = _sample(res, rets)
    X = np.column_stack([np.ones(len(est)), est["^GSPC"], est["XLF"]])
    coef = np.linalg.lstsq(X, est["GM"].to_numpy(), rcond=None)[0]
    model, p = _params(res)
    assert model == "factor"
    np.testing.assert_allclose([p["const"], p["mkt"], p["fin"]], coef, rtol=1e-8)
    ev = _event_days(rets, day0, 0, 1)
    car = float((ev["GM"] - coef[0] - coef[1] * ev["^GSPC"] - coef[2] * ev["XLF"]).sum())
    assert _car(res, (0, 1)) == pytest.approx(car, rel=1e-8)
    # the benchmark asset keeps its own model
    assert next(m for m in res.resolved["model_params"]
                if m["asset"] == "^GSPC")["model"] == "constant_mean"


def test_factor_file_missing_event_day_is_a_clear_error(tmp_path: Path, rets, capsys) -> None:
    from eventstudy.cli import main

    f = rets[["^GSPC", "XLF"]].drop(pd.Timestamp("2018-12-04"))
    f.index = f.index.strftime("%Y-%m-%d")
    f.index.name = "date"
    f.to_csv(tmp_path / "factors.csv")
    text = STUDY.format(KIND="factor", CACHE=CACHE, OWN="", FACTORS=", factors: factors.csv")
    (tmp_path / "s.yaml").write_text(text.replace("{ticker: ^GSPC, model: constant_mean}",
                                                  "{ticker: ^GSPC}"))
    assert main(["run", str(tmp_path / "s.yaml"), "--out", str(tmp_path / "o"),
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "factors.csv: no complete factor row" in err and "2018-12-04" in err
    assert "fix: add a row" in err
