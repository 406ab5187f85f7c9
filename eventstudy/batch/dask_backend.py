"""Dask backend for :func:`eventstudy.batch` (optional extra ``eventstudy-news[dask]``).

The events are split into blocks; a ``dask.bag`` maps the same block
functions of :mod:`eventstudy.batch.engine` (the compiled kernel) over them
on the workers and the client merges the block outputs (per-event arrays by
index, per-day sums added in block order, so the numbers are bitwise those
of :func:`eventstudy.batch` with the same ``block_size``). The returns panel
is scattered once to every worker; raw returns are never shuffled. GRANK's
light second pass runs on the workers with the cross-sectional SCAR scale
computed on the client.

Point it at an existing cluster::

    from dask.distributed import Client
    client = Client("tcp://scheduler-host:8786")
    res = batch_dask(returns, events, client=client, benchmark="SPY")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.batch.api import _check, _prepare
from eventstudy.batch.engine import Mapper
from eventstudy.batch.panel import Panel
from eventstudy.batch.result import BatchResult
from eventstudy.exceptions import BatchInputError


def dask_mapper(client: Any = None) -> Mapper:
    """Build a block runner that maps a block function over a ``dask.bag`` of block tasks.

    Parameters
    ----------
    client
        A ``dask.distributed.Client`` (the panel and the coverage counts are
        scattered to all workers once). ``None``: the current default
        scheduler (e.g. threads).
    """
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - extra not installed
        raise BatchInputError(
            "the Dask backend needs dask", hint="pip install 'eventstudy-news[dask]'"
        ) from exc
    cache: dict[int, Any] = {}

    def run(func: Any, values: np.ndarray, cover: np.ndarray | None, tasks: list) -> list:
        bag = db.from_sequence(tasks, npartitions=len(tasks))
        if client is not None:
            key = id(values)
            if key not in cache:
                cache.clear()
                cache[key] = (
                    client.scatter(values, broadcast=True),
                    None if cover is None else client.scatter(cover, broadcast=True),
                )
            v, c = cache[key]
            return list(client.compute(bag.map(lambda t, v, c: func(v, c, t), v, c)).result())
        import dask

        v, c = dask.delayed(values), None if cover is None else dask.delayed(cover)
        return list(bag.map(lambda t, v, c: func(v, c, t), v, c).compute())

    return run


def batch_dask(
    returns: pd.DataFrame | Panel,
    events: pd.DataFrame,
    *,
    client: Any = None,
    model: str = "market",
    estimation: tuple[int, int] = (-250, -11),
    windows: Sequence[tuple[int, int]] = ((0, 0), (-1, 1), (0, 5)),
    benchmark: str | pd.Series | None = None,
    min_estimation_days: int = 120,
    exclude_event_windows: bool = True,
    duplicates: str = "raise",
    tests: bool | str = True,
    block_size: int = 20_000,
    close: str | None = None,
    tz: str | None = None,
    calendar: str | None = "XNYS",
    factors: pd.DataFrame | None = None,
) -> BatchResult:
    """:func:`eventstudy.batch` with the blocks run by Dask.

    Same parameters and numbers as :func:`eventstudy.batch` (bitwise, for the
    same ``block_size``), plus ``client`` (a ``dask.distributed.Client``;
    None = default scheduler). See the module docstring for pointing it at
    an existing cluster.

    Returns
    -------
    BatchResult
    """
    from eventstudy.batch import api

    layout = _check(model, estimation, windows)
    panel, ev = _prepare(returns, events, benchmark, model, close=close, tz=tz,
                         duplicates=duplicates, calendar=calendar, factors=factors,
                         layout=layout, cover=exclude_event_windows)
    return api.compute(panel, ev, layout, model=model, min_estimation_days=min_estimation_days,
                       exclude_event_windows=exclude_event_windows, tests=tests,
                       block_size=block_size, mapper=dask_mapper(client))


__all__ = ["batch_dask", "dask_mapper"]
