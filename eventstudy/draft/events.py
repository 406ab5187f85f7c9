"""Candidate events: which time references date a happening, their times, and merging.

Rules (documented with examples in docs/draft.md)
-------------------------------------------------
Dated events
    A date reference outside the clause of a market-move word dates an event
    (one inside it, "stocks slipped on Monday", dates the move). In one
    sentence, references resolved to the same day give one event, and a range
    holding a day of the same sentence ("this week ... tomorrow") gives way to
    that day. When a sentence dates several things and one follows a speech
    verb ("said on Thursday that ... talks in the week of Jan. 7"), that one is
    the *announcement*.
Undated causes
    A move word followed by a cause cue ("fell on Wednesday after the company
    cut its forecast") whose cause text holds no date, and shares no content
    word with an event already found, is an event of its own: dated by the
    move's date (its clause, else the previous sentence's move, else the
    dateline) and always marked for review. A market's own path ("after being
    down earlier in the session") and a mood ("helped by hopes for ...") are
    not events.
Times of day
    A time in a sentence with dated events goes to the nearest single-day event
    of that sentence; a time inside an undated cause goes to that cause's
    event; a time in a sentence without dates times the previous event when it
    has no time yet and the sentence is about it (shared word, back-reference,
    or the same kind of news as an undated cause: "report" ... "report"), else
    starts a new event on the previous event's day (marked). A time in a move
    clause ("fell in after-hours trading") times nothing.
Merging (one event per happening)
    :mod:`eventstudy.draft.merge`.
The headline (a first sentence without closing punctuation) dates nothing.
Undated tellings and news, and "at midnight", are :mod:`eventstudy.draft.news`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from eventstudy.draft.clauses import SPEECH, clause_at, split_clauses
from eventstudy.draft.merge import ALSO, RESULTS, merge
from eventstudy.draft.news import (
    MOVER_DOER,
    Happening,
    days_from,
    implied_ref,
    inside,
    is_midnight,
    midnight_event,
    names_agree,
    names_of,
    other_doer,
    teller_missing,
    undated_announcement,
    undated_news,
)
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import (
    describes_day,
    in_own_path,
    in_period_clause,
    in_state_clause,
    own_participle,
    reads_forward,
)
from eventstudy.draft.sessions import (
    closure_span,
    foreign_session,
    had_moved,
    home_path,
    market_move_date,
    other_market,
    own_path,
    record_date,
)
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import TimeOfDay, market_named
from eventstudy.draft.words import (
    CAUSE,
    DEMONYMS,
    UniqueIds,
    cause_span,
    clause_span,
    content_words,
    figure_before,
    keyword,
    moves,
    names_same,
    path_end,
    slug,
    strip_refs,
    title_of,
)


@dataclass(frozen=True)
class DraftEvent:
    """A candidate event: one happening, with every reference to it.

    Attributes
    ----------
    id, title
        Drafted identifier and title.
    ref
        The first date reference (for an undated cause: a reference of kind
        ``implied`` spanning the cause text).
    sentence
        The sentence of ``ref``.
    announcement
        The reference follows a speech verb in a sentence dating something else.
    review
        Questions for a human (``TODO(human)``).
    time
        The time of day, when the text gives one.
    mentions
        Every ``(sentence, reference)`` merged into this event, ``ref`` first.
    words
        Content words naming the happening (its clause in a move sentence, else its
        sentence, or the cause text), used to attribute moves.
    """

    id: str
    title: str
    ref: TimeRef
    sentence: Sentence
    announcement: bool = False
    review: tuple[str, ...] = ()
    time: TimeOfDay | None = None
    mentions: tuple[tuple[Sentence, TimeRef], ...] = ()
    words: frozenset[str] = frozenset()

    @property
    def implied(self) -> bool:
        """Whether the event is an undated cause dated by its move."""
        return self.ref.kind == "implied"

    @property
    def when(self) -> dt.date | dict[str, dt.date] | str:
        """The study-file ``when``: a date, ``{from, to}``, or ``"YYYY-MM-DDTHH:MM"``."""
        if self.time is not None and not self.ref.is_range and self.time.timezone:
            return f"{self.ref.first:%Y-%m-%d}T{self.time.time:%H:%M}"
        return self.ref.when

    @property
    def timezone(self) -> str | None:
        """The zone of :attr:`when` when it has a time."""
        return self.time.timezone if self.time is not None and isinstance(self.when, str) else None


def is_headline(sentences: list[Sentence]) -> bool:
    """Whether the first sentence is a headline (no closing punctuation)."""
    return bool(sentences) and sentences[0].text.rstrip()[-1:] not in ".!?\"'”’)"


def _nearest(t: TimeOfDay, evs: list[Happening]) -> Happening | None:
    days = [e for e in evs if not e.ref.is_range]
    return min(days, key=lambda e: abs(e.ref.start - t.start), default=None)


_MOVE_CAUSE = re.compile(
    r"\s*(?:being|having\s+been|trading|opening|closing|ending)\s+(?:\w+\s+)?"
    r"(?:down|up|higher|lower|sharply|as\s+much)\b", re.IGNORECASE)
# "helped by hopes for renewed purchases", "on fears of ...": a mood, not a happening --
# the news behind it is one of the article's dated events
_MOOD = re.compile(r"\b(?:hopes?|fears?|worries|worry|optimism|pessimism|concerns?|expectations?"
                   r"|bets?|doubts?|uncertainty|sentiment|speculation)\b", re.IGNORECASE)
# "as the weaker euro lifted exporters": a market's level, not a happening -- the news
# behind it is one of the article's dated events
_LEVEL = re.compile(r"\s*(?:a|the)\s+(?:weaker|stronger|firmer|softer|cheaper|dearer"
                    r"|higher|lower|rising|falling|sliding|surging)\s+[\w$-]+[\s.]*", re.IGNORECASE)
# "after the yen jumped", "after oil surged": another market's move, named, is news (not
# the mover's own path, "after falling 600 points")
_OTHER_MOVER = re.compile(r"(?:the\s+)?(?:yen|dollar|euro|pound|sterling|yuan|oil|gold|copper"
                          r"|bitcoin|lira|peso|rupee|rouble|ruble|won|franc)\s+\w+", re.IGNORECASE)
# "after the week-long Lunar New Year holiday": a market's calendar, not news
_BREAK = re.compile(r"\s*(?:the|a|its|their)\s+(?:[\w'’-]+\s+){0,4}(?:holidays?|break|recess)"
                    r"[\s.]*", re.IGNORECASE)
# "a day after it closed above the 30,000 mark": the mover itself, told by a pronoun, at a
# level or close -- its own path, not news
_OWN_LEVEL = re.compile(r"\s*(?:it|they)\s+(?:had\s+)?(?:closed|ended|finished|opened|settled"
                        r"|touched|topped|crossed|breached|broke|hit|reached|rose|fell|climbed"
                        r"|dropped|jumped|slid|surged|tumbled)\b", re.IGNORECASE)
# "having fallen 0.3 percent shortly after the open": a point of the session, not a cause
_SESSION_POINT = re.compile(r"\s*(?:the\s+)?(?:(?:market['’]s\s+)?open(?:ing(?:\s+bell)?)?|close"
                            r"|closing\s+bell|bell|start\s+of\s+trading)"
                            # (the span may run on: "after the open and finished up 58 points")
                            r"(?=[\s.,;]*$|\s+and\s|\s*[,;])", re.IGNORECASE)
_WHEN_AFTER = re.compile(r",?\s+when\b")
_SINCE_BEFORE = re.compile(r"\bsince\b[^,;]*$")
_THAT_DAY = re.compile(r"\b(?:on\s+)?(?:that|the\s+same)\s+day\b", re.IGNORECASE)
_TIME_CLAUSE = re.compile(r"[;—–]|\b(?:and|but|while)\b")


def _when_move(text: str, r: TimeRef, base: int, clauses: list[tuple[int, int]]) -> bool:
    """Whether ``r`` is the day of a move told in the when-clause right after it.

    "a sharp turnaround from Friday, when the Dow fell as much as 350 points": Friday is
    the Dow's session, not news (its undated cause takes that day: :func:`find_events`).
    """
    return (not r.is_range and _WHEN_AFTER.match(text, r.end - base) is not None
            and any(a >= r.end - base for a, _ in clauses))


def _lapsed(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a clause telling a past lapse ("funding lapsed at midnight")."""
    c = clause_at(text, pos)
    return c.base in _ENDS and c.tense == "past"


