"""Pipeline: ``run(path_or_study, *, out=None, offline=None) -> StudyResult``.

The names below load on first use (:mod:`eventstudy._lazy`), so ``validate``
and ``fetch`` use ``pipeline.coverage`` without importing the estimation
stack. ``eventstudy.pipeline.run`` is the function (import the module with
``importlib.import_module("eventstudy.pipeline.run")``).
"""

from typing import TYPE_CHECKING

from eventstudy._lazy import export_lazily

if TYPE_CHECKING:  # the names for type checkers; loaded on first use at run time
    from eventstudy.pipeline.result import AR_COLUMNS, CAR_COLUMNS, CLAIM_KEYS, StudyResult
    from eventstudy.pipeline.run import run, write_outputs

__all__ = ["AR_COLUMNS", "CAR_COLUMNS", "CLAIM_KEYS", "StudyResult", "run", "write_outputs"]

export_lazily(__name__, {
    "AR_COLUMNS": "eventstudy.pipeline.result",
    "CAR_COLUMNS": "eventstudy.pipeline.result",
    "CLAIM_KEYS": "eventstudy.pipeline.result",
    "StudyResult": "eventstudy.pipeline.result",
    "run": "eventstudy.pipeline.run",
    "write_outputs": "eventstudy.pipeline.run",
}, shadowed=("run",))
