"""Fast calibration checks (seeded SYNTHETIC data) plus the full study marked slow.

Tolerance bands: a correctly sized 5% test on n independent pseudo-events rejects
a Binomial(n, 0.05)/n share, with standard error sqrt(0.05 * 0.95 / n) (0.69% for
n = 1000, 1.54% for 200 samples). Bands are 0.05 +/- 3 SE, so a correctly sized
test fails with probability about 0.3% per check (and the seeds are fixed, so the
outcome is deterministic). The full run (n = 2000) must meet the issue's fixed
band [3.5%, 6.5%].
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

_PATH = Path(__file__).resolve().parents[1] / "validation" / "calibration.py"
_spec = importlib.util.spec_from_file_location("es_calibration", _PATH)
assert _spec is not None and _spec.loader is not None
cal = importlib.util.module_from_spec(_spec)
sys.modules["es_calibration"] = cal  # dataclasses need the module registered
_spec.loader.exec_module(cal)

ALPHA = 0.05


def _band(n: int, k: float = 3.0) -> tuple[float, float]:
    se = math.sqrt(ALPHA * (1 - ALPHA) / n)
    return ALPHA - k * se, ALPHA + k * se


def _rate(df: pd.DataFrame, test: str, dgp: str, window: str, effect: float = 0.0) -> float:
    row = df[(df.test == test) & (df.dgp == dgp) & (df.window == window) & (df.effect == effect)]
    assert len(row) == 1, (test, dgp, window, effect)
    return float(row.rate.iloc[0])


@pytest.fixture(scope="module")
def single() -> pd.DataFrame:
    cfg = cal.Config(n_single=1000, garch=False, seed=11)
    rng = np.random.default_rng(cfg.seed)
    rows = []
    for dgp in cal.DGPS:
        rows += cal.single_event(dgp, cfg, rng)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("window", ["[0,0]", "[0,+2]"])
def test_t_size_under_iid_normal(single: pd.DataFrame, window: str) -> None:
    lo, hi = _band(1000)
    assert lo <= _rate(single, "t (CLM)", "normal", window) <= hi


@pytest.mark.parametrize("dgp", cal.DGPS)
@pytest.mark.parametrize("window", ["[0,0]", "[0,+2]"])
def test_sq_size_under_every_dgp(single: pd.DataFrame, dgp: str, window: str) -> None:
    lo, hi = _band(1000)
    assert lo <= _rate(single, "SQ", dgp, window) <= hi


def test_t_power_matches_noncentral_t(single: pd.DataFrame) -> None:
    # independent: power of a two-sided t(248) test at noncentrality 2 / sqrt(1 + 1/L1)
    # (the market-model leverage term is O(1/L1) and ignored here)
    dof, ncp = 248, 2.0 / math.sqrt(1 + 1 / 250)
    crit = stats.t.ppf(0.975, dof)
    power = stats.nct.sf(crit, dof, ncp) + stats.nct.cdf(-crit, dof, ncp)
    se = math.sqrt(power * (1 - power) / 1000)
    got = _rate(single, "t (CLM)", "normal", "[0,0]", effect=2.0)
    assert abs(got - power) <= 3 * se


@pytest.fixture(scope="module")
def multi_normal() -> pd.DataFrame:
    cfg = cal.Config(n_samples=200, n_power_samples=40, seed=12)
    rng = np.random.default_rng(cfg.seed)
    return pd.DataFrame(cal.multi_event("normal", cfg, rng))


MULTI = ["cross-sectional t", "Patell Z", "BMP", "KP-adjusted BMP", "KP-adjusted Patell Z",
         "rank (Corrado/Cowan)", "GRANK", "sign", "generalized sign", "Wilcoxon signed rank"]


@pytest.mark.parametrize("test", MULTI)
def test_multi_event_size_and_power(multi_normal: pd.DataFrame, test: str) -> None:
    lo, hi = _band(200)
    # the exact sign tests are discrete and conservative at N = 30: no lower bound
    lo = 0.0 if "sign" in test else lo
    for window in ("[0,0]", "[0,+2]"):
        assert lo <= _rate(multi_normal, test, "normal", window) <= hi
    # 2 sigma on day 0 for 30 events: every test detects it in (nearly) every sample
    assert _rate(multi_normal, test, "normal", "[0,0]", effect=2.0) >= 0.9


@pytest.fixture(scope="module")
def clustered() -> pd.DataFrame:
    cfg = cal.Config(n_samples=150, seed=13)
    return pd.DataFrame(cal.clustered(cfg, np.random.default_rng(cfg.seed)))


def test_shared_dates_break_bmp_and_kp_or_portfolio_fix_it(clustered: pd.DataFrame) -> None:
    lo, hi = _band(150)
    for window in ("[0,0]", "[0,+2]"):
        # with rho = 0.3 and N = 30 the true sd of BMP's t is sqrt(1 + 29 * 0.3) ~ 3.1
        assert _rate(clustered, "BMP", "normal", window) > 0.3
        for test in ("KP-adjusted BMP", "portfolio t"):
            assert lo <= _rate(clustered, test, "normal", window) <= hi


@pytest.mark.slow
def test_full_calibration_meets_issue_bands() -> None:
    # the published configuration (docs/calibration.md), about 2 minutes
    df = cal.run(cal.Config())
    for window in ("[0,0]", "[0,+2]"):
        assert 0.035 <= _rate(df, "t (CLM)", "normal", window) <= 0.065
        for dgp in cal.DGPS:
            assert 0.035 <= _rate(df, "SQ", dgp, window) <= 0.065
