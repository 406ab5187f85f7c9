"""Fitted model objects: predict, exact prediction covariance, factor model joined by date.

Data here are SYNTHETIC (seeded numpy draws), checked against plain numpy OLS
written in the test.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventstudy.exceptions import DataGapWarning
from eventstudy.models import (
    ConstantMeanModel,
    DimsonModel,
    FactorModel,
    MarketAdjustedModel,
    MarketModel,
    get_model,
)
from eventstudy.stats.abnormal import estimate_event


@pytest.fixture(scope="module")
def synthetic():
    """Synthetic seeded market + two factors on business days (not real data)."""
    rng = np.random.default_rng(20240601)
    idx = pd.bdate_range("2021-01-04", periods=320, name="date")
    f = pd.DataFrame(rng.normal(0, 0.01, (320, 2)), index=idx, columns=["SMB", "HML"])
    m = pd.Series(rng.normal(0.0004, 0.011, 320), index=idx)
    y = 0.0002 + 1.1 * m + 0.4 * f["SMB"] - 0.3 * f["HML"] + rng.standard_t(4, 320) * 0.008
    return y.rename("y"), m.rename("m"), f


def ols(X, y):
    XtXi = np.linalg.inv(X.T @ X)
    b = XtXi @ X.T @ y
    e = y - X @ b
    s2 = e @ e / (len(y) - X.shape[1])
    return b, s2, XtXi


@pytest.mark.parametrize("method", ["core", "statsmodels"])
def test_market_fit_predict_and_V(synthetic, method) -> None:
    y, m, _ = synthetic
    spec = MarketModel(method=method)
    fit = spec.fit(y.iloc[:250], spec.regressors(m, y.index).iloc[:250])
    X = np.column_stack([np.ones(250), m.iloc[:250]])
    b, s2, XtXi = ols(X, y.iloc[:250].to_numpy())
    np.testing.assert_allclose(fit.params, b, rtol=1e-10)
    np.testing.assert_allclose(fit.sigma2, s2, rtol=1e-10)
    np.testing.assert_allclose(fit.cov, s2 * XtXi, rtol=1e-9)
    assert (fit.nobs, fit.dof) == (250, 248)
    Xs = np.column_stack([np.ones(5), m.iloc[260:265]])
    fx = spec.regressors(m, y.index).iloc[260:265]
    np.testing.assert_allclose(fit.predict(fx), Xs @ b, rtol=1e-10)
    V = s2 * (np.eye(5) + Xs @ XtXi @ Xs.T)
    np.testing.assert_allclose(fit.prediction_cov(fx).to_numpy(), V, rtol=1e-9)
    r2 = 1 - ((y.iloc[:250] - X @ b) ** 2).sum() / ((y.iloc[:250] - y.iloc[:250].mean()) ** 2).sum()
    assert fit.r2 == pytest.approx(r2, rel=1e-10)
    ci = fit.conf_int(0.95)
    assert (ci["lower"] < fit.params).all() and (fit.params < ci["upper"]).all()
    assert fit.ols_results.params.to_numpy() == pytest.approx(b, rel=1e-10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.sigma2 = 0.0  # type: ignore[misc]


def test_fit_drops_missing_days_never_fills(synthetic) -> None:
    y, m, _ = synthetic
    y2 = y.iloc[:250].copy()
    y2.iloc[[3, 50]] = np.nan
    mm = m.copy()
    mm.iloc[100] = np.nan
    fit = MarketModel().fit(y2, mm.iloc[:250].to_frame("market"))
    keep = np.ones(250, bool)
    keep[[3, 50, 100]] = False
    b, s2, _ = ols(
        np.column_stack([np.ones(247), m.iloc[:250][keep]]), y.iloc[:250][keep].to_numpy()
    )
    assert fit.nobs == 247
    np.testing.assert_allclose(fit.params, b, rtol=1e-10)
    np.testing.assert_allclose(fit.sigma2, s2, rtol=1e-10)


def test_constant_mean_and_market_adjusted(synthetic) -> None:
    y, m, _ = synthetic
    cm = ConstantMeanModel().fit(y.iloc[:250])
    assert cm.params["const"] == pytest.approx(y.iloc[:250].mean(), rel=1e-12)
    assert cm.sigma2 == pytest.approx(y.iloc[:250].var(ddof=1), rel=1e-12)
    V = cm.prediction_cov(None, index=y.index[250:253]).to_numpy()
    s2 = y.iloc[:250].var(ddof=1)
    np.testing.assert_allclose(V, s2 * (np.eye(3) + np.ones((3, 3)) / 250), rtol=1e-10)
    ma = MarketAdjustedModel().fit(y.iloc[:250], m.iloc[:250].to_frame("market"))
    assert ma.sigma2 == pytest.approx((y - m).iloc[:250].var(ddof=1), rel=1e-12)
    fx = m.iloc[250:253].to_frame("market")
    np.testing.assert_allclose(ma.predict(fx), m.iloc[250:253], rtol=1e-15)
    np.testing.assert_allclose(ma.prediction_cov(fx), ma.sigma2 * np.eye(3), rtol=1e-15)
    assert ma.ols_results is None and ma.std_errors.isna().all()


def test_factor_model_joined_by_date(synthetic) -> None:
    y, m, f = synthetic
    # the user's factor file is in reverse order and lacks two dates
    f_user = f.drop(index=f.index[[10, 20]]).iloc[::-1]
    spec = FactorModel(factors=f_user)
    X = spec.regressors(None, y.index)
    assert X.loc[y.index[10]].isna().all() and X.loc[y.index[20]].isna().all()
    assert X.loc[y.index[11], "SMB"] == f.loc[y.index[11], "SMB"]
    fit = spec.fit(y.iloc[:250], X.iloc[:250])
    keep = np.ones(250, bool)
    keep[[10, 20]] = False
    D = np.column_stack([np.ones(248), f.iloc[:250][keep]])
    b, s2, _ = ols(D, y.iloc[:250][keep].to_numpy())
    np.testing.assert_allclose(fit.params, b, rtol=1e-10)
    assert fit.dof == 248 - 3 and list(fit.params.index) == ["const", "SMB", "HML"]
    with_mkt = FactorModel(factors=f, include_market=True)
    assert with_mkt.columns == ("market", "SMB", "HML") and with_mkt.k == 4


def test_factor_model_through_estimate_event(synthetic) -> None:
    y, m, f = synthetic
    spec = FactorModel(factors=f, include_market=True)
    est = estimate_event(
        y,
        m,
        y.index[300],
        model=spec,
        estimation_window=(-280, -11),
        event_windows=[(0, 2)],
        min_estimation_days=200,
    )
    D = np.column_stack([np.ones(320), m, f])
    est_rows = np.arange(20, 290)
    b, s2, XtXi = ols(D[est_rows], y.to_numpy()[est_rows])
    ev = np.arange(300, 303)
    V = s2 * (np.eye(3) + D[ev] @ XtXi @ D[ev].T)
    assert est.cars[(0, 2)].car == pytest.approx((y.to_numpy()[ev] - D[ev] @ b).sum(), rel=1e-10)
    assert est.cars[(0, 2)].se == pytest.approx(np.sqrt(V.sum()), rel=1e-10)
    assert est.dof == 270 - 4 and est.model == "factor"


def test_dimson_regressors_shift_on_asset_sessions(synthetic) -> None:
    _, m, _ = synthetic
    X = DimsonModel().regressors(m, m.index)
    assert X["market_lag1"].iloc[5] == m.iloc[4] and X["market_lead1"].iloc[5] == m.iloc[6]
    assert np.isnan(X["market_lag1"].iloc[0]) and np.isnan(X["market_lead1"].iloc[-1])


def test_registry_builds_specs() -> None:
    assert isinstance(get_model("market", method="statsmodels"), MarketModel)
    assert get_model("market").method == "core"
    assert get_model("dimson").k == 4


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_nan=st.integers(0, 15), l2=st.integers(1, 12))
def test_core_equals_matrix_formula_property(seed, n_nan, l2) -> None:
    """SYNTHETIC property: the closed-form core and the matrix V agree for any data and gaps."""
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2020-01-01", periods=200, name="date")
    m = pd.Series(rng.normal(0, 0.01, 200), index=idx)
    y = pd.Series(rng.normal(0, 0.02, 200) + 1.3 * m.to_numpy(), index=idx)
    y.iloc[rng.choice(150, n_nan, replace=False)] = np.nan
    kw = dict(estimation_window=(-160, -11), event_windows=[(0, l2 - 1)], min_estimation_days=100)
    with warnings.catch_warnings():
        # the random gaps are the point of the property; the DataGapWarning they raise is
        # incidental here (asserted in test_abnormal_clm / test_pipeline_warnings)
        warnings.simplefilter("ignore", DataGapWarning)
        a = estimate_event(y, m, idx[170], method="core", **kw)
        s = estimate_event(y, m, idx[170], method="statsmodels", **kw)
    w = (0, l2 - 1)
    np.testing.assert_allclose(a.cars[w].car, s.cars[w].car, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(a.cars[w].se, s.cars[w].se, rtol=1e-10)
    np.testing.assert_allclose(a.abnormal.ar_se, s.abnormal.ar_se, rtol=1e-10)
