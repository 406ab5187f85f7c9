"""``python -m eventstudy fetch STUDY.yaml`` for ``data.source`` csv and cache.

Neither may try Yahoo: a CSV study takes its prices from its file (nothing to
download), a cache study reads the cache only (fetch reports, offline, what
is missing). Sockets are blocked by conftest; here the offline switch is also
turned OFF and the Yahoo source is replaced by one that fails the test, so a
download attempt cannot hide behind offline mode. Prices: REAL, the committed
cache (``cache/``), or an empty temporary cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventstudy.cli import main

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"

STUDY = """\
title: fetch by data source
data: {DATA}
model: {kind: market, benchmark: ^GSPC, estimation_window: [-200, -11]}
event_windows: [[0, 0], [0, 1]]
assets:
  - {ticker: ^GSPC, model: constant_mean}
  - {ticker: GM}
events: [{id: ev, title: E, when: 2018-12-03}]
"""


@pytest.fixture(autouse=True)
def no_yahoo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Online mode, but any attempt to build the Yahoo source fails the test."""
    monkeypatch.delenv("EVENTSTUDY_OFFLINE", raising=False)

    def boom() -> None:
        raise AssertionError("fetch tried to download from Yahoo")

    monkeypatch.setattr("eventstudy.data.load._default_source", boom)


def _study(tmp: Path, data: str) -> Path:
    p = tmp / "s.yaml"
    p.write_text(STUDY.replace("{DATA}", data))
    return p


def test_csv_study_has_nothing_to_download(tmp_path: Path, capsys) -> None:
    (tmp_path / "prices.csv").write_text("date,^GSPC,GM\n")  # never read by fetch
    study = _study(tmp_path, "{source: csv, path: prices.csv}")
    empty = tmp_path / "cache"
    assert main(["fetch", str(study), "--cache", str(empty)]) == 0
    out = capsys.readouterr()
    assert "nothing to download" in out.out
    assert f"CSV file {tmp_path / 'prices.csv'}" in out.out and "data.source: csv" in out.out
    assert "Traceback" not in out.err and "fetching" not in out.err
    assert not empty.exists()  # no cache folder was created


def test_cache_study_covered_offline_says_so(tmp_path: Path, capsys) -> None:
    study = _study(tmp_path, f"{{source: cache, cache: {CACHE}}}")
    before = {p.name: p.stat().st_mtime_ns for p in CACHE.glob("*.csv")}
    assert main(["fetch", str(study)]) == 0
    out = capsys.readouterr().out
    assert "nothing to download" in out and "data.source: cache" in out
    # ^GSPC, GM and the robustness benchmark ACWX (market model on ACWX for ^GSPC)
    assert "covers all 3 ticker(s)" in out
    assert {p.name: p.stat().st_mtime_ns for p in CACHE.glob("*.csv")} == before


def test_cache_study_reports_what_is_missing(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    study = _study(tmp_path, "{source: cache, cache: empty}")
    assert main(["fetch", str(study)]) == 2
    err = capsys.readouterr().err
    assert "data.source is 'cache', so fetch downloads nothing" in err
    assert str(empty) in err  # the folder searched
    for t in ("'^GSPC' is not in the cache folder at all, needed 2018-",
              "'GM' is not in the cache folder at all, needed 2018-",
              "'ACWX' is not in the cache folder at all, needed 2018-"):
        assert t in err
    assert "import them" in err and "python -m eventstudy fetch --tickers" in err
    assert "Traceback" not in err
    assert list(empty.iterdir()) == []  # nothing written
