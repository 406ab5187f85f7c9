"""draft: general rules added after round 19 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-18 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_with_assistance_footer_names_bloomberg():
    # "--With assistance from NAME" closes Bloomberg stories only (every tune article
    # with it is Bloomberg's); a bare "December 12, 2018, 4:14 PM EST" line names no one
    text = ("Carmakers Climb as Trade Hopes Return\n\n"
            "By Ann Reporter\n"
            "December 12, 2018, 4:14 PM EST\n\n"
            "General Motors rose 2 percent on Wednesday after a report that China would cut "
            "tariffs on cars.\n\n"
            "--With assistance from Bo Helper\n")
    draft = draft_study(text)
    assert draft.dateline.publisher == "Bloomberg"


def test_bloomberg_cited_in_the_body_names_no_publisher():
    # other newsrooms cite Bloomberg: "Bloomberg News reported" in the body is no dateline
    text = ("December 12, 2018, 4:14 PM EST\n\n"
            "General Motors rose 2 percent on Wednesday after Bloomberg News reported that China "
            "would cut tariffs on cars.\n")
    assert draft_study(text).dateline.publisher is None


def test_the_central_banks_act_is_the_named_banks_of_that_day():
    # "a day after the central bank's policymakers penciled in ..." in a sentence naming the
    # Federal Reserve, and "The Fed's statement at 2 p.m. ET on Wednesday" two sentences on:
    # one happening
    text = ("date 2019-03-21 Test Wire\n\n"
            "Bank stocks rose on Thursday as traders warmed to the Federal Reserve's patient "
            "stance, a day after the central bank's policymakers penciled in no further "
            "increases this year.\n"
            "The Nasdaq gained 1.2 percent.\n"
            "The Fed's statement at 2 p.m. ET on Wednesday had first knocked the dollar.\n")
    wed = [e for e in draft_study(text).events if e.ref.first == dt.date(2019, 3, 20)]
    assert len(wed) == 1
    assert wed[0].time is not None and wed[0].time.time == dt.time(14, 0)


def test_an_index_move_does_not_carry_an_earlier_move_the_other_way():
    # "The Dow climbed 150 points in the morning after a government report ..." lends its
    # report neither to "The Dow finished down" two sentences on nor, through it, to Boeing
    text = ("date 2018-03-13 Test Wire\n\n"
            "Stocks on Wall Street closed lower on Tuesday after the president fired his "
            "secretary of state early Tuesday.\n"
            "The Dow climbed 150 points in the morning after a government report showed "
            "consumer prices rose modestly.\n"
            "The gains faded.\n"
            "The Dow finished down 0.7 percent.\n"
            "Boeing fell 1.6 percent.\n")
    draft = draft_study(text)
    falls = [c for c in draft.claims if c.subject.subject.key == "us_stocks"
             and c.direction == "down"]
    assert len(falls) == 1  # the close told again carries the lead's news: no second claim
    (boeing,) = _claims(text, "boeing")
    assert boeing.event is not None and falls[0].event is not None
    assert boeing.event.id == falls[0].event.id
    assert not boeing.event.id.startswith("government")


def test_a_pluperfect_move_of_an_earlier_session_lends_nothing_after_it():
    # "Wall Street had jumped ... on Wednesday after the midterm elections ..." in a Thursday
    # story recalls an earlier session: "Ford fell" told next is Thursday's, after the Fed
    text = ("date 2018-11-08 Test Wire\n\n"
            "The S&P 500 slipped on Thursday after the Federal Reserve left interest rates "
            "unchanged.\n"
            "Wall Street had jumped 2 percent on Wednesday after the midterm elections split "
            "control of Congress.\n"
            "Ford fell 1.5 percent.\n")
    (ford,) = _claims(text, "ford")
    assert ford.event is not None and ford.event.ref.first == dt.date(2018, 11, 8)
    assert "federal reserve" in ford.event.title.lower()


def test_a_sector_move_does_not_carry_another_sectors_company_news():
    # "Goldman Sachs fell ... after Malaysia filed criminal charges against units of the
    # bank." then "Industrial shares lost 1.6 percent.": the industrials do not hold Goldman,
    # so their uncaused fall carries the market's news, not the bank's own
    text = ("date 2018-12-17 Test Wire\n\n"
            "U.S. stocks sank on Monday after a survey of homebuilders showed confidence "
            "sinking to its lowest in three years.\n"
            "Goldman Sachs fell 2.8 percent after Malaysia filed criminal charges against units "
            "of the bank.\n"
            "Industrial shares lost 1.6 percent.\n")
    (market,) = _claims(text, "us_stocks")
    (industrials,) = _claims(text, "industrials")
    assert market.event is not None and industrials.event is not None
    assert industrials.event.id == market.event.id
    assert "malaysia" not in industrials.event.id


def test_a_date_in_a_relative_clause_is_not_the_clocked_news_before_it():
    # "A reading on consumer prices released at 8:30 a.m. ... , which sets policy again next
    # Wednesday": the clock is the reading's (the story's day), the date the Fed's meeting
    text = ("date 2018-12-12 Test Wire\n\n"
            "U.S. stocks rose on Wednesday.\n"
            "A reading on consumer prices released at 8:30 a.m. in Washington showed inflation "
            "flat in November, easing pressure on the Federal Reserve, which sets policy again "
            "next Wednesday.\n")
    events = draft_study(text).events
    timed = [e for e in events if e.time is not None]
    assert [(e.ref.first, e.time.time) for e in timed] == [(dt.date(2018, 12, 12),
                                                            dt.time(8, 30))]
    assert any(e.ref.first == dt.date(2018, 12, 19) and e.time is None for e in events)


def test_a_superlatives_since_date_is_a_comparison_base():
    # "its first close below the 3,000 mark since last Friday": the date after a superlative's
    # "since" dates neither news nor the move, so the index's fall told again is one claim
    text = ("date 2019-03-14 Test Wire\n\n"
            "Mainland Chinese stocks fell on Thursday after official data showed industrial "
            "output growing at its slowest pace in 17 years.\n"
            "The Shanghai Composite Index lost 1.2 per cent to 2,990.69, its first close below "
            "the 3,000 mark since last Friday.\n"
            "Premier Li Keqiang will hold his press conference on Friday.\n")
    draft = draft_study(text)
    assert [e for e in draft.events if e.ref.first == dt.date(2019, 3, 8)] == []
    (fall,) = _claims(text, "chinese_stocks")  # not a second fall tied to Friday's briefing
    assert fall.event is not None and fall.event.ref.first == dt.date(2019, 3, 14)
