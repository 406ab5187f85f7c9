"""draft: general rules added after round 20 of the corpus (docs/draft.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-19 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims  # noqa: F401

from eventstudy.draft import draft_study
from eventstudy.draft.clauses import split_clauses


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_expecting_someone_to_act_on_a_day_reads_forward():
    # "Analysts expect the Bank of England to raise rates on Thursday" on a Tuesday: the
    # bank's act is still ahead (the expecting is a state; what is expected, the news)
    text = ("date 2018-07-31 Test Wire\n\n"
            "Analysts expect the Bank of England to raise its main rate on Thursday.\n")
    (clause,) = split_clauses("Analysts expect the Bank of England to raise its main rate "
                              "on Thursday.")
    assert clause.tense == "future"
    days = {e.ref.first for e in draft_study(text).events}
    assert days == {dt.date(2018, 8, 2)}
