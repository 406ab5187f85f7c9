"""Market-move words of the draft rules: what counts as a move, and the clause naming a market.

:func:`moves` finds the move words of a sentence (:data:`UP_WORDS`, :data:`DOWN_WORDS`
and the multi-word moves) and drops those that tell no move of a market of their own (a
figure's change, a streak's count, a period's path, a move given up, ...);
:func:`move_clauses` keeps the clauses of those that name a market. The shared cue and
clause vocabulary is :mod:`eventstudy.draft.words`'s. The rules are documented in
docs/draft.md.
"""

from __future__ import annotations

import functools
import re

from eventstudy.draft.clauses import clause_at
from eventstudy.draft.earlypath import early_path
from eventstudy.draft.readings import anniversary, background
from eventstudy.draft.text import Sentence
from eventstudy.draft.words import CAUSE, clause_span

UP_WORDS = (
    "boost boosts boosted boosting rally rallies rallied rallying gain gains gained gaining "
    "rise rises rose risen rising jump jumps jumped jumping climb climbs climbed climbing "
    "surge surges surged surging soar soars soared soaring advance advances advanced "
    "rebound rebounds rebounded rebounding lift lifts lifted recover recovers recovered "
    "spike spikes spiked spiking bounce bounces bounced bouncing firmed firming "
    "doubled doubling tripled regained regaining "
    "higher up"
).split()
DOWN_WORDS = (
    "fall falls fell fallen falling slump slumps slumped slumping slide slides slid sliding "
    "tumble tumbles tumbled tumbling drop drops dropped dropping sink sinks sank sunk sinking "
    "decline declines declined declining plunge plunges plunged plunging retreat retreats "
    "retreated retreating slip slips slipped slipping sag sags sagged sagging halved "
    "lower down hammered battered selloff sell-off "
    "sold-off tank tanks tanked tanking skid skids skidded skidding plummet plummets "
    "plummeted plummeting crater craters cratered cratering nosedive nosedived nosediving "
    "dip dips dipped dipping lagged"
    " lost loses losing"
).split()
_ERASE = r"(?:eras(?:e|ed|es|ing)|revers(?:e|ed|es|ing)|wip(?:e|ed|es|ing)\s+out)\s+"
_DET = r"(?:(?:an?|its|their|the|early|earlier|all|\S+-point|\S+%)\s+)*"
# a verb that is a move only with an amount: "shed 500 points", "added 287 points",
# "eased 0.4%" (not "shed jobs", "added staff", "eased rules")
_AMOUNT = (r"\s+(?:about\s+|nearly\s+|more\s+than\s+)?[\d.,]*\d"
           r"(?=\s*(?:%|percent\b|per\s+cent\b|points?\b))")
#: verbs that are a move only with an amount ("Boeing added 1.7 percent"): no cause's words
AMOUNT_VERBS = "added adds adding shed sheds shedding eased eases easing".split()
_MULTI_DOWN = (r"worst\s+(?:\w+\s+)?(?:day|session|week)"
               rf"|(?:shed|sheds|shedding|eased|eases|easing){_AMOUNT}"
               r"|g(?:ave|ives|iving|ive)\s+(?:up|back)|extend(?:ed|s|ing)\s+(?:its\s+|their\s+)?"
               r"(?:losses|declines|slide|slump|sell-?off)"
               r"|(?:hit|hits|touched|touches|sank\s+to|fell\s+to|dropped\s+to)\s+(?:a|its|their)"
               r"\s+(?:[\w-]+\s+){0,3}lows?\b"
               r"|among\s+the\s+(?:\w+\s+){0,2}(?:losers|decliners|laggards)"
               r"|beaten\s+down|beat\s+down|sold\s+off|lost\s+ground|weighed\s+on|weigh\s+on"
               rf"|{_ERASE}{_DET}(?:rally|gains?|advance)")
_MULTI_UP = (r"best\s+(?:\w+\s+)?(?:day|session|week)|among\s+the\s+(?:\w+\s+){0,2}gainers"
             rf"|(?:added|adds|adding){_AMOUNT}|recoup(?:ed|s|ing)\s+(?:\w+\s+)?losses"
             r"|(?:hit|hits|touched|touches|reached|reaches)\s+(?:a|its|their)"
             r"\s+(?:[\w-]+\s+){0,3}(?:highs?|peak)\b"
             r"|received\s+a\s+boost|got\s+a\s+boost|got\s+a\s+lift|gained\s+ground"
             r"|staged\s+an?\s+(?:\w+\s+)?comeback|roared\s+back|bounced\s+back"
             rf"|{_ERASE}{_DET}(?:loss(?:es)?|drop|decline|slide|fall|sell-?off)")
