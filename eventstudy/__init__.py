"""eventstudy: market-reaction event studies from news, checkable end to end.

The pipeline runs ``spec -> data -> calendar -> models -> stats -> claims ->
report -> cli``; every stage is importable on its own. The names below are
loaded lazily so ``import eventstudy`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Study": "eventstudy.spec",
    "load_prices": "eventstudy.data",
    "load_ohlcv": "eventstudy.data",
    "run": "eventstudy.pipeline",
    "StudyResult": "eventstudy.pipeline",
    "batch": "eventstudy.batch",
    "BatchResult": "eventstudy.batch",
    "long_run": "eventstudy.batch",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Import public names on first use (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eventstudy' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
