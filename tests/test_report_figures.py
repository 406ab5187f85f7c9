"""StudyResult.plot, the headline chart's numbers, headline claims and the answer helpers."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.report import answer as A
from eventstudy.report import figures
from eventstudy.report.markdown import md

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


@pytest.fixture(scope="module")
def result(bundled_run):  # noqa: ANN001, ANN201 - the shared session run (conftest)
    return bundled_run.result


def _close(ticker: str) -> pd.Series:
    f = pd.read_csv(REPO / "cache" / f"{ticker}.csv", index_col=0, parse_dates=True)
    return f["Adj Close"]


@pytest.mark.parametrize("kind", ["path", "bars", "timeline"])
def test_plot_returns_a_figure(result, kind: str) -> None:  # noqa: ANN001
    from matplotlib.figure import Figure

    fig = result.plot(claim="us_boost", kind=kind)
    assert isinstance(fig, Figure) and fig.axes


def test_plot_rejects_unknown_claim_and_kind(result) -> None:  # noqa: ANN001
    with pytest.raises(KeyError, match="us_boost"):
        result.plot(claim="nope")
    with pytest.raises(ValueError, match="path, bars, timeline"):
        result.plot(kind="pie")


def test_headline_path_rises_by_the_claims_car_over_its_window(result) -> None:  # noqa: ANN001
    rec = next(r for r in result.claim_records if r["id"] == "us_boost")
    ax = result.plot(claim="us_boost").axes[0]
    x, y = ax.lines[0].get_data()  # the group's average, in %
    path = pd.Series(np.asarray(y, float) / 100, index=pd.DatetimeIndex(x))
    before = path.loc[:pd.Timestamp(rec["portfolio"]["window_start"]) - pd.Timedelta(days=1)]
    end = path.loc[pd.Timestamp(rec["portfolio"]["window_end"])]
    assert end - before.iloc[-1] == pytest.approx(rec["car"], abs=1e-9)
    # the chart covers weeks around the news, beyond the run's own windows
    assert path.index.min() < pd.Timestamp("2018-11-27") < pd.Timestamp("2019-01-04") \
        < path.index.max()


def test_extended_abnormal_returns_are_raw_minus_the_fitted_mean(result) -> None:  # noqa: ANN001
    """Outside the run's windows: plain pandas from the cached closes minus the fitted mean."""
    ext = figures._extended_many(result, "talks_report", ["^GSPC"])["^GSPC"]
    fit = next(m for m in result.resolved["model_params"]
               if m["event_id"] == "talks_report" and m["asset"] == "^GSPC")
    close = _close("^GSPC")
    raw = close.loc["2019-01-04"] / close.loc[:"2019-01-03"].iloc[-1] - 1
    assert ext.loc["2019-01-04"] == pytest.approx(raw - fit["params"]["const"], abs=1e-12)
    # market-model asset: raw - (alpha + beta * benchmark), benchmark on the same dates
    cat = figures._extended_many(result, "talks_report", ["CAT"])["CAT"]
    fit = next(m for m in result.resolved["model_params"]
               if m["event_id"] == "talks_report" and m["asset"] == "CAT")
    c, g = _close("CAT"), close
    r = c.loc["2019-01-04"] / c.loc[:"2019-01-03"].iloc[-1] - 1
    m = g.loc["2019-01-04"] / g.loc[:"2019-01-03"].iloc[-1] - 1
    want = r - fit["params"]["const"] - fit["params"]["market"] * m
    assert cat.loc["2019-01-04"] == pytest.approx(want, abs=1e-12)


def test_headline_claims_default_to_the_first(result) -> None:  # noqa: ANN001
    assert A.headline_ids(result) == ["us_beaten_down", "us_boost"]
    study = json.loads(json.dumps(result.resolved["study"]))
    for c in study["claims"]:
        c.pop("headline", None)
    plain = dataclasses.replace(result, resolved={**result.resolved, "study": study})
    assert A.headline_ids(plain) == ["us_beaten_down"]
    assert [a.id for a in A.answers(plain)][0] == "us_beaten_down"


def test_readable_labels_and_weekday_dates() -> None:
    assert A.readable("us_boost") == "US boost"
    assert A.readable("china_hk_after_call") == "China HK after call"
    assert A.readable("banks") == "Banks"
    assert A.day_range("2018-12-27", "2018-12-28") == "Thursday 27 \u2013 Friday 28 Dec 2018"
    assert A.day_range("2018-12-31", "2019-01-02") == \
        "Monday 31 Dec 2018 \u2013 Wednesday 2 Jan 2019"
    assert A.day("2018-03-01") == "Thursday 1 Mar 2018"
    from eventstudy.report import words as W

    d = "Thursday 27 \u2013 Friday 28 Dec 2018"
    assert W.window_words([0, 1], d) == f"on {d}, the day of the news and the session after"
    assert W.window_words([0, 1], d, same_day=False) == \
        f"on {d}, the first two sessions after the news"
    assert W.window_words([-20, -1], "X") == "over the 20 sessions before the news (X)"


def test_markdown_escape() -> None:
    assert md("a|b *c* $x$ <i>") == "a\\|b \\*c\\* \\$x\\$ &lt;i&gt;"


def test_markdown_summary_matches_the_claims(result) -> None:  # noqa: ANN001
    text = result.to_markdown()
    rows = [ln for ln in text.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    assert len(rows) == len(result.claim_records)
    for row, rec in zip(rows, [r for r in result.claim_records if r["id"] in
                               A.headline_ids(result)] +
                        [r for r in result.claim_records if r["id"] not in
                         A.headline_ids(result)], strict=True):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == A.readable(rec["id"])
        assert cells[2] == rec["verdict"]
        assert cells[3] == f"{rec['car'] * 100:+.2f}%"
    boost = next(ln for ln in text.splitlines() if "received a boost" in ln)
    assert boost.startswith("- **Not supported**") or boost.startswith("- **Supported**") \
        or boost.startswith("- **Contradicted**")
    assert "Thursday 27 \u2013 Friday 28 Dec 2018" in boost


def test_notebook_repr_is_the_answer_block(result) -> None:  # noqa: ANN001
    html = result._repr_html_()
    assert "received a boost from news of the upcoming talks" in html
    assert "Thursday 27 \u2013 Friday 28 Dec 2018" in html
    assert "<svg" not in html  # text only: fast in a notebook


def test_placebo_text_and_reason_are_shown_never_recomputed(result) -> None:  # noqa: ANN001
    """The verdict rule's words are rendered as given (contract with the verdict stage)."""
    recs = []
    for r in result.claim_records:
        r = dict(r)
        if r["id"] == "us_boost":
            r.update(verdict="supported", reason="Decided by <b>the</b> placebo rule.",
                     placebo={"n": 200, "k": 7, "rate": 0.035,
                              "text": "Moves this large came on 7 of 200 ordinary sessions."})
        recs.append(r)
    res = dataclasses.replace(result, claim_records=tuple(recs))
    a = next(x for x in A.answers(res) if x.id == "us_boost")
    assert a.verdict == "supported" and a.css == "supported"
    assert a.placebo == "Moves this large came on 7 of 200 ordinary sessions."
    nb = res._repr_html_()
    assert "Decided by &lt;b&gt;the&lt;/b&gt; placebo rule." in nb
    assert "Moves this large came on 7 of 200 ordinary sessions." in nb
    md_text = res.to_markdown()
    assert "**Supported**: US indices" in md_text and "7 of 200 ordinary sessions" in md_text
