"""Shared vocabulary of the draft rules: move words, cause cues, clauses, content words.

Used by :mod:`eventstudy.draft.events` (which references date an event) and
:mod:`eventstudy.draft.extract` (claims and their attribution). The rules
themselves are documented in docs/draft.md.
"""

from __future__ import annotations

import bisect
import functools
import re

from eventstudy.draft.clauses import clause_at, split_clauses, verb_group
from eventstudy.draft.earlypath import early_path
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import background
from eventstudy.draft.text import Sentence

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
#: a move summed over a week or a month, not the day's: a sentence opening "For the week,"
#: ("For the week, the index gained 3.5 percent"), or a figure followed by the span ("lost
#: about 510 points this week"; not "for the second time this week", a count of days)
_WEEK_OPENING = re.compile(r"\s*(?:For|Over|On)\s+the\s+(?:week|month)\b", re.IGNORECASE)
_WEEK_AFTER = re.compile(r"[^,;]{0,40}?(?:points?|percent|per\s+cent|%)\s+(?:this|for\s+the"
                         r"|on\s+the|over\s+the)\s+(?:week|month)\b", re.IGNORECASE)
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
NEGATION = re.compile(
    r"\b(?:not|never|no|failed\s+to|fail\s+to)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$", re.I
)
PRE_EVENT = re.compile(
    r"\b(?:recently|lately|in\s+recent\s+(?:days|weeks|months|sessions)|ahead\s+of"
    r"|in\s+the\s+run-?up\s+to|in\s+the\s+(?:days|weeks)\s+(?:before|leading\s+up\s+to))\b",
    re.IGNORECASE,
)
# "after the close", "after the bell", "after hours" say when, not why
_WHEN = (r"(?!\s+(?:the\s+)?(?:(?:U\.?S\.?|stock|New\s+York|Hong\s+Kong|Tokyo|London"
         r"|Shanghai|Wall\s+Street)\s+)?"
         r"(?:close|closing|bell|markets?\s+(?:had\s+)?closed|hours))")
CAUSE = re.compile(
    # ("revenue from bond trading" names a figure's source, not a cause)
    r"\b(?:(?<!revenue\s)(?<!revenues\s)(?<!income\s)(?<!sales\s)(?<!earnings\s)"
    r"(?<!profit\s)(?<!profits\s)from(?!\s+(?:about\s+|around\s+|a\s+record\s+)?(?:[\d$€£¥]|C\$)"
    # a comparison base is no cause: "from a year earlier", "from its September record"
    r"|\s+(?:a|the)\s+year\s+(?:earlier|ago|before)|\s+(?:the\s+)?(?:previous|prior|same)\s+"
    r"|\s+(?:its|their|the|an?)\s+(?:\w+\s+){0,2}(?:record|high|peak|low)s?\b"
    # (with no determiner too: "slipped from record highs")
    r"|\s+(?:record|all-time|multi-?year|[\w-]+-(?:year|month|week))\s+(?:highs?|lows?|peaks?)\b"
    # a start told by its date is no cause: "a cut in VAT from April 1", "from Wednesday"
    r"|\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?!['’])))"
    rf"|after{_WHEN}|following|on\s+(?:news|hopes|optimism|fears|worries|reports)|amid"
    r"|tracking|taking\s+(?:their|its|a)\s+cue\s+from|helped\s+by|hurt\s+by|spurred\s+by"
    # ("due to report", "due to be fired at the end of the week": a schedule, not a cause)
    r"|due\s+to(?!\s+(?:be|begin|start|take|report|release|publish|meet|hold|vote|sign"
    r"|speak|address|deliver|testify|give|explain|discuss|chair|join|leave|rule|expire|end"
    r"|close|open|launch|unveil|announce|arrive|visit|resume|return|decide|present|issue"
    r"|kick|travel|attend|host|outline|lay|set|go|come|make|hit|rise|fall)\b)"
    r"|thanks\s+to|because\s+of|in\s+response\s+to"
    # more cues of market copy: "on the back of", "in the wake of", "buoyed by", "on
    # speculation that", "fuelled by"
    r"|on\s+the\s+back\s+of|in\s+the\s+wake\s+of|in\s+reaction\s+to"
    r"|on\s+(?:concerns?|speculation|expectations?|signs|relief|the\s+news|word)"
    r"|(?:buoyed|driven|fu?ell?ed|boosted|pressured|sparked|triggered|prompted)\s+by"
    r"|over(?!\s+(?:the\s+)?(?:past|previous|last|next|several|recent|\d|two|three|four|five)\b))"
    r"\b(?!-)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    # (not the colon of a listing: "Shares of Apple (NASDAQ: AAPL) closed 4.4% higher")
    rf"(?<!\d),(?!\d)|(?<!\d):(?!\d)(?!\s*[A-Z][A-Z.-]{{0,6}}\s*\))|[;—–]|\b(?:after{_WHEN}|following|as|while|amid|that|but"
    r"|where"
    r"|when(?!\s+(?:trading|markets?|the\s+market)\s+(?:opened|closed|resumed)))\b(?!-)",
    re.I)
