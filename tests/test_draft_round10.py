"""draft: general rules added after round 9 of the corpus (docs/draft-rules.md, rule table).

Each test drafts a short text written for the test (our own words, not the
corpus) and checks an answer worked out by hand from the rule (calendar
arithmetic by hand, noted).
"""

from __future__ import annotations

import datetime as dt
import types

import pytest

from eventstudy.draft import dateline as dateline_module
from eventstudy.draft import draft_study, parse_dateline, to_yaml
from eventstudy.draft import inferred as inferred_module
from eventstudy.exceptions import DraftError


def _clock(day: dt.date) -> types.SimpleNamespace:
    """A ``datetime`` module whose ``date.today()`` is ``day`` (an injected, fixed clock)."""

    class _Date(dt.date):
        def __new__(cls, *args: int) -> dt.date:  # type: ignore[misc]
            return dt.date(*args)  # the dates built stay plain dates

        @classmethod
        def today(cls) -> dt.date:
            return dt.date(day.year, day.month, day.day)

    return types.SimpleNamespace(date=_Date, time=dt.time, datetime=dt.datetime,
                                 timedelta=dt.timedelta, timezone=dt.timezone)


_NO_YEAR = ("Nikkei slides\n\nTOKYO, Jan 4 (Reuters) - Japanese stocks tumbled on Friday as "
            "Tokyo's markets reopened after the holiday.\n")


@pytest.mark.parametrize("today", [dt.date(2026, 12, 4), dt.date(2031, 6, 1), dt.date(2019, 1, 5)])
def test_a_year_less_wire_dateline_does_not_read_the_clock(monkeypatch, today):
    # by hand: 4 January is a Friday in 2013, 2019, 2030: a text naming no year does not say
    # which, so the draft asks for --date whatever the clock says (in 2031 the old rule read
    # 2030, in 2026 it read 2019)
    # the dateline and its inferences (inferred.py) both see the injected clock
    monkeypatch.setattr(dateline_module, "dt", _clock(today))
    monkeypatch.setattr(inferred_module, "dt", _clock(today))
    with pytest.raises(DraftError) as err:
        parse_dateline(_NO_YEAR)
    assert "has no year" in err.value.message and "--date" in (err.value.hint or "")
    # --date settles it, and the wire dateline still gives its city and publisher
    d = parse_dateline(_NO_YEAR, "2019-01-04")
    assert (d.date, d.city, d.publisher, d.zone) == (dt.date(2019, 1, 4), "TOKYO", "Reuters",
                                                     "Asia/Tokyo")


def test_the_year_of_a_year_less_wire_dateline_is_one_the_text_names():
    # by hand: 6 March 2018 was a Tuesday (2018-03-01 a Thursday); 6 March 2019 a Wednesday
    text = ("Stocks slip\n\nLONDON, March 6 (Reuters) - European shares fell on Tuesday as "
            "investors weighed the tariff threat. The index is up 3% in 2018 so far.\n")
    drafts = []
    for today in (dt.date(2026, 12, 4), dt.date(2035, 3, 6)):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(dateline_module, "dt", _clock(today))
            mp.setattr(inferred_module, "dt", _clock(today))
            d = parse_dateline(text)
            drafts.append(to_yaml(draft_study(text)))
        assert d.date == dt.date(2018, 3, 6) and "2018" in d.review
    assert drafts[0] == drafts[1]  # the same draft whatever the day it is run


def test_a_header_row_of_byline_date_and_section_is_read_in_the_places_zone():
    # a Caixin-style row: byline / stamp / section; no city, no publisher: the lead's first
    # place (Japan) gives the zone
    text = ("Tokyo cuts its forecast\n\n"
            "By Aiko Sato and Ren Ito / Jun 12, 2019 07:40 PM / Markets\n\n"
            "Japan cut its growth forecast for the year on Wednesday as exports slowed for a "
            "sixth month, the cabinet office said in a monthly report.\n")
    d = parse_dateline(text)
    # by hand: 07:40 PM is 19:40, Tokyo time
    assert (d.date, d.time, d.zone) == (dt.date(2019, 6, 12), dt.time(19, 40), "Asia/Tokyo")
    assert "Japan" in d.review
    ev = draft_study(text).events[0]
    assert str(ev.when) == "2019-06-12"


