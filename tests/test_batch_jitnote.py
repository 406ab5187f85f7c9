"""The cold-cache note: numba's own cache index decides, not a timing guess.

A throwaway module with one cached numba function (written to ``tmp_path``)
is the independent reference: before its first call nothing is compiled or
cached (a compile is due); after the call a fresh import of the same file
finds the machine code in numba's on-disk cache (no compile is due).
"""

from __future__ import annotations

import importlib.util

import pytest

from eventstudy.batch import jitnote

_SOURCE = """
import numba

@numba.njit(cache=True)
def plus_one(x):
    return x + 1.0
"""


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cold_cache_is_detected_and_announced_once(tmp_path, monkeypatch):
    path = tmp_path / "jitnote_probe.py"
    path.write_text(_SOURCE)
    first = _load(path, "jitnote_probe_a")
    assert jitnote.will_compile(first.plus_one, (1.0,)) is True
    said: list[str] = []
    monkeypatch.setattr(jitnote, "notify", said.append)
    monkeypatch.setattr(jitnote, "_announced", False)
    monkeypatch.setattr(jitnote, "_checked", set())
    jitnote.announce_compile(first.plus_one, (1.0,))
    jitnote.announce_compile(first.plus_one, (1.0,))
    assert said == [jitnote.MESSAGE]
    assert first.plus_one(1.0) == 2.0  # compiles and writes the cache
    assert jitnote.will_compile(first.plus_one, (1.0,)) is False  # in memory
    assert jitnote.will_compile(first.plus_one, (1,)) is True  # another signature
    second = _load(path, "jitnote_probe_b")  # a new dispatcher: only the disk cache has it
    assert not second.plus_one.overloads
    assert jitnote.will_compile(second.plus_one, (1.0,)) is False


@pytest.mark.parametrize("thing", [len, object()])
def test_unknown_is_not_a_guess(thing):
    assert jitnote.will_compile(thing, (1.0,)) is None