EVENT_KEYWORDS = (
    "talks truce tariffs tariff meeting meet summit deal agreement ceasefire call tweet ban "
    "sanctions arrest vote election decision announcement statement visit negotiations survey "
    "purchases purchase order orders shutdown probe lawsuit merger acquisition earnings "
    "results recall strike"
).split()
STOP_WORDS = frozenset(
    "a an the and or of to in on at for from by with as is are was were be been being has have "
    "had it its this that these those their there they them he she his her we our you your i "
    "said says say told would will could should may might can than then also after before "
    "following news amid over into about up down more most some any all other such who which "
    "what when where while not no new report reports reported according week day today "
    "yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday jan feb mar "
    "apr jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december recently upcoming officials official although though "
    "whereas unless whether".split()
)




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


def words(text: str) -> set[str]:
    """Return the lower-cased content words (stop words dropped, plural ``s`` cut, synonyms)."""
    out = set()
    for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
        w = w.lower().replace("’", "'")
        w = w[:-2] if w.endswith("'s") else w
        if w in STOP_WORDS or len(w) < 3:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(_SYNONYMS.get(w, w))
    return out


def slug(text: str) -> str:
    """Return ``text`` as a lower-case id fragment."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class UniqueIds:
    """Hand out ``stem``, ``stem-2``, ``stem-3``, ... in constant time per id."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def __call__(self, stem: str) -> str:
        """Return a new id starting with ``stem``."""
        uid = stem
        n = self._next.get(stem, 2)
        while uid in self._used:
            uid = f"{stem}-{n}"
            n += 1
        self._next[stem] = n
        self._used.add(uid)
        return uid


def clause_span(text: str, pos: int) -> tuple[int, int]:
    """Return the span of the clause holding ``pos`` (commas in numbers do not split)."""
    marks = _clause_marks(text)
    i = bisect.bisect_right([e for _, e in marks], pos) - 1  # last mark ending by pos
    j = bisect.bisect_left([s for s, _ in marks], pos)  # first mark starting at/after pos
    return (marks[i][1] if i >= 0 else 0), (marks[j][0] if j < len(marks) else len(text))


@functools.lru_cache(maxsize=4096)
def _clause_marks(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _CLAUSE.finditer(text))


def strip_refs(sentence: Sentence, refs: list[TimeRef]) -> str:
    """Return the sentence without the given time phrases, tidied."""
    text = sentence.text
    for r in sorted(refs, key=lambda r: -r.start):
        s, e = r.start - sentence.start, r.end - sentence.start
        text = text[:s] + text[e:]
    text = re.sub(r"\s+([,.;:])", r"\1", " ".join(text.split()))
    return re.sub(r"^(?:On|In|At|By|,)\s+|[ ,]+(?=,)", "", text).strip(" ,.;:")


