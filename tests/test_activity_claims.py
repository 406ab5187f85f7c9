"""Claims about trading (``measure: volume | volatility``) on real cached data.

Independent checks, computed here from the cache CSVs: statsmodels OLS of
ln(1 + volume) on the market's log volume (single asset: exact prediction
variance with the AR(1) factor; group: Brown-Warner crude-dependence t of the
mean abnormal log volume, by hand), statsmodels OLS of returns for the
variance ratio, and scipy's t and F distributions for the p-values; the
verdict is then re-derived from those p-values with the one-sided alpha rule.
Study: Apple's after-close revenue warning of Wed 2 Jan 2019 (day 0 = Thu 3
Jan 2019, when Apple traded heavily).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from eventstudy.claims.activity import activity_verdict
from eventstudy.exceptions import SpecError
from eventstudy.pipeline import run
from eventstudy.report.html import render_html
from eventstudy.spec import Study
from eventstudy.stats.single import t_test

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
DAY0 = pd.Timestamp("2019-01-03")
ALPHA = 0.05

STUDY = """
title: "Trading <script>alert(1)</script> costs $5"
source: {publisher: "Test <script>p()</script>", date: 2019-01-02}
data: {source: cache, cache: %s}
model: {kind: market, benchmark: ^GSPC, estimation_window: [-250, -11]}
event_windows: [[0, 0], [0, 1]]
assets:
  - {ticker: ^GSPC, name: "S&P <b>500</b>", model: constant_mean}
  - {ticker: AAPL, name: "Apple <script>x()</script> $AAPL$"}
  - {ticker: CAT, name: Caterpillar}
  - {ticker: DE, name: Deere}
  - {ticker: BA, name: Boeing}
groups: {china: [CAT, DE, BA]}
events:
  - {id: warning, title: "Warning <script>y()</script> $x$", when: 2019-01-02T16:30,
     timezone: America/New_York}
claims:
  - {id: apple_volume_down, text: "Apple traded <i>less</i>", event: warning, assets: AAPL,
     window: [0, 1], direction: down, measure: volume}
  - {id: china_volume, text: China-exposed stocks traded heavily, event: warning,
     assets: china, window: [0, 1], direction: up, measure: volume}
  - {id: china_volatility, text: Their volatility spiked, event: warning, assets: china,
     window: [0, 0], direction: up, measure: volatility}
  - {id: apple_volatility_any, text: Apple's volatility changed, event: warning,
     assets: AAPL, window: [0, 0], direction: any, measure: volatility}
analyses:
  long_run: {windows: [[0, 20]], benchmark: SPY, bootstrap: 0, calendar_time: [capm]}
"""


def _csv(ticker: str) -> pd.DataFrame:
    return pd.read_csv(CACHE / f"{ticker}.csv", index_col="Date", parse_dates=True)


def _rule(p_up: float, p_down: float, p_two: float, direction: str,
          local: dict | None = None) -> str:
    """The one-sided alpha rule, written out independently: the test and the local reference."""
    lg, ll = (local["p_greater"], local["p_less"]) if local else (0.0, 0.0)
    if direction == "any":
        return ("supported" if p_two < ALPHA and min(1, 2 * min(lg, ll)) < ALPHA
                else "not supported")
    p, q = (p_up, p_down) if direction == "up" else (p_down, p_up)
    lp, lq = (lg, ll) if direction == "up" else (ll, lg)
    if p < ALPHA and lp < ALPHA:
        return "supported"
    return "contradicted" if q < ALPHA and lq < ALPHA else "not supported"


def _volume_fit(ticker: str) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, object]:
    """OLS of log volume on the market's: residuals, window AVs (days 0, 1), scale, X*, fit."""
    v, m = _csv(ticker)["Volume"], _csv("^GSPC")["Volume"]
    pos = v.index.get_loc(DAY0)
    est = v.index[pos - 250: pos - 10]
    ols = sm.OLS(np.log1p(v.loc[est]).to_numpy(),
                 sm.add_constant(np.log1p(m.loc[est]).to_numpy())).fit()
    win = v.index[pos: pos + 2]
    xw = sm.add_constant(np.log1p(m.loc[win]).to_numpy())
    av = np.log1p(v.loc[win]).to_numpy() - xw @ ols.params
    return ols.resid, av, float(ols.scale), xw, ols


