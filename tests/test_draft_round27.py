"""draft: general rules added after round 26 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-25 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_members_moving_the_same_way_before_the_waiters_clause_keep_the_wait():
    # "The fund fell 0.4 percent, with JPMorgan down 0.6 percent and Goldman down 0.5
    # percent, as traders trimmed positions ahead of ...": the members listed the same way
    # between the move and its waiters' clause are the move's own detail, so the wait is
    # the move's first reason; a member moving the other way is another thing told
    from eventstudy.draft.anticipation import told_ahead
    from eventstudy.draft.moves import moves

    text = ("The Financial Select Sector SPDR Fund fell 0.4 percent, with Citigroup down 0.6 "
            "percent and Wells Fargo down 0.5 percent, as traders trimmed positions ahead of "
            "the Federal Reserve's stress test results on Thursday.")
    assert all(told_ahead(text, m[0]) is not None for m in moves(text))
    text = ("Apple rose 2 percent to a record close, its fifth straight gain, as investors "
            "positioned for the company's quarterly results, due after the bell on Thursday.")
    assert told_ahead(text, text.index("rose")) is not None
    text = ("The Financial Select Sector SPDR Fund fell 0.4 percent, with Citigroup up 0.6 "
            "percent, as traders trimmed positions ahead of the Federal Reserve's stress test "
            "results on Thursday.")
    assert told_ahead(text, text.index("fell")) is None


def test_a_move_before_a_happening_told_in_the_present_waits_for_it():
    # "slipped on Tuesday before the largest lenders open their books on Thursday": the
    # present after "before" is a schedule -- Thursday reads forward, dates the happening
    # (not the move), and the move waits for it: [-2, -2] (Tuesday, Wednesday, day 0)
    text = ("date 2019-06-04 Test Wire\n\n"
            "Bank stocks slipped on Tuesday before the largest lenders open their books on "
            "Thursday.\n\n"
            "The S&P 500 rose 0.3 percent after Home Depot raised its outlook.\n")
    (banks,) = _claims(text, "banks")
    assert banks.window == (-2, -2)
    assert banks.event is not None and banks.event.ref.first == dt.date(2019, 6, 6)


def test_a_happenings_day_told_after_its_market_clock_reads_forward():
    # "ahead of results from Citigroup, Wells Fargo and JPMorgan before the opening bell on
    # Friday": the names' list and the market's clock are the happening's phrase; Friday is
    # the coming one (not last Friday), and the banks' move waits for it, [-3, -3]
    text = ("date 2019-06-04 Test Wire\n\n"
            "Bank stocks slipped on Tuesday, as traders cut positions ahead of results from "
            "Citigroup, Wells Fargo and JPMorgan before the opening bell on Friday.\n")
    (banks,) = _claims(text, "banks")
    assert banks.window == (-3, -3)
    assert banks.event is not None and banks.event.ref.first == dt.date(2019, 6, 7)


def test_a_clock_told_in_the_past_does_not_time_a_happening_still_ahead():
    # "Walmart rival Target reported results before the opening bell" after Walmart's results
    # told ahead for Thursday: a clock told in the past is the story's day's news, not
    # Thursday's happening
    text = ("date 2019-06-04 Test Wire\n\n"
            "Retail stocks rose on Tuesday ahead of Walmart's results on Thursday.\n\n"
            "Walmart rival Target reported results before the opening bell, beating "
            "estimates.\n")
    d = draft_study(text)
    timed = [e for e in d.events if e.time is not None]
    assert timed and all(e.ref.first == dt.date(2019, 6, 4) for e in timed)


def test_a_happenings_clock_told_after_a_wait_in_the_moves_clause_times_it():
    # "jumped 3 percent ahead of its own quarterly report after the close on Wednesday": the
    # clock is the report's (Wednesday 16:00, day 0 Thursday), so Tuesday's move is [-2, -2]
    # (a guard of the rule above: a time in a move's clause times nothing, but this one is
    # the happening's phrase)
    text = ("date 2019-06-04 Test Wire\n\n"
            "Stocks edged higher on Tuesday.\n\n"
            "Tesla jumped 3 percent ahead of its own quarterly report after the close on "
            "Wednesday.\n")
    (tesla,) = _claims(text, "tesla")
    assert tesla.window == (-2, -2)
    assert tesla.event is not None and tesla.event.time is not None


def test_a_happening_held_or_looked_to_in_the_present_is_still_ahead():
    # "hold" and "look" are states ("holds a stake"), but a meeting held, or looked to, in
    # the present is a schedule: "next Tuesday and Wednesday" the coming ones, and
    # "Friday's summit" the coming Friday, not last week's
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks fell on Wednesday after a report showed factory orders dropped.\n\n"
            "The central bank holds its next policy meeting next Tuesday and Wednesday.\n\n"
            "Investors are also looking to Friday's summit of European leaders in Brussels.\n")
    d = draft_study(text)
    meeting = [e for e in d.events if "policy meeting" in e.sentence.text]
    assert meeting and meeting[0].ref.first == dt.date(2019, 6, 11)
    assert meeting[0].ref.last == dt.date(2019, 6, 12)
    summit = [e for e in d.events if "summit" in e.sentence.text]
    assert summit and summit[0].ref.first == dt.date(2019, 6, 7)


def test_a_wait_told_with_before_and_a_present_in_the_waiters_clause_is_read():
    # "..., as investors held off from fresh bets before the next round of trade
    # negotiations opens in Singapore on Thursday": the waiters' clause after the move
    # waits with "before" and a present verb, as the move's own clause may
    from eventstudy.draft.anticipation import told_ahead

    text = ("Hong Kong stocks slipped on Tuesday, giving back part of Monday's surge, as "
            "investors held off from fresh bets before the next round of trade negotiations "
            "opens in Singapore on Thursday.")
    told = told_ahead(text, text.index("slipped"))
    assert told is not None and told.cue_text(text) == "before"
    # (the past after "before" is the move's own day: no wait)
    text = ("Hong Kong stocks slipped on Tuesday, as investors sold before the negotiators "
            "met in Singapore.")
    assert told_ahead(text, text.index("slipped")) is None


def test_a_product_event_held_in_the_present_and_a_future_after_before_look_ahead():
    # "The company holds its annual product event on Wednesday at 10 a.m.": an event held
    # in the present is the coming Wednesday; "a day before the company is expected to
    # unveil ..." waits as "before" with a present verb does
    from eventstudy.draft.anticipation import told_ahead

    text = ("date 2019-06-04 Test Wire\n\n"
            "Shares of the phone maker rose 2 percent on Tuesday.\n\n"
            "The company holds its annual product event in San Jose on Wednesday at 10 a.m. "
            "Pacific time.\n")
    d = draft_study(text)
    event = [e for e in d.events if "product event" in e.sentence.text]
    assert event and event[0].ref.first == dt.date(2019, 6, 5)
    text = ("The phone maker's shares rose on Tuesday as investors piled back into the stock a "
            "day before the company is expected to unveil its new watches.")
    assert told_ahead(text, text.index("rose")) is not None


def test_the_past_an_anniversary_recalls_is_history():
    # "The day marked 25 years since the February 1994 bond rout, when yields jumped ...":
    # February 1994 dates no event of the story, and the move told in it is no claim
    text = ("date 2019-02-04 Test Wire\n\n"
            "U.S. stocks rose on Monday after a report showed factory orders grew.\n\n"
            "The day marked 25 years since the February 1994 bond rout, when the Dow fell 3% "
            "in a single session.\n")
    d = draft_study(text)
    assert all(e.ref.first.year == 2019 for e in d.events)
    assert all("1994" not in c.sentence.text for c in d.claims)


def test_a_levels_first_time_since_a_date_dates_nothing():
    # "closing above 3,000 for the first time since March 4": the level's last time, a
    # comparison base, not a happening of the story
    text = ("date 2019-06-04 Test Wire\n\n"
            "U.S. stocks rose on Tuesday after a report showed factory orders grew.\n\n"
            "The S&P 500 gained 1.2 percent to 3,010.5 and the Dow added 306.88 points, or "
            "1.2%, to 26200.37, closing above 26000 for the first time since March 4.\n")
    d = draft_study(text)
    assert all(e.ref.first != dt.date(2019, 3, 4) for e in d.events)


def test_a_telling_in_the_present_perfect_is_no_announcement_of_the_day():
    # "The president has said he will name his pick on Thursday": a standing word, told
    # before the story's day -- Thursday's pick is the event, not an announcement today
    text = ("date 2019-06-04 Test Wire\n\n"
            "U.S. stocks rose on Tuesday after a report showed factory orders grew.\n\n"
            "The president has said he will name his pick for the central bank on Thursday.\n")
    d = draft_study(text)
    assert not [e for e in d.events if e.announcement]
    assert [e for e in d.events if e.ref.first == dt.date(2019, 6, 6)]


def test_another_things_climb_that_made_investors_wary_is_the_cause():
    # "as a sharp rise in German bond yields to their highest in more than three years made
    # investors nervous": the yields' rise is news of the day (not the market's own path),
    # and the claim's cause
    text = ("date 2019-06-04 Test Wire\n\n"
            "European stocks fell on Tuesday as a sharp rise in German bond yields to their "
            "highest in more than three years made investors nervous about valuations.\n\n"
            "The central bank meets on Thursday.\n")
    (eu,) = _claims(text, "european_stocks")
    assert eu.event is not None and "yields" in eu.event.sentence.text
    assert eu.event.ref.first == dt.date(2019, 6, 4) and eu.window == (0, 1)


def test_another_things_move_in_an_as_clause_is_the_cause():
    # "rallied on Friday as Treasury yields retreated from their highs": the yields' move is
    # the day's news the market took, an event of the day and the claim's cause
    text = ("date 2019-06-07 Test Wire\n\n"
            "U.S. stocks rallied on Friday as Treasury yields retreated from three-month "
            "highs.\n\n"
            "The central bank meets on Wednesday.\n")
    (us,) = _claims(text, "us_stocks")
    assert us.event is not None and "yields" in us.event.sentence.text
    assert us.event.ref.first == dt.date(2019, 6, 7) and us.window == (0, 1)


def test_a_week_that_includes_happenings_dates_each_of_them():
    # "a busy week that includes the central bank's decision on Wednesday, Nike's results
    # on Tuesday and the jobs report next Friday": the relative clause lists the week's
    # happenings (it does not bound a period, as "the year that began this month" does)
    text = ("date 2019-06-07 Test Wire\n\n"
            "U.S. stocks fell on Friday after a report showed hiring slowed.\n\n"
            "Investors now turn to a busy week that includes the central bank's decision on "
            "Wednesday, Nike's results on Tuesday and the retail sales report next Friday.\n")
    days = {e.ref.first for e in draft_study(text).events}
    assert {dt.date(2019, 6, 12), dt.date(2019, 6, 11), dt.date(2019, 6, 14)} <= days


def test_a_market_named_in_a_clause_describing_a_gauge_does_not_move():
    # "The Cboe Volatility Index, which measures expected swings in the S&P 500, fell": the
    # S&P 500 describes the gauge, it made no move of its own (as in an apposition)
    for text in ("The Cboe Volatility Index, which measures expected swings in the S&P 500, "
                 "fell for a fifth session.",
                 "The Cboe Volatility Index, widely considered the best fear gauge on Wall "
                 "Street, fell to 16.49."):
        d = draft_study("date 2019-06-07 Test Wire\n\n"
                        "U.S. stocks rose on Friday after a report showed hiring picked up.\n\n"
                        + text + "\n")
        assert len(_claims_of(d, "us_stocks")) == 1
        assert len(_claims_of(d, "volatility")) == 1


def _claims_of(d, key: str) -> list:
    """The drafted claims (with a move) of one subject in a drafted study."""
    return moved_claims(d, key)


def test_a_level_the_mover_recovered_from_dates_no_event():
    # "recovering from Friday's lowest close of the year": the mover's own earlier level,
    # neither news nor an event
    text = ("date 2019-06-10 Test Wire\n\n"
            "Chinese stocks rose on Monday after the central bank cut reserve requirements.\n\n"
            "The Shanghai Composite Index rose 1.1 percent, recovering from Friday's lowest "
            "close of the year.\n")
    assert all(e.ref.first != dt.date(2019, 6, 7) for e in draft_study(text).events)


def test_a_cause_timed_by_a_days_close_is_one_event():
    # "climbed after a regulatory filing after Wednesday's close showed ...": the day inside
    # the clock dates the filing the clock follows -- one event, Wednesday 16:00, not a
    # second one dated by "Wednesday's"
    text = ("date 2019-06-06 Test Wire\n\n"
            "U.S. stocks rose on Thursday as bond yields eased.\n\n"
            "Apple climbed 3.4% after a regulatory filing after Wednesday's close showed a "
            "large fund had added to its stake.\n")
    wed = [e for e in draft_study(text).events if e.ref.first == dt.date(2019, 6, 5)]
    assert len(wed) == 1 and wed[0].time is not None


def test_a_move_before_a_happening_told_after_the_close_waits_for_it():
    # "dropped 3 percent before the carmaker reported its quarterly results after the market
    # closed Wednesday": the past told after the day's close is a happening after the move's
    # session -- the move waits for it, [-1, -1] (day 0 Thursday)
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after a report showed hiring picked up.\n\n"
            "Tesla dropped 3 percent before the carmaker reported its quarterly results after "
            "the market closed Wednesday.\n")
    (tesla,) = _claims(text, "tesla")
    assert tesla.window == (-1, -1)
    assert tesla.event is not None and tesla.event.ref.first == dt.date(2019, 6, 5)


def test_an_index_named_back_by_it_makes_its_own_earlier_move():
    # "The Hang Seng Index fell 0.4 per cent on Tuesday. It had jumped 1.6 per cent on
    # Monday after ...": "It" opening the next sentence is the index; its earlier move, told
    # with a cause of its own, is a claim of that index
    text = ("date 2019-02-19 Test Wire\n\n"
            "Hong Kong stocks edged lower on Tuesday as investors took profits.\n\n"
            "The Hang Seng Index fell 0.4 per cent on Tuesday.\n\n"
            "It had jumped 1.6 per cent on Monday after negotiators in Geneva reported "
            "progress.\n")
    ups = [c for c in _claims(text, "chinese_stocks") if c.direction == "up"]
    assert len(ups) == 1 and ups[0].event is not None
    assert "negotiators" in ups[0].event.sentence.text
    # (no index named just before: "It" names none)
    text = ("date 2019-02-19 Test Wire\n\n"
            "Hong Kong stocks edged lower on Tuesday as investors took profits.\n\n"
            "The city's government said it would cut stamp duty.\n\n"
            "It had jumped 1.6 per cent on Monday after negotiators in Geneva reported "
            "progress.\n")
    assert not [c for c in _claims(text, "chinese_stocks") if c.direction == "up"]


def test_a_clock_told_right_before_its_day_in_a_moves_sentence_times_one_event():
    # "... before the carmaker reported its quarterly results after the market closed
    # Wednesday": the clock and the day right after it are one happening's -- one event,
    # timed, not a bare Wednesday beside the wait's own
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after a report showed hiring picked up.\n\n"
            "Tesla dropped 3 percent before the carmaker reported its quarterly results after "
            "the market closed Wednesday.\n")
    wed = [e for e in draft_study(text).events
           if e.ref.first == dt.date(2019, 6, 5) and "carmaker" in e.sentence.text]
    assert len(wed) == 1 and wed[0].time is not None


def test_a_cue_inside_the_awaited_happenings_phrase_drafts_no_cause():
    # "ahead of quarterly results that will show whether weeks of warnings from its
    # suppliers were overblown": "from" names what the results will tell, not news that
    # reached the market -- no event of the day drafted from it
    text = ("date 2019-04-29 Test Wire\n\n"
            "Apple rose on Monday as investors bought back into the stock ahead of quarterly "
            "results that will show whether weeks of warnings from its suppliers were "
            "overblown.\n\n"
            "Apple reports earnings after the close on Tuesday.\n")
    d = draft_study(text)
    assert not [e for e in d.events if e.ref.first == dt.date(2019, 4, 29)
                and "warnings" in e.sentence.text]
