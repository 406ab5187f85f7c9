"""draft: general rules added after round 27 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-26 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import event_with, moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_clock_told_a_little_after_the_hour_times_its_happening():
    # "a little after 2 p.m. Eastern time" hedges the clock as "shortly after" does: the
    # happening is timed 14:00 New York (the reviewer checks the minutes)
    text = ("date 2019-06-05 Test Wire\n\n"
            "NEW YORK (Test Wire) - Oil producers rallied on Wednesday.\n\n"
            "The governor signed the drilling bill in the state capital on Tuesday afternoon, "
            "a little after 3 p.m. Eastern time.\n")
    signed = event_with(draft_study(text), "signed the drilling bill")
    assert signed.ref.first == dt.date(2019, 6, 4)
    assert signed.time is not None and signed.time.time == dt.time(15, 0)
    assert signed.time.timezone == "America/New_York"


def test_a_day_told_of_what_a_remark_is_about_does_not_date_the_remark():
    # "after the minister said he was unhappy with the accord that ended the strike over the
    # weekend": the weekend is the accord's (a past relative clause on what the words are
    # about), the remark the news of the move's day -- Tuesday, not the weekend
    text = ("date 2019-06-04 Test Wire\n\n"
            "Automakers fell on Tuesday after the trade minister said he was unhappy "
            "with the accord that ended the dock strike over the weekend.\n")
    (autos,) = _claims(text, "automakers")
    assert autos.event is not None
    assert autos.event.ref.first == autos.event.ref.last == dt.date(2019, 6, 4)


def test_a_session_given_back_is_not_the_moves_day():
    # "gave back much of Monday's rally after ...": Monday's is the rally given back, not
    # the move's session -- the undated remark is news of the story's day (Tuesday)
    text = ("date 2019-06-04 Test Wire\n\n"
            "Automakers gave back much of Monday's rally after the trade minister said "
            "he was unhappy with the accord that ended the dock strike over the weekend.\n")
    claims = _claims(text, "automakers")
    assert claims and all(c.event is not None and c.event.ref.first == dt.date(2019, 6, 4)
                          for c in claims)


def test_a_when_clause_telling_news_after_the_movers_own_day_dates_the_news():
    # "fell 3 percent on Thursday after sliding 2 percent on Wednesday, when the Courier
    # reported that ...": Wednesday is the mover's own earlier session, but the when-clause
    # is that day's news -- a happening on Wednesday the fall follows
    text = ("date 2019-06-06 Test Wire\n\n"
            "Ford fell 3 percent on Thursday after sliding 2 percent on Wednesday, when the "
            "Detroit Courier reported that regulators had opened an inquiry into its brakes.\n")
    d = draft_study(text)
    report = event_with(d, "reported that regulators")
    assert report.ref.first == report.ref.last == dt.date(2019, 6, 5)
    assert all(c.event is report for c in moved_claims(d, "ford"))


def test_a_weekends_news_folds_into_its_day_told_by_its_acronym():
    # "after figures published over the weekend showed growth of the consumer price index
    # eased" and, two sentences on, "The statistics office said Sunday that the CPI rose
    # ...": the initials spell the acronym -- one happening, on Sunday, the Monday move's
    text = ("date 2019-06-10 Test Wire\n\n"
            "Chinese stocks closed higher Monday, after figures published over the weekend "
            "showed growth of the country's consumer price index eased in May.\n\n"
            "The Shanghai Composite Index gained 1.1 percent.\n\n"
            "The statistics office said Sunday that the CPI rose 2.7 percent from a year "
            "earlier.\n")
    d = draft_study(text)
    weekend = [e for e in d.events if e.ref.first <= dt.date(2019, 6, 9) <= e.ref.last]
    assert len(weekend) == 1 and weekend[0].ref.first == weekend[0].ref.last
    assert all(c.event is weekend[0] for c in moved_claims(d, "chinese_stocks"))


def test_a_change_at_the_start_of_next_year_is_dated_its_first_day():
    # "The levy is set to rise to 15 percent at the start of next year": the change takes
    # effect at the year's turn -- January 1, not the whole of next year
    text = ("date 2019-06-04 Test Wire\n\n"
            "Automakers fell on Tuesday after the government imposed a 5 percent levy on "
            "imported parts.\n\n"
            "The levy is set to rise to 15 percent at the start of next year.\n")
    d = draft_study(text)
    rise = event_with(d, "rise to 15 percent")
    assert rise.ref.first == rise.ref.last == dt.date(2020, 1, 1)


def test_a_happening_promised_for_a_day_reads_forward():
    # "an unveiling the company has promised for Thursday": the day is the unveiling's
    # (still ahead), not the promise's -- Thursday of this week, and Tuesday's rise waits
    # for it, [-2, -2]
    text = ("date 2019-06-04 Test Wire\n\n"
            "Tesla rose 3 percent on Tuesday as investors positioned for a product unveiling "
            "the company has promised for Thursday.\n")
    (tesla,) = _claims(text, "tesla")
    assert tesla.event is not None and tesla.event.ref.first == dt.date(2019, 6, 6)
    assert tesla.window == (-2, -2)


def test_a_clock_told_in_a_places_time_does_not_end_the_sentence():
    # "at 6 p.m. Seoul time on Thursday": "p.m." before a place's "time" is no sentence end
    from eventstudy.draft.text import split_sentences

    text = ("The company will unveil the phone at 6 p.m. Seoul time on Thursday. "
            "Analysts expect a higher price.")
    assert [s.text for s in split_sentences(text)] == [
        "The company will unveil the phone at 6 p.m. Seoul time on Thursday.",
        "Analysts expect a higher price."]


def test_a_clock_in_california_time_is_pacific():
    # "at 5 p.m. California time": the place's zone, America/Los_Angeles
    from eventstudy.draft.times import find_times

    found, zone = find_times("The company will unveil it at 5 p.m. California time on Friday.")
    assert found[0].time == dt.time(17, 0) and found[0].timezone == "America/Los_Angeles"


def test_a_sessions_best_day_since_a_date_is_a_comparison_base():
    # "rose 5 percent on Tuesday, its best day since Jan. 4, as investors positioned for
    # ...": January 4 is the comparison's base -- no second claim waiting from that day
    text = ("date 2019-06-04 Test Wire\n\n"
            "Tesla rose 5 percent on Tuesday, its best day since Jan. 4, as investors "
            "positioned for the company's quarterly results on Thursday.\n")
    (tesla,) = _claims(text, "tesla")
    assert tesla.window == (-2, -2)


def test_where_someone_is_told_in_a_relative_clause_dates_nothing():
    # "The prime minister, who is in Brussels on Monday for a summit, is expected to meet
    # the bank's chief on Wednesday": Monday tells where she is (a state), not a happening;
    # the meeting on Wednesday is the one happening
    text = ("date 2019-06-03 Test Wire\n\n"
            "European stocks rose on Monday as investors looked to the week ahead.\n\n"
            "The prime minister, who is in Brussels on Monday after two days in Paris, is "
            "expected to hold talks with the bank's chief on Wednesday.\n")
    d = draft_study(text)
    talks = [e for e in d.events if e.sentence.index == 1]
    assert [(e.ref.first, e.ref.last) for e in talks] == [(dt.date(2019, 6, 5),) * 2]


def test_a_days_happening_told_as_due_after_it_reads_forward_and_is_waited_for():
    # "trimmed positions before Friday's retail sales report, which is due at 8.30am": the
    # relative clause tells the report still ahead -- this Friday, and Wednesday's fall
    # waits for it, [-2, -2]
    text = ("date 2019-06-05 Test Wire\n\n"
            "European equities fell on Wednesday as investors trimmed positions before "
            "Friday's US retail sales report, which is due at 8.30am New York time.\n")
    (europe,) = _claims(text, "european_stocks")
    assert europe.event is not None and europe.event.ref.first == dt.date(2019, 6, 7)
    assert europe.window == (-2, -2)


def test_the_news_of_a_move_undone_is_not_the_undoing_moves_cause():
    # "Ford fell for a second straight day, wiping out most of the rally that followed the
    # company's upbeat forecast for truck sales": the forecast is the undone rally's news,
    # not the fall's -- the fall takes the latest news before it, Tuesday's report
    text = ("date 2019-06-05 Test Wire\n\n"
            "Ford fell for a second straight day, wiping out most of the rally that followed "
            "the company's upbeat forecast for truck sales.\n\n"
            "The shares dropped 3 percent on Wednesday after sliding 2 percent on Tuesday, "
            "when the Detroit Courier reported that regulators had opened an inquiry into its "
            "brakes.\n\n"
            "Ford issued the truck sales forecast at 4:15 p.m. on Monday.\n")
    d = draft_study(text)
    report = event_with(d, "reported that regulators")
    (lead,) = [c for c in moved_claims(d, "ford") if c.sentence.index == 0]
    assert lead.event is report


def test_markets_closed_ahead_told_in_the_present_are_a_closure_not_a_close():
    # "U.S. stock markets are closed Friday for Independence Day": "are closed" is a
    # closure still ahead (Friday), not the market's close of a session
    text = ("date 2019-07-03 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after the central bank chief hinted at a rate "
            "cut.\n\n"
            "U.S. stock markets are closed Thursday for Independence Day.\n")
    d = draft_study(text)
    shut = event_with(d, "are closed Thursday")
    assert shut.ref.first == shut.ref.last == dt.date(2019, 7, 4)


def test_a_quarters_sum_is_no_claim():
    # "Even with the gain, the index fell 2.1% in the first three months of the year" and
    # "The Dow lost 1.5% in the quarter": a quarter's sum, not a session's move
    text = ("date 2019-03-29 Test Wire\n\n"
            "U.S. stocks rose on Friday after the trade talks in Beijing ended on an upbeat "
            "note.\n\n"
            "Even with the gain, the S&P 500 fell 2.1% in the first three months of the year. "
            "The Dow lost 1.5% in the quarter.\n")
    assert [c.sentence.index for c in _claims(text, "us_stocks")] == [0]


def test_the_year_a_markets_run_began_dates_nothing():
    # "snapping a streak of monthly gains that began in 2016": the streak's first year is
    # the market's own path, no happening -- no event for 2016
    text = ("date 2019-05-31 Test Wire\n\n"
            "U.S. stocks fell on Friday after the president threatened tariffs on Mexico.\n\n"
            "The S&P 500 lost 6.6% in May, snapping a streak of monthly gains that began in "
            "2016.\n")
    d = draft_study(text)
    assert not [e for e in d.events if e.ref.first.year == 2016]
