r"""Array-level engine of the batch path: plan arrays in, per-event arrays and test sums out.

Entry point for other stages (the study path may call it directly)::

    out = estimate(values, y_rows, day0, layout, x_rows=..., rf_rows=..., cover=...,
                   min_estimation_days=120, tests=True, block_size=1024, mapper=None)

Inputs are plain arrays: ``values`` the series-major returns panel
``(n_series, n_sessions)`` (NaN = missing), and per event the panel row of
the asset (``y_rows``), the rows of its regressors (``x_rows``, ``(n, k)``:
the benchmark for the market model, factor rows for factor models, none for
the constant mean), the row of the risk-free rate (``rf_rows``, -1 = none;
the asset return less it is the dependent variable and the abnormal return)
and the column of day 0 (``day0``). ``cover`` (same shape as ``values``,
counts) drops estimation days where it is positive (other events' windows).
:class:`EngineOutput` holds the per-event arrays in the events' own order and
the merged test sums; :func:`eventstudy.batch.aggregate.multi_tests` turns
the sums into test results.

How it runs: events are cut into blocks of contiguous output rows (with every
test ordered by day 0 first, so each block's Kolari-Pynnönen group sums span
few dates, and put back in the events' order once at the end); the kernel of
:mod:`eventstudy.batch.kernel` processes a block in one GIL-free call (with
every test three per chunk of :data:`PASS1_CHUNK` events: fit, sort, ranks),
and a ``mapper`` (threads, or Dask workers) runs the blocks. Per-event outputs
are independent of the blocking (and of the chunks); per-day sums are added
block by block in block order, so the same
``block_size`` gives bitwise the same tests on any mapper.
GRANK's second pass needs the cross-sectional SD of the SCARs, known only
after pass 1; it re-forms the standardised residuals from the fitted
parameters (no fit, no sort, no stored copy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
from scipy import special

from eventstudy.batch import jitnote, kernel
from eventstudy.batch.kernel import STATUS_INSUFFICIENT, STATUS_OK, STATUS_OUTSIDE
from eventstudy.stats.single import SQ_MIN_SUMS

STATUS_TEXT = {
    STATUS_OK: "ok",
    STATUS_OUTSIDE: "outside data",
    STATUS_INSUFFICIENT: "too few estimation days",
}

#: ``mapper(func, values, cover, tasks) -> list``: ``[func(values, cover, t) for t in tasks]``
Mapper = Callable[[Callable[..., Any], np.ndarray, "np.ndarray | None", list], list]


@dataclass(frozen=True)
class Layout:
    """Relative-day layout shared by every event.

    Attributes
    ----------
    estimation
        ``(T0, T1)`` estimation window, inclusive, relative to day 0.
    windows
        Event windows ``(a, b)``, inclusive.
    """

    estimation: tuple[int, int]
    windows: tuple[tuple[int, int], ...]

    @cached_property
    def span(self) -> tuple[int, int]:
        """Union span ``(amin, bmax)`` of the event windows (read per block: cached)."""
        return min(a for a, _ in self.windows), max(b for _, b in self.windows)

    @property
    def lo(self) -> int:
        """First relative day touched."""
        return min(self.estimation[0], self.span[0])

    @property
    def hi(self) -> int:
        """Last relative day touched."""
        return max(self.estimation[1], self.span[1])

    @property
    def l1(self) -> int:
        """Length of the estimation window."""
        return self.estimation[1] - self.estimation[0] + 1

    @property
    def n_span(self) -> int:
        """Days in the event span."""
        return self.span[1] - self.span[0] + 1


def thread_mapper(workers: int) -> Mapper:
    """Run the block tasks on a thread pool (the kernel and ``numpy.sort`` release the GIL)."""

    def run(func: Callable[..., Any], values: np.ndarray, cover: np.ndarray | None,
            tasks: list) -> list:
        if workers <= 1 or len(tasks) <= 1:
            return [func(values, cover, t) for t in tasks]
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda t: func(values, cover, t), tasks))

    run.shared_memory = True  # type: ignore[attr-defined]  # tasks may carry shared outputs
    return run


#: events from which :func:`coverage` counts on two threads
COVER_SPLIT = 20_000


def coverage(values_shape: tuple[int, int], y_rows: np.ndarray, day0: np.ndarray,
             layout: Layout) -> np.ndarray:
    """Count, per (series, session), the events whose window span covers it (``uint8``, saturating).

    Estimation days with a positive count are dropped: a "clean" estimation
    window (methods section 3). An event's own span never meets its own
    estimation window (the layout forbids it), so only other events count.
    """
    amin, bmax = layout.span
    n_series = int(values_shape[0])
    cover = np.zeros((n_series, int(values_shape[1])), dtype=np.uint8)
    y_rows = np.ascontiguousarray(y_rows, dtype=np.int64)
    day0 = np.ascontiguousarray(day0, dtype=np.int64)
    if y_rows.shape[0] < COVER_SPLIT or n_series < 2:
        kernel.cover_rows(cover, y_rows, day0, amin, bmax, 0, n_series)
        return cover
    # two threads on disjoint halves of the rows (the kernel releases the GIL; the counts
    # of a cell come from one thread, in the events' order)
    half = n_series // 2
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(kernel.cover_rows, cover, y_rows, day0, amin, bmax, half, n_series)
        kernel.cover_rows(cover, y_rows, day0, amin, bmax, 0, half)
        other.result()
    return cover


@dataclass(frozen=True)
class _Task:
    """Inputs of one block (picklable, small)."""

    y_rows: np.ndarray
    x_rows: np.ndarray
    rf_rows: np.ndarray
    day0: np.ndarray
    layout: Layout
    min_est: int
    tests: bool | str
    extra: dict = field(default_factory=dict)


def _kernel_inputs(values: np.ndarray, cover: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``values`` as a read-only view and ``cover`` (an empty ``uint8`` one when None).

    The kernel then always sees the same argument types, so numba compiles
    each function once (a writable and a read-only panel would be two
    specialisations, each compiled on first use).
    """
    view = values.view()
    view.flags.writeable = False
    return view, (cover if cover is not None else np.zeros((1, 1), np.uint8))