def test_a_first_published_row_beats_the_bare_stamp_above_it():
    # the Guardian prints the last update first, then "First published on ..."
    text = ("Pound slides\n\nA deck that sums up the story\n\nTom Baker\n"
            "Thu 7 Mar 2019 18.02 GMT\n"
            "First published on Thu 7 Mar 2019 09.15 GMT\n\n"
            "The pound fell against the dollar on Thursday after the central bank cut its growth "
            "forecast for the year, traders said.\n")
    d = parse_dateline(text)
    assert (d.date, d.time, d.timezone) == (dt.date(2019, 3, 7), dt.time(9, 15), "UTC")
    assert d.publisher is None


def test_a_publisher_named_by_a_role_line_or_written_joined():
    bbc = ("Rates on hold\n\n12 June 2019\n\nBy Sam Lee\nEconomics reporter, BBC News\n\n"
           "The Bank of England kept interest rates on hold on Wednesday, as the pound slipped "
           "against the dollar.\n")
    d = parse_dateline(bbc)
    assert (d.date, d.publisher) == (dt.date(2019, 6, 12), "BBC News")
    fox = ("Dow slips\n\nBy Jo Ray | FOXBusiness\nPublished June 12, 2019 4:05pm EDT\n\n"
           "The Dow Jones Industrial Average slipped 43 points on Wednesday as trade worries "
           "weighed on industrial shares.\n")
    d = parse_dateline(fox)
    # by hand: 4:05pm EDT is 16:05 New York time
    assert (d.publisher, d.time, d.timezone) == ("Fox Business", dt.time(16, 5),
                                                 "America/New_York")


def test_a_year_less_date_takes_its_clauses_tense():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2018, 9, 14)
    # by hand: 2019-02-03 is 142 days ahead of 2018-09-14, 2018-02-03 is 223 days back: the
    # nearest is 2019, but the clause is past, so the day already gone
    (ref,) = find_time_refs("The company opened its third plant on Feb. 3.", d)
    assert ref.first == dt.date(2018, 2, 3) and ref.review
    # a future clause keeps the day ahead; a past verb pointing ahead ("postponed ... to") too
    (ref,) = find_time_refs("The company will open its third plant on Feb. 3.", d)
    assert ref.first == dt.date(2019, 2, 3)
    (ref,) = find_time_refs("The board postponed the vote to Feb. 3.", d)
    assert ref.first == dt.date(2019, 2, 3)
    # a present clause keeps the nearest ("the lawsuit centers on the March 30 memo")
    (ref,) = find_time_refs("The lawsuit centers on the Aug. 7 memo.", dt.date(2018, 2, 1))
    assert ref.first == dt.date(2017, 8, 7)  # by hand: 178 days back, 187 ahead
    # a holiday told in the past is the one already gone: Christmas Day 2018 is 99 days
    # after 2018-09-17 and Christmas Day 2017 266 days before it (nearest: 2018)
    (ref,) = find_time_refs("Sales had slumped after Christmas Day.", dt.date(2018, 9, 17))
    assert ref.first == dt.date(2017, 12, 25)


def test_a_record_level_with_a_thousands_comma_is_a_comparison_base():
    text = ("date 2018-09-20 Test Wire\n\n"
            "The Dow Jones Industrial Average rose 251.22 points to 26,656.98, topping its "
            "previous closing record of 26,616.71 set on Jan. 26, after the Commerce Department "
            "said housing starts rose.\n")
    d = draft_study(text)
    # the record's day is the market's own path, never an event of the story
    assert all(str(e.when) != "2018-01-26" for e in d.events)


