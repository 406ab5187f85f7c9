"""Result types shared by every statistical test.

One type for a computed test (:class:`TestResult`) and one for a test that
cannot be computed (:class:`NotComputable`), so callers never get a bare
``nan`` without a reason. Both are frozen and render to a tidy row.

This module also holds the one result schema shared by ``StudyResult``,
``BatchResult`` and ``EventEstimate`` (docs/architecture.md, "One result
schema"): the CAR column names (:data:`CAR_SCHEMA`), the test-row columns
(:data:`TEST_COLUMNS`) and one machine name per test (:data:`TEST_LABELS`,
whose values are the display labels; only reports and printed text use them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Alternative = Literal["two-sided", "greater", "less"]

#: Column names of a CAR row (one per event, asset, window), shared by ``car.csv`` /
#: ``StudyResult.cars``, ``BatchResult.to_frame()`` and ``EventEstimate.to_frame()``.
#: A frame carries the names it has a value for; none uses another name for these.
CAR_SCHEMA: tuple[str, ...] = (
    "event_id", "asset", "day0", "rel_start", "rel_end", "window_start", "window_end",
    "car", "car_se", "t_stat", "p_value", "p_value_sq", "n_days", "dof", "n_estimation",
    "model", "alpha", "beta", "sigma", "status",
)
#: One-sided p-values of a CAR row, when a frame carries them.
CAR_ONE_SIDED: tuple[str, ...] = (
    "p_value_greater", "p_value_less", "p_value_sq_greater", "p_value_sq_less",
)
#: Column names of a multi-event test row (one per window and test).
TEST_COLUMNS: tuple[str, ...] = (
    "window", "test", "statistic", "p_value", "p_value_greater", "p_value_less", "n",
    "distribution", "note",
)
#: Machine name of every test (``TestResult.name``, the ``test`` column, dict keys)
#: -> its display label (reports and printed text only).
TEST_LABELS: dict[str, str] = {
    "t": "t",
    "sq": "SQ",
    "garch": "GARCH z",
    "cross_sectional_t": "cross-sectional t",
    "patell": "Patell Z",
    "bmp": "BMP",
    "kolari_pynnonen": "KP-adjusted BMP",
    "kolari_pynnonen_patell": "KP-adjusted Patell Z",
    "corrado_rank": "Corrado/Cowan rank",
    "grank": "GRANK",
    "sign": "sign",
    "generalized_sign": "generalized sign",
    "wilcoxon": "Wilcoxon signed rank",
    "portfolio_t": "portfolio t",
    "portfolio_sq": "portfolio SQ",
    "brown_warner_crude": "Brown-Warner crude t",
    "brown_warner_independence": "Brown-Warner independence t",
    "hall_t": "Hall skewness-corrected t",
    "jackknife_t": "jackknife t",
    "jackknife_t_mean_car": "jackknife t (mean CAR)",
    "volatility_ratio_f": "volatility ratio F",
    "jackknife_t_log_variance_ratio": "jackknife t (mean log variance ratio)",
    "volume_brown_warner_crude": "group abnormal log volume t (Brown-Warner crude, AR(1))",
    "skewness_adjusted_t": "skewness-adjusted t",
    "skewness_adjusted_t_boot": "bootstrapped skewness-adjusted t",
    "calendar_time_alpha": "calendar-time alpha",
}


def test_label(name: str) -> str:
    """Display label of a test's machine name (the name itself when it has no label).

    >>> test_label("patell")
    'Patell Z'
    """
    return TEST_LABELS.get(name, name)


test_label.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


@dataclass(frozen=True)
class TestResult:
    """A computed test statistic.

    Attributes
    ----------
    name
        Machine name, a key of :data:`TEST_LABELS` (e.g. ``"t"``, ``"sq"``,
        ``"bmp"``, ``"corrado_rank"``); :attr:`label` is its display label.
    statistic
        The test statistic (for SQ: the CAR itself; see ``distribution``).
    pvalue
        p-value for ``alternative``.
    pvalue_two_sided, pvalue_greater, pvalue_less
        All three p-values, so a caller can pick the one it needs.
    distribution
        Reference distribution, e.g. ``"t(238)"``, ``"N(0,1)"``,
        ``"empirical (L1=240 overlapping sums)"``.
    null
        The null hypothesis in words, e.g. ``"CAR = 0"``.
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    n
        Number of events / observations the test used.
    note
        Anything the reader should know (adjustments applied, caveats).
    """

    __test__ = False  # not a pytest test class

    name: str
    statistic: float
    pvalue: float
    pvalue_two_sided: float
    pvalue_greater: float
    pvalue_less: float
    distribution: str
    null: str = "mean abnormal return = 0"
    alternative: Alternative = "two-sided"
    n: int | None = None
    note: str = ""

    computable = True
    reason = ""

    @property
    def label(self) -> str:
        """Display label of :attr:`name` (:func:`test_label`)."""
        return test_label(self.name)

    def to_row(self, window: str = "") -> dict[str, object]:
        """One tidy test row with the :data:`TEST_COLUMNS` names (two-sided ``p_value``)."""
        return {"window": window, "test": self.name, "statistic": self.statistic,
                "p_value": self.pvalue_two_sided, "p_value_greater": self.pvalue_greater,
                "p_value_less": self.pvalue_less, "n": self.n,
                "distribution": self.distribution, "note": self.note}

    def pvalue_for(self, alternative: Alternative) -> float:
        """Return the p-value for the given alternative."""
        return {
            "two-sided": self.pvalue_two_sided,
            "greater": self.pvalue_greater,
            "less": self.pvalue_less,
        }[alternative]

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON.

        :meth:`to_row` without ``window``, plus ``label``, ``null``,
        ``alternative``, ``computable`` and ``reason``.
        """
        row = self.to_row()
        del row["window"]
        return {**row, "label": self.label, "null": self.null,
                "alternative": self.alternative, "computable": True, "reason": ""}

    def __str__(self) -> str:
        return (
            f"{self.label}: stat={self.statistic:.4g}, p={self.pvalue:.4g} "
            f"({self.alternative}, {self.distribution})"
        )