def _same_clause(text: str, a: int, b: int) -> bool:
    """Whether sentence positions ``a`` and ``b`` lie in one clause (for times of day)."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo < m.start() < hi for m in _TIME_CLAUSE.finditer(text, lo, hi))


def _dates_nothing(text: str, pos: int) -> bool:
    """Whether a date phrase at ``pos`` dates no happening (clause reader, docs/draft.md).

    The mover's own path ("after falling 2% on Monday"), a period ("the year that
    began this month"), a state or a market's trading ("remained strong on Friday").
    """
    return (in_own_path(text, pos) or in_period_clause(text, pos) or in_state_clause(text, pos)
            or describes_day(text, pos))


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
    eventful = [r for r in srefs if not inside(r.start - base, clauses)
                and not path_end(sent.text, r.start - base)
                and not home_path(sent.text, r.start - base, home)
                and not market_move_date(sent.text, r.start - base, home)
                and not _when_move(sent.text, r, base, clauses)
                and not (_dates_nothing(sent.text, r.start - base)
                         # ("remain closed on Monday for Easter Monday" is a closure, not a
                         # state)
                         and closure_span(sent.text, r.start - base) is None)]
    shut = {id(r): c for r in eventful if (c := closure_span(sent.text, r.start - base))}
    same: dict[tuple[dt.date, dt.date, bool], TimeRef] = {}
    for r in sorted(eventful, key=lambda r: r.speech):
        same.setdefault((r.first, r.last, id(r) in shut), r)
    eventful = [r for r in eventful if same[(r.first, r.last, id(r) in shut)] is r]
    days = [r for r in eventful if not r.is_range]
    eventful = [r for r in eventful
                if not (r.is_range and any(r.first <= d.first <= r.last for d in days))]
    times = [t for t in stimes if not inside(t.start - base, clauses)]
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
        title = title_of(sent, srefs)
        rkey = key
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
                              and not (e.ref.start < t.start and CAUSE.search(
                                  sent.text, e.ref.end - base, t.start - base))])
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


_BACK = re.compile(r"\s*(?:It|He|She|They|The\s+(?:company|ministry|bank|agency|central\s+bank"
                   r"|lender|carmaker|automaker|chipmaker|planemaker|insurer|retailer|airline"
                   r"|government|White\s+House|president|regulator|report|data|figures|decision"
                   r"|statement|announcement|move|cut|results)"
                   # "The world's largest farm equipment maker, which reported ...": the
                   # company just told, named by what it is
                   r"|The\s+(?:[\w'’-]+\s+){0,5}(?:maker|carmaker|automaker|chipmaker|company"
                   r"|firm|group|retailer|lender|airline|insurer|manufacturer|giant)(?=\s*,))\b")
# "after the figures", "after an executive made the comment": the news already told
_CAUSE_BACK = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:the|his|her|its|their)\s+(?:[\w-]+['’]s\s+)?"
                         r"(?:news|figures|data"
                         r"|announcement|report"
                         r"|decision|results|move|remarks|statement|comments?)\b", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"\bthe\s+(?:announcement|report|decision|statement|remarks|comments|news|move|tweets?"
    r"|ruling|lawsuit|complaint|deal|agreement|threat|proposal|warning|plan|order|letter"
    r"|results|earnings|forecast|guidance|figures)\b"
    # "It was disclosed by Canada's justice department late on Wednesday"
    r"|^\s*(?:It|This|That)\s+was\s+(?:first\s+)?(?:disclosed|announced|reported|confirmed"
    r"|revealed|made\s+public)\b",
    re.IGNORECASE)


def _dates_anaphor(ev: Happening) -> bool:
    """Whether the event's date phrase dates "the announcement/report/..." of its clause."""
    text, pos = ev.sentence.text, ev.ref.start - ev.sentence.start
    # "The report came hours after Trump said on Thursday": the date is another happening's
    return any(_same_clause(text, m.start(), pos)
               and not _RELATIVE.search(text, min(m.end(), pos), max(m.start(), pos))
               for m in _ANAPHOR.finditer(text))


