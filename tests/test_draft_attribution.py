"""draft: a move is attributed to an event on or before the move's date.

Short articles written for these tests (our own text); the expected
attributions were read off each article by hand.
"""

from __future__ import annotations

import datetime as dt

from eventstudy.draft import draft_study

TARIFF_START = """\
date 2018-09-19 Test Wire

Stocks slide as tariff start looms

The White House said on Monday, Sept. 17, that new tariffs on Chinese goods would start on Sept. 24.
US stocks fell on Tuesday on worries over the tariffs.
"""


def _claim(d, cid):
    return next(c for c in d.claims if c.id == cid)


def test_move_is_not_tied_to_a_later_event():
    d = draft_study(TARIFF_START, source_name="tariff_start.txt")
    assert {e.id: e.ref.first for e in d.events} == {
        "tariffs-announced-2018-09-17": dt.date(2018, 9, 17),
        "tariffs-2018-09-24": dt.date(2018, 9, 24),
    }
    c = _claim(d, "us-stocks-down")
    # Tuesday 2018-09-18: the tariffs starting on 09-24 cannot have caused it
    assert c.event.id == "tariffs-announced-2018-09-17"
    assert any("'tariffs-2018-09-24', which reached the market after the move's date "
               "2018-09-18" in q for q in c.review)


def test_no_event_on_or_before_the_move_is_marked():
    text = ("date 2018-09-19 Test Wire\n\nTariffs start on Sept. 24.\n"
            "Soybeans slipped on Sept. 10.\n")
    d = draft_study(text, source_name="early_move.txt")
    c = _claim(d, "soybeans-down")
    assert any("no event in the article starts on or before the move's date 2018-09-10" in q
               for q in c.review)


def test_without_a_move_date_the_dateline_bounds_the_candidates():
    text = ("date 2018-09-19 Test Wire\n\nTariffs were announced on Monday.\n"
            "Tariffs start on Sept. 24.\nUS stocks fell on tariffs worries.\n")
    d = draft_study(text, source_name="dateline.txt")
    assert _claim(d, "us-stocks-down").event.id == "tariffs-2018-09-17"


def test_same_day_references_to_one_happening_are_one_event_marked():
    text = ("date 2018-09-19 Test Wire\n\nWashington imposed tariffs on Monday.\n"
            "Beijing announced tariffs on Monday.\nUS stocks fell on Tuesday on the tariffs.\n")
    d = draft_study(text, source_name="merge.txt")
    assert len(d.events) == 1 and len(d.events[0].mentions) == 2
    assert any(q.startswith("merged with sentence 1") for q in d.events[0].review)
    assert _claim(d, "us-stocks-down").event is d.events[0]


def test_possessive_back_reference_merges_without_review():
    text = ("date 2018-12-03 Test Wire\n\nThe leaders agreed a truce on Saturday.\n"
            "Investors said Saturday's meeting went well.\nThe call on Saturday was long.\n")
    d = draft_study(text, source_name="saturday.txt")
    assert [(e.ref.first, len(e.mentions)) for e in d.events] == [(dt.date(2018, 12, 1), 2),
                                                                   (dt.date(2018, 12, 1), 1)]
    assert not any(q.startswith("merged") for q in d.events[0].review)


def test_same_overlap_same_date_is_ambiguous_and_latest_date_wins_otherwise():
    text = ("date 2018-09-19 Test Wire\n\nWashington imposed duties on Monday.\n"
            "Beijing announced tariffs on Monday.\nUS stocks fell on Tuesday on the duties and "
            "tariffs.\n")
    d = draft_study(text, source_name="tie.txt")
    c = _claim(d, "us-stocks-down")
    assert c.event.ref.first == dt.date(2018, 9, 17)
    assert any(q.startswith("ambiguous:") for q in c.review)
    text = ("date 2018-09-19 Test Wire\n\nTariffs were threatened on Sept. 10.\n"
            "Tariffs were imposed on Monday.\nUS stocks fell on Tuesday on the tariffs.\n")
    d = draft_study(text, source_name="latest.txt")
    c = _claim(d, "us-stocks-down")
    # the latest date wins; since the calibration after round 12 a tie that only the date
    # broke is marked for review (docs/draft.md, "Calibration")
    assert c.event.ref.first == dt.date(2018, 9, 17)
    assert [q for q in c.review if "the later date chose" not in q] == []
    assert c.attribution_flagged


