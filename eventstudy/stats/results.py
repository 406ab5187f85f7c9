"""Result types shared by every statistical test.

One type for a computed test (:class:`TestResult`) and one for a test that
cannot be computed (:class:`NotComputable`), so callers never get a bare
``nan`` without a reason. Both are frozen and render to a tidy row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Alternative = Literal["two-sided", "greater", "less"]


@dataclass(frozen=True)
class TestResult:
    """A computed test statistic.

    Attributes
    ----------
    name
        Short name, e.g. ``"t"``, ``"SQ"``, ``"BMP"``, ``"Corrado rank"``.
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

    def pvalue_for(self, alternative: Alternative) -> float:
        """Return the p-value for the given alternative."""
        return {
            "two-sided": self.pvalue_two_sided,
            "greater": self.pvalue_greater,
            "less": self.pvalue_less,
        }[alternative]

    def to_dict(self) -> dict[str, object]:
        """Plain dict of the fields (for JSON and tidy frames)."""
        d = asdict(self)
        d["computable"] = True
        d["reason"] = ""
        return d

    def __str__(self) -> str:
        return (
            f"{self.name}: stat={self.statistic:.4g}, p={self.pvalue:.4g} "
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

    def pvalue_for(self, alternative: Alternative) -> float:
        """Return NaN: nothing was computed."""
        return float("nan")

    def to_dict(self) -> dict[str, object]:
        """Plain dict with NaN statistic and p-values and the reason."""
        return {
            "name": self.name,
            "statistic": float("nan"),
            "pvalue": float("nan"),
            "pvalue_two_sided": float("nan"),
            "pvalue_greater": float("nan"),
            "pvalue_less": float("nan"),
            "distribution": "",
            "null": "",
            "alternative": self.alternative,
            "n": self.n,
            "note": "",
            "computable": False,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        return f"{self.name}: not computable ({self.reason})"


AnyTest = TestResult | NotComputable


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
