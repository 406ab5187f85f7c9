"""The result interface the report reads (a structural type; no import of ``pipeline``)."""

from __future__ import annotations

from typing import Any, Protocol

import pandas as pd


class StudyResult(Protocol):
    """What the report reads of :class:`eventstudy.pipeline.result.StudyResult`.

    A structural type, so ``report`` does not import ``pipeline`` (imports
    run one way: pipeline -> report).
    """

    abnormal_returns: pd.DataFrame
    cars: pd.DataFrame
    claim_records: tuple[dict[str, Any], ...]
    prices: pd.DataFrame
    resolved: dict[str, Any]


__all__ = ["StudyResult"]