def _rho(e: np.ndarray) -> float:
    e = e - e.mean()
    return max(0.0, float(e[1:] @ e[:-1] / (e @ e)))


@pytest.fixture(scope="module")
def apple() -> object:
    return run(REPO / "studies" / "apple_warning.yaml", offline=True)


@pytest.fixture(scope="module")
def trading(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = tmp_path_factory.mktemp("trading") / "trading.yaml"
    path.write_text(STUDY % CACHE)
    return run(path, offline=True)


def _record(result: object, cid: str) -> dict:
    return next(r for r in result.claim_records if r["id"] == cid)  # type: ignore[attr-defined]


def test_apple_heavy_trading_matches_statsmodels(apple: object) -> None:
    rec = _record(apple, "apple_heavy_trading")
    resid, av, scale, xw, ols = _volume_fit("AAPL")
    se = np.sqrt(scale + xw[:1] @ ols.cov_params() @ xw[:1].T)[0, 0]  # one day: no AR(1)
    t = av[0] / se
    p_up, p_down = stats.t.sf(t, ols.df_resid), stats.t.cdf(t, ols.df_resid)
    test = rec["activity"]["test"]
    assert test["statistic"] == pytest.approx(t, rel=1e-8)
    assert test["p_greater"] == pytest.approx(p_up, rel=1e-6)
    # local reference by brute force: the abnormal log volume of every ordinary session
    # within 20 of day 0, the rule's neighbourhood for a one-day window (-1..+1: the
    # event's own and robustness windows), SQ counting (the event among the sums)
    v, m = _csv("AAPL")["Volume"], _csv("^GSPC")["Volume"]
    av_all = np.log1p(v).to_numpy() - ols.params[0] - ols.params[1] * np.log1p(m).to_numpy()
    pos = v.index.get_loc(DAY0)
    ref = [av_all[pos + k] for k in range(-20, 21) if k not in (-1, 0, 1)]  # h = 20 for [0,0]
    local = {"p_greater": (1 + sum(u >= av[0] for u in ref)) / (len(ref) + 1),
             "p_less": (1 + sum(u <= av[0] for u in ref)) / (len(ref) + 1)}
    assert rec["activity"]["local"]["p_greater"] == pytest.approx(local["p_greater"])
    assert rec["activity"]["local"]["p_less"] == pytest.approx(local["p_less"])
    assert rec["verdict"] == _rule(p_up, p_down, np.nan, "up", local) == "supported"
    assert rec["measure"] == "volume" and rec["price_verdict"] == "contradicted"
    assert "2.6 times its normal volume" in rec["activity"]["sentence"]
    assert "Thursday 3 Jan 2019" in rec["activity"]["sentence"]
    assert rec["activity"]["rows"][0]["volume_ratio"] == pytest.approx(np.exp(av[0]), rel=1e-8)


def test_apple_volatility_claim_matches_statsmodels_and_scipy_f(apple: object) -> None:
    # Carhart on excess returns: R - RF on Mkt-RF, SMB, HML, Mom (percent / 100)
    px = _csv("AAPL")["Adj Close"]
    r = px.pct_change()
    ff = pd.read_csv(CACHE / "factors" / "ff3_daily.csv", index_col="date", parse_dates=True)
    mom = pd.read_csv(CACHE / "factors" / "momentum_daily.csv", index_col="date",
                      parse_dates=True)
    f = ff.join(mom, how="inner") / 100.0
    pos = r.index.get_loc(DAY0)
    est, win = r.index[pos - 250: pos - 10], r.index[pos: pos + 2]
    cols = ["Mkt-RF", "SMB", "HML", "Mom"]
    ols = sm.OLS((r.loc[est] - f.loc[est, "RF"]).to_numpy(),
                 sm.add_constant(f.loc[est, cols].to_numpy())).fit()
    pred = ols.get_prediction(sm.add_constant(f.loc[win, cols].to_numpy(), has_constant="add"))
    ar = (r.loc[win] - f.loc[win, "RF"]).to_numpy() - pred.predicted_mean
    vr = float(np.mean((ar / pred.se_obs) ** 2))
    p_up = stats.f.sf(vr, 2, ols.df_resid)
    rec = _record(apple, "apple_volatility")
    assert rec["activity"]["test"]["statistic"] == pytest.approx(vr, rel=1e-8)
    assert rec["activity"]["test"]["p_greater"] == pytest.approx(p_up, rel=1e-6)
    assert rec["verdict"] == _rule(p_up, 1 - p_up, np.nan, "up",
                                   rec["activity"]["local"]) == "supported"


def test_single_asset_volume_contradicted_over_two_days(trading: object) -> None:
    rec = _record(trading, "apple_volume_down")
    resid, av, scale, xw, ols = _volume_fit("AAPL")
    rho = _rho(resid)
    var = (scale * 2 + (xw @ ols.cov_params() @ xw.T).sum()) * (2 + 2 * rho) / 2
    t = av.sum() / np.sqrt(var)
    p_up, p_down = stats.t.sf(t, ols.df_resid), stats.t.cdf(t, ols.df_resid)
    assert rec["activity"]["test"]["statistic"] == pytest.approx(t, rel=1e-8)
    assert rec["verdict"] == _rule(p_up, p_down, np.nan, "down",
                                   rec["activity"]["local"]) == "contradicted"
    assert rec["reason"].startswith(("More trading than normal", "Unusual against"))


def test_group_volume_is_brown_warner_crude_with_ar1(trading: object) -> None:
    fits = [_volume_fit(t) for t in ("CAT", "DE", "BA")]
    aar_est = np.mean([f[0] for f in fits], axis=0)  # averaged residuals, by relative day
    caar = np.mean([f[1] for f in fits], axis=0).sum()
    rho = _rho(aar_est)
    t = caar / (np.sqrt(2) * aar_est.std(ddof=1) * np.sqrt(1 + rho))
    dof = aar_est.size - 1
    p_up, p_down = stats.t.sf(t, dof), stats.t.cdf(t, dof)
    rec = _record(trading, "china_volume")
    assert rec["activity"]["test"]["statistic"] == pytest.approx(t, rel=1e-8)
    assert rec["activity"]["test"]["p_greater"] == pytest.approx(p_up, rel=1e-6)
    assert rec["verdict"] == _rule(p_up, p_down, np.nan, "up", rec["activity"]["local"])
    assert len(rec["activity"]["rows"]) == 3 and "Brown-Warner" in rec["activity"]["method"]


def test_group_volatility_is_the_portfolio_variance_ratio(trading: object) -> None:
    ret = pd.concat([_csv(t)["Adj Close"].pct_change() for t in ("CAT", "DE", "BA")], axis=1)
    rp = ret.mean(axis=1)
    rm = _csv("^GSPC")["Adj Close"].pct_change()
    pos = rp.index.get_loc(DAY0)
    est = rp.index[pos - 250: pos - 10]
    ols = sm.OLS(rp.loc[est].to_numpy(), sm.add_constant(rm.loc[est].to_numpy())).fit()
    pred = ols.get_prediction(np.array([[1.0, rm.loc[DAY0]]]))
    vr = float(((rp.loc[DAY0] - pred.predicted_mean[0]) / pred.se_obs[0]) ** 2)
    p_up = stats.f.sf(vr, 1, ols.df_resid)
    rec = _record(trading, "china_volatility")
    assert rec["activity"]["test"]["statistic"] == pytest.approx(vr, rel=1e-8)
    assert rec["verdict"] == _rule(p_up, 1 - p_up, np.nan, "up", rec["activity"]["local"])


def test_any_direction_is_two_sided_and_never_contradicted(trading: object) -> None:
    rec = _record(trading, "apple_volatility_any")
    test = rec["activity"]["test"]
    assert rec["verdict"] == _rule(np.nan, np.nan, test["p_value"], "any",
                                   rec["activity"]["local"]) == "supported"
    for stat in (-3.0, -1.0, 0.5, 3.0):  # verdict rule against scipy's t
        res = t_test(stat, 1.0, 100)
        p_up, p_down = stats.t.sf(stat, 100), stats.t.cdf(stat, 100)
        for d in ("up", "down", "any"):
            got = activity_verdict(res, d, ALPHA, "volume").verdict  # no local reference
            assert got == _rule(p_up, p_down, 2 * min(p_up, p_down), d), (stat, d)
            for lg in (0.01, 0.5, 0.99):  # with one: both must reject
                loc = {"p_greater": lg, "p_less": 1 - lg + 0.005}
                got = activity_verdict(res, d, ALPHA, "volume", (lg, loc["p_less"])).verdict
                assert got == _rule(p_up, p_down, 2 * min(p_up, p_down), d, loc), (stat, d, lg)


def test_return_claims_are_untouched_and_analyses_implied(apple: object,
                                                         trading: object) -> None:
    rec = _record(apple, "apple_fell")
    assert "activity" not in rec and rec["verdict"] == "supported"
    analyses = trading.resolved["analyses"]  # type: ignore[attr-defined]
    # no volume/volatility under analyses:, but the claims need them
    assert analyses["volume"]["rows"] and analyses["volatility"]


def test_report_shows_activity_and_further_analyses_escaped(trading: object) -> None:
    html = render_html(trading)  # type: ignore[arg-type]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "$AAPL$" in html and "$x$" in html  # shown literally, nothing interprets $
    assert 'id="analyses"' in html and "Further analyses" in html
    assert "Overlapping windows" in html  # the long-run caveats
    assert 'id="activity-china_volume"' in html and "Judged on <b>trading volume</b>" in html
    # the answer sentence is the volume one, not the price move
    i = html.index('id="answer-china_volume"')
    answer = html[i: html.index("</li>", i)]
    assert "traded on average" in answer and "beyond their normal return" not in answer
    for table in ("analysis-table", "activity-table"):  # every table scrolls in its own box
        assert html.count(f'<div class="scroll"><table class="{table}">') == html.count(
            f'class="{table}"')


def test_measure_field_in_the_study_file(tmp_path: Path) -> None:
    text = STUDY % CACHE
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("measure: volatility}", "measure: volatilty}", 1))
    with pytest.raises(SpecError, match="measure"):
        Study.from_yaml(bad)
    nobench = tmp_path / "nobench.yaml"
    nobench.write_text(text.replace("benchmark: ^GSPC, ", "").replace(
        "model: {kind: market,", "model: {kind: constant_mean,"))
    with pytest.raises(SpecError, match="volume claim needs a market volume proxy"):
        Study.from_yaml(nobench)
    assert Study.from_yaml(REPO / "studies" / "trade_talks.yaml").claims[0].measure == "return"


def test_apple_answer_says_heavy_trading_in_words(apple: object) -> None:
    html = render_html(apple)  # type: ignore[arg-type]
    i = html.index('id="answer-apple_heavy_trading"')
    answer = html[i: html.index("</li>", i)]
    assert "Yes, unusually heavy trading" in answer
    assert "traded 2.6 times its normal volume" in answer
    assert "beyond normal (its price" not in answer  # not the price sentence
    assert "Further analyses" in html and 'id="analyses-long-run"' in html
