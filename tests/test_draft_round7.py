"""draft: general rules added after round 7 of the corpus (docs/draft-rules.md, rule table).

Each test uses a short text written for the test (our own words) and checks an
answer worked out by hand from the rule (calendar arithmetic done by hand, noted).
"""

from __future__ import annotations

import datetime as dt

from draft_support import claim_of

from eventstudy.draft import parse_dateline
from eventstudy.draft.dates import find_time_refs
from eventstudy.draft.inferred import year_of_weekday as _year_of_weekday


def test_a_wire_dateline_without_a_year_takes_the_year_of_the_leads_weekday():
    # by hand: 4 January was a Friday in 2019 (2019-01-01 was a Tuesday), a Thursday in 2018;
    # the text names 2018 ("its worst year since 2008"), so 2019 is the year after one named
    text = ("Nikkei slides\n\nTOKYO, Jan 4 (Reuters) - Japanese stocks tumbled on Friday as "
            "Tokyo returned from its New Year break, after 2018 ended with the worst year since "
            "2008.\n")
    assert _year_of_weekday(text, text[27:], 1, 4)[0] == 2019
    d = parse_dateline(text)
    assert d.date == dt.date(2019, 1, 4) and d.review
    # "last Friday" is not the day of the dateline
    assert _year_of_weekday("in 2018", "Stocks rose, extending last Friday's gains.", 1, 4) is None


def test_a_header_row_with_published_and_updated_stamps_is_the_published_one():
    text = ("GM shares soar\n\n"
            "Published Wed, Oct 31 2018  7:34 AM EDT   Updated Wed, Oct 31 2018  4:12 PM EDT\n\n"
            "Dana Whitcomb\n@DanaWhitcombCNBC\n\n"
            "General Motors shares jumped 9.1 percent Wednesday after the automaker reported "
            "results.\n")
    d = parse_dateline(text)
    # by hand: 7:34 AM EDT is 07:34 New York time; the handle ends with the publisher
    assert (d.date, d.time, d.timezone) == (dt.date(2018, 10, 31), dt.time(7, 34),
                                            "America/New_York")
    assert d.publisher == "CNBC"


def test_a_header_line_naming_a_publisher_names_it():
    text = ("Dow drops\n\nSam Ortiz\nYahoo Finance\nThu, February 8, 2018, 4:19 PM EST\n\n"
            "U.S. stocks plunged on Thursday, with the Dow losing more than 1,000 points "
            "again.\n")
    assert parse_dateline(text).publisher == "Yahoo Finance"


def test_two_dates_each_with_its_month_are_a_range():
    refs = find_time_refs("Mainland markets were shut from Oct. 1 to Oct. 5 for the holiday.",
                          dt.date(2018, 10, 8))
    assert [(r.first, r.last) for r in refs] == [(dt.date(2018, 10, 1), dt.date(2018, 10, 5))]
    refs = find_time_refs("Talks ran from Jan. 30 to Feb. 1.", dt.date(2019, 2, 4))
    assert [(r.first, r.last) for r in refs] == [(dt.date(2019, 1, 30), dt.date(2019, 2, 1))]


def test_a_month_named_alone_dates_a_happening_told_after_a_subordinator():
    day = dt.date(2018, 11, 21)
    # by hand: the latest July that has begun by 2018-11-21 is July 2018
    refs = find_time_refs("Uncertainty weighed on farmers after China slapped retaliatory "
                          "duties on U.S. soybeans in July.", day)
    assert [(r.first, r.last) for r in refs] == [(dt.date(2018, 7, 1), dt.date(2018, 7, 31))]
    # the period a figure covers is not a happening
    for s in ("Exports fell 4.4 per cent in November.",
              "Stocks fell after a report showed the economy added fewer jobs in November.",
              "The company went public in December 1980."):
        assert find_time_refs(s, day) == [], s


def test_for_the_nth_time_this_week_is_a_count_not_a_date():
    refs = find_time_refs("The Dow lost more than 1,000 points for the second time this week.",
                          dt.date(2018, 2, 8))
    assert refs == []


def test_a_date_in_the_move_clause_dates_the_move_when_the_subject_is_split_by_a_ticker():
    from eventstudy.draft import draft_study

    # by hand (dateline Thursday 2018-05-03): "on Thursday" is the move's date (one clause,
    # "Shares of Tesla Inc. TSLA, -5.55% fell"); the call "a day after" is Wednesday
    text = ("date 2018-05-03 Test Wire\n\n"
            "Shares of Tesla Inc. TSLA, -5.55% fell 5.6% on Thursday, a day after Elon Musk "
            "brushed aside analysts' questions on a conference call.\n")
    d = draft_study(text)
    assert [str(e.when) for e in d.events] == ["2018-05-02"]
    assert str(claim_of(d, "tesla").event.when) == "2018-05-02"