def _outputs(n: int, k: int, lay: Layout, mode: int) -> dict[str, np.ndarray]:
    """Per-event output arrays for ``n`` events."""
    nw = len(lay.windows)
    o: dict[str, np.ndarray] = {
         "status": np.empty(n, np.int8), "n_est": np.empty(n), "params": np.empty((n, k + 1)),
         "sigma": np.empty(n), "ar": np.empty((n, lay.n_span)), "ar_se": np.empty((n, lay.n_span)),
         "car": np.empty((n, nw)), "se": np.empty((n, nw)), "nd": np.empty((n, nw), np.int64),
         "t": np.empty((n, nw)), "pt_gt": np.empty((n, nw)), "pt_lt": np.empty((n, nw)),
         "pvalue_t": np.empty((n, nw))}
    if mode:
        o.update(sq_gt=np.empty((n, nw)), sq_lt=np.empty((n, nw)), sq=np.empty((n, nw)))
    if mode == 2:
        o["pos_share"] = np.empty(n)
    return o


def _window_sums(lay: Layout) -> dict[str, np.ndarray]:
    """Zero per-window sums of the rank tests: one row per window, the last for all windows.

    ``rank_*`` span the estimation and event days, GRANK's ``gb_sum`` and
    ``g_cnt`` the estimation days.
    """
    nw, m = len(lay.windows), lay.l1 + lay.n_span
    return dict(rank_sum=np.zeros((nw + 1, m)), rank_cnt=np.zeros((nw + 1, m)),
                rank_n=np.zeros(nw + 1), gb_sum=np.zeros((nw + 1, lay.l1)),
                g_cnt=np.zeros((nw + 1, lay.l1)))