# a participle used as an adjective ("fears of rising rates") or a move named as the
# background of another ("fell after rising as much as 1.6%") is not a claim
_NOT_A_MOVE = re.compile(
    r"\b(?:after|before|following|despite|since)\s+(?:(?:an?|its|their|early|earlier)\s+)*$"
    , re.IGNORECASE,
)
#: a move given up: "gave up most of a rally", "surrendered its early gains", "wiped out a
#: 2 percent advance" -- the object of the reversal names no move of its own ("pared gains"
#: still tells a rise)
_GIVEN_UP = re.compile(
    r"\b(?:(?:gave|giv(?:e|es|ing))\s+(?:up|back)|surrender(?:ed|s|ing)?|wip(?:e|ed|es|ing)"
    r"\s+out|eras(?:e|ed|es|ing)|revers(?:e|ed|es|ing))\s+(?:(?:part|some|most|all|half|much)"
    r"\s+of\s+)?(?:(?:a|an|its|their|the|early|earlier"
    # (a size: "erased a solid gain", "wiped out a sharp early rally")
    r"|solid|strong|big|sharp|modest|healthy|hefty|steep|large|small|slim|brief|intraday"
    r"|morning|initial|[\d.,]+\s*(?:%|percent|per\s+cent|points?))\s+)*$", re.IGNORECASE)
#: the moves a streak counts: "ending a run of three straight gains", "a string of losses"
_STREAK_OF = re.compile(r"\b(?:run|streak|string|series|sequence)\s+of\s+(?:[\w-]+\s+){0,3}$",
                        re.IGNORECASE)
# past perfect ("the Dow had dropped 832 points"): an earlier move told as background --
# a claim only when the sentence gives it a cause of its own ("had lost 11% after the crash")
# a move named as what something "had led/driven" ("Technology stocks, which had led the
# market's two-day, 5.3% slide, rose 3.2%"): background, not a move of its own
_LED_BEFORE = re.compile(r"\bhad\s+(?:led|driven|fu?ell?ed|sparked|triggered|deepened|extended)"
                         r"\s+[^;]{0,45}$", re.IGNORECASE)


def _led_object(text: str, pos: int) -> bool:
    """Whether the move word at ``pos`` is the object of "had led" (no move word between)."""
    m = _LED_BEFORE.search(text, max(0, pos - 60), pos)
    if m is None:
        return False
    return _MOVE.search(text, m.start() + 4, pos) is None


# a move over a week, month or year ("ended the week down 4.1%", "down 12% this year so
# far"): the period's path, not the day's move
_PERIOD_PATH = re.compile(r"\b(?:ended|finished|closed)\s+the\s+(?:week|month|quarter|year)\s+$",
                          re.IGNORECASE)
#: a move summed over a week or a month (or a quarter, a half), not the day's: a sentence
#: opening "For the week," ("For the week, the index gained 3.5 percent"), or a figure
#: followed by the span ("lost about 510 points this week"; not "for the second time this
#: week", a count of days)
_WEEK_OPENING = re.compile(r"\s*(?:For|Over|On)\s+the\s+(?:week|month)\b", re.IGNORECASE)
_WEEK_AFTER = re.compile(r"[^,;]{0,40}?(?:points?|percent|per\s+cent|%)\s+(?:(?:this|for\s+the"
                         r"|on\s+the|over\s+the)\s+(?:week|month)\b"
                         # a quarter's or a year's sum: "fell 1.2% in the first three months
                         # of the year", "lost 2.5% in the quarter"
                         r"|(?:in|for|over)\s+the\s+(?:(?:first|second|third|fourth|last)\s+)?"
                         r"(?:quarter|half|(?:three|six|nine)\s+months)\b)", re.IGNORECASE)
# "released the results ..., on a day when the Nasdaq plunged 4.4 percent": the day's
# circumstances of another happening, not a move the story claims
_ON_A_DAY = re.compile(r"\b(?:on\s+)?a\s+day\s+(?:when|that|in\s+which)\b[^;]{0,60}$",
                       re.IGNORECASE)
