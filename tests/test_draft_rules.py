"""draft: general rules added after round 5 of the corpus (docs/draft-rules.md, rule table).

Each test drafts a short article written for the test (our own text) and checks
the answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from draft_support import claim_of, event_with

from eventstudy.draft import draft_study


def test_a_modal_elsewhere_in_the_sentence_makes_no_forecast_move():
    # "would" belongs to the reported tariffs, not to the move: the move of Thursday
    # 2018-05-31 cannot point at the tariffs starting on July 1 (by hand: only the
    # announcement of Thursday has reached the market)
    text = ("date 2018-05-31 Test Wire\n\n"
            "Ottawa announced tariffs on Thursday.\n"
            "US stocks fell after Canada said it would impose tariffs starting July 1.\n")
    d = draft_study(text)
    assert claim_of(d, "us_stocks").event.ref.first == dt.date(2018, 5, 31)
    # a forecast move ("could fall") may still point at the future event
    text2 = ("date 2018-05-31 Test Wire\n\n"
             "Ottawa announced tariffs on Thursday.\n\n"
             "Canada's tariffs start on July 1.\n\n"
             "US stocks could fall when Canada's tariffs start.\n")
    d2 = draft_study(text2)
    assert claim_of(d2, "us_stocks").event.ref.first == dt.date(2018, 7, 1)


def test_an_earlier_happening_told_after_the_cause_ends_the_cause():
    # by hand: the cause is "the carmaker said its finance chief had resigned" (undated:
    # the move's day, Friday 2018-09-07); "less than a day after ... on Thursday night"
    # is its background, an event of its own on Thursday 2018-09-06
    text = ("date 2018-09-07 Test Wire\n\n"
            "Tesla shares tumbled 6 percent on Friday after the carmaker said its finance "
            "chief had resigned, less than a day after its founder smoked marijuana during a "
            "web show on Thursday night.\n")
    d = draft_study(text)
    resign = next(e for e in d.events if "had resigned" in e.ref.text)
    show = next(e for e in d.events if e.ref.text.endswith("Thursday"))
    assert resign.ref.first == dt.date(2018, 9, 7) and resign.implied
    assert show.ref.first == dt.date(2018, 9, 6) and show is not resign
    assert claim_of(d, "tesla").event is resign


def test_an_undated_telling_of_a_later_thing_is_its_own_event():
    # by hand (dateline Thursday 2018-05-31): Canada's telling reached the market on
    # Thursday (an announcement, marked); its tariffs start on 2018-07-01. The US move
    # after the administration's decision, told in detail in the next sentence, is
    # that decision's -- not Canada's telling, though both name tariffs and Canada.
    text = ("date 2018-05-31 Test Wire\n\n"
            "US stocks fell after the administration said it would impose tariffs on steel "
            "from Canada and Mexico.\n\n"
            "Commerce Secretary Ross announced the decision on Thursday.\n\n"
            "Canada said it would retaliate with tariffs starting July 1.\n")
    d = draft_study(text)
    told = next(e for e in d.events if e.announcement)
    start = next(e for e in d.events if e.ref.text == "July 1")
    decision = next(e for e in d.events if e.ref.text == "on Thursday")
    assert told.ref.first == dt.date(2018, 5, 31) and "Canada said" in told.ref.text
    assert start.ref.first == dt.date(2018, 7, 1)
    assert any("does not date" in q for q in told.review)
    assert len(d.events) == 3
    assert claim_of(d, "us_stocks").event is decision
    # the same teller's news dated nearby: the telling is its detail, not a new event
    d2 = draft_study("date 2018-09-19 Test Wire\n\nChina on Tuesday announced tariffs on "
                     "US goods.\n\nChina said the tariffs would take effect on Sept. 24.\n\n"
                     "US stocks fell on Wednesday.\n")
    assert sorted(str(e.when) for e in d2.events) == ["2018-09-18", "2018-09-24"]
    assert str(claim_of(d2, "us_stocks").event.when) == "2018-09-18"


def test_a_report_of_a_meeting_this_week_is_dated_by_the_move_not_the_week():
    # by hand (Tuesday 2019-01-22): the report reached the market on Tuesday; the talks
    # it reports keep this week's range
    text = ("date 2019-01-22 Test Wire\n\n"
            "US stocks fell on Tuesday.\n\n"
            "The newspaper reported that officials had rejected an offer to hold talks "
            "this week.\n")
    d = draft_study(text)
    told = next(e for e in d.events if e.announcement)
    week = next(e for e in d.events if e.ref.is_range)
    assert told.when == dt.date(2019, 1, 22)
    assert week.when == {"from": dt.date(2019, 1, 21), "to": dt.date(2019, 1, 25)}
    # analysts' expectations are no telling
    d3 = draft_study("date 2018-12-14 Test Wire\n\nUS stocks fell on Friday.\n\nAnalysts said "
                     "the Fed will raise rates next week.\n")
    assert not any(e.announcement for e in d3.events)
    # "to be announced by Friday" is no telling
    d2 = draft_study("date 2018-06-25 Test Wire\n\nThe measures are expected to be announced "
                     "by Friday.\n")
    assert [e.ref.first for e in d2.events] == [dt.date(2018, 6, 29)]


def test_midnight_ends_the_day_and_is_its_own_happening():
    # by hand: the decision is Thursday 2018-05-31 (no time); the duties take effect at
    # the end of Thursday, i.e. on Friday 2018-06-01
    text = ("date 2018-05-31 Test Wire\n\n"
            "Ross announced the decision on Thursday, saying the duties take effect at "
            "midnight.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2018-05-31", "2018-06-01"]
    effect = next(e for e in d.events if e.ref.text.endswith("midnight"))
    assert any("start of 2018-06-01" in q for q in effect.review)
    # in a sentence of its own, "at midnight" does not time the previous event either
    d2 = draft_study("date 2018-05-31 Test Wire\n\nRoss announced the decision on Thursday."
                     "\n\nThe duties take effect at midnight.\n")
    assert sorted(str(e.when) for e in d2.events) == ["2018-05-31", "2018-06-01"]


def test_a_back_reference_dated_by_a_market_phrase_is_the_same_happening():
    # by hand: "a day after ... said he would resign" is Tuesday 2018-03-06 (undated
    # cause); "His departure was announced late Tuesday, after the market closed" is the
    # same happening, which takes the close's time (16:00 New York)
    text = ("date 2018-03-07 Test Wire\n\n"
            "US stocks fell on Wednesday, a day after the economic adviser said he would "
            "resign.\n\n"
            "He had argued against tariffs.\n\n"
            "His departure was announced late Tuesday, after the market closed.\n")
    d = draft_study(text)
    assert len(d.events) == 1
    ev = d.events[0]
    assert ev.when == "2018-03-06T16:00" and ev.timezone == "America/New_York"
    assert claim_of(d, "us_stocks").event is ev


def test_the_close_is_the_days_move():
    # by hand: stocks recovered an early loss but finished lower -- one claim, down
    text = ("date 2018-03-07 Test Wire\n\n"
            "US stocks recovered most of an early loss on Wednesday but still finished lower "
            "after the adviser resigned.\n")
    d = draft_study(text)
    assert [(c.subject.subject.key, c.direction) for c in d.claims if c.move] == [
        ("us_stocks", "down")]


def test_companies_dragging_the_market_are_agents_not_an_event():
    # by hand: "dragged U.S. stocks sharply lower on Monday" is the market's move,
    # dated Monday (no event); Apple and Goldman Sachs, its agents, fell too -- Apple's
    # own move is told in the next sentence (that claim replaces the agent's), Goldman's
    # is not (the agent's claim stays)
    text = ("date 2018-11-12 Test Wire\n\n"
            "Apple and Goldman Sachs dragged U.S. stocks sharply lower on Monday.\n\n"
            "Apple slumped 5 percent after a supplier cut its forecast.\n")
    d = draft_study(text)
    claims = [(c.subject.subject.key, c.direction, c.sentence.index) for c in d.claims
              if c.move]
    assert claims == [("us_stocks", "down", 0), ("goldman", "down", 0), ("apple", "down", 1)]
    assert len(d.events) == 1 and d.events[0].implied
    assert claim_of(d, "us_stocks").event is d.events[0]


def test_undated_news_without_a_move_is_an_event():
    # by hand (Friday 2018-09-07): "Earlier, a ... report showed" is news of the move's
    # day; "Kudlow later said" is another telling on the day of the news before it
    text = ("date 2018-09-07 Test Wire\n\n"
            "US stocks fell on Friday after Trump threatened more tariffs.\n\n"
            "Earlier, a Labor Department report showed employers added 201,000 jobs.\n\n"
            "China said on Thursday it would retaliate.\n\n"
            "Kudlow later said the threat stood.\n")
    d = draft_study(text)
    report = next(e for e in d.events if "report showed" in e.ref.text)
    later = next(e for e in d.events if "later said" in e.ref.text)
    assert report.when == dt.date(2018, 9, 7) and report.implied
    # an appositive between the report and "showed"; its time is that report's
    d4 = draft_study("date 2018-11-02 Test Wire\n\nUS stocks rose on Friday.\n\nTrump tweeted "
                     "about the call on Thursday.\n\nThe October jobs report, released at 8:30 "
                     "a.m. ET, showed employers added 250,000 jobs.\n")
    assert sorted(str(e.when) for e in d4.events) == ["2018-11-01", "2018-11-02T08:30"]
    assert later.when == dt.date(2018, 9, 6)
    assert all(any("does not date" in q for q in e.review) for e in (report, later))
    # a sequence word opening the sentence: "Earlier, the Labor Department reported ..."
    d3 = draft_study("date 2019-01-04 Test Wire\n\nTrump met Xi on Friday.\n\nEarlier, the "
                     "Labor Department reported that employers added 312,000 jobs.\n")
    assert [str(e.when) for e in d3.events] == ["2019-01-04", "2019-01-04"]
    # analysts' comments and a pronoun's further words are no news: no teller named
    for more in ("Analysts also said the threat was serious.", "He also said it was fair."):
        d2 = draft_study("date 2018-09-07 Test Wire\n\nUS stocks fell on Friday after Trump "
                         f"threatened tariffs.\n\n{more}\n")
        assert len(d2.events) == 1, more


def test_news_a_move_shrugged_off_is_not_its_cause():
    # by hand: the survey is news of Friday 2019-03-01, but the index rose despite it:
    # the move goes to MSCI's decision of Thursday evening
    text = ("date 2019-03-01 Test Wire\n\n"
            "MSCI announced the decision to raise China's weighting on Thursday.\n\n"
            "The Shanghai Composite Index climbed 1.8 per cent on Friday, shrugging off a "
            "private survey that showed factory activity contracted.\n")
    d = draft_study(text)
    survey = next(e for e in d.events if e.implied)
    assert survey.when == dt.date(2019, 3, 1)
    assert claim_of(d, "chinese_stocks").event.ref.text == "on Thursday"


def test_a_relative_where_clause_has_its_own_mover_and_a_currency_is_a_market():
    # by hand: "where the lira suffered its worst day" is the lira's move, not the
    # lenders'; "The lira's slide deepened after Trump said ..." is a move whose undated
    # cause is news of the move's day, not the ECB report (a shared "Turkish" is no name)
    text = ("date 2018-08-10 Test Wire\n\n"
            "European stocks fell on Friday after a report that the ECB was worried about "
            "lenders' exposure to Turkey, where the lira suffered its worst day in years.\n\n"
            "The paper said on Friday that supervisors were looking at Turkish holdings.\n\n"
            "The lira's slide deepened after Trump said he had authorised higher tariffs on "
            "Turkish steel.\n")
    d = draft_study(text)
    assert [(c.subject.subject.key, c.direction) for c in d.claims if c.move] == [
        ("european_stocks", "down")]
    assert len(d.events) == 2
    trump = next(e for e in d.events if "Trump" in e.ref.text)
    assert trump.implied and trump.when == dt.date(2018, 8, 10)


def test_among_the_gainers_is_a_move():
    d = draft_study("date 2018-08-03 Test Wire\n\nWages rose on Friday.\n\n"
                    "Bank stocks were among the few gainers.\n")
    assert [(c.subject.subject.key, c.direction) for c in d.claims if c.move] == [
        ("banks", "up")]


def test_a_present_tense_schedule_reads_the_weekday_forward():
    from eventstudy.draft import find_time_refs

    # by hand, dateline Tuesday 2018-04-10: "runs through Wednesday" is 2018-04-11 (not
    # the Wednesday before); "ended on Wednesday" stays 2018-04-04
    day = dt.date(2018, 4, 10)
    fwd = find_time_refs("The annual conference runs through Wednesday.", day)
    back = find_time_refs("The conference ended on Wednesday.", day)
    assert [r.first for r in fwd] == [dt.date(2018, 4, 11)] and fwd[0].review
    assert [r.first for r in back] == [dt.date(2018, 4, 4)]


def test_led_by_a_subject_is_that_subjects_move_too():
    # by hand: the Nasdaq climbed, led by technology shares: tech stocks up as well
    d = draft_study("date 2018-11-07 Test Wire\n\nDemocrats won the House in Tuesday's "
                    "elections.\n\nThe Nasdaq Composite climbed 2.6 percent on Wednesday, led "
                    "by technology shares.\n")
    got = {(c.subject.subject.key, c.direction) for c in d.claims if c.move}
    assert got == {("us_stocks", "up"), ("tech_stocks", "up")}


def test_also_with_a_time_is_another_happening_of_the_same_kind():
    # by hand (Wednesday 2019-01-16): Goldman's results are dated by the move, no time;
    # Bank of America "also reported results before the opening bell": a second event at
    # 09:30 New York the same day
    text = ("date 2019-01-16 Test Wire\n\n"
            "Goldman Sachs shares jumped 9.5% Wednesday after the bank reported earnings.\n\n"
            "Bank of America, which also reported results before the opening bell, rose 7.2%.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2019-01-16", "2019-01-16T09:30"]


def test_a_move_over_a_range_is_dated_by_its_end():
    # by hand (Wednesday 2019-01-16): "have rallied this week" runs to Wednesday, so
    # JPMorgan's results of Tuesday are a candidate (not "no event before Monday")
    text = ("date 2019-01-16 Test Wire\n\n"
            "Bank stocks have rallied this week; JPMorgan Chase reported results on Tuesday.\n")
    d = draft_study(text)
    c = claim_of(d, "banks")
    assert c.event.ref.first == dt.date(2019, 1, 15)
    assert not any("no event" in q for q in c.review)


def test_a_bare_move_takes_the_news_the_next_sentence_tells_about_the_mover():
    # by hand: GE's fall has no cue; "Its chief executive ... said in an interview Monday
    # morning" is GE's own news (Monday 2018-11-12), not Goldman's refund demand before it
    text = ("date 2018-11-12 Test Wire\n\n"
            "Goldman Sachs plunged 7.5 percent on Monday after Malaysia demanded a refund.\n\n"
            "General Electric sank 6.9 percent.\n\n"
            "Its chief executive said in a television interview Monday morning that the "
            "company would sell assets.\n")
    d = draft_study(text)
    c = claim_of(d, "general_electric")
    assert c.event.ref.text == "Monday" and c.event.sentence.index == 2
    assert any("next sentence" in q for q in c.review)


def test_midnight_with_its_day_dates_that_day_without_a_time():
    # by hand: "runs out at midnight on Friday" -> Friday 2018-12-21, no time (marked)
    d = draft_study("date 2018-12-20 Test Wire\n\nFunding for several agencies runs out at "
                    "midnight on Friday.\n")
    (ev,) = d.events
    assert ev.when == dt.date(2018, 12, 21) and ev.time is None
    assert any("midnight may be its start or its end" in q for q in ev.review)


def test_a_day_number_ends_a_sentence_an_initial_does_not():
    from eventstudy.draft import split_sentences

    text = ("Canada said it had arrested the executive on Dec. 1. Caterpillar fell 1.1 "
            "percent. J. Smith said so.")
    assert [s.text for s in split_sentences(text)] == [
        "Canada said it had arrested the executive on Dec. 1.",
        "Caterpillar fell 1.1 percent.",
        "J. Smith said so."]


def test_a_report_that_came_after_a_dated_remark_is_not_dated_by_it():
    # by hand (Friday 2018-11-02): "The report came hours after Trump said on Thursday"
    # does not date the report: it is news of the move's day, apart from Thursday's call
    text = ("date 2018-11-02 Test Wire\n\n"
            "Hong Kong stocks surged on Friday after a report that Trump had asked officials "
            "to draft the terms of a deal.\n\n"
            "The report came hours after Trump said on Thursday that he had a good "
            "conversation with Xi.\n")
    d = draft_study(text)
    report = next(e for e in d.events if e.implied)
    assert report.when == dt.date(2018, 11, 2)
    assert claim_of(d, "chinese_stocks").event is report
    assert {str(e.when) for e in d.events} == {"2018-11-01", "2018-11-02"}


def test_from_a_number_is_no_cause():
    from eventstudy.draft.words import cause_span

    text = "The factor will rise to 20 per cent from 5 per cent in three steps."
    assert cause_span(text, text.index("rise")) is None
    text2 = "Stocks fell from record highs after the report."
    # (after round 15 a level with no determiner is the mover's start too: the cause is
    # the next cue's, "the report")
    assert text2[slice(*cause_span(text2, 7))].strip() == "the report."
    text3 = "Stocks fell from China's tariff threat."
    assert text3[slice(*cause_span(text3, 7))].startswith(" China")


def test_dated_details_of_a_cause_merge_even_with_a_non_market_rise():
    # by hand: "Holiday sales rose 5.1 percent ... according to a report released Wednesday
    # morning" dates the report the move followed: one event on 2018-12-26 ("sales" are no
    # market); "which also reported ..." stays another happening
    text = ("date 2018-12-26 Test Wire\n\n"
            "Wall Street roared back on Wednesday, with the Dow jumping 1,086 points, after a "
            "report showed a strong holiday shopping season.\n\n"
            "Holiday sales rose 5.1 percent, according to a report released Wednesday "
            "morning.\n")
    d = draft_study(text)
    assert len(d.events) == 1 and d.events[0].when == dt.date(2018, 12, 26)


def test_after_a_named_market_had_closed_is_that_markets_close():
    from eventstudy.draft.times import find_times

    # by hand: the Hong Kong close, 16:00 Asia/Hong_Kong; and it says when, not why
    (t,), _ = find_times("Trump signed the memorandum after the Hong Kong market had closed "
                         "on Thursday.")
    assert (t.time, t.timezone) == (dt.time(16, 0), "Asia/Hong_Kong")
    from eventstudy.draft.words import cause_span

    text = "Stocks fell after the Hong Kong market had closed on Thursday."
    assert cause_span(text, text.index("fell")) is None


def test_an_earlier_happening_nested_in_the_cause_does_not_date_it():
    # by hand (Wednesday 2019-03-13): the cause is Trump's word that the jets would be
    # grounded (undated: the move's day); "after Sunday's crash" is its background, an
    # event of its own on 2019-03-10
    text = ("date 2019-03-13 Test Wire\n\n"
            "Boeing shares fell 3 percent on Wednesday after President Trump said the "
            "United States would ground the jets, joining countries that had barred the "
            "plane after Sunday's crash.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2019-03-10", "2019-03-13"]
    assert str(claim_of(d, "boeing").event.when) == "2019-03-13"


def test_shared_nationality_words_do_not_make_a_cause_a_dated_event():
    # by hand: the US tariffs at 12:01 a.m. Washington time on Friday 2018-07-06 are the
    # cause; Trump's warning of Thursday shares only "Chinese goods" with it
    text = ("date 2018-07-06 Test Wire\n\n"
            "Chinese stocks fell on Friday after the United States imposed tariffs on Chinese "
            "goods at 12:01 a.m. Washington time.\n\n"
            "Trump had warned on Thursday that he could target more Chinese goods.\n")
    d = draft_study(text)
    cause = claim_of(d, "chinese_stocks").event
    assert cause.when == "2018-07-06T00:01" and cause.timezone == "America/New_York"


def test_to_close_higher_is_the_days_move():
    text = ("date 2018-07-06 Test Wire\n\n"
            "The Shanghai Composite Index dropped 0.7 per cent on Friday before recovering to "
            "close 0.5 per cent higher.\n")
    d = draft_study(text)
    assert [c.direction for c in d.claims if c.move] == ["up"]


def test_a_wire_dateline_may_carry_its_year():
    from eventstudy.draft import parse_dateline

    d = parse_dateline("Nikkei jumps\n\nTOKYO, Jan. 31, 2019 (Reuters) - Japanese stocks rose "
                       "on Thursday after the Fed signalled patience.\n")
    assert (d.date, d.publisher, d.city) == (dt.date(2019, 1, 31), "Reuters", "TOKYO")


def test_a_time_naming_the_news_times_the_sentences_only_dated_happening():
    # by hand: the statement of Wednesday 2019-01-30 was released at 14:00 Washington time;
    # "Markets closed at 1 p.m. and will be closed on Tuesday" times nothing (no news named)
    d = draft_study("date 2019-01-31 Test Wire\n\nThe Fed held rates steady on Wednesday and "
                    "dropped a phrase in its statement, released at 2 p.m. in Washington.\n")
    (ev,) = d.events
    assert ev.when == "2019-01-30T14:00" and ev.timezone == "America/New_York"
    d2 = draft_study("date 2018-12-24 Test Wire\n\nMarkets closed at 1 p.m. and will be closed "
                     "on Tuesday for Christmas.\n")
    assert [str(e.when) for e in d2.events] == ["2018-12-25"]


def test_it_was_disclosed_dates_the_undated_news():
    # by hand: "after news that ... had arrested" is dated by "It was disclosed ... late on
    # Wednesday" (2018-12-05), so no undated event on the move's day
    text = ("date 2018-12-06 Test Wire\n\n"
            "Hong Kong stocks tumbled on Thursday after news that Canadian authorities had "
            "arrested a Huawei executive.\n\n"
            "The arrest took place on Saturday in Vancouver.\n\n"
            "It was disclosed by Canada's justice department late on Wednesday.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2018-12-01", "2018-12-05"]
    assert str(claim_of(d, "chinese_stocks").event.when) == "2018-12-05"


def test_two_weekdays_in_a_row_are_a_range():
    from eventstudy.draft import find_time_refs

    day = dt.date(2019, 1, 28)  # a Monday
    (r,) = find_time_refs("Officials will meet on Wednesday and Thursday for talks.", day)
    assert (r.first, r.last) == (dt.date(2019, 1, 30), dt.date(2019, 1, 31))
    (r,) = find_time_refs("The summit runs Monday through Wednesday.", dt.date(2019, 1, 26))
    assert (r.first, r.last) == (dt.date(2019, 1, 28), dt.date(2019, 1, 30))
    # "Friday and Monday" are two days, not a range
    assert [x.first for x in find_time_refs("He spoke on Friday and Monday.", day)] == [
        dt.date(2019, 1, 25), dt.date(2019, 1, 28)]


def test_also_with_another_actor_is_never_merged():
    # by hand: Nvidia's forecast cut before the open is another happening than
    # Caterpillar's results, though both name forecasts and China; "Xi also pledged"
    # right after Xi's dated speech is the same speech
    text = ("date 2019-01-28 Test Wire\n\n"
            "Caterpillar tumbled 9.1 percent on Monday after its profit missed estimates and "
            "it gave a weak forecast, citing demand in China.\n\n"
            "Nvidia also slumped 13.8 percent after cutting its revenue forecast before the "
            "market opened, blaming weak sales in China.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2019-01-28", "2019-01-28T09:30"]
    d2 = draft_study("date 2018-04-10 Test Wire\n\nPresident Xi Jinping announced measures to "
                     "open the economy in a speech on Tuesday.\n\nXi also pledged to ease "
                     "limits on foreign ownership of car makers.\n")
    assert len(d2.events) == 1


def test_ended_slightly_lower_failing_to_hold_a_rally_is_down():
    # by hand: the close ("ended slightly lower") is the day's move; the early rally is
    # not a claim; "due on Wednesday" is the Wednesday after the dateline (2018-12-19)
    d = draft_study("date 2018-12-18 Test Wire\n\nU.S. stocks ended slightly lower on Tuesday, "
                    "failing to hold an early rally, as investors awaited the Fed's decision "
                    "due on Wednesday.\n")
    assert [(c.subject.subject.key, c.direction) for c in d.claims if c.move] == [
        ("us_stocks", "down")]
    assert [str(e.when) for e in d.events] == ["2018-12-19"]


def test_days_after_without_a_count_also_ends_the_cause():
    d = draft_study("date 2018-09-07 Test Wire\n\nTesla shares tumbled on Friday after the "
                    "carmaker said its finance chief had resigned, days after its founder "
                    "smoked marijuana on Thursday night.\n")
    assert sorted(str(e.when) for e in d.events) == ["2018-09-06", "2018-09-07"]
    assert str(claim_of(d, "tesla").event.when) == "2018-09-07"


# --- rules added after round 6 (tuned on rounds 1-6, articles 01-93) ---------------------

def test_a_closing_newswire_timestamp_dates_the_article():
    # Dow Jones style: no date at the top, the timestamp and copyright at the end. By hand:
    # 2018-10-12 16:48 New York time (ET), publisher Dow Jones; the trailer is no sentence
    from eventstudy.draft import parse_dateline

    text = ("Stocks Rebound\n\nBy Jo Writer\n\n"
            "U.S. stocks rebounded Friday as results from three big banks opened the season.\n\n"
            "Write to Jo Writer at jo.writer@example.com\n\n(END) Dow Jones Newswires\n\n"
            "October 12, 2018 16:48 ET (20:48 GMT)\n\n"
            "Copyright (c) 2018 Dow Jones & Company, Inc.\n")
    dl = parse_dateline(text)
    assert (dl.date, dl.time, dl.timezone, dl.publisher) == (
        dt.date(2018, 10, 12), dt.time(16, 48), "America/New_York", "Dow Jones")
    d = draft_study(text)
    assert not any("Copyright" in s.clean or "END" in s.clean
                   for e in d.events for s, _ in e.mentions)
    # credit lines between the timestamp and the end do not stop the scan
    credits = text.replace("Write to Jo Writer at jo.writer@example.com\n\n",
                           "(Reporting by Jo Writer; Editing by Sam Roe)\n\n")
    credits = credits.replace("Copyright (c) 2018 Dow Jones & Company, Inc.\n",
                              "To contact the reporter on this story: Jo Writer\n")
    assert parse_dateline(credits).date == dt.date(2018, 10, 12)
    # a header date still wins over a trailing one
    head = "Stocks Rebound\n\nOctober 11, 2018\n\n" + text.split("\n\n", 2)[2]
    assert parse_dateline(head).date == dt.date(2018, 10, 11)


def test_a_staff_writer_byline_names_the_publisher():
    # "HARUKA MORI, Nikkei staff writer" names Nikkei; the headline's "Nikkei" (the index)
    # does not make a publisher on its own
    from eventstudy.draft import parse_dateline

    text = ("Nikkei sinks 5%\n\nJANE ROE, Nikkei staff writer\nDecember 25, 2018 16:17 JST\n\n"
            "TOKYO -- Japanese stocks plunged on Tuesday as the market reopened.\n")
    assert parse_dateline(text).publisher == "Nikkei"
    bare = "Nikkei sinks 5%\n\nDecember 25, 2018 16:17 JST\n\nJapanese stocks plunged on Tuesday.\n"
    assert parse_dateline(bare).publisher is None


def test_named_holidays_are_dates():
    from eventstudy.draft.dates import find_time_refs

    # by hand: Easter 2018 was April 1, so Good Friday 2018-03-30, Easter Monday 04-02;
    # Thanksgiving 2018 the fourth Thursday of November, 11-22; Christmas Day 12-25
    refs = find_time_refs("Markets were closed for Good Friday and for Easter Monday.",
                          dt.date(2018, 4, 2))
    assert [r.first for r in refs] == [dt.date(2018, 3, 30), dt.date(2018, 4, 2)]
    refs = find_time_refs("Stores open on Thanksgiving and close on Christmas Day.",
                          dt.date(2018, 12, 3))
    assert [r.first for r in refs] == [dt.date(2018, 11, 22), dt.date(2018, 12, 25)]
    # "Christmas shopping season" is no date
    assert not find_time_refs("Retailers hope for a strong Christmas shopping season.",
                              dt.date(2018, 12, 3))


def test_a_sentence_looking_ahead_reads_its_weekdays_forward():
    from eventstudy.draft.dates import find_time_refs

    # dateline Wednesday 2018-11-28: the minutes "due Thursday" 11-29 and "Saturday's
    # dinner" the coming Saturday 12-01, not 11-24
    s = ("Investors now turn to minutes of the Fed's meeting, due Thursday, and to "
         "Saturday's dinner between Trump and Xi.")
    assert [r.first for r in find_time_refs(s, dt.date(2018, 11, 28))] == [
        dt.date(2018, 11, 29), dt.date(2018, 12, 1)]


def test_a_relative_clause_under_a_future_head_reads_forward():
    from eventstudy.draft.dates import find_time_refs

    # dateline Monday 2018-04-02: "is expected to publish a list ... that could face
    # tariffs by Friday" is the coming Friday 04-06; reported speech ("said that") is not
    s = ("The administration is expected to publish a list of imports that could face "
         "tariffs by Friday.")
    assert find_time_refs(s, dt.date(2018, 4, 2))[0].first == dt.date(2018, 4, 6)
    s2 = "The administration is expected to say that it published the list on Friday."
    assert find_time_refs(s2, dt.date(2018, 4, 2))[0].first == dt.date(2018, 3, 30)


def test_a_scheduled_release_told_in_the_present_reads_forward():
    from eventstudy.draft.dates import find_time_refs

    # dateline Friday 2018-10-12: Goldman's results Tuesday 10-16, China's figures next
    # Friday 10-19; "after reports on Monday" (a noun) stays Monday 10-08
    s = "Goldman Sachs Group Inc. reports on Tuesday, and China releases its figures next Friday."
    assert [r.first for r in find_time_refs(s, dt.date(2018, 10, 12))] == [
        dt.date(2018, 10, 16), dt.date(2018, 10, 19)]
    s2 = "Apple fell after reports on Monday that it had cut orders."
    assert find_time_refs(s2, dt.date(2018, 10, 12))[0].first == dt.date(2018, 10, 8)


def test_after_european_markets_closed_is_the_european_close():
    from eventstudy.draft.times import find_times

    # by hand: "after European markets had closed" is 17:30 in Frankfurt (Europe/Berlin);
    # an Italian market's close is Milan's 17:30 Europe/Rome; neither is New York's 16:00
    times, _ = find_times("Ministers reached the agreement late on Thursday, after European "
                          "markets had closed.", market="New York")
    assert [(t.time, t.timezone) for t in times] == [(dt.time(17, 30), "Europe/Berlin")]
    times, _ = find_times("The deal came after the Italian market closed.", market="New York")
    assert [(t.time, t.timezone) for t in times] == [(dt.time(17, 30), "Europe/Rome")]


def test_a_foreign_markets_move_is_dated_by_its_own_session():
    # by hand: Tokyo's Tuesday (2018-12-25) session opens at 09:00 JST = Monday 19:00 New
    # York time, so the Wall Street sell-off it reopened to is Monday 12-24's session; told
    # on a Monday (2018-12-10), Wall Street's last session is Friday 12-07. A European
    # move told in a New York story is the same day (Frankfurt opens first).
    def cause_day(text):
        d = draft_study(text)
        return next(e for e in d.events if e.implied).ref.first

    assert cause_day("date 2018-12-25 Test Wire\n\nJapanese stocks plunged on Tuesday after "
                     "investors returned from a holiday to a steep sell-off on Wall Street.\n"
                     ) == dt.date(2018, 12, 24)
    assert cause_day("date 2018-12-10 Test Wire\n\nJapanese stocks fell on Monday after "
                     "traders returned to a slump on Wall Street.\n") == dt.date(2018, 12, 7)
    assert cause_day("date 2018-12-10 Test Wire\n\nUS stocks fell on Monday after traders "
                     "returned to a slump in European markets.\n") == dt.date(2018, 12, 10)
    # another market's move opening the cause is news, not the mover's own path; "overnight
    # losses" name a move too
    for cause in ("following a slide on Wall Street overnight",
                  "tracking overnight losses on Wall Street"):
        assert cause_day("date 2018-12-25 Test Wire\n\nJapanese stocks fell on Tuesday, "
                         f"{cause}.\n") == dt.date(2018, 12, 24), cause
    # the same market's own path is still no event: "after falling 2% on Monday"
    d = draft_study("date 2018-12-25 Test Wire\n\nJapanese stocks rose on Tuesday after a "
                    "slide in Tokyo on Monday.\n")
    assert not any(e.implied for e in d.events)


def test_the_results_dated_after_the_bell_in_the_next_sentence_are_the_cause():
    # by hand (dateline Friday 2018-11-02): "the iPhone maker forecast ..." is undated;
    # the next sentence dates "the results" Thursday after the bell ("after the bell" says
    # when, it is not another happening): one event, 11-01 16:00, Apple's cause. Another
    # undated cause further on, sharing no word with it ("played down ... in an
    # interview"), is still its own event on the move's day.
    text = ("date 2018-11-02 Test Wire\n\n"
            "Apple shares slumped 6.6 percent on Friday after the iPhone maker forecast "
            "revenue below estimates.\n"
            "Apple released the results after the bell on Thursday.\n"
            "US stocks fell after the adviser played down the prospects of a deal in an "
            "interview.\n")
    d = draft_study(text)
    ev = claim_of(d, "apple").event
    assert ev.ref.first == dt.date(2018, 11, 1) and not ev.implied
    talk = claim_of(d, "us_stocks").event
    assert talk.implied and talk.ref.first == dt.date(2018, 11, 2) and talk is not ev
    closed = draft_study(text.replace("after the bell", "after the market closed"))
    assert claim_of(closed, "apple").event.ref.first == dt.date(2018, 11, 1)


def test_another_companys_results_on_the_same_evening_are_another_event():
    # by hand (dateline Thursday 2018-10-25): Tesla's results (the company, Wednesday after
    # the close) and Microsoft's (after the bell Wednesday) share day, time and keyword,
    # but the index move names Microsoft as the doer: two events, the index on Microsoft's
    text = ("date 2018-10-25 Test Wire\n\n"
            "Tesla shares jumped 9.1 percent Thursday.\n"
            "The company released its results after the market closed Wednesday.\n"
            "The S&P 500 index rose 1.9 percent after Microsoft reported strong results "
            "after the bell Wednesday.\n")
    d = draft_study(text)
    tesla, index = claim_of(d, "tesla").event, claim_of(d, "us_stocks").event
    assert tesla is not index
    assert all(e.ref.first == dt.date(2018, 10, 24) for e in (tesla, index))
    assert any("Microsoft" in s.text for s, _ in index.mentions)
    assert not any("Microsoft" in s.text for s, _ in tesla.mentions)


def test_a_cumulative_path_through_a_day_and_a_comparison_base_are_not_news():
    # by hand (dateline Friday 2019-03-08): "had gained ... this year through Thursday" is
    # the index's own path up to Thursday, not a happening on Thursday; "fell ... from a
    # year earlier" compares with a base, it names no cause (no event from it)
    text = ("date 2019-03-08 Test Wire\n\n"
            "Chinese stocks tumbled on Friday after a brokerage issued a sell rating.\n"
            "The Shanghai index had gained about 24 per cent this year through Thursday.\n"
            "Exports fell 20.7 per cent in February from a year earlier, customs said.\n")
    d = draft_study(text)
    assert not any(e.ref.first == dt.date(2019, 3, 7) for e in d.events)
    assert not any("year earlier" in e.ref.text for e in d.events)
    from eventstudy.draft.moves import path_end
    from eventstudy.draft.words import CAUSE

    s = "The S&P 500 had fallen 8.5 percent from its September record through Tuesday."
    assert path_end(s, s.index("Tuesday")) and not CAUSE.search(s)
    assert not path_end("The talks run through Tuesday.", 25)


def test_a_figure_before_a_move_word_owns_the_move():
    # by hand: "its profit rose 24%" is the profit's move and "helped by a lower tax rate"
    # its cause -- neither a JPMorgan claim nor an event; "its shares fell 1.1%" is the
    # JPMorgan claim (down), and "revenue from bond trading" names no cause
    text = ("date 2018-10-12 Test Wire\n\n"
            "JPMorgan reported results before the opening bell on Friday.\n"
            "JPMorgan said its profit rose 24% to a record, helped by a lower tax rate, but "
            "its shares fell 1.1% as revenue from bond trading slipped.\n")
    d = draft_study(text)
    jpm = [c for c in d.claims if c.subject.subject.key == "jpmorgan"]
    assert [c.direction for c in jpm] == ["down"]
    assert len(d.events) == 1 and jpm[0].event is d.events[0]
    from eventstudy.draft.moves import figure_before

    s = "Exports fell 20.7 per cent in February."
    assert figure_before(s, s.index("fell")) == 0
    s2 = "Sales of its shares fell."
    assert figure_before(s2, s2.index("fell")) is None


def test_an_analysts_rating_change_is_news():
    # by hand (dateline Friday 2019-03-08): the brokerage's advice to sell is news of the
    # move's day, an event of its own (marked), even told in a sentence without a date
    text = ("date 2019-03-08 Test Wire\n\n"
            "Chinese stocks tumbled on Friday after official data showed exports plunged.\n"
            "CITIC Securities, the largest brokerage, told clients to sell shares of PICC.\n")
    d = draft_study(text)
    ev = event_with(d, "told clients to sell")
    assert ev.ref.first == dt.date(2019, 3, 8) and ev.implied
    plain = draft_study(text.replace("told clients to sell shares of PICC",
                                     "has offices in Beijing"))
    assert len(plain.events) == len(d.events) - 1


def test_a_telling_a_day_before_the_news_just_told_is_dated_back():
    # by hand (dateline Wednesday 2018-11-28): Powell's speech is Wednesday; "came a day
    # after Trump told the Washington Post ..." is an interview on Tuesday 11-27
    text = ("date 2018-11-28 Test Wire\n\n"
            "US stocks rallied on Wednesday after Powell said rates are near neutral in a "
            "speech on Wednesday.\n"
            "Powell's speech came a day after President Donald Trump told the Washington Post "
            "he was not happy with the Fed.\n")
    d = draft_study(text)
    ev = event_with(d, "told the Washington Post")
    assert ev.ref.first == dt.date(2018, 11, 27)
    assert claim_of(d, "us_stocks").event is not ev


def test_a_start_told_in_advance_reads_forward():
    # by hand (dateline Thursday 2018-05-31): "said it would impose tariffs ... starting
    # Friday" starts on Friday 06-01, so the telling is Thursday's announcement (an event
    # of its own) and the market's fall is attributed to it, not to a Friday a week back
    text = ("date 2018-05-31 Test Wire\n\n"
            "US stocks fell after the administration said it would impose tariffs on steel "
            "from Canada and Mexico starting Friday.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2018-05-31", "2018-06-01"]
    assert str(claim_of(d, "us_stocks").event.when) == "2018-05-31"
    from eventstudy.draft.dates import find_time_refs

    assert find_time_refs("The rule is effective Monday.", dt.date(2018, 5, 31))[0].first == \
        dt.date(2018, 6, 4)


def test_the_next_sentence_names_the_mover_by_what_it_makes():
    # by hand (dateline Monday 2018-04-02): "Tesla slid" names no cause; the next
    # sentence, after an opening phrase, tells the electric car maker's own news of
    # Friday 03-30 -- that event, not the tariffs of the claim before
    text = ("date 2018-04-02 Test Wire\n\n"
            "US stocks fell on Monday after China raised tariffs on Sunday.\n"
            "Tesla slid 5.1 percent.\n"
            "On Friday, when U.S. markets were closed, the electric car maker said its "
            "Autopilot system was engaged during a crash.\n")
    d = draft_study(text)
    assert str(claim_of(d, "tesla").event.when) == "2018-03-30"
    assert str(claim_of(d, "us_stocks").event.when) == "2018-04-01"


def test_a_cause_opening_with_the_markets_own_reversal_is_no_event():
    # by hand: "after reversing early gains" is Caterpillar's own path, not news: no event;
    # the bare move takes the event of the claim just before (the comment of Tuesday)
    text = ("date 2018-04-24 Test Wire\n\n"
            "US stocks fell on Tuesday after Caterpillar said its profit would be the "
            "high-water mark for the year.\n"
            "Caterpillar shares closed down 6.2 percent after reversing early gains.\n")
    d = draft_study(text)
    assert len(d.events) == 1
    assert claim_of(d, "caterpillar").event is claim_of(d, "us_stocks").event


def test_elsewhere_a_bare_move_follows_the_lead():
    # by hand (dateline Tuesday 2018-12-25): the lead is Tokyo's fall on Wall Street's
    # Monday sell-off; "In New York that day" tells the Dow's own cause (Sunday's calls);
    # "Elsewhere in Asia, the Shanghai Composite fell" names no cause: the lead's, Monday's
    text = ("date 2018-12-25 Test Wire\n\n"
            "Japanese stocks plunged on Tuesday after investors returned from a holiday to a "
            "steep sell-off on Wall Street.\n"
            "In New York on Monday, the Dow fell 653 points after Mnuchin's calls to bank "
            "chiefs on Sunday.\n"
            "Elsewhere in Asia, the Shanghai Composite Index fell 0.9%.\n")
    d = draft_study(text)
    lead = claim_of(d, "japanese_stocks").event
    assert lead.ref.first == dt.date(2018, 12, 24)
    assert claim_of(d, "chinese_stocks").event is lead
    assert claim_of(d, "us_stocks").event is not lead


def test_an_index_led_by_a_subject_takes_that_subjects_news():
    # by hand (dateline Thursday 2019-01-03): the Nasdaq names no cause but was "led by
    # Apple", whose own news (Wednesday's forecast cut) is told first -- that event, not
    # the soybean news of the claim just before
    text = ("date 2019-01-03 Test Wire\n\n"
            "Apple slumped 10 percent on Thursday after the company cut its revenue forecast "
            "on Wednesday.\n"
            "Soybeans rose after China said on Thursday it would buy more US crops.\n"
            "The Nasdaq fell 3 percent, led by Apple.\n")
    d = draft_study(text)
    nasdaq = claim_of(d, "us_stocks")
    assert nasdaq.event is claim_of(d, "apple", 0).event
    assert str(nasdaq.event.when) == "2019-01-02"


def test_a_companys_call_on_its_results_is_the_same_happening():
    # by hand (dateline Thursday 2018-10-25): the results after Wednesday's close and the
    # chief executive's call with analysts on Wednesday evening are one happening, not an
    # event of the call named after the company; an undated call in a move's cause
    # ("turned lower after an executive made the comment on a call") stays its own
    text = ("date 2018-10-25 Test Wire\n\n"
            "Tesla shares jumped 9.1 percent Thursday.\n"
            "The company released its results after the market closed Wednesday.\n"
            "Chief executive Elon Musk told analysts on a conference call Wednesday evening "
            "that Tesla expects to make money again.\n")
    d = draft_study(text)
    assert len(d.events) == 1 and str(d.events[0].when) == "2018-10-24T16:00"
    plain = text.replace(" told analysts on a conference call", " said")
    assert len(draft_study(plain).events) == 2


def test_a_market_closure_is_its_own_event():
    # by hand (dateline Monday 2018-04-02): three happenings in one sentence -- the
    # closure for Good Friday (03-30), Tesla's statement that Friday (03-30) and the crash
    # of March 23; the closure is not merged into the statement of the same day
    text = ("date 2018-04-02 Test Wire\n\n"
            "On Friday, when U.S. markets were closed for Good Friday, the carmaker said its "
            "Autopilot system was engaged during a crash in California on March 23.\n")
    d = draft_study(text)
    assert sorted(str(e.when) for e in d.events) == ["2018-03-23", "2018-03-30", "2018-03-30"]
    closure = next(e for e in d.events if e.id.startswith("market-closure"))
    assert "closed for Good Friday" in closure.title


def test_a_country_qualifier_distributes_over_a_coordination():
    # by hand: "Italian government bonds and bank shares" are Italian bank shares, not the
    # mapping's US banks (XLF, JPM, GS); "US bank shares" later are
    text = ("date 2018-09-28 Test Wire\n\n"
            "Italian government bonds and bank shares sold off sharply on Friday after the "
            "coalition agreed to a wider deficit target on Thursday.\n"
            "In New York, US bank shares also slipped.\n")
    d = draft_study(text)
    banks = [c for c in d.claims if c.subject.subject.key == "banks"]
    assert [c.sentence.index for c in banks] == [1]


def test_a_move_a_subject_had_led_and_a_weeks_path_are_background():
    from eventstudy.draft.moves import moves

    # by hand: "which had led the market's two-day, 5.3% slide" names the earlier slide as
    # background -- the sector's move is "rose 3.2%" (up); "ended the week down 4.1%" is
    # the week's path, no move of the day ("rebound" there is the day's, already told)
    s = "Technology stocks, which had led the market's two-day, 5.3% slide, rose 3.2%."
    assert [(w, d) for _, _, w, d in moves(s)] == [("rose", "up")]
    s2 = "Even with the rebound, the S&P 500 ended the week down 4.1%."
    assert [w for _, _, w, _ in moves(s2)] == ["rebound"]
    # a leading sector told in the present is still a move ("Technology shares led the
    # advance" is tech up)
    assert [d for _, _, _, d in moves("Technology shares led the advance.")] == ["up"]


def test_a_deadline_reads_forward():
    from eventstudy.draft.dates import find_time_refs

    # by hand (dateline Tuesday 2018-11-27): "due by Friday" and "must ... by Friday" are
    # the coming Friday 11-30; "will meet ... on Saturday" the coming Saturday 12-01
    day = dt.date(2018, 11, 27)
    for s, want in (("The list is due by Friday.", dt.date(2018, 11, 30)),
                    ("The government must send its budget by Friday.", dt.date(2018, 11, 30)),
                    ("Trump and Xi will meet at the G20 dinner on Saturday.",
                     dt.date(2018, 12, 1))):
        assert find_time_refs(s, day)[0].first == want, s
    # a plain past event is unaffected
    assert find_time_refs("The list was published on Friday.", day)[0].first == \
        dt.date(2018, 11, 23)


def test_the_home_markets_own_past_perfect_path_dates_nothing():
    # by hand (dateline Friday 2018-10-19, a Shanghai story): "The Shanghai index had
    # closed at its lowest level ... on Thursday" is the market's own path -- no Thursday
    # event; in a Hong Kong story, "In New York on Wednesday, the Dow had dropped" is
    # another market's move, news (an event on Wednesday); "after the Hong Kong market had
    # closed on Thursday" says when the news came
    shanghai = ("date 2018-10-19 Test Wire\n\n"
                "Chinese stocks closed sharply higher on Friday after officials voiced "
                "confidence in the market.\n"
                "The Shanghai index had closed at its lowest level in four years on Thursday.\n")
    assert [str(e.when) for e in draft_study(shanghai).events] == ["2018-10-19"]
    hk = ("date 2018-10-11 Test Wire\n\n"
          "Hong Kong stocks tumbled on Thursday, tracking a plunge on Wall Street.\n"
          "In New York on Wednesday, the Dow had dropped 832 points.\n")
    assert "2018-10-10" in [str(e.when) for e in draft_study(hk).events]
    memo = ("date 2018-03-23 Test Wire\n\n"
            "Hong Kong stocks fell sharply on Friday after Trump signed an order.\n"
            "Trump signed the memorandum after the Hong Kong market had closed on Thursday.\n")
    assert "2018-03-22T16:00" in [str(e.when) for e in draft_study(memo).events]


def test_on_a_day_when_tells_circumstances_not_a_move():
    from eventstudy.draft.moves import moves

    # by hand: the Nasdaq's plunge is the day the results came out, not a claimed move
    s = ("The company released the results after the market closed Wednesday, on a day when "
         "the Nasdaq composite plunged 4.4 percent, its worst day since 2011.")
    assert moves(s) == ()
    assert [w for _, _, w, _ in moves("The Nasdaq composite plunged 4.4 percent.")] == [
        "plunged"]


def test_more_dateline_forms_of_other_newsrooms():
    from eventstudy.draft import parse_dateline

    body = "Stocks fell on Friday as investors worried about the trade war and the rates outlook.\n"
    # a two-city Reuters dateline (the zone is the first city's)
    d = parse_dateline("Stocks slide\n\nLONDON/HONG KONG, Oct 12, 2018 (Reuters) - " + body)
    assert (d.date, d.publisher, d.zone) == (dt.date(2018, 10, 12), "Reuters", "Europe/London")
    # a slashed ISO date, a Guardian-style "16.48 BST"
    assert parse_dateline("Stocks slide\n2018/10/12 16:48\n\n" + body).date == dt.date(2018, 10, 12)
    g = parse_dateline("Stocks slide\nFriday 12 October 2018 16.48 BST\n\n" + body)
    assert (g.time, g.timezone) == (dt.time(16, 48), "Europe/London")
    # MarketWatch: "Last Updated" above "First Published" -- the publication wins
    m = parse_dateline("Stocks slide\nLast Updated: Oct. 12, 2018 at 4:48 p.m. ET\n"
                       "First Published: Oct. 12, 2018 at 9:31 a.m. ET\n\n" + body)
    assert (m.date, m.time) == (dt.date(2018, 10, 12), dt.time(9, 31))
    # a mixed-case city and more agencies
    k = parse_dateline("Stocks slide\n\nOct 12, 2018\n\nHong Kong (Kyodo) -- " + body)
    assert (k.publisher, k.zone) == ("Kyodo News", "Asia/Hong_Kong")
    # syndicated copy: the wire date without its city
    s = parse_dateline("Stocks slide\n\nOct 12, 2018 (Reuters) - " + body)
    assert (s.date, s.publisher, s.origin) == (dt.date(2018, 10, 12), "Reuters", "wire dateline")


def test_days_ago_count_back_from_the_dateline():
    from eventstudy.draft.dates import find_time_refs

    # by hand (dateline Friday 2018-10-12): two days ago = Wednesday 10-10; a week ago =
    # Friday 10-05 (marked: "a week ago" is often loose)
    (r,) = find_time_refs("The company warned two days ago that sales would slow.",
                          dt.date(2018, 10, 12))
    assert r.first == dt.date(2018, 10, 10) and not r.review
    (w,) = find_time_refs("Stocks hit a record a week ago.", dt.date(2018, 10, 12))
    assert w.first == dt.date(2018, 10, 5) and w.review
    # "this morning", "earlier today" are the dateline's day
    for s in ("The Fed said this morning it would hold.", "Earlier today, the ministry said."):
        assert find_time_refs(s, dt.date(2018, 10, 12))[0].first == dt.date(2018, 10, 12)


def test_more_move_verbs_of_market_copy():
    from eventstudy.draft.moves import moves

    # by hand: each phrase is a move of the Dow in the stated direction
    cases = {"shed 500 points": "down", "tanked 3%": "down", "skidded 2%": "down",
             "plummeted 4%": "down", "cratered 5%": "down", "dipped 0.3%": "down",
             "eased 0.4%": "down", "gave up 1%": "down", "extended losses": "down",
             "touched a two-year low": "down", "spiked 5%": "up", "bounced 2%": "up",
             "added 287 points": "up", "inched higher": "up", "firmed 0.5%": "up",
             "recouped losses": "up", "hit a record high": "up"}
    for phrase, want in cases.items():
        found = moves(f"The Dow {phrase} on Monday.")
        assert [d for *_, d in found] == [want], phrase
    # verbs that need an amount are no move without one
    for phrase in ("GM will shed 14,000 jobs.", "The bank added staff.", "China eased rules."):
        assert moves(phrase) == (), phrase


def test_more_cause_cues_of_market_copy():
    # by hand (dateline Monday 2019-02-25): the cue names the cause -- Sunday's tariff
    # delay -- not the testimony told after it (which shares more words with the sentence)
    for cue in ("on the back of", "buoyed by", "in the wake of"):
        text = ("date 2019-02-25 Test Wire\n\n"
                "Trump said on Sunday he would delay the tariff increase.\n"
                "Powell testified before Congress on Monday about the economy.\n"
                f"US stocks rose on Monday {cue} the tariff delay; Powell testified before "
                "Congress about the economy for hours.\n")
        assert str(claim_of(draft_study(text), "us_stocks").event.when) == "2019-02-24", cue


def test_more_subject_aliases_of_market_copy():
    from eventstudy.draft.assets import load_mapping

    # by hand: each name is the mapping's subject of that market or sector
    mapping = load_mapping(None)
    cases = {"The Shanghai index rose 2%.": "chinese_stocks",
             "The CSI 300 fell 1%.": "chinese_stocks",
             "The Topix fell 1%.": "japanese_stocks",
             "The Stoxx 600 slid 1%.": "european_stocks",
             "Chip stocks slumped.": "tech_stocks",
             "Blue chips rallied.": "us_stocks",
             "Steel stocks jumped.": "materials"}
    for sentence, key in cases.items():
        assert [m.subject.key for m in mapping.find(sentence)] == [key], sentence


def test_reuters_four_digit_gmt_times_and_bracketed_conversions():
    from eventstudy.draft.times import find_times

    # by hand: "at 0200 GMT" is 02:00 UTC; "at 1800 GMT (2 p.m. EDT)" is one time, not two;
    # a four-digit number without GMT/UTC is no time
    times, _ = find_times("The ministry announced the tariffs at 0200 GMT on Friday.")
    assert [(t.time, t.timezone) for t in times] == [(dt.time(2, 0), "UTC")]
    times, _ = find_times("The central bank cut rates at 1800 GMT (2 p.m. EDT).")
    assert [(t.time, t.timezone) for t in times] == [(dt.time(18, 0), "UTC")]
    assert find_times("Revenue rose 1800 percent.")[0] == []


def test_the_next_sentence_may_give_the_cause_of_the_move_just_told():
    # by hand (dateline Friday 2019-03-08): "US stocks fell 2% on Friday." names no cause;
    # "The decline came after China reported weak export figures" does: Wednesday's China
    # news, not Thursday's Fed (the latest, which a cause-less move would take)
    text = ("date 2019-03-08 Test Wire\n\n"
            "China said on Wednesday its exports fell sharply.\n"
            "The Fed said on Thursday it would keep rates steady.\n"
            "US stocks fell 2% on Friday.\n"
            "The decline came after China reported weak export figures.\n")
    assert str(claim_of(draft_study(text), "us_stocks").event.when) == "2019-03-06"
    plain = text.replace("The decline came after China reported weak export figures.\n", "")
    assert str(claim_of(draft_study(plain), "us_stocks").event.when) == "2019-03-07"


def test_a_weekday_of_next_or_last_week_is_that_weeks_day():
    from eventstudy.draft.dates import find_time_refs

    # by hand (dateline Thursday 2018-12-27): Monday next week = 12-31; Monday last week
    # = 12-17; Thursday of last week = 12-20 -- one reference each, not a day and a week
    day = dt.date(2018, 12, 27)
    for s, want in (("Talks begin on Monday next week.", dt.date(2018, 12, 31)),
                    ("The talks were held on Monday last week.", dt.date(2018, 12, 17)),
                    ("Officials met on Thursday of last week.", dt.date(2018, 12, 20))):
        refs = find_time_refs(s, day)
        assert [(r.first, r.last) for r in refs] == [(want, want)], s


def test_an_interview_told_without_a_date_is_news():
    # by hand (dateline Monday 2018-11-26): "Kudlow told CNBC ..." is news of its own,
    # dated by the event told before it (Monday's remarks, marked); "He told CNBC" is not
    text = ("date 2018-11-26 Test Wire\n\n"
            "Trump said on Monday he expects to raise tariffs.\n"
            "Kudlow told CNBC that a deal with China was still possible.\n")
    d = draft_study(text)
    ev = event_with(d, "Kudlow told CNBC")
    assert ev.ref.first == dt.date(2018, 11, 26) and ev.implied
    he = draft_study(text.replace("Kudlow told", "He told"))
    assert len(he.events) == 1