def test_a_span_that_ends_on_a_day_is_a_range_ending_that_day():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 3, 15)  # a Friday
    # by hand: "ends Wednesday" read ahead is 2019-03-20, so the two-day meeting is 19-20
    refs = find_time_refs("The Fed holds a two-day meeting that ends Wednesday.", d)
    assert (refs[0].first, refs[0].last) == (dt.date(2019, 3, 19), dt.date(2019, 3, 20))
    # "Three days of talks ... ended Thursday" -> 03-12..03-14
    refs = find_time_refs("Three days of talks between the two delegations in Geneva ended "
                          "Thursday without a deal.", d)
    assert (refs[0].first, refs[0].last) == (dt.date(2019, 3, 12), dt.date(2019, 3, 14))
    # an actor concluding the meeting dates the conclusion: one day
    refs = find_time_refs("The central bank concludes a two-day meeting on Friday.", d)
    assert refs[0].first == refs[0].last


def test_a_sentence_about_next_or_last_week_reads_its_weekdays_in_that_week():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 5, 6)  # a Monday
    # by hand: next week is 05-13..05-17; its Friday 05-17 (read forward alone: 05-10)
    refs = find_time_refs("Next week brings the central bank's meeting and the payrolls report "
                          "on Friday.", d)
    assert [r.first for r in refs] == [dt.date(2019, 5, 17)]  # the frame itself is no event
    # last week's Wednesday is 05-01 (read back alone from Monday 05-06: also 05-01); from a
    # Friday dateline (05-10) the bare Wednesday would be 05-08, in last week 05-01
    refs = find_time_refs("Last week, the ministry raised the tariff on Wednesday.",
                          dt.date(2019, 5, 10))
    assert refs[-1].first == dt.date(2019, 5, 1)
    # a week that is the sentence's subject names a time, not a happening
    text = ("date 2019-05-06 Test Wire\n\nStocks rose on Monday after the central bank cut "
            "rates.\n\nNext week will be a busy one for investors.\n")
    assert all("busy" not in e.title for e in draft_study(text).events)


_TELLERS = ("date 2019-06-14 Test Wire\n\n"
            "U.S. stocks rose on Friday after Treasury Secretary Steven Mnuchin said the trade "
            "talks with Beijing would resume soon.\n\n"
            "The S&P 500 climbed 1.1 percent.\n\n"
            "The Treasury's upbeat tone came days after President Donald Trump told reporters on "
            "Tuesday that the trade talks with Beijing were going nowhere.\n")


def test_a_cause_told_by_a_named_person_is_not_another_persons_dated_words():
    from draft_support import claim_of

    d = draft_study(_TELLERS)
    # Mnuchin's words are not Trump's Tuesday remark (which shares "trade talks with
    # Beijing"): the cause is its own happening, on the move's day (2019-06-14)
    us = claim_of(d, "us_stocks")
    assert str(us.event.when) == "2019-06-14"
    tuesday = next(e for e in d.events if str(e.when) == "2019-06-11")
    # the date after "days after" dates Trump's remark, not "the Treasury's upbeat tone"
    assert "treasury" not in tuesday.words and "trump" in tuesday.words


def test_a_shared_title_does_not_make_two_tellers_one():
    text = ("date 2019-02-15 Test Wire\n\n"
            "Stocks rose on Friday as trade hopes lifted the market.\n\n"
            "Chinese President Xi Jinping met the U.S. delegation in Beijing on Friday.\n\n"
            "President Donald Trump said at the White House that he might let the March 1 "
            "deadline for higher tariffs slip.\n")
    d = draft_study(text)
    # "President" names no one: Trump's undated telling is not Xi's dated meeting, so it is an
    # announcement on the move's day and the deadline keeps its own date
    trump = next(e for e in d.events if "trump" in e.words and str(e.when) == "2019-02-15")
    assert "xi" not in trump.words
    assert any(str(e.when) == "2019-03-01" for e in d.events)


