"""Shared vocabulary of the draft rules: cause cues, clauses, ids, keywords, content words.

Used by :mod:`eventstudy.draft.events` (which references date an event) and
:mod:`eventstudy.draft.extract` (claims and their attribution); the market-move words
are :mod:`eventstudy.draft.moves`'s. The rules themselves are documented in
docs/draft.md.
"""

from __future__ import annotations

import bisect
import functools
import re

from eventstudy.draft.clauses import clause_at, split_clauses, verb_group
from eventstudy.draft.earlypath import early_path
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.text import Sentence

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


_TREASURY_MARKET = re.compile(r"\bTreasury(?=\s+(?:yields?|bonds?|notes?|bills|prices|futures)\b)")


def words(text: str) -> set[str]:
    """Return the lower-cased content words (stop words dropped, plural ``s`` cut, synonyms)."""
    out = set()
    # ("Treasury yields", "Treasury bonds": a market, not the Treasury)
    text = _TREASURY_MARKET.sub("", text)
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
        # "rallied on Friday as Treasury yields retreated from four-year highs": another
        # thing's move in an "as" clause is the news the market took
        other = _AS_OTHER_MOVE.search(text, move_pos)
        if other is not None:
            nxt = _NEXT_CAUSE.search(text, other.end())
            return other.start("what"), nxt.start() if nxt else len(text)
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
    r"|markets?|stocks|shares|they|it|he|she|we)\b)(?:[\w$%.'’-]+\s+){1,16}?)"
    r"(?:kept|helped|lifted|boosted|pushed|drove|sent|supported|spurred|weighed\s+on"
    r"|dragged|hurt|buoyed|underpinned"
    # a thing that moved the buyers' mood: "as a steady climb in Treasury yields ... made
    # investors wary", "as the yuan's slide rattled traders"
    r"|made|left|rattled|spooked|unnerved|unsettled|worried|encouraged|reassured|stoked"
    r"|fu?ell?ed|dented|soured)\b", re.IGNORECASE)


#: another thing's move in an "as" clause: "as Treasury yields retreated", "as oil prices
#: jumped", "as the dollar weakened"
_AS_OTHER_MOVE = re.compile(
    r",?\s+as\s+(?P<what>(?:(?:U\.S\.|Treasury|bond|government-bond|benchmark|10-year|German"
    r"|Italian|Japanese)\s+){1,3}yields?|oil\s+prices|crude(?:\s+oil)?(?:\s+prices)?"
    r"|the\s+(?:U\.S\.\s+)?(?:dollar|yen|euro|yuan|pound))\s+(?:\w+ly\s+)?"
    r"(?:rose|fell|climbed|jumped|retreated|eased|dropped|slipped|surged|tumbled|pulled\s+back"
    r"|weakened|strengthened|firmed|rallied|slid|plunged|soared|declined|spiked|sank)\b")


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
