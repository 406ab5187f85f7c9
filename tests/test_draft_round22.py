"""draft: general rules added after round 21 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-20 rules.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from draft_support import event_with, moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def _instant(ev) -> dt.datetime:
    """The instant of a timed event, in UTC."""
    assert ev.time is not None and ev.time.timezone is not None
    local = dt.datetime.combine(ev.ref.first, ev.time.time,
                                tzinfo=zoneinfo.ZoneInfo(ev.time.timezone))
    return local.astimezone(dt.UTC)


def test_a_clock_with_its_gmt_twin_in_brackets_takes_the_brackets_offset():
    # a Seoul story: "The Canadian prime minister is due to speak at 11 a.m. (1600 GMT) on
    # Thursday" -- the story's zone would put 11 a.m. in Seoul; the brackets say it is
    # five hours behind GMT, so 16:00 GMT on Thursday
    text = ("SEOUL, March 7 (Test Wire) - South Korean shares slipped on Wednesday.\n\n"
            "The Canadian prime minister is due to speak at 11 a.m. (1600 GMT) on Thursday "
            "about the new trade deal.\n")
    draft = draft_study(text, date="2019-03-06")
    (speech,) = [e for e in draft.events if e.time is not None]
    assert speech.ref.first == dt.date(2019, 3, 7)
    assert _instant(speech) == dt.datetime(2019, 3, 7, 16, 0, tzinfo=dt.UTC)


def test_a_clock_whose_zone_fits_its_gmt_twin_keeps_its_zone():
    # a New York story: "at 2 p.m. (1900 GMT)" in January is New York's own 2 p.m.
    text = ("NEW YORK, Jan 30 (Test Wire) - U.S. stocks rose on Wednesday after the Federal "
            "Reserve said at 2 p.m. (1900 GMT) that it would be patient.\n")
    draft = draft_study(text, date="2019-01-30")
    (fed,) = [e for e in draft.events if e.time is not None]
    assert fed.time.timezone == "America/New_York"
    assert _instant(fed) == dt.datetime(2019, 1, 30, 19, 0, tzinfo=dt.UTC)


def test_hours_after_the_close_bounds_the_time_and_keeps_the_day():
    # "The regulator fined the bank late Thursday, hours after U.S. markets had closed": the
    # fine came later than the close by an untold span -- Thursday, no clock
    text = ("date 2018-10-12 Test Wire\n\n"
            "The regulator fined the bank late Thursday, hours after U.S. markets had "
            "closed.\n")
    draft = draft_study(text)
    (fine,) = draft.events
    assert fine.ref.first == dt.date(2018, 10, 11)
    assert fine.time is None or fine.time.timezone is None


def test_right_after_the_close_is_still_the_close():
    # the guard: "after U.S. markets closed on Thursday" is timed at the New York close
    text = ("date 2018-10-12 Test Wire\n\n"
            "The regulator fined the bank after U.S. markets closed on Thursday.\n")
    (fine,) = draft_study(text).events
    assert fine.time is not None and (fine.time.time, fine.time.timezone) == (
        dt.time(16, 0), "America/New_York")


def test_a_new_doers_report_after_the_close_is_not_the_undated_report_before():
    # "A Commerce Department report showed ..." (undated: the day's) then "Oracle was due to
    # report results after the closing bell": the 16:00 is Oracle's, a happening of its
    # own; the department's report keeps no clock
    text = ("date 2018-04-17 Test Wire\n\n"
            "U.S. stocks rose on Tuesday.\n"
            "A Commerce Department report showed housing starts rose in March.\n"
            "The VIX fell 3 percent.\n"
            "Oracle was due to report quarterly results after the closing bell.\n")
    draft = draft_study(text)
    commerce = [e for e in draft.events if any("Commerce" in s.clean for s, _ in e.mentions)]
    oracle = [e for e in draft.events if any("Oracle" in s.clean for s, _ in e.mentions)]
    assert len(commerce) == 1 and len(oracle) == 1 and commerce[0] is not oracle[0]
    assert commerce[0].time is None
    assert oracle[0].time is not None and oracle[0].time.time == dt.time(16, 0)


def test_the_period_of_what_a_report_showed_is_the_figures_not_news():
    # "rose on Wednesday after a government report showed wage growth stayed modest last
    # month": last month is the figures' period -- no event spans it; the report is the
    # day's news, and the move's
    text = ("date 2018-09-12 Test Wire\n\n"
            "U.S. stocks rose on Wednesday after a government report showed wage growth "
            "stayed modest last month.\n")
    draft = draft_study(text)
    assert not [e for e in draft.events if e.ref.is_range]
    (stocks,) = _claims(text, "us_stocks")
    assert stocks.event is not None and stocks.event.ref.first == dt.date(2018, 9, 12)


def test_the_part_of_the_day_a_move_is_told_in_names_no_news():
    # "closed 1.1 per cent lower, after rising as much as 0.5 per cent in the morning": the
    # morning is when the index rose, not news -- not the minister "on Tuesday morning"
    text = ("date 2018-05-29 Test Wire\n\n"
            "European stocks fell on Tuesday after the Spanish government lost a confidence "
            "vote.\n"
            "The Euro Stoxx 50 index closed 1.1 per cent lower, after rising as much as 0.5 "
            "per cent in the morning.\n"
            "On Tuesday morning the finance minister of Portugal resigned over a bank rescue.\n")
    draft = draft_study(text)
    claims = _claims(text, "european_stocks")
    events = {c.event.id for c in claims if c.event is not None}
    vote = event_with(draft, "confidence vote")
    assert events == {vote.id}


def test_a_move_set_against_another_does_not_share_its_cause():
    # "Boeing rose after the regulator approved its jet, though Caterpillar slipped": the
    # approval is Boeing's cause; Caterpillar's move, set against it, names none of its
    # own -- so its attribution is marked for review
    text = ("date 2018-06-15 Test Wire\n\n"
            "Boeing rose on Friday after the aviation regulator approved its new jet, though "
            "Caterpillar slipped 1 percent.\n")
    (cat,) = _claims(text, "caterpillar")
    assert cat.attribution_flagged
    (boeing,) = _claims(text, "boeing")
    assert boeing.event is not None and not boeing.attribution_flagged


def test_a_same_way_move_told_with_while_shares_the_cause():
    # the guard: "..., while Caterpillar gained" goes the same way and shares the news
    text = ("date 2018-06-15 Test Wire\n\n"
            "Boeing rose on Friday after the aviation regulator approved its new jet, while "
            "Caterpillar gained 1 percent.\n")
    (cat,) = _claims(text, "caterpillar")
    (boeing,) = _claims(text, "boeing")
    assert cat.event is not None and boeing.event is not None
    assert cat.event.id == boeing.event.id


def test_a_contributors_byline_names_the_publisher():
    # "Dana Lowe, special to CNBC.com" under the date line: a contributor's byline, so the
    # publisher is CNBC
    text = ("Retail stocks climb before holiday sales data\n\n"
            "Tuesday, 27 Nov 2018 | 4:05 PM ET\n\n"
            "Dana Lowe, special to CNBC.com\n\n"
            "Retail stocks rose on Tuesday as investors bet on strong holiday sales.\n")
    draft = draft_study(text)
    assert draft.dateline.publisher == "CNBC"


def test_a_date_lines_clock_without_a_zone_takes_the_storys_market():
    # "Published: 5:02pm, 14 Mar, 2018" with no zone, city or known newsroom, in a story about
    # the Hang Seng: Hong Kong's clock (marked)
    text = ("Hang Seng ends higher as property stocks rally\n\n"
            "Published: 5:02pm, 14 Mar, 2018\n\n"
            "The Hang Seng Index rose 1.2 per cent on Wednesday as developers rallied on "
            "hopes of looser lending rules.\n")
    dl = draft_study(text).dateline
    assert (dl.time, dl.timezone) == (dt.time(17, 2), "Asia/Hong_Kong")
    assert "names no zone" in dl.review


def test_a_month_a_pronoun_told_in_the_past_is_the_last_one_even_in_a_clause_ahead():
    # "would expand 2.9 per cent this year, down from the 3.1 per cent it projected in
    # October" in a March 2019 story: the projection was made last October, not this one
    text = ("date 2019-03-13 Test Wire\n\n"
            "The World Bank said on Wednesday that the global economy would expand 2.9 per "
            "cent this year, down from the 3.1 per cent it projected in October.\n")
    october = [e for e in draft_study(text).events if e.ref.is_range]
    assert [(e.ref.first, e.ref.last) for e in october] == [
        (dt.date(2018, 10, 1), dt.date(2018, 10, 31))]


def test_materials_companies_are_the_materials_sector():
    # "materials companies", as "industrial companies" already is the industrials'
    text = ("date 2018-04-16 Test Wire\n\n"
            "Materials companies climbed 1.3 percent on Monday after copper prices jumped.\n")
    (materials,) = _claims(text, "materials")
    assert materials.direction == "up"
