"""Markets and their sessions in draft events: closures, a market's own path, another's move.

Used by :mod:`eventstudy.draft.events`; the rules are in docs/draft-rules.md (third rule table).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from eventstudy.draft.clauses import clause_at, split_clauses, verb_group
from eventstudy.draft.framing import weekday_before
from eventstudy.draft.moves import moves
from eventstudy.draft.times import MARKETS, market_named
from eventstudy.draft.words import CAUSE, PRE_EVENT, clause_span

#: a market closed on a day: "when U.S. markets were closed for Good Friday", "Tokyo was
#: closed on Monday for a holiday", "Markets in Europe were closed for Easter Monday"
_CLOSED = re.compile(r"\b(?:was|were|is|are|will\s+be|remain(?:s|ed)?|stay(?:s|ed)?)\s+closed"
                     r"\s+(?:on\s+|for\s+|over\s+)?(?:the\s+)?[^,;]{0,40}$", re.IGNORECASE)

#: verbs of a market's level besides the move words: "had closed at its lowest level"
_LEVEL_VERBS = frozenset("close end finish settle hit touch reach".split())
#: what follows "lost"/"traded" when it tells a market's path: an amount or a level
_WEAK_PATH = re.compile(r"\s+(?:(?:about|nearly|almost|more\s+than|some|over)\s+)?"
                        r"[\d,.]*\d\s*(?:%|percent|per\s+cent|points?)"
                        r"|\s+(?:above|below|at|near|around)\s+\$?[\d,.]*\d", re.IGNORECASE)


#: a level set: "which had set a record on Wednesday", "had notched a record high"
_SET_LEVEL = re.compile(r"\s+(?:a|an|its|their|the)\s+(?:[\w-]+\s+){0,2}?(?:record|high|low"
                        r"|peak)s?\b", re.IGNORECASE)


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
        # (a weak move word counts with its amount, "had already lost 592 points"; a level
        # traded at, "had traded above 26,000")
        after = c.start + verb_group(text[c.start:c.end])[3] + len(c.verb)
        if c.base in _LEVEL_VERBS or moves(word) or _SET_LEVEL.match(text, after) and (
                c.base in ("set", "notch", "post", "reach")) or (
                c.base in ("lose", "trade") and _WEAK_PATH.match(
                    text, c.start + verb_group(text[c.start:c.end])[3] + len(c.verb))):
            at = c.start + verb_group(text[c.start:c.end])[3]
            if lo <= at < hi:
                return at
    return None


def home_path(text: str, pos: int, home: str | None) -> bool:
    """Whether the date at ``pos`` dates the story's own market's past-perfect path.

    A past-perfect path whose subject is a market named by no place ("The index had
    closed above 3,000 ... on Monday") is the story's own market's.
    """
    cs, ce = clause_span(text, pos)
    at = had_moved(text, cs, ce)
    if at is None or re.search(r"\b(?:after|before|since|until|when|once)\b",
                               text[cs:at], re.IGNORECASE):
        return False  # "after the Hong Kong market had closed on Thursday" says when
    head = text[cs:at]
    if re.match(r"\s*,?\s*(?:which|that)\b", head) and cs > 0:
        # "The Nasdaq composite, which had set a record on Wednesday, fell": the relative
        # clause's subject is the noun it hangs on
        head = text[max(0, cs - 60):cs]
        cs, at = max(0, cs - 60), cs
    named = market_named(head)
    if named is None:  # "The index", "The benchmark": no place, so the story's own
        return _MARKET_SUBJECT.search(text, cs, at) is not None
    return named == home


#: what names a market or a stock as a clause's subject ("the index", "The stock", "the Dow");
#: also a pronoun, the subject of a move or a level verb: the market or stock just told
#: ("It had closed below 16 on Tuesday", "At one point in the afternoon it was down more
#: than 1,600 points") -- its own path, not news
_MARKET_SUBJECT = re.compile(
    r"\b(?:(?i:index|indexes|indices|average|stocks?|shares|market|benchmark|composite|gauge)"
    r"|Dow|Nasdaq|S&P|Nikkei|Topix|Hang\s+Seng|Stoxx|DAX|FTSE|CAC|Kospi|[Ii]t|[Tt]hey)\b")
#: a record's date: "the previous closing record of $181.72 set on March 12" (a number's
#: comma is no clause break: "record of 2,872.87 set on Jan. 26")
_RECORD_SET = re.compile(r"\b(?:record|high|low|peak)s?\b(?:[^,;]|,(?=\d)){0,30}"
                         # (also "its previous record, set on Jan. 26")
                         r",?\s*\b(?:set|reached|hit|touched|notched)\s+(?:on\s+|in\s+)?$",
                         re.I)
#: a level's comparison base: "its first close below the 3,000 mark since last Friday",
#: "its lowest close since October 2017", "its highest level since April 4" (a superlative
#: of a level or close; and of a session, "their best day since Jan. 4"; one of a day's move,
#: "its worst showing since Jan. 3", is left alone)
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:(?:first|lowest|highest|weakest|strongest)\s+(?:[\w-]+\s+)?(?:close|level|finish"
    r"|settlement|reading)"
    # a session compared: "their best day since Jan. 4", "its worst session since March"
    r"|(?:best|worst|biggest|strongest|weakest)\s+(?:[\w-]+\s+)?(?:day|session))\b"
    r"(?:[^,;.]|[,.](?=\d)){0,40}?\bsince\s+$", re.I)
#: a level's last time: "closing above 25000 for the first time since Feb. 2"
_FIRST_TIME_SINCE = re.compile(r"\bfor\s+the\s+first\s+time\s+since\s+$", re.I)
#: the mover's own earlier move named by its day: "reversing part of Tuesday's surge",
#: "recovering from Thursday's sell-off", "extending Monday's gains"
_PATH_BEFORE = re.compile(r"\b(?:revers|eras|par|recovering\s+from|rebounding\s+from|extend"
                          # "recovering part of Monday's losses", "recouped most of ..."
                          r"|recover(?:s|ed|ing)?(?=\s+(?:part|some|most|all|half)\s)|recoup"
                          r"|add(?:ing)?\s+to|build(?:ing)?\s+on|wip(?:e|ed|es|ing)\s+out"
                          r"|giv(?:e|es|ing)\s+back|gave\s+back|undo(?:ing)?|undid)\w*\s+"
                          r"(?:(?:part|some|most|all"
                          r"|half)\s+of\s+)?$", re.IGNORECASE)
#: a recovery after a day's move: "the Nikkei regained 0.8 per cent after Thursday's fall" --
#: the move the mover recovered from is its own earlier session
_RECOVERED_AFTER = re.compile(r"\b(?:regain|recover|rebound|bounc|snap(?:s|ped|ping)?\s+back)\w*\b"
                              r"[^,;]{0,40}?\b(?:after|from)\s+$", re.IGNORECASE)
_DAY_MOVE = re.compile(r"(?:last\s+)?\w+['’]s\s+(?:[\w%.-]+\s+){0,4}?(?:sell-?off|rout|slide"
                       r"|slump|drop|decline|fall|loss|losses|rally|gain|gains|plunge|tumble|retreat|surge|jump"
                       r"|rebound|advance"
                       # the mover's own level: "recovering from Friday's lowest close"
                       r"|(?:lowest|highest|weakest|strongest|record)\s+(?:close|level|finish))\b",
                       re.IGNORECASE)
#: a move qualified by its cause: "tariff-driven slump", "Fed-induced sell-off"
_CAUSE_LED = re.compile(r"\w-(?:driven|induced|fu?ell?ed|sparked|triggered|led)\b", re.I)
_SUBORDINATOR = re.compile(r"\b(?:after|before|when|until|once|since|as|because)\b", re.I)
#: a market's own level or path: its moves, closes, crossings and streaks
_PATH_BASES = frozenset("close end finish settle cross top hit reach extend snap".split())
#: a market's reaction to news told as its verb: "Financial markets took the defeat in their
#: stride on Wednesday", "Stocks shrugged off the report on Monday" (the day of the session)
_REACTION_BASES = frozenset("shrug cheer welcome digest ignore brush greet".split())
_MARKETS = re.compile(r"\bmarkets\b", re.IGNORECASE)
_STRIDE = re.compile(r"\bin\s+(?:its|their)\s+stride\b", re.IGNORECASE)


def record_date(text: str, pos: int) -> bool:
    """Whether the date at ``pos`` is a record's ("the closing record set on March 12").

    A comparison base: it dates neither news nor the move told in its sentence.
    """
    return _RECORD_SET.search(text, max(0, pos - 60), pos) is not None or (
        _SUPERLATIVE_SINCE.search(text, max(0, pos - 80), pos) is not None) or (
        _FIRST_TIME_SINCE.search(text, max(0, pos - 30), pos) is not None)


def earlier_path_day(text: str, pos: int) -> bool:
    """Whether the day at ``pos`` names the mover's own earlier move it reversed or extended.

    "erasing part of Wednesday's 1.2 per cent gain", "reversing part of Tuesday's surge",
    "recovering part of Monday's losses": the mover's own earlier session, neither news nor
    the move's own day -- unless a cause of that move follows, without a comma ("extending
    Friday's slide after a jobs report"; ", after ..." is the main move's), or qualifies it
    ("last week's tariff-driven slump"); a move recovered from is always the mover's
    ("snapping back from last week's rout as signs ... eased fears": the cause is the
    recovery's).
    """
    path = _PATH_BEFORE.search(text, max(0, pos - 40), pos)
    back = _RECOVERED_AFTER.search(text, max(0, pos - 60), pos)
    day = _DAY_MOVE.match(text, pos) if path or back else None
    if day is None or _CAUSE_LED.search(day.group(0)):
        return False
    return bool(back) or not re.match(r"\s+(?:after|following|on|as|when)\b", text[day.end():])


#: a day's move told of a market named right after it: "Monday's gains on Wall Street"
_DAY_MOVE_OF = re.compile(r"\s+(?:on|in)\s+((?:[A-Z][\w.&'’-]*\s?){1,3})")


def other_market_day(text: str, pos: int) -> bool:
    """Whether the day at ``pos`` is another market's move told as news for the sentence's.

    "Japan's Nikkei 225 rose 0.8 percent as it caught up with Monday's gains on Wall
    Street": New York's Monday session, which Tokyo's move followed -- news for Tokyo (the
    sentence's first market), not Tokyo's own earlier session.
    """
    day = _DAY_MOVE.match(text, pos)
    if day is None or _PATH_BEFORE.search(text, max(0, pos - 40), pos):
        return False
    where = _DAY_MOVE_OF.match(text, day.end())
    there = market_named(where.group(1)) if where else None
    own = market_named(text[:pos])
    return there is not None and own is not None and there != own


#: a market shut ahead, not a close: "are closed Friday", "will be closed" (a past closure,
#: "was closed on Friday for the holiday", stays the market's own day)
_BE_CLOSED = re.compile(r"(?:is|are|will\s+be|remains?)\s+closed", re.IGNORECASE)


def market_move_date(text: str, pos: int, home: str | None) -> bool:
    """Whether the date at ``pos`` dates a market's own move, record or milestone.

    By the clause reader: the date's clause has a move or level verb (rise, jump,
    close, finish, cross, extend, ...), or a verb of reaction ("shrugged off the
    report", "took the defeat in their stride"), whose subject -- for a relative clause, its
    head ("the Dow, which rallied nearly 400 points on Monday") -- is a market or a
    stock ("The index first closed above 24,000 on Nov. 30", "On Monday, the index
    jumped ..."), or the date is a record's ("the closing record set on March 12").
    Such a date picks a session for a move; it is not news. Another market than the
    story's own, told as news ("Wall Street fell on Friday" in a Tokyo story), keeps
    its date (a cause the story's market reacted to).
    """
    if record_date(text, pos) or earlier_path_day(text, pos):
        return True
    c = clause_at(text, pos)
    if c.tense not in ("past", "present") or not c.verb or c.kind == "subordinate":
        return False  # "after the market closed on Monday" says when, not a move
    if _BE_CLOSED.fullmatch(c.verb):
        return False  # "U.S. stock markets are closed Friday for Good Friday": a closure ahead
    word = c.verb.split()[-1]
    reaction = c.base in _REACTION_BASES or (
        c.base == "take" and _STRIDE.search(text, c.start, c.end) is not None)
    if c.base not in _PATH_BASES and not moves(word) and not reaction:
        return False
    at = c.start + verb_group(text[c.start:c.end])[3]
    # (a reaction's object is the news itself: "took the defeat over her Brexit deal in
    # their stride" has no cue of its own)
    cue = None if reaction else CAUSE.search(text, at + len(c.verb), pos)
    if cue is not None and not (cue.group(0).lower() == "from" and not text[cue.end():pos].strip()):
        # "gained 1.1 percent, helped by Facebook's report after the bell Tuesday" (but
        # "ended up 108.52 points from Monday" names the comparison base, the path)
        return False
    subject = text[max(0, c.start - 60):c.start] if c.kind == "relative" else text[c.start:at]
    if not (_MARKET_SUBJECT.search(subject) or (reaction and _MARKETS.search(subject))) or (
            _SUBORDINATOR.search(subject)):
        return False  # "announced the duties after the market closed on Monday": when
    named = market_named(subject)
    return named is None or named == home


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
    far_named = market_named(cause)
    if (there is None and far_named is not None and market_named(text[:span[0]]) is None
            and _OVERNIGHT_MOVE.search(cause)):
        # "The index had slumped on Friday, following an overnight plunge on Wall Street":
        # the mover's market goes unnamed, but "overnight" tells the other market's
        # session was the night before the move's -- its last weekday before that day
        return weekday_before(day), (f"{far_named}'s session the night before "
                                     f"{day:%Y-%m-%d} ('overnight')")
    if there is None or not any(
            there in (market_named(cause[max(0, a - 40):a]), market_named(cause[b:b + 30]))
            for a, b in [(m[0], m[1]) for m in moves(cause)]
            + [m.span() for m in _MOVE_NOUN.finditer(cause)]):
        # the other market's own move ("a steep sell-off on Wall Street"), not a mention
        # of it next to another move ("a drop in profit ... its U.S. investment bank")
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


#: another market's move told "overnight": "an overnight plunge on Wall Street", "Wall
#: Street's overnight losses"
_OVERNIGHT_MOVE = re.compile(r"\bovernight\s+(?:[\w-]+\s+)?(?:plunge|slump|sell-?off|rout|rally"
                            r"|surge|losses|gains|declines?|drop|fall|rise|rebound|jump)\b",
                            re.IGNORECASE)
#: a gerund move after "after" following the main move: "fell 20% after more than doubling
#: on Monday", "rose 1.3 percent a day after sliding 2.2 percent"
_AFTER_GERUND = re.compile(r"\b(?:(?:a|one)\s+day\s+)?after\s+(?:(?:more|less)\s+than\s+|nearly\s+"
                           r"|almost\s+|about\s+|roughly\s+)?$", re.IGNORECASE)
#: the mover's earlier session named by its day: "erasing part of Wednesday's 1.2 per cent gain"
_PATH_DAY_BEFORE = re.compile(r"\b(?:revers|eras|par|(?:recover|rebound)\w*\s+from|extend"
                              r"|add(?:ing)?\s+to|build(?:ing)?\s+on|wip(?:e|ed|es|ing)\s+out"
                              r"|giv(?:e|es|ing)\s+back|gave\s+back)\w*\s+(?:(?:part|some|most"
                              r"|all|half)\s+of\s+)?\w+['’]s\s+(?:[\w%.,-]+\s+){0,3}$",
                              re.IGNORECASE)


#: a past participle set off by commas right after the sentence's subject
_APPOSITIVE = re.compile(r"\s*[^,;]{1,60}?,\s+(?:\w+ly\s+)?"
                         r"(?P<move>[a-z]+ed|sold\s+off|beaten\s+down)\b[^,;]{0,50},")


def earlier_session_move(text: str, move: tuple[int, int, str, str], before: int) -> bool:
    """Whether a move word is the mover's earlier move told beside its main move.

    ``before`` is the end of the sentence's previous move word (``-1`` for none). "The
    index fell 0.4 per cent, erasing part of Wednesday's 1.2 per cent gain" and "The
    gauge fell 20% after more than doubling on Monday" tell one move of the day -- the
    main verb's -- and the mover's path before it: the second move word draws no claim of
    its own (the day's claim is the first). So does a past participle set off by commas
    after the subject when a move follows ("Technology shares, hammered last week, led the
    advance") -- not a run-up told as one ("recently", "ahead of": the pre-event claim).
    """
    app = _APPOSITIVE.match(text)
    if (app is not None and app.start("move") == move[0] and moves(text[app.end():])
            and not PRE_EVENT.search(app.group(0))):
        # "Technology shares, hammered last week, led the advance": a participle set off
        # after the subject tells the mover's path before the move the sentence claims
        # (not a run-up told as such, "beaten down recently by worries": a pre-event claim)
        return True
    if before < 0:
        return False
    between = text[before:move[0]]
    if ";" in between or len(between) > 90:
        return False
    if move[2].lower().endswith("ing") and _AFTER_GERUND.search(text, before, move[0]):
        return True
    # (from the previous move word itself: "rebounded from Wednesday's slide")
    return _PATH_DAY_BEFORE.search(text, max(0, before - 12), move[0]) is not None


#: the bond market's move told alongside, "as Treasury yields climbed", "while bond yields
#: fell": a market, not news (a currency's move may be the news: "as the yuan weakened")
_MARKET_ALONGSIDE = re.compile(
    r"\b(?:as|while|with)\s+(?:the\s+)?(?:[\w.-]+\s+){0,3}?(?:yields?|Treasuries|bonds?)\s+"
    r"(?:\w+ly\s+)?(?:rose|fell|slid|sank"
    r"|climbed|jumped|gained|dropped|slipped|edged\s+(?:up|down|higher|lower)|firmed|eased"
    r"|weakened|strengthened|rallied|tumbled|surged)\b", re.IGNORECASE)


def without_market_moves(text: str) -> str:
    """Return ``text`` without another market's move told alongside a move.

    "Financials rose 0.7 percent as Treasury yields climbed": with no cause named, the
    words of the sentence are looked up among the events -- "Treasury" of the yields
    is not "Treasury Secretary Steven Mnuchin" of another sentence's news.
    """
    return _MARKET_ALONGSIDE.sub(" ", text)


#: a clause set against the one before it: ", though European equities drifted lower"
_CONTRAST = re.compile(r",\s*(?:though|although|but|while|whereas|even\s+as)\s+", re.IGNORECASE)


def contrast_start(text: str, move_pos: int) -> int:
    """Return where the contrasted clause holding a move starts (0 if none).

    "The pound jumped on Thursday after Brussels and London agreed ..., though European
    equities drifted lower in holiday-thinned trading": the agreement is the pound's
    cause; the equities' move, set against it, does not share it. Only when the text
    before the contrast tells a move the other way ("..., while the S&P 500 eked out
    gains" after the Dow's jump on IBM's results shares IBM's news).
    """
    last = None
    for m in _CONTRAST.finditer(text, 0, move_pos):
        last = m
    if last is None:
        return 0
    own = [mv[3] for mv in moves(text) if mv[0] >= move_pos][:1]
    before = {mv[3] for mv in moves(text[:last.start()])}
    return last.end() if own and before and own[0] not in before else 0

