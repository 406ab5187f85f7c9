"""Array coercion and result helpers shared by the multi-event tests.

Used by :mod:`eventstudy.stats.multi` (parametric tests) and
:mod:`eventstudy.stats.nonparametric` (rank and sign tests).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import special, stats

from eventstudy._typing import FloatArray
from eventstudy.stats.results import Alternative, NotComputable, TestResult, from_statistic

AnyTest = TestResult | NotComputable

_NORM: Any = stats.norm


def norm_cdf(s: Any) -> Any:
    """``scipy.stats.norm.cdf(s)``: the same ``scipy.special.ndtr`` without the ~50 us wrapper."""
    return special.ndtr(s)


def norm_sf(s: Any) -> Any:
    """``scipy.stats.norm.sf(s)``: ``ndtr(-s)``, as scipy computes it."""
    return special.ndtr(-s)


def t_cdf(s: Any, dof: Any) -> Any:
    """``scipy.stats.t.cdf(s, dof)`` for ``dof > 0``: ``scipy.special.stdtr(dof, s)``.

    scipy's distribution wrapper (argument checks, output placement; about
    50 us a call) returns the same float; ``dof <= 0`` or NaN goes to scipy
    itself (NaN).
    """
    return special.stdtr(dof, s) if dof > 0 else stats.t.cdf(s, dof)


def t_sf(s: Any, dof: Any) -> Any:
    """``scipy.stats.t.sf(s, dof)``: ``stdtr(dof, -s)`` for ``dof > 0``, as scipy computes it."""
    return special.stdtr(dof, -s) if dof > 0 else stats.t.sf(s, dof)


def _vec(a: ArrayLike) -> FloatArray:
    return np.atleast_1d(np.asarray(a, dtype=np.float64)).ravel()


def _mat(a: ArrayLike) -> FloatArray:
    m = np.asarray(a, dtype=np.float64)
    return m[None, :] if m.ndim == 1 else m


def _too_few(name: str, n: int, need: int) -> NotComputable | None:
    if n < need:
        return NotComputable(name, f"needs N >= {need} events; got N = {n}", n=n)
    return None


def _sample_sd(name: str, x: FloatArray, reason: str) -> float | NotComputable:
    """Sample standard deviation (ddof 1) of ``x`` once N >= 2, or why it is unusable."""
    if (bad := _too_few(name, x.size, 2)) is not None:
        return bad
    s = float(np.std(x, ddof=1))
    return s if s > 0 else NotComputable(name, reason, n=x.size)


def _finite_varying(name: str, values: ArrayLike, need: int,
                    reason: str) -> FloatArray | NotComputable:
    """Return the finite values of ``values`` if there are at least ``need`` that vary.

    Otherwise why not: too few values, or a sample standard deviation of 0
    (``reason``).
    """
    x = _vec(values)
    x = x[np.isfinite(x)]
    if (bad := _too_few(name, x.size, need)) is not None:
        return bad
    if float(np.std(x, ddof=1)) == 0:
        return NotComputable(name, reason, n=x.size)
    return x


def _tdist(name: str, stat: float, dof: float, alternative: Alternative, n: int, **kw: Any):
    return from_statistic(
        name, stat, cdf=lambda s: t_cdf(s, dof), sf=lambda s: t_sf(s, dof),
        distribution=f"t({dof:g})",
        alternative=alternative, n=n, **kw,
    )


def _zdist(name: str, stat: float, alternative: Alternative, n: int, **kw: Any) -> TestResult:
    return from_statistic(
        name, stat, cdf=norm_cdf, sf=norm_sf, distribution="N(0,1)",
        alternative=alternative, n=n, **kw,
    )
