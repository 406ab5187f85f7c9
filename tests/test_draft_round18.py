"""draft: general rules added after round 17 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from eventstudy.draft import draft_study, find_time_refs
from eventstudy.draft.times import find_times


def test_a_statistics_office_release_clock_is_read_in_its_home_zone():
    # "released at 8:30 a.m." by the Labor Department is 8:30 in Washington, even in copy
    # whose zone in force is London's; the ONS's 9:30 is London's in a New York story
    (t,), _ = find_times("Yields rose after the Labor Department's payrolls report, released at "
                         "8:30 a.m., beat forecasts.", zone="Europe/London")
    assert (t.time, t.timezone) == (dt.time(8, 30), "America/New_York")
    (t,), _ = find_times("Sterling slipped after the Office for National Statistics said at "
                         "9:30 a.m. that inflation eased.", zone="America/New_York")
    assert (t.time, t.timezone) == (dt.time(9, 30), "Europe/London")
    # no statistics office named: the zone in force, as before
    (t,), _ = find_times("The report, released at 8:30 a.m., beat forecasts.",
                         zone="Europe/London")
    assert t.timezone == "Europe/London"


def test_results_told_late_in_a_day_are_timed_at_the_close():
    # companies report before the open or after the close: results told "late Tuesday" or
    # on "Tuesday evening" came after the close of the company's market
    (t,), _ = find_times("Apple fell after reporting late Tuesday that iPhone sales slowed.",
                         zone="America/New_York", subject_market="New York")
    assert (t.time, t.timezone) == (dt.time(16, 0), "America/New_York")
    (t,), _ = find_times("Apple rose after posting its biggest quarterly profit on Tuesday "
                         "evening.", zone="America/New_York", subject_market="New York")
    assert (t.time, t.timezone) == (dt.time(16, 0), "America/New_York")
    # no results near the phrase, or no market for the subject: no time
    assert find_times("Late Tuesday, the two leaders agreed to more talks.",
                      zone="America/New_York", subject_market="New York")[0] == []
    assert find_times("The carmaker said late Tuesday that quarterly profit would fall.",
                      zone="America/New_York")[0] == []


def test_a_cause_the_text_neither_dates_nor_names_is_flagged():
    # "as strong results from industrial companies lifted ...": the cause is told by common
    # nouns only and the sentence gives no day (the story's day is taken), so the draft's
    # event is a guess; the claim is marked
    text = ("date 2019-03-14 Test Wire\n\n"
            "The Dow rose 1 percent as strong results from industrial companies lifted "
            "cyclical shares.\n")
    (c,) = [c for c in draft_study(text).claims
           if c.move and c.subject.subject.key == "us_stocks"]
    assert c.event is not None and c.event.implied
    assert any("neither dates nor names" in q for q in c.review)
    # a cause the text dates is no guess: not marked by this rule
    text = ("date 2019-03-14 Test Wire\n\n"
            "Industrial companies reported strong results on Thursday.\n"
            "The Dow rose 1 percent on Thursday after the strong results from industrial "
            "companies.\n")
    (c,) = [c for c in draft_study(text).claims
           if c.move and c.subject.subject.key == "us_stocks"]
    assert c.event is not None and not c.event.implied
    assert not any("neither dates nor names" in q for q in c.review)


def test_the_weekend_named_before_a_happening_is_its_day():
    # "the first trading day after the weekend settlement" (Friday 2019-03-15): the
    # settlement is one happening of the weekend before -- its Saturday, marked -- not the
    # Monday told beside it; "the weekend" alone is still no date
    refs = find_time_refs("Shares surged on Monday, the first trading day after the weekend "
                          "settlement with regulators.", dt.date(2019, 3, 15))
    (r,) = [r for r in refs if "weekend" in r.text]
    assert r.first == r.last == dt.date(2019, 3, 9) and r.review
    refs = find_time_refs("Shares surged on Monday, the first trading day after the weekend.",
                          dt.date(2019, 3, 15))
    assert not [r for r in refs if "weekend" in r.text]
