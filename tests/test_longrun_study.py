"""A study file's ``analyses:`` section end to end (long run, volume, volatility, classic).

Independent checks: a BHAR recomputed from the cache CSV with pandas
compounding; the Brown-Warner crude t recomputed from the run's own CSV
outputs would not be independent, so its inputs (the event-time ARs) are
rebuilt here with statsmodels OLS per asset; a typo under ``analyses`` is a
located spec error.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from eventstudy.exceptions import SpecError
from eventstudy.pipeline import run
from eventstudy.spec import Study

CACHE = Path(__file__).resolve().parents[1] / "cache"
STUDY = """
title: peers analyses
source: {publisher: test, date: 2019-01-03}
data: {source: cache, cache: %s}
model: {kind: market, benchmark: ^GSPC, estimation_window: [-250, -11]}
event_windows: [[0, 0], [0, 1]]
assets:
  - {ticker: ^GSPC, model: constant_mean}
  - {ticker: AAPL}
  - {ticker: CAT}
  - {ticker: DE}
events:
  - {id: warning, title: Apple warning, when: 2019-01-02T16:30, timezone: America/New_York}
claims:
  - {id: fell, text: stocks fell, event: warning, assets: [AAPL, CAT, DE], window: [0, 0],
     direction: down}
analyses:
  long_run: {windows: [[0, 20]], bootstrap: 0, holding: [1, 20]}
  volume: {}
  volatility: true
  classic: true
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("peers")
    path = folder / "s.yaml"
    path.write_text(STUDY % CACHE)
    run(path, out=folder / "o", offline=True)
    return json.loads((folder / "o" / "study.json").read_text())["analyses"]


def _adj(ticker: str) -> pd.Series:
    return pd.read_csv(CACHE / f"{ticker}.csv", index_col="Date", parse_dates=True)["Adj Close"]


def test_bhar_row_matches_pandas(out: dict) -> None:
    a, m = _adj("AAPL"), _adj("^GSPC")
    day0 = pd.Timestamp("2019-01-03")
    pos = a.index.get_loc(day0)
    ra = a.pct_change().iloc[pos: pos + 21]
    rm = m.pct_change().reindex(ra.index)
    expected = (1 + ra).prod() - (1 + rm).prod()
    row = next(r for r in out["long_run"]["bhar"] if r["asset"] == "AAPL")
    assert row["bhar"] == pytest.approx(expected, rel=1e-9)
    assert out["long_run"]["caveats"] and out["long_run"]["pooled"][0]["n"] == 3
    assert [c["model"] for c in out["long_run"]["calendar_time"]] == ["capm", "ff3", "carhart"]


def test_brown_warner_crude_from_statsmodels_fits(out: dict) -> None:
    m = _adj("^GSPC").pct_change()
    day0 = pd.Timestamp("2019-01-03")
    resid, ar0 = [], []
    for t in ("AAPL", "CAT", "DE"):
        r = _adj(t).pct_change()
        pos = r.index.get_loc(day0)
        est = r.index[pos - 250: pos - 10]
        fit = sm.OLS(r.loc[est], sm.add_constant(m.loc[est])).fit()
        resid.append(fit.resid.to_numpy())
        ar0.append(r.loc[day0] - fit.params.iloc[0] - fit.params.iloc[1] * m.loc[day0])
    aar = np.mean(resid, axis=0)
    t = np.mean(ar0) / aar.std(ddof=1)
    bw = out["classic"][0]["tests"][0]
    assert bw["name"] == "Brown-Warner crude t"
    assert bw["statistic"] == pytest.approx(t, rel=1e-8)


def test_volume_and_volatility_sections(out: dict) -> None:
    rows = [r for r in out["volume"]["rows"] if r["asset"] == "AAPL" and r["window"] == [0, 0]]
    assert rows[0]["cav"] > 0.3 and rows[0]["volume_ratio"] == pytest.approx(
        math.exp(rows[0]["cav"]))
    vol = out["volatility"][0]
    assert {a["asset"] for a in vol["assets"]} == {"AAPL", "CAT", "DE"}
    assert set(vol["pooled"]) == {"jackknife", "cross-sectional"}


def test_analyses_typo_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text((STUDY % CACHE).replace("volatility: true", "volatilty: true"))
    with pytest.raises(SpecError, match=r"volatilty.*volatility"):
        Study.from_yaml(path)
