"""Dated events: which time references in a sentence date a happening, and its time.

The first pass of :func:`eventstudy.draft.events.find_events` (rules "Dated
events" and "Times of day" in its module docstring): a date reference outside
the clause of a market-move word dates an event, one inside it dates the move;
same-day references in a sentence give one event; a speech verb's date is the
announcement; a time goes to the nearest single-day event of its sentence.
Also the sentence readings the second pass asks: the move's own date
(:func:`_opening_date`, :func:`_when_move`) and dates that date nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from eventstudy.draft.clauses import clause_at
from eventstudy.draft.moves import moves, path_end
from eventstudy.draft.news import (
    Happening,
    inside,
    is_midnight,
    midnight_event,
)
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import (
    anniversary,
    dated_ahead,
    describes_day,
    in_own_path,
    in_period_clause,
    in_state_clause,
    since_news,
)
from eventstudy.draft.saidabout import in_said_about_clause
from eventstudy.draft.sessions import (
    closure_span,
    home_path,
    market_move_date,
    other_market_day,
)
from eventstudy.draft.talk import in_market_talk
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import TimeOfDay, market_named
from eventstudy.draft.words import (
    CAUSE,
    cause_span,
    clause_span,
    content_words,
    keyword,
    strip_refs,
    title_of,
)


def _nearest(t: TimeOfDay, evs: list[Happening]) -> Happening | None:
    days = [e for e in evs if not e.ref.is_range]
    return min(days, key=lambda e: abs(e.ref.start - t.start), default=None)


_WHEN_AFTER = re.compile(r",?\s+when\b")
_SINCE_BEFORE = re.compile(r"\bsince\b[^,;]*$")
#: a day's possessive on what a move gives back ("gave back a chunk of Monday's rally",
#: "erased Friday's gains"): the earlier session's, not the move's day (not "extended
#: Friday's rebound, which came after ...": a cause told of that day is the day's)
_GIVEN_BACK = re.compile(
    r"\b(?:(?:gave|give[sn]?|giving)\s+back|erased?|erasing|reversed?|reversing|pared|paring"
    r"|wiped\s+out)\s+"
    r"(?:(?:a|an|the|some|most|all|part|much|chunk|half|of|its|their|big)\s+){0,4}$",
    re.IGNORECASE)


def given_back(text: str, r: TimeRef, base: int) -> bool:
    """Whether the day ``r`` (at ``r.start - base`` in ``text``) names a session given back.

    "gave back a chunk of Monday's relief rally", "erased Friday's gains": a day's
    possessive on what the move gives back is the earlier session's day, not the move's.
    """
    return r.text.rstrip().endswith(("'s", "’s")) and _GIVEN_BACK.search(
        text, 0, r.start - base) is not None


#: a when-clause telling news after a day: ", when the Journal reported that ..."
_WHEN_NEWS = re.compile(
    r",?\s+when\s+(?:[\w.&'’-]+\s+){1,6}?(?:reported|said|announced|disclosed|revealed"
    r"|confirmed|published|unveiled)\b")


def when_news(text: str, r: TimeRef, base: int) -> bool:
    """Whether the day ``r`` is followed by a when-clause telling news of that day.

    "after sliding 2.4 percent on Wednesday, when the Wall Street Journal reported that
    ...": the mover's own earlier session, but the when-clause is that day's news (a
    happening dated by the day, as "Friday, when the Dow fell ... after X" dates X).
    """
    return not r.is_range and _WHEN_NEWS.match(text, r.end - base) is not None


_THAT_DAY = re.compile(r"\b(?:on\s+)?(?:that|the\s+same)\s+day\b", re.IGNORECASE)
_TIME_CLAUSE = re.compile(r"[;—–]|\b(?:and|but|while)\b")
#: two news nouns sharing one date: "to Chinese trade figures and the U.S. employment
#: report, both due on Friday"
_BOTH = re.compile(r"\b(?:to|for|on|at|awaiting|await|watching)\s+(?P<a>[^,;]{3,60}?)\s+and\s+"
                   r"(?P<b>[^,;]{3,60}?),\s*both\s+(?:(?:due|scheduled|expected|set)\s+)?"
                   r"(?:out\s+)?(?:on\s+|for\s+)?$")
#: verbs of a lapse: at midnight they end a day ("funding lapsed at midnight Friday")
_ENDS = frozenset("lapse expire run end".split())
_NEWS = re.compile(r"\b(?:report|data|figures|statement|announcement|decision|survey|results"
                   r"|remarks|comments|speech|interview|tweets?|forecast|index)\b", re.IGNORECASE)


def _when_move(text: str, r: TimeRef, base: int, clauses: list[tuple[int, int]]) -> bool:
    """Whether ``r`` is the day of a move told in the when-clause right after it.

    "a sharp turnaround from Friday, when the Dow fell as much as 350 points": Friday is
    the Dow's session, not news (its undated cause takes that day: :func:`find_events`).
    """
    return (not r.is_range and _WHEN_AFTER.match(text, r.end - base) is not None
            and any(a >= r.end - base for a, _ in clauses))


def _other_market_session(text: str, pos: int, home: str | None) -> bool:
    """Whether the day at ``pos`` is told as another market's session than the story's.

    "Hong Kong stocks were on the back foot after a sell-off in New York on Monday, when
    the Dow tumbled ...": New York's Monday is news for Hong Kong (not the mover's own
    earlier session, "a turnaround from Friday, when the Dow fell", in a New York story).
    """
    if home is None:
        return False
    named = market_named(text[clause_span(text, pos)[0]:pos])
    return named is not None and named != home


def _in_cause(text: str, pos: int, clauses: list[tuple[int, int]]) -> bool:
    """Whether a date inside a move's clause follows a cause cue after the move word.

    "... when the Shanghai index fell 0.82 percent on worries about ... trade figures
    released over the weekend": the weekend dates the figures, not the fall (a cue the
    comma-split clause does not break at: "on worries", "on news", "tracking", ...): the
    cue after the clause's first move ("rose 1.3 per cent, tracking a rally on Wall Street
    on Friday": Friday is Wall Street's rally).
    """
    span = next(((a, b) for a, b in clauses if a <= pos < b), None)
    if span is None:
        return False
    before = [m for m in moves(text[span[0]:pos]) if m[3]]
    if not before:
        return False
    cue = CAUSE.search(text, span[0] + before[0][1], pos)
    return cue is not None and cue.group(0).lower() != "from"


def _lapsed(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a clause telling a past lapse ("funding lapsed at midnight")."""
    c = clause_at(text, pos)
    return c.base in _ENDS and c.tense == "past"