_ADJECTIVE = re.compile(r"\b(?:of|the|a|an|about|over|amid|by)\s+$", re.IGNORECASE)
_MOVE = re.compile(
    rf"\b(?P<down>{_MULTI_DOWN}|{'|'.join(map(re.escape, DOWN_WORDS))})\b"
    rf"|\b(?P<up>{_MULTI_UP}|{'|'.join(map(re.escape, UP_WORDS))})\b",
    re.IGNORECASE,
)
# "up"/"down"/"higher"/"lower" only count when not the only move word; see moves()
_WEAK = {"up", "down", "higher", "lower", "lost", "loses", "losing"}

# a company's or a country's figure right before a move word owns the move ("its profit
# rose 24%", "revenue from bond trading slipped", "exports plunged"): not a market's
_FIGURE = re.compile(
    r"\b(?:profits?|revenues?|sales|earnings|income|margins?|output|exports|imports"
    r"|deliveries|orders|production|dividends?|guidance|costs?|spending|wages|inflation"
    r"|unemployment|payrolls|deficit|surplus)\b(?:\s+[\w'’-]+){0,3}\s+$",
    re.IGNORECASE)


def figure_before(text: str, pos: int, start: int = 0) -> int | None:
    """Start of a figure noun owning the move word at ``pos`` ("its profit rose"), or None."""
    m = _FIGURE.search(text, max(start, pos - 45), pos)
    if m is None or re.search(r"\b(?:shares?|stocks?|index)\b", text[m.start():pos], re.I):
        return None
    return m.start()


_THROUGH = re.compile(r"\b(?:through|until|up\s+to)\s+$", re.IGNORECASE)


def path_end(text: str, pos: int) -> bool:
    """Whether the date at ``pos`` ends a market's cumulative path, not a happening.

    "The Shanghai index had gained about 24 per cent this year through Thursday", "The
    S&P 500 had fallen 8.5 percent from its September record through Tuesday": a move
    word (any tense) earlier in the clause and "through" right before the date.
    """
    if not _THROUGH.search(text, max(0, pos - 12), pos):
        return False
    cs = clause_span(text, pos)[0]
    return bool(_MOVE.search(text, cs, pos))


@functools.lru_cache(maxsize=4096)
def moves(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """Market-move words of ``text``: ``(start, end, word, "up" | "down")`` in order."""
    found = [
        (m.start(), m.end(), m.group(0), "down" if m.group("down") else "up")
        for m in _MOVE.finditer(text)
    ]
    return tuple(f for f in found if (f[2].lower() not in _WEAK or _counted(text, f))
                 and not _NOT_A_MOVE.search(text, max(0, f[0] - 40), f[0])
                 and not (background(text, f[0])
                          and not CAUSE.search(text, f[1]))
                 and not _led_object(text, f[0])
                 # "marked 30 years since the 1987 crash, when the Dow fell 22.6%": history
                 and not anniversary(text, f[0])
                 # "gave up most of a rally": the move given up, not one of its own
                 and not _GIVEN_UP.search(text, max(0, f[0] - 60), f[0])
                 # "ending a run of three straight gains": the streak's count, not a move
                 and not _STREAK_OF.search(text, max(0, f[0] - 50), f[0])
                 and not _PERIOD_PATH.search(text, max(0, f[0] - 40), f[0])
                 and not _WEEK_OPENING.match(text) and not _WEEK_AFTER.match(text, f[1])
                 and not _ON_A_DAY.search(text, max(0, f[0] - 70), f[0])
                 and not (f[2].lower().endswith("ing")
                          and _ADJECTIVE.search(text, max(0, f[0] - 10), f[0]))
                 # "earnings fell short of estimates": a miss, not a move
                 and not _SHORT_OF.match(text, f[1])
                 # "results lifted sentiment": a mood moved, not a market
                 and not _MOOD_OBJECT.match(text, f[1])
                 # "trying to lift output", "helped by rising interest rates": a business
                 # quantity moved, or a participle naming one -- not a market
                 and not _QUANTITY_OBJECT.match(text, f[1])
                 # "investors used to a market that only went up": a generic thing's habit
                 and not _GENERIC_HABIT.search(text, max(0, f[0] - 60), f[0])
                 # "lifts some of the burden off GM", "lifted the ban": a curb removed
                 and not (f[2].lower().startswith("lift") and _CURB_OBJECT.match(text, f[1]))
                 # "sales of 1 trillion yuan, up 8.5 percent year on year": a figure's change
                 and not _YEAR_ON_YEAR.match(text, f[1])
                 # "GM shares are down about 7 percent this year": a state over the year
                 and not (_IS_BEFORE.search(text, max(0, f[0] - 20), f[0])
                          and _THIS_YEAR.match(text, f[1]))
                 # "then recovered to close down 75 points": the session's path; the
                 # close is the move
                 and not _closes_the_other_way(text, f) and not early_path(text, f[0]))


_TO_CLOSE = re.compile(r"(?:\s+(?:\w+ly|somewhat|partly|slightly))?\s+to\s+(?:close|end|finish"
                       r"|settle)\s+(?:the\s+(?:day|session)\s+)?(?:(?P<down>down|lower)|up|higher)\b",
                       re.IGNORECASE)


def _closes_the_other_way(text: str, f: tuple[int, int, str, str]) -> bool:
    """Whether the move ``f`` is followed by "to close" the other way (its session's path)."""
    m = _TO_CLOSE.match(text, f[1])
    return m is not None and ("down" if m.group("down") else "up") != f[3]
_QUANTITY_OBJECT = re.compile(
    r"\s+(?:(?:its|their|the|his|her|our)\s+)?(?:[\w-]+\s+)?(?:output|production"
    r"|rates|prices|costs|wages|capacity|spending|inventories|demand|tensions|inflation"
    r"|unemployment|deliveries|margins|investment|dividends?|payouts?|profits?|earnings"
    r"|revenues?|income)\b"
    # a move noun of a company's result: "a 48 percent drop in second-quarter profit"
    r"|\s+in\s+(?:(?:its|their|the)\s+)?(?:[\w-]+\s+)?(?:profits?|earnings|revenues?"
    r"|income|sales)\b", re.IGNORECASE)
#: a move in a relative clause on an indefinite noun: "a market that only went up"
_GENERIC_HABIT = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+)?(?:market|world|economy|stock|company"
                            r"|sector|industry)\s+(?:that|which)\s+(?:\w+\s+){0,3}$",
                            re.IGNORECASE)
