"""What the draft reads from the clause reader (:mod:`eventstudy.draft.clauses`).

Each function answers one question about a position in a sentence from its
clause, verb and tense: does a date phrase read forward (the tense of its
clause), does it date a telling (after the clause's past speech verb), is a move
background (past perfect), a record (a present state) or the mover's own path (a
participle), does a date define a period or a state rather than a happening. The
rules are in docs/draft.md.
"""

from __future__ import annotations

import re

from eventstudy.draft.aheadcues import DUE_AFTER, SET_FOR, WHEREABOUTS
from eventstudy.draft.clauses import (
    SPEECH,
    STATIVE,
    base_form,
    clause_at,
    governing_tense,
    split_clauses,
    verb_group,
)

#: verbs telling news a company or an authority makes (not a market's own path)
NEWS_VERBS = SPEECH | frozenset("report post cut raise lower hike forecast unveil launch "
                                "sign impose issue release publish approve reject ban "
                                "suspend resign name order file win miss beat top guide "
                                "downgrade upgrade slash trim scrap axe halve".split())


def own_participle(text: str) -> bool:
    """Whether ``text`` opens with a participle of the mover's own path, not its news.

    "after crossing the $207.05 level", "after falling more than 2%" tell what the
    market itself did (the participle's subject is the mover); "after reporting
    results" tells news the company made.
    """
    m = re.match(r"\s*(?:(?:more|less)\s+than\s+|nearly\s+|almost\s+|about\s+|roughly\s+)?"
                 r"(?:\w+ly\s+)?([a-z]+ing)\b", text)
    if m is None or m.group(1) in ("being", "having"):
        return False
    base = base_form(m.group(1))
    return base is None or base not in NEWS_VERBS


#: a ", with X <move>ing" detail right before the move word
_WITH_DETAIL = re.compile(r",\s+with\s+[^,;]{1,80}$")


#: a past-perfect verb ("had helped", "had warned"; not "had to", "had no", "had a ...")
_PAST_PERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?!to\b|no\b|a\b|an\b|the\b)"
                           r"(?P<verb>[a-z]+(?:ed|en|wn|ght|lt|ne|un|ung))\b")


def past_perfect(sentence: str, been: bool = True) -> bool:
    """Whether a sentence has a past-perfect verb: an earlier day told as background.

    "The stock's slide on Monday had helped drag the S&P 500 down", "On Tuesday, the Dow
    had jumped 255.93 points". ``been=False`` leaves out "had been" ("had been expected",
    "had been trading").
    """
    return any(been or m.group("verb") != "been" for m in _PAST_PERFECT.finditer(sentence))


def background(sentence: str, pos: int) -> bool:
    """Whether the verb at ``pos`` is the past-perfect verb of its clause: background.

    "In New York on Wednesday, the Dow had dropped 832 points": told before the
    story's own time, so not the story's move (a happening of its own, when dated).
    """
    c = clause_at(sentence, pos)
    if c.tense != "past_perfect":
        return False
    if _WITH_DETAIL.search(sentence, c.start, pos):
        # "had rallied overnight along with Wall Street, with the China ETF gaining 2.2 per
        # cent": the detail of a move told in the past perfect is background too
        return True
    at = verb_group(sentence[c.start:c.end])[3]
    return at >= 0 and c.start + at + len(c.verb) >= pos >= c.start + at


def told_at(sentence: str, pos: int) -> bool:
    """Whether a date phrase at ``pos`` dates a telling: it follows its clause's speech verb.

    "China said on Thursday that ...", "Powell told reporters on Wednesday ...", "Trump
    tweeted Saturday": the date is the telling's (reported speech is still relative to
    the dateline), not the date of what was told.
    """
    c = clause_at(sentence, pos)
    if c.base not in SPEECH or c.tense not in ("past", "present_perfect", "past_perfect"):
        return False  # "Goldman reports on Tuesday": a schedule, not a telling
    at = verb_group(sentence[c.start:c.end])[3]
    return 0 <= c.start + at < pos and not SET_FOR.search(sentence, max(0, pos - 20), pos)


#: a period's relative clause listing its happenings, not bounding it
_LISTING = frozenset("include bring feature contain offer hold see".split())


