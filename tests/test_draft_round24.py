"""draft: general rules added after round 23 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-22 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study
from eventstudy.draft.render import to_yaml


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_market_wait_for_a_day_told_as_its_owner_is_carried_by_the_index_after():
    # "Asian shares firmed on Wednesday as traders looked ahead to Thursday's central
    # bank meeting": Thursday's meeting is still ahead (the possessive day reads forward),
    # and the Nikkei told right after with no cause of its own waits for it too: Wednesday
    # is the session before Thursday's day 0 in Tokyo, [-1, -1]
    text = ("date 2019-06-05 Test Wire\n\n"
            "Asian shares firmed on Wednesday as traders looked ahead to Thursday's "
            "central bank meeting in Manila.\n\n"
            "Japan's Nikkei closed 0.4 percent higher at 21,100.\n")
    draft = draft_study(text)
    assert any(e.ref.first == dt.date(2019, 6, 6) for e in draft.events)
    (nikkei,) = _claims(text, "japanese_stocks")
    assert nikkei.window == (-1, -1)
    assert nikkei.event is not None and nikkei.event.ref.first == dt.date(2019, 6, 6)


def test_local_time_of_a_place_told_as_an_owner_is_that_places():
    # "at a hotel on Tokyo's waterfront at 10 a.m. local time": the clock is Tokyo's, as
    # "in Tokyo" would say, not the newsroom's
    text = ("date 2019-06-05 Test Wire\n\n"
            "The two ministers will meet at a hotel on Tokyo's waterfront at 10 a.m. local "
            "time on Friday.\n")
    (ev,) = draft_study(text).events
    assert ev.time is not None
    assert (ev.time.time, ev.time.timezone) == (dt.time(10, 0), "Asia/Tokyo")


def test_an_initials_stop_does_not_end_the_happenings_phrase():
    # "ahead of a new round of U.S. talks with Canadian negotiators": the stop of "U.S."
    # does not end the phrase, so "Canadian negotiators" names the meeting told in the next
    # sentence (Thursday's)
    text = ("date 2019-02-13 Test Wire\n\n"
            "U.S. stocks rose on Wednesday as investors grew hopeful ahead of a new round of "
            "U.S. talks with Canadian negotiators.\n\n"
            "The Canadian negotiators will meet the trade envoy on Thursday.\n")
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (-1, -1)
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 2, 14)


def test_a_wait_to_hear_what_a_happening_brings_is_a_wait():
    # "as investors waited to hear whether the central bank would cut rates at its meeting
    # on Thursday": a wait for Thursday's meeting, [-1, -1] from Wednesday
    text = ("date 2019-07-24 Test Wire\n\n"
            "European shares slipped on Wednesday as investors waited to hear whether the "
            "central bank would cut rates at its meeting on Thursday.\n")
    (claim,) = _claims(text, "european_stocks")
    assert claim.window == (-1, -1)
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 7, 25)


def test_a_bet_on_a_dated_happening_is_a_wait_and_an_undated_one_a_view():
    # "as investors wagered that the two sides will sign a deal when they meet on Saturday":
    # a wait for Saturday's meeting (day 0 Monday, so Friday is [-1, -1]); "bet that lower
    # taxes would lift profits" names no happening ahead: a view, no wait and no mark
    text = ("date 2019-11-29 Test Wire\n\n"
            "U.S. stocks rose on Friday as investors wagered that the two sides will sign a "
            "deal when they meet in Santiago on Saturday.\n")
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (-1, -1)
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 11, 30)
    text = ("date 2019-11-29 Test Wire\n\n"
            "The Senate passed the tax bill on Thursday.\n\n"
            "U.S. stocks rose on Friday as investors bet that lower taxes would lift profits "
            "next year.\n")
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (0, 1)
    assert not any("told as made" in r for r in claim.review)


def test_a_wait_to_hear_whether_runs_to_the_end_of_its_clause():
    # "waited to hear whether the bank's governor, Ann Smith, would step back from rate
    # rises at the meeting on Thursday": the commas of the apposition and the "from" inside
    # the happening's telling give no other cause; Eurozone shares are European stocks
    text = ("date 2019-07-24 Test Wire\n\n"
            "Eurozone shares slipped on Wednesday as investors waited to hear whether the "
            "bank's governor, Ann Smith, would step back from rate rises at the meeting on "
            "Thursday.\n")
    (claim,) = _claims(text, "european_stocks")
    assert claim.window == (-1, -1)
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 7, 25)


def test_an_aside_of_the_movers_own_path_gives_no_other_cause():
    # "..., recovering from a morning slide, as investors held back ahead of the jobs
    # report": the aside tells the market's own path, not news; the move waits for Friday's
    # report
    text = ("date 2019-03-07 Test Wire\n\n"
            "U.S. stocks edged higher on Thursday, recovering from a morning slide, as "
            "investors held back ahead of the monthly jobs report due on Friday.\n")
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (-1, -1)
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 3, 8)


def test_the_only_happening_told_ahead_is_the_one_waited_for():
    # "held back ahead of a closely watched inflation reading" + "The consumer-price index
    # is scheduled for release at 8:30 a.m. on Wednesday": no shared word, but it is the one
    # happening the story tells still ahead -- the wait's, marked
    text = ("date 2019-04-09 Test Wire\n\n"
            "U.S. stocks edged higher on Tuesday as investors held back ahead of a closely "
            "watched inflation reading.\n\n"
            "The consumer-price index is scheduled for release at 8:30 a.m. on Wednesday.\n")
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (-1, -1) and claim.attribution_flagged
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 4, 10)


def test_a_wait_after_a_mood_about_news_is_not_the_first_reason():
    # "as investors grew less worried about the strike and bought energy shares ahead of
    # the output meeting": the worry about the strike is the move's reason, not the wait
    text = ("date 2019-04-09 Test Wire\n\n"
            "U.S. stocks rose on Tuesday as investors grew less worried about the dock strike "
            "and bought energy shares ahead of the output meeting.\n\n"
            "The cartel's ministers will gather in Vienna on Thursday.\n")
    (claim,) = _claims(text, "us_stocks")
    assert claim.window == (0, 1)


def test_a_happening_due_after_the_close_is_drafted_from_the_waits_own_words():
    # "ahead of the chipmaker's quarterly results due after the closing bell" (past an aside
    # naming the leaders): no sentence dates the results, so they are drafted from the
    # wait -- Wednesday at the New York close, day 0 Thursday, so the move is [-1, -1],
    # marked for review
    text = ("date 2019-05-15 Test Wire\n\n"
            "Tech shares rose on Wednesday as investors bid up chip stocks, led by a big "
            "designer, ahead of the chipmaker's quarterly results due after the closing "
            "bell.\n")
    draft = draft_study(text)
    (claim,) = moved_claims(draft, "tech_stocks")
    assert claim.window == (-1, -1) and claim.attribution_flagged
    ev = claim.event
    assert ev is not None and ev in draft.events
    assert ev.when == "2019-05-15T16:00" and ev.timezone == "America/New_York"
    assert "results" in ev.title
    assert "2019-05-15T16:00" in to_yaml(draft)


def test_the_fear_gauge_against_the_markets_wait_carries_it():
    # the story's lead waits for Thursday's jobs figures; the VIX told three sentences on,
    # with no cause of its own, falling as stocks rose, waits for them too ([-1, -1]); one
    # rising with stocks does not
    lead = ("date 2019-08-07 Test Wire\n\n"
            "U.S. stocks rose on Wednesday as investors positioned for the monthly jobs "
            "figures, due on Thursday.\n\n"
            "The payroll numbers are watched for signs of wage growth.\n\n"
            "Utilities lagged.\n\n"
            "Oil prices were little changed.\n\n")
    (vix,) = _claims(lead + "The Cboe Volatility Index fell 4 percent.\n", "volatility")
    assert vix.window == (-1, -1) and vix.attribution_flagged
    assert vix.event is not None and vix.event.ref.first == dt.date(2019, 8, 8)
    (vix,) = _claims(lead + "The Cboe Volatility Index rose 4 percent.\n", "volatility")
    assert vix.window == (0, 1)


def test_before_a_named_happening_is_a_wait_and_its_day_is_not_the_moves():
    # "Steelmakers led the gains before the weekend summit, with Nucor up 3 percent": a wait
    # for the summit; "the weekend" dates the summit, not the move (Friday's, the lead's)
    text = ("date 2019-06-28 Test Wire\n\n"
            "U.S. stocks rose on Friday as investors positioned for the trade summit in "
            "Osaka on Saturday.\n\n"
            "Industrial shares led the gains before the weekend summit, with Caterpillar "
            "rising 3 percent.\n")
    (cat,) = _claims(text, "caterpillar")
    assert cat.window == (-1, -1)
    assert cat.event is not None and cat.event.ref.first == dt.date(2019, 6, 29)


def test_a_move_told_again_after_its_wait_is_one_claim():
    # the lead's move waits for Thursday's figures; "The Nasdaq closed 0.9 percent higher"
    # three sentences on, with no cause of its own, is the same move told with its figures
    text = ("date 2019-08-07 Test Wire\n\n"
            "U.S. stocks rose on Wednesday as investors positioned for the monthly jobs "
            "figures, due on Thursday.\n\n"
            "The payroll numbers are watched for signs of wage growth.\n\n"
            "\"Nobody wants to be short into the numbers,\" said a trader.\n\n"
            "The Nasdaq closed 0.9 percent higher at 8,100.\n")
    claims = [c for c in _claims(text, "us_stocks") if c.direction == "up"]
    assert [c.window for c in claims] == [(-1, -1)]


def test_a_print_edition_line_and_a_video_promotion_under_the_story_are_trailer_lines():
    # "This article appeared in the ... print edition as: ..." names the paper; a "WATCH:"
    # promotion under the story is no prose, so the credit line above it is still read
    text = ("Hang Seng edges higher\n\n"
            "Published: 5:06pm, 19 Mar, 2019\n\n"
            "Hong Kong stocks rose on Tuesday.\n\n"
            "This article appeared in the South China Morning Post print edition as: Hang "
            "Seng edges up\n")
    assert draft_study(text).dateline.publisher == "South China Morning Post"
    text = ("Nasdaq rises as chipmakers climb\n\n"
            "PUBLISHED TUE, MAY 1 2018 4:05 PM EDT\n\n"
            "The Nasdaq rose on Tuesday as chipmakers climbed.\n\n"
            "— CNBC's Jo Bell contributed to this report.\n\n"
            "WATCH: What to expect from the chipmakers' earnings\n")
    assert draft_study(text).dateline.publisher == "CNBC"


def test_a_day_a_relative_clause_tells_in_the_past_reads_back():
    # "The ministers will meet again on Friday, following talks that opened in Geneva on
    # Monday": the talks opened on the Monday just past, whatever the head tells ahead
    text = ("date 2019-02-13 Test Wire\n\n"
            "The ministers will meet again on Friday, following preliminary talks that "
            "opened in Geneva on Monday.\n")
    days = {e.ref.first for e in draft_study(text).events}
    assert dt.date(2019, 2, 11) in days and dt.date(2019, 2, 18) not in days


def test_a_move_told_again_five_sentences_after_its_wait_is_one_claim():
    # as above, with two more sentences between: the S&P 500's rise told with its figures
    # five sentences on is still the lead's move
    text = ("date 2019-08-07 Test Wire\n\n"
            "U.S. stocks rose on Wednesday as investors positioned for the monthly jobs "
            "figures, due on Thursday.\n\n"
            "The payroll numbers are watched for signs of wage growth.\n\n"
            "\"Nobody wants to be short into the numbers,\" said a trader.\n\n"
            "Utilities lagged.\n\n"
            "Oil prices were little changed.\n\n"
            "The S&P 500 added 0.3 percent to 2,900.\n")
    claims = [c for c in _claims(text, "us_stocks") if c.direction == "up"]
    assert [c.window for c in claims] == [(-1, -1)]


def test_a_market_break_after_a_cue_is_no_cause_of_the_move_told_again():
    # "..., its third straight gain since trading resumed after the Lunar New Year holiday":
    # the holiday is the calendar, not news, so the rise told again is the lead's move
    text = ("date 2019-02-13 Test Wire\n\n"
            "Chinese stocks rose on Wednesday as investors grew hopeful ahead of trade talks "
            "in Beijing, due on Thursday.\n\n"
            "The Shanghai Composite Index rose 1.8 percent, its third straight gain since "
            "trading resumed after the Lunar New Year holiday.\n")
    claims = [c for c in _claims(text, "chinese_stocks") if c.direction == "up"]
    assert [c.window for c in claims] == [(-1, -1)]


def test_the_weekend_happening_a_move_waits_for_is_the_coming_weekends():
    # "Steelmakers led the gains before the weekend summit" (a Friday): the summit is the
    # coming Saturday, not the one just past
    text = ("date 2019-06-28 Test Wire\n\n"
            "Industrial shares led the gains before the weekend summit, with Caterpillar "
            "rising 3 percent.\n")
    days = {e.ref.first for e in draft_study(text).events}
    assert dt.date(2019, 6, 29) in days and dt.date(2019, 6, 22) not in days


def test_a_small_move_told_after_a_relative_aside_is_the_subjects():
    # "Bank shares, which gain when rates rise, edged up 0.4 percent": "edged" is the move's
    # verb, not a noun of its own clause, so the move is the banks'
    text = ("date 2019-03-19 Test Wire\n\n"
            "Bank shares, which gain when rates rise, edged up 0.4 percent on Tuesday.\n")
    (claim,) = _claims(text, "banks")
    assert claim.direction == "up"


def test_a_quote_between_does_not_break_the_carry_of_a_wait():
    # the chipmakers' move waits for the results; a trader's quote and a sentence of
    # background later, "The semiconductor index gained 1.1 percent." with no cause of its
    # own is the same wait: the quote is no news and does not count as a sentence between
    text = ("date 2019-05-15 Test Wire\n\n"
            "U.S. stocks rose on Wednesday as investors positioned for the chipmaker's "
            "quarterly results, due on Thursday.\n\n"
            "Analysts expect a strong outlook.\n\n"
            "\"Everybody wants to own it into the print,\" said a trader.\n\n"
            "Chip stocks gained 1.1 percent.\n")
    (chips,) = _claims(text, "tech_stocks")
    assert chips.window == (-1, -1)
    assert chips.event is not None and chips.event.ref.first == dt.date(2019, 5, 16)


def test_a_weekends_happening_folds_into_its_day_told_later():
    # "this weekend's summit dinner" (a Thursday) and, four sentences on, "the Saturday
    # dinner": one happening, on Saturday -- the Hang Seng's wait is for that day
    text = ("date 2019-06-27 Test Wire\n\n"
            "Hong Kong stocks fell on Thursday as investors grew wary before this weekend's "
            "summit dinner between the two leaders.\n\n"
            "Property developers led the decline.\n\n"
            "Turnover was thin.\n\n"
            "The yuan was steady.\n\n"
            "Traders weighed the chance that the Saturday dinner would end without a deal.\n")
    draft = draft_study(text)
    dinners = [e for e in draft.events if "dinner" in e.words]
    assert len(dinners) == 1 and dinners[0].when == dt.date(2019, 6, 29)


def test_a_session_recalled_in_the_past_perfect_does_not_date_the_moves_after_it():
    # "The chipmaker's slide on Monday had helped drag the S&P 500 down 1.4 percent": an
    # earlier session recalled; "The Cboe Volatility Index fell 3 percent." right after is
    # Tuesday's, against the lead's rise ahead of Wednesday's decision: it waits for it too
    text = ("date 2019-03-19 Test Wire\n\n"
            "U.S. stocks rose on Tuesday as investors positioned for the Federal Reserve's "
            "decision, due on Wednesday.\n\n"
            "The chipmaker's slide on Monday had helped drag the S&P 500 down 1.4 percent.\n\n"
            "The Cboe Volatility Index fell 3 percent.\n")
    (vix,) = _claims(text, "volatility")
    assert vix.window == (-1, -1)
    assert vix.event is not None and vix.event.ref.first == dt.date(2019, 3, 20)