#: events per chunk of pass 1 with every test (see :func:`_fit_task`; no value depends on it)
PASS1_CHUNK = 128


def _fit_task(values: np.ndarray, cover: np.ndarray | None, task: _Task) -> dict[str, Any]:
    """Pass 1 for one block: :func:`kernel.fit_block` (+ one sort and ``tests_block``).

    Per-event results go to ``task.extra["out"]`` at the contiguous rows
    ``task.extra["rows"]`` (threads share the arrays; contiguous rows keep the
    kernel's writes sequential) or, for workers, to block-local arrays returned
    with the block sums. With every test the block runs in chunks of
    :data:`PASS1_CHUNK` events (fit, sort, ranks and sums of one chunk, then
    the next), so a chunk's residual and key matrices are still in cache when
    they are sorted and walked; the sums are added event by event in block
    order whatever the chunk size.
    """
    lay = task.layout
    n, nw, m = task.y_rows.shape[0], len(lay.windows), lay.l1 + lay.n_span
    k = task.x_rows.shape[1]
    mode = TEST_MODES[task.tests]
    wa = np.array([a for a, _ in lay.windows], dtype=np.int64)
    wb = np.array([b for _, b in lay.windows], dtype=np.int64)
    o = task.extra.get("out")
    r0 = task.extra.get("rows", (0, n))[0]
    if o is None:
        o = _outputs(n, k, lay, mode)
    idx = np.arange(r0, r0 + n)
    rows = slice(r0, r0 + n)
    chunk = max(1, min(int(PASS1_CHUNK), n)) if mode == 2 else n
    comb = np.empty((chunk, m) if mode == 2 else (0, m))
    keys = np.empty((chunk, m) if mode == 2 else (0, m), np.int32)
    no_sq = np.empty((0, nw))
    vals, cov = _kernel_inputs(values, cover)
    l1 = lay.l1
    sums: dict[str, Any] = {}
    if mode == 2:
        g_first = int(task.day0.min()) if n else 0
        ng = int(task.day0.max()) - g_first + 1 if n else 0
        sums = dict(
            _window_sums(lay),
            kp_z=np.zeros((ng, l1)), kp_c=np.zeros((ng, l1)), kp_n=np.zeros(ng),
            kp_tot=np.zeros(3), g_first=g_first,
        )
    fit = kernel.fit_block if k <= 1 else kernel.fit_block_general  # k-factor fit on demand
    for c0 in range(0, n, max(chunk, 1)):
        c1 = min(c0 + chunk, n)
        cc = slice(c0, c1)
        cb, ck = comb[: c1 - c0], keys[: c1 - c0]
        args = (vals, cov, cover is not None, task.y_rows[cc], task.x_rows[cc],
                task.rf_rows[cc], task.day0[cc], lay.estimation[0], lay.estimation[1], lay.lo,
                lay.hi, wa, wb, lay.span[0], lay.span[1], task.min_est, mode, idx[cc],
                SQ_MIN_SUMS, o["status"], o["n_est"], o["params"], o["sigma"], o["ar"],
                o["ar_se"], o["car"], o["se"], o["nd"], o["t"], o.get("sq_gt", no_sq),
                o.get("sq_lt", no_sq), o.get("sq", no_sq), cb, ck)
        if c0 == 0:
            jitnote.announce_compile(fit, args)  # one stderr line on a cold cache
        fit(*args)
        if mode < 2:
            continue
        ck.sort(axis=1)  # the chunk's one sort (numpy's SIMD sort of int32 keys, GIL released)
        kernel.tests_block(cb, ck, idx[cc], o["status"], o["car"], o["se"], task.day0[cc],
                           sums["g_first"], l1, wa, wb, lay.span[0], o["pos_share"],
                           sums["rank_sum"], sums["rank_cnt"], sums["rank_n"], sums["gb_sum"],
                           sums["g_cnt"], sums["kp_z"], sums["kp_c"], sums["kp_n"],
                           sums["kp_tot"])
    if not task.extra.get("defer_tails"):  # deferred: :func:`fill_t_tails` after the reorder
        _t_tails(o["t"], o["n_est"], k, o["pt_gt"], o["pt_lt"], o["pvalue_t"], rows)
    out: dict[str, Any] = {} if "out" in task.extra else o
    out.update(sums)
    return out