def in_period_clause(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies in a relative clause defining a period: it dates no happening.

    "in the year that began this month", "the quarter which ended in June".
    """
    c = clause_at(sentence, pos)
    if c.kind != "relative" or c.marker not in ("that", "which"):
        return False
    if c.base in _LISTING:
        return False  # "a busy week that includes the Fed's decision on Wednesday": its days
    return bool(re.search(r"\b(?:year|quarter|half|period|month|week|season|session|term)"
                          r"\s*,?\s*(?:that|which)\s*$", sentence[: c.start], re.IGNORECASE))


def stated_record(sentence: str, pos: int) -> bool:
    """Whether a move word at ``pos`` is the subject of a present-tense state.

    "Monday's 1,175-point drop remains the biggest one-day decline": a record told,
    not a move.
    """
    c = clause_at(sentence, pos)
    if c.tense != "present" or c.base not in STATIVE:
        return False
    at = verb_group(sentence[c.start:c.end])[3]
    if at < 0:
        return False
    # before the verb, its subject; after it, a superlative complement ("remains the
    # biggest one-day point decline")
    return c.start + at > pos or bool(re.search(
        r"\b(?:biggest|largest|worst|best|steepest|sharpest|deepest)\b[^,;]{0,40}$",
        sentence[c.start + at:pos], re.IGNORECASE))


def in_state_clause(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies in a clause telling a state or a market's trading, not a happening.

    "..., and remained strong on Friday", "Hong Kong's Hang Seng Index, which traded
    through most of last week, fell": the date belongs to a state or a path.
    """
    c = clause_at(sentence, pos)
    if c.base == "be" and c.tense != "none":
        # "Stocks had been down earlier in the day", "The Dow was up 150 points in the
        # morning": a market's level during the session, not a happening
        at = verb_group(sentence[c.start:c.end])[3]
        # (and where someone is, told in a relative clause: "Trump, who is in Seoul on
        # Tuesday after two days in Tokyo, is expected to hold talks ...": a whereabouts)
        return at >= 0 and (_TRADING_STATE.match(sentence, c.start + at) is not None or (
            c.kind == "relative" and c.marker == "who"
            and WHEREABOUTS.match(sentence, c.start + at) is not None))
    return c.tense in ("past", "present") and c.base in ("remain", "stay", "trade")


#: a session's level after "be": "had been down", "was up 150 points", "were sharply lower"
_TRADING_STATE = re.compile(r"(?:ha[sd]\s+been|have\s+been|was|were|is|are)\s+(?:\w+ly\s+)?"
                            r"(?:down|up|higher|lower|flat|negative|positive|firmer|weaker"
                            r"|stronger|softer|mixed|steady|unchanged"
                            r"|in\s+(?:the\s+)?(?:red|black|negative|positive))\b",
                            re.IGNORECASE)


_DAY_WORDS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
#: "It was a bad Monday to be a tech investor", "Tuesday was ugly for tech", a quote's "It's a
#: Friday before a long weekend": the day described
_DESCRIBED_DAY = re.compile(
    rf"(?:^[\"“']?|[,;:]\s*)(?:It(?:\s+(?:was|is|has\s+been)|['’]s)\s+(?:a|an|another)\s+"
    rf"(?:[\w-]+\s+){{0,2}}"
    rf"{_DAY_WORDS}\b|{_DAY_WORDS}\s+(?:was|has\s+been)\s+(?!(?:the|a|an)\s+(?:day|date|deadline)"
    r"\b)(?:\w+\s+)?(?:bad|good|ugly|grim|rough|brutal|tough|calm|quiet|busy|great|terrible"
    r"|awful|strong|weak|volatile|wild|another)\b)", re.IGNORECASE)


def describes_day(sentence: str, pos: int) -> bool:
    """Whether the weekday at ``pos`` is the day a copula describes, not a happening's date.

    "It was a bad Monday to be a tech investor", "Tuesday was ugly for tech in general":
    the market's day told as a whole (its moves are claims); a schedule ("The deadline is
    Friday") is not one.
    """
    return any(m.start() <= pos < m.end() for m in _DESCRIBED_DAY.finditer(sentence))


def in_own_path(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies in an after/before/since clause telling the mover's own path.

    "The S&P 500 ended virtually flat after falling more than 2% on Monday": Monday
    dates the index's fall, a path, not news.
    """
    c = clause_at(sentence, pos)
    return c.kind == "subordinate" and c.marker.split()[-1] in (
        "after", "before", "since", "following") and own_participle(sentence[c.start:c.end])


#: verbs of a market's move (their present tense tells the day's move, not a schedule)
_MOVE_BASES = frozenset("rise fall jump climb slide drop gain lose rally tumble surge plunge "
                        "slip sink soar rebound edge advance decline retreat slump dip spike "
                        "tank recover extend add shed trade".split())
#: the verbs of a market's move (public name, for the period reader)
MOVE_BASES = _MOVE_BASES
#: cues that look forward whatever the tense: a deadline, a start told in advance, "due"
_ADVANCE = re.compile(
    r"\b(?:due|upcoming|until)\b|\bdue\s+(?:out\s+)?(?:on\s+|by\s+)?$"
    r"|\b(?:must|has\s+to|have\s+to|needs?\s+to|is\s+required\s+to|deadline)\b"
    r"|\b(?:starting|beginning|effective)\s+(?:on\s+|from\s+)?$"
    # a happening promised or set for its day: "an announcement Musk has promised for
    # Thursday", "a vote slated for Friday"
    r"|" + SET_FOR.pattern +
    # what is looked ahead to or awaited is still ahead: "Investors are looking ahead to
    # consumer price data on Wednesday", "traders awaiting Friday's jobs report"
    r"|\b(?:look(?:s|ing)?\s+ahead\s+to|await(?:s|ing)?|brac(?:e|es|ing)\s+for"
    r"|wait(?:s|ing)?\s+for)\b",
    re.IGNORECASE,
)
#: a verb of calling a happening off, right before its object: "has abandoned Tuesday's vote",
#: "postponed the planned Friday meeting", "called off Thursday's talks"
_CALLED_OFF = re.compile(
    r"\b(?:postpon|delay|pull|abandon|cancel|scrap|defer|shelv|call(?:s|ed|ing)?\s+off"
    r"|put(?:s|ting)?\s+off)\w*\s+(?P<det>(?:(?:the|its|his|her|their|a|an|planned"
    r"|scheduled)\s+){0,3})$", re.IGNORECASE)
_POSSESSIVE_DAY = re.compile(r"\w+['’]s\b")
#: a deadline told by its day: "by Friday"
_BY_DAY = re.compile(r"\bby\s+$", re.IGNORECASE)
#: a day named as a deadline, whatever the tense: "has set Friday as a deadline for Canada"
_AS_DEADLINE = re.compile(r"[\w.]+(?:\s+\w+)?\s+as\s+(?:a|the|its|his|her|their)\s+"
                          r"(?:[\w-]+\s+)?deadline\b", re.IGNORECASE)


def called_off(sentence: str, pos: int) -> bool:
    """Whether the date at ``pos`` names a happening called off (so one still ahead).

    The date must be the object of the verb ("abandoned Tuesday's vote", "postponed the
    Friday meeting"), not its adverbial ("a deadline that he postponed on Sunday" is the
    day of the postponing, told back).
    """
    m = _CALLED_OFF.search(sentence, max(0, pos - 60), pos)
    return m is not None and (bool(m.group("det")) or bool(_POSSESSIVE_DAY.match(sentence, pos)))


#: the mover itself, or a market, as the subject of a since-clause: its own path, not news
#: a superlative right before "since": "its best finish since", "the most since"
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:\w+est|most|best|worst|first|biggest|largest)\s+"
                                 r"(?:[\w-]+\s+){0,2}since\s*$", re.IGNORECASE)
_SINCE_PATH_SUBJECT = re.compile(r"\s*(?:it|they|the\s+(?:index|market|stock|shares|dow"
                                 r"|s&p|nasdaq))\b", re.IGNORECASE)


def since_news(sentence: str, pos: int) -> bool:
    """Whether a date at ``pos`` dates the news of a "since" clause in a move's sentence.

    "Trade tensions have weighed on the Dow since President Donald Trump on Monday
    evening ordered ...", "its third straight decline since Elon Musk said late Friday
    ...": the clause has a subject and a finite past verb that is neither a market's move
    nor a state, so its date is that happening's, which started the path told -- not the
    move's session, nor a comparison base ("its lowest close since March 10", "since it
    peaked on Monday", no finite news verb of another doer).
    """
    c = clause_at(sentence, pos)
    if c.kind != "subordinate" or c.marker.split()[-1:] != ["since"]:
        return False
    if _SUPERLATIVE_BEFORE.search(sentence, max(0, c.start - 60), c.start):
        return False  # "its worst day since the company went public in 2012": a comparison
    verb, base, tense, at = verb_group(sentence[c.start:c.end])
    if tense not in ("past", "present_perfect") or not base or "," in sentence[c.start:
                                                                             c.start + at]:
        return False
    if base in _MOVE_BASES or base in STATIVE - SPEECH:
        return False
    return not _SINCE_PATH_SUBJECT.match(sentence, c.start)


#: a bet on what a happening will bring ("wagered that the two leaders will agree ...
#: when they meet on Saturday"): a wait only when the happening is dated in its phrase
BET = r"(?:wager(?:ed|ing|s)?|bet(?:ting|s)?)\s+that"

#: a wait for a happening still ahead, told as the reason of a move (anticipation.py): the move
#: is a pre-event claim on it
ANTICIPATION = re.compile(
    r"\b(?:ahead\s+of|in\s+the\s+run-?up\s+to|on\s+the\s+eve\s+of"
    r"|in\s+the\s+(?:days|weeks|hours)\s+(?:before|leading\s+up\s+to)"
    r"|(?:brac|position|prepar)(?:ed|ing|es?)\s+(?:themselves\s+)?for"
    r"|await(?:ed|ing|s)?|look(?:ed|ing)\s+ahead\s+to"
    # a wait for what a happening will bring: "waited to hear whether ...", "wagered that
    # the two leaders will agree ... when they meet"
    r"|wait(?:ed|ing|s)?\s+(?:for|to\s+(?:hear|see|learn|find\s+out))"
    r"|" + BET + r""
    # "led the advance before the weekend meeting": before a scheduled happening named
    r"|before(?=\s+(?:the|this|next|a|its|their|his|her)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:meetings?|summit|talks|decision|vote|election|elections|report|results|earnings"
    r"|speech|testimony|announcement|data|figures|release|dinner|hearing|auction"
    r"|referendum|address)\b)"
    # a mood before a happening: "held back before", "grew wary before", "nervous before"
    r"|(?:held\s+back|holding\s+back|wary|cautious|caution|nervous|nerves|jittery|jitters"
    r"|unease|uneasy|hesitant|reluctant)\s+(?:\w+\s+){0,2}?before)\b",
    re.IGNORECASE,
)

#: a happening a move waits for, named up to its date: "rose on Tuesday ahead of the central
#: bank's decision on Wednesday" (not a comparison: "profit came in ahead of forecasts")
_AHEAD_DATE = re.compile(
    r"(?:" + ANTICIPATION.pattern + r")\s+"
    r"(?!(?:[\w'’.-]+\s+){0,3}?(?:expectations?|estimates?|forecasts?|schedule|guidance"
    r"|consensus|projections?|the\s+pack|rivals|peers)\b)"
    # (the happening's own words, not a relative clause: "a deadline that Trump postponed on
    # Sunday" dates the postponing)
    r"(?:(?:(?!(?:that|which|who|whom|when|where|after|before)\b)(?:(?-i:[A-Z])[\w'’.&$-]*,|[\w'’.&$-]+)\s+){1,12}?"
    # the market's clock of the happening: "results ... before the opening bell on Friday",
    # "its report after the close on Wednesday"
    r"(?:(?:before|after)\s+the\s+(?:opening\s+|closing\s+)?(?:bell|open|close)\s+)?"
    r"(?:(?:on|at|due|set\s+for|scheduled\s+for|this|next)\s+)?"
    # the happening's day told as its owner: "looked ahead to Tuesday's meeting"
    r"|(?:this\s+|next\s+)?)$",
    re.IGNORECASE)


def dated_ahead(sentence: str, pos: int) -> bool:
    """Whether the date phrase at ``pos`` dates a happening a move is told as waiting for.

    "U.S. stocks rose on Tuesday ahead of the central bank's decision on Wednesday":
    Wednesday is the decision's day, still ahead (it reads forward, and dates an event
    even inside the move's clause), not the move's (docs/draft-rules.md, "Anticipation moves").
    """
    if _AHEAD_DATE.search(sentence, max(0, pos - 120), pos) is not None:
        return True
    # "before the weekend meeting": the happening named after its day (the cue looks ahead)
    b = _BEFORE_AT.search(sentence, max(0, pos - 12), pos)
    if b is not None and ANTICIPATION.match(sentence, b.start()) is not None:
        return True
    # "slipped before the biggest lenders open their books on Friday": a present verb after
    # "before" tells a happening still ahead, whatever the tense of the move
    b = _BEFORE_CLAUSE.search(sentence, max(0, pos - 90), pos)
    return b is not None and _schedule(sentence[b.end():pos])


def _schedule(clause: str) -> bool:
    """Whether the words after "before" are a clause with a subject and a present verb.

    "the biggest lenders open their books" is; "paring gains" (a participle, "gains" no
    verb) and "it rebounded" (the past) are not -- unless the past is told after the
    day's close ("the carmaker reported its results after the market closed Wednesday":
    a happening after the session the move closed).
    """
    verb, _, tense, at = verb_group(clause)
    if at <= 0 or _PARTICIPLE.match(clause):
        return False
    return tense in ("present", "future") or (
        tense == "past" and _AFTER_THE_CLOSE.search(clause) is not None)


#: a clock after the day's session: "after the market closed", "after the close/bell"
_AFTER_THE_CLOSE = re.compile(r"\bafter\s+(?:the\s+)?(?:(?:market|markets|stock\s+market)\s+"
                              r"(?:had\s+)?closed|close|closing\s+bell|bell)\b", re.IGNORECASE)


def before_present(sentence: str, start: int, end: int) -> re.Match[str] | None:
    """Return the "before" between ``start`` and ``end`` that opens a happening still ahead.

    "Bank shares slipped before the biggest lenders open their books on Friday": told in
    the present after "before" in a story of the past, the clause is a schedule -- the
    happening the move was made ahead of (a wait cue, as "ahead of" is). Not "before
    closing" (no verb) nor "before it rebounded" (the past: the move's own day).
    """
    for b in _BEFORE_WORD.finditer(sentence, start, end):
        stop = _CLAUSE_STOP.search(sentence, b.end())
        if _schedule(sentence[b.end():stop.start() if stop else len(sentence)].lstrip()) or (
                DUE_AFTER.match(sentence, b.end() + 1)):
            # (or a day's happening told as due after it: "pared positions before Friday's
            # US jobs report, which is due at 8.30am")
            return b
    return None


#: "before" right before a date phrase
_BEFORE_AT = re.compile(r"\bbefore\s+$", re.IGNORECASE)
#: "before" opening a clause that runs to a date phrase (no clause break between)
_PARTICIPLE = re.compile(r"\s*\w+ing\b", re.IGNORECASE)
_BEFORE_WORD = re.compile(r"\bbefore\b", re.IGNORECASE)
#: where the clause after that "before" stops: a clause break or the sentence's end
_CLAUSE_STOP = re.compile(r"[,;:—–]|\.(?:\s|$)")
_BEFORE_CLAUSE = re.compile(r"\bbefore\s+(?=[^,;:—–]*$)", re.IGNORECASE)


def reads_forward(sentence: str, pos: int, before: str | None = None) -> bool:
    """Whether a date phrase at ``pos`` reads forward from the dateline.

    By the tense of the clause the phrase sits in (:mod:`eventstudy.draft.clauses`;
    a clause without a finite verb takes its head's): future and conditional
    (will, would, is to, is expected to, plans to, could) read forward, and so does
    the present of a happening ("the Bank of Japan concludes its meeting on Friday",
    "U.S. markets are closed on Thursday", "Investors next face the midterms on
    Tuesday") -- not of a state or a telling ("remains", "says"). Past tenses read
    back. Whatever the tense, a deadline ("must ... by Friday"), a start told in
    advance ("starting Friday") and "due" read forward -- unless a past verb told after
    the cue governs the day ("a deadline to join the pact the U.S. reached on Monday") --
    and so do a day named as a deadline ("has set Friday as a deadline") and a happening
    called off (:func:`called_off`: "has abandoned Tuesday's vote").
    """
    if before is None:
        before = sentence[clause_at(sentence, pos).start:pos]
    cue = max(_ADVANCE.finditer(before), key=lambda m: m.end(), default=None)
    # (not a day a past verb told after the cue governs: "a deadline for Canada to join the
    # pact the U.S. reached with Mexico on Monday" is the pact's day, told back)
    if cue is not None and verb_group(before[cue.end():])[2] not in ("past", "past_perfect"):
        return True
    if called_off(sentence, pos) or _AS_DEADLINE.match(sentence, pos) or dated_ahead(
            sentence, pos) or DUE_AFTER.match(sentence, pos):
        return True
    if _past_relative(sentence[max(0, pos - 80):pos]):
        return False
    clause = clause_at(sentence, pos)
    tense = governing_tense(sentence, pos)
    if tense in ("future", "conditional"):
        return True
    if _BY_DAY.search(sentence, max(0, pos - 8), pos) and tense not in (
            "past", "past_perfect", "present_perfect"):
        # "has said it wants to notify Congress of a revised pact by Friday": a deadline
        # told in the present is still ahead ("By Friday the index had lost 5%" is not)
        return True
    if tense == "present":
        cl = split_clauses(sentence)
        while clause.tense == "none" and clause.head >= 0:
            clause = cl[clause.head]
        if _HOLDS_HAPPENING.search(sentence, clause.start, clause.end):
            # "The Fed holds its next policy meeting next Tuesday and Wednesday", "Investors
            # are looking to Thursday's meeting of OPEC": a happening held or looked to in
            # the present is a schedule ("hold" and "look" are otherwise states)
            return True
        # a market's move told in the present ("Stocks rise on Monday", live copy) is the
        # day's news, not a schedule
        return clause.base not in STATIVE and clause.base not in _MOVE_BASES and not re.search(
            r"\b(?:higher|lower|up|down)\b", sentence[clause.start:clause.end], re.IGNORECASE)
    return False


#: a happening held, or looked to, told in the present: a schedule
_HOLDS_HAPPENING = re.compile(
    r"\b(?:holds?|holding|look(?:s|ing)?\s+(?:ahead\s+)?(?:to|toward|towards))\s+"
    r"(?:(?:a|an|the|its|their|his|her|next|this|[\w.-]+['’]s?)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:meetings?|talks|summit|vote|election|hearing|conference|auction|referendum"
    r"|dinner|testimony|speech|results|report|data|event|launch|ceremony|briefing|forum"
    r"|congress)\b", re.IGNORECASE)


#: a relative pronoun right before the verb that governs a day: "talks that started ..."
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+", re.IGNORECASE)


def _past_relative(before: str) -> bool:
    """Whether a relative clause told in the past governs the day after ``before``.

    "..., following vice-ministerial talks that started in Beijing on Monday": Monday is
    the day the talks started, just past, whatever the sentence's head tells ahead.
    """
    rel = max(_RELATIVE.finditer(before), key=lambda m: m.end(), default=None)
    if rel is None or re.search(r"[,;]", before[rel.end():]):
        return False
    return _PAST_VERB.match(before, rel.end()) is not None


#: a verb told in the past right after a relative pronoun ("that started", "which began")
_PAST_VERB = re.compile(
    r"(?:(?:had|was|were)\s+)?(?:[a-z]+ly\s+)?(?:(?!need|feed|speed|proceed|exceed)[a-z]{2,}ed"
    r"|began|met|held|took|made|came|went|said|told|won|lost|rose|fell|set|cut|hit|sent|gave"
    r"|broke|wrote|spoke|ran)\b")


#: verbs of a happening told alongside the market's day ("while a delegation held talks")
_SIDE_VERBS = frozenset("hold meet talk sign vote announce unveil impose approve reject "
                        "resign arrest launch".split())


def side_news(sentence: str) -> tuple[int, int] | None:
    """Span of a happening told alongside the day's market in a while-clause, else None.

    "The broader market was little changed, ..., while a U.S. delegation led by Treasury
    Secretary Steven Mnuchin held trade talks in Beijing": a past-tense while-clause
    whose verb tells a happening (held talks, met, signed, voted, ...) and which names
    someone (a capitalised name) is news of that day.
    """
    for c in split_clauses(sentence):
        if c.marker == "while" and c.tense == "past" and c.base in _SIDE_VERBS and re.search(
                r"\b[A-Z][a-z]+", sentence[c.start:c.end]):
            return c.start, c.end
    return None


#: a figure's change or level: "fell 0.3%", "rose 4.4 percent", "a record amount", "$7.23 billion"
_FIGURE_AMOUNT = re.compile(r"\d[\d,.]*\d|\d\s*%|[$€£¥]\s*\d|\b(?:record|percent|per\s+cent)\b"
                            # a superlative figure: "employers added the most jobs in more
                            # than a year last month", "the fastest wage growth"
                            r"|\bthe\s+(?:most|fewest|fastest|slowest|biggest|smallest)\b",
                            re.IGNORECASE)
_SHOWED = re.compile(r"\bshow(?:s|ed|n)?\b", re.IGNORECASE)
#: verbs a figure is told with besides the move verbs ("showed", "totalled", "stood at")
_FIGURE_BASES = frozenset("show total stand come extend expand shrink contract grow".split())


def figure_period(sentence: str, pos: int) -> bool:
    """Whether a month phrase at ``pos`` names the period a figure covers, not a happening.

    By the clause reader: its clause's verb is a move or a figure verb, or data are
    reported ("showed"), and the clause holds an amount before the phrase ("retail
    sales unexpectedly fell 0.3% last month", "banks extended a record amount of new
    loans in January", "a report showed employers added 103,000 jobs in March").
    """
    c = clause_at(sentence, pos)
    if c.base not in _MOVE_BASES and c.base not in _FIGURE_BASES and not _SHOWED.search(
            sentence, 0, pos):
        return False
    data = _DATA_SHOWED.search(sentence, 0, pos)
    if data is not None and not _NEWS_AFTER.search(sentence, data.end(), pos):
        # "a government report showed inflation remained in check last month": what a
        # report showed is its figures, and the period is theirs, amount or not
        return True
    return bool(_FIGURE_AMOUNT.search(sentence, c.start, pos))


#: data told as showing something: "a government report showed", "figures released on
#: Monday showed", "data show"
_DATA_SHOWED = re.compile(r"\b(?:report|data|figures|survey|statistics|numbers|reading)\b"
                          r"[^.;]{0,40}?\bshow(?:s|ed|n)?\b(?:\s+that)?", re.IGNORECASE)
#: a new clause of news after what the data showed: "..., after the Fed said"
_NEWS_AFTER = re.compile(r"[,;]\s*(?:after|as|while|when|but|and)\b|\b(?:after|before|since"
                         r"|following)\b", re.IGNORECASE)


#: verbs of a happening a month alone can date ("will end in December", "opened an
#: investigation in May", "begin delivering in February", "to be launched in September")
_MONTH_HAPPENINGS = NEWS_VERBS | frozenset("open end begin start launch deliver close "
                                           "introduce enter expire take".split())


#: a pronoun and its past news verb right before a month: "it forecast in April"
_CONTACT_NEWS = re.compile(r"\b(?:it|they|he|she|we)\s+(?:had\s+)?(?:forecast|predicted|projected"
                           r"|reported|announced|posted|issued|guided|unveiled|set)\s+$",
                           re.IGNORECASE)


def told_before_by_pronoun(sentence: str, pos: int) -> bool:
    """Whether a pronoun's past news verb stands right before ``pos``.

    "down from the 3.5 per cent it predicted in November", in a clause told ahead ("would
    grow 3.3 per cent"): a relative clause of its own, told in the past -- the latest
    November, not the next.
    """
    return _CONTACT_NEWS.search(sentence, max(0, pos - 40), pos) is not None


#: a reported clause's "that" followed by its subject: "said that employers added"
_THAT = re.compile(r"\bthat\s+(?=[\w'-]+\s+[\w'-]+)", re.IGNORECASE)


def happening_month(sentence: str, pos: int) -> bool:
    """Whether a month named alone at ``pos`` dates a happening of its clause.

    The clause's own verb tells a happening (a news verb, a start or an end, any tense
    but a state; any verb but a state or a move in a future clause, not a conditional: "It
    will be halved again in July"), and the month is not a figure's period
    (:func:`figure_period`):
    "its bond purchases will end in December", "The Commerce Department opened an
    investigation ... in May". A market's move, a state or a figure is not one.
    """
    if _CONTACT_NEWS.search(sentence, max(0, pos - 40), pos):
        # a relative clause without "that" the clause reader does not split: "down from
        # the $1.45 to $1.70 it forecast in April" -- a pronoun's news verb right before
        return True
    c = clause_at(sentence, pos)
    if c.tense == "none" or c.base in STATIVE or c.base in _MOVE_BASES:
        return False
    verb_at = c.start + verb_group(sentence[c.start:c.end])[3]
    if not c.start <= verb_at < pos:
        return False
    that = list(_THAT.finditer(sentence, verb_at, pos))
    if that:
        # "said before the market opened that employers added 235,000 jobs in October":
        # the month is in the clause after "that" (the reader may not split there), and
        # that clause's verb decides
        inner = that[-1].end()
        return happening_month(sentence[inner:], pos - inner)
    # a clause told ahead dates what it tells ("It will be halved again in July")
    return (c.base in _MONTH_HAPPENINGS or c.tense == "future") and not figure_period(sentence, pos)


def perfect_news(sentence: str) -> bool:
    """Whether a sentence opens by telling a happening in the present perfect.

    "The European Commission has rejected Italy's draft budget": a lead told in the
    present perfect, without a date, is the day's news (a state, "has been", or a
    move, "has risen", is not).
    """
    c = split_clauses(sentence)[0]
    return (c.tense == "present_perfect" and bool(c.base) and c.base not in STATIVE
            and c.base not in _MOVE_BASES and c.base != "be")


def described_move(sentence: str, pos: int) -> bool:
    """Whether the move word at ``pos`` describes a noun of another clause's news.

    By the clause reader: the verb of a non-restrictive relative clause (", which
    rallied nearly 400 points on Monday") hanging on a main clause whose own verb is
    not a move: "Tuesday's decline snapped a three-day winning streak for the Dow,
    which rallied nearly 400 points on Monday" tells Monday's rally as background of
    the streak, not a move the story claims.
    """
    cl = split_clauses(sentence)
    c = clause_at(sentence, pos)
    if c.kind != "relative" or c.marker not in ("which", "who") or c.tense != "past":
        return False
    if not sentence[:c.start].rstrip().endswith((",", "which", "who")) or not re.search(
            r",\s*(?:which|who)\s*$", sentence[: c.start]):
        return False
    at = verb_group(sentence[c.start:c.end])[3]
    if at < 0 or not c.start + at <= pos < c.start + at + len(c.verb):
        return False
    head = cl[c.head] if 0 <= c.head < len(cl) else None
    return head is not None and head.base not in _MOVE_BASES and head.tense != "none"


# a move after the close: "fell 7 percent in extended trading", "rose after hours"
AFTER_HOURS = re.compile(r"\b(?:after-?\s?hours|extended|late|post-?market|evening)\s+"
                          r"(?:trading|trade|session|deals)\b|\bafter\s+hours\b", re.IGNORECASE)
# "The broader market was mixed", "The wider market also fell": the story turns to the market
BROADER = re.compile(r"\s*(?:The\s+)?(?:broader|wider|overall)\s+(?:stock\s+)?markets?\b",
                      re.IGNORECASE)
# "Elsewhere in Asia, ...": another market moving with the story's lead
# -- and "In Europe, ...", "In London, ...": the story turning to another market
ELSEWHERE = re.compile(r"\s*(?:Elsewhere\b|In\s+(?:Europe|Asia|London|Frankfurt|Paris|Tokyo"
                        r"|Hong\s+Kong|Shanghai|Japan|China|Britain|Germany|Canada|Toronto"
                        r"|Latin\s+America|emerging\s+markets)\s*,)")


#: an anniversary: "The day marked 30 years since the October 1987 crash", "on the 30th
#: anniversary of the 1987 crash"
_ANNIVERSARY = re.compile(
    r"\b(?:(?:mark(?:ed|s|ing)?|was|is|came)\s+(?:\w+\s+){0,2}(?:years?|decades?)\s+since"
    r"|anniversary\s+of)\b", re.IGNORECASE)


def anniversary(sentence: str, pos: int) -> bool:
    """Whether ``pos`` is in the past an anniversary recalls: history, no news and no move.

    "The day marked 30 years since the October 1987 crash, when the Dow fell 22.6% in a
    single session": October 1987 dates no event of the story, and the Dow's fall is no
    claim.
    """
    return _ANNIVERSARY.search(sentence, 0, pos) is not None

