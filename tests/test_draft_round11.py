"""draft: general rules added after round 10 of the corpus (docs/draft-rules.md, rule table).

Each test drafts or reads a short text written for the test (our own words, not
the corpus) and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventstudy.draft import parse_dateline
from eventstudy.draft.headerdate import header_date

_LEAD = ("Shares of a large carmaker fell sharply on the day after it cut its outlook for the "
         "year and said demand in its biggest market had weakened.\n")


@pytest.mark.parametrize("line, day, clock, zone", [
    # numeric day-first, decided by validity (13 cannot be a month); a dash before the clock
    ("Last modified: 13/06/2018 - 09:41", dt.date(2018, 6, 13), dt.time(9, 41), None),
    # lower-case lead word, zero-padded day, no clock
    ("posted June 05, 2018", dt.date(2018, 6, 5), None, None),
    # abbreviation, comma before a 12-hour clock glued to "pm", EDT
    ("Jun 7, 2018, 09:05pm EDT", dt.date(2018, 6, 7), dt.time(21, 5), "America/New_York"),
    # day month year, 24-hour clock, GMT
    ("7 June 2018 06:15 GMT", dt.date(2018, 6, 7), dt.time(6, 15), "UTC"),
    # weekday, day month year, clock, a bare region word for the zone
    ("Friday 8 June 2018 10:02, UK", dt.date(2018, 6, 8), dt.time(10, 2), "Europe/London"),
    # capitals, a bar between the date and the clock, no zone
    ("JUNE 8, 2018 | 1:30 PM", dt.date(2018, 6, 8), dt.time(13, 30), None),
    # a dotted 24-hour clock and a zone abbreviation
    ("8 June 2018, 16.48 SGT", dt.date(2018, 6, 8), dt.time(16, 48), "Asia/Singapore"),
    # a bare "Eastern"
    ("June 8, 2018 4:10 PM Eastern", dt.date(2018, 6, 8), dt.time(16, 10), "America/New_York"),
])
def test_header_date_reads_common_stamp_forms(line, day, clock, zone):
    got = header_date(line)
    assert got is not None and (got.date, got.time, got.zone) == (day, clock, zone)
    assert got.review == ""


@pytest.mark.parametrize("line", [
    "Posted 3 hours ago",  # no day, month or year written
    "Updated June 2018",  # no day
    "The index fell 2 percent in 2018 and analysts expect a rebound on June 8",  # prose
    "By Jane Roe and John Doe",
])
def test_header_date_refuses_what_is_not_a_full_date_stamp(line):
    assert header_date(line) is None


def test_ambiguous_numeric_date_follows_the_locale_else_is_marked():
    # 05/03/2019: 5 March (day-first) or May 3 (month-first)
    assert header_date("05/03/2019 08:00", dayfirst=True).date == dt.date(2019, 3, 5)
    us = header_date("05/03/2019 08:00")
    assert us.date == dt.date(2019, 5, 3) and "day/month or month/day" in us.review


def test_a_deck_above_the_date_line_is_not_taken_for_the_lead():
    # the deck ends with a full stop and has 15 words: before, it was taken for the lead and
    # the date line below it never read
    text = ("Carmaker slumps on profit warning\n\n"
            "The company blamed weaker demand in China and higher costs for steel and "
            "aluminium.\n\n"
            "By A. Writer\npublished June 08, 2018\n\n" + _LEAD)
    d = parse_dateline(text)
    assert d.date == dt.date(2018, 6, 8)
    deck = text.index("The company blamed")
    assert any(s <= deck < e for s, e in d.masked)  # the deck is masked: never news


def test_a_contributor_blurb_above_the_stamp_is_header():
    text = ("Carmaker slumps\n\nJane Roe Contributor\n"
            "I cover the car industry and the business of batteries for this site.\n\n"
            "Jun 7, 2018, 09:05pm EDT\n\n" + _LEAD)
    d = parse_dateline(text)
    assert (d.date, d.time, d.timezone) == (dt.date(2018, 6, 7), dt.time(21, 5),
                                            "America/New_York")


def test_a_source_footer_names_the_publisher_and_its_home_zone_dates_a_bare_time():
    text = ("Carmaker slumps\n\n8 June 2018 17:05\n\n" + _LEAD
            + "\nSOURCE: Al Jazeera and news agencies\n")
    d = parse_dateline(text)
    # no zone written; the publisher (named in the footer) is at home in Doha
    assert d.publisher == "Al Jazeera" and d.timezone == "Asia/Qatar"
    assert "home zone" in d.review


def test_a_byline_publisher_gives_the_zone_of_a_bare_header_time():
    text = "Carmaker slumps\n\nBy Euronews\nLast updated: 13/06/2018 - 09:41\n\n" + _LEAD
    d = parse_dateline(text)
    assert (d.date, d.time, d.timezone) == (dt.date(2018, 6, 13), dt.time(9, 41),
                                            "Europe/Paris")


def test_a_bare_header_time_with_no_publisher_takes_the_leads_place_marked():
    text = ("Seoul shares slide\n\nPublished : Jun 8, 2018 - 15:40\nUpdated : Jun 8, 2018 - "
            "17:02\n\nSouth Korean shares fell on Friday as exporters slid after the won "
            "strengthened against the dollar for a third day.\n")
    d = parse_dateline(text)
    # the published stamp, not the updated one; the zone of the lead's first place
    assert (d.time, d.timezone) == (dt.time(15, 40), "Asia/Seoul") and d.review


def test_a_bare_header_time_with_nothing_to_place_it_keeps_no_zone():
    text = "Carmaker slumps\n\nJUNE 8, 2018 | 1:30 PM\n\n" + _LEAD
    d = parse_dateline(text)
    assert d.time == dt.time(13, 30) and d.timezone is None  # never a silently wrong zone
    assert "zone is unknown" in d.review


# -- parts of a year (eventstudy.draft.periods) ------------------------------------------

_D = dt.date(2019, 3, 25)  # a Monday


def _refs(sentence: str, day: dt.date = _D) -> list[tuple[str, object]]:
    from eventstudy.draft.dates import find_time_refs

    return [(" ".join(r.text.split()), r.when) for r in find_time_refs(sentence, day)]


@pytest.mark.parametrize("sentence, when", [
    # meteorological seasons, by hand: fall Sep 1..Nov 30, summer Jun 1..Aug 31
    ("The streaming service arrives this fall.", {"from": dt.date(2019, 9, 1),
                                                  "to": dt.date(2019, 11, 30)}),
    ("The card launches this summer, the bank said.", {"from": dt.date(2019, 6, 1),
                                                       "to": dt.date(2019, 8, 31)}),
    ("Deliveries are due to start in the fall of 2021.", {"from": dt.date(2021, 9, 1),
                                                          "to": dt.date(2021, 11, 30)}),
    # winter runs into the next year (2020 is a leap year: Feb 29)
    ("The plant will open next winter.", {"from": dt.date(2020, 12, 1),
                                          "to": dt.date(2021, 2, 28)}),
    # a start told with a year alone
    ("The company said it would begin shipping the phone in 2020.",
     {"from": dt.date(2020, 1, 1), "to": dt.date(2020, 12, 31)}),
    ("The bank, which launched its app in 2015, fell 2%.",
     {"from": dt.date(2015, 1, 1), "to": dt.date(2015, 12, 31)}),
    # the part of a month: early 1..10, late 21..end
    ("The carmaker will report its sales in early April.",
     {"from": dt.date(2019, 4, 1), "to": dt.date(2019, 4, 10)}),
    ("Talks will start in late June.", {"from": dt.date(2019, 6, 21),
                                        "to": dt.date(2019, 6, 30)}),
    # "early next week": Monday..Wednesday of the next week (Apr 1-3, 2019)
    ("The company will report its figures early next week.",
     {"from": dt.date(2019, 4, 1), "to": dt.date(2019, 4, 3)}),
    # a happening named with its year
    ("The company was fined over ads it ran during the 2018 election.",
     {"from": dt.date(2018, 1, 1), "to": dt.date(2018, 12, 31)}),
])
def test_parts_of_a_year_date_what_they_tell(sentence, when):
    assert [w for _, w in _refs(sentence)] == [when]


@pytest.mark.parametrize("sentence", [
    "Rates will stay on hold at least through the summer of 2020.",  # a horizon
    "The central bank said it would slow the pace of increases in 2020.",  # not a start
    "Sales rose 4% in 2018, the company said.",  # a figure's period
    "The index suffered its steepest fall of the year.",  # the noun, not the season
    "Summer travel demand lifted airline shares.",  # a season as an attribute
    "The spring meeting of the fund opens in Washington.",
    "He would give a fuller outlook early next year.",  # a horizon, not a start
    "The plan would cut the levy to 15%, starting next year.",  # when it takes effect
    # the year describes the cause of the day's move; the move's own day is the news
    "Shares fell after reports that a firm tied to the 2016 campaign had the data.",
])
def test_parts_of_a_year_that_are_not_a_happenings_date(sentence):
    assert [k for k, w in _refs(sentence) if isinstance(w, dict)] == []


def test_a_pronouns_telling_goes_on_telling_the_previous_sentences_news():
    from eventstudy.draft import draft_study

    text = ("date 2019-03-22 Test Wire\n\nAcme Motors unveiled its electric van on Thursday "
            "at a show in Detroit. He said the van would start production in 2020.\n")
    ids = [e.id for e in draft_study(text).events]
    # the unveiling (Thursday, Mar 21) and the start (2020); no announcement dated Mar 22
    assert len(ids) == 2 and not any("announced" in i for i in ids)


# -- spurious events: the market's own day and path ----------------------------------------


@pytest.mark.parametrize("sentence, described", [
    ("It was a rough Wednesday for chipmakers.", True),
    ("Wednesday was grim for anyone holding bank shares.", True),
    ("The deadline is Wednesday, the agency said.", False),  # a schedule
    ("The bank said on Wednesday that it would cut jobs.", False),
])
def test_a_weekday_a_copula_describes_is_not_a_happenings_date(sentence, described):
    from eventstudy.draft.readings import describes_day

    assert describes_day(sentence, sentence.index("Wednesday")) is described


def test_a_day_after_the_mover_itself_closed_above_a_level_is_its_path_not_news():
    from eventstudy.draft import draft_study

    text = ("date 2019-03-21 Test Wire\n\nIn Seoul, the Kospi index slipped 0.5 percent to "
            "2,180.1, a day after it closed above the 2,190 mark.\n")
    # no event: the index's own close the day before is its path
    assert draft_study(text).events == ()


@pytest.mark.parametrize("move", [
    "closed 0.4 percent higher at 2,180.1, having fallen by as much as 0.3 percent shortly "
    "after the open.",
    # the span runs on past the session point
    "rose as much as 1 percent shortly after the open and finished up 0.4 percent at 2,180.1.",
])
def test_a_point_of_the_session_is_not_a_moves_cause(move):
    from eventstudy.draft import draft_study

    text = f"date 2019-03-21 Test Wire\n\nThe Kospi index {move}\n"
    assert draft_study(text).events == ()  # "the open" is when, not why


@pytest.mark.parametrize("sentence, day", [
    # the nearest June 12 to 2019-05-24 is 19 days ahead, though the clause is past
    ("Trump said he was cancelling the June 12 meeting in Singapore.", dt.date(2019, 6, 12)),
    # not an attribute: the past clause reads back to the latest June 12
    ("The two leaders met on June 12 in Singapore.", dt.date(2018, 6, 12)),
])
def test_a_date_naming_a_happening_keeps_the_nearest_occurrence(sentence, day):
    got = _refs(sentence, dt.date(2019, 5, 24))
    assert [w for _, w in got] == [day]


@pytest.mark.parametrize("sentence, when", [
    # happenings told in the plural since a day: that day to the dateline's eve (Mar 24)
    ("Bond yields rose on reports since March 11 that the bank would act.",
     {"from": dt.date(2019, 3, 11), "to": dt.date(2019, 3, 24)}),
    # a comparison base: the day itself
    ("The index posted its worst day since March 11.", dt.date(2019, 3, 11)),
    # a state since its start: the start
    ("The duties, in force since March 11, remain in place.", dt.date(2019, 3, 11)),
])
def test_since_a_day_is_a_period_only_for_happenings_told_in_the_plural(sentence, when):
    assert [w for _, w in _refs(sentence)] == [when]


def test_a_short_sentence_with_a_date_below_the_lead_does_not_make_the_lead_a_deck():
    text = ("Carmaker slumps\n\nDate: 2019-03-22\n\n" + _LEAD
            + "\nVote set for March 29, 2019.\n\n" + _LEAD)
    d = parse_dateline(text)
    # both stay prose: the lead is not a deck above a stamp, the short sentence no stamp
    for at in (text.index("Shares of a large carmaker"), text.index("Vote set")):
        assert not any(s <= at < e for s, e in d.masked)
    assert d.date == dt.date(2019, 3, 22)


def test_a_day_followed_by_a_when_clause_move_is_the_moves_session_and_its_causes_day():
    from eventstudy.draft import draft_study

    # 2019-03-25 is a Monday; "Friday" is 2019-03-22
    text = ("date 2019-03-25 Test Wire\n\nIt was a sharp reversal from Friday, when the Dow fell "
            "as much as 400 points after the chief executive of a large bank resigned over a "
            "lending scandal.\n")
    events = draft_study(text).events
    # one event, the resignation, dated Friday (the when-clause's session); Friday itself is
    # no event of its own
    assert [e.when for e in events] == [dt.date(2019, 3, 22)]
    assert "resigned" in events[0].title or "chief" in events[0].title


def test_one_instant_told_in_two_places_calendars_is_one_day():
    # 2019-03-25 is a Monday: Tuesday 26 in Washington is Wednesday 27 in Tokyo
    got = _refs("The Fed announces its decision on Tuesday afternoon in Washington, early "
                "Wednesday in Tokyo.")
    assert [w for _, w in got] == [dt.date(2019, 3, 26)]
    # two days in one place are two days
    got = _refs("Talks run on Tuesday in Washington and Wednesday in New York.")
    assert len(got) == 2


def test_a_date_after_since_in_the_move_clause_is_a_spans_start_not_the_moves_day():
    from eventstudy.draft import draft_study

    # 2019-04-09 is a Tuesday
    text = ("date 2019-04-09 Test Wire\n\nShares in Acme Aircraft fell 1.5% on Tuesday, "
            "extending their losses since the crash of one of its jets on March 10, after the "
            "planemaker said deliveries dropped by a third in the first quarter.\n")
    draft = draft_study(text)
    # the deliveries news is the move's (Tuesday), not the crash's (March 10)
    whens = sorted(str(e.when) for e in draft.events)
    assert whens == ["2019-03-10", "2019-04-09"]
    by_id = {e.id: e for e in draft.events}
    assert all(str(by_id[c.event].when) == "2019-04-09" for c in draft.claims
               if c.event in by_id and c.direction == "down")


def test_that_day_in_a_move_clause_is_the_day_the_sentence_before_named():
    from eventstudy.draft import draft_study

    # 2019-03-25 is a Monday; "Friday" is 2019-03-22
    text = ("date 2019-03-25 Test Wire\n\nThe Dow barely moved on Monday after Friday's "
            "sell-off. The S&P 500 lost 1.9% that day, after the central bank of a large "
            "economy unexpectedly raised its main interest rate.\n")
    whens = {str(e.when) for e in draft_study(text).events if "bank" in e.title.lower()
             or "rate" in e.title.lower()}
    assert whens == {"2019-03-22"}


@pytest.mark.parametrize("sentence, when", [
    # a past happening in a part of the day, no other day named: the dateline's (Mar 25)
    ("The ministry published its plan in the morning, a day later than promised.",
     [dt.date(2019, 3, 25)]),
    # another day named: that day's part, not the dateline's
    ("The ministry published its plan on Friday in the morning.", [dt.date(2019, 3, 22)]),
    # told ahead, or the market's own path: nothing
    ("The minister will speak in the morning.", []),
    ("Losses were trimmed in the afternoon.", []),
])
def test_a_part_of_the_day_alone_dates_a_past_happening_by_the_dateline(sentence, when):
    assert [w for _, w in _refs(sentence)] == when


@pytest.mark.parametrize("sentence, directions", [
    # the rebound is the session's path; the close (down) is the move
    ("The index fell as much as 300 points, then recovered to close down 75 points.",
     ["down", "down"]),
    # the same way: kept
    ("The index rose to close higher.", ["up"]),
])
def test_a_move_followed_by_a_close_the_other_way_is_the_sessions_path(sentence, directions):
    from eventstudy.draft.moves import moves

    assert [d for *_, d in moves(sentence)] == directions
