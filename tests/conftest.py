"""Shared fixtures. No test may reach the network: sockets to anything but
loopback are refused, and ``EVENTSTUDY_OFFLINE=1`` is set for every test."""

from __future__ import annotations

import contextlib
import io
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
STUDIES = REPO / "studies"
#: real Yahoo CSVs shipped with the tests (byte-identical copies, see PROVENANCE.md there)
SHARED_YAHOO = REPO / "tests" / "data" / "yahoo"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):  # noqa: ANN001
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (
        host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
    ):
        return _real_connect(self, address)
    if self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect(self, address)
    raise RuntimeError(f"test tried to reach the network: {address!r}")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")


@pytest.fixture
def repo_cache() -> Path:
    """The committed cache (read it, never write it)."""
    return CACHE


@pytest.fixture
def tmp_cache(tmp_path: Path) -> Path:
    """A writable copy of the committed cache."""
    dst = tmp_path / "cache"
    if CACHE.exists():
        shutil.copytree(CACHE, dst)
    else:
        dst.mkdir()
    return dst


@pytest.fixture
def shared_yahoo() -> Path:
    """The real Yahoo CSV files (29 series and MANIFEST.csv) shipped in tests/data/yahoo."""
    return SHARED_YAHOO


def _real_prices(ticker: str, field: str = "adj_close") -> pd.Series:
    """Real closes 2017-10-02..2019-03-29: the committed cache if present, else the shipped CSV."""
    try:
        from eventstudy.data import load_prices  # type: ignore[attr-defined]
    except ImportError:
        load_prices = None
    if load_prices is not None and CACHE.exists():
        from eventstudy.exceptions import EventStudyError

        try:
            frame = load_prices(
                [ticker],
                "2017-10-02",
                "2019-03-29",
                field=field,
                offline=True,
                cache_dir=CACHE,
            )
            s = frame[ticker].dropna()
            if len(s) > 300:
                return s
        except EventStudyError:
            pass  # not in the cache yet
    path = SHARED_YAHOO / f"{ticker}.csv"
    if not path.exists():
        pytest.fail(f"no real prices for {ticker} in cache/ or tests/data/yahoo/", pytrace=False)
    col = "Adj Close" if field == "adj_close" else "Close"
    return pd.read_csv(path, index_col="Date", parse_dates=True)[col].rename(ticker)


@pytest.fixture(scope="session")
def real_prices() -> Callable[..., pd.Series]:
    """Loader ``real_prices(ticker, field="adj_close") -> Series`` of real closes.

    Reads the committed cache (offline) when it holds the ticker, else the shipped
    Yahoo CSV in tests/data/yahoo; fails the test when neither has it.
    """
    return _real_prices


@dataclass(frozen=True)
class BundledRun:
    """The bundled study (studies/trade_talks.yaml), run once per test session.

    Attributes
    ----------
    result
        The :class:`~eventstudy.pipeline.result.StudyResult` that ``run`` returned.
    out
        The output folder (report.html, abnormal_returns.csv, car.csv, claims.json,
        study.json). Read it, never write it: every module shares it.
    stdout, stderr
        What ``python -m eventstudy run STUDY --out OUT --offline --quiet`` printed.
    loaded
        ``ticker -> [(start, end), ...]``: every span the run asked the price cache for.
    """

    result: Any
    out: Path
    stdout: str
    stderr: str
    loaded: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]] = field(default_factory=dict)


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory: pytest.TempPathFactory) -> BundledRun:
    """One offline CLI run of the bundled study, shared by every test module.

    Runs ``main(["run", STUDY, "--out", OUT, "--offline", "--quiet"])`` with
    the network blocked and ``EVENTSTUDY_OFFLINE=1`` (as every test), keeping
    the result object, the printed text and the cache spans it loaded.
    """
    import importlib

    from eventstudy.cli import main

    # (``eventstudy.pipeline.run`` the attribute is the function; import the module)
    run_mod = importlib.import_module("eventstudy.pipeline.run")
    load_mod = importlib.import_module("eventstudy.data.load")

    out = tmp_path_factory.mktemp("bundled_run") / "out"
    kept: list[Any] = []
    loaded: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    real_run, real_cached = run_mod.run, load_mod.ensure_cached

    def run_spy(*args: Any, **kwargs: Any) -> Any:
        kept.append(real_run(*args, **kwargs))
        return kept[-1]

    def cached_spy(tickers: Any, start: Any, end: Any, **kw: Any) -> Any:
        for t in tickers:
            loaded.setdefault(t, []).append((pd.Timestamp(start), pd.Timestamp(end)))
        return real_cached(tickers, start, end, **kw)

    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _guarded_connect)
        mp.setenv("EVENTSTUDY_OFFLINE", "1")
        mp.setenv("MPLBACKEND", "Agg")
        mp.setattr(run_mod, "run", run_spy)
        mp.setattr(load_mod, "ensure_cached", cached_spy)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            rc = main(["run", str(STUDIES / "trade_talks.yaml"), "--out", str(out),
                       "--offline", "--quiet"])
    assert rc == 0, stderr.getvalue()
    return BundledRun(result=kept[-1], out=out, stdout=stdout.getvalue(),
                      stderr=stderr.getvalue(), loaded=loaded)
