"""draft: general rules added after round 13 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study, find_time_refs


def test_a_span_that_begins_on_a_day_is_a_range_starting_that_day():
    # Monday 2018-07-30. "which begins on Tuesday" in a future look-ahead: Tuesday is
    # 2018-07-31, and a two-day span starting then runs to Wednesday 2018-08-01
    (r,) = find_time_refs("Traders will watch the central bank's two-day meeting, which "
                          "begins on Tuesday.", dt.date(2018, 7, 30))
    assert (r.first, r.last) == (dt.date(2018, 7, 31), dt.date(2018, 8, 1))
    # a three-day summit starting Friday (2018-08-03): Friday..Sunday
    (r,) = find_time_refs("A three-day summit starting Friday will gather the ministers.",
                          dt.date(2018, 7, 30))
    assert (r.first, r.last) == (dt.date(2018, 8, 3), dt.date(2018, 8, 5))
    # an actor beginning the span is its start: one day (as an actor concluding one is)
    (r,) = find_time_refs("Negotiators began three days of talks on Monday.",
                          dt.date(2018, 7, 30))
    assert r.first == r.last == dt.date(2018, 7, 30)


def test_a_span_read_in_the_week_a_sentence_is_about_keeps_its_length():
    # Monday 2018-07-30; "next week" is Aug 6-10: the meeting ends on that week's Wednesday
    # (Aug 8), so it began on Tuesday Aug 7
    refs = find_time_refs("Next week the central bank holds a two-day meeting that ends "
                          "Wednesday.", dt.date(2018, 7, 30))
    (r,) = [r for r in refs if r.kind == "weekday"]
    assert (r.first, r.last) == (dt.date(2018, 8, 7), dt.date(2018, 8, 8))


def test_the_same_day_names_back_the_day_told_before_it():
    # Friday 2019-03-22 is told in the sentence before; the factory survey "released the same
    # day" is a happening of that Friday, not undated
    text = ("date 2019-03-25 Test Wire\n\n"
            "Asian shares tumbled on Monday.\n"
            "On Friday, the Federal Reserve cut its growth forecasts.\n"
            "A gloomy factory survey from France released the same day added to the worry.\n")
    d = draft_study(text)
    survey = next(e for e in d.events if any("factory survey" in s.text for s, _ in e.mentions))
    assert survey.when == dt.date(2019, 3, 22)
    # in one sentence: the day a range's weekday names ("begins on Tuesday", 2018-07-31);
    # the range stays the meeting's and the earnings are that Tuesday's own happening
    text = ("date 2018-07-30 Test Wire\n\n"
            "Stocks fell on Monday.\n"
            "Investors will look to the central bank's two-day meeting, which begins on "
            "Tuesday, and to earnings from Intel the same day.\n")
    d = draft_study(text)
    whens = sorted(str(e.when) for e in d.events if "Intel" in e.sentence.text)
    assert whens == ["2018-07-31", str({"from": dt.date(2018, 7, 31), "to": dt.date(2018, 8, 1)})]


def test_a_zone_less_clock_is_read_where_its_doer_or_the_sentence_sits():
    # a New York header (ET) sets the zone in force; the central bank's decision "at noon"
    # is noon in its own city, and a sentence opening "In Tokyo," reads its clock there
    from eventstudy.draft.times import find_times

    (t,) = find_times("The pound rose after the Bank of England held rates at noon.",
                      zone="America/New_York")[0]
    assert (t.time, t.timezone) == (dt.time(12, 0), "Europe/London")
    (t,) = find_times("In Tokyo, exporters slid after the trade figures came out at 8:50 a.m.",
                      zone="America/New_York")[0]
    assert (t.time, t.timezone) == (dt.time(8, 50), "Asia/Tokyo")
    # nothing placed: the zone in force, as before
    (t,) = find_times("The retailer reported results at 7 a.m.", zone="America/New_York")[0]
    assert t.timezone == "America/New_York"
    # in a whole draft: the event is noon in London, 07:00 in New York
    text = ("WASHINGTON, June 21, 2018 (Test Wire) - Sterling climbed on Thursday after the "
            "Bank of England kept interest rates unchanged at noon.\n")
    d = draft_study(text)
    (ev,) = d.events
    assert (ev.when, ev.timezone) == ("2018-06-21T12:00", "Europe/London")


def test_another_markets_close_only_bounds_a_doers_time():
    # "after the European close" is Frankfurt's 17:30 for European news; a Washington doer
    # acting "after the European close" acts some time after it: the day, without a clock
    from eventstudy.draft.times import find_times

    (t,) = find_times("Traders waited for the Federal Reserve's decision, due after the "
                      "European close.", zone="Europe/London")[0]
    assert t.timezone is None and "the day only" in t.rule
    # the market's own news keeps the close as its instant
    (t,) = find_times("Siemens reported results after the European close.",
                      zone="Europe/London")[0]
    assert (t.time, t.timezone) == (dt.time(17, 30), "Europe/Berlin")
    text = ("date 2018-12-19 Test Wire\n\n"
            "European shares edged up on Wednesday.\n"
            "Gains were capped by caution ahead of the Federal Reserve's decision, due after "
            "the European close.\n")
    d = draft_study(text)
    ev = next(e for e in d.events if "decision" in e.sentence.text)
    assert ev.when == dt.date(2018, 12, 19)


def test_a_plural_head_with_a_long_prepositional_phrase_agrees_with_its_present_verb():
    # Wednesday 2018-09-12: "Sales of the Pixel and Pixel XL begin on Friday" is a schedule
    # told in the present (the head "Sales" agrees with "begin" across its "of" phrase): the
    # coming Friday, 2018-09-14, not the Friday before
    from eventstudy.draft.clauses import split_clauses

    s = "Sales of the Pixel and Pixel XL begin on Friday."
    assert split_clauses(s)[0].tense == "present"
    (r,) = find_time_refs(s, dt.date(2018, 9, 12))
    assert r.first == dt.date(2018, 9, 14)


def test_a_break_told_by_its_length_is_the_days_before_the_story():
    # Monday 2018-10-08: "after the week-long National Day holiday" is the seven days that
    # ended on the eve of the story, Oct 1..7; a three-day break, Oct 5..7
    (r,) = [r for r in find_time_refs("Shanghai shares slumped as trading resumed after the "
                                      "week-long National Day holiday.", dt.date(2018, 10, 8))
            if r.kind == "break_span"]
    assert (r.first, r.last) == (dt.date(2018, 10, 1), dt.date(2018, 10, 7))
    (r,) = find_time_refs("Dealers came back from a three-day break.", dt.date(2018, 10, 8))
    assert (r.first, r.last) == (dt.date(2018, 10, 5), dt.date(2018, 10, 7))
    # told ahead, its days are not known from its length: no reference
    assert find_time_refs("Traders will sell before the start of a week-long holiday.",
                          dt.date(2018, 9, 28)) == []


def test_a_closure_told_by_its_first_day_and_its_reopening_is_one_range():
    # Friday 2018-11-16: closes on Wednesday Nov 21 and reopens Monday Nov 26 -> Nov 21..25
    (r,) = find_time_refs("The exchange will close on Nov. 21 for the festival and reopen on "
                          "Nov. 26.", dt.date(2018, 11, 16))
    assert (r.first, r.last) == (dt.date(2018, 11, 21), dt.date(2018, 11, 25))
    # closing early one day and shut the next: one closure of two days; the holiday it is
    # closed for (Christmas, Dec 25) names the same closure
    (r,) = find_time_refs("U.S. markets close early on Monday and will be shut Tuesday for "
                          "Christmas.", dt.date(2018, 12, 21))
    assert (r.first, r.last) == (dt.date(2018, 12, 24), dt.date(2018, 12, 25))
    # two happenings that are not a market's closure stay two days
    refs = find_time_refs("The company will close its plant on Monday and reopen it on "
                          "Thursday.", dt.date(2018, 12, 21))
    assert len(refs) == 2


def test_hours_later_is_the_next_happening_of_the_day_told_before():
    # Tuesday 2018-11-20: "Hours later" after Monday evening's detention is Monday's
    # second happening (the chief executive's statement), not the detention merged, and
    # not the story's day
    text = ("date 2018-11-20 Test Wire\n\n"
            "Shares in the carmaker fell sharply in Tokyo on Tuesday.\n"
            "Police detained the chairman on Monday evening at the airport.\n"
            "Hours later the chief executive told a press conference that an audit had found "
            "misconduct.\n")
    d = draft_study(text)
    told = next(e for e in d.events if any("press conference" in s.text for s, _ in e.mentions))
    assert told.when == dt.date(2018, 11, 19)
    assert not any("detained" in s.text for s, _ in told.mentions)
    # a clock "about 90 minutes later" inside a sentence keeps its own time: no day phrase
    refs = find_time_refs("Trading resumed about 90 minutes later.", dt.date(2018, 11, 20))
    assert refs == []


def test_a_tellers_words_about_someone_are_still_the_tellers_news():
    # the teller of "Ms Okafor said she would ask the board to remove Mr Lindqvist at a
    # meeting on Thursday" is Okafor: Lindqvist's news dated in the sentence before does not
    # stand for her telling, so the telling is an announcement of its own (the story's day,
    # Tuesday 2018-11-20) and the meeting keeps Thursday 2018-11-22
    text = ("date 2018-11-20 Test Wire\n\n"
            "Shares in the lender fell on Tuesday.\n"
            "Regulators questioned Mr Lindqvist on Monday.\n"
            "Ms Okafor said she would ask the board to remove Mr Lindqvist at a meeting on "
            "Thursday.\n")
    d = draft_study(text)
    whens = sorted(str(e.when) for e in d.events if "Okafor" in e.sentence.text)
    assert whens == ["2018-11-20", "2018-11-22"]


def test_a_reversals_early_extreme_is_the_sessions_path():
    # one claim, down: the day's move is the later one the other way
    text = ("date 2018-07-02 Test Wire\n\n"
            "Ford shares rose as much as 5% in early trading, then slid through the session "
            "to close 1.5% lower on Monday after the company cut its forecast.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "ford")] == ["down"]
    # without a reversal, an extreme told alone stays the move
    d = draft_study(text.replace(", then slid through the session to close 1.5% lower", ""))
    assert [c.direction for c in moved_claims(d, "ford")] == ["up"]


def test_the_gains_named_back_are_no_second_claim_and_leading_a_market_moves_it():
    # "led U.S. stocks higher" is a causative: U.S. stocks rose (the lead's claim); "The
    # gains" names that rise back: no second claim
    text = ("date 2018-06-22 Test Wire\n\n"
            "Energy shares led U.S. stocks higher on Friday after oil producers agreed to pump "
            "more. The gains snapped a six-day losing run for the Dow Jones Industrial "
            "Average.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "us_stocks")
    assert (c.direction, c.move) == ("up", "higher")
    # "led by" names the leaders of a move, not a causative
    d = draft_study("date 2018-06-22 Test Wire\n\nU.S. stocks rose on Friday, led by energy "
                    "shares, after oil producers agreed to pump more.\n")
    (c,) = moved_claims(d, "us_stocks")
    assert c.move == "rose"


def test_a_market_that_had_set_a_record_is_its_own_path():
    # "which had set a record on Wednesday" in a New York story: the Nasdaq's own level,
    # no event on Wednesday
    text = ("NEW YORK, June 22, 2018 (Test Wire) - U.S. stocks rose on Friday after oil "
            "producers agreed to pump more.\n"
            "The Nasdaq composite, which had set a record on Wednesday, fell 0.3 percent.\n")
    d = draft_study(text)
    assert all(e.when != dt.date(2018, 6, 20) for e in d.events)


def test_what_is_not_a_markets_move_draws_no_claim():
    from eventstudy.draft.moves import moves

    # a business quantity moved, or a participle naming one
    assert moves("Ford is working to lift production of its pickups.") == ()
    assert not any(w == "rising" for _, _, w, _ in
                   moves("Profit grew, helped by lower taxes and rising borrowing costs."))
    # a figure's change on the year
    assert not any(w == "up" for _, _, w, _ in
                   moves("Shops sold 2.4 billion euros of goods, up 6.5 percent year on year."))
    # a state over the year
    assert not any(w == "down" for _, _, w, _ in
                   moves("Even after the rebound, the shares are down about 9 percent this "
                         "year."))
    # the day's moves stay moves
    assert [w for _, _, w, _ in moves("The shares rose 3 percent on Tuesday.")] == ["rose"]
    assert [w for _, _, w, _ in moves("Sales fell, and the shares were down 4% at the "
                                      "close.")] == ["fell", "down"]
    text = ("date 2018-04-26 Test Wire\n\n"
            "Ford shares rose 2 percent on Thursday after the company cut its car lineup.\n"
            "Even after Thursday's gain, Ford shares are down about 9 percent this year.\n")
    d = draft_study(text)
    assert [c.direction for c in moved_claims(d, "ford")] == ["up"]


def test_a_move_told_again_with_its_figures_is_one_claim():
    # the lead tells the move and its cause; the next sentence tells the same move's figures
    # with no cause or day of its own: one claim, the lead's
    text = ("date 2018-08-17 Test Wire\n\n"
            "Deere shares had their worst day of the year after the company cut its sales "
            "forecast.\n"
            "The stock fell 10 percent to $310, leaving it below where it traded before the "
            "July 3 product launch.\n")
    d = draft_study(text)
    (c,) = moved_claims(d, "deere")
    assert c.sentence.index == 0
    # a move told again with a cause of its own is a claim of its own
    d = draft_study(text.replace(", leaving it below where it traded before the July 3 "
                                 "product launch", " after a rival warned on prices"))
    assert len(moved_claims(d, "deere")) == 2


def test_the_leaders_of_a_foreign_markets_move_are_that_markets_companies():
    # "Asian shares slid, led by banks": Asia's lenders, not the mapping's US banks (XLF, JPM,
    # GS); the market's own move stays a claim
    from eventstudy.draft import load_mapping

    m = load_mapping(None)
    s = "Japanese shares slid on Monday, led by banks, after the yen jumped."
    keys = [f.subject.key for f in m.find(s)]
    assert "banks" not in keys and "japanese_stocks" in keys
    # led by banks in a US market's move: the mapping's banks
    s = "U.S. stocks slid on Monday, led by banks, after the yen jumped."
    assert "banks" in [f.subject.key for f in m.find(s)]


def test_a_companys_result_or_payout_moved_is_no_market_move():
    from eventstudy.draft.moves import moves

    # a payout or a result moved: "lift its quarterly dividend", "a 30 percent drop in
    # third-quarter earnings"; a perfect over the year: "had fallen about 12% this year"
    for s in ("The bank said it would lift its quarterly dividend to 90 cents.",
              "The shares slid a day after it reported a 30 percent drop in third-quarter "
              "earnings.",
              "Morgan Stanley shares had fallen about 12% this year before the results."):
        words = [w for _, _, w, _ in moves(s)]
        assert not {"lift", "drop", "fallen"} & set(words), (s, words)
    # the shares' own move in that sentence stays
    assert "slid" in [w for _, _, w, _ in moves("The shares slid a day after it reported a 30 "
                                                "percent drop in third-quarter earnings.")]
