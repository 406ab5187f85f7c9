"""Short articles written for these tests (our own text) -> expected draft.

The expected events, claims and assets were read off each article by hand,
with the resolution rules of eventstudy.draft.dates (docs/draft.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventstudy.draft import draft_study, load_mapping, summary, to_yaml
from eventstudy.exceptions import DraftError

ARTICLES = Path(__file__).parent / "data" / "articles"
D = dt.date


def _draft(name: str, **kw):
    text = (ARTICLES / name).read_text(encoding="utf-8")
    return draft_study(text, source_name=name, **kw)


def _claims(draft):
    return {
        c.id: (c.subject.subject.key, c.direction, c.window, c.event.id if c.event else None)
        for c in draft.claims
    }


# ------------------------------------------------------------------ truce_talks.txt
def test_truce_talks_dateline_from_bloomberg_header():
    # "By Bloomberg News" / "December 31, 2018, 5:00 AM EST" / "(Bloomberg) --": no --date
    d = _draft("truce_talks.txt")
    assert d.dateline.date == D(2018, 12, 31)
    assert (d.dateline.time, d.dateline.zone) == (dt.time(5, 0), "America/New_York")
    assert d.dateline.publisher == "Bloomberg"
    assert d.dateline.origin == "header line 4"
    # the dateline is never an event, and the headline is the title
    assert all(e.ref.first != D(2018, 12, 31) for e in d.events)
    assert "title: 'Draft: Markets Weigh a Trade Truce and New Talks'" in to_yaml(d)


def test_truce_talks_events():
    d = _draft("truce_talks.txt")
    got = {e.id: e.ref.when for e in d.events}
    assert got == {
        "tariffs-2018-12-01": D(2018, 12, 1),  # "on Saturday, Dec. 1"
        "talks-announced-2018-12-27": D(2018, 12, 27),  # "said on Thursday" (Monday dateline)
        "talks-2019-01-07": {"from": D(2019, 1, 7), "to": D(2019, 1, 11)},  # week of Jan. 7
    }
    for e in d.events:  # every event is traceable to its sentence and phrase
        assert d.text[e.ref.start : e.ref.end] == e.ref.text
        assert e.sentence.start <= e.ref.start < e.ref.end <= e.sentence.end
        assert d.text[e.sentence.start : e.sentence.end] == e.sentence.text


def test_truce_talks_claims():
    d = _draft("truce_talks.txt")
    claims = _claims(d)
    # "US stocks, beaten down recently ..., received a boost from news of the upcoming talks"
    assert claims["us-stocks-down"] == (
        "us_stocks",
        "down",
        (-10, -1),
        "talks-announced-2018-12-27",
    )
    assert claims["us-stocks-up"] == ("us_stocks", "up", (0, 1), "talks-announced-2018-12-27")
    # "Chinese stocks slipped on Monday." -- no cause named: latest event before Monday, marked
    assert claims["chinese-stocks-down"] == (
        "chinese_stocks",
        "down",
        (0, 1),
        "talks-announced-2018-12-27",
    )
    # soybeans are named next to the truce, with no move asserted: a suggested 'any' claim
    soy = next(c for c in d.claims if c.subject.subject.key == "soybeans")
    assert (soy.direction, soy.move, soy.event.id) == ("any", "", "tariffs-2018-12-01")


def test_truce_talks_future_event_is_marked_not_silently_used():
    d = _draft("truce_talks.txt")
    up = next(c for c in d.claims if c.id == "us-stocks-up")
    assert any("talks-2019-01-07" in q and "after the move's date 2018-12-31" in q
               for q in up.review)
    assert any(r.where == "claims[1]" for r in d.review)


def test_truce_talks_assets_and_yaml():
    d = _draft("truce_talks.txt")
    text = to_yaml(d)
    for ticker in ("^GSPC", "^DJI", "^IXIC", "000001.SS", "^HSI", "SOYB"):
        assert f"ticker: {ticker}" in text
    assert "us_stocks: [^GSPC, ^DJI, ^IXIC]" in text
    assert "when: {from: 2019-01-07, to: 2019-01-11}" in text
    assert "# TODO(human): " in text and "needs_review:" in text
    assert "sentence 3, chars" in text  # traceable
    assert "needs a human decision (3)" in summary(d)


# ------------------------------------------------------------------ carmakers.txt
def test_carmakers_events_and_claims():
    d = _draft("carmakers.txt")
    assert d.dateline.date == D(2018, 12, 4)  # a Tuesday
    got = {e.id: e.ref.when for e in d.events}
    assert got == {
        # "said on Sunday" -> 2018-12-02; "on Monday" dates the rally, not an event
        "tariffs-2018-12-02": D(2018, 12, 2),
        "meet-2018-12-10": {"from": D(2018, 12, 10), "to": D(2018, 12, 14)},  # next week
    }
    claims = _claims(d)
    assert claims["automakers-up"] == ("automakers", "up", (0, 1), "tariffs-2018-12-02")
    assert claims["grain-traders-up"] == ("grain_traders", "up", (0, 1), "tariffs-2018-12-02")
    # "did not rise": negated -> any, and marked
    assert claims["banks-any"] == ("banks", "any", (0, 1), "tariffs-2018-12-02")
    banks = next(c for c in d.claims if c.id == "banks-any")
    assert any("negated" in q for q in banks.review)
    # the headline repeats the automakers move: one claim, not two
    assert sum(1 for c in d.claims if c.subject.subject.key == "automakers") == 1
    tickers = [t for s in d.subjects for t, _ in s.tickers]
    assert tickers[:8] == ["GM", "F", "TSLA", "ADM", "BG", "XLF", "JPM", "GS"]


# ------------------------------------------------------------------ new_year.txt
def test_new_year_with_date_option_and_orphan_move():
    d = _draft("new_year.txt", date="2019-01-02", timezone="Asia/Shanghai")
    assert d.dateline.origin == "--date"
    assert [(e.id, e.ref.when) for e in d.events] == [("survey-2019-01-01", D(2019, 1, 1))]
    claims = _claims(d)
    assert claims["chinese-stocks-down"] == ("chinese_stocks", "down", (0, 1), "survey-2019-01-01")
    assert claims["volatility-up"][0:2] == ("volatility", "up")
    wheres = [r.where for r in d.review]
    assert "source.publisher" in wheres  # no publisher given
    assert any("slumped" in r.question for r in d.review)  # unknown subject "Acme Widgets"
    assert "timezone: Asia/Shanghai" in to_yaml(d)


def test_no_dateline_is_a_draft_error():
    with pytest.raises(DraftError, match="--date"):
        _draft("new_year.txt")


def test_bad_timezone_is_a_draft_error():
    with pytest.raises(DraftError, match="time zone"):
        _draft("truce_talks.txt", timezone="Mars/Olympus")


# ------------------------------------------------------------------ mapping
@pytest.mark.parametrize(
    ("phrase", "tickers"),
    [
        ("U.S. stocks rose", ["^GSPC", "^DJI", "^IXIC"]),
        ("Chinese shares fell", ["000001.SS", "^HSI"]),
        ("soybean futures jumped", ["SOYB"]),
        ("carmakers slid", ["GM", "F", "TSLA"]),
        ("the financial sector gained", ["XLF", "JPM", "GS"]),
        ("grain traders slumped", ["ADM", "BG"]),
    ],
)
def test_default_mapping(phrase, tickers):
    found = load_mapping().find(phrase)
    assert len(found) == 1
    assert [t for t, _ in found[0].subject.tickers] == tickers


def test_mapping_models():
    m = {s.key: s for s in load_mapping().subjects}
    assert m["us_stocks"].model == "constant_mean"
    assert m["banks"].model == "market" and m["banks"].benchmark == "^GSPC"
    assert "ZS=F" in m["soybeans"].note


def test_bad_mapping_file(tmp_path):
    bad = tmp_path / "map.yaml"
    bad.write_text("subjects:\n  x:\n    aliases: [foo]\n    kind: bond\n    tickers: [FOO]\n")
    with pytest.raises(DraftError, match=r"subjects\.x\.kind"):
        load_mapping(bad)