# ("after the bell", "before the open" say when, not another happening)
_RELATIVE = re.compile(r"\b(?:after|before|since|following|ahead\s+of)\b(?!\s+(?:the\s+)?"
                       r"(?:\w+\s+){0,2}(?:bell|close[ds]?|closing|open(?:ed|s)?|opening)\b)",
                       re.IGNORECASE)


def _implied_events(
    sent: Sentence, srefs: list[TimeRef], times: list[TimeOfDay],
    clauses: list[tuple[int, int]], dated: list[Happening], move_day: tuple[dt.date, str],
    by_sentence: dict[int, list[Happening]],
    by_word: dict[str, list[Happening]] | None = None,
    all_times: list[TimeOfDay] | None = None,
) -> tuple[list[Happening], list[TimeOfDay], bool]:
    """Return the undated cause of a move, or the report of a future one (module docs).

    The flag says whether the move's cause was read (drafted here, or found to be a
    dated event): its news is then not drafted again as undated news.

    ``by_word`` indexes the dated events that date an anaphor ("made the announcement
    on Sunday") by their content words, so the look-up stays cheap in a long article.
    """
    mv = [m for m in moves(sent.text) if inside(m[0], clauses)
          and figure_before(sent.text, m[0], clause_span(sent.text, m[0])[0]) is None]
    span = cause_span(sent.text, mv[0][0]) if mv else None
    foreign = other_market(sent.text, span) if span is not None else None
    head = sent.text[span[0]:span[0] + 30].lstrip()[:15] if span is not None else ""
    if span is None or (not foreign and ((moves(head) and not _OTHER_MOVER.match(head))
                                         or _LEVEL.fullmatch(sent.text, span[0], span[1])
                                         or _BREAK.fullmatch(sent.text, span[0], span[1])
                                         or own_path(sent.text[span[0]:span[0] + 40].lstrip())
                                         or own_participle(sent.text[span[0]:span[0] + 40])
                                         or _OWN_LEVEL.match(sent.text, span[0])
                                         or _SESSION_POINT.match(sent.text, span[0], span[1]))
                        ) or _MOVE_CAUSE.match(
            sent.text, span[0]) or _MOOD.search(sent.text, max(0, span[0] - 12), span[0] + 25):
        # no cause, or the "cause" is an earlier move ("after falling 600", "after being
        # down earlier in the session"): a market's own path is not news
        return [], times, False
    base = sent.start
    cause = sent.text[span[0]:span[1]]
    in_cause = [r for r in srefs if span[0] <= r.start - base < span[1]]
    day, how = move_day
    stamp: TimeOfDay | None = None
    if not in_cause and span[0] > mv[0][0] and re.search(
            r"\b(?:a|one|the)\s+day\s+after$", sent.text[:span[0]], re.IGNORECASE):
        day, how = day - dt.timedelta(days=1), f"the day before {how} ('a day after')"
    if not in_cause:
        day, how = foreign_session(sent.text, span, day, how)
        # "reported results ... after Wednesday's close": a time right after the cause,
        # dated by its own day, dates the cause
        for t in all_times or ():
            r = next((r for r in srefs if t.start <= r.start < t.end and not r.is_range), None)
            if r is not None and 0 <= t.start - base - span[1] <= 3:
                day, how, stamp = r.first, f"the day of its time '{t.text}'", t
    words = content_words(cause)
    near = [e for i in (sent.index + 1, sent.index + 2) for e in by_sentence.get(i, ())]
    sharing = {id(e): e for w in words for e in (by_word or {}).get(w, ())}
    if any(e.sentence is not sent and e.ref.first <= day
           and (0 < e.sentence.index - sent.index <= 2 or words & e.words)
           for e in [e for e in near if _dates_anaphor(e)] + list(sharing.values())):
        # "Trump made the announcement on Sunday": the text dates it; told in the very
        # next sentence, the cause's words name that event too
        nxt = next((e for e in by_sentence.get(sent.index + 1, ())
                    if e.ref.first <= day and _dates_anaphor(e)), None)
        if nxt is not None:
            nxt.words |= words
        return [], times, True
    if in_cause:
        # "after a report that a delegation will travel ... in the week of Jan. 7": the
        # report reached the market, not the trip -- unless the text dates the report
        others = [e for e in dated if e.sentence is not sent]
        if not all(r.last > day for r in in_cause) or any(
                e.announcement for e in dated if e.sentence is sent) or any(
                names_same(content_words(strip_refs(sent, in_cause)), e.words) for e in others):
            return [], times, True
    elif not words or _CAUSE_BACK.match(cause):
        return [], times, True  # "after the figures": the news is a dated event
    else:
        own = MOVER_DOER.match(cause) is not None
        # "Ford shares fell after the auto maker cut its outlook" + "Ford said after the
        # market closed Wednesday ...": the mover's own news, told dated just after
        mover = set(_CAPS.findall(sent.text, 0, mv[0][0])) - _CAP_STOP if own else set()
        same = next((e for e in dated if mover and e.sentence is not sent
                     and 0 < e.sentence.index - sent.index <= 3 and e.ref.first <= day
                     and mover & set(_CAPS.findall(e.sentence.text, 0,
                                                   e.ref.start - e.sentence.start))), None)
        # "after the Senate voted to end the shutdown" + "Senators voted 81-18 on Monday":
        # the same verb on the move's day, told within a few sentences -- one happening
        verb = split_clauses(cause)[0].base if cause.strip() else ""
        same = same or next((e for e in dated if verb and verb not in _LIGHT_VERBS
                             and e.sentence is not sent and e.ref.first == day
                             and 0 < e.sentence.index - sent.index <= 6
                             and clause_at(e.sentence.text, e.ref.start - e.sentence.start
                                           ).base == verb), None)
        # -- or by a back-reference to the doers just named, on a day up to the move's
        # ("after Amazon, Alphabet and Intel reported results" + "The four companies
        # reported after the bell on Thursday"; a telling verb counts here)
        same = same or next((e for e in dated if verb and verb not in _LIGHT_VERBS - SPEECH
                             and e.sentence is not sent and e.ref.first <= day
                             and 0 < e.sentence.index - sent.index <= 3
                             and _DOERS_BACK.match(e.sentence.text)
                             and clause_at(e.sentence.text, e.ref.start - e.sentence.start
                                           ).base == verb), None)
        # "after Tencent reported better-than-expected earnings" + "The internet giant said
        # after the market closed on Wednesday that net profit rose": the company, named by
        # what it is, telling the same results
        same = same or next((e for e in dated if e.sentence is not sent
                             and 0 < e.sentence.index - sent.index <= 3 and e.ref.first <= day
                             and _COMPANY_BACK.match(e.sentence.text)
                             and words & RESULTS
                             and content_words(e.sentence.text) & RESULTS), None)
        same = same or next((e for e in dated if not (own and other_doer(e, cause)) and (
                     (names_same(words, e.words) and e.ref.first <= day
                      and names_agree(cause, e))
                     or (e.sentence.index - sent.index == 1 and e.ref.first <= day
                         and (words & e.words) - names_of(e) - DEMONYMS
                         and not teller_missing(cause, e))
                     # "tracking a plunge on Wall Street" + "In New York on Wednesday, the
                     # Dow had dropped 832 points": that market's move of that day, told
                     or (foreign is not None and e.ref.first == day
                         and market_named(e.sentence.text) == foreign
                         and had_moved(e.sentence.text) is not None))), None)
        if same is not None:  # the cause is a dated event, or its details follow: one
            same.words |= words  # happening, which the cause's words name too
            return [], times, True
    # the cause's own time, even where the comma-split move clause runs over it ("rose 6.3
    # percent after the planemaker forecast higher profits before the opening bell")
    here = [t for t in times if span[0] <= t.start - base] or [
        t for t in all_times or () if span[0] <= t.start - base < span[1]]
    ref = implied_ref(sent, span, day, how)
    title = " ".join(cause.split()[:8]).strip(" ,.;:") + "..."
    if in_cause:
        title = "report: " + title
    ev = Happening(ref, sent, keyword(cause), words, title,
                   announcement=bool(in_cause), review=[ref.review], mentions=[(sent, ref)],
                   time=here[0] if here else stamp)
    return [ev], [t for t in times if t not in here], True


