"""Batch path: many events on one returns panel, on one compiled kernel.

``batch(returns, events, ...) -> BatchResult`` (:func:`eventstudy.batch.api.batch`);
the Dask backend is :func:`eventstudy.batch.dask_backend.batch_dask` (optional
extra ``eventstudy-news[dask]``).

Layers, each usable on its own:

* :mod:`eventstudy.batch.panel` -- frames to arrays: ``to_panel`` (series-major
  returns panel; build it once and pass the ``Panel`` as ``returns`` to reuse
  it) and ``align_events`` (day 0 by ``searchsorted``: dates on the
  panel's sessions, timestamps on the exchange calendar's real closes, as
  :func:`eventstudy.calendar.align`). ``batch`` runs the two side by side
  (``to_panel_while``): alignment needs only the sessions and tickers, so
  it (and the window-span counts) run while a second thread copies the
  frame's values.
* :mod:`eventstudy.batch.engine` -- **the array-level entry point**::

      estimate(values, y_rows, day0, layout, *, x_rows=None, rf_rows=None,
               cover=None, min_estimation_days=120, tests=True,
               block_size=1024, mapper=None, workers=2) -> EngineOutput

  ``values`` ``(n_series, n_sessions)`` float64 returns (NaN = missing);
  per event ``y_rows`` (asset row), ``day0`` (session column), ``x_rows``
  ``(n, k)`` regressor rows (benchmark or factors; None = constant mean),
  ``rf_rows`` (risk-free row or -1); ``layout = Layout(estimation, windows)``;
  ``cover`` panel counts (estimation days with a count > 0 are dropped; see
  ``coverage``). ``EngineOutput`` holds, in the events' order, ``status,
  n_est, params (alpha, betas), sigma, ar, ar_se`` (event span) and per
  window ``car, se, t, pvalue_t, pt_gt, pt_lt, nd, sq, sq_gt, sq_lt``, plus
  ``sums`` for :func:`eventstudy.batch.aggregate.multi_tests`.
* :mod:`eventstudy.batch.longrun` -- ``long_run(returns, events, benchmark=...)``:
  BHARs of many events (same alignment), the skewness-adjusted t and its
  bootstrap, optionally the calendar-time portfolio alpha.
* :mod:`eventstudy.batch.kernel` -- the numba kernel (one source of the
  arithmetic; compiled on first use and cached on disk).
"""

import sys as _sys
from types import ModuleType as _ModuleType
from typing import Any as _Any

from eventstudy.batch.api import batch
from eventstudy.batch.longrun import LongRunResult, long_run
from eventstudy.batch.panel import Panel, to_panel
from eventstudy.batch.result import BatchResult

__all__ = ["batch", "BatchResult", "long_run", "LongRunResult", "Panel", "to_panel"]


class _CallableModule(_ModuleType):
    """Make the ``eventstudy.batch`` subpackage callable as :func:`batch`.

    ``eventstudy.batch`` names both this subpackage and the function
    ``eventstudy.batch(returns, events, ...)``. Python's import system rebinds
    the package attribute to the subpackage whenever it is first imported
    (the study path imports it for its placebo checks), so ``es.batch(...)``
    would otherwise fail with "'module' object is not callable" after a
    ``run``. Calling the subpackage calls :func:`batch`.
    """

    def __call__(self, *args: _Any, **kwargs: _Any) -> BatchResult:
        return batch(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
