"""Shared fixtures. No test may reach the network: sockets to anything but
loopback are refused, and ``EVENTSTUDY_OFFLINE=1`` is set for every test."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
STUDIES = REPO / "studies"
#: the read-only shared data folder, beside the clone (may be absent for users)
SHARED_YAHOO = REPO.parent / "shared" / "data" / "yahoo"

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
    """The shared Yahoo CSV folder; skips when it is not beside the clone."""
    if not SHARED_YAHOO.exists():
        pytest.skip("../shared/data/yahoo is not beside this clone")
    return SHARED_YAHOO