def title_of(sentence: Sentence, refs: list[TimeRef]) -> str:
    """Return an event title: the sentence without its time phrases, cut to eight words."""
    words = strip_refs(sentence, refs).split()
    title = " ".join(words[:8])
    return title.rstrip(",;:") + ("..." if len(words) > 8 else "")


_KEYWORD_RE = re.compile(r"\b(?:" + "|".join(EVENT_KEYWORDS) + r")\b")


def keyword(text: str) -> str:
    """First :data:`EVENT_KEYWORDS` word of ``text``, else its first two content words."""
    lower = text.lower()
    m = _KEYWORD_RE.search(lower)
    if m:
        return m.group(0)
    content = [w for w in re.findall(r"[a-z][a-z-]+", lower) if w not in STOP_WORDS]
    return "-".join(content[:2]) or "event"


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




#: words too common to tie two sentences to one happening (titles, units, market words)
GENERIC = frozenset(
    "president minister secretary chairman chair ceo chief executive spokesperson spokeswoman "
    "spokesman government percent per cent share stock market investor trading trade price "
    "point points billion million company official people time year month one two three four "
    "good "
    "five six seven eight nine ten first second third biggest largest".split()
)
_SYNONYMS = {"fed": "federal", "u.s": "us", "tweet": "twitter", "tweeted": "twitter",
             "duty": "tariff", "duties": "tariff", "levies": "tariff", "levy": "tariff"}


#: nationality adjectives: capitalised, but they name no actor ("Turkish steel")
DEMONYMS = frozenset(
    "american asian african australian brazilian british canadian chinese dutch european "
    "french german indian iranian italian japanese korean mexican russian saudi spanish swiss "
    "turkish".split())


#: capitalised in names, but common to many institutions
INSTITUTIONS = frozenset("bank banks central reserve federal ministry department commission "
                          "government group company corp inc national people agency "
                          "authority council union".split())
#: titles before a name: capitalised, but they name no one ("President Xi", "President Trump")
TITLES = frozenset("president vice chairman chairwoman chair governor minister premier secretary "
                   "chief executive officer representative senator sen mr mrs ms".split())


def names_same(cause: set[str], other: set[str]) -> bool:
    """Whether two word sets name the same thing: two shared words, or all of a short cause.

    Nationality adjectives do not count ("Chinese goods" is every trade story's).
    """
    shared = (cause & other) - DEMONYMS
    return len(shared) >= min(2, len(cause)) and bool(shared)


def content_words(text: str) -> set[str]:
    """Content words of ``text`` (:func:`_words`) without the :data:`GENERIC` ones."""
    return {w for w in words(text) if w not in GENERIC}


_CAUSATIVE_PARTICIPLE = re.compile(r"\s*(?:sending|driving|pushing|pulling|dragging|knocking"
                                   r"|lifting|boosting|weighing)\b", re.IGNORECASE)


#: a day's move named by its day after "from": "recovering from Thursday's sell-off"
_DAY_MOVE = re.compile(r"\s+\w+day['’]s\s+(?:[\w%.-]+\s+){0,2}(?:sell-?off|rout|slide|slump"
                       r"|drop|decline|fall|losses|rally|gains|plunge|tumble|retreat)\b",
                       re.IGNORECASE)


#: an index or fund set off by a comma before "tracking": what it follows, not a cause
#: ("the ChiNext Index, tracking China's Nasdaq-style board of growth enterprises")
_WHAT_IT_TRACKS = re.compile(r"\b(?:index|indices|indexes|ETF|fund|gauge|benchmark|board)"
                             r"\s*,\s*$", re.IGNORECASE)


