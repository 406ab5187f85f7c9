r"""Long-run studies of many events: the batch front door to :mod:`eventstudy.stats.longrun`.

``long_run(returns, events, benchmark=...)`` aligns the events exactly as
:func:`eventstudy.batch.batch` does (dates on the panel's sessions,
timestamps on the exchange calendar's real closes), computes every event's
buy-and-hold abnormal return over each window with
:func:`eventstudy.stats.longrun.bhar_frame`, and tests the mean BHAR per
window with the Lyon, Barber & Tsai (1999) skewness-adjusted t and its
bootstrap; with ``factors`` it also runs the calendar-time portfolio
regression (:func:`eventstudy.stats.longrun.calendar_time_portfolio`,
Newey–West errors).

.. math::

    BHAR_i(\tau_1, \tau_2) = \prod_{t=\tau_1}^{\tau_2} (1 + R_{it})
                           - \prod_{t=\tau_1}^{\tau_2} (1 + R_{mt})

Caveats (also in the report's long-run section): BHARs of events that
overlap in calendar time are cross-correlated, which the skewness-adjusted t
ignores (Mitchell & Stafford 2000); the calendar-time portfolio is
rebalanced daily and equally weighted.

References
----------
Lyon, J. D., Barber, B. M. & Tsai, C.-L. (1999). Improved methods for tests
of long-run abnormal stock returns. *Journal of Finance* 54, 165-201.
Mitchell, M. L. & Stafford, E. (2000). Managerial decisions and long-term
stock price performance. *Journal of Business* 73, 287-329.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.batch.api import _prepare
from eventstudy.batch.panel import Panel
from eventstudy.exceptions import BatchInputError
from eventstudy.models.summary import Summary
from eventstudy.stats.longrun import (
    CalendarTimeResult,
    bhar_frame,
    bootstrap_skewness_adjusted_t,
    calendar_time_portfolio,
    skewness_adjusted_t,
)
from eventstudy.stats.results import AnyTest, NotComputable

__all__ = ["LongRunResult", "long_run"]


@dataclass(frozen=True)
class LongRunResult:
    """BHARs of many events and their tests (frozen).

    Attributes
    ----------
    bhars
        One row per kept event: ``event_id, asset, day0`` and
        ``bhar[tau1,tau2]`` per window (NaN past the data or over a missing
        return).
    tests
        One row per window: ``window, n, mean_bhar, median_bhar, statistic,
        p_value`` (skewness-adjusted t against N(0,1)) and ``p_value_boot``
        (its bootstrap).
    calendar_time
        The calendar-time portfolio regression, or None without ``factors``.
    """

    bhars: pd.DataFrame
    tests: pd.DataFrame
    calendar_time: CalendarTimeResult | NotComputable | None

    def to_frame(self) -> pd.DataFrame:
        """Return the per-event BHARs (a copy)."""
        return self.bhars.copy()

    def summary(self) -> Summary:
        """Per-window mean BHAR and its tests (``str()`` is the text).

        Returns
        -------
        Summary
            Table "tests" (:attr:`tests` by window) and, with factors, a note
            with the calendar-time alpha.
        """
        notes: tuple[str, ...] = ()
        if isinstance(self.calendar_time, CalendarTimeResult):
            c = self.calendar_time
            notes = (f"calendar-time alpha ({c.model}): {c.alpha:+.4%} per day, "
                     f"t={c.t:+.2f}, p={c.pvalue:.3g}",)
        return Summary("long-run BHARs (Lyon-Barber-Tsai skewness-adjusted t, bootstrap)",
                       (("tests", self.tests.set_index("window")),), notes)

    def __repr__(self) -> str:
        return (f"<LongRunResult: {len(self.bhars)} events, {len(self.tests)} windows; "
                ".to_frame() (BHARs), .tests, .summary()>")


def _num(test: AnyTest, attr: str) -> float:
    return float(getattr(test, attr)) if not isinstance(test, NotComputable) else float("nan")


def long_run(
    returns: pd.DataFrame | Panel,
    events: pd.DataFrame,
    *,
    benchmark: str | pd.Series,
    windows: Sequence[tuple[int, int]] = ((0, 60), (0, 120), (0, 250)),
    factors: pd.DataFrame | None = None,
    ctar_model: str = "carhart",
    holding: tuple[int, int] = (1, 250),
    calendar: str | None = "XNYS",
    tz: str | None = None,
    duplicates: str = "raise",
    n_boot: int = 1000,
    seed: int = 0,
) -> LongRunResult:
    """Buy-and-hold abnormal returns of many events, with their long-run tests.

    Parameters
    ----------
    returns
        Wide returns panel (index sessions, one column per ticker; NaN =
        missing), as for :func:`eventstudy.batch.batch`.
    events
        Columns ``ticker`` and ``date`` (a date, or a timestamp with an
        optional ``timezone`` column), optionally ``event_id``.
    benchmark
        A returns column of ``returns`` or a Series on the same sessions: the
        reference whose buy-and-hold return is subtracted.
    windows
        ``(tau1, tau2)`` session windows relative to day 0.
    factors
        A :func:`eventstudy.data.factors.load_factors` frame; when given, the
        calendar-time portfolio regression of ``ctar_model`` is run over
        ``holding``.
    ctar_model, holding
        Passed to :func:`eventstudy.stats.longrun.calendar_time_portfolio`.
    calendar, tz, duplicates
        Alignment, as for :func:`eventstudy.batch.batch`.
    n_boot, seed
        Bootstrap draws and seed of the bootstrapped skewness-adjusted t.

    Returns
    -------
    LongRunResult
    """
    wins = [(int(a), int(b)) for a, b in windows]
    if not wins or any(a > b for a, b in wins):
        raise BatchInputError(f"long-run windows must be (tau1 <= tau2) pairs, got {windows!r}",
                              hint="e.g. windows=[(0, 60), (0, 250)]")
    panel, ev = _prepare(returns, events, benchmark, "market", close=None, tz=tz,
                         duplicates=duplicates, calendar=calendar)
    inside = ev.day0 < panel.n_sessions
    wide = pd.DataFrame(panel.values.T, index=panel.dates, columns=panel.tickers)
    bname = benchmark if isinstance(benchmark, str) else getattr(benchmark, "name", None)
    bench = (wide[str(bname)] if bname is not None and str(bname) in wide.columns
             else pd.Series(np.asarray(benchmark, dtype=float), index=panel.dates))
    frame = pd.DataFrame({"asset": ev.tickers[inside].astype(str),
                          "day0": panel.dates[ev.day0[inside]]})
    bh = bhar_frame(wide, bench, frame, wins)
    bh.insert(0, "event_id", pd.Series(ev.ids[inside], index=bh.index).astype(str))
    rows: list[dict[str, Any]] = []
    for a, b in wins:
        col = f"bhar[{a},{b}]"
        x = bh[col].to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        sa = skewness_adjusted_t(x)
        boot = bootstrap_skewness_adjusted_t(x, n_boot=n_boot, seed=seed)
        rows.append({"window": f"[{a},{b}]", "n": int(x.size),
                     "mean_bhar": float(x.mean()) if x.size else float("nan"),
                     "median_bhar": float(np.median(x)) if x.size else float("nan"),
                     "statistic": _num(sa, "statistic"), "p_value": _num(sa, "pvalue"),
                     "p_value_boot": _num(boot, "pvalue")})
    ctar = None
    if factors is not None:
        pairs = list(zip(frame["asset"], frame["day0"], strict=True))
        ctar = calendar_time_portfolio(wide, pairs, factors, holding=holding, model=ctar_model)
    return LongRunResult(bhars=bh, tests=pd.DataFrame(rows), calendar_time=ctar)