def test_its_shares_and_they_are_the_company_just_named():
    from eventstudy.draft import draft_study

    text = ("date 2019-01-04 Test Wire\n\n"
            "Apple cut its sales forecast after U.S. markets closed on Wednesday.\n"
            "Its shares sank 10 percent on Thursday.\n"
            "They rose 1 percent on Friday.\n")
    d = draft_study(text)
    apple = [c for c in d.claims if c.subject.subject.key == "apple"]
    # by hand: two Apple claims, down (sentence 1) and up (sentence 2), both on the warning
    assert [(c.sentence.index, c.direction) for c in apple] == [(1, "down"), (2, "up")]
    assert all(str(c.event.when).startswith("2019-01-02") for c in apple)
    # "They said" is no move, so no claim
    said = draft_study(text.replace("They rose 1 percent on Friday.", "They said little."))
    assert len([c for c in said.claims if c.subject.subject.key == "apple"]) == 1


def test_a_participle_of_the_movers_own_path_is_not_news():
    from eventstudy.draft import draft_study
    from eventstudy.draft.readings import own_participle

    assert own_participle(" crossing the $207.05 level") and own_participle(" falling 2%")
    assert not own_participle(" reporting results before the bell")
    # by hand: only Monday's buyback (after the close) is an event; "after falling more than
    # 2% on Monday" is the index's own path
    text = ("date 2018-12-18 Test Wire\n\n"
            "Boeing shares rose 3.8% on Tuesday after the company authorized a buyback late "
            "Monday, after the market closed.\n"
            "The S&P 500 ended virtually flat after falling more than 2% on Monday.\n")
    d = draft_study(text)
    assert len(d.events) == 1 and str(d.events[0].when) == "2018-12-17T16:00"


def test_a_cue_inside_another_finite_clause_names_no_cause():
    from eventstudy.draft import draft_study

    # by hand: "from" belongs to "Tokyo returned from its New Year break" (its own subject
    # and verb), so no undated "break" event; the move falls back on the latest news
    # before it, Apple's warning of Wednesday 2019-01-02 after the close
    text = ("date 2019-01-04 Test Wire\n\n"
            "Apple cut its sales forecast after U.S. markets closed on Wednesday.\n"
            "Japanese stocks tumbled on Friday as Tokyo returned from its New Year break.\n")
    d = draft_study(text)
    assert [str(e.when) for e in d.events] == ["2019-01-02T16:00"]
    assert str(claim_of(d, "japanese_stocks").event.when) == "2019-01-02T16:00"


def test_an_apposition_describes_its_subject_and_does_not_move():
    from eventstudy.draft import draft_study

    # by hand: the VIX more than doubled (up); "US stocks" inside ", a gauge of ... ," does
    # not move; "slipping" is a move word (Tesla down)
    text = ("date 2018-02-06 Test Wire\n\n"
            "The Labor Department said on Friday that wages grew fast.\n"
            "The VIX, a gauge of expected swings in US stocks, more than doubled on Monday.\n"
            "Tesla bucked the trend, slipping 1.1 percent on Monday.\n")
    d = draft_study(text)
    got = sorted((c.subject.subject.key, c.direction) for c in d.claims if c.direction != "any")
    assert got == [("tesla", "down"), ("volatility", "up")]


def test_the_coming_midnight_of_a_present_tense_deadline_is_the_next_day():
    from eventstudy.draft import draft_study

    # by hand: dateline Thursday 2018-02-08; "runs out at midnight" (present, a deadline)
    # ends Thursday: the happening is dated Friday 2018-02-09, not the day after the last
    # event told (last Friday 02-02)
    text = ("date 2018-02-08 Test Wire\n\n"
            "Stocks first fell last Friday, when a government report showed wages growing.\n"
            "In Washington, Congress raced to pass a budget deal before government funding "
            "runs out at midnight.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2018-02-02", "2018-02-09"]


def test_a_date_naming_a_market_level_is_a_comparison_base():
    assert find_time_refs("The S&P 500 lost 3.75%, leaving it 10.2% below its Jan. 26 record "
                          "close.", dt.date(2018, 2, 8)) == []
    # the date of a happening is still read
    assert len(find_time_refs("Stocks fell after the Jan. 26 report.", dt.date(2018, 2, 8))) == 1


def test_a_relative_clause_defining_a_period_dates_nothing():
    from eventstudy.draft.readings import in_period_clause

    s = "Deere said it expected net income of $3.6 billion in the year that began this month."
    assert in_period_clause(s, s.index("this month"))
    s2 = "Deere said on Wednesday that profit would rise."
    assert not in_period_clause(s2, s2.index("profit"))


