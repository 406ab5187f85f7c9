"""draft: general rules added after round 24 of the corpus (docs/draft.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-23 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_clock_in_a_named_city_or_countrys_time_is_that_zone():
    # "at 11am in Istanbul" and "at 10.15am Korean time": the clock is the named place's,
    # not the newsroom's (Frankfurt) nor the market's
    text = ("date 2019-06-05 FRANKFURT, June 5 (Test Wire) -\n\n"
            "The lender's board met at 11am in Istanbul on Wednesday to set the rate.\n")
    (ev,) = draft_study(text).events
    assert ev.time is not None
    assert (ev.time.time, ev.time.timezone) == (dt.time(11, 0), "Europe/Istanbul")
    text = ("date 2019-06-05 HONG KONG, June 5 (Test Wire) -\n\n"
            "The two presidents shook hands at 10.15am Korean time on Wednesday.\n")
    (ev,) = draft_study(text).events
    assert ev.time is not None
    assert (ev.time.time, ev.time.timezone) == (dt.time(10, 15), "Asia/Seoul")
