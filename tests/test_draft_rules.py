"""draft: general rules added after round 5 of the corpus (docs/draft.md, rule table).

Each test drafts a short article written for the test (our own text) and checks
the answer worked out by hand from the rule.
"""

from __future__ import annotations

import datetime as dt

from eventstudy.draft import draft_study


def _claim(d, subject, sentence=None):
    return next(c for c in d.claims if c.subject.subject.key == subject
                and (sentence is None or c.sentence.index == sentence))


def _event_with(d, words):
    return next(e for e in d.events if any(words in s.clean for s, _ in e.mentions))


def test_a_modal_elsewhere_in_the_sentence_makes_no_forecast_move():
    # "would" belongs to the reported tariffs, not to the move: the move of Thursday
    # 2018-05-31 cannot point at the tariffs starting on July 1 (by hand: only the
    # announcement of Thursday has reached the market)
    text = ("date 2018-05-31 Test Wire\n\n"
            "Ottawa announced tariffs on Thursday.\n"
            "US stocks fell after Canada said it would impose tariffs starting July 1.\n")
    d = draft_study(text)
    assert _claim(d, "us_stocks").event.ref.first == dt.date(2018, 5, 31)
    # a forecast move ("could fall") may still point at the future event
    text2 = ("date 2018-05-31 Test Wire\n\n"
             "Ottawa announced tariffs on Thursday.\n\n"
             "Canada's tariffs start on July 1.\n\n"
             "US stocks could fall when Canada's tariffs start.\n")
    d2 = draft_study(text2)
    assert _claim(d2, "us_stocks").event.ref.first == dt.date(2018, 7, 1)


def test_an_earlier_happening_told_after_the_cause_ends_the_cause():
    # by hand: the cause is "the carmaker said its finance chief had resigned" (undated:
    # the move's day, Friday 2018-09-07); "less than a day after ... on Thursday night"
    # is its background, an event of its own on Thursday 2018-09-06
    text = ("date 2018-09-07 Test Wire\n\n"
            "Tesla shares tumbled 6 percent on Friday after the carmaker said its finance "
            "chief had resigned, less than a day after its founder smoked marijuana during a "
            "web show on Thursday night.\n")
    d = draft_study(text)
    resign = next(e for e in d.events if "had resigned" in e.ref.text)
    show = next(e for e in d.events if e.ref.text.endswith("Thursday"))
    assert resign.ref.first == dt.date(2018, 9, 7) and resign.implied
    assert show.ref.first == dt.date(2018, 9, 6) and show is not resign
    assert _claim(d, "tesla").event is resign