#: what is lifted when a curb is removed, not a market raised
_CURB_OBJECT = re.compile(
    r"\s+(?:(?:some|part|most|all)\s+of\s+)?(?:(?:its|their|the|a|an|his|her)\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:ban|bans|sanctions|tariffs|restrictions|curbs|burden|caps?|limits"
    r"|suspension|embargo|freeze|moratorium|quotas?|levies|duties|veto|blockade|lockdown)\b",
    re.IGNORECASE)
_YEAR_ON_YEAR = re.compile(r"(?:[^,;.]|\.(?=\d)){0,30}?\b(?:year[- ]on[- ]year"
                           r"|year[- ]over[- ]year"
                           r"|from\s+a\s+year\s+(?:earlier|ago|before)|on\s+a\s+year\s+earlier"
                           r"|than\s+a\s+year\s+(?:earlier|ago))\b", re.IGNORECASE)
_IS_BEFORE = re.compile(r"\b(?:is|are|remains?|stands?|now|has|have|had)\s+(?:\w+\s+)?$",
                        re.IGNORECASE)
_THIS_YEAR = re.compile(r"(?:[^,;.]|\.(?=\d)){0,30}?\b(?:(?:so\s+far\s+)?this\s+year"
                        r"|year[- ]to[- ]date"
                        r"|for\s+the\s+year|since\s+the\s+start\s+of\s+the\s+year)\b",
                        re.IGNORECASE)
_SHORT_OF = re.compile(r"\s+short\s+of\b", re.IGNORECASE)
_MOOD_OBJECT = re.compile(r"\s+(?:(?:investor|market|risk)\s+)?(?:sentiment|the\s+mood|mood"
                          r"|spirits|confidence|appetite|hopes|morale)\b", re.IGNORECASE)


_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*(?:%|percent|per\s+cent|points?)?\s+$", re.I)
_NUMBER_AFTER = re.compile(r"\s+(?:by\s+)?\d", re.I)
#: a move clause talks about a market: a traded thing or a name standing for one
_MARKET_NOUN = re.compile(
    r"\b(?:stocks?|shares?|equit(?:y|ies)|index(?:es)?|indices|markets?|futures|prices?|bonds?"
    r"|yields?|dollar|yen|yuan|euro|lira|peso|rupee|rouble|ruble|rupiah|sterling|currenc(?:y|ies)"
    r"|oil|crude|gold|copper|soybeans?|wheat|corn"
    r"|commodit(?:y|ies)|Dow|Nasdaq|S&P|Nikkei|Hang\s+Seng|Wall\s+Street|sectors?|ETFs?|funds?"
    r"|the\s+(?:rebound|rally|sell-?off|slide|slump|decline|drop|plunge|rout|gains|losses))\b",
    re.IGNORECASE,
)


