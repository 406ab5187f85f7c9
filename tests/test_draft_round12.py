"""draft: general rules added after round 11 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventstudy.draft import draft_study, parse_dateline
from eventstudy.draft.events import _overnight_session
from eventstudy.draft.headerline import _date_line
from eventstudy.draft.inferred import place_zone
from eventstudy.exceptions import DraftError

_HEAD = "Shipping stocks slide as freight rates sink\n\n"
_LEAD = ("Shares of container lines fell on Wednesday after spot freight rates on the main "
         "Asia-Europe route dropped for a sixth straight week, analysts said.\n\n"
         "The sector index closed 3 percent lower, its worst day in a month.\n")


def test_a_footer_date_line_dates_the_article_and_asks_for_review():
    # the only full date is in a footer above the author line: 5 December is a Wednesday
    text = _HEAD + _LEAD + "\nDate 05.12.2018\nAuthor Jane Roe (AFP, dpa)\n"
    d = parse_dateline(text)
    assert d.date == dt.date(2018, 12, 5)
    assert "outside the header" in d.review


def test_a_stamp_inside_a_long_byline_row_prefers_published_over_updated():
    # byline, newsroom and two stamps on one row of more than 20 words: the first
    # publication (the update is listed first here, and is later) dates the article
    row = ("Maria Lopez and Tom Baker, Detroit Free Press    Updated 9:05 p.m. ET Nov. 7, "
           "2018 | Published 3:12 p.m. ET Nov. 6, 2018")
    d = parse_dateline(_HEAD + row + "\n\n" + _LEAD)
    assert (d.date, d.time, d.zone) == (dt.date(2018, 11, 6), dt.time(15, 12),
                                        "America/New_York")
    assert d.publisher == "Detroit Free Press"
    assert "outside the header" in d.review


def test_prose_that_names_a_date_is_no_stamp():
    # a sentence with a full date is news, not the article's date: still no dateline
    text = _HEAD + _LEAD + "\nThe carriers agreed the new schedule on March 12, 2018.\n"
    with pytest.raises(DraftError, match="no dateline"):
        parse_dateline(text)


def test_a_year_less_wire_line_still_asks_for_the_date():
    text = "Osaka, Feb. 12 (Jiji Press)--Shipping stocks fell on Tuesday.\n"
    with pytest.raises(DraftError, match="has no year"):
        parse_dateline(text)


@pytest.mark.parametrize("header, publisher, clock, zone", [
    # a newsroom on a line of its own, in capitals
    ("KAREN DOE\nTHE GLOBE AND MAIL\nPUBLISHED MARCH 4, 2019\n", "The Globe and Mail", None,
     None),
    # a newsroom in a lower-case byline; a zone-less stamp takes its home zone
    ("by Alan Smith, Benzinga Staff Writer\nMarch 4, 2019 11:20 AM | 3 min read\n",
     "Benzinga", dt.time(11, 20), "America/Detroit"),
    # a research desk as the byline
    ("Zacks Equity Research\nMarch 4, 2019\n", "Zacks", None, None),
])
def test_newsrooms_named_in_the_header(header, publisher, clock, zone):
    d = parse_dateline(_HEAD + header + "\n" + _LEAD)
    assert (d.date, d.publisher, d.time, d.timezone) == (dt.date(2019, 3, 4), publisher,
                                                         clock, zone)


def test_a_time_line_stacked_under_the_date_line_is_its_clock():
    header = "Ann Lee\nJune 6, 2019\n10:15 AM CDT\n"
    d = parse_dateline(_HEAD + header + "\n" + _LEAD)
    assert (d.date, d.time, d.timezone) == (dt.date(2019, 6, 6), dt.time(10, 15),
                                            "America/Chicago")


def test_updated_then_first_published_takes_the_first_publication_clock():
    got = _date_line("Updated Mar 6, 2019 - 11.40am, first published at 9.20am")
    assert got is not None and (got.date, got.time) == (dt.date(2019, 3, 6), dt.time(9, 20))


def test_a_place_told_overnight_is_not_the_newsroom():
    # written the next morning far away: Wall Street's session was the writer's night
    lead = ("Wall Street closed lower overnight after a weak retail report. In Tokyo, "
            "exporters opened firmer.")
    got = place_zone(lead)
    assert got is not None and got[0] == "Asia/Tokyo"
    assert place_zone("Wall Street closed lower overnight after a weak retail report.") is None
    # told of its own day, the place is the newsroom's
    got = place_zone("Wall Street closed lower on Tuesday after a weak retail report.")
    assert got is not None and got[0] == "America/New_York"


def test_a_lead_told_overnight_dates_its_session_the_weekday_before():
    # a Monday-morning story far from New York: the session was Friday's
    assert _overnight_session("U.S. stocks closed lower overnight as oil slid.",
                              dt.date(2019, 3, 11)) == dt.date(2019, 3, 8)
    # another market's move told overnight is a cause, not the lead's own session
    assert _overnight_session("Asian shares rose, tracking gains on Wall Street overnight.",
                              dt.date(2019, 3, 12)) is None
    assert _overnight_session("Wall Street closed lower on Monday as oil slid.",
                              dt.date(2019, 3, 12)) is None


_SHRUGGED = """Hong Kong stocks fall despite rate cut