def _t_tails(t: np.ndarray, n_est: np.ndarray, k: int, pt_gt: np.ndarray, pt_lt: np.ndarray,
             pvalue: np.ndarray, rows: slice) -> None:
    """Write the t-test p-values of ``rows`` in place (:func:`kernel.t_tails`)."""
    tr = t[rows]
    dof = (n_est[rows] - k - 1)[:, None]
    # the smaller tail from scipy's Student t CDF (as scipy.stats.t.cdf, without the
    # frozen-distribution cost); the larger one is its complement (accurate to 1e-16 there)
    small = special.stdtr(dof, -np.abs(tr))
    kernel.t_tails(tr, small, pt_gt[rows], pt_lt[rows], pvalue[rows])


def fill_t_tails(out: EngineOutput, rows: slice) -> None:
    """Write the t-test p-values of events ``rows`` of ``out`` in place.

    For ``estimate(..., defer_t_tails=True)``: the same values as the
    engine's, computed elementwise from ``t`` and ``n_est``.

    Parameters
    ----------
    out
        Engine output with ``tails_deferred``.
    rows
        Events to write.
    """
    _t_tails(out.t, out.n_est, out.k, out.pt_gt, out.pt_lt, out.pvalue_t, rows)


def _grank_task(values: np.ndarray, cover: np.ndarray | None, task: _Task) -> dict[str, Any]:
    """GRANK pass 2 for one block (:func:`kernel.grank_block`)."""
    lay, ex = task.layout, task.extra
    nw = ex["g"].shape[1]
    r0 = ex.get("rows", (0, 0))[0]
    idx = np.arange(r0, r0 + task.y_rows.shape[0])
    ga_sum, g0 = np.empty((nw, lay.l1)), np.zeros((nw, 2))
    vals, cov = _kernel_inputs(values, cover)
    kernel.grank_block(vals, cov, cover is not None, task.y_rows, task.x_rows, task.rf_rows,
                       task.day0, lay.estimation[0], lay.estimation[1], idx, ex["status"],
                       ex["params"], ex["sigma"], ex["g"], ga_sum, g0)
    return {"ga_sum": ga_sum, "g0": g0}


PER_EVENT = ("status", "n_est", "params", "sigma", "ar", "ar_se", "car", "se", "nd", "t",
             "pt_gt", "pt_lt", "pvalue_t", "sq_gt", "sq_lt", "sq", "pos_share")
BLOCK_SUMS = ("rank_sum", "rank_cnt", "rank_n", "gb_sum", "g_cnt", "kp_tot", "ga_sum", "g0")
#: ``tests`` -> kernel mode: 0 none, 1 per-event tests (SQ), 2 also every multi-event test
TEST_MODES = {False: 0, True: 2, "none": 0, "single": 1, "all": 2}