def test_a_move_named_as_the_subject_of_a_present_state_is_a_record_not_a_move():
    from eventstudy.draft.readings import stated_record

    s = "Monday's 1,175-point drop remains the biggest one-day point decline in the Dow's history."
    assert stated_record(s, s.index("drop")) and stated_record(s, s.index("decline"))
    s2 = "The Dow dropped 2 percent on Monday."
    assert not stated_record(s2, s2.index("dropped"))


def test_the_citys_market_is_the_storys_own_market_in_its_zone():
    from eventstudy.draft import draft_study

    # by hand: the story's first subject is the Hang Seng (Hong Kong); "midday" is 12:00
    # in Hong Kong, although New York was named in between
    text = ("date 2018-02-06 Test Wire\n\n"
            "Hong Kong stocks plunged on Tuesday as a rout on Wall Street spread.\n"
            "The sell-off began in New York on Monday.\n"
            "The city's stock market will close at midday on Feb. 15 for the Lunar New Year.\n")
    ev = next(e for e in draft_study(text).events if e.ref.first == dt.date(2018, 2, 15))
    assert (str(ev.when), ev.timezone) == ("2018-02-15T12:00", "Asia/Hong_Kong")


def test_a_state_or_a_markets_trading_dates_no_happening():
    from eventstudy.draft.readings import in_state_clause

    s = ("The yen spiked early on Thursday, as automated selling swept through currency "
         "markets, and remained strong on Friday.")
    assert in_state_clause(s, s.index("on Friday"))
    assert not in_state_clause(s, s.index("on Thursday"))
    s2 = "Hong Kong's Hang Seng Index, which traded through most of last week, fell 1.4 percent."
    assert in_state_clause(s2, s2.index("last week"))


def test_a_move_named_as_a_noun_belongs_to_what_follows_in():
    from eventstudy.draft import draft_study

    # by hand: "a sudden jump in the yen" is the yen's move, not Apple's (no Apple claim);
    # the Japanese stocks fell
    text = ("date 2019-01-04 Test Wire\n\n"
            "Apple cut its sales forecast after U.S. markets closed on Wednesday.\n"
            "Japanese stocks tumbled on Friday after Apple's warning and a sudden jump in "
            "the yen.\n")
    got = [(c.subject.subject.key, c.direction) for c in draft_study(text).claims
           if c.direction != "any"]
    assert got == [("japanese_stocks", "down")]


def test_a_causative_participle_is_caused_by_the_clause_it_hangs_on():
    from eventstudy.draft import draft_study

    # by hand (dateline Thursday 2018-06-14): "sending Wall Street lower on Wednesday" is a
    # US move on 06-13 whose cause is the Fed's hike (undated: the move's day, marked)
    text = ("date 2018-06-14 Test Wire\n\n"
            "European stocks rose on Thursday after the ECB said it would end bond buying.\n"
            "The move came a day after the US Federal Reserve raised its main rate by a "
            "quarter point, sending Wall Street lower on Wednesday.\n")
    d = draft_study(text)
    us = claim_of(d, "us_stocks")
    assert str(us.event.when) == "2018-06-13" and "Federal Reserve" in us.event.ref.text


def test_key_points_bullets_sum_the_story_up_and_are_no_news():
    text = ("GM shares soar\n\nPublished Wed, Oct 31 2018  7:34 AM EDT\n\n"
            "Key Points\n- GM reports third-quarter results that top Wall Street expectations.\n"
            "- Strong demand for pickups and SUVs in North America offsets weakness in China.\n\n"
            "General Motors shares jumped 9.1 percent Wednesday after the automaker reported "
            "third-quarter earnings before the bell.\n")
    from eventstudy.draft.dateline import mask

    body = mask(text, parse_dateline(text).masked)
    assert "GM reports" not in body and "Strong demand" not in body
    assert "GM shares soar" in body and "General Motors shares jumped" in body


def test_the_movers_own_news_is_not_another_companys_of_the_day_before():
    from eventstudy.draft import draft_study

    # by hand (dateline Wednesday 2018-10-31): GM's results came before the bell on
    # Wednesday (09:30 New York), not Facebook's report after Tuesday's bell
    text = ("date 2018-10-31 Test Wire\n\n"
            "General Motors shares jumped 9.1 percent Wednesday after the automaker reported "
            "third-quarter earnings before the bell.\n"
            "The S&P 500 gained 1.1 percent, helped by Facebook's earnings report after the "
            "bell Tuesday.\n")
    d = draft_study(text)
    gm = claim_of(d, "general_motors")
    assert (str(gm.event.when), gm.event.timezone) == ("2018-10-31T09:30", "America/New_York")


