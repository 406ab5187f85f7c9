"""draft: general rules added after round 15 of the corpus (docs/draft.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from eventstudy.draft import find_time_refs


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
