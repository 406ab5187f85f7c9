"""``data: {source: csv, path: ...}``: ``run`` reads the study's own price file.

The CSV files are built in tmp from REAL prices of the committed cache
(``load_prices(..., offline=True)``), written as a wide ``date`` + one column
per ticker file. The CSV run gets an EMPTY cache folder, so it cannot read
the cache; its CARs must equal those of the cache run of the same study (a
second, independent path to the same prices).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.cli import main
from eventstudy.data import load_prices
from eventstudy.pipeline import run
from eventstudy.pipeline.estimate import required_data
from eventstudy.spec import Study

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"

STUDY = """\
title: CSV source check (real prices)
data: {DATA}
model: {kind: market, benchmark: ^GSPC, estimation_window: [-200, -11], min_estimation_days: 120}
event_windows: [[0, 0], [0, 1], [-1, 1]]
assets:
  - {ticker: ^GSPC, name: S&P 500, model: constant_mean}
  - {ticker: GM, name: General Motors}
  - {ticker: F, name: Ford}
  - {ticker: 000001.SS, name: Shanghai, calendar: XSHG, model: constant_mean}
groups: {autos: [GM, F]}
events:
  - {id: truce, title: Truce, when: 2018-12-01}
  - {id: trump_call, title: Call, when: 2018-12-29}
claims:
  - {id: autos_up, text: Autos rose., event: truce, assets: autos, window: [0, 1], direction: up}
"""


def _write(tmp: Path, data: str, name: str = "s.yaml") -> Path:
    p = tmp / name
    p.write_text(STUDY.replace("{DATA}", data))
    return p


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """A wide CSV of every ticker the study needs, from the real cache."""
    tmp = tmp_path_factory.mktemp("csv")
    spans = required_data(Study.from_yaml(_write(tmp, "{source: cache}")))
    lo = min(a for a, _ in spans.values())
    hi = max(b for _, b in spans.values())
    px = load_prices(list(spans), lo, hi, offline=True, cache_dir=CACHE)
    assert {"^GSPC", "GM", "F", "000001.SS", "ACWX"} <= set(px.columns)
    out = px.reset_index()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out.to_csv(tmp / "prices.csv", index=False)  # repr floats: round-trips exactly
    return tmp, px


@pytest.fixture(scope="module")
def both_runs(wide: tuple[Path, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory):
    tmp, _ = wide
    empty = tmp_path_factory.mktemp("empty_cache")
    cache_run = run(_write(tmp, f"{{source: cache, cache: {CACHE}}}", "c.yaml"),
                    out=tmp / "out_cache", offline=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("EVENTSTUDY_CACHE", str(empty))  # the CSV run cannot see the real cache
    try:
        csv_run = run(_write(tmp, "{source: csv, path: prices.csv}", "v.yaml"),
                      out=tmp / "out_csv", offline=True)
    finally:
        mp.undo()
    assert not any(empty.iterdir())
    return cache_run, csv_run, tmp


def test_csv_run_gives_the_cache_runs_cars(both_runs) -> None:
    cache_run, csv_run, _ = both_runs
    key = ["event_id", "asset", "role", "rel_start", "rel_end"]
    a = cache_run.cars.sort_values(key).reset_index(drop=True)
    b = csv_run.cars.sort_values(key).reset_index(drop=True)
    assert len(a) == len(b) > 20
    assert (a[key].astype(str).to_numpy() == b[key].astype(str).to_numpy()).all()
    # the cache run has the Fama-French factors, so its US stocks' robustness model is
    # Carhart; the CSV run (no cache) falls back to the constant mean for them
    other = (a["model"] != b["model"]).to_numpy()
    assert set(zip(a["model"][other], b["model"][other], strict=True)) <= {
        ("carhart", "constant_mean")}
    assert (a["role"][other] == "alternative").all()
    a, b = a[~other], b[~other]
    for col in ("car", "car_se", "t_stat", "p_value", "beta", "sigma"):
        np.testing.assert_allclose(b[col].astype(float), a[col].astype(float),
                                   rtol=1e-12, atol=1e-15, err_msg=col)
    assert (a["n_estimation"] == b["n_estimation"]).all()


def test_csv_provenance_in_study_json_and_report(both_runs) -> None:
    _, csv_run, tmp = both_runs
    doc = json.loads((tmp / "out_csv" / "study.json").read_text())
    src = doc["data_source"]
    assert src["source"] == "csv" and src["layout"] == "wide"
    assert Path(src["path"]) == tmp / "prices.csv"
    import hashlib
    assert src["sha256"] == hashlib.sha256((tmp / "prices.csv").read_bytes()).hexdigest()
    gm = next(p for p in doc["provenance"] if p["ticker"] == "GM")
    assert gm["source"] == "CSV file prices.csv (wide layout, column 'GM')"
    assert "prices.csv" in doc["methods"]["prices"]
    html = (tmp / "out_csv" / "report.html").read_text()
    assert "CSV file prices.csv (wide layout, column &#39;GM&#39;)" in html
    cache_doc = json.loads((tmp / "out_cache" / "study.json").read_text())
    assert cache_doc["data_source"]["source"] == "cache"


def test_csv_missing_ticker_is_a_clear_error(wide, capsys) -> None:
    tmp, px = wide
    px.drop(columns=["F"]).reset_index().to_csv(tmp / "no_f.csv", index=False)
    study = _write(tmp, "{source: csv, path: no_f.csv}", "no_f.yaml")
    rc = main(["run", str(study), "--out", str(tmp / "o2"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "no_f.csv" in err and "'F' (asset)" in err
    assert "fix: add a column named exactly 'F'" in err
    assert "Traceback" not in err


def _wide_text(px: pd.DataFrame) -> pd.DataFrame:
    """The wide price frame as text-able objects, so a test can plant a bad cell."""
    out = px.reset_index()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out.astype(object)


def test_csv_bad_cell_names_row_and_column(wide, capsys) -> None:
    tmp, px = wide
    out = _wide_text(px)
    out.loc[7, "GM"] = "n/a?"
    out.to_csv(tmp / "bad.csv", index=False)
    study = _write(tmp, "{source: csv, path: bad.csv}", "bad.yaml")
    assert main(["run", str(study), "--out", str(tmp / "o3"), "--quiet"]) == 2
    err = capsys.readouterr().err
    # row 9 of the file: header is row 1, data row index 7 is line 9
    assert "bad.csv: row 9: column 'GM': 'n/a?' is not a number" in err


def test_csv_too_short_names_the_dates_needed(wide, capsys) -> None:
    tmp, px = wide
    short = px.loc["2018-10-01":].reset_index()
    short.to_csv(tmp / "short.csv", index=False)
    study = _write(tmp, "{source: csv, path: short.csv}", "short.yaml")
    assert main(["run", str(study), "--out", str(tmp / "o4"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "short.csv: '^GSPC' (asset and benchmark of GM, F" in err
    assert "but the study needs" in err and "fix: add the missing rows" in err


def test_yahoo_layout_single_ticker_file(tmp_path: Path, monkeypatch) -> None:
    """A Yahoo download named GM.csv serves GM; CARs equal the cache run's."""
    import shutil

    shutil.copy(CACHE / "GM.csv", tmp_path / "GM.csv")
    one = ("title: one\n"
           "data: {DATA}\n"
           "model: {kind: constant_mean, estimation_window: [-200, -11]}\n"
           "assets: [{ticker: GM}]\n"
           "events: [{id: truce, when: 2018-12-01}]\n")
    (tmp_path / "c.yaml").write_text(one.replace("{DATA}", f"{{source: cache, cache: {CACHE}}}"))
    (tmp_path / "v.yaml").write_text(one.replace("{DATA}",
                                                 "{source: csv, path: GM.csv, price: adj_close}"))
    a = run(tmp_path / "c.yaml", offline=True)
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path / "empty"))
    b = run(tmp_path / "v.yaml", offline=True)
    pa = a.cars[a.cars.role == "primary"].reset_index(drop=True)
    pb = b.cars[b.cars.role == "primary"].reset_index(drop=True)
    np.testing.assert_allclose(pb["car"], pa["car"], rtol=1e-12)
    np.testing.assert_allclose(pb["car_se"], pa["car_se"], rtol=1e-12)
    assert b.resolved["data_source"]["layout"] == "yahoo"
    assert b.resolved["provenance"][0]["price_field"] == "adj_close"
    assert not (tmp_path / "empty").exists()


