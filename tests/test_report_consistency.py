"""Every number in the verdict summary equals the claim card and ``claims.json``.

The HTML is parsed with the standard library; numbers are formatted here
from ``claims.json`` with plain f-strings (not the report's filters) and
compared cell by cell. Also checks the headline answers a referee asks for:
the S&P 500 question and Shanghai's vs New York's day 0 for the Saturday call.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from eventstudy.report.answer import readable

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


class _Tables(HTMLParser):
    """Collect tables as lists of rows of cell texts, keyed by the enclosing article id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, str, list[list[str]]]] = []  # (article, class, rows)
        self._article = ""
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self._article = a.get("id") or ""
        elif tag == "table":
            rows: list[list[str]] = []
            self._stack.append(rows)
            self.tables.append((self._article, a.get("class") or "", rows))
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in {"td", "th"} and self._stack:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self._stack.pop()
        elif tag in {"td", "th"} and self._cell is not None and self._stack:
            self._stack[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "article":
            self._article = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:+.2f}%"


def _pv(x: float | None) -> str:
    return "n/a" if x is None else ("<0.001" if x < 0.001 else f"{x:.3f}")


def _mde(x: float | None, direction: str) -> str:
    if x is None:
        return "n/a"
    return f"\u00b1{abs(x) * 100:.2f}%" if direction == "any" else _pct(x)


@pytest.fixture(scope="module")
def outputs(bundled_run) -> tuple[_Tables, list[dict], dict, str]:  # noqa: ANN001
    out = bundled_run.out  # the shared session run (conftest)
    html = (out / "report.html").read_text()
    p = _Tables()
    p.feed(html)
    claims = json.loads((out / "claims.json").read_text())["claims"]
    study = json.loads((out / "study.json").read_text())
    return p, claims, study, html


def test_summary_equals_cards_and_claims_json(outputs) -> None:  # noqa: ANN001
    parsed, claims, _, _ = outputs
    summary = next(rows for _, cls, rows in parsed.tables if cls == "verdicts")
    header, body = summary[0], summary[1:]
    col = {name: i for i, name in enumerate(header)}
    assert len(body) == len(claims)
    for row, c in zip(body, claims, strict=True):
        assert row[col["claim"]].startswith(readable(c["id"]))
        assert row[col["verdict"]].startswith(c["verdict"])
        ci = f"{_pct(c['car'])} [{_pct(c['ci_low'])}, {_pct(c['ci_high'])}]"
        assert row[col["move beyond normal [95% range]"]] == ci, c["id"]
        assert row[col["p-value (t-test)"]] == _pv(c["p_value"])
        assert row[col["p-value (SQ test)"]] == _pv(c["p_value_sq"])
        assert row[col["p (t), adjusted for many claims"]] == _pv(c["p_value_bh"])
        assert row[col["smallest detectable move"]] == _mde(c["mde"], c["direction"])
        if c["direction"] == "down":
            assert c["mde"] < 0
        # the claim card: its first row is the judged target (group or the single asset)
        card = next(rows for art, cls, rows in parsed.tables
                    if art == f"claim-{c['id']}" and cls == "")
        chead, first = card[0], card[1]
        ccol = {name: i for i, name in enumerate(chead)}
        assert first[ccol["move beyond normal"]] == _pct(c["car"])
        assert first[ccol["95% range"]] == f"[{_pct(c['ci_low'])}, {_pct(c['ci_high'])}]"
        assert first[ccol["p (t-test)"]] == _pv(c["p_value"])
        assert first[ccol["p (SQ)"]] == _pv(c["p_value_sq"])
        assert first[ccol["p (t), adjusted"]] == _pv(c["p_value_bh"])
        assert first[ccol["smallest detectable"]] == _mde(c["mde"], c["direction"])
        assert first[ccol["verdict"]] == c["verdict"]
        # and claims.json's claim-level numbers are the judged target's
        head = c["portfolio"] or c["members"][0]
        for k in ("car", "p_value", "p_value_sq", "mde", "ci_low", "ci_high"):
            assert c[k] == head[k], (c["id"], k)


def test_no_group_claim_without_numbers(outputs) -> None:  # noqa: ANN001
    _, claims, _, _ = outputs
    for c in claims:
        assert c["car"] is not None and c["p_value"] is not None, c["id"]
        if len(c["assets"]) > 1:
            assert c["approach"] in {"time-series portfolio", "event-time portfolio"}


def test_disagreement_explained(outputs) -> None:  # noqa: ANN001
    _, claims, _, html = outputs
    for c in claims:
        if c["disagreements"]:
            note = c["disagreement_note"]
            assert all(t in note for t in c["disagreements"]) and "not a contradiction" in note
            assert str(escape(note)) in html  # shown on the card, escaped as jinja does


def test_boost_answered_first_with_weekdays_and_the_day_before(outputs) -> None:  # noqa: ANN001
    """The reader's question is answered in the first block, in words, with weekday dates."""
    _, claims, _, html = outputs
    boost = next(c for c in claims if c["id"] == "us_boost")
    answer = html[html.index('id="answer"'):html.index('id="headline-chart"')]
    i = answer.index('id="answer-us_boost"')
    sentence = answer[i:answer.index("</li>", i)]
    assert "received a boost from news of the upcoming talks" in sentence
    assert "Thursday 27 – Friday 28 Dec 2018" in sentence
    assert _pct(boost["car"]) in sentence
    assert str(escape(boost["reason"])) in sentence
    # the big move of the three indices came the session before the news: an independent
    # figure from the cached closes (mean of the three raw returns on Wednesday 2018-12-26)
    import pandas as pd

    raw = []
    for t in ("^GSPC", "^DJI", "^IXIC"):
        closes = pd.read_csv(REPO / "cache" / f"{t}.csv", index_col=0, parse_dates=True)
        col = "Adj Close" if "Adj Close" in closes else closes.columns[-1]
        s = closes[col].loc["2018-12-24":"2018-12-26"]
        raw.append(s.iloc[-1] / s.iloc[-2] - 1)
    j = sentence.index('<p class="sentence">')
    first = sentence[j:sentence.index("</p>", j)]
    assert "came the session before the news, on Wednesday 26 Dec 2018" in first
    assert f"rose {abs(boost['car']) * 100:.1f}% beyond normal" in first  # the record's CAR
    for jargon in ("CAR", "p=", "SQ", "estimation window", "80% power"):
        assert jargon not in first, jargon
    shown = float(first.split("The big jump, ")[1].split("%")[0])
    assert abs(shown - 100 * sum(raw) / 3) < 0.3  # raw mean vs abnormal (minus a tiny mean)


def test_shanghai_vs_new_york_day0_in_events(outputs) -> None:  # noqa: ANN001
    _, _, study, html = outputs
    d = next(x for x in study["day0_differences"] if x["event_id"] == "trump_call")
    day0 = {r["calendar"]: r["day0"] for r in d["rows"]}
    assert day0["XNYS"] == "2018-12-31" and day0["XSHG"] == "2019-01-02"
    events = html[html.index('id="events"'):html.index('id="diagnostics"')]
    assert 'id="day0-trump_call"' in events
    assert "Shanghai Wednesday 2 Jan 2019" in events and "New York Monday 31 Dec 2018" in events
