"""draft: moves made in anticipation of a happening still ahead (docs/draft.md, "Attribution").

A move told as made ahead of a scheduled happening, with no other cause in its sentence,
is a pre-event claim on that happening: window ``[k, k]``, ``k < 0`` the move's session
counted from the happening's day 0 on the subject's exchange calendar. Each test reads a
short text written for the test (our own words, not the corpus). Every ``k`` is counted
again here on a pandas_market_calendars schedule (sessions and closes), independently
of :mod:`eventstudy.calendar`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pandas as pd
import pandas_market_calendars as pmc
import pytest
from draft_support import claim_of, event_with, resolve
from ruamel.yaml import YAML

from eventstudy.draft import draft_study
from eventstudy.draft.render import to_yaml
from eventstudy.report import words as W

NY = zoneinfo.ZoneInfo("America/New_York")


def _day0(calendar: str, when: dt.date | dt.datetime) -> dt.date:
    """Day 0 counted on the exchange's schedule: the first session whose close is after it.

    A date alone is day 0 on itself when it is a session, else on the next one; a clock
    after a session's close (or on a day without one) belongs to the next session.
    """
    day = when.date() if isinstance(when, dt.datetime) else when
    sched = pmc.get_calendar(calendar).schedule(day, day + dt.timedelta(days=14))
    for date, row in sched.iterrows():
        if date.date() < day:
            continue
        if not isinstance(when, dt.datetime) or row["market_close"] > pd.Timestamp(when):
            return date.date()
    raise AssertionError("no session within two weeks")


def _k(calendar: str, move_day: dt.date, day0: dt.date) -> int:
    """Minus the sessions of the exchange from the move's day up to, not including, day 0."""
    days = pmc.get_calendar(calendar).valid_days(move_day, day0 - dt.timedelta(days=1))
    return -len(days)


def test_a_move_ahead_of_results_due_after_the_close_is_a_pre_event_claim():
    # "Bank shares rose on Tuesday as investors positioned for the lenders' results, due
    # after the closing bell": the results at 16:15 New York reach the market on Wednesday
    # (day 0), so Tuesday's move is the session before it, [-1, -1], on the results
    text = ("date 2019-01-15 Test Wire\n\n"
            "Bank shares rose on Tuesday as investors positioned for the lenders' quarterly "
            "results, due after the closing bell.\n"
            "The largest lenders will publish their quarterly results at 4:15 p.m. on "
            "Tuesday.\n")
    draft = draft_study(text)
    results = event_with(draft, "will publish their quarterly results")
    banks = claim_of(draft, "banks")
    day0 = _day0("XNYS", dt.datetime(2019, 1, 15, 16, 15, tzinfo=NY))
    assert day0 == dt.date(2019, 1, 16)
    k = _k("XNYS", dt.date(2019, 1, 15), day0)
    assert k == -1
    assert banks.event is results and banks.window == (k, k)
    assert not banks.attribution_flagged  # the phrase names the results in their own words


def test_a_move_right_after_carries_the_wait_on_its_own_calendar():
    # "JPMorgan Chase gained 1.2 percent." right after the banks' move ahead of the results,
    # no cause of its own: the same wait, marked for review
    text = ("date 2019-01-15 Test Wire\n\n"
            "Bank shares rose on Tuesday as investors positioned for the lenders' quarterly "
            "results, due after the closing bell.\n"
            "JPMorgan Chase gained 1.2 percent.\n"
            "The largest lenders will publish their quarterly results at 4:15 p.m. on "
            "Tuesday.\n")
    draft = draft_study(text)
    jpm = claim_of(draft, "jpmorgan")
    assert jpm.event is claim_of(draft, "banks").event and jpm.window == (-1, -1)
    assert jpm.attribution_flagged
    assert any("made ahead of" in q for q in jpm.review)