def market_clause(text: str, span: tuple[int, int], subjects: list[tuple[int, int]]) -> bool:
    """Whether the clause ``span`` of ``text`` names a market: a subject or a market noun.

    ``subjects`` are sentence-relative spans of subject mentions. "The rate rises to 25
    percent on Jan. 1" names none, so its date is an event's, not a move's.
    """
    s, e = span
    return any(s <= a < e for a, _ in subjects) or bool(_MARKET_NOUN.search(text, s, e))


_MOVE_VERB_BEFORE = re.compile(
    r"\b(?:ended|closed|finished|opened|traded|edged|moved|turned|was|were|is|are|went"
    r"|inched|ticked|crept|drifted|pushed|headed|trended|steered)\s+"
    r"(?:\w+ly\s+)?$",
    re.IGNORECASE)


#: a verb making its object move ("dragged U.S. stocks lower", "sent the Dow down")
CAUSATIVE = re.compile(
    r"\b(?:drag(?:s|ged|ging)?|pull(?:s|ed|ing)?|push(?:es|ed|ing)?|sen(?:d|ds|t|ding)"
    r"|dr(?:ive|ives|ove|iving)|knock(?:s|ed|ing)?|l(?:ead|eads|ed|eading)(?!\s+by\b))\b",
    re.IGNORECASE)
_CAUSATIVE_BEFORE = re.compile(CAUSATIVE.pattern + r"\s+(?:[\w.&'-]+\s+){1,6}$", re.IGNORECASE)


def _counted(text: str, mv: tuple[int, int, str, str]) -> bool:
    """Count a weak move word next to a number or a verb ("down 2%", "ended lower").

    Also after a causative verb and its object ("dragged U.S. stocks sharply lower").
    """
    return bool(_NUMBER_BEFORE.search(text, max(0, mv[0] - 30), mv[0])
                or _NUMBER_AFTER.match(text, mv[1])
                or _MOVE_VERB_BEFORE.search(text, max(0, mv[0] - 25), mv[0])
                or _CAUSATIVE_BEFORE.search(text, max(0, mv[0] - 60), mv[0]))


#: a pronoun standing for a market in the move's clause: "They jumped 5.9 percent"
_PRONOUN_MOVER = re.compile(r"\s*(?:They|It|The\s+(?:shares|stock))\s+(?:\w+ly\s+)?\w+\b")


def move_clauses(sentence: Sentence, subjects: list[tuple[int, int]] | None = None
                 ) -> list[tuple[int, int]]:
    """Clause spans (sentence-relative) of the market-move words that name a market.

    ``subjects`` are sentence-relative spans of subject mentions; without them only
    the market nouns (stocks, shares, index, futures, ...) count.
    """
    text = sentence.text
    out: list[tuple[int, int]] = []
    for s, _, _, _ in moves(text):
        sp = clause_span(text, s)
        # the grammatical clause of the move (clauses.py) may reach further back than the
        # comma-split span: "Shares of Tesla Inc. TSLA, -5.55% fell 5.6% on Thursday"
        cl = clause_at(text, s)
        if market_clause(text, sp, subjects or []) or market_clause(
                text, (min(cl.start, sp[0]), sp[1]), subjects or []) or _PRONOUN_MOVER.match(
                text, min(cl.start, sp[0])) or (
                # "Ford's shares fell ... on Wednesday, but turned higher on Thursday": a
                # conjunct with its subject left out goes on with the move clause before
                out and _ELIDED_JOIN.fullmatch(text, out[-1][1], sp[0]) is not None
                and _ELIDED_VERB.match(text, sp[0]) is not None):
            out.append(sp)
    return out


#: a conjunct opening with its verb, the subject left out: ", but turned higher"
_ELIDED_JOIN = re.compile(r"\s*,?\s*(?:but|and|then|yet)\s*")
_ELIDED_VERB = re.compile(r"\s*(?:then\s+|later\s+|\w+ly\s+)?(?!the\b|a\b|an\b|its\b|their\b)"
                          r"[a-z]+ed\b")
