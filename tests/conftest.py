"""Shared fixtures. No test may reach the network: sockets to anything but
loopback are refused, and ``EVENTSTUDY_OFFLINE=1`` is set for every test."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from pathlib import Path

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
