"""``eventstudy.batch``: many events on one returns panel, no per-event loop."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from threading import Lock
from typing import Any

import numpy as np
import pandas as pd

from eventstudy._typing import position
from eventstudy.batch.aggregate import SharedDots, multi_tests
from eventstudy.batch.engine import (
    STATUS_OK,
    STATUS_TEXT,
    TEST_MODES,
    Layout,
    Mapper,
    coverage,
    estimate,
    fill_t_tails,
    thread_mapper,
)
from eventstudy.batch.kernel import finite_column_sums
from eventstudy.batch.panel import (
    AlignedEvents,
    Panel,
    PanelIndex,
    align_events,
    to_panel,
    to_panel_while,
)
from eventstudy.batch.result import BatchResult
from eventstudy.exceptions import BatchInputError

MODELS = ("market", "constant_mean", "ff3", "ff5", "carhart")
FACTOR_MODELS = ("ff3", "ff5", "carhart")


def _check(model: str, estimation: Any, windows: Any) -> Layout:
    """Check the model name and the windows; return the :class:`Layout`."""
    if model not in MODELS:
        raise BatchInputError(
            f"model={model!r} is not available in the batch path",
            hint=f"use one of {', '.join(MODELS)} (other models: the study path)",
        )
    try:
        e0, e1 = (int(v) for v in estimation)
        wins = tuple((int(a), int(b)) for a, b in windows)
    except (TypeError, ValueError) as exc:
        raise BatchInputError(
            f"estimation={estimation!r} / windows={windows!r} are not (start, end) pairs "
            f"of whole sessions ({exc})",
            hint="e.g. estimation=(-250, -11), windows=[(0, 0), (-1, 1)]",
        ) from None
    if e0 > e1:
        raise BatchInputError(f"estimation window {list(estimation)} has start > end")
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


_FACTOR_PREFIX = "__factor__"
#: events per chunk of the deferred t-test p-values (:func:`compute`; no value depends on it)
TAIL_CHUNK = 4096


def _factor_series(model: str, factors: pd.DataFrame | None,
                   dates: pd.DatetimeIndex) -> tuple[dict[str, pd.Series], tuple[str, ...]]:
    """Factor returns (regressors and RF) as extra panel series, and the regressor names.

    ``factors=None`` loads them with :func:`eventstudy.data.factors.load_factors`
    (the committed Kenneth French data); a frame must hold the model's columns
    and ``RF`` in fractions, indexed by date.
    """
    from eventstudy.data.factors import FACTOR_COLUMNS
    cols = tuple(FACTOR_COLUMNS[model])
    if factors is None:
        from eventstudy.data.factors import load_factors

        factors = load_factors(model, dates.min(), dates.max())
    if not isinstance(factors, pd.DataFrame):
        raise BatchInputError(f"factors must be a DataFrame, got {type(factors).__name__}",
                              hint=f"columns {', '.join(cols)}, RF indexed by date")
    missing = [c for c in (*cols, "RF") if c not in factors.columns]
    if missing:
        raise BatchInputError(
            f"factors lack column(s) {missing} for model={model!r}",
            hint=f"pass a frame with {', '.join(cols)} and RF (fractions), indexed by date",
        )
    try:
        frame = factors.loc[:, [*cols, "RF"]].astype(np.float64)
        index = pd.DatetimeIndex(pd.to_datetime(factors.index))
    except (TypeError, ValueError) as exc:
        raise BatchInputError(f"factors are not numeric returns indexed by date: {exc}",
                              hint="index by date; values as fractions (0.01 = 1%)") from None
    if index.has_duplicates:
        raise BatchInputError(f"factors index has duplicated dates (first: "
                              f"{index[index.duplicated()][0].date()})", hint="one row per date")
    vals = frame.to_numpy()
    if np.isinf(vals).any():
        raise BatchInputError("factors contain inf", hint="use NaN for a missing factor return")
    if np.nanmax(np.abs(vals), initial=0.0) > 1.0:
        raise BatchInputError(
            "factor returns above 100% in a day: they look like percent",
            hint="divide the Kenneth French percent figures by 100 (fractions: 0.01 = 1%)",
        )
    frame.index = index.tz_localize(None).normalize() if index.tz is not None else index.normalize()
    return {f"{_FACTOR_PREFIX}{c}": frame[c] for c in (*cols, "RF")}, cols


def _prepare(returns: Any, events: pd.DataFrame, benchmark: Any, model: str, *,
             close: Any, tz: Any, duplicates: str, calendar: str | None = "XNYS",
             factors: pd.DataFrame | None = None, layout: Layout | None = None,
             cover: bool = False) -> tuple[Panel, AlignedEvents]:
    """Check the benchmark, build the panel and align the events (batch and batch_dask).

    ``cover=True`` (with ``layout``) also counts the events' window spans
    (``ev.cover``), while the frame's values are still being converted.
    """
    bname, extra = _benchmark_column(benchmark)
    if model == "market" and bname is None and (
            not isinstance(events, pd.DataFrame) or "benchmark" not in events.columns):
        raise BatchInputError(
            "the market model needs a benchmark",
            hint="pass benchmark='SPY' (a returns column) or a Series, or model='constant_mean'",
        )

    def align(index: PanelIndex) -> AlignedEvents:
        if layout is not None and layout.hi - layout.lo + 1 > len(index.dates):
            raise BatchInputError(
                f"estimation {list(layout.estimation)} and windows "
                f"{[list(w) for w in layout.windows]} span {layout.hi - layout.lo + 1} sessions;"
                f" the returns panel has only {len(index.dates)}",
                hint="shorten the windows or pass a longer returns history",
            )
        ev = align_events(events, index, benchmark=bname if model == "market" else None,
                          close=close, tz=tz, duplicates=duplicates, calendar=calendar)
        if cover and layout is not None and model not in FACTOR_MODELS and len(ev):
            shape = (len(index.tickers), len(index.dates))
            ev = replace(ev, cover=coverage(shape, ev.col, ev.day0, layout))
        return ev

    # the events are aligned while the frame's values are converted on a second thread
    panel, ev = to_panel_while(returns, extra, align)
    x_names: tuple[str, ...] = ()
    if model in FACTOR_MODELS:
        fx, x_names = _factor_series(model, factors, panel.dates)
        panel = to_panel(panel, fx)  # factor rows added to the built panel (no second build)
        rows = panel.tickers.get_indexer(pd.Index([f"{_FACTOR_PREFIX}{c}" for c in x_names]))
        rf = position(panel.tickers, f"{_FACTOR_PREFIX}RF")
        n = len(ev)
        ev = replace(ev, x_rows=np.ascontiguousarray(np.broadcast_to(rows, (n, len(rows)))),
                     rf_rows=np.full(n, rf, dtype=np.int64), x_names=x_names)
    return panel, ev


def batch(
    returns: pd.DataFrame | Panel,
    events: pd.DataFrame,
    *,
    model: str = "market",
    estimation: tuple[int, int] = (-250, -11),
    windows: Sequence[tuple[int, int]] = ((0, 0), (-1, 1), (0, 5)),
    benchmark: str | pd.Series | None = None,
    min_estimation_days: int = 120,
    exclude_event_windows: bool = True,
    duplicates: str = "raise",
    tests: bool | str = True,
    block_size: int = 1024,
    workers: int = 2,
    close: str | None = None,
    tz: str | None = None,
    mapper: Mapper | None = None,
    calendar: str | None = "XNYS",
    factors: pd.DataFrame | None = None,
) -> BatchResult:
    r"""Event study over many events on one returns panel, on the compiled kernel.

    Parameters
    ----------
    returns
        Wide frame (index session dates, columns tickers; NaN = missing
        return), long frame with columns ``date, ticker, return``, or a
        :class:`~eventstudy.batch.panel.Panel` built once with
        :func:`~eventstudy.batch.panel.to_panel` and reused across calls
        (simulations, placebo draws, many event sets on one panel). The
        panel's dates are the sessions (relative days count its rows).
    events
        Frame with ``ticker`` and ``date`` (or ``timestamp``), optional
        ``benchmark`` (a returns column, per event), ``timezone`` (per event,
        for naive timestamps) and ``id``.
    model
        ``"market"`` (OLS on the benchmark), ``"constant_mean"``, or a factor
        model ``"ff3"``, ``"ff5"``, ``"carhart"`` (OLS of the excess return
        :math:`R - R_f` on the factors).
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
        ``True``: SQ and every multi-event test; ``"single"``: SQ only (the
        per-event tests); ``False``: only parameters, CARs, standard errors, t.
    block_size
        Events per block (the same ``block_size`` gives bitwise the same
        multi-event statistics on any backend).
    workers
        Threads for the in-memory path.
    close
        Deprecated fixed close time (``"16:00"``) for timestamps; default
        None: the exchange calendar's real closes (early closes included).
    tz
        Time zone of naive timestamps (default: the calendar's own zone).
    mapper
        Alternative block runner (see :func:`eventstudy.batch.dask_backend.dask_mapper`).
    calendar
        Exchange calendar (pandas_market_calendars name) for timestamped
        events: day 0 is the first session whose close is after the
        timestamp, as :func:`eventstudy.calendar.align` does.
    factors
        Factor models: a frame of factor returns (fractions) indexed by date
        with the model's columns and ``RF``; None loads them with
        ``eventstudy.data.factors.load_factors``.

    Returns
    -------
    BatchResult

    Raises
    ------
    BatchInputError
        Bad model, windows, returns, events, time zone or factors.
    DuplicateEventError
        Duplicates with ``duplicates="raise"``.
    UnknownCalendarError
        ``calendar`` is not a known exchange calendar.

    Notes
    -----
    Per event the normal-return model is fitted by OLS in closed form on the
    clean estimation days (:mod:`eventstudy.batch.kernel`),
    :math:`AR_\tau = R_\tau - \hat\alpha - \hat\beta' x_\tau`,
    :math:`CAR = \sum_{\tau\in W} AR_\tau` and
    :math:`\operatorname{Var}(CAR) = \hat\sigma^2[L_2 + L_2^2/L_1 + D'S_{xx}^{-1}D]`
    (the exact :math:`\iota'V\iota`, MacKinlay 1997; Campbell, Lo & MacKinlay
    1997, ch. 4). Day 0 for a date is that date if it is a panel session,
    else the next session (the study path's rule for date-only events).
    Multi-event tests: :mod:`eventstudy.batch.aggregate`.

    Examples
    --------
    >>> res = batch(returns, events, benchmark="SPY")  # doctest: +SKIP
    >>> res.summary()  # doctest: +SKIP
    """
    layout = _check(model, estimation, windows)
    panel, ev = _prepare(returns, events, benchmark, model, close=close, tz=tz,
                         duplicates=duplicates, calendar=calendar, factors=factors,
                         layout=layout, cover=exclude_event_windows)
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
    tests: bool | str,
    block_size: int,
    mapper: Mapper,
    workers: int = 2,
) -> BatchResult:
    """Run the engine on the aligned events and build the :class:`BatchResult` once."""
    if block_size < 1:
        raise BatchInputError(f"block_size={block_size}: must be >= 1")
    if not isinstance(tests, bool | str) or tests not in TEST_MODES:
        raise BatchInputError(f"tests={tests!r}: use True (all), 'single' (SQ only) or False")
    n = len(ev)
    if n == 0:
        raise BatchInputError("no events left to study", hint="check the events frame")
    cover = None
    if exclude_event_windows:
        cover = (ev.cover if ev.cover is not None and ev.cover.shape == panel.values.shape
                 else coverage(panel.values.shape, ev.col, ev.day0, layout))
    out = estimate(panel.values, ev.col, ev.day0, layout, x_rows=ev.regressors(),
                   rf_rows=ev.rf_rows,
                   cover=cover, min_estimation_days=min_estimation_days, tests=tests,
                   block_size=block_size, mapper=mapper, workers=workers, defer_t_tails=True)
    nw = len(layout.windows)
    # the t-test p-values, if the engine left them (every test, threads): written below in
    # chunks by this thread and a pool thread once free, while the window tests run
    chunks = iter([slice(r, min(r + TAIL_CHUNK, n)) for r in range(0, n, TAIL_CHUNK)]
                  if out.tails_deferred else [])
    lock = Lock()

    def fill() -> None:
        """Write the p-values of the chunks no thread has taken yet."""
        while True:
            with lock:
                rows = next(chunks, None)
            if rows is None:
                return
            fill_t_tails(out, rows)

    car, se = out.car, out.se
    ok = out.status == STATUS_OK
    usable = ok[:, None] & np.isfinite(car) & (se > 0)

    def tests_of(i: int) -> tuple[float, dict]:
        """CAAR and (with every test) the multi-event tests of window ``i``."""
        # a contiguous mask on column views: numpy's 1-d boolean take (2x the (mask, i) index)
        u = np.ascontiguousarray(usable[:, i])
        c = car[:, i][u]
        caar = float(np.mean(c)) if c.size else np.nan
        if TEST_MODES[tests] < 2:
            return caar, {}
        return caar, multi_tests(c, se[:, i][u], out.n_est[u], out.pos_share[u], out.sums, i,
                                 layout, out.k + 1, dots)

    dots = SharedDots(out.sums)  # the windows' r-bar inner products, each computed once
    # scipy's sorts and stdtr release the GIL; one more thread fills the p-values from the start
    pool = ThreadPoolExecutor(max(1, min(workers, nw)) + int(out.tails_deferred))
    helper = pool.submit(fill)
    pending = [pool.submit(tests_of, i) for i in range(nw)]  # while the frame is built below
    try:
        span = np.arange(layout.span[0], layout.span[1] + 1)
        ar = out.ar
        if ar.shape[1] > 1:
            # one compiled pass: np.where(isfinite, ar, 0).sum(axis=0) in numpy's row-by-row
            # order (bitwise) and the finite counts, without the mask and the masked copy
            aar = np.empty(ar.shape[1])
            n_fin = np.empty(ar.shape[1], dtype=np.intp)
            finite_column_sums(np.ascontiguousarray(ar), aar, n_fin)
        else:  # one column: numpy sums it pairwise, as a contiguous vector
            fa = np.isfinite(ar)
            n_fin = np.count_nonzero(fa, axis=0)
            aar = np.where(fa, ar, 0.0).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            aar /= n_fin
        in_range = (ev.day0 >= 0) & (ev.day0 < panel.n_sessions)
        day0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        day0[in_range] = panel.dates.to_numpy()[ev.day0[in_range]]
        # the labels as pandas' string array, taken by code (not 100k Python strings converted)
        labels = pd.array(list(STATUS_TEXT.values()), dtype="str")
        params = out.params
        frame = pd.DataFrame(
            {
                "event_id": ev.ids, "asset": ev.tickers, "event_date": ev.dates, "day0": day0,
                "rolled": ev.rolled, "status": labels.take(out.status),
                "n_estimation": out.n_est.astype(np.int64),
                "alpha": params[:, 0],
                "beta": params[:, 1] if params.shape[1] == 2 else np.full(n, np.nan),
                "sigma": out.sigma,
            }
        )
        for j, name in enumerate(ev.x_names if params.shape[1] > 2 else ()):
            frame[f"beta_{name}"] = params[:, 1 + j]
        fill()
        helper.result()
        done = [f.result() for f in pending]
        caar = np.array([c for c, _ in done])
        tests_out = dict(zip(layout.windows, (t for _, t in done), strict=True))
    finally:
        pool.shutdown()
    extra = {"p_value_greater": out.pt_gt, "p_value_less": out.pt_lt}
    if TEST_MODES[tests]:
        extra.update(p_value_sq_greater=out.sq_gt, p_value_sq_less=out.sq_lt)
    return BatchResult(
        model=model, estimation=layout.estimation, windows=layout.windows, events=frame,
        car=car, car_se=se, t_stat=out.t, p_value=out.pvalue_t, p_value_sq=out.sq,
        n_days=out.nd, ar=ar, ar_se=out.ar_se, span_days=span, aar=aar, caar=caar,
        tests=tests_out, extra=extra,
    )
