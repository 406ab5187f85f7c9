"""A round-up of other markets moving both ways, told without a cause.

"Japan's Nikkei lost 1.3% and Shanghai slipped, while Hong Kong edged up": a story about
one market often closes with a line on markets elsewhere. When such a line moves two or
more of those markets in opposite ways and tells no why (no cause cue, no "as" or "where"
clause), it reports a mixed day abroad, not a reaction to any news of the story: its
claims are only suggested (``direction: any``, no move), so the reviewer sees the markets
without a drafted attribution. A line whose markets move one way may follow the story's
news, and keeps its claims.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from eventstudy.draft.assets import SubjectMatch
from eventstudy.draft.words import CAUSE

#: a clause that may tell why: "as it caught up with ...", "where traders ..."
_WHY = re.compile(r"\b(?:as|where|because|since|amid|despite)\b", re.IGNORECASE)


def mixed_roundup(
    text: str,
    pairs: Sequence[tuple[SubjectMatch, tuple[int, int, str, str]]],
    calendar: Callable[[SubjectMatch], str | None],
    story: str | None,
) -> bool:
    """Tell whether a sentence's moves are a mixed round-up of other markets.

    Parameters
    ----------
    text
        The sentence.
    pairs
        Its (subject, move) pairs.
    calendar
        The exchange calendar of a subject.
    story
        The calendar of the story's first claim (``None`` before any claim).

    Returns
    -------
    bool
        True when every pair is of a market on another calendar than the story's, at
        least two calendars move, both ways, and the sentence tells no why.
    """
    if story is None or len(pairs) < 2:
        return False
    cals = [calendar(sm) for sm, _ in pairs]
    if story in cals or None in cals or len(set(cals)) < 2:
        return False
    if {mv[3] for _, mv in pairs} != {"up", "down"}:
        return False
    return CAUSE.search(text) is None and _WHY.search(text) is None