def test_csv_bad_date_is_a_message_not_a_traceback(wide, capsys) -> None:
    """An unparsable date (a raw pandas traceback before) names file, row, column, value."""
    tmp, px = wide
    out = _wide_text(px)
    out.loc[11, "date"] = "2018-02-30"
    out.to_csv(tmp / "bad_date.csv", index=False)
    study = _write(tmp, "{source: csv, path: bad_date.csv}", "bad_date.yaml")
    assert main(["run", str(study), "--out", str(tmp / "o5"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "bad_date.csv: row 13: column 'date': '2018-02-30' is not a date" in err
    assert "fix: write dates as YYYY-MM-DD" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("cell", ["1,234.5", "12.3 USD", "#N/A!"])
def test_csv_non_numeric_price_is_refused_not_dropped(wide, capsys, cell: str) -> None:
    """A text cell in a needed column is an error (before: silently a missing price)."""
    tmp, px = wide
    out = _wide_text(px)
    out.loc[40, "F"] = cell
    name = f"text_{abs(hash(cell))}.csv"
    out.to_csv(tmp / name, index=False)
    study = _write(tmp, f"{{source: csv, path: {name}}}", "text.yaml")
    assert main(["run", str(study), "--out", str(tmp / "o6"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{name}: row 42: column 'F': {cell!r} is not a number" in err
    assert "fix: write prices as plain numbers" in err
    assert "Traceback" not in err


def test_csv_empty_cell_stays_missing(wide, both_runs, tmp_path_factory) -> None:
    """An empty cell is a missing price: the run succeeds and the return is missing."""
    tmp, px = wide
    cache_run = both_runs[0]
    out = _wide_text(px)
    day = pd.Timestamp("2018-06-15")
    out.loc[out["date"] == f"{day:%Y-%m-%d}", "GM"] = ""
    out.to_csv(tmp / "gap.csv", index=False)
    empty = tmp_path_factory.mktemp("empty_gap")
    mp = pytest.MonkeyPatch()
    mp.setenv("EVENTSTUDY_CACHE", str(empty))
    try:
        res = run(_write(tmp, "{source: csv, path: gap.csv}", "gap.yaml"), offline=True)
    finally:
        mp.undo()
    key = ["event_id", "rel_start", "rel_end"]
    gm = res.cars[(res.cars.asset == "GM") & (res.cars.role == "primary")].sort_values(key)
    ref = cache_run.cars[(cache_run.cars.asset == "GM")
                         & (cache_run.cars.role == "primary")].sort_values(key)
    # the returns of 2018-06-15 and of the next session are missing from both events'
    # estimation windows (a missing price is a missing return, on the asset's own sessions)
    assert len(gm) == len(ref) == 6
    assert (gm["n_estimation"].to_numpy() == ref["n_estimation"].to_numpy() - 2).all()
