"""Doubts about an attribution: when a claim's event is still a guess (docs/draft.md).

Split from :mod:`eventstudy.draft.extract` after round 14: whether an event reached the
market by the move's session (:func:`reached`, by the subject's exchange calendar), and
the signals that the event chosen by shared words may be the wrong one (:func:`doubts`,
:func:`other_cause`), which mark the claim ``TODO(human)``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Protocol

from eventstudy.calendar import align, calendar_for
from eventstudy.draft.assets import Subject, SubjectMatch
from eventstudy.draft.clauses import split_clauses
from eventstudy.draft.events import DraftEvent
from eventstudy.draft.moves import moves
from eventstudy.draft.times import market_named
from eventstudy.draft.words import CAUSE, clause_span, content_words
from eventstudy.exceptions import EventStudyError


class EventIndex(Protocol):
    """What :func:`doubts` reads of :class:`eventstudy.draft.extract.EventIndex`.

    A protocol, so this module does not import :mod:`eventstudy.draft.extract` (which
    imports it).
    """

    events: list[DraftEvent]
    sentences: list[list[int]]
    by_sentence: dict[int, list[int]]


def subject_calendar(sm: SubjectMatch) -> str | None:
    """Exchange calendar of a subject: its first ticker's (Hong Kong when its alias says so)."""
    if sm.subject.key == "market" or not sm.subject.tickers:
        return None
    if market_named(sm.text) == "Hong Kong":
        return "XHKG"
    try:
        return calendar_for(sm.subject.tickers[0][0])
    except EventStudyError:
        return None


@functools.lru_cache(maxsize=8192)
def _day0(when: str, timezone: str | None, calendar: str) -> dt.date | None:
    """Day 0 of an event on ``calendar`` (eventstudy.calendar's close-after rule), or None."""
    arg: str | dict[str, str] = when
    if "/" in when:
        lo, hi = when.split("/")
        arg = {"from": lo, "to": hi}
    try:
        return align(arg, calendar, timezone=timezone).day0.date()
    except EventStudyError:
        return None


def day0(ev: DraftEvent, calendar: str | None) -> dt.date:
    """Day 0 of the event on ``calendar`` (close-after rule); without one, its first day."""
    day = ev.ref.first
    if calendar is not None:
        w = ev.when
        key = (f"{w['from']}/{w['to']}" if isinstance(w, dict) else
               w if isinstance(w, str) else w.isoformat())
        day = _day0(key, ev.timezone, calendar) or day
    return day


def reached(ev: DraftEvent, calendar: str | None, move_date: dt.date) -> bool:
    """Whether the event reached the market by the move's session.

    Day 0 of the event on the subject's calendar (news after the close counts for the
    next session; a weekend or holiday for the next session) must be on or before the
    move's date. Without a calendar: the event's first day.
    """
    return day0(ev, calendar) <= move_date


#: news this many days or more before the move is stale unless the text ties it
_STALE_DAYS = 8


def doubts(index: EventIndex, ok: list[int], best: int, scores: dict[int, int], sentence: int,
            cued: bool, move_date: dt.date, named: set[int],
            where: tuple[str, tuple[int, int] | None, int] | None = None) -> list[str]:
    """Review notes for an attribution by shared words that is still a guess.

    Four signals that the event chosen may be wrong (calibrated on the tune half:
    docs/draft.md, "Calibration"): another candidate shares as many words with the
    cause but was left out for its earlier date (only the date chose; not when the
    sentence dates the chosen news inside its cause, ``named``); the sentence
    names no cause and the event is told only after it (the words are shared with a
    later paragraph, not named as the cause); the event is a week or more before the
    move (a same-day release the text tells without a date is the likelier cause); the
    event is a cause told by common nouns alone on no day the text gives (an undated
    cause with no capitalised name: "results from industrial companies"); the cause joins
    a second happening to the first by "and" (:func:`second_cause` of ``where``, the
    sentence's text, cause span and move position: the draft reads one of two causes).
    """
    events = index.events
    ev, n = events[best], scores.get(best, 0)
    out: list[str] = []
    rivals = [events[i].id for i in ok if i != best and scores.get(i, 0) == n
              and events[i].ref.first != ev.ref.first and (i in named or best not in named)][:3]
    if rivals:
        out.append(f"'{ev.id}' and {', '.join(repr(r) for r in rivals)} share as many words "
                   f"with the cause; the later date chose '{ev.id}' -- check")
    if not cued and index.sentences[best][0] > sentence:
        out.append(f"the sentence names no cause; '{ev.id}' is told only after it -- check "
                   "that it is the move's news")
    if ev.implied and ev.ref.rule.endswith("the dateline") and any(
            "does not date" in q for q in ev.review) and not re.search(r"\b[A-Z][a-z]",
                                                                   ev.ref.text):
        # "as upbeat results from industrial companies kept a rally going": a cause told by
        # common nouns alone, on no day the text gives, is a guess of the draft's
        out.append(f"'{ev.id}' is a cause the text neither dates nor names (no name, no day)"
                   " -- check that it is the move's news")
    second = second_cause(*where) if where is not None and where[1] != (0, 0) else None
    if second is not None:
        # "rallied after negotiators reached a deal and Trump suggested he could let a
        # deadline slide": two happenings named as the cause, one read
        out.append(f"the cause names two happenings joined by 'and' (the second: "
                   f"'{second[:60]}'); drafted against '{ev.id}' -- check which moved it")
    days = (move_date - ev.ref.last).days
    if days >= _STALE_DAYS:
        out.append(f"'{ev.id}' is {days} days before the move: check that no later news the "
                   "text tells (undated) moved it")
    return out