#: two news nouns sharing one date: "to Chinese trade figures and the U.S. employment
#: report, both due on Friday"
_BOTH = re.compile(r"\b(?:to|for|on|at|awaiting|await|watching)\s+(?P<a>[^,;]{3,60}?)\s+and\s+"
                   r"(?P<b>[^,;]{3,60}?),\s*both\s+(?:(?:due|scheduled|expected|set)\s+)?"
                   r"(?:out\s+)?(?:on\s+|for\s+)?$")
#: a sentence opening with the company just told, named by what it is: "The internet giant
#: said ..."
_COMPANY_BACK = re.compile(r"\s*The\s+(?:[\w'’-]+\s+){0,3}(?:maker|giant|company|firm|group"
                           r"|lender|bank|carmaker|automaker|retailer|insurer|airline|chipmaker"
                           r"|planemaker|conglomerate|operator|producer)\s+(?:said|reported"
                           r"|posted|announced|forecast|warned)\b")
#: a sentence opening with the doers just named: "The four companies", "Both banks", "They"
_DOERS_BACK = re.compile(r"\s*(?:They|Both(?:\s+\w+)?|All\s+(?:two|three|four|five)(?:\s+\w+)?"
                         r"|The\s+(?:two|three|four|five|six)\s+\w+|The\s+(?:companies|firms"
                         r"|banks|lenders|carmakers|automakers|chipmakers|groups|retailers))\b")
