"""draft: general rules added after round 22 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-21 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_year_run_into_the_clock_of_a_scraped_stamp_is_split():
    # a page scraped without the space between its cells: "Published Thu, Mar 14 20199:21
    # AM EDT" is 2019 at 9:21 AM, New York
    text = ("Airline stocks fall as fuel prices climb\n\n"
            "Published Thu, Mar 14 20199:21 AM EDT\n\n"
            "Airline stocks fell on Thursday as the price of jet fuel rose for a third day.\n")
    line = draft_study(text).dateline
    assert line.date == dt.date(2019, 3, 14)
    assert line.time == dt.time(9, 21) and line.timezone == "America/New_York"


def test_before_trading_began_is_the_open_and_after_trading_ended_the_close():
    # "before trading began" is the market's open told by its trading, "after trading ended"
    # its close: the warning at 09:30 and the recall at 16:00, New York
    text = ("date 2019-05-08 Test Wire\n\n"
            "The carmaker issued a profit warning early on Wednesday, before trading began.\n\n"
            "The rival maker announced a recall on Wednesday after trading ended.\n")
    draft = draft_study(text)
    clocks = sorted((e.time.time, e.time.timezone) for e in draft.events if e.time)
    assert clocks == [(dt.time(9, 30), "America/New_York"), (dt.time(16, 0), "America/New_York")]


def test_a_move_told_against_the_markets_goes_on_with_the_markets_news():
    # "Banks, whose margins widen when rates rise, fell more than the market": the
    # description of the banks names no news (not the treasurer's remark on rates told
    # before); they fell with the market, on the market's news -- the trade threat
    text = ("date 2019-05-06 Test Wire\n\n"
            "U.S. stocks fell on Monday after the president threatened new tariffs on Chinese "
            "goods.\n\n"
            "On Friday, the Australian treasurer said interest rates would rise.\n\n"
            "Banks, whose margins widen when interest rates rise, fell more than the market; "
            "the financial sector lost 1.5 percent.\n")
    (bank,) = _claims(text, "banks")
    assert bank.event is not None and "threatened" in bank.event.sentence.text


def test_a_record_the_mover_set_the_day_before_is_its_own_path():
    # "a day after it set a record high": the index's own level, not news -- no event on
    # the day before, and the fall goes on with the lead's news (the export curbs), not the
    # deadline "set" for Friday
    text = ("date 2019-06-13 Test Wire\n\n"
            "U.S. stocks fell on Thursday after a report that the White House plans new "
            "export curbs on chipmakers.\n\n"
            "The S&P 500 fell 0.5 percent, a day after it set a record high.\n\n"
            "Congress has set Friday as a deadline for a vote on the budget.\n")
    draft = draft_study(text)
    assert not [e for e in draft.events if e.ref.first == dt.date(2019, 6, 12)]
    claims = _claims(text, "us_stocks")
    assert claims and all("export curbs" in c.event.sentence.text for c in claims)


def test_a_day_a_past_verb_governs_after_a_deadline_reads_back():
    # "... a deadline for the union to accept the offer the company made on Tuesday": the
    # offer was made on Tuesday just past (the deadline does not carry the day ahead)
    text = ("date 2019-03-14 Test Wire\n\n"
            "Carmaker shares slipped as the talks stalled. The mediator named a deadline for "
            "the union to accept the offer the company made on Tuesday.\n")
    days = {e.ref.first for e in draft_study(text).events}
    assert dt.date(2019, 3, 12) in days and dt.date(2019, 3, 19) not in days


def test_a_day_set_as_a_deadline_reads_ahead():
    # Wednesday: "The chairman has set Friday as the deadline for bids" -- the Friday ahead
    text = ("date 2019-03-13 Test Wire\n\n"
            "Shares of the brewer rose. The chairman has set Friday as the deadline for "
            "bids.\n")
    days = {e.ref.first for e in draft_study(text).events}
    assert dt.date(2019, 3, 15) in days and dt.date(2019, 3, 8) not in days


def test_a_clock_of_a_named_doers_news_is_not_the_day_of_the_background_before():
    # "Shares of the chipmaker fell after a report late Monday ..." then "A survey of the
    # Conference Board, released at 10 a.m., showed ...": the survey is the story's day
    # (Tuesday), not the Monday of the report told just before
    text = ("date 2019-04-30 Test Wire\n\n"
            "U.S. stocks rose on Tuesday.\n\n"
            "Shares of the chipmaker fell after a report late Monday that its main plant "
            "would shut for a month.\n\n"
            "A survey of the Conference Board, released at 10 a.m., showed consumer "
            "confidence climbed in April.\n")
    (survey,) = [e for e in draft_study(text).events if e.time is not None]
    assert survey.ref.first == dt.date(2019, 4, 30)


def test_a_named_doer_holding_a_hearing_is_news_told_with_as():
    # "Steel stocks fell as the Senate Finance Committee held a hearing on import quotas":
    # the hearing is the day's news (the move's day), and the fall's cause
    text = ("date 2019-02-07 Test Wire\n\n"
            "Steel stocks fell on Thursday as the Senate Finance Committee held a hearing on "
            "import quotas.\n")
    draft = draft_study(text)
    (hearing,) = draft.events
    assert hearing.ref.first == dt.date(2019, 2, 7) and "hearing" in hearing.sentence.text


def test_an_index_named_for_a_likeness_is_not_the_index():
    # "Seoul's Nasdaq-style Kosdaq board" is like the Nasdaq, not the Nasdaq: no U.S. claim
    text = ("date 2019-05-20 Test Wire\n\n"
            "South Korean shares fell on Monday, and Seoul's Nasdaq-style Kosdaq board "
            "declined 1.2 percent.\n")
    assert _claims(text, "us_stocks") == []


def test_what_an_index_set_off_by_a_comma_tracks_is_no_cause():
    # "... ended higher, and the Star 50 Index, tracking the exchange's technology board,
    # declined": what the index follows, not news -- no event of it
    text = ("date 2019-08-12 Test Wire\n\n"
            "Chinese stocks fell on Monday. The Shanghai Composite Index ended lower, and the "
            "Star 50 Index, tracking the exchange's technology board of young companies, "
            "declined 2 percent.\n")
    assert not [e for e in draft_study(text).events if "board" in e.sentence.text]


def test_a_rally_given_up_is_no_rise():
    # "U.S. stocks gave up most of an early rally after ...": one move, down -- the rally
    # is what they gave up, not a rise of their own
    text = ("date 2019-04-23 Test Wire\n\n"
            "U.S. stocks gave up most of an early rally on Tuesday after the Treasury said "
            "it would end the waivers.\n")
    assert [c.direction for c in _claims(text, "us_stocks")] == ["down"]


def test_after_his_speech_is_the_speech_just_told():
    # "The morning rally followed remarks by Bank of England Governor Mark Carney in London
    # on Tuesday ..." then "Wall Street jumped after his speech": the speech told the
    # sentence before, not news of its own on the move's day
    text = ("date 2019-06-05 Test Wire\n\n"
            "Hong Kong stocks rose on Wednesday.\n\n"
            "The morning rally followed remarks by Bank of England Governor Mark Carney in "
            "London on Tuesday that rates were close to their peak.\n\n"
            "Wall Street jumped after his speech, with the Dow rising 200 points.\n")
    draft = draft_study(text)
    assert not [e for e in draft.events if "his speech" in e.sentence.text]
    (us,) = _claims(text, "us_stocks")
    assert us.event is not None and "Carney" in us.event.sentence.text


def test_a_market_firmer_earlier_in_the_day_is_a_state_not_news():
    # "European markets were firmer earlier in the day": the markets' level in the session,
    # not a happening -- no event
    text = ("date 2019-10-08 Test Wire\n\n"
            "U.S. stocks fell on Tuesday after the trade talks stalled.\n\n"
            "European markets were firmer earlier in the day.\n")
    assert not [e for e in draft_study(text).events if "firmer" in e.sentence.text]


def test_an_index_named_as_the_set_of_a_sectors_shares_is_not_the_mover():
    # "Energy shares in the S&P 500 fell 1.4%": the sector's move, not the index's
    text = ("date 2019-03-20 Test Wire\n\n"
            "Energy shares in the S&P 500 fell 1.4% after oil prices slid.\n")
    assert _claims(text, "us_stocks") == []


def test_a_round_up_of_other_markets_moving_both_ways_is_only_suggested():
    # a U.S. story closing with "Japan's Nikkei lost 0.8 percent and Hong Kong's Hang Seng
    # rose 0.3 percent": a mixed day abroad, told without a cause -- no claim with a move,
    # but the markets stay in the draft (suggested, direction any)
    text = ("date 2019-07-10 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after the Fed chair signalled a rate cut.\n\n"
            "Japan's Nikkei 225 lost 0.8 percent and Hong Kong's Hang Seng rose 0.3 percent.\n")
    draft = draft_study(text)
    assert moved_claims(draft, "japanese_stocks") == []
    assert moved_claims(draft, "chinese_stocks") == []
    assert {"japanese_stocks", "chinese_stocks"} <= {s.key for s in draft.subjects}


def test_a_round_up_moving_one_way_keeps_its_claims():
    # "Japan's Nikkei 225 rose 0.8 percent and Hong Kong's Hang Seng rose 0.3 percent": one
    # way, which may follow the story's news -- claims kept
    text = ("date 2019-07-10 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after the Fed chair signalled a rate cut.\n\n"
            "Japan's Nikkei 225 rose 0.8 percent and Hong Kong's Hang Seng rose 0.3 percent.\n")
    draft = draft_study(text)
    assert len(moved_claims(draft, "japanese_stocks")) == 1


def test_the_detail_of_a_move_told_in_the_past_perfect_is_background():
    # "Shares in Europe had closed higher, with the Euro Stoxx 50 up 0.7 percent": told
    # before the story's own time (the past perfect), its detail is no claim either
    text = ("date 2019-05-14 Test Wire\n\n"
            "U.S. stocks rebounded on Tuesday after the trade talks resumed.\n\n"
            "Shares in Europe had closed higher, with the Euro Stoxx 50 up 0.7 percent.\n")
    assert _claims(text, "european_stocks") == []


def test_a_china_etf_named_by_its_fund_name_is_the_china_etfs():
    # "The iShares MSCI China ETF slid 1.9 percent": the fund's own name names the subject
    text = ("date 2019-05-13 Test Wire\n\n"
            "The iShares MSCI China ETF slid 1.9 percent after Beijing said it would raise "
            "tariffs on U.S. goods.\n")
    assert [c.direction for c in _claims(text, "china_etfs")] == ["down"]


def test_the_moves_a_streak_counts_are_no_move():
    # "the Nasdaq fell 1.1 percent, ending a run of four straight gains": moves down only
    text = ("date 2019-04-26 Test Wire\n\n"
            "U.S. stocks fell on Friday after the chipmaker cut its forecast.\n\n"
            "The Dow lost 0.5 percent, and the Nasdaq fell 1.1 percent to 8,100.2, ending a "
            "run of four straight gains.\n")
    assert {c.direction for c in _claims(text, "us_stocks")} == {"down"}


def test_a_clock_told_of_a_new_doer_with_a_long_title_is_the_storys_day():
    # "... recovering part of the slide that began on Oct. 3." then "Treasury Secretary
    # Steven Mnuchin announced the sanctions shortly after midday": a new doer's news, so
    # the story's day (Friday) at 12:00, not the Oct. 3 of the slide told before
    text = ("date 2018-10-12 Test Wire\n\n"
            "U.S. stocks fell on Friday.\n\n"
            "For the week, the S&P 500 rose 1.2 percent, recovering part of the slide that "
            "began on Oct. 3.\n\n"
            "Treasury Secretary Steven Mnuchin announced the sanctions shortly after midday in "
            "Washington.\n")
    (timed,) = [e for e in draft_study(text).events if e.time is not None]
    assert timed.ref.first == dt.date(2018, 10, 12) and "Mnuchin" in timed.sentence.text


def test_its_a_friday_in_a_quote_describes_the_day():
    # '"It's a Friday before a long weekend and nobody wants risk," said a trader': the day
    # described, not a happening -- no event
    text = ("date 2019-08-30 Test Wire\n\n"
            "U.S. stocks fell on Friday after China announced new tariffs.\n\n"
            "\"It's a Friday before a long weekend and nobody wants risk,\" said a trader.\n")
    assert not [e for e in draft_study(text).events if "long weekend" in e.sentence.text]


def test_after_the_release_is_the_release_just_told():
    # "The Commerce Department's retail sales figures, released at 8:30 a.m., beat
    # forecasts." then "Stocks extended their gains after the release.": no second event
    text = ("date 2019-04-18 Test Wire\n\n"
            "U.S. stocks rose on Thursday. The Commerce Department's retail sales figures, "
            "released at 8:30 a.m., beat forecasts.\n\n"
            "Stocks extended their gains after the release.\n")
    assert len(draft_study(text).events) == 1


def test_a_quote_of_an_unnamed_strategist_dates_nothing():
    # '"When everyone owns the same stocks, any excuse to sell works, and the budget talks
    # gave one today," said a strategist at a Tokyo brokerage': comment, no event today
    text = ("date 2019-05-22 Test Wire\n\n"
            "Japanese stocks fell on Wednesday after the trade ministry cut its export "
            "forecast.\n\n"
            "\"When everyone owns the same stocks, any excuse to sell works, and the budget "
            "talks gave one today,\" said a strategist at a Tokyo brokerage.\n")
    assert not [e for e in draft_study(text).events if "strategist" in e.sentence.text]


def test_a_quote_of_a_named_doer_keeps_its_date():
    # '"We will answer on Friday," the ministry said': news, dated Friday
    text = ("date 2019-05-22 Test Wire\n\n"
            "\"We will announce our countermeasures on Friday,\" the commerce ministry said.\n")
    assert dt.date(2019, 5, 24) in {e.ref.first for e in draft_study(text).events}


def test_a_move_amid_a_broad_market_rout_names_no_news():
    # "had fallen 3 percent on Tuesday amid a broad market rout": the market's own move,
    # not a happening -- no event of it
    text = ("date 2019-05-15 Test Wire\n\n"
            "Deere shares rose 2 percent on Wednesday after the company raised its forecast. "
            "The stock had fallen 3 percent on Tuesday amid a broad market rout.\n")
    assert not [e for e in draft_study(text).events if "rout" in e.title]


def test_a_correction_note_under_the_story_is_no_news():
    # WSJ's "Corrections & Amplifications" note closing a story: masked, so its date
    # "(May 3, 2019)" is no event
    text = ("Apple Shares Climb After Results\n\n"
            "May 1, 2019 5:02 p.m. ET\n\n"
            "Apple shares rose 4.9% on Wednesday after the company reported strong services "
            "revenue late Tuesday.\n\n"
            "Corrections & Amplifications\n"
            "An earlier version of this article misstated the size of the buyback. (May 3, "
            "2019)\n")
    assert not [e for e in draft_study(text).events if e.ref.first == dt.date(2019, 5, 3)]


def test_an_editors_update_note_under_the_story_is_no_news():
    # "Update, 5:10pm ET: Added closing share price." closing a story: masked, no event
    text = ("date 2019-06-11 Test Wire\n\n"
            "Nike shares fell 2 percent on Tuesday after the company warned on tariffs.\n\n"
            "Update, 5:10pm ET: Added closing share price.\n")
    assert not [e for e in draft_study(text).events if e.time is not None]


def test_the_shares_a_causative_participle_moves_are_the_companys_just_named():
    # "Deere raised its forecast last Wednesday, sending its shares up 2 percent that day":
    # "its shares" are Deere's
    text = ("date 2019-05-20 Test Wire\n\n"
            "The recall came days after Deere raised its full-year forecast last Wednesday, "
            "sending its shares up 2 percent that day.\n")
    (deere,) = _claims(text, "deere")
    assert deere.direction == "up"


def test_a_named_doers_news_the_market_digested_is_the_cause():
    # "as investors digested Treasury Secretary Mnuchin's warning on the deficit": the
    # warning is the news (an event on the move's day) and the fall's cause -- not the data
    # told after it (Tuesday's)
    text = ("date 2019-02-20 Test Wire\n\n"
            "U.S. stocks fell on Wednesday as bank shares slid and investors digested Treasury "
            "Secretary Mnuchin's warning on the deficit.\n\n"
            "On Tuesday, data showed factory orders rose.\n")
    (us,) = _claims(text, "us_stocks")
    assert us.event is not None and "Mnuchin" in us.event.sentence.text
    assert us.event.ref.first == dt.date(2019, 2, 20)


def test_a_quote_of_several_sentences_closed_by_its_tag_is_one_sentence():
    # '"Nobody wants to hold risk into Friday. Even the bulls are hedging," said a trader at a
    # Tokyo brokerage': one sentence, so the quote's Friday is the trader's talk -- no event
    text = ("date 2019-06-27 Test Wire\n\n"
            "Japanese stocks fell on Thursday as the yen strengthened.\n\n"
            "\"Nobody wants to hold risk into Friday. Even the bulls are hedging,\" said a "
            "trader at a Tokyo brokerage.\n")
    draft = draft_study(text)
    assert not [e for e in draft.events if "Nobody" in e.sentence.text]
    assert any(s.text.endswith("brokerage.") and s.text.startswith('"Nobody')
               for s in draft.sentences)


def test_after_more_than_doubling_on_a_day_is_the_movers_path():
    # "fell 20% after more than doubling on Monday": the gauge's own earlier move, no event
    text = ("date 2018-02-06 Test Wire\n\n"
            "U.S. stocks rebounded on Tuesday after the Fed chair's remarks. The Cboe "
            "Volatility Index fell 20% after more than doubling on Monday.\n")
    assert not [e for e in draft_study(text).events if e.ref.first == dt.date(2018, 2, 5)]


def test_what_an_unnamed_analyst_told_a_paper_on_a_day_is_no_news():
    # "A Shenzhen-based analyst told the China Daily on Tuesday that the fall was overdone":
    # a participant's comment on the move, not a happening
    text = ("date 2019-05-08 Test Wire\n\n"
            "Chinese stocks fell on Wednesday after the trade talks stalled.\n\n"
            "A Shenzhen-based analyst told the China Daily on Tuesday that the fall was "
            "overdone.\n")
    assert not [e for e in draft_study(text).events if "analyst" in e.sentence.text]


def test_on_the_news_with_nothing_named_after_it_is_the_news_just_told():
    # "Spanish bonds rallied on the news, with the 10-year yield falling sharply": the news
    # is the agreement told before, not a happening of the yield's fall
    text = ("date 2019-03-07 Test Wire\n\n"
            "European stocks rose on Thursday after Madrid and Brussels agreed on the budget.\n\n"
            "Banks rallied on the news, with the yield on the 10-year bond falling sharply.\n")
    draft = draft_study(text)
    assert len(draft.events) == 1
    (banks,) = _claims(text, "banks")
    assert banks.event is not None and "agreed" in banks.event.sentence.text


def test_a_note_that_someone_did_not_comment_is_no_news():
    # "Boeing did not immediately respond to a request for comment on Sunday": no event
    text = ("date 2019-03-11 Test Wire\n\n"
            "Boeing shares fell 5 percent on Monday after the crash in Ethiopia.\n\n"
            "Boeing did not immediately respond to a request for comment on Sunday.\n")
    assert not [e for e in draft_study(text).events if "comment" in e.sentence.text]
