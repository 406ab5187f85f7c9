"""draft: the clause-and-tense reader (eventstudy/draft/clauses.py).

Each expectation was worked out by hand from English grammar (which words open a
clause, which verb group is finite, what tense it is), not captured from output.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventstudy.draft.clauses import governing_tense, split_clauses, verb_group
from eventstudy.draft.dates import find_time_refs


def _read(sentence):
    return [(c.kind, c.marker, c.tense, sentence[c.start:c.end].strip(" ,."))
            for c in split_clauses(sentence)]


@pytest.mark.parametrize(("text", "verb", "tense"), [
    ("officials will meet next week", "will meet", "future"),
    ("he would meet Xi on Saturday", "would meet", "conditional"),
    ("Tokyo's markets had been closed from Monday", "had been closed", "past_perfect"),
    ("the stock has gained 22 percent this year", "has gained", "present_perfect"),
    ("the Bank of Japan concludes a two-day meeting", "concludes", "present"),
    ("U.S. markets are closed on Thursday", "are closed", "present"),
    ("the Fed is expected to raise rates", "is expected to raise", "future"),
    ("Investors next face the midterm elections", "face", "present"),
    ("Apple and Goldman Sachs dragged U.S. stocks lower", "dragged", "past"),
    ("the report on Monday", "", "none"),  # a noun after a determiner is no verb
    ("sending Wall Street lower", "", "none"),  # a participle alone is not finite
    ("Oil prices rose on Monday", "rose", "past"),  # "prices" before a verb is a noun
    ("Trade talks will resume next week", "will resume", "future"),
    ("OPEC gathers in Vienna on Friday", "gathers", "present"),
    # a participle before "by" modifies a noun: the finite verb is "held"
    ("a delegation led by Steven Mnuchin held trade talks", "held", "past"),
])
def test_the_verb_group_and_its_tense(text, verb, tense):
    got = verb_group(text)
    assert (got[0], got[2]) == (verb, tense)


def test_reported_speech_is_its_own_clause_with_its_own_tense():
    s = "China said on Thursday that officials will meet next week."
    assert _read(s) == [("main", "", "past", "China said on Thursday"),
                        ("reported", "that", "future", "officials will meet next week")]
    s2 = "Trump said he would meet Xi at the G20 dinner on Saturday."
    assert [c[2] for c in _read(s2)] == ["past", "conditional"]


def test_a_coordinator_joins_clauses_only_when_both_sides_have_a_verb():
    s = ("U.S. markets are closed on Thursday for the Thanksgiving holiday and will close "
         "early on Friday.")
    assert [(k, m, t) for k, m, t, _ in _read(s)] == [("main", "", "present"),
                                                      ("coordinate", "and", "future")]
    # "Apple and Goldman Sachs": the left side has no verb, so one clause
    assert len(split_clauses("Apple and Goldman Sachs dragged U.S. stocks lower on Monday.")) == 1


def test_subordinate_participial_and_relative_clauses():
    s = ("The move came a day after the US Federal Reserve raised its main rate, sending "
         "Wall Street lower on Wednesday.")
    assert [(k, m, t) for k, m, t, _ in _read(s)] == [
        ("main", "", "past"), ("subordinate", "a day after", "past"), ("participial", "", "none")]
    # the participle has no tense of its own: it takes its head's (past)
    assert governing_tense(s, s.index("on Wednesday")) == "past"
    # a relative clause set off by commas ends at the next comma, where the head resumes
    s2 = "Hong Kong's Hang Seng Index, which traded through most of last week, fell 1.4 percent."
    kinds = _read(s2)
    assert kinds[1][:3] == ("relative", "which", "past")
    assert kinds[1][3] == "traded through most of last week"
    assert kinds[2][2:] == ("past", "fell 1.4 percent")


def test_a_clause_resumed_after_a_relative_keeps_its_marker():
    # the after-clause is interrupted by ", which ...," and resumes at its verb: the resumed
    # part is still the after-clause (kind and marker), so the readers that ask what a
    # subordinate clause's marker is get "after" (before this, an empty marker crashed the
    # draft of an article with this shape: IndexError)
    s = ("Carmakers slid on Friday after the Commerce Department, which oversees the trade "
         "probe, sent its report to the White House on Thursday.")
    kinds = _read(s)
    assert [k[:2] for k in kinds] == [("main", ""), ("subordinate", "after"),
                                       ("relative", "which"), ("subordinate", "after")]
    assert kinds[3][2:] == ("past", "sent its report to the White House on Thursday")


def test_the_tense_of_its_clause_reads_a_weekday_forward_or_back():
    # dateline Wednesday 2018-11-21: Thursday is 11-22 forward, 11-15 back (by hand)
    day = dt.date(2018, 11, 21)

    def first(s):
        return find_time_refs(s, day)[0].first

    assert first("U.S. markets are closed on Thursday for Thanksgiving.") == dt.date(2018, 11, 22)
    assert first("U.S. markets were closed on Thursday.") == dt.date(2018, 11, 15)
    assert first("The central bank concludes its meeting on Thursday.") == dt.date(2018, 11, 22)
    assert first("Officials said on Thursday that talks would resume.") == dt.date(2018, 11, 15)
    # past tense head, future reported clause: the weekday of the reported clause reads forward
    assert first("Officials said that talks would resume on Thursday.") == dt.date(2018, 11, 22)
    # a state in the present does not look forward: "Thursday's drop remains the biggest"
    assert first("Thursday's drop remains the biggest this year.") == dt.date(2018, 11, 15)
    # nor a market's move told in the present (live copy): the day's news
    assert first("Stocks rise on Tuesday as trade fears ease.") == dt.date(2018, 11, 20)
    assert first("Stocks close higher on Tuesday.") == dt.date(2018, 11, 20)
    # a schedule does: "markets close early on Friday", "talks resume on Monday"
    assert first("U.S. markets close early on Friday.") == dt.date(2018, 11, 23)
    assert first("Trade talks resume on Monday.") == dt.date(2018, 11, 26)


def test_a_date_after_a_past_speech_verb_dates_the_telling():
    from eventstudy.draft.readings import told_at

    s = "China said on Thursday that officials will meet next week."
    assert told_at(s, s.index("on Thursday"))
    assert not told_at(s, s.index("next week"))  # the reported clause's own date
    # a speech tag after what it reports is a clause of its own
    s2 = ("China will impose tariffs starting Sept. 24, the Customs Tariff Commission of the "
          "State Council announced Tuesday.")
    assert told_at(s2, s2.index("Tuesday")) and not told_at(s2, s2.index("Sept. 24"))
    assert split_clauses(s2)[-1].kind == "tag"
    # the present of a speech verb is a schedule, not a telling
    s3 = "Goldman Sachs reports on Tuesday."
    assert not told_at(s3, s3.index("on Tuesday"))


def test_a_past_perfect_verb_is_background_and_a_past_perfect_move_is_found():
    from eventstudy.draft.readings import background
    from eventstudy.draft.sessions import had_moved

    s = "In New York on Wednesday, the Dow had dropped 832 points."
    assert background(s, s.index("dropped"))
    assert had_moved(s) == s.index("had dropped")
    s2 = "The Dow dropped 832 points on Wednesday."
    assert not background(s2, s2.index("dropped")) and had_moved(s2) is None
    # a level verb counts; a passive closure does not
    s3 = "The Shanghai index had closed at its lowest level in four years on Thursday."
    assert had_moved(s3) == s3.index("had closed")
    assert had_moved("Tokyo's markets had been closed from Monday through Thursday.") is None


def test_the_report_of_a_future_event_is_what_reached_the_market():
    from eventstudy.draft import draft_study

    # by hand (dateline Friday 2018-12-28): the telling is Thursday 12-27 (past speech verb,
    # its own clause); the talks are next week (Mon 12-31..Fri 01-04, the reported clause's
    # future tense); the rally of Friday can only follow the telling
    text = ("date 2018-12-28 Test Wire\n\n"
            "China's commerce ministry said on Thursday that officials will meet US "
            "negotiators next week.\n"
            "US stocks rallied on Friday after the ministry's statement.\n")
    d = draft_study(text)
    whens = sorted(str(e.when) for e in d.events)
    assert "2018-12-27" in whens
    assert any(e.ref.first == dt.date(2018, 12, 31) and e.ref.last == dt.date(2019, 1, 4)
               for e in d.events)
    us = next(c for c in d.claims if c.subject.subject.key == "us_stocks")
    assert us.event.ref.first == dt.date(2018, 12, 27)


def test_clause_at_a_marker_is_the_clause_it_opens():
    from eventstudy.draft.clauses import clause_at

    s = "Stocks fell after the Fed raised rates."
    assert clause_at(s, s.index("after")).marker == "after"  # a marker opens its clause
    assert clause_at(s, s.index("raised")).marker == "after"
    assert clause_at(s, 0).kind == "main"


def test_the_weekday_before_a_day_skips_the_weekend():
    from eventstudy.draft.framing import weekday_before

    # by the calendar: Mon 2018-12-03 -> Fri 2018-11-30; Sun 2018-12-02 -> Fri 2018-11-30;
    # Wed 2018-12-05 -> Tue 2018-12-04
    assert weekday_before(dt.date(2018, 12, 3)) == dt.date(2018, 11, 30)
    assert weekday_before(dt.date(2018, 12, 2)) == dt.date(2018, 11, 30)
    assert weekday_before(dt.date(2018, 12, 5)) == dt.date(2018, 12, 4)