@dataclass(frozen=True)
class EngineOutput:
    """Per-event arrays (events' own order) and merged test sums of :func:`estimate`.

    Attributes
    ----------
    status
        ``int8`` codes (:data:`STATUS_TEXT`).
    n_est, params, sigma
        Usable estimation days, ``(n, k + 1)`` parameters ``alpha, beta...``
        and the residual SD.
    ar, ar_se
        ``(n, n_span)`` abnormal returns and standard errors over the span.
    car, se, t, nd, pvalue_t, pt_gt, pt_lt
        ``(n, n_windows)`` per window; ``t ~ t(n_est - k - 1)``.
    sq, sq_gt, sq_lt
        ``(n, n_windows)`` SQ p-values (NaN without tests or too few sums).
    pos_share
        Share of positive estimation residuals (generalized sign test).
    sums
        Merged per-day and group sums of the multi-event tests.
    k
        Number of regressors.
    tails_deferred
        ``pt_gt``, ``pt_lt`` and ``pvalue_t`` are not written yet
        (``estimate(..., defer_t_tails=True)``; :func:`fill_t_tails`).
    """

    status: np.ndarray
    n_est: np.ndarray
    params: np.ndarray
    sigma: np.ndarray
    ar: np.ndarray
    ar_se: np.ndarray
    car: np.ndarray
    se: np.ndarray
    t: np.ndarray
    nd: np.ndarray
    pvalue_t: np.ndarray
    pt_gt: np.ndarray
    pt_lt: np.ndarray
    sq: np.ndarray
    sq_gt: np.ndarray
    sq_lt: np.ndarray
    pos_share: np.ndarray
    sums: dict[str, np.ndarray]
    k: int
    tails_deferred: bool = False