def test_two_phrases_for_the_same_day_give_one_event():
    text = ("date 2018-09-19 Test Wire\n\nChina retaliated on Tuesday with tariffs on US "
            "goods, the commerce ministry said on Sept. 18.\n")
    d = draft_study(text, source_name="dedupe.txt")
    assert [(e.ref.first, e.announcement) for e in d.events] == [(dt.date(2018, 9, 18), False)]


def test_report_of_a_future_event_is_the_event_not_the_future_one():
    text = ("Published Thu, Dec 27 2018  4:05 PM EST\n\nUS stocks rallied on Thursday after a "
            "report that a US delegation will travel to Beijing in the week of Jan. 7.\n")
    d = draft_study(text)
    report = _claim(d, "us-stocks-up").event
    assert report.ref.first == dt.date(2018, 12, 27) and report.announcement
    assert any("does not date" in q for q in report.review)  # marked TODO(human)
    assert {e.ref.first for e in d.events} == {dt.date(2018, 12, 27), dt.date(2019, 1, 7)}


def test_undated_cause_is_dated_by_its_move_unless_the_text_dates_it():
    text = ("date 2019-01-03 Test Wire\n\nApple shares fell on Thursday after the company cut "
            "its forecast.\n")
    d = draft_study(text)
    (ev,) = d.events
    assert ev.ref.kind == "implied" and ev.ref.first == dt.date(2019, 1, 3)
    text += "The company made the announcement on Wednesday.\n"
    d = draft_study(text)
    assert [e.ref.first for e in d.events] == [dt.date(2019, 1, 2)]
    assert _claim(d, "apple-down").event is d.events[0]


def test_a_market_holiday_is_never_a_cause():
    text = ("date 2018-05-29 Test Wire\n\nItaly's president vetoed a minister on Sunday.\n"
            "European stocks slid on Tuesday.\nUS stocks fell after the Memorial Day holiday "
            "on Monday.\n")
    d = draft_study(text)
    assert _claim(d, "us-stocks-down").event.ref.first == dt.date(2018, 5, 27)


def test_after_the_close_is_a_time_not_a_cause():
    text = ("date 2019-01-03 Test Wire\n\nWall Street tumbled on Thursday after Apple cut its "
            "sales forecast after the close on Wednesday.\nA factory survey was published at "
            "10 a.m. on Thursday.\n")
    d = draft_study(text)
    ev = _claim(d, "us-stocks-down").event
    assert (ev.when, ev.timezone) == ("2019-01-02T16:00", "America/New_York")


def test_a_day_in_a_week_of_the_same_sentence_is_one_event():
    text = ("date 2018-12-18 Test Wire\n\nThe Fed is expected to raise rates this week, with "
            "the decision due tomorrow.\n")
    d = draft_study(text)
    assert [e.ref.when for e in d.events] == [dt.date(2018, 12, 19)]


# ---------------------------------------------- rules that generalise (round 5, docs/draft.md)
def _events(d):
    return {e.id: (e.when, e.timezone) for e in d.events}


def test_time_sentence_naming_the_same_news_times_the_undated_cause():
    # by hand: the report of sentence 1 is undated; sentence 2 names "report" again and
    # gives only a time, so it is the same report, released at 08:30 New York on Friday
    text = ("date 2018-12-07 Test Wire\n\n"
            "US stocks fell on Friday after a government report showed hiring slowed.\n"
            "The Labor Department's report was released at 8:30 a.m. ET.\n")
    d = draft_study(text)
    assert [(e.when, e.timezone) for e in d.events] == [("2018-12-07T08:30", "America/New_York")]
    assert _claim(d, "us-stocks-down").event is d.events[0]


def test_undated_cause_naming_something_new_is_its_own_event():
    # by hand: the inversion shares no word with the survey, so it is another happening
    text = ("date 2019-03-22 Test Wire\n\n"
            "European stocks fell on Friday after a survey showed German factories shrank.\n"
            "The survey was published at 9.30am in Frankfurt.\n"
            "US stocks also fell after the yield curve inverted.\n")
    d = draft_study(text)
    assert len(d.events) == 2
    eu, us = _claim(d, "european-stocks-down").event, _claim(d, "us-stocks-down").event
    assert eu is not us and "inverted" in us.sentence.text


def test_a_market_path_or_a_mood_is_not_an_event():
    # "after being down earlier in the session" is the index's own path, "helped by hopes"
    # a mood: by hand, the only happening is the report of sentence 1
    text = ("date 2019-01-17 Test Wire\n\n"
            "US stocks rose on Thursday after a report that Mnuchin discussed lifting tariffs.\n"
            "The Dow gained 163 points after being down earlier in the session.\n"
            "Automakers climbed, helped by hopes for renewed car sales in China.\n")
    d = draft_study(text)
    assert len(d.events) == 1
    assert {c.event.id for c in d.claims if c.direction == "up"} == {d.events[0].id}


