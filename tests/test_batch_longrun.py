"""eventstudy.batch.long_run: BHARs and their tests vs plain numpy on real cached prices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import eventstudy as es
from eventstudy.batch.longrun import long_run
from eventstudy.exceptions import BatchInputError

CACHE = Path(__file__).resolve().parents[1] / "cache"  # the committed cache, read only
TICKERS = ["SPY", "GM", "F", "CAT", "DE", "BA", "AAPL", "JPM", "GS", "ADM", "BG", "TSLA"]


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    prices = es.load_prices(TICKERS, "2017-10-02", "2019-03-29", offline=True,
                            cache_dir=CACHE)
    return prices.pct_change().iloc[1:]


def _events() -> pd.DataFrame:
    # real dates; 2018-12-01 is a Saturday (day 0 = Monday 2018-12-03 on XNYS)
    return pd.DataFrame({"ticker": ["GM", "F", "CAT", "DE", "BA", "AAPL", "JPM", "GS", "ADM",
                                    "BG", "TSLA"],
                         "date": ["2018-06-01", "2018-06-15", "2018-07-02", "2018-07-16",
                                  "2018-08-01", "2018-08-15", "2018-09-04", "2018-09-17",
                                  "2018-10-01", "2018-10-15", "2018-12-01"]})


def _bhar_numpy(r: pd.DataFrame, ticker: str, day0: pd.Timestamp, a: int, b: int) -> float:
    pos = r.index.get_loc(day0)
    if pos + b >= len(r):
        return float("nan")
    sl = slice(pos + a, pos + b + 1)
    return float(np.prod(1 + r[ticker].to_numpy()[sl]) - np.prod(1 + r["SPY"].to_numpy()[sl]))


def test_bhars_and_skewness_adjusted_t_match_numpy(returns: pd.DataFrame) -> None:
    res = long_run(returns, _events(), benchmark="SPY", windows=[(0, 20), (0, 60)], n_boot=200)
    assert res.bhars.loc[res.bhars["asset"] == "TSLA", "day0"].iloc[0] == pd.Timestamp(
        "2018-12-03")  # the Saturday rolls to the next NYSE session
    for (a, b), row in zip([(0, 20), (0, 60)], res.tests.itertuples(index=False), strict=True):
        want = np.array([_bhar_numpy(returns, t, d, a, b)
                         for t, d in zip(res.bhars["asset"], res.bhars["day0"], strict=True)])
        got = res.bhars[f"bhar[{a},{b}]"].to_numpy()
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        x = want[np.isfinite(want)]
        n = x.size
        s = x.mean() / x.std(ddof=1)  # Lyon-Barber-Tsai (1999) eq. (5), by hand
        g = ((x - x.mean()) ** 3).sum() / (n * x.std(ddof=1) ** 3)
        t_sa = np.sqrt(n) * (s + g * s**2 / 3 + g / (6 * n))
        assert row.n == n
        assert row.statistic == pytest.approx(t_sa, rel=1e-12)
        assert row.p_value == pytest.approx(2 * stats.norm.sf(abs(t_sa)), rel=1e-9)
        assert 0 <= row.p_value_boot <= 1
    assert "skewness-adjusted" in str(res.summary())


def test_calendar_time_alpha_when_factors_given(returns: pd.DataFrame, repo_cache) -> None:
    from eventstudy.data.factors import load_factors

    factors = load_factors("carhart", cache_dir=repo_cache)
    res = long_run(returns, _events(), benchmark="SPY", windows=[(0, 20)], factors=factors,
                   holding=(1, 40), n_boot=50)
    ct = res.calendar_time
    assert ct is not None and getattr(ct, "model", None) == "carhart"
    assert np.isfinite(ct.alpha) and ct.n_days > 0


def test_bad_windows_are_one_message(returns: pd.DataFrame) -> None:
    with pytest.raises(BatchInputError, match="tau1 <= tau2"):
        long_run(returns, _events(), benchmark="SPY", windows=[(10, 0)])


def test_es_batch_stays_the_function_after_the_subpackage_is_imported(
        returns: pd.DataFrame) -> None:
    # the study path imports eventstudy.batch (placebo checks), which rebinds the package
    # attribute es.batch to the subpackage; it must still run batch() (README's example)
    import importlib
    import types

    importlib.import_module("eventstudy.batch.api")
    ev = _events().iloc[:3]
    got = es.batch(returns, ev, benchmark="SPY", windows=[(0, 0)]).to_frame()
    want = es.batch.batch(returns, ev, benchmark="SPY", windows=[(0, 0)]).to_frame()
    assert isinstance(es.batch, types.ModuleType)
    pd.testing.assert_frame_equal(got, want)
    assert callable(es.long_run)
