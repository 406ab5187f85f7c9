"""FF3 / FF5 / Carhart and Scholes–Williams models on real cached data.

Independent checks: the factor-model CARs and their variance recomputed with
plain numpy least squares on excess returns built here (returns from the
cache CSV, factors from the factor CSV divided by 100); the Scholes–Williams
beta from its published formula with numpy slopes; a small study file run
end to end (Carhart as primary and as the stocks' robustness row).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.calendar import sessions
from eventstudy.data import load_prices
from eventstudy.exceptions import FactorDataError
from eventstudy.models.join import asset_returns
from eventstudy.pipeline import run
from eventstudy.stats.abnormal import estimate_event

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
DAY0 = pd.Timestamp("2019-01-03")  # Apple's revenue warning


@pytest.fixture(scope="module")
def data() -> dict[str, pd.Series]:
    px = load_prices(["AAPL", "^GSPC"], "2017-10-02", "2019-03-29", offline=True,
                     cache_dir=CACHE)
    s = sessions("XNYS", "2017-10-02", "2019-03-29")
    return {"r": asset_returns(px["AAPL"].dropna(), s, "simple"),
            "m": asset_returns(px["^GSPC"].dropna(), s, "simple")}


def _factors_by_hand(kind: str) -> pd.DataFrame:
    ff = pd.read_csv(CACHE / "factors" / ("ff5_daily.csv" if kind == "ff5" else "ff3_daily.csv"),
                     index_col="date", parse_dates=True)
    if kind == "carhart":
        mom = pd.read_csv(CACHE / "factors" / "momentum_daily.csv", index_col="date",
                          parse_dates=True)
        ff = ff.join(mom, how="inner")
    return ff / 100.0


@pytest.mark.parametrize("kind,cols", [
    ("ff3", ["Mkt-RF", "SMB", "HML"]),
    ("ff5", ["Mkt-RF", "SMB", "HML", "RMW", "CMA"]),
    ("carhart", ["Mkt-RF", "SMB", "HML", "Mom"]),
])
def test_factor_model_matches_numpy(data: dict[str, pd.Series], kind: str, cols: list[str]
                                    ) -> None:
    res = estimate_event(data["r"], data["m"], DAY0, model=kind,
                         estimation_window=(-250, -11), event_windows=[(0, 0), (-1, 1)])
    f = _factors_by_hand(kind)
    idx = data["r"].index
    pos = idx.get_loc(DAY0)
    est = idx[pos - 250: pos - 10]
    y = (data["r"].loc[est] - f["RF"].reindex(est)).to_numpy()
    X = np.column_stack([np.ones(len(est)), f[cols].reindex(est).to_numpy()])
    ok = np.isfinite(y) & np.isfinite(X).all(axis=1)
    y, X = y[ok], X[ok]
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    s2 = resid @ resid / (len(y) - X.shape[1])
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-9, atol=1e-12)
    assert res.sigma ** 2 == pytest.approx(s2, rel=1e-9)
    win = idx[pos - 1: pos + 2]
    Xs = np.column_stack([np.ones(3), f[cols].reindex(win).to_numpy()])
    ar = data["r"].loc[win].to_numpy() - f["RF"].reindex(win).to_numpy() - Xs @ beta
    V = s2 * (np.eye(3) + Xs @ np.linalg.inv(X.T @ X) @ Xs.T)
    car = res.cars[(-1, 1)]
    assert car.car == pytest.approx(ar.sum(), rel=1e-9)
    assert car.se == pytest.approx(np.sqrt(V.sum()), rel=1e-9)
    row = res.abnormal.set_index("date").loc[DAY0]
    # expected return is a total return: RF added back
    assert row["expected_return"] == pytest.approx(
        f.loc[DAY0, "RF"] + Xs[1] @ beta, rel=1e-9)
    assert res.model == kind


def test_scholes_williams_beta_formula(data: dict[str, pd.Series]) -> None:
    res = estimate_event(data["r"], data["m"], DAY0, model="scholes_williams",
                         estimation_window=(-250, -11), event_windows=[(0, 0)])
    idx = data["r"].index
    pos = idx.get_loc(DAY0)
    m = data["m"]
    frame = pd.DataFrame({"y": data["r"], "lag": m.shift(1), "m": m, "lead": m.shift(-1)})
    frame = frame.iloc[pos - 250: pos - 10].dropna()
    slopes = [np.polyfit(frame[c], frame["y"], 1)[0] for c in ("lag", "m", "lead")]
    rho = np.corrcoef(frame["m"], frame["lag"])[0, 1]
    beta = sum(slopes) / (1 + 2 * rho)
    alpha = frame["y"].mean() - beta * frame["m"].mean()
    assert res.params["market"] == pytest.approx(beta, rel=1e-9)
    assert res.params["const"] == pytest.approx(alpha, rel=1e-7, abs=1e-12)
    assert res.extra["rho_m"] == pytest.approx(rho, rel=1e-9)
    ar0 = data["r"].loc[DAY0] - alpha - beta * m.loc[DAY0]
    assert res.cars[(0, 0)].car == pytest.approx(ar0, rel=1e-9)


STUDY = """
title: Carhart check
source: {publisher: test, date: 2019-01-03}
data: {source: cache, cache: %s}
model: {kind: %s, benchmark: ^GSPC, estimation_window: [-250, -11]}
event_windows: [[0, 0], [0, 1]]
assets:
  - {ticker: ^GSPC, model: constant_mean}
  - {ticker: AAPL, name: Apple}
  - {ticker: CAT, name: Caterpillar}
