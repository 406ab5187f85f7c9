"""Offline runs near the edges of the cached prices (REAL cached prices).

The report's timeline-chart padding after the last event is optional: an
event whose windows end inside the cache must run offline even though the
padding reaches past the cache's last date (2019-03-29). The CAR is checked
against a plain-numpy market model fitted on the raw cache CSVs. A study whose
estimation window starts before the cache still fails, with a message that
names the study's own offline setting and the estimation-window fix.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.cli import main
from eventstudy.pipeline import run

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"

STUDY = """\
title: cache edge
data: {{source: cache, cache: {CACHE}}}
model: {{kind: market, benchmark: ^GSPC, estimation_window: {EST}}}
event_windows: [[0, 0], [0, 1]]
assets:
  - {{ticker: ^GSPC, model: constant_mean}}
  - {{ticker: F}}
events: [{{id: ev, title: E, when: {WHEN}}}]
"""


def _write(tmp: Path, when: str, est: str = "[-250, -11]") -> Path:
    path = tmp / "edge.yaml"
    path.write_text(STUDY.format(CACHE=CACHE, EST=est, WHEN=when))
    return path


def _raw(ticker: str) -> pd.Series:
    frame = pd.read_csv(CACHE / f"{ticker}.csv", index_col="Date", parse_dates=True)
    return frame["Adj Close"]


def test_event_near_cache_end_runs_offline_and_matches_numpy(tmp_path: Path) -> None:
    res = run(_write(tmp_path, "2019-03-25"), out=None, offline=True)
    row = res.cars[(res.cars["asset"] == "F") & (res.cars["role"] == "primary")
                   & (res.cars["rel_start"] == 0) & (res.cars["rel_end"] == 1)].iloc[0]
    # independent: simple returns from the raw CSVs, OLS on sessions -250..-11
    r = pd.concat({"F": _raw("F"), "M": _raw("^GSPC")}, axis=1).pct_change().dropna()
    day0 = r.index.get_loc(pd.Timestamp("2019-03-25"))
    est = r.iloc[day0 - 250: day0 - 10]
    beta, alpha = np.polyfit(est["M"].to_numpy(), est["F"].to_numpy(), 1)
    ev = r.iloc[day0: day0 + 2]
    car = float((ev["F"] - alpha - beta * ev["M"]).sum())
    assert row["car"] == pytest.approx(car, rel=1e-9)


def test_window_past_cache_end_still_fails(tmp_path: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", str(_write(tmp_path, "2019-03-29")), "--out",
                     str(tmp_path / "out")])
    assert code == 2
    assert "2019-03-30..2019-04-01" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_estimation_before_cache_names_the_fix(tmp_path: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", str(_write(tmp_path, "2018-03-01")), "--out",
                     str(tmp_path / "out")])
    text = err.getvalue()
    assert code == 2
    assert "data.source is 'cache'" in text and "EVENTSTUDY_OFFLINE" not in text
    assert "model.estimation_window [-250, -11]" in text


def test_report_header_says_how_prices_were_read(tmp_path: Path) -> None:
    # data.source: cache is offline even without --offline / $EVENTSTUDY_OFFLINE
    res = run(_write(tmp_path, "2018-12-03"), out=tmp_path / "c", offline=None)
    assert res.resolved["offline"] is True
    assert "data offline (cache only)" in (tmp_path / "c" / "report.html").read_text()
    # data.source: csv (real cached prices copied to a wide CSV) is neither
    wide = pd.concat({"^GSPC": _raw("^GSPC"), "F": _raw("F")}, axis=1)
    wide.index = wide.index.strftime("%Y-%m-%d")
    wide.rename_axis("date").to_csv(tmp_path / "px.csv")
    text = _write(tmp_path, "2018-12-03").read_text().replace(
        f"{{source: cache, cache: {CACHE}}}", "{source: csv, path: px.csv}")
    (tmp_path / "csv.yaml").write_text(text)
    run(tmp_path / "csv.yaml", out=tmp_path / "v")
    html = (tmp_path / "v" / "report.html").read_text()
    assert "data from the CSV file in data.path" in html and "cache first" not in html


def test_uncached_ticker_typo_is_named_with_suggestion(tmp_path: Path) -> None:
    path = _write(tmp_path, "2018-12-03").read_text().replace("{ticker: F}", "{ticker: FF}")
    (tmp_path / "typo.yaml").write_text(path)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", str(tmp_path / "typo.yaml"), "--out", str(tmp_path / "out")])
    text = err.getvalue()
    assert code == 2 and "Traceback" not in text
    assert "'FF' is not in the cache" in text and "typo for 'F'" in text
    assert "estimation_window" not in text  # no misleading window advice
