"""``validate``: a mistyped asset ticker is caught (typo hint on both sides, data coverage).

The coverage section reads a temporary cache holding copies of REAL cached
files (``cache/``); the expected ranges are read from the copied CSVs, not
from our own output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from eventstudy.cli import main

REPO = Path(__file__).resolve().parents[1]

STUDY = """\
title: typo check
data: {{source: {SOURCE}, cache: {CACHE}}}
model: {{kind: market, benchmark: ^GSPC, estimation_window: {EST}}}
event_windows: [[0, 1]]
assets:
  - {{ticker: ^GSPC, model: constant_mean}}
  - {{ticker: F}}
  - {{ticker: GMM}}
groups:
  autos: [F, {MEMBER}]
events: [{{id: ev, title: E, when: 2018-12-03}}]
"""


def _study(tmp_path: Path, member: str = "GMM", source: str = "yahoo",
           est: str = "[-250, -11]") -> Path:
    cache = tmp_path / "cache"
    cache.mkdir(exist_ok=True)
    for t in ("F", "^GSPC", "ACWX", "GM"):
        for ext in ("csv", "json"):
            shutil.copy(REPO / "cache" / f"{t}.{ext}", cache / f"{t}.{ext}")
    path = tmp_path / "typo.yaml"
    path.write_text(STUDY.format(SOURCE=source, CACHE=cache, MEMBER=member, EST=est))
    return path


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(["validate", str(path)])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_group_typo_names_the_asset_ticker_and_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = _validate(_study(tmp_path, member="GM"), capsys)
    assert rc == 2
    line = next(i for i, text in enumerate(_study(tmp_path, member="GM").read_text()
                                           .splitlines(), 1) if "GMM" in text)
    assert "groups.autos[1]: 'GM' is not an asset of the study" in err
    assert "did you mean 'GMM'?" in err
    assert f"the ticker 'GMM' of assets[2] (line {line}) is the typo" in err
    assert "{see}" not in err


def test_group_member_without_near_match_keeps_the_plain_hint(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = _validate(_study(tmp_path, member="XOM"), capsys)
    assert rc == 2 and "'XOM' is not an asset of the study (add it under assets)" in err


def test_coverage_flags_an_uncached_ticker_with_a_suggestion(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTSTUDY_OFFLINE")  # online: run would download (nothing is)
    rc, out, _ = _validate(_study(tmp_path), capsys)
    assert rc == 0  # valid study; yahoo will fetch what is missing
    assert "data coverage" in out
    gmm = next(x for x in out.splitlines() if x.strip().startswith("GMM"))
    assert "NOT IN THE CACHE" in gmm and "typo for 'GM'" in gmm
    f_line = next(x for x in out.splitlines() if x.strip().startswith("F:"))
    raw = pd.read_csv(tmp_path / "cache" / "F.csv", index_col="Date", parse_dates=True)
    assert f"cached {raw.index[0]:%Y-%m-%d}..{raw.index[-1]:%Y-%m-%d}, ok" in f_line
    assert "run will download GMM from Yahoo" in out
    assert "python -m eventstudy fetch typo.yaml" in out
    assert out.rstrip().endswith("study file is valid (see data coverage above for what "
                                 "run still needs)")


def test_coverage_flags_an_estimation_window_before_the_cache(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _study(tmp_path, source="cache", est="[-400, -11]")
    rc, out, _ = _validate(path, capsys)
    assert rc == 2  # run would fail: validate fails too
    raw = pd.read_csv(tmp_path / "cache" / "F.csv", index_col="Date", parse_dates=True)
    f_line = next(x for x in out.splitlines() if x.strip().startswith("F:"))
    # independent: 400 NYSE sessions before 2018-12-03 lie before the cache's first date
    assert "MISSING" in f_line
    assert f"..{raw.index[0] - pd.Timedelta(days=1):%Y-%m-%d}" in f_line
    assert "run will FAIL (data.source is 'cache')" in out


def test_coverage_all_cached(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _study(tmp_path)
    path.write_text(path.read_text().replace("GMM", "GM"))
    rc, out, _ = _validate(path, capsys)
    assert rc == 0
    assert "the cache covers every date run needs" in out
    assert out.rstrip().endswith("study file is valid")