def test_k_counts_sessions_across_a_holiday_and_a_weekend():
    # Wednesday 2018-03-28, duties from Monday 2018-04-02: Thursday is a session, Good
    # Friday (2018-03-30) a NYSE holiday, then the weekend -- two sessions before day 0
    text = ("date 2018-03-28 Test Wire\n\n"
            "U.S. stocks fell on Wednesday ahead of the new import duties, which will take "
            "effect on Monday.\n")
    draft = draft_study(text)
    stocks = claim_of(draft, "us_stocks")
    assert stocks.event is not None and stocks.event.ref.first == dt.date(2018, 4, 2)
    day0 = _day0("XNYS", dt.date(2018, 4, 2))
    k = _k("XNYS", dt.date(2018, 3, 28), day0)
    assert k == -2  # by hand: Wednesday 28, Thursday 29 (Friday 30 closed)
    assert stocks.window == (k, k)


def test_k_counts_sessions_across_a_weekend_on_the_subjects_own_calendar():
    # a Hong Kong move on Thursday ahead of a Saturday dinner: day 0 is Monday on XHKG, so
    # Thursday and Friday come before it
    text = ("date 2018-11-29 Test Wire\n\n"
            "Hong Kong stocks fell on Thursday as traders grew wary before the leaders' dinner "
            "on Saturday.\n")
    draft = draft_study(text)
    hk = claim_of(draft, "chinese_stocks")
    assert hk.event is not None and hk.event.ref.first == dt.date(2018, 12, 1)
    day0 = _day0("XHKG", dt.date(2018, 12, 1))
    assert day0 == dt.date(2018, 12, 3)
    k = _k("XHKG", dt.date(2018, 11, 29), day0)
    assert k == -2
    assert hk.window == (k, k)


def test_a_monday_move_ahead_of_a_tuesday_morning_testimony():
    # the date in the move's own clause after "ahead of" is the testimony's, not the move's
    text = ("date 2018-02-26 Test Wire\n\n"
            "The Dow gained 399 points on Monday ahead of the Fed chairman's first testimony "
            "to Congress on Tuesday.\n")
    draft = draft_study(text)
    dow = claim_of(draft, "us_stocks")
    assert dow.event is not None and dow.event.ref.first == dt.date(2018, 2, 27)
    k = _k("XNYS", dt.date(2018, 2, 26), _day0("XNYS", dt.date(2018, 2, 27)))
    assert dow.window == (k, k) == (-1, -1)


def test_a_cause_that_reached_the_market_keeps_the_reaction_window():
    # "... ahead of the central bank's decision on Wednesday, as bond yields fell after a
    # weak inflation report": the report reached Tuesday's session -- a reaction to it
    text = ("date 2019-01-15 Test Wire\n\n"
            "U.S. stocks rose on Tuesday ahead of the central bank's decision on Wednesday, as "
            "bond yields fell after a weak inflation report.\n")
    draft = draft_study(text)
    stocks = claim_of(draft, "us_stocks")
    decision = next(e for e in draft.events if e.ref.first == dt.date(2019, 1, 16))
    assert stocks.window == (0, 1)
    assert stocks.event is not decision
    assert stocks.event is not None and "inflation" in stocks.event.words


def test_news_of_the_happening_ahead_is_a_reaction_to_that_news():
    # "on news that the two countries will resume trade talks next week": the news reached
    # Tuesday's session; the talks are still ahead and are not the move's event
    text = ("date 2019-01-15 Test Wire\n\n"
            "U.S. stocks rose on Tuesday on news that the two countries will resume trade "
            "talks next week.\n")
    draft = draft_study(text)
    stocks = claim_of(draft, "us_stocks")
    assert stocks.window == (0, 1)
    assert stocks.event is not None and stocks.event.ref.first == dt.date(2019, 1, 15)


def test_a_wait_for_a_happening_no_event_names_is_marked():
    # the chairman's speech is given no date: nothing to count k from -- marked for review
    text = ("date 2019-01-15 Test Wire\n\n"
            "U.S. stocks edged lower on Tuesday as traders awaited a speech by the central "
            "bank's chairman.\n")
    draft = draft_study(text)
    stocks = claim_of(draft, "us_stocks")
    assert stocks.window == (0, 1) and stocks.attribution_flagged
    assert any("told as made 'awaited" in q for q in stocks.review)


