"""The price cache: round trip, merge, atomic writes, checksums, offline misses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fake_yfinance import FakeYFinance, synthetic_history

import eventstudy.data.cache as cache_mod
import eventstudy.data.load as load_mod
from eventstudy.cli import main
from eventstudy.data import PriceCache, YahooSource, load_ohlcv, load_prices
from eventstudy.exceptions import CacheIntegrityError, CacheMissError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake() -> FakeYFinance:
    return FakeYFinance()


@pytest.fixture
def source(fake: FakeYFinance) -> YahooSource:
    return YahooSource(fake, sleep=fake.sleeps.append)


def _expected(ticker: str, start: str, end_inclusive: str) -> pd.DataFrame:
    raw = synthetic_history(ticker, start, str(pd.Timestamp(end_inclusive) + pd.Timedelta(days=1)))
    raw.index = raw.index.tz_localize(None).rename("date")
    return raw


def test_round_trip_keeps_every_value_exactly(tmp_path: Path, source: YahooSource) -> None:
    hist = load_ohlcv("AAPL", "2018-01-01", "2018-06-30", offline=False, cache_dir=tmp_path,
                      source=source)
    expected = _expected("AAPL", "2018-01-01", "2018-06-30")
    pd.testing.assert_frame_equal(hist.frame, expected.astype(float), check_freq=False)
    meta = json.loads((tmp_path / "AAPL.json").read_text())
    assert meta["source"] == "yahoo" and meta["provider"] == "yfinance"
    assert meta["provider_version"] == FakeYFinance.__version__
    assert meta["request"]["auto_adjust"] is False and meta["retrieved_at"]
    assert meta["rows"] == len(expected)
    assert meta["first_date"] == "2018-01-02" and meta["last_date"] == "2018-06-29"
    import hashlib

    assert meta["sha256"] == hashlib.sha256((tmp_path / "AAPL.csv").read_bytes()).hexdigest()
    header = (tmp_path / "AAPL.csv").read_text().splitlines()[0]
    assert header == "Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits"


def test_covered_request_never_touches_the_network(tmp_path: Path, fake, source) -> None:
    load_prices(["AAPL"], "2018-01-01", "2018-06-30", offline=False, cache_dir=tmp_path,
                source=source)
    n = len(fake.calls)
    # weekend edges (2018-01-01 holiday, 06-30 Saturday) are covered too
    again = load_prices(["AAPL"], "2018-02-01", "2018-06-30", offline=False, cache_dir=tmp_path,
                        source=source)
    assert len(fake.calls) == n
    assert again.index[0] == pd.Timestamp("2018-02-01")


def test_uncovered_range_is_fetched_and_merged(tmp_path: Path, fake, source) -> None:
    load_prices("AAPL", "2018-03-01", "2018-03-31", offline=False, cache_dir=tmp_path,
                source=source)
    before = (tmp_path / "AAPL.csv").read_text().splitlines()
    px = load_prices("AAPL", "2018-02-01", "2018-04-30", offline=False, cache_dir=tmp_path,
                     source=source)
    requested = [(c[1]["start"], c[1]["end"]) for c in fake.calls]
    assert requested == [("2018-03-01", "2018-04-01"), ("2018-02-01", "2018-03-01"),
                         ("2018-04-01", "2018-05-01")]
    expected = _expected("AAPL", "2018-02-01", "2018-04-30")["Adj Close"]
    np.testing.assert_array_equal(px["AAPL"].to_numpy(), expected.to_numpy())
    after = (tmp_path / "AAPL.csv").read_text().splitlines()
    assert set(before) <= set(after)  # old rows kept as text
    meta = PriceCache(tmp_path).meta("AAPL")
    assert meta["covered"] == {"start": "2018-02-01", "end": "2018-04-30"}
    assert [h["action"] for h in meta["history"]] == ["fetch", "fetch", "fetch"]


def test_merge_keeps_imported_rows_verbatim(tmp_path: Path, shared_yahoo: Path, source) -> None:
    cache = PriceCache(tmp_path)
    cache.import_file(shared_yahoo / "SPY.csv")
    original = (shared_yahoo / "SPY.csv").read_text().splitlines()
    load_prices("SPY", "2019-03-01", "2019-04-30", offline=False, cache_dir=tmp_path,
                source=source)
    merged = (tmp_path / "SPY.csv").read_text().splitlines()
    assert merged[0] == "Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits"
    assert [line + ",," for line in original[1:]] == merged[1:len(original)]
    assert merged[len(original)].startswith("2019-04-01,")
    assert cache.meta("SPY")["provenance"]["file"] == "SPY.csv"


def test_interrupted_write_leaves_previous_file_intact(tmp_path: Path, source, monkeypatch) -> None:
    load_prices("AAPL", "2018-03-01", "2018-03-31", offline=False, cache_dir=tmp_path,
                source=source)
    csv_before = (tmp_path / "AAPL.csv").read_bytes()
    json_before = (tmp_path / "AAPL.json").read_bytes()

    def crash(fd: int) -> None:
        raise KeyboardInterrupt  # power cut / Ctrl-C while the temp file is half written

    monkeypatch.setattr(cache_mod.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        load_prices("AAPL", "2018-01-01", "2018-05-31", offline=False, cache_dir=tmp_path,
                    source=source)
    monkeypatch.undo()
    assert (tmp_path / "AAPL.csv").read_bytes() == csv_before
    assert (tmp_path / "AAPL.json").read_bytes() == json_before
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    frame, _ = PriceCache(tmp_path).read("AAPL")  # still verifies
    assert frame.index[0] == pd.Timestamp("2018-03-01")


def test_checksum_mismatch_is_detected(tmp_path: Path, source) -> None:
    load_prices("AAPL", "2018-03-01", "2018-03-31", offline=False, cache_dir=tmp_path,
                source=source)
    path = tmp_path / "AAPL.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ",9", 1)  # someone "fixes" a number by hand
    path.write_text("".join(lines))
    with pytest.raises(CacheIntegrityError, match="checksum") as info:
        load_prices("AAPL", "2018-03-01", "2018-03-31", offline=True, cache_dir=tmp_path)
    assert "AAPL" in str(info.value) and "fix:" in str(info.value)


def test_concurrent_writers_leave_one_valid_file(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path)
    frames = [_expected("AAPL", "2018-01-01", f"2018-0{m}-28") for m in range(2, 8)]
    errors: list[BaseException] = []

    def write(frame: pd.DataFrame) -> None:
        try:
            for _ in range(3):
                cache.merge_frame("AAPL", frame, {"source": "test"},
                                  covered=(frame.index[0], frame.index[-1]), prefer="new")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(f,)) for f in frames]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    frame, meta = cache.read("AAPL")  # checksum matches: CSV and sidecar agree
    assert meta["rows"] == len(frame) == len(frames[-1])  # union of all writes


def test_offline_miss_names_ticker_range_and_command(tmp_path: Path) -> None:
    with pytest.raises(CacheMissError) as info:
        load_prices(["AAPL"], "2020-01-01", "2020-02-01", offline=True, cache_dir=tmp_path)
    text = str(info.value)
    assert "'AAPL'" in text and "2020-01-01..2020-02-01" in text and str(tmp_path) in text
    # the library error carries fields; the shell command is the CLI's to add
    exc = info.value
    assert exc.ticker == "AAPL" and exc.folder == tmp_path.absolute()
    assert exc.missing == [("AAPL", ((pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")),))]
    assert "python -m eventstudy" not in text
    from eventstudy.cli import cli_advice

    advice = cli_advice(exc, None)
    assert f"python -m eventstudy fetch --tickers 'AAPL' --start 2020-01-01 --end 2020-02-01 " \
           f"--cache '{tmp_path}'" in advice


def test_offline_miss_at_the_edge_of_the_committed_cache(repo_cache: Path) -> None:
    with pytest.raises(CacheMissError, match=r"2019-03-30\.\.2019-04-30"):
        load_prices(["^GSPC"], "2019-03-01", "2019-04-30", cache_dir=repo_cache)  # env offline


def test_cli_offline_miss_exits_non_zero_with_message(tmp_path: Path, capsys) -> None:
    code = main(["fetch", "--tickers", "AAPL", "--start", "2020-01-01", "--end", "2020-02-01",
                 "--cache", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0
    assert "AAPL" in err and "python -m eventstudy fetch" in err and "Traceback" not in err


def test_cli_fetch_downloads_with_progress(tmp_path: Path, source, monkeypatch, capsys) -> None:
    monkeypatch.setattr(load_mod, "_default_source", lambda: source)
    code = main(["fetch", "--tickers", "AAPL", "^N225", "--start", "2018-01-01",
                 "--end", "2018-03-31", "--cache", str(tmp_path), "--offline"])
    assert code == 2  # --offline: nothing downloaded
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "0")
    code = main(["fetch", "--tickers", "AAPL", "^N225", "--start", "2018-01-01",
                 "--end", "2018-03-31", "--cache", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 0
    assert "2/2 ^N225 fetched" in out.err and "2 fetched" in out.out
    assert PriceCache(tmp_path).tickers() == ["AAPL", "^N225"]


def test_offline_never_imports_yfinance(repo_cache: Path) -> None:
    code = (
        "import sys\n"
        "from eventstudy.data import load_prices\n"
        f"px = load_prices(['^GSPC', 'AAPL'], '2018-01-01', '2018-12-31', "
        f"cache_dir={str(repo_cache)!r})\n"
        "assert len(px) == 251, len(px)\n"
        "from eventstudy.cli import main\n"
        f"assert main(['cache', 'list', '--cache', {str(repo_cache)!r}]) == 0\n"
        "print('yfinance' in sys.modules)\n"
    )
    env = {**os.environ, "EVENTSTUDY_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=REPO, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_env_variables_choose_cache_and_offline(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path))
    assert cache_mod.resolve_cache_dir() == tmp_path
    assert cache_mod.resolve_cache_dir("x") == Path("x")
    monkeypatch.delenv("EVENTSTUDY_CACHE")
    assert cache_mod.resolve_cache_dir() == Path("cache")
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "1")
    assert cache_mod.resolve_offline() is True and cache_mod.resolve_offline(False) is False
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "0")
    assert cache_mod.resolve_offline() is False


def test_closest_ticker_and_miss_names_the_ticker(repo_cache) -> None:
    from eventstudy.exceptions import CacheMissError

    cache = PriceCache(repo_cache)
    assert cache.closest_ticker("TSLAA") == "TSLA"
    assert cache.closest_ticker("ZZZZZZZZ") is None
    with pytest.raises(CacheMissError) as info:
        load_prices(["^GSPC"], "2019-03-01", "2019-04-30", offline=True, cache_dir=repo_cache)
    assert info.value.ticker == "^GSPC"