def _inside_other_clause(text: str, move_pos: int, pos: int) -> bool:
    """Whether a cue at ``pos`` is a preposition inside another finite clause.

    "tumbled on Friday as Tokyo returned from its New Year break": "from" belongs to
    the clause of "returned" (its own subject and verb), so it names no cause of the
    move; a cue that opens a clause ("after regulators suspended ...") does.
    """
    c = clause_at(text, pos)
    if c.start <= move_pos < c.end or c.kind not in ("subordinate", "coordinate"):
        return False
    if c.marker.split()[-1:] and text[c.start - 1 - len(c.marker.split()[-1]):c.start].lower(
            ).strip().endswith(c.marker.split()[-1]) and pos >= c.start - len(c.marker) - 2 and \
            pos <= c.start + 1:
        return False  # the cue is the clause's own marker
    head = verb_group(text[c.start:pos])
    return head[2] != "none"


def cause_span(text: str, move_pos: int) -> tuple[int, int] | None:
    """Span of the cause after the move word at ``move_pos``: first cue to the next cue.

    "fell after regulators suspended flights, following Sunday's crash": the cause
    is the suspension; the crash is the cause's own background.
    """
    cue = CAUSE.search(text, move_pos)
    while cue is not None and (_inside_other_clause(text, move_pos, cue.start()) or (
            _WHAT_IT_TRACKS.search(text, max(0, cue.start() - 40), cue.start()) is not None
            and cue.group(0).lower().startswith("track")) or (
            cue.group(0).lower() == "from" and (
                bool(_DAY_MOVE.match(text, cue.end())) if CAUSE.search(text, cue.end())
                else early_path(text, cue.start())))):
        # ("recovering from Thursday's sell-off, after ...": the mover's own path, and
        # the cause is the next cue's; "recovering from early losses." names none)
        cue = CAUSE.search(text, cue.end())
    if cue is None:
        # "rose ..., as a weaker yen and a rise on Wall Street overnight kept buyers
        # interested": an "as" clause whose subject is a thing that kept/helped/lifted
        # the market names the cause (not "as investors judged ...": people judging)
        as_cause = _AS_CAUSE.search(text, move_pos)
        if as_cause is not None:
            return as_cause.start("what"), as_cause.end("what")
        # "finished slightly lower Wednesday as Congress gave final approval to the tax
        # bill": an "as" clause whose subject is a named doer (not a market) doing news
        as_news = _AS_NEWS.search(text, move_pos)
        if as_news is not None:
            nxt = _NEXT_CAUSE.search(text, as_news.end())
            return as_news.start("what"), nxt.start() if nxt else len(text)
        # "fell as investors digested President Trump's criticism of the Fed": what the
        # market took in is the news (a named doer's, possessive)
        took_in = _AS_TOOK_IN.search(text, move_pos)
        if took_in is not None:
            nxt = _NEXT_CAUSE.search(text, took_in.end())
            return took_in.start("what"), nxt.start() if nxt else len(text)
        # "the Fed raised its main rate ..., sending Wall Street lower on Wednesday": a
        # causative participle's cause is the clause it hangs on
        c = clause_at(text, move_pos)
        if c.kind == "participial" and c.head >= 0 and _CAUSATIVE_PARTICIPLE.match(
                text, c.start):
            cl = split_clauses(text)
            head = cl[c.head]
            while head.kind == "coordinate" and head.head >= 0:  # "... raised X and signalled Y"
                head = cl[head.head]
            return head.start, c.start
        return None
    if re.fullmatch(r"on\s+the\s+news", cue.group(0), re.IGNORECASE) and re.match(
            r"\s*(?:[,.;:]|$)", text[cue.end():]):
        # "rallied on the news, with the yield on the 10-year BTP falling": the news just told
        return cue.start() + 3, cue.end()
    nxt = _NEXT_CAUSE.search(text, cue.end())
    return cue.end(), nxt.start() if nxt else len(text)