#: verbs too common to tell one happening by ("said", "was", "had")
_LIGHT_VERBS = SPEECH | frozenset("be have do make get take give see".split())
#: verbs of a lapse: at midnight they end a day ("funding lapsed at midnight Friday")
_ENDS = frozenset("lapse expire run end".split())
_SAME_TIME = re.compile(r"\bat\s+the\s+same\s+time\b(?:\s+as\s+(?P<name>[A-Z][\w&.-]*))?")
_CAPS = re.compile(r"\b[A-Z][a-z]+\b")
_CAP_STOP = frozenset("The A An In On At After Shares Stock Stocks Its It".split())
_NEWS = re.compile(r"\b(?:report|data|figures|statement|announcement|decision|survey|results"
                   r"|remarks|comments|speech|interview|tweets?|forecast|index)\b", re.IGNORECASE)


def _same_news(text: str, prev: Happening) -> bool:
    """Whether a sentence and an undated cause name the same kind of news.

    "... after a government report showed ..." then "The Labor Department's report was
    released at 8:30 a.m.": the time is the report's.
    """
    if prev.ref.kind != "implied":
        return False
    kinds = {m.group().lower().rstrip("s") for m in _NEWS.finditer(prev.ref.text)}
    return any(m.group().lower().rstrip("s") in kinds for m in _NEWS.finditer(text))


