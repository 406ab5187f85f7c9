r"""The study path on the batch engine: every (event, target) pair of a model in one call.

:func:`estimate_jobs` takes the (event, asset or portfolio) pairs of a run
and hands those of the models the kernel fits (:data:`ENGINE_MODELS`: market,
constant mean, Fama-French / Carhart on excess returns) to
:func:`eventstudy.batch.engine.estimate`, one call per (model, calendar)
group (the layout's windows are every window its pairs ask for; each pair
reads its own): the panel rows are each target's returns on its own
calendar's sessions and its regressors joined exactly as for
:func:`eventstudy.stats.abnormal.estimate_event` (benchmark trade-to-trade,
factors by date, the risk-free rate as its own row). Each pair's clean
estimation window -- the plan's exclusions: other events' windows and the
context events -- is the engine's ``cover``: one cover row per target when
every pair's exclusions are the union of them all restricted to its
estimation window (the usual case), else a copy of the target's row with
the pair's own exclusions.

From the engine's arrays the rest is vectorised per group: residuals on the
estimation window (SQ, :func:`eventstudy.stats.single.sq_pvalues`, the SQ
test's own function), :math:`R^2` and parameter standard errors, the
abnormal returns on every session (volatility ratios,
:func:`eventstudy.stats.regime.volatility_ratios`). Each pair becomes an
:class:`~eventstudy.stats.abnormal.EventEstimate` whose heavier pieces
(the fitted statsmodels-compatible model, residual and abnormal-return
series, the abnormal-return frame) are built only when read
(:class:`EngineParts`).

A pair the engine does not take -- another model, a window overlapping the
estimation window (``estimate_event`` warns about it), day 0 off the
series, too few estimation days, constant returns -- comes back as ``None``
and the caller runs :func:`~eventstudy.stats.abnormal.estimate_event`,
which computes or refuses it with its own message: there is one
implementation of each piece of arithmetic, the kernel's for the many and
``estimate_event`` for the rest. ``tests/test_engine_parity.py`` and the
bundled study's outputs (unchanged to 1e-12) guard the equivalence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from eventstudy._typing import Window
from eventstudy.models.base import FittedModel
from eventstudy.models.factors import FACTOR_MODELS
from eventstudy.models.registry import get_model
from eventstudy.models.specs import ModelSpec
from eventstudy.stats.abnormal import CarResult, EventEstimate
from eventstudy.stats.regime import volatility_ratios
from eventstudy.stats.results import NotComputable, TestResult
from eventstudy.stats.single import sq_pvalues, sq_result, t_result

#: normal-return models the engine fits (the kernel's k-regressor OLS, risk-free row)
ENGINE_MODELS = frozenset({"market", "constant_mean", *FACTOR_MODELS})


@dataclass(frozen=True, eq=False)
class Job:
    """One (event, target) pair to estimate, as :func:`estimate_event` would take it.

    Attributes
    ----------
    event_id, target
        Labels (``target`` is a ticker or a portfolio key).
    calendar
        The calendar whose sessions index ``returns``.
    model
        Model kind (:data:`ENGINE_MODELS` are computed by the engine).
    returns, benchmark
        The target's returns and the benchmark joined onto them (or None).
    day0
        Day 0 (a session of ``returns``).
    windows
        Event windows, already extended for date ranges.
    exclude
        Estimation dates dropped (the plan's exclusions).
    factors
        Factor frame of a Fama-French / Carhart model (else None).
    """

    event_id: str
    target: str
    calendar: str
    model: str
    returns: pd.Series
    benchmark: pd.Series | None
    day0: pd.Timestamp
    windows: tuple[Window, ...]
    exclude: pd.DatetimeIndex
    factors: pd.DataFrame | None = None


def session_days(dates: Any) -> np.ndarray:
    """Dates as ``datetime64[D]`` (the date of each stamp, whatever the unit)."""
    if isinstance(dates, pd.DatetimeIndex) and dates.tz is None:
        return dates.values.astype("datetime64[D]")
    return np.asarray(pd.DatetimeIndex(dates).values, dtype="datetime64[D]")


def spec_for(job: Job) -> ModelSpec:
    """Return the model spec ``estimate_event`` uses for ``job`` (closed-form core path)."""
    if job.model in FACTOR_MODELS:
        return FACTOR_MODELS[job.model](factors=job.factors)
    return get_model(job.model, method="core")


def engine_estimate(*args: Any, **kwargs: Any) -> Any:
    """:func:`eventstudy.batch.engine.estimate` (imported on first use: numba loads then)."""
    from eventstudy.batch.engine import estimate

    return estimate(*args, **kwargs)


class _Group:
    """Arrays of one engine call and everything derived from them (shared by its pairs)."""

    def __init__(self, jobs: list[Job], estimation: Window, min_days: int) -> None:
        self.jobs = jobs
        self.index = pd.DatetimeIndex(jobs[0].returns.index)
        self.estimation = estimation
        # every window any pair asks for; each pair reads its own (self.col)
        self.windows: tuple[Window, ...] = tuple(sorted({w for jb in jobs for w in jb.windows}))
        self.col = {w: c for c, w in enumerate(self.windows)}
        self.model = jobs[0].model
        spec = spec_for(jobs[0])
        self.columns: tuple[str, ...] = tuple(spec.columns)
        t0, t1 = estimation
        index, n_t = self.index, len(self.index)
        rows: list[np.ndarray] = []
        row_of: dict[Any, int] = {}

        def row(key: Any, make: Any) -> int:
            if key not in row_of:
                row_of[key] = len(rows)
                rows.append(np.asarray(make(), dtype=np.float64))
            return row_of[key]

        n = len(jobs)
        k = len(self.columns) if self.model != "market" else 1
        x_rows = np.zeros((n, k), np.int64)
        rf_rows = np.full(n, -1, np.int64)
        if self.model in FACTOR_MODELS:
            frame = spec.regressors(None, index)
            assert frame is not None  # factor models always have regressors
            for j, c in enumerate(self.columns):
                x_rows[:, j] = row(("factor", c), lambda c=c: frame[c].to_numpy())
            rf_rows[:] = row(("factor", "RF"), lambda: frame["RF"].to_numpy())
        self.bench_rows = np.full(n, -1, np.int64)
        for i, jb in enumerate(jobs):
            if jb.benchmark is not None:
                b = jb.benchmark
                self.bench_rows[i] = row(("bench", id(b)),
                                         lambda b=b: pd.Series(b, dtype="float64")
                                         .reindex(index).to_numpy())
        if self.model == "market":
            x_rows[:, 0] = self.bench_rows
        # day 0's column; a day 0 off the series lands far outside (status "outside data")
        p0 = index.get_indexer(pd.DatetimeIndex([jb.day0 for jb in jobs]))
        p0 = np.where(p0 >= 0, p0, -(10 ** 9)).astype(np.int64)
        self.day0 = p0
        # y rows: one per target, or a copy when a pair's exclusions differ (see module doc)
        stamps = session_days(index)
        excl = []
        for jb in jobs:  # positions of the excluded dates that are sessions of the series
            d = session_days(jb.exclude)
            pos = np.searchsorted(stamps, d)
            hit = pos < n_t
            hit[hit] &= stamps[pos[hit]] == d[hit]
            excl.append(np.unique(pos[hit]))
        union: dict[int, np.ndarray] = {}
        for jb, e in zip(jobs, excl, strict=True):
            u = union.setdefault(id(jb.returns), np.zeros(n_t, bool))
            u[e] = True
        y_rows = np.empty(n, np.int64)
        covers: dict[int, np.ndarray] = {}
        for i, (jb, e) in enumerate(zip(jobs, excl, strict=True)):
            lo, hi = max(p0[i] + t0, 0), min(max(p0[i] + t1 + 1, 0), n_t)
            own = np.zeros(n_t, bool)
            own[e] = True
            u = union[id(jb.returns)]
            if np.array_equal(u[lo:hi], own[lo:hi]):
                r = row(("y", id(jb.returns)), lambda jb=jb: jb.returns.to_numpy())
                covers[r] = u
            else:
                r = row(("y", i), lambda jb=jb: jb.returns.to_numpy())
                covers[r] = own
            y_rows[i] = r
        self.values = np.vstack(rows)
        cover = np.zeros(self.values.shape, np.uint8)
        for r, mask in covers.items():
            cover[r] = mask
        self.y_rows, self.x_rows, self.rf_rows, self.cover = y_rows, x_rows, rf_rows, cover
        self.k = k
        from eventstudy.batch.engine import Layout

        self.out = engine_estimate(
            self.values, y_rows, self.day0, Layout(estimation, self.windows),
            x_rows=x_rows if self.model != "constant_mean" else None,
            rf_rows=rf_rows, cover=cover, min_estimation_days=min_days, tests="none",
            workers=1)
        self._derive()

    # ------------------------------------------------------------------ derived arrays
    def _at(self, pos: np.ndarray, rows: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
        r"""Return ``(y, y - rf, fitted, [x_r])`` of each pair (or ``rows``) at ``pos``.

        ``pos`` is ``(n, m)`` panel columns (valid); the fitted part is
        :math:`\hat\alpha + \hat\beta'x` in the kernel's operation order
        (``residual()``), so ``y - rf - fitted`` are its abnormal returns bit
        for bit. Only the columns asked for are read: no ``(pairs, sessions)``
        matrix is formed.
        """
        ix = np.arange(len(self.jobs)) if rows is None else rows
        v, params = self.values, self.out.params[ix]
        y = v[self.y_rows[ix][:, None], pos]
        rf_rows = self.rf_rows[ix]
        yex = y - v[rf_rows[:, None], pos] if (rf_rows >= 0).any() else y
        alpha = params[:, 0][:, None]
        xs = [v[self.x_rows[ix, r][:, None], pos] for r in range(self.k)]
        if self.k == 0:
            fit = np.broadcast_to(alpha, y.shape)
        elif self.k == 1:
            fit = alpha + params[:, 1][:, None] * xs[0]
        else:
            fit = alpha
            for r in range(self.k):
                fit = fit + params[:, 1 + r][:, None] * xs[r]
        return y, yex, fit, xs

    def _pre_ratios(self, start: np.ndarray) -> np.ndarray:
        """Volatility ratios of the 20 sessions before ``start`` (per pair; see single)."""
        from eventstudy.stats.defaults import PRE_EVENT_SESSIONS

        pos = start[:, None] + np.arange(-PRE_EVENT_SESSIONS, 0)[None, :]
        inside = (pos >= 0) & (pos < len(self.index))
        _, yex, fit, _ = self._at(np.clip(pos, 0, len(self.index) - 1))
        ar = np.where(inside, yex - fit, np.nan)
        return volatility_ratios(ar, np.full(len(start), PRE_EVENT_SESSIONS), self.out.sigma)

    def _derive(self) -> None:
        out, t0, t1 = self.out, *self.estimation
        p0 = self.day0
        from eventstudy.batch.kernel import STATUS_OK

        self.ok = (out.status == STATUS_OK) & np.isfinite(out.sigma) & (out.sigma > 0)
        n, n_t = len(self.jobs), len(self.index)
        grid = np.clip(p0[:, None] + np.arange(t0, t1 + 1)[None, :], 0, n_t - 1)
        _, ye, fit, xs = self._at(grid)
        ok = np.isfinite(ye)
        for xr in xs:
            ok &= np.isfinite(xr)
        is_excl = self.cover[self.y_rows[:, None], grid] > 0
        ok &= ~is_excl
        self.est_ok = ok
        self.est_grid = grid
        self.n_excluded = is_excl.sum(axis=1)
        self.resid = np.where(ok, ye - fit, np.nan)
        nobs = ok.sum(axis=1).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            ybar = np.where(ok, ye, 0.0).sum(axis=1) / nobs
            yc = np.where(ok, ye - ybar[:, None], 0.0)
            tss = np.einsum("ij,ij->i", yc, yc)
            ssr = np.einsum("ij,ij->i", np.nan_to_num(self.resid), np.nan_to_num(self.resid))
            self.r2 = (np.where(tss > 0, 1.0 - ssr / tss, np.nan) if xs
                       else np.full(n, np.nan))
            # (X'X)^-1 of the design [1, x] on the usable days
            design = np.stack([np.ones_like(ye), *xs], axis=2)
            design = np.where(ok[:, :, None], design, 0.0)
            xtx = np.einsum("nlk,nlj->nkj", design, design)
            inv = np.full_like(xtx, np.nan)
            good = np.flatnonzero(self.ok & np.isfinite(xtx).all(axis=(1, 2)))
            try:
                inv[good] = np.linalg.inv(xtx[good])
            except np.linalg.LinAlgError:  # a singular design: NaN standard errors there
                for j in good:
                    try:
                        inv[j] = np.linalg.inv(xtx[j])
                    except np.linalg.LinAlgError:
                        pass
            self.std_err = np.sqrt(out.sigma[:, None] ** 2
                                   * np.diagonal(inv, axis1=1, axis2=2))
        # window dates, boxed as Timestamps in one pass
        ends = np.array([[a, b] for a, b in self.windows]).ravel()
        pos = np.clip(p0[:, None] + ends[None, :], 0, n_t - 1)
        self.window_dates = np.array(list(self.index[pos.ravel()]),
                                     dtype=object).reshape(n, len(self.windows), 2)
        self.day0_dates = list(self.index[np.clip(p0, 0, n_t - 1)])
        # volatility ratios: the 20 sessions before day 0 and before each window's start
        self.vr0 = self._pre_ratios(p0)
        self.vr_w = np.column_stack([self._pre_ratios(p0 + a) for a, _ in self.windows])
        # SQ p-values: sums of as many residuals as the window has abnormal returns
        nw = len(self.windows)
        shape = (n, nw)
        self.sq = {key: np.full(shape, np.nan) for key in ("gt", "lt", "two")}
        self.sq_m = np.zeros(shape, np.int64)
        for w in range(nw):
            nd = out.nd[:, w]
            for length in np.unique(nd[self.ok & (nd > 0)]):
                sel = np.flatnonzero(self.ok & (nd == length))
                p_g, p_l, p_two, m = sq_pvalues(out.car[sel, w], self.resid[sel], int(length))
                self.sq["gt"][sel, w], self.sq["lt"][sel, w] = p_g, p_l
                self.sq["two"][sel, w], self.sq_m[sel, w] = p_two, m

    # ------------------------------------------------------------------ per pair
    def estimate(self, i: int) -> EventEstimate:
        """Build the :class:`EventEstimate` of pair ``i`` (requires ``self.ok[i]``)."""
        jb, out = self.jobs[i], self.out
        dof = int(out.n_est[i]) - self.k - 1
        cars: dict[Window, CarResult] = {}
        for a, b in jb.windows:
            w = self.col[(a, b)]
            nd = int(out.nd[i, w])
            car, se = float(out.car[i, w]), float(out.se[i, w])
            if nd == 0:
                reason = f"no abnormal return in window [{a:+d},{b:+d}] (all returns missing)"
                t_res: TestResult | NotComputable = NotComputable("t", reason, n=0)
                sq_res: TestResult | NotComputable = NotComputable("sq", reason, n=0)
                car, se = float("nan"), float("nan")
            else:
                t_res = t_result(car, se, dof, out.t[i, w], out.pt_lt[i, w], out.pt_gt[i, w])
                sq_res = sq_result(car, nd, self.sq["gt"][i, w], self.sq["lt"][i, w],
                                   self.sq["two"][i, w], int(self.sq_m[i, w]))
            cars[(a, b)] = CarResult(
                window=(a, b), start_date=self.window_dates[i, w, 0],
                end_date=self.window_dates[i, w, 1], car=car,
                se=se, n_days=nd, t=t_res, sq=sq_res, dof=dof, n_missing=(b - a + 1) - nd,
                vol_ratio=float(self.vr_w[i, w]))
        l1 = self.estimation[1] - self.estimation[0] + 1
        n_est = int(out.n_est[i])
        return EventEstimate(
            event_id=jb.event_id, asset=jb.target, model=self.model,
            day0=self.day0_dates[i], sigma=float(out.sigma[i]), n_estimation=n_est,
            n_excluded=int(self.n_excluded[i]), vol_ratio=float(self.vr0[i]), cars=cars,
            method="engine", dof=dof, parts=EngineParts(self, i),
            n_missing_estimation=l1 - int(self.n_excluded[i]) - n_est,
            estimation_window=self.estimation, extra={})


class EngineParts:
    """:class:`~eventstudy.stats.abnormal.EstimateParts` read from a group's arrays on demand."""

    def __init__(self, group: _Group, i: int) -> None:
        self._g, self._i = group, i

    @property
    def _names(self) -> list[str]:
        return ["const", *self._g.columns]

    @cached_property
    def params(self) -> pd.Series:  # noqa: D102
        g = self._g
        return pd.Series(g.out.params[self._i, : g.k + 1], index=self._names, name="params")

    @cached_property
    def std_errors(self) -> pd.Series:  # noqa: D102
        g = self._g
        return pd.Series(g.std_err[self._i, : g.k + 1], index=self._names, name="std_errors")

    @cached_property
    def r2(self) -> float:  # noqa: D102
        return float(self._g.r2[self._i])

    def param_table(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Parameter names, values and standard errors as arrays (no series built)."""
        g, i = self._g, self._i
        return self._names, g.out.params[i, : g.k + 1], g.std_err[i, : g.k + 1]

    def fit_fields(self) -> tuple[float, float | None, Any, Any]:
        """``alpha``, the market beta (None for other models), first and last fit dates."""
        g, i = self._g, self._i
        beta = float(g.out.params[i, 1]) if g.model == "market" else None
        use = self._use
        if not len(use):
            return float(g.out.params[i, 0]), beta, pd.NaT, pd.NaT
        return float(g.out.params[i, 0]), beta, g.index[use[0]], g.index[use[-1]]

    @cached_property
    def _use(self) -> np.ndarray:
        g, i = self._g, self._i
        return g.est_grid[i][g.est_ok[i]]

    @cached_property
    def estimation_dates(self) -> pd.DatetimeIndex:  # noqa: D102
        return pd.DatetimeIndex(self._g.index[self._use], name="date")

    @cached_property
    def residuals(self) -> pd.Series:  # noqa: D102
        g, i = self._g, self._i
        return pd.Series(g.resid[i][g.est_ok[i]], index=self.estimation_dates, name="resid")

    @cached_property
    def abnormal_all(self) -> pd.Series | None:  # noqa: D102
        g = self._g
        _, yex, fit, _ = g._at(np.arange(len(g.index))[None, :], np.array([self._i]))
        return pd.Series((yex - fit)[0], index=g.index, name="abnormal_return")

    @cached_property
    def fitted(self) -> FittedModel:
        """The model fitted by :class:`ModelSpec.fit` on the same days (for its summary)."""
        jb = self._g.jobs[self._i]
        spec = spec_for(jb)
        dates = self.estimation_dates
        X = spec.regressors(jb.benchmark, self._g.index)
        return spec.fit(jb.returns.loc[dates], None if X is None else X.loc[dates])

    def abnormal_columns(self) -> dict[str, np.ndarray]:
        """Return the ``abnormal`` frame's columns as arrays (one row per window-union day)."""
        g, i = self._g, self._i
        amin = min(a for a, _ in g.windows)  # the engine's span starts there
        rel = np.unique(np.concatenate([np.arange(a, b + 1) for a, b in g.jobs[i].windows]))
        pos = int(g.day0[i]) + rel
        bench = g.bench_rows[i]
        _, _, fit, _ = g._at(pos[None, :], np.array([i]))
        rf = g.values[g.rf_rows[i], pos] if g.rf_rows[i] >= 0 else 0.0
        expected = fit[0] + rf  # the normal total return (RF added back)
        return {
            "date": g.index.to_numpy()[pos],
            "rel_day": rel,
            "return": g.values[g.y_rows[i], pos],
            "benchmark_return": (g.values[bench, pos] if bench >= 0
                                 else np.full(len(pos), np.nan)),
            "expected_return": expected,
            "abnormal_return": g.out.ar[i, rel - amin],
            "ar_se": g.out.ar_se[i, rel - amin],
        }

    @cached_property
    def abnormal(self) -> pd.DataFrame:  # noqa: D102
        return pd.DataFrame(self.abnormal_columns())


def estimate_jobs(jobs: Sequence[Job], *, estimation_window: Window,
                  min_estimation_days: int) -> list[EventEstimate | None]:
    """Estimate every job the engine can take; None for the others (see the module doc).

    Parameters
    ----------
    jobs
        The pairs, in any order.
    estimation_window
        ``(T0, T1)``.
    min_estimation_days
        The study's minimum usable estimation days.

    Returns
    -------
    list
        One :class:`EventEstimate` or None per job, in the jobs' order.
    """
    t0, t1 = estimation_window
    result: list[EventEstimate | None] = [None] * len(jobs)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for n, jb in enumerate(jobs):
        if jb.model not in ENGINE_MODELS or t1 >= min(a for a, _ in jb.windows):
            continue  # estimate_event: another model, or its overlap warning
        if jb.model == "market" and jb.benchmark is None:
            continue
        idx = jb.returns.index
        key = (jb.model, jb.calendar, id(jb.factors), len(idx),
               idx[0] if len(idx) else None, idx[-1] if len(idx) else None)
        groups.setdefault(key, []).append(n)
    for members in groups.values():
        group = _Group([jobs[n] for n in members], (t0, t1), min_estimation_days)
        for i, n in enumerate(members):
            if group.ok[i]:
                result[n] = group.estimate(i)
    return result


def abnormal_near(res: EventEstimate, half: int
                  ) -> tuple[pd.Series, pd.DatetimeIndex, int] | None:
    """``res.abnormal_all`` on the sessions within ``half`` of day 0, without the rest.

    Returns the slice, the full session index it is cut from and the slice's
    first position in it (None without abnormal returns or when day 0 is not
    a session). The local test reads only this neighbourhood; an engine
    estimate computes just these values.
    """
    parts = res.parts
    if isinstance(parts, EngineParts):
        g, i = parts._g, parts._i
        index = g.index
        p0 = int(g.day0[i])
        lo, hi = max(p0 - half, 0), min(p0 + half + 1, len(index))
        _, yex, fit, _ = g._at(np.arange(lo, hi)[None, :], np.array([i]))
        return pd.Series((yex - fit)[0], index=index[lo:hi], name="abnormal_return"), index, lo
    ab = res.abnormal_all
    if ab is None:
        return None
    try:
        loc = ab.index.get_loc(res.day0)
    except KeyError:
        return None
    if not isinstance(loc, int | np.integer):
        return None
    lo = max(int(loc) - half, 0)
    return ab.iloc[lo:int(loc) + half + 1], pd.DatetimeIndex(ab.index), lo


def abnormal_columns(res: EventEstimate) -> Mapping[str, np.ndarray]:
    """Columns of ``res.abnormal`` as arrays, without building the frame when avoidable."""
    cols = getattr(res.parts, "abnormal_columns", None)
    if cols is not None:
        return cols()
    return {c: res.abnormal[c].to_numpy() for c in res.abnormal.columns}
