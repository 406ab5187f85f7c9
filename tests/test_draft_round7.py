"""draft: general rules added after round 7 of the corpus (docs/draft.md, rule table).

Each test uses a short text written for the test (our own words) and checks an
answer worked out by hand from the rule (calendar arithmetic done by hand, noted).
"""

from __future__ import annotations

import datetime as dt

from eventstudy.draft import parse_dateline
from eventstudy.draft.dateline import _year_of_weekday
from eventstudy.draft.dates import find_time_refs


def test_a_wire_dateline_without_a_year_takes_the_year_of_the_leads_weekday():
    # by hand: 4 January was a Friday in 2019 (2019-01-01 was a Tuesday); in 2020..2025 it
    # fell on Sat, Mon, Tue, Wed, Thu, Sat -- so 2019 is the latest such year before 2026
    assert _year_of_weekday("Japanese stocks tumbled on Friday as Tokyo returned.", 1, 4,
                            today=dt.date(2026, 1, 1))[0] == 2019
    text = ("Nikkei slides\n\nTOKYO, Jan 4 (Reuters) - Japanese stocks tumbled on Friday as "
            "Tokyo returned from its New Year break.\n")
    d = parse_dateline(text)
    assert d.date == dt.date(2019, 1, 4) and d.review
    # "last Friday" is not the day of the dateline
    assert _year_of_weekday("Stocks rose, extending last Friday's gains.", 1, 4) is None


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