def _reorder(out: dict[str, np.ndarray], rows: np.ndarray, workers: int, keep: set[str],
             gathered: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """``{key: a[rows]}`` for every array of ``out`` (the same bits), on ``workers`` threads.

    8-byte arrays go through the kernel's prefetching row copy
    (:func:`kernel.gather_rows`), in chains of arrays of one shape: each
    array's old buffer, once copied, receives the next array of the chain,
    so only one new buffer per chain is allocated (first touches of fresh
    memory cost more than the copies). Old buffers of ``keep`` are not reused;
    ``gathered`` holds arrays already put in ``rows`` order (taken as they are).
    """
    n = rows.shape[0]
    if n == 0:
        return {key: a[rows] for key, a in out.items()}
    res: dict[str, np.ndarray] = dict(gathered or {})
    chains: dict[tuple, list[str]] = {}
    for key, a in out.items():
        if key in res:
            continue
        if a.dtype.itemsize == 8 and a.shape[0] == n:
            chains.setdefault(a.shape, []).append(key)
        else:
            res[key] = a[rows]
    nt = max(1, workers)
    tasks = [keys[i::nt] for keys in chains.values() for i in range(min(nt, len(keys)))]

    def run(keys: list[str]) -> list[tuple[str, np.ndarray]]:
        spare: np.ndarray | None = None
        done = []
        for key in keys:
            a = out[key]
            dst = np.empty(a.shape, np.uint64) if spare is None else spare.view(np.uint64)
            src = a.view(np.uint64).reshape(n, -1)
            kernel.gather_rows(src, src.reshape(-1), rows, dst.reshape(n, -1))
            done.append((key, dst.view(a.dtype)))
            spare = None if key in keep else a
        return done

    with ThreadPoolExecutor(nt) as pool:  # the kernel releases the GIL
        for done in pool.map(run, tasks):
            res.update(done)
    return {key: res[key] for key in out}


def _merge_sums(parts: Iterable[dict[str, Any]], n_sessions: int, l1: int,
                into: dict[str, np.ndarray]) -> None:
    """Add block sums in block order (the KP group sums at their day-0 rows).

    The full-size KP arrays ``(n_sessions, l1)`` are made here, each row
    written once where possible: a block's rows not yet reached are copied
    (``0.0 + x`` is ``x``: block sums start at ``+0.0`` and are never
    ``-0.0``), rows a previous block reached are added to, rows no block
    reaches are zeroed: fresh memory written once instead of zero-filled,
    then added to (100k events: 7-11 ms -> 5-6 ms, mostly first touches).
    """
    top = -1  # rows [0, top) of the KP arrays made in this call are written
    kp_keys = ("kp_z", "kp_c", "kp_n")
    for p in parts:
        for key in BLOCK_SUMS:
            if key in p:
                if key in into:
                    into[key] += p[key]
                else:
                    into[key] = p[key].copy()
        if "kp_z" in p:
            if "kp_z" not in into:
                for key, shape in (("kp_z", (n_sessions, l1)), ("kp_c", (n_sessions, l1)),
                                   ("kp_n", (n_sessions,))):
                    into[key] = np.empty(shape)
                top = 0
            g0, ng = p["g_first"], p["kp_n"].shape[0]
            hi = min(g0 + ng, n_sessions)
            if not hi > g0 >= 0:
                continue
            if top < 0:  # arrays from an earlier call: add
                for key in kp_keys:
                    into[key][g0:hi] += p[key][: hi - g0]
                continue
            mid = min(max(top, g0), hi)  # rows [g0, mid) reached before, [mid, hi) new
            for key in kp_keys:
                a, b = into[key], p[key]
                a[top:g0] = 0.0
                a[g0:mid] += b[: mid - g0]
                a[mid:hi] = b[mid - g0: hi - g0]
            top = max(top, hi)
    if top >= 0:
        for key in kp_keys:
            into[key][top:] = 0.0


def _day0_order(day0: np.ndarray) -> np.ndarray:
    """``numpy.argsort(day0, kind="stable")``, by radix sort when the days span < 65,536.

    Shifted to start at 0, the days fit 16 bits on any real panel (260 years of
    sessions), and numpy's stable sort of 16-bit keys is a radix sort, ten
    times faster than its merge sort of 64-bit ones. A monotone map of the
    keys leaves a stable order unchanged.
    """
    if day0.size and int(day0.max()) - int(day0.min()) < 65_536:
        return np.argsort((day0 - day0.min()).astype(np.uint16), kind="stable")
    return np.argsort(day0, kind="stable")


def estimate(
    values: np.ndarray,
    y_rows: np.ndarray,
    day0: np.ndarray,
    layout: Layout,
    *,
    x_rows: np.ndarray | None = None,
    rf_rows: np.ndarray | None = None,
    cover: np.ndarray | None = None,
    min_estimation_days: int = 120,
    tests: bool | str = True,
    block_size: int = 1024,
    mapper: Mapper | None = None,
    workers: int = 2,
    defer_t_tails: bool = False,
) -> EngineOutput:
    r"""Fit, abnormal returns, CARs, exact SEs, SQ and multi-event sums for every event.

    Parameters
    ----------
    values
        ``(n_series, n_sessions)`` float64 returns panel, series-major; NaN = missing.
    y_rows, day0
        ``(n,)`` panel row of each event's asset and column of its day 0.
    layout
        Estimation window and event windows (relative days).
    x_rows
        ``(n, k)`` panel rows of the regressors (None: constant mean, ``k = 0``).
    rf_rows
        ``(n,)`` row of the risk-free rate subtracted from the asset (-1 / None: none).
    cover
        Counts on the panel; estimation days with a positive count are dropped.
    min_estimation_days
        Fewer usable estimation days (or fewer than ``k + 2``): status 2.
    tests
        ``True`` / ``"all"``: SQ and every multi-event test's sums (GRANK's
        second pass included); ``"single"``: SQ only (the per-event tests);
        ``False`` / ``"none"``: neither.
    block_size
        Events per block.
    mapper
        Block runner (default: :func:`thread_mapper` with ``workers`` threads).
    workers
        Threads of the default mapper.
    defer_t_tails
        With every test on a shared-memory mapper, leave ``pt_gt``, ``pt_lt``
        and ``pvalue_t`` unwritten (the caller fills them with
        :func:`fill_t_tails`, e.g. on a core left idle later): they are then
        computed in the events' order and not reordered. Ignored otherwise
        (the arrays are always written on return when it is False).

    Returns
    -------
    EngineOutput
        See the module docstring and :mod:`eventstudy.batch.kernel` for the formulas.
    """
    values = np.ascontiguousarray(values, dtype=np.float64)
    n = int(y_rows.shape[0])
    y_rows = np.ascontiguousarray(y_rows, dtype=np.int64)
    day0 = np.ascontiguousarray(day0, dtype=np.int64)
    if x_rows is None:
        x_rows = np.zeros((n, 0), np.int64)
    else:
        x_rows = np.ascontiguousarray(x_rows, dtype=np.int64)
        # (n,) or (n, k); with no events the width comes from the array itself
        x_rows = x_rows.reshape(n, x_rows.shape[1] if x_rows.ndim == 2 else 1)
    rf_rows = (np.full(n, -1, np.int64) if rf_rows is None
               else np.ascontiguousarray(rf_rows, dtype=np.int64))
    if cover is not None and cover.dtype not in (np.uint8, np.int32):
        cover = np.ascontiguousarray(cover, dtype=np.int32)
    mapper = mapper or thread_mapper(workers)
    k = x_rows.shape[1]
    nw = len(layout.windows)
    mode = TEST_MODES[tests]
    # processing order: by day 0 when the Kolari-Pynnönen group sums are formed (a block's
    # groups then span few dates), else the events' own; results are computed in this
    # order in contiguous rows and put back in the events' order once at the end
    order = _day0_order(day0) if mode == 2 else None
    if order is not None:  # np.take: the rows of a[order], faster for 2-D arrays
        y_rows, x_rows, rf_rows, day0 = (np.take(a, order, axis=0)
                                         for a in (y_rows, x_rows, rf_rows, day0))
    step = max(1, int(block_size))
    spans = [(i, min(i + step, n)) for i in range(0, n, step)]

    def task(r0: int, r1: int, extra: dict | None = None) -> _Task:
        return _Task(y_rows[r0:r1], x_rows[r0:r1], rf_rows[r0:r1], day0[r0:r1], layout,
                     int(min_estimation_days), tests, extra or {})

    shared = bool(getattr(mapper, "shared_memory", False))
    defer = bool(defer_t_tails) and shared and order is not None
    if shared:  # threads: the kernel writes every event's row in place
        out = _outputs(n, k, layout, mode)
        parts = mapper(_fit_task, values, cover,
                       [task(r0, r1, {"out": out, "rows": (r0, r1), "defer_tails": defer})
                        for r0, r1 in spans])
    else:
        parts = mapper(_fit_task, values, cover, [task(r0, r1) for r0, r1 in spans])
        out = {key: np.concatenate([p[key] for p in parts]) for key in PER_EVENT
               if key in parts[0]}
    sums: dict[str, np.ndarray] = {}
    inv = None
    if order is not None:
        inv = np.empty(n, np.int64)
        inv[order] = np.arange(n)
    gathered: dict[str, np.ndarray] = {}
    # pass 1's block sums are merged on a second thread (an idle core between the passes)
    # while GRANK's inputs are formed; GRANK's pass 2 runs in the processing order, on the
    # pass-1 arrays as they are
    with ThreadPoolExecutor(1) as side:
        merged = side.submit(_merge_sums, parts, values.shape[1], layout.l1, sums)
        second = _grank_inputs(out, inv, nw) if mode == 2 else None
        merged.result()
    del parts
    if second is not None:
        g, scale, t_events = second
        if t_events is not None:
            gathered["t"] = t_events  # the reorder below takes it as it is
        proc = {key: out[key] for key in ("status", "params", "sigma")}
        if shared:
            g2 = [task(r0, r1, {**proc, "g": g, "rows": (r0, r1)}) for r0, r1 in spans]
        else:
            g2 = [task(r0, r1, {**{key: a[r0:r1] for key, a in proc.items()}, "g": g[r0:r1]})
                  for r0, r1 in spans]
        _merge_sums(mapper(_grank_task, values, cover, g2), values.shape[1], layout.l1, sums)
        sums["g_scale"] = scale
    for key, zero in (_window_sums(layout) if mode == 2 else {}).items():
        sums.setdefault(key, zero)  # no events, no block: zero sums (no test computable)
        sums[key] = sums[key][:nw] + sums[key][nw]  # the events counted in every window
    for key in ("rank_sum", "gb_sum") if mode == 2 else ():
        cnt_key = "rank_cnt" if key == "rank_sum" else "g_cnt"  # sum of K/(M+1) - 1/2
        sums[key] = sums[key] - 0.5 * sums[cnt_key]  # over the counted days
    tails = {key: out.pop(key) for key in ("pt_gt", "pt_lt", "pvalue_t")} if defer else {}
    if inv is not None:  # back to the events' own order: one gather per array
        out = _reorder(out, inv, workers, keep={"status", "params", "sigma"}, gathered=gathered)
    out.update(tails)  # deferred: unwritten, filled in the events' order by the caller
    res = _output(out, sums, n, nw, k)
    return replace(res, tails_deferred=True) if defer else res


def _grank_inputs(out: dict[str, np.ndarray], inv: np.ndarray | None,
                  nw: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None] | None:
    """GRANK's pass-2 inputs from the pass-1 arrays (processing order); None: no pass 2.

    Returns ``g``, the usable events' ``t / s(t)`` (NaN elsewhere) in the
    processing order, ``s(t)`` per window, the sample SD of the window's
    usable ``t`` taken in the events' own order (``inv``: processing row of
    each event; ``numpy.std`` sums in that order), and ``t`` in the events'
    order (None when ``inv`` is None: the orders are the same). Fewer than
    two events usable in every window: no pass 2.
    """
    car, se, t = out["car"], out["se"], out["t"]
    usable = (out["status"] == STATUS_OK)[:, None] & np.isfinite(car) & (se > 0)
    every = usable[:, 0].copy()  # usable in every window (column by column: fast)
    for i in range(1, nw):
        every &= usable[:, i]
    if np.count_nonzero(every) < 2:
        return None
    # np.take of rows: the same bits as t[inv], several times faster
    t_events, u_events = ((t, usable) if inv is None
                          else (np.take(t, inv, axis=0), np.take(usable, inv, axis=0)))
    scale = np.array([np.std(t_events[u_events[:, i], i], ddof=1) for i in range(nw)])
    with np.errstate(invalid="ignore", divide="ignore"):
        g = t / scale[None, :]
    np.copyto(g, np.nan, where=~usable)  # numpy.where(usable, t / scale, nan), in place
    return g, scale, None if inv is None else t_events


def _output(out: dict[str, np.ndarray], sums: dict[str, np.ndarray], n: int, nw: int,
            k: int) -> EngineOutput:
    """Wrap the per-event arrays ``out`` (events' order) and ``sums`` as one output."""
    if "sq" in out:  # the SQ p-values, from the kernel
        sq, sq_gt, sq_lt = out["sq"], out["sq_gt"], out["sq_lt"]
    else:
        sq, sq_gt, sq_lt = (np.full((n, nw), np.nan) for _ in range(3))
    return EngineOutput(
        status=out["status"], n_est=out["n_est"], params=out["params"], sigma=out["sigma"],
        ar=out["ar"], ar_se=out["ar_se"], car=out["car"], se=out["se"], t=out["t"],
        nd=out["nd"], pvalue_t=out["pvalue_t"], pt_gt=out["pt_gt"], pt_lt=out["pt_lt"], sq=sq,
        sq_gt=sq_gt, sq_lt=sq_lt, pos_share=out.get("pos_share", np.full(n, np.nan)),
        sums=sums, k=k,
    )


__all__ = ["EngineOutput", "Layout", "Mapper", "STATUS_TEXT", "coverage", "estimate",
           "fill_t_tails", "thread_mapper"]
