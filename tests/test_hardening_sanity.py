"""Data sanity: missing sessions, thin trading and split-like jumps are found in
the windows they affect and surfaced as warnings.

Prices are SYNTHETIC (seeded) except where the committed cache is named; the
expected dates are worked out independently in each test (by hand or with
plain numpy/pandas).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.cli import main
from eventstudy.data import session_dates
from eventstudy.data.sanity import (
    SanityIssue,
    check_prices,
    check_returns,
    emit,
    missing_sessions,
    split_like_jumps,
    unchanged_prices,
    zero_volume,
)
from eventstudy.exceptions import DataGapWarning, SplitLikeJumpWarning, ThinTradingWarning

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "data" / "bad"
SESS = session_dates("XNYS", "2018-10-01", "2018-12-31")


def walk(seed: int = 3) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(50 * np.exp(np.cumsum(rng.normal(0, 0.01, len(SESS)))), index=SESS)


def test_missing_sessions_by_hand() -> None:
    p = walk().drop([pd.Timestamp("2018-12-04"), pd.Timestamp("2018-12-06")])
    window = session_dates("XNYS", "2018-12-03", "2018-12-07")
    # 2018-12-05 was no session (national day of mourning), so only two are missing
    assert list(window.strftime("%d")) == ["03", "04", "06", "07"]
    assert list(missing_sessions(p, window)) == [pd.Timestamp("2018-12-04"),
                                                 pd.Timestamp("2018-12-06")]


def test_unchanged_prices_and_zero_volume() -> None:
    p = walk()
    p.loc["2018-11-13"] = p.loc["2018-11-12"]
    p.loc["2018-11-14"] = p.loc["2018-11-12"]
    vol = pd.Series(1000.0, index=SESS)
    vol.loc["2018-11-14"] = 0
    expect = [pd.Timestamp("2018-11-13"), pd.Timestamp("2018-11-14")]
    diffs = p.diff()
    assert list(diffs.index[diffs == 0]) == expect  # independent: plain pandas
    assert list(unchanged_prices(p)) == expect
    assert list(zero_volume(vol)) == [pd.Timestamp("2018-11-14")]
    assert len(zero_volume(pd.Series(0.0, index=SESS))) == 0  # indices report no volume


@pytest.mark.parametrize("factor", [2.0, 3.0, 1.5, 10.0, 0.5, 0.1, 1 / 3])
def test_split_like_jump_found(factor: float) -> None:
    p = walk()
    day = pd.Timestamp("2018-11-20")
    p.loc[day:] = p.loc[day:] / factor
    hits = split_like_jumps(p)
    assert [d for d, _, _ in hits] == [day]
    ratio = hits[0][1]
    # independent: the one-day ratio over consecutive prices
    prev = p.loc[:day].iloc[-2]
    assert ratio == pytest.approx(p.loc[day] / prev)
    assert hits[0][2] == pytest.approx(1 / factor, rel=0.05)


def test_ordinary_moves_are_not_split_like() -> None:
    rng = np.random.default_rng(9)
    p = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.04, 2000))),
                  index=pd.bdate_range("2010-01-01", periods=2000))
    ratios = p.to_numpy()[1:] / p.to_numpy()[:-1]
    assert ratios.min() > 1 / 1.45 and ratios.max() < 1.45  # no real jump in the walk
    assert split_like_jumps(p) == []


def test_check_prices_labels_each_window() -> None:
    p = walk()
    p = p.drop(pd.Timestamp("2018-12-04"))
    p.loc["2018-12-03":] = p.loc["2018-12-03":] / 2
    p.loc["2018-11-02"] = p.loc["2018-11-01"]
    windows = {"estimation window": session_dates("XNYS", "2018-10-01", "2018-11-15"),
               "event 'e' window [0,1]": session_dates("XNYS", "2018-12-03", "2018-12-04")}
    issues = check_prices("SYN", p, windows)
    kinds = {(i.kind, i.window) for i in issues}
    assert ("missing_sessions", "event 'e' window [0,1]") in kinds
    assert ("split_like_jump", "event 'e' window [0,1]") in kinds
    # one unchanged price in 34 estimation sessions is below the 10 % threshold
    assert ("thin_trading", "estimation window") not in kinds
    msg = next(i.message for i in issues if i.kind == "split_like_jump")
    assert "SYN, event 'e' window [0,1]: split-like price jump (2018-12-03 x0.5" in msg


def test_thin_trading_in_an_event_window() -> None:
    p = walk()
    p.loc["2018-12-04"] = p.loc["2018-12-03"]
    issues = check_prices("SYN", p, {"event 'e' window [0,1]":
                                     session_dates("XNYS", "2018-12-03", "2018-12-04")})
    assert [i.kind for i in issues] == ["thin_trading"]
    assert "price unchanged on 1 session(s) (2018-12-04)" in issues[0].message


def test_check_returns_matches_check_prices() -> None:
    p = walk()
    p.loc["2018-11-20":] = p.loc["2018-11-20":] / 3
    p.loc["2018-11-27"] = p.loc["2018-11-26"]
    p.loc["2018-12-10"] = np.nan
    r = p / p.ffill().shift(1) - 1  # trade-to-trade returns, NaN where the price is missing
    windows = {"w": SESS}
    by_price = {(i.kind, i.dates) for i in check_prices("S", p, windows, max_unchanged_share=0)}
    by_ret = {(i.kind, i.dates) for i in check_returns("S", r.iloc[1:], {"w": SESS[1:]},
                                                       max_unchanged_share=0)}
    assert by_price == by_ret


def test_emit_uses_the_warning_classes() -> None:
    issues = [SanityIssue(k, "T", "w", (), f"m {k}") for k in
              ("missing_sessions", "thin_trading", "split_like_jump")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        emit(issues)
    assert [w.category for w in caught] == [DataGapWarning, ThinTradingWarning,
                                            SplitLikeJumpWarning]


def test_real_cache_series_are_clean_in_the_trade_talks_windows(repo_cache: Path) -> None:
    """The committed GM series has no gap, stale price or split-like jump in late 2018."""
    frame = pd.read_csv(repo_cache / "GM.csv", index_col="Date", parse_dates=True)
    windows = {"est": session_dates("XNYS", "2018-01-02", "2018-11-30"),
               "ev": session_dates("XNYS", "2018-12-03", "2018-12-31")}
    assert check_prices("GM", frame["Adj Close"], windows, volume=frame["Volume"]) == []


def _split_run(tmp_path: Path, monkeypatch, capsys) -> str:
    """A split-like jump on day 0 of a run is shown as a warning, not silently used."""
    cache = tmp_path / "cache"
    shutil.copytree(REPO / "cache", cache)
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(cache))
    assert main(["cache", "import", "--cache", str(cache), "--ticker", "SPLT",
                 str(BAD / "synthetic_split.csv")]) == 0
    text = (BAD / "duplicate_claim_id.yaml").read_text().split("  - {id: autos_up, text: "
                                                                  "\"Again.\"")[0]
    text = text.replace("{ticker: F, name: Ford}", "{ticker: SPLT, name: Synthetic}")
    study = tmp_path / "s.yaml"
    study.write_text(text.replace("[GM, F]", "[GM, SPLT]"))
    capsys.readouterr()
    rc = main(["run", str(study), "--out", str(tmp_path / "out"), "--quiet"])
    cap = capsys.readouterr()
    assert rc == 0
    html = (tmp_path / "out" / "report.html").read_text()
    assert ("SplitLikeJumpWarning: SPLT, event &#39;truce&#39; window [0,0]: split-like price "
            "jump (2018-12-03 x0.501)") in html
    return cap.err


def test_split_warning_in_report(tmp_path: Path, monkeypatch, capsys) -> None:
    _split_run(tmp_path, monkeypatch, capsys)


def test_split_warning_text_in_cli(tmp_path: Path, monkeypatch, capsys) -> None:
    err = _split_run(tmp_path, monkeypatch, capsys)
    assert "split-like price jump (2018-12-03 x0.501)" in err
