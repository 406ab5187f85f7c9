"""eventstudy: market-reaction event studies from news, checkable end to end.

The pipeline runs ``spec -> data -> calendar -> models -> stats -> claims ->
report -> cli``; every stage is importable on its own. The names below are
loaded lazily (:mod:`eventstudy._lazy`) so ``import eventstudy`` stays light.
"""

from eventstudy._lazy import export_lazily

__version__ = "0.1.0"

__all__ = ["__version__", "Study", "load_prices", "load_ohlcv", "run", "StudyResult", "batch",
           "BatchResult", "long_run"]

#: public name -> module that defines it
export_lazily(__name__, {
    "Study": "eventstudy.spec",
    "load_prices": "eventstudy.data",
    "load_ohlcv": "eventstudy.data",
    "run": "eventstudy.pipeline",
    "StudyResult": "eventstudy.pipeline",
    "batch": "eventstudy.batch",
    "BatchResult": "eventstudy.batch",
    "long_run": "eventstudy.batch",
})
