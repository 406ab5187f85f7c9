"""Date resolution of eventstudy.draft: phrases x datelines -> expected days.

Every expected date below was worked out by hand from a wall calendar
(2018-12-31 is a Monday, 2018-12-01 a Saturday, 2019-03-01 a Friday,
2020-02-29 a Saturday); none was captured from the code's output.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventstudy.draft import find_time_refs, resolve_phrase

D = dt.date


# (dateline, phrase, first, last, must be marked for review)
CASES = [
    # weekday names: most recent on or before the dateline
    (D(2018, 12, 31), "they agreed on Saturday", D(2018, 12, 29), None, False),
    (D(2018, 12, 31), "on Tuesday", D(2018, 12, 25), None, False),
    (D(2018, 12, 31), "Thursday's meeting", D(2018, 12, 27), None, False),
    # the dateline's own weekday is the dateline itself unless "last"
    (D(2018, 12, 31), "the vote on Monday", D(2018, 12, 31), None, False),
    (D(2018, 12, 31), "last Monday", D(2018, 12, 24), None, False),
    (D(2018, 12, 28), "last Friday", D(2018, 12, 21), None, False),
    (D(2018, 12, 28), "last Tuesday", D(2018, 12, 25), None, True),  # same week: ambiguous
    (D(2019, 1, 3), "last Thursday", D(2018, 12, 27), None, False),
    # next / coming / this
    (D(2018, 12, 31), "next Monday", D(2019, 1, 7), None, False),
    (D(2018, 12, 31), "coming Friday", D(2019, 1, 4), None, False),
    (D(2018, 12, 31), "next Friday", D(2019, 1, 4), None, True),  # may mean Jan. 11
    (D(2018, 12, 19), "this Friday", D(2018, 12, 21), None, False),
    # reported speech: still relative to the dateline
    (D(2018, 12, 31), "the official said on Thursday", D(2018, 12, 27), None, False),
    (D(2019, 1, 3), "the ministry said on Thursday", D(2019, 1, 3), None, False),
    (D(2019, 3, 1), "Mnuchin told reporters on Thursday", D(2019, 2, 28), None, False),
    # a bare weekday in a future-tense clause is read forward and marked
    (D(2018, 12, 31), "talks will resume on Wednesday", D(2019, 1, 2), None, True),
    # explicit dates, with and without year, across the year boundary
    (D(2018, 12, 31), "Jan. 7", D(2019, 1, 7), None, False),
    (D(2019, 1, 3), "Dec. 1", D(2018, 12, 1), None, False),
    (D(2018, 12, 31), "December 1, 2018", D(2018, 12, 1), None, False),
    (D(2018, 12, 31), "1 December", D(2018, 12, 1), None, False),
    (D(2018, 12, 31), "on 2018-12-27", D(2018, 12, 27), None, False),
    (D(2018, 12, 31), "Sept. 5", D(2018, 9, 5), None, False),  # 117 days back
    (D(2018, 12, 31), "June 30", D(2019, 6, 30), None, True),  # 181 ahead vs 184 back
    (D(2020, 3, 10), "Feb. 29", D(2020, 2, 29), None, False),  # leap day
    (D(2018, 12, 31), "Saturday, Dec. 1", D(2018, 12, 1), None, False),
    (D(2018, 12, 31), "Friday, Dec. 1", D(2018, 12, 1), None, True),  # weekday disagrees
    # relative words, month and year boundaries
    (D(2018, 12, 31), "yesterday", D(2018, 12, 30), None, False),
    (D(2018, 12, 31), "tomorrow", D(2019, 1, 1), None, False),
    (D(2019, 1, 1), "yesterday", D(2018, 12, 31), None, False),
    (D(2018, 11, 30), "tomorrow", D(2018, 12, 1), None, False),
    (D(2018, 12, 1), "yesterday", D(2018, 11, 30), None, False),
    (D(2019, 3, 1), "yesterday", D(2019, 2, 28), None, False),
    (D(2018, 12, 31), "today", D(2018, 12, 31), None, False),
    # weeks -> Monday..Friday ranges
    (D(2018, 12, 31), "this week", D(2018, 12, 31), D(2019, 1, 4), False),
    (D(2018, 12, 29), "this week", D(2018, 12, 24), D(2018, 12, 28), False),  # a Saturday
    (D(2018, 12, 31), "last week", D(2018, 12, 24), D(2018, 12, 28), False),
    (D(2018, 12, 31), "next week", D(2019, 1, 7), D(2019, 1, 11), False),
    (D(2018, 12, 31), "in the week of Jan. 7", D(2019, 1, 7), D(2019, 1, 11), False),
    (D(2018, 12, 27), "the week of Jan. 9", D(2019, 1, 7), D(2019, 1, 11), False),
    (D(2018, 12, 19), "earlier this week", D(2018, 12, 17), D(2018, 12, 18), False),
    (D(2018, 12, 19), "later this week", D(2018, 12, 20), D(2018, 12, 21), False),
    # weekends and months
    (D(2018, 12, 31), "over the weekend", D(2018, 12, 29), D(2018, 12, 30), False),
    (D(2018, 12, 30), "this weekend", D(2018, 12, 29), D(2018, 12, 30), False),
    (D(2018, 12, 31), "last month", D(2018, 11, 1), D(2018, 11, 30), False),
    (D(2018, 12, 31), "next month", D(2019, 1, 1), D(2019, 1, 31), False),
]


@pytest.mark.parametrize(
    ("dateline", "phrase", "first", "last", "marked"),
    CASES,
    ids=[f"{c[0]}:{c[1]}" for c in CASES],
)
def test_phrase_resolves(dateline, phrase, first, last, marked):
    ref = resolve_phrase(phrase, dateline)
    assert ref.first == first
    assert ref.last == (last or first)
    assert bool(ref.review) is marked, ref.review
    assert phrase[ref.start : ref.end] == ref.text


def test_enough_cases():
    assert len(CASES) >= 30


def test_range_when_is_from_to_mapping():
    ref = resolve_phrase("the week of Jan. 7", D(2018, 12, 31))
    assert ref.when == {"from": D(2019, 1, 7), "to": D(2019, 1, 11)}
    assert resolve_phrase("on Saturday", D(2018, 12, 31)).when == D(2018, 12, 29)


def test_composite_phrase_wins_over_its_date():
    refs = find_time_refs("talks in the week of Jan. 7", D(2018, 12, 31))
    assert [r.kind for r in refs] == ["week_of"]


def test_speech_weekday_and_future_range_in_one_sentence():
    text = "A spokesman said on Friday that the vote will be held on Tuesday."
    said, vote = find_time_refs(text, D(2018, 12, 31))
    assert said.speech and said.first == D(2018, 12, 28) and not said.review
    assert vote.future and vote.first == D(2019, 1, 1) and vote.review


def test_offsets_point_into_the_text():
    text = "Officials said on Thursday that talks are set for the week of Jan. 7, not Dec. 1."
    refs = find_time_refs(text, D(2018, 12, 31), sentence_index=4, offset=100)
    padded = " " * 100 + text
    assert [padded[r.start : r.end] for r in refs] == [
        "on Thursday",
        "the week of Jan. 7",
        "Dec. 1",
    ]
    assert {r.sentence for r in refs} == {4}


def test_no_reference_is_an_error_for_resolve_phrase():
    with pytest.raises(ValueError, match="expected one time reference"):
        resolve_phrase("stocks rose", D(2018, 12, 31))
