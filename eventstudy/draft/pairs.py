"""Pair each market move of a sentence with the subject that moved (docs/draft.md, Claims).

Each move word takes the nearest subject before it, else after it -- unless its
clause names a noun of its own ("as bond yields climbed"), a figure owns it ("its
profit rose 24%"), it is a move named as a noun ("a sudden jump in the yen"), or
the subject sits in an apposition ("The VIX, a gauge of ... US stocks, more than
doubled"). A subject a move was "led by" moved the same way; the agents of a
causative verb ("Apple and Goldman dragged U.S. stocks lower") are noted; the
close is the day's move. Used by :mod:`eventstudy.draft.extract`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventstudy.draft.assets import SubjectMatch
from eventstudy.draft.moves import CAUSATIVE, figure_before
from eventstudy.draft.words import clause_span

# a word before a move, in its clause, that can be its grammatical subject (a noun),
# i.e. not an auxiliary, adverb, determiner or number
_OWN_NOUN = re.compile(
    r"\b(?!(?:also|both|each|all|had|have|has|was|were|is|are|been|then|later|still|only"
    r"|shares?|stocks?|the|its|their|and|or|to|which|who|that|as|while|but|with|after|before"
    r"|following|amid|when|sharply|further|initially|briefly|eventually|more|most|than|by"
    r"|in|on|at|of|for|early|late|trading|\w+ly|ended|ending|closed|closing|finished"
    r"|finishing|settled|settling|traded|stayed|remained|turned|went"
    # the verb of a small move told with its particle: "edged up", "ticked lower"
    r"|edged|edging|inched|inching|ticked|ticking|crept|creeping|drifted|drifting|nudged"
    r"|moved|moving)\b)[A-Za-z][a-z]+s?\b"
    # a company's capitals the mapping does not know: "and AT&T fell after ..."
    r"|(?-i:\b[A-Z]+&[A-Z]+\b|\b[A-Z]{2,5}\b(?!\.))",
    re.IGNORECASE)
# "climbed 2.6 percent, led by technology shares": the leaders moved the same way
LED_BY = re.compile(r"\bled\s+(?:\w+\s+)?by\s+(?:(?:the|gains\s+in|losses\s+in)\s+)?$",
                     re.IGNORECASE)
# "recovered most of an early loss but still finished lower": the close is the day's move
_AT_CLOSE = re.compile(r"\b(?:end|ended|ending|close|closed|closing|finish|finished|finishing"
                       r"|settle|settled|settling)\s+(?:the\s+(?:day|session)\s+)?"
                       r"(?:[\d.,]+\s*(?:%|per\s*cent|percent|points?)?\s+|\w+\s+)?$",
                       re.IGNORECASE)


#: a move named as a noun: "a sudden jump in the yen"
_NOMINAL_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+(?:[a-z]+\s+|[\d.,]+\s*(?:%|per\s*cent"
                             r"|percent)\s+){0,2}$")
_NOMINAL_AFTER = re.compile(r"\s+in\s+(?!(?:early|late|after-hours|afternoon|morning|the\s+"
                            r"(?:morning|afternoon|session|day|week))\b)")
#: an apposition after a subject: "The VIX, a gauge of expected swings in US stocks, more than
#: doubled" -- what it names describes the subject and does not move
_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+[^,;]{3,80},"
                         # a relative clause or a participle describing it: "The Cboe
                         # Volatility Index, which measures expected swings in the S&P 500,
                         # fell", "..., widely considered the best fear gauge on Wall Street,"
                         r"|,\s+(?:which|that)\s+(?:measures|tracks|gauges|reflects|follows)\s+"
                         r"[^,;]{3,80},|,\s+(?:(?:widely|often|commonly)\s+)?(?:considered|seen|known"
                         r"|regarded|described|dubbed)\s+[^,;]{3,80},")


#: a gapped move: "lost 1.7 per cent and Deere 2 per cent" (the verb left out)
_AMOUNT = r"[\d.,]+\s*(?:%|per\s*cent|percent|points?)"
_GAPPED_BEFORE = re.compile(rf"\s+{_AMOUNT}\s*,?\s+and\s+(?:the\s+)?", re.IGNORECASE)
_GAPPED_AFTER = re.compile(rf"\s+{_AMOUNT}(?=[\s,.;])", re.IGNORECASE)
#: a move verb whose object is what moved: "lifted retailers", "boosted bank shares"
_LIFTS = re.compile(r"(?:lift|boost|buoy)(?:s|ed|ing)", re.IGNORECASE)
#: the noun a relative clause opened by "that" hangs on, right before a move verb
_RELATIVE_HEAD = re.compile(r"\b([A-Za-z][a-z]+)\s+that\s+(?:(?:have|has|had)\s+)?(?:\w+ly\s+)?$")
#: a possessor names what it owns, which moves: "Wall Street's so-called fear gauge fell"
#: (not "Apple's shares fell", "China's stock market")
_POSSESSOR = re.compile(r"['’]s\s+(?!(?:[\w-]+\s+)?(?:shares?|stocks?|index|indexes|indices"
                        r"|benchmark|markets?|equities|bonds?|currency|yields?)\b)")


def _appositions(text: str, subjects: list[SubjectMatch], base: int) -> list[tuple[int, int]]:
    """Spans of the appositions right after a subject (:data:`_APPOSITION`)."""
    return [m.span() for sm in subjects if (m := _APPOSITION.match(text, sm.end - base))]


def _in_apposition(pos: int, move: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the subject at ``pos`` sits in an apposition closed before the move."""
    return any(a < pos < b <= move for a, b in spans)