def test_on_a_day_when_ends_the_cause():
    from draft_support import claim_of

    text = ("date 2019-04-12 Test Wire\n\n"
            "Deere & Co. shares fell 2% on Friday after the company reported weak sales, a rare "
            "loser on a day when hopes for a trade deal lifted the market.\n")
    d = draft_study(text)
    deere = claim_of(d, "deere")
    # the cause is the sales report; the day's circumstances are not its words
    assert "sale" in deere.event.words and not {"trade", "deal"} & deere.event.words


def test_a_month_after_from_or_until_dates_a_start_or_end_told_ahead():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2018, 10, 25)
    # by hand: the next January after October 2018 is January 2019
    (ref,) = find_time_refs("The bank will cut its bond purchases from January.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 1, 1), dt.date(2019, 1, 31))
    (ref,) = find_time_refs("The bank said purchases would continue until September 2019.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 9, 1), dt.date(2019, 9, 30))
    # a figure's period or a past path is no start: nothing
    assert find_time_refs("Retail sales rose 3% from January.", d) == []
    assert find_time_refs("The index climbed steadily from March.", d) == []


def test_a_month_alone_in_a_future_clause_dates_what_it_tells():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 1, 2)
    # by hand: the next July after January 2019 is July 2019
    (ref,) = find_time_refs("The subsidy will be withdrawn in July.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 7, 1), dt.date(2019, 7, 31))
    # a conditional is a possibility, and an amount makes the month a figure's period
    assert find_time_refs("An announcement could come in July.", d) == []
    assert find_time_refs("Exports will fall 3% in July.", d) == []


def test_a_happening_named_by_its_month_is_dated_that_month():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2018, 3, 5)
    # by hand: the latest September begun by March 2018 is September 2017
    (ref,) = find_time_refs("Coalition talks dragged on after the September election.", d)
    assert (ref.first, ref.last) == (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    # told ahead: the next December
    (ref,) = find_time_refs("The December meeting will decide on the programme.", d)
    assert ref.first == dt.date(2018, 12, 1)
    # a month naming no happening is no date ("the March figures" is a period)
    assert find_time_refs("Investors studied the March figures.", d) == []


def test_a_markets_reaction_told_as_its_verb_dates_its_session_not_news():
    text = ("date 2019-03-13 Test Wire\n\n"
            "Financial markets took the central bank's surprise rate cut in their stride on "
            "Wednesday, as investors bet on more easing.\n\n"
            "Stocks shrugged off the weak factory data on Wednesday.\n\n"
            "The bank cut its main rate by a quarter point on Tuesday evening.\n")
    d = draft_study(text)
    # the sessions' Wednesday is no event: only Tuesday's cut is
    assert [str(e.when) for e in d.events] == ["2019-03-12"]


def test_a_generic_indexs_past_perfect_path_is_the_storys_own():
    text = ("date 2019-03-05 Test Wire\n\n"
            "Chinese stocks rose on Tuesday after the premier pledged tax cuts.\n\n"
            "The index had closed above 3,000 for the first time in months on Monday, after a "
            "report over the weekend that a trade deal was close.\n")
    d = draft_study(text)
    # "The index" names no other market: its Monday close is the story's own path (no
    # event); the weekend report is news (2019-03-02..03)
    whens = {str(e.when) for e in d.events}
    assert "2019-03-04" not in whens
    assert any(isinstance(e.when, dict) and str(e.when["from"]) == "2019-03-02"
               for e in d.events)


def test_words_of_a_markets_own_level_tie_no_cause_to_news():
    from draft_support import claim_of

    text = ("date 2019-03-05 Test Wire\n\n"
            "The exchange said on Monday it would review the close of its trading day.\n\n"
            "The premier unveiled a stimulus plan on Tuesday.\n\n"
            "The Shanghai Composite Index rose 0.9% to its highest close since "
            "June.\n")
    d = draft_study(text)
    # "highest close" shares "close" with Monday's exchange notice, but a level names no
    # news: with no cause named, the index takes the latest news (Tuesday's plan)
    assert str(claim_of(d, "chinese_stocks").event.when) == "2019-03-05"


def test_a_noun_pair_after_a_speech_verb_is_its_object_not_a_clause():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 3, 6)  # a Wednesday
    # by hand: "announced tax cuts on Tuesday" is yesterday (03-05), not next Tuesday (03-12):
    # "tax cuts" is the telling's object, not a subject and a present verb
    (ref,) = find_time_refs("The premier announced tax cuts on Tuesday.", d)
    assert ref.first == dt.date(2019, 3, 5) and not ref.future
    # a named subject with its verb still opens a reported clause read forward
    (ref,) = find_time_refs("The minister said Beijing cuts its tariffs on Friday.", d)
    assert ref.first == dt.date(2019, 3, 8)


def test_a_lead_told_in_the_present_perfect_is_the_days_news():
    from draft_support import claim_of

    text = ("Brussels blocks the merger\n\n12 March 2019\n\nBy Ann Lee\n"
            "Business reporter, BBC News\n\n"
            "The European Commission has blocked the planned merger of two rail makers, saying "
            "it would hurt competition.\n\n"
            "On Friday, a ratings agency cut the outlook for one of the companies, although it "
            "kept the rating.\n\n"
            "European stock markets fell on Tuesday, although the sell-off also reflected "
            "worries about trade.\n")
    d = draft_study(text)
    # the lead's undated present perfect is Tuesday's news (2019-03-12); "although" ties
    # the index to no other news
    lead = next(e for e in d.events if "merger" in e.words)
    assert str(lead.when) == "2019-03-12" and lead.review
    assert claim_of(d, "european_stocks").event is lead
    # a state or a move told in the present perfect is no news
    from eventstudy.draft.readings import perfect_news
    assert not perfect_news("The pound has been weak for weeks.")
    assert not perfect_news("Shares have risen 20% this year.")


def test_an_as_clause_whose_subject_lifted_the_market_names_the_cause():
    from draft_support import claim_of

    text = ("TOKYO -- Japanese stocks rose on Wednesday, as a rally on Wall Street overnight "
            "helped exporters.\n")
    d = draft_study(text, date="2019-05-15")
    # by hand: Wall Street's session before Tokyo's Wednesday (2019-05-15) is Tuesday
    # (2019-05-14, New York); the rally is news for Tokyo
    assert str(claim_of(d, "japanese_stocks").event.when) == "2019-05-14"
    # people judging are no cause: no event for "as investors weighed ..."
    text2 = ("date 2019-05-15 Test Wire\n\nEuropean shares fell on Wednesday, as investors "
             "weighed the outlook for growth.\n")
    assert not draft_study(text2).events
    # a market's level is not news: "the weaker euro" is no event, and the index takes
    # the dated news the euro's fall followed
    text3 = ("date 2017-10-26 Test Wire\n\nThe central bank said at 1.45pm on Thursday that it "
             "would halve its bond purchases. The euro fell sharply as the president spoke.\n\n"
             "European stocks rose 1.3 per cent, as the weaker euro lifted exporters.\n")
    d3 = draft_study(text3)
    assert len(d3.events) == 1
    assert claim_of(d3, "european_stocks").event is d3.events[0]


def test_a_leads_own_full_date_dates_a_story_without_a_date_line():
    text = ("Stocks drift lower\n\nBy JO DOE\nAP Business Writer\n\n"
            "NEW YORK (AP) — U.S. stocks slipped on Thursday, April 18, 2019, as investors "
            "weighed mixed earnings ahead of the Good Friday holiday, when U.S. markets will be "
            "closed.\n")
    d = parse_dateline(text)
    # by hand: 2019-04-18 was a Thursday (the lead's weekday agrees), so it dates the story
    assert (d.date, d.publisher) == (dt.date(2019, 4, 18), "Associated Press") and d.review
    # "ahead of the Good Friday holiday" in a past clause still points ahead: Good Friday
    # 2019 is 04-19 (Easter 2019-04-21), not 2018-03-30
    whens = {str(e.when) for e in draft_study(text).events}
    assert "2019-04-19" in whens and "2018-03-30" not in whens


def test_a_range_told_before_lends_no_day_to_a_time():
    text = ("date 2019-04-18 Test Wire\n\n"
            "Health care stocks fell after a senator unveiled a new plan last week.\n\n"
            "Travelers Cos. dropped 2.5 percent after the insurer reported lower profit before "
            "the market opened.\n")
    d = draft_study(text)
    # the time is the story's day (2019-04-18), not the Monday of last week (2019-04-08)
    timed = next(e for e in d.events if e.time is not None)
    assert str(timed.when).startswith("2019-04-18")


def test_a_market_phrase_right_after_a_clock_time_is_the_same_instant():
    from eventstudy.draft.times import find_times

    s = ("The ministry announced the move at about 8 p.m. Beijing time, after Asian markets had "
         "closed.")
    times, _ = find_times(s)
    # one time: 20:00 Asia/Shanghai (the market phrase says when against Asia's hours)
    assert [(t.time, t.timezone) for t in times] == [(dt.time(20, 0), "Asia/Shanghai")]


def test_a_part_of_day_after_the_weekday_keeps_two_happenings_apart():
    text = ("date 2019-05-13 Test Wire\n\n"
            "Japanese stocks fell on Monday after China said it would raise tariffs on $60 "
            "billion of U.S. goods from June 1.\n\n"
            "The Topix lost 0.6%.\n\n"
            "China's finance ministry announced the move at about 8 p.m. Beijing time.\n\n"
            "Hong Kong stocks had already fallen earlier in the day.\n\n"
            "U.S. President Donald Trump had warned China on Monday morning not to retaliate.\n")
    d = draft_study(text)
    # the morning warning is not the announcement timed at 20:00 the same day
    timed = [e for e in d.events if e.time is not None]
    assert len(timed) == 1 and all("warned" not in s.text for s, _ in timed[0].mentions)


def test_a_place_named_in_a_times_clause_gives_its_zone_and_a_regional_gauge_is_not_us():
    from eventstudy.draft.assets import load_mapping
    from eventstudy.draft.times import find_times

    times, _ = find_times("The decision came at 1.45pm on Thursday in Vilnius, where the "
                          "council met.", zone="America/New_York")
    # by hand: Vilnius is Europe/Vilnius (an IANA zone's city), not the zone in force
    assert [(t.time, t.timezone) for t in times] == [(dt.time(13, 45), "Europe/Vilnius")]
    # "The Stoxx Europe 600 Banks index" is Europe's banks, not the mapping's US banks
    m = load_mapping()
    assert not m.find("The Stoxx Europe 600 Banks index rose 2.1 per cent.")
    assert [x.subject.key for x in m.find("Bank stocks rose 2.1 per cent.")] == ["banks"]


def test_a_date_opening_the_move_clause_dates_its_undated_cause_and_keeps_the_time_its_own():
    text = ("TOKYO, Nov 21, 2018 (Kyodo) -- Tokyo stocks fell on Wednesday, tracking an "
            "overnight slump on Wall Street.\n\n"
            "In New York on Tuesday, the Dow Jones Industrial Average fell 551 points after "
            "Target reported weak quarterly profit before the opening bell.\n\n"
            "Nissan shares dropped 1.8 percent after a broker cut its rating on the automaker.\n")
    d = draft_study(text)
    target = next(e for e in d.events if "target" in e.words)
    # by hand: Target's results are Tuesday's (2018-11-20) at the New York open, 09:30
    assert str(target.when) == "2018-11-20T09:30" and target.timezone == "America/New_York"
    # the Dow's Tuesday (news for Tokyo) does not take the cause's time
    dow = next(e for e in d.events if str(e.when) == "2018-11-20")
    assert dow.time is None
    # the next sentence's Tokyo move does not inherit New York's Tuesday
    rating = next(e for e in d.events if "rating" in e.words)
    assert str(rating.when) == "2018-11-21"


def test_a_plural_head_with_a_place_phrase_agrees_with_its_present_verb():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 2, 11)  # a Monday
    # by hand: "reopen on Tuesday", told in the present of a schedule, is 02-12 (ahead)
    refs = find_time_refs("Markets in Shanghai and Shenzhen reopen on Tuesday after a "
                          "week-long holiday.", d)
    assert refs[0].first == dt.date(2019, 2, 12)


