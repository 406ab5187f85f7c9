"""draft: general rules added after round 15 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study, find_time_refs
from eventstudy.draft.moves import move_clauses, moves
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import find_times


def test_the_colon_of_a_clock_does_not_hide_a_forward_cue():
    # Thursday 2019-05-16: "due at 8:30 a.m. on Friday" is the coming Friday (05-17); the
    # clock's colon opens no clause, so "due" still reads the day forward
    (r,) = find_time_refs("Retail sales figures are due at 8:30 a.m. on Friday.",
                          dt.date(2019, 5, 16))
    assert r.first == dt.date(2019, 5, 17)
    (r,) = find_time_refs("The jobless claims report is scheduled for 10:00 a.m. on Monday.",
                          dt.date(2019, 5, 16))
    assert r.first == dt.date(2019, 5, 20)
    # a colon that opens a clause still ends the cue's reach: the past day is told back
    (r,) = find_time_refs("The schedule was due for review: the board met on Monday.",
                          dt.date(2019, 5, 16))
    assert r.first == dt.date(2019, 5, 13)


def test_a_named_doers_as_clause_is_the_moves_cause():
    # the lead's "as Parliament approved ..." names the day's news: an event of its own on
    # the move's day (Wednesday 2019-06-12), the lead's claim and the next claim drafted on
    # it -- not on the data release told later in the story; marked, "as" says no order
    text = ("date 2019-06-12 Test Wire\n\n"
            "European stocks ended lower on Wednesday as Parliament approved the budget "
            "overhaul.\n"
            "Banks fell 1 percent.\n"
            "The statistics office said at 10 a.m. that factory orders rose in April.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "european_stocks")
    assert c.event is not None and "Parliament" in c.event.sentence.text
    assert c.event.ref.first == dt.date(2019, 6, 12)
    assert any("'as' clause" in q for q in c.review)
    (b,) = moved_claims(d, "banks")
    assert b.event is c.event
    # people weighing or a market moving are no news: "as investors weighed ..." reads none
    text = ("date 2019-06-12 Test Wire\n\n"
            "European stocks ended lower on Wednesday as investors weighed the budget "
            "overhaul.\n")
    d = draft_study(text)
    assert not [e for e in d.events if "investors" in e.sentence.text]


def test_a_start_level_named_with_a_is_no_cause():
    # a start level named with "a" is no cause ("fell from a record"): the next cue's is
    text = ("date 2019-10-30 Test Wire\n\n"
            "The Nasdaq fell 1 percent from a record on Wednesday, after Apple cut its sales "
            "forecast.\n")
    d = draft_study(text)
    (ev,) = d.events
    assert ev.title.startswith("Apple cut") and ev.ref.first == dt.date(2019, 10, 30)
    assert {c.event.id for c in d.claims if c.event is not None} == {ev.id}


def test_a_move_without_a_cause_goes_on_with_the_recent_news_told_above_it():
    # Wednesday 2019-05-15: the Nasdaq's paragraph names no cause; the results told above
    # it (Tuesday, after the close) are its news, not the central bank's decision of the
    # move's day told only after another market's move, in that market's paragraph
    text = ("date 2019-05-15 Test Wire\n\n"
            "The chipmaker reported quarterly results that missed estimates after the close on "
            "Tuesday.\n"
            "The Nasdaq fell 1 percent.\n"
            "In Europe, the Stoxx 600 rose 0.5 percent.\n"
            "The European Central Bank left rates unchanged on Wednesday.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "us_stocks")
    assert c.event is not None and c.event.ref.first == dt.date(2019, 5, 14)
    assert "the cause is not named" in " ".join(c.review)
    # news told above but long before the move (a record set in January) is background:
    # the latest news by the move's day is drafted, as before
    text = text.replace("after the close on Tuesday", "on Jan. 8")
    d = draft_study(text)
    (c,) = moved_claims(d, "us_stocks")
    assert c.event is not None and c.event.ref.first == dt.date(2019, 5, 15)


def test_a_conference_call_cause_is_part_of_the_results_told_before():
    # Thursday 2019-01-24: the executives' call with analysts is the company's comment on
    # the results it reported after Wednesday's close (told just before): the rise's
    # news is those results, not the restructuring told next with its own older date
    text = ("date 2019-01-24 Test Wire\n\n"
            "Ford said after the market closed on Wednesday that it swung to a loss of $116 "
            "million in the fourth quarter.\n"
            "Ford shares rose 3 percent after executives told analysts on a conference call "
            "that operating profit would improve as cost cuts take hold.\n"
            "The finance chief pointed to the restructuring of its European business, which "
            "the company announced on Jan. 10 and which will bring cost cuts.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "ford")
    assert c.event is not None and c.event.ref.first == dt.date(2019, 1, 23)
    assert "loss of $116 million" in c.event.sentence.text


def test_a_results_cause_is_the_results_of_the_company_named_before_it():
    # Wednesday 2019-04-17: "the software company's quarterly revenue beat expectations"
    # is the results ACME (named before the cause) reported after Tuesday's close, told
    # two sentences on -- one happening, on Tuesday; no undated event of the move's day
    text = ("date 2019-04-17 Test Wire\n\n"
            "The Dow Jones Industrial Average rose 0.5 percent on Wednesday, powered by a jump "
            "in ACME shares after the software company's quarterly revenue beat expectations.\n"
            "The S&P 500 gained 0.1 percent.\n"
            "ACME, which reported first-quarter results after the bell on Tuesday, had its best "
            "day in a year.\n")
    d = draft_study(text)
    (ev,) = [e for e in d.events if e.ref.first <= dt.date(2019, 4, 17)]
    assert ev.ref.first == dt.date(2019, 4, 16) and "first-quarter results" in ev.sentence.text
    assert {c.event.id for c in moved_claims(d, "us_stocks") if c.event is not None} == {ev.id}
    # another company's results told after the cause are not its news: an undated event
    d = draft_study(text.replace("ACME, which", "Globex, which"))
    assert any(e.ref.first == dt.date(2019, 4, 17) for e in d.events)


def test_clocks_outside_an_after_clause_do_not_take_its_day():
    # Wednesday 2019-03-06: "late Tuesday" dates the after-clause (the background); the
    # two clocks of the main clauses tell the votes, each a happening of the story's day
    text = ("date 2019-03-06 Test Wire\n\n"
            "The Senate passed the bill shortly before 1 a.m., and the House voted around "
            "midday to approve it again after two provisions ran afoul of the rules late "
            "Tuesday.\n")
    d = draft_study(text)
    got = sorted((e.ref.first, e.time.time if e.time else None) for e in d.events)
    assert got == [(dt.date(2019, 3, 5), None), (dt.date(2019, 3, 6), dt.time(1, 0)),
                   (dt.date(2019, 3, 6), dt.time(12, 0))]
    # a clock in the date's own clause is that day's: one event, timed
    d = draft_study("date 2019-03-06 Test Wire\n\n"
                    "The House voted on the bill at 11 a.m. on Tuesday.\n")
    assert [(e.ref.first, e.time.time if e.time else None) for e in d.events] == [
        (dt.date(2019, 3, 5), dt.time(11, 0))]


def test_a_conjunct_with_its_subject_left_out_goes_on_with_the_move():
    # Thursday 2019-01-24: ", but turned higher on Thursday" is the shares' move (its
    # subject left out), so Thursday is the move's session, no event of its own
    text = ("date 2019-01-24 Test Wire\n\n"
            "Ford said after the market closed on Wednesday that it swung to a quarterly "
            "loss.\n"
            "Ford shares fell in after-hours trading on Wednesday, but turned higher on "
            "Thursday and closed up 3 percent.\n")
    d = draft_study(text)
    assert [e.ref.first for e in d.events] == [dt.date(2019, 1, 23)]
    assert sorted(c.direction for c in moved_claims(d, "ford")) == ["down", "up"]
    # a conjunct with a subject of its own is another clause ("but the Dow ...")
    s = "Ford shares fell on Wednesday, but investors cheered on Thursday."
    assert move_clauses(Sentence(0, 0, len(s), s)) == [(0, 29)]


def test_the_story_turning_to_the_broader_market_drops_the_companys_news():
    # Thursday 2019-01-24: after "The broader market was mixed." the index's move (no
    # cause named) is the market's: the day's news told next, not Ford's results
    text = ("date 2019-01-24 Test Wire\n\n"
            "Ford said after the market closed on Wednesday that it swung to a quarterly "
            "loss.\n"
            "Ford shares rose 3 percent on Thursday after the results.\n"
            "The broader market was mixed.\n"
            "The S&P 500 edged up 0.1 percent.\n"
            "Commerce Secretary Wilbur Ross said in a television interview on Thursday "
            "morning that a trade deal was likely.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "us_stocks")
    assert c.event is not None and "Wilbur Ross" in c.event.sentence.text
    (f,) = moved_claims(d, "ford")
    assert f.event is not None and f.event.ref.first == dt.date(2019, 1, 23)
    # without the turn, the index's paragraph goes on with the company's story
    d = draft_study(text.replace("The broader market was mixed.\n", ""))
    (c,) = moved_claims(d, "us_stocks")
    assert c.event is not None and c.event.id == f.event.id


def test_an_accord_named_back_is_the_accord_told_before():
    # Thursday 2018-07-26: "the trade truce" names back the leaders' agreement told above
    # (Wednesday afternoon) -- not a new happening of the move's day merged with the
    # central bank's decision told next
    text = ("date 2018-07-26 Test Wire\n\n"
            "The Dow rose 0.4 percent as manufacturers extended a rally that began on "
            "Wednesday afternoon, when the two leaders agreed to work toward eliminating "
            "tariffs on industrial goods.\n"
            "In Europe, the Euro Stoxx 50 jumped 1.2 percent after the trade truce eased "
            "fears of tariffs on cars.\n"
            "The European Central Bank left its policy unchanged on Thursday.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "european_stocks")
    assert c.event is not None and c.event.ref.first == dt.date(2018, 7, 25)
    assert "leaders agreed" in c.event.sentence.text


def test_a_report_cause_is_the_telling_dated_as_reported():
    # Wednesday 2018-01-10: "slipped from record highs" is the start, not the cause; "a
    # report that China may slow or halt its purchases" is the news agency's telling dated
    # "reported on Wednesday" (other words, same news), not the central bank's purchases
    # of Tuesday told as the bond market's background
    text = ("date 2018-01-10 Test Wire\n\n"
            "U.S. stocks slipped from record highs after a report that China may slow or halt "
            "its purchases of Treasuries sent bond yields higher.\n"
            "Trading volumes were light.\n"
            "Senior officials in Beijing have recommended slowing or halting purchases of "
            "U.S. government debt, Bloomberg News reported on Wednesday.\n"
            "The bond market was already on edge after the Bank of Japan trimmed its "
            "purchases of government bonds on Tuesday.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "us_stocks")
    assert c.event is not None and c.event.ref.first == dt.date(2018, 1, 10)
    assert "Bloomberg News reported" in c.event.sentence.text
    # the date of what the report tells ("made the offer during talks on Monday") is not
    # the telling's: that needs "reported" right before its date
    d = draft_study(text.replace("Bloomberg News reported on Wednesday",
                                 "Bloomberg News reported, after talks on Monday"))
    (c,) = moved_claims(d, "us_stocks")
    assert c.event is not None and c.event.ref.first != dt.date(2018, 1, 8)


def test_lagged_is_a_move_down():
    # "lagged" tells the sector's own (relative) fall: each subject its own move word
    text = ("date 2018-01-10 Test Wire\n\n"
            "U.S. stocks slipped on Wednesday after the central bank raised rates.\n"
            "Technology shares lagged, while banks, which benefit from higher rates, rose 1 "
            "percent.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "tech_stocks")] == ["down"]
    assert [c.direction for c in moved_claims(d, "banks")] == ["up"]


def test_a_paragraph_turning_to_another_region_goes_on_with_the_lead():
    # Wednesday 2018-01-10: "In Europe, ..." with no cause of its own follows the lead's
    # news (the report), not the Japanese market's background told just before it
    text = ("date 2018-01-10 Test Wire\n\n"
            "U.S. stocks fell on Wednesday after a report that China may halt its purchases "
            "of Treasuries.\n"
            "Japan's Nikkei slipped 0.3 percent after the Bank of Japan trimmed its bond "
            "buying on Tuesday.\n"
            "In Europe, the Euro Stoxx 50 fell 0.4 percent.\n")
    d = draft_study(text)
    (lead,) = moved_claims(d, "us_stocks")
    (eu,) = moved_claims(d, "european_stocks")
    assert lead.event is not None and eu.event is lead.event
    (jp,) = moved_claims(d, "japanese_stocks")
    assert jp.event is not None and jp.event.ref.first == dt.date(2018, 1, 9)


def test_the_company_named_back_telling_its_results_is_one_happening():
    # Wednesday 2018-07-25: the planemaker named back ("The world's largest planemaker,
    # which released its results before the market opened") tells the results of the
    # sentence before: one event, timed at the open
    text = ("date 2018-07-25 Test Wire\n\n"
            "Boeing reported a higher-than-expected quarterly profit on Wednesday, but its "
            "shares fell 1 percent.\n"
            "The world's largest planemaker, which released its second-quarter results before "
            "the market opened, posted core earnings of $3.33 per share.\n")
    d = draft_study(text)
    (ev,) = d.events
    assert ev.ref.first == dt.date(2018, 7, 25)
    assert ev.time is not None and ev.time.time == dt.time(9, 30)
    (c,) = moved_claims(d, "boeing")
    assert c.event is ev


def test_local_time_in_many_places_is_no_one_instant():
    # "at 8 a.m. local time" in stores "from Sydney to New York": the day only
    text = ("date 2017-11-03 Test Wire\n\n"
            "Lines formed outside the company's stores from Sydney to New York before the "
            "phone went on sale at 8 a.m. local time on Friday.\n")
    (ev,) = draft_study(text).events
    assert ev.ref.first == dt.date(2017, 11, 3)
    assert ev.time is None or ev.time.timezone is None
    assert any("local time in several places" in q for q in ev.review)
    # one place named: its clock stands ("at 8 a.m. local time in Tokyo" is Tokyo's)
    (t,), _ = find_times("The store opened at 8 a.m. local time in Tokyo on Friday.")
    assert t.timezone == "Asia/Tokyo" and t.time == dt.time(8, 0)


def test_a_print_edition_footer_is_no_event():
    # a newspaper's footer names the next day's print edition: not a happening
    text = ("Stocks slip as yields rise\n\n"
            "By A Writer\n"
            "Feb. 21, 2018 5:27 p.m. ET\n\n"
            "The S&P 500 fell 0.5% on Wednesday after the Fed's minutes lifted bond yields.\n\n"
            "Appeared in the February 22, 2018, print edition as 'Stocks Slip as Yields "
            "Rise.'\n")
    d = draft_study(text)
    assert d.dateline.date == dt.date(2018, 2, 21)
    assert [e.ref.first for e in d.events] == [dt.date(2018, 2, 21)]


def test_lifting_a_curb_is_no_move():
    # "lifts some of the burden off GM", "lifted the ban on ...": a curb removed, no move
    assert moves("The deal lifts some of the financial burden off GM.") == ()
    assert moves("Beijing lifted the ban on imports of American poultry.") == ()
    # a market lifted is a move ("lifted shares of GM")
    assert [m[3] for m in moves("The deal lifted shares of GM 3 percent.")] == ["up"]


def test_the_movers_own_level_with_an_adverb_is_no_news():
    # "a day after it briefly crossed the milestone": the index's own path, no event
    text = ("date 2017-10-18 Test Wire\n\n"
            "The blue-chip index rose 0.7 percent, a day after it briefly crossed the "
            "milestone but failed to hold it at the close.\n")
    assert not draft_study(text).events


def test_a_generic_things_habit_is_no_move():
    # "investors who had grown used to a market that only went up": a habit of markets in
    # general, no day's move; the S&P 500's own move stays
    text = ("date 2018-01-10 Test Wire\n\n"
            "The S&P 500 slipped on Wednesday after a report rattled investors who had grown "
            "used to a market that only went up.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "us_stocks")] == ["down"]
    assert [m[3] for m in moves("Investors had grown used to a market that only went up.")] \
        == []