def _same_clause(text: str, a: int, b: int) -> bool:
    """Whether sentence positions ``a`` and ``b`` lie in one clause (for times of day)."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo < m.start() < hi for m in _TIME_CLAUSE.finditer(text, lo, hi))


def across_cause(text: str, t: TimeOfDay, r: TimeRef, base: int) -> bool:
    """Whether a cause cue lies between a time and a date of one sentence.

    Either way round: "the Dow fell after Target reported ... before the opening bell"
    (the time is the cause's), "the House voted around midday ... after a handful of
    provisions ran afoul of Senate rules late Tuesday" (the day is the background's).

    Parameters
    ----------
    text
        The sentence.
    t, r
        The time of day and the date phrase (offsets in the article).
    base
        The sentence's offset in the article.

    Returns
    -------
    bool
        True when :data:`~eventstudy.draft.words.CAUSE` matches between them.
    """
    if r.start < t.start:
        return CAUSE.search(text, r.end - base, t.start - base) is not None
    return CAUSE.search(text, t.end - base, r.start - base) is not None


def background_date(text: str, t: TimeOfDay, r: TimeRef, base: int) -> bool:
    """Whether date ``r`` dates an after/before/since clause the time ``t`` lies outside.

    "The Senate passed the bill shortly before 1 a.m., and the House voted around midday
    ... after a handful of provisions ran afoul of Senate rules late Tuesday": Tuesday is
    the background's day; the clocks tell happenings of their own.

    Parameters
    ----------
    text
        The sentence.
    t, r
        The time of day and the date phrase (offsets in the article).
    base
        The sentence's offset in the article.

    Returns
    -------
    bool
        True when the date's clause is such a subordinate clause and the time lies before
        it, across the cue.
    """
    c = clause_at(text, r.start - base)
    return (c.kind == "subordinate" and c.marker.split()[-1] in ("after", "before", "since")
            and t.end - base <= c.start and across_cause(text, t, r, base))


def _dates_nothing(text: str, pos: int) -> bool:
    """Whether a date phrase at ``pos`` dates no happening (clause reader, docs/draft.md).

    The mover's own path ("after falling 2% on Monday"), a period ("the year that
    began this month"), a state or a market's trading ("remained strong on Friday").
    """
    return (in_own_path(text, pos) or in_period_clause(text, pos) or in_state_clause(text, pos)
            or describes_day(text, pos) or in_market_talk(text, pos) or anniversary(text, pos)
            # ("said he was unhappy with the talks that produced a truce over the weekend":
            # the day of what the words are about, not of the words)
            or in_said_about_clause(text, pos))


_AFTER_HEAD = re.compile(r"\b(?:after|before|since)\s*$", re.IGNORECASE)


def _told_after(text: str, pos: int, srefs: list[TimeRef], base: int) -> int | None:
    """Where the happening a date at ``pos`` dates starts, when it is told after "after".

    "X came days after Y said on Monday ...": a date in a clause opened by
    after/before/since, whose head dates nothing, dates that clause's happening
    (Y's), not the head's subject; returns the clause's start, else ``None``.
    """
    c = clause_at(text, pos)
    if c.kind != "subordinate" or not _AFTER_HEAD.search(c.marker):
        return None
    if any(r.start - base < c.start for r in srefs):
        return None  # the head has its own date
    return c.start


def _opening_date(sent: Sentence, srefs: list[TimeRef],
                  spans: list[tuple[int, int]]) -> list[TimeRef]:
    """Return the date opening the grammatical clause of the sentence's first move, if any.

    "In New York on Tuesday, the Dow fell 551 points after Target reported ...": the
    comma-split move clause starts at "the Dow", but "on Tuesday" opens the clause
    (clause reader), so it is the move's day -- and the day of its undated cause.
    """
    if not spans:
        return []
    start = clause_at(sent.text, spans[0][0]).start
    return [r for r in srefs if not r.is_range
            and start <= r.start - sent.start < spans[0][0]
            and clause_at(sent.text, r.start - sent.start).start == start][:1]


#: a non-restrictive relative clause: ", which sets policy again next Wednesday"
_RELATIVE = re.compile(r",\s+(?:which|who)\s+(?!also\b)")


def relative(text: str, t: int, r: int) -> int | None:
    """Return where a relative clause holding the date at ``r`` starts after the clock at ``t``.

    "A reading on consumer prices released at 8:30 a.m. ... showed inflation flat, easing
    pressure on the Federal Reserve, which sets policy again next Wednesday": the clock is
    the reading's, the date the Fed's; ``None`` when no such clause parts them.
    """
    starts = [m.start() for m in _RELATIVE.finditer(text, t, r)]
    return starts[-1] if starts else None


#: a market's clock named by its day: "after Wednesday's close", "before Monday's open"
_CLOCK_OF_DAY = re.compile(r"(?:after|before)\s+\w+day['’]s\s+(?:close|open|bell)", re.I)


def _dated_events(
    sent: Sentence, srefs: list[TimeRef], stimes: list[TimeOfDay],
    clauses: list[tuple[int, int]], home: str | None = None,
) -> tuple[list[Happening], list[TimeOfDay]]:
    """Events dated in one sentence (times attached); also the times left over.

    ``home`` is the market of the story's lead: its own earlier path, told in the past
    perfect ("The Shanghai index had closed at its lowest level ... on Thursday"), dates
    nothing; another market's ("In New York on Wednesday, the Dow had dropped 832
    points", in a Hong Kong story) is news the story's market reacted to.
    """
    base = sent.start
    eventful = [r for r in srefs if (not inside(r.start - base, clauses)
                                     or since_news(sent.text, r.start - base)
                                     or other_market_day(sent.text, r.start - base)
                                     or _in_cause(sent.text, r.start - base, clauses)
                                     or dated_ahead(sent.text, r.start - base))
                and not path_end(sent.text, r.start - base)
                and not home_path(sent.text, r.start - base, home)
                # (the day of a happening told ahead in a move's clause is no move's:
                # "slipped on Tuesday before the lenders open their books on Thursday")
                and not (market_move_date(sent.text, r.start - base, home)
                         and not dated_ahead(sent.text, r.start - base))
                and not (_when_move(sent.text, r, base, clauses)
                         and not _other_market_session(sent.text, r.start - base, home))
                and not (_dates_nothing(sent.text, r.start - base)
                         # ("remain closed on Monday for Easter Monday" is a closure, not a
                         # state; "after sliding on Wednesday, when the Journal reported
                         # ...", the when-clause's news)
                         and closure_span(sent.text, r.start - base) is None
                         and not when_news(sent.text, r, base))]
    # (a day inside a market clock in a move's clause, "after a regulatory filing after
    # Wednesday's close", dates the cause the clock follows: causes.py drafts it, timed)
    mv = [m for m in moves(sent.text) if inside(m[0], clauses)]
    cause = cause_span(sent.text, mv[0][0]) if mv else None
    eventful = [r for r in eventful if cause is None or not any(
        t.start <= r.start < t.end and 0 <= t.start - base - cause[1] <= 3
        and _CLOCK_OF_DAY.match(t.text) for t in stimes)]
    shut = {id(r): c for r in eventful if (c := closure_span(sent.text, r.start - base))}
    same: dict[tuple[dt.date, dt.date, bool], TimeRef] = {}
    for r in sorted(eventful, key=lambda r: r.speech):
        same.setdefault((r.first, r.last, id(r) in shut), r)
    eventful = [r for r in eventful if same[(r.first, r.last, id(r) in shut)] is r]
    # (not a day named back, "results ... the same day" after "a two-day meeting, which
    # begins on Tuesday": another happening on one of the range's days)
    days = [r for r in eventful if not r.is_range and r.kind != "same_day"]
    eventful = [r for r in eventful
                if not (r.is_range and any(r.first <= d.first <= r.last for d in days))]
    # (a happening's clock told after a wait cue in a move's clause is the happening's:
    # "jumped ahead of its quarterly report after the close on Wednesday")
    times = [t for t in stimes if not inside(t.start - base, clauses)
             or dated_ahead(sent.text, t.start - base)
             # "reported its results after the market closed Wednesday": the clock of the
             # day told right after it, a happening's (not the move's)
             or any(0 <= r.start - t.end <= 4 for r in eventful)]
    out: list[Happening] = []
    key = keyword(sent.text)
    for r in eventful:
        words = content_words(strip_refs(sent, srefs))
        if clauses:  # a move sentence: the event is what its own clause says (and its cause)
            cs, ce = clause_span(sent.text, r.start - base)
            nxt = CAUSE.match(sent.text, ce) or CAUSE.match(sent.text, ce + 1)
            if nxt and not _SINCE_BEFORE.search(sent.text, cs, r.start - base):
                # (not for the start of a span, "since the crash ... on March 10, after the
                # planemaker said ...": that cause is the move's, not the crash's)
                ce = clause_span(sent.text, nxt.end() + 1)[1]
            words = content_words(sent.text[cs:r.start - base] + " " + sent.text[r.end - base:ce])
            if inside(r.start - base, clauses):  # a since-clause's news (since_news): its words
                sc = clause_at(sent.text, r.start - base).start
                words = content_words(sent.text[sc:r.start - base] + " "
                                      + sent.text[r.end - base:])
        title = title_of(sent, srefs)
        rkey = key
        rel = next((p for t in times if (p := relative(sent.text, t.start - base,
                                                        r.start - base)) is not None), None)
        if rel is not None:  # the relative clause's happening, not the clocked news before it
            words, rkey = content_words(sent.text[rel:]), keyword(sent.text[rel + 1:])
        told = None if clauses else _told_after(sent.text, r.start - base, srefs, base)
        if told is not None:  # "Powell's speech came days after Trump told Reuters ... on
            # Monday": Monday's happening is Trump's, not the speech's
            words = content_words(sent.text[told:r.start - base] + " " + sent.text[r.end - base:])
            rkey = keyword(sent.text[told:])
        if id(r) in shut:  # "when U.S. markets were closed for Good Friday": its own event
            cs, ce = shut[id(r)]
            words, rkey = content_words(sent.text[cs:ce]), "market-closure"
            title = " ".join(sent.text[cs:ce].split())
        elif shut:
            words = words - set().union(*(content_words(sent.text[a:b]) for a, b in shut.values()))
        if len(eventful) > 1:
            title = f"{title} ({' '.join(r.text.split())})"
        pair = _BOTH.search(sent.text, max(0, r.start - base - 160), r.start - base)
        if pair is not None:  # "Chinese trade figures and the U.S. employment report, both
            # due on Friday": two happenings on one date
            for part in (pair.group("a"), pair.group("b")):
                out.append(Happening(r, sent, keyword(part), content_words(part),
                                     " ".join(part.split()), review=[r.review] if r.review
                                     else [], mentions=[(sent, r)]))
            continue
        out.append(Happening(r, sent, rkey, words, title,
                             announcement=r.speech and len(eventful) > 1,
                             review=[r.review] if r.review else [], mentions=[(sent, r)]))
    left = []
    single = [e for e in out if not e.ref.is_range]
    for t in times:
        # (not across a cause cue: "In New York on Tuesday, the Dow fell after Target
        # reported ... before the opening bell" -- the time is the cause's)
        target = _nearest(t, [e for e in out if _same_clause(sent.text, t.start - base,
                                                             e.ref.start - base)
                              and not across_cause(sent.text, t, e.ref, base)
                              and relative(sent.text, t.start - base, e.ref.start - base)
                              is None])
        if target is None and len(single) == 1 and not is_midnight(t) and _NEWS.search(
                sent.text[max(0, t.start - base - 40):t.start - base]):
            # "held rates steady on Wednesday and ... in its statement, released at 2 p.m.":
            # a time naming the news of the sentence's only dated happening
            target = single[0]
        if is_midnight(t) and target is not None and clause_span(
                sent.text, t.start - base) != clause_span(sent.text, target.ref.start - base):
            # "announced ... on Thursday, saying the duties take effect at midnight": the
            # end of Thursday is another happening, on Friday
            out.append(midnight_event(sent, t, target.ref.first))
        elif target is not None and is_midnight(t) and _lapsed(sent.text, t.start - base):
            # "Federal funding lapsed at midnight Friday": the end of Friday, so what
            # follows (the shutdown) starts on the next day
            after = target.ref.first + dt.timedelta(days=1)
            target.ref = replace(target.ref, first=after, last=after,
                                 rule=f"{target.ref.rule}; midnight of a lapse: the next day")
            target.review.append(f"'{t.text}' read as the end of the day, so "
                                 f"{after:%Y-%m-%d}; check")
        elif target is not None and is_midnight(t):  # "at midnight on Friday": that day
            target.review.append(f"'{t.text}' read as the day {target.ref.first:%Y-%m-%d} "
                                 "without a time (midnight may be its start or its end); check")
        elif target is not None and target.time is None:
            target.time = t
        else:
            left.append(t)
    return out, left
