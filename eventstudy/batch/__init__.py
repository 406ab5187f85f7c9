"""Batch path: many events on one returns panel, vectorised in event blocks.

``batch(returns, events, ...) -> BatchResult``; see :func:`eventstudy.batch.api.batch`.
The Dask backend lives in :mod:`eventstudy.batch.dask_backend` (optional extra
``eventstudy[dask]``).
"""

from eventstudy.batch.api import batch
from eventstudy.batch.result import BatchResult

__all__ = ["batch", "BatchResult"]
