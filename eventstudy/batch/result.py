"""The frozen result of :func:`eventstudy.batch`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from eventstudy.stats.results import AnyTest


@dataclass(frozen=True)
class BatchResult:
    """Per-event estimates, CARs with exact standard errors, and aggregates.

    Attributes
    ----------
    model
        ``"market"``, ``"constant_mean"``, ``"ff3"``, ``"ff5"`` or ``"carhart"``.
    estimation
        Estimation window ``(T0, T1)`` relative to day 0.
    windows
        Event windows ``(a, b)``.
    events
        One row per event: ``id, ticker, date, day0, rolled, status,
        n_estimation, alpha, beta, sigma`` (factor models: ``beta`` is NaN and
        ``beta_<factor>`` columns hold the loadings).
    car, se, t, pvalue_t, sq_pvalue, n_days
        Arrays ``(n_events, n_windows)`` (NaN where not computable). ``t`` is
        Student t with ``n_estimation - k`` degrees of freedom (``k``
        parameters); ``sq_pvalue``
        the two-sided SQ p-value.
    ar, ar_se
        Abnormal returns and their standard errors ``(n_events, n_span)`` over
        the union span of the windows (relative days :attr:`span_days`).
    aar
        Average abnormal return per relative day of the span (usable events).
    caar
        Mean CAR per window (usable events).
    tests
        Window -> test name -> :class:`~eventstudy.stats.results.TestResult`
        or :class:`~eventstudy.stats.results.NotComputable`.
    extra
        One-sided p-values (``pvalue_t_greater`` ...), keyed by name.
    """

    model: str
    estimation: tuple[int, int]
    windows: tuple[tuple[int, int], ...]
    events: pd.DataFrame
    car: np.ndarray
    se: np.ndarray
    t: np.ndarray
    pvalue_t: np.ndarray
    sq_pvalue: np.ndarray
    n_days: np.ndarray
    ar: np.ndarray
    ar_se: np.ndarray
    span_days: np.ndarray
    aar: np.ndarray
    caar: np.ndarray
    tests: dict[tuple[int, int], dict[str, AnyTest]]
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_events(self) -> int:
        """Number of events (after duplicate removal), usable or not."""
        return int(self.car.shape[0])

    @property
    def n_usable(self) -> int:
        """Number of events with status ``ok``."""
        return int((self.events["status"] == "ok").sum())

    def to_frame(self) -> pd.DataFrame:
        """Tidy frame, one row per (event, window).

        Columns: ``id, ticker, date, day0, status, window, start, end, car,
        se, t, pvalue_t, sq_pvalue, n_days, n_estimation, alpha, beta, sigma``.
        """
        nw = len(self.windows)
        ev = self.events.loc[self.events.index.repeat(nw)].reset_index(drop=True)
        win = np.tile(np.arange(nw), self.n_events)
        frame = pd.DataFrame(
            {
                "id": ev["id"].to_numpy(),
                "ticker": ev["ticker"].to_numpy(),
                "date": ev["date"].to_numpy(),
                "day0": ev["day0"].to_numpy(),
                "status": ev["status"].to_numpy(),
                "window": [f"[{a},{b}]" for a, b in self.windows] * self.n_events,
                "start": np.array([a for a, _ in self.windows])[win],
                "end": np.array([b for _, b in self.windows])[win],
                "car": self.car.reshape(-1),
                "se": self.se.reshape(-1),
                "t": self.t.reshape(-1),
                "pvalue_t": self.pvalue_t.reshape(-1),
                "sq_pvalue": self.sq_pvalue.reshape(-1),
                "n_days": self.n_days.reshape(-1),
                "n_estimation": ev["n_estimation"].to_numpy(),
                "alpha": ev["alpha"].to_numpy(),
                "beta": ev["beta"].to_numpy(),
                "sigma": ev["sigma"].to_numpy(),
            }
        )
        return frame

    def aar_frame(self) -> pd.DataFrame:
        """AAR and its cumulative sum per relative day of the event span."""
        return pd.DataFrame(
            {"aar": self.aar, "caar": np.nancumsum(self.aar)},
            index=pd.Index(self.span_days, name="rel_day"),
        )

    def summary(self) -> pd.DataFrame:
        """Aggregate table: one row per (window, test) with CAAR, statistic, p-values."""
        rows = []
        for i, w in enumerate(self.windows):
            for name, test in self.tests[w].items():
                rows.append(
                    {
                        "window": f"[{w[0]},{w[1]}]",
                        "N": self.n_usable,
                        "CAAR": float(self.caar[i]),
                        "test": name,
                        "statistic": test.statistic,
                        "pvalue": test.pvalue_two_sided,
                        "pvalue_greater": test.pvalue_greater,
                        "pvalue_less": test.pvalue_less,
                        "distribution": test.distribution,
                        "note": test.note if test.computable else test.reason,
                    }
                )
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        head = (
            f"Batch event study: {self.n_events} events ({self.n_usable} usable), "
            f"model={self.model}, estimation={list(self.estimation)}\n"
        )
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            return head + self.summary().drop(columns=["note"]).to_string(index=False)
