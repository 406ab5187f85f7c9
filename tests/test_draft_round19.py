"""draft: general rules added after round 18 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-17 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_move_verb_with_an_amount_is_no_word_of_a_cause():
    # "Caterpillar added 1.7 percent" names no cause: "added" is the move, not a word it
    # shares with "The chief executive added ... that deliveries would pick up"
    text = ("date 2019-02-12 Test Wire\n\n"
            "Boeing rose 2 percent on Tuesday after the planemaker reported strong orders on "
            "Tuesday morning.\n"
            "The chief executive added on Tuesday that deliveries would pick up.\n"
            "Caterpillar added 1.7 percent.\n")
    (c,) = _claims(text, "caterpillar")
    assert c.event is not None and c.event.id.startswith("orders")
    assert c.attribution_flagged
    assert any("cause is not named" in q for q in c.review)


def test_a_record_date_after_a_comma_is_no_event():
    # "its previous record, set on Jan. 26": the record's date is a comparison base, not
    # news (the comma before "set" does not end the record's phrase)
    text = ("date 2018-03-09 Test Wire\n\n"
            "The Nasdaq rose 1.8 percent on Friday, surpassing its previous record, set on "
            "Jan. 26.\n")
    draft = draft_study(text)
    assert [e for e in draft.events if e.when == dt.date(2018, 1, 26)] == []


def test_a_session_wiped_out_is_the_movers_own_not_news():
    # "wiping out most of Thursday's rebound": Thursday dates the market's own earlier
    # session (as "reversing Thursday's surge" does), not a happening
    text = ("date 2018-10-26 Test Wire\n\n"
            "Stocks fell on Friday, wiping out most of Thursday's rebound, as weak results from "
            "Amazon and Alphabet renewed worries.\n")
    whens = [e.when for e in draft_study(text).events]
    assert dt.date(2018, 10, 25) not in whens
    assert whens == [dt.date(2018, 10, 26)]  # the undated cause, on the move's day


def test_two_happenings_named_as_the_cause_are_flagged():
    # "after lawmakers reached a deal ... and the president said he could let a deadline
    # slide": the cause joins two happenings by "and", each with its own doer; the draft
    # reads one, so the claim is marked
    text = ("date 2019-02-12 Test Wire\n\n"
            "The Dow rallied 1.5 percent on Tuesday after lawmakers reached a deal to avoid a "
            "shutdown and the president said he could let a tariff deadline slide.\n")
    (c,) = _claims(text, "us_stocks")
    assert c.attribution_flagged
    assert any("two happenings" in q for q in c.review)
    # one doer doing two things ("raised its dividend and authorized a buyback") is one
    # happening: not marked
    text = ("date 2019-02-12 Test Wire\n\n"
            "Boeing rose 3.8 percent on Tuesday after the planemaker raised its dividend by 20 "
            "percent and authorized a new $20 billion buyback.\n")
    (c,) = _claims(text, "boeing")
    assert not c.attribution_flagged


def test_a_superlative_figure_dates_no_happening_by_its_period():
    # "employers added the most jobs in two years last month": "last month" is the period
    # the figure covers (a superlative is a figure, as "313,000 jobs" is), not the day of
    # the report -- the cause is dated by the move's day
    text = ("date 2018-03-09 Test Wire\n\n"
            "Stocks jumped on Friday after a government report showed employers added the most "
            "jobs in two years last month.\n")
    whens = [e.when for e in draft_study(text).events]
    assert whens == [dt.date(2018, 3, 9)]


def test_a_report_named_by_another_month_is_another_happening():
    # "the January report" told in a March story is an earlier release: it is not merged
    # with the day's "government report" for sharing "report showed"
    text = ("date 2018-03-09 Test Wire\n\n"
            "Stocks jumped on Friday after a government report showed employers added 313,000 "
            "jobs.\n"
            "That was a relief to investors, who sold stocks after the January report showed "
            "the fastest wage growth in eight years.\n")
    events = draft_study(text).events
    assert len(events) == 2
    assert [len({s.index for s, _ in e.mentions}) for e in events] == [1, 1]


def test_a_company_named_back_by_any_maker_word_tells_the_same_results():
    # "The Chicago-based jetmaker, whose airplane business ..., said before the market
    # opened that core earnings ...": the company named back by what it makes (any
    # "-maker", a "whose" clause) telling results is the results of the sentence before
    text = ("date 2018-04-25 Test Wire\n\n"
            "Boeing's quarterly profit beat forecasts, sending its shares up 4 percent on "
            "Wednesday.\n"
            "The Chicago-based jetmaker, whose airplane business is centered near Seattle, said "
            "before the market opened that core earnings per share rose to $3.64.\n")
    (ev,) = draft_study(text).events
    assert (ev.when, ev.timezone) == ("2018-04-25T09:30", "America/New_York")


def test_a_day_looked_ahead_to_is_read_forward():
    # "Investors are looking ahead to consumer price data on Wednesday" in a Monday story:
    # what is looked ahead to (awaited, braced for, waited for) is still ahead, so Wednesday
    # is the coming one, not the one before
    text = ("date 2018-11-12 Test Wire\n\n"
            "Stocks fell on Monday as bank shares slid.\n"
            "Investors are looking ahead to consumer price data on Wednesday.\n")
    (ev,) = draft_study(text).events
    assert ev.when == dt.date(2018, 11, 14)
    text = ("date 2018-11-12 Test Wire\n\n"
            "Traders were awaiting inflation figures on Wednesday.\n")
    (ev,) = draft_study(text).events
    assert ev.when == dt.date(2018, 11, 14)


def test_a_session_recovered_from_is_the_movers_own():
    # "the Nikkei 225 regained 0.8 per cent after Thursday's fall": "regained" is a move
    # (up), and the fall it recovered from is the index's own Thursday session -- no news,
    # so a clock told next ("shortly after 2.30pm London time") is not given Thursday
    text = ("date 2019-03-29 Test Wire\n\n"
            "European shares rose on Friday as talks in Beijing went on.\n"
            "Tokyo's Nikkei 225 regained 0.8 per cent after Thursday's fall.\n"
            "MPs voted down the agreement shortly after 2.30pm London time.\n")
    draft = draft_study(text)
    (ev,) = draft.events
    assert (ev.when, ev.timezone) == ("2019-03-29T14:30", "Europe/London")
    (c,) = [c for c in draft.claims if c.move and c.subject.subject.key == "japanese_stocks"]
    assert c.direction == "up"


def test_a_slide_rebounded_from_draws_no_claim():
    # "U.S. stocks rebounded from Wednesday's slide": one move of the day (up); the slide is
    # the mover's earlier session, as "recovering from Wednesday's slide" is
    text = ("date 2018-08-16 Test Wire\n\n"
            "U.S. stocks rebounded from Wednesday's slide as China said it would send a "
            "delegation to Washington.\n")
    assert [c.direction for c in _claims(text, "us_stocks")] == ["up"]


def test_a_week_snapped_back_from_and_a_set_off_participle_are_the_movers_path():
    # "snapping back from last week's rout as signs ... eased fears": the rout is the
    # market's own earlier week (no event, though a cause follows: the recovery's), and
    # "Technology shares, hammered last week, led the advance" claims the advance, not a fall
    text = ("date 2018-03-26 Test Wire\n\n"
            "U.S. stocks posted their biggest gain of the year, snapping back from last week's "
            "rout as signs of talks with Beijing eased fears of a trade war.\n"
            "Treasury Secretary Steven Mnuchin said on Sunday he was hopeful of a deal.\n"
            "Technology shares, hammered last week, led the advance.\n")
    draft = draft_study(text)
    assert [e.when for e in draft.events] == [dt.date(2018, 3, 25)]
    assert "down" not in [c.direction for c in draft.claims
                          if c.move and c.subject.subject.key == "tech_stocks"]
    # a run-up told as one ("beaten down recently") is still a pre-event claim
    text = ("date 2018-03-26 Test Wire\n\n"
            "US stocks, beaten down recently by worries about tariffs, rose on Monday after "
            "Mnuchin said on Sunday he was hopeful of a deal.\n")
    assert ("down", (-10, -1)) in [(c.direction, c.window) for c in _claims(text, "us_stocks")]


def test_a_name_shared_only_as_reported_speech_does_not_merge_happenings():
    # "Trump wrote on Twitter" and "lawmakers said after a meeting on Thursday that Trump
    # had asked ...": same day, one name shared, but the second sentence's tellers report
    # it -- two happenings (the tweet, the meeting), and the farm move goes with the later
    text = ("date 2018-04-12 Test Wire\n\n"
            "Early Thursday, Trump wrote on Twitter that an attack on Syria could come soon or "
            "not at all.\n"
            "Farm-state lawmakers said after a meeting at the White House on Thursday that Trump "
            "had asked his advisers to look into rejoining the Pacific trade pact.\n"
            "Deere jumped 4.1 percent.\n")
    draft = draft_study(text)
    assert len(draft.events) == 2
    (c,) = _claims(text, "deere")
    assert c.event is not None and c.event.id.startswith("meeting")


def test_a_move_with_no_cause_carries_the_last_same_way_claims_event():
    # "Stocks opened higher after Williams said ..." between the day's fall and "Goldman
    # Sachs fell 5%": the news that lifted the open did not sink Goldman; a move told
    # without a cause carries the event of the last claim in its own direction (marked)
    text = ("date 2018-12-21 Test Wire\n\n"
            "U.S. stocks fell on Friday after Defense Secretary Jim Mattis resigned on "
            "Thursday evening.\n"
            "Stocks opened higher after New York Fed President John Williams said in the "
            "morning that officials would reassess their outlook, and the Dow rose as much as "
            "395 points.\n"
            "Goldman Sachs fell 5% and Apple dropped 3.9%.\n")
    for key in ("goldman", "apple"):
        (c,) = _claims(text, key)
        assert c.event is not None and c.event.when == dt.date(2018, 12, 20)
        assert c.attribution_flagged


def test_a_possessive_day_naming_a_release_is_a_happening_of_its_own():
    # "relief that Friday's US jobs report showed strong hiring" after "the plan agreed at
    # Chequers on Friday": the possessive day names a release, not the Friday just told,
    # so the Euro Stoxx's rise goes with the report
    text = ("date 2018-07-09 Test Wire\n\n"
            "The prime minister prepared to defend the plan agreed at Chequers on Friday.\n"
            "The Euro Stoxx 50 rose 0.3 per cent, helped by relief that Friday's US jobs "
            "report showed strong hiring.\n")
    draft = draft_study(text)
    assert len(draft.events) == 2
    (c,) = _claims(text, "european_stocks")
    assert c.event is not None and c.event.sentence is c.sentence  # the report
    # a possessive day naming the release already told is that release
    text = ("date 2018-02-05 Test Wire\n\n"
            "U.S. stocks plunged Monday, extending a sell-off that began Friday after a strong "
            "jobs report.\n"
            "Friday's report showed wages grew 2.9 percent.\n")
    assert len(draft_study(text).events) == 1


def test_a_closure_told_without_a_day_is_the_days_closure():
    # "Markets in Tokyo were closed for a holiday": a closure told in passing, with no day,
    # is the story's day -- an event (on the calendar, never a move's cause unmarked)
    text = ("date 2018-11-23 Test Wire\n\n"
            "U.S. stocks fell on Friday as oil prices slumped.\n"
            "Markets in Tokyo were closed for a holiday.\n")
    draft = draft_study(text)
    (ev,) = draft.events
    assert ev.when == dt.date(2018, 11, 23)
    (c,) = _claims(text, "us_stocks")
    assert c.attribution_flagged


def test_a_happening_told_a_day_before_by_a_clause_is_dated_back():
    # "..., a day after the party suffered heavy losses in a state election": the
    # happening a clause tells, a day before the dated one, is an event of that day
    text = ("date 2018-10-29 Test Wire\n\n"
            "Merkel told party members on Monday morning that she would step down as chair, a "
            "day after the party suffered heavy losses in a state election.\n")
    whens = sorted(e.when for e in draft_study(text).events)
    assert whens == [dt.date(2018, 10, 28), dt.date(2018, 10, 29)]