events:
  - {id: warning, title: Apple revenue warning, when: 2019-01-02T16:30, timezone: America/New_York}
claims:
  - {id: apple_fell, text: Apple fell, event: warning, assets: AAPL, window: [0, 0],
     direction: down}
"""


def test_study_carhart_primary_and_robustness(tmp_path: Path) -> None:
    for kind in ("market", "carhart"):
        path = tmp_path / f"{kind}.yaml"
        path.write_text(STUDY % (CACHE, kind))
        res = run(path, out=tmp_path / kind, offline=True)
        cars = res.cars
        if kind == "market":
            alt = cars[(cars.asset == "AAPL") & (cars.role == "alternative")]
            assert set(alt["model"]) == {"carhart"}
            rec = res.claim_records[0]
            rows = [r for r in rec["robustness"] if str(r.get("model", "")).startswith("carhart")]
            assert rows and rows[0]["model"] == "carhart (FF 202412)"
            doc = json.loads((tmp_path / kind / "study.json").read_text())
            assert doc["data_source"]["factors"]["carhart"]["vintage"] == "202412"
            assets = doc["assets"]
            assert {a["ticker"]: a["alternative_model"] for a in assets}["AAPL"].startswith(
                "carhart")
            carhart_alt = alt[(alt.rel_start == 0) & (alt.rel_end == 0)]["car"].iloc[0]
        else:
            prim = cars[(cars.asset == "AAPL") & (cars.role == "primary")
                        & (cars.rel_start == 0) & (cars.rel_end == 0)]
            assert prim["model"].iloc[0] == "carhart"
            assert prim["car"].iloc[0] == pytest.approx(carhart_alt, rel=1e-12)


def test_study_factor_gap_is_an_error(tmp_path: Path) -> None:
    # factors cover 2015-2019; cut the cache's factors to end before the event
    cache = tmp_path / "cache"
    import shutil

    shutil.copytree(CACHE, cache)
    from eventstudy.data.factors import import_factor_file

    for name in ("ff3_daily.csv", "momentum_daily.csv"):
        lines = (CACHE / "factors" / name).read_text().splitlines(keepends=True)
        cut = tmp_path / name
        cut.write_text("".join(ln for ln in lines if ln < "2019-01-02" or ln.startswith("date")))
        import_factor_file(cut, cache_dir=cache, vintage="202412")
    path = tmp_path / "s.yaml"
    path.write_text(STUDY % (cache, "carhart"))
    with pytest.raises(FactorDataError, match="event-window session"):
        run(path, out=tmp_path / "o", offline=True)


def test_study_file_model_kinds(tmp_path: Path) -> None:
    from eventstudy.exceptions import SpecError
    from eventstudy.spec import Study

    for kind in ("ff3", "ff5", "carhart", "scholes_williams"):
        path = tmp_path / f"{kind}.yaml"
        path.write_text(STUDY % (CACHE, kind))
        assert Study.from_yaml(path).model_for("AAPL") == kind
    path = tmp_path / "typo.yaml"
    path.write_text(STUDY % (CACHE, "carhat"))
    with pytest.raises(SpecError, match="carhart"):
        Study.from_yaml(path)
    # Scholes-Williams is a benchmark model: an asset without a benchmark is refused
    path.write_text((STUDY % (CACHE, "scholes_williams")).replace("benchmark: ^GSPC, ", ""))
    with pytest.raises(SpecError, match="scholes_williams model but has no benchmark"):
        Study.from_yaml(path)
