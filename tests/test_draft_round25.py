"""draft: general rules added after round 24 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-23 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_clock_in_a_named_city_or_countrys_time_is_that_zone():
    # "at 11am in Istanbul" and "at 10.15am Korean time": the clock is the named place's,
    # not the newsroom's (Frankfurt) nor the market's
    text = ("date 2019-06-05 FRANKFURT, June 5 (Test Wire) -\n\n"
            "The lender's board met at 11am in Istanbul on Wednesday to set the rate.\n")
    (ev,) = draft_study(text).events
    assert ev.time is not None
    assert (ev.time.time, ev.time.timezone) == (dt.time(11, 0), "Europe/Istanbul")
    text = ("date 2019-06-05 HONG KONG, June 5 (Test Wire) -\n\n"
            "The two presidents shook hands at 10.15am Korean time on Wednesday.\n")
    (ev,) = draft_study(text).events
    assert ev.time is not None
    assert (ev.time.time, ev.time.timezone) == (dt.time(10, 15), "Asia/Seoul")


def test_a_report_said_that_figures_grew_in_a_month_is_dated_by_its_release():
    # "The institute said before trading began that factories added 40,000 jobs in May":
    # May is the figures' month; the report is the day's news, and the index's rise after
    # it is its move
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after a strong report on factory hiring.\n\n"
            "The institute said before the market opened that factories added 40,000 jobs "
            "in May.\n")
    draft = draft_study(text)
    assert not any(e.ref.first == dt.date(2019, 5, 1) for e in draft.events)
    (claim,) = _claims(text, "us_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 6, 5)


def test_a_wait_carries_past_an_aside_the_other_way_and_a_wait_naming_no_happening():
    # "Insurers rose on the eve of the central bank's decision." then "The Nasdaq slipped"
    # (the other way, no wait: an aside), "Insurers led the gains as traders positioned
    # for higher yields" (a wait naming nothing drafted) and "MetLife climbing 2 percent"
    # with no cause of its own: all wait for Thursday's decision, [-1, -1]
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday on the eve of a Federal Reserve decision that "
            "is expected to bring a rate increase.\n\n"
            "The Nasdaq slipped 0.1 percent.\n\n"
            "Bank stocks led the gains as traders positioned for higher yields.\n\n"
            "Goldman Sachs climbed 2 percent.\n\n"
            "The Fed will announce its decision at 2 p.m. on Thursday. Voters in Ohio went "
            "to the polls on Wednesday in a special election. The Labor Department will "
            "report retail sales on Thursday morning.\n")
    (banks,) = _claims(text, "banks")
    assert banks.window == (-1, -1)
    (goldman,) = _claims(text, "goldman")
    assert goldman.window == (-1, -1)
    assert goldman.event is not None and goldman.event.ref.first == dt.date(2019, 6, 6)


def test_two_acts_of_one_central_bank_told_ahead_on_one_day_are_one_happening():
    # "braced for a rate cut from the Federal Reserve on Wednesday" and "Fed officials ...
    # will release their statement at 2 p.m. on Wednesday": one scheduled act of one bank
    # ("Fed" alone names it), one event, timed by the statement
    text = ("date 2019-06-04 Test Wire\n\n"
            "U.S. stocks slipped on Tuesday as investors braced for a rate cut from the "
            "Federal Reserve on Wednesday.\n\n"
            "Fed officials began their meeting on Tuesday and will release their statement "
            "at 2 p.m. on Wednesday.\n\n"
            "Voters in Ohio went to the polls on Tuesday.\n")
    draft = draft_study(text)
    (ahead,) = [e for e in draft.events if e.ref.first == dt.date(2019, 6, 5)]
    assert ahead.time is not None and ahead.time.time == dt.time(14, 0)
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (-1, -1) and claim.event is not None
    assert claim.event.id == ahead.id


def test_a_day_recalled_in_the_past_perfect_lends_no_date_to_the_next_clock():
    # "On Monday, the S&P 500 had slumped 40 points." then "The Labor Department said
    # before the opening bell that ...": the release is the story's day, not Monday
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday.\n\n"
            "On Monday, the S&P 500 had slumped 40 points.\n\n"
            "The Labor Department said before the opening bell that factory orders grew at "
            "a 2% rate.\n")
    draft = draft_study(text)
    (orders,) = [e for e in draft.events if "order" in e.words]
    assert orders.ref.first == dt.date(2019, 6, 5)
    assert orders.time is not None and orders.time.time == dt.time(9, 30)


def test_another_markets_overnight_move_is_the_session_the_night_before():
    # "The index had fallen 2 percent on Thursday, following an overnight sell-off on Wall
    # Street": the mover's market is not named in its clause, but "overnight" tells New
    # York's session the night before Thursday -- Wednesday
    text = ("date 2019-06-07 TOKYO, June 7 (Test Wire) -\n\n"
            "Japanese stocks rose on Friday.\n\n"
            "The index had fallen 2 percent on Thursday, following an overnight sell-off on "
            "Wall Street.\n")
    (ev,) = draft_study(text).events
    assert ev.ref.first == dt.date(2019, 6, 5)


def test_an_undated_report_told_again_with_an_earlier_day_is_that_days():
    # "Tesla fell after a German newspaper reported that ..." (undated: the move's day, a
    # guess) and, two sentences on, "The Handelsblatt said on Monday, when U.S. markets were
    # closed, that Tesla would cut its delivery outlook": one report, Monday's
    text = ("date 2019-06-04 NEW YORK (Test Wire) -\n\n"
            "Tesla fell after a German newspaper reported that the carmaker will trim its "
            "delivery outlook for the Model 3 sedan.\n\n"
            "The shares dropped 3 percent on Tuesday.\n\n"
            "The Handelsblatt said on Monday, when U.S. markets were closed, that Tesla would "
            "cut its delivery outlook, citing suppliers.\n")
    draft = draft_study(text)
    assert [e.ref.first for e in draft.events] == [dt.date(2019, 6, 3)]
    (tesla,) = _claims(text, "tesla")
    assert tesla.event is not None and tesla.event.ref.first == dt.date(2019, 6, 3)


def test_a_gain_erased_with_its_size_named_is_no_move():
    # "A late sell-off erased a strong gain for U.S. stocks on Wednesday": the gain is the
    # session's path given up, told with its size; the one move is the fall
    text = ("date 2019-06-05 Test Wire\n\n"
            "A late sell-off erased a strong gain for U.S. stocks on Wednesday, after the "
            "Treasury announced a larger bond sale.\n")
    claims = _claims(text, "us_stocks")
    assert [c.direction for c in claims] == ["down"]
