"""``validate`` checks the Fama-French factor files exactly as ``run`` does.

A copy of the committed cache whose factor files lack one event-window
session (2019-01-03, Apple's warning): ``validate`` must fail (exit 2) with
one message naming the factor files, the missing date and the fix, and
``run`` must fail with the same message; with the committed factors both pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventstudy.cli import main
from eventstudy.data.factors import import_factor_file
from eventstudy.exceptions import FactorDataError
from eventstudy.pipeline import run

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"

STUDY = """
title: Factor coverage
data: {source: cache, cache: %s}
model: {kind: %s, benchmark: ^GSPC, estimation_window: [-250, -11]}
event_windows: [[0, 0], [0, 1]]
assets:
  - {ticker: ^GSPC, model: constant_mean}
  - {ticker: AAPL, name: Apple}
events:
  - {id: warning, title: Apple revenue warning, when: 2019-01-02T16:30, timezone: America/New_York}
claims:
  - {id: apple_fell, text: Apple fell, event: warning, assets: AAPL, window: [0, 0],
     direction: down}
"""


@pytest.fixture(scope="module")
def gap_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Prices of AAPL, ^GSPC and ACWX, factors without the row of 2019-01-03."""
    root = tmp_path_factory.mktemp("gap")
    cache = root / "cache"
    cache.mkdir()
    for t in ("AAPL", "^GSPC", "ACWX"):
        for ext in ("csv", "json"):
            shutil.copy(CACHE / f"{t}.{ext}", cache / f"{t}.{ext}")
    for name in ("ff3_daily.csv", "momentum_daily.csv"):
        lines = (CACHE / "factors" / name).read_text().splitlines(keepends=True)
        cut = root / name
        cut.write_text("".join(ln for ln in lines if not ln.startswith("2019-01-03")))
        import_factor_file(cut, cache_dir=cache, vintage="202412")
    return cache


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = main(["validate", str(path)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_validate_names_the_factor_file_the_dates_and_the_fix(
        gap_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(STUDY % (gap_cache, "carhart"))
    rc, out = _validate(path, capsys)
    assert rc == 2  # validate fails exactly when run would
    problem = [ln for ln in out.splitlines() if "PROBLEM with the factors" in ln]
    assert len(problem) == 1
    line = problem[0]
    assert str(gap_cache / "factors" / "ff3_daily.csv") in line
    assert "momentum_daily.csv" in line and "2019-01-03" in line and "'AAPL'" in line
    assert "import-factors" in out  # the fix
    assert "run will FAIL" in out
    with pytest.raises(FactorDataError) as err:  # run fails with the same message
        run(path, offline=True)
    assert err.value.message in line  # the same message


def test_validate_and_run_agree_when_the_factors_cover(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(STUDY % (CACHE, "ff3"))
    rc, out = _validate(path, capsys)
    assert rc == 0 and "PROBLEM" not in out
    assert "ff3 factors (cached, vintage 202412): cover every event-window session" in out
    assert run(path, offline=True).claim_records[0]["verdict"]  # and run passes


def test_market_study_on_the_gap_cache_is_not_flagged_when_run_would_pass(
        gap_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the market model needs no factors; the Carhart robustness row does (XNYS asset)
    path = tmp_path / "s.yaml"
    path.write_text(STUDY % (gap_cache, "market"))
    rc, out = _validate(path, capsys)
    flagged = "PROBLEM with the factors" in out
    assert flagged == (rc == 2)
    try:
        run(path, offline=True)
        failed = False
    except FactorDataError:
        failed = True
    assert flagged == failed
