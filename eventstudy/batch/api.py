"""``eventstudy.batch``: many events on one returns panel, no per-event loop."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.batch.aggregate import multi_tests
from eventstudy.batch.engine import (
    STATUS_OK,
    STATUS_TEXT,
    Layout,
    Mapper,
    coverage,
    estimate,
    thread_mapper,
)
from eventstudy.batch.panel import AlignedEvents, Panel, align_events, to_panel
from eventstudy.batch.result import BatchResult
from eventstudy.exceptions import BatchInputError

MODELS = ("market", "constant_mean")

def _check(model: str, estimation: tuple[int, int], windows: Sequence[tuple[int, int]]) -> Layout:
    if model not in MODELS:
        raise BatchInputError(
            f"model={model!r} is not available in the batch path",
            hint=f"use one of {', '.join(MODELS)} (other models: the study path)",
        )
    e0, e1 = (int(v) for v in estimation)
    if e0 > e1:
        raise BatchInputError(f"estimation window {list(estimation)} has start > end")
    wins = tuple((int(a), int(b)) for a, b in windows)
    if not wins:
        raise BatchInputError("no event windows given", hint="e.g. windows=[(0, 0), (-1, 1)]")
    for a, b in wins:
        if a > b:
            raise BatchInputError(f"event window [{a}, {b}] has start > end")
        if a <= e1 and b >= e0:
            raise BatchInputError(
                f"event window [{a}, {b}] overlaps the estimation window {list(estimation)}",
                hint="end the estimation window before the first event window",
            )
    return Layout((e0, e1), wins)


def _benchmark_column(
    benchmark: str | pd.Series | None,
) -> tuple[str | None, dict[str, pd.Series] | None]:
    """Resolve ``benchmark`` to ``(column name, extra panel column or None)``.

    A Series becomes an extra panel column named after it (``"__benchmark__"``
    when unnamed); a string names an existing returns column.
    """
    if isinstance(benchmark, pd.Series):
        bname = str(benchmark.name) if benchmark.name is not None else "__benchmark__"
        return bname, {bname: benchmark}
    return (None if benchmark is None else str(benchmark)), None



def _prepare(returns: Any, events: pd.DataFrame, benchmark: Any, model: str, *,
             close: Any, tz: Any, duplicates: str) -> tuple[Any, Any]:
    """Check the benchmark, build the panel and align the events (batch and batch_dask)."""
    bname, extra = _benchmark_column(benchmark)
    if model == "market" and bname is None and "benchmark" not in events.columns:
        raise BatchInputError(
            "the market model needs a benchmark",
            hint="pass benchmark='SPY' (a returns column) or a Series, or model='constant_mean'",
        )
    panel = to_panel(returns, extra)
    ev = align_events(events, panel, benchmark=bname if model == "market" else None,
                      close=close, tz=tz, duplicates=duplicates)
    return panel, ev

def batch(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    *,
    model: str = "market",
    estimation: tuple[int, int] = (-250, -11),
    windows: Sequence[tuple[int, int]] = ((0, 0), (-1, 1), (0, 5)),
    benchmark: str | pd.Series | None = None,
    min_estimation_days: int = 120,
    exclude_event_windows: bool = True,
    duplicates: str = "raise",
    tests: bool = True,
    block_size: int = 1024,
    workers: int = 2,
    close: str = "16:00",
    tz: str = "America/New_York",
    mapper: Mapper | None = None,
) -> BatchResult:
    r"""Event study over many events on one returns panel, vectorised in blocks.

    Parameters
    ----------
    returns
        Wide frame (index session dates, columns tickers; NaN = missing
        return) or long frame with columns ``date, ticker, return``. The
        panel's dates are the sessions (relative days count its rows).
    events
        Frame with ``ticker`` and ``date`` (or ``timestamp``), optional
        ``benchmark`` (a returns column, per event) and ``id``.
    model
        ``"market"`` (OLS on the benchmark) or ``"constant_mean"``.
    estimation
        Estimation window ``(T0, T1)`` in sessions relative to day 0.
    windows
        Event windows ``(a, b)``, inclusive.
    benchmark
        Default benchmark: a returns column name, or a Series of benchmark
        returns indexed by date (joined by date).
    min_estimation_days
        Fewer usable estimation days -> status "too few estimation days".
    exclude_event_windows
        Drop from each estimation window the days covered by the window span
        of other events on the same ticker (as the study path does).
    duplicates
        ``"raise"`` or ``"drop"`` events with the same ticker, benchmark, day 0.
    tests
        Compute SQ and the multi-event rank/sign/correlation tests (False:
        only parameters, CARs, standard errors, t).
    block_size
        Events per block; memory is about ``block_size * width * 8 * 12``
        bytes per worker (``width`` = days from T0 to the last window day).
    workers
        Threads for the in-memory path.
    close, tz
        Close time and time zone for events given as timestamps.
    mapper
        Alternative block runner (see :func:`eventstudy.batch.dask_backend.dask_mapper`).

    Returns
    -------
    BatchResult

    Raises
    ------
    BatchInputError
        Bad model, windows, returns or events.
    DuplicateEventError
        Duplicates with ``duplicates="raise"``.

    Notes
    -----
    Per event the market model is fitted in closed form
    (:mod:`eventstudy.models.core`), :math:`AR_\tau = R_\tau - \hat\alpha -
    \hat\beta R_{m\tau}`, :math:`CAR = \sum_{\tau\in W} AR_\tau` and
    :math:`\operatorname{Var}(CAR) = \hat\sigma^2[L_2 + L_2^2/L_1 +
    (\sum x^*_\tau - L_2\bar x)^2/S_{xx}]` (the exact
    :math:`\iota'V\iota`, MacKinlay 1997; Campbell, Lo & MacKinlay 1997, ch. 4).
    Day 0 for a date is that date if it is a panel session, else the next
    session (the study path's rule for date-only events). Multi-event tests:
    :mod:`eventstudy.batch.aggregate`; SQ: :mod:`eventstudy.batch.ranks`.

    Examples
    --------
    >>> res = batch(returns, events, benchmark="SPY")  # doctest: +SKIP
    >>> res.summary()  # doctest: +SKIP
    """
    layout = _check(model, estimation, windows)
    panel, ev = _prepare(returns, events, benchmark, model, close=close, tz=tz,
                         duplicates=duplicates)
    return compute(panel, ev, layout, model=model, min_estimation_days=min_estimation_days,
                   exclude_event_windows=exclude_event_windows, tests=tests,
                   block_size=block_size, mapper=mapper or thread_mapper(workers),
                   workers=workers)


def compute(
    panel: Panel,
    ev: AlignedEvents,
    layout: Layout,
    *,
    model: str,
    min_estimation_days: int,
    exclude_event_windows: bool,
    tests: bool,
    block_size: int,
    mapper: Mapper,
    workers: int = 2,
) -> BatchResult:
    """Run the engine on the aligned events and build the :class:`BatchResult` once."""
    if block_size < 1:
        raise BatchInputError(f"block_size={block_size}: must be >= 1")
    n = len(ev)
    if n == 0:
        raise BatchInputError("no events left to study", hint="check the events frame")
    cover = (coverage(panel.values.shape, ev.col, ev.day0, layout)
             if exclude_event_windows else None)
    out = estimate(panel.values, ev.col, ev.day0, layout, x_rows=ev.regressors(),
                   rf_rows=ev.rf_rows,
                   cover=cover, min_estimation_days=min_estimation_days, tests=tests,
                   block_size=block_size, mapper=mapper, workers=workers)
    nw = len(layout.windows)
    car, se = out.car, out.se
    ok = out.status == STATUS_OK
    usable = ok[:, None] & np.isfinite(car) & (se > 0)
    caar = np.array([float(np.mean(car[usable[:, i], i])) if usable[:, i].any() else np.nan
                     for i in range(nw)])

    def tests_of(i: int) -> dict:
        if not tests:
            return {}
        u = usable[:, i]
        return multi_tests(car[u, i], se[u, i], out.n_est[u], out.pos_share[u], out.sums, i,
                           layout, out.k + 1)

    with ThreadPoolExecutor(max(1, min(workers, nw))) as pool:  # scipy sorts release the GIL
        tests_out = dict(zip(layout.windows, pool.map(tests_of, range(nw)), strict=True))
    span = np.arange(layout.span[0], layout.span[1] + 1)
    ar = out.ar
    fa = np.isfinite(ar)
    with np.errstate(invalid="ignore", divide="ignore"):
        aar = np.where(fa, ar, 0.0).sum(axis=0) / fa.sum(axis=0)
    in_range = (ev.day0 >= 0) & (ev.day0 < panel.n_sessions)
    day0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    day0[in_range] = panel.dates.to_numpy()[ev.day0[in_range]]
    labels = np.array(list(STATUS_TEXT.values()), dtype=object)
    params = out.params
    frame = pd.DataFrame(
        {
            "id": ev.ids, "ticker": ev.tickers, "date": ev.dates, "day0": day0,
            "rolled": ev.rolled, "status": labels[out.status],
            "n_estimation": out.n_est.astype(np.int64),
            "alpha": params[:, 0],
            "beta": params[:, 1] if params.shape[1] == 2 else np.full(n, np.nan),
            "sigma": out.sigma,
        }
    )
    for j, name in enumerate(ev.x_names if params.shape[1] > 2 else ()):
        frame[f"beta_{name}"] = params[:, 1 + j]
    extra = {"pt_gt": out.pt_gt, "pt_lt": out.pt_lt}
    if tests:
        extra.update(sq_gt=out.sq_gt, sq_lt=out.sq_lt)
    return BatchResult(
        model=model, estimation=layout.estimation, windows=layout.windows, events=frame,
        car=car, se=se, t=out.t, pvalue_t=out.pvalue_t, sq_pvalue=out.sq,
        n_days=out.nd, ar=ar, ar_se=out.ar_se, span_days=span, aar=aar, caar=caar,
        tests=tests_out, extra=extra,
    )