def test_a_shared_name_counts_twice_but_not_a_market_name():
    # names are capitalised words not starting a sentence.
    # by hand: the cause shares "tariff" + "Trump" (a name: 1 + 2 = 3) with Monday's
    # announcement and "tariff" + "goods" (2) with Beijing's retaliation; "Chinese" is part
    # of a market's name ("Chinese stocks") and earns no double count
    text = ("date 2018-09-18 Test Wire\n\n"
            "US stocks rose on Tuesday as investors looked past Trump's latest tariffs on "
            "Chinese goods.\n"
            "President Donald Trump announced the tariffs after the market closed on Monday.\n"
            "Beijing retaliated on Tuesday with tariffs on American goods. "
            "Chinese stocks gained.\n")
    d = draft_study(text)
    ev = _claim(d, "us-stocks-up").event
    assert ev.ref.first == dt.date(2018, 9, 17) and ev.when == "2018-09-17T16:00"


def test_past_perfect_move_without_a_cause_is_background_news():
    # by hand: Hong Kong's fall tracks Wednesday's Wall Street plunge, told in the past
    # perfect as background: no US claim, and the plunge is the event
    text = ("date 2018-10-11 Test Wire\n\n"
            "Chinese stocks suffered their worst day in two years on Thursday, tracking a "
            "plunge on Wall Street overnight.\n"
            "In New York on Wednesday, the Dow had dropped 832 points.\n")
    d = draft_study(text)
    assert [c.id for c in d.claims if c.direction != "any"] == ["chinese-stocks-down"]
    assert _claim(d, "chinese-stocks-down").event.ref.first == dt.date(2018, 10, 10)


def test_an_event_reaches_a_market_at_its_day0_on_that_calendar():
    from eventstudy.draft.doubts import reached

    # by hand: 16:00 New York on Wed 2019-01-02 is after the NYSE close (day 0 Thursday)
    # and 05:00 Thursday in Shanghai, before that day's XSHG close (day 0 Thursday too)
    d = draft_study("date 2019-01-03 Test Wire\n\nApple cut its forecast after the close on "
                    "Wednesday, Jan. 2.\n")
    ev = d.events[0]
    assert (ev.when, ev.timezone) == ("2019-01-02T16:00", "America/New_York")
    wed, thu = dt.date(2019, 1, 2), dt.date(2019, 1, 3)
    assert not reached(ev, "XNYS", wed) and reached(ev, "XNYS", thu)
    assert not reached(ev, "XSHG", wed) and reached(ev, "XSHG", thu)
    assert reached(ev, None, wed)  # no calendar: the event's own date


def test_a_sector_of_another_country_is_not_the_mappings_us_sector():
    # by hand: "Italian bank shares" are not XLF/JPM/GS; "Banks" alone are (the mapping's
    # sector) and "Chinese stocks" is a subject of its own, not a qualified sector
    text = ("date 2018-05-29 Test Wire\n\n"
            "Italian bank shares tumbled on Tuesday after the president vetoed a minister on "
            "Sunday.\nBanks fell in New York. Chinese stocks slipped.\n")
    d = draft_study(text)
    assert sorted(c.subject.subject.key for c in d.claims if c.direction != "any") == [
        "banks", "chinese_stocks"]
    assert [c.sentence.index for c in d.claims if c.subject.subject.key == "banks"] == [1]
    assert any("no subject known to the mapping" in r.question for r in d.review)


def test_a_move_of_a_noun_the_mapping_does_not_know_is_not_a_subjects():
    # by hand: "climbed" belongs to "bond yields" (its clause's own noun), not to US
    # stocks; "weighed on the Dow" keeps its object; "The stock fell" has no noun of its
    # own ("The", "stock") and takes the subject after it
    text = ("date 2018-10-04 Test Wire\n\n"
            "US stocks fell on Thursday as bond yields climbed after Powell spoke on "
            "Wednesday.\nThe stock fell 5% on Thursday, dragging Boeing down.\n"
            "The grounding weighed on the Dow.\n")
    d = draft_study(text)
    got = sorted((c.subject.subject.key, c.direction) for c in d.claims if c.direction != "any")
    assert got == [("boeing", "down"), ("us_stocks", "down")]
