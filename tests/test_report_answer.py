"""The answer sentence per deciding-reason code, on constructed claim records.

Synthetic, hand-written records and frames (no run, no prices): each
``decided_by`` code of :func:`eventstudy.claims.rule.decide` must be worded in
plain language with the record's own CAR (rounded to one decimal), weekday
names that match the calendar (checked with :mod:`calendar`, independently
of pandas' formatting), no statistical jargon on the first screen, and the
verdict rule's ``reason`` kept verbatim one click away.
"""

from __future__ import annotations

import calendar
import datetime as dt
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from eventstudy.claims.rule import CODES
from eventstudy.report import answer as A
from eventstudy.report.markdown import md

JARGON = ("CAR", "p=", "p-value", "SQ", "estimation window", "80% power", "sigma", "t-test")
# sessions around Thursday 2018-03-01 (weekdays; no US holiday in this stretch)
SESSIONS = pd.bdate_range("2018-02-23", "2018-03-07")
DAY0 = list(SESSIONS).index(pd.Timestamp("2018-03-01"))


def _weekday(iso: str) -> str:
    return calendar.day_name[dt.date.fromisoformat(iso).weekday()]


def _result(portfolio_ar: dict[int, float] | None = None, event_start: str = "2018-03-01"
            ) -> Any:
    """A stand-in StudyResult: a two-index group, one event, hand-written frames."""
    rows = []
    for asset, role, r in (("^A", "primary", 0.004), ("^B", "primary", 0.002),
                           ("portfolio:us_indices", "portfolio", 0.003)):
        for i, d in enumerate(SESSIONS):
            k = i - DAY0
            ar = (portfolio_ar or {}).get(k, 0.001) if role == "portfolio" else 0.001
            rows.append({"event_id": "steel", "asset": asset, "date": d, "rel_day": k,
                         "return": r, "abnormal_return": ar, "role": role})
    cars = pd.DataFrame([{"event_id": "steel", "asset": "portfolio:us_indices",
                          "role": "portfolio", "sigma": 0.01, "rel_start": 0, "rel_end": 1,
                          "estimation_start": "2017-03-01", "estimation_end": "2018-02-15"}])
    resolved = {
        "study": {"title": "Steel", "claims": [{"id": "c", "assets": ["us_indices"],
                                                  "headline": True}],
                  "groups": {"us_indices": ["^A", "^B"]}},
        "assets": [{"ticker": "^A", "label": "Index A"}, {"ticker": "^B", "label": "Index B"}],
        "events": [{"id": "steel", "title": "Tariffs <b>on $5bn</b>", "start": event_start}],
    }
    return SimpleNamespace(resolved=resolved, abnormal_returns=pd.DataFrame(rows), cars=cars,
                           claim_records=())


def _record(verdict: str, code: str, direction: str, car: float, *, rate: float = 0.03,
            window: tuple[int, int] = (0, 1), start: str = "2018-03-01",
            end: str = "2018-03-02") -> dict[str, Any]:
    tgt = {"target": "portfolio:us_indices", "window_start": start, "window_end": end,
           "vol_ratio": 2.08, "p_value_regime": 0.19, "p_value_local": 0.06}
    return {
        "id": "c", "text": "US stocks fell on the announcement", "event_id": "steel",
        "window": list(window), "direction": direction, "verdict": verdict,
        "decided_by": code, "car": car, "alpha": 0.05,
        "reason": f"Rule text for {code} <i>verbatim</i> (t p=0.0333, SQ p=0.0417).",
        "placebo": {"n": 64, "k": round(rate * 64), "rate": rate, "text": "placebo words"},
        "p_value": 0.0333, "p_value_sq": 0.0417, "p_value_bh": 0.2, "mde": 0.031,
        "ci_low": -0.01, "ci_high": 0.02, "portfolio": tgt,
        "members": [{"target": t, "label": n, "window_start": start, "window_end": end}
                    for t, n in (("^A", "Index A"), ("^B", "Index B"))],
    }


CASES = {  # code -> verdict, direction, CAR, lead, deciding fact
    "supported": ("supported", "down", -0.0234, "Yes, an unusual fall",
                  "more than their usual swings in the year before, in the month before and "
                  "on ordinary days around that time"),
    "contradicted": ("contradicted", "down", 0.0234, "No, the opposite",
                     "they moved the other way, more than their usual swings"),
    "direction": ("not supported", "down", 0.0041, "No fall", "they moved the other way"),
    "missing": ("not supported", "any", -0.0121, "Cannot tell",
                "there was not enough data for every check"),
    "t": ("not supported", "up", 0.0064, "No unusual rise",
          "no bigger than their usual ups and downs in the year before"),
    "sq": ("not supported", "down", -0.0159, "No unusual fall",
           "moves this size happened often enough in the year before"),
    "regime": ("not supported", "down", -0.0159, "No unusual fall",
               "within their day-to-day swings that month, which were 2.1 times the usual"),
    "local": ("not supported", "any", -0.0165, "No unusual move",
              "moves this size were common on ordinary days around that time"),
}


def test_every_rule_code_has_a_case() -> None:
    assert set(CASES) == set(CODES)