def pair_moves(
    subjects: list[SubjectMatch], mvs: Sequence[tuple[int, int, str, str]], base: int,
    text: str, agents: set[int] | None = None,
) -> list[tuple[SubjectMatch, tuple[int, int, str, str]]]:
    """Pair subjects with move words (see the module docstring).

    The ids of subjects paired as agents of a causative verb are added to ``agents``.
    """
    agents = set() if agents is None else agents
    appos = _appositions(text, subjects, base)
    pairs: list[tuple[SubjectMatch, tuple[int, int, str, str]]] = []
    owned = []
    for mv in mvs:
        cs, ce = clause_span(text, mv[0])
        if not any(cs <= sm.start - base < ce for sm in subjects) and _OWN_NOUN.search(
                text[cs:mv[0]]):
            owned.append(mv)
            continue  # "as bond yields climbed": the move of a noun the mapping does not know
        head = _RELATIVE_HEAD.search(text, max(0, mv[0] - 60), mv[0])
        if head is not None and _OWN_NOUN.fullmatch(head.group(1)) and not any(
                head.start(1) <= sm.start - base < head.end(1) or
                head.start(1) < sm.end - base <= head.end(1) for sm in subjects):
            owned.append(mv)
            continue  # "steel prices that have risen": the move of the relative's head noun
        fig = figure_before(text, mv[0], cs)
        if fig is not None and not any(fig <= sm.start - base < mv[0] for sm in subjects):
            owned.append(mv)
            continue  # "JPMorgan said its profit rose 24%": the figure's move, not the shares'
        nominal = _NOMINAL_BEFORE.search(text, max(0, mv[0] - 30), mv[0]) and \
            _NOMINAL_AFTER.match(text, mv[1])
        if nominal:
            # "a sudden jump in the yen", "adding to a sell-off in U.S. stocks": the move of
            # what follows "in", named as a noun -- not the nearest subject's, and the
            # verbs of the article tell that market's own move; but a company's ("dragged
            # by a 3.9 percent drop in Caterpillar") is told only so: it is that company's
            company = next((sm for sm in subjects if sm.start - base == nominal.end()
                            and sm.subject.kind == "stock"), None)
            if company is not None:
                pairs.append((company, mv))
            owned.append(mv)
            continue
        before = [sm for sm in subjects if sm.end - base <= mv[0]
                  and not _in_apposition(sm.start - base, mv[0], appos)
                  and not _POSSESSOR.match(text, sm.end - base)]
        after = [sm for sm in subjects if sm.start - base >= mv[1]]
        sm = before[-1] if before else after[0] if after else None
        if after and _LIFTS.fullmatch(mv[2]) and after[0].start - base < ce and (
                after[0].start - base - mv[1] <= 30):
            # "while Walmart's best sales growth in a decade lifted retailers": the move
            # verb's object is what moved, not a subject of the clause before
            sm = after[0]
        if sm is not None:
            pairs.append((sm, mv))
    paired = {id(p[0]) for p in pairs}
    object_moves = [mv for sm, mv in pairs if sm.start - base >= mv[1]]  # "boosted X and Y"
    for sm in subjects:
        if id(sm) in paired or _POSSESSOR.match(text, sm.end - base) or any(
                _in_apposition(sm.start - base, m[0], appos) for m in mvs[-1:]):
            continue
        later = [m for m in mvs if m[0] >= sm.end - base and m not in owned]
        if later and CAUSATIVE.search(text, sm.end - base, later[0][0]) and any(
                sm.end <= o.start and o.end - base <= later[0][0] for o in subjects):
            # "Apple and Goldman dragged U.S. stocks lower": the agents moved the same way;
            # kept only when the article tells no move of theirs elsewhere (find_claims)
            agents.add(id(sm))
        earlier = [m for m in object_moves if m[1] <= sm.start - base]
        if not later and LED_BY.search(text, max(0, sm.start - base - 30), sm.start - base):
            earlier = [m for m in mvs if m[1] <= sm.start - base and m not in owned]
        if not later and not earlier and _GAPPED_AFTER.match(text, sm.end - base):
            # "Caterpillar lost 1.7 per cent and Deere 2 per cent": the verb left out, the
            # second subject moved as the first did
            earlier = [m for m in mvs if m[1] <= sm.start - base and m not in owned
                       and _GAPPED_BEFORE.fullmatch(text, m[1], sm.start - base)]
        if later or earlier:
            pairs.append((sm, later[0] if later else earlier[-1]))
    pairs.sort(key=lambda p: p[1][0])
    closing = {id(sm): mv[0] for sm, mv in pairs
               if _AT_CLOSE.search(text, max(0, mv[0] - 40), mv[0])}
    pairs = [(sm, mv) for sm, mv in pairs if closing.get(id(sm), mv[0]) == mv[0]]
    # "rose as much as 6.4% in early trading, then slid through the session": a reversal's
    # early extreme is the session's path; the later move the other way is the day's
    return [(sm, mv) for sm, mv in pairs if not (
        _INTRADAY.match(text, mv[1]) and any(
            id(o) == id(sm) and m[0] > mv[1] and m[3] != mv[3] for o, m in pairs))]


#: a move told as an intraday extreme: "rose as much as 6.4%", "jumped 3% in early trading",
#: "was up 2% at one point"
_INTRADAY = re.compile(r"\s+(?:(?:by\s+)?as\s+much\s+as\b|(?:[^,;.]{0,30}?\b)?(?:in\s+early"
                       r"\s+(?:trading|trade|deals)|early\s+in\s+the\s+(?:day|session)|at\s+one"
                       r"\s+point|at\s+the\s+open|in\s+the\s+morning|initially|earlier\s+in\s+the"
                       r"\s+(?:day|session))\b)", re.IGNORECASE)
