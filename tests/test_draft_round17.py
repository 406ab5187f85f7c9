"""draft: general rules added after round 16 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from draft_support import moved_claims

from eventstudy.draft import draft_study, find_time_refs
from eventstudy.draft.moves import moves
from eventstudy.draft.times import find_times
from eventstudy.draft.words import cause_span


def test_local_time_takes_the_zone_of_the_place_its_sentence_names():
    # "3 p.m. local time" at a hearing "in Austin, Texas" is Central time, whatever the
    # newsroom's zone; the market phrase after it tells the same instant, no second time
    (t,), _ = find_times("The hearing in Austin, Texas, opened at 3 p.m. local time, after the "
                         "stock market had closed.", zone="America/New_York")
    assert (t.time, t.timezone) == (dt.time(15, 0), "America/Chicago")
    assert not t.review
    (t,), _ = find_times("The launch event in Seoul began at 10 a.m. local time.",
                         zone="America/New_York")
    assert t.timezone == "Asia/Seoul"
    # no place named: the zone in force, marked as before
    (t,), _ = find_times("The event began at 10 a.m. local time.", zone="America/New_York")
    assert t.timezone == "America/New_York" and t.review


def test_a_clock_told_minutes_later_than_the_sentence_before():
    # the statement at 13:30 London time, the governor's remarks "an hour later": 14:30 in
    # London, from the clock of the sentence before
    text = ("date 2019-06-13 Test Wire\n\n"
            "The central bank published its statement at 1.30pm London time on Thursday.\n"
            "Speaking to reporters half an hour later, the governor said rates would stay low.\n")
    d = draft_study(text)
    (e,) = [e for e in d.events if "governor" in e.sentence.text]
    assert e.time is not None and e.time.time == dt.time(14, 0)
    assert e.time.timezone == "Europe/London"
    # a second clock in a sentence with a clock of its own tells the story's path: none
    times, _ = find_times("Trading was halted at 2:10 p.m. and resumed 45 minutes later.",
                          zone="America/New_York", last_clock=(dt.time(9, 0), "UTC"))
    assert [t.time for t in times] == [dt.time(14, 10)]


def test_a_home_city_doer_after_a_market_phrase_names_its_market():
    # "After the market closed, the Bank of Japan said ...": Tokyo's close (15:00 Tokyo),
    # not the New York close of a newsroom without a market of its own
    (t,), _ = find_times("After the market closed on Friday, the Bank of Japan said it would "
                         "buy more bonds.", zone="America/New_York", market="New York")
    assert (t.time, t.timezone) == (dt.time(15, 0), "Asia/Tokyo")
    assert not t.review
    # no doer named: the default market, marked
    (t,), _ = find_times("After the market closed on Friday, the company said it would buy "
                         "more bonds.", zone="America/New_York", market="New York")
    assert t.timezone == "America/New_York" and t.review


def test_the_new_year_holiday_a_market_returned_from_is_a_day():
    # "returned from the New Year holiday" (Tuesday 2019-01-02): the day off, Jan. 1
    (r,) = find_time_refs("Investors returned from the New Year holiday and bought banks.",
                          dt.date(2019, 1, 2))
    assert r.first == dt.date(2019, 1, 1) and r.kind == "holiday"
    # a closure told ahead ("closed ... for the New Year holiday") or the Lunar New Year
    # names no day here; a bare "the new year" is the year
    assert not [r for r in find_time_refs("Tokyo is closed for the New Year holiday.",
                                          dt.date(2019, 1, 2)) if r.kind == "holiday"]
    assert not [r for r in find_time_refs("Trading resumed after the Lunar New Year holiday.",
                                          dt.date(2019, 2, 11)) if r.kind == "holiday"]
    assert not find_time_refs("Investors are cautious going into the new year.",
                              dt.date(2019, 1, 2))




def test_a_companys_uncaused_move_goes_with_its_own_news_told_above():
    # Caterpillar's forecast (sentence 1) is the news of its shares' rise told two
    # sentences on with no cause -- not the later paragraph's Microsoft outlook that shares
    # "morning" with it; and the company's news is not carried on to the Dow falling the
    # other way ("as the broader market slid"): the Dow takes the day's other news
    text = ("date 2019-04-17 Test Wire\n\n"
            "Caterpillar raised its profit forecast on Wednesday after quarterly sales beat "
            "estimates.\n"
            "The company cited strong demand for mining equipment in China.\n"
            "Caterpillar shares opened higher and climbed 3% in the morning before paring "
            "gains as the broader market slid.\n"
            "The Dow Jones Industrial Average fell 1.2 percent.\n"
            "Technology shares led the decline after Microsoft cut its cloud sales outlook on "
            "Wednesday morning.\n")
    d = draft_study(text)
    (cat,) = moved_claims(d, "caterpillar")
    assert cat.event is not None and "profit forecast" in cat.event.sentence.text
    assert not cat.review
    (dow,) = moved_claims(d, "us_stocks")
    assert dow.event is not None and "Microsoft" in dow.event.sentence.text
    # a cause named in the move's own sentence still wins over the company's news above
    text = ("date 2019-04-17 Test Wire\n\n"
            "Caterpillar raised its profit forecast on Wednesday.\n"
            "Caterpillar shares fell 2% after Beijing announced new tariffs on Wednesday "
            "morning.\n")
    d = draft_study(text)
    (cat,) = moved_claims(d, "caterpillar")
    assert cat.event is not None and "tariffs" in cat.event.sentence.text


def test_an_early_path_told_after_from_is_no_move_and_no_cause():
    # "recovered from an early dip": one move (up), the dip is the session's path
    text = "Nvidia recovered from an early dip after the chipmaker raised its outlook."
    assert [m[2] for m in moves(text)] == ["recovered"]
    # the news after it is still read with the cause (the dip's news is the day's news)
    span = cause_span(text, text.index("recovered") + len("recovered"))
    assert span is not None and "chipmaker raised" in text[span[0]:span[1]]
    # "recovering from early losses." with no cause after it names no cause: no event
    text = "The Nikkei rose 1.2 percent to 21,400.10, recovering from early losses."
    assert cause_span(text, text.index("rose") + 4) is None
    # a day's move told after "from" still leads on to the next cue as before
    text = "Stocks rose, recovering from Monday's sell-off, after the Fed held rates."
    span = cause_span(text, text.index("rose") + 4)
    assert span is not None and text[span[0]:].strip().startswith("the Fed")


def test_a_weekday_listed_after_a_day_read_ahead_is_ahead_too():
    # Tuesday 2019-06-11: "would hold a vote on Wednesday ... and, if it failed, a vote
    # on Friday": the Friday after that Wednesday (06-14), not the Friday before (06-07)
    refs = find_time_refs("The speaker said members would hold a vote on Wednesday on the "
                          "bill and, if it failed, a vote on Friday on a stopgap.",
                          dt.date(2019, 6, 11))
    assert [r.first for r in refs] == [dt.date(2019, 6, 12), dt.date(2019, 6, 14)]
    assert refs[1].future and refs[1].review
    # a day told as past between them keeps its reading
    refs = find_time_refs("Talks will resume on Wednesday, and the last round ended on "
                          "Friday.", dt.date(2019, 6, 11))
    assert refs[1].first == dt.date(2019, 6, 7)


def test_a_closure_told_by_its_reopening_is_the_weekday_before_it():
    # a Monday story (2019-02-18): "were closed for the holiday and reopen on Tuesday" --
    # the reopening is ahead (02-19), the happening told is the closure, Monday 02-18
    (r,) = find_time_refs("Markets in New York were closed for the holiday and reopen on "
                          "Tuesday.", dt.date(2019, 2, 18))
    assert r.first == r.last == dt.date(2019, 2, 18) and r.review
    # a Friday reopening after a Thursday story's closure: Thursday itself (the day before)
    (r,) = find_time_refs("The exchange is shut for the funeral and will reopen on Friday.",
                          dt.date(2019, 3, 7))
    assert r.first == dt.date(2019, 3, 7)
    # reopening on Monday: the closure is the Friday before (no weekend day)
    (r,) = find_time_refs("Trading was halted and the bourse closed, and will reopen on "
                          "Monday.", dt.date(2019, 3, 8))
    assert r.first == dt.date(2019, 3, 8)


def test_names_joined_by_and_with_of_inside_are_a_plural_subject():
    # "Wells Fargo and Bank of New York Mellon report Friday": a schedule (present tense
    # of a plural subject), read ahead -- "of" inside a name does not end the subject
    (r,) = find_time_refs("Wells Fargo and Bank of New York Mellon report Friday.",
                          dt.date(2019, 4, 9))
    assert r.first == dt.date(2019, 4, 12) and r.future
    # a lower-case "of" that is no part of a name still ends it
    (r,) = find_time_refs("Shares of Wells Fargo and Citigroup rose Friday.",
                          dt.date(2019, 4, 9))
    assert r.first == dt.date(2019, 4, 5)


def test_a_company_in_capitals_the_mapping_does_not_know_owns_its_move():
    # "and AT&T fell after ...": AT&T's move, not a second move of the technology shares
    # that led the decline (one claim, not two)
    text = ("date 2019-04-17 Test Wire\n\n"
            "Technology shares led the decline after Microsoft cut its outlook on Tuesday, "
            "and AT&T fell after reporting subscriber losses on Wednesday.\n")
    d = draft_study(text)
    assert len(moved_claims(d, "tech_stocks")) == 1
    text = text.replace("AT&T", "AMD")
    assert len(moved_claims(draft_study(text), "tech_stocks")) == 1


def test_the_same_teller_also_saying_is_the_occasion_told_before():
    # "Speaking at a news conference at 2 p.m. ..., Kuroda said ..." then "Mr Kuroda also
    # warned against the tariffs planned by Washington": the governor's news conference,
    # not the tariff signing told later that shares "tariffs"
    text = ("date 2019-04-17 Test Wire\n\n"
            "The Bank of Japan kept its policy unchanged at noon Tokyo time on Wednesday.\n"
            "Speaking at his news conference three hours later, Haruhiko Kuroda said the "
            "economy was recovering.\n"
            "Mr Kuroda also warned against the car tariffs planned by Washington.\n"
            "The White House is due to sign the car tariffs at 4 p.m. in Washington on "
            "Wednesday.\n")
    d = draft_study(text)
    (conf,) = [e for e in d.events if "news conference" in e.sentence.text]
    assert any("also warned" in s.text for s, _ in conf.mentions)
    (sign,) = [e for e in d.events if "due to sign" in e.sentence.text]
    assert not any("also warned" in s.text for s, _ in sign.mentions)


def test_a_gmt_offset_in_a_header_is_an_offset_not_gmt():
    # Bloomberg Asia prints "10:12 AM GMT+8": 02:12 UTC, not 10:12 UTC (round 16's
    # dateline; before, "GMT" alone was read and the offset dropped)
    text = ("China stocks edge up\n\nBy A Writer\n"
            "January 21, 2019, 10:12 AM GMT+8 Updated on January 21, 2019, 4:41 PM GMT+8\n\n"
            "(Bloomberg) -- Chinese stocks rose on Monday after the data.\n")
    d = draft_study(text)
    stamp = dt.datetime.combine(d.dateline.date, d.dateline.time,
                                zoneinfo.ZoneInfo(d.dateline.timezone))
    assert stamp.astimezone(dt.UTC) == dt.datetime(2019, 1, 21, 2, 12,
                                                            tzinfo=dt.UTC)
    # the other spellings of an offset: hours alone, with minutes, ISO
    for clock, hours in (("9:00 GMT-5", -5), ("14:00 UTC+08:00", 8), ("14:00 +0900", 9)):
        (t,), _ = find_times(f"The statement came at {clock}.", zone="America/New_York")
        assert t.timezone == f"Etc/GMT{-hours:+d}", clock
