"""Markets and their sessions in draft events: closures, a market's own path, another's move.

Used by :mod:`eventstudy.draft.events`; the rules are in docs/draft.md (third rule table).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from eventstudy.draft.clauses import split_clauses, verb_group
from eventstudy.draft.times import MARKETS, market_named
from eventstudy.draft.words import clause_span, moves

#: a market closed on a day: "when U.S. markets were closed for Good Friday", "Tokyo was
#: closed on Monday for a holiday", "Markets in Europe were closed for Easter Monday"
_CLOSED = re.compile(r"\b(?:was|were|is|are|will\s+be|remain(?:s|ed)?|stay(?:s|ed)?)\s+closed"
                     r"\s+(?:on\s+|for\s+|over\s+)?(?:the\s+)?[^,;]{0,40}$", re.IGNORECASE)

#: verbs of a market's level besides the move words: "had closed at its lowest level"
_LEVEL_VERBS = frozenset("close end finish settle hit touch reach".split())


def had_moved(text: str, lo: int = 0, hi: int | None = None) -> int | None:
    """Offset of a market's move told in the past perfect in ``text[lo:hi]``, else None.

    By the clause reader: a clause in the past perfect whose verb is a move ("the Dow
    had dropped") or a level verb ("had closed at its lowest level").
    """
    hi = len(text) if hi is None else hi
    for c in split_clauses(text):
        if c.tense != "past_perfect" or c.end <= lo or c.start >= hi:
            continue
        word = c.verb.split()[-1] if c.verb else ""
        if "been" in c.verb.lower().split():
            continue  # "had been closed for the holidays": a closure, not a level
        if c.base in _LEVEL_VERBS or moves(word):
            at = c.start + verb_group(text[c.start:c.end])[3]
            if lo <= at < hi:
                return at
    return None


def home_path(text: str, pos: int, home: str | None) -> bool:
    """Whether the date at ``pos`` dates the story's own market's past-perfect path."""
    if home is None:
        return False
    cs, ce = clause_span(text, pos)
    at = had_moved(text, cs, ce)
    if at is None or re.search(r"\b(?:after|before|since|until|when|once)\b",
                               text[cs:at], re.IGNORECASE):
        return False  # "after the Hong Kong market had closed on Thursday" says when
    return market_named(text[cs:at]) == home


def closure_span(text: str, pos: int) -> tuple[int, int] | None:
    """Return the clause of a market closure dated at ``pos``, or None (:data:`_CLOSED`)."""
    cs, ce = clause_span(text, pos)
    if _CLOSED.search(text, cs, pos) is None:
        return None
    return cs, ce


def own_path(cause: str) -> bool:
    """Whether a cause opens with a move phrase ("reversing early gains", "erasing losses")."""
    found = moves(cause)
    return bool(found) and found[0][0] == 0


def other_market(text: str, span: tuple[int, int]) -> str | None:
    """Return the market a cause names when it differs from the one named before it.

    Wall Street in "Japanese stocks fell ... after traders returned to a slump on Wall
    Street"; ``None`` when either is not named or both are the same.
    """
    there, here = market_named(text[span[0]:span[1]]), market_named(text[:span[0]])
    return there if there is not None and here is not None and there != here else None


_MOVE_NOUN = re.compile(r"\b(?:losses|gains|overnight|rout|selling|declines|advances)\b",
                        re.IGNORECASE)


def foreign_session(text: str, span: tuple[int, int], day: dt.date,
                     how: str) -> tuple[dt.date, str]:
    """Date a cause that is another market's move by that market's own session.

    "Japanese stocks plunged on Tuesday ... to a steep sell-off on Wall Street": the
    cause names a market (New York) other than the one the move's clause names
    (Tokyo) and a move of it, so it happened in New York's last session that opened
    before Tokyo's session of the move's day -- Monday, not Tuesday. A European
    move told in a New York story keeps the day (Europe opens first). Weekends are
    skipped; a foreign holiday is not known here, so the result stays marked.
    """
    cause, there = text[span[0]:span[1]], other_market(text, span)
    if there is None or not (moves(cause) or _MOVE_NOUN.search(cause)):
        return day, how
    here = market_named(text[:span[0]]) or there
    far, near = MARKETS[there], MARKETS[here]
    local_open = dt.datetime.combine(day, near.open, ZoneInfo(near.timezone))
    d = day
    far_zone = ZoneInfo(far.timezone)
    while d.weekday() >= 5 or dt.datetime.combine(d, far.open, far_zone) >= local_open:
        d -= dt.timedelta(days=1)
    if d == day:
        return day, how
    return d, (f"{there}'s last session before {here}'s of {day:%Y-%m-%d} (a {there} move "
               f"told in a {here} story)")