def test_a_reporters_handle_ending_in_the_publisher_in_lower_case_names_it():
    text = ("Dow drops\n\nPublished Mon, May 6 2019  9:45 AM EDT\n\nJo Rey\n@joreycnbc\n\n"
            "U.S. stocks fell sharply on Monday after the president threatened new tariffs "
            "over the weekend.\n")
    assert parse_dateline(text).publisher == "CNBC"


def test_a_holiday_break_is_no_cause_and_while_ends_a_cause():
    from draft_support import claim_of

    text = ("date 2019-02-11 Test Wire\n\n"
            "Hong Kong stocks fell on Monday after the week-long Lunar New Year holiday.\n\n"
            "Japanese stocks fell on Monday after the central bank cut its growth forecast, "
            "while a slide in tech shares weighed on the benchmark.\n")
    d = draft_study(text)
    # a break is the market's calendar, not news: no event names it
    assert all("holiday" not in e.words for e in d.events)
    # the forecast cut is the cause; the while-clause is another clause's news
    assert "slide" not in claim_of(d, "japanese_stocks").event.words


def test_another_markets_named_move_as_a_cause_is_news():
    from draft_support import claim_of

    text = ("date 2019-01-03 Test Wire\n\n"
            "Japanese stocks fell on Thursday after the yen jumped against the dollar.\n")
    d = draft_study(text)
    # the yen's jump is not the Japanese market's own path: an event on the move's day
    ev = claim_of(d, "japanese_stocks").event
    assert ev is not None and "yen" in ev.words and str(ev.when) == "2019-01-03"
    # the mover's own path still is none: "after falling 2% on Monday"
    text2 = ("date 2019-01-03 Test Wire\n\nJapanese stocks rose on Thursday after falling 2% "
             "on Wednesday.\n")
    assert not draft_study(text2).events


