"""draft: general rules added after round 12 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

import pytest
from draft_support import moved_claims

from eventstudy.draft import draft_study, parse_dateline
from eventstudy.draft.clauses import split_clauses
from eventstudy.draft.headerline import masthead
from eventstudy.draft.moves import moves
from eventstudy.draft.nounmoves import described_noun_move
from eventstudy.draft.words import cause_span


def _event_on(d, day):
    return [e for e in d.events if e.ref.first == day]


def test_news_after_the_close_is_not_the_cause_of_that_sessions_move():
    # Wednesday 2018-12-05. The results came after Wednesday's close: on the NYSE calendar
    # (close-after rule) their day 0 is Thursday, so Wednesday's fall cannot be their
    # reaction. The cause is not named; the latest news that reached Wednesday's session
    # is Monday's statement.
    text = ("date 2018-12-05 Test Wire\n\n"
            "On Monday, the Commerce Department said it would review chip exports.\n"
            "US stocks fell 1 percent on Wednesday.\n"
            "After the close on Wednesday, Oracle reported quarterly results.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "us_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 12, 3)
    assert claim.attribution_flagged  # still a guess: the cause is not named


def test_a_move_in_after_hours_trading_reacts_to_news_after_the_close():
    # the move itself is after the close, so news released after that close reached it
    text = ("date 2018-12-05 Test Wire\n\n"
            "On Monday, the Commerce Department said it would review chip exports.\n"
            "Apple said after the close on Wednesday that iPhone sales missed forecasts.\n"
            "Apple shares fell 7 percent in extended trading on Wednesday.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "apple")
    assert claim.event is not None and claim.event.when == "2018-12-05T16:00"


def test_a_pronoun_moving_is_the_market_just_told_not_news():
    # "It" and "it" are the index of the sentence before: its own path, no event
    text = ("date 2018-10-10 Test Wire\n\n"
            "The VIX jumped 44 percent on Wednesday.\n"
            "It had closed below 16 on Tuesday.\n"
            "At one point in the afternoon it was up more than 60 percent.\n")
    d = draft_study(text)
    assert _event_on(d, dt.date(2018, 10, 9)) == []
    assert all(e.sentence.index not in (2, 3) for e in d.events)


def test_a_remark_about_the_move_is_a_reaction_not_its_cause():
    # Friday 2018-02-09: the fund manager's words on Friday are about "the fall" itself;
    # the cause is not named, so the latest news before the move is Thursday's
    text = ("date 2018-02-09 Test Wire\n\n"
            "On Thursday, the central bank said it would drain cash from the banking system.\n"
            "Chinese stocks fell 4 percent on Friday.\n"
            "A fund manager told reporters on Friday that the fall was an overreaction.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "chinese_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 2, 8)
    # a telling about another move ("the decline in inflation") is news, not a remark
    d = draft_study(text.replace("A fund manager told reporters on Friday that the fall was "
                                 "an overreaction.",
                                 "The statistics bureau said on Friday that the decline in "
                                 "consumer prices had deepened."))
    (claim,) = moved_claims(d, "chinese_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 2, 9)


def test_a_past_spelt_as_the_base_form_reads_back():
    # "beat" is past here (the move it caused is Thursday's): "late Wednesday" in a
    # Thursday story is the day before, not the coming Wednesday
    text = ("date 2018-10-25 Test Wire\n\n"
            "Ford shares surged 10 percent on Thursday after the automaker's quarterly "
            "earnings beat estimates late Wednesday.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "ford")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 10, 24)
    assert not any(e.ref.first > dt.date(2018, 10, 25) for e in d.events)

    assert [c.tense for c in split_clauses("the results beat estimates on Wednesday")] == ["past"]
    # a noun spelt like such a verb stays a noun: the schedule reads forward
    assert [c.tense for c in split_clauses("Apple's stock split takes effect on Friday")] == [
        "present"]


def test_what_is_measured_since_a_happening_is_not_the_cause():
    # the cause is the results (told dated the next sentence); "since ... on Oct. 1" names
    # the new chief's start as the measure of "the first set of results", background
    text = ("date 2018-10-16 Test Wire\n\n"
            "Goldman Sachs shares rose 3% on Tuesday after the bank reported quarterly "
            "earnings, the first set of results since David Solomon succeeded Lloyd Blankfein "
            "as chief executive on Oct. 1.\n"
            "Goldman said early Tuesday that it earned $6.28 a share in the quarter.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "goldman")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 10, 16)

    s = d.sentences[0].text
    a, b = cause_span(s, s.index("rose"))
    assert s[a:b].strip() == "the bank reported quarterly earnings, the first set of results"


def test_today_of_a_present_state_dates_nothing():
    # "today" in a statement of what is so ("is worth ... today") means nowadays
    text = ("date 2017-12-04 Test Wire\n\n"
            "The Senate passed the tax bill on Saturday.\n"
            "That is worth far more to companies that pay the full rate today, such as "
            "banks, than to technology firms.\n")
    d = draft_study(text)
    assert [e.ref.first for e in d.events] == [dt.date(2017, 12, 2)]


def test_news_told_as_another_story_is_no_fallback_cause():
    # Monday 2017-12-04: the cause is not named; "Elsewhere, ..." tells another story
    # (Sunday's deal, later in date than Saturday's vote), which did not drive the index
    text = ("date 2017-12-04 Test Wire\n\n"
            "The Senate passed the tax bill on Saturday.\n"
            "The Dow Jones Industrial Average rose 0.2% on Monday.\n"
            "Elsewhere, CVS Health agreed on Sunday to buy Aetna.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "us_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2017, 12, 2)
    assert claim.attribution_flagged


# -- calibration: an attribution by shared words that is still a guess is marked


def test_a_tie_broken_only_by_the_date_is_marked():
    # both events name Washington (a name: two points each) and nothing else the cause
    # says: the later one is drafted, but only the date chose it
    text = ("date 2018-05-24 Test Wire\n\n"
            "On Tuesday, Washington opened a probe into car imports.\n"
            "On Wednesday, Washington cancelled the summit.\n"
            "Ford rose 1 percent on Thursday after the news from Washington.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "ford")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 5, 23)
    assert claim.attribution_flagged
    assert any("share as many words" in q and "the later date" in q for q in claim.review)


def test_news_told_only_after_a_move_without_a_cause_is_marked():
    # no cause cue: the sentence's words ("truck launch") meet an event told after it
    text = ("date 2018-05-24 Test Wire\n\n"
            "Ford rose 2 percent on Thursday, its biggest gain since the truck launch.\n"
            "The truck launch was held on Tuesday in Dearborn.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "ford")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 5, 22)
    assert any("told only after it" in q for q in claim.review)


def test_news_a_week_or_more_before_the_move_is_marked():
    # Feb. 8 is 20 days before Thursday, Feb. 28
    text = ("date 2019-02-28 Test Wire\n\n"
            "Trump announced the Hanoi venue for the summit on Feb. 8.\n"
            "Japanese stocks fell 1 percent on Thursday as the Hanoi summit ended early.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "japanese_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2019, 2, 8)
    assert any("20 days before the move" in q for q in claim.review)
    # and the same news two days before is not marked for its age
    d2 = draft_study(text.replace("on Feb. 8", "on Feb. 26"))
    (claim2,) = moved_claims(d2, "japanese_stocks")
    assert claim2.event is not None and claim2.event.ref.first == dt.date(2019, 2, 26)
    assert not any("days before the move" in q for q in claim2.review)


def test_the_colon_of_a_listing_is_no_clause_and_its_exchange_no_subject():
    # "(NASDAQ: AAPL)" is where Apple is listed: no US-stocks subject, and the colon does
    # not cut "Shares of Apple" from its move, so Wednesday dates the move, not news
    text = ("date 2018-05-02 Test Wire\n\n"
            "Shares of Apple (NASDAQ: AAPL) closed 4.4% higher on Wednesday, after the "
            "company's quarterly results, released after the market closed on Tuesday, eased "
            "worries about iPhone demand.\n")
    d = draft_study(text)
    assert [m.subject.key for m in d.mentions] == ["apple"]
    (claim,) = moved_claims(d, "apple")
    assert claim.sentence.index == 0 and claim.direction == "up"
    assert [e.when for e in d.events] == ["2018-05-01T16:00"]


def test_news_the_sentence_dates_inside_its_cause_wins_a_tie():
    # both events share as many words with the cause; the results are dated inside the
    # cause of this very sentence ("released after the market closed on Tuesday"), the
    # chief executive's remark only later: the cause the sentence names wins the tie,
    # though it is the earlier news, and no date-only tie is marked
    text = ("date 2018-05-02 Test Wire\n\n"
            "Apple shares closed 4% higher on Wednesday, after the company's quarterly "
            "results, released after the market closed on Tuesday, eased worries about iPhone "
            "demand.\n"
            "Apple sold more iPhones than feared, and the average selling price jumped thanks "
            "to the iPhone X, which CEO Tim Cook said was the most popular iPhone of the "
            "quarter.\n")
    d = draft_study(text)
    claim = next(c for c in moved_claims(d, "apple") if c.sentence.index == 0)
    assert claim.event is not None and claim.event.when == "2018-05-01T16:00"
    assert not claim.attribution_flagged


def test_a_cause_sharing_words_with_the_moves_own_session_says_so_truly():
    # "On Tuesday" opens the move's clause: the move's session, not drafted as the cause;
    # the nested crash "on March 23" is. The note names the Tuesday event for what it is
    # (read as the move's session), not as news that "reached the market after" the move.
    text = ("date 2018-03-28 Test Wire\n\n"
            "On Tuesday, Tesla dropped 8.2% after the safety board said it was sending "
            "investigators to look into the crash of a Model X on March 23.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "tesla")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 3, 23)
    assert not any("reached the market after" in q for q in claim.review)
    assert any("read as the move's session" in q for q in claim.review)
    assert claim.attribution_flagged


# -- publishers the newsroom table does not know


@pytest.mark.parametrize("line, name", [
    ("Lakeside Gazette", "Lakeside Gazette"),                  # a line of its own
    ("RIVER VALLEY NEWS", "RIVER VALLEY NEWS"),                # in capitals, as written
    ("Source: Harbour Daily    Published: 2018/2/9 18:38:40", "Harbour Daily"),
    ("Farm & Ranch Review | October 25, 2018 17:02 ET", "Farm & Ranch Review"),
    ("By staff, Tri-County Times", "Tri-County Times"),
    ("By Dana Whitcomb, Lakeside Gazette", "Lakeside Gazette"),  # a byline's newsroom
    ("By Dana Whitcomb, Senior Writer", None),                 # a byline's title
    ("— Plains Herald", "Plains Herald"),
    ("Business News", None),                                   # a section
    ("News | March 4, 2019", None),                            # a section cell, one word
    ("Dana Whitcomb", None),                                   # a person
    ("By Dana Whitcomb, business reporter", None),
    ("Seattle Times business staff", None),                    # a desk, not the masthead
    ("Stocks fell as the Fed raised rates", None),             # a sentence
])
def test_a_masthead_names_a_publisher_the_table_does_not_know(line, name):
    assert masthead(line) == name


def test_a_masthead_line_or_signature_dates_the_publisher():
    body = ("\n\nShares of Deere rose 2 percent on Friday after the company raised its "
            "sales forecast for the year.\n")
    d = parse_dateline("Deere lifts outlook\n\nPrairie Banker\nMay 18, 2018, 5:10 p.m. CDT"
                       + body)
    assert (d.date, d.publisher) == (dt.date(2018, 5, 18), "Prairie Banker")
    d = parse_dateline("Deere lifts outlook" + body + "\n— Plains Herald\nMay 18, 2018\n")
    assert (d.date, d.publisher) == (dt.date(2018, 5, 18), "Plains Herald")


def test_a_placeless_market_alias_is_the_storys_own_market():
    # "blue chips" names no place: in a Shanghai story they are Shanghai's, in a New York
    # story the Dow's
    text = ("date 2018-02-09 Test Wire\n\n"
            "Chinese stocks fell 4 percent on Friday.\n"
            "Blue chips fell 5 percent.\n")
    d = draft_study(text)
    assert [m.subject.key for m in d.mentions] == ["chinese_stocks", "chinese_stocks"]
    assert {c.subject.subject.key for c in d.claims if c.move} == {"chinese_stocks"}
    d = draft_study(text.replace("Chinese stocks", "US stocks"))
    assert [m.subject.key for m in d.mentions] == ["us_stocks", "us_stocks"]
    # a place after the alias names its own market: left as the mapping files it
    d = draft_study(text.replace("Blue chips fell", "Stock futures in New York fell"))
    assert [m.subject.key for m in d.mentions] == ["chinese_stocks", "us_stocks"]


@pytest.mark.parametrize("sentence, word, described", [
    ("A fund manager said the fall was an overreaction.", "fall", True),
    ("He said this decline is overdone.", "decline", True),
    ("The fall in bank shares deepened on Friday.", "fall", False),
    ("Stocks fell 2 percent.", "fell", False),
])
def test_a_move_described_by_a_copula_is_no_move(sentence, word, described):
    (move,) = [m for m in moves(sentence) if m[2].lower() == word]
    assert described_noun_move(sentence, move) is described


def test_a_past_perfect_loss_or_level_of_the_storys_market_is_its_path():
    # the story's own market, told in the past perfect with an amount or a level: its
    # earlier session, not news; a company that "had lost its chief executive" is news
    text = ("date 2018-02-06 Test Wire\n\n"
            "Tokyo stocks plunged on Tuesday.\n"
            "The Nikkei had already lost 592 points on Monday.\n"
            "The index had traded above 24,000 on Friday morning.\n")
    d = draft_study(text)
    assert d.events == ()
    d = draft_study(text + "Toshiba had lost its chief executive on Monday.\n")
    assert [e.ref.first for e in d.events] == [dt.date(2018, 2, 5)]


def test_a_market_shut_for_holidays_is_no_cause():
    # a closure is on the calendar, not news ("shut", "holidays" as well as "closed",
    # "holiday"): the unnamed cause falls back on the latest news, told before the
    # closure began, not on the later closure
    text = ("date 2018-10-08 Test Wire\n\n"
            "Chinese stocks fell 3.7 percent on Monday.\n"
            "On Sept. 28, Mike Pence accused China of meddling in American elections.\n"
            "Mainland markets were shut from Oct. 1 to Oct. 5 for the National Day holidays.\n")
    d = draft_study(text)
    (claim,) = moved_claims(d, "chinese_stocks")
    assert claim.event is not None and claim.event.ref.first == dt.date(2018, 9, 28)