def _home_market(body: list[Sentence], city: str | None) -> str | None:
    """Return the story's own market: the lead mover's, the dateline city's, the first named."""
    lead = next((s for s in body if moves(s.text)), None)
    if lead is not None and (m := market_named(lead.text[:moves(lead.text)[0][0]])):
        return m
    if city and (m := market_named(city.split("/")[0].strip().title())):
        return m
    return next((m for s in body if (m := market_named(s.text))), None)


#: the lead's own move told "overnight" before any cause: "Wall Street finished higher
#: overnight as ..." (not "Asian stocks rose, tracking Wall Street's gains overnight")
_OVERNIGHT_HEAD = re.compile(r"^(?:(?!\b(?:as|after|tracking|following|on|while|when|but)\b)"
                             r"[^,;:])*?\bovernight\b", re.IGNORECASE)


def _overnight_session(lead: str, dateline: dt.date) -> dt.date | None:
    """Return the session before the dateline when the lead tells its move "overnight".

    A newsroom far from the market (Sydney, Tokyo) writes the next morning: "Wall Street
    finished higher overnight" is the previous weekday's session, and so is its undated
    news ("after it beat forecasts before the opening bell"). ``None`` otherwise.
    """
    if not _OVERNIGHT_HEAD.search(lead) or not moves(lead):
        return None
    d = dateline - dt.timedelta(days=1)
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


