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
    without_trading,
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


def test_unchanged_price_on_normal_volume_is_not_thin_trading() -> None:
    """Unchanged closes count only on zero, missing or low (< 20 % of median) volume."""
    p = walk()
    days = ["2018-11-13", "2018-11-14", "2018-11-15", "2018-11-16", "2018-11-19"]
    for d in days:  # five unchanged closes in a row
        p.loc[d] = p.loc["2018-11-12"]
    rng = np.random.default_rng(4)
    vol = pd.Series(rng.uniform(800, 1200, len(SESS)), index=SESS)  # median about 1000
    vol.loc["2018-11-13"] = 950.0  # normal volume: a real zero return
    vol.loc["2018-11-14"] = 0.0  # nothing traded
    vol.loc["2018-11-15"] = np.nan  # volume unknown that day
    vol.loc["2018-11-16"] = 0.1 * vol.median()  # far below the median
    vol.loc["2018-11-19"] = 0.5 * vol.median()  # quiet but trading
    # independent: plain pandas, the rule written out
    floor = 0.2 * vol[vol > 0].median()
    same = p.diff() == 0
    expect = [d for d in SESS[same.to_numpy()] if not (vol[d] >= floor)]
    assert [f"{d:%m-%d}" for d in expect] == ["11-14", "11-15", "11-16"]
    assert list(unchanged_prices(p, volume=vol)) == expect
    assert list(without_trading(pd.DatetimeIndex(SESS[same.to_numpy()]), vol)) == expect
    assert len(unchanged_prices(p)) == 5  # without volume every unchanged close counts
    win = {"event 'e' window [0,0]": pd.DatetimeIndex([pd.Timestamp("2018-11-13")])}
    assert check_prices("S", p, win, volume=vol) == []
    win = {"event 'e' window [0,0]": pd.DatetimeIndex([pd.Timestamp("2018-11-16")])}
    (issue,) = check_prices("S", p, win, volume=vol)
    assert issue.kind == "thin_trading" and issue.dates == (pd.Timestamp("2018-11-16"),)
    assert "price unchanged with volume below 20% of its median or missing" in issue.message


def test_index_without_volume_still_flags_unchanged_prices() -> None:
    """An index reports volume 0 (or nothing) every day: volume unknown, not zero."""
    p = walk()
    p.loc["2018-12-04"] = p.loc["2018-12-03"]
    win = {"event 'e' window [0,1]": session_dates("XNYS", "2018-12-03", "2018-12-04")}
    for vol in (pd.Series(0.0, index=SESS), pd.Series(np.nan, index=SESS), None):
        issues = check_prices("IDX", p, win, volume=vol)
        assert [(i.kind, i.dates) for i in issues] == [
            ("thin_trading", (pd.Timestamp("2018-12-04"),))]
        assert "zero volume" not in issues[0].message  # no volume is not zero volume
    r = p.pct_change().iloc[1:]
    by_ret = check_returns("IDX", r, win, volume=pd.Series(0.0, index=SESS))
    assert [i.dates for i in by_ret] == [(pd.Timestamp("2018-12-04"),)]


def test_ford_unchanged_close_on_real_volume_is_clean(repo_cache: Path) -> None:
    """Ford (F) closed unchanged on 2018-12-27 on ordinary volume: no thin trading."""
    frame = pd.read_csv(repo_cache / "F.csv", index_col="Date", parse_dates=True)
    frame = frame.loc["2017-10-01":"2019-02-28"]
    close = frame["Adj Close"]
    day = pd.Timestamp("2018-12-27")
    assert close.loc[day] == close.loc[pd.Timestamp("2018-12-26")]  # the unchanged close
    assert frame["Volume"].loc[day] > 0.5 * frame["Volume"].median()  # ordinary volume
    win = {"event 'talks_report' window [0,1]":
           session_dates("XNYS", "2018-12-27", "2018-12-28")}
    assert check_prices("F", close, win, volume=frame["Volume"]) == []
    # without the volume the same close would be reported
    assert [i.kind for i in check_prices("F", close, win)] == ["thin_trading"]


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
