"""Moves named as nouns: a sentence's subject or a copula's, told before or described.

"The sell-off began in New York, where the Dow plunged ..." names a move as the
sentence's subject (the verbs tell whose); "told reporters that the fall was an
overreaction" describes a move told before. Neither is a move of its own. Used by
:func:`eventstudy.draft.extract.find_claims` (split out of it after round 15).
"""

from __future__ import annotations

import re

#: move words that are nouns too ("the fall", "the gains")
MOVE_NOUNS = frozenset("sell-off selloff decline drop fall slide slump rally rout plunge jump "
                       "rise rebound surge advance retreat".split()) | frozenset(
    # the plurals and the nouns only a plural names back: "The gains ended an eight-day
    # losing streak" (the gains just told)
    "gains losses declines drops falls rallies jumps rises advances".split())
# "The sell-off began in New York, where the Dow plunged ...": a move named as the
# sentence's subject refers to a move; the verbs tell whose
_MOVE_NOUN_SUBJECT = re.compile(r"\s*(?:The|This|That)\s+(?:[\w-]+\s+)?$")
# "told reporters that the fall was an overreaction": a move named as the subject of a
# copula is described, not told
_DESCRIBED_NOUN = re.compile(r"\b(?:the|this|that|its|their)\s+$", re.IGNORECASE)
_COPULA = re.compile(r"\s+(?:was|is|were|are|has\s+been|had\s+been|seemed|looked)\b")


def described_noun_move(text: str, move: tuple[int, int, str, str]) -> bool:
    """Whether a move named as a noun is the subject of a copula: described, not told.

    "told reporters that the fall was an overreaction": the fall told before.
    """
    return (move[2].lower() in MOVE_NOUNS
            and _DESCRIBED_NOUN.search(text, max(0, move[0] - 10), move[0]) is not None
            and _COPULA.match(text, move[1]) is not None)


def noun_subject_move(text: str, move: tuple[int, int, str, str]) -> bool:
    """Whether a move named as a noun opens its sentence as the subject ("The sell-off began").

    Parameters
    ----------
    text
        The sentence.
    move
        ``(start, end, word, direction)`` as :func:`eventstudy.draft.moves.moves` gives it.

    Returns
    -------
    bool
        True when the move word is a move noun after "The/This/That" (and one word).
    """
    return move[2].lower() in MOVE_NOUNS and _MOVE_NOUN_SUBJECT.match(text[:move[0]]) is not None