def test_a_run_up_still_borrows_the_later_move_of_its_sentence():
    # the [-10, -1] window of a run-up told as such is the same mechanism: no happening of
    # its own, the event of the same subject's later move
    text = ("date 2018-12-27 Test Wire\n\n"
            "U.S. stocks, beaten down recently by worries about trade, rebounded on Thursday "
            "after officials said talks would take place next week.\n")
    draft = draft_study(text)
    claims = [c for c in draft.claims if c.move and c.subject.subject.key == "us_stocks"]
    windows = {c.window: c for c in claims}
    assert set(windows) == {(-10, -1), (0, 1)}
    assert windows[(-10, -1)].event is windows[(0, 1)].event


def test_render_writes_the_pre_event_window_and_says_what_it_tests():
    text = ("date 2019-01-15 Test Wire\n\n"
            "Bank shares rose on Tuesday as investors positioned for the lenders' quarterly "
            "results, due after the closing bell.\n"
            "The largest lenders will publish their quarterly results at 4:15 p.m. on "
            "Tuesday.\n")
    out = to_yaml(draft_study(text))
    study = YAML(typ="safe").load(out)
    assert [-1, -1] in study["event_windows"]
    (banks,) = [c for c in study["claims"] if c["id"] == "banks-up"]
    assert banks["window"] == [-1, -1]
    assert "a pre-event claim" in out and "not the reaction to it" in out


def test_window_words_of_a_pre_event_session():
    # [-1, -1] before news that came after the close: the session the news came after, on
    # the news's own date -- not "1 session before the news"
    assert W.window_words([-1, -1], "Tuesday 15 Jan 2019", same_day=False) == (
        "on Tuesday 15 Jan 2019, the last session before the news reached the market")
    assert W.window_words([-2, -2], "Thursday 29 Nov 2018", same_day=False) == (
        "on Thursday 29 Nov 2018, 2 sessions before the news reached the market")
    # news during day 0's session: the session before is a day before it
    assert W.window_words([-1, -1], "Monday 26 Feb 2018") == (
        "on Monday 26 Feb 2018, 1 session before the news")


def test_a_drafted_pre_event_claim_runs_and_gets_a_verdict(tmp_path, repo_cache):
    pipeline = pytest.importorskip("eventstudy.pipeline")
    from eventstudy.cli import main
    from eventstudy.report.answer import answer

    article = tmp_path / "apple.txt"
    article.write_text(
        "date 2019-01-29 Test Wire\n\n"
        "Apple shares slipped on Tuesday as investors braced for the iPhone maker's quarterly "
        "results, due after the closing bell.\n"
        "Apple will release the quarterly results at 4:30 p.m. on Tuesday.\n",
        encoding="utf-8")
    out = tmp_path / "study.yaml"
    assert main(["draft", str(article), "--out", str(out), "--cache", str(repo_cache)]) == 0
    drafted = YAML(typ="safe").load(out.read_text())
    (claim,) = [c for c in drafted["claims"] if c["id"] == "apple-down"]
    assert claim["window"] == [-1, -1] and [-1, -1] in drafted["event_windows"]
    result = pipeline.run(resolve(out), offline=True)
    record = next(r for r in result.claim_records if r["id"] == "apple-down")
    assert record["verdict"] in {"supported", "not supported", "contradicted"}
    (member,) = record["members"]
    day0 = _day0("XNYS", dt.datetime(2019, 1, 29, 16, 30, tzinfo=NY))
    assert member["day0"][:10] == day0.isoformat() == "2019-01-30"
    assert member["window_start"][:10] == member["window_end"][:10] == "2019-01-29"
    sentence = answer(result, record).sentence
    assert "Tuesday 29 Jan 2019, the last session before the news reached the market" in sentence
    assert "1 session before the news" not in sentence