_AS_CAUSE = re.compile(
    r",?\s+as\s+(?P<what>(?!(?:investors|traders|analysts|economists|dealers|buyers|sellers"
    r"|markets?|stocks|shares|they|it|he|she|we)\b)(?:[\w$%.'’-]+\s+){1,12}?)"
    r"(?:kept|helped|lifted|boosted|pushed|drove|sent|supported|spurred|weighed\s+on"
    r"|dragged|hurt|buoyed|underpinned)\b", re.IGNORECASE)


#: a named doer's news verb: "as Congress gave final approval", "as Beijing pledged to buy"
_AS_NEWS = re.compile(
    r"\s+as\s+(?P<what>(?:the\s+)?(?!(?:Wall|Investors|Traders|Markets?|Stocks|Shares)\b)"
    r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s+(?:\w+ly\s+)?)"
    r"(?:gave|approved|passed|pledged|announced|agreed|signed|voted|unveiled|imposed"
    r"|threatened|decided|raised|cut|lowered|reported|released|launched|proposed|rejected"
    r"|ordered|ruled|confirmed|declared"
    # "as the Commerce Department held a public hearing on car tariffs": a happening held
    r"|held\s+(?:a|an|its|his|her|their|the)\s+(?:[\w-]+\s+){0,2}(?:hearings?|meetings?|talks"
    r"|(?:news\s+|press\s+)?conferences?|votes?|summit|briefing))\b")


#: what the market took in, a named doer's news: "as investors digested President Trump's
#: unusual public criticism of the Federal Reserve"
_AS_TOOK_IN = re.compile(
    r"\s+as\s+(?:[^,;]{0,60}?\band\s+)?(?:investors|traders|markets?)\s+(?:digested|weighed|cheered|welcomed|assessed"
    r"|parsed|absorbed|mulled|reacted\s+to)\s+(?P<what>(?:[A-Z][\w.&-]*\s+){1,4}?"
    r"[A-Z][\w.&-]*['’]s\s)")


def as_news(text: str, span: tuple[int, int]) -> bool:
    """Whether a cause span is a named doer's "as" clause (:data:`_AS_NEWS`).

    "as" tells two things at once, not which came first: the news may be older than the
    move ("climbed as Beijing pledged to buy more farm goods", pledged days before).

    Parameters
    ----------
    text
        The sentence.
    span
        The cause span :func:`cause_span` read.

    Returns
    -------
    bool
        True when the span opens right after an "as" whose clause :data:`_AS_NEWS` reads.
    """
    m = _AS_NEWS.search(text, max(0, span[0] - 6), span[1])
    return m is not None and m.start("what") == span[0]


# "..., less than a day after Musk smoked marijuana on Thursday night": an earlier
# happening told as the background of the cause ends the cause
_SPELL = (r"(?:(?:less|more|just|only|than|about|some|nearly|almost|barely|a|an|one|two|three"
          r"|four|five|few|several|\d+)\s+)*(?:days?|hours?|weeks?|months?|minutes?)\s+"
          r"(?:after|before|earlier|later)\b")
_NEXT_CAUSE = re.compile(r"[,;]\s*(?=" + CAUSE.pattern + "|" + _SPELL + ")"
                         # "... would ground the jets, joining countries that had barred the
                         # plane after Sunday's crash": a happening before the cause's
                         r"|\s(?=(?:after|since|following)\s+(?:\w+['’]s|last|an?\s+earlier)\s)"
                         # "after the bank reported earnings ..., the first set of results
                         # since David Solomon succeeded Lloyd Blankfein on Oct. 1": what is
                         # measured since a happening names that happening as background
                         r"|\s(?=since\s)"
                         # "..., a rare decliner on a day when optimism ... sent the market
                         # higher": the day's circumstances, another happening
                         r"|\s(?=(?:on\s+)?a\s+day\s+(?:when|that|in\s+which)\b)"
                         # "..., while a slide in tech shares weighed": another clause's news
                         r"|,\s+(?=(?:while|whereas)\b)",
                         re.IGNORECASE)