@pytest.mark.parametrize("code", list(CASES))
def test_sentence_per_deciding_code(code: str) -> None:
    verdict, direction, car, lead, fact = CASES[code]
    rec = _record(verdict, code, direction, car)
    a = A.answer(_result(), rec, headline=True)
    assert a.sentence.startswith(f"{lead}: US indices ")
    assert a.lead == lead and a.body == a.sentence[len(lead) + 2:]
    assert a.sentence.endswith(f"\u2014 {fact}.")
    # the number is the record's CAR, rounded to one decimal, with the verb of its sign
    verb = "rose" if car > 0 else "fell"
    assert f"US indices {verb} {abs(car) * 100:.1f}% beyond normal" in a.sentence
    # weekday names from the calendar, not from our own formatting
    assert f"on {_weekday('2018-03-01')} 1 \u2013 {_weekday('2018-03-02')} 2 Mar 2018, the day " \
        "of the news and the session after" in a.sentence
    assert _weekday("2018-03-01") == "Thursday"
    for word in JARGON:
        assert word not in a.plain(), (code, word)
    numbers = dict(a.numbers)
    assert numbers["Verdict rule"] == rec["reason"]  # verbatim, one click away
    assert "t-test 0.033, SQ test 0.042" in numbers["p-values, claimed direction"]
    assert numbers["Ordinary days as pseudo-events"] == "placebo words"
    assert a.caution == ""  # 3% of ordinary days: no warning on the first screen
    assert a.news == "Tariffs <b>on $5bn</b> (Thursday 1 Mar 2018)"
    # the index's own price move: 0.4% a day compounded over two sessions
    assert f"(the Index A rose {((1.004 ** 2) - 1) * 100:.1f}% in all)" in a.sentence


def test_withheld_verdict_never_states_the_suspect_move() -> None:
    # decided_by "data" (claims.rule.VERDICT_CODES): a x100 price typo gives a CAR of +9517%;
    # the answer must say the prices look wrong and never print that move as a finding
    rec = _record("not supported", "data", "up", 95.1709)
    rec["reason"] = ("No verdict on CAR +9517.09%: a suspected price error on Thu 1 Mar 2018 "
                     "for CAT (a jump that reverses the next day) -- check the prices before "
                     "relying on this.")
    a = A.answer(_result(), rec, headline=True)
    assert a.lead == "Cannot tell: the prices look wrong"
    assert "9517" not in a.sentence and "beyond normal" not in a.sentence
    assert "a suspected price error on Thu 1 Mar 2018 for CAT" in a.sentence
    assert _weekday("2018-03-01").startswith("Thu")
    assert a.reason == rec["reason"]  # the rule's words stay one click away


def test_high_placebo_rate_is_a_plain_caution() -> None:
    a = A.answer(_result(), _record("not supported", "t", "down", -0.0753, rate=11 / 64))
    assert a.caution == ("Treat this with caution: on 11 of 64 ordinary days nearby, the same "
                         "check said \u201csupported\u201d.")
    assert a.caution in a.plain()
    # at exactly twice the level (the placebo text's threshold) there is no caution
    assert A.answer(_result(), _record("supported", "supported", "down", -0.03,
                                       rate=0.10)).caution == ""


def test_big_move_the_session_before_the_news() -> None:
    res = _result(portfolio_ar={-1: 0.0525})
    a = A.answer(res, _record("not supported", "t", "up", 0.0064), headline=True)
    day = "2018-02-28"
    assert a.big_move == (f"The big jump, +5.2%, came the session before the news, on "
                          f"{_weekday(day)} 28 Feb 2018.")
    assert _weekday(day) == "Wednesday"
    assert "about 5 times a normal day's swing" in dict(a.numbers)["Big move nearby"]
    assert a.big_move in a.plain()


def test_news_on_a_weekend_says_first_sessions_after() -> None:
    res = _result(event_start="2018-02-24")  # a Saturday; day 0 is the next session
    rec = _record("not supported", "t", "up", 0.01, start="2018-02-26", end="2018-02-27")
    a = A.answer(res, rec)
    assert f"on {_weekday('2018-02-26')} 26 \u2013 {_weekday('2018-02-27')} 27 Feb 2018, " \
        "the first two sessions after the news" in a.sentence
    assert "the day of the news" not in a.sentence


def test_run_up_window_words() -> None:
    rec = _record("not supported", "t", "down", -0.0753, window=(-20, -1),
                  start="2018-01-31", end="2018-02-28")
    a = A.answer(_result(), rec)
    assert (f"over the 20 sessions before the news ({_weekday('2018-01-31')} 31 Jan \u2013 "
            f"{_weekday('2018-02-28')} 28 Feb 2018)") in a.sentence


def test_summary_markdown_and_notebook_use_the_same_sentences() -> None:
    """One function words the answer; summary.md and the notebook block only render it."""
    from eventstudy.report.html import render_summary_html
    from eventstudy.report.markdown import to_markdown

    rec = _record("not supported", "regime", "down", -0.0159, rate=0.2)
    res = _result()
    res.claim_records = (rec,)
    res.resolved["versions"] = {}
    a = A.answers(res)[0]
    text = to_markdown(res)  # type: ignore[arg-type]
    assert md(a.plain()) in text and md(a.reason) in text
    from markupsafe import escape

    nb = render_summary_html(res)  # type: ignore[arg-type]
    assert str(escape(a.plain())) in nb and str(escape(a.reason)) in nb
