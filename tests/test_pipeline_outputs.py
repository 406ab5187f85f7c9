"""End-to-end run of the bundled study: output files, their columns, key facts.

Independent checks: returns recomputed here from the cache CSV with plain
pandas; CARs re-summed from the abnormal-return rows; Shanghai's day 0 for the
Saturday 2018-12-29 call pinned by hand (Shanghai closed 12-31 and 01-01).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.cli import main
from eventstudy.pipeline import AR_COLUMNS, CAR_COLUMNS, CLAIM_KEYS

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


@pytest.fixture(scope="module")
def outdir(bundled_run) -> Path:  # noqa: ANN001 - the shared session run (conftest)
    return bundled_run.out


def test_all_files_written(outdir: Path) -> None:
    for name in ("report.html", "abnormal_returns.csv", "car.csv", "claims.json", "study.json"):
        assert (outdir / name).stat().st_size > 0, name


def test_abnormal_returns_columns_and_identity(outdir: Path) -> None:
    ar = pd.read_csv(outdir / "abnormal_returns.csv")
    assert list(ar.columns[: len(AR_COLUMNS)]) == list(AR_COLUMNS)
    ok = ar["return"].notna()
    np.testing.assert_allclose(ar.loc[ok, "abnormal_return"],
                               ar.loc[ok, "return"] - ar.loc[ok, "expected_return"], atol=1e-9)
    # the S&P 500 return on 2018-12-27, recomputed from the cache file
    px = pd.read_csv(REPO / "cache" / "^GSPC.csv", index_col=0, parse_dates=True)["Adj Close"]
    expected = px.loc["2018-12-27"] / px.loc["2018-12-26"] - 1
    row = ar[(ar.event_id == "talks_report") & (ar.asset == "^GSPC") & (ar.role == "primary")
             & (ar.date == "2018-12-27")]
    assert row["return"].iloc[0] == pytest.approx(expected, rel=1e-6)
    assert row["rel_day"].iloc[0] == 0


def test_car_columns_and_resum(outdir: Path) -> None:
    car = pd.read_csv(outdir / "car.csv")
    ar = pd.read_csv(outdir / "abnormal_returns.csv")
    assert list(car.columns[: len(CAR_COLUMNS)]) == list(CAR_COLUMNS)
    r = car[(car.event_id == "talks_report") & (car.asset == "^GSPC") & (car.role == "primary")
            & (car.rel_start == 0) & (car.rel_end == 1)].iloc[0]
    days = ar[(ar.event_id == "talks_report") & (ar.asset == "^GSPC") & (ar.role == "primary")
              & ar.rel_day.between(0, 1)]
    assert r["car"] == pytest.approx(days["abnormal_return"].sum(), rel=1e-9)
    assert (r["window_start"], r["window_end"]) == ("2018-12-27", "2018-12-28")
    assert r["t_stat"] == pytest.approx(r["car"] / r["car_se"], rel=1e-9)


def test_claims_json(outdir: Path) -> None:
    claims = json.loads((outdir / "claims.json").read_text())["claims"]
    assert {c["id"] for c in claims} >= {"us_beaten_down", "us_boost", "china_hk_after_call"}
    for c in claims:
        assert set(CLAIM_KEYS) <= set(c)
        assert c["verdict"] in {"supported", "not supported", "contradicted"}
    boost = next(c for c in claims if c["id"] == "us_boost")
    assert boost["direction"] == "up" and boost["window"] == [0, 1]
    assert boost["assets"] == ["^GSPC", "^DJI", "^IXIC"]
    assert boost["portfolio"]["target"] == "portfolio:us_indices"
    # verdict consistent with its own numbers (methods section 6)
    a = boost["alpha"]
    sig = boost["p_value"] < a and boost["p_value_sq"] < a and boost["car"] > 0
    assert (boost["verdict"] == "supported") == sig
    # tariff cuts (2018-12-24..28) overlap the [0,+1] window of the talks report
    assert "tariff_cuts" in {e["id"] for e in boost["confounders"]}
    assert boost["p_value_bh"] >= boost["p_value"]


def test_study_json_day0s(outdir: Path) -> None:
    st = json.loads((outdir / "study.json").read_text())
    call = next(e for e in st["events"] if e["id"] == "trump_call")
    day0 = {a["asset"]: a["day0"] for a in call["alignments"]}
    assert day0["000001.SS"] == "2019-01-02"
    assert day0["^GSPC"] == "2018-12-31"
    cuts = next(e for e in st["events"] if e["id"] == "tariff_cuts")
    gspc = next(a for a in cuts["alignments"] if a["asset"] == "^GSPC")
    assert gspc["day0"] == "2018-12-24" and gspc["last_day"] == "2018-12-28"
    assert {"numpy", "pandas", "eventstudy"} <= set(st["versions"])
    prov = {p["ticker"]: p for p in st["provenance"]}
    assert prov["^GSPC"]["rows"] > 250 and "github:" in prov["^GSPC"]["source"]


def test_cli_run_exit_zero(bundled_run) -> None:  # noqa: ANN001
    # the shared fixture ran ``main(["run", STUDY, "--out", OUT, "--offline", "--quiet"])``
    # and asserted exit code 0
    out = bundled_run.stdout
    assert "us_boost" in out and "report:" in out
    assert (bundled_run.out / "report.html").exists()


def test_cli_missing_file_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no/such/study.yaml"]) == 2
    assert "study file not found" in capsys.readouterr().err
