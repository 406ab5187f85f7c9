"""draft: general rules added after round 8 of the corpus (docs/draft-rules.md, rule table).

Each test uses a short text written for the test (our own words) and checks an
answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from draft_support import claim_of

from eventstudy.draft import parse_dateline

_LEAD = ("Shares of carmakers rose on Thursday after the two sides agreed to talk, "
         "traders said in the afternoon.\n")


def test_a_numeric_european_date_line_is_day_first():
    d = parse_dateline("Autos rally\n\n26.07.2018 – 17:58 Uhr\n\nBy A. Writer\n\n" + _LEAD)
    # by hand: 26.07.2018 is 26 July (day, month, year)
    assert (d.date, d.time) == (dt.date(2018, 7, 26), dt.time(17, 58))


def test_a_legacy_dow_jones_closing_stamp_dates_the_article():
    text = ("Stocks at records\n\nBy A. Writer\n\n" + _LEAD + "\n(END) Dow Jones Newswires\n\n"
            "01-22-18 1652ET\n\nCopyright (c) 2018 Dow Jones & Company, Inc.\n")
    d = parse_dateline(text)
    # by hand: month 01, day 22, year 2018, 16:52 Eastern
    assert (d.date, d.time, d.timezone) == (dt.date(2018, 1, 22), dt.time(16, 52),
                                            "America/New_York")
    assert d.publisher == "Dow Jones"


def test_an_updated_and_original_row_is_dated_by_the_original():
    text = ("Why the stock fell\n\nBy A. Writer\n"
            "Updated April 13, 2018 5:02 p.m. ET / Original April 13, 2018 11:48 a.m. ET\n\n"
            + _LEAD)
    d = parse_dateline(text)
    assert (d.date, d.time) == (dt.date(2018, 4, 13), dt.time(11, 48))


def test_a_header_row_of_cells_names_the_publisher():
    text = ("Tesla pares losses\n\nYahoo Finance · Jo Doe · Senior Autos Reporter\n"
            "January 31, 2019, 4:38 PM EST\n\n" + _LEAD)
    d = parse_dateline(text)
    assert d.publisher == "Yahoo Finance" and d.time == dt.time(16, 38)
    section = parse_dateline("HANDELSBLATT GLOBAL | MARKETS\n\nAutos rally\n\n"
                             "26.07.2018\n\n" + _LEAD)
    assert section.publisher == "Handelsblatt"


def test_a_dotted_iso_date_line_is_read():
    assert parse_dateline("Stocks up\n\n2019.03.07 11:58\n\n" + _LEAD).date == dt.date(2019, 3, 7)


def test_agency_names_as_the_agency_writes_them():
    assert parse_dateline("By Investing.com\nMar 07, 2019 11:58AM ET\n\n" + _LEAD
                          ).publisher == "Investing.com"
    assert parse_dateline("KYODO NEWS - Oct 24, 2017 - 16:05 | Business\n\n" + _LEAD
                          ).publisher == "Kyodo News"


def test_a_markets_own_move_record_or_milestone_dates_no_news():
    from eventstudy.draft.sessions import market_move_date

    def at(s: str, w: str, home: str | None = None) -> bool:
        return market_move_date(s, s.index(w), home)

    # the index's own close, crossing and streak: a session, not news
    assert at("The index first closed above 24,000 on Nov. 30.", "on Nov")
    assert at("On Monday, the index jumped 239 points after the ruling party won.", "On Monday")
    assert at("Tuesday's drop snapped a winning streak for the Dow, which rallied 400 points "
              "on Monday.", "on Monday", "New York")
    # another market's move in the story of a market (Wall Street in a Tokyo story) is news
    assert not at("On Wall Street on Wednesday, the Dow dropped 831 points.", "on Wednesday",
                  "Tokyo")
    assert at("The stock rose 3.9 percent, topping the previous closing record of $181.72 set "
              "on March 12.", "on March")
    # news told with the market's clock, or a cause after the move: still dated news
    assert not at("Trump announced the duties after the market closed on Monday.", "on Monday")
    assert not at("The S&P 500 gained 1.1 percent, helped by Facebook's report after the bell "
                  "Tuesday.", "Tuesday")
    assert not at("The company said on Monday that it would cut jobs.", "on Monday")


def test_a_schedule_told_in_a_relative_clause_or_by_a_compound_subject_reads_forward():
    from eventstudy.draft.clauses import split_clauses
    from eventstudy.draft.readings import reads_forward

    s = "Goldman Sachs, which reports on Tuesday, dropped 1.4%."
    rel = [c for c in split_clauses(s) if c.kind == "relative"][0]
    assert (rel.verb, rel.tense) == ("reports", "present")
    assert reads_forward(s, s.index("on Tuesday"))
    s = "Procter & Gamble Co. and Johnson & Johnson report Tuesday."
    assert split_clauses(s)[0].tense == "present" and reads_forward(s, s.index("Tuesday"))
    # a name before a noun is no verb: "trade" names the teams
    s = "Chinese and U.S. trade teams concluded talks on Wednesday."
    assert split_clauses(s)[0].verb == "concluded"


def test_an_as_of_comparison_opens_no_clause():
    from eventstudy.draft.clauses import split_clauses

    s = "Facebook, which reported results at the same time as Tesla on Wednesday, rose."
    rel = [c for c in split_clauses(s) if c.kind == "relative"][0]
    assert s[rel.start:rel.end].strip() == ("reported results at the same time as Tesla on "
                                            "Wednesday")
    s = "Shares fell as much as 4.8% as investors sold."
    assert [s[c.start:c.end].strip() for c in split_clauses(s)] == [
        "Shares fell as much as 4.8%", "investors sold."]


def test_the_movers_own_news_told_after_the_lead_is_the_cause():
    from eventstudy.draft import draft_study

    # by hand (dateline Thursday 2018-07-26): "the auto maker" is Ford, the mover; the next
    # sentence tells Ford's news, Wednesday after the close (16:00 New York)
    text = ("date 2018-07-26 Test Wire\n\n"
            "Ford Motor Co. shares fell 6% on Thursday after the auto maker cut its profit "
            "outlook, blaming tariffs on imported metals.\n"
            "Ford said after the market closed Wednesday that net income fell 48%.\n"
            "Late Wednesday, President Trump and the European Commission agreed to hold off "
            "on new tariffs.\n")
    d = draft_study(text)
    assert str(claim_of(d, "ford").event.when) == "2018-07-25T16:00"
    assert "Ford said" in claim_of(d, "ford").event.sentence.text


def test_late_in_a_day_is_not_a_happening_timed_that_morning():
    from eventstudy.draft import draft_study

    text = ("date 2018-07-26 Test Wire\n\n"
            "General Motors lowered its forecast before the opening bell on Wednesday, blaming "
            "tariffs on steel.\n"
            "Late Wednesday, Trump and Juncker agreed to suspend new tariffs.\n")
    d = draft_study(text)
    # by hand: two happenings on 2018-07-25 -- the 9:30 forecast and the evening agreement
    assert sorted(str(e.when) for e in d.events) == ["2018-07-25", "2018-07-25T09:30"]


def test_a_happening_told_by_its_time_alone_takes_the_storys_day():
    from eventstudy.draft import draft_study

    # by hand (dateline Monday 2018-01-22): the shutdown began Saturday; Netflix's results
    # "after the close", told two sentences later with no date, are Monday's, at 16:00
    text = ("date 2018-01-22 Test Wire\n\n"
            "U.S. stocks rose on Monday after the Senate voted to end the shutdown.\n"
            "The shutdown began on Saturday and furloughed federal workers.\n"
            "Analysts called the market calm.\n"
            "Netflix reported fourth-quarter results after the close.\n")
    d = draft_study(text)
    assert "2018-01-22T16:00" in [str(e.when) for e in d.events]


def test_the_weekends_one_happening_is_its_saturday():
    from eventstudy.draft.dates import find_time_refs

    # by hand: dateline Friday 2018-04-13; last weekend = Sat 7 / Sun 8 April
    r = find_time_refs("Investors awaited a response to last weekend's suspected chemical "
                       "attack in Syria.", dt.date(2018, 4, 13))[0]
    assert (r.first, r.last) == (dt.date(2018, 4, 7), dt.date(2018, 4, 7)) and r.review
    # a truce "at the weekend" keeps the two days (no happening named by the weekend's)
    r = find_time_refs("Stocks rose after the truce struck at the weekend.",
                       dt.date(2018, 12, 3))[0]
    assert (r.first, r.last) == (dt.date(2018, 12, 1), dt.date(2018, 12, 2))


def test_a_figures_period_is_no_date_and_a_happenings_month_is():
    from eventstudy.draft.dates import find_time_refs

    day = dt.date(2018, 7, 26)
    # figures' periods: nothing
    assert find_time_refs("A second report showed retail sales unexpectedly fell 0.3% last "
                          "month.", day) == []
    assert find_time_refs("A government report showed employers added 103,000 jobs in March.",
                          day) == []
    # a happening's month (by hand: December 2018 is the next December; May 2018 the latest)
    r = find_time_refs("The ECB confirmed that its bond purchases will end in December.", day)
    assert [(x.first, x.last) for x in r] == [(dt.date(2018, 12, 1), dt.date(2018, 12, 31))]
    r = find_time_refs("The Commerce Department opened an investigation into car imports in May.",
                       day)
    assert [(x.first, x.last) for x in r] == [(dt.date(2018, 5, 1), dt.date(2018, 5, 31))]


def test_at_the_same_time_takes_the_time_of_the_news_it_names():
    from eventstudy.draft import draft_study

    text = ("date 2018-02-14 Test Wire\n\n"
            "U.S. stocks closed higher on Wednesday after an inflation report.\n"
            "The Labor Department said at 8:30 a.m. Eastern on Wednesday that consumer prices "
            "rose 0.5%.\n"
            "A separate report at the same time showed retail sales fell 0.3% last month.\n")
    d = draft_study(text)
    # by hand: both reports at 08:30 New York time on the dateline's day
    assert [str(e.when) for e in d.events].count("2018-02-14T08:30") == 2


def test_a_deck_under_the_headline_is_masked_like_a_summary():
    text = ("China stocks jump on record lending\n\n"
            "Shanghai Composite gains 2.7 per cent as investors bet on credit\n"
            "Talks move to Washington this week after a round in Beijing ended on Friday\n\n"
            "Ivy Leung\nPublished: 4:41pm, 18 Feb, 2019\n\n"
            "Mainland Chinese stocks rallied on Monday to their highest close in almost five "
            "months, after data showed banks extended a record amount of new loans.\n")
    d = parse_dateline(text)
    for deck in ("Shanghai Composite gains", "Talks move to Washington"):
        at = text.index(deck)
        assert any(s <= at < e for s, e in d.masked)
    assert not any(s <= 0 < e for s, e in d.masked)  # the headline stays (the title)
    assert not any(s <= text.index("Mainland") < e for s, e in d.masked)


def test_a_lapse_at_midnight_ends_the_day_and_one_vote_is_one_event():
    from eventstudy.draft import draft_study

    # by hand (dateline Monday 2018-01-22): funding lapsed at the end of Friday 19th, so the
    # shutdown is Saturday 20th (one event with "began on Saturday"); the Senate's vote of
    # the lead and "Senators voted 81-18 on Monday" are one happening on the 22nd
    text = ("date 2018-01-22 Test Wire\n\n"
            "U.S. stocks climbed to records Monday after the Senate voted to end the shutdown.\n"
            "The S&P 500 added 0.8%.\n"
            "Senators voted 81-18 on Monday to advance a stopgap spending bill.\n"
            "Federal funding lapsed at midnight Friday, and the shutdown that began on Saturday "
            "had furloughed federal workers.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2018-01-20", "2018-01-22"]
    # a deadline still ahead keeps its own day ("runs out at midnight on Friday")
    d = draft_study("date 2018-12-18 Test Wire\n\nFunding for several federal agencies runs "
                    "out at midnight on Friday.\n")
    assert [str(e.when) for e in d.events] == ["2018-12-21"]


def test_also_opening_a_sentence_tells_another_happening():
    from eventstudy.draft import draft_study

    text = ("date 2018-04-18 Test Wire\n\n"
            "The People's Bank of China said Tuesday it would cut the reserve requirement "
            "ratio for banks.\n"
            "Also on Tuesday, the National Bureau of Statistics said China's economy expanded "
            "6.8 percent in the first quarter.\n")
    d = draft_study(text)
    # by hand: two happenings on Tuesday 2018-04-17 (the cut, the GDP figures)
    assert [str(e.when) for e in d.events] == ["2018-04-17", "2018-04-17"]


def test_a_happening_named_a_day_from_a_dated_one():
    from eventstudy.draft import draft_study

    text = ("date 2018-05-04 Test Wire\n\n"
            "Buffett disclosed the purchases in an interview on Friday morning, a day before "
            "Berkshire's annual meeting in Omaha.\n")
    d = draft_study(text)
    # by hand: Friday 2018-05-04, the meeting Saturday 2018-05-05 (marked for review)
    meeting = [e for e in d.events if "meeting" in e.title]
    assert [str(e.when) for e in meeting] == ["2018-05-05"] and meeting[0].review


def test_two_releases_sharing_one_date_are_two_events():
    from eventstudy.draft import draft_study

    d = draft_study("date 2019-03-07 Test Wire\n\nTraders are now looking ahead to Chinese "
                    "trade figures and the U.S. employment report, both due on Friday.\n")
    # by hand: Friday 2019-03-08, two releases
    assert [str(e.when) for e in d.events] == ["2019-03-08", "2019-03-08"]
    assert {e.title for e in d.events} == {"Chinese trade figures", "the U.S. employment report"}


def test_a_comparison_base_after_from_is_the_markets_own_path():
    from eventstudy.draft.sessions import market_move_date

    s = "The 225-issue Nikkei index ended up 108.52 points, or 0.50 percent, from Monday at 21,805."
    assert market_move_date(s, s.index("Monday"), "Tokyo")


def test_a_possessor_does_not_move_and_falling_short_is_no_move():
    from eventstudy.draft import draft_study
    from eventstudy.draft.moves import moves

    d = draft_study("date 2018-02-14 Test Wire\n\nU.S. stocks rose on Wednesday after the "
                    "inflation report.\nThe Cboe Volatility Index, Wall Street's so-called fear "
                    "gauge, fell 23% to 19.26.\n")
    # by hand: the fear gauge (volatility) fell; Wall Street, its possessor, did not
    assert sorted((c.subject.subject.key, c.direction) for c in d.claims) == [
        ("us_stocks", "up"), ("volatility", "down")]
    assert moves("Adjusted earnings fell short of estimates.") == ()


def test_a_date_opening_the_moves_clause_is_the_moves_session():
    from eventstudy.draft import draft_study

    text = ("date 2019-01-31 Test Wire\n\n"
            "Tesla said after the market close on Wednesday that its CFO would retire.\n"
            "On Thursday, the Nasdaq Composite rose another 1.4%, lifted by a jump in "
            "Facebook, which reported strong results at the same time as Tesla on Wednesday.\n")
    d = draft_study(text)
    # by hand: the Nasdaq's move is Thursday's session, so Facebook's Wednesday-evening
    # results (16:00, Tesla's time) reached it; the claim points at them
    us = next(c for c in d.claims if c.subject.subject.key == "us_stocks")
    assert str(us.event.when) == "2019-01-30T16:00" and "Facebook" in us.event.sentence.text


def test_a_deck_below_the_date_line_is_masked_unless_it_is_a_sentence():
    text = ("Stocks shake off hot inflation reading\n\nBy H. Barton\n\n"
            "Published: Feb 14, 2018 4:31 p.m. ET\n\n"
            "Financial shares rally as bond yields climb to four-year highs\n\n"
            "U.S. stocks closed sharply higher Wednesday, recovering from an early drop after "
            "a rise in consumer prices revived inflation worries.\n")
    d = parse_dateline(text)
    assert any(s <= text.index("Financial shares") < e for s, e in d.masked)
    assert not any(s <= text.index("U.S. stocks") < e for s, e in d.masked)


def test_a_move_in_a_relative_clause_describing_a_streak_is_background():
    from eventstudy.draft.readings import described_move

    s = ("Tuesday's decline snapped a three-day winning streak for the Dow, which rallied "
         "nearly 400 points on Monday.")
    assert described_move(s, s.index("rallied"))
    # the relative clause's head moved too: a claim ("Goldman, which reports Tuesday, fell")
    s = "Goldman Sachs, which rallied on Monday, fell 1.4% on Tuesday."
    assert not described_move(s, s.index("fell"))


def test_a_markets_alias_reads_with_stock_before_markets():
    from eventstudy.draft.assets import load_mapping

    found = load_mapping().find("European stock markets climbed on Thursday.")
    assert [m.subject.key for m in found] == ["european_stocks"]


def test_a_move_in_a_that_clause_belongs_to_its_head_noun():
    from eventstudy.draft import draft_study

    d = draft_study("date 2018-07-26 Test Wire\n\nGeneral Motors lowered its forecast on "
                    "Wednesday, blaming steel prices that have risen because of tariffs.\n")
    # by hand: prices rose, General Motors did not move in this sentence
    assert not [c for c in d.claims if c.direction == "up"]


def test_earlier_or_later_in_the_day_is_the_datelines_day():
    from eventstudy.draft.dates import find_time_refs

    r = find_time_refs("The House is expected to pass the measure later in the day.",
                       dt.date(2018, 1, 22))
    assert [(x.first, x.last) for x in r] == [(dt.date(2018, 1, 22), dt.date(2018, 1, 22))]


def test_a_dated_move_ahead_of_news_but_caused_by_earlier_news_is_a_reaction():
    from eventstudy.draft import draft_study

    text = ("date 2019-01-31 Test Wire\n\n"
            "Tesla said after the market close on Wednesday that its CFO would retire.\n"
            "Tesla stock had gained 3.8% on Wednesday ahead of the report, as technology "
            "shares rallied after the Federal Reserve said at 2 p.m. ET that it would be "
            "patient.\n")
    d = draft_study(text)
    tesla = next(c for c in d.claims if c.subject.subject.key == "tesla")
    # by hand: Wednesday's gain reacted to the Fed at 14:00 that day: window [0, 1]
    assert tesla.window == (0, 1) and str(tesla.event.when) == "2019-01-30T14:00"


def test_a_range_and_a_day_inside_it_of_the_same_news_are_one_event():
    from eventstudy.draft import draft_study

    text = ("date 2018-05-04 Test Wire\n\n"
            "Apple shares rose on Friday, adding to a rally that followed the iPhone maker's "
            "results this week.\n"
            "Apple shares had jumped 4.4 percent on Wednesday after the company reported "
            "quarterly revenue of $61.1 billion after the close on Tuesday.\n")
    d = draft_study(text)
    # by hand: the week's results are Tuesday's, 16:00 New York
    assert [str(e.when) for e in d.events] == ["2018-05-01T16:00"]


def test_a_shared_nationality_does_not_make_one_happening():
    from eventstudy.draft import draft_study

    text = ("date 2019-02-18 Test Wire\n\n"
            "Chinese banks extended record loans last month, the People's Bank of China said "
            "on Friday.\n"
            "Chinese President Xi Jinping met US negotiators in Beijing on Friday.\n")
    d = draft_study(text)
    # by hand: two happenings on Friday 2019-02-15 (the data, the meeting)
    assert [str(e.when) for e in d.events] == ["2019-02-15", "2019-02-15"]


def test_a_wire_dateline_of_any_named_agency_or_service():
    body = " Shares of carmakers rose on Thursday after the two sides agreed to talk.\n"
    d = parse_dateline("Autos up\n\nMarch 7, 2019\n\nFRANKFURT (dpa-AFX) -" + body)
    assert (d.publisher, d.zone) == ("dpa", "Europe/Berlin")
    d = parse_dateline("Autos up\n\nMarch 7, 2019\n\nNEW YORK, March 7 (CNBC) -" + body)
    assert (d.publisher, d.zone) == ("CNBC", "America/New_York")
    # a ticker in parentheses is no agency
    d = parse_dateline("Autos up\n\nMarch 7, 2019\n\nApple Inc (AAPL) -" + body)
    assert d.publisher is None


def test_a_short_header_line_naming_a_publisher_names_it():
    for line, name in (("From Reuters", "Reuters"), ("CNBC.com", "CNBC"),
                       ("Nikkei Asian Review", "Nikkei")):
        assert parse_dateline(f"Stocks up\n\n{line}\nMarch 7, 2019\n\n" + _LEAD).publisher == name
    # the headline is not a publisher line
    assert parse_dateline("Reuters poll: stocks up\n\nMarch 7, 2019\n\n" + _LEAD).publisher is None


def test_a_later_schedule_is_not_the_dated_detail_of_a_cause_and_a_mood_does_not_move():
    from eventstudy.draft import draft_study
    from eventstudy.draft.moves import moves

    text = ("date 2019-01-30 Test Wire\n\n"
            "Boeing shares rose 6.3 percent after the planemaker forecast higher profits "
            "before the opening bell.\n"
            "Facebook and Microsoft report after the close on Wednesday.\n")
    d = draft_study(text)
    # by hand: Boeing's forecast at 09:30, the two reports at 16:00 (read forward), apart
    assert sorted(str(e.when) for e in d.events) == ["2019-01-30T09:30", "2019-01-30T16:00"]
    assert str(next(c for c in d.claims if c.subject.subject.key == "boeing").event.when) == (
        "2019-01-30T09:30")
    assert moves("Strong results from Boeing lifted sentiment.") == ()


def test_a_tokyo_story_keeps_wall_streets_move_as_news_and_skips_news_still_ahead():
    from eventstudy.draft import draft_study

    text = ("Asian shares slide\n\n"
            "TOKYO, Oct 11 (Reuters) - Asian shares tumbled on Thursday, tracking a rout on "
            "Wall Street overnight.\n\n"
            "Japan's Nikkei fell 3.9 percent, its biggest daily drop since March.\n\n"
            "On Wall Street on Wednesday, the Dow Jones Industrial Average dropped 831.83 "
            "points.\n\n"
            "U.S. consumer price data is due later on Thursday.\n")
    d = draft_study(text, date="2018-10-11")
    # by hand: Wall Street's Wednesday rout (2018-10-10) is news for Tokyo's Thursday; the
    # CPI data due later on Thursday cannot have moved Tokyo's session
    nikkei = next(c for c in d.claims if c.subject.subject.key == "japanese_stocks")
    assert str(nikkei.event.when) == "2018-10-10"


def test_a_frankfurt_story_a_lenders_results_and_a_presidents_comments():
    from eventstudy.draft import draft_study

    text = ("date 2018-04-26 Test Wire\n\n"
            "European stocks fell after Deutsche Bank AG reported a drop in quarterly profit "
            "and said it would shrink its U.S. investment bank.\n"
            "The Stoxx Europe 600 Index slipped 0.3 percent.\n"
            "The lender released its results at 7 a.m. in Frankfurt.\n"
            "The European Central Bank kept interest rates unchanged on Thursday, and "
            "President Mario Draghi said the economy had lost some momentum.\n"
            "The euro fell after his comments.\n")
    d = draft_study(text)
    # by hand: "its U.S. investment bank" is no Wall Street move (the results keep the
    # story's day), "The lender" times them (07:00 Frankfurt), the ECB is its own event
    # although both names hold "Bank", and "his comments" are Draghi's (no new event)
    assert sorted(str(e.when) for e in d.events) == ["2018-04-26", "2018-04-26T07:00"]


def test_a_hong_kong_story_results_after_its_own_close_and_a_schedule_due_tonight():
    from eventstudy.draft import draft_study

    text = ("Hong Kong stocks rebound\n\nPublished: 5:12pm, 15 Aug, 2019\n\n"
            "Hong Kong stocks rebounded on Thursday, snapping a four-day losing streak, after "
            "Tencent Holdings reported better-than-expected second-quarter earnings.\n\n"
            "The Hang Seng Index rose 0.8 per cent to 25,495.46 at the close.\n\n"
            "The internet giant said after the market closed on Wednesday that net profit "
            "rose 19 per cent.\n\n"
            "US retail sales data for July are due at 8.30pm Hong Kong time.\n")
    d = draft_study(text)
    # by hand: Tencent's results are Wednesday's, after Hong Kong's close (16:00 HKT: no
    # city or zone in the header, so the story's own market); the US data are due on the
    # dateline's day at 20:30 HKT
    whens = sorted((str(e.when), e.timezone) for e in d.events)
    assert whens == [("2019-08-14T16:00", "Asia/Hong_Kong"), ("2019-08-15T20:30", "Asia/Hong_Kong")]
    hk = next(c for c in d.claims if c.subject.subject.key == "chinese_stocks")
    assert str(hk.event.when) == "2019-08-14T16:00"
