"""The result interface the report reads (a structural type; no import of ``pipeline``)."""

from __future__ import annotations

from typing import Any, Protocol

import pandas as pd


class StudyResult(Protocol):
    """What the report reads of :class:`eventstudy.pipeline.result.StudyResult`.

    A structural type, so ``report`` does not import ``pipeline`` (imports
    run one way: pipeline -> report).
    """

    # read-only members: the result is immutable (its fields are properties or frozen)
    @property
    def abnormal_returns(self) -> pd.DataFrame: ...
    @property
    def cars(self) -> pd.DataFrame: ...
    @property
    def claim_records(self) -> tuple[dict[str, Any], ...]: ...
    @property
    def prices(self) -> pd.DataFrame: ...
    @property
    def resolved(self) -> dict[str, Any]: ...


__all__ = ["StudyResult"]
