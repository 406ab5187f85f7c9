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

from eventstudy.pipeline import run

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
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[_Tables, list[dict], dict, str]:
    out = tmp_path_factory.mktemp("consistency")
    run(STUDY, out=out, offline=True)
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
        assert row[col["claim"]].startswith(c["id"])
        assert row[col["verdict"]].startswith(c["verdict"])
        ci = f"{_pct(c['car'])} [{_pct(c['ci_low'])}, {_pct(c['ci_high'])}]"
        assert row[col["CAR [95% CI]"]] == ci, c["id"]
        assert row[col["p (t)"]] == _pv(c["p_value"])
        assert row[col["p (SQ)"]] == _pv(c["p_value_sq"])
        assert row[col["p (t), BH"]] == _pv(c["p_value_bh"])
        assert row[col["MDE"]] == _mde(c["mde"], c["direction"])
        if c["direction"] == "down":
            assert c["mde"] < 0
        # the claim card: its first row is the judged target (group or the single asset)
        card = next(rows for art, cls, rows in parsed.tables
                    if art == f"claim-{c['id']}" and cls == "")
        chead, first = card[0], card[1]
        ccol = {name: i for i, name in enumerate(chead)}
        assert first[ccol["CAR"]] == _pct(c["car"])
        assert first[ccol["95% CI"]] == f"[{_pct(c['ci_low'])}, {_pct(c['ci_high'])}]"
        assert first[ccol["p (t)"]] == _pv(c["p_value"])
        assert first[ccol["p (SQ)"]] == _pv(c["p_value_sq"])
        assert first[ccol["p (t) BH"]] == _pv(c["p_value_bh"])
        assert first[ccol["MDE"]] == _mde(c["mde"], c["direction"])
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


def test_sp500_question_answered_in_summary(outputs) -> None:  # noqa: ANN001
    _, claims, study, html = outputs
    q = next(a for a in study["volatility_answers"] if a["claim_id"] == "us_boost")
    assert "2018-12-27 to 2018-12-28" in q["question"]
    assert q["answer"] in {"Yes", "No", "Only against the calmer estimation window, not "
                           "against the volatility of the time"}
    boost = next(c for c in claims if c["id"] == "us_boost")
    gspc = next(m for m in boost["members"] if m["target"] == "^GSPC")
    # the answer follows from the numbers it quotes
    sig = gspc["p_value"] < 0.05 and gspc["p_value_sq"] < 0.05
    assert (q["answer"] == "No") == (not sig)
    assert f"p = {gspc['p_value']:.3f}" in q["detail"]
    summary = html[html.index('id="verdicts"'):html.index('id="claims"')]
    assert "distinguishable from its normal volatility at that time?" in summary
    assert "2018-12-27 to 2018-12-28" in summary


def test_shanghai_vs_new_york_day0_near_top(outputs) -> None:  # noqa: ANN001
    _, _, study, html = outputs
    d = next(x for x in study["day0_differences"] if x["event_id"] == "trump_call")
    day0 = {r["calendar"]: r["day0"] for r in d["rows"]}
    assert day0["XNYS"] == "2018-12-31" and day0["XSHG"] == "2019-01-02"
    top = html[:html.index('<table class="verdicts"')]
    assert 'id="day0-trump_call"' in top and "Shanghai" in top and "New York" in top
