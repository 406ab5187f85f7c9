"""draft: general rules added after round 26 of the corpus (docs/draft.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-25 rules.
"""

from __future__ import annotations

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_members_moving_the_same_way_before_the_waiters_clause_keep_the_wait():
    # "The fund fell 0.4 percent, with JPMorgan down 0.6 percent and Goldman down 0.5
    # percent, as traders trimmed positions ahead of ...": the members listed the same way
    # between the move and its waiters' clause are the move's own detail, so the wait is
    # the move's first reason; a member moving the other way is another thing told
    from eventstudy.draft.anticipation import told_ahead
    from eventstudy.draft.moves import moves

    text = ("The Financial Select Sector SPDR Fund fell 0.4 percent, with Citigroup down 0.6 "
            "percent and Wells Fargo down 0.5 percent, as traders trimmed positions ahead of "
            "the Federal Reserve's stress test results on Thursday.")
    assert all(told_ahead(text, m[0]) is not None for m in moves(text))
    text = ("Apple rose 2 percent to a record close, its fifth straight gain, as investors "
            "positioned for the company's quarterly results, due after the bell on Thursday.")
    assert told_ahead(text, text.index("rose")) is not None
    text = ("The Financial Select Sector SPDR Fund fell 0.4 percent, with Citigroup up 0.6 "
            "percent, as traders trimmed positions ahead of the Federal Reserve's stress test "
            "results on Thursday.")
    assert told_ahead(text, text.index("fell")) is None
