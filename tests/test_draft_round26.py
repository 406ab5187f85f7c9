"""draft: general rules added after round 25 of the corpus (docs/draft-rules.md, rule table).

Each test reads a short text written for the test (our own words, not the corpus)
and checks an answer worked out by hand from the rule. Each fails on the
post-round-24 rules.
"""

from __future__ import annotations

import datetime as dt

from draft_support import moved_claims

from eventstudy.draft import draft_study


def _claims(text: str, key: str) -> list:
    """The drafted claims (with a move) of one subject."""
    return moved_claims(draft_study(text), key)


def test_a_wait_told_of_a_mover_beating_the_market_carries_to_the_moves_after_it():
    # "Bank stocks outperformed the broader market as investors positioned for the Fed's
    # decision, due on Thursday": no move of its own, but its wait carries to the stocks
    # told right after with no cause of their own, the market's way, [-1, -1]
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday, with the S&P 500 up 0.5 percent.\n\n"
            "Bank stocks outperformed the broader market as investors positioned for the "
            "Federal Reserve's rate decision, due at 2 p.m. on Thursday.\n\n"
            "Goldman Sachs climbed 2 percent.\n\n"
            "Voters in Ohio went to the polls on Monday in a special election.\n")
    (goldman,) = _claims(text, "goldman")
    assert goldman.window == (-1, -1)
    assert goldman.event is not None and goldman.event.ref.first == dt.date(2019, 6, 6)


def test_a_wait_with_its_own_after_the_close_time_is_its_own_happening():
    # "ahead of Netflix's quarterly figures after the closing bell": the happening is told
    # with its own time and no drafted event shares its words; it is drafted from the wait
    # (the day's close, [-1, -1]), not the only other happening still ahead (a speech)
    text = ("date 2019-06-05 Test Wire\n\n"
            "U.S. stocks rose on Wednesday as investors bought media shares ahead of "
            "Netflix's quarterly figures after the closing bell.\n\n"
            "The governor will give a speech on Friday at noon.\n")
    (us,) = _claims(text, "us_stocks")
    assert us.window == (-1, -1)
    assert us.event is not None and us.event.ref.first == dt.date(2019, 6, 5)
    assert "netflix" in us.event.id