@dataclass(frozen=True)
class NotComputable:
    """A test that could not be computed, with the reason.

    Attributes
    ----------
    name
        The test's name.
    reason
        Why, in words (e.g. ``"needs N >= 2 events; got N = 1"``).
    """

    __test__ = False

    name: str
    reason: str
    n: int | None = None

    computable = False
    statistic = float("nan")
    pvalue = float("nan")
    pvalue_two_sided = float("nan")
    pvalue_greater = float("nan")
    pvalue_less = float("nan")
    distribution = ""
    null = ""
    alternative: Alternative = "two-sided"
    note = ""

    @property
    def label(self) -> str:
        """Display label of :attr:`name` (:func:`test_label`)."""
        return test_label(self.name)

    def to_row(self, window: str = "") -> dict[str, object]:
        """One tidy test row (:data:`TEST_COLUMNS`): NaN numbers, the reason as ``note``."""
        nan = float("nan")
        return {"window": window, "test": self.name, "statistic": nan, "p_value": nan,
                "p_value_greater": nan, "p_value_less": nan, "n": self.n,
                "distribution": "", "note": self.reason}

    def pvalue_for(self, alternative: Alternative) -> float:
        """Return NaN: nothing was computed."""
        return float("nan")

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON, as :meth:`TestResult.to_dict`: NaN numbers and the reason."""
        row = self.to_row()
        del row["window"]
        row["note"] = ""
        return {**row, "label": self.label, "null": "", "alternative": self.alternative,
                "computable": False, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.label}: not computable ({self.reason})"


AnyTest = TestResult | NotComputable


def check_alternative(alternative: str) -> Alternative:
    """Return ``alternative`` if it is one of the three, else raise a ``ValueError``.

    Raises
    ------
    ValueError
        If ``alternative`` is not ``"two-sided"``, ``"greater"`` or ``"less"``.
    """
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(
            f"alternative must be 'two-sided', 'greater' or 'less'; got {alternative!r}"
        )
    return alternative  # type: ignore[return-value]


def from_statistic(
    name: str,
    statistic: float,
    *,
    cdf: object,
    sf: object,
    distribution: str,
    alternative: Alternative = "two-sided",
    null: str = "mean abnormal return = 0",
    n: int | None = None,
    note: str = "",
) -> TestResult:
    r"""Build a :class:`TestResult` from a statistic and its null distribution.

    Parameters
    ----------
    cdf, sf
        Callables giving :math:`P(T \le s)` and :math:`P(T > s)` under the
        null (e.g. ``scipy.stats.t(df).cdf`` / ``.sf``).

    Notes
    -----
    Two-sided p-value :math:`\min(1, 2\min(F(s), 1-F(s)))`; greater
    :math:`1 - F(s)`; less :math:`F(s)`.
    """
    alternative = check_alternative(alternative)
    p_less = float(cdf(statistic))  # type: ignore[operator]
    p_greater = float(sf(statistic))  # type: ignore[operator]
    p_two = min(1.0, 2.0 * min(p_less, p_greater))
    p = {"two-sided": p_two, "greater": p_greater, "less": p_less}[alternative]
    return TestResult(
        name=name,
        statistic=float(statistic),
        pvalue=p,
        pvalue_two_sided=p_two,
        pvalue_greater=p_greater,
        pvalue_less=p_less,
        distribution=distribution,
        null=null,
        alternative=alternative,
        n=n,
        note=note,
    )
