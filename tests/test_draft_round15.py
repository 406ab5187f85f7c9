"""draft: general rules added after round 14 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study, find_time_refs


def test_a_clock_told_in_the_past_is_not_on_a_day_still_ahead():
    # Wednesday 2019-12-11; Christmas (2019-12-25) is told ahead in the sentence before, the
    # governor's briefing "which started at 3 p.m." is told in the past: the story's day
    text = ("date 2019-12-11 Test Wire\n\n"
            "The central bank left rates unchanged on Wednesday.\n"
            "Lawmakers hope to pass the spending bill before Christmas.\n"
            "The governor spoke to reporters at a briefing, which started at 3 p.m.\n")
    d = draft_study(text)
    (ev,) = [e for e in d.events if "briefing" in e.sentence.text]
    assert ev.ref.first == dt.date(2019, 12, 11)
    assert ev.time is not None and ev.time.time == dt.time(15, 0)


def test_a_happening_called_off_is_one_still_ahead():
    # Monday 2019-03-11: "postponed Thursday's vote" -- a vote called off has not been held,
    # so it is the coming Thursday (2019-03-14), not the one before
    (r,) = find_time_refs("The speaker postponed Thursday's vote on the spending bill.",
                          dt.date(2019, 3, 11))
    assert r.first == dt.date(2019, 3, 14)
    (r,) = find_time_refs("The union called off the planned Friday strike at the port.",
                          dt.date(2019, 3, 11))
    assert r.first == dt.date(2019, 3, 15)
    # the day of the calling-off itself is told back: "postponed on Sunday" (2019-03-10)
    (r,) = find_time_refs("Traders watched a deadline that the president postponed on "
                          "Sunday.", dt.date(2019, 3, 11))
    assert r.first == dt.date(2019, 3, 10)


def test_the_movers_earlier_session_told_beside_its_move_is_no_claim():
    # one move of the day each: the main verb's; the gauge's doubling and the index's
    # Friday gain are the movers' earlier sessions
    text = ("date 2019-05-14 Test Wire\n\n"
            "Wall Street's fear gauge fell 15% on Tuesday after more than doubling on "
            "Monday.\n"
            "The Hang Seng Index dropped 0.6 per cent on Tuesday, erasing part of Monday's "
            "2.1 per cent gain.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "volatility")] == ["down"]
    assert [c.direction for c in moved_claims(d, "chinese_stocks")] == ["down"]
    # a move after "after" that is not a gerund is another subject's news, kept
    text = ("date 2019-05-14 Test Wire\n\n"
            "The Hang Seng Index rose 1 per cent on Tuesday after Wall Street's fear gauge "
            "fell 10 per cent.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "chinese_stocks")] == ["up"]


def test_a_move_summed_over_the_week_is_no_claim_of_the_day():
    # the day's rise is a claim; the week's sums told later are not claims of the day
    text = ("date 2019-05-17 Test Wire\n\n"
            "The S&P 500 rose 0.8 percent on Friday after strong retail sales.\n"
            "Investors had sold stocks on Monday after the president threatened new tariffs "
            "on Chinese goods.\n"
            "Retailers reported brisk demand for garden furniture.\n"
            "Economists expect the central bank to hold rates in June.\n"
            "For the week, the Nasdaq fell 0.5 percent.\n"
            "The Dow dropped about 300 points this week.\n")
    d = draft_study(text)
    assert [(c.direction, "retail" in c.sentence.text)
            for c in moved_claims(d, "us_stocks")] == [("up", True)]
    # "the second time this week" counts days: that drop is the day's own move
    text = ("date 2019-05-17 Test Wire\n\n"
            "The Dow fell more than 600 points on Friday, the second drop of that size "
            "this week, after the tariff threat.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "us_stocks")] == ["down"]


def test_a_second_cause_named_before_the_one_read_marks_the_attribution():
    # two causes in one sentence: the machinery maker's outlook lifted the Dow, the central
    # bank's hold the S&P 500; the draft reads the Fed's and must not vouch for it
    text = ("date 2019-06-19 Test Wire\n\n"
            "A rally in Caterpillar shares after the machinery maker raised its outlook "
            "lifted the Dow Jones Industrial Average on Wednesday, while the S&P 500 ended "
            "higher after the Federal Reserve held interest rates steady and said it saw "
            "slower growth.\n"
            "The company said before the opening bell that it expected 2020 sales of $55 "
            "billion.\n"
            "The Fed held rates in a statement released at 2 p.m. and said it saw slower "
            "growth this year.\n")
    d = draft_study(text)
    fed = [c for c in moved_claims(d, "us_stocks") if c.event is not None
           and "statement" in c.event.sentence.text]
    assert fed and all(c.attribution_flagged for c in fed)
    assert any("another cause" in r for c in fed for r in c.review)
    # one cause, elaborated after it ("helped by ..."): not marked for that
    text = ("date 2019-06-19 Test Wire\n\n"
            "Boeing shares rose 3% on Wednesday after the planemaker reported quarterly "
            "profit above forecasts, helped by strong demand for its jets.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "boeing")
    assert not any("another cause" in r for r in c.review)