def find_events(
    sentences: list[Sentence],
    refs: dict[int, list[TimeRef]],
    times: dict[int, list[TimeOfDay]],
    clauses: dict[int, list[tuple[int, int]]],
    dateline: dt.date,
    city: str | None = None,
) -> list[DraftEvent]:
    """Candidate events of the article, merged, in order of first mention.

    ``city`` is the wire dateline's city: its market is the story's own market when the
    lead's mover names none ("TOKYO ... - Asian shares tumbled ..., tracking a rout on
    Wall Street": Tokyo's, not Wall Street's).
    """
    skip = 0 if is_headline(sentences) else -1
    body = [s for s in sentences if s.index != skip]
    dated: dict[int, list[Happening]] = {}
    left: dict[int, list[TimeOfDay]] = {}
    home = _home_market(body, city)
    for sent in body:  # pass 1: dated events, so an undated cause can be matched to any
        dated[sent.index], left[sent.index] = _dated_events(
            sent, refs.get(sent.index, []), times.get(sent.index, []),
            clauses.get(sent.index, []), home)
    all_dated = [e for k in dated for e in dated[k]]
    by_word: dict[str, list[Happening]] = {}
    for e in all_dated:  # only the events whose date dates "the announcement/report"
        if _dates_anaphor(e):
            for w in e.words:
                by_word.setdefault(w, []).append(e)
    built: list[Happening] = []
    story_day = _overnight_session(body[0].text, dateline) if body else None
    base_day: tuple[dt.date, str] = ((story_day, "the session the lead tells 'overnight'")
                                     if story_day is not None else (dateline, "the dateline"))
    move_day: tuple[dt.date, str] = base_day
    last_move_sentence = -10
    carry = True
    for sent in body:  # pass 2: undated causes and times without dates, in text order
        srefs, spans = refs.get(sent.index, []), clauses.get(sent.index, [])
        own = [r for r in srefs if inside(r.start - sent.start, spans) and not r.is_range
               and not record_date(sent.text, r.start - sent.start)
               # "extending their losses since the crash ... on March 10": a span's start,
               # not the move's session
               and not _SINCE_BEFORE.search(sent.text, 0, r.start - sent.start)]
        opening = [] if own else _opening_date(sent, srefs, spans)
        if not own and not opening:
            # "a sharp turnaround from Friday, when the Dow fell ... after Flynn pleaded
            # guilty": the when-clause's move is that day's, and so is its undated cause
            opening = [r for r in srefs if _when_move(sent.text, r, sent.start, spans)]
        if not own and not opening and any(
                _THAT_DAY.search(sent.text, a, b + 16) for a, b in spans):
            # "The S&P 500 lost 1.9% that day, ... after ...": the day the sentence before
            # named (its last day)
            opening = [r for r in refs.get(sent.index - 1, []) if not r.is_range][-1:]
        if own or opening:
            r0 = (own or opening)[0]
            move_day = (r0.first, f"the move's date '{' '.join(r0.text.split())}'")
        elif sent.index - last_move_sentence > 1 or not carry:
            move_day = base_day
        # (a date opening the sentence -- "In New York on Tuesday, the Dow fell" -- is
        # that sentence's own; the next sentence's move does not inherit it)
        carry = not opening
        if spans:
            last_move_sentence = sent.index
        built.extend(dated[sent.index])
        built.extend(days_from(sent, dated[sent.index]))
        extra, bare, caused = _implied_events(sent, srefs, left[sent.index], spans, all_dated,
                                      move_day, dated, by_word, times.get(sent.index, []))
        if not extra:
            extra = undated_announcement(sent, dated[sent.index], spans, move_day, dated)
        if not extra and not dated[sent.index] and not caused:
            extra = undated_news(sent, spans, move_day, built[-1] if built else None,
                                 lead=sent is body[0])
        built.extend(extra)
        live = [r for r in srefs if not _dates_nothing(sent.text, r.start - sent.start)]
        for t in bare if not live else []:  # a time without a date in its sentence: time
            # the previous event, else start a new one on its day
            prev = built[-1] if built else None
            about = prev is not None and (
                bool(content_words(sent.text) & prev.words) or _BACK.match(sent.text)
                or _ANAPHOR.search(sent.text) or _CAUSE_BACK.search(sent.text)
                or _same_news(sent.text, prev))
            if is_midnight(t) and reads_forward(sent.text, t.start - sent.start):
                # "before government funding runs out at midnight": the coming midnight
                built.append(midnight_event(sent, t, dateline))
                continue
            if prev is not None and is_midnight(t) and not prev.ref.is_range:
                built.append(midnight_event(sent, t, prev.ref.first))
                continue
            if ALSO.search(sent.text, 0, t.start - sent.start):
                about = False  # "which also reported results before the bell": another one
            if prev is not None and prev.time is None and not prev.ref.is_range and about:
                prev.time = t
                continue
            # a new happening told by its time alone ("Netflix reported results after the
            # close"): the story's day, not the day of an unrelated event told before it
            # (a range told before -- "last week" -- has no one day to lend)
            near = prev is not None and not prev.ref.is_range and (
                about or sent.index - prev.sentence.index <= 1)
            ahead = reads_forward(sent.text, t.start - sent.start)
            day = prev.ref.first if near and prev is not None and not ahead else (
                dateline if ahead else move_day[0])
            how = ("the dateline (told ahead: a schedule)" if ahead else
                   "the previous event's day" if near else move_day[1])
            ts, te = t.start - sent.start, t.end - sent.start
            ref = TimeRef(text=t.text, sentence=sent.index, start=t.start, end=t.end,
                          kind="time", first=day, last=day, rule=f"time without a date: {how}",
                          review=f"'{t.text}' has no date; {day:%Y-%m-%d} ({how}) was used -- "
                          "check")
            built.append(Happening(ref, sent, keyword(sent.text),
                                   content_words(sent.text[:ts] + sent.text[te:]),
                                   title_of(sent, []), review=[ref.review], time=t,
                                   mentions=[(sent, ref)]))
    timed: dict[dt.date, list[Happening]] = {}
    for ev in built:  # "at the same time (as Tesla)": the time of that day's news told before
        same = _SAME_TIME.search(ev.sentence.text)
        if ev.time is None and not ev.ref.is_range and same and timed.get(ev.ref.first):
            prior = timed[ev.ref.first]
            named = [p for p in prior if same.group("name") and same.group("name")
                     in p.title]
            ev.time = (named or prior)[-1].time
        if ev.time is not None and not ev.ref.is_range:
            timed.setdefault(ev.ref.first, []).append(ev)
    ids = UniqueIds()
    out = []
    for ev in merge(built):
        base = f"{ev.key}-announced" if ev.announcement else ev.key
        eid = ids(f"{slug(base)}-{ev.ref.first:%Y-%m-%d}")
        review = list(ev.review) + ([ev.time.review] if ev.time and ev.time.review else [])
        if ev.time is not None and ev.time.timezone is None:
            review.append(f"'{ev.time.text}' has no time zone: the time was dropped; set "
                          "when and timezone by hand")
        out.append(DraftEvent(eid, ev.title, ev.ref, ev.sentence, ev.announcement,
                              tuple(dict.fromkeys(review)), ev.time, tuple(ev.mentions),
                              frozenset(ev.words)))
    return out
