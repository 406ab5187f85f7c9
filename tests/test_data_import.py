"""Importing the shared Yahoo files, the committed cache, CSV sources, done-when values."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from eventstudy.cli import main
from eventstudy.data import CsvSource, PriceCache, load_ohlcv, load_prices
from eventstudy.exceptions import PriceValidationError

SHARED = Path(__file__).resolve().parent / "data" / "yahoo"  # real files, see PROVENANCE.md
SHARED_FILES = sorted(p.name for p in SHARED.glob("*.csv") if p.name != "MANIFEST.csv")


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imported")
    files = [str(SHARED / name) for name in SHARED_FILES] + [str(SHARED / "MANIFEST.csv")]
    code = main(["cache", "import", *files, "--manifest", str(SHARED / "MANIFEST.csv"),
                 "--provenance", "test import", "--cache", str(root)])
    assert code == 0
    return root


def test_all_29_series_are_imported(imported: Path) -> None:
    assert len(SHARED_FILES) == 29
    assert sorted(PriceCache(imported).tickers()) == sorted(n[:-4] for n in SHARED_FILES)


@pytest.mark.parametrize("name", SHARED_FILES)
def test_import_reproduces_each_file_row_for_row(imported: Path, name: str) -> None:
    source = _rows(SHARED / name)
    stored = _rows(imported / name)
    assert stored == source  # every cell, as text
    assert (imported / name).read_bytes() == (SHARED / name).read_bytes()
    ticker = name[:-4]
    frame, meta = PriceCache(imported).read(ticker)
    assert meta["rows"] == len(source) - 1 == len(frame)
    for row, (day, values) in zip(source[1:], frame.iterrows(), strict=True):
        assert row[0] == f"{day:%Y-%m-%d}"
        assert [float(x) for x in row[1:6]] == values[["Open", "High", "Low", "Close",
                                                       "Adj Close"]].tolist()


@pytest.mark.parametrize("name", SHARED_FILES)
def test_manifest_row_is_carried_into_metadata(imported: Path, name: str) -> None:
    with open(SHARED / "MANIFEST.csv", newline="") as handle:
        rows = {r["ticker"]: r for r in csv.DictReader(handle)}
    meta = json.loads((imported / f"{name[:-4]}.json").read_text())
    manifest = meta["provenance"]["manifest"]
    for key in ("name", "exchange_or_market", "currency", "source", "cross_check",
                "missing_sessions", "notes"):
        assert manifest[key] == rows[name[:-4]][key]
    assert meta["provenance"]["text"] == "test import"
    assert meta["first_date"] == rows[name[:-4]]["first_date"]


def test_committed_cache_matches_the_shared_files(repo_cache: Path, shared_yahoo: Path) -> None:
    cache = PriceCache(repo_cache)
    assert len(cache.tickers()) == 29
    for ticker in cache.tickers():
        data, meta = cache.read_bytes(ticker)  # checksum verified
        assert data == (shared_yahoo / f"{ticker}.csv").read_bytes()
        assert meta["provenance"]["manifest"]["source"]


def test_done_when_gspc_closes(repo_cache: Path) -> None:
    # Yahoo's ^GSPC closes (indices: Adj Close = Close), as quoted in issue 2
    px = load_prices(["^GSPC"], "2018-12-20", "2018-12-31", offline=True, cache_dir=repo_cache)
    assert px.index.name == "date" and list(px.columns) == ["^GSPC"]
    assert round(px.loc["2018-12-24", "^GSPC"], 2) == 2351.10
    assert round(px.loc["2018-12-31", "^GSPC"], 2) == 2506.85
    assert len(px) == 7  # 12-20, 21, 24, 26, 27, 28, 31 (Christmas closed)
    close = load_prices("^GSPC", "2018-12-20", "2018-12-31", field="close", cache_dir=repo_cache)
    assert close.equals(px)


def test_load_prices_joins_different_calendars_by_date(repo_cache: Path) -> None:
    px = load_prices(["^GSPC", "^N225"], "2018-12-20", "2018-12-31", cache_dir=repo_cache)
    assert pd.Timestamp("2018-12-25") in px.index  # Tokyo open, New York closed
    assert pd.isna(px.loc["2018-12-25", "^GSPC"]) and px.loc["2018-12-25", "^N225"] > 0
    assert pd.isna(px.loc["2018-12-24", "^N225"])  # Tokyo holiday
    raw = pd.read_csv(repo_cache / "^N225.csv", index_col="Date")
    assert px.loc["2018-12-25", "^N225"] == float(raw.loc["2018-12-25", "Adj Close"])


def test_load_ohlcv_returns_frame_and_metadata(repo_cache: Path) -> None:
    hist = load_ohlcv("^STOXX50E", cache_dir=repo_cache)
    assert len(hist.frame) == 374 and hist.meta["calendar"] == "XEUR"
    assert hist.meta["session_check"]["missing"] == [
        "2018-01-02", "2018-05-10", "2018-05-21", "2018-08-01", "2019-01-02"]
    assert hist.provenance.startswith("github:finanzascuantitativasfc/data")
    with pytest.raises(AttributeError):
        hist.frame = None  # frozen


def test_cache_list_shows_every_series_with_provenance(repo_cache: Path, capsys) -> None:
    assert main(["cache", "list", "--cache", str(repo_cache)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) <= 40  # one screen
    assert "29 series" in out[-1]
    rows = {line.split()[0]: line for line in out[1:-1]}
    assert set(rows) == set(PriceCache(repo_cache).tickers())
    assert "github:weiqinggu/ThomasAnastosGuResearch:^GSPC" in rows["^GSPC"]
    assert "2017-10-09 2019-03-29   361" in rows["000001.SS"]


def test_import_refuses_a_non_yahoo_file(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "X.csv"
    bad.write_text("when,price\n2018-01-02,1\n")
    assert main(["cache", "import", str(bad), "--cache", str(tmp_path / "c")]) == 2
    assert "not a Yahoo-layout" in capsys.readouterr().err


def test_csv_source_wide_and_yahoo_layouts(tmp_path: Path, shared_yahoo: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("date,AAA,BBB\n2018-01-03,10.5,20\n2018-01-02,10,\n2018-01-04,11,21\n")
    src = CsvSource(wide)
    assert src.tickers() == ["AAA", "BBB"]
    aaa = src.fetch("AAA", "2018-01-01", "2018-01-31")
    assert list(aaa.index.strftime("%Y-%m-%d")) == ["2018-01-02", "2018-01-03", "2018-01-04"]
    assert aaa["Adj Close"].tolist() == [10.0, 10.5, 11.0]
    assert list(src.fetch("BBB", "2018-01-01", "2018-01-31").index.day) == [3, 4]
    yahoo = CsvSource(shared_yahoo / "^GSPC.csv")
    bars = yahoo.fetch("^GSPC", "2018-12-24", "2018-12-24")
    assert bars["Close"].tolist() == [2351.100098]
    with pytest.raises(PriceValidationError, match="Yahoo layout"):
        bad = tmp_path / "bad.csv"
        bad.write_text("x,y\n1,2\n")
        CsvSource(bad).fetch("x", "2018-01-01", "2018-01-02")


def test_fetch_study_offline_finds_everything_cached(capsys) -> None:
    study = Path(__file__).resolve().parents[1] / "studies" / "trade_talks.yaml"
    if not study.exists():
        pytest.skip("bundled study not present")
    assert main(["fetch", str(study), "--offline"]) == 0
    captured = capsys.readouterr()
    assert "^GSPC cached" in captured.err and "fetched" not in captured.out