def second_cause(text: str, span: tuple[int, int] | None, move_pos: int) -> str | None:
    """Return a second happening the cause joins to the first by "and", or ``None``.

    "rallied after negotiators reached a deal and Trump suggested he could let a
    deadline slide", "tumbled as doubts grew over the truce, and the president described
    himself as a Tariff Man": the cause's clause (for a sentence with no cause cue, the
    first subordinate clause after the move) is followed by an "and" clause coordinated
    with it, with its own subject (one to six words) and a verb of the past or present,
    telling no move -- two happenings told as the cause, of which the draft reads one.
    """
    clauses = split_clauses(text)
    if span is None:
        first = next((k for k, c in enumerate(clauses) if c.start > move_pos), None)
    else:
        first = next((k for k, c in enumerate(clauses) if c.start <= span[0] + 1 < c.end
                      or span[0] <= c.start < span[0] + 25), None)
    if first is None or clauses[first].kind != "subordinate" or not clauses[first].verb:
        return None
    for c in clauses[first + 1:]:
        head = text[c.start:c.end]
        at = head.find(c.verb)
        if (c.head == first and c.kind == "coordinate" and c.marker == "and"
                and c.tense in ("past", "present") and at > 0
                and 1 <= len(head[:at].split()) <= 6 and not moves(head[:at + len(c.verb)])):
            return " ".join(head.split())
    return None


def other_cause(text: str, span: tuple[int, int]) -> str | None:
    """Another cause the sentence names before the one at ``span``, or ``None``.

    A cause cue (after, following, amid, helped by, ...) starting 25 characters or more
    before ``span`` whose clause has two content words or more: a second cause told
    earlier in the sentence ("A jump in Boeing after the planemaker forecast higher profits
    lifted the Dow, while the S&P 500 ended higher after the Fed held rates"). A cue after
    the span elaborates the cause read ("after results beat forecasts, helped by pickup
    sales") and is not counted.
    """
    for m in CAUSE.finditer(text, 0, max(0, span[0] - 25)):
        ce = clause_span(text, m.end())[1]
        other = text[m.end():min(ce, m.end() + 120)]
        if len(content_words(other)) >= 2:
            return other
    return None


#: how many sentences back a company's own news is looked for
_OWN_NEWS_REACH = 6


def own_news(index: EventIndex, sentence: int, subject: Subject,
             in_time: Callable[[DraftEvent], bool], skip: frozenset[int]) -> int | None:
    """Return the company's own news told above a move of its shares that names no cause.

    "Boeing raised its profit outlook on Wednesday ..." then, paragraphs later, "Boeing
    shares opened more than 3% higher ... before paring their gains": a company's move
    told with no cause goes on with the news its own name is told in above (the nearest,
    within :data:`_OWN_NEWS_REACH` sentences), not with a later paragraph's news that
    happens to share a word with the sentence.

    Parameters
    ----------
    index
        The article's events.
    sentence
        The index of the move's sentence.
    subject
        The mover (a company: ``kind == "stock"``; others get ``None``).
    in_time
        Whether an event reached the move's session.
    skip
        Events not to take (news the move shrugged off, the move's own session).

    Returns
    -------
    int or None
        The event's index in ``index.events``; ``None`` when no such news is told.
    """
    if subject.kind != "stock":
        return None
    names = [re.compile(rf"\b{re.escape(a)}\b", re.IGNORECASE) for a in subject.aliases]
    for k in range(sentence - 1, max(-1, sentence - 1 - _OWN_NEWS_REACH), -1):
        for i in index.by_sentence.get(k, ()):
            ev = index.events[i]
            if i in skip or ev.implied or ev.ref.future or not in_time(ev):
                continue
            if any(s.index == k and any(p.search(s.text) for p in names)
                   for s, _ in ev.mentions or ((ev.sentence, ev.ref),)):
                return i
    return None