def test_two_dates_joined_by_and_are_two_days_unless_between_or_consecutive():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 1, 4)
    refs = find_time_refs("The cut takes effect in two steps, on Jan. 15 and Jan. 25.", d)
    assert [(r.first, r.last) for r in refs] == [(dt.date(2019, 1, 15),) * 2,
                                                 (dt.date(2019, 1, 25),) * 2]
    (ref,) = find_time_refs("Talks run between Jan. 30 and Feb. 1.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 1, 30), dt.date(2019, 2, 1))
    (ref,) = find_time_refs("The Fed meets on Jan. 29 and 30.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 1, 29), dt.date(2019, 1, 30))


def test_the_doers_named_back_date_the_undated_cause():
    from draft_support import claim_of

    text = ("date 2019-07-26 Test Wire\n\n"
            "U.S. stocks rose on Friday after Alphabet, Intel and Starbucks all reported "
            "results that beat estimates.\n\n"
            "The S&P 500 gained 0.7%.\n\n"
            "The three companies reported after the bell on Thursday.\n")
    d = draft_study(text)
    # by hand: the cause is the results told back by "The three companies": Thursday
    # 2019-07-25 after the New York close (16:00), not a Friday event of its own
    ev = claim_of(d, "us_stocks").event
    assert str(ev.when) == "2019-07-25T16:00" and len(d.events) == 1


def test_two_firms_news_sharing_common_words_stay_two_happenings():
    from draft_support import claim_of

    text = ("date 2019-03-11 Test Wire\n\n"
            "Analysts at Jefferies downgraded Boeing to hold from buy on Monday.\n\n"
            "Apple climbed 3.5% after an analyst at Bank of America upgraded the shares to "
            "buy.\n")
    d = draft_study(text)
    # "analyst" and "buy" are shared, but Bank of America is not Jefferies: Apple's cause
    # is its own event on the move's day
    ev = claim_of(d, "apple").event
    assert "jefferies" not in ev.words and "america" in ev.words
    from eventstudy.draft.news import _doers
    # a place is no doer ("Beijing" stands for China's government), nor a title
    assert _doers("talks in Beijing ended as President Xi met them") == {"xi"}


def test_the_weekend_told_ahead_is_the_coming_one():
    from eventstudy.draft.dates import find_time_refs

    d = dt.date(2019, 8, 23)  # a Friday
    # by hand: told ahead, the weekend is 08-24..25; told as past, the one before, 08-17..18
    (ref,) = find_time_refs("Investors will watch for a response over the weekend.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 8, 24), dt.date(2019, 8, 25))
    (ref,) = find_time_refs("The president tweeted over the weekend.", d)
    assert (ref.first, ref.last) == (dt.date(2019, 8, 17), dt.date(2019, 8, 18))


def test_recovering_from_a_days_sell_off_is_the_movers_path_and_the_cause_follows():
    from draft_support import claim_of

    text = ("date 2019-01-04 Test Wire\n\n"
            "U.S. stocks surged on Friday, recovering from Thursday's sell-off, after the "
            "central bank's chairman said it would be patient with rate increases.\n")
    d = draft_study(text)
    # the cause is the chairman's remark (the move's day), not Thursday's sell-off
    ev = claim_of(d, "us_stocks").event
    assert "patient" in ev.words and str(ev.when) == "2019-01-04"


def test_a_report_about_someones_words_is_not_their_words_told_next():
    from draft_support import claim_of

    text = ("date 2018-08-08 Test Wire\n\n"
            "Tesla shares fell 2.4% on Wednesday after the Wall Street Journal reported that "
            "regulators had asked the company about Musk's tweet on taking it private.\n\n"
            "Musk said on Twitter on Tuesday that he was considering taking Tesla private.\n")
    d = draft_study(text)
    # the newspaper's report (the move's day) is the cause, not Musk's Tuesday tweet told next
    assert str(claim_of(d, "tesla").event.when) == "2018-08-08"


def test_the_movers_earlier_day_named_by_its_move_dates_no_news():
    text = ("date 2018-08-08 Test Wire\n\n"
            "Tesla shares fell 2.4% on Wednesday, reversing part of Tuesday's surge, after a "
            "newspaper reported that regulators had asked about the chief executive's tweet.\n")
    # Tuesday's surge is Tesla's own path: no event; the newspaper's report is Wednesday's
    assert [str(e.when) for e in draft_study(text).events] == ["2018-08-08"]
    text2 = ("date 2018-08-08 Test Wire\n\n"
             "Hong Kong stocks fell on Wednesday, extending Tuesday's slide after a US jobs "
             "report showed strong wage growth.\n")
    # Tuesday's slide told with its own cause dates that cause (the jobs report, 08-07)
    assert any("job" in e.words and str(e.when) == "2018-08-07"
               for e in draft_study(text2).events)


def test_a_market_that_remains_closed_on_a_holiday_is_a_closure():
    text = ("date 2018-04-02 Test Wire\n\n"
            "U.S. stocks rose on Monday as investors returned from the holiday weekend.\n\n"
            "European markets remain closed on Monday for Easter Monday.\n")
    d = draft_study(text)
    # by hand: Easter 2018 was 04-01, so Easter Monday is 04-02: a closure event that day
    assert any(str(e.when) == "2018-04-02" and "closed" in e.title for e in d.events)
