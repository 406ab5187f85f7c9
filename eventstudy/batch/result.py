"""The frozen result of :func:`eventstudy.batch`, in the one result schema.

Column and test names are those of ``car.csv`` / ``StudyResult.cars``
(:data:`eventstudy.stats.results.CAR_SCHEMA`, :data:`~eventstudy.stats.results.TEST_COLUMNS`,
:data:`~eventstudy.stats.results.TEST_LABELS`; docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from eventstudy.models.summary import Summary
from eventstudy.stats.results import CAR_ONE_SIDED, TEST_COLUMNS, AnyTest, test_label

__all__ = ["BatchResult"]


@dataclass(frozen=True)
class BatchResult:
    """Per-event estimates, CARs with exact standard errors, and aggregates (frozen).

    The arrays are read-only and every frame method returns a new frame.

    Attributes
    ----------
    model
        ``"market"``, ``"constant_mean"``, ``"ff3"``, ``"ff5"`` or ``"carhart"``.
    estimation
        Estimation window ``(T0, T1)`` relative to day 0.
    windows
        Event windows ``(a, b)``.
    events
        One row per event: ``event_id, asset, event_date, day0, rolled,
        status, n_estimation, alpha, beta, sigma`` (factor models: ``beta``
        is NaN and ``beta_<factor>`` columns hold the loadings).
    car, car_se, t_stat, p_value, p_value_sq, n_days
        Arrays ``(n_events, n_windows)`` (NaN where not computable): the CAR,
        the square root of its exact variance, Student t with
        ``n_estimation - k`` degrees of freedom (``k`` parameters), its
        two-sided p-value, the two-sided SQ p-value and the window days used.
    ar, ar_se
        Abnormal returns and their standard errors ``(n_events, n_span)`` over
        the union span of the windows (relative days :attr:`span_days`).
    aar
        Average abnormal return per relative day of the span (usable events).
    caar
        Mean CAR per window (usable events).
    tests
        Window -> machine test name (``"patell"``, ``"bmp"``, ...; see
        :data:`eventstudy.stats.results.TEST_LABELS`) ->
        :class:`~eventstudy.stats.results.TestResult` or
        :class:`~eventstudy.stats.results.NotComputable`.
    extra
        One-sided p-values ``p_value_greater``, ``p_value_less`` and (with
        tests) ``p_value_sq_greater``, ``p_value_sq_less``, same shape as ``car``.
    """

    model: str
    estimation: tuple[int, int]
    windows: tuple[tuple[int, int], ...]
    events: pd.DataFrame
    car: np.ndarray
    car_se: np.ndarray
    t_stat: np.ndarray
    p_value: np.ndarray
    p_value_sq: np.ndarray
    n_days: np.ndarray
    ar: np.ndarray
    ar_se: np.ndarray
    span_days: np.ndarray
    aar: np.ndarray
    caar: np.ndarray
    tests: dict[tuple[int, int], dict[str, AnyTest]]
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        arrays = [self.car, self.car_se, self.t_stat, self.p_value, self.p_value_sq,
                  self.n_days, self.ar, self.ar_se, self.span_days, self.aar, self.caar,
                  *self.extra.values()]
        for a in arrays:
            if isinstance(a, np.ndarray):
                a.flags.writeable = False

    @property
    def n_events(self) -> int:
        """Number of events (after duplicate removal), usable or not."""
        return int(self.car.shape[0])

    @property
    def n_usable(self) -> int:
        """Number of events with status ``ok``."""
        return int((self.events["status"] == "ok").sum())

    def _n_params(self) -> int:
        """Parameters ``k`` of the normal-return model (the t test has ``L1 - k`` dof)."""
        if self.model == "constant_mean":
            return 1
        factors = [c for c in self.events.columns if c.startswith("beta_")]
        return 1 + (len(factors) if factors else 1)

    def to_frame(self, what: Literal["cars", "abnormal", "tests"] = "cars") -> pd.DataFrame:
        """Tidy frame (a new frame each call) in the schema of ``car.csv``.

        Parameters
        ----------
        what
            ``"cars"``: one row per (event, window) with the
            :data:`~eventstudy.stats.results.CAR_SCHEMA` names it has
            (``event_id, asset, day0, rel_start, rel_end, car, car_se, t_stat,
            p_value, p_value_sq, n_days, dof, n_estimation, model, alpha, beta,
            sigma, status``), then ``p_value_greater, p_value_less,
            p_value_sq_greater, p_value_sq_less`` (those computed),
            ``event_date``, ``rolled`` and factor loadings ``beta_<factor>``;
            ``"abnormal"``: one row per (event, relative day of the span):
            ``event_id, asset, day0, rel_day, abnormal_return, ar_se``;
            ``"tests"``: one row per (window, multi-event test):
            :data:`~eventstudy.stats.results.TEST_COLUMNS`, then ``caar``.
        """
        if what == "cars":
            return self._cars_frame()
        if what == "abnormal":
            return self._abnormal_frame()
        if what == "tests":
            return self._tests_frame()
        raise ValueError(f"what must be 'cars', 'abnormal' or 'tests', got {what!r}")

    def _cars_frame(self) -> pd.DataFrame:
        nw = len(self.windows)
        ev = self.events.loc[self.events.index.repeat(nw)].reset_index(drop=True)
        win = np.tile(np.arange(nw), self.n_events)
        ok = (ev["status"] == "ok").to_numpy()
        n_est = ev["n_estimation"].to_numpy()
        dof = pd.array(np.where(ok, n_est - self._n_params(), 0), dtype="Int64")
        dof[~ok] = pd.NA
        cols: dict[str, object] = {
            "event_id": ev["event_id"].to_numpy(),
            "asset": ev["asset"].to_numpy(),
            "day0": ev["day0"].to_numpy(),
            "rel_start": np.array([a for a, _ in self.windows])[win],
            "rel_end": np.array([b for _, b in self.windows])[win],
            "car": self.car.reshape(-1),
            "car_se": self.car_se.reshape(-1),
            "t_stat": self.t_stat.reshape(-1),
            "p_value": self.p_value.reshape(-1),
            "p_value_sq": self.p_value_sq.reshape(-1),
            "n_days": self.n_days.reshape(-1),
            "dof": dof,
            "n_estimation": n_est,
            "model": self.model,
            "alpha": ev["alpha"].to_numpy(),
            "beta": ev["beta"].to_numpy(),
            "sigma": ev["sigma"].to_numpy(),
            "status": ev["status"].to_numpy(),
        }
        for name in CAR_ONE_SIDED:
            if name in self.extra:
                cols[name] = self.extra[name].reshape(-1)
        cols["event_date"] = ev["event_date"].to_numpy()
        cols["rolled"] = ev["rolled"].to_numpy()
        for c in ev.columns:
            if c.startswith("beta_"):
                cols[c] = ev[c].to_numpy()
        return pd.DataFrame(cols)

    def _abnormal_frame(self) -> pd.DataFrame:
        ns = len(self.span_days)
        rep = self.events.index.repeat(ns)
        return pd.DataFrame({
            "event_id": self.events["event_id"].to_numpy()[rep],
            "asset": self.events["asset"].to_numpy()[rep],
            "day0": self.events["day0"].to_numpy()[rep],
            "rel_day": np.tile(self.span_days, self.n_events),
            "abnormal_return": self.ar.reshape(-1),
            "ar_se": self.ar_se.reshape(-1),
        })

    def _tests_frame(self) -> pd.DataFrame:
        rows = []
        for i, w in enumerate(self.windows):
            for test in self.tests[w].values():
                rows.append({**test.to_row(f"[{w[0]},{w[1]}]"), "caar": float(self.caar[i])})
        return pd.DataFrame(rows, columns=[*TEST_COLUMNS, "caar"])

    def aar_frame(self) -> pd.DataFrame:
        """AAR and its cumulative sum per relative day of the event span."""
        return pd.DataFrame(
            {"aar": self.aar, "caar": np.nancumsum(self.aar)},
            index=pd.Index(self.span_days, name="rel_day"),
        )

    def summary(self) -> Summary:
        """CAAR per window and the multi-event tests (``str()`` is the text).

        Returns
        -------
        Summary
            Title with the counts and model; tables "CAAR" (per window) and
            "tests" (per window and test, display labels); ``as_text()``,
            ``as_html()``.
        """
        caar = pd.DataFrame(
            {"n_usable": self.n_usable, "caar": self.caar},
            index=pd.Index([f"[{a},{b}]" for a, b in self.windows], name="window"),
        )
        tables: list[tuple[str, pd.DataFrame]] = [("CAAR", caar)]
        tests = self._tests_frame()
        if len(tests):
            shown = tests.drop(columns=["note", "caar"]).assign(test=tests["test"].map(test_label))
            tables.append(("tests", shown.set_index(["window", "test"])))
        title = (f"Batch event study: {self.n_events} events ({self.n_usable} usable), "
                 f"model={self.model}, estimation={list(self.estimation)}")
        return Summary(title, tuple(tables),
                       ("Frames: .to_frame('cars'|'abnormal'|'tests'), .aar_frame().",))

    def __str__(self) -> str:
        return str(self.summary())

    def __repr__(self) -> str:
        wins = ", ".join(f"[{a},{b}]" for a, b in self.windows)
        return (f"<BatchResult: {self.n_events} events ({self.n_usable} usable), {self.model}, "
                f"windows {wins}; .to_frame('cars'|'abnormal'|'tests'), .summary()>")