HONG KONG, Aug 6, 2019 (Reuters) - Hong Kong stocks fell on Tuesday, as worries over a \
widening trade feud overshadowed the monetary authority's interest rate cut.

The Hong Kong Monetary Authority lowered its base rate by a quarter point on Monday.

The Hang Seng index closed 1.5 percent lower.

Shares opened higher, but the gains faded after reports on Monday that Washington would \
tighten export curbs on chip materials.
"""


def test_news_a_move_shrugged_off_is_not_its_cause():
    # the rate cut is what the fall overshadowed and went "despite": the move is drafted
    # against the other news of its day (the export-curb reports), not the cut
    d = draft_study(_SHRUGGED)
    down = [c for c in d.claims if c.direction == "down"]
    assert down, "the fall is drafted as a claim"
    assert all("would tighten export curbs" in c.event.sentence.text for c in down)


def test_a_week_that_is_a_figures_period_dates_nothing():
    from eventstudy.draft.dates import find_time_refs

    day = dt.date(2019, 5, 9)  # a Thursday
    figure = "the agency said initial jobless claims rose to 228,000 last week."
    assert [r for r in find_time_refs(figure, day) if "week" in r.text] == []
    # a happening told last week keeps its week: Monday 29 April .. Friday 3 May
    told = find_time_refs("The company announced the plant closure last week.", day)
    assert [(r.first, r.last) for r in told] == [(dt.date(2019, 4, 29), dt.date(2019, 5, 3))]


def test_the_end_of_a_month_is_its_last_day():
    from eventstudy.draft.dates import find_time_refs

    day = dt.date(2019, 3, 14)
    got = find_time_refs("The bank said its asset purchases will stop at the end of this month.",
                         day)
    assert [(r.first, r.last) for r in got] == [(dt.date(2019, 3, 31), dt.date(2019, 3, 31))]
    got = find_time_refs("The programme ends at the end of next month.", day)
    assert [(r.first, r.last) for r in got] == [(dt.date(2019, 4, 30), dt.date(2019, 4, 30))]
    # without "end of", still the whole month
    got = find_time_refs("The talks will resume next month.", day)
    assert [(r.first, r.last) for r in got] == [(dt.date(2019, 4, 1), dt.date(2019, 4, 30))]


def test_a_month_after_a_pronouns_news_verb_dates_that_news():
    from eventstudy.draft.readings import happening_month

    s = ("The retailer now expects sales of $9 billion this year, below the $9.5 billion it "
         "forecast in March.")
    assert happening_month(s, s.index("in March"))
    # a figure's month is still no happening
    s = "Sales rose 4% in March, the company said."
    assert not happening_month(s, s.index("in March"))