def test_a_months_worst_is_a_period_path_not_a_days_move():
    from eventstudy.draft.moves import moves

    assert moves("October was still the S&P 500's worst month since September 2011.") == ()
    assert moves("The index had its worst day since 2011.")[0][3] == "down"


def test_a_move_on_its_own_path_takes_the_news_the_next_sentence_tells_not_background():
    from eventstudy.draft import draft_study

    # by hand (dateline Thursday 2018-08-02): "after crossing the $207.05 level" names no
    # news; the next sentence ("They jumped ... the day after the iPhone maker reported")
    # tells the results of Tuesday 07-31, not the CEO's memo of Thursday told later
    text = ("date 2018-08-02 Test Wire\n\n"
            "Apple shares rose 2.9 percent on Thursday, after crossing the $207.05 level.\n"
            "They jumped 5.9 percent on Wednesday, the day after the iPhone maker reported "
            "revenue of $53.3 billion.\n"
            "Chief Executive Tim Cook told employees in a memo on Thursday that returns were "
            "not the main measure.\n")
    d = draft_study(text)
    assert {str(c.event.when) for c in d.claims if c.subject.subject.key == "apple"} == {
        "2018-07-31"}
    # a next sentence told in the past perfect is background, not the news
    text2 = ("date 2018-04-24 Test Wire\n\n"
             "Caterpillar said on Tuesday its profit would be the high-water mark.\n"
             "Caterpillar shares closed down 6.2 percent after reversing early gains.\n"
             "The heavy equipment maker had opened higher after reporting results before the "
             "bell.\n")
    cat = claim_of(draft_study(text2), "caterpillar", 1)
    assert "high-water" in cat.event.sentence.text


def test_an_event_dated_in_the_moves_own_clause_is_the_move_not_its_cause():
    from eventstudy.draft import draft_study

    # by hand (dateline Tuesday 2018-02-06, a Hong Kong story): Monday's Wall Street plunge
    # is Hong Kong's news; the Dow's own move is attributed to Friday's jobs report, and
    # "The sell-off began" names a move, not a claim of its own
    text = ("date 2018-02-06 Test Wire\n\n"
            "Hong Kong stocks plunged on Tuesday as a record drop on Wall Street spread.\n"
            "The sell-off began in New York, where the Dow Jones Industrial Average plunged "
            "1,175 points, or 4.6 per cent, on Monday, extending Friday's slide after a US "
            "jobs report showed the fastest wage growth since 2009.\n")
    d = draft_study(text)
    us = [c for c in d.claims if c.subject.subject.key == "us_stocks" and c.direction != "any"]
    assert len(us) == 1 and str(us[0].event.when) == "2018-02-02"


def test_after_the_bell_is_a_time_not_a_clause():
    from eventstudy.draft.clauses import split_clauses

    s = ("Technology shares weighed after Alphabet Inc, which reported results after the bell "
         "on Monday, fell nearly 5 percent.")
    kinds = [(c.kind, c.marker) for c in split_clauses(s)]
    # the relative clause ends at its comma, where the after-clause resumes (with its
    # marker: the resumed part is the same after-clause)
    assert kinds == [("main", ""), ("subordinate", "after"), ("relative", "which"),
                     ("subordinate", "after")]
    assert "after the bell on Monday" in s[split_clauses(s)[2].start:split_clauses(s)[2].end]


def test_a_time_in_a_relative_clause_of_the_company_just_told_times_its_news():
    from eventstudy.draft import draft_study

    # by hand (dateline Wednesday 2018-11-21): "The world's largest farm equipment maker"
    # is Deere, just told; its results came "before the market opened" -> 09:30 New York.
    # "in the year that began this month" dates nothing, so it does not stop the time
    text = ("date 2018-11-21 Test Wire\n\n"
            "Deere & Co on Wednesday forecast higher profit for fiscal 2019.\n"
            "The world's largest farm equipment maker, which reported fourth-quarter results "
            "before the market opened, said it expected net income of $3.6 billion in the "
            "year that began this month.\n")
    d = draft_study(text)
    assert [(str(e.when), e.timezone) for e in d.events] == [
        ("2018-11-21T09:30", "America/New_York")]


def test_a_happening_told_in_a_while_clause_is_news_of_that_day():
    from eventstudy.draft.readings import side_news

    s = ("The broader market was little changed, with the S&P 500 ending near its starting "
         "point, while a U.S. delegation led by Treasury Secretary Steven Mnuchin held trade "
         "talks in Beijing.")
    a, b = side_news(s)
    assert s[a:b].strip(" .").startswith("a U.S. delegation") and s[a:b].rstrip().endswith(
        "Beijing.")
    # a state or nobody named is no news
    assert side_news("Stocks rose, while Japan was on holiday.") is None
    assert side_news("Stocks rose, while investors held their positions.") is None
